"""Logging for the bot: the format, quiet libraries, and a token that never reaches a log line."""

from __future__ import annotations

import logging

from telegram.error import Conflict


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
