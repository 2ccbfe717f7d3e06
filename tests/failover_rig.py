"""Bot processes with the default config (a second one waits) against the offline Bot API over HTTP, on PostgreSQL: what the
failover tests and ``bench/failover.py`` drive.

The offline server can hold a call before acting on it (``GatedTelegram.gate``): the process
is then caught in the middle of that send, and a call held when its process is killed is dropped,
as a request that never reached Telegram.
"""

from __future__ import annotations

import atexit
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from config import TOKEN_ENV
from models import JobRun, Staff, utcnow
from offline import FakeTelegram, serve_http
from tests.factories import Person, message, message_update

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TOKEN = "515151:failover-secret-token"
GROUP_ID = -1001234567890
MANAGER_ID = 111
TZ = ZoneInfo("Asia/Shanghai")
SECRET = "failover-Secret_0123456789"  # the webhook's, long enough for the config check


class Dropped(Exception):
    """A held call whose process died: Telegram never acted on it."""


class Gate:
    """Holds the first call its predicate matches, and every retry of that call (the same
    method and parameters: the bot's retry policy sends it again when its read timeout fires
    while the call is held), until the test opens it."""

    def __init__(self, predicate: Callable[[str, dict], bool]):
        self.predicate = predicate
        self.hit = threading.Event()
        self.released = threading.Event()
        self.drop = True
        self.held: tuple[str, str] | None = None  # the held call, as ``call_key`` gives it
        self.retries = 0  # retries of the held call, held too

    def holds(self, method: str, params: dict) -> bool:
        """Whether this call is to be held (the predicate sees each call once)."""
        if self.hit.is_set():
            if self.held == call_key(method, params) and not self.released.is_set():
                self.retries += 1
                return True
            return False
        if self.predicate(method, params):
            self.held = call_key(method, params)
            self.hit.set()
            return True
        return False

    def open(self, *, drop: bool) -> None:
        self.drop = drop
        self.released.set()


def call_key(method: str, params: dict) -> tuple[str, str]:
    return method, json.dumps(params, sort_keys=True, default=str)


class GatedTelegram(FakeTelegram):
    """The offline Bot API, where the first call a gate matches (and its retries) waits until
    the gate is opened: then acted on, or dropped as never having reached Telegram."""

    def __init__(self):
        super().__init__()
        self.gates: list[Gate] = []
        self.gate_lock = threading.Lock()

    def gate(self, predicate: Callable[[str, dict], bool]) -> Gate:
        gate = Gate(predicate)
        self.gates.append(gate)
        return gate

    def handle(self, method: str, params: dict, files: dict | None = None):
        with self.gate_lock:  # predicates count calls: one at a time
            held = next((g for g in self.gates if g.holds(method, params)), None)
        if held is not None:
            held.released.wait(60)
            if held.drop:
                raise Dropped(method)
        return super().handle(method, params, files)

    def push_batch(self, batch: list[dict]) -> None:
        """Updates that arrive together: the next getUpdates returns them all."""
        with self.updates_lock:
            self.updates.extend(batch)

    def sends_to(self, chat_id: int) -> list[str]:
        return [c.text for c in list(self.calls)
                if c.method == "sendMessage" and c.chat_id == chat_id]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate: Callable[[], object], seconds: float, step: float = 0.02):
    """Poll ``predicate`` until it is true (returned) or the deadline (AssertionError).

    The deadline holds even on a frozen clock (a test without ``real_clock``): each round
    sleeps ``step`` for real, so ``seconds / step`` rounds are at least ``seconds``."""
    deadline = time.monotonic() + seconds
    rounds = int(seconds / step) + 1
    while True:
        value = predicate()
        if value:
            return value
        rounds -= 1
        if time.monotonic() > deadline or rounds < 0:
            raise AssertionError(f"not within {seconds} s: {getattr(predicate, '__doc__', '')}")
        time.sleep(step)


def health(port: int) -> str | None:
    """"active", "standby", or None when nothing answers."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as resp:
            return resp.read().decode().strip()
    except urllib.error.HTTPError as exc:
        return exc.read().decode().strip()
    except OSError:
        return None


def studio_now() -> datetime:
    return datetime.now(TZ)


def seed_hosts(count: int) -> list[Staff]:
    """``count`` active hosts who started the bot (reminders go to them privately), and the
    manager; joined a month ago, with nothing done today: every one is short of the minimums."""
    joined = utcnow() - timedelta(days=30)
    Staff.create(tg_id=MANAGER_ID, name="王经理", role="manager", status="active",
                 private_chat=True, created_at=joined)
    return [Staff.create(tg_id=7_100_000 + i, name=f"主播{i}", role="host", status="active",
                         private_chat=True, created_at=joined) for i in range(count)]


def seed_missed_minimums() -> tuple[str, str]:
    """A ``minimums`` slot one minute ago that no instance ran (the jobs ran before: an older
    run), so the first active makes it up at once: the job run to every host. Its HH:MM, and
    the period of the run to make up."""
    slot = studio_now() - timedelta(minutes=1)
    old = (slot - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    JobRun.create(job="minimums", period=old, status="done", finished_at=utcnow())
    return slot.strftime("%H:%M"), slot.strftime("%Y-%m-%dT%H:%M")


def customer(i: int) -> Person:
    return Person(8_000_000 + i, f"路人{i}", None)


def help_update(i: int) -> dict:
    """Someone who is not staff sends /help privately: one reply each."""
    return message_update(message(customer(i), "/help", chat="private", date=datetime.now(UTC)))


_children: set[subprocess.Popen] = set()


def _kill_children() -> None:
    for proc in list(_children):
        if proc.poll() is None:
            proc.kill()
            proc.wait()


atexit.register(_kill_children)  # pytest exiting on an error, or interrupted


def _die_with_parent() -> None:
    """In the child, before exec: SIGKILL when the test process dies (Linux), so that a bot
    left by a killed test run never keeps the advisory lock against the next run."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Rig:
    """The offline Bot API over HTTP and bot processes named "a", "b", each with its config."""

    def __init__(self, tmp: Path, db_url: str, *, minimums: str = "18:00",
                 mode: str = "polling", retry_seconds: int = 1, check_seconds: int = 1,
                 standby: bool | None = None):
        self.tmp, self.db_url, self.minimums = tmp, db_url, minimums
        self.mode, self.retry_seconds, self.check_seconds = mode, retry_seconds, check_seconds
        # None: the default config (a second instance waits), as a studio would run it.
        self.standby = "" if standby is None else f"standby = {str(standby).lower()}"
        self.api = GatedTelegram()
        self.server = serve_http(self.api)
        self.server.handle_error = lambda request, address: None  # a killed client's call
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/bot"
        self.procs: dict[str, subprocess.Popen] = {}
        self.exited: list[subprocess.Popen] = []  # earlier processes of a restarted name
        self.ports: dict[str, int] = {}
        self.hooks: dict[str, int] = {}
        self.logs: dict[str, Path] = {}
        self.webhook_url = "https://bot.example.com/telegram"
        self.closed = False

    def config(self, name: str) -> Path:
        self.ports.setdefault(name, free_port())
        self.hooks.setdefault(name, free_port())
        path = self.tmp / f"{name}.toml"
        path.write_text(f"""
[telegram]
base_url = "{self.base_url}"
mode = "{self.mode}"

[telegram.webhook]
url = "{self.webhook_url}"
port = {self.hooks[name]}
secret_token = "{SECRET}"

[studio]
group_chat_id = {GROUP_ID}
managers = [{MANAGER_ID}]

[database]
url = "{self.db_url}"

[jobs]
minimums = ["{self.minimums}"]

[availability]
{self.standby}
retry_seconds = {self.retry_seconds}
check_seconds = {self.check_seconds}
health_port = {self.ports[name]}
""", encoding="utf-8")
        return path

    def start(self, name: str) -> subprocess.Popen:
        config = self.config(name)
        env = {k: v for k, v in os.environ.items() if k != TOKEN_ENV}
        env[TOKEN_ENV] = TOKEN
        log = self.tmp / f"{name}.log"
        with log.open("ab") as out:
            proc = subprocess.Popen([PYTHON, str(ROOT / "bot.py"), "--config", str(config)],
                                    cwd=self.tmp, env=env, stdout=out, stderr=subprocess.STDOUT,
                                    preexec_fn=_die_with_parent)
        _children.add(proc)
        old = self.procs.get(name)
        if old is not None and old.poll() is not None:
            self.exited.append(old)
        self.procs[name], self.logs[name] = proc, log
        return proc

    def health(self, name: str) -> str | None:
        return health(self.ports[name])

    def wait_state(self, name: str, state: str, seconds: float = 20) -> float:
        """Seconds until ``name`` reports ``state`` on its health check."""
        started = time.monotonic()

        def reached():
            """the health check reports the state"""
            proc = self.procs[name]
            assert proc.poll() is None, f"{name} exited {proc.returncode}:\n{self.log(name)}"
            return self.health(name) == state
        wait_for(reached, seconds)
        return time.monotonic() - started

    def log(self, name: str) -> str:
        return self.logs[name].read_text(encoding="utf-8", errors="replace")

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        proc = self.procs[name]
        proc.send_signal(sig)
        proc.wait(15)

    def lock_session(self, name: str) -> str:
        """The application name of ``name``'s lock session, as the server lists it."""
        return f"studio-bot {socket.gethostname()} {self.procs[name].pid}"[:63]

    def deliver(self, update: dict, seconds: float = 30) -> str:
        """Webhook mode: POST ``update`` as Telegram does, to whichever instance answers 200
        (the proxy in front of both); retried until one does. The instance's name."""
        import json

        data = json.dumps(update).encode()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for name, port in self.hooks.items():
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/telegram", data=data, method="POST",
                    headers={"Content-Type": "application/json",
                             "X-Telegram-Bot-Api-Secret-Token": SECRET})
                try:
                    with urllib.request.urlopen(request, timeout=10) as resp:
                        if resp.status == 200:
                            return name
                except OSError:
                    continue
            time.sleep(0.05)
        raise AssertionError("no instance took the webhook update")

    def close(self) -> dict[str, int | None]:
        """SIGTERM every process still running; their exit statuses. Safe to call again (the
        fixture's teardown after a test that closed, or failed): every child ends, killed if
        SIGTERM does not stop it within 15 s."""
        for gate in self.api.gates:
            gate.open(drop=True)
        codes = {}
        try:
            for proc in self.procs.values():
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            for name, proc in self.procs.items():
                try:
                    codes[name] = proc.wait(15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    codes[name] = proc.wait()
        finally:
            for proc in [*self.procs.values(), *self.exited]:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
                _children.discard(proc)
            if not self.closed:
                self.closed = True
                self.server.shutdown()
                self.server.server_close()
        return codes
