"""The monthly assessment and pay (issue 30), held to a November counted by hand.

The studio: targets 3,000 CNY a month from the first tenure month; pay rates (CNY) changed on
the 15th — from 01-01 base 3,000 a month, 20 an hour above the 3 h minimum, full attendance
300, commission 2 % to 10,000 of GMV and 5 % above; from 11-15 base 3,600, 30 an hour, 500,
3 % and 6 %. November has 30 days: 100 a day of base before the 15th, 120 from it.
- 小红 (start 09-01): 4 h and 2 videos every day; GMV 8,000 on the 5th (1,000 viewers) and
  6,000 on the 20th (1,000 viewers).
  base 14 × 100 + 16 × 120 = 3,320; allowance 14 h × 20 + 16 h × 30 = 760; commission
  8,000 × 2 % = 160 (old rate), then 6,000 from 8,000 to 14,000 at the new: 2,000 × 3 % +
  4,000 × 6 % = 300, so 460; full attendance 500 (the rate of the 30th): gross 5,040.
- 小明: joined on the 10th at 12:00 (start 11-10): counted from the 11th (the first whole day);
  3 h and 2 videos every day from the 11th but the 20th (2 h). base 4 × 100 + 16 × 120 =
  2,320; no hour above the minimum; no GMV; no bonus (joined mid-month): gross 2,320. A fine
  (忘关灯, 20) on the 25th, unpaid: beside the gross, not deducted.
- 阿杰 (start 05-01): 3 h and 2 videos the 1st-19th, /deactivate on the 20th at 15:00; GMV
  20,000 on the 16th (1,000 viewers). base 14 × 100 + 5 × 120 = 2,000; commission at the new
  rate 10,000 × 3 % + 10,000 × 6 % = 900; no bonus: gross 2,900.
- 阿美 (start 06-01): 3 h 20 min and 2 videos every day, leave on the 10th (/leave). base
  3,320 (a leave day is a day on staff); allowance 13 × 20 min at 20 (86.666…) + 16 × 20 min at
  30 (160), rounded once per rate: 86.67 + 160 = 246.67; no bonus (leave): gross 3,566.67.
The total: 5,040 + 2,320 + 2,900 + 3,566.67 = 13,826.67.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from models import Audit, PayAdjustment, PayRelease
from studio import assessment, pay, report
from tests.conftest import base_config
from tests.factories import Person
from tests.test_reports import live, metrics, nov, video

JIE = Person(802, "阿杰", "jie")
MEI = Person(803, "阿美", "mei")
AFTER = "2026-12-02 10:00"
RATES = [
    {"since": "2026-01-01", "base": 3000, "hourly": 20, "full_attendance": 300,
     "tiers": [{"above": 0, "percent": 2}, {"above": 10000, "percent": 5}]},
    {"since": "2026-11-15", "base": 3600, "hourly": 30, "full_attendance": 500,
     "tiers": [{"above": 0, "percent": 3}, {"above": 10000, "percent": 6}]},
]


@pytest.fixture
def settings_dict() -> dict:
    config = base_config()
    config["targets"] = [{"from_month": 1, "amount": 3000}]
    config["pay"] = {"rates": RATES}
    return config


async def seed(studio) -> dict:
    studio.team()
    hong = studio.add_staff(studio.host, "host", start="2026-09-01")
    ming = studio.add_staff(studio.host2, "host", start="2026-11-10", joined="2026-11-10 12:00")
    jie = studio.add_staff(JIE, "host", start="2026-05-01")
    mei = studio.add_staff(MEI, "host", start="2026-06-01")
    for n in range(1, 31):
        b = live(hong, nov(n), "19:00", 240)
        if n in (5, 20):
            metrics(b, {5: 800_000, 20: 600_000}[n], 1000, 10)
        for person in (hong, mei):
            video(person, nov(n), 1)
            video(person, nov(n), 2)
        if n != 10:
            live(mei, nov(n), "14:00", 200)
        if n >= 11:
            live(ming, nov(n), "19:00", 120 if n == 20 else 180)
            video(ming, nov(n), 1)
            video(ming, nov(n), 2)
        if n <= 19:
            b = live(jie, nov(n), "19:00", 180)
            if n == 16:
                metrics(b, 2_000_000, 1000, 10)
            video(jie, nov(n), 1)
            video(jie, nov(n), 2)
    await studio.send(studio.manager, "/leave @mei 2026-11-10", at="2026-11-09 10:00")
    await studio.send(studio.manager, "/deactivate @jie", at="2026-11-20 15:00")
    await studio.send(studio.ops, "/fine @xiaoming lights", at="2026-11-25 10:00")
    assert not studio.errors
    return {"hong": hong, "ming": ming, "jie": jie, "mei": mei}


def lines_of(text: str) -> list[str]:
    return text.split("\n")


async def test_payroll_prices_the_hand_counted_month_with_a_rate_change_on_the_15th(studio):
    people = await seed(studio)
    text = studio.text(await studio.send(studio.manager, "/payroll 2026-11", chat="private",
                                         at=AFTER), studio.manager)
    lines = lines_of(text)
    assert "工资 · 2026-11-01 至 2026-11-30" in lines[0]
    hong, ming, jie, mei = (people[k].id for k in ("hong", "ming", "jie", "mei"))
    assert lines[1:6] == [
        f"#{hong} 小红:3,320 + 760 + 460 + 500 + 0 = <b>应发 5,040</b> · 未交乐捐 0",
        f"#{ming} 小明:2,320 + 0 + 0 + 0 + 0 = <b>应发 2,320</b> · 未交乐捐 20",
        f"#{jie} 阿杰:2,000 + 0 + 900 + 0 + 0 = <b>应发 2,900</b> · 未交乐捐 0",
        f"#{mei} 阿美:3,320 + 246.67 + 0 + 0 + 0 = <b>应发 3,566.67</b> · 未交乐捐 0",
        "<b>合计</b>:10,960 + 1,006.67 + 1,360 + 500 + 0 = <b>应发 13,826.67</b> · 未交乐捐 20",
    ]
    assert "不从工资扣" in lines[6]
    # The fines part of /payroll is still there, after the pay.
    assert f"#{ming} 小明:本期 1 笔 20 · 已交 0 · 未交 20" in text
    assert not studio.errors


async def test_the_pay_figures_are_the_reports_and_add_up_to_the_fen(studio):
    await seed(studio)
    settings, clock = studio.settings, studio.app.bot_data["clock"]
    now = datetime(2026, 12, 2, 2, 0)
    data = report.build(nov(1), nov(30), settings, clock, now=now, detail=True)
    month = pay.month_pay(nov(1), nov(30), settings, clock, now)
    for slip in month.slips:
        row = data.row(slip.staff_id)
        assert slip.gmv_fen == row.gmv_fen
        assert slip.gross_fen == (slip.base_fen + slip.allowance_fen + slip.commission_fen
                                  + slip.bonus_fen + slip.adjustments_fen)
    total = pay.totals(month.slips, False)
    assert total.gross_fen == sum(s.gross_fen for s in month.slips) == 1_382_667


@pytest.mark.parametrize("whole, hong_commission", [(False, "460"), (True, "760")])
async def test_whole_amount_commission_takes_the_months_band_for_all_of_it(
        studio, whole, hong_commission):
    # Whole: 14,000 in the month is in the 10,000+ band: 8,000 × 5 % (old) + 6,000 × 6 % (new).
    studio.settings = studio.app.bot_data["settings"] = _with_pay(studio, whole_commission=whole)
    people = await seed(studio)
    text = studio.text(await studio.send(studio.manager, "/payroll 2026-11", chat="private",
                                         at=AFTER), studio.manager)
    assert f"#{people['hong'].id} 小红:3,320 + 760 + {hong_commission} + 500" in text


def _with_pay(studio, **changes):
    import dataclasses

    settings = studio.settings
    return dataclasses.replace(settings, pay=dataclasses.replace(settings.pay, **changes))


async def test_deducting_fines_is_the_studios_choice(studio):
    studio.settings = studio.app.bot_data["settings"] = _with_pay(studio, deduct_fines=True)
    people = await seed(studio)
    text = studio.text(await studio.send(studio.manager, "/payroll 2026-11", chat="private",
                                         at=AFTER), studio.manager)
    assert (f"#{people['ming'].id} 小明:2,320 + 0 + 0 + 0 + 0 = <b>应发 2,320</b> · 未交乐捐 20"
            " · 扣乐捐后 <b>实发 2,300</b>") in text
    assert "从应发中扣除" in text


async def test_without_a_pay_section_there_is_no_pay(studio):
    studio.settings = studio.app.bot_data["settings"] = __import__("dataclasses").replace(
        studio.settings, pay=None)
    await seed(studio)
    text = studio.text(await studio.send(studio.manager, "/payroll 2026-11", chat="private",
                                         at=AFTER), studio.manager)
    assert "未设置 [pay]:不计算工资,只列乐捐" in text and "应发" not in text
    release = studio.text(await studio.send(studio.manager, "/payroll 2026-11 结账 发放",
                                            chat="private", at=AFTER), studio.manager)
    assert "已私发给 4 位主播" in release  # the scorecards alone; closed and released at once


async def test_the_scorecard_weighs_the_reports_figures_and_says_how(studio):
    people = await seed(studio)
    card = studio.text(await studio.send(studio.host, "/scorecard 上月", chat="private",
                                         at=AFTER), studio.host)
    # 小红: every part full but GPM (hers 7,000 per thousand viewers, the studio's 34,000 ×
    # 1000 / 3,000 = 11,333.33: 5 × 0.6176 = 3.1) and answers (none: not scored, its 5 out):
    # 93.09 / 95 × 100 = 98.0. October: only fines scored of what counted (10 of 80): 12.5.
    assert "📋 <b>2026-11 考核 · 小红</b>" in card
    assert "• 达标天数:两项都达标 30/30 天 — <b>25</b>/25 分" in card
    assert "• 直播时长:120小时 — <b>10</b>/10 分" in card
    assert "• 成交/目标:14,000 元 / 目标 3,000 元 — <b>25</b>/25 分" in card
    assert "• GPM:7,000 元(全店 11,333.33 元) — <b>3.1</b>/5 分" in card
    assert "• 私信回复:回复 0 条 · 中位 - — 不计分" in card
    assert "<b>总分 98 · 等级 S</b>(比上月 +85.5)" in card
    assert "S ≥ 90,A ≥ 80,B ≥ 70,C ≥ 60" in card
    # A host sees her own only.
    other = studio.text(await studio.send(studio.host, "/scorecard 上月 @xiaoming",
                                          chat="private", at=AFTER), studio.host)
    assert other == "主播只能查看自己的考核。"
    # Ops see everyone's, ranked; the keyword too.
    ranked = studio.text(await studio.send(studio.ops, "考核 上月", at=AFTER))
    # 阿杰 full on every part over his 19 days (GPM 20,000: capped at the studio's); 阿美 and
    # 小明 no GMV against their targets; 小明 short on the 20th and a 20 CNY fine. October:
    # 阿美 12.5 as 小红; 小明 not yet a host, 阿杰 gone and without October figures: no score.
    assert [line for line in lines_of(ranked) if line[:2] in ("1.", "2.", "3.", "4.")] == [
        "1. 阿杰 <b>100</b> 分 · S(上月没有分数)", "2. 小红 <b>98</b> 分 · S(比上月 +85.5)",
        "3. 阿美 <b>72.2</b> 分 · B(比上月 +59.7)", "4. 小明 <b>69.5</b> 分 · C(上月没有分数)"]
    assert people and not studio.errors


async def test_the_scorecard_agrees_with_the_report_for_every_host(studio):
    await seed(studio)
    settings, clock = studio.settings, studio.app.bot_data["clock"]
    now = datetime(2026, 12, 2, 2, 0)
    data = report.build(nov(1), nov(30), settings, clock, now=now, detail=True)
    for card in assessment.scorecards(nov(1), nov(30), settings, clock, now):
        row = data.row(card.staff_id)
        parts = {p.key: p for p in card.parts}
        assert parts["days_met"].figures["counted"] == row.days_counted
        assert parts["gmv"].figures == {"gmv_fen": row.gmv_fen, "target_fen": row.target_fen}
        assert parts["live_hours"].figures["minutes"] == row.live_minutes
        assert parts["videos"].figures["videos"] == row.videos
        assert parts["fines"].figures["fen"] == row.fines_fen


async def test_a_scorecard_is_for_a_month_and_bad_input_writes_nothing(studio):
    studio.team()
    bad = studio.text(await studio.send(studio.ops, "/scorecard 11-03..11-05", at=AFTER))
    assert "考核按月" in bad and "用法: /scorecard" in bad
    worse = studio.text(await studio.send(studio.ops, "/scorecard 上月 本月 再来", at=AFTER))
    assert "用法: /scorecard" in worse
    assert not studio.errors


async def test_a_managers_adjustment_is_audited_and_on_the_scorecard_and_the_payslip(studio):
    people = await seed(studio)
    done = studio.text(await studio.send(studio.manager, "/adjust 小明 上月 +200 带新人",
                                         chat="private", at=AFTER), studio.manager)
    assert done == "已记录 小明 2026-11 的调整 +200 元:带新人"
    await studio.send(studio.manager, "调整 @xiaoming 2026-11 迟到已核实,不扣", chat="private",
                      at=AFTER)
    assert [(a.amount_fen, a.reason) for a in PayAdjustment.select().order_by(
        PayAdjustment.id)] == [(20000, "带新人"), (0, "迟到已核实,不扣")]
    assert Audit.select().where(Audit.action == "pay.adjust").count() == 2
    text = studio.text(await studio.send(studio.manager, "/payroll 2026-11", chat="private",
                                         at=AFTER), studio.manager)
    assert f"#{people['ming'].id} 小明:2,320 + 0 + 0 + 0 + 200 = <b>应发 2,520</b>" in text
    card = studio.text(await studio.send(studio.manager, "/scorecard 上月 小明", chat="private",
                                         at=AFTER), studio.manager)
    assert "📝 12-02 王经理:带新人(调整 200 元)" in card
    assert "📝 12-02 王经理:迟到已核实,不扣" in card
    # Without a reason, or for someone who is no host: nothing written.
    no_reason = studio.text(await studio.send(studio.manager, "/adjust 小明 +50",
                                              chat="private", at=AFTER), studio.manager)
    assert "调整要写原因" in no_reason
    not_host = studio.text(await studio.send(studio.manager, "/adjust @ops_li 50 奖励",
                                             chat="private", at=AFTER), studio.manager)
    assert "李运营 不是主播" in not_host
    bad = studio.text(await studio.send(studio.manager, "/adjust 小明 +abc 奖励",
                                        chat="private", at=AFTER), studio.manager)
    assert "金额不对" in bad
    huge = studio.text(await studio.send(studio.manager, "/adjust 小明 +99999999999 奖励",
                                         chat="private", at=AFTER), studio.manager)
    assert "金额不对" in huge
    assert PayAdjustment.select().count() == 2
    refused = studio.texts(await studio.send(studio.ops, "/adjust 小明 +50 奖励", at=AFTER))
    assert refused == ["你没有权限使用这个命令。"] and PayAdjustment.select().count() == 2
    assert not studio.errors


async def test_release_sends_each_host_her_own_payslip_once_after_the_month(studio):
    people = await seed(studio)
    early = studio.text(await studio.send(studio.manager, "/payroll 2026-11 发放",
                                          chat="private", at="2026-11-30 20:00"), studio.manager)
    assert early == "2026-11 还没结束,不能发放。" and PayRelease.select().count() == 0
    # What a host is told is what the closed month says: release waits for the close.
    unclosed = studio.text(await studio.send(studio.manager, "/payroll 2026-11 发放",
                                             chat="private", at=AFTER), studio.manager)
    assert unclosed.startswith("2026-11 还没结账") and PayRelease.select().count() == 0
    await studio.send(studio.manager, "/payroll 2026-11 结账", chat="private", at=AFTER)
    calls = await studio.send(studio.manager, "/payroll 2026-11 release", chat="private",
                              at=AFTER)
    assert "已私发给 4 位主播" in studio.text(calls, studio.manager)
    slip = studio.text(calls, studio.host)
    assert "💴 <b>2026-11 工资单 · 小红</b>" in slip and "<b>应发 5,040 元</b>" in slip
    assert "提成 460 元(成交 14,000 元)" in slip and "全勤奖 500 元" in slip
    assert "📋 <b>2026-11 考核 · 小红</b>" in slip
    assert "阿杰" not in slip and "小明" not in slip  # her own only
    assert "<b>应发 2,320 元</b>" in studio.text(calls, studio.host2)
    assert not studio.sent(calls, studio.chat_id("group"))  # never in the group
    again = studio.text(await studio.send(studio.manager, "/payroll 2026-11 发放",
                                          chat="private", at=AFTER), studio.manager)
    assert "已经发放过了(王经理,12-02)" in again
    assert people and not studio.errors


async def test_on_the_first_the_managers_get_the_drafts_once_and_the_hosts_nothing(studio):
    await seed(studio)
    calls = await studio.run_job("payslips", "2026-12-01 10:00")
    draft = studio.text(calls, studio.manager)
    assert "🗂 <b>2026-11 考核与工资(草稿)</b>" in draft
    assert "1. 阿杰 <b>100</b> 分" in draft and "📋 <b>2026-11 考核 · 小红</b>" in draft
    assert "<b>合计</b>:10,960 + 1,006.67 + 1,360 + 500 + 0 = <b>应发 13,826.67</b>" in draft
    assert not studio.texts(calls, studio.host) and not studio.sent(calls, studio.chat_id("group"))
    again = await studio.run_job("payslips", "2026-12-01 10:00")
    assert not studio.sent(again)  # the ledger: once
    assert not studio.errors


def test_the_drafts_wait_for_the_business_day_to_start(studio):
    import dataclasses

    from jobs.pay import on_the_first

    late = dataclasses.replace(studio.settings, studio=dataclasses.replace(
        studio.settings.studio, day_starts_at="11:00"), jobs=dataclasses.replace(
        studio.settings.jobs, payslips="06:00"))
    schedule = on_the_first(late)
    assert [f"{t:%H:%M}" for t in schedule.times] == ["11:00"] and schedule.month_days == (1,)


async def test_the_pay_sheets_are_in_payrolls_workbook_only(studio):
    import io

    from openpyxl import load_workbook

    people = await seed(studio)
    calls = await studio.send(studio.manager, "/payroll 2026-11 xlsx", chat="private", at=AFTER)
    [document] = [c for c in calls if c.method == "sendDocument"]
    book = load_workbook(io.BytesIO(document.files["_bytes"]["document"]))
    assert "工资" in book.sheetnames and "考核" in book.sheetnames
    rows = [[c.value for c in row] for row in book["工资"].iter_rows(min_row=2)]
    hong = next(r for r in rows if r[1] == "小红")
    assert hong == [people["hong"].id, "小红", 30, 30.0, 14000.0, 3320.0, 760.0, 460.0, 500.0,
                    0.0, 5040.0, 0.0, 5040.0]
    assert rows[-1][1] == "合计" and rows[-1][10] == 13826.67
    assert book["工资"]["L1"].value == "未交乐捐(元)"
    cards = [[c.value for c in row] for row in book["考核"].iter_rows(min_row=2)]
    assert cards[0][:4] == [people["jie"].id, "阿杰", 100, "S"]
    # /report and /export, which ops run, carry neither sheet.
    for command in ("/export 2026-11", "/report 2026-11 xlsx"):
        calls = await studio.send(studio.ops, command, chat="private", at=AFTER)
        [document] = [c for c in calls if c.method == "sendDocument"]
        names = load_workbook(io.BytesIO(document.files["_bytes"]["document"])).sheetnames
        assert "工资" not in names and "考核" not in names
    assert not studio.errors


async def test_the_weekly_report_warns_early_of_falling_gmv_and_days_missed_in_a_row(studio):
    # Four weeks to Sunday 11-29. 小红: GMV 4,000 → 3,000 → 2,000 → 1,000 (three falls).
    # 小明: nothing on the 27th-29th, three counted days in a row. 阿美: nothing on the 26th,
    # 27th and 29th, leave on the 28th: no run of three. 阿杰: 1,000 → 2,000 → 2,000 → 1,000.
    studio.add_staff(studio.manager, "manager")
    hong = studio.add_staff(studio.host, "host")
    ming = studio.add_staff(studio.host2, "host")
    mei = studio.add_staff(MEI, "host")
    jie = studio.add_staff(JIE, "host")
    sales = {hong: [400_000, 300_000, 200_000, 100_000],
             jie: [100_000, 200_000, 200_000, 100_000]}
    for n in range(2, 30):
        for person in (hong, ming, mei, jie):
            if (person is ming and n >= 27) or (person is mei and n in (26, 27, 28, 29)):
                continue
            b = live(person, nov(n), "19:00", 180)
            if person in sales and (n - 3) % 7 == 0:
                metrics(b, sales[person][(n - 3) // 7], 1000, 10)
            video(person, nov(n), 1)
            video(person, nov(n), 2)
    await studio.send(studio.manager, "/leave @mei 2026-11-28", at="2026-11-27 10:00")
    calls = await studio.run_job("weekly", "2026-11-30 09:00")
    text = studio.text(calls, studio.manager)
    assert "⚠️ <b>预警</b>" in text
    assert "• 小红:成交连续三周下降(4,000 → 3,000 → 2,000 → 1,000 元)" in text
    assert "• 小明:连续 3 天未达标(11-27 至 11-29)" in text
    assert "阿美:" not in text and "阿杰:" not in text
    assert not studio.errors


async def test_a_fine_confirmed_after_the_month_is_counted_once_where_the_report_puts_it(
        studio):
    # 小红's lights left on at 22:30 on 11-30, proposed then, confirmed on 12-02. Which month
    # it belongs to is the report's definition (docs/reports.md); the scorecard and the payslip
    # follow it, and count it exactly once across the two months.
    from messaging.outbox import Outbox
    from messaging.proposals import propose_fine
    from tests.conftest import studio_time

    await seed(studio)
    studio.api.take()
    await propose_fine(Outbox(studio.app), studio.staff(studio.host), "lights", 1, "灯没关",
                       "test:late", studio_time("2026-11-30 22:30"))
    card = studio.sent(studio.api.take(), studio.manager.id)[0]
    await studio.press(studio.manager, card, "确认", at="2026-12-02 09:00")
    settings, clock = studio.settings, studio.app.bot_data["clock"]
    now = datetime(2026, 12, 2, 2, 0)
    hong = studio.staff(studio.host).id
    counted = 0
    for first, last in ((nov(1), nov(30)), (datetime(2026, 12, 1).date(),
                                            datetime(2026, 12, 2).date())):
        data = report.build(first, last, settings, clock, now=now, detail=True)
        [card] = assessment.scorecards(first, last, settings, clock, now, [hong])
        fines = {p.key: p for p in card.parts}["fines"].figures
        assert fines["fen"] == data.row(hong).fines_fen
        slip = next(s for s in pay.month_pay(first, last, settings, clock, now).slips
                    if s.staff_id == hong)
        line = next((p for p in data.payroll if p.staff.id == hong), None)
        assert slip.unpaid_fines_fen == (line.deduct_fen if line else 0)
        counted += fines["count"]
    assert counted == 1 and not studio.errors


async def test_a_host_reads_her_card_in_her_language(studio):
    await seed(studio)
    await studio.send(studio.host, "/lang en", chat="private", at=AFTER)
    card = studio.text(await studio.send(studio.host, "/scorecard lastmonth", chat="private",
                                         at=AFTER), studio.host)
    assert "📋 <b>2026-11 scorecard · 小红</b> (11-01 to 11-30)" in card
    assert "• Days met: both minimums 30/30 days — <b>25</b>/25 points" in card
    assert "<b>Total 98 · grade S</b> (+85.5 on last month)" in card
    assert "• Customers answered: 0 answered · median - — not scored" in card
    assert not studio.errors
