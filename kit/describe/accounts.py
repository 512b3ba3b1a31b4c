"""Who: most active / retweeted / mentioned accounts, and how concentrated activity is (Gini, Lorenz)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import polars as pl

from kit import config
from kit.describe._frames import Frame, _account_key, _followers_lookup, _hide, _lazy

#: What :func:`top_accounts` can rank by, and the name of the count column it returns.
ACCOUNT_MEASURES: dict[str, str] = {
    "tweets": "tweets",  # activity: tweets sent
    "retweeted": "retweets",  # visibility: times retweeted in the collection
    "mentioned": "mentions",  # visibility: tweets mentioning the account
    "quoted": "quotes",
    "replied": "replies",  # replies received
}


# --- accounts ----------------------------------------------------------------------------------
def top_accounts(
    frame: Frame,
    by: Literal["tweets", "retweeted", "mentioned", "quoted", "replied"] = "tweets",
    n: int | None = 10,
    *,
    pseudonyms: bool = True,
    threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD,
    salt: str | None = None,
) -> pl.DataFrame:
    """Top accounts by activity (``tweets`` sent) or visibility (``retweeted``, ``mentioned``, ...).

    Returns ``account`` (handle, or pseudonym below ``threshold`` followers when ``pseudonyms``),
    ``followers`` (the highest count seen for the account as an author in the frame; null if it never
    posted, and then it is pseudonymized), the count column (``tweets``, ``retweets``, ``mentions``,
    ``quotes`` or ``replies``) and ``share`` (of that measure's total in the frame).

    >>> from kit.schema import from_records
    >>> df = from_records([{"tweet_id": "1", "text": "", "author_username": "Ann", "author_followers": 9000},
    ...                    {"tweet_id": "2", "text": "", "author_username": "ann", "author_followers": 9100}])
    >>> top_accounts(df, threshold=5000).rows()
    [('ann', 9100, 2, 1.0)]
    """
    if by not in ACCOUNT_MEASURES:
        raise ValueError(f"unknown measure {by!r}: choose from {', '.join(ACCOUNT_MEASURES)}")
    measure = ACCOUNT_MEASURES[by]
    lf = _lazy(frame)
    if by == "tweets":
        return _top_authors(frame, _authors(frame), n, pseudonyms=pseudonyms, threshold=threshold, salt=salt)
    if by == "mentioned":
        # a handle counts once per tweet; only lists of two or more can hold a repeat
        several = pl.col("mentions").list.len() > 1
        handles = pl.concat(
            [
                lf.filter(~several).select(pl.col("mentions").alias("handle")),
                lf.filter(several).select(pl.col("mentions").list.unique().alias("handle")),
            ]
        ).explode("handle")
    else:
        column = {"retweeted": "retweeted_username", "quoted": "quoted_username", "replied": "in_reply_to_username"}[by]
        handles = lf.select(pl.col(column).alias("handle"))
    out = (
        handles.filter(pl.col("handle").is_not_null() & (pl.col("handle") != ""))
        .group_by("handle")
        .agg(pl.len().cast(pl.Int64).alias("n"))  # lower-case distinct spellings only
        .group_by(pl.col("handle").str.to_lowercase().alias("key"))
        .agg(pl.col("handle").sort_by("n").last().alias("account"), pl.col("n").sum().alias(measure))
        .with_columns((pl.col(measure) / pl.col(measure).sum()).alias("share"))
        .sort([measure, "key"], descending=[True, False])
    )
    if n is not None:
        out = out.head(n)
    table = out.collect()
    # followers of the shown accounts only, from their own tweets in the frame
    keys = table["key"].to_list()
    lookup = _followers_lookup(lf.filter(pl.col("author_username").str.to_lowercase().is_in(keys))).collect()
    table = table.join(lookup, on="key", how="left").select("account", "followers", measure, "share")
    return _hide(table, pseudonyms=pseudonyms, threshold=threshold, salt=salt)


def _author_key(frame: Frame) -> pl.Expr:
    """The author's id (else lower-cased handle); the plain id column when it has no nulls (faster)."""
    ids_complete = isinstance(frame, pl.DataFrame) and frame["author_id"].null_count() == 0
    return (pl.col("author_id") if ids_complete else _account_key()).alias("key")


def _with_author(frame: Frame) -> pl.LazyFrame:
    return _lazy(frame).filter(pl.col("author_username").is_not_null() | pl.col("author_id").is_not_null())


def _authors(frame: Frame) -> pl.DataFrame:
    """Tweets per author: ``key`` (id, else lower-cased handle), ``tweets``."""
    return _with_author(frame).group_by(_author_key(frame)).agg(pl.len().cast(pl.Int64).alias("tweets")).collect()


def _top_authors(
    frame: Frame,
    authors: pl.DataFrame,
    n: int | None,
    *,
    pseudonyms: bool,
    threshold: int,
    salt: str | None,
    keep_key: bool = False,
) -> pl.DataFrame:
    """The top ``n`` of :func:`_authors`, with each one's latest handle and highest follower count
    (and the author ``key`` first with ``keep_key``)."""
    total = max(int(authors["tweets"].sum()), 1)
    top = authors.sort(["tweets", "key"], descending=[True, False])
    if n is not None:
        top = top.head(n)
    details = (
        _with_author(frame)
        .with_columns(_author_key(frame))
        .filter(pl.col("key").is_in(top["key"].implode()))
        .group_by("key")
        .agg(
            pl.coalesce(
                pl.col("author_username").get(pl.col("created_at").arg_max()),
                pl.col("author_username").drop_nulls().last(),
            ).alias("account"),
            pl.col("author_followers").max().alias("followers"),
        )
        .collect()
    )
    out = (
        top.join(details, on="key", how="left")
        .with_columns(pl.coalesce("account", "key").alias("account"), (pl.col("tweets") / total).alias("share"))
        .sort(["tweets", "key"], descending=[True, False])
    )
    columns = (
        ["key", "account", "followers", "tweets", "share"] if keep_key else ["account", "followers", "tweets", "share"]
    )
    return _hide(out.select(columns), pseudonyms=pseudonyms, threshold=threshold, salt=salt)


def accounts_over_time(
    frame: Frame,
    every: str = "hour",
    n: int = 10,
    *,
    tz: str = "UTC",
    pseudonyms: bool = True,
    threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD,
    salt: str | None = None,
) -> pl.DataFrame:
    """Tweets per time bin of the ``n`` most active accounts, and of all the others together.

    The frame behind a timeline linked to a top-accounts chart
    (:func:`kit.charts.explore.timeline_with_accounts`): brush a time range, see who was active in it.

    Parameters
    ----------
    frame
        A canonical frame (eager or lazy), already selected.
    every
        Width of the time bins (as in :func:`kit.describe.volume`).
    n
        How many accounts (the most active over the whole frame, as :func:`top_accounts`) get rows of their own.
    tz
        Time zone of the bins.
    pseudonyms, threshold, salt
        Accounts below ``threshold`` followers are shown under their pseudonym (as in :func:`top_accounts`).

    Returns
    -------
    ``time`` (bin start, in ``tz``), ``account``, ``tweets`` (> 0): one row per bin and top account that
    tweeted in it, plus one row per bin (zero-filled, first to last) whose ``account`` is null, counting
    every other account, so that the rows of a bin sum to its volume.

    Examples
    --------
    >>> from kit.schema import from_records
    >>> df = from_records([
    ...     {"tweet_id": "1", "text": "", "author_username": "ann", "author_followers": 9000,
    ...      "created_at": "2014-05-24T10:05:00Z"},
    ...     {"tweet_id": "2", "text": "", "author_username": "ann", "author_followers": 9000,
    ...      "created_at": "2014-05-24T12:05:00Z"},
    ...     {"tweet_id": "3", "text": "", "author_username": "bob", "author_followers": 9000,
    ...      "created_at": "2014-05-24T12:30:00Z"}])
    >>> hourly = accounts_over_time(df, "hour", n=1, threshold=5000)
    >>> hourly.select(pl.col("time").dt.hour(), "account", "tweets").rows()
    [(10, 'ann', 1), (10, None, 0), (11, None, 0), (12, 'ann', 1), (12, None, 1)]
    """
    from kit.describe.timeline import _bin, _grid, granularity

    if n < 1:
        raise ValueError(f"n must be at least 1 (the number of accounts shown), got {n}")
    step = granularity(every)
    dtype = pl.Datetime("us", tz)
    top = _top_authors(frame, _authors(frame), n, pseudonyms=pseudonyms, threshold=threshold, salt=salt, keep_key=True)
    counts = (
        _lazy(frame)
        .filter(pl.col("created_at").is_not_null())
        .select(_bin(step, tz), _author_key(frame))
        .join(top.lazy().select("key", "account"), on="key", how="left")
        .group_by("time", "account")
        .agg(pl.len().cast(pl.Int64).alias("tweets"))
        .collect()
    )
    if counts.height == 0:
        return pl.DataFrame(schema={"time": dtype, "account": pl.String, "tweets": pl.Int64})
    grid = pl.DataFrame(_grid(counts["time"].min(), counts["time"].max(), step)).with_columns(  # type: ignore[arg-type]
        pl.col("time").cast(dtype), pl.lit(None, pl.String).alias("account")
    )
    others = grid.join(counts.filter(pl.col("account").is_null()), on=["time", "account"], how="left", nulls_equal=True)
    rank = {a: i for i, a in enumerate(top["account"].to_list())}
    return (
        pl.concat([counts.filter(pl.col("account").is_not_null()), others.with_columns(pl.col("tweets").fill_null(0))])
        .with_columns(pl.col("time").cast(dtype))
        .sort("time", pl.col("account").replace_strict(rank, default=len(rank), return_dtype=pl.Int32))
        .select("time", "account", "tweets")
    )


def top_mentioned(frame: Frame, n: int | None = 10, **kwargs: Any) -> pl.DataFrame:
    """The most mentioned accounts (``top_accounts(frame, "mentioned", n)``)."""
    return top_accounts(frame, "mentioned", n, **kwargs)


def _author_counts(frame: Frame) -> pl.Series:
    """Tweets per author, ascending."""
    return _authors(frame)["tweets"].sort()


def gini(values: Sequence[float] | np.ndarray | pl.Series) -> float:
    """Gini coefficient of non-negative values (0 = equal, towards 1 = one holds all).

    >>> gini([1, 1, 1, 1])
    0.0
    >>> round(gini([0, 0, 0, 4]), 3)
    0.75
    """
    x = np.sort(np.asarray(values, dtype=float))
    n = x.size
    if n == 0 or x.sum() == 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float((2 * np.sum(ranks * x)) / (n * x.sum()) - (n + 1) / n)


def concentration(frame: Frame) -> pl.DataFrame:
    """How concentrated participation is: one row of ``accounts``, ``tweets``, ``top1_share``,
    ``top10_share`` (share of tweets sent by the most active 1 % / 10 % of accounts, rounded up to
    at least one account) and ``gini`` (over tweets per account)."""
    return _concentration(_author_counts(frame))


def _concentration(ascending: pl.Series) -> pl.DataFrame:
    counts = ascending.to_numpy()[::-1]
    accounts, tweets = int(counts.size), int(counts.sum())

    def top_share(p: float) -> float | None:
        if accounts == 0:
            return None
        return float(counts[: max(1, math.ceil(p * accounts))].sum() / tweets)

    return pl.DataFrame(
        {
            "accounts": [accounts],
            "tweets": [tweets],
            "top1_share": [top_share(0.01)],
            "top10_share": [top_share(0.10)],
            "gini": [gini(counts) if accounts else None],
        },
        schema={
            "accounts": pl.Int64,
            "tweets": pl.Int64,
            "top1_share": pl.Float64,
            "top10_share": pl.Float64,
            "gini": pl.Float64,
        },
    )


def lorenz(frame: Frame, points: int = 101) -> pl.DataFrame:
    """The Lorenz curve of tweets per account: ``share_of_accounts``, ``share_of_tweets`` (cumulative,
    least active first), starting at (0, 0), with at most ``points`` points (for charts)."""
    return _lorenz(_author_counts(frame), points)


def _lorenz(ascending: pl.Series, points: int) -> pl.DataFrame:
    counts = ascending.to_numpy()
    if counts.size == 0:
        return pl.DataFrame(schema={"share_of_accounts": pl.Float64, "share_of_tweets": pl.Float64})
    cum = np.concatenate([[0.0], np.cumsum(counts) / counts.sum()])
    idx = np.unique(np.round(np.linspace(0, counts.size, min(points, counts.size + 1))).astype(int))
    return pl.DataFrame({"share_of_accounts": idx / counts.size, "share_of_tweets": cum[idx]})
