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

from models import Sample, SampleEvent, SampleStatus, Staff, audit, db
from studio.clock import to_db
from studio.errors import BadInput
from studio.parse.ids import is_sample_id, parse_sample_ids, sample_code
from studio.parse.lists import as_typed, split_list
from studio.parse.numbers import fold
from studio.parse.quantities import parse_quantity, split_quantity

RACK, LINEUP, WAREHOUSE = SampleStatus.RACK, SampleStatus.LINEUP, SampleStatus.WAREHOUSE
TO_RETURN, NO_RETURN = SampleStatus.TO_RETURN, SampleStatus.NO_RETURN
STATUSES = tuple(SampleStatus)

# The one table of moves: action -> (the statuses it may start from, the status it leads to).
# ``unpick`` leads back to where the sample was picked from (rack or warehouse): None below.
MOVES: dict[str, tuple[frozenset[SampleStatus], SampleStatus | None]] = {
    "pick": (frozenset({RACK, WAREHOUSE}), LINEUP),
    "unpick": (frozenset({LINEUP}), None),
    "keep": (frozenset({LINEUP}), LINEUP),
    "shelve": (frozenset({RACK}), WAREHOUSE),
    "close": (frozenset({RACK, LINEUP}), WAREHOUSE),  # the business day's end (duty 3)
    "to_return": (frozenset({WAREHOUSE, NO_RETURN}), TO_RETURN),
    "no_return": (frozenset({WAREHOUSE, TO_RETURN}), NO_RETURN),
    "returned": (frozenset({TO_RETURN, NO_RETURN}), SampleStatus.RETURNED),
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


def _note_after_count(words: list[str]) -> tuple[list[str], str]:
    """``眼影盘 2个 放左边``: the words after the count are the note (``brand item [xN] [note]``),
    unless another count is among them (``口红 x2 x3`` stays two counts, refused)."""
    for i, word in enumerate(words[1:-1], start=1):
        if parse_quantity(word) is not None:
            after = words[i + 1:]
            if any(parse_quantity(w) is not None for w in after):
                break
            return words[:i + 1], as_typed(after)
    return words, ""


def parse_arrival(text: str, max_count: int) -> Arrival:
    """``brand item [xN|N个|两个] [备注:note]`` → an Arrival (words split as
    ``studio.parse.lists`` does: ``花西子，口红，x2``).

    The brand is the first word, or a quoted name (``"A&B Lab"``, “…”, 「…」) when it has
    spaces; the item is every word after it up to ``xN`` (a word of its own: N samples); the
    note is everything after ``备注:`` (or ``note:``), or else the words after the count."""
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
    if not brand or parse_quantity(brand) is not None:
        raise BadInput("no_brand")
    if not note:
        rest, note = _note_after_count(rest)
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
    note = as_typed(args[count:])
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


def _move(sample: Sample, to: SampleStatus, actor: Staff | None, now: datetime, note: str = "") -> None:
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
                                   status=RACK, arrived_at=to_db(now), logged_by=actor,
                                   updated_at=to_db(now))
            SampleEvent.create(sample=sample, at=to_db(now), actor=actor, from_status=None,
                               to_status=RACK, note=arrival.note)
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
                .where((Sample.status == LINEUP) & (Sample.lineup_day == day))
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
            _move(sample, LINEUP, actor, now, f"#{tag}")
        _audit(actor, "pick", samples, day.isoformat(), now=now)
    return samples


def _picked_from(sample: Sample) -> SampleStatus:
    """Where a lineup sample came from: the rack or the warehouse."""
    event = (SampleEvent.select()
             .where((SampleEvent.sample == sample) & (SampleEvent.to_status == LINEUP)
                    & (SampleEvent.from_status != LINEUP))
             .order_by(SampleEvent.at.desc(), SampleEvent.id.desc()).first())
    return event.from_status if event and event.from_status in (RACK, WAREHOUSE) else RACK


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
            _move(sample, LINEUP, actor, now, KEEP_NOTE)
        _audit(actor, "keep", samples, now=now)
    return samples


def on_rack() -> list[Sample]:
    return list(Sample.in_status(RACK).order_by(Sample.id))


def shelve(ids: list[int] | None, actor: Staff | None, now: datetime) -> list[Sample]:
    """Rack → warehouse: what was not chosen for today (duty 1). ``None``: all the rack."""
    samples = on_rack() if ids is None else load(ids)
    check_move(samples, "shelve")
    with db.atomic():
        for sample in samples:
            _move(sample, WAREHOUSE, actor, now)
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
                   .where((Sample.status == LINEUP) & (Sample.lineup_day < new_day))
                   .order_by(Sample.lineup_day, Sample.tag, Sample.id))
        kept = [s for s in old if s.keep]
        shelved = [s for s in old if not s.keep] + on_rack()
        for sample in shelved:
            _move(sample, WAREHOUSE, None, now)
        next_tag = len(_book(new_day)) + 1
        for tag, sample in enumerate(kept, start=next_tag):
            sample.lineup_day, sample.tag, sample.keep = new_day, tag, False
            _move(sample, LINEUP, None, now, f"{CARRY_NOTE} #{tag}")
        if shelved or kept:
            _audit(None, "close_day", shelved + kept, new_day.isoformat(), now=now)
    return DayClose(shelved, kept)


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
