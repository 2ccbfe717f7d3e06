"""The one retry policy of every Bot API call the bot makes (sends, edits, copies, answers, files).

``RetryPolicy`` is PTB's ``AIORateLimiter`` (Telegram's flood limits: 30/s, 20 a minute a group;
a 429 waited out for the time it names, ``max_retries`` times) that also backs off on what is
worth trying again: a 5xx or no answer in time. Every request of the ``ExtBot`` goes through its
``process_request`` (PTB's ``ExtBot._do_post``), except ``getUpdates``, which the Updater retries
itself.

What PTB 22 raises (``BaseRequest._request_wrapper``, checked in tests/test_jobs.py): a body with
``retry_after`` → RetryAfter whatever the status; 403 → Forbidden; 400 → BadRequest (a subclass
of NetworkError: final, never retried); 502 → NetworkError("Bad Gateway"); any other 5xx
→ NetworkError("Internal Server Error (500)"); no answer in time → TimedOut (a NetworkError);
a body with ``migrate_to_chat_id`` → ChatMigrated.

Two answers are Telegram's life, not errors, and are handled here once for every call:
- ChatMigrated (a studio group upgraded to a supergroup, PITFALLS 27): the studio follows the
  chat to its new id (``messaging.chats.follow``) and the call is made again there;
- "query is too old" on answerCallbackQuery (a press that waited while the bot was down,
  PITFALLS 29): logged at INFO, and the press goes on as answered.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.error import BadRequest, ChatMigrated, NetworkError
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

TRIES = 4  # a 5xx or a timeout: this many attempts in all
BACKOFF = 0.5  # seconds before the second attempt, doubled each time after
RETRY_AFTER_TRIES = 3  # a 429: waited out this many times


class RetryPolicy(AIORateLimiter):
    """Pacing and 429s as ``AIORateLimiter``; a 5xx or a timeout retried with back-off.

    ``overall_max_rate=0, group_max_rate=0`` keeps the retries without the pacing (the tests,
    the console, bench/)."""

    def __init__(self, *, max_retries: int = RETRY_AFTER_TRIES, **kwargs: Any):
        super().__init__(max_retries=max_retries, **kwargs)
        self.app = None  # set by app.build_application: where a migrated chat is followed

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        try:
            return await self._with_retries(callback, args, kwargs, endpoint, data,
                                            rate_limit_args)
        except ChatMigrated as exc:
            old = data.get("chat_id")
            if self.app is None or old is None:
                raise
            from messaging.chats import follow

            await follow(self.app, int(old), exc.new_chat_id)
            log.info("%s to chat %s: the chat is now %s; sent there", endpoint, old,
                     exc.new_chat_id)
            data["chat_id"] = exc.new_chat_id  # ``args`` holds this very dict
            return await self._with_retries(callback, args, kwargs, endpoint, data,
                                            rate_limit_args)
        except BadRequest as exc:
            if endpoint == "answerCallbackQuery" and "query is too old" in exc.message.lower():
                log.info("a press answered too late (the query expired): %s", exc.message)
                return True
            raise

    async def _with_retries(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        delay = BACKOFF
        for attempt in range(1, TRIES + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data,
                                                      rate_limit_args)
            except BadRequest:
                raise  # the request is wrong: trying again gets the same answer
            except NetworkError as exc:  # a 5xx, or no answer in time (TimedOut)
                if attempt == TRIES:
                    raise
                log.warning("%s to %s failed (%s), try %d of %d", endpoint,
                            data.get("chat_id", "-"), exc, attempt, TRIES)
                await asyncio.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")  # the loop returns or raises
