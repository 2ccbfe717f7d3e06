"""What the benchmarks share: the real Application over the offline Bot API, and updates."""

from __future__ import annotations

import resource
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

from telegram import Update  # noqa: E402

from app import build_application  # noqa: E402
from config import settings_from_dict  # noqa: E402
from messaging.retry import RetryPolicy  # noqa: E402
from offline import FakeTelegram, OfflineRequest  # noqa: E402
from tests.factories import GROUP_ID, Person, message, message_update  # noqa: E402

TOKEN = "123456:BENCH-token"


def settings(url: str, managers: list[int], rooms: list[str] | None = None, **sections):
    data = {"telegram": {"token": TOKEN},
            "studio": {"name": "基准直播间", "group_chat_id": GROUP_ID, "managers": managers,
                       "rooms": rooms or ["A"]},
            "database": {"url": url}}
    data.update(sections)
    return settings_from_dict(data, source="bench")


def unpaced() -> RetryPolicy:
    """The rate limiter with its pacing off: to measure the bot's own cost, not Telegram's."""
    return RetryPolicy(overall_max_rate=0, group_max_rate=0, max_retries=3)


async def start_app(cfg, limiter: RetryPolicy | None = None):
    """Build, initialise and post-init the bot; returns (app, fake API, error list)."""
    from models import init_db

    init_db(cfg.database.url)
    api = FakeTelegram()
    app = build_application(cfg, OfflineRequest(api), catch_up_at_start=False,
                            rate_limiter=limiter)
    errors: list = []

    async def collect(update, context):
        errors.append(context.error)

    app.add_error_handler(collect)
    await app.initialize()
    await app.post_init(app)
    api.take()
    return app, api, errors


def update(app, person: Person, text: str, when: datetime, chat="group") -> Update:
    return Update.de_json(message_update(message(person, text, chat=chat, date=when)), app.bot)


async def timed(app, upd: Update) -> float:
    started = time.perf_counter()
    await app.process_update(upd)
    return time.perf_counter() - started


def median_p95(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def row(name: str, value: str, baseline: str = "", ratio: str = "", target: str = "") -> str:
    return f"| {name} | {value} | {baseline} | {ratio} | {target} |"
