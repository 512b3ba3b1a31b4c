"""igraph graphs from edge tables: building, filtering (weight, degree, top nodes, largest component), projection."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import polars as pl

if TYPE_CHECKING:  # heavy-ish imports stay inside functions
    import igraph as ig


# --------------------------------------------------------------------------------------------
# graphs and filters
# --------------------------------------------------------------------------------------------
def build_graph(edges: pl.DataFrame, nodes: pl.DataFrame | None = None, *, directed: bool = True) -> ig.Graph:
    """An igraph graph from an edge table (``source``, ``target``, ``weight``) and optional node table.

    Vertices are ordered by ``id`` (so the same input always gives the same graph); vertex
    attribute ``name`` holds the id, and every other node-table column becomes a vertex attribute.

    >>> g = build_graph(pl.DataFrame({"source": ["a"], "target": ["b"], "weight": [3]}))
    >>> g.vs["name"], g.es["weight"], g.is_directed()
    (['a', 'b'], [3.0], True)
    """
    import igraph as ig

    if nodes is None:
        nodes = pl.concat(
            [edges.select(pl.col("source").alias("id")), edges.select(pl.col("target").alias("id"))]
        ).unique()
    nodes = nodes.sort("id")
    index = nodes.select("id").with_row_index("idx")
    coded = edges.join(index.rename({"id": "source", "idx": "s"}), on="source", how="left").join(
        index.rename({"id": "target", "idx": "t"}), on="target", how="left"
    )
    if coded["s"].null_count() or coded["t"].null_count():
        raise ValueError("the node table lacks some endpoints of the edge table; build both from the same frame")
    pairs = np.column_stack([coded["s"].to_numpy(), coded["t"].to_numpy()]).astype(np.int64)
    graph = ig.Graph(n=nodes.height, edges=pairs.tolist(), directed=directed)
    graph.vs["name"] = nodes["id"].to_list()
    for column in nodes.columns:
        if column != "id":
            graph.vs[column] = nodes[column].to_list()
    graph.es["weight"] = (
        coded["weight"].cast(pl.Float64).to_list() if "weight" in coded.columns else [1.0] * coded.height
    )
    return graph


def filter_graph(
    graph: ig.Graph,
    *,
    min_weight: float = 1,
    min_degree: int = 0,
    top: int | None = None,
    largest_component: bool = False,
) -> ig.Graph:
    """Keep the honest, legible part of a graph; returns a new graph (the input is untouched).

    Applied in this order: drop edges lighter than ``min_weight``; drop nodes whose total
    (in + out, unweighted) degree is below ``min_degree`` (one pass, not a k-core); keep the
    ``top`` nodes of highest weighted total strength (ties by id); keep the largest weakly
    connected component. Nodes left without any edge are dropped after each step.

    >>> g = build_graph(pl.DataFrame({"source": ["a", "c"], "target": ["b", "d"], "weight": [3, 1]}))
    >>> filter_graph(g, min_weight=2).vs["name"]
    ['a', 'b']
    """
    g = graph.copy()

    def drop_isolates(h: ig.Graph) -> ig.Graph:
        return h.induced_subgraph([v for v, d in enumerate(h.degree()) if d > 0]) if h.vcount() else h

    if min_weight > 1 and g.ecount():
        g.delete_edges([i for i, w in enumerate(g.es["weight"]) if w < min_weight])
    g = drop_isolates(g)
    if min_degree > 0:
        g = drop_isolates(g.induced_subgraph([v for v, d in enumerate(g.degree()) if d >= min_degree]))
    if top is not None and top < g.vcount():
        strength, names = g.strength(weights="weight", mode="all"), g.vs["name"]
        order = sorted(range(g.vcount()), key=lambda v: (-strength[v], names[v]))
        g = drop_isolates(g.induced_subgraph(sorted(order[:top])))
    if largest_component and g.vcount():
        g = g.connected_components(mode="weak").giant()
    return g


def undirected_projection(graph: ig.Graph) -> ig.Graph:
    """The undirected weighted graph of ``graph``: reciprocal edges merged, weights summed."""
    if not graph.is_directed():
        return graph
    return graph.as_undirected(mode="collapse", combine_edges={"weight": "sum"})
