"""Periods as inclusive ranges of business days, the same words in every command.

``今天 today`` (default) · ``昨天 yesterday`` · ``本周 这周 week`` (Monday..today) · ``上周
lastweek`` · ``本月 这个月 month`` (the 1st..today) · ``上月 上个月 lastmonth`` · ``近7天 最近7天
last7`` (the 7 days to today; any number) · ``11月`` ``2026-11`` ``2026年11月`` (a month) · a
day (``2026-11-23 11-23 11.23 11/23 11月23日``) · two days joined by ``.. ~ ～ 至 到 -``
(``11-23..11-26``, ``11/23-11/26``). A period never runs past today: its end is cut to today,
and one that starts after today is refused.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from studio.errors import BadInput
from studio.parse.numbers import fold
from studio.parse.times import FIRST_YEAR, LAST_YEAR, parse_date

WORDS = {
    "today": "today", "今天": "today", "今日": "today", "day": "today", "日": "today",
    "天": "today", "当天": "today",
    "yesterday": "yesterday", "昨天": "yesterday", "昨日": "yesterday",
    "week": "week", "thisweek": "week", "本周": "week", "这周": "week", "这一周": "week",
    "周": "week", "本星期": "week", "这星期": "week", "这个星期": "week",
    "lastweek": "lastweek", "上周": "lastweek", "上星期": "lastweek", "上个星期": "lastweek",
    "month": "month", "thismonth": "month", "本月": "month", "这个月": "month", "月": "month",
    "这月": "month", "当月": "month",
    "lastmonth": "lastmonth", "上月": "lastmonth", "上个月": "lastmonth",
}
_LAST_N = re.compile(r"(?:近|最近|过去|last)([0-9]{1,3})(?:天|日|days?)?")
_MONTH = re.compile(r"([0-9]{4})(?:-|/|\.|年)([0-9]{1,2})月?|([0-9]{1,2})月(?:份)?")
_JOINS = ("..", "~", "～", "至", "到", "—", "–", "-")


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
        """The period as people call it: ``2026-11`` for a month (the one in progress too),
        ``2026-11-26`` for a day, ``2026-11-16..2026-11-22`` for other ranges."""
        if self.month:
            return f"{self.first:%Y-%m}"
        if self.first == self.last:
            return self.first.isoformat()
        if self.first.day == 1 and self.last == month_end(self.first):
            return f"{self.first:%Y-%m}"
        return f"{self.first.isoformat()}..{self.last.isoformat()}"


def month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def _named(name: str, today: date) -> Period:
    if name == "today":
        return Period(today, today)
    if name == "yesterday":
        return Period(today - timedelta(days=1), today - timedelta(days=1))
    if name == "week":
        return Period(today - timedelta(days=today.weekday()), today)
    if name == "lastweek":
        last = today - timedelta(days=today.weekday() + 1)
        return Period(last - timedelta(days=6), last)
    if name == "month":
        return Period(today.replace(day=1), today, month=True)
    previous = today.replace(day=1) - timedelta(days=1)  # lastmonth
    return Period(previous.replace(day=1), previous, month=True)


def _month(match: re.Match, today: date, typed: str) -> Period:
    if match.group(3):  # "11月": the latest November not after this month
        year, month = today.year, int(match.group(3))
        if 1 <= month <= 12 and month > today.month:
            year -= 1
    else:
        year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise BadInput("bad_period", value=typed)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadInput("year_out_of_range", value=typed, first=FIRST_YEAR, last=LAST_YEAR)
    first = date(year, month, 1)
    return Period(first, month_end(first), month=True)


def _one(value: str, today: date, typed: str) -> Period | None:
    """A period with no range in it, or None."""
    if value in WORDS:
        return _named(WORDS[value], today)
    last_n = _LAST_N.fullmatch(value)
    if last_n:
        n = int(last_n.group(1))
        if n < 1:
            raise BadInput("bad_period", value=typed)
        return Period(today - timedelta(days=n - 1), today)
    month = _MONTH.fullmatch(value)
    if month:
        return _month(month, today, typed)
    try:
        day = parse_date(value, today)
    except BadInput as exc:
        if exc.key == "bad_day":  # "2026-02-30": a period, wrongly given
            raise BadInput("bad_period", value=typed) from None
        raise
    return Period(day, day) if day is not None else None


def _split_range(value: str, today: date, typed: str) -> tuple[Period, Period] | None:
    """Two periods joined by a range mark: every place it could split is tried, so that
    ``2026-11-23-2026-11-26`` splits in the middle."""
    for join in _JOINS:
        start = value.find(join)
        while start > 0:
            try:
                first = _one(value[:start], today, typed)
                last = _one(value[start + len(join):], today, typed)
            except BadInput:
                first = last = None
            if first is not None and last is not None:
                return first, last
            start = value.find(join, start + 1)
    return None


def find_period(text: str, today: date, max_days: int) -> Period | None:
    """The period ``text`` names, or None when it names none (so it may be something else)."""
    typed = text.strip()[:40]
    # A sentence's end is not part of the period (/payroll 2026-10。 /report 上周!).
    value = fold(text).strip().rstrip("。．.!！~～").lower().replace(" ", "")
    if not value:
        return None
    period = _one(value, today, typed)
    if period is None:
        span = _split_range(value, today, typed)
        if span is None:
            return None
        first, last = span
        if last.last < first.first:
            raise BadInput("range_reversed")
        period = Period(first.first, last.last)
    if period.days > max_days:
        raise BadInput("range_too_long", max=max_days)
    if period.first > today:
        raise BadInput("period_future", value=typed)
    return Period(period.first, min(period.last, today), month=period.month)


def parse_period(text: str | None, today: date, max_days: int) -> Period:
    """The period ``text`` names (``None`` or empty: today), seen from the business day
    ``today``."""
    if not text or not text.strip():
        return _named("today", today)
    period = find_period(text, today, max_days)
    if period is None:
        raise BadInput("bad_period", value=text.strip()[:40])
    return period


def looks_like_period(text: str, today: date) -> bool:
    try:
        return find_period(text, today, 10_000) is not None
    except BadInput:
        return True  # a period, wrongly given: say so rather than take it for something else
