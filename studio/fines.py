"""The fines ledger (乐捐): proposals the bot makes, fines people record, payments, waivers.

Nothing here is ever deleted, and a fine's amount never changes once recorded: a waiver or a
payment is a new state with who and when, and every change is an entry in the audit log.
"""

from __future__ import annotations

from datetime import datetime

from peewee import IntegrityError

from config import Settings
from models import Fine, FineProposal, Staff, audit, db
from studio.clock import to_db
from studio.errors import BadInput, Refused


def rule_of(settings: Settings, code: str):
    rule = settings.fines.catalogue.get(code)
    if rule is None:
        raise BadInput("unknown_fine_code", code=code, codes=", ".join(settings.fines.catalogue))
    return rule


def propose(settings: Settings, person: Staff, code: str, count: int, why: str, source: str,
            now: datetime) -> FineProposal | None:
    """Propose a fine for a manager to confirm; None when ``source`` already proposed one.

    ``source`` names what caused it ("checklist:12:lights", "late_start:7") so the same cause
    never proposes twice. Until confirmed, a proposal is no fine."""
    rule_of(settings, code)
    try:
        with db.atomic():
            proposal = FineProposal.create(staff=person, code=code, count=max(1, count), why=why,
                                           source=source, created_at=to_db(now))
            audit(None, "fine.propose", f"proposal:{proposal.id}", f"{code} x{count} {source}")
    except IntegrityError:
        return None
    return proposal


def amount_of(settings: Settings, code: str, count: int) -> int:
    """The fine in fen: per item where the handbook says "each item", else once per count."""
    rule = rule_of(settings, code)
    return rule.amount_fen * count


def decide_proposal(settings: Settings, proposal_id: int, confirm: bool, by: Staff,
                    now: datetime) -> tuple[FineProposal, Fine | None]:
    """Confirm (record the fine) or dismiss a proposal; a second decision is refused."""
    with db.atomic():
        proposal = FineProposal.get_or_none(FineProposal.id == proposal_id)
        if proposal is None:
            raise Refused("unknown_proposal", id=proposal_id)
        if proposal.status != "pending":
            raise Refused("proposal_decided", id=proposal_id)
        # Claim it with a conditional update: two presses at once record one fine.
        claimed = (FineProposal
                   .update(status="confirmed" if confirm else "dismissed", decided_by=by,
                           decided_at=to_db(now))
                   .where((FineProposal.id == proposal_id) & (FineProposal.status == "pending"))
                   .execute())
        if not claimed:
            raise Refused("proposal_decided", id=proposal_id)
        proposal = FineProposal.get_by_id(proposal_id)
        fine = None
        if confirm:
            fine = Fine.create(staff=proposal.staff, code=proposal.code, count=proposal.count,
                               amount_fen=amount_of(settings, proposal.code, proposal.count),
                               reason=proposal.why, created_at=to_db(now), created_by=by,
                               proposal=proposal)
            audit(by, "fine.confirm", f"proposal:{proposal.id}", f"fine:{fine.id}")
        else:
            audit(by, "fine.dismiss", f"proposal:{proposal.id}")
    return proposal, fine


def remember_cards(proposal: FineProposal, cards: list[tuple[int, int]]) -> None:
    proposal.cards = ",".join(f"{chat}:{message}" for chat, message in cards)
    proposal.save(only=[FineProposal.cards])
