"""Getting a message to a person: privately where they have started the bot, else a mention in
the studio group with a button that opens the private chat. Retries what is worth retrying.

429 (RetryAfter) is waited out by the rate limiter (``AIORateLimiter(max_retries=...)``); a 5xx
or a timeout is retried here a few times with back-off, then logged with the person it was for.
A person who blocked the bot is marked, so later messages go to the group.

What PTB 22 raises (``BaseRequest._request_wrapper``, checked in tests/test_jobs.py): a body with
``retry_after`` → RetryAfter whatever the status; 403 → Forbidden; 400 → BadRequest (a subclass
of NetworkError: caught first, never retried); 502 → NetworkError("Bad Gateway"); any other 5xx
→ NetworkError("Internal Server Error (500)"); no answer in time → TimedOut (a NetworkError).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from functools import partial

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from handlers.base import mention, person_lang, send_long, under
from models import Staff
from studio import roster
from studio.i18n import Markup, catalogue

log = logging.getLogger(__name__)

RETRIES = 4
BACKOFF = 0.5  # seconds, doubled each try

TextFn = Callable[[str], str]
MarkupFn = Callable[[str], InlineKeyboardMarkup | None]


class Undeliverable(Exception):
    """The message could not be sent after the retries."""


async def send_retrying(bot, chat_id: int, text: str, **kwargs) -> Message:
    """send_message with back-off on 5xx and timeouts; Forbidden and BadRequest are final."""
    delay = BACKOFF
    for attempt in range(1, RETRIES + 1):
        try:
            return await bot.send_message(chat_id, text, **kwargs)
        except RetryAfter as exc:  # the rate limiter retries first; this is what is left
            await asyncio.sleep(_seconds(exc.retry_after))
        except (Forbidden, BadRequest):
            raise
        except (TimedOut, NetworkError) as exc:
            if attempt == RETRIES:
                raise Undeliverable(str(exc)) from exc
            log.warning("send to %s failed (%s), try %d of %d", chat_id, exc, attempt, RETRIES)
            await asyncio.sleep(delay)
            delay *= 2
    raise Undeliverable(f"no answer from Telegram for chat {chat_id}")


def _seconds(value) -> float:
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)


async def send_long_retrying(bot, chat_id: int, text: str, reply_markup=None,
                             reply_to: int | None = None) -> Message:
    """``send_long`` with retries; ``reply_to``: under that message (sent anyway if it is gone)."""
    return await send_long(bot, chat_id, text, reply_markup, send=partial(send_retrying, bot),
                           reply_parameters=under(reply_to))


async def notify_staff(app: Application, person: Staff, text: TextFn,
                       markup: MarkupFn | None = None) -> Message | None:
    """Tell ``person`` privately, else in the group with a mention and an open-chat button.

    ``text`` and ``markup`` take a language: the person's own in private, the studio's in the
    group. Returns the message sent, or None when nothing could be sent (logged)."""
    if person.private_chat and not person.bot_blocked:
        try:
            return await _send_private(app, person, text, markup)
        except Forbidden:
            log.info("staff %s has blocked the bot; using the group from now on", person.id)
            roster.mark_bot_blocked(person)
        except (Undeliverable, BadRequest) as exc:
            log.error("could not message staff %s (%s) privately: %s", person.id, person.name, exc)
            return None
    try:
        return await _send_in_group(app, person, text, markup)
    except (Undeliverable, Forbidden, BadRequest) as exc:
        log.error("could not message staff %s (%s) in the group: %s", person.id, person.name, exc)
        return None


async def _send_private(app: Application, person: Staff, text: TextFn,
                        markup: MarkupFn | None) -> Message:
    lang = person_lang(person, app.bot_data["settings"])
    return await send_long_retrying(app.bot, person.tg_id, text(lang),
                                    markup(lang) if markup else None)


async def _send_in_group(app: Application, person: Staff, text: TextFn,
                         markup: MarkupFn | None) -> Message:
    """A mention in the studio's language, the buttons, and one to open the private chat."""
    settings = app.bot_data["settings"]
    lang, cat = settings.studio.language, catalogue()
    body = cat.t(lang, "common.for_person", who=mention(person), text=Markup(text(lang)))
    buttons = markup(lang) if markup else None
    rows = list(buttons.inline_keyboard) if buttons else []
    rows.append((InlineKeyboardButton(cat.t(lang, "common.open_private"),
                                      url=f"https://t.me/{app.bot.username}?start=hi"),))
    return await send_long_retrying(app.bot, settings.studio.group_chat_id, body,
                                    InlineKeyboardMarkup(rows))
