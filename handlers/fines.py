"""Fines (乐捐): /fine, /fines, /paid, /waive, and the proposals the bot makes, which go to the
managers with Confirm / Dismiss."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application

from handlers.base import (
    Button,
    Command,
    StudioContext,
    callback_parts,
    keyboard,
    mention,
    optional_person,
    person_lang,
    target_person,
)
from handlers.delivery import notify_staff
from models import Fine, FineProposal, Staff
from studio import fines, roster
from studio.errors import BadInput, Refused
from studio.i18n import Markup, catalogue
from studio.parsing import format_fen
from studio.roster import Role

if TYPE_CHECKING:
    from jobs.runner import JobCall

log = logging.getLogger(__name__)


def proposal_text(app: Application, proposal: FineProposal, lang: str) -> str:
    settings = app.bot_data["settings"]
    rule = settings.fines.catalogue[proposal.code]
    amount = fines.amount_of(settings, proposal.code, proposal.count)
    return catalogue().t(lang, "fines.proposal_card", number=proposal.id,
                         who=mention(proposal.staff), count=proposal.count,
                         name=fines.code_name(settings, proposal.code, lang),
                         amount=format_fen(amount), rule=rule.text(lang),
                         why=proposal.why)


async def propose_fine(app: Application, person: Staff, code: str, count: int, why: str,
                       source: str, now: datetime, call: JobCall | None = None,
                       ) -> FineProposal | None:
    """Propose a fine (once per ``source``) and send each manager the card to decide it.

    Every feature that proposes a fine (late registration, closing checklist, room handover,
    a broadcast left open) calls this. Returns None when ``source`` already proposed one.

    A scheduled job passes its ``call``: each card then goes through the job's ledger (counted
    in the run, key ``proposal:<id>:<manager>``), and a run that proposed ``source`` before a
    crash sends, to a still pending proposal, only the cards no run has sent yet."""
    settings = app.bot_data["settings"]
    proposal = fines.propose(settings, person, code, count, why, source, now)
    if proposal is None:
        if call is None:
            return None
        proposal = fines.pending_proposal(source)
        if proposal is None:
            return None
    cat = catalogue()

    def text(lang):
        return proposal_text(app, proposal, lang)

    def buttons(lang):
        return keyboard([[(cat.t(lang, "fines.confirm"), f"fineprop:yes:{proposal.id}"),
                          (cat.t(lang, "fines.dismiss"), f"fineprop:no:{proposal.id}")]])
    if call is None:
        cards = []
        for manager in roster.managers():
            message = await notify_staff(app, manager, text, buttons)
            if message is not None:
                cards.append((message.chat_id, message.message_id))
        fines.remember_cards(proposal, cards)
        return proposal
    prefix = f"proposal:{proposal.id}:"
    sent = call.delivered(prefix)
    for manager in roster.managers():
        if f"{prefix}{manager.id}" not in sent:
            await call.send_staff(manager, text, buttons, key=f"{prefix}{manager.id}")
    fines.remember_cards(proposal, list(call.delivered(prefix).values()))
    return proposal


async def decide_proposal(update: Update, context: StudioContext) -> None:
    """A manager pressed Confirm or Dismiss: the first press decides; the cards say so."""
    _, verb, number = callback_parts(update)
    proposal, fine = fines.decide_proposal(context.settings, int(number), verb == "yes",
                                           context.person, context.now)
    await update.callback_query.answer()
    key = "fines.proposal_confirmed" if fine else "fines.proposal_dismissed"
    for chat_id, message_id in fines.cards_of(proposal):
        reader = roster.by_tg(chat_id) if chat_id > 0 else None  # a group card: nobody's own
        lang = person_lang(reader, context.settings)
        text = proposal_text(context.application, proposal, lang)
        done = context.tl(lang, key, by=mention(context.person),
                          fine=fine.id if fine else "")
        try:
            await context.bot.edit_message_text(f"{text}\n{done}", chat_id=chat_id,
                                                message_id=message_id)
        except TelegramError as exc:
            log.info("could not update proposal card %s:%s: %s", chat_id, message_id, exc)
    if fine is not None:
        await notify_staff(context.application, proposal.staff,
                           lambda lang: context.tl(lang, "fines.you_are_fined", number=fine.id,
                                                   amount=format_fen(fine.amount_fen),
                                                   why=proposal.why))


def rule_text(settings, code: str | None, lang: str) -> str:
    rule = settings.fines.catalogue.get(code) if code else None
    return rule.text(lang) if rule else ""


def what_text(context: StudioContext, fine: Fine, lang: str) -> str:
    """``lights ×3`` for a catalogue fine, the reason for a fine by amount."""
    if fine.code:
        name = fines.code_name(context.settings, fine.code, lang)
        return Markup(context.tl(lang, "fines.what_code", name=name, count=fine.count,
                                 note=fine.reason).strip())
    return Markup(context.tl(lang, "fines.what_reason", reason=fine.reason))


async def give_fine(update: Update, context: StudioContext) -> None:
    """Fine someone by a catalogue code (``lights x3``) or by amount and reason."""
    person, rest = target_person(context, context.args_list, prefer_reply=True)
    what = fines.parse_fine(context.settings, rest)
    fine = fines.record_fine(person, context.person, what, context.now)
    await context.reply(context.t("fines.recorded", number=fine.id, who=mention(person),
                                  what=what_text(context, fine, context.lang),
                                  amount=format_fen(fine.amount_fen)))

    def told(lang):
        rule = rule_text(context.settings, fine.code, lang)
        key = "fines.you_are_fined_rule" if rule else "fines.you_are_fined"
        return context.tl(lang, key, number=fine.id, amount=format_fen(fine.amount_fen),
                          why=what_text(context, fine, lang), rule=rule)
    await notify_staff(context.application, person, told)


def fine_line(context: StudioContext, fine: Fine) -> str:
    return context.t("fines.list_line", number=fine.id,
                     day=context.clock.business_day(fine.created_at).strftime("%m-%d"),
                     who=fine.staff.name, what=what_text(context, fine, context.lang),
                     amount=format_fen(fine.amount_fen),
                     status=context.t(f"fines.status_{fine.status}"))


async def list_fines(update: Update, context: StudioContext) -> None:
    """The month's fines (one person's or everyone's) and the fund: collected, outstanding."""
    person, args = optional_person(context, context.args_list, active_only=False)
    if len(args) > 1:
        raise BadInput("extra_arguments")
    if context.role < Role.OPS:  # a host sees only their own
        if person is not None and person.id != context.person.id:
            raise Refused("fines_own_only")
        person = context.person
    first, last = fines.parse_month(args[0] if args else None,
                                    context.clock.business_day(context.now))
    ledger = fines.statement(first, last, context.clock, [person.id] if person else None)
    rows = ledger.fines
    month = first.strftime("%Y-%m")
    title = context.t("fines.list_title_person", who=person.name, month=month) if person else \
        context.t("fines.list_title_all", month=month)
    lines = [title, *(fine_line(context, fine) for fine in rows)]
    if not rows:
        lines.append(context.t("fines.list_none"))
    if ledger.carried:  # earlier months' debts are still owed
        lines.append(context.t("fines.list_carried", amount=format_fen(ledger.carried_fen)))
        lines += [fine_line(context, fine) for fine in ledger.carried]
    collected, _, waived = fines.fund(rows)
    lines.append(context.t("fines.fund", collected=format_fen(collected),
                           outstanding=format_fen(ledger.outstanding_fen),
                           waived=format_fen(waived)))
    await context.reply("\n".join(lines))


async def mark_paid(update: Update, context: StudioContext) -> None:
    """A fine's money is in the fund: /paid id."""
    args = context.args_list
    if len(args) != 1:
        raise BadInput("bad_fine_id", value=" ".join(args)) if args else \
            BadInput("missing_fine_id")
    fine = fines.mark_paid(fines.parse_fine_id(args[0]), context.person, context.now)
    await context.reply(context.t("fines.paid", number=fine.id, who=mention(fine.staff),
                                  amount=format_fen(fine.amount_fen)))


async def waive_fine(update: Update, context: StudioContext) -> None:
    """A manager lets a fine go, saying why: /waive id reason."""
    args = context.args_list
    if not args:
        raise BadInput("missing_fine_id")
    fine = fines.waive(fines.parse_fine_id(args[0]), context.person, " ".join(args[1:]),
                       context.now)
    await context.reply(context.t("fines.waived", number=fine.id, who=mention(fine.staff),
                                  amount=format_fen(fine.amount_fen), reason=fine.waive_reason))
    await notify_staff(context.application, fine.staff,
                       lambda lang: context.tl(lang, "fines.you_are_waived", number=fine.id,
                                               amount=format_fen(fine.amount_fen),
                                               reason=fine.waive_reason))


COMMANDS = [
    Command("fine", give_fine, Role.OPS),
    Command("fines", list_fines, Role.HOST),
    Command("paid", mark_paid, Role.OPS),
    Command("waive", waive_fine, Role.MANAGER),
]
BUTTONS = [Button("fineprop", decide_proposal, Role.MANAGER)]
