"""A file as sent → the rows of an export, or one reason it is refused.

Refused unread: not a spreadsheet (by its first bytes, whatever its name says), over the size
limit, an xlsx whose parts unpack to more than ``MAX_UNPACKED`` (a zip bomb), cells holding
formulas instead of values (a formula's value is whatever the last program that saved it
computed, or nothing), no recognisable header in the first rows. Blank rows, a totals row
(合计 / 总计 / Total) and title rows above the header are passed over; a header cell merged
over two rows (Douyin's grouped headers) is read from the row above.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from studio.errors import BadInput
from studio.imports import columns
from studio.imports.values import (
    currency_of,
    is_empty,
    read_count,
    read_datetime,
    read_minutes,
    read_money_fen,
)
from studio.parse.numbers import fold

MAX_UNPACKED = 50_000_000  # bytes an xlsx may unpack to; a month's export is well under 1 MB
MAX_RATIO = 200  # unpacked / packed: real workbooks compress 5–20×
HEADER_ROWS = 30  # the header is among the first rows, below the title rows
MAX_COLUMNS = 200  # Douyin's widest export has about 60
TOTALS = ("合计", "总计", "汇总", "total", "totals", "grand total", "sum")
FUTURE_SLACK = timedelta(minutes=10)
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2})?")


@dataclass
class Row:
    """One broadcast as the export tells it: ``line`` is the file's row number (1-based)."""

    line: int
    start: datetime | None = None  # aware
    end: datetime | None = None
    minutes: int | None = None
    account: str = ""
    broadcast: int | None = None
    values: dict[str, int] = field(default_factory=dict)
    problem: str = ""  # why the row cannot be used, as a catalogue key's parameter

    @property
    def until(self) -> datetime | None:
        if self.end is not None:
            return self.end
        if self.start is not None and self.minutes is not None:
            return self.start + timedelta(minutes=self.minutes)
        return None


@dataclass
class Export:
    platform: str  # douyin | tiktok | sheet (another workbook) | csv
    rows: list[Row]
    skipped: int = 0  # blank and totals rows passed over


def kind_of(data: bytes, name: str) -> str:
    """``xlsx`` or ``csv`` by the content; anything else refused."""
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    lowered = name.lower()
    if lowered.endswith((".csv", ".txt")) and b"\x00" not in data[:4096]:
        return "csv"
    raise BadInput("import_not_sheet")


def check_zip(data: bytes) -> None:
    """A zip bomb is refused before anything is unpacked."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise BadInput("import_not_sheet") from None
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * max(len(data), 1):
        raise BadInput("import_bomb")
    if "xl/workbook.xml" not in {info.filename for info in infos}:
        raise BadInput("import_not_sheet")


def xlsx_tables(data: bytes, max_rows: int) -> list[tuple[str, list[list]]]:
    """Every sheet's (name, rows of cell values). A formula anywhere refuses the file. A sheet
    is read no further than its first rows and columns an export can fill: a workbook may
    declare a million empty rows that read-only openpyxl would otherwise pad out, one by one."""
    import openpyxl  # only when a workbook comes: the bot starts without loading it

    check_zip(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged file: all mean "not a sheet"
        raise BadInput("import_not_sheet") from None
    tables = []
    try:
        for sheet in book.worksheets:
            rows = []
            for row in sheet.iter_rows(max_row=2 * max_rows + HEADER_ROWS,
                                       max_col=MAX_COLUMNS):
                values = []
                for cell in row:
                    if getattr(cell, "data_type", None) == "f":
                        raise BadInput("import_formula")
                    values.append(getattr(cell, "value", None))
                rows.append(values)
            tables.append((sheet.title, rows))
    finally:
        book.close()
    # The sheet Douyin names 直播间明细 first; then the others, in order.
    tables.sort(key=lambda t: 0 if "明细" in t[0] else 1)
    return tables


def csv_table(data: bytes) -> list[list]:
    """A CSV in UTF-8 (with or without its BOM) or GBK (Excel's default on a Chinese Windows)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes every byte string
        raise BadInput("import_not_sheet")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [row[:MAX_COLUMNS] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error:  # a NUL byte, a field over the csv module's limit: no export of ours
        raise BadInput("import_not_sheet") from None
    for row in rows:
        for cell in row:
            if cell.startswith("=") and len(cell) > 1:
                raise BadInput("import_formula")
    return rows


def header_of(rows: list[list], extra: dict[str, str]) -> tuple[int, list[str | None], list[str]]:
    """(index of the header row, the field of each column, the unit of each column). The header
    is the row among the first that names the most known columns, with a time or a broadcast
    among them; an empty cell takes the name of a known cell above it (a header merged over
    two rows keeps its name in the upper one)."""
    best, best_score, best_names = None, 1, []
    for index in range(min(len(rows), HEADER_ROWS)):
        names = names_at(rows, index, extra)
        found = {columns.field_of(n, extra) for n in names if n} - {None}
        score = len(found - {columns.IGNORED})
        if score > best_score and found & {"start", "broadcast", "date"}:
            best, best_score, best_names = index, score, names
    if best is None:
        raise BadInput("import_no_header")
    fields = [columns.field_of(n, extra) if n else None for n in best_names]
    units = [columns.split_name(n)[1] if n else "" for n in best_names]
    return best, fields, units


def names_at(rows: list[list], index: int, extra: dict[str, str]) -> list[str | None]:
    width = max(len(r) for r in rows[max(0, index - 2):index + 1])
    names = []
    for col in range(width):
        name = None
        for above in range(index, max(-1, index - 3), -1):
            row = rows[above]
            cell = row[col] if col < len(row) else None
            if is_empty(cell):
                continue
            if above == index or columns.field_of(str(cell), extra):
                name = str(cell)
            break
        names.append(name)
    return names


def platform_of(sheet: str, names_english: bool) -> str:
    """Douyin's sheet is 直播间明细; TikTok Shop's headers are English (accounts then are
    matched against the accounts recorded for that platform)."""
    if "明细" in sheet:
        return "douyin"
    return "tiktok" if names_english else "sheet"  # a workbook of another platform, or typed


def read_export(data: bytes, name: str, *, tz_of, rates: dict[str, Decimal], max_rows: int,
                now: datetime, extra_aliases: dict[str, str] | None = None,
                metric_keys: set[str] | None = None) -> Export:
    """The rows of the file; ``tz_of(platform)`` is the zone its times are written in."""
    extra = extra_aliases or {}
    kind = kind_of(data, name)
    tables = xlsx_tables(data, max_rows) if kind == "xlsx" else [("csv", csv_table(data))]
    for sheet, rows in tables:
        try:
            top, fields, units = header_of(rows, extra)
        except BadInput:
            continue
        body = rows[top + 1:]
        if sum(1 for r in body if any(not is_empty(c) for c in r)) > max_rows:
            raise BadInput("import_too_many_rows", max=max_rows)
        header = rows[top]
        english = any(isinstance(c, str) and c.isascii() and c.strip() for c in header) and not any(
            isinstance(c, str) and not c.isascii() for c in header)
        platform = "csv" if kind == "csv" else platform_of(sheet, english)
        tz = tz_of(platform)
        keys = columns.METRIC_FIELDS if metric_keys is None else columns.METRIC_FIELDS & metric_keys
        export = Export(platform, [])
        for offset, cells in enumerate(body):
            line = top + 2 + offset
            if all(is_empty(c) for c in cells):
                export.skipped += 1
                continue
            if is_totals(cells):
                export.skipped += 1
                continue
            export.rows.append(read_row(line, cells, fields, units, keys, tz, rates,
                                        "s" if platform == "tiktok" else "min"))
        refused = next((r for r in export.rows if r.problem.startswith("import_currency")), None)
        if refused is not None:  # money stays CNY: another currency only at a configured rate
            raise BadInput("import_currency", currency=refused.problem.split(":")[1])
        latest = max((r.start for r in export.rows if r.start), default=None)
        if latest is not None and latest.astimezone(UTC) > now + FUTURE_SLACK:
            raise BadInput("import_future", at=latest.strftime("%Y-%m-%d %H:%M"))
        if not export.rows:
            raise BadInput("import_no_rows")
        return export
    raise BadInput("import_no_header")


def is_totals(cells: list) -> bool:
    return any(isinstance(cell, str) and fold(cell).strip().lower() in TOTALS
               for cell in cells[:3])


def read_row(line: int, cells: list, fields: list, units: list, keys: set[str], tz: ZoneInfo,
             rates: dict[str, Decimal], length_unit: str = "min") -> Row:
    """One row; a cell the reader cannot read makes the row's ``problem``. A bare number of
    length is in ``length_unit`` unless its column says (TikTok's Duration: seconds)."""
    row = Row(line)
    day = None
    for col, fld in enumerate(fields):
        cell = cells[col] if col < len(cells) else None
        if fld is None or fld == columns.IGNORED or is_empty(cell):
            continue
        try:
            if fld in ("start", "end"):
                if isinstance(cell, time):  # a clock time alone (Excel): the date column's day
                    setattr(row, fld, ("time", cell.strftime("%H:%M")))
                elif isinstance(cell, str) and ":" in cell and len(fold(cell).strip()) <= 8:
                    setattr(row, fld, ("time", cell))
                else:
                    setattr(row, fld, read_datetime(cell, tz))
            elif fld == "date":
                day = read_datetime(cell, tz)
            elif fld == "minutes":
                unit = units[col]
                row.minutes = read_minutes(cell, "s" if unit in ("s", "秒", "sec", "seconds")
                                           else "min" if unit in ("分钟", "min", "minutes")
                                           else length_unit)
            elif fld == "seconds":
                row.minutes = read_minutes(cell, "s")
            elif fld == "account":
                row.account = fold(str(cell)).strip()[:64]
            elif fld == "broadcast":
                row.broadcast = read_count(str(cell).lstrip("#＃"))
            elif fld in keys:
                if fld == "gmv":
                    row.values[fld] = read_money_fen(cell, rates, currency_of(units[col]) if units[col] else None)
                else:
                    row.values[fld] = read_count(cell)
        except BadInput as exc:
            row.problem = exc.key if exc.key != "import_currency" else f"{exc.key}:{exc.params['currency']}"
            return row
    for fld in ("start", "end"):
        value = getattr(row, fld)
        if isinstance(value, tuple):
            if day is None:
                row.problem = "import_bad_time"
                return row
            clock = _CLOCK.fullmatch(fold(value[1]).strip())
            if clock is None or int(clock[1]) > 23 or int(clock[2]) > 59:
                row.problem = "import_bad_time"
                return row
            setattr(row, fld, day.replace(hour=int(clock[1]), minute=int(clock[2])))
    if row.start is None and day is not None and row.broadcast is None:
        row.problem = "import_bad_time"
    if row.end is not None and row.start is not None and row.end < row.start:
        row.end += timedelta(days=1)  # 23:10–01:20 written without the second date
    if row.start is None and row.broadcast is None:
        row.problem = row.problem or "import_bad_time"
    if not row.values and not row.problem:
        row.problem = "import_no_figures"
    return row
