"""``kit network``: build a network with communities and export it for Gephi."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kit.cli import options
from kit.cli.commands._analysis import handler

if TYPE_CHECKING:  # heavy-ish imports stay inside functions
    from kit.progress import Progress
    from kit.selection import Selection


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``kit network`` to the command parser."""
    p = sub.add_parser("network", help="build a network with communities and export it for Gephi")
    options.data(p)
    p.add_argument("--kind", choices=("retweet", "mention", "reply", "quote", "hashtag"), default="retweet")
    options.selection(p)
    p.add_argument("--min-weight", type=int, default=1, help="drop edges lighter than this")
    p.add_argument("--min-degree", type=int, default=0, help="drop nodes of lower total degree")
    p.add_argument("--largest-component", action="store_true", help="keep the largest weakly connected component")
    p.add_argument(
        "--top",
        type=int,
        default=None,
        help="keep the N nodes of highest weighted degree (after --min-weight/--min-degree)",
    )
    options.seed(p, "seed of community detection")
    p.add_argument("--resolution", type=float, default=1.0, help="Leiden resolution (modularity)")
    p.add_argument(
        "--leiden",
        choices=("igraph", "leidenalg"),
        default="igraph",
        help="Leiden implementation: igraph's built-in (default, fast) or leidenalg (the reference)",
    )
    options.privacy(p)
    options.out(p, "FILE.gexf, FILE.graphml or FILE.csv")
    p.set_defaults(func=handler("network", "cli_network", progress="network"))


def cli_network(args: argparse.Namespace, selection: Selection, progress: Progress | None = None) -> int:
    """``kit network DATA.parquet --kind KIND [selection] [filters] --out FILE.gexf|.graphml|.csv``;
    ``progress`` hears of each stage of the build (see :func:`kit.networks.model.network`)."""
    import polars as pl

    from kit.networks.export import export_network
    from kit.networks.model import network
    from kit.networks.tables import community_table

    data = Path(args.data)
    if not data.is_file():
        raise FileNotFoundError(f"no such table: {data} (import raw files first with `kit import ... --out {data}`)")
    out = Path(args.out)
    if out.suffix.lower() not in (".gexf", ".graphml", ".csv"):
        raise ValueError(f"--out must end in .gexf, .graphml or .csv, not {out.name!r}")
    net = network(
        pl.scan_parquet(data),
        args.kind,
        selection,
        min_weight=args.min_weight,
        min_degree=args.min_degree,
        top=args.top,
        largest_component=args.largest_component,
        resolution=args.resolution,
        seed=args.seed,
        method=getattr(args, "leiden", "igraph"),
        progress=progress,
    )
    if net.n_nodes == 0:
        print(
            f"kit network: the {args.kind} network of {selection.describe()} has no edges (check the selection "
            "and --min-weight); nothing written",
            file=sys.stderr,
        )
        return 1
    privacy = {"pseudonyms": not args.no_pseudonyms, "threshold": args.follower_threshold}
    written = export_network(net, out, **privacy)
    table = community_table(net, top=3, **privacy)
    if getattr(args, "json", False):
        import json

        doc = {
            "selection": selection.describe(),
            "kind": net.kind,
            "nodes": net.n_nodes,
            "edges": net.n_edges,
            "communities": net.n_communities,
            "modularity": net.modularity,
            "seed": net.seed,
            "largest_communities": [
                {"community": r["community"], "nodes": r["nodes"], "share": r["share"], "top": r["top_accounts"]}
                for r in table.head(5).iter_rows(named=True)
            ],
            "written": [str(p) for p in written],
        }
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    print(f"{selection.describe()}: {net.summary()}")
    for row in table.head(5).iter_rows(named=True):
        accounts = ", ".join(row["top_accounts"] or [])
        print(f"  community {row['community']}: {row['nodes']:,} nodes ({row['share']:.0%}); top: {accounts}")
    if table.height > 5:
        print(f"  ... and {table.height - 5:,} smaller communities")
    for path in written:
        print(f"wrote {path}")
    return 0
