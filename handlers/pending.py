"""The manager's queue: /pending lists every decision waiting, oldest first, and sends each
one's card with its buttons (a decision on it edits every card of it)."""

from __future__ import annotations

from telegram import Update

from handlers.base import Command, StudioContext
from studio import fines, pending, roster
from studio.errors import BadInput
from studio.roster import Role
from views import t
from views.pending import card, list_text

MAX_CARDS = 20  # cards one /pending sends; the rest after these are decided


async def show_pending(update: Update, context: StudioContext) -> None:
    """Every decision waiting (join requests, fine proposals, leave requests, fixes), oldest
    first, each with its buttons."""
    if context.args_list:
        raise BadInput("no_arguments")
    items = pending.waiting()
    await context.reply(list_text(context.settings, context.clock, items, context.lang))
    decisions = [w for w in items if w.kind != "fix"]
    for waiting in decisions[:MAX_CARDS]:
        text, markup = card(context.settings, waiting, context.lang,
                            in_group=not context.in_private)
        message = await context.reply(text, markup)
        if message is None:
            continue
        where = [(message.chat_id, message.message_id)]
        if waiting.kind == "fine":
            fines.add_cards(waiting.item, where)
        else:
            roster.keep_cards(waiting.kind, waiting.ref, where)
    if len(decisions) > MAX_CARDS:
        await context.reply(t(context.lang, "pending.more", shown=MAX_CARDS,
                              left=len(decisions) - MAX_CARDS))


COMMANDS = [Command("pending", show_pending, Role.MANAGER, keywords=("待办", "待审批"))]
