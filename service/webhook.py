"""Telegram's webhook, on tornado's HTTP server (PTB's webhooks extra installs it; tornado keeps
the HTTP parsing, the limits and the timeouts): an update is answered 200 only once it was
handled and marked done, so that an update a dying process received comes again.

Every request must carry the secret (``[telegram.webhook] secret_token``, required in webhook
mode) in ``X-Telegram-Bot-Api-Secret-Token``; it is compared as bytes in constant time. A
request without it, with a wrong one, or with one that is not even ASCII, is answered 403 and
nothing in it is read or acted on. A body announced larger than ``MAX_BODY`` is answered 413
from its headers, and the connection closed without reading the body; a chunked body that grows
past it is cut by the server. Slow clients are cut too: ``HEADER_TIMEOUT`` for the headers,
``BODY_TIMEOUT`` for the body.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging

from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.web import Application as WebApplication
from tornado.web import RequestHandler, stream_request_body

from service.polling import Sequencer, handle_logged

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's updates are small (a message with its entities: a few kB); 1 MB leaves room.
MAX_BODY = 1024 * 1024
HEADER_TIMEOUT = 10.0  # seconds: also how long an idle kept-alive connection stays open
BODY_TIMEOUT = 10.0


def secret_matches(given: str | None, secret: bytes) -> bool:
    """Whether the header's value is the secret. Compared as bytes: ``hmac.compare_digest`` on
    two ``str`` raises TypeError when one holds a non-ASCII character (tornado reads header
    values as latin-1, so every byte maps to one character and back)."""
    if given is None:
        return False
    return hmac.compare_digest(given.encode("latin-1", "replace"), secret)


@stream_request_body
class UpdateHandler(RequestHandler):
    """POST <path>: one update. ``prepare`` decides from the headers alone (the secret, the
    announced size); the body is gathered only then."""

    def initialize(self, server: WebhookServer) -> None:
        self.server = server
        self.chunks: list[bytes] = []
        self.size = 0

    def prepare(self) -> None:
        if self.request.method != "POST":
            self._refuse(405)
            return
        if not secret_matches(self.request.headers.get(SECRET_HEADER), self.server.secret):
            log.warning("webhook: a request without the right secret from %s; refused",
                        self.request.remote_ip)
            self._refuse(403)
            return
        length = self.request.headers.get("Content-Length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            self._refuse(413 if length.isdigit() else 400)

    def _refuse(self, status: int) -> None:
        # Closing is the only way not to read what the client still sends (tornado closes the
        # connection when a response is finished before the request's body was read).
        self.set_status(status)
        self.set_header("Connection", "close")
        self.finish()

    def data_received(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size <= MAX_BODY:
            self.chunks.append(chunk)

    async def post(self) -> None:
        if self.size > MAX_BODY:
            self.set_status(413)
            return
        try:
            update = Update.de_json(json.loads(b"".join(self.chunks)), self.server.app.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            self.set_status(400)
            return
        task = self.server.sequencer.submit(update, handle_logged(self.server.app, update))
        self.server.inflight.add(task)
        task.add_done_callback(self.server.inflight.discard)
        done = await task
        # Not recorded (database unreachable): Telegram delivers it again later.
        self.set_status(200 if done else 503)

    def write_error(self, status_code: int, **kwargs) -> None:
        self.finish()  # a status, no page: nothing of the bot's insides

    def log_exception(self, typ, value, tb) -> None:
        log.error("webhook: %s", value, exc_info=(typ, value, tb))


class WebhookServer:
    """The webhook's HTTP server: ``POST /<path>`` handled as above, anything else 404."""

    def __init__(self, app: Application, listen: str, port: int, path: str, secret: str):
        if not secret:
            raise ValueError("the webhook needs a secret token")
        self.app = app
        self.listen, self.port, self.path = listen, port, "/" + path.strip("/")
        self.secret = secret.encode()
        self.sequencer = Sequencer()  # concurrently, each person's in order, as the poller
        self.http: HTTPServer | None = None
        self.inflight: set[asyncio.Task] = set()

    async def start(self) -> None:
        routes = WebApplication([(self.path, UpdateHandler, {"server": self})],
                                default_handler_class=_NotFound)
        self.http = HTTPServer(routes, max_body_size=MAX_BODY, body_timeout=BODY_TIMEOUT,
                               idle_connection_timeout=HEADER_TIMEOUT, xheaders=False)
        self.http.listen(self.port, self.listen)
        if self.port == 0:  # tests: the port the system chose
            self.port = next(iter(self.http._sockets.values())).getsockname()[1]

    async def stop(self, *, cancel: bool = False) -> None:
        """No new connection; the updates being handled finish and are answered (cancelled,
        unanswered, with ``cancel``: the lock was lost), then every connection is closed."""
        if self.http is None:
            return
        self.http.stop()
        if cancel:
            for task in self.inflight:
                task.cancel()
        await asyncio.gather(*self.inflight, return_exceptions=True)
        await asyncio.sleep(0)  # the answers of the finished ones are written
        await self.http.close_all_connections()
        self.http = None


class _NotFound(RequestHandler):
    def prepare(self) -> None:
        self.set_status(404)
        self.finish()

    def write_error(self, status_code: int, **kwargs) -> None:
        self.finish()
