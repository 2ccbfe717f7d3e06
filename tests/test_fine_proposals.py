"""Proposed fines: the one function every feature calls, and the managers' buttons."""

from __future__ import annotations

from handlers.fines import propose_fine
from models import Fine, FineProposal
from tests.conftest import studio_time


async def test_a_proposal_is_confirmed_once_even_when_pressed_twice(studio):
    studio.team()
    studio.api.take()
    proposal = await propose_fine(studio.app, studio.staff(studio.host), "lights", 1,
                                  "灯没关", "test:1", studio_time("22:30"))
    card = studio.sent(studio.api.take(), studio.manager.id)[0]
    assert "20元" in card.text and [b["text"] for b in card.buttons] == ["确认", "驳回"]
    assert Fine.select().count() == 0  # until confirmed, a proposal is no fine
    await studio.press(studio.manager, card, "确认")
    again = await studio.press(studio.manager, card, "确认")
    assert Fine.select().count() == 1
    assert Fine.get().amount_fen == 2000 and Fine.get().proposal_id == proposal.id
    assert any(c.method == "answerCallbackQuery" and "已经处理过" in c.params.get("text", "")
               for c in again)


async def test_the_same_source_proposes_once(studio):
    studio.team()
    first = await propose_fine(studio.app, studio.staff(studio.host), "ac", 1, "", "src:7",
                               studio_time("22:30"))
    second = await propose_fine(studio.app, studio.staff(studio.host), "ac", 1, "", "src:7",
                                studio_time("22:31"))
    assert first is not None and second is None
    assert FineProposal.select().count() == 1


async def test_dismissed_proposal_records_who_and_no_fine(studio):
    studio.team()
    await propose_fine(studio.app, studio.staff(studio.host), "mess", 1, "", "src:8",
                       studio_time("22:30"))
    card = studio.sent(studio.api.take(), studio.manager.id)[0]
    await studio.press(studio.manager, card, "驳回")
    proposal = FineProposal.get()
    assert proposal.status == "dismissed" and proposal.decided_by_id == studio.staff(studio.manager).id
    assert Fine.select().count() == 0
