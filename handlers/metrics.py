"""Metrics (数据): ``/metrics key=value …`` at once, or without arguments a guided conversation
that asks each field in turn (``/skip``, ``/cancel``) and writes only on Confirm (or ``/save``).

One entry for both: the ConversationHandler below is registered "first" (before every
command), so it takes ``/metrics`` and 数据 before the registry's own CommandHandler for the
``metrics`` Command — that Command stays declared in COMMANDS for /help, the menu and the rights
test. The entry runs the Command through ``guard`` (rights, chat, length, bad input) and only
then decides whether a conversation starts.
"""

from __future__ import annotations

import warnings
from dataclasses import replace

from telegram import ForceReply, Update
from telegram.error import TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from handlers.base import Button, Command, StudioContext, guard, keyword_pattern
from models import Broadcast
from studio import broadcasts, metrics
from studio.errors import BadInput
from studio.parse.words import keyword_args, keyword_regex
from studio.roster import Role
from studio.text import format_fen
from views import buttons, keyboard, t
from views.buttons import encode
from views.metrics import keys_text

ASKING, CONFIRMING = range(2)


def draft_key(context: StudioContext) -> str:
    return f"metrics:draft:{context.current_update.effective_chat.id}"


def shown(key: str, value) -> str:
    """GMV in yuan, counts with thousands separators like it ("12,000"), texts as typed."""
    if key == "gmv":
        return format_fen(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def summary(context: StudioContext, broadcast: Broadcast, values: dict) -> str:
    """The broadcast and its numbers, with GPM and average order value where they exist."""
    lines = [t(context.lang, "metrics.summary_title", number=broadcast.id, day=broadcast.day.isoformat(),
                       room=broadcast.room)]
    for key in metrics.KEYS:
        if key in values:
            lines.append(t(context.lang, "metrics.summary_line", name=t(context.lang, f"metrics.name_{key}"),
                                   value=shown(key, values[key])))
    gpm = metrics.gpm_fen(values.get("gmv"), values.get("viewers"))
    aov = metrics.average_order_fen(values.get("gmv"), values.get("orders"))
    if gpm is not None or aov is not None:
        none = t(context.lang, "metrics.none")
        def amount(fen):  # "—" alone: a dash is no amount of yuan
            return none if fen is None else t(context.lang, "metrics.amount", amount=format_fen(fen))
        lines.append(t(context.lang, "metrics.derived", gpm=amount(gpm), aov=amount(aov)))
    return "\n".join(lines)


async def record_metrics(update: Update, context: StudioContext) -> int:
    """Attach numbers to the latest broadcast of today (or broadcast ``id``); no arguments:
    ask each field in turn."""
    args = context.args_list
    broadcast_id = metrics.parse_broadcast_id(args[0]) if args else None
    if broadcast_id is not None:
        args = args[1:]
    broadcast = metrics.broadcast_for(context.person, broadcast_id, context.role >= Role.OPS,
                                      context.clock, context.now)
    if not args:
        context.user_data[draft_key(context)] = {"broadcast": broadcast.id, "index": 0,
                                                 "values": {}}
        await ask(context)
        return ASKING
    try:
        values = metrics.parse_metrics(args, context.settings)
    except BadInput as exc:  # the domain lists the keys by code: the reader's words instead
        if "keys" in exc.params:
            exc.params["keys"] = keys_text(context.lang)
        raise
    entry = metrics.save_metrics(broadcast, context.person, values, context.now)
    await context.reply(t(context.lang, "metrics.saved") + "\n"
                        + summary(context, broadcast, metrics.values_of(entry)))
    return ConversationHandler.END


COMMAND = Command("metrics", record_metrics, Role.HOST, keywords=("数据",), conversation=True)
# The conversation's entry: the guarded command decides whether questions are asked (ASKING),
# and a refusal or bad input ends any conversation open before.
ENTER = guard(COMMAND, refused=ConversationHandler.END)


async def ask(context: StudioContext) -> None:
    """Ask the next field; in a group as a forced reply to the person, so the answer reaches
    the bot in privacy mode and only that person is asked."""
    draft = context.user_data[draft_key(context)]
    key = metrics.ASKED[draft["index"]]
    text = t(context.lang, "metrics.ask", name=t(context.lang, f"metrics.name_{key}"),
                     hint=t(context.lang, f"metrics.hint_{metrics.KIND[key]}"),
                     n=draft["index"] + 1, total=len(metrics.ASKED))
    if context.in_private:
        await context.reply(text)
    else:
        # A reply to the message it answers (context.reply quotes it in a group), so that the
        # selective ForceReply reaches the person who asked.
        await context.reply(text, ForceReply(selective=True))


async def answer(update: Update, context: StudioContext) -> int:
    """An answer to the field asked: kept in the draft, or the reason and the same question."""
    draft = context.user_data.get(draft_key(context))
    if draft is None:
        return ConversationHandler.END
    key = metrics.ASKED[draft["index"]]
    text = update.effective_message.text
    try:
        draft["values"][key] = metrics.parse_value(key, text, context.settings)
    except BadInput as exc:
        try:  # a whole line of named numbers (观看1.5w，成交3500元): saved as /metrics would
            named = metrics.parse_metrics(text.split(), context.settings)
        except BadInput:
            named = None
        if named:
            context.user_data.pop(draft_key(context), None)
            broadcast = broadcasts.by_id(draft["broadcast"])
            entry = metrics.save_metrics(broadcast, context.person, {**draft["values"], **named},
                                         context.now)
            await context.reply(t(context.lang, "metrics.saved") + "\n"
                                + summary(context, broadcast, metrics.values_of(entry)))
            return ConversationHandler.END
        await context.reply(t(context.lang, f"error.{exc.key}", **exc.params))
        await ask(context)
        return ASKING
    return await advance(context, draft)


async def skip(update: Update, context: StudioContext) -> int:
    """Leave this field as it is."""
    draft = context.user_data.get(draft_key(context))
    if draft is None:
        return ConversationHandler.END
    return await advance(context, draft)


async def advance(context: StudioContext, draft: dict) -> int:
    draft["index"] += 1
    if draft["index"] < len(metrics.ASKED):
        await ask(context)
        return ASKING
    if not draft["values"]:
        context.user_data.pop(draft_key(context), None)
        await context.reply(t(context.lang, "metrics.nothing"))
        return ConversationHandler.END
    broadcast = broadcasts.by_id(draft["broadcast"])
    buttons = keyboard([[(t(context.lang, "metrics.confirm"), encode("metrics", "save", 0)),
                         (t(context.lang, "metrics.cancel"), encode("metrics", "cancel", 0))]])
    await context.reply(summary(context, broadcast, draft["values"]) + "\n"
                        + t(context.lang, "metrics.confirm_hint"), buttons)
    return CONFIRMING


async def save(update: Update, context: StudioContext) -> int:
    """Confirm (button or /save): write the numbers."""
    query = update.callback_query
    if query is not None:
        await query.answer()
    draft = context.user_data.pop(draft_key(context), None)
    if draft is None:
        return ConversationHandler.END
    broadcast = broadcasts.by_id(draft["broadcast"])
    entry = metrics.save_metrics(broadcast, context.person, draft["values"], context.now)
    text = t(context.lang, "metrics.saved") + "\n" + summary(context, broadcast,
                                                      metrics.values_of(entry))
    await done(update, context, text)
    return ConversationHandler.END


async def cancel(update: Update, context: StudioContext) -> int:
    """Stop asking; nothing is written."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    context.user_data.pop(draft_key(context), None)
    await done(update, context, t(context.lang, "metrics.cancelled"))
    return ConversationHandler.END


async def done(update: Update, context: StudioContext, text: str) -> None:
    """The outcome: on the summary card when a button was pressed, else as a reply."""
    query = update.callback_query
    if query is not None:
        try:
            await query.edit_message_text(text)
            return
        except TelegramError:
            pass
    await context.reply(text)


async def stale_button(update: Update, context: StudioContext) -> None:
    """A Confirm/Cancel that belongs to no open conversation of this person (someone else's,
    or already answered)."""
    await update.callback_query.answer(t(context.lang, "metrics.not_yours"), show_alert=True)


_DATA = keyword_regex(COMMAND.keywords)


class _SaidData(filters.MessageFilter):
    """数据 as staff say it (``数据 观看1.2w``, ``今天数据:观看1.2w,成交3500``, ``直播数据``),
    not after a mention of the bot (that one is the keyword handler's)."""

    def filter(self, message) -> bool:
        return _DATA.match(message.text or "") is not None


async def enter_said(update: Update, context: StudioContext) -> int:
    """The conversation entered by the keyword: its arguments as the keyword reads them
    (``今天数据 : 观看2w`` → ``观看2w``), then as /metrics."""
    said = _DATA.match(update.effective_message.text or "")
    if said is not None:
        context.facts = replace(context.facts, argtext=keyword_args(said))
    return await ENTER(update, context)


class PrivateOrReplyToBot(filters.MessageFilter):
    """An answer: anything in a private chat; in a group only a reply to the bot's question,
    so a host chatting in the group with a question left open is not taken as answering it."""

    def filter(self, message) -> bool:
        if message.chat.type == "private":
            return True
        reply = message.reply_to_message
        return bool(reply and reply.from_user and reply.from_user.id == message.get_bot().id)


def extra_handlers(commands: list[Command]) -> list:
    """The guided conversation, per person and per chat (private or the group)."""
    entry_filter = filters.UpdateType.MESSAGE
    keyword = _SaidData()
    # An answer is plain text that is no command and no other Chinese keyword (开播 while
    # being asked for the number of fans is 开播): no prompt blocks the next command.
    others = [c for c in commands if c.keywords and c.name != COMMAND.name]
    plain = filters.TEXT & ~filters.COMMAND & entry_filter & PrivateOrReplyToBot()
    if others:
        plain &= ~filters.Regex(keyword_pattern(others).regex)
    with warnings.catch_warnings():
        # per_message=False is meant: the buttons belong to the person's conversation in the
        # chat, not to one message (PTB warns about CallbackQueryHandler then).
        warnings.simplefilter("ignore", PTBUserWarning)
        conversation = ConversationHandler(
            entry_points=[CommandHandler("metrics", ENTER, filters=entry_filter),
                          MessageHandler(entry_filter & filters.TEXT & keyword, enter_said)],
            states={
                ASKING: [CommandHandler("skip", skip, filters=entry_filter),
                         MessageHandler(plain, answer)],
                CONFIRMING: [CallbackQueryHandler(save, pattern=buttons.pattern("metrics", "save")),
                             CallbackQueryHandler(cancel, pattern=buttons.pattern("metrics", "cancel")),
                             CommandHandler("save", save, filters=entry_filter)],
            },
            fallbacks=[CommandHandler("cancel", cancel, filters=entry_filter)],
            allow_reentry=True,
            name="metrics",
        )
    return [("first", conversation)]


COMMANDS = [COMMAND]
BUTTONS = [Button("metrics", stale_button, Role.HOST)]
