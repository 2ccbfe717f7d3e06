"""Never silent: what staff address to the bot and nothing else took.

Privately every message of a staff member gets an answer; in the group, what is addressed to
the bot (a command, a reply to the bot, a mention of it) does, and the staff's chatter is left
alone. A command typed with a full-width slash (``／live``) or in a photo's or video's caption
runs as the command; a keyword after a mention of the bot (``@bot 开播``) runs as the keyword.
What is almost a keyword (``开播吗``, ``我想下播``, ``开拨``) is asked about ("是要开播吗?" with
[是 / 不是]); 是 runs the keyword's command as the person, at the message's time. A name several
people share asks which one (``handlers.base.ask_which_person``); a press runs the message again
with that person's number. A reply to the ``/inbox`` list meant for a customer reaches them
(``3 您好`` or, with one inquiry listed, the text alone) or says exactly how.
"""

from __future__ import annotations

import difflib
import logging
import re
from dataclasses import replace

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import MessageHandler, filters

from handlers.base import (
    MAX_CANDIDATES,
    Button,
    Command,
    Facts,
    Handler,
    StudioContext,
    button_gone,
    commands,
    keyword_pattern,
    pressed,
    questions,
    reply_error,
)
from messaging import chats
from models import wall_now
from studio import inquiries
from studio.asks import Question
from studio.errors import Ambiguous, BadInput, Refused
from studio.parse.lists import split_list
from studio.parse.numbers import fold
from studio.parse.people import name_span
from studio.parse.words import (
    MONEY_VERBS,
    PHRASES,
    keyword_args,
    keyword_of,
    keyword_regex,
    money_words,
    near_keyword,
    slash_command,
)
from studio.roster import Role, resolve
from views import t
from views.asks import meant_keyword, person_code, which_person

log = logging.getLogger(__name__)

_CAPTION_COMMAND = re.compile(r"^\s*[/／]([A-Za-z]+)(?:@\w+)?(?![A-Za-z0-9_])")
_NUMBERED = re.compile(r"^#?([0-9]{1,9})[\s,，:：]+(.+)$", re.DOTALL)
_LISTED = re.compile(r"^#([0-9]{1,9}) ", re.MULTILINE)
_CARD = re.compile(r"^#[0-9]{1,9} ")  # an inquiry's card starts with its number; /inbox, a title
_LEADING_MENTION = re.compile(r"^\s*[@＠]([A-Za-z0-9_]+)[\s,，:：]*")


def without_bot_mention(message: Message) -> str:
    """The text (or caption) without a mention of this bot at its start: ``@bot 开播`` → ``开播``."""
    text = message.text or message.caption or ""
    mention = _LEADING_MENTION.match(text)
    username = message.get_bot().username or ""
    if mention and username and mention.group(1).lower() == username.lower():
        return text[mention.end():]
    return text


_ADDRESSEE = re.compile(r"^\s*[/／][^\s@]*@(\w+)")


def for_this_bot(message: Message, text: str) -> bool:
    """A slash line not addressed to another bot: ``/live`` or ``/live@thisbot``, not
    ``/cmd@otherbot`` (Telegram sends it to every bot in the group that reads it all)."""
    found = _ADDRESSEE.match(text)
    username = message.get_bot().username or ""
    return found is None or found.group(1).lower() == username.lower()


def closest(text: str, role: Role, every: list[Command]) -> Command | None:
    """The command ``text`` most likely meant, of ``every`` command: one whose keyword it
    contains (``要开播吗``), else the nearest command name (``/ofline``)."""
    # Staff joined already: /join is never what they meant ("going live" is no "join").
    mine = [c for c in every if c.role <= role and not (c.name == "join" and role >= Role.HOST)]
    folded = fold(text).lower()
    said = {kw: c for c in mine for kw in c.keywords}
    said.update({phrase: said[kw] for phrase, kw in PHRASES.items() if kw in said})
    said.update({verb: c for c in mine if c.name == "fine" for verb in MONEY_VERBS})
    for word in sorted(said, key=len, reverse=True):
        if word in folded:
            return said[word]
    first = typed_command(folded) or ""
    names = {c.name: c for c in mine}
    match = difflib.get_close_matches(first, list(names), n=1, cutoff=0.6)
    return names[match[0]] if match else None


def typed_command(text: str) -> str | None:
    """The command name a slash line names (``/ofline A`` → ``ofline``); None for a bare
    ``/`` or a line without one."""
    words = text.strip().lstrip("/／").split(maxsplit=1)
    return words[0].split("@")[0][:30].lower() if text.strip()[:1] in ("/", "／") and words \
        else None


async def ask_meant_keyword(update: Update, context: StudioContext, text: str) -> bool:
    """Almost a keyword (``开播吗``): ask "是要开播吗?" with [是 / 不是]; False when it is not."""
    message = update.message
    if message is None or message.from_user is None or text.startswith(("/", "／")):
        return False
    mine = {kw: c for c in commands(context.application)
            if c.role <= context.role and not c.conversation for kw in c.keywords}
    keyword = near_keyword(text, mine)
    if keyword is None:
        return False
    command = mine[keyword]
    number = questions(context).ask(Question(
        message.from_user.id, message.chat_id, command.name, message.to_dict(),
        {"yes": f"/{command.name}"}, wall_now()))
    question, markup = meant_keyword(context.lang, number, keyword, command.name)
    sent = await context.reply(question, markup)
    if sent is not None:
        questions(context).asked_in(number, sent.message_id)
    return True


async def hint(update: Update, context: StudioContext) -> None:
    """Almost a keyword: a question; otherwise a one-line hint naming the closest command."""
    message = update.effective_message
    text = without_bot_mention(message).strip()
    if not text:  # a sticker, a voice note, a photo: nothing to quote back
        await context.reply(t(context.lang, "hint.no_text"))
        return
    if await ask_meant_keyword(update, context, text):
        return
    typed = typed_command(text)
    guarded = context.application.bot_data.get("guarded", {})
    if typed in guarded:  # a real command that reached here (in a caption): run it
        await guarded[typed](update, context)
        return
    command = closest(text, context.role, commands(context.application))
    shown = text[:40] + ("…" if len(text) > 40 else "")
    if command is None and text.startswith(("/", "／")):
        await context.reply(t(context.lang, "error.unknown_command"))
        return
    if command is None:
        await context.reply(t(context.lang, "hint.not_understood_plain", text=shown))
        return
    if text.startswith(("/", "／")):
        await context.reply(t(context.lang, "hint.unknown_command", name=typed or "",
                                      command=f"/{command.name}"))
        return
    await context.reply(t(context.lang, "hint.not_understood", text=shown, command=f"/{command.name}",
                                  usage=t(context.lang, f"usage.{command.name}")))


class _ActiveStaff(filters.MessageFilter):
    def filter(self, message: Message) -> bool:
        from studio import roster

        person = roster.by_tg(message.from_user.id) if message.from_user else None
        return person is not None and person.active


class _AddressedToBot(filters.MessageFilter):
    """In a group: a reply to the bot, or a mention of it (``/foo@bot`` too). A bare unknown
    ``/foo`` may be another bot's: left alone."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        reply = message.reply_to_message
        if reply is not None and reply.from_user is not None and reply.from_user.id == bot.id:
            return True
        text = message.text or message.caption or ""
        return bool(bot.username) and f"@{bot.username}".lower() in text.lower()


async def run_slash(update: Update, context: StudioContext) -> None:
    """``／live`` or a caption ``/video …``: the command, as if typed with its own slash."""
    message = update.effective_message
    text = message.text or message.caption or ""
    if not for_this_bot(message, text):
        return
    match = _CAPTION_COMMAND.match(text)
    name = match.group(1).lower() if match else slash_command(text)
    guarded = context.application.bot_data.get("guarded", {}).get(name)
    if guarded is None:
        await hint(update, context)
        return
    await guarded(update, context)


async def reply_to_bot(update: Update, context: StudioContext) -> None:
    """A reply to the bot that nothing else took: to the /inbox list, an answer for a customer;
    otherwise the closest command."""
    message = update.effective_message
    replied = message.reply_to_message
    listed = [int(n) for n in _LISTED.findall((replied.text or "") if replied else "")]
    if listed and context.role >= Role.HOST and _CARD.match(replied.text or ""):
        # An inquiry's card the bot keeps no record of (one posted before a restore): what is
        # typed under it would reach nobody; say so, and how to answer instead.
        await context.reply(t(context.lang, "hint.unknown_card", number=listed[0]))
        return
    if listed and context.role >= Role.HOST and message.text:
        numbered = _NUMBERED.match(fold(message.text).strip())
        number, text = (int(numbered.group(1)), message.text.strip()) if numbered else (None, "")
        if numbered and number in listed:
            text = numbered.group(2).strip()
        elif len(listed) == 1 and not numbered:
            number, text = listed[0], message.text.strip()
        else:
            number = None
        if number is not None:
            from handlers.inquiries import deliver_answer

            try:
                inquiry = inquiries.get(number)
            except (BadInput, Refused) as exc:  # a number no inquiry has (any more)
                await reply_error(context, exc, "answer")
                return
            if await deliver_answer(context, inquiry, text=text) is not None:
                await context.reply(t(context.lang, "inquiries.passed_on", number=number))
            return
        await context.reply(t(context.lang, "hint.answer_how", number=listed[0]))
        return
    await hint(update, context)


class _MoneyWords(filters.MessageFilter):
    """A fine said in words (``罚款 小红 20 迟到``, ``@bot 乐捐 小红 抽烟``)."""

    def filter(self, message: Message) -> bool:
        return money_words(without_bot_mention(message)) is not None


def _names_someone(argtext: str) -> bool:
    """The words start with a person on the roster (one of several of that name too), and
    something follows: ``小红 20 迟到``, not ``1`` or ``规则看手册``."""
    words = split_list(argtext)
    span = name_span(words)
    if not span or len(words) <= span:
        return False
    try:
        resolve(" ".join(words[:span]))
    except Ambiguous:
        return True
    except (BadInput, Refused):
        return False
    return True


async def fine_in_words(update: Update, context: StudioContext) -> None:
    """Money said in words: asked about with a button, recorded only on 是
    (``handlers.fines.confirm_fine``); words that name nobody are chatter in the group."""
    from handlers.fines import confirm_fine

    message = update.effective_message
    argtext = money_words(without_bot_mention(message)) or ""
    addressed = context.in_private or _AddressedToBot().filter(message)
    if not _names_someone(argtext):
        if addressed:
            await hint(update, context)
        return
    if context.role < Role.OPS:
        if addressed:
            await context.reply(t(context.lang, "error.not_allowed"))
        return
    try:
        await confirm_fine(update, context, argtext)
    except Ambiguous as exc:
        await ask_which_to_fine(update, context, argtext, exc)
    except (BadInput, Refused) as exc:
        await reply_error(context, exc, "fine")


async def ask_which_to_fine(update: Update, context: StudioContext, argtext: str,
                            exc: Ambiguous) -> None:
    """A name several people share, in a fine said in words: which one, a button each; the
    press records ``/fine No.<n> …`` (the press is the confirmation)."""
    start = argtext.find(exc.typed)
    if start < 0 or len(exc.people) > MAX_CANDIDATES:
        await reply_error(context, exc, "fine")
        return
    message = update.message
    choices = {person_code(staff_id): f"/fine {argtext[:start]}No.{staff_id}"
                                      f"{argtext[start + len(exc.typed):]}"
               for staff_id, _ in exc.people}
    number = questions(context).ask(Question(message.from_user.id, message.chat_id, "fine",
                                             message.to_dict(), choices, wall_now()))
    question, markup = which_person(context.lang, number, exc.typed, exc.people)
    sent = await context.reply(question, markup)
    if sent is not None:
        questions(context).asked_in(number, sent.message_id)


class _Keyword(filters.MessageFilter):
    """A text starting with a keyword as staff say it, or with a mention of this bot and then
    the keyword (``@bot 开播``); the match goes to ``context.matches``."""

    data_filter = True

    def __init__(self, pattern: re.Pattern):
        super().__init__(name="Keyword")
        self.pattern = pattern

    def filter(self, message: Message) -> dict | bool:
        match = self.pattern.match(without_bot_mention(message))
        return {"matches": [match]} if match else False


def keyword_handler(by_keyword: dict[str, Handler]) -> MessageHandler:
    """A text starting with a keyword as staff say it (``我开播了``, ``下播啦``, ``已到岗``);
    what follows it, after any punctuation (``开播了，A``), is the command's arguments."""

    async def run_keyword(update: Update, context: StudioContext) -> None:
        match = context.matches[0]
        message = update.effective_message
        # "小红明天请假" from a host in the group is news about a colleague, not a request:
        # only a manager registers someone else's leave, and only that is acted on unasked.
        if match.groupdict().get("who") and not match.group("who").startswith(("我", "咱")) \
                and context.role < Role.MANAGER and not context.in_private \
                and not _AddressedToBot().filter(message):
            return
        context.facts = replace(context.facts, argtext=keyword_args(match))
        await by_keyword[keyword_of(match.group("word"))](update, context)

    return MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT
                          & _Keyword(keyword_regex(by_keyword)), run_keyword)


async def answer_question(update: Update, context: StudioContext) -> None:
    """A press on one of the bot's questions: 是 or a person runs the message as meant (as the
    person who asked, at the message's time); 不是 drops it. Only the asker may answer, once."""
    query = update.callback_query
    press = pressed(update)
    question = questions(context).get(press.id, wall_now())
    text = question.choices.get(press.code or press.verb) if question is not None else None
    # The group's earlier id counts: a question asked before Telegram upgraded the group.
    if question is None or (press.verb != "no" and text is None) \
            or chats.current_id(context.application, question.chat_id) \
            != chats.current_id(context.application, query.message.chat_id) \
            or question.asked_in not in (None, query.message.message_id):
        await button_gone(update, context)
        return
    if query.from_user.id != question.user_id:
        await query.answer(t(context.lang, "ask.not_yours"), show_alert=True)
        return
    questions(context).close(press.id)
    try:
        await query.answer(t(context.lang, "ask.dropped") if press.verb == "no" else None)
        await query.edit_message_reply_markup(None)
    except TelegramError as exc:  # too old, or already edited (docs/pitfalls.md §29)
        log.info("could not close question %s: %s", press.id, exc)
    if press.verb == "no":
        return
    data = dict(question.message)
    field = "text" if "text" in data else "caption"
    data[field] = text
    data.pop("entities", None)
    data.pop("caption_entities", None)
    again = Update(update.update_id, message=Message.de_json(data, context.bot))
    context.facts = replace(Facts.of(again, context.settings), confirmed=question.confirms)
    # A keyword's message (``请假 No.5，明天``): its arguments as the keyword reads them.
    said = keyword_pattern(commands(context.application)).match(
        without_bot_mention(again.message))
    if said is not None and keyword_of(said.group("word")) in {
            kw for c in commands(context.application) if c.name == question.command
            for kw in c.keywords}:
        context.facts = replace(context.facts, argtext=keyword_args(said))
    guarded = context.application.bot_data.get("guarded", {})
    await guarded[question.command](again, context)


def extra_handlers(commands: list[Command]) -> list:
    """After every command, keyword and conversation: what is left, addressed to the bot."""
    message = filters.UpdateType.MESSAGE
    staff = _ActiveStaff()
    # A command in the caption of any media (a photo, a video, a voice note, a file …).
    captioned = filters.CaptionRegex(_CAPTION_COMMAND)
    return [
        ("last", MessageHandler(message & filters.TEXT & staff & _MoneyWords(), fine_in_words)),
        ("last", MessageHandler(message & (filters.Regex(r"^\s*[／⁄∕][A-Za-z]") | captioned),
                                run_slash)),
        ("last", MessageHandler(message & filters.ChatType.GROUPS & staff & filters.REPLY
                                & _AddressedToBot(), reply_to_bot)),
        ("last", MessageHandler(message & filters.ChatType.GROUPS & staff & _AddressedToBot(),
                                hint)),
        ("last", MessageHandler(message & filters.ChatType.PRIVATE & staff, hint)),
    ]


def guarded_commands(app, guarded: dict[str, Handler]) -> None:
    """Keep the guarded commands where the slash and caption handler find them by name."""
    app.bot_data["guarded"] = guarded


COMMANDS: list = []
# Anyone: only the asker may answer, and what runs is checked again by the command's guard.
BUTTONS: list = [Button("ask", answer_question, Role.ANYONE)]
