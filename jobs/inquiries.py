"""``inquiry_watch``: an inquiry unanswered for ``inquiries.remind_minutes`` is reminded once in
the inbox, under its card; unanswered three times as long, the managers are told privately."""

from __future__ import annotations

from scheduler.runner import JobCall
from studio import inquiries
from views.inquiries import escalation_text, reminder_text


async def inquiry_watch(call: JobCall) -> None:
    """Remind the inbox of waiting inquiries; escalate long waits to the managers."""
    remind, escalate = inquiries.due_reminders(call.settings, call.now)
    for inquiry in remind:
        await call.outbox.to_chat(call.settings.studio.inbox,
                                  reminder_text(call.lang, inquiry, call.now),
                                  key=f"remind:{inquiry.id}", reply_to=inquiry.card_message_id,
                                  topic="inquiries")
    if not escalate:
        return
    minutes = call.settings.inquiries.remind_minutes * inquiries.ESCALATE_FACTOR
    await call.outbox.to_managers(lambda lang: escalation_text(lang, minutes, escalate, call.now))
