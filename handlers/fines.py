"""Fines (乐捐): the proposals the bot makes go to the managers with Confirm / Dismiss."""

from __future__ import annotations

import logging
from datetime import datetime

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application

from handlers.base import Button, StudioContext, callback_parts, keyboard, mention
from handlers.delivery import notify_staff
from models import FineProposal, Staff
from studio import fines, roster
from studio.i18n import catalogue
from studio.parsing import format_fen
from studio.roster import Role

log = logging.getLogger(__name__)


def proposal_text(app: Application, proposal: FineProposal, lang: str) -> str:
    settings = app.bot_data["settings"]
    rule = settings.fines.catalogue[proposal.code]
    amount = fines.amount_of(settings, proposal.code, proposal.count)
    return catalogue().t(lang, "fines.proposal_card", number=proposal.id,
                         who=mention(proposal.staff), code=proposal.code, count=proposal.count,
                         amount=format_fen(amount), rule=rule.zh if lang == "zh" else rule.en,
                         why=proposal.why)


async def propose_fine(app: Application, person: Staff, code: str, count: int, why: str,
                       source: str, now: datetime) -> FineProposal | None:
    """Propose a fine (once per ``source``) and send each manager the card to decide it.

    Every feature that proposes a fine (late registration, closing checklist, room handover,
    a broadcast left open) calls this. Returns None when ``source`` already proposed one."""
    proposal = fines.propose(app.bot_data["settings"], person, code, count, why, source, now)
    if proposal is None:
        return None
    cat = catalogue()
    cards = []
    for manager in roster.managers():
        def buttons(lang, number=proposal.id):
            return keyboard([[(cat.t(lang, "fines.confirm"), f"fineprop:yes:{number}"),
                              (cat.t(lang, "fines.dismiss"), f"fineprop:no:{number}")]])
        message = await notify_staff(app, manager,
                                     lambda lang: proposal_text(app, proposal, lang), buttons)
        if message is not None:
            cards.append((message.chat_id, message.message_id))
    fines.remember_cards(proposal, cards)
    return proposal


async def decide_proposal(update: Update, context: StudioContext) -> None:
    """A manager pressed Confirm or Dismiss: the first press decides; the cards say so."""
    _, verb, number = callback_parts(update)
    proposal, fine = fines.decide_proposal(context.settings, int(number), verb == "yes",
                                           context.person, context.now)
    await update.callback_query.answer()
    key = "fines.proposal_confirmed" if fine else "fines.proposal_dismissed"
    for card in filter(None, proposal.cards.split(",")):
        chat_id, message_id = (int(part) for part in card.split(":"))
        lang = context.settings.studio.language if chat_id < 0 else (
            roster.by_tg(chat_id).lang if roster.by_tg(chat_id) else None)
        text = proposal_text(context.application, proposal, lang or context.settings.studio.language)
        done = context.tl(lang, key, by=mention(context.person),
                          fine=fine.id if fine else "")
        try:
            await context.bot.edit_message_text(f"{text}\n{done}", chat_id=chat_id,
                                                message_id=message_id)
        except TelegramError as exc:
            log.info("could not update proposal card %s: %s", card, exc)
    if fine is not None:
        await notify_staff(context.application, proposal.staff,
                           lambda lang: context.tl(lang, "fines.you_are_fined", number=fine.id,
                                                   amount=format_fen(fine.amount_fen),
                                                   why=proposal.why))


COMMANDS: list = []
BUTTONS = [Button("fineprop", decide_proposal, Role.MANAGER)]
