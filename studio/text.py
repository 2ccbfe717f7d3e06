"""Text shaping that every reply shares: Telegram's limits, display width of CJK text."""

from __future__ import annotations

import unicodedata

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split on line boundaries into pieces of at most ``limit`` characters, never cut.

    Callers keep each HTML tag within one line, so no tag crosses a cut. A single line longer
    than the limit (no real reply has one) is cut at the limit as a last resort."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current or not pieces:
        pieces.append(current)
    return [piece for piece in pieces if piece.strip()] or [text[:limit]]


def display_width(text: str) -> int:
    """Columns on a monospaced screen: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` columns with an ellipsis, then pad it to exactly ``width``."""
    if display_width(text) > width:
        out, used = "", 0
        for ch in text:
            w = display_width(ch)
            if used + w > width - 1:
                break
            out += ch
            used += w
        text = out + "…"
    return text + " " * (width - display_width(text))
