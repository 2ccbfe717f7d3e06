"""A plan changed or cancelled by its number, as typed after ``/plan``: ``12 19:00-22:00``
(new times, the same day), ``12 明天 19:00-22:00 [room] [note]`` (another day), ``12 取消`` /
``12 cancel`` (also 删除, 撤销, 作废, delete; 取消了, 取消掉 too). ``#12`` works as ``12``.

A first word that is a number followed by a cancel word, a time range, or a day and a time range
is a plan's number (``/schedule`` shows them); anything else is not a change (None), so a new
plan (``/plan 明天 19:00-22:00``) reads as before. A person is named by ``@username`` or name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time

from studio.errors import BadInput
from studio.parse.numbers import fold, is_whole, record_id
from studio.parse.times import looks_like_range, parse_date, parse_time_range

CANCEL_WORDS = frozenset({"取消", "删除", "撤销", "作废", "cancel", "delete", "remove"})


_TAILS = re.compile(r"(?:掉|了|啦|吧|。|!|！)+$")  # 取消了, 取消掉吧: still a cancel


def is_cancel_word(word: str) -> bool:
    return _TAILS.sub("", fold(word).strip().lower()) in CANCEL_WORDS


@dataclass(frozen=True)
class PlanChange:
    number: int
    cancel: bool = False
    day: date | None = None  # None: the plan's own day
    span: tuple[time, time] | None = None
    span_text: str = ""
    rest: list[str] = field(default_factory=list)  # [room] [note]


def _plan_number(word: str) -> bool:
    raw = fold(word).strip()
    return is_whole(raw.removeprefix("#")) and raw.removeprefix("#") != ""


def _is_day(word: str, today: date) -> bool:
    try:
        return parse_date(word, today) is not None
    except BadInput:  # "19-22" reads as month 19
        return False


def parse_plan_change(args: list[str], today: date) -> PlanChange | None:
    """``/plan``'s arguments as a change of plan ``args[0]``, or None when they are a new plan.
    ``today``: the business day the message was sent on (for ``明天``)."""
    if len(args) < 2 or not _plan_number(args[0]):
        return None
    word = args[1]
    if is_cancel_word(word):
        if len(args) > 2:
            raise BadInput("extra_arguments")
        return PlanChange(record_id(args[0], "unknown_plan"), cancel=True)
    day, rest = None, args[1:]
    if not looks_like_range(rest[0]):
        if len(rest) == 1 and not _is_day(rest[0], today):
            raise BadInput("bad_range", value=rest[0][:40])  # "12 19-22": a range mistyped
        if len(rest) < 2 or not looks_like_range(rest[1]):
            return None
        day = parse_date(rest[0], today)
        if day is None:  # "12 明晚 19:00-22:00": a plan's number, a day not understood
            raise BadInput("bad_day", day=rest[0][:40])
        rest = rest[1:]
    return PlanChange(record_id(args[0], "unknown_plan"), day=day,
                      span=parse_time_range(rest[0]), span_text=rest[0], rest=rest[1:])
