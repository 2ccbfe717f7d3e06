"""/plan on a host's approved leave day: the bot warns and asks [plan anyway / cancel]; the
press runs the plan as its sender, checking the right again."""

from __future__ import annotations

from models import Leave, Plan

WARNING_ZH = ('⚠️ <a href="tg://user?id=444">小明</a> 2026-11-27(周五)请了假(已批准)。'
              "仍然安排这场直播吗?")


async def leave_on_friday(studio):
    studio.team()
    await studio.send(studio.manager, "/leave @xiaoming 2026-11-27", at="09:00")
    assert Leave.select().count() == 1


def question(studio, calls):
    [asked] = [c for c in studio.sent(calls) if c.buttons]
    return asked


async def test_a_plan_on_a_leave_day_is_asked_about_and_plan_anyway_plans_it(studio):
    await leave_on_friday(studio)
    calls = await studio.send(studio.ops, "/plan @xiaoming 2026-11-27 19:00-22:00 A", at="10:00")
    asked = question(studio, calls)
    assert asked.text == WARNING_ZH
    assert [b["text"] for b in asked.buttons] == ["仍然安排", "取消"]
    assert Plan.select().count() == 0
    calls = await studio.press(studio.ops, asked, "仍然安排", at="10:01")
    assert "🗓 已安排 #1:" in studio.text(calls)
    plan = Plan.get()
    assert (plan.staff.name, plan.day.isoformat(), plan.room) == ("小明", "2026-11-27", "A")
    # Pressed again (an old button): nothing more.
    await studio.press(studio.ops, asked, "仍然安排", at="10:02")
    assert Plan.select().count() == 1


async def test_cancel_plans_nothing(studio):
    await leave_on_friday(studio)
    calls = await studio.send(studio.ops, "/plan @xiaoming 2026-11-27 19:00-22:00", at="10:00")
    calls = await studio.press(studio.ops, question(studio, calls), "取消", at="10:01")
    assert Plan.select().count() == 0
    assert not [c for c in studio.sent(calls) if "已安排" in c.text]


async def test_a_host_planning_her_own_leave_day_is_warned_too(studio):
    studio.team()
    await studio.send(studio.manager, "/leave @xiaohong 2026-11-27", at="09:00")
    calls = await studio.send(studio.host, "/plan 明天 19:00-22:00", at="10:00")
    assert "请了假(已批准)" in question(studio, calls).text and Plan.select().count() == 0


async def test_the_press_checks_the_right_again(studio):
    await leave_on_friday(studio)
    calls = await studio.send(studio.ops, "/plan @xiaoming 2026-11-27 19:00-22:00", at="10:00")
    asked = question(studio, calls)
    # Someone else's press is not an answer.
    calls = await studio.press(studio.host, asked, "仍然安排", at="10:01")
    assert Plan.select().count() == 0
    # The asker is made a host before pressing: a host cannot plan for someone else.
    await studio.send(studio.manager, "/role @ops_li host", at="10:02")
    calls = await studio.press(studio.ops, asked, "仍然安排", at="10:03")
    assert "没有权限" in studio.text(calls) and Plan.select().count() == 0


async def test_moving_a_plan_onto_a_leave_day_is_asked_about(studio):
    await leave_on_friday(studio)
    await studio.send(studio.ops, "/plan @xiaoming 2026-11-26 19:00-22:00", at="10:00")
    calls = await studio.send(studio.ops, "/plan 1 2026-11-27 20:00-23:00", at="10:05")
    asked = question(studio, calls)
    assert "请了假(已批准)" in asked.text
    assert Plan.get().day.isoformat() == "2026-11-26"
    calls = await studio.press(studio.ops, asked, "仍然安排", at="10:06")
    assert "已改安排 #1" in studio.text(calls) and Plan.get().day.isoformat() == "2026-11-27"


async def test_a_day_asked_for_but_not_approved_plans_without_a_question(studio):
    studio.team()
    await studio.send(studio.host2, "/leave 明天 看病", at="09:00")  # waiting for a manager
    calls = await studio.send(studio.ops, "/plan @xiaoming 明天 19:00-22:00", at="10:00")
    assert "已安排 #1" in studio.text(calls) and Plan.select().count() == 1


async def test_the_question_in_english(studio):
    await leave_on_friday(studio)
    studio.add_staff(studio.ops, "ops", lang="en")
    calls = await studio.send(studio.ops, "/plan @xiaoming 2026-11-27 19:00-22:00",
                              chat="private", at="10:00")
    asked = question(studio, calls)
    assert asked.text.startswith("⚠️ ") and asked.text.endswith(
        " is on approved leave on 2026-11-27 (Fri). Plan this broadcast anyway?")
    assert [b["text"] for b in asked.buttons] == ["Plan anyway", "Cancel"]
    calls = await studio.press(studio.ops, asked, "Plan anyway", at="10:01")
    assert "Planned #1" in studio.text(calls)
