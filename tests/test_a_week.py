"""A week of the studio (Mon 2026-11-23 .. Sun 2026-11-29) lived through its scheduled jobs: the
hosts work through commands, every job runs at its slot, and every message a person receives is
read — right, complete, in the right chat and language, never twice."""

from __future__ import annotations

import re
from datetime import UTC, timedelta

import pytest
from freezegun import freeze_time

import studio.workbook  # noqa: F401 — openpyxl loaded outside freezegun, as the bot has it
from models import Fine, FineProposal, Inquiry, Sample
from scheduler import registry
from scheduler.runner import catch_up
from tests.conftest import GROUP_ID, base_config, studio_time


async def test_the_digest_does_not_call_a_host_who_is_live_short_without_saying_so(studio):
    studio.team()
    await studio.send(studio.host2, "/live B", at="19:10")
    calls = await studio.run_job("digest", "23:30")
    digest = studio.text(calls, GROUP_ID)
    line = next(x for x in digest.splitlines() if "小明" in x)
    assert "直播中" in line and "下播后" in line
    line = next(x for x in digest.splitlines() if "小红" in x)
    assert "直播中" not in line


async def test_the_targets_of_the_last_day_say_today_is_the_last_day_not_1_days(studio):
    studio.team()
    studio.add_staff(studio.host, "host", start="2026-09-15", lang="en")
    studio.add_staff(studio.host2, "host", start="2026-09-15")
    calls = await studio.run_job("targets", "2026-11-30 20:00")
    english = studio.text(calls, studio.host)
    assert "1 days" not in english
    assert "5,000 CNY to go today, the last day of the month." in english
    assert "还差 5,000元,今天是本月最后一天。" in studio.text(calls, studio.host2)
    # The 15th still counts the days left.
    calls = await studio.run_job("targets", "2026-11-15 20:00")
    assert "5,000 CNY to go in 16 days (today included): 312.50 CNY a day." in studio.text(
        calls, studio.host)


@pytest.mark.parametrize("settings_dict", [base_config(fines={"register": {
    "amount": 15, "zh": "登记表每次乐捐15元。", "en": "Registration sheet — 15 CNY.", "penalty": 5}})])
async def test_the_late_and_the_auto_closed_registration_name_the_configured_amount(studio):
    studio.team()
    calls = await studio.send(studio.host, "/live 23:50", at="2026-11-27 00:30")
    late = studio.text(calls, GROUP_ID)
    assert "15 元" in late and "10 元" not in late
    calls = await studio.run_job("broadcast_watch", "2026-11-27 08:00")
    closed = studio.text(calls, studio.host)
    assert "15 元" in closed and "10 元" not in closed


async def test_after_the_bot_was_down_an_unticked_checklist_is_reminded_before_it_is_fined(studio):
    # /offline at 23:40; the bot is down from 23:50 to 00:30: its first watch is at 00:30.
    studio.team()
    await studio.send(studio.host, "/live A", at="19:00")
    await studio.send(studio.host, "/offline", at="23:40")
    await studio.run_job("broadcast_watch", "23:45")
    calls = await studio.run_job("broadcast_watch", "2026-11-27 00:30")
    reminder = studio.text(calls, studio.host)
    assert "收尾清单还没勾完" in reminder and "15 分钟后" in reminder
    assert FineProposal.select().count() == 0
    # As the reminder says: 15 minutes later, what is still unticked is proposed.
    await studio.run_job("broadcast_watch", "2026-11-27 00:40")
    assert FineProposal.select().count() == 0
    calls = await studio.run_job("broadcast_watch", "2026-11-27 00:45")
    assert FineProposal.select().count() == 5
    assert not studio.texts(calls, studio.host)



async def test_a_question_sent_at_night_is_not_reminded_nor_escalated_before_opening_hours(studio):
    # inquiries.hours is 09:00-23:00: the customer was told staff answer after 09:00.
    studio.team()
    calls = await studio.send(studio.customer, "还有货吗?", chat="private", at="2026-11-27 02:00")
    assert "09:00" in studio.text(calls, studio.customer)
    for at in ("02:30", "03:30", "08:55", "09:00", "09:25"):
        calls = await studio.run_job("inquiry_watch", f"2026-11-27 {at}")
        assert not studio.sent(calls), at
    calls = await studio.run_job("inquiry_watch", "2026-11-27 09:30")
    assert "咨询 #1 已等待7小时30分" in studio.text(calls, GROUP_ID)  # the customer's real wait
    assert not studio.sent(await studio.run_job("inquiry_watch", "2026-11-27 10:25"))
    calls = await studio.run_job("inquiry_watch", "2026-11-27 10:30")
    assert "超过90分钟没人回复" in studio.text(calls, studio.manager)



async def test_the_checklist_reminder_lists_the_items_as_each_language_writes_a_list(studio):
    studio.team()
    studio.add_staff(studio.host2, "host", private=False)
    await studio.send(studio.host, "/live A", at="19:00")
    await studio.send(studio.host2, "/live B", at="19:00")
    await studio.send(studio.host, "/lang en", chat="private", at="21:00")
    await studio.send(studio.host, "/offline", at="22:00")
    await studio.send(studio.host2, "/offline", at="22:00")
    calls = await studio.run_job("broadcast_watch", "22:15")
    assert "关灯、关电脑、关空调、清理垃圾、设备归位。" in studio.text(calls, GROUP_ID)
    assert "Lights off, Computer off, Air conditioner off" in studio.text(calls, studio.host)


# --- the week --------------------------------------------------------------------------------

MON, TUE, WED, THU, FRI, SAT, SUN = (f"2026-11-{d}" for d in range(23, 30))


class Week:
    """Drives the studio in time order and keeps every message anyone received."""

    def __init__(self, studio):
        self.studio = studio
        self.log: list[tuple[str, object]] = []  # (what happened, the call)

    def keep(self, label: str, calls) -> list:
        sent = self.studio.sent(calls)
        # Never twice: one event or one run sends a text to a chat once.
        pairs = [(c.chat_id, c.text) for c in sent if c.text]
        assert len(pairs) == len(set(pairs)), f"{label} sent a message twice: {pairs}"
        self.log += [(label, c) for c in sent]
        return calls

    async def send(self, who, text, at, chat="group", **kw):
        return self.keep(f"{at} {text}", await self.studio.send(who, text, at=at, chat=chat,
                                                                 **kw))

    async def job(self, name, at):
        calls = self.keep(f"{name}@{at}", await self.studio.run_job(name, at))
        again = await self.studio.run_job(name, at)  # a restart, a second instance: nothing
        assert not self.studio.sent(again), f"{name}@{at} ran twice"
        return calls

    async def catch_up(self, at):
        """The bot starts at ``at``: every job's missed slot is made up (or recorded skipped)."""
        now = studio_time(at)
        self.studio.api.take()
        with freeze_time(now.astimezone(UTC), real_asyncio=True):
            await catch_up(self.studio.app, list(registry(self.studio.app).values()), now)
        return self.studio.api.take()

    async def watch(self, day, first, last):
        """Both watches every 5 minutes from ``first`` to ``last`` (past midnight allowed)."""
        t, end = studio_time(first, day), studio_time(last, day)
        if end < t:
            end += timedelta(days=1)
        calls = []
        while t <= end:
            at = t.strftime("%Y-%m-%d %H:%M")
            calls += await self.job("broadcast_watch", at) + await self.job("inquiry_watch", at)
            t += timedelta(minutes=5)
        return calls

    async def night(self, day):
        """04:00 backup and 05:00 lineup_close of ``day``."""
        backup = await self.job("backup", f"{day} 04:00")
        assert not self.studio.sent(backup)
        return await self.job("lineup_close", f"{day} 05:00")

    def to(self, chat) -> list[str]:
        chat_id = self.studio.chat_id(chat)
        return [c.text for _, c in self.log if c.chat_id == chat_id]


def plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


async def test_a_week_of_the_studio_through_its_jobs(studio):
    s = studio
    s.team()
    s.add_staff(s.host, "host", start="2026-09-15")                  # 小红: private, English
    s.add_staff(s.host2, "host", start="2026-10-01", private=False)  # 小明: never pressed Start
    week = Week(s)
    await week.send(s.host, "/lang en", f"{MON} 09:00", chat="private")
    await week.send(s.manager, "/leave @xiaoming 11-28", f"{MON} 09:05", chat="private")

    # Monday: parcels, a customer, both hosts live; 小红 meets both minimums, 小明 forgets.
    assert not s.sent(await week.night(MON))
    await week.send(s.host, "/arrival 花西子 口红 x3", f"{MON} 10:00")
    await week.send(s.host, "/pick S1 S2", f"{MON} 10:05")
    asked = await week.send(s.customer, "这件外套还有M码吗?", f"{MON} 11:00", chat="private")
    [card] = s.sent(asked, GROUP_ID)
    calls = await week.watch(MON, "11:05", "11:40")
    [nudge] = s.sent(calls)
    assert nudge.chat_id == GROUP_ID and "咨询 #1 已等待30分" in nudge.text
    assert nudge.params["reply_parameters"]["message_id"] == card.result["message_id"]
    answered = await week.send(s.host2, "有的,M码还有", f"{MON} 11:42", reply_to=card.result)
    assert [c.method for c in s.sent(answered, s.customer.id)] == ["copyMessage"]
    assert not s.sent(await week.watch(MON, "11:45", "12:40"))  # answered: no manager alarm

    await week.send(s.host, "/checkin", f"{MON} 17:30")
    calls = await week.job("minimums", f"{MON} 18:00")
    assert s.texts(calls, s.host) == [
        "⏰ Today's minimums: still missing 3 h live and 2 videos.\n"
        "Live so far 0 min / 3 h, videos 0/2."]
    [mention] = s.sent(calls, GROUP_ID)
    assert mention.text.startswith('<a href="tg://user?id=444">小明</a> ⏰ 今日最低要求:还差3小时直播')
    assert "私聊机器人" in [b["text"] for b in mention.buttons]
    assert len(s.sent(calls)) == 2
    await week.send(s.host, "/live A", f"{MON} 19:00")
    await week.send(s.host2, "/live B", f"{MON} 19:10")
    await week.send(s.host, "/video https://v.douyin.com/abc1", f"{MON} 20:00")
    await week.send(s.host, "/video https://v.douyin.com/abc2", f"{MON} 20:30")
    calls = await week.job("minimums", f"{MON} 22:00")
    assert s.texts(calls, s.host) == [
        "⏰ Today's minimums: still missing 3 h live.\nLive so far 0 min / 3 h, videos 2/2.\n"
        "The broadcast in progress counts once it has ended."]
    await week.send(s.host, "/offline", f"{MON} 22:05")
    await week.send(s.host, "/keep S2", f"{MON} 22:06")
    await week.send(s.host, "/metrics gmv=3500 viewers=1000 orders=10", f"{MON} 22:10")
    calls = await week.watch(MON, "22:10", "23:25")
    [reminder] = s.sent(calls, s.host.id)  # privately, in English, with the buttons
    assert reminder.text.startswith("⏰ The closing checklist of broadcast #1 (room A)")
    assert [b["text"] for b in reminder.buttons][0] == "☐ Lights off"
    [card] = s.sent(calls, s.manager.id)  # one card for the checklist's five items (#17)
    assert "乐捐提议" in card.text and "小红" in card.text and card.text.count("待定") == 5
    assert not s.sent(calls, GROUP_ID)
    calls = await week.job("digest", f"{MON} 23:30")
    digest = s.text(calls, GROUP_ID)
    assert "✅ 达标(1):小红" in digest
    assert "• 小明:还差3小时直播、2条视频(直播 0分,视频 0) 🔴 直播中,下播后才计入时长" in digest
    await week.send(s.host2, "/offline", f"{MON} 23:40")
    calls = await week.watch(MON, "23:45", "00:30")
    [reminder] = s.sent(calls, GROUP_ID)  # 小明 has no private chat: a mention, in Chinese
    assert reminder.text.startswith('<a href="tg://user?id=444">小明</a> ⏰ 第 2 场(房间 B)的收尾清单')
    assert len(s.sent(calls, s.manager.id)) == 1

    # Tuesday: the lineup closes, a sample is to be returned; 小明 forgets to end his broadcast.
    calls = await week.night(TUE)
    assert s.text(calls, GROUP_ID) == (
        "🌙 11-23 的排序本已收。\n挂回仓库 2 件:S1 S3\n📌 留用的样品排在 11-24 排序本:\n"
        "1. S2 花西子 口红")
    await week.send(s.host, "/toreturn S1 品牌方要求寄回", f"{TUE} 10:00")
    await week.job("minimums", f"{TUE} 18:00")
    await week.send(s.host2, "/live B", f"{TUE} 19:00")
    await week.job("minimums", f"{TUE} 22:00")
    await week.job("digest", f"{TUE} 23:30")
    calls = await week.watch(WED, "02:55", "03:05")
    [closed] = s.sent(calls, GROUP_ID)
    assert "第 3 场(房间 B,19:00 开播)超过 8 小时未下播" in closed.text
    assert "已提交 10 元登记乐捐" in closed.text
    [card] = s.sent(calls, s.manager.id)
    assert "乐捐提议 #11" in card.text and "超过 8 小时未下播" in card.text

    # Wednesday .. Friday: the Thursday sweep, its follow-up; nobody works (all short).
    for day in (WED, THU, FRI):
        calls = await week.night(day)
        if day == WED:
            assert s.text(calls, GROUP_ID) == "🌙 11-24 的排序本已收。\n挂回仓库 1 件:S2"
        if day == THU:
            calls = await week.job("sweep", f"{THU} 10:00")
            assert s.text(calls, GROUP_ID) == (
                "📦 <b>每周寄回清理</b>(11-26)\n<b>待寄回</b>(1 件)\n〔花西子〕\n"
                "• S1 口红 — 小红 登记,已等 2 天 · 品牌方要求寄回")
            await week.send(s.host, "/returned S1 SF123", f"{THU} 15:00")
            calls = await week.job("sweep_followup", f"{THU} 17:00")
            assert s.text(calls, GROUP_ID) == "⏰ 寄回跟进:待寄回的样品都已寄出。"
        for at in ("18:00", "22:00"):
            if day == FRI and at == "18:00":
                # The bot is down from 17:50 to 18:20: at start it makes 18:00 up, once.
                calls = week.keep("catch-up", await week.catch_up(f"{FRI} 18:20"))
                assert not s.sent(await week.catch_up(f"{FRI} 18:21"))
            else:
                calls = await week.job("minimums", f"{day} {at}")
            assert len(s.sent(calls)) == 2
        calls = await week.job("digest", f"{day} 23:30")
        assert "❌ 未达标(2):" in s.text(calls, GROUP_ID)

    # Saturday: 小明 on leave — no reminder for him, the digest says so.
    await week.night(SAT)
    calls = await week.job("minimums", f"{SAT} 18:00")
    assert [c.chat_id for c in s.sent(calls)] == [s.host.id]
    calls = await week.job("digest", f"{SAT} 23:30")
    assert "🌴 请假(1):小明" in s.text(calls, GROUP_ID)

    # Sunday; then Monday's weekly report and the month's last-day targets.
    await week.night(SUN)
    await week.job("minimums", f"{SUN} 18:00")
    await week.job("digest", f"{SUN} 23:30")
    calls = await week.job("weekly", "2026-11-30 09:00")
    [report] = [c.text for c in s.sent(calls, s.manager.id) if c.method == "sendMessage"]
    assert report.startswith("📅 上周报表\n📊 <b>报表</b> 2026-11-23 至 2026-11-29(7天)")
    assert "小红       3:05   6    2   6   0/0" in report  # met Monday only
    assert "小明       4:30   5    0   6   0/0" in report  # Saturday on leave, not short
    assert [c.method for c in s.sent(calls)] == ["sendMessage", "sendDocument"]
    calls = await week.job("targets", "2026-11-30 20:00")
    assert s.texts(calls, s.host) == [
        "<b>Sales target, 2026-11</b>\n小红: GMV this month 3,500 CNY / target 5,000 CNY "
        "(5,000 CNY due by today). 1,500 CNY to go today, the last day of the month."]
    assert "小明:本月成交 0元 / 目标 5,000元" in s.text(calls, GROUP_ID)

    # What everyone read: 小红 privately in English and never in the group; no raw markup,
    # placeholder or id in any text.
    private = week.to(s.host)
    assert len(private) == 15  # /lang, 12 minimums, the checklist reminder, targets
    assert not [t for t in private if re.search("[\u4e00-\u9fff]", t.replace("小红", ""))]
    assert not [t for t in week.to(GROUP_ID) if "Today's minimums" in t or "closing checklist"
                in t]
    for _, call in week.log:
        seen = plain(call.text)
        assert "{" not in seen and "None" not in seen and "&lt;" not in call.text.replace(
            "&lt;3h", "").replace("&lt;2", ""), call.text
        assert not re.search(r"\b(333|444|555)\b", seen), call.text  # Telegram ids
    # The ledgers: what was proposed waits for the managers; nothing was fined by itself.
    assert FineProposal.select().count() == 11 and Fine.recorded().count() == 0
    assert Inquiry.get().status != "waiting"
    assert Sample.get_by_id(1).status == "returned"
