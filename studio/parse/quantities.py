"""How many: ``x2 ×2 X2 *2 2个 2件 两个 三盒`` — a word of its own, or the end of a word."""

from __future__ import annotations

import re

from studio.errors import BadInput
from studio.parse.numbers import CHINESE_DIGITS, fold, whole

UNIT_WORDS = "个件支盒瓶套份只"  # not 片/包: "面膜10片" names a pack
_CN = "".join(CHINESE_DIGITS)
_TIMES = re.compile(r"^[xX×*]\s*([0-9]+)$")
_UNIT = re.compile(rf"^([0-9]+|[{_CN}])\s*[{UNIT_WORDS}]$")
# "眼影盘×2", "口红x3", "眼影盘2个": a name with its count stuck on.
_STUCK = re.compile(rf"^(.*[^0-9xX×*\s])(?:[xX×*]([0-9]+)|([0-9]+|[{_CN}])[{UNIT_WORDS}])$")


def _number(text: str) -> int:
    return CHINESE_DIGITS[text] if text in CHINESE_DIGITS else whole(text)


def parse_quantity(word: str) -> int | None:
    """``x2``/``2个``/``两个`` → 2; anything else None (it is not a count)."""
    raw = fold(word).strip()
    match = _TIMES.match(raw) or _UNIT.match(raw)
    return _number(match.group(1)) if match else None


def split_stuck(word: str) -> tuple[str, int | None]:
    """``眼影盘2个`` → (``眼影盘``, 2); a word without a count stuck on → (word, None)."""
    match = _STUCK.match(fold(word).strip())
    if not match:
        return word, None
    return match.group(1), _number(match.group(2) or match.group(3))


def split_quantity(words: list[str], maximum: int, *, stuck: bool = False
                   ) -> tuple[list[str], int]:
    """Take one quantity out of ``words``: (the rest, N), N 1 by default; N must be 1..maximum.

    With ``stuck`` the last word may carry it (``眼影盘2个``)."""
    rest, count, given = [], 1, None
    for i, word in enumerate(words):
        times = parse_quantity(word)
        if times is None and stuck and i == len(words) - 1 and given is None:
            name, times = split_stuck(word)
            if times is not None:
                word = name
                rest.append(name)
        if times is None:
            rest.append(word)
            continue
        if not 1 <= times <= maximum:
            raise BadInput("bad_times", value=word, max=maximum)
        if given is not None:  # "x2 x3": which one was meant? ask rather than guess
            raise BadInput("two_times", first=given, second=word)
        count, given = times, word
    return rest, count
