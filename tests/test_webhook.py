"""The bot in webhook mode, as a process: Telegram (the offline API over HTTP) posts updates
with the secret token; a request without it is refused; SIGTERM stops it cleanly."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest

from config import load_settings
from offline import FakeTelegram, serve_http
from service import backup
from tests.conftest import GROUP_ID, MANAGER, TOKEN
from tests.factories import message, message_update

# Child processes and real servers read the real wall clock (see conftest.frozen_clock).
pytestmark = pytest.mark.real_clock

ROOT = Path(__file__).resolve().parent.parent
SECRET = "s3cret-Token_1-0123456789"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float = 20.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def post(url: str, update: dict, secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, json.dumps(update).encode(), headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def start_bot(tmp_path: Path, server, telegram: str = "") -> tuple[subprocess.Popen, Path]:
    """``python bot.py`` against the offline API served by ``server``; ``telegram``: more of
    the ``[telegram]`` table. Returns the process and its config file."""
    config = tmp_path / "config.toml"
    config.write_text(f"""
[telegram]
token = "{TOKEN}"
base_url = "http://127.0.0.1:{server.server_address[1]}/bot"
{telegram}
[studio]
group_chat_id = {GROUP_ID}
managers = [{MANAGER.id}]
[database]
url = "sqlite:///{tmp_path / 'studio.db'}"
""", encoding="utf-8")
    bot = subprocess.Popen([sys.executable, "bot.py", "--config", str(config)], cwd=ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return bot, config


def stop_with_sigterm(bot: subprocess.Popen) -> str:
    """SIGTERM: exit 0 with the database closed; returns all the process wrote."""
    bot.send_signal(signal.SIGTERM)
    out, err = bot.communicate(timeout=20)
    assert bot.returncode == 0, err[-2000:]
    assert "database closed" in err
    return out + err


def answered_help(api: FakeTelegram) -> bool:
    return any(c.method == "sendMessage" and c.chat_id == MANAGER.id for c in api.calls)


def test_webhook_mode_answers_with_the_secret_refuses_without_and_stops_on_sigterm(tmp_path):
    api = FakeTelegram()
    server = serve_http(api)
    port = free_port()
    bot, config = start_bot(tmp_path, server, f"""mode = "webhook"
[telegram.webhook]
listen = "127.0.0.1"
port = {port}
url = "https://bot.example.com/telegram"
path = "telegram"
secret_token = "{SECRET}"
""")
    try:
        wait_for(lambda: any(c.method == "setWebhook" for c in api.calls) and listening(port),
                 what="the webhook to be set and served")
        hook = next(c for c in api.calls if c.method == "setWebhook")
        assert hook.params["url"] == "https://bot.example.com/telegram"
        assert hook.params["secret_token"] == SECRET
        # While it runs: an online backup works, a restore is refused (the bot holds the lock).
        settings = load_settings(str(config))
        assert backup.main(settings, "backup", None) == 0
        copy = next((tmp_path / "backups").glob("studio-*.db"))
        assert backup.main(settings, "restore", str(copy)) == 1

        url = f"http://127.0.0.1:{port}/telegram"
        help_update = message_update(message(MANAGER, "/help", chat="private",
                                             date=datetime.now(UTC)))
        assert post(url, help_update, SECRET) == 200
        wait_for(lambda: answered_help(api), what="the answer to /help")

        answered = len([c for c in api.calls if c.method == "sendMessage"])
        forged = message_update(message(MANAGER, "/help", chat="private", date=datetime.now(UTC)))
        assert post(url, forged, "wrong") == 403
        assert post(url, forged, None) == 403
        time.sleep(0.5)
        assert len([c for c in api.calls if c.method == "sendMessage"]) == answered

        assert TOKEN not in stop_with_sigterm(bot)
    finally:
        if bot.poll() is None:
            bot.kill()
        server.shutdown()


def test_polling_mode_answers_and_stops_on_sigterm_with_exit_0(tmp_path):
    api = FakeTelegram()
    server = serve_http(api)
    bot, _ = start_bot(tmp_path, server)
    try:
        wait_for(lambda: any(c.method == "getUpdates" for c in api.calls), what="polling")
        api.push_update(message_update(message(MANAGER, "/help", chat="private",
                                               date=datetime.now(UTC))))
        wait_for(lambda: answered_help(api), what="the answer to /help")
        stop_with_sigterm(bot)
    finally:
        if bot.poll() is None:
            bot.kill()
        server.shutdown()
