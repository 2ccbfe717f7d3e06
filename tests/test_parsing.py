"""The one parser of each kind of argument (``studio.parsing``), as tables."""

from __future__ import annotations

import pytest

from studio.errors import BadInput
from studio.parsing import (
    format_fen,
    parse_amount_fen,
    parse_count,
    parse_id,
    parse_sample_ids,
    split_times,
)


def outcome(parse, *args):
    """The value, or the BadInput key."""
    try:
        return parse(*args)
    except BadInput as exc:
        return exc.key


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
    assert outcome(split_times, args, 10) == expected


@pytest.mark.parametrize("args, expected", [
    (["S12", "s13", "14"], [12, 13, 14]), (["S15-S18"], [15, 16, 17, 18]),
    (["S12,", "S12"], [12]), (["Ｓ１２"], [12]), ([], "no_sample_ids"),
    (["S18-S15"], "bad_sample_range"), (["S1-S999"], "bad_sample_range"),
    (["lipstick"], "bad_sample_id"),
])
def test_parse_sample_ids(args, expected):
    assert outcome(parse_sample_ids, args) == expected


@pytest.mark.parametrize("text, expected", [
    ("12", 12), ("#12", 12), ("＃１２", 12), (" 7 ", 7),
    ("0", "bad_id"), ("x12", "bad_id"), ("", "bad_id"), ("-3", "bad_id"),
])
def test_parse_id(text, expected):
    assert outcome(parse_id, text, "bad_id") == expected


@pytest.mark.parametrize("fen, shown", [(350_000, "3,500"), (350_050, "3,500.50"),
                                        (5, "0.05"), (-2000, "-20")])
def test_format_fen(fen, shown):
    assert format_fen(fen) == shown
