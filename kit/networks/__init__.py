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

Modules (everything public is re-exported here, so ``networks.network(...)`` works)::

    edges        edge_table, node_table
    graph        build_graph, filter_graph, undirected_projection
    communities  leiden, betweenness, centralities
    model        Network, network, network_from_edges
    tables       shown_nodes, top_accounts, community_table, community_hashtags, community_topics
    slices       slice_networks, community_persistence
    layout       network_layout
    export       to_networkx, export_network (GEXF, GraphML, CSV)
    _base        kinds of network, the columns read, lazy input (shared by the above)

The command-line handler (``kit network``) lives in :mod:`kit.cli.commands.network`.

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

from kit.networks._base import ACCOUNT_KINDS, KINDS, NEEDED_COLUMNS, FrameLike, Kind
from kit.networks.communities import BETWEENNESS_SAMPLES, EXACT_BETWEENNESS_MAX, betweenness, centralities, leiden
from kit.networks.edges import edge_table, node_table
from kit.networks.export import export_network, to_networkx
from kit.networks.graph import build_graph, filter_graph, undirected_projection
from kit.networks.layout import network_layout
from kit.networks.model import Network, network, network_from_edges
from kit.networks.slices import community_persistence, slice_networks
from kit.networks.tables import community_hashtags, community_table, community_topics, shown_nodes, top_accounts

__all__ = [
    "ACCOUNT_KINDS",
    "BETWEENNESS_SAMPLES",
    "EXACT_BETWEENNESS_MAX",
    "FrameLike",
    "KINDS",
    "Kind",
    "NEEDED_COLUMNS",
    "Network",
    "betweenness",
    "build_graph",
    "centralities",
    "community_hashtags",
    "community_persistence",
    "community_table",
    "community_topics",
    "edge_table",
    "export_network",
    "filter_graph",
    "leiden",
    "network",
    "network_from_edges",
    "network_layout",
    "node_table",
    "shown_nodes",
    "slice_networks",
    "to_networkx",
    "top_accounts",
    "undirected_projection",
]
