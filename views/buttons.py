"""Button data: the one codec for every inline button's ``callback_data``.

Every button is ``"<prefix>:<verb>:<id>"`` (``hand:item`` adds ``:<code>``). Views build it with
``encode``; handlers read it with ``decode``, which refuses anything a view could not have built:
an unknown prefix or verb, an id that is not ASCII digits or not below 2^63, a wrong number of
parts, an odd extra. Telegram sends back what the bot set, but a client can forge any data up
to 64 bytes: a press the codec refuses does nothing and gets ``common.button_gone``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

MAX_ID = 2**63 - 1  # SQLite and PostgreSQL integers are 64-bit
MAX_DATA_BYTES = 64  # Telegram's limit on callback_data

_ID = re.compile(r"(0|[1-9][0-9]{0,18})", re.ASCII)
_CODE = re.compile(r"[a-z][a-z0-9_]{0,31}", re.ASCII)

# prefix -> verb -> whether the verb takes an extra code after the id
VERBS: dict[str, dict[str, bool]] = {
    "join": {"host": False, "ops": False, "no": False},
    "fineprop": {"yes": False, "no": False, "allyes": False, "allno": False},
    "leavereq": {"yes": False, "no": False},
    "bcheck": {"tick": False},
    "hand": {"ok": False, "report": False, "done": False, "item": True},
    "metrics": {"save": False, "cancel": False},
    "import": {"save": False, "cancel": False},  # a platform import's preview
    "ask": {"yes": False, "no": False, "pick": True},  # a question of studio.asks
}


@dataclass(frozen=True)
class Press:
    """What a button says: ``hand:item:12:lights`` → Press("hand", "item", 12, "lights")."""

    prefix: str
    verb: str
    id: int
    code: str | None = None


def encode(prefix: str, verb: str, number: int, code: str | None = None) -> str:
    """The callback data of a button; a view that would build data ``decode`` refuses fails
    here, where it is written."""
    data = f"{prefix}:{verb}:{number}" + (f":{code}" if code is not None else "")
    if decode(data) != Press(prefix, verb, number, code):
        raise ValueError(f"button data the codec refuses: {data!r}")
    return data


def decode(data: str | None) -> Press | None:
    """The press, or None when the data is not one the bot builds."""
    if not data or len(data.encode("utf-8", "surrogatepass")) > MAX_DATA_BYTES:
        return None
    parts = data.split(":")
    if len(parts) not in (3, 4):
        return None
    prefix, verb, number = parts[:3]
    verbs = VERBS.get(prefix)
    if verbs is None or verb not in verbs:
        return None
    if verbs[verb] != (len(parts) == 4):
        return None
    if not _ID.fullmatch(number):
        return None
    value = int(number)
    if value > MAX_ID:
        return None
    code = None
    if len(parts) == 4:
        code = parts[3]
        if not _CODE.fullmatch(code):
            return None
    return Press(prefix, verb, value, code)


def pattern(prefix: str, verb: str | None = None) -> Callable[[object], bool]:
    """A CallbackQueryHandler pattern: every well-formed press of ``prefix`` (and ``verb``)."""
    def check(data: object) -> bool:
        press = decode(data) if isinstance(data, str) else None
        return press is not None and press.prefix == prefix and verb in (None, press.verb)
    return check
