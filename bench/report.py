"""Reports on a studio's year: ``/report month`` and a whole-year ``/report A..B`` through the
Application (handler time, median and p95), against the floor — the single hand-written SQL
aggregate that computes the same live hours; the xlsx export time; peak RSS."""

from __future__ import annotations

import asyncio
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from common import OUT, median_p95, peak_rss_mb, settings, start_app, timed, unpaced, update

from tests.factories import Person

TZ = ZoneInfo("Asia/Shanghai")
MANAGER = Person(700_000, "主管0", "boss0")
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=TZ)
YEAR = "2025-11-26..2026-11-25"

FLOOR_SQL = """
SELECT staff_id, SUM((julianday(ended_at) - julianday(started_at)) * 1440)
FROM broadcast
WHERE day BETWEEN ? AND ? AND ended_at IS NOT NULL AND NOT auto_closed
GROUP BY staff_id
"""


def ensure_dataset(name: str = "year-report.db") -> str:
    """A fresh copy of the year's database (``name``: one per benchmark, never a file another
    one's connections still hold); generated in another process, so the peak RSS measured here
    is the bot's alone."""
    OUT.mkdir(parents=True, exist_ok=True)
    source = OUT / "year.db"
    if not source.exists():
        subprocess.run([sys.executable, str(Path(__file__).with_name("dataset.py")),
                        "--url", f"sqlite:///{source}"], check=True, stderr=subprocess.DEVNULL)
    work = OUT / name
    for suffix in ("-wal", "-shm"):
        (OUT / f"{name}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, work)
    return f"sqlite:///{work}"


def floor(db, first: str, last: str, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        rows = db.execute_sql(FLOOR_SQL, (first, last)).fetchall()
        samples.append(time.perf_counter() - started)
        assert rows
    return statistics.median(samples)


async def run(runs: int = 15) -> dict:
    from models import close_workers, db

    url = ensure_dataset()
    cfg = settings(url, managers=[700_000, 700_001])
    rss_before = peak_rss_mb()
    app, api, errors = await start_app(cfg, unpaced())
    rss_started = peak_rss_mb()
    month = [await timed(app, update(app, MANAGER, "/report month", NOW)) for _ in range(runs)]
    year = [await timed(app, update(app, MANAGER, f"/report {YEAR}", NOW))
            for _ in range(max(3, runs // 3))]
    export = [await timed(app, update(app, MANAGER, "/export month", NOW)) for _ in range(3)]
    sends = [c for c in api.calls if c.method in ("sendMessage", "sendDocument")]
    # The floor varies 3× from one run to the next: its median over many warm runs.
    floor(db, "2025-11-26", "2026-11-25", 5)
    floor_month = floor(db, "2026-11-01", "2026-11-26", 200)
    floor_year = floor(db, "2025-11-26", "2026-11-25", 60)
    await app.shutdown()
    close_workers()
    m_med, m_p95 = median_p95(month)
    y_med, y_p95 = median_p95(year)
    return {"month_median": m_med, "month_p95": m_p95, "year_median": y_med, "year_p95": y_p95,
            "floor_month": floor_month, "floor_year": floor_year,
            "export_median": statistics.median(export), "rss_peak": peak_rss_mb(),
            "rss_before": rss_before, "rss_started": rss_started, "errors": len(errors),
            "messages": len(sends)}


def main() -> dict:
    r = asyncio.run(run())
    r["month_ratio"] = r["month_median"] / r["floor_month"]
    r["year_ratio"] = r["year_median"] / r["floor_year"]
    print(f"/report month: median {r['month_median'] * 1000:.0f} ms, p95 "
          f"{r['month_p95'] * 1000:.0f} ms; floor SQL {r['floor_month'] * 1000:.1f} ms; "
          f"ratio {r['month_ratio']:.1f}")
    print(f"/report year:  median {r['year_median'] * 1000:.0f} ms, p95 "
          f"{r['year_p95'] * 1000:.0f} ms; floor SQL {r['floor_year'] * 1000:.1f} ms; "
          f"ratio {r['year_ratio']:.1f}")
    print(f"/export month (xlsx): median {r['export_median'] * 1000:.0f} ms")
    print(f"peak RSS: {r['rss_peak']:.0f} MB (after imports {r['rss_before']:.0f} MB, "
          f"after start {r['rss_started']:.0f} MB); handler errors {r['errors']}")
    return r


if __name__ == "__main__":
    main()
