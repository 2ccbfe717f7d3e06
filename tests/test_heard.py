"""What the group and the private chat say that the bot must hear (#27): each line of the issue,
as sent, with what must come of it."""

from __future__ import annotations

import pytest

from models import Checkin, Fine, Leave, LeaveRequest, MetricsEntry, Sample
from tests.conftest import GROUP_ID
from tests.factories import message, message_update
from tests.test_fuzz import GROUP_ANONYMOUS_BOT, anonymous


def question_of(studio, calls):
    [question] = [c for c in studio.sent(calls) if c.buttons]
    return question


# --- money said in words: confirmed with a button before it is recorded ----------------------

@pytest.mark.parametrize("text", ["罚款 小红 20 迟到", "乐捐 小红 20 迟到", "罚 小红 20 迟到",
                                  "小红 乐捐 20 迟到", "罚款，小红，20，迟到",
                                  "@studio_test_bot 罚款 小红 20 迟到"])
async def test_a_fine_said_in_the_group_is_asked_about_and_recorded_on_yes(studio, text):
    studio.team()
    calls = await studio.send(studio.manager, text, at="21:00")
    question = question_of(studio, calls)
    assert "要记一笔乐捐吗" in question.text and "20元" in question.text, question.text
    assert Fine.select().count() == 0
    calls = await studio.press(studio.manager, question, "是", at="21:30")
    [fine] = Fine.select()
    assert (fine.staff.tg_id, fine.amount_fen, fine.reason) == (studio.host.id, 2000, "迟到")
    assert fine.created_at.strftime("%H:%M") == "13:00"  # the message's time, stored UTC


async def test_kou_names_the_manager_and_no_records_nothing(studio):
    studio.team()
    calls = await studio.send(studio.manager, "扣 小明 20 迟到", at="21:00")
    question = question_of(studio, calls)
    assert "小明" in question.text
    calls = await studio.press(studio.manager, question, "不是", at="21:01")
    assert studio.sent(calls) == [] and Fine.select().count() == 0


async def test_a_fine_in_words_by_its_chinese_name_shows_the_rule_and_its_amount(studio):
    studio.team()
    calls = await studio.send(studio.ops, "乐捐 @xiaohong 空调忘关了", chat="private", at="21:00")
    assert "忘关空调 ×1" in question_of(studio, calls).text and "50元" in studio.text(calls)


@pytest.mark.parametrize("text", ["扣1", "扣个1", "罚款的事等下说", "这个要罚款吗", "罚款 小红 20 迟到？",
                                  "乐捐记得交哦", "扣 规则看手册"])
async def test_money_words_that_are_chatter_are_left_alone_in_the_group(studio, text):
    studio.team()
    calls = await studio.send(studio.manager, text, at="21:00")
    assert studio.sent(calls) == [] and Fine.select().count() == 0


async def test_a_host_saying_a_fine_in_the_group_is_left_alone_and_refused_when_addressed(studio):
    studio.team()
    assert studio.sent(await studio.send(studio.host, "罚款 小明 20 迟到", at="21:00")) == []
    calls = await studio.send(studio.host, "罚款 小明 20 迟到", chat="private", at="21:01")
    assert "权限" in studio.text(calls) and Fine.select().count() == 0


async def test_a_fine_in_words_with_a_shared_name_asks_which_and_the_press_records(studio):
    from tests.test_phrasings import TWINS

    studio.team()
    for person in TWINS:
        studio.add_staff(person, "host")
    calls = await studio.send(studio.manager, "罚款 小美 20 迟到", at="21:00")
    question = question_of(studio, calls)
    await studio.press(studio.manager, question, "小美 #6", at="21:01")
    [fine] = Fine.select()
    assert fine.staff.tg_id == TWINS[1].id and fine.amount_fen == 2000


# --- leave, data, arrival, offline: heard in the group ----------------------------------------

@pytest.mark.parametrize(("text", "first"), [("明天请假", "2026-11-27"), ("我今天请假", "2026-11-26"),
                                             ("后天请假 家里有事", "2026-11-28"),
                                             ("我要请假 明天", "2026-11-27")])
async def test_a_leave_said_day_first_is_asked_for(studio, text, first):
    studio.team()
    calls = await studio.send(studio.host, text, at="10:00")
    [request] = LeaveRequest.select()
    assert request.first_day.isoformat() == first, studio.text(calls)


async def test_a_manager_names_the_person_before_the_day(studio):
    studio.team()
    await studio.send(studio.manager, "小红明天请假", at="10:00")
    [leave] = Leave.select()
    assert leave.staff.tg_id == studio.host.id


async def test_a_host_telling_of_a_colleagues_leave_in_the_group_is_left_alone(studio):
    studio.team()
    assert studio.sent(await studio.send(studio.host, "小明明天请假", at="10:00")) == []
    assert LeaveRequest.select().count() == 0 and Leave.select().count() == 0


@pytest.mark.parametrize("text", ["明天谁请假了?", "明天开播", "请假要提前说哦", "明天开播吗？"])
async def test_a_day_and_a_studio_word_in_chatter_is_left_alone(studio, text):
    studio.team()
    assert studio.sent(await studio.send(studio.host, text, at="10:00")) == []


@pytest.mark.parametrize("text", ["今天数据:观看1.2w,成交3500", "今天直播数据 观看3.5万 成交6200 订单57"])
async def test_the_days_figures_are_saved(studio, text):
    studio.team()
    await studio.send(studio.host, "/live A", at="19:00")
    calls = await studio.send(studio.host, text, at="22:00")
    assert "数据已保存" in studio.text(calls) and MetricsEntry.select().count() == 1


async def test_samples_arrived_is_an_arrival_not_a_check_in(studio):
    studio.team()
    calls = await studio.send(studio.host, "样品到了 蕉下 防晒衣 3件", at="10:00")
    assert "已上中转架 3 件" in studio.text(calls) and Sample.select().count() == 3
    assert Checkin.select().count() == 0


async def test_offline_with_an_emoji_ends_the_broadcast(studio):
    studio.team()
    await studio.send(studio.host, "/live A", at="19:00")
    assert "下播" in studio.text(await studio.send(studio.host, "下播了👋", at="22:00"))


# --- a check-in with a time -------------------------------------------------------------------

async def test_a_check_in_with_a_time_registers_that_time_marked_late_with_no_fine(studio):
    studio.team()
    calls = await studio.send(studio.host, "到岗 9点半", at="11:00")
    assert "09:30 到岗(补登记)" in studio.text(calls)
    [checkin] = Checkin.select()
    assert checkin.late and checkin.at.strftime("%H:%M") == "01:30"  # 09:30 in Shanghai
    assert Fine.select().count() == 0


async def test_a_check_in_without_a_time_is_not_late(studio):
    studio.team()
    await studio.send(studio.host, "到岗", at="09:00")
    assert not Checkin.get().late


# --- pointers: to the command the words mean --------------------------------------------------

async def test_going_live_in_english_goes_live_and_never_points_staff_to_join(studio):
    studio.team()
    studio.add_staff(studio.host, "host", lang="en")
    calls = await studio.send(studio.host, "going live now", chat="private", at="19:00")
    assert "is live" in studio.text(calls) and "/join" not in studio.text(calls)


async def test_a_staff_member_is_never_pointed_to_join(studio):
    studio.team()
    calls = await studio.send(studio.host, "/jion", chat="private", at="19:00")
    assert "/join" not in studio.text(calls)


async def test_a_voice_note_captioned_with_a_command_runs_it(studio):
    studio.team()
    calls = await studio.send(studio.host, None, caption="/me", voice=True, chat="private",
                              at="20:00")
    assert "2026-11-26" in studio.text(calls) and "没有 /me" not in studio.text(calls)


# (A photo is not here: a staff member's photo in private is read as a screenshot of the
# platform's data, test_imports.)
@pytest.mark.parametrize("media", [{"sticker": True}, {"voice": True}, {"animation": True}])
async def test_a_message_without_text_gets_a_hint_without_empty_quotes(studio, media):
    studio.team()
    calls = await studio.send(studio.host, None, chat="private", at="20:00", **media)
    assert "没有文字" in studio.text(calls) and "“”" not in studio.text(calls)


@pytest.mark.parametrize("text", ["/", "／", "/ ", "/@studio_test_bot"])
async def test_a_bare_slash_gets_a_hint_and_no_crash(studio, text):
    studio.team()
    calls = await studio.send(studio.host, text, chat="private", at="20:00")
    assert studio.text(calls) and not studio.errors


async def test_a_fine_refusal_lists_the_rules_by_name_and_amount_in_the_readers_language(studio):
    studio.team()
    calls = await studio.send(studio.ops, "/fine 小红 迟到", at="21:00")
    assert "抽烟 50元" in studio.text(calls) and "忘关灯 每件20元" in studio.text(calls)
    assert "smoking" not in studio.text(calls)
    studio.add_staff(studio.ops, "ops", lang="en")
    calls = await studio.send(studio.ops, "/fine 小红 late", chat="private", at="21:01")
    assert "smoking 50 CNY" in studio.text(calls) and "抽烟" not in studio.text(calls)


@pytest.mark.parametrize(("said", "code"), [("空调忘关了", "ac"), ("忘记关灯", "lights"),
                                            ("在直播间抽烟", "smoking"), ("手机支架乱放", "mess"),
                                            ("先开空调电脑再化妆", "early_ac"), ("ac", "ac")])
async def test_a_fine_by_the_handbooks_wording(studio, said, code):
    studio.team()
    await studio.send(studio.ops, f"/fine @xiaohong {said}", at="21:00")
    assert Fine.get().code == code


# --- not ours: another bot's command, an edit, as the group -----------------------------------

@pytest.mark.parametrize("text", ["/cmd@otherbot", "/live@otherbot", "/start@other_bot x"])
async def test_an_anonymous_admins_command_to_another_bot_is_not_answered(studio, text):
    studio.team()
    msg = anonymous(message(GROUP_ANONYMOUS_BOT, text, chat="group", date=studio.now))
    calls = await studio.resend(message_update(msg))
    assert studio.sent(calls) == []


async def test_an_anonymous_admins_edited_command_is_not_answered(studio):
    studio.team()
    msg = anonymous(message(GROUP_ANONYMOUS_BOT, "/live", chat="group", date=studio.now))
    calls = await studio.resend(message_update(msg, edited=True))
    assert studio.sent(calls) == []


async def test_an_anonymous_admins_own_command_still_gets_the_notice(studio):
    studio.team()
    msg = anonymous(message(GROUP_ANONYMOUS_BOT, "/live@studio_test_bot", chat="group",
                            date=studio.now))
    calls = await studio.resend(message_update(msg))
    assert "匿名" in studio.text(calls)


# --- a reply to an inbox card the bot has no record of ----------------------------------------

async def test_a_reply_to_an_unknown_inbox_card_says_the_customer_will_not_get_it(studio):
    from tests.test_inquiries import bot_post

    studio.team()
    card = dict(bot_post(4321), text="#7 顾客张:这件外套还有M码吗?")
    calls = await studio.send(studio.host, "有的", chat="group", at="12:10", reply_to=card)
    text = studio.text(calls, GROUP_ID)
    assert "顾客收不到" in text and "/answer 7 内容" in text, text
