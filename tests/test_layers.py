"""The layers, and the arrows between them, pointing down only (docs/development.md):

    bot.py → console/ → app/ → handlers/, jobs/ → service/ → scheduler/ → messaging/ → views/
           → studio/ → models/ → config/;   offline/ (the fake Bot API) imports none of them

``service`` (polling, the webhook server, standby, backup) is given the Application's builder
by ``bot.py``, so it imports none of ``app``, ``handlers``, ``jobs``; of it, ``jobs`` uses only
``backup`` (the nightly copy) and ``handlers`` nothing.

Each module's imports (at the top and inside functions alike) are read with ``ast``; a test
fails when one points the wrong way, when modules import each other round in a circle, or when
a module lives outside a package with a rule (``bot.py`` alone stays at the root)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP = {"tests", "bench", "migrations", "tools", ".venv", "deploy", "docs", "locales"}
ENTRY = {"bot"}  # the one module at the root: it may import anything

# What each package may not import (a package also may not import any above it).
RUNNING = {"app", "bot", "console", "offline", "service"}
FORBIDDEN = {
    "config": {"telegram", "studio", "handlers", "jobs", "scheduler", "messaging", "views",
               "models"} | RUNNING,
    # models use studio's leaf helpers (studio.clock, studio.errors): no cycle, which the cycle
    # test below holds.
    "models": {"telegram", "handlers", "jobs", "scheduler", "messaging", "views"} | RUNNING,
    "studio": {"telegram", "handlers", "jobs", "scheduler", "messaging", "views"} | RUNNING,
    "views": {"handlers", "jobs", "scheduler", "messaging"} | RUNNING,
    "messaging": {"handlers", "jobs", "scheduler"} | RUNNING,
    "scheduler": {"handlers", "jobs"} | RUNNING,
    "handlers": {"jobs"} | RUNNING,
    # jobs/backup.py runs service.backup: the only arrow into service from below.
    "jobs": {"handlers"} | (RUNNING - {"service"}),
    "service": {"handlers", "jobs", "app", "bot", "console", "offline"},
    "app": {"bot", "console", "offline", "service"},
    "console": {"bot"},
    "offline": {"config", "models", "studio", "views", "messaging", "scheduler", "handlers",
                "jobs"} | RUNNING - {"offline"},
}


def product_modules() -> dict[str, Path]:
    modules = {}
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in SKIP:
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


MODULES = product_modules()


def imports_of(name: str) -> set[str]:
    """The project modules ``name`` imports, anywhere in its code (TYPE_CHECKING aside)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    checking = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if id(node) in checking:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {m for m in found if m in MODULES or m.split(".")[0] == "telegram"}


def top(module: str) -> str:
    return module.split(".")[0]


GRAPH = {name: {m for m in imports_of(name) if m in MODULES and m != name} for name in MODULES}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_import_points_down(name):
    forbidden = FORBIDDEN.get(top(name), set())
    wrong = sorted(m for m in imports_of(name) if top(m) in forbidden)
    assert not wrong, f"{name} imports {wrong}: against the layers (docs/development.md)"


def test_every_module_is_in_a_package_with_a_rule():
    loose = sorted(name for name in MODULES if name not in ENTRY and top(name) not in FORBIDDEN)
    assert not loose, f"{loose}: put them in a package and give it a rule in FORBIDDEN"


def test_jobs_use_nothing_of_the_service_but_the_backup():
    assert {m for m in GRAPH["jobs.backup"] if top(m) == "service"} == {"service.backup"}
    for name, imported in GRAPH.items():
        if top(name) == "jobs" and name != "jobs.backup":
            assert not {m for m in imported if top(m) == "service"}, name


def test_handlers_and_jobs_do_not_import_each_other():
    for name, imported in GRAPH.items():
        if top(name) in ("handlers", "jobs"):
            other = "jobs" if top(name) == "handlers" else "handlers"
            assert not {m for m in imported if top(m) == other}, name


def test_no_module_imports_itself_round_a_circle():
    """Tarjan's strongly connected components over the module graph: each must be alone."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in GRAPH[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            # A package's __init__ importing its own modules is how a package lists them, not
            # a circle; a module importing its package's __init__ back would make one.
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    assert cycles == []


def test_the_layer_test_sees_a_wrong_import(tmp_path, monkeypatch):
    """The rule bites: a handler importing a job is found."""
    fake = tmp_path / "handlers" / "oops.py"
    fake.parent.mkdir()
    fake.write_text("from jobs import minimums\n")
    monkeypatch.setitem(MODULES, "handlers.oops", fake)
    assert "jobs.minimums" in imports_of("handlers.oops")
    with pytest.raises(AssertionError):
        test_every_import_points_down("handlers.oops")
