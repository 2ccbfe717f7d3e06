"""The process's own records: updates acted on, job runs and their deliveries."""

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

from models.base import BaseModel, utcnow


class ProcessedUpdate(BaseModel):
    """Updates already acted on: Telegram redelivers after a crash. ``handling`` stays true from
    the start of an update's handling until it finished: a row left true by a dead process is
    an update whose handling was cut (``studio.updates``)."""

    update_id = BigIntegerField(unique=True)
    at = DateTimeField(default=utcnow, index=True)
    handling = BooleanField(default=False)


class JobRun(BaseModel):
    """One run of a scheduled job for one period; the unique key makes a second run a no-op."""

    job = CharField(max_length=32)
    period = CharField(max_length=32)  # e.g. "2026-11-26T18:00", studio time
    started_at = DateTimeField(default=utcnow)
    finished_at = DateTimeField(null=True)
    status = CharField(max_length=16, default="running")  # running | done | failed | skipped
    sent = IntegerField(default=0)
    failed = IntegerField(default=0)
    manual = BooleanField(default=False)
    detail = TextField(default="")

    class Meta:
        indexes = ((("job", "period"), True),)


class JobDelivery(BaseModel):
    """One message of one job run to one recipient: sent once, even across a crash."""

    run = ForeignKeyField(JobRun, backref="deliveries", on_delete="CASCADE")
    key = CharField(max_length=64)  # the recipient, e.g. "staff:3", "chat:-100..."
    status = CharField(max_length=16, default="pending")  # pending | sent | failed
    chat_id = BigIntegerField(null=True)
    message_id = BigIntegerField(null=True)
    at = DateTimeField(default=utcnow)
    error = TextField(default="")

    class Meta:
        indexes = ((("run", "key"), True),)
