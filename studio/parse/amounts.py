"""Money and counts as typed: ``3500 3,500 3500元 3500块 ￥3500 1.2万 1.2w 3.5k``."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from studio.errors import BadInput
from studio.parse.numbers import MAX_INT, fold

UNITS = {"万": 10_000, "w": 10_000, "k": 1_000, "千": 1_000}
_CURRENCY = re.compile(r"^(?:[¥￥]|rmb|cny)\s*|\s*(?:元|块钱|块|rmb|cny)$")
# A comma between digits in groups of three is a thousands separator ("3,500", "1,200,000").
_NUMBER = re.compile(r"^([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?([万wk千]?)$")


def _decimal(text: str, key: str) -> Decimal:
    raw = fold(text).strip().lower()
    raw = _CURRENCY.sub("", raw).strip()
    raw = _CURRENCY.sub("", raw).strip()  # "￥3500元": both ends
    match = _NUMBER.match(raw)
    if not match or len(raw) > 40:
        raise BadInput(key, value=text[:40])
    try:
        value = Decimal(match.group(1).replace(",", "") + (match.group(2) or ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain decimals
        raise BadInput(key, value=text[:40]) from None
    return value * UNITS.get(match.group(3), 1)


def _signed(text: str) -> None:
    if fold(text).strip().startswith(("-", "−")):
        raise BadInput("negative", value=text[:40])


def parse_amount_fen(text: str) -> int:
    """CNY as typed → integer fen; fractions of a fen and 2**63 fen or more are refused."""
    _signed(text)
    fen = _decimal(text, "bad_amount") * 100
    if fen != fen.to_integral_value():
        raise BadInput("bad_amount", value=text[:40])
    if fen > MAX_INT:
        raise BadInput("number_too_large", value=text[:40])
    return int(fen)


def parse_count(text: str) -> int:
    """A whole number as typed (``1200``, ``1,200``, ``1.2万``, ``3k``); no fractions, no sign."""
    _signed(text)
    value = _decimal(text, "bad_number")
    if value != value.to_integral_value():
        raise BadInput("bad_number", value=text[:40])
    if value > MAX_INT:
        raise BadInput("number_too_large", value=text[:40])
    return int(value)


def looks_like_amount(text: str) -> bool:
    try:
        parse_amount_fen(text)
    except BadInput:
        return False
    return True
