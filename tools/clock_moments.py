"""The moments the date guard moves the wall clock to, as offsets from now (seconds).

Relative offsets, not absolute dates: faketime restarts an absolute start in every child
process, while an offset is inherited as it is (docs/pitfalls.md §33). Each calendar moment is
the NEXT one after today, so the guard never runs the suite in the past and never goes stale:
a fixed date in this file would itself be a date bomb.

    python tools/clock_moments.py            # every moment: "<label> <seconds>" a line
    python tools/clock_moments.py calendar   # only the calendar moments
    python tools/clock_moments.py ahead      # only the far moves (+40 d, +400 d)
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

STUDIO = ZoneInfo("Asia/Shanghai")  # the default studio zone; the business day changes at 05:00


def next_after(now: datetime, candidates) -> datetime:
    return min(moment for moment in candidates if moment > now)


def calendar_moments(now: datetime) -> dict[str, datetime]:
    """A month end (not December's), the year end just before and at the business-day change,
    a leap day."""
    local = now.astimezone(STUDIO)
    years = range(local.year, local.year + 9)
    month_ends = []
    for year in years:
        for month in range(1, 12):  # December's end is the year end, moved to on its own
            first_of_next = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=STUDIO)
            month_ends.append(first_of_next - timedelta(minutes=5))  # the last day, 23:55
    leap_days = [datetime(year, 2, 29, 12, 0, tzinfo=STUDIO) for year in years
                 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)]
    return {
        "month end (23:55 on its last day)": next_after(now, month_ends),
        "new year 04:59 (the old business day)": next_after(
            now, [datetime(y + 1, 1, 1, 4, 59, tzinfo=STUDIO) for y in years]),
        "new year 05:00 (the new business day)": next_after(
            now, [datetime(y + 1, 1, 1, 5, 0, tzinfo=STUDIO) for y in years]),
        "29 February": next_after(now, leap_days),
    }


def moments(now: datetime, which: str = "all") -> list[tuple[str, int]]:
    chosen: list[tuple[str, int]] = []
    if which in ("all", "calendar"):
        chosen += [(f"{label}: {moment:%Y-%m-%d %H:%M} studio time",
                    int((moment - now).total_seconds()))
                   for label, moment in calendar_moments(now).items()]
    if which in ("all", "ahead"):
        chosen += [(f"+{days} days", days * 86400) for days in (40, 400)]
    return chosen


if __name__ == "__main__":
    for label, seconds in moments(datetime.now(UTC), *sys.argv[1:2]):
        print(f"{seconds}\t{label}")
