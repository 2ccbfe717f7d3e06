"""The roster: the join card the managers decide, and what the person is told."""

from __future__ import annotations

from models import LeaveRequest, RequestStatus, Staff
from views import keyboard, mention, t
from views.buttons import encode


def join_card(lang: str, person: Staff) -> str:
    return t(lang, "roster.join_card", who=mention(person), number=person.id)


def join_buttons(lang: str, person: Staff):
    return keyboard([[(t(lang, "roster.approve_host"), encode("join", "host", person.id)),
                      (t(lang, "roster.approve_ops"), encode("join", "ops", person.id))],
                     [(t(lang, "roster.reject"), encode("join", "no", person.id))]])


def decided_text(lang: str, role: str | None, studio: str) -> str:
    """The person's answer to /join: in (as which role), or not."""
    key = "roster.you_are_in" if role else "roster.you_are_not"
    return t(lang, key, role=t(lang, f"roster.role_{role}") if role else "", studio=studio)


def join_decided(lang: str, person: Staff, role: str | None, by: Staff,
                 in_group: bool = False) -> str:
    """A join card once decided; in the group a rejection names no decision."""
    card = join_card(lang, person)
    if role:
        done = t(lang, "roster.decided_ok", who=mention(person), role=t(lang, f"roster.role_{role}"),
                 by=mention(by))
    elif in_group:
        done = t(lang, "roster.request_handled", who=mention(person))
    else:
        done = t(lang, "roster.decided_no", who=mention(person), by=mention(by))
    return f"{card}\n{done}"


def request_handled(lang: str, person: Staff) -> str:
    """The neutral line in the group for a rejected person who has not started the bot."""
    return t(lang, "roster.request_handled", who=mention(person))


def leave_card(lang: str, request: LeaveRequest, in_group: bool = False) -> str:
    """A leave request as the managers see it; who decided, once decided. ``in_group`` (a
    card the whole group reads): the reason is not shown, and a rejection is a neutral line
    (an approval may be public: the days off are no secret)."""
    days = (request.last_day - request.first_day).days + 1
    reason = request.reason or "—"
    if in_group and request.reason:
        reason = t(lang, "roster.leave_reason_private")
    text = t(lang, "roster.leave_card", number=request.id, who=mention(request.staff),
             first=request.first_day.isoformat(), last=request.last_day.isoformat(),
             length=t(lang, "roster.leave_length_one") if days == 1 else
             t(lang, "roster.leave_length", days=days),
             reason=reason)
    if request.status == RequestStatus.PENDING:
        return text
    if in_group and request.status == RequestStatus.REJECTED:
        return f"{text}\n{t(lang, 'roster.leave_handled')}"
    by = mention(request.decided_by) if request.decided_by_id else "?"
    key = "roster.leave_approved_by" if request.status == RequestStatus.APPROVED else \
        "roster.leave_rejected_by"
    return f"{text}\n{t(lang, key, by=by)}"


def leave_buttons(lang: str, request: LeaveRequest):
    if request.status != RequestStatus.PENDING:
        return None
    return keyboard([[(t(lang, "roster.leave_approve"), encode("leavereq", "yes", request.id)),
                      (t(lang, "roster.leave_reject"), encode("leavereq", "no", request.id))]])


def leave_answer(lang: str, request: LeaveRequest) -> str:
    """What the person who asked is told."""
    key = "roster.leave_you_approved" if request.status == RequestStatus.APPROVED else \
        "roster.leave_you_rejected"
    return t(lang, key, number=request.id, first=request.first_day.isoformat(),
             last=request.last_day.isoformat())
