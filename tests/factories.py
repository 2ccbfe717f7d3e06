"""Telegram updates as the Bot API sends them (JSON dicts), for the tests to feed the bot."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import datetime

_update_ids = itertools.count(10_000)
_message_ids = itertools.count(50_000)

GROUP_ID = -1001234567890
INBOX_ID = GROUP_ID
FOREIGN_GROUP_ID = -1009999999999


@dataclass(frozen=True)
class Person:
    """A Telegram user of the tests."""

    id: int
    first_name: str
    username: str | None = None
    language_code: str = "zh"

    def as_user(self) -> dict:
        user = {"id": self.id, "is_bot": False, "first_name": self.first_name,
                "language_code": self.language_code}
        if self.username:
            user["username"] = self.username
        return user


def chat_for(chat: int | str, person: Person) -> dict:
    if chat == "private":
        return {"id": person.id, "type": "private", "first_name": person.first_name}
    chat_id = GROUP_ID if chat == "group" else int(chat)
    return {"id": chat_id, "type": "supergroup", "title": "Studio"}


def command_entities(text: str) -> list[dict]:
    # As Telegram marks it: the command's word ends at the first character that cannot be in
    # one (``/live，A`` → ``/live``).
    found = re.match(r"/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?", text)
    if found is None:
        return []
    length = found.end()
    return [{"type": "bot_command", "offset": 0, "length": length}]


def message(person: Person, text: str | None, *, chat: int | str = "group",
            date: datetime, reply_to: dict | None = None, caption: str | None = None,
            photo: bool = False, video: bool = False, voice: bool = False,
            document: bool = False, sticker: bool = False, audio: bool = False,
            animation: bool = False, message_id: int | None = None) -> dict:
    """A message dict as Telegram sends it."""
    msg: dict = {"message_id": message_id or next(_message_ids), "date": int(date.timestamp()),
                 "chat": chat_for(chat, person), "from": person.as_user()}
    if text is not None:
        msg["text"] = text
        entities = command_entities(text)
        if entities:
            msg["entities"] = entities
    if caption is not None:
        msg["caption"] = caption
        entities = command_entities(caption)
        if entities:
            msg["caption_entities"] = entities
    if photo:
        msg["photo"] = [{"file_id": f"photo-{msg['message_id']}", "file_unique_id": "u1",
                         "width": 90, "height": 90}]
    if video:
        msg["video"] = {"file_id": f"video-{msg['message_id']}", "file_unique_id": "v1",
                        "width": 1, "height": 1, "duration": 3}
    if voice:
        msg["voice"] = {"file_id": f"voice-{msg['message_id']}", "file_unique_id": "o1",
                        "duration": 2}
    if document:
        msg["document"] = {"file_id": f"doc-{msg['message_id']}", "file_unique_id": "d1",
                           "file_name": "list.pdf"}
    if audio:
        msg["audio"] = {"file_id": f"audio-{msg['message_id']}", "file_unique_id": "a1",
                        "duration": 2}
    if animation:
        msg["animation"] = {"file_id": f"gif-{msg['message_id']}", "file_unique_id": "g1",
                            "width": 1, "height": 1, "duration": 1}
    if sticker:
        msg["sticker"] = {"file_id": f"st-{msg['message_id']}", "file_unique_id": "s1",
                          "width": 1, "height": 1, "is_animated": False, "is_video": False,
                          "type": "regular"}
    if reply_to is not None:
        msg["reply_to_message"] = reply_to
    return msg


def message_update(msg: dict, *, edited: bool = False) -> dict:
    key = "edited_message" if edited else "message"
    if edited:
        msg = dict(msg, edit_date=msg["date"] + 5)
    return {"update_id": next(_update_ids), key: msg}


def callback_update(person: Person, bot_message: dict, data: str) -> dict:
    return {"update_id": next(_update_ids),
            "callback_query": {"id": str(next(_update_ids)), "from": person.as_user(),
                               "chat_instance": "ci", "data": data, "message": bot_message}}
