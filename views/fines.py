"""Fines: the proposal card the managers decide, and how a fine reads."""

from __future__ import annotations

from models import Fine, FineProposal
from studio import fines
from studio.text import format_fen
from views import Markup, keyboard, mention, t
from views.buttons import encode


def proposal_text(settings, proposal: FineProposal, lang: str) -> str:
    rule = settings.fines.catalogue[proposal.code]
    amount = fines.amount_of(settings, proposal.code, proposal.count)
    return t(lang, "fines.proposal_card", number=proposal.id, who=mention(proposal.staff),
             count=proposal.count, name=fines.code_name(settings, proposal.code, lang),
             amount=format_fen(amount), rule=rule.text(lang), why=proposal.why)


def proposal_buttons(lang: str, proposal: FineProposal):
    return keyboard([[(t(lang, "fines.confirm"), encode("fineprop", "yes", proposal.id)),
                      (t(lang, "fines.dismiss"), encode("fineprop", "no", proposal.id))]])


def rule_text(settings, code: str | None, lang: str) -> str:
    rule = settings.fines.catalogue.get(code) if code else None
    return rule.text(lang) if rule else ""


def what_text(settings, fine: Fine, lang: str) -> str:
    """``lights ×3`` for a catalogue fine, the reason for a fine by amount."""
    if fine.code:
        name = fines.code_name(settings, fine.code, lang)
        return Markup(t(lang, "fines.what_code", name=name, count=fine.count,
                        note=fine.reason).strip())
    return Markup(t(lang, "fines.what_reason", reason=fine.reason))


def fined_text(settings, fine: Fine, lang: str) -> str:
    """What the person fined is told."""
    rule = rule_text(settings, fine.code, lang)
    key = "fines.you_are_fined_rule" if rule else "fines.you_are_fined"
    return t(lang, key, number=fine.id, amount=format_fen(fine.amount_fen),
             why=what_text(settings, fine, lang), rule=rule)
