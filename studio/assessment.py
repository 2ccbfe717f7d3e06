"""The monthly assessment (考核): a scorecard per host, from the report's figures.

Every figure a part reads comes from ``studio.report.build`` (the one definition of each figure
that ``/report``, the workbook and ``/payroll`` read): days counted and days both minimums were
met from its ``DayRow``s, live time, videos, check-ins and registration problems from its
``HostRow``, fines from its ``payroll`` lines, GMV and the pro-rated target, GPM, answers and
the median answer time. Nothing is counted here a second time; this module only weighs.

A part scores ``weight × share`` (share 0..1, rules in ``config_schema.Assessment`` and
docs/assessment.md). A part a host has no figures for (no days counted, no target, no viewers,
no answers) is *not scored*; a month with no day counted has no total: left out, and the total is scaled to 100 over the weights that
scored, so a host without a target is neither punished nor carried by it. The card names every
part used and its weight.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from config import Assessment, Settings
from models import PayAdjustment
from studio import report
from studio.clock import Clock
from studio.report_rows import HostRow

PARTS = ("days_met", "live_hours", "videos", "punctuality", "fines", "gmv", "gpm", "answers")
GRADES = ("S", "A", "B", "C")


@dataclass
class Part:
    key: str
    weight: int
    share: float | None  # None: not scored (no figures for it this month)
    figures: dict = field(default_factory=dict)  # what the card shows beside it

    @property
    def points(self) -> float | None:
        return None if self.share is None else round(self.weight * self.share, 1)


@dataclass
class Scorecard:
    staff_id: int
    name: str
    first: date
    last: date
    parts: list[Part]
    total: float | None  # out of 100, over the parts scored; None: nothing scored
    grade: str
    previous: float | None = None  # last month's total
    notes: list[PayAdjustment] = field(default_factory=list)

    @property
    def change(self) -> float | None:
        if self.total is None or self.previous is None:
            return None
        return round(self.total - self.previous, 1)


def grade_of(total: float | None, rules: Assessment) -> str:
    """The grade of a total by the bounds of ``[assessment]`` (S, A, B, C; below C: D)."""
    if total is None:
        return "-"
    for name, bound in zip(GRADES, (rules.grade_s, rules.grade_a, rules.grade_b, rules.grade_c),
                           strict=True):
        if total >= bound:
            return name
    return "D"


def _capped(numerator: float, denominator: float) -> float | None:
    if denominator <= 0:
        return None
    return max(0.0, min(1.0, numerator / denominator))


def parts_of(row: HostRow, data: report.Report, settings: Settings) -> list[Part]:
    """The parts of one host's month, each from the report's figure for it."""
    rules, weights = settings.rules, settings.assessment
    counted = [d for d in row.days if d.counted]
    met = sum(1 for d in counted if d.met(rules))
    counted_minutes = sum(d.live_minutes for d in counted)
    counted_videos = sum(d.videos for d in counted)
    broadcasts = sum(d.facts.broadcasts for d in row.days)
    missed_checkins = row.planned_days - row.checkins_on_plan
    slips = row.late_registrations + row.auto_closed + missed_checkins
    line = next((p for p in data.payroll if p.staff is not None and p.staff.id == row.staff_id),
                None)
    fines_count, fines_fen = (line.count, line.fines_fen) if line else (0, 0)
    studio_gpm = data.totals.gpm_fen
    median = row.median_response
    answer_seconds = weights.answer_minutes * 60
    shares = {
        "days_met": (_capped(met, len(counted)),
                     {"met": met, "counted": len(counted)}),
        "live_hours": (_capped(counted_minutes, len(counted) * rules.min_live_minutes),
                       {"minutes": row.live_minutes}),
        "videos": (_capped(counted_videos, len(counted) * rules.min_videos),
                   {"videos": row.videos}),
        "punctuality": (None if not (broadcasts or row.planned_days) else
                        1 - _capped(slips, 2 * broadcasts + row.planned_days),
                        {"late": row.late_registrations, "auto_closed": row.auto_closed,
                         "checkins": row.checkins_on_plan, "planned": row.planned_days}),
        "fines": (1 - _capped(fines_fen, weights.fines_zero_at * 100),
                  {"count": fines_count, "fen": fines_fen}),
        "gmv": (_capped(row.gmv_fen, row.target_fen or 0),
                {"gmv_fen": row.gmv_fen, "target_fen": row.target_fen}),
        "gpm": (_capped(row.gpm_fen, studio_gpm or 0) if row.gpm_fen is not None else None,
                {"gpm_fen": row.gpm_fen, "studio_fen": studio_gpm}),
        "answers": (None if median is None else 1.0 if median <= answer_seconds
                    else answer_seconds / median,
                    {"answered": row.answered, "median": median}),
    }
    return [Part(key, getattr(weights, key), *shares[key]) for key in PARTS
            if getattr(weights, key) > 0]


def total_of(parts: list[Part]) -> float | None:
    """Points over the weights of the parts that scored, scaled to 100 (one decimal)."""
    scored = [p for p in parts if p.share is not None]
    weight = sum(p.weight for p in scored)
    if not weight:
        return None
    return round(sum(p.weight * p.share for p in scored) * 100 / weight, 1)


def month_bounds(first: date) -> tuple[date, date]:
    nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, nxt - timedelta(days=1)


def previous_month(first: date) -> date:
    return (first - timedelta(days=1)).replace(day=1)


def cards_of(data: report.Report, settings: Settings) -> dict[int, Scorecard]:
    """staff id → the scorecard of each host of ``data`` (a report built with ``detail``)."""
    cards = {}
    for row in data.hosts:
        parts = parts_of(row, data, settings)
        # No day of hers counted (not yet a host, on leave or gone all month): not assessed,
        # rather than a total made of the fines part alone.
        total = total_of(parts) if row.days_counted else None
        cards[row.staff_id] = Scorecard(row.staff_id, row.name, data.first, data.last, parts,
                                        total, grade_of(total, settings.assessment))
    return cards


def notes_for(month: date, staff_ids: list[int] | None = None) -> dict[int, list[PayAdjustment]]:
    """staff id → the notes and adjustments managers added to the month, oldest first."""
    query = PayAdjustment.select().where(PayAdjustment.month == month)
    if staff_ids is not None:
        query = query.where(PayAdjustment.staff.in_(staff_ids))
    out: dict[int, list[PayAdjustment]] = {}
    for note in query.order_by(PayAdjustment.at, PayAdjustment.id):
        out.setdefault(note.staff_id, []).append(note)
    return out


def month_report(first: date, last: date, settings: Settings, clock: Clock,
                 now: datetime) -> report.Report:
    """The whole studio's report of a month (cut to today when it is this month), with the
    fines' lines."""
    return report.build(first, last, settings, clock, now=now, detail=True)


def scorecards(first: date, last: date, settings: Settings, clock: Clock, now: datetime,
               staff_ids: list[int] | None = None) -> list[Scorecard]:
    """The month's scorecards (of ``staff_ids``, or every host), ranked by total (best first;
    nothing scored last), each with last month's total beside it and the month's notes. The
    report is the whole studio's even for one host: her GPM is weighed against the studio's."""
    cards = cards_of(month_report(first, last, settings, clock, now), settings)
    before_first, before_last = month_bounds(previous_month(first))
    before = cards_of(month_report(before_first, before_last, settings, clock, now), settings)
    notes = notes_for(first, staff_ids)
    chosen = [c for c in cards.values() if staff_ids is None or c.staff_id in staff_ids]
    for card in chosen:
        card.previous = before[card.staff_id].total if card.staff_id in before else None
        card.notes = notes.get(card.staff_id, [])
    return sorted(chosen, key=lambda c: (c.total is None, -(c.total or 0), c.staff_id))


@dataclass
class EarlyWarning:
    """An early warning of the weekly report: ``kind`` ``gmv_falling`` (the GMV of the last
    four weeks, oldest first, each below the one before) or ``days_missed`` (a run of days
    counted in a row with a minimum missed, ending last week)."""

    name: str
    kind: str
    weeks_fen: list[int] = field(default_factory=list)
    first: date | None = None
    last: date | None = None


WARNING_WEEKS = 4  # three falls in a row need four weeks
WARNING_DAYS = 3


def early_warnings(last_day: date, settings: Settings, clock: Clock,
                   now: datetime) -> list[EarlyWarning]:
    """The hosts whose GMV fell three weeks in a row to the week ending ``last_day``, or who
    missed a minimum on three counted days in a row ending that week; from one report of the
    four weeks (the days a host was not counted — leave, before her start, gone — break a
    run)."""
    first_day = last_day - timedelta(days=7 * WARNING_WEEKS - 1)
    week_first = last_day - timedelta(days=6)
    data = report.build(first_day, last_day, settings, clock, now=now)
    out = []
    for row in data.hosts:
        weeks = [0] * WARNING_WEEKS
        for day in row.days:
            weeks[(day.day - first_day).days // 7] += day.gmv_fen
        if all(later < earlier for earlier, later in zip(weeks, weeks[1:], strict=False)):
            out.append(EarlyWarning(row.name, "gmv_falling", weeks_fen=weeks))
        run: list[date] = []
        longest: list[date] = []
        for day in row.days:
            run = run + [day.day] if day.counted and not day.met(settings.rules) else []
            if len(run) >= WARNING_DAYS and run[-1] >= week_first:
                longest = run
        if longest:
            out.append(EarlyWarning(row.name, "days_missed", first=longest[0], last=longest[-1]))
    return out
