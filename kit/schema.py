"""The canonical tweet table: one row per tweet, the kit's public contract.

Every importer writes exactly these columns, in this order, with these dtypes; every analysis
reads them. IDs are strings end to end (they never pass through a float).

=========================  ===================  ==========================================================
column                     dtype                meaning
=========================  ===================  ==========================================================
``tweet_id``               str                  the tweet's id (``id_str`` in v1.1, ``id`` in v2)
``created_at``             datetime[us, UTC]    when it was posted, in UTC
``author_id``              str                  the posting account's id
``author_username``        str                  its handle, without ``@`` (case as given)
``author_name``            str                  its display name
``author_followers``       i64                  its follower count when collected (null if unknown)
``text``                   str                  the full text: for a retweet the original's full text, for a
                                                truncated tweet the extended text; HTML entities unescaped
``lang``                   str                  the language code Twitter assigned (``und`` when undetermined)
``is_retweet``             bool                 a retweet (its own ``text`` would be ``RT @x: ...``)
``is_quote``               bool                 quotes another tweet
``is_reply``               bool                 replies to another tweet
``retweeted_id``           str                  id of the retweeted tweet, else null
``retweeted_author_id``    str                  its author's id, else null
``retweeted_username``     str                  its author's handle, else null
``quoted_id``              str                  id of the quoted tweet, else null
``quoted_author_id``       str                  its author's id, else null
``quoted_username``        str                  its author's handle, else null
``in_reply_to_id``         str                  id of the tweet replied to, else null
``in_reply_to_user_id``    str                  id of the account replied to, else null
``in_reply_to_username``   str                  handle of the account replied to, else null
``hashtags``               list[str]            hashtags of the full text, lower-cased, without ``#``
``mentions``               list[str]            @-mentioned handles, lower-cased, without ``@``
``urls``                   list[str]            expanded URLs (the tweet's own permalink excluded)
``retweet_count``          i64                  see *metrics rule* below
``like_count``             i64                  see *metrics rule* below
``reply_count``            i64                  (v2 and late v1.1 only; else null)
``quote_count``            i64                  (v2 and late v1.1 only; else null)
``is_truncated``           bool                 ``text`` is known to be cut and the full text was not in the record
``source_format``          str                  the format family it was read from (see ``SOURCE_FORMATS``)
``source_file``            str                  the file of the record kept (the most complete, if seen in several)
``platform``               str                  ``twitter``, ``bluesky`` or ``mastodon`` (see ``PLATFORMS``)
``content_warning``        str                  a Mastodon content warning (``spoiler_text``), else null
``indexed_at``             datetime[us, UTC]    when the network indexed the post (Bluesky ``time_us`` or
                                                ``indexedAt``); ``created_at`` is client-declared there
=========================  ===================  ==========================================================

On Bluesky and Mastodon the columns keep their Twitter names: a *tweet* is a post (``tweet_id``
its at-uri or federation ``uri``), a *retweet* a repost or boost (see the README, *Platforms*).

Metrics rule
    For a retweet, ``retweet_count`` and ``like_count`` are the *original's* counts as Twitter
    reported them (the API gives a retweet its original's metrics). Never sum metrics over
    retweets: use ``~is_retweet`` rows, or count retweets in the collection instead.

Examples
--------
>>> frame = empty_frame()
>>> list(frame.columns)[:3]
['tweet_id', 'created_at', 'author_id']
>>> validate(frame).height
0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

from kit.errors import SchemaError

UTC_DATETIME = pl.Datetime("us", "UTC")

#: The canonical columns and their dtypes, in order.
SCHEMA: dict[str, pl.DataType] = {
    "tweet_id": pl.String(),
    "created_at": UTC_DATETIME,
    "author_id": pl.String(),
    "author_username": pl.String(),
    "author_name": pl.String(),
    "author_followers": pl.Int64(),
    "text": pl.String(),
    "lang": pl.String(),
    "is_retweet": pl.Boolean(),
    "is_quote": pl.Boolean(),
    "is_reply": pl.Boolean(),
    "retweeted_id": pl.String(),
    "retweeted_author_id": pl.String(),
    "retweeted_username": pl.String(),
    "quoted_id": pl.String(),
    "quoted_author_id": pl.String(),
    "quoted_username": pl.String(),
    "in_reply_to_id": pl.String(),
    "in_reply_to_user_id": pl.String(),
    "in_reply_to_username": pl.String(),
    "hashtags": pl.List(pl.String()),
    "mentions": pl.List(pl.String()),
    "urls": pl.List(pl.String()),
    "retweet_count": pl.Int64(),
    "like_count": pl.Int64(),
    "reply_count": pl.Int64(),
    "quote_count": pl.Int64(),
    "is_truncated": pl.Boolean(),
    "source_format": pl.String(),
    "source_file": pl.String(),
    "platform": pl.String(),
    "content_warning": pl.String(),
    "indexed_at": UTC_DATETIME,
}

COLUMNS: tuple[str, ...] = tuple(SCHEMA)

#: Columns that may never be null in a valid table.
REQUIRED: tuple[str, ...] = ("tweet_id", "text", "is_retweet", "is_quote", "is_reply", "source_format")

#: Values of ``source_format``.
SOURCE_FORMATS: tuple[str, ...] = (
    "v1",  # Twitter API v1.1 status objects (REST, streaming, search wrapper, lookup map)
    "v2",  # twarc2 / API v2 response pages
    "v2-flat",  # twarc2 flattened, one tweet per line
    "csv-twarc",  # twarc-csv (2021 and 0.7.x column sets)
    "csv-json2csv",  # twarc 1.x json2csv
    "csv-hydrator",  # DocNow Hydrator CSV
    "csv-archive",  # Twitter's own archive tweets.csv
    "gnip",  # Gnip Activity Streams
    "bluesky-jetstream",  # Bluesky Jetstream commit events
    "bluesky-view",  # Bluesky XRPC PostViews (searchPosts, getPosts, feeds)
    "mastodon",  # Mastodon REST Status entities (arrays, JSON lines, search results)
    "mastodon-stream",  # Mastodon streaming update events (Server-Sent Events or WebSocket messages)
)

#: Values of ``platform``.
PLATFORMS: tuple[str, ...] = ("twitter", "bluesky", "mastodon")


def platform_expr(source_format: pl.Expr | None = None) -> pl.Expr:
    """The ``platform`` of each row, from its ``source_format`` (``bluesky-*`` → ``bluesky``,
    ``mastodon*`` → ``mastodon``, any other format → ``twitter``).

    >>> pl.DataFrame({"source_format": ["v2", "bluesky-view", "mastodon"]}).select(platform_expr())["platform"].to_list()
    ['twitter', 'bluesky', 'mastodon']
    """
    fmt = pl.col("source_format") if source_format is None else source_format
    return (
        pl.when(fmt.str.starts_with("bluesky"))
        .then(pl.lit("bluesky"))
        .when(fmt.str.starts_with("mastodon"))
        .then(pl.lit("mastodon"))
        .otherwise(pl.lit("twitter"))
        .alias("platform")
    )


#: Kinds of tweet, as returned by :func:`kind_expr`.
KINDS: tuple[str, ...] = ("original", "retweet", "quote", "reply")


def empty_frame() -> pl.DataFrame:
    """A zero-row frame with the canonical columns and dtypes."""
    return pl.DataFrame(schema=SCHEMA)


def from_records(records: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """Build a canonical frame from dict-like records; missing keys become null.

    Handy for tests and small examples. ``created_at`` may be a ``datetime`` or an ISO string.

    >>> df = from_records([{"tweet_id": "1", "text": "hi #a", "hashtags": ["a"],
    ...                     "created_at": "2014-05-24T12:00:00Z"}])
    >>> df["is_retweet"].to_list(), df["created_at"].dt.hour().to_list()
    ([False], [12])
    """
    rows = [dict(r) for r in records]
    defaults: dict[str, Any] = {
        "is_retweet": False,
        "is_quote": False,
        "is_reply": False,
        "is_truncated": False,
        "hashtags": [],
        "mentions": [],
        "urls": [],
        "source_format": "v2",
        "source_file": "<memory>",
        "lang": "en",
    }
    for row in rows:
        for key, value in defaults.items():
            if row.get(key) is None:
                row[key] = value
        unknown = set(row) - set(SCHEMA)
        if unknown:
            raise SchemaError(f"unknown column(s) {sorted(unknown)}; canonical columns are {list(COLUMNS)}")
    raw_schema = {k: (pl.String() if k == "created_at" else v) for k, v in SCHEMA.items()}
    for row in rows:
        value = row.get("created_at")
        if value is not None and not isinstance(value, str):
            row["created_at"] = value.isoformat()
    raw_schema["indexed_at"] = pl.String()
    for row in rows:
        value = row.get("indexed_at")
        if value is not None and not isinstance(value, str):
            row["indexed_at"] = value.isoformat()
    frame = pl.DataFrame(rows, schema=raw_schema)
    return frame.with_columns(
        pl.col("created_at").str.to_datetime(time_zone="UTC", time_unit="us", strict=True),
        pl.col("indexed_at").str.to_datetime(time_zone="UTC", time_unit="us", strict=True),
        pl.coalesce("platform", platform_expr()).alias("platform"),
    ).select(COLUMNS)


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """Add missing canonical columns as null, cast to canonical dtypes and order the columns.

    Extra columns are kept after the canonical ones. A table written before the ``platform`` column
    existed gets it from ``source_format``.
    """
    extra = [c for c in frame.columns if c not in SCHEMA]
    exprs = []
    for name, dtype in SCHEMA.items():
        if name in frame.columns:
            exprs.append(pl.col(name).cast(dtype, strict=False) if frame.schema[name] != dtype else pl.col(name))
        elif name == "platform" and "source_format" in frame.columns:
            exprs.append(platform_expr())
        else:
            exprs.append(pl.lit(None, dtype=dtype).alias(name))
    return frame.select(*exprs, *extra)


def validate(frame: pl.DataFrame, *, allow_extra: bool = True) -> pl.DataFrame:
    """Check ``frame`` against the canonical schema and return it unchanged.

    Raises
    ------
    SchemaError
        Naming the first missing column, wrong dtype, null in a required column or duplicate id,
        and saying how to fix it.
    """
    missing = [c for c in SCHEMA if c not in frame.columns]
    if missing:
        raise SchemaError(
            f"missing canonical column(s) {missing}. Import raw files with `kit import` "
            "(or kit.read_tweets) to get a canonical table, or call kit.schema.conform(frame)."
        )
    for name, dtype in SCHEMA.items():
        if frame.schema[name] != dtype:
            raise SchemaError(
                f"column {name!r} has dtype {frame.schema[name]}, expected {dtype}; "
                "call kit.schema.conform(frame) to cast."
            )
    if not allow_extra:
        extra = [c for c in frame.columns if c not in SCHEMA]
        if extra:
            raise SchemaError(f"unexpected column(s) {extra}")
    for name in REQUIRED:
        nulls = frame[name].null_count()
        if nulls:
            raise SchemaError(f"column {name!r} has {nulls} null value(s) but is required")
    dupes = frame.height - frame["tweet_id"].n_unique()
    if dupes:
        raise SchemaError(f"{dupes} duplicate tweet_id value(s); the canonical table has one row per tweet")
    return frame


def kind_expr() -> pl.Expr:
    """Polars expression giving each tweet's kind: retweet > quote > reply > original.

    >>> df = from_records([{"tweet_id": "1", "text": "x", "is_reply": True}])
    >>> df.select(kind_expr())["kind"].to_list()
    ['reply']
    """
    return (
        pl.when(pl.col("is_retweet"))
        .then(pl.lit("retweet"))
        .when(pl.col("is_quote"))
        .then(pl.lit("quote"))
        .when(pl.col("is_reply"))
        .then(pl.lit("reply"))
        .otherwise(pl.lit("original"))
        .alias("kind")
    )


def platforms_named(frame: pl.DataFrame | pl.LazyFrame) -> str:
    """The platform(s) of a canonical frame, in words, for report headers ("Bluesky and Mastodon").

    >>> platforms_named(from_records([{"tweet_id": "1", "text": "x", "source_format": "bluesky-view"}]))
    'Bluesky'
    """
    lf = frame.lazy() if isinstance(frame, pl.DataFrame) else frame
    column = "platform" if "platform" in lf.collect_schema().names() else None
    found = set(
        lf.select(platform_expr() if column is None else pl.col("platform"))
        .unique()
        .collect()
        .to_series()
        .drop_nulls()
        .to_list()
    )
    names = [{"twitter": "Twitter/X", "bluesky": "Bluesky", "mastodon": "Mastodon"}[p] for p in PLATFORMS if p in found]
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names) or "none"
