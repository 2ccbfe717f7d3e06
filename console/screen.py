"""The console's screen: every Bot API call the bot makes, as a person in that chat sees it."""

from __future__ import annotations

import html
import re
from pathlib import Path

from models import Customer, Staff
from offline import SENDERS, Call

TAG = re.compile(r"<[^>]+>")




def plain(text: str) -> str:
    """The text as a person reads it: no tags, entities decoded."""
    return html.unescape(TAG.sub("", text))


class Screen:
    """What the bot sends, printed; the buttons still there, to press by number (the console's
    ``Console`` holds the state: ``out``, ``group``, ``speaker``, ``with_buttons`` …)."""

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
        if self.job_header and call.method not in ("sendChatAction", "setMyCommands"):
            self.print(self.job_header)
            self.job_header = ""
        if isinstance(call.result, dict) and call.result.get("ok") is False:
            self.print(f"  ✗ {call.method} → {call.chat_id}: {call.result.get('description')}")
            return
        if call.method in SENDERS and isinstance(call.result, dict):
            self.latest[call.chat_id] = call.result  # what "> text" replies to
        if call.method in SENDERS or call.method in ("editMessageText", "copyMessage",
                                                      "copyMessages"):
            verb = "edited" if call.method.startswith("edit") else call.method[4:].lower() \
                if call.method != "sendMessage" else ""
            head = f"→ [{self.chat_name(call.chat_id)}]" + (f" ({verb})" if verb else "")
            text = call.text or self.typed.get(str(call.params.get("message_id")), "")
            self.print("\n".join([head] + [f"  {line}" for line in plain(text).splitlines()]))
            for path in self.save_files(call):  # a workbook, a chart: where to open it
                self.print(f"  📎 {path}")
            self.forget_buttons(call)
            if call.buttons:
                self.with_buttons.append(call)
                if call.chat_id == self.chat()["id"]:
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

    def save_files(self, call: Call) -> list[Path]:
        """Write the files a call uploads into the files folder, by the name the bot gave."""
        saved = []
        for field, content in call.files.get("_bytes", {}).items():
            name = Path(str(call.files.get(field) or field)).name
            self.files_dir.mkdir(parents=True, exist_ok=True)
            path = self.files_dir / name
            path.write_bytes(content)
            saved.append(path)
        return saved

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
        """The latest message of the chat typed in whose buttons are still there (a decided card
        has none left): as in Telegram, a person presses only what their own chat shows."""
        here = [c for c in self.with_buttons if c.chat_id == self.chat()["id"]]
        return None if self.number_is_text or not here else here[-1]

    def print(self, text: str) -> None:
        print(text, file=self.out, flush=True)
