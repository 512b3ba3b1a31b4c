"""When: tweets per time bin (:func:`volume`, :func:`compare_volume`) and a hashtag's life cycle."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl

from kit import timebins
from kit.describe._frames import Frame, _lazy, _tags
from kit.schema import KINDS, kind_expr
from kit.selection import Selection

#: Named granularities and their polars durations.
GRANULARITIES: dict[str, str] = timebins.NAMES


def granularity(every: str) -> str:
    """Normalise a granularity (``minute``, ``hour``, ``day``, ``week`` or a polars duration like ``15m``).

    The vocabulary is :mod:`kit.timebins`'s, shared by every function that takes ``every``.

    >>> granularity("day"), granularity("15m")
    ('1d', '15m')
    """
    return timebins.step(every)


def _bin(step: str, tz: str) -> pl.Expr:
    timebins.check_tz(tz)
    col = pl.col("created_at")
    if tz != "UTC":
        col = col.dt.convert_time_zone(tz)
    return col.dt.truncate(step).alias("time")


def _grid(start: dt.datetime, end: dt.datetime, step: str) -> pl.Series:
    return pl.datetime_range(start, end, step, eager=True, time_unit="us").alias("time")


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
        _lazy(frame)
        .filter(pl.col("created_at").is_not_null())
        .select(_bin(step, tz), *([kind_expr()] if by_kind else []))
        .group_by(keys)
        .agg(pl.len().cast(pl.Int64).alias("tweets"))
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


def compare_volume(
    a: Frame, b: Frame, *, labels: tuple[str, str] = ("a", "b"), every: str = "day", tz: str = "UTC"
) -> pl.DataFrame:
    """Volumes of two selections side by side on one zero-filled grid: ``time``, ``selection``, ``tweets``.

    >>> from kit.schema import from_records
    >>> a = from_records([{"tweet_id": "1", "text": "x", "created_at": "2014-05-24T10:00:00Z"}])
    >>> b = from_records([{"tweet_id": "2", "text": "y", "created_at": "2014-05-25T10:00:00Z"}])
    >>> compare_volume(a, b, labels=("A", "B"))["tweets"].to_list()
    [1, 0, 0, 1]
    """
    if labels[0] == labels[1]:
        raise ValueError(f"the two labels must differ, got {labels!r}")
    parts = [
        volume(f, every, by_kind=False, tz=tz).with_columns(pl.lit(label).alias("selection"))
        for f, label in zip((a, b), labels)
    ]
    both = pl.concat(parts)
    if both.height == 0:
        return both.select("time", "selection", "tweets")
    step = granularity(every)
    grid = pl.DataFrame(_grid(both["time"].min(), both["time"].max(), step)).with_columns(  # type: ignore[arg-type]
        pl.col("time").cast(pl.Datetime("us", tz))
    )
    grid = grid.join(pl.DataFrame({"selection": list(labels)}), how="cross")
    return (
        grid.join(both, on=["time", "selection"], how="left")
        .with_columns(pl.col("tweets").fill_null(0))
        .sort(pl.col("selection").replace_strict({labels[0]: 0, labels[1]: 1}, return_dtype=pl.Int8), "time")
        .select("time", "selection", "tweets")
    )


# --- life cycle --------------------------------------------------------------------------------
def _tagged(frame: Frame, tags: Sequence[str]) -> pl.LazyFrame:
    """``tag``, ``created_at`` rows: one per tweet and requested tag (``all`` when no tags)."""
    lf = _lazy(frame).filter(pl.col("created_at").is_not_null())
    if not tags:
        return lf.select(pl.lit("all").alias("hashtag"), "created_at")
    return (
        lf.filter(Selection(hashtags=tuple(tags)).predicate())
        .select(pl.col("hashtags").list.unique().alias("hashtag"), "created_at")
        .explode("hashtag")
        .filter(pl.col("hashtag").is_in(list(tags)))
    )


def life_cycle(
    frame: Frame, tags: Selection | str | Iterable[str] | None = None, *, every: str = "hour"
) -> pl.DataFrame:
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
        return pl.DataFrame(
            schema={
                "hashtag": pl.String,
                "tweets": pl.Int64,
                "first_seen": pl.Datetime("us", "UTC"),
                "last_seen": pl.Datetime("us", "UTC"),
                "peak_time": pl.Datetime("us", "UTC"),
                "peak_tweets": pl.Int64,
                "half_life_hours": pl.Float64,
                "hours_to_half_peak": pl.Float64,
                "share_first_24h": pl.Float64,
            }
        )
    lf = rows.lazy()
    bins = lf.group_by("hashtag", "bin").agg(pl.len().cast(pl.Int64).alias("n"))
    peaks = (
        bins.sort("hashtag", pl.col("n"), pl.col("bin"), descending=[False, True, False])
        .group_by("hashtag", maintain_order=True)
        .first()
        .select("hashtag", pl.col("bin").alias("peak_time"), pl.col("n").alias("peak_tweets"))
    )
    base = lf.group_by("hashtag").agg(
        pl.len().cast(pl.Int64).alias("tweets"),
        pl.col("created_at").min().alias("first_seen"),
        pl.col("created_at").max().alias("last_seen"),
    )
    joined = lf.join(peaks, on="hashtag").join(base.select("hashtag", "first_seen"), on="hashtag")
    decay = joined.group_by("hashtag").agg(
        (
            (pl.col("created_at") - pl.col("peak_time"))
            .dt.total_microseconds()
            .filter(pl.col("created_at") >= pl.col("peak_time"))
            .median()
            / 3.6e9
        ).alias("half_life_hours"),
        (pl.col("created_at") < pl.col("first_seen") + pl.duration(hours=24)).mean().alias("share_first_24h"),
    )
    # First bin after the peak at or below half the peak height (empty bins count as zero).
    grid_after = (
        peaks.join(base.select("hashtag", "last_seen"), on="hashtag")
        .with_columns(
            pl.datetime_ranges(pl.col("peak_time"), pl.col("last_seen").dt.truncate(step), step, time_unit="us").alias(
                "bin"
            )
        )
        .explode("bin")
        .filter(pl.col("bin") > pl.col("peak_time"))
        .join(bins, on=["hashtag", "bin"], how="left")
        .with_columns(pl.col("n").fill_null(0))
        .filter(pl.col("n") <= pl.col("peak_tweets") / 2)
        .group_by("hashtag")
        .agg(pl.col("bin").min().alias("half_bin"))
    )
    out = (
        base.join(peaks, on="hashtag")
        .join(decay, on="hashtag")
        .join(grid_after, on="hashtag", how="left")
        .with_columns(
            ((pl.col("half_bin") - pl.col("peak_time")).dt.total_microseconds() / 3.6e9).alias("hours_to_half_peak")
        )
        .select(
            "hashtag",
            "tweets",
            "first_seen",
            "last_seen",
            "peak_time",
            "peak_tweets",
            "half_life_hours",
            "hours_to_half_peak",
            "share_first_24h",
        )
        .collect()
    )
    order = {t: i for i, t in enumerate(tag_list)}
    if order:
        out = out.sort(pl.col("hashtag").replace_strict(order, return_dtype=pl.Int64))
    return out


def life_cycle_curves(
    frame: Frame, tags: Selection | str | Iterable[str] | None = None, *, every: str = "hour"
) -> pl.DataFrame:
    """Zero-filled volume of each tag aligned on its peak, for comparing life cycles.

    Returns ``hashtag``, ``time``, ``hours_since_peak``, ``tweets``, ``share_of_peak`` (tweets / peak
    height) from each tag's first to last bin.
    """
    tag_list = _tags(tags)
    step = granularity(every)
    bins = (
        _tagged(frame, tag_list)
        .group_by("hashtag", pl.col("created_at").dt.truncate(step).alias("time"))
        .agg(pl.len().cast(pl.Int64).alias("tweets"))
        .collect()
    )
    if bins.height == 0:
        return pl.DataFrame(
            schema={
                "hashtag": pl.String,
                "time": pl.Datetime("us", "UTC"),
                "hours_since_peak": pl.Float64,
                "tweets": pl.Int64,
                "share_of_peak": pl.Float64,
            }
        )
    spans = bins.group_by("hashtag").agg(pl.col("time").min().alias("lo"), pl.col("time").max().alias("hi"))
    peaks = (
        bins.sort("hashtag", "tweets", "time", descending=[False, True, False])
        .group_by("hashtag", maintain_order=True)
        .first()
        .select("hashtag", pl.col("time").alias("peak_time"), pl.col("tweets").alias("peak_tweets"))
    )
    grid = (
        spans.with_columns(pl.datetime_ranges("lo", "hi", step, time_unit="us").alias("time"))
        .explode("time")
        .select("hashtag", "time")
    )
    return (
        grid.join(bins, on=["hashtag", "time"], how="left")
        .with_columns(pl.col("tweets").fill_null(0))
        .join(peaks, on="hashtag")
        .with_columns(
            ((pl.col("time") - pl.col("peak_time")).dt.total_microseconds() / 3.6e9).alias("hours_since_peak"),
            (pl.col("tweets") / pl.col("peak_tweets")).alias("share_of_peak"),
        )
        .select("hashtag", "time", "hours_since_peak", "tweets", "share_of_peak")
        .sort("hashtag", "time")
    )
