"""kit.affect: scores on hand-made texts, the planted affect of the synthetic corpus, TweetEval, the coding loop."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from kit.affect import lexicon
from kit.affect import tables as T
from kit.affect.score import COLUMNS, affect_table, score_affect
from kit.affect.validate import agreement, nrc_emotion_labels, read_coding


@pytest.fixture()
def affect_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_HOME", str(tmp_path))
    return tmp_path


# --- scores ----------------------------------------------------------------------------------------------
def test_columns_order_duplicates_and_unreadable_text_is_null_not_zero():
    texts = [
        "I felt scared for us all",
        None,
        "Porque tengo miedo de caminar sola de noche.",
        "I felt scared for us all",
        "",
    ]
    s = score_affect(texts, cache=False)
    assert s.columns == list(COLUMNS) and s.height == 5
    assert s.row(0) == s.row(3) and s["fear"][0] == 1.0
    assert s.row(1) == s.row(2) == s.row(4) == tuple([None] * len(COLUMNS))
    assert -1 <= s["sentiment"][0] < 0


def test_negation_intensifiers_supplement_and_emoji():
    s = score_affect(
        [
            "I am not scared anymore",
            "I am so scared",
            "I felt triggered and overwhelmed",
            "No longer afraid. I feel empowered 💪",
            "vote and share",
            "my heart 💔😡",
        ],
        cache=False,
    )
    fear = s["fear"].to_list()
    assert fear[:3] == [0.0, 1.5, 2.0]  # negated; intensified; 'triggered' + 'overwhelmed' from the supplement
    assert s["empowerment"][3] == 2.0 and fear[3] == 0.0  # 'empowered' + flexed biceps; 'no longer afraid'
    assert s.row(4, named=True)["anticipation"] == 0.0  # NRC gives 'vote' all eight emotions; the supplement none
    assert s["sadness"][5] == 1.0 and s["anger"][5] == 1.0  # emoji by name
    assert lexicon.entry("terrified") == ("fear",) and lexicon.entry("abandoned") == ("anger", "fear", "sadness")


def test_testimony_and_calls_to_action_follow_the_documented_rules():
    s = score_affect(
        [
            "I was followed home from the bus stop when I was 14",
            "My boss told me to smile more. #YesAllWomen",
            "Women are harassed everywhere, the statistics are clear",
            "Call your senator today. Sign the petition and please share",
            "Speak up when your friends make rape jokes",
            "I had a great lunch",
        ],
        cache=False,
    )
    testimony, calls = s["testimony"].to_list(), s["call_to_action"].to_list()
    assert testimony[0] == 1.0 and testimony[1] >= 0.5 and testimony[2] == 0.0 and testimony[5] < 0.5
    assert calls[3] == 1.0 and calls[4] >= 0.5 and calls[0] == calls[2] == calls[5] == 0.0


def test_scores_are_cached_by_text_and_scorer(affect_cache, monkeypatch):
    texts = ["I am furious", "I am furious", "So much grief tonight"]
    first: dict[str, int] = {}
    a = score_affect(texts, stats=first)
    again: dict[str, int] = {}
    b = score_affect(texts, stats=again)
    assert first == {"texts": 3, "distinct": 2, "cached": 0, "scored": 3, "unscored": 0}
    assert again["cached"] == 2 and a.equals(b)
    assert list((affect_cache / "data" / "cache" / "affect").glob("*/shard-*.parquet"))
    monkeypatch.setitem(lexicon.SUPPLEMENT, "furious", ("joy",))  # a new scorer: the cache starts afresh
    changed: dict[str, int] = {}
    c = score_affect(texts, stats=changed)
    assert changed["cached"] == 0 and c["joy"][0] == 1.0 and c["anger"][0] == 0.0


# --- planted truth ------------------------------------------------------------------------------------------
def _planted(synthetic) -> pl.DataFrame:
    scores = affect_table(synthetic.tweets, cache=False)
    truth = synthetic.truth.select(
        "tweet_id",
        "emotion",
        "negated",
        pl.col("testimony").alias("planted_testimony"),
        "theme",
        "created_at",
        "is_retweet",
        "hashtags",
        "lang",
    )
    return T.with_dominant(scores).join(truth, on="tweet_id")


def _recovers_planted_affect(frame: pl.DataFrame) -> list[str]:
    """The planted checks; returns the ones that fail (empty: all recovered)."""
    failed = []
    own = frame.filter(~pl.col("is_retweet") & (pl.col("lang") == "en"))
    hours = (pl.col("created_at") - pl.datetime(2014, 5, 24, 15, time_zone="UTC")).dt.total_hours()
    early, late = own.filter(hours < 12), own.filter(hours > 48)
    grief = lambda f: f["dominant"].is_in(["fear", "sadness"]).mean()
    fight = lambda f: f["dominant"].is_in(["anger", "empowerment"]).mean()
    if not (grief(early) > grief(late) + 0.1 and fight(late) > fight(early) + 0.1):
        failed.append(
            f"trajectory: fear+sadness {grief(early):.2f}->{grief(late):.2f}, "
            f"anger+empowerment {fight(early):.2f}->{fight(late):.2f}"
        )
    for emotion in ("fear", "sadness", "anger", "empowerment"):  # the planted phrase is found
        planted = own.filter((pl.col("emotion") == emotion) & ~pl.col("negated"))
        if (planted[emotion] > 0).mean() < 0.9:
            failed.append(f"{emotion}: found in {(planted[emotion] > 0).mean():.2f} of planted tweets")
    by_theme = own.group_by("theme").agg(pl.col("fear").mean(), pl.col("sadness").mean())
    fear = dict(by_theme.select("theme", "fear").rows())
    # NRC reads 'gun', 'shooting', 'threats' as fear too, so safety is compared with the other personal themes
    if fear["safety"] <= max(fear[t] for t in ("harassment", "workplace", "entitlement", "mens_support")):
        failed.append("safety is not more fearful than the other personal themes")
    if "mourning" not in by_theme.sort("sadness", descending=True)["theme"].head(2).to_list():
        failed.append("mourning is not among the two saddest themes")
    return failed


def test_scores_recover_the_planted_trajectory_and_theme_profiles(synthetic):
    frame = _planted(synthetic)
    assert _recovers_planted_affect(frame) == []


def test_negated_fear_is_not_counted_as_fear(synthetic):
    own = _planted(synthetic).filter(~pl.col("is_retweet") & (pl.col("theme") != "safety"))
    negated = own.filter(pl.col("negated"))
    scared = own.filter((pl.col("emotion") == "fear") & ~pl.col("negated"))
    assert negated.height > 20 and scared.height > 50
    assert negated["fear"].mean() < 0.25 * scared["fear"].mean()
    assert (negated["dominant"] == "fear").mean() < 0.15


def test_testimony_share_and_defensive_counter_hashtag(synthetic):
    from sklearn.metrics import roc_auc_score

    frame = _planted(synthetic)
    yaw = frame.filter(
        ~pl.col("is_retweet")
        & pl.col("planted_testimony").is_not_null()
        & pl.col("hashtags").list.contains("yesallwomen")
    )
    planted = yaw["planted_testimony"].mean()
    measured = (yaw["testimony"] >= 0.5).mean()
    assert 0.2 < planted < 0.45 and abs(measured - planted) < 0.12, (planted, measured)
    assert roc_auc_score(yaw["planted_testimony"].to_numpy(), yaw["testimony"].to_numpy()) > 0.8
    cmp = T.compare_affect(synthetic.tweets, frame.select("tweet_id", *COLUMNS), "YesAllWomen", "#NotAllMen")
    row = {r["measure"]: r for r in cmp.to_dicts()}
    assert row["testimony"]["ci_low"] > 0.05  # #YesAllWomen testifies, #NotAllMen does not
    assert row["disgust"]["effect_ci_high"] < 0 and row["disgust"]["effect_size"] == "cohen_d"  # defensive words
    assert row["testimony"]["n_a"] + row["testimony"]["unscored_a"] > row["testimony"]["n_a"]  # other languages


def test_a_shuffled_lexicon_fails_the_planted_checks(synthetic, monkeypatch):
    real = lexicon.nrc()
    words, values = list(real), list(real.values())
    random.Random(0).shuffle(values)
    shuffled = dict(zip(words, values))
    monkeypatch.setattr(lexicon, "nrc", lambda: shuffled)
    broken = {w: tuple(random.Random(hash(w) % 997).sample(lexicon.EMOTIONS, 1)) for w in lexicon.SUPPLEMENT}
    monkeypatch.setattr(lexicon, "SUPPLEMENT", broken)
    monkeypatch.setattr(lexicon, "EMPOWERMENT", frozenset(random.Random(1).sample(sorted(real), 30)))
    assert len(_recovers_planted_affect(_planted(synthetic))) >= 2


# --- tables -------------------------------------------------------------------------------------------------
def test_tables_by_hashtag_group_and_topic(synthetic):
    scores = affect_table(synthetic.tweets, cache=False)
    over = T.affect_over_time(synthetic.tweets, scores, "day", hashtags=["yesallwomen", "notallmen"], by="hashtag")
    assert set(over["hashtag"].unique()) == {"yesallwomen", "notallmen"}
    assert (over["scored"] + over["unscored"] == over["tweets"]).all() and over["unscored"].sum() > 0
    emo = T.emotion_over_time(synthetic.tweets, scores, "day").filter(pl.col("scored") >= 20)
    sums = emo.group_by("time").agg(pl.col("share").sum())["share"]
    assert ((sums > 0.5) & (sums <= 1.0 + 1e-9)).all()  # 'none' (no emotion word) left out
    communities = synthetic.truth.select("author_id", "community").unique("author_id")
    per = T.affect_by_group(synthetic.tweets, scores, groups=communities, by="community")
    assert (
        per.filter(pl.col("community") == "counter")["testimony"][0]
        < per.filter(pl.col("community") == "supporters")["testimony"][0]
    )
    themes = synthetic.truth.select("tweet_id", pl.col("theme").rank("dense").cast(pl.Int64).alias("topic"))
    labels = synthetic.truth.select(
        pl.col("theme").rank("dense").cast(pl.Int64).alias("topic"), pl.col("theme").alias("label")
    ).unique()
    ranked = T.topic_affect(themes, scores, labels)
    assert ranked["label"][0] in {"harassment", "safety", "workplace"}
    assert T.topic_affect(themes, scores, labels, sort="call_to_action")["label"][0] in {"guns", "mens_support"}
    section = T.affect_section(
        synthetic.tweets,
        scores,
        hashtags=["yesallwomen"],
        counter=("yesallwomen", "notallmen"),
        assignments=themes,
        topics=labels,
    )
    from kit.charts import affect as charts

    built = charts.section_charts(section)
    assert set(built) == {"emotions", "sentiment", "testimony", "compare", "topics"}
    spec = built["emotions"].to_dict()
    assert spec["encoding"]["y"]["axis"]["format"] == "%" and "tweet_id" not in str(
        spec["datasets"] if "datasets" in spec else spec
    )
    assert built["compare"].to_dict()["layer"][0]["encoding"]["x2"]["field"] == "effect_ci_high"


# --- TweetEval (real labelled tweets) -------------------------------------------------------------------------
def _tweeteval(root: Path, task: str, split: str) -> tuple[list[str], list[int]]:
    folder = root / "tweeteval" / task
    if not folder.is_dir():
        pytest.skip("TweetEval fixture not found")
    texts = [
        line.rstrip(" ").replace("\\n", " ")
        for line in (folder / f"{split}_text.txt").read_text(encoding="utf-8").split("\n")[:-1]
    ]
    labels = [int(x) for x in (folder / f"{split}_labels.txt").read_text().split()]
    return texts, labels


def test_tweeteval_emotion_and_sentiment_against_gold_labels(shared_fixtures):
    from sklearn.metrics import f1_score, recall_score

    texts, gold = _tweeteval(shared_fixtures, "emotion", "test")
    names = ["anger", "joy", "optimism", "sadness"]
    pred = nrc_emotion_labels(score_affect(texts, cache=False))
    macro_f1 = f1_score([names[g] for g in gold], pred, average="macro")
    assert 0.42 < macro_f1 < 0.60, macro_f1  # measured 0.446; bare NRC counts 0.416-0.441; majority class 0.141
    texts, gold = _tweeteval(shared_fixtures, "sentiment", "test")
    sentiment = score_affect(texts, cache=False)["sentiment"].fill_null(0.0).to_numpy()
    pred3 = np.where(sentiment >= 0.05, 2, np.where(sentiment <= -0.05, 0, 1))
    recall = recall_score(gold, pred3, average="macro")
    assert 0.54 < recall < 0.65, recall  # measured 0.566; bare VADER 0.570; majority class 0.333


# --- the coding loop --------------------------------------------------------------------------------------------
def test_coding_sample_round_trip_agreement_and_score_agreement(synthetic, tmp_path):
    from kit.describe import coding_sample, write_coding_sample

    sample = coding_sample(synthetic.tweets, 40, seed=3, salt="s")
    truth = synthetic.truth.select("tweet_id", "testimony", "emotion")
    coded = sample.join(truth, on="tweet_id", how="left")
    yes_no = pl.when(pl.col("testimony")).then(pl.lit("yes")).otherwise(pl.lit("no"))
    a = coded.with_columns(
        yes_no.alias("code_testimony"),
        pl.col("emotion").fill_null("none").replace("defensive", "anger").alias("code_emotion"),
        pl.lit("negative").alias("code_sentiment"),
    )
    flip = pl.int_range(pl.len()) < 4  # coder b disagrees on the first four tweets
    b = a.with_columns(
        pl.when(flip)
        .then(pl.when(pl.col("code_testimony") == "yes").then(pl.lit("no")).otherwise(pl.lit("yes")))
        .otherwise(pl.col("code_testimony"))
        .alias("code_testimony")
    )
    pa, pb = (
        write_coding_sample(a.drop("testimony", "emotion"), tmp_path / "ann.csv"),
        write_coding_sample(b.drop("testimony", "emotion"), tmp_path / "ben.csv", excel=True),
    )
    codes = read_coding([pa, pb])
    assert set(codes["coder"].unique()) == {"ann", "ben"} and codes.height == 80
    scores = affect_table(synthetic.tweets.filter(pl.col("tweet_id").is_in(sample["tweet_id"].implode())), cache=False)
    result = agreement(codes, scores)
    row = result["coders"].filter(pl.col("code") == "testimony").row(0, named=True)
    from sklearn.metrics import cohen_kappa_score

    ya = codes.filter(pl.col("coder") == "ann").sort("tweet_id")["testimony"].to_list()
    yb = codes.filter(pl.col("coder") == "ben").sort("tweet_id")["testimony"].to_list()
    assert row["kappa_mean"] == pytest.approx(cohen_kappa_score(ya, yb)) and 0 < row["alpha"] < 1
    assert row["coders"] == 2 and row["tweets"] == 40
    binary = result["binary"].filter(pl.col("measure") == "testimony").row(0, named=True)
    assert binary["auc"] > 0.6 and binary["n"] > 20
    assert "macro" in result["emotion"]["class"].to_list()
    bad = tmp_path / "bad.csv"
    bad.write_text("tweet_id,code_testimony\n1,maybe\n")
    with pytest.raises(ValueError, match="maybe"):
        read_coding(bad)
    # the canonical table given instead of a coded CSV: said in one line, with what to give
    with pytest.raises(ValueError, match=r"is not a coded CSV .*give the CSV copies of the coding sample"):
        read_coding(synthetic.parquet)


def test_cli_affect_and_validate(synthetic, tmp_path, capsys, affect_cache):
    from kit.cli import main

    out = tmp_path / "affect.parquet"
    assert main(["affect", str(synthetic.parquet), "--out", str(out), "--hashtag", "notallmen"]) == 0
    table = pl.read_parquet(out)
    expected = synthetic.tweets.filter(pl.col("hashtags").list.contains("notallmen"))
    assert table.columns == ["tweet_id", *COLUMNS] and set(table["tweet_id"]) == set(expected["tweet_id"])
    printed = capsys.readouterr().out
    assert f"{expected.height:,} tweets" in printed and "not scored" in printed
    assert main(["affect", str(synthetic.parquet), "--out", str(tmp_path / "x.csv")]) == 2
    coded = tmp_path / "c1.csv"
    coded.write_text(
        "tweet_id,code_call_to_action\n"
        + "\n".join(f"{t},{i % 2}" for i, t in enumerate(table["tweet_id"].head(10)))
        + "\n"
    )
    assert main(["validate", str(coded), "--affect", str(out)]) == 0
    assert "call_to_action" in capsys.readouterr().out


def _pooling_holds(raw: pl.DataFrame, pooled: pl.DataFrame, floor: int) -> None:
    """What pooling sparse bins must keep: every tweet once, dense bins as they were, no thin point left."""
    assert pooled["tweets"].sum() == raw["tweets"].sum()  # no tweet lost or counted twice
    per_point = pooled.unique("time")
    assert (per_point["scored"] >= floor).all() or per_point.height == 1
    dense = raw.filter(pl.col("scored") >= floor)
    kept = pooled.filter(pl.col("bins") == 1).select("time", "emotion", "tweets", "share")
    # a dense bin is only pooled when it closes a pool of thin bins before it: the rest are untouched
    untouched = dense.join(kept, on=["time", "emotion"], how="inner", suffix="_p")
    assert untouched.height >= dense.height // 2
    assert (untouched["tweets"] == untouched["tweets_p"]).all()


def test_emotions_over_time_pools_a_quiet_tail(synthetic):
    scores = affect_table(synthetic.tweets, cache=False)
    raw = T.emotion_over_time(synthetic.tweets, scores, "hour")
    assert (raw.unique("time")["scored"] < 20).sum() > 5  # the synthetic burst has thin hours at its edges
    pooled = T.emotion_over_time(synthetic.tweets, scores, "hour", min_scored=20)
    _pooling_holds(raw, pooled, 20)
    assert pooled["bins"].max() > 1 and pooled["min_scored"].unique().to_list() == [20]
    from kit.charts import affect as charts
    from kit.notebook.display import alt_text

    title = charts.emotions_over_time(pooled).to_dict()["title"]
    assert "at least 20 scored tweets" in title["subtitle"][0]
    assert alt_text(charts.emotions_over_time(pooled), pooled).endswith("at least 20 scored tweets.")  # the caption
    assert isinstance(charts.emotions_over_time(raw).to_dict()["title"], str)  # nothing pooled, no subtitle


def test_emotions_over_time_pooling_on_a_27_month_real_collection(shared_fixtures):
    path = shared_fixtures / "IchbinHanna" / "FristIstFrust.jsonl.xz"
    from kit.ingest import read_tweets

    tweets = read_tweets(path)
    scores = affect_table(tweets, cache=False)  # the English tweets of a German campaign are scored
    raw = T.emotion_over_time(tweets, scores, "week")
    pooled = T.emotion_over_time(tweets, scores, "week", min_scored=20)
    _pooling_holds(raw, pooled, 20)
    assert pooled.unique("time").height < raw.unique("time").height
    # the weeks before the campaign's peak carry a handful of English tweets each: they become one point
    assert pooled.sort("time")["bins"][0] > 1
