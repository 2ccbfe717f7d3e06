"""Attendance and broadcasts: check-ins, plans, broadcasts, their closing checklist, the room
handover, videos and a broadcast's figures."""

from __future__ import annotations

from peewee import (
    BigIntegerField,
    BooleanField,
    Case,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    PostgresqlDatabase,
    TextField,
    fn,
)
from playhouse.fields import EnumField

from models.base import BaseModel, db, reused_models
from models.people import Staff
from models.status import HandoverStatus


class Checkin(BaseModel):
    staff = ForeignKeyField(Staff, backref="checkins")
    at = DateTimeField()
    day = DateField(index=True)  # business day
    # Registered afterwards with its time (到岗 9点半): the time typed, not the message's. No
    # fine: the handbook's registration rule is about broadcasts.
    late = BooleanField(default=False)

    class Meta:
        indexes = ((("staff", "day"), True),)


class Plan(BaseModel):
    staff = ForeignKeyField(Staff, backref="plans")
    day = DateField(index=True)
    starts_at = DateTimeField()
    ends_at = DateTimeField()
    room = CharField(max_length=32, null=True)
    note = TextField(default="")
    created_at = DateTimeField()
    cancelled_at = DateTimeField(null=True)  # /plan 12 取消: kept for the audit, never shown

    @classmethod
    def live(cls):
        """The plans not cancelled: what /schedule shows and the reports count."""
        return cls.select(cls, Staff).join(Staff).where(cls.cancelled_at.is_null())


class Broadcast(BaseModel):
    staff = ForeignKeyField(Staff, backref="broadcasts")
    room = CharField(max_length=32)
    day = DateField(index=True)  # the business day it started in
    started_at = DateTimeField(index=True)
    ended_at = DateTimeField(null=True)
    late_start = BooleanField(default=False)
    late_end = BooleanField(default=False)
    auto_closed = BooleanField(default=False)  # closed by the bot: no time until /fixlive
    # When the bot closed it (kept after /fixlive sets the end: a registration problem still)
    closed_by_bot_at = DateTimeField(null=True)
    note = TextField(default="")
    end_note = TextField(default="")
    checklist_shown_at = DateTimeField(null=True)  # /offline: the checklist's grace runs from here
    checklist_reminded_at = DateTimeField(null=True)
    checklist_settled_at = DateTimeField(null=True)  # fines proposed or all ticked
    created_at = DateTimeField()

    @classmethod
    def open_for(cls, staff: Staff) -> Broadcast | None:
        """The person's broadcast still running (the latest, should there be two)."""
        found = reused_models(cls, "broadcast.open_for", lambda staff_id: (
            cls.select().where((cls.staff == staff_id) & cls.ended_at.is_null())
            .order_by(cls.started_at.desc()).limit(1)), staff.id)  # every update of a host's
        return found[0] if found else None

    @property
    def minutes(self) -> int:
        """Credited minutes: none while open or after an auto-close."""
        if self.ended_at is None or self.auto_closed:
            return 0
        return max(0, int((self.ended_at - self.started_at).total_seconds() // 60))

    @classmethod
    def credited_minutes(cls):
        """``minutes`` as an SQL expression, the same rule, so a period's figures can be summed
        by the database instead of parsing every broadcast's datetimes in Python."""
        if isinstance(db.obj, PostgresqlDatabase):
            whole = fn.FLOOR(fn.date_part("epoch", cls.ended_at - cls.started_at) / 60)
            positive = fn.GREATEST(0, whole)
        else:  # SQLite: seconds since the epoch as integers; integer division by 60
            whole = (fn.strftime("%s", cls.ended_at) - fn.strftime("%s", cls.started_at)) / 60
            positive = fn.MAX(0, whole)
        return Case(None, [(cls.ended_at.is_null(True) | (cls.auto_closed == True), 0)],  # noqa: E712
                    positive)


class ChecklistTick(BaseModel):
    """One closing-checklist item of a broadcast (lights, computer, ac, rubbish, mess)."""

    broadcast = ForeignKeyField(Broadcast, backref="ticks", on_delete="CASCADE")
    item = CharField(max_length=32)
    ticked_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("broadcast", "item"), True),)


class Handover(BaseModel):
    """The incoming host's check of the room at /live (penalty 8)."""

    broadcast = ForeignKeyField(Broadcast, backref="handovers", on_delete="CASCADE")
    previous = ForeignKeyField(Broadcast, null=True, backref="+")
    status = EnumField(HandoverStatus, max_length=16, default=HandoverStatus.PENDING)
    answered_at = DateTimeField(null=True)

    @property
    def codes(self) -> list[str]:
        """The fine codes chosen (or reported), in the order they were set."""
        return [row.code for row in self.items.order_by(HandoverItem.id)]

    def set_codes(self, codes: list[str]) -> None:
        """Replace the chosen codes by ``codes``, in that order."""
        with db.atomic():
            HandoverItem.delete().where(HandoverItem.handover == self).execute()
            if codes:
                HandoverItem.insert_many([{"handover": self, "code": code}
                                          for code in codes]).execute()


class HandoverItem(BaseModel):
    """One fine code the incoming host chose in a handover check."""

    handover = ForeignKeyField(Handover, backref="items", on_delete="CASCADE")
    code = CharField(max_length=32)

    class Meta:
        indexes = ((("handover", "code"), True),)


class Video(BaseModel):
    staff = ForeignKeyField(Staff, backref="videos")
    at = DateTimeField()
    day = DateField(index=True)
    link = CharField(max_length=512, null=True)
    title = CharField(max_length=255, default="")

    class Meta:
        indexes = ((("staff", "day", "link"), True),)


class MetricsEntry(BaseModel):
    """A broadcast's numbers; a new entry for the same broadcast supersedes the old one."""

    broadcast = ForeignKeyField(Broadcast, backref="metrics")
    staff = ForeignKeyField(Staff, backref="+")
    created_at = DateTimeField()
    # Not indexed alone: nearly every row is current, and an index on it led SQLite to scan
    # all current entries once per broadcast (2 s for a month's report); (broadcast, current)
    # below finds a broadcast's current entry directly.
    current = BooleanField(default=True)
    fans = IntegerField(null=True)
    new_fans = IntegerField(null=True)
    viewers = IntegerField(null=True)  # 观看人数: people
    views = IntegerField(null=True)  # 观看次数: views (a person watching twice is two)
    peak = IntegerField(null=True)
    gmv_fen = BigIntegerField(null=True)
    orders = IntegerField(null=True)
    products = IntegerField(null=True)
    likes = IntegerField(null=True)
    comments = IntegerField(null=True)
    console = TextField(default="")
    alimama = TextField(default="")

    class Meta:
        indexes = ((("broadcast", "current"), False),)
