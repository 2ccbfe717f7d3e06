"""One way to parse each kind of argument people type: amounts, counts, ``xN``, sample ids,
record numbers.

(Times and days are in ``studio.clock``; people in ``studio.roster.resolve``; periods in
``studio.periods``.) Each raises ``BadInput`` with a catalogue key; each has a table test.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from studio.errors import BadInput

_UNITS = {"万": 10_000, "w": 10_000, "W": 10_000, "k": 1_000, "K": 1_000, "千": 1_000}
_NUMBER = re.compile(r"^([0-9]+(?:\.[0-9]+)?)([万wWkK千]?)$")


def fold(text: str) -> str:
    """Full-width to half-width (``ＡＢＣ１２`` → ``ABC12``), so people's typing compares equal."""
    return unicodedata.normalize("NFKC", text)


def _decimal(text: str, key: str) -> Decimal:
    raw = fold(text).strip().replace(",", "")
    match = _NUMBER.match(raw)
    if not match:
        raise BadInput(key, value=text)
    try:
        value = Decimal(match.group(1))
    except InvalidOperation:
        raise BadInput(key, value=text) from None
    return value * _UNITS.get(match.group(2), 1)


def parse_amount_fen(text: str) -> int:
    """CNY as typed (``3500``, ``3500.5``, ``1.2万``, ``1.2w``, ``3k``) → integer fen."""
    if fold(text).strip().startswith("-"):
        raise BadInput("negative", value=text)
    fen = _decimal(text, "bad_amount", ) * 100
    if fen != fen.to_integral_value():
        raise BadInput("bad_amount", value=text)
    return int(fen)


def parse_count(text: str) -> int:
    """A whole number as typed (``1200``, ``1.2万``, ``3k``); no fractions, no sign."""
    if fold(text).strip().startswith("-"):
        raise BadInput("negative", value=text)
    value = _decimal(text, "bad_number")
    if value != value.to_integral_value():
        raise BadInput("bad_number", value=text)
    return int(value)


_TIMES = re.compile(r"^[xX×*＊](\d+)$")


def parse_times(text: str) -> int | None:
    """``x3`` / ``×3`` → 3; anything else → None (it is not a count)."""
    match = _TIMES.match(fold(text).strip())
    return int(match.group(1)) if match else None


def split_times(args: list[str], maximum: int) -> tuple[list[str], int]:
    """Take an ``xN`` out of ``args``: (the rest, N). N must be 1..maximum."""
    rest, count, given = [], 1, None
    for arg in args:
        times = parse_times(arg)
        if times is None:
            rest.append(arg)
            continue
        if not 1 <= times <= maximum:
            raise BadInput("bad_times", value=arg, max=maximum)
        if given is not None:  # "x2 x3": which one was meant? ask rather than guess
            raise BadInput("two_times", first=given, second=arg)
        count, given = times, arg
    return rest, count


_SAMPLE = re.compile(r"^[sS]?(\d{1,9})$")
_SAMPLE_RANGE = re.compile(r"^[sS]?(\d{1,9})-[sS]?(\d{1,9})$")


def _sample_word(arg: str) -> str:
    return fold(arg).strip().rstrip(",，")


def is_sample_id(arg: str) -> bool:
    """Whether a word is a sample id or a range of them (``S12``, ``13``, ``S15-S18,``)."""
    word = _sample_word(arg)
    return bool(_SAMPLE.match(word) or _SAMPLE_RANGE.match(word))


def parse_sample_ids(args: list[str], max_range: int = 200) -> list[int]:
    """``S12 s13 14 S15-S18`` → [12, 13, 14, 15, 16, 17, 18], in order, no repeats."""
    if not args:
        raise BadInput("no_sample_ids")
    ids: list[int] = []
    for arg in args:
        raw = _sample_word(arg)
        single, span = _SAMPLE.match(raw), _SAMPLE_RANGE.match(raw)
        if single:
            found = [int(single.group(1))]
        elif span:
            low, high = int(span.group(1)), int(span.group(2))
            if low > high or high - low >= max_range:
                raise BadInput("bad_sample_range", value=arg)
            found = list(range(low, high + 1))
        else:
            raise BadInput("bad_sample_id", value=arg)
        ids.extend(i for i in found if i not in ids)
    return ids


def parse_id(text: str, key: str) -> int:
    """A record's number as typed (``12``, ``#12``, ``＃１２``) → 12; else ``BadInput(key)``."""
    raw = fold(text).strip().lstrip("#")
    if not raw.isdigit() or int(raw) == 0:
        raise BadInput(key, value=text)
    return int(raw)


def sample_code(sample_id: int) -> str:
    return f"S{sample_id}"


def format_fen(fen: int) -> str:
    """Integer fen as yuan for people: ``350000`` → ``3,500``, ``350050`` → ``3,500.50``."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan:,}" if not cents else f"{sign}{yuan:,}.{cents:02d}"


def is_url(text: str) -> bool:
    return bool(re.fullmatch(r"https?://[^\s/$.?#][^\s]*", text.strip(), re.IGNORECASE))
