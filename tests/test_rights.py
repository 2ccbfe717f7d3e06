"""THE rights test: every registered command, for every kind of person below its role, in the
group and in private, gets exactly one refusal line and writes nothing. Generated from
``handlers.COMMANDS`` at collection time, so a command added later is covered without a line
here. A foreign group gets one refusal and the bot leaves, whatever the command."""

from __future__ import annotations

from datetime import datetime

import pytest

import handlers
from models import ALL_MODELS, Customer, ProcessedUpdate, Staff
from studio.i18n import catalogue
from studio.roster import Role
from tests.conftest import FOREIGN_GROUP_ID, HOST2, Person
from tests.factories import callback_update
from views import buttons

# Arguments a real user would plausibly type; the refusal must come before any parsing.
ARGS = {
    "role": "@xiaohong ops", "setstart": "@xiaohong 2026-09-15", "leave": "@xiaohong today",
    "deactivate": "@xiaohong", "lang": "en", "fine": "@xiaohong smoking",
    "report": "2026-11-01..2026-11-26", "live": "A", "video": "https://v.douyin.com/x",
    "gmv": "3500", "target": "@xiaohong 5000", "broadcast": "A 19:00",
}
DEFAULT_ARGS = "@xiaohong 1"

FORMER = Person(777, "老张", "lao_zhang")
PENDING = Person(888, "新人", "new_one")

PEOPLE = {  # kind -> (the Person, their role)
    "stranger": Role.ANYONE,
    "customer": Role.ANYONE,
    "pending": Role.ANYONE,
    "former": Role.ANYONE,
    "host": Role.HOST,
    "ops": Role.OPS,
    "manager": Role.MANAGER,
}


def attempts():
    """(kind, chat, command name, text) for every command and keyword above the person's role."""
    for command in handlers.COMMANDS:
        words = [f"/{command.name}", *command.keywords]
        args = ARGS.get(command.name, DEFAULT_ARGS)
        for kind, role in PEOPLE.items():
            if role >= command.role:
                continue
            for chat in ("group", "private"):
                for word in words:
                    if chat == "private" and role == Role.ANYONE and not word.startswith("/"):
                        # Plain text from someone who is not staff, in private, is the customer
                        # path by design: "到岗 …" opens an inquiry (test_inquiries).
                        continue
                    yield pytest.param(kind, chat, command.name, f"{word} {args}",
                                       id=f"{kind}-{chat}-{word}")


def row_counts() -> dict[str, int]:
    return {m.__name__: m.select().count() for m in ALL_MODELS if m is not ProcessedUpdate}


def cast(studio, kind: str) -> Person:
    studio.team()
    studio.add_staff(FORMER, "host")
    Staff.update(status="inactive").where(Staff.tg_id == FORMER.id).execute()
    Staff.create(tg_id=PENDING.id, name=PENDING.first_name, username=PENDING.username,
                 status="pending", created_at=datetime(2026, 11, 20, 4))
    Customer.create(tg_id=studio.customer.id, name=studio.customer.first_name,
                    created_at=datetime(2026, 11, 20, 4))
    return {"stranger": studio.stranger, "customer": studio.customer, "pending": PENDING,
            "former": FORMER, "host": studio.host, "ops": studio.ops,
            "manager": studio.manager}[kind]


def test_the_walk_covers_every_command_below_manager():
    names = {p.values[2] for p in attempts()}
    assert names == {c.name for c in handlers.COMMANDS if c.role > Role.ANYONE}
    assert len(list(attempts())) >= 2 * len(names)


@pytest.mark.parametrize(("kind", "chat", "name", "text"), list(attempts()))
async def test_below_the_role_one_refusal_and_nothing_written(studio, kind, chat, name, text):
    person = cast(studio, kind)
    before = row_counts()
    calls = await studio.send(person, text, chat=chat)
    refusal = catalogue().t(studio.settings.studio.language, "error.not_allowed")
    assert studio.texts(calls) == [refusal], f"{kind} /{name}"
    assert [c.method for c in calls if c.method != "answerCallbackQuery"] == ["sendMessage"]
    assert row_counts() == before, f"{kind} /{name} wrote something"


@pytest.mark.parametrize("name", [c.name for c in handlers.COMMANDS])
@pytest.mark.parametrize("kind", ["manager", "stranger"])
async def test_a_foreign_group_gets_one_refusal_and_the_bot_leaves_for_any_command(
        studio, name, kind):
    person = cast(studio, kind)
    before = row_counts()
    calls = await studio.send(person, f"/{name} {ARGS.get(name, DEFAULT_ARGS)}",
                              chat=FOREIGN_GROUP_ID)
    assert [c.method for c in calls] == ["sendMessage", "leaveChat"]
    assert all(c.chat_id == FOREIGN_GROUP_ID for c in calls)
    assert calls[0].text == catalogue().t("zh", "common.foreign_group")
    assert row_counts() == before


async def test_a_foreign_group_plain_message_also_leaves(studio):
    cast(studio, "host")
    before = row_counts()
    calls = await studio.send(HOST2, "大家好", chat=FOREIGN_GROUP_ID)
    assert [c.method for c in calls] == ["sendMessage", "leaveChat"]
    assert row_counts() == before


def button_attempts():
    for button in handlers.BUTTONS:
        for kind, role in PEOPLE.items():
            if role < button.role:
                yield pytest.param(kind, button.prefix, id=f"{kind}-{button.prefix}")


@pytest.mark.parametrize(("kind", "prefix"), list(button_attempts()))
async def test_a_button_pressed_below_its_role_is_refused_and_writes_nothing(studio, kind,
                                                                             prefix):
    person = cast(studio, kind)
    verb, extra = next(iter(buttons.VERBS[prefix].items()))
    data = buttons.encode(prefix, verb, 1, "lights" if extra else None)  # well-formed
    card = await studio.send(studio.manager, "/help", chat="group")
    bot_message = dict(studio.sent(card)[0].result,
                       reply_markup={"inline_keyboard": [[{"text": "x",
                                                           "callback_data": data}]]})
    before = row_counts()
    calls = await studio.process(callback_update(person, bot_message, data),
                                 studio.now)
    refusal = catalogue().t(studio.settings.studio.language, "error.not_allowed")
    assert [(c.method, c.params.get("text"), c.params.get("show_alert")) for c in calls] == [
        ("answerCallbackQuery", refusal, True)]
    assert row_counts() == before
