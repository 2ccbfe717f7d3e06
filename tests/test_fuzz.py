"""The fuzz walk: every command and keyword, sent by every kind of sender with hostile arguments,
in the group and privately. Nothing crashes, every text the bot sends is Telegram HTML it would
accept, within the limits, and a sender who is not a person of the studio (an anonymous group
admin, a channel, a stranger in the group) writes nothing.

Generated from ``handlers.COMMANDS`` at collection time and seeded, so the same cases run every
time and a command added later is walked without a line here. ``FUZZ_EXAMPLES=N`` draws N
argument sets per command and sender instead of the default 2 (a bigger run, by hand).
"""

from __future__ import annotations

import html.parser
import os
import random
import re

import pytest

import handlers
from models import ALL_MODELS, ProcessedUpdate
from studio.text import CAPTION_LIMIT, MESSAGE_LIMIT, utf16_len
from tests.conftest import GROUP_ID, Person
from tests.factories import message, message_update

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2"))

HOSTILE = [
    "9" * 20, str(2**63), str(2**63 - 1), "-1", "0", "᧚", "１２", "٣", "0001-01-01", "0000-01",
    "9999-12", "2100-01-01 00:00", "1999-12-31", "<b>x</b> & <i>", "A&B <Lab>", "&amp;",
    "x" * 4096, "😀" * 2100, "@", "@nobody", "#", "#0", "1..2", "12:99", "25:00", "3,50",
    "1.2万万", "∞", "NaN", "1e309", "\u202e反", "\u200b", "开播了", "/", "／live", "x2", "×0",
    "S0", "s" + "9" * 30, "本月", "11-23..11-26", "2026-02-30", "x=1", "粉丝：１万", "-", "…",
]

GROUP_ANONYMOUS_BOT = Person(1087968824, "Group", "GroupAnonymousBot")
CHANNEL_BOT = Person(136817688, "Channel", "Channel_Bot")
CHANNEL = {"id": -1001111111111, "type": "channel", "title": "Shop channel"}

ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                "tg-spoiler", "span", "blockquote", "tg-emoji"}
BAD_ENTITY = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")


class TelegramHtml(html.parser.HTMLParser):
    """Telegram's HTML parse mode: known tags only, each closed in order."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        assert tag in ALLOWED_TAGS, f"<{tag}> is no tag Telegram knows"
        self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing open"


def assert_sendable(call) -> None:
    """What Telegram would refuse: an unknown or unbalanced tag, a bare '&', a text too long
    (in UTF-16 units, as escaped), a blank message, button data over 64 bytes."""
    text = call.params.get("text")
    caption = call.params.get("caption")
    for body, limit in ((text, MESSAGE_LIMIT), (caption, CAPTION_LIMIT)):
        if body is None:
            continue
        assert utf16_len(body) <= limit, f"{call.method}: {utf16_len(body)} units"
        assert not BAD_ENTITY.search(body), body[:200]
        parser = TelegramHtml()
        parser.feed(body)
        parser.close()
        assert not parser.open, f"unclosed {parser.open}: {body[:200]}"
    if text is not None and call.method in ("sendMessage", "editMessageText"):
        assert re.sub(r"<[^>]*>", "", text).strip(), "a blank message"
    for button in call.buttons:
        assert button.get("text", "").strip(), "a button without a label"
        if "callback_data" in button:
            assert len(button["callback_data"].encode()) <= 64, button["callback_data"]


def anonymous(msg: dict) -> dict:
    """As an anonymous admin of the group posts: ``from`` the placeholder, ``sender_chat``
    the group itself."""
    msg["from"] = dict(msg["from"], is_bot=True)
    msg["sender_chat"] = {"id": GROUP_ID, "type": "supergroup", "title": "Studio"}
    return msg


def as_channel(msg: dict) -> dict:
    """As a linked channel's post arrives in the group."""
    msg["from"] = dict(msg["from"], is_bot=True)
    msg["sender_chat"] = dict(CHANNEL)
    msg["is_automatic_forward"] = True
    return msg


SENDERS = {  # name → (person, how the message is dressed, the chats it is sent in)
    "host": (None, None, ("group", "private")),
    "ops": (None, None, ("group", "private")),
    "manager": (None, None, ("group", "private")),
    "stranger": (None, None, ("group",)),
    "anonymous": (GROUP_ANONYMOUS_BOT, anonymous, ("group",)),
    "channel": (CHANNEL_BOT, as_channel, ("group",)),
}
NOT_PEOPLE = {"anonymous", "channel", "stranger"}


def cases() -> list[tuple[str, str]]:
    """(command name, the words that start it: /name and each keyword)."""
    out = []
    for command in handlers.COMMANDS:
        for word in (f"/{command.name}", *command.keywords[:1]):
            out.append((command.name, word))
    return out


def arguments(seed: str) -> list[str]:
    """No argument at all, then ``EXAMPLES`` draws of one to three hostile words."""
    rng = random.Random(seed)
    return ["", *(" ".join(rng.sample(HOSTILE, rng.randint(1, 3))) for _ in range(EXAMPLES))]


def counts() -> dict[str, int]:
    return {m.__name__: m.select().count() for m in ALL_MODELS if m is not ProcessedUpdate}


@pytest.mark.parametrize(("name", "word"), cases(), ids=[f"{n}:{w}" for n, w in cases()])
async def test_hostile_arguments_never_crash_nor_break_a_message_nor_let_a_stranger_write(
        studio, name, word):
    studio.team()
    people = {"host": studio.host, "ops": studio.ops, "manager": studio.manager,
              "stranger": studio.stranger}
    for sender, (placeholder, dress, chats) in SENDERS.items():
        person = placeholder or people[sender]
        for chat in chats:
            for args in arguments(f"{word}|{sender}|{chat}"):
                before = counts()
                msg = message(person, f"{word} {args}".strip(), chat=chat, date=studio.now)
                if dress is not None:
                    msg = dress(msg)
                calls = await studio.resend(message_update(msg))
                assert not studio.errors, f"{sender} {word} {args[:60]!r}: {studio.errors!r}"
                for call in calls:
                    assert_sendable(call)
                if sender in NOT_PEOPLE and not (sender == "stranger" and name == "join"):
                    assert counts() == before, f"{sender} wrote with {word} {args[:60]!r}"


async def test_text_stored_with_markup_is_shown_escaped_in_every_later_list(studio):
    """A reason, a note, a brand typed with '&' and '<' is kept as written and every later
    list that shows it (/fines, /stock, /sample, /schedule) stays sendable."""
    studio.team()
    typed = "A&B <Lab> &amp; 😀"
    steps = [(studio.manager, f"/fine @xiaohong 20 {typed}"),
             (studio.host, f"/arrival {typed} 口红 x2 {typed}"),
             (studio.host, f"/plan today 19:00-22:00 A {typed}"),
             (studio.manager, "/fines"), (studio.host, "/fines"), (studio.ops, "/stock"),
             (studio.ops, "/sample S1"), (studio.host, "/schedule"), (studio.ops, "/report")]
    shown = []
    for who, text in steps:
        calls = await studio.send(who, text, at="12:00")
        assert not studio.errors, f"{text}: {studio.errors!r}"
        for call in calls:
            assert_sendable(call)
        shown.append(studio.text(calls))
    assert "A&amp;B &lt;Lab&gt; &amp;amp;" in shown[3], shown[3]
    assert "A&amp;B &lt;Lab&gt;" in shown[6], shown[6]  # the sample, as its brand was typed


# --- what is no command's argument: a bare slash, captions, other bots' commands (#27) ----------

MEDIA = ["photo", "video", "voice", "document", "audio", "animation"]
CAPTIONS = ["/", "／", "/ x", "/me", "/live A", "/foo", "/cmd@otherbot", "/live@otherbot",
            "开播了", "罚款 小红 20 迟到", "", "/@", "/@studio_test_bot"]


@pytest.mark.parametrize("media", MEDIA)
async def test_captions_on_every_media_kind_never_crash_and_stay_sendable(studio, media):
    studio.team()
    for sender in ("host", "manager", "stranger", "anonymous"):
        person, dress, chats = SENDERS[sender]
        person = person or getattr(studio, sender)
        for chat in chats:
            for caption in CAPTIONS:
                msg = message(person, None, caption=caption, chat=chat, date=studio.now,
                              **{media: True})
                if dress is not None:
                    msg = dress(msg)
                calls = await studio.resend(message_update(msg))
                assert not studio.errors, f"{sender} {media} {caption!r}: {studio.errors!r}"
                for call in calls:
                    assert_sendable(call)


@pytest.mark.parametrize("text", ["/", "／", "/ ", "/@", "/@studio_test_bot", "/ 开播"])
@pytest.mark.parametrize("sender", ["host", "manager", "stranger"])
@pytest.mark.parametrize("chat", ["group", "private"])
async def test_a_bare_slash_never_crashes(studio, text, sender, chat):
    studio.team()
    if sender == "stranger" and chat == "private":
        chat = "group"
    calls = await studio.send(getattr(studio, sender), text, chat=chat)
    assert not studio.errors, studio.errors
    for call in calls:
        assert_sendable(call)


@pytest.mark.parametrize("text", ["/cmd@otherbot", "/live@otherbot", "/fine@other_bot 小红 20",
                                  "/help@SomeBot", "／live@otherbot"])
@pytest.mark.parametrize("edited", [False, True])
async def test_anonymous_admins_commands_to_other_bots_get_no_answer_and_write_nothing(
        studio, text, edited):
    studio.team()
    before = counts()
    for dress, person in ((anonymous, GROUP_ANONYMOUS_BOT), (as_channel, CHANNEL_BOT)):
        msg = dress(message(person, text, chat="group", date=studio.now))
        calls = await studio.resend(message_update(msg, edited=edited))
        assert not studio.errors and studio.sent(calls) == [], studio.text(calls)
    assert counts() == before
