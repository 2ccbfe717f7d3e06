"""Tenure-based monthly sales targets (handbook duty 14).

Tenure months count from the host's official start (``/setstart``): month 1 runs from the start
day to the day before the same day of the next month. A calendar month that spans two tenure
months gets a target pro-rated by days: a host who started on 15 September has, for October,
14/31 of month 1's target plus 17/31 of month 2's. A host with no start date has no target
(``None``), never a guessed one.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

from config import Target


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def tenure_month(start: date, day: date) -> int:
    """1 for the first month after ``start``, 2 for the second, …; 0 before the start."""
    if day < start:
        return 0
    months = (day.year - start.year) * 12 + (day.month - start.month)
    if add_months(start, months) > day:
        months -= 1
    return months + 1


def monthly_amount(targets: list[Target], month: int) -> int:
    """The target in CNY of tenure month ``month`` (0 before the start)."""
    if month <= 0:
        return 0
    for target in targets:
        if target.from_month <= month and (target.to_month == 0 or month <= target.to_month):
            return target.amount
    return 0


def target_fen(targets: list[Target], start: date | None, year: int, month: int,
               until: date | None = None) -> int | None:
    """The calendar month's target in fen, pro-rated by days across tenure months.

    ``until`` (inclusive) gives the part of the target due by that day — the "so far" the
    ``targets`` job and ``/me`` compare with. None when the host has no official start."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    return target_for_period(targets, start, first, last if until is None else min(until, last))


def target_for_period(targets: list[Target], start: date | None, first_day: date,
                      last_day: date, skip: Callable[[date], bool] | None = None) -> int | None:
    """The target in fen for the days ``first_day``..``last_day`` (inclusive), which may span
    parts of several calendar months: each month's target pro-rated by its days in the period.
    ``skip`` leaves days out (the days a host was inactive: gone, no target).

    None when the host has no official start."""
    if start is None:
        return None
    total = 0
    day = first_day
    while day <= last_day:
        # One calendar month's part: the yuan of each of its days (target / days in month),
        # summed exactly and rounded once to fen.
        days_in_month = calendar.monthrange(day.year, day.month)[1]
        part_last = min(last_day, date(day.year, day.month, days_in_month))
        yuan_times_days = 0
        while day <= part_last:
            if skip is None or not skip(day):
                yuan_times_days += monthly_amount(targets, tenure_month(start, day))
            day += timedelta(days=1)
        total += round(yuan_times_days * 100 / days_in_month)
    return total
