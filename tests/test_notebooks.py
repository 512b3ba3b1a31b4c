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


def _execute(name: str, parameters: dict[str, Any], out: Path, *, cwd: Path = ROOT.parent) -> nbformat.NotebookNode:
    import papermill

    return papermill.execute_notebook(
        str(ROOT / name),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        cwd=str(cwd),
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
    # every notebook here runs on sample data (the workshop's too): each says so
    assert "These data are SYNTHETIC" in _shown_text(executed), f"{name}: no synthetic-data banner"
    if name.startswith("workshop/"):  # a room reads every output: plain text stays short
        assert _long_plain_outputs(executed) == []
    if name == "01-import.ipynb":
        assert (tmp_path / "imported.parquet").is_file()
    if name == "03-networks.ipynb":
        assert (tmp_path / "net.gexf").is_file()
    if name.endswith("03-networks-topics-report-solutions.ipynb"):
        assert (tmp_path / "reports" / "index.html").is_file()


def _shown_text(executed: nbformat.NotebookNode) -> str:
    """Everything an executed notebook shows: text, HTML and streams of every output."""
    parts: list[str] = []
    for cell in executed.cells:
        for out in cell.get("outputs", []):
            parts.append(str(out.get("text", "")))
            data = out.get("data", {})
            parts.extend(str(data.get(kind, "")) for kind in ("text/plain", "text/html", "image/svg+xml"))
    return "\n".join(parts)


def _errors(executed: nbformat.NotebookNode) -> list[str]:
    return [
        f"{o.get('ename')}: {o.get('evalue')}"
        for c in executed.cells
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]


# --- a researcher's own data: a real twarc2 collection (#BlackLivesMatter, June 2021; no #yesallwomen) -------------
REAL = "twarc-network/test-data/tweets.jsonl"  # 500 tweets, 367 retweets; top hashtag #blacklivesmatter (494)


@pytest.fixture(scope="module")
def real_table(shared_fixtures: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real collection imported with ``kit.ingest`` (as ``kit import`` would)."""
    from kit.ingest import import_tweets

    out = tmp_path_factory.mktemp("real") / "blm.parquet"
    import_tweets([shared_fixtures / REAL], out)
    return out


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project root of its own (``KIT_HOME``, inherited by the kernels)."""
    monkeypatch.setenv("KIT_HOME", str(tmp_path))
    return tmp_path


def test_01_imports_a_real_collection_and_02_reads_what_it_wrote(shared_fixtures: Path, project: Path) -> None:
    imported = _execute("01-import.ipynb", {"raw_paths": [str(shared_fixtures / REAL)]}, project / "01.ipynb", cwd=ROOT)
    assert _errors(imported) == []
    table = project / "data" / "processed" / "notebook-import.parquet"
    assert table.is_file() and "These data are SYNTHETIC" not in _shown_text(imported)
    assert "Importing files: 1 of 1 (100 %)" in _shown_text(imported)  # one bar, through kit.progress
    # 02 with data_path left empty reads 01's table, and takes its hashtags from the data
    explored = _execute("02-explore.ipynb", {"coding_sample_size": 5}, project / "02.ipynb", cwd=ROOT)
    assert _errors(explored) == []
    shown = _shown_text(explored)
    assert f"Data: {table} — the table 01-import.ipynb wrote (data_path is empty)." in shown
    assert "Hashtag: #blacklivesmatter, the most frequent of the data (494 tweets" in shown
    assert "Counter-hashtag: #itaaut, the most frequent co-hashtag of #blacklivesmatter (together in 61 tweets" in shown
    assert "Comparing #blacklivesmatter (494 tweets) with #itaaut (61 tweets)" in shown
    assert "These data are SYNTHETIC" not in shown and "yesallwomen" not in shown
    # accounts: a prominent one keeps its handle, an ordinary one (4,054 followers) appears under a pseudonym
    assert "JFSebastian146" in shown and "TeelaResists" in shown and "NatalieStrecke1" not in shown


@pytest.mark.parametrize("name", ["03-networks.ipynb", "05-affect.ipynb"])
def test_notebook_reads_a_real_collection_by_a_path_from_the_project_root(
    name: str, real_table: Path, project: Path
) -> None:
    (project / "data" / "processed").mkdir(parents=True)
    (project / "data" / "processed" / "blm.parquet").write_bytes(real_table.read_bytes())
    parameters: dict[str, Any] = {"data_path": "data/processed/blm.parquet"}  # the README's path, from notebooks/
    if name == "03-networks.ipynb":
        parameters.update(export_path=str(project / "net.gexf"), top_nodes=40)
    executed = _execute(name, parameters, project / "out.ipynb", cwd=ROOT)
    assert _errors(executed) == []
    shown = _shown_text(executed)
    assert f"Data: {project / 'data' / 'processed' / 'blm.parquet'}." in shown
    assert "These data are SYNTHETIC" not in shown
    if name == "03-networks.ipynb":
        assert "retweet network: 415 nodes" in shown and (project / "net.gexf").is_file()
    else:
        assert "Hashtag: #blacklivesmatter" in shown and "Counter-hashtag: #itaaut" in shown


def test_a_missing_table_names_every_path_tried(project: Path) -> None:
    import papermill

    with pytest.raises(papermill.PapermillExecutionError) as caught:
        _execute("02-explore.ipynb", {"data_path": "data/processed/mine.parquet"}, project / "out.ipynb", cwd=ROOT)
    message = str(caught.value)
    assert str(project / "data" / "processed" / "mine.parquet") in message  # from the project root
    assert str(ROOT / "data" / "processed" / "mine.parquet") in message  # from the kernel's folder, notebooks/
    assert "kit import RAW... --out data/processed/mine.parquet" in message


@pytest.mark.slow
def test_04_on_a_real_collection_shows_one_bar_and_the_kits_messages_not_model2vecs(
    real_table: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first topic run on a fresh machine: the model is distilled (about a minute), quietly."""
    from kit import config

    monkeypatch.setenv("NUMBA_CACHE_DIR", str(config.cache_dir("numba")))  # compiled once for the whole suite
    monkeypatch.setenv("KIT_CACHE_DIR", str(tmp_path / "cache"))  # no distilled model yet
    executed = _execute("04-topics.ipynb", {"data_path": str(real_table)}, tmp_path / "out.ipynb", cwd=ROOT)
    assert _errors(executed) == []
    shown = _shown_text(executed)
    assert list((tmp_path / "cache" / "models").glob("model2vec-minilm-*/model.safetensors"))  # it did distil
    assert "kit: distilling a model2vec static model" in shown and "kit: fitting topics on 256" in shown
    assert "Encoding tokens" not in shown and "tokens/s" not in shown and "%|" not in shown
    bars = [
        o
        for c in executed.cells
        for o in c.get("outputs", [])
        if "kit-progress" in o.get("data", {}).get("text/html", "")
    ]
    assert len(bars) == 1 and "Embedding texts: 256 of 256 (100 %)" in bars[0]["data"]["text/plain"]
    assert "Hashtag: #blacklivesmatter" in shown and "These data are SYNTHETIC" not in shown


@pytest.mark.parametrize(
    "name",
    [
        "workshop/01-first-look.ipynb",
        "workshop/02-counter-hashtag.ipynb",
        pytest.param("workshop/03-networks-topics-report.ipynb", marks=pytest.mark.slow),
    ],
)
def test_workshop_notebook_runs_on_a_real_collection_with_hashtags_from_the_data(
    name: str, real_table: Path, project: Path
) -> None:
    """A facilitator points the workshop at a real collection and clears the #YesAllWomen defaults."""
    parameters: dict[str, Any] = {"data_path": str(real_table), "hashtag": ""}
    if "02-" in name:
        parameters["counter_hashtag"] = ""
    if "03-" in name:
        parameters["report_folder"] = str(project / "reports")
    executed = _execute(name, parameters, project / "out.ipynb", cwd=ROOT / "workshop")
    assert _errors(executed) == []
    shown = _shown_text(executed)
    assert "Hashtag: #blacklivesmatter, the most frequent of the data (494 tweets" in shown
    assert "These data are SYNTHETIC" not in shown and "yesallwomen" not in shown.lower()
    if "02-" in name:
        assert "Counter-hashtag: #itaaut" in shown
    if "03-" in name:
        assert list((project / "reports").rglob("*.html"))
