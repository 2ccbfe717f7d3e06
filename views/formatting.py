"""A message's own formatting as HTML the bot may send: a customer's links and bold text in the
inbox, a staff member's in the answer the customer gets.

Telegram gives the formatting as entities over the text, counted in UTF-16 code units
(docs/pitfalls.md §31). Every piece of text is escaped here; a link keeps its address only when
it is a web, Telegram or mail one (a ``javascript:`` address would make Telegram refuse the
whole message), and anything the bot cannot send as it came (a custom emoji, which a bot
without a Fragment username cannot use; a date) keeps its text without the tag. Mentions,
hashtags, plain URLs and phone numbers need no tag: Telegram finds them again.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from telegram import MessageEntity

from studio.i18n import Markup

_SIMPLE = {"bold": "b", "italic": "i", "underline": "u", "strikethrough": "s",
           "spoiler": "tg-spoiler", "code": "code", "blockquote": "blockquote"}
LINK_SCHEMES = ("http://", "https://", "tg://", "mailto:")


def _tags(entity: MessageEntity) -> tuple[str, str] | None:
    """The (opening, closing) tags of ``entity``, or None when it is sent as plain text."""
    kind = entity.type
    if kind in _SIMPLE:
        return f"<{_SIMPLE[kind]}>", f"</{_SIMPLE[kind]}>"
    if kind == "expandable_blockquote":
        return "<blockquote expandable>", "</blockquote>"
    if kind == "pre":
        if entity.language:
            language = html.escape(f"language-{entity.language}", quote=True)
            return f'<pre><code class="{language}">', "</code></pre>"
        return "<pre>", "</pre>"
    if kind == "text_link" and entity.url and entity.url.lower().startswith(LINK_SCHEMES):
        return f'<a href="{html.escape(entity.url, quote=True)}">', "</a>"
    if kind == "text_mention" and entity.user is not None:
        return f'<a href="tg://user?id={int(entity.user.id)}">', "</a>"
    return None


def as_html(text: str, entities: Sequence[MessageEntity] = (), start: int = 0) -> Markup:
    """``text`` with its ``entities`` as HTML, escaped, from the UTF-16 offset ``start`` on
    (what follows ``/answer 3``). Entities that cross one another instead of nesting (not
    what a Telegram app sends) lose the later one's tags, never the text."""
    units = text.encode("utf-16-le")
    end = len(units) // 2

    def plain(a: int, b: int) -> str:
        return html.escape(units[2 * a:2 * b].decode("utf-16-le"), quote=False)

    spans = []
    for entity in entities:
        tags = _tags(entity)
        first, last = max(entity.offset, start), min(entity.offset + entity.length, end)
        if tags is not None and first < last:
            spans.append((first, last, *tags))
    spans.sort(key=lambda span: (span[0], -span[1]))

    out: list[str] = []
    stack: list[tuple[int, str]] = []  # the open spans: (end, closing tag)
    at = start

    def close_until(position: int) -> None:
        nonlocal at
        while stack and stack[-1][0] <= position:
            stop, closing = stack.pop()
            out.append(plain(at, stop) + closing)
            at = stop

    for first, last, opening, closing in spans:
        close_until(first)
        if stack and last > stack[-1][0]:
            continue  # crosses the span it starts in: its text stays, untagged
        out.append(plain(at, first) + opening)
        at = first
        stack.append((last, closing))
    close_until(end)
    out.append(plain(at, end))
    return Markup("".join(out))


def utf16_offset(text: str, index: int) -> int:
    """The UTF-16 offset of ``text[index]``."""
    return len(text[:index].encode("utf-16-le")) // 2
