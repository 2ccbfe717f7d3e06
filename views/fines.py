"""Fines: the proposal card the managers decide, and how a fine reads."""

from __future__ import annotations

from models import Fine, FineProposal, ProposalStatus
from studio import fines
from studio.text import format_fen
from views import Markup, keyboard, mention, t
from views.broadcasts import proposal_reason
from views.buttons import encode


def proposal_text(settings, proposal: FineProposal, lang: str) -> str:
    """The card of one proposal as it stands: numbered as its fine, and who decided, if done."""
    rule = settings.fines.catalogue.get(proposal.code)
    amount = fines.amount_of(settings, proposal.code, proposal.count) if rule else 0
    text = t(lang, "fines.proposal_card", number=fines.number_of(proposal),
             who=mention(proposal.staff), count=proposal.count,
             name=fines.code_name(settings, proposal.code, lang), amount=format_fen(amount),
             rule=rule.text(lang) if rule else "",
             why=proposal_reason(settings, proposal, lang))
    decided = decided_line(proposal, lang)
    return f"{text}\n{decided}" if decided else text


def decided_line(proposal: FineProposal, lang: str) -> str:
    """"✅ Confirmed by X: fine #n." / "❌ Dismissed by X." ("" while pending)."""
    if proposal.status == ProposalStatus.PENDING:
        return ""
    by = mention(proposal.decided_by) if proposal.decided_by_id else "?"
    if proposal.status == ProposalStatus.CONFIRMED:
        return t(lang, "fines.proposal_confirmed", by=by, fine=fines.number_of(proposal))
    return t(lang, "fines.proposal_dismissed", by=by)


def proposal_buttons(lang: str, proposal: FineProposal):
    return keyboard([[(t(lang, "fines.confirm"), encode("fineprop", "yes", proposal.id)),
                      (t(lang, "fines.dismiss"), encode("fineprop", "no", proposal.id))]])


def batch_text(settings, batch: list[FineProposal], lang: str) -> str:
    """One card for proposals decided together (a closing checklist): each item with its
    number, amount and state."""
    first = batch[0]
    lines = [t(lang, "fines.batch_card", who=mention(first.staff),
                   why=proposal_reason(settings, first, lang))]
    for proposal in batch:
        state = decided_line(proposal, lang) or t(lang, "fines.state_pending")
        lines.append(t(lang, "fines.batch_line", number=fines.number_of(proposal),
                       name=fines.code_name(settings, proposal.code, lang),
                       count=proposal.count, state=Markup(state),
                       amount=format_fen(fines.amount_of(settings, proposal.code, proposal.count)
                                         if proposal.code in settings.fines.catalogue else 0)))
    return "\n".join(lines)


def batch_buttons(settings, lang: str, batch: list[FineProposal]):
    """Per item still pending: confirm / dismiss; then all of them at once. None when done."""
    waiting = [p for p in batch if p.status == ProposalStatus.PENDING]
    if not waiting:
        return None
    rows = [[(t(lang, "fines.confirm_one", number=fines.number_of(p),
                name=fines.code_name(settings, p.code, lang)), encode("fineprop", "yes", p.id)),
             (t(lang, "fines.dismiss_one", number=fines.number_of(p)),
              encode("fineprop", "no", p.id))] for p in waiting]
    if len(waiting) > 1:
        rows.append([(t(lang, "fines.confirm_all"), encode("fineprop", "allyes", waiting[0].id)),
                     (t(lang, "fines.dismiss_all"), encode("fineprop", "allno", waiting[0].id))])
    return keyboard(rows)


def card_of(settings, proposal: FineProposal, lang: str):
    """(text, buttons) of the card showing ``proposal`` as it stands now (its batch's card when
    it has one); no buttons once everything on it is decided."""
    batch = fines.batch_of(proposal)
    if len(batch) > 1 or proposal.batch:
        return batch_text(settings, batch, lang), batch_buttons(settings, lang, batch)
    pending = proposal.status == ProposalStatus.PENDING
    return (proposal_text(settings, proposal, lang),
            proposal_buttons(lang, proposal) if pending else None)


def rule_text(settings, code: str | None, lang: str) -> str:
    rule = settings.fines.catalogue.get(code) if code else None
    return rule.text(lang) if rule else ""


def catalogue_text(settings, lang: str) -> str:
    """The rules as a refusal lists them, in the reader's language: ``抽烟 50元、忘关灯 每件20元``
    (the codes are still accepted, never shown as the list)."""
    return t(lang, "fines.catalogue_joiner").join(
        t(lang, "fines.catalogue_item_each" if rule.per_item else "fines.catalogue_item",
          name=fines.code_name(settings, code, lang), amount=rule.amount)
        for code, rule in settings.fines.catalogue.items())


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
