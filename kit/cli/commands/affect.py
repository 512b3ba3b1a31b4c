"""``kit affect``: sentiment, emotions, testimony and calls to action of every selected tweet."""

from __future__ import annotations

import argparse

from kit.cli import options
from kit.cli.console import Console


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("affect", help="score sentiment, emotions, testimony and calls to action of every tweet")
    options.data(p)
    options.selection(p)
    options.out(p, "output Parquet (tweet_id + scores), e.g. out/affect.parquet")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write data/cache/affect")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    """``kit affect DATA --out AFFECT.parquet``: score every selected tweet; print counts.

    Exit 1 (:class:`kit.errors.SelectionError`) when no tweet is selected.
    """
    from pathlib import Path

    import polars as pl

    from kit.affect.score import affect_table
    from kit.cache import write_parquet_atomic
    from kit.errors import SelectionError, UsageError
    from kit.selection import select

    selection = options.selection_from_args(args)
    data = Path(args.data)
    if not data.is_file():
        raise UsageError(f"no such table: {data} (make one with `kit import`)")
    out = Path(args.out)
    if out.suffix.lower() != ".parquet":
        raise UsageError(f"write the scores to a .parquet file, not {out.name!r}")
    stats: dict[str, int] = {}
    console.note(f"scoring {data} ...")
    table = affect_table(select(pl.scan_parquet(data), selection), cache=not args.no_cache, stats=stats)
    write_parquet_atomic(table, out)
    if not stats["texts"]:
        raise SelectionError(f"no tweets match ({selection.describe()}); wrote an empty table to {out}")
    console.emit(
        {**stats, "out": str(out)},
        f"{stats['texts']:,} tweets ({stats['distinct']:,} distinct texts, {stats['cached']:,} from the "
        f"cache); {stats['unscored']:,} not scored (not English or empty: null scores) -> {out}",
    )
    return 0
