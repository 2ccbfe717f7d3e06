"""At home in real Telegram (issue 15): a group upgraded to a supergroup, topics, old presses,
anonymous admins and channels, customers' edits."""

from __future__ import annotations

import logging

import pytest

from app import build_application
from messaging.retry import RetryPolicy
from models import ChatMigration
from offline import OfflineRequest
from tests.conftest import CUSTOMER, GROUP_ID, HOST, HOST2, MANAGER, OPS, Studio, studio_time
from tests.factories import message, message_update

NEW_ID = -1005555555555  # the supergroup Telegram made of the studio group
BASIC_ID = -4001234567  # a basic group's id


def service(chat_id: int, chat_type: str, when, **fields) -> dict:
    msg = {"message_id": 77, "date": int(when.timestamp()),
           "chat": {"id": chat_id, "type": chat_type, "title": "Studio"},
           "from": MANAGER.as_user(), **fields}
    return message_update(msg)


def sent_to(calls, chat_id):
    return [c for c in calls if c.method == "sendMessage" and c.chat_id == chat_id
            and c.result and c.result.get("message_id")]


async def restart(studio: Studio) -> Studio:
    """The same config, the same database, a new process."""
    await studio.app.shutdown()
    app = build_application(studio.settings, OfflineRequest(studio.api), catch_up_at_start=False,
                            rate_limiter=RetryPolicy(overall_max_rate=0, group_max_rate=0))
    await app.initialize()
    fresh = Studio(app, studio.api, studio.settings)
    studio.app = app  # the fixture shuts this one down
    return fresh


async def test_upgraded_by_its_service_messages_keeps_working_in_the_new_id(studio):
    studio.team()
    when = studio_time("14:00")
    studio.api.migrate(GROUP_ID, NEW_ID)
    calls = await studio.resend(service(GROUP_ID, "supergroup", when,
                                        migrate_to_chat_id=NEW_ID), when)
    calls += await studio.resend(service(NEW_ID, "supergroup", when,
                                         migrate_from_chat_id=GROUP_ID), when)
    assert not [c for c in calls if c.method == "leaveChat"]
    told = sent_to(calls, MANAGER.id)
    assert len(told) == 1 and str(NEW_ID) in told[0].text and "group_chat_id" in told[0].text
    assert ChatMigration.current(GROUP_ID) == NEW_ID
    assert studio.app.bot_data["settings"].studio.group_chat_id == NEW_ID

    calls = await studio.send(HOST, "/rules", chat=NEW_ID, at="14:05")
    assert sent_to(calls, NEW_ID) and not [c for c in calls if c.method == "leaveChat"]
    # a job posts in the new id straight away
    calls = await studio.run_job("sweep", "2026-11-26 15:00")
    assert sent_to(calls, NEW_ID) and not [c for c in calls if c.chat_id == GROUP_ID]


async def test_a_send_to_the_old_id_follows_the_upgrade_and_a_restart_keeps_it(studio):
    studio.team()
    studio.api.migrate(GROUP_ID, NEW_ID)  # no service message reached the bot
    calls = await studio.run_job("sweep", "2026-11-26 15:00")
    failed = [c for c in calls if c.chat_id == GROUP_ID and c.method == "sendMessage"]
    assert len(failed) == 1 and failed[0].result["parameters"]["migrate_to_chat_id"] == NEW_ID
    assert sent_to(calls, NEW_ID), "the failed send is made again in the new id"
    told = sent_to(calls, MANAGER.id)
    assert len(told) == 1 and str(NEW_ID) in told[0].text
    assert ChatMigration.get(ChatMigration.old_id == GROUP_ID).new_id == NEW_ID

    studio = await restart(studio)
    assert studio.app.bot_data["settings"].studio.group_chat_id == NEW_ID
    calls = await studio.send(HOST, "/rules", chat=NEW_ID, at="16:00")
    assert sent_to(calls, NEW_ID) and not [c for c in calls if c.method == "leaveChat"]
    # the inbox (the group, here) takes a customer's card in the new id
    calls = await studio.send(studio.customer, "你好,在吗", chat="private", at="16:05")
    assert [c for c in sent_to(calls, NEW_ID) if "你好,在吗" in c.text]
    calls = await studio.run_job("sweep", "2026-11-26 17:00")
    assert sent_to(calls, NEW_ID) and not [c for c in calls if c.chat_id == GROUP_ID]
    # the config's id stays an alias: a late message from it is not a foreign group's
    calls = await studio.send(HOST, "/rules", chat=GROUP_ID, at="17:05")
    assert not [c for c in calls if c.method == "leaveChat"]
    # told once only
    assert not sent_to(calls, MANAGER.id)


async def test_a_command_in_a_topic_is_answered_there_quoting_it(studio):
    studio.team()
    msg = message(HOST, "/rules", chat="group", date=studio_time("12:00"))
    msg.update(message_thread_id=42, is_topic_message=True)
    calls = await studio.resend(message_update(msg))
    answers = sent_to(calls, GROUP_ID)
    assert answers
    for call in answers:
        assert int(call.params["message_thread_id"]) == 42
        quoted = call.params["reply_parameters"]
        assert quoted["message_id"] == msg["message_id"]
        assert quoted["allow_sending_without_reply"] is True


async def test_a_group_answer_quotes_the_command_and_a_private_one_does_not(studio):
    studio.team()
    calls = await studio.send(HOST, "/rules", at="12:00")
    assert all(c.params["reply_parameters"]["message_id"] == studio.last_message["message_id"]
               and "message_thread_id" not in c.params for c in sent_to(calls, GROUP_ID))
    calls = await studio.send(HOST, "/rules", chat="private", at="12:01")
    assert all("reply_parameters" not in c.params for c in sent_to(calls, HOST.id))


async def test_an_expired_press_is_quiet(studio, caplog):
    studio.team()
    calls = await studio.send(HOST, "/lang en", chat="private", at="12:00")
    studio.add_staff(MANAGER, "manager")
    # any card with a button: a join request's card to the manager
    calls = await studio.send(studio.stranger, "/join", at="12:01")
    card = next(c for c in calls if c.buttons)
    studio.api.expire_queries()
    caplog.clear()
    calls = await studio.press(MANAGER, card, at="12:30")
    answers = [c for c in calls if c.method == "answerCallbackQuery"]
    assert answers and answers[0].result["error_code"] == 400
    too_old = [r for r in caplog.records if "too old" in r.getMessage()]
    assert too_old and all(r.levelno == logging.INFO for r in too_old)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    apology = ("出错", "抱歉", "sorry")
    assert not [c for c in sent_to(calls, GROUP_ID) if any(w in c.text for w in apology)]
    assert not [c for c in calls if "alert" in c.text.lower()]


def as_chat(update: dict, sender_chat: dict, user_id: int, first_name: str) -> dict:
    msg = update["message"]
    msg["sender_chat"] = sender_chat
    msg["from"] = {"id": user_id, "is_bot": True, "first_name": first_name}
    return update


async def test_an_anonymous_admin_is_told_why_and_nothing_is_written(studio):
    studio.team()
    from models import Audit, Staff

    staff_before, audit_before = Staff.select().count(), Audit.select().count()
    for text in ("/join", "/rules", "我开播了 A", "@studio_test_bot 开播", "／live"):
        msg = message(MANAGER, text, date=studio_time("12:00"))
        update = as_chat(message_update(msg), {"id": GROUP_ID, "type": "supergroup",
                                               "title": "Studio"}, 1087968824,
                         "Group")
        calls = await studio.resend(update)
        answers = sent_to(calls, GROUP_ID)
        assert len(answers) == 1, text
        assert "匿名" in answers[0].text and "权限" not in answers[0].text
        assert not [c for c in calls if c.method == "leaveChat"]
    # a plain message as the group: nothing at all
    msg = message(MANAGER, "大家好", date=studio_time("12:02"))
    calls = await studio.resend(as_chat(message_update(msg), {"id": GROUP_ID,
                                "type": "supergroup", "title": "Studio"}, 1087968824, "Group"))
    assert not calls
    assert Staff.select().count() == staff_before and Audit.select().count() == audit_before
    assert Staff.get_or_none(Staff.tg_id == 1087968824) is None


async def test_a_channel_is_left_without_a_word(studio):
    when = studio_time("12:00")
    post = {"message_id": 5, "date": int(when.timestamp()),
            "chat": {"id": -1007777777777, "type": "channel", "title": "News"},
            "sender_chat": {"id": -1007777777777, "type": "channel", "title": "News"},
            "text": "/start"}
    calls = await studio.resend({"update_id": 990001, "channel_post": post}, when)
    assert [c for c in calls if c.method == "leaveChat" and c.chat_id == -1007777777777]
    assert not studio.sent(calls)


async def test_a_customers_edit_reaches_the_inbox(studio):
    studio.team()
    calls = await studio.send(studio.customer, "有没有M码", chat="private", at="12:00")
    card = next(c for c in sent_to(calls, GROUP_ID) if "有没有M码" in c.text)
    original = dict(studio.last_message, text="有没有L码")
    calls = await studio.resend(message_update(original, edited=True), studio_time("12:03"))
    edits = [c for c in calls if c.chat_id == GROUP_ID and "有没有L码" in c.text]
    assert len(edits) == 1 and "已编辑" in edits[0].text
    assert edits[0].params["reply_parameters"]["message_id"] == card.result["message_id"]
    assert not sent_to(calls, studio.customer.id), "the customer is not acknowledged again"
    # staff replying to the edit's post answers the customer
    calls = await studio.send(HOST, "有的", reply_to=edits[0].result, at="12:05")
    assert [c for c in calls if c.chat_id == studio.customer.id]


async def test_the_bot_asks_telegram_for_the_update_kinds_it_handles(studio):
    import asyncio

    from service.polling import ALLOWED_UPDATES, poll

    stop = asyncio.Event()
    studio.api.listeners.append(lambda call: call.method == "getUpdates" and stop.set())
    await asyncio.wait_for(poll(studio.app, stop, long_poll=0), 5)
    asked = [c for c in studio.api.take() if c.method == "getUpdates"]
    assert asked and list(asked[0].params["allowed_updates"]) == ALLOWED_UPDATES
    for kind in ("message", "edited_message", "callback_query", "chat_member", "channel_post"):
        assert kind in ALLOWED_UPDATES


def member_update(person, old: str, new: str, when) -> dict:
    user = person.as_user()
    member_update.ids += 1
    return {"update_id": member_update.ids, "chat_member": {
        "chat": {"id": GROUP_ID, "type": "supergroup", "title": "Studio"},
        "from": user, "date": int(when.timestamp()),
        "old_chat_member": {"status": old, "user": user},
        "new_chat_member": {"status": new, "user": user}}}


member_update.ids = 880000


async def test_a_staff_member_who_leaves_the_group_is_reported_to_the_managers(studio):
    studio.team()
    when = studio_time("12:00")
    calls = await studio.resend(member_update(HOST, "member", "left", when), when)
    told = sent_to(calls, MANAGER.id)
    assert len(told) == 1 and HOST.first_name in told[0].text
    assert not sent_to(calls, GROUP_ID)
    # a stranger leaving, or someone joining: nothing
    calls = await studio.resend(member_update(studio.stranger, "member", "left", when), when)
    calls += await studio.resend(member_update(HOST2, "left", "member", when), when)
    assert not studio.sent(calls)


@pytest.fixture
def forum_config(settings_dict):
    settings_dict["topics"] = {"samples": 7, "inquiries": 9}
    return settings_dict


async def test_posts_of_their_own_go_to_the_named_topics(forum_config, studio):
    studio.team()
    calls = await studio.run_job("sweep", "2026-11-26 10:00")
    posts = sent_to(calls, GROUP_ID)
    assert posts and all(int(c.params["message_thread_id"]) == 7 for c in posts)
    calls = await studio.send(studio.customer, "在吗", chat="private", at="12:00")
    card = [c for c in sent_to(calls, GROUP_ID) if "在吗" in c.text]
    assert card and int(card[0].params["message_thread_id"]) == 9
    # without a name, General: the digest carries no thread
    calls = await studio.run_job("digest", "2026-11-26 23:30")
    digest = sent_to(calls, GROUP_ID)
    assert digest and all("message_thread_id" not in c.params for c in digest)


@pytest.fixture
def own_inbox(settings_dict):
    settings_dict["studio"]["inbox_chat_id"] = INBOX_OLD
    return settings_dict


INBOX_OLD, INBOX_NEW = -4009876543, -1006666666666


async def test_an_upgraded_inbox_is_followed_too(own_inbox, studio):
    studio.team()
    studio.api.migrate(INBOX_OLD, INBOX_NEW)
    calls = await studio.send(studio.customer, "还有货吗", chat="private", at="12:00")
    assert [c for c in sent_to(calls, INBOX_NEW) if "还有货吗" in c.text]
    told = sent_to(calls, MANAGER.id)
    assert len(told) == 1 and "inbox_chat_id" in told[0].text and str(INBOX_NEW) in told[0].text
    settings = studio.app.bot_data["settings"].studio
    assert settings.inbox == INBOX_NEW and settings.group_chat_id == GROUP_ID
    studio = await restart(studio)
    calls = await studio.send(studio.customer, "在吗", chat="private", at="12:10")
    assert [c for c in sent_to(calls, INBOX_NEW) if "在吗" in c.text]
    assert not [c for c in calls if c.chat_id == INBOX_OLD]


async def upgrade(studio: Studio, at: str) -> None:
    """The studio group becomes the supergroup NEW_ID, the bot told by both service messages."""
    when = studio_time(at)
    studio.api.migrate(GROUP_ID, NEW_ID)
    await studio.resend(service(GROUP_ID, "group", when, migrate_to_chat_id=NEW_ID), when)
    await studio.resend(service(NEW_ID, "supergroup", when, migrate_from_chat_id=GROUP_ID), when)


def copies_to(calls, chat_id):
    return [c for c in calls if c.method == "copyMessage" and c.chat_id == chat_id]


async def test_a_reply_in_the_upgraded_group_to_a_card_posted_before_reaches_the_customer(studio):
    studio.team()
    calls = await studio.send(studio.customer, "有没有M码", chat="private", at="12:00")
    card = next(c for c in sent_to(calls, GROUP_ID) if "有没有M码" in c.text)
    await upgrade(studio, "12:30")
    # Telegram keeps message ids across the upgrade: the reply comes from the new id, quoting
    # the card's id from the old chat.
    quoted = dict(card.result, chat={"id": NEW_ID, "type": "supergroup", "title": "Studio"})
    calls = await studio.send(HOST, "有的,M码有货", chat=NEW_ID, reply_to=quoted, at="12:35")
    [copy] = copies_to(calls, studio.customer.id)
    assert int(copy.params["from_chat_id"]) == NEW_ID and copy.result.get("message_id")
    assert [c for c in sent_to(calls, NEW_ID) if "已转给顾客 #1" in c.text]
    from models import Inquiry

    assert Inquiry.get().answered_by is not None and Inquiry.get().waiting_since is None
    assert not studio.errors


async def test_an_answer_copied_from_the_old_id_after_the_upgrade_follows_it(studio):
    studio.team()
    calls = await studio.send(studio.customer, "有没有L码", chat="private", at="12:00")
    card = next(c for c in sent_to(calls, GROUP_ID) if "有没有L码" in c.text)
    # Upgraded with no service message seen yet; the reply was sent in the old group just
    # before and reaches the bot late: copying it from the old id answers migrate_to_chat_id.
    studio.api.migrate(GROUP_ID, NEW_ID)
    calls = await studio.send(HOST, "有的", chat=GROUP_ID, reply_to=card.result, at="12:31")
    failed = [c for c in copies_to(calls, studio.customer.id) if not c.result.get("message_id")]
    assert len(failed) == 1 and int(failed[0].params["from_chat_id"]) == GROUP_ID
    assert failed[0].result["parameters"]["migrate_to_chat_id"] == NEW_ID
    [copied] = [c for c in copies_to(calls, studio.customer.id) if c.result.get("message_id")]
    assert int(copied.params["from_chat_id"]) == NEW_ID, "retried from the new id"
    assert not copies_to(calls, NEW_ID) and not copies_to(calls, GROUP_ID), \
        "the copy still goes to the customer, not to the group"
    assert ChatMigration.current(GROUP_ID) == NEW_ID
    assert len(sent_to(calls, MANAGER.id)) == 1  # told to update the config, once
    assert [c for c in sent_to(calls, NEW_ID) if "已转给顾客 #1" in c.text]
    assert not studio.errors


async def test_a_command_from_the_old_id_after_the_upgrade_is_the_studio_groups(studio):
    studio.team()
    await upgrade(studio, "12:00")
    from models import Staff

    # A late update: /join sent in the old group before the upgrade.
    calls = await studio.send(studio.stranger, "/join", chat=GROUP_ID, at="12:05")
    assert not [c for c in calls if c.method == "leaveChat"]
    assert not [c for c in calls if "只服务于本工作室的群" in (c.text or "")]
    assert [c for c in sent_to(calls, NEW_ID) if "申请已发送" in c.text]
    assert Staff.get(Staff.tg_id == studio.stranger.id).status == "pending"
    assert [c for c in sent_to(calls, MANAGER.id) if studio.stranger.first_name in c.text]
    # a group-only command and a keyword too
    calls = await studio.send(HOST, "我开播了 A", chat=GROUP_ID, at="12:06")
    assert [c for c in sent_to(calls, NEW_ID) if "开播" in c.text]
    assert not studio.errors


async def test_a_question_asked_before_the_upgrade_is_answered_from_the_new_id(studio):
    from models import Broadcast
    from tests.factories import callback_update

    studio.team()
    calls = await studio.send(HOST, "@studio_test_bot 要开播吗", at="19:00")
    [question] = [c for c in sent_to(calls, GROUP_ID) if c.buttons]
    await upgrade(studio, "19:01")
    # Telegram keeps the message ids: the press comes from the question in the new chat.
    moved = dict(question.result, chat={"id": NEW_ID, "type": "supergroup", "title": "Studio"})
    calls = await studio.process(callback_update(HOST, moved, question.buttons[0]["callback_data"]),
                                 studio_time("19:02"))
    assert not [c for c in calls if c.params.get("show_alert")]
    assert [c for c in sent_to(calls, NEW_ID) if "开播" in c.text]
    assert Broadcast.select().count() == 1 and not studio.errors
    # pressed again: gone, nothing written twice
    again = await studio.process(callback_update(HOST, moved, question.buttons[0]["callback_data"]),
                                 studio_time("19:03"))
    assert [c.method for c in again] == ["answerCallbackQuery"]
    assert Broadcast.select().count() == 1


async def test_a_group_card_decided_from_the_upgraded_group_is_edited_once(studio):
    from models import Leave
    from tests.factories import callback_update

    studio.team()
    studio.add_staff(MANAGER, "manager", private=False)  # the manager's card goes to the group
    calls = await studio.send(HOST, "/leave 明天 看病", chat="private", at="11:00")
    [card] = [c for c in sent_to(calls, GROUP_ID) if c.buttons]
    await upgrade(studio, "11:30")
    moved = dict(card.result, chat={"id": NEW_ID, "type": "supergroup", "title": "Studio"})
    calls = await studio.process(callback_update(MANAGER, moved, card.buttons[0]["callback_data"]),
                                 studio_time("11:40"))
    edits = [c for c in calls if c.method == "editMessageText"]
    assert [(c.chat_id, int(c.params["message_id"])) for c in edits] == [
        (NEW_ID, card.result["message_id"])], "one edit, in the new id"
    assert Leave.select().count() == 1 and not studio.errors


async def test_a_question_from_before_a_restart_never_answers_the_new_question_of_its_number(
        studio):
    from models import Broadcast
    from tests.factories import callback_update

    studio.team()
    await studio.send(HOST, "/live A", chat="private", at="19:00")
    calls = await studio.send(HOST, "要开播吗", chat="private", at="19:30")
    [old] = [c for c in studio.sent(calls) if c.buttons]
    fresh = await restart(studio)
    calls = await fresh.send(HOST, "我想下播", chat="private", at="22:00")
    [new] = [c for c in fresh.sent(calls) if c.buttons]
    assert old.buttons[0]["callback_data"] == new.buttons[0]["callback_data"]  # numbers restart
    # 是 pressed on the old question ("是要开播吗?"): not a yes to "是要下播吗?"
    calls = await fresh.process(callback_update(HOST, old.result, old.buttons[0]["callback_data"]),
                                studio_time("22:01"))
    assert [(c.method, c.params.get("text")) for c in calls] == [
        ("answerCallbackQuery", "这个按钮已失效")]
    assert Broadcast.get().ended_at is None
    # the new question still works
    calls = await fresh.press(HOST, new, new.buttons[0]["callback_data"], at="22:02")
    assert Broadcast.get().ended_at is not None and not fresh.errors


# --- the upgrade notice reaches someone; the old id is never written to once known (issue 28) --


async def test_the_upgrade_notice_falls_back_to_the_new_group_when_no_manager_started_the_bot(
        studio):
    studio.add_staff(MANAGER, "manager", private=False)
    studio.add_staff(HOST, "host")
    when = studio_time("14:00")
    studio.api.migrate(GROUP_ID, NEW_ID)
    calls = await studio.resend(service(GROUP_ID, "group", when, migrate_to_chat_id=NEW_ID), when)
    calls += await studio.resend(service(NEW_ID, "supergroup", when,
                                         migrate_from_chat_id=GROUP_ID), when)
    [notice] = sent_to(calls, NEW_ID)
    assert "group_chat_id" in notice.text and str(NEW_ID) in notice.text
    assert f"tg://user?id={MANAGER.id}" in notice.text  # the manager is named in it
    assert not [c for c in calls if c.chat_id == GROUP_ID]
    assert not sent_to(calls, MANAGER.id) and not sent_to(calls, HOST.id)


async def test_managers_who_started_the_bot_are_told_privately_the_others_in_the_group(studio):
    studio.add_staff(MANAGER, "manager")
    studio.add_staff(OPS, "manager", private=False)
    studio.api.migrate(GROUP_ID, NEW_ID)  # learnt from a send to the old id
    calls = await studio.run_job("sweep", "2026-11-26 15:00")
    assert len(sent_to(calls, MANAGER.id)) == 1
    notices = [c for c in sent_to(calls, NEW_ID) if "group_chat_id" in c.text]
    assert len(notices) == 1
    assert f"tg://user?id={OPS.id}" in notices[0].text
    assert f"tg://user?id={MANAGER.id}" not in notices[0].text


async def test_once_the_new_id_is_known_nothing_is_written_to_the_old_one(studio):
    from messaging.send import send_text

    studio.team()
    studio.api.migrate(GROUP_ID, NEW_ID)
    studio.api.take()
    # A long text in three pieces, all addressed to the id the caller read before the move:
    # the first learns the move from Telegram's answer, the others go straight to the new id.
    long = "\n".join(f"第{i}行 " + "样" * 60 for i in range(150))
    await send_text(studio.app.bot, GROUP_ID, long)
    calls = studio.api.take()
    assert len([c for c in calls if c.chat_id == GROUP_ID]) == 1
    assert len(sent_to(calls, NEW_ID)) == 3
    # and a job that still names the old id later, a card kept under it, an answer's copy
    calls = await studio.run_job("sweep", "2026-11-26 15:00")
    await studio.app.bot.edit_message_text("x", chat_id=GROUP_ID, message_id=5)
    await studio.app.bot.copy_message(CUSTOMER.id, from_chat_id=GROUP_ID, message_id=6)
    calls += studio.api.take()
    assert sent_to(calls, NEW_ID)
    assert not [c for c in calls if GROUP_ID in (c.chat_id, c.params.get("from_chat_id"))]
