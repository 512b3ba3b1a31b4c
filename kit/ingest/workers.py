"""The import's worker processes: how many, when they are worth starting, and the pool itself.

Kept free of polars (and of the rest of :mod:`kit.ingest`) so that ``kit import`` can start the
workers first thing, while the main process is still importing its own libraries
(:func:`prestart`); the work they do is in :mod:`kit.ingest.parallel`.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from kit.ingest.sniff import expand_paths, plain_start, read_head, sniff_head

#: Files with less content than this are read in one process: starting the workers costs ~0.4 s,
#: about what one process spends on 60 MB of tweets.
PARALLEL_MIN_BYTES = 64 << 20
#: How much a compressed file is assumed to expand (twarc2 pages gzip about 6:1).
COMPRESSION_RATIO = 6


def large_enough(path: str) -> bool:
    """Whether ``path`` holds enough JSON to be worth the worker processes."""
    size = os.path.getsize(path)
    least = int(os.environ.get("KIT_PARALLEL_MIN_BYTES") or PARALLEL_MIN_BYTES)  # tests use small files
    return size * (1 if plain_start(path) is not None else COMPRESSION_RATIO) >= least


def workers() -> int:
    """Worker processes to use: ``$KIT_IMPORT_WORKERS``, else one per usable CPU (at most 8).

    Workers read an uncompressed file themselves, so the main process is free to write the output:
    on two cores two workers import 1.2 M v2 tweets in ~8 s against ~14 s in one process
    (``benchmarks/bench_import.py``).
    """
    env = os.environ.get("KIT_IMPORT_WORKERS")
    if env:
        return max(1, int(env))
    return max(1, min(_cpus(), 8))


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


class WorkerPool:
    """The import's worker processes, started on first use and shared by every large file of one
    import (state: the executor). ``close()`` ends them."""

    def __init__(self) -> None:
        self._executor: ProcessPoolExecutor | None = None
        self._starting: list[Future[bool]] = []
        self.broken = False

    def start(self) -> None:
        """Start all the workers, without waiting for them."""
        if self._executor is None:
            n = workers()
            with _polars_threads_per_worker():  # read by each worker as it starts
                self._executor = ProcessPoolExecutor(
                    max_workers=n,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=watch_parent,
                    initargs=(os.getpid(),),
                )
                self._starting = [self._executor.submit(_ready) for _ in range(n)]

    def get(self) -> ProcessPoolExecutor:
        """The running executor (started now if it is not yet; waits until every worker is up)."""
        self.start()
        for future in self._starting:
            future.result()  # re-raises BrokenProcessPool if they could not start
        self._starting = []
        assert self._executor is not None
        return self._executor

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def watch_parent(parent: int, every: float = 0.5) -> None:
    """In a worker: end this process as soon as ``parent`` is gone (killed with ``kill -9``, or ended
    by a signal before it could stop its workers), so that no orphan keeps parsing. A daemon thread
    polls ``os.getppid()``: an orphan is adopted by another process."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="kit-watch-parent", daemon=True).start()


#: The module each worker loads first (by name: a spawned process starts empty, and naming it here
#: keeps this module free of the readers it serves, see the module docstring).
WORKER_MODULE = "kit.ingest.parallel"


def _ready() -> bool:
    """The first task of each worker (spawned, never forked: polars runs threads): load the readers."""
    importlib.import_module(WORKER_MODULE)
    return True


@contextlib.contextmanager
def _polars_threads_per_worker() -> Iterator[None]:
    """Workers start with polars' thread pool sized to their share of the CPUs (it is sized at import,
    from ``POLARS_MAX_THREADS``), so that workers and their threads do not oversubscribe the machine."""
    if "POLARS_MAX_THREADS" in os.environ:
        yield
        return
    os.environ["POLARS_MAX_THREADS"] = str(max(1, _cpus() // workers()))
    try:
        yield
    finally:
        os.environ.pop("POLARS_MAX_THREADS", None)


_prestarted: WorkerPool | None = None


def prestart(paths: Iterable[str | os.PathLike[str]]) -> None:
    """Start the workers now if some input is a JSON file large enough to need them; the next
    :func:`take_prestarted` hands them over. Does nothing otherwise (or on any doubt)."""
    global _prestarted
    if _prestarted is not None or workers() < 2:
        return
    with contextlib.suppress(OSError, ValueError, EOFError, RecursionError):
        for path in expand_paths(paths):
            if large_enough(str(path)) and sniff_head(read_head(path)) == "json":
                pool = WorkerPool()
                pool.start()
                _prestarted = pool
                return


def take_prestarted() -> WorkerPool:
    """The pool started by :func:`prestart`, else a new (not yet started) one."""
    global _prestarted
    pool, _prestarted = _prestarted, None
    return pool or WorkerPool()
