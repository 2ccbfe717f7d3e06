"""The one parser of each kind of argument (``studio.parse``; ``studio.clock`` for a typed
moment) — times and days, amounts, counts, ``xN``, sample ids, record numbers — as tables."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from config import ConfigError, settings_from_dict
from studio.clock import Clock
from studio.errors import BadInput
from studio.parse.amounts import parse_amount_fen, parse_count
from studio.parse.ids import is_sample_id, parse_sample_ids
from studio.parse.numbers import record_id
from studio.parse.quantities import split_quantity
from studio.parse.times import parse_hhmm_time, parse_iso_date
from studio.text import format_fen
from tests.conftest import TZ

CLOCK = Clock(TZ)
NOW = datetime(2026, 11, 26, 20, 0, tzinfo=TZ)  # a Thursday evening, studio time


def outcome(parse, *args):
    """The value, or the BadInput key."""
    try:
        return parse(*args)
    except BadInput as exc:
        return exc.key


# --- times and days ------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("19:00", time(19, 0)), ("9:05", time(9, 5)), (" 23:59 ", time(23, 59)),
    ("19：30", time(19, 30)), ("0:00", time(0, 0)),
    ("24:00", "bad_time"), ("19:60", "bad_time"), ("19:5", "bad_time"), ("1900", "bad_time"),
    ("", "bad_time"),
])
def test_parse_hhmm_time(text, expected):
    assert outcome(parse_hhmm_time, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("2026-11-26", date(2026, 11, 26)), ("2026-2-3", date(2026, 2, 3)),
    ("2026-02-30", "bad_day"), ("2026-13-01", "bad_day"), ("26-11", "bad_day"),
])
def test_parse_iso_date(text, expected):
    assert outcome(parse_iso_date, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("19:30", "2026-11-26 19:30"),
    ("20:00", "2026-11-26 20:00"),
    ("21:00", "2026-11-25 21:00"),  # the latest 21:00 not after now: yesterday's
    ("2026-11-25 23:50", "2026-11-25 23:50"),
    ("2026-11-25 23：50", "2026-11-25 23:50"),
    ("2026-11-26 20:01", "time_future"),
    ("25:00", "bad_time"),
    ("2026-02-30 10:00", "bad_day"),
])
def test_parse_when(text, expected):
    moment = outcome(CLOCK.parse_when, text, NOW)
    shown = moment if isinstance(moment, str) else moment.strftime("%Y-%m-%d %H:%M")
    assert shown == expected


@pytest.mark.parametrize("text, now, expected", [
    ("today", NOW, date(2026, 11, 26)),
    ("今天", datetime(2026, 11, 27, 1, 30, tzinfo=TZ), date(2026, 11, 26)),  # before 05:00
    ("yesterday", NOW, date(2026, 11, 25)),
    ("昨天", NOW, date(2026, 11, 25)),
    ("tomorrow", NOW, date(2026, 11, 27)),
    ("明天", datetime(2026, 11, 27, 1, 30, tzinfo=TZ), date(2026, 11, 27)),
    ("后天", NOW, date(2026, 11, 28)),
    ("2026-11-01", NOW, date(2026, 11, 1)),
    ("11-20", NOW, date(2026, 11, 20)),
    ("12-30", datetime(2027, 1, 2, 12, 0, tzinfo=TZ), date(2026, 12, 30)),  # the one just past
    ("02-30", NOW, "bad_day"),
    ("someday", NOW, "bad_day"),
])
def test_parse_day(text, now, expected):
    assert outcome(CLOCK.parse_day, text, now) == expected


@pytest.mark.parametrize("value, ok", [("05:00", True), ("6:30", True), ("25:99", False),
                                       ("5", False)])
def test_the_config_reads_times_with_the_same_parser(value, ok):
    data = {"telegram": {"token": "1:abc"}, "studio": {"group_chat_id": -1, "managers": [1],
                                                       "day_starts_at": value}}
    if ok:
        assert settings_from_dict(data).studio.day_start == parse_hhmm_time(value)
    else:
        with pytest.raises(ConfigError, match="studio.day_starts_at: not a time HH:MM"):
            settings_from_dict(data)


# --- amounts, counts, ids ------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("3500", 350_000), ("3500.5", 350_050), ("3,500", 350_000), ("1.2万", 1_200_000),
    ("1.2w", 1_200_000), ("3k", 300_000), ("３５００", 350_000), ("0.01", 1),
    ("0.001", "bad_amount"), ("-5", "negative"), ("abc", "bad_amount"), ("", "bad_amount"),
])
def test_parse_amount_fen(text, expected):
    assert outcome(parse_amount_fen, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("1200", 1200), ("1.2万", 12_000), ("3k", 3000), ("1.5", "bad_number"),
    ("-1", "negative"), ("x", "bad_number"),
])
def test_parse_count(text, expected):
    assert outcome(parse_count, text) == expected


@pytest.mark.parametrize("args, expected", [
    (["lights", "x3"], (["lights"], 3)), (["×2", "ac"], (["ac"], 2)), (["ac"], (["ac"], 1)),
    (["ac", "x0"], "bad_times"), (["ac", "x99"], "bad_times"),
])
def test_split_times(args, expected):
    assert outcome(split_quantity, args, 10) == expected


@pytest.mark.parametrize("args, expected", [
    (["S12", "s13", "14"], [12, 13, 14]), (["S15-S18"], [15, 16, 17, 18]),
    (["S12,", "S12"], [12]), (["Ｓ１２"], [12]), ([], "no_sample_ids"),
    (["S18-S15"], "bad_sample_range"), (["S1-S999"], "bad_sample_range"),
    (["lipstick"], "bad_sample_id"),
])
def test_parse_sample_ids(args, expected):
    assert outcome(parse_sample_ids, args) == expected


@pytest.mark.parametrize("word, is_id", [
    ("S12", True), ("13", True), ("s15-S18", True), ("S12,", True), ("Ｓ１２，", True),
    ("S12-", False), ("口红", False), ("S", False), ("S1234567890", False),
])
def test_is_sample_id(word, is_id):
    assert is_sample_id(word) is is_id


@pytest.mark.parametrize("text, expected", [
    ("12", 12), ("#12", 12), ("＃１２", 12), (" 7 ", 7),
    ("0", "bad_id"), ("x12", "bad_id"), ("", "bad_id"), ("-3", "bad_id"),
])
def test_parse_id(text, expected):
    assert outcome(record_id, text, "bad_id") == expected


@pytest.mark.parametrize("fen, shown", [(350_000, "3,500"), (350_050, "3,500.50"),
                                        (5, "0.05"), (-2000, "-20")])
def test_format_fen(fen, shown):
    assert format_fen(fen) == shown
