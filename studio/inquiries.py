"""Customers' inquiries (handbook duty 8): what a private message from a customer opens, what a
staff answer closes, the FAQ, the flood limit, blocking, reminders and response-time figures.

An inquiry is ``open`` while the customer waits (``waiting_since`` = the first unanswered
message), ``answered`` once staff (or the FAQ) answered, ``closed`` by ops. A new message to an
answered inquiry makes it wait again; a message after it was closed opens a new one. The
acknowledgement goes with the first message of each waiting stretch; a follow-up while the
customer waits gets a short receipt, at most one per ``RECEIPT_WINDOW`` (counted from the last
acknowledgement), so a customer who writes five lines in a minute gets one "received", not five,
and one who adds to the question later still hears it arrived.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from config import Faq, Settings
from models import (
    ChatMigration,
    Customer,
    Direction,
    Inquiry,
    InquiryMessage,
    InquiryStatus,
    Staff,
    audit,
    db,
)
from studio.clock import from_db, to_db
from studio.errors import Refused
from studio.parse.numbers import fold
from studio.parse.times import parse_hhmm_time

FLOOD_WINDOW = timedelta(seconds=60)
RECEIPT_WINDOW = timedelta(minutes=5)  # at most one acknowledgement per this, per inquiry
ESCALATE_FACTOR = 3  # unanswered this many times remind_minutes: the managers are told


# --- who the customer is ---------------------------------------------------------------------


def customer_lang(language_code: str | None) -> str | None:
    """``en*`` → English; anything else: None, which means the studio's language."""
    return "en" if (language_code or "").lower().startswith("en") else None


def lang_of(customer: Customer, settings: Settings) -> str:
    return customer.lang or settings.studio.language


def display_name(customer: Customer) -> str:
    return f"{customer.name} (@{customer.username})" if customer.username else customer.name


def by_tg(tg_id: int) -> Customer | None:
    return Customer.by_tg(tg_id)


def _customer(tg_id: int, name: str, username: str | None, language_code: str | None,
              now: datetime) -> Customer:
    customer = by_tg(tg_id)
    if customer is None:
        return Customer.create(tg_id=tg_id, name=name[:128], username=username,
                               lang=customer_lang(language_code), created_at=to_db(now))
    if customer.name != name[:128] or customer.username != username:
        customer.name, customer.username = name[:128], username
        customer.save(only=[Customer.name, Customer.username])
    return customer


# --- a customer writes -------------------------------------------------------------------------


@dataclass
class Received:
    """What to do with one customer message."""

    customer: Customer
    inquiry: Inquiry | None = None
    message: InquiryMessage | None = None
    dropped: str = ""  # "blocked" | "throttled": nothing is posted, nothing acknowledged
    tell: bool = False  # for a dropped message: tell the sender (once)
    new: bool = False  # a new inquiry: post its card
    ack: bool = False  # the first message of a waiting stretch: acknowledge it
    receipt: bool = False  # a follow-up while waiting, none acknowledged lately: a receipt
    faq: Faq | None = None  # answered at once by this FAQ entry


def in_hours(hours: str, local: time) -> bool:
    """Whether ``local`` lies in ``"09:00-23:00"``; ``"22:00-06:00"`` spans midnight."""
    start, end = (parse_hhmm_time(part) for part in hours.split("-"))
    if start <= end:
        return start <= local < end
    return local >= start or local < end


def last_opening(hours: str, local: datetime) -> datetime:
    """The latest opening of ``hours`` at or before ``local`` (aware, studio time)."""
    start = parse_hhmm_time(opening_time(hours))
    opened = local.replace(hour=start.hour, minute=start.minute, second=0, microsecond=0)
    return opened if opened <= local else opened - timedelta(days=1)


def opening_time(hours: str) -> str:
    return hours.split("-")[0].strip()


def match_faq(entries: list[Faq], text: str) -> Faq | None:
    """The first FAQ entry with a keyword in ``text`` (case-insensitive, full-width folded)."""
    folded = fold(text).casefold()
    if not folded:
        return None
    for entry in entries:
        for keyword in [*entry.keywords_zh, *entry.keywords_en]:
            word = fold(keyword).casefold().strip()
            if word and word in folded:
                return entry
    return None


def faq_answer(entry: Faq, lang: str) -> str:
    return entry.answer_en if lang == "en" else entry.answer_zh


def _recent_count(customer: Customer, now: datetime) -> int:
    return (InquiryMessage.select()
            .join(Inquiry)
            .where((Inquiry.customer == customer)
                   & (InquiryMessage.direction == Direction.IN)
                   & (InquiryMessage.at > to_db(now - FLOOD_WINDOW)))
            .count())


def current_inquiry(customer: Customer) -> Inquiry | None:
    return Inquiry.current_of(customer)


def receive(settings: Settings, *, tg_id: int, name: str, username: str | None,
            language_code: str | None, kind: str, text: str, message_id: int,
            now: datetime) -> Received:
    """Record one private message of a customer and say what to do with it."""
    with db.atomic():
        customer = _customer(tg_id, name, username, language_code, now)
        dropped = _dropped(settings, customer, now)
        if dropped is not None:
            return dropped
        result = _wait(customer, now)
        result.message = InquiryMessage.create(inquiry=result.inquiry, direction=Direction.IN,
                                               at=to_db(now), kind=kind, text=text,
                                               customer_message_id=message_id)
        result.faq = match_faq(settings.faq, text)
        if result.faq is not None:
            _answer_by_faq(result, lang_of(customer, settings), now)
    return result


def _dropped(settings: Settings, customer: Customer, now: datetime) -> Received | None:
    """A blocked customer's message, or one over the flood limit: telling them once."""
    if customer.blocked:
        tell = not customer.blocked_told
        if tell:
            customer.blocked_told = True
            customer.save(only=[Customer.blocked_told])
        return Received(customer, dropped="blocked", tell=tell)
    if _recent_count(customer, now) >= settings.inquiries.max_per_minute:
        told = customer.throttled_told_at
        tell = told is None or from_db(told) <= now - FLOOD_WINDOW
        if tell:
            customer.throttled_told_at = to_db(now)
            customer.save(only=[Customer.throttled_told_at])
        return Received(customer, dropped="throttled", tell=tell)
    return None


def _wait(customer: Customer, now: datetime) -> Received:
    """The customer waits: a new inquiry, or their current one waiting (again)."""
    inquiry = current_inquiry(customer)
    result = Received(customer)
    if inquiry is None:
        inquiry = Inquiry.create(customer=customer, status=InquiryStatus.OPEN, opened_at=to_db(now),
                                 waiting_since=to_db(now), last_message_at=to_db(now),
                                 acked_at=to_db(now))
        result.new = result.ack = True
    else:
        if inquiry.waiting_since is None:  # a new waiting stretch starts
            inquiry.waiting_since = to_db(now)
            inquiry.reminded_at = inquiry.escalated_at = None
            result.ack = True
        elif inquiry.acked_at is None or from_db(inquiry.acked_at) <= now - RECEIPT_WINDOW:
            result.receipt = True
        if result.ack or result.receipt:
            inquiry.acked_at = to_db(now)
        inquiry.status = InquiryStatus.OPEN
        inquiry.last_message_at = to_db(now)
        inquiry.save()
    result.inquiry = inquiry
    return result


def _answer_by_faq(result: Received, lang: str, now: datetime) -> None:
    inquiry = result.inquiry
    InquiryMessage.create(inquiry=inquiry, direction=Direction.OUT, at=to_db(now), kind="text",
                          text=faq_answer(result.faq, lang), faq=True)
    inquiry.status, inquiry.waiting_since = InquiryStatus.ANSWERED, None
    inquiry.save(only=[Inquiry.status, Inquiry.waiting_since])
    result.ack = False  # the answer itself is the acknowledgement


def remember_post(inquiry: Inquiry, message: InquiryMessage | None, chat_id: int,
                  card_id: int | None, post_id: int | None) -> None:
    """Note where the inbox shows this inquiry, so a reply to any of those posts answers it."""
    with db.atomic():
        if card_id is not None and inquiry.card_message_id is None:
            inquiry.card_chat_id, inquiry.card_message_id = chat_id, card_id
            inquiry.save(only=[Inquiry.card_chat_id, Inquiry.card_message_id])
        if message is not None and post_id is not None:
            message.inbox_chat_id, message.inbox_message_id = chat_id, post_id
            message.save(only=[InquiryMessage.inbox_chat_id, InquiryMessage.inbox_message_id])


def by_inbox_post(chat_id: int, message_id: int) -> Inquiry | None:
    """The inquiry whose card, or one of whose inbox posts, is ``message_id`` in ``chat_id``
    (or in the chat it was before Telegram upgraded it: a card posted in the basic group is
    replied to from the supergroup under the same message id)."""
    chat_ids = list(ChatMigration.same_chat(chat_id))
    inquiry = Inquiry.get_or_none(Inquiry.card_chat_id.in_(chat_ids)
                                  & (Inquiry.card_message_id == message_id))
    if inquiry is not None:
        return inquiry
    post = (InquiryMessage.select()
            .where(InquiryMessage.inbox_chat_id.in_(chat_ids)
                   & (InquiryMessage.inbox_message_id == message_id))
            .first())
    return post.inquiry if post is not None else None


def answer_target(chat_id: int, message_id: int) -> Inquiry | None:
    """The inquiry a reply to an inbox post answers: that post's, or, when that one is closed
    and the customer has written again since, their current one (so the new wait ends)."""
    inquiry = by_inbox_post(chat_id, message_id)
    if inquiry is not None and inquiry.status == InquiryStatus.CLOSED:
        return current_inquiry(inquiry.customer) or inquiry
    return inquiry


# --- staff answer ------------------------------------------------------------------------------


def get(number: int) -> Inquiry:
    inquiry = Inquiry.get_or_none(Inquiry.id == number)
    if inquiry is None:
        raise Refused("inquiry_unknown", number=number)
    return inquiry


def record_answer(inquiry: Inquiry, staff: Staff, *, kind: str, text: str,
                  now: datetime) -> InquiryMessage:
    """A staff answer delivered to the customer: the inquiry is answered (a closed one reopens).

    The first answer after a wait carries the response time: from the first unanswered message
    to the answer's own date."""
    with db.atomic():
        seconds = None
        if inquiry.waiting_since is not None:
            seconds = max(0, int((now - from_db(inquiry.waiting_since)).total_seconds()))
        if inquiry.status == InquiryStatus.CLOSED:
            audit(staff, "inquiry.reopen", f"inquiry:{inquiry.id}", at=now)
        inquiry.status, inquiry.waiting_since = InquiryStatus.ANSWERED, None
        inquiry.answered_by = staff
        inquiry.save(only=[Inquiry.status, Inquiry.waiting_since, Inquiry.answered_by])
        return InquiryMessage.create(inquiry=inquiry, direction=Direction.OUT, at=to_db(now), kind=kind,
                                     text=text, staff=staff, response_seconds=seconds)


def close(number: int, by: Staff, now: datetime) -> Inquiry:
    inquiry = get(number)
    if inquiry.status == InquiryStatus.CLOSED:
        raise Refused("inquiry_already_closed", number=number)
    with db.atomic():
        inquiry.status, inquiry.waiting_since, inquiry.closed_by = InquiryStatus.CLOSED, None, by
        inquiry.save(only=[Inquiry.status, Inquiry.waiting_since, Inquiry.closed_by])
        audit(by, "inquiry.close", f"inquiry:{inquiry.id}", at=now)
    return inquiry


def set_blocked(number: int, by: Staff, blocked: bool, now: datetime) -> Inquiry:
    """Block (or unblock) the customer of inquiry ``number``; blocking closes their inquiries."""
    inquiry = get(number)
    customer = inquiry.customer
    if customer.blocked == blocked:
        raise Refused("inquiry_already_blocked" if blocked else "inquiry_not_blocked",
                      number=number)
    with db.atomic():
        customer.blocked, customer.blocked_told = blocked, False
        customer.save(only=[Customer.blocked, Customer.blocked_told])
        if blocked:
            (Inquiry.update(status=InquiryStatus.CLOSED, waiting_since=None, closed_by=by)
             .where((Inquiry.customer == customer) & (Inquiry.status != InquiryStatus.CLOSED))
             .execute())
        audit(by, "customer.block" if blocked else "customer.unblock",
              f"customer:{customer.id}", f"inquiry {number}", at=now)
    return inquiry


# --- waiting -----------------------------------------------------------------------------------


def waiting(now: datetime) -> list[Inquiry]:
    """Inquiries whose customer waits for an answer, the longest-waiting first."""
    return list(Inquiry.select(Inquiry, Customer)
                .join(Customer)
                .where(Inquiry.waits_at(to_db(now)))
                .order_by(Inquiry.waiting_since, Inquiry.id))


def waiting_count(now: datetime) -> int:
    """How many customers wait for an answer (for /me and the digest)."""
    return Inquiry.select().where(Inquiry.waits_at(to_db(now))).count()


def waiting_minutes(inquiry: Inquiry, now: datetime) -> int:
    return max(0, int((now - from_db(inquiry.waiting_since)).total_seconds() // 60))


def first_waiting_line(inquiry: Inquiry, width: int = 40) -> tuple[str, str]:
    """(kind, first line of text) of the first message the customer still waits on."""
    message = (InquiryMessage.select()
               .where((InquiryMessage.inquiry == inquiry)
                      & (InquiryMessage.direction == Direction.IN)
                      & (InquiryMessage.at >= inquiry.waiting_since))
               .order_by(InquiryMessage.at, InquiryMessage.id)
               .first())
    if message is None:
        return "text", ""
    line = (message.text or "").strip().splitlines()[0] if (message.text or "").strip() else ""
    return message.kind, (line[:width] + "…" if len(line) > width else line)


def due_reminders(settings: Settings, now: datetime) -> tuple[list[Inquiry], list[Inquiry]]:
    """(to remind in the inbox, to escalate to the managers), each at most once per wait.

    Marked here, before sending: a crash between the mark and the send loses a reminder rather
    than sending it twice every five minutes."""
    remind_after = timedelta(minutes=settings.inquiries.remind_minutes)
    remind, escalate = [], []
    hours, local = settings.inquiries.hours, now.astimezone(settings.studio.tz)
    if not in_hours(hours, local.time()):
        return remind, escalate  # the customer was told when staff answer: nobody is woken
    opened = last_opening(hours, local)
    with db.atomic():
        for inquiry in waiting(now):
            # Only the wait within the hours counts (a question sent at 02:00 from 09:00 on).
            waited = now - max(from_db(inquiry.waiting_since), opened)
            if waited >= remind_after and inquiry.reminded_at is None:
                inquiry.reminded_at = to_db(now)
                inquiry.save(only=[Inquiry.reminded_at])
                remind.append(inquiry)
            if waited >= remind_after * ESCALATE_FACTOR and inquiry.escalated_at is None:
                inquiry.escalated_at = to_db(now)
                inquiry.save(only=[Inquiry.escalated_at])
                escalate.append(inquiry)
    return remind, escalate


def edited(tg_id: int, message_id: int, text: str) -> tuple[Inquiry, InquiryMessage] | None:
    """A customer edited a message they sent: the message now says ``text``. The inquiry and
    the message, or None when the bot never recorded it (dropped, or before the inbox)."""
    row = (InquiryMessage.select(InquiryMessage, Inquiry)
           .join(Inquiry).join(Customer)
           .where((Customer.tg_id == tg_id) & (InquiryMessage.customer_message_id == message_id)
                  & (InquiryMessage.direction == Direction.IN))
           .order_by(InquiryMessage.id.desc()).first())
    if row is None:
        return None
    row.text = text
    row.save(only=[InquiryMessage.text])
    return row.inquiry, row
