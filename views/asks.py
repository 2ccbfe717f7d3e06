"""The bot's questions when intent is unclear (``studio.asks``): which person, or "是要开播吗？"."""

from __future__ import annotations

from views import keyboard, t
from views.buttons import encode


def person_code(staff_id: int) -> str:
    """The button code of one candidate: ``s12`` for staff number 12."""
    return f"s{staff_id}"


def which_person(lang: str, number: int, typed: str,
                 people: list[tuple[int, str]]) -> tuple[str, object]:
    """"Which 小美?" with a button per person (name and staff number)."""
    rows = [[(f"{name} #{staff_id}", encode("ask", "pick", number, person_code(staff_id)))]
            for staff_id, name in people]
    rows.append([(t(lang, "ask.none_of_them"), encode("ask", "no", number))])
    return t(lang, "ask.which_person", value=typed[:40]), keyboard(rows)


def confirm_markup(lang: str, number: int, yes_label: str):
    """A warning's two buttons: do it anyway (``yes_label``) / cancel."""
    return keyboard([[(yes_label, encode("ask", "yes", number)),
                      (t(lang, "ask.cancel"), encode("ask", "no", number))]])


def meant_fine(lang: str, number: int, who: str, what: str, amount: str) -> tuple[str, object]:
    """"记一笔乐捐吗?小红 · 迟到 · 20元" with [是 / 不是]: money said in words is confirmed."""
    return (t(lang, "ask.meant_fine", who=who, what=what, amount=amount),
            keyboard([[(t(lang, "ask.yes"), encode("ask", "yes", number)),
                       (t(lang, "ask.no"), encode("ask", "no", number))]]))


def meant_keyword(lang: str, number: int, keyword: str, command: str) -> tuple[str, object]:
    """"是要开播吗？" with [是 / 不是]."""
    return (t(lang, "ask.meant_keyword", word=keyword, command=f"/{command}"),
            keyboard([[(t(lang, "ask.yes"), encode("ask", "yes", number)),
                       (t(lang, "ask.no"), encode("ask", "no", number))]]))
