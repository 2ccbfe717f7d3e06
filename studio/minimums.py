"""The daily minimums (handbook duties 11 and 12: 3 h live, 2 videos) and the rest of a person's
own dashboard (``/me``).

This module counts nothing itself. Live minutes, videos, check-ins and leave come from
``studio.figures``; ``/me`` reads its period and its month from ``report.build(...,
staff_ids=[me])``, so ``/me`` and ``/report`` cannot disagree; unpaid fines, samples and
inquiries come from their areas' own functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from config import Rules, Settings
from models import Broadcast, Staff
from studio import inquiries, report, roster, sample_stock
from studio.clock import Clock, format_minutes
from studio.errors import BadInput
from studio.figures import DayFacts, day_facts, facts_of
from studio.i18n import Markup, catalogue
from studio.parse import periods
from studio.targets import target_fen

# --- who is short of what -----------------------------------------------------------------------


@dataclass
class DaySummary:
    """One business day of every active host: who met both minimums, who did not, who was off."""

    day: date
    met: list[tuple[Staff, DayFacts]] = field(default_factory=list)
    short: list[tuple[Staff, DayFacts]] = field(default_factory=list)
    on_leave: list[Staff] = field(default_factory=list)
    # Not counted on ``day`` but from the next one (approved during it, or their official start
    # is tomorrow): the digest names them with what they did, so a host approved at 08:00 who
    # worked that day does not simply vanish from it.
    from_tomorrow: list[tuple[Staff, DayFacts]] = field(default_factory=list)


def day_summary(day: date, rules: Rules, clock: Clock) -> DaySummary:
    """Sort the active hosts of ``day`` into met / short / on leave / counted from tomorrow,
    judging the day as it stands by the report's definition (``report.statuses_on``): a host
    not yet counted that day (approved during it, or before the official start) is never met
    or short; an inactive one is in none of them."""
    hosts = roster.active_hosts()
    facts = day_facts(day, day, [host.id for host in hosts])
    statuses = report.statuses_on(hosts, day, facts, clock)
    summary = DaySummary(day)
    not_yet = [host for host in hosts if statuses[host.id] == report.BEFORE]
    tomorrow = (report.statuses_on(not_yet, day + timedelta(days=1), {}, clock)
                if not_yet else {})
    for host in hosts:
        host_facts = facts_of(facts, host.id, day)
        if statuses[host.id] == report.LEAVE:
            summary.on_leave.append(host)
        elif statuses[host.id] == report.COUNTED:
            (summary.met if host_facts.met(rules) else summary.short).append((host, host_facts))
        elif tomorrow.get(host.id, report.BEFORE) != report.BEFORE:
            summary.from_tomorrow.append((host, host_facts))
    return summary


def corrections(day: date, short_ids: list[int], rules: Rules,
                clock: Clock) -> list[tuple[Staff, DayFacts]]:
    """The hosts the digest of ``day`` marked short (``short_ids``) who meet both minimums now,
    ``day`` as it stands (a broadcast that ended at 01:30 belongs to it)."""
    wanted = set(short_ids)
    return [(host, facts) for host, facts in day_summary(day, rules, clock).met
            if host.id in wanted]


def shortfalls(day: date, rules: Rules, clock: Clock) -> list[tuple[Staff, DayFacts]]:
    """Active hosts not on leave, counted that day, who are short of the live minutes or the
    videos on ``day``."""
    return day_summary(day, rules, clock).short


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

ME_MAX_DAYS = 62  # /me lists the days of a period one a line


def parse_period(args: list[str], now: datetime, clock: Clock) -> tuple[str, date, date]:
    """``[period]`` (``studio.parse.periods``: 本周 is Monday..today, 近7天 the 7 days to today)
    → (how /me lays it out: day | week (day by day) | month, first business day, last)."""
    if len(args) > 1:
        raise BadInput("extra_arguments")
    period = periods.parse_period(args[0] if args else None, clock.business_day(now),
                                  ME_MAX_DAYS)
    kind = "day" if period.first == period.last else "month" if period.month else "week"
    return kind, period.first, period.last


# --- /me: the dashboard --------------------------------------------------------------------------


@dataclass
class Dashboard:
    """Everything ``/me`` shows for one person and one period."""

    person: Staff
    kind: str  # day | week | month
    first: date
    last: date  # today
    # (day, facts, why the day does not count: "" it counts or is today, not over yet;
    # "leave", "before" the host's start — see report.counted_from —, "inactive"), oldest first
    days: list[tuple[date, DayFacts, str]]
    period: report.HostRow  # /report's row of the period: its totals
    open_broadcast: Broadcast | None
    unpaid_fen: int  # everything still owed, whenever recorded
    gmv_fen: int  # this month so far
    target_fen: int | None  # this month's whole target; None: no official start
    due_fen: int | None  # the part due by today: /report's target for the month so far
    samples: dict[str, int]
    inquiries: int
    today_day: date | None = None  # now's business day: a past period has no "today"

    @property
    def today(self) -> DayFacts:
        return self.days[-1][1]

    @property
    def is_current(self) -> bool:
        """Whether the period reaches today (``last`` is today, not over yet)."""
        return self.today_day is None or self.last >= self.today_day

    def short_days(self, rules: Rules) -> list[date]:
        """The days that count against the host (``report.DayRow.counted``: over, active, not
        on leave, after the start) with a minimum missed."""
        return [d.day for d in self.period.days if d.counted and not d.met(rules)]


def days_from(row: report.HostRow, first: date, rules: Rules) -> report.HostRow:
    """``row``'s days from ``first`` on, with the totals ``/me`` reads of a period (live time,
    videos, check-ins, the counted and short days) summed over them as ``report.build`` does;
    what is owed (``unpaid_fen``) is the row's: everything up to the same last day."""
    cut = report.HostRow(row.staff_id, row.name, host=row.host)
    cut.unpaid_fen, cut.carried_fen = row.unpaid_fen, row.carried_fen
    for day_row in row.days:
        if day_row.day >= first:
            cut.add_day(day_row, rules)
            cut.gmv_fen += day_row.gmv_fen
    return cut


def dashboard(person: Staff, kind: str, first: date, last: date, settings: Settings,
              clock: Clock, now: datetime) -> Dashboard:
    """Gather ``/me`` from the report's own rows: the days of the period, and this month so far
    (GMV against the target) — the very figures ``/report … @me`` shows."""
    month_first = last.replace(day=1)
    if first >= month_first:  # one pass: the month so far, the period cut from its days
        month = report.build(month_first, last, settings, clock, staff_ids=[person.id],
                             now=now).rows[0]
        period = month if first == month_first else days_from(month, first, settings.rules)
    else:  # a week reaching into last month
        period = report.build(first, last, settings, clock, staff_ids=[person.id],
                              now=now).rows[0]
        month = report.build(month_first, last, settings, clock, staff_ids=[person.id],
                             now=now).rows[0]
    mine = sample_stock.counts_by_status([person.id])
    return Dashboard(
        person=person, kind=kind, first=first, last=last,
        days=[(d.day, d.facts, "" if d.status in (report.COUNTED, report.TODAY) else d.status)
              for d in period.days], period=period,
        open_broadcast=Broadcast.open_for(person), unpaid_fen=period.unpaid_fen,
        gmv_fen=month.gmv_fen,
        target_fen=target_fen(settings.targets, person.official_start, last.year, last.month),
        due_fen=month.target_fen,
        samples={status: mine[status] for status in sample_stock.OPEN_STATUSES},
        inquiries=inquiries.waiting_count(now), today_day=clock.business_day(now))
