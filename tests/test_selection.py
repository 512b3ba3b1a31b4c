"""kit.selection: hashtags any/all, inclusive bounds, time zones, bare-date ends, kinds, accounts, errors."""

from __future__ import annotations

import dataclasses
import datetime as dt

import polars as pl
import pytest

from kit.schema import from_records
from kit.selection import Selection, normalize_account, normalize_tag, select


@pytest.fixture(scope="module")
def tweets() -> pl.DataFrame:
    return from_records(
        [
            {
                "tweet_id": "1",
                "text": "a",
                "hashtags": ["yesallwomen"],
                "created_at": "2014-05-24T00:00:00Z",
                "author_id": "100",
                "author_username": "Alice",
                "lang": "en",
            },
            {
                "tweet_id": "2",
                "text": "b",
                "hashtags": ["yesallwomen", "notallmen"],
                "created_at": "2014-05-24T23:59:59Z",
                "author_id": "200",
                "author_username": "bob",
                "lang": "EN",
                "is_retweet": True,
            },
            {
                "tweet_id": "3",
                "text": "c",
                "hashtags": ["notallmen"],
                "created_at": "2014-05-25T00:00:00Z",
                "author_id": "300",
                "author_username": "Carol",
                "lang": "es",
                "is_quote": True,
            },
            {
                "tweet_id": "4",
                "text": "d",
                "hashtags": [],
                "created_at": "2014-05-25T07:00:00Z",
                "author_id": "400",
                "author_username": None,
                "lang": "und",
                "is_reply": True,
            },
            {
                "tweet_id": "5",
                "text": "e",
                "hashtags": ["yesallwomen", "yesallwomen"],
                "created_at": "2014-05-26T12:00:00Z",
                "author_id": "500",
                "author_username": "dave",
                "lang": "fr",
                "is_reply": True,
                "is_quote": True,
            },
            {
                "tweet_id": "6",
                "text": "f",
                "hashtags": None,
                "created_at": None,
                "author_id": None,
                "author_username": "eve",
            },
        ]
    )


def ids(frame: pl.DataFrame | pl.LazyFrame) -> list[str]:
    if isinstance(frame, pl.LazyFrame):
        frame = frame.collect()
    return sorted(frame["tweet_id"].to_list())


def test_no_criteria_keeps_everything(tweets: pl.DataFrame) -> None:
    assert ids(select(tweets)) == ["1", "2", "3", "4", "5", "6"]
    assert Selection().describe() == "all tweets"


def test_hashtag_any_is_case_insensitive_and_strips_hash(tweets: pl.DataFrame) -> None:
    assert ids(select(tweets, hashtags=["#YesAllWomen"])) == ["1", "2", "5"]
    assert ids(select(tweets, hashtags="NOTALLMEN")) == ["2", "3"]
    assert ids(select(tweets, hashtags=["#yesallwomen", "＃NotAllMen"])) == ["1", "2", "3", "5"]


def test_hashtag_all_requires_every_tag(tweets: pl.DataFrame) -> None:
    assert ids(select(tweets, hashtags=["yesallwomen", "notallmen"], match="all")) == ["2"]
    # a tag repeated in the selection or in the tweet counts once
    assert ids(select(tweets, hashtags=["yesallwomen", "#YESALLWOMEN"], match="all")) == ["1", "2", "5"]
    assert ids(select(tweets, hashtags=["yesallwomen", "missing"], match="all")) == []


def test_null_hashtags_never_match(tweets: pl.DataFrame) -> None:
    assert "6" not in ids(select(tweets, hashtags=["yesallwomen"]))


def test_bounds_are_inclusive_and_bare_end_date_covers_the_day(tweets: pl.DataFrame) -> None:
    assert ids(select(tweets, start="2014-05-24", end="2014-05-24")) == ["1", "2"]
    assert ids(select(tweets, start="2014-05-24T23:59:59Z", end="2014-05-25T00:00:00Z")) == ["2", "3"]
    # a datetime end is exact, not extended to the whole day
    assert ids(select(tweets, end="2014-05-25T00:00:00")) == ["1", "2", "3"]
    # tweets without a time fall outside any bounded selection
    assert "6" not in ids(select(tweets, start="2000-01-01"))


def test_date_objects_and_aware_datetimes(tweets: pl.DataFrame) -> None:
    assert ids(select(tweets, start=dt.date(2014, 5, 25), end=dt.date(2014, 5, 25))) == ["3", "4"]
    paris = dt.timezone(dt.timedelta(hours=2))
    start = dt.datetime(2014, 5, 25, 9, 0, tzinfo=paris)  # = 07:00 UTC
    assert ids(select(tweets, start=start, end="2014-05-25")) == ["4"]


def test_time_zone_applies_to_naive_bounds(tweets: pl.DataFrame) -> None:
    # 24 May in Los Angeles (UTC-7 in May) runs from 07:00 UTC on the 24th to 06:59:59.999999 on the 25th
    sel = Selection(start="2014-05-24", end="2014-05-24", tz="America/Los_Angeles")
    assert sel.start_utc == dt.datetime(2014, 5, 24, 7, tzinfo=dt.UTC)
    assert sel.end_utc == dt.datetime(2014, 5, 25, 6, 59, 59, 999999, tzinfo=dt.UTC)
    assert ids(select(tweets, sel)) == ["2", "3"]
    # an explicit offset wins over tz
    assert Selection(start="2014-05-24T00:00:00+00:00", tz="Asia/Tokyo").start_utc == dt.datetime(
        2014, 5, 24, tzinfo=dt.UTC
    )


def test_bare_end_date_across_daylight_saving_change() -> None:
    # 9 March 2014: clocks in New York went forward; the day ends at 23:59:59.999999 EDT (UTC-4)
    sel = Selection(end="2014-03-09", tz="America/New_York")
    assert sel.end_utc == dt.datetime(2014, 3, 10, 3, 59, 59, 999999, tzinfo=dt.UTC)


def test_languages_case_insensitive(tweets: pl.DataFrame) -> None:
    assert ids(select(tweets, langs=["EN"])) == ["1", "2", "6"]
    assert ids(select(tweets, langs=["es", "fr"])) == ["3", "5"]


def test_kinds_follow_precedence(tweets: pl.DataFrame) -> None:
    assert ids(select(tweets, kinds=["retweet"])) == ["2"]
    assert ids(select(tweets, kinds=["quote"])) == ["3", "5"]  # a quoting reply is a quote
    assert ids(select(tweets, kinds=["reply"])) == ["4"]
    assert ids(select(tweets, kinds=["original"])) == ["1", "6"]
    assert ids(select(tweets, kinds=["original", "reply"])) == ["1", "4", "6"]


def test_accounts_by_handle_or_id(tweets: pl.DataFrame) -> None:
    assert ids(select(tweets, accounts=["@ALICE", "300"])) == ["1", "3"]
    assert ids(select(tweets, accounts="400")) == ["4"]  # null handle, matched by id
    assert ids(select(tweets, exclude_accounts=["alice", "@Bob"])) == ["3", "4", "5", "6"]
    assert ids(select(tweets, exclude_accounts=["500"])) == ["1", "2", "3", "4", "6"]


def test_criteria_combine_with_and(tweets: pl.DataFrame) -> None:
    assert ids(select(tweets, hashtags=["yesallwomen"], kinds=["original"], start="2014-05-24")) == ["1"]


def test_lazy_and_eager_agree(tweets: pl.DataFrame) -> None:
    sel = Selection(hashtags=["notallmen"], end="2014-05-25")
    assert ids(select(tweets.lazy(), sel)) == ids(select(tweets, sel)) == ["2", "3"]


def test_selection_plus_keywords_overrides(tweets: pl.DataFrame) -> None:
    base = Selection(hashtags=["yesallwomen"])
    assert ids(select(tweets, base, end="2014-05-24")) == ["1", "2"]
    assert base.end is None  # the original is untouched (frozen)
    with pytest.raises(dataclasses.FrozenInstanceError):
        base.end = "x"  # type: ignore[misc]


def test_selection_is_normalised_and_hashable() -> None:
    a = Selection(hashtags=["#YesAllWomen"], accounts=["@Bob"], langs=["EN"], kinds=["Retweet"])
    b = Selection(hashtags=("yesallwomen",), accounts=("bob",), langs=("en",), kinds=("retweet",))
    assert a == b and hash(a) == hash(b)
    assert a.hashtags == ("yesallwomen",) and a.accounts == ("bob",)
    assert {a: 1}[b] == 1


def test_describe_and_to_dict() -> None:
    sel = Selection(hashtags=["a", "b"], match="all", start=dt.date(2014, 5, 24), end="2014-05-31", langs=["en"])
    text = sel.describe()
    assert "#a and #b" in text and "2014-05-24" in text and "language en" in text
    d = sel.to_dict()
    assert d["start"] == "2014-05-24" and d["hashtags"] == ("a", "b") and d["match"] == "all"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"kinds": ["tweet"]}, "unknown kind"),
        ({"match": "some"}, "match must be"),
        ({"tz": "Mars/Olympus"}, "unknown time zone"),
        ({"start": "2014-05-26", "end": "2014-05-25"}, "after end"),
        ({"start": "yesterday"}, "cannot read the date"),
        ({"end": "2014-13-01"}, "cannot read the date"),
    ],
)
def test_errors_say_what_is_wrong(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Selection(**kwargs)


def test_normalizers() -> None:
    assert normalize_tag("  #YesAllWomen ") == "yesallwomen"
    assert normalize_account("@SomeOne") == "someone"
