"""``kit import``: run an import and print its report (human text via rich, or JSON)."""

from __future__ import annotations

import argparse
import json
import sys

from kit.ingest.pipeline import import_tweets
from kit.ingest.report import IngestError, render


def cli_import(args: argparse.Namespace) -> int:
    """Handle ``kit import PATH... --out FILE [--strict] [--apply-deletions] [--quiet] [--json]``.

    Returns 0 on success, 1 when records were skipped under ``--strict`` or the input was refused
    (the message says why and how to fix it); nothing is written then.

    Examples
    --------
    >>> from kit.cli import main
    >>> main(["import", "data/raw/", "--out", "data/processed/yaw.parquet"])  # doctest: +SKIP
    0
    """
    try:
        report = import_tweets(args.paths, args.out, strict=args.strict, apply_deletions=args.apply_deletions)
    except (IngestError, FileNotFoundError) as exc:
        from rich.console import Console

        err = Console(stderr=True, highlight=False)
        from rich.markup import escape

        err.print(f"[bold red]kit import: refused[/]: {escape(str(exc))}", markup=True, soft_wrap=True)
        return 1
    if args.json:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False, default=str) + "\n")
    elif not args.quiet:
        from rich.console import Console

        Console(highlight=False, soft_wrap=True).print(render(report))
    return 0
