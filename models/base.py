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
