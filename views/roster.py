"""The roster: the join card the managers decide, and what the person is told."""

from __future__ import annotations

from models import Staff
from views import keyboard, mention, t
from views.buttons import encode


def join_card(lang: str, person: Staff) -> str:
    return t(lang, "roster.join_card", who=mention(person), number=person.id)


def join_buttons(lang: str, person: Staff):
    return keyboard([[(t(lang, "roster.approve_host"), encode("join", "host", person.id)),
                      (t(lang, "roster.approve_ops"), encode("join", "ops", person.id))],
                     [(t(lang, "roster.reject"), encode("join", "no", person.id))]])


def decided_text(lang: str, role: str | None, studio: str) -> str:
    """The person's answer to /join: in (as which role), or not."""
    key = "roster.you_are_in" if role else "roster.you_are_not"
    return t(lang, key, role=t(lang, f"roster.role_{role}") if role else "", studio=studio)
