"""``register(app)``: every handler of the bot, in the one order that matters.

Groups run in order; a handler that raises ``ApplicationHandlerStop`` ends the update there.
  -3  once: an update already acted on (Telegram redelivers after a crash) stops here
  -2  where: a studio chat upgraded is followed; a foreign group gets one refusal and the bot
      leaves it, a channel is left without a word; a message sent as a chat (an anonymous
      admin, a channel) is no person and stops here
  -1  who: the person, their language and the event time go onto the context
   0  what: commands, Chinese keywords, buttons, conversations, then customers' messages
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, timedelta

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import Conflict, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    TypeHandler,
    filters,
)

from handlers import (
    broadcasts,
    common,
    fines,
    imports,
    inquiries,
    jobs_admin,
    metrics,
    minimums,
    payroll,
    pending,
    reports,
    roster,
    samples,
    scorecard,
    understand,
)
from handlers.base import (
    COMMANDS_KEY,
    Button,
    Command,
    Facts,
    StudioContext,
    button_gone,
    commands,
    guard,
    guard_button,
    keyword_pattern,
    written_by_person,
)
from messaging import chats
from messaging.retry import MaybeDelivered
from messaging.send import answer_to
from models import wall_now
from studio import roster as staff_roster
from studio import updates
from views import t

log = logging.getLogger(__name__)

FUTURE_SLACK = timedelta(minutes=5)  # clocks differ a little; a message further ahead is refused

# The areas, in the order their handlers are tried. Each has COMMANDS and BUTTONS, and may have
# extra_handlers(commands) -> [(stage, handler)] for conversations and plain messages, stage being
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
    scorecard,
    pending,
    jobs_admin,
    imports,  # a file or a photo from staff: after the commands, before the hint
    understand,  # last: what nothing else took, addressed to the bot, gets a hint
]

COMMANDS: list[Command] = [command for area in AREAS for command in area.COMMANDS]
BUTTONS: list[Button] = [button for area in AREAS for button in getattr(area, "BUTTONS", [])]


async def tell(update: Update, context: StudioContext, key: str) -> None:
    """One line before any handler ran (no person known yet): in the topic of the message it
    answers, quoting it in a group; a failure to send is logged, never raised."""
    try:
        if update.effective_message is not None:
            await answer_to(context.bot, update.effective_message, t(context.lang, key))
        elif update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, t(context.lang, key))
    except TelegramError as exc:
        chat = update.effective_chat
        log.warning("could not tell chat %s: %s", chat.id if chat else None, exc)


async def remember_update(update: Update, context: StudioContext) -> None:
    """Act on each update once: a redelivered update_id stops here. One whose handling a dead
    process cut (a failover) is not acted on again, it may have half happened: the person is
    told to check (docs/failover.md)."""
    state = updates.claim(update.update_id)
    if state == updates.NEW:
        return
    if state == updates.CUT:
        log.warning("update %s was being handled when the previous process died; the person "
                    "is asked to check and resend", update.update_id)
        await tell(update, context, "common.cut_update")
    else:
        log.info("update %s already handled; skipped", update.update_id)
    raise ApplicationHandlerStop


async def refuse_foreign_group(update: Update, context: StudioContext) -> None:
    """Follow a studio chat Telegram upgraded (its service messages); leave a channel without a
    word; answer a group that is not the studio's (nor its inbox) with one line, and leave it.
    In a private chat, a service message stops here (``leave_service_message``)."""
    chat = update.effective_chat
    if chat is not None and chat.type == ChatType.PRIVATE:
        leave_service_message(update)
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    message = update.effective_message
    if message is not None and (message.migrate_to_chat_id or message.migrate_from_chat_id):
        old, new = ((chat.id, message.migrate_to_chat_id) if message.migrate_to_chat_id
                    else (message.migrate_from_chat_id, chat.id))
        await chats.follow(context.application, old, new)
    if chat.id in chats.studio_chats(context.application):
        if message is not None and message.migrate_to_chat_id:
            raise ApplicationHandlerStop  # the old chat's last word: nothing to answer
        await not_a_person(update, context)
        return
    log.warning("leaving foreign chat %s (%s)", chat.id, chat.type)
    try:
        # A channel's post would reach every subscriber: leave without a word.
        if message and not update.my_chat_member and chat.type != ChatType.CHANNEL:
            await context.bot.send_message(chat.id, t(context.lang, "common.foreign_group"))
        await context.bot.leave_chat(chat.id)
    except TelegramError as exc:
        log.warning("could not leave chat %s: %s", chat.id, exc)
    raise ApplicationHandlerStop


BASIC_FIELDS = {"message_id", "date", "chat", "from_user", "forward_origin", "is_from_offline"}


def leave_service_message(update: Update) -> None:
    """A private message that nobody wrote (docs/pitfalls.md §37: a Mini App's
    ``write_access_allowed``, a shared user or chat, a forwarded giveaway …) is left alone: no
    inquiry, no acknowledgement, no hint, no copy Telegram would refuse."""
    message = update.message or update.edited_message
    if message is None or written_by_person(message):
        return
    fields = [name for name in type(message).__slots__ if not name.startswith("_")
              and name not in BASIC_FIELDS and getattr(message, name, None)]
    log.info("a service message in private chat %s (%s): left alone", message.chat_id,
             ", ".join(fields) or "empty")
    raise ApplicationHandlerStop


async def not_a_person(update: Update, context: StudioContext) -> None:
    """A message sent as a chat (an anonymous admin: ``sender_chat`` is the group; a channel's
    post) has no person behind it (docs/pitfalls.md §30): never staff, never a customer. A command or a
    keyword gets one line asking to write as oneself; anything else is let be: an edit (commands
    run on new messages only) and a command for another bot (``/cmd@otherbot``) are not ours."""
    message = update.effective_message
    if message is None or message.sender_chat is None or update.callback_query is not None:
        return
    text = understand.without_bot_mention(message)
    asked = (text.startswith(("/", "／")) and understand.for_this_bot(message, text)) \
        or keyword_pattern(commands(context.application)).match(text)
    if asked and update.message is not None and not message.is_automatic_forward:
        log.info("a message as chat %s in chat %s: not a person", message.sender_chat.id,
                 message.chat_id)
        await answer_to(context.bot, message, t(context.lang, "common.write_as_yourself"))
    raise ApplicationHandlerStop


async def member_left(update: Update, context: StudioContext) -> None:
    """A staff member left the studio group (or was removed): the managers are told."""
    change = update.chat_member
    if chats.current_id(context.application, change.chat.id) != context.settings.studio.group_chat_id:
        return
    was_in = change.old_chat_member.status in IN_GROUP or getattr(
        change.old_chat_member, "is_member", False)
    now_in = change.new_chat_member.status in IN_GROUP or getattr(
        change.new_chat_member, "is_member", False)
    if not was_in or now_in:
        return
    person = staff_roster.by_tg(change.new_chat_member.user.id)
    if person is None or not person.active:
        return
    log.info("staff %s left the studio group", person.id)
    await context.outbox.to_managers(lambda lang: t(lang, "common.staff_left", name=person.name),
                                     key=f"left:{person.id}", private_only=True)


IN_GROUP = {ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.MEMBER}


async def identify(update: Update, context: StudioContext) -> None:
    """Who speaks, in which language, at what time: computed once, read by every handler.

    A message dated more than a few minutes ahead of the clock is refused with one line and
    nothing else happens: its date would be the event's time (a backlog from the past is real
    after an outage, and stays accepted)."""
    message = update.effective_message
    if (update.callback_query is None and message is not None and message.date is not None
            and message.date.astimezone(UTC) > wall_now() + FUTURE_SLACK):
        log.warning("update %s is dated %s, in the future; refused", update.update_id,
                    message.date.isoformat())
        await tell(update, context, "error.future_message")
        raise ApplicationHandlerStop
    context.facts = Facts.of(update, context.settings)


async def on_error(update: object, context: StudioContext) -> None:
    """Log the trace; a short apology to the person; a private alert to the managers. Never
    fails itself: what goes wrong while reporting is logged."""
    try:
        await report_error(update, context)
    except Exception:
        log.exception("the error handler failed while reporting %r", context.error)


async def report_error(update: object, context: StudioContext) -> None:
    error = context.error
    if isinstance(error, Conflict):
        log.critical("getUpdates answered 409 Conflict; stopping")
        context.application.bot_data["conflict"] = True
        context.application.stop_running()
        return
    if isinstance(error, MaybeDelivered):
        # Logged by the retry policy; the message most likely arrived: an apology asking to
        # send again could make the person do it twice.
        log.warning("update handling stopped: %s", error)
        return
    log.error("error while handling an update", exc_info=error)
    if not isinstance(update, Update):
        return
    where = update.effective_message.text[:40] if update.effective_message and \
        update.effective_message.text else type(update).__name__
    if update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id,
                                           t(context.lang, "common.apology"))
        except TelegramError as exc:
            log.warning("could not report the error: %s", exc)
    await context.outbox.to_managers(
        lambda lang: t(lang, "common.alert", error=type(error).__name__, where=where),
        key="alert", private_only=True)


def register(app: Application) -> None:
    """Add every handler to ``app``, in order."""
    app.bot_data[COMMANDS_KEY] = COMMANDS  # for /help, which lists them
    app.add_handler(TypeHandler(Update, remember_update), group=-3)
    app.add_handler(TypeHandler(Update, refuse_foreign_group), group=-2)
    app.add_handler(TypeHandler(Update, identify), group=-1)

    # Conversations first: while one is open, its answers are not keywords or inquiries.
    extras = [pair for area in AREAS if hasattr(area, "extra_handlers")
              for pair in area.extra_handlers(COMMANDS)]
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
        app.add_handler(understand.keyword_handler(
            {kw: guarded[c.name] for c in COMMANDS for kw in c.keywords}))
    understand.guarded_commands(app, guarded)

    for button in BUTTONS:
        app.add_handler(CallbackQueryHandler(guard_button(button),
                                             pattern=f"^{re.escape(button.prefix)}:"))
    # Any other press (unknown or forged data, an inline message's or a game's button): the one
    # notice, nothing done.
    app.add_handler(CallbackQueryHandler(button_gone))
    for stage, handler in extras:
        if stage == "last":
            app.add_handler(handler)
    app.add_handler(ChatMemberHandler(member_left, ChatMemberHandler.CHAT_MEMBER))
    app.add_error_handler(on_error)
