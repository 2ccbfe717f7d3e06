"""Attendance and broadcasts (handbook duties 10, 11; penalties 2-8).

The registration sheet (登记表) as the bot keeps it: check-ins, planned broadcasts, each
broadcast's start and end with its room, the closing checklist, the room handover, and a
manager's corrections. Every function takes ``now``; nothing here reads the clock or knows
Telegram. Checks raise ``BadInput`` before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from peewee import IntegrityError

from config import Settings
from models import (
    Broadcast,
    Checkin,
    ChecklistTick,
    Handover,
    Plan,
    Staff,
    StaffRole,
    audit,
    db,
    reused_models,
)
from studio.clock import Clock, from_db, to_db
from studio.errors import BadInput, Refused
from studio.parse.numbers import fold
from studio.parse.times import looks_like_time, parse_hhmm_time
from studio.parse.times import parse_time_range as parse_range  # noqa: F401 (its old name)

# --- arguments -------------------------------------------------------------------------------


def take_time(args: list[str]) -> tuple[str | None, list[str]]:
    """A leading ``HH:MM`` or ``YYYY-MM-DD HH:MM`` (two words): (the time text, the rest)."""
    if len(args) >= 2 and looks_like_time(f"{args[0]} {args[1]}"):
        return f"{args[0]} {args[1]}", args[2:]
    if args and (looks_like_time(args[0]) or re.fullmatch(r"\d{1,2}[:：]\d{1,2}", args[0])):
        return args[0], args[1:]
    return None, args


def take_room(args: list[str], rooms: list[str], *, default_first: bool) -> tuple[str | None,
                                                                              list[str]]:
    """The room and the note words after it.

    With one room the room may be omitted (a first word that is not the room starts the note).
    With several rooms the first word, if any, must be a room (an unknown one is refused) and
    the note comes after it; with no words at all ``/live`` takes :func:`planned_room`."""
    by_name = {fold(room).lower(): room for room in rooms}
    if args and fold(args[0]).lower() in by_name:
        return by_name[fold(args[0]).lower()], args[1:]
    if args and len(rooms) > 1:
        raise BadInput("unknown_room", room=args[0], rooms=", ".join(rooms))
    return (rooms[0] if default_first else None), args


def at_on_business_day(clock: Clock, day: date, hhmm: time) -> datetime:
    """``HH:MM`` of business day ``day``: before the day's start hour it is the next calendar
    day (01:30 of the business day 26 November is 27 November 01:30)."""
    calendar_day = day + timedelta(days=1) if hhmm < clock.day_start else day
    return clock.at(calendar_day, hhmm)


def check_plan_length(text: str, span: tuple[time, time], max_hours: int) -> None:
    """A plan takes some time and no longer than a broadcast may last (an end before the start
    is past midnight: 19:00-19:00 would be 24 hours, 22:00-21:00 23: typos, not plans)."""
    minutes = ((span[1].hour - span[0].hour) * 60 + span[1].minute - span[0].minute) % (24 * 60)
    if not 0 < minutes <= max_hours * 60:
        raise BadInput("plan_length", value=text, max=max_hours)


# --- check-in --------------------------------------------------------------------------------


def checkin(person: Staff, clock: Clock, now: datetime,
            at: datetime | None = None) -> tuple[Checkin, bool]:
    """Arrival at the studio, once per business day: (the check-in, whether it is new). With
    ``at`` (a time typed, registered late) the arrival is then, marked late."""
    day = clock.business_day(at or now)
    existing = Checkin.get_or_none((Checkin.staff == person) & (Checkin.day == day))
    if existing is not None:
        return existing, False
    try:
        with db.atomic():
            row = Checkin.create(staff=person, at=to_db(at or now), day=day, late=at is not None)
    except IntegrityError:  # the same person twice at once: the first one counts
        return Checkin.get((Checkin.staff == person) & (Checkin.day == day)), False
    return row, True


# --- plans -----------------------------------------------------------------------------------


def add_plan(person: Staff, by: Staff, day: date, span: tuple[time, time], room: str | None,
             note: str, clock: Clock, now: datetime) -> Plan:
    """A planned broadcast; an end before the start is past midnight, on the next day."""
    starts = at_on_business_day(clock, day, span[0])
    ends = at_on_business_day(clock, day, span[1])
    if ends <= starts:
        ends += timedelta(days=1)
    with db.atomic():
        plan = Plan.create(staff=person, day=day, starts_at=to_db(starts), ends_at=to_db(ends),
                           room=room, note=note[:500], created_at=to_db(now))
        audit(by, "plan.add", f"plan:{plan.id}",
              f"staff:{person.id} {day} {span[0]}-{span[1]}", at=now)
    return plan


def plans_between(first: date, last: date) -> list[Plan]:
    """The plans of these business days, cancelled ones left out."""
    return list(Plan.live()
                .where((Plan.day >= first) & (Plan.day <= last))
                .order_by(Plan.day, Plan.starts_at, Plan.id))


def plan_to_change(number: int, by: Staff, any_plan: bool) -> Plan:
    """Plan ``number`` as ``by`` may change or cancel it: a host her own; ops and managers
    (``any_plan``) anyone's. A cancelled plan is gone."""
    plan = Plan.get_or_none((Plan.id == number) & Plan.cancelled_at.is_null())
    if plan is None:
        raise BadInput("unknown_plan", value=number)
    if plan.staff_id != by.id and not any_plan:
        raise Refused("not_your_plan", number=number)
    return plan


def _plan_detail(clock: Clock, plan: Plan) -> str:
    return (f"{plan.day} {clock.local(plan.starts_at):%H:%M}-{clock.local(plan.ends_at):%H:%M}"
            f" {plan.room or '-'}")


def change_plan(plan: Plan, by: Staff, day: date | None, span: tuple[time, time],
                room: str | None, note: str | None, clock: Clock, now: datetime) -> Plan:
    """New times for a plan (on ``day``, or its own), and a new room or note when given;
    audited with the old and the new."""
    day = day or plan.day
    starts = at_on_business_day(clock, day, span[0])
    ends = at_on_business_day(clock, day, span[1])
    if ends <= starts:
        ends += timedelta(days=1)
    before = _plan_detail(clock, plan)
    with db.atomic():
        plan.day, plan.starts_at, plan.ends_at = day, to_db(starts), to_db(ends)
        if room is not None:
            plan.room = room
        if note is not None:
            plan.note = note[:500]
        plan.save()
        audit(by, "plan.change", f"plan:{plan.id}",
              f"{before} -> {_plan_detail(clock, plan)}", at=now)
    return plan


def cancel_plan(plan: Plan, by: Staff, clock: Clock, now: datetime) -> Plan:
    """Cancel a plan: kept (the audit names it) but no longer shown or counted."""
    with db.atomic():
        plan.cancelled_at = to_db(now)
        plan.save(only=[Plan.cancelled_at])
        audit(by, "plan.cancel", f"plan:{plan.id}",
              f"staff:{plan.staff_id} {_plan_detail(clock, plan)}", at=now)
    return plan


# --- broadcasts ------------------------------------------------------------------------------


def by_id(broadcast_id: int) -> Broadcast:
    return Broadcast.get_by_id(broadcast_id)


def open_broadcast(person: Staff) -> Broadcast | None:
    return Broadcast.open_for(person)


def _overlapping(person: Staff, start: datetime, end: datetime | None,
                 exclude: int | None = None) -> Broadcast | None:
    """A broadcast of ``person`` sharing time with [start, end) (end None: still open)."""
    found = reused_models(Broadcast, "broadcast.overlapping", _overlapping_query, person.id,
                          start, end, exclude)  # every /live
    return found[0] if found else None


def _overlapping_query(staff_id: int, start: datetime, end: datetime | None,
                       exclude: int | None):
    query = Broadcast.select().where((Broadcast.staff == staff_id)
                                     & (Broadcast.ended_at.is_null()
                                        | (Broadcast.ended_at > start)))
    if end is not None:
        query = query.where(Broadcast.started_at < end)
    if exclude is not None:
        query = query.where(Broadcast.id != exclude)
    return query.order_by(Broadcast.started_at).limit(1)


def registered_at(moment: datetime | None, now: datetime) -> tuple[datetime | None, bool]:
    """A typed time (or None) as (the moment to record, whether it was registered late).

    A time within the minute of the message is just now: typing the current time is no late
    registration."""
    if moment is None or now - moment < timedelta(minutes=1):
        return None, False
    return moment, True


def registration_time(clock: Clock, args: list[str],
                      now: datetime) -> tuple[datetime | None, bool, list[str]]:
    """The time typed in front of /live or /offline: (the moment to record, None for the
    message's own; whether that is a late registration; the other words)."""
    when, rest = take_time(args)
    moment, late = registered_at(clock.parse_when(when, now) if when else None, now)
    return moment, late, rest


def planned_room(person: Staff, started_at: datetime, rooms: list[str],
                 clock: Clock) -> str:
    """The room for a ``/live`` that names none: the room of the host's plan for that business
    day (the one nearest the start), else the first room."""
    begin = to_db(started_at)
    plans = [p for p in Plan.live().where((Plan.staff == person)
                                          & (Plan.day == clock.business_day(started_at)))
             if p.room in rooms]
    if not plans:
        return rooms[0]

    def distance(plan: Plan) -> timedelta:
        if plan.starts_at <= begin <= plan.ends_at:
            return timedelta(0)
        return min(abs(plan.starts_at - begin), abs(plan.ends_at - begin))
    return min(plans, key=distance).room


@dataclass
class Started:
    broadcast: Broadcast
    handover: Handover | None
    previous: Broadcast | None


def _room_holder(room: str, person: Staff, begin: datetime) -> Broadcast | None:
    """Another host's broadcast in the room at any moment since ``begin`` (open, or, for a
    late start, one that ended after it): it holds the room."""
    return (Broadcast.select(Broadcast, Staff).join(Staff)
            .where((Broadcast.room == room) & (Broadcast.staff != person)
                   & (Broadcast.ended_at.is_null() | (Broadcast.ended_at > begin)))
            .order_by(Broadcast.ended_at.is_null(False)).first())


def _last_in_room(room: str, begin: datetime) -> Broadcast | None:
    """The broadcast in the room before one starting at ``begin``: whose room is handed over."""
    return (Broadcast.select(Broadcast, Staff).join(Staff)
            .where((Broadcast.room == room) & (Broadcast.started_at <= begin))
            .order_by(Broadcast.started_at.desc()).first())


def check_goes_live(person: Staff) -> None:
    """Only a host broadcasts (see ``start``): refused before anything else is read."""
    if person.role != StaffRole.HOST:
        raise Refused("live_hosts_only")


def start(person: Staff, room: str, note: str, started_at: datetime, late: bool, clock: Clock,
          now: datetime) -> Started:
    """Open a broadcast; a room last used by another host opens a handover check.

    Only a host broadcasts: live time, the daily minimums and every report count hosts'
    broadcasts, so an ops member's or a manager's would be written and then shown nowhere.
    They are refused instead, with the way out (a manager makes them a host with /role)."""
    check_goes_live(person)
    begin = to_db(started_at)
    current = open_broadcast(person)
    if current is not None:
        raise BadInput("already_live", number=current.id,
                       at=clock.local(current.started_at).strftime("%H:%M"))
    holder = _room_holder(room, person, begin)
    if holder is not None:
        raise BadInput("room_taken", room=room, name=holder.staff.name)
    clash = _overlapping(person, begin, to_db(now))
    if clash is not None:
        raise BadInput("broadcast_overlap", number=clash.id)
    previous = _last_in_room(room, begin)
    if previous is not None and previous.staff_id == person.id:
        previous = None  # the host's own room: nothing to hand over
    with db.atomic():
        broadcast = Broadcast.create(staff=person, room=room, day=clock.business_day(started_at),
                                     started_at=begin, late_start=late, note=note[:500],
                                     created_at=to_db(now))
        handover = None
        if previous is not None:
            handover = Handover.create(broadcast=broadcast, previous=previous)
        audit(person, "broadcast.start", f"broadcast:{broadcast.id}",
              f"{room} {begin.isoformat()}{' late' if late else ''}", at=now)
    return Started(broadcast, handover, previous)


def finish(person: Staff, ended_at: datetime | None, note: str, settings: Settings,
           clock: Clock, now: datetime) -> Broadcast:
    """End the host's open broadcast (at ``ended_at``, a late registration, or now) and lay out
    its closing checklist."""
    broadcast = open_broadcast(person)
    if broadcast is None:
        raise BadInput("not_live")
    end = to_db(ended_at or now)
    if end < broadcast.started_at:
        raise BadInput("end_before_start",
                       start=clock.local(broadcast.started_at).strftime("%m-%d %H:%M"))
    with db.atomic():
        broadcast.ended_at, broadcast.late_end = end, ended_at is not None
        broadcast.end_note, broadcast.checklist_shown_at = note[:500], to_db(now)
        broadcast.save()
        (ChecklistTick
         .insert_many([{"broadcast": broadcast, "item": item} for item in settings.rules.checklist])
         .on_conflict_ignore()
         .execute())
        audit(person, "broadcast.end", f"broadcast:{broadcast.id}",
              f"{end.isoformat()}{' late' if ended_at else ''}", at=now)
    return broadcast


# --- a manager's correction -------------------------------------------------------------------


def parse_fix_time(clock: Clock, broadcast: Broadcast, text: str, now: datetime) -> datetime:
    """``HH:MM`` on the broadcast's own business day (before the day's start hour: the next
    calendar day), or ``YYYY-MM-DD HH:MM``; never in the future."""
    parts = text.split()
    if len(parts) == 2 and re.fullmatch(r"\d{1,2}[:：]\d{2}", parts[0]):
        raise BadInput("extra_arguments")  # "19:30 oops": the time, then a stray word
    if len(parts) == 2:
        return clock.parse_when(" ".join(parts), now)
    if len(parts) != 1:
        raise BadInput("bad_time", time=text)
    moment = at_on_business_day(clock, broadcast.day, parse_hhmm_time(parts[0]))
    if moment > clock.local(now):
        raise BadInput("time_future", time=text)
    return moment


def fix(broadcast_id: int, which: str, text: str, by: Staff, clock: Clock,
        now: datetime) -> tuple[Broadcast, str, str]:
    """Set a broadcast's start or end: (the broadcast, old, new) as studio times. Setting the end
    of an auto-closed broadcast credits it (``auto_closed`` cleared; the audit keeps it)."""
    broadcast = Broadcast.get_or_none(Broadcast.id == broadcast_id)
    if broadcast is None:
        raise BadInput("unknown_broadcast", number=broadcast_id)
    if which not in ("start", "end"):
        raise BadInput("bad_fix_field", value=which)
    moment = to_db(parse_fix_time(clock, broadcast, text, now))
    begin = moment if which == "start" else broadcast.started_at
    end = moment if which == "end" else broadcast.ended_at
    if end is not None and end < begin:
        raise BadInput("end_before_start", start=clock.local(begin).strftime("%m-%d %H:%M"))
    clash = _overlapping(broadcast.staff, begin, end, exclude=broadcast.id)
    if clash is not None:
        raise BadInput("broadcast_overlap", number=clash.id)
    old_value = broadcast.started_at if which == "start" else broadcast.ended_at
    was_auto = broadcast.auto_closed
    with db.atomic():
        if which == "start":
            broadcast.started_at = moment
            broadcast.day = clock.business_day(from_db(moment))
        else:
            broadcast.ended_at = moment
            broadcast.auto_closed = False
        broadcast.save()
        detail = f"{which}: {_show(clock, old_value)} -> {_show(clock, moment)}"
        if which == "end" and was_auto:
            detail += " (was auto-closed: now credited)"
        audit(by, "broadcast.fix", f"broadcast:{broadcast.id}", detail, at=now)
    return broadcast, _show(clock, old_value), _show(clock, moment)


def _show(clock: Clock, moment: datetime | None) -> str:
    return clock.local(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"
