"""/video (视频) and /me (我的): logging the day's videos, and one's own dashboard."""

from __future__ import annotations

from telegram import Update

from handlers.base import Command, StudioContext
from studio import minimums, videos
from studio.figures import one_day
from studio.i18n import Markup
from studio.roster import Role
from views import t
from views.dashboard import dashboard_text


async def log_video(update: Update, context: StudioContext) -> None:
    """Log a published video for today's business day: /video link [title], or a share text."""
    videos.check_logs_videos(context.person)  # the role before the link
    link, title = videos.parse_video_args(context.argtext)
    video = videos.log_video(context.person, link, title, context.now, context.clock)
    rules = context.settings.rules
    facts = one_day(context.person.id, video.day)
    short = facts.videos_short(rules)
    mark = (t(context.lang, "video.met") if not short else
            t(context.lang, "video.left", videos=minimums.video_count(context.lang, short)))
    shown = Markup(t(context.lang, "video.title", title=title)) if title else ""
    await context.reply(t(context.lang,
        "video.logged", title=shown, mark=Markup(mark),
        count=facts.videos, minimum=rules.min_videos))


async def show_me(update: Update, context: StudioContext) -> None:
    """Own dashboard: /me [day|week|month]. Ops and managers have no live minimums or sales
    target: they see what applies to them (fines, samples, waiting inquiries)."""
    kind, first, last = minimums.parse_period(context.args_list, context.now, context.clock)
    board = minimums.dashboard(context.person, kind, first, last, context.settings,
                               context.clock, context.now)
    await context.reply(dashboard_text(context.lang, context.settings.rules, context.clock,
                                       context.now, board, host=context.role == Role.HOST))


COMMANDS = [
    Command("video", log_video, Role.HOST, keywords=("视频",)),
    Command("me", show_me, Role.HOST, keywords=("我的",)),
]
BUTTONS: list = []
