"""``payslips``: on the first of the month, after the business day has begun, last month's
draft scorecards — and payslips when ``[pay]`` is set — to each manager privately, once (the
ledger). The hosts get theirs only when a manager releases the month (``/payroll … 发放``)."""

from __future__ import annotations

from config import Settings
from models import in_worker
from scheduler.runner import JobCall
from scheduler.schedule import Schedule
from studio import assessment
from studio import pay as pay_domain
from studio.parse.times import parse_hhmm_time
from views import t
from views.pay import card_text, pay_message, ranking_text


def on_the_first(settings: Settings) -> Schedule:
    """``[jobs] payslips`` on the 1st, but never before the business day starts: until then
    the month's last business day is not over."""
    at = max(parse_hhmm_time(settings.jobs.payslips), settings.studio.day_start)
    return Schedule(times=(at,), month_days=(1,))


async def payslips(call: JobCall) -> None:
    """Last month's scorecards ranked, each card, and the pay, to every manager."""
    today = call.clock.business_day(call.now)
    first, last = assessment.month_bounds(assessment.previous_month(today.replace(day=1)))
    settings, clock = call.settings, call.clock
    cards = await in_worker(assessment.scorecards, first, last, settings, clock, call.now)
    month = (await in_worker(pay_domain.month_pay, first, last, settings, clock, call.now)
             if settings.pay is not None else None)
    if not cards:
        return
    label = f"{first:%Y-%m}"

    def head(lang: str) -> str:
        return "\n".join([t(lang, "scorecard.draft_title", month=label),
                          ranking_text(lang, cards)])

    await call.outbox.to_managers(head, key="draft", private_only=True)
    for card in cards:
        await call.outbox.to_managers(
            lambda lang, card=card: card_text(lang, settings, clock, card),
            key=f"draft:{card.staff_id}", private_only=True)
    if month is not None:
        await call.outbox.to_managers(lambda lang: pay_message(lang, settings.pay, month),
                                      key="draft:pay", private_only=True)
