"""Pay (``[pay]``): base + allowance + commission + bonus (+ a manager's adjustments) = gross,
per host and month, from the report's figures and the rates in force on each day.

Every figure is the report's (``studio.report.build``, the definitions of docs/reports.md): a
day's status (counted, leave, before the start, inactive), its live minutes, its GMV, whether it
met both minimums; the unpaid 乐捐 are the fines ledger's payroll line. This module only prices
them, in integer fen:
- **base**: the month's base × the days of the month the host was on staff (not before her
  start, not deactivated) ÷ the month's days, per rate in force (a change on the 15th: 14 days
  at the old base, the rest at the new), each part rounded to the fen;
- **allowance**: per live hour above the daily minimum, over the days that count (leave, before
  the start and inactive days have none), at each day's rate, rounded once per rate;
- **commission** on the GMV as recorded, in the order of the days: each day's GMV falls in the
  bands of the month's GMV so far (marginal: each band's percent on the GMV within it) or, with
  ``whole_commission``, the month's GMV picks one band whose percent applies to all of it;
  either way at the tiers of the rate in force on that day; rounded once, to the fen;
- **full-attendance bonus**: on staff every day of the month, no leave, and both minimums met
  on every day that counted (the report's ``DayRow.met``); the rate of the month's last day;
- **adjustments**: what managers added or took off, with their reasons.
A day before the first rate's ``since`` has no rate: no pay is guessed for it.

The unpaid 乐捐 (the team fund's, not the studio's) are shown beside the gross and come off it
only with ``deduct_fines``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from peewee import IntegrityError

from config import Pay, PayRate, Rules, Settings
from models import PayAdjustment, PayRelease, Staff, audit, db
from studio import report
from studio.assessment import notes_for
from studio.clock import Clock, to_db
from studio.errors import BadInput, Refused
from studio.report_rows import BEFORE, COUNTED, INACTIVE, LEAVE, HostRow
from studio.text import format_fen


@dataclass
class Payslip:
    staff_id: int | None
    name: str
    base_fen: int = 0
    allowance_fen: int = 0
    commission_fen: int = 0
    bonus_fen: int = 0
    adjustments_fen: int = 0
    unpaid_fines_fen: int = 0
    deduct: bool = False
    days_on_staff: int = 0
    extra_minutes: int = 0  # live minutes above the daily minimum, over the days counted
    gmv_fen: int = 0
    notes: list[PayAdjustment] = field(default_factory=list)

    @property
    def gross_fen(self) -> int:
        return (self.base_fen + self.allowance_fen + self.commission_fen + self.bonus_fen
                + self.adjustments_fen)

    @property
    def net_fen(self) -> int:
        return self.gross_fen - (self.unpaid_fines_fen if self.deduct else 0)


def rate_on(pay: Pay, day: date) -> PayRate | None:
    """The rate in force on ``day``: the latest whose ``since`` is not after it."""
    current = None
    for rate in pay.rates:
        if rate.first_day <= day:
            current = rate
    return current


def _fen(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _percent(rate: PayRate, gmv_fen: int) -> Decimal:
    """The percent of the band ``gmv_fen`` of the month falls in (0 below the first)."""
    chosen = Decimal(0)
    for tier in rate.tiers:
        if gmv_fen >= tier.above * 100:
            chosen = Decimal(str(tier.percent))
    return chosen


def _marginal(rate: PayRate, start_fen: int, gmv_fen: int) -> Decimal:
    """Commission (fen, exact) on the GMV from ``start_fen`` to ``start_fen + gmv_fen`` of the
    month, each part at its band's percent."""
    total = Decimal(0)
    bounds = [t.above * 100 for t in rate.tiers] + [None]
    for tier, upper in zip(rate.tiers, bounds[1:], strict=True):
        low = max(start_fen, tier.above * 100)
        high = start_fen + gmv_fen if upper is None else min(start_fen + gmv_fen, upper)
        if high > low:
            total += Decimal(high - low) * Decimal(str(tier.percent)) / 100
    return total


def payslip(row: HostRow, pay: Pay, rules: Rules, *, month_days: int,
            whole_month: bool) -> Payslip:
    """One host's pay for the days of ``row`` (a month, or the month so far)."""
    slip = Payslip(row.staff_id, row.name, deduct=pay.deduct_fines)
    base_days: dict[int, int] = {}  # index of the rate → days on staff
    extra: dict[int, int] = {}  # index of the rate → live minutes above the minimum
    commission = Decimal(0)
    month_gmv = sum(d.gmv_fen for d in row.days)
    so_far = 0
    full = whole_month
    for day in row.days:
        rate = rate_on(pay, day.day)
        # Full attendance: on staff, no leave, both minimums on every day that counts.
        full = full and day.status not in (BEFORE, INACTIVE, LEAVE) and not (
            day.status == COUNTED and not day.met(rules))
        if rate is None:
            so_far += day.gmv_fen
            continue
        index = pay.rates.index(rate)
        if day.status not in (BEFORE, INACTIVE):
            base_days[index] = base_days.get(index, 0) + 1
            slip.days_on_staff += 1
        if day.status == COUNTED:
            above = max(0, day.live_minutes - rules.min_live_minutes)
            extra[index] = extra.get(index, 0) + above
            slip.extra_minutes += above
        if day.gmv_fen:
            if pay.whole_commission:
                commission += Decimal(day.gmv_fen) * _percent(rate, month_gmv) / 100
            else:
                commission += _marginal(rate, so_far, day.gmv_fen)
        so_far += day.gmv_fen
    for index, days in base_days.items():
        slip.base_fen += _fen(Decimal(pay.rates[index].base * 100 * days) / month_days)
    for index, minutes in extra.items():
        slip.allowance_fen += _fen(Decimal(pay.rates[index].hourly * 100 * minutes) / 60)
    slip.commission_fen = _fen(commission)
    slip.gmv_fen = month_gmv
    last_rate = rate_on(pay, row.days[-1].day) if row.days else None
    if full and last_rate is not None and any(d.status == COUNTED for d in row.days):
        slip.bonus_fen = last_rate.full_attendance * 100
    return slip


def payslips(data: report.Report, settings: Settings,
             notes: dict[int, list[PayAdjustment]]) -> list[Payslip]:
    """Every host's payslip for the month of ``data`` (built with ``detail``), by staff
    number; empty without ``[pay]``."""
    pay = settings.pay
    if pay is None:
        return []
    month_days = calendar.monthrange(data.first.year, data.first.month)[1]
    whole = data.first.day == 1 and data.last.day == month_days
    unpaid = {line.staff.id: line.deduct_fen for line in data.payroll if line.staff is not None}
    slips = []
    for row in sorted(data.hosts, key=lambda r: r.staff_id):
        slip = payslip(row, pay, settings.rules, month_days=month_days,
                       whole_month=whole and all(d.status != "today" for d in row.days))
        slip.notes = notes.get(row.staff_id, [])
        slip.adjustments_fen = sum(n.amount_fen for n in slip.notes)
        slip.unpaid_fines_fen = unpaid.get(row.staff_id, 0)
        slips.append(slip)
    return slips


def totals(slips: list[Payslip], deduct: bool) -> Payslip:
    """The sums of every column: each the sum of the lines, so they add up to the fen."""
    total = Payslip(None, "", deduct=deduct)
    for slip in slips:
        for name in ("base_fen", "allowance_fen", "commission_fen", "bonus_fen",
                     "adjustments_fen", "unpaid_fines_fen", "gmv_fen"):
            setattr(total, name, getattr(total, name) + getattr(slip, name))
    return total


MAX_ADJUST_FEN = 100_000_000  # a million CNY: more is a typo (and past a 32-bit column)


def adjust(person: Staff, month: date, amount_fen: int, reason: str, by: Staff,
           now: datetime) -> PayAdjustment:
    """A manager's note (``amount_fen`` 0) or adjustment to a host's month, with its reason,
    in the audit too. ``month`` is any day of it."""
    if abs(amount_fen) > MAX_ADJUST_FEN:
        raise BadInput("adjust_amount", value=format_fen(amount_fen))
    if person.role != "host":
        raise BadInput("adjust_not_host", name=person.name)
    if not reason.strip():
        raise BadInput("adjust_no_reason")
    at = to_db(now)
    with db.atomic():
        note = PayAdjustment.create(staff=person, month=month.replace(day=1),
                                    amount_fen=amount_fen, reason=reason.strip(), by=by, at=at)
        audit(by, "pay.adjust", f"staff:{person.id}",
              f"{month:%Y-%m} {amount_fen} {reason.strip()}", at=at)
    return note


def released(month: date) -> PayRelease | None:
    return PayRelease.get_or_none(PayRelease.month == month.replace(day=1))


def release(month: date, by: Staff, now: datetime, clock: Clock) -> PayRelease:
    """Mark the month's payslips released (once: a second release says who did it)."""
    at = to_db(now)
    try:
        with db.atomic():
            record = PayRelease.create(month=month.replace(day=1), by=by, at=at)
            audit(by, "pay.release", f"month:{month:%Y-%m}", at=at)
    except IntegrityError:
        done = released(month)
        raise Refused("already_released", month=f"{month:%Y-%m}", by=done.by.name,
                      day=f"{clock.local(done.at):%m-%d}") from None
    return record


@dataclass
class Month:
    """A month's report, scorecards and payslips (empty without ``[pay]``), as /payroll, the
    monthly job and the release read them."""

    data: report.Report
    slips: list[Payslip]
    month_days: int

    @property
    def label(self) -> str:
        return f"{self.data.first:%Y-%m}"

    def hosts(self) -> list[Staff]:
        """The month's hosts (the report's rows), by staff number, in one query."""
        ids = [row.staff_id for row in self.data.hosts]
        return list(Staff.select().where(Staff.id.in_(ids)).order_by(Staff.id)) if ids else []


def month_pay(first: date, last: date, settings: Settings, clock: Clock, now: datetime,
              staff_ids: list[int] | None = None) -> Month:
    """The report of ``first``..``last`` (a month, or this month so far) and its payslips."""
    data = report.build(first, last, settings, clock, staff_ids, now=now, detail=True)
    return Month(data, payslips(data, settings, notes_for(first.replace(day=1), staff_ids)),
                 calendar.monthrange(first.year, first.month)[1])
