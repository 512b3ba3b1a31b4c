"""Every notebook follows the house rules and runs top to bottom in a fresh kernel, offline, on a small
synthetic sample (with small parameters where a notebook would otherwise write outside the test folder)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import nbformat
import pytest

from kit import reports

ROOT = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
SERIES = ["01-import.ipynb", "02-explore.ipynb", "03-networks.ipynb", "04-topics.ipynb", "report.ipynb"]


def test_the_series_and_the_workshop_are_there() -> None:
    for name in SERIES:
        assert name in NOTEBOOKS
    workshop = [n for n in NOTEBOOKS if n.startswith("workshop/") and "/solutions/" not in n]
    solutions = [n for n in NOTEBOOKS if n.startswith("workshop/solutions/")]
    assert len(workshop) >= 3
    for name in workshop:  # solutions kept separate, one per notebook
        stem = Path(name).stem
        assert f"workshop/solutions/{stem}-solutions.ipynb" in solutions
    assert (ROOT / "workshop" / "README.md").is_file()


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_follows_the_house_rules(name: str) -> None:
    nb = nbformat.read(str(ROOT / name), as_version=4)
    nbformat.validate(nb)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert nb.cells[0].cell_type == "code", "the first cell holds the imports"
    first = ast.parse(nb.cells[0].source)
    for node in first.body:
        is_import = isinstance(node, (ast.Import, ast.ImportFrom))
        is_setup = isinstance(node, ast.Expr) and "setup_notebook" in ast.unparse(node)
        assert is_import or is_setup, f"{name}: the first cell should only import (and set up): {ast.unparse(node)}"
    assert "parameters" in nb.cells[1].metadata.get("tags", []), f"{name}: the second cell is the parameters cell"
    for node in ast.parse(nb.cells[1].source).body:
        assert isinstance(node, ast.AnnAssign) and node.simple, f"{name}: parameters are typed assignments"
        ast.literal_eval(node.value)  # literals only
    for cell in code_cells:
        assert not cell.get("outputs") and cell.get("execution_count") is None, f"{name}: commit without outputs"
        for node in ast.walk(ast.parse(cell.source)):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)), (
                f"{name}: no function or class is defined in a notebook (put helpers in kit)"
            )
    prose = sum(len(c.source) for c in nb.cells if c.cell_type == "markdown")
    assert prose > 300, f"{name}: explain each step in prose"


# --- running them ----------------------------------------------------------------------------------
def _parameters(name: str, synthetic: Any, tmp_path: Path) -> dict[str, Any]:
    data = str(synthetic.parquet)
    small: dict[str, dict[str, Any]] = {
        "01-import.ipynb": {"raw_paths": [str(synthetic.raw)], "out_path": str(tmp_path / "imported.parquet")},
        "02-explore.ipynb": {"data_path": data, "every": "day", "coding_sample_size": 10},
        "03-networks.ipynb": {"data_path": data, "export_path": str(tmp_path / "net.gexf"), "top_nodes": 60},
        "04-topics.ipynb": {"data_path": data, "sample_size": 3000},
        "workshop/03-networks-topics-report.ipynb": {"data_path": data, "report_folder": str(tmp_path / "reports")},
        "workshop/solutions/03-networks-topics-report-solutions.ipynb": {
            "data_path": data,
            "report_folder": str(tmp_path / "reports"),
        },
    }
    return small.get(name, {"data_path": data})


SLOW = {
    "04-topics.ipynb",
    "workshop/03-networks-topics-report.ipynb",
    "workshop/solutions/03-networks-topics-report-solutions.ipynb",
}


def _execute(name: str, parameters: dict[str, Any], out: Path) -> nbformat.NotebookNode:
    import papermill

    return papermill.execute_notebook(
        str(ROOT / name),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        cwd=str(ROOT.parent),
        kernel_manager_class=reports.kernel_manager_class(reports.kernel_env(1)),
        start_timeout=180,
    )


#: Output kinds a notebook draws as a table, picture or chart (plain text is the fallback of the others).
RICH = ("text/html", "image/svg+xml", "image/png", "text/markdown")


def _long_plain_outputs(nb: nbformat.NotebookNode, limit: int = 800) -> list[str]:
    """The beginnings of outputs shown as plain text (printed, or an object without a rich form) longer
    than ``limit`` characters."""
    long = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if out.get("output_type") == "stream":
                text = out.get("text", "")
            elif any(kind in RICH or kind.startswith("application/vnd.vega") for kind in data):
                continue
            else:
                text = data.get("text/plain", "")
            if len(text) > limit:
                long.append(f"cell {cell.source[:60]!r}: {len(text)} characters: {text[:80]!r}")
    return long


# report.ipynb is rendered (with papermill, in parallel, on the synthetic corpus) by tests/test_reports.py
@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.slow) if n in SLOW else n for n in NOTEBOOKS if n != "report.ipynb"]
)
def test_notebook_runs_top_to_bottom(name: str, synthetic: Any, tmp_path: Path) -> None:
    executed = _execute(name, _parameters(name, synthetic, tmp_path), tmp_path / "out.ipynb")
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    shown = [
        o
        for c in executed.cells
        for o in c.get("outputs", [])
        if o.get("output_type") in ("display_data", "execute_result")
    ]
    assert shown, f"{name} showed nothing"
    if name.startswith("workshop/"):  # a room reads every output: plain text stays short
        assert _long_plain_outputs(executed) == []
    if name == "01-import.ipynb":
        assert (tmp_path / "imported.parquet").is_file()
    if name == "03-networks.ipynb":
        assert (tmp_path / "net.gexf").is_file()
    if name.endswith("03-networks-topics-report-solutions.ipynb"):
        assert (tmp_path / "reports" / "index.html").is_file()
