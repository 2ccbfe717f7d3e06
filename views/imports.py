"""The import's preview card: one line a broadcast (date, time, host, GMV, viewers, orders,
new fans), what it replaces, the rows that matched nothing, and 确认 / 取消."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from studio.clock import Clock, from_db
from studio.imports.drafts import Line, Preview
from studio.imports.matching import Match
from studio.text import format_fen
from views import has, keyboard, t
from views.buttons import encode

UNMATCHED_SHOWN = 20  # a month of another studio's rows is counted, not listed row by row
SHOWN = ("gmv", "viewers", "orders", "new_fans")  # the card's figures; the others are saved too


def figure(lang: str, key: str, value) -> str:
    shown = format_fen(value) if key == "gmv" else (f"{value:,}" if isinstance(value, int) else str(value))
    return t(lang, f"imports.figure_{key}" if key in SHOWN else "imports.figure_other",
             value=shown, name=t(lang, f"metrics.name_{key}"))


def line_text(lang: str, clock: Clock, line: Line) -> str:
    broadcast = line.broadcast
    start = clock.local(from_db(broadcast.started_at))
    figures = [figure(lang, k, line.values[k]) for k in SHOWN if k in line.values]
    figures += [figure(lang, k, v) for k, v in line.values.items() if k not in SHOWN]
    text = t(lang, "imports.line", day=start.strftime("%m-%d"), time=start.strftime("%H:%M"),
             host=broadcast.staff.name, number=broadcast.id, figures=" · ".join(figures))
    if line.unchanged:
        return text + t(lang, "imports.line_same")
    if line.replaces:
        was = " · ".join(figure(lang, k, v) for k, v in line.replaces.items())
        return text + "\n" + t(lang, "imports.line_replaces", was=was)
    return text


def unmatched_text(lang: str, clock: Clock, match: Match) -> str:
    row = match.row
    when = clock.local(row.start).strftime("%m-%d %H:%M") if row.start else "—"
    reason = match.outcome
    params = {}
    if match.outcome == "problem":
        reason, _, currency = row.problem.partition(":")
        reason = reason.removeprefix("import_")
        params["currency"] = currency
        if not has(f"imports.why_{reason}"):  # a number too large, and the like
            reason = "bad_number"
    return t(lang, "imports.unmatched", line=row.line, when=when, account=row.account or "—",
             reason=t(lang, f"imports.why_{reason}", **params))


def preview_text(lang: str, clock: Clock, preview: Preview) -> str:
    source = t(lang, f"imports.source_{preview.source}")
    parts = [t(lang, "imports.title", source=source, count=len(preview.lines))]
    parts += [line_text(lang, clock, line) for line in preview.lines]
    if preview.unmatched:
        parts.append(t(lang, "imports.unmatched_title", count=len(preview.unmatched)))
        parts += [unmatched_text(lang, clock, m) for m in preview.unmatched[:UNMATCHED_SHOWN]]
        if len(preview.unmatched) > UNMATCHED_SHOWN:
            parts.append(t(lang, "imports.unmatched_more",
                           count=len(preview.unmatched) - UNMATCHED_SHOWN))
    if preview.draft is not None:
        key = "imports.ask_replace" if any(line.replaces for line in preview.to_write) \
            else "imports.ask"
        parts.append(t(lang, key, count=len(preview.to_write)))
    elif preview.lines:
        parts.append(t(lang, "imports.nothing_new"))
    else:
        parts.append(t(lang, "imports.nothing_matched"))
    return "\n".join(parts)


def preview_keyboard(lang: str, draft_id: int) -> InlineKeyboardMarkup:
    return keyboard([[(t(lang, "imports.confirm"), encode("import", "save", draft_id)),
                      (t(lang, "imports.cancel"), encode("import", "cancel", draft_id))]])


def saved_text(lang: str, clock: Clock, written: list[Line]) -> str:
    lines = [t(lang, "imports.saved", count=len(written))]
    lines += [line_text(lang, clock, line) for line in written]
    return "\n".join(lines)
