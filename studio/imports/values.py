"""One reader of the numbers platforms export: ``1.2万``, ``¥3,500``, ``Rp1.234.567``,
``12.35%``, ``4小时12分``, ``01:28:00``, ``1h28m``, ``5280`` (seconds), ``2026/12/07/ 19:05``.

A cell from a workbook may already be a number or a datetime: taken as it is. Money is CNY in
integer fen; another currency is converted only at a rate the config sets, else refused.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from studio.errors import BadInput
from studio.parse.numbers import MAX_INT, fold

UNITS = {"万": Decimal(10_000), "w": Decimal(10_000), "亿": Decimal(100_000_000),
         "k": Decimal(1_000), "千": Decimal(1_000)}
# Currency marks as exports write them, before or after the number → ISO code.
CURRENCIES = {"¥": "CNY", "￥": "CNY", "元": "CNY", "rmb": "CNY", "cny": "CNY",
              "rp": "IDR", "idr": "IDR", "$": "USD", "us$": "USD", "usd": "USD",
              "rm": "MYR", "myr": "MYR", "฿": "THB", "thb": "THB", "₱": "PHP", "php": "PHP",
              "₫": "VND", "vnd": "VND", "s$": "SGD", "sgd": "SGD", "£": "GBP", "gbp": "GBP",
              "€": "EUR", "eur": "EUR"}
_MARKS = sorted(CURRENCIES, key=len, reverse=True)
_LEAD = re.compile(r"^(" + "|".join(map(re.escape, _MARKS)) + r")\s*")
_TRAIL = re.compile(r"\s*(" + "|".join(map(re.escape, _MARKS)) + r")$")
_NUMBER = re.compile(r"^([0-9]+(?:[.,][0-9]+)*)\s*([万w亿k千]?)$")
_EMPTY = {"", "-", "--", "—", "/", "n/a", "na", "null", "none"}


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and fold(value).strip().lower() in _EMPTY)


def _plain_decimal(raw: str) -> Decimal:
    """``1,234.5`` and ``1.234.567`` (Indonesian thousands) and ``3,5`` read as numbers."""
    if raw.count(".") > 1:  # 1.234.567: dots group thousands
        raw = raw.replace(".", "")
    if "," in raw and "." in raw:
        raw = raw.replace(",", "")
    elif "," in raw:
        head, _, tail = raw.rpartition(",")
        raw = raw.replace(",", "") if len(tail) == 3 else f"{head.replace(',', '')}.{tail}"
    return Decimal(raw)


def split_currency(value) -> tuple[Decimal, str | None]:
    """A cell → (the number, the currency it names or None)."""
    if isinstance(value, bool):
        raise BadInput("import_bad_number", value=str(value))
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)), None
    raw = fold(str(value)).strip().lower().replace(" ", "")
    currency = None
    for pattern in (_LEAD, _TRAIL):
        match = pattern.search(raw)
        if match:
            currency = CURRENCIES[match.group(1)]
            raw = pattern.sub("", raw, count=1)
    if raw.startswith(("-", "−")):
        raise BadInput("import_bad_number", value=str(value)[:40])
    match = _NUMBER.match(raw)
    if not match or len(raw) > 40:
        raise BadInput("import_bad_number", value=str(value)[:40])
    try:
        number = _plain_decimal(match.group(1))
    except InvalidOperation:
        raise BadInput("import_bad_number", value=str(value)[:40]) from None
    return number * UNITS.get(match.group(2), Decimal(1)), currency


def read_count(value) -> int:
    """A count (``12,000``, ``1.2万``, ``3k``); a fraction rounds to the nearest (a platform's
    ``1.23万`` is 12,300)."""
    number, currency = split_currency(value)
    if currency is not None:
        raise BadInput("import_bad_number", value=str(value)[:40])
    count = int(number.to_integral_value())
    if count > MAX_INT:
        raise BadInput("number_too_large", value=str(value)[:30])
    return count


def read_money_fen(value, rates: dict[str, Decimal], assumed: str | None = None) -> int:
    """An amount → CNY fen. Without a mark the amount is in ``assumed`` (a column's ``(Rp)``),
    else CNY; another currency needs its rate (CNY per unit) in ``rates``."""
    number, currency = split_currency(value)
    currency = currency or assumed or "CNY"
    if currency != "CNY":
        rate = rates.get(currency)
        if rate is None:
            raise BadInput("import_currency", currency=currency, value=str(value)[:40])
        number *= rate
    fen = int((number * 100).to_integral_value())
    if fen > MAX_INT:
        raise BadInput("number_too_large", value=str(value)[:30])
    return fen


def currency_of(text: str) -> str | None:
    """The currency a column's name or unit names (``Revenue (Rp)`` → IDR)."""
    raw = fold(text).strip().lower()
    for mark in _MARKS:
        if re.search(r"(^|[^a-z])" + re.escape(mark) + r"($|[^a-z])", raw):
            return CURRENCIES[mark]
    return None


_HMS = re.compile(r"^(\d{1,3}):(\d{1,2})(?::(\d{1,2}))?$")
_PARTS = re.compile(r"(\d+(?:\.\d+)?)\s*(小时|hours?|hrs|hr|h|时|分钟|minutes?|mins|min|m|分|"
                    r"seconds?|secs|sec|s|秒)")


def read_minutes(value, unit: str = "min") -> int:
    """A length → whole minutes: ``4小时12分``, ``1h28m``, ``01:28:00``, ``88`` (in ``unit``:
    ``min`` or ``s``, as the column says)."""
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 60)
    if isinstance(value, time):  # a length Excel formats as a clock time (01:28:00)
        return value.hour * 60 + value.minute + round(value.second / 60)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = Decimal(str(value))
        return round(number / 60) if unit == "s" else round(number)
    raw = fold(str(value)).strip().lower().replace(" ", "")
    match = _HMS.match(raw)
    if match:
        hours, minutes, seconds = (int(g or 0) for g in match.groups())
        if match.group(3) is None:  # 01:28 is hours and minutes
            return hours * 60 + minutes
        return round((hours * 3600 + minutes * 60 + seconds) / 60)
    if re.fullmatch(r"\d+(\.\d+)?", raw):
        number = Decimal(raw)
        return round(number / 60) if unit == "s" else round(number)
    seconds = Decimal(0)
    rest = raw
    for amount, word in _PARTS.findall(raw):
        factor = 3600 if word[0] in "小时h" else 1 if word[0] in "秒s" else 60
        seconds += Decimal(amount) * factor
        rest = rest.replace(f"{amount}{word}", "", 1)
    if not raw or rest.strip(",，") or seconds == 0 and "0" not in raw:
        raise BadInput("import_bad_duration", value=str(value)[:40])
    return round(seconds / 60)


_DATE_TIME = re.compile(
    r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日/]?\s*(?:(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2}))?)?")


def read_datetime(value, tz: ZoneInfo) -> datetime:
    """A start or end as the export writes it (in the export's zone ``tz``) → aware datetime:
    ``2026-12-07 19:05:00``, ``2026/12/07/ 19:05`` (TikTok), ``2026年12月7日 19:05``."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=tz) if value.tzinfo is None else value
    raw = fold(str(value)).strip()
    match = _DATE_TIME.match(raw)
    if not match:
        raise BadInput("import_bad_time", value=str(value)[:40])
    year, month, day, hour, minute, second = (int(g or 0) for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except ValueError:
        raise BadInput("import_bad_time", value=str(value)[:40]) from None
