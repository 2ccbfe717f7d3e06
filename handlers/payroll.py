"""/payroll (manager): each person's fines of a period for deducting from pay — the period's
confirmed fines, paid, unpaid, and the unpaid fines carried over from before it."""

from __future__ import annotations

from telegram import Update

from handlers.base import Command, StudioContext
from studio import fine_ledger, fines
from studio.errors import BadInput
from studio.parse.numbers import fold
from studio.parse.periods import parse_period
from studio.roster import Role
from studio.text import format_fen
from views import t

CLOSE_WORDS = {"结账", "结帐", "关账", "封账", "close", "closed", "lock"}


async def show_payroll(update: Update, context: StudioContext) -> None:
    """The period's (default: this month's) fines per person, and what to deduct;
    ``/payroll 2026-12 结账`` closes a month that is over (its lines never change after)."""
    words = [a for a in context.args_list if a.strip()]
    # 结账 before or after the month (/payroll 结账 2026-12, /payroll 2026-12 结账。)
    args = [a for a in words if fold(a).strip().strip("。.!！").lower() not in CLOSE_WORDS]
    closing = len(args) < len(words)
    if closing and not args:  # closing needs the month named: never "this month" by accident
        raise BadInput("payroll_close_month")
    if len(args) > 1:
        raise BadInput("extra_arguments")
    today = context.clock.business_day(context.now)
    period = parse_period(args[0] if args else "month", today, context.settings.reports.max_days)
    if closing:
        fines.close_month(period.first, period.last, context.person, context.clock, context.now)
    lines = fines.payroll(fines.statement(period.first, period.last, context.clock))
    title = t(context.lang, "payroll.title", first=period.first.isoformat(),
                      last=period.last.isoformat())
    closed = fines.closed_month(fine_ledger.month_of(period.first)) if period.month else None
    head = [title]
    if closed is not None:
        head.append(t(context.lang, "payroll.closed", month=closed.month,
                      at=context.clock.local(closed.closed_at).strftime("%Y-%m-%d %H:%M"),
                      by=closed.closed_by.name if closed.closed_by_id else "?"))
    if not lines:
        await context.reply("\n".join([*head, t(context.lang, "payroll.none")]))
        return
    text = [*head, *(pay_line(context, line) for line in lines),
            pay_line(context, fines.payroll_totals(lines), t(context.lang, "payroll.total"))]
    await context.reply("\n".join(text))


def pay_line(context: StudioContext, line: fines.PayLine, total: str | None = None) -> str:
    figures = {"count": line.count, "fines": format_fen(line.fines_fen),
               "paid": format_fen(line.paid_fen), "unpaid": format_fen(line.unpaid_fen),
               "carried": format_fen(line.carried_fen), "deduct": format_fen(line.deduct_fen)}
    late = t(context.lang, "payroll.late", count=line.late) if line.late else ""
    if total is not None:
        return t(context.lang, "payroll.total_line", name=total, late=late, **figures)
    return t(context.lang, "payroll.line", number=line.staff.id, name=line.staff.name,
             late=late, **figures)


COMMANDS = [Command("payroll", show_payroll, Role.MANAGER)]
BUTTONS: list = []
