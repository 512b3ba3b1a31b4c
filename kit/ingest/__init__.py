"""Import raw tweet files of every common format into the canonical tweet table.

Formats, each recognised by content (never by file name), file by file and record by record:

- Twitter API v1.1 statuses: JSON Lines (twarc 1.x, streaming, with stream notices interleaved),
  a whole-file JSON array, the search wrapper (``statuses``), the ``map=true`` lookup shape;
  compat, extended (``full_text``) and streaming (``extended_tweet``) modes; 2009-era statuses.
- Twitter API v2: twarc2 response pages (``data`` list or object, ``includes``, ``errors``,
  ``meta``, ``__twarc``) and flattened one-tweet-per-line files.
- CSV exports: twarc-csv (2021 and 0.7.x column sets), twarc 1.x ``json2csv``, the DocNow
  Hydrator, Twitter's archive ``tweets.csv`` — matched by header names, encoding detected.
- Gnip Activity Streams (``post`` and ``share`` activities).

Compressed inputs (gzip, bz2, xz) are read transparently. Non-tweet inputs (twarc2 counts,
users, lists, compliance output, tweet-ID lists, empty files) are named in the report.

Examples
--------
>>> import kit
>>> tweets = kit.read_tweets(["data/raw/"])                       # doctest: +SKIP
>>> report = kit.import_tweets(["data/raw/"], "data/processed/yaw.parquet")  # doctest: +SKIP
>>> print(report.tweets_written, report.skipped)                 # doctest: +SKIP
"""

from __future__ import annotations

from kit.ingest.command import cli_import
from kit.ingest.pipeline import import_tweets, read_tweets, report_path
from kit.ingest.report import FileReport, ImportReport, IngestError

__all__ = ["FileReport", "ImportReport", "IngestError", "cli_import", "import_tweets", "read_tweets", "report_path"]
