"""Numbers without typing (#29): a platform's export or a screenshot sent to the bot becomes a
preview; one press saves it as /metrics would; the same file twice changes nothing; hostile
files get one line and write nothing. Through the real Application, files fetched with getFile
from the offline Bot API; the samples are made by tools/make_export_samples.py."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from models import Audit, MetricsEntry, MetricsImport, PlatformAccount
from studio import metrics
from studio.imports import ocr
from tests.conftest import base_config, studio_time
from tests.factories import message, message_update
from tests.test_metrics import broadcast

SAMPLES = Path(__file__).parent / "data" / "exports"


async def send_file(studio, who, name: str, data: bytes | None = None, *, chat="private",
                    at="23:00", caption: str | None = None, photo: bool = False):
    """``who`` sends a file (a document, or a photo) that the offline Bot API serves."""
    data = (SAMPLES / name).read_bytes() if data is None else data
    when = studio_time(at)
    studio.now = when
    msg = message(who, None, chat=chat, date=when, caption=caption)
    file_id = f"file-{msg['message_id']}"
    studio.api.put_file(file_id, data)
    if photo:
        msg["photo"] = [{"file_id": f"{file_id}-s", "file_unique_id": "s", "width": 90,
                         "height": 90},
                        {"file_id": file_id, "file_unique_id": "l", "width": 750,
                         "height": 720, "file_size": len(data)}]
    else:
        msg["document"] = {"file_id": file_id, "file_unique_id": "d", "file_name": name,
                           "file_size": len(data)}
    return await studio.process(message_update(msg), when)


def card(calls):
    return next(c for c in calls if c.method == "sendMessage")


def the_day(studio):
    """The samples' day: 小红 09:00–12:05 and 小明 19:05–20:33, both logged."""
    studio.team()
    red = broadcast(studio.staff(studio.host), start="09:00", hours=3)
    ming = broadcast(studio.staff(studio.host2), start="19:00", hours=2)
    return red, ming


def current(b):
    return metrics.values_of(metrics.current_entry(b))


@pytest.mark.parametrize("name", ["douyin-live-detail.xlsx", "metrics-utf8.csv",
                                  "metrics-gbk.csv"])
async def test_an_export_previews_then_one_press_saves_and_report_shows_it(studio, name):
    red, ming = the_day(studio)
    calls = await send_file(studio, studio.ops, name)
    preview = card(calls)
    assert [c.method for c in calls if c.method in ("getFile", "download")] == ["getFile",
                                                                                "download"]
    assert "12,345.60" in preview.text and "小红" in preview.text and "小明" in preview.text
    assert MetricsEntry.select().count() == 0, "nothing is written before the press"
    calls = await studio.press(studio.ops, preview, "确认")
    assert current(red)["gmv"] == 1_234_560 and current(red)["viewers"] == 12_340
    assert current(ming)["orders"] == 35 and current(ming)["new_fans"] == 120
    assert Audit.select().where(Audit.action == "metrics.record").count() == 2
    report = studio.text(await studio.send(studio.ops, "/report", chat="private", at="23:30"))
    assert "小红       12346" in report and "合计       15846" in report


async def test_the_same_file_twice_changes_nothing(studio):
    red, _ = the_day(studio)
    preview = card(await send_file(studio, studio.ops, "douyin-live-detail.xlsx"))
    await studio.press(studio.ops, preview, "确认")
    entries = MetricsEntry.select().count()
    calls = await send_file(studio, studio.ops, "douyin-live-detail.xlsx", at="23:10")
    again = card(calls)
    assert again.buttons == [] and "没有变化" in again.text
    assert MetricsEntry.select().count() == entries


async def test_a_later_export_with_other_numbers_shows_the_difference_and_asks(studio):
    red, _ = the_day(studio)
    metrics.save_metrics(red, studio.staff(studio.host), {"gmv": 350_000}, studio_time("13:00"))
    preview = card(await send_file(studio, studio.ops, "douyin-live-detail.xlsx"))
    assert "替换" in preview.text and "3,500" in preview.text
    assert current(red)["gmv"] == 350_000, "asked first"
    await studio.press(studio.ops, preview, "确认")
    assert current(red)["gmv"] == 1_234_560


async def test_cancel_writes_nothing_and_a_second_press_does_nothing(studio):
    the_day(studio)
    preview = card(await send_file(studio, studio.ops, "metrics-utf8.csv"))
    await studio.press(studio.ops, preview, "取消")
    assert MetricsEntry.select().count() == 0
    calls = await studio.press(studio.ops, preview, "确认")
    assert MetricsEntry.select().count() == 0
    assert any(c.method == "answerCallbackQuery" and c.params.get("show_alert") for c in calls)


async def test_only_the_sender_confirms(studio):
    the_day(studio)
    preview = card(await send_file(studio, studio.ops, "metrics-utf8.csv"))
    calls = await studio.press(studio.host, preview, "确认")
    assert MetricsEntry.select().count() == 0
    assert any("别人" in (c.params.get("text") or "") for c in calls)


async def test_a_host_imports_only_her_own_broadcasts(studio):
    red, ming = the_day(studio)
    preview = card(await send_file(studio, studio.host, "douyin-live-detail.xlsx"))
    assert "没有对应" in preview.text  # 小明's row: not among her broadcasts
    await studio.press(studio.host, preview, "确认")
    assert current(red)["gmv"] == 1_234_560 and current(ming) == {}


async def test_rows_matching_two_broadcasts_are_listed_not_guessed(studio):
    studio.team()
    broadcast(studio.staff(studio.host), start="09:00", hours=3, room="A")
    broadcast(studio.staff(studio.host2), start="09:10", hours=3, room="B")
    preview = card(await send_file(studio, studio.ops, "metrics-utf8.csv"))
    assert "不止一场" in preview.text


async def test_an_account_matches_a_row_to_its_person(studio):
    studio.team()
    red = broadcast(studio.staff(studio.host), start="09:00", hours=3, room="A")
    broadcast(studio.staff(studio.host2), start="09:10", hours=3, room="B")
    calls = await studio.send(studio.host, "/account 抖音 @XiaoHong_Live", chat="private")
    assert "xiaohong_live" in studio.text(calls)
    assert PlatformAccount.get().staff_id == red.staff_id
    preview = card(await send_file(studio, studio.ops, "douyin-live-detail.xlsx"))
    await studio.press(studio.ops, preview, "确认")
    assert current(red)["gmv"] == 1_234_560


async def test_an_account_belongs_to_one_person(studio):
    studio.team()
    await studio.send(studio.host, "/account 抖音 xiaohong_live", chat="private")
    calls = await studio.send(studio.host2, "账号 douyin xiaohong_live", chat="private")
    assert "已经登记给 小红" in studio.text(calls)
    assert PlatformAccount.select().count() == 1


async def test_broadcasts_under_five_minutes_are_ignored(studio):
    studio.team()
    broadcast(studio.staff(studio.host), start="09:00", hours=0)
    preview = card(await send_file(studio, studio.ops, "metrics-utf8.csv"))
    assert "没有一行对应" in preview.text and preview.buttons == []


async def test_tiktok_revenue_in_rupiah_is_refused_without_a_rate(studio):
    the_day(studio)
    calls = await send_file(studio, studio.ops, "tiktok-live.xlsx")
    assert "IDR" in studio.text(calls) and MetricsImport.select().count() == 0


@pytest.fixture
def settings_with_rate(settings_dict):
    settings_dict.update(base_config(imports={"rates": {"IDR": "0.00045"}}))
    return settings_dict


async def test_tiktok_with_a_rate_set_is_converted_to_cny(settings_with_rate, studio):
    red, _ = the_day(studio)
    preview = card(await send_file(studio, studio.ops, "tiktok-live.xlsx"))
    await studio.press(studio.ops, preview, "确认")
    rupiah = int(12345.60 * 2200)
    assert current(red)["gmv"] == round(rupiah * 0.00045 * 100)


def xlsx(rows, formula: str | None = None) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    if formula:
        book.active["B3"] = formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 60_000_000)
    return out.getvalue()


HEADER = ["直播开始时间", "观看人数", "成交金额"]


@pytest.mark.parametrize(("name", "data", "says"), [
    ("report.pdf", b"%PDF-1.4 not a sheet", "不是表格"),
    ("fake.xlsx", b"PK\x03\x04broken", "不是表格"),
    ("bomb.xlsx", bomb(), "解压后太大"),
    ("formula.xlsx", xlsx([HEADER, ["2026-11-26 09:00", 100, 5]], "=B2*2"), "公式"),
    ("noheader.xlsx", xlsx([["a", "b"], [1, 2]]), "找不到表头"),
    ("future.xlsx", xlsx([HEADER, ["2026-12-30 09:00", 100, 5]]), "未来"),
    ("future.csv", "直播开始时间,成交金额\n2027-01-01 09:00,5\n".encode(), "未来"),
    ("empty.csv", "直播开始时间,成交金额\n".encode(), "没有数据行"),
])
async def test_hostile_files_get_one_line_and_write_nothing(studio, name, data, says):
    the_day(studio)
    calls = await send_file(studio, studio.host, name, data)
    texts = studio.texts(calls)
    assert len(texts) == 1 and says in texts[0] and "\n" not in texts[0]
    assert MetricsImport.select().count() == 0 and MetricsEntry.select().count() == 0


async def test_a_file_over_the_size_limit_is_refused_before_download(studio):
    the_day(studio)
    calls = await send_file(studio, studio.host, "big.csv", b"x" * 5_000_001)
    assert "文件太大" in studio.text(calls)
    assert not any(c.method in ("getFile", "download") for c in calls)


async def test_a_file_telegram_cannot_serve_gets_one_line(studio):
    the_day(studio)
    when = studio_time("23:00")
    msg = message(studio.ops, None, chat="private", date=when)
    msg["document"] = {"file_id": "gone", "file_unique_id": "g", "file_name": "a.xlsx"}
    calls = await studio.process(message_update(msg), when)
    assert "下载文件失败" in studio.text(calls)


async def test_in_the_group_only_spreadsheets_and_captioned_photos_are_read(studio):
    the_day(studio)
    calls = await send_file(studio, studio.host, "report.pdf", b"%PDF", chat="group")
    assert studio.texts(calls) == []
    calls = await send_file(studio, studio.host, "console-light.png", chat="group", photo=True)
    assert studio.texts(calls) == [], "a photo in the group without 数据 is the staff's own"


async def test_a_parcel_photo_with_its_command_stays_a_parcel(studio):
    studio.team()
    calls = await send_file(studio, studio.host, "console-light.png", chat="private",
                            photo=True, caption="/arrival 花西子 口红 x3")
    assert not any(c.method == "getFile" for c in calls)


@pytest.mark.skipif(not ocr.available(), reason="the OCR package (requirements/ocr.txt)")
@pytest.mark.parametrize("name", ["console-light.png", "console-dark.png"])
async def test_a_screenshot_gives_a_preview_with_the_right_numbers(studio, name):
    red, _ = the_day(studio)
    calls = await send_file(studio, studio.host, name, photo=True, at="12:30")
    preview = card(calls)
    assert "12,345.60" in preview.text and "12,300" in preview.text
    assert MetricsEntry.select().count() == 0, "OCR is a proposal until a press"
    await studio.press(studio.host, preview, "确认")
    assert current(red) == {"gmv": 1_234_560, "viewers": 12_300, "new_fans": 356, "peak": 892,
                            "orders": 128, "likes": 5_210}


async def test_without_ocr_a_photo_gets_one_line_saying_how_to_enable_it(studio, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    the_day(studio)
    calls = await send_file(studio, studio.host, "console-light.png", photo=True)
    text = studio.text(calls)
    assert "requirements/ocr.txt" in text and "没看懂" not in text
    assert not any(c.method == "getFile" for c in calls)


async def test_in_the_group_a_spreadsheet_is_read_and_answered_there(studio):
    red, _ = the_day(studio)
    calls = await send_file(studio, studio.host, "douyin-live-detail.xlsx", chat="group")
    preview = card(calls)
    assert preview.chat_id == studio.chat_id("group") and "12,345.60" in preview.text
    await studio.press(studio.host, preview, "确认")
    assert current(red)["gmv"] == 1_234_560


async def test_a_screenshot_in_the_group_needs_its_caption(studio, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    the_day(studio)
    calls = await send_file(studio, studio.host, "console-light.png", chat="group", photo=True,
                            caption="数据")
    assert "requirements/ocr.txt" in studio.text(calls)


async def test_an_edited_file_message_is_not_read_again(studio):
    the_day(studio)
    when = studio_time("23:00")
    msg = message(studio.ops, None, chat="private", date=when)
    studio.api.put_file("f-edit", (SAMPLES / "metrics-utf8.csv").read_bytes())
    msg["document"] = {"file_id": "f-edit", "file_unique_id": "e", "file_name": "m.csv"}
    await studio.process(message_update(msg), when)
    calls = await studio.process(message_update(msg, edited=True), when)
    assert not any(c.method == "getFile" for c in calls)
    assert MetricsImport.select().count() == 1


async def test_a_csv_may_name_the_broadcast_by_its_number(studio):
    red, ming = the_day(studio)
    data = f"直播编号,成交,观看\n{ming.id},1.2万,3000\n".encode()
    preview = card(await send_file(studio, studio.ops, "by-id.csv", data))
    await studio.press(studio.ops, preview, "确认")
    assert current(ming) == {"gmv": 1_200_000, "viewers": 3_000} and current(red) == {}


async def test_the_preview_speaks_the_senders_language(studio):
    the_day(studio)
    await studio.send(studio.ops, "/lang en", chat="private")
    preview = card(await send_file(studio, studio.ops, "metrics-gbk.csv"))
    assert "CSV sheet: the numbers of 2 broadcasts" in preview.text
    assert [b["text"] for b in preview.buttons] == ["Confirm", "Cancel"]


async def test_ops_record_a_hosts_account_and_anyone_lists_their_own(studio):
    studio.team()
    await studio.send(studio.ops, "/account 小明 tiktok 小明直播间", chat="private")
    assert PlatformAccount.get().staff_id == studio.staff(studio.host2).id
    calls = await studio.send(studio.host2, "/account", chat="private")
    assert "TikTok:小明直播间" in studio.text(calls)
    calls = await studio.send(studio.host, "/account 微博 abc", chat="private")
    assert "不认识的平台" in studio.text(calls) and PlatformAccount.select().count() == 1


def declared_wide(rows: int) -> bytes:
    """A workbook of ``rows`` rows that declares itself 16,384 columns wide: read-only openpyxl
    pads every row out to the declared width."""
    data = xlsx([HEADER] + [["2026-10-01 09:00", 100, 5]] * rows)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(f'<dimension ref="A1:C{rows + 1}" />'.encode(),
                                    f'<dimension ref="A1:XFD{rows + 1}" />'.encode())
            target.writestr(info, body)
    return out.getvalue()


def test_a_workbook_declaring_itself_wide_is_read_no_wider_than_an_export():
    from studio.imports.sheets import MAX_COLUMNS, xlsx_tables

    (_, rows), = xlsx_tables(declared_wide(1500), max_rows=2000)
    assert len(rows) == 1501 and max(len(r) for r in rows) <= MAX_COLUMNS


async def test_many_unmatched_rows_are_counted_not_all_listed(studio):
    the_day(studio)
    calls = await send_file(studio, studio.host, "old.xlsx", declared_wide(300))
    texts = studio.texts(calls)
    assert len(texts) == 1 and "没有导入的 300 行" in texts[0] and "另有 280 行" in texts[0]


@pytest.mark.parametrize(("name", "data"), [
    ("nul.csv", "直播开始时间,成交金额\n2026-11-26 09:00,5\x00\n".encode()),
    ("huge-field.csv", b"a," + b"x" * 200_000 + b"\n"),
])
async def test_a_csv_the_reader_chokes_on_is_one_line(studio, name, data):
    the_day(studio)
    calls = await send_file(studio, studio.host, name, data)
    assert len(studio.texts(calls)) == 1 and MetricsImport.select().count() == 0


async def test_the_same_file_confirmed_from_a_second_card_saves_nothing_twice(studio):
    the_day(studio)
    first = card(await send_file(studio, studio.ops, "metrics-utf8.csv"))
    second = card(await send_file(studio, studio.ops, "metrics-utf8.csv", at="23:05"))
    await studio.press(studio.ops, first, "确认")
    entries = MetricsEntry.select().count()
    calls = await studio.press(studio.ops, second, "确认")
    assert MetricsEntry.select().count() == entries
    assert any("没有变化" in (c.params.get("text") or "") for c in calls)


@pytest.mark.skipif(not ocr.available(), reason="the OCR package (requirements/ocr.txt)")
async def test_a_screenshot_sent_as_a_file_is_read_as_a_screenshot(studio):
    red, _ = the_day(studio)
    when = studio_time("12:30")
    msg = message(studio.host, None, chat="private", date=when)
    studio.api.put_file("png-doc", (SAMPLES / "console-dark.png").read_bytes())
    msg["document"] = {"file_id": "png-doc", "file_unique_id": "p", "file_name": "截图.png",
                       "mime_type": "image/png"}
    preview = card(await studio.process(message_update(msg), when))
    assert "12,345.60" in preview.text and preview.buttons


async def test_a_workbook_of_another_platform_is_a_spreadsheet(studio):
    red, _ = the_day(studio)
    data = xlsx([["开始时间", "结束时间", "观看人数", "成交金额"],
                 ["2026-11-26 09:00", "2026-11-26 12:00", 100, "88.8"]])
    preview = card(await send_file(studio, studio.ops, "快手.xlsx", data))
    assert preview.text.startswith("<b>表格:1 场直播的数据</b>")
