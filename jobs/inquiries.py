"""``inquiry_watch``: an inquiry unanswered for ``inquiries.remind_minutes`` is reminded once in
the inbox, under its card; unanswered three times as long, the managers are told privately."""

from __future__ import annotations

import logging

from telegram import ReplyParameters
from telegram.error import TelegramError

from handlers.delivery import Undeliverable, send_retrying
from jobs.runner import JobCall
from models import Inquiry
from studio import inquiries, roster
from studio.clock import format_minutes

log = logging.getLogger(__name__)


def _line(call: JobCall, lang: str, inquiry: Inquiry) -> str:
    kind, first = inquiries.first_waiting_line(inquiry)
    if kind != "text":
        first = f"{call.t(lang, f'inquiries.kind.{kind}')} {first}".strip()
    return call.t(lang, "inquiries.waiting_line", number=inquiry.id,
                  who=inquiries.display_name(inquiry.customer),
                  waiting=format_minutes(inquiries.waiting_minutes(inquiry, call.now), lang),
                  first=first)


async def inquiry_watch(call: JobCall) -> None:
    """Remind the inbox of waiting inquiries; escalate long waits to the managers."""
    remind, escalate = inquiries.due_reminders(call.settings, call.now)
    inbox, lang = call.settings.studio.inbox, call.settings.studio.language
    for inquiry in remind:
        delivery = call._claim(f"remind:{inquiry.id}")
        if delivery is None:
            continue
        text = call.t(lang, "inquiries.remind", number=inquiry.id,
                      waiting=format_minutes(inquiries.waiting_minutes(inquiry, call.now), lang))
        reply = (ReplyParameters(inquiry.card_message_id, allow_sending_without_reply=True)
                 if inquiry.card_message_id else None)
        try:
            message = await send_retrying(call.bot, inbox, text, reply_parameters=reply)
        except (TelegramError, Undeliverable) as exc:
            log.error("inquiry %s: reminder not posted: %s", inquiry.id, exc)
            call._done(delivery, None, str(exc))
            continue
        call._done(delivery, message)
    if not escalate:
        return
    minutes = call.settings.inquiries.remind_minutes * inquiries.ESCALATE_FACTOR

    def text(lang: str) -> str:
        lines = [call.t(lang, "inquiries.escalate_title", minutes=minutes)]
        return "\n".join(lines + [_line(call, lang, inquiry) for inquiry in escalate])

    for manager in roster.managers():
        await call.send_staff(manager, text)
