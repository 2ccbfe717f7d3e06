"""The report as an Excel workbook (openpyxl): one sheet each for the summary, broadcasts,
videos, metrics, fines, samples, inquiries and payroll.

Cells hold real types: dates and times as ``datetime`` in studio time (naive, as Excel wants),
counts as numbers, money as yuan numbers (fen / 100) formatted ``0.00``. Header rows are frozen
and columns are as wide as their longest text, counting a Chinese character as two columns.
"""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from studio.fines import PayLine, payroll_totals
from studio.i18n import catalogue
from studio.report import HostRow, Report
from studio.text import display_width

MONEY = "0.00"
DATETIME = "yyyy-mm-dd hh:mm"
DATE = "yyyy-mm-dd"
PERCENT = "0%"


class Yuan(float):
    """Fen shown as yuan with two decimals."""


def yuan(fen: int | None) -> Yuan | None:
    return None if fen is None else Yuan(fen / 100)


def _summary_row(row: HostRow, name: str) -> list:
    return [name, row.live_minutes, round(row.live_minutes / 60, 2), row.days_counted,
            row.days_short_live, row.videos, row.days_short_videos, row.checkins,
            row.planned_days, row.checkins_on_plan, yuan(row.gmv_fen), row.viewers, row.orders,
            yuan(row.target_fen), row.target_share, yuan(row.gpm_fen),
            yuan(row.order_value_fen), yuan(row.fines_fen),
            yuan(row.unpaid_fen), row.answered,
            round(row.median_response) if row.median_response is not None else None,
            row.late_registrations, row.auto_closed]


def _sheets(report: Report, lang: str) -> dict[str, list[list]]:
    cat = catalogue()
    rows = [_summary_row(r, r.name) for r in report.rows]
    rows.append(_summary_row(report.totals, cat.t(lang, "report.total")))
    yes = cat.t(lang, "report.yes")

    def flag(value: bool) -> str:
        return yes if value else ""

    return {
        "summary": rows,
        "broadcasts": [[b["id"], b["host"], b["day"], b["room"], b["start"], b["end"],
                        b["minutes"], flag(b["late_start"]), flag(b["late_end"]),
                        flag(b["auto_closed"]), b["note"]] for b in report.broadcasts],
        "videos": [[v["host"], v["day"], v["at"], v["link"], v["title"]] for v in report.videos],
        "metrics": [[m["broadcast"], m["host"], m["day"], m["fans"], m["new_fans"], m["viewers"],
                     m["peak"], yuan(m["gmv_fen"]), m["orders"], m["products"], m["likes"],
                     m["comments"], yuan(m["gpm_fen"])] for m in report.metrics],
        "fines": [[f["id"], f["host"], f["at"], f["names"].get(lang) or f["code"], f["count"],
                   yuan(f["amount_fen"]),
                   cat.t(lang, f"report.status.{f['status']}"), f["reason"]]
                  for f in report.fines],
        "samples": [[s["id"], s["brand"], s["item"], s["arrived"], s["since"], s["logged_by"],
                     s["note"]] for s in report.samples],
        "inquiries": [[i["inquiry"], i["host"], i["at"], i["response_seconds"]]
                      for i in report.inquiries],
        "payroll": _payroll_rows(report, cat.t(lang, "report.total")),
    }


def _payroll_rows(report: Report, total_name: str) -> list[list]:
    def cells(line: PayLine) -> list:
        return [line.count, yuan(line.fines_fen), yuan(line.paid_fen), yuan(line.unpaid_fen),
                yuan(line.carried_fen), yuan(line.deduct_fen)]

    rows = [[line.staff.id, line.staff.name, *cells(line)] for line in report.payroll]
    if rows:
        rows.append([None, total_name, *cells(payroll_totals(report.payroll))])
    return rows


def render(report: Report, lang: str) -> bytes:
    """The workbook's bytes (.xlsx)."""
    cat = catalogue()
    book = Workbook()
    book.remove(book.active)
    for key, rows in _sheets(report, lang).items():
        sheet = book.create_sheet(cat.t(lang, f"report.sheet.{key}"))
        header = cat.t(lang, f"report.head.{key}").split("|")
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [display_width(h) for h in header]
        for number, values in enumerate(rows, start=2):
            sheet.append([float(v) if isinstance(v, Yuan) else v for v in values])
            # sheet.cell() is a lookup; sheet[row] scans the whole sheet each time (2 s a month).
            cells = [sheet.cell(row=number, column=c) for c in range(1, len(values) + 1)]
            for column, (value, cell) in enumerate(zip(values, cells, strict=True)):
                if isinstance(value, Yuan):
                    cell.number_format = MONEY
                elif isinstance(value, datetime):
                    cell.number_format = DATETIME
                elif isinstance(value, date):
                    cell.number_format = DATE
                elif key == "summary" and isinstance(value, float) and column == 14:
                    cell.number_format = PERCENT
                shown = _shown(value)
                widths[column] = max(widths[column], display_width(shown))
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = min(60, width + 2)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return "2026-11-26 19:00"
    if isinstance(value, date):
        return "2026-11-26"
    if isinstance(value, Yuan):
        return f"{value:.2f}"
    return str(value)
