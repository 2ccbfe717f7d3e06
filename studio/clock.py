"""Time as the studio sees it: its zone, its business day, and the times people type.

Everything here takes ``now`` (an aware datetime) and never reads the clock itself. The database
keeps naive UTC (``to_db``/``from_db``); people see the studio's zone (``local``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from studio.errors import BadInput
from studio.i18n import catalogue

# Days named by a word, as an offset from the business day of the message.
DAY_WORDS = {"today": 0, "今天": 0, "今日": 0, "yesterday": -1, "昨天": -1, "昨日": -1,
             "tomorrow": 1, "明天": 1, "明日": 1, "后天": 2}


@dataclass(frozen=True)
class Clock:
    """The studio's zone and the hour its business day starts."""

    tz: ZoneInfo
    day_start: time = time(5, 0)

    def local(self, moment: datetime) -> datetime:
        """A stored (naive UTC) or aware datetime in the studio's zone."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(self.tz)

    def business_day(self, moment: datetime) -> date:
        """The business day ``moment`` belongs to: before ``day_start`` it is the day before."""
        local = self.local(moment)
        day = local.date()
        if local.time() < self.day_start:
            day -= timedelta(days=1)
        return day

    def day_bounds(self, day: date) -> tuple[datetime, datetime]:
        """The naive UTC [start, end) of a business day, as the database compares them."""
        start = datetime.combine(day, self.day_start, tzinfo=self.tz)
        end = datetime.combine(day + timedelta(days=1), self.day_start, tzinfo=self.tz)
        return to_db(start), to_db(end)

    def at(self, day: date, hhmm: time) -> datetime:
        """The aware moment of ``hhmm`` studio time on calendar day ``day``."""
        return datetime.combine(day, hhmm, tzinfo=self.tz)

    def parse_when(self, text: str, now: datetime) -> datetime:
        """``HH:MM`` (the latest such time not after ``now``) or ``YYYY-MM-DD HH:MM``.

        A time in the future is refused. Returns an aware datetime."""
        text = text.strip()
        local_now = self.local(now)
        full = re.fullmatch(r"(\d{4}-\d{1,2}-\d{1,2})[ T](\d{1,2}[:：]\d{2})", text)
        if full:
            day = parse_iso_date(full.group(1))
            moment = self.at(day, parse_hhmm_time(full.group(2)))
        else:
            hhmm = parse_hhmm_time(text)
            moment = self.at(local_now.date(), hhmm)
            if moment > local_now:
                moment = self.at(local_now.date() - timedelta(days=1), hhmm)
        if moment > local_now:
            raise BadInput("time_future", time=text)
        return moment

    def parse_day(self, text: str, now: datetime) -> date:
        """A business day: ``today``, ``yesterday``, ``tomorrow`` (今天, 昨天, 明天, 后天),
        ``YYYY-MM-DD`` or ``MM-DD``. A wrong day is named back as it was typed."""
        typed, text = text.strip(), text.strip().lower()
        today = self.business_day(now)
        if text in DAY_WORDS:
            return today + timedelta(days=DAY_WORDS[text])
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            return parse_iso_date(text)
        match = re.fullmatch(r"(\d{1,2})-(\d{1,2})", text)
        if match:
            try:
                day = date(today.year, int(match.group(1)), int(match.group(2)))
            except ValueError:
                raise BadInput("bad_day", day=typed) from None
            # "12-30" typed on 2 January means the one just past, not the one to come.
            if day > today + timedelta(days=180):
                day = day.replace(year=today.year - 1)
            return day
        raise BadInput("bad_day", day=typed)


def to_db(moment: datetime) -> datetime:
    """An aware datetime as the naive UTC the database stores."""
    if moment.tzinfo is None:
        raise ValueError("to_db needs an aware datetime")
    return moment.astimezone(UTC).replace(tzinfo=None)


def from_db(moment: datetime) -> datetime:
    """A stored naive UTC datetime as an aware one."""
    return moment.replace(tzinfo=UTC)


def parse_hhmm_time(text: str) -> time:
    """``HH:MM`` (24 h; a full-width colon too) → a time; the one parser of a time of day,
    for people's arguments and the config's times alike."""
    match = re.fullmatch(r"(\d{1,2})[:：](\d{2})", text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise BadInput("bad_time", time=text)
    return time(int(match.group(1)), int(match.group(2)))


def parse_iso_date(text: str) -> date:
    """``YYYY-MM-DD`` → a date."""
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return date(year, month, day)
    except ValueError:
        raise BadInput("bad_day", day=text) from None


def looks_like_time(text: str) -> bool:
    """Whether an argument is meant as a time (``23:50``, ``2026-11-26 23:50``)."""
    return bool(re.fullmatch(r"(\d{4}-\d{1,2}-\d{1,2}[ T])?\d{1,2}[:：]\d{2}", text.strip()))


def format_minutes(minutes: int, lang: str) -> str:
    """``3 h 5 min`` / ``3小时5分``: how the studio writes a length of time (the catalogue's
    ``duration.*``)."""
    hours, mins = divmod(max(0, minutes), 60)
    key = "duration.hours_minutes" if hours and mins else (
        "duration.hours" if hours else "duration.minutes")
    return catalogue().t(lang, key, hours=hours, minutes=mins)
