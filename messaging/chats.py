"""The studio's chats as Telegram moves them (docs/pitfalls.md §27).

A basic group upgraded to a supergroup gets a new id: the old chat says so in a service message
(``migrate_to_chat_id``), the new one too (``migrate_from_chat_id``), and any send to the old id
answers 400 with ``migrate_to_chat_id`` (``ChatMigrated``). ``follow`` moves the studio there at
once: the settings the bot reads (``studio.group_chat_id``, ``studio.inbox_chat_id``) take the
new id, the move is stored (``ChatMigration``) so a restart keeps it, the old ids stay accepted
as aliases, and the managers are told privately to update the config.
"""

from __future__ import annotations

import dataclasses
import logging

from telegram.ext import Application

from config import Settings
from models import ChatMigration, db, wall_now
from studio import roster
from views import Markup, mention, t

log = logging.getLogger(__name__)

ALIASES = "chat_aliases"  # app.bot_data: the studio chats' earlier ids (the config's among them)


def moved(settings: Settings, old_id: int, new_id: int) -> Settings:
    """``settings`` with every studio chat that was ``old_id`` now ``new_id``."""
    studio = settings.studio
    changes = {}
    if studio.group_chat_id == old_id:
        changes["group_chat_id"] = new_id
    if studio.inbox_chat_id == old_id:
        changes["inbox_chat_id"] = new_id
    if not changes:
        return settings
    return dataclasses.replace(settings, studio=dataclasses.replace(studio, **changes))


def apply_stored(app: Application) -> None:
    """At start: work in the ids the studio's chats moved to (stored), the config's as aliases."""
    settings: Settings = app.bot_data["settings"]
    aliases = app.bot_data.setdefault(ALIASES, set())
    if db.obj is None:  # no database yet (a check of the config): nothing stored to apply
        return
    for chat_id in {settings.studio.group_chat_id, settings.studio.inbox_chat_id} - {0}:
        now = ChatMigration.current(chat_id)
        if now != chat_id:
            aliases.add(chat_id)
            settings = moved(settings, chat_id, now)
            log.info("studio chat %s works in %s since it was upgraded", chat_id, now)
    app.bot_data["settings"] = settings


def studio_chats(app: Application) -> set[int]:
    """Every id the studio's chats answer to: the ids now, and the earlier ones."""
    studio = app.bot_data["settings"].studio
    return {studio.group_chat_id, studio.inbox} | app.bot_data.get(ALIASES, set())


def current_id(app: Application, chat_id: int) -> int:
    """Where a studio chat known by ``chat_id`` (an alias too) lives now."""
    if chat_id in app.bot_data.get(ALIASES, set()):
        return ChatMigration.current(chat_id)
    return chat_id


async def follow(app: Application, old_id: int, new_id: int) -> bool:
    """The chat ``old_id`` is now ``new_id``: work there from now on, across restarts, and tell
    the managers to update the config. False when it is not a studio chat (nothing done) or
    the move was known already."""
    settings: Settings = app.bot_data["settings"]
    studio = settings.studio
    if old_id not in studio_chats(app) or old_id == new_id:
        return False
    if old_id in app.bot_data.get(ALIASES, set()) and new_id in (studio.group_chat_id,
                                                                   studio.inbox):
        return False  # the other service message of the same move
    ChatMigration.record(old_id, new_id, wall_now().replace(tzinfo=None))
    app.bot_data.setdefault(ALIASES, set()).add(old_id)
    app.bot_data["settings"] = moved(settings, old_id, new_id)
    keys = [k for k, v in (("studio.group_chat_id", studio.group_chat_id),
                           ("studio.inbox_chat_id", studio.inbox_chat_id)) if v == old_id]
    log.warning("studio chat %s was upgraded to %s; working there from now on", old_id, new_id)
    await tell_managers(app, lambda lang: t(lang, "common.chat_migrated", old=old_id,
                                            new=new_id,
                                            setting=" / ".join(keys) or "studio.group_chat_id"),
                        key=f"migrated:{old_id}")
    return True


async def tell_managers(app: Application, text, *, key: str) -> None:
    """The move, to each manager privately; the managers who have not started the bot (all of
    them, on a new bot) read it in the studio group, where it is now, named in one post: a
    config key to change is no secret, and nobody must be left unaware of it."""
    from messaging.outbox import Outbox  # the outbox sends through the bot, which calls here
    outbox = Outbox(app, "chat migration")
    sent = await outbox.to_managers(text, key=key, private_only=True)
    reached = {message.chat_id for message in sent}
    missed = [m for m in roster.managers() if m.tg_id not in reached]
    if sent and not missed:
        return
    settings: Settings = app.bot_data["settings"]
    lang = settings.studio.language
    body = text(lang)
    if missed:
        body = t(lang, "common.for_person", text=Markup(body),
                 who=Markup(" ".join(mention(m) for m in missed)))
    await outbox.to_chat(settings.studio.group_chat_id, body, key=f"{key}:group")
