"""``python bot.py console``: the whole bot in the terminal, offline."""

from __future__ import annotations

import os
import subprocess
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from config import TOKEN_ENV
from tests.test_config import PYTHON, ROOT

# Child processes and real servers read the real wall clock (see conftest.frozen_clock).
pytestmark = pytest.mark.real_clock
STUDIO_TZ = ZoneInfo("Asia/Shanghai")

SCRIPT = "\n".join([
    "/as 小红", "/in private", "/start", "/help",
    "/as 路人甲", "/in group", "/join",
    "/as 王经理", "/in private", "1",
    "/quit",
]) + "\n"


def run_console(tmp_path, script: str, start: str | None = None,
                timeout: int = 20) -> subprocess.CompletedProcess:
    """The console in ``tmp_path``, fed ``script``; ``start``: its clock's start (studio time),
    else the real time."""
    env = {k: v for k, v in os.environ.items() if k not in (TOKEN_ENV, "STUDIO_CONSOLE_TIME")}
    if start:
        env["STUDIO_CONSOLE_TIME"] = start
    return subprocess.run([PYTHON, str(ROOT / "bot.py"), "console"], input=script, text=True,
                          capture_output=True, timeout=timeout, cwd=tmp_path, env=env)


def test_the_console_runs_the_bot_offline_and_prints_its_replies(tmp_path):
    result = run_console(tmp_path, SCRIPT)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "→ [私聊 小红]\n  小红,你好!以后的提醒会私下发给你。" in out
    assert "/duties — 你岗位的职责(员工手册)" in out  # /help, tags stripped
    assert "<b>" not in out
    # /join: the group is answered, the manager gets the card with numbered buttons, and "1"
    # presses its first button.
    assert "→ [群 group]\n  申请已发送给主管" in out
    assert "[1] 批准为主播  [2] 批准为运营  [3] 拒绝" in out
    assert "✅ 路人甲 已被 王经理 批准为主播。" in out
    assert (tmp_path / "studio-demo.db").exists()
    assert "Traceback" not in result.stderr


def test_the_console_keeps_its_data_and_exits_0_at_end_of_input(tmp_path):
    run_console(tmp_path, SCRIPT)
    result = run_console(tmp_path, "/as 路人甲\n/in private\n/start\n")  # EOF, no /quit
    assert result.returncode == 0, result.stderr
    assert "路人甲,你好!" in result.stdout  # approved in the first run: staff now
    assert "Staff: 1 王经理 (manager), 2 李运营 (ops), 3 小红 (host), 4 小明 (host), 5 路人甲" \
        in result.stdout


def test_the_console_uses_the_database_of_a_config_it_is_given(tmp_path):
    config = tmp_path / "studio.toml"
    config.write_text(f"""
[studio]
name = "我的直播间"
group_chat_id = -100777
managers = [31]

[database]
url = "sqlite:///{tmp_path / 'mine.db'}"
""", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != TOKEN_ENV}
    result = subprocess.run([PYTHON, str(ROOT / "bot.py"), "console", "--config", str(config)],
                            input="/as 小明\n/start\n", text=True, capture_output=True,
                            timeout=20, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "我是我的直播间的直播间管家" in result.stdout
    assert (tmp_path / "mine.db").exists() and not (tmp_path / "studio-demo.db").exists()


def test_the_console_shows_buttons_that_change_and_presses_the_new_ones(tmp_path):
    # A tick of the closing checklist only changes the buttons (editMessageReplyMarkup): the
    # console shows the new row, and the next number presses a button of that row.
    script = "/as 小红\n/live A\n/offline\n1\n2\n/as 小明\n/live A\n2\n1\n/quit\n"
    result = run_console(tmp_path, script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[1] ✅ 关灯" in out and "[2] ✅ 关电脑" in out
    # The handover's "report a problem" shows the items to choose; "1" then chooses the first.
    assert "[1] ☐ 灯没关" in out and "[1] ☑ 灯没关" in out


def test_a_number_answers_the_bots_question_and_a_group_answer_is_a_reply(tmp_path):
    # /metrics asks for numbers: "12000" is an answer, not a button; in the group the answer
    # goes as a reply to the forced-reply question, as Telegram sends it.
    script = ("/as 小红\n/live A\n/metrics\n12000\n/cancel\n"
              "/in private\n/metrics\n12000\n/cancel\n/quit\n")
    result = run_console(tmp_path, script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "(no such button)" not in out
    assert out.count("(2/11)") == 2  # the first answer was taken, in the group and privately


def test_staff_answer_a_customer_by_replying_to_the_card_with_a_greater_than_sign(tmp_path):
    script = ("/as 顾客张\n/in private\n这件外套还有M码吗?\n"
              "/as 小红\n/in group\n> 有的,M码还有\n/quit\n")
    result = run_console(tmp_path, script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "→ [私聊 顾客张] (message)\n  有的,M码还有" in out  # the copy, with what was typed
    assert "✓ 已转给顾客 #1" in out


def test_a_photo_captioned_answer_reaches_the_customer_as_the_photo_and_its_words(tmp_path):
    script = ("/as 顾客张\n/in private\n实物图有吗\n"
              "/as 小红\n/in private\n/photo /answer 1 有的，实拍\n/photo /answer 1\n/quit\n")
    result = run_console(tmp_path, script, start="2026-11-25 12:00")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "→ [私聊 顾客张] (message)\n  有的，实拍\n" in out  # the photo, the words its caption
    assert "→ [私聊 顾客张] (messages)\n" in out  # the photo with no caption at all
    shown = out.split("实物图有吗", 1)[1].splitlines()
    assert not [line for line in shown if line.startswith("  ") and "/answer" in line]


def test_once_a_card_is_decided_the_next_number_presses_the_card_before_it(tmp_path):
    # Two handover items reported: two proposal cards; "1" confirms the latest, and the next
    # "1" the one before it (the decided card has no buttons left).
    script = ("/as 小红\n/live A\n/offline\n/as 小明\n/live A\n2\n1\n3\n6\n"
              "/as 王经理\n/in private\n1\n1\n/quit\n")
    result = run_console(tmp_path, script)
    assert result.returncode == 0, result.stderr
    assert "记为乐捐 #1" in result.stdout and "记为乐捐 #2" in result.stdout


def test_a_number_after_switching_person_presses_the_card_waiting_for_them(tmp_path):
    # The applicant's own replies had no buttons; the manager who takes over presses the card.
    script = ("/as 路人丁\n/in group\n/join\n/in private\n/help\n"
              "/as 王经理\n/in private\n3\n/quit\n")
    result = run_console(tmp_path, script)
    assert result.returncode == 0, result.stderr
    assert "❌ 路人丁 的申请已被 王经理 拒绝。" in result.stdout


def test_a_file_the_bot_sends_is_named(tmp_path):
    result = run_console(tmp_path, "/as 李运营\n/export 2026-10\n/quit\n")
    assert result.returncode == 0, result.stderr
    assert "→ [群 group] (document)\n  📎 console-files/report-2026-10.xlsx" in result.stdout
    book = load_workbook(tmp_path / "console-files" / "report-2026-10.xlsx")  # saved, readable
    assert book.sheetnames[0] == "汇总"


def test_the_month_in_progress_is_saved_as_the_month_and_the_chart_says_its_period(tmp_path):
    result = run_console(tmp_path, "/as 李运营\n/report month xlsx chart\n/quit\n",
                         start="2026-11-26 12:00")
    assert "📎 console-files/report-2026-11.xlsx" in result.stdout
    assert "📎 console-files/chart-2026-11.png" in result.stdout
    assert (tmp_path / "console-files" / "chart-2026-11.png").read_bytes()[:4] == b"\x89PNG"


def test_a_number_beyond_the_buttons_is_an_answer(tmp_path):
    # /offline in the middle of /metrics: its checklist has 5 buttons, so 2000 is an answer.
    script = "/as 小红\n/in private\n/live A\n/metrics\n1000\n/offline\n2000\n/cancel\n/quit\n"
    result = run_console(tmp_path, script)
    assert result.returncode == 0, result.stderr
    assert "(no such button)" not in result.stdout
    assert "(3/11)" in result.stdout


def test_the_console_runs_on_a_config_copied_from_the_example_without_a_token(tmp_path):
    # README: "cp config.example.toml config.toml", then `bot.py --config config.toml console`.
    config = (ROOT / "config.example.toml").read_text(encoding="utf-8")
    (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != TOKEN_ENV}
    result = subprocess.run([PYTHON, str(ROOT / "bot.py"), "--config", "config.toml", "console"],
                            input="/quit\n", text=True, capture_output=True, timeout=20,
                            cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "studio.db").exists()  # the config's database, not the demo's


def test_a_config_mistake_in_the_console_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "bad.toml").write_text('[studio]\nday_starts_at = "25:99"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != TOKEN_ENV}
    result = subprocess.run([PYTHON, str(ROOT / "bot.py"), "--config", "bad.toml", "console"],
                            input="/quit\n", text=True, capture_output=True, timeout=20,
                            cwd=tmp_path, env=env)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "config error: bad.toml: studio.day_starts_at: not a time HH:MM: '25:99'"]


def headers(out: str) -> list[str]:
    """The console's "⏱ 11-25 18:00 Wed · minimums" lines: which job ran for which slot."""
    return [line[2:] for line in out.splitlines() if line.startswith("⏱ ")]


def test_the_clock_moves_forward_and_runs_the_jobs_due_in_between_in_order(tmp_path):
    # Wednesday noon to Thursday 10:30: the evening reminders, the digest, the business-day
    # change, the Thursday sweep; and the messages typed after are dated at the new time.
    script = ("/as 小红\n/in private\n/start\n/arrival 花西子 口红\n/shelve all\n"
              "/toreturn S1\n/clock 2026-11-26 10:30\n/live A\n/clock\n/quit\n")
    result = run_console(tmp_path, script, start="2026-11-25 12:00")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert headers(out) == ["11-25 18:00 Wed · minimums", "11-25 22:00 Wed · minimums",
                            "11-25 23:30 Wed · digest", "11-26 10:00 Thu · sweep"]
    assert "📊 2026-11-25 日报" in out
    assert "📦 每周寄回清理(11-26)" in out and "S1" in out.split("每周寄回清理")[1]
    assert "开播 · 房间 A · 10:30" in out  # the message's date is the console's time
    assert "(console time 2026-11-26 10:30 Thu, Asia/Shanghai)" in out


def test_a_month_end_runs_the_targets_and_the_next_run_goes_on_from_the_console_time(tmp_path):
    result = run_console(tmp_path, "/clock +1h30m\n/clock +1d\n/quit\n", start="2026-11-30 19:00")
    assert result.returncode == 0, result.stderr
    assert headers(result.stdout)[0] == "11-30 20:00 Mon · targets"
    assert "2026-11 各主播带货目标" in result.stdout
    # A second run on the same database: the clock goes on from where the first left it, and
    # nothing the first sent is sent again (the job ledger).
    again = run_console(tmp_path, "/as 小红\n/in private\n/start\n/clock\n/quit\n")
    assert "Time: 2026-12-01 20:3" in again.stdout
    assert headers(again.stdout) == []


def banner_time(out: str):
    """The console's time as its banner gives it (studio time)."""
    line = next(line for line in out.splitlines() if line.startswith("Time: "))
    return datetime.strptime(line[len("Time: "):][:16], "%Y-%m-%d %H:%M").replace(tzinfo=STUDIO_TZ)


def test_a_rehearsal_goes_on_from_its_own_time_even_after_the_real_date_has_passed_it(tmp_path):
    # The rehearsal's clock stood a year before today when it stopped: the next run goes on
    # from there, whatever the real date (it is never "today" for this database).
    then = (datetime.now(STUDIO_TZ) - timedelta(days=365)).replace(
        hour=19, minute=0, second=0, microsecond=0)
    run_console(tmp_path, "/clock +1d\n/quit\n", start=f"{then:%Y-%m-%d %H:%M}")
    again = run_console(tmp_path, "/quit\n")
    assert timedelta(days=1) <= banner_time(again.stdout) - then < timedelta(days=1, minutes=5)


def test_a_database_on_the_real_clock_goes_on_at_the_real_time(tmp_path):
    # Nothing moved the clock: the next run is at the real time, not at its last update's.
    run_console(tmp_path, "/as 小红\n/in private\n/start\n/quit\n")
    again = run_console(tmp_path, "/quit\n")
    assert abs(banner_time(again.stdout) - datetime.now(STUDIO_TZ)) < timedelta(minutes=2)


def test_an_explicit_start_moves_a_rehearsal_forward_never_back(tmp_path):
    run_console(tmp_path, "/clock +1d\n/quit\n", start="2026-11-30 19:00")
    later = run_console(tmp_path, "/quit\n", start="2026-12-05 10:00")
    assert f"{banner_time(later.stdout):%Y-%m-%d %H:%M}" == "2026-12-05 10:00"
    earlier = run_console(tmp_path, "/quit\n", start="2026-11-01 10:00")
    assert f"{banner_time(earlier.stdout):%Y-%m-%d}" == "2026-12-05"


def test_the_clock_refuses_to_go_back_or_a_time_it_cannot_read(tmp_path):
    result = run_console(tmp_path, "/clock 2026-11-01 10:00\n/clock +soon\n/quit\n",
                         start="2026-11-26 12:00")
    assert "(the clock only moves forward" in result.stdout
    assert "(not a step forward: '+soon'" in result.stdout
    assert headers(result.stdout) == []


def test_a_photo_with_a_caption_is_a_photo_and_its_command(tmp_path):
    result = run_console(tmp_path, "/as 小红\n/photo /arrival 花西子 口红 x2\n/photo\n/quit\n")
    assert result.returncode == 0, result.stderr
    assert "✅ 已上中转架 2 件:花西子 口红" in result.stdout


def test_a_person_of_either_language_and_the_bots_own_lang(tmp_path):
    # A customer whose Telegram is in English is answered in English; a staff member's /lang
    # still chooses the bot's language of their private chat.
    script = ("/as Alice en\n/in private\nDo you have size M?\n"
              "/as 小红\n/in private\n/lang en\n/me\n/quit\n")
    result = run_console(tmp_path, script)
    assert "(you are Alice, id" in result.stdout and "Telegram in en)" in result.stdout
    assert "→ [私聊 Alice]\n  Thanks for your message." in result.stdout
    assert "#1 Alice:Do you have size M?" in result.stdout  # the inbox, in the studio's language
    assert "Telegram in zh)" in result.stdout
    me = result.stdout.split("小红@private> /me")[1]
    assert "Live" in me or "live" in me


def test_a_number_presses_only_a_button_of_the_chat_typed_in(tmp_path):
    # The applicant types "1" in the group: the manager's card (in the manager's private chat)
    # is not theirs to press; the manager presses it after.
    script = ("/as 路人丁\n/in group\n/join\n1\n/as 王经理\n/in private\n1\n/quit\n")
    result = run_console(tmp_path, script)
    out = result.stdout
    assert out.split("路人丁@group> 1\n")[1].startswith("路人丁@group> /as 王经理")  # nothing
    assert out.count("批准为主播。") == 1
    assert "✅ 路人丁 已被 王经理 批准为主播。" in out.split("王经理@private> 1")[1]


def test_message_ids_go_on_across_runs_so_a_reply_reaches_the_new_customer(tmp_path):
    run_console(tmp_path, "/as 顾客甲\n/in private\n你好\n/as 小红\n> 你好甲\n/quit\n")
    result = run_console(tmp_path, "/as 顾客乙\n/in private\n在吗\n/as 小红\n/in group\n"
                                   "> 在的,乙\n/quit\n")
    assert "→ [私聊 顾客乙] (message)\n  在的,乙" in result.stdout
    assert "顾客甲" not in result.stdout.split("> 在的,乙")[1]


def test_the_log_goes_to_a_file_not_into_the_conversation(tmp_path):
    # A job's run is logged (INFO) and a bad config value too: none of it among the bot's lines.
    result = run_console(tmp_path, "/clock +1d\n/quit\n", start="2026-11-26 12:00")
    assert not [line for line in result.stdout.splitlines()
                if line.startswith(("INFO", "WARNING", "ERROR", "DEBUG"))]
    assert result.stderr == ""
    assert "Console log:" not in result.stdout and (tmp_path / "console.log").exists()


def test_a_file_from_disk_goes_to_the_bot_as_a_document(tmp_path):
    # The demo's way to try an import: 小明 logs 19:00–20:40, sends the sample CSV, confirms.
    sample = ROOT / "tests" / "data" / "exports" / "metrics-utf8.csv"
    script = (f"/as 小明\n/in private\n/live 19:00\n/offline\n/file {sample}\n1\n"
              "/file no-such-file.xlsx\n/quit\n")
    result = run_console(tmp_path, script, start="2026-11-26 20:40", timeout=60)
    assert result.returncode == 0, result.stderr
    assert "CSV 表格:1 场直播的数据" in result.stdout
    assert "11-26 19:00 小明(#1):成交 3,500元 · 观看 8,020 · 订单 35 · 新粉 120" in result.stdout
    assert "✅ 已保存 1 场直播的数据。" in result.stdout
    assert "(no such file: no-such-file.xlsx)" in result.stdout


def test_the_demo_has_a_month_to_score_and_pay(tmp_path):
    script = ("/demo month\n/as 小红\n/in private\n/start\n/scorecard 上月\n/as 王经理\n/in private\n"
              "/payroll 上月\n/demo month\n/quit\n")
    result = run_console(tmp_path, script, start="2026-12-03 12:00")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "(last month, 2026-11, filled in for 小红 and 小明" in out
    assert "📋 2026-11 考核 · 小红" in out and "两项都达标 29/29 天" in out
    # 小红: 3,000 base, 29 days × 1 h above the minimum at 20, 4 Fridays × 3,000 = 12,000 of
    # GMV: 10,000 × 2 % + 2,000 × 5 % = 300; a day's leave: no full-attendance bonus.
    assert "小红:3,000 + 580 + 300 + 0 + 0 = 应发 3,880" in out
    assert "(last month has broadcasts already" in out
