"""Dedup, deletions, bad input, atomic writes, the import report and ``kit import`` end to end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import polars as pl
import pytest

from kit.cli import main
from kit.ingest import IngestError, import_tweets, read_tweets, report_path
from kit.schema import validate


def status(tid: int, text: str = "hello #YesAllWomen", **extra: Any) -> dict[str, Any]:
    """A v1.1 status as twarc 1.x writes it."""
    return {
        "created_at": "Sat May 24 18:02:00 +0000 2014",
        "id": tid,
        "id_str": str(tid),
        "text": text,
        "entities": {"hashtags": [{"text": "YesAllWomen"}], "user_mentions": [], "urls": []},
        "user": {"id_str": "11", "screen_name": "alice", "name": "Alice", "followers_count": 5},
        "lang": "en",
        "retweet_count": 0,
        "favorite_count": 0,
        **extra,
    }


def jsonl(path: Path, objs: list[Any], tail: bytes = b"") -> Path:
    path.write_bytes(b"".join(orjson.dumps(o) + b"\n" for o in objs) + tail)
    return path


# -- dedup and overlap -----------------------------------------------------------------------------
def test_overlapping_files_give_the_union_without_duplicates(tmp_path: Path) -> None:
    a = jsonl(tmp_path / "a.jsonl", [status(i) for i in range(1, 6)])
    b = jsonl(tmp_path / "b.jsonl", [status(i) for i in range(4, 9)])
    report = import_tweets([a, b], tmp_path / "t.parquet")
    frame = validate(pl.read_parquet(tmp_path / "t.parquet"))
    assert sorted(frame["tweet_id"], key=int) == [str(i) for i in range(1, 9)]
    assert (report.tweets_read, report.tweets_written, report.duplicates_merged) == (10, 8, 2)
    # order follows the input; a tweet seen twice keeps its first file
    assert frame["tweet_id"].to_list()[:3] == ["1", "2", "3"]
    assert frame.filter(pl.col("tweet_id") == "4")["source_file"].to_list() == [str(a)]


def test_dedup_prefers_the_more_complete_record(tmp_path: Path) -> None:
    no_user = status(7)
    no_user.pop("user")
    a = jsonl(tmp_path / "a.jsonl", [no_user])
    b = jsonl(tmp_path / "b.jsonl", [status(7)])
    row = read_tweets([a, b]).row(0, named=True)
    assert row["author_username"] == "alice" and row["source_file"] == str(b)


def test_dedup_across_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kit.ingest.sink as sink

    monkeypatch.setattr(sink, "CHUNK_ROWS", 3)
    path = jsonl(tmp_path / "a.jsonl", [status(i % 5) for i in range(1, 21)])
    frame = read_tweets(path)
    assert sorted(frame["tweet_id"]) == ["0", "1", "2", "3", "4"]


# -- deletions -----------------------------------------------------------------------------------
def test_apply_deletions_from_notices_and_compliance(tmp_path: Path) -> None:
    stream = jsonl(
        tmp_path / "s.jsonl",
        [status(1), {"delete": {"status": {"id": 2, "id_str": "2", "user_id": 3}}}, status(2), status(3), status(4)],
    )
    compliance = jsonl(
        tmp_path / "c.jsonl",
        [{"id": "3", "action": "delete", "created_at": "2019-09-06T17:25:54.667Z", "reason": "deleted"}],
    )
    kept = import_tweets([stream, compliance], tmp_path / "all.parquet")
    assert kept.tweets_written == 4 and kept.deletion_ids == 2 and kept.deletions_applied == 0
    applied = import_tweets([stream, compliance], tmp_path / "del.parquet", apply_deletions=True)
    assert sorted(pl.read_parquet(tmp_path / "del.parquet")["tweet_id"]) == ["1", "4"]
    assert applied.deletions_applied == 2


# -- bad input -----------------------------------------------------------------------------------
def test_truncated_stray_and_badly_encoded_lines_are_skipped_and_counted(tmp_path: Path) -> None:
    good = [orjson.dumps(status(i)) for i in range(1, 4)]
    body = (
        good[0]
        + b"\n"
        + b"this is not json\n"
        + good[1]
        + b"\n"
        + b'{"id": 9, "text": "caf\xe9"}\n'
        + good[2]
        + b"\n"
        + good[0][:40]
    )
    path = tmp_path / "s.jsonl"
    path.write_bytes(body)
    report = import_tweets([path], tmp_path / "t.parquet")
    assert report.tweets_written == 3
    assert report.skipped == {
        "unparseable JSON line": 1,
        "invalid UTF-8 (bad encoding)": 1,
        "truncated last line (interrupted write?)": 1,
    }
    lines = sorted((r["line"], r["reason"]) for r in report.skipped_records)
    assert [line for line, _ in lines] == [2, 4, 6]
    saved = json.loads(report_path(tmp_path / "t.parquet").read_text())
    assert saved["skipped_total"] == 3 and saved["tweets_written"] == 3


def test_strict_turns_a_skip_into_an_error_and_writes_nothing(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "s.jsonl", [status(1)], tail=b"oops\n")
    with pytest.raises(IngestError, match=r"strict.*s\.jsonl:2"):
        import_tweets([path], tmp_path / "t.parquet", strict=True)
    assert not (tmp_path / "t.parquet").exists()
    assert not list(tmp_path.glob(".t.parquet*"))  # no temporary parts left behind


def test_v2_errors_do_not_drop_the_page(tmp_path: Path) -> None:
    page = {
        "data": [{"id": "5", "text": "kept", "author_id": "1", "created_at": "2021-09-22T16:37:20.000Z"}],
        "errors": [{"title": "Not Found Error", "detail": "Could not find tweet with id: [7]."}],
    }
    report = import_tweets([jsonl(tmp_path / "p.jsonl", [page])], tmp_path / "t.parquet")
    assert report.tweets_written == 1 and report.page_errors == {"Not Found Error": 1}


def test_float_mangled_id_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text("id,text,created_at,author.username\n1.16925E+18,hi,2021-09-22T16:37:20.000Z,a\n")
    with pytest.raises(IngestError, match=r"1\.16925E\+18.*spreadsheet"):
        import_tweets([path], tmp_path / "t.parquet")
    assert not (tmp_path / "t.parquet").exists()


def test_non_tweet_files_are_named_not_read_as_zero_tweets(tmp_path: Path) -> None:
    counts = jsonl(
        tmp_path / "counts.jsonl",
        [{"data": [{"end": "b", "start": "a", "tweet_count": 3}], "meta": {"total_tweet_count": 3}}],
    )
    users = jsonl(tmp_path / "users.jsonl", [{"data": [{"id": "1", "username": "a", "name": "A"}]}])
    ids = tmp_path / "ids.txt"
    ids.write_text("tweet_id\n1169246717864136705\n1169246717864136706\n")
    empty = tmp_path / "empty.json"
    empty.write_text("")
    tweets = jsonl(tmp_path / "t.jsonl", [status(1)])
    report = import_tweets([counts, users, ids, empty, tweets], tmp_path / "t.parquet")
    assert report.non_tweet_files == {str(counts): "counts", str(users): "users", str(ids): "ids", str(empty): "empty"}
    assert report.non_tweet["ids"] == 2 and report.tweets_written == 1
    with pytest.raises(IngestError, match="no tweets found.*hydrate"):
        import_tweets([ids], tmp_path / "ids.parquet")


def test_a_failed_write_never_replaces_a_good_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "t.parquet"
    import_tweets([jsonl(tmp_path / "a.jsonl", [status(1), status(2)])], out)
    good = out.read_bytes()

    def crash(self: pl.LazyFrame, path: Any, **kwargs: Any) -> None:
        Path(path).write_bytes(b"PAR1 half a file")
        raise OSError("disk full")

    monkeypatch.setattr(pl.LazyFrame, "sink_parquet", crash)
    with pytest.raises(OSError, match="disk full"):
        import_tweets([jsonl(tmp_path / "b.jsonl", [status(3)])], out)
    assert out.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl", "b.jsonl", "t.import.json", "t.parquet"]


def test_refused_input_leaves_an_existing_table_alone(tmp_path: Path) -> None:
    out = tmp_path / "t.parquet"
    import_tweets([jsonl(tmp_path / "a.jsonl", [status(1)])], out)
    before = out.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("id,text\n1.2E+18,x\n")
    with pytest.raises(IngestError):
        import_tweets([tmp_path / "a.jsonl", bad], out)
    assert out.read_bytes() == before


# -- the command ---------------------------------------------------------------------------------
def test_cli_import_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = jsonl(tmp_path / "a.jsonl", [status(1), status(2)], tail=b'{"id": 3, "te')
    ids = tmp_path / "ids.txt"
    ids.write_text("1169246717864136705\n1169246717864136706\n")
    out = tmp_path / "out" / "yaw.parquet"
    assert main(["import", str(src), str(ids), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Imported 2 tweets" in text and "truncated last line" in text and f"{src}:3" in text
    assert f"{ids}: no tweets — a tweet-ID list" in text
    assert main(["import", str(src), "--out", str(out)]) == 0
    capsys.readouterr()
    assert validate(pl.read_parquet(out)).height == 2
    assert json.loads((tmp_path / "out" / "yaw.import.json").read_text())["lines_read"] == 3
    assert main(["import", str(src), "--out", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tweets_written"] == 2
    assert main(["import", str(src), "--out", str(out), "--quiet"]) == 0
    assert capsys.readouterr().out == ""


def test_cli_refusals_exit_nonzero_with_an_explanation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = jsonl(tmp_path / "a.jsonl", [status(1)], tail=b"garbage\n")
    assert main(["import", str(src), "--out", str(tmp_path / "t.parquet"), "--strict"]) == 1
    assert "strict" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("id,text\n1.16925E+18,x\n")
    assert main(["import", str(bad), "--out", str(tmp_path / "t.parquet")]) == 1
    assert "spreadsheet" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "t.parquet")]) == 1
    assert "no such file" in capsys.readouterr().err


# -- the synthetic corpus with planted truth -----------------------------------------------------
@pytest.mark.parametrize("name", ["synthetic", "synthetic_v1"])
def test_synthetic_corpus_matches_its_planted_truth(request: pytest.FixtureRequest, name: str) -> None:
    corpus = request.getfixturevalue(name)
    tweets, truth = validate(corpus.tweets), corpus.truth
    assert tweets.height == truth.height == 4_000
    joined = tweets.join(truth, on="tweet_id", suffix="_truth")
    assert joined.height == truth.height
    for column in (
        "author_id",
        "author_username",
        "created_at",
        "is_retweet",
        "retweeted_id",
        "quoted_id",
        "in_reply_to_id",
        "lang",
    ):
        same = (joined[column] == joined[f"{column}_truth"]) | (
            joined[column].is_null() & joined[f"{column}_truth"].is_null()
        )
        assert same.all(), column
    planted = joined["hashtags_truth"].list.eval(pl.element().str.to_lowercase()).list.sort()
    assert (joined["hashtags"].list.sort() == planted).all()
    rts = tweets.filter("is_retweet")
    assert rts.height > 0 and not rts["text"].str.starts_with("RT @").any()


# -- several cores ---------------------------------------------------------------------------------
def test_parallel_batches_give_the_same_table_as_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kit.ingest.parallel as parallel
    import kit.ingest.workers

    objs: list[Any] = [status(i % 700) for i in range(1, 1201)]  # 500 duplicates across batches
    objs[300] = {"delete": {"status": {"id_str": "5", "id": 5, "user_id": 1}}}
    path = jsonl(tmp_path / "big.jsonl", objs, tail=b"not json\n" + orjson.dumps(status(9999))[:30])
    serial = import_tweets([path], tmp_path / "serial.parquet", apply_deletions=True)
    monkeypatch.setenv("KIT_IMPORT_WORKERS", "2")
    monkeypatch.setattr(kit.ingest.workers, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(parallel, "BATCH_BYTES", 40_000)  # ~100 lines per batch
    multi = import_tweets([path], tmp_path / "multi.parquet", apply_deletions=True)
    assert pl.read_parquet(tmp_path / "multi.parquet").equals(pl.read_parquet(tmp_path / "serial.parquet"))
    for key in ("tweets_read", "tweets_written", "duplicates_merged", "deletions_applied", "skipped", "notices"):
        assert getattr(multi, key) == getattr(serial, key), key
    assert sorted((r["line"], r["reason"]) for r in multi.skipped_records) == [
        (1201, "unparseable JSON line"),
        (1202, "truncated last line (interrupted write?)"),
    ]
    assert multi.files[0].lines == serial.files[0].lines == 1202


def _v2_page(first: int, n: int) -> dict[str, Any]:
    return {
        "data": [
            {
                "id": str(first + i),
                "text": f"t{first + i} #YesAllWomen",
                "author_id": "9",
                "created_at": "2014-05-24T18:00:00.000Z",
                "entities": {"hashtags": [{"tag": "YesAllWomen"}]},
            }
            for i in range(n)
        ],
        "includes": {"users": [{"id": "9", "username": "nine"}]},
    }


@pytest.mark.parametrize("compressed", [False, True])
def test_workers_read_plain_ranges_and_gzip_segments_like_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compressed: bool
) -> None:
    import gzip

    import kit.ingest.parallel as parallel
    import kit.ingest.workers

    objs: list[Any] = [_v2_page(1000 * i, 50) if i % 3 else status(i % 40) for i in range(1, 301)]
    objs[100] = {
        "data": [
            {"id": "77", "text": "bad tag", "entities": {"hashtags": [{"start": 0}]}},
            *_v2_page(900_000, 3)["data"],
        ]
    }
    body = b"\xef\xbb\xbf" + b"".join(orjson.dumps(o) + b"\n" for o in objs) + b"{cut" + b"\n" + b"\n"
    body += orjson.dumps(status(5555))[:40]  # an interrupted last line, no newline
    path = tmp_path / ("big.jsonl.gz" if compressed else "big.jsonl")
    path.write_bytes(gzip.compress(body) if compressed else body)
    serial = import_tweets([path], tmp_path / "serial.parquet")
    monkeypatch.setenv("KIT_IMPORT_WORKERS", "2")
    monkeypatch.setattr(kit.ingest.workers, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(parallel, "BATCH_BYTES", 50_000)  # many ranges/segments, lines cut across them
    merged: list[int] = []
    original = parallel._merge
    monkeypatch.setattr(parallel, "_merge", lambda *a, **k: merged.append(1) or original(*a, **k))
    multi = import_tweets([path], tmp_path / "multi.parquet")
    assert len(merged) > 10  # the pieces were read by workers
    assert pl.read_parquet(tmp_path / "multi.parquet").equals(pl.read_parquet(tmp_path / "serial.parquet"))
    assert multi.tweets_written == serial.tweets_written == 199 * 50 + 3 + 40
    assert multi.skipped == serial.skipped and multi.files[0].lines == serial.files[0].lines == 303
    lines = sorted(r["line"] for r in multi.skipped_records)
    assert lines == sorted(r["line"] for r in serial.skipped_records) == [101, 301, 303]
    assert not list(tmp_path.glob("**/segment-*")) and not list(tmp_path.glob(".*parts*"))


def test_streamed_output_equals_the_table_written_from_the_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kit.ingest.output as output
    import kit.ingest.sink as sink

    objs = [_v2_page(100 * i, 40) for i in range(30)]
    path = jsonl(tmp_path / "pages.jsonl", objs)
    monkeypatch.setattr(sink, "CHUNK_ROWS", 100)  # many parts
    streamed = import_tweets([path], tmp_path / "streamed.parquet")

    def broken(self: Any, *args: Any) -> Any:
        raise OSError("disk full (simulated)")
        yield  # pragma: no cover

    monkeypatch.setattr(output.StreamingOutput, "_frames", broken)
    rewritten = import_tweets([path], tmp_path / "rewritten.parquet")  # the writer fails: written from parts
    a, b = pl.read_parquet(tmp_path / "streamed.parquet"), pl.read_parquet(tmp_path / "rewritten.parquet")
    assert (
        a.equals(b)
        and a.height == 1200
        and a["tweet_id"].to_list() == [str(100 * i + j) for i in range(30) for j in range(40)]
    )
    assert streamed.tweets_written == rewritten.tweets_written == 1200


def test_csv_rows_without_a_tweet_id_are_skipped_with_their_row(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("id,text,author.username\n5,ok,a\n,no id,b\nabc,junk,c\n6,fine,d\n")
    report = import_tweets([path], tmp_path / "t.parquet")
    assert sorted(pl.read_parquet(tmp_path / "t.parquet")["tweet_id"]) == ["5", "6"]
    assert report.skipped == {"CSV row without a numeric tweet id": 2}
    assert [r["line"] for r in report.skipped_records] == [3, 4]


def test_a_script_without_a_main_guard_still_imports_in_one_process(tmp_path: Path) -> None:
    """Worker processes are spawned; a script that imports at module level cannot start them (the
    child would run the script again). The import falls back to one process and says why."""
    import subprocess
    import sys

    path = jsonl(tmp_path / "t.jsonl", [status(i) for i in range(1, 301)])
    script = tmp_path / "no_guard.py"
    script.write_text(
        "import kit.ingest.parallel as parallel\n"
        "import kit.ingest.workers\nkit.ingest.workers.PARALLEL_MIN_BYTES = 1\n"
        "parallel.BATCH_BYTES = 20_000\n"
        "from kit.ingest import import_tweets\n"
        f"report = import_tweets([{str(path)!r}], {str(tmp_path / 'out.parquet')!r})\n"
        "print('WRITTEN', report.tweets_written)\n"
        "print('WARN', report.warnings)\n"
    )
    env = {**__import__("os").environ, "KIT_IMPORT_WORKERS": "2"}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "WRITTEN 300" in done.stdout
    assert "if __name__" in done.stdout and "one process" in done.stdout
    assert pl.read_parquet(tmp_path / "out.parquet").height == 300


def test_several_large_files_share_one_pool_of_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip

    import kit.ingest.parallel as parallel
    import kit.ingest.workers

    plain = jsonl(tmp_path / "a.jsonl", [_v2_page(1000 * i, 20) for i in range(60)])
    packed = tmp_path / "b.jsonl.gz"
    packed.write_bytes(gzip.compress(b"".join(orjson.dumps(status(i)) + b"\n" for i in range(500, 900))))
    serial = import_tweets([plain, packed], tmp_path / "serial.parquet")
    started: list[int] = []
    original = kit.ingest.workers.WorkerPool.get

    def counting(self: Any) -> Any:
        if self._executor is None:
            started.append(1)
        return original(self)

    monkeypatch.setattr(kit.ingest.workers.WorkerPool, "get", counting)
    monkeypatch.setenv("KIT_IMPORT_WORKERS", "2")
    monkeypatch.setattr(kit.ingest.workers, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(parallel, "BATCH_BYTES", 30_000)
    multi = import_tweets([plain, packed], tmp_path / "multi.parquet")
    assert started == [1]
    assert pl.read_parquet(tmp_path / "multi.parquet").equals(pl.read_parquet(tmp_path / "serial.parquet"))
    assert multi.tweets_written == serial.tweets_written == 60 * 20 + 400
