"""``weekly``: on Monday morning, last week's report to each manager privately (operations
rule 7: the supervisor assesses the staff's performance), and to ops too with ``[reports]
weekly_to_ops`` (ops does the assessment, 考核)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from models import in_worker
from scheduler.runner import JobCall
from studio import assessment, report, report_text, roster
from studio.parse.periods import Period
from studio.text import MESSAGE_LIMIT, utf16_len
from views import t
from views.pay import warnings_text

# Room for the mention and the open-chat button when a manager has no private chat.
GROUP_ROOM = 300


async def weekly(call: JobCall) -> None:
    """Last week's (Monday..Sunday) tables and workbook to each manager (and ops, if the config
    says so); once per run."""
    today = call.clock.business_day(call.now)
    last = today - timedelta(days=today.weekday() + 1)
    first = last - timedelta(days=6)
    from studio import workbook  # openpyxl loads when first needed, not at start

    data = await in_worker(report.build, first, last, call.settings, call.clock, now=call.now,
                           detail=True)
    warnings = await in_worker(assessment.early_warnings, last, call.settings, call.clock,
                               call.now)
    files: dict[str, bytes] = {}
    readers = roster.managers() + (roster.ops() if call.settings.reports.weekly_to_ops else [])
    for manager in readers:
        lang = manager.lang or call.settings.studio.language
        pieces = report_text.messages(data, lang, limit=MESSAGE_LIMIT - GROUP_ROOM)
        pieces[0] = f"{t(lang, 'report.weekly_title')}\n{pieces[0]}"
        if warnings:  # after the tables, in the last message when it fits
            extra = warnings_text(lang, warnings)
            if utf16_len(pieces[-1]) + utf16_len(extra) + 2 <= MESSAGE_LIMIT - GROUP_ROOM:
                pieces[-1] = f"{pieces[-1]}\n\n{extra}"
            else:
                pieces.append(extra)
        for number, piece in enumerate(pieces, start=1):
            await call.outbox.to_staff(manager, lambda _lang, text=piece: text,
                                  key=f"staff:{manager.id}:text:{number}")
        if manager.private_chat and not manager.bot_blocked:
            if lang not in files:
                files[lang] = await asyncio.to_thread(workbook.render, data, lang)
            await call.outbox.document(manager.tg_id, f"report-{Period(first, last).label}.xlsx",
                                       files[lang], key=f"staff:{manager.id}:xlsx")
