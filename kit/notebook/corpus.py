"""Helpers any notebook calls in one line each: kernel set-up, opening the corpus, the selection, time bins,
import figures and missing values."""

from __future__ import annotations

import dataclasses
import html
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kit import config
from kit.notebook.console import show_kit_messages
from kit.notebook.display import Table, synthetic_banner


def setup_notebook(*, static_charts: bool = False) -> None:
    """Prepare a notebook kernel: the house chart theme, interactive charts that work offline, readable tables,
    and the kit's own messages shown (:func:`kit.notebook.console.show_kit_messages`).

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

    show_kit_messages()
    renderer.setup(static=static_charts)
    alt.data_transformers.disable_max_rows()
    pl.Config.set_tbl_rows(25)
    pl.Config.set_fmt_str_lengths(120)
    pl.Config.set_tbl_hide_dataframe_shape(True)


def check_canonical_table(path: str | os.PathLike[str], *, use: str = "kit render --data") -> Path:
    """Return ``path`` if it is a Parquet file, else raise ValueError saying how to import it.

    Reads four bytes, so that a raw tweet file given as a table is refused at once; ``use`` is how
    the imported table is then given (``kit render --data``, ``data_path =``).

    >>> check_canonical_table("tweets.jsonl.gz")  # doctest: +SKIP
    Traceback (most recent call last):
    ValueError: tweets.jsonl.gz is not a canonical table (Parquet) but, by its content, raw data; import it first: ...
    """
    path = Path(path)
    with open(path, "rb") as handle:
        magic = handle.read(4)
    if magic == b"PAR1":
        return path
    stem = path.name.split(".")[0] or "tweets"
    kind = {b"\x1f\x8b": "gzip-compressed data", b"BZ": "bzip2-compressed data", b"\xfd7": "xz-compressed data"}.get(
        magic[:2], "raw data (tweets as JSON or CSV?)"
    )
    raise ValueError(
        f"{path} is not a canonical table (Parquet) but, by its content, {kind}; import it first: "
        f"`kit import {path} --out data/processed/{stem}.parquet`, then "
        f"`{use} data/processed/{stem}.parquet`"
    )


def data_path_candidates(data_path: str | os.PathLike[str]) -> list[Path]:
    """Where a table named ``data_path`` is looked for, in order: an absolute path (``~`` expanded) as
    it is; a relative one from the project root (:func:`kit.config.from_root`), then from the working
    directory (a notebook's is ``notebooks/``).

    >>> from kit import config
    >>> data_path_candidates("data/x.parquet")[0] == config.project_root() / "data" / "x.parquet"
    True
    """
    given = Path(data_path).expanduser()
    if given.is_absolute():
        return [given]
    out: list[Path] = []
    for candidate in (config.from_root(given), Path.cwd() / given):
        if candidate.resolve() not in [c.resolve() for c in out]:
            out.append(candidate)
    return out


def resolve_data_path(data_path: str | os.PathLike[str] | None) -> Path:
    """The table a notebook reads: ``data_path`` (see :func:`data_path_candidates`), or the bundled
    synthetic sample when empty.

    Raises FileNotFoundError naming every path tried, and ValueError for a raw tweet file given in
    place of a canonical table (with the ``kit import`` command that makes one).
    """
    if data_path:
        tried = data_path_candidates(data_path)
        found = next((p for p in tried if p.is_file()), None)
        if found is None:
            stem = Path(data_path).name.split(".")[0] or "NAME"
            raise FileNotFoundError(
                f"no canonical table at {data_path!s} (tried " + ", ".join(str(p) for p in tried) + "): "
                f"import raw files with `kit import RAW... --out data/processed/{stem}.parquet` and set "
                f'data_path = "data/processed/{stem}.parquet" (relative paths start at the project root '
                f"{config.project_root()}; set KIT_HOME to change it), or leave data_path empty for "
                "the table notebook 01 wrote or the bundled synthetic sample"
            )
        return check_canonical_table(found, use="data_path =").resolve()
    from kit.sample import ensure_sample

    return Path(ensure_sample()).resolve()


def open_corpus(data_path: str | os.PathLike[str] | None):  # -> pl.LazyFrame
    """A lazy scan of the canonical table (the bundled sample when ``data_path`` is empty)."""
    import polars as pl

    return pl.scan_parquet(resolve_data_path(data_path))


def most_frequent_hashtag(corpus: Any) -> tuple[str, int] | None:
    """The most frequent hashtag of ``corpus`` (eager or lazy) and the tweets carrying it; None without hashtags.

    >>> import polars as pl
    >>> most_frequent_hashtag(pl.DataFrame({"hashtags": [["a", "b"], ["b"], []]}))
    ('b', 2)
    """
    from kit import describe

    top = describe.top_hashtags(corpus, 1)
    return (str(top["hashtag"][0]), int(top["tweets"][0])) if top.height else None


def most_frequent_co_hashtag(tweets: Any, hashtag: str) -> tuple[str, int] | None:
    """The hashtag used most often together with ``hashtag`` in ``tweets``, and in how many tweets; None
    when no other hashtag occurs with it (the default second side of every comparison).

    >>> import polars as pl
    >>> most_frequent_co_hashtag(pl.DataFrame({"hashtags": [["a", "b"], ["a", "b"], ["a", "c"]]}), "#A")
    ('b', 2)
    """
    from kit import describe

    co = describe.co_hashtags(tweets, [hashtag], 1)
    return (str(co["hashtag"][0]), int(co["tweets"][0])) if co.height else None


@dataclasses.dataclass(frozen=True)
class NotebookData:
    """What a numbered notebook studies: the table, its lazy scan, the hashtags, and why each was chosen.

    Shown in a notebook, it is the synthetic-data banner (when the data are synthetic) and one line per
    choice made for the reader (the table when ``data_path`` was empty, hashtags taken from the data).
    """

    path: Path
    corpus: Any  # pl.LazyFrame
    synthetic: bool
    hashtags: list[str]
    counter: str
    lines: tuple[str, ...]

    @property
    def hashtag(self) -> str:
        """The first hashtag studied ("" when none)."""
        return self.hashtags[0] if self.hashtags else ""

    @property
    def tags(self) -> list[str]:
        """The hashtags studied, then the counter-hashtag (when there is one)."""
        return [*self.hashtags, self.counter] if self.counter else list(self.hashtags)

    @property
    def pair(self) -> tuple[str, str] | None:
        """``(hashtag, counter)`` for a comparison; None when either is missing."""
        return (self.hashtag, self.counter) if self.hashtag and self.counter else None

    def _repr_html_(self) -> str:
        banner = synthetic_banner() if self.synthetic else ""
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self.lines)
        return f'{banner}<ul class="kit-data">{items}</ul>'

    def __repr__(self) -> str:
        head = "These data are SYNTHETIC (generated by hashtag-kit; nothing here is real).\n" if self.synthetic else ""
        return head + "\n".join(self.lines)


def _absent(corpus: Any, tags: Sequence[str]) -> list[str]:
    """A line naming the ``tags`` no tweet of ``corpus`` carries, with the nearest hashtags of the data."""
    import polars as pl

    if not tags:
        return []
    found = corpus.select(pl.col("hashtags").explode().alias("tag")).filter(pl.col("tag").is_in(list(tags)))
    present = set(found.unique().collect()["tag"].to_list())
    absent = [t for t in tags if t not in present]
    if not absent:
        return []
    near = [t for t in nearest_hashtags(corpus, absent) if t not in tags]
    hint = (" Did you mean " + " or ".join(f"#{t}" for t in near) + "?") if near else ""
    top = most_frequent_hashtag(corpus)
    if top is not None and top[0] not in near:  # e.g. the workshop's #yesallwomen default on other data
        hint += (
            f" The most frequent hashtag of these data is #{top[0]} ({top[1]:,} tweets): leave the hashtag "
            "parameter empty to study the most frequent one."
        )
    return [
        "No tweet in these data carries " + ", ".join(f"#{t}" for t in absent) + ": the sections about it stay "
        f"empty.{hint} (Hashtags match without '#', in any case.)"
    ]


def open_data(
    data_path: str | os.PathLike[str] | None = "",
    *,
    hashtags: Sequence[str] | None = None,
    counter: str | None = None,
) -> NotebookData:
    """Open what notebooks 02-05 study and fill in what the parameters leave empty, from the data.

    Parameters
    ----------
    data_path
        A canonical table (see :func:`resolve_data_path`). Empty: the table ``01-import.ipynb`` wrote
        (:func:`kit.config.notebook_import_path`) when it exists, else the bundled synthetic sample.
    hashtags
        The hashtags studied; empty: the most frequent hashtag of the table; None: none needed.
    counter
        The counter-hashtag; empty: the most frequent co-hashtag of the first hashtag (none when no
        other hashtag occurs with it, and a line says the comparison is skipped); None: none needed.

    Examples
    --------
    >>> data = open_data("", hashtags=[], counter="")  # doctest: +SKIP
    >>> data.hashtags, data.counter  # doctest: +SKIP
    (['yesallwomen'], 'notallmen')
    """
    import polars as pl

    from kit.sample import is_synthetic
    from kit.selection import normalize_tag

    lines: list[str] = []
    chained = config.notebook_import_path()
    if not data_path and chained.is_file():
        path = check_canonical_table(chained, use="data_path =").resolve()
        lines.append(f"Data: {path} — the table 01-import.ipynb wrote (data_path is empty).")
    else:
        path = resolve_data_path(data_path)
        why = (
            "" if data_path else " — the bundled synthetic sample (data_path is empty and 01-import.ipynb has not run)"
        )
        lines.append(f"Data: {path}{why}.")
    corpus = pl.scan_parquet(path)
    tags = [normalize_tag(t) for t in hashtags or () if normalize_tag(t)]
    if hashtags is not None and not tags:
        top = most_frequent_hashtag(corpus)
        if top is None:
            lines.append("Hashtag: none — no tweet in these data has a hashtag; every tweet is kept.")
        else:
            tags = [top[0]]
            lines.append(
                f"Hashtag: #{top[0]}, the most frequent of the data ({top[1]:,} tweets; set the hashtag parameter to choose)."
            )
    other = normalize_tag(counter or "")
    lines.extend(_absent(corpus, [t for t in (*tags, other) if t]))
    if counter is not None and not other and tags:
        co = most_frequent_co_hashtag(corpus, tags[0])
        if co is None:
            lines.append(
                f"Counter-hashtag: none — no other hashtag occurs with #{tags[0]}, so the comparison "
                "is skipped (set the counter-hashtag parameter to compare)."
            )
        else:
            other = co[0]
            lines.append(
                f"Counter-hashtag: #{other}, the most frequent co-hashtag of #{tags[0]} (together in "
                f"{co[1]:,} tweets; set the counter-hashtag parameter to choose)."
            )
    return NotebookData(
        path=path, corpus=corpus, synthetic=is_synthetic(path), hashtags=tags, counter=other, lines=tuple(lines)
    )


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


def raw_files_or_sample(raw_paths: Sequence[str] | str | os.PathLike[str], *, n_tweets: int, seed: int) -> list[str]:
    """``raw_paths`` (relative ones from the project root), or — when empty — a synthetic raw file of ``n_tweets`` (generated once under ``data/raw/``).

    One path given as a string counts as one path, not as a list of characters: ``papermill -p raw_paths
    data/raw/mine`` passes a string where the notebook's default is a list.
    """
    if isinstance(raw_paths, (str, os.PathLike)):
        raw_paths = [os.fspath(raw_paths)] if os.fspath(raw_paths).strip() else []
    if raw_paths:
        found: list[str] = []
        for given in raw_paths:
            tried = data_path_candidates(given)
            hit = next((p for p in tried if p.exists()), None)
            if hit is None:
                raise FileNotFoundError(
                    f"raw file {given} not found (tried {', '.join(map(str, tried))}); "
                    f"relative paths start at the project root {config.project_root()}"
                )
            found.append(str(hit))
        return found
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
