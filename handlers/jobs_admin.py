"""The scheduled jobs, for managers: /jobs lists them, /runjob runs one now (once a period).

The jobs come from the application's registry (``scheduler.registry``, filled by
``jobs.register``): a handler never imports ``jobs/``."""

from __future__ import annotations

from telegram import Update

from handlers.base import Command, StudioContext
from models import JobRun
from scheduler import registry, runner
from scheduler.schedule import next_run, period_of
from studio.errors import BadInput
from studio.roster import Role
from views import Markup, t


def show_period(period: str) -> str:
    return period.replace("T", " ")


async def list_jobs(update: Update, context: StudioContext) -> None:
    """Each job: when it runs next, and how its last run went."""
    if context.args_list:
        raise BadInput("no_arguments")
    lang = context.lang
    lines = [t(lang, "jobs.title")]
    for spec in registry(context.application).values():
        upcoming = next_run(context.application, spec, context.now)
        when = upcoming.astimezone(context.clock.tz).strftime("%Y-%m-%d %H:%M") if upcoming \
            else t(lang, "jobs.never")
        run = JobRun.latest(spec.name)
        last = t(lang, "jobs.last_none") if run is None else t(
            lang, "jobs.last", period=show_period(run.period), sent=run.sent, failed=run.failed,
            status=t(lang, f"jobs.status_{run.status}"))
        lines.append(t(lang, "jobs.line", name=spec.name, next=when, last=Markup(last)))
    await context.reply("\n".join(lines))


async def run_job(update: Update, context: StudioContext) -> None:
    """Run a job now for the current period, through the same ledger as the schedule."""
    args = context.args_list
    specs = registry(context.application)
    names = ", ".join(specs)
    if not args:
        raise BadInput("no_job_name", names=names)
    if len(args) > 1:
        raise BadInput("extra_arguments")
    spec = specs.get(args[0])
    if spec is None:
        raise BadInput("unknown_job", name=args[0], names=names)
    slot = runner.current_slot(context.application, spec, context.now)
    period = show_period(period_of(slot, context.clock.tz))
    run = await runner.run_now(context.application, spec, context.now)
    lang = context.lang
    if run is None:
        await context.reply(t(lang, "jobs.already_ran", name=spec.name, period=period))
    else:
        await context.reply(t(lang, "jobs.ran", name=spec.name, period=period,
                              status=t(lang, f"jobs.status_{run.status}"),
                              sent=run.sent, failed=run.failed))


COMMANDS = [
    Command("jobs", list_jobs, Role.MANAGER),
    Command("runjob", run_job, Role.MANAGER),
]
BUTTONS: list = []
