"""Taking updates from Telegram so that none is lost when the process dies.

PTB's Updater confirms a batch of updates (the ``offset`` of the next ``getUpdates``) before the
queued ones are handled, and its webhook server answers 200 before handling: a kill loses what
was fetched (or received) but not yet handled. Here an update is confirmed only once it was
handled:

- ``poll``: a long-polling loop of our own. It handles each update of a batch in turn, marks it
  done in the once-only table (``studio.updates``), and only then moves the offset past it; the
  next ``getUpdates`` confirms exactly the handled ones. A process killed in the middle leaves
  the rest unconfirmed: Telegram gives them to whoever polls next.
- ``WebhookServer``: answers Telegram's POST only after the update was handled; a process
  killed in the middle never answers, and Telegram delivers the update again.
- ``DoneMarkingProcessor``: PTB's own paths (run_polling, run_webhook) mark updates done too,
  so that a restart tells a handled update from one whose handling was cut.
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
from telegram.ext import Application, SimpleUpdateProcessor

from studio import updates

log = logging.getLogger(__name__)

# The update kinds the bot acts on, asked of Telegram (getUpdates, setWebhook, run_polling):
# without the list Telegram keeps whatever was asked before, and never sends chat_member.
# channel_post: a channel the bot was added to is left (without a word).
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member",
                   "chat_member", "channel_post"]

LONG_POLL_SECONDS = 10
MAX_BACKOFF_SECONDS = 30.0


class DoneMarkingProcessor(SimpleUpdateProcessor):
    """One update at a time (as ``concurrent_updates(False)``), each marked done once handled."""

    def __init__(self) -> None:
        super().__init__(1)

    async def do_process_update(self, update: object, coroutine: Any) -> None:
        await coroutine
        if isinstance(update, Update):
            updates.mark_done(update.update_id)


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
        for update in batch:
            if stop.is_set():
                return  # the rest stays unconfirmed: the next poller gets it
            if not await handle(app, update):
                log.error("update %s could not be recorded (database unreachable?); it stays "
                          "unconfirmed and comes again", update.update_id)
                await sleep_unless_stopped(stop, backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                break
            offset = update.update_id + 1


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
        self.lock = asyncio.Lock()  # one update at a time, as the poller

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
        async with self.lock:
            done = await handle(self.app, update)
        # Not recorded (database unreachable): Telegram delivers it again later.
        return "200 OK" if done else "503 Service Unavailable"
