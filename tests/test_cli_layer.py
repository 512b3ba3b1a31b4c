"""The command-line layer: printing only in kit/cli/, shared output flags, one exit-code table, stdout vs stderr."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from kit import __version__
from kit.cli import build_parser, main
from kit.schema import from_records

KIT = Path(__file__).resolve().parents[1] / "kit"

FORBIDDEN_CALLS = {"print", "Console", "Progress", "tqdm", "trange"}
FORBIDDEN_MODULES = ("rich.console", "rich.progress", "tqdm")


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(KIT).as_posix()
    found: list[str] = []

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name in FORBIDDEN_CALLS:
                found.append(f"{rel}:{node.lineno} {name}(...)")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(FORBIDDEN_MODULES):
            found.append(f"{rel}:{node.lineno} from {node.module} import ...")
        elif isinstance(node, ast.Import):
            found.extend(
                f"{rel}:{node.lineno} import {a.name}" for a in node.names if a.name.startswith(FORBIDDEN_MODULES)
            )
    return found


def test_no_printing_or_progress_bars_outside_kit_cli() -> None:
    files = [p for p in KIT.rglob("*.py") if "cli" not in p.relative_to(KIT).parts[:1]]
    assert len(files) > 40 and KIT / "reports" / "render.py" in files
    offences = [o for p in files for o in _offences(p)]
    assert offences == [], (
        "library code prints or draws bars; use kit.cli.console / a progress callback:\n" + "\n".join(offences)
    )


def test_the_scan_catches_a_print(tmp_path: Path) -> None:
    (tmp_path / "x.py").write_text(
        '"""print( in a docstring is fine."""\n# print( in a comment too\ndef f():\n    print(\'no\')\n'
    )
    global KIT
    saved, KIT = KIT, tmp_path
    try:
        assert _offences(tmp_path / "x.py") == ["x.py:4 print(...)"]
    finally:
        KIT = saved


MINIMAL = {
    "import": ["x.jsonl", "--out", "o.parquet"],
    "sample": ["--out", "s.jsonl"],
    "summary": ["t.parquet"],
    "compare": ["t.parquet", "--a", "x", "--b", "y"],
    "network": ["t.parquet", "--out", "n.gexf"],
    "topics": ["t.parquet", "--out", "o"],
    "affect": ["t.parquet", "--out", "a.parquet"],
    "validate": ["c.csv"],
    "render": [],
    "notebooks": ["copy", "project"],
}


@pytest.mark.parametrize("command", sorted(MINIMAL))
def test_every_command_takes_the_output_flags_and_debug(command: str) -> None:
    parser = build_parser()
    assert set(MINIMAL) == set(parser._subparsers._group_actions[0].choices)
    for flags, verbosity in ((["-q"], 0), (["--quiet"], 0), ([], 1), (["-v"], 2), (["--verbose"], 2)):
        args = parser.parse_args([command, *MINIMAL[command], *flags, "--json", "--debug"])
        assert args.verbosity == verbosity and args.json and args.debug and args.command == command
    with pytest.raises(SystemExit) as exc:
        parser.parse_args([command, *MINIMAL[command], "-q", "-v"])  # quiet and verbose exclude each other
    assert exc.value.code == 2


def test_selection_flags_are_shared_and_seed_comes_from_config() -> None:
    from kit import config

    parser = build_parser()
    compare = parser.parse_args(
        [
            "compare",
            "t.parquet",
            "--a",
            "x",
            "--b",
            "y",
            "--tweet-kind",
            "original",
            "--account",
            "ann",
            "--platform",
            "bluesky",
            "--lang",
            "en",
            "--start",
            "2014-05-24",
        ]
    )
    assert compare.tweet_kind == ["original"] and compare.account == ["ann"] and compare.platform == ["bluesky"]
    assert parser.parse_args(["network", "t.parquet", "--out", "n.gexf"]).seed == config.DEFAULT_SEED
    assert parser.parse_args(["topics", "t.parquet", "--out", "o"]).seed == config.DEFAULT_SEED
    assert parser.parse_args(["topics", "t.parquet", "--out", "o"]).sample_size == config.TOPIC_SAMPLE_SIZE
    assert parser.parse_args(["sample", "--out", "s.jsonl"]).seed == config.SAMPLE_SEED
    summary = parser.parse_args(["summary", "t.parquet", "--no-pseudonyms"])
    assert summary.no_pseudonyms and summary.follower_threshold == config.DEFAULT_FOLLOWER_THRESHOLD


@pytest.mark.parametrize("argv", [["-m", "kit"], ["-m", "kit.cli"]])
def test_version(argv: list[str]) -> None:
    done = subprocess.run([sys.executable, *argv, "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"hashtag-kit {__version__}"


def test_kit_version_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0 and capsys.readouterr().out.strip() == f"hashtag-kit {__version__}"


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("layer") / "t.parquet"
    from_records(
        [
            {
                "tweet_id": "1",
                "created_at": "2014-05-24T10:05:00Z",
                "author_id": "a1",
                "author_username": "ann",
                "author_followers": 100,
                "text": "Women deserve safety #YesAllWomen",
                "hashtags": ["yesallwomen"],
                "lang": "en",
            },
            {
                "tweet_id": "2",
                "created_at": "2014-05-25T11:00:00Z",
                "author_id": "b1",
                "author_username": "bob",
                "author_followers": 9000,
                "text": "not all men #NotAllMen",
                "hashtags": ["notallmen"],
                "lang": "en",
            },
        ]
    ).write_parquet(path)
    return path


def test_exit_code_table(table: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # missing input file: refused, exit 1, one line, no traceback
    assert main(["import", str(tmp_path / "nothing.jsonl"), "--out", str(tmp_path / "o.parquet")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("kit import: refused: ") and "nothing.jsonl" in err
    assert "Traceback" not in err
    # bad flag: usage, exit 2
    with pytest.raises(SystemExit) as exc:
        main(["summary", str(table), "--no-such-flag"])
    assert exc.value.code == 2 and "unrecognized arguments: --no-such-flag" in capsys.readouterr().err
    # empty selection: exit 1 with a clear message (topics and affect stop before any model loads)
    assert main(["topics", str(table), "--hashtag", "metoo", "--out", str(tmp_path / "t")]) == 1
    err = capsys.readouterr().err
    assert "kit topics: error: the selection is empty" in err and "Traceback" not in err
    assert main(["network", str(table), "--hashtag", "metoo", "--out", str(tmp_path / "n.gexf")]) == 1
    assert not (tmp_path / "n.gexf").exists()
    # the same failure with --debug adds the traceback
    assert main(["topics", str(table), "--hashtag", "metoo", "--out", str(tmp_path / "t"), "--debug"]) == 1
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_results_on_stdout_notes_on_stderr(table: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", str(table), "--json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["tweets"] == 2
    raw = tmp_path / "s.jsonl"
    assert main(["sample", "--tweets", "60", "--seed", "3", "--out", str(raw), "--json"]) == 0
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert doc["tweets"] == 60 and doc["seed"] == 3 and doc["raw_path"] == str(raw)
    assert captured.err.startswith("next: kit import ")  # the hint is a note, not a result
    assert main(["import", str(raw), "--out", str(tmp_path / "s.parquet"), "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["tweets_written"] == pl.read_parquet(tmp_path / "s.parquet").height
    assert main(["sample", "--tweets", "60", "--seed", "3", "--out", str(tmp_path / "q.jsonl"), "-q"]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["summary", str(table), "-q"]) == 0
    assert capsys.readouterr().out == ""


def test_an_import_ends_with_what_to_do_next(
    shared_fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The next commands, and the notebooks' data_path from the project root (not from where kit ran)."""
    monkeypatch.setenv("KIT_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    raw = shared_fixtures / "twarc-csv" / "test-data" / "brexit.jsonl"
    assert main(["import", str(raw), "--out", "data/processed/brexit.parquet"]) == 0
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err == (
        "next: kit summary data/processed/brexit.parquet  ·  kit render --data data/processed/brexit.parquet"
        '  ·  in a notebook: data_path = "data/processed/brexit.parquet"'
    )
    assert (
        pl.read_parquet(tmp_path / "data" / "processed" / "brexit.parquet")["hashtags"]
        .explode()
        .to_list()
        .count("brexit")
        == 100
    )
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert main(["import", str(raw), "--out", "mine.parquet", "-q"]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["import", str(raw), "--out", "mine.parquet", "--json"]) == 0
    assert capsys.readouterr().err.strip().endswith('data_path = "sub/mine.parquet"')


def test_importing_the_synthetic_sample_with_real_files_warns(
    shared_fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kit render` in a fresh project writes the sample into data/raw/, where the README puts your files."""
    monkeypatch.setenv("KIT_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert main(["sample", "--tweets", "60", "--out", "data/raw/sample.jsonl.gz", "-q"]) == 0
    (tmp_path / "data" / "raw" / "brexit").mkdir()
    shutil.copyfile(shared_fixtures / "twarc-csv" / "test-data" / "brexit.jsonl", tmp_path / "data/raw/brexit/b.jsonl")
    assert main(["import", "data/raw/", "--out", "data/processed/mixed.parquet"]) == 0
    err = capsys.readouterr().err
    assert (
        "kit import: warning: 1 of the 2 files imported are the kit's SYNTHETIC sample "
        "(data/raw/sample.jsonl.gz), now mixed with your data"
    ) in err
    assert pl.read_parquet(tmp_path / "data/processed/mixed.parquet").height == 160
    assert main(["import", "data/raw/brexit/", "--out", "data/processed/brexit.parquet"]) == 0
    assert "warning" not in capsys.readouterr().err
    assert main(["import", "data/raw/sample.jsonl.gz", "--out", "data/processed/s.parquet"]) == 0
    assert "warning" not in capsys.readouterr().err


def test_a_reader_that_goes_away_is_not_an_error(table: Path) -> None:
    """``kit summary --json | head -c 0``: stdout's pipe is closed before the result is written."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "kit", "summary", str(table), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # the reader leaves at once
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert err == "", err  # no "Broken pipe" error line, no "Exception ignored" at exit
