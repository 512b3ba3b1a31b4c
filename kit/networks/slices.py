"""Networks of successive time slices and how their communities persist from one slice to the next."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import polars as pl

from kit import timebins
from kit.networks._base import NEEDED_COLUMNS, FrameLike, Kind, _lazy
from kit.networks.model import Network, network

if TYPE_CHECKING:  # heavy-ish imports stay inside functions
    from kit.selection import Selection


# --------------------------------------------------------------------------------------------
# time slices
# --------------------------------------------------------------------------------------------
def slice_networks(
    frame: FrameLike,
    kind: Kind = "retweet",
    selection: Selection | None = None,
    *,
    every: str = "day",
    **options: Any,
) -> dict[dt.datetime, Network]:
    """One network per period (``every``: any :mod:`kit.timebins` bin, e.g. ``"hour"``, ``"day"``, ``"12h"``), by start (UTC).

    Weeks start on Monday. Periods without any edge are left out. ``options`` are those of
    :func:`network` (filters, resolution, seed, ...), the same for every slice.
    """
    period = timebins.step(every)
    data = (
        _lazy(frame, selection)
        .select(NEEDED_COLUMNS)
        .with_columns(pl.col("created_at").dt.truncate(period).alias("_period"))
        .collect()
    )
    out: dict[dt.datetime, Network] = {}
    for (start,), part in sorted(
        data.partition_by("_period", as_dict=True, include_key=False).items(), key=lambda kv: kv[0][0]
    ):
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
    members = (
        pl.concat([slices[p].nodes.select(pl.lit(p).alias("period"), "id", "community") for p in periods])
        if periods
        else pl.DataFrame(schema={"period": pl.Datetime("us", "UTC"), "id": pl.String, "community": pl.Int64})
    )
    sizes = members.group_by("period", "community").agg(pl.len().cast(pl.Int64).alias("size"))
    best_fwd: dict[tuple[Any, int], tuple[int, float]] = {}
    best_bwd: dict[tuple[Any, int], tuple[int, float]] = {}
    matches = []
    for a, b in zip(periods, periods[1:]):
        left = members.filter(pl.col("period") == a).select("id", pl.col("community").alias("ca"))
        right = members.filter(pl.col("period") == b).select("id", pl.col("community").alias("cb"))
        if shared_only:
            left, right = (
                left.filter(pl.col("id").is_in(right["id"].implode())),
                right.filter(pl.col("id").is_in(left["id"].implode())),
            )
        sa = left.group_by("ca").len("na")
        sb = right.group_by("cb").len("nb")
        pairs = (
            left.join(right, on="id")
            .group_by("ca", "cb")
            .len("inter")
            .join(sa, on="ca")
            .join(sb, on="cb")
            .with_columns((pl.col("inter") / (pl.col("na") + pl.col("nb") - pl.col("inter"))).alias("jaccard"))
        )
        fwd = (
            pairs.sort(["ca", "jaccard", "cb"], descending=[False, True, False])
            .group_by("ca", maintain_order=True)
            .first()
        )
        bwd = (
            pairs.sort(["cb", "jaccard", "ca"], descending=[False, True, False])
            .group_by("cb", maintain_order=True)
            .first()
        )
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
    lin = pl.DataFrame(
        {"period": [k[0] for k in lineage], "community": [k[1] for k in lineage], "lineage": list(lineage.values())},
        schema={"period": dtype, "community": pl.Int64, "lineage": pl.String},
    )
    nxt = pl.DataFrame(
        matches,
        schema={
            "period": dtype,
            "community": pl.Int64,
            "next_period": dtype,
            "next_community": pl.Int64,
            "jaccard": pl.Float64,
        },
        orient="row",
    )
    return (
        sizes.with_columns(pl.col("community").cast(pl.Int64))
        .join(lin, on=["period", "community"], how="left")
        .join(nxt, on=["period", "community"], how="left")
        .select("period", "community", "size", "lineage", "next_period", "next_community", "jaccard")
        .sort("period", "community")
    )
