"""The numbered migrations move a deployed studio's data, not only its schema."""

from __future__ import annotations

import os
from datetime import datetime
from urllib.parse import urlparse

import pytest
from peewee import PostgresqlDatabase, SqliteDatabase
from playhouse.migrations import Runner

from models import ALL_MODELS, MIGRATIONS, SQLITE_PRAGMAS, FineProposal, Handover

AT = datetime(2026, 11, 26, 11, 0)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_database(request, tmp_path):
    """An empty database of its own (the session's one already has every migration): a file on
    SQLite; on PostgreSQL a schema of its own in the test database, when there is one."""
    if request.param == "sqlite":
        database = SqliteDatabase(str(tmp_path / "old.db"), pragmas=SQLITE_PRAGMAS)
        yield database
        database.close()
        return
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith(("postgresql://", "postgres://")):
        pytest.skip("needs TEST_DATABASE_URL (PostgreSQL)")
    parts = urlparse(url)
    schema = f"migration_test_{os.getpid()}"
    connect = {"host": parts.hostname, "port": parts.port or 5432, "user": parts.username,
               "password": parts.password}
    admin = PostgresqlDatabase(parts.path.lstrip("/"), **connect)
    admin.execute_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    admin.execute_sql(f'CREATE SCHEMA "{schema}"')
    database = PostgresqlDatabase(parts.path.lstrip("/"), options=f"-c search_path={schema}",
                                  **connect)
    yield database
    database.close()
    admin.execute_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    admin.close()


def insert(database, table: str, **row) -> int:
    """One row as the old code wrote it, in plain SQL (the models know no old columns)."""
    columns = ", ".join(f'"{name}"' for name in row)
    marks = ", ".join([database.param] * len(row))
    sql = f'INSERT INTO "{table}" ({columns}) VALUES ({marks})'
    if isinstance(database, PostgresqlDatabase):
        return database.execute_sql(sql + " RETURNING id", list(row.values())).fetchone()[0]
    return database.execute_sql(sql, list(row.values())).lastrowid


def old_studio(database) -> dict[str, int]:
    """A studio on the first schema: two handovers and three proposals, lists comma-joined."""
    host = insert(database, "staff", tg_id=1001, name="小红", role="host", status="active",
                  private_chat=False, bot_blocked=False, created_at=AT)
    ids = {}
    for name in ("first", "second"):
        ids[name] = insert(database, "broadcast", staff_id=host, room="A", day=AT.date(),
                           started_at=AT, late_start=False, late_end=False, auto_closed=False,
                           note="", end_note="", created_at=AT)
    ids["reported"] = insert(database, "handover", broadcast_id=ids["second"],
                             previous_id=ids["first"], status="reported",
                             items="rubbish,lights")
    ids["in_order"] = insert(database, "handover", broadcast_id=ids["second"],
                             previous_id=ids["first"], status="ok", items="")
    for name, cards in (("two_cards", "-1001234567890:45,777:46"), ("no_card", ""),
                        ("one_card", "888:7,")):
        ids[name] = insert(database, "fine_proposal", staff_id=host, code="lights", count=1,
                           why="", source=f"test:{name}", created_at=AT, status="pending",
                           cards=cards)
    return ids


def test_the_child_tables_migration_moves_comma_joined_lists_into_rows(fresh_database):
    runner = Runner(fresh_database, directory=str(MIGRATIONS))
    assert runner.up(target="0001_initial") == ["0001_initial"]
    ids = old_studio(fresh_database)

    assert runner.up(target="0002_child_tables") == ["0002_child_tables"]

    assert "items" not in {c.name for c in fresh_database.get_columns("handover")}
    assert "cards" not in {c.name for c in fresh_database.get_columns("fine_proposal")}
    with fresh_database.bind_ctx(ALL_MODELS):
        assert Handover.get_by_id(ids["reported"]).codes == ["rubbish", "lights"]
        assert Handover.get_by_id(ids["in_order"]).codes == []
        assert FineProposal.get_by_id(ids["two_cards"]).card_ids == [(-1001234567890, 45),
                                                                     (777, 46)]
        assert FineProposal.get_by_id(ids["no_card"]).card_ids == []
        assert FineProposal.get_by_id(ids["one_card"]).card_ids == [(888, 7)]
        # The rows the migration left are the models' own: the studio carries on with them.
        handover = Handover.get_by_id(ids["reported"])
        assert handover.status == "reported" and handover.broadcast_id == ids["second"]
    runner.up()  # and every later migration applies on top


def test_a_studio_created_today_has_the_child_tables_and_no_list_columns(fresh_database):
    Runner(fresh_database, directory=str(MIGRATIONS)).up()
    tables = set(fresh_database.get_tables())
    assert {"handover_item", "proposal_card"} <= tables
    assert {m._meta.table_name for m in ALL_MODELS} <= tables


def test_plans_made_before_cancelling_existed_stay_live(fresh_database):
    from models import Plan

    runner = Runner(fresh_database, directory=str(MIGRATIONS))
    runner.up(target="0006_chat_migration")
    host = insert(fresh_database, "staff", tg_id=1001, name="小红", role="host", status="active",
                  private_chat=False, bot_blocked=False, created_at=AT)
    plan = insert(fresh_database, "plan", staff_id=host, day=AT.date(), starts_at=AT,
                  ends_at=AT, room="A", note="", created_at=AT)
    runner.up(target="0008_plan_cancelled")
    with fresh_database.bind_ctx(ALL_MODELS):
        assert Plan.get_by_id(plan).cancelled_at is None
        assert [p.id for p in Plan.live()] == [plan]
    runner.up()
