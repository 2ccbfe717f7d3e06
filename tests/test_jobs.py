"""Scheduled jobs that never miss and never repeat: catch-up, the ledger, /jobs and /runjob, the
triggers, Telegram's faults, a kill in the middle of a run, two instances on one database."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from freezegun import freeze_time
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

import jobs
from config import Backup, Database
from messaging import retry
from models import JobDelivery, JobRun, ProcessedUpdate, Staff
from offline import FakeTelegram, OfflineRequest
from scheduler import registry
from scheduler.runner import catch_up, execute
from scheduler.schedule import JobSpec, Schedule, daily, every_watch, weekly
from service.backup import integrity
from tests.conftest import GROUP_ID, TOKEN, TZ, studio_time
from tests.job_crowd import CROWD, CROWD_IDS, CROWD_JOB, delivered

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def crowd(studio, monkeypatch):
    """Twenty staff who started the bot, and the crowd job registered next to the real ones;
    the runs of the days before were made (the bot was up until it went down)."""
    studio.add_staff(studio.manager, "manager")
    for person in CROWD:
        studio.add_staff(person, "host")
    monkeypatch.setitem(registry(studio.app), CROWD_JOB.name, CROWD_JOB)
    for day in ("2026-11-24", "2026-11-25"):
        JobRun.create(job="crowd", period=f"{day}T18:00", status="done")
    seen = []
    studio.api.listeners.append(seen.append)
    return seen


async def at(when: datetime, coroutine_fn, *args):
    with freeze_time(when.astimezone(UTC), real_asyncio=True):
        return await coroutine_fn(*args)


def run_of(period: str, job: str = "crowd") -> JobRun:
    return JobRun.get((JobRun.job == job) & (JobRun.period == period))


# --- catch-up --------------------------------------------------------------------------------


async def test_a_run_due_while_the_bot_was_down_is_made_up_once_at_start(studio, crowd):
    now = studio_time("18:20")  # down from 17:50 to 18:20
    runs = await at(now, catch_up, studio.app, [CROWD_JOB], now)
    again = await at(now + timedelta(minutes=1), catch_up, studio.app, [CROWD_JOB],
                     now + timedelta(minutes=1))
    assert [r.period for r in runs] == ["2026-11-26T18:00"] and again == []
    assert delivered(crowd) == dict.fromkeys(CROWD_IDS, 1)
    run = run_of("2026-11-26T18:00")
    assert (run.status, run.sent, run.failed) == ("done", 20, 0)


async def test_a_run_missed_beyond_catch_up_hours_is_skipped_and_logged(studio, crowd, caplog):
    now = studio_time("2026-11-27 01:00")  # 7 h late; catch_up_hours is 6
    runs = await at(now, catch_up, studio.app, [CROWD_JOB], now)
    assert runs == [] and delivered(crowd) == {}
    assert run_of("2026-11-26T18:00").status == "skipped"
    assert "too old to make up; skipped" in caplog.text
    # Starting again changes nothing: the skip is recorded once.
    await at(now, catch_up, studio.app, [CROWD_JOB], now)
    assert JobRun.select().where(JobRun.status == "skipped").count() == 1


async def test_the_first_start_on_a_fresh_database_misses_nothing(studio, caplog):
    """No job has run here yet: at 01:00 (after yesterday's 18:00, 22:00, 23:30 …) nothing is
    made up, recorded as skipped or logged as missed, and nothing is sent."""
    studio.team()
    studio.api.take()
    now = studio_time("2026-11-27 01:00")
    runs = await at(now, catch_up, studio.app, jobs.JOBS, now)
    assert runs == [] and JobRun.select().count() == 0
    assert "missed" not in caplog.text and studio.api.take() == []


async def test_a_job_that_ran_before_still_has_its_misses_skipped_beside_a_new_one(studio, crowd,
                                                                                   caplog):
    now = studio_time("2026-11-27 01:00")
    await at(now, catch_up, studio.app, [*jobs.JOBS, CROWD_JOB], now)
    assert [(r.job, r.period, r.status) for r in JobRun.select().where(JobRun.status == "skipped")
            ] == [("crowd", "2026-11-26T18:00", "skipped")]
    assert caplog.text.count("too old to make up") == 1


# --- /jobs and /runjob -----------------------------------------------------------------------


async def test_runjob_twice_in_one_period_sends_once(studio, crowd):
    calls = await studio.send(studio.manager, "/runjob crowd", chat="private", at="19:00")
    assert "已运行 <code>crowd</code>(2026-11-26 18:00):完成,发出 20" in studio.text(
        calls, studio.manager)
    again = await studio.send(studio.manager, "/runjob crowd", chat="private", at="19:05")
    assert studio.texts(again) == [
        "<code>crowd</code> 在 2026-11-26 18:00 这一期已经运行过(或正在运行),这次没有发送任何消息。"]
    assert delivered(crowd) == {**dict.fromkeys(CROWD_IDS, 1), studio.manager.id: 2}
    assert run_of("2026-11-26T18:00").manual is True


async def test_runjob_runs_a_period_that_was_skipped_while_the_bot_was_down(studio, crowd):
    # Down all evening: the 18:00 run was too old to make up at the 01:00 start, and recorded
    # as skipped. A manager's /runjob is the way to send it after all (it never ran).
    now = studio_time("2026-11-27 01:00")
    await at(now, catch_up, studio.app, [CROWD_JOB], now)
    assert run_of("2026-11-26T18:00").status == "skipped"
    calls = await studio.send(studio.manager, "/runjob crowd", chat="private",
                              at="2026-11-27 01:05")
    assert "已运行 <code>crowd</code>(2026-11-26 18:00):完成,发出 20" in studio.text(
        calls, studio.manager)
    assert delivered(crowd) == {**dict.fromkeys(CROWD_IDS, 1), studio.manager.id: 1}
    assert run_of("2026-11-26T18:00").status == "done"


@pytest.mark.parametrize("text, reply", [
    ("/runjob nosuch", "没有这个任务:nosuch。可用:{names}。\n用法: /runjob 任务名"),
    ("/runjob", "请说明要运行哪个任务:{names}。\n用法: /runjob 任务名"),
    ("/runjob crowd backup", "参数太多。\n用法: /runjob 任务名"),
])
async def test_runjob_bad_input_names_the_jobs_and_runs_nothing(studio, crowd, text, reply):
    before = JobRun.select().count()
    calls = await studio.send(studio.manager, text, chat="private", at="19:00")
    assert studio.texts(calls) == [reply.format(names=", ".join(s.name for s in registry(studio.app).values()))]
    assert "crowd" in registry(studio.app) and JobRun.select().count() == before


async def test_only_a_manager_may_run_a_job(studio, crowd):
    studio.add_staff(studio.ops, "ops")
    calls = await studio.send(studio.ops, "/runjob crowd", chat="private", at="19:00")
    assert studio.texts(calls) == ["你没有权限使用这个命令。"]
    assert not JobRun.select().where(JobRun.period == "2026-11-26T18:00").exists()


async def test_jobs_lists_the_next_and_the_last_run(studio, crowd):
    await studio.run_job("crowd", "18:00")
    calls = await studio.send(studio.manager, "/jobs", chat="private", at="19:00")
    text = studio.text(calls, studio.manager)
    assert "<code>backup</code> 下次:2026-11-27 04:00 · 上次:尚未运行" in text
    assert "<code>crowd</code> 下次:2026-11-27 18:00 · 上次:2026-11-26 18:00 完成(发出 20,失败 0)" \
        in text


# --- the triggers ----------------------------------------------------------------------------


async def test_a_thursday_job_fires_on_thursday_at_ten_shanghai_time(studio, monkeypatch):
    sweep = JobSpec("sweep_test", CROWD_JOB.callback, weekly("sweep_weekday", "sweep"))
    monkeypatch.setattr(jobs, "JOBS", [sweep])
    jobs.register(studio.app)
    job = studio.app.job_queue.get_jobs_by_name("sweep_test@10:00")[0]
    monday = datetime(2026, 11, 23, 12, 0, tzinfo=TZ)
    fire = job.job.trigger.get_next_fire_time(None, monday)
    assert fire == datetime(2026, 11, 26, 10, 0, tzinfo=TZ)
    assert fire.strftime("%A") == "Thursday"
    after = job.job.trigger.get_next_fire_time(fire, fire + timedelta(minutes=1))
    assert after == datetime(2026, 12, 3, 10, 0, tzinfo=TZ)
    assert job.job.misfire_grace_time == 600 and job.job.coalesce is True


async def test_the_backup_job_is_scheduled_daily_at_four(studio):
    job = studio.app.job_queue.get_jobs_by_name("backup@04:00")[0]
    fire = job.job.trigger.get_next_fire_time(None, studio_time("12:00"))
    assert fire == datetime(2026, 11, 27, 4, 0, tzinfo=TZ)


async def test_the_targets_job_fires_on_the_fifteenth_and_the_last_day_of_each_month(studio):
    """PTB's run_monthly (``-1``: the last day): no daily trigger that skips the other days."""
    triggers = [job.job.trigger for job in studio.app.job_queue.get_jobs_by_name("targets@20:00")]
    fires = []
    moment = studio_time("2027-01-20 12:00")
    for _ in range(5):
        moment = min(trigger.get_next_fire_time(None, moment + timedelta(seconds=1))
                     for trigger in triggers)
        fires.append(moment.strftime("%m-%d %H:%M"))
    assert fires == ["01-31 20:00", "02-15 20:00", "02-28 20:00", "03-15 20:00", "03-31 20:00"]
    assert all(job.job.misfire_grace_time == 600 and job.job.coalesce
               for job in studio.app.job_queue.get_jobs_by_name("targets@20:00"))


def test_migration_0003_keeps_each_runs_heartbeat_under_its_new_name(tmp_path):
    """A database made before 0003: ``started_at`` becomes ``heartbeat_at``, values kept."""
    from playhouse.db_url import connect
    from playhouse.migrations import Runner

    from models import MIGRATIONS

    database = connect(f"sqlite:///{tmp_path / 'old.db'}")  # not the models' proxy
    runner = Runner(database, directory=str(MIGRATIONS))
    runner.up(target="0001_initial")
    database.execute_sql("INSERT INTO job_run (job, period, started_at, status, sent, failed, "
                         "manual, detail) VALUES ('digest', '2026-11-26T23:30', "
                         "'2026-11-26 15:30:05', 'running', 0, 0, 0, '')")
    assert "0003_job_heartbeat" in runner.up()
    (heartbeat,) = database.execute_sql("SELECT heartbeat_at FROM job_run").fetchone()
    assert str(heartbeat) == "2026-11-26 15:30:05"
    database.close()


# --- Telegram's faults -----------------------------------------------------------------------


async def test_faults_during_a_run_every_person_gets_exactly_one_message(studio, crowd):
    api = studio.api
    api.fail("sendMessage", 500, times=2, chat_id=CROWD_IDS[0])
    api.fail("sendMessage", 502, chat_id=CROWD_IDS[3])
    api.fail("sendMessage", 429, retry_after=1, chat_id=CROWD_IDS[5])
    api.fail("sendMessage", timeout=True, times=2, chat_id=CROWD_IDS[8])
    api.fail("sendMessage", 500, chat_id=CROWD_IDS[12])
    job = asyncio.create_task(execute(studio.app, CROWD_JOB, studio_time("18:00")))
    await asyncio.sleep(0.1)  # the first person is being retried with back-off
    calls = await studio.send(studio.manager, "/help", chat="private", at="18:00")
    assert "/runjob" in studio.text(calls, studio.manager)
    assert not job.done(), "the update was answered while the job was still sending"
    run = await job
    assert delivered(crowd) == {**dict.fromkeys(CROWD_IDS, 1), studio.manager.id: 1}
    assert (run.status, run.sent, run.failed) == ("done", 20, 0)
    failures = [c for c in crowd if c.method == "sendMessage" and not isinstance(c.result, dict)
                or (isinstance(c.result, dict) and c.result.get("ok") is False)]
    assert len(failures) == 5  # 500, 500, 502, 500 answered; the 429 is waited out and retried


async def test_a_reminder_whose_answer_never_came_is_not_sent_again(studio, crowd, caplog):
    # Telegram carried the send out and its answer was lost: sending it again would remind
    # that person twice. Logged with the chat it was for; the others still get theirs.
    studio.api.fail("sendMessage", timeout="read", chat_id=CROWD_IDS[4])
    run = await execute(studio.app, CROWD_JOB, studio_time("18:00"))
    assert delivered(crowd) == {**dict.fromkeys(CROWD_IDS, 1)}
    assert (run.sent, run.failed) == (19, 1)
    assert f"sendMessage to chat {CROWD_IDS[4]}: no answer after it was sent" in caplog.text


async def test_a_person_never_reached_is_logged_and_the_others_still_get_theirs(
        studio, crowd, caplog, monkeypatch):
    monkeypatch.setattr(retry, "BACKOFF", 0.01)
    studio.api.fail("sendMessage", 500, times=retry.TRIES, chat_id=CROWD_IDS[4])
    await studio.run_job("crowd", "18:00")
    assert delivered(crowd) == {i: 1 for i in CROWD_IDS if i != CROWD_IDS[4]}
    run = run_of("2026-11-26T18:00")
    assert (run.status, run.sent, run.failed) == ("done", 19, 1)
    assert "could not message staff" in caplog.text and "员工4" in caplog.text
    # /runjob later in the period serves only the one left.
    calls = await studio.send(studio.manager, "/runjob crowd", chat="private", at="19:00")
    assert delivered(calls) == {CROWD_IDS[4]: 1, studio.manager.id: 1}


async def test_a_person_who_blocked_the_bot_is_marked_and_told_in_the_group(studio, crowd):
    studio.api.blocked_chats.add(CROWD_IDS[2])
    calls = await studio.run_job("crowd", "18:00")
    blocked = Staff.get(Staff.tg_id == CROWD_IDS[2])
    assert blocked.bot_blocked is True
    group = studio.sent(calls, GROUP_ID)
    assert len(group) == 1 and "hello 员工2" in group[0].text and "tg://user?id=900002" in \
        group[0].text
    # The next run goes straight to the group: no attempt at the private chat.
    calls = await studio.run_job("crowd", "2026-11-27 18:00")
    assert not studio.sent(calls, CROWD_IDS[2]) and len(studio.sent(calls, GROUP_ID)) == 1


# --- a kill in the middle of a run -----------------------------------------------------------


class Killed(BaseException):
    """The process dies here (as SIGKILL would): nothing after this line of the run happens."""


@pytest.mark.parametrize("k", [0, 1, 7, 19])
async def test_a_run_killed_after_k_deliveries_resumes_without_repeating_or_missing(
        studio, crowd, monkeypatch, k):
    answer = studio.api.handle
    sends = 0

    def dies_after_k(method, params, files=None):
        nonlocal sends
        if method == "sendMessage":
            if sends == k:
                raise Killed
            sends += 1
        return answer(method, params, files)

    monkeypatch.setattr(studio.api, "handle", dies_after_k)
    with pytest.raises(Killed):
        await studio.run_job("crowd", "18:00")
    run = run_of("2026-11-26T18:00")
    assert run.status == "running" and len(delivered(crowd)) == k
    assert JobDelivery.select().where(JobDelivery.status == "sent").count() == k

    monkeypatch.setattr(studio.api, "handle", answer)  # restarted
    soon = studio_time("18:05")  # not stale yet: it may be another instance's run
    await at(soon, catch_up, studio.app, [CROWD_JOB], soon)
    assert len(delivered(crowd)) == k
    later = studio_time("18:15")  # STALE_RUN (10 min) after the start: resumed
    runs = await at(later, catch_up, studio.app, [CROWD_JOB], later)
    assert [r.status for r in runs] == ["done"]
    assert delivered(crowd) == dict.fromkeys(CROWD_IDS, 1)
    assert run_of("2026-11-26T18:00").sent == 20


# --- two instances on one PostgreSQL database ------------------------------------------------


@pytest.mark.postgres
@pytest.mark.real_clock  # the other instance is a child process, on the real clock: so is this one
@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL")
async def test_two_instances_on_one_database_send_each_message_once(studio, crowd):
    slot = studio_time("18:00")
    other = subprocess.Popen(
        [sys.executable, "-m", "tests.job_crowd", os.environ["TEST_DATABASE_URL"],
         slot.isoformat()], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert (await asyncio.to_thread(other.stdout.readline)).strip() == "ready"
        other.stdin.write("go\n")
        other.stdin.flush()
        await execute(studio.app, CROWD_JOB, slot)  # both at once
        out, _ = await asyncio.to_thread(other.communicate, timeout=60)
    finally:
        if other.poll() is None:
            other.kill()
    assert other.returncode == 0
    theirs = dict(tuple(map(int, pair.split(":"))) for pair in
                  out.strip().removeprefix("sent").split())
    ours = delivered(crowd)
    assert sum(ours.values()) + sum(theirs.values()) == 20
    assert {**ours, **theirs} == dict.fromkeys(CROWD_IDS, 1) and not set(ours) & set(theirs)


def keep_two(studio, monkeypatch, folder: Path) -> None:
    monkeypatch.setitem(studio.app.bot_data, "settings", replace(
        studio.settings, backup=Backup(dir=str(folder), keep=2)))


# --- the ledger of watches -------------------------------------------------------------------


async def test_the_backup_job_forgets_watch_runs_older_than_two_weeks(studio, monkeypatch,
                                                                      tmp_path):
    watch = JobSpec("watch_test", CROWD_JOB.callback, every_watch)
    timed = JobSpec("timed_test", CROWD_JOB.callback, daily("digest"))
    monkeypatch.setitem(registry(studio.app), watch.name, watch)
    monkeypatch.setitem(registry(studio.app), timed.name, timed)
    keep_two(studio, monkeypatch, tmp_path)
    old = JobRun.create(job="watch_test", period="2026-11-01T10:05", status="done")
    JobDelivery.create(run=old, key="chat:1", status="sent")
    JobRun.create(job="watch_test", period="2026-11-20T10:05", status="done")
    JobRun.create(job="timed_test", period="2026-11-01T23:30", status="done")
    await studio.run_job("backup", "04:00")
    left = {(r.job, r.period) for r in JobRun.select() if r.job != "backup"}
    assert left == {("watch_test", "2026-11-20T10:05"), ("timed_test", "2026-11-01T23:30")}
    assert JobDelivery.select().count() == 0
    assert "pruned 1 watch runs" in run_of("2026-11-26T04:00", "backup").detail


async def test_the_backup_job_keeps_the_newest_copies(studio, monkeypatch, tmp_path, caplog):
    live = tmp_path / "studio.db"
    with sqlite3.connect(live) as conn:
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    folder = tmp_path / "backups"
    monkeypatch.setitem(studio.app.bot_data, "settings", replace(
        studio.settings, database=Database(url=f"sqlite:///{live}"),
        backup=Backup(dir="backups", keep=2)))
    for day in ("2026-11-24", "2026-11-25", "2026-11-26"):
        await studio.run_job("backup", f"{day} 04:00")
    assert sorted(p.name for p in folder.iterdir()) == [
        "studio-20261125-040000.db", "studio-20261126-040000.db"]
    assert "removed the old copy studio-20261124-040000.db" in caplog.text
    again = await studio.run_job("backup", "2026-11-26 04:00")  # the same period: nothing
    assert again == [] and len(list(folder.iterdir())) == 2
    assert integrity(folder / "studio-20261126-040000.db") == "ok"


async def test_on_postgresql_the_backup_job_only_logs(studio, monkeypatch, caplog):
    monkeypatch.setitem(studio.app.bot_data, "settings", replace(
        studio.settings, database=Database(url="postgresql://studio@127.0.0.1/studio")))
    await studio.run_job("backup", "04:00")
    assert "not an SQLite file; nothing to do (use pg_dump)" in caplog.text
    assert run_of("2026-11-26T04:00", "backup").status == "done"


async def test_shutdown_closes_the_database(studio):
    from app import post_shutdown
    from models import db

    Staff.select().count()
    assert not db.is_closed()
    await post_shutdown(studio.app)
    assert db.is_closed()


# --- through the JobQueue --------------------------------------------------------------------


async def test_the_scheduled_trigger_runs_the_slot_that_is_due_once(studio, crowd, monkeypatch):
    jobs.register(studio.app)
    job = studio.app.job_queue.get_jobs_by_name("crowd@18:00")[0]
    with freeze_time(studio_time("18:00").astimezone(UTC) + timedelta(seconds=40),
                     real_asyncio=True):
        await job.run(studio.app)
        await job.run(studio.app)  # a duplicate trigger (a second scheduler, a re-add)
    assert delivered(crowd) == dict.fromkeys(CROWD_IDS, 1)
    assert run_of("2026-11-26T18:00").status == "done"


async def test_a_trigger_later_than_the_misfire_grace_sends_nothing(studio, crowd):
    jobs.register(studio.app)
    job = studio.app.job_queue.get_jobs_by_name("crowd@18:00")[0]
    with freeze_time(studio_time("18:11").astimezone(UTC), real_asyncio=True):
        await job.run(studio.app)  # 11 min late: past the 600 s grace; catch-up's business
    assert delivered(crowd) == {}


async def test_jobs_shows_the_next_run_from_the_running_job_queue(studio, crowd):
    await studio.app.job_queue.start()
    try:
        job = studio.app.job_queue.get_jobs_by_name("backup@04:00")[0]
        expected = job.next_t.astimezone(TZ).strftime("%Y-%m-%d %H:%M")
        calls = await studio.send(studio.manager, "/jobs", chat="private", at="19:00")
    finally:
        await studio.app.job_queue.stop(wait=False)
    assert f"<code>backup</code> 下次:{expected}" in studio.text(calls, studio.manager)


@pytest.mark.parametrize("schedule, now, expected", [
    (Schedule(times=(time(20, 0),), month_days=(15, -1)), "2026-11-26 12:00", "2026-11-30 20:00"),
    (Schedule(times=(time(20, 0),), month_days=(15, -1)), "2026-11-30 20:00", "2026-12-15 20:00"),
    (Schedule(times=(time(20, 0),), month_days=(15, -1)), "2027-02-16 08:00", "2027-02-28 20:00"),
    (Schedule(times=(time(10, 0), time(17, 0)), weekday=3), "2026-11-26 10:00",
     "2026-11-26 17:00"),
    (Schedule(times=(time(10, 0),), weekday=3), "2026-11-26 17:00", "2026-12-03 10:00"),
    (Schedule(times=(time(18, 0), time(22, 0))), "2026-11-26 22:30", "2026-11-27 18:00"),
    (Schedule(every_minutes=5), "2026-11-26 18:03", "2026-11-26 18:05"),
    (Schedule(every_minutes=90), "2026-11-26 02:10", "2026-11-26 03:00"),
])
def test_the_next_slot_of_a_schedule(schedule, now, expected):
    assert schedule.next_slot(studio_time(now), TZ) == studio_time(expected)


@pytest.mark.parametrize("fault, error", [
    ({"status": 500}, NetworkError),
    ({"status": 502}, NetworkError),
    ({"status": 503}, NetworkError),
    ({"status": 400, "description": "Bad Request: chat not found"}, BadRequest),
    ({"status": 403}, Forbidden),
    ({"status": 429, "retry_after": 3}, RetryAfter),
    ({"status": 500, "timeout": True}, TimedOut),
])
async def test_what_ptb_raises_for_each_answer_of_the_bot_api(fault, error):
    api = FakeTelegram()
    api.fail("sendMessage", **fault)
    async with Bot(TOKEN, request=OfflineRequest(api)) as bot:
        with pytest.raises(error) as raised:
            await bot.send_message(1, "hi")
    retried = isinstance(raised.value, NetworkError) and not isinstance(raised.value, BadRequest)
    assert retried == (error in (NetworkError, TimedOut))  # what RetryPolicy retries


async def test_the_backup_job_forgets_update_ids_older_than_a_week(studio, monkeypatch,
                                                                   tmp_path):
    keep_two(studio, monkeypatch, tmp_path)
    ProcessedUpdate.create(update_id=1, at=datetime(2026, 11, 18, 19, 59))  # UTC, 8 days
    recent = ProcessedUpdate.create(update_id=2, at=datetime(2026, 11, 19, 20, 1))
    await studio.run_job("backup", "04:00")  # 2026-11-26 04:00 Shanghai = 11-25 20:00 UTC
    assert [u.update_id for u in ProcessedUpdate.select()] == [recent.update_id]


async def test_a_failing_job_alerts_the_managers_once_a_day_without_a_trace(studio, monkeypatch):
    async def broken(call):
        raise RuntimeError(f"boom with {TOKEN}")

    spec = JobSpec("broken", broken, every_watch)
    monkeypatch.setitem(registry(studio.app), "broken", spec)
    studio.add_staff(studio.manager, "manager")
    calls = await studio.run_job("broken", "10:05")
    assert run_of("2026-11-26T10:05", "broken").status == "failed"
    assert studio.texts(calls, studio.manager) == [
        "⚠️ 处理出错:RuntimeError(broken 2026-11-26T10:05)。详情见日志。"]
    assert studio.sent(await studio.run_job("broken", "10:10")) == []  # once a job a day
