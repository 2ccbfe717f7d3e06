"""Parcels and samples: from the transit rack through the order book to the Thursday sweep."""

from __future__ import annotations

import pytest

from models import Audit, Sample, SampleEvent
from studio import sample_stock, samples
from studio.errors import BadInput
from tests.conftest import GROUP_ID, base_config


def status_of(*ids: int) -> list[str]:
    return [Sample.get_by_id(i).status for i in ids]


def counts() -> tuple[int, int, int]:
    return Sample.select().count(), SampleEvent.select().count(), Audit.select().count()


# --- parsers ---------------------------------------------------------------------------------------

ARRIVALS = [
    ("花西子 口红", ("花西子", "口红", 1, "")),
    ("花西子 口红 x3", ("花西子", "口红", 3, "")),
    ("花西子 口红 ×3 备注:新色", ("花西子", "口红", 3, "新色")),
    ("花西子 口红 x3 备注：新色 x5", ("花西子", "口红", 3, "新色 x5")),
    ("花西子 雕花 口红 #999 x2", ("花西子", "雕花 口红 #999", 2, "")),
    ("花西子 口红备注:新色", ("花西子", "口红", 1, "新色")),
    ("Estee lipstick note: red one", ("Estee", "lipstick", 1, "red one")),
    ('"A&B <Lab>" 面霜 x2', ("A&B <Lab>", "面霜", 2, "")),
    ("“Estee Lauder” 眼霜", ("Estee Lauder", "眼霜", 1, "")),
    ("ＡＢＣ  精华   液", ("ＡＢＣ", "精华 液", 1, "")),
]


@pytest.mark.parametrize(("text", "expected"), ARRIVALS)
def test_arrival_is_parsed_brand_item_count_note(text, expected):
    parsed = samples.parse_arrival(text, 50)
    assert (parsed.brand, parsed.item, parsed.count, parsed.note) == expected


@pytest.mark.parametrize(("text", "key"), [
    ("", "no_brand"),
    ("x3 口红", "no_brand"),
    ('"" 口红', "no_brand"),
    ("备注:新色", "no_brand"),
    ("花西子", "no_item"),
    ("花西子 x3", "no_item"),
    ("花西子 口红 x0", "bad_times"),
    ("花西子 口红 x51", "bad_times"),
    ("花西子 口红 x1000", "bad_times"),
    ("品" * 65 + " 口红", "brand_too_long"),
])
def test_bad_arrival_is_refused_with_a_reason(text, key):
    with pytest.raises(BadInput) as caught:
        samples.parse_arrival(text, 50)
    assert caught.value.key == key


@pytest.mark.parametrize(("args", "expected"), [
    (["S12"], ([12], "")),
    (["s12", "13,", "S14-S16", "品牌方", "要求"], ([12, 13, 14, 15, 16], "品牌方 要求")),
    (["Ｓ１２", "SF1234567890"], ([12], "SF1234567890")),
])
def test_ids_lead_and_the_rest_is_the_note(args, expected):
    assert samples.split_ids_and_note(args) == expected


@pytest.mark.parametrize(("args", "key"), [([], "no_sample_ids"), (["SF12"], "bad_sample_id"),
                                           (["S15-S12"], "bad_sample_range")])
def test_bad_ids_are_refused(args, key):
    with pytest.raises(BadInput) as caught:
        samples.split_ids_and_note(args)
    assert caught.value.key == key


@pytest.mark.parametrize(("typed", "key"), [("ABC", "abc"), ("ＡＢＣ", "abc"), (" abc ", "abc"),
                                            ("Estee  Lauder", "estee lauder"), ("花西子", "花西子")])
def test_brand_key_folds_case_and_width(typed, key):
    assert samples.brand_key(typed) == key


def test_every_status_is_reachable_and_returned_is_final():
    reachable = {to for _, to in samples.MOVES.values() if to} | {"rack"}
    assert reachable == set(samples.STATUSES)
    assert not any("returned" in starts for starts, _ in samples.MOVES.values())


# What each command may move, from each status: written out here, not read from MOVES.
ALLOWED_FROM = {
    "pick": {"rack", "warehouse"},
    "unpick": {"lineup"},
    "keep": {"lineup"},
    "shelve": {"rack"},
    "toreturn": {"warehouse", "no_return"},
    "noreturn": {"warehouse", "to_return"},
    "returned": {"to_return", "no_return"},
}


@pytest.mark.parametrize("command", sorted(ALLOWED_FROM))
async def test_each_command_moves_a_sample_only_from_the_statuses_it_may(studio, command):
    studio.team()
    await studio.send(studio.host, "/arrival 花西子 口红 x6", at="10:00")
    for setup in ("/pick S2", "/shelve S3-S6", "/toreturn S4", "/noreturn S5 S6",
                  "/returned S6"):
        await studio.send(studio.host, setup, at="10:01")
    statuses = ["rack", "lineup", "warehouse", "to_return", "no_return", "returned"]
    assert status_of(1, 2, 3, 4, 5, 6) == statuses
    for number, status in enumerate(statuses, start=1):
        before = SampleEvent.select().where(SampleEvent.sample == number).count()
        await studio.send(studio.host, f"/{command} S{number}", at="11:00")
        moved = SampleEvent.select().where(SampleEvent.sample == number).count() > before
        assert moved == (status in ALLOWED_FROM[command]), (command, status)


# --- the day: rack, order book, warehouse -----------------------------------------------------------


async def test_ten_samples_from_the_rack_through_the_order_book_to_the_warehouse(studio):
    studio.team()
    calls = await studio.send(studio.host, "/arrival 花西子 口红 x2 备注:新色", at="13:00")
    assert studio.text(calls) == "✅ 已上中转架 2 件:花西子 口红\n编号:S1 S2"
    calls = await studio.send(studio.host, None, caption="/arrival ABC 面霜 x2", photo=True,
                              at="13:30")
    assert "编号:S3 S4" in studio.text(calls)
    photo_id = f"photo-{studio.last_message['message_id']}"
    assert Sample.get_by_id(3).photo_file_id == photo_id == Sample.get_by_id(4).photo_file_id
    calls = await studio.send(studio.host2, "/arrival ＡＢＣ 精华", at="14:00")
    assert "ABC 精华\n编号:S5" in studio.text(calls)  # one brand, spelt as first logged
    assert {s.brand for s in Sample.select().where(Sample.brand_key == "abc")} == {"ABC"}
    await studio.send(studio.host, "到货 完美日记 眼影 x4", at="14:30")
    await studio.send(studio.host, "/arrival 花西子 散粉", at="15:00")
    assert Sample.select().count() == 10 and set(status_of(*range(1, 11))) == {"rack"}
    assert Sample.get_by_id(5).logged_by_id == studio.staff(studio.host2).id

    # The order picked is the tag number.
    calls = await studio.send(studio.host, "/pick S6 s1 3 S9", at="19:00")
    assert studio.text(calls).splitlines()[1:] == [
        "1. S6 完美日记 眼影", "2. S1 花西子 口红", "3. S3 ABC 面霜", "4. S9 完美日记 眼影"]
    calls = await studio.send(studio.host, "/unpick S1", at="19:02")
    assert studio.text(calls).splitlines()[2:] == [
        "1. S6 完美日记 眼影", "2. S3 ABC 面霜", "3. S9 完美日记 眼影"]
    assert status_of(1) == ["rack"] and Sample.get_by_id(1).tag is None

    # What was not chosen goes back to the warehouse (duty 1).
    calls = await studio.send(studio.host, "/shelve S2 S4-S5 S7-S8", at="19:05")
    assert studio.text(calls) == "✅ 已挂回仓库 5 件:S2 S4 S5 S7 S8"
    calls = await studio.send(studio.host, "/keep S3 S9", at="23:00")
    assert "S3 S9" in studio.text(calls)
    calls = await studio.send(studio.host, "/lineup", at="23:01")
    assert studio.text(calls).splitlines()[1:] == [
        "1. S6 完美日记 眼影", "2. S3 ABC 面霜 📌留用", "3. S9 完美日记 眼影 📌留用"]

    # The business day ends: un-kept lineup and the rack to the warehouse; kept ones renumbered.
    calls = await studio.run_job("lineup_close", "2026-11-27 05:00")
    closing = studio.text(calls, GROUP_ID)
    assert closing.splitlines() == [
        "🌙 11-26 的排序本已收。", "挂回仓库 3 件:S6 S1 S10",
        "📌 留用的样品排在 11-27 排序本:", "1. S3 ABC 面霜", "2. S9 完美日记 眼影"]
    assert status_of(1, 6, 10) == ["warehouse"] * 3 and status_of(3, 9) == ["lineup"] * 2
    kept = Sample.get_by_id(9)
    assert (str(kept.lineup_day), kept.tag, kept.keep) == ("2026-11-27", 2, False)
    assert await studio.run_job("lineup_close", "2026-11-27 05:00") == []  # once per day

    calls = await studio.send(studio.host, "/lineup", at="2026-11-27 10:00")
    assert studio.text(calls).splitlines()[1:] == ["1. S3 ABC 面霜", "2. S9 完美日记 眼影"]
    calls = await studio.send(studio.host, "/lineup 11-26", at="2026-11-27 10:00")
    assert studio.text(calls).splitlines()[1:] == ["1. S6 完美日记 眼影"]  # as it was closed

    # The warehouse as it hangs: by brand, newer in front; small brands together.
    calls = await studio.send(studio.host, "/stock", at="2026-11-27 10:01")
    assert studio.text(calls).splitlines() == [
        "<b>仓库样品</b>(共 8 件,按品牌,新的在前、旧的在后)",
        "<b>完美日记</b>(3 件)",
        "• S8 眼影 · 11-26 到货", "• S7 眼影 · 11-26 到货", "• S6 眼影 · 11-26 到货",
        "<b>花西子</b>(3 件)",
        "• S10 散粉 · 11-26 到货", "• S2 口红 · 11-26 到货", "• S1 口红 · 11-26 到货",
        "<b>散户品牌</b>(2 件)",
        "• S5 ABC 精华 · 11-26 到货", "• S4 ABC 面霜 · 11-26 到货",
    ]
    calls = await studio.send(studio.host, "/stock abc", at="2026-11-27 10:02")
    assert studio.text(calls).splitlines()[1:] == [
        "<b>ABC</b>(2 件)", "• S5 精华 · 11-26 到货", "• S4 面霜 · 11-26 到货"]

    # One sample's whole history, who and when, in studio time.
    calls = await studio.send(studio.host2, "/sample S3", at="2026-11-27 10:03")
    photo, text = studio.sent(calls)
    assert (photo.method, photo.params["photo"]) == ("sendPhoto", photo_id)
    assert text.text.splitlines() == [
        "<b>S3</b> ABC 面霜 — 今日排序 📷",
        "排序本 11-27 第 1 号",
        "11-26 13:30 小红:新到 → 中转架",
        "11-26 19:00 小红:中转架 → 今日排序 · #3",
        "11-26 23:00 小红:今日排序 → 今日排序 · 留到明天",
        "11-27 05:00 机器人:今日排序 → 今日排序 · 留用,新号码 1",
    ]


async def test_unpick_sends_a_sample_back_where_it_was_picked_from(studio):
    studio.team()
    await studio.send(studio.host, "/arrival 花西子 口红 x3", at="13:00")
    await studio.send(studio.host, "/shelve S1", at="13:01")
    await studio.send(studio.host, "/pick S1 S2 S3", at="19:00")
    await studio.send(studio.host, "/unpick S1 S2", at="19:01")
    assert status_of(1, 2, 3) == ["warehouse", "rack", "lineup"]
    assert Sample.get_by_id(3).tag == 1


async def test_shelve_all_empties_the_rack(studio):
    studio.team()
    await studio.send(studio.host, "/arrival 花西子 口红 x3", at="13:00")
    await studio.send(studio.host, "/pick S2", at="13:01")
    calls = await studio.send(studio.host, "/shelve all", at="13:02")
    assert studio.text(calls) == "✅ 已挂回仓库 2 件:S1 S3"
    calls = await studio.send(studio.host, "/shelve all", at="13:03")
    assert studio.text(calls) == "中转架上没有样品。"
    assert status_of(1, 2, 3) == ["warehouse", "lineup", "warehouse"]


# --- bad input and rights ---------------------------------------------------------------------------

BAD = [
    ("/pick S99", "找不到样品:S99。"),
    ("/pick S1 S99 S100", "找不到样品:S99 S100。"),
    ("/pick S3", "不能选入排序本:S3。"),  # returned
    ("/returned S1", "不能登记寄回:S1。"),  # on the rack
    ("/returned", "请写样品编号"),
    ("/toreturn S1 S2", "不能标记待寄回:S1。"),  # S2 could, S1 cannot: neither is written
    ("/keep S1", "不在今日排序本上"),
    ("/unpick S2", "不在排序本上:S2。"),
    ("/shelve S2", "不在中转架上:S2。"),
    ("/pick SF12", "样品编号不对:SF12"),
    ("/arrival", "请写品牌。"),
    ("/arrival   x3", "请写品牌。"),
    ("/arrival 花西子 口红 x0", "数量不对:x0(x1 到 x50)。"),
    ("/arrival 花西子 口红 x1000", "数量不对:x1000(x1 到 x50)。"),
    ("/arrival 花西子", "请写品名。"),
    ("/arrival 花西子 口红 x2 x3", "数量写了两次:x2 和 x3。"),  # which one? ask, do not guess
    ('/arrival "A&B Lab 面霜', "品牌的引号没有配对"),  # the brand would be "A&B
    ("/lineup today yesterday", "参数太多。"),
    ("/lineup 13-45", "日期不对"),
]


@pytest.mark.parametrize(("command", "reason"), BAD)
async def test_bad_input_gets_a_reason_and_the_usage_and_writes_nothing(studio, command, reason):
    studio.team()
    await studio.send(studio.host, "/arrival 花西子 口红 x3", at="10:00")
    await studio.send(studio.host, "/shelve S2 S3", at="10:01")
    await studio.send(studio.host, "/noreturn S3", at="10:02")
    await studio.send(studio.host, "/returned S3", at="10:03")
    before = counts()
    calls = await studio.send(studio.host, command, at="11:00")
    reply = studio.text(calls)
    assert reason in reply and "\n用法: /" in reply and len(reply.splitlines()) == 2
    assert counts() == before
    assert status_of(1, 2, 3) == ["rack", "warehouse", "returned"]


async def test_only_staff_may_log_samples(studio):
    studio.team()
    calls = await studio.send(studio.customer, "/arrival 花西子 口红", at="10:00")
    assert studio.text(calls) == "你没有权限使用这个命令。"
    calls = await studio.send(studio.customer, None, caption="/arrival 花西子 口红", photo=True,
                              at="10:01")
    assert studio.text(calls) == "你没有权限使用这个命令。"
    assert counts() == (0, 0, 0)
    await studio.send(studio.ops, "/arrival 花西子 口红", at="10:02")  # ops can too
    assert Sample.select().count() == 1


async def test_an_edited_arrival_does_not_log_again(studio):
    studio.team()
    await studio.send(studio.host, "/arrival 花西子 口红", at="10:00")
    await studio.resend({"update_id": 999_001,
                         "edited_message": dict(studio.last_message, edit_date=1)})
    assert Sample.select().count() == 1


@pytest.mark.parametrize(("text", "item", "count", "note"), [
    ("到货 完美日记 眼影盘 2个 放左边", "眼影盘", 2, "放左边"),
    ("/arrival 完美日记 眼影盘 大号 x2 盒子压坏了，要退", "眼影盘 大号", 2, "盒子压坏了，要退"),
    ("/arrival 完美日记 眼影盘 x2 备注:放左边", "眼影盘", 2, "放左边"),
    ("/arrival 完美日记 眼影盘 大号", "眼影盘 大号", 1, ""),
])
async def test_the_words_after_an_arrivals_count_are_its_note(studio, text, item, count, note):
    """``brand item [xN] [note]``: what follows the count is the note, not more of the item."""
    studio.team()
    await studio.send(studio.host, text, at="10:00")
    rows = list(Sample.select().order_by(Sample.id))
    assert [(r.brand, r.item, r.note) for r in rows] == [("完美日记", item, note)] * count


async def test_markup_in_a_brand_is_kept_as_written_and_shown_escaped(studio):
    studio.team()
    calls = await studio.send(studio.host, '/arrival "A&B <Lab>" 面霜 <b>x</b> x2', at="10:00")
    assert "A&amp;B &lt;Lab&gt; 面霜 &lt;b&gt;x&lt;/b&gt;" in studio.text(calls)
    assert Sample.get_by_id(1).brand == "A&B <Lab>" and Sample.get_by_id(1).item == "面霜 <b>x</b>"
    await studio.send(studio.host, "/shelve all", at="10:01")
    calls = await studio.send(studio.host, "/stock a&b <lab>", at="10:02")
    assert "<b>A&amp;B &lt;Lab&gt;</b>(2 件)" in studio.text(calls)


async def test_a_long_warehouse_is_split_never_cut(studio):
    studio.team()
    for n in range(6):
        await studio.send(studio.host, f"/arrival 品牌{n} {'很长的品名' * 12} x50", at="10:00")
    await studio.send(studio.host, "/shelve all", at="10:01")
    calls = await studio.send(studio.host, "/stock", at="10:02")
    pieces = studio.texts(calls)
    assert len(pieces) > 1 and all(len(p) <= 4096 for p in pieces)
    assert sum(p.count("• S") for p in pieces) == 300


async def test_in_english(studio):
    studio.team()
    await studio.send(studio.host, "/lang en", chat="private")
    calls = await studio.send(studio.host, "/arrival Florasis lipstick x2 note: new shade",
                              chat="private", at="10:00")
    assert studio.text(calls) == "✅ 2 on the transit rack: Florasis lipstick\nIds: S1 S2"
    await studio.send(studio.host, "/shelve all", chat="private", at="10:01")
    calls = await studio.send(studio.host, "/stock", chat="private", at="10:02")
    assert "<b>Small brands</b> (2)" in studio.text(calls)
    calls = await studio.send(studio.host, "/returned S1", chat="private", at="10:03")
    assert studio.text(calls).startswith("Cannot mark returned: S1. Mark them /toreturn")
    assert "Usage: /returned S12 … [tracking no.]" in studio.text(calls)


# --- the Thursday sweep ------------------------------------------------------------------------------


async def test_the_thursday_sweep_lists_returns_by_brand_and_the_follow_up_what_still_waits(
        studio):
    studio.team()
    await studio.send(studio.host, "/arrival 花西子 口红 x2", at="2026-11-16 14:00")
    await studio.send(studio.host, "/arrival 完美日记 眼影", at="2026-11-16 14:01")
    await studio.send(studio.host, "/arrival 橘朵 腮红", at="2026-11-16 14:02")
    await studio.send(studio.host, "/arrival 花西子 旧款口红", at="2026-10-01 12:00")
    await studio.send(studio.host, "/shelve S5", at="2026-10-01 12:01")
    await studio.send(studio.host, "/shelve all", at="2026-11-16 14:10")
    calls = await studio.send(studio.host, "/toreturn S1 S3 品牌方要求寄回", at="2026-11-23 10:00")
    assert studio.text(calls) == "📦 已标记待寄回:S1 S3 · 品牌方要求寄回。周四清理时会列出。"
    await studio.send(studio.host2, "/noreturn S2", at="2026-11-24 10:00")

    calls = await studio.run_job("sweep", "10:00")
    assert [c.chat_id for c in studio.sent(calls)] == [GROUP_ID]
    assert studio.text(calls).splitlines() == [
        "📦 <b>每周寄回清理</b>(11-26)",
        "<b>待寄回</b>(2 件)",
        "〔完美日记〕",
        "• S3 眼影 — 小红 登记,已等 3 天 · 品牌方要求寄回",
        "〔花西子〕",
        "• S1 口红 — 小红 登记,已等 3 天 · 品牌方要求寄回",
        "<b>无需寄回,清理</b>(1 件)",
        "〔花西子〕",
        "• S2 口红 — 小明 登记,已等 2 天",
        "<b>在仓库超过 30 天,可考虑寄回</b>(1 件)",
        "〔花西子〕",
        "• S5 旧款口红 — 在仓库 56 天",
    ]
    assert await studio.run_job("sweep", "10:00") == []  # run twice, sent once

    calls = await studio.send(studio.host, "/returned S1 S2 SF1234567890", at="11:00")
    assert studio.text(calls) == "✅ 已寄回/清理:S1 S2 · SF1234567890。"
    assert Sample.get_by_id(1).tracking == "SF1234567890"
    assert [s.id for s in sample_stock.waiting_for_return()] == [3]
    assert sample_stock.counts_by_status() == {"rack": 0, "lineup": 0, "warehouse": 2,
                                          "to_return": 1, "no_return": 0, "returned": 2}

    calls = await studio.run_job("sweep_followup", "17:00")
    assert studio.text(calls).splitlines() == [
        "⏰ <b>寄回跟进</b>:还有 1 件待寄回,寄出后用 /returned 登记单号",
        "〔完美日记〕",
        "• S3 眼影 — 小红 登记,已等 3 天 · 品牌方要求寄回",
    ]
    calls = await studio.send(studio.host, "/sample S1", at="17:30")
    assert studio.text(calls).splitlines()[-2:] == [
        "11-23 10:00 小红:仓库 → 待寄回 · 品牌方要求寄回",
        "11-26 11:00 小红:待寄回 → 已寄回/已清理 · SF1234567890",
    ]


async def test_a_sweep_with_nothing_to_return_says_so_once(studio):
    studio.team()
    calls = await studio.run_job("sweep", "10:00")
    assert studio.texts(calls, GROUP_ID) == [
        "📦 <b>每周寄回清理</b>(11-26)\n本周没有要寄回或清理的样品。"]
    assert await studio.run_job("sweep", "10:00") == []
    # Nothing was to be sent: the follow-up says nothing, not "all of it was sent".
    calls = await studio.run_job("sweep_followup", "17:00")
    assert studio.texts(calls, GROUP_ID) == []


async def test_the_followup_says_all_sent_when_the_last_went_that_day(studio):
    studio.team()
    await studio.send(studio.host, "/arrival 花西子 口红", at="09:00")
    await studio.send(studio.host, "/shelve all", at="09:01")
    await studio.send(studio.host, "/toreturn S1", at="09:02")
    await studio.send(studio.host, "/returned S1 SF1", at="15:00")
    calls = await studio.run_job("sweep_followup", "17:00")
    assert studio.texts(calls, GROUP_ID) == ["⏰ 寄回跟进:待寄回的样品都已寄出。"]


def test_the_sweep_is_scheduled_on_thursday_and_the_close_at_the_day_change(studio):
    from datetime import time

    from scheduler import registry

    specs = registry(studio.app)

    sweep = specs["sweep"].schedule(studio.settings)
    followup = specs["sweep_followup"].schedule(studio.settings)
    close = specs["lineup_close"].schedule(studio.settings)
    assert (sweep.weekday, sweep.times) == (3, (time(10, 0),))
    assert (followup.weekday, followup.times) == (3, (time(17, 0),))
    assert (close.weekday, close.times) == (None, (time(5, 0),))


async def test_a_photo_captioned_with_the_keyword_logs_its_photo(studio):
    studio.team()
    calls = await studio.send(studio.host, None, caption="到货 橘朵 腮红 x2 备注:试色", photo=True,
                              chat="private", at="10:00")
    assert "编号:S1 S2" in studio.text(calls, studio.host)
    sample = Sample.get_by_id(2)
    assert (sample.brand, sample.item, sample.note) == ("橘朵", "腮红", "试色")
    assert sample.photo_file_id == f"photo-{studio.last_message['message_id']}"
    calls = await studio.send(studio.host, None, photo=True, caption="新到的腮红", at="10:01")
    assert Sample.select().count() == 2  # a photo with another caption is no arrival


async def test_a_return_decision_can_change_until_the_sample_is_gone(studio):
    studio.team()
    await studio.send(studio.host, "/arrival 橘朵 腮红", at="10:00")
    await studio.send(studio.host, "/shelve S1", at="10:01")
    await studio.send(studio.host, "/toreturn S1 品牌要回", at="10:02")
    calls = await studio.send(studio.host2, "/noreturn S1 品牌说不用寄", at="10:03")
    assert studio.text(calls) == "🗑 已标记无需寄回:S1 · 品牌说不用寄。周四清理时会列出。"
    await studio.send(studio.host2, "/returned S1", at="10:04")
    sample = Sample.get_by_id(1)
    assert (sample.status, sample.return_note, sample.tracking) == ("returned", "品牌说不用寄", "")
    assert [(e.from_status, e.to_status) for e in sample_stock.history(sample)] == [
        (None, "rack"), ("rack", "warehouse"), ("warehouse", "to_return"),
        ("to_return", "no_return"), ("no_return", "returned")]
    calls = await studio.send(studio.host2, "/toreturn S1", at="10:05")
    assert studio.text(calls).startswith("不能标记待寄回:S1。")


async def test_a_trailing_number_stays_in_the_item_name_and_the_reply_says_how_to_count(studio):
    """"口红 999" is a real name: kept. "口红 3" is kept too, and the reply says a count is x3."""
    studio.team()
    calls = await studio.send(studio.host, "/arrival 花西子 口红 999", at="13:00")
    assert studio.text(calls) == "✅ 已上中转架 1 件:花西子 口红 999\n编号:S1"
    calls = await studio.send(studio.host, "/arrival 花西子 口红 3", at="13:05")
    assert studio.text(calls) == ("✅ 已上中转架 1 件:花西子 口红 3\n编号:S2\n"
                                  "(品名末尾的 3 记作名称的一部分;如果是数量,请写 x3。)")
    calls = await studio.send(studio.host, "/arrival 花西子 口红 x3", at="13:10")
    assert "请写 x" not in studio.text(calls)
    assert [s.item for s in Sample.select().order_by(Sample.id)] == [
        "口红 999", "口红 3", "口红", "口红", "口红"]


@pytest.mark.parametrize("settings_dict", [base_config(studio={"language": "en"},
                                                       samples={"stale_days": 1})])
async def test_an_english_sweep_says_1_day_not_1_days(studio):
    studio.team()
    await studio.send(studio.host, "/arrival Florasis lipstick x2", at="2026-11-24 14:00")
    await studio.send(studio.host, "/shelve all", at="2026-11-24 14:10")
    await studio.send(studio.host, "/toreturn S1", at="2026-11-25 10:00")
    lines = studio.text(await studio.run_job("sweep", "10:00")).splitlines()
    assert "• S1 lipstick — logged by 小红, waiting 1 day" in lines
    assert "<b>In the warehouse over 1 day, candidates to return</b> (1)" in lines
    assert "• S2 lipstick — 2 days in the warehouse" in lines
