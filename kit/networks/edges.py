"""Edge and node tables: who retweeted/mentioned/replied to/quoted whom, and co-hashtags, from the canonical table."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from kit.networks._base import _HANDLE_PAIRS, _INTERACTION, FrameLike, Kind, _check_kind, _handle_ids, _lazy

if TYPE_CHECKING:  # heavy-ish imports stay inside functions
    from kit.selection import Selection


# --------------------------------------------------------------------------------------------
# edge and node tables
# --------------------------------------------------------------------------------------------
def _account_edges(lf: pl.LazyFrame, kind: str, *, include_retweets: bool) -> pl.LazyFrame:
    if kind in _INTERACTION:
        flag, target = _INTERACTION[kind]
        return lf.filter(pl.col(flag) & pl.col(target).is_not_null() & pl.col("author_id").is_not_null()).select(
            pl.col("author_id").alias("source"), pl.col(target).alias("target")
        )
    # mentions: a retweet carries its original's mentions, which the retweeter did not write
    tweets = lf if include_retweets else lf.filter(~pl.col("is_retweet"))
    mentioned = (
        tweets.filter(pl.col("author_id").is_not_null())
        .select(pl.col("author_id").alias("source"), pl.col("mentions").list.unique().alias("handle"))
        .explode("handle")
        .filter(pl.col("handle").is_not_null() & (pl.col("handle") != ""))
        .with_columns(pl.col("handle").str.to_lowercase())
    )
    return mentioned.join(_handle_ids(lf), on="handle", how="left").select(
        "source", pl.coalesce("id", pl.lit("@") + pl.col("handle")).alias("target")
    )


def _hashtag_edges(lf: pl.LazyFrame) -> pl.LazyFrame:
    tags = lf.select("tweet_id", pl.col("hashtags").list.unique().alias("tag")).explode("tag").drop_nulls("tag")
    return (
        tags.join(tags, on="tweet_id", suffix="_b")
        .filter(pl.col("tag") < pl.col("tag_b"))
        .select(pl.col("tag").alias("source"), pl.col("tag_b").alias("target"))
    )


def edge_table(
    frame: FrameLike,
    kind: Kind = "retweet",
    selection: Selection | None = None,
    *,
    min_weight: int = 1,
    include_retweets: bool = False,
    self_loops: bool = False,
) -> pl.DataFrame:
    """The weighted edge list of one kind of network: ``source``, ``target``, ``weight``.

    Parameters
    ----------
    frame
        The canonical table (eager or lazy).
    kind
        ``retweet``, ``mention``, ``reply``, ``quote`` (directed: the acting account → the
        account retweeted, mentioned, replied to or quoted) or ``hashtag`` (undirected: ``source``
        < ``target`` alphabetically; weight = tweets carrying both tags).
    selection
        Optional :class:`kit.selection.Selection` applied first.
    min_weight
        Drop edges lighter than this.
    include_retweets
        Mention network only: also count the mentions inside retweeted text (off by default, as
        the retweeter did not write them; the retweet network covers retweets).
    self_loops
        Keep edges from an account to itself (self-replies in threads, self-retweets).

    Returns
    -------
    polars.DataFrame
        One row per edge, sorted by ``source`` then ``target``; ``weight`` is an ``Int64`` count.

    Examples
    --------
    >>> from kit.schema import from_records
    >>> df = from_records([{"tweet_id": "1", "text": "x #A #b", "hashtags": ["a", "b"]},
    ...                    {"tweet_id": "2", "text": "y #a #b", "hashtags": ["b", "a"]}])
    >>> edge_table(df, "hashtag").rows()
    [('a', 'b', 2)]
    """
    lf = _lazy(frame, selection)
    pairs = (
        _hashtag_edges(lf)
        if _check_kind(kind) == "hashtag"
        else _account_edges(lf, kind, include_retweets=include_retweets)
    )
    if not self_loops:
        pairs = pairs.filter(pl.col("source") != pl.col("target"))
    return (
        pairs.group_by("source", "target")
        .agg(pl.len().cast(pl.Int64).alias("weight"))
        .filter(pl.col("weight") >= min_weight)
        .sort("source", "target")
        .collect()
    )


def node_table(
    frame: FrameLike, edges: pl.DataFrame, kind: Kind = "retweet", selection: Selection | None = None
) -> pl.DataFrame:
    """Attributes of the nodes of an edge table, sorted by ``id``.

    Accounts: ``id``, ``username`` (the latest handle seen, case as given), ``display_name``,
    ``followers`` (latest count seen on the account's own tweets; null if it never posted in the
    selection), ``tweets`` (tweets it posted in the selection). Hashtags: ``id`` (the tag),
    ``username`` (``#tag``), ``tweets`` (tweets carrying it); ``display_name``/``followers`` null.
    """
    lf = _lazy(frame, selection)
    ids = pl.concat([edges.select(pl.col("source").alias("id")), edges.select(pl.col("target").alias("id"))]).unique()
    if _check_kind(kind) == "hashtag":
        counts = (
            lf.select(pl.col("hashtags").list.unique().alias("id"))
            .explode("id")
            .drop_nulls()
            .group_by("id")
            .agg(pl.len().cast(pl.Int64).alias("tweets"))
            .collect()
        )
        return (
            ids.join(counts, on="id", how="left")
            .select(
                "id",
                (pl.lit("#") + pl.col("id")).alias("username"),
                pl.lit(None, pl.String).alias("display_name"),
                pl.lit(None, pl.Int64).alias("followers"),
                pl.col("tweets").fill_null(0),
            )
            .sort("id")
        )
    stamp = pl.col("created_at")
    handles = (
        pl.concat([lf.select(pl.col(i).alias("id"), pl.col(h).alias("username"), stamp) for h, i in _HANDLE_PAIRS])
        .drop_nulls(["id", "username"])
        .sort(["id", "created_at", "username"], nulls_last=False)
        .group_by("id")
        .agg(pl.col("username").last())
    )
    authors = (
        lf.filter(pl.col("author_id").is_not_null())
        .sort(["author_id", "created_at"], nulls_last=False)
        .group_by("author_id")
        .agg(
            pl.col("author_name").drop_nulls().last().alias("display_name"),
            pl.col("author_followers").drop_nulls().last().alias("followers"),
            pl.len().cast(pl.Int64).alias("tweets"),
        )
        .rename({"author_id": "id"})
    )
    return (
        ids.lazy()
        .join(handles, on="id", how="left")
        .join(authors, on="id", how="left")
        .with_columns(
            pl.coalesce("username", pl.when(pl.col("id").str.starts_with("@")).then(pl.col("id").str.slice(1))).alias(
                "username"
            ),
            pl.col("tweets").fill_null(0),
        )
        .select("id", "username", "display_name", pl.col("followers").cast(pl.Int64), "tweets")
        .sort("id")
        .collect()
    )
