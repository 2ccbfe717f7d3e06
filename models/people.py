"""People: staff, their days off, customers, and the audit of who did what."""

from __future__ import annotations

import datetime as dt

from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    TextField,
)
from playhouse.fields import EnumField

from models.base import BaseModel, reused_execute, reused_models
from models.status import RequestStatus, StaffRole, StaffStatus


class Staff(BaseModel):
    """A person of the studio: pending after /join, active once approved, inactive when gone.

    ``id`` is the staff number people type (``/fine 3 smoking``)."""

    tg_id = BigIntegerField(unique=True)
    name = CharField(max_length=128)
    username = CharField(max_length=64, null=True, index=True)  # lower-case, without @
    role = EnumField(StaffRole, max_length=16, default=StaffRole.HOST)
    status = EnumField(StaffStatus, max_length=16, default=StaffStatus.PENDING)
    lang = CharField(max_length=4, null=True)  # private-chat language; None: the studio's
    private_chat = BooleanField(default=False)  # has pressed Start: can be written to privately
    bot_blocked = BooleanField(default=False)  # blocked the bot: fall back to the group
    official_start = DateField(null=True)  # /setstart, for tenure-based targets
    created_at = DateTimeField()
    decided_by = ForeignKeyField("self", null=True, backref="+", on_delete="SET NULL")

    @property
    def active(self) -> bool:
        return self.status == StaffStatus.ACTIVE

    # The roster by Telegram id, read by every update: kept in memory, and forgotten whole on
    # every write to the table through the model (insert, update, delete, save, create), so a
    # change (an approval, a role, /deactivate, /setstart, /lang…) is seen at once. Each caller
    # gets a copy of its own. A write outside the model (raw SQL) must call ``forget_roster``.
    _by_tg: dict[int, dict | None] = {}
    # Everyone on the roster (active, pending, inactive) by staff number, for the names "@who"
    # may be (checked against each command's words: three times for one /report); forgotten
    # with the roster.
    _listed: dict[str, list[dict]] = {}

    @classmethod
    def by_tg(cls, tg_id: int) -> Staff | None:
        cache = cls._by_tg
        if tg_id in cache:
            data = cache[tg_id]
        else:
            person = cls.get_or_none(cls.tg_id == tg_id)
            data = None if person is None else dict(person.__data__)
            if not cls._meta.database.in_transaction():  # it might yet be rolled back
                cache[tg_id] = data
        if data is None:
            return None
        person = cls(__no_default__=True)
        person.__data__ = dict(data)
        return person

    @classmethod
    def listed(cls) -> list[Staff]:
        """The active, pending and inactive people, by staff number (copies of the roster in
        memory)."""
        cache = cls._listed
        if "rows" in cache:
            rows = cache["rows"]
        else:
            rows = [dict(p.__data__) for p in cls.select().where(cls.status.in_(
                [StaffStatus.ACTIVE, StaffStatus.PENDING, StaffStatus.INACTIVE]))
                .order_by(cls.id)]
            if not cls._meta.database.in_transaction():  # it might yet be rolled back
                cache["rows"] = rows
        people = []
        for data in rows:
            person = cls(__no_default__=True)
            person.__data__ = dict(data)
            people.append(person)
        return people

    @classmethod
    def forget_roster(cls) -> None:
        cls._by_tg.clear()
        cls._listed.clear()

    @classmethod
    def insert(cls, *args, **kwargs):
        cls.forget_roster()
        return super().insert(*args, **kwargs)

    @classmethod
    def insert_many(cls, *args, **kwargs):
        cls.forget_roster()
        return super().insert_many(*args, **kwargs)

    @classmethod
    def insert_from(cls, *args, **kwargs):
        cls.forget_roster()
        return super().insert_from(*args, **kwargs)

    @classmethod
    def replace(cls, *args, **kwargs):
        cls.forget_roster()
        return super().replace(*args, **kwargs)

    @classmethod
    def replace_many(cls, *args, **kwargs):
        cls.forget_roster()
        return super().replace_many(*args, **kwargs)

    @classmethod
    def update(cls, *args, **kwargs):
        cls.forget_roster()
        return super().update(*args, **kwargs)

    @classmethod
    def delete(cls):
        cls.forget_roster()
        return super().delete()

    @classmethod
    def active_with(cls, role: StaffRole) -> list[Staff]:
        """The active people of ``role``, by staff number."""
        return list(cls.select()
                    .where((cls.status == StaffStatus.ACTIVE) & (cls.role == role))
                    .order_by(cls.id))

    @classmethod
    def active_hosts(cls) -> list[Staff]:
        return cls.active_with(StaffRole.HOST)

    @classmethod
    def managers(cls) -> list[Staff]:
        """The active managers: whom the bot tells what needs a manager."""
        return cls.active_with(StaffRole.MANAGER)


class Leave(BaseModel):
    """A business day a person is off: no minimums, no reminders."""

    staff = ForeignKeyField(Staff, backref="leaves")
    day = DateField()
    created_by = ForeignKeyField(Staff, null=True, backref="+")
    created_at = DateTimeField()

    class Meta:
        indexes = ((("staff", "day"), True),)


class LeaveRequest(BaseModel):
    """Days off a host or ops asked for (``/leave 明天``): a manager approves (the ``Leave``
    rows are made then) or rejects."""

    staff = ForeignKeyField(Staff, backref="leave_requests")
    first_day = DateField()
    last_day = DateField()
    reason = TextField(default="")
    created_at = DateTimeField()
    status = EnumField(RequestStatus, max_length=16, default=RequestStatus.PENDING)
    decided_by = ForeignKeyField(Staff, null=True, backref="+")
    decided_at = DateTimeField(null=True)


class DecisionCard(BaseModel):
    """A manager's card of a join request or a leave request (``kind``, ``ref``: the staff
    number, the request's number): a decision on one edits them all."""

    kind = CharField(max_length=16)  # "join" | "leave"
    ref = BigIntegerField()
    chat_id = BigIntegerField()
    message_id = BigIntegerField()

    class Meta:
        indexes = ((("kind", "ref"), False),)

    @classmethod
    def of(cls, kind: str, ref: int) -> list[tuple[int, int]]:
        return [(c.chat_id, c.message_id) for c in
                cls.select().where((cls.kind == kind) & (cls.ref == ref)).order_by(cls.id)]

    @classmethod
    def keep(cls, kind: str, ref: int, cards: list[tuple[int, int]]) -> None:
        if cards:
            cls.insert_many([{"kind": kind, "ref": ref, "chat_id": chat, "message_id": message}
                             for chat, message in cards]).execute()


class Customer(BaseModel):
    """Someone who writes to the bot privately and is not staff."""

    tg_id = BigIntegerField(unique=True)
    name = CharField(max_length=128)
    username = CharField(max_length=64, null=True)
    lang = CharField(max_length=4, null=True)
    blocked = BooleanField(default=False)
    blocked_told = BooleanField(default=False)  # told once that messages are no longer passed on
    throttled_told_at = DateTimeField(null=True)  # told of the flood limit (once a minute)
    created_at = DateTimeField()

    @classmethod
    def by_tg(cls, tg_id: int) -> Customer | None:
        found = reused_models(cls, "customer.by_tg", lambda tg: cls.select().where(
            cls.tg_id == tg).limit(1), tg_id)  # every customer's message
        return found[0] if found else None


class Audit(BaseModel):
    """Who did what to what, for every change a manager or the bot makes."""

    at = DateTimeField(index=True)
    actor = ForeignKeyField(Staff, null=True, backref="+")  # None: the bot itself
    action = CharField(max_length=64)
    target = CharField(max_length=64, default="")  # e.g. "staff:3", "fine:12"
    detail = TextField(default="")

    @classmethod
    def record(cls, actor: Staff | None, action: str, target: str = "", detail: str = "", *,
               at: dt.datetime) -> Audit:
        """Record who did what to what, at the event's time ``at`` (aware, or naive UTC)."""
        if at.tzinfo is not None:
            at = at.astimezone(dt.UTC).replace(tzinfo=None)
        actor_id = actor.id if actor is not None else None
        # Most updates write one (5 of the eight days' writes): SQL text built once.
        reused_execute("audit.record", lambda *values: cls.insert(
            dict(zip((cls.at, cls.actor, cls.action, cls.target, cls.detail), values,
                     strict=True))), at, actor_id, action, target, detail)
        return cls(at=at, actor=actor_id, action=action, target=target, detail=detail)


def audit(actor: Staff | None, action: str, target: str = "", detail: str = "", *,
          at: dt.datetime) -> Audit:
    """``Audit.record``: the name every module calls."""
    return Audit.record(actor, action, target, detail, at=at)
