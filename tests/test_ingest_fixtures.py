"""Import of the real-format fixtures in ../shared/fixtures (expected counts from MANIFEST.md)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from kit.ingest import IngestError, import_tweets, read_tweets
from kit.schema import validate

# file → tweets written (MANIFEST counts; duplicates inside a file merged: lines.json and
# streaming_output.jsonl each hold one tweet twice)
EXPECTED = {
    "twarc-csv/test-data/brexit.jsonl": 100,
    "twarc-csv/test-data/2sets.jsonl": 200,
    "twarc-csv/test-data/entities_test.jsonl": 474,
    "twarc-csv/test-data/flat.jsonl": 100,
    "twarc-csv/test-data/noflat.jsonl": 100,
    "twarc-csv/test-data/withheld.jsonl": 215,
    "twarc-csv/test-data/kpop.jsonl": 100,
    "twarc-csv/test-data/streaming_output_with_error.jsonl": 7,
    "twarc-csv/test-data-historical/streaming_output.jsonl": 7,
    "twarc-csv/test-data-historical/small_sample.json": 3,
    "twarc-csv/test-data-historical/small_sample.csv": 4,
    "twarc-ids/test-data/tweets2.jsonl": 1,
    "twarc-ids/test-data/tweets3.jsonl": 300,
    "twarc-ids/test-data/tweets4.jsonl": 100,
    "twarc-network/test-data/tweets.jsonl": 500,
    "twitter-with-twarc/data/one_tweet.jsonl": 1,
    "tweepy/cassettes-extracted/test_client_search_recent_tweets__0.json": 10,
    "tweepy/cassettes-extracted/test_client_get_tweet__0.json": 1,
    "tweepy/cassettes-extracted/testsearchtweets__0.json": 15,
    "tweepy/cassettes-extracted/testgetretweets__0.json": 15,
    "twitter-to-sqlite/tests/tweets.json": 3,
    "python-twitter/testdata/get_search_raw.json": 100,
    "python-twitter/testdata/get_statuses.map.1.json": 100,
    "python-twitter/testdata/get_statuses.map.2.json": 1,
    "python-twitter/testdata/streaming/lines.json": 71,
    "python-twitter/testdata/models/models_status_no_user.json": 1,
    "tweet_parser/test/tweet_payload_examples/original_format_examples.json": 25,
    "tweet_parser/test/tweet_payload_examples/activity_streams_examples.json": 25,
    "tweet_parser/test/tweet_payload_examples/broken_and_unsupported_payloads/original_format_missing_user.json": 1,
    "Twitter4J/twitter4j-core/src/test/resources/streamingapi-testcase.json": 3,
    "Twitter4J/twitter4j-core/src/test/resources/dao/statuses/public_timeline.json": 20,
    "generated/twarc-csv-0.7.2/brexit.csv": 100,
    "generated/twarc-csv-0.7.2/brexit.inline-referenced.csv": 155,
    "generated/twarc-csv-0.7.2/withheld.csv": 215,
    "generated/twarc-json2csv-v1/python-twitter_get_search_raw.csv": 100,
    "generated/twarc-json2csv-v1/python-twitter_streaming_lines.csv": 71,
    "synthetic-edge-cases/v1_json2csv_cp1252.csv": 71,
    "synthetic-edge-cases/v1_raw_u2028_in_text.jsonl": 2,
    "synthetic-edge-cases/v1_stream_bom_crlf_notices_truncated.jsonl": 4,
    "synthetic-edge-cases/v2_mixed_page_stream_errors_flat.jsonl": 3,
}

NON_TWEET = {
    "twarc-csv/test-data/counts.jsonl": "counts",
    "twarc-csv/test-data/users.jsonl": "users",
    "twarc-csv/test-data/lists.jsonl": "lists",
    "twarc-csv/test-data/tweets_compliance.jsonl": "compliance",
    "twarc-csv/test-data/users_compliance.jsonl": "compliance",
    "twarc-csv/test-data/empty.json": "empty",
    "generated/twarc-csv-0.7.2/counts.csv": "counts",
    "generated/twarc-csv-0.7.2/users.csv": "users",
    "twarc/test/ids.txt": "ids",
    "synthetic-edge-cases/ids_header_dupes_crlf.txt": "ids",
    "Twitter4J/twitter4j-core/src/test/resources/dao/statuses/friends/T4J_hudson.json": "empty",
    "Twitter4J/twitter4j-core/src/test/resources/stallwarning.json": "stream notices only",
    "python-twitter/testdata/public_timeline_error.json": "API error body",
}


@pytest.mark.parametrize("rel,expected", sorted(EXPECTED.items()))
def test_fixture_tweet_counts(fx, rel: str, expected: int) -> None:
    frame = fx(rel)
    assert frame.height == expected
    validate(frame)
    assert frame["tweet_id"].str.contains(r"^[0-9]+$").all()


@pytest.mark.parametrize("rel,kind", sorted(NON_TWEET.items()))
def test_non_tweet_files_are_named(shared_fixtures: Path, tmp_path: Path, rel: str, kind: str) -> None:
    # alone: refused with the kind in the message, nothing written
    with pytest.raises(IngestError, match="no tweets found"):
        import_tweets([shared_fixtures / rel], tmp_path / "t.parquet")
    assert not (tmp_path / "t.parquet").exists()
    # beside a tweet file: named in the report by kind
    report = import_tweets(
        [shared_fixtures / rel, shared_fixtures / "twarc-csv/test-data/brexit.jsonl"], tmp_path / "u.parquet"
    )
    assert report.non_tweet_files[str(shared_fixtures / rel)] == kind
    assert report.tweets_written == 100


def test_v2_retweet_text_and_hashtags_from_included_original(fx) -> None:
    brexit = fx("twarc-csv/test-data/brexit.jsonl")
    rts = brexit.filter("is_retweet")
    assert rts.height == 67
    assert not rts["text"].str.starts_with("RT @").any()
    assert not rts["text"].str.ends_with("…").any()
    row = brexit.filter(pl.col("tweet_id") == "1440716856763977732").row(0, named=True)
    assert set(row["hashtags"]) == {"borisjohnson", "universalcredit", "brexit", "johnsonout", "boristheliar"}
    assert row["retweeted_username"] == "carolJhedges" and row["retweeted_author_id"] == "711945679"
    assert brexit.filter("is_quote").height == 11
    assert brexit.filter("is_reply").height == 10


def test_html_entities_unescaped(fx) -> None:
    brexit = fx("twarc-csv/test-data/brexit.jsonl")
    assert brexit["text"].str.contains("&amp;").sum() == 0
    assert brexit["text"].str.contains("@AngelaRayner & #NicolaSturgeon", literal=True).any()
    old_rt = fx("Twitter4J/twitter4j-core/src/test/resources/dao/statuses/public_timeline.json")
    assert not old_rt["text"].str.contains("&gt;|&lt;|&amp;").any()


def test_flat_and_pages_give_the_same_rows(fx) -> None:
    flat = fx("twarc-csv/test-data/flat.jsonl").drop("source_format", "source_file").sort("tweet_id")
    pages = fx("twarc-csv/test-data/noflat.jsonl").drop("source_format", "source_file").sort("tweet_id")
    assert flat.equals(pages)


def test_twarc_csv_matches_the_json_it_came_from(fx) -> None:
    cols = [
        "tweet_id",
        "created_at",
        "author_id",
        "author_username",
        "text",
        "is_retweet",
        "is_quote",
        "is_reply",
        "retweeted_id",
        "quoted_id",
        "in_reply_to_id",
        "hashtags",
        "mentions",
        "urls",
        "retweet_count",
    ]
    json_rows = fx("twarc-csv/test-data/brexit.jsonl").select(cols).sort("tweet_id")
    csv_rows = fx("generated/twarc-csv-0.7.2/brexit.csv").select(cols).sort("tweet_id")
    assert json_rows.equals(csv_rows)
    unmerged = fx("generated/twarc-csv-0.7.2/brexit.no-merge-retweets.csv")
    # --no-merge-retweets keeps the cut 'RT @x: …' text: flagged as truncated
    assert unmerged.filter("is_truncated").height == 52


def test_streaming_extended_tweets_take_hashtags_from_extended_entities(fx) -> None:
    lines = fx("python-twitter/testdata/streaming/lines.json")
    assert lines["hashtags"].list.len().sum() == 66  # as in MANIFEST (the one duplicated tweet has none)
    urls = lines["urls"].explode().drop_nulls()
    assert not urls.str.contains("/i/web/status/").any()
    row = lines.filter(pl.col("tweet_id") == "972473004721627137").row(0, named=True)
    assert "guncontrolnow" in row["hashtags"]
    # twarc 1.x CSV of the same tweets lost that hashtag; the importer re-reads it from the full text
    csv_row = (
        fx("generated/twarc-json2csv-v1/python-twitter_streaming_lines.csv")
        .filter(pl.col("tweet_id") == "972473004721627137")
        .row(0, named=True)
    )
    assert "guncontrolnow" in csv_row["hashtags"]


def test_ids_come_from_id_str_never_a_float(fx) -> None:
    tweets = fx("twitter-to-sqlite/tests/tweets.json")
    assert "1169246717864136705" in tweets["tweet_id"].to_list()
    assert "1169246717864136700" not in tweets["tweet_id"].to_list()
    reply = tweets.filter("is_reply").row(0, named=True)
    assert reply["in_reply_to_id"] == "1169079390577319937"


def test_compat_mode_truncation_is_flagged_and_extended_wins(shared_fixtures: Path) -> None:
    base = shared_fixtures / "python-twitter/testdata/3.2"
    compat = read_tweets(base / "extended_tweet_in_compat_mode.json").row(0, named=True)
    extended = read_tweets(base / "extended_tweet_in_extended_mode.json").row(0, named=True)
    assert compat["tweet_id"] == extended["tweet_id"]
    assert compat["is_truncated"] and not extended["is_truncated"]
    both = read_tweets([base / "extended_tweet_in_compat_mode.json", base / "extended_tweet_in_extended_mode.json"])
    assert both.height == 1
    assert both.row(0, named=True)["text"] == extended["text"]  # the complete record wins the dedup


def test_gnip_activity_streams_match_the_same_tweets_in_v1(fx) -> None:
    gnip = fx("tweet_parser/test/tweet_payload_examples/activity_streams_examples.json").sort("tweet_id")
    v1 = fx("tweet_parser/test/tweet_payload_examples/original_format_examples.json").sort("tweet_id")
    cols = [
        "tweet_id",
        "created_at",
        "author_id",
        "text",
        "is_retweet",
        "is_quote",
        "is_reply",
        "retweeted_id",
        "quoted_id",
        "in_reply_to_id",
        "hashtags",
        "mentions",
        "urls",
    ]
    assert gnip.select(cols).equals(v1.select(cols))
    assert set(gnip["source_format"]) == {"gnip"}


def test_v1_shapes_and_missing_user(fx) -> None:
    assert set(fx("python-twitter/testdata/get_search_raw.json").filter("is_retweet")["source_format"]) == {"v1"}
    assert fx("python-twitter/testdata/get_search_raw.json").filter("is_retweet").height == 74
    no_user = fx("python-twitter/testdata/models/models_status_no_user.json").row(0, named=True)
    assert no_user["source_format"] == "v1" and no_user["author_id"] is None
    old = fx("Twitter4J/twitter4j-core/src/test/resources/dao/statuses/public_timeline.json")
    assert old["created_at"].dt.year().unique().to_list() == [2009]
    assert old.filter("is_reply").height == 9


def test_v2_default_fields_only_imports_with_nulls(shared_fixtures: Path, tmp_path: Path) -> None:
    report = import_tweets(
        [shared_fixtures / "tweepy/cassettes-extracted/test_client_search_recent_tweets__0.json"],
        tmp_path / "t.parquet",
    )
    assert report.tweets_written == 10
    assert report.missing == {"created_at": 10, "author_id": 10}


def test_bad_lines_in_real_files_are_reported_with_file_and_line(shared_fixtures: Path, tmp_path: Path) -> None:
    stream = shared_fixtures / "synthetic-edge-cases/v1_stream_bom_crlf_notices_truncated.jsonl"
    report = import_tweets([stream], tmp_path / "t.parquet")
    assert report.tweets_written == 4
    assert report.skipped == {"truncated last line (interrupted write?)": 1}
    assert report.skipped_records[0]["file"] == str(stream)
    assert report.notices == {"delete": 1, "limit": 1, "warning": 1, "scrub_geo": 1}
    with pytest.raises(IngestError, match="strict"):
        import_tweets([stream], tmp_path / "s.parquet", strict=True)


def test_v2_page_errors_never_drop_the_page(shared_fixtures: Path, tmp_path: Path) -> None:
    report = import_tweets([shared_fixtures / "twarc-csv/test-data/entities_test.jsonl"], tmp_path / "t.parquet")
    assert report.tweets_written == 474
    assert sum(report.page_errors.values()) == 11


def test_cp1252_csv_is_decoded(fx) -> None:
    utf8 = fx("generated/twarc-json2csv-v1/python-twitter_streaming_lines.csv").sort("tweet_id")
    legacy = fx("synthetic-edge-cases/v1_json2csv_cp1252.csv").sort("tweet_id")
    assert utf8["tweet_id"].equals(legacy["tweet_id"])
    latin = utf8.filter(pl.col("text").str.contains("é")).height
    assert latin > 0 and legacy.filter(pl.col("text").str.contains("é")).height == latin


def test_whole_fixture_folder_imports_as_one_table(shared_fixtures: Path, tmp_path: Path) -> None:
    report = import_tweets([shared_fixtures], tmp_path / "all.parquet")
    frame = validate(pl.read_parquet(tmp_path / "all.parquet"))
    assert report.tweets_written == frame.height
    assert report.duplicates_merged > 0 and frame["tweet_id"].n_unique() == frame.height
    assert {"v1", "v2", "v2-flat", "csv-twarc", "csv-json2csv"} <= set(frame["source_format"])
    assert {"ids", "counts", "users", "compliance"} <= set(report.non_tweet)
