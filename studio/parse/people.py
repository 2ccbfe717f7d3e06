""""@who" as typed: ``@username``, a staff number (``3``, ``#3``, ``No.3``), or the display name
as ``/staff`` shows it (``小美``, ``@小美``). A name two people share is refused with both
numbers (``Ambiguous``: the bot asks which one, a button each); a reply to the person's
message is read by the caller. A name with a space in it (``Mei Li``, ``小 美``) is taken whole
by ``name_span``, the longest staff name the words start with."""

from __future__ import annotations

from models import Staff
from studio.errors import Ambiguous, BadInput
from studio.parse.numbers import fold, is_whole, whole


def _key(text: str) -> str:
    return "".join(fold(text).split()).casefold()


def _by_name(text: str) -> list[Staff]:
    wanted = _key(text)
    if not wanted:
        return []
    return [p for p in Staff.listed() if _key(p.name) == wanted]


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
            raise Ambiguous("ambiguous_person", typed=ref, people=[(p.id, p.name) for p in named],
                            value=ref[:40], first=named[0].id,
                            candidates="、".join(f"{p.name} #{p.id}" for p in named))
        person = named[0]
    if person is None or (active_only and not person.active):
        raise BadInput("unknown_person", value=ref[:40])
    return person


MAX_NAME_WORDS = 4  # "Mei Li", "Anna Maria de Souza": a display name is a few words at most


def name_span(args: list[str]) -> int:
    """How many of ``args`` name a person: the most words (up to ``MAX_NAME_WORDS``) that
    together are a staff member's display name (``Mei Li 35 迟到`` → 2), else 1 when the first
    looks like a person on its own (``@who``, a number, a one-word name), else 0. A word is
    taken into a name only when the words so far make a name someone has."""
    for count in range(min(len(args), MAX_NAME_WORDS), 1, -1):
        if _by_name(fold(" ".join(args[:count])).strip().removeprefix("@")):
            return count
    return 1 if args and looks_like_person(args[0]) else 0
