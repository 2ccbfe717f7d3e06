"""Fan-out: a ``minimums`` run to 500 hosts through the rate limiter, against the offline API.

Prints messages per second against Telegram's 30 per second, and checks that every host got
exactly one message (none lost, none twice).
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from common import OUT, settings, start_app

TZ = ZoneInfo("Asia/Shanghai")
TELEGRAM_RATE = 30.0


async def run(hosts: int = 500) -> dict:
    from models import Staff, db
    from scheduler import registry
    from scheduler.runner import execute

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "fanout.db"
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    cfg = settings(f"sqlite:///{path}", managers=[1])
    # The real limiter, as deployed: 30 messages a second overall.
    app, api, errors = await start_app(cfg)
    with db.atomic():
        Staff.insert_many([{"tg_id": 10_000 + i, "name": f"主播{i}", "role": "host",
                            "status": "active", "private_chat": True,
                            "created_at": datetime(2026, 1, 1)}
                           for i in range(hosts)]).execute()
    slot = datetime(2026, 11, 26, 18, 0, tzinfo=TZ)
    started = time.perf_counter()
    await execute(app, registry(app)["minimums"], slot)
    elapsed = time.perf_counter() - started
    sends = [c for c in api.calls if c.method == "sendMessage" and (c.chat_id or 0) > 0
             and c.chat_id >= 10_000]
    per_chat = Counter(c.chat_id for c in sends)
    await app.shutdown()
    return {"hosts": hosts, "messages": len(sends), "seconds": elapsed,
            "rate": len(sends) / elapsed, "lost": hosts - len(per_chat),
            "twice": sum(1 for n in per_chat.values() if n > 1), "errors": len(errors)}


def main() -> dict:
    result = asyncio.run(run())
    ratio = result["rate"] / TELEGRAM_RATE
    print(f"fan-out: {result['messages']} messages to {result['hosts']} hosts in "
          f"{result['seconds']:.1f} s = {result['rate']:.1f}/s; Telegram's limit 30/s; "
          f"ratio {ratio:.2f}; lost {result['lost']}, twice {result['twice']}, "
          f"errors {result['errors']}")
    result["ratio"] = ratio
    return result


if __name__ == "__main__":
    sys.exit(0 if main()["lost"] == 0 else 1)
