"""Telegram redelivers an update after a crash: each ``update_id`` is acted on once.

(No ``telegram`` import: the ids are plain numbers.)"""

from __future__ import annotations

from datetime import datetime

from peewee import IntegrityError, fn

from models import ProcessedUpdate, db


def first_time(update_id: int) -> bool:
    """Record ``update_id``; False when it was recorded before."""
    try:
        with db.atomic():
            ProcessedUpdate.create(update_id=update_id)
    except IntegrityError:
        return False
    return True


def last_update_id() -> int:
    """The highest update id handled (0 for none): the console numbers its updates on from it."""
    return ProcessedUpdate.select(fn.MAX(ProcessedUpdate.update_id)).scalar() or 0


def forget_before(moment: datetime) -> int:
    """Forget the updates handled before ``moment`` (naive UTC); how many went. Telegram keeps an
    update for redelivery 24 hours at most, so a week of ids is more than enough."""
    return ProcessedUpdate.delete().where(ProcessedUpdate.at < moment).execute()
