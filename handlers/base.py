"""What every handler stands on: the typed context with the update's facts, command and button
declarations, the one rights check, bad-input replies."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from html import escape

from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, CallbackContext, ExtBot

from config import Settings
from messaging import chats
from messaging.outbox import Outbox
from messaging.send import in_place_of, person_lang, send_text
from models import Staff, wall_now
from studio import inquiries
from studio import roster as staff_roster
from studio.asks import Question, Questions
from studio.clock import Clock
from studio.errors import Ambiguous, BadInput, Refused
from studio.parse.lists import command_rest, split_list
from studio.parse.people import name_span
from studio.parse.words import KeywordPattern, keyword_regex
from studio.roster import Role, resolve, role_of
from studio.text import utf16_len
from views import buttons, has, t
from views.asks import confirm_markup, person_code, which_person
from views.buttons import Press

log = logging.getLogger(__name__)

MAX_ARGS = 1000  # characters of arguments any command accepts; notes and titles are short

# What a person writes or sends, and Telegram lets a bot copy. Anything else in a message is
# Telegram's own doing (docs/pitfalls.md §37): a service message (``write_access_allowed`` when
# a Mini App opens, ``users_shared``, ``chat_shared``, a pin, an auto-delete timer, a gift …)
# or a forwarded giveaway, paid media or invoice, which ``copyMessage`` refuses.
WRITTEN = ("text", "animation", "audio", "document", "photo", "sticker", "story", "video",
           "video_note", "voice", "live_photo", "contact", "dice", "location", "venue", "poll",
           "checklist")
NOT_WRITTEN = ("giveaway", "giveaway_winners", "paid_media", "invoice")


def written_by_person(message: Message) -> bool:
    """Whether ``message`` holds something its sender wrote or sent (a text, a photo, a
    location …), rather than being one of Telegram's service messages."""
    if any(getattr(message, kind, None) for kind in NOT_WRITTEN):
        return False
    return any(getattr(message, kind, None) for kind in WRITTEN)


@dataclass(frozen=True)
class Facts:
    """What an update is about, computed once (``handlers.identify``, group −1) and read by
    every handler after: the update, the person speaking, their language, the event time."""

    update: Update
    person: Staff | None
    lang: str
    now: datetime
    argtext: str | None = None  # a keyword's arguments, whatever punctuation follows it
    # Run again from a warning's "do it anyway" button (``ask_to_confirm``), by its asker.
    confirmed: bool = False

    @classmethod
    def of(cls, update: Update, settings: Settings) -> Facts:
        user, message = update.effective_user, update.effective_message
        # The event time is the message's own date; a button press has none of its own.
        if message is not None and update.callback_query is None:
            now = message.date.astimezone(UTC)
        else:
            now = wall_now()
        person, lang = None, settings.studio.language
        # Sent as a chat (an anonymous admin, a channel): the user is a placeholder, no person.
        if user is not None and not (message is not None and message.sender_chat is not None):
            person = staff_roster.touch(user.id, user.full_name, user.username)
            chat = update.effective_chat
            if chat is not None and chat.type == ChatType.PRIVATE:
                if person is not None:
                    lang = person_lang(person, settings)
                else:
                    # A customer's language: theirs once they wrote, else their Telegram's
                    # (an English app is welcomed in English, as the inquiry is acknowledged).
                    customer = inquiries.by_tg(user.id)
                    lang = (customer.lang if customer is not None
                            else inquiries.customer_lang(user.language_code)) or lang
        return cls(update, person, lang, now)


class StudioContext(CallbackContext[ExtBot, dict, dict, dict]):
    """The callback context: the studio's settings and clock, and the update's ``Facts``."""

    def __init__(self, application: Application, chat_id=None, user_id=None):
        super().__init__(application, chat_id, user_id)
        self.facts: Facts | None = None  # set once per update, in group −1

    @property
    def settings(self) -> Settings:
        return self.application.bot_data["settings"]

    @property
    def clock(self) -> Clock:
        return self.application.bot_data["clock"]

    # --- the update's facts (PTB calls context.update(dict): hence "current_update") ---------

    @property
    def current_update(self) -> Update | None:
        return self.facts.update if self.facts else None

    @property
    def person(self) -> Staff | None:
        return self.facts.person if self.facts else None

    @property
    def lang(self) -> str:
        return self.facts.lang if self.facts else self.settings.studio.language

    @property
    def now(self) -> datetime:
        return self.facts.now if self.facts else wall_now()

    def speak(self, lang: str) -> None:
        """From now on this update is answered in ``lang`` (/lang in a private chat)."""
        self.facts = replace(self.facts, lang=lang)

    @property
    def confirmed(self) -> bool:
        """The person saw a warning about this message and pressed "do it anyway"."""
        return self.facts is not None and self.facts.confirmed

    @property
    def role(self) -> Role:
        return role_of(self.person)

    @property
    def in_private(self) -> bool:
        chat = self.current_update.effective_chat if self.current_update else None
        return chat is not None and chat.type == "private"

    @property
    def argtext(self) -> str:
        """What follows the command (or the keyword) in the message's text or caption."""
        if self.facts is not None and self.facts.argtext is not None:
            return self.facts.argtext
        message = self.current_update.effective_message if self.current_update else None
        text = (message.text or message.caption or "").strip() if message else ""
        return command_rest(text)

    @property
    def args_list(self) -> list[str]:
        """The arguments as words, split as a list is (spaces and ``，、；,;``), after a command
        (``/fine 小红，20，迟到``, ``/live，A``) as after a keyword (``开播了，A 第一场``)."""
        return split_list(self.argtext)

    @property
    def outbox(self) -> Outbox:
        """Where this handler's messages to other people go (staff, the managers)."""
        return Outbox(self.application)

    async def reply(self, text: str, reply_markup=None, **kwargs) -> Message | None:
        """Answer in the chat the update came from, split below Telegram's limit: in a group,
        in the topic of the message answered and quoting it (a button's answer goes to the
        topic of the message the button is under)."""
        update = self.current_update
        chat, message = update.effective_chat, update.effective_message
        if update.callback_query is not None:
            where = {k: v for k, v in in_place_of(message).items() if k == "message_thread_id"}
        else:
            where = in_place_of(message)
        return await send_text(self.bot, chat.id, text, reply_markup=reply_markup,
                               **{**where, **kwargs})


Handler = Callable[[Update, StudioContext], Awaitable[object]]
COMMANDS_KEY = "commands"  # app.bot_data: every Command, as handlers.register added them


@dataclass(frozen=True)
class Command:
    """A command: its name, the least role it needs, its Chinese keywords, where it runs."""

    name: str
    callback: Handler
    role: Role = Role.HOST
    keywords: tuple[str, ...] = ()
    where: str = "any"  # any | private | group (the studio group)
    menu: bool = True  # listed in /help and the command menu
    # Opens a conversation with no arguments (/metrics): a question's press never runs it, the
    # conversation would not hear the answers; almost its keyword gets the hint instead.
    conversation: bool = False


@dataclass(frozen=True)
class Button:
    """Inline buttons whose callback data is ``"<prefix>:<verb>:<id>"``."""

    prefix: str
    callback: Handler
    role: Role = Role.HOST


async def reply_error(context: StudioContext, exc: BadInput | Refused, command: str | None):
    """One line of reason; for bad input, the usage of the command too."""
    lang = context.lang
    line = t(lang, f"error.{exc.key}", **exc.params)
    if isinstance(exc, BadInput) and command and has(f"usage.{command}"):
        line = f"{line}\n{t(lang, 'common.usage_prefix')} {t(lang, f'usage.{command}')}"
    await context.reply(line)


def guard(command: Command, refused: object = None) -> Handler:
    """Wrap a command's callback in the one rights check and the bad-input reply.

    Returns what the callback returns (a conversation's next state), or ``refused`` when the
    command did not run or stopped on bad input."""

    async def run(update: Update, context: StudioContext):
        chat = update.effective_chat
        if context.role < command.role:
            await context.reply(t(context.lang, "error.not_allowed"))
            return refused
        if command.where == "private" and chat.type != "private":
            await context.reply(t(context.lang, "error.private_only"))
            return refused
        # The group's earlier id counts: a late update from before Telegram upgraded it.
        if command.where == "group" and (chats.current_id(context.application, chat.id)
                                         != context.settings.studio.group_chat_id):
            await context.reply(t(context.lang, "error.group_only"))
            return refused
        try:
            # Counted as sent: escaped to HTML, in UTF-16 units (docs/pitfalls.md §31).
            if utf16_len(escape(context.argtext)) > MAX_ARGS:
                raise BadInput("too_long", max=MAX_ARGS)
            return await command.callback(update, context)
        except Ambiguous as exc:
            if not await ask_which_person(update, context, command, exc):
                await reply_error(context, exc, command.name)
            return refused
        except (BadInput, Refused) as exc:
            await reply_error(context, exc, command.name)
            return refused

    run.__name__ = f"cmd_{command.name}"
    run.__doc__ = command.callback.__doc__
    return run


# A button's number that names nothing (forged, or its row gone): the one notice, as for
# forged data, not a refusal that echoes the number.
GONE = frozenset({"unknown_person", "unknown_proposal", "unknown_leave_request",
                  "unknown_broadcast", "unknown_handover"})

MAX_CANDIDATES = 10  # more people of one name than this: the numbers are listed instead


def questions(context: StudioContext) -> Questions:
    """The bot's open questions (``studio.asks``), kept with the application."""
    return context.application.bot_data.setdefault("questions", Questions())


def _with_number(text: str, typed: str, staff_id: int, start: int | None = None) -> str | None:
    """The message as if typed with the staff number: the name, after the command's own word
    (or from ``start``: where a keyword's arguments begin, ``请假，小美 明天``), replaced by
    ``No.12`` (not ``#12``: ``/plan #12`` is a plan); None when it is not there."""
    words = typed.split()
    head = text.split(maxsplit=1)
    if not words or not head:
        return None
    found = re.compile(r"\s+".join(map(re.escape, words))).search(
        text, len(head[0]) if start is None else start)
    if found is None:
        return None
    return f"{text[:found.start()]}No.{staff_id}{text[found.end():]}"


async def ask_which_person(update: Update, context: StudioContext, command: Command,
                           exc: Ambiguous) -> bool:
    """A name several people share: ask which one, a button per person; pressing one runs the
    message again as if typed with that person's number. False when it cannot ask (a button's
    press, a name not found in the message, too many people)."""
    message = update.message
    text = (message.text or message.caption) if message is not None else None
    if text is None or message.from_user is None or len(exc.people) > MAX_CANDIDATES:
        return False
    # The arguments are the end of the text, whatever punctuation came before (``请假，小美``,
    # ``/fine，小美，抽烟``).
    rest = context.argtext
    start = text.rfind(rest) if rest else None
    choices = {}
    for staff_id, _ in exc.people:
        rewritten = _with_number(text, exc.typed, staff_id,
                                 start if start is not None and start >= 0 else None)
        if rewritten is None:
            return False
        choices[person_code(staff_id)] = rewritten
    number = questions(context).ask(Question(
        message.from_user.id, message.chat_id, command.name, message.to_dict(), choices,
        wall_now()))
    question, markup = which_person(context.lang, number, exc.typed, exc.people)
    sent = await context.reply(question, markup)
    if sent is not None:
        questions(context).asked_in(number, sent.message_id)
    return True


async def ask_to_confirm(update: Update, context: StudioContext, command: str, warning: str,
                         yes_label: str) -> bool:
    """Warn and ask before acting (``/plan`` on a leave day): [yes_label / 取消]; the yes button
    runs the message again as its sender, at its own time, with ``context.confirmed`` — through
    the command's guard, so the right is checked again at the press. False when it cannot ask
    (no message of a person to run again)."""
    message = update.message
    text = (message.text or message.caption) if message is not None else None
    if text is None or message.from_user is None:
        return False
    number = questions(context).ask(Question(
        message.from_user.id, message.chat_id, command, message.to_dict(), {"yes": text},
        wall_now(), confirms=True))
    sent = await context.reply(warning, confirm_markup(context.lang, number, yes_label))
    if sent is not None:
        questions(context).asked_in(number, sent.message_id)
    return True


def on_keyboard(query: CallbackQuery) -> bool:
    """Whether the data pressed is one of the buttons of the message it came from, as Telegram
    shows that message now: a client may forge data up to 64 bytes, well-formed, with another
    card's number. A message Telegram no longer shows (``InaccessibleMessage``) is not checked."""
    message = query.message
    if not isinstance(message, Message):
        return True
    markup = message.reply_markup
    rows = markup.inline_keyboard if markup is not None else ()
    return any(b.callback_data == query.data for row in rows for b in row)


def guard_button(button: Button) -> Handler:
    """Answer the query first, then check the presser's right again (a menu never authorises)."""

    async def run(update: Update, context: StudioContext):
        query: CallbackQuery = update.callback_query
        press = buttons.decode(query.data)
        # The bot puts buttons on its own messages only: a press from an inline message is forged.
        if press is None or press.prefix != button.prefix or query.message is None \
                or not on_keyboard(query):
            await button_gone(update, context)
            return None
        if context.role < button.role:
            await query.answer(t(context.lang, "error.not_allowed"), show_alert=True)
            return None
        try:
            return await button.callback(update, context)
        except (BadInput, Refused) as exc:
            if exc.key in GONE:
                await button_gone(update, context)
                return None
            await query.answer(t(context.lang, f"error.{exc.key}", **exc.params),
                               show_alert=True)
            return None

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
    span = name_span(args)
    named = span > 0 and (
        not (prefer_reply and replied) or args[0].lstrip().startswith(("@", "＠")))
    if replied and not named:
        return resolve(None, reply.from_user.id, active_only=active_only), args
    if named:
        return resolve(" ".join(args[:span]), active_only=active_only), args[span:]
    if args:  # a first word that names no one (小美 for 新人小美): say which word
        raise BadInput("no_person_named", value=args[0][:40])
    raise BadInput("no_person")


def optional_person(context: StudioContext, args: list[str], *, reply_names: bool = False,
                    active_only: bool = True) -> tuple[Staff | None, list[str]]:
    """An "@who" the command may go without: (the person or None, the other args).

    The first argument names the person when it looks like one; with ``reply_names`` a reply
    does too (``/leave 12-01`` in reply to a host)."""
    replied = context.current_update.effective_message.reply_to_message is not None
    if name_span(args) or (reply_names and replied):
        return target_person(context, args, active_only=active_only)
    return None, args


def commands(app: Application) -> list[Command]:
    """Every command of the bot (/help lists them), handed over by ``handlers.register``."""
    return app.bot_data.get(COMMANDS_KEY, [])


def keyword_pattern(commands: list[Command]) -> KeywordPattern:
    """A text starting with a keyword as staff say it (``我开播了``): ``studio.parse.words``."""
    return keyword_regex(kw for c in commands for kw in c.keywords)


def pressed(update: Update) -> Press:
    """The press of a button (``views.buttons``); ``guard_button`` let only well-formed ones
    through."""
    press = buttons.decode(update.callback_query.data)
    if press is None:  # only reached without guard_button: a wiring mistake
        raise ValueError(f"no press the codec accepts: {update.callback_query.data!r}")
    return press


async def button_gone(update: Update, context: StudioContext) -> None:
    """Any press the bot cannot act on (unknown or forged data, an inline or a game button):
    the one notice, nothing done."""
    query = update.callback_query
    log.info("press the bot cannot act on: %r", (query.data or query.game_short_name or "")[:80])
    try:
        await query.answer(t(context.lang, "common.button_gone"), show_alert=True)
    except TelegramError as exc:  # the query may be too old (docs/pitfalls.md §29)
        log.info("could not answer a press: %s", exc)
