"""The ``minimums`` reminders (18:00 and 22:00), the ``digest`` (23:30), and ``digest_fix``:
the digest's correction when a host it marked short meets both minimums later the same business
day (a broadcast ending at 01:30 belongs to the day before, until the 05:00 day change)."""

from __future__ import annotations

import json

from models import JobRun, in_worker
from scheduler import registry
from scheduler.runner import JobCall
from studio import minimums, pending
from views.minimums import correction_text, digest_text, jobs_text, reminder_text
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
    # Whom it called short, kept on the run: ``digest_fix`` corrects exactly these.
    call.run.detail = json.dumps({"day": day.isoformat(),
                                  "short": [host.id for host, _ in summary.short]})
    sent = JobRun.sent_by_job_on(day)
    # This run is not finished, so its own count is not in the ledger yet: add what it sent.
    sent[call.spec.name] = sent.get(call.spec.name, 0) + call.run.sent_so_far()
    counts = {name: sent.get(name, 0) for name in registry(call.app)}
    waiting = pending.count()
    await call.outbox.to_managers(
        lambda lang: f"{jobs_text(counts, day, lang)}\n{digest_line(waiting, lang)}",
        key="manager")


def _digest_of(day) -> list[int] | None:
    """The hosts the digest of business day ``day`` called short; None when it did not run
    (or was sent before this record existed)."""
    runs = (JobRun.select()
            .where((JobRun.job == "digest") & (JobRun.status == "done")
                   & (JobRun.period >= day.isoformat()))
            .order_by(JobRun.period.desc()))
    for run in runs:
        try:
            said = json.loads(run.detail or "{}")
        except ValueError:
            continue
        if said.get("day") == day.isoformat():
            return [int(i) for i in said.get("short", [])]
    return None


async def correct_digest(call: JobCall) -> None:
    """After the digest and before the day changes: each host it marked short who now meets
    both minimums gets one correction line in the group. Once: the key names the day and the
    host, and a delivery sent under it in any run (``Ledger.delivered``) is not sent again."""
    day = call.clock.business_day(call.now)
    short = _digest_of(day)
    if not short:
        return
    rules = call.settings.rules
    for host, facts in await in_worker(minimums.corrections, day, short, rules, call.clock):
        key = f"digest_fix:{day.isoformat()}:{host.id}"
        if key in call.outbox.delivered(key):
            continue
        await call.outbox.to_chat(call.settings.studio.group_chat_id,
                                  correction_text(host, facts, day, call.lang), key=key,
                                  topic="reminders")
