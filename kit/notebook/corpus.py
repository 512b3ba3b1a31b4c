"""Helpers any notebook calls in one line each: kernel set-up, opening the corpus, the selection, time bins,
import figures and missing values."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kit import config
from kit.notebook.display import Table


def setup_notebook(*, static_charts: bool = False) -> None:
    """Prepare a notebook kernel: the house chart theme, interactive charts that work offline, readable tables.

    Charts are interactive (tooltips, zoom, selections; Vega bundled with the kit, shown once as this
    cell's output, see :mod:`kit.charts.renderer`). ``static_charts=True`` draws them as inline SVG in
    the kernel instead (vl-convert, offline): script-free pages, what rendered reports use.
    """
    import warnings

    import altair as alt
    import polars as pl

    import kit.charts  # noqa: F401  (enables the house theme)
    from kit.charts import renderer

    # library housekeeping notices are noise in a report (they are not about the data)
    for category in (DeprecationWarning, FutureWarning):
        warnings.filterwarnings("ignore", category=category)
    warnings.filterwarnings("ignore", message="IProgress not found")

    renderer.setup(static=static_charts)
    alt.data_transformers.disable_max_rows()
    pl.Config.set_tbl_rows(25)
    pl.Config.set_fmt_str_lengths(120)
    pl.Config.set_tbl_hide_dataframe_shape(True)


def resolve_data_path(data_path: str | os.PathLike[str] | None) -> Path:
    """The table a notebook reads: ``data_path``, or the bundled synthetic sample when empty."""
    if data_path:
        path = Path(data_path).expanduser()
        if not path.is_file():
            raise FileNotFoundError(
                f"no canonical table at {path}: import raw files with "
                "`kit import RAW... --out data/processed/NAME.parquet`, or leave data_path empty "
                "for the bundled synthetic sample"
            )
        return path.resolve()
    from kit.sample import ensure_sample

    return Path(ensure_sample()).resolve()


def open_corpus(data_path: str | os.PathLike[str] | None):  # -> pl.LazyFrame
    """A lazy scan of the canonical table (the bundled sample when ``data_path`` is empty)."""
    import polars as pl

    return pl.scan_parquet(resolve_data_path(data_path))


def selection_from_parameters(
    hashtags: Sequence[str] = (),
    start: str = "",
    end: str = "",
    tz: str = "UTC",
    langs: Sequence[str] = (),
    include_retweets: bool = True,
    match: str = "any",
):
    """The :class:`kit.selection.Selection` a report notebook's parameters describe (empty strings = no bound)."""
    from kit.selection import Selection

    kinds = () if include_retweets else ("original", "quote", "reply")
    return Selection(
        hashtags=tuple(hashtags),
        match=match,
        start=start or None,
        end=end or None,
        tz=tz,  # type: ignore[arg-type]
        langs=tuple(langs),
        kinds=kinds,
    )


def time_bins(tweets: Any, every: str = "") -> str:
    """The time bin of a report: ``every`` if set (any :mod:`kit.timebins` bin), else chosen from the span
    of ``tweets`` (the widest bin giving at least 50 bins: hours for a burst, days for months, weeks for years).

    >>> import polars as pl, datetime as dt
    >>> frame = pl.DataFrame({"created_at": [dt.datetime(2019, 6, 1), dt.datetime(2021, 9, 1)]})
    >>> time_bins(frame), time_bins(frame, "day")
    ('1w', '1d')
    """
    from kit import timebins

    lo = hi = None
    if "created_at" in getattr(tweets, "columns", ()) and getattr(tweets, "height", 0):
        lo, hi = tweets["created_at"].min(), tweets["created_at"].max()
    return timebins.choose(every, lo, hi)


def nearest_hashtags(corpus: Any, tags: Sequence[str], n: int = 3, *, vocabulary: int = 20_000) -> list[str]:
    """Hashtags of the data closest in spelling to ``tags`` (difflib), for "did you mean …?".

    Only the ``vocabulary`` most frequent hashtags of the data are compared.
    """
    import difflib

    import polars as pl

    from kit.selection import normalize_tag

    lf = corpus if isinstance(corpus, pl.LazyFrame) else corpus.lazy()
    common = (
        lf.select(pl.col("hashtags").explode().alias("tag"))
        .drop_nulls()
        .group_by("tag")
        .len()
        .sort(["len", "tag"], descending=[True, False])
        .head(vocabulary)
        .collect()["tag"]
        .to_list()
    )
    out: list[str] = []
    for tag in tags:
        for match in difflib.get_close_matches(normalize_tag(tag), common, n=n, cutoff=0.6):
            if match not in out:
                out.append(match)
    return out[:n]


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
    return Table(
        pl.DataFrame(
            {"figure": [r[0] for r in rows], "value": [r[1] for r in rows]},
            schema={"figure": pl.String, "value": pl.String},
        )
    )


def missing_values(tweets: Any) -> Any:
    """How complete each canonical column is: ``column``, ``missing`` (nulls), ``share`` — the incomplete first."""
    import polars as pl

    frame = tweets.collect() if isinstance(tweets, pl.LazyFrame) else tweets
    nulls = frame.null_count().row(0)
    out = pl.DataFrame(
        {"column": frame.columns, "missing": [int(n) for n in nulls]}, schema={"column": pl.String, "missing": pl.Int64}
    )
    return out.with_columns((pl.col("missing") / max(frame.height, 1)).alias("share")).sort(
        ["missing", "column"], descending=[True, False]
    )
