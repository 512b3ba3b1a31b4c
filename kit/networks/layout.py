"""Node positions of a network for charts (seeded layout, pseudonyms below the follower threshold)."""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from kit import config
from kit.networks.communities import seeded_igraph
from kit.networks.graph import undirected_projection
from kit.networks.model import Network
from kit.networks.tables import shown_nodes


# --------------------------------------------------------------------------------------------
# layout for the node-link picture
# --------------------------------------------------------------------------------------------
def network_layout(
    net: Network,
    *,
    top: int = 150,
    label_top: int = 12,
    communities: int = 8,
    seed: int = config.DEFAULT_SEED,
    iterations: int = 500,
    pseudonyms: bool = True,
    threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD,
    salt: str | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Positions for a node-link picture of the top of the network (seeded Fruchterman–Reingold).

    Keeps the ``top`` nodes by PageRank and the edges among them; positions come from igraph's
    Fruchterman–Reingold layout of the undirected weighted projection, started from seeded random
    positions (same input and seed, same picture).

    Returns
    -------
    (nodes, edges)
        ``nodes``: ``id``-free aggregates ``label``, ``community``, ``group`` (``C<n>`` for the
        ``communities`` largest, else ``other``), ``pagerank``, ``in_strength``, ``x``, ``y``,
        ``show_label`` (the ``label_top`` highest PageRank). ``edges``: ``x``, ``y``, ``x2``, ``y2``,
        ``weight``.
    """
    shown = shown_nodes(net, pseudonyms=pseudonyms, threshold=threshold, salt=salt)
    keep = shown.with_row_index("v").sort(["pagerank", "id"], descending=[True, False]).head(top).sort("v")
    sub = undirected_projection(net.graph.induced_subgraph(keep["v"].to_list()))
    n = sub.vcount()
    start = np.random.default_rng(seed).uniform(-1, 1, size=(n, 2)).tolist() if n else []
    with seeded_igraph(seed):
        coords = (
            sub.layout_fruchterman_reingold(
                weights=[math.log1p(w) for w in sub.es["weight"]] if sub.ecount() else None,
                niter=iterations,
                seed=start,
            )
            if n
            else []
        )
    xy = np.asarray(coords.coords if n else np.zeros((0, 2)), dtype=float).reshape(-1, 2)
    rank = keep["pagerank"].rank("ordinal", descending=True)
    nodes = keep.with_columns(
        pl.Series("x", xy[:, 0]),
        pl.Series("y", xy[:, 1]),
        pl.when(pl.col("community") < communities)
        .then(pl.lit("C") + pl.col("community").cast(pl.String))
        .otherwise(pl.lit("other"))
        .alias("group"),
        (rank <= label_top).alias("show_label"),
    ).select("label", "community", "group", "pagerank", "in_strength", "x", "y", "show_label")
    ends = [(e.source, e.target, e["weight"]) for e in sub.es]
    edges = pl.DataFrame(
        {
            "x": [xy[s, 0] for s, _, _ in ends],
            "y": [xy[s, 1] for s, _, _ in ends],
            "x2": [xy[t, 0] for _, t, _ in ends],
            "y2": [xy[t, 1] for _, t, _ in ends],
            "weight": [w for _, _, w in ends],
        },
        schema={"x": pl.Float64, "y": pl.Float64, "x2": pl.Float64, "y2": pl.Float64, "weight": pl.Float64},
    )
    return nodes, edges
