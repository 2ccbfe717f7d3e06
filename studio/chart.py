"""The report as a picture (matplotlib, Agg): live hours per host per day against the 3 h line,
and each host's GMV against the target.

matplotlib's default font has no Chinese glyphs (names would be boxes), so the Noto Sans CJK
font shipped by the ``cvttf-notosanscjk-regular`` package is registered and used; a system
'Noto Sans CJK SC' or 'WenQuanYi Micro Hei' serves when the package is missing.
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
from matplotlib.dates import DateFormatter
from matplotlib.figure import Figure

from config import Settings
from studio.i18n import catalogue
from studio.report import Report

log = logging.getLogger(__name__)

SYSTEM_FAMILIES = ("Noto Sans CJK SC", "WenQuanYi Micro Hei")
MAX_LEGEND = 24  # hosts named in the legend; beyond that it would hide the lines
_drawing = threading.Lock()


def packaged_font() -> Path | None:
    """The font file the ``cvttf-notosanscjk-regular`` package ships, if installed."""
    try:
        import cvttf_NotoSansCJK_Regular as package
    except ImportError:
        return None
    folder = Path(package.__file__).resolve().parent
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".otf", ".ttf", ".ttc"))
    return files[0] if files else None


@lru_cache(maxsize=1)
def cjk_font() -> tuple[str | None, str | None]:
    """(font file, family name) of a font that has Chinese glyphs; (None, None) if none."""
    path = packaged_font()
    if path is not None:
        font_manager.fontManager.addfont(str(path))
        return str(path), font_manager.FontProperties(fname=str(path)).get_name()
    available = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    for family in SYSTEM_FAMILIES:
        if family in available:
            return available[family], family
    log.warning("no CJK font found: Chinese names in charts will not render")
    return None, None


def render(report: Report, settings: Settings, lang: str) -> bytes:
    """The chart's PNG bytes."""
    # rcParams are global: two reports drawn at once in worker threads take turns.
    with _drawing:
        return _render(report, settings, lang)


def _render(report: Report, settings: Settings, lang: str) -> bytes:
    cat = catalogue()
    _, family = cjk_font()
    rc = {"font.family": [family, "DejaVu Sans"] if family else ["DejaVu Sans"],
          "axes.unicode_minus": False}
    with matplotlib.rc_context(rc):
        rows = report.rows
        figure = Figure(figsize=(10, 8 + 0.1 * len(rows)), dpi=100, layout="constrained")
        live, gmv = figure.subplots(2, 1)
        days = report.days
        for row in rows:
            hours = [d.live_minutes / 60 for d in row.days]
            live.plot(days, hours, marker="o", markersize=3, label=row.name)
        minimum = settings.rules.min_live_minutes / 60
        live.axhline(minimum, color="red", linestyle="--",
                     label=cat.t(lang, "report.chart.minimum", hours=f"{minimum:g}"))
        live.set_title(cat.t(lang, "report.chart.live_title", first=report.first.isoformat(),
                             last=report.last.isoformat()))
        live.set_ylabel(cat.t(lang, "report.chart.hours"))
        if 0 < len(rows) <= MAX_LEGEND:
            live.legend(fontsize=8, ncols=max(1, len(rows) // 12 + 1), loc="upper left",
                        bbox_to_anchor=(1.01, 1))
        live.xaxis.set_major_formatter(DateFormatter("%m-%d"))
        live.tick_params(axis="x", labelrotation=45)

        names = [row.name for row in rows]
        positions = range(len(rows))
        gmv.bar([p - 0.2 for p in positions], [r.gmv_fen / 100 for r in rows], width=0.4,
                label=cat.t(lang, "report.chart.gmv"))
        gmv.bar([p + 0.2 for p in positions], [(r.target_fen or 0) / 100 for r in rows],
                width=0.4, label=cat.t(lang, "report.chart.target"), color="lightgray")
        gmv.set_xticks(list(positions), names, rotation=45 if len(rows) > 6 else 0, ha="right"
                       if len(rows) > 6 else "center")
        gmv.set_title(cat.t(lang, "report.chart.gmv_title"))
        gmv.set_ylabel(cat.t(lang, "report.chart.yuan"))
        gmv.legend(fontsize=8)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()
