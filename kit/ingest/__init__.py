"""Import raw tweet files of every common format into the canonical tweet table.

Formats, each recognised by content (never by file name), file by file and record by record:

- Twitter API v1.1 statuses: JSON Lines (twarc 1.x, streaming, with stream notices interleaved),
  a whole-file JSON array, the search wrapper (``statuses``), the ``map=true`` lookup shape;
  compat, extended (``full_text``) and streaming (``extended_tweet``) modes; 2009-era statuses.
- Twitter API v2: twarc2 response pages (``data`` list or object, ``includes``, ``errors``,
  ``meta``, ``__twarc``), flattened one-tweet-per-line files, and academictwitteR's
  ``data_<id>.json`` read with the ``users_<id>.json`` (its ``includes``) beside it.
- CSV exports: twarc-csv (2021 and 0.7.x column sets), twarc 1.x ``json2csv``, the DocNow
  Hydrator, Twitter's archive ``tweets.csv`` — matched by header names, encoding detected.
- Gnip Activity Streams (``post`` and ``share`` activities; also Search API pages, ``results``).
- Bluesky: Jetstream events and XRPC PostViews/feeds (:mod:`kit.ingest.bluesky`); Mastodon: REST
  Status entities and streaming events, as JSON or Server-Sent Events (:mod:`kit.ingest.mastodon`).
  Routed by :mod:`kit.ingest.platforms`; the ``platform`` column tells them apart.

Compressed inputs (gzip, bz2, xz) are read transparently (a gzip file cut short is read up to
the cut). Non-tweet inputs (twarc2 counts, users, lists, compliance output, tweet-ID lists, empty
files) are named in the report, never read as zero tweets.

Rules (see :mod:`kit.schema` for the columns):

- IDs are strings end to end: ``id_str`` in v1.1 (exact integers from orjson for 2009-era data
  without it), v2 string ids, CSV cells read as text. A CSV whose IDs a spreadsheet turned into
  floats (``1.16925E+18``) is refused; a float-looking id anywhere else skips its tweet (its own
  id) or is nulled (reference ids), as are ids a JavaScript number rounded (Hydrator CSV), each
  repair counted by file and column in the report.
- A retweet's ``text`` is its original's, without the ``RT @user: `` prefix, in every format; a
  retweet whose full text is not in the data is ``is_truncated``, and its cut last word is never
  read as a hashtag.
- ``text`` is the full text: a retweet's original (v1.1 ``retweeted_status``, v2
  ``includes.tweets``, Gnip ``object``), ``extended_tweet.full_text``/``full_text``,
  ``note_tweet.text``; HTML entities (``&amp;``, ``&lt;``, ``&gt;``) unescaped once.
  ``is_truncated`` marks rows whose full text was not in the data.
- ``hashtags``/``mentions`` come from the full text's entities (a retweet: the original's),
  lower-cased, without ``#``/``@``, each once per tweet in order of appearance; sources without
  entities (2009 statuses, twarc 1.x/Hydrator/archive CSVs) are read from the text.
- ``urls`` are expanded; links to the tweet itself, its retweeted or quoted tweet (quote
  permalinks, ``/photo/1`` media links, ``/i/web/status/`` links of truncated tweets) are dropped.
- Metrics of a retweet are its original's (see :mod:`kit.schema`).
- One row per ``tweet_id`` across all inputs: the most complete record wins (full text, then
  author, time, handle, metrics), ties going to the first seen; ``source_file`` is the winner's.
- ``--apply-deletions`` drops tweets named by v1.1 ``delete`` notices, Gnip ``delete``
  activities and v2 compliance records (compliance ids also drop that account's tweets).
- Bad records are skipped and counted with file and line (``strict=True`` raises instead);
  v2 page ``errors`` (unavailable references) never drop the page's tweets.
- A record whose fields have unexpected types (a hashtag without its text, a list where an
  object belongs) is skipped and reported like an unparseable line; the rest of its page is kept.
- The table is written atomically (temporary file + rename) and bounded in memory by a chunk
  of 50,000 rows.

Speed: the two shapes of nearly every large collection (v2 pages or flattened tweets, v1.1
statuses, one per line) are decoded by typed :mod:`msgspec` structs holding only the fields the
table keeps (:mod:`kit.ingest.fast`; anything else takes the general orjson route, with the same
result); files holding over 64 MB of JSON are parsed by one worker process per CPU (``$KIT_IMPORT_WORKERS``),
reading byte ranges of a plain file or segments of a decompressed one; gzip is inflated with
ISA-L; the output is written while the parsing runs (:mod:`kit.ingest.output`).

How a line becomes a row
------------------------
1. **Files and sniffing** (:mod:`kit.ingest.pipeline`, :mod:`kit.ingest.sniff`): the inputs are
   expanded (folders, globs), each file's head is decompressed and sniffed by content into a family:
   ``json``, ``csv``, ``sse`` (Mastodon Server-Sent Events) or a named non-tweet kind (ids, empty...).
2. **Serial or parallel** (the pipeline decides, once per file): a JSON Lines file over 64 MB, with
   several workers allowed, goes to :mod:`kit.ingest.parallel`, whose worker processes
   (:mod:`kit.ingest.workers`) each read a byte range (or a decompressed segment) with their own
   reader and sink and send back part names and a :class:`~kit.ingest.jsonfmt.FileCounts`; any other
   file is read in this process.
3. **Reader per family**: :class:`kit.ingest.jsonfmt.JsonFile` parses each line (or a whole
   document) and routes each record by its keys; the two common shapes (v2 pages/flattened tweets,
   v1.1 statuses) first try the typed msgspec decoders of :mod:`kit.ingest.fast`; Bluesky and
   Mastodon records go through :mod:`kit.ingest.platforms`. CSV files are read whole by
   :mod:`kit.ingest.csvfmt` as polars frames of raw columns. Everything that is not a tweet is
   counted by kind in the file's :class:`~kit.ingest.jsonfmt.FileCounts`.
4. **Row builder**: one function per dialect turns a record into a raw row —
   :func:`kit.ingest.v1.status_row`, :func:`kit.ingest.v2.tweet_row` / ``page_rows``,
   :func:`kit.ingest.gnip.activity_row`, :mod:`kit.ingest.bluesky`, :mod:`kit.ingest.mastodon`
   (their platform fields ``content_warning``/``indexed_at`` beside the row, via
   :meth:`~kit.ingest.sink.Sink.add_with`), and the fast path's ``status_row``/``flat_row``/``page_into``.
   A builder that meets a field of an unexpected type raises; the reader skips that record and
   counts it ("tweet record with fields of unexpected types").
5. **RawRow**: the row contract is :class:`kit.ingest.rows.RawRow`, a ``NamedTuple`` whose fields are
   the raw schema (:data:`~kit.ingest.rows.RAW_FIELDS`, :data:`~kit.ingest.rows.RAW_SCHEMA`): ids and
   times as written, list fields joined by :data:`~kit.ingest.rows.LIST_SEP`, the file and line.
   (The hot builders still return plain tuples in that order: same speed, same contract.)
6. **Sink chunk** (:class:`kit.ingest.sink.Sink`): rows are appended column by column; at 50,000 rows
   the rows holding a list or an object where one value belongs are refused as counted skips
   (:func:`~kit.ingest.rows.odd_rows`: such values would make the column build take ~depth³ time),
   and the columns become one polars frame (:func:`~kit.ingest.rows.raw_frame_from_columns`).
7. **finish_chunk** (:func:`kit.ingest.rows.finish_chunk`, on a background thread): timestamps
   parsed, HTML unescaped, ``RT @user:`` prefixes stripped, tags and mentions lower-cased, self links
   dropped, ``platform`` derived, ``_score``/``_seq`` added; then float-looking ids are refused or
   nulled, rows without id or text skipped, and the chunk is written as a Parquet part.
8. **Output and dedupe** (:mod:`kit.ingest.output`, :mod:`kit.ingest.pipeline`): parts stream into a
   temporary table while parsing goes on; if any tweet id repeats (or deletions apply) one more
   streaming pass keeps each tweet's best record (highest ``_score``, then first ``_seq``); the table
   is validated against :mod:`kit.schema` and renamed onto ``--out``, with the report beside it
   (:mod:`kit.ingest.report`).

Examples
--------
>>> import kit
>>> tweets = kit.read_tweets(["data/raw/"])                       # doctest: +SKIP
>>> report = kit.import_tweets(["data/raw/"], "data/processed/yaw.parquet")  # doctest: +SKIP
>>> print(report.tweets_written, report.skipped)                 # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kit.ingest.pipeline import import_tweets, read_tweets, report_path
    from kit.ingest.report import FileReport, ImportReport, IngestError

# Loaded on first use, so that the light modules (kit.ingest.workers, kit.ingest.sniff) can be
# imported without polars: `kit import` starts its workers before loading the rest.
_WHERE = {
    "import_tweets": "pipeline",
    "read_tweets": "pipeline",
    "report_path": "pipeline",
    "FileReport": "report",
    "ImportReport": "report",
    "IngestError": "report",
}

__all__ = ["FileReport", "ImportReport", "IngestError", "import_tweets", "read_tweets", "report_path"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"kit.ingest.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'kit.ingest' has no attribute {name!r}")
