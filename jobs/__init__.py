"""``register(app)``: every scheduled job, declared once, scheduled from the config.

Each job is a ``JobSpec`` (name, schedule from ``[jobs]``, callback); the callbacks live next to
the feature they serve (``jobs/<area>.py``), ask ``studio`` what to send and send it through
their run's outbox. The machinery (schedule, ledger, runner) is ``scheduler/``.
"""

from __future__ import annotations

from telegram.ext import Application

from jobs import backup, broadcasts, inquiries, metrics, minimums, pay, reports, samples
from scheduler.runner import schedule_all
from scheduler.schedule import JobSpec, at_day_change, daily, every_watch, monthly, weekly

JOBS: list[JobSpec] = [
    JobSpec("minimums", minimums.remind_minimums, daily("minimums")),
    JobSpec("digest", minimums.send_digest, daily("digest")),
    JobSpec("digest_fix", minimums.correct_digest, every_watch),
    JobSpec("broadcast_watch", broadcasts.broadcast_watch, every_watch),
    JobSpec("lineup_close", samples.lineup_close, at_day_change),
    JobSpec("sweep", samples.sweep, weekly("sweep_weekday", "sweep")),
    JobSpec("sweep_followup", samples.sweep_followup, weekly("sweep_weekday", "sweep_followup")),
    JobSpec("inquiry_watch", inquiries.inquiry_watch, every_watch),
    JobSpec("targets", metrics.targets, monthly("targets_days", "targets")),
    JobSpec("weekly", reports.weekly, weekly("weekly_weekday", "weekly")),
    JobSpec("backup", backup.backup, daily("backup")),
    JobSpec("payslips", pay.payslips, pay.on_the_first),
]


def register(app: Application) -> None:
    """Hand the jobs to the application (``scheduler.registry``) and put them on its JobQueue
    (catch-up runs at start, in ``app.post_init``)."""
    schedule_all(app, JOBS)
