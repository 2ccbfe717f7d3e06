"""The manager's queue (#17): /pending lists every decision waiting, a decision anywhere edits
every card of it, one card per closing checklist, one number for a proposal and its fine,
leave requests, and a rejected /join told privately or with a neutral line."""

from __future__ import annotations

import re
from datetime import date

from messaging.outbox import Outbox
from messaging.proposals import propose_batch, propose_fine
from models import (
    Audit,
    Broadcast,
    DecisionCard,
    Fine,
    FineProposal,
    Leave,
    LeaveRequest,
    ProposalCard,
)
from studio.clock import to_db
from tests.conftest import GROUP_ID, studio_time


def edits(calls) -> list[tuple[int, int, str]]:
    """(chat, message, text) of every editMessageText among ``calls``."""
    return [(c.chat_id, int(c.params["message_id"]), c.text) for c in calls
            if c.method == "editMessageText"]


def message_of(call) -> tuple[int, int]:
    return call.result["chat"]["id"], call.result["message_id"]


def alert(calls) -> str:
    return next(c.params.get("text", "") for c in calls if c.method == "answerCallbackQuery")


def auto_closed(studio, person) -> Broadcast:
    """A broadcast the bot closed at 08:00 today, waiting for a manager's /fixlive end."""
    return Broadcast.create(staff=studio.staff(person), room="A", day=date(2026, 11, 25),
                            started_at=to_db(studio_time("00:00")),
                            ended_at=to_db(studio_time("08:00")), auto_closed=True,
                            created_at=to_db(studio_time("00:00")))


async def test_pending_lists_fixes_joins_fines_and_leave_oldest_first_each_with_its_card(studio):
    studio.team()
    fix = auto_closed(studio, studio.host2)
    await studio.send(studio.stranger, "/join", at="09:00")
    await propose_fine(Outbox(studio.app), studio.staff(studio.host), "lights", 1, "灯没关",
                       "test:1", studio_time("10:00"))
    await studio.send(studio.host, "/leave 明天 看病", at="11:00")
    calls = await studio.send(studio.manager, "/pending", chat="private", at="12:00")
    listing, *cards = studio.sent(calls, studio.manager.id)
    lines = listing.text.splitlines()
    assert lines[0] == "<b>待你决定的事项 4 件</b>(最早的在前):"
    assert [line.split(" · ")[1].split(":")[0] for line in lines[1:]] == [
        "待补下播时间", "入群申请", "乐捐提议 #1", "请假申请 #1"]
    assert f"/fixlive {fix.id} end HH:MM" in lines[1] and lines[1].startswith("11-26 08:00")
    # The fix has no card (/fixlive decides it); the three others come with their buttons.
    assert [[b["text"] for b in card.buttons] for card in cards] == [
        ["批准为主播", "批准为运营", "拒绝"], ["确认", "驳回"], ["批准", "拒绝"]]
    assert "路人" in cards[0].text and "乐捐提议 #1" in cards[1].text
    assert "请假申请 #1" in cards[2].text and "2026-11-27 至 2026-11-27" in cards[2].text
    assert "看病" in cards[2].text
    assert not studio.errors


async def test_an_empty_queue_says_so_in_one_line_and_pending_is_the_managers(studio):
    studio.team()
    calls = await studio.send(studio.manager, "/pending", chat="private")
    assert studio.texts(calls, studio.manager) == ["没有待决定的事项。"]
    calls = await studio.send(studio.manager, "待办", chat="private")
    assert studio.texts(calls, studio.manager) == ["没有待决定的事项。"]
    for who in (studio.ops, studio.host):
        refused = await studio.send(who, "/pending", chat="private")
        assert studio.texts(refused, who) == ["你没有权限使用这个命令。"]


async def test_the_queue_reads_right_in_english_for_one_decision(studio):
    studio.team()
    studio.add_staff(studio.manager, "manager", lang="en")
    await studio.send(studio.stranger, "/join", at="09:00")
    calls = await studio.send(studio.manager, "/pending", chat="private", at="12:00")
    assert studio.texts(calls, studio.manager)[0].splitlines()[0] == \
        "<b>Decisions waiting for you: 1</b> (oldest first):"


async def test_deciding_a_proposal_from_pending_edits_the_original_card_and_writes_once(studio):
    studio.team()
    studio.api.take()
    proposal = await propose_fine(Outbox(studio.app), studio.staff(studio.host), "lights", 1,
                                  "灯没关", "test:1", studio_time("10:00"))
    original = studio.sent(studio.api.take(), studio.manager.id)[0]
    calls = await studio.send(studio.manager, "/pending", chat="private", at="12:00")
    card = studio.sent(calls, studio.manager.id)[-1]
    assert card.buttons == original.buttons

    calls = await studio.press(studio.manager, card, "确认", at="12:05")
    edited = edits(calls)
    assert {(chat, message) for chat, message, _ in edited} == {message_of(original),
                                                                 message_of(card)}
    assert all("✅ 已由" in text and "记为乐捐 #1" in text for _, _, text in edited)
    assert all(c.params.get("reply_markup") in (None, "") for c in calls
               if c.method == "editMessageText")  # the buttons are gone from both
    assert Fine.recorded().count() == 1 and Fine.get().status == "unpaid"
    assert Fine.get().proposal_id == proposal.id
    assert "乐捐 #1" in studio.text(calls, studio.host)
    written = (Audit.select().count(), Fine.recorded().count())

    # The original card pressed afterwards: who decided, nothing written.
    again = await studio.press(studio.manager, original, "驳回", at="12:06")
    assert "已由 王经理 处理过" in alert(again)
    assert (Audit.select().count(), Fine.recorded().count()) == written
    assert FineProposal.get().status == "confirmed" and not edits(again)
    assert ProposalCard.select().count() == 2


async def test_deciding_a_join_from_pending_edits_every_card_of_it(studio):
    studio.team()
    calls = await studio.send(studio.stranger, "/join", at="09:00")
    original = studio.sent(calls, studio.manager.id)[0]
    calls = await studio.send(studio.manager, "/pending", chat="private", at="12:00")
    card = studio.sent(calls, studio.manager.id)[-1]
    assert DecisionCard.select().count() == 2

    calls = await studio.press(studio.manager, card, "批准为主播", at="12:01")
    assert {(chat, message) for chat, message, _ in edits(calls)} == {message_of(original),
                                                                       message_of(card)}
    assert all("王经理</a> 批准为主播" in text for _, _, text in edits(calls))
    assert studio.staff(studio.stranger).status == "active"
    audits = Audit.select().count()
    again = await studio.press(studio.manager, original, "拒绝", at="12:02")
    assert "路人 的申请已由 王经理 处理过了" in alert(again)
    assert Audit.select().count() == audits and studio.staff(studio.stranger).status == "active"


async def test_one_card_per_checklist_and_a_partial_confirm_makes_exactly_those_fines(studio):
    studio.team()
    await studio.send(studio.host, "/live A", at="19:00")
    await studio.send(studio.host, "/offline", at="22:05")  # nothing ticked: five items
    await studio.run_job("broadcast_watch", "22:20")  # the reminder
    calls = await studio.run_job("broadcast_watch", "22:35")
    [card] = studio.sent(calls, studio.manager.id)
    assert [b["text"] for b in card.buttons] == [
        "✅ #1 忘关灯", "❌ #1", "✅ #2 忘关电脑", "❌ #2", "✅ #3 忘关空调", "❌ #3",
        "✅ #4 遗留垃圾", "❌ #4", "✅ #5 设备乱放", "❌ #5", "全部确认", "全部驳回"]
    assert card.text.count("待定") == 5
    assert Fine.recorded().count() == 0 and Fine.select().count() == 5  # five proposed

    first = await studio.press(studio.manager, card, "✅ #1 忘关灯", at="22:40")
    [(_, _, text)] = edits(first)
    assert "#1 忘关灯 ×1 · 20元 · ✅ 已由" in text and text.count("待定") == 4
    assert "❌ #1" not in str([c.buttons for c in first if c.method == "editMessageText"])
    await studio.press(studio.manager, card, "✅ #3 忘关空调", at="22:41")
    rest = await studio.press(studio.manager, card, "全部驳回", at="22:42")
    final = edits(rest)[0][2]
    assert final.count("❌ 已由") == 3 and final.count("✅ 已由") == 2 and "待定" not in final
    assert [c.params.get("reply_markup") for c in rest if c.method == "editMessageText"] == [None]

    recorded = list(Fine.recorded().order_by(Fine.id))
    assert [(f.id, f.code, f.amount_fen) for f in recorded] == [(1, "lights", 2000),
                                                                (3, "ac", 5000)]
    assert [f.status for f in Fine.select().order_by(Fine.id)] == [
        "unpaid", "dismissed", "unpaid", "dismissed", "dismissed"]
    listing = studio.text(await studio.send(studio.manager, "/fines", at="22:50"))
    assert "#1 ·" in listing and "#3 ·" in listing and "#2 ·" not in listing
    assert "未收合计 70元" in listing
    # Nothing left to decide on it: a press says who decided.
    late = await studio.press(studio.manager, card, "全部确认", at="22:51")
    assert "已由 王经理 处理过" in alert(late) and Fine.recorded().count() == 2


async def test_a_catch_up_run_sends_one_checklist_card_per_host(studio):
    studio.team()
    for start, end in (("19:00", "20:00"), ("20:10", "21:00")):
        await studio.send(studio.host, f"/live {start}", at=end)  # late registrations
        await studio.send(studio.host, f"/offline {end}", at=end)
    await studio.send(studio.host2, "/live A", at="21:00")
    await studio.send(studio.host2, "/offline", at="21:30")
    studio.api.take()
    await studio.run_job("broadcast_watch", "23:00")  # the reminders, all three
    calls = await studio.run_job("broadcast_watch", "23:30")
    cards = [c for c in studio.sent(calls, studio.manager.id) if "全部确认" in str(c.buttons)]
    assert len(cards) == 2  # one for 小红 (her second checklist waits), one for 小明
    calls = await studio.run_job("broadcast_watch", "23:35")
    cards = [c for c in studio.sent(calls, studio.manager.id) if "全部确认" in str(c.buttons)]
    assert len(cards) == 1 and "小红" in cards[0].text


async def test_the_proposal_card_number_is_the_fine_number(studio):
    studio.team()
    await studio.send(studio.ops, "/fine @xiaoming smoking", at="09:00")  # fine #1
    studio.api.take()
    proposal = await propose_fine(Outbox(studio.app), studio.staff(studio.host), "rubbish", 1,
                                  "垃圾没倒", "test:2", studio_time("10:00"))
    card = studio.sent(studio.api.take(), studio.manager.id)[0]
    assert proposal.id == 1 and "乐捐提议 #2" in card.text
    calls = await studio.press(studio.manager, card, "确认", at="10:05")
    assert "记为乐捐 #2" in edits(calls)[0][2]
    assert "乐捐 #2:20元" in studio.text(calls, studio.host)
    assert Fine.get_by_id(2).proposal_id == proposal.id and Fine.get_by_id(2).status == "unpaid"
    assert "#2 ·" in studio.text(await studio.send(studio.manager, "/fines", at="10:10"))
    # A proposal is no fine yet: /paid and /waive refuse it until a manager confirms.
    await propose_fine(Outbox(studio.app), studio.staff(studio.host), "mess", 1, "", "test:3",
                       studio_time("10:20"))
    refused = studio.text(await studio.send(studio.ops, "/paid 3", at="10:30"))
    assert "还是提议" in refused and Fine.get_by_id(3).status == "proposed"


async def test_a_rejection_is_told_privately_where_the_person_started_the_bot(studio):
    studio.team()
    calls = await studio.send(studio.stranger, "/join", at="09:00")
    card = studio.sent(calls, studio.manager.id)[0]
    await studio.send(studio.stranger, "/start", chat="private", at="09:05")
    calls = await studio.press(studio.manager, card, "拒绝", at="09:10")
    assert "未被批准" in studio.text(calls, studio.stranger)
    assert studio.texts(calls, "group") == []


async def test_a_rejection_without_a_private_chat_is_a_neutral_line_in_the_group(studio):
    studio.team()
    calls = await studio.send(studio.stranger, "/join", at="09:00")
    card = studio.sent(calls, studio.manager.id)[0]
    calls = await studio.press(studio.manager, card, "拒绝", at="09:10")
    assert studio.texts(calls, "group") == [
        f'<a href="tg://user?id={studio.stranger.id}">路人</a> 的申请已处理。']
    assert studio.texts(calls, studio.stranger) == []
    assert studio.staff(studio.stranger).status == "rejected"


async def test_a_rejection_on_a_group_card_names_no_decision(studio):
    studio.add_staff(studio.manager, "manager", private=False)  # cards come in the group
    calls = await studio.send(studio.stranger, "/join", at="09:00")
    card = next(c for c in studio.sent(calls, GROUP_ID) if c.buttons)
    calls = await studio.press(studio.manager, card, "拒绝", at="09:10")
    assert edits(calls) and all("拒绝" not in text and "申请已处理" in text
                                for _, _, text in edits(calls))


async def test_a_host_asks_for_leave_and_an_approval_makes_the_leave(studio):
    studio.team()
    calls = await studio.send(studio.host, "/leave 明天 看病", at="12:00")
    assert "请假申请 #1(2026-11-27 至 2026-11-27)已发给主管" in studio.text(calls, "group")
    assert Leave.select().count() == 0 and LeaveRequest.get().status == "pending"
    card = studio.sent(calls, studio.manager.id)[0]
    assert "看病" in card.text and [b["text"] for b in card.buttons] == ["批准", "拒绝"]

    calls = await studio.press(studio.manager, card, "批准", at="12:10")
    assert [(leave.staff_id, leave.day) for leave in Leave.select()] == [
        (studio.staff(studio.host).id, date(2026, 11, 27))]
    assert "已批准" in studio.text(calls, studio.host)
    assert "✅ 已由" in edits(calls)[0][2]
    again = await studio.press(studio.manager, card, "拒绝", at="12:11")
    assert "已由 王经理 处理过" in alert(again) and LeaveRequest.get().status == "approved"

    # On the day: no minimums reminder for her; 小明, with no leave, gets his.
    reminders = await studio.run_job("minimums", studio_time("18:00", "2026-11-27"))
    assert [c.chat_id for c in studio.sent(reminders)] == [studio.host2.id]


async def test_the_same_days_asked_again_while_waiting_are_the_same_request(studio):
    studio.team()
    first = await studio.send(studio.host, "/leave 明天 看病", at="12:00")
    again = await studio.send(studio.host, "请假 明天 看病", at="12:01")
    assert "请假申请 #1(2026-11-27 至 2026-11-27)已发给主管" in studio.text(again, "group")
    assert not studio.sent(again, studio.manager.id)  # no second card
    assert LeaveRequest.select().count() == 1 and len(studio.sent(first, studio.manager.id)) == 1
    # other days are another request; once decided, the same days may be asked again
    other = await studio.send(studio.host, "/leave 后天", at="12:02")
    assert "请假申请 #2" in studio.text(other, "group") and studio.sent(other, studio.manager.id)
    await studio.press(studio.manager, studio.sent(first, studio.manager.id)[0], "拒绝",
                       at="12:03")
    later = await studio.send(studio.host, "/leave 明天 看病", at="12:04")
    assert "请假申请 #3" in studio.text(later, "group") and LeaveRequest.select().count() == 3


async def test_a_rejected_leave_request_makes_no_leave(studio):
    studio.team()
    calls = await studio.send(studio.ops, "/leave 12-03 12-05", at="12:00")
    card = studio.sent(calls, studio.manager.id)[0]
    assert "2026-12-03 至 2026-12-05(共 3 天)" in card.text
    calls = await studio.press(studio.manager, card, "拒绝", at="12:10")
    assert Leave.select().count() == 0 and LeaveRequest.get().status == "rejected"
    assert "未获批准" in studio.text(calls, studio.ops)


async def test_leave_requests_refuse_the_past_the_far_future_and_someone_else(studio):
    studio.team()
    for text, reason in (("/leave 11-20", "2026-11-20 已经过去了"),
                         ("/leave 2028-01-05", "2028-01-05 太远了"),
                         ("/leave @xiaoming 明天", "只能为自己申请请假"),
                         ("/leave", "用法: /leave")):
        calls = await studio.send(studio.host, text, at="12:00")
        assert reason in studio.text(calls, "group")
        assert not studio.sent(calls, studio.manager.id)
    assert LeaveRequest.select().count() == 0
    # "01-05" typed in November is the coming January's.
    await studio.send(studio.host, "/leave 01-05", at="12:00")
    assert LeaveRequest.get().first_day == date(2027, 1, 5)


async def test_a_manager_still_registers_leave_directly(studio):
    studio.team()
    calls = await studio.send(studio.manager, "/leave @xiaohong 明天", at="12:00")
    assert "已为" in studio.text(calls, "group") and Leave.select().count() == 1
    await studio.send(studio.manager, "/leave 11-28", at="12:00")
    assert Leave.select().count() == 2 and LeaveRequest.select().count() == 0


async def test_the_digest_tells_the_managers_how_many_decisions_wait(studio):
    studio.team()
    await studio.send(studio.host, "/leave 明天", at="12:00")
    await propose_fine(Outbox(studio.app), studio.staff(studio.host), "lights", 1, "", "t:1",
                       studio_time("13:00"))
    calls = await studio.run_job("digest", "23:30")
    assert studio.text(calls, studio.manager).splitlines()[-1] == \
        "📥 待你决定的事项:2 件(→ /pending)"
    assert "待你决定" not in studio.text(calls, "group")


async def test_a_long_queue_is_split_and_sends_the_oldest_cards_first(studio):
    studio.team()
    why = "第 12 场(房间 A)补登记,说明:" + "很长的原因" * 20
    for number in range(1, 61):
        await propose_fine(Outbox(studio.app), studio.staff(studio.host), "register", 1,
                           f"{why}{number}", f"test:{number}",
                           studio_time(f"{8 + number // 60:02d}:{number % 60:02d}"))
    studio.api.take()
    calls = await studio.send(studio.manager, "/pending", chat="private", at="12:00")
    sent = studio.sent(calls, studio.manager.id)
    cards = [c for c in sent if c.buttons]
    listing = sent[:sent.index(cards[0])]  # the list, before the first card
    assert len(listing) > 1 and all(len(c.text) <= 4096 for c in sent)  # split, never cut
    joined = "\n".join(c.text for c in listing)
    assert joined.startswith("<b>待你决定的事项 60 件</b>") and joined.count("乐捐提议 #") == 60
    assert [line.split(" · ")[1].split(":")[0] for line in joined.splitlines()[1:4]] == [
        "乐捐提议 #1", "乐捐提议 #2", "乐捐提议 #3"]
    assert len(cards) == 20 and "乐捐提议 #1:" in cards[0].text and "乐捐提议 #20:" in cards[-1].text
    assert sent[-1].text == "以上是最早的 20 件;还有 40 件,处理完后再发 /pending。"


async def test_a_one_day_leave_card_says_1_day_in_english(studio):
    studio.team()
    studio.add_staff(studio.manager, "manager", lang="en")
    calls = await studio.send(studio.host, "请假 明天 看病", at="12:00")
    card = studio.sent(calls, studio.manager.id)[0]
    assert "2026-11-27 to 2026-11-27 (1 day)" in card.text and "1 days" not in card.text
    await studio.send(studio.host, "/leave 12-03 12-05", at="12:01")
    calls = await studio.send(studio.manager, "/pending", chat="private", at="12:02")
    assert "(3 days)" in studio.text(calls, studio.manager.id)


async def test_two_hundred_decisions_with_hostile_names_stay_sendable(studio):
    """Names full of emoji and '&<>' (longer once escaped, 2 UTF-16 units an emoji): every
    message within 4,096 units, no entity or tag cut, every button's data within 64 bytes."""
    from datetime import datetime

    from models import Staff
    from tests.test_fuzz import assert_sendable

    studio.team()
    name = "😀&<b>" * 12
    for i in range(120):
        Staff.create(tg_id=90000 + i, name=f"{name}{i}", status="pending",
                     created_at=datetime(2026, 11, 20, 4))
    for i in range(80):
        await propose_fine(Outbox(studio.app), studio.staff(studio.host), "lights", 1,
                           "灯&<没>关" * 30, f"test:{i}", studio_time("10:00"))
    studio.api.take()
    calls = await studio.send(studio.manager, "/pending", chat="private", at="12:00")
    sent = studio.sent(calls, studio.manager.id)
    for call in sent:
        assert_sendable(call)
    listing = "\n".join(c.text for c in sent if not c.buttons)
    assert listing.count("入群申请") == 120 and listing.count("乐捐提议 #") == 80
    assert len([c for c in sent if c.buttons]) == 20


async def test_a_leave_card_in_the_group_names_no_reason_and_a_rejection_no_decision(studio):
    """The manager has no private chat, 小红 never started the bot: the card in the group says
    the reason is not shown there; rejecting it leaves a neutral line on the card and tells her
    so in the group without naming the decision; the manager's /pending in the group neither
    shows the reason."""
    studio.team()
    studio.add_staff(studio.manager, "manager", private=False)  # cards come in the group
    studio.add_staff(studio.host, "host", private=False)
    calls = await studio.send(studio.host, "/leave 明天 看病", at="12:00")
    [card] = [c for c in studio.sent(calls, GROUP_ID) if c.buttons]
    assert "请假申请 #1" in card.text and "看病" not in card.text
    assert "事由:不在群里显示(私聊机器人发 /pending 可见)" in card.text

    listing = await studio.send(studio.manager, "/pending", at="12:01")
    assert all("看病" not in c.text for c in studio.sent(listing, GROUP_ID))
    assert any("请假申请 #1" in c.text for c in studio.sent(listing, GROUP_ID) if c.buttons)

    calls = await studio.press(studio.manager, card, "拒绝", at="12:10")
    assert LeaveRequest.get().status == "rejected" and Leave.select().count() == 0
    assert edits(calls) and all("拒绝" not in text and "看病" not in text and "已处理" in text
                                for _, _, text in edits(calls))
    told = studio.texts(calls, GROUP_ID)
    assert told == [f'<a href="tg://user?id={studio.host.id}">小红</a> 的申请已处理。']


async def test_a_leave_rejection_is_told_privately_and_an_approval_may_be_public(studio):
    studio.team()
    studio.add_staff(studio.manager, "manager", private=False)
    calls = await studio.send(studio.host, "/leave 明天 看病", at="12:00")
    [card] = [c for c in studio.sent(calls, GROUP_ID) if c.buttons]
    calls = await studio.press(studio.manager, card, "拒绝", at="12:10")
    assert "未获批准" in studio.text(calls, studio.host)  # she started the bot: privately
    assert studio.sent(calls, GROUP_ID) == []

    calls = await studio.send(studio.host, "/leave 后天 看病", at="12:20")
    [card] = [c for c in studio.sent(calls, GROUP_ID) if c.buttons]
    calls = await studio.press(studio.manager, card, "批准", at="12:30")
    assert "✅ 已由" in edits(calls)[0][2] and "看病" not in edits(calls)[0][2]
    assert "已批准" in studio.text(calls, studio.host)


async def test_a_manager_with_a_private_chat_still_reads_the_reason(studio):
    studio.team()
    calls = await studio.send(studio.host, "/leave 明天 看病", at="12:00")
    [card] = studio.sent(calls, studio.manager.id)
    assert "事由:看病" in card.text
    calls = await studio.press(studio.manager, card, "拒绝", at="12:10")
    assert "❌ 已由" in edits(calls)[0][2] and "看病" in edits(calls)[0][2]


async def test_a_fixlive_end_takes_the_fix_off_pending_and_the_digest_counts_as_pending_does(studio):
    """Two broadcasts the bot closed, a join, a checklist's two proposals (one card), a leave
    request: /pending lists 5. Setting a broadcast's start does not credit it (still waiting);
    setting its end does: it leaves /pending, and the 23:30 digest's count is /pending's."""
    studio.team()
    first = auto_closed(studio, studio.host2)
    auto_closed(studio, studio.host)
    await studio.send(studio.stranger, "/join", at="09:00")
    await propose_batch(Outbox(studio.app), studio.staff(studio.host), ["lights", "ac"], "没关",
                        "test:checklist", studio_time("10:00"))
    await studio.send(studio.host, "/leave 明天", at="11:00")

    def count(calls) -> int:
        listing = studio.sent(calls, studio.manager.id)[0].text
        match = re.match(r"<b>待你决定的事项 (\d+) 件</b>", listing)
        return int(match.group(1)) if match else 0

    assert count(await studio.send(studio.manager, "/pending", chat="private", at="12:00")) == 5
    await studio.send(studio.manager, f"/fixlive {first.id} start 00:30", at="12:01")
    calls = await studio.send(studio.manager, "/pending", chat="private", at="12:02")
    assert count(calls) == 5 and f"/fixlive {first.id} end" in studio.text(calls, studio.manager)
    await studio.send(studio.manager, f"/fixlive {first.id} end 03:00", at="12:03")
    assert not Broadcast.get_by_id(first.id).auto_closed
    calls = await studio.send(studio.manager, "/pending", chat="private", at="12:04")
    assert count(calls) == 4 and f"/fixlive {first.id} end" not in studio.text(calls,
                                                                               studio.manager)

    digest = await studio.run_job("digest", "23:30")
    last = studio.text(digest, studio.manager).splitlines()[-1]
    assert last == "📥 待你决定的事项:4 件(→ /pending)"
    assert count(await studio.send(studio.manager, "/pending", chat="private", at="23:31")) == 4
