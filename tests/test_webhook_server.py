"""The webhook's HTTP server (``webhook.WebhookServer``, on tornado) through a real HTTP client on
a real socket: the secret compared as bytes (none, wrong, non-ASCII, malformed → 403, nothing
acted on), a body too large refused from its headers (413, the rest never read), the right
request answered only once the update was handled."""

from __future__ import annotations

import asyncio
import http.client
import json
import socket

import pytest

from models import ProcessedUpdate
from service.webhook import MAX_BODY, SECRET_HEADER, WebhookServer, secret_matches
from tests.conftest import MANAGER, studio_time
from tests.factories import message, message_update

SECRET = "Abc_def-0123456789xyzXYZ"


@pytest.fixture
async def hook(studio):
    server = WebhookServer(studio.app, "127.0.0.1", 0, "telegram", SECRET)
    await server.start()
    yield server
    await server.stop()


def help_update(text: str = "/help") -> dict:
    return message_update(message(MANAGER, text, chat="private", date=studio_time("12:00")))


def post(port: int, body: bytes, headers: dict[str, str | bytes], path: str = "/telegram",
         method: str = "POST") -> int:
    """One request by ``http.client`` (the status); header values may be raw bytes."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest(method, path)
        for name, value in {"Content-Type": "application/json",
                            "Content-Length": str(len(body)), **headers}.items():
            conn.putheader(name, value)
        conn.endheaders(body)
        return conn.getresponse().status
    finally:
        conn.close()


async def post_async(port, body, headers, **kwargs) -> int:
    return await asyncio.to_thread(post, port, body, headers, **kwargs)


def answered(studio) -> list:
    return [c for c in studio.api.take() if c.method == "sendMessage"]


async def test_the_right_secret_is_answered_200_once_the_update_was_handled(studio, hook):
    studio.team()
    update = help_update()
    status = await post_async(hook.port, json.dumps(update).encode(), {SECRET_HEADER: SECRET})
    assert status == 200
    # Handled before the answer: the reply went out and the update is marked done.
    assert [c.chat_id for c in answered(studio)] == [MANAGER.id]
    assert not ProcessedUpdate.get(ProcessedUpdate.update_id == update["update_id"]).handling


@pytest.mark.parametrize("secret", [
    None,  # no header
    "",  # an empty one
    "wrong",
    SECRET[:-1],  # a prefix of it
    SECRET + "x",
    SECRET.lower(),
    "密码".encode(),  # not ASCII: compare_digest on str would raise and drop the connection
    b"\xff\xfe" + SECRET.encode(),  # not even UTF-8
], ids=["none", "empty", "wrong", "prefix", "longer", "case", "non-ascii", "not-utf8"])
async def test_a_request_without_the_right_secret_is_403_and_nothing_is_acted_on(
        studio, hook, secret, caplog):
    studio.team()
    update = help_update()
    headers = {} if secret is None else {SECRET_HEADER: secret}
    status = await post_async(hook.port, json.dumps(update).encode(), headers)
    assert status == 403
    assert answered(studio) == []
    assert not ProcessedUpdate.select().where(
        ProcessedUpdate.update_id == update["update_id"]).exists()
    assert "without the right secret" in caplog.text


def send_head_then_read(port: int, headers: bytes, first_body: bytes) -> tuple[bytes, int]:
    """Send the headers and the first part of a large body, then read the answer; how many
    body bytes the server let through before it answered and closed (it reads nothing more)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        sock.sendall(headers + first_body)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
        sent = len(first_body)
        try:  # the server closed: what is still sent is refused, not read
            for _ in range(64):
                sock.sendall(b"x" * 65536)
                sent += 65536
        except OSError:
            pass
        return answer, sent
    finally:
        sock.close()


async def test_a_body_too_large_is_413_from_its_headers_without_reading_it(studio, hook):
    studio.team()
    size = 30 * 1024 * 1024
    head = (f"POST /telegram HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"{SECRET_HEADER}: {SECRET}\r\nContent-Length: {size}\r\n\r\n").encode()
    answer, sent = await asyncio.to_thread(send_head_then_read, hook.port, head, b"{" * 1024)
    assert answer.startswith(b"HTTP/1.1 413"), answer
    # Answered and closed: the client's further sends were refused long before 4 MB more.
    assert sent < 1024 + 64 * 65536
    assert answered(studio) == []


async def test_a_body_too_large_without_the_secret_is_403(studio, hook):
    head = (f"POST /telegram HTTP/1.1\r\nHost: x\r\nContent-Length: {MAX_BODY * 30}\r\n\r\n"
            ).encode()
    answer, _ = await asyncio.to_thread(send_head_then_read, hook.port, head, b"")
    assert answer.startswith(b"HTTP/1.1 403"), answer


async def test_a_chunked_body_growing_past_the_limit_is_cut_and_not_acted_on(studio, hook):
    studio.team()
    chunk = b"x" * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(MAX_BODY // 65536 + 2))
    head = (f"POST /telegram HTTP/1.1\r\nHost: x\r\n{SECRET_HEADER}: {SECRET}\r\n"
            "Transfer-Encoding: chunked\r\n\r\n").encode()
    answer, _ = await asyncio.to_thread(send_head_then_read, hook.port, head, body)
    assert answer.split(b" ")[1] in (b"400", b"413"), answer
    assert answered(studio) == []


async def test_not_json_is_400_another_path_404_a_get_405(studio, hook):
    studio.team()
    assert await post_async(hook.port, b"{not json", {SECRET_HEADER: SECRET}) == 400
    assert await post_async(hook.port, b"[]", {SECRET_HEADER: SECRET}) == 400
    assert await post_async(hook.port, b"{}", {SECRET_HEADER: SECRET}, path="/other") == 404
    assert await post_async(hook.port, b"", {SECRET_HEADER: SECRET}, method="GET") == 405
    assert answered(studio) == []


def test_the_secret_is_compared_as_bytes():
    secret = SECRET.encode()
    assert secret_matches(SECRET, secret)
    assert not secret_matches(None, secret)
    assert not secret_matches("密码", secret)  # no TypeError
    assert not secret_matches("\udcff", secret)  # not even encodable: no error either


def test_a_webhook_server_needs_a_secret():
    with pytest.raises(ValueError):
        WebhookServer(None, "127.0.0.1", 0, "telegram", "")
