"""The samples' scheduled work: the business day's close (duty 3) and the Thursday sweep (duty 9).

Both post in the studio group, in the studio's language, once per run (the runner's ledger).
"""

from __future__ import annotations

from datetime import timedelta

from handlers.samples import book_lines
from jobs.runner import JobCall
from studio import sample_stock, samples
from studio.i18n import Markup
from studio.parsing import sample_code


async def lineup_close(call: JobCall) -> None:
    """At the business-day change: the un-kept lineup and the rack go to the warehouse; the kept
    samples open the new day's book. Silent when nothing moved."""
    new_day = call.clock.business_day(call.now)
    closed = samples.close_day(new_day, call.now)
    if not closed.shelved and not closed.kept:
        return
    closed_day = new_day - timedelta(days=1)
    lines = [call.t(None, "samples.close_title", day=f"{closed_day:%m-%d}")]
    if closed.shelved:
        lines.append(call.t(None, "samples.close_shelved", count=len(closed.shelved),
                            codes=samples.codes(closed.shelved)))
    if closed.kept:
        lines.append(call.t(None, "samples.close_kept", day=f"{new_day:%m-%d}"))
        lines += book_lines(call.t, None, closed.kept)
    await call.send_chat(call.settings.studio.group_chat_id, "\n".join(lines))


def day_count(call: JobCall, n: int) -> Markup:
    """"1 day" / "3 days" (Chinese: "3 天")."""
    return Markup(call.t(None, "samples.day_one" if n == 1 else "samples.day_many", n=n))


def waiting_lines(call: JobCall, waiting: list[sample_stock.Waiting], line_key: str) -> list[str]:
    """Samples grouped under their brand, each with who decided and how long it has waited."""
    lines, brand = [], None
    for w in waiting:
        if w.sample.brand_key != brand:
            brand = w.sample.brand_key
            lines.append(call.t(None, "samples.sweep_brand", brand=w.sample.brand))
        note = w.sample.return_note if w.sample.status != "warehouse" else ""
        lines.append(call.t(None, line_key, code=sample_code(w.sample.id), item=w.sample.item,
                            who=w.by.name if w.by else call.t(None, "samples.the_bot"),
                            days=day_count(call, w.days), note=f" · {note}" if note else ""))
    return lines


async def sweep(call: JobCall) -> None:
    """Thursday: what is to be sent back or cleared, by brand, and old warehouse stock."""
    found = sample_stock.sweep(call.clock, call.now, call.settings.samples.stale_days)
    lines = [call.t(None, "samples.sweep_title", day=f"{call.now:%m-%d}")]
    if found.to_return:
        lines.append(call.t(None, "samples.sweep_to_return", count=len(found.to_return)))
        lines += waiting_lines(call, found.to_return, "samples.sweep_line")
    if found.no_return:
        lines.append(call.t(None, "samples.sweep_no_return", count=len(found.no_return)))
        lines += waiting_lines(call, found.no_return, "samples.sweep_line")
    if not found.to_return and not found.no_return:
        lines.append(call.t(None, "samples.sweep_nothing"))
    if found.stale:
        lines.append(call.t(None, "samples.sweep_stale", count=len(found.stale),
                            days=day_count(call, call.settings.samples.stale_days)))
        lines += waiting_lines(call, found.stale, "samples.sweep_stale_line")
    await call.send_chat(call.settings.studio.group_chat_id, "\n".join(lines))


async def sweep_followup(call: JobCall) -> None:
    """The afternoon after the sweep: what is still to be sent back."""
    waiting = sample_stock.still_waiting(call.clock, call.now)
    if not waiting:
        text = call.t(None, "samples.followup_nothing")
    else:
        text = "\n".join([call.t(None, "samples.followup_title", count=len(waiting)),
                          *waiting_lines(call, waiting, "samples.sweep_line")])
    await call.send_chat(call.settings.studio.group_chat_id, text)
