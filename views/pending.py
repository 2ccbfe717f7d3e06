"""The manager's queue (/pending): one line per decision waiting, and each one's card."""

from __future__ import annotations

from studio import fines
from studio.pending import Waiting
from views import mention, t
from views.broadcasts import proposal_reason
from views.fines import card_of
from views.roster import join_buttons, join_card, leave_buttons, leave_card


def _line(settings, clock, waiting: Waiting, lang: str) -> str:
    since = clock.local(waiting.since).strftime("%m-%d %H:%M")
    item = waiting.item
    if waiting.kind == "join":
        return t(lang, "pending.line_join", since=since, who=mention(item), number=item.id)
    if waiting.kind == "fine":
        numbers = ", ".join(f"#{fines.number_of(p)}" for p in item
                            if p.status == "pending")
        return t(lang, "pending.line_fine", since=since, who=mention(item[0].staff),
                 numbers=numbers, why=proposal_reason(settings, item[0], lang))
    if waiting.kind == "leave":
        return t(lang, "pending.line_leave", since=since, who=mention(item.staff),
                 number=item.id, first=item.first_day.isoformat(),
                 last=item.last_day.isoformat())
    return t(lang, "pending.line_fix", since=since, who=mention(item.staff), number=item.id,
             started=clock.local(item.started_at).strftime("%m-%d %H:%M"))


def list_text(settings, clock, items: list[Waiting], lang: str) -> str:
    """The queue as lines, oldest first; one line saying nothing waits when it is empty."""
    if not items:
        return t(lang, "pending.none")
    lines = [t(lang, "pending.title", count=len(items))]
    lines += [_line(settings, clock, w, lang) for w in items]
    return "\n".join(lines)


def card(settings, waiting: Waiting, lang: str, in_group: bool = False):
    """(text, buttons) of the decision's card, or None for a fix (decided by /fixlive);
    ``in_group``: as the whole group may read it (a leave card names no reason)."""
    item = waiting.item
    if waiting.kind == "join":
        return join_card(lang, item), join_buttons(lang, item)
    if waiting.kind == "fine":
        return card_of(settings, item[0], lang)
    if waiting.kind == "leave":
        return leave_card(lang, item, in_group), leave_buttons(lang, item)
    return None


def digest_line(count: int, lang: str) -> str:
    """The digest's last line for the managers."""
    return t(lang, "pending.digest", count=count)
