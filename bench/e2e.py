"""End to end over HTTP: the studio bot as ``bot.py`` runs it (the Application, our poller, the
real rate limiter) against ``offline``'s fake Telegram served over HTTP, fed a mixed stream
paced at 10 messages a second — hosts' and ops' commands in their private chats and a few
customers' first questions; the reply latency (from the update being available to the answer reaching the
fake Telegram), against a bare PTB echo bot (PTB's own polling, the same limiter) fed the same
stream. Every message has an answer of its own: each is counted."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from common import OUT, TOKEN, median_p95, settings

from tests.factories import Person, message, message_update

TZ = ZoneInfo("Asia/Shanghai")
RATE = 10.0  # messages a second
STAFF_TEXTS = ["/help", "/rules", "/me", "/duties", "/video https://v.example/{n}"]
OPS_TEXTS = ["/inbox", "/fines", "/staff"]


def stream(count: int) -> list[tuple[Person, str, str | None]]:
    """(who, text, role: None for a customer) in order: mostly hosts' commands, ops' commands,
    every tenth a customer's first question (its card goes to the inbox group: Telegram allows a
    group 20 messages a minute, which a run of 15 customers stays within). Each message from a person of its own, so that
    every answer is told from the others by its chat."""
    out = []
    for n in range(count):
        if n % 10 == 9:
            out.append((Person(100_000 + n, f"顾客{n}", None), f"请问{n}号链接还有货吗", None))
        elif n % 5 == 3:
            out.append((Person(30_000 + n, f"运营{n}", f"ops{n}"),
                        OPS_TEXTS[n % len(OPS_TEXTS)], "ops"))
        else:
            out.append((Person(20_000 + n, f"主播{n}", f"host{n}"),
                        STAFF_TEXTS[n % len(STAFF_TEXTS)].format(n=n), "host"))
    return out


async def feed(api, items, answered, pushed, timeout: float = 5.0) -> None:
    started = time.perf_counter()
    for n, (who, text, _) in enumerate(items):
        await asyncio.sleep(max(0.0, started + n / RATE - time.perf_counter()))
        msg = message(who, text, chat="private", date=datetime.now(TZ))
        pushed[who.id] = time.perf_counter()
        api.push_update(message_update(msg))
    deadline = time.perf_counter() + timeout
    while len(answered) < len(items) and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)


def listen(api, pushed: dict, answered: dict) -> None:
    def on_call(call):
        if not call.method.startswith("send"):
            return
        chat = call.chat_id
        if chat in pushed and chat not in answered:
            answered[chat] = time.perf_counter() - pushed[chat]

    api.listeners.append(on_call)


async def studio_run(items) -> dict:
    from app import build_application
    from messaging.retry import RetryPolicy
    from models import Staff, db, init_db
    from offline import FakeTelegram, serve_http
    from service.polling import poll

    api = FakeTelegram()
    server = serve_http(api)
    server.handle_error = lambda *args: None  # a long poll cut short at the end: no trace
    base = f"http://127.0.0.1:{server.server_address[1]}/bot"
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "e2e.db"
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    cfg = settings(f"sqlite:///{path}", managers=[1], telegram={"token": TOKEN, "base_url": base})
    init_db(cfg.database.url)
    with db.atomic():
        Staff.insert_many([{"tg_id": p.id, "name": p.first_name, "username": p.username,
                            "role": role, "status": "active", "private_chat": True,
                            "created_at": datetime(2026, 1, 1)}
                           for p, _, role in items if role]).execute()
    app = build_application(cfg, catch_up_at_start=False, rate_limiter=RetryPolicy())
    await app.initialize()
    pushed: dict[int, float] = {}
    answered: dict[int, float] = {}
    listen(api, pushed, answered)
    stop = asyncio.Event()
    polling = asyncio.create_task(poll(app, stop, long_poll=10))
    try:
        await feed(api, items, answered, pushed)
    finally:
        stop.set()
        await polling
        await app.shutdown()
        server.shutdown()
    return summary(items, answered)


async def echo_run(items) -> dict:
    from telegram.ext import Application, MessageHandler, filters

    from messaging.retry import RetryPolicy
    from offline import FakeTelegram, serve_http

    api = FakeTelegram()
    server = serve_http(api)
    server.handle_error = lambda *args: None  # a long poll cut short at the end: no trace
    base = f"http://127.0.0.1:{server.server_address[1]}/bot"
    app = (Application.builder().token(TOKEN).base_url(base).rate_limiter(RetryPolicy())
           .build())

    async def echo(upd, context):
        await context.bot.send_message(upd.effective_chat.id, upd.effective_message.text)

    app.add_handler(MessageHandler(filters.TEXT, echo))
    pushed: dict[int, float] = {}
    answered: dict[int, float] = {}
    listen(api, pushed, answered)
    await app.initialize()
    await app.updater.start_polling(poll_interval=0, timeout=10)
    await app.start()
    try:
        await feed(api, items, answered, pushed)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        server.shutdown()
    return summary(items, answered)


def summary(items, answered: dict) -> dict:
    latencies = list(answered.values())
    staff = {who.id for who, _, role in items if role}
    p50, p95 = median_p95(latencies) if latencies else (float("nan"), float("nan"))
    return {"sent": len(items), "answered": len(answered), "p50": p50, "p95": p95,
            "staff": len(staff), "staff_answered": len(staff & set(answered))}


def main(count: int = 150) -> dict:
    items = stream(count)
    echo = asyncio.run(echo_run(items))
    bot = asyncio.run(studio_run(items))
    ratio = bot["p95"] / echo["p95"]
    print(f"end to end at {RATE:.0f} msg/s over HTTP: studio bot p50 {bot['p50'] * 1000:.1f} ms, "
          f"p95 {bot['p95'] * 1000:.1f} ms ({bot['answered']}/{bot['sent']} answered, staff "
          f"{bot['staff_answered']}/{bot['staff']}); echo bot p50 {echo['p50'] * 1000:.1f} ms, "
          f"p95 {echo['p95'] * 1000:.1f} ms ({echo['answered']}/{echo['sent']}); p95 ratio "
          f"{ratio:.2f}")
    return {"bot": bot, "echo": echo, "ratio": ratio}


if __name__ == "__main__":
    main()
