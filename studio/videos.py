"""Published videos (handbook duty 12: at least 2 a day on the host's own account).

A video is a link: ``/video`` (视频) takes the first URL in what follows it, a platform's pasted
share text included, and without one it is refused (typing 视频 twice is not two videos). The
link is kept in one spelling (``studio.parse.links.normalise``) and the same link twice in one
business day by the same host is refused before anything is written, whatever blurb surrounds
it. The title is what the host wrote around the link, without the platform's share phrases. A
video counts toward the business day of the message that logged it.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from peewee import IntegrityError

from models import Staff, StaffRole, Video, audit, db
from studio.clock import Clock, to_db
from studio.errors import BadInput, Refused
from studio.parse.links import find_url, normalise
from studio.parse.numbers import fold

MAX_LINK = 512
MAX_TITLE = 255

# Something meant as a link but not a URL: "v.douyin.com/abc", "www.x.com", "htp://…".
_LINKISH = re.compile(r"^(\w+:/+|www\.|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(/|$))",
                      re.IGNORECASE | re.ASCII)

# The platforms' share phrases around the link (Douyin, Kuaishou, Xiaohongshu, TikTok), none
# of them a title: "7.89 复制打开抖音，看看【小红的作品】…", "复制此链接，打开Dou音搜索，直接观看视频！",
# "小红发布了一篇小红书笔记，快来看吧！ 😆 AbCdEf 😆", "复制本条信息，打开【小红书】App查看精彩内容！".
_CLAUSE = re.compile(r"[，,。！!？?；;\n]+")
_DROP_CLAUSE = re.compile(r"发布了一篇|快来看吧|查看精彩|直接观看|打开[【\[]?\S*[】\]]?(?:App|APP)?查看")
_CUT_FROM = re.compile(r"(复制|長按|长按|打开|點擊|点击链接).*$")
_SHARE_CODE = re.compile(r"^\d+(\.\d+)?(?=\s|$)")  # Douyin's "7.89" / "3.51" before the blurb
_ASCII_CODE = re.compile(r"(?<!\S)[A-Za-z0-9]*(?::/|@|\d/\d)[A-Za-z0-9.:/@]*(?!\S)")
_EMOJI_CODE = re.compile(r"😆\s*[A-Za-z0-9]+\s*😆")
_QUOTES = "\"'“”‘’「」『』 "
_AUTHOR = re.compile(r"^看看|【[^】]*的作品】|\S+的作品(?=\s)")


def parse_video_args(text: str) -> tuple[str, str]:
    """``link [title]``, or a pasted share text → (the link in one spelling, the title). No
    URL: ``video_bad_link`` when a word was meant as one (``v.douyin.com/abc``), else
    ``video_no_link``."""
    found = find_url(text)
    if found is None:
        meant = next((word for word in text.split() if _LINKISH.match(fold(word))), None)
        if meant is not None:
            raise BadInput("video_bad_link", value=meant)
        raise BadInput("video_no_link")
    url, start, end = found
    try:
        link = normalise(fold(url))
    except ValueError:  # a port out of range and the like: not an address
        raise BadInput("video_bad_link", value=url) from None
    if "." not in link.partition("://")[2].partition("/")[0]:
        raise BadInput("video_bad_link", value=url)
    if len(link) > MAX_LINK:
        raise BadInput("too_long", max=MAX_LINK)
    title = " ".join(part for part in (_title_part(text[:start]), _title_part(text[end:]))
                     if part)
    if len(title) > MAX_TITLE:  # a long pasted description: its start is title enough
        title = title[:MAX_TITLE - 1] + "…"
    return link, title


def _title_part(text: str) -> str:
    """What the host wrote on one side of the link, without the share phrases."""
    kept = []
    for clause in _CLAUSE.split(text):
        if _DROP_CLAUSE.search(clause):
            continue
        clause = _CUT_FROM.sub("", clause)
        clause = _EMOJI_CODE.sub(" ", clause)
        clause = _ASCII_CODE.sub(" ", clause)
        clause = _AUTHOR.sub(" ", clause.strip())
        clause = _SHARE_CODE.sub("", clause.strip())
        clause = " ".join(clause.split()).strip(_QUOTES)
        if re.search(r"\w", clause):  # a bracket or a quote alone is no title
            kept.append(clause)
    return " ".join(kept)


def already_logged(person: Staff, day: date, link: str) -> bool:
    return (Video.select()
            .where((Video.staff == person) & (Video.day == day) & (Video.link == link))
            .exists())


def check_logs_videos(person: Staff) -> None:
    """Only a host's videos count (the daily two, the reports): an ops member's or a manager's
    would be written and shown nowhere, so it is refused before the link is read."""
    if person.role != StaffRole.HOST:
        raise Refused("video_hosts_only")


def log_video(person: Staff, link: str, title: str, now: datetime, clock: Clock) -> Video:
    """Record a video at ``now`` (the message's date) for its business day."""
    check_logs_videos(person)
    day = clock.business_day(now)
    if already_logged(person, day, link):
        raise Refused("video_duplicate", link=link, day=day.isoformat())
    try:
        with db.atomic():
            video = Video.create(staff=person, at=to_db(now), day=day, link=link, title=title)
            audit(person, "video.log", f"video:{video.id}", link, at=now)
    except IntegrityError:  # the same link sent twice at the same moment: the index holds
        raise Refused("video_duplicate", link=link, day=day.isoformat()) from None
    return video
