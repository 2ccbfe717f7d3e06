"""``broadcast_watch``: the closing checklist's reminder and fines, and broadcasts left open.

Runs every ``jobs.watch_minutes``. Each step is recorded on the broadcast (reminded, settled,
auto-closed), so a later run never repeats it; fines go through ``propose_fine``, whose source
key proposes each one once.
"""

from __future__ import annotations

from datetime import timedelta

from handlers.broadcasts import checklist_markup, hhmm, item_label, register_amount, why_text
from handlers.fines import propose_fine
from jobs.runner import JobCall
from studio import checklists
from studio.clock import from_db


async def broadcast_watch(call: JobCall) -> None:
    """Close broadcasts left open too long; remind, then fine, unticked closing checklists."""
    rules = call.settings.rules
    for broadcast in checklists.overdue(rules.max_broadcast_hours, call.now):
        await close_overdue(call, broadcast)
    grace = timedelta(minutes=rules.checklist_grace_minutes)
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
            await fine_unticked(call, broadcast, items)


async def close_overdue(call: JobCall, broadcast) -> None:
    hours = call.settings.rules.max_broadcast_hours
    checklists.auto_close(broadcast, hours, call.now)
    started = hhmm(call.clock, broadcast.started_at)

    def text(lang, b=broadcast):
        return call.t(lang, "broadcast.autoclosed", number=b.id,
                      room=b.room, at=started, hours=hours,
                      amount=register_amount(call.settings))
    await call.send_staff(broadcast.staff, text, key=f"autoclose:{broadcast.id}")
    why = why_text(call.t, "broadcast.why_autoclose", broadcast, at=started, hours=hours)
    await propose_fine(call.app, broadcast.staff, "register", 1, why,
                       f"autoclose:{broadcast.id}", call.now, call)


async def remind_unticked(call: JobCall, broadcast, items: list[str]) -> None:
    minutes = call.settings.rules.checklist_grace_minutes

    def text(lang, b=broadcast):
        names = call.t(lang, "minimums.separator").join(
            item_label(lang, "item", item) for item in items)
        return call.t(lang, "broadcast.checklist_reminder", number=b.id,
                      room=b.room, items=names, minutes=minutes)

    def markup(lang, b=broadcast):
        return checklist_markup(lang, b, call.clock)
    if await call.send_staff(broadcast.staff, text, markup, key=f"checklist:{broadcast.id}"):
        checklists.mark(broadcast, "checklist_reminded_at", call.now)


async def fine_unticked(call: JobCall, broadcast, items: list[str]) -> None:
    # Settled once every item is proposed: a run that dies half-way leaves it unsettled, and the
    # next run proposes the items left and sends only the cards the ledger has not (the
    # reminder is not repeated: checklist_reminded_at is set).
    ended = hhmm(call.clock, broadcast.ended_at)
    for item in items:
        why = why_text(call.t, "broadcast.why_checklist", broadcast, at=ended,
                       item=item_label(call.settings.studio.language, "item", item))
        await propose_fine(call.app, broadcast.staff, item, 1, why,
                           f"checklist:{broadcast.id}:{item}", call.now, call)
    checklists.mark(broadcast, "checklist_settled_at", call.now)
