"""Benchmark: ``kit import`` vs twarc-csv (``twarc2 csv``) vs a bare orjson parse, v2 and v1.1.

Every figure is a separate process, timed with its peak resident memory (``run_measured``):

* **kit v2 / kit v1** — ``kit import RAW --out X.parquet --quiet`` on the generated corpus
  (``--tweets``, default 1.2 M tweets, gzip JSON Lines as twarc writes them);
* **floor v2 / floor v1** — the same file, decompressed and every line parsed with orjson and
  thrown away: the fastest a Python importer could read it (the "within 2x" goal);
* **twarc-csv** — twarc-csv 0.7.2's ``twarc2 csv IN OUT`` command converting the v2 file. It is
  slow, so by default it converts a *prefix* of the v2 file (``--peer-tweets``, default 100 k
  tweets, decompressed, whole pages); kit and the floor run on the same prefix file too, so the
  ratio is measured on identical input, and throughput (tweets/second) is compared as well.

twarc-csv is started through its click command (``twarc_csv.csv``), the function ``twarc2 csv``
dispatches to, because ``twarc2``'s plugin loader needs ``pkg_resources`` (gone from setuptools
>= 81) and twarc-csv 0.7.2 calls ``DataFrame.applymap`` (renamed ``DataFrame.map`` in pandas 3): the
launcher aliases it. Neither changes what twarc-csv computes.

Run: ``nice -n 10 .venv/bin/python benchmarks/bench_import.py [--tweets N] [--peer-tweets M]``;
figures go to ``benchmarks/results/import.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DATA, FULL_SCALE, corpus_raw, run_measured, write_results  # noqa: E402

FLOOR = """
import gzip, sys, orjson
path = sys.argv[1]
with open(path, "rb") as raw:
    magic = raw.read(2)
fh = gzip.open(path, "rb") if magic == b"\\x1f\\x8b" else open(path, "rb")
loads = orjson.loads
n = 0
with fh:
    for line in fh:
        if line.strip():
            loads(line)
            n += 1
print(n, file=sys.stderr)
"""

TWARC_CSV = """
import sys
import pandas as pd
if not hasattr(pd.DataFrame, "applymap"):
    pd.DataFrame.applymap = pd.DataFrame.map
from twarc_csv import csv
sys.exit(csv())
"""


def _workers() -> int:
    from kit.ingest.parallel import workers

    return workers()


def kit_command() -> list[str]:
    """The installed ``kit`` console script (else ``python -m kit.cli``)."""
    script = Path(sys.executable).with_name("kit")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kit.cli"]


def write_prefix(raw: Path, out: Path, n_tweets: int) -> int:
    """Decompress whole pages of ``raw`` into ``out`` until at least ``n_tweets`` tweets; returns the count."""
    import orjson

    count = 0
    with gzip.open(raw, "rb") as src, open(out, "wb") as dst:
        for line in src:
            if not line.strip():
                continue
            dst.write(line)
            data = orjson.loads(line).get("data")
            count += len(data) if isinstance(data, list) else 1
            if count >= n_tweets:
                break
    return count


def measure_kit(raw: Path, workdir: Path, label: str, workers: int | None = None) -> dict[str, Any]:
    """``kit import`` as a command; adds the tweets read/written from the import report."""
    out = workdir / f"{label}.parquet"
    env = {**os.environ, "KIT_IMPORT_WORKERS": str(workers)} if workers else None
    fig = run_measured([*kit_command(), "import", str(raw), "--out", str(out), "--quiet"], env=env)
    report = json.loads(out.with_name(f"{label}.import.json").read_text())
    fig.update(tweets_read=report["tweets_read"], tweets_written=report["tweets_written"],
               skipped=report["skipped_total"], output_mib=round(out.stat().st_size / 2**20, 1))
    fig["tweets_per_second"] = round(report["tweets_read"] / fig["seconds"])
    return fig


def measure_floor(raw: Path, tweets: int) -> dict[str, Any]:
    """Bare orjson parse of every line of ``raw``."""
    fig = run_measured([sys.executable, "-c", FLOOR, str(raw)])
    fig["tweets_per_second"] = round(tweets / fig["seconds"])
    return fig


def measure_twarc_csv(raw: Path, workdir: Path, tweets: int) -> dict[str, Any]:
    """twarc-csv's ``twarc2 csv IN OUT`` on a plain JSON Lines file."""
    out = workdir / "twarc.csv"
    env = {**os.environ, "BEARER_TOKEN": os.environ.get("BEARER_TOKEN", "dummy")}
    fig = run_measured([sys.executable, "-c", TWARC_CSV, str(raw), str(out)], env=env)
    with open(out, "rb") as fh:
        rows = sum(1 for _ in fh) - 1
    fig.update(rows_written=rows, tweets_per_second=round(tweets / fig["seconds"]))
    return fig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tweets", type=int, default=FULL_SCALE, help="corpus size (default 1.2 M)")
    parser.add_argument("--peer-tweets", type=int, default=100_000,
                        help="tweets in the v2 prefix that twarc-csv converts (0 = the whole file)")
    parser.add_argument("--skip-v1", action="store_true", help="leave out the v1.1 file")
    parser.add_argument("--workers-too", type=int, default=0, metavar="N",
                        help="also time kit on the v2 file with KIT_IMPORT_WORKERS=N")
    args = parser.parse_args(argv)

    v2 = corpus_raw(args.tweets, "v2")
    workdir = Path(tempfile.mkdtemp(prefix="bench-import-", dir=DATA))
    try:
        kit_v2 = measure_kit(v2, workdir, "v2")
        floor_v2 = measure_floor(v2, kit_v2["tweets_read"])
        results: dict[str, Any] = {
            "tweets": args.tweets,
            "kit_workers": _workers(),
            "v2": {"file": v2.name, "file_mib": round(v2.stat().st_size / 2**20, 1), "kit": kit_v2,
                   "floor_orjson": floor_v2,
                   "kit_over_floor": round(kit_v2["seconds"] / floor_v2["seconds"], 2)},
        }
        if args.workers_too:
            other = measure_kit(v2, workdir, "v2-workers", workers=args.workers_too)
            results["v2"][f"kit_{args.workers_too}_workers"] = other
            results["v2"][f"kit_{args.workers_too}_workers_over_floor"] = round(
                other["seconds"] / floor_v2["seconds"], 2)
        if not args.skip_v1:
            v1 = corpus_raw(args.tweets, "v1")
            kit_v1 = measure_kit(v1, workdir, "v1")
            floor_v1 = measure_floor(v1, kit_v1["tweets_read"])
            results["v1"] = {"file": v1.name, "file_mib": round(v1.stat().st_size / 2**20, 1), "kit": kit_v1,
                             "floor_orjson": floor_v1,
                             "kit_over_floor": round(kit_v1["seconds"] / floor_v1["seconds"], 2)}

        peer_n = args.peer_tweets or args.tweets
        prefix = workdir / "prefix.jsonl"
        prefix_tweets = write_prefix(v2, prefix, peer_n)
        twarc = measure_twarc_csv(prefix, workdir, prefix_tweets)
        kit_prefix = measure_kit(prefix, workdir, "prefix")
        floor_prefix = measure_floor(prefix, prefix_tweets)
        results["twarc_csv"] = {
            "input": f"the first {prefix_tweets:,} tweets of the v2 file (whole pages, uncompressed)"
                     + ("" if prefix_tweets >= kit_v2["tweets_read"] else "; twarc-csv is too slow for the full "
                        "file, so the same prefix is also imported by kit, and tweets/second are compared"),
            "tweets": prefix_tweets, "twarc_csv": twarc, "kit_same_file": kit_prefix, "floor_same_file": floor_prefix,
            "kit_speedup_same_file": round(twarc["seconds"] / kit_prefix["seconds"], 1),
            "kit_speedup_throughput_full_file": round(kit_v2["tweets_per_second"] / twarc["tweets_per_second"], 1),
        }
        results["goals"] = {
            "speedup_vs_twarc_csv_at_least_30x": results["twarc_csv"]["kit_speedup_same_file"] >= 30,
            "within_2x_of_bare_orjson_parse_v2": results["v2"]["kit_over_floor"] <= 2,
            "within_2x_of_bare_orjson_parse_v1": results.get("v1", {}).get("kit_over_floor", 0) <= 2,
            "peak_rss_gib_v2": round(kit_v2["peak_rss_mib"] / 1024, 2),
        }
        results["memory_note"] = ("peak_rss_mib is the largest single process (ru_maxrss of the children); with "
                                  "parallel workers the machine holds the main process plus each worker, each "
                                  "bounded by its batch and chunk, independent of the file size")
        write_results("import", results)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
