"""Topic modelling with BERTopic that scales to millions of tweets and stays reproducible.

- :mod:`kit.topics.embed`  — embedding backends (model2vec, MiniLM, any sentence transformer) and
  the on-disk embedding cache (each distinct text embedded once per model, ever);
- :mod:`kit.topics.model`  — :class:`TopicModel` (a fitted BERTopic), :class:`TopicParams`,
  :func:`fit_topics` and :func:`fit_or_load` (the cached, corpus-wide model);
- :mod:`kit.topics.tables` — the topic table, topics over time / per class, similarity, hierarchy.

Heavy libraries (bertopic, torch, sentence-transformers, umap) load only inside the functions that
need them, so importing this package is cheap.

Examples
--------
>>> import polars as pl
>>> from kit.topics import fit_or_load, TopicParams  # doctest: +SKIP
>>> result = fit_or_load(pl.read_parquet("data/processed/sample.parquet"), TopicParams())  # doctest: +SKIP
>>> result.topics.select("topic", "label", "size")  # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from typing import Any

_EXPORTS = {
    "Embedder": "kit.topics.embed",
    "embed_texts": "kit.topics.embed",
    "EmbeddingCache": "kit.topics.embed",
    "TopicModel": "kit.topics.model",
    "TopicParams": "kit.topics.model",
    "TopicResult": "kit.topics.model",
    "fit_topics": "kit.topics.model",
    "fit_or_load": "kit.topics.model",
    "topic_table": "kit.topics.tables",
    "topic_words": "kit.topics.tables",
    "topics_over_time": "kit.topics.tables",
    "topics_per_class": "kit.topics.tables",
    "topic_similarity": "kit.topics.tables",
    "topic_hierarchy": "kit.topics.tables",
    "write_outputs": "kit.topics.tables",
}

__all__ = [*_EXPORTS, "cli_topics"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kit.topics' has no attribute {name!r}")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cli_topics(args: argparse.Namespace, selection: Any) -> int:
    """``kit topics DATA.parquet --out DIR``: fit (or load) the cached model, write the tables.

    Writes ``DIR/topics.parquet`` (``topic``, ``label``, ``words``, ``size``, ``share``, ``fit_size``,
    ``lang``, ``lang_share``, ``representative``), ``DIR/assignments.parquet`` (``tweet_id``, ``topic`` with -1 for outliers,
    ``similarity``), ``DIR/topic_words.parquet`` and ``DIR/topics.json`` (parameters, cache key, counts),
    and prints the topic table.
    """
    import logging
    from pathlib import Path

    import polars as pl

    from kit.cache import write_json_atomic, write_parquet_atomic
    from kit.topics.model import TopicParams, fit_or_load, parse_seed_words
    from kit.topics.tables import topic_words, write_outputs

    logging.basicConfig(level=logging.INFO, format="kit topics: %(message)s", stream=sys.stderr)
    logging.getLogger("BERTopic").setLevel(logging.WARNING)
    data = Path(args.data)
    if not data.is_file():
        raise FileNotFoundError(f"no such table: {data} (import raw files first with `kit import ... --out {data}`)")
    started = time.perf_counter()
    columns = pl.read_parquet_schema(data)
    missing = [c for c in ("tweet_id", "text") if c not in columns]
    if missing:
        raise ValueError(f"{data} lacks column(s) {missing}: is it a canonical table written by `kit import`?")
    frame = selection.apply(pl.scan_parquet(data)).collect()
    _say(f"kit topics: {frame.height:,} tweets selected ({selection.describe()})")
    if frame.height == 0:
        raise ValueError("the selection is empty: widen --hashtag/--start/--end or check the table")
    params = TopicParams(backend=args.backend, sample_size=args.sample_size, min_topic_size=args.min_topic_size,
                         nr_topics=args.nr_topics, reduce_outliers=args.reduce_outliers,
                         seed_words=parse_seed_words(args.seed_word), seed=args.seed,
                         query_hashtags=tuple(selection.hashtags) or None)
    result = fit_or_load(frame, params, progress=True)
    out = Path(args.out)
    write_outputs(result, out)
    write_parquet_atomic(topic_words(result.model), out / "topic_words.parquet")
    outliers = int((result.assignments["topic"] == -1).sum())
    write_json_atomic(out / "topics.json", {
        "data": str(data), "selection": selection.to_dict(), "params": params.to_dict(), "cache_key": result.key,
        "cache_folder": str(result.folder) if result.folder else None, "tweets": frame.height,
        "topics": int((result.topics["topic"] != -1).sum()), "outliers": outliers,
        "stage_seconds": result.timings, "seconds": round(time.perf_counter() - started, 1)})
    table = result.topics.filter(pl.col("topic") != -1).sort("size", descending=True)
    _say(f"kit topics: {table.height} topics, {outliers:,} outlier tweets "
         f"({outliers / max(frame.height, 1):.0%}) in {time.perf_counter() - started:.0f} s")
    with pl.Config(tbl_rows=40, fmt_str_lengths=60, tbl_hide_dataframe_shape=True):
        print(table.select("topic", "label", "size", pl.col("share").round(3), "lang"))
    _say(f"kit topics: wrote {out / 'topics.parquet'} and {out / 'assignments.parquet'}")
    return 0
