"""What every handler stands on: the typed context, command and button declarations, the one
rights check, bad-input replies, and sending that respects Telegram's limits."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    Update,
)
from telegram.ext import Application, CallbackContext, ExtBot
from telegram.helpers import mention_html

from config import Settings
from models import Staff, wall_now
from studio.clock import Clock
from studio.errors import BadInput, Refused
from studio.i18n import Catalogue, Markup, catalogue
from studio.roster import Role, looks_like_person, resolve, role_of
from studio.text import split_text

log = logging.getLogger(__name__)

MAX_ARGS = 1000  # characters of arguments any command accepts; notes and titles are short


class StudioContext(CallbackContext[ExtBot, dict, dict, dict]):
    """The callback context, with the studio's settings and the person speaking."""

    def __init__(self, application: Application, chat_id=None, user_id=None):
        super().__init__(application, chat_id, user_id)
        self.person: Staff | None = None
        self.lang: str = self.settings.studio.language
        self.now: datetime = wall_now()
        self.argtext: str = ""
        self.current_update: Update | None = None  # not "update": PTB calls context.update(dict)

    @property
    def settings(self) -> Settings:
        return self.application.bot_data["settings"]

    @property
    def clock(self) -> Clock:
        return self.application.bot_data["clock"]

    @property
    def cat(self) -> Catalogue:
        return catalogue()

    @property
    def role(self) -> Role:
        return role_of(self.person)

    @property
    def in_private(self) -> bool:
        chat = self.current_update.effective_chat if self.current_update else None
        return chat is not None and chat.type == "private"

    def t(self, key: str, **params) -> str:
        return self.cat.t(self.lang, key, **params)

    def tl(self, lang: str | None, key: str, **params) -> str:
        return self.cat.t(lang or self.settings.studio.language, key, **params)

    @property
    def args_list(self) -> list[str]:
        return self.argtext.split()

    async def reply(self, text: str, reply_markup=None, **kwargs) -> Message | None:
        """Answer in the chat the update came from, split below Telegram's limit; a 5xx or a
        timeout is retried with back-off (a 429 is waited out by the rate limiter)."""
        from handlers.delivery import send_retrying  # delivery builds on this module

        chat = self.current_update.effective_chat
        return await send_long(self.bot, chat.id, text, reply_markup=reply_markup,
                               send=partial(send_retrying, self.bot), **kwargs)


Handler = Callable[[Update, StudioContext], Awaitable[None]]
# (lang, key, **params) -> text: ``context.tl`` in a handler, ``call.t`` in a job, so a text
# both build is written once.
Translate = Callable[..., str]


@dataclass(frozen=True)
class Command:
    """A command: its name, the least role it needs, its Chinese keywords, where it runs."""

    name: str
    callback: Handler
    role: Role = Role.HOST
    keywords: tuple[str, ...] = ()
    where: str = "any"  # any | private | group (the studio group)
    menu: bool = True  # listed in /help and the command menu


@dataclass(frozen=True)
class Button:
    """Inline buttons whose callback data is ``"<prefix>:<verb>:<id>"``."""

    prefix: str
    callback: Handler
    role: Role = Role.HOST


def person_lang(person: Staff | None, settings: Settings) -> str:
    return (person.lang if person and person.lang else None) or settings.studio.language


def mention(person: Staff) -> Markup:
    return Markup(mention_html(person.tg_id, person.name))


def keyboard(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """Rows of (label, callback data) as an inline keyboard."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data)
                                  for label, data in row] for row in rows])


def under(message_id: int | None) -> ReplyParameters | None:
    """Reply parameters for a message sent under ``message_id``, sent anyway if it is gone."""
    return ReplyParameters(message_id, allow_sending_without_reply=True) if message_id else None


async def send_long(bot, chat_id: int, text: str, reply_markup=None, *, send=None,
                    **kwargs) -> Message | None:
    """Send ``text`` in as many messages as it needs; the buttons go with the last. ``send``
    sends one (``bot.send_message`` unless the caller retries)."""
    send = send or bot.send_message
    pieces = split_text(text)
    last = None
    for i, piece in enumerate(pieces):
        markup = reply_markup if i == len(pieces) - 1 else None
        last = await send(chat_id, piece, reply_markup=markup, **kwargs)
    return last


async def reply_error(context: StudioContext, exc: BadInput | Refused, command: str | None):
    """One line of reason; for bad input, the usage of the command too."""
    line = context.t(f"error.{exc.key}", **exc.params)
    if isinstance(exc, BadInput) and command and context.cat.has(f"usage.{command}"):
        line = f"{line}\n{context.t('common.usage_prefix')} {context.t(f'usage.{command}')}"
    await context.reply(line)


def guard(command: Command) -> Handler:
    """Wrap a command's callback in the one rights check and the bad-input reply."""

    async def run(update: Update, context: StudioContext) -> None:
        message = update.effective_message
        text = (message.text or message.caption or "").strip()
        parts = text.split(maxsplit=1)
        context.argtext = parts[1].strip() if len(parts) > 1 else ""
        chat = update.effective_chat
        if context.role < command.role:
            await context.reply(context.t("error.not_allowed"))
            return
        if command.where == "private" and chat.type != "private":
            await context.reply(context.t("error.private_only"))
            return
        if command.where == "group" and chat.id != context.settings.studio.group_chat_id:
            await context.reply(context.t("error.group_only"))
            return
        try:
            if len(context.argtext) > MAX_ARGS:
                raise BadInput("too_long", max=MAX_ARGS)
            await command.callback(update, context)
        except (BadInput, Refused) as exc:
            await reply_error(context, exc, command.name)

    run.__name__ = f"cmd_{command.name}"
    run.__doc__ = command.callback.__doc__
    return run


def guard_button(button: Button) -> Handler:
    """Answer the query first, then check the presser's right again (a menu never authorises)."""

    async def run(update: Update, context: StudioContext) -> None:
        query: CallbackQuery = update.callback_query
        if context.role < button.role:
            await query.answer(context.t("error.not_allowed"), show_alert=True)
            return
        try:
            await button.callback(update, context)
        except (BadInput, Refused) as exc:
            await query.answer(context.t(f"error.{exc.key}", **exc.params), show_alert=True)

    run.__name__ = f"button_{button.prefix}"
    return run


def target_person(context: StudioContext, args: list[str], *, prefer_reply: bool = False,
                  active_only: bool = True) -> tuple[Staff, list[str]]:
    """"@who" from the first argument, or from the message replied to: (person, other args).

    With ``prefer_reply`` a reply names the person even when the first argument is a number
    (``/fine 35 迟到`` in reply to someone: 35 is the amount, not staff number 35); an
    ``@username`` still wins over the reply."""
    reply = context.current_update.effective_message.reply_to_message
    replied = reply is not None and reply.from_user is not None and not reply.from_user.is_bot
    named = bool(args) and looks_like_person(args[0]) and (
        not (prefer_reply and replied) or args[0].lstrip().startswith(("@", "＠")))
    if replied and not named:
        return resolve(None, reply.from_user.id, active_only=active_only), args
    if named:
        return resolve(args[0], active_only=active_only), args[1:]
    raise BadInput("no_person")


def optional_person(context: StudioContext, args: list[str], *, reply_names: bool = False,
                    active_only: bool = True) -> tuple[Staff | None, list[str]]:
    """An "@who" the command may go without: (the person or None, the other args).

    The first argument names the person when it looks like one; with ``reply_names`` a reply
    does too (``/leave 12-01`` in reply to a host)."""
    replied = context.current_update.effective_message.reply_to_message is not None
    if (args and looks_like_person(args[0])) or (reply_names and replied):
        return target_person(context, args, active_only=active_only)
    return None, args


def callback_parts(update: Update) -> list[str]:
    """``"fine:confirm:12"`` → ``["fine", "confirm", "12"]``."""
    return (update.callback_query.data or "").split(":")
