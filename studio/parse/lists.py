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
