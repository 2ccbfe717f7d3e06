"""The fines as a ledger: what was recorded in a period, what is owed (every month's), the
statement a /fines list and a payroll read. Recording and deciding fines: ``studio.fines``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from peewee import fn

from models import RECORDED_FINES, Fine, FineStatus, Staff, as_datetime, reused_rows
from studio.clock import Clock


def _in_days(first_day: date | None, last_day: date, clock: Clock):
    """Fines belong to the business day they were recorded on (``created_at``); no
    ``first_day``: everything recorded up to the end of ``last_day``."""
    _, end = clock.day_bounds(last_day)
    # Only recorded fines: a proposal (``proposed``) or a dismissed one is no fine.
    clause = (Fine.created_at < end) & Fine.status.in_(list(RECORDED_FINES))
    if first_day is not None:
        start, _ = clock.day_bounds(first_day)
        clause &= Fine.created_at >= start
    return clause


def recorded_in(first_day: date | None, last_day: date, clock: Clock,
                staff_ids: list[int] | None = None, *, or_unpaid: bool = False) -> list[Fine]:
    """The one query of the fines ledger for a period: every fine (paid, unpaid and waived)
    recorded in the business days ``first_day``..``last_day`` (of ``staff_ids``, or
    everyone's), oldest first, with the person loaded; ``or_unpaid``: and the unpaid ones
    recorded before ``first_day``."""
    clause = _in_days(first_day, last_day, clock)
    if or_unpaid and first_day is not None:
        clause = _in_days(None, last_day, clock) & (
            (Fine.created_at >= clock.day_bounds(first_day)[0])
            | (Fine.status == FineStatus.UNPAID))
    if staff_ids is not None:
        clause &= Fine.staff.in_(staff_ids)
    return list(Fine.select(Fine, Staff).join(Staff, on=(Fine.staff == Staff.id))
                .where(clause).order_by(Fine.created_at, Fine.id))


@dataclass(frozen=True, slots=True)
class FineFigure:
    """What the report's figures read of a fine."""

    id: int
    staff_id: int
    created_at: datetime  # naive UTC
    amount_fen: int
    status: FineStatus


def figures_in(first_day: date, last_day: date, clock: Clock,
               staff_ids: list[int] | None = None) -> list[FineFigure]:
    """The fines ``recorded_in`` the period, with only what the report's figures read (the
    person, the moment, the amount, the status): no person loaded, and the rows as the driver
    returns them (a year: 3,000 fines through peewee's models took 0.1 s)."""
    start, _ = clock.day_bounds(first_day)
    _, end = clock.day_bounds(last_day)
    return [FineFigure(fine_id, staff_id, as_datetime(at), amount, FineStatus(status))
            for fine_id, staff_id, at, amount, status in reused_rows(
                "fines.figures_in", _figures_in, start, end, staff_ids)]


def _figures_in(start: datetime, end: datetime, staff_ids: list[int] | None):
    clause = ((Fine.created_at < end) & Fine.status.in_(list(RECORDED_FINES))
              & (Fine.created_at >= start))  # as _in_days
    if staff_ids is not None:
        clause &= Fine.staff.in_(staff_ids)
    return (Fine.select(Fine.id, Fine.staff, Fine.created_at, Fine.amount_fen, Fine.status)
            .where(clause).order_by(Fine.created_at, Fine.id))


def carried_by_staff(first_day: date, clock: Clock,
                     staff_ids: list[int] | None = None) -> dict[int, int]:
    """staff id → unpaid fen recorded before ``first_day``: ``Statement.carried`` summed by the
    database."""
    clause = (Fine.created_at < clock.day_bounds(first_day)[0]) & (
        Fine.status == FineStatus.UNPAID)
    if staff_ids is not None:
        clause &= Fine.staff.in_(staff_ids)
    rows = (Fine.select(Fine.staff, fn.SUM(Fine.amount_fen)).where(clause)
            .group_by(Fine.staff).tuples())
    return {staff_id: int(total) for staff_id, total in rows}


def fines_for(staff: Staff | None, first_day: date, last_day: date, clock: Clock) -> list[Fine]:
    """The fines recorded in the business days ``first_day``..``last_day`` (one person's, or
    everyone's), oldest first, with the person loaded."""
    return recorded_in(first_day, last_day, clock, [staff.id] if staff is not None else None)


def fund(fines: list[Fine]) -> tuple[int, int, int]:
    """(collected, outstanding, waived) in fen: paid, unpaid, and waived apart."""
    totals = dict.fromkeys(FineStatus, 0)
    for fine in fines:
        totals[fine.status] += fine.amount_fen
    return totals[FineStatus.PAID], totals[FineStatus.UNPAID], totals[FineStatus.WAIVED]


def totals_by_staff(fines: list[Fine]) -> dict[int, tuple[int, int]]:
    """staff id → (amount, unpaid) in fen; waived fines are left out (they are not owed)."""
    out: dict[int, tuple[int, int]] = {}
    for fine in fines:
        if fine.status == FineStatus.WAIVED:
            continue
        amount, unpaid = out.get(fine.staff_id, (0, 0))
        out[fine.staff_id] = (amount + fine.amount_fen,
                              unpaid + (fine.amount_fen if fine.status == FineStatus.UNPAID else 0))
    return out


def fines_by_staff(first_day: date | None, last_day: date, clock: Clock,
                   staff_ids: list[int] | None = None) -> dict[int, tuple[int, int]]:
    """staff id → (amount, unpaid) in fen of the fines recorded in those business days, waived
    left out: the figure ``/report`` shows per period and ``/me`` shows as what is still owed
    (``first_day`` None: everything recorded up to ``last_day``)."""
    return totals_by_staff(recorded_in(first_day, last_day, clock, staff_ids))


# --- what is owed: the month's fines, the debts carried over, payroll ----------------------------


@dataclass
class Statement:
    """The fines of the business days ``first``..``last`` and the debts carried into them."""

    first: date
    last: date
    fines: list[Fine]  # recorded in the period (paid, unpaid and waived), oldest first
    carried: list[Fine]  # recorded before the period and still unpaid, oldest first

    @property
    def carried_fen(self) -> int:
        return sum(fine.amount_fen for fine in self.carried)

    @property
    def outstanding_fen(self) -> int:
        """Everything still owed, whenever recorded (up to the period's end)."""
        return fund(self.fines)[1] + self.carried_fen


def statement(first_day: date, last_day: date, clock: Clock,
              staff_ids: list[int] | None = None) -> Statement:
    """One query: the fines recorded in the period and the unpaid ones of earlier days (on
    1 December, November's unpaid fines are still owed), split apart."""
    start, _ = clock.day_bounds(first_day)
    period, carried = [], []
    for fine in recorded_in(first_day, last_day, clock, staff_ids, or_unpaid=True):
        if fine.created_at >= start:
            period.append(fine)
        elif fine.status == "unpaid":
            carried.append(fine)
    return Statement(first_day, last_day, period, carried)


def unpaid_by_staff(fines: list[Fine]) -> dict[int, int]:
    """staff id → unpaid fen of ``fines``."""
    out: dict[int, int] = {}
    for fine in fines:
        if fine.status == "unpaid":
            out[fine.staff_id] = out.get(fine.staff_id, 0) + fine.amount_fen
    return out


@dataclass
class PayLine:
    """One person's fines for payroll: the period's confirmed fines (waived ones left out), what
    of them is paid and unpaid, and the unpaid fines of earlier periods carried over."""

    staff: Staff
    fines_fen: int = 0
    count: int = 0
    paid_fen: int = 0
    unpaid_fen: int = 0
    carried_fen: int = 0

    @property
    def deduct_fen(self) -> int:
        """What is still owed: to deduct from pay."""
        return self.unpaid_fen + self.carried_fen


def payroll(data: Statement) -> list[PayLine]:
    """Per person with a fine of the period or a debt carried into it, by staff number."""
    lines: dict[int, PayLine] = {}
    for fine in data.fines:
        if fine.status == "waived":
            continue
        line = lines.setdefault(fine.staff_id, PayLine(fine.staff))
        line.fines_fen += fine.amount_fen
        line.count += 1
        if fine.status == "paid":
            line.paid_fen += fine.amount_fen
        else:
            line.unpaid_fen += fine.amount_fen
    for fine in data.carried:
        lines.setdefault(fine.staff_id, PayLine(fine.staff)).carried_fen += fine.amount_fen
    return [lines[staff_id] for staff_id in sorted(lines)]


def payroll_totals(lines: list[PayLine]) -> PayLine:
    total = PayLine(None)
    for line in lines:
        for name in ("fines_fen", "count", "paid_fen", "unpaid_fen", "carried_fen"):
            setattr(total, name, getattr(total, name) + getattr(line, name))
    return total
