"""The one retry policy of every Bot API call the bot makes (sends, edits, copies, answers, files).

``RetryPolicy`` is PTB's ``AIORateLimiter`` (Telegram's flood limits: 30/s, 20 a minute a group;
a 429 waited out for the time it names, ``max_retries`` times) that also backs off on what is
worth trying again, and only that: a call is never repeated when the first may have been carried
out (a message sent twice is worse than one that may be missing). Every request of the
``ExtBot`` goes through its ``process_request`` (PTB's ``ExtBot._do_post``), except
``getUpdates``, which the poller (``polling.poll``) retries itself.

What is tried again (``worth_again``), up to ``TRIES`` times with back-off:
- any call, when Telegram never got it: no connection (``httpx.ConnectError``), no connection in
  time (``httpx.ConnectTimeout``), none free in the pool (``httpx.PoolTimeout``);
- any call Telegram answered with a 5xx (it did not carry it out);
- a call safe to repeat (``repeatable``: edits, answers, getters, settings; not ``send*``,
  ``copyMessage(s)``, ``forwardMessage(s)``) on any timeout or broken connection;
- a ``send*`` / copy / forward whose request went out and whose answer did not come
  (``httpx.ReadTimeout``, a connection broken mid-answer, a cause unknown) is NOT sent again:
  it is logged as "may have been delivered" with the chat it was for, and ``MaybeDelivered``
  (a ``TimedOut``) goes on to the caller (a job's ledger records it as failed; the error
  handler logs it and says nothing more to the person).

What PTB 22 raises (``BaseRequest._request_wrapper``, checked in tests/test_jobs.py): a body with
``retry_after`` → RetryAfter whatever the status; 403 → Forbidden; 400 → BadRequest (a subclass
of NetworkError: final, never retried); 502 → NetworkError("Bad Gateway"); any other 5xx
→ NetworkError("Internal Server Error (500)"); no answer in time → TimedOut (a NetworkError);
a body with ``migrate_to_chat_id`` → ChatMigrated. PTB's ``HTTPXRequest`` raises both kinds of
timeout as ``TimedOut``, chained to the httpx exception (``__cause__``): that tells them apart.

Two answers are Telegram's life, not errors, and are handled here once for every call:
- ChatMigrated (a studio group upgraded to a supergroup, docs/pitfalls.md §27): the studio follows the
  chat to its new id (``messaging.chats.follow``) and the call is made again there;
- "query is too old" on answerCallbackQuery (a press that waited while the bot was down,
  docs/pitfalls.md §29): logged at INFO, and the press goes on as answered.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
from telegram.error import BadRequest, ChatMigrated, NetworkError, TimedOut
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

TRIES = 4  # a 5xx or a timeout: this many attempts in all
BACKOFF = 0.5  # seconds before the second attempt, doubled each time after
RETRY_AFTER_TRIES = 3  # a 429: waited out this many times


# Calls that make something new at Telegram's end each time they are carried out.
NOT_REPEATABLE = {"copyMessage", "copyMessages", "forwardMessage", "forwardMessages"}
# Telegram never got the request: safe to make again whatever it was.
NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class MaybeDelivered(TimedOut):
    """A send, copy or forward went out and its answer did not come: not made again. The error
    handler only logs it (no apology asking to send again, no alert: the person most likely has
    the message)."""

    def __init__(self, endpoint: str, chat_id: object):
        super().__init__(f"{endpoint} to chat {chat_id}: may have been delivered")
        self.endpoint, self.chat_id = endpoint, chat_id


def repeatable(endpoint: str) -> bool:
    """Whether carrying ``endpoint`` out twice does no harm (an edit, an answer, a getter)."""
    return endpoint not in NOT_REPEATABLE and not (
        endpoint.startswith("send") and endpoint != "sendChatAction")


def worth_again(endpoint: str, exc: NetworkError) -> bool:
    """Whether a call that failed with ``exc`` may be made again (the module's rules)."""
    cause = exc.__cause__
    if isinstance(cause, NEVER_SENT):
        return True
    if cause is None and not isinstance(exc, TimedOut):
        return True  # Telegram answered: a 5xx
    return repeatable(endpoint)


def _as_id(value) -> int | None:
    text = str(value) if value is not None else ""
    return int(text) if text.lstrip("-").isdigit() else None  # "@channel": never a group


def _migrated_key(data: dict, studio_ids: set[int]) -> str | None:
    """Which id of the call Telegram answered "upgraded" for. Only a group moves, never a
    private chat (a positive id): a copy from a group to a customer is about its source. Of two
    groups, the studio's, else the chat written to."""
    source, target = _as_id(data.get("from_chat_id")), _as_id(data.get("chat_id"))
    if source is None or source > 0:
        return "chat_id" if target is not None else None
    if target is None or target > 0:
        return "from_chat_id"
    return "from_chat_id" if source in studio_ids and target not in studio_ids else "chat_id"


class RetryPolicy(AIORateLimiter):
    """Pacing and 429s as ``AIORateLimiter``; a 5xx or a timeout retried with back-off.

    ``overall_max_rate=0, group_max_rate=0`` keeps the retries without the pacing (the tests,
    the console, bench/)."""

    def __init__(self, *, max_retries: int = RETRY_AFTER_TRIES, **kwargs: Any):
        super().__init__(max_retries=max_retries, **kwargs)
        self.app = None  # set by app.build_application: where a migrated chat is followed

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        if self.app is not None:
            self._to_current_ids(data)
        try:
            return await self._with_retries(callback, args, kwargs, endpoint, data,
                                            rate_limit_args)
        except ChatMigrated as exc:
            return await self._follow_migrated(exc, callback, args, kwargs, endpoint, data,
                                               rate_limit_args)
        except BadRequest as exc:
            if endpoint == "answerCallbackQuery" and "query is too old" in exc.message.lower():
                log.info("a press answered too late (the query expired): %s", exc.message)
                return True
            raise

    def _to_current_ids(self, data: dict) -> None:
        """A studio chat known to have moved is written to where it is now: once the bot
        knows the new id, no call names the old one (a job that read the settings before the
        move, a long text's next piece, a card kept under the old id)."""
        from messaging.chats import current_id

        for key in ("chat_id", "from_chat_id"):
            old = _as_id(data.get(key))
            if old is not None and old < 0 and (new := current_id(self.app, old)) != old:
                data[key] = new  # ``args`` holds this very dict

    async def _follow_migrated(self, exc: ChatMigrated, callback, args, kwargs, endpoint, data,
                               rate_limit_args):
        """The call named a group Telegram upgraded: follow it and make the call again with the
        new id in the place of the old. That place is ``chat_id``, or, for a copy or a forward,
        ``from_chat_id`` when the source is the group upgraded (the destination then being a
        customer's private chat, which never moves). Both may have moved: one at a time."""
        from messaging.chats import follow, studio_chats

        for _ in range(2):
            if self.app is None:
                raise exc
            key = _migrated_key(data, studio_chats(self.app))
            old = data.get(key) if key else None
            if old is None:
                raise exc

            await follow(self.app, int(old), exc.new_chat_id)
            log.info("%s with %s %s: the chat is now %s; made again there", endpoint, key, old,
                     exc.new_chat_id)
            data[key] = exc.new_chat_id  # ``args`` holds this very dict
            try:
                return await self._with_retries(callback, args, kwargs, endpoint, data,
                                                rate_limit_args)
            except ChatMigrated as again:
                exc = again
        raise exc

    async def _with_retries(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        delay = BACKOFF
        for attempt in range(1, TRIES + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data,
                                                      rate_limit_args)
            except BadRequest:
                raise  # the request is wrong: trying again gets the same answer
            except NetworkError as exc:  # a 5xx, no connection, or no answer in time
                if not worth_again(endpoint, exc):
                    log.warning("%s to chat %s: no answer after it was sent (%s); it may have "
                                "been delivered, so it is not sent again", endpoint,
                                data.get("chat_id", "-"), _why(exc))
                    raise MaybeDelivered(endpoint, data.get("chat_id")) from exc.__cause__
                if attempt == TRIES:
                    raise
                log.warning("%s to %s failed (%s), try %d of %d", endpoint,
                            data.get("chat_id", "-"), exc, attempt, TRIES)
                await asyncio.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")  # the loop returns or raises


def _why(exc: NetworkError) -> str:
    cause = exc.__cause__
    return f"{type(exc).__name__}: {type(cause).__name__}" if cause else type(exc).__name__
