"""Running a job once per period, through the ledger (``JobRun``, ``JobDelivery``).

Every run is a ``JobRun`` row keyed by (job, period), the period being the scheduled slot in
studio time (``minutes@2026-11-26T18:00``). The unique key makes a second run of the same period
a no-op, across restarts and across two instances sharing one database. Each message of a run
goes out through the run's ``Ledger``, keyed by recipient, so a run resumed after a crash skips
the people already served. At start, a slot missed while the bot was down is made up once if it
is within ``jobs.catch_up_hours``, and recorded as skipped (and logged) if older.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from telegram.ext import Application

from config import Settings
from messaging.outbox import Ledger, Outbox
from models import JobRun, wall_now
from scheduler import registry
from scheduler.schedule import JobSpec, interval_slot, period_of, schedule_jobs
from studio.clock import Clock
from views import t

log = logging.getLogger(__name__)

# A "running" row whose heartbeat (its start, or its last delivery) is this old was left by a
# crash: resume it.
STALE_RUN = timedelta(minutes=10)


class JobCall:
    """What a job's callback gets: the app, the slot it runs for (its ``now``), the studio's
    language, and the run's ledgered ``outbox``."""

    def __init__(self, app: Application, spec: JobSpec, run: JobRun, slot: datetime):
        self.app = app
        self.spec = spec
        self.run = run
        self.now = slot  # the domain's "now" is the scheduled slot (aware, studio time)
        self.settings: Settings = app.bot_data["settings"]
        self.clock: Clock = app.bot_data["clock"]
        self.lang = self.settings.studio.language  # the group's, and the managers' cards'
        self.outbox = Ledger(app, run, f"job {spec.name}")

    @property
    def period(self) -> str:
        return self.run.period


async def execute(app: Application, spec: JobSpec, slot: datetime, *, manual: bool = False,
                  resume: bool = False) -> JobRun | None:
    """Run ``spec`` for the period of ``slot`` unless that period already ran; the run row."""
    tz = app.bot_data["clock"].tz
    period = period_of(slot, tz)
    run = JobRun.claim(spec.name, period, manual=manual, resume=resume, stale=STALE_RUN)
    if run is None:
        log.info("job %s for %s already ran; nothing sent", spec.name, period)
        return None
    call = JobCall(app, spec, run, slot.astimezone(tz))
    failure: Exception | None = None
    try:
        await spec.callback(call)
    except Exception as exc:
        log.exception("job %s failed for %s", spec.name, run.period)
        failure = exc
    except BaseException:
        # Cancelled (shutdown), KeyboardInterrupt, SystemExit: the process is going away, as in
        # a kill. The row stays "running" with its deliveries "sent" or "pending"; once it is
        # STALE_RUN old, catch_up (or /runjob) resumes it and serves only the people left.
        log.warning("job %s for %s interrupted; it will be resumed", spec.name, run.period)
        raise
    run.finish("failed" if failure is not None else "done")
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
    await Outbox(app, f"alert of job {job}").to_managers(
        lambda lang: t(lang, "common.alert", error=type(error).__name__, where=f"{job} {period}"),
        key="alert", private_only=True)


def current_slot(app: Application, spec: JobSpec, now: datetime) -> datetime:
    """The period /runjob means: the latest slot not after ``now``, or this interval."""
    return spec.schedule(app.bot_data["settings"]).current_slot(now, app.bot_data["clock"].tz)


async def run_now(app: Application, spec: JobSpec, now: datetime, manual: bool = True):
    """/runjob: the current period, through the ledger (None when it already ran)."""
    return await execute(app, spec, current_slot(app, spec, now), manual=manual, resume=True)


async def catch_up(app: Application, specs: list[JobSpec], now: datetime) -> list[JobRun]:
    """Make up, once, the latest slot of each job missed within ``jobs.catch_up_hours``; record
    older missed slots of the last two days as skipped.

    A job with no run at all on this database (a fresh install, or a job new in this version)
    has missed nothing: nothing is made up, recorded or logged; it starts at its next slot."""
    settings: Settings = app.bot_data["settings"]
    tz = app.bot_data["clock"].tz
    window = timedelta(hours=settings.jobs.catch_up_hours)
    runs = []
    for spec in specs:
        if JobRun.latest(spec.name) is None:
            continue
        slots = spec.schedule(settings).slots_between(now - max(window, timedelta(days=2)),
                                                      now, tz)
        done = JobRun.done_periods(spec.name, [period_of(s, tz) for s in slots])
        missed = [s for s in slots if period_of(s, tz) not in done]
        recent = [s for s in missed if s >= now - window]
        for slot in missed:
            if recent and slot == recent[-1]:
                log.info("job %s: making up the run missed at %s", spec.name, slot)
                run = await execute(app, spec, slot, resume=True)
                if run is not None:
                    runs.append(run)
            elif JobRun.record_skipped(spec.name, period_of(slot, tz)):
                log.warning("job %s: the run of %s was missed and is too old to make up; skipped",
                            spec.name, slot)
    return runs


async def _recheck(context) -> None:
    app = context.application
    await catch_up(app, list(registry(app).values()), wall_now())


def schedule_recheck(app: Application) -> None:
    """Catch up once more when a run left "running" by a crash just before this start has grown
    stale (a restart within STALE_RUN cannot tell a crashed run from one still going)."""
    app.job_queue.run_once(_recheck, when=STALE_RUN + timedelta(minutes=1), name="catch_up")


async def fire(context) -> None:
    """A JobQueue callback: run the job for the slot that is due now."""
    app = context.application
    spec = registry(app)[context.job.data]
    settings: Settings = app.bot_data["settings"]
    tz = app.bot_data["clock"].tz
    now = wall_now()
    schedule = spec.schedule(settings)
    if schedule.every_minutes:
        slot = interval_slot(now, schedule.every_minutes, tz)
    else:
        slot = schedule.last_slot(now + timedelta(seconds=1), tz)
        grace = timedelta(seconds=settings.jobs.misfire_grace_seconds)
        if slot is None or now - slot > grace:
            return  # later than the grace: catch-up's business, not the trigger's
    await execute(app, spec, slot)


def schedule_all(app: Application, specs: list[JobSpec]) -> None:
    """Add ``specs`` to the application's jobs (``scheduler.registry``) and put the triggers
    of every registered job on the JobQueue."""
    jobs = registry(app)
    for spec in specs:
        jobs.setdefault(spec.name, spec)
    schedule_jobs(app, list(jobs.values()), fire)


def prune_interval_runs(names: list[str], before: datetime, tz) -> int:
    """Delete the runs (and their deliveries) of the interval jobs ``names`` whose period is
    older than ``before``; the runs of timed jobs are kept for ever. Returns how many went."""
    return JobRun.prune(names, period_of(before, tz))
