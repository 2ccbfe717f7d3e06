"""Throughput: updates per second through the whole Application (offline Bot API, the real
handlers, a real SQLite database on disk) for a day's realistic mix, against a bare PTB
Application that only echoes, fed the same updates in the same run."""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from common import OUT, settings, start_app, unpaced, update
from telegram.ext import Application, MessageHandler, filters

from tests.factories import Person

TZ = ZoneInfo("Asia/Shanghai")
HOSTS = 20
DAYS = 8
CUSTOMER = Person(99_999, "顾客", "fan")


def day_of_updates(app, hosts: list[Person], day: datetime) -> list:
    """One business day of every host: live, video, metrics, offline, arrival, /me, a question."""
    batch = []
    for i, host in enumerate(hosts):
        start = day.replace(hour=10) + timedelta(minutes=i)
        batch += [
            update(app, host, f"/live R{i}", start),
            update(app, host, f"/video https://v.example/{i}/{day:%m%d}", start + timedelta(minutes=5)),
            update(app, host, "/offline", start + timedelta(hours=3, minutes=5)),
            update(app, host, "/metrics gmv=3500 viewers=1200 orders=10",
                   start + timedelta(hours=3, minutes=8)),
            update(app, host, f"/arrival 花西子{i % 4} 口红 x2", start + timedelta(hours=3, minutes=9)),
            update(app, host, "/me", start + timedelta(hours=3, minutes=10)),
            update(app, CUSTOMER, f"请问{i}号链接还有货吗", start + timedelta(hours=3, minutes=11),
                   chat="private"),
        ]
    return batch


HOST_PEOPLE = [Person(20_000 + i, f"主播{i}", f"host{i}") for i in range(HOSTS)]


async def feed(app) -> tuple[float, int]:
    """The same days of updates, processed one after another: (seconds, how many)."""
    first = datetime(2026, 11, 10, tzinfo=TZ)
    updates = [u for d in range(DAYS)
               for u in day_of_updates(app, HOST_PEOPLE, first + timedelta(days=d))]
    started = time.perf_counter()
    for upd in updates:
        await app.process_update(upd)
    return time.perf_counter() - started, len(updates)


async def studio_rate() -> tuple[float, int, int]:
    from models import Staff, db

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "throughput.db"
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    cfg = settings(f"sqlite:///{path}", managers=[1], rooms=[f"R{i}" for i in range(HOSTS)])
    app, api, errors = await start_app(cfg, unpaced())
    with db.atomic():
        Staff.insert_many([{"tg_id": h.id, "name": h.first_name, "username": h.username,
                            "role": "host", "status": "active", "private_chat": True,
                            "created_at": datetime(2026, 1, 1)}
                           for h in HOST_PEOPLE]).execute()
    elapsed, count = await feed(app)
    replies = sum(1 for c in api.calls if c.method.startswith("send") or c.method == "copyMessage")
    await app.shutdown()
    if errors:
        print(f"  handler errors: {len(errors)}; first: {errors[0]!r}", file=sys.stderr)
    return count / elapsed, count, replies


async def echo_rate() -> float:
    from offline import FakeTelegram, OfflineRequest

    api = FakeTelegram()
    request = OfflineRequest(api)
    app = (Application.builder().token("123456:ECHO").request(request)
           .get_updates_request(request).rate_limiter(unpaced()).build())

    async def echo(upd, context):
        await context.bot.send_message(upd.effective_chat.id, upd.effective_message.text)

    app.add_handler(MessageHandler(filters.TEXT, echo))
    await app.initialize()
    elapsed, count = await feed(app)
    await app.shutdown()
    return count / elapsed


def main() -> dict:
    bare = asyncio.run(echo_rate())
    rate, count, replies = asyncio.run(studio_rate())
    ratio = rate / bare
    print(f"throughput: studio bot {rate:,.0f} updates/s ({count} updates, {replies} replies); "
          f"bare echo Application {bare:,.0f} updates/s; ratio {ratio:.2f}")
    return {"rate": rate, "bare": bare, "ratio": ratio, "updates": count}


if __name__ == "__main__":
    main()
