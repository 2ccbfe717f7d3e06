"""When a job runs, in studio time, and its triggers on PTB's JobQueue.

A ``Schedule`` is built from the config (``[jobs]``) and answers the ledger's questions: which
slots fell between two moments (catch-up), the latest slot before now (/runjob, a trigger), the
next one (/jobs). ``schedule_jobs`` puts the triggers on PTB's JobQueue: ``run_repeating`` for a
watch, ``run_daily`` (days counted 0 = Sunday, docs/pitfalls.md §1) for daily and weekly jobs,
``run_monthly`` (``-1``: the last day) for monthly ones; each with a misfire grace and
coalescing (docs/pitfalls.md §4), in the studio's zone (the Application's ``Defaults``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from config import WEEKDAYS, Settings
from studio.parse.times import parse_hhmm_time

if TYPE_CHECKING:
    from scheduler.runner import JobCall

PERIOD_FORMAT = "%Y-%m-%dT%H:%M"


def period_of(slot: datetime, tz) -> str:
    """The ledger's name of a slot: ``2026-11-26T18:00``, studio time."""
    return slot.astimezone(tz).strftime(PERIOD_FORMAT)


def interval_slot(now: datetime, minutes: int, tz) -> datetime:
    """The start of the ``minutes``-long interval of the day that holds ``now``."""
    local = now.astimezone(tz)
    into_day = local.hour * 60 + local.minute
    return local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(
        minutes=into_day - into_day % minutes)


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

    def current_slot(self, now: datetime, tz) -> datetime:
        """The period /runjob means: the latest slot not after ``now``, or this interval."""
        if self.every_minutes:
            return interval_slot(now, self.every_minutes, tz)
        return self.last_slot(now, tz) or interval_slot(now, 1, tz)


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


def schedule_jobs(app, specs, fire) -> None:
    """Put every job's triggers on PTB's JobQueue; ``fire(context)`` runs the slot due."""
    settings: Settings = app.bot_data["settings"]
    job_kwargs = {"misfire_grace_time": settings.jobs.misfire_grace_seconds, "coalesce": True}
    queue = app.job_queue
    for spec in specs:
        schedule = spec.schedule(settings)
        if schedule.every_minutes:
            queue.run_repeating(fire, interval=schedule.every_minutes * 60,
                                first=schedule.every_minutes * 60, name=spec.name,
                                data=spec.name, job_kwargs=job_kwargs)
            continue
        for hhmm in schedule.times:
            name = f"{spec.name}@{hhmm:%H:%M}"
            if schedule.month_days:
                for day in schedule.month_days:
                    queue.run_monthly(fire, when=hhmm, day=day, name=name, data=spec.name,
                                      job_kwargs=job_kwargs)
                continue
            # PTB counts days 0 = Sunday ... 6 = Saturday; Python's weekday() has Monday 0.
            days = ((schedule.weekday + 1) % 7,) if schedule.weekday is not None else tuple(
                range(7))
            queue.run_daily(fire, time=hhmm, days=days, name=name, data=spec.name,
                            job_kwargs=job_kwargs)


def next_run(app, spec: JobSpec, now: datetime) -> datetime | None:
    """When ``spec`` runs next: from the JobQueue while it runs, else from the schedule."""
    tz = app.bot_data["clock"].tz
    planned = spec.schedule(app.bot_data["settings"]).next_slot(now, tz)
    queue = app.job_queue
    if queue is None or not queue.scheduler.running:
        return planned
    fires = [job.next_t for job in queue.jobs()
             if (job.name == spec.name or (job.name or "").startswith(f"{spec.name}@"))
             and job.next_t is not None]
    return min(fires).astimezone(tz) if fires else planned
