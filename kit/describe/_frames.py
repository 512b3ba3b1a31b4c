"""Private helpers shared by the descriptive analyses: lazy frames, counts, tag lists, account keys, pseudonyms."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from kit.privacy import pseudonymize
from kit.selection import Selection, normalize_tag

Frame = pl.DataFrame | pl.LazyFrame


# --- helpers -----------------------------------------------------------------------------------
def _lazy(frame: Frame) -> pl.LazyFrame:
    if isinstance(frame, pl.LazyFrame):
        return frame
    if isinstance(frame, pl.DataFrame):
        return frame.lazy()
    raise TypeError(
        f"expected a polars DataFrame or LazyFrame, got {type(frame).__name__}; "
        "read the canonical table with pl.read_parquet / pl.scan_parquet or kit.read_tweets"
    )


def _n_tweets(frame: Frame) -> int:
    return int(_lazy(frame).select(pl.len()).collect().item())


def _tags(tags: Selection | str | Iterable[str] | None) -> tuple[str, ...]:
    if tags is None:
        return ()
    if isinstance(tags, Selection):
        return tags.hashtags
    if isinstance(tags, str):
        tags = [tags]
    return tuple(dict.fromkeys(normalize_tag(t) for t in tags if t and t.strip()))


def _followers_lookup(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Lower-cased handle -> highest follower count seen for it as an author in the frame."""
    return (
        lf.filter(pl.col("author_username").is_not_null())
        .group_by(pl.col("author_username").str.to_lowercase().alias("key"))
        .agg(pl.col("author_followers").max().alias("followers"))
    )


def _hide(
    table: pl.DataFrame, *, pseudonyms: bool, threshold: int, salt: str | None, column: str = "account"
) -> pl.DataFrame:
    return pseudonymize(table, column, followers="followers", threshold=threshold, salt=salt, enabled=pseudonyms)


def _account_key() -> pl.Expr:
    return pl.coalesce(pl.col("author_id"), pl.col("author_username").str.to_lowercase())
