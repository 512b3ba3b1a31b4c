"""``kit network``: build a network with communities and export it for Gephi."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from kit.networks.export import export_network
from kit.networks.model import network
from kit.networks.tables import community_table

if TYPE_CHECKING:  # heavy-ish imports stay inside functions
    from kit.selection import Selection


def cli_network(args: argparse.Namespace, selection: Selection) -> int:
    """``kit network DATA.parquet --kind KIND [selection] [filters] --out FILE.gexf|.graphml|.csv``."""
    data = Path(args.data)
    if not data.is_file():
        raise FileNotFoundError(f"no such table: {data} (import raw files first with `kit import ... --out {data}`)")
    out = Path(args.out)
    if out.suffix.lower() not in (".gexf", ".graphml", ".csv"):
        raise ValueError(f"--out must end in .gexf, .graphml or .csv, not {out.name!r}")
    net = network(pl.scan_parquet(data), args.kind, selection, min_weight=args.min_weight, min_degree=args.min_degree,
                  top=args.top, largest_component=args.largest_component, resolution=args.resolution, seed=args.seed,
                  method=getattr(args, "leiden", "igraph"))
    if net.n_nodes == 0:
        print(f"kit network: the {args.kind} network of {selection.describe()} has no edges (check the selection "
              "and --min-weight); nothing written", file=sys.stderr)
        return 1
    privacy = {"pseudonyms": not args.no_pseudonyms, "threshold": args.follower_threshold}
    written = export_network(net, out, **privacy)
    print(f"{selection.describe()}: {net.summary()}")
    table = community_table(net, top=3, **privacy)
    for row in table.head(5).iter_rows(named=True):
        accounts = ", ".join(row["top_accounts"] or [])
        print(f"  community {row['community']}: {row['nodes']:,} nodes ({row['share']:.0%}); top: {accounts}")
    if table.height > 5:
        print(f"  ... and {table.height - 5:,} smaller communities")
    for path in written:
        print(f"wrote {path}")
    return 0
