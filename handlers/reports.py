"""/report and /export (ops, manager): the figures of a period, as a table, a workbook, a chart.

The figures are computed in a worker thread with a connection of its own (``models.in_worker``),
and the workbook and the chart are drawn in a thread too (they touch no database): while a year's
report is built, every other update and job goes on.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from telegram import InputFile, Update
from telegram.constants import ChatAction

from handlers.base import Command, StudioContext
from models import in_worker
from studio import report, report_text, roster
from studio.errors import BadInput
from studio.parse.people import name_span
from studio.parse.periods import Period, parse_period
from studio.roster import Role

XLSX_WORDS = ("xlsx", "excel", "表格")
CHART_WORDS = ("chart", "图表", "图")


@dataclass(frozen=True)
class Request:
    period: Period
    who: str | None
    xlsx: bool
    chart: bool


def parse_request(args: list[str], context: StudioContext, *, files: bool = True) -> Request:
    """``[period] [@who] [xlsx] [chart]`` in any order; each at most once."""
    period_text, who, xlsx, picture = None, None, False, False
    args = list(args)
    while args:
        span = name_span(args) if files and who is None else 0
        if span > 1:  # a name with spaces in it ("Mei Li"): its words are one argument
            args[:span] = [" ".join(args[:span])]
        arg = args.pop(0)
        word = arg.lower()
        if (files and ((word in XLSX_WORDS and xlsx) or (word in CHART_WORDS and picture))) \
                or word == (period_text or "").lower():  # "xlsx xlsx": not "看不懂的时间段:xlsx"
            raise BadInput("report_repeated", value=arg)
        if files and word in XLSX_WORDS:
            xlsx = True
        elif files and word in CHART_WORDS:
            picture = True
        elif files and roster.looks_like_person(arg) and who is None:
            who = arg
        elif period_text is None and not roster.looks_like_person(arg):
            period_text = arg
        else:
            raise BadInput("report_extra", value=arg)
    today = context.clock.business_day(context.now)
    period = parse_period(period_text, today, context.settings.reports.max_days)
    return Request(period, who, xlsx, picture)


def replied_to(update: Update):
    """The staff member whose message the command replies to ("@who" by reply), if any."""
    reply = update.effective_message.reply_to_message
    author = reply.from_user if reply is not None else None
    if author is None or author.is_bot:
        return None
    return roster.by_tg(author.id)


async def send_workbook(context: StudioContext, data: report.Report, label: str) -> None:
    # openpyxl and matplotlib (50 MB, half a second) load when first asked for, not at start.
    from studio import workbook

    chat_id = context.current_update.effective_chat.id
    await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
    content = await asyncio.to_thread(workbook.render, data, context.lang)
    await context.bot.send_document(chat_id, InputFile(content, filename=f"report-{label}.xlsx"))


async def send_chart(context: StudioContext, data: report.Report, label: str) -> None:
    from studio import chart

    chat_id = context.current_update.effective_chat.id
    await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
    content = await asyncio.to_thread(chart.render, data, context.settings, context.lang)
    await context.bot.send_photo(chat_id, InputFile(content, filename=f"chart-{label}.png"))


async def show_report(update: Update, context: StudioContext) -> None:
    """The period's report as tables; with xlsx and chart, the workbook and the picture."""
    request = parse_request(context.args_list, context)
    person = roster.resolve(request.who, active_only=False) if request.who else replied_to(update)
    data = await in_worker(report.build, request.period.first, request.period.last,
                           context.settings, context.clock,
                           staff_ids=[person.id] if person else None, now=context.now,
                           detail=request.xlsx)
    for text in report_text.messages(data, context.lang, person.name if person else None):
        await context.bot.send_message(update.effective_chat.id, text)
    if request.xlsx:
        await send_workbook(context, data, request.period.label)
    if request.chart:
        await send_chart(context, data, request.period.label)


async def export(update: Update, context: StudioContext) -> None:
    """The period's workbook alone."""
    request = parse_request(context.args_list, context, files=False)
    data = await in_worker(report.build, request.period.first, request.period.last,
                           context.settings, context.clock, now=context.now, detail=True)
    await send_workbook(context, data, request.period.label)


COMMANDS = [
    Command("report", show_report, Role.OPS, keywords=("报表",)),
    Command("export", export, Role.OPS, keywords=("导出",)),
]
BUTTONS = []
