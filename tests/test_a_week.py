"""A week of the studio (Mon 2026-11-23 .. Sun 2026-11-29) lived through its scheduled jobs: the
hosts work through commands, every job runs at its slot, and every message a person receives is
read — right, complete, in the right chat and language, never twice."""

from __future__ import annotations

import studio.workbook  # noqa: F401 — openpyxl loaded outside freezegun, as the bot has it
from tests.conftest import GROUP_ID


async def test_the_digest_does_not_call_a_host_who_is_live_short_without_saying_so(studio):
    studio.team()
    await studio.send(studio.host2, "/live B", at="19:10")
    calls = await studio.run_job("digest", "23:30")
    digest = studio.text(calls, GROUP_ID)
    line = next(x for x in digest.splitlines() if "小明" in x)
    assert "直播中" in line and "下播后" in line
    line = next(x for x in digest.splitlines() if "小红" in x)
    assert "直播中" not in line
