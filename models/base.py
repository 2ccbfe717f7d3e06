"""The unbound database every model is bound to, the base model, and the one wall-clock read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from peewee import DatabaseProxy, Model

db = DatabaseProxy()
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

SQLITE_PRAGMAS = {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000,
                  "synchronous": "normal"}


def wall_now() -> dt.datetime:
    """The wall clock, aware UTC: the one place the product reads it.

    Only records of the process itself use it (an update's once-only mark, a job run's heartbeat,
    a delivery's attempt, a button press, which has no date of its own). A record of something
    that happened in the studio carries the event's time the domain was given (the message's
    date, the job's slot): those columns have no default, so a row written without its time
    fails loudly instead of taking whatever day the clock says."""
    return dt.datetime.now(dt.UTC)


def utcnow() -> dt.datetime:
    """``wall_now`` as the naive UTC datetime the database stores."""
    return wall_now().replace(tzinfo=None)


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


def own_connection_possible() -> bool:
    """Whether another thread may open its own connection to the same database: not for an
    in-memory SQLite database (each connection would see a database of its own)."""
    from peewee import SqliteDatabase

    database = db.obj
    if not isinstance(database, SqliteDatabase):
        return True
    name = str(database.database or "")
    return name not in ("", ":memory:") and "mode=memory" not in name


async def in_worker(fn, /, *args, **kwargs):
    """``fn(*args, **kwargs)`` in a worker thread with a connection of its own (PITFALLS 24),
    so that the event loop goes on with other updates and jobs meanwhile; for reading (a
    report's figures), never for a write another coroutine's transaction could see half of.

    With an in-memory SQLite database (a demo) it runs here, in the loop's connection."""
    import asyncio

    if not own_connection_possible():
        return fn(*args, **kwargs)

    def run():
        with db.connection_context():
            return fn(*args, **kwargs)

    return await asyncio.to_thread(run)
