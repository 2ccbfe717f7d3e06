"""The application as a whole: the token never reaches a log, the error handler, long replies,
the command menus."""

from __future__ import annotations

import html
import io
import logging
import re
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import handlers.roster
from app import logs
from models import Staff
from studio.i18n import catalogue
from studio.text import MESSAGE_LIMIT, split_text, utf16_len
from tests.conftest import TOKEN, Person

# --- the token ---------------------------------------------------------------------------------


async def test_the_token_is_in_no_log_record_at_any_level(studio, caplog, monkeypatch):
    for name in ("", "telegram", "httpx", "apscheduler", "studio", "handlers"):
        logger = logging.getLogger(name)
        monkeypatch.setattr(logger, "level", logger.level)  # restored after the test
        logger.setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    studio.team()
    await studio.send(studio.host, "/start", chat="private")
    await studio.send(studio.stranger, "/join")
    await studio.send(studio.manager, "/staff", chat=-100555)  # a foreign group

    def boom():
        raise RuntimeError(f"database down while using {TOKEN[:3]}…")
    monkeypatch.setattr(handlers.roster.roster, "roster", boom)
    await studio.send(studio.ops, "/staff")
    studio.errors.clear()
    assert any(r.levelno == logging.DEBUG and r.name.startswith("telegram")
               for r in caplog.records), "the test must see the libraries' DEBUG records"
    for record in caplog.records:
        assert TOKEN not in record.getMessage(), record.name
        assert TOKEN not in (record.exc_text or "")
    assert TOKEN not in caplog.text


def test_the_redaction_filter_hides_the_token_in_whatever_is_logged():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        logs.install_redaction(TOKEN)
        logging.getLogger("httpx").warning("POST https://api.telegram.org/bot%s/getMe", TOKEN)
        logging.getLogger("anything").error(f"url was /bot{TOKEN}/sendMessage")
    finally:
        root.removeHandler(handler)
    assert TOKEN not in stream.getvalue()
    assert stream.getvalue().count("<token>") == 2


def test_setup_logging_quiets_httpx_which_logs_urls_with_the_token():
    logs.setup_logging(TOKEN)
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING


# --- the error handler -------------------------------------------------------------------------


async def test_a_crash_apologises_alerts_the_managers_and_logs_the_trace(studio, caplog,
                                                                         monkeypatch):
    studio.team()
    studio.staff(studio.manager)
    second = Person(112, "副经理", "boss2")
    studio.add_staff(second, "manager", private=False)  # no private chat: not alerted

    def broken():
        raise RuntimeError("the disk is full")
    monkeypatch.setattr(handlers.roster.roster, "roster", broken)
    calls = await studio.send(studio.ops, "/staff")
    errors, studio.errors[:] = list(studio.errors), []
    assert [type(e) for e in errors] == [RuntimeError]
    cat = catalogue()
    assert studio.texts(calls, "group") == [cat.t("zh", "common.apology")]
    alert = studio.texts(calls, studio.manager)
    assert alert == [cat.t("zh", "common.alert", error="RuntimeError", where="/staff")]
    assert not studio.texts(calls, second)
    assert "Traceback" not in alert[0] and TOKEN not in alert[0] and "disk" not in alert[0]
    traced = [r for r in caplog.records if r.exc_info and r.exc_info[0] is RuntimeError]
    assert traced and "the disk is full" in caplog.text


# --- long replies ------------------------------------------------------------------------------

SPLITS = [
    # (text, limit, the pieces)
    ("short", 10, ["short"]),
    ("a\nb\nc", 3, ["a\nb", "c"]),
    ("1234\n5678", 4, ["1234", "5678"]),
    ("12\n34\n56", 5, ["12\n34", "56"]),
    ("123\n56", 6, ["123\n56"]),  # exactly the limit: one piece
    ("123\n567", 6, ["123", "567"]),  # one character over: two
    ("", 10, [""]),
    ("x" * 9, 4, ["xxxx", "xxxx", "x"]),  # one line longer than the limit: cut as a last resort
    ("😀😀😀", 4, ["😀😀", "😀"]),  # Telegram counts UTF-16 units: an emoji is two
    ("&amp;&amp;&amp;", 12, ["&amp;&amp;", "&amp;"]),  # never inside an entity
    ("<b>abcdef</b>", 12, ["<b>abcde</b>", "<b>f</b>"]),  # a tag open at a cut: closed, reopened
    ("a&lt;b\n<i>x</i>", 8, ["a&lt;b", "<i>x</i>"]),
    ("<b>ab\ncd</b>", 10, ["<b>ab</b>", "<b>cd</b>"]),  # a tag across lines
]

# Text of the shapes replies carry: escaped user text inside the catalogue's tags, emoji, CJK.
HTML_TEXT = st.lists(st.tuples(st.sampled_from(["", "b", "i", "code"]),
                               st.text(alphabet=st.sampled_from(list("ab 长😀\n&<>\"'")),
                                       max_size=60)),
                     max_size=40)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(HTML_TEXT, st.integers(min_value=40, max_value=200))
def test_split_text_pieces_are_within_the_limit_and_valid_html(parts, limit):
    # A tag always holds something to read, as every reply's do.
    text = "".join(f"<{tag}>{html.escape(body)}长</{tag}>" if tag else html.escape(body)
                   for tag, body in parts)
    pieces = split_text(text, limit)
    for piece in pieces:
        assert utf16_len(piece) <= limit
        assert_valid_html(piece)
    def visible(html_text: str) -> str:  # what a person reads (blank pieces are not sent)
        return re.sub(r"\s", "", re.sub(r"<[^>]*>", "", html_text))

    assert "".join(visible(p) for p in pieces) == visible(text)


def assert_valid_html(piece: str) -> None:
    """Balanced tags and whole entities, as Telegram's HTML parser requires."""
    stack = []
    for tag in re.finditer(r"<(/?)(\w+)>", piece):
        if tag.group(1):
            assert stack and stack.pop() == tag.group(2), piece
        else:
            stack.append(tag.group(2))
    assert not stack, piece
    assert not re.search(r"&(?!amp;|lt;|gt;|quot;|#x27;)", piece), piece
    assert "<" not in re.sub(r"<(/?)(\w+)>", "", piece), piece


@pytest.mark.parametrize(("text", "limit", "pieces"), SPLITS)
def test_split_text_table(text, limit, pieces):
    assert split_text(text, limit) == pieces


@pytest.mark.parametrize("lines", [1, 50, 400, 1200])
def test_split_text_never_over_the_limit_never_inside_a_line_and_reassembles(lines):
    text = "\n".join(f"{n:04d} · 第{n}位主播 " + "长" * (n % 70) for n in range(lines))
    pieces = split_text(text)
    assert all(len(p) <= MESSAGE_LIMIT for p in pieces)
    assert "\n".join(pieces) == text
    whole = set(text.split("\n"))
    assert all(line in whole for p in pieces for line in p.split("\n"))


async def test_a_reply_over_4096_characters_comes_as_several_messages(studio):
    studio.team()
    for n in range(120):
        Staff.create(tg_id=900_000 + n, name=f"非常非常长的名字的主播第{n}号" * 3,
                     role="host", status="active", created_at=datetime(2026, 1, 1, 4))
    calls = await studio.send(studio.ops, "/staff")
    sent = studio.sent(calls, studio.chat_id("group"))
    assert len(sent) >= 2
    assert all(c.method == "sendMessage" and len(c.text) <= MESSAGE_LIMIT for c in sent)
    joined = "\n".join(c.text for c in sent)
    assert joined.count("\n") == 120 + 4  # the title and every person, no line lost or cut
    assert "第119号" in joined


# --- the command menus -------------------------------------------------------------------------


async def test_post_init_sets_the_menus_for_private_and_groups_in_both_languages(studio):
    studio.api.take()
    await studio.app.post_init(studio.app)
    menus = [c for c in studio.api.take() if c.method == "setMyCommands"]
    seen = {(c.params["scope"]["type"], c.params.get("language_code")) for c in menus}
    assert seen == {(scope, lang) for scope in ("all_private_chats", "all_group_chats")
                    for lang in (None, "zh", "en")}
    for call in menus:
        commands = call.params["commands"]
        assert 1 <= len(commands) <= 100
        assert all(len(c["description"]) <= 256 for c in commands)
        assert all(c["command"].islower() and len(c["command"]) <= 32 for c in commands)
    english = next(c for c in menus if c.params.get("language_code") == "en")
    assert {"command": "help", "description": catalogue().t("en", "help.help")} in \
        english.params["commands"]
