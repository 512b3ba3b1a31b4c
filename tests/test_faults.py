"""Faults and hostile input (issue 12): nothing lost, no traceback, no leak.

Each hostile input gets one line naming the file and the reason, the previous output stays intact,
and the import's records are rows or counted skips. Real fixture lines are the material.
"""

from __future__ import annotations

import bz2
import errno
import gzip
import hashlib
import json
import lzma
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
import zlib
from pathlib import Path

import orjson
import polars as pl
import pytest

import kit.ingest.sink
from kit.cli import main
from kit.ingest import import_tweets
from kit.ingest.pipeline import sweep_stale
from kit.ingest.report import ImportReport, IngestError, render
from kit.ingest.sniff import sniff_head

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def v1_lines(shared_fixtures: Path) -> list[bytes]:
    """19 real v1.1 statuses (tweepy's home timeline cassette), one JSON line each."""
    statuses = json.loads((shared_fixtures / "tweepy/cassettes-extracted/testhometimeline__0.json").read_bytes())
    return [orjson.dumps(s) + b"\n" for s in statuses]


@pytest.fixture(scope="module")
def twarc_csv(shared_fixtures: Path) -> Path:
    """A real twarc-csv 0.7.2 export (100 #brexit tweets)."""
    return shared_fixtures / "generated/twarc-csv-0.7.2/brexit.csv"


def _ids(lines: list[bytes]) -> list[str]:
    return [orjson.loads(line)["id_str"] for line in lines]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


# --- --out must never be an input -------------------------------------------------------------------
def test_out_that_is_an_input_is_refused_by_inode(tmp_path: Path, v1_lines: list[bytes]) -> None:
    raw = tmp_path / "raw" / "tweets.jsonl"
    raw.parent.mkdir()
    raw.write_bytes(b"".join(v1_lines))
    before = _digest(raw)
    alias = tmp_path / "raw" / "tweets.parquet"  # another name (and extension) for the same file
    os.link(raw, alias)
    for paths, out in (
        ([raw], raw),
        ([raw], alias),
        ([raw.parent], alias),
        ([str(tmp_path / "raw" / "*.jsonl")], alias),
    ):
        with pytest.raises(IngestError, match="--out is one of the inputs"):
            import_tweets(paths, out)
    assert _digest(raw) == before
    assert sorted(p.name for p in raw.parent.iterdir()) == ["tweets.jsonl", "tweets.parquet"]  # nothing written


def test_cli_refuses_out_equal_to_input(tmp_path: Path, v1_lines: list[bytes], capsys: pytest.CaptureFixture) -> None:
    raw = tmp_path / "raw.jsonl"
    raw.write_bytes(b"".join(v1_lines))
    assert main(["import", str(raw), "--out", str(raw)]) == 1
    err = capsys.readouterr().err
    assert "--out is one of the inputs" in err and "Traceback" not in err
    assert raw.read_bytes() == b"".join(v1_lines)


def test_out_folder_and_unwritable_location(
    tmp_path: Path, v1_lines: list[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw.jsonl"
    raw.write_bytes(b"".join(v1_lines))
    with pytest.raises(IngestError, match="--out is a folder"):
        import_tweets([raw], tmp_path)
    with pytest.raises(IngestError, match="cannot write the output there"):
        import_tweets([raw], raw / "out.parquet")  # a file where a folder should be

    def read_only(*args: object, **kwargs: object) -> str:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("kit.ingest.pipeline.tempfile.mkdtemp", read_only)
    with pytest.raises(IngestError, match="Read-only file system"):
        import_tweets([raw], tmp_path / "out.parquet")
    assert not (tmp_path / "out.parquet").exists()


def test_disk_full_keeps_the_previous_output(
    tmp_path: Path, v1_lines: list[bytes], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    raw = tmp_path / "raw.jsonl"
    raw.write_bytes(b"".join(v1_lines))
    out = tmp_path / "out.parquet"
    import_tweets([raw], out)
    before = _digest(out)

    def full(self: object, raw_frame: object, seq: int, path: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(kit.ingest.sink.Sink, "_finish", full)
    assert main(["import", str(raw), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and str(out) in err and "previous file is unchanged" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert _digest(out) == before
    assert _siblings(out) == []


# --- compressed streams cut short -------------------------------------------------------------------
def _gzip_cut_at_line(lines: list[bytes], keep: int) -> bytes:
    """A gzip stream of ``lines`` cut right after line ``keep`` (each line ends a full flush)."""
    comp = zlib.compressobj(wbits=31)
    data = b""
    for i, line in enumerate(lines):
        data += comp.compress(line) + comp.flush(zlib.Z_FULL_FLUSH)
        if i + 1 == keep:
            return data
    raise AssertionError("keep beyond the lines")


def test_gzip_cut_at_a_line_boundary_is_reported(
    tmp_path: Path, v1_lines: list[bytes], capsys: pytest.CaptureFixture
) -> None:
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(_gzip_cut_at_line(v1_lines, 10))
    out = tmp_path / "out.parquet"
    report = import_tweets([cut], out)
    assert sorted(pl.read_parquet(out)["tweet_id"].to_list()) == sorted(_ids(v1_lines[:10]))
    assert report.skipped == {}
    assert any(str(cut) in w and "unexpected end of compressed stream" in w for w in report.warnings)
    assert main(["import", str(cut), "--out", str(tmp_path / "strict.parquet"), "--strict"]) == 1
    assert "unexpected end of compressed stream" in capsys.readouterr().err
    assert not (tmp_path / "strict.parquet").exists()
    whole = tmp_path / "whole.jsonl.gz"
    whole.write_bytes(gzip.compress(b"".join(v1_lines)))
    assert import_tweets([whole], tmp_path / "whole.parquet").warnings == []  # an intact stream: no warning


@pytest.mark.parametrize("compress", [lambda b: bz2.compress(b, compresslevel=1), lzma.compress], ids=["bz2", "xz"])
def test_bz2_and_xz_cut_short_are_read_to_the_cut(tmp_path: Path, v1_lines: list[bytes], compress: object) -> None:
    data = compress(b"".join(v1_lines * 20))  # type: ignore[operator]
    cut = tmp_path / "cut.data"
    cut.write_bytes(data[: len(data) * 3 // 4])
    report = import_tweets([cut], tmp_path / "out.parquet")
    assert report.tweets_read > 0
    assert any("unexpected end of compressed stream" in w and str(cut) in w for w in report.warnings)
    with pytest.raises(IngestError, match="--strict: .*(unexpected end of compressed stream|truncated last line)"):
        import_tweets([cut], tmp_path / "strict.parquet", strict=True)


def test_gzip_cut_in_the_parallel_segment_path(
    tmp_path: Path, v1_lines: list[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worker processes read a compressed file from segments the main process inflates: the cut is
    seen there and reported the same way."""
    monkeypatch.setenv("KIT_IMPORT_WORKERS", "2")
    monkeypatch.setenv("KIT_PARALLEL_MIN_BYTES", "1")
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(_gzip_cut_at_line(v1_lines, 12))
    report = import_tweets([cut], tmp_path / "out.parquet")
    assert sorted(pl.read_parquet(tmp_path / "out.parquet")["tweet_id"].to_list()) == sorted(_ids(v1_lines[:12]))
    assert any("unexpected end of compressed stream" in w and str(cut) in w for w in report.warnings)


def test_corrupt_bz2_is_one_clear_line(tmp_path: Path, v1_lines: list[bytes], capsys: pytest.CaptureFixture) -> None:
    bad = tmp_path / "bad.jsonl.bz2"
    data = bytearray(bz2.compress(b"".join(v1_lines)))
    data[40:60] = b"\x00" * 20
    bad.write_bytes(bytes(data))
    out = tmp_path / "out.parquet"
    assert main(["import", str(bad), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "damaged" in err and "Traceback" not in err
    assert not out.exists() and _siblings(out) == []


# --- sniffing and odd files -------------------------------------------------------------------------
def test_a_nul_byte_in_a_csv_head_keeps_its_tweets(tmp_path: Path, twarc_csv: Path) -> None:
    data = twarc_csv.read_bytes()
    at = data.index(b"\n") + 200
    assert at < 4096
    flawed = tmp_path / "flawed.csv"
    flawed.write_bytes(data[:at] + b"\x00" + data[at:])
    assert sniff_head(flawed.read_bytes()[:65536]) == "csv"
    report = import_tweets([flawed], tmp_path / "out.parquet")
    clean = import_tweets([twarc_csv], tmp_path / "clean.parquet")
    assert report.tweets_written == clean.tweets_written == 100
    assert (
        pl.read_parquet(tmp_path / "out.parquet")["tweet_id"].sort().to_list()
        == pl.read_parquet(tmp_path / "clean.parquet")["tweet_id"].sort().to_list()
    )
    assert sniff_head(bytes(range(256)) * 16) == "binary"  # real binary data still is


def test_ff_fe_file_that_is_not_utf16_is_named_and_skipped(
    tmp_path: Path, v1_lines: list[bytes], capsys: pytest.CaptureFixture
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_bytes(b"".join(v1_lines))
    odd = folder / "b.jsonl"
    odd.write_bytes(b'\xff\xfe{\x00"\x00i')  # a BOM, then an odd number of bytes: not UTF-16
    out = tmp_path / "out.parquet"
    report = import_tweets([folder], out)
    assert sorted(pl.read_parquet(out)["tweet_id"].to_list()) == sorted(_ids(v1_lines))
    entry = next(f for f in report.files if f.path == str(odd))
    assert entry.kind == "refused" and "UTF-16" in (entry.note or "")
    assert any(str(odd) in w for w in report.warnings)
    assert main(["import", str(folder), "--out", str(tmp_path / "strict.parquet"), "--strict"]) == 1
    assert "UTF-16" in capsys.readouterr().err


def test_damaged_json_cell_in_a_csv_skips_that_record(tmp_path: Path, twarc_csv: Path) -> None:
    table = pl.read_csv(twarc_csv, infer_schema=False)
    victim = table["id"][3]
    damaged = table.with_columns(
        pl.when(pl.col("id") == victim)
        .then(pl.lit('["#brexit", '))
        .otherwise(pl.col("entities.hashtags"))
        .alias("entities.hashtags")
    )
    path = tmp_path / "damaged.csv"
    damaged.write_csv(path)
    report = import_tweets([path], tmp_path / "out.parquet")
    ids = pl.read_parquet(tmp_path / "out.parquet")["tweet_id"].to_list()
    assert len(ids) == 99 and victim not in ids
    assert report.skipped_total == 1
    (rec,) = report.skipped_records
    assert rec["line"] == 5 and rec["excerpt"] == victim and "damaged cell" in rec["reason"]


def test_deep_nesting_is_a_counted_skip(tmp_path: Path, v1_lines: list[bytes]) -> None:
    good = v1_lines[0]
    deep_line = b"[" * 1000 + b"]" * 1000 + b"\n"  # parses (orjson allows 1024 levels) but recurses
    nested = b'{"data": [{"id": "1", "text": "x", "a": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_001 + b"]}\n"
    lines = tmp_path / "lines.jsonl"
    lines.write_bytes(good + deep_line + v1_lines[1] + nested + v1_lines[2])  # the typed fast path is warm
    report = import_tweets([lines], tmp_path / "out.parquet")
    assert sorted(pl.read_parquet(tmp_path / "out.parquet")["tweet_id"].to_list()) == sorted(_ids(v1_lines[:3]))
    assert report.skipped_total == 2 and [r["line"] for r in report.skipped_records] == [2, 4]
    doc = tmp_path / "doc.json"  # a pretty-printed document too deep for the parsers
    doc.write_text("[\n" * 3000 + "]\n" * 3000)
    with pytest.raises(IngestError, match="JSON nested too deeply"):
        import_tweets([doc], tmp_path / "doc.parquet")


# --- printing user text -----------------------------------------------------------------------------
def test_rich_markup_in_names_and_lines_prints_as_text(
    tmp_path: Path, v1_lines: list[bytes], capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    folder = tmp_path / "d["
    folder.mkdir()
    path = folder / "y].jsonl"
    path.write_bytes(v1_lines[0] + b"[/red] not json [bold]\n")
    out = tmp_path / "out.parquet"
    assert main(["import", str(path), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert f"{path}:" in text and f"({path}:2)" in text
    report = ImportReport(out="[/y]", warnings=["[/red] odd"])
    report.skip("[b]x[/b].jsonl", 1, "reason [/i]")
    from rich.console import Console

    console = Console(record=True, width=400)
    console.print(render(report))
    shown = console.export_text()
    assert "[/y]" in shown and "[/red] odd" in shown and "[b]x[/b].jsonl:1" in shown and "reason [/i]" in shown
    assert main(["import", str(tmp_path / "none[/x].jsonl"), "--out", str(out)]) == 1
    assert "none[/x].jsonl" in capsys.readouterr().err


def test_unexpected_errors_are_one_line_and_debug_shows_the_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom [/red]\nsecond line")

    monkeypatch.setattr("kit.ingest.pipeline.import_tweets", boom)
    assert main(["import", "x.jsonl", "--out", str(tmp_path / "o.parquet")]) == 1
    err = capsys.readouterr().err
    assert err.strip() == ("kit import: error: RuntimeError: boom [/red] (run again with --debug to see the traceback)")
    assert main(["import", "x.jsonl", "--out", str(tmp_path / "o.parquet"), "--debug"]) == 1
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "RuntimeError: boom" in err
    assert main(["--debug", "import", "x.jsonl", "--out", str(tmp_path / "o.parquet")]) == 1
    assert "Traceback (most recent call last)" in capsys.readouterr().err


# --- processes and leftovers ------------------------------------------------------------------------
def test_sweep_stale_removes_only_dead_imports_leftovers(tmp_path: Path) -> None:
    out = tmp_path / "t.parquet"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".t.parquet.parts.{dead.pid}.abc"
    live = tmp_path / f".t.parquet.parts.{os.getppid()}.def"
    for folder in (stale, live):
        folder.mkdir()
        (folder / "part-00000.parquet").write_bytes(b"x")
    tmp = tmp_path / ".t.parquet.x1y2.tmp"
    tmp.write_bytes(b"x")
    other = tmp_path / ".other.parquet.x1y2.tmp"
    other.write_bytes(b"x")
    assert sweep_stale(out) == [stale]  # another import still runs: its temporary file stays
    assert live.exists() and tmp.exists()
    shutil.rmtree(live)
    assert sweep_stale(out) == [tmp]
    assert other.exists()


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has exited


def _wait(condition: object, limit: float = 60.0) -> bool:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


@pytest.fixture(scope="module")
def big_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20,000 synthetic v2 tweets, uncompressed (28 MB): an import that keeps its workers busy."""
    from kit.sample import generate_sample

    folder = tmp_path_factory.mktemp("big")
    return generate_sample(20_000, seed=3, fmt="v2", out=folder / "big.jsonl").raw_path


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to find worker processes")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_killed_import_leaves_no_workers_and_the_next_import_sweeps(
    tmp_path: Path, big_raw: Path, how: signal.Signals
) -> None:
    out = tmp_path / "out.parquet"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KIT_IMPORT_WORKERS": "2", "KIT_PARALLEL_MIN_BYTES": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kit.cli", "import", str(big_raw), "--out", str(out)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    workers: set[int] = set()

    def running() -> bool:
        workers.update(_children(proc.pid))
        return len(workers) >= 2 and any(".parts." in name for name in _siblings(out))

    assert _wait(running), "the import never started its workers"
    proc.send_signal(how)
    proc.wait(timeout=60)
    assert _wait(lambda: not any(_alive(pid) for pid in workers)), "worker processes outlived the import"
    assert not out.exists()
    if how == signal.SIGTERM:  # terminated: it cleaned up itself
        assert proc.returncode == 128 + signal.SIGTERM and _siblings(out) == []
    else:
        assert any(".parts." in name for name in _siblings(out))  # left behind by kill -9
    report = import_tweets([big_raw], out)
    assert report.tweets_written == 20_000 and _siblings(out) == []


# --- privacy ----------------------------------------------------------------------------------------
def test_salt_file_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kit.privacy import project_salt

    monkeypatch.delenv("KIT_SALT", raising=False)
    monkeypatch.setenv("KIT_HOME", str(tmp_path))
    old = os.umask(0o022)
    try:
        salt = project_salt()
    finally:
        os.umask(old)
    path = tmp_path / ".kit-salt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().strip() == salt and [p.name for p in tmp_path.iterdir()] == [".kit-salt"]


def test_project_root_of_an_installed_kit_is_the_working_directory(tmp_path: Path) -> None:
    """A kit installed in site-packages, run from a folder that is not a checkout: root, salt and
    reports land in that folder, and pseudonyms do not depend on where the kit was installed."""
    shown = {}
    for place in ("site-a", "site-b"):
        site = tmp_path / place / "site-packages"
        shutil.copytree(ROOT / "kit", site / "kit", ignore=shutil.ignore_patterns("__pycache__"))
        work = tmp_path / "work"
        work.mkdir(exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k not in ("KIT_HOME", "KIT_SALT", "PYTHONPATH")}
        code = (
            "from kit import config, privacy; print(config.project_root()); print(config.reports_dir()); "
            "print(privacy.pseudonym('someone'))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=work,
            env={**env, "PYTHONPATH": str(site)},
            capture_output=True,
            text=True,
            check=True,
        )
        root, reports, shown[place] = done.stdout.split()
        assert Path(root) == work.resolve() and Path(reports) == work.resolve() / "reports"
        assert (work / ".kit-salt").is_file() and not list(site.glob("**/.kit-salt"))
    assert shown["site-a"] == shown["site-b"]


def _hostile_frame() -> pl.DataFrame:
    from kit.schema import from_records

    return from_records(
        [
            {
                "tweet_id": "1",
                "created_at": "2014-05-24T10:05:00Z",
                "author_id": "a1",
                "author_username": "dee",
                "author_name": "=cmd|' /C calc'!A0",
                "mentions": ["bob"],
                "author_followers": 4_000,
                "text": '=HYPERLINK("http://evil.example","click") ＠Bob and @bob',
            },
            {
                "tweet_id": "2",
                "created_at": "2014-05-24T10:06:00Z",
                "author_id": "a1",
                "author_username": "Dee",
                "mentions": ["ann"],
                "author_followers": 6_000,
                "text": "@ann +1 for this",
            },
            {
                "tweet_id": "3",
                "created_at": "2014-05-24T10:07:00Z",
                "author_id": "b1",
                "author_username": "bob",
                "mentions": ["dee"],
                "author_followers": 100,
                "text": "-2+3 \tok ＠dee",
            },
            {
                "tweet_id": "4",
                "created_at": "2014-05-24T10:08:00Z",
                "author_id": "c1",
                "author_username": "ann",
                "author_followers": 7_000,
                "text": "\rstart @Dee",
            },
        ]
    )


def test_spreadsheet_safe_prefixes_formula_cells() -> None:
    from kit.privacy import spreadsheet_safe

    frame = pl.DataFrame({"t": ["=1+2", "+1", "-1", "@a", "\tx", "\rx", "ok = 1", "", None], "n": list(range(-4, 5))})
    safe = spreadsheet_safe(frame)
    assert safe["t"].to_list() == ["'=1+2", "'+1", "'-1", "'@a", "'\tx", "'\rx", "ok = 1", "", None]
    assert safe["n"].to_list() == list(range(-4, 5))  # numbers are not formulas


def test_coding_sample_csv_is_spreadsheet_safe_and_consistent(tmp_path: Path) -> None:
    import csv

    from kit.describe import coding_sample, write_coding_sample
    from kit.privacy import pseudonym

    sample = coding_sample(_hostile_frame(), 10, salt="s", threshold=5_000)
    rows = {r["tweet_id"]: r for r in sample.iter_rows(named=True)}
    bob = pseudonym("bob", salt="s")
    # fullwidth ＠ is masked like @; bob (100 followers) hidden everywhere
    assert rows["1"]["text"] == f'=HYPERLINK("http://evil.example","click") ＠{bob} and @{bob}'
    assert rows["3"]["author"] == bob
    # dee: 4,000 followers on one tweet, 6,000 on another: decided once (the highest), shown as a handle
    assert rows["1"]["author"] == "dee" and rows["2"]["author"] == "Dee"
    assert rows["3"]["text"].endswith("＠dee") and rows["4"]["text"] == "\rstart @Dee"
    path = write_coding_sample(sample, tmp_path / "sample.csv")
    with open(path, newline="", encoding="utf-8") as fh:
        text = {r["tweet_id"]: r["text"] for r in csv.DictReader(fh)}
    assert text["1"].startswith("'=HYPERLINK(") and text["2"] == "'@ann +1 for this"
    assert text["3"].startswith("'-2+3") and text["4"] == "'\rstart @Dee"


def test_pseudonymize_decides_once_per_account() -> None:
    from kit.privacy import pseudonym, pseudonymize

    df = pl.DataFrame({"author_username": ["Dee", "dee", "bob"], "author_followers": [6_000, 4_000, None]})
    assert pseudonymize(df, salt="s", threshold=5_000)["author_username"].to_list() == [
        "Dee",
        "dee",
        pseudonym("bob", salt="s"),
    ]


def test_network_csv_export_is_spreadsheet_safe(tmp_path: Path) -> None:
    from kit.networks import export_network, network

    net = network(_hostile_frame(), "mention", with_betweenness=False)
    edges, nodes = export_network(net, tmp_path / "net.csv", pseudonyms=False)
    shown = dict(pl.read_csv(nodes, infer_schema=False).select("Label", "display_name").rows())
    assert shown["Dee"] == "'=cmd|' /C calc'!A0"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.csv", "net.nodes.csv"]
