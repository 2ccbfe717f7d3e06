"""Parcels and samples (handbook duties 1, 2, 3, 9): the transit rack, the day's order book, the
warehouse, and the weekly return sweep.

A sample's life: ``rack`` (unpacked onto the transit rack) → ``lineup`` (picked into the day's
order book, its tag number the order it was picked in) → ``warehouse`` (hung back by brand) →
``to_return`` / ``no_return`` (the return decision) → ``returned`` (sent back, or cleared).
``MOVES`` below is the one table of what may become what. Every change is a ``SampleEvent``
with who and when; a command on several samples checks them all first and writes them in one
transaction, so it does all or nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from peewee import JOIN, fn

from models import Sample, SampleEvent, Staff, audit, db
from studio.clock import Clock, from_db, to_db
from studio.errors import BadInput
from studio.parse.lists import split_list
from studio.parse.quantities import split_quantity
from studio.parsing import (
    fold,
    is_sample_id,
    parse_sample_ids,
    parse_times,
    sample_code,
)

STATUSES = ("rack", "lineup", "warehouse", "to_return", "no_return", "returned")

# The one table of moves: action -> (the statuses it may start from, the status it leads to).
# ``unpick`` leads back to where the sample was picked from (rack or warehouse): None below.
MOVES: dict[str, tuple[frozenset[str], str | None]] = {
    "pick": (frozenset({"rack", "warehouse"}), "lineup"),
    "unpick": (frozenset({"lineup"}), None),
    "keep": (frozenset({"lineup"}), "lineup"),
    "shelve": (frozenset({"rack"}), "warehouse"),
    "close": (frozenset({"rack", "lineup"}), "warehouse"),  # the business day's end (duty 3)
    "to_return": (frozenset({"warehouse", "no_return"}), "to_return"),
    "no_return": (frozenset({"warehouse", "to_return"}), "no_return"),
    "returned": (frozenset({"to_return", "no_return"}), "returned"),
}

BRAND_MAX = 64
ITEM_MAX = 255
NOTE_MAX = 500
TRACKING_MAX = 128

# Event notes the bot writes itself (rendered through the catalogue, not shown as typed).
KEEP_NOTE = "keep"
CARRY_NOTE = "carry"


def brand_key(brand: str) -> str:
    """One key per brand however it is typed: ``ＡＢＣ``, ``abc`` and ``ABC`` are one brand."""
    return " ".join(fold(brand).casefold().split())


# --- parsing what people type -------------------------------------------------------------------


@dataclass(frozen=True)
class Arrival:
    brand: str
    item: str
    count: int
    note: str


_NOTE_MARK = re.compile(r"备注\s*[:：]|(?<!\S)note\s*:", re.IGNORECASE)
_QUOTED = re.compile(r'^(?:"([^"]*)"|“([^”]*)”|「([^」]*)」)(.*)$', re.DOTALL)


def parse_arrival(text: str, max_count: int) -> Arrival:
    """``brand item [xN|N个|两个] [备注:note]`` → an Arrival (words split as
    ``studio.parse.lists`` does: ``花西子，口红，x2``).

    The brand is the first word, or a quoted name (``"A&B Lab"``, “…”, 「…」) when it has
    spaces; the item is every word after it; ``xN`` (a word of its own) logs N samples; the note
    is everything after ``备注:`` (or ``note:``)."""
    text = text.strip()
    note = ""
    mark = _NOTE_MARK.search(text)
    if mark:
        text, note = text[:mark.start()].strip(), text[mark.end():].strip()
    quoted = _QUOTED.match(text)
    if quoted:
        brand = next(g for g in quoted.groups()[:3] if g is not None).strip()
        rest = split_list(quoted.group(4))
    elif text[:1] in ('"', "“", "「"):  # "A&B Lab 面霜: the brand would be "A&B
        raise BadInput("unclosed_quote")
    else:
        words = split_list(text)
        brand, rest = (words[0], words[1:]) if words else ("", [])
    brand = " ".join(brand.split())
    if not brand or parse_times(brand) is not None:
        raise BadInput("no_brand")
    words, count = split_quantity(rest, max_count, stuck=True)
    item = " ".join(words)
    if not item:
        raise BadInput("no_item")
    if len(brand) > BRAND_MAX:
        raise BadInput("brand_too_long", max=BRAND_MAX)
    if len(item) > ITEM_MAX:
        raise BadInput("item_too_long", max=ITEM_MAX)
    if len(note) > NOTE_MAX:
        raise BadInput("note_too_long", max=NOTE_MAX)
    return Arrival(brand, item, count, note)


def split_ids_and_note(args: list[str]) -> tuple[list[int], str]:
    """``S12 S13-S15 the note`` → ([12, 13, 14, 15], "the note"): the ids lead, the rest is text."""
    count = 0
    while count < len(args) and is_sample_id(args[count]):
        count += 1
    if count == 0 and args:
        raise BadInput("bad_sample_id", value=args[0])
    ids = parse_sample_ids(args[:count])
    note = " ".join(args[count:])
    if len(note) > NOTE_MAX:
        raise BadInput("note_too_long", max=NOTE_MAX)
    return ids, note


# --- checks before writing ----------------------------------------------------------------------


def load(ids: list[int]) -> list[Sample]:
    """The samples with these ids, in the order given; unknown ids are bad input."""
    found = {s.id: s for s in Sample.select().where(Sample.id.in_(ids))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise BadInput("unknown_samples", ids=" ".join(sample_code(i) for i in missing))
    return [found[i] for i in ids]


def check_move(samples: list[Sample], action: str) -> None:
    """Refuse the whole command if any sample's status does not allow ``action``."""
    allowed, _ = MOVES[action]
    wrong = [s for s in samples if s.status not in allowed]
    if wrong:
        raise BadInput(f"cannot_{action}", samples=codes(wrong))


def _move(sample: Sample, to: str, actor: Staff | None, now: datetime, note: str = "") -> None:
    """Change a sample's status and record the event (inside the caller's transaction)."""
    SampleEvent.create(sample=sample, at=to_db(now), actor=actor, from_status=sample.status,
                       to_status=to, note=note)
    sample.status = to
    sample.updated_at = to_db(now)
    sample.save()


def codes(samples: list[Sample]) -> str:
    """``S12 S13``: a list of samples as people read it."""
    return " ".join(sample_code(s.id) for s in samples)


def _audit(actor: Staff | None, action: str, samples: list[Sample], detail: str = "", *,
           now: datetime) -> None:
    target = ",".join(sample_code(s.id) for s in samples)
    audit(actor, f"sample.{action}", target[:64], detail[:500], at=now)


# --- arrival --------------------------------------------------------------------------------------


def display_brand(brand: str) -> str:
    """The spelling the studio first used for this brand."""
    first = (Sample.select(Sample.brand).where(Sample.brand_key == brand_key(brand))
             .order_by(Sample.id).first())
    return first.brand if first else brand


def arrive(arrival: Arrival, actor: Staff | None, now: datetime,
           photo_file_id: str | None = None) -> list[Sample]:
    """Log a parcel's products onto the transit rack: one sample per item (duty 1)."""
    brand = display_brand(arrival.brand)
    samples = []
    with db.atomic():
        for _ in range(arrival.count):
            sample = Sample.create(brand=brand, brand_key=brand_key(brand), item=arrival.item,
                                   note=arrival.note, photo_file_id=photo_file_id,
                                   status="rack", arrived_at=to_db(now), logged_by=actor,
                                   updated_at=to_db(now))
            SampleEvent.create(sample=sample, at=to_db(now), actor=actor, from_status=None,
                               to_status="rack", note=arrival.note)
            samples.append(sample)
        _audit(actor, "arrival", samples, f"{brand} {arrival.item} x{arrival.count}", now=now)
    return samples


# --- the day's order book ------------------------------------------------------------------------


def lineup(day: date) -> list[Sample]:
    """The order book of a business day, by tag. Today's is the samples hanging in it now; a
    past day's is the samples whose last book it was (kept ones moved on to the next day)."""
    query = Sample.select().where(Sample.lineup_day == day)
    return list(query.order_by(Sample.tag, Sample.id))


def _book(day: date) -> list[Sample]:
    return list(Sample.select()
                .where((Sample.status == "lineup") & (Sample.lineup_day == day))
                .order_by(Sample.tag, Sample.id))


def _renumber(day: date) -> None:
    for tag, sample in enumerate(_book(day), start=1):
        if sample.tag != tag:
            sample.tag = tag
            sample.save(only=[Sample.tag])


def pick(ids: list[int], actor: Staff | None, now: datetime, day: date) -> list[Sample]:
    """Add samples to the day's order book; the order picked is the tag number (duty 2)."""
    samples = load(ids)
    check_move(samples, "pick")
    with db.atomic():
        next_tag = len(_book(day)) + 1
        for tag, sample in enumerate(samples, start=next_tag):
            sample.lineup_day, sample.tag, sample.keep = day, tag, False
            _move(sample, "lineup", actor, now, f"#{tag}")
        _audit(actor, "pick", samples, day.isoformat(), now=now)
    return samples


def _picked_from(sample: Sample) -> str:
    """Where a lineup sample came from: the rack or the warehouse."""
    event = (SampleEvent.select()
             .where((SampleEvent.sample == sample) & (SampleEvent.to_status == "lineup")
                    & (SampleEvent.from_status != "lineup"))
             .order_by(SampleEvent.at.desc(), SampleEvent.id.desc()).first())
    return event.from_status if event and event.from_status in ("rack", "warehouse") else "rack"


def unpick(ids: list[int], actor: Staff | None, now: datetime) -> list[Sample]:
    """Take samples out of the book, back where they were picked from; the rest renumbered."""
    samples = load(ids)
    check_move(samples, "unpick")
    with db.atomic():
        days = {s.lineup_day for s in samples}
        for sample in samples:
            back = _picked_from(sample)
            sample.lineup_day, sample.tag, sample.keep = None, None, False
            _move(sample, back, actor, now)
        for day in days:
            _renumber(day)
        _audit(actor, "unpick", samples, now=now)
    return samples


def keep(ids: list[int], actor: Staff | None, now: datetime) -> list[Sample]:
    """Mark lineup samples to stay for the next day's broadcast (duty 3)."""
    samples = load(ids)
    check_move(samples, "keep")
    with db.atomic():
        for sample in samples:
            if sample.keep:
                continue
            sample.keep = True
            _move(sample, "lineup", actor, now, KEEP_NOTE)
        _audit(actor, "keep", samples, now=now)
    return samples


def on_rack() -> list[Sample]:
    return list(Sample.select().where(Sample.status == "rack").order_by(Sample.id))


def shelve(ids: list[int] | None, actor: Staff | None, now: datetime) -> list[Sample]:
    """Rack → warehouse: what was not chosen for today (duty 1). ``None``: all the rack."""
    samples = on_rack() if ids is None else load(ids)
    check_move(samples, "shelve")
    with db.atomic():
        for sample in samples:
            _move(sample, "warehouse", actor, now)
        if samples:
            _audit(actor, "shelve", samples, now=now)
    return samples


@dataclass(frozen=True)
class DayClose:
    shelved: list[Sample]  # to the warehouse: the un-kept lineup and the rack
    kept: list[Sample]  # still in the lineup, in the new day's book


def close_day(new_day: date, now: datetime) -> DayClose:
    """The business day's end (duty 3): lineup samples not kept, and whatever is still on the
    rack, go to the warehouse; kept samples move into ``new_day``'s book after the samples
    already in it, in their old order, their keep mark cleared. Done by the bot (no actor)."""
    with db.atomic():
        old = list(Sample.select()
                   .where((Sample.status == "lineup") & (Sample.lineup_day < new_day))
                   .order_by(Sample.lineup_day, Sample.tag, Sample.id))
        kept = [s for s in old if s.keep]
        shelved = [s for s in old if not s.keep] + on_rack()
        for sample in shelved:
            _move(sample, "warehouse", None, now)
        next_tag = len(_book(new_day)) + 1
        for tag, sample in enumerate(kept, start=next_tag):
            sample.lineup_day, sample.tag, sample.keep = new_day, tag, False
            _move(sample, "lineup", None, now, f"{CARRY_NOTE} #{tag}")
        if shelved or kept:
            _audit(None, "close_day", shelved + kept, new_day.isoformat(), now=now)
    return DayClose(shelved, kept)


# --- the warehouse ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BrandShelf:
    brand: str | None  # None: the small brands kept together (散户品牌)
    samples: list[Sample]


def warehouse(brand: str | None, small_brand_max: int) -> list[BrandShelf]:
    """The warehouse as it hangs: by brand, newer in front, older behind; brands with fewer
    than ``small_brand_max`` samples together at the end (duty 1). ``brand``: that brand only."""
    query = Sample.select().where(Sample.status == "warehouse")
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


# --- return decisions ------------------------------------------------------------------------------


def decide(ids: list[int], action: str, note: str, actor: Staff | None,
           now: datetime) -> list[Sample]:
    """``to_return`` / ``no_return`` / ``returned`` (with the tracking number as the note)."""
    samples = load(ids)
    check_move(samples, action)
    if action == "returned" and len(note) > TRACKING_MAX:
        raise BadInput("note_too_long", max=TRACKING_MAX)
    with db.atomic():
        for sample in samples:
            if action == "returned":
                sample.tracking = note
            elif note:
                sample.return_note = note
            _move(sample, MOVES[action][1], actor, now, note)
        _audit(actor, action, samples, note, now=now)
    return samples


# --- reading --------------------------------------------------------------------------------------


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
                .where(Sample.status == "to_return")
                .order_by(Sample.updated_at, Sample.id))


# A person's samples still waiting on them (``/me``): logged onto the rack and never put away
# (duty 1), or decided "to return" and not yet sent back in the Thursday sweep (duty 9).
OPEN_STATUSES = ("rack", "to_return")


def counts_by_status(staff_ids: list[int] | None = None) -> dict[str, int]:
    """Samples by status, every status present: studio-wide, or those ``staff_ids`` logged."""
    query = Sample.select(Sample.status, fn.COUNT(Sample.id))
    if staff_ids is not None:
        query = query.where(Sample.logged_by.in_(staff_ids))
    counts = dict.fromkeys(STATUSES, 0)
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


def waiting_summary() -> tuple[int, tuple[int, datetime] | None]:
    """How many samples wait to be sent back, and the one waiting longest: (its id, since when,
    naive UTC) by the rule of ``since_of``, in two aggregate queries — the report's tables need
    no more than this, and a busy studio has thousands of samples and events."""
    count = Sample.select().where(Sample.status == "to_return").count()
    if not count:
        return 0, None
    moved_there = ((SampleEvent.sample == Sample.id) & (SampleEvent.to_status == "to_return")
                   & (SampleEvent.from_status.is_null(True)
                      | (SampleEvent.from_status != "to_return")))
    since = fn.COALESCE(fn.MAX(SampleEvent.at), Sample.updated_at)
    sample_id, moment = (Sample
                         .select(Sample.id, since)
                         .join(SampleEvent, JOIN.LEFT_OUTER, on=moved_there)
                         .where(Sample.status == "to_return")
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
    decided = list(Sample.select().where(Sample.status.in_(["to_return", "no_return"])))
    waiting = _waiting(decided, clock, now)
    stored = _waiting(list(Sample.select().where(Sample.status == "warehouse")), clock, now)
    return Sweep([w for w in waiting if w.sample.status == "to_return"],
                 [w for w in waiting if w.sample.status == "no_return"],
                 [w for w in stored if w.days > stale_days])


def still_waiting(clock: Clock, now: datetime) -> list[Waiting]:
    """The follow-up: samples still to be sent back."""
    return _waiting(waiting_for_return(), clock, now)
