"""The daily minimums (3 h live, 2 videos): the reminders, the digest, and /me."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from config import Rules
from jobs import JOBS  # the registry's order
from models import (
    Audit,
    Broadcast,
    Checkin,
    Customer,
    Fine,
    Inquiry,
    JobRun,
    Leave,
    MetricsEntry,
    Sample,
    Staff,
    Video,
)
from studio import report
from studio.clock import to_db
from studio.figures import DayFacts
from studio.minimums import describe_missing
from tests.conftest import GROUP_ID, base_config, studio_time

# --- the day's facts, written as the broadcasts helper's /live and /offline would -------------


def live(studio, person, start: str, end: str | None, room: str = "A", **fields) -> Broadcast:
    """A broadcast from ``start`` to ``end`` (studio time; "19:00" or "2026-11-20 19:00")."""
    clock = studio.app.bot_data["clock"]
    started = studio_time(start)
    return Broadcast.create(staff=studio.staff(person), room=room,
                            day=clock.business_day(started), started_at=to_db(started),
                            ended_at=to_db(studio_time(end)) if end else None,
                            created_at=to_db(started), **fields)


def videos(studio, person, at: str, count: int = 1) -> None:
    clock = studio.app.bot_data["clock"]
    when = studio_time(at)
    for _ in range(count):
        Video.create(staff=studio.staff(person), at=to_db(when), day=clock.business_day(when))


def checkin(studio, person, at: str) -> None:
    clock = studio.app.bot_data["clock"]
    when = studio_time(at)
    Checkin.create(staff=studio.staff(person), at=to_db(when), day=clock.business_day(when))


def leave(studio, person, day: str) -> None:
    Leave.create(staff=studio.staff(person), day=date.fromisoformat(day),
                 created_at=to_db(studio_time("08:00", day)))


# --- what is missing, exactly -------------------------------------------------------------------


@pytest.mark.parametrize("minutes, count, lang, expected", [
    (160, 1, "zh", "还差20分直播、1条视频"),
    (95, 2, "zh", "还差1小时25分直播"),
    (0, 0, "zh", "还差3小时直播、2条视频"),
    (180, 1, "zh", "还差1条视频"),
    (200, 3, "zh", ""),
    (160, 1, "en", "still missing 20 min live and 1 video"),
    (95, 0, "en", "still missing 1 h 25 min live and 2 videos"),
    (180, 0, "en", "still missing 2 videos"),
    (179, 5, "en", "still missing 1 min live"),
])
def test_what_is_missing_is_said_exactly(minutes, count, lang, expected):
    facts = DayFacts(live_minutes=minutes, videos=count)
    assert describe_missing(facts, Rules(), lang) == expected


# --- the minimums job -----------------------------------------------------------------------------


async def test_a_host_with_2h40_live_and_one_video_is_told_exactly_what_is_missing(studio):
    studio.team()
    live(studio, studio.host, "13:00", "15:40")
    videos(studio, studio.host, "12:00")
    # 小明 met both: 3 h exactly and two videos, one of them logged through the bot.
    live(studio, studio.host2, "2026-11-26 09:00", "2026-11-26 12:00")
    videos(studio, studio.host2, "10:00")
    await studio.send(studio.host2, "/video https://x.com/a", at="11:00")
    calls = await studio.run_job("minimums", "18:00")
    assert studio.texts(calls, studio.host) == [
        "⏰ 今日最低要求:还差20分直播、1条视频。\n已直播 2小时40分 / 3小时,视频 1/2。"]
    assert studio.sent(calls, studio.host2.id) == []
    assert studio.sent(calls, GROUP_ID) == []
    assert len(studio.sent(calls)) == 1


async def test_an_english_host_is_reminded_in_english_privately(studio):
    studio.team()
    studio.add_staff(studio.host, lang="en")
    live(studio, studio.host, "13:00", "15:40")
    videos(studio, studio.host, "12:00")
    calls = await studio.run_job("minimums", "18:00")
    assert studio.texts(calls, studio.host) == [
        "⏰ Today's minimums: still missing 20 min live and 1 video.\n"
        "Live so far 2 h 40 min / 3 h, videos 1/2."]


async def test_a_host_on_leave_gets_no_reminder(studio):
    studio.team()
    leave(studio, studio.host, "2026-11-26")
    leave(studio, studio.host2, "2026-11-25")  # yesterday's leave does not cover today
    calls = await studio.run_job("minimums", "18:00")
    assert studio.sent(calls, studio.host.id) == []
    assert "还差3小时直播、2条视频" in studio.text(calls, studio.host2)


async def test_only_hosts_are_held_to_the_minimums(studio):
    studio.team()
    gone = studio.add_staff(studio.customer, "host")
    gone.status = "inactive"
    gone.save()
    calls = await studio.run_job("minimums", "18:00")
    assert {c.chat_id for c in studio.sent(calls)} == {studio.host.id, studio.host2.id}


async def test_a_host_without_a_private_chat_is_mentioned_in_the_group_with_a_button(studio):
    studio.team()
    studio.add_staff(studio.host, private=False)
    live(studio, studio.host, "13:00", "15:40")
    videos(studio, studio.host, "12:00", count=2)
    live(studio, studio.host2, "13:00", "16:00")
    videos(studio, studio.host2, "12:00", count=2)
    calls = await studio.run_job("minimums", "18:00")
    [post] = studio.sent(calls, GROUP_ID)
    assert 'href="tg://user?id=333"' in post.text and "还差20分直播" in post.text
    assert "还差20分直播。" in post.text
    [button] = post.buttons
    assert button["url"].startswith("https://t.me/") and button["text"] == "私聊机器人"
    assert studio.sent(calls, studio.host.id) == []


async def test_a_second_run_of_the_same_slot_sends_nothing(studio):
    studio.team()
    first = await studio.run_job("minimums", "18:00")
    again = await studio.run_job("minimums", "18:00")
    assert len(studio.sent(first)) == 2 and studio.sent(again) == []
    assert JobRun.get(JobRun.job == "minimums").sent == 2
    # The 22:00 slot is another period: whoever is still short hears again.
    live(studio, studio.host, "18:30", "21:30")
    videos(studio, studio.host, "21:00", count=2)
    later = await studio.run_job("minimums", "22:00")
    assert [c.chat_id for c in studio.sent(later)] == [studio.host2.id]


async def test_an_open_or_auto_closed_broadcast_is_not_credited(studio):
    studio.team()
    live(studio, studio.host, "09:00", "14:00", auto_closed=True)
    live(studio, studio.host, "17:00", None)
    videos(studio, studio.host, "12:00", count=2)
    calls = await studio.run_job("minimums", "18:00")
    text = studio.text(calls, studio.host)
    assert "还差3小时直播。" in text and "正在进行的直播下播后才计入时长。" in text


async def test_a_broadcast_after_midnight_counts_for_the_day_before(studio):
    studio.team()
    live(studio, studio.host, "2026-11-26 22:00", "2026-11-27 01:00")
    videos(studio, studio.host, "2026-11-27 00:30", count=2)
    calls = await studio.run_job("minimums", "2026-11-27 18:00")
    assert studio.sent(calls, studio.host.id) != []  # a new business day: nothing yet
    # ...and the 26th, as the digest at 23:30 saw it after the 01:00 end, is met.
    calls = await studio.run_job("digest", "2026-11-26 23:30")
    assert "✅ 达标(1):小红" in studio.text(calls, GROUP_ID)


# --- the digest -----------------------------------------------------------------------------------


async def test_the_digest_lists_met_short_and_on_leave_and_the_managers_get_job_counts(studio):
    studio.team()
    studio.add_staff(studio.customer, "host")  # a third host, 顾客张, on leave today
    leave(studio, studio.customer, "2026-11-26")
    live(studio, studio.host, "13:00", "16:05")
    videos(studio, studio.host, "12:00")
    live(studio, studio.host2, "13:00", "14:00")
    reminders = await studio.run_job("minimums", "18:00")
    assert len(studio.sent(reminders)) == 2  # both hosts were short at 18:00
    videos(studio, studio.host, "20:00")
    calls = await studio.run_job("digest", "23:30")
    assert studio.texts(calls, GROUP_ID) == [
        "📊 <b>2026-11-26 日报</b>\n"
        "✅ 达标(1):小红\n"
        "❌ 未达标(1):\n"
        "• 小明:还差2小时直播、2条视频(直播 1小时,视频 0)\n"
        "🌴 请假(1):顾客张"]
    counts = {"minimums": 2, "digest": 1}  # every other job: 0, and still listed
    assert studio.texts(calls, studio.manager) == [
        "📮 <b>2026-11-26 各定时任务发出的消息</b>(0 表示当天没有发出):\n" + "\n".join(
            f"• <code>{spec.name}</code>:{counts.get(spec.name, 0)}" for spec in JOBS)
        + "\n📥 待你决定的事项:0 件(→ /pending)"]


async def test_the_managers_count_shows_a_silent_job_and_is_sent_in_their_language(studio):
    studio.team()
    studio.add_staff(studio.manager, "manager", lang="en")
    for person in (studio.host, studio.host2):
        live(studio, person, "13:00", "16:00")
        videos(studio, person, "12:00", count=2)
    await studio.run_job("minimums", "18:00")  # everyone met: nothing to send
    calls = await studio.run_job("digest", "23:30")
    assert "✅ 达标(2):小红、小明" in studio.text(calls, GROUP_ID)
    assert "未达标" not in studio.text(calls, GROUP_ID)
    counts = {"digest": 1}  # minimums ran and sent nothing: a silent job shows as 0
    assert studio.text(calls, studio.manager) == (
        "📮 <b>Messages each scheduled job sent on 2026-11-26</b> (0: nothing that day):\n"
        + "\n".join(f"• <code>{spec.name}</code>: {counts.get(spec.name, 0)}" for spec in JOBS)
        + "\n📥 Decisions waiting for you: 0 (→ /pending)")
    again = await studio.run_job("digest", "23:30")
    assert studio.sent(again) == []


async def test_a_day_without_hosts_says_so(studio):
    studio.add_staff(studio.manager, "manager")
    calls = await studio.run_job("digest", "23:30")
    assert studio.texts(calls, GROUP_ID) == ["📊 <b>2026-11-26 日报</b>\n今天没有在岗主播。"]


# --- /me --------------------------------------------------------------------------------------------


def a_customer_inquiry(status: str) -> None:
    """An inquiry as the inquiries area leaves it: an open one waits since its last message."""
    now = to_db(studio_time("10:00"))
    customer, _ = Customer.get_or_create(tg_id=555, defaults={"name": "顾客张", "created_at": now})
    Inquiry.create(customer=customer, status=status, opened_at=now, last_message_at=now,
                   waiting_since=now if status == "open" else None)


def a_sample(studio, person, status: str) -> None:
    Sample.create(brand="A&B", brand_key="a&b", item="口红", status=status,
                  arrived_at=to_db(studio_time("09:00")), logged_by=studio.staff(person),
                  updated_at=to_db(studio_time("09:00")))


def gmv(studio, broadcast: Broadcast, fen: int, current: bool = True) -> None:
    MetricsEntry.create(broadcast=broadcast, staff=broadcast.staff, gmv_fen=fen, current=current,
                        created_at=broadcast.ended_at or broadcast.started_at)


def a_fine(studio, person, fen: int, status: str, at: str = "10:00") -> None:
    """A fine recorded at ``at`` (studio time, the test's day unless given)."""
    Fine.create(staff=studio.staff(person), amount_fen=fen, status=status,
                created_at=to_db(studio_time(at)))


async def test_me_today_against_hand_computed_figures(studio):
    studio.team()
    # Started 20 October: November is 19 days of month 1 (no target) and 11 of month 2
    # (5,000): 11/30 × 5,000 = 1,833.33 CNY.
    studio.add_staff(studio.host, start="2026-10-20")
    first = live(studio, studio.host, "09:00", "11:40")  # 2 h 40 min
    gmv(studio, first, 60_000, current=False)  # superseded by the next entry
    gmv(studio, first, 80_000)
    gmv(studio, live(studio, studio.host, "2026-11-03 19:00", "2026-11-03 22:00"), 20_050)
    gmv(studio, live(studio, studio.host, "2026-10-31 19:00", "2026-10-31 22:00"), 999_900)
    gmv(studio, live(studio, studio.host2, "12:00", "13:00"), 500_000)  # someone else's
    videos(studio, studio.host, "12:00")
    checkin(studio, studio.host, "08:50")
    a_fine(studio, studio.host, 2000, "unpaid")
    a_fine(studio, studio.host, 5000, "unpaid")
    a_fine(studio, studio.host, 1000, "paid")
    a_fine(studio, studio.host2, 1000, "unpaid")
    for status in ("rack", "rack", "to_return", "warehouse", "returned"):
        a_sample(studio, studio.host, status)
    a_sample(studio, studio.host2, "rack")
    for status in ("open", "open", "answered", "closed"):
        a_customer_inquiry(status)
    live(studio, studio.host, "12:30", None, room="B")
    calls = await studio.send(studio.host, "/me", at="13:15")
    assert studio.texts(calls) == ["\n".join([
        "<b>小红 · 2026-11-26</b>",
        "⏳ 今天还没结束,截至 13:15:",  # today as it stands, labelled
        "🎥 今天直播 2小时40分 / 3小时 (还差20分)",
        "🎬 今天视频 1/2 (还差1条视频)",
        "📍 今天已到岗",
        "🔴 正在直播:房间 B,12:30 开始(已 45分)",
        # Due by today: 20..26 November of month 2, 7/30 × 5,000 = 1,166.67 CNY.
        "💰 本月成交 1,000.50 元 / 目标 1,833.33 元(到今天应完成 1,166.67 元,85%)",
        "⚖️ 未交乐捐:70 元",
        "📦 我的样品:中转架上 2 件,待寄回 1 件",
        "💬 未回复的客户咨询:2 条",
    ])]


async def test_me_week_lists_each_day_and_the_days_short(studio):
    studio.team()
    host = studio.host
    live(studio, host, "2026-11-20 19:00", "2026-11-20 22:00")  # met
    videos(studio, host, "2026-11-20 12:00", 2)
    checkin(studio, host, "2026-11-20 18:00")
    live(studio, host, "2026-11-21 19:00", "2026-11-21 21:00")  # 2 h: short
    videos(studio, host, "2026-11-21 12:00", 2)
    leave(studio, host, "2026-11-22")  # on leave: not short
    # 11-23: nothing at all: short
    live(studio, host, "2026-11-24 19:00", "2026-11-24 22:10")  # met
    videos(studio, host, "2026-11-24 12:00", 2)
    live(studio, host, "2026-11-25 19:00", "2026-11-25 22:00")  # one video: short
    videos(studio, host, "2026-11-25 12:00", 1)
    live(studio, host, "2026-11-19 19:00", "2026-11-19 22:00")  # before the week
    live(studio, host, "10:00", "11:00")  # today, still in progress
    checkin(studio, host, "09:00")
    calls = await studio.send(host, "/me 近7天", at="13:00")
    assert studio.texts(calls) == ["\n".join([
        "<b>小红 · 11-20 ~ 11-26</b>",
        "⏳ 今天还没结束,截至 13:00:",
        "🎥 今天直播 1小时 / 3小时 (还差2小时)",
        "🎬 今天视频 0/2 (还差2条视频)",
        "📍 今天已到岗",
        "✅ 11-20 周五 · 直播 3小时 · 视频 2",
        "❌ 11-21 周六 · 直播 2小时 · 视频 2",
        "🌴 11-22 周日 · 请假",
        "❌ 11-23 周一 · 直播 0分 · 视频 0",
        "✅ 11-24 周二 · 直播 3小时10分 · 视频 2",
        "❌ 11-25 周三 · 直播 3小时 · 视频 1",
        "⏳ 11-26 周四 · 直播 1小时 · 视频 0",
        "合计:直播 12小时10分,视频 7 条",
        "❌ 未达标 3 天:11-21、11-23、11-25",
        "📍 到岗 0/0 个计划日",  # attendance is against plans (none here; issue 26)
        "💰 本月成交 0 元 · 未设置正式开播日期",
        "⚖️ 没有未交的乐捐",
        "📦 我的样品:中转架上 0 件,待寄回 0 件",
        "💬 未回复的客户咨询:0 条",
    ])]


async def test_me_month_counts_this_calendar_month_so_far(studio):
    studio.team()
    studio.add_staff(studio.host, start="2026-09-15")  # November: months 2-3, 5,000 a month
    host = studio.host
    live(studio, host, "2026-10-31 19:00", "2026-11-01 01:00")  # business day 10-31: not November
    live(studio, host, "2026-11-01 19:00", "2026-11-01 22:00")
    videos(studio, host, "2026-11-01 20:00", 2)
    live(studio, host, "2026-11-02 01:00", "2026-11-02 02:00")  # still the 1st's business day
    live(studio, host, "2026-11-10 19:00", "2026-11-10 20:00")
    videos(studio, host, "2026-11-10 20:00", 1)
    for day in range(12, 26):  # 12th to 25th: met every day
        live(studio, host, f"2026-11-{day} 19:00", f"2026-11-{day} 22:00")
        videos(studio, host, f"2026-11-{day} 20:00", 2)
    leave(studio, host, "2026-11-11")
    gmv(studio, Broadcast.get(Broadcast.day == date(2026, 11, 12)), 120_000_00)
    calls = await studio.send(host, "/me month", chat="private", at="2026-11-26 09:00")
    text = studio.text(calls, host)
    # Live: 4 h on the 1st, 1 h on the 10th, 14 × 3 h = 47 h over the 24 counted days (the
    # 1st-25th but the 11th, on leave; today is not over): 117 min a day.
    # Short: of the 25 finished days, met the 1st and the 12th-25th (15), on leave the 11th.
    assert text.split("\n") == [
        "<b>小红 · 2026-11 月至今</b>",
        "⏳ 今天还没结束,截至 09:00:",
        "🎥 今天直播 0分 / 3小时 (还差3小时)",
        "🎬 今天视频 0/2 (还差2条视频)",
        "📍 今天还没到岗",
        "🎥 本月直播合计 47小时,日均 1小时57分(按 24 个计入天)",  # leave and today not counted
        "🎬 本月视频合计 31 条",
        "❌ 未达标 9 天:11-02、11-03、11-04、11-05、11-06、11-07、11-08、11-09、11-10",
        "📍 到岗 0/0 个计划日",
        "💰 本月成交 120,000 元 / 目标 5,000 元(到今天应完成 4,333.33 元,2769%)",
        "⚖️ 没有未交的乐捐",
        "📦 我的样品:中转架上 0 件,待寄回 0 件",
        "💬 未回复的客户咨询:0 条",
    ]


async def test_me_month_one_of_tenure_has_no_target(studio):
    studio.team()
    studio.add_staff(studio.host, start="2026-11-10")
    calls = await studio.send(studio.host, "我的 本月", chat="private")
    assert "💰 本月成交 0 元(本月没有销售目标)" in studio.text(calls)


async def test_me_in_english(studio):
    studio.add_staff(studio.host, lang="en", start="2026-09-15")
    live(studio, studio.host, "09:00", "10:30")
    videos(studio, studio.host, "10:00", 2)
    a_fine(studio, studio.host, 1050, "unpaid")
    calls = await studio.send(studio.host, "/me 近7天", chat="private", at="12:00")
    lines = studio.text(calls).split("\n")
    assert lines[:5] == ["<b>小红 · 11-20 – 11-26</b>",
                         "⏳ Today so far (at 12:00; the day is not over):",
                         "🎥 Live today 1 h 30 min / 3 h (1 h 30 min to go)",
                         "🎬 Videos today 2/2 ✅",
                         "📍 Not checked in today"]
    assert "❌ 11-23 Mon · live 0 min · videos 0" in lines
    assert "⏳ 11-26 Thu · live 1 h 30 min · videos 2" in lines
    assert "❌ Days short: 6 (11-20, 11-21, 11-22, 11-23, 11-24, 11-25)" in lines
    assert "💰 GMV this month 0 CNY / target 5,000 CNY (4,333.33 CNY due by today, 0%)" in lines
    assert "⚖️ Unpaid fines: 10.50 CNY" in lines
    assert "📦 My samples: 0 on the rack, 0 to send back" in lines
    assert "💬 Unanswered customer inquiries: 0" in lines
    calls = await studio.send(studio.host, "/me", chat="private", at="12:00")
    assert "📍 Not checked in today" in studio.text(calls)
    calls = await studio.send(studio.host, "/me month", chat="private", at="12:00")
    # Today's 1 h 30 min is not over: the average is of the 25 counted days before it.
    assert "🎥 Live this month 1 h 30 min, 0 min a day on average (over 25 counted days)" \
        in studio.text(calls)
    assert "🎬 Videos this month: 2" in studio.text(calls)
    Staff.update(official_start=None).where(Staff.tg_id == studio.host.id).execute()
    calls = await studio.send(studio.host, "/me", chat="private", at="12:00")
    assert "💰 GMV this month 0 CNY · official start date not set" in studio.text(calls)
    calls = await studio.send(studio.host, "/me year", chat="private")
    [text] = studio.texts(calls)
    assert text.startswith("Not a period: year (today, yesterday, week") and text.endswith(
        "\nUsage: /me [period] (keyword 我的; e.g. today, week, month, last7)")


async def test_me_open_broadcast_and_english_month_without_target(studio):
    studio.add_staff(studio.host, lang="en", start="2026-11-10")
    live(studio, studio.host, "11:00", None)
    calls = await studio.send(studio.host, "/me", chat="private", at="12:05")
    text = studio.text(calls)
    assert "🔴 Live now: room A, since 11:00 (1 h 5 min)" in text
    assert "💰 GMV this month 0 CNY (no sales target this month)" in text
    assert "📍 Not checked in today" in text


@pytest.mark.parametrize("args, reason", [
    ("year", "看不懂的时间段:year(可用 今天、昨天、本周"),
    ("day week", "参数太多"),
    ("2026-13", "看不懂的时间段:2026-13"),
])
async def test_me_bad_input_gives_reason_and_usage_and_writes_nothing(studio, args, reason):
    studio.team()
    before = Audit.select().count()
    calls = await studio.send(studio.host, f"/me {args}")
    [text] = studio.texts(calls)
    assert text.startswith(reason) and text.endswith("\n用法: /me [时间段](关键词:我的;如 今天、本周、本月、近7天)")
    assert Audit.select().count() == before


async def test_me_is_for_staff_only(studio):
    studio.team()
    calls = await studio.send(studio.stranger, "/me")
    assert studio.texts(calls) == ["你没有权限使用这个命令。"]


async def test_ops_see_their_own_dashboard_without_the_host_minimums(studio):
    studio.team()
    calls = await studio.send(studio.ops, "/me day", chat="private", at="10:00")
    assert studio.text(calls) == "\n".join([
        "<b>李运营 · 2026-11-26</b>",
        "(直播时长、视频和销售目标只针对主播。)",
        "⚖️ 没有未交的乐捐",
        "📦 我的样品:中转架上 0 件,待寄回 0 件",
        "💬 未回复的客户咨询:0 条"])


async def test_a_manager_sees_only_what_applies_in_english_too(studio):
    studio.team()
    await studio.send(studio.manager, "/lang en", chat="private")
    text = studio.text(await studio.send(studio.manager, "/me 近7天", chat="private", at="10:00"))
    assert text == "\n".join([
        "<b>王经理 · 11-20 – 11-26</b>",
        "(Live time, videos and sales targets apply to hosts only.)",
        "⚖️ No unpaid fines",
        "📦 My samples: 0 on the rack, 0 to send back",
        "💬 Unanswered customer inquiries: 0"])


def test_the_datetime_helper_is_studio_time():
    assert to_db(studio_time("2026-11-27 01:30")) == datetime(2026, 11, 26, 17, 30)


async def test_the_jobs_are_scheduled_at_18_22_and_2330_studio_time(studio):
    jobs = {job.name: job for job in studio.app.job_queue.jobs()}
    assert {"minimums@18:00", "minimums@22:00", "digest@23:30"} <= set(jobs)
    after = studio_time("17:00")
    fire = jobs["minimums@18:00"].job.trigger.get_next_fire_time(None, after)
    assert fire == studio_time("18:00")
    fire = jobs["digest@23:30"].job.trigger.get_next_fire_time(None, after + timedelta(days=1))
    assert fire == studio_time("2026-11-27 23:30")


@pytest.mark.parametrize("settings_dict", [base_config(studio={"language": "en"})])
async def test_an_english_studio_gets_the_digest_and_group_reminders_in_english(studio):
    studio.team()
    studio.add_staff(studio.host, private=False)
    live(studio, studio.host, "13:00", "15:40")
    videos(studio, studio.host, "12:00")
    leave(studio, studio.host2, "2026-11-26")
    calls = await studio.run_job("minimums", "22:00")
    [post] = studio.sent(calls, GROUP_ID)
    assert "still missing 20 min live and 1 video" in post.text
    calls = await studio.run_job("digest", "23:30")
    assert studio.texts(calls, GROUP_ID) == [
        "📊 <b>The day, 2026-11-26</b>\n"
        "✅ Met both minimums (0): nobody\n"
        "❌ Short (1):\n"
        "• 小红: still missing 20 min live and 1 video (live 2 h 40 min, videos 1)\n"
        "🌴 On leave (1): 小明"]


# --- the days before a host existed are not short ----------------------------------------------


async def test_a_host_approved_on_the_20th_is_short_only_from_the_21st_in_me_and_report(studio):
    """Joined (/join) and approved on Friday the 20th at 14:00, no official start: the 20th was
    not a whole day of theirs, so the month counts the 21st..26th. Hand count: the 21st has 3 h
    and 2 videos (met); the 22nd..25th are short (4 finished days for /me); /report counts only
    the finished days too: 5 days, 4 short each way (today, not over, is shown as it stands but
    never short)."""
    from tests.test_reports import live, nov, video

    studio.team()
    calls = await studio.send(studio.stranger, "/join", at="2026-11-20 14:00")
    card = studio.sent(calls, studio.manager.id)[0]
    await studio.press(studio.manager, card, "批准为主播")
    newcomer = studio.staff(studio.stranger)
    live(newcomer, nov(21), "19:00", 180)
    video(newcomer, nov(21), 1)
    video(newcomer, nov(21), 2)

    me = studio.text(await studio.send(studio.stranger, "/me month", chat="group", at="20:00"))
    assert ("❌ 未达标 4 天:11-22、11-23、11-24、11-25" in me
            and "11-20" not in me and "到岗 0/0 个计划日" in me)
    assert "日均 36分(按 5 个计入天)" in me  # 180 minutes over the 21st-25th (today not over)

    text = studio.text(await studio.send(studio.manager, "/report month", at="20:00"))
    row = re.search(r"^路人\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)", text, re.M)
    assert row.groups() == ("3:00", "4", "2", "4")
    data = report.build(nov(1), nov(26), studio.settings, studio.app.bot_data["clock"],
                        staff_ids=[newcomer.id], now=studio.now).rows[0]
    assert (data.days_counted, data.days_short_live, data.days_short_videos) == (5, 4, 4)


@pytest.mark.parametrize(("start", "joined", "short"), [
    ("2026-11-24", "2026-10-01 12:00", "❌ 未达标 2 天:11-24、11-25"),  # the later: the start
    ("2026-09-15", "2026-11-25 05:00", "❌ 未达标 1 天:11-25"),  # staff the whole 25th
    ("2026-09-15", "2026-11-25 10:00", "❌ 未达标 0 天"),  # not the whole 25th: from the 26th
    ("2026-09-15", "2026-11-25 04:59", "❌ 未达标 1 天:11-25"),  # 04:59 is still the 24th
    ("2026-09-15", "2026-11-26 03:00", "❌ 未达标 0 天"),  # 03:00 is the 25th, not all of it
    ("2026-09-15", "2026-11-26 10:00", "❌ 未达标 0 天"),  # approved today
])
async def test_short_days_count_from_the_later_of_start_and_the_first_whole_day(studio, start,
                                                                               joined, short):
    studio.team()
    studio.add_staff(studio.host, start=start, joined=joined)
    me = studio.text(await studio.send(studio.host, "/me month", chat="private", at="20:00"))
    assert f"{short}\n" in me


async def test_me_week_marks_the_days_before_the_host_joined(studio):
    studio.team()
    studio.add_staff(studio.host, joined="2026-11-24 12:00")
    me = studio.text(await studio.send(studio.host, "/me 近7天", chat="private", at="20:00"))
    # Staff from 12:00 on the 24th: the 24th was not a whole day of theirs.
    assert "· 11-24 周二 · 尚未入职" in me and "❌ 11-25 周三 · 直播 0分" in me
    assert "未达标 1 天" in me


async def test_a_host_approved_at_23_00_is_not_short_that_day_in_the_digest_nor_the_report(studio):
    """Asked at 10:00 on the 25th, approved at 23:00: the 25th was not a whole day of hers, so
    the 23:30 digest does not call her short (nor met) but counted from tomorrow, /report week does not count the 25th,
    and from the 26th, her first whole day, she is judged like everyone."""
    studio.team()
    calls = await studio.send(studio.stranger, "/join", at="2026-11-25 10:00")
    card = studio.sent(calls, studio.manager.id)[0]
    await studio.press(studio.manager, card, "批准为主播", at="2026-11-25 23:00")
    assert studio.staff(studio.stranger).status == "active"

    digest = studio.text(await studio.run_job("digest", "2026-11-25 23:30"), GROUP_ID)
    # Neither met nor short: named as counted from tomorrow (#26), not dropped.
    assert "小红" in digest and "• 路人" not in digest and "✅ 达标(0)" in digest
    assert digest.splitlines()[-1] == "🆕 明天起计入考核(今天不考核)(1):路人(今天 直播 0分,视频 0)"

    text = studio.text(await studio.send(studio.manager, "/report week", at="2026-11-26 20:00"))
    row = re.search(r"^路人\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)", text, re.M)
    assert row.groups() == ("0:00", "0", "0", "0")  # no day of hers is over and counted yet
    assert re.search(r"^小红\s+0:00\s+3\s+0\s+3", text, re.M)  # the 23rd-25th, all short

    digest = studio.text(await studio.run_job("digest", "2026-11-26 23:30"), GROUP_ID)
    assert "路人" in digest  # the 26th is hers: short like 小红


async def test_the_22_00_reminder_skips_a_host_approved_at_21_55_and_reminds_her_next_day(studio):
    studio.team()
    calls = await studio.send(studio.stranger, "/join", at="2026-11-26 21:00")
    card = studio.sent(calls, studio.manager.id)[0]
    await studio.press(studio.manager, card, "批准为主播", at="2026-11-26 21:55")

    calls = await studio.run_job("minimums", "2026-11-26 22:00")
    reminded = {c.chat_id for c in studio.sent(calls)}
    assert studio.host.id in reminded and studio.host2.id in reminded
    assert studio.stranger.id not in reminded and not any("路人" in x for x in studio.texts(calls))

    calls = await studio.run_job("minimums", "2026-11-27 22:00")
    assert any("路人" in x for x in studio.texts(calls)) or studio.stranger.id in {
        c.chat_id for c in studio.sent(calls)}
