"""The roster: /join with the managers' approval card, /staff, /role, /setstart, /leave,
/deactivate."""

from __future__ import annotations

from telegram import Update

from handlers.base import (
    Button,
    Command,
    StudioContext,
    optional_person,
    pressed,
    target_person,
)
from messaging.cards import update_cards
from studio import roster
from studio.errors import BadInput, Refused
from studio.parse.lists import as_typed
from studio.roster import Role
from views import mention, t
from views.roster import (
    decided_text,
    join_buttons,
    join_card,
    join_decided,
    leave_answer,
    leave_buttons,
    leave_card,
    request_handled,
)


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

    sent = await context.outbox.to_managers(lambda lang: join_card(lang, person),
                                            lambda lang: join_buttons(lang, person))
    roster.keep_cards("join", person.id, [(m.chat_id, m.message_id) for m in sent])


def pressed_card(update: Update) -> list[tuple[int, int]]:
    """The card pressed (kept or not: a card sent before cards were kept is edited too)."""
    message = update.callback_query.message
    return [(message.chat_id, message.message_id)]


async def decide_join(update: Update, context: StudioContext) -> None:
    """A manager pressed Approve or Reject on a join card (the original or a /pending one): the
    first press decides, every card of the request says so; a rejection is told privately,
    else as a neutral line in the group that names no decision."""
    press = pressed(update)
    role = {"host": "host", "ops": "ops", "no": None}[press.verb]
    person = roster.decide(press.id, role, context.person, context.now)
    await update.callback_query.answer()
    by = context.person
    await update_cards(context.application,
                       [*roster.cards_of("join", person.id), *pressed_card(update)],
                       lambda lang: join_decided(lang, person, role, by),
                       group_text=lambda lang: join_decided(lang, person, role, by, in_group=True))
    studio_name = context.settings.studio.name
    if role:
        await context.outbox.to_staff(person, lambda lang: decided_text(lang, role, studio_name))
        return
    told = None
    if person.private_chat and not person.bot_blocked:  # has started the bot: privately
        told = await context.outbox.to_staff(
            person, lambda lang: decided_text(lang, None, studio_name), private_only=True)
    if told is None:  # else the group reads that it was handled, not how
        await context.outbox.to_chat(context.settings.studio.group_chat_id,
                                     request_handled(context.settings.studio.language, person))


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
    """Days off (no minimums, no reminders): a manager registers them (/leave [@who] day
    [day2]); a host or ops asks for them (/leave day [day2] [reason]) and a manager decides."""
    manager = context.role >= Role.MANAGER
    named, days = optional_person(context, context.args_list, reply_names=manager)
    if not manager:
        if named is not None and named.id != context.person.id:
            raise Refused("leave_own_only")
        await ask_leave(context, days)
        return
    person = named or context.person
    if not 1 <= len(days) <= 2:
        raise BadInput("bad_day", day=" ".join(days)) if days else BadInput("missing_day")
    first = context.clock.parse_day(days[0], context.now)
    last = context.clock.parse_day(days[-1], context.now)
    added = roster.add_leave(person, first, last, context.person, context.now)
    await context.reply(t(context.lang, "roster.leave_set", who=mention(person), first=first.isoformat(),
                                  last=last.isoformat(), days=added))


async def ask_leave(context: StudioContext, words: list[str]) -> None:
    """A leave request: stored, and a card (Approve / Reject) to every manager."""
    first, last, reason = roster.leave_days(words, context.clock.business_day(context.now))
    request, new = roster.request_leave(context.person, first, last, as_typed(reason),
                                        context.now)
    await context.reply(t(context.lang, "roster.leave_requested", number=request.id,
                          first=first.isoformat(), last=last.isoformat()))
    if not new:  # asked again while it waits: the managers have its cards already
        return
    # A manager without a private chat gets the card in the group: no reason there.
    sent = await context.outbox.to_managers(
        lambda lang: leave_card(lang, request), lambda lang: leave_buttons(lang, request),
        group_text=lambda lang: leave_card(lang, request, in_group=True))
    roster.keep_cards("leave", request.id, [(m.chat_id, m.message_id) for m in sent])


async def decide_leave(update: Update, context: StudioContext) -> None:
    """A manager pressed Approve or Reject on a leave request: the first press decides (the
    days become leave), every card says so (a group card: an approval, or a neutral line), the
    person who asked is told: an approval anywhere, a rejection privately, else as a neutral
    line in the group that names no decision (as a rejected /join)."""
    press = pressed(update)
    approve = press.verb == "yes"
    request = roster.decide_leave(press.id, approve, context.person, context.now)
    await update.callback_query.answer()
    await update_cards(context.application,
                       [*roster.cards_of("leave", request.id), *pressed_card(update)],
                       lambda lang: leave_card(lang, request),
                       group_text=lambda lang: leave_card(lang, request, in_group=True))
    person = request.staff
    if approve:
        await context.outbox.to_staff(person, lambda lang: leave_answer(lang, request))
        return
    told = None
    if person.private_chat and not person.bot_blocked:  # has started the bot: privately
        told = await context.outbox.to_staff(person, lambda lang: leave_answer(lang, request),
                                             private_only=True)
    if told is None:  # else the group reads that it was handled, not how
        await context.outbox.to_chat(context.settings.studio.group_chat_id,
                                     request_handled(context.settings.studio.language, person))


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
    Command("leave", add_leave, Role.HOST, keywords=("请假",)),
    Command("deactivate", deactivate, Role.MANAGER),
]

BUTTONS = [Button("join", decide_join, Role.MANAGER),
           Button("leavereq", decide_leave, Role.MANAGER)]
