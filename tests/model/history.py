"""Studio histories for Hypothesis: six business days across a month end and a year end
(29 December to 3 January), three hosts (one joining mid-way, maybe leaving and coming back
through /join, or made ops for a while), ops and a manager; broadcasts in the morning, the evening, across midnight and in the small hours before
the 05:00 change of business day; late registrations confirmed late (after the month's end
too); videos (a link twice), metrics with and without viewers or orders; plans, check-ins,
leave; fines, paid and waived, after a period's end too; customers' questions answered by
hosts, ops or the manager, at night and across the month end; and the queries read on the way."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import strategies as st

from tests.model import events as ev

CAST = [ev.Cast("manager", 111, "王经理", "boss", "manager"),
        ev.Cast("ops", 222, "李运营", "ops_li", "ops"),
        ev.Cast("hong", 333, "小红", "xiaohong", "host"),
        ev.Cast("ming", 444, "小明", "xiaoming", "host"),
        ev.Cast("jie", 777, "阿杰", "ajie", "host")]
ROOM = {"hong": "A", "ming": "B", "jie": "C"}
FIRST_DAY = date(2026, 12, 29)
DAYS = [FIRST_DAY + timedelta(days=n) for n in range(6)]  # 12-29 .. 01-03
STAFF_SINCE = datetime(2026, 12, 1, 12, 0)  # everyone but the one who joins
END = datetime(2027, 1, 4, 12, 0)  # the last queries: business day 01-04 (today)


def at(day: date, hhmm: str) -> datetime:
    """``hhmm`` on business day ``day``: before 05:00 is the next calendar day."""
    clock = time.fromisoformat(hhmm)
    moment = datetime.combine(day, clock)
    return moment + timedelta(days=1) if clock < time(5) else moment


# Official starts: tenure month 7+, month 2 from the 20th (a month part on each side of the
# month end), and one in the middle of the history (month 1 carries no target).
STARTS = [date(2026, 6, 10), date(2026, 11, 20), date(2026, 12, 31)]
MORNING = ["09:00", "10:15"]
EVENING = ["19:00", "22:30", "23:50", "00:30", "03:00", "04:40"]
LENGTHS = [30, 45, 120, 179, 180, 185, 240]
VIDEO_TIMES = ["10:00", "15:00", "18:59", "01:30", "04:50"]
FINE_TIMES = ["11:00", "23:30", "01:30", "04:59"]


@st.composite
def histories(draw) -> list[ev.Event]:
    out: list[ev.Event] = []
    counter = iter(range(1, 10_000))

    join_day = draw(st.sampled_from(DAYS[:5]))
    join_at = at(join_day, draw(st.sampled_from(["05:00", "08:00", "23:00"])))
    out.append(ev.Join(join_at, "jie"))
    first_active = join_day if join_at.time() == time(5) else join_day + timedelta(days=1)
    leaves_on = draw(st.one_of(st.none(), st.sampled_from(
        [d for d in DAYS if d > first_active] or [None])))
    back_on = None  # approved again: active from this business day
    if leaves_on is not None:
        out.append(ev.Deactivate(at(leaves_on, "08:50"), "jie"))
        out.extend(draw(planned_ahead("jie", leaves_on, join_at)))
        later = [d for d in DAYS if d > leaves_on]
        if later and draw(st.booleans()):
            day = draw(st.sampled_from(later))
            approved = at(day, draw(st.sampled_from(["05:00", "10:00"])))
            out.append(ev.Rejoin(approved - timedelta(minutes=30), "jie"))
            out.append(ev.Approve(approved, "jie"))
            back_on = day if approved.time() == time(5) else day + timedelta(days=1)

    # jie may be made ops for a stretch (and a host again, or not): no work of theirs then.
    as_ops: set[date] = set()
    if leaves_on is None and draw(st.booleans()):
        later = [d for d in DAYS if d > first_active]
        if later:
            since = draw(st.sampled_from(later))
            until = draw(st.sampled_from([None, *(d for d in DAYS if d > since)]))
            out.append(ev.Role(at(since, "05:20"), "jie", "ops"))
            if until is not None:
                out.append(ev.Role(at(until, "05:20"), "jie", "host"))
            as_ops = {d for d in DAYS if d >= since and (until is None or d < until)}

    for who, since in (("hong", at(FIRST_DAY, "05:10")), ("ming", at(FIRST_DAY, "05:10")),
                       ("jie", join_at + timedelta(minutes=5))):
        start = draw(st.sampled_from([None, *STARTS]))
        if start is not None:
            out.append(ev.SetStart(since, who, start))

    for who in ("hong", "ming", "jie"):
        for day in DAYS:
            if who == "jie" and (day < first_active or day in as_ops or (
                    leaves_on and day >= leaves_on and (back_on is None or day < back_on))):
                continue
            kind = draw(st.sampled_from(["work", "work", "off", "leave"]))
            if kind == "leave":
                out.append(ev.Leave(at(day, "05:30"), who, day))
                out.extend(draw(planned_ahead(who, day, join_at)))
                continue
            if kind == "off":
                continue
            out.extend(draw(a_day(who, day, counter)))

    for _ in range(draw(st.integers(0, 4))):
        who = draw(st.sampled_from(["hong", "ming", "ops"]))
        moment = at(draw(st.sampled_from(DAYS)), draw(st.sampled_from(FINE_TIMES)))
        key = f"f{next(counter)}"
        out.append(ev.Fine(moment, who, key, draw(st.integers(1, 100)) * 100))
        out.extend(draw(settled(key, moment)))

    for customer in ("zhang", "wu"):
        out.extend(draw(inquiries(customer)))

    if draw(st.booleans()):
        out.append(ev.Close(datetime(2027, 1, 1, 12, 5), "2026-12"))
    for day in draw(st.lists(st.sampled_from(DAYS), max_size=2, unique=True)):
        out.append(ev.Digest(at(day, "23:30")))
    out.append(ev.Weekly(datetime(2027, 1, 4, 9, 0)))
    for moment in (datetime(2027, 1, 1, 12, 0), END):
        out.append(ev.Report(moment, "2026-12"))
        out.append(ev.Payroll(moment, "2026-12"))
    out.append(ev.Report(END, "2027-01"))
    out.append(ev.Report(END, "2026-12-28..2027-01-03", xlsx=True))
    out.append(ev.Payroll(END, "2027-01"))
    for who in ("hong", "ming"):
        out.append(ev.Me(END, who))
        out.append(ev.Me(END, who, "上月"))
    return sorted(out, key=lambda e: e.at)


@st.composite
def a_day(draw, who: str, day: date, counter) -> list[ev.Event]:
    """A host's working day: a morning broadcast or not, an evening or small-hours one or
    not, videos, a plan and a check-in or not."""
    out: list[ev.Event] = []
    room = ROOM[who]
    if draw(st.booleans()):
        out.append(ev.Plan(at(day, "06:00"), who, day, room))
    if draw(st.booleans()):
        out.append(ev.Checkin(at(day, "08:30"), who, draw(st.booleans())))
    starts = []
    if draw(st.booleans()):
        starts.append(draw(st.sampled_from(MORNING)))
    if draw(st.booleans()):
        starts.append(draw(st.sampled_from(EVENING)))
    for hhmm in starts:
        key = f"b{next(counter)}"
        start = at(day, hhmm)
        end = start + timedelta(minutes=draw(st.sampled_from(LENGTHS)))
        if hhmm in MORNING:  # the evening one may not begin before the morning one ends
            end = min(end, at(day, "14:00"))
        late = draw(st.booleans()) and draw(st.booleans())
        sent = start + timedelta(minutes=20) if late else start
        out.append(ev.Live(sent, who, key, room, start if late else None, draw(st.booleans())))
        out.append(ev.Offline(end, who, key, draw(st.booleans())))
        for minutes in draw(st.sampled_from([[], [5], [5], [5, 30]])):
            out.append(ev.Metrics(
                end + timedelta(minutes=minutes), key,
                draw(st.one_of(st.none(), st.integers(0, 40_000).map(lambda y: y * 50))),
                draw(st.one_of(st.none(), st.integers(0, 3000))),
                draw(st.one_of(st.none(), st.integers(0, 80)))))
        if late:
            decided = draw(st.sampled_from([end + timedelta(minutes=10),
                                            at(day + timedelta(days=1), "10:00"),
                                            datetime(2027, 1, 2, 11, 0)]))
            decided = max(decided, end + timedelta(minutes=10))
            confirm = draw(st.booleans())
            out.append(ev.Decide(decided, key, confirm))
            if confirm:
                out.extend(draw(settled(f"late:{key}", decided)))
    links: list[str] = []
    for hhmm in sorted(draw(st.lists(st.sampled_from(VIDEO_TIMES), max_size=3, unique=True)),
                       key=lambda h: at(day, h)):
        again = links and draw(st.booleans()) and draw(st.booleans())
        link = links[-1] if again else f"https://v.douyin.com/{who}{day:%m%d}{hhmm[:2]}/"
        links.append(link)
        out.append(ev.Video(at(day, hhmm), who, link, draw(st.booleans())))
    return out


@st.composite
def planned_ahead(draw, who: str, day: date, join_at: datetime) -> list[ev.Event]:
    """Maybe a plan made the day before for a day the host turns out not to be due (leave
    registered after it, or deactivated that morning): not one of attendance's days."""
    sent = at(day - timedelta(days=1), "12:00")
    if (who == "jie" and sent <= join_at) or not draw(st.booleans()):
        return []
    return [ev.Plan(sent, who, day, ROOM[who])]


@st.composite
def settled(draw, fine: str, since: datetime) -> list[ev.Event]:
    """Paid, waived or left owing: an hour later, the next morning, or after the month's end."""
    what = draw(st.sampled_from(["owed", "paid", "paid", "waived"]))
    if what == "owed":
        return []
    when = draw(st.sampled_from([since + timedelta(hours=1),
                                 datetime.combine(since.date() + timedelta(days=1), time(10)),
                                 datetime(2027, 1, 2, 15, 0)]))
    when = max(when, since + timedelta(minutes=30))
    if when >= END:
        return []
    return [ev.Paid(when, fine) if what == "paid" else ev.Waive(when, fine)]


ASK_TIMES = ["02:00", "08:50", "12:00", "22:55", "23:50"]
ANSWER_AFTER = [timedelta(seconds=40), timedelta(minutes=7), timedelta(minutes=70),
                timedelta(hours=9, minutes=5), timedelta(hours=34)]


@st.composite
def inquiries(draw, customer: str) -> list[ev.Event]:
    """A customer's questions: each answered (by a host, ops or the manager, replying to the card
    or with /answer) after seconds, minutes, the next morning or two days on — after midnight
    and across the month end — or left waiting; a follow-up while waiting, a second answer."""
    out: list[ev.Event] = []
    moment = at(draw(st.sampled_from(DAYS)), draw(st.sampled_from(ASK_TIMES)))
    for _ in range(draw(st.integers(0, 3))):
        if moment >= END:
            break
        out.append(ev.Ask(moment, customer))
        if draw(st.booleans()):
            out.append(ev.Ask(moment + timedelta(minutes=3), customer, "在吗"))
        answered = moment + draw(st.sampled_from(ANSWER_AFTER))
        if answered >= END or not draw(st.integers(0, 4)):
            break
        who = draw(st.sampled_from(["hong", "ming", "ops", "manager"]))
        out.append(ev.Answer(answered, who, customer, draw(st.booleans())))
        if draw(st.booleans()) and answered + timedelta(minutes=1) < END:
            out.append(ev.Answer(answered + timedelta(minutes=1), "ops", customer))
        moment = answered + timedelta(minutes=draw(st.sampled_from([2, 30, 600])))
    return out
