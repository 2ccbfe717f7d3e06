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

from telegram.error import Conflict, InvalidToken
from telegram.ext import Application

from app import build_application
from config import ConfigError, Settings, load_settings
from logs import setup_logging
from models import db, init_db
from polling import ALLOWED_UPDATES

log = logging.getLogger("studio")


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
                        allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)
    else:
        # Updates sent while the bot was down are still wanted: never drop_pending_updates.
        app.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)


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
