"""The numbered migrations move a deployed studio's data, not only its schema."""

from __future__ import annotations

import os
from datetime import UTC, datetime
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
        def proposal(number):  # the columns 0002 knows (later ones add more)
            return FineProposal.select(FineProposal.id).where(FineProposal.id == number).get()

        assert proposal(ids["two_cards"]).card_ids == [(-1001234567890, 45), (777, 46)]
        assert proposal(ids["no_card"]).card_ids == []
        assert proposal(ids["one_card"]).card_ids == [(888, 7)]
        # The rows the migration left are the models' own: the studio carries on with them.
        handover = Handover.get_by_id(ids["reported"])
        assert handover.status == "reported" and handover.broadcast_id == ids["second"]
    runner.up()  # and every later migration applies on top


def test_a_studio_created_today_has_the_child_tables_and_no_list_columns(fresh_database):
    Runner(fresh_database, directory=str(MIGRATIONS)).up()
    tables = set(fresh_database.get_tables())
    assert {"handover_item", "proposal_card"} <= tables
    assert {m._meta.table_name for m in ALL_MODELS} <= tables


def test_the_queue_migration_gives_each_pending_proposal_its_fine_row(fresh_database):
    """0007: a proposal still pending becomes a ``proposed`` fine, so the number on its card
    is the number of the fine it becomes; decided proposals and recorded fines stay as they
    were, and confirming a migrated proposal records that very row."""
    from config import settings_from_dict
    from models import Fine, Staff, db
    from studio import fines
    from tests.conftest import base_config

    runner = Runner(fresh_database, directory=str(MIGRATIONS))
    runner.up(target="0006_chat_migration")
    host = insert(fresh_database, "staff", tg_id=1001, name="小红", role="host", status="active",
                  private_chat=False, bot_blocked=False, created_at=AT)
    boss = insert(fresh_database, "staff", tg_id=1002, name="王经理", role="manager",
                  status="active", private_chat=False, bot_blocked=False, created_at=AT)
    ids = {}
    for name, status in (("waiting", "pending"), ("confirmed", "confirmed"),
                         ("dismissed", "dismissed"), ("also_waiting", "pending")):
        ids[name] = insert(fresh_database, "fine_proposal", staff_id=host, code="lights",
                           count=2, why=f"why {name}", source=f"test:{name}", created_at=AT,
                           status=status)
    ids["fine"] = insert(fresh_database, "fine", staff_id=host, code="lights", count=2,
                         amount_fen=4000, reason="why confirmed", created_at=AT,
                         proposal_id=ids["confirmed"], status="unpaid", waive_reason="")

    assert runner.up(target="0007_decision_queue") == ["0007_decision_queue"]
    runner.up()  # and every later migration on top: the studio carries on with the models

    with fresh_database.bind_ctx(ALL_MODELS):
        rows = {f.proposal_id: f for f in Fine.select()}
        assert Fine.select().count() == 3 and ids["dismissed"] not in rows
        assert rows[ids["confirmed"]].id == ids["fine"]
        assert rows[ids["confirmed"]].status == "unpaid"
        for name in ("waiting", "also_waiting"):
            row = rows[ids[name]]
            assert (row.status, row.staff_id, row.code, row.count, row.reason, row.created_at) \
                == ("proposed", host, "lights", 2, f"why {name}", AT)
        assert [f.id for f in Fine.recorded()] == [ids["fine"]]
        # The studio carries on: confirming a migrated proposal records its row, at the amount.
        settings = settings_from_dict(base_config())
        session = db.obj
        db.initialize(fresh_database)
        try:
            _, fine = fines.decide_proposal(settings, ids["waiting"], True,
                                            Staff.get_by_id(boss),
                                            datetime(2026, 11, 27, 3, tzinfo=UTC))
        finally:
            db.initialize(session)
        assert fine.id == rows[ids["waiting"]].id and fine.amount_fen == 4000
        assert fine.status == "unpaid" and Fine.select().count() == 3


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


def test_fines_get_their_offence_time_and_auto_closed_broadcasts_stay_registration_problems(
        fresh_database):
    """0010: a fine confirmed before it took its confirmation time as ``created_at``; its
    proposal's time becomes its offence time (a fine typed by hand: its own time); a broadcast
    the bot closed (the audit's ``broadcast.autoclose``) keeps that fact after /fixlive."""
    from datetime import timedelta

    from models import Broadcast, Fine

    runner = Runner(fresh_database, directory=str(MIGRATIONS))
    runner.up(target="0009_inquiry_receipt")
    host = insert(fresh_database, "staff", tg_id=1001, name="小红", role="host", status="active",
                  private_chat=False, bot_blocked=False, created_at=AT)
    proposed = insert(fresh_database, "fine_proposal", staff_id=host, code="register", count=1,
                      why="", source="late_start:1", created_at=AT, status="confirmed")
    later = AT + timedelta(days=1)
    from_proposal = insert(fresh_database, "fine", staff_id=host, code="register", count=1,
                           amount_fen=1000, reason="", created_at=later, proposal_id=proposed,
                           status="unpaid", waive_reason="")
    by_hand = insert(fresh_database, "fine", staff_id=host, code=None, count=1, amount_fen=500,
                     reason="迟到", created_at=later, status="unpaid", waive_reason="")
    fixed = insert(fresh_database, "broadcast", staff_id=host, room="A", day=AT.date(),
                   started_at=AT, ended_at=AT + timedelta(hours=3), late_start=False,
                   late_end=False, auto_closed=False, note="", end_note="", created_at=AT)
    insert(fresh_database, "audit", at=later, action="broadcast.autoclose",
           target=f"broadcast:{fixed}", detail="")
    runner.up()
    with fresh_database.bind_ctx(ALL_MODELS):
        assert Fine.get_by_id(from_proposal).offence_at == AT
        assert Fine.get_by_id(by_hand).offence_at == later
        assert Broadcast.get_by_id(fixed).closed_by_bot_at == later
