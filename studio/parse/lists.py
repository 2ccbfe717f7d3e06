"""Lists as typed: words split on spaces, ``，、；,;`` and new lines.

A comma between digits in groups of three is a thousands separator (``3,500``), not a split.
The words keep their own spelling (a brand typed in full-width stays so)."""

from __future__ import annotations

import re

_THOUSANDS = re.compile(r"(?<![0-9０-９])[0-9０-９]{1,3}(?:[,，][0-9０-９]{3})+(?![0-9０-９])")
_SEPARATORS = re.compile(r"[\s，、；;,]+")
_KEEP = "\x00"


def split_list(text: str) -> list[str]:
    """``花西子，口红，x2`` → [花西子, 口红, x2]; ``成交 3,500`` → [成交, 3,500]."""
    protected = _THOUSANDS.sub(lambda m: re.sub("[,，]", _KEEP, m.group(0)), text)
    return [w.replace(_KEEP, ",") for w in _SEPARATORS.split(protected) if w]
