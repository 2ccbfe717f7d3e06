"""SQL statements per command: every statement the database runs while one update is handled
(its once-only record and done mark included), on a small studio; the ceilings are held by
``tests/test_statements.py``."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from common import OUT, settings, start_app, unpaced, update

from tests.factories import Person

TZ = ZoneInfo("Asia/Shanghai")
MANAGER, OPS = Person(1, "主管", "boss"), Person(2, "运营", "ops")
HOST = Person(3, "主播", "host")
COMMANDS = [  # (text, who, chat) in the order a day goes
    ("/help", HOST, "private"), ("/rules", HOST, "group"), ("/live A", HOST, "group"),
    ("/video https://v.example/1", HOST, "group"),
    ("/metrics gmv=3500 viewers=1200 orders=10", HOST, "group"), ("/offline", HOST, "group"),
    ("/me", HOST, "private"), ("/me week", HOST, "private"), ("/fines", OPS, "private"),
    ("/staff", MANAGER, "private"), ("/inbox", OPS, "private"),
    ("/report month", MANAGER, "private"),
]


async def run() -> dict[str, int]:
    from models import Staff, db
    from service.polling import handle

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "statements.db"
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    cfg = settings(f"sqlite:///{path}", managers=[MANAGER.id], rooms=["A"])
    app, api, errors = await start_app(cfg, unpaced())
    with db.atomic():
        for person, role in ((OPS, "ops"), (HOST, "host")):
            Staff.create(tg_id=person.id, name=person.first_name, username=person.username,
                         role=role, status="active", private_chat=True,
                         created_at=datetime(2026, 1, 1))
    counted: list[str] = []
    original = db.obj.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        counted.append(sql)
        return original(sql, params, *args, **kwargs)

    when = datetime.now(TZ) - timedelta(hours=1)
    await handle(app, update(app, HOST, "/help", when, chat="private"))  # the roster read once
    found = {}
    db.obj.execute_sql = counting
    try:
        for i, (text, who, chat) in enumerate(COMMANDS):
            counted.clear()
            await handle(app, update(app, who, text, when + timedelta(minutes=i), chat=chat))
            found[text] = len(counted)
    finally:
        db.obj.execute_sql = original
    await app.shutdown()
    if errors:
        print(f"  handler errors: {errors!r}")
    return found


def main() -> dict[str, int]:
    found = asyncio.run(run())
    print("statements per command (once-only record and done mark included):")
    for text, n in found.items():
        print(f"  {n:3d}  {text}")
    return found


if __name__ == "__main__":
    main()
