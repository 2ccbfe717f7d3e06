"""What reaches the inbox is what the customer wrote, as they wrote it; what staff answer with
reaches the customer whole (issue 28): service messages open nothing, links and formatting
survive the trip to the inbox, and a photo captioned ``/answer 3 有货`` is sent as a photo."""

from __future__ import annotations

import logging

import pytest
from telegram import MessageEntity, User

from models import Inquiry, InquiryMessage
from tests.conftest import GROUP_ID, studio_time
from tests.factories import chat_for, message, message_update
from views.formatting import as_html

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


# --- the inbox keeps the customer's links and formatting --------------------------------------

PRODUCT = "https://haohuo.jinritemai.com/views/product/item2?id=3612345&origin_type=604"


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def linked(studio, text: str, entities: list[dict], at: str = "12:00", edited=False, **extra):
    msg = message(studio.customer, text, chat="private", date=studio_time(at), **extra)
    msg["caption_entities" if "caption" in extra else "entities"] = entities
    return message_update(msg, edited=edited)


def inbox_posts(calls) -> list:
    return [c for c in calls if c.method == "sendMessage" and c.chat_id == GROUP_ID]


async def test_a_link_the_customer_put_on_words_reaches_the_inbox_card(studio):
    studio.team()
    text = "😀 这件 <XL> 还有吗？"
    at = text.index("这件")
    calls = await studio.resend(linked(studio, text, [
        {"type": "text_link", "offset": utf16(text[:at]), "length": 2, "url": PRODUCT},
        {"type": "bold", "offset": utf16(text[:text.index("还")]), "length": 3}]))
    [card] = inbox_posts(calls)
    href = PRODUCT.replace("&", "&amp;")
    assert card.text == f'#1 顾客张 (@fan_zhang):😀 <a href="{href}">这件</a> &lt;XL&gt; <b>还有吗</b>？'
    assert InquiryMessage.get().text == text  # the record keeps the words as written


async def test_a_caption_keeps_its_link_on_the_card_and_the_photo_is_copied(studio):
    studio.team()
    calls = await studio.resend(linked(studio, None, [
        {"type": "text_link", "offset": 0, "length": 2, "url": PRODUCT}],
        photo=True, caption="这个颜色有吗"))
    [card] = inbox_posts(calls)
    assert f'[图片] <a href="{PRODUCT.replace("&", "&amp;")}">这个</a>颜色有吗' in card.text
    assert [c for c in calls if c.method == "copyMessage" and c.chat_id == GROUP_ID]


async def test_a_follow_up_and_an_edit_keep_their_links_too(studio):
    studio.team()
    await studio.send(studio.customer, "在吗", chat="private", at="12:00")
    entities = [{"type": "text_link", "offset": 0, "length": 2, "url": PRODUCT}]
    first = linked(studio, "这件多少钱", entities, "12:01")
    calls = await studio.resend(first)
    assert '">这件</a>多少钱' in inbox_posts(calls)[0].text
    update = linked(studio, "这款多少钱", entities, "12:01", edited=True,
                    message_id=first["message"]["message_id"])
    calls = await studio.resend(update, studio_time("12:03"))
    assert '">这款</a>多少钱' in inbox_posts(calls)[0].text


async def test_a_link_that_is_not_a_web_link_keeps_only_its_words(studio):
    studio.team()
    calls = await studio.resend(linked(studio, "点这里", [
        {"type": "text_link", "offset": 0, "length": 3, "url": "javascript:alert(1)"}]))
    assert inbox_posts(calls)[0].text.endswith(":点这里")


async def test_a_long_formatted_question_is_split_within_the_limit_every_piece_valid(studio):
    studio.team()
    line = "🙂这件<好>看 " * 40  # emoji count two UTF-16 units
    text = "\n".join([line] * 12)
    entities = [{"type": "bold", "offset": 0, "length": utf16(text)}]
    offset = 0
    for _ in range(12):
        entities.append({"type": "text_link", "offset": offset + 2, "length": 2, "url": PRODUCT})
        offset += utf16(line) + 1
    calls = await studio.resend(linked(studio, text, entities))
    posts = inbox_posts(calls)
    assert len(posts) >= 2
    for post in posts:
        assert utf16(post.text) <= 4096
        assert post.text.count("<b>") == post.text.count("</b>") == 1
        assert post.text.count("<a ") == post.text.count("</a>")
    assert sum(p.text.count("</a>") for p in posts) == 12


async def test_formatting_telegram_refuses_is_posted_as_the_words_alone(studio, caplog):
    studio.team()
    studio.api.fail("sendMessage", 400, chat_id=GROUP_ID,
                    description="Bad Request: can't parse entities: unsupported start tag")
    calls = await studio.resend(linked(studio, "这件还有吗", [
        {"type": "text_link", "offset": 0, "length": 2, "url": PRODUCT}]))
    card = [c for c in inbox_posts(calls) if c.result.get("ok", True)][-1]
    assert card.text.endswith(":这件还有吗") and Inquiry.get().card_message_id is not None
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_media_telegram_will_not_copy_leaves_the_card_and_no_error(studio, caplog):
    studio.team()
    studio.api.fail("copyMessage", 400, description="Bad Request: message can't be copied")
    calls = await studio.send(studio.customer, None, chat="private", at="12:00", photo=True,
                              caption="这个")
    [card] = inbox_posts(calls)
    assert "[图片] 这个" in card.text
    assert Inquiry.get().card_message_id == card.result["message_id"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def entity(kind: str, offset: int, length: int, **extra) -> MessageEntity:
    return MessageEntity(kind, offset, length, **extra)


AS_HTML = [  # (text, entities, start, HTML)
    ("a<b>&c", [], 0, "a&lt;b&gt;&amp;c"),
    ("😀这件", [entity("text_link", 2, 2, url='https://x.cn/?a=1&b="2"')], 0,
     '😀<a href="https://x.cn/?a=1&amp;b=&quot;2&quot;">这件</a>'),
    ("粗斜体", [entity("bold", 0, 3), entity("italic", 1, 2)], 0, "<b>粗<i>斜体</i></b>"),
    ("交叉的", [entity("bold", 0, 2), entity("italic", 1, 2)], 0, "<b>交叉</b>的"),
    ("x", [entity("pre", 0, 1, language='py"><b>')], 0,
     '<pre><code class="language-py&quot;&gt;&lt;b&gt;">x</code></pre>'),
    ("@fan #新品 剧透", [entity("mention", 0, 4), entity("hashtag", 5, 3),
                     entity("spoiler", 9, 2)], 0, "@fan #新品 <tg-spoiler>剧透</tg-spoiler>"),
    ("/answer 3 看这件", [entity("bot_command", 0, 7), entity("text_link", 10, 3,
                                                          url="https://a.cn/1")], 10,
     '<a href="https://a.cn/1">看这件</a>'),
    ("名字", [entity("text_mention", 0, 2, user=User(42, "A", False))], 0,
     '<a href="tg://user?id=42">名字</a>'),
    ("🎁", [entity("custom_emoji", 0, 2, custom_emoji_id="5368324170671202286")], 0, "🎁"),
]


@pytest.mark.parametrize(("text", "entities", "start", "expected"), AS_HTML)
def test_entities_become_escaped_html(text, entities, start, expected):
    assert as_html(text, entities, start) == expected


# --- an answer with a photo, a video or a file sends it ---------------------------------------


def to_customer(studio, calls) -> list:
    return [c for c in calls if c.chat_id == studio.customer.id
            and (c.method.startswith("send") or c.method.startswith("copyMessage"))]


@pytest.mark.parametrize("media", ["photo", "video", "document", "voice"])
async def test_an_answer_captioned_on_a_photo_video_or_file_sends_it_with_the_words(studio, media):
    studio.team()
    await studio.send(studio.customer, "这件有M码吗", chat="private", at="12:00")
    calls = await studio.send(studio.host, None, chat="private", at="12:05",
                              caption="/answer 1 有货", **{media: True})
    [sent] = to_customer(studio, calls)
    assert sent.method == "copyMessage" and int(sent.params["from_chat_id"]) == studio.host.id
    assert sent.params["caption"] == "有货"  # never "/answer 1"
    answer = InquiryMessage.get(InquiryMessage.direction == "out")
    assert (answer.kind, answer.text) == (media, "有货")
    note = [c.text for c in studio.sent(calls, GROUP_ID)]
    assert any("私聊回复" in text and "有货" in text for text in note)


async def test_a_photo_captioned_answer_in_reply_to_the_card_sends_the_photo_without_the_command(
        studio):
    studio.team()
    calls = await studio.send(studio.customer, "实物图有吗", chat="private", at="12:00")
    card = next(c for c in studio.sent(calls, GROUP_ID) if "实物图有吗" in c.text)
    calls = await studio.send(studio.host, None, chat="group", at="12:05", photo=True,
                              caption="/answer 1 有的，实拍", reply_to=card.result)
    [sent] = to_customer(studio, calls)
    assert sent.method == "copyMessage" and sent.params["caption"] == "有的，实拍"
    assert "已转给顾客 #1" in studio.text(calls, GROUP_ID)


async def test_a_photo_answer_without_words_goes_without_a_caption(studio):
    studio.team()
    await studio.send(studio.customer, "实物图有吗", chat="private", at="12:00")
    calls = await studio.send(studio.host, None, chat="private", at="12:05", photo=True,
                              caption="/answer 1")
    [sent] = to_customer(studio, calls)
    assert sent.method == "copyMessages" and sent.params["remove_caption"] is True
    assert sent.params["message_ids"] == [studio.last_message["message_id"]]


async def test_a_text_answer_keeps_the_staff_members_link(studio):
    studio.team()
    await studio.send(studio.customer, "有链接吗", chat="private", at="12:00")
    text = "/answer 1 拍这件 <M码>"
    msg = message(studio.host, text, chat="private", date=studio_time("12:05"))
    msg["entities"].append({"type": "text_link", "offset": text.index("这件"), "length": 2,
                            "url": PRODUCT})
    calls = await studio.resend(message_update(msg), studio_time("12:05"))
    [sent] = to_customer(studio, calls)
    assert sent.text == f'拍<a href="{PRODUCT.replace("&", "&amp;")}">这件</a> &lt;M码&gt;'
    assert InquiryMessage.get(InquiryMessage.direction == "out").text == "拍这件 <M码>"


@pytest.mark.parametrize("caption", ["/answer 有的，实拍", "/answer"])
async def test_in_reply_to_the_card_an_answer_needs_no_number(studio, caption):
    studio.team()
    calls = await studio.send(studio.customer, "实物图有吗", chat="private", at="12:00")
    card = next(c for c in studio.sent(calls, GROUP_ID) if "实物图有吗" in c.text)
    calls = await studio.send(studio.host, None, chat="group", at="12:05", photo=True,
                              caption=caption, reply_to=card.result)
    [sent] = to_customer(studio, calls)
    if caption == "/answer":
        assert sent.method == "copyMessages" and sent.params["remove_caption"] is True
    else:
        assert sent.method == "copyMessage" and sent.params["caption"] == "有的，实拍"
    assert "已转给顾客 #1" in studio.text(calls, GROUP_ID)


async def test_a_typed_answer_in_reply_to_the_card_needs_no_number_either(studio):
    studio.team()
    calls = await studio.send(studio.customer, "M码有吗", chat="private", at="12:00")
    card = next(c for c in studio.sent(calls, GROUP_ID) if "M码有吗" in c.text)
    calls = await studio.send(studio.host, "/answer 有的", chat="group", at="12:05",
                              reply_to=card.result)
    assert [c.text for c in to_customer(studio, calls)] == ["有的"]
