"""Never silent: what staff address to the bot and nothing else took.

Privately every message of a staff member gets an answer; in the group, what is addressed to
the bot (a command, a reply to the bot, a mention of it) does, and the staff's chatter is left
alone. A command typed with a full-width slash (``／live``) or in a photo's or video's caption
runs as the command. A reply to the ``/inbox`` list meant for a customer reaches them
(``3 您好`` or, with one inquiry listed, the text alone) or says exactly how.
"""

from __future__ import annotations

import difflib
import re

from telegram import Message, Update
from telegram.ext import MessageHandler, filters

from handlers.base import Command, Handler, StudioContext, commands
from studio import inquiries
from studio.parse.numbers import fold
from studio.parse.words import PHRASES, keyword_of, keyword_regex, slash_command
from studio.roster import Role
from views import t

_CAPTION_COMMAND = re.compile(r"^\s*[/／]([A-Za-z]+)(?:@\w+)?(?:\s|$)")
_NUMBERED = re.compile(r"^#?([0-9]{1,9})[\s,，:：]+(.+)$", re.DOTALL)
_LISTED = re.compile(r"^#([0-9]{1,9}) ", re.MULTILINE)


def closest(text: str, role: Role, every: list[Command]) -> Command | None:
    """The command ``text`` most likely meant, of ``every`` command: one whose keyword it
    contains (``要开播吗``), else the nearest command name (``/ofline``)."""
    mine = [c for c in every if c.role <= role]
    folded = fold(text).lower()
    said = {kw: c for c in mine for kw in c.keywords}
    said.update({phrase: said[kw] for phrase, kw in PHRASES.items() if kw in said})
    for word in sorted(said, key=len, reverse=True):
        if word in folded:
            return said[word]
    first = folded.lstrip("/").split(maxsplit=1)[0].split("@")[0] if folded.strip() else ""
    names = {c.name: c for c in mine}
    match = difflib.get_close_matches(first, list(names), n=1, cutoff=0.6)
    return names[match[0]] if match else None


async def hint(update: Update, context: StudioContext) -> None:
    """A one-line hint naming the closest command."""
    message = update.effective_message
    text = (message.text or message.caption or "").strip()
    command = closest(text, context.role, commands(context.application))
    shown = text[:40] + ("…" if len(text) > 40 else "")
    if command is None and text.startswith(("/", "／")):
        await context.reply(t(context.lang, "error.unknown_command"))
        return
    if command is None:
        await context.reply(t(context.lang, "hint.not_understood_plain", text=shown))
        return
    if text.startswith(("/", "／")):
        name = text.lstrip("/／").split(maxsplit=1)[0].split("@")[0][:30]
        await context.reply(t(context.lang, "hint.unknown_command", name=name,
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

            if await deliver_answer(context, inquiries.get(number), text=text) is not None:
                await context.reply(t(context.lang, "inquiries.passed_on", number=number))
            return
        await context.reply(t(context.lang, "hint.answer_how", number=listed[0]))
        return
    await hint(update, context)


def keyword_handler(by_keyword: dict[str, Handler]) -> MessageHandler:
    """A text starting with a keyword as staff say it (``我开播了``, ``下播啦``, ``已到岗``)."""

    async def run_keyword(update: Update, context: StudioContext) -> None:
        await by_keyword[keyword_of(context.matches[0].group("word"))](update, context)

    return MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT
                          & filters.Regex(keyword_regex(by_keyword)), run_keyword)


def extra_handlers(commands: list[Command]) -> list:
    """After every command, keyword and conversation: what is left, addressed to the bot."""
    message = filters.UpdateType.MESSAGE
    staff = _ActiveStaff()
    captioned = filters.CaptionRegex(_CAPTION_COMMAND) & (filters.PHOTO | filters.VIDEO
                                                          | filters.Document.ALL)
    return [
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
BUTTONS: list = []
