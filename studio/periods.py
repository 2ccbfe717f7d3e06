"""The periods ``/report`` and ``/export`` accept, as inclusive ranges of business days.

``today`` (default), ``yesterday``, ``week`` (this week, Monday..today), ``lastweek``, ``month``
(this calendar month to today), ``YYYY-MM``, ``YYYY-MM-DD`` and ``A..B`` (two dates). A period
never runs past today: its end is cut to today, and one that starts after today is refused.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from studio.errors import BadInput
from studio.parsing import fold

ALIASES = {
    "today": "today", "今天": "today", "今日": "today",
    "yesterday": "yesterday", "昨天": "yesterday", "昨日": "yesterday",
    "week": "week", "本周": "week", "这周": "week",
    "lastweek": "lastweek", "上周": "lastweek",
    "month": "month", "本月": "month", "这个月": "month",
}

_DAY = r"\d{4}-\d{1,2}-\d{1,2}"


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    month: bool = False  # named as a month (``month``, ``2026-11``), even if cut to today

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def label(self) -> str:
        """For file names, the period as people call it: ``2026-11`` for a month (the one in
        progress too), ``2026-11-26`` for a day, ``2026-11-16..2026-11-22`` for other ranges."""
        if self.month:
            return f"{self.first:%Y-%m}"
        if self.first == self.last:
            return self.first.isoformat()
        month_end = date(self.first.year, self.first.month,
                         calendar.monthrange(self.first.year, self.first.month)[1])
        if self.first.day == 1 and self.last == month_end:
            return f"{self.first:%Y-%m}"
        return f"{self.first.isoformat()}..{self.last.isoformat()}"


def looks_like_period(text: str) -> bool:
    value = fold(text).strip().lower()
    return value in ALIASES or bool(re.fullmatch(r"\d{4}-\d{1,2}(-\d{1,2})?", value)) \
        or ".." in value


def _day(text: str, original: str) -> date:
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return date(year, month, day)
    except ValueError:
        raise BadInput("bad_period", value=original) from None


def parse_period(text: str | None, today: date, max_days: int) -> Period:
    """The period ``text`` names, seen from the business day ``today``."""
    original = text or ""
    value = fold(original).strip().lower()
    name = ALIASES.get(value or "today")
    if name == "today":
        first = last = today
    elif name == "yesterday":
        first = last = today - timedelta(days=1)
    elif name == "week":
        first, last = today - timedelta(days=today.weekday()), today
    elif name == "lastweek":
        last = today - timedelta(days=today.weekday() + 1)
        first = last - timedelta(days=6)
    elif name == "month":
        first, last = today.replace(day=1), today
    elif re.fullmatch(r"\d{4}-\d{1,2}", value):
        year, month = (int(part) for part in value.split("-"))
        if not 1 <= month <= 12:
            raise BadInput("bad_period", value=original)
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
    elif re.fullmatch(_DAY, value):
        first = last = _day(value, original)
    elif match := re.fullmatch(rf"({_DAY})\.\.({_DAY})", value):
        first, last = _day(match.group(1), original), _day(match.group(2), original)
        if last < first:
            raise BadInput("range_reversed")
        if (last - first).days + 1 > max_days:
            raise BadInput("range_too_long", max=max_days)
    else:
        raise BadInput("bad_period", value=original)
    if first > today:
        raise BadInput("period_future", value=original)
    month = name == "month" or bool(re.fullmatch(r"\d{4}-\d{1,2}", value))
    return Period(first, min(last, today), month=month)
