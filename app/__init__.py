"""The Application: built once, here, for every way the bot runs (polling, webhook, the console,
the tests, bench/). ``bot.py`` parses the arguments and runs what this builds."""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest

import handlers
import jobs
from config import Settings
from handlers.base import StudioContext
from messaging import chats
from messaging.retry import RetryPolicy
from models import Staff, close_workers, db, wall_now
from scheduler import registry
from scheduler.runner import catch_up, schedule_recheck
from studio import roster
from studio.clock import Clock
from studio.roster import Role
from views import t

log = logging.getLogger("studio")


def menu_commands(lang: str, role: Role) -> list[BotCommand]:
    return [BotCommand(c.name, t(lang, f"help.{c.name}")[:256])
            for c in handlers.COMMANDS if c.menu and c.role <= role][:100]


async def set_menus(app: Application) -> None:
    """The command menu in both languages, for private chats and groups (a menu never authorises;
    each handler checks the right)."""
    studio_lang = app.bot_data["settings"].studio.language
    for scope in (BotCommandScopeAllPrivateChats(), BotCommandScopeAllGroupChats()):
        await app.bot.set_my_commands(menu_commands(studio_lang, Role.MANAGER), scope=scope)
        for lang in ("zh", "en"):
            await app.bot.set_my_commands(menu_commands(lang, Role.MANAGER), scope=scope,
                                          language_code=lang)


async def post_init(app: Application) -> None:
    """Start-up work that needs the Bot API: the menus, and the jobs missed while down."""
    settings: Settings = app.bot_data["settings"]
    now = wall_now()
    roster.ensure_managers(settings.studio.managers, now)
    await set_menus(app)
    if app.bot_data.get("catch_up", True):
        await catch_up(app, list(registry(app).values()), now)
        schedule_recheck(app)


async def post_shutdown(app: Application) -> None:
    """After polling (or the webhook) stopped and running handlers finished: close the
    database."""
    close_workers()  # the report workers' own connections
    if not db.is_closed():
        db.close()
    log.info("stopped; database closed")


def build_application(settings: Settings, request: BaseRequest | None = None,
                      *, catch_up_at_start: bool = True,
                      rate_limiter: RetryPolicy | None = None) -> Application:
    """The whole bot: handlers, jobs, defaults; ``request`` swaps the network (offline API).

    Every Bot API call goes through the one retry policy (``messaging.retry.RetryPolicy``):
    Telegram's flood limits kept, a 429 waited out, a 5xx or a timeout retried with back-off;
    tests pass one without the pacing."""
    tz = settings.studio.tz
    policy = rate_limiter or RetryPolicy()
    builder = (
        ApplicationBuilder()
        .token(settings.telegram.token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=tz))
        .context_types(ContextTypes(context=StudioContext))
        .rate_limiter(policy)
        # No Updater: it confirms a batch before handling it. Updates come in through the
        # project's poller or webhook server (service/polling.py, service/webhook.py),
        # confirmed once handled.
        .updater(None)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if settings.telegram.base_url:
        builder = builder.base_url(settings.telegram.base_url.rstrip("/"))
    if settings.telegram.base_file_url:  # set, or derived from base_url (config.file_url)
        builder = builder.base_file_url(settings.telegram.base_file_url.rstrip("/"))
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    app = builder.build()
    # A standby taking over: what the other process changed meanwhile is read afresh.
    Staff.forget_roster()
    app.bot_data["settings"] = settings
    policy.app = app  # a send to a chat Telegram moved follows it (messaging.chats)
    chats.apply_stored(app)  # the studio's chats where they were upgraded to
    app.bot_data["clock"] = Clock(tz, settings.studio.day_start)
    app.bot_data["catch_up"] = catch_up_at_start
    handlers.register(app)
    jobs.register(app)
    return app
