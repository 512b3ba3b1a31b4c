"""Run every benchmark (``benchmarks/bench_*.py``) in turn, each in its own process, and list the results files.

``make bench`` calls this. Each benchmark writes ``benchmarks/results/<stage>.json`` with the machine, the
date, the kit's figures and its peer's. Extra arguments are passed to every benchmark (e.g. ``--tweets 100000``
for a quick run at a smaller scale); ``--only import,topics`` runs a subset.

Examples
--------
``python benchmarks/run_all.py --only describe --tweets 100000``
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def benchmarks(only: set[str] | None = None) -> list[Path]:
    """The benchmark scripts, by name (``bench_<stage>.py``), optionally only the named stages."""
    found = sorted(HERE.glob("bench_*.py"))
    return [p for p in found if only is None or p.stem.removeprefix("bench_") in only]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=None, help="comma-separated stages, e.g. import,topics (default: all)")
    args, extra = parser.parse_known_args(argv)
    only = set(args.only.split(",")) if args.only else None
    scripts = benchmarks(only)
    if not scripts:
        print(f"no benchmark matches --only {args.only}", file=sys.stderr)
        return 2
    failed = []
    for script in scripts:
        print(f"== {script.name} {' '.join(extra)}", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(script), *extra])
        print(f"== {script.name}: exit {code} after {time.perf_counter() - start:.0f} s", flush=True)
        if code:
            failed.append(script.name)
    print("results:", *sorted(str(p.relative_to(HERE.parent)) for p in (HERE / "results").glob("*.json")), sep="\n  ")
    if failed:
        print("failed:", ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
