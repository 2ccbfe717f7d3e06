"""Draw the README's sample chart (docs/report-chart.png) from a seeded demo week.

    python tools/report_demo.py [docs/report-chart.png]
"""

from __future__ import annotations

import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import Settings
from models import Broadcast, MetricsEntry, Staff, init_db
from studio import chart, report
from studio.clock import Clock, to_db

TZ = ZoneInfo("Asia/Shanghai")
HOSTS = [  # name, official start, minutes live on each day of the week, GMV per day (CNY)
    ("小红", date(2026, 9, 15), [200, 185, 190, 120, 240, 180, 0], 900),
    ("小明", date(2026, 5, 1), [180, 0, 150, 210, 200, 195, 185], 2100),
    ("欧阳娜娜", date(2026, 11, 1), [60, 90, 185, 200, 170, 180, 220], 150),
    ("阿杰", date(2026, 7, 1), [240, 250, 230, 0, 0, 260, 245], 1600),
    ("Lee", date(2026, 10, 10), [185, 180, 175, 190, 185, 100, 180], 700),
]


def main(out: str = "docs/report-chart.png") -> None:
    init_db("sqlite:///:memory:")
    first = date(2026, 11, 16)
    for number, (name, start, minutes, gmv) in enumerate(HOSTS, start=1):
        host = Staff.create(tg_id=number, name=name, role="host", status="active",
                            official_start=start)
        for offset, length in enumerate(minutes):
            if not length:
                continue
            day = first + timedelta(days=offset)
            started = to_db(datetime.combine(day, time(19, 0), tzinfo=TZ))
            broadcast = Broadcast.create(staff=host, room="A", day=day, started_at=started,
                                         ended_at=started + timedelta(minutes=length))
            MetricsEntry.create(broadcast=broadcast, staff=host, gmv_fen=gmv * 100,
                                viewers=800, orders=9)
    settings = Settings()
    data = report.build(first, first + timedelta(days=6), settings, Clock(TZ))
    Path(out).write_bytes(chart.render(data, settings, "zh"))
    print(f"wrote {out}")


if __name__ == "__main__":
    main(*sys.argv[1:])
