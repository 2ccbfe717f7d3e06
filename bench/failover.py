"""Failover: how long until the standby works after the active dies, on PostgreSQL.

Two ``python bot.py`` processes in standby mode (the defaults: retry and check every 2 s)
against the offline Bot API over HTTP. Measured from the event to the new active's health check
saying ``active`` (it takes updates and runs jobs), and to the answer to an update sent right
after the event:
- SIGKILL of the active (the server sees the socket close at once);
- SIGTERM of the active (a planned stop: it finishes the update in hand, then lets go);
- the active's lock session ended by the server (pg_terminate_backend: a database restart or a
  network fault the server saw first): the old active stops, the standby takes over.

The database: $BENCH_DATABASE_URL, else a database ``studio_bench_failover`` created on the
server of $TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import os
import random
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg2  # noqa: E402
from peewee import PostgresqlDatabase  # noqa: E402

from models import ALL_MODELS, init_db  # noqa: E402
from tests.failover_rig import Rig, customer, help_update, seed_hosts, wait_for  # noqa: E402


def database_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url
    base = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    server, _, _ = base.rpartition("/")
    conn = psycopg2.connect(base)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = 'studio_bench_failover'")
        if cur.fetchone() is None:
            cur.execute("CREATE DATABASE studio_bench_failover")
    conn.close()
    return f"{server}/studio_bench_failover"


def fresh(url: str) -> PostgresqlDatabase:
    database = init_db(url)
    database.execute_sql("TRUNCATE {} RESTART IDENTITY CASCADE".format(
        ", ".join(f'"{m._meta.table_name}"' for m in ALL_MODELS)))
    return database


def trial(rig: Rig, active: str, standby: str, how: str, n: int) -> tuple[float, float]:
    """End ``active`` by ``how``; (seconds to the standby's "active", to the first answer)."""
    database = init_db(rig.db_url)
    time.sleep(random.uniform(0, rig.retry_seconds))  # any moment of the standby's retry cycle
    started = time.monotonic()
    if how == "kill":
        rig.kill(active, signal.SIGKILL)
    elif how == "term":
        rig.kill(active, signal.SIGTERM)
    else:
        database.execute_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE application_name = %s", (rig.lock_session(active),))
    rig.api.push_update(help_update(n))
    rig.wait_state(standby, "active", 30)
    took_over = time.monotonic() - started
    wait_for(lambda: rig.api.sends_to(customer(n).id), 30)
    answered = time.monotonic() - started
    if how != "lock":
        rig.start(active)
    rig.wait_state(active, "standby", 30)
    return took_over, answered


def main(runs: int = 5) -> dict:
    random.seed(21)
    url = database_url()
    fresh(url)
    seed_hosts(1)
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        rig = Rig(Path(tmp), url, retry_seconds=2, check_seconds=2)
        try:
            rig.start("a")
            rig.wait_state("a", "active", 30)
            rig.start("b")
            rig.wait_state("b", "standby", 30)
            active, standby, n = "a", "b", 0
            for how, label in (("kill", "SIGKILL"), ("term", "SIGTERM"),
                               ("lock", "lock session ended")):
                figures = []
                for _ in range(runs):
                    figures.append(trial(rig, active, standby, how, n))
                    active, standby, n = standby, active, n + 1
                over = [f[0] for f in figures]
                answer = [f[1] for f in figures]
                result[how] = {"median": statistics.median(over), "max": max(over),
                               "answer_median": statistics.median(answer),
                               "answer_max": max(answer)}
                print(f"{label:>20}: standby active after median {statistics.median(over):.2f} s"
                      f" (min {min(over):.2f}, max {max(over):.2f}); first update answered "
                      f"after median {statistics.median(answer):.2f} s (max {max(answer):.2f});"
                      f" {runs} runs")
        finally:
            rig.close()
    return result


if __name__ == "__main__":
    main()
