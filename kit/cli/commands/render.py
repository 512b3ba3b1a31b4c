"""``kit render``: batch-render report variants of the report notebook with papermill."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kit.cli import options
from kit.cli.console import Console


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("render", help="render report variants of the report notebook with papermill")
    p.add_argument("--data", default=None, help="canonical Parquet table (default: the bundled synthetic sample)")
    options.out(p, "reports folder (default: reports/)", required=False)
    p.add_argument(
        "--notebook",
        default=None,
        help="notebook to render (default: the project's notebooks/report.ipynb, else the kit's own)",
    )
    variants = p.add_argument_group("variants", "each option makes one report per value (it does not filter)")
    variants.add_argument(
        "--each-hashtag",
        "--hashtag",
        dest="hashtag",
        action="append",
        default=[],
        metavar="TAG",
        help="one variant per hashtag (repeatable); --hashtag is its older spelling — elsewhere "
        "--hashtag filters, here every value makes its own report",
    )
    variants.add_argument("--start", default=None, help="start of the date range")
    variants.add_argument("--end", default=None, help="end of the date range")
    variants.add_argument("--period", choices=("day", "week"), default=None, help="one variant per day or week")
    variants.add_argument("--variants", default=None, help="a reports.toml naming each variant and its parameters")
    p.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a notebook parameter for every variant (repeatable)",
    )
    p.add_argument("--workers", type=int, default=None, help="parallel workers (default: the number of cores)")
    p.add_argument("--force", action="store_true", help="re-render variants that are up to date")
    p.add_argument("--show-code", action="store_true", help="keep code cells in the HTML reports")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    """``kit render``: build variants from options or ``--variants FILE``, render them, print a summary.

    Returns 0 when the variants are ok, empty or up to date and at least one holds tweets; 1 when any
    failed, or when every variant selected no tweet. SIGTERM is handled like Ctrl-C: the workers and
    their kernels stop, and the next ``kit render`` finishes the job (up-to-date variants are skipped).
    """
    from kit import config
    from kit.errors import UsageError
    from kit.reports.render import _bundled_sample, check_canonical_table, render_variants
    from kit.reports.variants import (
        Variant,
        default_variants,
        load_variants_file,
        notebook_parameters,
        parse_param_options,
        variants_from_options,
    )

    data: Path | None = Path(args.data).expanduser().resolve() if args.data else None
    if data is not None:
        if not data.is_file():
            raise UsageError(
                f"--data {data} not found; import raw files with `kit import RAW... --out "
                "data/processed/NAME.parquet` first"
            )
        check_canonical_table(data)
    notebook = Path(args.notebook) if args.notebook else config.project_notebook("report.ipynb")
    if not notebook.is_file():
        raise UsageError(f"notebook {notebook} not found (pass --notebook PATH)")
    spec = notebook_parameters(notebook)
    params = parse_param_options(args.param or [], spec)
    variant_options = bool(args.hashtag or args.start or args.end or args.period)
    if args.variants:
        if variant_options:
            raise UsageError("use either --variants FILE or --each-hashtag/--start/--end/--period, not both")
        variants = [
            Variant(v.name, {**v.parameters, **params, **({"data_path": str(data)} if data else {})})
            for v in load_variants_file(args.variants)
        ]
        if data is None and any(not v.parameters.get("data_path") for v in variants):
            data = _bundled_sample()
    elif variant_options:
        data = data or _bundled_sample()
        variants = variants_from_options(
            hashtags=args.hashtag, start=args.start, end=args.end, period=args.period, data_path=data, params=params
        )
    else:
        is_sample = data is None
        data = data or _bundled_sample()
        variants = [Variant(v.name, {**v.parameters, **params}) for v in default_variants(data, is_sample=is_sample)]
    with _sigterm_as_interrupt(), console.progress("rendering") as progress:
        try:
            summary = render_variants(
                variants,
                notebook=notebook,
                out_dir=args.out,
                workers=args.workers,
                force=args.force,
                show_code=args.show_code,
                default_data=data,
                progress=progress,
            )
        except KeyboardInterrupt:
            console.note(
                "kit render: interrupted; workers stopped. Run the same command again to finish "
                "(variants already rendered are skipped)."
            )
            raise
    return _print_summary(summary, console)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Any:
    """Within the block, SIGTERM raises KeyboardInterrupt (so that it stops the workers like Ctrl-C)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _print_summary(summary: Any, console: Console) -> int:
    """One line per variant on stdout (JSON manifests with ``--json``); 1 if any failed or all are empty."""
    from kit.reports.html import error_text

    lines = []
    for m in summary.manifests:
        status = "up to date" if m.get("skipped") else m.get("status")
        line = f"{m.get('variant')}: {status}"
        error = m.get("error")
        if m.get("status") == "failed" and error:
            line += f" — {error_text(error)}"
        if m.get("status") == "empty":
            line += " — no tweet matches this selection" + _suggestion_text(m.get("figures") or {})
        lines.append(line)
    lines.append(
        f"{len(summary.manifests)} variant(s) in {summary.seconds:.1f} s; open {summary.out_dir / 'index.html'}"
    )
    all_empty = bool(summary.manifests) and len(summary.empty) == len(summary.manifests)
    if all_empty:
        lines.append("every variant is empty: check the hashtags and dates")
    console.emit(
        {"out_dir": str(summary.out_dir), "seconds": summary.seconds, "variants": list(summary.manifests)},
        "\n".join(lines),
    )
    if summary.failed:
        console.note(f"kit render: {len(summary.failed)} variant(s) failed; see their report.html and manifest.json")
    return 1 if summary.failed or all_empty else 0


def _suggestion_text(figures: Mapping[str, Any]) -> str:
    near = [f"#{t}" for t in figures.get("did_you_mean") or []]
    return f" (did you mean {' or '.join(near[:3])}?)" if near else ""
