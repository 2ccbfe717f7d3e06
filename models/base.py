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


def rows_of(query) -> list[tuple]:
    """The query's rows as the driver returns them, skipping peewee's per-value conversion
    (most of a year report's time over thousands of grouped rows): for numbers, and days read
    with ``as_date``."""
    return db.execute_sql(*query.sql()).fetchall()


def as_date(value) -> dt.date:
    """A ``DateField`` as the driver returns it: a date (PostgreSQL) or ISO text (SQLite)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def as_datetime(value) -> dt.datetime | None:
    """A ``DateTimeField`` as the driver returns it: a datetime (PostgreSQL) or ISO text
    (SQLite, as peewee wrote it), naive UTC."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value)


def own_connection_possible() -> bool:
    """Whether another thread may open its own connection to the same database: not for an
    in-memory SQLite database (each connection would see a database of its own)."""
    from peewee import SqliteDatabase

    database = db.obj
    if not isinstance(database, SqliteDatabase):
        return True
    name = str(database.database or "")
    return name not in ("", ":memory:") and "mode=memory" not in name


SWITCH_INTERVAL = 0.001
_workers = None  # the worker threads: each keeps its own connection open, and its page cache


async def in_worker(fn, /, *args, **kwargs):
    """``fn(*args, **kwargs)`` in a worker thread with a connection of its own (PITFALLS 24),
    so that the event loop goes on with other updates and jobs meanwhile; for reading (a
    report's figures), never for a write another coroutine's transaction could see half of.

    The two worker threads keep their connections open between calls (a fresh SQLite
    connection reads a year's pages again: 3× slower); one that failed is closed, and the next
    call opens it again. With an in-memory SQLite database (a demo) it runs here, in the loop's
    connection."""
    import asyncio
    import functools
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from peewee import InterfaceError, OperationalError

    global _workers
    if not own_connection_possible():
        return fn(*args, **kwargs)
    if _workers is None:
        _workers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="db-worker")
        # A worker computing holds the GIL up to the switch interval (5 ms) at a time: the loop
        # gets it back sooner, so that a plain command waits less behind a year's report.
        sys.setswitchinterval(SWITCH_INTERVAL)
    database = db.obj

    def run():
        database.connect(reuse_if_open=True)
        try:
            return fn(*args, **kwargs)
        except (InterfaceError, OperationalError):
            database.close()
            raise

    return await asyncio.get_running_loop().run_in_executor(_workers, functools.partial(run))


def close_workers() -> None:
    """Close the worker threads' connections and stop the threads (at shut-down): each thread
    closes its own, the two meeting at a barrier so that each takes one."""
    import threading

    global _workers
    if _workers is None:
        return
    workers, _workers = _workers, None
    barrier = threading.Barrier(workers._max_workers, timeout=5)

    def close_own():
        if not db.is_closed():
            db.close()
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass

    for _ in range(workers._max_workers):
        workers.submit(close_own)
    workers.shutdown(wait=True)
