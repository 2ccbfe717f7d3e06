"""Published videos (handbook duty 12: at least 2 a day on the host's own account).

A video counts toward the business day of the message that logged it. The link is optional
(a host may only want it counted); given, it must be a URL, and the same link twice in one
business day by the same host is refused before anything is written.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from peewee import IntegrityError

from models import Staff, Video, audit, db
from studio.clock import Clock, to_db
from studio.errors import BadInput, Refused
from studio.parse.links import is_url
from studio.parse.numbers import fold

MAX_LINK = 512
MAX_TITLE = 255

# Something meant as a link but not a URL: "v.douyin.com/abc", "www.x.com", "htp://…".
_LINKISH = re.compile(r"^(\w+:/+|www\.|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(/|$))",
                      re.IGNORECASE | re.ASCII)


def parse_video_args(text: str) -> tuple[str | None, str]:
    """``[link] [title]`` → (link or None, title). A first word meant as a link must be a URL;
    anything else is the title."""
    text = text.strip()
    if not text:
        return None, ""
    first, _, rest = text.partition(" ")
    candidate = fold(first)
    if is_url(candidate):
        # Scheme and host are case-blind: one spelling, so a link cannot count twice.
        scheme, sep, tail = candidate.partition("://")
        host, slash, path = tail.partition("/")
        link, title = scheme.lower() + sep + host.lower() + slash + path, rest.strip()
    elif _LINKISH.match(candidate):
        raise BadInput("video_bad_link", value=first)
    else:
        link, title = None, text
    if link and len(link) > MAX_LINK:
        raise BadInput("too_long", max=MAX_LINK)
    if len(title) > MAX_TITLE:
        raise BadInput("too_long", max=MAX_TITLE)
    return link, title


def already_logged(person: Staff, day: date, link: str) -> bool:
    return (Video.select()
            .where((Video.staff == person) & (Video.day == day) & (Video.link == link))
            .exists())


def log_video(person: Staff, link: str | None, title: str, now: datetime, clock: Clock) -> Video:
    """Record a video at ``now`` (the message's date) for its business day."""
    day = clock.business_day(now)
    if link is not None and already_logged(person, day, link):
        raise Refused("video_duplicate", link=link, day=day.isoformat())
    try:
        with db.atomic():
            video = Video.create(staff=person, at=to_db(now), day=day, link=link, title=title)
            audit(person, "video.log", f"video:{video.id}", link or "", at=now)
    except IntegrityError:  # the same link sent twice at the same moment: the index holds
        raise Refused("video_duplicate", link=link, day=day.isoformat()) from None
    return video
