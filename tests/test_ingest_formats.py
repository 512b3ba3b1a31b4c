"""Every input format, on small files the tests write themselves (no ../shared needed)."""

from __future__ import annotations

import bz2
import gzip
import json
from pathlib import Path
from typing import Any

import orjson
import polars as pl
import pytest

from kit.ingest import import_tweets, read_tweets
from kit.ingest.sniff import sniff_head
from kit.schema import validate

BIG_ID = 1169246717864136705  # > 2**53: a float would turn it into ...700
V1_DATE = "Sat May 24 18:02:00 +0000 2014"


# -- builders of real-shaped records ---------------------------------------------------------------
def v1_status(
    tid: int, text: str, *, user: str = "alice", uid: int = 11, tags: list[str] | None = None, **extra: Any
) -> dict[str, Any]:
    tags = tags if tags is not None else []
    return {
        "created_at": V1_DATE,
        "id": tid,
        "id_str": str(tid),
        "text": text,
        "truncated": False,
        "entities": {"hashtags": [{"text": t, "indices": [0, 1]} for t in tags], "user_mentions": [], "urls": []},
        "user": {"id": uid, "id_str": str(uid), "screen_name": user, "name": user.title(), "followers_count": 5},
        "lang": "en",
        "retweet_count": 2,
        "favorite_count": 3,
        **extra,
    }


def v2_tweet(
    tid: str,
    text: str,
    *,
    author: str = "11",
    tags: list[str] | None = None,
    refs: list[dict[str, str]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    out = {
        "id": tid,
        "text": text,
        "author_id": author,
        "created_at": "2014-05-24T18:02:00.000Z",
        "lang": "en",
        "edit_history_tweet_ids": [tid],
        "entities": {"hashtags": [{"start": 0, "end": 1, "tag": t} for t in tags or []]},
        "public_metrics": {"retweet_count": 1, "reply_count": 0, "like_count": 4, "quote_count": 0},
        **extra,
    }
    if refs:
        out["referenced_tweets"] = refs
    return out


USERS = [
    {"id": "11", "username": "alice", "name": "Alice", "public_metrics": {"followers_count": 5}},
    {"id": "22", "username": "bob", "name": "Bob", "public_metrics": {"followers_count": 7}},
]


def v2_page(
    data: list[dict[str, Any]] | dict[str, Any],
    *,
    tweets: list[dict[str, Any]] | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    page: dict[str, Any] = {
        "data": data,
        "includes": {"users": USERS, "tweets": tweets or []},
        "meta": {"result_count": 1},
        "__twarc": {"url": "x", "version": "2.14.0"},
    }
    if errors:
        page["errors"] = errors
    return page


def write_lines(path: Path, objs: list[Any], opener=open) -> Path:
    with opener(path, "wb") as fh:
        for obj in objs:
            fh.write(orjson.dumps(obj) + b"\n")
    return path


# The retweet case in v2: the RT's own text is cut; the original is in includes.tweets.
ORIGINAL = v2_tweet(
    "100",
    "We need to talk about this &amp; that #YesAllWomen #Equality https://t.co/x",
    author="22",
    tags=["YesAllWomen", "Equality"],
)
ORIGINAL["entities"]["urls"] = [
    {"expanded_url": "https://example.org/a"},
    {"expanded_url": "https://twitter.com/bob/status/100/photo/1"},
]
RETWEET = v2_tweet(
    "200",
    "RT @bob: We need to talk about this &amp; that #YesAllWomen #Equ…",
    author="11",
    tags=["YesAllWomen"],
    refs=[{"type": "retweeted", "id": "100"}],
)


# -- v2 ------------------------------------------------------------------------------------------
def test_v2_page_retweet_takes_the_originals_full_text_and_entities(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "p.jsonl", [v2_page([RETWEET], tweets=[ORIGINAL])])
    row = read_tweets(path).row(0, named=True)
    assert row["text"] == "We need to talk about this & that #YesAllWomen #Equality https://t.co/x"
    assert row["hashtags"] == ["yesallwomen", "equality"]
    assert row["urls"] == ["https://example.org/a"]  # the original's own media permalink dropped
    assert (row["is_retweet"], row["retweeted_id"], row["retweeted_username"]) == (True, "100", "bob")
    assert (row["author_username"], row["author_followers"], row["source_format"]) == ("alice", 5, "v2")
    assert not row["is_truncated"]


def test_v2_retweet_without_its_original_is_flagged_truncated(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "p.jsonl", [v2_page([RETWEET], errors=[{"title": "Not Found Error"}])])
    row = read_tweets(path).row(0, named=True)
    assert row["is_truncated"] and row["retweeted_username"] == "bob"


def test_v2_stream_page_with_object_data_and_big_int_rule_id(tmp_path: Path) -> None:
    page = {
        "data": v2_tweet("300", "hello #Tag", tags=["Tag"]),
        "includes": {"users": USERS},
        "matching_rules": [{"id": BIG_ID, "tag": None}],
    }
    row = read_tweets(write_lines(tmp_path / "s.jsonl", [page])).row(0, named=True)
    assert row["tweet_id"] == "300" and row["hashtags"] == ["tag"]


def test_v2_flattened_lines_equal_their_pages(tmp_path: Path) -> None:
    quoted = v2_tweet("400", "original thought", author="22")
    quote = v2_tweet("500", "so true https://t.co/q", refs=[{"type": "quoted", "id": "400"}])
    quote["entities"]["urls"] = [{"expanded_url": "https://twitter.com/bob/status/400"}]
    pages = write_lines(tmp_path / "pages.jsonl", [v2_page([RETWEET, quote], tweets=[ORIGINAL, quoted])])
    users = {u["id"]: u for u in USERS}

    def flat(t: dict[str, Any]) -> dict[str, Any]:
        out = dict(t, author=users[t["author_id"]])
        refs = {"100": ORIGINAL, "400": quoted}
        if "referenced_tweets" in t:
            out["referenced_tweets"] = [
                dict(refs[r["id"]], type=r["type"], author=users[refs[r["id"]]["author_id"]])
                for r in t["referenced_tweets"]
            ]
        return out

    flats = write_lines(tmp_path / "flat.jsonl", [flat(RETWEET), flat(quote)])
    a = read_tweets(pages).drop("source_format", "source_file").sort("tweet_id")
    b = read_tweets(flats).drop("source_format", "source_file").sort("tweet_id")
    assert a.equals(b)
    q = a.filter(pl.col("tweet_id") == "500").row(0, named=True)
    assert (q["is_quote"], q["quoted_id"], q["quoted_username"], q["urls"]) == (True, "400", "bob", [])
    assert set(read_tweets(flats)["source_format"]) == {"v2-flat"}


def test_v2_note_tweet_text_wins(tmp_path: Path) -> None:
    long = v2_tweet(
        "600",
        "short cut…",
        note_tweet={"text": "the whole long post #Long", "entities": {"hashtags": [{"tag": "Long"}]}},
    )
    row = read_tweets(write_lines(tmp_path / "n.jsonl", [v2_page([long])])).row(0, named=True)
    assert row["text"] == "the whole long post #Long" and row["hashtags"] == ["long"]


# -- v1.1 ----------------------------------------------------------------------------------------
def test_v1_jsonl_with_stream_notices_and_extended_tweet(tmp_path: Path) -> None:
    ext = v1_status(
        BIG_ID,
        "cut text… https://t.co/self",
        truncated=True,
        extended_tweet={
            "full_text": "cut text that goes on #Later",
            "entities": {"hashtags": [{"text": "Later"}], "user_mentions": [], "urls": []},
        },
    )
    ext["entities"]["urls"] = [{"expanded_url": f"https://twitter.com/i/web/status/{BIG_ID}"}]
    rt = v1_status(
        7,
        "RT @bob: orig…",
        retweeted_status=v1_status(6, "orig &lt;3 #One", user="bob", uid=22, tags=["One"], favorite_count=9),
    )
    objs = [
        {"delete": {"status": {"id": 5, "id_str": "5", "user_id": 1}}},
        ext,
        {"limit": {"track": 12}},
        rt,
        {"scrub_geo": {"user_id_str": "1", "up_to_status_id_str": "2"}},
        {"warning": {"code": "FALLING_BEHIND"}},
    ]
    report = import_tweets([write_lines(tmp_path / "s.jsonl", objs)], tmp_path / "o.parquet")
    assert report.tweets_written == 2 and report.notices == {"delete": 1, "limit": 1, "scrub_geo": 1, "warning": 1}
    frame = pl.read_parquet(tmp_path / "o.parquet")
    first = frame.filter(pl.col("tweet_id") == str(BIG_ID)).row(0, named=True)
    assert first["text"] == "cut text that goes on #Later" and first["hashtags"] == ["later"]
    assert first["urls"] == [] and not first["is_truncated"]
    second = frame.filter(pl.col("tweet_id") == "7").row(0, named=True)
    assert second["text"] == "orig <3 #One" and second["hashtags"] == ["one"]
    assert (second["retweeted_id"], second["retweeted_username"], second["like_count"]) == ("6", "bob", 9)


@pytest.mark.parametrize("shape", ["array", "pretty", "statuses", "map", "concatenated"])
def test_v1_whole_file_shapes(tmp_path: Path, shape: str) -> None:
    statuses = [v1_status(BIG_ID, "one #A", tags=["A"]), v1_status(BIG_ID + 2, "two")]
    path = tmp_path / "f.json"
    if shape == "array":
        path.write_bytes(orjson.dumps(statuses))
    elif shape == "pretty":
        path.write_text(json.dumps(statuses, indent=2))
    elif shape == "statuses":
        path.write_bytes(orjson.dumps({"statuses": statuses, "search_metadata": {"count": 2}}))
    elif shape == "map":
        path.write_bytes(orjson.dumps({"id": {str(BIG_ID): statuses[0], str(BIG_ID + 2): statuses[1], "9": None}}))
    else:
        path.write_text("\n".join(json.dumps(s, indent=2) for s in statuses))
    frame = read_tweets(path)
    assert sorted(frame["tweet_id"]) == [str(BIG_ID), str(BIG_ID + 2)]
    assert frame.filter(pl.col("tweet_id") == str(BIG_ID))["hashtags"].to_list() == [["a"]]


def test_v1_compat_truncated_status_is_flagged_and_loses_to_the_full_one(tmp_path: Path) -> None:
    compat = v1_status(42, "a long tweet cut… https://t.co/x", truncated=True)
    full = v1_status(42, "", full_text="a long tweet cut here, now complete", display_text_range=[0, 35])
    full.pop("text")
    a = write_lines(tmp_path / "a.jsonl", [compat])
    b = write_lines(tmp_path / "b.jsonl", [full])
    assert read_tweets(a)["is_truncated"].to_list() == [True]
    merged = read_tweets([a, b])
    assert merged["text"].to_list() == ["a long tweet cut here, now complete"]


# -- Gnip ----------------------------------------------------------------------------------------
def test_gnip_post_and_share(tmp_path: Path) -> None:
    actor = {"id": "id:twitter.com:22", "preferredUsername": "bob", "displayName": "Bob", "followersCount": 7}
    post = {
        "verb": "post",
        "id": "tag:search.twitter.com,2005:100",
        "postedTime": "2014-05-24T18:02:00.000Z",
        "body": "short",
        "long_object": {
            "body": "long body #Tag",
            "twitter_entities": {"hashtags": [{"text": "Tag"}], "user_mentions": [], "urls": []},
        },
        "actor": actor,
        "twitter_lang": "en",
    }
    share = {
        "verb": "share",
        "id": "tag:search.twitter.com,2005:200",
        "postedTime": "2014-05-24T19:00:00.000Z",
        "body": "RT @bob: long…",
        "actor": dict(actor, id="id:twitter.com:11", preferredUsername="alice"),
        "object": post,
        "twitter_entities": {"hashtags": [], "user_mentions": [], "urls": []},
    }
    frame = read_tweets(write_lines(tmp_path / "g.json", [post, share])).sort("tweet_id")
    assert frame["text"].to_list() == ["long body #Tag", "long body #Tag"]
    assert frame["is_retweet"].to_list() == [False, True]
    assert frame["retweeted_username"].to_list() == [None, "bob"]
    assert set(frame["source_format"]) == {"gnip"}


# -- CSV -----------------------------------------------------------------------------------------
TWARC_CSV_HEADER = (
    "id,conversation_id,referenced_tweets.replied_to.id,referenced_tweets.retweeted.id,"
    "referenced_tweets.quoted.id,author_id,in_reply_to_user_id,in_reply_to_username,retweeted_user_id,"
    "retweeted_username,quoted_user_id,quoted_username,created_at,text,lang,public_metrics.retweet_count,"
    "public_metrics.like_count,entities.hashtags,entities.mentions,entities.urls,author.id,"
    "author.username,author.public_metrics.followers_count"
)


def test_twarc_csv_07(tmp_path: Path) -> None:
    row = (
        f'{BIG_ID},{BIG_ID},,100,,11,,,22,bob,,,2014-05-24T18:02:00.000Z,"line one\\nline two #Yes",en,3,0,'
        '"[""#Yes""]","[""@Bob""]","[""https://example.org""]",11,alice,5.0'
    )
    path = tmp_path / "t.csv"
    path.write_text(TWARC_CSV_HEADER + "\n" + row + "\n")
    r = read_tweets(path).row(0, named=True)
    assert r["tweet_id"] == str(BIG_ID) and r["text"] == "line one\nline two #Yes"
    assert (r["hashtags"], r["mentions"], r["urls"]) == (["yes"], ["bob"], ["https://example.org"])
    assert (r["is_retweet"], r["retweeted_id"], r["retweeted_username"], r["author_followers"]) == (
        True,
        "100",
        "bob",
        5,
    )
    assert r["source_format"] == "csv-twarc"


def test_twarc_csv_columns_matched_by_name_not_position(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('text,lang,author.username,id,created_at\n"hi #A",en,alice,5,2014-05-24T18:02:00.000Z\n')
    r = read_tweets(path).row(0, named=True)
    # no entities.hashtags column: the hashtags come from the text
    assert (r["tweet_id"], r["text"], r["author_username"], r["hashtags"]) == ("5", "hi #A", "alice", ["a"])


def test_json2csv_hydrator_and_archive(tmp_path: Path) -> None:
    j = tmp_path / "j.csv"
    j.write_text(
        "id,tweet_url,created_at,parsed_created_at,user_screen_name,text,tweet_type,hashtags,urls,"
        "favorite_count,in_reply_to_screen_name,in_reply_to_status_id,in_reply_to_user_id,lang,retweet_count,"
        "retweet_or_quote_id,retweet_or_quote_screen_name,retweet_or_quote_user_id,user_id,"
        "user_followers_count\r\n"
        f'{BIG_ID},u,{V1_DATE},2014-05-24 18:02:00+00:00,alice,"multi\r\nline #Later @Bob",retweet,,'
        "https://e.org,0,,,,en,4,77,bob,22,11,5\r\n"
    )
    r = read_tweets(j).row(0, named=True)
    assert (r["tweet_id"], r["text"], r["hashtags"], r["mentions"]) == (
        str(BIG_ID),
        "multi\r\nline #Later @Bob",
        ["later"],
        ["bob"],
    )
    assert (r["is_retweet"], r["retweeted_id"], r["source_format"]) == (True, "77", "csv-json2csv")
    h = tmp_path / "h.csv"
    h.write_text(
        "coordinates,created_at,hashtags,media,urls,favorite_count,id,in_reply_to_screen_name,"
        "in_reply_to_status_id,in_reply_to_user_id,lang,place,possibly_sensitive,quote_id,retweet_count,"
        "retweet_id,retweet_screen_name,source,text,tweet_url,user_id,user_screen_name,user_followers_count\n"
        f",{V1_DATE},Yes,,,1,{BIG_ID},,,,en,,,55,0,,,web,hello #Yes,u,11,alice,3\n"
    )
    r = read_tweets(h).row(0, named=True)
    assert (r["is_quote"], r["quoted_id"], r["hashtags"], r["source_format"]) == (True, "55", ["yes"], "csv-hydrator")
    a = tmp_path / "tweets.csv"
    a.write_text(
        '"tweet_id","in_reply_to_status_id","in_reply_to_user_id","retweeted_status_id",'
        '"retweeted_status_user_id","timestamp","source","text","expanded_urls"\n'
        '"9","","","8","22","2013-03-25 00:16:47 +0000","web","RT @bob: a long #Tag retweet #Ta ...",'
        '"https://a.org,https://b.org"\n'
    )
    r = read_tweets(a).row(0, named=True)
    # the cut last word is never read as a hashtag; the RT prefix goes, as in JSON retweets
    assert (r["retweeted_username"], r["is_truncated"], r["hashtags"]) == ("bob", True, ["tag"])
    assert r["text"] == "a long #Tag retweet #Ta ..."
    assert r["urls"] == ["https://a.org", "https://b.org"] and r["created_at"].year == 2013


# -- compression, sniffing -----------------------------------------------------------------------
def test_gz_bz2_and_plain_give_the_same_rows(tmp_path: Path) -> None:
    objs = [v2_page([RETWEET], tweets=[ORIGINAL]), v1_status(BIG_ID, "hi #A", tags=["A"])]
    plain = read_tweets(write_lines(tmp_path / "x.jsonl", objs)).drop("source_file")
    gz = read_tweets(write_lines(tmp_path / "x.data", objs, opener=gzip.open)).drop("source_file")
    bz = read_tweets(write_lines(tmp_path / "y.jsonl", objs, opener=bz2.open)).drop("source_file")
    assert plain.equals(gz) and plain.equals(bz)


def test_sniffing_is_by_content_not_name(tmp_path: Path) -> None:
    csv_named_json = tmp_path / "tweets.json"
    csv_named_json.write_text("text,id,created_at\nhi,5,2014-05-24T18:02:00.000Z\n")
    json_named_csv = write_lines(tmp_path / "tweets.csv", [v1_status(6, "yo")])
    frame = read_tweets([csv_named_json, json_named_csv])
    assert sorted(frame["tweet_id"]) == ["5", "6"]
    assert sniff_head(b"\n\n") == "empty" and sniff_head(b"tweet_id\r\n1\r\n2\r\n") == "ids"


def test_utf8_bom_crlf_and_raw_line_separators(tmp_path: Path) -> None:
    status = v1_status(8, "text with \u2028 and \u2029 inside")
    path = tmp_path / "b.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + orjson.dumps(status) + b"\r\n\r\n" + orjson.dumps(v1_status(9, "x")) + b"\r\n")
    frame = read_tweets(path).sort("tweet_id")
    assert frame["tweet_id"].to_list() == ["8", "9"]
    assert "\u2028" in frame["text"][0]


def test_folders_and_globs(tmp_path: Path) -> None:
    (tmp_path / "raw" / "sub").mkdir(parents=True)
    write_lines(tmp_path / "raw" / "a.jsonl", [v1_status(1, "a")])
    write_lines(tmp_path / "raw" / "sub" / "b.jsonl", [v1_status(2, "b")])
    write_lines(tmp_path / "raw" / ".hidden.jsonl", [v1_status(3, "c")])
    assert sorted(read_tweets(tmp_path / "raw")["tweet_id"]) == ["1", "2"]
    assert sorted(read_tweets(str(tmp_path / "raw" / "**" / "*.jsonl"))["tweet_id"]) == ["1", "2"]
    with pytest.raises(FileNotFoundError, match="no file matches"):
        read_tweets(str(tmp_path / "nothing*.jsonl"))


def test_output_is_canonical(tmp_path: Path) -> None:
    frame = read_tweets(write_lines(tmp_path / "x.jsonl", [v2_page([RETWEET], tweets=[ORIGINAL])]))
    validate(frame, allow_extra=False)


def test_gzip_cut_short_is_read_up_to_the_cut_and_damage_is_refused(tmp_path: Path) -> None:
    from kit.ingest import IngestError

    raw = b"".join(orjson.dumps(v1_status(i, "x" * 60)) + b"\n" for i in range(1, 1001))
    packed = gzip.compress(raw)
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(packed[: len(packed) // 2])
    report = import_tweets([cut], tmp_path / "c.parquet")
    assert 0 < report.tweets_written < 1000
    assert report.skipped == {"truncated last line (interrupted write?)": 1}
    two = tmp_path / "two.jsonl.gz"  # concatenated gzip members (e.g. `cat a.gz b.gz`)
    two.write_bytes(packed + gzip.compress(orjson.dumps(v1_status(5000, "y")) + b"\n"))
    assert read_tweets(two).height == 1001
    damaged = bytearray(packed)
    damaged[len(damaged) // 3 : len(damaged) // 3 + 64] = bytes(64)
    (tmp_path / "bad.jsonl.gz").write_bytes(bytes(damaged))
    with pytest.raises(IngestError, match="damaged"):
        import_tweets([tmp_path / "bad.jsonl.gz"], tmp_path / "b.parquet")
