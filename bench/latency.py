"""Plain commands while a year's report and an export are being built: their latency (median,
p95) against the same commands idle, on the year's data. Updates go through the poller's
``polling.Sequencer`` (concurrent, each person's in order), as in production; the report's
figures are built in the worker thread (``models.in_worker``)."""

from __future__ import annotations

import asyncio
import time

from common import median_p95, settings, start_app, unpaced, update
from report import NOW, YEAR, ensure_dataset

from tests.factories import Person

ASKER = Person(700_000, "主管0", "boss0")  # plain commands
BUILDER = Person(700_001, "主管1", "boss1")  # the year report and the export, meanwhile
PLAIN = ["/help", "/rules", "/duties", "/staff"]


async def plain_latencies(app, sequencer, count: int, gap: float) -> list[float]:
    samples = []
    for i in range(count):
        upd = update(app, ASKER, PLAIN[i % len(PLAIN)], NOW, chat="private")
        started = time.perf_counter()
        await sequencer.submit(upd, app.process_update(upd))
        samples.append(time.perf_counter() - started)
        await asyncio.sleep(gap)
    return samples


async def run(count: int = 80, gap: float = 0.02) -> dict:
    from models import close_workers
    from service.polling import Sequencer

    cfg = settings(ensure_dataset("year-latency.db"), managers=[700_000, 700_001])
    app, api, errors = await start_app(cfg, unpaced())
    sequencer = Sequencer()
    await plain_latencies(app, sequencer, 8, gap)  # warm
    idle = await plain_latencies(app, sequencer, count, gap)
    heavy_done = asyncio.Event()
    built = 0

    async def heavy():
        nonlocal built
        while not heavy_done.is_set():
            for text in (f"/report {YEAR}", "/export month"):
                upd = update(app, BUILDER, text, NOW, chat="private")
                await sequencer.submit(upd, app.process_update(upd))
                built += 1

    background = asyncio.create_task(heavy())
    await asyncio.sleep(0.05)  # the first report is under way
    busy = await plain_latencies(app, sequencer, count, gap)
    heavy_done.set()
    await background
    await app.shutdown()
    close_workers()
    i_med, i_p95 = median_p95(idle)
    b_med, b_p95 = median_p95(busy)
    return {"idle_median": i_med, "idle_p95": i_p95, "busy_median": b_med, "busy_p95": b_p95,
            "ratio": b_p95 / i_p95, "built": built, "errors": len(errors)}


def main() -> dict:
    r = asyncio.run(run())
    print(f"plain commands during a year report and an export: median "
          f"{r['busy_median'] * 1000:.1f} ms, p95 {r['busy_p95'] * 1000:.1f} ms; idle median "
          f"{r['idle_median'] * 1000:.1f} ms, p95 {r['idle_p95'] * 1000:.1f} ms; p95 ratio "
          f"{r['ratio']:.2f} ({r['built']} reports/exports built meanwhile, errors "
          f"{r['errors']})")
    return r


if __name__ == "__main__":
    main()
