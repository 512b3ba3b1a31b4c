"""kit.describe: hand-checked answers on small frames, and the planted truth of the synthetic corpus."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from pathlib import Path

import polars as pl
import pytest

from kit import describe as d
from kit.cli.commands.summary import format_summary
from kit.privacy import pseudonym
from kit.schema import from_records
from kit.selection import Selection, select

SALT = "test-salt"
UTC = dt.UTC


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def small() -> pl.DataFrame:
    """Five tweets whose every figure below was worked out by hand."""
    return from_records(
        [
            {
                "tweet_id": "1",
                "created_at": "2014-05-24T10:05:00Z",
                "author_id": "a1",
                "author_username": "ann",
                "author_followers": 100,
                "text": "Women deserve safety @bob https://t.co/x #YesAllWomen #a",
                "hashtags": ["yesallwomen", "a"],
                "mentions": ["bob"],
                "urls": ["https://www.example.com/x"],
                "lang": "en",
            },
            {
                "tweet_id": "2",
                "created_at": "2014-05-24T10:40:00Z",
                "author_id": "b1",
                "author_username": "Bob",
                "author_followers": 9000,
                "text": "Women deserve safety @bob https://t.co/x #YesAllWomen #a",
                "hashtags": ["yesallwomen", "a"],
                "mentions": ["bob"],
                "urls": ["https://www.example.com/x"],
                "lang": "en",
                "is_retweet": True,
                "retweeted_id": "1",
                "retweeted_author_id": "a1",
                "retweeted_username": "ann",
            },
            {
                "tweet_id": "3",
                "created_at": "2014-05-24T12:10:00Z",
                "author_id": "a1",
                "author_username": "ann",
                "author_followers": 120,
                "text": "@bob exactly #YesAllWomen #b",
                "hashtags": ["yesallwomen", "b"],
                "mentions": ["bob"],
                "urls": ["http://example.com/y?q=1"],
                "lang": "en",
                "is_reply": True,
                "in_reply_to_id": "2",
                "in_reply_to_username": "Bob",
            },
            {
                "tweet_id": "4",
                "created_at": "2014-05-25T09:00:00Z",
                "author_id": "c1",
                "author_username": "cat",
                "author_followers": None,
                "text": "no todos #NotAllMen",
                "hashtags": ["notallmen"],
                "urls": ["https://news.org:443/1"],
                "lang": "es",
                "is_quote": True,
                "quoted_username": "Bob",
            },
            {
                "tweet_id": "5",
                "created_at": "2014-05-25T10:30:00Z",
                "author_id": "a1",
                "author_username": "Ann",
                "author_followers": 130,
                "text": "still here #yesallwomen",
                "hashtags": ["yesallwomen"],
                "lang": None,
            },
        ]
    )


# --- volume ------------------------------------------------------------------------------------
def test_volume_daily_by_kind(small: pl.DataFrame) -> None:
    v = d.volume(small, "day")
    assert v.columns == ["time", "kind", "tweets"]
    assert v.schema["time"] == pl.Datetime("us", "UTC")
    day1 = dict(v.filter(pl.col("time") == t("2014-05-24T00:00:00Z")).select("kind", "tweets").rows())
    day2 = dict(v.filter(pl.col("time") == t("2014-05-25T00:00:00Z")).select("kind", "tweets").rows())
    assert day1 == {"original": 1, "retweet": 1, "quote": 0, "reply": 1}
    assert day2 == {"original": 1, "retweet": 0, "quote": 1, "reply": 0}


def test_volume_hourly_is_zero_filled(small: pl.DataFrame) -> None:
    v = d.volume(small, "hour", by_kind=False)
    assert v.height == 25  # 10:00 on the 24th to 10:00 on the 25th
    assert v["tweets"].sum() == 5
    assert v["time"].diff().drop_nulls().unique().to_list() == [dt.timedelta(hours=1)]
    assert v.filter(pl.col("time") == t("2014-05-24T11:00:00Z"))["tweets"].item() == 0
    assert v.filter(pl.col("time") == t("2014-05-24T10:00:00Z"))["tweets"].item() == 2
    assert d.volume(small, "hour").height == 25 * 4


def test_volume_weeks_start_on_monday_and_lazy_input(small: pl.DataFrame) -> None:
    v = d.volume(small.lazy(), "week", by_kind=False)
    assert v.rows() == [(t("2014-05-19T00:00:00Z"), 5)]  # 24 May 2014 was a Saturday


def test_volume_minute_and_custom_durations(small: pl.DataFrame) -> None:
    v = d.volume(small.head(2), "minute", by_kind=False)
    assert v.height == 36 and v["tweets"].sum() == 2
    assert d.volume(small, "6h", by_kind=False)["tweets"].to_list() == [2, 1, 0, 0, 2]


def test_volume_in_local_time_zone() -> None:
    df = from_records(
        [
            {"tweet_id": "1", "text": "", "created_at": "2014-05-25T02:00:00Z"},
            {"tweet_id": "2", "text": "", "created_at": "2014-05-25T08:00:00Z"},
        ]
    )
    assert d.volume(df, "day", by_kind=False)["tweets"].to_list() == [2]
    la = d.volume(df, "day", by_kind=False, tz="America/Los_Angeles")
    assert la["tweets"].to_list() == [1, 1]  # 19:00 on the 24th and 01:00 on the 25th in California
    assert la.schema["time"] == pl.Datetime("us", "America/Los_Angeles")
    assert la["time"].dt.hour().to_list() == [0, 0]


def test_volume_empty_and_bad_granularity(small: pl.DataFrame) -> None:
    empty = d.volume(small.head(0), "day")
    assert empty.height == 0 and empty.columns == ["time", "kind", "tweets"]
    with pytest.raises(ValueError, match="unknown time bin"):
        d.volume(small, "fortnight")
    with pytest.raises(ValueError, match="unknown time zone"):
        d.volume(small, "day", tz="Mars/Olympus")


def test_compare_volume_shares_one_grid(small: pl.DataFrame) -> None:
    a = select(small, hashtags=["yesallwomen"])
    b = select(small, hashtags=["notallmen"])
    v = d.compare_volume(a, b, labels=("#yesallwomen", "#notallmen"), every="day")
    assert v.columns == ["time", "selection", "tweets"]
    assert v["selection"].to_list() == ["#yesallwomen", "#yesallwomen", "#notallmen", "#notallmen"]
    got = {(r["selection"], r["time"].day): r["tweets"] for r in v.to_dicts()}
    assert got == {("#yesallwomen", 24): 3, ("#yesallwomen", 25): 1, ("#notallmen", 24): 0, ("#notallmen", 25): 1}
    with pytest.raises(ValueError, match="labels must differ"):
        d.compare_volume(a, b, labels=("x", "x"))


# --- life cycle --------------------------------------------------------------------------------
def test_life_cycle_whole_frame(small: pl.DataFrame) -> None:
    row = d.life_cycle(small).row(0, named=True)
    assert row["hashtag"] == "all" and row["tweets"] == 5
    assert row["first_seen"] == t("2014-05-24T10:05:00Z") and row["last_seen"] == t("2014-05-25T10:30:00Z")
    assert row["peak_time"] == t("2014-05-24T10:00:00Z") and row["peak_tweets"] == 2
    # minutes after the 10:00 peak: 5, 40, 130, 1380, 1470 -> median 130 min
    assert row["half_life_hours"] == pytest.approx(130 / 60)
    assert row["hours_to_half_peak"] == pytest.approx(1.0)  # 11:00 is empty
    assert row["share_first_24h"] == pytest.approx(4 / 5)  # 10:30 next day is past 10:05 + 24 h


def test_life_cycle_per_tag_in_requested_order(small: pl.DataFrame) -> None:
    lc = d.life_cycle(small, ["#NotAllMen", "YesAllWomen"], every="hour")
    assert lc["hashtag"].to_list() == ["notallmen", "yesallwomen"]
    yaw = lc.row(1, named=True)
    assert yaw["tweets"] == 4 and yaw["peak_tweets"] == 2
    assert yaw["half_life_hours"] == pytest.approx((40 + 130) / 2 / 60)
    assert yaw["share_first_24h"] == pytest.approx(3 / 4)
    nam = lc.row(0, named=True)
    assert nam["tweets"] == 1 and nam["half_life_hours"] == 0 and nam["hours_to_half_peak"] is None


def test_life_cycle_ties_take_the_earliest_peak_and_decay_is_exponential() -> None:
    # an exponential decay with a half-life of 3 hours: 64, 51, 40, 32, ... tweets per hour
    rows, i = [], 0
    for h in range(24):
        for k in range(round(64 * 0.5 ** (h / 3))):
            rows.append(
                {
                    "tweet_id": str(i),
                    "text": "",
                    "hashtags": ["t"],
                    "created_at": dt.datetime(2014, 5, 24, h, (k * 60) // 64, tzinfo=UTC),
                }
            )
            i += 1
    row = d.life_cycle(from_records(rows), "t").row(0, named=True)
    assert row["peak_time"] == dt.datetime(2014, 5, 24, 0, tzinfo=UTC) and row["peak_tweets"] == 64
    assert row["hours_to_half_peak"] == pytest.approx(3.0)
    assert row["half_life_hours"] == pytest.approx(3.0, abs=0.6)
    tie = from_records(
        [
            {"tweet_id": str(i), "text": "", "created_at": f"2014-05-24T{h:02d}:10:00Z"}
            for i, h in enumerate([1, 1, 3, 3])
        ]
    )
    assert d.life_cycle(tie).row(0, named=True)["peak_time"] == t("2014-05-24T01:00:00Z")


def test_life_cycle_curves_align_on_peak(small: pl.DataFrame) -> None:
    c = d.life_cycle_curves(small, ["yesallwomen"], every="hour")
    assert c.columns == ["hashtag", "time", "hours_since_peak", "tweets", "share_of_peak"]
    assert c.height == 25 and c["tweets"].sum() == 4
    peak = c.filter(pl.col("hours_since_peak") == 0)
    assert peak["tweets"].item() == 2 and peak["share_of_peak"].item() == 1.0
    assert c["hours_since_peak"].max() == 24.0


# --- hashtags ----------------------------------------------------------------------------------
def test_top_hashtags(small: pl.DataFrame) -> None:
    top = d.top_hashtags(small)
    assert top.rows() == [("yesallwomen", 4, 0.8), ("a", 2, 0.4), ("b", 1, 0.2), ("notallmen", 1, 0.2)]
    assert d.top_hashtags(small, 1, exclude=["#YesAllWomen"])["hashtag"].to_list() == ["a"]
    repeated = from_records([{"tweet_id": "1", "text": "", "hashtags": ["x", "x"]}])
    assert d.top_hashtags(repeated).rows() == [("x", 1, 1.0)]


def test_co_hashtags_exclude_selected_and_share_of_their_tweets(small: pl.DataFrame) -> None:
    co = d.co_hashtags(small, Selection(hashtags=["YesAllWomen"]))
    assert co.rows() == [("a", 2, 0.5), ("b", 1, 0.25)]
    # same answer whether or not the frame was selected first
    assert d.co_hashtags(select(small, hashtags=["yesallwomen"]), ["yesallwomen"]).equals(co)
    with pytest.raises(ValueError, match="needs the selected"):
        d.co_hashtags(small, [])


def test_hashtag_pairs(small: pl.DataFrame) -> None:
    pairs = d.hashtag_pairs(small, 3)
    got = {(r["tag_a"], r["tag_b"]): (r["tweets"], r["share"]) for r in pairs.to_dicts()}
    assert len(got) == 6  # every ordered pair of the three top tags, zeros included
    assert got[("yesallwomen", "a")] == (2, 0.5) and got[("a", "yesallwomen")] == (2, 1.0)
    assert got[("yesallwomen", "b")] == (1, 0.25) and got[("a", "b")] == (0, 0.0)


# --- accounts ----------------------------------------------------------------------------------
def test_top_accounts_by_activity_with_pseudonyms(small: pl.DataFrame) -> None:
    top = d.top_accounts(small, "tweets", salt=SALT, threshold=5000)
    assert top.columns == ["account", "followers", "tweets", "share"]
    assert top.drop("share").rows() == [
        (pseudonym("ann", salt=SALT), 130, 3),
        ("Bob", 9000, 1),
        (pseudonym("cat", salt=SALT), None, 1),
    ]
    assert top["share"].to_list() == pytest.approx([0.6, 0.2, 0.2])
    plain = d.top_accounts(small, "tweets", pseudonyms=False)
    assert plain["account"].to_list() == ["Ann", "Bob", "cat"]  # the latest spelling of the handle


def test_top_accounts_by_visibility(small: pl.DataFrame) -> None:
    rt = d.top_accounts(small, "retweeted", salt=SALT)
    assert rt.rows() == [(pseudonym("ann", salt=SALT), 130, 1, 1.0)]
    mentioned = d.top_mentioned(small, salt=SALT, threshold=5000)
    assert mentioned.rows() == [("bob", 9000, 3, 1.0)]  # prominent: keeps the handle
    assert d.top_accounts(small, "quoted", pseudonyms=False).rows() == [("Bob", 9000, 1, 1.0)]
    assert d.top_accounts(small, "replied", pseudonyms=False).rows() == [("Bob", 9000, 1, 1.0)]
    with pytest.raises(ValueError, match="unknown measure"):
        d.top_accounts(small, "followers")  # type: ignore[arg-type]


def test_concentration_and_gini(small: pl.DataFrame) -> None:
    c = d.concentration(small).row(0, named=True)
    assert c["accounts"] == 3 and c["tweets"] == 5
    assert c["top1_share"] == pytest.approx(0.6) and c["top10_share"] == pytest.approx(0.6)
    # tweets per account 1, 1, 3: (2 * (1 + 2 + 9)) / (3 * 5) - 4 / 3
    assert c["gini"] == pytest.approx(24 / 15 - 4 / 3)
    assert d.gini([5, 5, 5]) == 0.0
    assert d.gini([0] * 99 + [1]) == pytest.approx(0.99)


def test_concentration_top_shares_on_hundred_accounts() -> None:
    rows = [{"tweet_id": f"{a}-{k}", "text": "", "author_id": str(a)} for a in range(100) for k in range(a + 1)]
    c = d.concentration(from_records(rows)).row(0, named=True)
    total = 100 * 101 / 2
    assert c["top1_share"] == pytest.approx(100 / total)
    assert c["top10_share"] == pytest.approx(sum(range(91, 101)) / total)


def test_lorenz(small: pl.DataFrame) -> None:
    lz = d.lorenz(small)
    assert lz["share_of_accounts"].to_list() == pytest.approx([0, 1 / 3, 2 / 3, 1])
    assert lz["share_of_tweets"].to_list() == pytest.approx([0, 0.2, 0.4, 1.0])
    many = from_records([{"tweet_id": str(i), "text": "", "author_id": str(i)} for i in range(1000)])
    lz = d.lorenz(many, points=11)
    assert lz.height == 11 and lz["share_of_tweets"].to_list() == pytest.approx(lz["share_of_accounts"].to_list())


# --- other tops --------------------------------------------------------------------------------
def test_domains_languages_kinds(small: pl.DataFrame) -> None:
    assert d.top_domains(small).rows() == [("example.com", 3, 0.6), ("news.org", 1, 0.2)]
    assert d.languages(small).rows() == [("en", 4, 0.8), ("es", 1, 0.2)]
    assert d.kinds(small).rows() == [("original", 2, 0.4), ("retweet", 1, 0.2), ("quote", 1, 0.2), ("reply", 1, 0.2)]
    assert d.original_share(small) == pytest.approx(0.8)
    assert d.original_share(small.head(0)) is None


# --- distinguishing words ----------------------------------------------------------------------
def test_word_counts_tokenization() -> None:
    df = from_records(
        [
            {
                "tweet_id": "1",
                "text": "Hello @Bob check https://t.co/x www.x.org #YesAllWomen #Other "
                "don't the Women’s 2014 yesallwomen a",
                "hashtags": [],
            }
        ]
    )
    words = dict(d.word_counts(df, exclude_tags=["#YesAllWomen"]).rows())
    assert words == {"hello": 1, "check": 1, "#other": 1, "women's": 1}


def test_word_counts_skip_retweets_by_default(small: pl.DataFrame) -> None:
    assert dict(d.word_counts(small, exclude_tags=["yesallwomen"]).rows())["women"] == 1
    assert dict(d.word_counts(small, retweets=True).rows())["women"] == 2


def test_log_odds_matches_monroe_formula() -> None:
    a = pl.DataFrame({"word": ["apple", "pear"], "count": [3, 1]})
    b = pl.DataFrame({"word": ["apple", "pear"], "count": [1, 3]})
    out = {r["word"]: r for r in d.log_odds(a, b).to_dicts()}
    # prior = pooled counts: alpha_apple = alpha_pear = 4, alpha0 = 8; n_a = n_b = 4
    delta = math.log(7 / 5) - math.log(5 / 7)
    assert out["apple"]["log_odds"] == pytest.approx(delta)
    assert out["apple"]["z"] == pytest.approx(delta / math.sqrt(1 / 7 + 1 / 5))
    assert out["pear"]["z"] == pytest.approx(-out["apple"]["z"])
    # a weaker prior gives a larger effect
    weak = {r["word"]: r for r in d.log_odds(a, b, prior_scale=0.1).to_dicts()}
    assert weak["apple"]["z"] > out["apple"]["z"]
    # a background prior: alpha_apple = 10, alpha_pear = 30, alpha0 = 40
    prior = pl.DataFrame({"word": ["apple", "pear"], "count": [10, 30]})
    bg = {r["word"]: r for r in d.log_odds(a, b, prior).to_dicts()}
    delta = math.log(13 / 31) - math.log(11 / 33)
    assert bg["apple"]["log_odds"] == pytest.approx(delta)
    assert bg["apple"]["z"] == pytest.approx(delta / math.sqrt(1 / 13 + 1 / 11))
    with pytest.raises(ValueError, match="prior_scale"):
        d.log_odds(a, b, prior_scale=0)


def test_distinguishing_words_sides_and_exclusions() -> None:
    a = from_records(
        [{"tweet_id": f"a{i}", "text": f"#YesAllWomen women fear safety harassment {i % 2}"} for i in range(20)]
    )
    b = from_records([{"tweet_id": f"b{i}", "text": "#NotAllMen not all men are like that women"} for i in range(20)])
    words = d.distinguishing_words(a, b, labels=("yes", "not"), exclude_tags=["yesallwomen", "notallmen"], n=3)
    assert words.columns == ["word", "side", "count_a", "count_b", "log_odds", "z"]
    yes = words.filter(pl.col("side") == "yes")["word"].to_list()
    no = words.filter(pl.col("side") == "not")["word"].to_list()
    assert set(yes) == {"fear", "safety", "harassment"}
    # "not", "all", "are", "that" are stop words; "women" is 20 of 60 words in b but 20 of 80 in a
    assert set(no) == {"men", "like", "women"}
    assert words.filter(pl.col("word") == "women")["z"].item() > words.filter(pl.col("word") == "men")["z"].item()
    assert "#yesallwomen" not in yes + no and "yesallwomen" not in yes + no
    assert words["z"].is_sorted(descending=True)
    with pytest.raises(ValueError, match="no words"):
        d.distinguishing_words(a, b.head(0))
    background = pl.concat([a, b, from_records([{"tweet_id": f"c{i}", "text": "men fear nothing"} for i in range(50)])])
    with_bg = d.distinguishing_words(a, b, exclude_tags=["yesallwomen", "notallmen"], n=None, prior=background)
    pooled = d.distinguishing_words(a, b, exclude_tags=["yesallwomen", "notallmen"], n=None)
    assert set(with_bg["word"]) == set(pooled["word"])
    z_bg = dict(with_bg.select("word", "z").rows())
    z_pooled = dict(pooled.select("word", "z").rows())
    assert z_bg["fear"] != pytest.approx(z_pooled["fear"])


# --- coding sample -----------------------------------------------------------------------------
def test_coding_sample_is_seeded_and_order_independent(small: pl.DataFrame) -> None:
    s1 = d.coding_sample(small, 2, seed=1, salt=SALT)
    s2 = d.coding_sample(small.reverse(), 2, seed=1, salt=SALT)
    assert s1.equals(s2)
    assert s1.columns == [
        "tweet_id",
        "created_at",
        "author",
        "kind",
        "lang",
        "text",
        "code",
        "code_sentiment",
        "code_emotion",
        "code_testimony",
        "code_call_to_action",
    ]
    assert s1["code"].to_list() == ["", ""]
    everything = d.coding_sample(small, 50, salt=SALT)
    assert sorted(everything["tweet_id"].to_list()) == ["1", "3", "4", "5"]  # retweets left out
    assert d.coding_sample(small, 50, retweets=True, salt=SALT).height == 5
    draws = {tuple(d.coding_sample(small, 2, seed=s, salt=SALT)["tweet_id"].to_list()) for s in range(12)}
    assert len(draws) > 1


def test_coding_sample_pseudonymizes_authors_and_mentions(small: pl.DataFrame) -> None:
    s = d.coding_sample(small, 50, salt=SALT, threshold=5000)
    row = s.filter(pl.col("tweet_id") == "1").row(0, named=True)
    assert row["author"] == pseudonym("ann", salt=SALT)
    assert "@bob" in row["text"]  # Bob has 9,000 followers: prominent
    low = d.coding_sample(small, 50, salt=SALT, threshold=10_000)
    text = low.filter(pl.col("tweet_id") == "1")["text"].item()
    assert "@bob" not in text and f"@{pseudonym('bob', salt=SALT)}" in text
    plain = d.coding_sample(small, 50, pseudonyms=False)
    assert "ann" in plain["author"].to_list()


def test_write_coding_sample_csv(small: pl.DataFrame, tmp_path: Path) -> None:
    sample = d.coding_sample(small, 3, salt=SALT).drop("code")
    path = d.write_coding_sample(sample, tmp_path / "coding" / "sample.csv")
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 3 and all(r["code"] == "" for r in rows)
    assert rows[0]["created_at"].startswith("2014-05-")
    assert [p.name for p in path.parent.iterdir()] == ["sample.csv"]  # no temporary file left
    excel = d.write_coding_sample(sample, tmp_path / "excel.csv", excel=True)
    assert excel.read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(ValueError, match=".csv"):
        d.write_coding_sample(sample, tmp_path / "sample.xlsx")


# --- summary and CLI ---------------------------------------------------------------------------
def test_summary_figures(small: pl.DataFrame) -> None:
    sel = Selection(hashtags=["yesallwomen"])
    s = d.summary(select(small, sel), selection=sel, salt=SALT, threshold=5000)
    json.dumps(s)  # JSON-ready
    assert s["tweets"] == 4 and s["accounts"] == 2
    assert s["start"] == "2014-05-24T10:05:00+00:00" and s["end"] == "2014-05-25T10:30:00+00:00"
    assert s["span_hours"] == pytest.approx(24.42, abs=0.01)
    assert s["peak_time"] == "2014-05-24T10:00:00+00:00" and s["peak_tweets"] == 2
    assert s["share_retweets"] == pytest.approx(0.25) and s["share_original"] == pytest.approx(0.75)
    assert [h["hashtag"] for h in s["co_hashtags"]] == ["a", "b"]
    assert s["top_accounts"][0]["account"] == pseudonym("ann", salt=SALT)
    assert s["top_mentioned"][0]["account"] == "bob"
    assert s["selection"] == "#yesallwomen"
    empty = d.summary(small.head(0), salt=SALT)
    assert empty["tweets"] == 0 and empty["peak_time"] is None
    assert "Tweets: 0" in format_summary(empty)


def test_non_canonical_frame_is_refused_with_a_hint(small: pl.DataFrame) -> None:
    from kit.schema import SchemaError

    with pytest.raises(SchemaError, match="conform"):
        d.summary(small.drop("hashtags"))
    with pytest.raises(TypeError, match="DataFrame or LazyFrame"):
        d.volume(small.to_dicts())  # type: ignore[arg-type]


def _write(frame: pl.DataFrame, tmp_path: Path) -> str:
    path = tmp_path / "t.parquet"
    frame.write_parquet(path)
    return str(path)


def test_cli_summary_text_and_json(small: pl.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from kit.cli import main

    data = _write(small, tmp_path)
    assert main(["summary", data, "--hashtag", "#YesAllWomen", "--end", "2014-05-24"]) == 0
    out = capsys.readouterr().out
    assert "Tweets: 3" in out and "Top co-hashtags" in out and "pseudonyms" in out
    assert pseudonym("ann", salt=SALT) in out and "Bob" in out
    assert main(["summary", data, "--json", "--no-pseudonyms", "--top", "2"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["tweets"] == 5 and len(doc["top_hashtags"]) == 2 and doc["top_accounts"][0]["account"] == "Ann"
    assert main(["summary", str(tmp_path / "missing.parquet")]) == 2
    assert "kit import" in capsys.readouterr().err


def test_cli_compare_text_and_json(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from kit.cli import main

    rows = [
        {
            "tweet_id": f"a{i}",
            "text": "#YesAllWomen fear harassment",
            "hashtags": ["yesallwomen"],
            "created_at": "2014-05-24T10:00:00Z",
        }
        for i in range(10)
    ]
    rows += [
        {
            "tweet_id": f"b{i}",
            "text": "#NotAllMen good guys",
            "hashtags": ["notallmen"],
            "created_at": "2014-05-25T10:00:00Z",
        }
        for i in range(10)
    ]
    data = _write(from_records(rows), tmp_path)
    assert main(["compare", data, "--a", "#YesAllWomen", "--b", "notallmen", "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert out.index("More typical of #yesallwomen") < out.index("More typical of #notallmen")
    assert out.startswith("#yesallwomen: 10 tweets")
    assert "harassment" in out.split("More typical of #notallmen")[0] and "guys" in out.split("#notallmen:")[-1]
    assert main(["compare", data, "--a", "yesallwomen", "--b", "notallmen", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["tweets"] == {"#yesallwomen": 10, "#notallmen": 10}
    assert {w["word"] for w in doc["words"]["#notallmen"]} == {"good", "guys"}
    assert main(["compare", data, "--a", "yesallwomen", "--b", "notallmen", "--json", "--end", "2014-05-24"]) == 2
    assert "no tweet carries #notallmen" in capsys.readouterr().err  # the window leaves only one side
    assert main(["compare", data, "--a", "yesallwomen", "--b", "notallmen", "--lang", "en", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tweets"]["#notallmen"] == 10
    assert main(["compare", data, "--a", "yesallwomen", "--b", "missingtag"]) == 2
    assert "no tweet carries #missingtag" in capsys.readouterr().err


# --- the synthetic corpus against its planted truth --------------------------------------------
def test_synthetic_burst_on_24_25_may(synthetic) -> None:
    daily = d.volume(synthetic.tweets, "day", by_kind=False)
    assert daily["tweets"].sum() == synthetic.tweets.height
    busiest = daily.sort("tweets", descending=True)["time"][0].date()
    assert busiest in (dt.date(2014, 5, 24), dt.date(2014, 5, 25))
    cycle = d.life_cycle(synthetic.tweets, ["yesallwomen"]).row(0, named=True)
    assert cycle["peak_time"].date() in (dt.date(2014, 5, 24), dt.date(2014, 5, 25))
    # the planted counter-wave comes later and decays more slowly than the burst
    nam = d.life_cycle(synthetic.tweets, ["notallmen"]).row(0, named=True)
    assert nam["share_first_24h"] < cycle["share_first_24h"]
    truth_daily = synthetic.truth.group_by(pl.col("created_at").dt.truncate("1d").alias("time")).len()
    assert dict(truth_daily.rows()) == {r["time"]: r["tweets"] for r in daily.to_dicts() if r["tweets"]}


def test_synthetic_co_hashtags_match_planted_tags(synthetic) -> None:
    got = d.co_hashtags(synthetic.tweets, ["yesallwomen"], 8)
    planted = (
        synthetic.truth.filter(pl.col("hashtags").list.contains("yesallwomen"))
        .select(pl.col("hashtags").list.unique())
        .explode("hashtags")
        .filter(pl.col("hashtags") != "yesallwomen")
        .group_by("hashtags")
        .len()
        .sort(["len", "hashtags"], descending=[True, False])
        .head(8)
    )
    assert got.select("hashtag", "tweets").rows() == planted.rows()
    assert {"islavista", "notallmen", "everydaysexism"} <= set(got["hashtag"].head(5))


def test_synthetic_distinguishing_words_of_notallmen(synthetic) -> None:
    from kit.sample import vocab

    result = d.compare(synthetic.tweets, "YesAllWomen", "#NotAllMen", n=10, exclusive=True)
    words = result["words"]
    nam = words.filter(pl.col("side") == "#notallmen")["word"].to_list()
    texts = [
        text for key in ("notallmen", "mens_support") for group in vocab.THEME_TEXT[key].values() for text in group
    ]
    planted = set(d.word_counts(from_records([{"tweet_id": str(i), "text": x} for i, x in enumerate(texts)]))["word"])
    assert len(nam) == 10 and sum(w in planted for w in nam) >= 8, nam
    assert (words.filter(pl.col("side") == "#notallmen")["z"] < -1.96).all()
    assert not {"yesallwomen", "notallmen", "#yesallwomen", "#notallmen"} & set(words["word"])
    # the fused path of compare() scores exactly what distinguishing_words() scores on the two selections
    window = synthetic.tweets.filter(
        ~(pl.col("hashtags").list.contains("yesallwomen") & pl.col("hashtags").list.contains("notallmen"))
    )
    direct = d.distinguishing_words(
        select(window, hashtags=["yesallwomen"]),
        select(window, hashtags=["notallmen"]),
        labels=("#yesallwomen", "#notallmen"),
        exclude_tags=["yesallwomen", "notallmen"],
        n=10,
    )
    assert direct.equals(words)
    vol = result["volume"]
    assert (
        vol.filter(pl.col("selection") == "#yesallwomen")["tweets"].sum()
        > vol.filter(pl.col("selection") == "#notallmen")["tweets"].sum()
    )


def test_synthetic_accounts_and_summary_match_truth(synthetic) -> None:
    truth = synthetic.truth
    s = d.summary(synthetic.tweets, salt=SALT)
    assert s["tweets"] == truth.height
    assert s["accounts"] == truth["author_id"].n_unique()
    assert s["share_retweets"] == pytest.approx(truth["is_retweet"].mean())
    top = d.top_accounts(synthetic.tweets, "tweets", 5, pseudonyms=False)
    planted = truth.group_by("author_id").len().sort("len", descending=True).head(5)
    assert top["tweets"].to_list() == planted["len"].to_list()
    hidden = d.top_accounts(synthetic.tweets, "tweets", 50, salt=SALT)
    small = hidden.filter(pl.col("followers") < 5000)["account"]
    assert small.len() > 0 and small.str.starts_with("user_").all()
    assert not hidden.filter(pl.col("followers") >= 5000)["account"].str.starts_with("user_").any()
