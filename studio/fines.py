"""The fines ledger (乐捐): proposals the bot makes, fines people record, payments, waivers.

Nothing here is ever deleted, and a fine's amount never changes once recorded: a waiver or a
payment is a new state with who and when, and every change is an entry in the audit log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from peewee import IntegrityError

from config import Settings
from models import Fine, FineProposal, FineStatus, ProposalStatus, Staff, audit, db
from studio.clock import to_db
from studio.errors import BadInput, Refused
from studio.i18n import catalogue
from studio.parse.amounts import parse_amount_fen
from studio.parse.lists import as_typed
from studio.parse.numbers import fold, record_id
from studio.parse.quantities import split_quantity as split_times
from studio.parse.quantities import split_stuck
from studio.parse.words import fine_code


def rule_of(settings: Settings, code: str):
    rule = settings.fines.catalogue.get(code)
    if rule is None:
        raise BadInput("unknown_fine_code", code=code, codes=", ".join(settings.fines.catalogue))
    return rule


def propose(settings: Settings, person: Staff, code: str, count: int, why: str, source: str,
            now: datetime, batch: str | None = None,
            offence_at: datetime | None = None) -> FineProposal | None:
    """Propose a fine for a manager to confirm; None when ``source`` already proposed one.

    ``source`` names what caused it ("checklist:12:lights", "late_start:7") so the same cause
    never proposes twice; ``batch`` groups proposals decided on one card ("checklist:12"). The
    fine row is made now, ``proposed``: its number is the one every card shows, and it stays
    no fine (never counted, listed, paid) until a manager confirms it. ``offence_at``: when
    the offence happened (a broadcast's start or end; default ``now``), the business day the
    fine belongs to whenever it is confirmed (``studio.fine_ledger``)."""
    rule_of(settings, code)
    count = max(1, count)
    try:
        with db.atomic():
            proposal = FineProposal.create(staff=person, code=code, count=count, why=why,
                                           source=source, created_at=to_db(now), batch=batch)
            fine = Fine.create(staff=person, code=code, count=count,
                               amount_fen=amount_of(settings, code, count), reason=why,
                               created_at=to_db(now), proposal=proposal,
                               offence_at=to_db(_aware(offence_at or now)),
                               status=FineStatus.PROPOSED)
            audit(None, "fine.propose", f"proposal:{proposal.id}",
                  f"fine:{fine.id} {code} x{count} {source}", at=now)
    except IntegrityError:
        return None
    return proposal


def _aware(moment: datetime) -> datetime:
    """A stored naive-UTC moment (a broadcast's start) or an aware one, as aware."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def pending_proposal(source: str) -> FineProposal | None:
    """The proposal ``source`` made, if it still waits for a manager."""
    return FineProposal.pending_from(source)


def amount_of(settings: Settings, code: str, count: int) -> int:
    """The fine in fen: per item where the handbook says "each item", else once per count."""
    rule = rule_of(settings, code)
    return rule.amount_fen * count


def fine_of(proposal: FineProposal) -> Fine | None:
    """The fine row of a proposal: made with it (or by migration 0007 for one still pending
    then); None only for a proposal decided before rows were made with proposals."""
    return proposal.fine


def number_of(proposal: FineProposal) -> int:
    """The number a person quotes for a proposal: its fine's (an old decided proposal without
    a row: its own)."""
    fine = fine_of(proposal)
    return fine.id if fine is not None else proposal.id


def batch_of(proposal: FineProposal) -> list[FineProposal]:
    """The proposals decided on the same card as ``proposal`` (itself alone, without a batch)."""
    if not proposal.batch:
        return [proposal]
    return list(FineProposal.select().where(FineProposal.batch == proposal.batch)
                .order_by(FineProposal.id))


def decide_proposal(settings: Settings, proposal_id: int, confirm: bool, by: Staff,
                    now: datetime) -> tuple[FineProposal, Fine | None]:
    """Confirm (the fine becomes owed) or dismiss a proposal; a second decision is refused,
    saying who decided."""
    with db.atomic():
        proposal = FineProposal.get_or_none(FineProposal.id == proposal_id)
        if proposal is None:
            raise Refused("unknown_proposal", id=proposal_id)
        if proposal.status != ProposalStatus.PENDING:
            raise _decided(proposal)
        fine = fine_of(proposal)
        if fine is None:  # pending, yet no row (not migrated): make it, so the number holds
            fine = Fine.create(staff=proposal.staff_id, code=proposal.code, count=proposal.count,
                               amount_fen=0, reason=proposal.why,
                               created_at=proposal.created_at, proposal=proposal,
                               offence_at=proposal.created_at, status=FineStatus.PROPOSED)
        # Claim it with a conditional update: two presses at once record one fine.
        claimed = (FineProposal
                   .update(status=ProposalStatus.CONFIRMED if confirm else ProposalStatus.DISMISSED,
                           decided_by=by, decided_at=to_db(now))
                   .where((FineProposal.id == proposal_id)
                          & (FineProposal.status == ProposalStatus.PENDING))
                   .execute())
        if not claimed:
            raise _decided(FineProposal.get_by_id(proposal_id))
        proposal = FineProposal.get_by_id(proposal_id)
        if confirm:  # recorded now, at the catalogue's amount; it stays on its offence's day
            (Fine.update(status=FineStatus.UNPAID, created_at=to_db(now), created_by=by,
                         amount_fen=amount_of(settings, proposal.code, proposal.count))
             .where(Fine.id == fine.id).execute())
            audit(by, "fine.confirm", f"proposal:{proposal.id}", f"fine:{fine.id}", at=now)
        else:
            Fine.update(status=FineStatus.DISMISSED).where(Fine.id == fine.id).execute()
            audit(by, "fine.dismiss", f"proposal:{proposal.id}", f"fine:{fine.id}", at=now)
    return proposal, (Fine.get_by_id(fine.id) if confirm else None)


def _decided(proposal: FineProposal) -> Refused:
    """The refusal of a second decision: the number, and who decided."""
    who = proposal.decided_by.name if proposal.decided_by_id else "?"
    return Refused("proposal_decided", id=number_of(proposal), by=who)


def decide_batch(settings: Settings, proposal_id: int, confirm: bool, by: Staff,
                 now: datetime) -> tuple[FineProposal, list[Fine]]:
    """Confirm or dismiss every proposal of the batch still pending (a checklist card's
    "confirm all" / "dismiss all"): (the proposal pressed, the fines confirmed). Nothing left
    to decide is refused, saying who decided the last."""
    proposal = FineProposal.get_or_none(FineProposal.id == proposal_id)
    if proposal is None:
        raise Refused("unknown_proposal", id=proposal_id)
    waiting = [p for p in batch_of(proposal) if p.status == ProposalStatus.PENDING]
    if not waiting:
        last = max(batch_of(proposal), key=lambda p: (p.decided_at or p.created_at, p.id))
        raise _decided(last)
    confirmed, decided = [], 0
    for each in waiting:
        try:
            _, fine = decide_proposal(settings, each.id, confirm, by, now)
        except Refused:  # decided at the same moment by another press
            continue
        decided += 1
        if fine is not None:
            confirmed.append(fine)
    if not decided:
        raise _decided(FineProposal.get_by_id(waiting[-1].id))
    return proposal, confirmed


def pending_proposals() -> list[FineProposal]:
    """Every proposal waiting for a manager, however old, oldest first."""
    return list(FineProposal.select(FineProposal, Staff).join(Staff)
                .where(FineProposal.status == ProposalStatus.PENDING)
                .order_by(FineProposal.created_at, FineProposal.id))


def remember_cards(proposal: FineProposal, cards: list[tuple[int, int]]) -> None:
    """Keep where the managers' cards of ``proposal`` are, to edit them all on a decision
    (added to those kept: a /pending card stays kept when a resumed run sends the rest)."""
    kept = set(proposal.card_ids)
    proposal.add_cards([card for card in dict.fromkeys(cards) if card not in kept])


def add_cards(proposals: list[FineProposal], cards: list[tuple[int, int]]) -> None:
    """More cards showing ``proposals`` (a /pending card of a proposal or a batch)."""
    with db.atomic():
        for proposal in proposals:
            proposal.add_cards(cards)


def cards_of(proposal: FineProposal) -> list[tuple[int, int]]:
    """The (chat id, message id) of every card showing ``proposal`` (its batch's included),
    each once, in the order they were sent."""
    seen: dict[tuple[int, int], None] = {}
    for each in batch_of(proposal):
        for card in each.card_ids:
            seen.setdefault(card)
    return list(seen)


# --- fines people record: /fine, /fines, /paid, /waive ------------------------------------------

MAX_TIMES = 20  # the largest xN one /fine accepts


@dataclass(frozen=True)
class FineInput:
    """What ``/fine @who …`` asked for, parsed: a catalogue code ×count, or an amount and why."""

    code: str | None
    count: int
    amount_fen: int
    reason: str


_BARE_COUNT = re.compile(r"^(\d+)\s*(?:个|次|样|件|项|回)?$")


def code_name(settings: Settings, code: str, lang: str | None) -> str:
    """A catalogue code's short name in ``lang`` ("lights" → "忘关灯"): the config's
    ``name_zh``/``name_en``, else the texts' ``fines.name.<code>``, else the code itself."""
    rule = settings.fines.catalogue.get(code)
    named = (rule.name_zh if lang == "zh" else rule.name_en) if rule else ""
    if named:
        return named
    key = f"fines.name.{code}"
    return catalogue().t(lang, key) if catalogue().has(key) else code


def code_of(settings: Settings, word: str) -> str | None:
    """The catalogue code ``word`` names: the code, its names in both languages, its aliases."""
    names = {code: [rule.name_zh, rule.name_en, *rule.aliases,
                    *(catalogue().t(lang, f"fines.name.{code}") for lang in ("zh", "en")
                      if catalogue().has(f"fines.name.{code}"))]
             for code, rule in settings.fines.catalogue.items()}
    wording = {code: rule.zh for code, rule in settings.fines.catalogue.items()}
    return fine_code(word, names, wording)


def parse_fine(settings: Settings, args: list[str]) -> FineInput:
    """``code [xN] [note]`` or ``amount reason`` (the words after "@who")."""
    if not args:
        raise BadInput("fine_what", codes=", ".join(settings.fines.catalogue))
    first = code_of(settings, args[0])
    if first is None:  # "没关灯x2": the name with its count stuck on
        name, stuck = split_stuck(args[0])
        if stuck is not None and code_of(settings, name) is not None:
            first, args = code_of(settings, name), [name, f"x{stuck}", *args[1:]]
    if first is not None:
        bare = _BARE_COUNT.match(fold(args[1]).strip()) if len(args) > 1 else None
        if bare:  # "lights 3" / "lights 3次": x3, or one fine with the note "3"? ask for x3
            raise BadInput("fine_bare_count", code=first, value=bare.group(1))
        rest, count = split_times(args[1:], MAX_TIMES)
        return FineInput(first, count, amount_of(settings, first, count), as_typed(rest))
    try:
        fen = parse_amount_fen(args[0])
    except BadInput as exc:
        if exc.key == "bad_amount":  # neither a code nor a number: say which codes there are
            raise BadInput("unknown_fine_code", code=args[0],
                           codes=", ".join(settings.fines.catalogue)) from None
        raise
    if not 0 < fen <= settings.fines.max_amount * 100:
        raise BadInput("fine_amount_range", value=args[0], max=settings.fines.max_amount)
    reason = as_typed(args[1:]).strip()
    if not reason:
        raise BadInput("fine_no_reason")
    return FineInput(None, 1, fen, reason)


def record_fine(person: Staff, by: Staff, what: FineInput, now: datetime) -> Fine:
    """Record a fine someone gave; nobody fines themselves (a fine is a second person's call)."""
    if person.id == by.id:
        raise Refused("fine_yourself")
    with db.atomic():
        fine = Fine.create(staff=person, code=what.code, count=what.count,
                           amount_fen=what.amount_fen, reason=what.reason,
                           created_at=to_db(now), offence_at=to_db(now), created_by=by)
        audit(by, "fine.record", f"fine:{fine.id}",
              f"staff:{person.id} {what.code or '-'} x{what.count} {what.amount_fen}", at=now)
    return fine


def parse_fine_id(text: str) -> int:
    return record_id(text, "bad_fine_id")


def _fine(fine_id: int) -> Fine:
    fine = Fine.get_or_none(Fine.id == fine_id)
    if fine is None or fine.status == FineStatus.DISMISSED:  # a dismissed proposal: no fine
        raise Refused("unknown_fine", id=fine_id)
    return fine


def mark_paid(fine_id: int, by: Staff, now: datetime) -> Fine:
    """The fine's money is in the fund; a second /paid is refused."""
    fine = _fine(fine_id)
    if fine.status != FineStatus.UNPAID:
        raise Refused(f"fine_already_{fine.status}", id=fine_id)
    with db.atomic():
        # Conditional on "unpaid": two /paid at once mark it once.
        if not (Fine.update(status=FineStatus.PAID, paid_at=to_db(now), paid_by=by)
                .where((Fine.id == fine_id) & (Fine.status == FineStatus.UNPAID)).execute()):
            raise Refused("fine_already_paid", id=fine_id)
        audit(by, "fine.paid", f"fine:{fine_id}", at=now)
    return Fine.get_by_id(fine_id)


def waive(fine_id: int, by: Staff, reason: str, now: datetime) -> Fine:
    """A manager lets an unpaid fine go, saying why; the row and its amount stay."""
    if not reason.strip():
        raise BadInput("waive_no_reason")
    fine = _fine(fine_id)
    if fine.status != FineStatus.UNPAID:
        raise Refused(f"fine_already_{fine.status}", id=fine_id)
    with db.atomic():
        if not (Fine.update(status=FineStatus.WAIVED, waived_at=to_db(now), waived_by=by,
                            waive_reason=reason.strip())
                .where((Fine.id == fine_id) & (Fine.status == FineStatus.UNPAID)).execute()):
            raise Refused("fine_already_waived", id=fine_id)
        audit(by, "fine.waive", f"fine:{fine_id}", reason.strip(), at=now)
    return Fine.get_by_id(fine_id)




# The ledger lives in studio.fine_ledger; its names stay importable from here.
from studio.fine_ledger import (  # noqa: E402
    PayLine,
    Statement,
    close_month,
    closed_month,
    fines_by_staff,
    fines_for,
    fund,
    payroll,
    payroll_totals,
    statement,
    totals_by_staff,
    unpaid_by_staff,
)

__all__ = ["PayLine", "Statement", "close_month", "closed_month", "fines_by_staff", "fines_for", "fund",
           "payroll", "payroll_totals", "statement", "totals_by_staff", "unpaid_by_staff"]
