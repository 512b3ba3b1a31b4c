"""The typed fast path (:mod:`kit.ingest.fast`) gives exactly the table and report of the general route.

Every real fixture file is imported twice, with ``KIT_FAST_JSON`` on and off, and the tables,
import reports (or refusals) are compared; files built here cover the shapes where a typed decoder
could read a record differently from ``dict.get`` (empty objects, nulls, ids as numbers, single
``data`` objects, inline references, mixed files). Counters make sure the fast path really ran.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import polars as pl
import pytest
from conftest import SHARED_FIXTURES

from kit.ingest import fast as fast_json
from kit.ingest import import_tweets
from kit.ingest.report import IngestError

_FIXTURE_FILES = (
    sorted(str(p.relative_to(SHARED_FIXTURES)) for p in SHARED_FIXTURES.rglob("*") if p.is_file() and p.suffix != ".md")
    if SHARED_FIXTURES.is_dir()
    else []
)
_VOLATILE = {"seconds", "out"}


def _both_ways(paths: list[Path], tmp: Path, monkeypatch: pytest.MonkeyPatch, **kwargs: Any) -> tuple[Any, Any]:
    """Import ``paths`` with the fast path off and on: (table or error, report dict) for each."""
    results = []
    for flag in ("0", "1"):
        monkeypatch.setenv("KIT_FAST_JSON", flag)
        out = tmp / f"fast{flag}.parquet"
        try:
            report = import_tweets(paths, out, **kwargs)
        except IngestError as exc:
            results.append((f"IngestError: {exc}", None))
            continue
        doc = {k: v for k, v in report.to_dict().items() if k not in _VOLATILE}
        results.append((pl.read_parquet(out), doc))
    return results[0], results[1]


def _assert_same(general: Any, fast: Any) -> None:
    (table_a, report_a), (table_b, report_b) = general, fast
    if isinstance(table_a, str) or isinstance(table_b, str):
        assert table_a == table_b
        return
    assert table_a.equals(table_b), "tables differ"
    assert report_a == report_b


@pytest.fixture
def hits(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts of records the fast path decoded, by kind."""
    counts: dict[str, int] = {}
    original = fast_json.FastLines.decode

    def counting(self: fast_json.FastLines, line: bytes, kind: str | None = None) -> Any:
        hit = original(self, line, kind)
        if hit is not None:
            counts[hit[0]] = counts.get(hit[0], 0) + 1
        return hit

    monkeypatch.setattr(fast_json.FastLines, "decode", counting)
    return counts


@pytest.mark.parametrize("rel", _FIXTURE_FILES or ["<absent>"])
def test_every_real_fixture_imports_identically_both_ways(
    rel: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not _FIXTURE_FILES:
        pytest.skip(f"real-format fixtures not found at {SHARED_FIXTURES} (set KIT_SHARED_FIXTURES)")
    general, fast = _both_ways([SHARED_FIXTURES / rel], tmp_path, monkeypatch, apply_deletions=True)
    _assert_same(general, fast)


def test_the_fast_path_reads_real_pages_statuses_and_flat_tweets(
    shared_fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hits: dict[str, int]
) -> None:
    names = [
        "twarc-network/test-data/tweets.jsonl",
        "twarc-csv/test-data/streaming_output_with_error.jsonl",
        "twarc-csv/test-data/flat.jsonl",
        "twarc-ids/test-data/tweets4.jsonl",
        "python-twitter/testdata/streaming/lines.json",
    ]
    files = [shared_fixtures / n for n in names if (shared_fixtures / n).exists()]
    if len(files) < len(names):
        pytest.skip(
            f"fixture files absent: {sorted(set(names) - {str(f.relative_to(shared_fixtures)) for f in files})}"
        )
    general, fast = _both_ways(files, tmp_path, monkeypatch)
    _assert_same(general, fast)
    assert hits.get("page", 0) >= 5 and hits.get("flat", 0) >= 90 and hits.get("status", 0) >= 60, hits


def _line(obj: Any) -> bytes:
    return orjson.dumps(obj) + b"\n"


def _v2_tweet(i: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": str(1000 + i),
        "text": f"tweet {i} #Tag",
        "author_id": "9",
        "created_at": "2014-05-24T18:00:00.000Z",
        "lang": "en",
        "entities": {"hashtags": [{"start": 9, "end": 13, "tag": "Tag"}]},
        "public_metrics": {"retweet_count": i, "like_count": 1, "reply_count": 0, "quote_count": 0},
        **extra,
    }


def _status(i: int, **extra: Any) -> dict[str, Any]:
    return {
        "created_at": "Sat May 24 18:02:00 +0000 2014",
        "id": 2000 + i,
        "id_str": str(2000 + i),
        "text": f"status {i} #Yes",
        "truncated": False,
        "lang": "en",
        "entities": {"hashtags": [{"text": "Yes", "indices": [10, 14]}], "user_mentions": [], "urls": []},
        "user": {"id": 7, "id_str": "7", "screen_name": "a", "name": "A", "followers_count": 3},
        "retweet_count": 0,
        "favorite_count": 0,
        **extra,
    }


# Lines where typed decoding and dict.get could disagree; each file starts with a clean record so
# that the fast path is primed for the odd one that follows.
_V2_ODD = [
    {
        "data": [_v2_tweet(1)],
        "includes": {"users": [{"id": "9", "username": "b", "name": "B", "public_metrics": {"followers_count": 5}}]},
    },
    {"data": [_v2_tweet(2, note_tweet={"text": "a long note #Long", "entities": {}})]},
    {"data": [_v2_tweet(3, note_tweet={})], "includes": {}},
    {
        "data": [
            _v2_tweet(
                4,
                referenced_tweets=[{"type": "retweeted", "id": "1001"}],
                text="RT @b: tweet 1 #T…",
                entities={"mentions": [{"start": 3, "end": 5, "username": "b", "id": "9"}]},
            )
        ],
        "includes": {"tweets": [_v2_tweet(1)], "users": [{"id": "9", "username": "b"}]},
        "errors": [{"title": "Not Found Error", "resource_id": "5"}, "odd"],
    },
    {
        "data": [
            _v2_tweet(
                5,
                referenced_tweets=[{"type": "retweeted", "id": "77"}],
                text="RT @zed: gone…",
                entities={"mentions": [{"username": "zed", "id": "66"}]},
            )
        ]
    },
    {"data": _v2_tweet(6), "matching_rules": [{"id": "1", "tag": "yaw"}]},  # a stream line: one object
    {"data": [_v2_tweet(7, public_metrics={}, entities={}), _v2_tweet(8, author_id=None)]},
    {"data": [_v2_tweet(9, id=1009)]},  # an id as a number: the general route
    {"data": [_v2_tweet(10), {"id": "1011"}]},  # a tweet without text
    {"data": []},
    {"data": [{"id": "5", "username": "someone"}]},  # users
    {
        "data": [
            _v2_tweet(
                12,
                referenced_tweets=[{"type": "quoted", "id": "1001"}, {"type": "replied_to", "id": "1002"}],
                in_reply_to_user_id="9",
            )
        ],
        "includes": {
            "tweets": [_v2_tweet(1, author_id="8"), _v2_tweet(2)],
            "users": [{"id": "9", "username": "b"}, {"id": "8", "username": "c"}],
        },
    },
    {
        "data": [
            _v2_tweet(
                13,
                entities={
                    "urls": [
                        {"url": "https://t.co/x", "expanded_url": None},
                        {"url": "https://t.co/y", "expanded_url": "https://twitter.com/b/status/1013"},
                    ],
                    "annotations": [{"start": 0, "end": 1}],
                },
            )
        ]
    },
    {"data": [_v2_tweet(14, text="caf\u00e9 &amp; \u2028 line \U0001f600")]},
]

_FLAT_ODD = [
    _v2_tweet(20, author={"id": "9", "username": "b", "public_metrics": {"followers_count": 2}}),
    _v2_tweet(
        21,
        referenced_tweets=[
            {
                "type": "retweeted",
                "id": "1020",
                "text": "full #Orig",
                "author_id": "9",
                "author": {"id": "9", "username": "b"},
                "entities": {"hashtags": [{"tag": "Orig"}]},
            }
        ],
        text="RT @b: full…",
    ),
    _v2_tweet(22, referenced_tweets=[{"type": "quoted", "id": "1020", "text": None}]),
    {**_v2_tweet(24), "user": {"id": "9"}},
    {**_v2_tweet(25), "__twarc": {"url": "x", "version": "2.0"}},
    _v2_tweet(26),
    _v2_tweet(23, created_at="Sat May 24 18:02:00 +0000 2014"),  # a v1 date: is_status() claims it
]

_V1_ODD = [
    _status(1),
    _status(2, retweeted_status={}),  # falsy original
    _status(3, retweeted_status=_status(1, user={"id": 8, "screen_name": "orig"})),
    _status(4, extended_tweet={}),
    _status(5, extended_tweet={"full_text": "", "entities": {}}),
    _status(6, extended_tweet={"full_text": "long #Ext", "entities": {"hashtags": [{"text": "Ext"}]}}, truncated=True),
    _status(7, full_text=None),
    _status(8, entities=None, text="2009 #Old @someone"),
    {k: v for k, v in _status(9).items() if k not in ("id_str", "entities")},
    _status(10, user={}),
    _status(11, quoted_status={}, quoted_status_id=55, is_quote_status=True),
    _status(12, quoted_status=_status(1), quoted_status_id_str=""),
    _status(13, in_reply_to_status_id=99, in_reply_to_user_id_str="7", in_reply_to_screen_name="a"),
    _status(14, lang=None, metadata={"iso_language_code": "es"}),
    {"delete": {"status": {"id": 2001, "id_str": "2001", "user_id": 7}}},
    {"limit": {"track": 12}},
    _status(15, retweet_count="7"),  # a count as text: the general route
    {k: v for k, v in _status(16).items() if k != "text"},  # neither text nor full_text
    _status(17, id=1.5),
    _status(18, user={"id": "7", "screen_name": None}),
]


@pytest.mark.parametrize(
    ("name", "records"),
    [
        ("v2", _V2_ODD),
        ("flat", _FLAT_ODD),
        ("v1", _V1_ODD),
        ("mixed", _V2_ODD[:4] + _V1_ODD[:6] + _FLAT_ODD[:3] + _V2_ODD[4:]),
    ],
)
def test_odd_records_read_identically_both_ways(
    name: str, records: list[Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hits: dict[str, int]
) -> None:
    path = tmp_path / f"{name}.jsonl"
    path.write_bytes(b"".join(_line(r) for r in records) + b'{"cut": ')
    general, fast = _both_ways([path], tmp_path, monkeypatch, apply_deletions=True)
    _assert_same(general, fast)
    assert sum(hits.values()) >= 3, hits  # the fast path read some of them


def test_synthetic_corpora_read_identically_and_mostly_typed(
    synthetic, synthetic_v1, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hits: dict[str, int]
) -> None:
    general, fast = _both_ways([synthetic.raw, synthetic_v1.raw], tmp_path, monkeypatch)
    _assert_same(general, fast)
    lines = sum(f["lines"] for f in fast[1]["files"])
    assert hits.get("page", 0) + hits.get("status", 0) >= 0.95 * lines - 2, (hits, lines)


def test_a_malformed_tweet_is_skipped_and_reported_not_fatal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad_tag = _v2_tweet(2, entities={"hashtags": [{"start": 0, "end": 3}]})  # a hashtag without its tag
    page = {"data": [_v2_tweet(1), bad_tag, _v2_tweet(3)]}
    v2_date_as_v1 = _v2_tweet(4, created_at="Sat May 24 18:02:00 +0000 2014")  # read as v1: no "text" in tags
    path = tmp_path / "odd.jsonl"
    path.write_bytes(_line(page) + _line(page) + _line(v2_date_as_v1))
    for flag in ("0", "1"):
        monkeypatch.setenv("KIT_FAST_JSON", flag)
        report = import_tweets([path], tmp_path / f"odd{flag}.parquet")
        assert sorted(pl.read_parquet(tmp_path / f"odd{flag}.parquet")["tweet_id"]) == ["1001", "1003"]
        reasons = {r["reason"] for r in report.skipped_records}
        assert report.skipped_total == 3 and all("unexpected types (KeyError" in r for r in reasons), report.skipped
        assert [r["line"] for r in report.skipped_records] == [1, 2, 3]
