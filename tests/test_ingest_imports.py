"""The import package's modules import downward only: no cycles, function-level imports included."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

INGEST = Path(__file__).resolve().parents[1] / "kit" / "ingest"
MODULES = sorted(f"kit.ingest.{p.stem}" for p in INGEST.glob("*.py") if p.stem != "__init__")


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(module: str) -> set[str]:
    """The kit.ingest modules ``module`` imports anywhere (top level or in functions), except in
    ``if TYPE_CHECKING:`` blocks (annotations only, never run)."""
    tree = ast.parse((INGEST / f"{module.rsplit('.', 1)[1]}.py").read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {name for name in found if name in MODULES and name != module}


def _graph() -> dict[str, set[str]]:
    return {m: _imports(m) for m in MODULES}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` (as the list of modules around it), or ``None``."""
    state: dict[str, int] = {}
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        state[node] = 2
        path.pop()
        return None

    for module in graph:
        if module not in state and (found := walk(module)):
            return found
    return None


def test_ingest_has_no_import_cycle() -> None:
    graph = _graph()
    assert graph["kit.ingest.pipeline"] >= {"kit.ingest.jsonfmt", "kit.ingest.parallel", "kit.ingest.csvfmt"}
    assert "kit.ingest.parallel" not in graph["kit.ingest.jsonfmt"]  # the pipeline decides serial/parallel
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_cycle_finder_sees_function_level_imports() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}}
    assert _cycle(graph) == ["a", "b", "c", "a"]
    tree_src = "def f():\n    from kit.ingest.parallel import read_parallel\n"
    node = ast.parse(tree_src)
    names = {n.module for n in ast.walk(node) if isinstance(n, ast.ImportFrom)}
    assert names == {"kit.ingest.parallel"}


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports_alone(module: str) -> None:
    """Each module imports first in a fresh interpreter (an import cycle would show as a partly
    initialised module)."""
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, cwd=INGEST.parents[1], timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
