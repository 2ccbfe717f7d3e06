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
    glued = "|".join(rf"(?<={re.escape(kw)}){after}" for kw, after in GLUED.items()
                     if kw in words)
    return re.compile(rf"^\s*(?:{leads})?(?P<word>{'|'.join(map(re.escape, words))})"
                      rf"(?:(?:{tails})*{_BOUNDARY}|{glued or '(?!)'})"
                      rf"[\s,，。.!！~～:：;；、]*(?P<rest>.*)$", re.DOTALL)


# What may follow a keyword with no space or punctuation and still be clearly its argument:
# a day after 请假 (``请假明天看病``: the day, then the reason), a room letter after 开播
# (``开播A``), a Chinese key and its figure after 数据 (``数据观看1.5w``). Anything else glued
# to a keyword is another word (``到了2个快递``, ``打卡机``) and left alone.
_DAY = (r"(?:大后天|今天|明天|后天|下?周[一二三四五六日天]|星期[一二三四五六日天]"
        r"|[0-9０-９]{1,4}(?:[-./月][0-9０-９]{1,2}[日号]?)+)")
GLUED = {
    "请假": rf"(?P<glued>{_DAY})",
    "开播": rf"(?=[A-Za-z]{_BOUNDARY})",
    "数据": r"(?=[\u4e00-\u9fff]{1,4}[:：=＝]?[0-9０-９])",
}


_GLUED_DAY = re.compile(rf"^(?P<day>{_DAY})(?P<rest>\S.*)$", re.DOTALL)


def glued_day(word: str) -> tuple[str, str] | None:
    """A day and the words glued after it (``明天看病`` → (明天, 看病)); None without one."""
    found = _GLUED_DAY.match(word)
    return (found.group("day"), found.group("rest")) if found else None


def keyword_args(match: re.Match) -> str:
    """The arguments of a keyword's message (``keyword_regex``): what follows it, a day glued
    to it first (``请假明天看病`` → ``明天 看病``)."""
    rest = match.group("rest").strip()
    glued = match.groupdict().get("glued")
    return f"{glued} {rest}".strip() if glued else rest


# Keywords that are things, not acts: "我我的了", "已视频", "待审批啦" are nobody's way of
# saying them, so the guides list only their phrases.
NOUNS = frozenset({"视频", "我的", "数据", "报表", "待办", "待审批"})


def said_forms(keyword: str) -> list[str]:
    """Ways staff say ``keyword`` that work as it (for the guides): ``开播了 我开播了 已开播 …``;
    for a noun (``视频``, ``我的``) only its phrases."""
    acts = [] if keyword in NOUNS else [f"{keyword}了", f"{keyword}啦", f"我{keyword}了",
                                        f"已{keyword}"]
    return [*acts, *(phrase for phrase, kw in PHRASES.items() if kw == keyword)]


def keyword_of(word: str) -> str:
    """The keyword a phrase stands for (``开始直播`` → ``开播``)."""
    return PHRASES.get(word, word)


def slash_command(text: str) -> str | None:
    """``／live A`` (a full-width slash, as Chinese keyboards type it) → ``live``."""
    match = _SLASH.match(text.strip())
    return match.group(1).lower() if match else None


# --- almost a keyword: the bot asks rather than guesses -------------------------------------

# Words around a keyword that leave its meaning as it is: "开播吗", "要开播", "我想下播".
# Negations (不 没 别) are not among them: "不开播" is no "是要开播吗?".
FILLERS = tuple(sorted({*LEADS, *TAILS, "我想", "我要", "想要", "想", "要", "准备", "可以",
                        "马上", "现在", "该", "是不是", "能", "去", "吗", "么", "嘛", "呢", "吧",
                        "一下", "帮我"}, key=len, reverse=True))
_PUNCTUATION = re.compile(r"[\s,，。.!！?？~～:：;；、]+")
# Characters a pinyin keyboard gives for a keyword's own (开拨, 到港, 下波): a one-character
# slip that sounds the same is asked about; any other difference is another word (开会).
SOUNDS_ALIKE = {"播": "拨波博泊", "岗": "港刚钢纲", "货": "获或祸", "据": "剧具聚句",
                "频": "品贫聘", "视": "是事试市示", "开": "凯", "到": "道倒"}


def _only_fillers(text: str) -> bool:
    rest = _PUNCTUATION.sub("", text)
    changed = True
    while rest and changed:
        changed = False
        for word in FILLERS:
            if rest.startswith(word) or rest.endswith(word):
                rest = rest[len(word):] if rest.startswith(word) else rest[:-len(word)]
                changed = True
                break
    return not rest


def _slip(window: str, word: str) -> bool:
    """``window`` is ``word`` with one character that sounds the same (``开拨`` for ``开播``)."""
    if len(window) != len(word) or len(word) < 2:
        return False
    slips = [(a, b) for a, b in zip(window, word, strict=True) if a != b]
    return len(slips) == 1 and slips[0][0] in SOUNDS_ALIKE.get(slips[0][1], "")


def near_keyword(text: str, keywords: Iterable[str]) -> str | None:
    """The keyword a message almost is, so the bot may ask "是要开播吗?": the keyword (or a
    phrase for it, or a one-character slip of the pinyin keyboard) with nothing else around it
    than words that leave its meaning (``开播吗 要开播 我想下播 开拨``); None otherwise
    (``怎么下播``, ``不开播``, ``开会``)."""
    wanted = set(keywords)
    said = {kw: kw for kw in wanted}
    said.update({phrase: kw for phrase, kw in PHRASES.items() if kw in wanted})
    folded = fold(text).strip().lower()
    for word in sorted(said, key=len, reverse=True):
        start = folded.find(word)
        if start >= 0 and _only_fillers(folded[:start] + " " + folded[start + len(word):]):
            return said[word]
    for word in sorted(said, key=len, reverse=True):
        for start in range(len(folded) - len(word) + 1):
            if _slip(folded[start:start + len(word)], word) and _only_fillers(
                    folded[:start] + " " + folded[start + len(word):]):
                return said[word]
    return None


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
