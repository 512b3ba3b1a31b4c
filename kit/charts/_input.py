"""The one check of a chart builder's input frame, used by every builder module.

A builder takes the tidy, aggregated frame of one analysis function. :func:`check_input` refuses
anything else with one clear line: a non-DataFrame (a LazyFrame not yet collected), a frame holding
raw tweets (columns in ``refuse``), a frame lacking the columns the chart reads. Tweet columns in
``drop`` (a topic table's ``representative`` texts) are dropped instead, so a chart never embeds tweets.

Examples
--------
>>> import polars as pl
>>> frame = pl.DataFrame({"word": ["a"], "text": ["t"]})
>>> check_input(frame, ("word",), "topic_bars", "kit.topics", drop={"text"}).columns
['word']
>>> check_input(pl.DataFrame({"word": ["a"]}), ("word", "z"), "distinguishing_words", "kit.describe")
Traceback (most recent call last):
ValueError: distinguishing_words needs column(s) ['z']; got ['word']. Build the frame with kit.describe
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

#: Columns that only raw tweet tables have; a descriptive chart refuses a frame holding them.
RAW_COLUMNS: frozenset[str] = frozenset({"text", "tweet_id"})
#: Columns that hold tweets in analysis tables (a topic's representative texts); dropped before charting.
TWEET_COLUMNS: frozenset[str] = frozenset({"text", "tweet_id", "representative", "doc"})


def check_input(
    frame: pl.DataFrame,
    required: Iterable[str],
    builder: str,
    source: str,
    *,
    refuse: Iterable[str] = (),
    drop: Iterable[str] = (),
) -> pl.DataFrame:
    """``frame`` (without the ``drop`` columns) if ``builder`` can chart it, else one clear error.

    Parameters
    ----------
    frame
        The builder's input.
    required
        Columns the chart reads.
    builder, source
        The builder's name and what makes its frame (a function, named in the error).
    refuse
        Columns that mean raw tweets: a frame holding one is refused.
    drop
        Tweet columns dropped from the frame (the rest of it is charted).

    Raises
    ------
    TypeError
        ``frame`` is not an eager polars DataFrame.
    ValueError
        It holds a ``refuse`` column or lacks a ``required`` one.
    """
    if not isinstance(frame, pl.DataFrame):
        raise TypeError(
            f"{builder} takes an eager polars DataFrame from {source}, got {type(frame).__name__}"
            " (call .collect() on a LazyFrame)"
        )
    raw = sorted(set(refuse) & set(frame.columns))
    if raw:
        raise ValueError(
            f"{builder} got a frame with column(s) {raw}: charts hold aggregates only, "
            f"never raw tweets; pass the output of {source}"
        )
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(f"{builder} needs column(s) {missing}; got {frame.columns}. Build the frame with {source}")
    dropped = [c for c in frame.columns if c in set(drop)]
    return frame.drop(dropped) if dropped else frame


__all__ = ["RAW_COLUMNS", "TWEET_COLUMNS", "check_input"]
