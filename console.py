"""``python bot.py console`` (``make demo``): the whole bot in the terminal, offline.

The same application, handlers and jobs as in production, over the offline Bot API
(``offline.FakeTelegram``): no token, no network. Every call the bot makes is printed (the chat
it went to, the text without HTML, its buttons numbered). The database is ``studio-demo.db`` in
the working directory, or the one a config file names, and a small demo roster is made on the
first run. What you type is sent as a message from the current person, now.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import logging
import re
import sys
import threading
import time
import tomllib
import zlib
from dataclasses import dataclass
from pathlib import Path

from telegram import Update
from telegram.ext import AIORateLimiter, Application

import bot
from config import ConfigError, Settings, settings_from_dict
from models import Customer, Staff, db, init_db, utcnow
from offline import SENDERS, Call, FakeTelegram, OfflineRequest
from studio import updates

DEMO_GROUP = -1001234567890
DEMO_TOKEN = "0:console"
DEMO_ROSTER = [  # (Telegram id, name, username, role)
    (10001, "王经理", "boss", "manager"),
    (10002, "李运营", "ops_li", "ops"),
    (10003, "小红", "xiaohong", "host"),
    (10004, "小明", "xiaoming", "host"),
]
DEMO_SETTINGS = {
    "telegram": {"token": DEMO_TOKEN},
    "studio": {"name": "演示直播间", "group_chat_id": DEMO_GROUP,
               "managers": [DEMO_ROSTER[0][0]], "rooms": ["A", "B"]},
    "database": {"url": "sqlite:///studio-demo.db"},
}

BANNER = """\
直播间管家 — console demo (offline: no token, no network; data in {db})
  /as <name|number|customer>   who you type as (staff by name or /staff number; any other
                               name is a customer)        切换身份
  /in group|private            which chat you type in    切换聊天(群 / 私聊)
  <number>                     press that button of the bot's latest message (sent as text
                               when that message has no buttons)  按按钮
  > text                       reply to the bot's latest message in this chat  回复
  /quit  (or Ctrl-D)           leave                     退出
Anything else is sent to the bot as a message, e.g. /start, /help, /duties.  其他输入即发送给机器人。
Staff: {staff}"""

TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """The text as a person reads it: no tags, entities decoded."""
    return html.unescape(TAG.sub("", text))


@dataclass(frozen=True)
class Speaker:
    id: int
    name: str
    username: str | None = None

    def as_user(self) -> dict:
        user = {"id": self.id, "is_bot": False, "first_name": self.name, "language_code": "zh"}
        if self.username:
            user["username"] = self.username
        return user


def load_console_settings(config_path: str | None) -> Settings:
    """The config file's settings if there is one (its database too), else the demo's."""
    if config_path and Path(config_path).is_file():
        try:
            with open(config_path, "rb") as fh:
                data = tomllib.load(fh)
            telegram = data.setdefault("telegram", {})
            # No token is needed offline (the example config has token = "").
            telegram["token"] = telegram.get("token") or DEMO_TOKEN
            telegram["base_url"] = ""
            return settings_from_dict(data, source=config_path)
        except (ConfigError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{config_path}: {exc}") from None
    return settings_from_dict(DEMO_SETTINGS, source="<console demo>")


def ensure_demo_roster(settings: Settings) -> None:
    """The demo cast, on the first run only (a manager from the config, an ops, two hosts)."""
    if Staff.select().where(Staff.role != "manager").exists():
        return
    managers = settings.studio.managers
    with db.atomic():
        for tg_id, name, username, role in DEMO_ROSTER:
            if role == "manager":
                tg_id = managers[0]
            if Staff.get_or_none(Staff.tg_id == tg_id) is None:
                Staff.create(tg_id=tg_id, name=name, username=username, role=role,
                             status="active", private_chat=True, created_at=utcnow())


class Console:
    """The terminal as Telegram: who is typing, in which chat, and what the bot sends back."""

    def __init__(self, app: Application, api: FakeTelegram, settings: Settings, out=None):
        self.app, self.api, self.settings = app, api, settings
        self.out = out or sys.stdout
        self.group = settings.studio.group_chat_id
        self.in_group = True
        self.with_buttons: list[Call] = []  # messages whose buttons are still there, latest last
        self.number_is_text = False
        self.questions: dict[tuple, dict] = {}  # (chat, person) -> a forced-reply question
        self.latest: dict[int, dict] = {}  # chat -> the bot's latest message there
        self.typed: dict[str, str] = {}  # message id -> what was typed (shown when copied)
        # Update ids go on from the last run's: an id seen before is skipped as a redelivery.
        self._update_ids = itertools.count(updates.last_update_id() + 1)
        self._message_ids = itertools.count(int(time.time() * 1000) % 2_000_000_000)
        first = Staff.select().where(Staff.status == "active").order_by(Staff.id).first()
        self.speaker = self.staff_speaker(first) if first else Speaker(90001, "customer")
        api.listeners.append(self.show)

    # --- what the bot sends ---------------------------------------------------------------

    def chat_name(self, chat_id) -> str:
        if chat_id is None:
            return "?"
        chat_id = int(chat_id)
        if chat_id == self.group:
            return "群 group"
        if chat_id < 0:
            return f"chat {chat_id}"
        person = Staff.get_or_none(Staff.tg_id == chat_id) or \
            Customer.get_or_none(Customer.tg_id == chat_id)
        name = person.name if person else (
            self.speaker.name if chat_id == self.speaker.id else str(chat_id))
        return f"私聊 {name}"

    def show(self, call: Call) -> None:
        """Print one Bot API call the bot made, if a person would see it."""
        if isinstance(call.result, dict) and call.result.get("ok") is False:
            self.print(f"  ✗ {call.method} → {call.chat_id}: {call.result.get('description')}")
            return
        if call.method in SENDERS and isinstance(call.result, dict):
            self.latest[call.chat_id] = call.result  # what "> text" replies to
        if call.method in SENDERS or call.method in ("editMessageText", "copyMessage"):
            verb = "edited" if call.method.startswith("edit") else call.method[4:].lower() \
                if call.method != "sendMessage" else ""
            head = f"→ [{self.chat_name(call.chat_id)}]" + (f" ({verb})" if verb else "")
            text = call.text or self.typed.get(str(call.params.get("message_id")), "")
            self.print("\n".join([head] + [f"  {line}" for line in plain(text).splitlines()]))
            for name, value in call.files.items():  # a workbook, a chart: say which file
                if name != "_bytes" and isinstance(value, str):
                    self.print(f"  📎 {value}")
            self.forget_buttons(call)
            if call.buttons:
                self.with_buttons.append(call)
                self.number_is_text = False
                self.print("  " + "  ".join(f"[{i}] {b.get('text')}"
                                            for i, b in enumerate(call.buttons, 1)))
            elif call.method in SENDERS and call.chat_id == self.chat()["id"]:
                # The latest message here has no buttons (a question): a number answers it.
                self.number_is_text = True
            markup = call.params.get("reply_markup")
            if call.method in SENDERS and markup and "force_reply" in str(markup):
                # Telegram opens the reply box on a forced reply: the person's next line in
                # this chat answers it, as a reply to the question.
                self.questions[(call.chat_id, self.speaker.id)] = call.result
        elif call.method == "editMessageReplyMarkup":
            # Only the buttons changed (a tick, a toggle): show the new row, and press it next.
            before = self.forget_buttons(call)
            if isinstance(call.result, dict) and before is not None:
                call.result = {**before.result, "reply_markup": call.result.get("reply_markup")}
            self.print(f"→ [{self.chat_name(call.chat_id)}] (buttons)")
            if call.buttons:
                self.with_buttons.append(call)
                self.print("  " + "  ".join(f"[{i}] {b.get('text')}"
                                            for i, b in enumerate(call.buttons, 1)))
        elif call.method == "answerCallbackQuery" and call.params.get("text"):
            self.print(f"  ({plain(call.params['text'])})")
        elif call.method == "leaveChat":
            self.print(f"→ left chat {call.chat_id}")

    @staticmethod
    def message_key(call: Call) -> tuple:
        result = call.result if isinstance(call.result, dict) else {}
        return (call.chat_id, str(call.params.get("message_id") or result.get("message_id")))

    def forget_buttons(self, call: Call) -> Call | None:
        """Drop the buttons of the message ``call`` sends or edits; the ones it had, if any."""
        key = self.message_key(call)
        found = [c for c in self.with_buttons if self.message_key(c) == key]
        self.with_buttons = [c for c in self.with_buttons if self.message_key(c) != key]
        return found[-1] if found and isinstance(found[-1].result, dict) else None

    @property
    def last_with_buttons(self) -> Call | None:
        """The latest message whose buttons are still there (a decided card has none left)."""
        return None if self.number_is_text or not self.with_buttons else self.with_buttons[-1]

    def print(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    # --- what the person types ------------------------------------------------------------

    @staticmethod
    def staff_speaker(person: Staff) -> Speaker:
        return Speaker(person.tg_id, person.name, person.username)

    def switch_person(self, who: str) -> None:
        who = who.strip().lstrip("@")
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
            self.speaker = Speaker(900_000_000 + zlib.crc32(name.encode()) % 99_999_999, name)
        self.print(f"(you are {self.speaker.name}, id {self.speaker.id})")

    def chat(self) -> dict:
        if self.in_group:
            return {"id": self.group, "type": "supergroup", "title": self.settings.studio.name}
        return {"id": self.speaker.id, "type": "private", "first_name": self.speaker.name}

    async def send_text(self, text: str) -> None:
        msg = {"message_id": next(self._message_ids), "date": int(time.time()),
               "chat": self.chat(), "from": self.speaker.as_user(), "text": text}
        question = self.questions.pop((self.chat()["id"], self.speaker.id), None)
        if text.startswith(">") and self.latest.get(self.chat()["id"]):
            # "> text": a reply to the bot's latest message in this chat (an inquiry's card).
            text = msg["text"] = text[1:].strip()
            question = self.latest[self.chat()["id"]]
        if isinstance(question, dict):
            msg["reply_to_message"] = question
        self.typed[str(msg["message_id"])] = msg["text"]
        if text.startswith("/"):
            msg["entities"] = [{"type": "bot_command", "offset": 0,
                                "length": len(text.split(maxsplit=1)[0])}]
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
        if line.startswith(("/as", "/in ")):
            self.number_is_text = False  # another person or chat: the buttons are theirs again
        if line.startswith("/as"):
            self.switch_person(line[3:])
        elif line.startswith("/in "):
            self.in_group = line[4:].strip().lower() not in ("private", "私聊", "p")
            self.print(f"(typing in the {'group' if self.in_group else 'private chat'})")
        elif line.isdigit() and self.last_with_buttons is not None and \
                1 <= int(line) <= len(self.last_with_buttons.buttons):
            await self.press(int(line))
        elif line.isdigit() and self.with_buttons:
            self.print("(sent as a message: no such button on the bot's latest message)")
            await self.send_text(line)
        else:
            await self.send_text(line)
        return True


async def read_line(prompt: str) -> str | None:
    """One line from stdin without blocking the event loop (jobs keep running); None at EOF."""
    interactive = sys.stdin.isatty()
    if interactive:
        print(prompt, end="", flush=True)
    # A daemon thread, not the loop's executor: Ctrl-C must not wait for a pending readline.
    loop = asyncio.get_running_loop()
    answer = loop.create_future()

    def read() -> None:
        text = sys.stdin.readline()
        try:
            loop.call_soon_threadsafe(lambda: answer.done() or answer.set_result(text))
        except RuntimeError:  # the loop has closed: we are leaving anyway
            pass
    threading.Thread(target=read, daemon=True, name="console-input").start()
    line = await answer
    if line and not interactive:  # piped in: echo, so the transcript reads like a chat
        print(f"{prompt}{line.rstrip()}", flush=True)
    return line if line else None


async def main(config_path: str | None = None) -> int:
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s", level=logging.WARNING)
    settings = load_console_settings(config_path)
    bot.install_redaction(settings.telegram.token)
    init_db(settings.database.url)
    ensure_demo_roster(settings)
    api = FakeTelegram()
    app = bot.build_application(
        settings, OfflineRequest(api),
        rate_limiter=AIORateLimiter(overall_max_rate=0, group_max_rate=0))
    console = Console(app, api, settings)
    staff = ", ".join(f"{p.id} {p.name} ({p.role})" for p in
                      Staff.select().where(Staff.status == "active").order_by(Staff.id))
    console.print(BANNER.format(db=settings.database.url, staff=staff))
    async with app:
        await app.post_init(app)  # menus and the catch-up, as at a real start
        await app.start()  # the JobQueue: scheduled messages print when due
        try:
            while True:
                line = await read_line(console.prompt())
                if line is None or not await console.handle_line(line):
                    break
        finally:
            await app.stop()
    db.close()
    console.print("bye")
    return 0
