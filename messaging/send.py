"""Sending that respects Telegram's limits: long texts split on line boundaries (the buttons go
with the last piece), a message under another sent anyway if that one is gone, and a person
reached privately where they have started the bot, else in the studio group with a mention and a
button that opens the private chat. Retries are the bot's ``RetryPolicy`` (messaging.retry)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ChatType
from telegram.error import Forbidden, TelegramError
from telegram.ext import Application

from models import Staff
from studio import roster
from studio.text import split_text
from views import Markup, mention, t

log = logging.getLogger(__name__)

TextFn = Callable[[str], str]  # language → text
MarkupFn = Callable[[str], InlineKeyboardMarkup | None]  # language → buttons


def under(message_id: int | None) -> ReplyParameters | None:
    """Reply parameters for a message sent under ``message_id``, sent anyway if it is gone."""
    return ReplyParameters(message_id, allow_sending_without_reply=True) if message_id else None


def person_lang(person: Staff | None, settings) -> str:
    """The language a staff member reads privately: their own choice, else the studio's."""
    return (person.lang if person and person.lang else None) or settings.studio.language


async def send_text(bot, chat_id: int, text: str, reply_markup=None, *,
                    reply_to: int | None = None, **kwargs) -> Message:
    """Send ``text`` in as many messages as it needs; the buttons go with the last. The last
    message sent. ``reply_to``: under that message (sent anyway if it is gone)."""
    if reply_to is not None:
        kwargs["reply_parameters"] = under(reply_to)
    pieces = split_text(text)
    last = None
    for i, piece in enumerate(pieces):
        markup = reply_markup if i == len(pieces) - 1 else None
        last = await bot.send_message(chat_id, piece, reply_markup=markup, **kwargs)
    return last


def in_topic(settings, topic: str | None) -> dict:
    """The ``message_thread_id`` of the topic ``[topics]`` names for ``topic``, if any."""
    thread = settings.topics.of(topic) if topic else 0
    return {"message_thread_id": thread} if thread else {}


def in_place_of(message: Message | None) -> dict:
    """Where an answer to ``message`` goes: its topic in a forum group (docs/pitfalls.md §28) and, in a
    group, quoting it (sent anyway if it is gone), so a busy group sees whose answer it is."""
    if message is None or message.chat.type == ChatType.PRIVATE:
        return {}
    where = {"reply_parameters": under(message.message_id)}
    if message.is_topic_message and message.message_thread_id:
        where["message_thread_id"] = message.message_thread_id
    return where


async def answer_to(bot, message: Message, text: str, reply_markup=None, **kwargs) -> Message:
    """Answer ``message`` in its chat: in its topic, quoting it in a group (``in_place_of``)."""
    return await send_text(bot, message.chat_id, text, reply_markup,
                           **{**in_place_of(message), **kwargs})


async def notify_staff(app: Application, person: Staff, text: TextFn,
                       markup: MarkupFn | None = None, *,
                       private_only: bool = False,
                       group_text: TextFn | None = None) -> Message | None:
    """Tell ``person`` privately, else in the group with a mention and an open-chat button.

    ``text`` and ``markup`` take a language: the person's own in private, the studio's in the
    group. A person who blocked the bot is marked, so later messages go to the group. With
    ``private_only`` (an error alert) there is no group fallback; ``group_text``: what the whole
    group may read instead of ``text`` (a leave card names no reason there). Returns the message
    sent, or None when nothing could be sent (logged)."""
    if person.private_chat and not person.bot_blocked:
        try:
            return await _send_private(app, person, text, markup)
        except Forbidden:
            log.info("staff %s has blocked the bot; using the group from now on", person.id)
            roster.mark_bot_blocked(person)
        except TelegramError as exc:
            log.error("could not message staff %s (%s) privately: %s", person.id, person.name, exc)
            return None
    if private_only:
        return None
    try:
        return await _send_in_group(app, person, group_text or text, markup)
    except TelegramError as exc:
        log.error("could not message staff %s (%s) in the group: %s", person.id, person.name, exc)
        return None


async def _send_private(app: Application, person: Staff, text: TextFn,
                        markup: MarkupFn | None) -> Message:
    lang = person_lang(person, app.bot_data["settings"])
    return await send_text(app.bot, person.tg_id, text(lang), markup(lang) if markup else None)


async def _send_in_group(app: Application, person: Staff, text: TextFn,
                         markup: MarkupFn | None) -> Message:
    """A mention in the studio's language, the buttons, and one to open the private chat."""
    settings = app.bot_data["settings"]
    lang = settings.studio.language
    body = t(lang, "common.for_person", who=mention(person), text=Markup(text(lang)))
    buttons = markup(lang) if markup else None
    rows = list(buttons.inline_keyboard) if buttons else []
    rows.append((InlineKeyboardButton(t(lang, "common.open_private"),
                                      url=f"https://t.me/{app.bot.username}?start=hi"),))
    return await send_text(app.bot, settings.studio.group_chat_id, body,
                           InlineKeyboardMarkup(rows))
