""""@who" as typed: ``@username``, a staff number (``3``, ``#3``, ``No.3``), or the display name
as ``/staff`` shows it (``小美``, ``@小美``). A name two people share is refused with both
numbers, so the sender can pick one; a reply to the person's message is read by the caller."""

from __future__ import annotations

from models import Staff
from studio.errors import BadInput
from studio.parse.numbers import fold, is_whole, whole


def _key(text: str) -> str:
    return "".join(fold(text).split()).casefold()


def _by_name(text: str) -> list[Staff]:
    wanted = _key(text)
    if not wanted:
        return []
    return [p for p in Staff.select().where(Staff.status.in_(["active", "pending", "inactive"]))
            .order_by(Staff.id) if _key(p.name) == wanted]


def _number(text: str) -> str:
    raw = fold(text).strip()
    return raw.lstrip("#").removeprefix("No.").removeprefix("no.")


def looks_like_person(arg: str) -> bool:
    """``@name``, a staff number, or the display name of someone on the roster."""
    text = fold(arg).strip()
    if (text.startswith("@") and len(text) > 1) or is_whole(_number(text)):
        return True
    return bool(_by_name(text))


def find_person(ref: str, *, active_only: bool = True) -> Staff:
    """The one person ``ref`` names; unknown, or shared by several: ``BadInput`` saying so."""
    text = fold(ref).strip()
    person, named = None, []
    if is_whole(_number(text)):
        person = Staff.get_or_none(Staff.id == whole(_number(text), "bad_person"))
    elif text.startswith("@") and len(text) > 1:
        person = Staff.get_or_none(Staff.username == text[1:].lower())
        named = [] if person is not None else _by_name(text[1:])
    else:
        named = _by_name(text)
        if not named:
            raise BadInput("bad_person", value=ref[:40])
    if named:
        if active_only:
            named = [p for p in named if p.active] or named
        if len(named) > 1:
            raise BadInput("ambiguous_person", value=ref[:40], first=named[0].id,
                           candidates="、".join(f"{p.name} #{p.id}" for p in named))
        person = named[0]
    if person is None or (active_only and not person.active):
        raise BadInput("unknown_person", value=ref[:40])
    return person
