"""``kit import``: raw tweet files → one canonical Parquet table, and its import report."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kit.cli import options
from kit.cli.console import Console


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="import raw tweet files into one canonical Parquet table",
        description="Read tweet files of any supported format (sniffed, never by name) "
        "into one deduplicated canonical table.",
    )
    p.add_argument("paths", nargs="+", help="files, folders or glob patterns (.gz read transparently)")
    options.out(p, "output Parquet path, e.g. data/processed/NAME.parquet")
    p.add_argument("--strict", action="store_true", help="fail on the first skipped record instead of counting it")
    p.add_argument(
        "--apply-deletions",
        action="store_true",
        help="drop tweets named by stream delete notices or v2 compliance records in the inputs",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    """Handle ``kit import PATH... --out FILE [--strict] [--apply-deletions] [-q] [--json]``.

    Returns 0 on success; raises :class:`kit.errors.IngestError` (exit 1, ``kit import: refused: ...``)
    when records were skipped under ``--strict`` or the input was refused; nothing is written then.

    Examples
    --------
    >>> from kit.cli import main
    >>> main(["import", "data/raw/", "--out", "data/processed/yaw.parquet"])  # doctest: +SKIP
    0
    """
    from kit.ingest.workers import prestart

    exit_on_sigterm()  # a terminated import cleans up (temporary files, workers) like an interrupted one
    prestart(args.paths)  # large inputs: start the workers while this process loads its libraries
    from kit.errors import IngestError
    from kit.ingest.pipeline import import_tweets
    from kit.ingest.report import render

    try:
        with console.progress("importing") as progress:  # a bar on a terminal, file by file; silent with -q
            report = import_tweets(
                args.paths, args.out, strict=args.strict, apply_deletions=args.apply_deletions, progress=progress
            )
    except FileNotFoundError as exc:  # an input path that names nothing: the import refuses
        raise IngestError(str(exc)) from exc
    console.emit(report.to_dict(), None)
    if not args.json:
        from rich.text import Text

        console.renderable(Text.from_markup(render(report)))  # render() escapes every name it shows
    mixed = mixed_with_synthetic([f.path for f in report.files if f.tweets])
    if mixed:
        console.error(mixed, label="warning")
    console.note(next_steps(args.out))
    return 0


def mixed_with_synthetic(paths: list[str]) -> str:
    """A warning when the kit's SYNTHETIC sample files (a ``.truth.parquet`` beside them) were imported together
    with other files, e.g. ``kit import data/raw/`` after ``kit render`` wrote the sample there; else "".

    >>> mixed_with_synthetic([])
    ''
    """
    from kit.sample import truth_path_for

    synthetic = [p for p in paths if truth_path_for(p).is_file()]
    if not synthetic or len(synthetic) == len(paths):
        return ""
    shown = ", ".join(synthetic[:3]) + (f" and {len(synthetic) - 3} more" if len(synthetic) > 3 else "")
    return (
        f"{len(synthetic)} of the {len(paths)} files imported are the kit's SYNTHETIC sample ({shown}), now "
        "mixed with your data, and the table counts as SYNTHETIC; keep your files in a folder of their own "
        "and import that alone, e.g. `kit import data/raw/mine/ --out data/processed/mine.parquet`"
    )


def next_steps(out: str | os.PathLike[str]) -> str:
    """What to do with a table just imported: the commands, and the notebooks' ``data_path`` (from the project root).

    >>> next_steps("data/processed/mine.parquet").startswith("next: kit summary data/processed/mine.parquet")
    True
    """
    from kit import config

    table = Path(out).expanduser().resolve()
    try:
        shown = table.relative_to(config.project_root()).as_posix()
    except ValueError:  # outside the project: the notebooks take the absolute path
        shown = str(table)
    return f'next: kit summary {out}  ·  kit render --data {out}  ·  in a notebook: data_path = "{shown}"'


def exit_on_sigterm() -> None:
    """Turn SIGTERM into ``SystemExit(143)``, so ``finally`` blocks run (the default action ends the
    process at once, leaving temporary files and worker processes behind)."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
