"""What the bot says, apart from when and to whom it says it: texts and keyboards per area
(``views/<area>.py``), in the language asked for. Handlers and jobs both build their messages
here, so a text both send is written once; nothing here sends, and nothing here reads an update.

The one way to speak: ``t(lang, key, **params)``, from the catalogues (``locales/``); the
language is always named (the person's own, or the studio's for the group and the managers'
cards). Every string placeholder is escaped; ``Markup`` passes HTML that is already safe.
"""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.helpers import mention_html

from models import Staff
from studio.i18n import Markup, catalogue

__all__ = ["Markup", "has", "hhmm", "keyboard", "mention", "t"]


def t(lang: str, key: str, **params) -> str:
    """The text ``key`` of the catalogue in ``lang``, with ``params`` escaped into it."""
    return catalogue().t(lang, key, **params)


def has(key: str) -> bool:
    return catalogue().has(key)


def mention(person: Staff) -> Markup:
    return Markup(mention_html(person.tg_id, person.name))


def keyboard(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """Rows of (label, callback data) as an inline keyboard."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data)
                                  for label, data in row] for row in rows])


def hhmm(clock, moment: datetime) -> str:
    """A stored moment as the studio's wall clock shows it: ``19:05``."""
    return clock.local(moment).strftime("%H:%M")
