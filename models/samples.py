"""Product samples and every move of each."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)
from playhouse.fields import EnumField

from models.base import BaseModel
from models.people import Staff
from models.status import SampleStatus


class Sample(BaseModel):
    """A product sample; ``id`` is the number of its short id ``S12``."""

    brand = CharField(max_length=128)
    brand_key = CharField(max_length=128, index=True)  # case- and width-folded
    item = CharField(max_length=255)
    note = TextField(default="")
    photo_file_id = CharField(max_length=255, null=True)
    status = EnumField(SampleStatus, max_length=16, default=SampleStatus.RACK, index=True)
    arrived_at = DateTimeField()
    logged_by = ForeignKeyField(Staff, null=True, backref="+")
    lineup_day = DateField(null=True, index=True)
    tag = IntegerField(null=True)
    keep = BooleanField(default=False)
    return_note = TextField(default="")
    tracking = CharField(max_length=128, default="")
    updated_at = DateTimeField()

    @classmethod
    def in_status(cls, *statuses: SampleStatus):
        """The samples in any of ``statuses`` (a query, to narrow or order further)."""
        return cls.select().where(cls.status.in_(list(statuses)))


class SampleEvent(BaseModel):
    sample = ForeignKeyField(Sample, backref="history")
    at = DateTimeField()
    actor = ForeignKeyField(Staff, null=True, backref="+")
    from_status = EnumField(SampleStatus, max_length=16, null=True)
    to_status = EnumField(SampleStatus, max_length=16)
    note = TextField(default="")
