"""Everyone's commands: /start, /help, /lang, /rules, /duties."""

from __future__ import annotations

from telegram import Update
from telegram.ext import MessageHandler, filters

from handlers.base import Command, StudioContext
from studio import fines, roster
from studio.errors import BadInput
from studio.i18n import LANGS
from studio.parsing import format_fen
from studio.roster import Role


async def start(update: Update, context: StudioContext) -> None:
    """Welcome; in private, note that reminders can now come privately."""
    person = context.person
    if not context.in_private:
        await context.reply(context.t("common.start_group", studio=context.settings.studio.name))
        return
    if person is not None and person.active:
        roster.mark_private_chat(person, context.now)
        await context.reply(context.t("common.start_staff", name=person.name,
                                      studio=context.settings.studio.name))
        return
    if person is not None and person.status == "pending":
        roster.mark_private_chat(person, context.now)  # once approved, reminders come here
        await context.reply(context.t("common.start_pending"))
        return
    await context.reply(context.t("common.start_customer", studio=context.settings.studio.name))


def commands_for(role: Role, commands: list[Command]) -> list[Command]:
    return [c for c in commands if c.menu and c.role <= role]


async def show_help(update: Update, context: StudioContext) -> None:
    """The commands this person may use, in their language."""
    from handlers import COMMANDS

    lines = [context.t("common.help_title")]
    for command in commands_for(context.role, COMMANDS):
        if command.role == Role.ANYONE and command.name == "join" and context.role > Role.ANYONE:
            continue
        keywords = f" ({' '.join(command.keywords)})" if command.keywords else ""
        lines.append(f"/{command.name}{keywords} — {context.t(f'help.{command.name}')}")
    if context.role == Role.ANYONE:
        lines.append(context.t("common.help_customer"))
    await context.reply("\n".join(lines))


async def set_lang(update: Update, context: StudioContext) -> None:
    """Choose the language of private chats."""
    args = context.args_list
    if len(args) != 1 or args[0].lower() not in LANGS:
        raise BadInput("bad_lang")
    lang = args[0].lower()
    roster.set_lang(context.person, lang)
    context.lang = lang if context.in_private else context.lang
    await context.reply(context.tl(lang, "common.lang_set"))


async def show_rules(update: Update, context: StudioContext) -> None:
    """The penalty catalogue from the config, with amounts."""
    if context.args_list:
        raise BadInput("no_arguments")
    lines = [context.t("common.rules_title")]
    for code, rule in context.settings.fines.catalogue.items():
        per = context.t("common.per_item") if rule.per_item else ""
        lines.append(context.t("common.rules_line", code=code, amount=format_fen(rule.amount_fen),
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
        lines.append(f"<b>{context.t(f'handbook.{section}.title')}</b>")
        n = 1
        while context.cat.has(f"handbook.{section}.{n}"):  # the handbook's own numbering
            lines.append(f"{n}. {context.t(f'handbook.{section}.{n}')}")
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
    from handlers.understand import hint

    await hint(update, context)


def extra_handlers() -> list:
    # "last": after every command, keyword and conversation (their /skip, /save, /cancel).
    return [("last", MessageHandler(filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
                                    & filters.COMMAND, unknown_command))]
