"""JSON inputs: JSON Lines, whole-file documents (arrays, wrappers, pretty-printed) and the record
dispatcher that recognises every known shape one record at a time.

Each line (or each element of a whole-file document) is classified by its keys: a v2 page
(``data`` + ``includes``/``errors``/``meta``), a v1.1 status, a v1.1 search wrapper
(``statuses``), a ``map=true`` lookup (``{"id": {ID: status|null}}``), a flattened v2 tweet, a
Gnip activity, stream notices (``delete``, ``limit``, ``scrub_geo``, ``warning``, events), v2
compliance records, counts/users/lists, or API error bodies. Tweets go to the :class:`Sink`;
everything else is counted in the report by kind.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
import orjson

from kit.ingest import fast as fast_json
from kit.ingest import mastodon, platforms
from kit.ingest.gnip import activity_row, deleted_id, is_activity
from kit.ingest.report import FileReport, ImportReport
from kit.ingest.sink import Sink
from kit.ingest.sniff import iter_lines, open_bytes
from kit.ingest.v1 import is_status, status_row
from kit.ingest.v2 import includes_index, is_flat_tweet, item_kind, page_kind, page_rows, tweet_row

_loads = orjson.loads
_JSONError = orjson.JSONDecodeError
_NOTICE_KEYS = (
    "limit",
    "scrub_geo",
    "status_withheld",
    "user_withheld",
    "warning",
    "event",
    "for_user",
    "friends",
    "friends_str",
    "disconnect",
    "control",
    "direct_message",
)
_EMPTY: dict[str, Any] = {}
#: Keys of a v2 response's ``includes`` (academictwitteR writes them alone, as ``users_<id>.json``).
_INCLUDES_KEYS = frozenset({"users", "tweets", "places", "media", "polls", "topics"})
#: academictwitteR's file of tweets; the request's includes are in ``users_<id>.json`` beside it.
_ACADEMIC_DATA = re.compile(r"^data_(\d+)\.json$")
#: What a row builder raises on a record whose fields have unexpected types (a list where an
#: object belongs, a hashtag without its text...): the record is skipped and reported.
_RECORD_ERRORS = (KeyError, TypeError, AttributeError, ValueError, IndexError)
#: The skip reason of a record nested deeper than the parsers go (arrays in arrays... a thousand deep).
_TOO_DEEP = "JSON nested too deeply"


@dataclass
class FileCounts:
    """What one JSON file (or one piece of it, read by a worker process) holds besides its rows:
    tweets by format, non-tweet records and notices by kind, v2 page errors by title, and the
    platform readers' per-file state. Pieces of one file add up with :meth:`merge`."""

    formats: Counter[str] = field(default_factory=Counter)
    non_tweet: Counter[str] = field(default_factory=Counter)
    notices: Counter[str] = field(default_factory=Counter)
    page_errors: Counter[str] = field(default_factory=Counter)
    limit_track: int = 0
    referenced: int = 0
    empty_document: bool = False
    lines: int = 0
    skipped: int = 0
    platform_state: platforms.PlatformState = field(default_factory=platforms.PlatformState)

    def merge(self, other: FileCounts) -> None:
        """Add the counts of ``other`` (the same file's piece, read elsewhere) into these."""
        self.formats.update(other.formats)
        self.non_tweet.update(other.non_tweet)
        self.notices.update(other.notices)
        self.page_errors.update(other.page_errors)
        self.limit_track = max(self.limit_track, other.limit_track)
        self.referenced += other.referenced
        self.empty_document = self.empty_document or other.empty_document
        self.lines += other.lines
        self.skipped += other.skipped
        self.platform_state.merge(other.platform_state)


class JsonFile:
    """Reads one JSON file into a sink, counting what it holds (state: the file's :class:`FileCounts`).

    Whether a large JSON Lines file is read here or in pieces by worker processes is the
    pipeline's decision (:mod:`kit.ingest.pipeline`): this class reads serially, and
    :mod:`kit.ingest.parallel` feeds it pieces (:meth:`read_line_items`) and merges their counts.
    """

    def __init__(self, path: str, sink: Sink, report: ImportReport, frep: FileReport) -> None:
        self.path = path
        self.sink = sink
        self.report = report
        self.frep = frep
        self.counts = FileCounts()
        #: Included users and tweets indexed by id, for a file whose includes are in a companion file.
        self.includes = companion_includes(path)

    # -- reading -------------------------------------------------------------------------------
    def read(self) -> None:
        """Read the whole file in this process (line by line, or as one document when it is pretty-printed)."""
        if self.line_mode():
            with open_bytes(self.path) as fh:
                self.read_line_items(iter_lines(fh))
        else:
            self._read_document()
        self.finish()

    def read_sse(self) -> None:
        """Read a Mastodon streaming capture in Server-Sent Events form (``event:``/``data:`` lines)."""
        counts = self.counts

        def counted(items: Any) -> Any:
            for item in items:
                counts.lines += 1
                yield item

        with open_bytes(self.path) as fh:
            for line, event in mastodon.sse_events(counted(iter_lines(fh))):
                self.handle(event, line)
        self.finish()

    def line_mode(self) -> bool:
        """JSON Lines unless neither of the first two non-blank lines parses on its own."""
        tried = 0
        with open_bytes(self.path) as fh:
            for line in fh:
                if not line.strip():
                    continue
                try:
                    _loads(line)
                    return True
                except _JSONError:
                    tried += 1
                    if tried >= 2:
                        return False
        return True

    def read_line_items(self, items: Iterable[tuple[int, bytes, bool]]) -> None:
        """Parse and route ``(line_number, line, ended_with_newline)`` items."""
        handle = self.handle
        counts = self.counts
        fast = fast_json.FastLines() if fast_json.enabled() and self.includes is None else None
        for lineno, line, ended in items:
            counts.lines += 1
            if fast is not None and fast.kind is not None:
                hit = fast.decode(line)
                if hit is not None:
                    self._typed(hit[0], hit[1], lineno)
                    continue
            try:
                obj = _loads(line)
            except _JSONError:
                line = bytes(line)  # a view of a mapped file (kit.ingest.parallel)
                if not line.strip():
                    continue
                self._bad_line(lineno, line, ended)
                continue
            try:
                handle(obj, lineno)
            except RecursionError:
                self._skip(lineno, _TOO_DEEP, bytes(line))
                continue
            if fast is not None:
                fast.learn(obj)

    def _typed(self, kind: str, value: Any, line: int) -> None:
        """Route a record decoded by the typed fast path (:mod:`kit.ingest.fast`)."""
        if kind == "page":
            if value.errors:
                _count_page_errors(self.counts.page_errors, value.errors)
            sink = self.sink
            try:
                n = fast_json.page_into(value, sink.appenders, self.path, line)
            except _RECORD_ERRORS:
                n = 0
                for d in value.data if type(value.data) is list else [value.data]:
                    one = fast_json.Page(data=[d], includes=value.includes)
                    try:
                        n += fast_json.page_into(one, sink.appenders, self.path, line)
                    except _RECORD_ERRORS as exc:
                        self._skip_odd(line, exc, d)
            sink.added(n)
            self.counts.formats["v2"] += n
            inc = value.includes
            self.counts.referenced += len(inc.tweets) if inc is not None and inc.tweets else 0
        elif kind == "status":
            self._add_one("v1", fast_json.status_row, value, self.path, line)
        else:
            self._add_one("v2-flat", fast_json.flat_row, value, self.path, line)

    def _bad_line(self, lineno: int, line: bytes, ended: bool) -> None:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            reason = "invalid UTF-8 (bad encoding)"
        else:
            reason = "truncated last line (interrupted write?)" if not ended else "unparseable JSON line"
        self._skip(lineno, reason, line)

    def _skip(self, lineno: int | None, reason: str, excerpt: bytes | str | None) -> None:
        self.counts.skipped += 1
        self.report.skip(self.path, lineno, reason, excerpt)

    def _read_document(self) -> None:
        with open_bytes(self.path) as fh:
            data = fh.read()
        self.counts.lines += data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        try:
            obj = _loads(data)
        except _JSONError:
            self._read_concatenated(data)
            return
        if obj == [] or obj == {}:
            self.counts.empty_document = True
        try:
            self.handle(obj, 1)
        except RecursionError:
            self._skip(1, _TOO_DEEP, data[:120])

    def _read_concatenated(self, data: bytes) -> None:
        """Several pretty-printed documents one after another (e.g. ``twarc2 --pretty`` output)."""
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self._skip(line, "invalid UTF-8 (bad encoding)", data[exc.start : exc.start + 80])
            text = data.decode("utf-8", "replace")
        decoder = json.JSONDecoder()
        pos = 0
        end = len(text)
        line, counted = 1, 0
        while pos < end:
            while pos < end and text[pos] in " \t\r\n":
                pos += 1
            if pos >= end:
                break
            line += text.count("\n", counted, pos)
            counted = pos
            try:
                obj, pos = decoder.raw_decode(text, pos)
            except RecursionError:
                self._skip(line, _TOO_DEEP + " (from here to the end)", text[pos:])
                return
            except json.JSONDecodeError:
                rest = text[pos:]
                self._skip(line, "unparseable JSON (document cut or malformed from here to the end)", rest)
                return
            self.handle(obj, line)

    # -- records -------------------------------------------------------------------------------
    def handle(self, obj: Any, line: int) -> None:
        """Route one parsed JSON value (object or array) by its shape."""
        if type(obj) is not dict:
            if type(obj) is list:
                if not obj:
                    self.counts.empty_document = True
                for item in obj:
                    self.handle(item, line)
                return
            self._skip(line, "JSON value that is not an object", repr(obj))
            return
        if "data" in obj:
            self._page(obj, line)
        elif is_status(obj):
            self._add_one("v1", status_row, obj, self.path, line)
        elif is_flat_tweet(obj):
            if self.includes is not None:  # academictwitteR: v2 tweets whose includes are beside them
                users, tweets = self.includes
                self._add_one("v2", tweet_row, obj, users, tweets, "v2", self.path, line)
            else:
                self._add_one("v2-flat", tweet_row, obj, _EMPTY, _EMPTY, "v2-flat", self.path, line)
        else:
            self._other(obj, line)

    def _page(self, page: dict[str, Any], line: int) -> None:
        errors = page.get("errors")
        if errors:
            _count_page_errors(self.counts.page_errors, errors)
        kind = page_kind(page)
        data = page.get("data")
        if kind == "tweets":
            try:
                rows = page_rows(page, self.path, line)
            except _RECORD_ERRORS:
                rows = self._rows_one_by_one(page, line)
            self.sink.extend(rows)
            self.counts.formats["v2"] += len(rows)
            self.counts.referenced += len((page.get("includes") or _EMPTY).get("tweets") or ())
        elif kind == "empty":
            self.counts.notices["v2 page without data"] += 1
        elif kind == "unknown":
            self._skip(line, "v2 page whose data is not tweets, users, counts or lists", orjson.dumps(page)[:120])
        else:
            self.counts.non_tweet[kind] += len(data) if isinstance(data, list) else 1

    def _add_one(self, fmt: str, build: Callable[..., tuple], record: Any, *args: Any) -> None:
        """Add the row ``build(record, *args)``; a record whose fields have unexpected types is
        skipped and reported (the rest of the file is still read)."""
        try:
            row = build(record, *args)
        except _RECORD_ERRORS as exc:
            self._skip_odd(args[-1], exc, record)
            return
        self.sink.add(row)
        self.counts.formats[fmt] += 1

    def _rows_one_by_one(self, page: dict[str, Any], line: int) -> list[tuple]:
        """A page with a malformed tweet: the rows of the others, the bad ones skipped and reported."""
        try:
            users, tweets = includes_index(page)
        except _RECORD_ERRORS as exc:  # malformed includes: the page cannot be joined
            self._skip_odd(line, exc, page)
            return []
        data = page.get("data")
        rows = []
        for d in [data] if isinstance(data, dict) else data:
            try:
                rows.append(tweet_row(d, users, tweets, "v2", self.path, line))
            except _RECORD_ERRORS as exc:
                self._skip_odd(line, exc, d)
        return rows

    def _skip_odd(self, line: int, exc: Exception, record: Any) -> None:
        detail = f"{type(exc).__name__}: {exc}"[:80]
        try:
            excerpt = (orjson.dumps(record) if isinstance(record, (dict, list)) else msgspec.json.encode(record))[:120]
        except (TypeError, msgspec.EncodeError):
            excerpt = repr(record)[:120]
        self._skip(line, f"tweet record with fields of unexpected types ({detail})", excerpt)

    def _other(self, obj: dict[str, Any], line: int) -> None:
        if platforms.route(self, obj, line):  # Bluesky and Mastodon records (kit.ingest.platforms)
            return
        if "statuses" in obj and isinstance(obj["statuses"], list):
            for status in obj["statuses"]:
                self.handle(status, line)
            return
        if "results" in obj and isinstance(obj["results"], list):  # a Gnip Search API page
            for item in obj["results"]:
                self.handle(item, line)
            return
        if obj and obj.keys() <= _INCLUDES_KEYS:  # a v2 request's includes alone (academictwitteR users_<id>.json)
            self.counts.non_tweet["includes"] += 1
            return
        ident = obj.get("id")
        if isinstance(ident, dict) and len(obj) == 1:  # statuses/lookup map=true
            for value in ident.values():
                if value is None:
                    self.counts.notices["lookup: id not found"] += 1
                else:
                    self.handle(value, line)
            return
        if is_activity(obj):
            verb = obj.get("verb")
            if verb in ("post", "share"):
                self._add_one("gnip", activity_row, obj, self.path, line)
            elif (gone := deleted_id(obj)) is not None:
                self.sink.deleted_tweets.add(gone)
                self.counts.notices["gnip delete"] += 1
            else:
                self.counts.notices[f"gnip {verb}"] += 1
            return
        if "delete" in obj:
            status = (obj["delete"] or _EMPTY).get("status") if isinstance(obj["delete"], dict) else None
            if status:
                gone = status.get("id_str") or (str(status["id"]) if status.get("id") is not None else None)
                if gone:
                    self.sink.deleted_tweets.add(gone)
            self.counts.notices["delete"] += 1
            return
        for key in _NOTICE_KEYS:
            if key in obj:
                self.counts.notices[key] += 1
                if key == "limit" and isinstance(obj["limit"], dict):
                    track = obj["limit"].get("track")
                    if isinstance(track, int):
                        self.counts.limit_track = max(self.counts.limit_track, track)
                return
        if "action" in obj and "id" in obj and "text" not in obj:
            self.counts.non_tweet["compliance"] += 1
            if obj.get("action") == "delete":
                self.sink.deleted_compliance.add(str(obj["id"]))
            return
        if "errors" in obj or "error" in obj:
            errors = obj.get("errors")
            if isinstance(errors, list) and errors and isinstance(errors[0], dict) and "title" in errors[0]:
                self.counts.notices["v2 errors-only record"] += 1
                for err in errors:
                    self.counts.page_errors[str(err.get("title") or "error")] += 1
            else:
                self.counts.non_tweet["API error body"] += 1
            return
        kind = item_kind(obj)
        if kind in ("counts", "users", "lists"):
            self.counts.non_tweet[kind] += 1
            return
        if "text" in obj and "id" in obj:
            self._skip(
                line, "tweet-like record of unknown dialect (neither v1.1 nor v2 markers)", orjson.dumps(obj)[:120]
            )
            return
        self._skip(line, "unrecognised JSON record", orjson.dumps(obj)[:120])

    # -- bookkeeping ---------------------------------------------------------------------------
    def finish(self) -> None:
        """Hand the file's counts to its file report and the import report."""
        platforms.finish(self)
        frep, report, counts = self.frep, self.report, self.counts
        frep.lines, frep.skipped = counts.lines, counts.skipped
        frep.formats = dict(self.counts.formats)
        frep.tweets = sum(self.counts.formats.values())
        frep.non_tweet = dict(self.counts.non_tweet)
        frep.notices = dict(self.counts.notices)
        report.add_counts(report.non_tweet, self.counts.non_tweet)
        report.add_counts(report.notices, self.counts.notices)
        report.add_counts(report.page_errors, self.counts.page_errors)
        report.referenced_only += self.counts.referenced
        if self.counts.limit_track:
            report.warnings.append(
                f"{self.path}: stream limit notices say at least {self.counts.limit_track:,} matching "
                "tweets were not delivered (the collection is incomplete)"
            )
        if frep.tweets == 0:
            frep.kind = "non-tweet"
            if self.counts.non_tweet:
                kind = self.counts.non_tweet.most_common(1)[0][0]
            elif self.counts.notices:
                kind = "stream notices only"
            elif self.counts.empty_document:
                kind = "empty"
            elif frep.skipped:
                kind = "unparseable"
            elif frep.lines == 0 or not any((self.counts.notices, self.counts.non_tweet)):
                kind = "unknown-json" if frep.lines else "empty"
            else:
                kind = "unknown-json"
            frep.note = _describe(kind)
            report.non_tweet_file(self.path, kind)


def companion_includes(path: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The included users and tweets of an academictwitteR ``data_<id>.json`` (a JSON array of v2
    tweets), read from ``users_<id>.json`` in the same folder; ``None`` for any other file.

    R's jsonlite writes ``{}`` for an empty list: the readers treat both as empty.
    """
    name = Path(path).name
    match = _ACADEMIC_DATA.match(name)
    if match is None:
        return None
    companion = Path(path).with_name(f"users_{match.group(1)}.json")
    if not companion.is_file():
        return None
    try:
        with open_bytes(companion) as fh:
            doc = _loads(fh.read())
    except (OSError, _JSONError):
        return None
    if not isinstance(doc, dict) or not doc.keys() <= _INCLUDES_KEYS:
        return None
    try:
        return includes_index({"includes": doc})
    except _RECORD_ERRORS:
        return None


def _count_page_errors(counter: Counter[str], errors: Iterable[Any]) -> None:
    """Count a v2 page's ``errors`` by title (they never make the page invalid)."""
    for err in errors:
        title = err.get("title") or err.get("message") or "error" if isinstance(err, dict) else "error"
        counter[str(title)] += 1


def _describe(kind: str) -> str:
    from kit.ingest.report import NON_TWEET_HELP

    return NON_TWEET_HELP.get(kind, kind)
