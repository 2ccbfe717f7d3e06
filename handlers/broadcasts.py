"""Attendance and broadcasts: /checkin (到岗), /plan, /schedule, /live (开播), /offline (下播),
/fixlive; the closing checklist and the room-handover buttons."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import Update
from telegram.error import TelegramError

from handlers.base import (
    Button,
    Command,
    StudioContext,
    ask_to_confirm,
    optional_person,
    pressed,
)
from messaging.proposals import propose_fine
from studio import broadcasts, checklists, figures, roster
from studio.clock import format_minutes
from studio.errors import BadInput, Refused
from studio.parse.lists import as_typed
from studio.parse.numbers import record_id
from studio.parse.plans import PlanChange, parse_plan_change
from studio.roster import Role
from views import hhmm, mention, t
from views.broadcasts import (
    checklist_markup,
    handover_markup,
    handover_why,
    item_label,
    plan_text,
    register_amount,
    report_markup,
    started_text,
    why_text,
)

log = logging.getLogger(__name__)


# --- commands --------------------------------------------------------------------------------


async def check_in(update: Update, context: StudioContext) -> None:
    """Arrive at the studio (到岗): once per business day; ``到岗 9点半`` registers that time,
    marked late (no fine)."""
    at, late, rest = broadcasts.registration_time(context.clock, context.args_list, context.now)
    if rest:
        raise BadInput("no_arguments")
    row, new = broadcasts.checkin(context.person, context.clock, context.now, at if late else None)
    key = ("broadcast.checked_in_late" if row.late else "broadcast.checked_in") if new \
        else "broadcast.already_checked_in"
    await context.reply(t(context.lang, key, who=mention(context.person), at=hhmm(context.clock, row.at)))


async def plan(update: Update, context: StudioContext) -> None:
    """Plan a broadcast: ``day HH:MM-HH:MM [room] [note]``; ops and managers may name @who.
    ``12 [day] HH:MM-HH:MM`` changes plan 12, ``12 取消`` cancels it."""
    args = context.args_list
    change = parse_plan_change(args, context.clock.business_day(context.now))
    if change is not None:
        await change_plan(update, context, change)
        return
    if len(args) < 2:  # "/plan 12" (a plan's number, no change) is a usage, not a refusal
        raise BadInput("plan_args")
    if roster.looks_like_person(args[0]) and context.role < Role.OPS:
        raise Refused("not_allowed")
    named, args = optional_person(context, args)
    person = named or context.person
    if len(args) < 2:
        raise BadInput("plan_args")
    day = context.clock.parse_day(args[0], context.now)
    span = broadcasts.parse_range(args[1])
    broadcasts.check_plan_length(args[1], span,
                                 context.settings.rules.max_broadcast_hours.on(day))
    room, note = broadcasts.take_room(args[2:], context.settings.studio.rooms, default_first=False)
    if await warned_of_leave(update, context, person, day):
        return
    row = broadcasts.add_plan(person, context.person, day, span, room, as_typed(note),
                              context.clock, context.now)
    await context.reply(plan_text(context.lang, "broadcast.planned", row, context.clock))


async def change_plan(update: Update, context: StudioContext, change: PlanChange) -> None:
    """``/plan 12 [day] HH:MM-HH:MM [room] [note]`` or ``/plan 12 取消``: her own plan for a
    host, anyone's for ops and managers."""
    row = broadcasts.plan_to_change(change.number, context.person, context.role >= Role.OPS)
    if change.cancel:
        broadcasts.cancel_plan(row, context.person, context.clock, context.now)
        await context.reply(plan_text(context.lang, "broadcast.plan_cancelled", row,
                                      context.clock))
        return
    day = change.day or row.day
    broadcasts.check_plan_length(change.span_text, change.span,
                                 context.settings.rules.max_broadcast_hours.on(day))
    room, note = (broadcasts.take_room(change.rest, context.settings.studio.rooms,
                                       default_first=False) if change.rest else (None, []))
    if await warned_of_leave(update, context, row.staff, day):
        return
    broadcasts.change_plan(row, context.person, change.day, change.span, room,
                           as_typed(note) if note else None, context.clock, context.now)
    await context.reply(plan_text(context.lang, "broadcast.plan_changed", row, context.clock))


async def warned_of_leave(update: Update, context: StudioContext, person, day) -> bool:
    """A plan on a day ``person`` has approved leave: warn and ask [plan anyway / cancel]
    instead of planning, unless this is the "plan anyway" press. Whether it asked."""
    if context.confirmed or not roster.on_leave(person, day):
        return False
    warning = t(context.lang, "broadcast.plan_on_leave", who=mention(person),
                day=day.isoformat(), weekday=t(context.lang, f"broadcast.weekday_{day.weekday()}"))
    return await ask_to_confirm(update, context, "plan", warning,
                                t(context.lang, "broadcast.plan_anyway"))


async def schedule(update: Update, context: StudioContext) -> None:
    """The planned broadcasts of today, or of the 7 days from today (``week``)."""
    args = context.args_list
    if len(args) > 1 or (args and args[0].lower() not in ("week", "周", "本周", "一周")):
        raise BadInput("extra_arguments")
    first = context.clock.business_day(context.now)
    last = first + timedelta(days=6 if args else 0)
    lines = [t(context.lang, "broadcast.schedule_title", first=first.isoformat(),
                       last=last.isoformat())]
    day_shown = None
    for row in broadcasts.plans_between(first, last):
        if row.day != day_shown:
            day_shown = row.day
            lines.append(t(context.lang, "broadcast.schedule_day", day=row.day.strftime("%m-%d"),
                                   weekday=t(context.lang, f"broadcast.weekday_{row.day.weekday()}")))
        lines.append(t(context.lang, "broadcast.schedule_line", number=row.id,
                               start=hhmm(context.clock, row.starts_at),
                               end=hhmm(context.clock, row.ends_at), who=mention(row.staff),
                               room=row.room or "—", note=f" {row.note}" if row.note else ""))
    if day_shown is None:
        lines.append(t(context.lang, "broadcast.schedule_empty"))
    else:
        lines.append(t(context.lang, "broadcast.schedule_hint"))
    await context.reply("\n".join(lines))


async def live(update: Update, context: StudioContext) -> None:
    """Start a broadcast (开播): ``[HH:MM] [room] [note]``; a time registers a late start."""
    broadcasts.check_goes_live(context.person)  # an ops member's /live Z: the role, not the room
    started_at, late, rest = broadcasts.registration_time(context.clock, context.args_list,
                                                          context.now)
    rooms = context.settings.studio.rooms
    room, note = broadcasts.take_room(rest, rooms, default_first=False)
    room = room or broadcasts.planned_room(context.person, started_at or context.now, rooms,
                                           context.clock)
    started = broadcasts.start(context.person, room, as_typed(note), started_at or context.now,
                               late, context.clock, context.now)
    markup = handover_markup(context.lang, started.handover) if started.handover else None
    await context.reply(started_text(context.lang, context.settings, context.clock, started.broadcast,
                                     started.handover), markup)
    if started.broadcast.late_start:
        why = why_text(context.settings.studio.language, "broadcast.why_late_start", started.broadcast,
                       at=hhmm(context.clock, started.broadcast.started_at))
        await propose_fine(context.outbox, context.person, "register", 1, why,
                           f"late_start:{started.broadcast.id}", context.now,
                           offence_at=started.broadcast.started_at)


async def offline(update: Update, context: StudioContext) -> None:
    """End the broadcast (下播): ``[HH:MM] [note]``; then the closing checklist."""
    ended_at, _, rest = broadcasts.registration_time(context.clock, context.args_list,
                                                     context.now)
    broadcast = broadcasts.finish(context.person, ended_at, as_typed(rest), context.settings,
                                  context.clock, context.now)
    total = figures.one_day(context.person.id, broadcast.day).live_minutes
    minimum = context.settings.rules.min_live_minutes
    lines = [t(context.lang, "broadcast.ended", who=mention(context.person), number=broadcast.id,
                       length=format_minutes(broadcast.minutes, context.lang),
                       total=format_minutes(total, context.lang),
                       minimum=format_minutes(minimum, context.lang),
                       mark="✅" if total >= minimum else "❌")]
    if broadcast.late_end:
        lines.append(t(context.lang, "broadcast.late_registered",
                               amount=register_amount(context.settings)))
    lines.append(t(context.lang, "broadcast.checklist_ask"))
    await context.reply("\n".join(lines), checklist_markup(context.lang, broadcast, context.clock))
    if broadcast.late_end:
        why = why_text(context.settings.studio.language, "broadcast.why_late_end", broadcast,
                       at=hhmm(context.clock, broadcast.ended_at))
        await propose_fine(context.outbox, context.person, "register", 1, why,
                           f"late_end:{broadcast.id}", context.now,
                           offence_at=broadcast.ended_at)


async def fixlive(update: Update, context: StudioContext) -> None:
    """Correct a broadcast's start or end (manager): ``id start|end HH:MM``; audited."""
    args = context.args_list
    if len(args) < 3:
        raise BadInput("fixlive_args")
    broadcast, old, new = broadcasts.fix(record_id(args[0], "fixlive_args"), args[1].lower(),
                                         " ".join(args[2:]), context.person, context.clock,
                                         context.now)
    await context.reply(t(context.lang, "broadcast.fixed", number=broadcast.id,
                                  field=t(context.lang, f"broadcast.field_{args[1].lower()}"),
                                  old=old, new=new, who=mention(broadcast.staff),
                                  length=format_minutes(broadcast.minutes, context.lang)))


# --- buttons ---------------------------------------------------------------------------------


async def tick_item(update: Update, context: StudioContext) -> None:
    """The host ticks a closing-checklist item; the message shows the time it was ticked."""
    row, new = checklists.tick(pressed(update).id, context.person, context.now)
    label = item_label(context.lang, "item", row.item)
    key = "broadcast.ticked" if new else "broadcast.already_ticked"
    await update.callback_query.answer(t(context.lang, key, item=label,
                                                 at=hhmm(context.clock, row.ticked_at)))
    if new:
        try:
            await update.callback_query.edit_message_reply_markup(
                checklist_markup(context.lang, row.broadcast, context.clock))
        except TelegramError as exc:
            log.info("could not update checklist %s: %s", row.broadcast_id, exc)


async def answer_handover(update: Update, context: StudioContext) -> None:
    """The incoming host: room in order, or report what the previous host left."""
    press = pressed(update)
    verb, number = press.verb, press.id
    if verb == "item":
        handover = checklists.toggle_handover_item(number, press.code, context.person,
                                                   context.settings)
    elif verb == "report":
        handover = checklists.handover_for(number, context.person)
    else:
        await close_handover(update, context, number, report=verb == "done")
        return
    await update.callback_query.answer()
    await _edit(update.callback_query, None,
                report_markup(context.lang, handover, context.settings.rules.checklist))


async def close_handover(update: Update, context: StudioContext, number: int,
                         report: bool) -> None:
    """"Room in order" or the report submitted: the fines go to the previous host."""
    handover, reported = checklists.answer_handover(number, context.person, report, context.now)
    await update.callback_query.answer()
    previous = handover.previous
    status = t(context.lang, "broadcast.handover_ok")
    if reported:
        sep = "、" if context.lang == "zh" else ", "
        status = t(context.lang, "broadcast.handover_reported", previous=mention(previous.staff),
                           items=sep.join(item_label(context.lang, "left", c) for c in reported))
    await _edit(update.callback_query,
                f"{started_text(context.lang, context.settings, context.clock, handover.broadcast, None)}\n{status}", None)
    lang = context.settings.studio.language
    for code in reported:
        # The broadcast the room was found after, not the reporter's: its host is fined.
        why = handover_why(lang, context.clock, handover, code)
        await propose_fine(context.outbox, previous.staff, code, 1, why,
                           f"handover:{handover.id}:{code}", context.now,
                           offence_at=previous.ended_at or previous.started_at)


async def _edit(query, text: str | None, markup) -> None:
    try:
        if text is None:
            await query.edit_message_reply_markup(markup)
        else:
            await query.edit_message_text(text, reply_markup=markup)
    except TelegramError as exc:
        log.info("could not update the handover message: %s", exc)


COMMANDS = [
    Command("checkin", check_in, Role.HOST, keywords=("到岗",)),
    Command("plan", plan, Role.HOST),
    Command("schedule", schedule, Role.HOST),
    Command("live", live, Role.HOST, keywords=("开播",)),
    Command("offline", offline, Role.HOST, keywords=("下播",)),
    Command("fixlive", fixlive, Role.MANAGER),
]
BUTTONS = [
    Button("bcheck", tick_item, Role.HOST),
    Button("hand", answer_handover, Role.HOST),
]
