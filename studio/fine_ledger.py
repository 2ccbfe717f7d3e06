"""The fines as a ledger: which period a fine belongs to, what was owed at a period's end, the
statement a /fines list, a report and a payroll read. Recording and deciding fines:
``studio.fines``. The definitions (docs/reports.md, *Fines*):

- A fine belongs to the business day of its **offence** (``Fine.offence_at``: the broadcast's
  start or end, the message's date), whenever it was proposed, confirmed or paid — its
  **ledger day** — unless its month was **closed** (``PayrollClose``) before the fine was
  recorded (``created_at``: confirmed, or typed): then it is a **late item** of the first month
  that was still open when it was recorded, on that month's first day, still dated by its
  offence. A closed month's lines therefore never change.
- **As of a period's end** a fine is paid if it was paid before that end, waived if waived
  before it, else unpaid: a payment made after the end does not change what was owed then.
- A period's fines: those whose ledger day is in it (waived as of its end left out of every
  sum). **Carried over**: those of earlier ledger days still unpaid as of the period's end.
  **Owed** (to deduct): unpaid of the period's + carried over.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from peewee import IntegrityError, fn

from models import RECORDED_FINES, Fine, FineStatus, PayrollClose, Staff, as_datetime, audit, db
from studio.clock import Clock, to_db
from studio.errors import BadInput, Refused

OFFENCE = fn.COALESCE(Fine.offence_at, Fine.created_at)  # a row made without one: recorded


def offence_of(fine) -> datetime:
    """The fine's offence time (naive UTC)."""
    return as_datetime(fine.offence_at) if fine.offence_at is not None else as_datetime(
        fine.created_at)


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _next_month(day: date) -> date:
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=last) + timedelta(days=1)


def closes() -> dict[str, datetime]:
    """month ("2026-12") → when it was closed (naive UTC)."""
    return {row.month: as_datetime(row.closed_at) for row in PayrollClose.select()}


def ledger_day(offence_day: date, recorded_at: datetime, closed: dict[str, datetime]) -> date:
    """The business day a fine counts on: its offence's, or — its month closed before it was
    recorded — the first day of the first month still open when it was recorded."""
    day = offence_day
    while month_of(day) in closed and recorded_at > closed[month_of(day)]:
        day = _next_month(day).replace(day=1)
    return day


def status_at(fine, end: datetime) -> FineStatus:
    """The fine's state as of ``end`` (naive UTC): paid or waived only if that happened
    before it (a row marked paid with no time: paid when recorded)."""
    status = FineStatus(fine.status)
    if status == FineStatus.PAID:
        paid = fine.paid_at if fine.paid_at is not None else fine.created_at
        return FineStatus.PAID if as_datetime(paid) < end else FineStatus.UNPAID
    if status == FineStatus.WAIVED:
        waived = fine.waived_at if fine.waived_at is not None else fine.created_at
        return FineStatus.WAIVED if as_datetime(waived) < end else FineStatus.UNPAID
    return status


@dataclass(slots=True)
class FineFigure:
    """What the report's figures read of a fine (the rows as the driver returns them: a year's
    3,000 fines through peewee's models took 0.1 s)."""

    id: int
    staff_id: int
    created_at: datetime  # naive UTC: recorded (a proposal: confirmed)
    offence_at: datetime | None
    amount_fen: int
    status: FineStatus
    paid_at: datetime | None
    waived_at: datetime | None
    day: date | None = None  # the ledger day
    late: bool = False  # moved out of its offence's closed month
    as_of: FineStatus | None = None  # the state as of the period's end


@dataclass
class Statement:
    """The fines of the business days ``first``..``last`` and the debts carried into them, each
    with its ``day`` (ledger day), ``late`` and ``as_of`` (state at the period's end)."""

    first: date
    last: date
    fines: list = field(default_factory=list)  # ledger day in the period, oldest offence first
    carried: list = field(default_factory=list)  # earlier ledger days, unpaid at the end

    @property
    def carried_fen(self) -> int:
        return sum(fine.amount_fen for fine in self.carried)

    @property
    def outstanding_fen(self) -> int:
        """Everything owed at the period's end, whenever the offence."""
        return fund(self.fines)[1] + self.carried_fen


def _clause(first_day: date, last_day: date, clock: Clock, staff_ids: list[int] | None):
    """Recorded fines (not a proposal, not dismissed) that can be in the period's statement:
    an offence before its end and — unless in the period — recorded since its start (a late
    item) or not paid nor waived before its end (carried)."""
    start, _ = clock.day_bounds(first_day)
    _, end = clock.day_bounds(last_day)
    clause = (end > OFFENCE) & Fine.status.in_(list(RECORDED_FINES)) & (
        (start <= OFFENCE) | (Fine.created_at >= start) | (Fine.status == FineStatus.UNPAID)
        | ((Fine.status == FineStatus.PAID) & (Fine.paid_at.is_null() | (Fine.paid_at >= end)))
        | ((Fine.status == FineStatus.WAIVED)
           & (Fine.waived_at.is_null() | (Fine.waived_at >= end))))
    if staff_ids is not None:
        clause &= Fine.staff.in_(staff_ids)
    return clause


def statement(first_day: date, last_day: date, clock: Clock,
              staff_ids: list[int] | None = None, *, light: bool = False) -> Statement:
    """The one definition of a period's fines (the module's doc), in two queries (the fines,
    the closed months). ``light``: bare ``FineFigure`` rows for the report's figures;
    otherwise ``Fine`` rows with the person loaded, for the lists and payroll."""
    if light:
        rows = [FineFigure(i, s, as_datetime(c), as_datetime(o) if o else None, a,
                           FineStatus(st), as_datetime(p) if p else None,
                           as_datetime(w) if w else None)
                for i, s, c, o, a, st, p, w in (
                    Fine.select(Fine.id, Fine.staff, Fine.created_at, Fine.offence_at,
                                Fine.amount_fen, Fine.status, Fine.paid_at, Fine.waived_at)
                    .where(_clause(first_day, last_day, clock, staff_ids))
                    .order_by(OFFENCE, Fine.id).tuples())]
    else:
        rows = list(Fine.select(Fine, Staff).join(Staff, on=(Fine.staff == Staff.id))
                    .where(_clause(first_day, last_day, clock, staff_ids))
                    .order_by(OFFENCE, Fine.id))
    closed = closes()
    _, end = clock.day_bounds(last_day)
    out = Statement(first_day, last_day)
    for fine in rows:
        offence_day = clock.business_day(offence_of(fine))
        fine.day = ledger_day(offence_day, as_datetime(fine.created_at), closed)
        fine.late = fine.day != offence_day
        fine.as_of = status_at(fine, end)
        if first_day <= fine.day <= last_day:
            out.fines.append(fine)
        elif fine.day < first_day and fine.as_of == FineStatus.UNPAID:
            out.carried.append(fine)
    return out


def fund(fines: list) -> tuple[int, int, int]:
    """(collected, outstanding, waived) in fen as of the statement's end."""
    totals = dict.fromkeys(FineStatus, 0)
    for fine in fines:
        totals[_as_of(fine)] += fine.amount_fen
    return totals[FineStatus.PAID], totals[FineStatus.UNPAID], totals[FineStatus.WAIVED]


def _as_of(fine) -> FineStatus:
    as_of = getattr(fine, "as_of", None)
    return as_of if as_of is not None else FineStatus(fine.status)


def totals_by_staff(fines: list) -> dict[int, tuple[int, int]]:
    """staff id → (amount, unpaid) in fen; waived fines are left out (they are not owed)."""
    out: dict[int, tuple[int, int]] = {}
    for fine in fines:
        status = _as_of(fine)
        if status == FineStatus.WAIVED:
            continue
        amount, unpaid = out.get(fine.staff_id, (0, 0))
        out[fine.staff_id] = (amount + fine.amount_fen,
                              unpaid + (fine.amount_fen if status == FineStatus.UNPAID else 0))
    return out


def unpaid_by_staff(fines: list) -> dict[int, int]:
    """staff id → unpaid fen of ``fines`` (as of the statement's end)."""
    out: dict[int, int] = {}
    for fine in fines:
        if _as_of(fine) == FineStatus.UNPAID:
            out[fine.staff_id] = out.get(fine.staff_id, 0) + fine.amount_fen
    return out


def fines_by_staff(first_day: date, last_day: date, clock: Clock,
                   staff_ids: list[int] | None = None) -> dict[int, tuple[int, int]]:
    """staff id → (amount, unpaid) in fen of the period's fines, waived left out."""
    return totals_by_staff(statement(first_day, last_day, clock, staff_ids, light=True).fines)


def fines_for(staff: Staff | None, first_day: date, last_day: date, clock: Clock) -> list[Fine]:
    """The period's fines (one person's, or everyone's), oldest offence first."""
    return statement(first_day, last_day, clock,
                     [staff.id] if staff is not None else None).fines


# --- payroll --------------------------------------------------------------------------------------


@dataclass
class PayLine:
    """One person's fines for payroll: the period's fines (waived ones left out), what of them
    was paid and unpaid at the period's end, and the unpaid fines of earlier periods carried
    over; ``late``: how many of the period's are late items of a closed month."""

    staff: Staff
    fines_fen: int = 0
    count: int = 0
    paid_fen: int = 0
    unpaid_fen: int = 0
    carried_fen: int = 0
    late: int = 0

    @property
    def deduct_fen(self) -> int:
        """What was still owed at the period's end: to deduct from pay."""
        return self.unpaid_fen + self.carried_fen


def payroll(data: Statement) -> list[PayLine]:
    """Per person with a fine of the period or a debt carried into it, by staff number."""
    lines: dict[int, PayLine] = {}
    for fine in data.fines:
        status = _as_of(fine)
        if status == FineStatus.WAIVED:
            continue
        line = lines.setdefault(fine.staff_id, PayLine(fine.staff))
        line.fines_fen += fine.amount_fen
        line.count += 1
        line.late += bool(getattr(fine, "late", False))
        if status == FineStatus.PAID:
            line.paid_fen += fine.amount_fen
        else:
            line.unpaid_fen += fine.amount_fen
    for fine in data.carried:
        lines.setdefault(fine.staff_id, PayLine(fine.staff)).carried_fen += fine.amount_fen
    return [lines[staff_id] for staff_id in sorted(lines)]


def payroll_totals(lines: list[PayLine]) -> PayLine:
    total = PayLine(None)
    for line in lines:
        for name in ("fines_fen", "count", "paid_fen", "unpaid_fen", "carried_fen", "late"):
            setattr(total, name, getattr(total, name) + getattr(line, name))
    return total


# --- closing a month ------------------------------------------------------------------------------


def closed_month(month: str) -> PayrollClose | None:
    return PayrollClose.get_or_none(PayrollClose.month == month)


def close_month(first_day: date, last_day: date, by: Staff, clock: Clock,
                now: datetime) -> PayrollClose:
    """Close a whole month that is over: its payroll never changes after. Refused for a
    period that is not one calendar month, a month not over yet, or one already closed
    (saying when and by whom)."""
    month_end = first_day.replace(day=calendar.monthrange(first_day.year, first_day.month)[1])
    if first_day.day != 1 or last_day > month_end:
        raise BadInput("payroll_close_month")
    month = month_of(first_day)
    if clock.business_day(now) <= month_end:  # "this month" is cut at today: not over
        raise Refused("payroll_close_not_over", month=month)
    if last_day != month_end:
        raise BadInput("payroll_close_month")
    with db.atomic():
        existing = closed_month(month)
        if existing is not None:
            raise Refused("payroll_closed_already", month=month,
                          at=clock.local(as_datetime(existing.closed_at)).strftime(
                              "%Y-%m-%d %H:%M"),
                          by=existing.closed_by.name if existing.closed_by_id else "?")
        try:
            with db.atomic():  # two managers at once: one closes, the other is told
                row = PayrollClose.create(month=month, closed_at=to_db(now), closed_by=by)
        except IntegrityError:
            raise Refused("payroll_closed_already", month=month, at="", by="?") from None
        audit(by, "payroll.close", f"month:{month}", at=now)
    return row
