"""Lists as typed: words split on spaces, ``，、；,;`` and new lines.

A comma between digits in groups of three is a thousands separator (``3,500``), not a split.
The words keep their own spelling (a brand typed in full-width stays so)."""

from __future__ import annotations

import re

_THOUSANDS = re.compile(r"(?<![0-9０-９])[0-9０-９]{1,3}(?:[,，][0-9０-９]{3})+(?![0-9０-９])")
_WORD = re.compile(r"[^\s，、；;,]+")  # a list's separators are spaces and ，、；;,
_KEEP = "\x00"


class Word(str):
    """A word of a list, remembering the text it was split from and where it stood there, so
    that a free text made of the last words (a reason, a note) is given back as typed."""

    source: str
    index: int
    start: int
    end: int

    def __new__(cls, value: str, source: str, index: int, start: int, end: int) -> Word:
        word = super().__new__(cls, value)
        word.source, word.index, word.start, word.end = source, index, start, end
        return word


def split_list(text: str) -> list[str]:
    """``花西子，口红，x2`` → [花西子, 口红, x2]; ``成交 3,500`` → [成交, 3,500]."""
    protected = _THOUSANDS.sub(lambda m: re.sub("[,，]", _KEEP, m.group(0)), text)
    return [Word(m.group(0).replace(_KEEP, ","), text, i, m.start(), m.end())
            for i, m in enumerate(_WORD.finditer(protected))]


def as_typed(words: list[str]) -> str:
    """Words that follow each other in what was typed, as typed, punctuation kept
    (``迟到，下次注意``, ``A&amp;B``); any other words joined by spaces."""
    if words and all(isinstance(w, Word) for w in words) \
            and all(w.source is words[0].source and w.index == words[0].index + i
                    for i, w in enumerate(words)):
        last = words[-1]
        # The last word of all: up to the end of the text (``A&amp;``), as typed.
        end = len(last.source) if not _WORD.search(last.source, last.end) else last.end
        return last.source[words[0].start:end].rstrip()
    return " ".join(words)


# A command word as Telegram reads it (``/live``, ``/live@bot``, ``／live``): letters, digits
# and ``_``; any punctuation after it (``/live，A``) ends it and is no argument.
_COMMAND = re.compile(r"^\s*[/／⁄∕][A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?")
_LEADING = re.compile(r"^[\s，、；;,:：]+")


def command_rest(text: str) -> str:
    """What follows a command's word, as typed (``/fine 小红，20`` → ``小红，20``;
    ``/live，A`` → ``A``); a text not starting with a command: after its first word."""
    found = _COMMAND.match(text)
    if found is None:
        parts = text.split(maxsplit=1)
        return parts[1].strip() if len(parts) > 1 else ""
    return _LEADING.sub("", text[found.end():]).strip()
