"""Import checked on content against an independent reading of the real files (MANIFEST-REAL-2.md).

The expectations are computed here from the files themselves with the standard library (``csv``,
``json``), never from the kit's code: ids, retweet flags, truncation, hashtags, full texts.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from kit.ingest import IngestError, import_tweets, read_tweets
from kit.ingest.csvfmt import js_rounded
from kit.ingest.rows import FLOAT_TWEET_ID

HYDRATOR = "hydrator-TweetParser/Fri-Mar-23.tweets.csv"
HYDRATOR_REPLIES = "hydrator-TweetParser/Mon-Mar-26.tweets.csv"
ACADEMIC = "academictwitteR/standwithhongkong"
GNIP_SEARCH = "gnip_api/search_activities_response.json"
DOGS = "archive-csv-WeRateDogs/twitter-archive-enhanced.csv"
ARCHIVE_2010 = "archive-csv-tweet-archive/2010_08.csv"
SMALL_SAMPLE = "twarc-csv/test-data-historical/small_sample.csv"


# -- an independent reader ------------------------------------------------------------------------
def _csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8", errors="replace") as fh:
        return list(csv.DictReader(fh))


def _csv_truth(path: Path) -> dict[str, bool]:
    """tweet id → is a retweet, for each CSV row with a numeric id (the dialects' own columns)."""
    out: dict[str, bool] = {}
    for r in _csv_rows(path):
        tid = (r.get("id") or r.get("tweet_id") or "").strip()
        if not tid.isdigit():
            continue
        refs = r.get("referenced_tweets") or ""
        rt = any(
            (r.get(c) or "").strip()
            for c in (
                "referenced_tweets.retweeted.id",
                "retweet_id",
                "reweet_id",
                "retweeted_status_id",
                "retweet_or_quote_id",
            )
        )
        if "tweet_type" in r:
            rt = r["tweet_type"] == "retweet"
        out[tid] = rt or '"retweeted"' in refs
    return out


def _json_values(path: Path) -> list[Any]:
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    try:
        return [json.loads(text)]
    except json.JSONDecodeError:
        values = []
        for line in text.split("\n"):
            try:
                values.append(json.loads(line))
            except json.JSONDecodeError:
                continue
        return values


def _walk(obj: Any, out: dict[str, bool]) -> None:
    if isinstance(obj, list):
        for item in obj:
            _walk(item, out)
        return
    if not isinstance(obj, dict):
        return
    if "data" in obj:
        _walk(obj["data"], out)
    elif "statuses" in obj or "results" in obj:
        _walk(obj.get("statuses") or obj.get("results"), out)
    elif isinstance(obj.get("id"), dict):  # statuses/lookup map=true
        _walk([v for v in obj["id"].values() if v], out)
    elif "verb" in obj:  # Gnip activity
        if obj["verb"] in ("post", "share"):
            out[str(obj["id"]).rsplit(":", 1)[-1]] = obj["verb"] == "share"
    elif ("text" in obj or "full_text" in obj) and "id" in obj:
        if "id_str" in obj or "user" in obj or isinstance(obj["id"], int):  # v1.1
            out[str(obj.get("id_str") or obj["id"])] = bool(obj.get("retweeted_status"))
        else:  # v2
            refs = obj.get("referenced_tweets") or []
            out[str(obj["id"])] = any(isinstance(r, dict) and r.get("type") == "retweeted" for r in refs)


def truth(path: Path) -> dict[str, bool]:
    """tweet id → is a retweet, read independently of the kit."""
    if path.suffix == ".csv":
        return _csv_truth(path)
    out: dict[str, bool] = {}
    for value in _json_values(path):
        _walk(value, out)
    return out


# every real tweet file among the fixtures (generated CSVs included); ID lists and non-tweet files aside
REAL_FILES = [
    "twarc-csv/test-data/brexit.jsonl",
    "twarc-csv/test-data/2sets.jsonl",
    "twarc-csv/test-data/entities_test.jsonl",
    "twarc-csv/test-data/flat.jsonl",
    "twarc-csv/test-data/noflat.jsonl",
    "twarc-csv/test-data/withheld.jsonl",
    "twarc-csv/test-data/kpop.jsonl",
    "twarc-csv/test-data/cashtags.jsonl",
    "twarc-csv/test-data/cotweet.jsonl",
    "twarc-csv/test-data/edited.jsonl",
    "twarc-csv/test-data/geo_tweets.jsonl",
    "twarc-csv/test-data/many_urls.jsonl",
    "twarc-csv/test-data/media_tweet.jsonl",
    "twarc-csv/test-data/mentions_tweet.jsonl",
    "twarc-csv/test-data/media_policy_violation_off.jsonl",
    "twarc-csv/test-data/quoted_edit.jsonl",
    "twarc-csv/test-data/two_tweets.jsonl",
    "twarc-csv/test-data/verified_type.jsonl",
    "twarc-csv/test-data/streaming_output_with_error.jsonl",
    "twarc-csv/test-data-historical/streaming_output.jsonl",
    "twarc-csv/test-data-historical/small_sample.json",
    SMALL_SAMPLE,
    "twarc-ids/test-data/tweets2.jsonl",
    "twarc-ids/test-data/tweets3.jsonl",
    "twarc-ids/test-data/tweets4.jsonl",
    "twarc-network/test-data/tweets.jsonl",
    "twitter-with-twarc/data/one_tweet.jsonl",
    "tweepy/cassettes-extracted/test_client_search_recent_tweets__0.json",
    "tweepy/cassettes-extracted/test_client_get_home_timeline__0.json",
    "tweepy/cassettes-extracted/testsearchtweets__0.json",
    "tweepy/cassettes-extracted/testgetretweets__0.json",
    "tweepy/cassettes-extracted/testhometimeline__0.json",
    "twitter-to-sqlite/tests/tweets.json",
    "python-twitter/testdata/get_search_raw.json",
    "python-twitter/testdata/get_home_timeline.json",
    "python-twitter/testdata/get_statuses.map.1.json",
    "python-twitter/testdata/streaming/lines.json",
    "tweet_parser/test/tweet_payload_examples/original_format_examples.json",
    "tweet_parser/test/tweet_payload_examples/activity_streams_examples.json",
    "tweet_parser/test/tweet_payload_examples/broken_and_unsupported_payloads/public_api_sample.json",
    "Twitter4J/twitter4j-core/src/test/resources/dao/statuses/public_timeline.json",
    "generated/twarc-csv-0.7.2/brexit.csv",
    "generated/twarc-csv-0.7.2/brexit.no-merge-retweets.csv",
    "generated/twarc-csv-0.7.2/withheld.csv",
    "generated/twarc-json2csv-v1/python-twitter_get_search_raw.csv",
    "generated/twarc-json2csv-v1/python-twitter_streaming_lines.csv",
    "synthetic-edge-cases/v1_json2csv_cp1252.csv",
    "synthetic-edge-cases/v2_mixed_page_stream_errors_flat.jsonl",
    HYDRATOR,
    HYDRATOR_REPLIES,
    GNIP_SEARCH,
    DOGS,
    ARCHIVE_2010,
    f"{ACADEMIC}/data_1407125775103365135.json",
]


@pytest.mark.parametrize("rel", REAL_FILES)
def test_ids_and_retweet_flags_match_an_independent_reading(fx, shared_fixtures: Path, rel: str) -> None:
    expected = truth(shared_fixtures / rel)
    frame = fx(rel)
    got = dict(zip(frame["tweet_id"].to_list(), frame["is_retweet"].to_list(), strict=True))
    assert got == expected
    # a retweet's text is its original's (or the cut rest of it), never 'RT @user: …' itself
    assert not frame.filter(
        pl.col("is_retweet")
        & pl.col("text").str.starts_with("RT @")
        & (
            pl.col("text").str.extract(r"^RT @(\w+):", 1).str.to_lowercase()
            == pl.col("retweeted_username").str.to_lowercase()
        )
    ).height


# -- Hydrator ------------------------------------------------------------------------------------
def test_hydrator_reweet_id_typo_means_retweets_and_cut_texts_are_flagged(fx, shared_fixtures: Path) -> None:
    rows = _csv_rows(shared_fixtures / HYDRATOR)
    rts = {r["id"]: r for r in rows if r["reweet_id"]}
    cut = {i for i, r in rts.items() if r["text"].endswith("…")}
    assert (len(rows), len(rts)) == (1697, 1103)
    frame = fx(HYDRATOR)
    assert set(frame.filter("is_retweet")["tweet_id"]) == set(rts)
    assert set(frame.filter("is_truncated")["tweet_id"]) == cut
    one = frame.filter(pl.col("text").str.contains("#moreofacomme", literal=True)).row(0, named=True)
    assert one["hashtags"] == ["eaw18"] and one["is_truncated"] and one["retweeted_username"] == "edrabinski"
    assert one["text"].startswith("It is *so hard* to build sustainable collaborations.")
    assert one["retweeted_id"] == rts[one["tweet_id"]]["reweet_id"]
    # no hashtag is read from the cut last word of a truncated text (#moreofacomme…, #eaw…, #ea…)
    fragments = {
        i: r["text"].split()[-1].strip("…").lstrip("#").lower()
        for i, r in rts.items()
        if r["text"].endswith("…") and r["text"].split()[-1].startswith("#")
    }
    assert len(fragments) > 20
    tags = dict(zip(frame["tweet_id"], frame["hashtags"], strict=True))
    # (a tag cut right after its last letter, '#EAW18…', is whole: the file's hashtags column names it)
    column = {i: {t.lower() for t in r["hashtags"].split()} for i, r in rts.items()}
    assert not [i for i, frag in fragments.items() if frag in tags[i] and frag not in column[i]]
    assert [i for i, frag in fragments.items() if frag not in column[i]]  # there are such fragments to avoid


def test_hydrator_rounded_reply_ids_are_nulled_and_named(shared_fixtures: Path, tmp_path: Path) -> None:
    path = shared_fixtures / HYDRATOR_REPLIES
    rows = _csv_rows(path)
    written = [r["in_reply_to_status_id"] for r in rows if r["in_reply_to_status_id"]]
    assert len(written) == 6 and all(int(v) > 2**53 and v.endswith("00") for v in written)
    report = import_tweets([path], tmp_path / "t.parquet")
    frame = pl.read_parquet(tmp_path / "t.parquet")
    assert set(frame["tweet_id"]) == {r["id"] for r in rows}
    assert frame.filter("is_reply").height == 6 and frame["in_reply_to_id"].null_count() == 6
    assert report.repairs["rounded ids nulled"] == 7
    named = [w for w in report.warnings if "'in_reply_to_status_id'" in w]
    assert len(named) == 1 and str(path) in named[0] and ": 6 ids rounded" in named[0]
    assert not any("'id'" in w for w in report.warnings)


def test_js_rounding_is_detected_only_in_rounded_columns(fx) -> None:
    assert js_rounded(pl.Series(["976616043102834700", "976616043102834688"])) is None
    assert js_rounded(pl.Series(["976616043102834700", "12"])).to_list() == [True, False]
    brexit = fx("twarc-csv/test-data/brexit.jsonl")
    assert js_rounded(brexit["in_reply_to_id"].drop_nulls()) is None  # exact ids are never taken for rounded


def test_networks_and_accounts_of_a_hydrator_file_key_accounts_by_handle(fx) -> None:
    import kit.networks as kn

    frame = fx(HYDRATOR)
    assert frame["author_id"].null_count() == frame.height  # the dialect has no user ids
    edges = kn.edge_table(frame, "retweet")
    assert edges.height > 500
    pmhswe = frame.filter(pl.col("tweet_id") == "976973824091721729").row(0, named=True)
    assert pmhswe["author_username"] == "pmhswe" and pmhswe["retweeted_username"] == "justin_littman"
    sources = set(edges["source"])
    assert "@pmhswe" in sources or any(s.isdigit() for s in sources)
    nodes = kn.node_table(frame, edges, "retweet")
    assert {"pmhswe", "justin_littman"} <= set(nodes["username"].drop_nulls())


def test_networks_keep_ids_where_the_table_has_them(fx) -> None:
    import kit.networks as kn

    brexit = fx("twarc-csv/test-data/brexit.jsonl")
    edges = kn.edge_table(brexit, "retweet")
    assert edges.height and all(s.isdigit() for s in edges["source"]) and all(t.isdigit() for t in edges["target"])


# -- academictwitteR -----------------------------------------------------------------------------
def test_academictwitter_data_file_takes_its_includes_from_the_users_file(fx, shared_fixtures: Path) -> None:
    folder = shared_fixtures / ACADEMIC
    data = json.loads((folder / "data_1407125775103365135.json").read_text())
    inc = json.loads((folder / "users_1407125775103365135.json").read_text())
    originals = {t["id"]: t for t in inc["tweets"]}
    handles = {u["id"]: u["username"] for u in inc["users"]}
    frame = fx(f"{ACADEMIC}/data_1407125775103365135.json")
    assert frame.height == 500 and frame.filter("is_retweet").height == 326
    assert frame.filter(pl.col("hashtags").list.contains("standwithhongkong")).height == 500
    assert frame["author_username"].null_count() == 0
    first = frame.filter(pl.col("tweet_id") == data[0]["id"]).row(0, named=True)
    assert first["author_username"] == handles[data[0]["author_id"]]
    rt = next(
        d
        for d in data
        if any(r["type"] == "retweeted" and r["id"] in originals for r in d.get("referenced_tweets") or [])
    )
    orig = originals[next(r["id"] for r in rt["referenced_tweets"] if r["type"] == "retweeted")]
    row = frame.filter(pl.col("tweet_id") == rt["id"]).row(0, named=True)
    assert row["text"] == orig["text"].replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    assert not row["is_truncated"]


def test_academictwitter_users_file_alone_is_named_as_includes(shared_fixtures: Path, tmp_path: Path) -> None:
    users = shared_fixtures / ACADEMIC / "users_1407125775103365135.json"
    with pytest.raises(IngestError, match="includes of a v2 request"):
        import_tweets([users], tmp_path / "t.parquet")
    report = import_tweets([shared_fixtures / ACADEMIC], tmp_path / "u.parquet")
    assert report.non_tweet_files == {str(users): "includes"} and report.tweets_written == 500


# -- Gnip Search API, archives, twarc-csv 2021 ------------------------------------------------------
def test_gnip_search_api_page_is_read(fx, shared_fixtures: Path) -> None:
    results = json.loads((shared_fixtures / GNIP_SEARCH).read_text())["results"]
    frame = fx(GNIP_SEARCH)
    assert frame["tweet_id"].to_list() == [r["id"].rsplit(":", 1)[-1] for r in results]
    assert frame["text"][0] == results[0]["body"]
    assert frame["author_username"].to_list() == [r["actor"]["preferredUsername"] for r in results]


def test_archive_with_float_ids_nulls_them_and_says_so(shared_fixtures: Path, tmp_path: Path) -> None:
    path = shared_fixtures / DOGS
    rows = [r for r in _csv_rows(path) if r["tweet_id"].strip()]
    rts = {r["tweet_id"] for r in rows if r["retweeted_status_id"]}
    assert len(rows) == 2355 and len(rts) == 180
    report = import_tweets([path], tmp_path / "t.parquet")
    frame = pl.read_parquet(tmp_path / "t.parquet")
    assert set(frame.filter("is_retweet")["tweet_id"]) == rts
    for column in ("retweeted_id", "retweeted_author_id", "in_reply_to_id", "in_reply_to_user_id"):
        assert frame[column].null_count() == frame.height, column
    assert report.repairs["float ids nulled"] == 180 + 180 + 78 + 78
    assert any(
        "'retweeted_status_id': 180 ids written as floating-point" in w and str(path) in w for w in report.warnings
    )
    assert report.skipped == {"CSV row without a numeric tweet id": 2}
    phineas = frame.filter(pl.col("tweet_id") == "892420643555336193").row(0, named=True)
    assert phineas["text"].startswith("This is Phineas. He's a mystical boy.")


def test_archive_retweets_drop_the_rt_prefix_like_json(fx, shared_fixtures: Path) -> None:
    rows = _csv_rows(shared_fixtures / ARCHIVE_2010)
    native = {r["tweet_id"]: r["text"] for r in rows if r["retweeted_status_id"]}
    frame = fx(ARCHIVE_2010)
    rts = frame.filter("is_retweet")
    assert dict(zip(rts["tweet_id"], rts["text"], strict=True)) == {i: t.split(": ", 1)[1] for i, t in native.items()}
    assert rts["is_truncated"].all() and set(rts["retweeted_username"]) == {"nathanrice", "StephenAtHome"}
    manual = frame.filter(pl.col("tweet_id") == "22116066018").row(0, named=True)  # a typed 'RT @x:', not a retweet
    assert not manual["is_retweet"] and manual["text"].startswith("RT @ThemeForest: Hilarious")


def test_first_twarc_csv_list_columns_hold_whole_tags(fx) -> None:
    frame = fx(SMALL_SAMPLE)
    by_id = {r["tweet_id"]: r for r in frame.iter_rows(named=True)}
    assert by_id["1171208136721620992"]["hashtags"] == ["destiny"]
    assert by_id["1170073690492588037"]["mentions"] == [
        "alphaxsc2",
        "sector_six",
        "24hourfitness",
        "dreamhacksc2",
        "gamestop",
        "ebgamescanada",
    ]
    assert not frame["mentions"].explode().drop_nulls().str.contains("\x1f").any()
    assert all(len(t) > 1 for t in frame["hashtags"].explode().drop_nulls())


# -- float ids in JSON, both decoding routes ---------------------------------------------------------
def _v1(tid: Any, **extra: Any) -> dict[str, Any]:
    out = {
        "created_at": "Sat May 24 18:02:00 +0000 2014",
        "id": tid,
        "text": "hi #a",
        "user": {"screen_name": "u"},
        "entities": {"hashtags": [{"text": "a"}], "user_mentions": [], "urls": []},
    }
    out.update(extra)
    return out


@pytest.mark.parametrize("fast", ["1", "0"])
def test_float_ids_in_json_are_refused_or_nulled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast: str) -> None:
    monkeypatch.setenv("KIT_FAST_JSON", fast)
    path = tmp_path / "f.jsonl"
    lines = [
        b'{"created_at": "Sat May 24 18:02:00 +0000 2014", "id": 482646902996994798.0, "text": "x", '
        b'"user": {"screen_name": "u"}}',
        json.dumps(_v1(5, id_str="5", in_reply_to_status_id=4.8e17)).encode(),
        json.dumps(_v1(6, id_str="6")).encode(),
        json.dumps(
            {
                "data": [
                    {
                        "id": "7",
                        "text": "t",
                        "author_id": 2281181600.0,
                        "referenced_tweets": [{"type": "quoted", "id": 8.874739571039519e17}],
                    }
                ]
            }
        ).encode(),
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    report = import_tweets([path], tmp_path / "t.parquet")
    frame = pl.read_parquet(tmp_path / "t.parquet").sort("tweet_id")
    assert frame["tweet_id"].to_list() == ["5", "6", "7"]
    assert report.skipped == {FLOAT_TWEET_ID: 1}
    assert frame["in_reply_to_id"].to_list() == [None, None, None] and frame["is_reply"].to_list() == [
        True,
        False,
        False,
    ]
    seven = frame.row(2, named=True)
    assert (seven["author_id"], seven["quoted_id"], seven["is_quote"]) == (None, None, True)
    assert report.repairs["float ids nulled"] == 3 and report.repairs["float tweet ids refused"] == 1
    assert any(str(path) in w and "'in_reply_to_id'" in w for w in report.warnings)


# -- every CSV dialect, the same three tweets -------------------------------------------------------
ORIG, RT, REPLY = "1169246717864136705", "1169246717864136706", "1169246717864136707"
SAME = [
    "tweet_id",
    "text",
    "is_retweet",
    "is_reply",
    "retweeted_id",
    "retweeted_username",
    "in_reply_to_id",
    "is_truncated",
    "hashtags",
    "created_at",
]


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, header)
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in header})
    return path


def _three(tmp_path: Path) -> dict[str, Path]:
    v1_date = "Wed Sep 04 13:51:55 +0000 2019"
    cut = "RT @bob: We need to talk about #YesAllWomen and #Equality and much more than fits in one tweet #moreofa…"
    own = "Reply to @bob about #YesAllWomen"
    full = "Original #YesAllWomen text"
    return {
        "csv-twarc": _write(
            tmp_path / "twarc.csv",
            [
                "id",
                "referenced_tweets.replied_to.id",
                "referenced_tweets.retweeted.id",
                "author_id",
                "retweeted_username",
                "created_at",
                "text",
                "entities.hashtags",
                "author.username",
            ],
            [
                {
                    "id": ORIG,
                    "author_id": "1",
                    "created_at": "2019-09-04T13:51:55.000Z",
                    "text": full,
                    "entities.hashtags": '["#YesAllWomen"]',
                    "author.username": "ann",
                },
                {
                    "id": RT,
                    "referenced_tweets.retweeted.id": "100",
                    "author_id": "1",
                    "retweeted_username": "bob",
                    "created_at": "2019-09-04T13:51:55.000Z",
                    "text": cut,
                    "entities.hashtags": '["#YesAllWomen", "#Equality"]',
                    "author.username": "ann",
                },
                {
                    "id": REPLY,
                    "referenced_tweets.replied_to.id": "99",
                    "author_id": "1",
                    "created_at": "2019-09-04T13:51:55.000Z",
                    "text": own,
                    "entities.hashtags": '["#YesAllWomen"]',
                    "author.username": "ann",
                },
            ],
        ),
        "csv-json2csv": _write(
            tmp_path / "json2csv.csv",
            [
                "id",
                "created_at",
                "user_screen_name",
                "text",
                "tweet_type",
                "hashtags",
                "in_reply_to_status_id",
                "retweet_or_quote_id",
                "retweet_or_quote_screen_name",
                "user_id",
            ],
            [
                {
                    "id": ORIG,
                    "created_at": v1_date,
                    "user_screen_name": "ann",
                    "text": full,
                    "tweet_type": "original",
                    "hashtags": "YesAllWomen",
                    "user_id": "1",
                },
                {
                    "id": RT,
                    "created_at": v1_date,
                    "user_screen_name": "ann",
                    "text": cut,
                    "tweet_type": "retweet",
                    "hashtags": "YesAllWomen Equality",
                    "retweet_or_quote_id": "100",
                    "retweet_or_quote_screen_name": "bob",
                    "user_id": "1",
                },
                {
                    "id": REPLY,
                    "created_at": v1_date,
                    "user_screen_name": "ann",
                    "text": own,
                    "tweet_type": "reply",
                    "hashtags": "YesAllWomen",
                    "in_reply_to_status_id": "99",
                    "user_id": "1",
                },
            ],
        ),
        "csv-hydrator": _write(
            tmp_path / "hydrator.csv",
            [
                "created_at",
                "hashtags",
                "id",
                "in_reply_to_status_id",
                "reweet_id",
                "retweet_screen_name",
                "text",
                "user_screen_name",
            ],
            [
                {"created_at": v1_date, "hashtags": "YesAllWomen", "id": ORIG, "text": full, "user_screen_name": "ann"},
                {
                    "created_at": v1_date,
                    "hashtags": "YesAllWomen Equality",
                    "id": RT,
                    "reweet_id": "100",
                    "retweet_screen_name": "bob",
                    "text": cut,
                    "user_screen_name": "ann",
                },
                {
                    "created_at": v1_date,
                    "hashtags": "YesAllWomen",
                    "id": REPLY,
                    "in_reply_to_status_id": "99",
                    "text": own,
                    "user_screen_name": "ann",
                },
            ],
        ),
        "csv-archive": _write(
            tmp_path / "tweets.csv",
            [
                "tweet_id",
                "in_reply_to_status_id",
                "in_reply_to_user_id",
                "retweeted_status_id",
                "retweeted_status_user_id",
                "timestamp",
                "source",
                "text",
                "expanded_urls",
            ],
            [
                {"tweet_id": ORIG, "timestamp": "2019-09-04 13:51:55 +0000", "text": full},
                {"tweet_id": RT, "retweeted_status_id": "100", "timestamp": "2019-09-04 13:51:55 +0000", "text": cut},
                {
                    "tweet_id": REPLY,
                    "in_reply_to_status_id": "99",
                    "timestamp": "2019-09-04 13:51:55 +0000",
                    "text": own,
                },
            ],
        ),
    }


def test_every_csv_dialect_imports_the_same_three_tweets_to_the_same_rows(tmp_path: Path) -> None:
    tables = {}
    for dialect, path in _three(tmp_path).items():
        frame = read_tweets(path).sort("tweet_id")
        assert set(frame["source_format"]) == {dialect}, dialect
        tables[dialect] = frame.select(SAME)
    expected = pl.DataFrame(
        {
            "tweet_id": [ORIG, RT, REPLY],
            "text": [
                "Original #YesAllWomen text",
                "We need to talk about #YesAllWomen and #Equality and much more than fits in one tweet #moreofa…",
                "Reply to @bob about #YesAllWomen",
            ],
            "is_retweet": [False, True, False],
            "is_reply": [False, False, True],
            "retweeted_id": [None, "100", None],
            "retweeted_username": [None, "bob", None],
            "in_reply_to_id": [None, None, "99"],
            "is_truncated": [False, True, False],
            "hashtags": [["yesallwomen"], ["yesallwomen", "equality"], ["yesallwomen"]],
        }
    )
    for dialect, frame in tables.items():
        assert frame.drop("created_at").equals(expected), dialect
        assert frame["created_at"].dt.year().to_list() == [2019] * 3, dialect


def test_csv_whose_columns_do_not_map_is_refused_with_what_it_lacks(tmp_path: Path) -> None:
    path = tmp_path / "other_tool.csv"
    path.write_text("tweet,text,date,user\n1,hello #A,2020-01-01,ann\n")
    with pytest.raises(IngestError, match="no tweet id column.*|a tweet id column and a date column"):
        import_tweets([path], tmp_path / "t.parquet")
    dated = tmp_path / "no_date.csv"
    dated.write_text("id,text,user\n1,hello #A,ann\n")
    with pytest.raises(IngestError, match="a date column the kit knows"):
        import_tweets([dated], tmp_path / "t.parquet")
    assert not (tmp_path / "t.parquet").exists()
