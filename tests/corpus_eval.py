"""The labelled corpus of what staff type (tests/data/phrasings/*.tsv), run through the real
application, one fresh studio per line, and measured.

A line is ``given  who  chat  text  intent``: ``given`` the state first (as in
``tests/test_phrasings.py``, several joined by commas: ``live,en``), ``who`` host, ops or
manager, ``chat`` group or private, ``intent`` the command the words mean (``live``, ``fine``)
or ``-`` for chatter. What the bot did is read from the outside: which command's guard it
entered, which question it asked (and for which command), whether it answered, whether it
wrote. The figures:

- recall: intent lines on which the bot ran that command or asked about it with one question;
- chatter actions: chatter lines on which a command ran, a question was asked or a row written;
- chatter answered: chatter lines in the group that got any reply;
- silences: lines addressed to the bot (private, a mention, a reply) or with an intent that
  got no reply at all.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from telegram.ext import ConversationHandler

import handlers
import handlers.metrics
from config import settings_from_dict
from handlers.base import guard as base_guard
from models import (
    Audit,
    Broadcast,
    Checkin,
    Fine,
    Leave,
    LeaveRequest,
    MetricsEntry,
    Plan,
    Sample,
    Video,
)
from offline import BOT_USERNAME
from tests.conftest import base_config, empty_tables, open_studio, studio_time

WRITTEN = [Audit, Broadcast, Checkin, Fine, Leave, LeaveRequest, MetricsEntry, Plan, Sample,
           Video]
DATA = Path(__file__).parent / "data" / "phrasings"


@dataclass(frozen=True)
class Line:
    given: str
    who: str
    chat: str
    text: str
    intent: str  # a command name, or "-" for chatter
    source: str

    @property
    def chatter(self) -> bool:
        return self.intent == "-"

    @property
    def addressed(self) -> bool:
        return (self.chat == "private" or f"@{BOT_USERNAME}" in self.text.lower()
                or not self.chatter)

    def __str__(self) -> str:
        return f"{self.source}: [{self.given or '·'} {self.who} {self.chat}] {self.text!r} → {self.intent}"


def load(name: str) -> list[Line]:
    """The lines of ``tests/data/phrasings/<name>.tsv`` (``#`` starts a comment line)."""
    lines = []
    path = DATA / f"{name}.tsv"
    for number, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not row.strip() or row.startswith("#"):
            continue
        given, who, chat, text, intent = row.split("\t")
        lines.append(Line(given, who, chat, text, intent.strip(), f"{name}:{number}"))
    return lines


@dataclass
class Outcome:
    ran: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    wrote: bool = False
    errors: list[BaseException] = field(default_factory=list)


@dataclass
class Figures:
    lines: int = 0
    intents: int = 0
    hits: int = 0
    chatter: int = 0
    chatter_actions: list[str] = field(default_factory=list)
    chatter_answered: list[str] = field(default_factory=list)
    silences: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.hits / self.intents if self.intents else 1.0

    def summary(self, title: str) -> str:
        lines = [f"{title}: {self.lines} lines, {self.intents} with an intent, "
                 f"{self.chatter} chatter",
                 f"  recall {self.recall:.1%} ({self.hits}/{self.intents}); "
                 f"chatter actions {len(self.chatter_actions)}; chatter answered in the group "
                 f"{len(self.chatter_answered)}; silences {len(self.silences)}; "
                 f"crashes {len(self.crashes)}"]
        for label, items in (("missed", self.misses), ("chatter acted on", self.chatter_actions),
                             ("chatter answered", self.chatter_answered),
                             ("silent", self.silences), ("crashed", self.crashes)):
            lines.extend(f"  {label}: {item}" for item in items)
        return "\n".join(lines)


def _written() -> int:
    """The studio's rows a command writes (not the bookkeeping of updates and messages)."""
    return sum(model.select().count() for model in WRITTEN)


async def run_line(line: Line, database, monkeypatch) -> Outcome:
    """One line on a fresh studio: the state it needs, then the message at 22:00."""
    from tests.test_phrasings import prepare

    empty_tables(database)
    outcome = Outcome()
    recording = {"on": False}

    def guard(command, refused=None):
        run = base_guard(command, refused)  # the real one: the patch is made per line

        async def entered(update, context):
            if recording["on"]:
                outcome.ran.append(command.name)
            return await run(update, context)

        return entered

    monkeypatch.setattr(handlers, "guard", guard)
    # The metrics conversation enters through its own guarded command (made at import).
    monkeypatch.setattr(handlers.metrics, "ENTER", guard(handlers.metrics.COMMAND,
                                                         ConversationHandler.END))
    studio = await open_studio(settings_from_dict(base_config(), source="test.toml"),
                               studio_time("12:00"))
    app = studio.app
    outcome.errors = studio.errors  # what the handlers raise, as the line's crash
    try:
        for given in line.given.split(","):
            await prepare(studio, given.strip())
        questions = app.bot_data.setdefault("questions", __import__(
            "studio.asks", fromlist=["Questions"]).Questions())
        before_questions, before_rows = set(questions.open), _written()
        recording["on"] = True
        calls = await studio.send(getattr(studio, line.who), line.text, chat=line.chat,
                                  at="22:00")
        recording["on"] = False
        outcome.asked = [q.command for n, q in questions.open.items()
                         if n not in before_questions]
        outcome.replies = studio.texts(calls)
        outcome.wrote = _written() != before_rows
    finally:
        await app.shutdown()
    return outcome


async def measure(lines: list[Line], database, monkeypatch) -> Figures:
    figures = Figures()
    logging.disable(logging.CRITICAL)  # a thousand runs: the log is not what is measured
    try:
        for line in lines:
            outcome = await run_line(line, database, monkeypatch)
            figures.lines += 1
            seen = f"{line} — ran {outcome.ran}, asked {outcome.asked}, " \
                   f"replied {[r[:60] for r in outcome.replies]}"
            if outcome.errors:
                figures.crashes.append(f"{seen}: {outcome.errors!r}")
            if line.chatter:
                figures.chatter += 1
                if outcome.ran or outcome.asked or outcome.wrote:
                    figures.chatter_actions.append(seen)
                elif line.chat == "group" and outcome.replies and not line.addressed:
                    figures.chatter_answered.append(seen)
            else:
                figures.intents += 1
                if line.intent in outcome.ran or line.intent in outcome.asked:
                    figures.hits += 1
                else:
                    figures.misses.append(seen)
            if line.addressed and not outcome.replies:
                figures.silences.append(seen)
    finally:
        logging.disable(logging.NOTSET)
    return figures
