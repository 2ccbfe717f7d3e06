"""``register(app)``: every scheduled job, declared once, scheduled from the config.

Each job is a ``JobSpec`` (name, schedule from ``[jobs]``, callback); the callbacks live next to
the feature they serve (``jobs/<area>.py``) and ask ``studio`` what to send.
"""

from __future__ import annotations

from telegram.ext import Application

from jobs import backup
from jobs.runner import JobSpec, daily, schedule_all

JOBS: list[JobSpec] = [
    JobSpec("backup", backup.backup, daily("backup")),
]

SPECS: dict[str, JobSpec] = {spec.name: spec for spec in JOBS}


def register(app: Application) -> None:
    """Schedule every job on the application's JobQueue (catch-up runs at start, in bot.py)."""
    schedule_all(app, JOBS)
