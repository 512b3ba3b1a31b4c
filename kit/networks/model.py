"""The :class:`Network` (graph, nodes, edges, communities) and :func:`network`, which builds one from a selection."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import polars as pl

from kit import config
from kit.networks._base import NEEDED_COLUMNS, FrameLike, Kind, _check_kind, _lazy
from kit.networks.communities import _betweenness_exact, centralities, leiden
from kit.networks.edges import edge_table, node_table
from kit.networks.graph import build_graph, filter_graph
from kit.progress import Progress, report

#: Stages a network build reports to its progress callback (graph, communities, centralities, done).
STAGES = 4

if TYPE_CHECKING:  # heavy-ish imports stay inside functions
    from kit.selection import Selection


# --------------------------------------------------------------------------------------------
# the network holder
# --------------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Network:
    """A built network with its communities and centralities.

    Attributes
    ----------
    kind
        One of :data:`KINDS`.
    graph
        The filtered igraph graph (directed for account networks); vertex attribute ``name`` is the id.
    nodes
        One row per vertex, in vertex order: ``id``, ``username``, ``display_name``, ``followers``,
        ``tweets``, ``community``, and the columns of :func:`centralities`. Real handles: use
        :func:`shown_nodes` for output.
    edges
        ``source``, ``target``, ``weight`` of the filtered graph.
    modularity, resolution, seed
        The community detection's quality and parameters.
    betweenness_exact
        Whether ``nodes.betweenness`` is exact (False: a sampled estimate).
    """

    kind: str
    graph: Any
    nodes: pl.DataFrame
    edges: pl.DataFrame
    modularity: float
    resolution: float
    seed: int
    betweenness_exact: bool = True

    @property
    def directed(self) -> bool:
        return self.kind != "hashtag"

    @property
    def n_nodes(self) -> int:
        return self.nodes.height

    @property
    def n_edges(self) -> int:
        return self.edges.height

    @property
    def n_communities(self) -> int:
        return int(self.nodes["community"].n_unique()) if self.nodes.height else 0

    def membership(self) -> dict[str, int]:
        """Node id → community."""
        return dict(zip(self.nodes["id"].to_list(), self.nodes["community"].to_list()))

    def summary(self) -> str:
        """One line: nodes, edges, communities, modularity."""
        return (
            f"{self.kind} network: {self.n_nodes:,} nodes, {self.n_edges:,} edges, {self.n_communities:,} "
            f"communities, modularity {self.modularity:.3f} (Leiden, resolution {self.resolution:g}, seed {self.seed})"
        )


def network_from_edges(
    edges: pl.DataFrame,
    nodes: pl.DataFrame | None = None,
    *,
    kind: Kind = "retweet",
    min_weight: int = 1,
    min_degree: int = 0,
    top: int | None = None,
    largest_component: bool = False,
    resolution: float = 1.0,
    seed: int = config.DEFAULT_SEED,
    with_betweenness: bool = True,
    betweenness_samples: int | None = None,
    method: Literal["igraph", "leidenalg"] = "igraph",
    progress: Progress | None = None,
) -> Network:
    """A :class:`Network` from ready edge (and node) tables: filter, Leiden, centralities.

    ``progress`` (see :mod:`kit.progress`) hears of each stage: graph, communities, centralities.
    """
    report(progress, 1, STAGES, "building the graph")
    graph = filter_graph(
        build_graph(edges, nodes, directed=_check_kind(kind) != "hashtag"),
        min_weight=min_weight,
        min_degree=min_degree,
        top=top,
        largest_component=largest_component,
    )
    report(progress, 2, STAGES, f"communities of {graph.vcount():,} accounts")
    membership, quality = leiden(graph, resolution=resolution, seed=seed, method=method)
    n = graph.vcount()
    report(progress, 3, STAGES, "centralities")
    cent = centralities(graph, with_betweenness=with_betweenness, betweenness_samples=betweenness_samples, seed=seed)
    exact = not with_betweenness or _betweenness_exact(n, betweenness_samples)
    attrs = {a: graph.vs[a] for a in graph.vs.attributes() if a != "name"}
    base = pl.DataFrame({"id": graph.vs["name"] if n else [], **attrs}, schema_overrides={"id": pl.String})
    if nodes is None:
        base = base.with_columns(
            pl.col("id").alias("username"),
            pl.lit(None, pl.String).alias("display_name"),
            pl.lit(None, pl.Int64).alias("followers"),
            pl.lit(0, pl.Int64).alias("tweets"),
        )
    node_frame = pl.concat(
        [
            base.select(
                pl.col("id", "username", "display_name").cast(pl.String),
                pl.col("followers").cast(pl.Int64),
                pl.col("tweets").cast(pl.Int64),
            ),
            pl.DataFrame({"community": membership}, schema={"community": pl.Int64}),
            cent.drop("id"),
        ],
        how="horizontal",
    )
    names = pl.Series("id", graph.vs["name"] if n else [], dtype=pl.String)
    ends = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    edge_frame = pl.DataFrame(
        {
            "source": names.gather(ends[:, 0]),
            "target": names.gather(ends[:, 1]),
            "weight": pl.Series(graph.es["weight"] if graph.ecount() else [], dtype=pl.Float64).cast(pl.Int64),
        },
    ).sort("source", "target")
    report(progress, STAGES, STAGES, "done")
    return Network(
        kind=kind,
        graph=graph,
        nodes=node_frame,
        edges=edge_frame,
        modularity=quality,
        resolution=resolution,
        seed=seed,
        betweenness_exact=exact,
    )


def network(
    frame: FrameLike,
    kind: Kind = "retweet",
    selection: Selection | None = None,
    *,
    min_weight: int = 1,
    min_degree: int = 0,
    top: int | None = None,
    largest_component: bool = False,
    resolution: float = 1.0,
    seed: int = config.DEFAULT_SEED,
    include_retweets: bool = False,
    self_loops: bool = False,
    with_betweenness: bool = True,
    betweenness_samples: int | None = None,
    method: Literal["igraph", "leidenalg"] = "igraph",
    progress: Progress | None = None,
) -> Network:
    """Build one network of a selection, with Leiden communities and centralities.

    Parameters
    ----------
    frame
        The canonical table (eager, or lazy e.g. ``pl.scan_parquet(path)``).
    kind
        ``retweet`` | ``mention`` | ``reply`` | ``quote`` | ``hashtag`` (see :func:`edge_table`).
    selection
        Optional :class:`kit.selection.Selection`.
    min_weight, min_degree, top, largest_component
        Filters, see :func:`filter_graph`.
    resolution, seed, method
        Leiden parameters, see :func:`leiden`.
    include_retweets, self_loops
        Edge options, see :func:`edge_table`.
    with_betweenness, betweenness_samples
        Betweenness (the slowest centrality) on/off and its sample size (see :func:`betweenness`).
    progress
        A :class:`kit.progress.Progress` callback told of each stage (reading, graph, communities,
        centralities); None: silent.

    Examples
    --------
    >>> import kit  # doctest: +SKIP
    >>> net = kit.network(tweets, "retweet", kit.Selection(hashtags=("yesallwomen",)), min_weight=2)  # doctest: +SKIP
    >>> print(net.summary())  # doctest: +SKIP
    """
    report(progress, 0, STAGES, "reading the tweets")
    lf = _lazy(frame, selection).select(NEEDED_COLUMNS)
    data = lf.collect()  # read once, reused by the edge and node tables
    edges = edge_table(data, kind, min_weight=min_weight, include_retweets=include_retweets, self_loops=self_loops)
    nodes = node_table(data, edges, kind)
    return network_from_edges(
        edges,
        nodes,
        kind=kind,
        min_weight=1,
        min_degree=min_degree,
        top=top,
        largest_component=largest_component,
        resolution=resolution,
        seed=seed,
        with_betweenness=with_betweenness,
        betweenness_samples=betweenness_samples,
        method=method,
        progress=progress,
    )
