"""The parts of an import without the bot: every column alias, the number reader, the header
finder, the file-server address, the config keys of [imports]."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from config import ConfigError, settings_from_dict
from studio.errors import BadInput
from studio.imports import columns, ocr
from studio.imports.sheets import header_of, read_export
from studio.imports.values import read_count, read_datetime, read_minutes, read_money_fen
from tests.conftest import base_config

SH = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(("name", "field"), columns.every_alias())
def test_every_alias_names_its_field(name, field):
    assert columns.field_of(name) == field


@pytest.mark.parametrize(("written", "field"), [
    ("直播间成交金额（元）", "gmv"), ("直播间成交金额(元)", "gmv"), ("直播时长(分钟)", "minutes"),
    ("千次观看用户支付金额（元）", columns.IGNORED), ("千次观看成交金额", columns.IGNORED),
    ("Revenue (Rp)", "gmv"), ("Orders Paid", "orders"), ("New Followers", "new_fans"),
    ("Launched Time", "start"), ("ＧＭＶ", "gmv"), ("观看 人数", "viewers"), ("【成交金额】", "gmv"),
    ("转化率%", columns.IGNORED), ("直播间不存在的列", None), ("", None),
])
def test_names_drift_in_brackets_width_spaces_and_units(written, field):
    assert columns.field_of(written) == field


@pytest.mark.parametrize(("cell", "count"), [
    ("1.2万", 12_000), ("12,340", 12_340), (12340, 12_340), (12340.0, 12_340), ("3k", 3_000),
    ("1.23万", 12_300), ("１２３", 123), ("1.234.567", 1_234_567),
])
def test_counts(cell, count):
    assert read_count(cell) == count


@pytest.mark.parametrize(("cell", "fen"), [
    ("¥3,500", 350_000), ("￥12,345.60", 1_234_560), ("3500元", 350_000), (12345.6, 1_234_560),
    ("1.2万", 1_200_000), ("3,5", 350), ("RMB 88", 8_800),
])
def test_money_in_cny(cell, fen):
    assert read_money_fen(cell, {}) == fen


def test_another_currency_needs_its_rate():
    with pytest.raises(BadInput) as refused:
        read_money_fen("Rp1.234.567", {})
    assert refused.value.params["currency"] == "IDR"
    assert read_money_fen("$10", {"USD": Decimal("7.10")}) == 7_100
    assert read_money_fen("100", {"IDR": Decimal("0.00045")}, assumed="IDR") == 4  # 4.5 fen


@pytest.mark.parametrize(("cell", "unit", "minutes"), [
    ("4小时12分", "min", 252), ("01:28:00", "min", 88), ("1:28", "min", 88), ("1h28m", "min", 88),
    ("1m28s", "min", 1), ("5280", "s", 88), (88, "min", 88), ("88分钟", "min", 88),
    ("2h", "min", 120), ("90 min", "min", 90),
])
def test_durations(cell, unit, minutes):
    assert read_minutes(cell, unit) == minutes


@pytest.mark.parametrize("cell", ["abc", "1小时x", "-5%", "1e9"])
def test_what_is_no_number_is_refused(cell):
    with pytest.raises(BadInput):
        read_count(cell) if cell != "1小时x" else read_minutes(cell)


@pytest.mark.parametrize(("cell", "expected"), [
    ("2026-12-07 19:05:00", datetime(2026, 12, 7, 19, 5, tzinfo=SH)),
    ("2026/12/07/ 19:05", datetime(2026, 12, 7, 19, 5, tzinfo=SH)),
    ("2026年12月7日 19:05", datetime(2026, 12, 7, 19, 5, tzinfo=SH)),
    (datetime(2026, 12, 7, 19, 5), datetime(2026, 12, 7, 19, 5, tzinfo=SH)),
])
def test_times(cell, expected):
    assert read_datetime(cell, SH) == expected


def test_the_header_is_found_below_title_rows_and_under_merged_cells():
    rows = [["直播明细"], [], ["直播开始时间", "流量", None], [None, "观看人数", "成交金额"],
            ["2026-11-26 09:00", 10, 5]]
    top, fields, _ = header_of(rows, {})
    assert top == 3 and fields == ["start", "viewers", "gmv"]


def test_a_config_alias_names_a_column_the_table_does_not_know():
    data = "开播,看播人数,GMV\n2026-11-26 09:00,100,5\n".encode()
    export = read_export(data, "x.csv", tz_of=lambda _: SH, rates={}, max_rows=10,
                         now=datetime(2026, 11, 27, tzinfo=UTC), extra_aliases={"看播人数": "viewers",
                                                                                "开播": "start"})
    assert export.rows[0].values == {"viewers": 100, "gmv": 500}


def test_the_file_server_is_derived_from_base_url():
    def url(**telegram):
        return settings_from_dict(base_config(telegram=telegram)).telegram.base_file_url
    assert url() == ""  # Telegram's own: PTB's default
    assert url(base_url="http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"
    assert url(base_url="http://127.0.0.1:8081/bot/") == "http://127.0.0.1:8081/file/bot"
    assert url(base_url="http://h/bot", base_file_url="http://files/f/bot") == "http://files/f/bot"


@pytest.mark.parametrize(("imports", "says"), [
    ({"rates": {"IDR": 0.00045}}, "imports.rates.IDR: must be a string"),
    ({"rates": {"IDR": "zero"}}, "imports.rates"),
    ({"rates": {"rupiah": "1"}}, "imports.rates"),
    ({"aliases": {"开播": "begin"}}, "imports.aliases"),
    ({"timezone": "Mars/Olympus"}, "imports.timezone"),
    ({"max_bytes": 0}, "imports.max_bytes"),
])
def test_bad_import_settings_are_one_line_naming_the_key(imports, says):
    with pytest.raises(ConfigError) as error:
        settings_from_dict(base_config(imports=imports))
    assert says in str(error.value) and "\n" not in str(error.value)


@pytest.mark.skipif(not ocr.available(), reason="the OCR package (requirements/ocr.txt)")
def test_ocr_pairs_labels_with_values_beside_and_below():
    boxes = [ocr.Box("成交金额", 0, 0, 100, 30), ocr.Box("¥3,500", 0, 40, 120, 80),
             ocr.Box("观看人数", 200, 0, 300, 30), ocr.Box("1.2万", 310, 0, 380, 30),
             ocr.Box("订单数：40", 0, 100, 200, 130), ocr.Box("2026-11-26", 400, 400, 500, 430)]
    assert ocr.pair(boxes, {"gmv", "viewers", "orders"}, {}) == {
        "gmv": 350_000, "viewers": 12_000, "orders": 40}


async def test_files_come_from_the_self_hosted_server_base_url_names():
    # Only base_url is set: getFile goes to <server>/bot<token>/getFile and the download to
    # <server>/file/bot<token>/<file_path>, over real HTTP.
    from telegram import Bot

    from offline import FakeTelegram, serve_http
    from tests.conftest import TOKEN

    api = FakeTelegram()
    api.put_file("doc-1", b"col\n1\n")
    server = serve_http(api)
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        telegram = settings_from_dict(base_config(telegram={"base_url": f"{base}/bot"})).telegram
        bot = Bot(TOKEN, base_url=telegram.base_url, base_file_url=telegram.base_file_url)
        async with bot:
            tg_file = await bot.get_file("doc-1")
            assert bytes(await tg_file.download_as_bytearray()) == b"col\n1\n"
    finally:
        server.shutdown()
    assert [c.method for c in api.calls if c.method in ("getFile", "download")] == [
        "getFile", "download"]


def test_tiktok_durations_in_plain_seconds_and_clock_cells():
    from datetime import time

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in (["LIVE performance"], ["Date range"],
                ["Creator", "Launched Time", "Duration", "Revenue", "Viewers"],
                ["a", "2026/11/26/ 19:05", 5280, "100", 10],
                ["b", "2026/11/26/ 21:00", time(1, 28), "100", 10]):
        sheet.append(row)
    import io
    out = io.BytesIO()
    book.save(out)
    export = read_export(out.getvalue(), "live.xlsx", tz_of=lambda _: SH, rates={},
                         max_rows=10, now=datetime(2026, 11, 27, tzinfo=UTC))
    assert export.platform == "tiktok"
    assert [r.minutes for r in export.rows] == [88, 88]


def test_a_date_column_and_clock_time_cells_make_the_start():
    from datetime import time

    from studio.imports.sheets import read_row

    row = read_row(2, ["2026-11-26", time(19, 5), 10], ["date", "start", "viewers"], ["", "", ""],
                   {"viewers"}, SH, {})
    assert row.start == datetime(2026, 11, 26, 19, 5, tzinfo=SH) and not row.problem
