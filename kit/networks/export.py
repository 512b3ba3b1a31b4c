"""Exports of a network: networkx, GEXF, GraphML and spreadsheet-safe CSV (pseudonyms unless turned off)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from kit import config
from kit.cache import atomic_path
from kit.networks.model import Network
from kit.networks.tables import shown_nodes
from kit.privacy import write_csv_safe

if TYPE_CHECKING:  # heavy-ish imports stay inside functions
    import networkx as nx


# --------------------------------------------------------------------------------------------
# export
# --------------------------------------------------------------------------------------------
_EXPORT_ATTRS = (
    "label",
    "community",
    "pagerank",
    "in_degree",
    "out_degree",
    "in_strength",
    "out_strength",
    "betweenness",
    "followers",
    "tweets",
)


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
    net: Network,
    *,
    pseudonyms: bool = True,
    threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD,
    salt: str | None = None,
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
    net: Network,
    path: str | Path,
    *,
    pseudonyms: bool = True,
    threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD,
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
        edges = (
            net.edges.join(keys.rename({"id": "source", "key": "Source"}), on="source", how="left")
            .join(keys.rename({"id": "target", "key": "Target"}), on="target", how="left")
            .select(
                "Source",
                "Target",
                pl.col("weight").alias("Weight"),
                pl.lit("Directed" if net.directed else "Undirected").alias("Type"),
            )
        )
        node_path = target.with_name(target.stem + ".nodes.csv")
        write_csv_safe(edges, target)
        write_csv_safe(nodes.drop("id").rename({"key": "Id", "label": "Label"}), node_path)
        return [target, node_path]
    raise ValueError(f"cannot export a network to {target.name!r}: use a .gexf, .graphml or .csv file name")
