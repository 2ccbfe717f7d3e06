"""The reference of a month's pay and of the scorecard's simple parts (issue #30), from the
model's own figures (``tests.model.reference``), never from the product's pay or report code.

Written from docs/assessment.md: per host and business day of the month, the rate in force on
that day (the latest ``since`` not after it); base = Σ per rate of base × days on staff ÷ the
month's days, to the fen half up; allowance = Σ per rate of hourly × minutes above the daily
minimum on the counted days ÷ 60, to the fen half up; commission on the month's GMV, the days
in order, marginal (each band's percent on the part of the month's GMV within it, the band
bounds of the day's rate) or whole (the month's GMV picks the band), rounded once; the bonus of
the month's last day's rate when on staff every day, no leave, both minimums met on every day
counted (at least one); the unpaid 乐捐 beside (the ledger's "to deduct"), off the gross only
when the studio says so. Exact arithmetic with ``Fraction``: no float, no ``Decimal`` shared
with the product."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction

from tests.model import reference


@dataclass(frozen=True)
class Rate:
    since: date
    base: int  # CNY a month
    hourly: int  # CNY an hour above the minimum
    full_attendance: int  # CNY
    tiers: tuple[tuple[int, int], ...]  # (above CNY, percent)

    def config(self) -> dict:
        return {"since": self.since.isoformat(), "base": self.base, "hourly": self.hourly,
                "full_attendance": self.full_attendance,
                "tiers": [{"above": above, "percent": percent} for above, percent in self.tiers]}


@dataclass
class Slip:
    base_fen: int = 0
    allowance_fen: int = 0
    commission_fen: int = 0
    bonus_fen: int = 0
    unpaid_fen: int = 0
    days_on_staff: int = 0  # with a rate in force
    extra_minutes: int = 0  # live minutes above the minimum, over the days counted
    gmv_fen: int = 0

    @property
    def gross_fen(self) -> int:
        return self.base_fen + self.allowance_fen + self.commission_fen + self.bonus_fen


def half_up(value: Fraction) -> int:
    """To the fen, half away from zero (every amount here is ≥ 0)."""
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))


def rate_on(rates: list[Rate], day: date) -> Rate | None:
    found = None
    for rate in rates:
        if rate.since <= day:
            found = rate
    return found


def band_percent(rate: Rate, gmv_fen: int) -> int:
    percent = 0
    for above, p in rate.tiers:
        if gmv_fen >= above * 100:
            percent = p
    return percent


def marginal(rate: Rate, low: int, high: int) -> Fraction:
    """The commission on the month's GMV from ``low`` to ``high`` fen at ``rate``'s bands."""
    total = Fraction(0)
    bounds = [above * 100 for above, _ in rate.tiers] + [None]
    for (above, percent), upper in zip(rate.tiers, bounds[1:], strict=True):
        a = max(low, above * 100)
        b = high if upper is None else min(high, upper)
        if b > a:
            total += Fraction((b - a) * percent, 100)
    return total


def on_staff(model: reference.Model, who: str, day: date) -> bool:
    """From her first counted day (the later of the first whole day and the official start)
    until a deactivation; a leave day is on staff."""
    person = model.people[who]
    if day < model.counted_from(who):
        return False
    return person.deactivated is None or day < reference.business_day(person.deactivated)


def met(model: reference.Model, who: str, day: date) -> bool:
    return (model.live_minutes(who, day) >= reference.MIN_LIVE
            and model.video_count(who, day) >= reference.MIN_VIDEOS)


def days_of(month: date) -> list[date]:
    return [month.replace(day=n) for n in range(1, calendar.monthrange(month.year,
                                                                        month.month)[1] + 1)]


def day_gmv(model: reference.Model, who: str, day: date) -> int:
    return sum(b.gmv_fen or 0 for b in model.broadcasts.values() if b.who == who and b.day == day)


def slip(model: reference.Model, who: str, month: date, now: datetime, rates: list[Rate], *,
         whole: bool, unpaid_fen: int) -> Slip:
    """One host's pay of a month that is over at ``now``."""
    days = days_of(month)
    today = reference.business_day(now)
    out = Slip(unpaid_fen=unpaid_fen)
    staff_days: dict[date, int] = {}
    extra: dict[date, int] = {}
    month_gmv = sum(day_gmv(model, who, d) for d in days)
    commission, so_far = Fraction(0), 0
    full, any_counted = True, False
    for day in days:
        rate = rate_on(rates, day)
        counted = model.counts(who, day, today)
        staff = on_staff(model, who, day)
        leave = day in model.leave.get(who, set())
        full = full and staff and not leave and (not counted or met(model, who, day))
        any_counted = any_counted or counted
        gmv = day_gmv(model, who, day)
        if rate is not None:
            if staff:
                staff_days[rate.since] = staff_days.get(rate.since, 0) + 1
            if counted:
                extra[rate.since] = extra.get(rate.since, 0) + max(
                    0, model.live_minutes(who, day) - reference.MIN_LIVE)
            if whole:
                commission += Fraction(gmv * band_percent(rate, month_gmv), 100)
            else:
                commission += marginal(rate, so_far, so_far + gmv)
        so_far += gmv
    by_since = {r.since: r for r in rates}
    out.base_fen = sum(half_up(Fraction(by_since[s].base * 100 * n, len(days)))
                       for s, n in staff_days.items())
    out.allowance_fen = sum(half_up(Fraction(by_since[s].hourly * 100 * m, 60))
                            for s, m in extra.items())
    out.commission_fen = half_up(commission)
    out.days_on_staff, out.extra_minutes = sum(staff_days.values()), sum(extra.values())
    out.gmv_fen = month_gmv
    last = rate_on(rates, days[-1])
    if full and any_counted and last is not None:
        out.bonus_fen = last.full_attendance * 100
    return out


def month_pay(model: reference.Model, month: date, now: datetime, rates: list[Rate], *,
              whole: bool) -> dict[str, Slip]:
    """Name → slip for every host of the month's report (active, or with the month's data)."""
    first, last = days_of(month)[0], days_of(month)[-1]
    ledger = model.payroll(first, last, now)
    hosts = {who: p for who, p in model.people.items() if p.cast.role == "host"}
    rows = model.report(first, last, now)
    return {p.cast.name: slip(model, who, month, now, rates, whole=whole,
                              unpaid_fen=ledger[p.cast.name].deduct_fen
                              if p.cast.name in ledger else 0)
            for who, p in hosts.items() if p.cast.name in rows}


def scorecard_parts(model: reference.Model, month: date, now: datetime) -> dict[str, dict]:
    """Name → the parts simple to state: days counted and met, live minutes, videos, the fines'
    count and amount (the ledger's line), GMV and the target (None without an official
    start)."""
    days = days_of(month)
    first, last = days[0], days[-1]
    today = reference.business_day(now)
    ledger = model.payroll(first, last, now)
    rows = model.report(first, last, now)
    out = {}
    for who, person in model.people.items():
        name = person.cast.name
        if person.cast.role != "host" or name not in rows:
            continue
        row = rows[name]
        counted = [d for d in days if model.counts(who, d, today)]
        line = ledger.get(name)
        out[name] = {"counted": len(counted), "met": sum(met(model, who, d) for d in counted),
                     "live_minutes": row.live_minutes, "videos": row.videos,
                     "fines": (line.count, line.fines_fen) if line else (0, 0),
                     "gmv_fen": row.gmv_fen, "target_fen": row.target_fen}
    return out


def month_after(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
