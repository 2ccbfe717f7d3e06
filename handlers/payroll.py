"""/payroll (manager): each host's pay of a month when ``[pay]`` is set (base + allowance +
commission + bonus + adjustments = gross, the unpaid 乐捐 beside it), and each person's fines of
the period for deducting from pay — the period's confirmed fines, paid, unpaid, and the unpaid
fines carried over from before it. ``/payroll 2026-12 结账`` closes a month that is over (its
lines never change after); ``/payroll 2026-11 发放`` (release) sends each host of a closed month
her own scorecard and payslip privately, once."""

from __future__ import annotations

import asyncio

from telegram import InputFile, Update

from handlers.base import Command, StudioContext
from models import in_worker
from studio import assessment, fine_ledger, fines
from studio import pay as pay_domain
from studio.errors import BadInput, Refused
from studio.parse.numbers import fold
from studio.parse.periods import month_end, parse_period
from studio.roster import Role
from studio.text import format_fen
from views import t
from views.pay import card_text, pay_message, pay_sheets, payslip_text

CLOSE_WORDS = {"结账", "结帐", "关账", "封账", "close", "closed", "lock"}
RELEASE_WORDS = {"release", "发放", "发工资单", "发送"}
XLSX_WORDS = {"xlsx", "excel", "表格"}


def payroll_words(args: list[str]) -> tuple[list[str], set[str]]:
    """The period's words apart from the verbs (结账, 发放, xlsx), typed before or after it,
    with Chinese punctuation (/payroll 2026-12 结账。)."""
    rest, verbs = [], set()
    for arg in (a for a in args if a.strip()):
        word = fold(arg).strip().strip("。.!！").lower()
        for name, words in (("close", CLOSE_WORDS), ("release", RELEASE_WORDS),
                            ("xlsx", XLSX_WORDS)):
            if word in words:
                verbs.add(name)
                break
        else:
            rest.append(arg)
    return rest, verbs


async def show_payroll(update: Update, context: StudioContext) -> None:
    """The period's (default: this month's) pay and fines per person, and what to deduct."""
    args, verbs = payroll_words(context.args_list)
    if verbs & {"close", "release"} and not args:  # never "this month" by accident
        raise BadInput("payroll_close_month")
    if len(args) > 1:
        raise BadInput("extra_arguments")
    today = context.clock.business_day(context.now)
    period = parse_period(args[0] if args else "month", today, context.settings.reports.max_days)
    if "close" in verbs:
        fines.close_month(period.first, period.last, context.person, context.clock, context.now)
    if "release" in verbs:
        await release_month(context, period, today)
        return
    head = [t(context.lang, "payroll.title", first=period.first.isoformat(),
              last=period.last.isoformat())]
    if context.settings.pay is None:
        head[0] = f"{head[0]} {t(context.lang, 'pay.not_set')}"  # the lines below stay
    elif period.first.month == period.last.month and period.first.year == period.last.year:
        month = await in_worker(pay_domain.month_pay, period.first, period.last,
                                context.settings, context.clock, context.now)
        await context.reply(pay_message(context.lang, context.settings.pay, month))
    if "xlsx" in verbs:
        await send_workbook(context, period)
    closed = fines.closed_month(fine_ledger.month_of(period.first)) if period.month else None
    if closed is not None:
        head.append(t(context.lang, "payroll.closed", month=closed.month,
                      at=context.clock.local(closed.closed_at).strftime("%Y-%m-%d %H:%M"),
                      by=closed.closed_by.name if closed.closed_by_id else "?"))
    lines = fines.payroll(fines.statement(period.first, period.last, context.clock))
    if not lines:
        await context.reply("\n".join([*head, t(context.lang, "payroll.none")]))
        return
    text = [*head, *(pay_line(context, line) for line in lines),
            pay_line(context, fines.payroll_totals(lines), t(context.lang, "payroll.total"))]
    await context.reply("\n".join(text))


async def send_workbook(context: StudioContext, period) -> None:
    """The period's workbook with /payroll's own sheets: the pay and the scorecards (a month),
    which /report and /export never carry (ops run those)."""
    from studio import workbook  # openpyxl loads when first asked for

    settings, clock = context.settings, context.clock
    month = await in_worker(pay_domain.month_pay, period.first, period.last, settings, clock,
                            context.now)
    one_month = (period.first.year, period.first.month) == (period.last.year, period.last.month)
    cards = (await in_worker(assessment.scorecards, period.first, period.last, settings, clock,
                             context.now) if one_month else [])
    extra = pay_sheets(context.lang, month if settings.pay and one_month else None, cards)
    content = await asyncio.to_thread(workbook.render, month.data, context.lang, extra)
    await context.bot.send_document(context.current_update.effective_chat.id,
                                    InputFile(content, filename=f"payroll-{period.label}.xlsx"))


async def release_month(context: StudioContext, period, today) -> None:
    """Each host's scorecard and payslip of a month that is over and closed, privately, once:
    what a host is told is what the closed month says, and it never changes after."""
    label = f"{period.first:%Y-%m}"
    if period.first.day != 1 or period.last != month_end(period.first) or period.last >= today:
        raise Refused("release_month_open", month=label)
    if fines.closed_month(fine_ledger.month_of(period.first)) is None:
        raise Refused("release_month_not_closed", month=label)
    settings, clock = context.settings, context.clock
    month = await in_worker(pay_domain.month_pay, period.first, period.last, settings, clock,
                            context.now)
    cards = {c.staff_id: c for c in await in_worker(
        assessment.scorecards, period.first, period.last, settings, clock, context.now)}
    pay_domain.release(period.first, context.person, context.now, clock)
    slips = {s.staff_id: s for s in month.slips}
    sent = 0
    for person in month.hosts():

        def text(lang, card=cards.get(person.id), slip=slips.get(person.id)):
            parts = [card_text(lang, settings, clock, card)] if card else []
            if slip is not None:
                parts.append(payslip_text(lang, clock, label, slip, month.month_days))
            return "\n\n".join(parts)

        if await context.outbox.to_staff(person, text, key=f"payslip:{person.id}",
                                         private_only=True) is not None:
            sent += 1
    await context.reply(t(context.lang, "scorecard.released", month=label, count=sent))


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
