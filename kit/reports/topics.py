"""The corpus-wide topic model every report variant shares, and what a selection's tweets make of it."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
from pathlib import Path
from typing import Any

from kit import config
from kit.cache import cache_key, file_hash, write_json_atomic
from kit.extras import install_hint, missing
from kit.notebook.corpus import resolve_data_path
from kit.notebook.display import Note, attempt, is_empty
from kit.progress import Progress

TOPIC_COLUMNS: tuple[str, ...] = ("tweet_id", "text", "hashtags")


@dataclasses.dataclass
class CorpusTopics:
    """The corpus-wide topic model's tables (``topics``, ``assignments``), its cache ``key`` and ``folder``;
    the fitted model itself (``model``) loads only when asked for (it needs BERTopic, slow to import)."""

    topics: Any
    assignments: Any
    key: str
    folder: Path | None = None
    _model: Any = None

    @property
    def model(self) -> Any:
        """The fitted :class:`kit.topics.model.TopicModel` (loaded from the cache on first use)."""
        if self._model is None:
            from kit.topics.model import TopicModel

            if self.folder is None:
                raise ValueError("this topic model was not cached; fit it with kit.topics.fit_or_load")
            self._model = TopicModel.load(self.folder)
        return self._model


def _topics_index(path: Path, params: Any) -> Path:
    from kit.topics import model as topic_model

    key = cache_key("report-topics", getattr(topic_model, "MODEL_VERSION", 0), data=file_hash(path),
                    params=params.to_dict())
    return config.cache_dir("report-topics", f"{key}.json")


def corpus_topics(data_path: str | os.PathLike[str] | None, *, enabled: bool = True, backend: str = "model2vec",
                  sample_size: int = 20_000, seed: int = config.DEFAULT_SEED, progress: Progress | None = None,
                  **options: Any) -> Any:
    """The corpus-wide topic model of a table (``kit.topics.fit_or_load``: fitted once, then loaded).

    Every report variant calls this with the *whole* table, so all variants share one model and their
    topics are comparable; :func:`render_variants` calls it once before the variants start, so no
    variant fits. A small index (``data/cache/report-topics/``, keyed by the table's file hash and the
    parameters) points to the cached model, so a variant reads two Parquet files instead of re-hashing
    every text and importing BERTopic. ``progress`` (a :class:`kit.progress.Progress` callback) follows
    the embedding of a first fit. ``options`` are further :class:`kit.topics.TopicParams` fields.
    Returns a :class:`CorpusTopics`, or a :class:`Note` when disabled.
    """
    if not enabled:
        return Note("Topics are switched off for this report (parameter topics = False).")
    absent = missing("topics")
    if absent:
        return Note(f"Topics are left out: the topic model needs optional packages that are not installed "
                    f"({', '.join(absent)}). Install them with {install_hint('topics')} and render again.")
    import polars as pl

    from kit.topics.model import TopicParams, fit_or_load

    path = resolve_data_path(data_path)
    params = TopicParams(backend=backend, sample_size=sample_size, seed=seed, **options)
    index = _topics_index(path, params)
    with contextlib.suppress(OSError, ValueError, KeyError):
        entry = json.loads(index.read_text(encoding="utf-8"))
        folder = Path(entry["folder"])
        if (folder / "topics.parquet").is_file() and (folder / "assignments.parquet").is_file():
            return CorpusTopics(topics=pl.read_parquet(folder / "topics.parquet"),
                                assignments=pl.read_parquet(folder / "assignments.parquet"),
                                key=str(entry["key"]), folder=folder)
    frame = pl.read_parquet(path, columns=list(TOPIC_COLUMNS))
    result = fit_or_load(frame, params, progress=progress)
    if result.folder is not None:
        write_json_atomic(index, {"folder": str(result.folder), "key": result.key, "data": str(path)})
    return CorpusTopics(topics=result.topics, assignments=result.assignments, key=result.key,
                        folder=result.folder, _model=result.model)


def _nothing_to_show(result: Any, tweets: Any) -> Note | None:
    """The :class:`Note` to show instead of a topic table when topics are off or no tweet is selected."""
    if isinstance(result, Note):
        return result
    if is_empty(tweets):
        return Note("No tweets in this selection: no topics to show.")
    return None


def _label():  # -> pl.Expr
    """The topic's ``label``, or "(no clear topic)" for the outlier topic ``-1``."""
    import polars as pl

    return pl.when(pl.col("topic") == -1).then(pl.lit("(no clear topic)")).otherwise(pl.col("label")).alias("label")


def topic_shares(result: Any, tweets: Any, *, n: int = 10) -> Any:
    """How the selected tweets spread over the corpus-wide topics: ``topic``, ``label``, ``tweets``, ``share``,
    ``words`` (the ``n`` largest topics; ``-1`` gathers the tweets no topic fits)."""
    import polars as pl

    missing = _nothing_to_show(result, tweets)
    if missing is not None:
        return missing
    joined = result.assignments.join(tweets.select("tweet_id"), on="tweet_id", how="inner")
    total = max(joined.height, 1)
    info = result.topics.select("topic", "label", "words")
    return (joined.group_by("topic").agg(pl.len().cast(pl.Int64).alias("tweets"))
            .join(info, on="topic", how="left")
            .with_columns((pl.col("tweets") / total).alias("share"), _label())
            .sort(["tweets", "topic"], descending=[True, False]).head(n)
            .select("topic", "label", "tweets", "share", "words"))


def topics_over_time(result: Any, tweets: Any, *, every: str = "day", tz: str = "UTC") -> Any:
    """The selected tweets per corpus-wide topic and time bin: ``period`` (bin start, in ``tz``), ``topic``,
    ``label``, ``tweets``, ``share`` (of the bin's tweets with a topic), zero where a topic was silent
    (:func:`kit.topics.tables.topics_over_time`, for :func:`kit.charts.topics.topics_over_time_chart`). ``every``
    is ``minute``, ``hour``, ``day``, ``week`` or a polars duration, as in :func:`kit.describe.volume`. A
    :class:`Note` when topics are off, no tweet is selected, or ``every``/``tz`` are not understood.

    >>> import polars as pl
    >>> topics_over_time(Note("Topics are switched off."), pl.DataFrame())
    Topics are switched off.
    """
    missing = _nothing_to_show(result, tweets)
    if missing is not None:
        return missing
    return attempt(_topic_bins, result, tweets, every, tz)


def _topic_bins(result: Any, tweets: Any, every: str, tz: str) -> Any:
    import polars as pl

    from kit import timebins
    from kit.describe import granularity
    from kit.topics.tables import topics_over_time as per_period

    timebins.check_tz(tz)
    step = granularity(every)
    local = tweets.select("tweet_id", pl.col("created_at").dt.convert_time_zone(tz))
    counts = per_period(result.assignments, local, every=step, topics=result.topics)
    if counts.height == 0:
        return counts
    # every topic in every bin (zero where it was silent), so that lines do not bridge quiet bins
    periods = pl.datetime_range(counts["period"].min(), counts["period"].max(), step, eager=True, time_unit="us")
    grid = pl.DataFrame({"period": periods.cast(counts.schema["period"])}).join(
        counts.select("topic", "label").unique(), how="cross")
    return (grid.join(counts, on=["period", "topic", "label"], how="left")
            .with_columns(pl.col("tweets").fill_null(0), pl.col("share").fill_null(0.0)).sort("period", "topic"))


def community_topics(net: Any, tweets: Any, result: Any, *, communities: int = 10, n: int = 3) -> Any:
    """The topics each of the ``communities`` largest network communities talked about: ``community``,
    ``topic``, ``label``, ``tweets``, ``share`` (of the community's tweets the model assigned), its ``n`` largest
    topics each (:func:`kit.networks.community_topics` with the corpus-wide topics). A :class:`Note` when
    topics are off, no tweet is selected or there is no network.

    >>> community_topics(Note("No network."), None, None)
    No network.
    """
    import polars as pl

    from kit import networks

    for value in (net, result):
        if isinstance(value, Note):
            return value
    labelled = (result.assignments.select("tweet_id", "topic")
                .join(result.topics.select("topic", "label"), on="topic", how="left").with_columns(_label()))
    out = attempt(networks.community_topics, net, tweets, labelled, top=n)
    if not isinstance(out, pl.DataFrame):
        return out
    largest = (net.nodes.group_by("community").agg(pl.len().alias("nodes"))
               .sort(["nodes", "community"], descending=[True, False]).head(communities)["community"])
    return out.filter(pl.col("community").is_in(largest.implode())).select(
        "community", "topic", "label", "tweets", "share")
