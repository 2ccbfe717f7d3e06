"""The test bench: the real Application over the offline Bot API, on a fresh database.

The whole suite runs on SQLite; with ``TEST_DATABASE_URL`` set (CI sets the local PostgreSQL) it
runs there instead. A test reads like the studio's day:

    calls = await studio.send(studio.host, "/live A", at="19:00")
    assert "开播" in studio.reply_to(studio.host, calls)
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time
from peewee import PostgresqlDatabase, sort_models
from telegram import Update

from app import build_application
from config import settings_from_dict
from messaging.retry import RetryPolicy
from models import ALL_MODELS, Staff, init_db
from offline import Call, FakeTelegram, OfflineRequest
from tests.factories import (
    FOREIGN_GROUP_ID,
    GROUP_ID,
    Person,
    callback_update,
    message,
    message_update,
)

TZ = ZoneInfo("Asia/Shanghai")
TOKEN = "123456:TEST-token-never-in-logs"
DEFAULT_DAY = "2026-11-26"  # a Thursday

MANAGER = Person(111, "王经理", "boss")
OPS = Person(222, "李运营", "ops_li")
HOST = Person(333, "小红", "xiaohong")
HOST2 = Person(444, "小明", "xiaoming")
CUSTOMER = Person(555, "顾客张", "fan_zhang")
STRANGER = Person(666, "路人", None)


def base_config(**overrides) -> dict:
    config = {
        "telegram": {"token": TOKEN},
        "studio": {"name": "测试直播间", "group_chat_id": GROUP_ID, "managers": [MANAGER.id],
                   "rooms": ["A", "B"]},
        "database": {"url": "sqlite:///:memory:"},
    }
    for section, values in overrides.items():
        config.setdefault(section, {}).update(values)
    return config


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres: needs TEST_DATABASE_URL (PostgreSQL)")
    config.addinivalue_line("markers", "real_clock: the test reads the real wall clock (a child "
                                       "process, a real server); every other test has it frozen")


@pytest.fixture(autouse=True)
def frozen_clock(request):
    """No test sees the real date unless it asks for it (``@pytest.mark.real_clock``).

    The clock stands at the default day's noon, studio time, from fixture set-up on, so a row
    any fixture or helper writes, and whatever the product reads from the wall clock, is of
    the test's day and not of the day the suite happens to run. Driving the bot
    (``Studio.send``, ``press``, ``run_job``) moves it to the event's time; a test that needs
    another moment uses ``frozen_clock.move_to(...)``. ``real_asyncio`` keeps the event loop
    on the real monotonic clock, so ``asyncio.sleep`` still returns (docs/pitfalls.md §6)."""
    if request.node.get_closest_marker("real_clock"):
        yield None
        return
    with freeze_time(studio_time("12:00").astimezone(UTC), real_asyncio=True) as frozen:
        yield frozen


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'studio.db'}"


@pytest.fixture(scope="session")
def _schema(database_url):
    database = init_db(database_url)
    if isinstance(database, PostgresqlDatabase):
        # A clean schema for the run: drop what an earlier run left.
        database.drop_tables(ALL_MODELS, cascade=True, safe=True)
        database.execute_sql("DROP TABLE IF EXISTS schema_migration")
        database.close()
        database = init_db(database_url)
    yield database
    database.close()


def empty_tables(database) -> None:
    """Every table empty, ids from 1: before each test, and before each generated history
    (tests/model) or corpus line (tests/corpus_eval), which run many studios in one test."""
    tables = [m._meta.table_name for m in ALL_MODELS]
    if isinstance(database, PostgresqlDatabase):
        database.execute_sql("TRUNCATE {} RESTART IDENTITY CASCADE".format(", ".join(
            f'"{t}"' for t in tables)))
    else:
        with database.atomic():
            for model in reversed(sort_models(ALL_MODELS)):
                database.execute_sql(f'DELETE FROM "{model._meta.table_name}"')
            if database.table_exists("sqlite_sequence"):
                database.execute_sql("DELETE FROM sqlite_sequence")
    Staff.forget_roster()  # emptied in SQL, not through the model


@pytest.fixture
def clean_db(_schema):
    """Every table empty, ids from 1, before each test."""
    empty_tables(_schema)
    yield _schema


def studio_time(at: str | datetime, day: str = DEFAULT_DAY) -> datetime:
    """"19:00" (on the default day) or "2026-11-27 01:30", studio time, as an aware datetime."""
    if isinstance(at, datetime):
        return at if at.tzinfo else at.replace(tzinfo=TZ)
    if len(at) <= 5:
        at = f"{day} {at}"
    return datetime.strptime(at, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


class Studio:
    """The bot as a studio uses it: people send messages and press buttons, jobs run."""

    manager, ops, host, host2, customer, stranger = MANAGER, OPS, HOST, HOST2, CUSTOMER, STRANGER

    def __init__(self, app, api: FakeTelegram, settings):
        self.app = app
        self.api = api
        self.settings = settings
        self.errors: list[BaseException] = []
        self.now = studio_time("12:00")

    # --- people ---------------------------------------------------------------------------

    def add_staff(self, person: Person, role: str = "host", *, private: bool = True,
                  start: str | None = None, lang: str | None = None,
                  joined: str | None = None) -> Staff:
        """``joined`` (studio time) is when the person became staff; by default long before
        any day a test looks at, so that no day of a test is before they existed."""
        joined_at = studio_time(joined or "2026-01-01 12:00").astimezone(UTC).replace(tzinfo=None)
        staff, created = Staff.get_or_create(tg_id=person.id, defaults={
            "name": person.first_name, "created_at": joined_at})
        if joined:
            staff.created_at = joined_at
        staff.name, staff.username = person.first_name, person.username
        staff.role, staff.status, staff.private_chat, staff.lang = role, "active", private, lang
        if start:
            staff.official_start = datetime.strptime(start, "%Y-%m-%d").date()
        staff.save()
        return staff

    def staff(self, person: Person) -> Staff:
        return Staff.get(Staff.tg_id == person.id)

    def team(self) -> None:
        """The usual cast: the manager (from the config), one ops, two hosts."""
        self.add_staff(MANAGER, "manager")
        self.add_staff(OPS, "ops")
        self.add_staff(HOST, "host")
        self.add_staff(HOST2, "host")

    # --- driving the bot ------------------------------------------------------------------

    async def process(self, data: dict, at: datetime) -> list[Call]:
        self.api.take()
        with freeze_time(at.astimezone(UTC), real_asyncio=True):
            await self.app.process_update(Update.de_json(data, self.app.bot))
        return self.api.take()

    async def send(self, who: Person, text: str | None, *, chat: int | str = "group",
                   at: str | datetime | None = None, reply_to: dict | None = None,
                   edited: bool = False, **media) -> list[Call]:
        """``who`` sends ``text`` (a command, a keyword, a question) in ``chat`` at ``at``."""
        when = studio_time(at) if at is not None else self.now
        self.now = when
        msg = message(who, text, chat=chat, date=when, reply_to=reply_to, **media)
        self.last_message = msg
        return await self.process(message_update(msg, edited=edited), when)

    async def resend(self, data: dict, at: datetime | None = None) -> list[Call]:
        return await self.process(data, at or self.now)

    async def press(self, who: Person, call: Call, data: str | None = None, *,
                    at: str | datetime | None = None) -> list[Call]:
        """``who`` presses a button of the message ``call`` sent (by its data or its label)."""
        when = studio_time(at) if at is not None else self.now
        self.now = when
        buttons = call.buttons
        chosen = next((b for b in buttons if data in (b.get("callback_data"), b.get("text"))),
                      None) if data else buttons[0]
        assert chosen is not None, f"no button {data!r} in {[b.get('text') for b in buttons]}"
        bot_message = call.result if isinstance(call.result, dict) else None
        assert bot_message is not None, "the call has no message to press on"
        return await self.process(callback_update(who, bot_message, chosen["callback_data"]),
                                  when)

    async def run_job(self, name: str, at: str | datetime) -> list[Call]:
        """Run a scheduled job for the slot ``at`` through the ledger, as the JobQueue would."""
        from scheduler import registry
        from scheduler.runner import execute

        when = studio_time(at)
        self.api.take()
        with freeze_time(when.astimezone(UTC), real_asyncio=True):
            await execute(self.app, registry(self.app)[name], when)
        return self.api.take()

    # --- reading what came out ------------------------------------------------------------

    @staticmethod
    def sent(calls: list[Call], chat_id: int | None = None) -> list[Call]:
        """The messages among ``calls`` (optionally to one chat)."""
        return [c for c in calls if c.method.startswith("send") or c.method == "copyMessage"
                if chat_id is None or c.chat_id == chat_id]

    def texts(self, calls: list[Call], chat: Person | int | str | None = None) -> list[str]:
        chat_id = self.chat_id(chat) if chat is not None else None
        return [c.text for c in self.sent(calls, chat_id)]

    def text(self, calls: list[Call], chat: Person | int | str | None = None) -> str:
        """All message texts (to ``chat``) joined: what the person reads."""
        return "\n".join(self.texts(calls, chat))

    @staticmethod
    def chat_id(chat: Person | int | str) -> int:
        if isinstance(chat, Person):
            return chat.id
        if chat == "group":
            return GROUP_ID
        return int(chat)


@pytest.fixture
def settings_dict() -> dict:
    """The config the app is built from; a test may change it before using ``studio``."""
    return base_config()


async def open_studio(settings, at: datetime) -> Studio:
    """The real Application over a fresh offline Bot API, started (menus, catch-up) at ``at``;
    what its handlers raise collects in ``.errors``."""
    api = FakeTelegram()
    app = build_application(settings, OfflineRequest(api), catch_up_at_start=False,
                            rate_limiter=RetryPolicy(overall_max_rate=0, group_max_rate=0,
                                                     max_retries=3))
    harness = Studio(app, api, settings)

    async def collect(update, context):
        harness.errors.append(context.error)

    app.add_error_handler(collect)
    with freeze_time(at.astimezone(UTC), real_asyncio=True):
        await app.initialize()
        await app.post_init(app)
    api.take()
    return harness


@pytest.fixture
async def studio(clean_db, settings_dict, caplog):
    caplog.set_level(logging.DEBUG)
    harness = await open_studio(settings_from_dict(settings_dict, source="test.toml"),
                                studio_time("12:00"))
    yield harness
    await harness.app.shutdown()
    assert not harness.errors, f"handlers raised: {harness.errors!r}"
    assert TOKEN not in caplog.text, "the bot token reached the log"


__all__ = ["Studio", "studio_time", "base_config", "FOREIGN_GROUP_ID", "GROUP_ID", "TOKEN",
           "MANAGER", "OPS", "HOST", "HOST2", "CUSTOMER", "STRANGER", "TZ"]
