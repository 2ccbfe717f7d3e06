"""开播 / /live is a host's: an ops member's or a manager's broadcast would be written and then
shown in no report, so it is refused with the way out (/role)."""

from __future__ import annotations

import pytest

from models import Audit, Broadcast

REFUSAL_ZH = ("开播只记录主播的直播(计入直播时长、最低要求和报表);运营和主管的开播不记录。"
              "要上播,请主管先用 /role @你 host 把你设为主播。")


@pytest.mark.parametrize("who", ["ops", "manager"])
@pytest.mark.parametrize("text", ["开播", "/live A", "我开播了", "/live 19:05 A", "/live Z",
                                  "开播了，A 上新"])
async def test_ops_and_managers_going_live_are_refused_and_nothing_is_written(studio, who, text):
    studio.team()
    before = Audit.select().count()
    calls = await studio.send(getattr(studio, who), text, at="19:10")
    assert studio.texts(calls) == [REFUSAL_ZH]
    assert Broadcast.select().count() == 0 and Audit.select().count() == before


async def test_the_refusal_is_in_the_readers_language(studio):
    studio.add_staff(studio.ops, "ops", lang="en")
    calls = await studio.send(studio.ops, "/live A", chat="private", at="19:10")
    assert studio.texts(calls) == [
        "Only hosts' broadcasts are recorded (live time, minimums and reports count hosts): an "
        "ops member's or a manager's 开播 is not. To go live, ask a manager to make you a host "
        "(/role @you host)."]


async def test_made_a_host_the_same_person_goes_live_and_is_in_the_report(studio):
    studio.team()
    await studio.send(studio.ops, "开播", at="19:00")
    await studio.send(studio.manager, f"/role @{studio.ops.username} host", at="19:01")
    calls = await studio.send(studio.ops, "开播", at="19:02")
    assert "开播" in studio.text(calls) and Broadcast.select().count() == 1
    await studio.send(studio.ops, "下播", at="22:02")
    calls = await studio.send(studio.manager, "/report", at="22:30")
    assert studio.ops.first_name in studio.text(calls)


@pytest.mark.parametrize("who", ["ops", "manager"])
@pytest.mark.parametrize("text", ["视频 https://v.douyin.com/iRNBdqY/", "/video", "视频"])
async def test_ops_and_managers_videos_are_refused_before_the_link_is_read(studio, who, text):
    # A video counts toward a host's daily two and the reports: anyone else's would be
    # written and shown nowhere.
    from models import Video

    studio.team()
    before = Audit.select().count()
    calls = await studio.send(getattr(studio, who), text, at="19:10")
    assert studio.texts(calls) == [
        "视频只记在主播名下(计入每天 2 条和报表);运营和主管发的视频不记录。"
        "要记,请主管先用 /role @你 host 把你设为主播。"]
    assert Video.select().count() == 0 and Audit.select().count() == before
