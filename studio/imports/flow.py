"""From a file's bytes to the preview: read (heavy, no database: a worker thread may run it),
then match and prepare (the database, in the caller's thread)."""

from __future__ import annotations

from datetime import datetime

from config import Settings
from models import Staff
from studio import metrics
from studio.clock import Clock
from studio.errors import BadInput
from studio.imports import drafts, ocr
from studio.imports.drafts import Preview
from studio.imports.matching import Match, match_rows
from studio.imports.sheets import Export, Row, read_export
from studio.text import format_bytes


def metric_keys() -> set[str]:
    return {key for key in metrics.KEYS if metrics.KIND[key] != "text"}


def check_size(size: int | None, settings: Settings) -> None:
    """Refused before it is downloaded (Telegram says the size of what was sent)."""
    if size is not None and size > settings.imports.max_bytes:
        raise BadInput("import_too_big", size=format_bytes(size),
                       max=format_bytes(settings.imports.max_bytes))


def read_file(data: bytes, name: str, settings: Settings, now: datetime) -> Export:
    check_size(len(data), settings)
    imports = settings.imports
    export = read_export(
        data, name, tz_of=lambda platform: imports.zone(settings.studio.timezone, platform),
        rates=imports.rate_table, max_rows=imports.max_rows, now=now,
        extra_aliases=imports.aliases, metric_keys=metric_keys())
    for row in export.rows:  # a typo-sized GMV is refused as /metrics refuses it
        if row.values.get("gmv", 0) > settings.metrics.max_gmv * 100:
            row.problem, row.values = "import_bad_number", {}
    return export


def read_image(data: bytes, settings: Settings) -> dict[str, int]:
    check_size(len(data), settings)
    values = ocr.read_screenshot(data, metric_keys(), settings.imports.rate_table)
    if values.get("gmv", 0) > settings.metrics.max_gmv * 100:
        raise BadInput("gmv_too_large", value=values["gmv"] // 100, max=settings.metrics.max_gmv)
    return values


def preview_export(export: Export, digest: str, by: Staff, may_any: bool, chat_id: int,
                   now: datetime) -> Preview:
    matches = match_rows(export.rows, export.platform, None if may_any else by.id, now)
    return drafts.prepare(by, chat_id, export.platform, digest, matches, now)


def preview_screenshot(values: dict[str, int], digest: str, by: Staff, broadcast_id: int | None,
                       may_any: bool, clock: Clock, chat_id: int, now: datetime) -> Preview:
    """The screenshot's figures for the broadcast named in the caption, else the sender's
    latest of the business day (as ``/metrics`` chooses)."""
    broadcast = metrics.broadcast_for(by, broadcast_id, may_any, clock, now)
    match = Match(Row(0, values=values), broadcast)
    return drafts.prepare(by, chat_id, "screenshot", digest, [match], now)
