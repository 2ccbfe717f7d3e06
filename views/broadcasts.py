"""Broadcasts: the /live reply, the closing checklist and the room-handover buttons, the watch's
reminder and notice, and the reasons the proposed fines give."""

from __future__ import annotations

from models import Broadcast, Handover
from studio import checklists, fines
from studio.clock import Clock
from studio.text import format_fen
from views import Markup, has, hhmm, keyboard, mention, t
from views.buttons import encode


def item_label(lang: str, prefix: str, code: str) -> str:
    """The checklist item's name; a studio's own fine code without a text shows as itself."""
    key = f"broadcast.{prefix}_{code}"
    return t(lang, key) if has(key) else code


def checklist_markup(lang: str, broadcast: Broadcast, clock):
    """One button per closing-checklist item: ☐ to tick, ✅ with the time once ticked."""
    rows = []
    for row in checklists.ticks_of(broadcast):
        label = item_label(lang, "item", row.item)
        label = f"✅ {label} {hhmm(clock, row.ticked_at)}" if row.ticked_at else f"☐ {label}"
        rows.append([(label, encode("bcheck", "tick", row.id))])
    return keyboard(rows)


def handover_markup(lang: str, handover: Handover):
    return keyboard([[(t(lang, "broadcast.room_ok"), encode("hand", "ok", handover.id)),
                      (t(lang, "broadcast.room_report"), encode("hand", "report", handover.id))]])


def report_markup(lang: str, handover: Handover, codes: list[str]):
    chosen = checklists.handover_items(handover)
    rows = [[(("☑ " if code in chosen else "☐ ") + item_label(lang, "left", code),
              encode("hand", "item", handover.id, code))] for code in codes]
    rows.append([(t(lang, "broadcast.report_submit"), encode("hand", "done", handover.id))])
    return keyboard(rows)


def plan_text(lang: str, key: str, plan, clock) -> str:
    """A plan as its reply names it (planned, changed, cancelled): number, who, day, times, room."""
    return t(lang, key, number=plan.id, who=mention(plan.staff), day=plan.day.isoformat(),
             start=hhmm(clock, plan.starts_at), end=hhmm(clock, plan.ends_at),
             room=plan.room or "—")


def register_amount(settings) -> str:
    """The registration fine's amount as the config has it ("10"), for the texts that name it."""
    return format_fen(settings.fines.catalogue["register"].amount_fen)


def started_text(lang: str, settings, clock, broadcast: Broadcast,
                 handover: Handover | None) -> str:
    """The /live reply; with a handover, the question to the incoming host."""
    lines = [t(lang, "broadcast.started", who=mention(broadcast.staff), room=broadcast.room,
               at=hhmm(clock, broadcast.started_at), number=broadcast.id)]
    if broadcast.late_start:
        lines.append(t(lang, "broadcast.late_registered", amount=register_amount(settings)))
    if handover is not None:
        lines.append(t(lang, "broadcast.handover_ask", **previous_broadcast(lang, clock,
                                                                          handover.previous)))
    return "\n".join(lines)


def previous_broadcast(lang: str, clock, previous: Broadcast) -> dict:
    """What a handover names of the broadcast the room was found after: its number, host,
    business date and times, and the closing-checklist items that host ticked."""
    ticked = [item_label(lang, "item", row.item) for row in checklists.ticks_of(previous)
              if row.ticked_at is not None]
    said = (t(lang, "broadcast.ticked_items", items=t(lang, "minimums.separator").join(ticked))
            if ticked else t(lang, "broadcast.ticked_none"))
    return {"number": previous.id, "previous": mention(previous.staff),
            "date": previous.day.strftime("%m-%d"), "start": hhmm(clock, previous.started_at),
            "ended": hhmm(clock, previous.ended_at) if previous.ended_at else "—",
            "ticked": Markup(said)}


def why_text(lang: str, key: str, broadcast: Broadcast, **params) -> str:
    """The reason a proposed fine gives, in ``lang`` (stored in the studio's language)."""
    return t(lang, key, number=broadcast.id, room=broadcast.room, **params)


def checklist_why(lang: str, clock, broadcast: Broadcast, items: list[str]) -> str:
    """A closing checklist's reason: the broadcast, when it ended, the items not confirmed."""
    names = "、" if lang == "zh" else ", "
    return why_text(lang, "broadcast.why_checklist", broadcast, at=hhmm(clock, broadcast.ended_at),
                    item=names.join(item_label(lang, "item", item) for item in items))


def handover_why(lang: str, clock, handover: Handover, code: str) -> str:
    """A handover's reason: the broadcast the room was found after, who reported what."""
    previous = handover.previous
    named = previous_broadcast(lang, clock, previous)
    return why_text(lang, "broadcast.why_handover", previous,
                    **{k: v for k, v in named.items() if k not in ("number", "previous")},
                    previous=previous.staff.name, by=handover.broadcast.staff.name,
                    item=item_label(lang, "left", code))


def proposal_reason(settings, proposal, lang: str) -> str:
    """The reason ``proposal`` gives, in ``lang`` (each reader's own), rebuilt from its source
    (``late_start:<id>``, ``late_end:<id>``, ``autoclose:<id>``, ``checklist:<id>:<item>``,
    ``handover:<id>:<code>``); the stored text (the studio's language) for any other source."""
    clock = Clock(settings.studio.tz, settings.studio.day_start)
    kind, _, rest = (proposal.source or "").partition(":")
    number, _, code = rest.partition(":")
    if not number.isdigit():
        return proposal.why
    if kind == "handover":
        handover = Handover.get_or_none(Handover.id == int(number))
        if handover is None or handover.previous_id is None or not code:
            return proposal.why
        return handover_why(lang, clock, handover, code)
    broadcast = Broadcast.get_or_none(Broadcast.id == int(number))
    if broadcast is None:
        return proposal.why
    if kind == "late_start":
        return why_text(lang, "broadcast.why_late_start", broadcast,
                        at=hhmm(clock, broadcast.started_at))
    if kind == "late_end" and broadcast.ended_at is not None:
        return why_text(lang, "broadcast.why_late_end", broadcast,
                        at=hhmm(clock, broadcast.ended_at))
    if kind == "autoclose":
        return why_text(lang, "broadcast.why_autoclose", broadcast,
                        at=hhmm(clock, broadcast.started_at),
                        hours=settings.rules.max_broadcast_hours.on(broadcast.day))
    if kind == "checklist" and code and broadcast.ended_at is not None:
        items = [p.code for p in fines.batch_of(proposal)] if proposal.batch else [code]
        return checklist_why(lang, clock, broadcast, items)
    return proposal.why


def autoclosed_text(lang: str, settings, broadcast: Broadcast, started: str) -> str:
    return t(lang, "broadcast.autoclosed", number=broadcast.id, room=broadcast.room,
             at=started, hours=settings.rules.max_broadcast_hours.on(broadcast.day),
             amount=register_amount(settings))


def checklist_reminder_text(lang: str, broadcast: Broadcast, items: list[str],
                            minutes: int) -> str:
    names = t(lang, "minimums.separator").join(item_label(lang, "item", item) for item in items)
    return t(lang, "broadcast.checklist_reminder", number=broadcast.id, room=broadcast.room,
             items=names, minutes=minutes)
