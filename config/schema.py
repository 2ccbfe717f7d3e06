"""The settings' shape: every section as a frozen dataclass with its defaults, and the check
each value passes (``checked``). ``config`` reads a TOML file into these and names the key of
any mistake; ``config.example.toml`` holds the same defaults.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LANGUAGES = ("zh", "en")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


# --- value checks -----------------------------------------------------------------------------

# A time of day in the file: ``HH:MM`` (24 h), a full-width colon too (typed on a Chinese
# keyboard). The config sits below the domain (``studio`` reads the settings), so it does not
# borrow the domain's parser of what people type (``studio.parse.times``, which also reads
# 19点半): a file says HH:MM.
_HHMM = re.compile(r"\s*([0-9]{1,2})[:：]([0-9]{2})\s*")


def _time(value: str) -> time:
    """``HH:MM`` → a time; a ValueError naming the value otherwise."""
    match = _HHMM.fullmatch(value) if isinstance(value, str) else None
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f"not a time HH:MM: {value!r}")
    return time(int(match.group(1)), int(match.group(2)))


def _check_time(value: str) -> None:
    _time(value)


def _check_times(values: list[str]) -> None:
    for value in values:
        _time(value)


def _check_timezone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {value!r}") from exc


def _check_language(value: str) -> None:
    if value not in LANGUAGES:
        raise ValueError(f"must be one of {', '.join(LANGUAGES)}")


def _check_weekday(value: str) -> None:
    if value not in WEEKDAYS:
        raise ValueError(f"must be one of {', '.join(WEEKDAYS)}")


def _check_positive(value: int) -> None:
    if value <= 0:
        raise ValueError("must be greater than 0")


def _check_not_negative(value: int) -> None:
    if value < 0:
        raise ValueError("must not be negative")


def _check_hours_range(value: str) -> None:
    start, sep, end = value.partition("-")
    if not sep:
        raise ValueError(f"not a range HH:MM-HH:MM: {value!r}")
    _time(start)
    _time(end)


def _check_month_days(values: list[int]) -> None:
    for value in values:
        if not (value == -1 or 1 <= value <= 28):
            raise ValueError("each day must be 1..28, or -1 for the last day of the month")


def _check_mode(value: str) -> None:
    if value not in ("polling", "webhook"):
        raise ValueError("must be 'polling' or 'webhook'")


def _check_db_url(value: str) -> None:
    if not value.startswith(("sqlite:///", "postgresql://", "postgres://", "sqlite:///:memory:")):
        raise ValueError("must start with sqlite:/// or postgresql://")


def checked(default: typing.Any = dataclasses.MISSING, check=None, **kwargs) -> typing.Any:
    """A dataclass field whose value the loader passes through ``check``."""
    metadata = {"check": check} if check else {}
    if isinstance(default, (list, dict)):
        value = default
        return field(default_factory=lambda: type(value)(value), metadata=metadata, **kwargs)
    return field(default=default, metadata=metadata, **kwargs)


# --- the sections -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Webhook:
    listen: str = "127.0.0.1"
    port: int = checked(8443, _check_positive)
    url: str = ""
    path: str = "telegram"
    secret_token: str = ""


@dataclass(frozen=True)
class Telegram:
    token: str = ""
    base_url: str = ""
    # Files (getFile downloads); "" with base_url set: base_url's server, …/file/bot
    base_file_url: str = ""
    mode: str = checked("polling", _check_mode)
    webhook: Webhook = field(default_factory=Webhook)


@dataclass(frozen=True)
class Studio:
    group_chat_id: int = 0
    managers: list[int] = field(default_factory=list)
    name: str = "直播间"
    timezone: str = checked("Asia/Shanghai", _check_timezone)
    day_starts_at: str = checked("05:00", _check_time)
    inbox_chat_id: int = 0
    language: str = checked("zh", _check_language)
    rooms: list[str] = checked(["A"])

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def inbox(self) -> int:
        return self.inbox_chat_id or self.group_chat_id

    @property
    def day_start(self) -> time:
        return _time(self.day_starts_at)


@dataclass(frozen=True)
class Database:
    url: str = checked("sqlite:///studio.db", _check_db_url)


MAX_HOURS = 24  # a broadcast auto-closed after more than a day would never be closed in time


@dataclass(frozen=True)
class BroadcastHours:
    """How long a broadcast may stay open before the bot closes it, by the business day it
    started on: ``rules.max_broadcast_hours`` as a number (every day) or a table with a
    ``default``, ``weekdays`` (``{ sat = 10 }``) and ``dates`` (``{ "2026-11-11" = 14 }``, a
    studio's 大促 days). A date wins over its weekday, a weekday over the default."""

    default: int = 8
    weekdays: dict = field(default_factory=dict)  # "mon".."sun" -> hours
    dates: dict = field(default_factory=dict)  # date -> hours

    def on(self, day: date) -> int:
        """The hours for a broadcast that started on business day ``day``."""
        if day in self.dates:
            return self.dates[day]
        return self.weekdays.get(WEEKDAYS[day.weekday()], self.default)

    @property
    def varies(self) -> bool:
        return bool(self.weekdays or self.dates)


def _hours(value: object, key: str = "") -> int:
    where = f"{key}: " if key else ""
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{where}must be an integer")
    if not 1 <= value <= MAX_HOURS:
        raise ValueError(f"{where}must be 1..{MAX_HOURS} hours")
    return value


def broadcast_hours(value: object) -> BroadcastHours:
    """``rules.max_broadcast_hours`` as written: a number, or the table (see BroadcastHours).
    Raises ValueError naming the sub-key at fault (``dates."2026-13-01"``)."""
    if not isinstance(value, dict):
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError("must be an integer or a table (default, weekdays, dates)")
        return BroadcastHours(default=_hours(value))
    for name in value:
        if name not in ("default", "weekdays", "dates"):
            raise ValueError(f"{name}: unknown key (default, weekdays, dates)")
    default = _hours(value.get("default", 8), "default")
    weekdays, dates = value.get("weekdays", {}), value.get("dates", {})
    if not isinstance(weekdays, dict):
        raise ValueError("weekdays: must be a table, e.g. { sat = 10 }")
    if not isinstance(dates, dict):
        raise ValueError('dates: must be a table, e.g. { "2026-11-11" = 14 }')
    for name in weekdays:
        if name not in WEEKDAYS:
            raise ValueError(f"weekdays.{name}: must be one of {', '.join(WEEKDAYS)}")
    by_date = {}
    for text, hours in dates.items():
        # TOML keys are strings; a bare key 2026-11-11 is one too (a date value is not a key).
        try:
            day = date.fromisoformat(str(text)) if len(str(text)) == 10 else None
        except ValueError:
            day = None
        if day is None:
            raise ValueError(f'dates."{text}": not a date YYYY-MM-DD')
        by_date[day] = _hours(hours, f'dates."{text}"')
    return BroadcastHours(default, {k: _hours(v, f"weekdays.{k}") for k, v in weekdays.items()},
                          by_date)


@dataclass(frozen=True)
class Rules:
    min_live_minutes: int = checked(180, _check_positive)
    min_videos: int = checked(2, _check_positive)
    checklist_grace_minutes: int = checked(15, _check_positive)
    # A number, or a table by weekday and date: read by ``broadcast_hours`` (``config``).
    max_broadcast_hours: BroadcastHours = field(default_factory=BroadcastHours)
    checklist: list[str] = checked(["lights", "computer", "ac", "rubbish", "mess"])


@dataclass(frozen=True)
class Jobs:
    catch_up_hours: int = checked(6, _check_not_negative)
    misfire_grace_seconds: int = checked(600, _check_positive)
    watch_minutes: int = checked(5, _check_positive)
    minimums: list[str] = checked(["18:00", "22:00"], _check_times)
    digest: str = checked("23:30", _check_time)
    sweep_weekday: str = checked("thu", _check_weekday)
    sweep: str = checked("10:00", _check_time)
    sweep_followup: str = checked("17:00", _check_time)
    targets_days: list[int] = checked([15, -1], _check_month_days)
    targets: str = checked("20:00", _check_time)
    weekly_weekday: str = checked("mon", _check_weekday)
    weekly: str = checked("09:00", _check_time)
    backup: str = checked("04:00", _check_time)
    payslips: str = checked("10:00", _check_time)  # on the 1st: last month's drafts to managers


@dataclass(frozen=True)
class FineRule:
    amount: int = checked(dataclasses.MISSING, _check_positive)  # CNY
    zh: str = checked(dataclasses.MISSING)
    en: str = checked(dataclasses.MISSING)
    per_item: bool = False
    penalty: int = 0  # the handbook's penalty number, 0 for a studio rule of its own
    # A short name shown instead of the code ("忘关灯 ×2"); empty: the catalogue's
    # ``fines.name.<code>`` for a default code, else the code itself.
    name_zh: str = ""
    name_en: str = ""
    # Other ways staff say it ("没关灯", "灯没关"): /fine takes each as the code.
    aliases: list[str] = field(default_factory=list)

    @property
    def amount_fen(self) -> int:
        return self.amount * 100

    def text(self, lang: str | None) -> str:
        """The rule's wording in ``lang`` (English for anything but Chinese)."""
        return self.zh if lang == "zh" else self.en


# The handbook's penalties 1-8 ("公司奖罚制度"), quoted; amounts never changed.
DEFAULT_FINES: dict[str, FineRule] = {
    "smoking": FineRule(50, "不准在直播间内抽烟,发现每次乐捐50元。",
                        "No smoking in the live room — 50 CNY each time found.", False, 1),
    "lights": FineRule(20, "直播完忘记关灯、电脑等电器每一样乐捐20元。",
                       "Lights, computer or another appliance left on after a broadcast — "
                       "20 CNY for each item.", True, 2),
    "computer": FineRule(20, "直播完忘记关灯、电脑等电器每一样乐捐20元。",
                         "Lights, computer or another appliance left on after a broadcast — "
                         "20 CNY for each item.", True, 2),
    "ac": FineRule(50, "忘记关空调每次乐捐50元。",
                   "Air conditioner left on — 50 CNY each time.", False, 3),
    "rubbish": FineRule(20, "遗留桌面上垃圾每次乐捐20元。",
                        "Rubbish left on the desk — 20 CNY each time.", False, 4),
    "register": FineRule(10, "每次开播、下播必须填好登记表,发现忘记填的每次乐捐10元。",
                         "The registration sheet must be filled in at every start and every end "
                         "of a broadcast; each time it was not — 10 CNY.", False, 5),
    "mess": FineRule(20, "每次直播完请将桌上所有物品放置好,如发现主播直播完手机、支架、充电宝等直播设备"
                         "乱七八糟每次乐捐20元。",
                     "After every broadcast, put everything on the desk in its place; phone, "
                     "stand, power bank or other broadcast equipment found in a mess — 20 CNY "
                     "each time.", False, 6),
    "early_ac": FineRule(50, "每次直播前请提前做好准备再进直播间直播,不准先进直播间开着电脑空调然后才慢慢化妆,"
                             "如发现如此情况视为忘记关空调电脑乐捐罚50元。",
                         "Get ready before entering the live room: entering, switching on the "
                         "computer and the air conditioner, and then slowly doing make-up is not "
                         "allowed; it counts as leaving the air conditioner and computer on — "
                         "50 CNY.", False, 7),
}

# How staff say each default code, besides its name (fines.name.<code> in the texts).
DEFAULT_FINE_ALIASES = {
    "smoking": ["抽烟", "吸烟", "抽菸", "在直播间抽烟", "smoke"],
    "lights": ["没关灯", "灯没关", "忘关灯", "忘记关灯", "关灯", "灯", "light"],
    "computer": ["没关电脑", "电脑没关", "忘关电脑", "忘记关电脑", "电脑", "pc"],
    "ac": ["没关空调", "空调没关", "忘关空调", "忘记关空调", "空调", "aircon"],
    "rubbish": ["垃圾没清", "没清垃圾", "垃圾没扔", "没扔垃圾", "遗留垃圾", "垃圾", "trash"],
    "register": ["没登记", "未登记", "没填登记表", "忘记登记", "漏登记", "登记", "登记表"],
    "mess": ["设备乱放", "东西乱放", "乱放", "没收拾", "桌面乱", "设备没放好",
             "乱七八糟"],
    "early_ac": ["提前开空调", "提前开空调电脑", "先开空调", "先开空调再化妆", "提前开电脑"],
}
DEFAULT_FINES = {code: dataclasses.replace(rule, aliases=DEFAULT_FINE_ALIASES.get(code, []))
                 for code, rule in DEFAULT_FINES.items()}


@dataclass(frozen=True)
class Fines:
    max_amount: int = checked(1000, _check_positive)  # CNY, for /fine @who amount reason
    catalogue: dict[str, FineRule] = field(default_factory=lambda: dict(DEFAULT_FINES))


@dataclass(frozen=True)
class Target:
    from_month: int = checked(dataclasses.MISSING, _check_positive)
    amount: int = checked(dataclasses.MISSING, _check_not_negative)  # CNY a month
    to_month: int = checked(0, _check_not_negative)  # 0: no end


# Handbook duty 14: month 1 none; within 3 months 5,000; within 6 months 10,000; later 10,000.
DEFAULT_TARGETS = [Target(1, 0, 1), Target(2, 5000, 3), Target(4, 10000, 6), Target(7, 10000, 0)]


@dataclass(frozen=True)
class Samples:
    small_brand_max: int = checked(3, _check_not_negative)
    stale_days: int = checked(30, _check_positive)
    max_count: int = checked(50, _check_positive)


@dataclass(frozen=True)
class Metrics:
    max_gmv: int = checked(10_000_000, _check_positive)  # CNY for one broadcast


def _check_rates(values: dict[str, str]) -> None:
    for code, rate in values.items():
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise ValueError(f"{code!r} is not a currency code such as USD")
        try:
            ok = Decimal(rate) > 0
        except InvalidOperation:
            ok = False
        if not ok:
            raise ValueError(f"{code}: the rate is CNY per unit as a string, e.g. \"7.10\"")


# What a column of a platform export can be (``[imports] aliases`` maps names onto these):
# a row's own facts, the /metrics keys an export can fill (``views``: where the metrics have
# it), or known and read past. Kept here, below the domain, so the config can check an alias
# without importing it; ``studio.imports.columns`` builds its table on these.
IMPORT_ROW_FIELDS = frozenset({"start", "end", "date", "minutes", "seconds", "account",
                               "broadcast"})
IMPORT_METRIC_FIELDS = frozenset({"fans", "new_fans", "viewers", "views", "peak", "gmv",
                                  "orders", "products", "likes", "comments"})
IMPORT_IGNORED = "ignored"
IMPORT_FIELDS = IMPORT_ROW_FIELDS | IMPORT_METRIC_FIELDS | {IMPORT_IGNORED}


def _check_aliases(values: dict[str, str]) -> None:
    for name, key in values.items():
        if key not in IMPORT_FIELDS:
            raise ValueError(f"{name!r}: {key!r} is none of {', '.join(sorted(IMPORT_FIELDS))}")


@dataclass(frozen=True)
class Imports:
    """Platform exports and screenshots read into metrics (``studio.imports``)."""

    max_bytes: int = checked(5_000_000, _check_positive)  # a larger file is refused unread
    max_rows: int = checked(2_000, _check_positive)
    timezone: str = checked("", lambda v: v and _check_timezone(v))  # "": the studio's
    tiktok_timezone: str = checked("", lambda v: v and _check_timezone(v))  # "": timezone
    rates: dict[str, str] = checked({}, _check_rates)  # CNY per unit: { IDR = "0.00045" }
    aliases: dict[str, str] = checked({}, _check_aliases)  # more column names → field

    def zone(self, studio_zone: str, platform: str = "") -> ZoneInfo:
        if platform == "tiktok" and self.tiktok_timezone:
            return ZoneInfo(self.tiktok_timezone)
        return ZoneInfo(self.timezone or studio_zone)

    @property
    def rate_table(self) -> dict[str, Decimal]:
        return {code: Decimal(rate) for code, rate in self.rates.items()}


@dataclass(frozen=True)
class Inquiries:
    hours: str = checked("09:00-23:00", _check_hours_range)
    remind_minutes: int = checked(30, _check_positive)
    max_per_minute: int = checked(10, _check_positive)
    sign_answers: bool = False


@dataclass(frozen=True)
class Faq:
    answer_zh: str = checked(dataclasses.MISSING)
    answer_en: str = checked(dataclasses.MISSING)
    keywords_zh: list[str] = field(default_factory=list)
    keywords_en: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Reports:
    max_days: int = checked(400, _check_positive)
    weekly_to_ops: bool = False  # the weekly report to ops too (they do the assessment, 考核)


@dataclass(frozen=True)
class Backup:
    dir: str = "backups"
    keep: int = checked(7, _check_positive)


def _check_seconds_1_to(most: int):
    def check(value: int) -> None:
        if not 1 <= value <= most:
            raise ValueError(f"must be 1..{most} seconds")
    return check


@dataclass(frozen=True)
class Topics:
    """In a forum group (topics): the topic (its ``message_thread_id``) each kind of the bot's
    own posts goes to; 0 = General. Answers always go to the topic of the message answered."""

    reminders: int = 0  # the day's digest and reminders in the group
    samples: int = 0  # the lineup's close, the weekly sweep and its follow-up
    inquiries: int = 0  # customers' cards and their reminders, in the inbox chat
    reports: int = 0  # reports posted in the group

    def of(self, kind: str) -> int:
        return getattr(self, kind, 0) or 0


@dataclass(frozen=True)
class Availability:
    """A second instance (``service/standby.py``, docs/failover.md): on PostgreSQL it waits
    and takes over (``standby``, the default) or refuses to start; on SQLite it always
    refuses."""

    standby: bool = True
    retry_seconds: int = checked(2, _check_seconds_1_to(10))  # a standby tries the lock
    # The active checks its lock connection this often; at most 5 s, so that it stops before the
    # server can free its lock for another (docs/failover.md has the arithmetic).
    check_seconds: int = checked(2, _check_seconds_1_to(5))
    health_listen: str = "127.0.0.1"
    health_port: int = checked(0, _check_not_negative)  # 0: no health endpoint


def _check_percent(value: float) -> None:
    if not 0 <= value <= 100:
        raise ValueError("must be 0..100 (a percentage)")


def _check_day(value: str) -> None:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not a date YYYY-MM-DD: {value!r}") from None


@dataclass(frozen=True)
class Assessment:
    """The monthly scorecard (考核, ``studio.assessment``): each part's weight in points and
    the grade bounds on the total (out of 100: the weights of the parts a host has figures for,
    scaled). A weight of 0 leaves a part out."""

    days_met: int = checked(25, _check_not_negative)  # days both minimums met / days counted
    live_hours: int = checked(10, _check_not_negative)  # live time / (days counted × minimum)
    videos: int = checked(10, _check_not_negative)  # videos / (days counted × minimum)
    punctuality: int = checked(10, _check_not_negative)  # late or bot-closed, check-ins missed
    fines: int = checked(10, _check_not_negative)  # full with none, 0 at fines_zero_at
    gmv: int = checked(25, _check_not_negative)  # GMV / the pro-rated target
    gpm: int = checked(5, _check_not_negative)  # GPM / the studio's GPM of the month
    answers: int = checked(5, _check_not_negative)  # full with a median answer ≤ answer_minutes
    fines_zero_at: int = checked(200, _check_positive)  # CNY of fines in a month: no points
    answer_minutes: int = checked(10, _check_positive)
    grade_s: int = checked(90, _check_not_negative)  # the least total of each grade; below C: D
    grade_a: int = checked(80, _check_not_negative)
    grade_b: int = checked(70, _check_not_negative)
    grade_c: int = checked(60, _check_not_negative)


@dataclass(frozen=True)
class Tier:
    """A commission band: from ``above`` CNY of the month's GMV, ``percent`` of it."""

    above: int = checked(dataclasses.MISSING, _check_not_negative)  # CNY
    percent: float = checked(dataclasses.MISSING, _check_percent)


def _check_tiers(tiers: list[Tier]) -> None:
    if [t.above for t in tiers] != sorted({t.above for t in tiers}):
        raise ValueError("the tiers' \"above\" must rise, each once")


@dataclass(frozen=True)
class PayRate:
    """The rates in force from the business day ``since`` until the next rate's."""

    since: str = checked(dataclasses.MISSING, _check_day)  # YYYY-MM-DD
    base: int = checked(0, _check_not_negative)  # CNY a month, by the days on staff
    hourly: int = checked(0, _check_not_negative)  # CNY per live hour above the daily minimum
    full_attendance: int = checked(0, _check_not_negative)  # CNY, the bonus
    tiers: list[Tier] = checked([], _check_tiers)

    @property
    def first_day(self) -> date:
        return date.fromisoformat(self.since)


def _check_rates(rates: list[PayRate]) -> None:
    if not rates:
        raise ValueError("at least one [[pay.rates]]")
    days = [r.since for r in rates]
    if days != sorted(set(days)):
        raise ValueError("the rates' \"since\" must rise, each once")


@dataclass(frozen=True)
class Pay:
    """Pay (``studio.pay``): no ``[pay]`` section, no pay (``Settings.pay`` None)."""

    rates: list[PayRate] = checked(dataclasses.MISSING, _check_rates)
    whole_commission: bool = False  # True: the month's GMV decides one rate for all of it
    deduct_fines: bool = False  # True: the unpaid 乐捐 come off the gross (the studio's call)


@dataclass(frozen=True)
class Settings:
    telegram: Telegram = field(default_factory=Telegram)
    studio: Studio = field(default_factory=Studio)
    database: Database = field(default_factory=Database)
    rules: Rules = field(default_factory=Rules)
    jobs: Jobs = field(default_factory=Jobs)
    fines: Fines = field(default_factory=Fines)
    targets: list[Target] = field(default_factory=lambda: list(DEFAULT_TARGETS))
    samples: Samples = field(default_factory=Samples)
    metrics: Metrics = field(default_factory=Metrics)
    imports: Imports = field(default_factory=Imports)
    inquiries: Inquiries = field(default_factory=Inquiries)
    faq: list[Faq] = field(default_factory=list)
    reports: Reports = field(default_factory=Reports)
    backup: Backup = field(default_factory=Backup)
    availability: Availability = field(default_factory=Availability)
    topics: Topics = field(default_factory=Topics)
    assessment: Assessment = field(default_factory=Assessment)
    pay: Pay | None = None  # no [pay] section: no pay
    source: str = field(default="<defaults>", compare=False)
