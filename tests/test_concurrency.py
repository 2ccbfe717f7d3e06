"""Updates handled concurrently (polling.Sequencer): a report built in a worker keeps no one else
waiting; one person's updates keep their order; an update is confirmed to Telegram only when it
and every update before it were handled."""

from __future__ import annotations

import asyncio
import threading

from service.polling import Sequencer, poll
from studio import report
from tests.conftest import HOST, MANAGER, studio_time
from tests.factories import message, message_update


async def until(condition, seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("not reached in time")


def texts_to(api, person) -> list[str]:
    return [c.text for c in api.calls if c.method.startswith("send") and c.chat_id == person.id]


async def test_a_plain_command_is_answered_while_a_slow_report_is_built(studio, monkeypatch):
    studio.team()
    gate = threading.Event()
    real_build = report.build

    def slow_build(*args, **kwargs):  # runs in the worker thread
        assert threading.current_thread() is not threading.main_thread()
        gate.wait(10)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(report, "build", slow_build)
    when = studio_time("12:00")
    first = message_update(message(MANAGER, "/report month", chat="private", date=when))
    studio.api.push_update(first)
    studio.api.push_update(message_update(message(MANAGER, "/help", chat="private", date=when)))
    last = message_update(message(HOST, "/help", chat="private", date=when))
    studio.api.push_update(last)
    studio.api.take()
    stop = asyncio.Event()
    polling = asyncio.create_task(poll(studio.app, stop, long_poll=0))
    try:
        await until(lambda: texts_to(studio.api, HOST))  # the host is answered meanwhile
        assert not texts_to(studio.api, MANAGER), "the manager's /help waits for their report"
        offsets = [c.params.get("offset") for c in studio.api.calls if c.method == "getUpdates"]
        assert all(o is None or int(o) <= first["update_id"] for o in offsets), \
            "nothing after the report is confirmed before the report is done"
        gate.set()
        await until(lambda: len(texts_to(studio.api, MANAGER)) >= 2)
        await until(lambda: any(c.method == "getUpdates"
                                and int(c.params.get("offset") or 0) == last["update_id"] + 1
                                for c in studio.api.calls))
    finally:
        gate.set()
        stop.set()
        await asyncio.wait_for(polling, 10)
    answers = texts_to(studio.api, MANAGER)
    # the report's tables first, then the /help sent after it
    assert [i for i, text in enumerate(answers) if "/export" in text] == [len(answers) - 1]
    assert not studio.errors


async def test_one_persons_updates_keep_their_order_others_go_on():
    sequencer = Sequencer(limit=4)
    order: list[str] = []
    slow = asyncio.Event()

    class U:  # an update of a person
        def __init__(self, who):
            self.who = who

    async def step(name, wait=None):
        if wait is not None:
            await wait.wait()
        order.append(name)

    from service import polling

    real_key = polling.order_key
    polling.order_key = lambda update: update.who
    try:
        a1 = sequencer.submit(U("a"), step("a1", slow))
        a2 = sequencer.submit(U("a"), step("a2"))
        b1 = sequencer.submit(U("b"), step("b1"))
        await b1
        assert order == ["b1"], "b is not held behind a's slow update"
        slow.set()
        await asyncio.gather(a1, a2)
    finally:
        polling.order_key = real_key
    assert order == ["b1", "a1", "a2"]


async def test_the_poller_backs_off_while_a_slow_update_holds_the_offset(studio, monkeypatch):
    # Telegram answers a getUpdates at once while an update in hand is not confirmed: asked
    # every 50 ms that was 20 calls a second for as long as a year report is built.
    studio.team()
    gate = threading.Event()
    real_build = report.build

    def slow_build(*args, **kwargs):
        gate.wait(10)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(report, "build", slow_build)
    when = studio_time("12:00")
    studio.api.push_update(message_update(message(MANAGER, "/report month", chat="private",
                                                  date=when)))
    studio.api.take()
    stop = asyncio.Event()
    polling = asyncio.create_task(poll(studio.app, stop, long_poll=0))
    try:
        await asyncio.sleep(2.0)
        held = [c for c in studio.api.calls if c.method == "getUpdates"]
        assert 3 <= len(held) <= 8, len(held)  # 0.05, 0.1, 0.2, 0.4, 0.8 s, then every 1 s
        # An update sent meanwhile is still taken within HELD_BACK_MAX.
        studio.api.push_update(message_update(message(HOST, "/help", chat="private", date=when)))
        await until(lambda: texts_to(studio.api, HOST), 2.0)
    finally:
        gate.set()
        stop.set()
        await asyncio.wait_for(polling, 10)
    assert not studio.errors
