"""Live Studio Bot (直播间管家): start it.

    python bot.py --config config.toml            run the bot (long polling, or webhook)
    python bot.py --config config.toml migrate    create or migrate the schema, then exit
    python bot.py console                         the whole bot offline, in the terminal
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from telegram import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats
from telegram.constants import ParseMode
from telegram.error import Conflict, InvalidToken
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest

import handlers
import jobs
from config import ConfigError, Settings, load_settings
from handlers.base import StudioContext
from jobs.runner import catch_up, schedule_recheck
from models import db, init_db, wall_now
from polling import DoneMarkingProcessor
from studio import roster
from studio.clock import Clock
from studio.i18n import catalogue
from studio.roster import Role

log = logging.getLogger("studio")


class RedactToken(logging.Filter):
    """Defence in depth: whatever a library logs, the token never reaches a log line."""

    def __init__(self, token: str):
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token and self.token in record.getMessage():
            record.msg = record.getMessage().replace(self.token, "<token>")
            record.args = ()
        return True


class QuietConflict(logging.Filter):
    """After a 409 Conflict the Updater retries getUpdates once at shutdown and logs that second
    Conflict with a traceback; the one clear line ``run`` prints says it all."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], Conflict))


def setup_logging(token: str = "", level: int = logging.INFO) -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=level)
    # httpx logs every request URL at INFO, and the URL holds the token (PTB #4724).
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    updater_log = logging.getLogger("telegram.ext.Updater")
    if not any(isinstance(f, QuietConflict) for f in updater_log.filters):
        updater_log.addFilter(QuietConflict())
    install_redaction(token)


def install_redaction(token: str) -> None:
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactToken) for f in handler.filters):
            handler.addFilter(RedactToken(token))


def menu_commands(lang: str, role: Role) -> list[BotCommand]:
    cat = catalogue()
    return [BotCommand(c.name, cat.t(lang, f"help.{c.name}")[:256])
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
        await catch_up(app, jobs.JOBS, now)
        schedule_recheck(app)


async def post_shutdown(app: Application) -> None:
    """After polling (or the webhook) stopped and running handlers finished: close the
    database (run_polling/run_webhook call this on SIGTERM/SIGINT)."""
    if not db.is_closed():
        db.close()
    log.info("stopped; database closed")


def build_application(settings: Settings, request: BaseRequest | None = None,
                      *, catch_up_at_start: bool = True,
                      rate_limiter: AIORateLimiter | None = None) -> Application:
    """The whole bot: handlers, jobs, defaults; ``request`` swaps the network (offline API).

    The rate limiter keeps to Telegram's flood limits (30/s, 20/min a group) and retries a 429
    after the time it names; tests pass one without the pacing."""
    tz = settings.studio.tz
    builder = (
        ApplicationBuilder()
        .token(settings.telegram.token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=tz))
        .context_types(ContextTypes(context=StudioContext))
        .rate_limiter(rate_limiter or AIORateLimiter(max_retries=3))
        .concurrent_updates(DoneMarkingProcessor())  # one at a time, each marked done
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if settings.telegram.base_url:
        builder = builder.base_url(settings.telegram.base_url.rstrip("/"))
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    app = builder.build()
    app.bot_data["settings"] = settings
    app.bot_data["clock"] = Clock(tz, settings.studio.day_start)
    app.bot_data["catch_up"] = catch_up_at_start
    handlers.register(app)
    jobs.register(app)
    return app


def run(settings: Settings) -> int:
    """Run until SIGTERM/SIGINT (exit 0); 3 when another instance polls with the same token.

    PTB's run_polling/run_webhook stop on SIGTERM/SIGINT: no new updates, the running handlers
    finish, then post_shutdown closes the database. While running, the bot holds ``<db>.lock``
    (an SQLite database) so that ``restore`` refuses. ``[availability] standby``: standby.py."""
    if settings.availability.standby:
        import standby

        return standby.run(settings, build_application)
    lock = hold_db_lock(settings)
    app = build_application(settings)
    try:
        serve(app, settings)
    except InvalidToken:
        print(f"{settings.source}: telegram.token: Telegram refused the token", file=sys.stderr)
        return 2
    except Conflict:
        app.bot_data["conflict"] = True
    finally:
        if lock is not None:
            lock.close()
    if app.bot_data.get("conflict"):
        print("another instance of this bot is already running with the same token "
              "(Telegram 409 Conflict): stop the other one first", file=sys.stderr)
        return 3
    return 0


def hold_db_lock(settings: Settings):
    """The SQLite database's lock file, held while the bot runs (None for PostgreSQL, or when
    it cannot be taken: logged)."""
    import backup

    db_path = backup.sqlite_path(settings.database.url)
    if db_path is None:
        return None
    try:
        return backup.hold_lock(db_path)
    except backup.BackupError as exc:
        log.warning("%s", exc)
        return None


def serve(app: Application, settings: Settings) -> None:
    """Long polling or the webhook, until stopped."""
    webhook = settings.telegram.webhook
    if settings.telegram.mode == "webhook":
        # Telegram sends the secret in X-Telegram-Bot-Api-Secret-Token; PTB's server
        # answers 403 to a request without it. url "" → PTB builds it from listen/port/path.
        app.run_webhook(listen=webhook.listen, port=webhook.port, url_path=webhook.path,
                        webhook_url=webhook.url or None,
                        secret_token=webhook.secret_token or None,
                        allowed_updates=None, drop_pending_updates=False)
    else:
        # Updates sent while the bot was down are still wanted: never drop_pending_updates.
        app.run_polling(allowed_updates=None, drop_pending_updates=False)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bot.py", description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=None,
                        help="the TOML config file (default: config.toml; the console runs on "
                             "its own demo settings unless this is given)")
    parser.add_argument("command", nargs="?", default="run",
                        choices=["run", "console", "migrate", "backup", "restore"])
    parser.add_argument("file", nargs="?", help="restore: the backup file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "console":
        import console

        try:
            return asyncio.run(console.main(args.config))
        except KeyboardInterrupt:
            return 0
        except ConfigError as exc:
            print(f"config error: {exc}", file=sys.stderr)
            return 2
    try:
        settings = load_settings(args.config or "config.toml",
                                 need_token=args.command == "run")
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return 2
    setup_logging(settings.telegram.token)
    if args.command in ("backup", "restore"):
        import backup

        return backup.main(settings, args.command, args.file)
    init_db(settings.database.url)
    if args.command == "migrate":
        log.info("schema up to date at %s", settings.database.url.split("@")[-1])
        db.close()
        return 0
    return run(settings)


if __name__ == "__main__":
    sys.exit(main())
