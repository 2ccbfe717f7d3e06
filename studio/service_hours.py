"""Time within the inquiry hours (``inquiries.hours``, e.g. ``"09:00-23:00"``).

A customer who writes at 02:00 is told when staff answer; ``inquiry_watch`` counts the wait only
from the opening (``studio.inquiries.due_reminders``). The reports measure a response the same
way: only the seconds of the wait that lie within the hours count, so a question sent at night
and answered at 09:05 took five minutes, not seven hours.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from studio.parse.times import parse_hhmm_time


def working_seconds(start: datetime, end: datetime, hours: str, tz: ZoneInfo) -> int:
    """The whole seconds of [``start``, ``end``) (aware) that lie within ``hours`` in ``tz``;
    hours such as ``"22:00-06:00"`` span midnight."""
    if end <= start:
        return 0
    opens, closes = _window(hours)
    start, end = start.astimezone(tz), end.astimezone(tz)
    if (opens < closes and start.date() == end.date()
            and opens <= start.time() and end.time() <= closes):
        return int((end - start).total_seconds())  # within one day's hours: most answers
    total = 0.0
    day = start.date() - timedelta(days=1)  # a window opened the evening before may still run
    while day <= end.date():
        window_start = datetime.combine(day, opens, tzinfo=tz)
        window_end = datetime.combine(day + timedelta(days=1 if closes <= opens else 0), closes,
                                      tzinfo=tz)
        overlap = (min(end, window_end) - max(start, window_start)).total_seconds()
        total += max(0.0, overlap)
        day += timedelta(days=1)
    return int(total)


@lru_cache(maxsize=8)
def _window(hours: str) -> tuple[time, time]:
    """``"09:00-23:00"`` → (09:00, 23:00), parsed once (a report measures thousands of waits)."""
    opens, closes = (parse_hhmm_time(part) for part in hours.split("-"))
    return opens, closes
