"""The report as a picture for a manager (matplotlib, Agg): a heat-map grid, one row per host
and one column per business day — green met both minimums, amber one, red none, grey where the
day does not count (on leave; before joining, deactivated, or today, not over yet: the report's
``DayRow.status``) — and, on the same rows, each host's GMV against the target as bars.

Made to be read on a phone at 50 hosts: one row per host whatever the number of days, names
on the left, the day labels chosen for 1 to 92 days (every day up to a month, then Mondays), and
a PNG of flat colours reduced to a small palette (tens of kilobytes).

matplotlib's default font has no Chinese glyphs (names would be boxes), so a CJK font of the
system is registered and used: Noto Sans CJK SC (Debian's ``fonts-noto-cjk``, the one chosen,
docs/setup.md), else WenQuanYi Micro Hei (``fonts-wqy-microhei``), else what macOS or Windows
ship.
"""

from __future__ import annotations

import io
import logging
import threading
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from PIL import Image

from config import Rules, Settings
from studio.i18n import catalogue
from studio.report import DayRow, Report

log = logging.getLogger(__name__)

# Best first. The files are looked for themselves (not only in matplotlib's font cache, which
# predates a font installed after the first chart was drawn).
FONT_FILES = ("NotoSansCJK-Regular.ttc", "wqy-microhei.ttc")
SYSTEM_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
                   "WenQuanYi Micro Hei", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei")
# The cells' kinds, in the order of the colour map, with their colours.
KINDS = ("not_counted", "leave", "none", "one", "both")
COLOURS = ("#eeeeee", "#bdbdbd", "#e53935", "#fbc02d", "#43a047")
GMV_COLOUR, TARGET_COLOUR = "#1e88e5", "#cfd8dc"
ROW_INCHES = 0.2  # the height of one host's row
WIDTH_INCHES = 8
DPI = 100
_drawing = threading.Lock()


@lru_cache(maxsize=1)
def cjk_font() -> tuple[str | None, str | None]:
    """(font file, family name) of a font that has Chinese glyphs; (None, None) if none."""
    for path in font_manager.findSystemFonts():
        if Path(path).name in FONT_FILES:
            font_manager.fontManager.addfont(path)  # every face of a collection (.ttc)
    available = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    for family in SYSTEM_FAMILIES:
        if family in available:
            return available[family], family
    log.warning("no CJK font found: Chinese names in charts will not render "
                "(install fonts-noto-cjk, docs/setup.md)")
    return None, None


def cell_kind(day: DayRow, rules: Rules) -> str:
    """What a cell shows: ``both``/``one``/``none`` of the minimums met on a day that counts,
    ``leave``, or ``not_counted`` (before joining, deactivated, today not over)."""
    if day.counted:
        return ("none", "one", "both")[day.minimums_met(rules)]
    return "leave" if day.status == "leave" else "not_counted"


def grid(report: Report, rules: Rules) -> list[list[str]]:
    """The cells' kinds, one row per host of the chart (``report.hosts``), one per day."""
    return [[cell_kind(day, rules) for day in row.days] for row in report.hosts]


def day_ticks(days: list) -> list[tuple[int, str]]:
    """(column, label) of the days to label: every day up to a month (``11-23``), beyond that
    the first day and each Monday; never the same label twice."""
    if len(days) <= 31:
        return [(n, f"{day:%m-%d}") for n, day in enumerate(days)]
    return [(n, f"{day:%m-%d}") for n, day in enumerate(days) if n == 0 or day.weekday() == 0]


def render(report: Report, settings: Settings, lang: str) -> bytes:
    """The chart's PNG bytes."""
    # rcParams are global: two reports drawn at once in worker threads take turns.
    with _drawing:
        return _small_png(_render(report, settings, lang))


def _small_png(png: bytes) -> bytes:
    """The same picture with a palette of 64 colours: flat cells and text lose nothing you can
    see, and the file is a third of the size."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    buffer = io.BytesIO()
    image.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(buffer, format="PNG",
                                                                    optimize=True)
    return buffer.getvalue()


def _render(report: Report, settings: Settings, lang: str) -> bytes:
    cat = catalogue()
    _, family = cjk_font()
    rc = {"font.family": [family, "DejaVu Sans"] if family else ["DejaVu Sans"],
          "axes.unicode_minus": False, "font.size": 8}
    rules = settings.rules
    rows, days = report.hosts, report.days
    kinds = grid(report, rules)
    with matplotlib.rc_context(rc):
        height = 1.6 + ROW_INCHES * max(3, len(rows))
        figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
        heat, gmv = figure.subplots(1, 2, sharey=True, width_ratios=[3, 1.3])
        title = cat.t(lang, "report.chart.title", first=report.first.isoformat(),
                      last=report.last.isoformat(),
                      hours=f"{rules.min_live_minutes / 60:g}", videos=rules.min_videos)
        figure.suptitle(title, fontsize=10)

        values = [[KINDS.index(kind) for kind in row] for row in kinds] or [[0] * len(days)]
        heat.pcolormesh(values, cmap=ListedColormap(COLOURS), vmin=-0.5,
                        vmax=len(KINDS) - 0.5, edgecolors="white",
                        linewidth=0.6 if len(days) <= 62 else 0)
        heat.set_ylim(max(1, len(rows)), 0)  # the first host at the top
        heat.set_yticks([n + 0.5 for n in range(len(rows))], [row.name for row in rows])
        heat.tick_params(axis="y", length=0)
        ticks = day_ticks(days)
        heat.set_xticks([n + 0.5 for n, _ in ticks], [label for _, label in ticks],
                        rotation=0 if len(days) <= 8 else 90, fontsize=7)
        heat.set_xlim(0, len(days))
        heat.tick_params(axis="x", length=0)
        for side in heat.spines.values():
            side.set_visible(False)

        positions = [n + 0.5 for n in range(len(rows))]
        targets = [(row.target_fen or 0) / 100 for row in rows]
        gmv.barh(positions, targets, height=0.8, color=TARGET_COLOUR,
                 label=cat.t(lang, "report.chart.target"))
        gmv.barh(positions, [row.gmv_fen / 100 for row in rows], height=0.45,
                 color=GMV_COLOUR, label=cat.t(lang, "report.chart.gmv"))
        top = max([*targets, *(row.gmv_fen / 100 for row in rows), 1])
        for position, row in zip(positions, rows, strict=True):
            done = row.target_percent
            gmv.text(top * 1.02, position, f"{done}%" if done is not None else "-",
                     va="center", fontsize=7)
        gmv.set_xlim(0, top * 1.25)
        gmv.set_title(cat.t(lang, "report.chart.gmv_title"), fontsize=9)
        gmv.tick_params(axis="y", length=0)
        gmv.tick_params(axis="x", labelsize=7)
        gmv.xaxis.set_major_formatter(lambda value, _: _compact_yuan(value))
        for side in ("top", "right"):
            gmv.spines[side].set_visible(False)

        legend = [Patch(color=colour, label=cat.t(lang, f"report.chart.{kind}"))
                  for kind, colour in zip(KINDS[::-1], COLOURS[::-1], strict=True)]
        legend += [Patch(color=GMV_COLOUR, label=cat.t(lang, "report.chart.gmv")),
                   Patch(color=TARGET_COLOUR, label=cat.t(lang, "report.chart.target"))]
        figure.legend(handles=legend, loc="outside lower center", ncols=4, fontsize=7,
                      frameon=False)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _compact_yuan(value: float) -> str:
    """An axis label in yuan: 800, 12k, 1.5M."""
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if abs(value) >= 1000:
        return f"{value / 1000:g}k"
    return f"{value:g}"
