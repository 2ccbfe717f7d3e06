"""The manager's queue (/pending): every decision waiting, oldest first — join requests, fine
proposals (a closing checklist's items as one), leave requests, and fixes (broadcasts the bot
closed, credited no time until a manager sets the end with /fixlive)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from models import Broadcast, FineProposal, LeaveRequest, Staff
from studio import fines, roster

KINDS = ("join", "fine", "leave", "fix")


@dataclass(frozen=True)
class Waiting:
    """One decision: ``kind`` (one of ``KINDS``), since when (naive UTC), and what: the person
    who asked to join, the proposals of one card, the leave request, the broadcast to fix."""

    kind: str
    since: datetime
    item: Staff | list[FineProposal] | LeaveRequest | Broadcast

    @property
    def ref(self) -> int:
        return self.item[0].id if isinstance(self.item, list) else self.item.id


def fixes() -> list[Broadcast]:
    """Broadcasts the bot auto-closed whose end no manager has set yet."""
    return list(Broadcast.select(Broadcast, Staff).join(Staff)
                .where(Broadcast.auto_closed == True)  # noqa: E712
                .order_by(Broadcast.ended_at, Broadcast.id))


def waiting() -> list[Waiting]:
    """Every decision waiting for a manager, oldest first."""
    out = [Waiting("join", at, person) for at, person in roster.pending_joins()]
    batches: dict[str, list[FineProposal]] = {}
    for proposal in fines.pending_proposals():
        if proposal.batch:
            if proposal.batch not in batches:
                batches[proposal.batch] = fines.batch_of(proposal)
                out.append(Waiting("fine", proposal.created_at, batches[proposal.batch]))
        else:
            out.append(Waiting("fine", proposal.created_at, [proposal]))
    out += [Waiting("leave", request.created_at, request) for request in roster.pending_leaves()]
    out += [Waiting("fix", broadcast.ended_at, broadcast) for broadcast in fixes()]
    return sorted(out, key=lambda w: (w.since, KINDS.index(w.kind), w.ref))


def count() -> int:
    """How many decisions wait (the digest's last line)."""
    return len(waiting())
