"""Affect scores of texts: sentiment (VADER), NRC emotions, empowerment, testimony, calls to action.

Each **distinct** text is scored once (a retweet carries its original's text, so it reuses its
scores), and the scores are cached under ``data/cache/affect/<scorer-id>/`` by a hash of the text,
the scorer id hashing the lexicon file, the supplement, the rules and the VADER version: change any
of them and the cache starts afresh. Text the English lexicons cannot read (see
:mod:`kit.affect.language`) gets null scores, never 0.

How each column is made (all on the text with ``RT @x:``, URLs and @mentions removed):

``sentiment``
    VADER's compound score in [-1, 1] (negation, intensifiers, capitals and emoji are VADER's own).
``anger`` … ``trust``, ``empowerment``
    Emotion words counted (NRC EmoLex + :data:`kit.affect.lexicon.SUPPLEMENT`, emoji by name), each
    word 1, 1.5 after an intensifier, 0 with a negator among the three tokens before it.
``testimony``, ``call_to_action``
    The weights of the :data:`~kit.affect.lexicon.TESTIMONY_RULES` / :data:`~kit.affect.lexicon.CALL_RULES`
    a text matches, summed and capped at 1.

Examples
--------
>>> scores = score_affect(["I was followed home. I felt so scared.", "Call your senator! Sign the petition."],
...                       cache=False)
>>> scores.select("fear", "testimony", "call_to_action").rows()
[(1.5, 0.95, 0.0), (0.0, 0.0, 1.0)]
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from kit import config
from kit.affect import lexicon
from kit.affect.language import is_english
from kit.cache import atomic_path, cache_key
from kit.text import MENTION_STRIP_POLARS, RT_LEAD_RE, URL_RE, strip_tweet_noise

#: Bump when the scoring code changes in a way the fingerprint does not see.
SCORER_VERSION = "1"
#: Score columns, in order.
COLUMNS: tuple[str, ...] = ("sentiment", *lexicon.AFFECTS, "testimony", "call_to_action")
#: Below this many texts VADER runs in this process; above, in one process per worker.
PARALLEL_MIN = 20_000

#: A lexicon token: an emoji shortcode (``:face_with_tears_of_joy:``, from the demojized text) or a lower-case
#: ASCII word with an optional ``#`` — the lexicons' own vocabulary, unlike kit.text's word tokens on purpose.
_TOKEN = r":[a-z0-9_&\-]+:|#?[a-z]+(?:'[a-z]+)?"
_VADER: Any = None


def clean(text: str) -> str:
    """The text the lexicons read: no ``RT @x:``, URLs or @mentions; curly apostrophes made straight.

    >>> clean("RT @amy: I’m scared @bob https://t.co/x #YesAllWomen")
    "I'm scared #YesAllWomen"
    """
    return strip_tweet_noise(text).replace("\u2019", "'")


def clean_all(texts: Sequence[str]) -> list[str]:
    """:func:`clean` for many texts at once (vectorised in polars; the same result).

    >>> clean_all(["RT @amy: I’m  scared https://t.co/x"])
    ["I'm scared"]
    """
    series = pl.Series("t", list(texts), dtype=pl.String).fill_null("")
    out = (
        series.str.replace(RT_LEAD_RE, "")
        .str.replace_all(URL_RE, " ")
        .str.replace_all(MENTION_STRIP_POLARS, "$1 ")
        .str.replace_all("\u2019", "'", literal=True)
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )
    return out.to_list()


def scorer_id() -> str:
    """A short id of everything the scores depend on (the cache folder's name)."""
    from importlib.metadata import version

    return cache_key("affect", SCORER_VERSION, vader=version("vaderSentiment"), **lexicon.fingerprint())[:16]


# --- sentiment (VADER) ---------------------------------------------------------------------------
def _vader_chunk(texts: list[str]) -> list[float]:
    global _VADER
    if _VADER is None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        _VADER = SentimentIntensityAnalyzer()
    score = _VADER.polarity_scores
    return [score(t)["compound"] for t in texts]


def vader(texts: Sequence[str], *, workers: int | None = None) -> np.ndarray:
    """VADER compound scores, in one process per worker for large inputs (default: the CPU count)."""
    texts = list(texts)
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(texts) < PARALLEL_MIN or "fork" not in multiprocessing.get_all_start_methods():
        return np.asarray(_vader_chunk(texts), dtype=np.float64)
    size = -(-len(texts) // (workers * 4))
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        parts = pool.map(_vader_chunk, chunks)
    return np.asarray([v for part in parts for v in part], dtype=np.float64)


# --- emotions (NRC + supplement, negation, intensifiers) -----------------------------------------
def _demojize(texts: list[str]) -> list[str]:
    import emoji

    return [t if t.isascii() else emoji.demojize(t, delimiters=(" :", ": ")) for t in texts]


def emotions(texts: Sequence[str]) -> pl.DataFrame:
    """Emotion word counts per text (columns :data:`kit.affect.lexicon.AFFECTS`), vectorised in polars.

    >>> emotions(["not scared anymore", "so scared", "scared 💔"]).select("fear", "sadness").rows()
    [(0.0, 0.0), (1.5, 0.0), (1.0, 1.0)]
    """
    n = len(texts)
    tokens = (
        pl.DataFrame({"text": _demojize(list(texts))}, schema={"text": pl.String})
        .with_row_index("row")
        .select("row", pl.col("text").str.to_lowercase().str.extract_all(_TOKEN).alias("tok"))
        .explode("tok")
        .drop_nulls("tok")
    )
    same = [pl.col("row").shift(k) == pl.col("row") for k in range(1, lexicon.NEGATION_WINDOW + 1)]
    negators, intensifiers = list(lexicon.NEGATORS), list(lexicon.INTENSIFIERS)
    negated = pl.any_horizontal(
        [(s & pl.col("tok").shift(k).is_in(negators)).fill_null(False) for k, s in enumerate(same, start=1)]
    )
    intense = (same[0] & pl.col("tok").shift(1).is_in(intensifiers)).fill_null(False)
    tokens = tokens.with_columns(
        pl.when(negated).then(0.0).when(intense).then(lexicon.INTENSITY).otherwise(1.0).alias("w")
    )
    nrc = lexicon.nrc()
    rows = []
    for tok in tokens["tok"].unique().to_list():
        found = lexicon.entry(tok, nrc)
        if found:
            rows.append({"tok": tok, **{a: float(a in found) for a in lexicon.AFFECTS}})
    schema = {"tok": pl.String, **{a: pl.Float64 for a in lexicon.AFFECTS}}
    lookup = pl.DataFrame(rows, schema=schema)
    sums = (
        tokens.join(lookup, on="tok", how="inner")
        .group_by("row")
        .agg([(pl.col(a) * pl.col("w")).sum() for a in lexicon.AFFECTS])
    )
    return (
        pl.DataFrame({"row": pl.arange(0, n, eager=True, dtype=pl.UInt32)})
        .join(sums, on="row", how="left")
        .sort("row")
        .select([pl.col(a).fill_null(0.0) for a in lexicon.AFFECTS])
    )


def rule_scores(texts: Sequence[str], rules: Sequence[tuple[str, str, float]]) -> pl.Series:
    """Sum of the weights of the rules each text matches (lower-cased), capped at 1.

    >>> rule_scores(["My boss told me to smile"], lexicon.TESTIMONY_RULES).to_list()
    [1.0]
    """
    lower = pl.Series("t", list(texts), dtype=pl.String).str.to_lowercase()
    total = pl.select(
        pl.sum_horizontal([lower.str.contains(pattern).cast(pl.Float64) * weight for _, pattern, weight in rules])
    ).to_series()
    return total.clip(0.0, 1.0).round(6)


def matched_rules(text: str, rules: Sequence[tuple[str, str, float]]) -> list[str]:
    """The names of the rules a text matches (to explain a score).

    >>> matched_rules("Please share and call your senator", lexicon.CALL_RULES)
    ['imperative verb at a sentence start', 'call your representative', 'please + verb']
    """
    lower = text.lower()
    return [name for name, pattern, _ in rules if re.search(pattern, lower)]


def _score_distinct(texts: list[str], *, workers: int | None) -> pl.DataFrame:
    """Score distinct texts (all columns; non-English rows null)."""
    english = np.asarray(is_english(texts), dtype=bool)
    cleaned = clean_all(texts)
    idx = np.flatnonzero(english)
    readable = [cleaned[i] for i in idx]
    scores = (
        emotions(readable)
        .with_columns(
            pl.Series("sentiment", vader(readable, workers=workers)),
            rule_scores(readable, lexicon.TESTIMONY_RULES).alias("testimony"),
            rule_scores(readable, lexicon.CALL_RULES).alias("call_to_action"),
        )
        .select(COLUMNS)
        .with_columns(pl.Series("i", idx, dtype=pl.Int64))
    )
    return (
        pl.DataFrame({"i": np.arange(len(texts), dtype=np.int64)}).join(scores, on="i", how="left").sort("i").drop("i")
    )


# --- cache -----------------------------------------------------------------------------------------
def text_hash(text: str) -> bytes:
    """The cache key of a text (16-byte BLAKE2b of its UTF-8)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class AffectCache:
    """Parquet shards ``hash -> scores`` under ``data/cache/affect/<scorer-id>/``, written atomically."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or config.cache_dir("affect", scorer_id())

    def shards(self) -> list[Path]:
        """The shard files, in a stable order."""
        return sorted(self.folder.glob("shard-*.parquet")) if self.folder.is_dir() else []

    def lookup(self, hashes: pl.Series) -> pl.DataFrame:
        """Cached rows among ``hashes`` (columns ``hash`` and :data:`COLUMNS`)."""
        wanted = pl.DataFrame({"hash": hashes})
        found = [pl.scan_parquet(s).join(wanted.lazy(), on="hash", how="semi") for s in self.shards()]
        schema = {"hash": pl.Binary, **{c: pl.Float64 for c in COLUMNS}}
        if not found:
            return pl.DataFrame(schema=schema)
        return pl.concat(found).unique("hash", keep="first").collect().select(list(schema))

    def add(self, frame: pl.DataFrame) -> Path | None:
        """Write one new shard of ``hash`` + scores."""
        if frame.height == 0:
            return None
        name = hashlib.blake2b(b"".join(frame["hash"].to_list()), digest_size=12).hexdigest()
        path = self.folder / f"shard-{name}.parquet"
        with atomic_path(path) as tmp:
            frame.write_parquet(tmp, compression="zstd")
        return path


def score_affect(
    texts: Sequence[str | None], *, cache: bool = True, workers: int | None = None, stats: dict[str, int] | None = None
) -> pl.DataFrame:
    """Affect scores of texts, one row per text, in order.

    Parameters
    ----------
    texts
        Tweet texts (duplicates and ``None`` allowed).
    cache
        Read and fill ``data/cache/affect/<scorer-id>/``.
    workers
        Processes for VADER on large inputs (default: the CPU count).
    stats
        If given, filled with ``texts``, ``distinct``, ``cached``, ``scored`` and ``unscored`` (texts
        the lexicons cannot read: non-English or empty).

    Returns
    -------
    polars.DataFrame
        ``sentiment`` in [-1, 1]; ``anger``, ``anticipation``, ``disgust``, ``fear``, ``joy``,
        ``sadness``, ``surprise``, ``trust``, ``empowerment`` (≥ 0, weighted word counts);
        ``testimony`` and ``call_to_action`` in [0, 1]. Null where the text could not be read.

    Examples
    --------
    >>> score_affect(["Je suis en colère contre tout le monde ce soir", None], cache=False)["anger"].to_list()
    [None, None]
    """
    series = pl.Series("text", list(texts), dtype=pl.String)
    distinct = series.drop_nulls().unique(maintain_order=True)
    distinct = distinct.filter(distinct.str.strip_chars() != "")
    frame = pl.DataFrame(
        {"text": distinct, "hash": [text_hash(t) for t in distinct.to_list()]},
        schema={"text": pl.String, "hash": pl.Binary},
    )
    store = AffectCache() if cache else None
    found = store.lookup(frame["hash"]) if store is not None else pl.DataFrame(schema={"hash": pl.Binary})
    todo = frame.join(found.select("hash"), on="hash", how="anti")
    new = (
        pl.concat([todo.select("hash"), _score_distinct(todo["text"].to_list(), workers=workers)], how="horizontal")
        if todo.height
        else None
    )
    if store is not None and new is not None:
        store.add(new)
    scored = (
        pl.concat([f for f in (found, new) if f is not None and f.height], how="vertical")
        if (found.height or new is not None)
        else None
    )
    out_schema = {c: pl.Float64 for c in COLUMNS}
    if scored is None:
        result = pl.DataFrame({c: [None] * series.len() for c in COLUMNS}, schema=out_schema)
    else:
        by_text = frame.join(scored, on="hash", how="inner").drop("hash")
        result = series.to_frame().join(by_text, on="text", how="left", maintain_order="left").select(COLUMNS)
    if stats is not None:
        unscored = int(result["sentiment"].null_count())
        stats.update(
            texts=series.len(),
            distinct=frame.height,
            cached=found.height,
            scored=series.len() - unscored,
            unscored=unscored,
        )
    return result


def affect_table(
    frame: pl.DataFrame | pl.LazyFrame,
    *,
    cache: bool = True,
    workers: int | None = None,
    stats: dict[str, int] | None = None,
) -> pl.DataFrame:
    """``tweet_id`` plus :data:`COLUMNS` for every tweet of a canonical frame (retweets reuse their original's).

    The canonical ``text`` of a retweet is its original's full text, so identical texts are scored once.
    """
    lf = frame.lazy() if isinstance(frame, pl.DataFrame) else frame
    base = lf.select("tweet_id", "text").collect()
    scores = score_affect(base["text"].to_list(), cache=cache, workers=workers, stats=stats)
    return pl.concat([base.select("tweet_id"), scores], how="horizontal")
