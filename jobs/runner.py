"""The job system: declare once, schedule through PTB's JobQueue, run once per period.

Every run is a ``JobRun`` row keyed by (job, period), the period being the scheduled slot in
studio time (``minimums@2026-11-26T18:00``). The unique key makes a second run of the same
period a no-op, across restarts and across two instances sharing one database. Each message of a
run is a ``JobDelivery`` row keyed by recipient, so a run resumed after a crash skips the people
already served. At start, a slot missed while the bot was down is made up once if it is within
``jobs.catch_up_hours``, and recorded as skipped (and logged) if older.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from peewee import IntegrityError
from telegram import InlineKeyboardMarkup, InputFile, Message
from telegram.error import TelegramError
from telegram.ext import Application

from config import WEEKDAYS, Settings
from handlers.delivery import Undeliverable, notify_staff, send_long_retrying
from models import JobDelivery, JobRun, Staff, db, utcnow, wall_now
from studio import roster
from studio.clock import Clock, parse_hhmm_time
from studio.i18n import catalogue

log = logging.getLogger(__name__)

PERIOD_FORMAT = "%Y-%m-%dT%H:%M"
# A "running" row whose last delivery (or start) is this old was left by a crash: resume it.
STALE_RUN = timedelta(minutes=10)


@dataclass(frozen=True)
class Schedule:
    """When a job runs, in studio time."""

    times: tuple[time, ...] = ()
    weekday: int | None = None  # Python's numbering, Monday 0
    month_days: tuple[int, ...] = ()  # -1: the last day of the month
    every_minutes: int = 0  # an interval job (a watch) instead of times

    def due_on(self, day: date) -> bool:
        if self.weekday is not None and day.weekday() != self.weekday:
            return False
        if self.month_days:
            last = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            return day.day in self.month_days or (-1 in self.month_days and day == last)
        return True

    def slots_between(self, start: datetime, end: datetime, tz) -> list[datetime]:
        """The aware slots in (start, end], oldest first."""
        if self.every_minutes:
            return []
        slots = []
        day = start.astimezone(tz).date()
        while day <= end.astimezone(tz).date():
            if self.due_on(day):
                for hhmm in self.times:
                    slot = datetime.combine(day, hhmm, tzinfo=tz)
                    if start < slot <= end:
                        slots.append(slot)
            day += timedelta(days=1)
        return sorted(slots)

    def last_slot(self, now: datetime, tz) -> datetime | None:
        slots = self.slots_between(now - timedelta(days=32), now, tz)
        return slots[-1] if slots else None

    def next_slot(self, now: datetime, tz) -> datetime | None:
        """The first slot after ``now`` (an interval job: the next multiple of its minutes)."""
        if self.every_minutes:
            return interval_slot(now, self.every_minutes, tz) + timedelta(
                minutes=self.every_minutes)
        slots = self.slots_between(now, now + timedelta(days=32), tz)
        return slots[0] if slots else None


@dataclass(frozen=True)
class JobSpec:
    """A job: its name, its schedule (from the config), and what it does."""

    name: str
    callback: Callable[[JobCall], Awaitable[None]]
    schedule: Callable[[Settings], Schedule]


def daily(*keys: str) -> Callable[[Settings], Schedule]:
    """The times named by ``[jobs]`` keys (each a time or a list of times), every day."""
    def build(settings: Settings) -> Schedule:
        times = []
        for key in keys:
            value = getattr(settings.jobs, key)
            times.extend(parse_hhmm_time(v) for v in (value if isinstance(value, list) else [value]))
        return Schedule(times=tuple(times))
    return build


def weekly(weekday_key: str, *keys: str) -> Callable[[Settings], Schedule]:
    def build(settings: Settings) -> Schedule:
        base = daily(*keys)(settings)
        weekday = WEEKDAYS.index(getattr(settings.jobs, weekday_key))
        return Schedule(times=base.times, weekday=weekday)
    return build


def monthly(days_key: str, *keys: str) -> Callable[[Settings], Schedule]:
    def build(settings: Settings) -> Schedule:
        base = daily(*keys)(settings)
        return Schedule(times=base.times, month_days=tuple(getattr(settings.jobs, days_key)))
    return build


def at_day_change(settings: Settings) -> Schedule:
    return Schedule(times=(settings.studio.day_start,))


def every_watch(settings: Settings) -> Schedule:
    return Schedule(every_minutes=settings.jobs.watch_minutes)


class JobCall:
    """What a job's callback gets: the app, the slot it runs for, and ledgered sending."""

    def __init__(self, app: Application, spec: JobSpec, run: JobRun, slot: datetime):
        self.app = app
        self.bot = app.bot
        self.spec = spec
        self.run = run
        self.now = slot  # the domain's "now" is the scheduled slot (aware, studio time)
        self.settings: Settings = app.bot_data["settings"]
        self.clock: Clock = app.bot_data["clock"]
        self.cat = catalogue()

    @property
    def period(self) -> str:
        return self.run.period

    def t(self, lang: str | None, key: str, **params) -> str:
        return self.cat.t(lang or self.settings.studio.language, key, **params)

    def _claim(self, key: str) -> JobDelivery | None:
        """The delivery row for ``key``, or None when it was already sent in this run."""
        with db.atomic():
            delivery, _ = JobDelivery.get_or_create(run=self.run, key=key)
        return None if delivery.status == "sent" else delivery

    def _done(self, delivery: JobDelivery, message, error: str = "") -> bool:
        delivery.status = "sent" if message is not None else "failed"
        if message is not None:
            delivery.chat_id, delivery.message_id = message.chat_id, message.message_id
        delivery.error, delivery.at = error[:500], utcnow()
        with db.atomic():
            delivery.save()
            # A heartbeat: a run that makes progress is never taken for one a crash left.
            JobRun.update(started_at=delivery.at).where(JobRun.id == self.run.id).execute()
        return message is not None

    async def send_staff(self, person: Staff, text: Callable[[str], str],
                         markup: Callable[[str], InlineKeyboardMarkup | None] | None = None,
                         key: str | None = None) -> Message | None:
        """Tell one staff member once per run: privately, else in the group with a button.

        The message sent, or None (already sent in this run, or undeliverable)."""
        delivery = self._claim(key or f"staff:{person.id}")
        if delivery is None:
            return None
        try:
            message = await notify_staff(self.app, person, text, markup)
        except TelegramError as exc:  # one person's failure never stops the run for the others
            log.error("job %s could not reach staff %s (%s): %s", self.spec.name, person.id,
                      person.name, exc)
            self._done(delivery, None, str(exc))
            return None
        if message is None:
            log.error("job %s: nothing delivered to staff %s (%s)", self.spec.name, person.id,
                      person.name)
        self._done(delivery, message, "" if message else "undeliverable")
        return message

    def delivered(self, prefix: str) -> dict[str, tuple[int, int]]:
        """The messages sent under keys starting with ``prefix``, in any run of any job: key →
        (chat id, message id). A fine proposal's cards are found here after a crash."""
        rows = (JobDelivery.select(JobDelivery.key, JobDelivery.chat_id, JobDelivery.message_id)
                .where(JobDelivery.key.startswith(prefix) & (JobDelivery.status == "sent"))
                .order_by(JobDelivery.id).tuples())
        return {key: (chat_id, message_id) for key, chat_id, message_id in rows}

    async def send_chat(self, chat_id: int, text: str, markup=None, key: str | None = None,
                        reply_to: int | None = None) -> bool:
        """Post to a chat (the group, the inbox) once per run; ``reply_to``: under that message
        (sent anyway if it is gone)."""
        delivery = self._claim(key or f"chat:{chat_id}")
        if delivery is None:
            return False
        try:
            message = await send_long_retrying(self.bot, chat_id, text, markup, reply_to=reply_to)
        except (TelegramError, Undeliverable) as exc:
            log.error("job %s could not post to chat %s: %s", self.spec.name, chat_id, exc)
            return self._done(delivery, None, str(exc))
        return self._done(delivery, message)

    async def send_document_once(self, chat_id: int, filename: str, data: bytes, key: str,
                                 caption: str | None = None) -> bool:
        """Send a file (a report's workbook) to a chat once per run."""
        delivery = self._claim(key)
        if delivery is None:
            return False
        try:
            message = await self.bot.send_document(chat_id, InputFile(data, filename=filename),
                                                   caption=caption)
        except Exception as exc:
            log.error("job %s could not send %s to chat %s: %s", self.spec.name, filename,
                      chat_id, exc)
            return self._done(delivery, None, str(exc))
        return self._done(delivery, message)


def period_of(slot: datetime, tz) -> str:
    return slot.astimezone(tz).strftime(PERIOD_FORMAT)


def _claim_run(name: str, period: str, manual: bool, resume: bool) -> JobRun | None:
    try:
        with db.atomic():
            return JobRun.create(job=name, period=period, manual=manual)
    except IntegrityError:
        pass
    run = JobRun.get((JobRun.job == name) & (JobRun.period == period))
    stale = run.status == "running" and run.started_at < utcnow() - STALE_RUN
    # Resume a run a crash left (stale), one that failed, or one with people it could not
    # reach: the deliveries already sent are skipped, so only those left are served.
    unfinished = run.status == "failed" or (run.status == "done" and run.failed > 0) or (
        manual and run.status == "skipped")  # missed while down: /runjob sends it after all
    if not resume or not (stale or unfinished):
        return None
    # Take it over only if nobody else did meanwhile (two instances, one database).
    taken = (JobRun.update(started_at=utcnow(), status="running")
             .where((JobRun.id == run.id) & (JobRun.started_at == run.started_at))
             .execute())
    return JobRun.get_by_id(run.id) if taken else None


async def execute(app: Application, spec: JobSpec, slot: datetime, *, manual: bool = False,
                  resume: bool = False) -> JobRun | None:
    """Run ``spec`` for the period of ``slot`` unless that period already ran; the run row."""
    clock: Clock = app.bot_data["clock"]
    run = _claim_run(spec.name, period_of(slot, clock.tz), manual, resume)
    if run is None:
        log.info("job %s for %s already ran; nothing sent", spec.name, period_of(slot, clock.tz))
        return None
    call = JobCall(app, spec, run, slot.astimezone(clock.tz))
    failure: Exception | None = None
    try:
        await spec.callback(call)
    except Exception as exc:
        log.exception("job %s failed for %s", spec.name, run.period)
        run.status, failure = "failed", exc
    except BaseException:
        # Cancelled (shutdown), KeyboardInterrupt, SystemExit: the process is going away, as in
        # a kill. The row stays "running" with its deliveries "sent" or "pending"; once it is
        # STALE_RUN old, catch_up (or /runjob) resumes it and serves only the people left.
        log.warning("job %s for %s interrupted; it will be resumed", spec.name, run.period)
        raise
    else:
        run.status = "done"
    counts = (JobDelivery.select(JobDelivery.status).where(JobDelivery.run == run).tuples())
    statuses = [s for (s,) in counts]
    run.sent, run.failed = statuses.count("sent"), statuses.count("failed")
    run.finished_at = utcnow()
    run.save()
    if failure is not None:
        await alert_managers(app, spec.name, run.period, failure)
    return run


async def alert_managers(app: Application, job: str, period: str, error: Exception) -> None:
    """Tell the managers (privately, as for a handler's error) that a job failed: once a job a
    day, so a watch failing every five minutes does not flood them. No trace, no token."""
    alerted: set = app.bot_data.setdefault("job_alerts", set())
    if (job, period[:10]) in alerted:
        return
    alerted.add((job, period[:10]))
    settings: Settings = app.bot_data["settings"]
    for manager in roster.managers():
        if not manager.private_chat or manager.bot_blocked:
            continue
        text = catalogue().t(manager.lang or settings.studio.language, "common.alert",
                             error=type(error).__name__, where=f"{job} {period}")
        try:
            await app.bot.send_message(manager.tg_id, text)
        except TelegramError as exc:
            log.warning("could not alert manager %s about job %s: %s", manager.id, job, exc)


def interval_slot(now: datetime, minutes: int, tz) -> datetime:
    """The start of the ``minutes``-long interval of the day that holds ``now``."""
    local = now.astimezone(tz)
    into_day = local.hour * 60 + local.minute
    return local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(
        minutes=into_day - into_day % minutes)


def current_slot(app: Application, spec: JobSpec, now: datetime) -> datetime:
    """The period /runjob means: the latest slot not after ``now``, or this interval."""
    clock: Clock = app.bot_data["clock"]
    schedule = spec.schedule(app.bot_data["settings"])
    if schedule.every_minutes:
        return interval_slot(now, schedule.every_minutes, clock.tz)
    return schedule.last_slot(now, clock.tz) or interval_slot(now, 1, clock.tz)


async def run_now(app: Application, spec: JobSpec, now: datetime, manual: bool = True):
    """/runjob: the current period, through the ledger (None when it already ran)."""
    return await execute(app, spec, current_slot(app, spec, now), manual=manual, resume=True)


async def catch_up(app: Application, specs: list[JobSpec], now: datetime) -> list[JobRun]:
    """Make up, once, the latest slot of each job missed within ``jobs.catch_up_hours``; record
    older missed slots of the last two days as skipped.

    A job with no run at all on this database (a fresh install, or a job new in this version)
    has missed nothing: nothing is made up, recorded or logged; it starts at its next slot."""
    settings: Settings = app.bot_data["settings"]
    clock: Clock = app.bot_data["clock"]
    window = timedelta(hours=settings.jobs.catch_up_hours)
    runs = []
    for spec in specs:
        if not JobRun.select().where(JobRun.job == spec.name).exists():
            continue
        schedule = spec.schedule(settings)
        slots = schedule.slots_between(now - max(window, timedelta(days=2)), now, clock.tz)
        done = {period for (period,) in JobRun.select(JobRun.period)
                .where((JobRun.job == spec.name)
                       & (JobRun.period.in_([period_of(s, clock.tz) for s in slots]))
                       & (JobRun.status != "running")).tuples()}
        missed = [s for s in slots if period_of(s, clock.tz) not in done]
        recent = [s for s in missed if s >= now - window]
        for slot in missed:
            if recent and slot == recent[-1]:
                log.info("job %s: making up the run missed at %s", spec.name, slot)
                run = await execute(app, spec, slot, resume=True)
                if run is not None:
                    runs.append(run)
            elif _record_skipped(spec.name, period_of(slot, clock.tz)):
                log.warning("job %s: the run of %s was missed and is too old to make up; skipped",
                            spec.name, slot)
    return runs


def _record_skipped(name: str, period: str) -> bool:
    """A missed period as a "skipped" run, unless it has a run already: whether it was new."""
    if JobRun.select().where((JobRun.job == name) & (JobRun.period == period)).exists():
        return False
    try:
        with db.atomic():
            JobRun.create(job=name, period=period, status="skipped", finished_at=utcnow())
    except IntegrityError:
        return False
    return True


async def _recheck(context) -> None:
    from jobs import JOBS

    await catch_up(context.application, JOBS, wall_now())


def schedule_recheck(app: Application) -> None:
    """Catch up once more when a run left "running" by a crash just before this start has grown
    stale (a restart within STALE_RUN cannot tell a crashed run from one still going)."""
    app.job_queue.run_once(_recheck, when=STALE_RUN + timedelta(minutes=1), name="catch_up")


def last_run(name: str) -> JobRun | None:
    """The latest period's run of job ``name``."""
    return (JobRun.select().where(JobRun.job == name)
            .order_by(JobRun.period.desc(), JobRun.id.desc()).first())


def next_run(app: Application, spec: JobSpec, now: datetime) -> datetime | None:
    """When ``spec`` runs next: from the JobQueue while it runs, else from the schedule."""
    clock: Clock = app.bot_data["clock"]
    schedule = spec.schedule(app.bot_data["settings"])
    planned = schedule.next_slot(now, clock.tz)
    queue = app.job_queue
    if queue is None or not queue.scheduler.running:
        return planned
    fires = [job.next_t for job in queue.jobs()
             if (job.name == spec.name or (job.name or "").startswith(f"{spec.name}@"))
             and job.next_t is not None]
    if not fires:
        return planned
    soonest = min(fires).astimezone(clock.tz)
    # A monthly job is triggered daily and skips the days it is not due: trust the schedule.
    return soonest if schedule.every_minutes or schedule.due_on(soonest.date()) else planned


def schedule_all(app: Application, specs: list[JobSpec]) -> None:
    """Put every job on PTB's JobQueue, with a misfire grace and coalescing."""
    settings: Settings = app.bot_data["settings"]
    job_kwargs = {"misfire_grace_time": settings.jobs.misfire_grace_seconds, "coalesce": True}
    for spec in specs:
        schedule = spec.schedule(settings)
        if schedule.every_minutes:
            app.job_queue.run_repeating(_fire, interval=schedule.every_minutes * 60,
                                        first=schedule.every_minutes * 60, name=spec.name,
                                        data=spec.name, job_kwargs=job_kwargs)
            continue
        for hhmm in schedule.times:
            # PTB counts days 0 = Sunday ... 6 = Saturday; Python's weekday() has Monday 0.
            days = ((schedule.weekday + 1) % 7,) if schedule.weekday is not None else tuple(
                range(7))
            app.job_queue.run_daily(_fire, time=hhmm, days=days,
                                    name=f"{spec.name}@{hhmm:%H:%M}", data=spec.name,
                                    job_kwargs=job_kwargs)


async def _fire(context) -> None:
    """A JobQueue callback: run the job for the slot that is due now."""
    from jobs import SPECS

    app = context.application
    spec = SPECS[context.job.data]
    clock: Clock = app.bot_data["clock"]
    now = wall_now()
    schedule = spec.schedule(app.bot_data["settings"])
    if schedule.every_minutes:
        slot = interval_slot(now, schedule.every_minutes, clock.tz)
    else:
        slot = schedule.last_slot(now + timedelta(seconds=1), clock.tz)
        grace = timedelta(seconds=app.bot_data["settings"].jobs.misfire_grace_seconds)
        if slot is None or now - slot > grace:
            return  # a daily trigger on a day the job is not due (weekly, monthly)
    await execute(app, spec, slot)


def prune_interval_runs(names: list[str], before: datetime, tz) -> int:
    """Delete the runs (and their deliveries) of the interval jobs ``names`` whose period is
    older than ``before``; the runs of timed jobs are kept for ever. Returns how many went."""
    if not names:
        return 0
    old = (JobRun.select(JobRun.id)
           .where(JobRun.job.in_(names) & (JobRun.period < period_of(before, tz))))
    with db.atomic():
        JobDelivery.delete().where(JobDelivery.run.in_(old)).execute()
        return (JobRun.delete()
                .where(JobRun.job.in_(names) & (JobRun.period < period_of(before, tz)))
                .execute())


def runs_sent_on(day: date, clock: Clock) -> dict[str, int]:
    """How many messages each job sent for the slots of a calendar day (the digest's count)."""
    prefix = day.isoformat()
    rows = (JobRun.select(JobRun.job, JobRun.sent)
            .where(JobRun.period.startswith(prefix)).tuples())
    totals: dict[str, int] = {}
    for job, sent in rows:
        totals[job] = totals.get(job, 0) + (sent or 0)
    return totals


