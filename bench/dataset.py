"""A studio's year, generated deterministically (seeded) into a database, for the benchmarks.

    python bench/dataset.py --url sqlite:///bench/out/year.db [--seed 7] [--scale 1.0]

50 hosts, 5 ops, 2 managers; about 18,000 broadcasts with metrics, 36,000 videos, 3,000 fines,
10,000 samples with their histories, 20,000 inquiries with their messages — written in batches,
with a progress bar on stderr. The year ends the day before ``--today`` (default 2026-11-26).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models import (
    Broadcast,
    Checkin,
    Customer,
    Fine,
    Inquiry,
    InquiryMessage,
    MetricsEntry,
    Plan,
    Sample,
    SampleEvent,
    Staff,
    Video,
    db,
    init_db,
)
from studio.clock import to_db

TZ = ZoneInfo("Asia/Shanghai")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["小红", "小明", "丽丽", "晓雪", "佳怡", "子涵", "欣怡", "梓萱", "思琪", "雨桐", "可馨"]
BRANDS = ["花西子", "完美日记", "珀莱雅", "薇诺娜", "自然堂", "百雀羚", "韩束", "卡姿兰",
          "毛戈平", "橘朵", "Colorkey", "INTO YOU", "稚优泉", "酵色", "小奥汀", "彩棠",
          "方里", "滋色", "柏瑞美", "玛丽黛佳"] + [f"散户{i}" for i in range(30)]
ITEMS = ["口红", "粉底液", "眼影盘", "面膜", "精华", "防晒霜", "卸妆水", "腮红", "眉笔", "气垫"]
BATCH = 500


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, total: int):
        self.total, self.done, self.started = total, 0, time.perf_counter()
        self.shown = 0.0

    def add(self, n: int, what: str) -> None:
        self.done += n
        now = time.perf_counter()
        if now - self.shown < 0.25:
            return
        self.shown = now
        width = 30
        filled = int(width * self.done / max(1, self.total))
        rate = self.done / max(1e-9, time.perf_counter() - self.started)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done:>7}/{self.total}"
                         f" rows  {rate:,.0f}/s  {what:<12}")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")


def insert(model, rows: list[dict], progress: Progress, what: str) -> None:
    for i in range(0, len(rows), BATCH):
        chunk = rows[i:i + BATCH]
        with db.atomic():
            model.insert_many(chunk).execute()
        progress.add(len(chunk), what)


def generate(url: str, seed: int = 7, scale: float = 1.0, today: date = date(2026, 11, 26),
             hosts: int = 50, quiet: bool = False) -> dict[str, int]:
    """Fill the database at ``url`` with a year of the studio; returns the row counts."""
    rng = random.Random(seed)
    init_db(url)
    days = [today - timedelta(days=n) for n in range(365, 0, -1)]
    n_hosts = max(1, int(hosts * scale)) if scale < 1 else hosts

    staff_rows = [{"tg_id": 900_000 + i, "name": f"{SURNAMES[i % 20]}{GIVEN[i % 11]}{i}",
                   "username": f"host{i}", "role": "host", "status": "active",
                   "private_chat": i % 3 != 0, "official_start": days[0] + timedelta(days=i * 5),
                   "created_at": to_db(datetime.combine(days[0], datetime.min.time(), TZ))}
                  for i in range(n_hosts)]
    staff_rows += [{"tg_id": 800_000 + i, "name": f"运营{i}", "username": f"ops{i}",
                    "role": "ops", "status": "active", "private_chat": True,
                    "created_at": to_db(datetime.combine(days[0], datetime.min.time(), TZ))}
                   for i in range(5)]
    staff_rows += [{"tg_id": 700_000 + i, "name": f"主管{i}", "username": f"boss{i}",
                    "role": "manager", "status": "active", "private_chat": True,
                    "created_at": to_db(datetime.combine(days[0], datetime.min.time(), TZ))}
                   for i in range(2)]
    day_fraction = max(0.01, min(1.0, scale))
    est = int(n_hosts * 365 * day_fraction * 6 + 10_000 * scale * 4 + 20_000 * scale * 3)
    progress = Progress(est)
    with db.atomic():
        Staff.insert_many(staff_rows).execute()
    host_ids = [s.id for s in Staff.select(Staff.id).where(Staff.role == "host").order_by(Staff.id)]
    ops_ids = [s.id for s in Staff.select(Staff.id).where(Staff.role == "ops")]
    manager_ids = [s.id for s in Staff.select(Staff.id).where(Staff.role == "manager")]

    # Broadcasts (one a day a host, 2-4 h, a few late), their metrics, videos, check-ins, plans.
    broadcasts, videos, checkins, plans = [], [], [], []
    for day in days:
        if rng.random() > day_fraction:
            continue
        for host in host_ids:
            start = datetime.combine(day, datetime.min.time(), TZ) + timedelta(
                hours=rng.choice([10, 14, 19, 20]), minutes=rng.randrange(0, 60))
            length = timedelta(minutes=rng.randrange(120, 250))
            auto = rng.random() < 0.003
            broadcasts.append({"staff": host, "room": "A", "day": day,
                               "started_at": to_db(start), "ended_at": to_db(start + length),
                               "late_start": rng.random() < 0.02, "late_end": rng.random() < 0.02,
                               "auto_closed": auto, "created_at": to_db(start)})
            plans.append({"staff": host, "day": day, "starts_at": to_db(start),
                          "ends_at": to_db(start + timedelta(hours=3)), "room": "A",
                          "created_at": to_db(start - timedelta(days=1))})
            if rng.random() < 0.9:
                checkins.append({"staff": host, "day": day,
                                 "at": to_db(start - timedelta(minutes=30))})
            for v in range(2 if rng.random() < 0.97 else 1):
                videos.append({"staff": host, "day": day,
                               "at": to_db(start + length + timedelta(minutes=10 + v)),
                               "link": f"https://v.example/{host}/{day.isoformat()}/{v}",
                               "title": f"视频{v}"})
    insert(Broadcast, broadcasts, progress, "broadcasts")
    insert(Plan, plans, progress, "plans")
    insert(Checkin, checkins, progress, "checkins")
    insert(Video, videos, progress, "videos")

    metrics = []
    for b_id, staff_id, started in Broadcast.select(Broadcast.id, Broadcast.staff,
                                                    Broadcast.started_at).tuples():
        viewers = rng.randrange(300, 20_000)
        orders = rng.randrange(0, 120)
        metrics.append({"broadcast": b_id, "staff": staff_id, "created_at": started,
                        "current": True, "fans": rng.randrange(1000, 200_000),
                        "new_fans": rng.randrange(0, 500), "viewers": viewers,
                        "peak": viewers // 10, "gmv_fen": orders * rng.randrange(3000, 30000),
                        "orders": orders, "products": rng.randrange(5, 40),
                        "likes": rng.randrange(0, 50_000), "comments": rng.randrange(0, 3000)})
    insert(MetricsEntry, metrics, progress, "metrics")

    codes = [("smoking", 5000), ("lights", 2000), ("computer", 2000), ("ac", 5000),
             ("rubbish", 2000), ("register", 1000), ("mess", 2000), ("early_ac", 5000)]
    fines = []
    for _ in range(int(3000 * scale)):
        code, amount = rng.choice(codes)
        when = datetime.combine(rng.choice(days), datetime.min.time(), TZ) + timedelta(hours=22)
        status = rng.choice(["unpaid", "paid", "paid", "waived"])
        fines.append({"staff": rng.choice(host_ids), "code": code, "count": 1,
                      "amount_fen": amount, "reason": "", "created_at": to_db(when),
                      "created_by": rng.choice(ops_ids + manager_ids), "status": status,
                      "paid_at": to_db(when + timedelta(days=2)) if status == "paid" else None})
    insert(Fine, fines, progress, "fines")

    samples, events = [], []
    statuses = ["warehouse", "warehouse", "to_return", "no_return", "returned", "returned", "rack"]
    for _ in range(int(10_000 * scale)):
        arrived = datetime.combine(rng.choice(days), datetime.min.time(), TZ) + timedelta(hours=11)
        brand = rng.choice(BRANDS)
        samples.append({"brand": brand, "brand_key": brand.casefold(),
                        "item": rng.choice(ITEMS), "status": rng.choice(statuses),
                        "arrived_at": to_db(arrived), "logged_by": rng.choice(host_ids),
                        "updated_at": to_db(arrived)})
    insert(Sample, samples, progress, "samples")
    for s_id, status, arrived, by in Sample.select(Sample.id, Sample.status, Sample.arrived_at,
                                                   Sample.logged_by).tuples():
        path = ["rack", "warehouse", status] if status not in ("rack", "warehouse") else (
            ["rack"] if status == "rack" else ["rack", "warehouse"])
        prev = None
        for step, to in enumerate(path):
            events.append({"sample": s_id, "at": arrived + timedelta(days=step * 3),
                           "actor": by, "from_status": prev, "to_status": to})
            prev = to
    insert(SampleEvent, events, progress, "events")

    n_customers = int(6000 * scale) or 1
    customers = [{"tg_id": 100_000_000 + i, "name": f"顾客{i}", "lang": "zh",
                  "created_at": to_db(datetime.combine(days[0], datetime.min.time(), TZ))}
                 for i in range(n_customers)]
    insert(Customer, customers, progress, "customers")
    customer_ids = [c for (c,) in Customer.select(Customer.id).tuples()]
    inquiries = []
    for _ in range(int(20_000 * scale)):
        opened = datetime.combine(rng.choice(days), datetime.min.time(), TZ) + timedelta(
            hours=rng.randrange(9, 23), minutes=rng.randrange(0, 60))
        inquiries.append({"customer": rng.choice(customer_ids), "status": "closed",
                          "opened_at": to_db(opened), "last_message_at": to_db(opened),
                          "card_chat_id": -1001234567890})
    insert(Inquiry, inquiries, progress, "inquiries")
    messages = []
    for i_id, opened in Inquiry.select(Inquiry.id, Inquiry.opened_at).tuples():
        response = rng.randrange(30, 3600)
        # insert_many takes its columns from the first row: every row names every column.
        messages.append({"inquiry": i_id, "direction": "in", "at": opened, "text": "请问有货吗",
                         "staff": None, "response_seconds": None})
        messages.append({"inquiry": i_id, "direction": "out",
                         "at": opened + timedelta(seconds=response), "text": "有的",
                         "staff": rng.choice(host_ids), "response_seconds": response})
    insert(InquiryMessage, messages, progress, "messages")
    progress.close()
    counts = {m.__name__: m.select().count() for m in
              (Staff, Broadcast, MetricsEntry, Video, Checkin, Plan, Fine, Sample, SampleEvent,
               Customer, Inquiry, InquiryMessage)}
    db.close()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="sqlite:///bench/out/year.db")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    if args.url.startswith("sqlite:///"):
        path = Path(args.url[len("sqlite:///"):])
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    counts = generate(args.url, args.seed, args.scale)
    for name, count in counts.items():
        print(f"{name:<16}{count:>9,}")
    print(f"generated in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
