"""Routing Bluesky and Mastodon records inside the JSON reader, and reading Mastodon SSE files.

:func:`route` is called by :class:`kit.ingest.jsonfmt.JsonFile` for a record no Twitter shape
claimed; it adds the record's rows (with their platform fields) to the sink and counts the rest
(deletes, notices, non-post records) in the file's counters. Per-file state lives in
:class:`PlatformState` (Bluesky handles from ``identity`` events; Mastodon local ids → uris, and
stream deletes waiting for theirs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from kit.ingest import bluesky, mastodon

if TYPE_CHECKING:
    from kit.ingest.jsonfmt import JsonFile

_ERRORS = (KeyError, TypeError, AttributeError, ValueError, IndexError)


@dataclass
class PlatformState:
    """What one file's platform records leave for the next ones."""

    handles: dict[str, str] = field(default_factory=dict)
    local_uris: dict[str, str] = field(default_factory=dict)
    local_accounts: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    local_deletes: set[str] = field(default_factory=set)

    def merge(self, other: PlatformState) -> None:
        """Add another batch's state of the same file (a worker's)."""
        self.handles.update(other.handles)
        self.local_uris.update(other.local_uris)
        self.local_accounts.update(other.local_accounts)
        self.local_deletes |= other.local_deletes


def route(reader: JsonFile, obj: dict[str, Any], line: int) -> bool:
    """Add ``obj`` if it is a Bluesky or Mastodon record (``True``), else leave it (``False``)."""
    kind = bluesky.kind_of(obj)
    if kind is not None:
        _bluesky(reader, kind, obj, line)
        return True
    kind = mastodon.kind_of(obj)
    if kind is not None:
        _mastodon(reader, kind, obj, line)
        return True
    return False


def _add(reader: JsonFile, fmt: str, line: int, build: Any, record: Any, *args: Any) -> None:
    """Add the row(s) ``build(record, *args)``; a record with fields of unexpected types is skipped."""
    try:
        built = build(record, *args)
    except _ERRORS as exc:
        reader._skip_odd(line, exc, record)
        return
    if built is None:
        return
    for row, extras in built if isinstance(built, list) else [built]:
        reader.sink.add_with(row, extras)
        reader.counts.formats[fmt] += 1


def _bluesky(reader: JsonFile, kind: str, obj: dict[str, Any], line: int) -> None:
    state = reader.counts.platform_state
    path = reader.path
    if kind == "view":
        _add(reader, "bluesky-view", line, bluesky.view_row, obj, path, line)
    elif kind == "feed-item":
        _add(reader, "bluesky-view", line, bluesky.feed_item_rows, obj, path, line)
    elif kind == "response":
        for item in obj.get("posts") or obj.get("feed") or ():
            reader.handle(item, line)
    elif obj["kind"] == "commit":
        commit = obj.get("commit")
        operation = commit.get("operation") if isinstance(commit, dict) else None
        collection = commit.get("collection") if isinstance(commit, dict) else None
        if operation == "delete":
            gone = bluesky.deleted_uri(obj)
            if gone is not None:
                reader.sink.deleted_tweets.add(gone)
                reader.counts.notices["bluesky delete"] += 1
            else:
                reader.counts.notices["bluesky delete (other record)"] += 1
        elif collection in (bluesky.POST, bluesky.REPOST) and operation in ("create", "update"):
            _add(reader, "bluesky-jetstream", line, bluesky.commit_row, obj, state.handles, path, line)
        elif isinstance(collection, str) and collection.startswith("app.bsky."):
            reader.counts.non_tweet[f"bluesky {collection.rsplit('.', 1)[-1]}"] += 1
        else:
            reader.counts.non_tweet["bluesky other-lexicon record"] += 1
    else:  # identity / account
        ident = obj.get(obj["kind"])
        if obj["kind"] == "identity" and isinstance(ident, dict) and isinstance(ident.get("handle"), str):
            state.handles[obj["did"]] = ident["handle"]
        reader.counts.notices[f"bluesky {obj['kind']}"] += 1


def _mastodon(reader: JsonFile, kind: str, obj: dict[str, Any], line: int) -> None:
    state = reader.counts.platform_state
    if kind == "status":
        _add(
            reader,
            "mastodon",
            line,
            mastodon.status_row,
            obj,
            "mastodon",
            reader.path,
            line,
            state.local_uris,
            state.local_accounts,
        )
        return
    event, payload = obj["event"], obj["payload"]
    if event in mastodon.STATUS_EVENTS:
        try:
            status = orjson.loads(payload) if isinstance(payload, (str, bytes)) else payload
        except orjson.JSONDecodeError:
            reader._skip(line, f"Mastodon {event} event whose payload is not JSON", str(payload)[:120])
            return
        if isinstance(status, dict) and mastodon.kind_of(status) == "status":
            _add(
                reader,
                "mastodon-stream",
                line,
                mastodon.status_row,
                status,
                "mastodon-stream",
                reader.path,
                line,
                state.local_uris,
                state.local_accounts,
            )
        else:
            reader._skip(line, f"Mastodon {event} event without a status", str(payload)[:120])
        return
    if event == "delete":
        local = str(payload).strip().strip('"')
        uri = state.local_uris.get(local)
        if uri is not None:
            reader.sink.deleted_tweets.add(uri)
        else:
            state.local_deletes.add(local)
    reader.counts.notices[f"mastodon {event}"] += 1


def finish(reader: JsonFile) -> None:
    """At the end of a file: apply the stream deletes whose status came later in it; warn about the rest."""
    state = reader.counts.platform_state
    unresolved = 0
    for local in state.local_deletes:
        uri = state.local_uris.get(local)
        if uri is not None:
            reader.sink.deleted_tweets.add(uri)
        else:
            unresolved += 1
    state.local_deletes.clear()
    if unresolved:
        reader.counts.notices["mastodon delete of a status not in the file"] += unresolved


#: The import report's notice naming Jetstream reposts given their original's text.
FILLED_NOTICE = "bluesky reposts given their original's text and tags (originals in the collection)"
_FILLED = ("text", "lang", "hashtags", "mentions", "urls", "retweet_count", "like_count", "reply_count", "quote_count")


def fill_reposts(path: Path) -> int:
    """Give Jetstream reposts (whose record holds only the subject's uri) their original's text,
    language, hashtags, mentions, URLs and counts, and its author's handle, where the original is
    a row of the table at ``path`` (rewritten in place, same order); returns how many were filled.

    A Twitter retweet carries its original; a Jetstream repost does not, so without this a
    hashtag selection would miss every repost.
    """
    import polars as pl

    from kit.ingest.output import COMPRESSION

    lf = pl.scan_parquet(path)
    todo = (pl.col("is_retweet") & pl.col("is_truncated") & (pl.col("platform") == "bluesky")).fill_null(False)
    subjects = lf.filter(todo).select("retweeted_id").collect()["retweeted_id"]
    if subjects.is_empty():
        return 0
    present = (
        lf.filter(~pl.col("is_retweet") & pl.col("tweet_id").is_in(subjects.unique().implode()))
        .select("tweet_id")
        .collect()["tweet_id"]
    )
    n = int(subjects.is_in(present.implode()).sum())
    if not n:
        return 0
    originals = lf.filter(~pl.col("is_retweet")).select(
        pl.col("tweet_id").alias("retweeted_id"),
        pl.col("author_username").alias("_o_username"),
        *(pl.col(c).alias(f"_o_{c}") for c in _FILLED),
    )
    joined = lf.with_columns(todo.alias("_todo")).join(originals, on="retweeted_id", how="left", maintain_order="left")
    hit = pl.col("_todo") & pl.col("_o_text").is_not_null()
    filled = joined.with_columns(
        *(pl.when(hit).then(pl.col(f"_o_{c}")).otherwise(pl.col(c)).alias(c) for c in _FILLED),
        pl.when(hit).then(pl.col("_o_username")).otherwise(pl.col("retweeted_username")).alias("retweeted_username"),
        pl.when(hit).then(False).otherwise(pl.col("is_truncated")).alias("is_truncated"),
    ).select(lf.collect_schema().names())
    tmp = path.with_name(path.name + ".fill")
    try:
        filled.sink_parquet(tmp, **COMPRESSION)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return n
