"""Where a handler's or a job's messages go out: ``Outbox`` sends at once; ``Ledger`` (a job
run's) sends each key once per run, recorded in ``JobDelivery``, so a run resumed after a crash
serves only the people left.

Either tells one staff member (``to_staff``: privately, else in the group), a chat
(``to_chat``), a file (``document``), and the managers (``to_managers``: the one way to tell
them). One recipient's failure is logged and never stops the others.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable

from telegram import InputFile, Message
from telegram.error import TelegramError
from telegram.ext import Application

from messaging.send import MarkupFn, TextFn, in_topic, notify_staff, send_text
from models import JobDelivery, JobRun, Staff
from studio import roster

log = logging.getLogger(__name__)


class Outbox:
    """Sending for a handler: at once, remembering in memory what it sent under which key."""

    # Whether this outbox knows what was sent before it existed (a job's ledger does).
    resumable = False

    def __init__(self, app: Application, label: str = "handler"):
        self.app = app
        self.label = label
        self._sent: dict[str, tuple[int, int]] = {}

    # The bookkeeping a ledger overrides: may ``key`` go out, and what came of it.
    def _claim(self, key: str):
        return key

    def _settle(self, token, message: Message | None, error: str = "") -> None:
        if message is not None:
            self._sent[token] = (message.chat_id, message.message_id)

    def delivered(self, prefix: str) -> dict[str, tuple[int, int]]:
        """What went out under keys starting with ``prefix``: key → (chat id, message id)."""
        return {k: v for k, v in self._sent.items() if k.startswith(prefix)}

    async def _deliver(self, key: str, send: Callable[[], Awaitable[Message | None]],
                       failure: str) -> Message | None:
        token = self._claim(key)
        if token is None:
            return None  # sent already in this run
        try:
            message = await send()
        except TelegramError as exc:  # one recipient's failure never stops the others
            log.error("%s %s: %s", self.label, failure, exc)
            self._settle(token, None, str(exc))
            return None
        if message is None:
            log.error("%s %s: nothing delivered", self.label, failure)
        self._settle(token, message, "" if message is not None else "undeliverable")
        return message

    async def to_staff(self, person: Staff, text: TextFn, markup: MarkupFn | None = None, *,
                       key: str | None = None, private_only: bool = False,
                       group_text: TextFn | None = None) -> Message | None:
        """Tell one staff member: privately, else in the group with a button (not with
        ``private_only``; ``group_text`` there when given). The message sent, or None (already
        sent, or undeliverable)."""
        return await self._deliver(
            key or f"staff:{person.id}",
            lambda: notify_staff(self.app, person, text, markup, private_only=private_only,
                                 group_text=group_text),
            f"could not reach staff {person.id} ({person.name})")

    async def to_chat(self, chat_id: int, text: str, markup=None, *, key: str | None = None,
                      reply_to: int | None = None, topic: str | None = None) -> Message | None:
        """Post to a chat (the group, the inbox); ``reply_to``: under that message; ``topic``
        (reminders, samples, inquiries, reports): in the topic ``[topics]`` names for it."""
        where = in_topic(self.app.bot_data["settings"], topic)
        return await self._deliver(
            key or f"chat:{chat_id}",
            lambda: send_text(self.app.bot, chat_id, text, markup, reply_to=reply_to, **where),
            f"could not post to chat {chat_id}")

    async def document(self, chat_id: int, filename: str, data: bytes, *, key: str,
                       caption: str | None = None) -> Message | None:
        """Send a file (a report's workbook) to a chat."""
        return await self._deliver(
            key, lambda: self.app.bot.send_document(chat_id, InputFile(data, filename=filename),
                                                    caption=caption),
            f"could not send {filename} to chat {chat_id}")

    async def to_managers(self, text: TextFn, markup: MarkupFn | None = None, *,
                          key: str = "staff", skip: Iterable[str] = (),
                          private_only: bool = False,
                          group_text: TextFn | None = None) -> list[Message]:
        """Tell every manager (each in their own language), under ``<key>:<manager id>``; the
        keys in ``skip`` are not sent again; a manager without a private chat reads
        ``group_text`` (when given) in the group. The messages sent."""
        skipped = set(skip)
        sent = []
        for manager in roster.managers():
            each = f"{key}:{manager.id}"
            if each in skipped:
                continue
            message = await self.to_staff(manager, text, markup, key=each,
                                          private_only=private_only, group_text=group_text)
            if message is not None:
                sent.append(message)
        return sent


class Ledger(Outbox):
    """A job run's outbox: each key once per run (``JobDelivery``), even across a crash."""

    resumable = True

    def __init__(self, app: Application, run: JobRun, label: str):
        super().__init__(app, label)
        self.run = run

    def _claim(self, key: str):
        return JobDelivery.claim(self.run, key)

    def _settle(self, token: JobDelivery, message: Message | None, error: str = "") -> None:
        if message is None:
            token.settle(None, None, error)
        else:
            token.settle(message.chat_id, message.message_id)

    def delivered(self, prefix: str) -> dict[str, tuple[int, int]]:
        """In any run of any job (a fine proposal's cards, sent before a crash)."""
        return JobDelivery.sent_under(prefix)
