"""A fine the bot proposes (late registration, closing checklist, room handover, a broadcast
left open): recorded once per source, and a card with Confirm / Dismiss to every manager.

Handlers and jobs both call ``propose_fine`` with their outbox. A job's outbox is its run's
ledger: each card is counted in the run, and a run that proposed ``source`` before a crash
sends, to a still pending proposal, only the cards no run has sent yet.
"""

from __future__ import annotations

from datetime import datetime

from messaging.outbox import Outbox
from models import FineProposal, Staff
from studio import fines
from views.fines import proposal_buttons, proposal_text


async def propose_fine(outbox: Outbox, person: Staff, code: str, count: int, why: str,
                       source: str, now: datetime) -> FineProposal | None:
    """Propose a fine (once per ``source``) and send each manager the card to decide it.

    Returns None when ``source`` already proposed one (unless the outbox can resume it)."""
    settings = outbox.app.bot_data["settings"]
    proposal = fines.propose(settings, person, code, count, why, source, now)
    if proposal is None and outbox.resumable:
        proposal = fines.pending_proposal(source)
    if proposal is None:
        return None
    prefix = f"proposal:{proposal.id}"
    await outbox.to_managers(lambda lang: proposal_text(settings, proposal, lang),
                             lambda lang: proposal_buttons(lang, proposal),
                             key=prefix, skip=outbox.delivered(f"{prefix}:"))
    fines.remember_cards(proposal, list(outbox.delivered(f"{prefix}:").values()))
    return proposal
