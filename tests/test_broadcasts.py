"""Attendance and broadcasts: /checkin, /plan, /schedule, /live, /offline, the closing
checklist, the room handover, broadcast_watch and /fixlive — driven as the studio's day."""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from pathlib import Path

import pytest

from models import Audit, Broadcast, Checkin, ChecklistTick, FineProposal, Handover, Plan
from studio import broadcasts, figures
from studio.clock import Clock
from studio.errors import BadInput
from studio.i18n import placeholders
from tests.conftest import TZ

CLOCK = Clock(TZ)


def local(moment: datetime) -> str:
    return CLOCK.local(moment).strftime("%Y-%m-%d %H:%M")


def last_reply(studio, calls, chat="group"):
    return studio.sent(calls, studio.chat_id(chat))[-1]


# --- parsers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("args, when, rest", [
    ([], None, []),
    (["A"], None, ["A"]),
    (["23:50"], "23:50", []),
    (["23：50", "B", "note"], "23：50", ["B", "note"]),
    (["2026-11-25", "23:50", "A"], "2026-11-25 23:50", ["A"]),
    (["25:99"], "25:99", []),
    (["新品", "19:00"], None, ["新品", "19:00"]),
])
def test_take_time_reads_a_leading_time(args, when, rest):
    assert broadcasts.take_time(args) == (when, rest)


@pytest.mark.parametrize("rooms, args, room, rest", [
    (["A", "B"], [], "A", []),
    (["A", "B"], ["b", "上新"], "B", ["上新"]),
    (["A"], ["上新", "秋装"], "A", ["上新", "秋装"]),
    (["A"], ["a"], "A", []),
    (["Ａ", "B"], ["A"], "Ａ", []),
])
def test_take_room_picks_the_room_or_the_first(rooms, args, room, rest):
    assert broadcasts.take_room(args, rooms, default_first=True) == (room, rest)


def test_an_unknown_room_among_several_is_bad_input():
    with pytest.raises(BadInput) as caught:
        broadcasts.take_room(["C"], ["A", "B"], default_first=True)
    assert caught.value.key == "unknown_room"


@pytest.mark.parametrize("text, ok", [
    ("19:00-22:00", True), ("19:00–22:00", True), ("23:00~01:30", True), ("19：00-22：00", True),
    ("19:00", False), ("25:00-26:00", False), ("19-22", False),
])
def test_parse_range(text, ok):
    if ok:
        broadcasts.parse_range(text)
    else:
        with pytest.raises(BadInput):
            broadcasts.parse_range(text)


# --- /live and /offline ----------------------------------------------------------------------


async def test_a_broadcast_from_1900_to_2205_counts_3_h_5_min(studio):
    studio.team()
    calls = await studio.send(studio.host, "/live A", at="19:00")
    assert "开播" in studio.text(calls, "group") and "房间 A" in studio.text(calls, "group")
    calls = await studio.send(studio.host, "/offline", at="22:05")
    reply = last_reply(studio, calls)
    assert "本场 3小时5分,今天共 3小时5分 / 3小时 ✅" in reply.text
    assert [b["text"] for b in reply.buttons] == ["☐ 关灯", "☐ 关电脑", "☐ 关空调", "☐ 清理垃圾",
                                                  "☐ 设备归位"]
    broadcast = Broadcast.get()
    assert broadcast.minutes == 185 and not broadcast.late_start and not broadcast.late_end
    assert ChecklistTick.select().where(ChecklistTick.ticked_at.is_null()).count() == 5
    assert figures.one_day(studio.staff(studio.host).id, date(2026, 11, 26)).live_minutes == 185


async def test_a_short_day_shows_the_cross_against_3_h(studio):
    studio.team()
    await studio.send(studio.host, "/live", at="19:00")
    calls = await studio.send(studio.host, "/offline", at="20:00")
    assert "本场 1小时,今天共 1小时 / 3小时 ❌" in last_reply(studio, calls).text
    await studio.send(studio.host, "/live", at="20:30")
    calls = await studio.send(studio.host, "/offline", at="22:45")
    assert "本场 2小时15分,今天共 3小时15分 / 3小时 ✅" in last_reply(studio, calls).text


async def test_a_broadcast_past_midnight_counts_to_the_day_it_started(studio):
    studio.team()
    await studio.send(studio.host, "/live A", at="23:00")
    calls = await studio.send(studio.host, "/offline", at="2026-11-27 01:30")
    assert "本场 2小时30分,今天共 2小时30分" in last_reply(studio, calls).text
    host = studio.staff(studio.host)
    assert figures.one_day(host.id, date(2026, 11, 26)).live_minutes == 150
    assert figures.one_day(host.id, date(2026, 11, 27)).live_minutes == 0


async def test_a_0130_start_counts_to_the_previous_business_day(studio):
    studio.team()
    await studio.send(studio.host, "/live A", at="2026-11-27 01:30")
    await studio.send(studio.host, "/offline", at="2026-11-27 04:40")
    broadcast = Broadcast.get()
    assert broadcast.day == date(2026, 11, 26)
    assert figures.one_day(studio.staff(studio.host).id, date(2026, 11, 26)).live_minutes == 190


async def test_a_late_start_sent_after_midnight_means_the_day_before_and_proposes_the_fine(studio):
    studio.team()
    calls = await studio.send(studio.host, "/live 23:50", at="2026-11-27 00:30")
    broadcast = Broadcast.get()
    assert local(broadcast.started_at) == "2026-11-26 23:50" and broadcast.late_start
    assert broadcast.day == date(2026, 11, 26)
    assert "补登记" in studio.text(calls, "group")
    proposal = FineProposal.get()
    assert (proposal.code, proposal.source) == ("register", f"late_start:{broadcast.id}")
    assert proposal.staff_id == studio.staff(studio.host).id
    card = studio.sent(calls, studio.manager.id)[0]
    assert "10元" in card.text and [b["text"] for b in card.buttons] == ["确认", "驳回"]


async def test_a_late_end_is_recorded_with_its_time_and_proposes_the_fine(studio):
    studio.team()
    await studio.send(studio.host, "/live A", at="19:00")
    calls = await studio.send(studio.host, "/offline 22:00 忘了", at="22:40")
    broadcast = Broadcast.get()
    assert local(broadcast.ended_at) == "2026-11-26 22:00" and broadcast.late_end
    assert broadcast.end_note == "忘了" and broadcast.minutes == 180
    assert FineProposal.get().source == f"late_end:{broadcast.id}"
    assert studio.sent(calls, studio.manager.id)


async def test_typing_the_current_minute_is_no_late_registration(studio):
    studio.team()
    await studio.send(studio.host, "/live 19:00 A", at="19:00")
    await studio.send(studio.host, "/offline 22:00", at="22:00")
    broadcast = Broadcast.get()
    assert not broadcast.late_start and not broadcast.late_end and broadcast.minutes == 180
    assert FineProposal.select().count() == 0


async def test_with_several_rooms_and_none_given_the_first_room_is_used(studio):
    studio.team()
    await studio.send(studio.host, "/live", at="19:00")
    await studio.send(studio.host2, "/live B 秋装上新", at="19:01")
    rooms = {b.staff.name: (b.room, b.note) for b in Broadcast.select()}
    assert rooms == {"小红": ("A", ""), "小明": ("B", "秋装上新")}


async def test_keywords_and_both_chats_work(studio):
    studio.team()
    calls = await studio.send(studio.host, "到岗", at="18:50")
    assert "到岗" in studio.text(calls, "group")
    calls = await studio.send(studio.host, "开播 A", at="19:00")
    assert "开播" in studio.text(calls, "group")
    calls = await studio.send(studio.host, "下播", chat="private", at="22:00")
    assert "本场 3小时" in studio.text(calls, studio.host)
    assert Checkin.select().count() == 1 and Broadcast.get().minutes == 180
    calls = await studio.send(studio.host2, "/live B", chat="private", at="22:10")
    assert "开播" in studio.text(calls, studio.host2)
    calls = await studio.send(studio.host2, "/offline", at="23:10")
    assert "本场 1小时" in studio.text(calls, "group")


BAD = [
    # (what happened before, the command, when, the reason's words)
    ([], "/live 25:99", "19:00", "时间格式不对"),
    ([], "/live 2026-11-26 23:00", "22:00", "不能登记未来的时间"),
    ([], "/live C", "19:00", "没有房间 C"),
    ([("host2", "/live A", "18:00")], "/live A", "19:00", "正在被 小明 使用"),
    ([("host", "/live A", "18:00")], "/live B", "19:00", "你已经在直播中"),
    ([("host", "/live A", "18:00"), ("host", "/offline", "20:00")], "/live 19:00", "20:30",
     "时间重叠"),
    ([("host2", "/live A", "18:00"), ("host2", "/offline", "19:30")], "/live 19:00 A", "20:00",
     "正在被 小明 使用"),
    ([], "/offline", "22:00", "没有正在进行的直播"),
    ([("host", "/live A", "19:00")], "/offline 18:00", "19:30", "结束时间早于开播时间"),
    ([("host", "/live A", "19:00")], "/offline 25:99", "19:30", "时间格式不对"),
]


@pytest.mark.parametrize("before, text, at, reason", BAD)
async def test_bad_input_gives_one_line_and_usage_and_writes_nothing(studio, before, text, at,
                                                                     reason):
    studio.team()
    for who, command, when in before:
        await studio.send(getattr(studio, who), command, at=when)
    state = [(b.id, b.started_at, b.ended_at) for b in Broadcast.select().order_by(Broadcast.id)]
    audits, ticks = Audit.select().count(), ChecklistTick.select().count()
    calls = await studio.send(studio.host, text, at=at)
    reply = studio.text(calls, "group")
    assert reason in reply and "用法:" in reply and len(reply.splitlines()) == 2
    assert [(b.id, b.started_at, b.ended_at) for b in Broadcast.select()
            .order_by(Broadcast.id)] == state
    assert Audit.select().count() == audits
    assert FineProposal.select().count() == 0 and ChecklistTick.select().count() == ticks


# --- the room handover ------------------------------------------------------------------------


async def test_the_handover_report_proposes_fines_to_the_previous_host(studio):
    studio.team()
    await studio.send(studio.host2, "/live A", at="2026-11-25 14:00")
    await studio.send(studio.host2, "/offline", at="2026-11-25 17:00")
    await studio.send(studio.host, "/live A", at="2026-11-25 18:00")  # her own earlier one
    await studio.send(studio.host, "/offline", at="2026-11-25 18:30")
    await studio.send(studio.host2, "/live A", at="2026-11-25 20:00")
    card = last_reply(studio, await studio.send(studio.host2, "/offline", at="2026-11-25 23:00"))
    await studio.press(studio.host2, card, "☐ 关灯", at="2026-11-25 23:01")
    await studio.press(studio.host2, card, "☐ 关空调", at="2026-11-25 23:02")
    calls = await studio.send(studio.host, "/live A", at="19:00")
    prompt = last_reply(studio, calls)
    # The broadcast she found the room after (小明's #3 of the 25th), not her own #4 or #2,
    # with what 小明 ticked on leaving.
    assert prompt.text.splitlines()[1:] == [
        '上一场:第 3 场,<a href="tg://user?id=444">小明</a>,11-25 20:00–23:00。'
        "收尾时勾选了:关灯、关空调。", "房间情况正常吗?"]
    assert [b["text"] for b in prompt.buttons] == ["房间正常", "报告问题"]
    # The prompt never blocks: other commands work while it waits.
    assert "到岗" in studio.text(await studio.send(studio.host, "/checkin", at="19:01"), "group")
    calls = await studio.press(studio.host, prompt, "报告问题", at="19:02")
    items = next(c for c in calls if c.method == "editMessageReplyMarkup")
    assert [b["text"] for b in items.buttons] == ["☐ 灯没关", "☐ 电脑没关", "☐ 空调没关",
                                                  "☐ 桌上有垃圾", "☐ 设备乱放", "提交"]
    calls = await studio.press(studio.host, items, "☐ 灯没关")
    items = next(c for c in calls if c.method == "editMessageReplyMarkup")
    calls = await studio.press(studio.host, items, "☐ 桌上有垃圾")
    items = next(c for c in calls if c.method == "editMessageReplyMarkup")
    calls = await studio.press(studio.host, items, "☐ 空调没关")
    items = next(c for c in calls if c.method == "editMessageReplyMarkup")
    calls = await studio.press(studio.host, items, "☑ 空调没关")  # changed their mind
    items = next(c for c in calls if c.method == "editMessageReplyMarkup")
    assert FineProposal.select().count() == 0  # nothing until submitted
    calls = await studio.press(studio.host, items, "提交")
    proposals = list(FineProposal.select().order_by(FineProposal.id))
    handover = Handover.get(Handover.broadcast == 4)
    assert [(p.code, p.staff.name, p.source) for p in proposals] == [
        ("lights", "小明", f"handover:{handover.id}:lights"),
        ("rubbish", "小明", f"handover:{handover.id}:rubbish")]
    assert proposals[0].why == ("第 3 场(房间 A,小明 11-25 20:00–23:00)之后,接班的 小红 报告:"
                                "灯没关。收尾时勾选了:关灯、关空调。")
    assert handover.status == "reported" and handover.codes == ["lights", "rubbish"]
    edited = next(c for c in calls if c.method == "editMessageText")
    assert "灯没关、桌上有垃圾" in edited.text and not edited.buttons
    assert len(studio.sent(calls, studio.manager.id)) == 2
    # Answered: a second submit is refused and proposes nothing more.
    again = await studio.press(studio.host, items, "提交")
    assert any(c.method == "answerCallbackQuery" and c.params.get("show_alert") for c in again)
    assert FineProposal.select().count() == 2


async def test_room_in_order_proposes_nothing_and_only_the_incoming_host_answers(studio):
    studio.team()
    await studio.send(studio.host2, "/live A", at="14:00")
    await studio.send(studio.host2, "/offline", at="17:00")
    prompt = last_reply(studio, await studio.send(studio.host, "/live A", at="19:00"))
    calls = await studio.press(studio.host2, prompt, "报告问题")
    assert any(c.params.get("show_alert") for c in calls if c.method == "answerCallbackQuery")
    calls = await studio.press(studio.host, prompt, "房间正常")
    assert "房间正常" in next(c for c in calls if c.method == "editMessageText").text
    assert Handover.get().status == "ok" and FineProposal.select().count() == 0


async def test_the_same_host_in_the_same_room_is_not_asked(studio):
    studio.team()
    await studio.send(studio.host, "/live A", at="14:00")
    await studio.send(studio.host, "/offline", at="17:00")
    calls = await studio.send(studio.host, "/live A", at="19:00")
    assert not last_reply(studio, calls).buttons and Handover.select().count() == 0


# --- the closing checklist and broadcast_watch ----------------------------------------------


async def test_an_unticked_checklist_is_reminded_once_then_fined_per_item_once(studio):
    studio.team()
    await studio.send(studio.host, "/live A", at="19:00")
    checklist = last_reply(studio, await studio.send(studio.host, "/offline", at="22:05"))
    for label in ("☐ 关灯", "☐ 关电脑", "☐ 关空调"):
        calls = await studio.press(studio.host, checklist, label, at="22:06")
        checklist = next(c for c in calls if c.method == "editMessageReplyMarkup")
    assert [b["text"] for b in checklist.buttons][:3] == ["✅ 关灯 22:06", "✅ 关电脑 22:06",
                                                          "✅ 关空调 22:06"]
    # Another host cannot tick it.
    calls = await studio.press(studio.host2, checklist, "☐ 清理垃圾", at="22:07")
    assert any(c.params.get("show_alert") for c in calls if c.method == "answerCallbackQuery")
    assert ChecklistTick.select().where(ChecklistTick.ticked_at.is_null()).count() == 2

    assert not studio.sent(await studio.run_job("broadcast_watch", "22:15"))
    reminder = studio.sent(await studio.run_job("broadcast_watch", "22:20"))
    assert len(reminder) == 1 and reminder[0].chat_id == studio.host.id
    assert "清理垃圾、设备归位" in reminder[0].text and "关灯" not in reminder[0].text
    assert Broadcast.get().checklist_reminded_at is not None
    assert not studio.sent(await studio.run_job("broadcast_watch", "22:25"))
    assert FineProposal.select().count() == 0

    calls = await studio.run_job("broadcast_watch", "22:35")
    proposals = list(FineProposal.select().order_by(FineProposal.id))
    assert [(p.code, p.source) for p in proposals] == [("rubbish", "checklist:1:rubbish"),
                                                       ("mess", "checklist:1:mess")]
    # One card for the checklist, both items on it (issue #17), each numbered as its fine.
    [card] = studio.sent(calls, studio.manager.id)
    assert "清理垃圾、设备归位" in card.text and "#1 遗留垃圾" in card.text
    assert "#2 设备乱放" in card.text
    assert Broadcast.get().checklist_settled_at is not None
    assert not studio.sent(await studio.run_job("broadcast_watch", "22:40"))
    assert FineProposal.select().count() == 2


async def checklist_left_with_two_items(studio) -> None:
    """小红's broadcast 19:00–22:05 with 清理垃圾 and 设备归位 left unticked, reminded at 22:20."""
    await studio.send(studio.host, "/live A", at="19:00")
    checklist = last_reply(studio, await studio.send(studio.host, "/offline", at="22:05"))
    for label in ("☐ 关灯", "☐ 关电脑", "☐ 关空调"):
        calls = await studio.press(studio.host, checklist, label, at="22:06")
        checklist = next(c for c in calls if c.method == "editMessageReplyMarkup")
    assert len(studio.sent(await studio.run_job("broadcast_watch", "22:20"))) == 1


async def test_the_digest_counts_the_proposal_cards_broadcast_watch_sent(studio):
    studio.team()
    await checklist_left_with_two_items(studio)
    cards = studio.sent(await studio.run_job("broadcast_watch", "22:35"), studio.manager.id)
    assert len(cards) == 1  # one card for the checklist's two items
    digest = studio.text(await studio.run_job("digest", "23:30"), studio.manager)
    # the reminder to 小红 and the card to the manager; its two proposals wait
    assert "• <code>broadcast_watch</code>:2" in digest.splitlines()
    assert digest.splitlines()[-1] == "📥 待你决定的事项:1 件(→ /pending)"


async def test_a_watch_run_killed_between_cards_never_sends_a_card_twice(studio, monkeypatch):
    from freezegun import freeze_time

    from scheduler import registry
    from scheduler.runner import execute
    from tests.conftest import Person, studio_time
    from tests.test_jobs import Killed

    studio.team()
    boss2 = Person(777, "张经理", "boss2")
    studio.add_staff(boss2, "manager")
    await checklist_left_with_two_items(studio)
    answer, seen = studio.api.handle, []

    def dies_at_the_second_card(method, params, files=None):
        if method == "sendMessage":
            if len(seen) == 1:
                raise Killed
            seen.append(params["chat_id"])
        return answer(method, params, files)
    monkeypatch.setattr(studio.api, "handle", dies_at_the_second_card)
    with pytest.raises(Killed):
        await studio.run_job("broadcast_watch", "22:35")
    monkeypatch.setattr(studio.api, "handle", answer)  # restarted
    assert FineProposal.select().count() == 2 and Broadcast.get().checklist_settled_at is None

    # The next watch run sends the cards left; resuming the killed run afterwards sends nothing.
    calls = await studio.run_job("broadcast_watch", "22:40")
    later = studio_time("22:50")
    with freeze_time(later, real_asyncio=True):
        await execute(studio.app, registry(studio.app)["broadcast_watch"], studio_time("22:35"), resume=True)
    calls += studio.api.take()
    got = [c.chat_id for c in studio.sent(calls)] + seen
    assert sorted(got) == sorted([studio.manager.id, boss2.id])  # one card each
    proposals = list(FineProposal.select().order_by(FineProposal.id))
    assert [p.source for p in proposals] == ["checklist:1:rubbish", "checklist:1:mess"]
    assert all(len(p.card_ids) == 2 for p in proposals)
    assert Broadcast.get().checklist_settled_at is not None
    assert not studio.sent(await studio.run_job("broadcast_watch", "22:55"))

    # Confirm on one manager's card edits both managers' cards of that proposal.
    card = next(c for c in studio.sent(calls, boss2.id) if "fineprop:yes:1" in str(c.buttons))
    calls = await studio.press(boss2, card, "fineprop:yes:1", at="23:00")
    assert sorted(c.chat_id for c in calls if c.method == "editMessageText") == sorted(
        [studio.manager.id, boss2.id])


async def test_a_complete_checklist_is_never_reminded_nor_fined(studio):
    studio.team()
    await studio.send(studio.host, "/live A", at="19:00")
    checklist = last_reply(studio, await studio.send(studio.host, "/offline", at="22:05"))
    for label in ("☐ 关灯", "☐ 关电脑", "☐ 关空调", "☐ 清理垃圾", "☐ 设备归位"):
        calls = await studio.press(studio.host, checklist, label, at="22:06")
        checklist = next(c for c in calls if c.method == "editMessageReplyMarkup")
    calls = await studio.press(studio.host, checklist, "✅ 关灯 22:06", at="22:07")
    assert "已在 22:06 勾选过了" in next(c for c in calls
                                      if c.method == "answerCallbackQuery").params["text"]
    assert Broadcast.get().checklist_settled_at is not None
    for at in ("22:20", "22:35", "23:00"):
        assert not studio.sent(await studio.run_job("broadcast_watch", at))
    assert FineProposal.select().count() == 0


async def test_a_host_without_a_private_chat_is_reminded_in_the_group_with_the_buttons(studio):
    studio.team()
    studio.add_staff(studio.host, "host", private=False)
    await studio.send(studio.host, "/live A", at="19:00")
    await studio.send(studio.host, "/offline", at="22:00")
    reminder = studio.sent(await studio.run_job("broadcast_watch", "22:15"), studio.chat_id("group"))
    assert len(reminder) == 1 and "小红" in reminder[0].text
    labels = [b["text"] for b in reminder[0].buttons]
    assert labels[:5] == ["☐ 关灯", "☐ 关电脑", "☐ 关空调", "☐ 清理垃圾", "☐ 设备归位"]
    await studio.press(studio.host, reminder[0], "☐ 关灯", at="22:16")
    assert ChecklistTick.get(ChecklistTick.item == "lights").ticked_at is not None


async def test_a_late_end_gives_the_checklist_its_grace_from_the_offline_message(studio):
    studio.team()
    await studio.send(studio.host, "/live A", at="19:00")
    await studio.send(studio.host, "/offline 21:00", at="22:00")
    assert FineProposal.select().where(FineProposal.code != "register").count() == 0
    assert not studio.sent(await studio.run_job("broadcast_watch", "22:10"), studio.host.id)
    assert studio.sent(await studio.run_job("broadcast_watch", "22:15"), studio.host.id)


async def test_a_broadcast_left_open_is_closed_credited_nothing_and_fined(studio):
    studio.team()
    await studio.send(studio.host, "/live A", at="10:00")
    assert not studio.sent(await studio.run_job("broadcast_watch", "17:55"))
    calls = await studio.run_job("broadcast_watch", "18:05")
    broadcast = Broadcast.get()
    assert broadcast.auto_closed and local(broadcast.ended_at) == "2026-11-26 18:00"
    assert broadcast.minutes == 0
    assert figures.one_day(studio.staff(studio.host).id, date(2026, 11, 26)).live_minutes == 0
    told = studio.sent(calls, studio.host.id)
    assert len(told) == 1 and "自动结束" in told[0].text
    assert FineProposal.get().source == f"autoclose:{broadcast.id}"
    assert FineProposal.get().code == "register"
    assert not studio.sent(await studio.run_job("broadcast_watch", "18:10"))
    # The host can go live again; /offline has nothing open.
    calls = await studio.send(studio.host, "/offline", at="18:20")
    assert "没有正在进行的直播" in studio.text(calls, "group")


# --- /fixlive --------------------------------------------------------------------------------


async def test_fixlive_sets_the_end_of_an_auto_closed_broadcast_and_is_audited(studio):
    studio.team()
    await studio.send(studio.host, "/live A", at="10:00")
    await studio.run_job("broadcast_watch", "18:05")
    calls = await studio.send(studio.manager, "/fixlive 1 end 13:00", at="18:30")
    assert "13:00" in studio.text(calls, "group") and "3小时" in studio.text(calls, "group")
    broadcast = Broadcast.get()
    assert not broadcast.auto_closed and broadcast.minutes == 180
    entry = Audit.get(Audit.action == "broadcast.fix")
    assert entry.actor_id == studio.staff(studio.manager).id and entry.target == "broadcast:1"
    assert entry.detail == ("end: 2026-11-26 18:00 -> 2026-11-26 13:00 "
                            "(was auto-closed: now credited)")
    assert Audit.select().where(Audit.action == "broadcast.autoclose").count() == 1


async def test_fixlive_times_belong_to_the_broadcasts_business_day(studio):
    studio.team()
    await studio.send(studio.host, "/live A", at="23:00")
    await studio.send(studio.host, "/offline", at="2026-11-27 01:00")
    await studio.send(studio.manager, "/fixlive 1 end 02:00", at="2026-11-27 12:00")
    await studio.send(studio.manager, "/fixlive 1 start 2026-11-26 22:30", at="2026-11-27 12:01")
    broadcast = Broadcast.get()
    assert local(broadcast.ended_at) == "2026-11-27 02:00"
    assert local(broadcast.started_at) == "2026-11-26 22:30" and broadcast.minutes == 210
    details = [a.detail for a in Audit.select().where(Audit.action == "broadcast.fix")
               .order_by(Audit.id)]
    assert details == ["end: 2026-11-27 01:00 -> 2026-11-27 02:00",
                       "start: 2026-11-26 23:00 -> 2026-11-26 22:30"]


@pytest.mark.parametrize("who, text, reason", [
    ("manager", "/fixlive 9 end 21:00", "没有第 9 场直播"),
    ("manager", "/fixlive 1 end 18:00", "结束时间早于开播时间"),
    ("manager", "/fixlive 1 end 21:30", "时间重叠"),
    ("manager", "/fixlive 1 middle 20:00", "只能改 start 或 end"),
    ("manager", "/fixlive 1 end 23:59", "不能登记未来的时间"),
    ("manager", "/fixlive 1 end", "请写场次编号"),
    ("host", "/fixlive 1 end 20:30", "没有权限"),
])
async def test_fixlive_refuses_bad_corrections_and_writes_nothing(studio, who, text, reason):
    studio.team()
    await studio.send(studio.host, "/live A", at="19:00")
    await studio.send(studio.host, "/offline", at="20:00")
    await studio.send(studio.host, "/live A", at="21:00")
    await studio.send(studio.host, "/offline", at="22:00")
    before = [(b.started_at, b.ended_at) for b in Broadcast.select().order_by(Broadcast.id)]
    calls = await studio.send(getattr(studio, who), text, at="22:30")
    assert reason in studio.text(calls, "group")
    assert [(b.started_at, b.ended_at) for b in Broadcast.select()
            .order_by(Broadcast.id)] == before
    assert Audit.select().where(Audit.action == "broadcast.fix").count() == 0


# --- /checkin, /plan, /schedule --------------------------------------------------------------


async def test_a_second_checkin_says_when_and_writes_nothing(studio):
    studio.team()
    await studio.send(studio.host, "/checkin", at="18:40")
    calls = await studio.send(studio.host, "/checkin", at="18:55")
    assert "今天 18:40 已经到岗了" in studio.text(calls, "group")
    assert Checkin.select().count() == 1
    # The next business day starts at 05:00: 04:00 is still the same day, 05:00 a new one.
    await studio.send(studio.host, "/checkin", at="2026-11-27 04:00")
    assert Checkin.select().count() == 1
    await studio.send(studio.host, "/checkin", at="2026-11-27 05:00")
    assert Checkin.select().count() == 2


async def test_plans_are_shared_in_the_schedule(studio):
    studio.team()
    calls = await studio.send(studio.host, "/plan 明天 19:00-22:00 A 秋装", at="12:00")
    assert "2026-11-27 19:00–22:00" in studio.text(calls, "group")
    calls = await studio.send(studio.ops, "/plan @xiaoming today 23:00-01:00 B", at="12:01")
    assert "小明" in studio.text(calls, "group")
    late = Plan.get(Plan.room == "B")
    assert local(late.starts_at) == "2026-11-26 23:00" and local(late.ends_at) == "2026-11-27 01:00"
    today = studio.text(await studio.send(studio.ops, "/schedule", at="12:05"), "group")
    assert "小明" in today and "小红" not in today
    week = studio.text(await studio.send(studio.ops, "/schedule week", at="12:05"), "group")
    assert week.index("11-26 周四") < week.index("小明") < week.index("11-27 周五") \
        < week.index("小红") and "秋装" in week
    lines = week.splitlines()
    assert [line for line in lines if line != line.rstrip()] == []  # no trailing space
    assert any(line.endswith("· 房间 B") for line in lines)
    assert any(line.endswith("· 房间 A 秋装") for line in lines)


async def test_a_host_cannot_plan_for_someone_else(studio):
    studio.team()
    calls = await studio.send(studio.host, "/plan @xiaoming today 19:00-22:00", at="12:00")
    assert "没有权限" in studio.text(calls, "group") and Plan.select().count() == 0
    calls = await studio.send(studio.host, "/plan today 19-22", at="12:00")
    assert "时间段不对" in studio.text(calls, "group") and Plan.select().count() == 0
    # a plan's number alone (staff number 1 too) is a usage, not "no right"
    for text in ("/plan 1", "/plan #12", "/plan １"):
        calls = await studio.send(studio.host, text, at="12:00")
        assert studio.text(calls, "group").startswith("请写日期和时间段。\n用法:"), text
    assert Plan.select().count() == 0


# --- English ---------------------------------------------------------------------------------


async def test_a_host_in_english_gets_every_reply_in_english(studio):
    studio.team()
    await studio.send(studio.host, "/lang en", chat="private", at="18:00")
    calls = await studio.send(studio.host, "/checkin", chat="private", at="18:50")
    assert "checked in at 18:50" in studio.text(calls, studio.host)
    calls = await studio.send(studio.host, "/live A", chat="private", at="19:00")
    assert "is live · room A · 19:00" in studio.text(calls, studio.host)
    calls = await studio.send(studio.host, "/offline", chat="private", at="22:05")
    reply = last_reply(studio, calls, studio.host)
    assert "this one 3 h 5 min, today 3 h 5 min / 3 h ✅" in reply.text
    assert reply.buttons[0]["text"] == "☐ Lights off"
    calls = await studio.send(studio.host, "/offline", chat="private", at="22:10")
    assert "You have no broadcast open." in studio.text(calls, studio.host)
    assert "Usage: /offline" in studio.text(calls, studio.host)
    reminder = studio.sent(await studio.run_job("broadcast_watch", "22:20"), studio.host.id)
    assert "closing checklist of broadcast #1" in reminder[0].text


def test_both_languages_have_the_same_keys_and_placeholders():
    root = Path(__file__).resolve().parent.parent / "locales"
    files = {lang: tomllib.loads((root / lang / "broadcasts.toml").read_text("utf-8"))
             for lang in ("zh", "en")}

    def flat(table, prefix=""):
        for key, value in table.items():
            if isinstance(value, dict):
                yield from flat(value, f"{prefix}{key}.")
            else:
                yield f"{prefix}{key}", value
    zh, en = dict(flat(files["zh"])), dict(flat(files["en"]))
    assert zh.keys() == en.keys()
    assert {k: placeholders(v) for k, v in zh.items()} == {k: placeholders(v)
                                                           for k, v in en.items()}


@pytest.mark.parametrize("span", ["19:00-19:00", "22:00-21:00", "08:00-17:00"])
async def test_a_plan_of_no_time_or_longer_than_a_broadcast_may_last_is_refused(studio, span):
    # 19:00-19:00 was a 24-hour plan and 22:00-21:00 one of 23 hours: typos, not plans. A
    # plan longer than rules.max_broadcast_hours (8) could never be broadcast as planned.
    studio.team()
    calls = await studio.send(studio.host, f"/plan 明天 {span} A")
    assert studio.texts(calls) == [
        f"计划时长不对:{span}(应大于 0,最多 8 小时)。\n"
        "用法: /plan [@谁] 日期 HH:MM-HH:MM [房间] [备注],例:/plan 明天 19:00-22:00 A;"
        "改:/plan 编号 [日期] HH:MM-HH:MM;取消:/plan 编号 取消"]
    assert Plan.select().count() == 0


async def test_a_plan_of_exactly_the_longest_broadcast_and_one_past_midnight_are_fine(studio):
    studio.team()
    await studio.send(studio.host, "/plan 明天 14:00-22:00 A")
    await studio.send(studio.host, "/plan 明天 23:00-01:30 B")
    assert Plan.select().count() == 2


async def test_a_plan_is_changed_and_cancelled_by_its_number_and_audited(studio):
    studio.team()
    calls = await studio.send(studio.host, "/plan 明天 19:00-22:00 A 秋装", at="12:00")
    assert "已安排 #1:" in studio.text(calls)
    await studio.send(studio.host2, "/plan 明天 14:00-17:00 B", at="12:01")
    week = studio.text(await studio.send(studio.host, "/schedule week", at="12:02"))
    assert "#1 19:00–22:00 · " in week and "#2 14:00–17:00 · " in week
    assert "/plan 编号 取消" in week  # how to quote the numbers

    # New times, the same day; the room and the note stay.
    calls = await studio.send(studio.host, "/plan 1 20:00-23:30", at="12:05")
    assert "已改安排 #1:" in studio.text(calls) and "2026-11-27 20:00–23:30" in studio.text(calls)
    row = Plan.get_by_id(1)
    assert (local(row.starts_at), local(row.ends_at), row.room, row.note) == (
        "2026-11-27 20:00", "2026-11-27 23:30", "A", "秋装")
    # Another day (a time before 05:00 is past midnight), another room, in full-width digits.
    await studio.send(studio.host, "/plan ＃1 后天 23:00-01:00 B 新品", at="12:06")
    row = Plan.get_by_id(1)
    assert (row.day, local(row.starts_at), local(row.ends_at), row.room, row.note) == (
        date(2026, 11, 28), "2026-11-28 23:00", "2026-11-29 01:00", "B", "新品")

    # A host may not touch another's plan; ops may. Nothing written on a refusal.
    for text in ("/plan 2 取消", "/plan 2 15:00-18:00"):
        calls = await studio.send(studio.host, text, at="12:10")
        assert studio.text(calls) == "第 2 号安排不是你的:主播只能改、取消自己的安排。"
    assert local(Plan.get_by_id(2).starts_at) == "2026-11-27 14:00"
    assert Plan.get_by_id(2).cancelled_at is None
    calls = await studio.send(studio.ops, "/plan 2 cancel", at="12:11")
    assert "已取消安排 #2:" in studio.text(calls)

    # Bad input: a reason and the usage, nothing written.
    for text, reason in [("/plan 1 08:00-17:00", "计划时长不对:08:00-17:00"),
                         ("/plan 1 明晚 19:00-22:00", "日期不对"),
                         ("/plan 1 取消 了", "参数太多"),
                         ("/plan 9 取消", "没有第 9 号安排"),
                         ("/plan 2 19:00-22:00", "没有第 2 号安排")]:  # cancelled: gone
        reply = studio.text(await studio.send(studio.ops, text, at="12:12"))
        assert reply.startswith(reason) and "用法: /plan" in reply, text
    assert local(Plan.get_by_id(1).starts_at) == "2026-11-28 23:00"

    # Cancelled: no longer shown, nor counted as a planned day; the audit keeps every step.
    await studio.send(studio.host, "/plan 1 删除", at="12:15")
    week = studio.text(await studio.send(studio.host, "/schedule week", at="12:16"))
    assert "#1" not in week and "#2" not in week and "暂无安排" in week
    assert not figures.one_day(studio.staff(studio.host2).id, date(2026, 11, 27)).planned
    assert Plan.select().count() == 2
    assert [(a.action, a.target) for a in Audit.select().where(Audit.action.startswith("plan."))
            .order_by(Audit.id)] == [
        ("plan.add", "plan:1"), ("plan.add", "plan:2"), ("plan.change", "plan:1"),
        ("plan.change", "plan:1"), ("plan.cancel", "plan:2"), ("plan.cancel", "plan:1")]
    change = Audit.get(Audit.action == "plan.change")
    assert change.detail == "2026-11-27 19:00-22:00 A -> 2026-11-27 20:00-23:30 A"
    assert not studio.errors


async def test_a_plan_change_in_english(studio):
    studio.team()
    await studio.send(studio.host, "/lang en", chat="private", at="12:00")
    await studio.send(studio.host, "/plan tomorrow 19:00-22:00", chat="private", at="12:01")
    calls = await studio.send(studio.host, "/plan 1 18:00-21:00", chat="private", at="12:02")
    assert "Plan #1 changed:" in studio.text(calls, studio.host)
    calls = await studio.send(studio.host, "/plan 1 cancel", chat="private", at="12:03")
    assert "Plan #1 cancelled:" in studio.text(calls, studio.host)


async def test_fixlive_with_a_word_after_the_time_says_too_many_arguments(studio):
    # "22:30 extra" was read as a date and a time: "日期不对:22:30" named the wrong word.
    studio.team()
    await studio.send(studio.host, "/live A", at="19:00")
    await studio.send(studio.host, "/offline", at="22:00")
    calls = await studio.send(studio.manager, "/fixlive 1 start 19:30 oops", at="22:10")
    assert studio.text(calls).splitlines()[0] == "参数太多。"
    assert local(Broadcast.get_by_id(1).started_at) == "2026-11-26 19:00"


async def test_live_without_a_room_takes_the_room_of_the_hosts_plan(studio):
    studio.team()
    await studio.send(studio.ops, "/plan 小明 今天 20:00-23:00 B 新品", at="10:00")
    calls = await studio.send(studio.host2, "开播", at="19:55")
    assert "房间 B" in studio.text(calls, "group")
    assert Broadcast.get(Broadcast.staff == studio.staff(studio.host2)).room == "B"
    # No plan today: the first room, as before.
    calls = await studio.send(studio.host, "开播", at="19:56")
    assert "房间 A" in studio.text(calls, "group")
