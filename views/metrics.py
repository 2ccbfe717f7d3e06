"""Metrics and targets: one host's month against the tenure target."""

from __future__ import annotations

from studio.metrics import KEYS, Progress
from studio.text import format_fen
from views import t


def progress_text(lang: str, item: Progress) -> str:
    """One host's month: GMV, target (and the part due so far), what is left, per day."""
    if item.target_fen is None:
        return t(lang, "metrics.target_no_start", who=item.person.name,
                 gmv=format_fen(item.gmv_fen))
    if item.target_fen == 0:
        return t(lang, "metrics.target_zero", who=item.person.name, gmv=format_fen(item.gmv_fen))
    if item.left_fen == 0:
        tail = t(lang, "metrics.target_met")
    elif item.days_left == 1:
        tail = t(lang, "metrics.target_left_last", left=format_fen(item.left_fen))
    else:
        tail = t(lang, "metrics.target_left", left=format_fen(item.left_fen),
                 days=item.days_left, per_day=format_fen(item.per_day_fen or 0))
    return t(lang, "metrics.target_line", who=item.person.name, gmv=format_fen(item.gmv_fen),
             target=format_fen(item.target_fen), due=format_fen(item.due_fen or 0), tail=tail)


def own_progress_text(lang: str, month: str, item: Progress) -> str:
    return "\n".join([t(lang, "metrics.target_title_own", month=month),
                      progress_text(lang, item)])


def progress_summary(lang: str, month: str, progress: list[Progress]) -> str:
    lines = [t(lang, "metrics.target_title_all", month=month)]
    lines += [progress_text(lang, item) for item in progress]
    if not progress:
        lines.append(t(lang, "metrics.target_no_hosts"))
    return "\n".join(lines)


def keys_text(lang: str) -> str:
    """The metrics a refusal lists, as the reader writes them: 粉丝、新增粉丝… / fans, new_fans…
    (both are accepted, whatever the language)."""
    return t(lang, "metrics.key_joiner").join(t(lang, f"metrics.typed_{key}") for key in KEYS)
