"""The catalogue: both languages have the same keys and placeholders, every command has its usage
and help, every key the code names exists, and the handbook is quoted as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import handlers
from studio.i18n import load_language, placeholders

ROOT = Path(__file__).resolve().parent.parent
ZH, EN = load_language("zh"), load_language("en")


def test_both_languages_have_the_same_keys():
    assert sorted(set(ZH) - set(EN)) == [], "keys only in Chinese"
    assert sorted(set(EN) - set(ZH)) == [], "keys only in English"


@pytest.mark.parametrize("key", sorted(ZH))
def test_both_languages_have_the_same_placeholders(key):
    assert placeholders(ZH[key]) == placeholders(EN.get(key, "")), key


@pytest.mark.parametrize("name", [c.name for c in handlers.COMMANDS])
def test_every_command_has_usage_and_help_in_both_languages(name):
    for texts in (ZH, EN):
        assert f"usage.{name}" in texts and f"help.{name}" in texts
        assert len(texts[f"help.{name}"]) <= 256  # a menu entry's description


# t(lang, "x.y" …) (views.t, the one way to speak), cat.t(lang, "x.y" …) in studio/
KEY_USE = re.compile(r"""\b(?:t|tl)\(\s*(?:[\w.\[\]"']+\s*,\s*)?(f?)["']([a-z_][\w.]*)["']""")


def code_keys() -> set[tuple[str, str]]:
    found = set()
    for path in ROOT.rglob("*.py"):
        if {".venv", "tests", "bench", "migrations"} & set(path.relative_to(ROOT).parts):
            continue
        for is_f, key in KEY_USE.findall(path.read_text(encoding="utf-8")):
            if not is_f and "." in key:
                found.add((str(path.relative_to(ROOT)), key))
    return found


def test_the_key_finder_finds_keys():
    keys = {key for _, key in code_keys()}
    assert {"common.apology", "roster.join_sent", "error.not_allowed"} <= keys


@pytest.mark.parametrize(("path", "key"), sorted(code_keys()))
def test_every_key_named_in_the_code_exists(path, key):
    assert key in ZH, f"{path} uses {key}, missing from the catalogue"


def test_the_handbook_is_complete_in_both_languages():
    sizes = {"host": 14, "ops": 14, "rules": 7, "penalty": 8}
    for texts in (ZH, EN):
        for section, size in sizes.items():
            keys = {k for k in texts if k.startswith(f"handbook.{section}.")}
            assert keys == {f"handbook.{section}.title"} | {
                f"handbook.{section}.{n}" for n in range(1, size + 1)}


def test_the_handbook_keeps_the_numbers_of_the_original():
    # The studio's handbook as it was given to us, kept beside the tests.
    original = Path(__file__).parent / "data" / "handbook.zh.txt"
    assert ZH["handbook.host.11"] == "每天主播至少播3个小时时长。"
    assert ZH["handbook.host.14"].endswith("每个月完成10000元带货标准。")
    assert ZH["handbook.penalty.7"].endswith("乐捐罚50元。")
    assert ZH["handbook.penalty.8"].startswith("如主播在进入直播间直播时发现上")
    assert "at least 3 hours every day" in EN["handbook.host.11"]
    # Every quoted line is in the handbook word for word.
    text = original.read_text(encoding="utf-8").replace("?", "")
    text = re.sub(r"\s+", "", text)
    for key, value in ZH.items():
        if key.startswith("handbook.") and not key.endswith(".title"):
            quoted = value.split("……")[0]
            assert re.sub(r"\s+", "", quoted) in text, key
