"""Record numbers as typed: sample ids (``S12 s13 14 S15-S18``) and how they are shown
(``sample_code``), and any record's number."""

from __future__ import annotations

import re

from studio.errors import BadInput
from studio.parse.lists import split_list
from studio.parse.numbers import fold, record_id

__all__ = ["record_id", "is_sample_id", "parse_sample_ids", "sample_code"]

_SAMPLE = re.compile(r"^[sS]?#?([0-9]{1,9})$")
_SAMPLE_RANGE = re.compile(r"^[sS]?([0-9]{1,9})(?:-|~|～|\.\.|到|至)[sS]?([0-9]{1,9})$")


def _sample_word(arg: str) -> str:
    return fold(arg).strip().rstrip(",，、;；")


def is_sample_id(arg: str) -> bool:
    """Whether a word is a sample id or a range of them (``S12``, ``13``, ``S15-S18,``)."""
    words = [_sample_word(w) for w in split_list(arg)]
    return bool(words) and all(_SAMPLE.match(w) or _SAMPLE_RANGE.match(w) for w in words)


def parse_sample_ids(args: list[str], max_range: int = 200) -> list[int]:
    """``S12 s13 14 S15-S18`` (or ``S12，S13、S14``) → [12, …, 18], in order, no repeats."""
    words = [w for arg in args for w in split_list(arg)]
    if not words:
        raise BadInput("no_sample_ids")
    ids: list[int] = []
    for arg in words:
        raw = _sample_word(arg)
        single, span = _SAMPLE.match(raw), _SAMPLE_RANGE.match(raw)
        if single:
            found = [int(single.group(1))]
        elif span:
            low, high = int(span.group(1)), int(span.group(2))
            if low > high or high - low >= max_range:
                raise BadInput("bad_sample_range", value=arg[:40])
            found = list(range(low, high + 1))
        else:
            raise BadInput("bad_sample_id", value=arg[:40])
        ids.extend(i for i in found if i not in ids)
    return ids


def sample_code(sample_id: int) -> str:
    """How a sample is shown and typed back: ``S12``."""
    return f"S{sample_id}"
