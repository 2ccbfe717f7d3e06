"""The preview of an import and its confirmation.

``prepare`` turns matched rows into what a press would write: for each broadcast, the figures
that differ from its current metrics (a figure already recorded with the same value is left
alone, so the same file twice writes nothing). ``confirm`` writes them through
``studio.metrics.save_metrics`` — what ``/metrics`` calls, audited the same — once."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from models import Broadcast, MetricsEntry, MetricsImport, Staff, audit, db
from studio import metrics
from studio.clock import to_db
from studio.errors import Refused
from studio.imports.matching import Match


@dataclass
class Line:
    """One broadcast of the preview: the figures to write, and the ones they replace."""

    broadcast: Broadcast
    values: dict[str, int]
    old: dict[str, int | str] = field(default_factory=dict)  # only keys whose value changes

    @property
    def unchanged(self) -> bool:
        return not self.changes

    @property
    def changes(self) -> dict[str, int]:
        return {k: v for k, v in self.values.items() if self.old.get(k) != v}

    @property
    def replaces(self) -> dict[str, int | str]:
        return {k: self.old[k] for k in self.changes if k in self.old}


@dataclass
class Preview:
    source: str
    digest: str
    lines: list[Line]
    unmatched: list[Match]
    draft: MetricsImport | None = None

    @property
    def to_write(self) -> list[Line]:
        return [line for line in self.lines if not line.unchanged]


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def line_for(broadcast: Broadcast, values: dict[str, int], current: dict) -> Line:
    return Line(broadcast, values, {k: current[k] for k in values if k in current})


def currents(broadcast_ids: list[int]) -> dict[int, dict]:
    """Broadcast id → its current metrics, for many broadcasts in one query."""
    if not broadcast_ids:
        return {}
    entries = (MetricsEntry.select()
               .where(MetricsEntry.broadcast.in_(broadcast_ids) & MetricsEntry.current)
               .order_by(MetricsEntry.id))
    return {entry.broadcast_id: metrics.values_of(entry) for entry in entries}


def prepare(by: Staff, chat_id: int, source: str, digest: str, matches: list[Match],
            now: datetime) -> Preview:
    """The preview; a draft is kept only when a press would write something."""
    matched = [m for m in matches if m.outcome == "matched"]
    now_recorded = currents([m.broadcast.id for m in matched])
    lines = [line_for(m.broadcast, m.row.values, now_recorded.get(m.broadcast.id, {}))
             for m in matched]
    lines.sort(key=lambda line: line.broadcast.started_at)
    preview = Preview(source, digest, lines, [m for m in matches if m.outcome != "matched"])
    if preview.to_write:
        preview.draft = keep(by, chat_id, source, digest,
                             [(line.broadcast.id, line.values) for line in lines], now)
    return preview


def keep(by: Staff, chat_id: int, source: str, digest: str,
         items: list[tuple[int, dict]], now: datetime) -> MetricsImport:
    payload = json.dumps([{"broadcast": b, "values": v} for b, v in items], ensure_ascii=False)
    return MetricsImport.create(staff=by, chat_id=chat_id, created_at=to_db(now), source=source,
                                digest=digest, payload=payload)


def draft_of(draft_id: int) -> MetricsImport | None:
    return MetricsImport.get_or_none(MetricsImport.id == draft_id)


def lines_of(draft: MetricsImport) -> list[Line]:
    items = json.loads(draft.payload)
    found = {b.id: b for b in Broadcast.select(Broadcast, Staff).join(Staff).where(
        Broadcast.id.in_([item["broadcast"] for item in items]))}
    now_recorded = currents(list(found))
    return [line_for(found[item["broadcast"]], item["values"],
                     now_recorded.get(item["broadcast"], {}))
            for item in items if item["broadcast"] in found]


def confirm(draft: MetricsImport, by: Staff, now: datetime) -> list[Line]:
    """Write the draft's figures that still differ; the draft is then done. Only its sender
    confirms; a draft already decided writes nothing again."""
    if draft.staff_id != by.id:
        raise Refused("import_not_yours")
    if draft.status != "pending":
        raise Refused("import_decided")
    written = []
    with db.atomic():
        for line in lines_of(draft):
            changes = line.changes
            if changes:
                metrics.save_metrics(line.broadcast, by, changes, now)
                written.append(line)
        draft.status, draft.decided_at = "saved", to_db(now)
        draft.save()
        audit(by, "metrics.import", f"import:{draft.id}",
              f"{draft.source} {len(written)} broadcasts", at=now)
    return written


def cancel(draft: MetricsImport, by: Staff, now: datetime) -> None:
    if draft.staff_id != by.id:
        raise Refused("import_not_yours")
    if draft.status != "pending":
        raise Refused("import_decided")
    draft.status, draft.decided_at = "cancelled", to_db(now)
    draft.save()
