"""The import pipeline: files → sniffed readers → chunked parts → dedup → one atomic Parquet table.

Memory stays bounded by one chunk of rows per process (plus a small index of ``tweet_id``/score/
order used to pick one record per tweet): parts are spilled to a temporary folder beside the
output and streamed, as they are finished, into a temporary file (:mod:`kit.ingest.output`). If some
record must go (a duplicate, a deletion), one more streaming pass over the parts keeps the winning
record of each tweet instead. The temporary file is renamed onto ``out`` only when everything
succeeded. Large files are parsed by worker processes (:mod:`kit.ingest.parallel`), started once
per import.

Examples
--------
>>> report = import_tweets(["data/raw/sample.jsonl.gz"], "data/processed/sample.parquet")  # doctest: +SKIP
>>> report.tweets_written  # doctest: +SKIP
20000
"""

from __future__ import annotations

import contextlib
import gc
import glob
import gzip
import logging
import lzma
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import polars as pl

from kit.cache import atomic_path, write_json_atomic
from kit.ingest.csvfmt import read_csv_file
from kit.ingest.jsonfmt import JsonFile
from kit.ingest.output import COMPRESSION, KEY_COLUMNS, StreamingOutput
from kit.ingest.parallel import read_parallel, worth_parallel
from kit.ingest.platforms import FILLED_NOTICE, fill_reposts
from kit.ingest.report import NON_TWEET_HELP, FileReport, ImportReport, IngestError
from kit.ingest.sink import Sink
from kit.ingest.sniff import DECOMPRESS_ERRORS, NotUtf16Error, expand_paths, read_head, sniff_head, take_cut
from kit.ingest.workers import take_prestarted
from kit.progress import Progress
from kit.progress import report as report_progress
from kit.schema import COLUMNS, validate

log = logging.getLogger(__name__)

PathLike = str | os.PathLike[str]
#: The note of a file whose compressed stream ends early (what ``gzip -t`` says of it).
CUT_NOTE = "unexpected end of compressed stream"


def report_path(out: PathLike) -> Path:
    """``NAME.parquet`` → ``NAME.import.json`` beside it."""
    out = Path(out)
    return out.with_name(out.name.removesuffix(".parquet") + ".import.json")


def _read_file(path: Path, sink: Sink, report: ImportReport) -> None:
    name = str(path)
    frep = FileReport(path=name)
    report.files.append(frep)
    try:
        kind = sniff_head(read_head(path))
        if kind == "json":
            reader = JsonFile(name, sink, report, frep)
            if worth_parallel(reader):  # serial or parallel: decided here, once per file
                read_parallel(reader)
            else:
                reader.read()
        elif kind == "csv":
            read_csv_file(name, sink, report, frep)
        elif kind == "sse":
            JsonFile(name, sink, report, frep).read_sse()
        else:
            _name_non_tweet_file(path, kind, report, frep)
    except (*DECOMPRESS_ERRORS, gzip.BadGzipFile, lzma.LZMAError, EOFError) as exc:
        raise IngestError(
            f"{name}: the compressed data is damaged ({exc}). Check the file (e.g. `gzip -t`) "
            "or re-download it; a file that is only cut short is read up to the cut."
        ) from exc
    except PermissionError as exc:
        raise IngestError(f"{name}: cannot be read ({exc}); check its permissions.") from exc
    except NotUtf16Error as exc:
        _name_unreadable_file(frep, report, str(exc))
    except OSError as exc:
        if exc.errno is not None:  # a system error (disk full, I/O error...): not this file's content
            raise
        raise IngestError(
            f"{name}: the compressed data is damaged ({exc}). Check the file (e.g. `bzip2 -t`) or re-download it."
        ) from exc
    report.lines_read += frep.lines
    if take_cut(path):
        report.warnings.append(
            f"{name}: unexpected end of compressed stream (the file is cut short: an interrupted "
            "download or collection?); its records up to the cut were read."
        )
        frep.note = CUT_NOTE


def _name_unreadable_file(frep: FileReport, report: ImportReport, why: str) -> None:
    """A file that cannot be read as text at all: named in the report and skipped (the import goes on)."""
    frep.kind = "refused"
    frep.note = why.removeprefix(f"{frep.path}: ")
    report.non_tweet_file(frep.path, "unreadable")
    report.warnings.append(why)


def _name_non_tweet_file(path: Path, kind: str, report: ImportReport, frep: FileReport) -> None:
    frep.kind = "non-tweet"
    frep.note = NON_TWEET_HELP.get(kind, kind)
    if kind == "ids":
        frep.non_tweet = {"ids": _count_ids(path)}
        report.add_counts(report.non_tweet, frep.non_tweet)
    report.non_tweet_file(str(path), kind)


def _count_ids(path: Path) -> int:
    from kit.ingest.sniff import open_bytes

    with open_bytes(path) as fh:
        return sum(1 for line in fh if line.strip() and line.strip().strip(b'"').isdigit())


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector: parsed JSON holds no cycles, and collections that
    walk millions of live parsed objects would otherwise cost a quarter of the import time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_strict(report: ImportReport) -> None:
    if report.skipped:
        first = report.skipped_records[0]
        raise IngestError(
            f"--strict: skipped {first['reason']} at {first['file']}:{first['line']} "
            f"({first['excerpt']!r}). Fix or remove that record, or import without --strict "
            "to skip and count such records."
        )


def _collect(
    files: list[Path],
    sink: Sink,
    output: StreamingOutput,
    report: ImportReport,
    strict: bool,
    progress: Progress | None = None,
) -> None:
    try:
        for done, path in enumerate(files, 1):
            with _gc_paused():
                _read_file(path, sink, report)
            report_progress(progress, done, len(files), path.name)
            if strict:
                _check_strict(report)
                _check_strict_cut(report, report.files[-1])
    finally:
        try:
            sink.close()
        finally:
            output.join()  # the writer ends once the sink is closed
    if strict:
        _check_strict(report)
    report.records_read = report.tweets_read + sum(report.non_tweet.values()) + sum(report.notices.values())
    if sink.placeholders:
        report.warnings.append(
            f"{sink.placeholders:,} tweets carry the placeholder text '…violates the Twitter Media Policy' "
            "(their account was restricted when collected): their text is not the tweet's text."
        )


def _check_strict_cut(report: ImportReport, frep: FileReport) -> None:
    if frep.note == CUT_NOTE or frep.kind == "refused":
        raise IngestError(
            f"--strict: {frep.path}: {frep.note}. Re-download or repair the file, or import without "
            "--strict to read what it holds."
        )


def _winners(
    sink: Sink, apply_deletions: bool, report: ImportReport, keys: pl.DataFrame | None = None
) -> pl.Series | None:
    """``_seq`` of the record kept for each tweet (most complete, then first seen); ``None`` = keep all."""
    if keys is None:
        keys = pl.scan_parquet(sink.parts).select(KEY_COLUMNS).collect()
    deleted = pl.Series(sorted(sink.deleted_tweets | sink.deleted_compliance), dtype=pl.String)
    users_gone = pl.Series(sorted(sink.deleted_compliance), dtype=pl.String)
    report.deletion_ids = len(deleted)
    unique = _n_unique_ids(keys["tweet_id"])
    report.duplicates_merged = keys.height - unique
    if apply_deletions and len(deleted):
        gone = keys["tweet_id"].is_in(deleted.implode()) | keys["author_id"].is_in(users_gone.implode()).fill_null(
            False
        )
        kept = keys.filter(~gone)
        report.deletions_applied = unique - kept["tweet_id"].n_unique()
        keys = kept
    elif report.duplicates_merged == 0:
        return None
    best = keys.sort(["_score", "_seq"], descending=[True, False]).unique(
        "tweet_id", keep="first", maintain_order=False
    )
    return best["_seq"]


def _n_unique_ids(ids: pl.Series) -> int:
    """Distinct tweet ids; counted as integers (6x faster) when every id is a plain decimal number."""
    numbers = ids.cast(pl.UInt64, strict=False)
    if numbers.null_count() == ids.null_count() and not ids.str.starts_with("0").any():
        return numbers.n_unique()
    return ids.n_unique()


def _write(sink: Sink, tmp: Path, winners: pl.Series | None) -> None:
    frame = pl.scan_parquet(sink.parts)
    if winners is not None:
        frame = frame.filter(pl.col("_seq").is_in(winners.implode()))
    frame.select(COLUMNS).sink_parquet(tmp, **COMPRESSION)


def import_tweets(
    paths: Iterable[PathLike] | PathLike,
    out: PathLike,
    *,
    strict: bool = False,
    apply_deletions: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import tweet files of any supported format into one canonical Parquet table at ``out``.

    Parameters
    ----------
    paths
        Files, folders (searched recursively) or glob patterns; ``.gz``/``.bz2``/``.xz`` are read
        transparently. Each file is recognised by its content.
    out
        The Parquet file to write (atomically: a failed import leaves an existing file untouched).
        The import report is written beside it as ``NAME.import.json``.
    strict
        Raise :class:`IngestError` on the first skipped record instead of counting it.
    apply_deletions
        Drop tweets named by stream ``delete`` notices, Gnip delete activities and v2 compliance
        records found among the inputs (compliance ids also drop that account's tweets).
    progress
        A :class:`kit.progress.Progress` callback, called as each input file is read (None: silent).

    Returns
    -------
    ImportReport
        Lines read, tweets written, duplicates merged, records skipped by reason (with file and
        line), non-tweet records and files by kind, warnings.

    Raises
    ------
    IngestError
        Refused input (e.g. a CSV whose IDs a spreadsheet turned into floats), no tweets at all
        in the inputs, or any skip under ``strict``. Nothing is written then.

    Examples
    --------
    >>> rep = import_tweets(["raw/"], "data/processed/yaw.parquet")  # doctest: +SKIP
    >>> rep.tweets_written, rep.skipped  # doctest: +SKIP
    (1200000, {})
    """
    started = time.perf_counter()
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out = Path(out)
    files = expand_paths(paths)
    if not files:
        raise IngestError("no input files given")
    check_output(out, files)
    report = ImportReport(out=str(out))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        sweep_stale(out)
        workdir = Path(tempfile.mkdtemp(prefix=f".{out.name}.parts.{os.getpid()}.", dir=out.parent))
    except OSError as exc:
        raise IngestError(
            f"{out}: cannot write the output there ({exc.strerror or exc}). Choose an --out in a "
            "folder you can write to."
        ) from exc
    replaced = False
    try:
        with atomic_path(out) as tmp, take_prestarted() as pool:
            sink = Sink(workdir, report)
            sink.worker_pool = pool  # started by the first file large enough, shared by the others
            output = StreamingOutput(sink, tmp)  # writes the parts into tmp while they are made
            _collect(files, sink, output, report, strict, progress)
            if report.tweets_read == 0:
                names = "; ".join(f"{f.path}: {f.note or f.kind}" for f in report.files)
                skipped = f"; skipped records: {report.skipped}" if report.skipped else ""
                raise IngestError(f"no tweets found in the input(s), nothing written ({names}{skipped}).")
            streamed = output.complete()
            winners = _winners(sink, apply_deletions, report, output.index() if streamed else None)
            if winners is not None or not streamed:  # records to drop: write the table again from the parts
                _write(sink, tmp, winners)
            if any("bluesky-jetstream" in f.formats for f in report.files) and (filled := fill_reposts(tmp)):
                report.notices[FILLED_NOTICE] = filled  # Jetstream reposts given their originals' text
        replaced = True
        stats = pl.scan_parquet(out).select(pl.len().alias("n"), pl.col("is_truncated").sum().alias("t")).collect()
        report.tweets_written = int(stats["n"][0])
        report.truncated = int(stats["t"][0] or 0)
        report.warnings.extend(report.repair_warnings())
        report.seconds = round(time.perf_counter() - started, 3)
        write_json_atomic(report_path(out), report.to_dict())
    except OSError as exc:
        if exc.errno is None or isinstance(exc, FileNotFoundError):
            raise
        raise IngestError(
            f"{out}: writing the output failed ({exc.strerror or exc}); "
            f"{_left_behind(out, replaced)}. "
            "Free some space (or choose another --out) and import again."
        ) from exc
    finally:
        shutil.rmtree(workdir, ignore_errors=True)  # after the report: sweep_stale knows a live import by it
    return report


def _left_behind(out: Path, replaced: bool) -> str:
    if replaced:
        return f"the table was written but not its report {report_path(out).name}"
    return "the previous file is unchanged" if out.exists() else "nothing was written"


def check_output(out: Path, inputs: list[Path]) -> None:
    """Refuse an ``out`` that is a folder, or one of the ``inputs`` (or the import report's path),
    compared as files (same inode), not by name: the raw data are never overwritten.

    Examples
    --------
    >>> check_output(Path("data/raw/tweets.jsonl"), [Path("data/raw/tweets.jsonl")])  # doctest: +SKIP
    Traceback (most recent call last):
    kit.ingest.report.IngestError: data/raw/tweets.jsonl: --out is one of the inputs ...
    """
    if out.is_dir():
        raise IngestError(f"{out}: --out is a folder; name the Parquet file to write, e.g. {out / 'tweets.parquet'}")
    for target in (out, report_path(out)):
        if not target.exists():
            continue
        for path in inputs:
            with contextlib.suppress(OSError):
                if os.path.samefile(path, target):
                    raise IngestError(
                        f"{target}: --out is one of the inputs ({path}); importing would overwrite "
                        "the raw data. Write the table elsewhere, e.g. --out data/processed/NAME.parquet"
                    )


def sweep_stale(out: Path) -> list[Path]:
    """Remove what an import to ``out`` that was killed left beside it: ``.NAME.parts.PID.*`` folders
    of processes that no longer run and, when no import to ``out`` is running, its ``.tmp`` files.
    Returns the paths removed."""
    removed: list[Path] = []
    live = False
    for folder in out.parent.glob(f".{glob.escape(out.name)}.parts.*"):
        pid = folder.name[len(out.name) + 8 :].split(".", 1)[0]
        if pid.isdigit() and _running(int(pid)):
            live = True
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    if not live:
        for name in (out.name, report_path(out).name):
            for tmp in out.parent.glob(f".{glob.escape(name)}.*.tmp"):
                with contextlib.suppress(OSError):
                    tmp.unlink()
                    removed.append(tmp)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def read_tweets(
    paths: Iterable[PathLike] | PathLike, *, strict: bool = False, apply_deletions: bool = False
) -> pl.DataFrame:
    """Read tweet files of any supported format into one canonical, validated polars frame.

    Same inputs and rules as :func:`import_tweets` (which writes Parquet and returns the report);
    skipped records are logged as a warning.

    Examples
    --------
    >>> tweets = read_tweets("data/raw/")  # doctest: +SKIP
    >>> tweets.columns[:3]  # doctest: +SKIP
    ['tweet_id', 'created_at', 'author_id']
    """
    with tempfile.TemporaryDirectory(prefix="kit-read-") as tmp:
        out = Path(tmp) / "tweets.parquet"
        report = import_tweets(paths, out, strict=strict, apply_deletions=apply_deletions)
        frame = pl.read_parquet(out)
    if report.skipped:
        log.warning(
            "skipped %d record(s): %s (see kit.import_tweets for the full report)", report.skipped_total, report.skipped
        )
    return validate(frame)


__all__ = ["check_output", "import_tweets", "read_tweets", "report_path", "sweep_stale"]
