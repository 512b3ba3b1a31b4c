"""What was shared and how: top linked domains, languages, kinds of tweet, share of original tweets."""

from __future__ import annotations

import polars as pl

from kit.describe._frames import Frame, _lazy, _n_tweets
from kit.schema import KINDS, kind_expr

_DOMAIN = r"^(?:[A-Za-z][A-Za-z0-9+.\-]*://)?(?:[^@/?#]*@)?([^/:?#]+)"


# --- other tops --------------------------------------------------------------------------------
def top_domains(frame: Frame, n: int | None = 20) -> pl.DataFrame:
    """Linked domains from expanded URLs (``www.`` dropped): ``domain``, ``tweets``, ``share`` (of all tweets)."""
    lf = _lazy(frame)
    total = _n_tweets(lf)
    rows = (
        lf.select(pl.col("urls").alias("url")).with_row_index("row").explode("url").filter(pl.col("url").is_not_null())
    )
    # parse each distinct URL once (retweets repeat them)
    hosts = (
        rows.select("url")
        .unique()
        .with_columns(pl.col("url").str.extract(_DOMAIN, 1).str.to_lowercase().str.strip_prefix("www.").alias("domain"))
    )
    out = (
        rows.join(hosts, on="url")
        .filter(pl.col("domain").is_not_null() & (pl.col("domain") != ""))
        .select("row", "domain")
        .unique()
        .group_by("domain")
        .agg(pl.len().cast(pl.Int64).alias("tweets"))
        .sort(["tweets", "domain"], descending=[True, False])
    )
    if n is not None:
        out = out.head(n)
    return out.with_columns((pl.col("tweets") / max(total, 1)).alias("share")).collect()


def languages(frame: Frame, n: int | None = None) -> pl.DataFrame:
    """Tweets per language code (null counted as ``und``): ``lang``, ``tweets``, ``share``."""
    out = (
        _lazy(frame)
        .group_by(pl.col("lang").fill_null("und").alias("lang"))
        .agg(pl.len().cast(pl.Int64).alias("tweets"))
        .with_columns((pl.col("tweets") / pl.col("tweets").sum()).alias("share"))
        .sort(["tweets", "lang"], descending=[True, False])
    )
    if n is not None:
        out = out.head(n)
    return out.collect()


def kinds(frame: Frame) -> pl.DataFrame:
    """Tweets of each kind (all four, zeros included): ``kind``, ``tweets``, ``share``."""
    counts = _lazy(frame).group_by(kind_expr()).agg(pl.len().cast(pl.Int64).alias("tweets")).collect()
    out = (
        pl.DataFrame({"kind": list(KINDS)})
        .join(counts, on="kind", how="left")
        .with_columns(pl.col("tweets").fill_null(0))
    )
    total = int(out["tweets"].sum())
    return out.with_columns((pl.col("tweets") / total if total else pl.lit(None, pl.Float64)).alias("share"))


def original_share(frame: Frame) -> float | None:
    """Share of tweets that are the poster's own content (originals, quotes and replies: not retweets)."""
    value = _lazy(frame).select((~pl.col("is_retweet")).mean()).collect().item()
    return None if value is None else float(value)
