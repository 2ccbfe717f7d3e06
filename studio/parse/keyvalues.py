"""Key/value pairs as typed: ``gmv=3500``, ``观看：1.5w``, ``观看 1.5w``, ``观看1.5w``.

Between a key and its value: ``= ＝ : ：``, a space, or nothing at all after a Chinese key
followed by a number. A word that is no key continues the value before it (a text field)."""

from __future__ import annotations

import re
from collections.abc import Callable

from studio.parse.lists import split_list

_SEPARATOR = re.compile(r"[=＝:：]")
# A Chinese key and its number with nothing between: "观看1.5w", "成交￥3500元".
_STUCK = re.compile(r"^([^\x00-\x7f0-9０-９=＝:：]+?)([¥￥]?[0-9０-９].*)$")


Pair = tuple[str | None, str | None, str]


def pairs(text: str, key_of: Callable[[str], str | None]) -> list[Pair]:
    """[(key, the key as typed, value)]: ``key_of`` names a key (None: not a key).

    ``gmv=5`` → ("gmv", "gmv", "5"); ``foo=5`` → (None, "foo", "5"); ``=5`` → (None, "", "5");
    a word with no key at all → (None, None, word): the caller decides whether it continues a
    text value or is an error."""
    out: list[Pair] = []
    words = split_list(text)
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        parts = _SEPARATOR.split(word, maxsplit=1)
        if len(parts) == 2:
            name, value = parts
            if not name.strip():  # "=5": the word as typed, for the reason to quote
                out.append((None, "", word))
                continue
            if not value and i < len(words) and key_of(words[i]) is None:
                value, i = words[i], i + 1  # "观看: 1.5w"
            out.append((key_of(name) if name else None, name, value))
            continue
        stuck = _STUCK.match(word)
        if stuck and key_of(stuck.group(1)) is not None:
            out.append((key_of(stuck.group(1)), stuck.group(1), stuck.group(2)))
            continue
        if key_of(word) is not None and i < len(words) and key_of(words[i]) is None \
                and not _SEPARATOR.search(words[i]):
            out.append((key_of(word), word, words[i]))  # "观看 1.5w"
            i += 1
            continue
        out.append((None, None, word))
    return out
