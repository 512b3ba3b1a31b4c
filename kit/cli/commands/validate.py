"""``kit validate``: inter-coder agreement of coded CSVs, and agreement with the affect scores."""

from __future__ import annotations

import argparse

from kit.cli.console import Console


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="inter-coder agreement of coded CSVs, and agreement with the affect scores")
    p.add_argument("coded", nargs="+", help="coded copies of a coding sample (one CSV per coder)")
    p.add_argument("--coder", action="append", default=[], help="coder names, one per file (default: file names)")
    p.add_argument("--affect", default=None, help="scores from `kit affect` to check against the human codes")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    """``kit validate CODED.csv [...] [--affect AFFECT.parquet]``: print agreement tables."""
    import polars as pl

    from kit.affect.validate import agreement, read_coding

    codes = read_coding(args.coded, coders=args.coder or None)
    scores = pl.read_parquet(args.affect) if args.affect else None
    tables = agreement(codes, scores)
    with pl.Config(tbl_rows=50, tbl_cols=20, float_precision=3):
        text = "\n".join(f"\n{name}\n{table}" for name, table in tables.items())
    console.emit({name: table.to_dicts() for name, table in tables.items()}, text)
    return 0
