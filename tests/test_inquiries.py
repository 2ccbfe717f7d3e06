"""Customers write to the bot privately; staff answer through it (handbook duty 8)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta

import pytest

from models import Audit, Customer, Inquiry, InquiryMessage
from offline import BOT_ID, BOT_USERNAME
from studio import inquiries
from studio.clock import to_db
from studio.inquiries import in_hours
from studio.inquiry_figures import Stats, percentile, response_stats
from tests.conftest import GROUP_ID, base_config, studio_time
from tests.factories import Person

ANNA = Person(777, "Anna", "anna", "en-GB")
LIN = Person(888, "林女士", None)


@pytest.fixture
def settings_dict() -> dict:
    config = base_config(inquiries={"hours": "09:00-23:00", "remind_minutes": 30,
                                    "max_per_minute": 3})
    config["faq"] = [{"keywords_zh": ["发货", "快递"], "keywords_en": ["shipping"],
                      "answer_zh": "下单后48小时内发货。",
                      "answer_en": "Orders ship within 48 hours."}]
    return config


def replied_to(call) -> int | None:
    params = call.params.get("reply_parameters")
    if isinstance(params, str):
        params = json.loads(params)
    return int(params["message_id"]) if params else None


def copies(calls, chat_id: int) -> list:
    return [c for c in calls if c.method == "copyMessage" and c.chat_id == chat_id]


def bot_post(message_id: int, chat_id: int = GROUP_ID) -> dict:
    """A message the bot posted (a copy's result has only its id), as a reply's target."""
    return {"message_id": message_id, "date": int(studio_time("12:00").timestamp()),
            "chat": {"id": chat_id, "type": "supergroup", "title": "Studio"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Studio",
                     "username": BOT_USERNAME}}


async def ask(studio, text="这件外套还有M码吗?", at="12:00", who=None, **media):
    """A customer writes; returns (calls, the card posted in the inbox or None)."""
    calls = await studio.send(who or studio.customer, text, chat="private", at=at, **media)
    inbox = [c for c in studio.sent(calls, GROUP_ID) if c.method == "sendMessage"]
    return calls, (inbox[0] if inbox else None)


# --- customers reach the inbox ---------------------------------------------------------------


async def test_a_customer_question_becomes_a_numbered_card_and_is_acknowledged(studio):
    studio.team()
    calls, card = await ask(studio)
    assert card.text == "#1 顾客张 (@fan_zhang):这件外套还有M码吗?"
    assert studio.texts(calls, studio.customer) == ["收到你的消息,工作人员会尽快回复你。"]
    inquiry = Inquiry.get()
    assert inquiry.status == "open" and inquiry.card_message_id == card.result["message_id"]
    assert inquiry.waiting_since == to_db(studio_time("12:00"))
    customer = Customer.get()
    assert (customer.tg_id, customer.lang) == (studio.customer.id, None)


async def test_a_later_photo_is_copied_under_the_card_without_a_second_acknowledgement(studio):
    studio.team()
    _, card = await ask(studio)
    calls = await studio.send(studio.customer, None, chat="private", at="12:01", photo=True,
                              caption="这个颜色")
    (copy,) = copies(calls, GROUP_ID)
    assert int(copy.params["from_chat_id"]) == studio.customer.id
    assert int(copy.params["message_id"]) == studio.last_message["message_id"]
    assert replied_to(copy) == card.result["message_id"]
    assert studio.sent(calls, studio.customer.id) == []  # one acknowledgement per wait
    photo = InquiryMessage.get(InquiryMessage.kind == "photo")
    assert photo.inbox_message_id == copy.result["message_id"] and photo.text == "这个颜色"


async def test_a_follow_up_while_waiting_gets_a_receipt_at_most_once_per_window(studio):
    studio.team()
    await ask(studio)  # 12:00, acknowledged
    receipt = "收到,已补充到你的问题里,工作人员会尽快回复。"
    calls = await studio.send(studio.customer, "黑色", chat="private", at="12:03")
    assert studio.texts(calls, studio.customer) == [], "within the window of the first"
    calls = await studio.send(studio.customer, "还有L码吗", chat="private", at="12:06")
    assert studio.texts(calls, studio.customer) == [receipt], "the first follow-up after it"
    calls = await studio.send(studio.customer, "急", chat="private", at="12:08")
    assert studio.texts(calls, studio.customer) == []
    calls = await studio.send(studio.customer, "在吗", chat="private", at="12:11")
    assert studio.texts(calls, studio.customer) == [receipt]
    assert len(studio.sent(calls, GROUP_ID)) == 1, "every follow-up still reaches the inbox"
    assert Inquiry.get().acked_at == to_db(studio_time("12:11"))


async def test_a_first_message_that_is_a_photo_gets_a_card_and_the_copy_under_it(studio):
    studio.team()
    calls, card = await ask(studio, None, photo=True, caption="这个有吗")
    assert card.text == "#1 顾客张 (@fan_zhang):[图片] 这个有吗"
    (copy,) = copies(calls, GROUP_ID)
    assert replied_to(copy) == card.result["message_id"]


async def test_a_later_text_goes_under_the_card(studio):
    studio.team()
    _, card = await ask(studio)
    calls = await studio.send(studio.customer, "要黑色的", chat="private", at="12:02")
    (line,) = studio.sent(calls, GROUP_ID)
    assert line.text == "#1 顾客张:要黑色的" and replied_to(line) == card.result["message_id"]
    assert Inquiry.select().count() == 1


async def test_an_english_customers_start_is_welcomed_in_english(studio):
    studio.team()
    calls = await studio.send(ANNA, "/start ask", chat="private", at="12:00")
    assert studio.texts(calls, ANNA) == [
        "Hello, welcome to 测试直播间! Send me your question and our staff will answer soon."]
    # A Chinese customer's welcome stays in the studio's language.
    calls = await studio.send(LIN, "/start", chat="private", at="12:01")
    assert "欢迎来到测试直播间" in studio.text(calls, LIN)


async def test_markup_looking_text_is_escaped_on_the_card(studio):
    studio.team()
    _, card = await ask(studio, "A&B <Lab> 有货吗")
    assert card.text == "#1 顾客张 (@fan_zhang):A&amp;B &lt;Lab&gt; 有货吗"
    assert InquiryMessage.get().text == "A&B <Lab> 有货吗"


async def test_an_english_customer_is_acknowledged_in_english_and_the_card_is_chinese(studio):
    studio.team()
    calls, card = await ask(studio, "Is the coat in stock?", who=ANNA)
    assert studio.texts(calls, ANNA) == ["Thanks for your message. Our team will reply soon."]
    assert card.text == "#1 Anna (@anna):Is the coat in stock?"
    assert Customer.get().lang == "en"


async def test_off_hours_the_acknowledgement_says_when_staff_will_answer(studio):
    studio.team()
    calls, card = await ask(studio, at="02:00")
    assert studio.texts(calls, studio.customer) == [
        "收到你的消息。现在不是工作时间,工作人员将在 09:00 后回复。"]
    assert card is not None  # still posted: whoever is up may answer


@pytest.mark.parametrize(("hours", "hhmm", "inside"), [
    ("09:00-23:00", "09:00", True), ("09:00-23:00", "22:59", True),
    ("09:00-23:00", "23:00", False), ("09:00-23:00", "02:00", False),
    ("22:00-06:00", "23:30", True), ("22:00-06:00", "05:59", True),
    ("22:00-06:00", "12:00", False),
])
def test_working_hours_may_span_midnight(hours, hhmm, inside):
    from studio.parse.times import parse_hhmm_time
    assert in_hours(hours, parse_hhmm_time(hhmm)) is inside


async def test_a_staff_members_own_private_messages_are_never_an_inquiry(studio):
    studio.team()
    calls = await studio.send(studio.host, "今天几点开会?", chat="private", at="12:00")
    calls += await studio.send(studio.host, None, chat="private", at="12:01", photo=True)
    # never an inquiry, never silent: each gets a hint, to the host only
    assert [c.chat_id for c in studio.sent(calls)] == [studio.host.id, studio.host.id]
    assert "/help" in studio.text(calls)
    assert Inquiry.select().count() == 0 and Customer.select().count() == 0


async def test_a_customer_message_that_starts_like_a_staff_keyword_is_still_an_inquiry(studio):
    studio.team()
    calls, card = await ask(studio, "到货 了吗")
    assert card is not None and "到货 了吗" in card.text
    assert "权限" not in studio.text(calls, studio.customer)


# --- staff answer ----------------------------------------------------------------------------


async def test_a_staff_reply_to_the_card_is_copied_to_the_customer_with_the_response_time(
        studio):
    studio.team()
    _, card = await ask(studio, at="12:00")
    calls = await studio.send(studio.host, "有的,M码还有", chat="group", at="12:10",
                              reply_to=card.result)
    (copy,) = copies(calls, studio.customer.id)
    assert int(copy.params["from_chat_id"]) == GROUP_ID
    assert int(copy.params["message_id"]) == studio.last_message["message_id"]
    (done,) = studio.sent(calls, GROUP_ID)
    assert done.text == "✓ 已转给顾客 #1" and done.params["disable_notification"] is True
    inquiry = Inquiry.get()
    assert inquiry.status == "answered" and inquiry.answered_by_id == studio.staff(studio.host).id
    answer = InquiryMessage.get(InquiryMessage.direction == "out")
    assert (answer.response_seconds, answer.staff_id, answer.text) == (
        600, studio.staff(studio.host).id, "有的,M码还有")


async def test_a_photo_reply_to_a_copied_photo_reaches_the_customer(studio):
    studio.team()
    _, card = await ask(studio, at="12:00")
    photo = await studio.send(studio.customer, None, chat="private", at="12:01", photo=True)
    copied = copies(photo, GROUP_ID)[0].result["message_id"]
    calls = await studio.send(studio.host2, None, chat="group", at="12:05", photo=True,
                              caption="实拍", reply_to=bot_post(copied))
    (copy,) = copies(calls, studio.customer.id)
    assert int(copy.params["message_id"]) == studio.last_message["message_id"]
    answer = InquiryMessage.get(InquiryMessage.direction == "out")
    assert (answer.kind, answer.response_seconds) == ("photo", 300)
    assert answer.staff_id == studio.staff(studio.host2).id


async def test_a_second_answer_in_the_same_wait_carries_no_response_time(studio):
    studio.team()
    _, card = await ask(studio, at="12:00")
    first = await studio.send(studio.host, "有的", chat="group", at="12:03", reply_to=card.result)
    done = studio.sent(first, GROUP_ID)[0]
    await studio.send(studio.host, "还有黑色", chat="group", at="12:04", reply_to=done.result)
    answers = list(InquiryMessage.select().where(InquiryMessage.direction == "out")
                   .order_by(InquiryMessage.id))
    assert [a.response_seconds for a in answers] == [180, None]


async def test_a_new_message_after_an_answer_waits_again_and_is_acknowledged_again(studio):
    studio.team()
    _, card = await ask(studio, at="12:00")
    await studio.send(studio.host, "有的", chat="group", at="12:03", reply_to=card.result)
    calls = await studio.send(studio.customer, "那L码呢", chat="private", at="12:20")
    assert len(studio.sent(calls, studio.customer.id)) == 1
    inquiry = Inquiry.get()
    assert inquiry.status == "open" and Inquiry.select().count() == 1
    await studio.send(studio.host, "也有", chat="group", at="12:25", reply_to=card.result)
    last = InquiryMessage.select().order_by(InquiryMessage.id.desc()).get()
    assert last.response_seconds == 300


async def test_a_reply_in_the_inbox_by_someone_not_staff_is_ignored(studio):
    studio.team()
    _, card = await ask(studio)
    calls = await studio.send(studio.stranger, "我也想知道", chat="group", at="12:05",
                              reply_to=card.result)
    assert studio.sent(calls) == []
    assert Inquiry.get().status == "open"


async def test_answer_from_a_private_chat_sends_the_text_and_notes_it_in_the_inbox(studio):
    studio.team()
    _, card = await ask(studio, at="12:00")
    calls = await studio.send(studio.host, "/answer 1 有的 <M码>", chat="private", at="12:20")
    assert studio.texts(calls, studio.customer) == ["有的 &lt;M码&gt;"]
    assert studio.texts(calls, studio.host) == ["✓ 已转给顾客 #1"]
    (note,) = studio.sent(calls, GROUP_ID)
    assert note.text == "#1 小红 私聊回复:有的 &lt;M码&gt;"
    assert replied_to(note) == card.result["message_id"] and note.params["disable_notification"]
    answer = InquiryMessage.get(InquiryMessage.direction == "out")
    assert (answer.response_seconds, answer.text) == (1200, "有的 <M码>")


@pytest.mark.parametrize(("command", "reply"), [
    ("/answer", "请写咨询编号"),
    ("/answer abc 你好", "请写咨询编号"),
    ("/answer 1", "请写回复的内容"),
    ("/answer 9 你好", "没有编号为 9 的咨询"),
    ("/close", "请写咨询编号"),
    ("/close 1 2", "请写咨询编号"),
    ("/close x", "请写咨询编号"),
    ("/block 9", "没有编号为 9 的咨询"),
    ("/unblock 1", "没有被屏蔽"),
])
async def test_bad_inquiry_commands_get_a_reason_and_write_nothing(studio, command, reply):
    studio.team()
    await ask(studio)
    before = (InquiryMessage.select().count(), Audit.select().count())
    calls = await studio.send(studio.ops, command, chat="private", at="12:10")
    assert reply in studio.text(calls, studio.ops)
    assert studio.sent(calls, studio.customer.id) == []
    assert (InquiryMessage.select().count(), Audit.select().count()) == before
    assert Inquiry.get().status == "open" and not Customer.get().blocked


async def test_answer_typed_in_the_group_reaches_the_customer(studio):
    studio.team()
    await ask(studio)
    calls = await studio.send(studio.host, "/answer 1 有的", chat="group", at="12:10")
    assert studio.texts(calls, studio.customer) == ["有的"]
    # The answer is in the inbox already: the confirmation only, no "私聊回复" copy.
    assert studio.texts(calls, GROUP_ID) == ["✓ 已转给顾客 #1"]
    # A reply to the confirmation still reaches the customer.
    done = studio.sent(calls, GROUP_ID)[0]
    calls = await studio.send(studio.ops, "今晚八点上架", chat="group", at="12:11",
                              reply_to=done.result)
    assert [c.method for c in studio.sent(calls, studio.customer.id)] == ["copyMessage"]
    assert InquiryMessage.select().where(InquiryMessage.direction == "out").count() == 2


# --- the FAQ ---------------------------------------------------------------------------------


async def test_an_faq_question_is_answered_at_once_and_shown_to_staff_as_answered(studio):
    studio.team()
    calls, card = await ask(studio, "什么时候发货?")
    assert studio.texts(calls, studio.customer) == ["下单后48小时内发货。"]
    assert card.text == "#1 顾客张 (@fan_zhang):什么时候发货?\n(FAQ 已自动回复)"
    assert Inquiry.get().status == "answered"
    out = InquiryMessage.get(InquiryMessage.direction == "out")
    assert out.faq and out.staff_id is None and out.response_seconds is None


async def test_an_faq_keyword_matches_full_width_and_any_case_in_the_customers_language(studio):
    studio.team()
    calls, _ = await ask(studio, "ＳＨＩＰＰＩＮＧ time?", who=ANNA)
    assert studio.texts(calls, ANNA) == ["Orders ship within 48 hours."]


# --- the watch -------------------------------------------------------------------------------


async def test_an_unanswered_inquiry_is_reminded_once_then_escalated_to_the_managers(studio):
    studio.team()
    _, card = await ask(studio, at="12:00")
    assert studio.sent(await studio.run_job("inquiry_watch", "12:25")) == []
    calls = await studio.run_job("inquiry_watch", "12:31")
    (reminder,) = studio.sent(calls)
    assert reminder.chat_id == GROUP_ID and replied_to(reminder) == card.result["message_id"]
    assert "#1" in reminder.text and "31分" in reminder.text
    assert Inquiry.get().reminded_at is not None
    assert studio.sent(await studio.run_job("inquiry_watch", "12:36")) == []
    calls = await studio.run_job("inquiry_watch", "13:31")
    assert [c.chat_id for c in studio.sent(calls)] == [studio.manager.id]
    assert "#1 顾客张 (@fan_zhang) · 已等1小时31分" in studio.text(calls, studio.manager)
    assert studio.sent(await studio.run_job("inquiry_watch", "13:36")) == []


async def test_an_answered_inquiry_is_not_reminded(studio):
    studio.team()
    _, card = await ask(studio, at="12:00")
    await studio.send(studio.host, "有的", chat="group", at="12:10", reply_to=card.result)
    assert studio.sent(await studio.run_job("inquiry_watch", "12:40")) == []


# --- /inbox, /close, /block ------------------------------------------------------------------


async def test_inbox_lists_the_waiting_inquiries_oldest_first(studio):
    studio.team()
    await ask(studio, "第一位顾客的问题\n第二行", at="12:00")
    await ask(studio, None, at="12:20", who=LIN, photo=True, caption="这个")
    _, card3 = await ask(studio, "已经回复的", at="12:25", who=ANNA)
    await studio.send(studio.host, "ok", chat="group", at="12:26", reply_to=card3.result)
    calls = await studio.send(studio.host, "/inbox", chat="group", at="12:40")
    assert studio.text(calls, "group").splitlines() == [
        "<b>等待回复的咨询(2)</b>",
        "#1 顾客张 (@fan_zhang) · 已等40分 · 第一位顾客的问题",
        "#2 林女士 · 已等20分 · [图片] 这个",
    ]


async def test_close_needs_ops_and_a_closed_inquirys_next_message_opens_a_new_one(studio):
    studio.team()
    await ask(studio, at="12:00")
    refused = await studio.send(studio.host, "/close 1", chat="group", at="12:05")
    assert "没有权限" in studio.text(refused, "group") and Inquiry.get().status == "open"
    calls = await studio.send(studio.ops, "/close 1", chat="group", at="12:06")
    assert studio.text(calls, "group") == "咨询 #1 已关闭。"
    assert Inquiry.get().closed_by_id == studio.staff(studio.ops).id
    _, card = await ask(studio, "还在吗", at="12:30")
    assert card.text.startswith("#2 ") and Inquiry.select().count() == 2


async def test_an_answer_to_a_closed_inquiry_reopens_it_as_answered(studio):
    studio.team()
    _, card = await ask(studio, at="12:00")
    await studio.send(studio.ops, "/close 1", chat="group", at="12:05")
    calls = await studio.send(studio.host, "补充一下", chat="group", at="12:10",
                              reply_to=card.result)
    assert len(copies(calls, studio.customer.id)) == 1
    assert Inquiry.get().status == "answered"


async def test_a_blocked_customer_is_told_once_and_then_dropped(studio):
    studio.team()
    await ask(studio, at="12:00")
    calls = await studio.send(studio.ops, "/block 1", chat="group", at="12:05")
    assert "已屏蔽" in studio.text(calls, "group")
    assert Customer.get().blocked and Inquiry.get().status == "closed"
    first = await studio.send(studio.customer, "为什么不回", chat="private", at="12:10")
    assert studio.texts(first) == ["你的消息将不再转达给工作人员。"]
    assert studio.sent(first)[0].chat_id == studio.customer.id
    again = await studio.send(studio.customer, "喂", chat="private", at="12:11")
    assert studio.sent(again) == []
    assert Inquiry.select().count() == 1 and InquiryMessage.select().count() == 1
    await studio.send(studio.ops, "/unblock 1", chat="group", at="12:20")
    _, card = await ask(studio, "能说话了吗", at="12:21")
    assert card.text.startswith("#2 ") and not Customer.get().blocked


async def test_a_flood_is_throttled_and_the_sender_told_once_a_minute(studio):
    studio.team()
    at = studio_time("12:00")
    sent = []
    for i in range(6):  # max_per_minute is 3 here
        sent.append(await studio.send(studio.customer, f"消息{i}", chat="private",
                                      at=at + timedelta(seconds=5 * i)))
    assert [len(studio.sent(c, GROUP_ID)) for c in sent] == [1, 1, 1, 0, 0, 0]
    assert [studio.texts(c, studio.customer) for c in sent[3:]] == [
        ["消息发得太快了,请稍等一分钟再发。"], [], []]
    later = await studio.send(studio.customer, "现在呢", chat="private",
                              at=at + timedelta(seconds=61))
    assert len(studio.sent(later, GROUP_ID)) == 1
    assert InquiryMessage.select().where(InquiryMessage.direction == "in").count() == 4


# --- what the customer sees ------------------------------------------------------------------


async def test_nothing_of_the_studio_reaches_the_customer(studio):
    studio.team()
    _, card = await ask(studio, at="12:00")
    seen = []
    seen += await studio.send(studio.host, "有的", chat="group", at="12:05", reply_to=card.result)
    seen += await studio.send(studio.customer, "发货多久?", chat="private", at="12:06")
    seen += await studio.send(studio.customer, "好的", chat="private", at="12:07")
    seen += await studio.send(studio.host2, "/answer 1 明天发", chat="private", at="12:08")
    to_customer = studio.sent(seen, studio.customer.id)
    assert len(to_customer) == 4  # the answer, the FAQ, an acknowledgement, /answer
    for call in to_customer:
        params = {k: v for k, v in call.params.items() if k != "from_chat_id"}
        shown = json.dumps(params, ensure_ascii=False)
        for leak in ("小红", "小明", "xiaohong", "#1", str(GROUP_ID), "测试直播间"):
            assert leak not in shown, (leak, call)


async def test_signed_answers_add_a_separate_line_with_the_name(studio):
    studio.team()
    settings = studio.app.bot_data["settings"]
    studio.app.bot_data["settings"] = dataclasses.replace(
        settings, inquiries=dataclasses.replace(settings.inquiries, sign_answers=True))
    _, card = await ask(studio, at="12:00")
    calls = await studio.send(studio.host, "有的", chat="group", at="12:05", reply_to=card.result)
    to_customer = studio.sent(calls, studio.customer.id)
    assert [c.method for c in to_customer] == ["copyMessage", "sendMessage"]
    assert to_customer[1].text == "— 小红"


async def test_an_undeliverable_answer_is_reported_and_not_counted(studio):
    studio.team()
    _, card = await ask(studio, at="12:00")
    studio.api.fail("copyMessage", 403, chat_id=studio.customer.id)
    calls = await studio.send(studio.host, "有的", chat="group", at="12:05", reply_to=card.result)
    assert "没能转给顾客 #1" in studio.text(calls, "group")
    assert Inquiry.get().status == "open"
    assert InquiryMessage.select().where(InquiryMessage.direction == "out").count() == 0


# --- figures for the reports -----------------------------------------------------------------


@pytest.mark.parametrize(("values", "share", "expected"), [
    ([5], 0.9, 5), ([60, 300, 600], 0.9, 600), ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9),
    ([10, 1], 0.5, 1),
])
def test_percentile_is_nearest_rank(values, share, expected):
    assert percentile(values, share) == expected


async def test_response_figures_per_staff_member_exclude_faq_and_other_days(studio):
    studio.team()
    people = [studio.customer, LIN, ANNA, Person(901, "顾客四"), Person(902, "顾客五")]
    waits = [(studio.host, "12:01"), (studio.host, "12:05"), (studio.host, "12:10"),
             (studio.host2, "12:02")]
    for person, (staff, answer_at) in zip(people, waits, strict=False):
        _, card = await ask(studio, "在吗", at="12:00", who=person)
        await studio.send(staff, "在", chat="group", at=answer_at, reply_to=card.result)
    await ask(studio, "快递用哪家", at="12:00", who=people[4])  # answered by the FAQ
    _, card = await ask(studio, "在吗", at="2026-11-27 10:00", who=Person(903, "顾客六"))
    await studio.send(studio.host2, "在", chat="group", at="2026-11-27 10:30",
                      reply_to=card.result)
    stats = response_stats(date(2026, 11, 26), date(2026, 11, 26), studio.app.bot_data["clock"])
    assert stats == {studio.staff(studio.host).id: Stats(3, 300, 600),
                     studio.staff(studio.host2).id: Stats(1, 120, 120)}
    both = response_stats(date(2026, 11, 26), date(2026, 11, 27), studio.app.bot_data["clock"])
    assert both[studio.staff(studio.host2).id] == Stats(2, 960, 1800)


def test_customer_language_comes_from_the_telegram_language_code():
    assert [inquiries.customer_lang(c) for c in ("en", "en-US", "zh-hans", None, "de")] == [
        "en", "en", None, None, None]


async def test_a_reply_to_an_old_closed_card_answers_the_customers_current_inquiry(studio):
    studio.team()
    _, old_card = await ask(studio, at="12:00")
    await studio.send(studio.ops, "/close 1", chat="group", at="12:05")
    await ask(studio, "还在吗", at="12:30")
    calls = await studio.send(studio.host, "在的", chat="group", at="12:32",
                              reply_to=old_card.result)
    assert len(copies(calls, studio.customer.id)) == 1
    assert [(i.id, i.status) for i in Inquiry.select().order_by(Inquiry.id)] == [
        (1, "closed"), (2, "answered")]
    assert inquiries.waiting_count(studio_time("12:33")) == 0


async def test_a_new_wait_after_an_answer_is_reminded_again(studio):
    studio.team()
    _, card = await ask(studio, at="12:00")
    await studio.run_job("inquiry_watch", "12:31")
    await studio.send(studio.host, "有的", chat="group", at="12:32", reply_to=card.result)
    await studio.send(studio.customer, "那L码呢", chat="private", at="12:40")
    assert studio.sent(await studio.run_job("inquiry_watch", "13:05")) == []
    (reminder,) = studio.sent(await studio.run_job("inquiry_watch", "13:11"))
    assert "#1" in reminder.text and "31分" in reminder.text


async def test_an_edited_customer_message_is_not_posted_again(studio):
    studio.team()
    await ask(studio, at="12:00")
    calls = await studio.send(studio.customer, "这件外套还有L码吗?", chat="private", at="12:01",
                              edited=True)
    assert studio.sent(calls) == [] and InquiryMessage.select().count() == 1


async def test_a_customer_who_blocked_the_bot_still_reaches_the_inbox(studio):
    studio.team()
    studio.api.blocked_chats.add(studio.customer.id)
    calls, card = await ask(studio, at="12:00")
    assert card is not None and card.text.startswith("#1 ")


async def test_close_and_block_in_reply_to_the_card_need_no_number(studio):
    # Staff answer by replying to the card; closing the same way is what they try next.
    studio.team()
    _, card = await ask(studio, at="12:00")
    calls = await studio.send(studio.ops, "/close", chat="group", at="12:06", reply_to=card.result)
    assert studio.text(calls, "group") == "咨询 #1 已关闭。"
    assert Inquiry.get().status == "closed"
    calls = await studio.send(studio.ops, "/block", chat="group", at="12:07", reply_to=card.result)
    assert studio.text(calls, "group").startswith("咨询 #1 的顾客已屏蔽")
    # Not a reply, or a reply to something else: the number is still asked for.
    calls = await studio.send(studio.ops, "/unblock", chat="group", at="12:08")
    assert studio.text(calls, "group").startswith("请写咨询编号")
