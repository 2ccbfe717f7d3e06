"""End to end: ``python bot.py`` as a process, over HTTP to the offline Bot API."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from datetime import UTC, datetime

import pytest

from config import TOKEN_ENV
from offline import FakeTelegram, serve_http
from tests.conftest import HOST, MANAGER
from tests.factories import message, message_update
from tests.test_config import PYTHON, ROOT

# Child processes and real servers read the real wall clock (see conftest.frozen_clock).
pytestmark = pytest.mark.real_clock

TOKEN = "424242:e2e-secret-token"


@pytest.fixture
def server():
    api = FakeTelegram()
    httpd = serve_http(api)
    yield api, f"http://127.0.0.1:{httpd.server_address[1]}/bot"
    httpd.shutdown()


def start_bot(tmp_path, base_url: str) -> subprocess.Popen:
    config = tmp_path / "config.toml"
    config.write_text(f"""
[telegram]
base_url = "{base_url}"

[studio]
group_chat_id = -1001234567890
managers = [{MANAGER.id}]

[database]
url = "sqlite:///{tmp_path / 'studio.db'}"
""", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != TOKEN_ENV}
    env[TOKEN_ENV] = TOKEN
    return subprocess.Popen([PYTHON, str(ROOT / "bot.py"), "--config", str(config)],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_the_bot_starts_answers_and_stops_cleanly_on_sigterm(tmp_path, server):
    api, base_url = server
    proc = start_bot(tmp_path, base_url)
    try:
        now = datetime.now(UTC)
        api.push_update(message_update(message(HOST, "/start", chat="private", date=now)))
        api.push_update(message_update(message(HOST, "/help", chat="private", date=now)))

        def answered():
            return len([c for c in list(api.calls)
                        if c.method == "sendMessage" and c.chat_id == HOST.id]) >= 2
        assert wait_for(answered, 20), (proc.poll(), [c.method for c in api.calls])
        assert any(c.method == "setMyCommands" for c in api.calls)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert TOKEN not in out + err
    texts = [c.text for c in api.calls if c.method == "sendMessage" and c.chat_id == HOST.id]
    assert "欢迎来到" in texts[0] and "/help" in texts[1]


def test_another_instance_polling_stops_the_bot_with_one_clear_line(tmp_path, server):
    api, base_url = server
    api.fail("getUpdates", 409, times=1000,
             description="Conflict: terminated by other getUpdates request")
    proc = start_bot(tmp_path, base_url)
    try:
        out, err = proc.communicate(timeout=60)  # a 409 that lasts CONFLICT_STOP_SECONDS
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 3, err
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if "another instance" in line]
    assert len(lines) == 1, err
    assert TOKEN not in out + err


def test_a_second_copy_on_the_same_sqlite_file_refuses_and_the_first_still_answers(
        tmp_path, server):
    api, base_url = server
    first = start_bot(tmp_path, base_url)
    second = None
    try:
        assert wait_for(lambda: any(c.method == "getUpdates" for c in list(api.calls)), 20)
        second = start_bot(tmp_path, base_url)
        out, err = second.communicate(timeout=30)
        assert second.returncode == 3, err
        lines = [line for line in err.splitlines() if "another instance" in line]
        assert len(lines) == 1 and "studio.db" in lines[0], err
        assert "Traceback" not in err
        assert first.poll() is None, "the running one was left alone"
        api.push_update(message_update(message(HOST, "/help", chat="private",
                                               date=datetime.now(UTC))))
        assert wait_for(lambda: any(c.method == "sendMessage" and c.chat_id == HOST.id
                                    for c in list(api.calls)), 20)
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=20)
        assert first.returncode == 0
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.communicate()


def test_a_copy_that_refuses_never_touches_the_database(tmp_path, server):
    # A newer version started next to a running one must not migrate the file under it: the
    # lock is taken before the schema is.
    from service.backup import hold_lock

    api, base_url = server
    running = hold_lock(tmp_path / "studio.db")  # as the running bot holds it
    try:
        proc = start_bot(tmp_path, base_url)
        out, err = proc.communicate(timeout=30)
    finally:
        running.close()
    assert proc.returncode == 3, err
    assert not (tmp_path / "studio.db").exists()
    assert not api.calls  # nor Telegram
