"""The manager's report: every figure of a period, computed once.

``build(first, last, settings, clock)`` returns a ``Report`` that the Telegram table, the
workbook, the chart, the ``weekly`` job and ``/me`` all read, so no two of them count
differently. It computes nothing itself: each kind of figure comes from the one function of the
area that owns the data, each one query for the whole period, never per host or day:
- live time, videos, check-ins, plans, leave, registration problems: ``figures.day_facts``;
- GMV, viewers, orders: ``metrics.by_day``; targets: ``targets.target_for_period``;
- fines: ``fine_ledger.statement`` (ledger day, as of the period's end);
- inquiry answers and response times: ``inquiry_figures.answers``;
- samples waiting for return: ``sample_stock.waiting_for_return`` / ``sample_stock.since_of``.

Decisions the figures make (one definition, read by every output):
- A day *counts* against a host (``DayRow.status == COUNTED``) only if it is over (a business
  day before ``now``'s: today, until the business day ends, is ``TODAY``), the host was active
  that day (not after a ``/deactivate`` — the ``staff.deactivate`` rows of the audit — until
  approved again: ``INACTIVE``), not on leave (``LEAVE``), and already a host: from the later
  of their official start (``/setstart``) and the first *whole* business day they were staff
  (after their first ``staff.approve``, or ``Staff.created_at`` when a manager added them: a
  host approved at 23:00 is not short that day) — see ``counted_from`` (``BEFORE``). Approved
  again after a deactivation likewise counts from the first whole day after. The days that do not count still show what was done on them; none is short.
- *Days under 3 h / under 2 videos* are among the counted days.
- *Check-ins* are shown against the days the host had a plan (``/plan``): ``in/planned``.
- *GMV* is the sum of the current metrics of the broadcasts whose business day is in the
  period; *GPM* and the average order are taken over the broadcasts that have both parts;
  the *target* is ``host_target``: the tenure target pro-rated to the period's days from the
  official start, left out the days before the host was staff and those they were inactive
  (None: the host has no official start). *Done* is GMV / target, uncapped; the studio total's is the GMV
  of the hosts with a target over their targets.
- *Fines* count by their ledger day (the offence's, or a closed month's next open month);
  waived fines are left out. ``unpaid`` is everything the person owed at the period's end,
  whatever the month (``carried_fen``: the part of earlier ledger days).
The full definitions, one per figure key (``report_rows.FIGURES``): docs/reports.md.
- *Inquiries answered*: the first staff answers after a customer's wait (not the FAQ), credited
  to whoever answered — ops and managers get a row of their own (``HostRow.host`` False: no
  minimums, no target) — with their median response time counted within ``inquiries.hours``
  only, as ``inquiry_watch`` counts a wait (``studio.service_hours``).
- *Registration problems*: starts and ends registered late, plus broadcasts closed by the bot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from peewee import JOIN

from config import Settings
from models import (
    Audit,
    Broadcast,
    MetricsEntry,
    Staff,
    Video,
    as_datetime,
    reused_models,
    reused_rows,
)
from studio import fine_ledger, inquiry_figures, metrics, sample_stock
from studio import fines as fines_ledger
from studio.clock import Clock, from_db
from studio.figures import DayFacts, day_facts, facts_of
from studio.report_rows import (  # the rows, importable from here as before
    BEFORE,
    COUNTED,
    INACTIVE,
    LEAVE,
    TODAY,
    DayRow,
    HostRow,
    Report,
)
from studio.service_hours import working_seconds
from studio.targets import target_for_period

__all__ = ["COUNTED", "TODAY", "LEAVE", "BEFORE", "INACTIVE", "DayRow", "HostRow", "Report", "build", "counted_from",
           "statuses_on"]


def _local(clock: Clock, moment: datetime | None) -> datetime | None:
    """A stored naive-UTC datetime as the naive studio time a workbook shows."""
    return clock.local(moment).replace(tzinfo=None) if moment is not None else None


def first_whole_day(moment: datetime, clock: Clock) -> date:
    """The first business day someone who became staff (or active again) at ``moment`` was so
    for the whole of it: the moment's own business day only if it began then, else the next (a
    host approved at 23:00 — or at 09:00 — is counted from the next day)."""
    day = clock.business_day(moment)
    start, _ = clock.day_bounds(day)
    return day if clock.local(moment) <= clock.local(start) else day + timedelta(days=1)


def became_staff(person: Staff, approved_at: datetime | None = None) -> datetime:
    """When the person became staff: their first approval, or when a manager added them."""
    return approved_at if approved_at is not None and approved_at > person.created_at \
        else person.created_at


def counted_from(person: Staff, clock: Clock, approved_at: datetime | None = None) -> date:
    """The first business day a host's minimums count: the later of the official start and
    the first whole business day the person was staff — since ``approved_at`` (their first
    ``staff.approve``, see ``staff_history``), or ``created_at`` when a manager added them. A
    host approved today was not short yesterday, nor today; one added in October with an
    official start in November is counted from November. The official start only ever moves
    the first counted day later."""
    joined = first_whole_day(became_staff(person, approved_at), clock)
    start = person.official_start
    return max(joined, start) if start is not None else joined


@dataclass
class StaffHistory:
    """From the audit: when each person was inactive, and when they were first approved."""

    spans: dict[int, list[tuple[date, date | None]]] = field(default_factory=dict)
    approved: dict[int, datetime] = field(default_factory=dict)  # the first approval (naive UTC)


def staff_history(staff_ids: list[int], clock: Clock) -> StaffHistory:
    """staff id → the business days each was inactive, as [first, last) spans (last None: still
    inactive), and the moment of their first approval, from the audit: ``staff.deactivate``
    starts a span on its business day (a host deactivated on 11-27 does not count from 11-27),
    ``staff.approve`` after it ends it from the first whole business day after (approved again
    at 23:00: that day does not count either); an approval that ends no span is the /join's
    (``counted_from``). One query whatever the period."""
    history = StaffHistory()
    if not staff_ids:
        return history
    rows = reused_rows("report.inactive_spans", _status_changes,
                       [f"staff:{i}" for i in staff_ids])
    for target, action, at in rows:
        staff_id, at = int(target.split(":")[1]), as_datetime(at)
        mine = history.spans.setdefault(staff_id, [])
        if action == "staff.deactivate" and (not mine or mine[-1][1] is not None):
            mine.append((clock.business_day(at), None))
        elif action == "staff.approve" and mine and mine[-1][1] is None:
            mine[-1] = (mine[-1][0], first_whole_day(at, clock))
        elif action == "staff.approve":
            history.approved.setdefault(staff_id, at)
    return history


def statuses_on(people: list[Staff], day: date, facts: dict, clock: Clock) -> dict[int, str]:
    """Each host's status on ``day`` judged as it stands, as if it were over (the ``minimums``
    reminders and the ``digest`` judge today before it ends): the report's own definition, so
    a host who is not yet counted (``BEFORE``) or ``INACTIVE`` is neither short nor reminded."""
    history = staff_history([p.id for p in people], clock)
    return {p.id: day_status(p, day, facts_of(facts, p.id, day), day + timedelta(days=1),
                             counted_from(p, clock, history.approved.get(p.id)),
                             history.spans.get(p.id, []))
            for p in people}


def _status_changes(targets: list[str]):
    return (Audit.select(Audit.target, Audit.action, Audit.at)
            .where(Audit.action.in_(["staff.deactivate", "staff.approve"])
                   & Audit.target.in_(targets))
            .order_by(Audit.at, Audit.id))


def host_target(settings: Settings, person: Staff, first_day: date, last_day: date,
                since: date, inactive: list[tuple[date, date | None]]) -> int | None:
    """The one target of a host for a period: the tenure target pro-rated by days (from the
    official start), left out the days before ``since`` — the business day they became staff
    (the first weekly report of a new studio covers days before anyone was) — and the days
    they were inactive; None without an official start."""
    return target_for_period(settings.targets, person.official_start, first_day, last_day,
                             skip=lambda d: d < since or was_inactive(inactive, d))


def targets_due(settings: Settings, people: list[Staff], first_day: date, last_day: date,
                clock: Clock) -> dict[int, int | None]:
    """staff id → ``host_target`` of the period (the ``targets`` job's "due by today")."""
    history = staff_history([p.id for p in people], clock)
    return {p.id: host_target(settings, p, first_day, last_day,
                              clock.business_day(became_staff(p, history.approved.get(p.id))),
                              history.spans.get(p.id, []))
            for p in people}


def was_inactive(spans: list[tuple[date, date | None]], day: date) -> bool:
    return any(first <= day and (last is None or day < last) for first, last in spans)


def day_status(person: Staff, day: date, facts: DayFacts, today: date, since: date,
               spans: list[tuple[date, date | None]]) -> str:
    """The one definition of whether a day counts against a host (see the module's doc)."""
    if day < since:
        return BEFORE
    if was_inactive(spans, day):
        return INACTIVE
    if facts.on_leave:
        return LEAVE
    if day >= today:
        return TODAY
    return COUNTED


def build(first_day: date, last_day: date, settings: Settings, clock: Clock,
          staff_ids: list[int] | None = None, *, now: datetime, detail: bool = False) -> Report:
    """Every figure of the business days ``first_day``..``last_day`` (inclusive), seen at
    ``now`` (today's business day is not over): one row per active host and per anyone with
    data in the period; ``staff_ids`` narrows it down.

    ``detail`` also lists every broadcast, video, fine, answer and waiting sample, for the
    workbook; the tables, the chart and ``/me`` need only the figures, which are the same
    either way (a test holds them equal)."""
    rules = settings.rules

    def mine(column):
        """The rows of the chosen people (every row when none were chosen)."""
        return column.in_(staff_ids) if staff_ids is not None else column.is_null(False)

    today = clock.business_day(now)
    facts = day_facts(first_day, last_day, staff_ids)
    gmv = metrics.by_day(first_day, last_day, staff_ids)
    # The period's fines by their ledger day, as of its end (``studio.fine_ledger``): with the
    # person loaded for the workbook's list and payroll, bare otherwise (the same figures).
    ledger = fines_ledger.statement(first_day, last_day, clock, staff_ids, light=not detail)
    fines = [f for f in ledger.fines if f.as_of != "waived"]
    carried = fines_ledger.unpaid_by_staff(ledger.carried)
    owed = fines_ledger.totals_by_staff(fines)
    unpaid = fines_ledger.unpaid_by_staff(fines)
    answers = inquiry_figures.answers(first_day, last_day, clock, staff_ids)

    # The detail the workbook lists (the figures above are not read from these).
    broadcasts = [] if not detail else list(Broadcast
                      .select(Broadcast, MetricsEntry)
                      .join(MetricsEntry, on=((MetricsEntry.broadcast == Broadcast.id)
                                              & (MetricsEntry.current == True)),  # noqa: E712
                            join_type=JOIN.LEFT_OUTER, attr="entry")
                      .where((Broadcast.day >= first_day) & (Broadcast.day <= last_day)
                             & mine(Broadcast.staff))
                      .order_by(Broadcast.started_at))
    videos = [] if not detail else list(
        Video.select()
        .where((Video.day >= first_day) & (Video.day <= last_day) & mine(Video.staff))
        .order_by(Video.at))

    people_ids = set(facts) | set(gmv)
    credited_ids = set(owed) | set(carried) | {a.staff_id for a in answers}
    if staff_ids is not None:  # /me: one person, every time
        people = {p.id: p for p in reused_models(
            Staff, "report.people", lambda ids: Staff.select().where(Staff.id.in_(ids))
            .order_by(Staff.id), staff_ids)}
    else:  # active hosts, hosts (gone since, or back to "host") with data in the period, and
        # anyone else who answered inquiries or owes fines
        hosts = Staff.select().where(
            ((Staff.role == "host") & ((Staff.status == "active")
                                       | Staff.id.in_(list(people_ids | credited_ids))))
            | Staff.id.in_(list(credited_ids)))
        people = {p.id: p for p in hosts.order_by(Staff.id)}
    history = staff_history(list(people), clock)

    def name_of(staff_id: int | None) -> str:
        return people[staff_id].name if staff_id in people else ""

    fines_by_day: dict[tuple[int, date], int] = {}
    for fine in fines:
        key = (fine.staff_id, fine.day)
        fines_by_day[key] = fines_by_day.get(key, 0) + fine.amount_fen

    rows: dict[int, HostRow] = {}
    for person in people.values():
        row = HostRow(person.id, person.name, host=person.role == "host")
        days_gmv = gmv.get(person.id, {})
        since = (counted_from(person, clock, history.approved.get(person.id)) if row.host
                 else date.max)
        inactive = history.spans.get(person.id, [])
        for day in _days(first_day, last_day):
            f = facts_of(facts, person.id, day)
            row.add_day(DayRow(day, f, days_gmv[day].gmv_fen if day in days_gmv else 0,
                               fines_by_day.get((person.id, day), 0),
                               day_status(person, day, f, today, since, inactive)), rules)
        totals = metrics.sum_totals(days_gmv)
        for name in metrics.TOTALS_FIELDS:
            setattr(row, name, getattr(totals, name))
        if row.host:
            row.target_fen = host_target(
                settings, person, first_day, last_day,
                clock.business_day(became_staff(person, history.approved.get(person.id))),
                inactive)
        row.gmv_on_target_fen = row.gmv_fen if row.target_fen else 0
        row.fines_fen = owed.get(person.id, (0, 0))[0]
        row.carried_fen = carried.get(person.id, 0)
        row.unpaid_fen = unpaid.get(person.id, 0) + row.carried_fen
        rows[person.id] = row

    report = Report(first_day, last_day, list(rows.values()), HostRow(None, ""))

    for b in broadcasts:
        entry = getattr(b, "entry", None)
        entry = entry if entry is not None and entry.id is not None else None
        name = people[b.staff_id].name if b.staff_id in people else str(b.staff_id)
        report.broadcasts.append({
            "id": b.id, "host": name, "day": b.day, "room": b.room,
            "start": _local(clock, b.started_at), "end": _local(clock, b.ended_at),
            "minutes": b.minutes, "late_start": b.late_start, "late_end": b.late_end,
            "auto_closed": b.auto_closed or b.closed_by_bot_at is not None, "note": b.note})
        if entry is not None:
            report.metrics.append({
                "broadcast": b.id, "host": name, "day": b.day, "fans": entry.fans,
                "new_fans": entry.new_fans, "viewers": entry.viewers, "views": entry.views,
                "peak": entry.peak,
                "gmv_fen": entry.gmv_fen, "orders": entry.orders, "products": entry.products,
                "likes": entry.likes, "comments": entry.comments,
                "gpm_fen": metrics.gpm_fen(entry.gmv_fen or 0, entry.viewers),
                "order_fen": metrics.average_order_fen(entry.gmv_fen or 0, entry.orders)})

    for v in videos:
        report.videos.append({"host": name_of(v.staff_id), "day": v.day,
                              "at": _local(clock, v.at), "link": v.link or "",
                              "title": v.title})

    for fine in ledger.fines if detail else []:
        report.fines.append({
            "id": fine.id, "host": fine.staff.name,
            "at": _local(clock, fine_ledger.offence_of(fine)),
            "recorded": _local(clock, fine.created_at), "paid": _local(clock, fine.paid_at),
            "late": fine.late, "code": fine.code or "",
            "names": {lang: fines_ledger.code_name(settings, fine.code, lang) if fine.code
                      else "" for lang in ("zh", "en")},
            "count": fine.count, "amount_fen": fine.amount_fen, "reason": fine.reason,
            "status": fine.as_of})
    if detail:
        report.payroll = fines_ledger.payroll(ledger)

    hours, tz = settings.inquiries.hours, settings.studio.tz
    for answer in answers:
        answered_at = from_db(answer.at)
        seconds = working_seconds(answered_at - timedelta(seconds=answer.response_seconds),
                                  answered_at, hours, tz)
        row = rows.get(answer.staff_id)
        if row is not None:
            row.answered += 1
            row.response_seconds.append(seconds)
        if not detail:
            continue
        report.inquiries.append({
            "inquiry": answer.inquiry_id, "host": name_of(answer.staff_id),
            "at": _local(clock, answer.at), "response_seconds": seconds})

    if detail:
        _samples_waiting(report, clock)
    else:
        report.waiting_returns, oldest = sample_stock.waiting_summary()
        if oldest is not None:
            report.oldest_waiting = (oldest[0], clock.business_day(oldest[1]))
    report.totals = _totals(report.rows)
    return report


def _days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _samples_waiting(report: Report, clock: Clock) -> None:
    """The samples marked to go back (status ``to_return``) and since when each has waited."""
    waiting = sorted(sample_stock.waiting_since(), key=lambda pair: pair[0].id)
    for sample, moment in waiting:
        report.samples.append({
            "id": f"S{sample.id}", "brand": sample.brand, "item": sample.item,
            "arrived": _local(clock, sample.arrived_at), "since": _local(clock, moment),
            "logged_by": sample.logged_by.name if sample.logged_by_id else "",
            "note": sample.return_note})
    report.waiting_returns = len(waiting)
    if waiting:
        moment, sample_id = min((moment, s.id) for s, moment in waiting)
        report.oldest_waiting = (sample_id, clock.business_day(moment))


def _totals(rows: list[HostRow]) -> HostRow:
    total = HostRow(None, "")
    for row in rows:
        for name in ("live_minutes", "counted_live_minutes", "days_counted", "days_short_live",
                     "videos",
                     "days_short_videos", "checkins", "planned_days", "checkins_on_plan",
                     *metrics.TOTALS_FIELDS, "gmv_on_target_fen", "fines_fen",
                     "unpaid_fen", "carried_fen", "answered", "late_registrations",
                     "auto_closed"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        total.response_seconds.extend(row.response_seconds)
        if row.target_fen:
            total.target_fen = (total.target_fen or 0) + row.target_fen
    return total
