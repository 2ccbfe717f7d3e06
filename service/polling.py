"""Taking updates from Telegram so that none is lost when the process dies: the one way in,
for one instance or two, polling or webhook.

PTB's Updater confirms a batch of updates (the ``offset`` of the next ``getUpdates``) before the
queued ones are handled, and its webhook server answers 200 before handling: a kill loses what
was fetched (or received) but not yet handled. The bot uses neither (the Application is built
without an Updater). Here an update is confirmed only once it was handled:

- ``poll``: a long-polling loop of our own. It hands each update to the ``Sequencer``, marks it
  done in the once-only table (``studio.updates``) once handled, and moves the offset only past
  a run of handled updates: an update is confirmed only when it and every update before it were
  handled. A process killed in the middle leaves the rest unconfirmed: Telegram gives them to
  whoever polls next.
- ``webhook.WebhookServer``: answers Telegram's POST only after the update was handled; a
  process killed in the middle never answers, and Telegram delivers the update again.

Both handle updates concurrently (``Sequencer``: up to ``MAX_CONCURRENT`` at a time), each
person's in the order they came (a chat's, for an update without a person): a manager's year
report (built in a worker thread, ``models.in_worker``) keeps no one else waiting. No
transaction spans an ``await`` (docs/pitfalls.md §24), so concurrent handlers never share one.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from studio import updates

log = logging.getLogger(__name__)

# The update kinds the bot acts on, asked of Telegram (getUpdates, setWebhook):
# without the list Telegram keeps whatever was asked before, and never sends chat_member.
# channel_post: a channel the bot was added to is left (without a word).
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member",
                   "chat_member", "channel_post"]

LONG_POLL_SECONDS = 10
MAX_BACKOFF_SECONDS = 30.0
# A 409 that lasts this long is not a failover's overlap nor a dead process's long poll
# (LONG_POLL_SECONDS at most): another bot polls with this token.
CONFLICT_STOP_SECONDS = 30.0
MAX_CONCURRENT = 8  # updates handled at once; more only queue for the one database connection
# While a slow update holds the offset back, Telegram answers getUpdates at once (with the
# updates in hand): it is asked again after this pause, doubled each time nothing came, up to
# HELD_BACK_MAX (so an update sent meanwhile waits at most that long), or as soon as one finishes.
HELD_BACK_PAUSE = 0.05
HELD_BACK_MAX = 1.0


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


async def handle(app: Application, update: Update) -> bool:
    """Handle one update and mark it done: whether it may be confirmed to Telegram (False when
    its once-only row could not be written: the database is unreachable)."""
    await app.process_update(update)
    return updates.mark_done(update.update_id)


async def poll(app: Application, stop: asyncio.Event, *,
               long_poll: int = LONG_POLL_SECONDS) -> None:
    """Long polling until ``stop`` is set; confirms to Telegram only what was handled.

    A 409 Conflict (someone else polls with this token: for a few seconds the old active
    during a failover, or the long poll a killed process left open) is logged and retried; one
    that lasts ``CONFLICT_STOP_SECONDS`` is another bot polling with this token on another
    database: raised (the instance stops with one line, exit 3)."""
    sequencer = Sequencer()
    taken: dict[int, asyncio.Task] = {}  # update id → its handling, until confirmable
    try:
        await _poll(app, stop, long_poll, sequencer, taken)
    except asyncio.CancelledError:
        await _finish(taken, cancel_all=True)
        raise
    finally:
        await _finish(taken, cancel_all=False)


async def _poll(app: Application, stop: asyncio.Event, long_poll: int, sequencer: Sequencer,
                taken: dict[int, asyncio.Task]) -> None:
    offset: int | None = None  # the first call confirms nothing: everything pending comes
    backoff = 1.0
    held_pause = HELD_BACK_PAUSE
    last_conflict_log = 0.0
    conflict_since: float | None = None
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
            conflict_since = conflict_since or time.monotonic()
            if time.monotonic() - conflict_since >= CONFLICT_STOP_SECONDS:
                raise
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
        conflict_since = None
        fresh = [u for u in batch if u.update_id not in taken]
        for update in fresh:
            taken[update.update_id] = sequencer.submit(update, handle_logged(app, update))
        if fresh:
            # Most are handled in milliseconds: confirmed with the next getUpdates.
            held_pause = HELD_BACK_PAUSE
            await asyncio.wait([taken[u.update_id] for u in fresh], timeout=HELD_BACK_PAUSE)
        elif taken:
            # Only updates in hand came back: one still being handled holds the offset back.
            await _wait_held(taken, stop, held_pause)
            held_pause = min(held_pause * 2, HELD_BACK_MAX)
        before, (offset, failed) = offset, _confirmable(taken, offset)
        if offset != before:
            held_pause = HELD_BACK_PAUSE
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


async def _wait_held(taken: dict[int, asyncio.Task], stop: asyncio.Event,
                     seconds: float) -> None:
    """Wait ``seconds``, or until one update in hand is handled or ``stop`` is set."""
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait([*taken.values(), stopping], timeout=seconds,
                           return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()


async def handle_logged(app: Application, update: Update) -> bool:
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
