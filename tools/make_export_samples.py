"""Make the sample exports and screenshots under tests/data/exports (or ``--out``), offline.

Shaped as the platforms' real files: Douyin 罗盘's 直播明细 workbook (a title row, headers
grouped by merged cells over two rows, full- and half-width brackets, a blank row, a totals
row), TikTok Shop's LIVE workbook (two title rows, English headers, ``1h28m`` durations,
``2026/11/26/ 19:05`` times, revenue in rupiah), a CSV of ``/metrics`` keys in UTF-8 and in
GBK, and screenshots of a console's data page (light and dark) drawn with the project's CJK
font. ``--day`` moves every date (for ``make demo``: the console's day).

    .venv/bin/python tools/make_export_samples.py [--day 2026-11-26] [--out tests/data/exports]
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402
from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from studio.chart import packaged_font  # noqa: E402

DAY = date(2026, 11, 26)
# (account, start HH:MM, minutes, viewers, views, peak, new fans, GMV yuan, orders, buyers)
BROADCASTS = [
    ("xiaohong_live", "09:00", 185, 12_340, 20_511, 892, 356, "12345.60", 128, 120),
    ("小明直播间", "19:05", 88, 8_020, 11_200, 402, 120, "3500", 35, 33),
]


def at(day: date, hhmm: str) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute)


def douyin(day: date) -> bytes:
    return douyin_book([(at(day, b[1]), b[0], *b[2:]) for b in BROADCASTS], day, day)


def douyin_book(rows: list[tuple], first: date, last: date) -> bytes:
    """Douyin's 直播明细 workbook of ``rows``: (start datetime, account, minutes, viewers,
    views, peak, new fans, GMV yuan, orders, buyers) — a day's or a month's."""
    book = Workbook()
    sheet = book.active
    sheet.title = "直播间明细"
    sheet.append([f"直播明细（{first.isoformat()} 至 {last.isoformat()}）"])
    sheet.merge_cells("A1:M1")
    # Grouped headers: the row fields merged over two rows; the figures under a merged group.
    sheet.append(["直播开始时间", "直播结束时间", "直播时长（分钟）", "主播昵称", "流量数据", None,
                  None, None, "成交数据", None, None, None, "直播标题"])
    sheet.append([None, None, None, None, "直播间观看人数", "直播间观看次数", "最高在线人数",
                  "新增粉丝数", "直播间成交金额(元)", "直播间成交订单数", "成交人数",
                  "千次观看成交金额（元）", None])
    for col in "ABCDM":
        sheet.merge_cells(f"{col}2:{col}3")
    sheet.merge_cells("E2:H2")
    sheet.merge_cells("I2:L2")
    for begun, account, minutes, viewers, views, peak, fans, gmv, orders, buyers in rows:
        sheet.append([begun.strftime("%Y-%m-%d %H:%M:%S"),
                      (begun + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M:%S"),
                      minutes, account, viewers, views, peak, fans, float(gmv), orders, buyers,
                      round(float(gmv) * 1000 / viewers, 2), "好物分享"])
        sheet.append([])  # the export's blank rows between days
    sheet.append(["合计", None, sum(b[2] for b in rows), None, sum(b[3] for b in rows)])
    return saved(book)


def tiktok(day: date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "LIVE"
    sheet.append(["LIVE performance"])
    sheet.append([f"Date range: {day:%Y/%m/%d} - {day:%Y/%m/%d}"])
    sheet.append(["Creator", "LIVE name", "Launched Time", "Duration", "Revenue (Rp)",
                  "Orders Paid", "Viewers", "Views", "Peak viewers", "New Followers"])
    for account, start, minutes, viewers, views, peak, fans, gmv, orders, _ in BROADCASTS:
        hours, mins = divmod(minutes, 60)
        rupiah = int(float(gmv) * 2200)
        sheet.append([account, "Flash sale", at(day, start).strftime("%Y/%m/%d/ %H:%M"),
                      f"{hours}h{mins}m", f"Rp{rupiah:,}".replace(",", "."), orders,
                      viewers, views, peak, fans])
    return saved(book)


def saved(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def metrics_csv(day: date, encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["日期", "开始时间", "结束时间", "观看人数", "成交金额（元）", "订单数", "新增粉丝"])
    for _, start, minutes, viewers, _, _, fans, gmv, orders, _ in BROADCASTS:
        end = at(day, start) + timedelta(minutes=minutes)
        writer.writerow([day.isoformat(), start, end.strftime("%H:%M"), viewers, f"￥{gmv}",
                         orders, fans])
    return out.getvalue().encode(encoding)


# What a console's data page shows, label above value, two columns (the values of the first
# broadcast above, as the platform formats them).
SCREEN = [("成交金额", "¥12,345.60"), ("观看人数", "1.23万"), ("新增粉丝", "356"),
          ("最高在线", "892"), ("成交订单数", "128"), ("点赞数", "5,210")]


def screenshot(dark: bool) -> bytes:
    font_file = packaged_font()
    if font_file is None:
        raise SystemExit("the CJK font package (cvttf-notosanscjk-regular) is not installed")
    big, small = ImageFont.truetype(str(font_file), 44), ImageFont.truetype(str(font_file), 28)
    background, ink, faint = ((24, 26, 31), (236, 236, 240), (150, 152, 160)) if dark else (
        (250, 250, 252), (20, 20, 24), (110, 112, 120))
    image = Image.new("RGB", (750, 720), background)
    draw = ImageDraw.Draw(image)
    draw.text((40, 36), "直播数据 · 本场", font=small, fill=ink)
    for index, (label, value) in enumerate(SCREEN):
        x, y = 40 + (index % 2) * 360, 120 + (index // 2) * 190
        draw.text((x, y), label, font=small, fill=faint)
        draw.text((x, y + 50), value, font=big, fill=ink)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--day", type=date.fromisoformat, default=DAY)
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "data" / "exports")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    files = {"douyin-live-detail.xlsx": douyin(args.day), "tiktok-live.xlsx": tiktok(args.day),
             "metrics-utf8.csv": metrics_csv(args.day, "utf-8"),
             "metrics-gbk.csv": metrics_csv(args.day, "gbk"),
             "console-light.png": screenshot(False), "console-dark.png": screenshot(True)}
    for name, data in files.items():
        (args.out / name).write_bytes(data)
        print(args.out / name)


if __name__ == "__main__":
    main()
