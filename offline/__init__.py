"""An offline Bot API: answers the calls the bot makes, records them, and can fail on purpose.

``FakeTelegram`` is the server's behaviour; ``OfflineRequest`` plugs it into python-telegram-bot
as its ``BaseRequest`` (tests, ``python bot.py console``, ``bench/``); ``serve_http`` serves it
over HTTP for a bot started with ``[telegram] base_url`` (the end-to-end start-up test).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from telegram.request import BaseRequest, RequestData

BOT_ID = 7_000_000_001
BOT_USERNAME = "studio_test_bot"


@dataclass
class Call:
    """One Bot API call the bot made, and what it was answered."""

    method: str
    params: dict[str, Any]
    result: Any = None
    files: dict[str, Any] = field(default_factory=dict)

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None and str(value).lstrip("-").isdigit() else value

    @property
    def text(self) -> str:
        return self.params.get("text") or self.params.get("caption") or ""

    @property
    def buttons(self) -> list[dict]:
        markup = self.params.get("reply_markup") or {}
        if isinstance(markup, str):
            markup = json.loads(markup)
        return [b for row in markup.get("inline_keyboard", []) for b in row]

    def __repr__(self) -> str:
        return f"Call({self.method}, chat={self.chat_id}, text={self.text[:60]!r})"


@dataclass
class Fault:
    """An answer to give instead of success: ``status`` and the Bot API error body."""

    method: str
    status: int
    description: str = "Internal Server Error"
    retry_after: int | None = None
    chat_id: int | None = None  # only for calls to this chat
    times: int = 1
    # A timeout instead of an answer: "connect" (True): the request never reached Telegram,
    # nothing is done; "read": Telegram carried it out (recorded), its answer never came.
    timeout: bool | str = False


QUERY_TOO_OLD = ("Bad Request: query is too old and response timeout expired or query id is "
                 "invalid")

SENDERS = {"sendMessage", "sendPhoto", "sendDocument", "sendVideo", "sendVoice", "sendSticker",
           "sendAudio", "sendAnimation", "sendMediaGroup"}


class AnsweredTooLate(TimeoutError):
    """The call was carried out (and recorded); its answer is lost on the way back."""


class FakeTelegram:
    """The Bot API as the bot sees it, in memory."""

    def __init__(self, bot_id: int = BOT_ID, username: str = BOT_USERNAME):
        self.bot = {"id": bot_id, "is_bot": True, "first_name": "Studio", "username": username,
                    "can_join_groups": True, "can_read_all_group_messages": False,
                    "supports_inline_queries": False}
        self.calls: list[Call] = []
        self.faults: list[Fault] = []
        self.updates: list[dict] = []
        self.listeners: list = []
        self.blocked_chats: set[int] = set()
        self.migrated: dict[int, int] = {}  # a group upgraded to a supergroup: old id → new id
        self.files: dict[str, bytes] = {}  # what people sent, by file_id: getFile and download
        self._ids = itertools.count(1000)
        self._update_ids = itertools.count(1)
        self.lock = threading.Lock()
        self.updates_lock = threading.Lock()

    # --- scripting --------------------------------------------------------------------------

    def fail(self, method: str, status: int = 500, *, times: int = 1, retry_after=None,
             chat_id=None, timeout=False, description=None) -> None:
        """Make the next ``times`` calls of ``method`` fail."""
        desc = description or {429: f"Too Many Requests: retry after {retry_after}",
                               403: "Forbidden: bot was blocked by the user"}.get(
                                   status, "Internal Server Error")
        self.faults.append(Fault(method, status, desc, retry_after, chat_id, times, timeout))

    def migrate(self, old_id: int, new_id: int) -> None:
        """Upgrade the group ``old_id`` to the supergroup ``new_id``: every call to the old id
        answers 400 with ``migrate_to_chat_id``, as Telegram does."""
        self.migrated[int(old_id)] = int(new_id)

    def expire_queries(self, times: int = 1) -> None:
        """The next ``times`` button presses waited too long: answering them fails."""
        self.fail("answerCallbackQuery", 400, times=times, description=QUERY_TOO_OLD)

    def push_update(self, update: dict) -> None:
        update.setdefault("update_id", next(self._update_ids))
        with self.updates_lock:  # a getUpdates in another thread must not drop it
            self.updates.append(update)

    def put_file(self, file_id: str, data: bytes) -> None:
        """A file someone sent (a document, a photo): ``getFile`` describes it and its
        ``file_path`` downloads it, as from Telegram's ``/file/bot<token>/`` address."""
        self.files[file_id] = bytes(data)

    def download(self, url: str) -> tuple[int, bytes]:
        """``GET …/file/bot<token>/<file_path>``: the bytes, or 404 as Telegram answers."""
        name = url.rsplit("/", 1)[-1]
        data = self.files.get(name)
        self._record(Call("download", {"file_path": name}))
        if data is None:
            return 404, json.dumps({"ok": False, "error_code": 404,
                                    "description": "Not Found"}).encode()
        return 200, data

    def take(self) -> list[Call]:
        """The calls made since the last take."""
        with self.lock:
            calls, self.calls = self.calls, []
        return calls

    # --- the server -------------------------------------------------------------------------

    def _fault_for(self, method: str, params: dict) -> Fault | None:
        chat = params.get("chat_id")
        for fault in self.faults:
            if fault.method == method and fault.times > 0 and (
                    fault.chat_id is None or str(fault.chat_id) == str(chat)):
                fault.times -= 1
                return fault
        return None

    def handle(self, method: str, params: dict, files: dict | None = None) -> tuple[int, dict]:
        """Answer one call: (HTTP status, JSON body)."""
        fault = self._fault_for(method, params)
        if fault is not None:
            if fault.timeout == "read":
                status, body = self._answer(method, params, files)
                raise AnsweredTooLate(method, status)
            if fault.timeout:
                raise TimeoutError(method)
            body = {"ok": False, "error_code": fault.status, "description": fault.description}
            if fault.retry_after is not None:
                body["parameters"] = {"retry_after": fault.retry_after}
            self._record(Call(method, params, body, files or {}))
            return fault.status, body
        return self._answer(method, params, files)

    def _answer(self, method: str, params: dict, files: dict | None) -> tuple[int, dict]:
        chat = params.get("chat_id")
        # The chat written to, or the one a copy or forward is taken from (copyMessage's
        # from_chat_id): an upgraded group answers 400 with migrate_to_chat_id either way.
        for key in ("chat_id", "from_chat_id"):
            old = params.get(key)
            if old is not None and str(old).lstrip("-").isdigit() and int(old) in self.migrated:
                body = {"ok": False, "error_code": 400,
                        "description": "Bad Request: group chat was upgraded to a supergroup chat",
                        "parameters": {"migrate_to_chat_id": self.migrated[int(old)]}}
                self._record(Call(method, params, body, files or {}))
                return 400, body
        if method in SENDERS and chat is not None and int(chat) in self.blocked_chats:
            body = {"ok": False, "error_code": 403,
                    "description": "Forbidden: bot was blocked by the user"}
            self._record(Call(method, params, body, files or {}))
            return 403, body
        result = self._result(method, params)
        if method == "getFile" and result is None:
            body = {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}
            self._record(Call(method, params, body, files or {}))
            return 400, body
        self._record(Call(method, params, result, files or {}))
        return 200, {"ok": True, "result": result}

    def _record(self, call: Call) -> None:
        with self.lock:
            self.calls.append(call)
        for listener in self.listeners:
            listener(call)

    def _message(self, params: dict, **extra) -> dict:
        chat_id = int(params["chat_id"])
        message = {"message_id": next(self._ids), "date": int(time.time()),
                   "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                   "from": {k: self.bot[k] for k in ("id", "is_bot", "first_name", "username")}}
        if "reply_markup" in params:
            markup = params["reply_markup"]
            markup = json.loads(markup) if isinstance(markup, str) else markup
            if "inline_keyboard" in markup:  # Telegram echoes inline keyboards only
                message["reply_markup"] = markup
        if params.get("message_thread_id"):  # a forum's topic
            message["message_thread_id"] = int(params["message_thread_id"])
            message["is_topic_message"] = True
        message.update(extra)
        return message

    def _result(self, method: str, params: dict) -> Any:
        if method == "getMe":
            return self.bot
        if method == "getUpdates":
            offset = int(params.get("offset") or 0)
            with self.updates_lock:
                pending = [u for u in self.updates if u["update_id"] >= offset]
                self.updates = pending
            return list(pending)
        if method == "sendMessage":
            return self._message(params, text=params.get("text", ""))
        if method in SENDERS:
            kind = method[4:].lower()
            extra = {"caption": params["caption"]} if params.get("caption") else {}
            if kind == "photo":
                extra["photo"] = [{"file_id": "photo-out", "file_unique_id": "p", "width": 1,
                                   "height": 1}]
            elif kind == "document":
                extra["document"] = {"file_id": "doc-out", "file_unique_id": "d"}
            return self._message(params, **extra)
        if method == "copyMessage":
            return {"message_id": next(self._ids)}
        if method == "copyMessages":
            ids = params.get("message_ids") or []
            return [{"message_id": next(self._ids)} for _ in (json.loads(ids) if isinstance(
                ids, str) else ids)]
        if method in ("editMessageText", "editMessageReplyMarkup", "editMessageCaption"):
            if "inline_message_id" in params:
                return True
            return self._message(params, text=params.get("text", ""),
                                 message_id=int(params.get("message_id", 0)))
        if method == "getFile":
            file_id = str(params.get("file_id"))
            if file_id not in self.files:
                return None  # answered as Telegram does: 400 invalid file_id (see handle)
            return {"file_id": file_id, "file_unique_id": f"u-{file_id}",
                    "file_size": len(self.files[file_id]), "file_path": f"files/{file_id}"}
        if method == "getChat":
            chat_id = int(params["chat_id"])
            return {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
        if method == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        return True  # answerCallbackQuery, setMyCommands, leaveChat, deleteWebhook, sendChatAction…


class OfflineRequest(BaseRequest):
    """python-telegram-bot's transport, answered by a ``FakeTelegram`` in the same process."""

    def __init__(self, api: FakeTelegram):
        self.api = api

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout=None, write_timeout=None, connect_timeout=None,
                         pool_timeout=None) -> tuple[int, bytes]:
        if "/file/bot" in url:  # a download (File.download_*), not a method call
            return self.api.download(url)
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files = {}
        if request_data is not None and request_data.contains_files:
            files = {name: value[0] if isinstance(value, tuple) else "upload"
                     for name, value in request_data.multipart_data.items()}
            files["_bytes"] = {name: value[1] for name, value in
                               request_data.multipart_data.items() if isinstance(value, tuple)}
        if api_method == "getUpdates" and not self.api.updates:
            # A long poll: wait a little as the real server does, without blocking the loop.
            await asyncio.sleep(min(0.05, float(params.get("timeout") or 0)))
        try:
            status, body = self.api.handle(api_method, params, files)
        except TimeoutError as exc:
            # As PTB's HTTPXRequest raises it: TimedOut chained to the httpx timeout, which
            # tells a request never sent (connect) from one whose answer did not come (read).
            import httpx
            from telegram.error import TimedOut

            cause = (httpx.ReadTimeout if isinstance(exc, AnsweredTooLate)
                     else httpx.ConnectTimeout)(f"offline Bot API: {api_method}")
            raise TimedOut("offline Bot API timed out") from cause
        return status, json.dumps(body).encode()


def serve_http(api: FakeTelegram, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """Serve ``api`` over HTTP (``POST /bot<token>/<method>``) in a thread; returns the server."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if "/file/bot" not in self.path:
                return self.do_POST()
            status, data = api.download(self.path)
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8", "replace")
            kind = self.headers.get("Content-Type", "")
            params: dict[str, Any] = {}
            if "json" in kind and raw:
                params = json.loads(raw)
            elif raw:
                for key, values in parse_qs(raw).items():
                    try:
                        params[key] = json.loads(values[0])
                    except json.JSONDecodeError:
                        params[key] = values[0]
            method = self.path.rsplit("/", 1)[-1]
            if method == "getUpdates" and not api.updates:
                # A long poll: answered as soon as an update comes, as the real server does.
                deadline = time.monotonic() + min(0.2, float(params.get("timeout") or 0))
                while not api.updates and time.monotonic() < deadline:
                    time.sleep(0.002)
            try:
                status, body = api.handle(method, params)
            except TimeoutError:  # over HTTP both kinds read as a gateway's timeout
                status, body = 504, {"ok": False, "error_code": 504, "description": "timeout"}
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):  # quiet
            return

    server = ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
