"""Customers' inquiries and their messages."""

from __future__ import annotations

from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)
from playhouse.fields import EnumField

from models.base import BaseModel, reused_models
from models.people import Customer, Staff
from models.status import Direction, InquiryStatus


class Inquiry(BaseModel):
    """A customer's conversation with the studio; ``id`` is the number staff see (#12)."""

    customer = ForeignKeyField(Customer, backref="inquiries")
    status = EnumField(InquiryStatus, max_length=16, default=InquiryStatus.OPEN, index=True)
    opened_at = DateTimeField()
    waiting_since = DateTimeField(null=True)  # oldest customer message not yet answered
    last_message_at = DateTimeField()
    card_chat_id = BigIntegerField(null=True)
    card_message_id = BigIntegerField(null=True)
    reminded_at = DateTimeField(null=True)
    escalated_at = DateTimeField(null=True)
    acked_at = DateTimeField(null=True)  # the customer was last told "received"
    answered_by = ForeignKeyField(Staff, null=True, backref="+")  # the latest answer's author
    closed_by = ForeignKeyField(Staff, null=True, backref="+")

    @classmethod
    def current_of(cls, customer: Customer) -> Inquiry | None:
        """The customer's inquiry not yet closed (the latest)."""
        found = reused_models(cls, "inquiry.current_of", lambda customer_id: (
            cls.select().where((cls.customer == customer_id)
                               & (cls.status != InquiryStatus.CLOSED))
            .order_by(cls.id.desc()).limit(1)), customer.id)  # every customer's message
        return found[0] if found else None

    @classmethod
    def waits_at(cls, moment):
        """The condition "the customer waits for an answer, since at or before ``moment``"
        (naive UTC), for a query to narrow with."""
        return ((cls.status == InquiryStatus.OPEN) & cls.waiting_since.is_null(False)
                & (cls.waiting_since <= moment))


class InquiryMessage(BaseModel):
    """A message of an inquiry: in from the customer, out from staff (or the FAQ)."""

    inquiry = ForeignKeyField(Inquiry, backref="messages")
    direction = EnumField(Direction, max_length=4)
    at = DateTimeField()
    kind = CharField(max_length=16, default="text")
    text = TextField(default="")
    staff = ForeignKeyField(Staff, null=True, backref="answers")
    faq = BooleanField(default=False)
    response_seconds = IntegerField(null=True)  # on the first answer after a wait
    customer_message_id = BigIntegerField(null=True)
    inbox_chat_id = BigIntegerField(null=True)
    inbox_message_id = BigIntegerField(null=True, index=True)
