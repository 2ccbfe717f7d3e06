"""Words as staff say them: keywords with pronouns and particles (``我开播了``, ``已到岗``,
``下播啦``), commands with a full-width slash (``／live``), and fine codes by their Chinese
names and phrasings (``抽烟``, ``没关灯``, ``空调没关``) from the config's catalogue."""

from __future__ import annotations

import re
from collections.abc import Iterable

from studio.parse.numbers import fold
from studio.parse.times import DAY_WORDS

# Said before a keyword: "我开播了", "已到岗", "刚下播".
LEADS = ("我们", "咱们", "我已经", "我已", "我刚", "我", "已经", "已", "刚刚", "刚", "现在", "正式")
# Said after it: "开播了", "下播啦", "到岗咯".
TAILS = ("了", "啦", "咯", "喽", "啰", "哦", "喔", "嘞", "哈", "呀", "啊", "完毕", "成功")
# Other ways of saying a keyword, as the studio's staff say them.
PHRASES = {"开始直播": "开播", "直播开始": "开播", "上播": "开播", "开直播": "开播",
           "结束直播": "下播", "直播结束": "下播", "关播": "下播", "播完": "下播",
           "签到": "到岗", "打卡": "到岗", "到了": "到岗",
           "发视频": "视频", "发了视频": "视频", "视频已发": "视频",
           "我的数据": "我的", "看数据": "我的",
           # 到了 alone is a check-in; with what arrived it is a parcel: longer phrases win.
           "新到货": "到货", "样品到货": "到货",
           "样品到了": "到货", "样品到啦": "到货", "快递到了": "到货", "快递到啦": "到货",
           "今天数据": "数据", "今日数据": "数据", "直播数据": "数据", "今天直播数据": "数据",
           "本场数据": "数据", "今天的数据": "数据", "今日直播数据": "数据",
           "请个假": "请假", "请一天假": "请假", "请假一天": "请假",
           "待办事项": "待办",
           # Staff whose Telegram is in English say the same in English (a line that is
           # nothing but these words, or these words and the command's arguments).
           "going live now": "开播", "going live": "开播", "i'm live": "开播", "im live": "开播",
           "i am live": "开播", "live now": "开播", "we're live": "开播", "we are live": "开播",
           "starting the stream": "开播", "stream started": "开播",
           "going offline": "下播", "offline now": "下播", "i'm offline": "下播",
           "im offline": "下播", "done for today": "下播", "stream ended": "下播",
           "stream over": "下播", "ending the stream": "下播",
           "checked in": "到岗", "checking in": "到岗", "check in": "到岗",
           "stats": "数据", "samples arrived": "到货", "arrived": "到货",
           "leave": "请假", "day off": "请假", "taking leave": "请假", "taking a day off": "请假"}
# Only with a day after them: "leave tomorrow" is a leave, "leave it there" is chatter.
DAY_FIRST = frozenset({"leave", "day off", "taking leave", "taking a day off"})
# Emoji and symbols end a keyword as punctuation does: "下播了👋", "开播了😊".
_EMOJI = "\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d\U0001f000-\U0001faff"
_BOUNDARY = rf"(?=$|[\s,，。.!！~～:：;；、{_EMOJI}])"
_SEPARATORS = rf"[\s,，。.!！~～:：;；、{_EMOJI}]*"
_SLASH = re.compile(r"^[／⁄∕]([A-Za-z]+)")


def keyword_regex(keywords: Iterable[str]) -> KeywordPattern:
    """A message that starts with a keyword as staff say it; group "word" is the keyword
    (or the phrase) as typed, "rest" the arguments; for a leave, "who" and "day" may come
    before the keyword (``小红明天请假``, ``我今天请假``)."""
    wanted = set(keywords)
    words = sorted({*wanted, *(p for p, k in PHRASES.items() if k in wanted)},
                   key=len, reverse=True)
    leads = "|".join(map(re.escape, LEADS))
    tails = "|".join(map(re.escape, TAILS))
    glued = "|".join(rf"(?<={re.escape(kw)}){after}" for kw, after in GLUED.items()
                     if kw in words)
    return KeywordPattern(re.compile(
        rf"^\s*(?:(?P<who>[@＠]\w+|[^\s\d@＠#，,:：。!！?？]{{1,8}}?)(?<![下大])\s*(?={_DAY}))?"
        rf"(?:{leads})?(?:(?:{_MODALS})?(?P<day>{_DAY})\s*(?:我)?)?(?P<modal>{_MODALS})?"
        rf"(?P<word>{'|'.join(map(re.escape, words))})"
        rf"(?:(?:{tails})*{_BOUNDARY}|{glued or '(?!)'})"
        rf"{_SEPARATORS}(?P<rest>.*)$", re.DOTALL | re.IGNORECASE))


# Wanting, before a day and a leave: "我明天想请假", "我要请假 明天".
_MODALS = "想要|打算|准备|想|要"
# Days a line may start with before its keyword: any before a leave; before another keyword
# only today ("今天下播了"): "明天开播" is a plan, not a broadcast.
_TODAY = frozenset({"今天"})
_LEAVE = "请假"
_ME = ("我", "咱")  # "我想明天请假": the sender, not a name


class KeywordPattern:
    """``keyword_regex``: ``match(text)`` as a compiled pattern's, with the checks a regular
    expression cannot say: a name or a day before the keyword only for a leave (or today), a
    wish (``要``) only before a leave with its day, English leave words only with a day."""

    def __init__(self, regex: re.Pattern):
        self.regex = regex

    def match(self, text: str) -> re.Match | None:
        found = self.regex.match(text)
        if found is None or (found.group("rest") and is_question(found.group("rest"))):
            return None
        keyword = keyword_of(found.group("word"))
        who, day, modal = found.group("who"), found.group("day"), found.group("modal")
        rest = found.group("rest")
        if keyword != _LEAVE:
            if (who and not who.startswith(_ME)) or (day and day not in _TODAY) or modal:
                return None
            return found
        if modal and not day and not _starts_with_day(rest):
            return None
        if found.group("word").lower() in DAY_FIRST and not _starts_with_day(rest):
            return None
        return found


def _starts_with_day(text: str) -> bool:
    """``明天 看病``, ``tomorrow``, ``on Friday``: the words start with a day."""
    head = re.sub(r"^on\s+", "", text.strip().lower())
    first = head.split(maxsplit=1)[0].strip(",，") if head else ""
    return bool(re.match(_DAY, head)) or first in DAY_WORDS or first in _WEEKDAYS_EN


_WEEKDAYS_EN = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                          "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun"})


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
    """The arguments of a keyword's message (``keyword_regex``): what follows it, a name and
    a day said before it first, then a day glued to it (``小红明天请假`` → ``小红 明天``,
    ``请假明天看病`` → ``明天 看病``)."""
    found = match.groupdict()
    who = found.get("who")
    if keyword_of(found["word"]) != _LEAVE:  # "今天下播了": the day says nothing more
        who = found["day"] = None
    before = [who if who and not who.startswith(_ME) else None, found.get("day"),
              found.get("glued")]
    return " ".join([*(b for b in before if b), match.group("rest").strip()]).strip()


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
    return PHRASES.get(word.lower(), word)


def slash_command(text: str) -> str | None:
    """``／live A`` (a full-width slash, as Chinese keyboards type it) → ``live``."""
    match = _SLASH.match(text.strip())
    return match.group(1).lower() if match else None


# --- money said in words: a fine, always confirmed with a button ----------------------------

# 扣 is also everyday slang ("扣1": agreed), so a fine in words needs a person named after it,
# and what follows; it is asked about, never recorded straight away.
MONEY_VERBS = ("罚款", "乐捐", "罚钱", "扣钱", "扣款", "罚", "扣", "fine")
_MONEY = re.compile(
    rf"^\s*(?:(?P<who>[@＠]\w+|[^\s\d@＠#，,:：。!！?？]{{1,8}})\s+)?"
    rf"(?P<verb>{'|'.join(map(re.escape, MONEY_VERBS))})了?[\s,，:：;；、]+(?P<rest>\S.*)$",
    re.DOTALL | re.IGNORECASE)


def money_words(text: str) -> str | None:
    """The arguments of a fine said in words (``罚款 小红 20 迟到``, ``小红 乐捐 20 迟到``,
    ``fine 小红 20 late``) as /fine takes them: ``小红 20 迟到``; None for anything else
    (``扣1``, ``罚款的事等下说``, a question)."""
    found = _MONEY.match(text)
    if found is None or is_question(text):
        return None
    who = found.group("who")
    return f"{who} {found.group('rest')}".strip() if who else found.group("rest").strip()


_QUESTION = re.compile(r"(?:[?？]|吗|么|呢|没有?)[\s\W]*$|谁|什么时候|几点|怎么")


def is_question(text: str) -> bool:
    """A question (``？``, ``吗``, ``谁``, ``什么时候``): chatter among staff, never a command
    said in words."""
    return bool(_QUESTION.search(text.strip()))


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


def fine_code(word: str, names: dict[str, Iterable[str]],
              wording: dict[str, str] | None = None) -> str | None:
    """The catalogue code ``word`` names: the code itself, or one of its names and aliases
    (``names``: code → every way of saying it); else the one code whose name is in the word
    in any order, the rest of the word being the rule's wording (``wording``: code → the
    handbook's sentence): ``空调忘关了`` is 忘关空调, ``手机支架乱放`` is 设备乱放."""
    wanted = fine_key(word)
    if not wanted:
        return None
    for code, said in names.items():
        if wanted == fine_key(code) or any(wanted == fine_key(s) for s in said if s):
            return code
    return _code_by_words(_FILLER_WORDS.sub("", wanted), names, wording or {})


# Words around a rule's name that say nothing of which rule: "在直播间抽烟", "空调又忘关了".
_FILLER_WORDS = re.compile(r"忘记|忘了|在直播间|直播间|直播完|下播后|又|了|的|都")


def _code_by_words(wanted: str, names: dict[str, Iterable[str]],
                   wording: dict[str, str]) -> str | None:
    chars = set(wanted)
    if not chars or not all("\u4e00" <= c <= "\u9fff" for c in chars):
        return None  # letters and figures (a code, an amount, "x2") are never guessed at
    scores = []
    for code, said in names.items():
        inside = [set(fine_key(s)) for s in said if s and set(fine_key(s)) <= chars]
        if not inside:
            continue
        covered = set().union(*inside) | (chars & set(wording.get(code, "")))
        # More than half the word must be the rule's: "电脑包丢" is not 忘关电脑.
        if 2 * len(covered & chars) > len(chars):
            scores.append((len(covered & chars), max(map(len, inside)), code))
    scores.sort(reverse=True)
    if not scores or (len(scores) > 1 and scores[0][:2] == scores[1][:2]):
        return None
    return scores[0][2]
