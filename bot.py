"""Live Studio Bot (直播间管家): start it.

    python bot.py --config config.toml            run the bot (long polling, or webhook)
                                                  (a second copy waits, or refuses: service/standby.py)
    python bot.py --config config.toml migrate    create or migrate the schema, then exit
    python bot.py console                         the whole bot offline, in the terminal
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from app import build_application
from app.logs import setup_logging
from config import ConfigError, Settings, load_settings
from models import db, init_db

log = logging.getLogger("studio")


def run(settings: Settings) -> int:
    """Run until SIGTERM/SIGINT (exit 0): polling or the webhook, one instance or two, all the
    one way (``standby.Instance``: updates confirmed to Telegram only once handled). Exit 3
    when another instance runs on this database and this one does not wait (SQLite, or
    ``[availability] standby = false``), or polls with the token elsewhere."""
    from service import standby

    return standby.run(settings, build_application)


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
        from service import backup

        return backup.main(settings, args.command, args.file)
    if args.command == "run":
        return run(settings)  # migrates once it may (service.standby.Instance.run)
    init_db(settings.database.url)
    if args.command == "migrate":
        log.info("schema up to date at %s", settings.database.url.split("@")[-1])
        db.close()
        return 0
    raise AssertionError(args.command)  # argparse's choices: every command returned above


if __name__ == "__main__":
    sys.exit(main())
