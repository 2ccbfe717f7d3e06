"""Figures a studio can pay people by (issue 26, the definitions): each case the issue found,
driven through the bot, held to the hand count of docs/reports.md's definitions.

The week: Monday 2026-12-28 to Monday 2027-01-04, across a month end and a year end."""

from __future__ import annotations

import io
import re
from datetime import date

from openpyxl import load_workbook

from models import Audit, Fine, PayrollClose
from tests.test_reports import live

# --- fines: the offence's day decides the period; as of the period's end; closing a month ------


async def late_broadcast(studio) -> list:
    """小红's 12-31 broadcast: started 21:00, registered at 21:40 (late); ended 00:30,
    registered at 01:40 (late): two proposals, both offences of business day 12-31. Returns the
    managers' cards."""
    cards = studio.sent(await studio.send(studio.host, "/live 21:00", at="2026-12-31 21:40"),
                        studio.manager.id)
    cards += studio.sent(await studio.send(studio.host, "/offline 00:30",
                                           at="2027-01-01 01:40"), studio.manager.id)
    assert len(cards) == 2
    return cards


def payroll_line(text: str, name: str) -> str:
    return next((line for line in text.split("\n") if f" {name}:" in line), "")


async def test_a_fine_confirmed_the_next_day_belongs_to_the_day_of_its_offence(studio):
    studio.team()
    for card in await late_broadcast(studio):
        await studio.press(studio.manager, card, "确认", at="2027-01-01 10:00")
    assert Fine.recorded().count() == 2
    december = studio.text(await studio.send(studio.manager, "/payroll 2026-12", chat="private",
                                             at="2027-01-01 10:05"), studio.manager)
    # Two "register" fines (10 each) of 12-31, whenever confirmed.
    assert "本期 2 笔 20 · 已交 0 · 未交 20 · 以前未交 0" in payroll_line(december, "小红")
    january = studio.text(await studio.send(studio.manager, "/payroll", chat="private",
                                            at="2027-01-01 10:06"), studio.manager)
    assert "本期 0 笔 0 · 已交 0 · 未交 0 · 以前未交 20" in payroll_line(january, "小红")
    listed = studio.text(await studio.send(studio.manager, "/fines 2026-12", at="2027-01-01 10:07"))
    assert listed.count("· 12-31 · 小红") == 2
    assert not studio.errors


async def test_what_was_owed_at_a_months_end_does_not_change_when_paid_later(studio):
    studio.team()
    await studio.send(studio.ops, "/fine @xiaoming 50 迟到", at="2026-12-29 10:00")
    await studio.send(studio.ops, "/fine @xiaoming 70 没打扫", at="2026-12-30 10:00")
    before = studio.text(await studio.send(studio.manager, "/payroll 2026-12", chat="private",
                                           at="2027-01-01 10:00"), studio.manager)
    first = Fine.get(Fine.amount_fen == 5000)
    await studio.send(studio.ops, f"/paid {first.id}", at="2027-01-02 11:00")
    after = studio.text(await studio.send(studio.manager, "/payroll 2026-12", chat="private",
                                          at="2027-01-04 10:00"), studio.manager)
    line = "本期 2 笔 120 · 已交 0 · 未交 120 · 以前未交 0 · <b>应扣 120</b>"
    assert line in payroll_line(before, "小明") and line in payroll_line(after, "小明")
    # January: the 70 still owed is carried over; the 50 paid in January is no January fine.
    january = studio.text(await studio.send(studio.manager, "/payroll", chat="private",
                                            at="2027-01-04 10:01"), studio.manager)
    assert "本期 0 笔 0 · 已交 0 · 未交 0 · 以前未交 70" in payroll_line(january, "小明")
    assert not studio.errors


async def test_a_closed_month_never_changes_and_a_late_fine_goes_to_the_next_open_month(studio):
    studio.team()
    await studio.send(studio.ops, "/fine @xiaoming 50 迟到", at="2026-12-29 10:00")
    cards = await late_broadcast(studio)
    # Not over yet: refused, nothing written.
    early = studio.text(await studio.send(studio.manager, "/payroll 2027-01 结账",
                                          chat="private", at="2027-01-02 09:00"), studio.manager)
    assert "还没过完" in early and PayrollClose.select().count() == 0
    assert studio.texts(await studio.send(studio.ops, "/payroll 2026-12 结账",
                                          at="2027-01-02 09:00")) == ["你没有权限使用这个命令。"]
    closed = studio.text(await studio.send(studio.manager, "/payroll 2026-12 结账",
                                           chat="private", at="2027-01-02 09:30"), studio.manager)
    assert "已于 2027-01-02 09:30 由 王经理 结账" in closed
    assert Audit.get(Audit.action == "payroll.close").target == "month:2026-12"
    frozen = payroll_line(closed, "小明")
    assert "应扣 50" in frozen and payroll_line(closed, "小红") == ""

    # After the close: 小红's 12-31 proposals are confirmed, 小明 pays.
    for card in cards:
        await studio.press(studio.manager, card, "确认", at="2027-01-03 10:00")
    await studio.send(studio.ops, f"/paid {Fine.get(Fine.amount_fen == 5000).id}",
                      at="2027-01-03 11:00")
    again = studio.text(await studio.send(studio.manager, "/payroll 2026-12", chat="private",
                                          at="2027-01-04 10:00"), studio.manager)
    assert again.split("\n")[2:] == closed.split("\n")[2:]
    january = studio.text(await studio.send(studio.manager, "/payroll 2027-01",
                                             chat="private", at="2027-01-04 10:01"),
                          studio.manager)
    assert "本期 2 笔(含补记 2 笔) 20 · 已交 0 · 未交 20" in payroll_line(january, "小红")
    listed = studio.text(await studio.send(studio.manager, "/fines 2027-01", at="2027-01-04 10:02"))
    assert listed.count("· 12-31 · 小红") == 2  # still dated by the offence
    twice = studio.text(await studio.send(studio.manager, "/payroll 2026-12 结账",
                                          chat="private", at="2027-01-04 10:03"), studio.manager)
    assert "2026-12 已经结账" in twice and PayrollClose.select().count() == 1
    reversed_order = studio.text(await studio.send(studio.manager, "/payroll 结账 2026-12",
                                                   chat="private", at="2027-01-04 10:03"),
                                 studio.manager)
    assert "2026-12 已经结账" in reversed_order
    bare = studio.text(await studio.send(studio.manager, "/payroll 结账", chat="private",
                                         at="2027-01-04 10:03"), studio.manager)
    assert "都要写一个整月" in bare and "用法" in bare and PayrollClose.select().count() == 1
    await studio.send(studio.manager, "/lang en", chat="private")
    english = studio.text(await studio.send(studio.manager, "/payroll 2027-01 close",
                                            chat="private", at="2027-01-04 10:04"),
                          studio.manager)
    assert "2027-01 is not over yet" in english
    assert not studio.errors


# --- ratios over what has both parts ------------------------------------------------------------


async def test_gpm_and_average_order_are_taken_over_the_broadcasts_that_have_both_parts(studio):
    """小明's week: 240 CNY from 1,000 viewers (2 orders), 300 from 1,000 (no orders given),
    1,400 with no viewers given (10 orders, 5,000 views). GPM = 540 × 1000 / 2,000 = 270
    (not 1,940 × 1000 / 2,000 = 970); the average order = (240 + 1,400) / 12 = 136.67."""
    studio.team()
    ming = studio.staff(studio.host2)
    ids = [live(ming, date(2026, 12, n), "19:00", 180).id for n in (28, 29, 30)]
    for number, values in zip(ids, ("成交=240 观看人数=1000 订单=2", "成交 300,观看 1000",
                                    "成交=1400 订单数=10 观看次数=5000"), strict=True):
        reply = studio.text(await studio.send(studio.host2, f"/metrics {number} {values}",
                                              at="2026-12-31 12:00"))
        assert "已保存" in reply or "保存" in reply, reply
    assert "观看次数:5,000" in reply
    calls = await studio.send(studio.ops, "/report 2026-12-28..2026-12-31 xlsx",
                              at="2026-12-31 12:30")
    shown = studio.text(calls)
    assert re.search(r"小明\s+1940\s+\S+\s+\S+\s+270$", shown, re.M), shown
    [document] = [c for c in calls if c.method == "sendDocument"]
    sheet = load_workbook(io.BytesIO(document.files["_bytes"]["document"]))["汇总"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "小明")

    def cell(name):
        return row[header.index(name)].value

    assert (cell("成交额(元)"), cell("有观看人数的成交额(元)"), cell("观看人数"), cell("GPM(元)")) \
        == (1940, 540, 2000, 270)
    assert (cell("有订单的成交额(元)"), cell("订单"), cell("客单价(元)")) == (1640, 12, 136.67)
    assert (cell("观看次数"), cell("有观看次数的成交额(元)"), cell("千次观看成交(元)")) \
        == (5000, 1400, 280)
    # Nothing has a denominator: "-", not 0.
    lone = studio.text(await studio.send(studio.ops, "/report 2026-12-30",
                                         at="2026-12-31 12:40"))
    assert re.search(r"小明\s+1400\s+\S+\s+\S+\s+-$", lone, re.M), lone
    assert not studio.errors


# --- /me for a past period; attendance and the daily average --------------------------------------


def ming_week(studio):
    """小明's week, Mon 12-28 to Sun 01-03: plans on the 28th, 29th, 30th (on leave that day)
    and 31st; checked in on the 28th and the 31st; live 3 h (28th), 2 h (29th), 3 h (31st) and
    1 h on 01-01 (no plan)."""
    from models import Checkin, Leave, Plan
    from studio.clock import to_db
    from tests.conftest import studio_time

    studio.team()
    ming = studio.staff(studio.host2)
    for n in (28, 29, 30, 31):
        Plan.create(staff=ming, day=date(2026, 12, n), room="A",
                    starts_at=to_db(studio_time(f"2026-12-{n} 19:00")),
                    ends_at=to_db(studio_time(f"2026-12-{n} 22:00")),
                    created_at=to_db(studio_time("2026-12-20 10:00")))
    for n in (28, 31):
        Checkin.create(staff=ming, day=date(2026, 12, n),
                       at=to_db(studio_time(f"2026-12-{n} 18:30")))
    Leave.create(staff=ming, day=date(2026, 12, 30),
                 created_at=to_db(studio_time("2026-12-20 10:00")))
    for day, minutes in ((date(2026, 12, 28), 180), (date(2026, 12, 29), 120),
                         (date(2026, 12, 31), 180), (date(2027, 1, 1), 60)):
        live(ming, day, "19:00", minutes)
    return ming


async def test_me_for_a_past_period_never_calls_its_last_day_today(studio):
    ming_week(studio)
    week = studio.text(await studio.send(studio.host2, "/me 上周", chat="private",
                                         at="2027-01-04 10:00"), studio.host2)
    assert "今天" not in week and "⏳" not in week, week
    assert "❌ 01-03 周日 · 直播 0分 · 视频 0" in week
    day = studio.text(await studio.send(studio.host2, "/me 2026-12-31", chat="private",
                                        at="2027-01-04 10:01"), studio.host2)
    assert "今天" not in day and "📅 12-31 周四(已结束):" in day and "📍 已到岗" in day
    assert "🎥 直播 3小时 / 3小时 ✅" in day
    month = studio.text(await studio.send(studio.host2, "/me 上月", chat="private",
                                          at="2027-01-04 10:02"), studio.host2)
    assert month.split("\n")[0] == "<b>小明 · 2026-12</b>" and "今天" not in month
    await studio.send(studio.host2, "/lang en", chat="private")
    english = studio.text(await studio.send(studio.host2, "/me 2026-12-31", chat="private",
                                            at="2027-01-04 10:03"), studio.host2)
    assert "today" not in english.lower() and "📅 12-31 Thu (over):" in english
    assert not studio.errors


async def test_attendance_is_check_ins_on_the_planned_days_due_in_report_and_me(studio):
    """Planned 4 days, one of them on leave: attendance 2/3, in /me and /report alike; the
    daily average is over the counted days (December: 31 days, the 30th on leave): 480 / 30."""
    ming_week(studio)
    me = studio.text(await studio.send(studio.host2, "/me 上周", chat="private",
                                       at="2027-01-04 10:00"), studio.host2)
    assert "📍 到岗 2/3 个计划日" in me
    table = studio.text(await studio.send(studio.ops, "/report lastweek", at="2027-01-04 10:01"))
    assert re.search(r"^小明\s+9:00\s+\d+\s+0\s+\d+\s+2/3$", table, re.M), table
    month = studio.text(await studio.send(studio.host2, "/me 上月", chat="private",
                                          at="2027-01-04 10:02"), studio.host2)
    assert "🎥 本月直播合计 8小时,日均 16分(按 30 个计入天)" in month
    assert not studio.errors


# --- 登记: a broadcast the bot closed stays a registration problem after /fixlive -----------------


async def test_registration_problems_keep_an_auto_closed_broadcast_after_fixlive(studio):
    studio.team()
    await studio.send(studio.host, "/live A", at="2026-12-30 10:00")
    await studio.run_job("broadcast_watch", "2026-12-30 18:05")
    await studio.send(studio.manager, "/fixlive 1 end 13:00", at="2026-12-30 18:30")
    calls = await studio.send(studio.ops, "/report 2026-12-30 xlsx", at="2026-12-31 10:00")
    text = studio.text(calls)
    # 小红's service row: fines, unpaid, answered, median, 登记 = 1 (the auto-close).
    assert re.search(r"^小红\s+\d+\s+\d+\s+0\s+-\s+1$", text, re.M), text
    [document] = [c for c in calls if c.method == "sendDocument"]
    book = load_workbook(io.BytesIO(document.files["_bytes"]["document"]))
    header = [c.value for c in book["汇总"][1]]
    row = next(r for r in book["汇总"].iter_rows(min_row=2) if r[0].value == "小红")
    assert row[header.index("自动关闭")].value == 1 and row[header.index("直播分钟")].value == 180
    broadcasts = book["直播"]
    head = [c.value for c in broadcasts[1]]
    assert [r[head.index("自动关闭")].value for r in broadcasts.iter_rows(min_row=2)] == ["是"]
    assert not studio.errors


# --- the first weekly report of a new studio -------------------------------------------------------


async def test_the_first_weekly_report_holds_no_one_to_days_before_they_were_staff(studio):
    """The studio starts on Wednesday 12-30 at 10:00: 小红 (official start 09-01: 10,000 CNY a
    month in December and January) is added then, 小明 (same start) on Monday 01-04 at 08:00,
    after the week. The weekly of 12-28..01-03 holds 小红 to 5 days (12-30..01-03): 5/31 of
    10,000 = 1,613, 1,000 done = 62% (not 7 days, 2,258, 44%); 小明 to none: no 0 %."""
    from tests.test_reports import metrics

    studio.add_staff(studio.manager, "manager", joined="2026-12-30 10:00")
    hong = studio.add_staff(studio.host, "host", start="2026-09-01", joined="2026-12-30 10:00")
    studio.add_staff(studio.host2, "host", start="2026-09-01", joined="2027-01-04 08:00")
    metrics(live(hong, date(2026, 12, 31), "19:00", 180), 100_000, 500, 5)
    text = studio.text(await studio.run_job("weekly", "2027-01-04 09:00"), studio.manager)
    assert re.search(r"^小红\s+1000\s+1613\s+62%", text, re.M), text
    assert re.search(r"^小明\s+0\s+0\s+-", text, re.M), text
    assert "0%" not in text.split("成交")[1].split("乐捐")[0]
    assert not studio.errors
