"""Fines: what the bot proposes, the managers' cards of each proposal, and fines recorded."""

from __future__ import annotations

from peewee import (
    BigIntegerField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)
from playhouse.fields import EnumField

from models.base import BaseModel, db
from models.people import Staff
from models.status import RECORDED, FineStatus, ProposalStatus


class FineProposal(BaseModel):
    """A fine the bot proposes; a manager confirms or dismisses it. Until then it is no fine."""

    staff = ForeignKeyField(Staff, backref="proposals")
    code = CharField(max_length=32)
    count = IntegerField(default=1)
    why = TextField(default="")
    source = CharField(max_length=128, unique=True)  # e.g. "checklist:12:lights"
    # Proposals decided on one card (a closing checklist's items: "checklist:12"); None: alone.
    batch = CharField(max_length=128, null=True, index=True)
    created_at = DateTimeField()
    status = EnumField(ProposalStatus, max_length=16, default=ProposalStatus.PENDING)
    decided_by = ForeignKeyField(Staff, null=True, backref="+")
    decided_at = DateTimeField(null=True)

    @classmethod
    def pending_from(cls, source: str) -> FineProposal | None:
        """The proposal ``source`` made, if it still waits for a manager."""
        return cls.get_or_none((cls.source == source) & (cls.status == ProposalStatus.PENDING))

    @property
    def card_ids(self) -> list[tuple[int, int]]:
        """(chat id, message id) of every manager's card, in the order they were sent."""
        return [(card.chat_id, card.message_id)
                for card in self.cards.order_by(ProposalCard.id)]

    def set_cards(self, cards: list[tuple[int, int]]) -> None:
        """Replace the cards kept for this proposal by ``cards``."""
        with db.atomic():
            ProposalCard.delete().where(ProposalCard.proposal == self).execute()
            if cards:
                ProposalCard.insert_many([{"proposal": self, "chat_id": chat, "message_id": message}
                                          for chat, message in cards]).execute()


    def add_cards(self, cards: list[tuple[int, int]]) -> None:
        """Keep more cards of this proposal (a /pending card), besides those it has."""
        if cards:
            ProposalCard.insert_many([{"proposal": self, "chat_id": chat, "message_id": message}
                                      for chat, message in cards]).execute()

    @property
    def fine(self) -> Fine | None:
        """The fine row this proposal is (its number is the proposal's number on every card)."""
        return Fine.get_or_none(Fine.proposal == self)


class ProposalCard(BaseModel):
    """A manager's card of a proposal: confirming on one edits them all."""

    proposal = ForeignKeyField(FineProposal, backref="cards", on_delete="CASCADE")
    chat_id = BigIntegerField()
    message_id = BigIntegerField()


class Fine(BaseModel):
    """A fine; one the bot proposes is ``proposed`` until decided (``models.status``)."""

    staff = ForeignKeyField(Staff, backref="fines")
    code = CharField(max_length=32, null=True)  # None: a fine by amount and reason
    count = IntegerField(default=1)
    amount_fen = IntegerField()
    reason = TextField(default="")
    created_at = DateTimeField(index=True)  # when the fine was recorded (a proposal: confirmed)
    # When the offence happened (the broadcast's start or end, the message's date): the
    # business day the fine belongs to, whenever it was confirmed. None (rows made without it,
    # as tests do): ``created_at``.
    offence_at = DateTimeField(null=True, index=True)
    created_by = ForeignKeyField(Staff, null=True, backref="+")
    proposal = ForeignKeyField(FineProposal, null=True, backref="fines")
    status = EnumField(FineStatus, max_length=16, default=FineStatus.UNPAID)
    paid_at = DateTimeField(null=True)
    paid_by = ForeignKeyField(Staff, null=True, backref="+")
    waived_at = DateTimeField(null=True)
    waived_by = ForeignKeyField(Staff, null=True, backref="+")
    waive_reason = TextField(default="")

    @classmethod
    def recorded(cls):
        """The fines that are fines: unpaid, paid, waived (not a proposal, not dismissed)."""
        return cls.select().where(cls.status.in_(list(RECORDED)))


class PayrollClose(BaseModel):
    """A month a manager closed for payroll (``/payroll 2026-12 结账``): its lines never change
    after; a fine for it confirmed later goes to the next open month, still dated by its
    offence (``studio.fine_ledger``)."""

    month = CharField(max_length=7, unique=True)  # "2026-12"
    closed_at = DateTimeField()
    closed_by = ForeignKeyField(Staff, null=True, backref="+")
