"""Draw the docs' sample charts from seeded demo studios (the same code as ``/report … chart``).

    python tools/report_demo.py [docs]

writes ``docs/report-chart.png`` (the README's: 12 hosts, November to the 26th),
``docs/chart-50x31.png`` (50 hosts, all of October) and ``docs/chart-3days.png`` (12 hosts, three
days), and prints each file's size. The demo studio has hosts who join mid-month, one deactivated
on the 20th, days of leave, and GMV against tenure targets; a fixed seed draws the same pictures.
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import Settings
from models import Audit, Broadcast, Leave, MetricsEntry, Staff, Video, db, init_db
from studio import chart, report
from studio.clock import Clock, to_db

TZ = ZoneInfo("Asia/Shanghai")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高欧阳"
GIVEN = ["小红", "小明", "娜娜", "佳怡", "子涵", "欣怡", "梓萱", "雨桐", "可馨", "思彤", "Lee",
         "Zoe", "一诺", "依诺", "语桐"]


def seed(hosts: int, first: date, last: date, rng: random.Random) -> None:
    """``hosts`` hosts with a month of broadcasts, videos, leave and GMV."""
    days = (last - first).days + 1
    for number in range(1, hosts + 1):
        name = (GIVEN[number - 1] if number <= 3 else
                f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}")[:6]
        joined = first if number % 9 else first + timedelta(days=rng.randrange(days))
        host = Staff.create(tg_id=number, name=name, role="host", status="active",
                            official_start=joined - timedelta(days=rng.choice([0, 20, 60, 200])),
                            created_at=to_db(datetime.combine(joined, time(10), tzinfo=TZ)))
        steady = 0.4 + 0.6 * rng.random()  # how reliably the host meets the minimums
        for offset in range(days):
            day = first + timedelta(days=offset)
            if day < joined:
                continue
            if rng.random() < 0.06:
                Leave.create(staff=host, day=day, created_at=host.created_at)
                continue
            started = to_db(datetime.combine(day, time(19, 0), tzinfo=TZ))
            minutes = 180 + rng.randrange(-40, 60) if rng.random() < steady else 0
            if minutes:
                broadcast = Broadcast.create(staff=host, room="A", day=day, started_at=started,
                                             ended_at=started + timedelta(minutes=minutes),
                                             created_at=started)
                MetricsEntry.create(broadcast=broadcast, staff=host, created_at=started,
                                    gmv_fen=rng.randrange(50, 900) * 100, viewers=800, orders=9)
            for n in range(2 if rng.random() < steady else rng.randrange(2)):
                Video.create(staff=host, at=started, day=day, link=f"https://v.example/{n}")
        if number == 5:  # gone on the 20th
            host.status = "inactive"
            host.save()
            Audit.create(action="staff.deactivate", target=f"staff:{host.id}",
                         at=to_db(datetime.combine(first + timedelta(days=19), time(12),
                                                   tzinfo=TZ)))


def draw(out: Path, hosts: int, first: date, last: date, now: datetime) -> None:
    init_db("sqlite:///:memory:")
    with db.atomic():
        seed(hosts, first, last, random.Random(17))
    settings = Settings()
    data = report.build(first, last, settings, Clock(TZ), now=now)
    png = chart.render(data, settings, "zh")
    out.write_bytes(png)
    print(f"wrote {out}: {len(data.hosts)} hosts × {len(data.days)} days, {len(png):,} bytes")
    db.close()


def main(folder: str = "docs") -> None:
    docs = Path(folder)
    now = datetime(2026, 11, 26, 15, 0, tzinfo=TZ)  # the 26th is not over: grey
    draw(docs / "report-chart.png", 12, date(2026, 11, 1), date(2026, 11, 26), now)
    draw(docs / "chart-50x31.png", 50, date(2026, 10, 1), date(2026, 10, 31), now)
    draw(docs / "chart-3days.png", 12, date(2026, 11, 24), date(2026, 11, 26), now)


if __name__ == "__main__":
    main(*sys.argv[1:])
