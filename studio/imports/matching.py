"""Each row of an export → the one logged broadcast it is, by time overlap and person.

A row overlaps a broadcast when their spans share any minute; the person is the row's account
(``/account``) when it is known, else anyone — but a host importing sees only her own
broadcasts. A row that overlaps none, or two, is listed as such; broadcasts under
``MIN_MINUTES`` are ignored (a /live sent by mistake and closed at once)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from models import Broadcast, Staff
from studio.clock import from_db, to_db
from studio.imports.accounts import folded, owners
from studio.imports.sheets import Row

MIN_MINUTES = 5
DEFAULT_SPAN = timedelta(minutes=1)  # a row with a start and no length: its first minute


@dataclass
class Match:
    row: Row
    broadcast: Broadcast | None = None
    outcome: str = "matched"  # matched | none | two | not_yours | taken | problem


def broadcast_end(broadcast: Broadcast, now: datetime) -> datetime:
    return from_db(broadcast.ended_at) if broadcast.ended_at else now


def match_rows(rows: list[Row], platform: str, only_staff: int | None,
               now: datetime) -> list[Match]:
    """``only_staff``: a host's own id (she imports her own broadcasts), None for ops."""
    # A CSV or another workbook names no platform: an account recorded on any matches.
    known = owners(platform if platform in ("douyin", "tiktok") else None)
    starts = [r.start for r in rows if r.start is not None]
    pool: list[Broadcast] = []
    if starts:
        first = min(starts).astimezone(UTC) - timedelta(days=1)
        last = max(r.until or r.start for r in rows if r.start).astimezone(UTC) + timedelta(days=1)
        # With each broadcast's host: the preview names them (one query, not one a line).
        query = (Broadcast.select(Broadcast, Staff).join(Staff)
                 .where((Broadcast.started_at >= to_db(first))
                        & (Broadcast.started_at <= to_db(last))))
        if only_staff is not None:
            query = query.where(Broadcast.staff == only_staff)
        pool = list(query.order_by(Broadcast.started_at))
    by_id = {}
    ids = [r.broadcast for r in rows if r.broadcast is not None]
    if ids:
        by_id = {b.id: b for b in Broadcast.select(Broadcast, Staff).join(Staff)
                 .where(Broadcast.id.in_(ids))}
    out, used = [], {}
    for row in rows:
        match = _one(row, pool, by_id, known, only_staff, now)
        if match.broadcast is not None:
            if match.broadcast.id in used:  # two rows, one broadcast: neither is guessed
                match.outcome = "two"
                used[match.broadcast.id].outcome = "two"
            else:
                used[match.broadcast.id] = match
        out.append(match)
    for match in out:
        if match.outcome != "matched":
            match.broadcast = match.broadcast if match.outcome == "not_yours" else None
    return out


def _one(row: Row, pool, by_id, known, only_staff, now) -> Match:
    if row.problem:
        return Match(row, outcome="problem")
    if row.broadcast is not None:
        broadcast = by_id.get(row.broadcast)
        if broadcast is None:
            return Match(row, outcome="none")
        if only_staff is not None and broadcast.staff_id != only_staff:
            return Match(row, broadcast, "not_yours")
        return Match(row, broadcast)
    start = row.start.astimezone(UTC)
    until = (row.until or row.start + DEFAULT_SPAN).astimezone(UTC)
    person = known.get(folded(row.account)) if row.account else None
    found = []
    for broadcast in pool:
        begun, ended = from_db(broadcast.started_at), broadcast_end(broadcast, now)
        if ended - begun < timedelta(minutes=MIN_MINUTES):
            continue
        if begun < until and start < ended and (person is None or broadcast.staff_id == person):
            found.append(broadcast)
    if only_staff is not None and person is not None and person != only_staff:
        return Match(row, outcome="not_yours")
    if not found:
        return Match(row, outcome="none")
    if len(found) > 1:
        return Match(row, outcome="two")
    return Match(row, found[0])
