"""CSV exports → raw columns, matched by header name (never by position), encoding detected.

Dialects (see ``FORMATS.md`` §6): twarc-csv 0.7.x (84 columns, ``referenced_tweets.retweeted.id``,
JSON-encoded lists, literal ``\\n``), the first twarc-csv (2021, 47 columns with ``type`` and a raw
``referenced_tweets`` JSON column, JSON-encoded text), twarc 1.x ``json2csv`` (``tweet_type``,
``retweet_or_quote_id``), the DocNow Hydrator (``retweet_id``, ``quote_id``) and Twitter's own
archive ``tweets.csv`` (``tweet_id``, ``timestamp``). twarc-csv ``users``/``counts``/``compliance``/
``lists`` exports are recognised as non-tweet files. Every cell is read as a string first, so IDs
never pass through a float; a file whose tweet IDs were already turned into floats by a spreadsheet
(``1.16925E+18``) is refused.

Examples
--------
>>> csv_dialect(["id", "text", "referenced_tweets.retweeted.id", "author.username"])
'csv-twarc'
>>> csv_dialect(["tweet_id", "timestamp", "text", "expanded_urls"])
'csv-archive'
"""

from __future__ import annotations

import csv
import io
from typing import Any

import orjson
import polars as pl

from kit.ingest.report import FileReport, ImportReport, IngestError
from kit.ingest.rows import FLOAT_ID_RE, FLOAT_TWEET_ID, RAW_FIELDS, RAW_SCHEMA, raw_frame, strip_rt_prefix
from kit.ingest.sink import Sink
from kit.ingest.sniff import open_bytes
from kit.ingest.v2 import tweet_row
from kit.text import HASHTAG_RE, MENTION_RE, RT_PREFIX_RE

_FLOAT_ID = FLOAT_ID_RE
_NULL = pl.lit(None, pl.String)
#: Header names fixed on reading: the DocNow Hydrator wrote ``reweet_id`` until July 2020 (DocNow/hydrator#52).
_HEADER_TYPOS = {"reweet_id": "retweet_id"}
#: The last, cut word of a truncated text and its ellipsis (``… #moreofacomme…``, ``CSS-ph ...``).
_CUT_END = r"\S*\s?(?:…|\.\.\.)\s*$"
#: Largest integer a float64 (a JavaScript number) holds exactly.
_MAX_SAFE = 2**53
#: Source columns holding reference ids, per dialect → the canonical columns they become.
_REF_ID_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "csv-twarc": {
        "author_id": ("author_id",),
        "author.id": ("author_id",),
        "referenced_tweets.replied_to.id": ("in_reply_to_id",),
        "referenced_tweets.retweeted.id": ("retweeted_id",),
        "referenced_tweets.quoted.id": ("quoted_id",),
        "in_reply_to_user_id": ("in_reply_to_user_id",),
        "retweeted_user_id": ("retweeted_author_id",),
        "quoted_user_id": ("quoted_author_id",),
    },
    "csv-twarc-2021": {
        "author_id": ("author_id",),
        "author.id": ("author_id",),
        "in_reply_to_user_id": ("in_reply_to_user_id",),
    },
    "csv-json2csv": {
        "user_id": ("author_id",),
        "in_reply_to_status_id": ("in_reply_to_id",),
        "in_reply_to_user_id": ("in_reply_to_user_id",),
        "retweet_or_quote_id": ("retweeted_id", "quoted_id"),
        "retweet_or_quote_user_id": ("retweeted_author_id", "quoted_author_id"),
    },
    "csv-hydrator": {
        "user_id": ("author_id",),
        "in_reply_to_status_id": ("in_reply_to_id",),
        "in_reply_to_user_id": ("in_reply_to_user_id",),
        "retweet_id": ("retweeted_id",),
        "quote_id": ("quoted_id",),
    },
    "csv-archive": {
        "in_reply_to_status_id": ("in_reply_to_id",),
        "in_reply_to_user_id": ("in_reply_to_user_id",),
        "retweeted_status_id": ("retweeted_id",),
        "retweeted_status_user_id": ("retweeted_author_id",),
    },
}


def csv_dialect(header: list[str]) -> str:
    """Name the CSV dialect from its header: a ``csv-*`` source format or a non-tweet kind."""
    h = set(header)
    if {"tweet_id", "timestamp", "text"} <= h:
        return "csv-archive"
    if "id" in h and "text" in h:
        if "referenced_tweets" in h and "type" in h:
            return "csv-twarc-2021"
        if h & {"referenced_tweets.retweeted.id", "author.username", "public_metrics.retweet_count", "conversation_id"}:
            return "csv-twarc"
        if "tweet_type" in h or "retweet_or_quote_id" in h or "parsed_created_at" in h:
            return "csv-json2csv"
        if "retweet_id" in h or "reweet_id" in h or "quote_id" in h or "user_screen_name" in h:
            return "csv-hydrator"
        # a subset of API v2 field names: twarc-csv with --output-columns (or a hand-made export)
        return "csv-twarc" if "created_at" in h else "csv-unmapped"
    if "text" in h:
        return "csv-unmapped"
    if {"tweet_count", "start"} <= h:
        return "counts"
    if {"action", "id"} <= h:
        return "compliance"
    if "member_count" in h or "owner_id" in h:
        return "lists"
    if "username" in h:
        return "users"
    return "unknown-csv"


# -- decoding -----------------------------------------------------------------------------------
def decode_csv(path: str, report: ImportReport) -> bytes:
    """The file's bytes as UTF-8 (detecting a legacy encoding with charset-normalizer if needed)."""
    with open_bytes(path) as fh:
        data = fh.read()
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    # Excel's Western "ANSI" (cp1252) when it fits as well as the best guess: the common case
    best = next((m for m in matches if m.encoding == "cp1252"), None) or matches.best()
    if best is None:
        raise IngestError(
            f"{path}: the text encoding could not be detected (not UTF-8 and no legacy encoding "
            "fits). Re-save it as UTF-8 and import again."
        )
    report.warnings.append(
        f"{path}: not UTF-8; decoded as {best.encoding} (detected). Characters the "
        "spreadsheet could not store may have become '?'."
    )
    return str(best).encode("utf-8")


def _separator(first_line: bytes) -> str:
    counts = {sep: first_line.count(sep.encode()) for sep in (",", ";", "\t")}
    return max(counts, key=lambda k: counts[k])


def read_table(path: str, data: bytes, report: ImportReport) -> pl.DataFrame:
    """All cells of a CSV as strings (polars; the Python csv module if polars cannot parse it)."""
    sep = _separator(data.split(b"\n", 1)[0])
    try:
        return pl.read_csv(io.BytesIO(data), infer_schema=False, separator=sep)
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, pl.exceptions.ShapeError):
        pass
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=sep)
    header = next(reader)
    rows: list[list[str]] = []
    for record in reader:
        if len(record) != len(header):
            if record:
                report.skip(
                    path,
                    reader.line_num,
                    f"CSV row with {len(record)} fields, header has {len(header)}",
                    sep.join(record),
                )
            continue
        rows.append(record)
    return pl.DataFrame(rows, schema=dict.fromkeys(header, pl.String()), orient="row")


# -- expression helpers --------------------------------------------------------------------------
def _col(h: set[str], name: str) -> pl.Expr:
    if name not in h:
        return _NULL
    value = pl.col(name).str.strip_chars()
    return pl.when(value == "").then(None).otherwise(value)


def _first(h: set[str], *names: str) -> pl.Expr:
    present = [_col(h, n) for n in names if n in h]
    return pl.coalesce(present) if present else _NULL


def _int(expr: pl.Expr) -> pl.Expr:
    return expr.str.replace(r"\.0+$", "").cast(pl.Int64, strict=False)


def _flag(expr: pl.Expr) -> pl.Expr:
    return expr.str.to_lowercase().is_in(["true", "1", "yes", "t"]).fill_null(False)


def _json_list(expr: pl.Expr) -> pl.Expr:
    decoded = expr.str.json_decode(pl.List(pl.String))
    return decoded.list.eval(pl.element().str.strip_chars_start("#@$")).fill_null(pl.lit([], pl.List(pl.String)))


def _split(expr: pl.Expr, sep: str = " ") -> pl.Expr:
    parts = expr.str.split(sep).list.eval(pl.element().str.strip_chars().filter(pl.element().str.len_chars() > 0))
    return parts.fill_null(pl.lit([], pl.List(pl.String)))


def _text_tags(text: pl.Expr, pattern: str) -> pl.Expr:
    return text.str.extract_all(pattern).list.eval(pl.element().str.extract(pattern, 1))


def _union(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    return (
        pl.concat_list(a, b).list.eval(pl.element().filter(pl.element().is_not_null())).list.unique(maintain_order=True)
    )


def _own_rt(text: pl.Expr, is_rt: pl.Expr) -> pl.Expr:
    """A retweet whose text is its own ``RT @user: …`` (not its original's text)."""
    return (is_rt & text.str.starts_with("RT @")).fill_null(False)


def _cut(text: pl.Expr, is_rt: pl.Expr) -> pl.Expr:
    """A retweet's own text cut with an ellipsis (``…``, or ``...`` before 2011): its full text is not here."""
    return (_own_rt(text, is_rt) & (text.str.ends_with("…") | text.str.ends_with("..."))).fill_null(False)


def _tag_text(text: pl.Expr, is_rt: pl.Expr) -> pl.Expr:
    """The text hashtags and mentions are read from: without a retweet's ``RT @user: `` prefix and, when the
    text is cut, without its last word (``#moreofacomme…`` is a fragment, not a hashtag)."""
    body = pl.when(_own_rt(text, is_rt)).then(strip_rt_prefix(text)).otherwise(text)
    return pl.when(_cut(text, is_rt)).then(body.str.replace(_CUT_END, "")).otherwise(body)


def _tags(h: set[str], column: str, text: pl.Expr, pattern: str, split: str | None = None) -> pl.Expr:
    """A list column from the dialect's own column when it has one (and, for ``split`` columns, the
    text too); from the text alone otherwise."""
    from_text = _text_tags(text, pattern)
    if column not in h:
        return from_text
    if split is None:
        return _json_list(_col(h, column))
    return _union(from_text, _split(_col(h, column), split))


def _raw(exprs: dict[str, pl.Expr], fmt: str, path: str) -> list[pl.Expr]:
    out = []
    for name in RAW_FIELDS:
        if name == "source_format":
            expr = pl.lit(fmt)
        elif name == "source_file":
            expr = pl.lit(path)
        elif name == "_line":
            expr = pl.col("__row")
        else:
            expr = exprs.get(name, pl.lit(None))
        out.append(expr.cast(RAW_SCHEMA[name], strict=False).alias(name))
    return out


# -- dialects ------------------------------------------------------------------------------------
def twarc_csv(h: set[str], path: str) -> list[pl.Expr]:
    """twarc-csv 0.7.x columns → raw columns."""
    text = pl.col("text").str.replace_all("\\n", "\n", literal=True)
    rt = _col(h, "referenced_tweets.retweeted.id")
    tag_text = _tag_text(text, rt.is_not_null())
    return _raw(
        {
            "tweet_id": _col(h, "id"),
            "created": _col(h, "created_at"),
            "author_id": _first(h, "author_id", "author.id"),
            "author_username": _col(h, "author.username"),
            "author_name": _col(h, "author.name"),
            "author_followers": _int(_col(h, "author.public_metrics.followers_count")),
            "text": text,
            "lang": _col(h, "lang"),
            "is_retweet": rt.is_not_null(),
            "is_quote": _col(h, "referenced_tweets.quoted.id").is_not_null(),
            "is_reply": _col(h, "referenced_tweets.replied_to.id").is_not_null(),
            "retweeted_id": rt,
            "retweeted_author_id": _col(h, "retweeted_user_id"),
            "retweeted_username": _col(h, "retweeted_username"),
            "quoted_id": _col(h, "referenced_tweets.quoted.id"),
            "quoted_author_id": _col(h, "quoted_user_id"),
            "quoted_username": _col(h, "quoted_username"),
            "in_reply_to_id": _col(h, "referenced_tweets.replied_to.id"),
            "in_reply_to_user_id": _col(h, "in_reply_to_user_id"),
            "in_reply_to_username": _col(h, "in_reply_to_username"),
            "hashtags": _tags(h, "entities.hashtags", tag_text, HASHTAG_RE),
            "mentions": _tags(h, "entities.mentions", tag_text, MENTION_RE),
            "urls": _json_list(_col(h, "entities.urls")),
            "retweet_count": _int(_col(h, "public_metrics.retweet_count")),
            "like_count": _int(_col(h, "public_metrics.like_count")),
            "reply_count": _int(_col(h, "public_metrics.reply_count")),
            "quote_count": _int(_col(h, "public_metrics.quote_count")),
            # --no-merge-retweets keeps the retweet's own cut text
            "is_truncated": _cut(text, rt.is_not_null()),
        },
        "csv-twarc",
        path,
    )


def _flat_v1_columns(h: set[str], text: pl.Expr, is_rt: pl.Expr) -> dict[str, pl.Expr]:
    """Columns that twarc 1.x ``json2csv`` and the Hydrator name alike (both flatten v1.1 statuses):
    replies, counts, and hashtags/mentions re-read from the full text (their lists can be cut) — from a
    retweet's own cut text only up to the cut."""
    tag_text = _tag_text(text, is_rt)
    return {
        "in_reply_to_id": _col(h, "in_reply_to_status_id"),
        "in_reply_to_user_id": _col(h, "in_reply_to_user_id"),
        "in_reply_to_username": _col(h, "in_reply_to_screen_name"),
        "hashtags": _tags(h, "hashtags", tag_text, HASHTAG_RE, " "),
        "mentions": _text_tags(tag_text, MENTION_RE),
        "urls": _split(_col(h, "urls")),
        "retweet_count": _int(_col(h, "retweet_count")),
        "like_count": _int(_col(h, "favorite_count")),
        "is_truncated": _cut(text, is_rt),
    }


def json2csv(h: set[str], path: str) -> list[pl.Expr]:
    """twarc 1.x ``json2csv`` columns → raw columns (hashtags/mentions also re-read from the full text)."""
    kind = _col(h, "tweet_type")
    rq = _col(h, "retweet_or_quote_id")
    is_rt = (kind == "retweet").fill_null(False)
    is_qt = (rq.is_not_null() & ~is_rt).fill_null(False)
    text = pl.col("text")
    return _raw(
        {
            "tweet_id": _col(h, "id"),
            "created": _first(h, "created_at", "parsed_created_at"),
            "author_id": _col(h, "user_id"),
            "author_username": _col(h, "user_screen_name"),
            "author_name": _col(h, "user_name"),
            "author_followers": _int(_col(h, "user_followers_count")),
            "text": text,
            "lang": _col(h, "lang"),
            "is_retweet": is_rt,
            "is_quote": is_qt,
            "is_reply": (kind == "reply").fill_null(False) | _col(h, "in_reply_to_status_id").is_not_null(),
            "retweeted_id": pl.when(is_rt).then(rq),
            "retweeted_author_id": pl.when(is_rt).then(_col(h, "retweet_or_quote_user_id")),
            "retweeted_username": pl.when(is_rt).then(_col(h, "retweet_or_quote_screen_name")),
            "quoted_id": pl.when(is_qt).then(rq),
            "quoted_author_id": pl.when(is_qt).then(_col(h, "retweet_or_quote_user_id")),
            "quoted_username": pl.when(is_qt).then(_col(h, "retweet_or_quote_screen_name")),
            **_flat_v1_columns(h, text, is_rt),
        },
        "csv-json2csv",
        path,
    )


def hydrator(h: set[str], path: str) -> list[pl.Expr]:
    """DocNow Hydrator columns → raw columns."""
    rt = _col(h, "retweet_id")
    qt = _col(h, "quote_id")
    text = pl.col("text")
    return _raw(
        {
            "tweet_id": _col(h, "id"),
            "created": _col(h, "created_at"),
            "author_id": _col(h, "user_id"),
            "author_username": _col(h, "user_screen_name"),
            "author_name": _col(h, "user_name"),
            "author_followers": _int(_col(h, "user_followers_count")),
            "text": text,
            "lang": _col(h, "lang"),
            "is_retweet": rt.is_not_null(),
            "is_quote": qt.is_not_null() & rt.is_null(),
            "is_reply": _col(h, "in_reply_to_status_id").is_not_null(),
            "retweeted_id": rt,
            "retweeted_username": _col(h, "retweet_screen_name"),
            "quoted_id": pl.when(rt.is_null()).then(qt),
            **_flat_v1_columns(h, text, rt.is_not_null()),
        },
        "csv-hydrator",
        path,
    )


def archive(h: set[str], path: str) -> list[pl.Expr]:
    """Twitter archive ``tweets.csv`` columns → raw columns (one account; no handle, no entities)."""
    text = pl.col("text")
    rt = _col(h, "retweeted_status_id")
    return _raw(
        {
            "tweet_id": _col(h, "tweet_id"),
            "created": _col(h, "timestamp"),
            "text": text,
            "is_retweet": rt.is_not_null(),
            "is_quote": pl.lit(False),
            "is_reply": _col(h, "in_reply_to_status_id").is_not_null(),
            "retweeted_id": rt,
            "retweeted_author_id": _col(h, "retweeted_status_user_id"),
            "retweeted_username": text.str.extract(RT_PREFIX_RE, 1),
            "in_reply_to_id": _col(h, "in_reply_to_status_id"),
            "in_reply_to_user_id": _col(h, "in_reply_to_user_id"),
            "hashtags": _text_tags(_tag_text(text, rt.is_not_null()), HASHTAG_RE),
            "mentions": _text_tags(_tag_text(text, rt.is_not_null()), MENTION_RE),
            "urls": _split(_col(h, "expanded_urls"), ","),
            "is_truncated": _cut(text, rt.is_not_null()),
        },
        "csv-archive",
        path,
    )


def _json_cell(value: str | None) -> Any:
    if value is None or value == "":
        return None
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        return value


def twarc_csv_2021(table: pl.DataFrame, path: str) -> pl.DataFrame:
    """The first twarc-csv (2021): rebuild v2 tweets from its cells, then read them as v2."""
    rows = []
    for i, rec in enumerate(table.iter_rows(named=True)):
        text = _json_cell(rec.get("text"))
        d: dict[str, Any] = {
            "id": rec.get("id"),
            "text": text if isinstance(text, str) else rec.get("text"),
            "author_id": rec.get("author_id"),
            "created_at": rec.get("created_at"),
            "lang": rec.get("lang"),
            "entities": {k: _json_cell(rec.get(f"entities.{k}")) or [] for k in ("hashtags", "mentions", "urls")},
            "referenced_tweets": _json_cell(rec.get("referenced_tweets")) or [],
            "public_metrics": {
                k: _int_or_none(rec.get(f"public_metrics.{k}"))
                for k in ("retweet_count", "like_count", "reply_count", "quote_count")
            },
            "author": {
                "id": rec.get("author.id"),
                "username": rec.get("author.username"),
                "name": rec.get("author.name"),
                "public_metrics": {"followers_count": _int_or_none(rec.get("author.public_metrics.followers_count"))},
            },
        }
        ents = d["entities"]
        ents["hashtags"] = [h if isinstance(h, dict) else {"tag": str(h).lstrip("#")} for h in ents["hashtags"]]
        ents["mentions"] = [m if isinstance(m, dict) else {"username": str(m).lstrip("@")} for m in ents["mentions"]]
        ents["urls"] = [u if isinstance(u, dict) else {"expanded_url": str(u)} for u in ents["urls"]]
        rows.append(tweet_row(d, {}, {}, "csv-twarc", path, rec.get("__row") or i + 2))
    return raw_frame(rows)  # list fields are joined strings in a row: raw_frame splits them into whole tags


def _int_or_none(value: Any) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except ValueError:
        return None


_DIALECTS = {"csv-twarc": twarc_csv, "csv-json2csv": json2csv, "csv-hydrator": hydrator, "csv-archive": archive}
_ID_COLUMN = {"csv-archive": "tweet_id"}


# -- id repairs ---------------------------------------------------------------------------------
def _js_form(value: str) -> bool:
    """Whether ``value`` is how JavaScript prints the float64 nearest to it (shortest round-trip digits
    padded with zeros): an id that went through ``JSON.parse``."""
    mantissa, _, exponent = repr(float(value)).partition("e")
    digits = mantissa.replace(".", "").lstrip("0")
    width = int(exponent or 0) + 1
    return len(digits) <= width and digits.ljust(width, "0") == value


def js_rounded(values: pl.Series) -> pl.Series | None:
    """The values of an id column that a JavaScript number rounded, if the column was written that way
    (every id above 2**53 in JavaScript's printed form, e.g. ``976616043102834700``); else ``None``.

    Ids up to 2**53 are exact either way and kept. A column holding exact ids passes: a real id above
    2**53 is in that form by chance about once in a thousand.

    Examples
    --------
    >>> js_rounded(pl.Series(["976616043102834700", "12", None])).to_list()
    [True, False, False]
    >>> js_rounded(pl.Series(["976616043102834688"])) is None
    True
    """
    big = (values.str.strip_chars().cast(pl.UInt64, strict=False) > _MAX_SAFE).fill_null(False)
    candidates = values.filter(big).str.strip_chars().unique()
    if candidates.is_empty() or not all(_js_form(v) for v in candidates.to_list()):
        return None
    return big


def _repair_ids(table: pl.DataFrame, dialect: str, path: str, report: ImportReport) -> list[pl.Expr]:
    """Expressions over the raw columns that null the reference ids that are not ids: written as floats,
    or rounded by JavaScript (recovered from a ``COLUMN_str`` twin where the file has one). Each repair
    is counted per source column. The flags (``is_retweet``...) still come from the cells as written."""
    fixes: dict[str, pl.Expr] = {}
    for column, targets in _REF_ID_COLUMNS.get(dialect, {}).items():
        if column not in table.columns:
            continue
        values = table[column].str.strip_chars()
        replacement: pl.Expr = _NULL
        mask = values.str.contains(_FLOAT_ID).fill_null(False)
        if mask.any():
            report.repair("float ids nulled", path, column, int(mask.sum()), values.filter(mask)[0])
        else:
            rounded = js_rounded(values)
            if rounded is None:
                continue
            mask = rounded
            twin = f"{column}_str"
            kind = "rounded ids nulled"
            if twin in table.columns:
                kind, replacement = "rounded ids recovered", pl.lit(table[twin].str.strip_chars())
            report.repair(kind, path, column, int(mask.sum()), values.filter(mask)[0])
        for target in targets:
            current = fixes.get(target, pl.col(target))
            fixes[target] = pl.when(pl.lit(mask)).then(replacement).otherwise(current).alias(target)
    return list(fixes.values())


def _unmapped(path: str, header: list[str]) -> IngestError:
    """The refusal of a CSV with a ``text`` column whose id and date columns match no known export."""
    h = set(header)
    lacks = [
        name
        for name, options in (("a tweet id column", ("id", "tweet_id")), ("a date column", ("created_at", "timestamp")))
        if not h & set(options)
    ]
    return IngestError(
        f"{path}: a CSV with a 'text' column but {' and '.join(lacks)} the kit knows (id or tweet_id; created_at "
        f"or timestamp), so it cannot be read as tweets without losing them (columns: {', '.join(header[:12])}"
        f"{'…' if len(header) > 12 else ''}). Rename its tweet-id column to 'id' and its date column to "
        "'created_at' (ISO 8601 or 'Wed Sep 04 13:51:55 +0000 2019'), or export it again with twarc-csv, "
        "then import again."
    )


def _retweet_counts(raw: pl.DataFrame, path: str, report: ImportReport) -> None:
    """Count the retweets flagged truncated (a CSV holds only their cut text)."""
    report.repair("truncated retweets flagged", path, None, int(raw["is_truncated"].sum()))


def select_rows(
    table: pl.DataFrame, exprs: list[pl.Expr], path: str, id_col: str, report: ImportReport, frep: FileReport
) -> pl.DataFrame:
    """``table.select(exprs)``; rows whose cells make the expressions fail (a damaged JSON list...)
    are skipped and reported with their CSV line, found by halving the table around the failure."""
    try:
        return table.select(exprs)
    except pl.exceptions.PolarsError:
        if table.height > 1:
            half = table.height // 2
            return pl.concat(
                [
                    select_rows(table.slice(0, half), exprs, path, id_col, report, frep),
                    select_rows(table.slice(half), exprs, path, id_col, report, frep),
                ]
            )
        if table.height == 0:
            raise
    report.skip(
        path,
        int(table[0, "__row"]),
        "CSV row with a damaged cell (e.g. a JSON list that does not parse)",
        str(table[0, id_col]),
    )
    frep.skipped += 1
    return table.clear().select(exprs)


# -- the reader ----------------------------------------------------------------------------------
def read_csv_file(path: str, sink: Sink, report: ImportReport, frep: FileReport) -> None:
    """Read one CSV file into ``sink`` (or name it as a non-tweet file)."""
    data = decode_csv(path, report)
    frep.lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    first = data.split(b"\n", 1)[0].decode("utf-8").rstrip("\r")
    header = [c.strip() for c in next(csv.reader([first], delimiter=_separator(first.encode())))]
    typos = {c: _HEADER_TYPOS[c] for c in header if c in _HEADER_TYPOS and _HEADER_TYPOS[c] not in header}
    header = [typos.get(c, c) for c in header]
    dialect = csv_dialect(header)
    if dialect == "csv-unmapped" and "id" not in header:
        raise _unmapped(path, header)
    if not dialect.startswith("csv-"):
        from kit.ingest.report import NON_TWEET_HELP

        rows = max(frep.lines - 1, 0)
        frep.kind = "non-tweet"
        frep.non_tweet = {dialect: rows}
        frep.note = f"{NON_TWEET_HELP.get(dialect, dialect)} (columns: {', '.join(header[:8])}…)"
        report.add_counts(report.non_tweet, {dialect: rows})
        report.non_tweet_file(path, dialect)
        if dialect == "compliance":
            table = read_table(path, data, report)
            deleted = table.filter(pl.col("action").str.strip_chars() == "delete")["id"].drop_nulls()
            sink.deleted_compliance.update(s.strip() for s in deleted.to_list())
        return
    table = read_table(path, data, report)
    table = table.rename(
        dict(zip(table.columns, [typos.get(c.strip(), c.strip()) for c in table.columns], strict=True))
    )
    if typos:
        report.repair("header typo reweet_id", path, None, table.height)
        report.warnings.append(
            f"{path}: header 'reweet_id' (the DocNow Hydrator's typo before July 2020) read as "
            "'retweet_id': its rows with an id there are retweets."
        )
    id_col = _ID_COLUMN.get(dialect, "id")
    table = table.with_row_index("__row", offset=2)  # the CSV line of each row (header = line 1)
    ids = table[id_col].str.strip_chars()
    floats = ids.str.contains(_FLOAT_ID).fill_null(False)
    if floats.any() and floats.sum() == ids.drop_nulls().len():
        example = ids.filter(floats)[0]
        raise IngestError(
            f"{path}: its {id_col!r} column holds tweet IDs written as floating-point numbers (e.g. {example!r}). "
            "A spreadsheet (Excel, LibreOffice, Google Sheets) rounded them to 15 significant digits, so they no "
            "longer identify tweets and cannot be repaired. Re-export the CSV from the original JSON (or open it "
            "with the ID columns imported as Text), then import again."
        )
    if floats.any():  # some rows only: those tweets are skipped, the others read
        for i in floats.arg_true().to_list()[:1000]:
            report.skip(path, int(table[i, "__row"]), FLOAT_TWEET_ID, str(table[i, id_col]))
        frep.skipped += int(floats.sum())
        report.repair("float tweet ids refused", path, id_col, int(floats.sum()), ids.filter(floats)[0])
    if dialect == "csv-unmapped":  # after the float check: its message is the more useful one
        raise _unmapped(path, header)
    bad = ~ids.str.contains(r"^[0-9]+$").fill_null(False) & ~floats
    if bad.any():
        for i in bad.arg_true().to_list()[:1000]:
            report.skip(path, int(table[i, "__row"]), "CSV row without a numeric tweet id", str(table[i, id_col]))
        frep.skipped += int(bad.sum())
    if bad.any() or floats.any():
        table = table.filter(~bad & ~floats)
    fixes = _repair_ids(table, dialect, path, report)
    if dialect == "csv-twarc-2021":
        raw = twarc_csv_2021(table, path)
        dialect = "csv-twarc"
    else:
        raw = select_rows(table, _DIALECTS[dialect](set(header), path), path, id_col, report, frep)
    if fixes:
        raw = raw.with_columns(fixes)
    _retweet_counts(raw, path, report)
    if dialect == "csv-json2csv":
        report.warnings.append(f"{path}: twarc 1.x CSV — hashtags were re-read from the full text.")
    if dialect == "csv-twarc" and not {"author_id", "author.id", "author.username"} & set(header):
        report.warnings.append(
            f"{path}: no author column (author_id, author.id or author.username): the tweets "
            "have no account, so account tables and networks leave them out."
        )
    sink.add_raw_frame(raw)
    frep.formats = {dialect: raw.height}
    frep.tweets = raw.height
