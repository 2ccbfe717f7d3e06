"""The day's minimums: the reminder a host gets, the digest in the group, the managers' count
of what every job sent."""

from __future__ import annotations

from studio import minimums
from studio.clock import format_minutes
from studio.figures import DayFacts
from views import Markup, t


def reminder_text(rules, facts: DayFacts, lang: str) -> str:
    text = t(lang, "minimums.reminder",
             missing=Markup(minimums.describe_missing(facts, rules, lang)),
             live=format_minutes(facts.live_minutes, lang),
             min_live=format_minutes(rules.min_live_minutes, lang),
             videos=facts.videos, min_videos=rules.min_videos)
    if facts.open_broadcast:
        text += "\n" + t(lang, "minimums.reminder_open")
    return text


def digest_text(rules, summary: minimums.DaySummary, lang: str) -> str:
    sep = t(lang, "minimums.separator")
    nobody = t(lang, "minimums.digest_nobody")
    lines = [t(lang, "minimums.digest_title", day=summary.day.isoformat())]
    if not (summary.met or summary.short or summary.on_leave or summary.from_tomorrow):
        lines.append(t(lang, "minimums.digest_no_hosts"))
        return "\n".join(lines)
    lines.append(t(lang, "minimums.digest_met", count=len(summary.met),
                   names=sep.join(host.name for host, _ in summary.met) or nobody))
    if summary.short:
        lines.append(t(lang, "minimums.digest_short", count=len(summary.short)))
    for host, facts in summary.short:
        lines.append(t(lang, "minimums.digest_short_line", name=host.name,
                       missing=Markup(minimums.describe_missing(facts, rules, lang)),
                       live=format_minutes(facts.live_minutes, lang), videos=facts.videos)
                     + (t(lang, "minimums.digest_live") if facts.open_broadcast else ""))
    if summary.on_leave:
        lines.append(t(lang, "minimums.digest_leave", count=len(summary.on_leave),
                       names=sep.join(host.name for host in summary.on_leave)))
    if summary.from_tomorrow:
        lines.append(t(lang, "minimums.digest_from_tomorrow", count=len(summary.from_tomorrow),
                       names=Markup(sep.join(
                           t(lang, "minimums.digest_from_tomorrow_name", name=host.name,
                             live=format_minutes(facts.live_minutes, lang), videos=facts.videos)
                           for host, facts in summary.from_tomorrow))))
    return "\n".join(lines)


def correction_text(host, facts: DayFacts, day, lang: str) -> str:
    """The line that corrects a digest: a host it called short met both minimums after it."""
    return t(lang, "minimums.digest_correction", day=day.isoformat(), name=host.name,
             live=format_minutes(facts.live_minutes, lang), videos=facts.videos)


def jobs_text(counts: dict[str, int], day, lang: str) -> str:
    lines = [t(lang, "minimums.jobs_title", day=day.isoformat())]
    lines += [t(lang, "minimums.jobs_line", job=job, sent=sent) for job, sent in counts.items()]
    return "\n".join(lines)
