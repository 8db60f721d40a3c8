"""The layout of ``reader/``: imports point down the pipeline, and no module imports itself back.

The layers are declared once, in pyproject.toml (``[tool.importlinter]``,
described in docs/architecture.md); import-linter checks them. A cycle check
of our own covers what layers cannot see: two modules of the same package
importing each other. Both checks are first shown to catch a broken package.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

from tests.conftest import ROOT


def import_cycles(package: str) -> list[list[str]]:
    """Every set of modules of ``package`` that import one another, directly or not (Tarjan)."""
    graph = grimp.build_graph(package, include_external_packages=False, cache_dir=None)
    edges = {
        module: {
            imported
            for imported in graph.find_modules_directly_imported_by(module)
            # A package's __init__ that gathers its own modules is not a cycle.
            if not imported.startswith(module + ".")
        }
        for module in graph.modules
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(edges[module]):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return cycles


def lint(config: Path) -> int:
    return lint_imports(config_filename=str(config), no_cache=True, no_logo=True)


def test_the_layers_of_reader_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert lint(ROOT / "pyproject.toml") == 0


def test_reader_has_no_import_cycle() -> None:
    assert import_cycles("reader") == []


@pytest.fixture
def broken_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package whose low layer imports its high one, and two modules importing each other."""
    package = tmp_path / "brokenpkg"
    package.mkdir()
    files = {
        "__init__.py": "",
        "low.py": "from brokenpkg import high\n",
        "high.py": "from brokenpkg import low\n",
        "a.py": "def f():\n    from brokenpkg import b\n",
        "b.py": "from brokenpkg import a\n",
    }
    for name, text in files.items():
        (package / name).write_text(text)
    config = tmp_path / "contracts.toml"
    config.write_text(
        textwrap.dedent(
            """
            [tool.importlinter]
            root_package = "brokenpkg"

            [[tool.importlinter.contracts]]
            name = "layers"
            type = "layers"
            containers = ["brokenpkg"]
            layers = ["high", "low"]
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    yield config
    for name in [m for m in sys.modules if m.startswith("brokenpkg")]:
        del sys.modules[name]


def test_the_checks_catch_an_upward_import_and_a_cycle(broken_package: Path) -> None:
    assert lint(broken_package) == 1
    assert import_cycles("brokenpkg") == [
        ["brokenpkg.a", "brokenpkg.b"],
        ["brokenpkg.high", "brokenpkg.low"],
    ]
