"""The config: every mistake is ONE line naming the file and the key, and exit status 2; the
example file is the defaults, so it cannot drift from config/schema.py."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config import TOKEN_ENV, Settings, load_settings

# Child processes and real servers read the real wall clock (see conftest.frozen_clock).
pytestmark = pytest.mark.real_clock

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

GOOD = """
[telegram]
token = "123:abc"

[studio]
group_chat_id = -100123
managers = [111]

[database]
url = "sqlite:///{db}"
"""


WEBHOOK = """mode = "webhook"
[telegram.webhook]
url = "https://bot.example.com/telegram"
secret_token = "{secret}"

"""


def run_bot(*args: str, env: dict | None = None, cwd: Path | None = None):
    environ = {k: v for k, v in os.environ.items() if k != TOKEN_ENV}
    environ.update(env or {})
    return subprocess.run([PYTHON, str(ROOT / "bot.py"), *args], capture_output=True,
                          text=True, timeout=60, env=environ, cwd=cwd or ROOT)


CASES = [
    # (what is wrong, the file's text, the key the line must name)
    ("missing token", GOOD.replace('token = "123:abc"', ""), "telegram.token"),
    ("bad toml", GOOD + "\n[studio\n", "line"),
    ("unknown top-level key", GOOD + "\ncolour = 'red'\n", "colour"),
    ("unknown nested key", GOOD.replace("managers = [111]", "managers = [111]\nmanagrs = 1"),
     "studio.managrs"),
    ("unknown sub-table key", GOOD + "\n[telegram.webhook]\nprot = 1\n", "telegram.webhook.prot"),
    ("wrong type", GOOD.replace("group_chat_id = -100123", 'group_chat_id = "chat"'),
     "studio.group_chat_id"),
    ("wrong list item type", GOOD.replace("managers = [111]", 'managers = ["boss"]'),
     "studio.managers[0]"),
    ("bad time zone", GOOD.replace("managers = [111]", 'managers = [111]\ntimezone = "Mars/Base"'),
     "studio.timezone"),
    ("bad time", GOOD.replace("managers = [111]", 'managers = [111]\nday_starts_at = "25:99"'),
     "studio.day_starts_at"),
    ("missing group", GOOD.replace("group_chat_id = -100123", ""), "studio.group_chat_id"),
    ("missing managers", GOOD.replace("managers = [111]", ""), "studio.managers"),
    ("bad token", GOOD.replace("123:abc", "not a token"), "telegram.token"),
    ("webhook without a secret", GOOD.replace("[studio]", WEBHOOK.format(secret="") + "[studio]"),
     "[telegram.webhook] secret_token"),
    ("webhook secret not ASCII", GOOD.replace("[studio]", WEBHOOK.format(secret="密码密码密码密码密码密码密码密码") + "[studio]"),
     "[telegram.webhook] secret_token"),
    ("webhook secret too short", GOOD.replace("[studio]", WEBHOOK.format(secret="abc") + "[studio]"),
     "[telegram.webhook] secret_token"),
    ("broadcast hours not a date", GOOD + '\n[rules.max_broadcast_hours]\ndates = {{ "11-11" = 14 }}\n',
     'rules.max_broadcast_hours: dates."11-11"'),
    ("broadcast hours bad weekday", GOOD + "\n[rules.max_broadcast_hours]\nweekdays = {{ sab = 10 }}\n",
     "rules.max_broadcast_hours: weekdays.sab"),
    ("broadcast hours past a day", GOOD + "\n[rules]\nmax_broadcast_hours = 30\n",
     "rules.max_broadcast_hours"),
    ("standby check too slow", GOOD + "\n[availability]\ncheck_seconds = 30\n",
     "availability.check_seconds"),
]


@pytest.mark.parametrize(("what", "text", "key"), CASES, ids=[c[0] for c in CASES])
def test_a_config_mistake_is_one_line_naming_file_and_key_and_exit_2(tmp_path, what, text, key):
    path = tmp_path / "bad.toml"
    path.write_text(text.format(db=tmp_path / "x.db"), encoding="utf-8")
    # migrate, backup and restore need no token: a missing one stops only the bot itself.
    command = "run" if what == "missing token" else "migrate"
    result = run_bot("--config", str(path), command)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0] and key in lines[0]
    assert not (tmp_path / "x.db").exists(), "nothing may be created on a bad config"


def test_max_broadcast_hours_is_a_number_or_a_table_by_weekday_and_date(tmp_path):
    from datetime import date

    path = tmp_path / "c.toml"
    path.write_text(GOOD.format(db=tmp_path / "x.db") + "\n[rules]\nmax_broadcast_hours = 6\n")
    hours = load_settings(path).rules.max_broadcast_hours
    assert [hours.on(date(2026, 11, d)) for d in (11, 14)] == [6, 6]
    path.write_text(GOOD.format(db=tmp_path / "x.db") + """
[rules.max_broadcast_hours]
default = 8
weekdays = { sat = 10, sun = 10 }
dates = { "2026-11-11" = 14, 2026-11-14 = 12 }
""")
    hours = load_settings(path).rules.max_broadcast_hours
    # Wednesday the 11th (大促), Thursday the 12th, Saturday the 14th (a date beats its weekday)
    # and Sunday the 15th.
    assert [hours.on(date(2026, 11, d)) for d in (11, 12, 14, 15)] == [14, 8, 12, 10]


def test_a_missing_file_is_named(tmp_path):
    result = run_bot("--config", str(tmp_path / "nope.toml"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"config error: {tmp_path / 'nope.toml'}: no such file"]


def test_the_token_may_come_from_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "c.toml"
    path.write_text(GOOD.replace('token = "123:abc"', "").format(db=tmp_path / "x.db"))
    monkeypatch.setenv(TOKEN_ENV, "987:from-env")
    assert load_settings(path).telegram.token == "987:from-env"
    # The environment wins over the file, so a token need never be written down.
    path.write_text(GOOD.format(db=tmp_path / "x.db"))
    assert load_settings(path).telegram.token == "987:from-env"


def test_migrate_creates_the_schema_and_exits_0(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(GOOD.replace('token = "123:abc"', "").format(db=tmp_path / "new.db"))
    result = run_bot("migrate", "--config", str(path), env={TOKEN_ENV: "123:from-env"})
    assert result.returncode == 0, result.stderr
    import sqlite3

    with sqlite3.connect(tmp_path / "new.db") as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    from models import ALL_MODELS

    assert {m._meta.table_name for m in ALL_MODELS} <= tables
    assert "123:from-env" not in result.stderr + result.stdout


REQUIRED = {("studio", "group_chat_id"), ("studio", "managers"), ("telegram", "token")}


def test_the_example_config_is_exactly_the_defaults(monkeypatch):
    monkeypatch.setenv(TOKEN_ENV, "123:example")
    example = load_settings(ROOT / "config.example.toml")
    defaults = Settings()
    for fld in dataclasses.fields(Settings):
        if fld.name == "source":
            continue
        got, want = getattr(example, fld.name), getattr(defaults, fld.name)
        if dataclasses.is_dataclass(want):
            for sub in dataclasses.fields(want):
                if (fld.name, sub.name) in REQUIRED:
                    continue
                assert getattr(got, sub.name) == getattr(want, sub.name), \
                    f"config.example.toml [{fld.name}] {sub.name} differs from config/schema.py"
        else:
            assert got == want, f"config.example.toml {fld.name} differs from config/schema.py"


def test_migrate_and_backup_need_no_token_so_cron_can_run_them(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(GOOD.replace('token = "123:abc"', "").format(db=tmp_path / "new.db"))
    result = run_bot("--config", str(path), "migrate")
    assert result.returncode == 0, result.stderr
    result = run_bot("--config", str(path), "backup")
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "backups").glob("new-*.db"))


def test_a_webhook_with_a_strong_secret_loads_and_a_second_instance_waits_by_default(tmp_path):
    path = tmp_path / "c.toml"
    secret = "Abc_def-0123456789xyzXYZ"
    path.write_text(GOOD.replace("[studio]", WEBHOOK.format(secret=secret) + "[studio]")
                    .format(db=tmp_path / "x.db"), encoding="utf-8")
    settings = load_settings(path)
    assert settings.telegram.webhook.secret_token == secret
    assert settings.availability.standby is True  # PostgreSQL: a second instance waits
