"""Fault injection by property-based testing (Hypothesis): mutated real tweet lines fed to the import.

Real v1.1 statuses (tweepy's cassette) and flattened v2 tweets (twarc-csv's ``flat.jsonl``) are cut,
have bytes flipped, fields swapped to other JSON types, values nested deeply and odd Unicode
inserted. Whatever the mutation, the import keeps its invariants:

- it returns a report or refuses with :class:`IngestError` (one clear message), never anything else;
- every non-blank input line is accounted for: a tweet row, a counted skip, a counted notice or
  non-tweet record;
- ``tweet_id`` is never a float-looking string;
- a failed (``strict``) import leaves the previous output byte for byte.

Runs are deterministic (``derandomize=True``, no example database) so CI sees the same examples.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import orjson
import polars as pl
import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is in the dev extra")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kit.ingest import import_tweets  # noqa: E402
from kit.ingest.report import IngestError  # noqa: E402

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
ODD_TEXT = [
    "\u2028",
    "\u2029",
    "\x00",
    "\ud800",
    "\udfff",
    "\u202e",
    "＠ann",
    "＃tag",
    "e\u0301",
    "👩\u200d👩\u200d👧",
    "\ufeff",
    "[/red]",
    "\r",
    "\x85",
    "💥" * 50,
]
#: Nesting depths tried. A field value nested a few hundred lists deep (parsed: orjson allows 1024)
#: would make polars' Series construction take minutes (~depth^3: 600 deep ~ 45 s); the sink
#: refuses such rows before building columns (kit.ingest.rows.odd_rows), so 600 is tried here.
NEST_DEPTHS = [20, 50, 600, 1000, 1100, 5000]
FLOATISH = r"^[0-9]*[.,][0-9]*$|[eE][+-]?[0-9]+$"


class Lines(list):
    """Lines with a short repr (Hypothesis prints the test's arguments on a failure)."""

    def __repr__(self) -> str:
        return f"<{len(self)} real tweet lines>"


def _load(shared: Path) -> Lines:
    statuses = json.loads((shared / "tweepy/cassettes-extracted/testhometimeline__0.json").read_bytes())
    flat = [ln for ln in (shared / "twarc-csv/test-data/flat.jsonl").read_bytes().splitlines() if ln.strip()]
    return Lines([orjson.dumps(s) for s in statuses[:8]] + flat[:6])


@pytest.fixture(scope="module")
def real_lines(shared_fixtures: Path) -> list[bytes]:
    """Real tweet records, one per line: 8 v1.1 statuses and 6 flattened v2 tweets."""
    return _load(shared_fixtures)


# --- mutations -------------------------------------------------------------------------------------
def _paths(obj: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside ``obj`` (dict keys and list indexes)."""
    out = [prefix] if prefix else []
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj[:3]):
            out += _paths(v, (*prefix, i))
    return out


def _set(obj: Any, path: tuple, value: Any) -> None:
    for key in path[:-1]:
        obj = obj[key]
    obj[path[-1]] = value


@st.composite
def mutated_line(draw: st.DrawFn, lines: list[bytes]) -> bytes:
    """One real line, mutated once or twice."""
    line = draw(st.sampled_from(lines))
    for _ in range(draw(st.integers(1, 2))):
        how = draw(st.sampled_from(["truncate", "flip", "swap", "nest", "unicode"]))
        if how == "truncate":
            line = line[: draw(st.integers(0, max(0, len(line) - 1)))]
        elif how == "flip":
            data = bytearray(line)
            for _ in range(draw(st.integers(1, 4))):
                if data:
                    data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
            line = bytes(data).replace(b"\n", b" ")
        else:
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            paths = _paths(obj)
            if not paths:
                continue
            path = draw(st.sampled_from(paths))
            if how == "swap":
                kinds = [None, True, 0, -1, 2**70, "", "x", [], [1, "a"], {}, {"id": 1}, 1.5, 1e300]
                _set(obj, path, draw(st.sampled_from(kinds)))
                line = json.dumps(obj).encode()
            elif how == "nest":  # a value nested in lists, or the whole record deeper than the parsers go
                depth = draw(st.sampled_from(NEST_DEPTHS))
                if depth > 1024:
                    line = b"[" * depth + json.dumps(obj).encode() + b"]" * depth
                    continue
                deep = "[" * depth + json.dumps(obj_at(obj, path)) + "]" * depth
                _set(obj, path, "__DEEP__")
                line = json.dumps(obj).replace('"__DEEP__"', deep, 1).encode()
            else:
                text_paths = [p for p in paths if isinstance(obj_at(obj, p), str)]
                if not text_paths:
                    continue
                target = draw(st.sampled_from(text_paths))
                value = obj_at(obj, target)
                at = draw(st.integers(0, len(value)))
                _set(obj, target, value[:at] + draw(st.sampled_from(ODD_TEXT)) + value[at:])
                line = json.dumps(obj, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    return line.replace(b"\n", b" ")


def obj_at(obj: Any, path: tuple) -> Any:
    for key in path:
        obj = obj[key]
    return obj


# --- invariants ------------------------------------------------------------------------------------
def _check(report: Any, lines: list[bytes], out: Path) -> None:
    accounted = (
        report.tweets_read + report.skipped_total + sum(report.non_tweet.values()) + sum(report.notices.values())
    )
    nonblank = sum(1 for ln in lines if ln.strip())
    assert accounted >= nonblank, (accounted, nonblank, report.to_dict())
    table = pl.read_parquet(out)
    assert table.height == report.tweets_written == report.tweets_read - report.duplicates_merged
    assert table["tweet_id"].null_count() == 0
    floaty = table.filter(pl.col("tweet_id").str.contains(FLOATISH))["tweet_id"].to_list()
    assert not floaty, floaty


def _import(tmp: Path, lines: list[bytes], name: str, **kwargs: Any) -> tuple[Any, Path]:
    raw = tmp / f"{name}.jsonl"
    raw.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp / f"{name}.parquet"
    return import_tweets([raw], out, **kwargs), out


def test_mutations_are_effective(real_lines: list[bytes]) -> None:
    """The strategy really damages lines (a fuzzer that changes nothing would prove nothing)."""
    from hypothesis import find

    assert find(mutated_line(real_lines), lambda ln: ln not in real_lines, settings=FUZZ) not in real_lines
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads(find(mutated_line(real_lines), lambda ln: b"[" * 1100 in ln, settings=FUZZ))


@settings(FUZZ, max_examples=25)
@given(data=st.data())
def test_mutated_lines_are_rows_or_counted_skips(
    real_lines: list[bytes], tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    bad = data.draw(st.lists(mutated_line(real_lines), min_size=1, max_size=4), label="mutated")
    lines = [real_lines[0], *bad]  # one intact tweet: the import always has something to write
    report, out = _import(tmp_path_factory.mktemp("fuzz"), lines, "mixed")
    _check(report, lines, out)
    assert orjson.loads(real_lines[0]).get("id_str", orjson.loads(real_lines[0]).get("id")) in (
        pl.read_parquet(out)["tweet_id"].to_list()
    )


@pytest.mark.slow
@settings(FUZZ, max_examples=60)
@given(data=st.data())
def test_failed_strict_import_keeps_the_previous_output(
    real_lines: list[bytes], tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    tmp = tmp_path_factory.mktemp("strict")
    _, out = _import(tmp, real_lines, "tweets")
    before = hashlib.sha256(out.read_bytes()).hexdigest()
    bad = data.draw(st.lists(mutated_line(real_lines), min_size=1, max_size=6), label="mutated")
    lines = [*real_lines, *bad]
    raw = tmp / "tweets.jsonl"
    raw.write_bytes(b"\n".join(lines) + b"\n")
    try:
        report = import_tweets([raw], out, strict=True)
    except IngestError as exc:
        assert str(exc).startswith("--strict") or "no tweets" in str(exc)
        assert hashlib.sha256(out.read_bytes()).hexdigest() == before
        assert sorted(p.name for p in tmp.iterdir()) == ["tweets.import.json", "tweets.jsonl", "tweets.parquet"]
    else:
        assert report.skipped_total == 0
        _check(report, lines, out)


@pytest.mark.slow
@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_cli_never_shows_a_traceback(
    real_lines: list[bytes],
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture,
    data: st.DataObject,
) -> None:
    from kit.cli import main

    tmp = tmp_path_factory.mktemp("cli")
    bad = data.draw(st.lists(mutated_line(real_lines), min_size=1, max_size=5), label="mutated")
    (tmp / "in[").mkdir()
    raw = tmp / "in[/b].jsonl"  # rich markup in the file name, too
    raw.write_bytes(b"\n".join(bad) + b"\n")
    rc = main(["import", str(raw), "--out", str(tmp / "out.parquet")])
    captured = capsys.readouterr()
    assert rc in (0, 1)
    assert "Traceback" not in captured.err + captured.out
    if rc == 1:  # refused with the import's own message, not the catch-all for unexpected errors
        assert captured.err.startswith("kit import: refused"), captured.err


@pytest.mark.parametrize("fast", ["1", "0"])
def test_deeply_nested_field_is_a_counted_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast: str) -> None:
    """A value 600 lists deep where one string belongs is refused before the columns are built
    (it used to take polars ~45 s), on the typed fast path and the orjson path alike."""
    monkeypatch.setenv("KIT_FAST_JSON", fast)
    good = {
        "id": "1445078208190291968",
        "text": "Ein Tweet #IchBinHanna",
        "author_id": "9",
        "lang": "de",
        "created_at": "2021-10-04T17:00:00.000Z",
        "edit_history_tweet_ids": ["1445078208190291968"],
    }
    deep = "[" * 600 + '"x"' + "]" * 600
    bad = json.dumps({**good, "id": "1445078208190291969", "text": "__DEEP__"}).replace('"__DEEP__"', deep)
    odd_id = json.dumps({**good, "id": "1445078208190291970", "author_id": [[["9"]]]})
    src = tmp_path / "deep.jsonl"
    src.write_text("\n".join([json.dumps(good), bad, odd_id]) + "\n", encoding="utf-8")
    report = import_tweets([src], tmp_path / "out.parquet")
    table = pl.read_parquet(tmp_path / "out.parquet")
    assert table["tweet_id"].to_list() == ["1445078208190291968"]
    assert table["text"].to_list() == ["Ein Tweet #IchBinHanna"]
    reasons = {r["line"]: r["reason"] for r in report.skipped_records}
    assert reasons[2] == "tweet record with fields of unexpected types (text: list)"
    assert reasons[3].startswith("tweet record with fields of unexpected types (")  # a builder or the sink
    assert sorted(reasons) == [2, 3]
