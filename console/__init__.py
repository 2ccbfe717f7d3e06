"""``python bot.py console`` (``make demo``): the whole bot in the terminal, offline.

The same application, handlers and jobs as in production, over the offline Bot API
(``offline.FakeTelegram``): no token, no network. Every call the bot makes is printed (the chat
it went to, the text without HTML, its buttons numbered). The database is ``studio-demo.db`` in
the working directory, or the one a config file names, and a small demo roster is made on the
first run. What you type is sent as a message from the current person, now.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import shlex
import sys
import time
import zlib
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from telegram import Update
from telegram.ext import Application

import app as application
from app import logs
from config import Settings
from console.clock import ConsoleClock, parse_clock, read_line
from console.demo import (
    Speaker,
    ensure_demo_roster,
    last_message_id,
    load_console_settings,
    seed_demo_month,
)
from console.screen import Screen
from messaging.retry import RetryPolicy
from models import Staff, db, init_db
from offline import Call, FakeTelegram, OfflineRequest
from scheduler import registry
from scheduler.runner import execute
from scheduler.schedule import interval_slot

FILES_DIR = Path("console-files")  # what the bot sends (a workbook, a chart), by its name
LOG_FILE = Path("console.log")
# "2026-11-26 12:00" (studio time): where a fresh console's clock starts (tests, rehearsals).
START_ENV = "STUDIO_CONSOLE_TIME"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp"}
# /photo without a file: a small grey picture, so that what the bot fetches is an image.
BLANK_PHOTO = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010800000000"
    "3a7e9b550000000a49444154789c63680000008200815cc0a2c20000000049454e44ae426082")
TICK_SECONDS = 15  # how often the jobs due in real time are run while nobody types
BANNER = """\
直播间管家 — console demo (offline: no token, no network; data in {db})
  /as <name|number|customer> [zh|en]  who you type as (staff by name or /staff number; any
                               other name is a customer); zh/en: their Telegram language  切换身份
  /in group|private            which chat you type in    切换聊天(群 / 私聊)
  <number>                     press that button of the bot's latest message in this chat (sent
                               as text when that message has no buttons)  按按钮
  > text                       reply to the bot's latest message in this chat  回复
  /photo [caption]             send a photo (with a caption, e.g. /photo /arrival 品牌 外套)  发图片
  /file PATH [caption]         send a file from disk (an image goes as a photo), e.g. a
                               platform export: /file tests/data/exports/douyin-live-detail.xlsx  发文件
  /clock [+1d|+3h|+30m|YYYY-MM-DD HH:MM|HH:MM]  the console's time; moved forward, the jobs
                               due in between run, in order  拨动时间
  /demo month                  fill last month in for the demo hosts (a month to /scorecard
                               and /payroll)             演示上月数据
  /quit  (or Ctrl-D)           leave                     退出
Anything else is sent to the bot as a message, e.g. /start, /help, /duties.  其他输入即发送给机器人。
Files the bot sends: {files}/   Log: {log}
Time: {now}
Staff: {staff}"""

class Console(Screen):
    """The terminal as Telegram: who is typing, in which chat, and what the bot sends back."""

    def __init__(self, app: Application, api: FakeTelegram, settings: Settings, out=None,
                 clock: ConsoleClock | None = None, files_dir: Path = FILES_DIR):
        self.app, self.api, self.settings = app, api, settings
        self.out = out or sys.stdout
        self.clock = clock or ConsoleClock()
        self.files_dir = files_dir
        self.group = settings.studio.group_chat_id
        self.in_group = True
        self.with_buttons: list[Call] = []  # messages whose buttons are still there, latest last
        self.number_is_text = False
        self.questions: dict[tuple, dict] = {}  # (chat, person) -> a forced-reply question
        self.latest: dict[int, dict] = {}  # chat -> the bot's latest message there
        self.typed: dict[str, str] = {}  # message id -> what was typed (shown when copied)
        self.job_header = ""  # printed before the first message of the job now running
        self.langs: dict[int, str] = {}  # person -> their Telegram language, once set by /as
        # One numbering for updates, the person's messages and the bot's, going on from the
        # last run's: an update id seen before would be skipped as a redelivery, and a message
        # id seen before would be taken for an old card.
        self._ids = itertools.count(last_message_id() + 1)
        self._update_ids = self._message_ids = api._ids = self._ids
        self.jobs_done_until = self.clock.now()  # the scheduled jobs have run up to here
        self.jobs_lock = asyncio.Lock()  # the ticker and /clock never run jobs at once
        first = Staff.select().where(Staff.status == "active").order_by(Staff.id).first()
        self.speaker = self.staff_speaker(first) if first else Speaker(90001, "customer")
        api.listeners.append(self.show)

    # --- what the person types ------------------------------------------------------------

    def staff_speaker(self, person: Staff) -> Speaker:
        return Speaker(person.tg_id, person.name, person.username,
                       self.langs.get(person.tg_id, "zh"))

    def switch_person(self, who: str) -> None:
        who = who.strip().lstrip("@")
        lang = None
        words = who.split()
        if len(words) > 1 and words[-1].lower() in ("zh", "en"):
            who, lang = " ".join(words[:-1]), words[-1].lower()
        person = None
        if who.isdigit():
            person = Staff.get_or_none(Staff.id == int(who))
        if person is None and who:
            person = Staff.get_or_none((Staff.name == who) | (Staff.username == who.lower()))
        if person is not None:
            self.speaker = self.staff_speaker(person)
        else:
            name = who or "customer"
            # The same name is the same customer on every run.
            tg_id = 900_000_000 + zlib.crc32(name.encode()) % 99_999_999
            self.speaker = Speaker(tg_id, name, None, self.langs.get(tg_id, "zh"))
        if lang:
            self.langs[self.speaker.id] = lang
            self.speaker = replace(self.speaker, language_code=lang)
        self.print(f"(you are {self.speaker.name}, id {self.speaker.id}, "
                   f"Telegram in {self.speaker.language_code})")

    def chat(self) -> dict:
        if self.in_group:
            return {"id": self.group, "type": "supergroup", "title": self.settings.studio.name}
        return {"id": self.speaker.id, "type": "private", "first_name": self.speaker.name}

    async def send_file(self, rest: str) -> None:
        """``/file PATH [caption]``: the file as Telegram would carry it — an image as a photo,
        anything else as a document — served to the bot's getFile by the offline Bot API."""
        try:
            words = shlex.split(rest)
        except ValueError:
            words = rest.split()
        if not words:
            self.print("(usage: /file PATH [caption])")
            return
        path = Path(words[0]).expanduser()
        if not path.is_file():
            self.print(f"(no such file: {path})")
            return
        data = path.read_bytes()
        photo = path.suffix.lower() in IMAGE_SUFFIXES
        await self.send_text(" ".join(words[1:]), photo=photo,
                             document=None if photo else (path.name, data), data=data)

    async def send_text(self, text: str, photo: bool = False,
                        document: tuple[str, bytes] | None = None,
                        data: bytes = BLANK_PHOTO) -> None:
        """Send ``text`` as a message (with ``photo``: a photo, ``text`` its caption; with
        ``document``: that file, ``text`` its caption)."""
        msg = {"message_id": next(self._message_ids), "date": int(time.time()),
               "chat": self.chat(), "from": self.speaker.as_user()}
        question = self.questions.pop((self.chat()["id"], self.speaker.id), None)
        if text.startswith(">") and self.latest.get(self.chat()["id"]):
            # "> text": a reply to the bot's latest message in this chat (an inquiry's card).
            text = text[1:].strip()
            question = self.latest[self.chat()["id"]]
        if isinstance(question, dict):
            msg["reply_to_message"] = question
        entities = [{"type": "bot_command", "offset": 0,
                     "length": len(text.split(maxsplit=1)[0])}] if text.startswith("/") else []
        if photo or document:
            file_id = f"console-file-{msg['message_id']}"
            self.api.put_file(file_id, data)
            if document:
                msg["document"] = {"file_id": file_id, "file_unique_id": f"cf{msg['message_id']}",
                                   "file_name": document[0], "file_size": len(data)}
            else:
                msg["photo"] = [{"file_id": file_id, "file_unique_id": f"cp{msg['message_id']}",
                                 "width": 800, "height": 600, "file_size": len(data)}]
            if text:
                msg["caption"] = text
            if entities:
                msg["caption_entities"] = entities
        else:
            msg["text"] = text
            if entities:
                msg["entities"] = entities
        self.typed[str(msg["message_id"])] = text or (f"[{document[0]}]" if document
                                                      else "[photo]")
        await self.process({"update_id": next(self._update_ids), "message": msg})

    async def press(self, number: int) -> None:
        call = self.last_with_buttons
        if call is None or not 1 <= number <= len(call.buttons):
            self.print("(no such button)")
            return
        button = call.buttons[number - 1]
        if "callback_data" not in button:
            self.print(f"(a link: {button.get('url')})")
            return
        await self.process({"update_id": next(self._update_ids), "callback_query": {
            "id": str(next(self._update_ids)), "from": self.speaker.as_user(),
            "chat_instance": "console", "data": button["callback_data"],
            "message": call.result}})

    async def process(self, data: dict) -> None:
        await self.app.process_update(Update.de_json(data, self.app.bot))

    # --- the console's time and the scheduled jobs ---------------------------------------

    def show_time(self) -> None:
        now = self.clock.now().astimezone(self.settings.studio.tz)
        self.print(f"(console time {now:%Y-%m-%d %H:%M %a}, {self.settings.studio.timezone})")

    async def move_clock(self, where: str) -> None:
        """``/clock``: show the time; ``/clock +1d`` etc.: move it, running what falls due."""
        now = self.clock.now()
        if not where:
            self.show_time()
            return
        try:
            target = parse_clock(where, now, self.settings.studio.tz)
        except ValueError as exc:
            self.print(f"({exc})")
            return
        if target <= now:
            self.print("(the clock only moves forward: the jobs' ledger has run what is past)")
            return
        ran = await self.run_due_jobs(target)
        self.clock.move_to(target)
        names = list(dict.fromkeys(ran))
        self.print(f"(ran {len(ran)} scheduled jobs: {', '.join(names)})" if ran
                   else "(no scheduled job was due)")
        self.show_time()

    async def run_due_jobs(self, until: datetime) -> list[str]:
        """Run, oldest first, every job slot in (the last check, ``until``] through the job
        runner and its ledger (a slot that already ran is not run again), with the clock at
        the slot as the JobQueue would; the names of the jobs run (a watch only when it sent)."""
        async with self.jobs_lock:
            return await self._run_due_jobs(until)

    async def _run_due_jobs(self, until: datetime) -> list[str]:
        start, tz = self.jobs_done_until, self.settings.studio.tz
        if until <= start:
            return []
        due = []
        for order, spec in enumerate(registry(self.app).values()):
            schedule = spec.schedule(self.settings)
            if schedule.every_minutes:
                step = timedelta(minutes=schedule.every_minutes)
                slot = interval_slot(start, schedule.every_minutes, tz) + step
                while slot <= until:
                    due.append((slot, order, spec))
                    slot += step
            else:
                due.extend((slot, order, spec) for slot in schedule.slots_between(start, until, tz))
        ran = []
        for slot, _order, spec in sorted(due, key=lambda item: (item[0], item[1])):
            if slot > self.clock.now():
                self.clock.move_to(slot)
            self.jobs_done_until = slot
            self.job_header = f"⏱ {slot.astimezone(tz):%m-%d %H:%M %a} · {spec.name}"
            run = await execute(self.app, spec, slot)
            self.job_header = ""
            if run is not None and (run.sent or not spec.schedule(self.settings).every_minutes):
                ran.append(spec.name)
        self.jobs_done_until = until
        return ran

    async def tick(self) -> None:
        """While nobody types, run what falls due in the console's time (the JobQueue's work:
        the console does not start it, since it cannot follow a clock that jumps)."""
        while True:
            await asyncio.sleep(TICK_SECONDS)
            await self.run_due_jobs(self.clock.now())

    def prompt(self) -> str:
        where = "group" if self.in_group else "private"
        return f"{self.speaker.name}@{where}> "

    async def handle_line(self, line: str) -> bool:
        """Act on one typed line; False to quit."""
        line = line.strip()
        if not line:
            return True
        if line in ("/quit", "/exit"):
            return False
        await self.run_due_jobs(self.clock.now())  # what fell due while the person was typing
        if line.startswith(("/as", "/in ")):
            self.number_is_text = False  # another person or chat: the buttons are theirs again
        if line == "/clock" or line.startswith("/clock "):
            await self.move_clock(line[len("/clock"):].strip())
        elif line == "/file" or line.startswith("/file "):
            await self.send_file(line[len("/file"):].strip())
        elif line == "/demo month":
            label = seed_demo_month(self.settings, self.clock.now())
            self.print(f"(last month, {label}, filled in for 小红 and 小明: try /scorecard 上月 "
                       f"and, as 王经理, /payroll 上月)" if label else
                       "(last month has broadcasts already, or the demo hosts are gone)")
        elif line == "/photo" or line.startswith("/photo "):
            await self.send_text(line[len("/photo"):].strip(), photo=True)
        elif line.startswith("/as"):
            self.switch_person(line[3:])
        elif line.startswith("/in "):
            self.in_group = line[4:].strip().lower() not in ("private", "私聊", "p")
            self.print(f"(typing in the {'group' if self.in_group else 'private chat'})")
        elif line.isdigit() and self.last_with_buttons is not None and \
                1 <= int(line) <= len(self.last_with_buttons.buttons):
            await self.press(int(line))
        elif line.isdigit() and any(c.chat_id == self.chat()["id"] for c in self.with_buttons):
            self.print("(sent as a message: no such button on the bot's latest message)")
            await self.send_text(line)
        else:
            await self.send_text(line)
        return True


async def main(config_path: str | None = None) -> int:
    # The log goes to a file: its lines (English, for whoever runs the bot) are not the bot's
    # conversation with the studio.
    logging.basicConfig(filename=LOG_FILE, encoding="utf-8", level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = load_console_settings(config_path)
    logs.install_redaction(settings.telegram.token)
    init_db(settings.database.url)
    clock = ConsoleClock()
    if os.environ.get(START_ENV):
        start = datetime.strptime(os.environ[START_ENV], "%Y-%m-%d %H:%M")
        clock.move_to(start.replace(tzinfo=settings.studio.tz))
    clock.resume(settings.database.url)  # this database's own time line goes on
    ensure_demo_roster(settings)  # after the clock: the cast joins at the console's time
    api = FakeTelegram()
    app = application.build_application(
        settings, OfflineRequest(api),
        rate_limiter=RetryPolicy(overall_max_rate=0, group_max_rate=0))
    console = Console(app, api, settings, clock=clock)
    staff = ", ".join(f"{p.id} {p.name} ({p.role})" for p in
                      Staff.select().where(Staff.status == "active").order_by(Staff.id))
    now = clock.now().astimezone(settings.studio.tz)
    console.print(BANNER.format(db=settings.database.url, staff=staff, files=FILES_DIR,
                                log=LOG_FILE, now=f"{now:%Y-%m-%d %H:%M %a}"))
    async with app:
        # The menus and the catch-up, as at a real start. The JobQueue is not started: the
        # console runs the jobs itself (``Console.tick``, ``/clock``), on the console's time.
        await app.post_init(app)
        ticking = asyncio.create_task(console.tick())
        try:
            while True:
                line = await read_line(console.prompt())
                if line is None or not await console.handle_line(line):
                    break
        finally:
            ticking.cancel()
    clock.save(settings.database.url)
    db.close()
    clock.stop()
    console.print("bye")
    return 0
