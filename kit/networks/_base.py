"""Shared vocabulary of the network builders: kinds of network, the columns they read, lazy input."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import polars as pl

if TYPE_CHECKING:  # heavy-ish imports stay inside functions
    from kit.selection import Selection


Kind = Literal["retweet", "mention", "reply", "quote", "hashtag"]


#: The kinds of network, account networks first.
KINDS: tuple[str, ...] = ("retweet", "mention", "reply", "quote", "hashtag")


ACCOUNT_KINDS: tuple[str, ...] = ("retweet", "mention", "reply", "quote")


#: Columns of the canonical table the network builders read.
NEEDED_COLUMNS: tuple[str, ...] = (
    "tweet_id",
    "created_at",
    "author_id",
    "author_username",
    "author_name",
    "author_followers",
    "is_retweet",
    "is_quote",
    "is_reply",
    "retweeted_author_id",
    "retweeted_username",
    "quoted_author_id",
    "quoted_username",
    "in_reply_to_user_id",
    "in_reply_to_username",
    "hashtags",
    "mentions",
)


_INTERACTION = {
    "retweet": ("is_retweet", "retweeted_author_id"),
    "quote": ("is_quote", "quoted_author_id"),
    "reply": ("is_reply", "in_reply_to_user_id"),
}


_HANDLE_PAIRS = (
    ("author_username", "author_id"),
    ("retweeted_username", "retweeted_author_id"),
    ("quoted_username", "quoted_author_id"),
    ("in_reply_to_username", "in_reply_to_user_id"),
)


FrameLike = pl.DataFrame | pl.LazyFrame


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown network kind {kind!r}: choose from {', '.join(KINDS)}")
    return kind


def _lazy(frame: FrameLike, selection: Selection | None) -> pl.LazyFrame:
    lf = frame.lazy() if isinstance(frame, pl.DataFrame) else frame
    missing = [c for c in NEEDED_COLUMNS if c not in lf.collect_schema().names()]
    if missing:
        raise ValueError(
            f"the frame lacks canonical column(s) {missing}; build networks from a table written by "
            "`kit import` (or kit.read_tweets), or call kit.schema.conform(frame) first"
        )
    if selection is not None:
        lf = selection.apply(lf)
    return _ids_from_handles(lf)


def _ids_from_handles(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Key accounts known by handle only (a dialect without ids, e.g. the Hydrator CSV's
    ``user_screen_name``) by the id their handle is seen with elsewhere in the table, else by
    ``@handle`` (as mentioned handles are). A table whose accounts all have ids is returned as is."""
    gaps = (
        lf.select(pl.any_horizontal([(pl.col(i).is_null() & pl.col(h).is_not_null()).any() for h, i in _HANDLE_PAIRS]))
        .collect()
        .item()
    )
    if not gaps:
        return lf
    ids = _handle_ids(lf).collect().lazy()
    for h, i in _HANDLE_PAIRS:
        lf = (
            lf.with_columns(pl.col(h).str.to_lowercase().alias("_handle"))
            .join(ids.rename({"handle": "_handle", "id": "_id"}), on="_handle", how="left", maintain_order="left")
            .with_columns(pl.coalesce(pl.col(i), pl.col("_id"), pl.lit("@") + pl.col("_handle")).alias(i))
            .drop("_handle", "_id")
        )
    return lf


def _handle_ids(lf: pl.LazyFrame) -> pl.LazyFrame:
    """``handle`` (lower-cased) → the id it was most often seen with, from the table's own pairs."""
    pairs = pl.concat(
        [lf.select(pl.col(h).str.to_lowercase().alias("handle"), pl.col(i).alias("id")) for h, i in _HANDLE_PAIRS]
    ).drop_nulls()
    return (
        pairs.group_by("handle", "id")
        .len()
        .sort(["handle", "len", "id"], descending=[False, True, False])
        .group_by("handle", maintain_order=True)
        .first()
        .select("handle", "id")
    )
