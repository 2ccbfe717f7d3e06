"""Tenure targets (handbook duty 14): month 1 none, months 2-3 5,000, 4-6 10,000, later 10,000."""

from __future__ import annotations

from datetime import date

import pytest

from config import DEFAULT_TARGETS
from studio.targets import add_months, target_fen, tenure_month


@pytest.mark.parametrize(("day", "month"), [
    (date(2026, 9, 14), 0),
    (date(2026, 9, 15), 1),
    (date(2026, 10, 14), 1),
    (date(2026, 10, 15), 2),
    (date(2026, 12, 15), 4),
    (date(2027, 3, 14), 6),
    (date(2027, 3, 15), 7),
])
def test_tenure_month_counts_from_the_official_start(day, month):
    assert tenure_month(date(2026, 9, 15), day) == month


def test_month_end_start_clamps():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert tenure_month(date(2026, 1, 31), date(2026, 2, 28)) == 2


@pytest.mark.parametrize(("year", "month", "yuan"), [
    (2026, 9, 0),                              # month 1 all September: no target
    (2026, 10, round(17 / 31 * 5000, 2)),      # 14/31 of month 1 (0) + 17/31 of month 2
    (2026, 11, 5000),                          # months 2 and 3
    (2026, 12, round((14 * 5000 + 17 * 10000) / 31, 2)),  # month 3 until the 14th, then 4
    (2027, 1, 10000),
    (2027, 3, 10000),                          # month 6 then 7: both 10,000
])
def test_a_host_who_started_on_15_september(year, month, yuan):
    assert target_fen(DEFAULT_TARGETS, date(2026, 9, 15), year, month) == round(yuan * 100)


def test_no_start_date_means_no_target():
    assert target_fen(DEFAULT_TARGETS, None, 2026, 10) is None


def test_target_so_far_is_the_part_due_by_that_day():
    assert target_fen(DEFAULT_TARGETS, date(2026, 1, 1), 2026, 11, until=date(2026, 11, 15)) == \
        1_000_000 * 15 // 30  # 10,000 a month (month 11), 15 of 30 days
