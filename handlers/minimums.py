"""/video (视频) and /me (我的): logging the day's videos, and one's own dashboard."""

from __future__ import annotations

from telegram import Update

from handlers.base import Command, StudioContext
from studio import metrics, minimums, videos
from studio.clock import format_minutes
from studio.figures import one_day
from studio.i18n import Markup
from studio.minimums import Dashboard
from studio.parsing import format_fen
from studio.roster import Role


async def log_video(update: Update, context: StudioContext) -> None:
    """Log a published video for today's business day: /video [link] [title]."""
    link, title = videos.parse_video_args(context.argtext)
    video = videos.log_video(context.person, link, title, context.now, context.clock)
    rules = context.settings.rules
    facts = one_day(context.person.id, video.day)
    short = facts.videos_short(rules)
    mark = (context.t("video.met") if not short else
            context.t("video.left", videos=minimums.video_count(context.lang, short)))
    shown = Markup(context.t("video.title", title=title)) if title else ""
    await context.reply(context.t(
        "video.logged", title=shown, mark=Markup(mark),
        count=facts.videos, minimum=rules.min_videos))


async def show_me(update: Update, context: StudioContext) -> None:
    """Own dashboard: /me [day|week|month]. Ops and managers have no live minimums or sales
    target: they see what applies to them (fines, samples, waiting inquiries)."""
    kind, first, last = minimums.parse_period(context.args_list, context.now, context.clock)
    board = minimums.dashboard(context.person, kind, first, last, context.settings,
                               context.clock, context.now)
    host = context.role == Role.HOST
    lines = [title_line(context, board)]
    if host:
        lines += today_lines(context, board)
        if kind != "day":
            lines += period_lines(context, board)
    else:
        lines.append(context.t("me.not_a_host"))
    lines += standing_lines(context, board, host)
    await context.reply("\n".join(lines))


# --- the dashboard's sections, one line each --------------------------------------------------


def title_line(context: StudioContext, board: Dashboard) -> str:
    name = board.person.name
    if board.kind == "week":
        return context.t("me.title_week", name=name, first=board.first.strftime("%m-%d"),
                         last=board.last.strftime("%m-%d"))
    if board.kind == "month":
        return context.t("me.title_month", name=name, month=board.last.strftime("%Y-%m"))
    return context.t("me.title_day", name=name, day=board.last.isoformat())


def today_lines(context: StudioContext, board: Dashboard) -> list[str]:
    rules, today, lang = context.settings.rules, board.today, context.lang
    minutes_short, videos_short = today.minutes_short(rules), today.videos_short(rules)
    met = Markup(context.t("me.met"))
    return [
        context.t("me.today_so_far", time=context.clock.local(context.now).strftime("%H:%M")),
        context.t("me.live", live=format_minutes(today.live_minutes, lang),
                  minimum=format_minutes(rules.min_live_minutes, lang),
                  note=met if not minutes_short else Markup(context.t(
                      "me.short_by", short=format_minutes(minutes_short, lang)))),
        context.t("me.videos", count=today.videos, minimum=rules.min_videos,
                  note=met if not videos_short else Markup(context.t(
                      "me.short_by", short=minimums.video_count(lang, videos_short)))),
        context.t("me.checkin_yes" if today.checkin else "me.checkin_no"),
    ]


def period_lines(context: StudioContext, board: Dashboard) -> list[str]:
    rules, lang = context.settings.rules, context.lang
    weekdays = context.t("me.weekdays").split()
    lines = []
    if board.kind == "week":
        for day, facts, off in board.days:
            label = {"day": day.strftime("%m-%d"), "weekday": weekdays[day.weekday()]}
            if off:
                lines.append(context.t(f"me.{off}_line", **label))
                continue
            mark = ("me.mark_met" if facts.met(rules) else
                    "me.mark_today" if day == board.last else "me.mark_short")
            lines.append(context.t("me.day_line", mark=Markup(context.t(mark)), **label,
                                   live=format_minutes(facts.live_minutes, lang),
                                   videos=facts.videos))
    live, count = board.period.live_minutes, board.period.videos
    if board.kind == "week":
        lines.append(context.t("me.period_total", live=format_minutes(live, lang), videos=count))
    else:
        lines.append(context.t("me.month_live", live=format_minutes(live, lang),
                               average=format_minutes(live // max(1, board.present_days),
                                                      lang)))
        lines.append(context.t("me.month_videos", count=count))
    short = board.short_days(rules)
    listed = context.t("minimums.separator").join(day.strftime("%m-%d") for day in short)
    lines.append(context.t("me.short_days", count=len(short),
                           days=Markup(context.t("me.short_days_list", days=listed)) if short else ""))
    lines.append(context.t("me.checkin_days", count=board.period.checkins,
                           days=board.present_days))
    return lines


def standing_lines(context: StudioContext, board: Dashboard, host: bool) -> list[str]:
    lines = []
    live = board.open_broadcast
    if live is not None:
        started = context.clock.local(live.started_at)
        length = int((context.now - started).total_seconds() // 60)
        lines.append(context.t("me.open", room=live.room, start=started.strftime("%H:%M"),
                               length=format_minutes(length, context.lang)))
    if host:
        lines.append(gmv_line(context, board))
    lines.append(context.t("me.fines", amount=format_fen(board.unpaid_fen)) if board.unpaid_fen
                 else context.t("me.fines_none"))
    lines.append(context.t("me.samples", **board.samples))
    lines.append(context.t("me.inquiries", count=board.inquiries))
    return lines


def gmv_line(context: StudioContext, board: Dashboard) -> str:
    if board.target_fen is None:
        return context.t("me.gmv_no_start", gmv=format_fen(board.gmv_fen))
    if board.target_fen == 0:
        return context.t("me.gmv_no_target", gmv=format_fen(board.gmv_fen))
    due = board.due_fen or 0  # against the part due by today, as /report and the targets job
    return context.t("me.gmv", gmv=format_fen(board.gmv_fen),
                     target=format_fen(board.target_fen), due=format_fen(due),
                     percent=metrics.target_percent(board.gmv_fen, due or board.target_fen))


COMMANDS = [
    Command("video", log_video, Role.HOST, keywords=("视频",)),
    Command("me", show_me, Role.HOST, keywords=("我的",)),
]
BUTTONS: list = []
