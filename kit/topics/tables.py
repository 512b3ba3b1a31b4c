"""Tidy tables of a topic model: the topic table, assignments, topics over time and per class, similarity.

Every function takes polars frames (the canonical tweets and/or ``assignments`` = ``tweet_id``,
``topic``) or a fitted :class:`~kit.topics.model.TopicModel`, and returns a tidy polars frame
ready for :mod:`kit.charts.topics`.

Examples
--------
>>> import polars as pl
>>> assignments = pl.DataFrame({"tweet_id": ["1", "2", "3"], "topic": [0, 0, -1]})
>>> topics = pl.DataFrame({"topic": [-1, 0], "label": ["outliers", "bus, catcalled"]})
>>> tweets = pl.DataFrame({"tweet_id": ["1", "2", "3"], "hashtags": [["a"], ["b"], ["a"]]})
>>> topics_per_class(assignments, tweets, "hashtags", topics=topics).sort("class", "topic").rows()
[('a', -1, 'outliers', 1, 0.5), ('a', 0, 'bus, catcalled', 1, 0.5), ('b', 0, 'bus, catcalled', 1, 1.0)]
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from kit import timebins
from kit.cache import write_parquet_atomic
from kit.text import normalize_tag


def _labels(topics: pl.DataFrame | None) -> pl.DataFrame | None:
    if topics is None:
        return None
    return topics.select(pl.col("topic").cast(pl.Int64), pl.col("label").cast(pl.String))


def _with_labels(frame: pl.DataFrame, topics: pl.DataFrame | None) -> pl.DataFrame:
    labels = _labels(topics)
    if labels is None:
        return frame.with_columns(pl.format("topic {}", pl.col("topic")).alias("label"))
    return frame.join(labels, on="topic", how="left").with_columns(
        pl.col("label").fill_null(pl.format("topic {}", pl.col("topic")))
    )


def _join(assignments: pl.DataFrame, tweets: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    for name, frame, need in (
        ("assignments", assignments, ["tweet_id", "topic"]),
        ("tweets", tweets, ["tweet_id", *columns]),
    ):
        missing = [c for c in need if c not in frame.columns]
        if missing:
            raise ValueError(f"{name} lacks column(s) {missing}; have {frame.columns}")
    return assignments.select("tweet_id", "topic").join(tweets.select("tweet_id", *columns), on="tweet_id", how="inner")


def topic_table(topics: pl.DataFrame, *, include_outliers: bool = True) -> pl.DataFrame:
    """The topic table (``topic``, ``label``, ``words``, ``size``, ``share``, ``lang``, ``representative``), largest first.

    ``lang`` is the topic's main detected language (see :func:`kit.text.detect_languages`).
    """
    frame = topics if include_outliers else topics.filter(pl.col("topic") != -1)
    keep = [c for c in ("topic", "label", "words", "size", "share", "lang", "representative") if c in frame.columns]
    return frame.select(keep).sort(["size", "topic"], descending=[True, False])


def topic_words(model: Any, *, top_n: int = 10, include_outliers: bool = False) -> pl.DataFrame:
    """Top words of each topic with their c-TF-IDF weights: ``topic``, ``label``, ``rank``, ``word``, ``weight``."""
    info = model.topic_info()
    rows = []
    for topic, label in info.select("topic", "label").iter_rows():
        if topic == -1 and not include_outliers:
            continue
        for rank, (word, weight) in enumerate((model.bertopic.get_topic(topic) or [])[:top_n], start=1):
            if word:
                rows.append({"topic": topic, "label": label, "rank": rank, "word": word, "weight": float(weight)})
    return pl.DataFrame(
        rows, schema={"topic": pl.Int64, "label": pl.String, "rank": pl.Int64, "word": pl.String, "weight": pl.Float64}
    )


def topics_over_time(
    assignments: pl.DataFrame,
    tweets: pl.DataFrame,
    *,
    every: str = "1d",
    topics: pl.DataFrame | None = None,
    include_outliers: bool = False,
) -> pl.DataFrame:
    """Tweets per topic per period: ``period``, ``topic``, ``label``, ``tweets``, ``share`` (of the period).

    ``every`` is any :mod:`kit.timebins` bin (``"hour"``, ``"day"``, ``"1w"``, ``"15m"``); periods start at UTC boundaries.
    """
    joined = _join(assignments, tweets, ["created_at"]).drop_nulls("created_at")
    if not include_outliers:
        joined = joined.filter(pl.col("topic") != -1)
    counts = (
        joined.with_columns(pl.col("created_at").dt.truncate(timebins.step(every)).alias("period"))
        .group_by("period", "topic")
        .len("tweets")
    )
    counts = counts.with_columns((pl.col("tweets") / pl.col("tweets").sum().over("period")).alias("share"))
    return _with_labels(counts, topics).select("period", "topic", "label", "tweets", "share").sort("period", "topic")


def topics_per_class(
    assignments: pl.DataFrame,
    tweets: pl.DataFrame,
    column: str = "hashtags",
    *,
    topics: pl.DataFrame | None = None,
    classes: list[str] | None = None,
    include_outliers: bool = True,
) -> pl.DataFrame:
    """Tweets per topic in each class of ``column``: ``class``, ``topic``, ``label``, ``tweets``, ``share``.

    A list column (``hashtags``, ``mentions``) counts a tweet once in each of its values; ``share``
    is the topic's share of the class's tweets. ``classes`` keeps only those values.
    """
    joined = _join(assignments, tweets, [column]).rename({column: "class"})
    if isinstance(joined.schema["class"], pl.List):
        joined = joined.with_columns(pl.col("class").list.unique()).explode("class")
    joined = joined.drop_nulls("class").with_columns(pl.col("class").cast(pl.String))
    if classes is not None:
        joined = joined.filter(
            pl.col("class").is_in([normalize_tag(str(c)) if column == "hashtags" else str(c) for c in classes])
        )
    if not include_outliers:
        joined = joined.filter(pl.col("topic") != -1)
    counts = joined.group_by("class", "topic").len("tweets")
    counts = counts.with_columns((pl.col("tweets") / pl.col("tweets").sum().over("class")).alias("share"))
    return _with_labels(counts, topics).select("class", "topic", "label", "tweets", "share").sort("class", "topic")


def topic_similarity(model: Any) -> pl.DataFrame:
    """Cosine similarity of every pair of topics' embeddings: ``topic_a``, ``label_a``, ``topic_b``, ``label_b``, ``similarity``."""
    info = model.topic_info().filter(pl.col("topic") != -1)
    ids = np.array(info["topic"].to_list(), dtype=np.int64)
    labels = info["label"].to_list()
    if not len(ids):
        return pl.DataFrame(
            schema={
                "topic_a": pl.Int64,
                "label_a": pl.String,
                "topic_b": pl.Int64,
                "label_b": pl.String,
                "similarity": pl.Float64,
            }
        )
    vecs = np.asarray(model.bertopic.topic_embeddings_, dtype=np.float64)[ids + int(model.bertopic._outliers)]
    vecs = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
    sim = vecs @ vecs.T
    n = len(ids)
    return pl.DataFrame(
        {
            "topic_a": np.repeat(ids, n),
            "label_a": [labels[i] for i in range(n) for _ in range(n)],
            "topic_b": np.tile(ids, n),
            "label_b": labels * n,
            "similarity": sim.ravel().round(6),
        }
    )


def topic_hierarchy(model: Any, *, method: str = "average") -> pl.DataFrame:
    """Agglomerative merge tree of the topics (cosine distance of topic embeddings), one row per merge.

    Columns: ``step``, ``left``, ``right`` (node ids: topics keep their id, merge ``k`` is node
    ``1000 + k``), ``distance``, ``topics`` (the topic ids under the new node), ``label``.
    """
    from scipy.cluster.hierarchy import linkage

    info = model.topic_info().filter(pl.col("topic") != -1)
    ids = info["topic"].to_list()
    labels = dict(zip(ids, info["label"].to_list()))
    schema = {
        "step": pl.Int64,
        "left": pl.Int64,
        "right": pl.Int64,
        "distance": pl.Float64,
        "topics": pl.List(pl.Int64),
        "label": pl.String,
    }
    if len(ids) < 2:
        return pl.DataFrame(schema=schema)
    vecs = np.asarray(model.bertopic.topic_embeddings_, dtype=np.float64)[np.array(ids) + int(model.bertopic._outliers)]
    links = linkage(vecs, method=method, metric="cosine")
    members: dict[int, list[int]] = {i: [t] for i, t in enumerate(ids)}
    node = {i: t for i, t in enumerate(ids)}
    rows = []
    for step, (a, b, dist, _) in enumerate(links):
        a, b = int(a), int(b)
        new = len(ids) + step
        members[new] = sorted(members[a] + members[b])
        node[new] = 1000 + step
        rows.append(
            {
                "step": step,
                "left": node[a],
                "right": node[b],
                "distance": float(dist),
                "topics": members[new],
                "label": " | ".join(labels[t] for t in members[new][:3]),
            }
        )
    return pl.DataFrame(rows, schema=schema)


def write_outputs(result: Any, out: str | os.PathLike[str]) -> dict[str, Path]:
    """Write ``topics.parquet`` and ``assignments.parquet`` (atomically) into folder ``out``."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "topics": write_parquet_atomic(result.topics, folder / "topics.parquet"),
        "assignments": write_parquet_atomic(result.assignments, folder / "assignments.parquet"),
    }
