"""Proposed fines: the one function every feature calls, and the managers' buttons."""

from __future__ import annotations

import pytest

from messaging.outbox import Outbox
from messaging.proposals import propose_fine
from models import Fine, FineProposal
from tests.conftest import base_config, studio_time


async def test_a_proposal_is_confirmed_once_even_when_pressed_twice(studio):
    studio.team()
    studio.api.take()
    proposal = await propose_fine(Outbox(studio.app), studio.staff(studio.host), "lights", 1,
                                  "灯没关", "test:1", studio_time("22:30"))
    card = studio.sent(studio.api.take(), studio.manager.id)[0]
    assert "20元" in card.text and [b["text"] for b in card.buttons] == ["确认", "驳回"]
    assert Fine.recorded().count() == 0  # until confirmed, a proposal is no fine
    await studio.press(studio.manager, card, "确认")
    again = await studio.press(studio.manager, card, "确认")
    assert Fine.recorded().count() == 1
    assert Fine.get().amount_fen == 2000 and Fine.get().proposal_id == proposal.id
    assert any(c.method == "answerCallbackQuery" and "已由 王经理 处理过" in c.params.get("text", "")
               for c in again)


async def test_the_same_source_proposes_once(studio):
    studio.team()
    first = await propose_fine(Outbox(studio.app), studio.staff(studio.host), "ac", 1, "", "src:7",
                               studio_time("22:30"))
    second = await propose_fine(Outbox(studio.app), studio.staff(studio.host), "ac", 1, "", "src:7",
                                studio_time("22:31"))
    assert first is not None and second is None
    assert FineProposal.select().count() == 1


async def test_dismissed_proposal_records_who_and_no_fine(studio):
    studio.team()
    await propose_fine(Outbox(studio.app), studio.staff(studio.host), "mess", 1, "", "src:8",
                       studio_time("22:30"))
    card = studio.sent(studio.api.take(), studio.manager.id)[0]
    await studio.press(studio.manager, card, "驳回")
    proposal = FineProposal.get()
    assert proposal.status == "dismissed" and proposal.decided_by_id == studio.staff(studio.manager).id
    assert Fine.recorded().count() == 0


# --- fine codes by their short names --------------------------------------------------------------


async def test_cards_and_the_ledger_name_the_rule_not_the_code(studio):
    studio.team()
    studio.api.take()
    await propose_fine(Outbox(studio.app), studio.staff(studio.host), "lights", 2, "灯没关", "src:9",
                       studio_time("22:30"))
    card = studio.sent(studio.api.take(), studio.manager.id)[0]
    assert "· 忘关灯 ×2 · 40元" in card.text and "lights" not in card.text
    calls = await studio.send(studio.manager, "/fine @xiaoming register", at="22:40")
    assert "· 未填登记表 ×1 · 10元" in studio.text(calls, "group")
    listed = studio.text(await studio.send(studio.manager, "/fines", at="22:45"))
    assert "· 小明 · 未填登记表 ×1 · 10元" in listed
    await studio.send(studio.host2, "/lang en", chat="private")
    english = studio.text(await studio.send(studio.host2, "/fines", chat="private", at="22:50"))
    assert "· registration sheet ×1 · 10 CNY" in english


@pytest.mark.parametrize("settings_dict", [base_config(fines={
    "late": {"amount": 10, "zh": "迟到每次乐捐10元。", "en": "Late: 10 CNY.",
             "name_zh": "迟到", "name_en": "late"},
    "noise": {"amount": 5, "zh": "喧哗每次乐捐5元。", "en": "Noise: 5 CNY."},
    "lights": {"amount": 20, "zh": "忘记关灯每样乐捐20元。", "en": "Lights: 20 CNY.",
               "per_item": True},
})])
async def test_a_studio_code_shows_its_configured_name_or_the_code(studio):
    studio.team()
    await studio.send(studio.manager, "/fine @xiaohong late x2", at="22:40")
    await studio.send(studio.manager, "/fine @xiaohong noise", at="22:41")
    await studio.send(studio.manager, "/fine @xiaohong lights", at="22:42")
    listed = studio.text(await studio.send(studio.manager, "/fines", at="22:45"))
    assert "· 迟到 ×2 · 20元" in listed and "· noise ×1 · 5元" in listed
    assert "· 忘关灯 ×1 · 20元" in listed  # a default code restated keeps its name
    rules = studio.text(await studio.send(studio.host, "/rules"))
    assert "<code>late</code> 迟到:10元 — 迟到每次乐捐10元。" in rules
    assert "<code>noise</code> noise:5元" in rules
