"""The synthetic #YesAllWomen corpus: determinism, real formats, round trip through the importer, planted shape."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from kit import config
from kit.cli.commands.sample import cli_sample
from kit.sample import build_corpus, ensure_sample, generate_sample, truth_path_for, vocab
from kit.sample.structure import TWITTER_EPOCH_MS, build_structure

V2_TIME = re.compile(r"^2014-0[5-7]-\d\dT\d\d:\d\d:\d\d\.000Z$")
V1_TIME = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (May|Jun|Jul) \d\d \d\d:\d\d:\d\d \+0000 2014$")


def _lines(path: Path) -> list[dict]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as fh:
        return [json.loads(line) for line in fh.read().split(b"\n") if line]


def _snowflake_ms(tweet_id: str) -> int:
    return (int(tweet_id) >> 22) + TWITTER_EPOCH_MS


@pytest.fixture(scope="module")
def truth30k(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    """Planted truth of a 30,000-tweet corpus (v2), big enough for stable shape statistics."""
    res = generate_sample(30_000, seed=11, fmt="v2", out=tmp_path_factory.mktemp("s30k") / "yaw.jsonl.gz")
    return pl.read_parquet(res.truth_path)


# --- determinism and files ---------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["v1", "v2"])
def test_same_seed_gives_identical_bytes_and_different_seed_differs(tmp_path: Path, fmt: str) -> None:
    a = generate_sample(1_200, seed=5, fmt=fmt, out=tmp_path / "a.jsonl.gz")
    b = generate_sample(1_200, seed=5, fmt=fmt, out=tmp_path / "b.jsonl.gz")
    c = generate_sample(1_200, seed=6, fmt=fmt, out=tmp_path / "c.jsonl.gz")
    assert a.raw_path.read_bytes() == b.raw_path.read_bytes()
    assert a.truth_path.read_bytes() == b.truth_path.read_bytes()
    assert a.raw_path.read_bytes() != c.raw_path.read_bytes()
    assert not pl.read_parquet(a.truth_path).equals(pl.read_parquet(c.truth_path))
    header = a.raw_path.read_bytes()[:10]
    assert header[:2] == b"\x1f\x8b" and header[4:8] == b"\0\0\0\0"  # gzip, mtime 0
    assert not header[3] & 0x08  # no embedded file name
    assert not list(tmp_path.glob(".*tmp"))  # atomic writes leave no temporaries


def test_truth_path_and_plain_jsonl(tmp_path: Path) -> None:
    assert truth_path_for(tmp_path / "x.jsonl.gz") == tmp_path / "x.truth.parquet"
    assert truth_path_for(tmp_path / "x.jsonl") == tmp_path / "x.truth.parquet"
    res = generate_sample(250, seed=1, fmt="v1", out=tmp_path / "plain.jsonl")
    assert res.truth_path == tmp_path / "plain.truth.parquet"
    statuses = _lines(res.raw_path)
    assert len(statuses) == res.n_lines == 250
    truth = pl.read_parquet(res.truth_path)
    assert truth.height == 250 and truth["tweet_id"].n_unique() == 250
    assert {
        "tweet_id",
        "author_id",
        "author_username",
        "theme",
        "community",
        "is_retweet",
        "retweeted_id",
        "hashtags",
    } <= set(truth.columns)


def test_bad_arguments_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        generate_sample(10, seed=1, fmt="v3", out=tmp_path / "x.jsonl")
    with pytest.raises(ValueError, match="positive"):
        generate_sample(0, seed=1, out=tmp_path / "x.jsonl")
    assert not (tmp_path / "x.jsonl").exists()


# --- real formats ------------------------------------------------------------------------------------------
def test_v2_pages_look_like_twarc2(synthetic) -> None:
    pages = _lines(synthetic.raw)
    assert len(pages) == 40
    seen_ids: list[str] = []
    kinds: Counter[str] = Counter()
    for n, page in enumerate(pages):
        assert list(page) == ["data", "includes", "meta", "__twarc"]
        data, inc = page["data"], page["includes"]
        assert 0 < len(data) <= 100 and page["meta"]["result_count"] == len(data)
        assert page["meta"]["newest_id"] == data[0]["id"] and page["meta"]["oldest_id"] == data[-1]["id"]
        assert ("next_token" in page["meta"]) == (n < len(pages) - 1)
        users = {u["id"]: u for u in inc["users"]}
        included = {t["id"]: t for t in inc.get("tweets", [])}
        for t in data:
            seen_ids.append(t["id"])
            assert V2_TIME.match(t["created_at"]) and len(t["id"]) == 18
            created = dt.datetime.strptime(t["created_at"], "%Y-%m-%dT%H:%M:%S.000Z").replace(tzinfo=dt.UTC)
            assert abs(_snowflake_ms(t["id"]) / 1000 - created.timestamp()) < 1
            assert t["author_id"] in users and isinstance(
                users[t["author_id"]]["public_metrics"]["followers_count"], int
            )
            for m in t.get("entities", {}).get("mentions", []):
                assert m["id"] in users and t["text"][m["start"] : m["end"]] == "@" + m["username"]
            for h in t.get("entities", {}).get("hashtags", []):
                assert t["text"][h["start"] : h["end"]] == "#" + h["tag"]
            refs = {r["type"]: r["id"] for r in t.get("referenced_tweets", [])}
            for ref in refs.values():
                assert ref in included and included[ref]["author_id"] in users
            if "retweeted" in refs:
                kinds["retweet"] += 1
                original = included[refs["retweeted"]]
                assert t["text"].startswith(f"RT @{users[original['author_id']]['username']}: ")
                assert len(t["text"].replace("&amp;", "&").replace("&lt;", "<")) <= 140
                assert t["public_metrics"]["retweet_count"] == original["public_metrics"]["retweet_count"]
                assert t["public_metrics"]["like_count"] == 0
            elif "replied_to" in refs:
                kinds["reply"] += 1
                assert t["in_reply_to_user_id"] == included[refs["replied_to"]]["author_id"]
                assert t["conversation_id"] == refs["replied_to"]
            elif "quoted" in refs:
                kinds["quote"] += 1
    assert seen_ids == sorted(seen_ids, key=int, reverse=True)  # search results come newest first
    assert kinds["retweet"] > 2000 and kinds["reply"] > 100 and kinds["quote"] > 50
    raw_text = synthetic.raw.read_bytes()
    assert b"&amp;" in gzip.decompress(raw_text) and b"&lt;3" in gzip.decompress(raw_text)


def test_v1_statuses_look_like_twarc1(synthetic_v1) -> None:
    statuses = _lines(synthetic_v1.raw)
    assert len(statuses) == 4_000
    extended = quoted = retweets = 0
    for s in statuses:
        assert V1_TIME.match(s["created_at"]) and s["id_str"] == str(s["id"]) and len(s["id_str"]) == 18
        assert int(s["timestamp_ms"]) // 1000 == _snowflake_ms(s["id_str"]) // 1000
        assert {"screen_name", "id_str", "followers_count"} <= set(s["user"])
        assert len(s["text"].replace("&amp;", "&").replace("&lt;", "<")) <= 140
        if "retweeted_status" in s:
            retweets += 1
            rt = s["retweeted_status"]
            assert s["text"].startswith(f"RT @{rt['user']['screen_name']}: ")
            assert s["retweet_count"] == rt["retweet_count"] and s["favorite_count"] == 0
        if s["truncated"]:
            extended += 1
            full = s["extended_tweet"]["full_text"]
            assert s["text"].endswith(s["entities"]["urls"][-1]["url"])
            assert s["entities"]["urls"][-1]["expanded_url"].endswith(f"/i/web/status/{s['id_str']}")
            assert len(full) > 140 and s["extended_tweet"]["display_text_range"] == [0, len(full)]
        if s["is_quote_status"]:
            quoted += 1
            assert s["quoted_status"]["id_str"] == s["quoted_status_id_str"]
        if s["in_reply_to_status_id_str"]:
            assert s["text"].startswith("@" + s["in_reply_to_screen_name"])
    assert retweets > 2000 and extended > 20 and quoted > 50


# --- round trip through the importer ----------------------------------------------------------------------
@pytest.mark.parametrize("which", ["synthetic", "synthetic_v1", "synthetic_bluesky", "synthetic_mastodon"])
def test_import_round_trip_agrees_with_truth(which: str, request: pytest.FixtureRequest) -> None:
    corpus = request.getfixturevalue(which)
    report = json.loads(corpus.parquet.with_suffix(".import.json").read_text())
    assert report["tweets_written"] == 4_000
    assert not report["skipped"] and not report["skipped_records"]
    tweets, truth = corpus.tweets, corpus.truth
    assert sorted(tweets["tweet_id"]) == sorted(truth["tweet_id"])
    joined = tweets.join(truth, on="tweet_id", suffix="_truth")
    for column in (
        "author_id",
        "author_username",
        "is_retweet",
        "retweeted_id",
        "quoted_id",
        "in_reply_to_id",
        "lang",
        "created_at",
    ):
        bad = joined.filter(pl.col(column).ne_missing(pl.col(f"{column}_truth")))
        assert bad.height == 0, f"{column} disagrees with the truth: {bad.select('tweet_id', column).head(3)}"
    tags = joined.select(a=pl.col("hashtags").list.sort(), b=pl.col("hashtags_truth").list.sort())
    assert tags.filter(pl.col("a").ne_missing(pl.col("b"))).height == 0
    # retweets carry the full original text, and truncated forms never leak into the table
    originals = dict(zip(tweets["tweet_id"], tweets["text"]))
    rts = tweets.filter("is_retweet")
    assert all(originals[o] == t for o, t in zip(rts["retweeted_id"], rts["text"]))
    assert not tweets["is_truncated"].any()  # Jetstream reposts too: filled from their originals
    assert tweets["text"].str.contains("&amp;").sum() == 0 and tweets["text"].str.contains("&").sum() > 0
    assert (tweets["text"].str.len_chars() > 140).sum() > 20


# --- planted shape -----------------------------------------------------------------------------------------
def test_burst_tail_rhythm_and_counter_wave(truth30k: pl.DataFrame) -> None:
    days = truth30k.group_by(pl.col("created_at").dt.date().alias("day")).len().sort("len", descending=True)
    assert days["day"][0] in (dt.date(2014, 5, 24), dt.date(2014, 5, 25))
    t = truth30k["created_at"]
    burst = t.is_between(dt.datetime(2014, 5, 24, tzinfo=dt.UTC), dt.datetime(2014, 5, 27, tzinfo=dt.UTC))
    assert 0.5 < burst.mean() < 0.92  # a burst ...
    assert (t > dt.datetime(2014, 6, 7, tzinfo=dt.UTC)).mean() > 0.01  # ... and a long tail
    assert t.min() >= dt.datetime(2014, 5, 24, tzinfo=dt.UTC) and t.max() < dt.datetime(2014, 7, 1, tzinfo=dt.UTC)
    hours = truth30k.filter(pl.col("kind") == "original")["created_at"].dt.hour().value_counts()
    assert hours["count"].max() > 2.5 * hours["count"].min()  # day and night
    nam = truth30k.filter(
        pl.col("hashtags").list.contains("notallmen") & ~pl.col("hashtags").list.contains("yesallwomen")
    )
    yaw = truth30k.filter(
        pl.col("hashtags").list.contains("yesallwomen") & ~pl.col("hashtags").list.contains("notallmen")
    )
    assert 0.04 < nam.height / truth30k.height < yaw.height / truth30k.height
    assert nam["created_at"].median() - yaw["created_at"].median() > dt.timedelta(hours=12)


def test_retweet_majority_cascades_and_heavy_tails(truth30k: pl.DataFrame) -> None:
    kinds = truth30k["kind"].value_counts().to_dicts()
    share = {k["kind"]: k["count"] / truth30k.height for k in kinds}
    assert 0.52 < share["retweet"] < 0.68
    assert 0.02 < share["quote"] < 0.1 and 0.04 < share["reply"] < 0.15
    per_author = truth30k["author_id"].value_counts()["count"].sort(descending=True).to_numpy()
    top = per_author[: max(1, per_author.size // 100)].sum() / per_author.sum()
    assert top > 0.08 and per_author.max() > 30 * np.median(per_author)  # a few accounts post a lot
    cascades = truth30k["retweeted_id"].drop_nulls().value_counts()["count"]
    assert cascades.max() > 80 and cascades.median() < 10


def test_follower_counts_are_heavy_tailed() -> None:
    s = build_structure(30_000, seed=3)
    assert s.followers.max() > 500 * np.median(s.followers)
    media = s.user_hub & (s.user_comm == vocab.COMMUNITIES.index("media"))
    assert np.median(s.followers[media]) > 50 * np.median(s.followers)


def test_communities_are_homophilous(truth30k: pl.DataFrame, synthetic) -> None:
    community = dict(zip(truth30k["tweet_id"], truth30k["community"]))
    rts = truth30k.filter("is_retweet")
    same = np.mean([c == community[o] for c, o in zip(rts["community"], rts["retweeted_id"])])
    assert same > 0.8
    assert truth30k["community"].n_unique() >= 4
    # mentions stay inside the community too (checked on the imported table)
    of_user = dict(zip(synthetic.truth["author_username"].str.to_lowercase(), synthetic.truth["community"]))
    pairs = (
        synthetic.tweets.join(synthetic.truth.select("tweet_id", "community"), on="tweet_id")
        .filter(~pl.col("is_retweet"))
        .select("community", "mentions")
        .explode("mentions")
        .drop_nulls()
    )
    known = [(c, of_user[m]) for c, m in zip(pairs["community"], pairs["mentions"]) if m in of_user]
    assert len(known) > 200 and np.mean([a == b for a, b in known]) > 0.7


def test_themes_planted_in_proportion_and_not_identical_to_communities(truth30k: pl.DataFrame) -> None:
    own = truth30k.filter(~pl.col("is_retweet"))
    shares = own["theme"].value_counts(normalize=True)
    share = dict(zip(shares["theme"], shares["proportion"]))
    assert set(share) == set(vocab.THEMES) and len(vocab.THEMES) - 1 >= 10
    assert all(0.02 < p < 0.25 for p in share.values())
    assert 0.03 < share["noise"] < 0.12
    by_comm = own.group_by("community", "theme").len()
    # each community writes about several themes, and each theme comes from several communities
    assert by_comm.filter(pl.col("len") > 0.05 * own.height / 6).group_by("community").len()["len"].min() >= 2
    assert by_comm.filter(pl.col("len") >= 10).group_by("theme").len()["len"].min() >= 2
    assert (
        truth30k.filter(pl.col("is_retweet"))
        .join(truth30k.select(pl.col("tweet_id").alias("retweeted_id"), pl.col("theme").alias("t0")), on="retweeted_id")
        .select((pl.col("theme") == pl.col("t0")).all())
        .item()
    )


def test_themes_are_recoverable_but_not_a_lookup() -> None:
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import normalized_mutual_info_score

    corpus, _ = build_corpus(2_500, seed=21)
    rows = [(o.text, corpus.s.theme[i]) for i, o in enumerate(corpus.own) if o is not None and corpus.s.lang[i] == 0]
    texts = [re.sub(r"[#@]\w+|http\S+", " ", t) for t, _ in rows]
    labels = [int(t) for _, t in rows]
    x = TfidfVectorizer(stop_words="english", min_df=2, sublinear_tf=True).fit_transform(texts)
    pred = KMeans(len(vocab.THEMES), n_init=2, random_state=0).fit_predict(x)
    nmi = normalized_mutual_info_score(labels, pred)
    assert 0.45 < nmi < 0.98, nmi
    # the words shared by all themes really are shared
    because = Counter(lab for t, lab in zip(texts, labels) if "because" in t.lower())
    assert len([k for k, v in because.items() if v >= 5]) >= 6


def test_hashtags_co_tags_case_variants_languages_and_counter_words(synthetic) -> None:
    tweets = synthetic.tweets
    tags = tweets.filter(~pl.col("is_retweet"))["hashtags"].explode().value_counts(sort=True)
    ranked = tags["hashtags"].to_list()
    assert ranked[0] == "yesallwomen" and "notallmen" in ranked[:3]
    # every tweet matched the collection's query (#YesAllWomen OR #NotAllMen)
    assert tweets["hashtags"].list.eval(pl.element().is_in(["yesallwomen", "notallmen"]).any()).explode().all()
    assert {"islavista", "everydaysexism", "yesallmen", "guncontrol", "mentalhealth"} <= set(ranked)
    variants = Counter(
        m
        for text in tweets.filter(~pl.col("is_retweet"))["text"]
        for m in re.findall(r"#(yesallwomen)\b", text, flags=re.I)
    )
    assert len(variants) >= 3 and variants.most_common(1)[0][0] == "YesAllWomen"
    langs = tweets["lang"].value_counts(normalize=True)
    other = 1 - langs.filter(pl.col("lang") == "en")["proportion"].item()
    assert 0.02 < other < 0.1 and langs.height >= 4
    spanish = tweets.filter(pl.col("lang") == "es")["text"]
    assert spanish.str.contains(r"\b(Porque|de|las|la)\b").mean() > 0.9
    urls = tweets["urls"].explode().drop_nulls()
    assert urls.str.contains(r"^http://www\.(theguardian|nytimes|huffingtonpost)\.com/").sum() > 10
    assert tweets["text"].str.contains("[\U0001f300-\U0001faff]").mean() > 0.05
    # words that tell #NotAllMen from #YesAllWomen exist (what log-odds should find)
    nam = tweets.filter(pl.col("hashtags").list.contains("notallmen"))["text"].str.to_lowercase()
    yaw = tweets.filter(~pl.col("hashtags").list.contains("notallmen"))["text"].str.to_lowercase()
    for word in ("generalizing", "misandry", "stereotyped"):
        assert nam.str.contains(word).mean() > 10 * max(yaw.str.contains(word).mean(), 1e-4), word


# --- CLI and the bundled sample ---------------------------------------------------------------------------
def test_cli_sample(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kit.cli import main

    out = tmp_path / "cli.jsonl.gz"
    assert main(["sample", "--tweets", "300", "--seed", "4", "--format", "v1", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "SYNTHETIC" in printed and str(out) in printed
    assert len(_lines(out)) == 300 and (tmp_path / "cli.truth.parquet").exists()
    import argparse

    bad = argparse.Namespace(tweets=-5, seed=1, fmt="v2", out=str(tmp_path / "bad.jsonl"))
    assert cli_sample(bad) == 2 and "positive" in capsys.readouterr().err


def test_ensure_sample_generates_once_then_reuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIT_HOME", str(tmp_path))
    monkeypatch.setattr(config, "SAMPLE_TWEETS", 600)
    path = ensure_sample()
    assert path == tmp_path / "data" / "processed" / "sample.parquet"
    tweets = pl.read_parquet(path)
    assert tweets.height == 600 and set(tweets["source_format"]) == {"v2"}
    assert config.sample_raw_path().exists() and truth_path_for(config.sample_raw_path()).exists()
    stamp = path.stat().st_mtime_ns
    assert ensure_sample() == path and path.stat().st_mtime_ns == stamp


def test_progress_reports_the_composing_and_never_changes_the_bytes(tmp_path: Path) -> None:
    seen: list[tuple[int, int | None, str]] = []
    quiet = generate_sample(45_000, seed=5, fmt="v1", out=tmp_path / "quiet.jsonl")
    told = generate_sample(
        45_000, seed=5, fmt="v1", out=tmp_path / "told.jsonl", progress=lambda d, t, w: seen.append((d, t, w))
    )
    assert (tmp_path / "quiet.jsonl").read_bytes() == (tmp_path / "told.jsonl").read_bytes()
    assert quiet.n_tweets == told.n_tweets == 45_000
    # every 20,000 tweets composed, then the end: monotone, out of the right total
    assert [d for d, _, _ in seen] == [0, 20_000, 40_000, 45_000]
    assert {t for _, t, _ in seen} == {45_000} and {w for _, _, w in seen} == {"composing texts"}
