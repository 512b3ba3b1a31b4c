"""Tables of a network for reports: shown nodes (pseudonyms), top accounts, communities, their hashtags and topics."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from kit import config
from kit.networks._base import FrameLike, _lazy
from kit.networks.model import Network
from kit.privacy import hidden, pseudonymize

if TYPE_CHECKING:  # heavy-ish imports stay inside functions
    from kit.selection import Selection


# --------------------------------------------------------------------------------------------
# output for others: labels under pseudonyms
# --------------------------------------------------------------------------------------------
def shown_nodes(
    net: Network,
    *,
    pseudonyms: bool = True,
    threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD,
    salt: str | None = None,
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
        pl.when(shown_as_pseudonym).then(None).otherwise(pl.col("display_name")).alias("display_name")
    )


def top_accounts(
    net: Network,
    *,
    per_community: int = 5,
    communities: int | None = 8,
    by: str = "pagerank",
    pseudonyms: bool = True,
    threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD,
    salt: str | None = None,
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
        .select(
            "community",
            "rank",
            "label",
            by,
            *[c for c in ("pagerank", "in_strength", "in_degree", "followers") if c != by],
        )
    )


def community_table(
    net: Network,
    *,
    top: int = 5,
    pseudonyms: bool = True,
    threshold: int = config.DEFAULT_FOLLOWER_THRESHOLD,
    salt: str | None = None,
) -> pl.DataFrame:
    """One row per community: ``community``, ``nodes``, ``share`` (of nodes), ``internal_weight``
    (weight of edges inside it), ``internal_share`` (of the weight of edges touching it),
    ``top_accounts`` (labels of its ``top`` nodes by PageRank)."""
    tops = (
        top_accounts(net, per_community=top, communities=None, pseudonyms=pseudonyms, threshold=threshold, salt=salt)
        .group_by("community")
        .agg(pl.col("label").sort_by("rank").alias("top_accounts"))
    )
    sizes = net.nodes.group_by("community").agg(pl.len().cast(pl.Int64).alias("nodes"))
    member = net.nodes.select("id", "community")
    ends = net.edges.join(member.rename({"id": "source", "community": "c_s"}), on="source").join(
        member.rename({"id": "target", "community": "c_t"}), on="target"
    )
    inside = (
        ends.filter(pl.col("c_s") == pl.col("c_t")).group_by("c_s").agg(pl.col("weight").sum().alias("internal_weight"))
    )
    # each edge touches its source's community, and its target's when that is another one
    touching = (
        pl.concat(
            [
                ends.select(pl.col("c_s").alias("community"), "weight"),
                ends.filter(pl.col("c_s") != pl.col("c_t")).select(pl.col("c_t").alias("community"), "weight"),
            ]
        )
        .group_by("community")
        .agg(pl.col("weight").sum().alias("touching"))
    )
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
    keys = (
        tweets.select("tweet_id", pl.col("hashtags").alias("_tag"))
        .explode("_tag")
        .join(member, on="_tag")
        .select("tweet_id", "community")
        .unique()
    )
    return tweets.join(keys, on="tweet_id")


def community_hashtags(
    net: Network, frame: FrameLike, selection: Selection | None = None, *, top: int = 10
) -> pl.DataFrame:
    """The hashtags each community's accounts used: ``community``, ``hashtag``, ``tweets``, ``share``, ``hashtag_share``.

    A community's tweets are those its accounts posted (in ``frame``/``selection``); for a hashtag
    network, the tweets carrying any of its tags. ``share``: the fraction of the community's tweets
    carrying the hashtag; ``hashtag_share``: the fraction of the hashtag's tweets (by network
    accounts) that came from this community. ``top`` per community.
    """
    tweets = _community_tweets(net, frame, selection)
    totals = tweets.group_by("community").agg(pl.len().alias("community_tweets"))
    tags = (
        tweets.select("community", pl.col("hashtags").list.unique().alias("hashtag"))
        .explode("hashtag")
        .drop_nulls("hashtag")
        .group_by("community", "hashtag")
        .agg(pl.len().cast(pl.Int64).alias("tweets"))
    )
    return (
        tags.join(totals, on="community")
        .with_columns(
            (pl.col("tweets") / pl.col("community_tweets")).alias("share"),
            (pl.col("tweets") / pl.col("tweets").sum().over("hashtag")).alias("hashtag_share"),
        )
        .sort(["community", "tweets", "hashtag"], descending=[False, True, False])
        .group_by("community", maintain_order=True)
        .head(top)
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
        .group_by(keys)
        .agg(pl.len().cast(pl.Int64).alias("tweets"))
        .with_columns((pl.col("tweets") / pl.col("tweets").sum().over("community")).alias("share"))
        .sort(["community", "tweets", "topic"], descending=[False, True, False])
        .group_by("community", maintain_order=True)
        .head(top)
        .collect()
    )
