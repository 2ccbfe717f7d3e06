"""The ``minimums`` reminders (18:00 and 22:00) and the ``digest`` (23:30)."""

from __future__ import annotations

from jobs.runner import JobCall, runs_sent_on
from models import JobDelivery
from studio import minimums, roster
from studio.clock import format_minutes
from studio.figures import DayFacts
from studio.i18n import Markup


def reminder_text(call: JobCall, facts: DayFacts, lang: str) -> str:
    rules = call.settings.rules
    text = call.t(lang, "minimums.reminder",
                  missing=Markup(minimums.describe_missing(facts, rules, lang)),
                  live=format_minutes(facts.live_minutes, lang),
                  min_live=format_minutes(rules.min_live_minutes, lang),
                  videos=facts.videos, min_videos=rules.min_videos)
    if facts.open_broadcast:
        text += "\n" + call.t(lang, "minimums.reminder_open")
    return text


async def remind_minimums(call: JobCall) -> None:
    """Tell each active host not on leave exactly what is still missing today."""
    day = call.clock.business_day(call.now)
    for host, facts in minimums.shortfalls(day, call.settings.rules):
        await call.send_staff(host, lambda lang, facts=facts: reminder_text(call, facts, lang))


def digest_text(call: JobCall, summary: minimums.DaySummary, lang: str) -> str:
    rules = call.settings.rules
    sep = call.t(lang, "minimums.separator")
    nobody = call.t(lang, "minimums.digest_nobody")
    lines = [call.t(lang, "minimums.digest_title", day=summary.day.isoformat())]
    if not (summary.met or summary.short or summary.on_leave):
        lines.append(call.t(lang, "minimums.digest_no_hosts"))
        return "\n".join(lines)
    lines.append(call.t(lang, "minimums.digest_met", count=len(summary.met),
                        names=sep.join(host.name for host, _ in summary.met) or nobody))
    if summary.short:
        lines.append(call.t(lang, "minimums.digest_short", count=len(summary.short)))
    for host, facts in summary.short:
        lines.append(call.t(lang, "minimums.digest_short_line", name=host.name,
                            missing=Markup(minimums.describe_missing(facts, rules, lang)),
                            live=format_minutes(facts.live_minutes, lang), videos=facts.videos)
                     + (call.t(lang, "minimums.digest_live") if facts.open_broadcast else ""))
    if summary.on_leave:
        lines.append(call.t(lang, "minimums.digest_leave", count=len(summary.on_leave),
                            names=sep.join(host.name for host in summary.on_leave)))
    return "\n".join(lines)


def jobs_text(call: JobCall, counts: dict[str, int], day, lang: str) -> str:
    lines = [call.t(lang, "minimums.jobs_title", day=day.isoformat())]
    lines += [call.t(lang, "minimums.jobs_line", job=job, sent=sent) for job, sent in counts.items()]
    return "\n".join(lines)


async def send_digest(call: JobCall) -> None:
    """The day in the group; and, to each manager, how many messages every job sent that day."""
    from jobs import JOBS

    day = call.clock.business_day(call.now)
    summary = minimums.day_summary(day, call.settings.rules)
    await call.send_chat(call.settings.studio.group_chat_id,
                         digest_text(call, summary, call.settings.studio.language))
    sent = runs_sent_on(day, call.clock)
    # This run is not finished, so its own count is not in the ledger yet: add what it sent.
    sent[call.spec.name] = sent.get(call.spec.name, 0) + (
        JobDelivery.select().where((JobDelivery.run == call.run)
                                   & (JobDelivery.status == "sent")).count())
    counts = {spec.name: sent.get(spec.name, 0) for spec in JOBS}
    for manager in roster.managers():
        await call.send_staff(manager, lambda lang: jobs_text(call, counts, day, lang),
                              key=f"manager:{manager.id}")
