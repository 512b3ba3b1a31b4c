"""Topic modelling with BERTopic that scales to millions of tweets and stays reproducible.

- :mod:`kit.topics.embed`  — embedding backends (model2vec, MiniLM, any sentence transformer) and
  the on-disk embedding cache (each distinct text embedded once per model, ever);
- :mod:`kit.topics.model`  — :class:`TopicModel` (a fitted BERTopic), :class:`TopicParams`,
  :func:`fit_topics` and :func:`fit_or_load` (the cached, corpus-wide model);
- :mod:`kit.topics.cluster` — the clusterer: Leiden communities of the texts' nearest-neighbour graph;
- :mod:`kit.topics.coherence` — NPMI of a partition's topic words (the clusterer's choice of granularity);
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

import importlib
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

__all__ = [*_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kit.topics' has no attribute {name!r}")
