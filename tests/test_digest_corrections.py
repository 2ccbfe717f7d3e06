"""The 23:30 digest stays; a host it marked short who meets both minimums later the same
business day (a broadcast ending at 01:30, before the 05:00 day change) gets one correction line
in the group; a host approved today is named as counted from tomorrow."""

from __future__ import annotations

import pytest

from tests.conftest import GROUP_ID, base_config


async def short_at_the_digest(studio):
    """小红: 2 h live and 2 videos at 23:30 (short by an hour); 小明: nothing."""
    studio.team()
    await studio.send(studio.host, "/live A", at="2026-11-26 19:00")
    await studio.send(studio.host, "/offline", at="2026-11-26 21:00")
    await studio.send(studio.host, "/video https://v.douyin.com/a1/", at="2026-11-26 21:10")
    await studio.send(studio.host, "/video https://v.douyin.com/a2/", at="2026-11-26 21:20")
    digest = studio.text(await studio.run_job("digest", "2026-11-26 23:30"), GROUP_ID)
    assert "• 小红:还差1小时直播(直播 2小时,视频 2)" in digest
    assert "• 小明:" in digest


async def test_a_broadcast_ending_at_0130_corrects_the_digest_once(studio):
    await short_at_the_digest(studio)
    await studio.send(studio.host, "/live A", at="2026-11-27 00:00")
    assert studio.sent(await studio.run_job("digest_fix", "2026-11-27 00:30")) == []
    await studio.send(studio.host, "/offline", at="2026-11-27 01:30")
    calls = await studio.run_job("digest_fix", "2026-11-27 01:35")
    assert studio.texts(calls) == [
        "✅ 更正 2026-11-26 日报:小红 已达标(直播 3小时30分,视频 2)。"]
    assert [c.chat_id for c in studio.sent(calls)] == [GROUP_ID]
    # Sent once: the next watches, and the next business day, say nothing more.
    for at in ("2026-11-27 01:40", "2026-11-27 04:55", "2026-11-27 05:05"):
        assert studio.sent(await studio.run_job("digest_fix", at)) == []


async def test_a_video_after_the_digest_corrects_it_too(studio):
    studio.team()
    await studio.send(studio.host, "/live A", at="2026-11-26 19:00")
    await studio.send(studio.host, "/offline", at="2026-11-26 22:00")
    await studio.send(studio.host, "/video https://v.douyin.com/a1/", at="2026-11-26 22:10")
    await studio.run_job("digest", "2026-11-26 23:30")
    await studio.send(studio.host, "视频 https://v.kuaishou.com/k2", at="2026-11-27 00:10")
    calls = await studio.run_job("digest_fix", "2026-11-27 00:15")
    assert studio.texts(calls) == [
        "✅ 更正 2026-11-26 日报:小红 已达标(直播 3小时,视频 2)。"]


async def test_no_correction_for_who_met_before_the_digest_or_without_a_digest(studio):
    studio.team()
    await studio.send(studio.host, "/live A", at="2026-11-26 19:00")
    await studio.send(studio.host, "/offline", at="2026-11-26 22:00")
    for n in (1, 2):
        await studio.send(studio.host, f"/video https://x.com/{n}", at="2026-11-26 22:10")
    # No digest yet: nothing to correct.
    assert studio.sent(await studio.run_job("digest_fix", "2026-11-26 22:15")) == []
    digest = studio.text(await studio.run_job("digest", "2026-11-26 23:30"), GROUP_ID)
    assert "✅ 达标(1):小红" in digest
    assert studio.sent(await studio.run_job("digest_fix", "2026-11-27 00:00")) == []


@pytest.mark.parametrize("settings_dict", [base_config(studio={"language": "en"})])
async def test_the_correction_and_counted_from_tomorrow_in_an_english_studio(studio):
    studio.team()
    studio.add_staff(studio.stranger, "host", joined="2026-11-26 08:00")
    for who, start, end in ((studio.stranger, "13:00", "15:00"), (studio.host, "19:00", "21:00")):
        await studio.send(who, "/live", at=f"2026-11-26 {start}")
        await studio.send(who, "/offline", at=f"2026-11-26 {end}")
        await studio.send(who, "/video https://x.com/1", at=f"2026-11-26 {end}")
    digest = studio.text(await studio.run_job("digest", "2026-11-26 23:30"), GROUP_ID)
    assert ("🆕 Counted from tomorrow (not judged today) (1): 路人 (today: live 2 h, videos 1)"
            in digest.splitlines())
    await studio.send(studio.host, "/live", at="2026-11-27 00:00")
    await studio.send(studio.host, "/offline", at="2026-11-27 01:00")
    await studio.send(studio.host, "/video https://x.com/2", at="2026-11-27 01:10")
    calls = await studio.run_job("digest_fix", "2026-11-27 01:15")
    assert studio.texts(calls) == [
        "✅ Correction to the 2026-11-26 digest: 小红 has met both minimums (live 3 h, videos 2)."]


async def test_a_host_approved_today_is_counted_from_tomorrow_not_dropped(studio):
    studio.team()
    calls = await studio.send(studio.stranger, "/join", at="2026-11-26 07:00")
    card = studio.sent(calls, studio.manager.id)[0]
    await studio.press(studio.manager, card, "批准为主播", at="2026-11-26 08:00")
    await studio.send(studio.stranger, "/live A", at="2026-11-26 09:00")
    await studio.send(studio.stranger, "/offline", at="2026-11-26 12:00")
    await studio.send(studio.stranger, "/video https://x.com/s1", at="2026-11-26 12:10")
    digest = studio.text(await studio.run_job("digest", "2026-11-26 23:30"), GROUP_ID)
    assert "🆕 明天起计入考核(今天不考核)(1):路人(今天 直播 3小时,视频 1)" in digest.splitlines()
    assert "❌ 未达标(2):" in digest and "• 路人" not in digest and "✅ 达标(0)" in digest
