"""Report variants: parameters, parallel papermill runs, self-contained HTML, manifests and an index.

One parameterized notebook (``notebooks/report.ipynb``) is rendered once per *variant* (a name and
the notebook parameters it sets) into ``reports/<variant>/``:

- ``report.ipynb`` — the executed notebook;
- ``report.html`` — a self-contained page (code hidden by default) that opens offline: charts are
  inline SVG images, no script runs (a Content-Security-Policy forbids scripts and requests to any
  other host), and tweet text is escaped;
- ``manifest.json`` — parameters, input data hash, notebook and kit hashes, package versions, seed,
  timings, status, and on failure the failing cell and its error.

``reports/index.html`` lists every variant with its status and links.

Variants run in parallel worker processes. Each kernel talks to its worker over ZeroMQ *ipc*
sockets in a private temporary folder instead of TCP ports, so the well-known start-up race of
parallel papermill runs (two kernels picking the same free port, ``ZMQError: Address already in
use``; nteract/papermill#511, where the jupyter_client maintainers suggest exactly this) cannot
happen. A failing variant is recorded and does not stop the others; an up-to-date variant (same
notebook, data, parameters and kit version, status ok) is skipped unless ``force``.

Examples
--------
>>> variants = variants_from_options(hashtags=["YesAllWomen", "notallmen"], data_path="t.parquet")
>>> [v.name for v in variants]
['yesallwomen', 'notallmen']
>>> variants[0].parameters["hashtags"]
['yesallwomen']
>>> check_variant_name("../etc")
Traceback (most recent call last):
...
ValueError: invalid variant name '../etc': use letters, digits, '-' and '_' (at most 80 characters, starting with a letter or digit)
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import html
import json
import os
import re
import shutil
import sys
import tempfile
import time
import tomllib
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from kit import config
from kit.cache import cache_key, file_hash, write_json_atomic, write_text_atomic

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")
#: Hashtags of the default variants of the bundled synthetic sample.
DEFAULT_HASHTAGS: tuple[str, ...] = ("yesallwomen", "notallmen")
#: Packages whose versions go into every manifest.
MANIFEST_PACKAGES: tuple[str, ...] = (
    "polars", "altair", "vl-convert-python", "papermill", "nbconvert", "nbclient", "ipykernel", "jupyter_client",
    "bertopic", "sentence-transformers", "model2vec", "umap-learn", "hdbscan", "igraph", "leidenalg", "networkx",
    "numpy", "scikit-learn",
)
#: The report page's Content-Security-Policy: no script at all, no request to any host.
CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
       "base-uri 'none'; form-action 'none'")


# --- variants ------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Variant:
    """One report to render: a safe folder name and the notebook parameters it sets.

    >>> Variant("all", {"seed": 1}).name
    'all'
    """

    name: str
    parameters: Mapping[str, Any] = dataclasses.field(default_factory=dict)


def check_variant_name(name: str) -> str:
    """Return ``name`` if it is a safe folder name under the reports folder, else raise ValueError.

    >>> check_variant_name("yesallwomen-2014-W21")
    'yesallwomen-2014-W21'
    """
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ValueError(f"invalid variant name {name!r}: use letters, digits, '-' and '_' "
                         "(at most 80 characters, starting with a letter or digit)")
    return name


def slug(text: str) -> str:
    """A safe variant-name fragment from free text (hashtags, dates).

    >>> slug("#YesAllWomen")
    'yesallwomen'
    >>> slug("2014-05-24T10:00")
    '2014-05-24T10-00'
    """
    out = re.sub(r"[^A-Za-z0-9_-]+", "-", text.strip().lstrip("#＃")).strip("-_")
    if text.strip().startswith(("#", "＃")) or not _DATE_RE.match(out):
        out = out.casefold()
    return out[:80] or "x"


def data_span(data_path: str | os.PathLike[str]) -> tuple[dt.date, dt.date]:
    """First and last UTC day of the tweets in a canonical table (raises ValueError when empty)."""
    import polars as pl

    row = pl.scan_parquet(data_path).select(lo=pl.col("created_at").min(), hi=pl.col("created_at").max()).collect()
    lo, hi = row["lo"][0], row["hi"][0]
    if lo is None or hi is None:
        raise ValueError(f"{data_path} holds no dated tweets: cannot split it into periods")
    return lo.astimezone(dt.timezone.utc).date(), hi.astimezone(dt.timezone.utc).date()


def period_windows(first: dt.date, last: dt.date, period: str) -> list[tuple[str, str, str]]:
    """``(name, start, end)`` windows covering ``first..last`` by ``"day"`` or ISO ``"week"`` (clipped).

    >>> period_windows(dt.date(2014, 5, 24), dt.date(2014, 5, 27), "week")
    [('2014-W21', '2014-05-24', '2014-05-25'), ('2014-W22', '2014-05-26', '2014-05-27')]
    """
    if period not in ("day", "week"):
        raise ValueError(f"period must be 'day' or 'week', not {period!r}")
    if first > last:
        raise ValueError(f"start {first} is after end {last}")
    out: list[tuple[str, str, str]] = []
    day = first
    while day <= last:
        if period == "day":
            out.append((day.isoformat(), day.isoformat(), day.isoformat()))
            day += dt.timedelta(days=1)
        else:
            sunday = day + dt.timedelta(days=6 - day.weekday())
            end = min(sunday, last)
            year, week, _ = day.isocalendar()
            out.append((f"{year}-W{week:02d}", day.isoformat(), end.isoformat()))
            day = sunday + dt.timedelta(days=1)
    return out


def _as_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    return dt.date.fromisoformat(str(value)[:10])


def variants_from_options(
    *,
    hashtags: Sequence[str] = (),
    start: str | None = None,
    end: str | None = None,
    period: str | None = None,
    data_path: str | os.PathLike[str] | None = None,
    params: Mapping[str, Any] | None = None,
) -> list[Variant]:
    """Variants from command-line style options: one per hashtag × date window.

    Parameters
    ----------
    hashtags
        One variant per tag (``hashtags=[tag]``); none means all tweets.
    start, end
        A date range applied to every variant (or the span split by ``period``).
    period
        ``"day"`` or ``"week"``: one variant per period between ``start`` and ``end`` (the data's
        span by default, read from ``data_path``).
    data_path
        The canonical table (set as the ``data_path`` parameter).
    params
        Parameters set for every variant (they win over the ones built here).

    Examples
    --------
    >>> [v.name for v in variants_from_options(hashtags=["a"], start="2014-05-24", end="2014-05-25",
    ...                                        period="day")]
    ['a-2014-05-24', 'a-2014-05-25']
    """
    windows: list[tuple[str | None, str | None, str | None]]
    if period:
        first, last = _as_date(start), _as_date(end)
        if first is None or last is None:
            if data_path is None:
                raise ValueError("--period needs --start and --end, or data to read the span from")
            lo, hi = data_span(data_path)
            first, last = first or lo, last or hi
        windows = [(n, s, e) for n, s, e in period_windows(first, last, period)]
    elif start or end:
        windows = [(f"{slug(start) if start else 'begin'}_{slug(end) if end else 'end'}", start, end)]
    else:
        windows = [(None, None, None)]
    tags: list[str | None] = [slug(t) for t in hashtags if t and t.strip("#＃ ")] or [None]
    variants: list[Variant] = []
    for tag in tags:
        for window_name, w_start, w_end in windows:
            name = "-".join(p for p in (tag, window_name) if p) or "all"
            parameters: dict[str, Any] = {}
            if data_path is not None:
                parameters["data_path"] = str(data_path)
            if tag:
                parameters["hashtags"] = [tag]
            if w_start:
                parameters["start"] = str(w_start)
            if w_end:
                parameters["end"] = str(w_end)
            parameters.update(params or {})
            variants.append(Variant(check_variant_name(name), parameters))
    return variants


def default_variants(data_path: str | os.PathLike[str], *, is_sample: bool) -> list[Variant]:
    """The variants ``kit render`` makes without options: ``all``, plus one per default hashtag on the sample.

    >>> [v.name for v in default_variants("s.parquet", is_sample=True)]
    ['all', 'yesallwomen', 'notallmen']
    """
    everything = Variant("all", {"data_path": str(data_path)})
    if not is_sample:
        return [everything]
    return [everything, *variants_from_options(hashtags=DEFAULT_HASHTAGS, data_path=data_path)]


def _plain(value: Any) -> Any:
    """TOML values → notebook literals (dates become ISO strings)."""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def load_variants_file(path: str | os.PathLike[str]) -> list[Variant]:
    """Read a ``reports.toml``: optional ``[defaults]`` and one ``[variants.NAME]`` table per variant.

    Relative ``data_path`` values are read relative to the file's folder.

    Examples
    --------
    A file such as::

        [defaults]
        data_path = "data/processed/sample.parquet"

        [variants.yesallwomen]
        hashtags = ["yesallwomen"]

        [variants.first-week]
        start = 2014-05-24
        end = 2014-05-31
    """
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML ({exc})") from exc
    unknown = set(doc) - {"defaults", "variants"}
    if unknown:
        raise ValueError(f"{path}: unknown top-level key(s) {sorted(unknown)}; use [defaults] and [variants.NAME]")
    defaults = doc.get("defaults", {})
    tables = doc.get("variants", {})
    if not isinstance(defaults, dict) or not isinstance(tables, dict):
        raise ValueError(f"{path}: [defaults] and [variants.NAME] must be tables")
    if not tables:
        raise ValueError(f"{path}: no variants; add a table such as [variants.all]")
    out: list[Variant] = []
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise ValueError(f"{path}: variants.{name} must be a table of parameters")
        parameters = _plain({**defaults, **table})
        data = parameters.get("data_path")
        if isinstance(data, str) and data and not Path(data).expanduser().is_absolute():
            parameters["data_path"] = str((path.parent / data).resolve())
        out.append(Variant(check_variant_name(name), parameters))
    return out


# --- parameters ----------------------------------------------------------------------------------
def notebook_parameters(notebook: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """The notebook's parameters as papermill reads them (name → type name, default, help)."""
    import papermill

    return dict(papermill.inspect_notebook(str(notebook)))


_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


def coerce_value(name: str, text: str, type_name: str) -> Any:
    """Convert a ``-p NAME=VALUE`` string to the parameter's declared type.

    Lists take JSON (``["a","b"]``) or comma-separated text.

    >>> coerce_value("seed", "7", "int"), coerce_value("x", "no", "bool"), coerce_value("t", "a,b", "list[str]")
    (7, False, ['a', 'b'])
    """
    base = type_name.split("[")[0].strip().lower()
    try:
        if base == "bool":
            low = text.strip().lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
            raise ValueError(text)
        if base == "int":
            return int(text)
        if base == "float":
            return float(text)
        if base in ("list", "tuple"):
            stripped = text.strip()
            if stripped.startswith("["):
                value = json.loads(stripped)
                if not isinstance(value, list):
                    raise ValueError(text)
                return value
            return [part.strip() for part in stripped.split(",") if part.strip()]
        if base == "dict":
            value = json.loads(text)
            if not isinstance(value, dict):
                raise ValueError(text)
            return value
    except (ValueError, json.JSONDecodeError) as exc:
        raise ValueError(f"parameter {name!r} expects {type_name}, got {text!r}") from exc
    return text


def parse_param_options(options: Iterable[str], spec: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Parse ``NAME=VALUE`` strings against the notebook's parameters (unknown names refused)."""
    out: dict[str, Any] = {}
    for option in options:
        name, sep, text = option.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ValueError(f"-p expects NAME=VALUE, got {option!r}")
        if name not in spec:
            raise ValueError(_unknown_message([name], spec))
        out[name] = coerce_value(name, text, str(spec[name].get("inferred_type_name") or "str"))
    return out


def _unknown_message(names: Sequence[str], spec: Mapping[str, Any]) -> str:
    return (f"unknown parameter(s) {', '.join(sorted(names))}; the notebook's parameters are: "
            f"{', '.join(spec)}")


_TYPES: dict[str, tuple[type, ...]] = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,),
                                       "list": (list, tuple), "tuple": (list, tuple), "dict": (dict,)}


def check_parameters(variant: Variant, spec: Mapping[str, Mapping[str, Any]]) -> None:
    """Raise ValueError naming the variant if it sets unknown parameters or values of the wrong type."""
    unknown = [n for n in variant.parameters if n not in spec]
    if unknown:
        raise ValueError(f"variant {variant.name!r}: " + _unknown_message(unknown, spec))
    for name, value in variant.parameters.items():
        type_name = str(spec[name].get("inferred_type_name") or "None")
        allowed = _TYPES.get(type_name.split("[")[0].strip().lower())
        if allowed is None:
            continue
        if isinstance(value, bool) and bool not in allowed:
            ok = False
        else:
            ok = isinstance(value, allowed)
        if not ok:
            raise ValueError(f"variant {variant.name!r}: parameter {name!r} expects {type_name}, "
                             f"got {value!r} ({type(value).__name__})")


# --- hashes and versions --------------------------------------------------------------------------
def kit_code_hash() -> str:
    """One hash over the kit's Python sources (a change of code makes reports out of date)."""
    root = Path(__file__).resolve().parent
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(root.rglob("*.py")):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def package_versions(names: Iterable[str] = MANIFEST_PACKAGES) -> dict[str, str | None]:
    """Installed versions of ``names`` (None where absent), plus Python and the kit."""
    from importlib import metadata

    import kit

    out: dict[str, str | None] = {"python": sys.version.split()[0], "hashtag-kit": kit.__version__}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def is_synthetic(data_path: str | os.PathLike[str]) -> bool:
    """Whether a canonical table was made from the kit's synthetic generator.

    True for the bundled sample, and for any table whose import report names a raw file that has a
    planted-truth file (``NAME.truth.parquet``) beside it, or whose rows come from such a file.
    """
    path = Path(data_path).expanduser().resolve()
    with contextlib.suppress(OSError):
        if path == config.sample_parquet_path().resolve():
            return True
    sources: list[str] = []
    sidecar = path.with_suffix(".import.json")
    if sidecar.is_file():
        with contextlib.suppress(OSError, ValueError):
            doc = json.loads(sidecar.read_text(encoding="utf-8"))
            if isinstance(doc, dict) and doc.get("synthetic") is True:
                return True
            sources.extend(_strings_in(doc.get("files", doc.get("inputs", [])) if isinstance(doc, dict) else []))
    if not sources and path.is_file():
        with contextlib.suppress(Exception):
            import polars as pl

            sources = pl.scan_parquet(path).select(pl.col("source_file").unique()).collect()["source_file"].drop_nulls().to_list()
    from kit.sample import truth_path_for

    return any(truth_path_for(source).is_file() for source in sources[:1000])


def _strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings_in(v)] + [k for k in value if isinstance(k, str) and "/" in k]
    if isinstance(value, list):
        return [s for v in value for s in _strings_in(v)]
    return []


# --- HTML ----------------------------------------------------------------------------------------
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}
<meta http-equiv="Content-Security-Policy" content="{{ resources.kit_csp }}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="hashtag-kit">
{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block data_javascript scoped %}<div class="jp-OutputArea-output">(script output removed from this report)</div>{% endblock data_javascript %}
{% block data_widget_view scoped %}{% endblock data_widget_view %}
"""


def export_html(notebook: Any, *, show_code: bool = False, title: str | None = None) -> str:
    """Export an executed notebook (path or ``NotebookNode``) to one self-contained, script-free page.

    Code cells are hidden unless ``show_code``; charts must be images (SVG or PNG), which the
    report notebook produces with :func:`setup_notebook`.
    """
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(str(notebook), as_version=4) if isinstance(notebook, (str, os.PathLike)) else notebook
    if title:
        nb.metadata["title"] = title
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({"kit_report.html.j2": _TEMPLATE})],
        template_file="kit_report.html.j2",
        exclude_input=not show_code,
        exclude_input_prompt=not show_code,
        exclude_output_prompt=True,
        embed_images=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"kit_csp": CSP})
    return body


def write_index(out_dir: str | os.PathLike[str]) -> Path:
    """Write ``<out_dir>/index.html`` listing every variant folder that holds a ``manifest.json``."""
    out = Path(out_dir)
    rows: list[str] = []
    manifests = []
    for manifest_path in sorted(out.glob("*/manifest.json")):
        with contextlib.suppress(OSError, ValueError):
            manifests.append(json.loads(manifest_path.read_text(encoding="utf-8")))
    e = html.escape
    synthetic = any(m.get("synthetic_data") for m in manifests)
    for m in manifests:
        name = str(m.get("variant", ""))
        href = urllib.parse.quote(name) + "/report.html"
        status = str(m.get("status", "unknown"))
        params = m.get("parameters", {}) or {}
        shown = {k: params[k] for k in ("hashtags", "start", "end") if params.get(k) not in (None, "", [])}
        what = "; ".join(f"{k}: {v}" for k, v in shown.items()) or "all tweets"
        error = m.get("error") or {}
        err_text = ""
        if error:
            err_text = f"cell {error.get('cell_index')}: {error.get('ename', '')}: {error.get('evalue', '')}"
        seconds = (m.get("timings") or {}).get("total_seconds")
        rows.append(
            f"<tr class=\"{e(status)}\"><td><a href=\"{e(href)}\">{e(name)}</a></td><td>{e(status)}</td>"
            f"<td>{e(what)}</td><td>{e(str(m.get('finished_at', '')))}</td>"
            f"<td>{e(f'{seconds:.1f} s' if isinstance(seconds, (int, float)) else '')}</td>"
            f"<td>{e(err_text)}</td></tr>"
        )
    banner = ("<p class=\"synthetic\"><strong>These reports are based on SYNTHETIC data</strong> generated by "
              "hashtag-kit; they describe no real people or tweets.</p>") if synthetic else ""
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">
<meta name="referrer" content="no-referrer">
<title>hashtag-kit reports</title>
<style>
body {{ font-family: Helvetica, Arial, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; }} th, td {{ padding: .3em .8em; border-bottom: 1px solid #ddd; text-align: left; }}
tr.failed td {{ background: #fdecea; }} .synthetic {{ background: #fff4ce; padding: .6em; border-left: 4px solid #E69F00; }}
</style></head>
<body><h1>Reports</h1>
{banner}
<table><thead><tr><th>variant</th><th>status</th><th>selection</th><th>rendered</th><th>time</th><th>error</th></tr></thead>
<tbody>
{chr(10).join(rows) if rows else '<tr><td colspan="6">no reports yet</td></tr>'}
</tbody></table></body></html>
"""
    return write_text_atomic(out / "index.html", page)


# --- rendering -----------------------------------------------------------------------------------
def _ipc_kernel_manager_class(env: Mapping[str, str] | None = None) -> type:
    """An ``AsyncKernelManager`` whose kernel listens on ipc sockets in a private temporary folder.

    ``env`` is added to the kernel's environment.
    """
    from jupyter_client.manager import AsyncKernelManager

    extra_env = dict(env or {})

    class IPCKernelManager(AsyncKernelManager):  # state: the private folder of its sockets
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            folder = tempfile.mkdtemp(prefix="kit-k-")
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("connection_file", os.path.join(folder, "kernel.json"))
            super().__init__(*args, **kwargs)
            self._kit_folder = folder

        async def start_kernel(self, **kw: Any) -> None:
            kw["env"] = {**(kw.get("env") or os.environ), **extra_env}
            await super().start_kernel(**kw)

        async def cleanup_resources(self, restart: bool = False) -> None:
            await super().cleanup_resources(restart=restart)
            if not restart:
                shutil.rmtree(self._kit_folder, ignore_errors=True)

    return IPCKernelManager


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


@contextlib.contextmanager
def _atomic_notebook_path(target: Path) -> Any:
    """Like :func:`kit.cache.atomic_path`, but the temporary file ends in ``.ipynb`` (papermill checks)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp.ipynb", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def render_one(job: Mapping[str, Any]) -> dict[str, Any]:
    """Render one variant (run in a worker process); returns its manifest. Never raises for a notebook error.

    ``job`` holds ``name``, ``parameters``, ``notebook``, ``out_dir``, ``show_code``, ``threads``,
    ``timeout`` and the precomputed ``manifest`` fields (hashes, versions).
    """
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    name = str(job["name"])
    folder = Path(job["out_dir"]) / name
    folder.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = dict(job["manifest"])
    manifest.update(variant=name, parameters=dict(job["parameters"]), status="running",
                    started_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    executed = None
    with _atomic_notebook_path(folder / "report.ipynb") as tmp_nb:
        try:
            executed = papermill.execute_notebook(
                str(job["notebook"]), str(tmp_nb), parameters=dict(job["parameters"]), kernel_name="python3",
                kernel_manager_class=_ipc_kernel_manager_class(kernel_env(int(job.get("threads") or 1))),
                extra_arguments=["--HistoryManager.enabled=False"],  # no shared history database to lock
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


def is_up_to_date(folder: str | os.PathLike[str], manifest: Mapping[str, Any]) -> bool:
    """Whether ``folder`` holds an ok render with the same notebook, data, parameters and kit version.

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
    return old.get("status") == "ok" and same_kit and all(
        _jsonable(old.get(k)) == _jsonable(manifest.get(k)) for k in keys)


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


@dataclasses.dataclass(frozen=True)
class RenderSummary:
    """What one :func:`render_variants` call did: one manifest per variant (status ok, failed or skipped)."""

    out_dir: Path
    manifests: tuple[dict[str, Any], ...]
    seconds: float

    @property
    def failed(self) -> list[dict[str, Any]]:
        """Manifests of the variants that failed."""
        return [m for m in self.manifests if m.get("status") == "failed"]


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
    progress: bool = True,
    timeout: int | None = None,
    default_data: str | os.PathLike[str] | None = None,
) -> RenderSummary:
    """Render ``variants`` of ``notebook`` into ``out_dir`` in parallel, then write the index.

    Parameters
    ----------
    variants
        What to render (see :func:`variants_from_options`, :func:`load_variants_file`).
    notebook
        The parameterized notebook (default ``notebooks/report.ipynb``).
    out_dir
        The reports folder (default ``reports/``); each variant goes to ``out_dir/<name>/``.
    workers
        Parallel worker processes (default: the number of cores, at most the number of variants).
    force
        Re-render variants that are up to date.
    show_code
        Keep code cells in the HTML pages.
    progress
        Show a progress bar (rich) on stderr.
    timeout
        Seconds allowed per cell (None: no limit).
    default_data
        ``data_path`` of variants that set none.

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
    notebook = Path(notebook) if notebook else config.notebooks_dir() / "report.ipynb"
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
                     "out_dir": str(out.resolve()), "show_code": show_code, "timeout": timeout, "manifest": manifest})
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
                      progress: bool = True) -> int:
    """Fit (or load) each corpus-wide topic model the jobs will need, once, before they run in parallel.

    Applies to notebooks with the report notebook's topic parameters; returns how many models were warmed.
    """
    needed = {"data_path", "topics", "topic_backend", "topic_sample_size", "seed"}
    if not needed <= set(spec):
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
        if progress:
            print(f"topic model of {Path(str(key[0])).name} ({key[1]}, {key[2]} texts, seed {key[3]}): "
                  "loading or fitting once for all variants", file=sys.stderr)
        try:
            corpus_topics(key[0], backend=str(key[1]), sample_size=int(key[2]), seed=int(key[3]))
        except Exception as exc:  # each variant will then report the error in its own topics cell
            print(f"warning: could not prepare the topic model ({type(exc).__name__}: {exc})", file=sys.stderr)
    return len(seen)


def _default_literal(entry: Mapping[str, Any]) -> Any:
    import ast

    with contextlib.suppress(Exception):
        return ast.literal_eval(str(entry.get("default")))
    return entry.get("default")


def _run_jobs(jobs: list[dict[str, Any]], workers: int, *, progress: bool) -> list[dict[str, Any]]:
    """Run render jobs in ``workers`` spawned processes, with a progress bar; collect every manifest."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    done: list[dict[str, Any]] = []
    console = Console(stderr=True)
    with Progress(TextColumn("[bold]rendering[/]"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=console, disable=not progress, transient=False) as bar:
        task = bar.add_task("", total=len(jobs))
        if workers == 1:
            for job in jobs:
                bar.update(task, description=job["name"])
                done.append(render_one(job))
                bar.advance(task)
            return done
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
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
                bar.update(task, description=f"{job['name']}: {manifest.get('status')}")
                bar.advance(task)
    return done


# --- helpers for the notebooks ---------------------------------------------------------------------
def setup_notebook(*, static_charts: bool = True) -> None:
    """Prepare a notebook kernel: the house chart theme, charts drawn as inline SVG, readable tables.

    Static SVG charts (drawn by vl-convert in the kernel, offline) make the exported HTML
    self-contained and script-free; pass ``static_charts=False`` in JupyterLab for interactive charts.
    """
    import warnings

    import altair as alt
    import polars as pl

    import kit.charts  # noqa: F401  (enables the house theme)

    # library housekeeping notices are noise in a report (they are not about the data)
    for category in (DeprecationWarning, FutureWarning):
        warnings.filterwarnings("ignore", category=category)
    warnings.filterwarnings("ignore", message="IProgress not found")

    alt.renderers.enable("svg" if static_charts else "default")
    alt.data_transformers.disable_max_rows()
    pl.Config.set_tbl_rows(25)
    pl.Config.set_fmt_str_lengths(120)
    pl.Config.set_tbl_hide_dataframe_shape(True)


def resolve_data_path(data_path: str | os.PathLike[str] | None) -> Path:
    """The table a notebook reads: ``data_path``, or the bundled synthetic sample when empty."""
    if data_path:
        path = Path(data_path).expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"no canonical table at {path}: import raw files with "
                                    "`kit import RAW... --out data/processed/NAME.parquet`, or leave data_path empty "
                                    "for the bundled synthetic sample")
        return path.resolve()
    from kit.sample import ensure_sample

    return Path(ensure_sample()).resolve()


def open_corpus(data_path: str | os.PathLike[str] | None):  # -> pl.LazyFrame
    """A lazy scan of the canonical table (the bundled sample when ``data_path`` is empty)."""
    import polars as pl

    return pl.scan_parquet(resolve_data_path(data_path))


@dataclasses.dataclass(frozen=True)
class Note:
    """A short message shown in place of a table or chart (e.g. an empty selection); falsy, escaped.

    >>> bool(Note("no tweets")), Note("<b>").text
    (False, '<b>')
    """

    text: str
    kind: str = "info"

    def __bool__(self) -> bool:
        return False

    @property
    def height(self) -> int:
        return 0

    def _repr_html_(self) -> str:
        colour = {"info": "#56B4E9", "warning": "#E69F00"}.get(self.kind, "#56B4E9")
        return (f'<div style="border-left:4px solid {colour};padding:.4em .8em;background:#f6f8fa">'
                f"{html.escape(self.text)}</div>")

    def _repr_markdown_(self) -> str:
        return html.escape(self.text)

    def __repr__(self) -> str:
        return self.text


def _is_empty(value: Any) -> bool:
    if isinstance(value, Note):
        return True
    height = getattr(value, "height", None)
    return isinstance(height, int) and height == 0 and hasattr(value, "columns")


def attempt(func: Any, *args: Any, **kwargs: Any) -> Any:
    """Call ``func(*args, **kwargs)`` unless an input is empty; a ``ValueError`` becomes a :class:`Note`.

    For report notebooks, where a variant may select no tweets: the section then says so instead of
    failing. Any other exception propagates (and the variant is reported as failed).

    >>> import polars as pl
    >>> attempt(len, pl.DataFrame({"a": []}))
    No tweets in this selection: nothing to show here.
    >>> attempt(int, "x").kind
    'warning'
    """
    for value in (*args, *kwargs.values()):
        if isinstance(value, Note):
            return value
        if _is_empty(value):
            return Note("No tweets in this selection: nothing to show here.")
    try:
        return func(*args, **kwargs)
    except ValueError as exc:
        return Note(f"Not computed: {exc}", kind="warning")


def chart(builder: Any, data: Any, **kwargs: Any) -> Any:
    """``builder(data, **kwargs)`` (a tuple ``data`` is unpacked), or a :class:`Note` when there is nothing to draw."""
    parts = data if isinstance(data, tuple) else (data,)
    if any(_is_empty(p) for p in parts[:1]):
        return parts[0] if isinstance(parts[0], Note) else Note("Nothing to draw for this selection.")
    return attempt(builder, *parts, **kwargs)


@dataclasses.dataclass(frozen=True)
class Table:
    """A frame shown as a plain HTML table: every cell escaped, floats rounded, lists joined.

    >>> import polars as pl
    >>> "&lt;b&gt;" in Table(pl.DataFrame({"a": ["<b>"]}))._repr_html_()
    True
    """

    frame: Any
    digits: int = 3

    def _cell(self, value: Any) -> str:
        if value is None:
            return "–"
        if isinstance(value, float):
            return f"{value:,.{self.digits}f}"
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value)
        return str(value)

    def _repr_html_(self) -> str:
        e = html.escape
        head = "".join(f"<th>{e(str(c))}</th>" for c in self.frame.columns)
        rows = "".join("<tr>" + "".join(f"<td>{e(self._cell(v))}</td>" for v in row) + "</tr>"
                       for row in self.frame.iter_rows())
        return (f'<table class="kit-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>')

    def __repr__(self) -> str:
        return repr(self.frame)


def table(data: Any, *, digits: int = 3, columns: Sequence[str] | None = None) -> Any:
    """A frame for display as a plain, escaped HTML :class:`Table` (optionally a subset of columns);
    a :class:`Note` when there are no rows."""
    import polars as pl

    if isinstance(data, Note):
        return data
    if not isinstance(data, pl.DataFrame):
        return data
    if data.height == 0:
        return Note("No rows for this selection.")
    return Table(data.select(columns) if columns else data, digits=digits)


def selection_from_parameters(hashtags: Sequence[str] = (), start: str = "", end: str = "", tz: str = "UTC",
                              langs: Sequence[str] = (), include_retweets: bool = True, match: str = "any"):
    """The :class:`kit.selection.Selection` a report notebook's parameters describe (empty strings = no bound)."""
    from kit.selection import Selection

    kinds = () if include_retweets else ("original", "quote", "reply")
    return Selection(hashtags=tuple(hashtags), match=match, start=start or None, end=end or None, tz=tz,  # type: ignore[arg-type]
                     langs=tuple(langs), kinds=kinds)


def header(data_path: str | os.PathLike[str] | None, selection: Any, tweets: Any, *, title: str = "") -> Any:
    """The report's opening block: title, a plain warning when the data are synthetic, what was selected,
    how many tweets, and a clear message when nothing matched. Every value is HTML-escaped."""
    from IPython.display import HTML

    path = resolve_data_path(data_path)
    e = html.escape
    n = int(getattr(tweets, "height", 0))
    heading = title or f"Report: {selection.describe()}"
    parts = [f"<h1>{e(heading)}</h1>"]
    if is_synthetic(path):
        parts.append('<p style="background:#fff4ce;border-left:4px solid #E69F00;padding:.6em">'
                     "<strong>These data are SYNTHETIC.</strong> They were generated by hashtag-kit's sample "
                     "generator to resemble #YesAllWomen in 2014; no tweet or account in this report is real, and "
                     "no finding here is a finding about the world.</p>")
    parts.append(f"<p><strong>Selection:</strong> {e(selection.describe())}<br><strong>Data:</strong> "
                 f"{e(path.name)}<br><strong>Tweets selected:</strong> {n:,}</p>")
    if n == 0:
        parts.append('<p style="background:#fdecea;border-left:4px solid #D55E00;padding:.6em"><strong>No tweets '
                     "match this selection.</strong> Check the hashtags (matched without '#', case-insensitive) "
                     "and the date range; the sections below are left empty.</p>")
    return HTML("\n".join(parts))


def key_figures(tweets: Any, selection: Any = None, **privacy: Any) -> Any:
    """The selection's key figures (from :func:`kit.describe.summary`) as a two-column table."""
    import polars as pl

    from kit import describe

    if _is_empty(tweets):
        return Note("No tweets in this selection: no figures to report.")
    f = describe.summary(tweets, selection=selection, **privacy)
    conc = f.get("concentration") or {}
    rows = [
        ("Tweets", f"{f['tweets']:,}"), ("Accounts", f"{f['accounts']:,}"),
        ("First tweet", str(f.get("start"))), ("Last tweet", str(f.get("end"))),
        ("Peak", f"{f.get('peak_time')} ({f.get('peak_tweets')} tweets per {f.get('peak_every')})"),
        ("Half-life after the peak (hours)", _fmt(f.get("half_life_hours"))),
        ("Share in the first 24 hours", _pct(f.get("share_first_24h"))),
        ("Share of retweets", _pct(f.get("share_retweets"))),
        ("Tweets from the most active 1 % of accounts", _pct(conc.get("top1_share"))),
        ("Tweets from the most active 10 % of accounts", _pct(conc.get("top10_share"))),
        ("Gini of tweets per account", _fmt(conc.get("gini"), 3)),
    ]
    return pl.DataFrame({"figure": [r[0] for r in rows], "value": [r[1] for r in rows]})


def _sides(corpus: Any, selection: Any, tag_a: str, tag_b: str) -> Any:
    """The tweets of ``#tag_a`` and of ``#tag_b`` within the selection's dates, languages and kinds."""
    import polars as pl

    from kit.selection import normalize_tag

    a, b = normalize_tag(tag_a or ""), normalize_tag(tag_b or "")
    if not a or not b:
        return Note("No comparison: set both compare_a and compare_b.")
    if a == b:
        return Note(f"No comparison: compare_a and compare_b are both #{a}.")
    window = dataclasses.replace(selection, hashtags=(), match="any")
    lf = window.apply(corpus if isinstance(corpus, pl.LazyFrame) else corpus.lazy())
    cols = ["created_at", "text", "is_retweet", "hashtags"]
    side_a = lf.filter(pl.col("hashtags").list.contains(a)).select(cols).collect()
    side_b = lf.filter(pl.col("hashtags").list.contains(b)).select(cols).collect()
    return (f"#{a}", side_a), (f"#{b}", side_b)


def compare_volumes(corpus: Any, selection: Any, tag_a: str, tag_b: str, *, every: str = "day") -> Any:
    """Volumes of two hashtags side by side within the selection's dates (:func:`kit.describe.compare_volume`)."""
    from kit import describe

    sides = _sides(corpus, selection, tag_a, tag_b)
    if isinstance(sides, Note):
        return sides
    (label_a, a), (label_b, b) = sides
    if a.height == 0 and b.height == 0:
        return Note(f"Neither {label_a} nor {label_b} occurs in this date range.")
    try:
        return describe.compare_volume(a, b, labels=(label_a, label_b), every=every, tz=selection.tz)
    except ValueError as exc:
        return Note(f"Not computed: {exc}", kind="warning")


def compare_words(corpus: Any, selection: Any, tag_a: str, tag_b: str, *, n: int = 15) -> Any:
    """Words that distinguish two hashtags within the selection's dates (:func:`kit.describe.distinguishing_words`)."""
    from kit import describe

    sides = _sides(corpus, selection, tag_a, tag_b)
    if isinstance(sides, Note):
        return sides
    (label_a, a), (label_b, b) = sides
    return attempt(describe.distinguishing_words, a, b, labels=(label_a, label_b),
                   exclude_tags=(label_a[1:], label_b[1:]), n=n)


def raw_files_or_sample(raw_paths: Sequence[str], *, n_tweets: int, seed: int) -> list[str]:
    """``raw_paths``, or — when empty — a synthetic raw file of ``n_tweets`` (generated once under ``data/raw/``)."""
    if raw_paths:
        missing = [p for p in raw_paths if not Path(p).expanduser().exists()]
        if missing:
            raise FileNotFoundError(f"raw file(s) not found: {', '.join(missing)}")
        return [str(Path(p).expanduser()) for p in raw_paths]
    from kit.sample import generate_sample

    out = config.raw_dir() / f"synthetic-{n_tweets}-s{seed}.jsonl.gz"
    if not out.is_file():
        generate_sample(n_tweets, seed=seed, out=out)
    return [str(out)]


#: Columns the corpus-wide topic model reads.
TOPIC_COLUMNS: tuple[str, ...] = ("tweet_id", "text", "hashtags")


@dataclasses.dataclass
class CorpusTopics:
    """The corpus-wide topic model's tables (``topics``, ``assignments``), its cache ``key`` and ``folder``;
    the fitted model itself (``model``) loads only when asked for (it needs BERTopic, slow to import)."""

    topics: Any
    assignments: Any
    key: str
    folder: Path | None = None
    _model: Any = None

    @property
    def model(self) -> Any:
        """The fitted :class:`kit.topics.model.TopicModel` (loaded from the cache on first use)."""
        if self._model is None:
            from kit.topics.model import TopicModel

            if self.folder is None:
                raise ValueError("this topic model was not cached; fit it with kit.topics.fit_or_load")
            self._model = TopicModel.load(self.folder)
        return self._model


def _topics_index(path: Path, params: Any) -> Path:
    from kit.topics import model as topic_model

    key = cache_key("report-topics", getattr(topic_model, "MODEL_VERSION", 0), data=file_hash(path),
                    params=params.to_dict())
    return config.cache_dir("report-topics", f"{key}.json")


def corpus_topics(data_path: str | os.PathLike[str] | None, *, enabled: bool = True, backend: str = "model2vec",
                  sample_size: int = 20_000, seed: int = config.DEFAULT_SEED, **options: Any) -> Any:
    """The corpus-wide topic model of a table (``kit.topics.fit_or_load``: fitted once, then loaded).

    Every report variant calls this with the *whole* table, so all variants share one model and their
    topics are comparable; :func:`render_variants` calls it once before the variants start, so no
    variant fits. A small index (``data/cache/report-topics/``, keyed by the table's file hash and the
    parameters) points to the cached model, so a variant reads two Parquet files instead of re-hashing
    every text and importing BERTopic. ``options`` are further :class:`kit.topics.TopicParams` fields.
    Returns a :class:`CorpusTopics`, or a :class:`Note` when disabled.
    """
    if not enabled:
        return Note("Topics are switched off for this report (parameter topics = False).")
    import polars as pl

    from kit.topics.model import TopicParams, fit_or_load

    path = resolve_data_path(data_path)
    params = TopicParams(backend=backend, sample_size=sample_size, seed=seed, **options)
    index = _topics_index(path, params)
    with contextlib.suppress(OSError, ValueError, KeyError):
        entry = json.loads(index.read_text(encoding="utf-8"))
        folder = Path(entry["folder"])
        if (folder / "topics.parquet").is_file() and (folder / "assignments.parquet").is_file():
            return CorpusTopics(topics=pl.read_parquet(folder / "topics.parquet"),
                                assignments=pl.read_parquet(folder / "assignments.parquet"),
                                key=str(entry["key"]), folder=folder)
    frame = pl.read_parquet(path, columns=list(TOPIC_COLUMNS))
    result = fit_or_load(frame, params, progress=False)
    if result.folder is not None:
        write_json_atomic(index, {"folder": str(result.folder), "key": result.key, "data": str(path)})
    return CorpusTopics(topics=result.topics, assignments=result.assignments, key=result.key,
                        folder=result.folder, _model=result.model)


def topic_shares(result: Any, tweets: Any, *, n: int = 10) -> Any:
    """How the selected tweets spread over the corpus-wide topics: ``topic``, ``label``, ``tweets``, ``share``,
    ``words`` (the ``n`` largest topics; ``-1`` gathers the tweets no topic fits)."""
    import polars as pl

    if isinstance(result, Note):
        return result
    if _is_empty(tweets):
        return Note("No tweets in this selection: no topics to show.")
    joined = result.assignments.join(tweets.select("tweet_id"), on="tweet_id", how="inner")
    total = max(joined.height, 1)
    info = result.topics.select("topic", "label", "words")
    return (joined.group_by("topic").agg(pl.len().cast(pl.Int64).alias("tweets"))
            .join(info, on="topic", how="left")
            .with_columns((pl.col("tweets") / total).alias("share"),
                          pl.when(pl.col("topic") == -1).then(pl.lit("(no clear topic)"))
                          .otherwise(pl.col("label")).alias("label"))
            .sort(["tweets", "topic"], descending=[True, False]).head(n)
            .select("topic", "label", "tweets", "share", "words"))


def import_figures(report: Any) -> Any:
    """An import report (:class:`kit.ingest.report.ImportReport`) as a two-column table of its counts."""
    import polars as pl

    doc = report.to_dict() if hasattr(report, "to_dict") else dict(report)
    rows: list[tuple[str, str]] = []
    for key, value in doc.items():
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (int, float)):
            rows.append((key.replace("_", " "), f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"))
        elif isinstance(value, dict) and value and all(isinstance(v, (int, float)) for v in value.values()):
            rows.extend((f"{key.replace('_', ' ')}: {k}", f"{v:,}") for k, v in sorted(value.items()))
    return Table(pl.DataFrame({"figure": [r[0] for r in rows], "value": [r[1] for r in rows]},
                              schema={"figure": pl.String, "value": pl.String}))


def missing_values(tweets: Any) -> Any:
    """How complete each canonical column is: ``column``, ``missing`` (nulls), ``share`` — the incomplete first."""
    import polars as pl

    frame = tweets.collect() if isinstance(tweets, pl.LazyFrame) else tweets
    nulls = frame.null_count().row(0)
    out = pl.DataFrame({"column": frame.columns, "missing": [int(n) for n in nulls]},
                       schema={"column": pl.String, "missing": pl.Int64})
    return out.with_columns((pl.col("missing") / max(frame.height, 1)).alias("share")).sort(
        ["missing", "column"], descending=[True, False])


def _fmt(value: Any, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _pct(value: Any) -> str:
    return "–" if value is None else f"{100 * value:.1f} %"


# --- the command line ----------------------------------------------------------------------------
def cli_render(args: Any) -> int:
    """``kit render``: build variants from options or ``--variants FILE``, render them, print a summary.

    Returns 0 when every variant is ok or up to date, 1 when any failed.
    """
    notebook = Path(args.notebook) if args.notebook else config.notebooks_dir() / "report.ipynb"
    if not notebook.is_file():
        raise FileNotFoundError(f"notebook {notebook} not found (pass --notebook PATH)")
    spec = notebook_parameters(notebook)
    params = parse_param_options(args.param or [], spec)
    data: Path | None = Path(args.data).expanduser().resolve() if args.data else None
    variant_options = bool(args.hashtag or args.start or args.end or args.period)
    if args.variants:
        if variant_options:
            raise ValueError("use either --variants FILE or --hashtag/--start/--end/--period, not both")
        variants = [Variant(v.name, {**v.parameters, **params, **({"data_path": str(data)} if data else {})})
                    for v in load_variants_file(args.variants)]
        if data is None and any(not v.parameters.get("data_path") for v in variants):
            data = _bundled_sample()
    elif variant_options:
        data = data or _bundled_sample()
        variants = variants_from_options(hashtags=args.hashtag, start=args.start, end=args.end, period=args.period,
                                         data_path=data, params=params)
    else:
        is_sample = data is None
        data = data or _bundled_sample()
        variants = [Variant(v.name, {**v.parameters, **params}) for v in default_variants(data, is_sample=is_sample)]
    summary = render_variants(variants, notebook=notebook, out_dir=args.out, workers=args.workers, force=args.force,
                              show_code=args.show_code, default_data=data)
    return _print_summary(summary)


def _bundled_sample() -> Path:
    from kit.sample import ensure_sample

    return Path(ensure_sample()).resolve()


def _print_summary(summary: RenderSummary) -> int:
    from rich.console import Console
    from rich.markup import escape

    console = Console(stderr=False)
    for m in summary.manifests:
        status = "up to date" if m.get("skipped") else m.get("status")
        line = f"{escape(str(m.get('variant')))}: {status}"
        error = m.get("error")
        if m.get("status") == "failed" and error:
            line += escape(f" — cell {error.get('cell_index')}: {error.get('ename')}: {error.get('evalue')}")
        console.print(line, highlight=False)
    console.print(f"{len(summary.manifests)} variant(s) in {summary.seconds:.1f} s; open "
                  f"{escape(str(summary.out_dir / 'index.html'))}", highlight=False)
    return 1 if summary.failed else 0
