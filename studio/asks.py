"""Questions the bot asks when it cannot tell what was meant, and the answers they wait for.

A name two people share (``/fine 小美 抽烟``) asks which one; a message that is almost a keyword
(``开播吗``, ``我想下播``, ``开拨``) asks "是要开播吗？". Each question keeps, here on the
server, the message it came from and what each button would run (the text as if typed with a
staff number, or the keyword's command); a button carries only the question's number. Kept in
memory for ``TTL`` (a restart forgets them: a press then gets "this button is gone"); only the
person who asked may answer, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

TTL = timedelta(hours=1)
MAX_OPEN = 500  # questions kept at once; the oldest go first


@dataclass
class Question:
    """What a question waits for: who may answer, the command to run, the message it came from
    (as the Bot API sent it) and, per button code, the text that message is run with."""

    user_id: int
    chat_id: int
    command: str
    message: dict
    choices: dict[str, str]
    asked_at: datetime
    # The bot's message that asks it: a press on any other message (one asked before a restart,
    # whose number a new question took) is not an answer to this one.
    asked_in: int | None = None
    # A warning's "do it anyway" (``/plan`` on a leave day): the message runs again knowing it
    # was confirmed, and the command's own checks and the right are checked again.
    confirms: bool = False


@dataclass
class Questions:
    """The open questions of one bot (``app.bot_data``), by number."""

    open: dict[int, Question] = field(default_factory=dict)
    last: int = 0

    def ask(self, question: Question) -> int:
        self.prune(question.asked_at)
        self.last += 1
        self.open[self.last] = question
        while len(self.open) > MAX_OPEN:
            del self.open[min(self.open)]
        return self.last

    def prune(self, now: datetime) -> None:
        for number in [n for n, q in self.open.items() if now - q.asked_at > TTL]:
            del self.open[number]

    def get(self, number: int, now: datetime) -> Question | None:
        """The open question ``number``; None when unknown, answered or expired."""
        self.prune(now)
        return self.open.get(number)

    def asked_in(self, number: int, message_id: int) -> None:
        """The question ``number`` was sent as the message ``message_id``."""
        if number in self.open:
            self.open[number].asked_in = message_id

    def close(self, number: int) -> None:
        self.open.pop(number, None)
