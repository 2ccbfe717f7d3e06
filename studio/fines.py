"""The fines ledger (乐捐): proposals the bot makes, fines people record, payments, waivers.

Nothing here is ever deleted, and a fine's amount never changes once recorded: a waiver or a
payment is a new state with who and when, and every change is an entry in the audit log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from peewee import IntegrityError

from config import Settings
from models import Fine, FineProposal, FineStatus, ProposalStatus, Staff, audit, db
from studio.clock import to_db
from studio.errors import BadInput, Refused
from studio.i18n import catalogue
from studio.parse.amounts import parse_amount_fen
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
            now: datetime) -> FineProposal | None:
    """Propose a fine for a manager to confirm; None when ``source`` already proposed one.

    ``source`` names what caused it ("checklist:12:lights", "late_start:7") so the same cause
    never proposes twice. Until confirmed, a proposal is no fine."""
    rule_of(settings, code)
    try:
        with db.atomic():
            proposal = FineProposal.create(staff=person, code=code, count=max(1, count), why=why,
                                           source=source, created_at=to_db(now))
            audit(None, "fine.propose", f"proposal:{proposal.id}", f"{code} x{count} {source}", at=now)
    except IntegrityError:
        return None
    return proposal


def pending_proposal(source: str) -> FineProposal | None:
    """The proposal ``source`` made, if it still waits for a manager."""
    return FineProposal.pending_from(source)


def amount_of(settings: Settings, code: str, count: int) -> int:
    """The fine in fen: per item where the handbook says "each item", else once per count."""
    rule = rule_of(settings, code)
    return rule.amount_fen * count


def decide_proposal(settings: Settings, proposal_id: int, confirm: bool, by: Staff,
                    now: datetime) -> tuple[FineProposal, Fine | None]:
    """Confirm (record the fine) or dismiss a proposal; a second decision is refused."""
    with db.atomic():
        proposal = FineProposal.get_or_none(FineProposal.id == proposal_id)
        if proposal is None:
            raise Refused("unknown_proposal", id=proposal_id)
        if proposal.status != ProposalStatus.PENDING:
            raise Refused("proposal_decided", id=proposal_id)
        # Claim it with a conditional update: two presses at once record one fine.
        claimed = (FineProposal
                   .update(status=ProposalStatus.CONFIRMED if confirm else ProposalStatus.DISMISSED,
                           decided_by=by, decided_at=to_db(now))
                   .where((FineProposal.id == proposal_id)
                          & (FineProposal.status == ProposalStatus.PENDING))
                   .execute())
        if not claimed:
            raise Refused("proposal_decided", id=proposal_id)
        proposal = FineProposal.get_by_id(proposal_id)
        fine = None
        if confirm:
            fine = Fine.create(staff=proposal.staff, code=proposal.code, count=proposal.count,
                               amount_fen=amount_of(settings, proposal.code, proposal.count),
                               reason=proposal.why, created_at=to_db(now), created_by=by,
                               proposal=proposal)
            audit(by, "fine.confirm", f"proposal:{proposal.id}", f"fine:{fine.id}", at=now)
        else:
            audit(by, "fine.dismiss", f"proposal:{proposal.id}", at=now)
    return proposal, fine


def remember_cards(proposal: FineProposal, cards: list[tuple[int, int]]) -> None:
    """Keep where the managers' cards of ``proposal`` are, to edit them all on a decision."""
    proposal.set_cards(cards)


def cards_of(proposal: FineProposal) -> list[tuple[int, int]]:
    """The (chat id, message id) of every manager's card, as ``remember_cards`` kept them."""
    return proposal.card_ids


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
    return fine_code(word, names)


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
        return FineInput(first, count, amount_of(settings, first, count), " ".join(rest))
    try:
        fen = parse_amount_fen(args[0])
    except BadInput as exc:
        if exc.key == "bad_amount":  # neither a code nor a number: say which codes there are
            raise BadInput("unknown_fine_code", code=args[0],
                           codes=", ".join(settings.fines.catalogue)) from None
        raise
    if not 0 < fen <= settings.fines.max_amount * 100:
        raise BadInput("fine_amount_range", value=args[0], max=settings.fines.max_amount)
    reason = " ".join(args[1:]).strip()
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
                           created_at=to_db(now), created_by=by)
        audit(by, "fine.record", f"fine:{fine.id}",
              f"staff:{person.id} {what.code or '-'} x{what.count} {what.amount_fen}", at=now)
    return fine


def parse_fine_id(text: str) -> int:
    return record_id(text, "bad_fine_id")


def _fine(fine_id: int) -> Fine:
    fine = Fine.get_or_none(Fine.id == fine_id)
    if fine is None:
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
    carried_by_staff,
    figures_in,
    fines_by_staff,
    fines_for,
    fund,
    payroll,
    payroll_totals,
    recorded_in,
    statement,
    totals_by_staff,
    unpaid_by_staff,
)

__all__ = ["PayLine", "Statement", "carried_by_staff", "figures_in", "fines_by_staff", "fines_for", "fund", "payroll",
           "payroll_totals", "recorded_in", "statement", "totals_by_staff", "unpaid_by_staff"]
