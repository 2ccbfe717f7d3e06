"""``register(app)``: every handler of the bot, in the one order that matters.

Groups run in order; a handler that raises ``ApplicationHandlerStop`` ends the update there.
  -3  once: an update already acted on (Telegram redelivers after a crash) stops here
  -2  where: a foreign group gets one refusal and the bot leaves it
  -1  who: the person, their language and the event time go onto the context
   0  what: commands, Chinese keywords, buttons, conversations, then customers' messages
"""

from __future__ import annotations

import logging
import re
from datetime import UTC

from telegram import Update
from telegram.constants import ChatType
from telegram.error import Conflict, Forbidden, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers import (
    broadcasts,
    common,
    fines,
    inquiries,
    jobs_admin,
    metrics,
    minimums,
    payroll,
    reports,
    roster,
    samples,
)
from handlers.base import (
    Button,
    Command,
    Handler,
    StudioContext,
    guard,
    guard_button,
    person_lang,
)
from models import wall_now
from studio import inquiries as studio_inquiries
from studio import roster as staff_roster
from studio import updates

log = logging.getLogger(__name__)

# The areas, in the order their handlers are tried. Each has COMMANDS and BUTTONS, and may have
# extra_handlers() -> [(stage, handler)] for conversations and plain messages, stage being
# "first" (before every command: an open conversation takes its answers) or "last" (after
# them all: customers' private messages).
AREAS = [
    common,
    roster,
    fines,
    broadcasts,
    samples,
    inquiries,
    minimums,
    metrics,
    reports,
    payroll,
    jobs_admin,
]

COMMANDS: list[Command] = [command for area in AREAS for command in area.COMMANDS]
BUTTONS: list[Button] = [button for area in AREAS for button in getattr(area, "BUTTONS", [])]


async def remember_update(update: Update, context: StudioContext) -> None:
    """Act on each update once: a redelivered update_id stops here."""
    if not updates.first_time(update.update_id):
        log.info("update %s already handled; skipped", update.update_id)
        raise ApplicationHandlerStop


async def refuse_foreign_group(update: Update, context: StudioContext) -> None:
    """Answer a group that is not the studio's (nor its inbox) with one line, and leave it."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    studio = context.settings.studio
    if chat.id in (studio.group_chat_id, studio.inbox):
        return
    log.warning("leaving foreign chat %s", chat.id)
    try:
        if update.effective_message and not update.my_chat_member:
            await context.bot.send_message(chat.id, context.t("common.foreign_group"))
        await context.bot.leave_chat(chat.id)
    except TelegramError as exc:
        log.warning("could not leave chat %s: %s", chat.id, exc)
    raise ApplicationHandlerStop


async def identify(update: Update, context: StudioContext) -> None:
    """Put the person, their language and the event time on the context."""
    context.current_update = update
    user = update.effective_user
    message = update.effective_message
    # The event time is the message's own date; a button press has none of its own.
    if message is not None and update.callback_query is None:
        context.now = message.date.astimezone(UTC)
    else:
        context.now = wall_now()
    if user is None:
        return
    context.person = staff_roster.touch(user.id, user.full_name, user.username)
    chat = update.effective_chat
    if chat is not None and chat.type == ChatType.PRIVATE:
        if context.person is not None:
            context.lang = person_lang(context.person, context.settings)
        else:
            customer = studio_inquiries.by_tg(user.id)
            if customer is not None and customer.lang:
                context.lang = customer.lang


def keyword_pattern(commands: list[Command]) -> re.Pattern:
    words = sorted({kw for c in commands for kw in c.keywords}, key=len, reverse=True)
    return re.compile(r"^({})(\s|$)".format("|".join(map(re.escape, words))))


async def on_error(update: object, context: StudioContext) -> None:
    """Log the trace; a short apology to the person; a private alert to the managers."""
    error = context.error
    if isinstance(error, Conflict):
        log.critical("getUpdates answered 409 Conflict; stopping")
        context.application.bot_data["conflict"] = True
        context.application.stop_running()
        return
    log.error("error while handling an update", exc_info=error)
    if not isinstance(update, Update):
        return
    where = update.effective_message.text[:40] if update.effective_message and \
        update.effective_message.text else type(update).__name__
    try:
        if update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, context.t("common.apology"))
        for manager in staff_roster.managers():
            if manager.private_chat and not manager.bot_blocked:
                lang = person_lang(manager, context.settings)
                await context.bot.send_message(
                    manager.tg_id,
                    context.tl(lang, "common.alert", error=type(error).__name__, where=where))
    except (Forbidden, TelegramError) as exc:
        log.warning("could not report the error: %s", exc)


def keyword_handler(guarded: dict[str, Handler]) -> MessageHandler:
    """Chinese keywords (开播 …): a text starting with one runs its guarded command."""
    by_keyword = {kw: guarded[c.name] for c in COMMANDS for kw in c.keywords}

    async def run_keyword(update: Update, context: StudioContext) -> None:
        word = context.matches[0].group(1)  # filters.Regex put its match there
        await by_keyword[word](update, context)

    return MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT
                          & filters.Regex(keyword_pattern(COMMANDS)), run_keyword)


def register(app: Application) -> None:
    """Add every handler to ``app``, in order."""
    app.add_handler(TypeHandler(Update, remember_update), group=-3)
    app.add_handler(TypeHandler(Update, refuse_foreign_group), group=-2)
    app.add_handler(TypeHandler(Update, identify), group=-1)

    # Conversations first: while one is open, its answers are not keywords or inquiries.
    extras = [pair for area in AREAS if hasattr(area, "extra_handlers")
              for pair in area.extra_handlers()]
    for stage, handler in extras:
        if stage == "first":
            app.add_handler(handler)

    # Commands run on new messages only: editing /checkin must not check in again.
    guarded = {}
    for command in COMMANDS:
        guarded[command.name] = guard(command)
        app.add_handler(CommandHandler(command.name, guarded[command.name],
                                       filters=filters.UpdateType.MESSAGE))
    if any(c.keywords for c in COMMANDS):  # an empty pattern would match every text
        app.add_handler(keyword_handler(guarded))

    for button in BUTTONS:
        app.add_handler(CallbackQueryHandler(guard_button(button),
                                             pattern=f"^{re.escape(button.prefix)}:"))
    for stage, handler in extras:
        if stage == "last":
            app.add_handler(handler)
    app.add_error_handler(on_error)
