"""Response-time figures of customers' inquiries (handbook duty 8), for the reports and /me:
which staff answers ended a customer's wait, and how fast.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from peewee import SQL

from models import Direction, InquiryMessage, as_datetime, reused_rows
from studio.clock import Clock

# --- figures for the reports -------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    """A staff member's answers in a period: how many waits answered, and how fast."""

    answered: int
    median_seconds: int
    p90_seconds: int


def percentile(values: list[int], share: float) -> int:
    """Nearest-rank percentile: the smallest value with ``share`` of them at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def median_seconds(values: list[int]) -> int | None:
    """The median response time in whole seconds (None without answers)."""
    return int(statistics.median(values)) if values else None


class Answer(NamedTuple):
    inquiry_id: int
    staff_id: int
    at: datetime | None  # naive UTC; None when asked for without times
    response_seconds: int


def answers(first_day: date, last_day: date, clock: Clock,
            staff_ids: list[int] | None = None, *, with_times: bool = True) -> list[Answer]:
    """The one query behind every answer figure: the staff answers that ended a customer's wait
    (the first after it) whose answer lies in the business days ``first_day``..``last_day``,
    oldest first. Follow-up lines of the same answer and the FAQ's automatic answers do not
    count. Plain tuples, and without ``with_times`` no datetimes to parse: a year holds tens of
    thousands of answers."""
    start, _ = clock.day_bounds(first_day)
    _, end = clock.day_bounds(last_day)
    build = _answers if with_times else _answers_untimed
    return [Answer(inquiry, staff, as_datetime(at), seconds)
            for inquiry, staff, at, seconds in reused_rows(
                f"inquiry.answers.{with_times}", build, start, end, staff_ids)]


def _answers(start: datetime, end: datetime, staff_ids: list[int] | None, *,
             with_times: bool = True):
    clause = ((InquiryMessage.direction == Direction.OUT) & (InquiryMessage.faq == False)  # noqa: E712
              & InquiryMessage.staff.is_null(False)
              & InquiryMessage.response_seconds.is_null(False)
              & (InquiryMessage.at >= start) & (InquiryMessage.at < end))
    if staff_ids is not None:
        clause &= InquiryMessage.staff.in_(staff_ids)
    when = InquiryMessage.at if with_times else SQL("NULL")
    return (InquiryMessage
            .select(InquiryMessage.inquiry, InquiryMessage.staff, when,
                    InquiryMessage.response_seconds)
            .where(clause)
            .order_by(InquiryMessage.at, InquiryMessage.id))


def _answers_untimed(start: datetime, end: datetime, staff_ids: list[int] | None):
    return _answers(start, end, staff_ids, with_times=False)


def stats_of(rows: list[InquiryMessage]) -> dict[int, Stats]:
    """Per staff id: how many waits answered, with the median and 90th-percentile time."""
    by_staff: dict[int, list[int]] = {}
    for row in rows:
        by_staff.setdefault(row.staff_id, []).append(row.response_seconds)
    return {staff_id: Stats(len(values), median_seconds(values), percentile(values, 0.9))
            for staff_id, values in by_staff.items()}


def response_stats(first_day: date, last_day: date, clock: Clock,
                   staff_ids: list[int] | None = None) -> dict[int, Stats]:
    """Per staff id: the waits they answered in the business days ``first_day``..``last_day``,
    with the median and 90th-percentile response time."""
    return stats_of(answers(first_day, last_day, clock, staff_ids))
