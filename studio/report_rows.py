"""The rows of the manager's report (``studio.report.build`` fills them): a host's day, a host's
period, the report. What each figure means: docs/reports.md, *Definitions* — one heading per key
of ``FIGURES`` below, and a test holds the page and this table to the same keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from config import Rules
from studio import fines as fines_ledger
from studio import inquiry_figures, metrics
from studio.figures import DayFacts

# Every figure /report (text), the workbook, the chart, /me, the weekly, the digest and /payroll
# show: its key (a heading of docs/reports.md's *Definitions*) → where the one value lives.
FIGURES: dict[str, str] = {
    "day_counts": "DayRow.counted",
    "live_minutes": "HostRow.live_minutes",
    "days_counted": "HostRow.days_counted",
    "days_short_live": "HostRow.days_short_live",
    "videos": "HostRow.videos",
    "days_short_videos": "HostRow.days_short_videos",
    "attendance": "HostRow.checkins_on_plan",
    "daily_live_minutes": "HostRow.daily_live_minutes",
    "gmv": "HostRow.gmv_fen",
    "viewers": "HostRow.viewers",
    "views": "HostRow.views",
    "orders": "HostRow.orders",
    "gpm": "HostRow.gpm_fen",
    "gpm_views": "HostRow.gpm_views_fen",
    "average_order": "HostRow.order_value_fen",
    "target": "HostRow.target_fen",
    "target_percent": "HostRow.target_percent",
    "fines": "HostRow.fines_fen",
    "owed": "HostRow.unpaid_fen",
    "carried": "HostRow.carried_fen",
    "answered": "HostRow.answered",
    "median_response": "HostRow.median_response",
    "registration_problems": "HostRow.problems",
    "payroll_fines": "PayLine.fines_fen",
    "payroll_paid": "PayLine.paid_fen",
    "payroll_unpaid": "PayLine.unpaid_fen",
    "payroll_carried": "PayLine.carried_fen",
    "payroll_deduct": "PayLine.deduct_fen",
    "payroll_late": "PayLine.late",
}

# What a day is for a host (``DayRow.status``): only COUNTED days can be short.
COUNTED = "counted"
TODAY = "today"  # not over yet: shown as it stands, never short
LEAVE = "leave"
BEFORE = "before"  # before the host's start (see ``counted_from``)
INACTIVE = "inactive"  # deactivated (and not approved again) by that day


@dataclass
class DayRow:
    """One host's business day: the day's facts (``studio.figures``), its GMV and fines."""

    day: date
    facts: DayFacts = field(default_factory=DayFacts)
    gmv_fen: int = 0
    fines_fen: int = 0
    status: str = COUNTED

    @property
    def counted(self) -> bool:
        """Whether the day's minimums apply: over, active, not on leave, after the start."""
        return self.status == COUNTED

    @property
    def due(self) -> bool:
        """Whether the host was due at work that day: staff, active and not on leave (a
        counted day, or today as it stands) — attendance's days."""
        return self.status in (COUNTED, TODAY)

    @property
    def before_start(self) -> bool:
        return self.status == BEFORE

    def minimums_met(self, rules: Rules) -> int:
        """How many of the two minimums (live time, videos) the day met: 0, 1 or 2."""
        return ((self.facts.live_minutes >= rules.min_live_minutes)
                + (self.facts.videos >= rules.min_videos))

    @property
    def live_minutes(self) -> int:
        return self.facts.live_minutes

    @property
    def videos(self) -> int:
        return self.facts.videos

    @property
    def checkin(self) -> bool:
        return self.facts.checkin

    @property
    def planned(self) -> bool:
        return self.facts.planned

    @property
    def on_leave(self) -> bool:
        return self.facts.on_leave

    @property
    def problems(self) -> int:
        return self.facts.late_registrations + self.facts.auto_closed

    def met(self, rules: Rules) -> bool:
        return self.facts.met(rules)


@dataclass
class HostRow:
    """One host's figures for the period (or the studio's totals)."""

    staff_id: int | None
    name: str
    host: bool = True  # False: ops or a manager with answers or fines (no minimums, no target)
    live_minutes: int = 0
    days_counted: int = 0  # days of the period not on leave, from the host's start
    days_short_live: int = 0
    videos: int = 0
    days_short_videos: int = 0
    checkins: int = 0  # days checked in, any
    planned_days: int = 0  # attendance's denominator: planned days the host was due (below)
    checkins_on_plan: int = 0  # attendance: of those, the days checked in
    counted_live_minutes: int = 0  # live time on the counted days (the daily average's part)
    gmv_fen: int = 0
    viewers: int = 0  # 观看人数 (people)
    orders: int = 0
    # The parts of the ratios (``metrics.Totals``): each over the broadcasts that have both.
    gmv_viewed_fen: int = 0
    gmv_ordered_fen: int = 0
    views: int = 0  # 观看次数, where given
    gmv_of_views_fen: int = 0
    target_fen: int | None = None
    gmv_on_target_fen: int = 0  # the GMV of the hosts with a target (the total's "done")
    fines_fen: int = 0
    unpaid_fen: int = 0  # everything still owed up to the period's end, whatever the month
    carried_fen: int = 0  # of which recorded before the period
    answered: int = 0
    response_seconds: list[int] = field(default_factory=list)
    late_registrations: int = 0
    auto_closed: int = 0
    days: list[DayRow] = field(default_factory=list)

    def add_day(self, day_row: DayRow, rules: Rules) -> None:
        """A day of the period: its row kept, its figures added to the period's (the one sum
        ``report.build`` and ``/me``'s cut of a period both make)."""
        f = day_row.facts
        self.days.append(day_row)
        self.live_minutes += f.live_minutes
        self.videos += f.videos
        self.checkins += f.checkin
        self.late_registrations += f.late_registrations
        self.auto_closed += f.auto_closed
        if f.planned and day_row.due:
            self.planned_days += 1
            self.checkins_on_plan += f.checkin
        if day_row.counted:
            self.days_counted += 1
            self.counted_live_minutes += f.live_minutes
            self.days_short_live += f.live_minutes < rules.min_live_minutes
            self.days_short_videos += f.videos < rules.min_videos

    @property
    def problems(self) -> int:
        return self.late_registrations + self.auto_closed

    @property
    def daily_live_minutes(self) -> int | None:
        """The daily average: live time on the counted days / the counted days (no leave day,
        no day before the start, not today); None without a counted day."""
        return self.counted_live_minutes // self.days_counted if self.days_counted else None

    @property
    def gpm_fen(self) -> int | None:
        """GMV per thousand viewers, in fen, of the broadcasts with viewers."""
        return metrics.gpm_fen(self.gmv_viewed_fen, self.viewers)

    @property
    def order_value_fen(self) -> int | None:
        """Average order value (GMV / orders), in fen, of the broadcasts with orders."""
        return metrics.average_order_fen(self.gmv_ordered_fen, self.orders)

    @property
    def gpm_views_fen(self) -> int | None:
        """GMV per thousand views (千次观看成交), in fen, of the broadcasts with views."""
        return metrics.gpm_fen(self.gmv_of_views_fen, self.views)

    @property
    def target_share(self) -> float | None:
        """GMV / target, uncapped; None without a target (or, for the total, no host with
        one)."""
        return self.gmv_on_target_fen / self.target_fen if self.target_fen else None

    @property
    def target_percent(self) -> int | None:
        return metrics.target_percent(self.gmv_on_target_fen, self.target_fen)

    @property
    def median_response(self) -> int | None:
        return inquiry_figures.median_seconds(self.response_seconds)


@dataclass
class Report:
    first: date
    last: date
    rows: list[HostRow]
    totals: HostRow
    waiting_returns: int = 0
    oldest_waiting: tuple[int, date] | None = None  # (sample id, waiting since)
    # The detail the workbook lists, in studio time (naive datetimes).
    broadcasts: list[dict] = field(default_factory=list)
    videos: list[dict] = field(default_factory=list)
    metrics: list[dict] = field(default_factory=list)
    fines: list[dict] = field(default_factory=list)
    samples: list[dict] = field(default_factory=list)
    inquiries: list[dict] = field(default_factory=list)
    payroll: list[fines_ledger.PayLine] = field(default_factory=list)

    @property
    def hosts(self) -> list[HostRow]:
        """The rows of hosts (the attendance and sales tables, the chart)."""
        return [row for row in self.rows if row.host]

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def row(self, staff_id: int) -> HostRow | None:
        return next((r for r in self.rows if r.staff_id == staff_id), None)
