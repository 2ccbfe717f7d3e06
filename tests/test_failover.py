"""Active–standby on PostgreSQL: two ``python bot.py`` processes, the active killed (SIGKILL) in
the middle of a job run to 50 hosts and of an update, while updates arrive."""

from __future__ import annotations

import os
import time

import pytest

from models import JobRun, ProcessedUpdate
from service.standby import DatabaseLock, lock_key
from tests.failover_rig import (
    Rig,
    customer,
    help_update,
    seed_hosts,
    seed_missed_minimums,
    wait_for,
)

pytestmark = [pytest.mark.postgres,
              pytest.mark.real_clock,  # child processes on the real clock, real deadlines
              pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"),
                                 reason="needs TEST_DATABASE_URL (PostgreSQL)")]

HOSTS = 50
CUT_NOTICE = "处理到一半"


def test_one_lock_per_token_held_by_one_session_with_short_tcp_timeouts(database_url):
    first = DatabaseLock(database_url, lock_key("1:a"))
    second = DatabaseLock(database_url, lock_key("1:a"))
    other_bot = DatabaseLock(database_url, lock_key("2:b"))
    try:
        assert first.try_acquire() and first.alive()
        assert not second.try_acquire() and not second.alive()
        assert other_bot.try_acquire()
        assert "studio-bot" in second.holder()
        with first.conn.cursor() as cur:  # the server notices a dead active in about 20 s
            cur.execute("SHOW tcp_keepalives_idle")
            assert cur.fetchone()[0] in ("8", "8s")
            cur.execute("SHOW tcp_user_timeout")
            assert cur.fetchone()[0] in ("20000", "20s")
        first.close()  # the server frees the lock as the session ends, a moment later
        wait_for(second.try_acquire, 5)
    finally:
        for lock in (first, second, other_bot):
            lock.close()


@pytest.fixture
def rig(tmp_path, clean_db, database_url):
    rigs = []

    def make(**kwargs) -> Rig:
        rigs.append(Rig(tmp_path, database_url, **kwargs))
        return rigs[-1]
    try:
        yield make
    finally:
        for each in rigs:  # every child ends, also when the test failed
            each.close()


def test_the_standby_takes_over_a_killed_active_and_nothing_is_lost_or_sent_twice(rig):
    hosts = seed_hosts(HOSTS)
    hhmm, period = seed_missed_minimums()
    rig = rig(minimums=hhmm)
    api = rig.api
    host_ids = {h.tg_id for h in hosts}
    reminded: list[int] = []  # hosts in the order their reminder first reached the server

    def reminder_25(method, params):
        """The 25th host's reminder (a retry of an earlier one is not a new host)."""
        chat = int(params.get("chat_id", 0))
        if method == "sendMessage" and chat in host_ids and chat not in reminded:
            reminded.append(chat)
            return len(reminded) == 25
        return False
    # The 25th reminder waits at the server, and so do its retries (the bot's read timeout
    # fires while it waits and its retry policy sends it again): the active is caught in the
    # middle of the job run however long the test takes to get to the kill.
    job_gate = api.gate(reminder_25)
    # The reply to update 10 waits at the server (with its retries): the active is caught in
    # that update.
    update_gate = api.gate(lambda method, params: method == "sendMessage"
                           and int(params["chat_id"]) == customer(10).id)
    # Sent while no instance runs: pending at Telegram.
    updates = [help_update(i) for i in range(5)]
    for update in updates:
        api.push_update(update)

    rig.start("a")
    rig.wait_state("a", "active")
    rig.start("b")
    rig.wait_state("b", "standby")
    wait_for(lambda: "standby: studio-bot" in rig.log("b") and "is active" in rig.log("b"), 10)

    # One batch: 10 caught mid-way, the others handled around it.
    batch = [help_update(i) for i in range(5, 20)]
    api.push_batch(batch)
    updates += batch
    wait_for(job_gate.hit.is_set, 20)
    wait_for(update_gate.hit.is_set, 20)
    fetched = {u["update_id"] for c in list(api.calls) if c.method == "getUpdates"
               for u in c.result}
    assert batch[-1]["update_id"] in fetched, "the active fetched the whole batch"
    late = [help_update(i) for i in range(20, 25)]  # arriving while it is stuck
    for update in late:
        api.push_update(update)
    updates += late

    # In the middle of the run: 24 hosts reminded, the 25th held, 25 still to remind.
    assert len(reminded) == 25
    assert sum(bool(api.sends_to(h)) for h in host_ids) == 24
    # Updates are handled concurrently (each person's in order): while 10 is stuck, the others
    # are handled and recorded done, but not confirmed to Telegram (10 holds the offset back),
    # so the standby is given them again and must not act on them a second time.
    others = [u["update_id"] for u in batch + late if u["update_id"] != batch[5]["update_id"]]

    def others_done():
        done = ProcessedUpdate.select().where(ProcessedUpdate.update_id.in_(others)
                                              & ~ProcessedUpdate.handling).count()
        return done == len(others)
    wait_for(others_done, 20)
    with api.updates_lock:
        assert batch[5]["update_id"] in {u["update_id"] for u in api.updates}, "10 unconfirmed"

    killed_at = time.monotonic()
    rig.kill("a")
    job_gate.open(drop=True)  # Telegram never acted on the two calls in flight
    update_gate.open(drop=True)
    rig.wait_state("b", "active", 15)
    takeover = time.monotonic() - killed_at
    print(f"took over {takeover:.2f} s after the SIGKILL")
    after = [help_update(i) for i in range(25, 35)]
    for update in after:
        api.push_update(update)
    updates += after

    def all_served():
        """every host reminded, every update answered, all confirmed to Telegram"""
        run_done = JobRun.select().where(
            (JobRun.job == "minimums") & (JobRun.period == period)
            & (JobRun.status == "done")).exists()
        handled = not ProcessedUpdate.select().where(ProcessedUpdate.handling).exists()
        answered = all(api.sends_to(customer(i).id) for i in range(35))
        with api.updates_lock:
            confirmed = not api.updates
        return run_done and handled and answered and confirmed
    wait_for(all_served, 30)

    for host in hosts:
        assert len(api.sends_to(host.tg_id)) == 1, f"host {host.name} reminded once"
    for i in range(35):
        texts = api.sends_to(customer(i).id)
        assert len(texts) == 1, f"update {i} answered once: {texts}"
        # Update 10 was cut in the middle: not acted on again, the person is told to check.
        assert (CUT_NOTICE in texts[0]) == (i == 10), texts
    assert takeover < 15, f"took over in {takeover:.1f} s"
    assert "active: resuming 1 job run" in rig.log("b")

    # The old active, restarted, waits as a standby; the new one goes on.
    before = len(api.calls)
    rig.start("a")
    rig.wait_state("a", "standby")
    assert rig.health("b") == "active"
    assert {c.method for c in list(api.calls)[before:]} <= {"getUpdates"}
    assert rig.close() == {"a": 0, "b": 0}


def test_an_active_that_loses_its_database_session_stops_and_the_standby_takes_over(rig):
    """The lock session ends under the active (as when the network to the database is cut): it
    stops taking updates at once and waits as a standby; the other takes over."""
    seed_hosts(1)
    rig = rig()
    rig.start("a")
    rig.wait_state("a", "active")
    rig.start("b")
    rig.wait_state("b", "standby")
    from models import db

    db.execute_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                   "WHERE application_name = %s", (rig.lock_session("a"),))
    rig.wait_state("b", "active", 15)
    # The new active started only after the old one had stopped: no overlap.
    assert "lost the database lock" in rig.log("a")
    rig.wait_state("a", "standby", 15)
    rig.api.push_update(help_update(0))
    wait_for(lambda: rig.api.sends_to(customer(0).id), 10)
    assert len(rig.api.sends_to(customer(0).id)) == 1
    assert rig.close() == {"a": 0, "b": 0}


def test_webhook_the_new_active_points_telegram_at_the_proxy_and_answers_after_handling(rig):
    """Both instances behind one proxy URL: only the active listens; at takeover it sets the
    webhook again, and an update whose delivery the dead one never answered is redelivered."""
    seed_hosts(1)
    rig = rig(mode="webhook")
    api = rig.api
    rig.start("a")
    rig.wait_state("a", "active")
    rig.start("b")
    rig.wait_state("b", "standby")
    assert rig.deliver(help_update(0)) == "a"
    gate = api.gate(lambda method, params: method == "sendMessage"
                    and int(params["chat_id"]) == customer(1).id)
    hooks_before = [c for c in list(api.calls) if c.method == "setWebhook"]

    import threading

    cut = help_update(1)
    def first_try_fails():
        try:
            rig.deliver(cut, seconds=2)
        except AssertionError:
            pass  # the instance died before answering
    first_try = threading.Thread(target=first_try_fails, daemon=True)
    first_try.start()
    wait_for(gate.hit.is_set, 10)
    rig.kill("a")
    gate.open(drop=True)
    rig.wait_state("b", "active", 15)
    hooks = [c for c in list(api.calls) if c.method == "setWebhook"][len(hooks_before):]
    assert [c.params["url"] for c in hooks] == [rig.webhook_url]
    # Telegram got no answer for update 1: it delivers it again, now to b through the proxy.
    assert rig.deliver(cut) == "b"
    assert rig.deliver(help_update(2)) == "b"
    assert len(api.sends_to(customer(0).id)) == 1
    assert [CUT_NOTICE in t for t in api.sends_to(customer(1).id)] == [True]
    assert len(api.sends_to(customer(2).id)) == 1
    assert rig.close() == {"a": -9, "b": 0}


def test_with_standby_off_a_second_instance_refuses_and_the_first_goes_on(rig):
    seed_hosts(1)
    rig = rig(standby=False, mode="webhook")
    rig.start("a")
    rig.wait_state("a", "active")
    second = rig.start("b")
    assert second.wait(30) == 3
    refusals = [line for line in rig.log("b").splitlines() if "another instance" in line]
    assert len(refusals) == 1 and "standby = false" in refusals[0], rig.log("b")
    assert rig.health("a") == "active"
    assert rig.deliver(help_update(0)) == "a"
    assert len(rig.api.sends_to(customer(0).id)) == 1
