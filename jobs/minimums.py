"""The ``minimums`` reminders (18:00 and 22:00) and the ``digest`` (23:30)."""

from __future__ import annotations

from models import JobRun, in_worker
from scheduler import registry
from scheduler.runner import JobCall
from studio import minimums, pending
from views.minimums import digest_text, jobs_text, reminder_text
from views.pending import digest_line


async def remind_minimums(call: JobCall) -> None:
    """Tell each active host not on leave, counted today (``minimums.day_summary``), exactly
    what is still missing today."""
    day = call.clock.business_day(call.now)
    rules = call.settings.rules
    for host, facts in minimums.shortfalls(day, rules, call.clock):
        await call.outbox.to_staff(host, lambda lang, facts=facts: reminder_text(rules, facts,
                                                                                 lang))


async def send_digest(call: JobCall) -> None:
    """The day in the group; and, to each manager, how many messages every job sent that day
    and how many decisions wait for them (→ /pending)."""
    day = call.clock.business_day(call.now)
    summary = await in_worker(minimums.day_summary, day, call.settings.rules,
                                    call.clock)
    await call.outbox.to_chat(call.settings.studio.group_chat_id,
                              digest_text(call.settings.rules, summary, call.lang),
                              topic="reminders")
    sent = JobRun.sent_by_job_on(day)
    # This run is not finished, so its own count is not in the ledger yet: add what it sent.
    sent[call.spec.name] = sent.get(call.spec.name, 0) + call.run.sent_so_far()
    counts = {name: sent.get(name, 0) for name in registry(call.app)}
    waiting = pending.count()
    await call.outbox.to_managers(
        lambda lang: f"{jobs_text(counts, day, lang)}\n{digest_line(waiting, lang)}",
        key="manager")
