"""Each parser of ``studio.parse`` as a table: what is typed, what it means (or the reason)."""

from __future__ import annotations

from datetime import date, time

import pytest

from studio.errors import BadInput
from studio.parse.amounts import parse_amount_fen, parse_count
from studio.parse.ids import parse_sample_ids
from studio.parse.keyvalues import pairs
from studio.parse.lists import as_typed, command_rest, split_list
from studio.parse.numbers import record_id, whole
from studio.parse.periods import parse_period
from studio.parse.plans import PlanChange, parse_plan_change
from studio.parse.quantities import parse_quantity, split_quantity
from studio.parse.times import parse_day, parse_hhmm_time
from studio.parse.words import (
    keyword_args,
    keyword_of,
    keyword_regex,
    near_keyword,
    slash_command,
)

TODAY = date(2026, 11, 26)  # a Thursday


def outcome(parse, *args):
    try:
        return parse(*args)
    except BadInput as exc:
        return exc.key


@pytest.mark.parametrize(("text", "fen"), [
    ("3500", 350000), ("3,500", 350000), ("3500元", 350000), ("3500块", 350000),
    ("￥3500", 350000), ("¥3500", 350000), ("1.2万", 1200000), ("1.2w", 1200000),
    ("1.2W", 1200000), ("3.5k", 350000), ("３５００", 350000), ("3500.5", 350050),
    ("1,200,000", 120000000), ("3,50", "bad_amount"), ("35,00", "bad_amount"),
    ("-5", "negative"), ("abc", "bad_amount"), ("᧚", "bad_amount"), ("0.001", "bad_amount"),
    ("99999999999999999999", "number_too_large"), ("", "bad_amount"),
])
def test_amounts(text, fen):
    assert outcome(parse_amount_fen, text) == fen


@pytest.mark.parametrize(("text", "value"), [
    ("1200", 1200), ("1,200", 1200), ("1.2万", 12000), ("1.5w", 15000), ("3k", 3000),
    ("1.5", "bad_number"), ("9223372036854775808", "number_too_large"), ("᧚", "bad_number"),
])
def test_counts(text, value):
    assert outcome(parse_count, text) == value


@pytest.mark.parametrize(("text", "value"), [
    ("12", 12), ("１２", 12), ("#12", 12), ("＃12", 12), ("0", "bad"), ("᧚", "bad"),
    ("99999999999999999999", "number_too_large"), ("x", "bad"),
])
def test_record_ids(text, value):
    assert outcome(record_id, text, "bad") == value


def test_whole_numbers_stop_below_two_to_the_63():
    assert whole(str(2**63 - 1)) == 2**63 - 1
    assert outcome(whole, str(2**63)) == "number_too_large"


@pytest.mark.parametrize(("word", "count"), [
    ("x2", 2), ("×2", 2), ("X2", 2), ("*2", 2), ("2个", 2), ("2件", 2), ("两个", 2), ("三盒", 3),
    ("2", None), ("口红", None), ("10片", None),
])
def test_quantities(word, count):
    assert parse_quantity(word) == count


@pytest.mark.parametrize(("words", "expected"), [
    (["眼影盘", "2个"], (["眼影盘"], 2)), (["眼影盘×2"], (["眼影盘"], 2)),
    (["眼影盘2个"], (["眼影盘"], 2)), (["口红", "3"], (["口红", "3"], 1)),
    (["口红", "x0"], "bad_times"), (["口红", "x2", "x3"], "two_times"),
])
def test_split_quantity(words, expected):
    assert outcome(lambda: split_quantity(words, 50, stuck=True)) == expected


@pytest.mark.parametrize(("text", "words"), [
    ("花西子，口红，x2", ["花西子", "口红", "x2"]), ("a、b；c;d,e\nf", list("abcdef")),
    ("成交 3,500", ["成交", "3,500"]), ("成交3,500，观看1,200", ["成交3,500", "观看1,200"]),
    ("3,50", ["3", "50"]),
])
def test_lists(text, words):
    assert split_list(text) == words


@pytest.mark.parametrize(("text", "rest"), [
    ("/live，A", "A"), ("/fine 小红，20，迟到", "小红，20，迟到"), ("/live@studio_bot, A", "A"),
    ("／live A", "A"), ("/live", ""), ("/video 新品 试色, 第二条", "新品 试色, 第二条"),
    ("开播 A", "A"),
])
def test_command_rest(text, rest):
    assert command_rest(text) == rest


def test_the_last_words_of_a_list_as_typed():
    words = split_list("小红；35；迟到，下次注意 A&amp;")
    assert as_typed(words[2:]) == "迟到，下次注意 A&amp;"
    assert as_typed(words[2:4]) == "迟到，下次注意"
    assert as_typed([words[2], words[4]]) == "迟到 A&amp"  # not one after the other: joined
    assert as_typed(["a", "b"]) == "a b" and as_typed([]) == ""


@pytest.mark.parametrize(("text", "args"), [
    ("请假明天看病", "明天 看病"), ("请假11月28日", "11月28日"), ("开播A", "A"),
    ("数据观看1.5w", "观看1.5w"), ("请假，明天", "明天"), ("开播AB", None), ("到岗了吗", None),
    ("请假看病", None), ("到了2个", None),
])
def test_keyword_glued_to_its_argument(text, args):
    match = keyword_regex(["请假", "开播", "数据", "到岗"]).match(text)
    assert (keyword_args(match) if match else None) == args


def test_a_typed_hash_is_not_repeated_in_the_refusal():
    with pytest.raises(BadInput) as caught:
        record_id("#0", "unknown_plan")
    assert caught.value.params["value"] == "0"


def key_of(word):
    return {"观看": "viewers", "成交": "gmv", "gmv": "gmv"}.get(word)


@pytest.mark.parametrize(("text", "found"), [
    ("观看1.5w 成交3500元", [("viewers", "观看", "1.5w"), ("gmv", "成交", "3500元")]),
    ("观看：1.5w，成交：3500", [("viewers", "观看", "1.5w"), ("gmv", "成交", "3500")]),
    ("观看 1.5w", [("viewers", "观看", "1.5w")]), ("gmv=3,500", [("gmv", "gmv", "3,500")]),
    ("=5", [(None, "", "=5")]), ("身高=170", [(None, "身高", "170")]),
    ("3", [(None, None, "3")]),
])
def test_key_values(text, found):
    assert pairs(text, key_of) == found


@pytest.mark.parametrize(("text", "first", "last"), [
    ("", "2026-11-26", "2026-11-26"), ("本周", "2026-11-23", "2026-11-26"),
    ("week", "2026-11-23", "2026-11-26"), ("上周", "2026-11-16", "2026-11-22"),
    ("近7天", "2026-11-20", "2026-11-26"), ("上月", "2026-10-01", "2026-10-31"),
    ("11月", "2026-11-01", "2026-11-26"), ("12月", "2025-12-01", "2025-12-31"),
    ("11.23", "2026-11-23", "2026-11-23"), ("11/23-11/26", "2026-11-23", "2026-11-26"),
    ("11-23..11-26", "2026-11-23", "2026-11-26"), ("11月23日到11月25日", "2026-11-23", "2026-11-25"),
    ("2026-11-23-2026-11-25", "2026-11-23", "2026-11-25"),
])
def test_periods(text, first, last):
    period = parse_period(text, TODAY, 400)
    assert (period.first.isoformat(), period.last.isoformat()) == (first, last)


@pytest.mark.parametrize(("text", "key"), [
    ("3000-01", "year_out_of_range"), ("1999-12-31", "year_out_of_range"),
    ("13月", "bad_period"), ("近0天", "bad_period"), ("近999天", "range_too_long"),
    ("2026-12", "period_future"), ("11-26..11-23", "range_reversed"),
])
def test_bad_periods(text, key):
    assert outcome(parse_period, text, TODAY, 400) == key


@pytest.mark.parametrize(("text", "day"), [
    ("今天", date(2026, 11, 26)), ("前天", date(2026, 11, 24)), ("11.28", date(2026, 11, 28)),
    ("11月28日", date(2026, 11, 28)), ("2026/11/28", date(2026, 11, 28)),
    ("12-30", date(2026, 12, 30)), ("2026-02-30", "bad_day"), ("2101-01-01", "year_out_of_range"),
    ("99999999999999999999-01-01", "bad_day"),
])
def test_days(text, day):
    assert outcome(parse_day, text, TODAY) == day


@pytest.mark.parametrize(("text", "value"), [
    ("19:30", time(19, 30)), ("19：30", time(19, 30)), ("19点", time(19, 0)),
    ("19点半", time(19, 30)), ("7点05", time(7, 5)), ("24:00", "bad_time"),
    ("᧚:00", "bad_time"),
])
def test_times(text, value):
    assert outcome(parse_hhmm_time, text) == value


@pytest.mark.parametrize(("text", "keyword", "rest"), [
    ("开播了", "开播", ""), ("我开播了 A", "开播", "A"), ("已到岗", "到岗", ""),
    ("下播啦！", "下播", ""), ("开始直播", "开播", ""), ("到货 花西子，口红", "到货", "花西子，口红"),
    ("开播了吗", None, None), ("我的天", None, None),
])
def test_keywords_as_staff_say_them(text, keyword, rest):
    match = keyword_regex(["开播", "下播", "到岗", "到货", "我的"]).match(text)
    got = (keyword_of(match.group("word")), match.group("rest")) if match else (None, None)
    assert got == (keyword, rest)


def test_a_full_width_slash_is_a_slash():
    assert slash_command("／live A") == "live" and slash_command("live") is None


def test_sample_ids_in_a_chinese_list():
    assert parse_sample_ids(["S1，S2、3", "S5-S6"]) == [1, 2, 3, 5, 6]


KEYWORDS = ("开播", "下播", "到岗", "到货", "视频", "数据", "我的", "报表", "导出")


@pytest.mark.parametrize(("text", "keyword"), [
    ("开播吗", "开播"), ("要开播吗？", "开播"), ("我想下播", "下播"), ("开拨", "开播"),
    ("开拨了", "开播"), ("到港了", "到岗"), ("下波", "下播"), ("我想打卡", "到岗"),
    ("开播了吗", "开播"), ("怎么下播", None), ("不开播", None), ("没下播", None), ("开会", None),
    ("我的数据在哪看", None), ("开播 A", None), ("你好", None), ("", None), ("开拨 A", None),
])
def test_almost_a_keyword_is_asked_about(text, keyword):
    assert near_keyword(text, KEYWORDS) == keyword


T19, T22 = time(19, 0), time(22, 0)


@pytest.mark.parametrize(("args", "change"), [
    (["12", "19:00-22:00"], PlanChange(12, span=(T19, T22), span_text="19:00-22:00")),
    (["#12", "明天", "19:00-22:00", "A", "秋装"],
     PlanChange(12, day=date(2026, 11, 27), span=(T19, T22), span_text="19:00-22:00",
                rest=["A", "秋装"])),
    (["１２", "11-28", "19：00~22：00"],
     PlanChange(12, day=date(2026, 11, 28), span=(T19, T22), span_text="19：00~22：00")),
    (["12", "取消"], PlanChange(12, cancel=True)),
    (["12", "Cancel"], PlanChange(12, cancel=True)),
    (["12", "删除"], PlanChange(12, cancel=True)),
    (["12", "撤销"], PlanChange(12, cancel=True)),
    (["12", "取消", "吧"], "extra_arguments"),
    (["12", "明晚", "19:00-22:00"], "bad_day"),
    (["12", "25:00-26:00"], "bad_range"),
    (["0", "取消"], "unknown_plan"),
    # not a change: a new plan, or a person and a day
    (["明天", "19:00-22:00"], None),
    (["11-28", "19:00-22:00"], None),
    (["@xiaoming", "明天", "19:00-22:00"], None),
    (["12"], None),
    (["12", "19-22"], "bad_range"),
    (["12", "明天"], None),
])
def test_a_plan_change_by_its_number(args, change):
    assert outcome(parse_plan_change, args, TODAY) == change
