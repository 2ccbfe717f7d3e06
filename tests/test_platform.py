"""The platform: start, help, join and approval, the roster, once-only updates, foreign groups."""

from __future__ import annotations

import pytest

from models import Audit, Leave, ProcessedUpdate, Staff
from tests.conftest import FOREIGN_GROUP_ID, GROUP_ID
from tests.factories import message, message_update


async def test_start_in_private_registers_the_chat_for_reminders(studio):
    studio.add_staff(studio.host, private=False)
    calls = await studio.send(studio.host, "/start", chat="private")
    assert "私下发给你" in studio.text(calls, studio.host)
    assert studio.staff(studio.host).private_chat is True


async def test_customer_start_gets_the_customer_welcome(studio):
    calls = await studio.send(studio.customer, "/start ask", chat="private")
    assert "欢迎来到测试直播间" in studio.text(calls, studio.customer)
    assert not Staff.select().where(Staff.tg_id == studio.customer.id).exists()


async def test_help_lists_only_what_the_person_may_use(studio):
    studio.team()
    host_help = studio.text(await studio.send(studio.host, "/help", chat="private"))
    manager_help = studio.text(await studio.send(studio.manager, "/help", chat="private"))
    assert "/rules" in host_help and "/deactivate" not in host_help
    assert "/deactivate" in manager_help and "/role" in manager_help


async def test_join_card_approved_by_the_first_manager(studio):
    studio.team()
    calls = await studio.send(studio.stranger, "/join")
    assert "申请已发送" in studio.text(calls, "group")
    card = studio.sent(calls, studio.manager.id)[0]
    assert [b["text"] for b in card.buttons] == ["批准为主播", "批准为运营", "拒绝"]
    calls = await studio.press(studio.manager, card, "批准为运营")
    person = studio.staff(studio.stranger)
    assert (person.status, person.role) == ("active", "ops")
    assert any(c.method == "editMessageText" and "批准为运营" in c.text for c in calls)
    again = await studio.press(studio.manager, card, "拒绝")
    assert any(c.method == "answerCallbackQuery" and "已由 王经理 处理过" in c.params.get("text", "")
               for c in again)
    assert studio.staff(studio.stranger).status == "active"


async def test_a_host_cannot_press_the_approval_button(studio):
    studio.team()
    calls = await studio.send(studio.stranger, "/join")
    card = studio.sent(calls, studio.manager.id)[0]
    calls = await studio.press(studio.host, card, "批准为主播")
    assert any(c.method == "answerCallbackQuery" and c.params.get("show_alert") for c in calls)
    assert studio.staff(studio.stranger).status == "pending"


async def test_the_same_update_twice_is_acted_on_once(studio):
    studio.team()
    msg = message(studio.stranger, "/join", date=studio.now)
    data = message_update(msg)
    first = await studio.resend(data)
    second = await studio.resend(dict(data))
    assert studio.sent(first) and not studio.sent(second)
    assert ProcessedUpdate.select().count() == 1
    assert Audit.select().where(Audit.action == "staff.join").count() == 1


async def test_an_edited_command_does_not_run_again(studio):
    studio.team()
    calls = await studio.send(studio.manager, "/leave @xiaohong today", edited=True)
    assert not studio.sent(calls)
    assert Leave.select().count() == 0


async def test_a_foreign_group_gets_one_refusal_and_the_bot_leaves(studio):
    studio.team()
    calls = await studio.send(studio.manager, "/staff", chat=FOREIGN_GROUP_ID)
    assert [c.method for c in calls] == ["sendMessage", "leaveChat"]
    assert calls[0].chat_id == FOREIGN_GROUP_ID


async def test_role_setstart_leave_deactivate(studio):
    studio.team()
    await studio.send(studio.manager, "/role @xiaoming ops")
    assert studio.staff(studio.host2).role == "ops"
    await studio.send(studio.manager, "/setstart @xiaohong 2026-09-15")
    assert str(studio.staff(studio.host).official_start) == "2026-09-15"
    calls = await studio.send(studio.manager, "/leave @xiaohong 11-27 11-29")
    assert "新增 3 天" in studio.text(calls)
    await studio.send(studio.manager, "/deactivate @xiaohong")
    assert studio.staff(studio.host).status == "inactive"
    calls = await studio.send(studio.host, "/rules")
    assert studio.text(calls) == "你没有权限使用这个命令。"


async def test_bad_input_gives_reason_and_usage_and_writes_nothing(studio):
    studio.team()
    before = Audit.select().count()
    calls = await studio.send(studio.manager, "/role @xiaohong boss")
    assert studio.texts(calls) == ["角色不对:boss(host、ops 或 manager)。\n用法: /role @谁 host|ops|manager"]
    calls = await studio.send(studio.manager, "/setstart @nobody 2026-01-01")
    assert "找不到在职人员" in studio.text(calls)
    assert Audit.select().count() == before


async def test_markup_looking_text_is_escaped(studio):
    studio.team()
    calls = await studio.send(studio.manager, "/role @xiaohong <b>A&B</b>")
    assert "&lt;b&gt;A&amp;B&lt;/b&gt;" in studio.text(calls)


async def test_english_private_chat(studio):
    studio.team()
    calls = await studio.send(studio.host, "/lang en", chat="private")
    assert studio.text(calls) == "Language set to English."
    calls = await studio.send(studio.host, "/rules", chat="private")
    assert "50 CNY" in studio.text(calls)
    # In the group the studio's language stays.
    calls = await studio.send(studio.host, "/rules")
    assert "50元" in studio.text(calls)
    assert GROUP_ID in {c.chat_id for c in calls}


async def test_duties_quotes_the_handbook_for_a_host_in_chinese(studio):
    studio.team()
    calls = await studio.send(studio.host, "/duties", chat="private")
    text = studio.text(calls, studio.host)
    assert text.startswith("<b>主播工作职责</b>\n1. 负责每日接收新来快递的拆放")
    assert "11. 每天主播至少播3个小时时长。" in text
    assert "14. 主播正式开播一个月内" in text and "运营策划职责" not in text


async def test_duties_for_ops_shows_the_ops_duties_and_the_rules_in_english(studio):
    studio.team()
    await studio.send(studio.ops, "/lang en", chat="private")
    calls = await studio.send(studio.ops, "/duties", chat="private")
    text = studio.text(calls, studio.ops)
    assert "<b>Operations planning duties</b>" in text
    assert "14. With host agents, host assistants and others" in text
    assert "<b>Operations management rules</b>" in text and "7. The operations supervisor" in text
    assert "Host duties" not in text


async def test_duties_for_ops_in_chinese_and_for_a_host_in_english(studio):
    studio.team()
    calls = await studio.send(studio.ops, "/duties")
    assert "<b>运营策划职责</b>" in studio.text(calls) and "<b>运营管理制度</b>" in studio.text(calls)
    await studio.send(studio.host, "/lang en", chat="private")
    calls = await studio.send(studio.host, "/duties", chat="private")
    assert "11. Every host broadcasts for at least 3 hours every day." in studio.text(calls)


async def test_leave_is_the_managers_own_unless_a_person_is_named_or_replied_to(studio):
    studio.team()
    await studio.send(studio.manager, "/leave 11-27")
    await studio.send(studio.host2, "我明天请假", at="12:00")
    await studio.send(studio.manager, "/leave 11-28", reply_to=studio.last_message, at="12:01")
    await studio.send(studio.manager, f"/leave #{studio.staff(studio.host).id} 11-29")
    days = {(row.staff.name, str(row.day)) for row in Leave.select()}
    assert days == {(studio.staff(studio.manager).name, "2026-11-27"),
                    ("小明", "2026-11-28"), ("小红", "2026-11-29")}


async def test_leave_for_tomorrow_is_the_next_business_day_in_both_languages(studio):
    # Leave is asked for ahead: "tomorrow" / 明天 must work as in /plan.
    studio.team()
    calls = await studio.send(studio.manager, "/leave @xiaohong tomorrow")
    assert "2026-11-27 至 2026-11-27" in studio.text(calls)
    calls = await studio.send(studio.manager, "/leave @xiaoming 明天 后天")
    assert "2026-11-27 至 2026-11-28(新增 2 天)" in studio.text(calls)
    days = sorted((row.staff.name, str(row.day)) for row in Leave.select())
    assert days == [("小明", "2026-11-27"), ("小明", "2026-11-28"), ("小红", "2026-11-27")]


async def test_the_english_help_reads_as_one_list_every_line_capitalised(studio):
    studio.team()
    await studio.send(studio.manager, "/lang en", chat="private")
    text = studio.text(await studio.send(studio.manager, "/help", chat="private"))
    lines = [line.split(" — ", 1)[1] for line in text.splitlines() if " — " in line]
    assert len(lines) > 30
    assert [line for line in lines if line[0].islower()] == []


async def test_a_manager_cannot_change_their_own_role(studio):
    # As /deactivate: demoting oneself could leave the studio with no manager until a restart.
    studio.team()
    before = Audit.select().count()
    calls = await studio.send(studio.manager, "/role @boss host")
    assert studio.text(calls) == "不能对自己这样做。"
    assert studio.staff(studio.manager).role == "manager"
    assert Audit.select().count() == before


@pytest.mark.parametrize(("command", "reply"), [
    ("/role @xiaohong", "请写角色:host、ops 或 manager(主播、运营、主管)。"),
    ("/leave @xiaohong", "请写日期(today、tomorrow、YYYY-MM-DD 或 MM-DD)。"),
    ("/setstart @xiaohong", "请写日期(today、tomorrow、YYYY-MM-DD 或 MM-DD)。"),
    ("/leave @xiaohong Next-Monday", "日期不对:Next-Monday(可用 今天、昨天、2026-11-23、11-23、11.23、11月23日)。"),
    ("/setstart @xiaohong A&B", "日期不对:A&amp;B(可用 今天、昨天、2026-11-23、11-23、11.23、11月23日)。"),
])
async def test_a_missing_or_wrong_argument_is_named_as_typed(studio, command, reply):
    studio.team()
    before = Audit.select().count()
    calls = await studio.send(studio.manager, command)
    assert studio.text(calls).split("\n")[0] == reply
    assert Audit.select().count() == before


async def test_one_day_of_leave_reads_naturally_in_english(studio):
    studio.team()
    await studio.send(studio.manager, "/lang en", chat="private")
    calls = await studio.send(studio.manager, "/leave @xiaohong today", chat="private")
    assert studio.text(calls) == (
        f'Leave for <a href="tg://user?id={studio.host.id}">小红</a> from 2026-11-26 to '
        "2026-11-26; days added: 1.")


async def test_an_unknown_command_in_a_private_chat_is_answered_not_ignored(studio):
    studio.team()
    calls = await studio.send(studio.host, "/foo", chat="private")
    assert studio.texts(calls) == ["不认识这个命令。/help 查看你能用的命令。"]
    calls = await studio.send(studio.customer, "/price", chat="private")
    assert studio.texts(calls) == ["不认识这个命令。/help 查看你能用的命令。"]
    # In the group other bots' commands are none of its business: silence.
    assert studio.texts(await studio.send(studio.host, "/foo")) == []
    # A conversation's own commands still belong to it.
    await studio.send(studio.host, "/live A", at="19:00")
    calls = await studio.send(studio.host, "/metrics", chat="private", at="19:05")
    assert "(1/11)" in studio.text(calls)
    calls = await studio.send(studio.host, "/cancel", chat="private", at="19:06")
    assert studio.texts(calls) == ["已取消,什么都没有保存。"]


async def test_someone_still_live_is_not_deactivated_until_the_broadcast_is_ended(studio):
    # Deactivated mid-broadcast, the host could no longer /offline: the broadcast would stay
    # open until the bot closed it uncredited and proposed a fine to someone who has left.
    studio.team()
    await studio.send(studio.host, "/live A", at="19:00")
    calls = await studio.send(studio.manager, "/deactivate @xiaohong", at="20:00")
    assert studio.texts(calls) == [
        "小红 还在直播(第 1 场):请先让 TA 下播,或用 /fixlive 1 end HH:MM 结束这一场。"]
    assert studio.staff(studio.host).status == "active"
    await studio.send(studio.host, "/offline", at="20:30")
    await studio.send(studio.manager, "/deactivate @xiaohong", at="20:31")
    assert studio.staff(studio.host).status == "inactive"


async def test_an_applicant_who_started_the_bot_is_welcomed_and_reminded_privately(studio):
    # /start while waiting for approval is a private chat opened: once approved, the welcome
    # and the reminders go there, not as a mention in the group.
    studio.team()
    calls = await studio.send(studio.stranger, "/join")
    card = studio.sent(calls, studio.manager.id)[0]
    calls = await studio.send(studio.stranger, "/start", chat="private")
    assert studio.texts(calls) == ["你的加入申请正在等待主管审批。"]
    calls = await studio.press(studio.manager, card, "批准为主播")
    assert studio.staff(studio.stranger).private_chat is True
    assert "欢迎加入测试直播间" in studio.text(calls, studio.stranger)


async def test_rules_say_per_item_amounts_as_chinese_does(studio):
    # "20元/每样" read as a formula; Chinese says 每样20元.
    studio.team()
    text = studio.text(await studio.send(studio.host, "/rules"))
    assert "<code>lights</code> 忘关灯:每样20元 — " in text
    assert "<code>ac</code> 忘关空调:50元 — " in text


async def test_a_reply_that_meets_a_5xx_or_a_timeout_is_sent_again(studio, monkeypatch):
    # The contract: a 5xx or a timeout is retried a few times with back-off (a 429 by the limiter).
    monkeypatch.setattr("messaging.retry.BACKOFF", 0.01)
    studio.team()
    studio.api.fail("sendMessage", 502, chat_id=studio.host.id)
    studio.api.fail("sendMessage", timeout=True, chat_id=studio.host.id)
    calls = await studio.send(studio.host, "/rules", chat="private")
    answered = [c for c in calls if c.method == "sendMessage" and "message_id" in (c.result or {})]
    assert len(answered) == 1 and "50元" in answered[0].text


async def test_lang_in_the_group_says_it_is_for_private_chats(studio):
    studio.team()
    calls = await studio.send(studio.host, "/lang en", chat="group", at="12:00")
    assert studio.texts(calls, "group") == [
        "Your private chats with the bot are in English from now on; the group keeps the "
        "studio's language."]
    assert studio.staff(studio.host).lang == "en"
    calls = await studio.send(studio.host, "/lang zh", chat="private", at="12:01")
    assert studio.texts(calls, studio.host) == ["已切换为中文。"]
