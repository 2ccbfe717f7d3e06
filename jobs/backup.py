"""The nightly backup: a consistent copy of an SQLite database, and the ledger of watch runs
trimmed (a watch runs every few minutes; two weeks of its runs are enough to look back on), and
the ids of handled updates older than a week forgotten (they only guard against redelivery)."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from scheduler import registry
from scheduler.runner import JobCall, prune_interval_runs
from service.backup import backup_dir, sqlite_path, take_backup
from studio import updates
from studio.clock import to_db

log = logging.getLogger(__name__)

KEEP_INTERVAL_RUNS = timedelta(days=14)
KEEP_UPDATE_IDS = timedelta(days=7)


async def backup(call: JobCall) -> None:
    """Copy the database (SQLite) and forget watch runs older than two weeks."""
    watches = [spec.name for spec in registry(call.app).values()
               if spec.schedule(call.settings).every_minutes]
    pruned = prune_interval_runs(watches, call.now - KEEP_INTERVAL_RUNS, call.clock.tz)
    forgotten = updates.forget_before(to_db(call.now - KEEP_UPDATE_IDS))
    log.info("backup: pruned %d watch runs, forgot %d handled update ids", pruned, forgotten)
    db_path = sqlite_path(call.settings.database.url)
    if db_path is None:
        log.info("backup: the database is not an SQLite file; nothing to do (use pg_dump)")
        call.run.detail = f"no sqlite file; pruned {pruned} watch runs"
        return
    path = await asyncio.to_thread(take_backup, db_path, backup_dir(call.settings, db_path),
                                   call.settings.backup.keep, call.now)
    log.info("backup written: %s", path)
    call.run.detail = f"{path.name}; pruned {pruned} watch runs"
