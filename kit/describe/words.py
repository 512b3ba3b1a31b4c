"""Which words: stop words, word counts, weighted log-odds, the words that distinguish two hashtags."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polars as pl

from kit.describe._frames import Frame, _lazy, _tags
from kit.describe.timeline import compare_volume
from kit.selection import Selection, normalize_tag
from kit.text import MENTION_STRIP_POLARS, TWITTER_STOP_WORDS, URL_RE, WORD_COUNT_TOKEN_RE, collection_languages
from kit.text import stop_words as language_stop_words

#: Twitter-specific tokens dropped on top of each language's stop words (kept here under its old name).
EXTRA_STOP_WORDS: frozenset[str] = TWITTER_STOP_WORDS


# --- comparison: distinguishing words ----------------------------------------------------------
def stop_words(langs: Iterable[str] | None = ("en",)) -> frozenset[str]:
    """Stop words of ``langs`` plus Twitter tokens (``rt``, ``amp``, contractions): :func:`kit.text.stop_words`."""
    return language_stop_words(langs)


def word_counts(
    frame: Frame, *, exclude_tags: Iterable[str] = (), retweets: bool = False, min_length: int = 2
) -> pl.DataFrame:
    """Token counts of the texts: ``word``, ``count``.

    Lower-cased; URLs, @mentions, the ``exclude_tags`` (with or without ``#``), stop words, numbers and
    one-letter tokens dropped; other hashtags kept as ``#tag``. Retweets are left out by default (a
    retweet repeats another tweet's text).
    """
    return _count_words(frame, {"count": pl.len()}, exclude_tags=exclude_tags, retweets=retweets, min_length=min_length)


def _count_words(
    frame: Frame,
    weights: dict[str, pl.Expr],
    *,
    exclude_tags: Iterable[str] = (),
    retweets: bool = False,
    min_length: int = 2,
) -> pl.DataFrame:
    """Token counts under several weights at once (e.g. one per side of a comparison): ``word``, *weights*.

    Each distinct text is tokenized once (copies and template campaigns are common) and weighted by the
    per-text aggregate of each weight expression.
    """
    tags = list(_tags(list(exclude_tags)))
    lf = _lazy(frame)
    drop = list(stop_words(collection_languages(lf)) | set(tags) | {f"#{t}" for t in tags})
    if not retweets:
        lf = lf.filter(~pl.col("is_retweet"))
    names = list(weights)
    return (
        lf.group_by("text")
        .agg(*(expr.cast(pl.Int64).alias(name) for name, expr in weights.items()))
        .select(
            pl.col("text")
            .str.to_lowercase()
            .str.replace_all("’", "'", literal=True)
            .str.replace_all("(?i)" + URL_RE, " ")
            .str.replace_all(MENTION_STRIP_POLARS, "$1 ")
            .str.extract_all(WORD_COUNT_TOKEN_RE)
            .alias("word"),
            *names,
        )
        .explode("word")
        .filter(
            pl.col("word").is_not_null()
            & (pl.col("word").str.len_chars() >= min_length)
            & ~pl.col("word").is_in(drop)
            & ~pl.col("word").str.contains(r"^#?[\d_]+$")
        )
        .group_by("word")
        .agg(pl.col(name).sum() for name in names)
        .collect()
    )


def log_odds(
    counts_a: pl.DataFrame, counts_b: pl.DataFrame, prior: pl.DataFrame | None = None, *, prior_scale: float = 1.0
) -> pl.DataFrame:
    """Weighted log-odds ratios with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    ``counts_a``/``counts_b``/``prior`` have ``word``, ``count``. The prior defaults to the pooled
    counts of both sides, scaled by ``prior_scale``. For each word ``w`` with prior ``α_w`` (sum ``α0``)::

        δ_w = ln((y_aw + α_w) / (n_a + α0 − y_aw − α_w)) − ln((y_bw + α_w) / (n_b + α0 − y_bw − α_w))
        σ²_w ≈ 1 / (y_aw + α_w) + 1 / (y_bw + α_w);   z_w = δ_w / σ_w

    Returns ``word``, ``count_a``, ``count_b``, ``log_odds`` (δ), ``z``; positive favours side a.
    """
    if not prior_scale > 0:
        raise ValueError(f"prior_scale must be positive, got {prior_scale}")
    both = (
        counts_a.rename({"count": "count_a"})
        .join(counts_b.rename({"count": "count_b"}), on="word", how="full", coalesce=True)
        .with_columns(pl.col("count_a").fill_null(0), pl.col("count_b").fill_null(0))
    )
    if prior is None:
        both = both.with_columns(
            ((pl.col("count_a") + pl.col("count_b")) * prior_scale).cast(pl.Float64).alias("alpha")
        )
    else:
        both = both.join(
            prior.select("word", (pl.col("count") * prior_scale).cast(pl.Float64).alias("alpha")), on="word", how="left"
        ).with_columns(pl.col("alpha").fill_null(0.01 * prior_scale))
    n_a, n_b = float(both["count_a"].sum()), float(both["count_b"].sum())
    alpha0 = float(both["alpha"].sum())
    ya, yb, a = pl.col("count_a"), pl.col("count_b"), pl.col("alpha")
    delta = ((ya + a) / (n_a + alpha0 - ya - a)).log() - ((yb + a) / (n_b + alpha0 - yb - a)).log()
    var = 1 / (ya + a) + 1 / (yb + a)
    return both.with_columns(delta.alias("log_odds"), (delta / var.sqrt()).alias("z")).select(
        "word", "count_a", "count_b", "log_odds", "z"
    )


def distinguishing_words(
    a: Frame,
    b: Frame,
    *,
    labels: tuple[str, str] = ("a", "b"),
    exclude_tags: Iterable[str] = (),
    n: int | None = 20,
    min_count: int = 3,
    retweets: bool = False,
    prior: Frame | None = None,
    prior_scale: float = 1.0,
) -> pl.DataFrame:
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


def _distinguish(
    ca: pl.DataFrame,
    cb: pl.DataFrame,
    cp: pl.DataFrame | None,
    *,
    labels: tuple[str, str],
    n: int | None,
    min_count: int,
    prior_scale: float,
) -> pl.DataFrame:
    """Score word counts of two sides (see :func:`distinguishing_words`)."""
    for label, counts in zip(labels, (ca, cb)):
        if counts.height == 0:
            raise ValueError(
                f"selection {label!r} has no words to compare (no tweets, or only retweets: "
                "pass retweets=True to count retweeted texts)"
            )
    scored = (
        log_odds(ca, cb, cp, prior_scale=prior_scale)
        .filter(pl.col("count_a") + pl.col("count_b") >= min_count)
        .with_columns(pl.when(pl.col("z") >= 0).then(pl.lit(labels[0])).otherwise(pl.lit(labels[1])).alias("side"))
    )
    if n is not None:
        top_a = scored.filter(pl.col("z") > 0).sort(["z", "word"], descending=[True, False]).head(n)
        top_b = scored.filter(pl.col("z") < 0).sort(["z", "word"], descending=[False, False]).head(n)
        scored = pl.concat([top_a, top_b])
    return scored.sort(["z", "word"], descending=[True, False]).select(
        "word", "side", "count_a", "count_b", "log_odds", "z"
    )


def compare(
    frame: Frame, tag_a: str, tag_b: str, *, n: int = 15, every: str = "day", exclusive: bool = False, **kwargs: Any
) -> dict[str, pl.DataFrame]:
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
    both = (
        lf.filter(in_a | in_b)  # one read of the texts for both sides
        .select("created_at", "text", "is_retweet", in_a.alias("_a"), in_b.alias("_b"))
        .collect()
    )
    a, b = both.filter("_a"), both.filter("_b")
    for tag, part in ((a_tag, a), (b_tag, b)):
        if part.height == 0:
            raise ValueError(
                f"no tweet carries #{tag}; check the spelling (tags are matched without '#', case-insensitive)"
            )
    labels = (f"#{a_tag}", f"#{b_tag}")
    retweets = bool(kwargs.pop("retweets", False))
    prior = kwargs.pop("prior", None)
    unknown = set(kwargs) - {"min_count", "prior_scale"}
    if unknown:
        raise TypeError(f"compare() got unexpected keyword argument(s) {sorted(unknown)}")
    excl = (a_tag, b_tag)
    # each distinct text tokenized once, counted for each side it belongs to
    counts = _count_words(
        both, {"count_a": pl.col("_a").sum(), "count_b": pl.col("_b").sum()}, exclude_tags=excl, retweets=retweets
    )
    ca = counts.filter(pl.col("count_a") > 0).select("word", pl.col("count_a").alias("count"))
    cb = counts.filter(pl.col("count_b") > 0).select("word", pl.col("count_b").alias("count"))
    cp = word_counts(prior, exclude_tags=excl, retweets=retweets) if prior is not None else None
    words = _distinguish(
        ca, cb, cp, labels=labels, n=n, min_count=kwargs.get("min_count", 3), prior_scale=kwargs.get("prior_scale", 1.0)
    )
    return {"volume": compare_volume(a, b, labels=labels, every=every), "words": words}
