"""Fines (乐捐): /fine, /fines, /paid, /waive, and the proposals the bot makes, which go to the
managers with Confirm / Dismiss."""

from __future__ import annotations

import logging

from telegram import Update

from handlers.base import (
    Button,
    Command,
    StudioContext,
    optional_person,
    pressed,
    questions,
    target_person,
)
from messaging.cards import update_cards
from models import Fine, wall_now
from studio import fine_ledger, fines
from studio.asks import Question
from studio.errors import BadInput, Refused
from studio.parse.lists import as_typed, split_list
from studio.parse.periods import parse_period
from studio.roster import Role
from studio.text import format_fen
from views import mention, t
from views.asks import meant_fine
from views.broadcasts import proposal_reason
from views.fines import card_of, catalogue_text, fined_text, what_text

log = logging.getLogger(__name__)


async def decide_proposal(update: Update, context: StudioContext) -> None:
    """A manager pressed Confirm or Dismiss (one item, or all of a checklist's card), on the
    original card or a /pending one: the first press decides, every card of it says so."""
    press = pressed(update)
    confirm = press.verb in ("yes", "allyes")
    if press.verb in ("allyes", "allno"):
        proposal, confirmed = fines.decide_batch(context.settings, press.id, confirm,
                                                 context.person, context.now)
    else:
        proposal, fine = fines.decide_proposal(context.settings, press.id, confirm,
                                               context.person, context.now)
        confirmed = [fine] if fine is not None else []
    await update.callback_query.answer()
    message = update.callback_query.message
    settings = context.settings
    await update_cards(context.application,
                       [*fines.cards_of(proposal), (message.chat_id, message.message_id)],
                       lambda lang: card_of(settings, proposal, lang)[0],
                       lambda lang: card_of(settings, proposal, lang)[1])
    for fine in confirmed:
        await context.outbox.to_staff(
            proposal.staff, lambda lang, fine=fine: t(lang, "fines.you_are_fined", number=fine.id,
                                                      amount=format_fen(fine.amount_fen),
                                                      why=proposal_reason(settings, proposal,
                                                                          lang)))


def parse_fine(context: StudioContext, args: list[str]) -> fines.FineInput:
    """The words after "@who"; a refusal lists the rules by name and amount in the reader's
    language (the domain names them by code)."""
    try:
        return fines.parse_fine(context.settings, args)
    except BadInput as exc:
        if "codes" in exc.params:
            exc.params["codes"] = catalogue_text(context.settings, context.lang)
        raise


async def confirm_fine(update: Update, context: StudioContext, argtext: str) -> None:
    """A fine said in words (``罚款 小红 20 迟到``): checked as /fine checks it, then asked
    about with [是 / 不是]; only 是 records it, as ``/fine`` with these words, at the
    message's time (money from free text is never recorded on a guess)."""
    person, rest = target_person(context, split_list(argtext))
    what = parse_fine(context, rest)
    if person.id == context.person.id:
        raise Refused("fine_yourself")
    preview = Fine(staff=person, code=what.code, count=what.count, amount_fen=what.amount_fen,
                   reason=what.reason)
    message = update.message
    number = questions(context).ask(Question(
        message.from_user.id, message.chat_id, "fine", message.to_dict(),
        {"yes": f"/fine {argtext}"}, wall_now()))
    question, markup = meant_fine(context.lang, number, mention(person),
                                  what_text(context.settings, preview, context.lang),
                                  format_fen(what.amount_fen))
    sent = await context.reply(question, markup)
    if sent is not None:
        questions(context).asked_in(number, sent.message_id)


async def give_fine(update: Update, context: StudioContext) -> None:
    """Fine someone by a catalogue code (``lights x3``) or by amount and reason."""
    person, rest = target_person(context, context.args_list, prefer_reply=True)
    what = parse_fine(context, rest)
    fine = fines.record_fine(person, context.person, what, context.now)
    await context.reply(t(context.lang, "fines.recorded", number=fine.id, who=mention(person),
                                  what=what_text(context.settings, fine, context.lang),
                                  amount=format_fen(fine.amount_fen)))

    await context.outbox.to_staff(person, lambda lang: fined_text(context.settings, fine, lang))


def fine_line(context: StudioContext, fine: Fine) -> str:
    return t(context.lang, "fines.list_line", number=fine.id,
                     day=context.clock.business_day(fine_ledger.offence_of(fine)).strftime("%m-%d"),
                     who=fine.staff.name, what=what_text(context.settings, fine, context.lang),
                     amount=format_fen(fine.amount_fen),
                     status=t(context.lang, f"fines.status_{getattr(fine, 'as_of', None) or fine.status}"))


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
    fine = fines.waive(fines.parse_fine_id(args[0]), context.person, as_typed(args[1:]),
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
