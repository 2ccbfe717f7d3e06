"""The text catalogues: ``locales/<lang>/*.toml``, flattened to dotted keys.

Every user-facing text comes from here. ``t()`` HTML-escapes every string placeholder, so user
text can never become markup; a value that is already HTML (a mention link) is passed as
``Markup``. Files only organise the keys: a key defined twice is an error at load.
"""

from __future__ import annotations

import html
import string
import tomllib
from functools import lru_cache
from pathlib import Path

LOCALES = Path(__file__).resolve().parent.parent / "locales"
LANGS = ("zh", "en")


class Markup(str):
    """A string that is already safe HTML: ``t()`` does not escape it again."""


def escape(text: object) -> str:
    return html.escape(str(text), quote=False)


def _flatten(table: dict, prefix: str, out: dict[str, str], source: Path) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(value, full, out, source)
        elif isinstance(value, str):
            if full in out:
                raise ValueError(f"{source}: {full} is defined twice")
            out[full] = value
        else:
            raise ValueError(f"{source}: {full} must be a string")


def load_language(lang: str, root: Path = LOCALES) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted((root / lang).glob("*.toml")):
        with path.open("rb") as fh:
            _flatten(tomllib.load(fh), "", texts, path)
    return texts


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class Catalogue:
    """Both languages' texts; ``t(lang, key, **params)`` formats one."""

    def __init__(self, root: Path = LOCALES, default: str = "zh"):
        self.texts = {lang: load_language(lang, root) for lang in LANGS}
        self.default = default

    def has(self, key: str) -> bool:
        return key in self.texts[self.default]

    def t(self, lang: str | None, key: str, **params) -> str:
        texts = self.texts.get(lang or self.default) or self.texts[self.default]
        template = texts[key]
        safe = {k: v if isinstance(v, Markup) or not isinstance(v, str) else escape(v)
                for k, v in params.items()}
        return template.format(**safe)


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    return Catalogue()
