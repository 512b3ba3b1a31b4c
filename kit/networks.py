"""Networks of accounts and hashtags: edge tables, graphs, Leiden communities, centralities, slices, exports.

Who amplified whom, which camps formed, and how they changed over time, read from the canonical
table (any selection of it).

Kinds of network
    ``retweet``, ``mention``, ``reply``, ``quote``: directed, between accounts, from the acting
    account to the one it amplified/addressed (``source`` retweeted ``target``), weighted by the
    number of tweets. ``hashtag``: undirected co-hashtag network, weighted by the number of tweets
    carrying both tags.

Nodes
    Accounts are keyed by their id (``author_id``, ``retweeted_author_id``, ...). A mentioned handle
    — or an account a dialect names by handle only (the Hydrator CSV has no user ids) — is resolved
    to an id through the handle/id pairs the table itself holds; a handle never seen with an id is
    kept as ``@handle``. Hashtags are keyed by the lower-cased tag.

Communities
    Leiden, maximising modularity with a resolution parameter (resolution 1 is plain modularity),
    on the *undirected weighted projection* of the graph (reciprocal edges summed), seeded, so
    the same input gives the same communities. Communities are numbered by size, 0 the largest.
    The modularity reported is that of the projection, at the chosen resolution. Two
    implementations of the same algorithm: igraph's built-in ``community_leiden`` (default) and
    ``leidenalg`` (``method="leidenalg"``, the reference, RB-configuration quality). They reach the
    same modularity; on the 1.2M-tweet corpus igraph's is about 5 times faster
    (``benchmarks/results/networks.json``).

Centralities
    In/out degree, weighted in/out strength, weighted PageRank (directed), and betweenness: exact
    up to :data:`EXACT_BETWEENNESS_MAX` nodes, else estimated from a seeded sample of source
    nodes (Brandes & Pich 2007), scaled to the full graph. Betweenness ignores weights (they are
    counts, not distances).

Privacy
    :attr:`Network.nodes` holds real handles for private analysis. Every function that produces
    output for others (exports, tables of accounts, layouts for charts) shows accounts under
    pseudonyms (:mod:`kit.privacy`) unless they have at least ``threshold`` followers; pass
    ``pseudonyms=False`` to turn it off. Exported node ids are then the shown labels, not account ids.

Examples
--------
>>> from kit.schema import from_records
>>> df = from_records([
...     {"tweet_id": "1", "author_id": "a", "author_username": "ann", "text": "RT @bob: x",
...      "is_retweet": True, "retweeted_author_id": "b", "retweeted_username": "bob"},
...     {"tweet_id": "2", "author_id": "c", "author_username": "cy", "text": "RT @bob: x",
...      "is_retweet": True, "retweeted_author_id": "b", "retweeted_username": "bob"},
... ])
>>> edge_table(df, "retweet").rows()
[('a', 'b', 1), ('c', 'b', 1)]
>>> net = network(df, "retweet")
>>> net.n_nodes, net.n_edges, net.n_communities
(3, 2, 1)
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import math
import random
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import polars as pl

from kit import config, timebins
from kit.cache import atomic_path
from kit.privacy import hidden, pseudonymize, write_csv_safe

if TYPE_CHECKING:  # heavy-ish imports stay inside functions
    import igraph as ig
    import networkx as nx

    from kit.selection import Selection

Kind = Literal["retweet", "mention", "reply", "quote", "hashtag"]

#: The kinds of network, account networks first.
KINDS: tuple[str, ...] = ("retweet", "mention", "reply", "quote", "hashtag")
ACCOUNT_KINDS: tuple[str, ...] = ("retweet", "mention", "reply", "quote")

#: Graphs up to this many nodes get exact betweenness; larger ones a sampled estimate.
EXACT_BETWEENNESS_MAX: int = 5_000
#: Source nodes sampled for the betweenness estimate of a large graph.
BETWEENNESS_SAMPLES: int = 256

#: Columns of the canonical table the network builders read.
NEEDED_COLUMNS: tuple[str, ...] = (
    "tweet_id", "created_at", "author_id", "author_username", "author_name", "author_followers",
    "is_retweet", "is_quote", "is_reply", "retweeted_author_id", "retweeted_username",
    "quoted_author_id", "quoted_username", "in_reply_to_user_id", "in_reply_to_username",
    "hashtags", "mentions",
)

_INTERACTION = {
    "retweet": ("is_retweet", "retweeted_author_id"),
    "quote": ("is_quote", "quoted_author_id"),
    "reply": ("is_reply", "in_reply_to_user_id"),
}
_HANDLE_PAIRS = (
    ("author_username", "author_id"),
    ("retweeted_username", "retweeted_author_id"),
    ("quoted_username", "quoted_author_id"),
    ("in_reply_to_username", "in_reply_to_user_id"),
)

FrameLike = pl.DataFrame | pl.LazyFrame


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown network kind {kind!r}: choose from {', '.join(KINDS)}")
    return kind


def _lazy(frame: FrameLike, selection: Selection | None) -> pl.LazyFrame:
    lf = frame.lazy() if isinstance(frame, pl.DataFrame) else frame
    missing = [c for c in NEEDED_COLUMNS if c not in lf.collect_schema().names()]
    if missing:
        raise ValueError(
            f"the frame lacks canonical column(s) {missing}; build networks from a table written by "
            "`kit import` (or kit.read_tweets), or call kit.schema.conform(frame) first"
        )
    if selection is not None:
        lf = selection.apply(lf)
    return _ids_from_handles(lf)


def _ids_from_handles(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Key accounts known by handle only (a dialect without ids, e.g. the Hydrator CSV's
    ``user_screen_name``) by the id their handle is seen with elsewhere in the table, else by
    ``@handle`` (as mentioned handles are). A table whose accounts all have ids is returned as is."""
    gaps = lf.select(pl.any_horizontal([(pl.col(i).is_null() & pl.col(h).is_not_null()).any()
                                        for h, i in _HANDLE_PAIRS])).collect().item()
    if not gaps:
        return lf
    ids = _handle_ids(lf).collect().lazy()
    for h, i in _HANDLE_PAIRS:
        lf = (lf.with_columns(pl.col(h).str.to_lowercase().alias("_handle"))
              .join(ids.rename({"handle": "_handle", "id": "_id"}), on="_handle", how="left", maintain_order="left")
              .with_columns(pl.coalesce(pl.col(i), pl.col("_id"), pl.lit("@") + pl.col("_handle")).alias(i))
              .drop("_handle", "_id"))
    return lf


# --------------------------------------------------------------------------------------------
# edge and node tables
# --------------------------------------------------------------------------------------------
def _handle_ids(lf: pl.LazyFrame) -> pl.LazyFrame:
    """``handle`` (lower-cased) → the id it was most often seen with, from the table's own pairs."""
    pairs = pl.concat(
        [lf.select(pl.col(h).str.to_lowercase().alias("handle"), pl.col(i).alias("id")) for h, i in _HANDLE_PAIRS]
    ).drop_nulls()
    return (
        pairs.group_by("handle", "id").len()
        .sort(["handle", "len", "id"], descending=[False, True, False])
        .group_by("handle", maintain_order=True).first()
        .select("handle", "id")
    )


def _account_edges(lf: pl.LazyFrame, kind: str, *, include_retweets: bool) -> pl.LazyFrame:
    if kind in _INTERACTION:
        flag, target = _INTERACTION[kind]
        return lf.filter(pl.col(flag) & pl.col(target).is_not_null() & pl.col("author_id").is_not_null()).select(
            pl.col("author_id").alias("source"), pl.col(target).alias("target")
        )
    # mentions: a retweet carries its original's mentions, which the retweeter did not write
    tweets = lf if include_retweets else lf.filter(~pl.col("is_retweet"))
    mentioned = (
        tweets.filter(pl.col("author_id").is_not_null())
        .select(pl.col("author_id").alias("source"), pl.col("mentions").list.unique().alias("handle"))
        .explode("handle")
        .filter(pl.col("handle").is_not_null() & (pl.col("handle") != ""))
        .with_columns(pl.col("handle").str.to_lowercase())
    )
    return mentioned.join(_handle_ids(lf), on="handle", how="left").select(
        "source", pl.coalesce("id", pl.lit("@") + pl.col("handle")).alias("target")
    )


def _hashtag_edges(lf: pl.LazyFrame) -> pl.LazyFrame:
    tags = lf.select("tweet_id", pl.col("hashtags").list.unique().alias("tag")).explode("tag").drop_nulls("tag")
    return (
        tags.join(tags, on="tweet_id", suffix="_b")
        .filter(pl.col("tag") < pl.col("tag_b"))
        .select(pl.col("tag").alias("source"), pl.col("tag_b").alias("target"))
    )


def edge_table(
    frame: FrameLike,
    kind: Kind = "retweet",
    selection: Selection | None = None,
    *,
    min_weight: int = 1,
    include_retweets: bool = False,
    self_loops: bool = False,
) -> pl.DataFrame:
    """The weighted edge list of one kind of network: ``source``, ``target``, ``weight``.

    Parameters
    ----------
    frame
        The canonical table (eager or lazy).
    kind
        ``retweet``, ``mention``, ``reply``, ``quote`` (directed: the acting account → the
        account retweeted, mentioned, replied to or quoted) or ``hashtag`` (undirected: ``source``
        < ``target`` alphabetically; weight = tweets carrying both tags).
    selection
        Optional :class:`kit.selection.Selection` applied first.
    min_weight
        Drop edges lighter than this.
    include_retweets
        Mention network only: also count the mentions inside retweeted text (off by default, as
        the retweeter did not write them; the retweet network covers retweets).
    self_loops
        Keep edges from an account to itself (self-replies in threads, self-retweets).

    Returns
    -------
    polars.DataFrame
        One row per edge, sorted by ``source`` then ``target``; ``weight`` is an ``Int64`` count.

    Examples
    --------
    >>> from kit.schema import from_records
    >>> df = from_records([{"tweet_id": "1", "text": "x #A #b", "hashtags": ["a", "b"]},
    ...                    {"tweet_id": "2", "text": "y #a #b", "hashtags": ["b", "a"]}])
    >>> edge_table(df, "hashtag").rows()
    [('a', 'b', 2)]
    """
    lf = _lazy(frame, selection)
    pairs = _hashtag_edges(lf) if _check_kind(kind) == "hashtag" else _account_edges(lf, kind, include_retweets=include_retweets)
    if not self_loops:
        pairs = pairs.filter(pl.col("source") != pl.col("target"))
    return (
        pairs.group_by("source", "target").agg(pl.len().cast(pl.Int64).alias("weight"))
        .filter(pl.col("weight") >= min_weight)
        .sort("source", "target")
        .collect()
    )


def node_table(frame: FrameLike, edges: pl.DataFrame, kind: Kind = "retweet", selection: Selection | None = None) -> pl.DataFrame:
    """Attributes of the nodes of an edge table, sorted by ``id``.

    Accounts: ``id``, ``username`` (the latest handle seen, case as given), ``display_name``,
    ``followers`` (latest count seen on the account's own tweets; null if it never posted in the
    selection), ``tweets`` (tweets it posted in the selection). Hashtags: ``id`` (the tag),
    ``username`` (``#tag``), ``tweets`` (tweets carrying it); ``display_name``/``followers`` null.
    """
    lf = _lazy(frame, selection)
    ids = pl.concat([edges.select(pl.col("source").alias("id")), edges.select(pl.col("target").alias("id"))]).unique()
    if _check_kind(kind) == "hashtag":
        counts = (
            lf.select(pl.col("hashtags").list.unique().alias("id")).explode("id").drop_nulls()
            .group_by("id").agg(pl.len().cast(pl.Int64).alias("tweets")).collect()
        )
        return (
            ids.join(counts, on="id", how="left")
            .select("id", (pl.lit("#") + pl.col("id")).alias("username"), pl.lit(None, pl.String).alias("display_name"),
                    pl.lit(None, pl.Int64).alias("followers"), pl.col("tweets").fill_null(0))
            .sort("id")
        )
    stamp = pl.col("created_at")
    handles = (
        pl.concat([lf.select(pl.col(i).alias("id"), pl.col(h).alias("username"), stamp) for h, i in _HANDLE_PAIRS])
        .drop_nulls(["id", "username"])
        .sort(["id", "created_at", "username"], nulls_last=False)
        .group_by("id").agg(pl.col("username").last())
    )
    authors = (
        lf.filter(pl.col("author_id").is_not_null())
        .sort(["author_id", "created_at"], nulls_last=False)
        .group_by("author_id").agg(
            pl.col("author_name").drop_nulls().last().alias("display_name"),
            pl.col("author_followers").drop_nulls().last().alias("followers"),
            pl.len().cast(pl.Int64).alias("tweets"),
        )
        .rename({"author_id": "id"})
    )
    return (
        ids.lazy()
        .join(handles, on="id", how="left")
        .join(authors, on="id", how="left")
        .with_columns(
            pl.coalesce("username", pl.when(pl.col("id").str.starts_with("@")).then(pl.col("id").str.slice(1))).alias("username"),
            pl.col("tweets").fill_null(0),
        )
        .select("id", "username", "display_name", pl.col("followers").cast(pl.Int64), "tweets")
        .sort("id")
        .collect()
    )


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
        nodes = pl.concat([edges.select(pl.col("source").alias("id")), edges.select(pl.col("target").alias("id"))]).unique()
    nodes = nodes.sort("id")
    index = nodes.select("id").with_row_index("idx")
    coded = (
        edges.join(index.rename({"id": "source", "idx": "s"}), on="source", how="left")
        .join(index.rename({"id": "target", "idx": "t"}), on="target", how="left")
    )
    if coded["s"].null_count() or coded["t"].null_count():
        raise ValueError("the node table lacks some endpoints of the edge table; build both from the same frame")
    pairs = np.column_stack([coded["s"].to_numpy(), coded["t"].to_numpy()]).astype(np.int64)
    graph = ig.Graph(n=nodes.height, edges=pairs.tolist(), directed=directed)
    graph.vs["name"] = nodes["id"].to_list()
    for column in nodes.columns:
        if column != "id":
            graph.vs[column] = nodes[column].to_list()
    graph.es["weight"] = coded["weight"].cast(pl.Float64).to_list() if "weight" in coded.columns else [1.0] * coded.height
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
def _seeded_igraph(seed: int) -> Iterator[None]:
    """Run igraph's own random steps from ``random.Random(seed)``; restore its default generator after."""
    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def leiden(
    graph: ig.Graph, *, resolution: float = 1.0, seed: int = config.DEFAULT_SEED, n_iterations: int = -1,
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

    >>> g = build_graph(pl.DataFrame({"source": ["a", "b", "c", "d"], "target": ["b", "a", "d", "c"], "weight": [1] * 4}))
    >>> leiden(g)[0]
    [0, 0, 1, 1]
    """
    if graph.vcount() == 0:
        return [], float("nan")
    und = undirected_projection(graph)
    if method == "igraph":
        with _seeded_igraph(seed):
            found = und.community_leiden(objective_function="modularity", weights="weight", resolution=resolution,
                                         n_iterations=n_iterations).membership
    elif method == "leidenalg":
        import leidenalg

        found = leidenalg.find_partition(
            und, leidenalg.RBConfigurationVertexPartition, weights="weight", resolution_parameter=resolution,
            n_iterations=n_iterations, seed=seed,
        ).membership
    else:
        raise ValueError(f"unknown Leiden method {method!r}: choose 'igraph' or 'leidenalg'")
    membership = _relabel_by_size(list(found))
    quality = und.modularity(membership, weights="weight", resolution=resolution) if und.ecount() else float("nan")
    return membership, float(quality)


def _betweenness_exact(n: int, samples: int | None) -> bool:
    return samples >= n if samples is not None else n <= EXACT_BETWEENNESS_MAX


def betweenness(graph: ig.Graph, *, samples: int | None = None, seed: int = config.DEFAULT_SEED) -> tuple[list[float], bool]:
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


def centralities(graph: ig.Graph, *, betweenness_samples: int | None = None, with_betweenness: bool = True,
                 seed: int = config.DEFAULT_SEED) -> pl.DataFrame:
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
        schema={"id": pl.String, "in_degree": pl.Int64, "out_degree": pl.Int64, "in_strength": pl.Float64,
                "out_strength": pl.Float64, "pagerank": pl.Float64, "betweenness": pl.Float64},
    )


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
        return (f"{self.kind} network: {self.n_nodes:,} nodes, {self.n_edges:,} edges, {self.n_communities:,} "
                f"communities, modularity {self.modularity:.3f} (Leiden, resolution {self.resolution:g}, seed {self.seed})")


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
) -> Network:
    """A :class:`Network` from ready edge (and node) tables: filter, Leiden, centralities."""
    graph = filter_graph(build_graph(edges, nodes, directed=_check_kind(kind) != "hashtag"), min_weight=min_weight,
                         min_degree=min_degree, top=top, largest_component=largest_component)
    membership, quality = leiden(graph, resolution=resolution, seed=seed, method=method)
    n = graph.vcount()
    cent = centralities(graph, with_betweenness=with_betweenness, betweenness_samples=betweenness_samples, seed=seed)
    exact = not with_betweenness or _betweenness_exact(n, betweenness_samples)
    attrs = {a: graph.vs[a] for a in graph.vs.attributes() if a != "name"}
    base = pl.DataFrame({"id": graph.vs["name"] if n else [], **attrs}, schema_overrides={"id": pl.String})
    if nodes is None:
        base = base.with_columns(pl.col("id").alias("username"), pl.lit(None, pl.String).alias("display_name"),
                                 pl.lit(None, pl.Int64).alias("followers"), pl.lit(0, pl.Int64).alias("tweets"))
    node_frame = pl.concat(
        [base.select(pl.col("id", "username", "display_name").cast(pl.String), pl.col("followers").cast(pl.Int64),
                     pl.col("tweets").cast(pl.Int64)),
         pl.DataFrame({"community": membership}, schema={"community": pl.Int64}), cent.drop("id")],
        how="horizontal",
    )
    names = pl.Series("id", graph.vs["name"] if n else [], dtype=pl.String)
    ends = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    edge_frame = pl.DataFrame(
        {"source": names.gather(ends[:, 0]), "target": names.gather(ends[:, 1]),
         "weight": pl.Series(graph.es["weight"] if graph.ecount() else [], dtype=pl.Float64).cast(pl.Int64)},
    ).sort("source", "target")
    return Network(kind=kind, graph=graph, nodes=node_frame, edges=edge_frame, modularity=quality,
                   resolution=resolution, seed=seed, betweenness_exact=exact)


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

    Examples
    --------
    >>> import kit  # doctest: +SKIP
    >>> net = kit.network(tweets, "retweet", kit.Selection(hashtags=("yesallwomen",)), min_weight=2)  # doctest: +SKIP
    >>> print(net.summary())  # doctest: +SKIP
    """
    lf = _lazy(frame, selection).select(NEEDED_COLUMNS)
    data = lf.collect()  # read once, reused by the edge and node tables
    edges = edge_table(data, kind, min_weight=min_weight, include_retweets=include_retweets, self_loops=self_loops)
    nodes = node_table(data, edges, kind)
    return network_from_edges(edges, nodes, kind=kind, min_weight=1, min_degree=min_degree, top=top,
                              largest_component=largest_component, resolution=resolution, seed=seed,
                              with_betweenness=with_betweenness, betweenness_samples=betweenness_samples,
                              method=method)


# --------------------------------------------------------------------------------------------
# output for others: labels under pseudonyms
# --------------------------------------------------------------------------------------------
def shown_nodes(
    net: Network, *, pseudonyms: bool = True, threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD, salt: str | None = None
) -> pl.DataFrame:
    """``net.nodes`` with a ``label`` column fit for output; ``display_name`` is nulled where pseudonymized.

    Accounts with fewer than ``threshold`` followers (or unknown followers) are shown as a keyed
    pseudonym (:func:`kit.privacy.pseudonym`); others keep their handle. Hashtags are never
    pseudonymized. With ``pseudonyms=False`` every account shows its handle (private analysis).
    """
    nodes = net.nodes.with_columns(pl.coalesce("username", "id").alias("label"))
    if net.kind == "hashtag" or not pseudonyms or nodes.height == 0:
        return nodes
    shown_as_pseudonym = hidden("label", "followers", threshold)  # the rule of kit.privacy.pseudonymize
    return pseudonymize(nodes, "label", followers="followers", threshold=threshold, salt=salt).with_columns(
        pl.when(shown_as_pseudonym).then(None).otherwise(pl.col("display_name")).alias("display_name"))


def top_accounts(
    net: Network, *, per_community: int = 5, communities: int | None = 8, by: str = "pagerank", pseudonyms: bool = True,
    threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD, salt: str | None = None,
) -> pl.DataFrame:
    """The most central nodes of each community: ``community``, ``rank``, ``label``, ``by`` and context columns.

    ``communities`` limits the output to the largest communities (None: all).
    """
    nodes = shown_nodes(net, pseudonyms=pseudonyms, threshold=threshold, salt=salt)
    if by not in nodes.columns:
        raise ValueError(f"cannot rank by {by!r}: choose a node column such as pagerank, in_strength, betweenness")
    if communities is not None:
        nodes = nodes.filter(pl.col("community") < communities)
    return (
        nodes.sort(["community", by, "label"], descending=[False, True, False], nulls_last=True)
        .with_columns(pl.int_range(1, pl.len() + 1).over("community").alias("rank"))
        .filter(pl.col("rank") <= per_community)
        .select("community", "rank", "label", by, *[c for c in ("pagerank", "in_strength", "in_degree", "followers")
                                                     if c != by])
    )


def community_table(
    net: Network, *, top: int = 5, pseudonyms: bool = True, threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD,
    salt: str | None = None,
) -> pl.DataFrame:
    """One row per community: ``community``, ``nodes``, ``share`` (of nodes), ``internal_weight``
    (weight of edges inside it), ``internal_share`` (of the weight of edges touching it),
    ``top_accounts`` (labels of its ``top`` nodes by PageRank)."""
    tops = (top_accounts(net, per_community=top, communities=None, pseudonyms=pseudonyms, threshold=threshold, salt=salt)
            .group_by("community").agg(pl.col("label").sort_by("rank").alias("top_accounts")))
    sizes = net.nodes.group_by("community").agg(pl.len().cast(pl.Int64).alias("nodes"))
    member = net.nodes.select("id", "community")
    ends = (net.edges.join(member.rename({"id": "source", "community": "c_s"}), on="source")
            .join(member.rename({"id": "target", "community": "c_t"}), on="target"))
    inside = ends.filter(pl.col("c_s") == pl.col("c_t")).group_by("c_s").agg(pl.col("weight").sum().alias("internal_weight"))
    # each edge touches its source's community, and its target's when that is another one
    touching = (pl.concat([ends.select(pl.col("c_s").alias("community"), "weight"),
                           ends.filter(pl.col("c_s") != pl.col("c_t")).select(pl.col("c_t").alias("community"), "weight")])
                .group_by("community").agg(pl.col("weight").sum().alias("touching")))
    return (
        sizes.join(inside.rename({"c_s": "community"}), on="community", how="left")
        .join(touching, on="community", how="left")
        .join(tops, on="community", how="left")
        .with_columns(
            (pl.col("nodes") / max(net.n_nodes, 1)).alias("share"),
            pl.col("internal_weight").fill_null(0).cast(pl.Int64),
            (pl.col("internal_weight").fill_null(0) / pl.col("touching")).fill_nan(None).alias("internal_share"),
        )
        .select("community", "nodes", "share", "internal_weight", "internal_share", "top_accounts")
        .sort("community")
    )


def _community_tweets(net: Network, frame: FrameLike, selection: Selection | None) -> pl.LazyFrame:
    """Tweets with the ``community`` they belong to: posted by its accounts, or (hashtag networks)
    carrying at least one of its tags, so a tweet may then belong to several communities."""
    tweets = _lazy(frame, selection)
    if net.kind != "hashtag":
        return tweets.join(net.nodes.lazy().select(pl.col("id").alias("author_id"), "community"), on="author_id")
    member = net.nodes.lazy().select(pl.col("id").alias("_tag"), "community")
    keys = (tweets.select("tweet_id", pl.col("hashtags").alias("_tag")).explode("_tag")
            .join(member, on="_tag").select("tweet_id", "community").unique())
    return tweets.join(keys, on="tweet_id")


def community_hashtags(net: Network, frame: FrameLike, selection: Selection | None = None, *, top: int = 10) -> pl.DataFrame:
    """The hashtags each community's accounts used: ``community``, ``hashtag``, ``tweets``, ``share``, ``hashtag_share``.

    A community's tweets are those its accounts posted (in ``frame``/``selection``); for a hashtag
    network, the tweets carrying any of its tags. ``share``: the fraction of the community's tweets
    carrying the hashtag; ``hashtag_share``: the fraction of the hashtag's tweets (by network
    accounts) that came from this community. ``top`` per community.
    """
    tweets = _community_tweets(net, frame, selection)
    totals = tweets.group_by("community").agg(pl.len().alias("community_tweets"))
    tags = (tweets.select("community", pl.col("hashtags").list.unique().alias("hashtag")).explode("hashtag")
            .drop_nulls("hashtag").group_by("community", "hashtag").agg(pl.len().cast(pl.Int64).alias("tweets")))
    return (
        tags.join(totals, on="community")
        .with_columns((pl.col("tweets") / pl.col("community_tweets")).alias("share"),
                      (pl.col("tweets") / pl.col("tweets").sum().over("hashtag")).alias("hashtag_share"))
        .sort(["community", "tweets", "hashtag"], descending=[False, True, False])
        .group_by("community", maintain_order=True).head(top)
        .select("community", "hashtag", "tweets", "share", "hashtag_share")
        .collect()
    )


def community_topics(
    net: Network, frame: FrameLike, assignments: pl.DataFrame, selection: Selection | None = None, *, top: int = 5
) -> pl.DataFrame:
    """The topics each community talked about: ``community``, ``topic``, [``label``], ``tweets``, ``share``.

    ``assignments`` has ``tweet_id``, ``topic`` and optionally ``label`` (as written by ``kit
    topics``). ``share`` is the fraction of the community's topic-assigned tweets in that topic.
    Outlier topic ``-1`` is kept (it is informative); filter it out if you wish.
    """
    if not {"tweet_id", "topic"} <= set(assignments.columns):
        raise ValueError(f"topic assignments need columns tweet_id and topic; got {assignments.columns}")
    keep = ["tweet_id", "topic", *(["label"] if "label" in assignments.columns else [])]
    tweets = _community_tweets(net, frame, selection).select("tweet_id", "community")
    keys = ["community", "topic", *(["label"] if "label" in keep else [])]
    return (
        tweets.join(assignments.lazy().select(keep), on="tweet_id", how="inner")
        .group_by(keys).agg(pl.len().cast(pl.Int64).alias("tweets"))
        .with_columns((pl.col("tweets") / pl.col("tweets").sum().over("community")).alias("share"))
        .sort(["community", "tweets", "topic"], descending=[False, True, False])
        .group_by("community", maintain_order=True).head(top)
        .collect()
    )


# --------------------------------------------------------------------------------------------
# time slices
# --------------------------------------------------------------------------------------------
def slice_networks(
    frame: FrameLike, kind: Kind = "retweet", selection: Selection | None = None, *, every: str = "day",
    **options: Any,
) -> dict[dt.datetime, Network]:
    """One network per period (``every``: any :mod:`kit.timebins` bin, e.g. ``"hour"``, ``"day"``, ``"12h"``), by start (UTC).

    Weeks start on Monday. Periods without any edge are left out. ``options`` are those of
    :func:`network` (filters, resolution, seed, ...), the same for every slice.
    """
    period = timebins.step(every)
    data = _lazy(frame, selection).select(NEEDED_COLUMNS).with_columns(
        pl.col("created_at").dt.truncate(period).alias("_period")).collect()
    out: dict[dt.datetime, Network] = {}
    for (start,), part in sorted(data.partition_by("_period", as_dict=True, include_key=False).items(),
                                 key=lambda kv: kv[0][0]):
        if start is None:
            continue
        net = network(part, kind, **options)
        if net.n_edges:
            out[start] = net
    return out


def community_persistence(
    slices: Mapping[dt.datetime, Network], *, threshold: float = 0.2, shared_only: bool = False
) -> pl.DataFrame:
    """How communities carry on from one slice to the next, as a tidy frame.

    For each community of each slice: its ``size``, the community of the next slice it overlaps
    most (``next_community``, by Jaccard similarity of member sets, ``jaccard``), and a
    ``lineage``: a community continues the lineage of a community of the previous slice when
    each is the other's best match with Jaccard ≥ ``threshold``; otherwise it starts a new one
    (named ``"<first period> C<community>"``). With ``shared_only``, member sets are compared on
    the accounts present in both slices only: camps whose core persists while their occasional
    members come and go (typical of day-to-day retweeting) are then still matched.

    Columns: ``period``, ``community``, ``size``, ``lineage``, ``next_period``, ``next_community``, ``jaccard``.
    """
    periods = sorted(slices)
    members = pl.concat(
        [slices[p].nodes.select(pl.lit(p).alias("period"), "id", "community") for p in periods]
    ) if periods else pl.DataFrame(schema={"period": pl.Datetime("us", "UTC"), "id": pl.String, "community": pl.Int64})
    sizes = members.group_by("period", "community").agg(pl.len().cast(pl.Int64).alias("size"))
    best_fwd: dict[tuple[Any, int], tuple[int, float]] = {}
    best_bwd: dict[tuple[Any, int], tuple[int, float]] = {}
    matches = []
    for a, b in zip(periods, periods[1:]):
        left = members.filter(pl.col("period") == a).select("id", pl.col("community").alias("ca"))
        right = members.filter(pl.col("period") == b).select("id", pl.col("community").alias("cb"))
        if shared_only:
            left, right = left.filter(pl.col("id").is_in(right["id"].implode())), right.filter(pl.col("id").is_in(left["id"].implode()))
        sa = left.group_by("ca").len("na")
        sb = right.group_by("cb").len("nb")
        pairs = (left.join(right, on="id").group_by("ca", "cb").len("inter")
                 .join(sa, on="ca").join(sb, on="cb")
                 .with_columns((pl.col("inter") / (pl.col("na") + pl.col("nb") - pl.col("inter"))).alias("jaccard")))
        fwd = pairs.sort(["ca", "jaccard", "cb"], descending=[False, True, False]).group_by("ca", maintain_order=True).first()
        bwd = pairs.sort(["cb", "jaccard", "ca"], descending=[False, True, False]).group_by("cb", maintain_order=True).first()
        for ca, cb, jac in fwd.select("ca", "cb", "jaccard").iter_rows():
            best_fwd[(a, ca)] = (cb, jac)
            matches.append((a, ca, b, cb, jac))
        for cb, ca, jac in bwd.select("cb", "ca", "jaccard").iter_rows():
            best_bwd[(b, cb)] = (ca, jac)
    lineage: dict[tuple[Any, int], str] = {}
    for i, p in enumerate(periods):
        for c in sorted(slices[p].nodes["community"].unique().to_list()):
            back = best_bwd.get((p, c))
            if i and back and back[1] >= threshold and best_fwd.get((periods[i - 1], back[0]), (None,))[0] == c:
                lineage[(p, c)] = lineage[(periods[i - 1], back[0])]
            else:
                lineage[(p, c)] = f"{p:%Y-%m-%d %H:%M} C{c}" if (p.hour or p.minute) else f"{p:%Y-%m-%d} C{c}"
    dtype = members.schema["period"]
    lin = pl.DataFrame({"period": [k[0] for k in lineage], "community": [k[1] for k in lineage],
                        "lineage": list(lineage.values())}, schema={"period": dtype, "community": pl.Int64, "lineage": pl.String})
    nxt = pl.DataFrame(matches, schema={"period": dtype, "community": pl.Int64, "next_period": dtype,
                                        "next_community": pl.Int64, "jaccard": pl.Float64}, orient="row")
    return (sizes.with_columns(pl.col("community").cast(pl.Int64))
            .join(lin, on=["period", "community"], how="left")
            .join(nxt, on=["period", "community"], how="left")
            .select("period", "community", "size", "lineage", "next_period", "next_community", "jaccard")
            .sort("period", "community"))


# --------------------------------------------------------------------------------------------
# layout for the node-link picture
# --------------------------------------------------------------------------------------------
def network_layout(
    net: Network, *, top: int = 150, label_top: int = 12, communities: int = 8, seed: int = config.DEFAULT_SEED,
    iterations: int = 500, pseudonyms: bool = True, threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD,
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
    with _seeded_igraph(seed):
        coords = sub.layout_fruchterman_reingold(weights=[math.log1p(w) for w in sub.es["weight"]] if sub.ecount() else None,
                                                 niter=iterations, seed=start) if n else []
    xy = np.asarray(coords.coords if n else np.zeros((0, 2)), dtype=float).reshape(-1, 2)
    rank = keep["pagerank"].rank("ordinal", descending=True)
    nodes = keep.with_columns(
        pl.Series("x", xy[:, 0]), pl.Series("y", xy[:, 1]),
        pl.when(pl.col("community") < communities).then(pl.lit("C") + pl.col("community").cast(pl.String))
        .otherwise(pl.lit("other")).alias("group"),
        (rank <= label_top).alias("show_label"),
    ).select("label", "community", "group", "pagerank", "in_strength", "x", "y", "show_label")
    ends = [(e.source, e.target, e["weight"]) for e in sub.es]
    edges = pl.DataFrame(
        {"x": [xy[s, 0] for s, _, _ in ends], "y": [xy[s, 1] for s, _, _ in ends],
         "x2": [xy[t, 0] for _, t, _ in ends], "y2": [xy[t, 1] for _, t, _ in ends],
         "weight": [w for _, _, w in ends]},
        schema={"x": pl.Float64, "y": pl.Float64, "x2": pl.Float64, "y2": pl.Float64, "weight": pl.Float64},
    )
    return nodes, edges


# --------------------------------------------------------------------------------------------
# export
# --------------------------------------------------------------------------------------------
_EXPORT_ATTRS = ("label", "community", "pagerank", "in_degree", "out_degree", "in_strength", "out_strength",
                 "betweenness", "followers", "tweets")


def _export_nodes(net: Network, pseudonyms: bool, threshold: int, salt: str | None) -> pl.DataFrame:
    """Node rows for files: ``key`` (the exported node id) and the attributes in :data:`_EXPORT_ATTRS`."""
    nodes = shown_nodes(net, pseudonyms=pseudonyms, threshold=threshold, salt=salt)
    if pseudonyms and net.kind != "hashtag":
        # account ids identify accounts too: the file's node ids are the shown labels (made unique)
        dup = pl.col("label").cum_count().over("label")
        key = pl.when(dup > 1).then(pl.col("label") + pl.lit("~") + dup.cast(pl.String)).otherwise(pl.col("label"))
        return nodes.with_columns(key.alias("key")).select("id", "key", *_EXPORT_ATTRS)
    extra = ("display_name",) if net.kind != "hashtag" else ()
    return nodes.with_columns(pl.col("id").alias("key")).select("id", "key", *_EXPORT_ATTRS, *extra)


def to_networkx(
    net: Network, *, pseudonyms: bool = True, threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD, salt: str | None = None,
) -> nx.Graph:
    """A networkx ``DiGraph`` (account networks) or ``Graph`` (hashtags) with node and edge attributes.

    Node attributes: ``label``, ``community``, ``pagerank``, degrees, strengths, ``betweenness``,
    ``followers`` (absent where unknown), ``tweets`` (and ``display_name`` when not pseudonymized).
    Edge attribute: ``weight``. With pseudonyms on (default), node ids are the shown labels.
    """
    import networkx as nx

    nodes = _export_nodes(net, pseudonyms, threshold, salt)
    key_of = dict(zip(nodes["id"].to_list(), nodes["key"].to_list()))
    g: nx.Graph = nx.DiGraph() if net.directed else nx.Graph()
    for row in nodes.drop("id").to_dicts():
        key = row.pop("key")
        g.add_node(key, **{k: v for k, v in row.items() if v is not None})
    g.add_weighted_edges_from((key_of[s], key_of[t], int(w)) for s, t, w in net.edges.iter_rows())
    return g


def export_network(
    net: Network, path: str | Path, *, pseudonyms: bool = True, threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD,
    salt: str | None = None,
) -> list[Path]:
    """Write the network for Gephi/Cytoscape; the format follows the suffix; every write is atomic.

    - ``.gexf``: GEXF 1.2 (networkx writer), node attributes as in :func:`to_networkx`.
    - ``.graphml``: GraphML, same attributes.
    - ``.csv``: Gephi spreadsheet CSVs: ``FILE.csv`` edges (``Source``, ``Target``, ``Weight``,
      ``Type``) and ``FILE.nodes.csv`` nodes (``Id``, ``Label``, ``community``, ...).

    Returns the paths written.
    """
    import networkx as nx

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix in (".gexf", ".graphml"):
        graph = to_networkx(net, pseudonyms=pseudonyms, threshold=threshold, salt=salt)
        writer = nx.write_gexf if suffix == ".gexf" else nx.write_graphml
        with atomic_path(target) as tmp:
            writer(graph, str(tmp))
        return [target]
    if suffix == ".csv":
        nodes = _export_nodes(net, pseudonyms, threshold, salt)
        keys = nodes.select("id", "key")
        edges = (net.edges.join(keys.rename({"id": "source", "key": "Source"}), on="source", how="left")
                 .join(keys.rename({"id": "target", "key": "Target"}), on="target", how="left")
                 .select("Source", "Target", pl.col("weight").alias("Weight"),
                         pl.lit("Directed" if net.directed else "Undirected").alias("Type")))
        node_path = target.with_name(target.stem + ".nodes.csv")
        write_csv_safe(edges, target)
        write_csv_safe(nodes.drop("id").rename({"key": "Id", "label": "Label"}), node_path)
        return [target, node_path]
    raise ValueError(f"cannot export a network to {target.name!r}: use a .gexf, .graphml or .csv file name")


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------
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
        print(f"{args.kind} network of {selection.describe()}: no edges (check the selection and --min-weight); "
              "nothing written")
        return 1
    written = export_network(net, out, pseudonyms=not args.no_pseudonyms)
    print(f"{selection.describe()}: {net.summary()}")
    table = community_table(net, top=3, pseudonyms=not args.no_pseudonyms)
    for row in table.head(5).iter_rows(named=True):
        accounts = ", ".join(row["top_accounts"] or [])
        print(f"  community {row['community']}: {row['nodes']:,} nodes ({row['share']:.0%}); top: {accounts}")
    if table.height > 5:
        print(f"  ... and {table.height - 5:,} smaller communities")
    for path in written:
        print(f"wrote {path}")
    return 0


__all__ = [
    "KINDS", "ACCOUNT_KINDS", "Network", "edge_table", "node_table", "build_graph", "filter_graph",
    "undirected_projection", "leiden", "betweenness", "centralities", "network", "network_from_edges",
    "shown_nodes", "top_accounts", "community_table", "community_hashtags", "community_topics",
    "slice_networks", "community_persistence", "network_layout", "to_networkx", "export_network", "cli_network",
]
