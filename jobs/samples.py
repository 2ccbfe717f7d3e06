"""The samples' scheduled work: the business day's close (duty 3) and the Thursday sweep (duty 9).

Both post in the studio group, in the studio's language, once per run (the runner's ledger).
"""

from __future__ import annotations

from datetime import timedelta

from scheduler.runner import JobCall
from studio import sample_stock, samples
from views.samples import close_text, followup_text, sweep_text


async def lineup_close(call: JobCall) -> None:
    """At the business-day change: the un-kept lineup and the rack go to the warehouse; the kept
    samples open the new day's book. Silent when nothing moved."""
    new_day = call.clock.business_day(call.now)
    closed = samples.close_day(new_day, call.now)
    if not closed.shelved and not closed.kept:
        return
    text = close_text(call.lang, closed, new_day, new_day - timedelta(days=1))
    await call.outbox.to_chat(call.settings.studio.group_chat_id, text, topic="samples")


async def sweep(call: JobCall) -> None:
    """Thursday: what is to be sent back or cleared, by brand, and old warehouse stock."""
    found = sample_stock.sweep(call.clock, call.now, call.settings.samples.stale_days)
    text = sweep_text(call.lang, found, call.now, call.settings.samples.stale_days)
    await call.outbox.to_chat(call.settings.studio.group_chat_id, text, topic="samples")


async def sweep_followup(call: JobCall) -> None:
    """The afternoon after the sweep: what is still to be sent back; "all sent" only when some
    went today, silent when there was nothing to send."""
    waiting = sample_stock.still_waiting(call.clock, call.now)
    if not waiting and not sample_stock.returned_today(call.clock, call.now):
        return
    await call.outbox.to_chat(call.settings.studio.group_chat_id,
                              followup_text(call.lang, waiting), topic="samples")
