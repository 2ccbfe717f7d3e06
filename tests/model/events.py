"""A studio's history as plain records: who did what, when (studio time, naive datetimes).

Each record is one message or one button press the driver sends, at its ``at``; the queries
(``Report``, ``Me``, ``Payroll``) are records too, so a history reads its figures at the
moments a manager would, in the middle of it as well as at its end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Cast:
    """A person of the studio: ``key`` names them in the history."""

    key: str
    tg_id: int
    name: str
    username: str
    role: str  # host, ops, manager


@dataclass(frozen=True)
class Event:
    at: datetime


@dataclass(frozen=True)
class Join(Event):
    """A manager adds ``who`` to the staff (their first whole business day counts)."""

    who: str


@dataclass(frozen=True)
class SetStart(Event):
    """A manager sets ``who``'s official start (``/setstart``): tenure targets count from it."""

    who: str
    day: date


@dataclass(frozen=True)
class Deactivate(Event):
    who: str


@dataclass(frozen=True)
class Rejoin(Event):
    """Someone deactivated asks to join again (``/join``)."""

    who: str


@dataclass(frozen=True)
class Approve(Event):
    """A manager approves ``who``'s request as a host: active again from the first whole
    business day after it."""

    who: str


@dataclass(frozen=True)
class Role(Event):
    """A manager gives ``who`` another role (``/role @who ops``): a host's minimums, target and
    days are a host's only while the role is ``host``."""

    who: str
    role: str


@dataclass(frozen=True)
class Live(Event):
    """``/live``: on time when ``start`` is None, else a late registration of ``start``."""

    who: str
    broadcast: str
    room: str
    start: datetime | None = None
    keyword: bool = False  # typed as staff do (开播 A) rather than as a command


@dataclass(frozen=True)
class Offline(Event):
    who: str
    broadcast: str
    keyword: bool = False  # 下播


@dataclass(frozen=True)
class Video(Event):
    who: str
    link: str
    keyword: bool = False  # 视频 <link>


@dataclass(frozen=True)
class Metrics(Event):
    """Ops sends ``/metrics <id> …`` for a broadcast: the keys given replace the old ones."""

    broadcast: str
    gmv_fen: int | None = None
    viewers: int | None = None
    orders: int | None = None


@dataclass(frozen=True)
class Plan(Event):
    who: str
    day: date
    room: str


@dataclass(frozen=True)
class Checkin(Event):
    who: str
    keyword: bool = False  # 到岗


@dataclass(frozen=True)
class Leave(Event):
    """A manager registers ``who``'s day off."""

    who: str
    day: date


@dataclass(frozen=True)
class Fine(Event):
    """Ops fines ``who`` by amount: the offence is the message's own business day."""

    who: str
    fine: str
    amount_fen: int


@dataclass(frozen=True)
class Decide(Event):
    """A manager confirms or dismisses the fine the bot proposed for a late start."""

    broadcast: str
    confirm: bool


@dataclass(frozen=True)
class Paid(Event):
    fine: str  # a Fine's key, or "late:<broadcast>" for a confirmed proposal


@dataclass(frozen=True)
class Waive(Event):
    fine: str


@dataclass(frozen=True)
class Ask(Event):
    """A customer writes to the bot privately: an inquiry opens, or waits (again)."""

    customer: str
    text: str = "这件外套还有M码吗"


@dataclass(frozen=True)
class Answer(Event):
    """Staff (a host, ops or the manager) answer ``customer`` in the inbox: by replying to the
    inquiry's card, or with ``/answer n text`` when ``command``."""

    who: str
    customer: str
    command: bool = False


@dataclass(frozen=True)
class Report(Event):
    """A manager asks ``/report <period>`` (with the workbook when ``xlsx``)."""

    period: str
    xlsx: bool = False


@dataclass(frozen=True)
class Me(Event):
    """``/me month`` (this month so far) or ``/me 上月`` (last month, over)."""

    who: str
    period: str = "month"


@dataclass(frozen=True)
class Payroll(Event):
    period: str


@dataclass(frozen=True)
class Close(Event):
    """A manager closes a month that is over (``/payroll 2026-12 结账``)."""

    month: str


@dataclass(frozen=True)
class Weekly(Event):
    """The ``weekly`` job: last week's report (Monday to Sunday)."""


@dataclass(frozen=True)
class Digest(Event):
    """The 23:30 ``digest`` job: the business day's hosts, met / short / on leave."""
