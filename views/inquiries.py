"""Inquiries: what a customer sent as the inbox reads it, and the waiting list."""

from __future__ import annotations

from datetime import datetime

from models import Inquiry
from studio import inquiries
from studio.clock import format_minutes
from views import Markup, t


def describe(lang: str, kind: str, text: str) -> str:
    """What the customer sent, as the inbox reads it: the text, or ``[图片] caption``. Given
    ``Markup`` (the words with their formatting), it gives ``Markup``."""
    if kind == "text":
        return text
    label = t(lang, f"inquiries.kind.{kind}")
    if isinstance(text, Markup):
        return Markup(f"{label} {text}".strip())
    return f"{label} {text}".strip()


def waiting_line(lang: str, inquiry: Inquiry, now: datetime) -> str:
    """One waiting inquiry: who, how long, and the first thing they wrote (/inbox, escalation)."""
    kind, first = inquiries.first_waiting_line(inquiry)
    return t(lang, "inquiries.waiting_line", number=inquiry.id,
             who=inquiries.display_name(inquiry.customer),
             waiting=format_minutes(inquiries.waiting_minutes(inquiry, now), lang),
             first=describe(lang, kind, first))


def reminder_text(lang: str, inquiry: Inquiry, now: datetime) -> str:
    return t(lang, "inquiries.remind", number=inquiry.id,
             waiting=format_minutes(inquiries.waiting_minutes(inquiry, now), lang))


def escalation_text(lang: str, minutes: int, waiting: list[Inquiry], now: datetime) -> str:
    lines = [t(lang, "inquiries.escalate_title", minutes=minutes)]
    return "\n".join(lines + [waiting_line(lang, inquiry, now) for inquiry in waiting])
