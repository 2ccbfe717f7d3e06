"""/video (视频): a published video counts toward the business day of its message."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from models import Audit, Video
from studio.videos import parse_video_args


async def test_videos_count_against_two_and_the_second_meets_the_minimum(studio):
    studio.team()
    calls = await studio.send(studio.host, "/video https://v.douyin.com/abc 新品开箱", at="19:00")
    assert studio.texts(calls) == ["🎬 已记录《新品开箱》:今天第 1 条视频,1/2 (还差1条视频)"]
    calls = await studio.send(studio.host, "/video", at="20:00")
    assert studio.texts(calls) == ["🎬 已记录:今天第 2 条视频,2/2 ✅"]
    first, second = Video.select().order_by(Video.id)
    assert (first.link, first.title, first.day) == ("https://v.douyin.com/abc", "新品开箱",
                                                    date(2026, 11, 26))
    assert first.at == datetime(2026, 11, 26, 11, 0)  # stored as naive UTC
    assert (second.link, second.title) == (None, "")


async def test_a_video_at_0130_counts_to_the_previous_business_day(studio):
    studio.team()
    await studio.send(studio.host, "/video https://x.com/1", at="2026-11-26 20:00")
    calls = await studio.send(studio.host, "/video https://x.com/2", at="2026-11-27 01:30")
    assert "今天第 2 条视频" in studio.text(calls)
    assert [v.day for v in Video.select()] == [date(2026, 11, 26)] * 2


async def test_the_same_link_twice_the_same_day_is_refused_and_the_next_day_is_fine(studio):
    studio.team()
    await studio.send(studio.host, "/video https://x.com/v1", at="2026-11-26 10:00")
    calls = await studio.send(studio.host, "/video https://x.com/v1 again", at="2026-11-26 23:00")
    assert studio.texts(calls) == ["这个链接 2026-11-26 已经记录过了:https://x.com/v1"]
    assert Video.select().count() == 1
    # Another host may log the same link (a shared video) the same day.
    calls = await studio.send(studio.host2, "/video https://x.com/v1", at="2026-11-26 23:10")
    assert "今天第 1 条视频" in studio.text(calls)
    calls = await studio.send(studio.host, "/video https://x.com/v1", at="2026-11-27 10:00")
    assert "今天第 1 条视频" in studio.text(calls)
    assert Video.select().count() == 3


async def test_videos_without_a_link_are_simply_counted(studio):
    studio.team()
    await studio.send(studio.host, "/video", at="10:00")
    calls = await studio.send(studio.host, "/video 晚上的切片", at="11:00")
    assert "今天第 2 条视频" in studio.text(calls)
    assert [(v.link, v.title) for v in Video.select().order_by(Video.id)] == [
        (None, ""), (None, "晚上的切片")]


@pytest.mark.parametrize("args, expected", [
    ("", (None, "")),
    ("https://v.douyin.com/abc", ("https://v.douyin.com/abc", "")),
    ("https://v.douyin.com/abc 新品 开箱", ("https://v.douyin.com/abc", "新品 开箱")),
    ("HTTP://X.COM/A", ("http://x.com/A", "")),  # scheme and host in one spelling
    ("新品开箱", (None, "新品开箱")),
    ("新品.开箱 第二集", (None, "新品.开箱 第二集")),
    ("3.5折 福利", (None, "3.5折 福利")),
])
def test_video_arguments(args, expected):
    assert parse_video_args(args) == expected


@pytest.mark.parametrize("args", ["v.douyin.com/abc", "www.douyin.com", "htp://x.com/a",
                                  "douyin.com 标题", "ftp://x.com/a"])
async def test_a_link_that_is_not_a_url_is_refused_with_the_usage(studio, args):
    studio.team()
    before = Audit.select().count()
    calls = await studio.send(studio.host, f"/video {args}")
    text = studio.text(calls)
    assert text.startswith("不是有效链接:") and "\n用法: /video [链接] [标题]" in text
    assert Video.select().count() == 0 and Audit.select().count() == before


async def test_a_title_too_long_is_refused(studio):
    studio.team()
    calls = await studio.send(studio.host, "/video https://x.com/1 " + "长" * 300)
    assert studio.text(calls).startswith("内容太长(最多255个字符)。\n用法:")
    assert Video.select().count() == 0


async def test_the_keyword_logs_a_video(studio):
    studio.team()
    calls = await studio.send(studio.host, "视频 https://x.com/k", chat="private")
    assert "今天第 1 条视频" in studio.text(calls)
    assert Video.get().link == "https://x.com/k"


async def test_video_replies_in_english(studio):
    studio.add_staff(studio.host, lang="en")
    calls = await studio.send(studio.host, "/video https://x.com/1 Unboxing", chat="private",
                              at="10:00")
    assert studio.texts(calls) == ["🎬 Logged “Unboxing”: video 1 today, 1/2 (1 video to go)"]
    calls = await studio.send(studio.host, "/video", chat="private", at="11:00")
    assert studio.texts(calls) == ["🎬 Logged: video 2 today, 2/2 ✅"]
    calls = await studio.send(studio.host, "/video https://x.com/1", chat="private", at="12:00")
    assert studio.texts(calls) == ["This link was already logged on 2026-11-26: https://x.com/1"]
    calls = await studio.send(studio.host, "/video www.x.com", chat="private")
    assert studio.texts(calls) == [
        "Not a link: www.x.com (a link starts with http:// or https://).\n"
        "Usage: /video [link] [title] (keyword 视频)"]


async def test_a_title_that_looks_like_markup_is_shown_escaped(studio):
    studio.team()
    calls = await studio.send(studio.host, "/video https://x.com/1 A&B <Lab>")
    assert "《A&amp;B &lt;Lab&gt;》" in studio.text(calls)
    assert Video.get().title == "A&B <Lab>"


async def test_someone_not_staff_cannot_log_a_video(studio):
    studio.team()
    calls = await studio.send(studio.stranger, "/video https://x.com/1")
    assert studio.texts(calls) == ["你没有权限使用这个命令。"]
    assert Video.select().count() == 0


async def test_the_same_link_with_the_scheme_or_host_in_capitals_is_the_same_link(studio):
    # HTTPS://V.DOUYIN.COM/abc is https://v.douyin.com/abc: it must not count a second video.
    studio.team()
    await studio.send(studio.host, "/video https://v.douyin.com/abc", at="10:00")
    calls = await studio.send(studio.host, "/video HTTPS://V.DOUYIN.COM/abc", at="10:05")
    assert studio.texts(calls) == ["这个链接 2026-11-26 已经记录过了:https://v.douyin.com/abc"]
    assert Video.select().count() == 1
    # The path keeps its case: it may be another video.
    calls = await studio.send(studio.host, "/video https://v.douyin.com/ABC", at="10:10")
    assert "今天第 2 条视频" in studio.text(calls)
