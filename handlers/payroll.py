"""/payroll (manager): each person's fines of a period for deducting from pay — the period's
confirmed fines, paid, unpaid, and the unpaid fines carried over from before it."""

from __future__ import annotations

from telegram import Update

from handlers.base import Command, StudioContext
from studio import fines
from studio.errors import BadInput
from studio.parse.periods import parse_period
from studio.roster import Role
from studio.text import format_fen
from views import t


async def show_payroll(update: Update, context: StudioContext) -> None:
    """The period's (default: this month's) fines per person, and what to deduct."""
    args = context.args_list
    if len(args) > 1:
        raise BadInput("extra_arguments")
    today = context.clock.business_day(context.now)
    period = parse_period(args[0] if args else "month", today, context.settings.reports.max_days)
    lines = fines.payroll(fines.statement(period.first, period.last, context.clock))
    title = t(context.lang, "payroll.title", first=period.first.isoformat(),
                      last=period.last.isoformat())
    if not lines:
        await context.reply(f"{title}\n{t(context.lang, 'payroll.none')}")
        return
    text = [title, *(pay_line(context, line) for line in lines),
            pay_line(context, fines.payroll_totals(lines), t(context.lang, "payroll.total"))]
    await context.reply("\n".join(text))


def pay_line(context: StudioContext, line: fines.PayLine, total: str | None = None) -> str:
    figures = {"count": line.count, "fines": format_fen(line.fines_fen),
               "paid": format_fen(line.paid_fen), "unpaid": format_fen(line.unpaid_fen),
               "carried": format_fen(line.carried_fen), "deduct": format_fen(line.deduct_fen)}
    if total is not None:
        return t(context.lang, "payroll.total_line", name=total, **figures)
    return t(context.lang, "payroll.line", number=line.staff.id, name=line.staff.name, **figures)


COMMANDS = [Command("payroll", show_payroll, Role.MANAGER)]
BUTTONS: list = []
