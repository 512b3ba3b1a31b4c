"""Benchmark: the retweet network of the scale corpus, Leiden (kit: igraph + leidenalg) vs networkx's Louvain.

Both sides read the same canonical Parquet table and build the same retweet edge table with the
kit (polars); then

- kit: igraph graph → Leiden (``kit.networks.leiden``, resolution 1, seeded), once with the
  default (igraph's built-in Leiden) and once with ``method="leidenalg"`` (the reference library);
- networkx: the same edges as an undirected weighted ``nx.Graph`` (reciprocal edges summed, as the
  kit's projection) → ``nx.community.louvain_communities(seed=...)``.

Each side runs in its own fresh process (wall time and peak RSS of that process); the phases are
timed inside. Modularity of both partitions is computed afterwards with the same function on the
same undirected graph, so the figures compare like with like; where the corpus's planted truth is
found beside it, NMI against the planted communities is recorded too.

Usage::

    python benchmarks/bench_networks.py                 # the 1.2M-tweet corpus
    python benchmarks/bench_networks.py --tweets 100000 # smaller, while others use the machine
    python benchmarks/bench_networks.py --parquet data/processed/x.parquet

Writes ``benchmarks/results/networks.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import FULL_SCALE, corpus_parquet, run_measured, write_results  # noqa: E402


def _edges(parquet: str):
    import polars as pl

    from kit import networks as kn

    return kn.edge_table(pl.scan_parquet(parquet), "retweet")


def worker_kit(parquet: str, seed: int, method: str = "igraph") -> tuple[dict, list[str], list[int]]:
    import igraph  # noqa: F401  (imports are not timed, on either side)
    import leidenalg  # noqa: F401

    from kit import networks as kn

    t0 = time.perf_counter()
    edges = _edges(parquet)
    t1 = time.perf_counter()
    graph = kn.build_graph(edges, directed=True)
    t2 = time.perf_counter()
    membership, _ = kn.leiden(graph, seed=seed, method=method)  # type: ignore[arg-type]
    t3 = time.perf_counter()
    phases = {"edge_table_s": t1 - t0, "graph_s": t2 - t1, "communities_s": t3 - t2}
    return phases, graph.vs["name"], membership


def worker_networkx(parquet: str, seed: int) -> tuple[dict, list[str], list[int]]:
    import networkx as nx
    import polars as pl

    from kit import networks  # noqa: F401

    t0 = time.perf_counter()
    edges = _edges(parquet)
    t1 = time.perf_counter()
    undirected = (
        edges.select(
            pl.min_horizontal("source", "target").alias("u"), pl.max_horizontal("source", "target").alias("v"), "weight"
        )
        .group_by("u", "v")
        .agg(pl.col("weight").sum())
    )
    graph = nx.Graph()
    graph.add_weighted_edges_from(undirected.iter_rows())
    t2 = time.perf_counter()
    parts = nx.community.louvain_communities(graph, weight="weight", resolution=1.0, seed=seed)
    t3 = time.perf_counter()
    names, membership = [], []
    for c, part in enumerate(parts):
        names.extend(part)
        membership.extend([c] * len(part))
    phases = {"edge_table_s": t1 - t0, "graph_s": t2 - t1, "communities_s": t3 - t2}
    return phases, names, membership


def run_worker(side: str, parquet: str, seed: int, out: str) -> None:
    import polars as pl

    if side == "networkx":
        phases, names, membership = worker_networkx(parquet, seed)
    else:
        phases, names, membership = worker_kit(parquet, seed, "leidenalg" if side == "kit_leidenalg" else "igraph")
    pl.DataFrame({"id": names, "community": membership}, schema={"id": pl.String, "community": pl.Int64}).write_parquet(
        out
    )
    Path(out).with_suffix(".json").write_text(json.dumps({k: round(v, 3) for k, v in phases.items()}))


def _truth(parquet: Path):
    import polars as pl

    stem = parquet.name.removesuffix(".parquet")
    for path in sorted(parquet.parent.glob(f"{stem}*truth*.parquet")):
        frame = pl.read_parquet(path)
        if {"author_id", "community"} <= set(frame.columns):
            return frame.select("author_id", "community").unique("author_id")
    return None


def evaluate(parquet: Path, memberships: dict[str, Path]) -> dict[str, dict]:
    """Modularity of every partition on the one undirected projection; NMI against each other and the truth."""
    import polars as pl
    from sklearn.metrics import normalized_mutual_info_score

    from kit import networks as kn

    graph = kn.undirected_projection(kn.build_graph(_edges(str(parquet)), directed=True))
    index = pl.DataFrame({"id": graph.vs["name"]}).with_row_index("v")
    truth = _truth(parquet)
    found: dict[str, pl.DataFrame] = {}
    out: dict[str, dict] = {}
    for side, path in memberships.items():
        part = index.join(pl.read_parquet(path), on="id", how="left").sort("v")
        if part["community"].null_count():
            raise RuntimeError(f"{side}: partition misses {part['community'].null_count()} nodes")
        found[side] = part
        membership = part["community"].to_list()
        out[side] = {
            "modularity": round(graph.modularity(membership, weights="weight"), 4),
            "communities": part["community"].n_unique(),
            "communities_of_10_or_more": int((part.group_by("community").len()["len"] >= 10).sum()),
        }
        if truth is not None:
            joined = part.join(truth.rename({"community": "planted", "author_id": "id"}), on="id")
            out[side]["nmi_vs_planted"] = round(normalized_mutual_info_score(joined["planted"], joined["community"]), 4)
    if "kit" in found and "networkx" in found:
        out["agreement_nmi"] = round(
            normalized_mutual_info_score(found["kit"]["community"], found["networkx"]["community"]), 4
        )
    out["graph"] = {"nodes": graph.vcount(), "edges_undirected": graph.ecount()}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tweets", type=int, default=FULL_SCALE, help="corpus size (default: the 1.2M scale corpus)")
    parser.add_argument("--parquet", default=None, help="use this canonical table instead of the generated corpus")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--skip-networkx", action="store_true", help="run the kit side only")
    parser.add_argument("--worker", choices=("kit", "kit_leidenalg", "networkx"), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        run_worker(args.worker, args.parquet, args.seed, args.out)
        return 0

    parquet = Path(args.parquet) if args.parquet else corpus_parquet(args.tweets)
    import polars as pl

    n_tweets = pl.scan_parquet(parquet).select(pl.len()).collect().item()
    sides = ("kit", "kit_leidenalg") if args.skip_networkx else ("kit", "kit_leidenalg", "networkx")
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        memberships = {}
        for side in sides:
            out = Path(tmp) / f"{side}.parquet"
            measured = run_measured(
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    side,
                    "--parquet",
                    str(parquet),
                    "--seed",
                    str(args.seed),
                    "--out",
                    str(out),
                ]
            )
            results[side] = {**measured, "phases": json.loads(out.with_suffix(".json").read_text())}
            memberships[side] = out
            print(side, results[side], flush=True)
        quality = evaluate(parquet, memberships)
    for side in sides:
        results[side].update(quality[side])
    payload = {
        "corpus": {"parquet": str(parquet), "tweets": n_tweets, **quality["graph"]},
        "task": "retweet network (directed, weighted) -> communities on its undirected weighted projection",
        "kit": {
            "method": "kit.networks.leiden, default: igraph's built-in Leiden (modularity, resolution 1)",
            **results["kit"],
        },
        "kit_leidenalg": {
            "method": "kit.networks.leiden(method='leidenalg'): leidenalg (RBConfiguration, resolution 1)",
            **results["kit_leidenalg"],
        },
    }
    if "networkx" in results:
        kit_, nx_ = results["kit"], results["networkx"]
        payload["networkx"] = {"method": "networkx.community.louvain_communities (resolution 1)", **nx_}
        payload["ratios"] = {
            "speedup_total": round(nx_["seconds"] / kit_["seconds"], 2),
            "speedup_communities": round(
                nx_["phases"]["communities_s"] / max(kit_["phases"]["communities_s"], 1e-9), 2
            ),
            "peak_memory_nx_over_kit": round(nx_["peak_rss_mib"] / kit_["peak_rss_mib"], 2),
            "modularity_kit_minus_nx": round(kit_["modularity"] - nx_["modularity"], 4),
            "agreement_nmi": quality.get("agreement_nmi"),
            "speedup_total_leidenalg": round(nx_["seconds"] / results["kit_leidenalg"]["seconds"], 2),
            "speedup_communities_leidenalg": round(
                nx_["phases"]["communities_s"] / max(results["kit_leidenalg"]["phases"]["communities_s"], 1e-9), 2
            ),
        }
    write_results("networks", payload)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
