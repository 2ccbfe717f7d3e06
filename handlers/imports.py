"""Numbers without typing: a platform's export (a document) or a screenshot of its console (a
photo) sent to the bot becomes a preview of the metrics it would write, with 确认 / 取消;
``/account`` records the names people broadcast under, to match an export's rows to them.

Taken: privately, any document or photo from staff; in the group, a spreadsheet (``.xlsx``,
``.csv``) or a photo captioned 数据 / 导入 — staff's other photos in the group are left alone.
A caption that is a command (``/arrival …`` with a parcel's photo) stays that command's.
"""

from __future__ import annotations

import asyncio
import logging
import re

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import MessageHandler, filters

from handlers.base import (
    Button,
    Command,
    StudioContext,
    button_gone,
    optional_person,
    pressed,
)
from studio import metrics
from studio.errors import BadInput, Refused
from studio.imports import accounts, drafts, flow, ocr
from studio.imports.drafts import digest_of
from studio.roster import Role
from views import t
from views.imports import preview_keyboard, preview_text, saved_text

log = logging.getLogger(__name__)

_CAPTIONED_COMMAND = re.compile(r"^\s*[/／][A-Za-z]")
_IMPORT_CAPTION = re.compile(r"^\s*(?:数据|导入|今日数据|直播数据|data|import)")


async def read_upload(update: Update, context: StudioContext) -> None:
    """Read an export or a screenshot into a preview to confirm; a bad file gets one line."""
    if context.role < Role.HOST:
        return
    message = update.effective_message
    try:
        preview = await (read_photo(message, context) if is_picture(message)
                         else read_document(message, context))
    except (BadInput, Refused) as exc:
        await context.reply(t(context.lang, f"error.{exc.key}", **exc.params))
        return
    markup = preview_keyboard(context.lang, preview.draft.id) if preview.draft else None
    await context.reply(preview_text(context.lang, context.clock, preview), markup)


async def fetch(context: StudioContext, file_id: str, size: int | None) -> bytes:
    """The file through the Bot API (``getFile``, then its ``file_path`` from the file server:
    ``[telegram] base_file_url``), refused unread when too large."""
    flow.check_size(size, context.settings)
    try:
        tg_file = await context.bot.get_file(file_id)
        flow.check_size(tg_file.file_size, context.settings)
        return bytes(await tg_file.download_as_bytearray())
    except TelegramError as exc:
        log.warning("could not fetch file %s: %s", file_id[:40], exc)
        raise BadInput("import_fetch_failed") from None


async def read_document(message: Message, context: StudioContext):
    document = message.document
    data = await fetch(context, document.file_id, document.file_size)
    export = await asyncio.to_thread(flow.read_file, data, document.file_name or "",
                                     context.settings, context.now)
    return flow.preview_export(export, digest_of(data), context.person,
                               context.role >= Role.OPS, message.chat_id, context.now)


def is_picture(message: Message) -> bool:
    """A photo, or a picture sent as a file (a screenshot uncompressed)."""
    document = message.document
    return bool(message.photo) or (document is not None
                                   and (document.mime_type or "").startswith("image/"))


async def read_photo(message: Message, context: StudioContext):
    if not ocr.available():
        raise BadInput("ocr_missing")
    # The largest size Telegram keeps of a photo; a picture sent as a file, as it is.
    picture = message.photo[-1] if message.photo else message.document
    data = await fetch(context, picture.file_id, picture.file_size)
    values = await asyncio.to_thread(flow.read_image, data, context.settings)
    words = (message.caption or "").split()
    broadcast_id = next((metrics.parse_broadcast_id(w) for w in words
                         if metrics.parse_broadcast_id(w) is not None), None)
    return flow.preview_screenshot(values, digest_of(data), context.person, broadcast_id,
                                   context.role >= Role.OPS, context.clock, message.chat_id,
                                   context.now)


async def decide_import(update: Update, context: StudioContext) -> None:
    """确认 writes the preview's figures as /metrics would; 取消 drops it."""
    query = update.callback_query
    press = pressed(update)
    draft = drafts.draft_of(press.id)
    if draft is None:  # forged or from another database: the one notice
        await button_gone(update, context)
        return
    if press.verb == "save":
        written = drafts.confirm(draft, context.person, context.now)
        text = (saved_text(context.lang, context.clock, written) if written
                else t(context.lang, "imports.nothing_new"))  # saved meanwhile from another card
    else:
        drafts.cancel(draft, context.person, context.now)
        text = t(context.lang, "imports.cancelled")
    await query.answer()
    try:
        await query.edit_message_text(text)
    except TelegramError as exc:
        log.info("could not edit import card %s: %s", draft.id, exc)
        await context.reply(text)


async def record_account(update: Update, context: StudioContext) -> None:
    """``/account 抖音 xxx``: one's platform account (ops: anyone's); alone: the list."""
    person, args = optional_person(context, context.args_list) if context.role >= Role.OPS \
        else (None, context.args_list)
    person = person or context.person
    if not args:
        await context.reply(accounts_text(context.lang, person))
        return
    if len(args) < 2:
        raise BadInput("account_empty")
    platform = accounts.platform_of(args[0])
    row = accounts.set_account(person, context.person, platform, " ".join(args[1:]), context.now)
    await context.reply(t(context.lang, "imports.account_saved", name=person.name,
                          platform=accounts.NAMES[platform], account=row.account))


def accounts_text(lang: str, person) -> str:
    rows = accounts.accounts_of(person)
    if not rows:
        return t(lang, "imports.accounts_none", name=person.name)
    return "\n".join([t(lang, "imports.accounts_title", name=person.name)]
                     + [t(lang, "imports.accounts_line", platform=accounts.NAMES[r.platform],
                          account=r.account) for r in rows])


def extra_handlers(commands: list[Command]) -> list:
    """After the commands and conversations, before the hint for what nothing took."""
    message = filters.UpdateType.MESSAGE
    no_command = ~filters.CaptionRegex(_CAPTIONED_COMMAND)
    sheets = (filters.Document.FileExtension("xlsx") | filters.Document.FileExtension("csv")
              | filters.Document.MimeType("text/csv"))
    private = filters.ChatType.PRIVATE & (filters.Document.ALL | filters.PHOTO)
    group = filters.ChatType.GROUPS & (sheets | (filters.PHOTO
                                                 & filters.CaptionRegex(_IMPORT_CAPTION)))
    return [("last", MessageHandler(message & no_command & (private | group), read_upload))]


COMMANDS = [Command("account", record_account, Role.HOST, keywords=("账号",))]
BUTTONS = [Button("import", decide_import, Role.HOST)]
