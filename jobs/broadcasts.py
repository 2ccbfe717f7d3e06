"""``broadcast_watch``: the closing checklist's reminder and fines, and broadcasts left open.

Runs every ``jobs.watch_minutes``. Each step is recorded on the broadcast (reminded, settled,
auto-closed), so a later run never repeats it; fines go through ``propose_fine``, whose source
key proposes each one once.
"""

from __future__ import annotations

from datetime import timedelta

from messaging.proposals import propose_batch, propose_fine
from scheduler.runner import JobCall
from studio import checklists
from studio.clock import from_db
from views import hhmm
from views.broadcasts import (
    autoclosed_text,
    checklist_markup,
    checklist_reminder_text,
    checklist_why,
    why_text,
)


async def broadcast_watch(call: JobCall) -> None:
    """Close broadcasts left open too long; remind, then fine, unticked closing checklists."""
    rules = call.settings.rules
    for broadcast in checklists.overdue(rules.max_broadcast_hours, call.now):
        await close_overdue(call, broadcast)
    grace = timedelta(minutes=rules.checklist_grace_minutes)
    carded: set[int] = set()  # hosts given a checklist card in this run: one each, no flood
    for broadcast in checklists.unsettled_checklists():
        items = checklists.unticked(broadcast)
        waited = call.now - from_db(broadcast.checklist_shown_at)
        if not items:
            checklists.mark(broadcast, "checklist_settled_at", call.now)
        elif broadcast.checklist_reminded_at is None:
            # Reminded first, always (even when the bot was down past the fining time): the
            # reminder promises the host the grace before anything is proposed.
            if waited >= grace:
                await remind_unticked(call, broadcast, items)
        elif call.now - from_db(broadcast.checklist_reminded_at) >= grace:
            if broadcast.staff_id in carded:
                continue  # the host's next checklist waits for the next run
            carded.add(broadcast.staff_id)
            await fine_unticked(call, broadcast, items)


async def close_overdue(call: JobCall, broadcast) -> None:
    hours = call.settings.rules.max_broadcast_hours.on(broadcast.day)
    checklists.auto_close(broadcast, hours, call.now)
    started = hhmm(call.clock, broadcast.started_at)
    await call.outbox.to_staff(
        broadcast.staff, lambda lang: autoclosed_text(lang, call.settings, broadcast, started),
        key=f"autoclose:{broadcast.id}")
    why = why_text(call.lang, "broadcast.why_autoclose", broadcast, at=started, hours=hours)
    await propose_fine(call.outbox, broadcast.staff, "register", 1, why,
                       f"autoclose:{broadcast.id}", call.now, offence_at=broadcast.started_at)


async def remind_unticked(call: JobCall, broadcast, items: list[str]) -> None:
    minutes = call.settings.rules.checklist_grace_minutes
    sent = await call.outbox.to_staff(
        broadcast.staff, lambda lang: checklist_reminder_text(lang, broadcast, items, minutes),
        lambda lang: checklist_markup(lang, broadcast, call.clock),
        key=f"checklist:{broadcast.id}")
    if sent:
        checklists.mark(broadcast, "checklist_reminded_at", call.now)


async def fine_unticked(call: JobCall, broadcast, items: list[str]) -> None:
    # One card for the checklist: every unticked item proposed (each its own number), the
    # managers confirm all, dismiss all, or item by item. Settled once proposed: a run that
    # dies half-way leaves it unsettled, and the next run proposes the items left and sends
    # only the cards the ledger has not (the reminder is not repeated).
    why = checklist_why(call.lang, call.clock, broadcast, items)
    await propose_batch(call.outbox, broadcast.staff, items, why, f"checklist:{broadcast.id}",
                        call.now, offence_at=broadcast.ended_at or broadcast.started_at)
    checklists.mark(broadcast, "checklist_settled_at", call.now)
