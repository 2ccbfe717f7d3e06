"""Taking updates from Telegram so that none is lost when the process dies.

PTB's Updater confirms a batch of updates (the ``offset`` of the next ``getUpdates``) before the
queued ones are handled, and its webhook server answers 200 before handling: a kill loses what
was fetched (or received) but not yet handled. Here an update is confirmed only once it was
handled:

- ``poll``: a long-polling loop of our own. It hands each update to the ``Sequencer``, marks it
  done in the once-only table (``studio.updates``) once handled, and moves the offset only past
  a run of handled updates: an update is confirmed only when it and every update before it were
  handled. A process killed in the middle leaves the rest unconfirmed: Telegram gives them to
  whoever polls next.
- ``WebhookServer``: answers Telegram's POST only after the update was handled; a process
  killed in the middle never answers, and Telegram delivers the update again.
- ``DoneMarkingProcessor``: PTB's own paths (run_polling, run_webhook) mark updates done too,
  so that a restart tells a handled update from one whose handling was cut.

All three handle updates concurrently (``Sequencer``: up to ``MAX_CONCURRENT`` at a time), each
person's in the order they came (a chat's, for an update without a person): a manager's year
report (built in a worker thread, ``models.in_worker``) keeps no one else waiting. No
transaction spans an ``await`` (docs/pitfalls.md §24), so concurrent handlers never share one.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import time
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, BaseUpdateProcessor

from studio import updates

log = logging.getLogger(__name__)

# The update kinds the bot acts on, asked of Telegram (getUpdates, setWebhook, run_polling):
# without the list Telegram keeps whatever was asked before, and never sends chat_member.
# channel_post: a channel the bot was added to is left (without a word).
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member",
                   "chat_member", "channel_post"]

LONG_POLL_SECONDS = 10
MAX_BACKOFF_SECONDS = 30.0
MAX_CONCURRENT = 8  # updates handled at once; more only queue for the one database connection
# While a slow update holds the offset back, getUpdates is asked again after this pause.
HELD_BACK_PAUSE = 0.05


def order_key(update: object) -> object:
    """Whose updates must keep their order: the person's, else the chat's."""
    if isinstance(update, Update):
        if update.effective_user is not None:
            return ("user", update.effective_user.id)
        if update.effective_chat is not None:
            return ("chat", update.effective_chat.id)
    return ("any", None)


class Sequencer:
    """Runs updates' handling concurrently, at most ``limit`` at once, each key's (a person's)
    strictly one after another in the order submitted."""

    def __init__(self, limit: int = MAX_CONCURRENT) -> None:
        self.limit = limit
        self._slots: asyncio.Semaphore | None = None
        self._tails: dict[object, asyncio.Future] = {}

    def submit(self, update: object, coroutine: Any) -> asyncio.Task:
        """Start ``coroutine`` (the handling of ``update``) after the key's previous one."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.limit)
        key = order_key(update)
        before = self._tails.get(key)
        task = asyncio.ensure_future(self._run(before, coroutine))
        task.started = False  # type: ignore[attr-defined]
        self._tails[key] = task

        def forget(done: asyncio.Future, key=key) -> None:
            if self._tails.get(key) is done:
                del self._tails[key]

        task.add_done_callback(forget)
        return task

    async def _run(self, before: asyncio.Future | None, coroutine: Any) -> Any:
        try:
            if before is not None:
                await asyncio.wait({before})  # its outcome is its own: this one runs anyway
            async with self._slots:
                asyncio.current_task().started = True  # type: ignore[attr-defined]
                return await coroutine
        finally:
            coroutine.close()  # never started (cancelled while queued): no "never awaited"


class DoneMarkingProcessor(BaseUpdateProcessor):
    """PTB's update processor for run_polling/run_webhook: updates concurrently (each person's in
    order, ``Sequencer``), each marked done once handled."""

    def __init__(self, limit: int = MAX_CONCURRENT) -> None:
        super().__init__(1024)  # PTB's own gate stays open: the sequencer limits and orders
        self.sequencer = Sequencer(limit)

    async def do_process_update(self, update: object, coroutine: Any) -> None:
        await self.sequencer.submit(update, self._handle(update, coroutine))

    @staticmethod
    async def _handle(update: object, coroutine: Any) -> None:
        await coroutine
        if isinstance(update, Update):
            updates.mark_done(update.update_id)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


async def handle(app: Application, update: Update) -> bool:
    """Handle one update and mark it done: whether it may be confirmed to Telegram (False when
    its once-only row could not be written: the database is unreachable)."""
    await app.process_update(update)
    return updates.mark_done(update.update_id)


async def poll(app: Application, stop: asyncio.Event, *,
               long_poll: int = LONG_POLL_SECONDS) -> None:
    """Long polling until ``stop`` is set; confirms to Telegram only what was handled.

    A 409 Conflict (someone else polls with this token: an instance not in standby mode, or
    for a few seconds the old active during a failover) is logged and retried, not fatal."""
    sequencer = Sequencer()
    taken: dict[int, asyncio.Task] = {}  # update id → its handling, until confirmable
    try:
        await _poll(app, stop, long_poll, sequencer, taken)
    except asyncio.CancelledError:
        await _finish(taken, cancel_all=True)
        raise
    await _finish(taken, cancel_all=False)


async def _poll(app: Application, stop: asyncio.Event, long_poll: int, sequencer: Sequencer,
                taken: dict[int, asyncio.Task]) -> None:
    offset: int | None = None  # the first call confirms nothing: everything pending comes
    backoff = 1.0
    last_conflict_log = 0.0
    while not stop.is_set():
        fetch = asyncio.ensure_future(app.bot.get_updates(
            offset=offset, timeout=long_poll, allowed_updates=ALLOWED_UPDATES))
        stopping = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:  # also when this task is cancelled (the lock was lost)
            stopping.cancel()
            if not fetch.done():
                fetch.cancel()
                await asyncio.gather(fetch, return_exceptions=True)
        if fetch.cancelled():  # stopped while waiting: nothing fetched is lost
            return
        try:
            batch = fetch.result()
        except InvalidToken:
            raise
        except Conflict:
            if time.monotonic() - last_conflict_log > 10:
                log.warning("getUpdates: 409 Conflict, another process polls with this token; "
                            "retrying")
                last_conflict_log = time.monotonic()
            await sleep_unless_stopped(stop, 1.0)
            continue
        except RetryAfter as exc:
            await sleep_unless_stopped(stop, float(exc.retry_after if isinstance(exc.retry_after, int | float)
                                     else exc.retry_after.total_seconds()))
            continue
        except (NetworkError, TimedOut) as exc:
            log.warning("getUpdates failed (%s); retrying in %.0f s", exc, backoff)
            await sleep_unless_stopped(stop, backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
            continue
        backoff = 1.0
        fresh = [u for u in batch if u.update_id not in taken]
        for update in fresh:
            taken[update.update_id] = sequencer.submit(update, _handle_logged(app, update))
        if taken:
            # Most are handled in milliseconds: confirmed with the next getUpdates. One that takes
            # longer holds the offset back; Telegram then answers at once with the updates in
            # hand (skipped), so getUpdates is asked again after this pause, or as soon as one
            # finishes, and new updates still come in meanwhile.
            await asyncio.wait([taken[u.update_id] for u in fresh] or list(taken.values()),
                               timeout=HELD_BACK_PAUSE,
                               return_when=asyncio.ALL_COMPLETED if fresh
                               else asyncio.FIRST_COMPLETED)
        offset, failed = _confirmable(taken, offset)
        if failed:
            log.error("an update could not be recorded (database unreachable?); it stays "
                      "unconfirmed and comes again")
            await sleep_unless_stopped(stop, backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)


def _confirmable(taken: dict[int, asyncio.Task], offset: int | None) -> tuple[int | None, bool]:
    """Move ``offset`` past the run of handled updates at the front of ``taken`` (dropping them);
    one that could not be recorded is dropped too, so that it is taken again when it comes back,
    and stops the run: (the offset, whether one failed)."""
    for update_id in sorted(taken):
        task = taken[update_id]
        if not task.done():
            break
        del taken[update_id]
        if task.cancelled() or task.exception() is not None or not task.result():
            return offset, True
        offset = update_id + 1
    return offset, False


async def _finish(taken: dict[int, asyncio.Task], *, cancel_all: bool) -> None:
    """Stopping: the updates being handled finish (all are cancelled when ``cancel_all``: the
    lock was lost); the ones still queued are dropped, unconfirmed."""
    for task in taken.values():
        if cancel_all or not getattr(task, "started", True):
            task.cancel()
    await asyncio.gather(*taken.values(), return_exceptions=True)


async def _handle_logged(app: Application, update: Update) -> bool:
    try:
        return await handle(app, update)
    except Exception:  # the once-only mark failed: the database is unreachable
        log.exception("update %s: could not be marked done", update.update_id)
        return False


async def sleep_unless_stopped(stop: asyncio.Event, seconds: float) -> None:
    """Wait ``seconds``, or less if ``stop`` is set meanwhile (a shutdown never waits out a
    back-off)."""
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass


class WebhookServer:
    """Telegram's webhook, answered only after the update was handled (200), so that an update
    a dying process received is delivered again; 403 without the secret token."""

    def __init__(self, app: Application, listen: str, port: int, path: str, secret: str):
        self.app = app
        self.listen, self.port, self.path, self.secret = listen, port, "/" + path.strip("/"), secret
        self.server: asyncio.Server | None = None
        self.sequencer = Sequencer()  # concurrently, each person's in order, as the poller

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, self.listen, self.port)

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            status = await self._answer(reader)
            writer.write(f"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                         .encode())
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            writer.close()

    async def _answer(self, reader: asyncio.StreamReader) -> str:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        request_line, *header_lines = head.split("\r\n")
        method, target, _ = request_line.split(" ", 2)
        headers = {k.strip().lower(): v.strip() for k, _, v in
                   (line.partition(":") for line in header_lines if line)}
        body = await reader.readexactly(int(headers.get("content-length") or 0))
        if method != "POST" or target.split("?")[0] != self.path:
            return "404 Not Found"
        if self.secret and not hmac.compare_digest(
                headers.get("x-telegram-bot-api-secret-token", ""), self.secret):
            return "403 Forbidden"
        try:
            update = Update.de_json(json.loads(body), self.app.bot)
        except (ValueError, TypeError, KeyError):
            return "400 Bad Request"
        done = await self.sequencer.submit(update, _handle_logged(self.app, update))
        # Not recorded (database unreachable): Telegram delivers it again later.
        return "200 OK" if done else "503 Service Unavailable"
