"""The stock of samples as people read it (handbook duties 1, 9): the warehouse by brand, a
sample's history, the counts by status, since when each is in its status and who put it there,
what waits to be sent back, and the weekly return sweep.

Reading only: every move of a sample is ``studio.samples``'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peewee import JOIN, fn

from models import Sample, SampleEvent, SampleStatus, Staff, as_datetime
from studio.clock import Clock, from_db, to_db
from studio.samples import brand_key

# --- the warehouse ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BrandShelf:
    brand: str | None  # None: the small brands kept together (散户品牌)
    samples: list[Sample]


def warehouse(brand: str | None, small_brand_max: int) -> list[BrandShelf]:
    """The warehouse as it hangs: by brand, newer in front, older behind; brands with fewer
    than ``small_brand_max`` samples together at the end (duty 1). ``brand``: that brand only."""
    query = Sample.in_status(SampleStatus.WAREHOUSE)
    if brand is not None:
        query = query.where(Sample.brand_key == brand_key(brand))
    samples = list(query.order_by(Sample.arrived_at.desc(), Sample.id.desc()))
    by_brand: dict[str, list[Sample]] = {}
    for sample in samples:
        by_brand.setdefault(sample.brand_key, []).append(sample)
    if brand is not None:
        return [BrandShelf(group[0].brand, group) for group in by_brand.values()]
    shelves, small = [], []
    for key in sorted(by_brand):
        group = by_brand[key]
        if len(group) < small_brand_max:
            small.extend(group)
        else:
            shelves.append(BrandShelf(group[0].brand, group))
    if small:
        small.sort(key=lambda s: (s.brand_key, -s.arrived_at.timestamp(), -s.id))
        shelves.append(BrandShelf(None, small))
    return shelves


# --- history and waits --------------------------------------------------------------------------------------


def history(sample: Sample) -> list[SampleEvent]:
    return list(SampleEvent.select(SampleEvent, Staff)
                .join(Staff, JOIN.LEFT_OUTER, on=(SampleEvent.actor == Staff.id))
                .where(SampleEvent.sample == sample)
                .order_by(SampleEvent.at, SampleEvent.id))


def waiting_for_return() -> list[Sample]:
    """Samples decided to be sent back and not yet sent, oldest decision first, with the person
    who logged them loaded (the report's "samples waiting for return")."""
    return list(Sample.select(Sample, Staff)
                .join(Staff, JOIN.LEFT_OUTER, on=(Sample.logged_by == Staff.id))
                .where(Sample.status == SampleStatus.TO_RETURN)
                .order_by(Sample.updated_at, Sample.id))


# A person's samples still waiting on them (``/me``): logged onto the rack and never put away
# (duty 1), or decided "to return" and not yet sent back in the Thursday sweep (duty 9).
OPEN_STATUSES = (SampleStatus.RACK, SampleStatus.TO_RETURN)


def counts_by_status(staff_ids: list[int] | None = None) -> dict[SampleStatus, int]:
    """Samples by status, every status present: studio-wide, or those ``staff_ids`` logged."""
    query = Sample.select(Sample.status, fn.COUNT(Sample.id))
    if staff_ids is not None:
        query = query.where(Sample.logged_by.in_(staff_ids))
    counts = dict.fromkeys(SampleStatus, 0)
    for status, count in query.group_by(Sample.status).tuples():
        counts[status] = count
    return counts


def since_of(samples: list[Sample]) -> dict[int, tuple[datetime, Staff | None]]:
    """sample id → (since when, naive UTC; who) it is in its present status: the latest event
    that moved it there (its last update when no event says so)."""
    if not samples:
        return {}
    latest: dict[int, SampleEvent] = {}
    events = (SampleEvent.select(SampleEvent, Staff)
              .join(Staff, JOIN.LEFT_OUTER, on=(SampleEvent.actor == Staff.id))
              .where(SampleEvent.sample.in_([s.id for s in samples]))
              .order_by(SampleEvent.at, SampleEvent.id))
    status_of = {s.id: s.status for s in samples}
    for event in events:
        if event.to_status == status_of[event.sample_id] and event.from_status != event.to_status:
            latest[event.sample_id] = event
    out = {}
    for sample in samples:
        event = latest.get(sample.id)
        out[sample.id] = ((event.at, event.actor if event.actor_id else None) if event
                          else (sample.updated_at, None))
    return out


def waiting_since() -> list[tuple[Sample, datetime]]:
    """The samples waiting to be sent back, each with since when (naive UTC) by the rule of
    ``since_of``, the latest event that moved it there summed by the database (the workbook's
    list: thousands of samples, whose every event ``since_of`` would read)."""
    moved_there = ((SampleEvent.sample == Sample.id)
                   & (SampleEvent.to_status == SampleStatus.TO_RETURN)
                   & (SampleEvent.from_status.is_null(True)
                      | (SampleEvent.from_status != SampleStatus.TO_RETURN)))
    latest = dict(Sample.select(Sample.id, fn.MAX(SampleEvent.at))
                  .join(SampleEvent, on=moved_there)
                  .where(Sample.status == SampleStatus.TO_RETURN)
                  .group_by(Sample.id)
                  .tuples())
    return [(sample, as_datetime(latest[sample.id]) if latest.get(sample.id) is not None
             else sample.updated_at) for sample in waiting_for_return()]


def waiting_summary() -> tuple[int, tuple[int, datetime] | None]:
    """How many samples wait to be sent back, and the one waiting longest: (its id, since when,
    naive UTC) by the rule of ``since_of``, in two aggregate queries — the report's tables need
    no more than this, and a busy studio has thousands of samples and events."""
    count = Sample.in_status(SampleStatus.TO_RETURN).count()
    if not count:
        return 0, None
    moved_there = ((SampleEvent.sample == Sample.id)
                   & (SampleEvent.to_status == SampleStatus.TO_RETURN)
                   & (SampleEvent.from_status.is_null(True)
                      | (SampleEvent.from_status != SampleStatus.TO_RETURN)))
    since = fn.COALESCE(fn.MAX(SampleEvent.at), Sample.updated_at)
    sample_id, moment = (Sample
                         .select(Sample.id, since)
                         .join(SampleEvent, JOIN.LEFT_OUTER, on=moved_there)
                         .where(Sample.status == SampleStatus.TO_RETURN)
                         .group_by(Sample.id, Sample.updated_at)
                         .order_by(since, Sample.id)
                         .limit(1)
                         .tuples()
                         .get())
    if isinstance(moment, str):  # SQLite hands an aggregate back as the stored text
        moment = SampleEvent.at.python_value(moment)
    return count, (sample_id, moment)


@dataclass(frozen=True)
class Waiting:
    """A sample in the sweep: since when (naive UTC) it is in its status, and who put it there."""

    sample: Sample
    since: datetime
    by: Staff | None
    days: int


def _waiting(samples: list[Sample], clock: Clock, now: datetime) -> list[Waiting]:
    """Each sample with the latest event that put it in its present status."""
    since = since_of(samples)
    today = clock.local(now).date()
    out = [Waiting(sample, since[sample.id][0], since[sample.id][1],
                   (today - clock.local(from_db(since[sample.id][0])).date()).days)
           for sample in samples]
    return sorted(out, key=lambda w: (w.sample.brand_key, w.since, w.sample.id))


@dataclass(frozen=True)
class Sweep:
    to_return: list[Waiting]
    no_return: list[Waiting]
    stale: list[Waiting]  # in the warehouse longer than stale_days: candidates to send back


def sweep(clock: Clock, now: datetime, stale_days: int) -> Sweep:
    """The weekly sweep (duty 9): what is to be sent back or cleared, and old warehouse stock.

    "In the warehouse longer than stale_days" counts from its latest move into the warehouse,
    so a sample that was on a broadcast last week is not stale."""
    decided = list(Sample.in_status(SampleStatus.TO_RETURN, SampleStatus.NO_RETURN))
    waiting = _waiting(decided, clock, now)
    stored = _waiting(list(Sample.in_status(SampleStatus.WAREHOUSE)), clock, now)
    return Sweep([w for w in waiting if w.sample.status == SampleStatus.TO_RETURN],
                 [w for w in waiting if w.sample.status == SampleStatus.NO_RETURN],
                 [w for w in stored if w.days > stale_days])


def still_waiting(clock: Clock, now: datetime) -> list[Waiting]:
    """The follow-up: samples still to be sent back."""
    return _waiting(waiting_for_return(), clock, now)


def returned_today(clock: Clock, now: datetime) -> int:
    """How many samples were sent back or cleared since the business day began: with none still
    waiting, the follow-up has good news only when some went today."""
    begin, _ = clock.day_bounds(clock.business_day(now))
    return (SampleEvent.select()
            .where((SampleEvent.to_status == SampleStatus.RETURNED)
                   & (SampleEvent.at >= begin) & (SampleEvent.at <= to_db(now)))
            .count())
