"""The roster: /join with the managers' approval card, /staff, /role, /setstart, /leave,
/deactivate."""

from __future__ import annotations

from telegram import Update
from telegram.error import TelegramError

from handlers.base import (
    Button,
    Command,
    StudioContext,
    optional_person,
    pressed,
    target_person,
)
from studio import roster
from studio.errors import BadInput
from studio.roster import Role
from views import mention, t
from views.roster import decided_text, join_buttons, join_card


async def join(update: Update, context: StudioContext) -> None:
    """Ask to join the studio; each manager gets a card to approve or reject."""
    if context.args_list:
        raise BadInput("no_arguments")
    user = update.effective_user
    person, new = roster.join(user.id, user.full_name, user.username, context.now)
    if person.active:
        await context.reply(t(context.lang, "roster.already_staff"))
        return
    if not new:
        await context.reply(t(context.lang, "roster.join_pending"))
        return
    await context.reply(t(context.lang, "roster.join_sent"))

    await context.outbox.to_managers(lambda lang: join_card(lang, person),
                                     lambda lang: join_buttons(lang, person))


async def decide_join(update: Update, context: StudioContext) -> None:
    """A manager pressed Approve or Reject on a join card: the first press decides."""
    press = pressed(update)
    role = {"host": "host", "ops": "ops", "no": None}[press.verb]
    person = roster.decide(press.id, role, context.person, context.now)
    query = update.callback_query
    await query.answer()
    done = t(context.lang, "roster.decided_ok" if role else "roster.decided_no",
                     who=mention(person), role=t(context.lang, f"roster.role_{role}") if role else "",
                     by=mention(context.person))
    try:
        await query.edit_message_text(done)
    except TelegramError:
        pass

    await context.outbox.to_staff(
        person, lambda lang: decided_text(lang, role, context.settings.studio.name))


async def list_staff(update: Update, context: StudioContext) -> None:
    """The roster with staff numbers, roles, start dates and status."""
    if context.args_list:
        raise BadInput("no_arguments")
    lines = [t(context.lang, "roster.staff_title")]
    for person in roster.roster():
        start = person.official_start.isoformat() if person.official_start else "—"
        lines.append(t(context.lang, "roster.staff_line", number=person.id, who=mention(person),
                               role=t(context.lang, f"roster.role_{person.role}"),
                               status=t(context.lang, f"roster.status_{person.status}"), start=start))
    await context.reply("\n".join(lines))


async def change_role(update: Update, context: StudioContext) -> None:
    """Give someone another role: /role @who host|ops|manager."""
    person, rest = target_person(context, context.args_list)
    if len(rest) != 1:
        raise BadInput("bad_role", value=" ".join(rest)) if rest else BadInput("missing_role")
    role = roster.parse_role(rest[0])
    roster.set_role(person, role, context.person, context.now)
    await context.reply(t(context.lang, "roster.role_set", who=mention(person),
                                  role=t(context.lang, f"roster.role_{role}")))


async def set_start(update: Update, context: StudioContext) -> None:
    """Set a host's official start, from which tenure targets count."""
    person, rest = target_person(context, context.args_list)
    if len(rest) != 1:
        raise BadInput("bad_day", day=" ".join(rest)) if rest else BadInput("missing_day")
    day = context.clock.parse_day(rest[0], context.now)
    roster.set_start(person, day, context.person, context.now)
    await context.reply(t(context.lang, "roster.start_set", who=mention(person), day=day.isoformat()))


async def add_leave(update: Update, context: StudioContext) -> None:
    """Days off (no minimums, no reminders): /leave [@who] day [day2]."""
    named, days = optional_person(context, context.args_list, reply_names=True)
    person = named or context.person
    if not 1 <= len(days) <= 2:
        raise BadInput("bad_day", day=" ".join(days)) if days else BadInput("missing_day")
    first = context.clock.parse_day(days[0], context.now)
    last = context.clock.parse_day(days[-1], context.now)
    added = roster.add_leave(person, first, last, context.person, context.now)
    await context.reply(t(context.lang, "roster.leave_set", who=mention(person), first=first.isoformat(),
                                  last=last.isoformat(), days=added))


async def deactivate(update: Update, context: StudioContext) -> None:
    """Someone has left: no more rights or reminders; all history kept."""
    person, rest = target_person(context, context.args_list)
    if rest:
        raise BadInput("extra_arguments")
    roster.deactivate(person, context.person, context.now)
    await context.reply(t(context.lang, "roster.deactivated", who=mention(person)))


COMMANDS = [
    Command("join", join, Role.ANYONE, where="group"),
    Command("staff", list_staff, Role.OPS),
    Command("role", change_role, Role.MANAGER),
    Command("setstart", set_start, Role.MANAGER),
    Command("leave", add_leave, Role.MANAGER),
    Command("deactivate", deactivate, Role.MANAGER),
]

BUTTONS = [Button("join", decide_join, Role.MANAGER)]
