"""/me: one's own dashboard, section by section (a host's day, week or month against the
minimums; what applies to everyone: an open broadcast, GMV, fines, samples, inquiries)."""

from __future__ import annotations

from studio import metrics, minimums
from studio.clock import format_minutes
from studio.i18n import Markup
from studio.minimums import Dashboard
from studio.text import format_fen
from views import t


def dashboard_text(lang: str, rules, clock, now, board: Dashboard, host: bool) -> str:
    """The whole dashboard; ``host``: with the minimums and the target (ops and managers have
    none)."""
    lines = [title_line(lang, rules, clock, now, board)]
    if host:
        if board.is_current:
            lines += today_lines(lang, rules, clock, now, board)
        elif board.kind == "day":  # a day that is over: the day, never "today"
            lines += past_day_lines(lang, rules, board)
        if board.kind != "day":
            lines += period_lines(lang, rules, clock, now, board)
    else:
        lines.append(t(lang, "me.not_a_host"))
    lines += standing_lines(lang, rules, clock, now, board, host)
    return "\n".join(lines)


def title_line(lang: str, rules, clock, now, board: Dashboard) -> str:
    name = board.person.name
    if board.kind == "week":
        return t(lang, "me.title_week", name=name, first=board.first.strftime("%m-%d"),
                         last=board.last.strftime("%m-%d"))
    if board.kind == "month":
        return t(lang, "me.title_month" if board.is_current else "me.title_month_past",
                 name=name, month=board.last.strftime("%Y-%m"))
    return t(lang, "me.title_day", name=name, day=board.last.isoformat())


def today_lines(lang: str, rules, clock, now, board: Dashboard) -> list[str]:
    today = board.today
    minutes_short, videos_short = today.minutes_short(rules), today.videos_short(rules)
    met = Markup(t(lang, "me.met"))
    return [
        t(lang, "me.today_so_far", time=clock.local(now).strftime("%H:%M")),
        t(lang, "me.live", live=format_minutes(today.live_minutes, lang),
                  minimum=format_minutes(rules.min_live_minutes, lang),
                  note=met if not minutes_short else Markup(t(lang,
                      "me.short_by", short=format_minutes(minutes_short, lang)))),
        t(lang, "me.videos", count=today.videos, minimum=rules.min_videos,
                  note=met if not videos_short else Markup(t(lang,
                      "me.short_by", short=minimums.video_count(lang, videos_short)))),
        t(lang, "me.checkin_yes" if today.checkin else "me.checkin_no"),
    ]


def past_day_lines(lang: str, rules, board: Dashboard) -> list[str]:
    day, facts, off = board.days[-1]
    label = {"day": day.strftime("%m-%d"), "weekday": t(lang, "me.weekdays").split()[day.weekday()]}
    if off:
        return [t(lang, f"me.{off}_line", **label)]
    minutes_short, videos_short = facts.minutes_short(rules), facts.videos_short(rules)
    met = Markup(t(lang, "me.met"))
    return [
        t(lang, "me.day_over", **label),
        t(lang, "me.day_live", live=format_minutes(facts.live_minutes, lang),
          minimum=format_minutes(rules.min_live_minutes, lang),
          note=met if not minutes_short else Markup(t(lang, "me.short_by",
                                                      short=format_minutes(minutes_short, lang)))),
        t(lang, "me.day_videos", count=facts.videos, minimum=rules.min_videos,
          note=met if not videos_short else Markup(t(lang, "me.short_by",
                                                     short=minimums.video_count(lang, videos_short)))),
        t(lang, "me.day_checkin_yes" if facts.checkin else "me.day_checkin_no"),
    ]


def period_lines(lang: str, rules, clock, now, board: Dashboard) -> list[str]:
    weekdays = t(lang, "me.weekdays").split()
    lines = []
    if board.kind == "week":
        for day, facts, off in board.days:
            label = {"day": day.strftime("%m-%d"), "weekday": weekdays[day.weekday()]}
            if off:
                lines.append(t(lang, f"me.{off}_line", **label))
                continue
            mark = ("me.mark_met" if facts.met(rules) else
                    "me.mark_today" if day == board.today_day else "me.mark_short")
            lines.append(t(lang, "me.day_line", mark=Markup(t(lang, mark)), **label,
                                   live=format_minutes(facts.live_minutes, lang),
                                   videos=facts.videos))
    live, count = board.period.live_minutes, board.period.videos
    if board.kind == "week":
        lines.append(t(lang, "me.period_total", live=format_minutes(live, lang), videos=count))
    else:
        average = board.period.daily_live_minutes
        lines.append(t(lang, "me.month_live", live=format_minutes(live, lang),
                       average=format_minutes(average, lang) if average is not None
                       else t(lang, "metrics.none"), days=board.period.days_counted))
        lines.append(t(lang, "me.month_videos", count=count))
    short = board.short_days(rules)
    listed = t(lang, "minimums.separator").join(day.strftime("%m-%d") for day in short)
    lines.append(t(lang, "me.short_days", count=len(short),
                           days=Markup(t(lang, "me.short_days_list", days=listed)) if short else ""))
    lines.append(t(lang, "me.checkin_days", count=board.period.checkins_on_plan,
                   days=board.period.planned_days))
    return lines


def standing_lines(lang: str, rules, clock, now, board: Dashboard, host: bool) -> list[str]:
    lines = []
    live = board.open_broadcast
    if live is not None:
        started = clock.local(live.started_at)
        length = int((now - started).total_seconds() // 60)
        lines.append(t(lang, "me.open", room=live.room, start=started.strftime("%H:%M"),
                               length=format_minutes(length, lang)))
    if host:
        lines.append(gmv_line(lang, rules, clock, now, board))
    lines.append(t(lang, "me.fines", amount=format_fen(board.unpaid_fen)) if board.unpaid_fen
                 else t(lang, "me.fines_none"))
    lines.append(t(lang, "me.samples", **board.samples))
    lines.append(t(lang, "me.inquiries", count=board.inquiries))
    return lines


def gmv_line(lang: str, rules, clock, now, board: Dashboard) -> str:
    if board.target_fen is None:
        return t(lang, "me.gmv_no_start", gmv=format_fen(board.gmv_fen))
    if board.target_fen == 0:
        return t(lang, "me.gmv_no_target", gmv=format_fen(board.gmv_fen))
    due = board.due_fen or 0  # against the part due by today, as /report and the targets job
    return t(lang, "me.gmv", gmv=format_fen(board.gmv_fen),
                     target=format_fen(board.target_fen), due=format_fen(due),
                     percent=metrics.target_percent(board.gmv_fen, due or board.target_fen))


