"""The reference model: every figure of a period computed from the history, by hand.

Plain Python over the records of ``tests.model.events``, written from the definitions of
docs/reports.md and issue #26, not from the product's code (nothing of ``studio`` or ``models``
is imported): a business day starts at 05:00; a broadcast belongs to the business day it
started in; a fine to the business day of its offence; "owed at a period's end" is what was
owed at that end, whatever was paid later."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from tests.model import events as ev

DAY_STARTS = timedelta(hours=5)
MIN_LIVE, MIN_VIDEOS = 180, 2
LATE_FINE_FEN = 1000  # the catalogue's `register` fine


def business_day(moment: datetime) -> date:
    return (moment - DAY_STARTS).date()


def day_end(day: date) -> datetime:
    """The first moment after business day ``day``."""
    return datetime.combine(day + timedelta(days=1), datetime.min.time()) + DAY_STARTS


INQUIRY_HOURS = (time(9), time(23))  # the default ``inquiries.hours``, 09:00-23:00


def within_hours(start: datetime, end: datetime) -> int:
    """The seconds of [start, end) inside the inquiry hours, calendar day by calendar day."""
    total, day = 0, start.date()
    while day <= end.date():
        opens, closes = (datetime.combine(day, t) for t in INQUIRY_HOURS)
        total += max(0, int((min(end, closes) - max(start, opens)).total_seconds()))
        day += timedelta(days=1)
    return total


def median(values: list[int]) -> int | None:
    """The middle response, or the two middles' mean in whole seconds (rounded down)."""
    if not values:
        return None
    ordered, half = sorted(values), len(values) // 2
    return ordered[half] if len(values) % 2 else (ordered[half - 1] + ordered[half]) // 2


def half_up_yuan(fen: int) -> int:
    return (fen + 50) // 100


# The tenure targets (CNY a month) of the default config: month 1 nothing, 2-3 5,000, then
# 10,000.
TARGETS = [(1, 1, 0), (2, 3, 5000), (4, 6, 10000), (7, None, 10000)]


def tenure_month(start: date, day: date) -> int:
    """1 from the start to the day before the same date a month later, and so on."""
    months = (day.year - start.year) * 12 + day.month - start.month
    return months + (day.day >= start.day)


def monthly_target(month: int) -> int:
    return next((amount for first, last, amount in TARGETS
                 if first <= month and (last is None or month <= last)), 0)


@dataclass
class Person:
    cast: ev.Cast
    joined: datetime
    deactivated: datetime | None = None
    reactivated: datetime | None = None  # approved again after ``deactivated``

    @property
    def active(self) -> bool:
        return self.deactivated is None or self.reactivated is not None

    def inactive_on(self, day: date) -> bool:
        """From the deactivation's business day until the first whole one after approval."""
        if self.deactivated is None or day < business_day(self.deactivated):
            return False
        if self.reactivated is None:
            return True
        back = business_day(self.reactivated)
        if self.reactivated != datetime.combine(back, time()) + DAY_STARTS:
            back += timedelta(days=1)
        return day < back
    start: date | None = None


@dataclass
class Broadcast:
    key: str
    who: str
    start: datetime
    end: datetime | None = None
    late: bool = False
    gmv_fen: int | None = None
    viewers: int | None = None
    orders: int | None = None

    @property
    def day(self) -> date:
        return business_day(self.start)


@dataclass
class FineRecord:
    key: str
    who: str
    amount_fen: int
    offence_day: date
    confirmed_at: datetime | None  # None: a proposal not (yet) confirmed
    paid_at: datetime | None = None
    waived_at: datetime | None = None
    dismissed: bool = False

    def owed_at(self, moment: datetime) -> bool:
        """Confirmed and neither paid nor waived at ``moment`` (a fine for an offence before
        ``moment`` confirmed later is owed for its own day's period)."""
        return (self.confirmed_at is not None
                and not (self.paid_at is not None and self.paid_at < moment)
                and not (self.waived_at is not None and self.waived_at < moment))


@dataclass
class Row:
    """One person's figures for a period."""

    name: str
    host: bool
    live_minutes: int = 0
    short_live: int = 0
    videos: int = 0
    short_videos: int = 0
    checkins_on_plan: int = 0
    planned_days: int = 0
    gmv_fen: int = 0
    viewers: int = 0
    orders: int = 0
    gmv_with_viewers_fen: int = 0
    gmv_with_orders_fen: int = 0
    fines_fen: int = 0
    owed_fen: int = 0
    late_registrations: int = 0
    target_fen: int | None = None
    gmv_on_target_fen: int = 0  # the GMV of the hosts with a target (the total's done)
    days_counted: int = 0
    counted_live_minutes: int = 0
    responses: list[int] = field(default_factory=list)  # seconds, one per answer counted

    @property
    def answered(self) -> int:
        return len(self.responses)

    @property
    def median_response(self) -> int | None:
        return median(self.responses)

    @property
    def gpm_fen(self) -> int | None:
        return round(self.gmv_with_viewers_fen * 1000 / self.viewers) if self.viewers else None

    @property
    def order_value_fen(self) -> int | None:
        return round(self.gmv_with_orders_fen / self.orders) if self.orders else None

    @property
    def share(self) -> int | None:
        """Done: GMV / target in whole percent, rounded down, uncapped."""
        return self.gmv_on_target_fen * 100 // self.target_fen if self.target_fen else None

    def add(self, other: Row) -> None:
        if other.target_fen:  # a host whose target is 0 has none (tenure month 1)
            self.target_fen = (self.target_fen or 0) + other.target_fen
        for name in ("gmv_on_target_fen", "live_minutes", "short_live", "videos", "short_videos",
                     "checkins_on_plan", "planned_days", "gmv_fen", "viewers", "orders",
                     "gmv_with_viewers_fen", "gmv_with_orders_fen", "fines_fen", "owed_fen",
                     "late_registrations"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.responses = self.responses + other.responses


@dataclass
class PayLine:
    name: str
    count: int = 0
    late: int = 0  # of which late items (a closed month's fine, confirmed after the close)
    fines_fen: int = 0
    paid_fen: int = 0
    unpaid_fen: int = 0
    carried_fen: int = 0

    @property
    def deduct_fen(self) -> int:
        return self.unpaid_fen + self.carried_fen


@dataclass
class Model:
    """The studio as the history so far made it; the figures as of a moment."""

    cast: dict[str, ev.Cast]
    people: dict[str, Person] = field(default_factory=dict)
    broadcasts: dict[str, Broadcast] = field(default_factory=dict)
    videos: dict[str, list[tuple[date, str]]] = field(default_factory=dict)
    checkins: dict[str, set[date]] = field(default_factory=dict)
    plans: dict[str, set[date]] = field(default_factory=dict)
    leave: dict[str, set[date]] = field(default_factory=dict)
    fines: dict[str, FineRecord] = field(default_factory=dict)
    closed: dict[str, datetime] = field(default_factory=dict)  # "2026-12" → when closed
    waiting: dict[str, datetime | None] = field(default_factory=dict)  # customer → since
    answers: list[tuple[str, datetime, int]] = field(default_factory=list)  # who, at, seconds

    # --- the history ----------------------------------------------------------------------

    def apply(self, event: ev.Event) -> bool:
        """Record ``event``; False when the studio's rules refuse it (nothing is recorded)."""
        handler = getattr(self, f"_{type(event).__name__.lower()}")
        return handler(event) is not False

    def _join(self, e: ev.Join):
        self.people[e.who] = Person(self.cast[e.who], e.at)

    def _setstart(self, e: ev.SetStart):
        self.people[e.who].start = e.day

    def _deactivate(self, e: ev.Deactivate):
        self.people[e.who].deactivated = e.at

    def _rejoin(self, e: ev.Rejoin):
        pass

    def _approve(self, e: ev.Approve):
        self.people[e.who].reactivated = e.at

    def _role(self, e: ev.Role):
        """The role as of the query decides: a host made ops is no host for any day."""
        person = self.people[e.who]
        person.cast = replace(person.cast, role=e.role)

    def _live(self, e: ev.Live):
        late = e.start is not None
        self.broadcasts[e.broadcast] = Broadcast(e.broadcast, e.who, e.start or e.at, late=late)
        if late:  # the bot proposes the `register` fine; the offence is the broadcast's day
            self.fines[f"late:{e.broadcast}"] = FineRecord(
                f"late:{e.broadcast}", e.who, LATE_FINE_FEN, business_day(e.start), None)

    def _offline(self, e: ev.Offline):
        self.broadcasts[e.broadcast].end = e.at

    def _video(self, e: ev.Video):
        day, mine = business_day(e.at), self.videos.setdefault(e.who, [])
        if (day, e.link) in mine:  # the same link twice in a business day is refused
            return False
        mine.append((day, e.link))

    def _metrics(self, e: ev.Metrics):
        b = self.broadcasts[e.broadcast]
        for name in ("gmv_fen", "viewers", "orders"):
            if getattr(e, name) is not None:
                setattr(b, name, getattr(e, name))

    def _plan(self, e: ev.Plan):
        self.plans.setdefault(e.who, set()).add(e.day)

    def _checkin(self, e: ev.Checkin):
        self.checkins.setdefault(e.who, set()).add(business_day(e.at))

    def _leave(self, e: ev.Leave):
        self.leave.setdefault(e.who, set()).add(e.day)

    def _fine(self, e: ev.Fine):
        self.fines[e.fine] = FineRecord(e.fine, e.who, e.amount_fen, business_day(e.at), e.at)

    def _decide(self, e: ev.Decide):
        fine = self.fines[f"late:{e.broadcast}"]
        if e.confirm:
            fine.confirmed_at = e.at
        else:
            fine.dismissed = True

    def _paid(self, e: ev.Paid):
        self.fines[e.fine].paid_at = e.at

    def _waive(self, e: ev.Waive):
        self.fines[e.fine].waived_at = e.at

    def _close(self, e: ev.Close):
        self.closed.setdefault(e.month, e.at)

    def _ask(self, e: ev.Ask):
        if self.waiting.get(e.customer) is None:  # a follow-up does not restart the wait
            self.waiting[e.customer] = e.at

    def _answer(self, e: ev.Answer):
        """Only the first answer after a wait counts, timed from its first message."""
        since = self.waiting.get(e.customer)
        if since is not None:
            self.answers.append((e.who, e.at, within_hours(since, e.at)))
        self.waiting[e.customer] = None

    def _report(self, e):
        pass

    _me = _payroll = _weekly = _digest = _report

    def ledger_day(self, fine: FineRecord) -> date:
        """The day a fine counts on: its offence's, unless its month was closed before it was
        confirmed — then the first day of the first month still open then (a late item)."""
        day = fine.offence_day
        while f"{day:%Y-%m}" in self.closed and fine.confirmed_at > self.closed[f"{day:%Y-%m}"]:
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        return day

    # --- the figures ----------------------------------------------------------------------

    def counted_from(self, who: str) -> date:
        """The later of the official start and the first whole business day as staff (the
        day of joining only if they were staff from its 05:00)."""
        person = self.people[who]
        day = business_day(person.joined)
        if person.joined != datetime.combine(day, datetime.min.time()) + DAY_STARTS:
            day += timedelta(days=1)
        return max(day, person.start) if person.start is not None else day

    def counts(self, who: str, day: date, today: date) -> bool:
        """Whether ``day`` counts against the host: over, after the start, active, not on
        leave."""
        person = self.people[who]
        if day >= today or day < self.counted_from(who):
            return False
        if person.inactive_on(day):
            return False
        return day not in self.leave.get(who, set())

    def due(self, who: str, day: date, today: date) -> bool:
        """Whether the host was due at work: after the start, active, not on leave, up to
        today (attendance's planned days)."""
        return self.counts(who, day, today + timedelta(days=1))

    def live_minutes(self, who: str, day: date) -> int:
        return sum(int((b.end - b.start).total_seconds()) // 60
                   for b in self.broadcasts.values()
                   if b.who == who and b.day == day and b.end is not None)

    def video_count(self, who: str, day: date) -> int:
        return sum(1 for d, _ in self.videos.get(who, []) if d == day)

    def has_data(self, who: str, first: date, last: date) -> bool:
        def within(days) -> bool:
            return any(first <= d <= last for d in days)
        return (within(b.day for b in self.broadcasts.values() if b.who == who)
                or within(d for d, _ in self.videos.get(who, []))
                or within(self.checkins.get(who, ())) or within(self.plans.get(who, ()))
                or within(self.leave.get(who, ())))

    def row(self, who: str, first: date, last: date, now: datetime) -> Row:
        today = business_day(now)
        person = self.people[who]
        host = person.cast.role == "host"
        row = Row(person.cast.name, host)
        end = min(day_end(last), now)
        day = first
        while day <= last:
            minutes, videos = self.live_minutes(who, day), self.video_count(who, day)
            row.live_minutes += minutes
            row.videos += videos
            if host and self.counts(who, day, today):
                row.days_counted += 1
                row.counted_live_minutes += minutes
                row.short_live += minutes < MIN_LIVE
                row.short_videos += videos < MIN_VIDEOS
            if day in self.plans.get(who, set()) and self.due(who, day, today):
                row.planned_days += 1
                row.checkins_on_plan += day in self.checkins.get(who, set())
            day += timedelta(days=1)
        for b in self.broadcasts.values():
            if b.who != who or not first <= b.day <= last:
                continue
            row.late_registrations += b.late
            gmv = b.gmv_fen or 0
            row.gmv_fen += gmv
            if b.viewers:
                row.viewers += b.viewers
                row.gmv_with_viewers_fen += gmv
            if b.orders:
                row.orders += b.orders
                row.gmv_with_orders_fen += gmv
        row.responses = [seconds for by, at, seconds in self.answers
                         if by == who and first <= business_day(at) <= last]
        if host:
            row.target_fen = self.target(who, first, last)
            row.gmv_on_target_fen = row.gmv_fen if row.target_fen else 0
        for fine in self.fines.values():
            if fine.who != who or fine.confirmed_at is None:
                continue
            day = self.ledger_day(fine)
            if first <= day <= last and not (
                    fine.waived_at is not None and fine.waived_at < end):
                row.fines_fen += fine.amount_fen
            if day <= last and fine.owed_at(end):
                row.owed_fen += fine.amount_fen
        return row

    def target(self, who: str, first: date, last: date) -> int | None:
        """The tenure target of the days ``first``..``last`` in fen: each calendar month's
        part is the sum of its days' monthly target / the month's days, rounded to the fen; no
        target for the days before the host became staff or after a deactivation; None
        without an official start."""
        person = self.people[who]
        if person.start is None:
            return None
        total, day = 0, first
        while day <= last:
            days = calendar.monthrange(day.year, day.month)[1]
            part = 0
            while day <= last:
                staff = business_day(person.joined) <= day and not person.inactive_on(day)
                if staff and day >= person.start:
                    part += monthly_target(tenure_month(person.start, day))
                day += timedelta(days=1)
                if day.day == 1:  # the next calendar month's part
                    break
            total += (part * 100 * 2 + days) // (2 * days)  # to the nearest fen
        return total

    def report(self, first: date, last: date, now: datetime) -> dict[str, Row]:
        """Name → row (hosts: every active one and anyone with data; others with fines),
        then "合计"."""
        last = min(last, business_day(now))
        rows: dict[str, Row] = {}
        for who, person in self.people.items():
            row = self.row(who, first, last, now)
            active = person.active
            if person.cast.role == "host":
                if (active or self.has_data(who, first, last) or row.fines_fen
                        or row.owed_fen or row.answered):
                    rows[person.cast.name] = row
            elif row.fines_fen or row.owed_fen or row.answered:
                rows[person.cast.name] = row
        total = Row("合计", True)
        for row in rows.values():
            total.add(row)
        rows["合计"] = total
        return rows

    def payroll(self, first: date, last: date, now: datetime) -> dict[str, PayLine]:
        """Each person's fines of the period as of its end: fines, paid, unpaid, carried over
        (earlier offences still owed at the period's end), to deduct."""
        last = min(last, business_day(now))
        end = min(day_end(last), now)
        lines: dict[str, PayLine] = {}
        for fine in sorted(self.fines.values(), key=lambda f: f.key):
            if fine.confirmed_at is None:
                continue
            name = self.people[fine.who].cast.name
            line = lines.get(name) or PayLine(name)
            day = self.ledger_day(fine)
            if first <= day <= last:
                if fine.waived_at is not None and fine.waived_at < end:
                    continue
                line.count += 1
                line.late += day != fine.offence_day
                line.fines_fen += fine.amount_fen
                if fine.owed_at(end):
                    line.unpaid_fen += fine.amount_fen
                else:
                    line.paid_fen += fine.amount_fen
            elif day < first and fine.owed_at(end):
                line.carried_fen += fine.amount_fen
            else:
                continue
            lines[name] = line
        total = PayLine("合计")
        for line in lines.values():
            for name in ("count", "late", "fines_fen", "paid_fen", "unpaid_fen", "carried_fen"):
                setattr(total, name, getattr(total, name) + getattr(line, name))
        if lines:
            lines["合计"] = total
        return lines

    def me(self, who: str, now: datetime, period: str = "month") -> dict[str, object]:
        """``/me month`` (the 1st to today) or ``/me 上月`` (last month): its live time, daily
        average over the counted days, videos, days short of a minimum, attendance, GMV, and
        what was owed at the period's end (this month: now)."""
        today = business_day(now)
        last = today if period == "month" else today.replace(day=1) - timedelta(days=1)
        first = last.replace(day=1)
        row = self.row(who, first, last, now)
        short = 0
        day = first
        while day <= last:
            short += self.counts(who, day, today) and (
                self.live_minutes(who, day) < MIN_LIVE or self.video_count(who, day) < MIN_VIDEOS)
            day += timedelta(days=1)
        return {"live_minutes": row.live_minutes, "videos": row.videos,
                "unpaid_fen": row.owed_fen,
                "gmv_fen": row.gmv_fen, "short_days": short,
                "attendance": (row.checkins_on_plan, row.planned_days),
                "average": (row.counted_live_minutes // row.days_counted
                            if row.days_counted else None), "days_counted": row.days_counted}

    def digest(self, now: datetime) -> dict[str, object]:
        """The day as it stands: the active hosts counted that day who met both minimums,
        those short (live minutes, videos), those on leave."""
        day = business_day(now)
        out: dict[str, object] = {"met": [], "short": {}, "leave": []}
        for who, person in self.people.items():
            if person.cast.role != "host" or person.inactive_on(day):
                continue
            name = person.cast.name
            if day < self.counted_from(who):  # approved today: counted from tomorrow
                continue
            if day in self.leave.get(who, set()):
                out["leave"].append(name)
            elif self.counts(who, day, day + timedelta(days=1)):
                live, videos = self.live_minutes(who, day), self.video_count(who, day)
                if live >= MIN_LIVE and videos >= MIN_VIDEOS:
                    out["met"].append(name)
                else:
                    out["short"][name] = (live, videos)
        out["met"], out["leave"] = sorted(out["met"]), sorted(out["leave"])
        return out


def month_period(text: str, today: date) -> tuple[date, date]:
    """``2026-12`` → its first and last day (never past today); ``A..B`` likewise."""
    if ".." in text:
        a, b = text.split("..")
        first, last = date.fromisoformat(a), date.fromisoformat(b)
    else:
        year, month = map(int, text.split("-"))
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
    return first, min(last, today)
