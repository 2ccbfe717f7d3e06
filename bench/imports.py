"""A month's platform export (30 broadcasts, Douyin's 直播明细 workbook) sent to the bot and
confirmed, through the whole Application (getFile, download, reading, matching, the preview;
then the press that writes 30 metrics); and one screenshot read by OCR (cold: the models
loaded; warm), against reading the same workbook alone (no bot, no database)."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from common import ROOT, Person, settings, start_app, unpaced
from telegram import Update

sys.path.insert(0, str(ROOT / "tools"))
from make_export_samples import douyin_book

from tests.factories import callback_update, message, message_update

TZ = ZoneInfo("Asia/Shanghai")
OPS = Person(2, "李运营", "ops_li")
HOSTS = [Person(10, "小红", "xh"), Person(11, "小明", "xm")]
RUNS = 5


def month_rows() -> list[tuple]:
    rows = []
    for day in range(1, 31):
        start = datetime(2026, 11, day, 19, 0)
        rows.append((start, f"host_{day % 2}", 180, 8_000 + day, 12_000 + day, 500, 100 + day,
                     f"{3000 + day * 10}.50", 30 + day, 28 + day))
    return rows


def seed() -> None:
    from models import Broadcast, Staff
    from studio.clock import to_db

    for person, role in [(OPS, "ops"), *[(h, "host") for h in HOSTS]]:
        Staff.create(tg_id=person.id, name=person.first_name, username=person.username,
                     role=role, status="active", created_at=datetime(2026, 1, 1))
    hosts = list(Staff.select().where(Staff.role == "host").order_by(Staff.id))
    for day in range(1, 31):
        start = datetime(2026, 11, day, 19, 0, tzinfo=TZ)
        Broadcast.create(staff=hosts[day % 2], room="A", day=date(2026, 11, day),
                         started_at=to_db(start), ended_at=to_db(start + timedelta(hours=3)),
                         created_at=to_db(start))


def document(app, api, data: bytes, name: str, when: datetime, photo: bool = False) -> Update:
    msg = message(OPS, None, chat="private", date=when)
    file_id = f"f{msg['message_id']}"
    api.put_file(file_id, data)
    if photo:
        msg["photo"] = [{"file_id": file_id, "file_unique_id": "p", "width": 750, "height": 720}]
    else:
        msg["document"] = {"file_id": file_id, "file_unique_id": "d", "file_name": name,
                           "file_size": len(data)}
    return Update.de_json(message_update(msg), app.bot)


async def measure(path: Path) -> dict:
    from models import MetricsEntry, init_db
    from studio.imports import ocr
    from studio.imports.sheets import read_export

    cfg = settings(f"sqlite:///{path}", managers=[1])
    init_db(cfg.database.url)
    seed()
    app, api, errors = await start_app(cfg, unpaced())
    data = douyin_book(month_rows(), date(2026, 11, 1), date(2026, 11, 30))
    when = datetime(2026, 12, 1, 10, 0, tzinfo=TZ)
    out: dict = {}
    # The messages are dated in the past (the month's export is read on 1 December): no clock
    # is frozen, so that the timings are real.
    previews, card = [], None
    for _ in range(RUNS):
        update = document(app, api, data, "直播明细.xlsx", when)
        api.take()
        started = time.perf_counter()
        await app.process_update(update)
        previews.append(time.perf_counter() - started)
        card = next(c for c in api.take() if c.method == "sendMessage")
    press = Update.de_json(callback_update(OPS, card.result, card.buttons[0]["callback_data"]),
                           app.bot)
    started = time.perf_counter()
    await app.process_update(press)
    out["confirm"] = time.perf_counter() - started
    out["written"] = MetricsEntry.select().where(MetricsEntry.current).count()
    out["preview"] = statistics.median(previews)
    alone = []
    for _ in range(RUNS):
        started = time.perf_counter()
        read_export(data, "x.xlsx", tz_of=lambda _: TZ, rates={}, max_rows=2000,
                    now=when.astimezone(UTC))
        alone.append(time.perf_counter() - started)
    out["alone"] = statistics.median(alone)
    out["bytes"] = len(data)
    if ocr.available():
        image = (ROOT / "tests" / "data" / "exports" / "console-light.png").read_bytes()
        started = time.perf_counter()
        ocr.engine()
        out["ocr_load"] = time.perf_counter() - started
        warm = []
        for _ in range(3):
            update = document(app, api, image, "", when, photo=True)
            started = time.perf_counter()
            await app.process_update(update)
            warm.append(time.perf_counter() - started)
        out["ocr_warm"] = statistics.median(warm)
        out["ocr_text"] = next(c for c in api.take() if c.method == "sendMessage").text
    await app.shutdown()
    assert not errors, errors
    return out


def main() -> dict:
    with tempfile.TemporaryDirectory() as folder:
        result = asyncio.run(measure(Path(folder) / "imports.db"))
    ratio = result["preview"] / result["alone"]
    result["ratio"] = ratio
    print(f"month export ({result['bytes'] / 1000:.0f} KB, 30 broadcasts): preview "
          f"{result['preview'] * 1000:.0f} ms (reading alone {result['alone'] * 1000:.0f} ms, "
          f"{ratio:.2f}×); confirm {result['confirm'] * 1000:.0f} ms, {result['written']} written")
    if "ocr_warm" in result:
        print(f"screenshot: OCR models loaded in {result['ocr_load']:.2f} s; read to preview "
              f"{result['ocr_warm']:.2f} s (warm)")
    else:
        print("screenshot: OCR not installed (requirements/ocr.txt)")
    return result


if __name__ == "__main__":
    main()
