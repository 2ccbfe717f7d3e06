"""Words as staff say them: keywords with pronouns and particles (``我开播了``, ``已到岗``,
``下播啦``), commands with a full-width slash (``／live``), and fine codes by their Chinese
names and phrasings (``抽烟``, ``没关灯``, ``空调没关``) from the config's catalogue."""

from __future__ import annotations

import re
from collections.abc import Iterable

from studio.parse.numbers import fold

# Said before a keyword: "我开播了", "已到岗", "刚下播".
LEADS = ("我们", "咱们", "我已经", "我已", "我刚", "我", "已经", "已", "刚刚", "刚", "现在", "正式")
# Said after it: "开播了", "下播啦", "到岗咯".
TAILS = ("了", "啦", "咯", "喽", "啰", "哦", "喔", "嘞", "哈", "呀", "啊", "完毕", "成功")
# Other ways of saying a keyword, as the studio's staff say them.
PHRASES = {"开始直播": "开播", "直播开始": "开播", "上播": "开播", "开直播": "开播",
           "结束直播": "下播", "直播结束": "下播", "关播": "下播", "播完": "下播",
           "签到": "到岗", "打卡": "到岗", "到了": "到岗",
           "发视频": "视频", "发了视频": "视频", "视频已发": "视频",
           "我的数据": "我的", "看数据": "我的"}
_BOUNDARY = r"(?=$|[\s,，。.!！~～:：;；、])"
_SLASH = re.compile(r"^[／⁄∕]([A-Za-z]+)")


def keyword_regex(keywords: Iterable[str]) -> re.Pattern:
    """A message that starts with a keyword as staff say it; group "word" is the keyword
    (or the phrase) as typed, "rest" the arguments."""
    words = sorted({*keywords, *(p for p, k in PHRASES.items() if k in set(keywords))},
                   key=len, reverse=True)
    leads = "|".join(map(re.escape, LEADS))
    tails = "|".join(map(re.escape, TAILS))
    return re.compile(rf"^\s*(?:{leads})?(?P<word>{'|'.join(map(re.escape, words))})"
                      rf"(?:{tails})*{_BOUNDARY}[\s,，。.!！~～:：;；、]*(?P<rest>.*)$", re.DOTALL)


def said_forms(keyword: str) -> list[str]:
    """Ways staff say ``keyword`` that work as it (for the guides): ``开播了 我开播了 已开播 …``."""
    return [f"{keyword}了", f"{keyword}啦", f"我{keyword}了", f"已{keyword}",
            *(phrase for phrase, kw in PHRASES.items() if kw == keyword)]


def keyword_of(word: str) -> str:
    """The keyword a phrase stands for (``开始直播`` → ``开播``)."""
    return PHRASES.get(word, word)


def slash_command(text: str) -> str | None:
    """``／live A`` (a full-width slash, as Chinese keyboards type it) → ``live``."""
    match = _SLASH.match(text.strip())
    return match.group(1).lower() if match else None


# --- fine codes ------------------------------------------------------------------------------

_FINE_TAILS = re.compile(r"(?:了|啦|的)+$")


def fine_key(text: str) -> str:
    """How two spellings of a fine compare: folded, no spaces, no case, no trailing 了."""
    return _FINE_TAILS.sub("", "".join(fold(text).split()).casefold())


def fine_code(word: str, names: dict[str, Iterable[str]]) -> str | None:
    """The catalogue code ``word`` names: the code itself, or one of its names and aliases
    (``names``: code → every way of saying it)."""
    wanted = fine_key(word)
    if not wanted:
        return None
    for code, said in names.items():
        if wanted == fine_key(code) or any(wanted == fine_key(s) for s in said if s):
            return code
    return None
