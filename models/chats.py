"""The chats the studio lives in, as Telegram moved them: a group upgraded to a supergroup."""

from __future__ import annotations

from peewee import BigIntegerField, DateTimeField

from models.base import BaseModel


class ChatMigration(BaseModel):
    """A chat that Telegram moved to a new id (a basic group upgraded to a supergroup): the
    old id (the config's, or an earlier move's) and the id the bot works in from then on."""

    old_id = BigIntegerField(unique=True)
    new_id = BigIntegerField()
    at = DateTimeField()

    @classmethod
    def current(cls, chat_id: int) -> int:
        """Where ``chat_id`` lives now, following every move (a chain, never a loop)."""
        seen = {chat_id}
        while True:
            row = cls.get_or_none(cls.old_id == chat_id)
            if row is None or row.new_id in seen:
                return chat_id
            chat_id = row.new_id
            seen.add(chat_id)

    @classmethod
    def same_chat(cls, chat_id: int) -> set[int]:
        """Every id of the one chat ``chat_id`` is or was (itself, where it lives now, and the
        ids that moved there). Telegram keeps message ids across an upgrade, so a message is
        found by its id under any of them."""
        ids = {chat_id, cls.current(chat_id)}
        frontier = set(ids)
        while frontier:
            earlier = {old for (old,) in cls.select(cls.old_id)
                       .where(cls.new_id.in_(list(frontier))).tuples()} - ids
            ids |= earlier
            frontier = earlier
        return ids

    @classmethod
    def record(cls, old_id: int, new_id: int, at) -> bool:
        """Remember the move; False when it was known already."""
        row = cls.get_or_none(cls.old_id == old_id)
        if row is not None:
            if row.new_id == new_id:
                return False
            row.new_id, row.at = new_id, at
            row.save()
            return True
        cls.create(old_id=old_id, new_id=new_id, at=at)
        return True

    @classmethod
    def aliases(cls) -> set[int]:
        return {row.old_id for row in cls.select(cls.old_id)}
