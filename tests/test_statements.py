"""SQL statements per command stay down (issue 20): every statement the database is asked to run
while one update is handled is counted, and each command has a ceiling."""

from __future__ import annotations

from datetime import UTC

import pytest
from freezegun import freeze_time
from telegram import Update

from models import Staff, db
from service.polling import handle
from tests.conftest import HOST, MANAGER, OPS, studio_time
from tests.factories import message, message_update

# command (as sent, who, where) → the most statements it may take, the once-only record and its
# done mark included. The ceiling is what it took when written (issue 20), plus one.
CEILINGS = [
    ("/help", HOST, "private", 3),
    ("/rules", HOST, "group", 3),
    ("/live A", HOST, "group", 9),
    ("/video https://v.example/1", HOST, "group", 11),
    ("/metrics gmv=3500 viewers=1200 orders=10", HOST, "group", 8),
    ("/offline", HOST, "group", 13),
    ("/me", HOST, "private", 17),
    ("/me week", HOST, "private", 17),
    ("/fines", OPS, "private", 5),
    ("/staff", MANAGER, "private", 5),
    ("/inbox", OPS, "private", 4),
    ("/report month", MANAGER, "private", 17),  # + the words checked against staff names
]


class Counter:
    def __init__(self):
        self.statements: list[str] = []

    def __enter__(self):
        self.original = db.obj.execute_sql

        def counting(sql, params=None, *args, **kwargs):
            self.statements.append(sql)
            return self.original(sql, params, *args, **kwargs)

        db.obj.execute_sql = counting
        return self

    def __exit__(self, *exc):
        db.obj.execute_sql = self.original


async def counted(studio, text, who, chat, at) -> int:
    when = studio_time(at)
    data = message_update(message(who, text, chat=chat, date=when))
    with freeze_time(when.astimezone(UTC), real_asyncio=True), Counter() as counter:
        await handle(studio.app, Update.de_json(data, studio.app.bot))
    return len(counter.statements)


async def test_each_command_stays_under_its_ceiling_of_statements(studio):
    studio.team()
    await studio.send(HOST, "/help", chat="private", at="18:00")  # the roster is read once
    over = {}
    for minute, (text, who, chat, ceiling) in enumerate(CEILINGS):
        n = await counted(studio, text, who, chat, f"19:{minute:02d}")
        print(f"{text}: {n}")
        if n > ceiling:
            over[text] = (n, ceiling)
    assert not over, f"over the ceiling (statements, ceiling): {over}"


async def test_a_known_persons_update_reads_the_roster_from_memory(studio):
    studio.team()
    await studio.send(HOST, "/help", chat="private", at="18:00")
    with Counter() as counter:
        await studio.send(HOST, "/help", chat="private", at="18:01")
    assert not [s for s in counter.statements if 'FROM "staff"' in s]


@pytest.mark.parametrize("change", ["role", "deactivate", "lang"])
async def test_a_change_to_a_person_is_seen_at_once(studio, change):
    studio.team()
    await studio.send(HOST, "/help", chat="private", at="18:00")  # cached
    if change == "role":
        calls = await studio.send(MANAGER, f"/role @{HOST.username} ops", chat="private",
                                  at="18:01")
        assert studio.sent(calls)
        assert Staff.by_tg(HOST.id).role == "ops"
        calls = await studio.send(HOST, "/inbox", chat="private", at="18:02")
        assert studio.sent(calls, HOST.id)
        assert "你没有权限使用这个命令。" not in studio.text(calls, HOST), "the new role at once"
    elif change == "deactivate":
        calls = await studio.send(MANAGER, f"/deactivate @{HOST.username}", chat="private",
                                  at="18:01")
        assert Staff.by_tg(HOST.id).status == "inactive"
        calls = await studio.send(HOST, "/live A", at="18:02")
        assert "你没有权限使用这个命令。" in studio.text(calls, "group")
    else:
        await studio.send(HOST, "/lang en", chat="private", at="18:01")
        calls = await studio.send(HOST, "/help", chat="private", at="18:02")
        assert Staff.by_tg(HOST.id).lang == "en"
        assert "Commands you can use" in studio.text(calls, HOST)


def test_a_statement_built_once_gives_the_rows_a_fresh_build_gives(studio):
    # models.reused_rows: the SQL text of a shape is built once, then run with new arguments;
    # None, one id and several ids are three shapes (None once matched a one-id list).
    from models import reused_rows, rows_of

    studio.team()
    ids = [p.id for p in Staff.select().order_by(Staff.id)]
    assert len(ids) >= 3

    def build(first_id, chosen):
        clause = Staff.id >= first_id
        if chosen is not None:
            clause &= Staff.id.in_(chosen)
        return Staff.select(Staff.id).where(clause).order_by(Staff.id)

    for first_id, chosen in ((0, None), (0, ids[:1]), (ids[1], None), (0, ids[2:3]),
                             (ids[1], ids), (0, ids), (ids[2], ids[:1])):
        assert reused_rows("test.staff", build, first_id, chosen) == rows_of(
            build(first_id, chosen)), (first_id, chosen)
    names = [p.name for p in Staff.select().order_by(Staff.id)]

    def by_name(chosen):
        return Staff.select(Staff.id).where(Staff.name.in_(chosen)).order_by(Staff.id)

    for chosen in (names[:1], names[1:2], names[:2], names[1:3]):
        assert reused_rows("test.staff_by_name", by_name, chosen) == rows_of(by_name(chosen))
