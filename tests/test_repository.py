"""The repository stands on its own: a clone in any folder, on any machine, behaves the same.

No file names an absolute path of one machine's checkout or home (the deployment examples under
deploy/, and docs that show where a deployment puts the code, name /opt or /var as a
deployment would); no comment sends a maintainer to a file outside the repository."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# A checkout, a home or a CI machine's folders: never a place a deployment chooses.
MACHINE_PATH = re.compile(r"(?<![\w.~-])/(?:work|farm|root|home|Users|builds|workspace)/")
# The project's notes that live outside the repository, and relative paths that climb out of it.
OUTSIDE = re.compile(r"\bPITFALLS(?:\.md)?\s*§?\d+|\.\./shared\b|\b(?:SPEC|STYLE|PITFALLS)\.md\b")
TEXT_SUFFIXES = {".py", ".toml", ".md", ".sh", ".txt", ".cfg", ".ini", ".yml", ".yaml", ".json",
                 ".service", ".conf", ""}


def repository_files() -> list[Path]:
    try:
        names = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                               check=True).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the files of the repository are unknown")
    return [ROOT / name for name in names if name and Path(name).suffix in TEXT_SUFFIXES
            and (ROOT / name).is_file()]


def offending_lines(pattern: re.Pattern, files) -> list[str]:
    found = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_no_file_names_an_absolute_path_of_a_machine():
    files = [p for p in repository_files() if p.relative_to(ROOT).parts[0] != "deploy"]
    assert offending_lines(MACHINE_PATH, files) == []


def test_no_file_cites_a_note_outside_the_repository():
    assert offending_lines(OUTSIDE, repository_files()) == []


@pytest.mark.parametrize(("line", "caught"), [
    # Built from parts, so that this file does not hold what it looks for.
    ('PYTHON = "' + "/work" + '/main/.venv/bin/python"', True),
    ("open('" + "/home" + "/dev/studio/handbook.txt')", True),
    ("root = Path('" + "/Users" + "/me/checkout')", True),
    ("sudo git clone <this repository> /opt/studio-bot", False),
    ('("sqlite:////var/lib/studio/studio.db", "/var/lib/studio/studio.db")', False),
    ("see ~/work/notes", False),
])
def test_the_machine_path_check_tells_a_checkout_from_a_deployment(line, caught):
    assert bool(MACHINE_PATH.search(line)) is caught


@pytest.mark.parametrize(("line", "caught"), [
    ("# PITFALLS" + " 24: never await inside db.atomic()", True),
    ("# see .." + "/shared/SPEC" + ".md", True),
    ("# the handbook (SPEC" + ".md) says", True),
    ("# docs/pitfalls.md §24: never await inside db.atomic()", False),
])
def test_the_citation_check_tells_an_outside_note_from_the_projects_own(line, caught):
    assert bool(OUTSIDE.search(line)) is caught


def test_every_pitfall_a_comment_cites_is_written_in_docs():
    sections = set(re.findall(r"^\*\*§(\d+) ", (ROOT / "docs" / "pitfalls.md").read_text(
        encoding="utf-8"), re.MULTILINE))
    cited = {}
    for path in repository_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for number in re.findall(r"docs/pitfalls\.md\s*§(\d+)", text):
            cited.setdefault(number, str(path.relative_to(ROOT)))
    assert cited, "no comment cites docs/pitfalls.md: the check would prove nothing"
    assert {n: where for n, where in cited.items() if n not in sections} == {}
