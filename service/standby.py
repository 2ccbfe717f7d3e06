"""Running the bot: one instance works, a second one waits (PostgreSQL) or refuses (SQLite).

Every run goes through ``Instance`` (``bot.py`` calls ``run``): one way in, whatever the
database and the mode, with updates confirmed to Telegram only once handled (``polling.poll``,
``webhook.WebhookServer``). What keeps a second copy from working next to the first is a lock:

- PostgreSQL (``DatabaseLock``), ``[availability] standby = true`` (the default): the second
  waits as a standby and takes over when the first dies; ``standby = false``: it refuses to
  start (one line, exit 3);
- SQLite (``FileLock``: ``<db>.lock`` next to the file, the one ``restore`` takes): one file,
  one machine, so a second process on the same file refuses to start (one line, exit 3) and
  leaves the running one alone.

On PostgreSQL each instance tries a session-level advisory lock, one key per bot token, on a connection of
its own (``DatabaseLock``). The holder is the active: it takes updates (``polling``: confirmed
to Telegram only once handled) and runs the jobs. The others are standbys: they retry every
``availability.retry_seconds`` and say ``standby`` in the log and on the health check. When the
active dies its session ends, the server frees the lock and a standby takes over: it resumes
the job runs the dead one left (the ledger skips who was served), makes up missed slots, and
gets from Telegram every update not confirmed.

An active that cannot prove it still holds the lock (its lock connection fails a check) stops
taking updates and running jobs at once, and waits as a standby again. docs/failover.md gives
the timings and what is and is not guaranteed.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Callable
from datetime import timedelta

import psycopg2
from telegram.error import Conflict, InvalidToken
from telegram.ext import Application

from config import Settings
from models import JobRun, db, init_db, utcnow, wall_now
from scheduler import registry
from scheduler.runner import STALE_RUN, catch_up, schedule_recheck
from service.polling import ALLOWED_UPDATES, poll, sleep_unless_stopped

log = logging.getLogger("studio.standby")

# The server frees a dead machine's lock when it notices the connection is gone. A killed
# process: at once (the kernel closes the socket). A lost machine or a cut network: only through
# TCP, so the lock session sets its own keepalives (idle 8 s, then 3 probes 4 s apart) and user
# timeout (unacknowledged data for 20 s): ~20 s after the last word from the active, where
# PostgreSQL's defaults (the kernel's 2 h keepalive) would keep the lock for hours.
SERVER_TCP = {"tcp_keepalives_idle": 8, "tcp_keepalives_interval": 4,
              "tcp_keepalives_count": 3, "tcp_user_timeout": 20_000}
# The active's side: a check over a cut network fails within 6 s (unacknowledged data), so it
# stops at most check_seconds + 6 s after the cut, well before the server frees the lock
# (at least 20 - check_seconds s after the cut).
CLIENT_TCP = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2,
              "keepalives_count": 2, "tcp_user_timeout": 6_000, "connect_timeout": 5}
STANDBY_LOG_EVERY = 300  # seconds: "still standby" in the log


def lock_key(token: str) -> int:
    """The advisory lock's key: a signed 64-bit number from the token's hash (one bot, one
    lock; the token itself never leaves this process)."""
    digest = hashlib.sha256(f"studio-bot:{token}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class DatabaseLock:
    """A session-level advisory lock on a PostgreSQL connection of its own (blocking calls:
    run them in a thread)."""

    def __init__(self, url: str, key: int):
        self.url = url.replace("postgres://", "postgresql://", 1)
        self.key = key
        self.name = f"studio-bot {socket.gethostname()} {os.getpid()}"[:63]
        self.conn = None
        self.held = False

    def _connect(self):
        conn = psycopg2.connect(self.url, application_name=self.name, **CLIENT_TCP)
        conn.autocommit = True
        with conn.cursor() as cur:
            for name, value in SERVER_TCP.items():
                cur.execute(f"SET {name} = %s", (value,))
        return conn

    def try_acquire(self) -> bool:
        """Take the lock if it is free; False when another session holds it."""
        if self.conn is None or self.conn.closed:
            self.conn = self._connect()
        try:
            with self.conn.cursor() as cur:
                cur.execute("SELECT pg_try_advisory_lock(%s)", (self.key,))
                self.held = bool(cur.fetchone()[0])
        except psycopg2.Error:
            self.close()
            raise
        return self.held

    def holder(self) -> str:
        """Who holds the lock, as the server sees it (its application name and address)."""
        try:
            with self.conn.cursor() as cur:
                cur.execute(
                    "SELECT a.application_name, a.client_addr FROM pg_locks l "
                    "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' "
                    "AND l.granted AND l.classid = %s AND l.objid = %s",
                    ((self.key >> 32) & 0xFFFFFFFF, self.key & 0xFFFFFFFF))
                row = cur.fetchone()
        except (psycopg2.Error, AttributeError):
            return "another instance"
        return f"{row[0] or '?'} ({row[1] or 'local'})" if row else "another instance"

    def alive(self) -> bool:
        """Whether the lock is still ours: the session that holds it still answers."""
        if not self.held or self.conn is None or self.conn.closed:
            return False
        try:
            with self.conn.cursor() as cur:
                cur.execute("SELECT 1")
                cur.fetchone()
        except psycopg2.Error:
            self.close()
            return False
        return True

    def close(self) -> None:
        """End the session: the server frees the lock."""
        self.held = False
        if self.conn is not None and not self.conn.closed:
            try:
                self.conn.close()
            except psycopg2.Error:
                pass
        self.conn = None


class FileLock:
    """The SQLite database's lock file (``backup.hold_lock``), with ``DatabaseLock``'s face: the
    kernel holds it for the process, so once taken it stays ours until the process ends."""

    def __init__(self, db_path):
        self.db_path = db_path
        self.handle = None
        self.name = f"studio-bot {socket.gethostname()} {os.getpid()}"
        self.refusal = ""

    def try_acquire(self) -> bool:
        from service import backup

        if self.handle is None:
            try:
                self.handle = backup.hold_lock(self.db_path)
            except backup.BackupError as exc:
                self.refusal = str(exc)
                return False
        return True

    def holder(self) -> str:
        return "another instance"

    def alive(self) -> bool:
        return self.handle is not None

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
        self.handle = None


ANOTHER_INSTANCE = 3  # the exit status of an instance that refuses to start next to another


class Status:
    """What this instance is doing, for the log and the health check."""

    def __init__(self) -> None:
        self.state = "starting"
        self.since = time.monotonic()

    def set(self, state: str) -> None:
        self.state, self.since = state, time.monotonic()


async def serve_health(status: Status, listen: str, port: int) -> asyncio.Server:
    """Any GET: 200 "active" or 503 "standby" (a load balancer or a proxy routes on it)."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            code = "200 OK" if status.state == "active" else "503 Service Unavailable"
            body = f"{status.state}\n".encode()
            writer.write(f"HTTP/1.1 {code}\r\nContent-Type: text/plain\r\nContent-Length: "
                         f"{len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, TimeoutError,
                asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    return await asyncio.start_server(answer, listen, port)


def abandon_running_runs() -> int:
    """Runs still "running" were left by the previous active: we hold the lock, so nobody else
    runs jobs. Date them back past STALE_RUN so that catch_up resumes them now (serving only
    the people left) instead of ten minutes later."""
    return (JobRun.update(heartbeat_at=utcnow() - STALE_RUN - timedelta(seconds=1))
            .where(JobRun.status == "running").execute())


async def make_up(app: Application) -> None:
    """What a start does, at the takeover: resume the runs left, make up missed slots."""
    await catch_up(app, list(registry(app).values()), wall_now())
    schedule_recheck(app)


class Instance:
    """One bot process in standby mode: waits for the lock, works while it holds it."""

    def __init__(self, settings: Settings, build: Callable[..., Application]):
        self.settings = settings
        self.build = build
        self.avail = settings.availability
        from service import backup

        db_path = backup.sqlite_path(settings.database.url)
        if db_path is not None:
            self.lock: DatabaseLock | FileLock = FileLock(db_path)
        else:
            self.lock = DatabaseLock(settings.database.url, lock_key(settings.telegram.token))
        # Whether a second instance waits to take over (else it refuses to start).
        self.waits = db_path is None and self.avail.standby
        self.status = Status()
        self.stop = asyncio.Event()

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.stop.set)
        health = None
        if self.avail.health_port:
            health = await serve_health(self.status, self.avail.health_listen,
                                        self.avail.health_port)
        try:
            if not self.waits and not await self.first_try():
                return ANOTHER_INSTANCE
            # The schema is migrated only now: a second process refused above never touches the
            # file another one runs on (a newer version would migrate it under the old); a
            # standby migrates at its start (docs/failover.md: upgrade the standby first).
            init_db(self.settings.database.url)
            while not self.stop.is_set():
                if not await self.wait_for_lock():
                    break
                try:
                    await self.be_active()
                except (InvalidToken, Conflict, asyncio.CancelledError):
                    raise
                except Exception:
                    log.exception("active: failed; waiting as a standby again")
                # An instance that lost the lock (or failed) lets a healthy standby go first.
                await sleep_unless_stopped(self.stop, 3 * self.avail.retry_seconds)
        except InvalidToken:
            print(f"{self.settings.source}: telegram.token: Telegram refused the token",
                  file=sys.stderr)
            return 2
        except Conflict:
            print("another instance of this bot is running with the same token elsewhere "
                  "(Telegram 409 Conflict, not on this database): stop the other one first",
                  file=sys.stderr)
            return ANOTHER_INSTANCE
        finally:
            await asyncio.to_thread(self.lock.close)
            if health is not None:
                health.close()
            if db.obj is not None and not db.is_closed():
                db.close()
            log.info("stopped")
        return 0

    async def first_try(self) -> bool:
        """An instance that does not wait: the lock now, or a one-line refusal (False)."""
        try:
            if await asyncio.to_thread(self.lock.try_acquire):
                return True
            holder = getattr(self.lock, "refusal", "") or (
                f"{await asyncio.to_thread(self.lock.holder)} is active on this database "
                "([availability] standby = false: a second instance does not wait)")
        except psycopg2.Error as exc:
            holder = f"the database does not answer ({str(exc).strip().splitlines()[0]})"
        print(f"another instance of this bot is running: {holder}; this one does not start",
              file=sys.stderr)
        return False

    async def wait_for_lock(self) -> bool:
        """Standby until the lock is ours (True) or a signal stops the process (False)."""
        self.status.set("standby")
        if not db.is_closed():
            db.close()  # a standby keeps no connection but the lock's
        waited = time.monotonic()
        logged = 0.0
        while not self.stop.is_set():
            try:
                if await asyncio.to_thread(self.lock.try_acquire):
                    log.info("active: took the lock after %.1f s as standby (%s)",
                             time.monotonic() - waited, self.lock.name)
                    return True
                if time.monotonic() - logged >= STANDBY_LOG_EVERY:
                    holder = await asyncio.to_thread(self.lock.holder)
                    log.info("standby: %s is active; trying to take over every %d s",
                             holder, self.avail.retry_seconds)
                    logged = time.monotonic()
            except psycopg2.Error as exc:
                log.warning("standby: the database does not answer (%s); retrying",
                            str(exc).strip().splitlines()[0] if str(exc).strip() else exc)
            await sleep_unless_stopped(self.stop, self.avail.retry_seconds)
        return False

    async def watch_lock(self) -> None:
        """Return as soon as the lock can no longer be proved ours."""
        while await asyncio.to_thread(self.lock.alive):
            await asyncio.sleep(self.avail.check_seconds)

    async def be_active(self) -> None:
        """Take updates and run jobs until a signal (graceful) or the lock is lost (at once)."""
        # The fence: an active whose session the server ended (a restart, a terminated backend)
        # notices at its next check; we start only after that, so that the two never overlap.
        # A file lock is the kernel's, never held by a dead process: no fence.
        fence = time.monotonic() + (self.avail.check_seconds + 1 if self.waits else 0)
        app = self.build(self.settings, catch_up_at_start=False)
        await app.initialize()
        taking_stop = asyncio.Event()
        tasks: list[asyncio.Task] = []
        webhook = None
        try:
            await app.post_init(app)  # menus, managers (catch-up is ours: below)
            await sleep_unless_stopped(self.stop, fence - time.monotonic())
            if self.stop.is_set():
                return
            abandoned = abandon_running_runs()
            if abandoned:
                log.info("active: resuming %d job run(s) the previous active left", abandoned)
            taking, webhook = await self.take_updates(app, taking_stop)
            await app.start()  # the JobQueue: only the active runs jobs
            self.status.set("active")
            tasks = [taking, asyncio.create_task(make_up(app)),
                     asyncio.create_task(self.watch_lock())]
            stopping = asyncio.create_task(self.stop.wait())
            await asyncio.wait([taking, tasks[2], stopping], return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            if taking.done() and taking.exception() is not None:
                raise taking.exception()
            if self.stop.is_set():
                # Graceful: the update in hand is finished, the rest stays unconfirmed.
                taking_stop.set()
                await asyncio.gather(taking, return_exceptions=True)
                if webhook is not None:
                    await webhook.stop()
            else:
                log.critical("lost the database lock: stopped taking updates and running jobs; "
                             "waiting as a standby")
                await app.job_queue.stop(wait=False)  # cancels the running jobs
                taking.cancel()
                if webhook is not None:
                    await webhook.stop(cancel=True)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if webhook is not None:
                await webhook.stop()
            if app.running:
                await app.stop()
            await app.shutdown()
            await asyncio.to_thread(self.lock.close)
            await app.post_shutdown(app)  # the report workers and the database closed
            self.status.set("standby")

    async def take_updates(self, app: Application, stop: asyncio.Event):
        """Start taking updates: polling, or the webhook pointed here (behind the proxy)."""
        from service.webhook import WebhookServer

        telegram = self.settings.telegram
        if telegram.mode != "webhook":
            # A webhook left set would make getUpdates fail; pending updates are kept.
            await app.bot.delete_webhook(drop_pending_updates=False)
            return asyncio.create_task(poll(app, stop)), None
        hook = telegram.webhook
        server = WebhookServer(app, hook.listen, hook.port, hook.path, hook.secret_token)
        await server.start()
        # Both machines stand behind one proxy URL; setting it again makes Telegram deliver
        # what is pending now, instead of after its back-off from the failed attempts.
        await app.bot.set_webhook(hook.url, secret_token=hook.secret_token,
                                  allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)
        return asyncio.create_task(stop.wait()), server


def run(settings: Settings, build: Callable[..., Application]) -> int:
    """Run until SIGTERM/SIGINT (exit 0); 3 when another instance holds the lock and this one
    does not wait, or another polls with the token elsewhere; ``build`` makes the Application."""
    return asyncio.run(Instance(settings, build).run())
