"""A test-only job that tells 20 staff one message each, and a second bot instance that runs it.

    python -m tests.job_crowd DATABASE_URL SLOT_ISO

builds the whole application on DATABASE_URL over its own offline Bot API, prints "ready",
waits for a line on stdin, runs the crowd job for SLOT through the ledger and prints how many
messages it sent, as "sent <chat ids>". test_jobs runs it next to its own instance.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime, time

from models import Staff
from scheduler.runner import JobCall
from scheduler.schedule import JobSpec, Schedule
from tests.factories import Person

CROWD = [Person(900_000 + i, f"员工{i}", f"crowd{i}") for i in range(20)]
CROWD_IDS = [p.id for p in CROWD]


async def tell_the_crowd(call: JobCall) -> None:
    people = Staff.select().where(Staff.tg_id.in_(CROWD_IDS)).order_by(Staff.id)
    for person in people:
        await call.outbox.to_staff(person, lambda lang, n=person.name: f"hello {n}")
        await asyncio.sleep(0)  # let another instance (or an update) in between the sends


CROWD_JOB = JobSpec("crowd", tell_the_crowd, lambda settings: Schedule(times=(time(18, 0),)))


def delivered(calls) -> dict[int, int]:
    """How many sendMessage calls succeeded, per chat."""
    counts: dict[int, int] = {}
    for call in calls:
        if call.method == "sendMessage" and isinstance(call.result, dict) and \
                "message_id" in call.result:
            counts[call.chat_id] = counts.get(call.chat_id, 0) + 1
    return counts


async def second_instance(url: str, slot: datetime) -> None:
    from app import build_application
    from config import settings_from_dict
    from messaging.retry import RetryPolicy
    from models import init_db
    from offline import FakeTelegram, OfflineRequest
    from scheduler.runner import execute
    from tests.conftest import base_config

    settings = settings_from_dict(base_config(database={"url": url}), source="second.toml")
    init_db(url)
    api = FakeTelegram()
    app = build_application(settings, OfflineRequest(api), catch_up_at_start=False,
                            rate_limiter=RetryPolicy(overall_max_rate=0, group_max_rate=0))
    await app.initialize()
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.readline)
    await execute(app, CROWD_JOB, slot)
    chats = delivered(api.calls)
    print("sent", " ".join(f"{chat}:{n}" for chat, n in chats.items()), flush=True)
    await app.shutdown()


if __name__ == "__main__":
    asyncio.run(second_instance(sys.argv[1], datetime.fromisoformat(sys.argv[2])))
