"""Shared helpers for the benchmarks: the scale corpus, peak memory, timing and results files.

Every benchmark writes ``benchmarks/results/<name>.json`` holding the machine, the date, the kit's
figures and the named peer's figures side by side (as ratios measured in the same run).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
RESULTS = ROOT / "benchmarks" / "results"
FULL_SCALE = 1_200_000


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    mem_gib = None
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    return {
        "cpus": os.cpu_count(),
        "memory_gib": mem_gib,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.machine(),
    }


def _lock(name: str) -> contextlib.AbstractContextManager[None]:
    from kit.cache import file_lock

    return file_lock(DATA / f".{name}.lock")


def corpus_raw(n_tweets: int = FULL_SCALE, fmt: str = "v2", seed: int = 2014) -> Path:
    """The generated raw corpus of ``n_tweets`` (made once, then reused; safe across processes)."""
    from kit.sample import generate_sample

    path = DATA / f"yaw-{n_tweets}-{fmt}-s{seed}.jsonl.gz"
    with _lock(path.name):
        if not path.exists():
            generate_sample(n_tweets, seed=seed, fmt=fmt, out=path)
    return path


def corpus_plain(n_tweets: int = FULL_SCALE, fmt: str = "v2", seed: int = 2014) -> Path:
    """The generated raw corpus uncompressed, as twarc writes it (made once from the gzip file)."""
    from kit.cache import atomic_path
    from kit.ingest.sniff import gzip_chunks

    raw = corpus_raw(n_tweets, fmt, seed)
    path = raw.with_name(raw.name.removesuffix(".gz"))
    with _lock(path.name):
        if not path.exists():
            with atomic_path(path) as tmp, open(tmp, "wb") as out:
                out.writelines(gzip_chunks(raw) or ())
    return path


def corpus_parquet(n_tweets: int = FULL_SCALE, fmt: str = "v2", seed: int = 2014) -> Path:
    """The canonical table of the generated corpus (imported once, then reused)."""
    from kit.ingest import import_tweets

    raw = corpus_raw(n_tweets, fmt, seed)
    out = raw.with_name(raw.name.replace(".jsonl.gz", ".parquet"))
    with _lock(out.name):
        if not out.exists():
            import_tweets([raw], out)
    return out


def peak_rss_mib_children() -> float:
    """Peak resident memory of finished child processes (MiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def peak_rss_mib_self() -> float:
    """Peak resident memory of this process so far (MiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_measured(cmd: list[str], **kwargs: Any) -> dict[str, float]:
    """Run a command in a fresh process; return wall seconds and its peak RSS (MiB).

    Peak memory is read with ``/usr/bin/time``-free bookkeeping: the command is wrapped in a tiny
    Python launcher that reports ``ru_maxrss`` of its child, so figures of successive commands do
    not mix.
    """
    launcher = (
        "import resource, subprocess, sys, time, json;"
        "t=time.perf_counter(); rc=subprocess.call(sys.argv[1:]);"
        "w=time.perf_counter()-t;"
        "print(json.dumps({'rc': rc, 'seconds': w, 'peak_rss_mib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024}))"
    )
    out = subprocess.run([sys.executable, "-c", launcher, *cmd], capture_output=True, text=True, **kwargs)
    last = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else "{}"
    result = json.loads(last)
    if result.get("rc") != 0:
        raise RuntimeError(f"command failed ({result.get('rc')}): {' '.join(cmd)}\n{out.stderr[-2000:]}")
    return {"seconds": round(result["seconds"], 3), "peak_rss_mib": round(result["peak_rss_mib"], 1)}


def _tree_rss_bytes(root: int) -> int:
    """Resident memory of ``root`` and all its descendants now (Linux ``/proc``; 0 elsewhere)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
    return total


def run_measured_tree(cmd: list[str], interval: float = 0.05, **kwargs: Any) -> dict[str, float]:
    """Like :func:`run_measured`, plus ``peak_tree_rss_mib``: the largest sum of resident memory of
    the command and all the processes it started (workers included), sampled every ``interval`` s."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a chatty command never blocks on it
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors, **kwargs)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss_bytes(proc.pid))
            time.sleep(interval)
        seconds = time.perf_counter() - start
        errors.seek(0)
        err = errors.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    single = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "seconds": round(seconds, 3),
        "peak_tree_rss_mib": round(peak / 2**20, 1),
        "largest_process_rss_mib_so_far": round(single, 1),
    }


@contextlib.contextmanager
def timer() -> Iterator[dict[str, float]]:
    """``with timer() as t: ...`` then ``t['seconds']``."""
    box: dict[str, float] = {}
    start = time.perf_counter()
    try:
        yield box
    finally:
        box["seconds"] = round(time.perf_counter() - start, 3)


def write_results(name: str, payload: dict[str, Any]) -> Path:
    """Write ``benchmarks/results/<name>.json`` with the machine and the date added."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    doc = {
        "benchmark": name,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        **payload,
    }
    path = RESULTS / f"{name}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(doc, indent=2, default=str) + "\n")
    os.replace(tmp, path)
    print(json.dumps(doc, indent=2, default=str))
    return path
