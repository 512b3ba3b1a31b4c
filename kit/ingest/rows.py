"""Raw rows → canonical chunk frames: the one place where parsed records become table columns.

Readers of every format produce *raw rows*: tuples in the order of :data:`RAW_FIELDS` (or polars
frames with those columns, for CSV). :func:`finish_chunk` turns a batch of them into canonical
columns in a few vectorised steps: timestamps parsed from any of the known grammars, HTML
entities unescaped, the tweet's own permalinks dropped from ``urls``, and two helper columns for
deduplication (``_score``: how complete the record is; ``_seq``: input order).

Examples
--------
>>> frame = frame_from_rows([row(tweet_id="1", text="a &amp; b", created="2021-09-22T16:37:20.000Z")],
...                         seq_start=0)
>>> frame["text"].to_list(), frame["created_at"].dt.year().to_list()
(['a & b'], [2021])
"""

from __future__ import annotations

from typing import Any, NamedTuple

import polars as pl

from kit.schema import COLUMNS, SCHEMA, platform_expr
from kit.text import HASHTAG_RE, MENTION_RE, RT_PREFIX, RT_PREFIX_RE  # noqa: F401  (HASHTAG_RE, MENTION_RE: re-exported)


class RawRow(NamedTuple):
    """One parsed record before clean-up: the row contract between every reader and the sink.

    Its fields ARE the raw schema (:data:`RAW_FIELDS`, :data:`RAW_SCHEMA` derive from them): adding a
    column is one line here plus its builders. ``created`` is the timestamp as written in the source;
    ``hashtags``/``mentions``/``urls`` are joined by :data:`LIST_SEP`; ``_line`` is the line (or
    record) number in ``source_file`` (the raw column ``_line``: a tuple field cannot start with ``_``).
    Being a tuple, a ``RawRow`` goes into the sink's columns at
    tuple speed; the hot readers still build plain tuples in this order (see the module docstring
    of :mod:`kit.ingest`).
    """

    tweet_id: str | None
    created: str | None
    author_id: str | None
    author_username: str | None
    author_name: str | None
    author_followers: int | None
    text: str | None
    lang: str | None
    is_retweet: bool
    is_quote: bool
    is_reply: bool
    retweeted_id: str | None
    retweeted_author_id: str | None
    retweeted_username: str | None
    quoted_id: str | None
    quoted_author_id: str | None
    quoted_username: str | None
    in_reply_to_id: str | None
    in_reply_to_user_id: str | None
    in_reply_to_username: str | None
    hashtags: str
    mentions: str
    urls: str
    retweet_count: int | None
    like_count: int | None
    reply_count: int | None
    quote_count: int | None
    is_truncated: bool
    source_format: str
    source_file: str
    line: int | None


#: Fields of a raw row, in order: those of :class:`RawRow`, its ``line`` as the helper column ``_line``.
RAW_FIELDS: tuple[str, ...] = (*RawRow._fields[:-1], "_line")

RAW_SCHEMA: dict[str, pl.DataType] = {
    **{name: SCHEMA[name] for name in RAW_FIELDS if name in SCHEMA},
    "created": pl.String(),
    "_line": pl.Int64(),
}
RAW_SCHEMA = {name: RAW_SCHEMA[name] for name in RAW_FIELDS}

#: JSON readers hand list fields over as one string joined by this separator (building polars
#: list columns from Python lists is ~25x slower than splitting strings in polars).
LIST_SEP = "\x1f"
LIST_FIELDS: tuple[str, ...] = ("hashtags", "mentions", "urls")
_ROW_SCHEMA: dict[str, pl.DataType] = {
    name: (pl.String() if name in LIST_FIELDS else dtype) for name, dtype in RAW_SCHEMA.items()
}

#: Optional raw fields that only some platforms have (Twitter readers never produce them): readers
#: hand them to :meth:`kit.ingest.sink.Sink.add_with` beside the row; absent ones are null.
#: ``indexed_at`` is a timestamp string like ``created``.
EXTRA_FIELDS: tuple[str, ...] = ("content_warning", "indexed_at")

#: When each platform began: a client-declared ``created_at`` earlier than this is implausible.
PLATFORM_START: dict[str, str] = {"bluesky": "2022-11-01", "mastodon": "2016-03-01"}
#: A client-declared ``created_at`` later than the network's index time by more than this is implausible.
FUTURE_TOLERANCE = "10m"

#: Helper columns carried through the spill files and dropped before the final table.
HELPER_COLUMNS: tuple[str, ...] = ("_score", "_seq", "_line")

#: Timestamp grammars seen in tweet data (v2/ISO, ISO with offset, twarc1/archive, v1.1).
_TIME_FORMATS: tuple[str, ...] = (
    "%Y-%m-%dT%H:%M:%S%.fZ",
    "%Y-%m-%dT%H:%M:%S%.f%:z",
    "%Y-%m-%d %H:%M:%S%:z",
    "%a %b %d %H:%M:%S %z %Y",
)

#: A link to a tweet: captures its id (``/status/ID``, ``/statuses/ID``, ``/i/web/status/ID``).
STATUS_LINK = r"(?i)^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?:[^/?#]+/status(?:es)?|i/web/status)/(\d+)"
_MEDIA_DISPLAY = r"(?i)^(?:https?://)?pic\.(?:twitter|x)\.com/"

_EMPTY_LIST = pl.lit([], pl.List(pl.String))

#: Columns that hold tweet or account ids (strings of digits, never floats).
ID_FIELDS: tuple[str, ...] = (
    "tweet_id",
    "author_id",
    "retweeted_id",
    "retweeted_author_id",
    "quoted_id",
    "quoted_author_id",
    "in_reply_to_id",
    "in_reply_to_user_id",
)
#: An id written as a floating-point number (``8.874739571039519e+17``, ``2281181600.0``, ``1,16925E+18``):
#: it went through a float (a spreadsheet, pandas, JavaScript) and may no longer be the id.
FLOAT_ID_RE = r"^\s*[0-9]+(?:[.,][0-9]*)?[eE][+-]?[0-9]+\s*$|^\s*[0-9]+[.,][0-9]+\s*$"
#: The skip reason of a tweet whose own id is float-looking.
FLOAT_TWEET_ID = "tweet id written as a floating-point number (rounded: it no longer identifies the tweet)"


def row(**fields: Any) -> RawRow:
    """A raw row from keyword fields (missing ones null, flags ``False``); for tests and small readers."""
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
    }
    merged = {**defaults, **fields}
    for name in LIST_FIELDS:
        if isinstance(merged[name], (list, tuple)):
            merged[name] = LIST_SEP.join(merged[name])
    unknown = set(merged) - set(RAW_FIELDS)
    if unknown:
        raise ValueError(f"unknown raw field(s) {sorted(unknown)}")
    return RawRow(*(merged.get(name) for name in RAW_FIELDS))


def rt_username(text: str | None) -> str | None:
    """The handle in a retweet's ``RT @name:`` prefix, if any."""
    if text and text.startswith("RT @"):
        match = RT_PREFIX.match(text)
        if match:
            return match.group(1)
    return None


def rt_prefix() -> pl.Expr:
    """Rows whose text is a retweet's own ``RT @user: …`` (not its original's text): a retweet whose
    text starts with ``RT @`` + the retweeted handle (or any handle, when that is unknown)."""
    handle = pl.col("text").str.extract(RT_PREFIX_RE, 1).str.to_lowercase()
    known = pl.col("retweeted_username").str.to_lowercase()
    return (
        pl.col("is_retweet").fill_null(False)
        & pl.col("text").str.starts_with("RT @")
        & (known.is_null() | (handle == known)).fill_null(False)
    )


def strip_rt_prefix(text: pl.Expr) -> pl.Expr:
    """``text`` without a leading ``RT @user: `` (one rule for every format: the retweet's text is the
    original's, as the JSON formats give it)."""
    return text.str.replace(RT_PREFIX_RE, "")


def float_ids(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[tuple[str, str, int, str]], list[tuple[str, int]]]:
    """Null float-looking ids in the reference columns and drop rows whose own ``tweet_id`` is one.

    Returns the frame, ``(source_file, column, count, example)`` for each column nulled, and
    ``(source_file, line)`` of each dropped row (to be skipped with :data:`FLOAT_TWEET_ID`).
    """
    suspect = frame.select(
        pl.any_horizontal([pl.col(c).str.contains(r"[.,eE]").fill_null(False) for c in ID_FIELDS])
    ).to_series()
    if not suspect.any():
        return frame, [], []
    found: list[tuple[str, str, int, str]] = []
    sub = frame.filter(suspect)
    for column in ID_FIELDS[1:]:
        hit = sub.filter(pl.col(column).str.contains(FLOAT_ID_RE).fill_null(False))
        for (file,), part in hit.group_by(["source_file"], maintain_order=True):
            found.append((str(file), column, part.height, str(part[column][0])))
    dropped = [
        (str(f), int(line))
        for f, line in sub.filter(pl.col("tweet_id").str.contains(FLOAT_ID_RE).fill_null(False))
        .select("source_file", "_line")
        .iter_rows()
    ]
    frame = frame.with_columns(
        pl.when(pl.col(c).str.contains(FLOAT_ID_RE).fill_null(False)).then(None).otherwise(pl.col(c)).alias(c)
        for c in ID_FIELDS[1:]
    )
    if dropped:
        frame = frame.filter(~pl.col("tweet_id").str.contains(FLOAT_ID_RE).fill_null(False))
    return frame, found, dropped


def parse_created(created: pl.Series) -> pl.Series:
    """Parse timestamps written in any known grammar into UTC datetimes (null where none fits),
    trying the later grammars only on the values the earlier ones left unparsed."""
    text = created.str.strip_chars()
    dtype = SCHEMA["created_at"]
    out = text.str.strptime(dtype, _TIME_FORMATS[0], strict=False)
    for fmt in _TIME_FORMATS[1:]:
        todo = out.is_null() & text.is_not_null()
        if not todo.any():
            break
        out = out.zip_with(~todo, text.str.strptime(dtype, fmt, strict=False))
    return out.alias("created_at")


def unescape_html(expr: pl.Expr) -> pl.Expr:
    """Undo the API's HTML escaping of ``&``, ``<`` and ``>`` (once, ``&amp;`` last)."""
    return expr.str.replace_many(["&lt;", "&gt;", "&amp;"], ["<", ">", "&"])  # one pass, leftmost match


def drop_self_links(frame: pl.DataFrame) -> pl.DataFrame:
    """Remove from ``urls`` links to the tweet itself, its retweeted or quoted tweet, and media links.

    These are attachments (a quote's permalink, ``…/photo/1``, the ``/i/web/status/`` link of a
    truncated tweet), not URLs the author shared.
    """
    has_status = (
        pl.col("urls")
        .list.eval(pl.element().str.contains(STATUS_LINK) | pl.element().str.contains(_MEDIA_DISPLAY))
        .list.any()
    )
    flagged = frame.select(has_status.fill_null(False)).to_series()
    if not flagged.any():
        return frame
    framed = frame.with_row_index("_i")
    sub = framed.filter(flagged).select("_i", "tweet_id", "retweeted_id", "quoted_id", "urls")
    long = sub.explode("urls").with_columns(pl.col("urls").str.extract(STATUS_LINK, 1).alias("_sid"))
    own = (
        (pl.col("_sid") == pl.col("tweet_id"))
        | (pl.col("_sid") == pl.col("retweeted_id"))
        | (pl.col("_sid") == pl.col("quoted_id"))
    )
    keep = pl.col("urls").is_not_null() & ~own.fill_null(False) & ~pl.col("urls").str.contains(_MEDIA_DISPLAY)
    cleaned = long.group_by("_i").agg(pl.col("urls").filter(keep).alias("_clean"))
    return (
        framed.join(cleaned, on="_i", how="left", maintain_order="left")
        .with_columns(pl.coalesce("_clean", "urls").alias("urls"))
        .drop("_i", "_clean")
    )


def score_expr() -> pl.Expr:
    """How complete a record is: full text, author, time, handle, metrics (higher is better)."""
    return (
        (~pl.col("is_truncated").fill_null(True)).cast(pl.Int32) * 16
        + pl.col("author_id").is_not_null().cast(pl.Int32) * 8
        + pl.col("created_at").is_not_null().cast(pl.Int32) * 4
        + pl.col("author_username").is_not_null().cast(pl.Int32) * 2
        + pl.col("retweet_count").is_not_null().cast(pl.Int32)
    ).alias("_score")


#: Raw fields whose values readers copy from the record as they are (the others are built by the
#: reader: flags, joined lists, the file and line): a list or an object there is refused.
PASSED_FIELDS: tuple[str, ...] = tuple(
    name
    for name in RAW_FIELDS
    if name
    not in (*LIST_FIELDS, "is_retweet", "is_quote", "is_reply", "is_truncated", "source_format", "source_file", "_line")
)
_PASSED_AT = tuple(RAW_FIELDS.index(name) for name in PASSED_FIELDS)
_SCALARS = frozenset({str, int, float, bool, type(None)})
#: The skip reason of a record with a list or an object where one value belongs.
ODD_TYPES = "tweet record with fields of unexpected types"


def odd_rows(columns: list[list[Any]]) -> dict[int, str]:
    """Rows (index → first field name) holding a list or an object where a raw field wants one value.

    Such a value (``"text": [[[…]]]`` a few hundred lists deep, which JSON parsers accept) would make
    the column's construction take ~depth³ time, so the sink refuses the row before building columns.
    One C-speed pass over each passed-through column; a Python loop only over a column that has one.
    """
    odd: dict[int, str] = {}
    for at in _PASSED_AT:
        values = columns[at]
        if set(map(type, values)) <= _SCALARS:
            continue
        name = RAW_FIELDS[at]
        for i, value in enumerate(values):
            if type(value) not in _SCALARS:
                odd.setdefault(i, name)
    return odd


def raw_frame(rows: list[tuple]) -> pl.DataFrame:
    """Raw row tuples → a frame of raw columns (:data:`RAW_SCHEMA`)."""
    return raw_frame_from_columns(list(zip(*rows, strict=True)) if rows else [()] * len(RAW_FIELDS))


def raw_frame_from_columns(columns: list[Any]) -> pl.DataFrame:
    """Raw columns (one sequence per field of :data:`RAW_FIELDS`) → a frame of raw columns."""
    series = []
    for name, values in zip(RAW_FIELDS, columns, strict=True):
        dtype = _ROW_SCHEMA[name]
        try:
            series.append(pl.Series(name, values, dtype=dtype))
        except (TypeError, OverflowError, pl.exceptions.PolarsError):  # odd values (e.g. a count as text)
            series.append(pl.Series(name, values, dtype=dtype, strict=False))
    return pl.DataFrame(series).with_columns(
        pl.col(name).str.split(LIST_SEP).list.eval(pl.element().filter(pl.element().str.len_bytes() > 0))
        for name in LIST_FIELDS
    )


def with_extras(raw: pl.DataFrame, extras: dict[str, dict[int, Any]]) -> pl.DataFrame:
    """Add the :data:`EXTRA_FIELDS` given sparsely (``{field: {row_index: value}}``) as raw columns."""
    if not extras:
        return raw
    return raw.with_columns(
        pl.Series(name, [values.get(i) for i in range(raw.height)], dtype=pl.String) for name, values in extras.items()
    )


def implausible_time_expr() -> pl.Expr:
    """Rows of a platform whose ``created_at`` (client-declared on Bluesky and in federated Mastodon
    data) is before the platform existed or after the network indexed the post."""
    before = pl.lit(False)
    for platform, start in PLATFORM_START.items():
        before = before | (
            (pl.col("platform") == platform) & (pl.col("created_at") < pl.lit(start).str.to_datetime(time_zone="UTC"))
        )
    after = pl.col("created_at") > pl.col("indexed_at").dt.offset_by(FUTURE_TOLERANCE)
    return (before | after).fill_null(False)


def frame_from_rows(rows: list[tuple], *, seq_start: int) -> pl.DataFrame:
    """Build a finished chunk (canonical columns + helpers) from raw row tuples."""
    return finish_chunk(raw_frame(rows), seq_start=seq_start)


def finish_chunk(raw: pl.DataFrame, *, seq_start: int, counts: dict[str, int] | None = None) -> pl.DataFrame:
    """Raw columns (see :data:`RAW_SCHEMA`) → canonical columns + ``_score``, ``_seq``, ``_line``.

    ``counts``, if given, receives ``rt_prefix``: how many retweet texts lost their ``RT @user: ``.
    """
    own_text = raw.select(pl.col("is_retweet").fill_null(False) & pl.col("text").str.starts_with("RT @")).to_series()
    if own_text.any():  # the handle check only where it can matter (most chunks have no such text)
        own_text = raw.select(rt_prefix()).to_series()
    if counts is not None:
        counts["rt_prefix"] = int(own_text.sum())
    indexed = (
        raw["indexed_at"]
        if "indexed_at" in raw.columns
        else pl.Series("indexed_at", [None] * raw.height, dtype=pl.String)
    )
    text = pl.when(own_text).then(strip_rt_prefix(pl.col("text"))).otherwise(pl.col("text"))
    frame = raw.with_columns(
        parse_created(raw["created"]),
        parse_created(indexed).alias("indexed_at"),
        (pl.col("content_warning") if "content_warning" in raw.columns else pl.lit(None, pl.String)).alias(
            "content_warning"
        ),
        platform_expr(),
        pl.when(platform_expr() == "twitter")
        .then(unescape_html(text))  # Bluesky/Mastodon: plain text already
        .otherwise(text)
        .alias("text"),
        pl.coalesce(
            pl.col("retweeted_username"),
            pl.when(pl.col("is_retweet")).then(pl.col("text").str.extract(RT_PREFIX_RE, 1)),
        ).alias("retweeted_username"),
        pl.col("hashtags")
        .list.eval(pl.element().str.to_lowercase())
        .list.unique(maintain_order=True)
        .fill_null(_EMPTY_LIST),
        pl.col("mentions")
        .list.eval(pl.element().str.to_lowercase())
        .list.unique(maintain_order=True)
        .fill_null(_EMPTY_LIST),
        pl.col("urls").list.eval(pl.element().filter(pl.element().is_not_null())).fill_null(_EMPTY_LIST),
        *[pl.col(c).fill_null(False) for c in ("is_retweet", "is_quote", "is_reply", "is_truncated")],
    )
    if frame["platform"].ne("twitter").any():  # client-declared times: a year before 1 is unusable (kept as null)
        frame = frame.with_columns(
            pl.when(pl.col(c).dt.year() >= 1).then(pl.col(c)).alias(c) for c in ("created_at", "indexed_at")
        )
    frame = drop_self_links(frame)
    return frame.with_columns(
        score_expr(),
        pl.int_range(seq_start, seq_start + frame.height, dtype=pl.Int64).alias("_seq"),
    ).select(*COLUMNS, *HELPER_COLUMNS)
