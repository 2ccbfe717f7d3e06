"""Telegram redelivers an update after a crash: each ``update_id`` is acted on once.

A row is written when an update's handling starts (``handling`` true) and marked done when it
finished (``mark_done``, by whoever took the update from Telegram: ``polling``). A redelivered
update is then one of three: new, done (skipped), or cut — started by a process that died
before it finished (a standby that took over finds it): ``claim`` tells which.

(No ``telegram`` import: the ids are plain numbers.)"""

from __future__ import annotations

from datetime import datetime

from peewee import IntegrityError, fn

from models import ProcessedUpdate, db

NEW, DONE, CUT = "new", "done", "cut"

# The updates this process started: a row still "handling" that is not here was left by a
# process that died in the middle of it.
_started: set[int] = set()


def claim(update_id: int) -> str:
    """Record that ``update_id`` is being handled: NEW; or DONE when it was handled before (or
    is being handled by this process); or CUT when a process that died was handling it."""
    try:
        with db.atomic():
            ProcessedUpdate.create(update_id=update_id, handling=True)
    except IntegrityError:
        if update_id in _started:
            return DONE
        cut = (ProcessedUpdate.update(handling=False)
               .where((ProcessedUpdate.update_id == update_id) & ProcessedUpdate.handling)
               .execute())
        return CUT if cut else DONE
    _started.add(update_id)
    return NEW


def first_time(update_id: int) -> bool:
    """Record ``update_id``; False when it was recorded before."""
    return claim(update_id) == NEW


def mark_done(update_id: int) -> bool:
    """The update's handling finished; False when it was never recorded (its handling failed
    before the once-only check: the database was unreachable)."""
    _started.discard(update_id)
    return bool(ProcessedUpdate.update(handling=False)
                .where(ProcessedUpdate.update_id == update_id).execute())


def last_update_id() -> int:
    """The highest update id handled (0 for none): the console numbers its updates on from it."""
    return ProcessedUpdate.select(fn.MAX(ProcessedUpdate.update_id)).scalar() or 0


def forget_before(moment: datetime) -> int:
    """Forget the updates handled before ``moment`` (naive UTC); how many went. Telegram keeps an
    update for redelivery 24 hours at most, so a week of ids is more than enough."""
    return ProcessedUpdate.delete().where(ProcessedUpdate.at < moment).execute()
