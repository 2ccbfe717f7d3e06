"""The one table of column names: every name a platform's export gives a figure, normalised
(NFKC, full- and half-width brackets alike, spaces, case, a unit such as ``(元)`` ``(分钟)``
``%`` set apart) → the field it fills. Names drift between versions of an export
(docs/pitfalls.md §38): match by name, never by position; the config can add names
(``[imports] aliases``)."""

from __future__ import annotations

import re
import unicodedata

from config.schema import (
    IMPORT_FIELDS,
    IMPORT_IGNORED,
    IMPORT_METRIC_FIELDS,
    IMPORT_ROW_FIELDS,
)

# A row's own facts; the /metrics keys an export can fill; known and read past (a derived
# figure the bot computes itself, or one it does not keep). The config checks aliases on them.
ROW_FIELDS = IMPORT_ROW_FIELDS
METRIC_FIELDS = IMPORT_METRIC_FIELDS
IGNORED = IMPORT_IGNORED
FIELDS = IMPORT_FIELDS

_ALIASES: dict[str, tuple[str, ...]] = {
    "start": ("直播开始时间", "开播时间", "开始时间", "直播开始", "开播日期时间", "launchedtime",
              "launchtime", "starttime", "livestarttime", "直播时间"),
    "end": ("直播结束时间", "下播时间", "结束时间", "直播结束", "endtime", "liveendtime"),
    "date": ("日期", "直播日期", "date"),
    "minutes": ("直播时长", "时长", "开播时长", "duration", "liveduration", "minutes", "分钟"),
    "seconds": ("直播时长秒", "durationseconds", "durations", "seconds"),
    "account": ("主播昵称", "抖音号", "主播", "达人昵称", "主播账号", "账号", "抖音昵称", "快手号",
                "creator", "creatorname", "creatorusername", "username", "account", "host",
                "anchor", "nickname"),
    "broadcast": ("直播编号", "直播id", "编号", "broadcast", "broadcastid", "id"),
    "fans": ("粉丝", "粉丝数", "粉丝总数", "累计粉丝", "fans", "followers", "totalfollowers"),
    "new_fans": ("新增粉丝", "新增粉丝数", "新粉", "涨粉", "涨粉数", "newfans", "newfollowers"),
    "viewers": ("观看", "观看人数", "直播间观看人数", "累计观看人数", "观看用户数", "viewers",
                "uniqueviewers", "totalviewers"),
    "views": ("观看次数", "直播间观看次数", "累计观看次数", "views", "totalviews"),
    "peak": ("峰值", "最高在线", "最高在线人数", "在线人数峰值", "峰值在线", "peak",
             "peakviewers", "peakconcurrentviewers", "pcu"),
    "gmv": ("成交", "成交额", "成交金额", "直播间成交金额", "直播间用户支付金额", "用户支付金额",
            "销售额", "gmv", "revenue", "grossrevenue", "livegmv", "sales"),
    "orders": ("订单", "订单数", "成交订单数", "直播间成交订单数", "成交订单", "orders",
               "orderspaid", "paidorders", "skuorders"),
    "products": ("商品", "商品数", "直播间商品数", "上架商品数", "带货商品数", "products",
                 "productslisted"),
    "likes": ("点赞", "点赞数", "likes"),
    "comments": ("评论", "评论数", "comments"),
    IGNORED: ("千次观看成交金额", "千次观看用户支付金额", "gpm", "成交人数", "成交用户数", "客单价",
              "aov", "buyers", "customers", "序号", "no", "直播标题", "title", "livetitle",
              "averageviewduration", "人均观看时长", "ctr", "转化率", "conversionrate"),
}

_BRACKETED = re.compile(r"[(\[{<]([^)\]}>]*)[)\]}>]")
_SPACE = re.compile(r"[\s_\-·/:：]+")


def split_name(name: str) -> tuple[str, str]:
    """A column's name → (its normalised name, its unit): ``直播时长（分钟）`` → (直播时长, 分钟),
    ``Revenue (Rp)`` → (revenue, rp), ``转化率%`` → (转化率, %)."""
    text = unicodedata.normalize("NFKC", str(name)).strip().lower()
    text = text.replace("【", "[").replace("】", "]").replace("〔", "(").replace("〕", ")")
    units = [m.strip() for m in _BRACKETED.findall(text)]
    text = _BRACKETED.sub("", text)
    if not text.strip() and units:  # 【成交金额】: the brackets hold the name itself
        text, units = units[0], units[1:]
    if text.endswith("%"):
        units.append("%")
        text = text.rstrip("%")
    return _SPACE.sub("", text), " ".join(u for u in units if u)


def normalise(name: str) -> str:
    return split_name(name)[0]


ALIASES: dict[str, str] = {normalise(alias): field for field, names in _ALIASES.items()
                           for alias in names}


def field_of(name: str, extra: dict[str, str] | None = None) -> str | None:
    """The field a column's name fills, or None (a name the bot does not know)."""
    key = normalise(name)
    if not key:
        return None
    if extra:
        for alias, field in extra.items():
            if normalise(alias) == key:
                return field
    return ALIASES.get(key)


def every_alias() -> list[tuple[str, str]]:
    """(name as written in the table, field): for the tests, one per alias."""
    return [(alias, field) for field, names in _ALIASES.items() for alias in names]
