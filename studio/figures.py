"""One truth for the daily figures: live minutes, videos, check-ins, plans, leave and
registration problems per host per business day. ``/offline``, ``/video``, ``/me``, the
``minimums`` and ``digest`` jobs and ``/report`` all read them from here, so no two places can
count differently.

A broadcast counts toward the business day it started in (``Broadcast.day``, kept in step by
``/fixlive``), with its credited minutes: none while open or after the bot closed it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from peewee import Case, fn

from config import Rules
from models import Broadcast, Checkin, Leave, Plan, Video, as_date, reused_rows


@dataclass
class DayFacts:
    """What one host did on one business day."""

    live_minutes: int = 0
    broadcasts: int = 0
    videos: int = 0
    checkin: bool = False
    late_registrations: int = 0  # starts and ends registered late (penalty 5)
    auto_closed: int = 0  # broadcasts left open and closed by the bot (/fixlive or not)
    open_broadcast: bool = False
    planned: bool = False  # the host had a /plan for the day
    on_leave: bool = False  # a day off: no minimum that day

    def minutes_short(self, rules: Rules) -> int:
        return max(0, rules.min_live_minutes - self.live_minutes)

    def videos_short(self, rules: Rules) -> int:
        return max(0, rules.min_videos - self.videos)

    def met(self, rules: Rules) -> bool:
        return not self.minutes_short(rules) and not self.videos_short(rules)


Facts = dict[int, dict[date, DayFacts]]  # staff id → business day → facts


def day_facts(first: date, last: date, staff_ids: list[int] | None = None) -> Facts:
    """Every host's facts for the business days ``first``..``last`` (inclusive), in five
    queries whatever the number of hosts or days. Credited minutes follow ``Broadcast.minutes``
    (as ``Broadcast.credited_minutes()`` in SQL)."""
    facts: Facts = defaultdict(lambda: defaultdict(DayFacts))
    parsed: dict = {}  # a year's 90,000 rows name 365 days: each parsed once

    def as_day(value) -> date:
        day = parsed.get(value)
        if day is None:
            day = parsed[value] = as_date(value)
        return day

    # Summed by the database: a year of broadcasts is 18,000 rows, and parsing their datetimes
    # in Python was most of a whole-year report's time. Each query's text is built once
    # (``reused_rows``): /video and /offline ask for one day's, /me for a period's.
    for staff_id, day, broadcasts, minutes, still_open, auto_closed, late in reused_rows(
            "facts.broadcasts", _broadcasts, first, last, staff_ids):
        day_of = facts[staff_id][as_day(day)]
        day_of.broadcasts = broadcasts
        day_of.live_minutes = int(minutes or 0)
        day_of.open_broadcast = bool(still_open)
        day_of.auto_closed = int(auto_closed or 0)
        day_of.late_registrations = int(late or 0)
    for staff_id, day, count in reused_rows("facts.videos", _videos, first, last, staff_ids):
        facts[staff_id][as_day(day)].videos = count
    for staff_id, day in reused_rows("facts.checkins", _days_of(Checkin), first, last,
                                     staff_ids):
        facts[staff_id][as_day(day)].checkin = True
    for staff_id, day in reused_rows("facts.plans", _days_of(Plan), first, last, staff_ids):
        facts[staff_id][as_day(day)].planned = True
    for staff_id, day in reused_rows("facts.leave", _days_of(Leave), first, last, staff_ids):
        facts[staff_id][as_day(day)].on_leave = True
    return facts


def _where(model, first: date, last: date, staff_ids: list[int] | None):
    clause = (model.day >= first) & (model.day <= last)
    if staff_ids is not None:
        clause &= model.staff.in_(staff_ids)
    return clause


def _count(condition):
    return fn.SUM(Case(None, [(condition, 1)], 0))


def _broadcasts(first: date, last: date, staff_ids: list[int] | None):
    return (Broadcast
            .select(Broadcast.staff, Broadcast.day, fn.COUNT(Broadcast.id),
                    fn.SUM(Broadcast.credited_minutes()),
                    _count(Broadcast.ended_at.is_null(True)),
                    # closed by the bot, even once /fixlive set its end (issue 26)
                    _count(Broadcast.closed_by_bot_at.is_null(False)
                           | (Broadcast.auto_closed == True)),  # noqa: E712
                    _count(Broadcast.late_start == True) + _count(Broadcast.late_end == True))  # noqa: E712
            .where(_where(Broadcast, first, last, staff_ids))
            .group_by(Broadcast.staff, Broadcast.day))


def _videos(first: date, last: date, staff_ids: list[int] | None):
    return (Video.select(Video.staff, Video.day, fn.COUNT(Video.id))
            .where(_where(Video, first, last, staff_ids))
            .group_by(Video.staff, Video.day))


def _days_of(model):
    """The (person, day) rows of a check-in, a plan (not cancelled) or a day's leave."""
    def build(first: date, last: date, staff_ids: list[int] | None):
        clause = _where(model, first, last, staff_ids)
        if model is Plan:
            clause &= Plan.cancelled_at.is_null()
        return model.select(model.staff, model.day).where(clause)
    return build


def facts_of(facts: Facts, staff_id: int, day: date) -> DayFacts:
    return facts.get(staff_id, {}).get(day) or DayFacts()


def one_day(staff_id: int, day: date) -> DayFacts:
    """One host's facts for one business day (``/offline``'s day total, ``/video``'s count)."""
    return facts_of(day_facts(day, day, [staff_id]), staff_id, day)
