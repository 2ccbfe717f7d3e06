"""A broadcast's numbers (handbook duties 7, 14): parsing ``key=value``, keeping the history, the
derived figures (GPM, average order value) and monthly GMV against the tenure targets.

A broadcast has at most one *current* ``MetricsEntry``; sending numbers again writes a new entry
(the given keys replace, the others carry over) and the old one stays, no longer current.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from peewee import Case, fn

from config import Settings
from models import Broadcast, MetricsEntry, Staff, as_date, audit, db, reused_rows
from studio.clock import Clock, to_db
from studio.errors import BadInput, Refused
from studio.parse.amounts import parse_amount_fen, parse_count
from studio.parse.keyvalues import pairs
from studio.parse.numbers import fold, is_whole, whole
from studio.targets import target_fen, target_for_period

# The fields in the order the guided conversation asks them: (key, kind, Chinese name).
FIELDS: list[tuple[str, str, str]] = [
    ("fans", "count", "粉丝"),
    ("new_fans", "count", "新增粉丝"),
    ("viewers", "count", "观看"),
    ("peak", "count", "峰值"),
    ("gmv", "money", "成交"),
    ("orders", "count", "订单"),
    ("products", "count", "商品"),
    ("likes", "count", "点赞"),
    ("comments", "count", "评论"),
    ("console", "text", "中控台"),
    ("alimama", "text", "阿里妈妈"),
]
ASKED = [key for key, _, _ in FIELDS]  # the guided conversation's questions, in order
# Typed only (not asked): 观看次数, views — a person watching twice is two views, where
# ``viewers`` (观看, 观看人数) counts people. Douyin's own 千次观看成交金额 is per thousand views;
# the studio's GPM is per thousand viewers (docs/reports.md), and a host giving both keeps both.
EXTRA: list[tuple[str, str, str]] = [("views", "count", "观看次数")]
KEYS = ASKED[:3] + ["views"] + ASKED[3:]  # the order a summary lists them
KIND = {key: kind for key, kind, _ in FIELDS + EXTRA}
ALIASES = {**{key: key for key in KEYS}, **{zh: key for key, _, zh in FIELDS + EXTRA},
           "成交额": "gmv", "新粉": "new_fans", "观看人数": "viewers", "订单数": "orders",
           "观看人次": "views", "播放次数": "views", "播放量": "views"}
COLUMN = {key: ("gmv_fen" if key == "gmv" else key) for key in KEYS}

Values = dict[str, int | str]


def key_of(text: str) -> str | None:
    return ALIASES.get(fold(text).strip().lower())


def parse_value(key: str, text: str, settings: Settings) -> int | str:
    """One field's value as typed: a count, GMV in fen (CNY as typed), or free text."""
    text = text.strip()
    if KIND[key] == "text":
        return text
    if not text:
        raise BadInput("metric_empty", name=key)
    if KIND[key] == "money":
        fen = parse_amount_fen(text)
        if fen > settings.metrics.max_gmv * 100:
            raise BadInput("gmv_too_large", value=text, max=settings.metrics.max_gmv)
        return fen
    return parse_count(text)


def parse_metrics(args: list[str], settings: Settings) -> Values:
    """``gmv=3500 观看：1.2万，成交3500元 console=红包3次 抽奖2次`` → {"gmv": 350000, …}.

    Pairs as ``studio.parse.keyvalues`` reads them (``= ＝ : ：``, a space, or nothing after a
    Chinese key). A text field (console, alimama) takes the words after it up to the next
    key."""
    values: Values = {}
    text_key = None
    for key, name, value in pairs(" ".join(args), key_of):
        if name is None:  # a word with no key: the text field's next word, or an error
            if text_key is None:
                raise BadInput("metric_no_key", value=value[:40], keys=", ".join(KEYS))
            values[text_key] = f"{values[text_key]} {value}".strip()
            continue
        if not name.strip():  # "=5": a value with no name before it
            raise BadInput("metric_nameless", value=value[:40], keys=", ".join(KEYS))
        if key is None:
            raise BadInput("unknown_metric", name=name[:40], keys=", ".join(KEYS))
        values[key] = parse_value(key, value, settings)
        text_key = key if KIND[key] == "text" else None
    if not values:
        raise BadInput("metric_no_key", value="", keys=", ".join(KEYS))
    return values


def parse_broadcast_id(text: str) -> int | None:
    """``12`` or ``#12`` (a broadcast id) → 12; anything else → None."""
    raw = fold(text).strip().lstrip("#")
    return whole(raw, "bad_broadcast_id") if is_whole(raw) else None


def broadcast_for(person: Staff, broadcast_id: int | None, may_any: bool, clock: Clock,
                  now: datetime) -> Broadcast:
    """The broadcast the numbers belong to: the given id (one's own, unless ``may_any``), or
    the person's latest broadcast of the current business day."""
    if broadcast_id is not None:
        broadcast = Broadcast.get_or_none(Broadcast.id == broadcast_id)
        if broadcast is None:
            raise BadInput("unknown_broadcast", number=broadcast_id)
        if broadcast.staff_id != person.id and not may_any:
            raise Refused("not_your_broadcast", id=broadcast_id)
        return broadcast
    day = clock.business_day(now)
    broadcast = (Broadcast.select()
                 .where((Broadcast.staff == person) & (Broadcast.day == day))
                 .order_by(Broadcast.started_at.desc(), Broadcast.id.desc())
                 .first())
    if broadcast is None:
        raise BadInput("no_broadcast_today", day=day.isoformat())
    return broadcast


def current_entry(broadcast: Broadcast) -> MetricsEntry | None:
    return (MetricsEntry.select()
            .where((MetricsEntry.broadcast == broadcast) & MetricsEntry.current)
            .order_by(MetricsEntry.id.desc()).first())


def values_of(entry: MetricsEntry | None) -> Values:
    """The fields an entry holds (numbers that are set, texts that are not empty)."""
    if entry is None:
        return {}
    out: Values = {}
    for key in KEYS:
        value = getattr(entry, COLUMN[key])
        if value not in (None, ""):
            out[key] = value
    return out


def save_metrics(broadcast: Broadcast, by: Staff, values: Values, now: datetime) -> MetricsEntry:
    """Write the numbers: a new current entry (the given keys over the old entry's values);
    the old entry is kept, no longer current."""
    with db.atomic():
        old = current_entry(broadcast)
        merged = {**values_of(old), **values}
        (MetricsEntry.update(current=False)
         .where((MetricsEntry.broadcast == broadcast) & MetricsEntry.current).execute())
        # ``staff`` is the host whose broadcast it is (who typed it is in the audit log).
        entry = MetricsEntry.create(broadcast=broadcast, staff=broadcast.staff_id,
                                    created_at=to_db(now), current=True,
                                    **{COLUMN[k]: v for k, v in merged.items()})
        audit(by, "metrics.replace" if old else "metrics.record", f"broadcast:{broadcast.id}",
              " ".join(f"{k}={v}" for k, v in values.items())[:500], at=now)
    return entry


# --- derived figures ---------------------------------------------------------------------------


def gpm_fen(gmv_fen: int | None, viewers: int | None) -> int | None:
    """GMV per thousand viewers (GMV × 1000 / viewers), in fen; None without viewers."""
    if gmv_fen is None or not viewers:
        return None
    return round(gmv_fen * 1000 / viewers)


def average_order_fen(gmv_fen: int | None, orders: int | None) -> int | None:
    """Average order value (GMV / orders), in fen; None without orders."""
    if gmv_fen is None or not orders:
        return None
    return round(gmv_fen / orders)


def target_percent(gmv_fen: int, target_fen: int | None) -> int | None:
    """Whole percent of the target reached, rounded down (99.6% is not yet 100%); None
    without a target. ``/me`` and ``/report`` both show this."""
    return gmv_fen * 100 // target_fen if target_fen else None


@dataclass
class Totals:
    """GMV, viewers and orders, and the parts of the ratios: a ratio is taken over the
    broadcasts that have both its parts (GPM: the GMV of the broadcasts with viewers over
    their viewers; the average order: the GMV of those with orders over their orders)."""

    gmv_fen: int = 0
    viewers: int = 0
    orders: int = 0
    gmv_viewed_fen: int = 0  # GMV of the broadcasts with viewers (> 0)
    gmv_ordered_fen: int = 0  # GMV of the broadcasts with orders (> 0)
    views: int = 0  # 观看次数, where given
    gmv_of_views_fen: int = 0  # GMV of the broadcasts with views (> 0)

    @property
    def gpm_fen(self) -> int | None:
        return gpm_fen(self.gmv_viewed_fen, self.viewers)

    @property
    def average_order_fen(self) -> int | None:
        return average_order_fen(self.gmv_ordered_fen, self.orders)

    @property
    def gpm_views_fen(self) -> int | None:
        """GMV per thousand views (Douyin's 千次观看成交金额), of the broadcasts with views."""
        return gpm_fen(self.gmv_of_views_fen, self.views)

    def add(self, other: Totals) -> None:
        for name in TOTALS_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


TOTALS_FIELDS = ("gmv_fen", "viewers", "orders", "gmv_viewed_fen", "gmv_ordered_fen", "views",
                 "gmv_of_views_fen")


def by_day(first_day: date, last_day: date,
           staff_ids: list[int] | None = None) -> dict[int, dict[date, Totals]]:
    """The one truth for GMV, viewers and orders: staff id → business day → the sums of the
    *current* entries (a superseded entry counts for nothing) of the broadcasts whose business
    day is in ``first_day``..``last_day``; one query whatever the number of hosts or days."""
    out: dict[int, dict[date, Totals]] = defaultdict(dict)
    for staff_id, day, *sums in reused_rows("metrics.by_day", _by_day, first_day, last_day,
                                            staff_ids):
        out[staff_id][as_date(day)] = Totals(*(int(value or 0) for value in sums))
    return dict(out)


def _gmv_where(column):
    """The GMV of the entries whose ``column`` (viewers, orders, views) is given and not 0."""
    return fn.SUM(Case(None, [(column > 0, MetricsEntry.gmv_fen)], 0))


def _by_day(first_day: date, last_day: date, staff_ids: list[int] | None):
    clause = (MetricsEntry.current & (Broadcast.day >= first_day) & (Broadcast.day <= last_day))
    if staff_ids is not None:
        clause &= Broadcast.staff.in_(staff_ids)
    return (MetricsEntry
            .select(Broadcast.staff, Broadcast.day, fn.SUM(MetricsEntry.gmv_fen),
                    fn.SUM(MetricsEntry.viewers), fn.SUM(MetricsEntry.orders),
                    _gmv_where(MetricsEntry.viewers), _gmv_where(MetricsEntry.orders),
                    fn.SUM(MetricsEntry.views), _gmv_where(MetricsEntry.views))
            .join(Broadcast, on=(MetricsEntry.broadcast == Broadcast.id))
            .where(clause)
            .group_by(Broadcast.staff, Broadcast.day))


def sum_totals(days: dict[date, Totals]) -> Totals:
    total = Totals()
    for day in days.values():
        total.add(day)
    return total


def metrics_totals(first_day: date, last_day: date,
                   staff_ids: list[int] | None = None) -> dict[int, Totals]:
    """staff id → their Totals (GMV, viewers, orders) over the business days in range."""
    return {staff_id: sum_totals(days)
            for staff_id, days in by_day(first_day, last_day, staff_ids).items()}


def month_gmv_fen(staff_ids: list[int], first_day: date, last_day: date) -> dict[int, int]:
    """staff id → the GMV (fen) over ``first_day``..``last_day``; 0 for a host with none."""
    totals = metrics_totals(first_day, last_day, staff_ids) if staff_ids else {}
    return {staff_id: totals[staff_id].gmv_fen if staff_id in totals else 0
            for staff_id in staff_ids}


# --- against the tenure targets ----------------------------------------------------------------


@dataclass
class Progress:
    """A host's GMV this month against the month's target (``target_fen`` None: no start)."""

    person: Staff
    gmv_fen: int
    target_fen: int | None = None
    due_fen: int | None = None  # the part of the target due by today
    days_left: int = 0  # today included

    @property
    def left_fen(self) -> int | None:
        return None if self.target_fen is None else max(0, self.target_fen - self.gmv_fen)

    @property
    def per_day_fen(self) -> int | None:
        if self.left_fen is None or not self.days_left:
            return None
        return -(-self.left_fen // self.days_left)  # rounded up: enough, not nearly enough


def target_progress(settings: Settings, people: list[Staff], today: date,
                    due: dict[int, int | None] | None = None) -> list[Progress]:
    """Each person's month so far (business day ``today``) against their tenure target;
    ``due``: staff id → the part due by today as the report counts it
    (``report.targets_due``: no target before they were staff, nor while inactive)."""
    first = today.replace(day=1)
    last_of_month = calendar.monthrange(today.year, today.month)[1]
    gmv = month_gmv_fen([p.id for p in people], first, today)
    out = []
    for person in people:
        start = person.official_start
        out.append(Progress(
            person, gmv[person.id],
            target_fen(settings.targets, start, today.year, today.month),
            # The part due by today: the very figure /report gives the month so far.
            due[person.id] if due is not None else target_for_period(settings.targets, start,
                                                                      first, today),
            last_of_month - today.day + 1))
    return out
