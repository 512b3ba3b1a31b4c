"""Affect analyses: tidy polars frames from the canonical table plus its affect scores.

Every function takes the tweets (eager or lazy canonical frame, already selected) and the scores
(``tweet_id`` + :data:`kit.affect.score.COLUMNS`, from :func:`kit.affect.affect_table` or ``kit
affect``). Unscored tweets (not English) are counted in an ``unscored`` column and left out of
means and shares, never counted as 0.

Examples
--------
>>> import polars as pl
>>> scores = pl.DataFrame({"tweet_id": ["1", "2"], "fear": [2.0, 0.0], "anger": [1.0, 0.0]})
>>> with_dominant(scores)["dominant"].to_list()
['fear', 'none']
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import polars as pl

from kit.affect.lexicon import AFFECTS
from kit.describe import granularity
from kit.selection import normalize_tag

Frame = pl.DataFrame | pl.LazyFrame
#: A tweet counts as testimony / a call to action when its score reaches this.
THRESHOLD: float = 0.5
#: In a report's emotions-over-time chart, sparse time bins are pooled until each holds this many scored
#: tweets: with fewer, one tweet moves a share by 5 points or more and the chart jumps in a quiet tail.
EMOTION_MIN_SCORED: int = 20


def _lazy(frame: Frame) -> pl.LazyFrame:
    return frame.lazy() if isinstance(frame, pl.DataFrame) else frame


def with_dominant(scores: pl.DataFrame) -> pl.DataFrame:
    """Add ``dominant``: the affect (NRC emotion or empowerment) with the highest score.

    Ties go to the first in :data:`kit.affect.lexicon.AFFECTS` order; ``"none"`` when no emotion word
    was found; null when the text was not scored.
    """
    present = [a for a in AFFECTS if a in scores.columns]
    if not present:
        raise ValueError(
            "affect scores need at least one emotion column (anger ... trust, empowerment); "
            "make them with kit.affect.affect_table or `kit affect`"
        )
    top = pl.max_horizontal(present)
    expr = pl.when(top.is_null()).then(None).when(top <= 0).then(pl.lit("none"))
    for a in present:
        expr = expr.when(pl.col(a) == top).then(pl.lit(a))
    return scores.with_columns(expr.otherwise(None).alias("dominant"))


def _joined(tweets: Frame, scores: pl.DataFrame, extra: Sequence[str] = ()) -> pl.LazyFrame:
    if "tweet_id" not in scores.columns:
        raise ValueError("affect scores need a tweet_id column (from kit.affect.affect_table or `kit affect`)")
    keep = ["tweet_id", "created_at", *[c for c in extra if c not in ("tweet_id", "created_at")]]
    return _lazy(tweets).select(keep).join(with_dominant(scores).lazy(), on="tweet_id", how="inner")


def _attach(
    lf: pl.LazyFrame, *, hashtags: Sequence[str] | None, groups: pl.DataFrame | None, by: str
) -> tuple[pl.LazyFrame, list[str]]:
    """Attach the grouping column ``by`` (hashtags exploded, or a mapping on tweet_id / author_id)."""
    if hashtags is not None:
        tags = [normalize_tag(t) for t in hashtags]
        lf = (
            lf.with_columns(pl.col("hashtags").list.eval(pl.element().filter(pl.element().is_in(tags))))
            .explode("hashtags")
            .filter(pl.col("hashtags").is_not_null())
            .rename({"hashtags": by})
        )
        return lf, [by]
    if groups is not None:
        key = next((k for k in ("tweet_id", "author_id") if k in groups.columns), None)
        values = [c for c in groups.columns if c != key]
        if key is None or len(values) != 1:
            raise ValueError(f"groups must have tweet_id or author_id and one group column; got {groups.columns}")
        mapping = groups.lazy().select(key, pl.col(values[0]).alias(by)).unique()
        return lf.join(mapping, on=key, how="inner"), [by]
    return lf, []


def _measures() -> list[pl.Expr]:
    scored = pl.col("sentiment").is_not_null()
    return [
        pl.len().cast(pl.Int64).alias("tweets"),
        scored.sum().cast(pl.Int64).alias("scored"),
        (~scored).sum().cast(pl.Int64).alias("unscored"),
        pl.col("sentiment").mean().alias("sentiment"),
        (pl.col("testimony") >= THRESHOLD).mean().alias("testimony"),
        (pl.col("call_to_action") >= THRESHOLD).mean().alias("call_to_action"),
        pl.col("empowerment").mean().alias("empowerment"),
    ]


def affect_over_time(
    tweets: Frame,
    scores: pl.DataFrame,
    every: str = "day",
    *,
    hashtags: Sequence[str] | None = None,
    groups: pl.DataFrame | None = None,
    by: str = "group",
    tz: str = "UTC",
) -> pl.DataFrame:
    """Mean sentiment, testimony and call-to-action shares per time bin (and group).

    Parameters
    ----------
    tweets, scores
        The canonical tweets and their affect scores.
    every
        ``minute``, ``hour``, ``day``, ``week`` or a polars duration (as :func:`kit.describe.volume`).
    hashtags
        One series per hashtag (a tweet with two of them counts in both).
    groups
        Or a mapping ``tweet_id``/``author_id`` → group: topic assignments, a network's communities
        (``net.nodes.select(pl.col("id").alias("author_id"), "community")``).
    by
        Name of the group column in the result.
    tz
        Time zone of the bins.

    Returns
    -------
    ``time``, [``by``], ``tweets``, ``scored``, ``unscored``, ``sentiment`` (mean), ``testimony`` and
    ``call_to_action`` (share of scored tweets at or above :data:`THRESHOLD`), ``empowerment`` (mean).
    """
    step = granularity(every)
    lf = _joined(tweets, scores, ["hashtags", "author_id"] if hashtags is not None or groups is not None else [])
    lf, keys = _attach(lf, hashtags=hashtags, groups=groups, by=by)
    time = pl.col("created_at").dt.convert_time_zone(tz).dt.truncate(step).alias("time")
    return lf.with_columns(time).group_by(["time", *keys]).agg(_measures()).sort(["time", *keys]).collect()


def pool_sparse_bins(
    totals: pl.DataFrame, min_count: int, *, keys: Sequence[str] = (), count: str = "scored"
) -> pl.DataFrame:
    """Pool each run of time bins holding fewer than ``min_count`` (in ``count``) with the bins after it.

    Bins are walked in time order (per group of ``keys``); a pool closes as soon as it holds
    ``min_count``; a last pool that never reaches it joins the pool before it. Dense bins stay alone, so
    only the sparse stretches (a collection's quiet tail) get wider.

    Returns ``time``, [``keys``], ``pool`` (the first bin's time of its pool) and ``bins`` (bins in the pool).

    >>> import datetime as dt
    >>> days = [dt.datetime(2020, 1, d) for d in range(1, 6)]
    >>> t = pl.DataFrame({"time": days, "scored": [50, 3, 4, 30, 2]})
    >>> pool_sparse_bins(t, 20)["pool"].dt.day().to_list()
    [1, 2, 2, 2, 2]
    """
    keys = list(keys)
    rows: list[dict[str, Any]] = []
    for _, group in totals.sort([*keys, "time"]).group_by(keys or pl.lit(0), maintain_order=True):
        pools: list[list[dict[str, Any]]] = []
        current: list[dict[str, Any]] = []
        held = 0
        for row in group.iter_rows(named=True):
            current.append(row)
            held += int(row[count] or 0)
            if held >= min_count:
                pools.append(current)
                current, held = [], 0
        if current:  # a sparse tail: join the last full pool, or stand alone if there is none
            if pools:
                pools[-1].extend(current)
            else:
                pools.append(current)
        for pool in pools:
            rows.extend(
                {"time": r["time"], **{k: r[k] for k in keys}, "pool": pool[0]["time"], "bins": len(pool)} for r in pool
            )
    schema = {
        "time": totals.schema["time"],
        **{k: totals.schema[k] for k in keys},
        "pool": totals.schema["time"],
        "bins": pl.Int64,
    }
    return pl.DataFrame(rows, schema=schema)


def emotion_over_time(
    tweets: Frame,
    scores: pl.DataFrame,
    every: str = "day",
    *,
    hashtags: Sequence[str] | None = None,
    groups: pl.DataFrame | None = None,
    by: str = "group",
    tz: str = "UTC",
    include_none: bool = False,
    min_scored: int = 0,
) -> pl.DataFrame:
    """Share of scored tweets dominated by each emotion, per time bin (and group).

    Returns ``time``, [``by``], ``emotion``, ``tweets`` (dominated by it), ``scored`` (in the bin),
    ``share``, ``bins`` (time bins pooled into the row) and ``min_scored``. Tweets with no emotion word
    are ``"none"`` (left out unless ``include_none``). With ``min_scored``, runs of bins with fewer scored
    tweets are pooled with the bins after them (:func:`pool_sparse_bins`), so that a quiet tail of
    three tweets a day does not swing between 0 and 100 %; each row is dated by its first bin.
    """
    step = granularity(every)
    lf = _joined(tweets, scores, ["hashtags", "author_id"] if hashtags is not None or groups is not None else [])
    lf, keys = _attach(lf, hashtags=hashtags, groups=groups, by=by)
    time = pl.col("created_at").dt.convert_time_zone(tz).dt.truncate(step).alias("time")
    counts = (
        lf.filter(pl.col("dominant").is_not_null())
        .with_columns(time)
        .group_by(["time", *keys, pl.col("dominant").alias("emotion")])
        .agg(pl.len().cast(pl.Int64).alias("tweets"))
        .collect()
    )
    totals = counts.group_by(["time", *keys]).agg(pl.col("tweets").sum().alias("scored"))
    if min_scored > 0 and totals.height:
        pools = pool_sparse_bins(totals, min_scored, keys=keys)
        counts = (
            counts.join(pools, on=["time", *keys])
            .group_by(["pool", *keys, "emotion"])
            .agg(pl.col("tweets").sum(), pl.col("bins").first())
            .rename({"pool": "time"})
        )
    else:
        counts = counts.with_columns(pl.lit(1, dtype=pl.Int64).alias("bins"))
    counts = (
        counts.with_columns(pl.col("tweets").sum().over(["time", *keys]).alias("scored"))
        .with_columns((pl.col("tweets") / pl.col("scored")).alias("share"), pl.lit(min_scored).alias("min_scored"))
        .select("time", *keys, "emotion", "tweets", "scored", "share", "bins", "min_scored")
    )
    if not include_none:
        counts = counts.filter(pl.col("emotion") != "none")
    return counts.sort(["time", *keys, "emotion"])


def affect_by_group(
    tweets: Frame,
    scores: pl.DataFrame,
    *,
    hashtags: Sequence[str] | None = None,
    groups: pl.DataFrame | None = None,
    by: str = "group",
) -> pl.DataFrame:
    """The affect measures of :func:`affect_over_time` per group over the whole period, plus the
    share of tweets dominated by each emotion (``share_<emotion>``), largest groups first."""
    lf = _joined(tweets, scores, ["hashtags", "author_id"])
    lf, keys = _attach(lf, hashtags=hashtags, groups=groups, by=by)
    shares = [
        ((pl.col("dominant") == a).sum() / pl.col("sentiment").is_not_null().sum()).alias(f"share_{a}") for a in AFFECTS
    ]
    return (
        lf.group_by(keys)
        .agg(*_measures(), *shares)
        .sort("tweets", *keys, descending=[True, *[False] * len(keys)])
        .collect()
    )


def topic_affect(
    assignments: pl.DataFrame,
    scores: pl.DataFrame,
    topics: pl.DataFrame | None = None,
    *,
    sort: str = "testimony",
    outliers: bool = False,
) -> pl.DataFrame:
    """Affect per topic, most testimonial first (``sort="call_to_action"`` for the most urging).

    ``assignments`` as written by ``kit topics`` (``tweet_id``, ``topic``); ``topics`` (optional)
    adds its ``label``. Outlier topic -1 is left out unless ``outliers``.
    """
    if not {"tweet_id", "topic"} <= set(assignments.columns):
        raise ValueError(f"topic assignments need tweet_id and topic columns; got {assignments.columns}")
    if sort not in ("testimony", "call_to_action", "sentiment", "empowerment", "tweets"):
        raise ValueError(f"sort by testimony, call_to_action, sentiment, empowerment or tweets, not {sort!r}")
    lf = assignments.lazy().select("tweet_id", "topic").join(with_dominant(scores).lazy(), on="tweet_id")
    if not outliers:
        lf = lf.filter(pl.col("topic") != -1)
    dominant = pl.col("dominant").filter(~pl.col("dominant").is_in(["none"])).mode().sort().first().alias("dominant")
    out = lf.group_by("topic").agg(*_measures(), dominant).collect()
    if topics is not None and "label" in topics.columns:
        out = out.join(topics.select("topic", "label"), on="topic", how="left")
    return out.sort([sort, "topic"], descending=[True, False], nulls_last=True)


def _mean_ci(a: pl.Series, b: pl.Series) -> dict[str, Any]:
    na, nb = a.len(), b.len()
    ma, mb = float(a.mean()), float(b.mean())  # type: ignore[arg-type]
    va, vb = float(a.var() or 0.0), float(b.var() or 0.0)  # type: ignore[arg-type]
    se = math.sqrt(va / na + vb / nb)
    pooled = math.sqrt(((na - 1) * va + (nb - 1) * vb) / max(na + nb - 2, 1))
    d = (ma - mb) / pooled if pooled > 0 else 0.0
    d_se = math.sqrt((na + nb) / (na * nb) + d * d / (2 * (na + nb)))
    return {
        "a": ma,
        "b": mb,
        "difference": ma - mb,
        "ci_low": ma - mb - 1.96 * se,
        "ci_high": ma - mb + 1.96 * se,
        "effect": d,
        "effect_ci_low": d - 1.96 * d_se,
        "effect_ci_high": d + 1.96 * d_se,
    }


def _share_ci(a: pl.Series, b: pl.Series) -> dict[str, Any]:
    na, nb = a.len(), b.len()
    pa, pb = float(a.mean()), float(b.mean())  # type: ignore[arg-type]
    se = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    h = 2 * math.asin(math.sqrt(pa)) - 2 * math.asin(math.sqrt(pb))  # Cohen's h
    h_se = math.sqrt(1 / na + 1 / nb)
    return {
        "a": pa,
        "b": pb,
        "difference": pa - pb,
        "ci_low": pa - pb - 1.96 * se,
        "ci_high": pa - pb + 1.96 * se,
        "effect": h,
        "effect_ci_low": h - 1.96 * h_se,
        "effect_ci_high": h + 1.96 * h_se,
    }


def compare_affect(tweets: Frame, scores: pl.DataFrame, a: str, b: str, *, exclusive: bool = True) -> pl.DataFrame:
    """Hashtag ``a`` vs counter-hashtag ``b``: each affect measure with its difference, 95 % CI and effect size.

    Means (sentiment, each emotion, empowerment) get Welch's 95 % interval of the difference and
    Cohen's *d* (pooled SD) with its approximate 95 % interval; shares (testimony, call to action,
    tweets dominated by each emotion) get the Wald interval of the difference in proportions and
    Cohen's *h*. Only scored tweets count; ``exclusive`` drops tweets that carry both hashtags.

    Returns ``measure``, ``kind`` (``mean``/``share``), ``a``, ``b``, ``difference``, ``ci_low``,
    ``ci_high``, ``effect`` (d or h), ``effect_size`` (its name), ``effect_ci_low``, ``effect_ci_high``,
    ``n_a``, ``n_b``, ``unscored_a``, ``unscored_b``.
    """
    ta, tb = normalize_tag(a), normalize_tag(b)
    lf = _joined(tweets, scores, ["hashtags"])
    has_a, has_b = pl.col("hashtags").list.contains(ta), pl.col("hashtags").list.contains(tb)
    side_a = lf.filter(has_a & ~has_b if exclusive else has_a).collect()
    side_b = lf.filter(has_b & ~has_a if exclusive else has_b).collect()
    if side_a.height == 0 or side_b.height == 0:
        raise ValueError(
            f"no tweets for #{ta if side_a.height == 0 else tb} in this selection; check the hashtags "
            "and that the scores cover these tweets"
        )
    sa, sb = side_a.filter(pl.col("sentiment").is_not_null()), side_b.filter(pl.col("sentiment").is_not_null())
    if sa.height < 2 or sb.height < 2:
        raise ValueError("fewer than two scored tweets on one side: nothing to compare (are they in English?)")
    rows = []
    for m in ("sentiment", *AFFECTS):
        rows.append({"measure": m, "kind": "mean", "effect_size": "cohen_d", **_mean_ci(sa[m], sb[m])})
    for m in ("testimony", "call_to_action"):
        rows.append(
            {
                "measure": m,
                "kind": "share",
                "effect_size": "cohen_h",
                **_share_ci((sa[m] >= THRESHOLD).cast(pl.Float64), (sb[m] >= THRESHOLD).cast(pl.Float64)),
            }
        )
    for e in AFFECTS:
        rows.append(
            {
                "measure": f"dominant_{e}",
                "kind": "share",
                "effect_size": "cohen_h",
                **_share_ci((sa["dominant"] == e).cast(pl.Float64), (sb["dominant"] == e).cast(pl.Float64)),
            }
        )
    extra = {
        "n_a": sa.height,
        "n_b": sb.height,
        "unscored_a": side_a.height - sa.height,
        "unscored_b": side_b.height - sb.height,
        "label_a": ta,
        "label_b": tb,
    }
    return pl.DataFrame(rows).with_columns(*[pl.lit(v).alias(k) for k, v in extra.items()])


def affect_section(
    tweets: Frame,
    scores: pl.DataFrame | None = None,
    *,
    every: str = "day",
    hashtags: Sequence[str] | None = None,
    counter: tuple[str, str] | None = None,
    assignments: pl.DataFrame | None = None,
    topics: pl.DataFrame | None = None,
    tz: str = "UTC",
) -> dict[str, pl.DataFrame]:
    """Every table of a report's affect section in one call (scores computed, cached, if not given).

    Returns ``scores``, ``over_time`` (:func:`affect_over_time`, per hashtag if ``hashtags``),
    ``emotions`` (:func:`emotion_over_time`), ``compare`` (:func:`compare_affect` of ``counter = (a, b)``
    when both have tweets), ``topics`` (:func:`topic_affect`, with ``assignments``) and ``unscored``
    (one row: tweets, unscored). Draw them with :func:`kit.charts.affect.section_charts`.
    """
    if scores is None:
        from kit.affect.score import affect_table

        scores = affect_table(tweets)
    out = {
        "scores": scores,
        "over_time": affect_over_time(tweets, scores, every, hashtags=hashtags, by="hashtag", tz=tz),
        "emotions": emotion_over_time(tweets, scores, every, tz=tz, min_scored=EMOTION_MIN_SCORED),
        "unscored": pl.DataFrame({"tweets": [scores.height], "unscored": [scores["sentiment"].null_count()]}),
    }
    if counter is not None:
        try:
            out["compare"] = compare_affect(tweets, scores, *counter)
        except ValueError:  # one side is absent from this selection: no comparison to show
            pass
    if assignments is not None:
        out["topics"] = topic_affect(assignments, scores, topics)
    return out
