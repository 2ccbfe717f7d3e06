"""docs/reports.md gives one definition per figure, under a heading naming its key; the code
exports the same keys (``studio.report_rows.FIGURES``), each naming the one attribute that holds
the figure. Neither can gain or lose a figure without the other."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from studio import fine_ledger, report_rows
from studio.report_rows import FIGURES

PAGE = Path(__file__).resolve().parent.parent / "docs" / "reports.md"


def page_keys() -> list[str]:
    text = PAGE.read_text(encoding="utf-8")
    section = text.split("## Definitions", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^### `([a-z_]+)`", section, re.M)


def test_every_figure_the_code_exports_is_defined_once_on_the_page_and_nothing_else():
    keys = page_keys()
    assert len(keys) == len(set(keys)), "a figure defined twice"
    assert sorted(keys) == sorted(FIGURES)


def test_each_figure_names_an_attribute_that_exists():
    owners = {"HostRow": report_rows.HostRow, "DayRow": report_rows.DayRow,
              "PayLine": fine_ledger.PayLine}
    for key, where in FIGURES.items():
        owner, name = where.split(".")
        cls = owners[owner]
        fields = {f.name for f in dataclasses.fields(cls)}
        assert name in fields or isinstance(getattr(cls, name, None), property), (key, where)
