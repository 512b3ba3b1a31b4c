"""Leiden communities (seeded, numbered by size) and centralities (degree, strength, PageRank, betweenness)."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

import numpy as np
import polars as pl

from kit import config
from kit.networks.graph import undirected_projection

if TYPE_CHECKING:  # heavy-ish imports stay inside functions
    import igraph as ig


#: Graphs up to this many nodes get exact betweenness; larger ones a sampled estimate.
EXACT_BETWEENNESS_MAX: int = 5_000


#: Source nodes sampled for the betweenness estimate of a large graph.
BETWEENNESS_SAMPLES: int = 256


# --------------------------------------------------------------------------------------------
# communities and centralities
# --------------------------------------------------------------------------------------------
def _relabel_by_size(membership: list[int]) -> list[int]:
    sizes: dict[int, int] = {}
    first: dict[int, int] = {}
    for v, c in enumerate(membership):
        sizes[c] = sizes.get(c, 0) + 1
        first.setdefault(c, v)
    order = sorted(sizes, key=lambda c: (-sizes[c], first[c]))
    new = {c: i for i, c in enumerate(order)}
    return [new[c] for c in membership]


@contextlib.contextmanager
def seeded_igraph(seed: int) -> Iterator[None]:
    """Run igraph's own random steps from ``random.Random(seed)``; restore its default generator after."""
    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def leiden(
    graph: ig.Graph,
    *,
    resolution: float = 1.0,
    seed: int = config.DEFAULT_SEED,
    n_iterations: int = -1,
    method: Literal["igraph", "leidenalg"] = "igraph",
) -> tuple[list[int], float]:
    """Leiden communities of ``graph`` (on its undirected weighted projection), seeded.

    Parameters
    ----------
    graph
        An igraph graph with a ``weight`` edge attribute.
    resolution
        Resolution of modularity (RB configuration model): higher gives more, smaller communities.
    seed
        Seed of the random number generator: same graph and seed, same communities.
    n_iterations
        Leiden iterations; ``-1`` runs until the partition is stable.
    method
        ``"igraph"`` (default: igraph's own C implementation, seeded through a private generator)
        or ``"leidenalg"`` (the reference implementation, RB-configuration quality function; the
        same objective, several times slower on large graphs; its partition can differ slightly).

    Returns
    -------
    (membership, modularity)
        Community of each vertex (0 = largest) and the modularity of the projection at ``resolution``.

    >>> from kit.networks.graph import build_graph
    >>> g = build_graph(pl.DataFrame({"source": ["a", "b", "c", "d"], "target": ["b", "a", "d", "c"], "weight": [1] * 4}))
    >>> leiden(g)[0]
    [0, 0, 1, 1]
    """
    if graph.vcount() == 0:
        return [], float("nan")
    und = undirected_projection(graph)
    if method == "igraph":
        with seeded_igraph(seed):
            found = und.community_leiden(
                objective_function="modularity", weights="weight", resolution=resolution, n_iterations=n_iterations
            ).membership
    elif method == "leidenalg":
        import leidenalg

        found = leidenalg.find_partition(
            und,
            leidenalg.RBConfigurationVertexPartition,
            weights="weight",
            resolution_parameter=resolution,
            n_iterations=n_iterations,
            seed=seed,
        ).membership
    else:
        raise ValueError(f"unknown Leiden method {method!r}: choose 'igraph' or 'leidenalg'")
    membership = _relabel_by_size(list(found))
    quality = und.modularity(membership, weights="weight", resolution=resolution) if und.ecount() else float("nan")
    return membership, float(quality)


def _betweenness_exact(n: int, samples: int | None) -> bool:
    return samples >= n if samples is not None else n <= EXACT_BETWEENNESS_MAX


def betweenness(
    graph: ig.Graph, *, samples: int | None = None, seed: int = config.DEFAULT_SEED
) -> tuple[list[float], bool]:
    """Betweenness of every vertex: exact on small graphs, sampled-source estimate on large ones.

    ``samples`` source vertices (default: exact up to :data:`EXACT_BETWEENNESS_MAX` nodes, else
    :data:`BETWEENNESS_SAMPLES`) are drawn with a seeded generator; the partial sums are scaled by
    ``n / samples``. Returns the values and whether they are exact.
    """
    n = graph.vcount()
    if n == 0:
        return [], True
    if _betweenness_exact(n, samples):
        return [float(x) for x in graph.betweenness(directed=graph.is_directed())], True
    samples = samples or BETWEENNESS_SAMPLES
    sources = np.sort(np.random.default_rng(seed).choice(n, size=samples, replace=False)).tolist()
    partial = graph.betweenness(directed=graph.is_directed(), sources=sources)
    return [float(x) * n / samples for x in partial], False


def centralities(
    graph: ig.Graph,
    *,
    betweenness_samples: int | None = None,
    with_betweenness: bool = True,
    seed: int = config.DEFAULT_SEED,
) -> pl.DataFrame:
    """Centralities of every vertex, as a frame in vertex order.

    Columns: ``id``, ``in_degree``, ``out_degree``, ``in_strength``, ``out_strength`` (weighted),
    ``pagerank`` (weighted, directed for directed graphs; sums to 1), ``betweenness``
    (see :func:`betweenness`; null when ``with_betweenness`` is False). In an undirected graph
    in and out figures are equal.
    """
    n = graph.vcount()
    between, _ = betweenness(graph, samples=betweenness_samples, seed=seed) if with_betweenness else ([None] * n, True)
    weights = "weight" if graph.ecount() else None
    return pl.DataFrame(
        {
            "id": graph.vs["name"] if n else [],
            "in_degree": graph.degree(mode="in"),
            "out_degree": graph.degree(mode="out"),
            "in_strength": graph.strength(mode="in", weights=weights),
            "out_strength": graph.strength(mode="out", weights=weights),
            "pagerank": graph.pagerank(weights=weights, directed=graph.is_directed()) if n else [],
            "betweenness": between,
        },
        schema={
            "id": pl.String,
            "in_degree": pl.Int64,
            "out_degree": pl.Int64,
            "in_strength": pl.Float64,
            "out_strength": pl.Float64,
            "pagerank": pl.Float64,
            "betweenness": pl.Float64,
        },
    )
