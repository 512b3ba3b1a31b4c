"""Benchmark: ``kit import`` vs twarc-csv on a corpus the kit did not generate.

Real twarc2 response pages from the shared fixtures (``brexit.jsonl``, ``kpop.jsonl``,
``entities_test.jsonl``, ``2sets.jsonl``, ``noflat.jsonl``, ``withheld.jsonl``, twarc-ids
``tweets3.jsonl``: search and full-archive pages of 2021, with ``errors``, polls, media, withheld
tweets, non-ASCII hashtags) are replicated, page by page, until the file holds ``--tweets`` tweets
(default 1 M). Each copy gets fresh ids — every tweet of ``data`` and ``includes.tweets`` and every
``referenced_tweets`` id is renumbered consistently — so the copies are distinct tweets and the
kit's deduplication has nothing to merge, as in a real collection. kit (``kit import``, default
workers) and twarc-csv 0.7.2 (``twarc2 csv``, started as in :mod:`bench_import`) then read the
same plain JSON Lines file; kit runs three times (before and twice after twarc-csv), the median
counting. Real v1.1 stream lines (python-twitter ``streaming/lines.json``, tweet_parser
``original_format_examples.json``, one status a line) are replicated the same way and imported by
kit alone (twarc-csv reads v2 only).

Run once (twarc-csv takes minutes on 1 M tweets):
``.venv/bin/python benchmarks/bench_import_real.py [--tweets N]``; figures go to
``benchmarks/results/import.json`` under ``real_corpus`` (the generated-corpus figures stay as they are).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import measure_kit, measure_twarc_csv
from common import DATA, RESULTS, ROOT, machine

V2_PAGES = (
    "twarc-csv/test-data/brexit.jsonl",
    "twarc-csv/test-data/kpop.jsonl",
    "twarc-csv/test-data/entities_test.jsonl",
    "twarc-csv/test-data/2sets.jsonl",
    "twarc-csv/test-data/noflat.jsonl",
    "twarc-csv/test-data/withheld.jsonl",
    "twarc-ids/test-data/tweets3.jsonl",
)
V1_STATUSES = (
    "python-twitter/testdata/streaming/lines.json",
    "tweet_parser/test/tweet_payload_examples/original_format_examples.json",
)
#: Fresh ids start here (19 digits, above every real id in the fixtures, below 2**64).
BASE_ID = 2_000_000_000_000_000_000


def fixtures() -> Path:
    """The shared fixture folder (``../shared/fixtures`` beside the repository)."""
    for candidate in (
        ROOT.parent / "shared" / "fixtures",
        ROOT.parent.parent / "shared" / "fixtures",
        Path("/work/shared/fixtures"),
    ):
        if candidate.is_dir():
            return candidate
    raise SystemExit("the shared fixtures (../shared/fixtures) are not here: nothing real to replicate")


def _v2_pages(root: Path) -> list[dict[str, Any]]:
    pages = []
    for rel in V2_PAGES:
        for line in (root / rel).read_bytes().splitlines():
            if line.strip():
                page = orjson.loads(line)
                if isinstance(page.get("data"), list) and page["data"]:
                    pages.append(page)
    return pages


def _renumber_v2(page: dict[str, Any], offset: int) -> dict[str, Any]:
    """A copy of ``page`` whose tweet ids (data, includes.tweets, references) are renumbered from
    ``offset`` (each page of the corpus its own range, so no two pages share a tweet)."""

    def fresh(tid: str) -> str:
        return str(BASE_ID + offset + int(tid) % 10**13)

    def tweet(t: dict[str, Any]) -> dict[str, Any]:
        t = dict(t, id=fresh(t["id"]))
        if t.get("referenced_tweets"):
            t["referenced_tweets"] = [dict(r, id=fresh(r["id"])) for r in t["referenced_tweets"]]
        if t.get("conversation_id"):
            t["conversation_id"] = fresh(t["conversation_id"])
        return t

    out = dict(page, data=[tweet(t) for t in page["data"]])
    inc = page.get("includes")
    if inc and inc.get("tweets"):
        out["includes"] = dict(inc, tweets=[tweet(t) for t in inc["tweets"]])
    return out


def write_v2(root: Path, out: Path, n_tweets: int) -> int:
    """Replicate the real v2 pages into ``out`` (fresh ids per copy) until ``n_tweets``; returns the count."""
    pages = _v2_pages(root)
    count = index = 0
    with open(out, "wb") as fh:
        while count < n_tweets:
            page = pages[index % len(pages)]
            fh.write(orjson.dumps(_renumber_v2(page, index * 10**13)) + b"\n")
            count += len(page["data"])
            index += 1
    return count


def write_v1(root: Path, out: Path, n_tweets: int) -> int:
    """Replicate the real v1.1 statuses one a line (fresh ``id``/``id_str`` per copy)."""
    statuses = []
    for rel in V1_STATUSES:
        data = (root / rel).read_bytes()
        try:
            doc = orjson.loads(data)
            items = doc if isinstance(doc, list) else [doc]
        except orjson.JSONDecodeError:
            items = [orjson.loads(ln) for ln in data.splitlines() if ln.strip()]
        statuses += [s for s in items if isinstance(s, dict) and "id_str" in s and "text" in s]
    count = copy = 0
    with open(out, "wb") as fh:
        while count < n_tweets:
            for status in statuses:
                tid = BASE_ID + copy * 10**13 + int(status["id_str"]) % 10**13
                fh.write(orjson.dumps(dict(status, id=tid, id_str=str(tid))) + b"\n")
                count += 1
                if count >= n_tweets:
                    break
            copy += 1
    return count


def save(results: dict[str, Any]) -> Path:
    """Put ``results`` into ``benchmarks/results/import.json`` as ``real_corpus`` (atomically)."""
    import datetime as dt

    from kit.cache import write_json_atomic

    path = RESULTS / "import.json"
    doc = json.loads(path.read_text()) if path.exists() else {"benchmark": "import"}
    doc["real_corpus"] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        **results,
    }
    write_json_atomic(path, doc)
    return path


def main(argv: list[str] | None = None) -> int:
    from kit.ingest.parallel import workers

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tweets", type=int, default=1_000_000, help="corpus size (default 1 M)")
    parser.add_argument(
        "--v1-tweets",
        type=int,
        default=200_000,
        help="v1.1 statuses (default 200 k: real stream lines are ~4.5 KB each)",
    )
    parser.add_argument("--skip-twarc-csv", action="store_true", help="time kit only")
    args = parser.parse_args(argv)
    root = fixtures()
    DATA.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench-import-real-", dir=DATA))
    try:
        v2 = workdir / "real-v2.jsonl"
        n_v2 = write_v2(root, v2, args.tweets)
        results: dict[str, Any] = {"tweets": n_v2, "kit_workers": workers(), "sources": list(V2_PAGES)}
        kit_runs = [measure_kit(v2, workdir, "real")]
        if not args.skip_twarc_csv:
            twarc = measure_twarc_csv(v2, workdir, n_v2)
            kit_runs += [measure_kit(v2, workdir, "real") for _ in range(2)]
        kit = sorted(kit_runs, key=lambda fig: fig["seconds"])[len(kit_runs) // 2]
        results["v2_real_pages"] = {
            "input": f"{v2.name}: {n_v2:,} tweets, real twarc2 pages replicated with fresh ids, plain JSON Lines",
            "file_mib": round(v2.stat().st_size / 2**20, 1),
            "kit": kit,
            "kit_runs_seconds": [fig["seconds"] for fig in kit_runs],
        }
        if not args.skip_twarc_csv:
            results["v2_real_pages"].update(twarc_csv=twarc, kit_speedup=round(twarc["seconds"] / kit["seconds"], 1))
        v2.unlink()
        v1 = workdir / "real-v1.jsonl"
        n_v1 = write_v1(root, v1, args.v1_tweets)
        results["v1_real_statuses"] = {
            "sources": list(V1_STATUSES),
            "tweets": n_v1,
            "file_mib": round(v1.stat().st_size / 2**20, 1),
            "kit": measure_kit(v1, workdir, "real-v1"),
        }
        save(results)
        print(json.dumps({k: v for k, v in results["v2_real_pages"].items() if k != "kit"}, indent=2))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
