"""The scheduled jobs, for managers: /jobs lists them, /runjob runs one now (once a period)."""

from __future__ import annotations

from telegram import Update

import jobs
from handlers.base import Command, StudioContext
from jobs import runner
from studio.errors import BadInput
from studio.i18n import Markup
from studio.roster import Role


def show_period(period: str) -> str:
    return period.replace("T", " ")


async def list_jobs(update: Update, context: StudioContext) -> None:
    """Each job: when it runs next, and how its last run went."""
    if context.args_list:
        raise BadInput("no_arguments")
    lines = [context.t("jobs.title")]
    for spec in jobs.JOBS:
        upcoming = runner.next_run(context.application, spec, context.now)
        when = upcoming.astimezone(context.clock.tz).strftime("%Y-%m-%d %H:%M") if upcoming \
            else context.t("jobs.never")
        run = runner.last_run(spec.name)
        last = context.t("jobs.last_none") if run is None else context.t(
            "jobs.last", period=show_period(run.period), sent=run.sent, failed=run.failed,
            status=context.t(f"jobs.status_{run.status}"))
        lines.append(context.t("jobs.line", name=spec.name, next=when, last=Markup(last)))
    await context.reply("\n".join(lines))


async def run_job(update: Update, context: StudioContext) -> None:
    """Run a job now for the current period, through the same ledger as the schedule."""
    args = context.args_list
    names = ", ".join(spec.name for spec in jobs.JOBS)
    if not args:
        raise BadInput("no_job_name", names=names)
    if len(args) > 1:
        raise BadInput("extra_arguments")
    spec = jobs.SPECS.get(args[0])
    if spec is None:
        raise BadInput("unknown_job", name=args[0], names=names)
    slot = runner.current_slot(context.application, spec, context.now)
    period = show_period(runner.period_of(slot, context.clock.tz))
    run = await runner.run_now(context.application, spec, context.now)
    if run is None:
        await context.reply(context.t("jobs.already_ran", name=spec.name, period=period))
    else:
        await context.reply(context.t("jobs.ran", name=spec.name, period=period,
                                      status=context.t(f"jobs.status_{run.status}"),
                                      sent=run.sent, failed=run.failed))


COMMANDS = [
    Command("jobs", list_jobs, Role.MANAGER),
    Command("runjob", run_job, Role.MANAGER),
]
BUTTONS: list = []
