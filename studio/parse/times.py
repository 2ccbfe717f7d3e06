"""Times of day and dates as typed.

Times: ``19:30`` ``19：30`` ``19点`` ``19点半`` ``7点05``. Dates: ``2026-11-23``
``2026/11/23`` ``2026.11.23`` ``2026年11月23日``, and without the year ``11-23`` ``11.23``
``11/23`` ``11月23日`` ``11月23号`` (the one nearest in the past half-year); words ``今天
昨天 前天 明天 后天 today yesterday tomorrow``. Typed years outside 2000–2100 are refused.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from studio.errors import BadInput
from studio.parse.numbers import fold

FIRST_YEAR, LAST_YEAR = 2000, 2100

# Days named by a word, as an offset from the business day of the message.
DAY_WORDS = {"today": 0, "今天": 0, "今日": 0, "yesterday": -1, "昨天": -1, "昨日": -1,
             "前天": -2, "tomorrow": 1, "明天": 1, "明日": 1, "后天": 2}

_TIME = re.compile(r"([0-9]{1,2})(?::([0-9]{2})|点(?:([0-9]{1,2})分?|(半))?|时)")
_FULL_DATE = re.compile(r"([0-9]{4})(?:[-/.]|年)([0-9]{1,2})(?:[-/.]|月)([0-9]{1,2})[日号]?")
_SHORT_DATE = re.compile(r"([0-9]{1,2})(?:[-/.]|月)([0-9]{1,2})[日号]?")
_WHEN = re.compile(r"(.+?)[ T]+(\S+)")


def parse_hhmm_time(text: str) -> time:
    """``HH:MM`` (24 h; a full-width colon too; ``19点半``) → a time; the one parser of a time
    of day, for people's arguments and the config's times alike."""
    match = _TIME.fullmatch(fold(text).strip())
    if not match:
        raise BadInput("bad_time", time=text[:40])
    hour = int(match.group(1))
    minute = 30 if match.group(4) else int(match.group(2) or match.group(3) or 0)
    if hour > 23 or minute > 59:
        raise BadInput("bad_time", time=text[:40])
    return time(hour, minute)


def looks_like_time(text: str) -> bool:
    """Whether an argument is meant as a time (``23:50``, ``2026-11-26 23:50``, ``19点``)."""
    raw = fold(text).strip()
    when = _WHEN.fullmatch(raw)
    if when and _FULL_DATE.fullmatch(when.group(1)):
        raw = when.group(2)
    return bool(_TIME.fullmatch(raw))


def _date(year: int, month: int, day: int, typed: str) -> date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadInput("year_out_of_range", value=typed[:40], first=FIRST_YEAR, last=LAST_YEAR)
    try:
        return date(year, month, day)
    except ValueError:
        raise BadInput("bad_day", day=typed[:40]) from None


def parse_iso_date(text: str) -> date:
    """A date with its year: ``2026-11-23``, ``2026/11/23``, ``2026年11月23日``."""
    match = _FULL_DATE.fullmatch(fold(text).strip())
    if not match or len(text) > 40:
        raise BadInput("bad_day", day=text[:40])
    return _date(*(int(g) for g in match.groups()), typed=text)


def near_past(month: int, day: int, today: date, typed: str) -> date:
    """``12-30`` typed on 2 January means the one just past, not the one to come."""
    found = _date(today.year, month, day, typed) if (month, day) != (2, 29) else None
    if found is None:  # 29 February: the nearest leap year's
        year = today.year
        while True:
            try:
                found = date(year, 2, 29)
                break
            except ValueError:
                year -= 1
    if found > today + timedelta(days=180):
        found = _date(found.year - 1, month, day, typed)
    return found


def parse_date(text: str, today: date) -> date | None:
    """A typed date (with or without its year) or a day word; None when it is not one."""
    raw = fold(text).strip().lower()
    if raw in DAY_WORDS:
        return today + timedelta(days=DAY_WORDS[raw])
    if _FULL_DATE.fullmatch(raw):
        return parse_iso_date(raw)
    short = _SHORT_DATE.fullmatch(raw)
    if short:
        return near_past(int(short.group(1)), int(short.group(2)), today, text)
    return None


def parse_day(text: str, today: date) -> date:
    """A business day as typed, seen from the business day ``today``."""
    found = parse_date(text, today)
    if found is None:
        raise BadInput("bad_day", day=text.strip()[:40])
    return found


def parse_time_range(text: str) -> tuple[time, time]:
    """``HH:MM-HH:MM`` (also with ``–``, ``~`` or full-width colons) → (start, end)."""
    start, sep, end = fold(text).replace("–", "-").replace("~", "-").partition("-")
    if not sep:
        raise BadInput("bad_range", value=text[:40])
    try:
        return parse_hhmm_time(start), parse_hhmm_time(end)
    except BadInput:
        raise BadInput("bad_range", value=text[:40]) from None


def looks_like_range(text: str) -> bool:
    """Whether a word is meant as a time range (``19:00-22:00``), right or not (``25:00-26:00``):
    a time, a dash, a time."""
    start, sep, end = fold(text).replace("–", "-").replace("~", "-").partition("-")
    return bool(sep) and bool(_TIME.fullmatch(start.strip())) and bool(_TIME.fullmatch(end.strip()))


def parse_coming_day(text: str, today: date) -> date:
    """A day still to come, as typed (leave asked for): a date without its year more than half
    a year past is next year's (``01-05`` typed in November); one just past stays past
    (``11-20`` typed on 26 November), for the caller to refuse; a day word as it says."""
    found = parse_day(text, today)
    raw = fold(text).strip().lower()
    short = _SHORT_DATE.fullmatch(raw)
    if short and (today - found).days > 180:
        found = _date(found.year + 1, int(short.group(1)), int(short.group(2)), text) \
            if (found.month, found.day) != (2, 29) else found
    return found


def split_when(text: str) -> tuple[str | None, str]:
    """``2026-11-26 19:30`` → ("2026-11-26", "19:30"); ``19:30`` → (None, "19:30")."""
    raw = fold(text).strip()
    when = _WHEN.fullmatch(raw)
    if when and _FULL_DATE.fullmatch(when.group(1)):
        return when.group(1), when.group(2)
    return None, raw
