"""Links as typed or pasted (a video's address): the first URL of a text, and one spelling of it.

Hosts paste the platforms' share texts as they come ("7.89 复制打开抖音，看看【小红的作品】新品开箱
https://v.douyin.com/iRNBdqY/ 复制此链接，打开Dou音搜索，直接观看视频！"): the URL is the run of
URL characters after ``http(s)://``, which ends at a space or at the first Chinese character or
full-width punctuation mark, since a share text often glues ``，复制本条信息`` right after it.

The same video is shared under many spellings: the scheme and host in capitals, with or without
a trailing slash, and above all with the platforms' tracking parameters, which change at every
share (``utm_*``, ``share_*``, ``xsec_*``, ``is_from_webapp``, timestamps …). ``normalise`` keeps
one spelling, without the network (a short link is not followed), so that a link cannot count
twice in a day.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from studio.parse.numbers import fold

# RFC 3986's characters (unreserved, reserved, percent): ASCII only, so a URL stops at "，" or
# at the Chinese text a share blurb glues to it.
_URL_CHARS = r"A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%"
_URL = re.compile(rf"https?://[{_URL_CHARS}]+", re.IGNORECASE)
# Punctuation that ends a sentence rather than a URL ("see https://x.com/a." or "(https://…)").
_TRAILING = ".,;:!?)]'"

# Query parameters that say who shared, from where and when, never which video.
_TRACKING_PREFIXES = ("utm_", "share_", "xsec_", "from_", "enter_", "previous_")
_TRACKING = frozenset({
    "is_from_webapp", "sender_device", "web_id", "u_code", "did", "iid", "with_sec_did",
    "titletype", "timestamp", "ts", "app", "apptime", "app_platform", "app_version",
    "author_share", "xhsshare", "shareredid", "sharesource", "sec_uid", "sec_user_id",
    "checksum", "language", "region", "_r", "_t", "refer", "source", "fr", "spm",
    "fid", "cc", "shareid", "shareobjectid", "sharemethod", "sharetype", "sharetoken",
    "shareresourcetype", "sharepage", "kpf", "kpn", "subbiztype", "camerastatus", "ztdid",
    "utm", "tt_from", "_d", "_svg", "checkfrom", "lang", "extra_params", "ugbiz_name",
})


def is_url(text: str) -> bool:
    return bool(_URL.fullmatch(text.strip()))


def find_url(text: str) -> tuple[str, int, int] | None:
    """The first URL in ``text`` as written, with where it starts and ends; None without one.

    A URL written in full-width letters (``ｈｔｔｐｓ：／／…``, a Chinese keyboard) is found too:
    NFKC folding maps those one character to one, so the positions still hold."""
    folded = fold(text)
    if len(folded) != len(text):  # a ligature or the like changed the length: search as typed
        folded = text
    match = _URL.search(folded)
    if match is None:
        return None
    url = match.group(0)
    # A closing bracket belongs to the URL only when the URL opened it (Wikipedia's "a_(b)").
    while url and url[-1] in _TRAILING and not (url[-1] == ")"
                                               and url.count("(") >= url.count(")")):
        url = url[:-1]
    return url, match.start(), match.start() + len(url)


def normalise(url: str) -> str:
    """One spelling of ``url``: ``https``, the host in small letters without a default port,
    no trailing slash, no fragment, and the query without tracking parameters, sorted."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = host if port is None else f"{host}:{port}"
    path = parts.path.rstrip("/")
    query = sorted((key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True)
                   if not _is_tracking(key))
    return urlunsplit(("https", netloc, path, urlencode(query), ""))


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key in _TRACKING or key.startswith(_TRACKING_PREFIXES)
