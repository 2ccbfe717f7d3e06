"""Samples: the order book as the host hangs the tags, and the group's day-close and sweep."""

from __future__ import annotations

from datetime import date

from models import Sample
from studio import sample_stock, samples
from studio.parse.ids import sample_code
from views import Markup, t


def book_lines(lang: str, book: list[Sample]) -> list[str]:
    """The order book as the host hangs the tags: ``1. S12 花西子 口红``."""
    return [t(lang, "samples.lineup_line", tag=s.tag, code=sample_code(s.id), brand=s.brand,
              item=s.item, kept=t(lang, "samples.kept_mark") if s.keep else "")
            for s in book]


def day_count(lang: str, n: int) -> Markup:
    """"1 day" / "3 days" (Chinese: "3 天")."""
    return Markup(t(lang, "samples.day_one" if n == 1 else "samples.day_many", n=n))


def waiting_lines(lang: str, waiting: list[sample_stock.Waiting], line_key: str) -> list[str]:
    """Samples grouped under their brand, each with who decided and how long it has waited."""
    lines, brand = [], None
    for w in waiting:
        if w.sample.brand_key != brand:
            brand = w.sample.brand_key
            lines.append(t(lang, "samples.sweep_brand", brand=w.sample.brand))
        note = w.sample.return_note if w.sample.status != "warehouse" else ""
        lines.append(t(lang, line_key, code=sample_code(w.sample.id), item=w.sample.item,
                       who=w.by.name if w.by else t(lang, "samples.the_bot"),
                       days=day_count(lang, w.days), note=f" · {note}" if note else ""))
    return lines


def close_text(lang: str, closed, new_day: date, closed_day: date) -> str:
    lines = [t(lang, "samples.close_title", day=f"{closed_day:%m-%d}")]
    if closed.shelved:
        lines.append(t(lang, "samples.close_shelved", count=len(closed.shelved),
                       codes=samples.codes(closed.shelved)))
    if closed.kept:
        lines.append(t(lang, "samples.close_kept", day=f"{new_day:%m-%d}"))
        lines += book_lines(lang, closed.kept)
    return "\n".join(lines)


def sweep_text(lang: str, found, day, stale_days: int) -> str:
    lines = [t(lang, "samples.sweep_title", day=f"{day:%m-%d}")]
    if found.to_return:
        lines.append(t(lang, "samples.sweep_to_return", count=len(found.to_return)))
        lines += waiting_lines(lang, found.to_return, "samples.sweep_line")
    if found.no_return:
        lines.append(t(lang, "samples.sweep_no_return", count=len(found.no_return)))
        lines += waiting_lines(lang, found.no_return, "samples.sweep_line")
    if not found.to_return and not found.no_return:
        lines.append(t(lang, "samples.sweep_nothing"))
    if found.stale:
        lines.append(t(lang, "samples.sweep_stale", count=len(found.stale),
                       days=day_count(lang, stale_days)))
        lines += waiting_lines(lang, found.stale, "samples.sweep_stale_line")
    return "\n".join(lines)


def followup_text(lang: str, waiting: list[sample_stock.Waiting]) -> str:
    if not waiting:
        return t(lang, "samples.followup_nothing")
    return "\n".join([t(lang, "samples.followup_title", count=len(waiting)),
                      *waiting_lines(lang, waiting, "samples.sweep_line")])
