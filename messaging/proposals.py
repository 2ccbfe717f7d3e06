"""A fine the bot proposes (late registration, closing checklist, room handover, a broadcast
left open): recorded once per source, and a card with Confirm / Dismiss to every manager; a
closing checklist's unticked items are proposed together, on one card.

Handlers and jobs both call ``propose_fine`` / ``propose_batch`` with their outbox. A job's
outbox is its run's ledger: each card is counted in the run, and a run that proposed before a
crash sends, to still pending proposals, only the cards no run has sent yet.
"""

from __future__ import annotations

from datetime import datetime

from messaging.outbox import Outbox
from models import FineProposal, Staff
from studio import fines
from views.fines import card_of


async def propose_fine(outbox: Outbox, person: Staff, code: str, count: int, why: str,
                       source: str, now: datetime,
                       offence_at: datetime | None = None) -> FineProposal | None:
    """Propose a fine (once per ``source``) and send each manager the card to decide it.

    Returns None when ``source`` already proposed one (unless the outbox can resume it).
    ``offence_at``: when the offence happened (default ``now``): the fine's day."""
    settings = outbox.app.bot_data["settings"]
    proposal = fines.propose(settings, person, code, count, why, source, now,
                              offence_at=offence_at)
    if proposal is None and outbox.resumable:
        proposal = fines.pending_proposal(source)
    if proposal is None:
        return None
    await send_cards(outbox, proposal, f"proposal:{proposal.id}")
    return proposal


async def propose_batch(outbox: Outbox, person: Staff, codes: list[str], why: str,
                        batch: str, now: datetime,
                        offence_at: datetime | None = None) -> list[FineProposal]:
    """Propose one fine per code (source ``<batch>:<code>``, each once) and send each manager
    ONE card of them all, to confirm all, dismiss all, or item by item."""
    settings = outbox.app.bot_data["settings"]
    proposals = []
    for code in codes:
        source = f"{batch}:{code}"
        proposal = fines.propose(settings, person, code, 1, why, source, now, batch=batch,
                                  offence_at=offence_at)
        if proposal is None and outbox.resumable:
            proposal = fines.pending_proposal(source)
        if proposal is not None:
            proposals.append(proposal)
    if proposals:
        await send_cards(outbox, proposals[0], f"batch:{batch}")
    return proposals


async def send_cards(outbox: Outbox, proposal: FineProposal, prefix: str) -> None:
    """The managers' cards of ``proposal`` (its batch's card), each kept to edit on a decision."""
    settings = outbox.app.bot_data["settings"]
    await outbox.to_managers(lambda lang: card_of(settings, proposal, lang)[0],
                             lambda lang: card_of(settings, proposal, lang)[1],
                             key=prefix, skip=outbox.delivered(f"{prefix}:"))
    cards = list(outbox.delivered(f"{prefix}:").values())
    for each in fines.batch_of(proposal):
        fines.remember_cards(each, cards)
