"""Broadcast metrics (数据): key=value parsing, replacement with history, the guided
conversation, derived figures, and the monthly targets job."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from config import settings_from_dict
from models import Audit, Broadcast, MetricsEntry
from studio import metrics
from studio.clock import to_db
from studio.errors import BadInput
from tests.conftest import TZ, base_config

SETTINGS = settings_from_dict(base_config())


def broadcast(staff, day: str = "2026-11-26", start: str = "19:00", hours: int = 3,
              room: str = "A") -> Broadcast:
    """A broadcast row (the broadcasts feature is built elsewhere; the table is all we need)."""
    started = datetime.strptime(f"{day} {start}", "%Y-%m-%d %H:%M").replace(tzinfo=TZ)
    return Broadcast.create(staff=staff, room=room, day=date.fromisoformat(day),
                            started_at=to_db(started),
                            ended_at=to_db(started + timedelta(hours=hours)),
                            created_at=to_db(started))


@pytest.mark.parametrize(("args", "expected"), [
    ("fans=3500", {"fans": 3500}),
    ("粉丝=3500", {"fans": 3500}),
    ("gmv=3500.5", {"gmv": 350050}),
    ("成交=1.2万", {"gmv": 1_200_000}),
    ("gmv=1.2w", {"gmv": 1_200_000}),
    ("gmv=3k", {"gmv": 300_000}),
    ("viewers=1.2万", {"viewers": 12000}),
    ("观看＝1.2万", {"viewers": 12000}),
    ("峰值：860", {"peak": 860}),
    ("peak:860", {"peak": 860}),
    ("新增粉丝=120 订单=40", {"new_fans": 120, "orders": 40}),
    ("ORDERS=40 Likes=2k", {"orders": 40, "likes": 2000}),
    ("商品=25 评论=1,200", {"products": 25, "comments": 1200}),
    ("ｇｍｖ＝３５００", {"gmv": 350000}),
    ("console=红包3次 抽奖2次 gmv=100", {"console": "红包3次 抽奖2次", "gmv": 10000}),
    ("阿里妈妈：投放200 点赞=5", {"alimama": "投放200", "likes": 5}),
    ("new_fans=0", {"new_fans": 0}),
])
def test_metrics_arguments_parse(args, expected):
    assert metrics.parse_metrics(args.split(), SETTINGS) == expected


@pytest.mark.parametrize(("args", "key"), [
    ("fans=-5", "negative"),
    ("gmv=abc", "bad_amount"),
    ("viewers=12.5", "bad_number"),
    ("weather=sunny", "unknown_metric"),
    ("3500", "metric_no_key"),
    ("gmv=10000001", "gmv_too_large"),
    ("gmv=", "metric_empty"),
    ("=5", "metric_nameless"),
    ("gmv=3500 =5", "metric_nameless"),
])
def test_bad_metrics_arguments_are_refused(args, key):
    with pytest.raises(BadInput) as caught:
        metrics.parse_metrics(args.split(), SETTINGS)
    assert caught.value.key == key


def test_gpm_and_average_order_value():
    assert metrics.gpm_fen(350000, 1000) == 350000  # 3,500 CNY from 1,000 viewers: 3,500 GPM
    assert metrics.gpm_fen(350000, 0) is None
    assert metrics.average_order_fen(350000, 40) == 8750
    assert metrics.average_order_fen(350000, None) is None


async def test_metrics_attach_to_todays_latest_broadcast(studio):
    studio.team()
    host = studio.staff(studio.host)
    broadcast(host, start="10:00")
    latest = broadcast(host, start="19:00")
    calls = await studio.send(studio.host, "/metrics 成交=3500 观看=1000 订单=40", at="22:10")
    entry = MetricsEntry.get()
    assert (entry.broadcast_id, entry.gmv_fen, entry.viewers, entry.orders) == (
        latest.id, 350000, 1000, 40)
    reply = studio.text(calls)
    assert "数据已保存" in reply and f"直播 #{latest.id}" in reply
    assert "GPM(每千观看人数成交):3,500元 · 客单价:87.50元" in reply


async def test_gpm_is_rounded_to_the_nearest_fen_not_cut(studio):
    studio.team()
    broadcast(studio.staff(studio.host), start="19:00")
    # 3,500 CNY × 1000 / 1,300 viewers = 2,692.3076… CNY: 2,692.31, not 2,692.30
    calls = await studio.send(studio.host, "/metrics 成交=3500 观看=1300", at="22:10")
    assert "GPM(每千观看人数成交):2,692.31元" in studio.text(calls)
    assert metrics.gpm_fen(350000, 1300) == 269231


async def test_keyword_and_fullwidth_signs_through_the_bot(studio):
    studio.team()
    b = broadcast(studio.staff(studio.host))
    calls = await studio.send(studio.host, "数据 粉丝＝1.2万 点赞：3k 成交=3500", chat="private",
                              at="22:10")
    entry = MetricsEntry.get()
    assert (entry.broadcast_id, entry.fans, entry.likes) == (b.id, 12000, 3000)
    # Counts are written like amounts, with thousands separators.
    reply = studio.text(calls)
    assert "粉丝:12,000\n成交(元):3,500\n点赞:3,000" in reply and "(2026-11-26 · 房间 A)" in reply


async def test_sending_again_replaces_and_keeps_the_history(studio):
    studio.team()
    b = broadcast(studio.staff(studio.host))
    await studio.send(studio.host, "/metrics gmv=3000 viewers=900", at="22:10")
    await studio.send(studio.host, "/metrics gmv=3500", at="22:20")
    entries = list(MetricsEntry.select().order_by(MetricsEntry.id))
    assert [(e.current, e.gmv_fen, e.viewers) for e in entries] == [
        (False, 300000, 900), (True, 350000, 900)]
    assert metrics.month_gmv_fen([b.staff_id], date(2026, 11, 1), date(2026, 11, 30)) == {
        b.staff_id: 350000}
    assert Audit.select().where(Audit.action == "metrics.replace").count() == 1


@pytest.mark.parametrize(("text", "says"), [
    ("/metrics fans=-5", "不能为负数:-5"),
    ("/metrics weather=sunny", "没有这项数据:weather。可用:粉丝、新增粉丝、观看、观看次数、峰值、成交、"
                               "订单、商品、点赞、评论、中控台、阿里妈妈。"),
    ("/metrics gmv=abc", "金额不对:abc"),
    ("/metrics gmv=2000万", "成交额太大"),
    # A bare number is never taken as some field's value: key=value or nothing is written.
    ("/metrics gmv=3500 3", "请写 项目=数值:3。"),
    ("/metrics 观看 12000 3", "请写 项目=数值:3。"),
    ("/metrics =5", "=5 前面缺少项目名:请写 项目=数值(如 观看=1200)。可用:粉丝、"),
    ("/metrics 观看=1200 ：5", "：5 前面缺少项目名"),
])
async def test_bad_metrics_give_reason_and_usage_and_write_nothing(studio, text, says):
    # The keys are listed as the reader writes them, never the codes to a Chinese reader.
    studio.team()
    broadcast(studio.staff(studio.host))
    reply = studio.text(await studio.send(studio.host, text, at="22:10"))
    assert says in reply and "用法: /metrics" in reply
    assert MetricsEntry.select().count() == 0


async def test_metrics_without_a_broadcast_that_day_are_refused(studio):
    studio.team()
    broadcast(studio.staff(studio.host), day="2026-11-25")
    reply = studio.text(await studio.send(studio.host, "/metrics gmv=100", at="22:10"))
    assert "2026-11-26 这个营业日还没有直播记录" in reply and "用法: /metrics" in reply
    assert MetricsEntry.select().count() == 0


async def test_an_id_of_someone_elses_broadcast_is_for_ops_only(studio):
    studio.team()
    other = broadcast(studio.staff(studio.host2))
    refused = await studio.send(studio.host, f"/metrics {other.id} gmv=100", at="22:10")
    assert studio.texts(refused) == ["这不是你的直播。"]
    await studio.send(studio.ops, f"/metrics {other.id} gmv=100", at="22:11")
    assert MetricsEntry.get().broadcast_id == other.id


async def test_a_stranger_cannot_send_metrics(studio):
    studio.team()
    calls = await studio.send(studio.stranger, "/metrics gmv=100", at="22:10")
    assert studio.texts(calls) == ["你没有权限使用这个命令。"]
    assert MetricsEntry.select().count() == 0


ANSWERS = ["3500", "/skip", "1.2万", "860", "3500.5", "40", "25", "2k", "/skip",
           "红包3次 抽奖2次", "/skip"]


async def test_the_guided_conversation_in_the_group_to_the_end(studio):
    studio.team()
    b = broadcast(studio.staff(studio.host))
    calls = await studio.send(studio.host, "/metrics", at="22:10")
    first = studio.sent(calls)[0]
    assert "(1/11)粉丝?" in first.text
    assert first.params["reply_markup"]["selective"] is True
    # Chatting in the group meanwhile is no answer.
    assert not studio.sent(await studio.send(studio.host, "大家好", at="22:10"))
    for answer in ANSWERS:
        reply_to = studio.sent(calls)[-1].result
        calls = await studio.send(studio.host, answer, at="22:11", reply_to=reply_to)
    card = studio.sent(calls)[-1]
    assert "成交(元):3,500.50" in card.text and "中控台:红包3次 抽奖2次" in card.text
    assert MetricsEntry.select().count() == 0  # nothing until confirmed
    # Someone else's press belongs to no conversation of theirs.
    other = await studio.press(studio.host2, card, "保存")
    assert any(c.method == "answerCallbackQuery" and c.params.get("show_alert") for c in other)
    assert MetricsEntry.select().count() == 0
    calls = await studio.press(studio.host, card, "保存")
    entry = MetricsEntry.get()
    assert (entry.broadcast_id, entry.fans, entry.new_fans, entry.viewers, entry.gmv_fen,
            entry.likes, entry.comments, entry.console) == (
        b.id, 3500, None, 12000, 350050, 2000, None, "红包3次 抽奖2次")
    assert any(c.method == "editMessageText" and "数据已保存" in c.text for c in calls)
    # The conversation is over: a plain message is nobody's answer.
    assert not studio.sent(await studio.send(studio.host, "123", at="22:12"))


async def test_a_bad_answer_asks_again_and_cancel_writes_nothing(studio):
    studio.team()
    broadcast(studio.staff(studio.host))
    await studio.send(studio.host, "/metrics", chat="private", at="22:10")
    calls = await studio.send(studio.host, "-5", chat="private", at="22:11")
    assert "不能为负数" in studio.text(calls) and "(1/11)粉丝?" in studio.text(calls)
    calls = await studio.send(studio.host, "/cancel", chat="private", at="22:12")
    assert "已取消" in studio.text(calls)
    assert MetricsEntry.select().count() == 0
    # no conversation open: a bare number is no answer, only a hint; nothing written
    assert "没看懂“3500”" in studio.text(await studio.send(studio.host, "3500", chat="private",
                                                          at="22:13"))
    assert MetricsEntry.select().count() == 0


async def test_a_whole_line_of_named_numbers_answers_the_conversation(studio):
    studio.team()
    b = broadcast(studio.staff(studio.host))
    calls = await studio.send(studio.host, "/metrics", at="22:10")
    await studio.send(studio.host, "3500", at="22:11", reply_to=studio.sent(calls)[-1].result)
    calls = await studio.send(studio.host, "观看1.5w，成交3500元", at="22:11",
                              reply_to=studio.sent(calls)[-1].result)
    assert "数据已保存" in studio.text(calls) and "数字不对" not in studio.text(calls)
    entry = MetricsEntry.get()
    assert (entry.broadcast_id, entry.fans, entry.viewers, entry.gmv_fen) == (
        b.id, 3500, 15000, 350000)
    # The conversation is over: a plain message is nobody's answer.
    assert not studio.sent(await studio.send(studio.host, "123", at="22:12"))


async def test_a_command_during_the_conversation_still_runs(studio):
    studio.team()
    broadcast(studio.staff(studio.host))
    await studio.send(studio.host, "/metrics", chat="private", at="22:10")
    calls = await studio.send(studio.host, "/rules", chat="private", at="22:11")
    assert "乐捐" in studio.text(calls)
    calls = await studio.send(studio.host, "/metrics gmv=100", chat="private", at="22:12")
    assert "数据已保存" in studio.text(calls) and MetricsEntry.get().gmv_fen == 10000


# --- the targets job ----------------------------------------------------------------------------

def gmv(staff, day: str, yuan: int) -> None:
    b = broadcast(staff, day=day)
    metrics.save_metrics(b, staff, {"gmv": yuan * 100},
                         datetime.fromisoformat(f"{day} 22:30").replace(tzinfo=TZ))


@pytest.mark.parametrize(("at", "expected"), [
    ("2026-09-30 20:00", "小红:本月成交 0元;本月没有带货目标(入职第一个月)。"),
    ("2026-10-15 20:00", "小红:本月成交 1,000元 / 目标 2,741.94元(到今天应完成 161.29元)。"
                         "还差 1,741.94元,剩余 17 天(含今天),每天需 102.47元。"),
    ("2026-11-15 20:00", "小红:本月成交 0元 / 目标 5,000元(到今天应完成 2,500元)。"
                         "还差 5,000元,剩余 16 天(含今天),每天需 312.50元。"),
    ("2026-12-31 20:00", "小红:本月成交 8,000元 / 目标 7,741.94元(到今天应完成 7,741.94元)。"
                         "本月目标已完成 🎉"),
    ("2027-03-15 20:00", "小红:本月成交 0元 / 目标 10,000元(到今天应完成 4,838.71元)。"
                         "还差 10,000元,剩余 17 天(含今天),每天需 588.24元。"),
])
async def test_targets_job_for_a_host_who_started_on_15_september(studio, at, expected):
    studio.team()
    host = studio.add_staff(studio.host, start="2026-09-15")
    gmv(host, "2026-09-30", 0)
    gmv(host, "2026-10-03", 1000)
    gmv(host, "2026-12-02", 8000)
    gmv(host, "2026-11-20", 9999)  # after the 15th: not yet in the "so far" of 15 November
    calls = await studio.run_job("targets", at)
    assert expected in studio.text(calls, studio.host)
    summary = studio.text(calls, studio.manager)
    assert expected in summary
    # 小明 has no start date: shown as such to the managers, never a guessed target; not told.
    assert "小明:本月成交 0元;没有正式开播日期" in summary
    assert not studio.texts(calls, studio.host2)


async def test_targets_job_in_english_and_sent_once(studio):
    studio.team()
    host = studio.add_staff(studio.host, start="2026-09-15", lang="en")
    gmv(host, "2026-10-03", 1000)
    calls = await studio.run_job("targets", "2026-10-15 20:00")
    assert ("小红: GMV this month 1,000 CNY / target 2,741.94 CNY (161.29 CNY due by today). "
            "1,741.94 CNY to go in 17 days (today included): 102.47 CNY a day."
            ) in studio.text(calls, studio.host)
    assert "<b>Sales target, 2026-10</b>" in studio.text(calls, studio.host)
    assert not studio.sent(await studio.run_job("targets", "2026-10-15 20:00"))


async def test_metrics_totals_for_reports(studio):
    studio.team()
    host = studio.staff(studio.host)
    await_b = broadcast(host)
    metrics.save_metrics(await_b, host, {"gmv": 300000, "viewers": 1000, "orders": 30},
                         datetime(2026, 11, 26, 22, tzinfo=TZ))
    metrics.save_metrics(broadcast(host, start="10:00"), host, {"gmv": 100000, "viewers": 500},
                         datetime(2026, 11, 26, 22, tzinfo=TZ))
    totals = metrics.metrics_totals(date(2026, 11, 1), date(2026, 11, 30))
    assert totals[host.id] == metrics.Totals(400000, 1500, 30, gmv_viewed_fen=400000,
                                             gmv_ordered_fen=300000)
    # Over the broadcast with orders only: 3,000 / 30, not 4,000 / 30 (issue 26).
    assert totals[host.id].average_order_fen == 10000
    assert metrics.month_gmv_fen([host.id, 99], date(2026, 12, 1), date(2026, 12, 31)) == {
        host.id: 0, 99: 0}


async def test_a_missing_average_order_is_a_dash_without_a_unit(studio):
    # GMV and viewers but no orders: "客单价:—", not "—元" (a dash is no amount of yuan).
    studio.team()
    broadcast(studio.staff(studio.host))
    calls = await studio.send(studio.host, "/metrics 成交=100 观看=1万", at="22:10")
    assert "GPM(每千观看人数成交):10元 · 客单价:—" in studio.text(calls)
    assert "—元" not in studio.text(calls)
    await studio.send(studio.host, "/lang en", chat="private")
    calls = await studio.send(studio.host, "/metrics orders=0", chat="private", at="22:11")
    assert "average order: —" in studio.text(calls) and "— CNY" not in studio.text(calls)


async def test_an_english_reader_is_listed_the_keys_as_typed_in_english(studio):
    studio.add_staff(studio.host, "host", lang="en")
    broadcast(studio.staff(studio.host))
    reply = studio.text(await studio.send(studio.host, "/metrics weather=sunny", chat="private",
                                          at="22:10"))
    assert "Keys: fans, new_fans, viewers, views, peak, gmv, orders" in reply
