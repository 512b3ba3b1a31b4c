"""The chunk sink: raw rows in, finished Parquet parts out, so memory stays bounded by one chunk.

Rows accumulate until ``chunk_rows``, then become one polars frame (vectorised clean-up in
:func:`kit.ingest.rows.finish_chunk`) written as ``part-NNNNN.parquet`` into a temporary folder.
Rows without an id or a text are dropped here and reported with their file and line.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import polars as pl

from kit.ingest.report import ImportReport
from kit.ingest.rows import (
    FLOAT_TWEET_ID,
    ODD_TYPES,
    RAW_FIELDS,
    finish_chunk,
    float_ids,
    implausible_time_expr,
    odd_rows,
    raw_frame_from_columns,
    with_extras,
)

CHUNK_ROWS = 50_000
_PLACEHOLDER = "violates the Twitter Media Policy"
#: The report's ``missing`` key counting posts whose client-declared time is implausible.
IMPLAUSIBLE_TIME = (
    "plausible created_at (client-declared time before the platform existed or later than the "
    "network indexed the post; kept as given)"
)


class Sink:
    """Collects raw rows and spills finished chunks to Parquet parts in ``folder``.

    Finishing a chunk (vectorised polars work that releases the GIL) and writing it run on one
    background thread, overlapping with the parsing of the next chunk (or on the calling thread,
    ``inline``, in worker processes); ``close()`` waits for them. :meth:`written_parts` hands the
    parts, in order, to the streaming output writer as they are done.
    """

    def __init__(
        self,
        folder: Path,
        report: ImportReport,
        *,
        chunk_rows: int | None = None,
        seq_start: int = 0,
        part_prefix: str = "part",
        inline: bool = False,
    ) -> None:
        self.folder = folder
        self.report = report
        self.chunk_rows = chunk_rows or CHUNK_ROWS
        self._new_buffer()
        self.parts: list[Path] = []
        self.seq = seq_start
        self.part_prefix = part_prefix
        #: Finish and write each chunk on the calling thread (a worker process, where every CPU is
        #: already busy parsing) rather than on a background thread.
        self.inline = inline
        self.deleted_tweets: set[str] = set()
        self.deleted_compliance: set[str] = set()
        self.placeholders = 0
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kit-ingest")
        self._pending: list[Future[None]] = []
        #: Worker processes shared by the large files of this import (kit.ingest.parallel.WorkerPool).
        self.worker_pool: Any = None
        self._written: set[Path] = set()
        self._closed = False
        self._cond = threading.Condition()

    def _new_buffer(self) -> None:
        #: The pending rows, column by column (one list per field of RAW_FIELDS), and their appenders.
        self.columns: list[list[Any]] = [[] for _ in RAW_FIELDS]
        self.appenders: tuple[Callable[[Any], None], ...] = tuple(column.append for column in self.columns)
        self.pending = 0
        #: Platform fields of the pending rows (kit.ingest.rows.EXTRA_FIELDS): {field: {row index: value}}.
        self.extras: dict[str, dict[int, Any]] = {}

    def add_with(self, row: tuple, extras: dict[str, Any]) -> None:
        """Add one raw row with platform fields Twitter rows lack (:data:`kit.ingest.rows.EXTRA_FIELDS`)."""
        for name, value in extras.items():
            if value is not None:
                self.extras.setdefault(name, {})[self.pending] = value
        self.add(row)

    def add(self, row: tuple) -> None:
        """Add one raw row (flushes a full chunk)."""
        for append, value in zip(self.appenders, row, strict=True):
            append(value)
        self.added(1)

    def extend(self, rows: list[tuple]) -> None:
        """Add many raw rows (flushes full chunks)."""
        appenders = self.appenders
        for row in rows:
            for append, value in zip(appenders, row, strict=True):
                append(value)
        self.added(len(rows))

    def added(self, n: int) -> None:
        """Count ``n`` rows appended straight to :attr:`appenders` (flushes a full chunk)."""
        self.pending += n
        if self.pending >= self.chunk_rows:
            self.flush()

    def flush(self) -> None:
        """Hand the pending rows over as one part."""
        if not self.pending:
            return
        self._refuse_odd_rows()
        raw = with_extras(raw_frame_from_columns(self.columns), self.extras)
        self._new_buffer()
        self._submit(raw)

    def _refuse_odd_rows(self) -> None:
        """Drop the pending rows with a list or an object where one value belongs, as counted skips."""
        odd = odd_rows(self.columns)
        if not odd:
            return
        file_at, line_at = RAW_FIELDS.index("source_file"), RAW_FIELDS.index("_line")
        with self._lock:
            for i, name in odd.items():
                kind = type(self.columns[RAW_FIELDS.index(name)][i]).__name__
                self.report.skip(
                    self.columns[file_at][i], self.columns[line_at][i], f"{ODD_TYPES} ({name}: {kind})", None
                )
        keep = [i for i in range(self.pending) if i not in odd]
        self.columns = [[column[i] for i in keep] for column in self.columns]
        self.appenders = tuple(column.append for column in self.columns)
        new_index = {old: new for new, old in enumerate(keep)}
        self.extras = {
            name: {new_index[i]: v for i, v in values.items() if i in new_index} for name, values in self.extras.items()
        }
        self.pending = len(keep)

    def add_raw_frame(self, raw: pl.DataFrame) -> None:
        """Add a frame of raw columns (CSV readers), in chunks."""
        self.flush()
        for start in range(0, raw.height, self.chunk_rows):
            self._submit(raw.slice(start, self.chunk_rows))

    def _submit(self, raw: pl.DataFrame) -> None:
        seq = self.seq
        self.seq += raw.height  # assigned before bad rows are dropped: _seq values stay unique
        path = self.folder / f"{self.part_prefix}-{len(self.parts):05d}.parquet"
        self.parts.append(path)
        if self.inline:
            self._finish(raw, seq, path)
            return
        self._reap(block=len(self._pending) >= 2)  # at most two chunks in flight: memory stays bounded
        self._pending.append(self._pool.submit(self._finish, raw, seq, path))

    def _reap(self, *, block: bool) -> None:
        while self._pending and (block or self._pending[0].done()):
            self._pending.pop(0).result()  # re-raises a failure of the worker here
            block = False

    def close(self) -> None:
        """Flush and wait for every part to be written (re-raising any failure)."""
        if self._closed:
            return
        try:
            self.flush()
            while self._pending:
                self._pending.pop(0).result()
        finally:
            self._pool.shutdown(wait=True)
            with self._cond:
                self._closed = True
                self._cond.notify_all()

    def adopt(self, parts: list[Path]) -> None:
        """Take over parts written elsewhere (a worker process), in order after the current ones."""
        with self._cond:
            self.parts.extend(parts)
            self._written.update(parts)
            self._cond.notify_all()

    def written_parts(self) -> Iterator[Path]:
        """Each part, in order, as soon as it is completely written; ends when the sink is closed.

        A part that failed to write is never yielded: the iteration then stops at the close.
        """
        i = 0
        while True:
            with self._cond:
                while not (i < len(self.parts) and self.parts[i] in self._written) and not self._closed:
                    self._cond.wait()
                if not (i < len(self.parts) and self.parts[i] in self._written):
                    return
                part = self.parts[i]
            yield part
            i += 1

    def _finish(self, raw: pl.DataFrame, seq: int, path: Path) -> None:
        counts: dict[str, int] = {}
        frame = finish_chunk(raw, seq_start=seq, counts=counts)
        frame, nulled, dropped = float_ids(frame)
        bad = frame.select(pl.col("tweet_id").is_null() | pl.col("text").is_null()).to_series()
        skipped = []
        if bad.any():
            for rec in frame.filter(bad).select("source_file", "_line", "tweet_id").iter_rows():
                skipped.append((rec[0], rec[1], "tweet without an id" if rec[2] is None else "tweet without a text"))
            frame = frame.filter(~bad)
        stats = frame.select(
            pl.col("created_at").null_count().alias("created_at"),
            pl.col("author_id").null_count().alias("author_id"),
            pl.col("text").str.contains(_PLACEHOLDER, literal=True).sum().alias("placeholder"),
            implausible_time_expr().sum().alias(IMPLAUSIBLE_TIME),
        ).row(0, named=True)
        frame.write_parquet(path, compression="uncompressed", statistics=False)  # read back once, soon
        with self._lock:
            report = self.report
            for file, line, reason in skipped:
                report.skip(file, line, reason, None)
            for file, line in dropped:
                report.skip(file, line, FLOAT_TWEET_ID, None)
            for file in dict.fromkeys(f for f, _ in dropped):
                report.repair("float tweet ids refused", file, "tweet_id", sum(f == file for f, _ in dropped))
            for file, column, n, example in nulled:
                report.repair("float ids nulled", file, column, n, example)
            report.repair("rt prefix stripped", None, None, counts["rt_prefix"])
            for column in ("created_at", "author_id", IMPLAUSIBLE_TIME):
                if stats[column]:
                    report.missing[column] = report.missing.get(column, 0) + stats[column]
            self.placeholders += stats["placeholder"] or 0
            report.tweets_read += frame.height
        with self._cond:
            self._written.add(path)
            self._cond.notify_all()

    _lock = threading.Lock()
