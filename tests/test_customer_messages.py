"""What reaches the inbox is what the customer wrote, as they wrote it; what staff answer with
reaches the customer whole (issue 28): service messages open nothing, links and formatting
survive the trip to the inbox, and a photo captioned ``/answer 3 有货`` is sent as a photo."""

from __future__ import annotations

import logging

import pytest

from models import Inquiry, InquiryMessage
from tests.conftest import GROUP_ID, studio_time
from tests.factories import chat_for, message_update

SHOP = {"id": -1002223334445, "type": "channel", "title": "花西子官方旗舰店"}


def private_message(studio, at: str = "12:00", who=None, **fields) -> dict:
    """A message in the customer's private chat with the bot, as the Bot API sends it."""
    who = who or studio.customer
    return message_update({"message_id": 900 + len(fields), "date": int(studio_time(at).timestamp()),
                           "chat": chat_for("private", who), "from": who.as_user(), **fields})


# Telegram's own messages in a private chat, each as the Bot API delivers it.
SERVICE_MESSAGES = {
    "a Mini App opened (write access)": {"write_access_allowed": {"web_app_name": "shop"}},
    "write access from a request": {"write_access_allowed": {"from_request": True}},
    "a user shared through a button": {"users_shared": {"request_id": 1, "users": [
        {"user_id": 5566778899, "first_name": "闺蜜"}]}},
    "a chat shared through a button": {"chat_shared": {"request_id": 2,
                                                       "chat_id": -1001112223334}},
    "a forwarded giveaway": {
        "forward_origin": {"type": "channel", "chat": SHOP, "message_id": 88,
                           "date": int(studio_time("09:00").timestamp())},
        "giveaway": {"chats": [SHOP], "winner_count": 3,
                     "winners_selection_date": int(studio_time("2026-11-30 20:00").timestamp())}},
    "an auto-delete timer set": {"message_auto_delete_timer_changed": {
        "message_auto_delete_time": 86400}},
}


@pytest.mark.parametrize("fields", SERVICE_MESSAGES.values(), ids=SERVICE_MESSAGES.keys())
async def test_a_service_message_in_a_private_chat_is_left_alone(studio, caplog, fields):
    studio.team()
    calls = await studio.resend(private_message(studio, **fields), studio_time("12:00"))
    assert calls == []  # no "收到你的消息", no card, no copy Telegram would refuse
    assert Inquiry.select().count() == 0 and InquiryMessage.select().count() == 0
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_service_message_during_an_open_inquiry_adds_nothing_to_it(studio):
    studio.team()
    await studio.send(studio.customer, "这件还有吗", chat="private", at="12:00")
    calls = await studio.resend(private_message(
        studio, "12:01", write_access_allowed={"web_app_name": "shop"}), studio_time("12:01"))
    assert calls == [] and InquiryMessage.select().count() == 1


async def test_a_staff_members_service_message_gets_no_hint(studio):
    studio.team()
    calls = await studio.resend(private_message(
        studio, who=studio.host, users_shared={"request_id": 1, "users": [{"user_id": 1}]}),
        studio_time("12:00"))
    assert calls == []


async def test_what_a_customer_sends_that_is_no_text_still_reaches_the_inbox(studio):
    """The contrast: a location is the customer's own, and is copied under the card."""
    studio.team()
    calls = await studio.resend(private_message(
        studio, location={"latitude": 31.23, "longitude": 121.47}), studio_time("12:00"))
    assert Inquiry.select().count() == 1
    assert [c for c in calls if c.method == "copyMessage" and c.chat_id == GROUP_ID]
