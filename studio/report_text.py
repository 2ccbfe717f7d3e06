"""The report as Telegram messages: monospaced tables that fit a phone (about 34 columns).

Each table is a ``<pre>`` block; a long one continues in the next message with its header
repeated, so every message is whole ``<pre>`` blocks of whole rows, at most ``limit``
characters after HTML escaping. Names are cut by display width (a Chinese character takes two
columns) with an ellipsis.
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.i18n import catalogue, escape
from studio.report import DayRow, HostRow, Report
from studio.text import MESSAGE_LIMIT, display_width, fit

NAME = 8  # columns of a name: four Chinese characters


@dataclass(frozen=True)
class Column:
    key: str  # report.col.<key> in the catalogue
    width: int
    left: bool = False
    grow: bool = False  # a figure wider than the column is shown whole, never cut


def rfit(text: str, width: int) -> str:
    """Right-aligned in ``width`` columns (cut with an ellipsis if longer)."""
    if display_width(text) > width:
        return fit(text, width)
    return " " * (width - display_width(text)) + text


def cell(text: str, column: Column) -> str:
    if column.grow and display_width(text) > column.width:
        return text
    return fit(text, column.width) if column.left else rfit(text, column.width)


def hm(minutes: int) -> str:
    hours, mins = divmod(max(0, minutes), 60)
    return f"{hours}:{mins:02d}"


def money(fen: int | None) -> str:
    """Whole yuan, compact: 12345, 1234k above a million."""
    if fen is None:
        return "-"
    yuan = (fen + 50) // 100  # half up, in integers: 4,000.50 shows as 4001
    if abs(yuan) < 1_000_000:
        return str(yuan)
    thousands = (abs(yuan) + 500) // 1000  # half up too (round() halves to even: 3184k)
    return f"{'-' if yuan < 0 else ''}{thousands}k"


def percent(whole: int | None) -> str:
    """The share of the target reached (``metrics.target_percent``), uncapped: 2614% is what
    the workbook says too (the cell grows past its column rather than lie)."""
    if whole is None:
        return "-"
    return f"{whole}%"


def duration(seconds: float | None) -> str:
    """A response time in a few columns: 45s, 12m, 1h5m, 13h."""
    if seconds is None:
        return "-"
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes}m" if hours < 10 and minutes else f"{hours}h"


# A figure is never cut: wider than its column, it is shown whole (the row grows).
ATTENDANCE = (Column("host", NAME, True), Column("live", 6, grow=True),
              Column("short_live", 3, grow=True), Column("videos", 4, grow=True),
              Column("short_videos", 3, grow=True), Column("checkins", 5, grow=True))
SALES = (Column("host", NAME, True), Column("gmv", 7, grow=True), Column("target", 6, grow=True),
         Column("share", 5, grow=True), Column("gpm", 5, grow=True))
SERVICE = (Column("host", NAME, True), Column("fines", 5, grow=True),
           Column("unpaid", 5, grow=True), Column("answered", 3, grow=True),
           Column("median", 5, grow=True), Column("problems", 4, grow=True))
DAYS = (Column("day", 5, True), Column("live", 5, grow=True), Column("videos", 4, grow=True),
        Column("checkin", 3, grow=True), Column("gmv", 6, grow=True),
        Column("fines", 4, grow=True), Column("problems", 4, grow=True))


def attendance_cells(row: HostRow) -> list[str]:
    return [hm(row.live_minutes), str(row.days_short_live), str(row.videos),
            str(row.days_short_videos), f"{row.checkins_on_plan}/{row.planned_days}"]


def sales_cells(row: HostRow) -> list[str]:
    return [money(row.gmv_fen), money(row.target_fen), percent(row.target_percent),
            money(row.gpm_fen)]


def service_cells(row: HostRow) -> list[str]:
    return [money(row.fines_fen), money(row.unpaid_fen), str(row.answered),
            duration(row.median_response), str(row.problems)]


def line(columns: tuple[Column, ...], values: list[str]) -> str:
    return escape(" ".join(cell(v, c) for v, c in zip(values, columns, strict=True)).rstrip())


class Messages:
    """Packs lines and tables into messages of at most ``limit`` characters."""

    def __init__(self, limit: int):
        self.limit = limit
        self.done: list[str] = []
        self.current: list[str] = []

    def _size(self, extra: list[str]) -> int:
        return len("\n".join(self.current + extra))

    def flush(self) -> None:
        if self.current:
            self.done.append("\n".join(self.current))
            self.current = []

    def text(self, text: str) -> None:
        if self.current and self._size([text]) > self.limit:
            self.flush()
        self.current.append(text)

    def table(self, caption: str, header: str, rows: list[str]) -> None:
        """A ``<pre>`` table; continued with its header in the next message when full."""
        i, first = 0, True
        while i < len(rows):
            head = ([caption] if first and caption else []) + [f"<pre>{header}"]
            if self.current and self._size([*head, rows[i] + "</pre>"]) > self.limit:
                self.flush()
            self.current.extend([*head, rows[i]])
            i += 1
            while i < len(rows) and self._size([rows[i] + "</pre>"]) <= self.limit:
                self.current.append(rows[i])
                i += 1
            self.current[-1] += "</pre>"
            first = False
            if i < len(rows):
                self.flush()

    def result(self) -> list[str]:
        self.flush()
        return self.done


def messages(report: Report, lang: str, who: str | None = None,
             limit: int = MESSAGE_LIMIT) -> list[str]:
    """The report as Telegram HTML messages: the period, three tables (or one host's days),
    the totals, the samples waiting for return, and a legend."""
    cat = catalogue()

    def t(key: str, **params) -> str:
        return cat.t(lang, key, **params)

    def header(columns) -> str:
        return line(columns, [cat.t(lang, f"report.col.{c.key}") for c in columns])

    out = Messages(limit)
    title_key = "report.title_one" if report.first == report.last else "report.title"
    out.text(t(title_key, first=report.first.isoformat(), last=report.last.isoformat(),
               days=len(report.days)) + (f" · {escape(who)}" if who else ""))
    total_name = t("report.total")
    if who is not None and report.rows:
        row = report.rows[0]
        out.table(f"<b>{t('report.by_day')}</b>", header(DAYS), [line(DAYS, day_cells(d, lang)) for d in row.days])
        rows, hosts, with_total = [row], [row], False
    else:
        rows, hosts, with_total = report.rows, report.hosts, True
    if not rows:
        out.text(t("report.nobody"))
    # Ops and managers have a row only where they are credited: answers, fines.
    for caption_key, columns, cells, shown in (
            ("report.attendance", ATTENDANCE, attendance_cells, hosts),
            ("report.sales", SALES, sales_cells, hosts),
            ("report.service", SERVICE, service_cells, rows)):
        if not shown:
            continue
        body = [line(columns, [r.name, *cells(r)]) for r in shown]
        if with_total:
            body.append(line(columns, [total_name, *cells(report.totals)]))
        out.table(f"<b>{t(caption_key)}</b>", header(columns), body)
    if report.oldest_waiting:
        sample_id, since = report.oldest_waiting
        out.text(t("report.returns", count=report.waiting_returns, oldest=f"S{sample_id}",
                   since=since.isoformat()))
    else:
        out.text(t("report.no_returns"))
    out.text(t("report.legend"))
    return out.result()


def day_cells(day: DayRow, lang: str) -> list[str]:
    cat = catalogue()
    if day.status in ("inactive", "before"):
        mark = cat.t(lang, f"report.mark.{day.status}")
    elif day.on_leave:
        mark = cat.t(lang, "report.mark.leave")
    elif day.checkin:
        mark = cat.t(lang, "report.mark.in")
    elif day.planned:
        mark = cat.t(lang, "report.mark.missed")
    else:
        mark = ""
    return [f"{day.day:%m-%d}", hm(day.live_minutes), str(day.videos), mark,
            money(day.gmv_fen), money(day.fines_fen), str(day.problems)]
