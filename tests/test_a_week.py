"""A week of the studio (Mon 2026-11-23 .. Sun 2026-11-29) lived through its scheduled jobs: the
hosts work through commands, every job runs at its slot, and every message a person receives is
read — right, complete, in the right chat and language, never twice."""

from __future__ import annotations

import pytest

import studio.workbook  # noqa: F401 — openpyxl loaded outside freezegun, as the bot has it
from tests.conftest import GROUP_ID, base_config


async def test_the_digest_does_not_call_a_host_who_is_live_short_without_saying_so(studio):
    studio.team()
    await studio.send(studio.host2, "/live B", at="19:10")
    calls = await studio.run_job("digest", "23:30")
    digest = studio.text(calls, GROUP_ID)
    line = next(x for x in digest.splitlines() if "小明" in x)
    assert "直播中" in line and "下播后" in line
    line = next(x for x in digest.splitlines() if "小红" in x)
    assert "直播中" not in line


async def test_the_targets_of_the_last_day_say_today_is_the_last_day_not_1_days(studio):
    studio.team()
    studio.add_staff(studio.host, "host", start="2026-09-15", lang="en")
    studio.add_staff(studio.host2, "host", start="2026-09-15")
    calls = await studio.run_job("targets", "2026-11-30 20:00")
    english = studio.text(calls, studio.host)
    assert "1 days" not in english
    assert "5,000 CNY to go today, the last day of the month." in english
    assert "还差 5,000元,今天是本月最后一天。" in studio.text(calls, studio.host2)
    # The 15th still counts the days left.
    calls = await studio.run_job("targets", "2026-11-15 20:00")
    assert "5,000 CNY to go in 16 days (today included): 312.50 CNY a day." in studio.text(
        calls, studio.host)


@pytest.mark.parametrize("settings_dict", [base_config(fines={"register": {
    "amount": 15, "zh": "登记表每次乐捐15元。", "en": "Registration sheet — 15 CNY.", "penalty": 5}})])
async def test_the_late_and_the_auto_closed_registration_name_the_configured_amount(studio):
    studio.team()
    calls = await studio.send(studio.host, "/live 23:50", at="2026-11-27 00:30")
    late = studio.text(calls, GROUP_ID)
    assert "15 元" in late and "10 元" not in late
    calls = await studio.run_job("broadcast_watch", "2026-11-27 08:00")
    closed = studio.text(calls, studio.host)
    assert "15 元" in closed and "10 元" not in closed


async def test_after_the_bot_was_down_an_unticked_checklist_is_reminded_before_it_is_fined(studio):
    # /offline at 23:40; the bot is down from 23:50 to 00:30: its first watch is at 00:30.
    from models import FineProposal

    studio.team()
    await studio.send(studio.host, "/live A", at="19:00")
    await studio.send(studio.host, "/offline", at="23:40")
    await studio.run_job("broadcast_watch", "23:45")
    calls = await studio.run_job("broadcast_watch", "2026-11-27 00:30")
    reminder = studio.text(calls, studio.host)
    assert "收尾清单还没勾完" in reminder and "15 分钟后" in reminder
    assert FineProposal.select().count() == 0
    # As the reminder says: 15 minutes later, what is still unticked is proposed.
    await studio.run_job("broadcast_watch", "2026-11-27 00:40")
    assert FineProposal.select().count() == 0
    calls = await studio.run_job("broadcast_watch", "2026-11-27 00:45")
    assert FineProposal.select().count() == 5
    assert not studio.texts(calls, studio.host)
