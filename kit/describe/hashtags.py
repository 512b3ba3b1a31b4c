"""Which hashtags: top hashtags, co-hashtags of a selection, and pairs of hashtags tweeted together."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import polars as pl

from kit.describe._frames import Frame, _lazy, _n_tweets, _tags
from kit.selection import Selection


# --- hashtags ----------------------------------------------------------------------------------
def _tag_rows(frame: Frame) -> pl.DataFrame:
    """One row per tweet and distinct hashtag: ``row`` (the tweet's position), ``hashtag``."""
    return (
        _lazy(frame)
        .select(pl.col("hashtags").list.unique().alias("hashtag"))
        .with_row_index("row")
        .explode("hashtag")
        .filter(pl.col("hashtag").is_not_null())
        .collect()
    )


def _top_tags(rows: pl.DataFrame, total: int, n: int | None, exclude: Iterable[str]) -> pl.DataFrame:
    counts = (
        rows.lazy()
        .filter(~pl.col("hashtag").is_in(list(exclude)))
        .group_by("hashtag")
        .agg(pl.len().cast(pl.Int64).alias("tweets"))
        .sort(["tweets", "hashtag"], descending=[True, False])
    )
    if n is not None:
        counts = counts.head(n)
    return counts.with_columns((pl.col("tweets") / max(total, 1)).alias("share")).collect()


def _tag_mask(frame: Frame, tags: Sequence[str]) -> pl.Series:
    """Per tweet (in frame order): does it carry any of ``tags``?"""
    return _lazy(frame).select(Selection(hashtags=tuple(tags)).predicate().alias("m")).collect()["m"]


def _co_tags(rows: pl.DataFrame, mask: pl.Series, tags: Sequence[str], n: int | None) -> pl.DataFrame:
    """Top tags among the tweets flagged by ``mask`` (the selected ``tags`` excluded)."""
    return _top_tags(rows.filter(mask.gather(rows["row"])), int(mask.sum()), n, tags)


def _pairs(rows: pl.DataFrame, top: pl.DataFrame) -> pl.DataFrame:
    """Pair counts among the ``top`` tags, from each tweet's set of top tags (a bit mask per tweet)."""
    tags = top["hashtag"].to_list()
    grid = (
        pl.DataFrame({"tag_a": tags}, schema={"tag_a": pl.String})
        .join(pl.DataFrame({"tag_b": tags}, schema={"tag_b": pl.String}), how="cross")
        .filter(pl.col("tag_a") != pl.col("tag_b"))
    )
    matrix = np.zeros((len(tags), len(tags)), dtype=np.int64)
    if tags:
        bit = {t: 1 << i for i, t in enumerate(tags)}
        masks = (
            rows.lazy()
            .filter(pl.col("hashtag").is_in(tags))
            .group_by("row")
            .agg(pl.col("hashtag").replace_strict(bit, return_dtype=pl.UInt64).sum().alias("m"))
            .group_by("m")
            .agg(pl.len().alias("c"))
            .collect()
        )
        for mask, count in masks.iter_rows():  # one row per distinct combination of top tags (few)
            members = [i for i in range(len(tags)) if mask >> i & 1]
            for i in members:
                for j in members:
                    if i != j:
                        matrix[i, j] += count
    index = {t: i for i, t in enumerate(tags)}
    pair_counts = [int(matrix[index[a], index[b]]) for a, b in grid.iter_rows()]
    return (
        grid.with_columns(pl.Series("tweets", pair_counts, dtype=pl.Int64))
        .join(top.select(pl.col("hashtag").alias("tag_a"), pl.col("tweets").alias("n_a")), on="tag_a")
        .with_columns((pl.col("tweets") / pl.col("n_a")).alias("share"))
        .drop("n_a")
    )


def top_hashtags(frame: Frame, n: int | None = 20, *, exclude: Selection | Iterable[str] | None = None) -> pl.DataFrame:
    """The most frequent hashtags: ``hashtag``, ``tweets`` (tweets carrying it), ``share`` (of all tweets).

    A tag repeated in one tweet counts once. ``exclude`` drops tags (e.g. the selected ones).
    """
    return _top_tags(_tag_rows(frame), _n_tweets(frame), n, _tags(exclude))


def co_hashtags(frame: Frame, selected: Selection | str | Iterable[str], n: int | None = 20) -> pl.DataFrame:
    """Hashtags used together with the ``selected`` ones (which are excluded), with counts and shares.

    Only tweets carrying at least one selected tag count; ``share`` is of those tweets.

    >>> from kit.schema import from_records
    >>> df = from_records([{"tweet_id": "1", "text": "", "hashtags": ["a", "b"]},
    ...                    {"tweet_id": "2", "text": "", "hashtags": ["a"]},
    ...                    {"tweet_id": "3", "text": "", "hashtags": ["c"]}])
    >>> co_hashtags(df, "#A").rows()
    [('b', 1, 0.5)]
    """
    tags = _tags(selected)
    if not tags:
        raise ValueError("co_hashtags needs the selected hashtag(s), e.g. co_hashtags(frame, ['yesallwomen'])")
    return _co_tags(_tag_rows(frame), _tag_mask(frame, tags), tags, n)


def hashtag_pairs(frame: Frame, n: int = 15, *, exclude: Selection | Iterable[str] | None = None) -> pl.DataFrame:
    """Co-occurrence counts among the ``n`` most frequent hashtags (for the heatmap).

    Returns ``tag_a``, ``tag_b``, ``tweets`` (tweets carrying both), for every ordered pair of distinct
    top tags (zeros included), and ``share`` (of the tweets carrying ``tag_a``).
    """
    if not 1 <= n <= 63:
        raise ValueError(f"hashtag_pairs takes 1 to 63 tags (a readable heatmap has at most ~30), got {n}")
    rows = _tag_rows(frame)
    return _pairs(rows, _top_tags(rows, 1, n, _tags(exclude)))
