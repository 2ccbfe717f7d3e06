"""Pay: a manager's notes and manual adjustments to a host's month, and the release of a
month's payslips (each host sent her own once)."""

from __future__ import annotations

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from models.base import BaseModel
from models.people import Staff


class PayAdjustment(BaseModel):
    """A note (``amount_fen`` 0) or an amount added to (or, negative, taken from) a host's pay
    for a month; never deleted: a correction is another adjustment."""

    staff = ForeignKeyField(Staff, backref="+")
    month = DateField(index=True)  # the month's first day
    amount_fen = IntegerField(default=0)
    reason = TextField()
    by = ForeignKeyField(Staff, backref="+")
    at = DateTimeField()  # naive UTC


class PayRelease(BaseModel):
    """A month whose scorecards and payslips a manager released to the hosts."""

    month = DateField(unique=True)  # the month's first day
    by = ForeignKeyField(Staff, backref="+")
    at = DateTimeField()
    kind = CharField(max_length=16, default="payslips")
