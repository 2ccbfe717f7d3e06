"""/scorecard (考核): the month's assessment of each host; /adjust (调整): a manager's note or
pay adjustment to a host's month. The figures are the report's (``studio.assessment``)."""

from __future__ import annotations

from telegram import Update

from handlers.base import Command, StudioContext, target_person
from models import in_worker
from studio import assessment, roster
from studio import pay as pay_domain
from studio.errors import BadInput, Refused
from studio.parse.amounts import parse_amount_fen
from studio.parse.lists import as_typed
from studio.parse.numbers import fold
from studio.parse.people import name_span
from studio.parse.periods import Period, find_period, month_end, parse_period
from studio.roster import Role
from studio.text import format_fen
from views import t
from views.pay import card_text, ranking_text


def month_of(text: str | None, context: StudioContext) -> Period:
    """The month ``text`` names (default: this one, to today); any other period is refused."""
    today = context.clock.business_day(context.now)
    period = parse_period(text or "month", today, context.settings.reports.max_days)
    if not (period.month or (period.first.day == 1 and period.last == month_end(period.first))):
        raise BadInput("scorecard_month", value=(text or "")[:40])
    return period


def month_and_person(args: list[str]) -> tuple[str | None, str | None]:
    """``[month] [@who]`` in either order, each at most once."""
    period_text, who, args = None, None, list(args)
    while args:
        span = name_span(args) if who is None else 0
        if span > 1:  # a name with spaces in it
            args[:span] = [" ".join(args[:span])]
        arg = args.pop(0)
        if who is None and roster.looks_like_person(arg):
            who = arg
        elif period_text is None:
            period_text = arg
        else:
            raise BadInput("report_extra", value=arg)
    return period_text, who


async def show_scorecard(update: Update, context: StudioContext) -> None:
    """A host: her own card. Ops and managers: everyone's ranked, or one host's."""
    period_text, who = month_and_person(context.args_list)
    period = month_of(period_text, context)
    person = roster.resolve(who, active_only=False) if who else None
    if context.role < Role.OPS:
        if person is not None and person.id != context.person.id:
            raise Refused("scorecard_own_only")
        person = context.person
    cards = await in_worker(assessment.scorecards, period.first, period.last, context.settings,
                            context.clock, context.now, [person.id] if person else None)
    if not cards:
        await context.reply(t(context.lang, "scorecard.none"))
        return
    texts = [card_text(context.lang, context.settings, context.clock, c) for c in cards]
    if person is None:
        texts.insert(0, ranking_text(context.lang, cards))
    for text in texts:
        await context.reply(text)


def signed_amount(word: str) -> int | None:
    """``+200`` ``-50`` ``＋200元`` ``200`` → fen (signed); None when the word is no amount (the
    reason begins there); a sign before what is no amount is a mistake, said."""
    text = fold(word).strip().replace("−", "-").replace("－", "-")
    signed = text[:1] in ("+", "-")
    try:
        fen = parse_amount_fen(text[1:] if signed else text)
    except BadInput:
        if signed:
            raise BadInput("adjust_amount", value=word[:40]) from None
        return None
    return -fen if text.startswith("-") else fen


async def adjust(update: Update, context: StudioContext) -> None:
    """/adjust @who [month] [±amount] reason: a note, or an amount added to or taken off."""
    person, rest = target_person(context, context.args_list, active_only=False)
    today = context.clock.business_day(context.now)
    month = today
    named = find_period(rest[0], today, context.settings.reports.max_days) if rest else None
    if named is not None and (named.month or named.first.day == 1):  # "今天迟到" is a reason
        month = month_of(rest.pop(0), context).first
    amount = signed_amount(rest[0]) if rest else None
    if amount is not None:
        rest = rest[1:]
    reason = as_typed(rest)
    pay_domain.adjust(person, month, amount or 0, reason, context.person, context.now)
    what = (t(context.lang, "pay.adjust_amount",
              amount=("+" if amount > 0 else "") + format_fen(amount))
            if amount else t(context.lang, "pay.adjust_note"))
    await context.reply(t(context.lang, "pay.adjusted", name=person.name,
                          month=f"{month:%Y-%m}", what=what, reason=reason))


COMMANDS = [
    Command("scorecard", show_scorecard, Role.HOST, keywords=("考核",)),
    Command("adjust", adjust, Role.MANAGER, keywords=("调整",)),
]
BUTTONS: list = []
