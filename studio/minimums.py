"""The daily minimums (handbook duties 11 and 12: 3 h live, 2 videos) and the rest of a person's
own dashboard (``/me``).

Every live minute and video is counted by ``studio.figures``; this module only decides who is
short of what, on which days, and gathers the other figures ``/me`` shows.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from peewee import fn

from config import Rules, Target
from models import Broadcast, Fine, Inquiry, Leave, MetricsEntry, Sample, Staff
from studio import roster
from studio.clock import Clock, format_minutes
from studio.errors import BadInput
from studio.figures import DayFacts, day_facts, facts_of
from studio.i18n import Markup, catalogue
from studio.targets import target_fen

# --- who is short of what -----------------------------------------------------------------------


@dataclass
class DaySummary:
    """One business day of every active host: who met both minimums, who did not, who was off."""

    day: date
    met: list[tuple[Staff, DayFacts]] = field(default_factory=list)
    short: list[tuple[Staff, DayFacts]] = field(default_factory=list)
    on_leave: list[Staff] = field(default_factory=list)


def day_summary(day: date, rules: Rules) -> DaySummary:
    """Sort the active hosts of ``day`` into met / short / on leave."""
    hosts = roster.active_hosts()
    facts = day_facts(day, day, [host.id for host in hosts])
    off = leave_days_of([host.id for host in hosts], day, day)
    summary = DaySummary(day)
    for host in hosts:
        if (host.id, day) in off:
            summary.on_leave.append(host)
            continue
        host_facts = facts_of(facts, host.id, day)
        (summary.met if host_facts.met(rules) else summary.short).append((host, host_facts))
    return summary


def shortfalls(day: date, rules: Rules) -> list[tuple[Staff, DayFacts]]:
    """Active hosts not on leave who are short of the live minutes or the videos on ``day``."""
    return day_summary(day, rules).short


def leave_days_of(staff_ids: list[int], first: date, last: date) -> set[tuple[int, date]]:
    rows = (Leave.select(Leave.staff, Leave.day)
            .where(Leave.staff.in_(staff_ids) & (Leave.day >= first) & (Leave.day <= last))
            .tuples())
    return {(staff_id, day) for staff_id, day in rows}


def video_count(lang: str, count: int) -> Markup:
    """"1 video" / "2 videos" / "2条视频" (already escaped, to nest in another text)."""
    return Markup(catalogue().t(lang, "minimums.video_one" if count == 1 else "minimums.video_many",
                         n=count))


def describe_missing(facts: DayFacts, rules: Rules, lang: str) -> str:
    """Exactly what is missing: "还差20分直播、1条视频" / "still missing 20 min live and 1 video";
    "" when both minimums are met."""
    minutes, videos = facts.minutes_short(rules), facts.videos_short(rules)
    cat = catalogue()
    if minutes and videos:
        return cat.t(lang, "minimums.missing_both", minutes=format_minutes(minutes, lang),
                     videos=video_count(lang, videos))
    if minutes:
        return cat.t(lang, "minimums.missing_live", minutes=format_minutes(minutes, lang))
    if videos:
        return cat.t(lang, "minimums.missing_videos", videos=video_count(lang, videos))
    return ""


# --- /me: the periods ---------------------------------------------------------------------------

PERIODS = {"day": "day", "today": "day", "日": "day", "天": "day", "今天": "day",
           "week": "week", "周": "week", "本周": "week",
           "month": "month", "月": "month", "本月": "month"}


def parse_period(args: list[str], now: datetime, clock: Clock) -> tuple[str, date, date]:
    """``[day|week|month]`` → (kind, first business day, last business day = today).

    A week is the 7 business days to today; a month is this calendar month so far."""
    if len(args) > 1:
        raise BadInput("extra_arguments")
    kind = PERIODS.get(args[0].lower()) if args else "day"
    if kind is None:
        raise BadInput("me_bad_period", value=args[0])
    today = clock.business_day(now)
    first = {"day": today, "week": today - timedelta(days=6),
             "month": today.replace(day=1)}[kind]
    return kind, first, today


# --- /me: the other figures ---------------------------------------------------------------------


def unpaid_fines_fen(staff: Staff) -> int:
    """The sum of the person's unpaid fines, in fen."""
    total = (Fine.select(fn.COALESCE(fn.SUM(Fine.amount_fen), 0))
             .where((Fine.staff == staff) & (Fine.status == "unpaid"))
             .scalar())
    return int(total or 0)


def month_gmv_fen(staff: Staff, year: int, month: int, clock: Clock) -> int:
    """The GMV of the host's broadcasts that started in the calendar month (business days), from
    each broadcast's current metrics. (``Broadcast.day`` is already the business day, so
    ``clock`` is not needed for the bounds; it is kept so every caller passes the same things.)"""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    total = (MetricsEntry
             .select(fn.COALESCE(fn.SUM(MetricsEntry.gmv_fen), 0))
             .join(Broadcast, on=(MetricsEntry.broadcast == Broadcast.id))
             .where((Broadcast.staff == staff) & (MetricsEntry.current == True)  # noqa: E712
                    & (Broadcast.day >= first) & (Broadcast.day <= last))
             .scalar())
    return int(total or 0)


def open_broadcast(staff: Staff) -> Broadcast | None:
    return (Broadcast.select()
            .where((Broadcast.staff == staff) & Broadcast.ended_at.is_null())
            .order_by(Broadcast.started_at.desc())
            .first())


# A host's samples still waiting on them: logged onto the rack and never put away (duty 1), or
# decided "to return" and not yet sent back in the Thursday sweep (duty 9).
OPEN_SAMPLE_STATUSES = ("rack", "to_return")


def open_samples(staff: Staff) -> dict[str, int]:
    """Samples the person logged that still wait on them, by status (rack, to_return)."""
    rows = (Sample.select(Sample.status, fn.COUNT(Sample.id))
            .where((Sample.logged_by == staff) & Sample.status.in_(OPEN_SAMPLE_STATUSES))
            .group_by(Sample.status)
            .tuples())
    counts = dict.fromkeys(OPEN_SAMPLE_STATUSES, 0)
    counts.update({status: count for status, count in rows})
    return counts


def unanswered_inquiries() -> int:
    """Open customer inquiries, studio-wide (inquiries are not assigned to anyone)."""
    return Inquiry.select().where(Inquiry.status == "open").count()


@dataclass
class Dashboard:
    """Everything ``/me`` shows for one person and one period."""

    person: Staff
    kind: str  # day | week | month
    first: date
    last: date  # today
    days: list[tuple[date, DayFacts, bool]]  # (day, facts, on leave), oldest first
    open_broadcast: Broadcast | None
    unpaid_fen: int
    gmv_fen: int
    target_fen: int | None  # None: no official start
    samples: dict[str, int]
    inquiries: int

    @property
    def today(self) -> DayFacts:
        return self.days[-1][1]

    def short_days(self, rules: Rules) -> list[date]:
        """Finished days (not today, not on leave) with a minimum missed."""
        return [day for day, facts, off in self.days
                if day < self.last and not off and not facts.met(rules)]


def dashboard(person: Staff, kind: str, first: date, last: date, targets: list[Target],
              clock: Clock) -> Dashboard:
    """Gather ``/me``: the days of the period, and this month's GMV against the target."""
    facts = day_facts(first, last, [person.id])
    off = leave_days_of([person.id], first, last)
    days = []
    day = first
    while day <= last:
        days.append((day, facts_of(facts, person.id, day), (person.id, day) in off))
        day += timedelta(days=1)
    return Dashboard(
        person=person, kind=kind, first=first, last=last, days=days,
        open_broadcast=open_broadcast(person), unpaid_fen=unpaid_fines_fen(person),
        gmv_fen=month_gmv_fen(person, last.year, last.month, clock),
        target_fen=target_fen(targets, person.official_start, last.year, last.month),
        samples=open_samples(person), inquiries=unanswered_inquiries())
