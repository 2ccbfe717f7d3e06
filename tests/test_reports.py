"""The manager's /report over a seeded November 2026: every column against hand-computed values,
the split into whole <pre> messages, the workbook, the chart, and the commands through the bot.

The seeded month (business days 1..26 November; "today" is Thursday the 26th):
- 小红 (start 2026-09-15, target 5,000 a month): 19:00-22:00 on the 1st..20th, 2 h on the 21st,
  on leave the 22nd and 23rd; 2 videos a day on the 1st..10th and 1 on the 11th; planned the
  2nd..5th, checked in the 2nd, 3rd, 4th and 10th; metrics on the 1st (1,000.00 CNY, 500
  viewers), the 2nd (2,500.50, 1,500 viewers), the 3rd (500.00, superseded entry of 9,999 not
  counted); a 31 October broadcast with 9,999 of GMV outside the period.
- 小明 (no start: no target): 200 min starting at 01:30 on the 2nd (business day the 1st), 180
  min registered late on the 5th, an auto-closed broadcast on the 6th, 90 min with a late end on
  the 7th; fines 50 unpaid, 20 paid, 10 waived, 100 on business day 31 October, 10 recorded at
  04:00 on the 27th (business day the 26th).
- 欧阳娜娜长名字 (start 2026-11-01: month 1, target 0): 270 min and 2 videos on the 26th; three
  inquiry answers in 60, 120 and 300 s (plus an FAQ answer and a continued answer not counted).
- Lee (start 2026-05-01: month 7, 10,000): on leave the whole period; answers in 30 and 90 s.
- Zoe (inactive, no start): one video on the 3rd — in the report because she has data.
- Samples: S1 to return since the 10th, S2 since the 5th, S3 in the warehouse.
"""

from __future__ import annotations

import html
import io
import re
import warnings
from datetime import date, datetime, timedelta

import pytest
from matplotlib import font_manager
from openpyxl import load_workbook
from PIL import Image

from models import (
    Audit,
    Broadcast,
    Checkin,
    Customer,
    Fine,
    Inquiry,
    InquiryMessage,
    Leave,
    MetricsEntry,
    Plan,
    Sample,
    SampleEvent,
    Staff,
)
from studio import chart, report, report_text, workbook
from studio.clock import to_db
from tests.conftest import TZ
from tests.factories import Person

FIRST, LAST = date(2026, 11, 1), date(2026, 11, 26)
NANA = Person(701, "欧阳娜娜长名字", "nana")
LEE = Person(702, "Lee", "lee")
ZOE = Person(703, "Zoe", "zoe")


def at(day: date, hhmm: str) -> datetime:
    """Naive UTC, as stored, of ``hhmm`` studio time on calendar day ``day``."""
    hours, minutes = (int(x) for x in hhmm.split(":"))
    return to_db(datetime(day.year, day.month, day.day, hours, minutes, tzinfo=TZ))


def nov(n: int) -> date:
    return date(2026, 11, n)


def live(staff, day: date, hhmm: str, minutes: int, start_day: date | None = None, **flags):
    started = at(start_day or day, hhmm)
    return Broadcast.create(staff=staff, room="A", day=day, started_at=started,
                            ended_at=started + timedelta(minutes=minutes), created_at=started,
                            **flags)


def metrics(broadcast, gmv_fen, viewers, orders, current=True):
    return MetricsEntry.create(broadcast=broadcast, staff=broadcast.staff, gmv_fen=gmv_fen,
                               viewers=viewers, orders=orders, current=current,
                               created_at=broadcast.ended_at)


def video(staff, day: date, n: int):
    from models import Video

    Video.create(staff=staff, at=at(day, "15:00") + timedelta(minutes=n), day=day,
                 link=f"https://v.example/{staff.id}/{day}/{n}")


def answer(staff, inquiry, day: date, seconds, faq=False, direction="out"):
    InquiryMessage.create(inquiry=inquiry, direction=direction, at=at(day, "12:00"),
                          staff=staff, faq=faq, response_seconds=seconds)


def seed_month(studio) -> dict[str, Staff]:
    studio.team()
    hong = studio.add_staff(studio.host, "host", start="2026-09-15")
    ming = studio.staff(studio.host2)
    nana = studio.add_staff(NANA, "host", start="2026-11-01")
    lee = studio.add_staff(LEE, "host", start="2026-05-01")
    zoe = studio.add_staff(ZOE, "host")
    zoe.status = "inactive"
    zoe.save()
    manager = studio.staff(studio.manager)

    # 小红
    first_three = [live(hong, nov(n), "19:00", 180) for n in range(1, 21)][:3]
    live(hong, nov(21), "19:00", 120)
    Leave.create(staff=hong, day=nov(22), created_at=at(nov(1), "10:00"))
    Leave.create(staff=hong, day=nov(23), created_at=at(nov(1), "10:00"))
    for n in range(1, 11):
        video(hong, nov(n), 1)
        video(hong, nov(n), 2)
    video(hong, nov(11), 1)
    for n in (2, 3, 4, 5):
        Plan.create(staff=hong, day=nov(n), starts_at=at(nov(n), "19:00"),
                    ends_at=at(nov(n), "22:00"), created_at=at(nov(1), "10:00"))
    for n in (2, 3, 4, 10):
        Checkin.create(staff=hong, at=at(nov(n), "18:30"), day=nov(n))
    metrics(first_three[0], 100_000, 500, 10)
    metrics(first_three[1], 250_050, 1_500, 20)
    metrics(first_three[2], 999_900, 100, 1, current=False)
    metrics(first_three[2], 50_000, None, 5)
    metrics(live(hong, date(2026, 10, 31), "19:00", 180), 999_900, 100, 1)

    # 小明
    live(ming, nov(1), "01:30", 200, start_day=nov(2))
    live(ming, nov(5), "19:00", 180, late_start=True)
    live(ming, nov(6), "19:00", 600, auto_closed=True)
    live(ming, nov(7), "19:00", 90, late_end=True)
    for amount, status, when in ((5000, "unpaid", at(nov(5), "23:00")),
                                 (2000, "paid", at(nov(6), "23:00")),
                                 (1000, "waived", at(nov(6), "23:30")),
                                 (10000, "unpaid", at(nov(1), "03:00")),
                                 (1000, "unpaid", at(date(2026, 11, 27), "04:00"))):
        Fine.create(staff=ming, amount_fen=amount, status=status, created_at=when,
                    created_by=manager, reason="测试")

    # 欧阳娜娜长名字 and Lee: inquiries
    live(nana, nov(26), "19:00", 270)
    video(nana, nov(26), 1)
    video(nana, nov(26), 2)
    customer = Customer.create(tg_id=9001, name="顾客", created_at=at(nov(3), "11:00"))
    inquiry = Inquiry.create(customer=customer, opened_at=at(nov(3), "11:00"),
                             last_message_at=at(nov(3), "12:00"))
    answer(None, inquiry, nov(3), None, direction="in")
    for seconds in (60, 120, 300):
        answer(nana, inquiry, nov(3), seconds)
    answer(nana, inquiry, nov(3), None)  # a follow-up answer: no wait to measure
    answer(nana, inquiry, nov(3), 5, faq=True)
    for seconds in (30, 90):
        answer(lee, inquiry, nov(4), seconds)
    answer(lee, inquiry, date(2026, 10, 31), 999)  # outside the period
    for n in range(1, 27):
        Leave.create(staff=lee, day=nov(n), created_at=at(nov(1), "10:00"))

    # Operations checking in is no host's row
    Checkin.create(staff=studio.staff(studio.ops), at=at(nov(5), "09:00"), day=nov(5))

    # Zoe, inactive with data
    video(zoe, nov(3), 1)

    # Samples
    for number, (status, since) in enumerate((("to_return", nov(10)), ("to_return", nov(5)),
                                              ("warehouse", nov(4))), start=1):
        sample = Sample.create(brand="品牌", brand_key="品牌", item=f"商品{number}",
                               status=status, arrived_at=at(nov(1), "10:00"),
                               updated_at=at(nov(1), "10:00"))
        SampleEvent.create(sample=sample, at=at(since, "10:00"), from_status="warehouse",
                           to_status=status)
    return {"hong": hong, "ming": ming, "nana": nana, "lee": lee, "zoe": zoe}


async def test_every_column_of_the_month_matches_the_hand_count(studio):
    people = seed_month(studio)
    data = report.build(FIRST, LAST, studio.settings, studio.app.bot_data["clock"], detail=True, now=studio.now)
    by = {row.name: row for row in data.rows}
    assert list(by) == ["小红", "小明", "欧阳娜娜长名字", "Lee", "Zoe"]

    hong = by["小红"]
    # Today (the 26th, not over at noon) counts against nobody.
    assert (hong.live_minutes, hong.days_counted, hong.days_short_live) == (3720, 23, 3)
    assert (hong.videos, hong.days_short_videos) == (21, 13)
    assert (hong.checkins, hong.planned_days, hong.checkins_on_plan) == (4, 4, 3)
    assert (hong.gmv_fen, hong.viewers, hong.orders) == (400_050, 2_000, 35)
    assert hong.target_fen == 433_333  # 26/30 of 5,000 CNY
    # Over the broadcasts with viewers (the 500 CNY one has none): 3,500.50 × 1000 / 2,000.
    assert hong.gpm_fen == 175_025
    assert (hong.fines_fen, hong.unpaid_fen, hong.answered, hong.problems) == (0, 0, 0, 0)

    ming = by["小明"]
    assert (ming.live_minutes, ming.days_counted, ming.days_short_live) == (470, 25, 23)
    assert (ming.videos, ming.days_short_videos) == (0, 25)
    assert ming.target_fen is None and ming.target_share is None
    # Owed: 50 + 10 of the period and the 100 of October 31st (03:00 on the 1st), still unpaid.
    assert (ming.fines_fen, ming.unpaid_fen, ming.carried_fen) == (8_000, 16_000, 10_000)
    assert (ming.late_registrations, ming.auto_closed, ming.problems) == (2, 1, 3)
    assert ming.days[0].live_minutes == 200  # the 01:30 start counts to the day before

    nana = by["欧阳娜娜长名字"]
    assert (nana.live_minutes, nana.days_short_live, nana.videos, nana.days_short_videos) == \
        (270, 25, 2, 25)
    assert nana.target_fen == 0 and nana.target_share is None
    assert (nana.answered, nana.median_response) == (3, 120)

    lee = by["Lee"]
    assert (lee.days_counted, lee.days_short_live, lee.days_short_videos) == (0, 0, 0)
    assert lee.target_fen == 866_667 and lee.target_share == 0
    assert (lee.answered, lee.median_response) == (2, 60)

    assert (by["Zoe"].videos, by["Zoe"].days_short_videos) == (1, 25)

    total = data.totals
    assert (total.live_minutes, total.days_short_live) == (4460, 76)
    assert (total.videos, total.days_short_videos) == (24, 88)
    assert (total.checkins_on_plan, total.planned_days) == (3, 4)
    assert (total.gmv_fen, total.target_fen) == (400_050, 1_300_000)
    assert (total.fines_fen, total.unpaid_fen) == (8_000, 16_000)
    assert (total.answered, total.median_response, total.problems) == (5, 90, 3)
    assert data.waiting_returns == 2 and data.oldest_waiting == (2, nov(5))
    assert people["zoe"].status == "inactive"


async def test_the_report_is_a_few_queries_whatever_the_number_of_days(studio):
    seed_month(studio)
    from models import db

    queries = []
    original = db.obj.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        queries.append(sql)
        return original(sql, params, *args, **kwargs)

    def count(first, detail):
        queries.clear()
        report.build(first, LAST, studio.settings, studio.app.bot_data["clock"], detail=detail, now=studio.now)
        return len(queries)

    db.obj.execute_sql = counting
    try:
        for detail in (True, False):
            short = count(FIRST, detail)
            assert short <= 15 and count(date(2026, 1, 1), detail) == short
    finally:
        db.obj.execute_sql = original


async def test_the_figures_are_the_same_with_or_without_the_workbook_detail(studio):
    seed_month(studio)
    clock = studio.app.bot_data["clock"]
    full = report.build(FIRST, LAST, studio.settings, clock, detail=True, now=studio.now)
    lean = report.build(FIRST, LAST, studio.settings, clock, now=studio.now)
    assert lean.rows == full.rows and lean.totals == full.totals
    assert (lean.waiting_returns, lean.oldest_waiting) == (
        full.waiting_returns, full.oldest_waiting)
    assert full.broadcasts and not lean.broadcasts


async def test_the_telegram_table_shows_the_figures_in_phone_width_columns(studio):
    seed_month(studio)
    data = report.build(FIRST, LAST, studio.settings, studio.app.bot_data["clock"], detail=True, now=studio.now)
    [text] = report_text.messages(data, "zh")
    print(text)  # the README's sample is pasted from this
    lines = [x.removesuffix("</pre>") for x in text.split("\n")]
    assert lines[0] == "📊 <b>报表</b> 2026-11-01 至 2026-11-26(26天)"
    assert "小红      62:00   3   21  13   3/4" in lines
    assert "小明       7:50  23    0  25   0/0" in lines
    assert "欧阳娜…    4:30  25    2  25   0/0" in lines  # cut at 8 columns with an ellipsis
    assert "合计      74:20  76   24  88   3/4" in lines
    assert "小红        4001   4333   92%  1750" in lines
    assert "小明           0      -     -     -" in lines
    assert "Lee            0   8667    0%     -" in lines
    # 4,000.50 of 13,000: 30.77%, shown rounded down like /me (metrics.target_percent).
    assert "合计        4001  13000   30%  1750" in lines
    assert "小明        80   160   0     -    3" in lines  # owed: October's 100 too
    assert "欧阳娜…      0     0   3    2m    0" in lines
    assert "合计        80   160   5    1m    3" in lines
    assert "📦 待退样品 2 件,最早 S2(自 2026-11-05 起)。" in lines
    from studio.text import display_width
    assert max(display_width(html.unescape(re.sub(r"<[^>]+>", "", x))) for x in lines
               if not x.startswith(("<i>", "📊", "📦"))) <= 36


async def test_one_hosts_report_is_day_by_day(studio):
    people = seed_month(studio)
    data = report.build(FIRST, LAST, studio.settings, studio.app.bot_data["clock"],
                        staff_ids=[people["hong"].id], now=studio.now)
    text = "\n".join(report_text.messages(data, "en", "小红"))

    assert "📊 <b>Report</b> 2026-11-01 to 2026-11-26 (26 days) · 小红" in text
    assert "11-02  3:00    2  in   2501    0    0" in text
    assert "11-05  3:00    2  NO      0    0    0" in text
    assert "11-22  0:00    0 off      0    0    0" in text
    assert [r.name for r in data.rows] == ["小红"]


def sixty_hosts() -> None:
    for n in range(1, 61):
        Staff.create(tg_id=10_000 + n, name=f"主播{n:02d}号", username=f"h{n}", role="host",
                     status="active", created_at=datetime(2026, 1, 1, 4))


@pytest.mark.parametrize("limit", [4096, 700])
async def test_a_60_host_report_splits_into_whole_pre_blocks_never_cut(studio, limit):
    sixty_hosts()
    data = report.build(FIRST, LAST, studio.settings, studio.app.bot_data["clock"], detail=True, now=studio.now)
    pieces = report_text.messages(data, "zh", limit=limit)
    assert len(pieces) >= 2
    seen: dict[str, int] = {}
    for piece in pieces:
        assert len(piece) <= limit
        assert piece.count("<pre>") == piece.count("</pre>") >= (1 if limit > 1000 else 0)
        assert not re.search(r"<pre>(?:(?!</pre>).)*<pre>", piece, re.S)  # no nesting
        for name in re.findall(r"主播\d\d号", piece):
            seen[name] = seen.get(name, 0) + 1
        for block in re.findall(r"<pre>(.*?)</pre>", piece, re.S):
            header = block.split("\n")[0]
            assert header.startswith("主播")  # a continued table repeats its header
    # Every host once in each of the three tables: never lost, never cut in two.
    assert seen == {f"主播{n:02d}号": 3 for n in range(1, 61)}


async def test_the_workbook_has_real_types_and_matching_totals(studio):
    seed_month(studio)
    data = report.build(FIRST, LAST, studio.settings, studio.app.bot_data["clock"], detail=True, now=studio.now)
    book = load_workbook(io.BytesIO(workbook.render(data, "zh")))
    assert book.sheetnames == ["汇总", "直播", "视频", "数据", "乐捐", "待退样品", "私信",
                               "工资扣款"]
    summary = book["汇总"]
    assert summary.freeze_panes == "A2"
    header = [c.value for c in summary[1]]
    rows = {r[0].value: r for r in summary.iter_rows(min_row=2)}
    gmv = header.index("成交额(元)")
    hong = rows["小红"]
    assert hong[gmv].value == 4000.5 and hong[gmv].number_format == "0.00"
    assert hong[header.index("目标(元)")].value == pytest.approx(4333.33)
    assert hong[header.index("客单价(元)")].value == pytest.approx(114.3)  # 4,000.50 / 35
    assert rows["合计"][gmv].value == 4000.5
    assert rows["合计"][header.index("乐捐(元)")].value == 80
    assert rows["合计"][header.index("直播分钟")].value == 4460
    # Column A fits the longest name: 欧阳娜娜长名字 is 14 columns wide.
    assert summary.column_dimensions["A"].width >= 14

    broadcasts = book["直播"]
    first = [c.value for c in broadcasts[2]]
    assert isinstance(first[4], datetime) and first[4] == datetime(2026, 11, 1, 19, 0)
    assert broadcasts.freeze_panes == "A2"
    fines = book["乐捐"]
    amounts = [r[5] for r in fines.iter_rows(min_row=2)]
    # Waived fines are listed too, with their status (and not in the summary's 80).
    assert sum(c.value for c in amounts) == 90 and all(c.number_format == "0.00"
                                                        for c in amounts)
    assert sorted(r[6].value for r in fines.iter_rows(min_row=2)) == ["已免", "已缴", "未缴", "未缴"]
    assert isinstance(fines["C2"].value, datetime)
    metrics_sheet = book["数据"]
    assert [r[8].value for r in metrics_sheet.iter_rows(min_row=2)] == [1000, 2500.5, 500]
    assert [r[0].value for r in book["待退样品"].iter_rows(min_row=2)] == ["S1", "S2"]
    assert sorted(r[3].value for r in book["私信"].iter_rows(min_row=2)) == [30, 60, 90, 120,
                                                                             300]


async def test_the_chart_opens_and_draws_chinese_with_the_cjk_font(studio):
    seed_month(studio)
    data = report.build(FIRST, LAST, studio.settings, studio.app.bot_data["clock"], detail=True, now=studio.now)
    path, family = chart.cjk_font()
    # The font chosen (docs/setup.md): Debian's fonts-noto-cjk, its Simplified Chinese face.
    assert path is not None and path.endswith("NotoSansCJK-Regular.ttc")
    assert family == "Noto Sans CJK SC"
    found = font_manager.findfont(font_manager.FontProperties(family=family),
                                  fallback_to_default=False)
    assert str(found) == path
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = chart.render(data, studio.settings, "zh")
    assert not [w for w in caught if "missing from font" in str(w.message)]
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size[0] >= 800


# --- through the bot ------------------------------------------------------------------------


async def test_a_manager_gets_the_month_as_tables_a_workbook_and_a_chart(studio):
    seed_month(studio)
    calls = await studio.send(studio.manager, "/report month xlsx chart", chat="private",
                              at="20:00")
    methods = [c.method for c in calls if c.method.startswith("send")]
    assert methods[-4:] == ["sendChatAction", "sendDocument", "sendChatAction", "sendPhoto"]
    texts = studio.texts(calls, studio.manager)
    assert "62:00" in "\n".join(texts) and all(t.count("<pre>") == t.count("</pre>")
                                               for t in texts)
    document = next(c for c in calls if c.method == "sendDocument")
    photo = next(c for c in calls if c.method == "sendPhoto")
    # Named after the period as people call it: the month in progress is "2026-11".
    assert document.files["document"] == "report-2026-11.xlsx"
    assert photo.files["photo"] == "chart-2026-11.png"
    book = load_workbook(io.BytesIO(document.files["_bytes"]["document"]))
    assert book["汇总"]["A2"].value == "小红"
    assert Image.open(io.BytesIO(photo.files["_bytes"]["photo"])).format == "PNG"


async def test_ops_asks_for_one_host_by_username(studio):
    seed_month(studio)
    calls = await studio.send(studio.ops, "/report lastweek @xiaohong", at="20:00")
    text = studio.text(calls, "group")
    assert "2026-11-16 至 2026-11-22" in text and "· 小红" in text
    assert "11-21  2:00" in text and "小明" not in text


async def test_a_reply_to_a_hosts_message_names_the_host(studio):
    seed_month(studio)
    await studio.send(studio.host2, "今天播完了", at="19:00")
    calls = await studio.send(studio.manager, "/report week", at="20:00",
                              reply_to=studio.last_message)
    text = studio.text(calls, "group")
    assert "· 小明" in text and "11-26" in text and "小红" not in text


async def test_export_sends_the_workbook_alone(studio):
    seed_month(studio)
    calls = await studio.send(studio.manager, "/export 2026-10", chat="private", at="20:00")
    assert [c.method for c in calls if c.method.startswith("send")] == ["sendChatAction",
                                                                      "sendDocument"]
    document = calls[-1]
    assert document.files["document"] == "report-2026-10.xlsx"


async def test_a_host_is_refused(studio):
    seed_month(studio)
    calls = await studio.send(studio.host, "/report month xlsx", at="20:00")
    assert studio.text(calls) == "你没有权限使用这个命令。"
    assert not [c for c in calls if c.method == "sendDocument"]


@pytest.mark.parametrize(("args", "reason"), [
    ("someday", "看不懂的时间段:someday"),
    ("2026-11-10..2026-11-01", "结束日期早于开始日期"),
    ("2025-01-01..2026-11-01", "400"),
    ("2026-12", "时间段还没开始"),
    ("@nobody", "nobody"),
    ("month week", "多余的参数"),
    ("xlsx xlsx", "xlsx 写了两次。"),
    ("month xlsx 表格", "表格 写了两次。"),
    ("chart month 图", "图 写了两次。"),
    ("week WEEK", "WEEK 写了两次。"),
])
async def test_a_bad_report_request_gets_a_reason_and_the_usage_and_writes_nothing(
        studio, args, reason):
    seed_month(studio)
    before = (Audit.select().count(), Fine.select().count())
    calls = await studio.send(studio.manager, f"/report {args}", chat="private", at="20:00")
    [reply] = studio.texts(calls, studio.manager)
    assert reason in reply and "/report [时间段]" in reply
    assert reply.count("\n") == 1  # one line of reason, one of usage
    assert (Audit.select().count(), Fine.select().count()) == before
    assert not [c for c in calls if c.method in ("sendDocument", "sendPhoto")]


async def test_the_weekly_job_sends_last_week_to_each_manager_once(studio):
    seed_month(studio)
    calls = await studio.run_job("weekly", "2026-11-30 09:00")
    texts = studio.texts(calls, studio.manager)
    assert texts[0].startswith("📅 上周报表\n📊 <b>报表</b> 2026-11-23 至 2026-11-29")
    documents = [c for c in calls if c.method == "sendDocument"]
    assert [d.chat_id for d in documents] == [studio.manager.id]
    assert documents[0].files["document"] == "report-2026-11-23..2026-11-29.xlsx"
    again = await studio.run_job("weekly", "2026-11-30 09:00")
    assert not studio.sent(again)


async def test_without_the_cjk_font_chinese_names_would_be_boxes(studio, monkeypatch):
    # The control of the test above: its warning check can fail.
    seed_month(studio)
    data = report.build(FIRST, LAST, studio.settings, studio.app.bot_data["clock"], detail=True, now=studio.now)
    monkeypatch.setattr(chart, "cjk_font", lambda: (None, None))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chart.render(data, studio.settings, "zh")
    assert [w for w in caught if "missing from font" in str(w.message)]


@pytest.mark.parametrize(("fen", "shown"), [
    (400050, "4001"), (400049, "4000"), (99_999_949, "999999"),
    (318_450_000, "3185k"), (318_449_949, "3184k"), (318_550_000, "3186k"), (None, "-"),
])
def test_table_money_rounds_half_up_in_yuan_and_in_thousands(fen, shown):
    # Every cell rounds half up: round() would halve to even (3,184,500 → 3184k).
    from studio.report_text import money

    assert money(fen) == shown
