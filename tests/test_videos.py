"""/video (视频): a published video counts toward the business day of its message."""

from __future__ import annotations

import string
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import Audit, Video
from studio.parse.links import normalise
from studio.videos import parse_video_args


async def test_videos_count_against_two_and_the_second_meets_the_minimum(studio):
    studio.team()
    calls = await studio.send(studio.host, "/video https://v.douyin.com/abc 新品开箱", at="19:00")
    assert studio.texts(calls) == ["🎬 已记录《新品开箱》:今天第 1 条视频,1/2 (还差1条视频)"]
    calls = await studio.send(studio.host, "/video https://v.douyin.com/def", at="20:00")
    assert studio.texts(calls) == ["🎬 已记录:今天第 2 条视频,2/2 ✅"]
    first, second = Video.select().order_by(Video.id)
    assert (first.link, first.title, first.day) == ("https://v.douyin.com/abc", "新品开箱",
                                                    date(2026, 11, 26))
    assert first.at == datetime(2026, 11, 26, 11, 0)  # stored as naive UTC
    assert (second.link, second.title) == ("https://v.douyin.com/def", "")


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


@pytest.mark.parametrize("text", ["/video", "视频", "/video 晚上的切片", "视频 新品开箱 第二条",
                                  "/video 3.5折 福利"])
async def test_a_video_without_a_link_is_refused_with_the_usage(studio, text):
    # Typing 视频 twice must not meet the two-video minimum.
    studio.team()
    before = Audit.select().count()
    calls = await studio.send(studio.host, text, at="11:00")
    assert studio.texts(calls) == [
        "视频按链接记录:这条消息里没有链接。\n"
        "用法: /video 链接 [标题],或直接粘贴视频的分享文字(关键词:视频)"]
    assert Video.select().count() == 0 and Audit.select().count() == before


DOUYIN = ("7.89 复制打开抖音，看看【小红的作品】新品开箱 # 好物推荐 https://v.douyin.com/iRNBdqY/ "
          "复制此链接，打开Dou音搜索，直接观看视频！")
DOUYIN_NEW = ("3.51 Lwz:/ 08/15 p@Q.xS 【小红的作品】新品开箱 # 好物推荐 https://v.douyin.com/iRNBdqY/ "
              "复制此链接，打开Dou音搜索，直接观看视频！")
KUAISHOU = 'https://v.kuaishou.com/J8hXa2 小红的作品 "新品开箱" 复制此消息，打开【快手】直接观看！'
XHS = ("64 小红发布了一篇小红书笔记，快来看吧！ 😆 AbCdEf 😆 http://xhslink.com/a/AbCdEf，"
       "复制本条信息，打开【小红书】App查看精彩内容！")


@pytest.mark.parametrize("text, link, title", [
    (DOUYIN, "https://v.douyin.com/iRNBdqY", "新品开箱 # 好物推荐"),
    (DOUYIN_NEW, "https://v.douyin.com/iRNBdqY", "新品开箱 # 好物推荐"),
    (KUAISHOU, "https://v.kuaishou.com/J8hXa2", "新品开箱"),
    (XHS, "https://xhslink.com/a/AbCdEf", ""),
    ("https://vm.tiktok.com/ZMabc123/", "https://vm.tiktok.com/ZMabc123", ""),
    ("试色 https://vm.tiktok.com/ZMabc123/ 第二条", "https://vm.tiktok.com/ZMabc123", "试色 第二条"),
    ("https://www.tiktok.com/@xiaohong/video/7301234567890123456?is_from_webapp=1"
     "&sender_device=pc&web_id=7301", "https://www.tiktok.com/@xiaohong/video/7301234567890123456",
     ""),
    ("https://www.xiaohongshu.com/explore/65a1b2c3000000001e03d2f4?xsec_token=CBxyz"
     "&xsec_source=app_share&share_from_user_hidden=true&xhsshare=CopyLink&apptime=1700000000",
     "https://www.xiaohongshu.com/explore/65a1b2c3000000001e03d2f4", ""),
    ("https://www.douyin.com/video/7301?previous_page=app_code_link&utm_source=copy"
     "&utm_campaign=client_share&utm_medium=android&app=aweme", "https://www.douyin.com/video/7301",
     ""),
    # What names the video stays, sorted: a user page showing one video by its modal_id.
    ("https://www.douyin.com/user/MS4w?modal_id=7301&utm_source=copy&a=1",
     "https://www.douyin.com/user/MS4w?a=1&modal_id=7301", ""),
    ("新品开箱 https://x.com/1。", "https://x.com/1", "新品开箱"),
    ("(https://x.com/a_(b))", "https://x.com/a_(b)", ""),
    ("https://X.com:443/a/#top", "https://x.com/a", ""),
    ("ｈｔｔｐｓ：／／ｖ．ｄｏｕｙｉｎ．ｃｏｍ／ａｂｃ 标题", "https://v.douyin.com/abc", "标题"),
])
def test_a_share_text_gives_its_link_in_one_spelling_and_the_words_around_it(text, link, title):
    assert parse_video_args(text) == (link, title)


async def test_a_share_text_pasted_twice_the_same_day_counts_once(studio):
    studio.team()
    calls = await studio.send(studio.host, "视频 " + DOUYIN, at="19:00")
    assert studio.texts(calls) == ["🎬 已记录《新品开箱 # 好物推荐》:今天第 1 条视频,1/2 (还差1条视频)"]
    # The same video shared again: another share code, tracking parameters, the long link.
    again = DOUYIN_NEW.replace("https://v.douyin.com/iRNBdqY/",
                               "HTTPS://V.DOUYIN.COM/iRNBdqY?utm_source=copy&share_sign=x")
    calls = await studio.send(studio.host, "/video " + again, at="20:00")
    assert studio.texts(calls) == ["这个链接 2026-11-26 已经记录过了:https://v.douyin.com/iRNBdqY"]
    assert [v.link for v in Video.select()] == ["https://v.douyin.com/iRNBdqY"]


async def test_a_long_pasted_description_is_cut_to_a_title(studio):
    studio.team()
    calls = await studio.send(studio.host, "/video https://x.com/1 " + "长" * 300)
    assert "今天第 1 条视频" in studio.text(calls)
    assert Video.get().title == "长" * 254 + "…"


@pytest.mark.parametrize("args", ["v.douyin.com/abc", "www.douyin.com", "htp://x.com/a",
                                  "douyin.com 标题", "ftp://x.com/a"])
async def test_a_link_that_is_not_a_url_is_refused_with_the_usage(studio, args):
    studio.team()
    before = Audit.select().count()
    calls = await studio.send(studio.host, f"/video {args}")
    text = studio.text(calls)
    assert text.startswith("不是有效链接:") and "\n用法: /video 链接 [标题]" in text
    assert Video.select().count() == 0 and Audit.select().count() == before


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
    calls = await studio.send(studio.host, "/video https://x.com/2", chat="private", at="11:00")
    assert studio.texts(calls) == ["🎬 Logged: video 2 today, 2/2 ✅"]
    calls = await studio.send(studio.host, "/video https://x.com/1", chat="private", at="12:00")
    assert studio.texts(calls) == ["This link was already logged on 2026-11-26: https://x.com/1"]
    calls = await studio.send(studio.host, "/video www.x.com", chat="private")
    usage = "Usage: /video link [title], or paste the video's share text (keyword 视频)"
    assert studio.texts(calls) == [
        "Not a link: www.x.com (a link starts with http:// or https://).\n" + usage]
    calls = await studio.send(studio.host, "/video", chat="private")
    assert studio.texts(calls) == [
        "A video is counted by its link: no link in this message.\n" + usage]


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


# --- one spelling, whatever surrounds the link (property) ------------------------------------

_PATH = st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=1, max_size=12)
_TRACKING_KEYS = st.sampled_from(["utm_source", "utm_campaign", "share_id", "share_sign",
                                  "xsec_token", "xsec_source", "is_from_webapp",
                                  "sender_device", "from_ssr", "timestamp"])
_BLURB = st.sampled_from(["", "7.89 复制打开抖音，看看【小红的作品】新品开箱 # 好物 ",
                          "试色 ", "64 小红发布了一篇小红书笔记，快来看吧！ 😆 AbC 😆 "])
_TAIL = st.sampled_from(["", " 复制此链接，打开Dou音搜索，直接观看视频！", "，复制本条信息", "。",
                         " 第二条"])


@settings(max_examples=200, deadline=None, derandomize=True)
@given(host=st.sampled_from(["v.douyin.com", "v.kuaishou.com", "xhslink.com", "vm.tiktok.com"]),
       path=_PATH, slash=st.booleans(), upper=st.booleans(), http=st.booleans(),
       tracking=st.lists(st.tuples(_TRACKING_KEYS, _PATH), max_size=4),
       before=_BLURB, after=_TAIL)
def test_the_same_video_pasted_any_way_has_one_link(host, path, slash, upper, http, tracking,
                                                    before, after):
    url = f"{'http' if http else 'https'}://{host.upper() if upper else host}/{path}"
    url += "/" if slash else ""
    if tracking:
        url += "?" + "&".join(f"{key}={value}" for key, value in tracking)
    link, title = parse_video_args(f"{before}{url}{after}")
    assert link == f"https://{host}/{path}"
    assert normalise(link) == link  # the stored spelling is its own
    assert "http" not in title and "复制" not in title
