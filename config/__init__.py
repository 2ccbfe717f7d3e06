"""The bot's settings: TOML through tomllib into frozen dataclasses, validated.

Every error is one line that names the file and the key (``ConfigError``); ``bot.py`` prints it
and exits with status 2. Every key has its default in ``config_schema`` (the sections) and in
``config.example.toml``; every name of either is importable from here.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
import typing
from pathlib import Path

from config.schema import (
    DEFAULT_FINES,
    DEFAULT_TARGETS,
    LANGUAGES,
    WEEKDAYS,
    Assessment,
    Availability,
    Backup,
    BroadcastHours,
    Database,
    Faq,
    FineRule,
    Fines,
    Inquiries,
    Jobs,
    Metrics,
    Pay,
    PayRate,
    Reports,
    Rules,
    Samples,
    Settings,
    Studio,
    Target,
    Telegram,
    Tier,
    Webhook,
    broadcast_hours,
    checked,
)

TOKEN_ENV = "STUDIO_BOT_TOKEN"


class ConfigError(Exception):
    """A config problem, as one line naming the file and the key."""


# --- the loader -------------------------------------------------------------------------------


def _type_name(tp: typing.Any) -> str:
    origin = typing.get_origin(tp)
    if origin is list:
        return f"a list of {_type_name(typing.get_args(tp)[0])}"
    return {int: "an integer", float: "a number", str: "a string",
            bool: "true or false"}.get(tp, "a table")


def _convert(tp: typing.Any, value: typing.Any, key: str) -> typing.Any:
    origin = typing.get_origin(tp)
    if origin is list:
        (item,) = typing.get_args(tp)
        if not isinstance(value, list):
            raise ConfigError(f"{key}: must be {_type_name(tp)}")
        return [_convert(item, v, f"{key}[{i}]") for i, v in enumerate(value)]
    if origin is dict:  # a table of names → values ([imports] rates, aliases)
        _, item = typing.get_args(tp)
        if not isinstance(value, dict):
            raise ConfigError(f"{key}: must be a table")
        return {str(k): _convert(item, v, f"{key}.{k}") for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise ConfigError(f"{key}: must be a table")
        return _build(tp, value, key)
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)  # percent = 3 is 3.0
    ok = isinstance(value, tp) and not (tp is int and isinstance(value, bool))
    if not ok:
        raise ConfigError(f"{key}: must be {_type_name(tp)}")
    return value


def _build(cls: type, table: dict, prefix: str) -> typing.Any:
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init and f.name != "source"}
    for name in table:
        if name not in fields:
            raise ConfigError(f"{prefix}.{name}: unknown key" if prefix else f"{name}: unknown key")
    values = {}
    for name, fld in fields.items():
        key = f"{prefix}.{name}" if prefix else name
        if name not in table:
            if fld.default is dataclasses.MISSING and fld.default_factory is dataclasses.MISSING:
                raise ConfigError(f"{key}: missing")
            continue
        if cls is Fines and name == "catalogue":
            continue
        if cls is Rules and name == "max_broadcast_hours":  # a number or a table
            try:
                values[name] = broadcast_hours(table[name])
            except ValueError as exc:
                raise ConfigError(f"{key}: {exc}") from None
            continue
        value = _convert(hints[name], table[name], key)
        check = fld.metadata.get("check")
        if check:
            try:
                check(value)
            except ValueError as exc:
                raise ConfigError(f"{key}: {exc}") from None
        values[name] = value
    return cls(**values)


def _build_fines(table: dict) -> Fines:
    plain = {k: v for k, v in table.items() if not isinstance(v, dict)}
    if "catalogue" in plain:
        raise ConfigError("fines.catalogue: unknown key")
    fines = _build(Fines, plain, "fines")
    catalogue = dict(DEFAULT_FINES)
    for code, rule in table.items():
        if isinstance(rule, dict):
            if not re.fullmatch(r"[a-z][a-z0-9_]{0,31}", code):
                raise ConfigError(f"fines.{code}: a code is lower-case letters, digits and _")
            catalogue[code] = _build(FineRule, rule, f"fines.{code}")
            if "aliases" not in rule and code in DEFAULT_FINES:  # a default code restated
                catalogue[code] = dataclasses.replace(catalogue[code],
                                                      aliases=DEFAULT_FINES[code].aliases)
    return dataclasses.replace(fines, catalogue=catalogue)


# What Telegram accepts as a webhook's secret token (setWebhook): 1-256 of these.
SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
MIN_SECRET_LENGTH = 16


def _check_webhook(hook) -> None:
    """Webhook mode needs its URL and a secret: without one anyone who finds the URL could post
    updates in any staff member's name."""
    if not hook.url:
        raise ConfigError("telegram.webhook.url: missing (mode is webhook)")
    if not hook.secret_token:
        raise ConfigError("[telegram.webhook] secret_token: missing (mode is webhook; every "
                          "request must carry it): set 32 random letters and digits, e.g. from "
                          "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`")
    if not SECRET_TOKEN.fullmatch(hook.secret_token):
        raise ConfigError("[telegram.webhook] secret_token: only letters A-Z a-z, digits, _ and "
                          "-, at most 256 (what Telegram accepts)")
    if len(hook.secret_token) < MIN_SECRET_LENGTH:
        raise ConfigError(f"[telegram.webhook] secret_token: too short (at least "
                          f"{MIN_SECRET_LENGTH} characters; 32 random ones are better)")


def settings_from_dict(data: dict, source: str = "<dict>", *, need_token: bool = True) -> Settings:
    """Build validated settings from a parsed TOML document (token from the environment).

    ``need_token=False``: migrate, backup and restore (e.g. from cron) run without one."""
    data = dict(data)
    fines = data.pop("fines", {})
    if not isinstance(fines, dict):
        raise ConfigError("fines: must be a table")
    pay = data.pop("pay", None)  # optional: without it there is no pay, not a default one
    settings = _build(Settings, data, "")
    settings = dataclasses.replace(settings, fines=_build_fines(fines), source=source,
                                   pay=_convert(Pay, pay, "pay") if pay is not None else None)
    token = os.environ.get(TOKEN_ENV) or settings.telegram.token
    if not token and need_token:
        raise ConfigError(f"telegram.token: missing (set it in the file or in ${TOKEN_ENV})")
    if token and not re.fullmatch(r"\d+:[\w-]+", token):
        raise ConfigError("telegram.token: not a bot token (digits:letters)")
    if not settings.studio.group_chat_id:
        raise ConfigError("studio.group_chat_id: missing")
    if not settings.studio.managers:
        raise ConfigError("studio.managers: missing (at least one Telegram user id)")
    if not settings.studio.rooms:
        raise ConfigError("studio.rooms: at least one room")
    for item in settings.rules.checklist:
        if item not in settings.fines.catalogue:
            raise ConfigError(f"rules.checklist: {item!r} is not a fine code")
    if settings.telegram.mode == "webhook":
        _check_webhook(settings.telegram.webhook)
    telegram = dataclasses.replace(settings.telegram, token=token,
                                   base_file_url=file_url(settings.telegram))
    return dataclasses.replace(settings, telegram=telegram)


def file_url(telegram) -> str:
    """Where files are downloaded from: ``base_file_url``, else derived from ``base_url``
    (``http://host:8081/bot`` → ``http://host:8081/file/bot``: a self-hosted Bot API server
    serves its files there), else Telegram's ("": PTB's default)."""
    if telegram.base_file_url or not telegram.base_url:
        return telegram.base_file_url
    base = telegram.base_url.rstrip("/")
    head, sep, tail = base.rpartition("/")
    if sep and tail.startswith("bot"):
        return f"{head}/file/{tail}"
    return f"{base}/file/bot"


def load_settings(path: str | os.PathLike, *, need_token: bool = True) -> Settings:
    """Read and validate the TOML file at ``path``; every error is a one-line ConfigError."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    try:
        return settings_from_dict(data, source=str(path), need_token=need_token)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


__all__ = [
    "ConfigError", "Settings", "load_settings", "settings_from_dict", "TOKEN_ENV",
    "FineRule", "Target", "Faq", "DEFAULT_FINES", "DEFAULT_TARGETS", "LANGUAGES", "WEEKDAYS",
    "Availability", "Backup", "Database", "Fines", "Inquiries", "Jobs", "Metrics", "Reports",
    "Rules", "Samples", "Studio", "Telegram", "Webhook", "checked", "BroadcastHours",
    "broadcast_hours", "Assessment", "Pay", "PayRate", "Tier",
]
