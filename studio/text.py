"""Text shaping that every reply shares: Telegram's limits, display width of CJK text, money
as people read it."""

from __future__ import annotations

import re
import unicodedata

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP is two)."""
    return len(text.encode("utf-16-le")) // 2


_TOKEN = re.compile(r"<[^<>]*>|&#?\w+;|.", re.S)
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)[^<>]*>")
_VISIBLE = re.compile(r"\S")


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split HTML ``text`` into pieces of at most ``limit`` UTF-16 units, each valid HTML on
    its own: never inside a tag or an entity (``&amp;``), tags open at a cut closed at the end
    of the piece and opened again at the start of the next.

    A piece ends at the last line break that fits (the break itself is dropped, so joining the
    pieces with new lines gives the text back); a single line longer than the limit is cut
    between characters as a last resort. The raw HTML is what is counted, a little more than
    Telegram counts after parsing, so a piece is never over."""
    pieces: list[str] = []
    tokens: list[str] = []  # the piece being built, after the reopened tags of ``prefix``
    prefix = ""
    stack: list[tuple[str, str]] = []  # tags open at the end of ``tokens``: (name, as written)
    size = 0
    cut: tuple[int, list] | None = None  # the last line break: (token index, tags open there)

    def close(open_tags) -> str:
        return "".join(f"</{name}>" for name, _ in reversed(open_tags))

    def reopen(open_tags) -> str:
        return "".join(tag for _, tag in open_tags)

    if utf16_len(text) <= limit:  # most replies: one piece, as the loop below would give
        return [text]
    queue = _TOKEN.findall(text)
    index = 0
    while index < len(queue):
        token = queue[index]
        width = utf16_len(token)
        after = list(stack)
        _track(token, after)
        body = "".join(tokens) if size + width + utf16_len(close(after)) > limit else None
        if body is not None and _VISIBLE.search(_TAG.sub("", body)):
            if token == "\n":  # the break that overflows is the cut: dropped
                pieces.append(prefix + body + close(stack))
                tokens, prefix, cut, index = [], reopen(stack), None, index + 1
            elif cut is not None and _fits_after(cut, tokens, token, limit, close, reopen):
                at, open_there = cut
                pieces.append(prefix + "".join(tokens[:at]) + close(open_there))
                tokens, prefix = tokens[at + 1:], reopen(open_there)
                stack = list(open_there)
                for kept in tokens:
                    _track(kept, stack)
            else:
                pieces.append(prefix + body + close(stack))
                tokens, prefix = [], reopen(stack)
            cut = None
            size = utf16_len(prefix) + sum(utf16_len(t) for t in tokens)
            continue  # the next token, against the new piece
        if token == "\n":
            cut = (len(tokens), list(stack))
        tokens.append(token)
        size += width
        _track(token, stack)
        index += 1
    pieces.append(prefix + "".join(tokens))
    return [piece for piece in pieces if _VISIBLE.search(_TAG.sub("", piece))] or [text[:limit]]


def _fits_after(cut, tokens, token, limit, close, reopen) -> bool:
    """Whether cutting at the line break ``cut`` leaves a piece with something to read, and a
    next piece (the tags reopened, the rest of the line, ``token``) within the limit."""
    at, open_there = cut
    if not _VISIBLE.search(_TAG.sub("", "".join(tokens[:at]))):
        return False
    rest = tokens[at + 1:] + [token]
    stack = list(open_there)
    for kept in rest:
        _track(kept, stack)
    size = utf16_len(reopen(open_there)) + sum(utf16_len(t) for t in rest)
    return size + utf16_len(close(stack)) <= limit


def _track(token: str, stack: list[tuple[str, str]]) -> None:
    """Keep ``stack`` (the open tags) up to date past ``token``."""
    tag = _TAG.fullmatch(token)
    if tag is None:
        return
    name = tag.group(2).lower()
    if not tag.group(1):
        stack.append((name, token))
        return
    for position in range(len(stack) - 1, -1, -1):
        if stack[position][0] == name:
            del stack[position]
            return


def display_width(text: str) -> int:
    """Columns on a monospaced screen: a Chinese character takes two."""
    if text.isascii():
        return len(text)
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


def format_fen(fen: int) -> str:
    """Integer fen as yuan for people: ``350000`` → ``3,500``, ``350050`` → ``3,500.50``."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan:,}" if not cents else f"{sign}{yuan:,}.{cents:02d}"


def format_bytes(size: int) -> str:
    """``5.0 MB``, ``812 KB``: a file's size as people read it."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} KB"
