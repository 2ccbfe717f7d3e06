"""The console's time (``/clock``) and its input: what the console (``console``) runs on."""

from __future__ import annotations

import asyncio
import json
import re
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from peewee import fn

from models import ProcessedUpdate
from studio.parse.times import parse_hhmm_time, parse_iso_date

CLOCK_FILE = Path("console-files") / "clock.json"  # the time a run moved to, by database


STEP = re.compile(r"(\d+)\s*(w|d|h|m|min|天|周|小时|分钟?)", re.IGNORECASE)
STEP_UNITS = {"w": "weeks", "周": "weeks", "d": "days", "天": "days", "h": "hours",
              "小时": "hours", "m": "minutes", "min": "minutes", "分": "minutes", "分钟": "minutes"}


def parse_clock(text: str, now: datetime, tz) -> datetime:
    """Where ``/clock`` moves to: ``+1d``, ``+3h``, ``+1d3h``, ``+30m``, ``+1w``;
    ``YYYY-MM-DD HH:MM``; ``HH:MM`` (the next such time). ValueError with the reason."""
    text = text.strip()
    if text.startswith("+"):
        steps = STEP.findall(text[1:])
        if not steps or STEP.sub("", text[1:]).strip():
            raise ValueError(f"not a step forward: {text!r} (e.g. +1d, +3h, +30m)")
        delta = sum((timedelta(**{STEP_UNITS[unit.lower()]: int(n)}) for n, unit in steps),
                    timedelta())
        return now + delta
    try:
        if " " in text:
            day, hhmm = text.split(maxsplit=1)
            return datetime.combine(parse_iso_date(day), parse_hhmm_time(hhmm), tzinfo=tz)
        target = datetime.combine(now.astimezone(tz).date(), parse_hhmm_time(text), tzinfo=tz)
    except Exception:
        raise ValueError(f"not a time: {text!r} (e.g. +1d, 2026-12-03 10:00, 18:00)") from None
    return target if target > now else target + timedelta(days=1)


class ConsoleClock:
    """The console's time: the real time until moved; then freezegun's ticking clock, so that
    everything reading the time (message dates, the ledger, the domain's ``now``) sees it."""

    def __init__(self):
        self.factory = None
        self.freezer = None

    def now(self) -> datetime:
        return datetime.now(UTC)

    def move_to(self, moment: datetime) -> None:
        if self.factory is None:
            from freezegun import freeze_time  # only when the time is moved

            # openpyxl and matplotlib keep tables keyed by the datetime classes they see at
            # import: they must see the real ones, not freezegun's, or a workbook fails.
            from studio import chart, workbook  # noqa: F401

            self.freezer = freeze_time(moment.astimezone(UTC), tick=True, real_asyncio=True)
            self.factory = self.freezer.start()
        else:
            self.factory.move_to(moment.astimezone(UTC))

    def resume(self, db_url: str) -> None:
        """Go on with this database's own time line.

        A database rehearsed on a moved clock (its time is kept in the files folder) goes on
        from where its last run stopped, even when the real date has since passed that time:
        the week being rehearsed must not jump to today and skip (or catch up on) the days in
        between. A start given explicitly (``STUDIO_CONSOLE_TIME``) and a database that ran on
        the real clock go on at their own time, moved forward only if the database has already
        handled updates later than it (time never goes back for a database)."""
        latest = ProcessedUpdate.select(fn.MAX(ProcessedUpdate.at)).scalar()
        latest = latest.replace(tzinfo=UTC) if latest is not None else None
        saved = self.saved(db_url)
        moments = [m for m in (latest, saved) if m is not None]
        rehearsal = saved is not None and self.factory is None
        if moments and (rehearsal or max(moments) > self.now() + timedelta(minutes=1)):
            self.move_to(max(moments))

    @staticmethod
    def saved(db_url: str) -> datetime | None:
        """The time an earlier run on this database moved to, if it moved the clock."""
        try:
            return datetime.fromisoformat(json.loads(CLOCK_FILE.read_text())[db_url])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, db_url: str) -> None:
        """Remember the time reached, for the next run on this database."""
        if self.factory is None:
            return
        try:
            saved = json.loads(CLOCK_FILE.read_text())
        except (OSError, ValueError):
            saved = {}
        saved[db_url] = self.now().isoformat()
        CLOCK_FILE.parent.mkdir(parents=True, exist_ok=True)
        CLOCK_FILE.write_text(json.dumps(saved, indent=1))

    def stop(self) -> None:
        if self.freezer is not None:
            self.freezer.stop()
            self.freezer = self.factory = None


async def read_line(prompt: str) -> str | None:
    """One line from stdin without blocking the event loop (jobs keep running); None at EOF."""
    interactive = sys.stdin.isatty()
    if interactive:
        print(prompt, end="", flush=True)
    # A daemon thread, not the loop's executor: Ctrl-C must not wait for a pending readline.
    loop = asyncio.get_running_loop()
    answer = loop.create_future()

    def read() -> None:
        text = sys.stdin.readline()
        try:
            loop.call_soon_threadsafe(lambda: answer.done() or answer.set_result(text))
        except RuntimeError:  # the loop has closed: we are leaving anyway
            pass
    threading.Thread(target=read, daemon=True, name="console-input").start()
    line = await answer
    if line and not interactive:  # piped in: echo, so the transcript reads like a chat
        print(f"{prompt}{line.rstrip()}", flush=True)
    return line if line else None
