"""Benchmark: generating the synthetic #YesAllWomen scale corpus (time and peak memory).

Runs ``kit sample`` in a fresh process per format (so peak RSS is the generator's own) and writes
``benchmarks/results/sample.json``. The generator has no peer tool (nothing else writes planted-truth
tweet collections), so the figures stand alone: seconds, peak RSS, output size and tweets per second.
CPU seconds (user + system, both threads) are recorded beside wall time because the benchmark
machine is shared. The v2 file made here is exactly the shared scale corpus of ``benchmarks.common.corpus_raw`` (same
size, seed and format give the same bytes), so it is kept there for the other benchmarks when absent.

Usage::

    nice -n 10 .venv/bin/python benchmarks/bench_sample.py                # 1.2 million tweets, v2 and v1
    .venv/bin/python benchmarks/bench_sample.py --tweets 100000 --formats v2
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import DATA, FULL_SCALE, ROOT, _lock, run_measured, write_results


def measure(n_tweets: int, fmt: str, seed: int) -> dict[str, float | int | str]:
    """Generate one corpus in a child process; return its figures."""
    DATA.mkdir(parents=True, exist_ok=True)
    load = round(os.getloadavg()[0], 2)  # the machine is shared: wall time depends on it, CPU time less so
    out = DATA / f"bench-sample-{n_tweets}-{fmt}-s{seed}.jsonl.gz"
    cmd = [
        sys.executable,
        "-m",
        "kit.cli",
        "sample",
        "--tweets",
        str(n_tweets),
        "--seed",
        str(seed),
        "--format",
        fmt,
        "--out",
        str(out),
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = run_measured(cmd, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    size = out.stat().st_size
    truth = out.with_name(out.name.replace(".jsonl.gz", ".truth.parquet"))
    shared = DATA / f"yaw-{n_tweets}-{fmt}-s{seed}.jsonl.gz"
    with _lock(shared.name):
        if not shared.exists():  # identical bytes to what corpus_raw() would make: hand it over
            os.replace(truth, shared.with_name(shared.name.replace(".jsonl.gz", ".truth.parquet")))
            os.replace(out, shared)
        else:
            out.unlink()
            truth.unlink(missing_ok=True)
    return {
        "format": fmt,
        "tweets": n_tweets,
        **figures,
        "cpu_seconds": round(cpu, 1),
        "load_average_at_start": load,
        "output_mib": round(size / 2**20, 1),
        "tweets_per_second": round(n_tweets / figures["seconds"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tweets", type=int, default=FULL_SCALE)
    parser.add_argument("--formats", default="v2,v1", help="comma-separated formats to time")
    parser.add_argument("--seed", type=int, default=2014)
    args = parser.parse_args(argv)
    runs = [measure(args.tweets, fmt.strip(), args.seed) for fmt in args.formats.split(",") if fmt.strip()]
    write_results(
        "sample",
        {
            "what": "kit sample: synthetic #YesAllWomen corpus with planted truth, gzip JSONL + truth Parquet",
            "peer": None,
            "peer_note": "no tool generates planted-truth tweet collections; figures are the kit's own",
            "runs": runs,
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
