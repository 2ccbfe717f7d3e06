"""A proposed fine's reason in each reader's language (#17): the managers' cards, /pending,
the decided card's edit and the host's notice; the stored reason stays the studio's."""

from __future__ import annotations

from models import Fine, FineProposal, Handover


def last_reply(studio, calls, chat="group"):
    return studio.sent(calls, studio.chat_id(chat))[-1]


def two_managers(studio) -> None:
    """The manager reads English, 小李 (also a manager) Chinese; the hosts as usual."""
    studio.team()
    studio.add_staff(studio.manager, "manager", lang="en")
    studio.add_staff(studio.ops, "manager", lang="zh")


async def test_the_checklist_card_pending_and_decided_edit_are_in_each_managers_language(studio):
    two_managers(studio)
    await studio.send(studio.host, "/live A", at="19:00")
    checklist = last_reply(studio, await studio.send(studio.host, "/offline", at="22:05"))
    for label in ("☐ 关灯", "☐ 关电脑", "☐ 关空调"):
        calls = await studio.press(studio.host, checklist, label, at="22:06")
        checklist = next(c for c in calls if c.method == "editMessageReplyMarkup")
    await studio.run_job("broadcast_watch", "22:20")
    calls = await studio.run_job("broadcast_watch", "22:35")
    [en_card] = studio.sent(calls, studio.manager.id)
    [zh_card] = studio.sent(calls, studio.ops.id)
    assert ("Why: Broadcast #1 (room A, ended 22:05) closing checklist not confirmed: "
            "Rubbish cleared, Equipment in place") in en_card.text
    assert "收尾未确认" not in en_card.text
    assert "第 1 场(房间 A,22:05 下播)收尾未确认:清理垃圾、设备归位" in zh_card.text
    # The stored reason (the record in /fines and the workbook) is the studio's language.
    assert FineProposal.get().why == "第 1 场(房间 A,22:05 下播)收尾未确认:清理垃圾、设备归位"

    listed = studio.text(await studio.send(studio.manager, "/pending", chat="private",
                                           at="22:40"), studio.manager)
    assert ("closing checklist not confirmed: Rubbish cleared, Equipment in place" in listed
            and "收尾" not in listed)

    await studio.send(studio.host, "/lang en", chat="private", at="22:41")
    calls = await studio.press(studio.manager, en_card, "fineprop:allyes:1", at="22:42")
    edits = {c.chat_id: c.text for c in calls if c.method == "editMessageText"}
    assert "closing checklist not confirmed" in edits[studio.manager.id]
    assert "收尾未确认:清理垃圾" in edits[studio.ops.id]
    notices = studio.texts(calls, studio.host)
    assert len(notices) == 2 and all("closing checklist not confirmed: Rubbish cleared"
                                     in n and "收尾" not in n for n in notices)
    assert Fine.select().where(Fine.reason.contains("收尾未确认")).count() == 2


async def test_the_handover_proposal_reads_in_each_managers_language(studio):
    two_managers(studio)
    await studio.send(studio.host2, "/live A", at="2026-11-25 20:00")
    card = last_reply(studio, await studio.send(studio.host2, "/offline", at="2026-11-25 23:00"))
    await studio.press(studio.host2, card, "☐ 关灯", at="2026-11-25 23:01")
    prompt = last_reply(studio, await studio.send(studio.host, "/live A", at="19:00"))
    calls = await studio.press(studio.host, prompt, "报告问题", at="19:02")
    items = next(c for c in calls if c.method == "editMessageReplyMarkup")
    calls = await studio.press(studio.host, items, "☐ 桌上有垃圾")
    items = next(c for c in calls if c.method == "editMessageReplyMarkup")
    calls = await studio.press(studio.host, items, "提交")
    [en_card] = studio.sent(calls, studio.manager.id)
    [zh_card] = studio.sent(calls, studio.ops.id)
    assert ("After broadcast #1 (room A, 小明's, 11-25 20:00–23:00) the incoming host 小红 "
            "reported: Rubbish on the desk.") in en_card.text
    assert "接班" not in en_card.text
    assert ("第 1 场(房间 A,小明 11-25 20:00–23:00)之后,接班的 小红 报告:桌上有垃圾。"
            in zh_card.text)
    assert FineProposal.get().source == f"handover:{Handover.get().id}:rubbish"


async def test_the_late_registration_proposal_reads_in_each_managers_language(studio):
    two_managers(studio)
    calls = await studio.send(studio.host, "/live 18:30", at="19:00")
    [en_card] = studio.sent(calls, studio.manager.id)
    [zh_card] = studio.sent(calls, studio.ops.id)
    assert "Why: Broadcast #1 (room A) start registered late, started 18:30" in en_card.text
    assert "第 1 场(房间 A)开播补登记,开播时间 18:30" in zh_card.text
    calls = await studio.send(studio.host, "/offline 21:00", at="21:30")
    [en_card] = studio.sent(calls, studio.manager.id)
    assert "Why: Broadcast #1 (room A) end registered late, ended 21:00" in en_card.text
    calls = await studio.press(studio.ops, en_card, "fineprop:yes:2", at="21:31")
    edits = {c.chat_id: c.text for c in calls if c.method == "editMessageText"}
    assert "end registered late" in edits[studio.manager.id]
    assert "下播补登记" in edits[studio.ops.id]


async def test_a_broadcast_left_open_is_proposed_in_each_managers_language(studio):
    two_managers(studio)
    await studio.send(studio.host, "/live A", at="10:00")
    calls = await studio.run_job("broadcast_watch", "18:05")
    [en_card] = studio.sent(calls, studio.manager.id)
    [zh_card] = studio.sent(calls, studio.ops.id)
    assert "Why: Broadcast #1 (room A, started 10:00) left open more than 8 h" in en_card.text
    assert "第 1 场(房间 A,10:00 开播)超过 8 小时未下播" in zh_card.text
