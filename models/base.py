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


# name → (SQL text, its parameters with the arguments' places): see ``reused_rows``.
_reused: dict[tuple, tuple[str, list, list[tuple[int, int | None, int]]] | None] = {}


def _stand_in(value, number: int):
    """A value no query holds as a constant, of ``value``'s kind (None: none can stand in)."""
    if isinstance(value, dt.datetime):
        return dt.datetime(1001, 1, 1, tzinfo=value.tzinfo) + dt.timedelta(minutes=number)
    if isinstance(value, dt.date):
        return dt.date(1001, 1, 1) + dt.timedelta(days=number)
    if isinstance(value, int) and not isinstance(value, bool):
        return -(10 ** 12) - number
    if isinstance(value, str):
        return f"\x00stand-in {number}"
    return None


def reused_rows(name: str, build, *args) -> list[tuple]:
    """``rows_of(build(*args))`` by ``reused_execute``."""
    return reused_execute(name, build, *args).fetchall()


def reused_execute(name: str, build, *args):
    """``build(*args)`` run (its cursor), the SQL text built by peewee once per database and shape
    (``name``, and each list argument's length) and run again with the new arguments: peewee
    builds a statement's text anew every time, most of a small query's cost. ``build`` gets
    dates, date-times, integers, text and lists of them (or None), which must reach the
    parameters unchanged; when one does not, every call builds anew."""
    shape = tuple(len(a) if isinstance(a, (list, tuple)) else "none" if a is None else "one"
                  for a in args)
    key = (type(db.obj), name, shape)
    if key not in _reused:
        _reused[key] = _template(build, args)
    entry = _reused[key]
    if entry is None:
        return db.execute_sql(*build(*args).sql())
    sql, template, places = entry
    params = list(template)
    for position, arg, item in places:
        params[position] = args[arg] if item is None else args[arg][item]
    return db.execute_sql(sql, params)


def reused_models(model, name: str, build, *args) -> list:
    """``reused_rows`` for a query that selects every column of ``model`` in field order
    (``model.select()``): the rows as model instances, converted as peewee converts them."""
    fields = model._meta.sorted_fields
    out = []
    for row in reused_rows(name, build, *args):
        instance = model(__no_default__=True)
        instance.__data__ = {f.name: f.python_value(v) for f, v in zip(fields, row, strict=True)}
        out.append(instance)
    return out


def _template(build, args):
    stand_ins, wanted, number = [], {}, 0
    for arg, value in enumerate(args):
        if isinstance(value, (list, tuple)):
            items = []
            for item, one in enumerate(value):
                number += 1
                items.append(_stand_in(one, number))
                wanted[items[-1]] = (arg, item)
            stand_ins.append(items)
        elif value is None:
            stand_ins.append(None)
        else:
            number += 1
            stand_ins.append(_stand_in(value, number))
            wanted[stand_ins[-1]] = (arg, None)
    if None in wanted:
        return None
    try:
        sql, params = build(*stand_ins).sql()
    except Exception:
        return None
    places = [(position, *wanted[p]) for position, p in enumerate(params)
              if not isinstance(p, bool) and p in wanted]
    if len(places) != len(wanted):  # a value converted, or used twice: not safe to reuse
        return None
    return sql, list(params), places


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
    """``fn(*args, **kwargs)`` in a worker thread with a connection of its own (docs/pitfalls.md §24),
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
