"""The ``targets`` job (15th and last day of the month): each host's GMV against this month's
tenure target, privately; a summary of every host to each manager."""

from __future__ import annotations

from scheduler.runner import JobCall
from studio import metrics, report, roster
from views.metrics import own_progress_text, progress_summary


async def targets(call: JobCall) -> None:
    """Tell each active host with a start date where they stand; the managers get everyone."""
    today = call.clock.business_day(call.now)
    month = today.strftime("%Y-%m")
    hosts = roster.active_hosts()
    due = report.targets_due(call.settings, hosts, today.replace(day=1), today, call.clock)
    progress = metrics.target_progress(call.settings, hosts, today, due)
    for item in progress:
        if item.target_fen is None:
            continue  # no start date: no target to hold them to; the managers see it
        await call.outbox.to_staff(item.person,
                                   lambda lang, item=item: own_progress_text(lang, month, item))
    await call.outbox.to_managers(lambda lang: progress_summary(lang, month, progress),
                                  key="summary")
