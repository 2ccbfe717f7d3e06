"""The cards of a decision (a join request, a fine proposal, a leave request) in every chat they
were sent to: a decision made on any of them, or on a /pending card, edits them all."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from telegram.error import TelegramError

from messaging import chats
from messaging.send import MarkupFn, TextFn, person_lang
from studio import roster

log = logging.getLogger(__name__)


async def update_cards(app, cards: Iterable[tuple[int, int]], text: TextFn,
                       markup: MarkupFn | None = None, *,
                       group_text: TextFn | None = None) -> int:
    """Edit each (chat id, message id), once, to ``text`` in its reader's language (a
    manager's own; a group card: the studio's, and ``group_text`` when given: what the whole
    group may read), with ``markup`` or no buttons. How many were edited."""
    settings = app.bot_data["settings"]
    edited = 0
    # A group card kept under the group's earlier id is the same message in the upgraded group
    # (Telegram keeps message ids): edited once, where the group is now.
    for chat_id, message_id in dict.fromkeys((chats.current_id(app, chat_id), message_id)
                                             for chat_id, message_id in cards):
        reader = roster.by_tg(chat_id) if chat_id > 0 else None  # a group card: nobody's own
        lang = person_lang(reader, settings)
        try:
            body = (group_text or text)(lang) if chat_id < 0 else text(lang)
            await app.bot.edit_message_text(body, chat_id=chat_id, message_id=message_id,
                                            reply_markup=markup(lang) if markup else None)
            edited += 1
        except TelegramError as exc:  # deleted, too old, or not modified: the others still go
            log.info("could not update decision card %s:%s: %s", chat_id, message_id, exc)
    return edited
