"""Everyone's commands: /start, /help, /lang, /rules, /duties."""

from __future__ import annotations

from telegram import Update
from telegram.ext import MessageHandler, filters

from handlers.base import Command, StudioContext, commands
from handlers.understand import hint
from studio import fines, roster
from studio.errors import BadInput
from studio.i18n import LANGS
from studio.roster import Role
from studio.text import format_fen
from views import has, t


async def start(update: Update, context: StudioContext) -> None:
    """Welcome; in private, note that reminders can now come privately."""
    person = context.person
    if not context.in_private:
        await context.reply(t(context.lang, "common.start_group", studio=context.settings.studio.name))
        return
    if person is not None and person.active:
        roster.mark_private_chat(person, context.now)
        await context.reply(t(context.lang, "common.start_staff", name=person.name,
                                      studio=context.settings.studio.name))
        return
    if person is not None and person.status == "pending":
        roster.mark_private_chat(person, context.now)  # once approved, reminders come here
        await context.reply(t(context.lang, "common.start_pending"))
        return
    await context.reply(t(context.lang, "common.start_customer", studio=context.settings.studio.name))


def commands_for(role: Role, commands: list[Command]) -> list[Command]:
    return [c for c in commands if c.menu and c.role <= role]


async def show_help(update: Update, context: StudioContext) -> None:
    """The commands this person may use, in their language."""
    lines = [t(context.lang, "common.help_title")]
    for command in commands_for(context.role, commands(context.application)):
        if command.role == Role.ANYONE and command.name == "join" and context.role > Role.ANYONE:
            continue
        keywords = f" ({' '.join(command.keywords)})" if command.keywords else ""
        lines.append(f"/{command.name}{keywords} — {t(context.lang, f'help.{command.name}')}")
    if context.role == Role.ANYONE:
        lines.append(t(context.lang, "common.help_customer"))
    await context.reply("\n".join(lines))


async def set_lang(update: Update, context: StudioContext) -> None:
    """Choose the language of private chats."""
    args = context.args_list
    if len(args) != 1 or args[0].lower() not in LANGS:
        raise BadInput("bad_lang")
    lang = args[0].lower()
    roster.set_lang(context.person, lang)
    if context.in_private:
        context.speak(lang)
    # In the group: say it is for private chats, the group keeps the studio's language.
    await context.reply(t(lang, "common.lang_set" if context.in_private
                          else "common.lang_set_group"))


async def show_rules(update: Update, context: StudioContext) -> None:
    """The penalty catalogue from the config, with amounts."""
    if context.args_list:
        raise BadInput("no_arguments")
    lines = [t(context.lang, "common.rules_title")]
    for code, rule in context.settings.fines.catalogue.items():
        per = t(context.lang, "common.per_item") if rule.per_item else ""
        lines.append(t(context.lang, "common.rules_line", code=code, amount=format_fen(rule.amount_fen),
                               per=per, text=rule.text(context.lang),
                               name=fines.code_name(context.settings, code, context.lang)))
    await context.reply("\n".join(lines))


DUTY_SECTIONS = {"host": ("host",), "ops": ("ops", "rules"), "manager": ("rules",)}


async def show_duties(update: Update, context: StudioContext) -> None:
    """The duties of this person's post, quoted from the handbook."""
    if context.args_list:
        raise BadInput("no_arguments")
    lines = []
    for section in DUTY_SECTIONS[context.person.role]:
        lines.append(f"<b>{t(context.lang, f'handbook.{section}.title')}</b>")
        n = 1
        while has(f"handbook.{section}.{n}"):  # the handbook's own numbering
            lines.append(f"{n}. {t(context.lang, f'handbook.{section}.{n}')}")
            n += 1
        lines.append("")
    await context.reply("\n".join(lines).strip())


COMMANDS = [
    Command("start", start, Role.ANYONE),
    Command("help", show_help, Role.ANYONE),
    Command("lang", set_lang, Role.HOST),
    Command("rules", show_rules, Role.HOST),
    Command("duties", show_duties, Role.HOST),
]


async def unknown_command(update: Update, context: StudioContext) -> None:
    """A command nothing took, in a private chat: say so rather than stay silent."""
    await hint(update, context)


def extra_handlers(commands: list[Command]) -> list:
    # "last": after every command, keyword and conversation (their /skip, /save, /cancel).
    return [("last", MessageHandler(filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
                                    & filters.COMMAND, unknown_command))]
