"""Whole numbers as typed: ASCII digits after folding full-width ones, below 2**63."""

from __future__ import annotations

import re
import unicodedata

from studio.errors import BadInput

# The databases' integers are 64-bit signed: a larger number is refused, never stored.
MAX_INT = 2**63 - 1
DIGITS = re.compile(r"[0-9]+")

# Chinese numerals people type for small counts ("两个", "三件").
CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                  "七": 7, "八": 8, "九": 9, "十": 10}


def fold(text: str) -> str:
    """Full-width to half-width (``ＡＢＣ１２`` → ``ABC12``), so people's typing compares equal."""
    return unicodedata.normalize("NFKC", text)


def is_whole(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts digits ``int`` refuses (U+19DA)."""
    return bool(DIGITS.fullmatch(fold(text).strip()))


def whole(text: str, key: str = "bad_number", **params) -> int:
    """``12`` / ``１２`` → 12; anything else ``BadInput(key)``; 2**63 and beyond ``too_large``."""
    raw = fold(text).strip()
    if not DIGITS.fullmatch(raw):
        raise BadInput(key, value=text, **params)
    value = int(raw)
    if value > MAX_INT:
        raise BadInput("number_too_large", value=text[:30])
    return value


def record_id(text: str, key: str) -> int:
    """A record's number as typed (``12``, ``#12``, ``＃１２``, ``No.12``) → 12; 0 is no number."""
    raw = fold(text).strip().lstrip("#").removeprefix("No.").removeprefix("no.")
    value = whole(raw, key) if raw else None
    if not value:
        # As the number is shown (``没有第 0 号安排``, ``No plan #0``): no typed ``#`` doubled.
        raise BadInput(key, value=raw or text)
    return value


def small_count(text: str) -> int | None:
    """``3`` or ``三`` / ``两`` → the number; anything else None."""
    raw = fold(text).strip()
    if raw in CHINESE_DIGITS:
        return CHINESE_DIGITS[raw]
    if DIGITS.fullmatch(raw) and len(raw) <= 6:
        return int(raw)
    return None
