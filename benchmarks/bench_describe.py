"""Benchmark: the whole set of descriptive analyses on the scale corpus, against one plain scan of it.

Goal (issue 4): the full set finishes within a few times one scan of the Parquet file, so a
report variant never waits on its descriptive part. Each side runs in a fresh process (time and
peak RSS measured by ``benchmarks.common.run_measured``):

* ``scan``: ``pl.scan_parquet(path).collect()`` — every column read into memory, nothing else;
* ``describe``: from ``pl.scan_parquet(path)``: ``summary`` of the #YesAllWomen selection (it runs
  ``describe_all``: volume, life cycle, top hashtags, co-hashtags, pairs, accounts by
  activity/retweets/mentions, concentration, Lorenz, domains, languages, kinds), the life cycles
  and curves of both hashtags, minute volumes, quoted accounts, the #YesAllWomen vs #NotAllMen
  comparison (volumes + weighted log-odds words over the texts) and a coding sample.

Usage::

    nice -n 10 .venv/bin/python benchmarks/bench_describe.py            # 1.2M tweets
    .venv/bin/python benchmarks/bench_describe.py --tweets 100000       # smaller, while others work
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import FULL_SCALE, corpus_parquet, run_measured, write_results


def _scan(path: str) -> None:
    import polars as pl

    frame = pl.scan_parquet(path).collect()
    print(json.dumps({"rows": frame.height, "columns": frame.width}), file=sys.stderr)


def _describe(path: str) -> None:
    import polars as pl

    from kit import describe as d
    from kit.selection import Selection

    steps: dict[str, float] = {}

    def step(name: str, fn, *args, **kwargs):
        start = time.perf_counter()
        out = fn(*args, **kwargs)
        steps[name] = round(time.perf_counter() - start, 3)
        return out

    lf = pl.scan_parquet(path)
    sel = Selection(hashtags=("yesallwomen",))
    figures = step("summary_selection", d.summary, sel.apply(lf), selection=sel, salt="bench")  # = describe_all
    step("life_cycle_tags", d.life_cycle, lf, ["yesallwomen", "notallmen"])
    step("life_cycle_curves", d.life_cycle_curves, lf, ["yesallwomen", "notallmen"])
    step("volume_minute", d.volume, lf, "minute")
    step("top_accounts_quoted", d.top_accounts, lf, "quoted", 10, salt="bench")
    compared = step("compare_words", d.compare, lf, "yesallwomen", "notallmen", n=20)
    step("coding_sample", d.coding_sample, lf, 200, salt="bench")
    print(json.dumps({"steps": steps, "tweets": figures["tweets"], "words": compared["words"].height}), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tweets", type=int, default=FULL_SCALE, help="corpus size (default 1.2 million)")
    parser.add_argument(
        "--parquet", default=None, help="benchmark this canonical table instead of the generated corpus"
    )
    parser.add_argument("--repeat", type=int, default=2, help="runs of each side; the fastest counts")
    parser.add_argument("--worker", choices=("scan", "describe"), help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        (_scan if args.worker == "scan" else _describe)(args.path)
        return 0

    import os

    path = Path(args.parquet) if args.parquet else corpus_parquet(args.tweets)
    load_before = os.getloadavg()[0]
    if args.parquet:
        import polars as pl

        args.tweets = pl.scan_parquet(path).select(pl.len()).collect().item()
    me = [sys.executable, str(Path(__file__).resolve())]
    # interleaved (scan, describe) pairs, so both sides of each pair meet the same machine load
    scans, runs = [], []
    for _ in range(args.repeat):
        scans.append(run_measured([*me, "--worker", "scan", "--path", str(path)]))
        runs.append(run_measured([*me, "--worker", "describe", "--path", str(path)]))
    pair_ratios = sorted(round(r["seconds"] / s["seconds"], 2) for r, s in zip(runs, scans))
    scan = min(scans, key=lambda r: r["seconds"])
    best = min(runs, key=lambda r: r["seconds"])
    # one more in-process run for the per-step breakdown (not part of the timed figures)
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        _describe(str(path))
    detail = json.loads(buf.getvalue().strip().splitlines()[-1])
    write_results(
        "describe" if not args.parquet else "describe-custom",
        {
            "corpus": str(path.name),
            "tweets": args.tweets,
            "parquet_mib": round(path.stat().st_size / 2**20, 1),
            "kit": {
                "what": "full set of kit.describe analyses from pl.scan_parquet (fresh process, incl. imports)",
                **best,
                "runs": runs,
                "steps_seconds": detail["steps"],
            },
            "peer": {
                "what": "one plain scan: pl.scan_parquet(path).collect() of every column (fresh process)",
                **scan,
                "runs": scans,
            },
            "ratio_time": round(best["seconds"] / scan["seconds"], 2),
            "ratio_time_pairs": pair_ratios,
            "ratio_time_median_pair": pair_ratios[len(pair_ratios) // 2],
            "ratio_peak_rss": round(best["peak_rss_mib"] / scan["peak_rss_mib"], 2),
            "goal": "ratio_time of a few (<= 5); ratio_time = fastest describe run / fastest scan",
            "load_average_1m": {
                "before": round(load_before, 2),
                "after": round(os.getloadavg()[0], 2),
                "note": "a shared 2-core machine; both sides ran under the same load",
            },
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
