"""Rendering variants: parallel papermill runs on private kernels (ipc, or tcp without Unix sockets), manifests,
up-to-date checks, ``kit render``."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import os
import re
import shutil
import socket
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kit import config
from kit.cache import atomic_path, file_hash, write_json_atomic, write_text_atomic
from kit.notebook.corpus import check_canonical_table
from kit.extras import missing
from kit.progress import Progress, report
from kit.reports.html import export_html, write_index
from kit.reports.provenance import is_synthetic, kit_code_hash, package_versions
from kit.reports.topics import corpus_topics
from kit.reports.variants import (
    Variant,
    check_parameters,
    check_variant_name,
    notebook_parameters,
)

log = logging.getLogger(__name__)


def kernel_transport(requested: str | None = None) -> str:
    """How report kernels talk to their worker: ``"ipc"`` (Unix sockets in a private folder: no ports to
    race for when kernels start in parallel) where Unix sockets exist, ``"tcp"`` on localhost elsewhere
    (Windows). ``requested``, else ``$KIT_KERNEL_TRANSPORT``, forces one.

    >>> kernel_transport("tcp")
    'tcp'
    >>> kernel_transport("udp")
    Traceback (most recent call last):
    ValueError: kernel transport 'udp' unknown: use 'ipc' or 'tcp' (KIT_KERNEL_TRANSPORT)
    """
    value = (requested or os.environ.get("KIT_KERNEL_TRANSPORT") or "").strip().lower()
    has_ipc = sys.platform != "win32" and hasattr(socket, "AF_UNIX")
    if not value:
        return "ipc" if has_ipc else "tcp"
    if value not in ("ipc", "tcp"):
        raise ValueError(f"kernel transport {value!r} unknown: use 'ipc' or 'tcp' (KIT_KERNEL_TRANSPORT)")
    if value == "ipc" and not has_ipc:
        raise ValueError("kernel transport 'ipc' needs Unix sockets, which this system lacks: use 'tcp'")
    return value


def kernel_manager_class(env: Mapping[str, str] | None = None, transport: str | None = None) -> type:
    """An ``AsyncKernelManager`` whose connection file (and, with ``transport="ipc"``, its sockets) lives in
    a private temporary folder, removed when the kernel ends.

    ``env`` is added to the kernel's environment; ``transport`` is ``"ipc"`` or ``"tcp"`` (None:
    :func:`kernel_transport` chooses).
    """
    from jupyter_client.manager import AsyncKernelManager

    extra_env = dict(env or {})
    transport = kernel_transport(transport)

    class KitKernelManager(AsyncKernelManager):  # state: the private folder of its connection file
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            folder = tempfile.mkdtemp(prefix="kit-k-")
            kwargs.setdefault("transport", transport)
            kwargs.setdefault("connection_file", os.path.join(folder, "kernel.json"))
            super().__init__(*args, **kwargs)
            self._kit_folder = folder

        @property
        def kernel_spec(self) -> Any:
            """The report kernel runs this very Python (the kit's own environment), never whatever "python3"
            kernelspec comes first on the Jupyter path (``~/.local/share/jupyter/kernels/python3`` of another
            Python is common, and would run an old kit, or none)."""
            if self._kernel_spec is None and self.kernel_name in ("python3", "python"):
                from ipykernel.kernelspec import RESOURCES, get_kernel_dict
                from jupyter_client.kernelspec import KernelSpec

                self._kernel_spec = KernelSpec(resource_dir=RESOURCES, **get_kernel_dict())
            return super().kernel_spec

        async def start_kernel(self, **kw: Any) -> None:
            kw["env"] = {**(kw.get("env") or os.environ), **extra_env}
            await super().start_kernel(**kw)

        async def cleanup_resources(self, restart: bool = False) -> None:
            await super().cleanup_resources(restart=restart)
            if not restart:
                shutil.rmtree(self._kit_folder, ignore_errors=True)

    return KitKernelManager


def kernel_arguments(transport: str) -> list[str]:
    """Command-line options of every report kernel: no history database (parallel kernels would lock
    it) and, over tcp, no warning about plain-text sockets on each start (the kernel listens on
    127.0.0.1 only and every message is signed with the key of a connection file only its worker reads).

    >>> kernel_arguments("tcp")
    ['--HistoryManager.enabled=False', '--IPKernelApp.log_level=ERROR']
    """
    quiet = ["--IPKernelApp.log_level=ERROR"] if transport == "tcp" else []
    return ["--HistoryManager.enabled=False", *quiet]


def kernel_env(threads: int) -> dict[str, str]:
    """The environment every report kernel gets: offline models, a fixed hash seed, a shared numba
    cache, and ``threads`` threads so that parallel kernels do not oversubscribe the machine."""
    env = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
           "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg"}
    env["NUMBA_CACHE_DIR"] = os.environ.get("NUMBA_CACHE_DIR") or str(config.cache_dir("numba"))
    value = str(max(1, threads))
    for key in ("POLARS_MAX_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "NUMBA_NUM_THREADS", "RAYON_NUM_THREADS"):
        env[key] = value
    return env


def _error_details(exc: BaseException) -> dict[str, Any]:
    details: dict[str, Any] = {"ename": getattr(exc, "ename", type(exc).__name__),
                               "evalue": str(getattr(exc, "evalue", exc))[:2000]}
    if hasattr(exc, "cell_index"):
        details["cell_index"] = exc.cell_index  # type: ignore[attr-defined]
        details["exec_count"] = getattr(exc, "exec_count", None)
        details["source"] = str(getattr(exc, "source", ""))[:2000]
        tb = getattr(exc, "traceback", None) or []
        text = "\n".join(tb) if isinstance(tb, list) else str(tb)
        details["traceback"] = re.sub(r"\x1b\[[0-9;]*m", "", text)[-4000:]
    return details


def render_one(job: Mapping[str, Any]) -> dict[str, Any]:
    """Render one variant (run in a worker process); returns its manifest. Never raises for a notebook error.

    ``job`` holds ``name``, ``parameters``, ``notebook``, ``out_dir``, ``show_code``, ``threads``,
    ``timeout``, ``transport`` (see :func:`kernel_transport`) and the precomputed ``manifest`` fields (hashes, versions).
    """
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    name = str(job["name"])
    folder = Path(job["out_dir"]) / name
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(".report.*.tmp*"):  # left by a render that was killed
        with contextlib.suppress(OSError):
            stale.unlink()
    manifest: dict[str, Any] = dict(job["manifest"])
    manifest.update(variant=name, parameters=dict(job["parameters"]), status="running",
                    started_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    executed = None
    transport = kernel_transport(job.get("transport"))
    with atomic_path(folder / "report.ipynb", suffix=".tmp.ipynb") as tmp_nb:
        try:
            executed = papermill.execute_notebook(
                str(job["notebook"]), str(tmp_nb), parameters=dict(job["parameters"]), kernel_name="python3",
                kernel_manager_class=kernel_manager_class(kernel_env(int(job.get("threads") or 1)), transport),
                extra_arguments=kernel_arguments(transport),
                progress_bar=False, log_output=False, cwd=str(job.get("cwd") or config.project_root()),
                start_timeout=180, execution_timeout=job.get("timeout"),
            )
            manifest["status"] = "ok"
        except PapermillExecutionError as exc:
            manifest["status"] = "failed"
            manifest["error"] = _error_details(exc)
        except Exception as exc:  # kernel died, timeout, unreadable notebook: recorded, never raised
            manifest["status"] = "failed"
            manifest["error"] = _error_details(exc)
        if not tmp_nb.exists() or tmp_nb.stat().st_size == 0:
            nbformat.write(nbformat.read(str(job["notebook"]), as_version=4), str(tmp_nb))
    timings["execute_seconds"] = round(time.perf_counter() - t0, 3)
    t1 = time.perf_counter()
    try:
        nb = executed if executed is not None else nbformat.read(str(folder / "report.ipynb"), as_version=4)
        figures = notebook_figures(nb)
        if figures:
            manifest["figures"] = figures
            if manifest["status"] == "ok" and figures.get("tweets") == 0:
                manifest["status"] = "empty"
        page = export_html(nb, show_code=bool(job.get("show_code")) or manifest["status"] != "ok",
                           title=f"Report: {name}")
        write_text_atomic(folder / "report.html", page)
    except Exception as exc:
        if manifest["status"] == "ok":
            manifest["status"] = "failed"
            manifest["error"] = {"stage": "html", **_error_details(exc)}
    timings["html_seconds"] = round(time.perf_counter() - t1, 3)
    timings["total_seconds"] = round(time.perf_counter() - t0, 3)
    manifest["timings"] = timings
    manifest["finished_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    write_json_atomic(folder / "manifest.json", manifest)
    return manifest


def notebook_figures(nb: Any) -> dict[str, Any]:
    """The figures a report notebook published for the index (``metadata["kit"]`` of its outputs, merged).

    The report's header publishes the selection's tweets, accounts, peak, share of retweets and its
    timeline (see :func:`kit.reports.notebook.header`); a notebook that publishes none gives ``{}``.
    """
    out: dict[str, Any] = {}
    for cell in getattr(nb, "cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            meta = (output.get("metadata") or {}).get("kit")
            if isinstance(meta, Mapping):
                out.update(_jsonable(dict(meta)))
    return out


def is_up_to_date(folder: str | os.PathLike[str], manifest: Mapping[str, Any]) -> bool:
    """Whether ``folder`` holds an ok (or empty) render with the same notebook, data, parameters and kit version.

    The hash of the kit's code is recorded in the manifest for provenance but does not make a report
    out of date (while developing the kit, pass ``force``)."""
    path = Path(folder) / "manifest.json"
    if not path.is_file() or not (Path(folder) / "report.html").is_file():
        return False
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    keys = ("notebook_hash", "data_hash", "parameters")
    same_kit = (old.get("packages") or {}).get("hashtag-kit") == (manifest.get("packages") or {}).get("hashtag-kit")
    return old.get("status") in ("ok", "empty") and same_kit and all(
        _jsonable(old.get(k)) == _jsonable(manifest.get(k)) for k in keys)


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


@dataclasses.dataclass(frozen=True, repr=False)
class RenderSummary:
    """What one :func:`render_variants` call did: one manifest per variant (status ok, empty or failed;
    ``skipped`` when it was up to date)."""

    out_dir: Path
    manifests: tuple[dict[str, Any], ...]
    seconds: float

    @property
    def failed(self) -> list[dict[str, Any]]:
        """Manifests of the variants that failed."""
        return [m for m in self.manifests if m.get("status") == "failed"]

    @property
    def empty(self) -> list[dict[str, Any]]:
        """Manifests of the variants whose selection matched no tweet."""
        return [m for m in self.manifests if m.get("status") == "empty"]

    def statuses(self) -> dict[str, str]:
        """Each variant's status: ``ok``, ``empty``, ``failed``, or ``up to date`` (skipped)."""
        return {str(m.get("variant")): "up to date" if m.get("skipped") else str(m.get("status"))
                for m in self.manifests}

    def __repr__(self) -> str:
        """One line per variant and where to look (a notebook shows this, not every manifest).

        >>> RenderSummary(Path("reports"), ({"variant": "a", "status": "ok"},), 1.25)
        1 report(s) in 1.2 s — open reports/index.html
          a: ok
        """
        lines = [f"{len(self.manifests)} report(s) in {self.seconds:.1f} s — open {self.out_dir / 'index.html'}"]
        lines += [f"  {name}: {status}" for name, status in self.statuses().items()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html

        rows = "".join(f"<li>{html.escape(name)}: {html.escape(status)}</li>" for name, status in self.statuses().items())
        index = html.escape((self.out_dir / "index.html").as_posix())
        return (f"<p>{len(self.manifests)} report(s) in {self.seconds:.1f} s — open <code>{index}</code> "
                f"in a browser</p><ul>{rows}</ul>")


def resolve_variants(variants: Sequence[Variant], notebook: str | os.PathLike[str],
                     *, default_data: str | os.PathLike[str] | None = None) -> tuple[list[Variant], dict[str, Any]]:
    """Validate names and parameters against ``notebook``; fill ``data_path``; return variants and the spec."""
    spec = notebook_parameters(notebook)
    seen: dict[str, str] = {}
    out: list[Variant] = []
    for variant in variants:
        check_variant_name(variant.name)
        key = variant.name.casefold()
        if key in seen:
            raise ValueError(f"two variants named {seen[key]!r} and {variant.name!r} (names are case-insensitive)")
        seen[key] = variant.name
        parameters = dict(variant.parameters)
        if "data_path" in spec:
            data = parameters.get("data_path") or (str(default_data) if default_data is not None else None)
            if not data:  # like the notebooks: no table named means the bundled synthetic sample
                data = str(_bundled_sample())
            data_file = Path(str(data)).expanduser().resolve()
            if not data_file.is_file():
                raise FileNotFoundError(f"variant {variant.name!r}: data file {data_file} not found; "
                                        "import raw files with `kit import` first")
            check_canonical_table(data_file)
            parameters["data_path"] = str(data_file)
        resolved = Variant(variant.name, parameters)
        check_parameters(resolved, spec)
        out.append(resolved)
    return out, spec


def render_variants(
    variants: Sequence[Variant],
    *,
    notebook: str | os.PathLike[str] | None = None,
    out_dir: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    force: bool = False,
    show_code: bool = False,
    progress: Progress | None = None,
    timeout: int | None = None,
    default_data: str | os.PathLike[str] | None = None,
    transport: str | None = None,
) -> RenderSummary:
    """Render ``variants`` of ``notebook`` into ``out_dir`` in parallel, then write the index.

    Parameters
    ----------
    variants
        What to render (see :func:`variants_from_options`, :func:`load_variants_file`).
    notebook
        The parameterized notebook (default: :func:`kit.config.project_notebook` ``("report.ipynb")``).
    out_dir
        The reports folder (default ``reports/``); each variant goes to ``out_dir/<name>/``.
    workers
        Parallel worker processes (default: the number of cores, at most the number of variants).
    force
        Re-render variants that are up to date.
    show_code
        Keep code cells in the HTML pages.
    progress
        A :class:`kit.progress.Progress` callback, called as variants finish (None: silent).
    timeout
        Seconds allowed per cell (None: no limit).
    default_data
        ``data_path`` of variants that set none.
    transport
        ``"ipc"`` or ``"tcp"`` for the kernels (None: :func:`kernel_transport` chooses).

    Returns
    -------
    RenderSummary
        The manifests (in the order of ``variants``) and the wall time.

    Examples
    --------
    >>> summary = render_variants([Variant("all")], default_data="data/processed/sample.parquet")  # doctest: +SKIP
    >>> summary.manifests[0]["status"]  # doctest: +SKIP
    'ok'
    """
    t0 = time.perf_counter()
    transport = kernel_transport(transport)
    notebook = Path(notebook) if notebook else config.project_notebook("report.ipynb")
    if not notebook.is_file():
        raise FileNotFoundError(f"notebook {notebook} not found")
    out = Path(out_dir) if out_dir else config.reports_dir()
    resolved, spec = resolve_variants(variants, notebook, default_data=default_data)
    out.mkdir(parents=True, exist_ok=True)
    base = {"notebook": str(notebook.resolve()), "notebook_hash": file_hash(notebook), "kit_hash": kit_code_hash(),
            "packages": package_versions()}
    data_hashes: dict[str, str] = {}
    synthetic: dict[str, bool] = {}
    jobs: list[dict[str, Any]] = []
    results: dict[str, dict[str, Any]] = {}
    for variant in resolved:
        data = variant.parameters.get("data_path")
        if data and data not in data_hashes:
            data_hashes[data] = file_hash(data)
            synthetic[data] = is_synthetic(data)
        full_params = {k: _default_literal(v) for k, v in spec.items()}
        full_params.update(variant.parameters)
        manifest = {**base, "variant": variant.name, "parameters": dict(variant.parameters),
                    "data_path": data, "data_hash": data_hashes.get(data) if data else None,
                    "synthetic_data": synthetic.get(data, False) if data else False,
                    "seed": full_params.get("seed")}
        folder = out / variant.name
        if not force and is_up_to_date(folder, manifest):
            old = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            results[variant.name] = {**old, "skipped": True}
            continue
        jobs.append({"name": variant.name, "parameters": dict(variant.parameters), "notebook": str(notebook.resolve()),
                     "out_dir": str(out.resolve()), "show_code": show_code, "timeout": timeout, "manifest": manifest,
                     "transport": transport})
    if jobs:
        warm_topic_models(jobs, spec, progress=progress)
    cores = os.cpu_count() or 1
    n_workers = max(1, min(workers or cores, len(jobs) or 1))
    for job in jobs:
        job["threads"] = max(1, cores // n_workers)
    if jobs:
        for manifest in _run_jobs(jobs, n_workers, progress=progress):
            results[manifest["variant"]] = manifest
    write_index(out)
    ordered = tuple(results[v.name] for v in resolved if v.name in results)
    return RenderSummary(out_dir=out, manifests=ordered, seconds=round(time.perf_counter() - t0, 3))


def warm_topic_models(jobs: Sequence[Mapping[str, Any]], spec: Mapping[str, Mapping[str, Any]], *,
                      progress: Progress | None = None) -> int:
    """Fit (or load) each corpus-wide topic model the jobs will need, once, before they run in parallel.

    Applies to notebooks with the report notebook's topic parameters; returns how many models were warmed.
    """
    needed = {"data_path", "topics", "topic_backend", "topic_sample_size", "seed"}
    if not needed <= set(spec) or missing("topics"):  # without the [topics] extra each report says so
        return 0
    seen: set[tuple[Any, ...]] = set()
    for job in jobs:
        full = {k: _default_literal(v) for k, v in spec.items()}
        full.update(job["parameters"])
        if not full.get("topics"):
            continue
        key = (full["data_path"], full["topic_backend"], full["topic_sample_size"], full["seed"])
        if key in seen:
            continue
        seen.add(key)
        what = f"topic model of {Path(str(key[0])).name} ({key[1]}, fitted on up to {int(key[2]):,} texts, seed {key[3]})"
        log.info("%s: loading or fitting once for all variants", what)
        report(progress or None, len(seen) - 1, None, what)
        try:
            corpus_topics(key[0], backend=str(key[1]), sample_size=int(key[2]), seed=int(key[3]))
        except Exception as exc:  # each variant will then report the error in its own topics cell
            log.warning("could not prepare the topic model (%s: %s)", type(exc).__name__, exc)
    return len(seen)


def _default_literal(entry: Mapping[str, Any]) -> Any:
    import ast

    with contextlib.suppress(Exception):
        return ast.literal_eval(str(entry.get("default")))
    return entry.get("default")


def _kill_descendants(timeout: float = 5.0) -> int:
    """Stop every process this one started (render workers and their kernels); returns how many.

    Kernels run in sessions of their own, so a Ctrl-C on the terminal never reaches them, and a killed
    worker would leave its kernel running: they are found as descendants and ended here, politely first.
    """
    import psutil

    try:
        children = psutil.Process().children(recursive=True)
    except psutil.Error:
        return 0
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.terminate()
    _, alive = psutil.wait_procs(children, timeout=timeout)
    for child in alive:
        with contextlib.suppress(psutil.Error):
            child.kill()
    psutil.wait_procs(alive, timeout=timeout)
    return len(children)


def _watch_parent(parent: int, interval: float = 0.5) -> None:
    """In a render worker: when the process that started it is gone (killed, even with ``kill -9``),
    stop this worker's kernel and exit, so that no orphan keeps rendering."""
    import threading

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent:
                _kill_descendants(timeout=2.0)
                os._exit(1)

    threading.Thread(target=watch, name="kit-watch-parent", daemon=True).start()


def _run_jobs(jobs: list[dict[str, Any]], workers: int, *, progress: Progress | None) -> list[dict[str, Any]]:
    """Run render jobs in ``workers`` spawned processes, reporting each finished one; collect every manifest.

    On an interruption (Ctrl-C, or SIGTERM turned into one by ``kit render``) the workers and their
    kernels are stopped before the interruption propagates: no render goes on in the background, and the
    variants not finished have no new manifest, so the next run renders them (finished ones are up to date).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    done: list[dict[str, Any]] = []
    step = progress or None
    report(step, 0, len(jobs), "")
    if workers == 1:
        try:
            for job in jobs:
                report(step, len(done), len(jobs), job["name"])
                done.append(render_one(job))
                report(step, len(done), len(jobs), job["name"])
        except BaseException:
            _kill_descendants()
            raise
        return done
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_watch_parent,
                               initargs=(os.getpid(),))
    try:
        futures = {pool.submit(render_one, job): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                manifest = future.result()
            except Exception as exc:  # the worker process itself died
                manifest = {**job["manifest"], "variant": job["name"], "parameters": job["parameters"],
                            "status": "failed", "timings": {}, "error": {"stage": "worker", **_error_details(exc)}}
                write_json_atomic(Path(job["out_dir"]) / job["name"] / "manifest.json", manifest)
            done.append(manifest)
            report(step, len(done), len(jobs), f"{job['name']}: {manifest.get('status')}")
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        _kill_descendants()
        raise
    pool.shutdown(wait=True)
    return done


def _bundled_sample() -> Path:
    from kit.sample import ensure_sample

    return Path(ensure_sample()).resolve()
