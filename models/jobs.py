"""The process's own records: updates acted on, job runs and their deliveries."""

from __future__ import annotations

import datetime as dt

from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    IntegrityError,
    TextField,
)

from models.base import BaseModel, db, utcnow


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
