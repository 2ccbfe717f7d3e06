"""``inquiry_watch``: an inquiry unanswered for ``inquiries.remind_minutes`` is reminded once in
the inbox, under its card; unanswered three times as long, the managers are told privately."""

from __future__ import annotations

from handlers.inquiries import waiting_line
from jobs.runner import JobCall
from studio import inquiries, roster
from studio.clock import format_minutes


async def inquiry_watch(call: JobCall) -> None:
    """Remind the inbox of waiting inquiries; escalate long waits to the managers."""
    remind, escalate = inquiries.due_reminders(call.settings, call.now)
    inbox, lang = call.settings.studio.inbox, call.settings.studio.language
    for inquiry in remind:
        text = call.t(lang, "inquiries.remind", number=inquiry.id,
                      waiting=format_minutes(inquiries.waiting_minutes(inquiry, call.now), lang))
        await call.send_chat(inbox, text, key=f"remind:{inquiry.id}",
                             reply_to=inquiry.card_message_id)
    if not escalate:
        return
    minutes = call.settings.inquiries.remind_minutes * inquiries.ESCALATE_FACTOR

    def text(lang: str) -> str:
        lines = [call.t(lang, "inquiries.escalate_title", minutes=minutes)]
        return "\n".join(lines + [waiting_line(call.t, lang, inquiry, call.now)
                                  for inquiry in escalate])

    for manager in roster.managers():
        await call.send_staff(manager, text)
