"""Customers' private messages and the staff who answer them through the bot (handbook duty 8).

A customer's message is recorded, acknowledged (once per waiting stretch), answered at once when
an FAQ entry matches, and posted to the inbox chat: a numbered card, media copied under it
(``copyMessage``: nothing is downloaded). A staff member who replies in the inbox to any of those
posts answers: the bot copies the reply to the customer, who never sees who answered, from
where, or the inquiry's number (unless ``inquiries.sign_answers``: then a separate line "— 小红").
"""

from __future__ import annotations

import logging
import re

from telegram import Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import MessageHandler, filters

from handlers.base import Command, StudioContext
from messaging.send import in_topic, under
from models import Inquiry, InquiryMessage
from studio import inquiries, roster
from studio.errors import BadInput
from studio.i18n import Markup, escape
from studio.parse.numbers import record_id
from studio.roster import Role
from studio.text import split_text
from views import t
from views.formatting import as_html, utf16_offset
from views.inquiries import describe, waiting_line

log = logging.getLogger(__name__)

# animation before document: a GIF carries both.
MEDIA_KINDS = ("animation", "photo", "video", "video_note", "voice", "audio", "sticker",
               "document")


# What an /answer may carry besides its words: whatever takes a caption.
ANSWER_MEDIA = ("animation", "photo", "video", "audio", "voice", "document")
CAPTION_COMMAND = re.compile(r"^\s*[/／][A-Za-z]")


def kind_of(message: Message) -> str:
    kind = next((k for k in MEDIA_KINDS if getattr(message, k, None)), None)
    return kind or ("text" if message.text else "other")


# --- customers ---------------------------------------------------------------------------------


class _NotActiveStaff(filters.MessageFilter):
    """The sender is not active staff: staff's own private text is keywords and conversations."""

    def filter(self, message: Message) -> bool:
        person = roster.by_tg(message.from_user.id) if message.from_user else None
        return message.from_user is not None and (person is None or not person.active)


async def tell_customer(context: StudioContext, chat_id: int, text: str) -> None:
    """A line to the customer; a customer who blocked the bot must not stop the inbox post."""
    try:
        await context.bot.send_message(chat_id, text)
    except TelegramError as exc:
        log.warning("could not write to customer chat %s: %s", chat_id, exc)


async def customer_message(update: Update, context: StudioContext) -> None:
    """Record a customer's message, acknowledge it, answer an FAQ, post it to the inbox."""
    message, user = update.effective_message, update.effective_user
    got = inquiries.receive(context.settings, tg_id=user.id, name=user.full_name,
                            username=user.username, language_code=user.language_code,
                            kind=kind_of(message), text=message.text or message.caption or "",
                            message_id=message.message_id, now=context.now)
    lang = inquiries.lang_of(got.customer, context.settings)
    if got.dropped:
        if got.tell:
            await tell_customer(context, user.id, t(lang, f"inquiries.{got.dropped}"))
        return
    hours = context.settings.inquiries.hours
    if got.ack and inquiries.in_hours(hours, context.clock.local(context.now).time()):
        await tell_customer(context, user.id, t(lang, "inquiries.ack"))
    elif got.ack:
        await tell_customer(context, user.id, t(
            lang, "inquiries.ack_off_hours", start=inquiries.opening_time(hours)))
    if got.faq is not None:
        await tell_customer(context, user.id, escape(inquiries.faq_answer(got.faq, lang)))
    elif got.receipt:
        await tell_customer(context, user.id, t(lang, "inquiries.receipt"))
    try:
        await post_to_inbox(context, got, message)
    except TelegramError as exc:
        log.error("could not post inquiry %s to the inbox: %s", got.inquiry.id, exc)


async def post_to_inbox(context: StudioContext, got: inquiries.Received, message: Message):
    """The card for a new inquiry (or a line under the card), media copied under it. The text
    keeps the customer's links and formatting (``said``): staff see which product "这件" was."""
    inquiry, kind = got.inquiry, got.message.kind
    inbox, lang = context.settings.studio.inbox, context.settings.studio.language
    said = (describe(lang, kind, said_html(message)), describe(lang, kind, got.message.text))
    mark = f"\n{t(lang, 'inquiries.faq_mark')}" if got.faq else ""
    card_id = post_id = None
    if inquiry.card_message_id is None:
        ids = await post_said(context, inbox, said, lambda body: t(
            lang, "inquiries.card", number=inquiry.id,
            who=inquiries.display_name(got.customer), text=body) + mark,
            **in_topic(context.settings, "inquiries"))
        card_id, post_id = ids[0], ids[-1]
    elif kind == "text" or got.faq:  # every piece of a long follow-up, each under the card
        post_id = (await post_said(context, inbox, said, lambda body: t(
            lang, "inquiries.line", number=inquiry.id, name=got.customer.name,
            text=body) + mark, reply_parameters=under(inquiry.card_message_id),
            disable_notification=False))[-1]
    if kind != "text":
        post_id = await copy_in(context, inquiry, message, card_id) or post_id
    inquiries.remember_post(inquiry, got.message, inbox, card_id, post_id)


def said_html(message: Message) -> Markup:
    """What the person wrote (the text, or a caption) with its own links and formatting."""
    if message.text is not None:
        return as_html(message.text, message.entities)
    return as_html(message.caption or "", message.caption_entities)


async def post_said(context: StudioContext, chat_id: int, said: tuple[str, str], text,
                    **kwargs) -> list[int]:
    """Post ``text(body)`` in as many messages as it needs, ``body`` being the customer's words
    with their formatting; if Telegram cannot parse that formatting after all, with the words
    alone (a post is never lost to a link). The ids of the messages."""
    formatted, plain = said
    try:
        pieces = split_text(text(formatted))
        first = await context.bot.send_message(chat_id, pieces[0], **kwargs)
    except BadRequest as exc:
        if "entit" not in exc.message.lower():  # "can't parse entities": the formatting
            raise
        log.warning("the inbox post's formatting was refused (%s); posted without it", exc)
        pieces = split_text(text(plain))
        first = await context.bot.send_message(chat_id, pieces[0], **kwargs)
    ids = [first.message_id]
    for piece in pieces[1:]:
        ids.append((await context.bot.send_message(chat_id, piece, **kwargs)).message_id)
    return ids


async def copy_in(context: StudioContext, inquiry: Inquiry, message: Message,
                  card_id: int | None) -> int | None:
    """The customer's photo, file, voice … copied under the card; None when Telegram refuses
    to copy it (the card or line names it all the same)."""
    try:
        copy = await context.bot.copy_message(
            context.settings.studio.inbox, from_chat_id=message.chat_id,
            message_id=message.message_id,
            reply_parameters=under(card_id or inquiry.card_message_id))
    except BadRequest as exc:
        log.warning("could not copy a message of inquiry %s into the inbox: %s", inquiry.id, exc)
        return None
    return copy.message_id


async def customer_edit(update: Update, context: StudioContext) -> None:
    """A customer edited a message: the inbox sees the new words under the card, marked
    edited (a staff reply to that post answers, as to any other); the customer is not
    acknowledged again."""
    message = update.edited_message
    text = message.text or message.caption or ""
    found = inquiries.edited(message.from_user.id, message.message_id, text)
    if found is None or not text:
        return
    inquiry, row = found
    inbox, lang = context.settings.studio.inbox, context.settings.studio.language
    try:
        ids = await post_said(context, inbox, (said_html(message), text), lambda body: t(
            lang, "inquiries.edited_line", number=inquiry.id, name=inquiry.customer.name,
            text=body), reply_parameters=under(inquiry.card_message_id))
    except TelegramError as exc:
        log.error("could not post the edit of inquiry %s to the inbox: %s", inquiry.id, exc)
        return
    inquiries.remember_post(inquiry, row, inbox, None, ids[-1])


# --- staff -------------------------------------------------------------------------------------


class _RepliesToInquiry(filters.MessageFilter):
    """A reply to the card of an inquiry, or to any post the bot made for it, in that chat."""

    def filter(self, message: Message) -> bool:
        reply = message.reply_to_message
        if CAPTION_COMMAND.match(message.caption or ""):
            return False  # a photo captioned /answer 3 …: the command's, caption and all
        return reply is not None and inquiries.by_inbox_post(
            message.chat_id, reply.message_id) is not None


async def deliver_answer(context: StudioContext, inquiry: Inquiry, *,
                         copy_of: Message | None = None, text: str = "",
                         media: Message | None = None,
                         formatted: str | None = None) -> InquiryMessage | None:
    """Get the answer to the customer, then record it: a copy of ``copy_of``; or ``text``
    (``formatted``: the same with the staff member's links, as HTML), under ``media`` (a
    photo, video or file sent with ``/answer n text`` as its caption) when given."""
    customer = inquiry.customer
    body = formatted if formatted is not None else escape(text)
    try:
        if copy_of is not None:
            await context.bot.copy_message(customer.tg_id, from_chat_id=copy_of.chat_id,
                                           message_id=copy_of.message_id)
        elif media is not None:
            await send_with_media(context, customer.tg_id, media, body)
        else:
            for piece in split_text(body):
                await context.bot.send_message(customer.tg_id, piece)
        if context.settings.inquiries.sign_answers:
            lang = inquiries.lang_of(customer, context.settings)
            await context.bot.send_message(customer.tg_id, t(
                lang, "inquiries.signature", name=context.person.name))
    except TelegramError as exc:
        log.warning("answer to inquiry %s not delivered: %s", inquiry.id, exc)
        await context.reply(t(context.lang, "inquiries.not_delivered", number=inquiry.id))
        return None
    shown = copy_of or media
    kind = kind_of(shown) if shown is not None else "text"
    said = (copy_of.text or copy_of.caption or "") if copy_of is not None else text
    return inquiries.record_answer(inquiry, context.person, kind=kind, text=said,
                                   now=context.now)


async def send_with_media(context: StudioContext, chat_id: int, media: Message,
                          body: str) -> None:
    """The photo, video or file of ``media`` with ``body`` as its caption, never the
    ``/answer n`` typed before it. (A command's arguments are held below a caption's 1,024
    units: ``handlers.base.MAX_ARGS``.)"""
    if body:
        await context.bot.copy_message(chat_id, from_chat_id=media.chat_id,
                                       message_id=media.message_id, caption=body)
        return
    # No caption at all: copyMessages can drop it (``caption=""`` cannot: PTB 22's ExtBot takes
    # an empty string for an empty list of poll options and sends ``[]``).
    await context.bot.copy_messages(chat_id, from_chat_id=media.chat_id,
                                    message_ids=[media.message_id], remove_caption=True)


def answer_text(message: Message, text: str) -> tuple[str, str]:
    """The answer as typed after ``/answer n`` (the end of the text or caption), and the same
    with its links and formatting as HTML."""
    full = message.text if message.text is not None else (message.caption or "")
    entities = message.entities if message.text is not None else message.caption_entities
    body = text.strip()
    kept = full.rstrip()
    if not body or not kept.endswith(body):
        return body, escape(body)
    start = utf16_offset(full, len(kept) - len(body))
    return body, as_html(kept, entities, start)


async def staff_reply(update: Update, context: StudioContext) -> None:
    """Staff replied in the inbox to an inquiry's post: pass it to the customer."""
    if context.role < Role.HOST:
        return  # someone else in the inbox chat: not an answer
    message = update.effective_message
    inquiry = inquiries.answer_target(message.chat_id, message.reply_to_message.message_id)
    answer = await deliver_answer(context, inquiry, copy_of=message)
    if answer is None:
        return
    done = await context.bot.send_message(
        message.chat_id, t(context.lang, "inquiries.passed_on", number=inquiry.id),
        reply_parameters=under(message.message_id), disable_notification=True)
    inquiries.remember_post(inquiry, answer, message.chat_id, None, done.message_id)


async def answer(update: Update, context: StudioContext) -> None:
    """Answer inquiry n with text (and the photo, video or file it is the caption of)."""
    # ``/answer 3 text`` or ``/answer 3，text``: the number, then the text as typed; in reply to
    # an inquiry's card, ``/answer text`` answers that one.
    number, _, text = re.sub(r"^(\S+?)[\s，、；,;:：]+", r"\1 ", context.argtext).partition(" ")
    message = update.effective_message
    replied = message.reply_to_message
    card = replied and inquiries.by_inbox_post(message.chat_id, replied.message_id)
    try:
        number = record_id(number, "inquiry_number")
    except BadInput:
        if card is None:
            raise
        number, text = card.id, context.argtext
    media = message if kind_of(message) in ANSWER_MEDIA else None
    if not text.strip() and media is None:
        raise BadInput("inquiry_no_text")
    inquiry = inquiries.get(number)
    text, formatted = answer_text(message, text)
    reply = await deliver_answer(context, inquiry, text=text, media=media, formatted=formatted)
    if reply is None:
        return
    done = await context.reply(t(context.lang, "inquiries.passed_on", number=number))
    if update.effective_chat.id == context.settings.studio.inbox:
        # Typed in the inbox: the answer is there already, no "answered privately" copy; a
        # reply to the confirmation reaches the customer, as after a reply to the card.
        if done is not None:
            inquiries.remember_post(inquiry, reply, done.chat_id, None, done.message_id)
        return
    lang = context.settings.studio.language
    try:  # the inbox sees the answer under the card, quietly
        for piece in split_text(t(lang, "inquiries.answered_privately", number=number,
                                  name=context.person.name,
                                  text=describe(lang, reply.kind, Markup(formatted)))):
            note = await context.bot.send_message(
                context.settings.studio.inbox, piece,
                reply_parameters=under(inquiry.card_message_id), disable_notification=True)
        inquiries.remember_post(inquiry, reply, note.chat_id, None, note.message_id)
    except TelegramError as exc:
        log.warning("could not note the answer to inquiry %s in the inbox: %s", number, exc)


async def show_inbox(update: Update, context: StudioContext) -> None:
    """The inquiries waiting for an answer, the longest-waiting first."""
    if context.args_list:
        raise BadInput("no_arguments")
    rows = inquiries.waiting(context.now)
    if not rows:
        await context.reply(t(context.lang, "inquiries.inbox_empty"))
        return
    lines = [t(context.lang, "inquiries.inbox_title", count=len(rows))]
    lines += [waiting_line(context.lang, inquiry, context.now) for inquiry in rows]
    await context.reply("\n".join(lines))


def one_number(context: StudioContext) -> int:
    args = context.args_list
    message = context.current_update.effective_message
    if not args and message.reply_to_message is not None:  # in reply to the inquiry's card
        inquiry = inquiries.by_inbox_post(message.chat_id, message.reply_to_message.message_id)
        if inquiry is not None:
            return inquiry.id
    if len(args) != 1:
        raise BadInput("inquiry_number")
    return record_id(args[0], "inquiry_number")


async def close(update: Update, context: StudioContext) -> None:
    """Close inquiry n: it no longer waits; the customer's next message opens a new one."""
    inquiry = inquiries.close(one_number(context), context.person, context.now)
    await context.reply(t(context.lang, "inquiries.closed", number=inquiry.id))


async def block(update: Update, context: StudioContext) -> None:
    """Block the customer of inquiry n: their later messages are dropped."""
    inquiry = inquiries.set_blocked(one_number(context), context.person, True, context.now)
    await context.reply(t(context.lang, "inquiries.blocked_done", number=inquiry.id))


async def unblock(update: Update, context: StudioContext) -> None:
    """Unblock the customer of inquiry n."""
    inquiry = inquiries.set_blocked(one_number(context), context.person, False,
                                      context.now)
    await context.reply(t(context.lang, "inquiries.unblocked", number=inquiry.id))


def extra_handlers(commands: list[Command]) -> list:
    # Both "first": a staff reply to an inquiry's post is an answer, not a command or keyword;
    # and a customer's message is an inquiry even if it starts like a staff keyword (到货 …).
    # Neither filter matches an active staff member's own private messages, so staff keywords
    # and conversations are untouched.
    return [
        ("first", MessageHandler(filters.ChatType.GROUPS & filters.UpdateType.MESSAGE
                                 & filters.REPLY & ~filters.COMMAND & _RepliesToInquiry(),
                                 staff_reply)),
        ("first", MessageHandler(filters.ChatType.PRIVATE & ~filters.COMMAND
                                 & filters.UpdateType.MESSAGE & _NotActiveStaff(),
                                 customer_message)),
        ("first", MessageHandler(filters.ChatType.PRIVATE & ~filters.COMMAND
                                 & filters.UpdateType.EDITED_MESSAGE & _NotActiveStaff(),
                                 customer_edit)),
    ]


COMMANDS = [
    Command("inbox", show_inbox, Role.HOST),
    Command("answer", answer, Role.HOST),
    Command("close", close, Role.OPS),
    Command("block", block, Role.OPS),
    Command("unblock", unblock, Role.OPS),
]
BUTTONS: list = []
