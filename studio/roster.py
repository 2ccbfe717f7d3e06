"""Who is who: roles, joining, approval, leave, deactivation, and resolving "@who"."""

from __future__ import annotations

from datetime import date, datetime
from enum import IntEnum

from models import (
    Audit,
    Broadcast,
    DecisionCard,
    Leave,
    LeaveRequest,
    RequestStatus,
    Staff,
    StaffRole,
    StaffStatus,
    audit,
    db,
)
from studio.clock import to_db
from studio.errors import BadInput, Refused
from studio.parse.people import find_person, looks_like_person  # noqa: F401
from studio.parse.times import parse_coming_day
from studio.parse.words import glued_day


class Role(IntEnum):
    """The least role a command needs; each role can do all that the ones below it can."""

    ANYONE = 0
    HOST = 1
    OPS = 2
    MANAGER = 3


ROLE_NAMES = {StaffRole.HOST: Role.HOST, StaffRole.OPS: Role.OPS, StaffRole.MANAGER: Role.MANAGER}
ROLE_ALIASES = {"主播": "host", "运营": "ops", "主管": "manager", "经理": "manager"}


def role_of(person: Staff | None) -> Role:
    if person is None or not person.active:
        return Role.ANYONE
    return ROLE_NAMES.get(person.role, Role.ANYONE)


def parse_role(text: str) -> StaffRole:
    name = ROLE_ALIASES.get(text.strip(), text.strip().lower())
    if name not in ROLE_NAMES:
        raise BadInput("bad_role", value=text)
    return StaffRole(name)


def by_tg(tg_id: int) -> Staff | None:
    return Staff.by_tg(tg_id)


def touch(tg_id: int, name: str, username: str | None) -> Staff | None:
    """Keep a known person's display name and username current; None for a stranger."""
    person = by_tg(tg_id)
    if person is None:
        return None
    username = username.lower() if username else None
    if person.name != name[:128] or person.username != username:
        person.name, person.username = name[:128], username
        person.save(only=[Staff.name, Staff.username])
    return person


def ensure_managers(manager_ids: list[int], now: datetime) -> None:
    """The managers named in the config are active managers from the first start."""
    with db.atomic():
        for tg_id in manager_ids:
            person = by_tg(tg_id)
            if person is None:
                Staff.create(tg_id=tg_id, name=f"manager {tg_id}", role=StaffRole.MANAGER,
                             status=StaffStatus.ACTIVE, created_at=to_db(now))
            elif person.role != StaffRole.MANAGER or not person.active:
                person.role, person.status = StaffRole.MANAGER, StaffStatus.ACTIVE
                person.save()
                audit(None, "staff.manager_from_config", f"staff:{person.id}", at=now)


def join(tg_id: int, name: str, username: str | None, now: datetime) -> tuple[Staff, bool]:
    """Ask to join: (the person, whether a new request was made)."""
    person = by_tg(tg_id)
    if person is not None and person.status in (StaffStatus.ACTIVE, StaffStatus.PENDING):
        return person, False
    with db.atomic():
        if person is None:
            person = Staff.create(tg_id=tg_id, name=name[:128],
                                  username=username.lower() if username else None,
                                  created_at=to_db(now))
        else:
            person.status = StaffStatus.PENDING
            person.decided_by = None
            person.save()
            # A new request: the cards of the one decided before are not its cards.
            DecisionCard.delete().where((DecisionCard.kind == "join")
                                        & (DecisionCard.ref == person.id)).execute()
        audit(person, "staff.join", f"staff:{person.id}", at=now)
    return person, True


def decide(candidate_id: int, role: str | None, by: Staff, now: datetime) -> Staff:
    """Approve as ``role`` or reject (``role`` None). The first manager to decide wins."""
    with db.atomic():
        person = Staff.get_or_none(Staff.id == candidate_id)
        # Staff who never asked to join (no request, no decider): no request of that number.
        if person is None or (person.status != StaffStatus.PENDING
                              and person.decided_by_id is None):
            raise Refused("unknown_person", value=candidate_id)
        if person.status != StaffStatus.PENDING:
            raise Refused("already_decided", name=person.name, by=_decider(person.decided_by_id))
        person.status = StaffStatus.ACTIVE if role else StaffStatus.REJECTED
        if role:
            person.role = role
        person.decided_by = by
        person.save()
        audit(by, "staff.approve" if role else "staff.reject", f"staff:{person.id}", role or "",
              at=now)
    return person


def _decider(staff_id: int | None) -> str:
    person = Staff.get_or_none(Staff.id == staff_id) if staff_id else None
    return person.name if person else "?"


def pending_joins() -> list[tuple[datetime, Staff]]:
    """The join requests no manager decided, with when each was made (its latest /join)."""
    people = list(Staff.select().where(Staff.status == StaffStatus.PENDING).order_by(Staff.id))
    out = []
    for person in people:
        asked = (Audit.select(Audit.at)
                 .where((Audit.action == "staff.join") & (Audit.target == f"staff:{person.id}"))
                 .order_by(Audit.at.desc()).first())
        out.append((asked.at if asked else person.created_at, person))
    return out


# --- the cards of a join or leave request ----------------------------------------------------


def keep_cards(kind: str, ref: int, cards: list[tuple[int, int]]) -> None:
    """Remember where the managers' cards of a join ("join", staff number) or leave request
    ("leave", request number) are, to edit them all on a decision."""
    DecisionCard.keep(kind, ref, cards)


def cards_of(kind: str, ref: int) -> list[tuple[int, int]]:
    return DecisionCard.of(kind, ref)


# --- leave requests ---------------------------------------------------------------------------

LEAVE_AHEAD_DAYS = 366  # a request reaches at most a year ahead


def _day_then(word: str, today: date) -> tuple[date, list[str]]:
    """A day, or a day with the reason glued after it (``明天看病``): (the day, [what follows]);
    ``BadInput`` (why the word as typed is no day) when it is neither."""
    try:
        return parse_coming_day(word, today), []
    except BadInput:
        glued = glued_day(word)
        if glued is None:
            raise
        return parse_coming_day(glued[0], today), [glued[1]]


def leave_days(texts: list[str], today: date) -> tuple[date, date, list[str]]:
    """``明天`` · ``12-03 12-05`` · ``明天 事由``: (first, last, the words of the reason). Days
    are coming ones (``01-05`` typed in November is next January's); the past is refused."""
    if not texts:
        raise BadInput("missing_day")
    first, glued = _day_then(texts[0], today)
    last, rest = first, [*glued, *texts[1:]]
    if not glued and rest:
        try:
            last, glued = _day_then(rest[0], today)
            rest = [*glued, *rest[1:]]
        except BadInput:  # not a day: the reason starts at the second word
            last = first
    for day in (first, last):
        if day < today:
            raise BadInput("leave_past", day=day.isoformat())
        if (day - today).days > LEAVE_AHEAD_DAYS:
            raise BadInput("leave_too_far", day=day.isoformat())
    if last < first:
        raise BadInput("range_reversed")
    return first, last, rest


def request_leave(person: Staff, first: date, last: date, reason: str, now: datetime,
                  max_days: int = 62) -> tuple[LeaveRequest, bool]:
    """A host's or ops' request for days off, waiting for a manager: (the request, whether it
    is new). The same days asked again while the first request waits are that request."""
    if (last - first).days + 1 > max_days:
        raise BadInput("range_too_long", max=max_days)
    with db.atomic():
        waiting = LeaveRequest.get_or_none(
            (LeaveRequest.staff == person) & (LeaveRequest.first_day == first)
            & (LeaveRequest.last_day == last) & (LeaveRequest.status == RequestStatus.PENDING))
        if waiting is not None:
            return waiting, False
        request = LeaveRequest.create(staff=person, first_day=first, last_day=last,
                                      reason=reason.strip(), created_at=to_db(now))
        audit(person, "leave.request", f"leave_request:{request.id}", f"{first}..{last}",
              at=now)
    return request, True


def decide_leave(request_id: int, approve: bool, by: Staff, now: datetime) -> LeaveRequest:
    """Approve (the days become ``Leave``) or reject; the first manager to decide wins, a
    second decision is refused saying who decided."""
    with db.atomic():
        request = LeaveRequest.get_or_none(LeaveRequest.id == request_id)
        if request is None:
            raise Refused("unknown_leave_request", number=request_id)
        claimed = (LeaveRequest
                   .update(status=RequestStatus.APPROVED if approve else RequestStatus.REJECTED,
                           decided_by=by, decided_at=to_db(now))
                   .where((LeaveRequest.id == request_id)
                          & (LeaveRequest.status == RequestStatus.PENDING)).execute())
        if not claimed:
            request = LeaveRequest.get_by_id(request_id)
            raise Refused("leave_decided", number=request_id,
                          by=_decider(request.decided_by_id))
        request = LeaveRequest.get_by_id(request_id)
        if approve:
            add_leave(request.staff, request.first_day, request.last_day, by, now)
        audit(by, "leave.approve" if approve else "leave.reject",
              f"leave_request:{request.id}", at=now)
    return request


def pending_leaves() -> list[LeaveRequest]:
    return list(LeaveRequest.select(LeaveRequest, Staff).join(Staff, on=(LeaveRequest.staff == Staff.id))
                .where(LeaveRequest.status == RequestStatus.PENDING)
                .order_by(LeaveRequest.created_at, LeaveRequest.id))


def resolve(ref: str | None, reply_tg_id: int | None = None, *, active_only: bool = True) -> Staff:
    """"@who": a reply to the person's message, or as typed (``studio.parse.people``)."""
    if ref is not None:
        return find_person(ref, active_only=active_only)
    person = by_tg(reply_tg_id) if reply_tg_id is not None else None
    if reply_tg_id is None:
        raise BadInput("no_person")
    if person is None or (active_only and not person.active):
        raise BadInput("unknown_person", value="")
    return person


def roster() -> list[Staff]:
    """Everyone who is or was staff, managers first, then by number."""
    order = {StaffRole.MANAGER: 0, StaffRole.OPS: 1, StaffRole.HOST: 2}
    people = list(Staff.select().where(Staff.status != StaffStatus.REJECTED))
    return sorted(people, key=lambda p: (not p.active, order.get(p.role, 3), p.id))


def _change(person: Staff, field, value, by: Staff, action: str, now: datetime) -> Staff:
    """Set one field of ``person``, audited as ``old->new``."""
    with db.atomic():
        old = getattr(person, field.name)
        setattr(person, field.name, value)
        person.save(only=[field])
        audit(by, action, f"staff:{person.id}", f"{old}->{value}", at=now)
    return person


def set_role(person: Staff, role: str, by: Staff, now: datetime) -> Staff:
    if person.tg_id == by.tg_id:  # demoting oneself could leave the studio with no manager
        raise Refused("not_yourself")
    return _change(person, Staff.role, role, by, "staff.role", now)


def set_start(person: Staff, day: date, by: Staff, now: datetime) -> Staff:
    return _change(person, Staff.official_start, day, by, "staff.setstart", now)


def add_leave(person: Staff, first: date, last: date, by: Staff, now: datetime,
              max_days: int = 62) -> int:
    """Days off from ``first`` to ``last`` inclusive; returns how many were new."""
    if last < first:
        raise BadInput("range_reversed")
    days = (last - first).days + 1
    if days > max_days:
        raise BadInput("range_too_long", max=max_days)
    added = 0
    with db.atomic():
        for offset in range(days):
            day = date.fromordinal(first.toordinal() + offset)
            _, created = Leave.get_or_create(staff=person, day=day, defaults={"created_by": by,
                                                          "created_at": to_db(now)})
            added += created
        audit(by, "staff.leave", f"staff:{person.id}", f"{first}..{last}", at=now)
    return added


def on_leave(person: Staff, day: date) -> bool:
    return Leave.select().where((Leave.staff == person) & (Leave.day == day)).exists()


def deactivate(person: Staff, by: Staff, now: datetime) -> Staff:
    if not person.active:
        raise Refused("not_active", name=person.name)
    if person.tg_id == by.tg_id:
        raise Refused("not_yourself")
    live = Broadcast.open_for(person)
    if live is not None:  # once inactive they could not /offline: it would stay open
        raise Refused("still_live", name=person.name, number=live.id)
    with db.atomic():
        person.status = StaffStatus.INACTIVE
        person.save(only=[Staff.status])
        audit(by, "staff.deactivate", f"staff:{person.id}", at=now)
    return person


def active_hosts() -> list[Staff]:
    return Staff.active_hosts()


def ops() -> list[Staff]:
    return list(Staff.select().where((Staff.status == "active") & (Staff.role == "ops"))
                .order_by(Staff.id))


def managers() -> list[Staff]:
    return Staff.managers()


def set_lang(person: Staff, lang: str) -> None:
    """The language of the person's private chats."""
    person.lang = lang
    person.save(only=[Staff.lang])


def mark_bot_blocked(person: Staff) -> None:
    """The person blocked the bot: their messages go to the group from now on."""
    person.bot_blocked = True
    person.save(only=[Staff.bot_blocked])


def mark_private_chat(person: Staff, now: datetime) -> None:
    if not person.private_chat or person.bot_blocked:
        person.private_chat, person.bot_blocked = True, False
        person.save(only=[Staff.private_chat, Staff.bot_blocked])
        audit(person, "staff.private_chat", f"staff:{person.id}", to_db(now).isoformat(),
              at=now)
