"""The periods /report and /export accept, seen from business day Thursday 2026-11-26."""

from __future__ import annotations

from datetime import date

import pytest

from config import DEFAULT_TARGETS
from studio.errors import BadInput
from studio.parse.periods import parse_period
from studio.targets import target_fen, target_for_period

TODAY = date(2026, 11, 26)  # a Thursday


@pytest.mark.parametrize(("text", "first", "last"), [
    (None, "2026-11-26", "2026-11-26"),
    ("today", "2026-11-26", "2026-11-26"),
    ("2026-10。", "2026-10-01", "2026-10-31"),
    ("上周!", "2026-11-16", "2026-11-22"),
    ("今天", "2026-11-26", "2026-11-26"),
    ("yesterday", "2026-11-25", "2026-11-25"),
    ("week", "2026-11-23", "2026-11-26"),
    ("本周", "2026-11-23", "2026-11-26"),
    ("lastweek", "2026-11-16", "2026-11-22"),
    ("LastWeek", "2026-11-16", "2026-11-22"),
    ("month", "2026-11-01", "2026-11-26"),
    ("2026-10", "2026-10-01", "2026-10-31"),
    ("2026-11", "2026-11-01", "2026-11-26"),  # never past today
    ("2026-02", "2026-02-01", "2026-02-28"),
    ("2026-11-02", "2026-11-02", "2026-11-02"),
    ("2026-10-30..2026-11-02", "2026-10-30", "2026-11-02"),
    ("2026-11-20..2026-12-31", "2026-11-20", "2026-11-26"),
    ("２０２６－１０", "2026-10-01", "2026-10-31"),  # full-width digits
])
def test_a_period_names_its_business_days(text, first, last):
    period = parse_period(text, TODAY, max_days=400)
    assert (period.first.isoformat(), period.last.isoformat()) == (first, last)


@pytest.mark.parametrize(("text", "key"), [
    ("fortnight", "bad_period"),
    ("2026-13", "bad_period"),
    ("2026-02-30", "bad_period"),
    ("2026-11-02..2026-11-01", "range_reversed"),
    ("2025-01-01..2026-11-01", "range_too_long"),
    ("2026-12", "period_future"),
    ("2026-11-27", "period_future"),
    ("2026-11..fortnight", "bad_period"),
])
def test_a_bad_period_is_refused_with_its_reason(text, key):
    with pytest.raises(BadInput) as raised:
        parse_period(text, TODAY, max_days=400)
    assert raised.value.key == key


def test_the_longest_accepted_period_is_max_days():
    assert parse_period("2026-11-01..2026-11-10", TODAY, max_days=10).last == date(2026, 11, 10)
    with pytest.raises(BadInput):
        parse_period("2026-11-01..2026-11-11", TODAY, max_days=10)


@pytest.mark.parametrize(("label", "text"), [
    ("2026-10", "2026-10"), ("2026-11-02", "2026-11-02"),
    ("2026-11-16..2026-11-22", "lastweek"), ("2026-11", "month"), ("2026-11", "本月"),
    ("2026-11", "2026-11"), ("2026-11-01..2026-11-10", "2026-11-01..2026-11-10"),
])
def test_a_period_labels_its_file(label, text):
    assert parse_period(text, TODAY, max_days=400).label == label


def test_a_period_across_two_months_sums_each_months_prorated_part():
    # Started 2026-09-15: October is 14/31 of month 1 (0) + 17/31 of month 2 (5,000).
    start = date(2026, 9, 15)
    assert target_fen(DEFAULT_TARGETS, start, 2026, 10) == round(17 * 5000 * 100 / 31)
    # 25..31 October (7 of 31 days, all month 2) + 1..5 November (5 of 30 days, month 2).
    expected = round(7 * 5000 * 100 / 31) + round(5 * 5000 * 100 / 30)
    assert target_for_period(DEFAULT_TARGETS, start, date(2026, 10, 25),
                             date(2026, 11, 5)) == expected
    assert target_for_period(DEFAULT_TARGETS, start, date(2026, 10, 1),
                             date(2026, 10, 31)) == target_fen(DEFAULT_TARGETS, start, 2026, 10)
    assert target_for_period(DEFAULT_TARGETS, None, date(2026, 10, 1), date(2026, 10, 3)) is None
