"""Altair charts of networks: community sizes over time, top accounts per community, node-link picture.

Each builder takes the tidy, aggregated frame made by :mod:`kit.networks` (already pseudonymized
there) and returns a chart; nothing is saved or shown, and no tweet text ever enters a chart.

Examples
--------
>>> import kit.networks as kn  # doctest: +SKIP
>>> net = kn.network(tweets, "retweet", largest_component=True)  # doctest: +SKIP
>>> network_chart(*kn.network_layout(net, top=150))  # doctest: +SKIP
>>> top_accounts_chart(kn.top_accounts(net, per_community=5))  # doctest: +SKIP
>>> community_sizes_chart(kn.community_persistence(kn.slice_networks(tweets, every="day"), shared_only=True))  # doctest: +SKIP
"""

from __future__ import annotations

import altair as alt
import polars as pl

from kit.charts import theme
from kit.charts._input import check_input
from kit.charts.explore import time_zoom

_OTHER = "other"


def community_sizes_chart(
    persistence: pl.DataFrame, *, top: int = 8, title: str = "Community sizes over time"
) -> alt.Chart:
    """Stacked bars of community sizes per period, coloured by lineage (the ``top`` largest; the rest as ``other``).

    Parameters
    ----------
    persistence
        The frame of :func:`kit.networks.community_persistence` (``period``, ``lineage``, ``size``).
    top
        How many lineages (by total size) get their own colour.
    """
    check_input(
        persistence, ("period", "lineage", "size"), "community_sizes_chart", "kit.networks.community_persistence"
    )
    keep = (
        persistence.group_by("lineage")
        .agg(pl.col("size").sum().alias("total"))
        .sort(["total", "lineage"], descending=[True, False])
        .head(top)["lineage"]
        .to_list()
    )
    data = (
        persistence.with_columns(
            pl.when(pl.col("lineage").is_in(keep)).then(pl.col("lineage")).otherwise(pl.lit(_OTHER)).alias("lineage")
        )
        .group_by("period", "lineage")
        .agg(pl.col("size").sum())
        .sort("period", "lineage")
    )
    domain = [*keep, *([_OTHER] if _OTHER in data["lineage"].to_list() else [])]
    colours = (theme.PALETTE * (len(domain) // len(theme.PALETTE) + 1))[: len(keep)] + ["#bbbbbb"] * (
        len(domain) - len(keep)
    )
    return (
        alt.Chart(
            data,
            title=alt.Title(
                title,
                subtitle="accounts per community; a lineage links a community to its best match in the next period",
            ),
        )
        .mark_bar()
        .encode(
            x=alt.X("period:T", title=None),
            y=alt.Y("sum(size):Q", title="accounts"),
            color=alt.Color(
                "lineage:N", title="community (first seen)", scale=alt.Scale(domain=domain, range=colours), sort=domain
            ),
            order=alt.Order("lineage:N"),
            tooltip=[
                alt.Tooltip(
                    "utcyearmonthdatehoursminutes(period):T", title="Period starting (UTC)", format="%d %b %Y %H:%M"
                ),
                alt.Tooltip("lineage:N", title="community"),
                alt.Tooltip("sum(size):Q", title="accounts", format=",.0f"),
            ],
        )
        .add_params(time_zoom())
    )


def top_accounts_chart(
    top: pl.DataFrame, *, by: str = "pagerank", columns: int = 2, title: str = "Most central accounts per community"
) -> alt.FacetChart:
    """Horizontal bars of the most central accounts of each community, one panel per community.

    Parameters
    ----------
    top
        The frame of :func:`kit.networks.top_accounts` (``community``, ``label``, ``by``).
    by
        The centrality column to plot.
    """
    check_input(top, ("community", "label", by), "top_accounts_chart", "kit.networks.top_accounts")
    data = top.with_columns(("C" + pl.col("community").cast(pl.String)).alias("community_name"))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(f"{by}:Q", title=by.replace("_", " ")),
            y=alt.Y("label:N", sort="-x", title=None),
            color=alt.Color("community_name:N", legend=None),
            tooltip=[
                alt.Tooltip("label:N", title="account"),
                alt.Tooltip("community_name:N", title="community"),
                alt.Tooltip(f"{by}:Q", title=by.replace("_", " "), format=".4g"),
            ],
        )
        .properties(width=260, height=alt.Step(16))
        .facet(
            facet=alt.Facet("community_name:N", title=None, sort=alt.SortField("community")),
            columns=columns,
            title=title,
        )
        .resolve_scale(y="independent")
    )


def network_chart(
    nodes: pl.DataFrame, edges: pl.DataFrame, *, title: str = "The top of the network", size: int = 560
) -> alt.LayerChart:
    """A node-link picture: edges as rules, accounts as points sized by PageRank, coloured by community.

    Parameters
    ----------
    nodes, edges
        The pair returned by :func:`kit.networks.network_layout` (positions computed in the kit).
    size
        Width and height in pixels.
    """
    check_input(
        nodes, ("label", "group", "pagerank", "x", "y", "show_label"), "network_chart", "kit.networks.network_layout"
    )
    check_input(edges, ("x", "y", "x2", "y2", "weight"), "network_chart", "kit.networks.network_layout")
    groups = sorted(nodes["group"].unique().to_list(), key=lambda g: (g == _OTHER, len(g), g))
    colours = [theme.PALETTE[i % len(theme.PALETTE)] if g != _OTHER else "#bbbbbb" for i, g in enumerate(groups)]
    axis = alt.Axis(labels=False, ticks=False, domain=False, grid=False, title=None)
    links = (
        alt.Chart(edges)
        .mark_rule(color="#999999")
        .encode(
            x=alt.X("x:Q", axis=axis),
            y=alt.Y("y:Q", axis=axis),
            x2="x2:Q",
            y2="y2:Q",
            strokeWidth=alt.StrokeWidth("weight:Q", scale=alt.Scale(type="log", range=[0.3, 3]), legend=None),
            opacity=alt.value(0.35),
        )
    )
    points = (
        alt.Chart(nodes)
        .mark_circle(stroke="white", strokeWidth=0.5, opacity=0.9)
        .encode(
            x=alt.X("x:Q", axis=axis),
            y=alt.Y("y:Q", axis=axis),
            size=alt.Size("pagerank:Q", scale=alt.Scale(range=[20, 600]), legend=None),
            color=alt.Color("group:N", title="community", scale=alt.Scale(domain=groups, range=colours)),
            tooltip=[
                alt.Tooltip("label:N", title="account"),
                alt.Tooltip("group:N", title="community"),
                alt.Tooltip("pagerank:Q", title="PageRank", format=".4f"),
                alt.Tooltip("in_strength:Q", title="weighted in-degree", format=",.2~f"),
            ],
        )
    )
    labels = (
        alt.Chart(nodes)
        .transform_filter(alt.datum.show_label)
        .mark_text(align="left", dx=6, dy=-6, fontSize=10, color="#333333")
        .encode(x="x:Q", y="y:Q", text="label:N")
    )
    return alt.layer(links, points, labels).properties(width=size, height=size, title=title)


__all__ = ["community_sizes_chart", "top_accounts_chart", "network_chart"]
