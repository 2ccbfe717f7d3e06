"""Plays a history to the real Application (the offline Bot API, a fresh database) and reads
back the figures people read: ``/report``'s tables, the workbook's summary, ``/me`` and
``/payroll``. Only the test bench is used to send updates; the figures are read from the
replies, never computed here."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from config import settings_from_dict
from models import Broadcast, Fine, Inquiry
from tests.conftest import MANAGER, Studio, base_config, empty_tables, open_studio, studio_time
from tests.factories import Person
from tests.model import events as ev

TZ = ZoneInfo("Asia/Shanghai")
ROOMS = ["A", "B", "C"]
CUSTOMERS = {"zhang": Person(555, "顾客张", "fan_zhang"), "wu": Person(556, "顾客吴", None)}


def local(moment: datetime) -> datetime:
    return moment.replace(tzinfo=TZ)


def strip_tags(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text).replace("&lt;", "<").replace("&gt;", ">") \
        .replace("&amp;", "&")


def fen(text: str) -> int:
    """``3,500.50`` (yuan as format_fen writes it) → fen."""
    return round(float(text.replace(",", "")) * 100)


@dataclass
class Seen:
    """What a query showed: the event and its parsed figures."""

    event: ev.Event
    figures: dict


@dataclass
class Player:
    studio: Studio
    people: dict[str, Person]
    broadcast_ids: dict[str, int] = field(default_factory=dict)
    fine_ids: dict[str, int] = field(default_factory=dict)
    cards: dict[str, object] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    inquiries: dict[str, tuple[int, object]] = field(default_factory=dict)  # id, inbox card

    def tag(self, who: str) -> str:
        return f"@{self.people[who].username}"

    async def play(self, event: ev.Event) -> None:
        at = local(event.at)
        s = self.studio
        match event:
            case ev.Join(who=who):
                s.add_staff(self.people[who], "host", joined=at.strftime("%Y-%m-%d %H:%M"))
            case ev.SetStart(who=who, day=day):
                await s.send(s.manager, f"/setstart {self.tag(who)} {day.isoformat()}", at=at)
            case ev.Deactivate(who=who):
                await s.send(s.manager, f"/deactivate {self.tag(who)}", at=at)
            case ev.Rejoin(who=who):
                calls = await s.send(self.people[who], "/join", at=at)
                self.cards[f"join:{who}"] = next(c for c in calls if c.chat_id == MANAGER.id
                                                 and c.buttons)
            case ev.Approve(who=who):
                card = self.cards[f"join:{who}"]
                button = next(b["callback_data"] for b in card.buttons
                              if "host" in b["callback_data"])
                await s.press(s.manager, card, button, at=at)
            case ev.Role(who=who, role=role):
                await s.send(s.manager, f"/role {self.tag(who)} {role}", at=at)
            case ev.Live(who=who, broadcast=key, room=room, start=start, keyword=keyword):
                command = "开播" if keyword else "/live"
                text = (f"{command} {room}" if start is None
                        else f"{command} {start:%Y-%m-%d %H:%M} {room}")
                calls = await s.send(self.people[who], text, at=at)
                latest = Broadcast.select().order_by(Broadcast.id.desc()).first()
                self.broadcast_ids[key] = latest.id
                if start is not None:  # the proposal is a fine row from the start
                    self.fine_ids[f"late:{key}"] = Fine.select().order_by(Fine.id.desc()).first().id
                    self.cards[key] = next(c for c in calls if c.chat_id == MANAGER.id
                                           and c.buttons)
            case ev.Offline(who=who, keyword=keyword):
                await s.send(self.people[who], "下播" if keyword else "/offline", at=at)
            case ev.Video(who=who, link=link, keyword=keyword):
                await s.send(self.people[who], f"{'视频' if keyword else '/video'} {link}", at=at)
            case ev.Metrics(broadcast=key):
                parts = [f"{name}={value}" for name, value in (
                    ("gmv", None if event.gmv_fen is None else f"{event.gmv_fen / 100:.2f}"),
                    ("viewers", event.viewers), ("orders", event.orders)) if value is not None]
                await s.send(s.ops, f"/metrics {self.broadcast_ids[key]} {' '.join(parts)}",
                             at=at)
            case ev.Plan(who=who, day=day, room=room):
                await s.send(s.ops, f"/plan {self.tag(who)} {day.isoformat()} 19:00-22:00 {room}",
                             at=at)
            case ev.Checkin(who=who, keyword=keyword):
                await s.send(self.people[who], "到岗" if keyword else "/checkin", at=at)
            case ev.Leave(who=who, day=day):
                await s.send(s.manager, f"/leave {self.tag(who)} {day.isoformat()}", at=at)
            case ev.Fine(who=who, fine=key, amount_fen=amount):
                fining = s.manager if who == "ops" else s.ops  # nobody fines themselves
                await s.send(fining, f"/fine {self.tag(who)} {amount // 100} 迟到", at=at)
                self.fine_ids[key] = Fine.select().order_by(Fine.id.desc()).first().id
            case ev.Decide(broadcast=key, confirm=confirm):
                card = self.cards[key]
                button = card.buttons[0 if confirm else 1]["callback_data"]
                await s.press(s.manager, card, button, at=at)
            case ev.Paid(fine=key):
                await s.send(s.ops, f"/paid {self.fine_ids[key]}", at=at)
            case ev.Waive(fine=key):
                await s.send(s.manager, f"/waive {self.fine_ids[key]} 情况特殊", at=at)
            case ev.Ask(customer=key, text=text):
                calls = await s.send(CUSTOMERS[key], text, chat="private", at=at)
                card = [c for c in s.sent(calls, s.chat_id("group")) if c.method == "sendMessage"]
                if key not in self.inquiries:  # no close in a history: one inquiry each
                    self.inquiries[key] = (Inquiry.select().order_by(Inquiry.id.desc())
                                           .first().id, card[0])
            case ev.Answer(who=who, customer=key, command=command):
                number, card = self.inquiries[key]
                if command:
                    await s.send(self.people[who], f"/answer {number} 有的,今天发货", at=at)
                else:
                    await s.send(self.people[who], "有的,今天发货", chat="group", at=at,
                                 reply_to=card.result)
            case ev.Report(period=period, xlsx=xlsx):
                calls = await s.send(s.manager, f"/report {period}{' xlsx' if xlsx else ''}",
                                     chat="private", at=at)
                figures = {"text": report_tables(strip_tags(s.text(calls, s.manager)))}
                if xlsx:
                    document = next(c for c in calls if c.method == "sendDocument")
                    figures["book"] = workbook_summary(document.files["_bytes"]["document"])
                self.seen.append(Seen(event, figures))
            case ev.Me(who=who, period=period):
                calls = await s.send(self.people[who], f"/me {period}", chat="private", at=at)
                self.seen.append(Seen(event, me_month(strip_tags(s.text(calls, self.people[who])))))
            case ev.Payroll(period=period):
                calls = await s.send(s.manager, f"/payroll {period}", chat="private", at=at)
                self.seen.append(Seen(event, payroll_lines(strip_tags(s.text(calls, s.manager)))))
            case ev.Close(month=month):
                await s.send(s.manager, f"/payroll {month} 结账", chat="private", at=at)
            case ev.Weekly():
                calls = await s.run_job("weekly", at)
                self.seen.append(Seen(event, {"text": report_tables(
                    strip_tags(s.text(calls, s.manager)))}))
            case ev.Digest():
                calls = await s.run_job("digest", at)
                self.seen.append(Seen(event, digest(strip_tags(s.text(calls, "group")))))
            case _:
                raise AssertionError(f"no way to play {event!r}")


TABLES = {"直播 · 视频 · 到岗": ("live", "short_live", "videos", "short_videos", "checkins"),
          "成交 · 目标": ("gmv", "target", "share", "gpm"),
          "乐捐 · 私信 · 登记": ("fines", "owed", "answered", "median", "problems")}


def report_tables(text: str) -> dict[str, dict[str, str]]:
    """Name → column → cell, over the three tables of a ``/report`` (Chinese)."""
    rows: dict[str, dict[str, str]] = {}
    columns = None
    for line in text.splitlines():
        if line.strip() in TABLES:
            columns = TABLES[line.strip()]
            continue
        if columns is None or line.startswith("主播") or not line.strip():
            continue
        if line.startswith("📦"):
            columns = None
            continue
        name, *cells = line.split()
        assert len(cells) == len(columns), f"a row that is not the table's: {line!r}"
        rows.setdefault(name, {}).update(zip(columns, cells, strict=True))
    return rows


def workbook_summary(data: bytes) -> dict[str, dict[str, object]]:
    """The summary sheet: name → header → value."""
    sheet = load_workbook(io.BytesIO(data))["汇总"]
    header = [c.value for c in sheet[1]]
    return {r[0].value: dict(zip(header, (c.value for c in r), strict=True))
            for r in sheet.iter_rows(min_row=2)}


def minutes(hours: str | None, mins: str | None) -> int:
    return int(hours or 0) * 60 + int(mins or 0)


def digest(text: str) -> dict[str, object]:
    """The 23:30 digest in the group: who met both minimums, who is short (live minutes,
    videos), who is on leave."""
    out: dict[str, object] = {"met": [], "short": {}, "leave": []}
    for line in text.splitlines():
        if match := re.match(r"✅ 达标\(\d+\):(.*)$", line):
            out["met"] = sorted(n for n in match.group(1).split("、") if n != "无")
        elif match := re.match(r"🌴 请假\(\d+\):(.*)$", line):
            out["leave"] = sorted(n for n in match.group(1).split("、") if n != "无")
        elif match := re.match(r"• (\S+?):.*\(直播 (?:(\d+)小时)?(?:(\d+)分)?,视频 (\d+)\)",
                               line):
            out["short"][match.group(1)] = (minutes(match.group(2), match.group(3)),
                                            int(match.group(4)))
    return out


def me_month(text: str) -> dict[str, int]:
    live = re.search(r"本月直播合计 (?:(\d+)小时)?(?:(\d+)分)?", text)
    average = re.search(r"日均 (\S+?)\(按 (\d+) 个计入天\)", text)
    per_day = re.fullmatch(r"(?:(\d+)小时)?(?:(\d+)分)?", average.group(1))
    unpaid = re.search(r"未交乐捐:([\d,.]+) 元", text)
    gmv = re.search(r"本月成交 ([\d,.]+) 元", text)
    return {"live_minutes": minutes(live.group(1), live.group(2)),
            "average": None if average.group(1) == "—" else average.group(1) if not per_day
            else minutes(per_day.group(1), per_day.group(2)),
            "days_counted": int(average.group(2)),
            "videos": int(re.search(r"本月视频合计 (\d+) 条", text).group(1)),
            "short_days": int(re.search(r"❌ 未达标 (\d+) 天", text).group(1)),
            "attendance": tuple(map(int, re.search(r"📍 到岗 (\d+)/(\d+) 个计划日",
                                                   text).groups())),
            "unpaid_fen": fen(unpaid.group(1)) if unpaid else 0,
            "gmv_fen": fen(gmv.group(1)) if gmv else None}


PAY_LINE = re.compile(r"^(?:#\d+ )?(\S+?):本期 (\d+) 笔(?:\(含补记 (\d+) 笔\))? ([\d,.]+)"
                      r" · 已交 ([\d,.]+) · 未交 ([\d,.]+) · 以前未交 ([\d,.]+) · 应扣 ([\d,.]+)$")


def payroll_lines(text: str) -> dict[str, tuple[int, ...]]:
    """Name → (count, late items, fines, paid, unpaid, carried, deduct), money in fen."""
    lines = {}
    for line in text.splitlines():
        match = PAY_LINE.match(line.strip())
        assert match or not line.startswith(("#", "合计")), f"a payroll line unread: {line!r}"
        if match:
            lines[match.group(1)] = (int(match.group(2)), int(match.group(3) or 0),
                                     *(fen(match.group(n)) for n in range(4, 9)))
    return lines


async def play_history(database, cast: list[ev.Cast], history: list[ev.Event],
                       joined_before: datetime) -> Player:
    """A fresh studio (empty database, the app built), the cast of ``Join`` events added as
    they come and everyone else staff since ``joined_before``; then every event in turn."""
    empty_tables(database)
    settings = settings_from_dict(base_config(studio={"rooms": ROOMS}), source="test.toml")
    start = studio_time(joined_before)
    studio = await open_studio(settings, start)
    app = studio.app
    people = {c.key: Person(c.tg_id, c.name, c.username) for c in cast}
    joining = {e.who for e in history if isinstance(e, ev.Join)}
    for c in cast:
        if c.key not in joining:
            studio.add_staff(people[c.key], c.role,
                             joined=start.strftime("%Y-%m-%d %H:%M"))
    player = Player(studio, people)
    try:
        for event in history:
            await player.play(event)
    finally:
        await app.shutdown()
    assert not studio.errors, f"handlers raised: {studio.errors!r}"
    return player
