"""What a broadcast leaves behind (handbook penalties 2-8): its closing checklist, the room
handover the next host answers, and a broadcast left open that the bot closes.

Every function takes ``now``; nothing here reads the clock or knows Telegram.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from config import BroadcastHours, Settings
from models import Broadcast, ChecklistTick, Handover, HandoverStatus, Staff, audit, db
from studio.clock import to_db
from studio.errors import Refused

# --- the closing checklist ---------------------------------------------------------------------


def ticks_of(broadcast: Broadcast) -> list[ChecklistTick]:
    return list(ChecklistTick.select().where(ChecklistTick.broadcast == broadcast)
                .order_by(ChecklistTick.id))


def tick(tick_id: int, person: Staff, now: datetime) -> tuple[ChecklistTick, bool]:
    """The host ticks one item: (the tick, whether it was new). Only the broadcast's host."""
    row = ChecklistTick.get_or_none(ChecklistTick.id == tick_id)
    if row is None:
        raise Refused("unknown_broadcast", number=tick_id)
    broadcast = row.broadcast
    if broadcast.staff_id != person.id:
        raise Refused("not_your_broadcast")
    if row.ticked_at is not None:
        return row, False
    with db.atomic():
        row.ticked_at = to_db(now)
        row.save()
        if all(t.ticked_at for t in ticks_of(broadcast)) and broadcast.checklist_settled_at is None:
            broadcast.checklist_settled_at = to_db(now)
            broadcast.save(only=[Broadcast.checklist_settled_at])
    return row, True


def unsettled_checklists() -> list[Broadcast]:
    """Ended broadcasts whose checklist is neither complete nor settled by fines."""
    return list(Broadcast.select(Broadcast, Staff).join(Staff)
                .where(Broadcast.ended_at.is_null(False)
                       & Broadcast.checklist_shown_at.is_null(False)
                       & Broadcast.checklist_settled_at.is_null())
                .order_by(Broadcast.id))


def unticked(broadcast: Broadcast) -> list[str]:
    return [t.item for t in ticks_of(broadcast) if t.ticked_at is None]


def mark(broadcast: Broadcast, field: str, now: datetime) -> None:
    """Set ``checklist_reminded_at`` or ``checklist_settled_at``."""
    setattr(broadcast, field, to_db(now))
    broadcast.save(only=[getattr(Broadcast, field)])


# --- a broadcast left open ---------------------------------------------------------------------


def overdue(max_hours: BroadcastHours, now: datetime) -> list[Broadcast]:
    """Open broadcasts past the hours of the business day each started on (a 大促 day's own)."""
    still_open = (Broadcast.select(Broadcast, Staff).join(Staff)
                  .where(Broadcast.ended_at.is_null()).order_by(Broadcast.id))
    return [b for b in still_open
            if b.started_at <= to_db(now) - timedelta(hours=max_hours.on(b.day))]


def auto_close(broadcast: Broadcast, max_hours: int, now: datetime) -> Broadcast:
    """Close at start + ``max_hours``, credited no time until a manager sets the end."""
    with db.atomic():
        broadcast.ended_at = broadcast.started_at + timedelta(hours=max_hours)
        broadcast.auto_closed = True
        broadcast.closed_by_bot_at = to_db(now)
        broadcast.save()
        audit(None, "broadcast.autoclose", f"broadcast:{broadcast.id}",
              f"ended_at={broadcast.ended_at.isoformat()}", at=now)
    return broadcast


# --- room handover (penalty 8) ------------------------------------------------------------------


def handover_for(handover_id: int, person: Staff) -> Handover:
    handover = Handover.get_or_none(Handover.id == handover_id)
    if handover is None:
        raise Refused("unknown_handover")
    if handover.broadcast.staff_id != person.id:
        raise Refused("not_your_broadcast")
    if handover.status != HandoverStatus.PENDING:
        raise Refused("handover_answered")
    return handover


def handover_items(handover: Handover) -> list[str]:
    return handover.codes


def toggle_handover_item(handover_id: int, code: str, person: Staff,
                         settings: Settings) -> Handover:
    handover = handover_for(handover_id, person)
    if code not in settings.rules.checklist:
        raise Refused("unknown_handover")
    items = handover_items(handover)
    items = [c for c in items if c != code] if code in items else items + [code]
    handover.set_codes([c for c in settings.rules.checklist if c in items])
    return handover


def answer_handover(handover_id: int, person: Staff, report: bool,
                    now: datetime) -> tuple[Handover, list[str]]:
    """"Room in order", or submit the report: (the handover, the codes reported). A report
    with nothing chosen counts as the room in order."""
    handover = handover_for(handover_id, person)
    codes = handover_items(handover) if report else []
    with db.atomic():
        handover.status = HandoverStatus.REPORTED if codes else HandoverStatus.OK
        handover.set_codes(codes)
        handover.answered_at = to_db(now)
        handover.save()
        audit(person, "handover.answer", f"handover:{handover.id}", ",".join(codes) or "ok",
              at=now)
    return handover, codes
