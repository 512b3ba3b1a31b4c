"""Reading one large JSON Lines file on several cores.

The main process decompresses the file and cuts it into batches of whole lines; worker processes
parse each batch (orjson + the record readers), build and write its Parquet parts, and send back
their counts. Each batch numbers its rows from ``batch << 32``, so ``_seq`` stays unique and in
file order across batches. At most two batches per worker are in flight, so memory stays bounded.
The last line of a file without a final newline (an interrupted write) is read in the main
process, so it can be told apart from a line cut by batching.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.ingest.report import FileReport, ImportReport
from kit.ingest.sink import Sink
from kit.ingest.sniff import open_bytes, read_block

if TYPE_CHECKING:
    from kit.ingest.jsonfmt import JsonFile

#: Files smaller than this (on disk) are read in one process: starting workers costs ~1 s.
PARALLEL_MIN_BYTES = 24 << 20
BATCH_BYTES = 16 << 20
_SEQ_SHIFT = 32


def workers() -> int:
    """Worker processes to use: ``$KIT_IMPORT_WORKERS``, else one per usable CPU but one (at most 8).

    With fewer than 4 CPUs the import runs in one process: the main process (decompression) and
    polars' threads already keep two cores busy, and extra processes only compete with them
    (measured in ``benchmarks/bench_import.py``: 2.4x vs 3.0x the bare parse on 2 busy cores).
    """
    env = os.environ.get("KIT_IMPORT_WORKERS")
    if env:
        return max(1, int(env))
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        cpus = os.cpu_count() or 1
    return 1 if cpus < 4 else min(cpus - 1, 8)


@dataclass
class BatchResult:
    """What one worker sends back."""

    parts: list[Path]
    reader: Any  # JsonFile without its sink/report (picklable counters)
    report: ImportReport
    deleted_tweets: set[str] = field(default_factory=set)
    deleted_compliance: set[str] = field(default_factory=set)
    placeholders: int = 0


def _parse_batch(path: str, data: bytes, first_line: int, batch: int, folder: str) -> BatchResult:
    from kit.ingest.jsonfmt import JsonFile

    gc.disable()
    report = ImportReport()
    sink = Sink(Path(folder), report, seq_start=batch << _SEQ_SHIFT, part_prefix=f"part-b{batch:06d}")
    reader = JsonFile(path, sink, report, FileReport(path=path))
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    try:
        reader.read_line_items((first_line + i, line, True) for i, line in enumerate(lines))
    finally:
        sink.close()
    reader.sink = reader.report = None  # type: ignore[assignment]
    return BatchResult(parts=sink.parts, reader=reader, report=report, deleted_tweets=sink.deleted_tweets,
                       deleted_compliance=sink.deleted_compliance, placeholders=sink.placeholders)


def _merge(main: JsonFile, result: BatchResult) -> None:
    sink, report, part = main.sink, main.report, result.report
    sink.parts.extend(result.parts)
    sink.deleted_tweets |= result.deleted_tweets
    sink.deleted_compliance |= result.deleted_compliance
    sink.placeholders += result.placeholders
    main.merge(result.reader)
    report.tweets_read += part.tweets_read
    report.add_counts(report.missing, part.missing)
    for rec in part.skipped_records:
        report.skip(rec["file"], rec["line"], rec["reason"], rec["excerpt"])
    listed = {}
    for rec in part.skipped_records:
        listed[rec["reason"]] = listed.get(rec["reason"], 0) + 1
    for reason, n in part.skipped.items():  # skips beyond the listed ones: counted only
        extra = n - listed.get(reason, 0)
        if extra:
            report.skipped[reason] = report.skipped.get(reason, 0) + extra


def read_lines_parallel(main: JsonFile) -> None:
    """Read ``main.path`` (JSON Lines) in batches on worker processes, merging into ``main``."""
    sink = main.sink
    sink.flush()
    n_workers = workers()
    context = multiprocessing.get_context("spawn")  # never fork a process that runs polars threads
    pending: list[Future[BatchResult]] = []
    next_line = 1
    batch = (sink.seq >> _SEQ_SHIFT) + 1
    rest = b""
    with ProcessPoolExecutor(max_workers=n_workers, mp_context=context) as pool, open_bytes(main.path) as fh:
        while True:
            block = read_block(fh, BATCH_BYTES)
            if not block:
                break
            data = rest + block if rest else block
            cut = data.rfind(b"\n")
            if cut < 0:
                rest = data
                continue
            rest = data[cut + 1:]
            data = data[: cut + 1]
            pending.append(pool.submit(_parse_batch, main.path, data, next_line, batch, str(sink.folder)))
            next_line += data.count(b"\n")
            batch += 1
            while len(pending) >= 2 * n_workers or (pending and pending[0].done()):
                _merge(main, pending.pop(0).result())
        for future in pending:
            _merge(main, future.result())
    sink.seq = batch << _SEQ_SHIFT  # later files continue after these batches
    if rest:
        main.read_line_items([(next_line, rest, False)])
