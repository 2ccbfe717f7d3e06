"""Time as the studio sees it: its zone, its business day, a typed time as a moment (the
parsers themselves are ``studio.parse.times``).

Everything here takes ``now`` (an aware datetime) and never reads the clock itself. The database
keeps naive UTC (``to_db``/``from_db``); people see the studio's zone (``local``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from studio.errors import BadInput
from studio.i18n import catalogue
from studio.parse.times import parse_day, parse_hhmm_time, parse_iso_date, split_when


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
        local_now = self.local(now)
        day_text, time_text = split_when(text)
        hhmm = parse_hhmm_time(time_text)
        if day_text is not None:
            moment = self.at(parse_iso_date(day_text), hhmm)
        else:
            moment = self.at(local_now.date(), hhmm)
            if moment > local_now:
                moment = self.at(local_now.date() - timedelta(days=1), hhmm)
        if moment > local_now:
            raise BadInput("time_future", time=text.strip()[:40])
        return moment

    def parse_day(self, text: str, now: datetime) -> date:
        """A business day as typed (``studio.parse.times``), seen from the one ``now`` is in."""
        return parse_day(text, self.business_day(now))


def to_db(moment: datetime) -> datetime:
    """An aware datetime as the naive UTC the database stores."""
    if moment.tzinfo is None:
        raise ValueError("to_db needs an aware datetime")
    return moment.astimezone(UTC).replace(tzinfo=None)


def from_db(moment: datetime) -> datetime:
    """A stored naive UTC datetime as an aware one."""
    return moment.replace(tzinfo=UTC)


def format_minutes(minutes: int, lang: str) -> str:
    """``3 h 5 min`` / ``3小时5分``: how the studio writes a length of time (the catalogue's
    ``duration.*``)."""
    hours, mins = divmod(max(0, minutes), 60)
    key = "duration.hours_minutes" if hours and mins else (
        "duration.hours" if hours else "duration.minutes")
    return catalogue().t(lang, key, hours=hours, minutes=mins)
