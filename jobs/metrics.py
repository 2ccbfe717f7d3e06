"""The ``targets`` job (15th and last day of the month): each host's GMV against this month's
tenure target, privately; a summary of every host to each manager."""

from __future__ import annotations

from jobs.runner import JobCall
from studio import metrics, roster
from studio.metrics import Progress
from studio.parsing import format_fen


def progress_text(call: JobCall, lang: str, item: Progress) -> str:
    """One host's month: GMV, target (and the part due so far), what is left, per day."""
    t = call.t
    if item.target_fen is None:
        return t(lang, "metrics.target_no_start", who=item.person.name,
                 gmv=format_fen(item.gmv_fen))
    if item.target_fen == 0:
        return t(lang, "metrics.target_zero", who=item.person.name, gmv=format_fen(item.gmv_fen))
    if item.left_fen == 0:
        tail = t(lang, "metrics.target_met")
    elif item.days_left == 1:
        tail = t(lang, "metrics.target_left_last", left=format_fen(item.left_fen))
    else:
        tail = t(lang, "metrics.target_left", left=format_fen(item.left_fen),
                 days=item.days_left, per_day=format_fen(item.per_day_fen or 0))
    return t(lang, "metrics.target_line", who=item.person.name, gmv=format_fen(item.gmv_fen),
             target=format_fen(item.target_fen), due=format_fen(item.due_fen or 0), tail=tail)


async def targets(call: JobCall) -> None:
    """Tell each active host with a start date where they stand; the managers get everyone."""
    today = call.clock.business_day(call.now)
    month = today.strftime("%Y-%m")
    progress = metrics.target_progress(call.settings, roster.active_hosts(), today)
    for item in progress:
        if item.target_fen is None:
            continue  # no start date: no target to hold them to; the managers see it
        await call.send_staff(item.person, lambda lang, item=item: "\n".join([
            call.t(lang, "metrics.target_title_own", month=month),
            progress_text(call, lang, item)]))
    for manager in roster.managers():
        def summary(lang):
            lines = [call.t(lang, "metrics.target_title_all", month=month)]
            lines += [progress_text(call, lang, item) for item in progress]
            if not progress:
                lines.append(call.t(lang, "metrics.target_no_hosts"))
            return "\n".join(lines)
        await call.send_staff(manager, summary, key=f"summary:{manager.id}")
