"""The manager's desk (issue 17, part 1): one definition of the figures, read the same by
/report, /me, the workbook, the chart and the weekly job, held to a hand count over a November
with a join, a departure, leave, a 大促 day and fines across two months; and /payroll.

The studio (targets: 3,000 CNY a month from the first tenure month; "now" the 26th, 15:00):
- 小红 (start 09-15): 3 h and 2 videos every day of the 1st-25th except the 3rd (2 h: one
  minimum met), the 4th (nothing), the 10th (leave, through /leave) and the 11th (大促: 8 h and
  50,000 CNY); today 1 h so far. GMV 1,000 (1st) + 50,000 (11th).
- 小明: staff since January, no official start (no target): a 1 h broadcast with 1,000 CNY on
  the 2nd, nothing else.
- 新人: /join on the 20th, approved as host, /setstart 11-20; 3 h and 2 videos on the 20th-25th
  but the 22nd; 300 CNY on the 21st.
- 阿杰 (start 05-01): 3 h and 2 videos every day of the 1st-19th, 1,900 CNY on the 5th;
  /deactivate on the 20th at 15:00.
- 李运营 (ops) answers a question a customer sent at 02:00 on the 5th, at 09:05.
- Fines: 小红 smoking (5th, paid the 6th), lights x2 (12th); 阿杰 ac (15th); on 1 December
  小红 rubbish.
"""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from openpyxl import load_workbook

from models import Broadcast, Fine, Staff
from studio import chart, figures, report
from tests.conftest import base_config
from tests.factories import Person
from tests.test_reports import live, metrics, nov, video

NEWBIE = Person(801, "新人", "newbie")
JIE = Person(802, "阿杰", "jie")
NOW = "2026-11-26 15:00"


@pytest.fixture
def settings_dict() -> dict:
    config = base_config()
    config["targets"] = [{"from_month": 1, "amount": 3000}]
    return config


async def seed_november(studio) -> dict[str, Staff]:
    studio.team()
    hong = studio.add_staff(studio.host, "host", start="2026-09-15")
    ming = studio.staff(studio.host2)
    jie = studio.add_staff(JIE, "host", start="2026-05-01")
    for n in range(1, 26):
        if n in (4, 10):
            continue
        minutes = {3: 120, 11: 480}.get(n, 180)
        broadcast = live(hong, nov(n), "19:00", minutes)
        if n in (1, 11):
            metrics(broadcast, {1: 100_000, 11: 5_000_000}[n], 1000, 10)
        video(hong, nov(n), 1)
        video(hong, nov(n), 2)
    live(hong, nov(26), "10:00", 60)  # today, so far
    metrics(live(ming, nov(2), "19:00", 60), 100_000, 100, 1)
    for n in range(1, 20):
        broadcast = live(jie, nov(n), "19:00", 180)
        if n == 5:
            metrics(broadcast, 190_000, 500, 5)
        video(jie, nov(n), 1)
        video(jie, nov(n), 2)

    await studio.send(studio.customer, "请问有货吗?", chat="private", at="2026-11-05 02:00")
    await studio.send(studio.ops, "/answer 1 有的", chat="private", at="2026-11-05 09:05")
    await studio.send(studio.ops, "/fine @xiaohong smoking", at="2026-11-05 10:00")
    await studio.send(studio.ops, "/paid 1", at="2026-11-06 10:00")
    await studio.send(studio.ops, "/fine @xiaohong lights x2", at="2026-11-12 10:00")
    await studio.send(studio.ops, "/fine @jie ac", at="2026-11-15 10:00")
    await studio.send(studio.manager, "/leave @xiaohong 2026-11-10", at="2026-11-09 10:00")
    card = studio.sent(await studio.send(NEWBIE, "/join", at="2026-11-20 14:00"),
                       studio.manager.id)[0]
    await studio.press(studio.manager, card, "批准为主播", at="2026-11-20 14:05")
    await studio.send(studio.manager, "/setstart @newbie 2026-11-20", at="2026-11-20 14:06")
    await studio.send(studio.manager, "/deactivate @jie", at="2026-11-20 15:00")
    newbie = studio.staff(NEWBIE)
    for n in (20, 21, 23, 24, 25):
        broadcast = live(newbie, nov(n), "19:00", 180)
        if n == 21:
            metrics(broadcast, 30_000, 100, 3)
        video(newbie, nov(n), 1)
        video(newbie, nov(n), 2)

    assert not studio.errors
    return {"hong": hong, "ming": ming, "newbie": newbie, "jie": jie,
            "ops": studio.staff(studio.ops)}


def table_rows(text: str, name: str) -> list[list[str]]:
    """The cells of ``name``'s rows in the three tables of /report."""
    return [line.split() for line in re.findall(rf"^{re.escape(name)}\s+(.*?)(?:</pre>)?$",
                                                text, re.M)]


async def test_the_month_figures_equal_the_hand_count_in_every_output(studio):
    people = await seed_november(studio)
    assert Staff.get_by_id(people["jie"].id).status == "inactive"
    calls = await studio.send(studio.manager, "/report month xlsx", at=NOW)
    text = "\n".join(studio.texts(calls))

    # Attendance: live h:mm, days <3h, videos, days <2, check-ins. Only finished days, active,
    # not on leave, after the start count: 小红 24 days (1st-25th but the 10th) — short live on
    # the 3rd and 4th, short videos on the 4th; 小明 25 days, all short; 新人 the 21st-25th (the
    # 20th, approved at 14:05, was not a whole day of theirs), the 22nd short; 阿杰 the 1st-19th, none short (gone from the 20th); today counts nowhere.
    assert table_rows(text, "小红")[0] == ["74:00", "2", "46", "1", "0/0"]
    assert table_rows(text, "小明")[0] == ["1:00", "25", "0", "25", "0/0"]
    assert table_rows(text, "新人")[0] == ["15:00", "1", "10", "1", "0/0"]
    assert table_rows(text, "阿杰")[0] == ["57:00", "0", "38", "0", "0/0"]
    # Sales: GMV, target, done, GPM. Targets of 3,000 a month pro-rated over November's 30
    # days: 小红 26 days 2,600; 新人 from the 20th, 7 days 700; 阿杰 active the 1st-19th, 1,900;
    # 小明 no start, no target. Done uncapped: 51,000 / 2,600 = 1961%. The total's done counts
    # only hosts with a target: (51,000 + 300 + 1,900) / 5,200 = 1023%.
    assert table_rows(text, "小红")[1] == ["51000", "2600", "1961%", "25500"]
    assert table_rows(text, "小明")[1] == ["1000", "-", "-", "10000"]
    assert table_rows(text, "新人")[1] == ["300", "700", "42%", "3000"]
    assert table_rows(text, "阿杰")[1] == ["1900", "1900", "100%", "3800"]
    assert table_rows(text, "合计")[1][:3] == ["54200", "5200", "1023%"]
    assert "999%" not in text
    # Service: fines, owed, answered, median, registration. The ops answered the 02:00
    # question at 09:05: 5 minutes within the hours (09:00-23:00), credited to ops.
    assert table_rows(text, "小红")[2] == ["90", "40", "0", "-", "0"]
    assert table_rows(text, "阿杰")[2] == ["50", "50", "0", "-", "0"]
    assert table_rows(text, "李运营") == [["0", "0", "1", "5m", "0"]]  # service table only
    assert table_rows(text, "合计")[2] == ["140", "90", "1", "5m", "0"]

    # The same figures from the one build, and the chart's cells from them.
    data = report.build(nov(1), nov(26), studio.settings, studio.app.bot_data["clock"],
                        now=studio.now, detail=True)
    assert [row.name for row in data.hosts] == ["小红", "小明", "阿杰", "新人"]
    cells = dict(zip([row.name for row in data.hosts], chart.grid(data, studio.settings.rules),
                     strict=True))
    hong = cells["小红"]
    assert (hong[1], hong[2], hong[3], hong[9], hong[10], hong[25]) == (
        "both", "one", "none", "leave", "both", "not_counted")  # the 2nd..4th, 10th, 11th, 26th
    assert hong.count("both") == 22
    assert cells["阿杰"][:19] == ["both"] * 19 and cells["阿杰"][19:] == ["not_counted"] * 7
    # Approved at 14:05 on the 20th: counted from the 21st, the first whole day as staff.
    assert cells["新人"][:20] == ["not_counted"] * 20
    assert cells["新人"][20:] == ["both", "none", "both", "both", "both", "not_counted"]
    assert cells["小明"][:25] == ["none"] * 25

    # The workbook: the summary's figures, uncapped; fines by name; answers by whoever
    # answered, in working seconds; the payroll sheet.
    [document] = [c for c in calls if c.method == "sendDocument"]
    book = load_workbook(io.BytesIO(document.files["_bytes"]["document"]))
    summary = {row[0].value: [c.value for c in row] for row in book["汇总"].iter_rows(min_row=2)}
    header = [c.value for c in book["汇总"][1]]
    share = header.index("完成率")
    assert summary["小红"][share] == pytest.approx(51000 / 2600)
    assert summary["合计"][share] == pytest.approx(53200 / 5200)
    assert summary["合计"][header.index("目标(元)")] == 5200
    assert summary["小红"][header.index("不足3小时天数")] == 2
    assert summary["阿杰"][header.index("计入天数")] == 19
    assert [r[3].value for r in book["乐捐"].iter_rows(min_row=2)] == ["抽烟", "忘关灯", "忘关空调"]
    assert [(r[1].value, r[3].value) for r in book["私信"].iter_rows(min_row=2)] == [
        ("李运营", 300)]
    assert [[c.value for c in r] for r in book["工资扣款"].iter_rows(min_row=2)] == [
        [3, "小红", 2, 90, 50, 40, 0, 40], [5, "阿杰", 1, 50, 0, 50, 0, 50],
        [None, "合计", 3, 140, 50, 90, 0, 90]]

    # /me: the month as the report counts it, and today as it stands, labelled.
    me = studio.text(await studio.send(studio.host, "/me month", chat="private", at=NOW),
                     studio.host)
    assert "⏳ 今天还没结束,截至 15:00:" in me and "🎥 今天直播 1小时 / 3小时 (还差2小时)" in me
    assert "🎥 本月直播合计 74小时" in me
    assert "❌ 未达标 2 天:11-03、11-04" in me
    assert "💰 本月成交 51,000 元 / 目标 3,000 元(到今天应完成 2,600 元,1961%)" in me
    assert "⚖️ 未交乐捐:40 元" in me
    assert not studio.errors


async def test_fines_carry_into_december_and_payroll_shows_what_to_deduct(studio):
    await seed_november(studio)
    await studio.send(studio.ops, "/fine @xiaohong rubbish", at="2026-12-01 10:00")

    # On 1 December November's unpaid fines are still owed: listed, and counted.
    fines = studio.text(await studio.send(studio.manager, "/fines", at="2026-12-01 10:30"))
    assert "#4 · 12-01 · 小红 · 遗留垃圾 ×1 · 20元 · 未交" in fines
    assert "以前月份未交</b>(共 90元)" in fines
    assert "#2 · 11-12" in fines and "#3 · 11-15" in fines and "#1 ·" not in fines
    assert "本月已收 0元 · 未收合计 110元" in fines

    december = studio.text(await studio.send(studio.manager, "/payroll", chat="private",
                                             at="2026-12-01 10:30"), studio.manager)
    lines = december.split("\n")
    assert "2026-12-01 至 2026-12-01" in lines[0]
    assert lines[1:] == [
        "#3 小红:本期 1 笔 20 · 已交 0 · 未交 20 · 以前未交 40 · <b>应扣 60</b>",
        "#5 阿杰:本期 0 笔 0 · 已交 0 · 未交 0 · 以前未交 50 · <b>应扣 50</b>",
        "<b>合计</b>:本期 1 笔 20 · 已交 0 · 未交 20 · 以前未交 90 · <b>应扣 110</b>"]
    november = studio.text(await studio.send(studio.manager, "/payroll 2026-11",
                                             chat="private", at="2026-12-01 10:31"),
                           studio.manager)
    assert november.split("\n")[1:] == [
        "#3 小红:本期 2 笔 90 · 已交 50 · 未交 40 · 以前未交 0 · <b>应扣 40</b>",
        "#5 阿杰:本期 1 笔 50 · 已交 0 · 未交 50 · 以前未交 0 · <b>应扣 50</b>",
        "<b>合计</b>:本期 3 笔 140 · 已交 50 · 未交 90 · 以前未交 0 · <b>应扣 90</b>"]
    await studio.send(studio.manager, "/lang en", chat="private")
    english = studio.text(await studio.send(studio.manager, "/payroll 2026-11", chat="private",
                                            at="2026-12-01 10:32"), studio.manager)
    assert "Payroll · fines</b> 2026-11-01 to 2026-11-30" in english
    assert "#3 小红: 2 fines 90 · paid 50 · unpaid 40 · carried over 0 · <b>to deduct 40</b>" \
        in english
    assert not studio.errors


async def test_payroll_is_for_managers_and_refuses_bad_input(studio):
    studio.team()
    for who in (studio.host, studio.ops):
        assert studio.texts(await studio.send(who, "/payroll")) == ["你没有权限使用这个命令。"]
    bad = studio.text(await studio.send(studio.manager, "/payroll 2026-13"))
    assert "看不懂的时间段:2026-13" in bad and "用法: /payroll" in bad
    extra = studio.text(await studio.send(studio.manager, "/payroll month 2026-11"))
    assert "参数太多" in extra and "用法: /payroll" in extra
    future = studio.text(await studio.send(studio.manager, "/payroll 2027-01"))
    assert "时间段还没开始" in future
    empty = studio.text(await studio.send(studio.manager, "/payroll"))
    assert "这段时间没有乐捐,也没有以前未交的。" in empty
    assert Fine.select().count() == 0 and not studio.errors


async def test_the_weekly_report_goes_to_ops_when_the_config_says_so(studio):
    studio.team()
    quiet = await studio.run_job("weekly", "2026-11-23 09:00")
    assert studio.sent(quiet, studio.manager.id) and not studio.sent(quiet, studio.ops.id)
    settings = studio.app.bot_data["settings"]
    studio.app.bot_data["settings"] = dataclasses.replace(
        settings, reports=dataclasses.replace(settings.reports, weekly_to_ops=True))
    calls = await studio.run_job("weekly", "2026-11-30 09:00")
    to_ops = studio.text(calls, studio.ops)
    assert "上周报表" in to_ops and "2026-11-23 至 2026-11-29" in to_ops
    assert [c.method for c in calls if c.chat_id == studio.ops.id].count("sendDocument") == 1
    assert studio.sent(calls, studio.manager.id) and not studio.errors


def test_a_response_counts_only_the_seconds_within_the_hours():
    from datetime import datetime

    from studio.service_hours import working_seconds
    from tests.conftest import TZ

    def t(text):
        return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)

    hours = "09:00-23:00"
    assert working_seconds(t("2026-11-05 02:00"), t("2026-11-05 09:05"), hours, TZ) == 300
    assert working_seconds(t("2026-11-05 22:50"), t("2026-11-06 09:10"), hours, TZ) == 1200
    assert working_seconds(t("2026-11-05 10:00"), t("2026-11-05 10:01"), hours, TZ) == 60
    assert working_seconds(t("2026-11-05 23:30"), t("2026-11-06 08:00"), hours, TZ) == 0
    assert working_seconds(t("2026-11-05 21:00"), t("2026-11-06 07:00"),
                           "22:00-06:00", TZ) == 8 * 3600


@pytest.fixture
def big_sale_day(settings_dict):
    settings_dict["rules"] = {"max_broadcast_hours": {"default": 8, "weekdays": {"sat": 10},
                                                      "dates": {"2026-11-11": 14}}}
    return settings_dict


async def test_a_big_sale_day_credits_a_10_hour_broadcast_that_a_normal_day_closes(big_sale_day,
                                                                                 studio):
    # rules.max_broadcast_hours: 14 h on 11-11 (大促), 10 on Saturdays, 8 else. The hours are
    # those of the business day a broadcast started on.
    studio.team()
    hong = studio.add_staff(studio.host, "host", start="2026-09-15")
    plan = studio.text(await studio.send(studio.host, "/plan 11-11 10:00-22:00 A",
                                         at="2026-11-10 12:00"))
    assert "已安排 #1" in plan  # 12 h planned: fine on the 大促 day ...
    refused = studio.text(await studio.send(studio.host, "/plan 11-12 10:00-20:00 A",
                                            at="2026-11-10 12:01"))
    assert refused.startswith("计划时长不对:10:00-20:00(应大于 0,最多 8 小时)")  # ... not after

    await studio.send(studio.host, "/live A", at="2026-11-11 10:00")
    assert not studio.sent(await studio.run_job("broadcast_watch", "2026-11-11 18:30"))
    ended = studio.text(await studio.send(studio.host, "/offline", at="2026-11-11 20:00"))
    assert "本场 10小时,今天共 10小时" in ended
    big = Broadcast.get(Broadcast.day == nov(11))
    assert not big.auto_closed and big.minutes == 600

    await studio.send(studio.host, "/live A", at="2026-11-12 10:00")
    calls = await studio.run_job("broadcast_watch", "2026-11-12 18:30")
    normal = Broadcast.get(Broadcast.day == nov(12))
    assert normal.auto_closed and normal.minutes == 0
    assert "超过 8 小时未下播" in studio.text(calls, studio.host)

    # A Saturday's 10 h: 9 h open is not closed, 10 h is (and says 10).
    await studio.send(studio.host, "/live A", at="2026-11-14 10:00")
    calls = await studio.run_job("broadcast_watch", "2026-11-14 19:00")
    assert "未下播" not in studio.text(calls, studio.host)
    assert not Broadcast.get(Broadcast.day == nov(14)).auto_closed
    calls = await studio.run_job("broadcast_watch", "2026-11-14 20:05")
    assert "超过 10 小时未下播" in studio.text(calls, studio.host)

    # The report credits the 大促 day in full and the closed day nothing.
    text = "\n".join(studio.texts(await studio.send(studio.manager, "/report 11-11..11-12",
                                                    at=NOW)))
    assert table_rows(text, "小红")[0][:2] == ["10:00", "1"]
    assert figures.one_day(hong.id, nov(11)).live_minutes == 600
    assert figures.one_day(hong.id, nov(12)).live_minutes == 0
    assert not studio.errors
