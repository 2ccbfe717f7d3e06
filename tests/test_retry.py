"""One retry policy for every Bot API call (``messaging.retry.RetryPolicy``): not only the
messages a job sends, but a handler's edits, copies and answers too. A 5xx or a timeout is tried
again with back-off; a 400 is final."""

from __future__ import annotations

import pytest

from messaging import retry
from messaging.outbox import Outbox
from messaging.proposals import propose_fine
from tests.conftest import GROUP_ID, studio_time


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch):
    monkeypatch.setattr(retry, "BACKOFF", 0.01)


def failed(call) -> bool:
    return isinstance(call.result, dict) and call.result.get("ok") is False


async def card_for_the_manager(studio):
    studio.team()
    await propose_fine(Outbox(studio.app), studio.staff(studio.host), "lights", 1, "灯没关",
                       "test:1", studio_time("22:30"))
    return studio.sent(studio.api.take(), studio.manager.id)[0]


async def test_an_edit_answered_502_is_tried_again_and_the_card_says_who_decided(studio):
    card = await card_for_the_manager(studio)
    studio.api.fail("editMessageText", 502)
    calls = await studio.press(studio.manager, card, "确认", at="22:40")
    edits = [c for c in calls if c.method == "editMessageText"]
    assert [failed(c) for c in edits] == [True, False]
    assert "王经理" in edits[-1].text


async def test_a_copy_that_times_out_is_tried_again(studio):
    studio.team()
    studio.api.fail("copyMessage", timeout=True)  # no answer: nothing recorded for that try
    calls = await studio.send(studio.customer, None, chat="private", at="12:01", photo=True,
                              caption="这个有吗")
    copies = [c for c in calls if c.method == "copyMessage" and c.chat_id == GROUP_ID]
    assert len(copies) == 1 and not failed(copies[0])


async def test_a_button_answer_answered_500_twice_is_tried_until_it_goes(studio):
    card = await card_for_the_manager(studio)
    studio.api.fail("answerCallbackQuery", 500, times=2)
    calls = await studio.press(studio.manager, card, "确认", at="22:40")
    answers = [c for c in calls if c.method == "answerCallbackQuery"]
    assert [failed(c) for c in answers] == [True, True, False]


async def test_a_bad_request_is_not_tried_again(studio, caplog):
    card = await card_for_the_manager(studio)
    studio.api.fail("editMessageText", 400, description="Bad Request: message is not modified")
    calls = await studio.press(studio.manager, card, "确认", at="22:40")
    assert [failed(c) for c in calls if c.method == "editMessageText"] == [True]
    assert "could not update decision card" in caplog.text


async def test_a_reply_still_failing_after_every_try_reaches_the_error_handler(studio, caplog):
    studio.team()
    studio.api.fail("sendMessage", 500, times=retry.TRIES, chat_id=GROUP_ID)
    calls = await studio.send(studio.host, "/checkin", at="09:00")
    group = [c for c in calls if c.method == "sendMessage" and c.chat_id == GROUP_ID]
    assert [failed(c) for c in group] == [True] * retry.TRIES + [False]  # then the apology
    assert "try 3 of 4" in caplog.text
    assert [type(e).__name__ for e in studio.errors] == ["NetworkError"]
    studio.errors.clear()  # seen: the fixture fails on any error left
