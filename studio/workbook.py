"""The report as an Excel workbook (openpyxl): one sheet each for the summary, broadcasts,
videos, metrics, fines, samples, inquiries and payroll.

Cells hold real types: dates and times as ``datetime`` in studio time (naive, as Excel wants),
counts as numbers, money as yuan numbers (fen / 100) formatted ``0.00``. Header rows are frozen
and columns are as wide as their longest text, counting a Chinese character as two columns.
"""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import openpyxl.worksheet._writer as sheet_writer
from openpyxl import LXML, Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.compat import safe_string
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

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
            row.planned_days, row.checkins_on_plan, yuan(row.gmv_fen),
            yuan(row.target_fen), row.target_share,
            # each ratio beside its two parts (docs/reports.md: over what has both parts)
            yuan(row.gmv_viewed_fen), row.viewers, yuan(row.gpm_fen),
            yuan(row.gmv_ordered_fen), row.orders, yuan(row.order_value_fen),
            row.views, yuan(row.gmv_of_views_fen), yuan(row.gpm_views_fen),
            yuan(row.fines_fen),
            yuan(row.unpaid_fen), row.answered,
            round(row.median_response) if row.median_response is not None else None,
            row.late_registrations, row.auto_closed]


SHARE_COLUMN = 12  # the summary's "target reached", a percent


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
                     m["views"], m["peak"], yuan(m["gmv_fen"]), m["orders"], m["products"],
                     m["likes"], m["comments"], yuan(m["gpm_fen"]), yuan(m["order_fen"])]
                    for m in report.metrics],
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


def render(report: Report, lang: str, extra: dict[str, list[list]] | None = None) -> bytes:
    """The workbook's bytes (.xlsx), written in openpyxl's write-only mode: rows streamed out
    once, each formatted cell a ``WriteOnlyCell`` (a month: 60,000 cells, 0.9 s in the ordinary
    mode). ``extra``: more sheets after the report's (/payroll's pay and scorecards, which
    /report and /export never pass), each named and headed by ``report.sheet``/``report.head``."""
    cat = catalogue()
    book = Workbook(write_only=True)
    for key, rows in {**_sheets(report, lang), **(extra or {})}.items():
        sheet = book.create_sheet(cat.t(lang, f"report.sheet.{key}"))
        header = cat.t(lang, f"report.head.{key}").split("|")
        # Widths and the frozen row go out before the rows do.
        widths = [display_width(h) for h in header]
        for values in rows:
            for column, value in enumerate(values):
                if value is not None:
                    widths[column] = max(widths[column], display_width(_shown(value)))
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = min(60, width + 2)
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        sheet.append([_cell(sheet, h, font=bold) for h in header])
        percent = SHARE_COLUMN if key == "summary" else -1
        for values in rows:
            sheet.append([_value(sheet, v, column == percent)
                          for column, v in enumerate(values)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(sheet, value, font=None, number_format=None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _value(sheet, value, percent: bool):
    """A plain value, or a cell with its number format (money, date-time, date, percent)."""
    if isinstance(value, Yuan):
        return _cell(sheet, float(value), number_format=MONEY)
    if isinstance(value, datetime):
        return _cell(sheet, value, number_format=DATETIME)
    if isinstance(value, date):
        return _cell(sheet, value, number_format=DATE)
    if percent and isinstance(value, float):
        return _cell(sheet, value, number_format=PERCENT)
    return value


_library_write_cell = sheet_writer.write_cell


def _write_cell(xf, worksheet, cell, styled=None) -> None:
    """openpyxl's cell writer, for the values a report holds, as the same XML text at once:
    without lxml (not in the requirements) openpyxl builds and serialises an element tree per
    cell, 0.6 s of a month's 60,000. Anything else (formulas, rich text, links) goes to
    openpyxl's own."""
    value, kind = cell._value, cell.data_type
    if (kind not in ("n", "s", "b", "d") or cell.hyperlink
            or (kind == "s" and not isinstance(value, str))
            or (kind == "d" and worksheet.parent.iso_dates)):
        _library_write_cell(xf, worksheet, cell, styled)
        return
    start = f'<c r="{cell.coordinate}"' + (f' s="{cell.style_id}"' if styled else "")
    if kind == "d":
        kind, value = "n", to_excel(value, worksheet.parent.epoch)
    if value is None or value == "":
        xf._file(f'{start} t="{"inlineStr" if kind == "s" else kind}" />')
    elif kind == "s":
        text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        stripped = value.strip()
        space = ' xml:space="preserve"' if stripped and stripped != value else ""
        xf._file(f'{start} t="inlineStr"><is><t{space}>{text}</t></is></c>')
    else:
        xf._file(f'{start} t="{kind}"><v>{safe_string(value)}</v></c>')


# Only for the version it was written against (requirements.txt pins it): another openpyxl
# keeps its own writer until this is checked against it again.
if not LXML and openpyxl.__version__ == "3.1.5":
    sheet_writer.write_cell = _write_cell


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
