"""Once-only updates across a process's death: done when handled, "cut" when a dead process was
in the middle of one (docs/failover.md)."""

from __future__ import annotations

from telegram import Update

from models import Checkin, ProcessedUpdate
from service.polling import handle
from tests.factories import message, message_update


async def test_an_update_a_dead_process_was_handling_gets_the_check_notice_not_a_second_run(
        studio):
    studio.add_staff(studio.host)
    data = message_update(message(studio.host, "/checkin", chat="private",
                                  date=studio.now))
    # Claimed by a process that died before it finished (it is not this process's).
    ProcessedUpdate.create(update_id=data["update_id"], handling=True)
    calls = await studio.resend(data)
    assert [len(studio.sent(calls)), "处理到一半" in studio.text(calls, studio.host)] == [1, True]
    assert Checkin.select().count() == 0
    assert not ProcessedUpdate.get(update_id=data["update_id"]).handling
    assert studio.sent(await studio.resend(data)) == []  # delivered once more: done, silent


async def test_an_update_handled_by_the_poller_is_marked_done_and_never_run_again(studio):
    studio.add_staff(studio.host)
    data = message_update(message(studio.host, "/checkin", chat="private", date=studio.now))
    studio.api.take()
    assert await handle(studio.app, Update.de_json(data, studio.app.bot))
    assert len(studio.sent(studio.api.take())) == 1
    assert not ProcessedUpdate.get(update_id=data["update_id"]).handling
    assert studio.sent(await studio.resend(data)) == []
    assert Checkin.select().count() == 1
