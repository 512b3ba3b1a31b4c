"""Report variants: parsing and validation, parallel rendering with papermill, manifests, skipping,
failure isolation, reproducibility and safety of the HTML pages."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import nbformat
import pytest
from test_reports_support import (
    HOSTILE_HANDLE,
    HOSTILE_TAG,
    HOSTILE_URL,
    IMG,
    SCRIPT,
    hostile_corpus,
    render_report,
    shared_hostile_render,
    tiny_notebook,
)

from kit import reports
from kit.cache import file_hash
from kit.cli import main as kit_main
from kit.schema import from_records

pytestmark = pytest.mark.xdist_group("reports")


# --- variants and validation (no kernel) ---------------------------------------------------------
def test_one_variant_per_hashtag_and_period() -> None:
    variants = reports.variants_from_options(
        hashtags=["#YesAllWomen", "notallmen"],
        start="2014-05-24",
        end="2014-05-27",
        period="week",
        data_path="d.parquet",
    )
    assert [v.name for v in variants] == [
        "yesallwomen-2014-W21",
        "yesallwomen-2014-W22",
        "notallmen-2014-W21",
        "notallmen-2014-W22",
    ]
    first = variants[0].parameters
    assert first == {"data_path": "d.parquet", "hashtags": ["yesallwomen"], "start": "2014-05-24", "end": "2014-05-25"}
    days = reports.variants_from_options(start="2014-05-30", end="2014-06-01", period="day")
    assert [(v.name, v.parameters["start"], v.parameters["end"]) for v in days] == [
        ("2014-05-30", "2014-05-30", "2014-05-30"),
        ("2014-05-31", "2014-05-31", "2014-05-31"),
        ("2014-06-01", "2014-06-01", "2014-06-01"),
    ]
    ranged = reports.variants_from_options(start="2014-05-24", end="2014-05-31", params={"seed": 3})
    assert [(v.name, v.parameters) for v in ranged] == [
        ("2014-05-24_2014-05-31", {"start": "2014-05-24", "end": "2014-05-31", "seed": 3})
    ]
    assert [v.name for v in reports.variants_from_options()] == ["all"]


def test_period_without_dates_reads_the_span_of_the_data(tmp_path: Path) -> None:
    data = hostile_corpus(tmp_path / "t.parquet")  # 2014-05-24 .. 2014-05-29
    variants = reports.variants_from_options(period="day", data_path=data)
    assert variants[0].name == "2014-05-24"
    assert variants[-1].name == reports.data_span(data)[1].isoformat()
    assert len(variants) == (reports.data_span(data)[1] - dt.date(2014, 5, 24)).days + 1


@pytest.mark.parametrize("name", ["../etc", "a/b", "", ".hidden", "index.html", "x" * 81, "a b", "a\\b", "-x"])
def test_unsafe_variant_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="invalid variant name"):
        reports.check_variant_name(name)


def test_variants_file(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    toml = tmp_path / "reports.toml"
    toml.write_text(
        '[defaults]\ndata_path = "data/t.parquet"\nseed = 7\n\n'
        '[variants.yesallwomen]\nhashtags = ["yesallwomen"]\n\n'
        "[variants.first-week]\nstart = 2014-05-24\nend = 2014-05-31\nseed = 8\n",
        encoding="utf-8",
    )
    variants = reports.load_variants_file(toml)
    assert [v.name for v in variants] == ["yesallwomen", "first-week"]
    assert variants[0].parameters == {
        "data_path": str((tmp_path / "data" / "t.parquet").resolve()),
        "seed": 7,
        "hashtags": ["yesallwomen"],
    }
    assert variants[1].parameters["start"] == "2014-05-24" and variants[1].parameters["seed"] == 8
    toml.write_text('[variants."../../etc"]\nseed = 1\n', encoding="utf-8")
    with pytest.raises(ValueError, match="invalid variant name"):
        reports.load_variants_file(toml)
    toml.write_text("[variant.x]\nseed = 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown top-level key"):
        reports.load_variants_file(toml)


def test_parameters_are_checked_against_the_notebook(tmp_path: Path) -> None:
    notebook = tiny_notebook(tmp_path / "tiny.ipynb")
    data = hostile_corpus(tmp_path / "t.parquet")
    with pytest.raises(ValueError) as info:
        reports.resolve_variants([reports.Variant("a", {"sed": 1})], notebook, default_data=data)
    message = str(info.value)
    assert "unknown parameter(s) sed" in message
    for valid in ("data_path", "hashtags", "seed", "fail", "label"):
        assert valid in message
    with pytest.raises(ValueError, match="'seed' expects int"):
        reports.resolve_variants([reports.Variant("a", {"seed": "7"})], notebook, default_data=data)
    with pytest.raises(ValueError, match="'hashtags' expects list"):
        reports.resolve_variants([reports.Variant("a", {"hashtags": "x"})], notebook, default_data=data)
    with pytest.raises(FileNotFoundError, match="not found"):
        reports.resolve_variants([reports.Variant("a", {"data_path": str(tmp_path / "none.parquet")})], notebook)
    with pytest.raises(ValueError, match="two variants named"):
        reports.resolve_variants([reports.Variant("A"), reports.Variant("a")], notebook, default_data=data)
    spec = reports.notebook_parameters(notebook)
    assert reports.parse_param_options(["seed=7", "hashtags=a, b", "fail=no", "label=x=y"], spec) == {
        "seed": 7,
        "hashtags": ["a", "b"],
        "fail": False,
        "label": "x=y",
    }
    assert reports.parse_param_options(['hashtags=["a","b"]'], spec) == {"hashtags": ["a", "b"]}
    with pytest.raises(ValueError, match="expects int"):
        reports.parse_param_options(["seed=seven"], spec)
    with pytest.raises(ValueError, match="NAME=VALUE"):
        reports.parse_param_options(["seed"], spec)


def test_every_parameter_of_every_notebook_is_documented() -> None:
    """papermill silently drops a parameter line it cannot parse (e.g. '=' in the comment)."""
    import ast

    root = Path(reports.__file__).resolve().parents[2] / "notebooks"  # kit/reports/__init__.py
    notebooks = sorted(p for p in root.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    assert (root / "report.ipynb") in notebooks
    for path in notebooks:
        nb = nbformat.read(str(path), as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1 and nb.cells[1] is tagged[0], (
            f"{path.name}: the 2nd cell must be the one parameters cell"
        )
        names = [node.target.id for node in ast.parse(tagged[0].source).body]  # AnnAssign only: typed literals
        spec = reports.notebook_parameters(path)
        assert list(spec) == names, f"{path.name}: papermill reads {list(spec)}, the cell defines {names}"
        for name, entry in spec.items():
            assert entry["help"], f"{path.name}: parameter {name} has no trailing comment"
            assert entry["inferred_type_name"] != "None", f"{path.name}: parameter {name} has no type"
            ast.literal_eval(entry["default"])


# --- rendering the tiny notebook ----------------------------------------------------------------
def test_parallel_render_isolates_failures_skips_up_to_date_and_writes_manifests(tmp_path: Path) -> None:
    notebook = tiny_notebook(tmp_path / "tiny.ipynb")
    data = hostile_corpus(tmp_path / "t.parquet")
    out = tmp_path / "reports"
    variants = [
        reports.Variant("a", {"seed": 1}),
        reports.Variant("b", {"fail": True}),
        reports.Variant("c", {"hashtags": ["x"], "label": SCRIPT}),
    ]
    summary = reports.render_variants(
        variants, notebook=notebook, out_dir=out, workers=2, progress=False, default_data=data
    )
    by_name = {m["variant"]: m for m in summary.manifests}
    assert {n: m["status"] for n, m in by_name.items()} == {"a": "ok", "b": "failed", "c": "ok"}
    failed = by_name["b"]["error"]
    assert failed["ename"] == "AssertionError" and "failed on request" in failed["evalue"]
    assert "assert not fail" in failed["source"] and isinstance(failed["cell_index"], int)
    manifest = json.loads((out / "a" / "manifest.json").read_text())
    assert manifest["parameters"] == {"seed": 1, "data_path": str(data.resolve())}
    assert manifest["data_hash"] == file_hash(data) and manifest["notebook_hash"] == file_hash(notebook)
    assert manifest["seed"] == 1 and manifest["status"] == "ok"
    assert manifest["packages"]["papermill"] and manifest["packages"]["python"]
    assert manifest["timings"]["execute_seconds"] > 0 and manifest["timings"]["total_seconds"] > 0
    for name in "abc":
        assert {p.name for p in (out / name).iterdir()} == {"report.ipynb", "report.html", "manifest.json"}
    executed = nbformat.read(str(out / "a" / "report.ipynb"), as_version=4)
    assert "[] 1 x" in "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
    index = (out / "index.html").read_text()
    for name in "abc":
        assert f'href="{name}/report.html"' in index
    assert "AssertionError" in index and "failed" in index
    page_c = (out / "c" / "report.html").read_text()
    assert SCRIPT not in page_c and "&lt;script&gt;window.__kit_xss=1&lt;/script&gt;" in page_c

    # up to date: skipped; a changed parameter or a failed variant re-renders
    again_variants = [reports.Variant("a", {"seed": 2}), *variants[1:]]
    again = reports.render_variants(
        again_variants, notebook=notebook, out_dir=out, workers=2, progress=False, default_data=data
    )
    status = {m["variant"]: (m["status"], bool(m.get("skipped"))) for m in again.manifests}
    assert status == {"a": ("ok", False), "b": ("failed", False), "c": ("ok", True)}
    assert json.loads((out / "a" / "manifest.json").read_text())["seed"] == 2
    assert json.loads((out / "c" / "manifest.json").read_text())["started_at"] == by_name["c"]["started_at"]
    forced = reports.render_variants(
        [variants[2]], notebook=notebook, out_dir=out, workers=1, progress=False, default_data=data, force=True
    )
    assert not forced.manifests[0].get("skipped") and forced.manifests[0]["status"] == "ok"


def test_kit_render_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notebook = tiny_notebook(tmp_path / "tiny.ipynb")
    data = hostile_corpus(tmp_path / "t.parquet")
    out = tmp_path / "reports"
    args = ["render", "--data", str(data), "--notebook", str(notebook), "--out", str(out), "--workers", "2"]
    assert kit_main([*args, "--hashtag", "YesAllWomen", "--hashtag", "#notallmen", "-p", "seed=3"]) == 0
    for name in ("yesallwomen", "notallmen"):
        manifest = json.loads((out / name / "manifest.json").read_text())
        assert manifest["status"] == "ok" and manifest["parameters"]["seed"] == 3
        assert manifest["parameters"]["hashtags"] == [name]
    assert "yesallwomen: ok" in capsys.readouterr().out
    assert kit_main([*args, "-p", "bogus=1"]) == 2
    err = capsys.readouterr().err
    assert "unknown parameter(s) bogus" in err and "seed" in err
    toml = tmp_path / "reports.toml"
    toml.write_text(
        '[defaults]\nlabel = "from-file"\n\n[variants.first-days]\nhashtags = ["a"]\nseed = 5\nfail = true\n',
        encoding="utf-8",
    )
    assert kit_main([*args, "--variants", str(toml), "-p", "seed=6"]) == 1  # the variant fails on request
    assert "first-days: failed" in capsys.readouterr().out
    manifest = json.loads((out / "first-days" / "manifest.json").read_text())
    assert manifest["parameters"] == {
        "label": "from-file",
        "hashtags": ["a"],
        "seed": 6,
        "fail": True,
        "data_path": str(data.resolve()),
    }
    assert kit_main([*args, "--variants", str(toml), "--hashtag", "a"]) == 2
    assert "not both" in capsys.readouterr().err


# --- the real report notebook -------------------------------------------------------------------
@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Variants ``all``, ``empty`` and ``broken`` of the hostile corpus (rendered once, shared with the browser test)."""
    return shared_hostile_render(tmp_path_factory.getbasetemp())


def test_a_broken_variant_is_reported_and_others_render(rendered: Path) -> None:
    manifest = json.loads((rendered / "broken" / "manifest.json").read_text())
    assert manifest["status"] == "failed" and manifest["error"]["ename"]
    assert "kit.select(corpus, selection)" in manifest["error"]["source"]
    assert (rendered / "broken" / "report.html").is_file()  # the failed notebook, with its error, for reading
    index = (rendered / "index.html").read_text()
    assert index.count("<tr class=") == 3 and 'class="failed"' in index
    assert "<td>from 2015-01-01 to 2015-01-31 (UTC)</td>" in index and "<td>all tweets</td>" in index
    assert "start: " not in index  # the selection in words, not the raw parameters


def test_an_index_of_real_and_synthetic_reports_says_which_is_which(tmp_path: Path) -> None:
    """``kit render`` on the sample, then ``kit render --data mine.parquet`` into the same reports/: the index
    lists both, and must not call the real report synthetic (nor the sample real)."""
    runs = {
        "all": ("/p/data/processed/brexit.parquet", False),
        "yesallwomen": ("/p/data/processed/sample.parquet", True),
    }
    for name, (data, synthetic) in runs.items():
        (tmp_path / name).mkdir()
        manifest = {
            "variant": name,
            "status": "ok",
            "parameters": {"data_path": data},
            "data_path": data,
            "synthetic_data": synthetic,
        }
        (tmp_path / name / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    index = reports.write_index(tmp_path).read_text(encoding="utf-8")
    assert "<td>brexit.parquet</td>" in index and "<td>sample.parquet (SYNTHETIC)</td>" in index
    assert "1 of these 2 reports are based on SYNTHETIC data" in index
    assert "These reports are based on SYNTHETIC data" not in index
    (tmp_path / "all" / "manifest.json").unlink()
    index = reports.write_index(tmp_path).read_text(encoding="utf-8")
    assert "These reports are based on SYNTHETIC data" in index and "brexit" not in index


def test_a_failure_outside_any_cell_is_one_line_on_the_console_and_in_the_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """nbconvert without its HTML templates failed every variant with a five-line message headed "cell None"."""
    from kit.cli.commands.render import _print_summary
    from kit.cli.console import Console

    evalue = "No template sub-directory with name 'lab' found in the following paths:\n\t/v/share/jupyter\n\t/usr"
    failed = {
        "variant": "all",
        "status": "failed",
        "parameters": {},
        "error": {"ename": "ValueError", "evalue": evalue},
    }
    (tmp_path / "all").mkdir()
    (tmp_path / "all" / "manifest.json").write_text(json.dumps(failed), encoding="utf-8")
    summary = reports.RenderSummary(out_dir=tmp_path, manifests=(failed,), seconds=1.0)
    assert _print_summary(summary, Console("render")) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first == (
        "all: failed — ValueError: No template sub-directory with name 'lab' found in the following "
        "paths: (more in manifest.json)"
    )
    index = reports.write_index(tmp_path).read_text(encoding="utf-8")
    assert (
        "<td>ValueError: No template sub-directory with name &#x27;lab&#x27; found in the following paths: (more in"
        in index
    )
    assert "cell None" not in index


def test_empty_selection_says_so(rendered: Path) -> None:
    page = (rendered / "empty" / "report.html").read_text()
    assert "No tweets match this selection" in page
    assert "Tweets selected:</strong> 0" in page
    assert "Traceback" not in page


def outputs_of(notebook: Path, call: str) -> list[dict[str, object]]:
    """The outputs of the executed notebook's one code cell that contains ``call``."""
    cells = [c for c in nbformat.read(str(notebook), as_version=4).cells if c.cell_type == "code" and call in c.source]
    assert len(cells) == 1, f"{call}: {len(cells)} cells"
    return [dict(o.get("data") or {}) for o in cells[0].get("outputs", [])]


def test_topic_sections_say_when_topics_are_off(rendered: Path) -> None:
    expected = {
        ("all", "reports.topics_over_time("): "Topics are switched off",
        ("all", "reports.community_topics("): "Topics are switched off",
        ("empty", "reports.topics_over_time("): "Topics are switched off",
        ("empty", "reports.community_topics("): "No tweets in this selection",
    }  # no network to split
    for (variant, call), note in expected.items():
        shown = outputs_of(rendered / variant / "report.ipynb", call)
        assert len(shown) == 1 and note in str(shown[0].get("text/html")), (variant, call, shown)


def test_topics_over_time_of_a_selection_in_its_time_zone() -> None:
    import polars as pl

    tweets = from_records(
        [
            {"tweet_id": str(i), "text": "x", "created_at": f"2014-05-24T{h:02d}:30:00Z"}
            for i, h in enumerate([1, 2, 23, 23])
        ]
    )
    model = reports.CorpusTopics(
        topics=pl.DataFrame({"topic": [-1, 0, 1], "label": ["-", "bus", "work"]}),
        assignments=pl.DataFrame({"tweet_id": ["0", "1", "2", "3", "9"], "topic": [0, 1, 0, -1, 1]}),
        key="k",
    )
    utc = reports.topics_over_time(model, tweets, every="day")
    assert utc.select("topic", "label", "tweets").rows() == [(0, "bus", 2), (1, "work", 1)]
    paris = reports.topics_over_time(model, tweets, every="day", tz="Europe/Paris")  # 23:30Z is the next day there
    assert [(str(p.date()), t, n) for p, t, n in paris.select("period", "topic", "tweets").rows()] == [
        ("2014-05-24", 0, 1),
        ("2014-05-24", 1, 1),
        ("2014-05-25", 0, 1),
        ("2014-05-25", 1, 0),
    ]  # silent: 0
    assert reports.topics_over_time(model, tweets, tz="Mars/Base").kind == "warning"
    assert "No tweets" in reports.topics_over_time(model, tweets.head(0)).text
    off = reports.corpus_topics(None, enabled=False)
    assert reports.topics_over_time(off, tweets) is off and reports.community_topics(None, tweets, off) is off


def test_index_names_the_selection_in_words() -> None:
    assert reports.selection_text({"hashtags": ["NotAllMen"], "include_retweets": False}) == (
        "#notallmen; kinds original, quote, reply"
    )
    assert reports.selection_text({"data_path": "x.parquet", "hashtags": []}) == "all tweets"
    assert reports.selection_text({"hashtags": 3, "start": "2014"}) == "hashtags: 3; start: 2014"  # as given


def test_report_page_is_self_contained_and_script_free(rendered: Path) -> None:
    page = (rendered / "all" / "report.html").read_text()
    assert "<script" not in page.lower()
    assert 'http-equiv="Content-Security-Policy"' in page and "default-src 'none'" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "a resource from another host"
    assert page.count('src="data:image/svg+xml;base64,') >= 6  # the charts, drawn in the kernel
    assert "assert not fail" not in page and "reports.attempt(" not in page  # code hidden by default
    for hostile in (SCRIPT, IMG, HOSTILE_TAG, HOSTILE_HANDLE, HOSTILE_URL):
        assert hostile not in page
    assert "&lt;img src=x onerror=window.__kit_xss=4&gt;" in page  # shown, escaped
    manifest = json.loads((rendered / "all" / "manifest.json").read_text())
    assert manifest["parameters"] == {"topics": False, "data_path": manifest["data_path"]}
    assert manifest["synthetic_data"] is False


def test_rendering_twice_gives_the_same_tables_and_charts(rendered: Path, tmp_path: Path) -> None:
    data = Path(json.loads((rendered / "all" / "manifest.json").read_text())["data_path"])
    again = render_report(tmp_path / "again", data, {"all": {}}, workers=1)
    assert again.manifests[0]["status"] == "ok"

    def outputs(path: Path) -> list[object]:
        nb = nbformat.read(str(path), as_version=4)
        return [
            [{k: o.get(k) for k in ("output_type", "data", "text", "name")} for o in c.get("outputs", [])]
            for c in nb.cells
            if c.cell_type == "code"
        ]

    first, second = outputs(rendered / "all" / "report.ipynb"), outputs(tmp_path / "again" / "all" / "report.ipynb")
    assert sum(1 for cell in first for o in cell if "image/svg+xml" in (o.get("data") or {})) >= 6
    assert first == second


def test_synthetic_report_variants_share_one_topic_model_and_say_synthetic(synthetic, tmp_path: Path) -> None:
    """The README's path: report variants of a synthetic table, with the corpus-wide topic model
    prepared once before the variants run and loaded (not fitted) by each of them."""
    import html

    assert reports.is_synthetic(synthetic.parquet)
    out = tmp_path / "r"
    summary = render_report(
        out,
        synthetic.parquet,
        {"yesallwomen": {"hashtags": ["yesallwomen"]}, "notallmen": {"hashtags": ["notallmen"]}},
        topics=True,
        workers=2,
    )
    assert [m["status"] for m in summary.manifests] == ["ok", "ok"], summary.manifests
    assert all(m["synthetic_data"] is True for m in summary.manifests)
    shared = reports.corpus_topics(synthetic.parquet)  # a cache hit through the index
    assert isinstance(shared, reports.CorpusTopics) and shared.folder is not None
    fitted_at = dt.datetime.fromtimestamp((shared.folder / "assignments.parquet").stat().st_mtime, dt.UTC)
    first_start = min(dt.datetime.fromisoformat(m["started_at"]) for m in summary.manifests)
    assert fitted_at <= first_start, "the shared model must exist before the variants start (none of them fits)"
    labels = [html.escape(label) for label in shared.topics.filter(shared.topics["topic"] >= 0)["label"].to_list()]
    for name in ("yesallwomen", "notallmen"):
        page = (out / name / "report.html").read_text()
        assert "These data are SYNTHETIC" in page
        assert any(label in page for label in labels), f"{name}: no topic of the shared model in the report"
        assert page.count('src="data:image/svg+xml;base64,') >= 8
        executed = out / name / "report.ipynb"
        assert "image/svg+xml" in outputs_of(executed, "reports.topics_over_time(")[0]
        communities = str(outputs_of(executed, "reports.community_topics(")[0].get("text/html"))
        assert 'class="kit-table"' in communities and "<th>community</th>" in communities
        assert any(label in communities for label in labels)
    index = (out / "index.html").read_text()
    assert "SYNTHETIC" in index and "<td>#yesallwomen</td>" in index and "<td>#notallmen</td>" in index


def test_table_rows_caps_long_tables_and_counts_the_rest():
    import polars as pl

    shown = reports.table(pl.DataFrame({"community": list(range(30)), "label": ["<b>x</b>"] * 30}), rows=5)
    html_text = shown._repr_html_()
    assert html_text.count("<tr>") == 1 + 5 + 1  # header, five rows, the closing line
    assert "… and 25 more row(s)" in html_text and "&lt;b&gt;" in html_text
    assert reports.table(pl.DataFrame({"a": [1]}), rows=5)._repr_html_().count("<tr>") == 2
