"""The locks (docs/setup.md, "Dependencies"): production installs only what runs the bot, every
version pinned, the development lock the same versions plus the tools, and nothing the bot
imports missing from the runtime lock."""

from __future__ import annotations

import ast
import os
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQS = ROOT / "requirements"
TOOLS = {"pytest", "pytest-asyncio", "hypothesis", "ruff", "pip-tools"}
# Not the bot's: the tests, figures, maintenance scripts, and the schema steps.
NOT_RUNTIME = {"tests", "bench", "tools", "migrations", ".venv", "deploy", "docs"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)")


def name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def pins(lock: str) -> dict[str, str]:
    """The lock's packages → versions; every requirement line must be an exact pin."""
    found = {}
    for line in (REQS / lock).read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = PIN.match(line)
        assert match, f"{lock}: not pinned: {line!r}"
        found[name(match.group(1))] = match.group(2)
    return found


def asked(source: str) -> set[str]:
    """The packages a ``.in`` file names itself (not those of the files it includes)."""
    out = set()
    for line in (REQS / source).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            out.add(name(re.split(r"[\[<>=~!; ]", line, maxsplit=1)[0]))
    return out


def test_production_installs_no_test_or_lint_tool():
    runtime = pins("runtime.txt")
    assert not TOOLS & set(runtime)
    assert (ROOT / "requirements.txt").read_text().split("\n-r ")[1].strip() == \
        "requirements/runtime.txt"


def test_every_lock_pins_what_its_list_asks_for_and_the_runtime_versions_hold_in_dev():
    runtime, dev = pins("runtime.txt"), pins("dev.txt")
    assert asked("runtime.in") <= set(runtime)
    assert TOOLS <= asked("dev.in") <= set(dev)
    assert {k: dev[k] for k in runtime} == runtime  # the tests run what production runs
    assert len(runtime) > len(asked("runtime.in"))  # the transitive ones are pinned too


def test_every_optional_extra_keeps_to_the_runtime_pins_and_is_tested():
    dev_in = (REQS / "dev.in").read_text().splitlines()
    for extra in sorted(REQS.glob("*.in")):
        if extra.stem in ("runtime", "dev"):
            continue
        lines = [x.strip() for x in extra.read_text().splitlines()]
        assert "-c runtime.txt" in lines, extra.name
        assert f"-r {extra.name}" in [x.strip() for x in dev_in], extra.name
        assert asked(extra.name) <= set(pins(f"{extra.stem}.txt")) <= set(pins("dev.txt"))


def imported_packages() -> set[str]:
    """The distributions the bot's own modules import, at any depth."""
    local = {p.stem for p in ROOT.iterdir() if p.suffix == ".py"} | {
        p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    dists = packages_distributions()
    found = set()
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [d for d in subfolders if d not in NOT_RUNTIME and not d.startswith(".")]
        for path in (Path(folder) / f for f in files if f.endswith(".py")):
            found |= _imports(path, local, dists)
    return found


def _imports(path: Path, local: set[str], dists: dict) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            tops = [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            tops = [node.module.split(".")[0]]
        else:
            continue
        for top in tops:
            if top in sys.stdlib_module_names or top in local or top == "__future__":
                continue
            assert top in dists, f"{path.relative_to(ROOT)} imports {top}, not installed"
            found |= {name(d) for d in dists[top]}
    return found


def extras() -> dict[str, set[str]]:
    """Each optional extra (requirements/<extra>.in) → the packages its lock adds."""
    runtime = set(pins("runtime.txt"))
    return {path.stem: set(pins(f"{path.stem}.txt")) - runtime for path in REQS.glob("*.in")
            if path.stem not in ("runtime", "dev")}


def test_everything_the_bot_imports_is_in_the_runtime_lock_or_an_extra():
    imported = imported_packages()
    assert {"python-telegram-bot", "peewee", "freezegun", "matplotlib"} <= imported
    optional = set().union(*extras().values())
    assert imported <= set(pins("runtime.txt")) | optional, \
        imported - set(pins("runtime.txt")) - optional


def test_an_extra_is_imported_only_where_the_bot_runs_without_it():
    # An extra's package is imported inside a function the bot reaches only after checking
    # that the package is there (studio.imports.ocr.available): never at a module's top.
    assert extras(), "no optional extra: nothing to check"
    dists = packages_distributions()
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [d for d in subfolders if d not in NOT_RUNTIME and not d.startswith(".")]
        for path in (Path(folder) / f for f in files if f.endswith(".py")):
            tree = ast.parse(path.read_text(), str(path))
            for node in tree.body:
                if isinstance(node, ast.Import):
                    tops = [alias.name.split(".")[0] for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    tops = [node.module.split(".")[0]]
                else:
                    continue
                for top in tops:
                    owners = {name(d) for d in dists.get(top, [])}
                    assert not owners & set().union(*extras().values()), \
                        f"{path.relative_to(ROOT)} imports the optional {top} at its top"
