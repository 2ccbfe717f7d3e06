"""The database: one unbound proxy, the models, and ``init_db(url)``.

Conventions every model keeps:
- every ``DateTimeField`` holds a *naive UTC* datetime (``studio.clock.to_db`` makes one);
- money is an ``IntegerField`` of fen (分), never a float;
- nothing that the studio's ledger holds (fines, samples' history, audit) is ever deleted.

The schema is created and migrated by the numbered files in ``migrations/`` (peewee's
``playhouse.migrations``), at start and by ``python bot.py migrate``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from peewee import (
    BigIntegerField,
    BooleanField,
    Case,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    IntegrityError,
    Model,
    PostgresqlDatabase,
    TextField,
    fn,
)
from playhouse.db_url import connect
from playhouse.migrations import Runner

db = DatabaseProxy()
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

SQLITE_PRAGMAS = {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000,
                  "synchronous": "normal"}


def wall_now() -> dt.datetime:
    """The wall clock, aware UTC: the one place the product reads it.

    Only records of the process itself use it (an update's once-only mark, a job run's heartbeat,
    a delivery's attempt, a button press, which has no date of its own). A record of something
    that happened in the studio carries the event's time the domain was given (the message's
    date, the job's slot): those columns have no default, so a row written without its time
    fails loudly instead of taking whatever day the clock says."""
    return dt.datetime.now(dt.UTC)


def utcnow() -> dt.datetime:
    """``wall_now`` as the naive UTC datetime the database stores."""
    return wall_now().replace(tzinfo=None)


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


# --- people ------------------------------------------------------------------------------------


class Staff(BaseModel):
    """A person of the studio: pending after /join, active once approved, inactive when gone.

    ``id`` is the staff number people type (``/fine 3 smoking``)."""

    tg_id = BigIntegerField(unique=True)
    name = CharField(max_length=128)
    username = CharField(max_length=64, null=True, index=True)  # lower-case, without @
    role = CharField(max_length=16, default="host")  # host | ops | manager
    status = CharField(max_length=16, default="pending")  # pending | active | inactive | rejected
    lang = CharField(max_length=4, null=True)  # private-chat language; None: the studio's
    private_chat = BooleanField(default=False)  # has pressed Start: can be written to privately
    bot_blocked = BooleanField(default=False)  # blocked the bot: fall back to the group
    official_start = DateField(null=True)  # /setstart, for tenure-based targets
    created_at = DateTimeField()
    decided_by = ForeignKeyField("self", null=True, backref="+", on_delete="SET NULL")

    @property
    def active(self) -> bool:
        return self.status == "active"


class Leave(BaseModel):
    """A business day a person is off: no minimums, no reminders."""

    staff = ForeignKeyField(Staff, backref="leaves")
    day = DateField()
    created_by = ForeignKeyField(Staff, null=True, backref="+")
    created_at = DateTimeField()

    class Meta:
        indexes = ((("staff", "day"), True),)


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


class Audit(BaseModel):
    """Who did what to what, for every change a manager or the bot makes."""

    at = DateTimeField(index=True)
    actor = ForeignKeyField(Staff, null=True, backref="+")  # None: the bot itself
    action = CharField(max_length=64)
    target = CharField(max_length=64, default="")  # e.g. "staff:3", "fine:12"
    detail = TextField(default="")


# --- delivery and jobs --------------------------------------------------------------------------


class ProcessedUpdate(BaseModel):
    """Updates already acted on: Telegram redelivers after a crash. ``handling`` stays true from
    the start of an update's handling until it finished: a row left true by a dead process is
    an update whose handling was cut (``studio.updates``)."""

    update_id = BigIntegerField(unique=True)
    at = DateTimeField(default=utcnow, index=True)
    handling = BooleanField(default=False)


class JobRun(BaseModel):
    """One run of a scheduled job for one period; the unique key makes a second run a no-op.

    The ledger of the jobs: ``claim`` a period, ``beat`` while sending, ``finish`` with the
    deliveries counted."""

    job = CharField(max_length=32)
    period = CharField(max_length=32)  # e.g. "2026-11-26T18:00", studio time
    # When the run last showed life (its start, then each delivery): a "running" row whose
    # heartbeat is old was left by a crash (migration 0003: was "started_at").
    heartbeat_at = DateTimeField(default=utcnow)
    finished_at = DateTimeField(null=True)
    status = CharField(max_length=16, default="running")  # running | done | failed | skipped
    sent = IntegerField(default=0)
    failed = IntegerField(default=0)
    manual = BooleanField(default=False)
    detail = TextField(default="")

    class Meta:
        indexes = ((("job", "period"), True),)

    @classmethod
    def claim(cls, job: str, period: str, *, manual: bool, resume: bool,
              stale: dt.timedelta) -> JobRun | None:
        """The run of ``job`` for ``period``, now "running" and this process's; None when that
        period ran already (or another instance runs it).

        With ``resume``, a run a crash left (its heartbeat older than ``stale``), one that
        failed, or one with people it could not reach is taken over: its deliveries already
        sent are skipped, so only those left are served; a manual run also makes up a period
        recorded as skipped (missed while down)."""
        try:
            with db.atomic():
                return cls.create(job=job, period=period, manual=manual)
        except IntegrityError:
            pass
        run = cls.get((cls.job == job) & (cls.period == period))
        crashed = run.status == "running" and run.heartbeat_at < utcnow() - stale
        unfinished = run.status == "failed" or (run.status == "done" and run.failed > 0) or (
            manual and run.status == "skipped")
        if not resume or not (crashed or unfinished):
            return None
        # Take it over only if nobody else did meanwhile (two instances, one database).
        taken = (cls.update(heartbeat_at=utcnow(), status="running")
                 .where((cls.id == run.id) & (cls.heartbeat_at == run.heartbeat_at))
                 .execute())
        return cls.get_by_id(run.id) if taken else None

    @classmethod
    def record_skipped(cls, job: str, period: str) -> bool:
        """A missed period as a "skipped" run, unless it has a run already: whether it was new."""
        if cls.select().where((cls.job == job) & (cls.period == period)).exists():
            return False
        try:
            with db.atomic():
                cls.create(job=job, period=period, status="skipped", finished_at=utcnow())
        except IntegrityError:
            return False
        return True

    def beat(self, at: dt.datetime) -> None:
        """A heartbeat: a run that makes progress is never taken for one a crash left."""
        JobRun.update(heartbeat_at=at).where(JobRun.id == self.id).execute()

    def finish(self, status: str) -> None:
        """Record the outcome, with the deliveries sent and failed counted."""
        statuses = [s for (s,) in JobDelivery.select(JobDelivery.status)
                    .where(JobDelivery.run == self).tuples()]
        self.status, self.sent, self.failed = status, statuses.count("sent"), \
            statuses.count("failed")
        self.finished_at = utcnow()
        self.save()

    def sent_so_far(self) -> int:
        return (JobDelivery.select()
                .where((JobDelivery.run == self) & (JobDelivery.status == "sent"))
                .count())

    @classmethod
    def latest(cls, job: str) -> JobRun | None:
        """The latest period's run of ``job``."""
        return (cls.select()
                .where(cls.job == job)
                .order_by(cls.period.desc(), cls.id.desc())
                .first())

    @classmethod
    def done_periods(cls, job: str, periods: list[str]) -> set[str]:
        """Which of ``periods`` of ``job`` have a run that is not (or no longer) running."""
        return {period for (period,) in cls.select(cls.period)
                .where((cls.job == job) & cls.period.in_(periods) & (cls.status != "running"))
                .tuples()}

    @classmethod
    def sent_by_job_on(cls, day: dt.date) -> dict[str, int]:
        """How many messages each job sent for the slots of a calendar day (the digest)."""
        totals: dict[str, int] = {}
        for job, sent in (cls.select(cls.job, cls.sent)
                          .where(cls.period.startswith(day.isoformat())).tuples()):
            totals[job] = totals.get(job, 0) + (sent or 0)
        return totals

    @classmethod
    def prune(cls, jobs: list[str], before_period: str) -> int:
        """Delete the runs (and their deliveries) of ``jobs`` older than ``before_period``."""
        if not jobs:
            return 0
        old = cls.select(cls.id).where(cls.job.in_(jobs) & (cls.period < before_period))
        with db.atomic():
            JobDelivery.delete().where(JobDelivery.run.in_(old)).execute()
            return (cls.delete()
                    .where(cls.job.in_(jobs) & (cls.period < before_period))
                    .execute())


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

    @classmethod
    def claim(cls, run: JobRun, key: str) -> JobDelivery | None:
        """The delivery row for ``key`` in ``run``, or None when it was sent already."""
        with db.atomic():
            delivery, _ = cls.get_or_create(run=run, key=key)
        return None if delivery.status == "sent" else delivery

    def settle(self, chat_id: int | None, message_id: int | None, error: str = "") -> bool:
        """Sent (a message id) or failed (why); the run's heartbeat with it. Whether sent."""
        self.status = "sent" if message_id is not None else "failed"
        self.chat_id, self.message_id = chat_id, message_id
        self.error, self.at = error[:500], utcnow()
        with db.atomic():
            self.save()
            self.run.beat(self.at)
        return message_id is not None

    @classmethod
    def sent_under(cls, prefix: str) -> dict[str, tuple[int, int]]:
        """The messages sent under keys starting with ``prefix``, in any run of any job: key →
        (chat id, message id). A fine proposal's cards are found here after a crash."""
        rows = (cls.select(cls.key, cls.chat_id, cls.message_id)
                .where(cls.key.startswith(prefix) & (cls.status == "sent"))
                .order_by(cls.id)
                .tuples())
        return {key: (chat_id, message_id) for key, chat_id, message_id in rows}


# --- attendance and broadcasts --------------------------------------------------------------------


class Checkin(BaseModel):
    staff = ForeignKeyField(Staff, backref="checkins")
    at = DateTimeField()
    day = DateField(index=True)  # business day

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


class Broadcast(BaseModel):
    staff = ForeignKeyField(Staff, backref="broadcasts")
    room = CharField(max_length=32)
    day = DateField(index=True)  # the business day it started in
    started_at = DateTimeField(index=True)
    ended_at = DateTimeField(null=True)
    late_start = BooleanField(default=False)
    late_end = BooleanField(default=False)
    auto_closed = BooleanField(default=False)  # closed by the bot: no time until /fixlive
    note = TextField(default="")
    end_note = TextField(default="")
    checklist_shown_at = DateTimeField(null=True)  # /offline: the checklist's grace runs from here
    checklist_reminded_at = DateTimeField(null=True)
    checklist_settled_at = DateTimeField(null=True)  # fines proposed or all ticked
    created_at = DateTimeField()

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
    status = CharField(max_length=16, default="pending")  # pending | ok | reported
    items = CharField(max_length=255, default="")  # comma-separated fine codes reported
    answered_at = DateTimeField(null=True)


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
    viewers = IntegerField(null=True)
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


# --- fines -------------------------------------------------------------------------------------------


class FineProposal(BaseModel):
    """A fine the bot proposes; a manager confirms or dismisses it. Until then it is no fine."""

    staff = ForeignKeyField(Staff, backref="proposals")
    code = CharField(max_length=32)
    count = IntegerField(default=1)
    why = TextField(default="")
    source = CharField(max_length=128, unique=True)  # e.g. "checklist:12:lights"
    created_at = DateTimeField()
    status = CharField(max_length=16, default="pending")  # pending | confirmed | dismissed
    decided_by = ForeignKeyField(Staff, null=True, backref="+")
    decided_at = DateTimeField(null=True)
    cards = TextField(default="")  # "chat_id:message_id,..." of the managers' cards


class Fine(BaseModel):
    staff = ForeignKeyField(Staff, backref="fines")
    code = CharField(max_length=32, null=True)  # None: a fine by amount and reason
    count = IntegerField(default=1)
    amount_fen = IntegerField()
    reason = TextField(default="")
    created_at = DateTimeField(index=True)  # when the fine was recorded
    created_by = ForeignKeyField(Staff, null=True, backref="+")
    proposal = ForeignKeyField(FineProposal, null=True, backref="fines")
    status = CharField(max_length=16, default="unpaid")  # unpaid | paid | waived
    paid_at = DateTimeField(null=True)
    paid_by = ForeignKeyField(Staff, null=True, backref="+")
    waived_at = DateTimeField(null=True)
    waived_by = ForeignKeyField(Staff, null=True, backref="+")
    waive_reason = TextField(default="")


# --- samples ------------------------------------------------------------------------------------------


class Sample(BaseModel):
    """A product sample; ``id`` is the number of its short id ``S12``."""

    brand = CharField(max_length=128)
    brand_key = CharField(max_length=128, index=True)  # case- and width-folded
    item = CharField(max_length=255)
    note = TextField(default="")
    photo_file_id = CharField(max_length=255, null=True)
    status = CharField(max_length=16, default="rack", index=True)
    arrived_at = DateTimeField()
    logged_by = ForeignKeyField(Staff, null=True, backref="+")
    lineup_day = DateField(null=True, index=True)
    tag = IntegerField(null=True)
    keep = BooleanField(default=False)
    return_note = TextField(default="")
    tracking = CharField(max_length=128, default="")
    updated_at = DateTimeField()


class SampleEvent(BaseModel):
    sample = ForeignKeyField(Sample, backref="history")
    at = DateTimeField()
    actor = ForeignKeyField(Staff, null=True, backref="+")
    from_status = CharField(max_length=16, null=True)
    to_status = CharField(max_length=16)
    note = TextField(default="")


# --- inquiries ------------------------------------------------------------------------------------


class Inquiry(BaseModel):
    """A customer's conversation with the studio; ``id`` is the number staff see (#12)."""

    customer = ForeignKeyField(Customer, backref="inquiries")
    status = CharField(max_length=16, default="open", index=True)  # open | answered | closed
    opened_at = DateTimeField()
    waiting_since = DateTimeField(null=True)  # oldest customer message not yet answered
    last_message_at = DateTimeField()
    card_chat_id = BigIntegerField(null=True)
    card_message_id = BigIntegerField(null=True)
    reminded_at = DateTimeField(null=True)
    escalated_at = DateTimeField(null=True)
    answered_by = ForeignKeyField(Staff, null=True, backref="+")  # the latest answer's author
    closed_by = ForeignKeyField(Staff, null=True, backref="+")


class InquiryMessage(BaseModel):
    """A message of an inquiry: in from the customer, out from staff (or the FAQ)."""

    inquiry = ForeignKeyField(Inquiry, backref="messages")
    direction = CharField(max_length=4)  # in | out
    at = DateTimeField()
    kind = CharField(max_length=16, default="text")
    text = TextField(default="")
    staff = ForeignKeyField(Staff, null=True, backref="answers")
    faq = BooleanField(default=False)
    response_seconds = IntegerField(null=True)  # on the first answer after a wait
    customer_message_id = BigIntegerField(null=True)
    inbox_chat_id = BigIntegerField(null=True)
    inbox_message_id = BigIntegerField(null=True, index=True)


ALL_MODELS = [
    Staff, Leave, Customer, Audit, ProcessedUpdate, JobRun, JobDelivery,
    Checkin, Plan, Broadcast, ChecklistTick, Handover, Video, MetricsEntry,
    FineProposal, Fine, Sample, SampleEvent, Inquiry, InquiryMessage,
]


def open_db(url: str):
    """Connect the proxy to the database at ``url`` (SQLite with WAL, or PostgreSQL)."""
    if url.startswith("sqlite"):
        database = connect(url, pragmas=SQLITE_PRAGMAS)
    else:
        database = connect(url.replace("postgres://", "postgresql://", 1))
    db.initialize(database)
    return database


def migrate() -> list[str]:
    """Apply the pending numbered migrations; returns their names."""
    return Runner(db.obj, directory=str(MIGRATIONS)).up()


def init_db(url: str):
    """Open the database at ``url`` and bring its schema up to date."""
    database = open_db(url)
    migrate()
    return database


def audit(actor: Staff | None, action: str, target: str = "", detail: str = "", *,
          at: dt.datetime) -> Audit:
    """Record who did what to what, at the event's time ``at`` (aware, or naive UTC)."""
    if at.tzinfo is not None:
        at = at.astimezone(dt.UTC).replace(tzinfo=None)
    return Audit.create(actor=actor, action=action, target=target, detail=detail, at=at)
