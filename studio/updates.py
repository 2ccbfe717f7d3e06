"""Telegram redelivers an update after a crash: each ``update_id`` is acted on once.

A row is written when an update's handling starts (``handling`` true) and marked done when it
finished (``mark_done``, by whoever took the update from Telegram: ``polling``). A redelivered
update is then one of three: new, done (skipped), or cut — started by a process that died
before it finished (a standby that took over finds it): ``claim`` tells which.

(No ``telegram`` import: the ids are plain numbers.)"""

from __future__ import annotations

from datetime import datetime

from peewee import IntegrityError, fn

from models import ProcessedUpdate, db, utcnow

NEW, DONE, CUT = "new", "done", "cut"

# The updates this process started: a row still "handling" that is not here was left by a
# process that died in the middle of it.
_started: set[int] = set()


# The two statements every update runs, as SQL text built once per database and run with new
# parameters (peewee builds a statement's text anew each time: most of an update's own cost).
_sql: dict[tuple[type, str], str] = {}


def _prepared(name: str, build) -> str:
    key = (type(db.obj), name)
    sql = _sql.get(key)
    if sql is None:
        sql = _sql[key] = build().sql()[0]
    return sql


def _record(update_id: int) -> None:
    sql = _prepared("record", lambda: ProcessedUpdate.insert(
        update_id=0, at=datetime(2000, 1, 1), handling=True))  # columns in this order
    at = ProcessedUpdate.at.db_value(utcnow())
    db.execute_sql(sql, (update_id, at, ProcessedUpdate.handling.db_value(True)))


def claim(update_id: int) -> str:
    """Record that ``update_id`` is being handled: NEW; or DONE when it was handled before (or
    is being handled by this process); or CUT when a process that died was handling it."""
    try:
        with db.atomic():
            _record(update_id)
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
    sql = _prepared("done", lambda: ProcessedUpdate.update(handling=False)
                    .where(ProcessedUpdate.update_id == 0))  # (handling, update_id)
    cursor = db.execute_sql(sql, (ProcessedUpdate.handling.db_value(False), update_id))
    return bool(cursor.rowcount)


def last_update_id() -> int:
    """The highest update id handled (0 for none): the console numbers its updates on from it."""
    return ProcessedUpdate.select(fn.MAX(ProcessedUpdate.update_id)).scalar() or 0


def forget_before(moment: datetime) -> int:
    """Forget the updates handled before ``moment`` (naive UTC); how many went. Telegram keeps an
    update for redelivery 24 hours at most, so a week of ids is more than enough."""
    return ProcessedUpdate.delete().where(ProcessedUpdate.at < moment).execute()
