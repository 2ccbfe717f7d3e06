"""Hostile input (issue 16): forged button presses, messages from the future, every error the
code raises rendered with its params."""

from __future__ import annotations

import ast
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from models import ALL_MODELS, ChecklistTick, ProcessedUpdate, Staff
from studio.i18n import catalogue
from tests.factories import callback_update, message, message_update
from views import buttons

ROOT = Path(__file__).resolve().parent.parent


def snapshot() -> dict[str, list[dict]]:
    """Every row of every table (the redelivery table aside): a press that does nothing leaves
    it as it was, counts and contents alike."""
    return {m.__name__: [dict(r) for r in m.select().order_by(m._meta.primary_key).dicts()]
            for m in ALL_MODELS if m is not ProcessedUpdate}


def last_reply(studio, calls):
    return studio.sent(calls)[-1]


# --- the codec --------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    "bcheck:tick:12", "join:host:1", "join:ops:9223372036854775807", "fineprop:no:3",
    "hand:item:4:lights", "hand:done:4", "metrics:save:0"])
def test_the_codec_reads_back_what_it_writes(data):
    press = buttons.decode(data)
    assert press is not None
    assert buttons.encode(press.prefix, press.verb, press.id, press.code) == data


@pytest.mark.parametrize("data", [
    None, "", "bcheck:x:1", "fineprop:x:1", "fineprop:maybe:1", "join:x:5", "bcheck:::::",
    "hand:ok:abc", "hand:ok:" + "9" * 5000, "join:host:9223372036854775808",
    "join:host:" + "1" * 19 + "0", "bcheck:tick:᧚", "bcheck:tick:-1", "bcheck:tick:01",
    "bcheck:tick: 1", "bcheck:tick:1:", "hand:item:4", "hand:item:4:LIGHTS", "hand:item:4:<b>",
    "hand:ok:4:lights", "nosuch:tick:1", "bcheck:tick:1\n", "ｂcheck:tick:1", "bcheck:tick:１"])
def test_the_codec_refuses_what_no_view_builds(data):
    assert buttons.decode(data) is None


def test_a_view_cannot_build_data_the_codec_refuses():
    with pytest.raises(ValueError):
        buttons.encode("bcheck", "tick", 2**63)
    with pytest.raises(ValueError):
        buttons.encode("hand", "item", 1, "x:y")


# --- forged presses through the application ---------------------------------------------------

FORGED = ["bcheck:x:{tick}", "bcheck:tick:{tick}:x", "bcheck:::::", "bcheck:tick:" + "9" * 5000,
          "fineprop:x:1", "fineprop:no:1:", "join:x:{pending}", "join:host:{pending}x",
          "join:host:9223372036854775808", "hand:ok:abc", "hand:item:1:nosuch:x", "metrics:x:0",
          "nosuch:yes:1", "", "just text", "<b>x</b>", "😀" * 16,
          "ask:yes:1", "ask:pick:1:s3", "ask:pick:1", "ask:no:1:x", "ask:yes:99999999999999999999"]


@pytest.mark.parametrize("pattern", FORGED)
@pytest.mark.parametrize("who", ["manager", "host", "stranger"])
async def test_a_forged_press_does_nothing_and_says_the_button_no_longer_works(studio, who,
                                                                               pattern):
    studio.team()
    await studio.send(studio.host, "/live A", at="19:00")
    checklist = last_reply(studio, await studio.send(studio.host, "/offline", at="22:05"))
    tick = ChecklistTick.select().order_by(ChecklistTick.id).first().id
    pending = Staff.create(tg_id=4242, name="Pending", status="pending",
                           created_at=datetime(2026, 11, 20, 4)).id
    data = pattern.format(tick=tick, pending=pending)
    before = snapshot()
    person = getattr(studio, who)
    calls = await studio.process(callback_update(person, checklist.result, data), studio.now)
    gone = catalogue().t("zh", "common.button_gone")
    assert [(c.method, c.params.get("text")) for c in calls] == [("answerCallbackQuery", gone)]
    assert snapshot() == before


def forgeries(prefix: str) -> list[str]:
    """Data a client could forge for every verb of ``prefix`` (``views.buttons.VERBS``, so a
    button added later is walked too): truncated, an unknown verb, an id negative, past 2^63,
    in other digits (U+19DA, full-width), with a part too many or missing."""
    out = [f"{prefix}", f"{prefix}:", f"{prefix}:nosuch:1"]
    for verb, extra in buttons.VERBS[prefix].items():
        tail = ":lights" if extra else ""
        out += [f"{prefix}:{verb}", f"{prefix}:{verb}:", f"{prefix}:{verb}:-1{tail}",
                f"{prefix}:{verb}:{2**63}{tail}", f"{prefix}:{verb}:᧚{tail}",
                f"{prefix}:{verb}:１{tail}", f"{prefix}:{verb}:1{tail}:x",
                f"{prefix}:{verb}:01{tail}"]
        out.append(f"{prefix}:{verb}:1" if extra else f"{prefix}:{verb}:1:lights")
    return out


@pytest.mark.parametrize("prefix", sorted(buttons.VERBS))
async def test_every_buttons_forged_data_gets_the_one_notice_whoever_presses(studio, prefix):
    studio.team()
    card = studio.sent(await studio.send(studio.manager, "/help", chat="private"))[0]
    before = snapshot()
    gone = catalogue().t("zh", "common.button_gone")
    for data in forgeries(prefix):
        for person in (studio.manager, studio.host, studio.stranger):
            calls = await studio.process(callback_update(person, card.result, data), studio.now)
            assert [(c.method, c.params.get("text")) for c in calls] == [
                ("answerCallbackQuery", gone)], data
    assert snapshot() == before


# Well-formed data whose number names nothing the button could decide: a row that does not
# exist (up to 2^63 − 1), or staff who never asked to join (the manager, staff number 1).
NOTHING = ["leavereq:yes:{big}", "leavereq:no:0", "fineprop:yes:999", "fineprop:allno:{big}",
           "fineprop:allyes:0", "join:host:{big}", "join:no:1", "join:ops:0",
           "bcheck:tick:{big}", "hand:ok:999"]


@pytest.mark.parametrize("pattern", NOTHING)
async def test_a_manager_pressing_a_number_that_names_nothing_gets_the_one_notice(studio,
                                                                                  pattern):
    studio.team()
    await studio.send(studio.host, "/leave 明天 看病", at="11:00")
    card = studio.sent(await studio.send(studio.manager, "/pending", chat="private"))[-1]
    data = pattern.format(big=2**63 - 1)
    on_card = dict(card.result, reply_markup={"inline_keyboard": [[{"text": "x",
                                                                    "callback_data": data}]]})
    before = snapshot()
    calls = await studio.process(callback_update(studio.manager, on_card, data), studio.now)
    gone = catalogue().t("zh", "common.button_gone")
    assert [(c.method, c.params.get("text")) for c in calls] == [("answerCallbackQuery", gone)]
    assert snapshot() == before


async def test_another_cards_number_forged_onto_a_card_decides_nothing_and_edits_nothing(
        studio):
    """A well-formed press that is not a button of the message it came from: a client forged
    it (another card's number on this card). The card is left as it is."""
    studio.team()
    await studio.send(studio.host, "/leave 明天 看病", at="11:00")
    await studio.send(studio.host2, "/leave 后天 搬家", at="11:01")
    calls = await studio.send(studio.manager, "/pending", chat="private", at="11:02")
    first, second = [c for c in studio.sent(calls) if c.buttons]
    assert second.buttons[0]["callback_data"] == "leavereq:yes:2"
    before = snapshot()
    calls = await studio.process(callback_update(studio.manager, first.result, "leavereq:yes:2"),
                                 studio.now)
    gone = catalogue().t("zh", "common.button_gone")
    assert [(c.method, c.params.get("text")) for c in calls] == [("answerCallbackQuery", gone)]
    assert snapshot() == before


async def test_a_game_or_inline_button_gets_the_same_notice(studio):
    studio.team()
    for query in ({"game_short_name": "tetris", "message": None},
                  {"inline_message_id": "abc", "data": "bcheck:tick:1"}):
        update = {"update_id": 900001 + len(str(query)),
                  "callback_query": {"id": "q1", "from": studio.manager.as_user(),
                                     "chat_instance": "ci",
                                     **{k: v for k, v in query.items() if v is not None}}}
        calls = await studio.process(update, studio.now)
        assert [(c.method, c.params.get("text")) for c in calls] == [
            ("answerCallbackQuery", catalogue().t("zh", "common.button_gone"))]


# --- messages from the future -----------------------------------------------------------------

async def test_a_message_dated_in_the_future_is_refused_and_writes_nothing(studio):
    studio.team()
    before = snapshot()
    future = studio.now + timedelta(days=365 * 74)
    msg = message(studio.host, "/live A", chat="group", date=future)
    calls = await studio.process(message_update(msg), studio.now)
    refusal = catalogue().t("zh", "error.future_message")
    assert [c.params.get("text") for c in studio.sent(calls)] == [refusal]
    assert snapshot() == before


async def test_a_message_a_little_ahead_or_long_past_is_accepted(studio):
    studio.team()
    msg = message(studio.host, "/checkin", chat="group", date=studio.now + timedelta(minutes=2))
    calls = await studio.process(message_update(msg), studio.now)
    assert "error.future_message" not in str(calls)
    assert catalogue().t("zh", "error.future_message") not in [
        c.params.get("text") for c in studio.sent(calls)]
    msg = message(studio.host, "/live A", chat="group", date=studio.now - timedelta(days=2))
    calls = await studio.process(message_update(msg), studio.now)
    assert catalogue().t("zh", "error.future_message") not in [
        c.params.get("text") for c in studio.sent(calls)]


# --- every error the code raises renders ------------------------------------------------------

def raised_errors() -> list[tuple[str, str, frozenset[str], str]]:
    """Every ``BadInput(...)``/``Refused(...)`` in the code whose key is a literal: (key, kind,
    the params it passes, where)."""
    found = []
    for folder in ("studio", "handlers", "jobs", "views", "messaging", "models", "scheduler"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id in ("BadInput", "Refused") and node.args
                        and isinstance(node.args[0], ast.Constant)):
                    continue
                if any(k.arg is None for k in node.keywords):  # **params: not checkable here
                    continue
                found.append((node.args[0].value, node.func.id,
                              frozenset(k.arg for k in node.keywords),
                              f"{path.relative_to(ROOT)}:{node.lineno}"))
    return found


def test_the_scan_finds_the_errors():
    keys = {key for key, *_ in raised_errors()}
    assert {"too_long", "unknown_person", "not_your_broadcast"} <= keys


@pytest.mark.parametrize(("key", "kind", "params", "where"), raised_errors(),
                         ids=lambda v: v if isinstance(v, str) else None)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_raised_error_renders_with_the_params_it_is_given(lang, key, kind, params,
                                                                  where):
    text = catalogue().t(lang, f"error.{key}", **{p: "1" for p in params})
    assert "{" not in text, f"{where}: error.{key} left a placeholder"


# --- every piece is sent ----------------------------------------------------------------------

async def test_a_long_follow_up_reaches_the_inbox_whole(studio):
    from studio.text import utf16_len
    from tests.conftest import GROUP_ID
    studio.team()
    await studio.send(studio.customer, "你好", chat="private", at="10:00")
    long = "&<b>😀" * 1200  # far over one message once escaped, in UTF-16 units
    calls = await studio.send(studio.customer, long, chat="private", at="10:01")
    pieces = [c.params["text"] for c in studio.sent(calls, GROUP_ID)]
    assert len(pieces) > 1
    assert all(utf16_len(p) <= 4096 for p in pieces)
    joined = "".join(pieces)
    assert joined.count("&amp;&lt;b&gt;😀") == 1200
