"""``make bench``: every benchmark, then the table of figures, printed and written into
``docs/benchmarks.md`` (between its ``figures`` markers; the text around them is kept)."""

from __future__ import annotations

import os
import platform
import re
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import e2e
import failover
import fanout
import imports
import latency
import report
import startup
import statements
import throughput
from common import row

PAGE = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
FIGURES = re.compile(r"(<!-- figures:[^\n]*-->\n).*?(<!-- end figures -->)", re.S)


def write_page(machine: str, rows: list[str], page: Path = PAGE) -> None:
    """Put this run's table into the page, in place of the last run's."""
    block = "\n".join([f"One run on {date.today():%Y-%m-%d}, {machine}, SQLite on disk:", "",
                       "| figure | measured | baseline (same run) | ratio | target |",
                       "| --- | --- | --- | --- | --- |", *rows])
    text = page.read_text(encoding="utf-8")
    new, found = FIGURES.subn(lambda m: f"{m.group(1)}{block}\n{m.group(2)}", text)
    if not found:
        raise SystemExit(f"{page}: no <!-- figures: --> … <!-- end figures --> block to fill")
    page.write_text(new, encoding="utf-8")


def main() -> None:
    machine = (f"{os.cpu_count()} cores, Python {platform.python_version()}, "
               f"{platform.system()} {platform.machine()}")
    print(f"machine: {machine}\n")
    t = throughput.main()
    r = report.main()
    lat = latency.main()
    st = statements.main()
    e = e2e.main()
    f = fanout.main()
    s = startup.main()
    im = imports.main()
    try:
        fo = failover.main(runs=3)
    except Exception as exc:  # it needs PostgreSQL
        print(f"failover: not measured ({type(exc).__name__}: {exc})")
        fo = None
    ms = 1000
    rows = [row("mixed throughput", f"{t['rate']:,.0f} updates/s", f"echo app {t['bare']:,.0f}/s",
                f"{t['ratio']:.2f}", "≥ 0.15"),
            row("/report month, median (p95)", f"{r['month_median'] * ms:.0f} ms "
                f"({r['month_p95'] * ms:.0f} ms)", f"floor SQL {r['floor_month'] * ms:.2f} ms",
                f"{r['month_ratio']:.1f}×", "≤ 30 ms, ≤ 20× floor"),
            row("/report whole year, median (p95)", f"{r['year_median'] * ms:.0f} ms "
                f"({r['year_p95'] * ms:.0f} ms)", f"floor SQL {r['floor_year'] * ms:.1f} ms",
                f"{r['year_ratio']:.1f}×", "≤ 300 ms"),
            row("/export month (xlsx), median", f"{r['export_median'] * ms:.0f} ms", "", "",
                "≤ 500 ms"),
            row("plain commands during a year report + export, p95 (median)",
                f"{lat['busy_p95'] * ms:.1f} ms ({lat['busy_median'] * ms:.1f} ms)",
                f"idle {lat['idle_p95'] * ms:.1f} ms ({lat['idle_median'] * ms:.1f} ms)",
                f"{lat['ratio']:.2f}", "≤ 2× idle"),
            row("end to end at 10 msg/s over HTTP, reply p95 (p50)",
                f"{e['bot']['p95'] * ms:.1f} ms ({e['bot']['p50'] * ms:.1f} ms); staff "
                f"answered {e['bot']['staff_answered']}/{e['bot']['staff']}",
                f"echo bot {e['echo']['p95'] * ms:.1f} ms ({e['echo']['p50'] * ms:.1f} ms)",
                f"{e['ratio']:.2f}", "≤ 2× echo; every staff command answered"),
            row("SQL statements per command", f"{min(st.values())}–{max(st.values())} ("
                + ", ".join(f"{k} {v}" for k, v in sorted(st.items(), key=lambda kv: -kv[1])[:3])
                + ")", "", "",
                "ceilings in tests/test_statements.py"),
            row("peak RSS, year dataset", f"{r['rss_peak']:.0f} MB",
                f"after start {r['rss_started']:.0f} MB", "", "≤ 150 MB"),
            row("fan-out, 500 hosts", f"{f['rate']:.1f} msg/s", "Telegram 30 msg/s",
                f"{f['ratio']:.2f}", "0.90–1.10, none lost or twice"),
            row("start to first getUpdates", f"{s['bot']:.2f} s", f"bare PTB {s['bare']:.2f} s",
                f"{s['ratio']:.2f}", "≤ 2 s")]
    rows.append(row("a month's Douyin export (30 broadcasts) to its preview, median",
                    f"{im['preview'] * ms:.0f} ms; the press that writes 30: "
                    f"{im['confirm'] * ms:.0f} ms", f"reading the file alone {im['alone'] * ms:.0f} ms",
                    f"{im['ratio']:.2f}", "≤ 1 s"))
    if "ocr_warm" in im:
        rows.append(row("a screenshot read by OCR to its preview, median (warm)",
                        f"{im['ocr_warm']:.2f} s", f"models loaded once {im['ocr_load']:.2f} s", "",
                        "≤ 3 s"))
    if fo is not None:
        rows.append(row("failover after SIGKILL, median (max)", f"{fo['kill']['median']:.1f} s "
                        f"({fo['kill']['max']:.1f} s)", "", "", "≤ 15 s"))
    print("\n| figure | measured | baseline (same run) | ratio | target |")
    print("| --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    write_page(machine, rows)
    print(f"\nwritten to {PAGE.relative_to(PAGE.parent.parent)}")


if __name__ == "__main__":
    main()
