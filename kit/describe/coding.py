"""A seeded sample of tweets for hand coding (affect codes), written as a spreadsheet-safe CSV."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import polars as pl

from kit import config
from kit.describe._frames import Frame, _followers_lookup, _lazy
from kit.privacy import project_salt, pseudonym, write_csv_safe
from kit.schema import kind_expr
from kit.text import AT_WORD

# --- coding sample -----------------------------------------------------------------------------
#: Affect codes for the coders (the same names as kit.affect.validate.CODE_COLUMNS): sentiment
#: negative/neutral/positive; emotion anger, anticipation, disgust, fear, joy, sadness, surprise, trust,
#: empowerment or none; testimony and call_to_action 1/0.
AFFECT_CODES: tuple[str, ...] = ("code_sentiment", "code_emotion", "code_testimony", "code_call_to_action")


#: An @-mention in free text, with the ASCII ``@`` or the fullwidth ``＠`` (both mention on Twitter); any
#: ``@word``, as masking errs on the side of hiding.
_MENTION_AT = AT_WORD


def _mask_mentions(texts: list[str | None], mapping: dict[str, str]) -> list[str | None]:
    def sub(match: re.Match[str]) -> str:
        return match.group(1) + mapping.get(match.group(2).casefold(), match.group(2))

    return [None if t is None else _MENTION_AT.sub(sub, t) for t in texts]


def coding_sample(
    frame: Frame,
    n: int = 200,
    *,
    seed: int = config.DEFAULT_SEED,
    retweets: bool = False,
    pseudonyms: bool = True,
    threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD,
    salt: str | None = None,
) -> pl.DataFrame:
    """A seeded random sample of tweets for manual coding, with an empty ``code`` column.

    The draw depends only on the set of tweet ids and the seed (not on row order). With
    ``pseudonyms``, authors and @mentions of accounts below ``threshold`` followers (or of unknown
    follower count) are replaced by their pseudonyms, in the ``author`` column and in the text.

    Returns ``tweet_id``, ``created_at``, ``author``, ``kind``, ``lang``, ``text``, ``code`` and the
    empty affect codes :data:`AFFECT_CODES` (read back by :func:`kit.affect.validate.read_coding`).
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    lf = _lazy(frame)
    pool = lf.filter(~pl.col("is_retweet")) if not retweets else lf
    ids = pool.select(pl.col("tweet_id").sort()).collect()["tweet_id"]
    rng = np.random.default_rng(seed)
    picked = ids.gather(np.sort(rng.choice(ids.len(), size=min(n, ids.len()), replace=False))) if ids.len() else ids
    sample = (
        pool.filter(pl.col("tweet_id").is_in(picked.implode()))
        .select(
            "tweet_id",
            "created_at",
            pl.col("author_username").alias("author"),
            pl.col("author_followers").alias("followers"),
            kind_expr(),
            "lang",
            "text",
        )
        .collect()
    )
    if pseudonyms and sample.height:
        key = salt if salt is not None else project_salt()
        # one decision per account (its highest follower count as an author anywhere in the frame),
        # the same for it as an author and as a mention
        handles = {m.group(2) for t in sample["text"].to_list() if t for m in _MENTION_AT.finditer(t)}
        handles |= set(sample["author"].drop_nulls().to_list())
        wanted = [h.casefold() for h in handles]
        lookup = _followers_lookup(lf.filter(pl.col("author_username").str.to_lowercase().is_in(wanted))).collect()
        known = dict(zip(lookup["key"].to_list(), lookup["followers"].to_list()))
        mapping = {
            h.casefold(): pseudonym(h, salt=key)
            for h in handles  # the hidden ones; others stay as written
            if (known.get(h.casefold()) or 0) < threshold
        }
        authors = [None if a is None else mapping.get(a.casefold(), a) for a in sample["author"].to_list()]
        sample = sample.with_columns(
            pl.Series("text", _mask_mentions(sample["text"].to_list(), mapping), dtype=pl.String),
            pl.Series("author", authors, dtype=pl.String),
        )
    return (
        sample.sort("created_at", "tweet_id")
        .with_columns(
            pl.lit("", dtype=pl.String).alias("code"), *[pl.lit("", dtype=pl.String).alias(c) for c in AFFECT_CODES]
        )
        .select("tweet_id", "created_at", "author", "kind", "lang", "text", "code", *AFFECT_CODES)
    )


def write_coding_sample(sample: pl.DataFrame, path: str | Path, *, excel: bool = False) -> Path:
    """Write a coding sample to CSV atomically (an empty ``code`` column is added if missing).

    Cells a spreadsheet would run as a formula (a tweet starting ``=`` or ``@``...) are prefixed
    with ``'`` (:func:`kit.privacy.spreadsheet_safe`).

    ``excel=True`` adds a UTF-8 byte-order mark so that Excel reads emoji and accents correctly.
    """
    target = Path(path)
    if target.suffix.lower() != ".csv":
        raise ValueError(f"write the coding sample to a .csv file, not {target.name!r}")
    if "code" not in sample.columns:
        sample = sample.with_columns(pl.lit("", dtype=pl.String).alias("code"))
    return write_csv_safe(sample, target, include_bom=excel, datetime_format="%Y-%m-%dT%H:%M:%S%z")
