"""``kit topics``: BERTopic on a selection → topics.parquet, assignments.parquet, topic_words.parquet, topics.json."""

from __future__ import annotations

import argparse
import time

from kit import config
from kit.cli import options
from kit.cli.console import Console


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("topics", help="fit BERTopic on a sample and assign every tweet")
    options.data(p)
    options.selection(p)
    options.out(p, "output folder (topics.parquet, assignments.parquet)")
    p.add_argument(
        "--backend",
        default="model2vec",
        help="'model2vec' (fast, default), 'minilm', or a sentence-transformers model name/path",
    )
    p.add_argument(
        "--sample-size",
        type=int,
        default=config.TOPIC_SAMPLE_SIZE,
        help=f"distinct texts to fit on (0 = all; default {config.TOPIC_SAMPLE_SIZE})",
    )
    p.add_argument("--min-topic-size", type=int, default=None, help="smallest topic (default scales with sample)")
    p.add_argument("--nr-topics", default=None, help="reduce to this many topics, or 'auto'")
    p.add_argument("--reduce-outliers", action="store_true", help="reassign outliers to their nearest topic")
    p.add_argument(
        "--seed-word",
        action="append",
        default=[],
        metavar="W1,W2,...",
        help="a guided topic as comma-separated seed words (repeatable)",
    )
    options.seed(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    """``kit topics DATA.parquet --out DIR``: fit (or load) the cached model, write the tables.

    Writes ``DIR/topics.parquet`` (``topic``, ``label``, ``words``, ``size``, ``share``, ``fit_size``,
    ``lang``, ``lang_share``, ``representative``), ``DIR/assignments.parquet`` (``tweet_id``, ``topic`` with -1 for outliers,
    ``similarity``), ``DIR/topic_words.parquet`` and ``DIR/topics.json`` (parameters, cache key, counts),
    and prints the topic table (JSON records with ``--json``).
    """
    from pathlib import Path

    import polars as pl

    from kit.cache import write_json_atomic, write_parquet_atomic
    from kit.errors import SchemaError, SelectionError, UsageError
    from kit.topics.model import TopicParams, fit_or_load, parse_seed_words
    from kit.topics.tables import topic_words, write_outputs

    selection = options.selection_from_args(args)
    data = Path(args.data)
    if not data.is_file():
        raise UsageError(f"no such table: {data} (import raw files first with `kit import ... --out {data}`)")
    started = time.perf_counter()
    columns = pl.read_parquet_schema(data)
    missing = [c for c in ("tweet_id", "text") if c not in columns]
    if missing:
        raise SchemaError(f"{data} lacks column(s) {missing}: is it a canonical table written by `kit import`?")
    frame = selection.apply(pl.scan_parquet(data)).collect()
    console.note(f"kit topics: {frame.height:,} tweets selected ({selection.describe()})")
    if frame.height == 0:
        raise SelectionError("the selection is empty: widen --hashtag/--start/--end or check the table")
    params = TopicParams(
        backend=args.backend,
        sample_size=args.sample_size,
        min_topic_size=args.min_topic_size,
        nr_topics=args.nr_topics,
        reduce_outliers=args.reduce_outliers,
        seed_words=parse_seed_words(args.seed_word),
        seed=args.seed,
        query_hashtags=tuple(selection.hashtags) or None,
    )
    with console.progress("embedding") as progress:
        result = fit_or_load(frame, params, progress=progress)
    out = Path(args.out)
    write_outputs(result, out)
    write_parquet_atomic(topic_words(result.model), out / "topic_words.parquet")
    outliers = int((result.assignments["topic"] == -1).sum())
    write_json_atomic(
        out / "topics.json",
        {
            "data": str(data),
            "selection": selection.to_dict(),
            "params": params.to_dict(),
            "cache_key": result.key,
            "cache_folder": str(result.folder) if result.folder else None,
            "tweets": frame.height,
            "topics": int((result.topics["topic"] != -1).sum()),
            "outliers": outliers,
            "stage_seconds": result.timings,
            "seconds": round(time.perf_counter() - started, 1),
        },
    )
    table = result.topics.filter(pl.col("topic") != -1).sort("size", descending=True)
    console.note(
        f"kit topics: {table.height} topics, {outliers:,} outlier tweets "
        f"({outliers / max(frame.height, 1):.0%}) in {time.perf_counter() - started:.0f} s"
    )
    shown = table.select("topic", "label", "size", pl.col("share").round(3))
    with pl.Config(tbl_rows=40, fmt_str_lengths=60, tbl_hide_dataframe_shape=True):
        console.emit(shown.to_dicts(), str(shown))
    console.note(f"kit topics: wrote {out / 'topics.parquet'} and {out / 'assignments.parquet'}")
    return 0
