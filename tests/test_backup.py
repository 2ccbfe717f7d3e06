"""Backup and restore of the SQLite database: a consistent copy while the bot writes, a restore
that checks the file and refuses while the bot runs."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import datetime

import pytest

from config import settings_from_dict
from service import backup
from tests.conftest import TZ, base_config


@pytest.fixture
def live_db(tmp_path):
    """A database file in WAL mode with one table, as the bot's."""
    path = tmp_path / "studio.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=wal")
        conn.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    return path


def settings_for(path, keep=3):
    return settings_from_dict(base_config(database={"url": f"sqlite:///{path}"},
                                          backup={"dir": "backups", "keep": keep}), "t.toml")


class Writer(threading.Thread):
    """Inserts rows in a loop through its own connection, one commit each."""

    def __init__(self, path):
        super().__init__(daemon=True)
        self.path, self.stop, self.count = path, threading.Event(), 0

    def run(self):
        conn = sqlite3.connect(self.path, timeout=5)
        while not self.stop.is_set():
            with conn:
                conn.execute("INSERT INTO note (body) VALUES (?)", ("x" * 200,))
            self.count += 1
        conn.close()


def committed_ids(path) -> set[int]:
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM note")}


@pytest.mark.real_clock  # a writer thread sleeps and times out on the real clock; moved by the date guard
def test_a_backup_taken_during_writes_is_sound_and_holds_every_earlier_row(live_db, capsys):
    writer = Writer(live_db)
    writer.start()
    while writer.count < 500:
        time.sleep(0.01)
    before = committed_ids(live_db)  # committed before the backup starts
    assert backup.main(settings_for(live_db), "backup", None) == 0
    during = writer.count
    time.sleep(0.05)
    writer.stop.set()
    writer.join()
    assert writer.count > during, "the writer went on during and after the backup"
    copy = next((live_db.parent / "backups").glob("studio-*.db"))
    assert f"backup written: {copy}" in capsys.readouterr().out
    assert backup.integrity(copy) == "ok"
    assert before <= committed_ids(copy)

    # Restored, the database is the copy: sound, with every row committed before the backup.
    assert backup.main(settings_for(live_db), "restore", str(copy)) == 0
    assert backup.integrity(live_db) == "ok"
    restored = committed_ids(live_db)
    assert before <= restored and restored == committed_ids(copy)
    kept = list((live_db.parent / "backups").glob("before-restore-*.db"))
    assert len(kept) == 1 and len(committed_ids(kept[0])) == writer.count


def test_restore_refuses_while_the_bot_holds_the_lock(live_db, capsys):
    settings = settings_for(live_db)
    assert backup.main(settings, "backup", None) == 0
    copy = next((live_db.parent / "backups").glob("studio-*.db"))
    running = backup.hold_lock(live_db)  # what bot.run holds
    try:
        assert backup.main(settings, "restore", str(copy)) == 1
    finally:
        running.close()
    assert "the bot is running on this database" in capsys.readouterr().err
    assert not list((live_db.parent / "backups").glob("before-restore-*"))


def test_restore_refuses_a_damaged_file_and_changes_nothing(live_db, tmp_path, capsys):
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with sqlite3.connect(live_db) as conn:
        conn.execute("INSERT INTO note (body) VALUES ('kept')")
    assert backup.main(settings_for(live_db), "restore", str(damaged)) == 1
    assert "integrity check failed" in capsys.readouterr().err
    assert committed_ids(live_db) == {1}
    assert backup.main(settings_for(live_db), "restore", str(tmp_path / "nope.db")) == 1


def test_only_the_newest_copies_are_kept(live_db):
    folder = live_db.parent / "backups"
    for hour in range(5):
        backup.take_backup(live_db, folder, 3, datetime(2026, 11, 26, hour, tzinfo=TZ))
    assert [p.name for p in backup.copies(live_db, folder)] == [
        "studio-20261126-020000.db", "studio-20261126-030000.db", "studio-20261126-040000.db"]


def test_on_postgresql_backup_points_to_pg_dump(capsys):
    settings = settings_from_dict(base_config(database={"url": "postgresql://u@h/db"}), "t.toml")
    assert backup.main(settings, "backup", None) == 1
    assert "pg_dump" in capsys.readouterr().err


@pytest.mark.parametrize("url, path", [
    ("sqlite:///studio.db", "studio.db"),
    ("sqlite:////var/lib/studio/studio.db", "/var/lib/studio/studio.db"),
    ("sqlite:///:memory:", None),
    ("postgresql://u@h/db", None),
])
def test_the_database_file_of_a_url(url, path):
    result = backup.sqlite_path(url)
    assert (str(result) if result else None) == path
