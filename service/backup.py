"""Backup and restore of an SQLite database, online and consistent.

    python bot.py --config config.toml backup          a copy now (the bot may be running)
    python bot.py --config config.toml restore FILE    put FILE back (the bot must be stopped)

A copy is made with SQLite's online backup API (``sqlite3.Connection.backup``), never by
copying the file: the copy is one consistent snapshot even while the bot writes, and the WAL is
included. Copies go to ``[backup] dir`` — relative to the folder of the database file, unless
absolute — named ``<db>-YYYYmmdd-HHMMSS.db`` (studio time), and only the newest ``[backup]
keep`` are kept. On PostgreSQL there is nothing to do here: use ``pg_dump`` / ``pg_restore``.

The running bot holds an exclusive lock (``fcntl.flock``) on ``<db>.lock`` next to the database;
``restore`` takes the same lock first, so it refuses while the bot runs.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
import sys
from datetime import datetime
from pathlib import Path
from typing import IO

from config import Settings
from models import wall_now

log = logging.getLogger(__name__)


class BackupError(Exception):
    """A one-line reason why a backup or a restore was refused."""


def sqlite_path(url: str) -> Path | None:
    """The file of an ``sqlite:///…`` URL; None for PostgreSQL or an in-memory database."""
    if not url.startswith("sqlite"):
        return None
    path = url.split(":///", 1)[-1].split("?", 1)[0]
    return None if path in ("", ":memory:") else Path(path)


def backup_dir(settings: Settings, db_path: Path) -> Path:
    folder = Path(settings.backup.dir)
    return folder if folder.is_absolute() else db_path.resolve().parent / folder


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def hold_lock(db_path: Path) -> IO:
    """Take the database's lock file for as long as the returned file stays open."""
    handle = open(lock_path(db_path), "a+")  # noqa: SIM115 - held open on purpose
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise BackupError(f"{db_path}: the bot is running on this database (it holds "
                          f"{lock_path(db_path)}); stop it first") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def integrity(path: Path) -> str:
    """``PRAGMA integrity_check`` of the file at ``path``: "ok" when it is sound."""
    if not path.is_file():
        return f"no such file: {path}"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()
    return "; ".join(str(r[0]) for r in rows[:5])


def _copy(source: Path, target: Path) -> None:
    """One consistent snapshot of ``source`` into ``target`` through the online backup API.

    All pages in one step: the copy holds a read transaction for its duration, so writers (WAL)
    go on and the snapshot is the database as of the start of the copy."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def take_backup(db_path: Path, folder: Path, keep: int, now: datetime) -> Path:
    """A copy of the database in ``folder`` named with the time; the oldest beyond ``keep`` go."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{db_path.stem}-{now:%Y%m%d-%H%M%S}"
    target = folder / f"{name}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{name}-{n}.db"
    partial = target.with_name(target.name + ".part")
    _copy(db_path, partial)
    partial.rename(target)
    for old in copies(db_path, folder)[:-keep]:
        old.unlink()
        log.info("backup: removed the old copy %s", old.name)
    return target


def copies(db_path: Path, folder: Path) -> list[Path]:
    """The timestamped copies of the database in ``folder``, oldest first."""
    return sorted(p for p in folder.glob(f"{db_path.stem}-2*.db") if p.is_file())


def restore(db_path: Path, file: Path, folder: Path, now: datetime) -> Path | None:
    """Replace the database by ``file`` after checking it; the database as it was is kept in
    ``folder`` first. Refused while the bot runs. Returns that safety copy."""
    check = integrity(file)
    if check != "ok":
        raise BackupError(f"{file}: integrity check failed ({check}); nothing restored")
    lock = hold_lock(db_path)
    try:
        before = None
        if db_path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            before = folder / f"before-restore-{db_path.stem}-{now:%Y%m%d-%H%M%S}.db"
            _copy(db_path, before)
        _copy(file, db_path)
    finally:
        lock.close()
    return before


def main(settings: Settings, command: str, file: str | None) -> int:
    """``python bot.py backup`` / ``restore FILE``: 0 when done, 1 when refused."""
    db_path = sqlite_path(settings.database.url)
    if db_path is None:
        print("the database is not an SQLite file: back PostgreSQL up with pg_dump, restore it "
              "with pg_restore", file=sys.stderr)
        return 1
    now = wall_now().astimezone(settings.studio.tz)
    folder = backup_dir(settings, db_path)
    try:
        if command == "backup":
            if not db_path.exists():
                raise BackupError(f"{db_path}: no such database")
            path = take_backup(db_path, folder, settings.backup.keep, now)
            print(f"backup written: {path}")
            return 0
        if not file:
            raise BackupError("restore needs the backup file: python bot.py restore FILE")
        before = restore(db_path, Path(file), folder, now)
        print(f"restored {db_path} from {file}" + (f" (the previous database: {before})"
                                                   if before else ""))
        return 0
    except (BackupError, sqlite3.Error, OSError) as exc:
        print(f"{command}: {exc}", file=sys.stderr)
        return 1
