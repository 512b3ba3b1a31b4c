"""Benchmark: rendering report variants of the scale corpus with ``kit.reports.render_variants``.

Measures, on one canonical table:

- the **floor**: one papermill run of an empty notebook (kernel start, one empty cell, shutdown), the
  least any variant can cost, and the same through the kit (papermill + HTML + manifest);
- the **shared work**: the corpus-wide topic model fitted (or loaded) once before the variants;
- ``--variants`` variants of ``notebooks/report.ipynb`` (one per hashtag and day, ``topics`` on, so
  each variant loads the cached corpus-wide model) rendered with 1 worker and with 2 workers
  (``--force``, so both runs do the same work): total wall time, time per variant, and the speed-up.

Usage::

    python benchmarks/bench_render.py                       # 20 variants of the 1.2M-tweet corpus
    python benchmarks/bench_render.py --tweets 100000       # smaller, while others use the machine
    python benchmarks/bench_render.py --parquet data/processed/sample.parquet --variants 6
    nice -n 10 python benchmarks/bench_render.py --size-budget   # one whole-corpus variant, topics on

``--size-budget`` renders one variant of the whole corpus (``kit render --data``, topics and affect
on, one worker) in a fresh process and records the report's size against the 3 MB budget, the wall
time and the peak memory of the process tree (kernel included), under ``size_budget`` in the results,
keeping the other figures; a run that had to fit the corpus-wide topic model (and score affect) is also
kept as ``size_budget_cold``.

Writes ``benchmarks/results/render.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import FULL_SCALE, RESULTS, corpus_parquet, run_measured_tree, write_results  # noqa: E402

#: The size a rendered variant of the 1.2M-tweet corpus must stay within (issue 14).
SIZE_BUDGET_BYTES = 3 * 1024 * 1024


def empty_notebook(path: Path) -> Path:
    """A notebook with an empty parameters cell and one empty code cell."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [new_code_cell('label: str = ""  # unused', metadata={"tags": ["parameters"]}), new_code_cell("pass")]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"empty-{i}"
    nbformat.write(nb, str(path))
    return path


def floor(folder: Path, data: Path, repeats: int = 3) -> dict[str, float]:
    """Seconds of an empty notebook: bare papermill, and through the kit (papermill + HTML + manifest)."""
    import papermill

    from kit import reports

    notebook = empty_notebook(folder / "empty.ipynb")
    bare, kit_runs = [], []
    for i in range(repeats):
        t0 = time.perf_counter()
        papermill.execute_notebook(
            str(notebook), str(folder / f"empty-out-{i}.ipynb"), kernel_name="python3", progress_bar=False
        )
        bare.append(time.perf_counter() - t0)
        summary = reports.render_variants(
            [reports.Variant(f"empty{i}", {"label": str(i)})],
            notebook=notebook,
            out_dir=folder / "empty-reports",
            workers=1,
            progress=False,
            default_data=data,
            force=True,
        )
        kit_runs.append(summary.manifests[0]["timings"]["total_seconds"])
    return {
        "papermill_empty_seconds": round(statistics.median(bare), 3),
        "kit_empty_variant_seconds": round(statistics.median(kit_runs), 3),
    }


def build_variants(data: Path, n: int) -> list:
    """``n`` variants: one per hashtag (#yesallwomen, #notallmen) and day, from the first day on."""
    from kit import reports

    variants = reports.variants_from_options(
        hashtags=["yesallwomen", "notallmen"], period="day", data_path=data, params={"topics": True}
    )
    by_day: dict[str, list] = {}
    for v in variants:
        by_day.setdefault(v.parameters["start"], []).append(v)
    ordered = [v for day in sorted(by_day) for v in by_day[day]]
    if len(ordered) < n:  # a short corpus: add per-week variants and the whole collection
        ordered += reports.variants_from_options(
            hashtags=["yesallwomen", "notallmen"], period="week", data_path=data, params={"topics": True}
        )
        ordered.append(reports.Variant("all", {"data_path": str(data), "topics": True}))
    if len(ordered) < n:
        raise SystemExit(f"only {len(ordered)} distinct variants in {data}; pass --variants {len(ordered)}")
    return ordered[:n]


def size_budget(data: Path, folder: Path) -> dict[str, Any]:
    """One whole-corpus variant rendered by ``kit render`` (topics on): its size, time and peak memory."""
    from kit import config

    out = folder / "size-budget"
    models_before = set(os.listdir(config.cache_dir("topics"))) if config.cache_dir("topics").is_dir() else set()
    cmd = [sys.executable, "-m", "kit", "render", "--data", str(data), "--out", str(out), "--workers", "1"]
    measured = run_measured_tree([*cmd, "--force", "-q", "-p", "topics=true"], cwd=str(ROOT))
    pages = sorted(p for p in out.glob("*/*.html"))
    if not pages:
        raise SystemExit(f"kit render wrote no HTML report under {out}")
    page = max(pages, key=lambda p: p.stat().st_size)
    manifest = (
        json.loads((page.parent / "manifest.json").read_text()) if (page.parent / "manifest.json").is_file() else {}
    )
    sections = _largest_outputs(page.parent)
    models_after = set(os.listdir(config.cache_dir("topics"))) if config.cache_dir("topics").is_dir() else set()
    return {
        "variant": page.parent.name,
        "html_bytes": page.stat().st_size,
        "html_mib": round(page.stat().st_size / 2**20, 3),
        "budget_bytes": SIZE_BUDGET_BYTES,
        "within_budget": page.stat().st_size <= SIZE_BUDGET_BYTES,
        "status": manifest.get("status"),
        "seconds": measured["seconds"],
        "peak_tree_rss_mib": measured["peak_tree_rss_mib"],
        "fitted_topic_model": bool(models_after - models_before),
        "variant_timings": manifest.get("timings", {}),
        "largest_outputs": sections,
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
    }


def _largest_outputs(folder: Path, n: int = 8) -> list[dict[str, Any]]:
    """The ``n`` largest cell outputs of the executed notebook in ``folder`` (bytes, and the cell's first line)."""
    notebooks = sorted(folder.glob("*.ipynb"))
    if not notebooks:
        return []
    cells = json.loads(notebooks[0].read_text()).get("cells", [])
    sizes = []
    for cell in cells:
        size = len(json.dumps(cell.get("outputs", [])))
        first = "".join(cell.get("source", "")).strip().splitlines()[:1]
        sizes.append({"bytes": size, "cell": first[0][:80] if first else ""})
    return sorted(sizes, key=lambda s: -s["bytes"])[:n]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tweets", type=int, default=FULL_SCALE, help="size of the generated corpus")
    parser.add_argument("--parquet", default=None, help="use this canonical table instead of the generated corpus")
    parser.add_argument("--variants", type=int, default=20, help="number of variants (default 20)")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare (default 1,2)")
    parser.add_argument(
        "--size-budget",
        action="store_true",
        help="only render one whole-corpus variant (topics on) and record its size",
    )
    args = parser.parse_args(argv)

    from kit import reports

    data = Path(args.parquet) if args.parquet else corpus_parquet(args.tweets)
    import polars as pl

    n_tweets = pl.scan_parquet(data).select(pl.len()).collect().item()
    if args.size_budget:
        previous = RESULTS / "render.json"
        payload = json.loads(previous.read_text()) if previous.is_file() else {}
        for key in ("benchmark", "date", "machine"):
            payload.pop(key, None)
        with tempfile.TemporaryDirectory(prefix="bench-render-size-") as tmp:
            result = {"data": str(data), "tweets": n_tweets, **size_budget(data, Path(tmp))}
        payload["size_budget"] = result
        if result["fitted_topic_model"]:  # the first run on this machine: corpus topic model and affect scores made
            payload["size_budget_cold"] = result
        write_results("render", payload)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        folder = Path(tmp)
        figures = floor(folder, data)
        t0 = time.perf_counter()
        reports.corpus_topics(data)  # the shared, corpus-wide work (fitted here, or loaded if cached)
        figures["topic_model_seconds"] = round(time.perf_counter() - t0, 3)
        variants = build_variants(data, args.variants)
        runs = {}
        for workers in [int(w) for w in args.workers.split(",")]:
            summary = reports.render_variants(
                variants, out_dir=folder / f"reports-{workers}", workers=workers, force=True, progress=True
            )
            per = [m["timings"]["total_seconds"] for m in summary.manifests]
            cells = [m["timings"]["execute_seconds"] for m in summary.manifests]
            runs[str(workers)] = {
                "total_seconds": summary.seconds,
                "seconds_per_variant_wall": round(summary.seconds / len(variants), 3),
                "variant_seconds_median": round(statistics.median(per), 3),
                "variant_seconds_max": round(max(per), 3),
                "execute_seconds_median": round(statistics.median(cells), 3),
                "failed": [m["variant"] for m in summary.failed],
            }
            print(f"{workers} worker(s): {summary.seconds:.1f} s for {len(variants)} variants", file=sys.stderr)
    keys = sorted(runs, key=int)
    speedup = round(runs[keys[0]]["total_seconds"] / runs[keys[-1]]["total_seconds"], 2) if len(keys) > 1 else None
    median_variant = runs[keys[0]]["variant_seconds_median"]
    write_results(
        "render",
        {
            "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
            "data": str(data),
            "tweets": n_tweets,
            "variants": len(variants),
            "variant_names": [v.name for v in variants],
            "floor": figures,
            "runs": runs,
            "speedup": {f"{keys[-1]}_vs_{keys[0]}_workers": speedup},
            "variant_over_floor": round(median_variant / figures["kit_empty_variant_seconds"], 2),
            "notes": (
                "floor = one papermill run of an empty notebook (kernel start to shutdown); a variant's time "
                "is execute + HTML export; the topic model is fitted or loaded once before the variants "
                "(topic_model_seconds) and each variant reads its cached tables; on a shared machine the load "
                "of other processes (load_average_1_5_15) changes between the 1- and 2-worker runs"
            ),
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
