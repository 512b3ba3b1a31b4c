"""Reading one large JSON Lines file on several cores.

Worker processes parse the file in pieces (the typed fast path or orjson + the record readers),
build and write the Parquet parts of each piece, and send back only their counts. An
uncompressed file is cut into byte ranges that each worker reads itself (a line belongs to the
range its first byte is in), so no data passes between processes; a compressed file is
decompressed by the main process into segment files of whole lines that the workers read the same
way (the data crosses no pipe). Each piece numbers
its rows from ``piece << 32``, so ``_seq`` stays unique and in file order across pieces, and
reports line numbers from its own start, which the main process shifts by the lines before it.
Memory and disk stay bounded: a worker holds one piece at a time (at most two segments per worker
wait on disk for a compressed file), and what comes back is counts and part names.
"""

from __future__ import annotations

import gc
import mmap
import os
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.ingest.jsonfmt import FileCounts, JsonFile
from kit.ingest.report import FileReport, ImportReport, IngestError
from kit.ingest.sink import Sink
from kit.ingest.sniff import gzip_chunks, iter_lines, open_bytes, plain_start, read_block
from kit.ingest.workers import WorkerPool, large_enough, workers

#: Size of the pieces handed to workers (bytes of JSON Lines).
BATCH_BYTES = 32 << 20
_SEQ_SHIFT = 32


@dataclass
class BatchResult:
    """What one worker sends back."""

    parts: list[Path]
    counts: FileCounts
    report: ImportReport
    deleted_tweets: set[str] = field(default_factory=set)
    deleted_compliance: set[str] = field(default_factory=set)
    placeholders: int = 0


def _run_piece(path: str, items: Any, batch: int, folder: str) -> BatchResult:
    gc.disable()
    report = ImportReport()
    sink = Sink(Path(folder), report, seq_start=batch << _SEQ_SHIFT, part_prefix=f"part-b{batch:06d}", inline=True)
    reader = JsonFile(path, sink, report, FileReport(path=path))
    try:
        reader.read_line_items(items)
    finally:
        sink.close()
    return BatchResult(
        parts=sink.parts,
        counts=reader.counts,
        report=report,
        deleted_tweets=sink.deleted_tweets,
        deleted_compliance=sink.deleted_compliance,
        placeholders=sink.placeholders,
    )


def _range_lines(mm: mmap.mmap, start: int, end: int, origin: int) -> Any:
    """``(line_number, line, ended)`` for the lines whose first byte lies in ``[start, end)``,
    numbered from 1 within the range; each line a zero-copy view of the mapped file."""
    size = len(mm)
    pos = start if start <= origin else mm.find(b"\n", start - 1) + 1
    if pos == 0 and start > origin:  # no newline after start - 1: the range holds no line start
        return
    view = memoryview(mm)
    find = mm.find
    lineno = 0
    try:
        while pos < end and pos < size:
            nl = find(b"\n", pos)
            lineno += 1
            if nl < 0:
                yield lineno, view[pos:size], False
                return
            yield lineno, view[pos:nl], True
            pos = nl + 1
    finally:
        view.release()


def _parse_range(
    path: str, start: int, end: int, origin: int, batch: int, folder: str, data_path: str | None = None
) -> BatchResult:
    """Parse the lines starting in ``[start, end)`` (``end < 0``: to the end) of ``data_path``
    (default ``path``), reporting them as ``path``'s; a ``data_path`` segment is deleted after."""
    source = data_path or path
    with open(source, "rb") as fh:
        mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    try:
        return _run_piece(path, _range_lines(mm, start, len(mm) if end < 0 else end, origin), batch, folder)
    finally:
        try:
            mm.close()
        except BufferError:  # a view still referenced somewhere: the mapping goes with it
            pass
        if data_path is not None:
            Path(data_path).unlink(missing_ok=True)


def _merge(main: JsonFile, result: BatchResult, line_offset: int = 0) -> None:
    """Add a piece's parts and counts into ``main``; its line numbers are shifted by ``line_offset``."""
    sink, report, part = main.sink, main.report, result.report
    sink.adopt(result.parts)
    sink.deleted_tweets |= result.deleted_tweets
    sink.deleted_compliance |= result.deleted_compliance
    sink.placeholders += result.placeholders
    main.counts.merge(result.counts)
    report.tweets_read += part.tweets_read
    report.add_counts(report.missing, part.missing)
    for e in part.repaired:
        report.repair(e["repair"], e["file"], e["column"], e["count"], e["example"])
    for rec in part.skipped_records:
        line = rec["line"] + line_offset if rec["line"] is not None else None
        report.skip(rec["file"], line, rec["reason"], rec["excerpt"])
    listed = {}
    for rec in part.skipped_records:
        listed[rec["reason"]] = listed.get(rec["reason"], 0) + 1
    for reason, n in part.skipped.items():  # skips beyond the listed ones: counted only
        extra = n - listed.get(reason, 0)
        if extra:
            report.skipped[reason] = report.skipped.get(reason, 0) + extra


def worth_parallel(reader: JsonFile) -> bool:
    """Whether ``reader``'s file is JSON Lines large enough to be read by several worker processes."""
    return workers() > 1 and large_enough(reader.path) and reader.line_mode()


def read_parallel(reader: JsonFile) -> None:
    """Read ``reader.path`` (JSON Lines) in pieces on worker processes, then finish it like a serial read."""
    read_lines_parallel(reader)
    reader.finish()


def read_lines_parallel(main: JsonFile) -> None:
    """Read ``main.path`` (JSON Lines) in pieces on worker processes, merging into ``main``."""
    sink = main.sink
    sink.flush()
    own = sink.worker_pool is None
    pool = WorkerPool() if own else sink.worker_pool
    merged_before = len(sink.parts)
    try:
        if pool.broken:
            raise BrokenProcessPool("worker processes could not start earlier in this import")
        executor = pool.get()
        origin = plain_start(main.path)
        if origin is None:
            _segments(main, executor)
        else:
            _byte_ranges(main, executor, origin)
    except BrokenProcessPool as exc:
        pool.broken = True
        if len(sink.parts) != merged_before or main.counts.lines:
            raise IngestError(
                f"{main.path}: an import worker process died ({exc}); nothing was written. "
                "Run again with KIT_IMPORT_WORKERS=1 to read in one process."
            ) from exc
        main.report.warnings.append(
            f"{main.path}: worker processes could not start, so it was read in one process. In a script, "
            'call the import under `if __name__ == "__main__":` to use several cores.'
        )
        with open_bytes(main.path) as fh:
            main.read_line_items(iter_lines(fh))
    finally:
        if own:
            pool.close()


def _byte_ranges(main: JsonFile, pool: ProcessPoolExecutor, origin: int) -> None:
    """An uncompressed file: each worker reads its own byte range."""
    sink = main.sink
    size = os.path.getsize(main.path)
    first = (sink.seq >> _SEQ_SHIFT) + 1
    starts = list(range(origin, size, BATCH_BYTES)) or [origin]
    futures = [
        pool.submit(_parse_range, main.path, start, min(start + BATCH_BYTES, size), origin, first + i, str(sink.folder))
        for i, start in enumerate(starts)
    ]
    offset = 0
    for future in futures:
        result = future.result()
        _merge(main, result, offset)
        offset += result.counts.lines
    sink.seq = (first + len(starts)) << _SEQ_SHIFT  # later files continue after these pieces


def _blocks(path: str) -> Iterator[bytes]:
    """The decompressed content of ``path`` in large blocks."""
    chunks = gzip_chunks(path)
    if chunks is not None:
        yield from chunks
        return
    with open_bytes(path) as fh:  # bz2, xz, UTF-16
        while block := read_block(fh, BATCH_BYTES):
            yield block


def _segments(main: JsonFile, pool: ProcessPoolExecutor) -> None:
    """A compressed file: this process decompresses it into segment files of whole lines (beside
    the parts, each deleted once read), which the workers map and parse like byte ranges."""
    sink = main.sink
    folder = sink.folder
    n_workers = workers()
    pending: list[tuple[Future[BatchResult], int]] = []
    state = {"line_offset": 0, "batch": (sink.seq >> _SEQ_SHIFT) + 1}

    def submit(pieces: list[Any], lines: int) -> None:
        """Write ``pieces`` (``lines`` whole lines) as the next segment and hand it to a worker."""
        segment = folder / f"segment-{state['batch']:06d}.jsonl"
        with open(segment, "wb") as out:
            out.writelines(pieces)
        future = pool.submit(_parse_range, main.path, 0, -1, 0, state["batch"], str(folder), str(segment))
        pending.append((future, state["line_offset"]))
        state["line_offset"] += lines
        state["batch"] += 1
        while len(pending) >= 2 * n_workers or (pending and pending[0][0].done()):
            done, offset = pending.pop(0)
            _merge(main, done.result(), offset)

    buffered: list[bytes] = []
    size = 0
    for chunk in _blocks(main.path):
        buffered.append(chunk)
        size += len(chunk)
        if size < BATCH_BYTES:
            continue
        if len(buffered) > 1 and size < 2 * BATCH_BYTES:  # the usual case: cut at the last newline
            k = len(buffered) - 1
            while k >= 0 and buffered[k].rfind(b"\n") < 0:
                k -= 1
            if k < 0:
                continue
            cut = buffered[k].rfind(b"\n")
            lines = sum(b.count(b"\n") for b in buffered[:k]) + buffered[k].count(b"\n", 0, cut + 1)
            submit([*buffered[:k], memoryview(buffered[k])[: cut + 1]], lines)
            buffered = [b for b in (buffered[k][cut + 1 :], *buffered[k + 1 :]) if b]
        else:  # a block larger than a segment: cut it into segments
            data = b"".join(buffered)
            start = 0
            while len(data) - start >= BATCH_BYTES:
                cut = data.rfind(b"\n", start, start + BATCH_BYTES)
                if cut < 0:
                    cut = data.find(b"\n", start + BATCH_BYTES)
                    if cut < 0:
                        break
                submit([memoryview(data)[start : cut + 1]], data.count(b"\n", start, cut + 1))
                start = cut + 1
            buffered = [data[start:]] if start < len(data) else []
        size = sum(len(b) for b in buffered)
    data = b"".join(buffered)
    cut = data.rfind(b"\n")
    if cut >= 0:
        submit([memoryview(data)[: cut + 1]], data.count(b"\n", 0, cut + 1))
    for done, offset in pending:
        _merge(main, done.result(), offset)
    sink.seq = state["batch"] << _SEQ_SHIFT  # later files continue after these segments
    if cut + 1 < len(data):  # the last line has no newline: read here, where it can be told from a cut line
        main.read_line_items([(state["line_offset"] + 1, data[cut + 1 :], False)])
