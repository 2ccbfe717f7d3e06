"""The monthly scorecard (/scorecard, 考核), the pay lines of /payroll and a host's payslip."""

from __future__ import annotations

from config import Pay, Settings
from studio.assessment import EarlyWarning, Part, Scorecard
from studio.clock import Clock, format_minutes
from studio.i18n import Markup
from studio.pay import Month, Payslip, totals
from studio.text import format_fen
from views import t


def _signed(value: float) -> str:
    return f"{value:+.1f}"


def _money(fen: int | None) -> str:
    return "-" if fen is None else format_fen(fen)


def change_text(lang: str, card: Scorecard) -> str:
    if card.change is None:
        return t(lang, "scorecard.no_previous")
    return t(lang, "scorecard.change", change=_signed(card.change))


def part_figures(lang: str, part: Part) -> str:
    f = part.figures
    if part.key == "live_hours":
        return t(lang, "scorecard.part.live_hours", hours=format_minutes(f["minutes"], lang))
    if part.key == "fines":
        return t(lang, "scorecard.part.fines", count=f["count"], amount=format_fen(f["fen"]))
    if part.key == "gmv":
        return t(lang, "scorecard.part.gmv", gmv=format_fen(f["gmv_fen"]),
                 target=_money(f["target_fen"]))
    if part.key == "gpm":
        return t(lang, "scorecard.part.gpm", gpm=_money(f["gpm_fen"]),
                 studio=_money(f["studio_fen"]))
    if part.key == "answers":
        median = f["median"]
        return t(lang, "scorecard.part.answers", answered=f["answered"],
                 median="-" if median is None else format_minutes(round(median / 60), lang))
    return t(lang, f"scorecard.part.{part.key}", **f)


def part_line(lang: str, part: Part) -> str:
    score = (t(lang, "scorecard.not_scored", weight=part.weight) if part.points is None else
             t(lang, "scorecard.points", points=f"{part.points:g}", weight=part.weight))
    return t(lang, "scorecard.part_line", name=t(lang, f"scorecard.name.{part.key}"),
             figures=Markup(part_figures(lang, part)), score=Markup(score))


def note_lines(lang: str, clock: Clock, notes) -> list[str]:
    out = []
    for note in notes:
        amount = (t(lang, "scorecard.note_amount", amount=format_fen(note.amount_fen))
                  if note.amount_fen else "")
        out.append(t(lang, "scorecard.note", day=clock.local(note.at).strftime("%m-%d"),
                     by=note.by.name, reason=note.reason, amount=Markup(amount)))
    return out


def card_text(lang: str, settings: Settings, clock: Clock, card: Scorecard) -> str:
    """One host's scorecard: every part with its figures, weight and points; the total, the
    grade, the change from last month; the bounds used; the month's notes."""
    rules = settings.assessment
    total = "-" if card.total is None else f"{card.total:g}"
    lines = [t(lang, "scorecard.title", month=f"{card.first:%Y-%m}", name=card.name,
               first=card.first.strftime("%m-%d"), last=card.last.strftime("%m-%d")),
             *(part_line(lang, part) for part in card.parts),
             t(lang, "scorecard.total", total=total, grade=card.grade,
               change=Markup(change_text(lang, card))),
             *note_lines(lang, clock, card.notes),
             t(lang, "scorecard.legend", s=rules.grade_s, a=rules.grade_a, b=rules.grade_b,
               c=rules.grade_c)]
    return "\n".join(lines)


def ranking_text(lang: str, cards: list[Scorecard]) -> str:
    first = cards[0]
    lines = [t(lang, "scorecard.ranking", month=f"{first.first:%Y-%m}")]
    for rank, card in enumerate(cards, start=1):
        lines.append(t(lang, "scorecard.rank_line", rank=rank, name=card.name,
                       total="-" if card.total is None else f"{card.total:g}", grade=card.grade,
                       change=Markup(change_text(lang, card))))
    return "\n".join(lines)


def pay_figures(slip: Payslip) -> dict:
    return {"base": format_fen(slip.base_fen), "allowance": format_fen(slip.allowance_fen),
            "commission": format_fen(slip.commission_fen), "bonus": format_fen(slip.bonus_fen),
            "adjust": format_fen(slip.adjustments_fen), "gross": format_fen(slip.gross_fen),
            "fines": format_fen(slip.unpaid_fines_fen), "net": format_fen(slip.net_fen)}


def pay_line(lang: str, slip: Payslip) -> str:
    """``/payroll``'s line of one host (or, ``staff_id`` None, the totals)."""
    figures = pay_figures(slip)
    figures["net"] = Markup(t(lang, "pay.net", net=figures["net"]) if slip.deduct else "")
    if slip.staff_id is None:
        return t(lang, "pay.total_line", **figures)
    return t(lang, "pay.line", number=slip.staff_id, name=slip.name, **figures)


def payslip_text(lang: str, clock: Clock, month: str, slip: Payslip, month_days: int) -> str:
    """A host's payslip: each part and what it was computed on."""
    figures = pay_figures(slip)
    lines = [t(lang, "payslip.title", month=month, name=slip.name),
             t(lang, "payslip.base", base=figures["base"], days=slip.days_on_staff,
               month_days=month_days),
             t(lang, "payslip.allowance", allowance=figures["allowance"],
               extra=format_minutes(slip.extra_minutes, lang)),
             t(lang, "payslip.commission", commission=figures["commission"],
               gmv=format_fen(slip.gmv_fen)),
             t(lang, "payslip.bonus", bonus=figures["bonus"])]
    lines += note_lines(lang, clock, slip.notes)
    lines.append(t(lang, "payslip.gross", gross=figures["gross"]))
    lines.append(t(lang, "payslip.deducted" if slip.deduct else "payslip.fines",
                   fines=figures["fines"], net=figures["net"]))
    return "\n".join(lines)


def pay_message(lang: str, pay: Pay, month: Month) -> str:
    """/payroll's pay: a line per host, the totals (the sums of the lines), the fines' rule."""
    lines = [t(lang, "pay.title", first=month.data.first.isoformat(),
               last=month.data.last.isoformat()),
             *(pay_line(lang, slip) for slip in month.slips),
             pay_line(lang, totals(month.slips, pay.deduct_fines)),
             t(lang, "pay.fines_deducted" if pay.deduct_fines else "pay.fines_apart")]
    return "\n".join(lines)


def pay_sheets(lang: str, month: Month | None, cards: list[Scorecard]) -> dict[str, list[list]]:
    """/payroll's own sheets of its workbook: the pay (with ``[pay]``) and the scorecards;
    money as fen here, the workbook shows yuan."""
    from studio.assessment import PARTS
    from studio.workbook import yuan

    sheets: dict[str, list[list]] = {}
    if month is not None:
        def cells(s: Payslip) -> list:
            return [s.days_on_staff if s.staff_id else None,
                    round(s.extra_minutes / 60, 2) if s.staff_id else None, yuan(s.gmv_fen),
                    yuan(s.base_fen), yuan(s.allowance_fen), yuan(s.commission_fen),
                    yuan(s.bonus_fen), yuan(s.adjustments_fen), yuan(s.gross_fen),
                    yuan(s.unpaid_fines_fen), yuan(s.net_fen)]

        rows = [[s.staff_id, s.name, *cells(s)] for s in month.slips]
        total = totals(month.slips, month.slips[0].deduct if month.slips else False)
        total.name = t(lang, "report.total")
        sheets["pay"] = [*rows, [None, total.name, *cells(total)]]
    sheets["scorecards"] = [
        [c.staff_id, c.name, c.total, c.grade, c.previous,
         *({p.key: p.points for p in c.parts}.get(key) for key in PARTS)] for c in cards]
    return sheets


def warnings_text(lang: str, warnings: list[EarlyWarning]) -> str:
    """The weekly report's early warnings: GMV falling three weeks in a row, minimums missed
    three counted days in a row."""
    lines = [t(lang, "warning.title")]
    for w in warnings:
        if w.kind == "gmv_falling":
            lines.append(t(lang, "warning.gmv_falling", name=w.name,
                           weeks=" → ".join(format_fen(f) for f in w.weeks_fen)))
        else:
            lines.append(t(lang, "warning.days_missed", name=w.name,
                           days=(w.last - w.first).days + 1, first=w.first.strftime("%m-%d"),
                           last=w.last.strftime("%m-%d")))
    return "\n".join(lines)
