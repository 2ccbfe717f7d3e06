"""One truth for the figures: ``/me``, ``/report`` and the ``targets`` job read the same
functions, so they show the same numbers for the same host and period (the seeded November of
tests/test_reports.py, "today" Thursday the 26th)."""

from __future__ import annotations

import re
from datetime import date

from models import Fine
from studio import report
from studio.text import format_fen
from tests.test_reports import at, nov, seed_month


def yuan_to_fen(text: str) -> int:
    return round(float(text.replace(",", "")) * 100)


def half_up_yuan(fen: int) -> int:
    """Whole yuan as the report's table rounds them (half up: 4,000.50 → 4,001)."""
    return (fen + 50) // 100


def me_figures(text: str) -> dict[str, int]:
    """The month's figures of a ``/me month`` reply (Chinese), in minutes, counts and fen."""
    live = re.search(r"本月直播合计 (?:(\d+)小时)?(?:(\d+)分)?", text)
    gmv = re.search(r"本月成交 ([\d,.]+) 元 / 目标 ([\d,.]+) 元\(到今天应完成 ([\d,.]+) 元,(\d+)%\)",
                    text)
    unpaid = re.search(r"未交乐捐:([\d,.]+) 元", text)
    return {"live_minutes": int(live.group(1) or 0) * 60 + int(live.group(2) or 0),
            "videos": int(re.search(r"本月视频合计 (\d+) 条", text).group(1)),
            "gmv_fen": yuan_to_fen(gmv.group(1)) if gmv else None,
            "target_fen": yuan_to_fen(gmv.group(3)) if gmv else None,
            "share": int(gmv.group(4)) if gmv else None,
            "unpaid_fen": yuan_to_fen(unpaid.group(1)) if unpaid else 0}


def report_figures(text: str, name: str) -> dict[str, int]:
    """One host's row of the three ``/report`` tables (Chinese), in minutes, counts and yuan."""
    rows = re.findall(rf"^{name}\s+(.*)$", text, re.M)
    live, _, videos, _, _ = rows[0].split()
    gmv, target, share, _ = rows[1].split()
    fines, unpaid, *_ = rows[2].split()
    hours, minutes = live.split(":")

    def number(cell: str) -> int | None:
        return None if cell == "-" else int(cell.rstrip("%"))

    return {"live_minutes": int(hours) * 60 + int(minutes), "videos": int(videos),
            "gmv_yuan": int(gmv), "target_yuan": number(target), "share": number(share),
            "fines_yuan": int(fines), "unpaid_yuan": int(unpaid)}


async def test_me_month_and_report_month_show_the_same_figures_for_a_host(studio):
    people = seed_month(studio)
    manager = studio.staff(studio.manager)
    for amount, status in ((2000, "unpaid"), (5000, "paid"), (1000, "waived")):
        Fine.create(staff=people["hong"], amount_fen=amount, status=status,
                    created_at=at(nov(8), "23:00"), created_by=manager, reason="测试")

    me = me_figures(studio.text(await studio.send(studio.host, "/me month", chat="private",
                                                  at="2026-11-26 23:00"), studio.host))
    shown = await studio.send(studio.ops, "/report month @xiaohong", at="2026-11-26 23:00")
    table = report_figures("\n".join(studio.texts(shown)), "小红")

    # Hand count: 20 × 3 h + 2 h; 2 videos a day on the 1st-10th and 1 on the 11th; GMV
    # 1,000 + 2,500.50 + 500 (the superseded 9,999 and October's broadcast not counted); the
    # target due by the 26th: 26/30 of 5,000; unpaid 20 (the paid 50 and the waived 10 are not).
    assert me == {"live_minutes": 3720, "videos": 21, "gmv_fen": 400_050,
                  "target_fen": 433_333, "share": 92, "unpaid_fen": 2000}
    assert table == {"live_minutes": me["live_minutes"], "videos": me["videos"],
                     "gmv_yuan": half_up_yuan(me["gmv_fen"]),
                     "target_yuan": half_up_yuan(me["target_fen"]), "share": me["share"],
                     "fines_yuan": 70, "unpaid_yuan": me["unpaid_fen"] // 100}


async def test_me_counts_every_unpaid_fine_while_the_report_counts_the_periods(studio):
    """/me's "unpaid fines" and /report's are both what is still owed, whenever recorded (up
    to the period's end); /report's fines are those recorded in its period. 小明 owes 50 (5th)
    + 10 (business day the 26th) from November and 100 from business day 31 October."""
    seed_month(studio)
    me = me_figures(studio.text(await studio.send(studio.host2, "/me month", chat="private",
                                                  at="2026-11-26 23:00"), studio.host2))
    shown = await studio.send(studio.ops, "/report month @xiaoming", at="2026-11-26 23:00")
    table = report_figures("\n".join(studio.texts(shown)), "小明")
    assert me["unpaid_fen"] == 16_000
    assert (table["fines_yuan"], table["unpaid_yuan"]) == (80, 160)
    october = await studio.send(studio.ops, "/report 2026-10-01..2026-11-26 @xiaoming",
                                at="2026-11-26 23:00")
    assert report_figures("\n".join(studio.texts(october)), "小明")["unpaid_yuan"] == 160


async def test_the_targets_job_so_far_is_the_reports_target_for_the_month_so_far(studio):
    people = seed_month(studio)
    calls = await studio.run_job("targets", "2026-11-15 20:00")
    data = report.build(date(2026, 11, 1), date(2026, 11, 15), studio.settings,
                        studio.app.bot_data["clock"], now=studio.now)
    summary = studio.text(calls, studio.manager).split("\n")
    for key, name in (("hong", "小红"), ("lee", "Lee")):
        row = data.row(people[key].id)
        [line] = [x for x in summary if x.startswith(f"{name}:")]
        due = re.search(r"到今天应完成 ([\d,.]+)元", line).group(1)
        gmv = re.search(r"本月成交 ([\d,.]+)元", line).group(1)
        assert (yuan_to_fen(due), yuan_to_fen(gmv)) == (row.target_fen, row.gmv_fen)
    # By hand: 小红 15/30 of 5,000 with the GMV of the 1st-3rd; Lee (tenure month 7) 15/30 of
    # 10,000 and no GMV. 小红 hears her own line, the same figures.
    assert [(data.row(people[k].id).target_fen, data.row(people[k].id).gmv_fen)
            for k in ("hong", "lee")] == [(250_000, 400_050), (500_000, 0)]
    assert f"本月成交 {format_fen(400_050)}元 / 目标 5,000元(到今天应完成 2,500元)" in \
        studio.text(calls, studio.host)


async def test_offline_me_and_report_agree_on_the_days_live_time(studio):
    """/offline's day total, /me's "live today" and /report's live column are one count: the
    00:30 broadcast belongs to the business day before, the 1:30 pm one to this one."""
    studio.team()
    await studio.send(studio.host, "/live A", at="2026-11-26 00:30")
    await studio.send(studio.host, "/offline", at="2026-11-26 01:00")
    await studio.send(studio.host, "/live A", at="09:00")
    await studio.send(studio.host, "/offline", at="11:40")
    await studio.send(studio.host, "/live A", at="13:30")
    offline = studio.text(await studio.send(studio.host, "/offline", at="14:00"))
    me = studio.text(await studio.send(studio.host, "/me", at="14:05"))
    table = report_figures("\n".join(studio.texts(
        await studio.send(studio.ops, "/report today", at="14:10"))), "小红")
    assert "3小时10分" in offline
    assert "今天直播 3小时10分 / 3小时" in me
    assert table["live_minutes"] == 190
