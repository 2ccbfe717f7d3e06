"""Parcels and samples: /arrival (also a photo's caption), the day's order book, the warehouse,
the return decisions, and one sample's history."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import MessageHandler, filters

from handlers.base import Command, StudioContext, guard
from models import SampleEvent
from studio import sample_stock, samples
from studio.clock import from_db
from studio.errors import BadInput
from studio.parse.ids import parse_sample_ids, sample_code
from studio.parse.numbers import fold, is_whole
from studio.roster import Role
from studio.samples import codes
from views import t
from views.samples import book_lines


def status_name(context: StudioContext, status: str | None) -> str:
    return t(context.lang, f"samples.status_{status}") if status else t(context.lang, "samples.status_new")


async def arrival(update: Update, context: StudioContext) -> None:
    """Log a parcel's products onto the transit rack, one sample per item."""
    parsed = samples.parse_arrival(context.argtext, context.settings.samples.max_count)
    photo = update.effective_message.photo
    new = samples.arrive(parsed, context.person, context.now,
                         photo[-1].file_id if photo else None)
    text = t(context.lang, "samples.arrived", count=len(new), codes=codes(new),
                     brand=new[0].brand, item=new[0].item)
    last = fold(parsed.item.split()[-1])
    if parsed.count == 1 and is_whole(last) and int(last) <= context.settings.samples.max_count:
        # "口红 999" is a name; "口红 3" is kept as one too, but may have meant three
        text += "\n" + t(context.lang, "samples.number_in_name", value=last)
    await context.reply(text)


async def pick(update: Update, context: StudioContext) -> None:
    """Add samples to today's order book; the order picked is the tag number."""
    day = context.clock.business_day(context.now)
    samples.pick(parse_sample_ids(context.args_list), context.person, context.now, day)
    await context.reply(book_text(context, day))


async def unpick(update: Update, context: StudioContext) -> None:
    """Take samples out of the order book; the others are renumbered."""
    removed = samples.unpick(parse_sample_ids(context.args_list), context.person, context.now)
    book = book_text(context, context.clock.business_day(context.now))
    await context.reply(f"{t(context.lang, 'samples.unpicked', codes=codes(removed))}\n{book}")


async def show_lineup(update: Update, context: StudioContext) -> None:
    """A business day's order book (today by default)."""
    args = context.args_list
    if len(args) > 1:
        raise BadInput("extra_arguments")
    day = context.clock.parse_day(args[0], context.now) if args else \
        context.clock.business_day(context.now)
    await context.reply(book_text(context, day))


def book_text(context: StudioContext, day) -> str:
    book = samples.lineup(day)
    if not book:
        return t(context.lang, "samples.lineup_empty", day=f"{day:%m-%d}")
    title = t(context.lang, "samples.lineup_title", day=f"{day:%m-%d}", count=len(book))
    return "\n".join([title, *book_lines(context.lang, book)])


async def shelve(update: Update, context: StudioContext) -> None:
    """Rack → warehouse: what was not chosen for today; ``all`` for the whole rack."""
    args = context.args_list
    everything = [a.lower() for a in args] in (["all"], ["全部"])
    moved = samples.shelve(None if everything else parse_sample_ids(args), context.person,
                           context.now)
    key = "samples.shelved" if moved else "samples.rack_empty"
    await context.reply(t(context.lang, key, count=len(moved), codes=codes(moved)))


async def keep(update: Update, context: StudioContext) -> None:
    """Keep lineup samples for tomorrow's broadcast; the rest go back at the day's end."""
    kept = samples.keep(parse_sample_ids(context.args_list), context.person, context.now)
    await context.reply(t(context.lang, "samples.kept", codes=codes(kept)))


async def stock(update: Update, context: StudioContext) -> None:
    """The warehouse by brand, newer in front; small brands together (散户品牌)."""
    brand = context.argtext.strip() or None
    shelves = sample_stock.warehouse(brand, context.settings.samples.small_brand_max)
    if not shelves:
        key = "samples.stock_brand_empty" if brand else "samples.stock_empty"
        await context.reply(t(context.lang, key, brand=brand or ""))
        return
    lines = [t(context.lang, "samples.stock_title", count=sum(len(s.samples) for s in shelves))]
    for shelf in shelves:
        lines.append(t(context.lang, "samples.stock_brand", brand=shelf.brand, count=len(shelf.samples))
                     if shelf.brand else t(context.lang, "samples.stock_small",
                                                   count=len(shelf.samples)))
        for s in shelf.samples:
            day = context.clock.local(from_db(s.arrived_at))
            lines.append(t(context.lang, "samples.stock_line", code=sample_code(s.id), item=s.item,
                                   brand="" if shelf.brand else f"{s.brand} ",
                                   day=f"{day:%m-%d}"))
    await context.reply("\n".join(lines))


def decision(action: str):
    async def decide(update: Update, context: StudioContext) -> None:
        ids, note = samples.split_ids_and_note(context.args_list)
        done = samples.decide(ids, action, note, context.person, context.now)
        await context.reply(t(context.lang, f"samples.done_{action}", codes=codes(done),
                                      note=f" · {note}" if note else ""))

    decide.__doc__ = f"Mark samples {action}."
    return decide


def event_line(context: StudioContext, event: SampleEvent) -> str:
    when = context.clock.local(from_db(event.at))
    who = event.actor.name if event.actor_id else t(context.lang, "samples.the_bot")
    note = event.note
    if event.from_status == event.to_status == "lineup":
        note = (t(context.lang, "samples.event_keep") if note == samples.KEEP_NOTE
                else t(context.lang, "samples.event_carry", tag=note.rpartition("#")[2]))
    return t(context.lang, "samples.history_line", when=f"{when:%m-%d %H:%M}", who=who,
                     came=status_name(context, event.from_status),
                     went=status_name(context, event.to_status),
                     note=f" · {note}" if note else "")


async def show_sample(update: Update, context: StudioContext) -> None:
    """One sample (or several) and its whole history, with who and when."""
    blocks, photos = [], []
    for s in samples.load(parse_sample_ids(context.args_list)):
        lines = [t(context.lang, "samples.sample_title", code=sample_code(s.id), brand=s.brand,
                           item=s.item, status=status_name(context, s.status),
                           photo=t(context.lang, "samples.photo_mark") if s.photo_file_id else "")]
        if s.status == "lineup":
            lines.append(t(context.lang, "samples.sample_tag", day=f"{s.lineup_day:%m-%d}", tag=s.tag))
        if s.tracking:
            lines.append(t(context.lang, "samples.sample_tracking", tracking=s.tracking))
        lines.extend(event_line(context, e) for e in sample_stock.history(s))
        blocks.append("\n".join(lines))
        photos.append((s.photo_file_id, lines[0]))
    if len(photos) == 1 and photos[0][0]:
        # One sample: its photo first, so the host knows which product S12 is.
        await context.bot.send_photo(update.effective_chat.id, photos[0][0], caption=photos[0][1])
    await context.reply("\n\n".join(blocks))


ARRIVAL = Command("arrival", arrival, Role.HOST, keywords=("到货",))

COMMANDS = [
    ARRIVAL,
    Command("pick", pick, Role.HOST),
    Command("unpick", unpick, Role.HOST),
    Command("lineup", show_lineup, Role.HOST),
    Command("shelve", shelve, Role.HOST),
    Command("keep", keep, Role.HOST),
    Command("stock", stock, Role.HOST),
    Command("toreturn", decision("to_return"), Role.HOST),
    Command("noreturn", decision("no_return"), Role.HOST),
    Command("returned", decision("returned"), Role.HOST),
    Command("sample", show_sample, Role.HOST),
]
BUTTONS: list = []


ARRIVAL_CAPTION = re.compile(r"^(/arrival(@\w+)?|到货)(\s|$)", re.IGNORECASE)


def extra_handlers(commands: list[Command]) -> list:
    """A photo whose caption is ``/arrival …`` or ``到货 …``: the same command, photo kept."""
    handler = MessageHandler(
        filters.UpdateType.MESSAGE & filters.PHOTO & filters.CaptionRegex(ARRIVAL_CAPTION),
        guard(ARRIVAL))
    return [("first", handler)]
