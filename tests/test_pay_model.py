"""Pay and the scorecard against the independent model (issues #26 and #30): December 2026
histories — a rate change on the 15th, a host joining mid-month, leave, a deactivation, late
starts confirmed after the month's end, fines paid, waived or owed — played through the real
Application with a ``[pay]`` section; ``/payroll 2026-12``'s pay lines and ``/scorecard
2026-12``'s simple parts must equal tests/model/pay_reference.py's, computed from the model's
own figures. PAY_MODEL_HISTORIES sets how many histories (default 50)."""

from __future__ import annotations

import asyncio
import io
import os
import re
from datetime import date, datetime, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import load_workbook

from config import settings_from_dict
from tests.conftest import base_config, empty_tables, open_studio, studio_time
from tests.factories import Person
from tests.model import driver, pay_reference, reference
from tests.model import events as ev
from tests.model.history import CAST, ROOM, at
from tests.test_one_truth import model_settings

PAY_MODEL_HISTORIES = int(os.environ.get("PAY_MODEL_HISTORIES", "50"))
MONTH = date(2026, 12, 1)
DAYS = pay_reference.days_of(MONTH)
STAFF_SINCE = datetime(2026, 11, 20, 12, 0)
END = datetime(2027, 1, 4, 12, 0)
RATES = [pay_reference.Rate(date(2026, 1, 1), 3000, 20, 300, ((0, 2), (10000, 5))),
         pay_reference.Rate(date(2026, 12, 15), 3600, 30, 500, ((0, 3), (10000, 6), (30000, 8)))]
STARTS = [date(2026, 6, 10), date(2026, 11, 20), date(2026, 12, 10)]


@st.composite
def months(draw) -> tuple[dict, list[ev.Event], bool]:
    """A ``[pay]`` choice, a December and whether to read the workbook too (one in five: it
    costs a second a history): each host works a few days or every day (the
    bonus), with leave, late starts, fines; 阿杰 joins mid-month; one host may be deactivated."""
    out: list[ev.Event] = []
    counter = iter(range(1, 10_000))
    join_day = draw(st.sampled_from(DAYS[4:20]))
    join_at = at(join_day, draw(st.sampled_from(["05:00", "08:00"])))
    out.append(ev.Join(join_at, "jie"))
    gone = draw(st.sampled_from([None, "hong", "jie"]))
    gone_on = draw(st.sampled_from(DAYS[join_day.day + 1:])) if gone else None
    if gone:
        out.append(ev.Deactivate(at(gone_on, "08:50"), gone))
    for who, since in (("hong", at(DAYS[0], "05:10")), ("ming", at(DAYS[0], "05:10")),
                       ("jie", join_at + timedelta(minutes=5))):
        start = draw(st.sampled_from([None, *STARTS]))
        if start is not None:
            out.append(ev.SetStart(since, who, start))
    for who in ("hong", "ming", "jie"):
        diligent = draw(st.integers(0, 3)) == 0
        for day in DAYS:
            if (who == "jie" and day <= join_day) or (who == gone and day >= gone_on):
                continue
            kind = ("work" if diligent and draw(st.integers(0, 30)) else
                    draw(st.sampled_from(["work", "off", "off", "off", "leave"])))
            if kind == "leave":
                out.append(ev.Leave(at(day, "05:30"), who, day))
            elif kind == "work":
                out.extend(draw(a_day(who, day, counter, diligent)))
    for _ in range(draw(st.integers(0, 3))):
        who = draw(st.sampled_from(["hong", "ming"]))
        day = draw(st.sampled_from(DAYS))
        if who == gone and day >= gone_on:
            continue
        key = f"f{next(counter)}"
        moment = at(day, "11:00")
        out.append(ev.Fine(moment, who, key, draw(st.integers(1, 100)) * 100))
        out.extend(draw(settled(key, moment)))
    if draw(st.booleans()):
        out.append(ev.Close(datetime(2027, 1, 1, 12, 5), "2026-12"))
    pay = {"rates": [r.config() for r in RATES], "whole_commission": draw(st.booleans()),
           "deduct_fines": draw(st.booleans())}
    return pay, sorted(out, key=lambda e: e.at), draw(st.integers(0, 4)) == 0


@st.composite
def a_day(draw, who: str, day: date, counter, diligent: bool) -> list[ev.Event]:
    out: list[ev.Event] = []
    key = f"b{next(counter)}"
    start = at(day, draw(st.sampled_from(["10:00", "19:00", "00:30"])))
    length = draw(st.sampled_from([180, 200, 241] if diligent else [45, 179, 180, 240]))
    late = not diligent and draw(st.integers(0, 4)) == 0
    out.append(ev.Live(start + timedelta(minutes=20) if late else start, who, key, ROOM[who],
                       start if late else None))
    out.append(ev.Offline(start + timedelta(minutes=length), who, key))
    if draw(st.booleans()):
        out.append(ev.Metrics(start + timedelta(minutes=length + 5), key,
                              draw(st.integers(0, 40_000)) * 50, draw(st.integers(1, 3000))))
    if late:
        decided = draw(st.sampled_from([start + timedelta(hours=5), datetime(2027, 1, 2, 11)]))
        confirm = draw(st.booleans())
        out.append(ev.Decide(decided, key, confirm))
        if confirm:
            out.extend(draw(settled(f"late:{key}", decided)))
    for n in range(2 if diligent else draw(st.integers(0, 2))):
        out.append(ev.Video(at(day, ["15:00", "18:00"][n]), who,
                            f"https://v.douyin.com/{who}{day:%m%d}{n}/"))
    return out


@st.composite
def settled(draw, fine: str, since: datetime) -> list[ev.Event]:
    """Paid or waived (before or after the month's end), or left owing."""
    what = draw(st.sampled_from(["owed", "paid", "waived"]))
    if what == "owed":
        return []
    when = max(draw(st.sampled_from([since + timedelta(hours=1), datetime(2027, 1, 2, 15)])),
               since + timedelta(minutes=30))
    return [ev.Paid(when, fine) if what == "paid" else ev.Waive(when, fine)]


PAY_LINE = re.compile(r"^(?:#\d+ (\S+?)|(合计)):([\d,.-]+) \+ ([\d,.-]+) \+ ([\d,.-]+) \+ ([\d,.-]+) \+ "
                      r"([\d,.-]+) = 应发 ([\d,.-]+) · 未交乐捐 ([\d,.]+)(?: · 扣乐捐后 实发 "
                      r"([\d,.-]+))?$")


def pay_lines(text: str) -> dict[str, dict[str, int]]:
    out = {}
    for line in text.splitlines():
        if match := PAY_LINE.match(line.strip()):
            base, allowance, commission, bonus, adjust, gross, unpaid, net = (
                None if g is None else driver.fen(g) for g in match.groups()[2:])
            out[match.group(1) or match.group(2)] = {"base": base, "allowance": allowance,
                                   "commission": commission, "bonus": bonus, "adjust": adjust,
                                   "gross": gross, "unpaid": unpaid, "net": net}
    return out


def cards(text: str) -> dict[str, dict]:
    """Name → the simple parts of each card of ``/scorecard 2026-12``."""
    out: dict[str, dict] = {}
    card = None
    for line in text.splitlines():
        if match := re.match(r"📋 2026-12 考核 · (\S+?)[((]", line):
            card = out.setdefault(match.group(1), {})
        elif card is not None and (match := re.match(r"• (\S+?):(.*?) — ", line)):
            part, figures = match.groups()
            if part == "达标天数":
                m = re.fullmatch(r"两项都达标 (\d+)/(\d+) 天", figures)
                card["met"], card["counted"] = int(m.group(1)), int(m.group(2))
            elif part == "直播时长":
                m = re.fullmatch(r"(?:(\d+)小时)?(?:(\d+)分)?", figures)
                card["live_minutes"] = driver.minutes(m.group(1), m.group(2))
            elif part == "视频":
                card["videos"] = int(figures.removesuffix(" 条"))
            elif part == "乐捐":
                m = re.fullmatch(r"(\d+) 笔 ([\d,.]+) 元", figures)
                card["fines"] = (int(m.group(1)), driver.fen(m.group(2)))
            elif part == "成交/目标":
                m = re.fullmatch(r"([\d,.]+) 元 / 目标 ([\d,.-]+) 元", figures)
                card["gmv_fen"] = driver.fen(m.group(1))
                card["target_fen"] = None if m.group(2) == "-" else driver.fen(m.group(2))
    return out


def pay_sheet(data: bytes) -> dict[str, dict[str, object]]:
    """The workbook's 工资 sheet: name → header → value (yuan as numbers)."""
    sheet = load_workbook(io.BytesIO(data))["工资"]
    header = [c.value for c in sheet[1]]
    return {r[1].value: dict(zip(header, (c.value for c in r), strict=True))
            for r in sheet.iter_rows(min_row=2)}


def sheet_cells(slip: pay_reference.Slip, deduct: bool, total: bool = False) -> dict[str, object]:
    def yuan(fen: int) -> object:
        return pytest.approx(fen / 100, abs=0.005)

    return {"在职天数": None if total else slip.days_on_staff,
            "超出最低的直播(小时)": None if total else round(slip.extra_minutes / 60, 2),
            "成交额(元)": yuan(slip.gmv_fen), "底薪(元)": yuan(slip.base_fen),
            "时长补贴(元)": yuan(slip.allowance_fen), "提成(元)": yuan(slip.commission_fen),
            "全勤奖(元)": yuan(slip.bonus_fen), "调整(元)": yuan(0),
            "应发(元)": yuan(slip.gross_fen), "未交乐捐(元)": yuan(slip.unpaid_fen),
            "实发(元)": yuan(slip.gross_fen - (slip.unpaid_fen if deduct else 0))}


def total_of(slips) -> pay_reference.Slip:
    total = pay_reference.Slip()
    for slip in slips:
        for name in ("base_fen", "allowance_fen", "commission_fen", "bonus_fen", "unpaid_fen",
                     "gmv_fen"):
            setattr(total, name, getattr(total, name) + getattr(slip, name))
    return total


async def play(database, pay: dict, history: list[ev.Event],
               xlsx: bool) -> tuple[str, str, dict | None]:
    """The history through the real Application with ``pay`` as ``[pay]``; then what
    ``/payroll 2026-12`` and ``/scorecard 2026-12`` show a manager on 4 January."""
    empty_tables(database)
    config = base_config(studio={"rooms": driver.ROOMS})
    config["pay"] = pay
    start = studio_time(STAFF_SINCE)
    studio = await open_studio(settings_from_dict(config, source="test.toml"), start)
    people = {c.key: Person(c.tg_id, c.name, c.username) for c in CAST}
    for c in CAST:
        if c.key != "jie":
            studio.add_staff(people[c.key], c.role, joined=start.strftime("%Y-%m-%d %H:%M"))
    player = driver.Player(studio, people)
    try:
        for event in history:
            await player.play(event)
        moment = driver.local(END)
        calls = await studio.send(studio.manager, f"/payroll 2026-12{' xlsx' if xlsx else ''}",
                                  chat="private", at=moment)
        payroll = studio.text(calls, studio.manager)
        sheet = None
        if xlsx:
            document = next(c for c in calls if c.method == "sendDocument")
            sheet = pay_sheet(document.files["_bytes"]["document"])
        scorecard = studio.text(await studio.send(studio.manager, "/scorecard 2026-12",
                                                  chat="private", at=moment), studio.manager)
    finally:
        await studio.app.shutdown()
    assert not studio.errors, f"handlers raised: {studio.errors!r}"
    return driver.strip_tags(payroll), driver.strip_tags(scorecard), sheet


def check(database, pay: dict, history: list[ev.Event], xlsx: bool) -> None:
    model = reference.Model({c.key: c for c in CAST})
    for c in CAST:
        if c.key != "jie":
            model.apply(ev.Join(STAFF_SINCE, c.key))
    for event in history:
        model.apply(event)
    payroll, scorecard, sheet = asyncio.run(play(database, pay, history, xlsx))
    expected = pay_reference.month_pay(model, MONTH, END, RATES, whole=pay["whole_commission"])
    expected["合计"] = total_of(expected.values())  # the sums of the lines, to the fen
    wrong = []
    shown = pay_lines(payroll)
    if sorted(shown) != sorted(expected):
        wrong.append(("pay names", sorted(shown), sorted(expected)))
    for name, slip in expected.items():
        want = {"base": slip.base_fen, "allowance": slip.allowance_fen,
                "commission": slip.commission_fen, "bonus": slip.bonus_fen, "adjust": 0,
                "gross": slip.gross_fen, "unpaid": slip.unpaid_fen,
                "net": slip.gross_fen - slip.unpaid_fen if pay["deduct_fines"] else None}
        if shown.get(name) != want:
            wrong.append(("pay", name, shown.get(name), want))
        if sheet is None:
            continue
        total = name == "合计"
        row = sheet.get(name, {})
        for column, value in sheet_cells(slip, pay["deduct_fines"], total).items():
            if row.get(column) != value:
                wrong.append(("sheet", name, column, row.get(column), value))
    parts = pay_reference.scorecard_parts(model, MONTH, END)
    seen = cards(scorecard)
    if sorted(seen) != sorted(parts):
        wrong.append(("scorecard names", sorted(seen), sorted(parts)))
    for name, want in parts.items():
        if seen.get(name) != want:
            wrong.append(("scorecard", name, seen.get(name), want))
    assert not wrong, "\n".join(map(repr, wrong[:20]))


def held_month(whole: bool) -> tuple[dict, list[ev.Event], bool]:
    """Held whatever Hypothesis draws: 小红 3 h 20 min and 2 videos every day (the bonus; an
    allowance at each rate), GMV 8,000 on the 5th and 25,000 on the 20th (bands crossed at the
    new rate); 小明 on leave on the 10th, fined 30 on the 12th and left owing (deducted), a
    late start on the 31st confirmed on 2 January; 阿杰 joins on the 8th at 05:00, starts
    12-10, is deactivated on the 20th."""
    out: list[ev.Event] = [ev.Join(at(date(2026, 12, 8), "05:00"), "jie"),
                           ev.SetStart(at(date(2026, 12, 8), "05:10"), "jie", date(2026, 12, 10)),
                           ev.SetStart(at(DAYS[0], "05:10"), "hong", date(2026, 6, 10)),
                           ev.Deactivate(at(date(2026, 12, 20), "08:50"), "jie")]
    for day in DAYS:
        key = f"h{day.day}"
        out += [ev.Live(at(day, "19:00"), "hong", key, "A"),
                ev.Offline(at(day, "22:20"), "hong", key),
                ev.Video(at(day, "15:00"), "hong", f"https://v.douyin.com/h{day.day}a/"),
                ev.Video(at(day, "16:00"), "hong", f"https://v.douyin.com/h{day.day}b/")]
        if day.day in (5, 20):
            out.append(ev.Metrics(at(day, "22:30"), key, {5: 800_000, 20: 2_500_000}[day.day],
                                  1000))
    out += [ev.Leave(at(date(2026, 12, 9), "10:00"), "ming", date(2026, 12, 10)),
            ev.Fine(at(date(2026, 12, 12), "11:00"), "ming", "f1", 3000),
            ev.Live(at(date(2026, 12, 31), "19:20"), "ming", "m1", "B",
                    at(date(2026, 12, 31), "19:00")),
            ev.Offline(at(date(2026, 12, 31), "23:00"), "ming", "m1"),
            ev.Decide(datetime(2027, 1, 2, 11, 0), "m1", True),
            ev.Live(at(date(2026, 12, 15), "10:00"), "jie", "j1", "C"),
            ev.Offline(at(date(2026, 12, 15), "14:00"), "jie", "j1"),
            ev.Metrics(at(date(2026, 12, 15), "14:05"), "j1", 1_200_000, 500)]
    pay = {"rates": [r.config() for r in RATES], "whole_commission": whole,
           "deduct_fines": not whole}
    return pay, sorted(out, key=lambda e: e.at), True


@model_settings(PAY_MODEL_HISTORIES)
@given(months())
@example(held_month(False))
@example(held_month(True))
def test_pay_and_the_scorecard_equal_the_independent_models(_schema, month):
    """/payroll's pay lines (base, allowance, commission, bonus, gross, unpaid 乐捐, net) and
    /scorecard's days counted and met, live time, videos, fines, GMV and target, over
    generated Decembers."""
    check(_schema, *month)
