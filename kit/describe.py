"""Descriptive analyses of a selection: how much, when, who, with which other hashtags, compared with what.

Every function takes a canonical frame, eager or lazy, already narrowed with :func:`kit.select`,
and returns a small tidy polars frame (or, for :func:`summary`, a JSON-ready dict). Work is done
with lazy polars (no Python loops over rows), so a whole set of analyses on a million tweets costs
a few scans of the Parquet file. Tables meant for a report show accounts below the follower
threshold under a stable pseudonym (:mod:`kit.privacy`); pass ``pseudonyms=False`` for private
analysis.

Examples
--------
>>> from kit.schema import from_records
>>> df = from_records([
...     {"tweet_id": "1", "text": "a #x #y", "hashtags": ["x", "y"], "created_at": "2014-05-24T10:05:00Z"},
...     {"tweet_id": "2", "text": "b #x", "hashtags": ["x"], "created_at": "2014-05-24T12:30:00Z"},
... ])
>>> volume(df, "hour", by_kind=False)["tweets"].to_list()
[1, 0, 1]
>>> top_hashtags(df, exclude=["x"])["hashtag"].to_list()
['y']
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl

from kit import config
from kit.cache import atomic_path
from kit.privacy import pseudonym, pseudonymize, project_salt
from kit.schema import KINDS, SchemaError, kind_expr
from kit.selection import Selection, normalize_tag

Frame = pl.DataFrame | pl.LazyFrame

#: Named granularities and their polars durations.
GRANULARITIES: dict[str, str] = {"minute": "1m", "hour": "1h", "day": "1d", "week": "1w"}

#: What :func:`top_accounts` can rank by, and the name of the count column it returns.
ACCOUNT_MEASURES: dict[str, str] = {
    "tweets": "tweets",  # activity: tweets sent
    "retweeted": "retweets",  # visibility: times retweeted in the collection
    "mentioned": "mentions",  # visibility: tweets mentioning the account
    "quoted": "quotes",
    "replied": "replies",  # replies received
}

_TOKEN = r"#?[\p{L}\p{N}_]+(?:'[\p{L}]+)*"
_URL = r"(?i)\b(?:https?://|www\.)\S+"
_MENTION = r"@\w+"
_DOMAIN = r"^(?:[A-Za-z][A-Za-z0-9+.\-]*://)?(?:[^@/?#]*@)?([^/:?#]+)"
_GRANULARITY_RE = re.compile(r"^\d+(ns|us|ms|s|m|h|d|w)$")

# The columns every analysis but the word comparison needs (text is by far the largest column).
_DESCRIBE_COLUMNS: tuple[str, ...] = (
    "created_at", "author_id", "author_username", "author_followers", "lang", "is_retweet",
    "is_quote", "is_reply", "retweeted_username", "quoted_username", "in_reply_to_username", "hashtags",
    "mentions", "urls",
)


# --- helpers -----------------------------------------------------------------------------------
def _lazy(frame: Frame) -> pl.LazyFrame:
    if isinstance(frame, pl.LazyFrame):
        return frame
    if isinstance(frame, pl.DataFrame):
        return frame.lazy()
    raise TypeError(f"expected a polars DataFrame or LazyFrame, got {type(frame).__name__}; "
                    "read the canonical table with pl.read_parquet / pl.scan_parquet or kit.read_tweets")


def _n_tweets(frame: Frame) -> int:
    return int(_lazy(frame).select(pl.len()).collect().item())


def granularity(every: str) -> str:
    """Normalise a granularity (``minute``, ``hour``, ``day``, ``week`` or a polars duration like ``15m``).

    >>> granularity("day"), granularity("15m")
    ('1d', '15m')
    """
    key = every.strip().lower()
    if key in GRANULARITIES:
        return GRANULARITIES[key]
    if _GRANULARITY_RE.match(key):
        return key
    raise ValueError(f"unknown granularity {every!r}: use minute, hour, day, week or a duration such as '15m', "
                     "'6h', '2d'")


def _tags(tags: Selection | str | Iterable[str] | None) -> tuple[str, ...]:
    if tags is None:
        return ()
    if isinstance(tags, Selection):
        return tags.hashtags
    if isinstance(tags, str):
        tags = [tags]
    return tuple(dict.fromkeys(normalize_tag(t) for t in tags if t and t.strip()))


def _bin(step: str, tz: str) -> pl.Expr:
    try:
        ZoneInfo(tz)
    except Exception as exc:  # ZoneInfoNotFoundError, ValueError
        raise ValueError(f"unknown time zone {tz!r}: use an IANA name such as 'UTC' or 'America/Los_Angeles'") from exc
    col = pl.col("created_at")
    if tz != "UTC":
        col = col.dt.convert_time_zone(tz)
    return col.dt.truncate(step).alias("time")


def _grid(start: dt.datetime, end: dt.datetime, step: str) -> pl.Series:
    return pl.datetime_range(start, end, step, eager=True, time_unit="us").alias("time")


def _followers_lookup(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Lower-cased handle -> highest follower count seen for it as an author in the frame."""
    return (
        lf.filter(pl.col("author_username").is_not_null())
        .group_by(pl.col("author_username").str.to_lowercase().alias("key"))
        .agg(pl.col("author_followers").max().alias("followers"))
    )


def _hide(table: pl.DataFrame, *, pseudonyms: bool, threshold: int, salt: str | None,
          column: str = "account") -> pl.DataFrame:
    return pseudonymize(table, column, followers="followers", threshold=threshold, salt=salt, enabled=pseudonyms)


def _account_key() -> pl.Expr:
    return pl.coalesce(pl.col("author_id"), pl.col("author_username").str.to_lowercase())


# --- volume ------------------------------------------------------------------------------------
def volume(frame: Frame, every: str = "hour", *, by_kind: bool = True, tz: str = "UTC") -> pl.DataFrame:
    """Tweets per time bin from the first to the last bin, gaps filled with zeros.

    Parameters
    ----------
    frame
        A canonical frame (eager or lazy), already selected.
    every
        ``minute``, ``hour``, ``day``, ``week`` (weeks start on Monday) or a polars duration.
    by_kind
        Split each bin by kind (original, retweet, quote, reply; every kind in every bin).
    tz
        Time zone of the bins (days and weeks start at local midnight); UTC by default.

    Returns
    -------
    ``time`` (bin start, in ``tz``), [``kind``], ``tweets``.

    Examples
    --------
    >>> from kit.schema import from_records
    >>> df = from_records([{"tweet_id": "1", "text": "x", "created_at": "2014-05-24T10:00:00Z"},
    ...                    {"tweet_id": "2", "text": "y", "created_at": "2014-05-26T10:00:00Z"}])
    >>> volume(df, "day", by_kind=False)["tweets"].to_list()
    [1, 0, 1]
    """
    step = granularity(every)
    keys = ["time", "kind"] if by_kind else ["time"]
    counts = (
        _lazy(frame).filter(pl.col("created_at").is_not_null())
        .select(_bin(step, tz), *([kind_expr()] if by_kind else []))
        .group_by(keys).agg(pl.len().cast(pl.Int64).alias("tweets"))
        .collect()
    )
    dtype = pl.Datetime("us", tz)
    if counts.height == 0:
        schema: dict[str, Any] = {"time": dtype, **({"kind": pl.String} if by_kind else {}), "tweets": pl.Int64}
        return pl.DataFrame(schema=schema)
    grid = pl.DataFrame(_grid(counts["time"].min(), counts["time"].max(), step))  # type: ignore[arg-type]
    if by_kind:
        grid = grid.join(pl.DataFrame({"kind": list(KINDS)}), how="cross")
    out = grid.join(counts, on=keys, how="left").with_columns(pl.col("tweets").fill_null(0))
    if by_kind:
        order = {k: i for i, k in enumerate(KINDS)}
        out = out.sort("time", pl.col("kind").replace_strict(order, return_dtype=pl.Int8))
    return out.with_columns(pl.col("time").cast(dtype))


def compare_volume(a: Frame, b: Frame, *, labels: tuple[str, str] = ("a", "b"), every: str = "day",
                   tz: str = "UTC") -> pl.DataFrame:
    """Volumes of two selections side by side on one zero-filled grid: ``time``, ``selection``, ``tweets``.

    >>> from kit.schema import from_records
    >>> a = from_records([{"tweet_id": "1", "text": "x", "created_at": "2014-05-24T10:00:00Z"}])
    >>> b = from_records([{"tweet_id": "2", "text": "y", "created_at": "2014-05-25T10:00:00Z"}])
    >>> compare_volume(a, b, labels=("A", "B"))["tweets"].to_list()
    [1, 0, 0, 1]
    """
    if labels[0] == labels[1]:
        raise ValueError(f"the two labels must differ, got {labels!r}")
    parts = [volume(f, every, by_kind=False, tz=tz).with_columns(pl.lit(label).alias("selection"))
             for f, label in zip((a, b), labels)]
    both = pl.concat(parts)
    if both.height == 0:
        return both.select("time", "selection", "tweets")
    step = granularity(every)
    grid = pl.DataFrame(_grid(both["time"].min(), both["time"].max(), step)).with_columns(  # type: ignore[arg-type]
        pl.col("time").cast(pl.Datetime("us", tz)))
    grid = grid.join(pl.DataFrame({"selection": list(labels)}), how="cross")
    return (grid.join(both, on=["time", "selection"], how="left").with_columns(pl.col("tweets").fill_null(0))
            .sort(pl.col("selection").replace_strict({labels[0]: 0, labels[1]: 1}, return_dtype=pl.Int8), "time")
            .select("time", "selection", "tweets"))


# --- life cycle --------------------------------------------------------------------------------
def _tagged(frame: Frame, tags: Sequence[str]) -> pl.LazyFrame:
    """``tag``, ``created_at`` rows: one per tweet and requested tag (``all`` when no tags)."""
    lf = _lazy(frame).filter(pl.col("created_at").is_not_null())
    if not tags:
        return lf.select(pl.lit("all").alias("hashtag"), "created_at")
    return (lf.filter(Selection(hashtags=tuple(tags)).predicate())
            .select(pl.col("hashtags").list.unique().alias("hashtag"), "created_at")
            .explode("hashtag").filter(pl.col("hashtag").is_in(list(tags))))


def life_cycle(frame: Frame, tags: Selection | str | Iterable[str] | None = None, *,
               every: str = "hour") -> pl.DataFrame:
    """The life cycle of each hashtag (or of the whole frame when ``tags`` is None).

    Returns one row per tag: ``hashtag``, ``tweets``, ``first_seen``, ``last_seen``, ``peak_time``
    (start of the busiest ``every`` bin; the earliest on ties), ``peak_tweets`` (its height),
    ``half_life_hours`` (median time from the peak bin's start to the tweets posted from then on; for an
    exponential decay this equals the time for the rate to halve; it is cut short by the end of the
    collection), ``hours_to_half_peak`` (from the peak to the first later bin at or below half the
    peak height; null if none) and ``share_first_24h`` (share of the tag's tweets in the 24 hours
    after it was first seen).

    Examples
    --------
    >>> from kit.schema import from_records
    >>> df = from_records([{"tweet_id": str(i), "text": "x", "hashtags": ["t"],
    ...                     "created_at": f"2014-05-24T{h:02d}:00:00Z"} for i, h in enumerate([1, 2, 2, 2, 3])])
    >>> row = life_cycle(df, "t").row(0, named=True)
    >>> row["peak_tweets"], row["peak_time"].hour, row["share_first_24h"]
    (3, 2, 1.0)
    """
    tag_list = _tags(tags)
    step = granularity(every)
    rows = _tagged(frame, tag_list).with_columns(pl.col("created_at").dt.truncate(step).alias("bin")).collect()
    if rows.height == 0:
        return pl.DataFrame(schema={"hashtag": pl.String, "tweets": pl.Int64, "first_seen": pl.Datetime("us", "UTC"),
                                    "last_seen": pl.Datetime("us", "UTC"), "peak_time": pl.Datetime("us", "UTC"),
                                    "peak_tweets": pl.Int64, "half_life_hours": pl.Float64,
                                    "hours_to_half_peak": pl.Float64, "share_first_24h": pl.Float64})
    lf = rows.lazy()
    bins = lf.group_by("hashtag", "bin").agg(pl.len().cast(pl.Int64).alias("n"))
    peaks = (bins.sort("hashtag", pl.col("n"), pl.col("bin"), descending=[False, True, False])
             .group_by("hashtag", maintain_order=True).first()
             .select("hashtag", pl.col("bin").alias("peak_time"), pl.col("n").alias("peak_tweets")))
    base = lf.group_by("hashtag").agg(pl.len().cast(pl.Int64).alias("tweets"),
                                      pl.col("created_at").min().alias("first_seen"),
                                      pl.col("created_at").max().alias("last_seen"))
    joined = lf.join(peaks, on="hashtag").join(base.select("hashtag", "first_seen"), on="hashtag")
    decay = joined.group_by("hashtag").agg(
        ((pl.col("created_at") - pl.col("peak_time")).dt.total_microseconds()
         .filter(pl.col("created_at") >= pl.col("peak_time")).median() / 3.6e9).alias("half_life_hours"),
        (pl.col("created_at") < pl.col("first_seen") + pl.duration(hours=24)).mean().alias("share_first_24h"),
    )
    # First bin after the peak at or below half the peak height (empty bins count as zero).
    grid_after = (peaks.join(base.select("hashtag", "last_seen"), on="hashtag")
                  .with_columns(pl.datetime_ranges(pl.col("peak_time"), pl.col("last_seen").dt.truncate(step), step,
                                                   time_unit="us").alias("bin"))
                  .explode("bin").filter(pl.col("bin") > pl.col("peak_time"))
                  .join(bins, on=["hashtag", "bin"], how="left").with_columns(pl.col("n").fill_null(0))
                  .filter(pl.col("n") <= pl.col("peak_tweets") / 2)
                  .group_by("hashtag").agg(pl.col("bin").min().alias("half_bin")))
    out = (base.join(peaks, on="hashtag").join(decay, on="hashtag").join(grid_after, on="hashtag", how="left")
           .with_columns(((pl.col("half_bin") - pl.col("peak_time")).dt.total_microseconds() / 3.6e9)
                         .alias("hours_to_half_peak"))
           .select("hashtag", "tweets", "first_seen", "last_seen", "peak_time", "peak_tweets", "half_life_hours",
                   "hours_to_half_peak", "share_first_24h")
           .collect())
    order = {t: i for i, t in enumerate(tag_list)}
    if order:
        out = out.sort(pl.col("hashtag").replace_strict(order, return_dtype=pl.Int64))
    return out


def life_cycle_curves(frame: Frame, tags: Selection | str | Iterable[str] | None = None, *,
                      every: str = "hour") -> pl.DataFrame:
    """Zero-filled volume of each tag aligned on its peak, for comparing life cycles.

    Returns ``hashtag``, ``time``, ``hours_since_peak``, ``tweets``, ``share_of_peak`` (tweets / peak
    height) from each tag's first to last bin.
    """
    tag_list = _tags(tags)
    step = granularity(every)
    bins = (_tagged(frame, tag_list).group_by("hashtag", pl.col("created_at").dt.truncate(step).alias("time"))
            .agg(pl.len().cast(pl.Int64).alias("tweets")).collect())
    if bins.height == 0:
        return pl.DataFrame(schema={"hashtag": pl.String, "time": pl.Datetime("us", "UTC"),
                                    "hours_since_peak": pl.Float64, "tweets": pl.Int64, "share_of_peak": pl.Float64})
    spans = bins.group_by("hashtag").agg(pl.col("time").min().alias("lo"), pl.col("time").max().alias("hi"))
    peaks = (bins.sort("hashtag", "tweets", "time", descending=[False, True, False])
             .group_by("hashtag", maintain_order=True).first()
             .select("hashtag", pl.col("time").alias("peak_time"), pl.col("tweets").alias("peak_tweets")))
    grid = (spans.with_columns(pl.datetime_ranges("lo", "hi", step, time_unit="us").alias("time"))
            .explode("time").select("hashtag", "time"))
    return (grid.join(bins, on=["hashtag", "time"], how="left").with_columns(pl.col("tweets").fill_null(0))
            .join(peaks, on="hashtag")
            .with_columns(((pl.col("time") - pl.col("peak_time")).dt.total_microseconds() / 3.6e9)
                          .alias("hours_since_peak"),
                          (pl.col("tweets") / pl.col("peak_tweets")).alias("share_of_peak"))
            .select("hashtag", "time", "hours_since_peak", "tweets", "share_of_peak")
            .sort("hashtag", "time"))


# --- hashtags ----------------------------------------------------------------------------------
def _tag_rows(frame: Frame) -> pl.DataFrame:
    """One row per tweet and distinct hashtag: ``row`` (the tweet's position), ``hashtag``."""
    return (_lazy(frame).select(pl.col("hashtags").list.unique().alias("hashtag")).with_row_index("row")
            .explode("hashtag").filter(pl.col("hashtag").is_not_null()).collect())


def _top_tags(rows: pl.DataFrame, total: int, n: int | None, exclude: Iterable[str]) -> pl.DataFrame:
    counts = (rows.lazy().filter(~pl.col("hashtag").is_in(list(exclude)))
              .group_by("hashtag").agg(pl.len().cast(pl.Int64).alias("tweets"))
              .sort(["tweets", "hashtag"], descending=[True, False]))
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
    grid = pl.DataFrame({"tag_a": tags}, schema={"tag_a": pl.String}).join(
        pl.DataFrame({"tag_b": tags}, schema={"tag_b": pl.String}), how="cross").filter(
        pl.col("tag_a") != pl.col("tag_b"))
    matrix = np.zeros((len(tags), len(tags)), dtype=np.int64)
    if tags:
        bit = {t: 1 << i for i, t in enumerate(tags)}
        masks = (rows.lazy().filter(pl.col("hashtag").is_in(tags))
                 .group_by("row").agg(pl.col("hashtag").replace_strict(bit, return_dtype=pl.UInt64).sum().alias("m"))
                 .group_by("m").agg(pl.len().alias("c")).collect())
        for mask, count in masks.iter_rows():  # one row per distinct combination of top tags (few)
            members = [i for i in range(len(tags)) if mask >> i & 1]
            for i in members:
                for j in members:
                    if i != j:
                        matrix[i, j] += count
    index = {t: i for i, t in enumerate(tags)}
    pair_counts = [int(matrix[index[a], index[b]]) for a, b in grid.iter_rows()]
    return (grid.with_columns(pl.Series("tweets", pair_counts, dtype=pl.Int64))
            .join(top.select(pl.col("hashtag").alias("tag_a"), pl.col("tweets").alias("n_a")), on="tag_a")
            .with_columns((pl.col("tweets") / pl.col("n_a")).alias("share")).drop("n_a"))


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


# --- accounts ----------------------------------------------------------------------------------
def top_accounts(frame: Frame, by: Literal["tweets", "retweeted", "mentioned", "quoted", "replied"] = "tweets",
                 n: int | None = 10, *, pseudonyms: bool = True,
                 threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD, salt: str | None = None) -> pl.DataFrame:
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
        handles = pl.concat([lf.filter(~several).select(pl.col("mentions").alias("handle")),
                             lf.filter(several).select(pl.col("mentions").list.unique().alias("handle"))]
                            ).explode("handle")
    else:
        column = {"retweeted": "retweeted_username", "quoted": "quoted_username", "replied": "in_reply_to_username"}[by]
        handles = lf.select(pl.col(column).alias("handle"))
    out = (handles.filter(pl.col("handle").is_not_null() & (pl.col("handle") != ""))
           .group_by("handle").agg(pl.len().cast(pl.Int64).alias("n"))  # lower-case distinct spellings only
           .group_by(pl.col("handle").str.to_lowercase().alias("key"))
           .agg(pl.col("handle").sort_by("n").last().alias("account"), pl.col("n").sum().alias(measure))
           .with_columns((pl.col(measure) / pl.col(measure).sum()).alias("share"))
           .sort([measure, "key"], descending=[True, False]))
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


def _top_authors(frame: Frame, authors: pl.DataFrame, n: int | None, *, pseudonyms: bool, threshold: int,
                 salt: str | None) -> pl.DataFrame:
    """The top ``n`` of :func:`_authors`, with each one's latest handle and highest follower count."""
    total = max(int(authors["tweets"].sum()), 1)
    top = authors.sort(["tweets", "key"], descending=[True, False])
    if n is not None:
        top = top.head(n)
    details = (_with_author(frame).with_columns(_author_key(frame)).filter(pl.col("key").is_in(top["key"].implode()))
               .group_by("key")
               .agg(pl.coalesce(pl.col("author_username").get(pl.col("created_at").arg_max()),
                                pl.col("author_username").drop_nulls().last()).alias("account"),
                    pl.col("author_followers").max().alias("followers"))
               .collect())
    out = (top.join(details, on="key", how="left")
           .with_columns(pl.coalesce("account", "key").alias("account"), (pl.col("tweets") / total).alias("share"))
           .sort(["tweets", "key"], descending=[True, False]))
    return _hide(out.select("account", "followers", "tweets", "share"), pseudonyms=pseudonyms, threshold=threshold,
                 salt=salt)


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

    return pl.DataFrame({"accounts": [accounts], "tweets": [tweets], "top1_share": [top_share(0.01)],
                         "top10_share": [top_share(0.10)], "gini": [gini(counts) if accounts else None]},
                        schema={"accounts": pl.Int64, "tweets": pl.Int64, "top1_share": pl.Float64,
                                "top10_share": pl.Float64, "gini": pl.Float64})


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


# --- other tops --------------------------------------------------------------------------------
def top_domains(frame: Frame, n: int | None = 20) -> pl.DataFrame:
    """Linked domains from expanded URLs (``www.`` dropped): ``domain``, ``tweets``, ``share`` (of all tweets)."""
    lf = _lazy(frame)
    total = _n_tweets(lf)
    rows = (lf.select(pl.col("urls").alias("url")).with_row_index("row").explode("url")
            .filter(pl.col("url").is_not_null()))
    # parse each distinct URL once (retweets repeat them)
    hosts = rows.select("url").unique().with_columns(
        pl.col("url").str.extract(_DOMAIN, 1).str.to_lowercase().str.strip_prefix("www.").alias("domain"))
    out = (rows.join(hosts, on="url").filter(pl.col("domain").is_not_null() & (pl.col("domain") != ""))
           .select("row", "domain").unique()
           .group_by("domain").agg(pl.len().cast(pl.Int64).alias("tweets"))
           .sort(["tweets", "domain"], descending=[True, False]))
    if n is not None:
        out = out.head(n)
    return out.with_columns((pl.col("tweets") / max(total, 1)).alias("share")).collect()


def languages(frame: Frame, n: int | None = None) -> pl.DataFrame:
    """Tweets per language code (null counted as ``und``): ``lang``, ``tweets``, ``share``."""
    out = (_lazy(frame).group_by(pl.col("lang").fill_null("und").alias("lang"))
           .agg(pl.len().cast(pl.Int64).alias("tweets"))
           .with_columns((pl.col("tweets") / pl.col("tweets").sum()).alias("share"))
           .sort(["tweets", "lang"], descending=[True, False]))
    if n is not None:
        out = out.head(n)
    return out.collect()


def kinds(frame: Frame) -> pl.DataFrame:
    """Tweets of each kind (all four, zeros included): ``kind``, ``tweets``, ``share``."""
    counts = _lazy(frame).group_by(kind_expr()).agg(pl.len().cast(pl.Int64).alias("tweets")).collect()
    out = pl.DataFrame({"kind": list(KINDS)}).join(counts, on="kind", how="left").with_columns(
        pl.col("tweets").fill_null(0))
    total = int(out["tweets"].sum())
    return out.with_columns((pl.col("tweets") / total if total else pl.lit(None, pl.Float64)).alias("share"))


def original_share(frame: Frame) -> float | None:
    """Share of tweets that are the poster's own content (originals, quotes and replies: not retweets)."""
    value = _lazy(frame).select((~pl.col("is_retweet")).mean()).collect().item()
    return None if value is None else float(value)


# --- comparison: distinguishing words ----------------------------------------------------------
def stop_words(langs: Iterable[str] | None = ("en",)) -> frozenset[str]:
    """Stop words of ``langs`` plus Twitter tokens (``rt``, ``amp``, contractions): :func:`kit.text.stop_words`."""
    from kit.text import stop_words as language_stop_words

    return language_stop_words(langs)


def word_counts(frame: Frame, *, exclude_tags: Iterable[str] = (), retweets: bool = False,
                min_length: int = 2) -> pl.DataFrame:
    """Token counts of the texts: ``word``, ``count``.

    Lower-cased; URLs, @mentions, the ``exclude_tags`` (with or without ``#``), stop words, numbers and
    one-letter tokens dropped; other hashtags kept as ``#tag``. Retweets are left out by default (a
    retweet repeats another tweet's text).
    """
    return _count_words(frame, {"count": pl.len()}, exclude_tags=exclude_tags, retweets=retweets,
                        min_length=min_length)


def _count_words(frame: Frame, weights: dict[str, pl.Expr], *, exclude_tags: Iterable[str] = (),
                 retweets: bool = False, min_length: int = 2) -> pl.DataFrame:
    """Token counts under several weights at once (e.g. one per side of a comparison): ``word``, *weights*.

    Each distinct text is tokenized once (copies and template campaigns are common) and weighted by the
    per-text aggregate of each weight expression.
    """
    tags = list(_tags(list(exclude_tags)))
    from kit.text import collection_languages

    lf = _lazy(frame)
    drop = list(stop_words(collection_languages(lf)) | set(tags) | {f"#{t}" for t in tags})
    if not retweets:
        lf = lf.filter(~pl.col("is_retweet"))
    names = list(weights)
    return (lf.group_by("text").agg(*(expr.cast(pl.Int64).alias(name) for name, expr in weights.items()))
            .select(pl.col("text").str.to_lowercase().str.replace_all("’", "'", literal=True)
                    .str.replace_all(_URL, " ").str.replace_all(_MENTION, " ")
                    .str.extract_all(_TOKEN).alias("word"), *names)
            .explode("word")
            .filter(pl.col("word").is_not_null() & (pl.col("word").str.len_chars() >= min_length)
                    & ~pl.col("word").is_in(drop) & ~pl.col("word").str.contains(r"^#?[\d_]+$"))
            .group_by("word").agg(pl.col(name).sum() for name in names).collect())


def log_odds(counts_a: pl.DataFrame, counts_b: pl.DataFrame, prior: pl.DataFrame | None = None, *,
             prior_scale: float = 1.0) -> pl.DataFrame:
    """Weighted log-odds ratios with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    ``counts_a``/``counts_b``/``prior`` have ``word``, ``count``. The prior defaults to the pooled
    counts of both sides, scaled by ``prior_scale``. For each word ``w`` with prior ``α_w`` (sum ``α0``)::

        δ_w = ln((y_aw + α_w) / (n_a + α0 − y_aw − α_w)) − ln((y_bw + α_w) / (n_b + α0 − y_bw − α_w))
        σ²_w ≈ 1 / (y_aw + α_w) + 1 / (y_bw + α_w);   z_w = δ_w / σ_w

    Returns ``word``, ``count_a``, ``count_b``, ``log_odds`` (δ), ``z``; positive favours side a.
    """
    if not prior_scale > 0:
        raise ValueError(f"prior_scale must be positive, got {prior_scale}")
    both = (counts_a.rename({"count": "count_a"}).join(counts_b.rename({"count": "count_b"}), on="word", how="full",
                                                       coalesce=True)
            .with_columns(pl.col("count_a").fill_null(0), pl.col("count_b").fill_null(0)))
    if prior is None:
        both = both.with_columns(((pl.col("count_a") + pl.col("count_b")) * prior_scale).cast(pl.Float64).alias("alpha"))
    else:
        both = both.join(prior.select("word", (pl.col("count") * prior_scale).cast(pl.Float64).alias("alpha")),
                         on="word", how="left").with_columns(pl.col("alpha").fill_null(0.01 * prior_scale))
    n_a, n_b = float(both["count_a"].sum()), float(both["count_b"].sum())
    alpha0 = float(both["alpha"].sum())
    ya, yb, a = pl.col("count_a"), pl.col("count_b"), pl.col("alpha")
    delta = ((ya + a) / (n_a + alpha0 - ya - a)).log() - ((yb + a) / (n_b + alpha0 - yb - a)).log()
    var = 1 / (ya + a) + 1 / (yb + a)
    return (both.with_columns(delta.alias("log_odds"), (delta / var.sqrt()).alias("z"))
            .select("word", "count_a", "count_b", "log_odds", "z"))


def distinguishing_words(a: Frame, b: Frame, *, labels: tuple[str, str] = ("a", "b"),
                         exclude_tags: Iterable[str] = (), n: int | None = 20, min_count: int = 3,
                         retweets: bool = False, prior: Frame | None = None,
                         prior_scale: float = 1.0) -> pl.DataFrame:
    """Words that distinguish selection ``a`` from ``b`` (weighted log-odds, informative Dirichlet prior).

    Parameters
    ----------
    a, b
        The two selections (e.g. ``select(t, hashtags=["yesallwomen"])`` and ``["notallmen"]``).
    labels
        Names of the sides, used in the ``side`` column.
    exclude_tags
        Hashtags to drop from the texts (normally the compared ones).
    n
        Words kept per side (highest z for ``a``, lowest for ``b``); None keeps all.
    min_count
        Drop words seen fewer times than this on both sides together.
    retweets
        Count retweets' texts too (off: each text as written once).
    prior
        A background frame whose word counts form the prior (default: both sides pooled).
    prior_scale
        Multiplies the prior counts (smaller = weaker prior).

    Returns
    -------
    ``word``, ``side`` (the label the word leans to), ``count_a``, ``count_b``, ``log_odds``, ``z``,
    sorted from most ``a``-like to most ``b``-like. |z| > 1.96 is the conventional 5 % threshold.

    Notes
    -----
    Stop words are those of the collection's main languages (:func:`kit.text.collection_languages`);
    comparing one language at a time (``select(..., langs=["en"])``) still helps, so
    that function words of other languages do not pass for distinguishing words. The default prior
    (both sides pooled) is strong and pulls the smaller side towards the larger; a background corpus
    or a ``prior_scale`` below 1 weakens it.

    Examples
    --------
    >>> from kit.schema import from_records
    >>> a = from_records([{"tweet_id": str(i), "text": "women deserve safety"} for i in range(5)])
    >>> b = from_records([{"tweet_id": str(i), "text": "deserve respect"} for i in range(5)])
    >>> words = distinguishing_words(a, b, labels=("A", "B"), n=1)
    >>> words.select("word", "side").rows()
    [('safety', 'A'), ('respect', 'B')]
    """
    if labels[0] == labels[1]:
        raise ValueError(f"the two labels must differ, got {labels!r}")
    excl = list(exclude_tags)
    ca = word_counts(a, exclude_tags=excl, retweets=retweets)
    cb = word_counts(b, exclude_tags=excl, retweets=retweets)
    cp = word_counts(prior, exclude_tags=excl, retweets=retweets) if prior is not None else None
    return _distinguish(ca, cb, cp, labels=labels, n=n, min_count=min_count, prior_scale=prior_scale)


def _distinguish(ca: pl.DataFrame, cb: pl.DataFrame, cp: pl.DataFrame | None, *, labels: tuple[str, str],
                 n: int | None, min_count: int, prior_scale: float) -> pl.DataFrame:
    """Score word counts of two sides (see :func:`distinguishing_words`)."""
    for label, counts in zip(labels, (ca, cb)):
        if counts.height == 0:
            raise ValueError(f"selection {label!r} has no words to compare (no tweets, or only retweets: "
                             "pass retweets=True to count retweeted texts)")
    scored = (log_odds(ca, cb, cp, prior_scale=prior_scale)
              .filter(pl.col("count_a") + pl.col("count_b") >= min_count)
              .with_columns(pl.when(pl.col("z") >= 0).then(pl.lit(labels[0])).otherwise(pl.lit(labels[1]))
                            .alias("side")))
    if n is not None:
        top_a = scored.filter(pl.col("z") > 0).sort(["z", "word"], descending=[True, False]).head(n)
        top_b = scored.filter(pl.col("z") < 0).sort(["z", "word"], descending=[False, False]).head(n)
        scored = pl.concat([top_a, top_b])
    return (scored.sort(["z", "word"], descending=[True, False])
            .select("word", "side", "count_a", "count_b", "log_odds", "z"))


# --- coding sample -----------------------------------------------------------------------------
def _mask_mentions(texts: list[str | None], mapping: dict[str, str]) -> list[str | None]:
    pattern = re.compile(r"@(\w+)")

    def sub(match: re.Match[str]) -> str:
        return "@" + mapping.get(match.group(1).casefold(), match.group(1))

    return [None if t is None else pattern.sub(sub, t) for t in texts]


def coding_sample(frame: Frame, n: int = 200, *, seed: int = config.DEFAULT_SEED, retweets: bool = False,
                  pseudonyms: bool = True, threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD,
                  salt: str | None = None) -> pl.DataFrame:
    """A seeded random sample of tweets for manual coding, with an empty ``code`` column.

    The draw depends only on the set of tweet ids and the seed (not on row order). With
    ``pseudonyms``, authors and @mentions of accounts below ``threshold`` followers (or of unknown
    follower count) are replaced by their pseudonyms, in the ``author`` column and in the text.

    Returns ``tweet_id``, ``created_at``, ``author``, ``kind``, ``lang``, ``text``, ``code``.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    lf = _lazy(frame)
    pool = lf.filter(~pl.col("is_retweet")) if not retweets else lf
    ids = pool.select(pl.col("tweet_id").sort()).collect()["tweet_id"]
    rng = np.random.default_rng(seed)
    picked = ids.gather(np.sort(rng.choice(ids.len(), size=min(n, ids.len()), replace=False))) if ids.len() else ids
    sample = (pool.filter(pl.col("tweet_id").is_in(picked.implode()))
              .select("tweet_id", "created_at", pl.col("author_username").alias("author"),
                      pl.col("author_followers").alias("followers"), kind_expr(), "lang", "text").collect())
    if pseudonyms and sample.height:
        key = salt if salt is not None else project_salt()
        handles = set(re.findall(r"@(\w+)", "\n".join(t for t in sample["text"].to_list() if t)))
        wanted = [h.casefold() for h in handles]
        lookup = _followers_lookup(lf.filter(pl.col("author_username").str.to_lowercase().is_in(wanted))).collect()
        known = dict(zip(lookup["key"].to_list(), lookup["followers"].to_list()))
        mapping = {h.casefold(): (h if (known.get(h.casefold()) or 0) >= threshold else pseudonym(h, salt=key))
                   for h in handles}
        sample = _hide(sample.with_columns(pl.Series("text", _mask_mentions(sample["text"].to_list(), mapping),
                                                     dtype=pl.String)),
                       pseudonyms=True, threshold=threshold, salt=key, column="author")
    return (sample.sort("created_at", "tweet_id")
            .with_columns(pl.lit("", dtype=pl.String).alias("code"))
            .select("tweet_id", "created_at", "author", "kind", "lang", "text", "code"))


def write_coding_sample(sample: pl.DataFrame, path: str | Path, *, excel: bool = False) -> Path:
    """Write a coding sample to CSV atomically (an empty ``code`` column is added if missing).

    ``excel=True`` adds a UTF-8 byte-order mark so that Excel reads emoji and accents correctly.
    """
    target = Path(path)
    if target.suffix.lower() != ".csv":
        raise ValueError(f"write the coding sample to a .csv file, not {target.name!r}")
    if "code" not in sample.columns:
        sample = sample.with_columns(pl.lit("", dtype=pl.String).alias("code"))
    with atomic_path(target) as tmp:
        sample.write_csv(tmp, include_bom=excel, datetime_format="%Y-%m-%dT%H:%M:%S%z")
    return target


# --- all at once -------------------------------------------------------------------------------
def materialize(frame: Frame, *, with_text: bool = False) -> pl.DataFrame:
    """Collect the columns the analyses need once (``text`` only if asked), to reuse across analyses."""
    lf = _lazy(frame)
    names = set(lf.collect_schema().names())
    cols = [*_DESCRIBE_COLUMNS, *(("text",) if with_text else ())]
    missing = [c for c in cols if c not in names]
    if missing:
        raise SchemaError(f"not a canonical tweet table: missing column(s) {missing}. Import raw files with "
                          "`kit import` (or kit.read_tweets), or call kit.schema.conform(frame)")
    return lf.select(cols).collect()


def describe_all(frame: Frame, *, tags: Selection | Iterable[str] | None = None, top: int = 10,
                 every: str = "hour", pseudonyms: bool = True, threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD,
                 salt: str | None = None) -> dict[str, pl.DataFrame]:
    """Every descriptive table of one selection, from one read of the needed columns.

    Keys: ``volume``, ``life_cycle``, ``hashtags``, ``co_hashtags`` (empty without ``tags``),
    ``hashtag_pairs``, ``accounts``, ``retweeted``, ``mentioned``, ``concentration``, ``lorenz``,
    ``domains``, ``languages``, ``kinds``.
    """
    df = materialize(frame)
    authors = _authors(df)
    per_author = authors["tweets"].sort()
    tag_rows = _tag_rows(df)
    tag_list = _tags(tags)
    privacy = {"pseudonyms": pseudonyms, "threshold": threshold, "salt": salt}
    return {
        "volume": volume(df, every),
        "life_cycle": life_cycle(df, None, every=every),
        "hashtags": _top_tags(tag_rows, df.height, top, ()),
        "co_hashtags": (_co_tags(tag_rows, _tag_mask(df, tag_list), tag_list, top) if tag_list
                        else _top_tags(tag_rows.head(0), 0, top, ())),
        "hashtag_pairs": _pairs(tag_rows, _top_tags(tag_rows, df.height, min(top, 15), tag_list)),
        "accounts": _top_authors(df, authors, top, **privacy),
        "retweeted": top_accounts(df, "retweeted", top, **privacy),
        "mentioned": top_accounts(df, "mentioned", top, **privacy),
        "concentration": _concentration(per_author),
        "lorenz": _lorenz(per_author, 101),
        "domains": top_domains(df, top),
        "languages": languages(df, top),
        "kinds": kinds(df),
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _records(table: pl.DataFrame) -> list[dict[str, Any]]:
    return [{k: _jsonable(v) for k, v in row.items()} for row in table.to_dicts()]


def summary(frame: Frame, *, selection: Selection | None = None, top: int = 10, every: str = "hour",
            pseudonyms: bool = True, threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD,
            salt: str | None = None) -> dict[str, Any]:
    """The key figures of a selection as a JSON-ready dict.

    ``frame`` should already be selected; ``selection`` (if given) names it and supplies the
    hashtags excluded from the co-hashtags. Keys: ``selection``, ``tweets``, ``accounts``, ``start``,
    ``end``, ``span_hours``, ``peak_time``, ``peak_tweets``, ``half_life_hours``, ``share_first_24h``,
    ``share_retweets``, ``share_original`` (not retweets), ``kinds``, ``concentration``,
    ``top_hashtags``, ``co_hashtags``, ``top_accounts``, ``top_retweeted``, ``top_mentioned``,
    ``top_domains``, ``languages``.
    """
    tables = describe_all(frame, tags=selection, top=top, every=every, pseudonyms=pseudonyms,
                          threshold=threshold, salt=salt)
    cycle = tables["life_cycle"].to_dicts()
    life = cycle[0] if cycle else {}
    conc = tables["concentration"].to_dicts()[0]
    kinds_ = tables["kinds"]
    total = int(kinds_["tweets"].sum())
    share = dict(zip(kinds_["kind"].to_list(), kinds_["share"].to_list()))
    start, end = life.get("first_seen"), life.get("last_seen")
    return {
        "selection": selection.describe() if selection is not None else "all tweets",
        "tweets": total,
        "accounts": conc["accounts"],
        "start": _jsonable(start),
        "end": _jsonable(end),
        "span_hours": round((end - start).total_seconds() / 3600, 2) if start and end else None,
        "peak_time": _jsonable(life.get("peak_time")),
        "peak_tweets": life.get("peak_tweets"),
        "peak_every": every,
        "half_life_hours": life.get("half_life_hours"),
        "share_first_24h": life.get("share_first_24h"),
        "share_retweets": share.get("retweet"),
        "share_original": (1 - share["retweet"]) if total else None,
        "kinds": _records(kinds_),
        "concentration": {k: _jsonable(v) for k, v in conc.items()},
        "top_hashtags": _records(tables["hashtags"]),
        "co_hashtags": _records(tables["co_hashtags"]),
        "top_accounts": _records(tables["accounts"]),
        "top_retweeted": _records(tables["retweeted"]),
        "top_mentioned": _records(tables["mentioned"]),
        "top_domains": _records(tables["domains"]),
        "languages": _records(tables["languages"]),
        "pseudonyms": pseudonyms,
    }


# --- command line ------------------------------------------------------------------------------
def _scan(path: str) -> pl.LazyFrame:
    target = Path(path)
    if not target.is_file():
        raise FileNotFoundError(f"no canonical table at {path!r}: import raw files first with "
                                "`kit import RAW... --out data/processed/NAME.parquet`")
    return pl.scan_parquet(target)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _format_top(title: str, rows: list[dict[str, Any]], label: str, count: str) -> list[str]:
    lines = [f"{title}:"]
    if not rows:
        return lines + ["  (none)"]
    width = max(len(str(r[label])) for r in rows)
    for i, r in enumerate(rows, 1):
        lines.append(f"  {i:>2}. {str(r[label]):<{width}}  {r[count]:>8,}  {_pct(r['share'])}")
    return lines


def format_summary(figures: dict[str, Any]) -> str:
    """The summary dict as readable text (what ``kit summary`` prints)."""
    f = figures
    conc = f["concentration"]
    lines = [
        f"Selection: {f['selection']}",
        f"Tweets: {f['tweets']:,}   Accounts: {f['accounts']:,}",
        f"Span: {f['start'] or '–'} → {f['end'] or '–'} ({_num(f['span_hours'])} h)",
        f"Peak ({f['peak_every']}): {f['peak_time'] or '–'} with {f['peak_tweets'] or 0:,} tweets",
        f"Half-life after the peak: {_num(f['half_life_hours'])} h   "
        f"Share in the first 24 h: {_pct(f['share_first_24h'])}",
        "Kinds: " + ", ".join(f"{k['kind']} {_pct(k['share'])}" for k in f["kinds"]),
        f"Concentration: top 1% of accounts sent {_pct(conc['top1_share'])}, top 10% sent "
        f"{_pct(conc['top10_share'])}; Gini {_num(conc['gini'], 3)}",
        "",
    ]
    lines += _format_top("Top hashtags", f["top_hashtags"], "hashtag", "tweets") + [""]
    if f["co_hashtags"]:
        lines += _format_top("Top co-hashtags", f["co_hashtags"], "hashtag", "tweets") + [""]
    lines += _format_top("Most active accounts", f["top_accounts"], "account", "tweets") + [""]
    lines += _format_top("Most retweeted accounts", f["top_retweeted"], "account", "retweets") + [""]
    lines += _format_top("Most mentioned accounts", f["top_mentioned"], "account", "mentions") + [""]
    lines += _format_top("Top linked domains", f["top_domains"], "domain", "tweets") + [""]
    lines += _format_top("Languages", f["languages"], "lang", "tweets")
    if f["pseudonyms"]:
        lines += ["", "Accounts below the follower threshold are shown under pseudonyms (--no-pseudonyms to show all)."]
    return "\n".join(lines)


def cli_summary(args: Any, selection: Selection) -> int:
    """``kit summary``: print the key figures of a selection (text, or JSON with ``--json``)."""
    import json

    lf = selection.apply(_scan(args.data))
    figures = summary(lf, selection=selection, top=args.top, pseudonyms=not args.no_pseudonyms)
    if figures["tweets"] == 0:
        print(f"kit summary: no tweets match ({selection.describe()})", file=__import__("sys").stderr)
    print(json.dumps(figures, indent=2, ensure_ascii=False) if args.json else format_summary(figures))
    return 0


def compare(frame: Frame, tag_a: str, tag_b: str, *, n: int = 15, every: str = "day", exclusive: bool = False,
            **kwargs: Any) -> dict[str, pl.DataFrame]:
    """Compare two hashtags of one table: ``volume`` (side by side) and ``words`` (distinguishing words).

    ``exclusive=True`` leaves out tweets carrying both tags (they belong to neither side); other
    keywords go to :func:`distinguishing_words`.
    """
    a_tag, b_tag = normalize_tag(tag_a), normalize_tag(tag_b)
    if a_tag == b_tag:
        raise ValueError(f"compare two different hashtags, got #{a_tag} twice")
    lf = _lazy(frame)
    if exclusive:
        lf = lf.filter(~Selection(hashtags=(a_tag, b_tag), match="all").predicate())
    in_a, in_b = Selection(hashtags=(a_tag,)).predicate(), Selection(hashtags=(b_tag,)).predicate()
    both = (lf.filter(in_a | in_b)  # one read of the texts for both sides
            .select("created_at", "text", "is_retweet", in_a.alias("_a"), in_b.alias("_b")).collect())
    a, b = both.filter("_a"), both.filter("_b")
    for tag, part in ((a_tag, a), (b_tag, b)):
        if part.height == 0:
            raise ValueError(f"no tweet carries #{tag}; check the spelling (tags are matched without '#', "
                             "case-insensitive)")
    labels = (f"#{a_tag}", f"#{b_tag}")
    retweets = bool(kwargs.pop("retweets", False))
    prior = kwargs.pop("prior", None)
    unknown = set(kwargs) - {"min_count", "prior_scale"}
    if unknown:
        raise TypeError(f"compare() got unexpected keyword argument(s) {sorted(unknown)}")
    excl = (a_tag, b_tag)
    # each distinct text tokenized once, counted for each side it belongs to
    counts = _count_words(both, {"count_a": pl.col("_a").sum(), "count_b": pl.col("_b").sum()},
                          exclude_tags=excl, retweets=retweets)
    ca = counts.filter(pl.col("count_a") > 0).select("word", pl.col("count_a").alias("count"))
    cb = counts.filter(pl.col("count_b") > 0).select("word", pl.col("count_b").alias("count"))
    cp = word_counts(prior, exclude_tags=excl, retweets=retweets) if prior is not None else None
    words = _distinguish(ca, cb, cp, labels=labels, n=n, min_count=kwargs.get("min_count", 3),
                         prior_scale=kwargs.get("prior_scale", 1.0))
    return {"volume": compare_volume(a, b, labels=labels, every=every), "words": words}


def cli_compare(args: Any) -> int:
    """``kit compare``: print the words that distinguish two hashtags (text, or JSON with ``--json``)."""
    import json

    window = Selection(langs=tuple(getattr(args, "lang", ()) or ()), start=getattr(args, "start", None),
                       end=getattr(args, "end", None), tz=getattr(args, "tz", "UTC"))
    result = compare(window.apply(_scan(args.data)), args.a, args.b, n=args.top,
                     exclusive=getattr(args, "exclusive", False))
    words, vol = result["words"], result["volume"]
    labels = [f"#{normalize_tag(args.a)}", f"#{normalize_tag(args.b)}"]
    totals = {label: int(vol.filter(pl.col("selection") == label)["tweets"].sum()) for label in labels}
    if args.json:
        doc = {"a": labels[0], "b": labels[1], "tweets": totals,
               "words": {label: _records(words.filter(pl.col("side") == label).drop("side")) for label in labels},
               "volume": _records(vol)}
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    lines = [f"{labels[0]}: {totals[labels[0]]:,} tweets   {labels[1]}: {totals[labels[1]]:,} tweets",
             "Distinguishing words (weighted log-odds, informative Dirichlet prior; |z| > 1.96 ≈ p < .05)",
             f"Counts in parentheses: {labels[0]} vs {labels[1]}", ""]
    for label, sign in zip(labels, (1, -1)):
        side = words.filter(pl.col("side") == label).sort("z", descending=sign > 0)
        lines.append(f"More typical of {label}:")
        if side.height == 0:
            lines.append("  (none)")
        for i, r in enumerate(side.iter_rows(named=True), 1):
            lines.append(f"  {i:>2}. {r['word']:<20} z = {r['z']:+6.2f}   ({r['count_a']:,} vs {r['count_b']:,})")
        lines.append("")
    print("\n".join(lines).rstrip())
    return 0


__all__ = [
    "ACCOUNT_MEASURES", "GRANULARITIES", "cli_compare", "cli_summary", "co_hashtags", "coding_sample", "compare",
    "compare_volume", "concentration", "describe_all", "distinguishing_words", "format_summary", "gini",
    "granularity", "hashtag_pairs", "kinds", "languages", "life_cycle", "life_cycle_curves", "log_odds",
    "lorenz", "materialize", "original_share", "stop_words", "summary", "top_accounts", "top_domains",
    "top_hashtags", "top_mentioned", "volume", "word_counts", "write_coding_sample",
]
