"""The console's demo: its settings and cast, and the person typing (``Speaker``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from peewee import fn

from config import ConfigError, Settings, settings_from_dict
from models import ALL_MODELS, Staff, db, utcnow
from studio import updates
from studio.clock import Clock

DEMO_GROUP = -1001234567890
DEMO_TOKEN = "0:console"
DEMO_ROSTER = [  # (Telegram id, name, username, role)
    (10001, "王经理", "boss", "manager"),
    (10002, "李运营", "ops_li", "ops"),
    (10003, "小红", "xiaohong", "host"),
    (10004, "小明", "xiaoming", "host"),
]
DEMO_SETTINGS = {
    "telegram": {"token": DEMO_TOKEN},
    "studio": {"name": "演示直播间", "group_chat_id": DEMO_GROUP,
               "managers": [DEMO_ROSTER[0][0]], "rooms": ["A", "B"]},
    "database": {"url": "sqlite:///studio-demo.db"},
    # A studio's pay, so that /payroll and the payslips have something to show (docs/assessment.md).
    "pay": {"rates": [{"since": "2020-01-01", "base": 3000, "hourly": 20, "full_attendance": 300,
                       "tiers": [{"above": 0, "percent": 2}, {"above": 10000, "percent": 5}]}]},
}


@dataclass(frozen=True)
class Speaker:
    id: int
    name: str
    username: str | None = None
    language_code: str = "zh"  # the person's Telegram app language (``/as NAME en``)

    def as_user(self) -> dict:
        user = {"id": self.id, "is_bot": False, "first_name": self.name,
                "language_code": self.language_code}
        if self.username:
            user["username"] = self.username
        return user


def load_console_settings(config_path: str | None) -> Settings:
    """The config file's settings if there is one (its database too), else the demo's."""
    if config_path and Path(config_path).is_file():
        try:
            with open(config_path, "rb") as fh:
                data = tomllib.load(fh)
            telegram = data.setdefault("telegram", {})
            # No token is needed offline (the example config has token = "").
            telegram["token"] = telegram.get("token") or DEMO_TOKEN
            telegram["base_url"] = ""
            return settings_from_dict(data, source=config_path)
        except (ConfigError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{config_path}: {exc}") from None
    return settings_from_dict(DEMO_SETTINGS, source="<console demo>")


def ensure_demo_roster(settings: Settings) -> None:
    """The demo cast, on the first run only (a manager from the config, an ops, two hosts),
    staff since the start of the console's business day: a whole day of theirs, which counts
    (``report.counted_from``), so the evening reminders and the digest have hosts to judge."""
    if Staff.select().where(Staff.role != "manager").exists():
        return
    managers = settings.studio.managers
    clock = Clock(settings.studio.tz, settings.studio.day_start)
    since, _ = clock.day_bounds(clock.business_day(utcnow()))
    with db.atomic():
        for tg_id, name, username, role in DEMO_ROSTER:
            if role == "manager":
                tg_id = managers[0]
            if Staff.get_or_none(Staff.tg_id == tg_id) is None:
                Staff.create(tg_id=tg_id, name=name, username=username, role=role,
                             status="active", private_chat=True, created_at=since)


def last_message_id() -> int:
    """The highest message or update id the database knows: a new run numbers on from it, so a
    reply to a message of this run never finds a card of an earlier run with the same id."""
    highest = updates.last_update_id()
    for model in ALL_MODELS:
        for field in model._meta.sorted_fields:
            if field.name.endswith("message_id"):
                highest = max(highest, model.select(fn.MAX(field)).scalar() or 0)
    return highest


def seed_demo_month(settings: Settings, now) -> str | None:
    """``/demo month``: last month (before the console's business day) for the demo hosts, so
    that ``/scorecard 上月`` and ``/payroll 上月`` have a month to show: 小红 4 h and 2 videos a
    day with sales on Fridays, a day's leave and a fine; 小明 3 h most days, short on Mondays.
    Staff (and their official start) from before that month. Once: the month's label, or None
    when it has broadcasts already."""
    from datetime import timedelta

    from models import Broadcast, Fine, Leave, MetricsEntry, Video

    clock = Clock(settings.studio.tz, settings.studio.day_start)
    first = (clock.business_day(now).replace(day=1) - timedelta(days=1)).replace(day=1)
    last = clock.business_day(now).replace(day=1) - timedelta(days=1)
    hosts = {s.name: s for s in Staff.select().where(Staff.role == "host")}
    hong, ming = hosts.get("小红"), hosts.get("小明")
    if hong is None or ming is None or Broadcast.select().where(
            (Broadcast.day >= first) & (Broadcast.day <= last)).exists():
        return None
    since, _ = clock.day_bounds(first - timedelta(days=60))
    with db.atomic():
        for person in (hong, ming):
            person.created_at = min(person.created_at, since)
            person.official_start = person.official_start or first - timedelta(days=60)
            person.save()
        day = first
        while day <= last:
            start, _ = clock.day_bounds(day)
            for person, minutes in ((hong, 240), (ming, 120 if day.weekday() == 0 else 180)):
                if person is hong and day.day == 10:  # a day's leave
                    Leave.create(staff=person, day=day, created_at=start)
                    continue
                began = start + timedelta(hours=14 if person is hong else 9)
                b = Broadcast.create(staff=person, room="A", day=day, started_at=began,
                                     ended_at=began + timedelta(minutes=minutes),
                                     created_at=began)
                if day.weekday() == 4:
                    MetricsEntry.create(broadcast=b, staff=person, viewers=2000, orders=30,
                                        gmv_fen=(300_000 if person is hong else 150_000),
                                        current=True, created_at=b.ended_at)
                for n in (1, 2):
                    Video.create(staff=person, day=day, at=began - timedelta(minutes=n),
                                 link=f"https://v.example/demo/{person.id}/{day}/{n}")
            day += timedelta(days=1)
        Fine.create(staff=ming, code="lights", count=1, amount_fen=2000, reason="",
                    created_at=clock.day_bounds(first + timedelta(days=4))[0]
                    + timedelta(hours=12))
    return f"{first:%Y-%m}"
