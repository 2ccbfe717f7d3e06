"""The jobs' machinery, below handlers and jobs both: when a job runs (``scheduler.schedule``,
on PTB's JobQueue), and running it once per period through the ledger (``scheduler.runner``).

The registry of the jobs is handed in by ``jobs.register(app)`` (``app.bot_data``), so /jobs and
/runjob read it here without a handler importing ``jobs/``.
"""

from __future__ import annotations

from telegram.ext import Application

from scheduler.schedule import JobSpec

REGISTRY = "jobs"  # app.bot_data key: name → JobSpec, in the order they were declared


def registry(app: Application) -> dict[str, JobSpec]:
    """Every job of the application, by name."""
    return app.bot_data.setdefault(REGISTRY, {})
