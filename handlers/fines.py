"""Fines (乐捐): /fine, /fines, /paid, /waive, and the proposals the bot makes, which go to the
managers with Confirm / Dismiss."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from handlers.base import (
    Button,
    Command,
    StudioContext,
    optional_person,
    pressed,
    target_person,
)
from messaging.send import person_lang
from models import Fine
from studio import fines, roster
from studio.errors import BadInput, Refused
from studio.parse.periods import parse_period
from studio.roster import Role
from studio.text import format_fen
from views import mention, t
from views.fines import fined_text, proposal_text, what_text

log = logging.getLogger(__name__)


async def decide_proposal(update: Update, context: StudioContext) -> None:
    """A manager pressed Confirm or Dismiss: the first press decides; the cards say so."""
    press = pressed(update)
    proposal, fine = fines.decide_proposal(context.settings, press.id, press.verb == "yes",
                                           context.person, context.now)
    await update.callback_query.answer()
    key = "fines.proposal_confirmed" if fine else "fines.proposal_dismissed"
    for chat_id, message_id in fines.cards_of(proposal):
        reader = roster.by_tg(chat_id) if chat_id > 0 else None  # a group card: nobody's own
        lang = person_lang(reader, context.settings)
        text = proposal_text(context.settings, proposal, lang)
        done = t(lang, key, by=mention(context.person),
                          fine=fine.id if fine else "")
        try:
            await context.bot.edit_message_text(f"{text}\n{done}", chat_id=chat_id,
                                                message_id=message_id)
        except TelegramError as exc:
            log.info("could not update proposal card %s:%s: %s", chat_id, message_id, exc)
    if fine is not None:
        await context.outbox.to_staff(
            proposal.staff, lambda lang: t(lang, "fines.you_are_fined", number=fine.id,
                                           amount=format_fen(fine.amount_fen), why=proposal.why))


async def give_fine(update: Update, context: StudioContext) -> None:
    """Fine someone by a catalogue code (``lights x3``) or by amount and reason."""
    person, rest = target_person(context, context.args_list, prefer_reply=True)
    what = fines.parse_fine(context.settings, rest)
    fine = fines.record_fine(person, context.person, what, context.now)
    await context.reply(t(context.lang, "fines.recorded", number=fine.id, who=mention(person),
                                  what=what_text(context.settings, fine, context.lang),
                                  amount=format_fen(fine.amount_fen)))

    await context.outbox.to_staff(person, lambda lang: fined_text(context.settings, fine, lang))


def fine_line(context: StudioContext, fine: Fine) -> str:
    return t(context.lang, "fines.list_line", number=fine.id,
                     day=context.clock.business_day(fine.created_at).strftime("%m-%d"),
                     who=fine.staff.name, what=what_text(context.settings, fine, context.lang),
                     amount=format_fen(fine.amount_fen),
                     status=t(context.lang, f"fines.status_{fine.status}"))


async def list_fines(update: Update, context: StudioContext) -> None:
    """The month's fines (one person's or everyone's) and the fund: collected, outstanding."""
    person, args = optional_person(context, context.args_list, active_only=False)
    if len(args) > 1:
        raise BadInput("extra_arguments")
    if context.role < Role.OPS:  # a host sees only their own
        if person is not None and person.id != context.person.id:
            raise Refused("fines_own_only")
        person = context.person
    period = parse_period(args[0] if args else "month", context.clock.business_day(context.now),
                          context.settings.reports.max_days)
    first, last = period.first, period.last
    ledger = fines.statement(first, last, context.clock, [person.id] if person else None)
    rows = ledger.fines
    month = period.label
    title = t(context.lang, "fines.list_title_person", who=person.name, month=month) if person else \
        t(context.lang, "fines.list_title_all", month=month)
    lines = [title, *(fine_line(context, fine) for fine in rows)]
    if not rows:
        lines.append(t(context.lang, "fines.list_none"))
    if ledger.carried:  # earlier months' debts are still owed
        lines.append(t(context.lang, "fines.list_carried", amount=format_fen(ledger.carried_fen)))
        lines += [fine_line(context, fine) for fine in ledger.carried]
    collected, _, waived = fines.fund(rows)
    lines.append(t(context.lang, "fines.fund", collected=format_fen(collected),
                   outstanding=format_fen(ledger.outstanding_fen), waived=format_fen(waived)))
    await context.reply("\n".join(lines))


async def mark_paid(update: Update, context: StudioContext) -> None:
    """A fine's money is in the fund: /paid id."""
    args = context.args_list
    if len(args) != 1:
        raise BadInput("bad_fine_id", value=" ".join(args)) if args else \
            BadInput("missing_fine_id")
    fine = fines.mark_paid(fines.parse_fine_id(args[0]), context.person, context.now)
    await context.reply(t(context.lang, "fines.paid", number=fine.id, who=mention(fine.staff),
                                  amount=format_fen(fine.amount_fen)))


async def waive_fine(update: Update, context: StudioContext) -> None:
    """A manager lets a fine go, saying why: /waive id reason."""
    args = context.args_list
    if not args:
        raise BadInput("missing_fine_id")
    fine = fines.waive(fines.parse_fine_id(args[0]), context.person, " ".join(args[1:]),
                       context.now)
    await context.reply(t(context.lang, "fines.waived", number=fine.id, who=mention(fine.staff),
                                  amount=format_fen(fine.amount_fen), reason=fine.waive_reason))
    await context.outbox.to_staff(
        fine.staff, lambda lang: t(lang, "fines.you_are_waived", number=fine.id,
                                   amount=format_fen(fine.amount_fen), reason=fine.waive_reason))


COMMANDS = [
    Command("fine", give_fine, Role.OPS),
    Command("fines", list_fines, Role.HOST),
    Command("paid", mark_paid, Role.OPS),
    Command("waive", waive_fine, Role.MANAGER),
]
BUTTONS = [Button("fineprop", decide_proposal, Role.MANAGER)]
