"""The role guides (docs/guide.zh.md, docs/guide.en.md) are generated from the command registry
and the catalogues: every command is in them, and they are what the generator writes today."""

from __future__ import annotations

import re

import pytest

from handlers import COMMANDS
from studio.i18n import LANGS
from tools import gen_guides


@pytest.mark.parametrize("lang", LANGS)
def test_the_guide_is_what_the_generator_writes_today(lang):
    # Stale when a command, a keyword, a help or usage text changed without regenerating.
    written = gen_guides.guide_path(lang).read_text(encoding="utf-8")
    assert written == gen_guides.render(lang), (
        f"{gen_guides.guide_path(lang).name} is stale: run .venv/bin/python tools/gen_guides.py")


@pytest.mark.parametrize("lang", LANGS)
def test_every_command_and_keyword_is_in_the_guide_under_its_role(lang):
    text = gen_guides.guide_path(lang).read_text(encoding="utf-8")
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `/(\w+)` \|.*$", text, re.M)}
    missing = [c.name for c in COMMANDS if c.name not in rows]
    assert not missing, f"commands missing from guide.{lang}.md: {missing}"
    for command in COMMANDS:
        for keyword in command.keywords:
            assert keyword in rows[command.name], (command.name, keyword)
            assert f"| {keyword} | `/{command.name}` |" in text
    # Each command's row stands under the heading of its least role, in that order.
    headings = [m.start() for m in re.finditer(r"^## ", text, re.M)]
    for command in COMMANDS:
        at = text.index(rows[command.name])
        section = sum(1 for h in headings if h < at)  # 1 everyone, 2 host, 3 ops, 4 manager
        assert section == int(command.role) + 1, (command.name, command.role, section)


def test_a_command_added_to_the_registry_makes_the_guide_stale(monkeypatch):
    from handlers.base import Command
    from studio.roster import Role

    before = gen_guides.render("zh")
    extra = Command("payroll", lambda update, context: None, Role.MANAGER, keywords=("工资",))
    monkeypatch.setattr(gen_guides, "COMMANDS", [*gen_guides.COMMANDS, extra])
    after = gen_guides.render("zh")
    assert after != before and "| `/payroll` | 工资 |" in after and "| 工资 | `/payroll` |" in after


@pytest.mark.parametrize("lang", LANGS)
def test_the_keyword_table_lists_no_particle_forms_of_nouns(lang):
    # "我我的了", "已视频", "待审批啦" are nobody's way of saying /me, /video, /pending.
    text = gen_guides.guide_path(lang).read_text(encoding="utf-8")
    for odd in ("我我的了", "已我的", "已视频", "视频啦", "我报表了", "待审批啦", "已待办", "数据了"):
        assert odd not in text, odd
    for said in ("我开播了", "已到岗", "下播啦", "发了视频", "我的数据"):
        assert said in text, said
