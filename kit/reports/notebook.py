"""Helpers the notebooks call in one line each: kernel set-up, opening the corpus, the selection,
the report header, key figures, hashtag comparisons, import figures."""

from __future__ import annotations

import dataclasses
import html
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kit import config
from kit.reports.display import Note, Table, _is_empty, attempt
from kit.reports.provenance import is_synthetic
from kit.schema import platforms_named


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


def selection_from_parameters(hashtags: Sequence[str] = (), start: str = "", end: str = "", tz: str = "UTC",
                              langs: Sequence[str] = (), include_retweets: bool = True, match: str = "any"):
    """The :class:`kit.selection.Selection` a report notebook's parameters describe (empty strings = no bound)."""
    from kit.selection import Selection

    kinds = () if include_retweets else ("original", "quote", "reply")
    return Selection(hashtags=tuple(hashtags), match=match, start=start or None, end=end or None, tz=tz,  # type: ignore[arg-type]
                     langs=tuple(langs), kinds=kinds)


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


def _accounts(tweets: Any) -> int:
    import polars as pl

    key = pl.coalesce(pl.col("author_id"), pl.col("author_username").str.to_lowercase())
    return int(tweets.select(key.drop_nulls().n_unique()).item()) if tweets.height else 0


def nearest_hashtags(corpus: Any, tags: Sequence[str], n: int = 3, *, vocabulary: int = 20_000) -> list[str]:
    """Hashtags of the data closest in spelling to ``tags`` (difflib), for "did you mean …?".

    Only the ``vocabulary`` most frequent hashtags of the data are compared.
    """
    import difflib

    import polars as pl

    from kit.selection import normalize_tag

    lf = corpus if isinstance(corpus, pl.LazyFrame) else corpus.lazy()
    common = (lf.select(pl.col("hashtags").explode().alias("tag")).drop_nulls().group_by("tag").len()
              .sort(["len", "tag"], descending=[True, False]).head(vocabulary).collect()["tag"].to_list())
    out: list[str] = []
    for tag in tags:
        for match in difflib.get_close_matches(normalize_tag(tag), common, n=n, cutoff=0.6):
            if match not in out:
                out.append(match)
    return out[:n]


@dataclasses.dataclass(frozen=True)
class _Published:
    """HTML that also publishes figures for the index (in its output's ``metadata["kit"]``)."""

    html: str
    figures: dict[str, Any]

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        return {"text/html": self.html, "text/plain": "(report header)"}, {"kit": self.figures}


def variant_figures(tweets: Any, every: str) -> dict[str, Any]:
    """The figures the index compares across variants: tweets, accounts, peak, share of retweets, timeline."""
    import polars as pl

    from kit import describe, timebins

    n = int(getattr(tweets, "height", 0))
    figures: dict[str, Any] = {"tweets": n, "accounts": _accounts(tweets) if n else 0, "every": every,
                               "every_words": timebins.describe_step(every)}
    if n:
        retweets = tweets["is_retweet"].fill_null(False).sum()
        figures["share_retweets"] = round(float(retweets) / n, 4)
        vol = describe.volume(tweets, every, by_kind=False)
        if vol.height:
            peak = vol.sort(["tweets", "time"], descending=[True, False]).row(0, named=True)
            figures.update(peak_time=peak["time"].isoformat(), peak_tweets=int(peak["tweets"]),
                           timeline={"time": vol["time"].dt.strftime("%Y-%m-%dT%H:%M:%S").to_list(),
                                     "tweets": vol["tweets"].cast(pl.Int64).to_list()})
    return figures


def header(data_path: str | os.PathLike[str] | None, selection: Any, tweets: Any, *, title: str = "",
           every: str = "", corpus: Any = None) -> Any:
    """The report's opening block: title, a plain warning when the data are synthetic, what was selected,
    how many tweets, and — when nothing matched — the nearest hashtags of the data ("did you mean …?").

    Every value is HTML-escaped. It also publishes the variant's figures (:func:`variant_figures`) in
    its output's metadata, from which ``kit render`` marks the variant ``empty`` and builds the index.
    """
    path = resolve_data_path(data_path)
    e = html.escape
    n = int(getattr(tweets, "height", 0))
    figures = variant_figures(tweets, every or time_bins(tweets))
    heading = title or f"Report: {selection.describe()}"
    parts = [f"<h1>{e(heading)}</h1>"]
    if is_synthetic(path):
        parts.append('<p style="background:#fff4ce;border-left:4px solid #E69F00;padding:.6em">'
                     "<strong>These data are SYNTHETIC.</strong> They were generated by hashtag-kit's sample "
                     "generator to resemble #YesAllWomen in 2014; no tweet or account in this report is real, and "
                     "no finding here is a finding about the world.</p>")
    parts.append(f"<p><strong>Selection:</strong> {e(selection.describe())}<br><strong>Data:</strong> "
                 f"{e(path.name)}<br><strong>Platform:</strong> {e(platforms_named(tweets))}<br><strong>Tweets selected:</strong> {n:,}</p>")
    if n == 0:
        hint = ""
        if getattr(selection, "hashtags", ()):
            import polars as pl

            lf = corpus if corpus is not None else pl.scan_parquet(path)
            near = [t for t in nearest_hashtags(lf, selection.hashtags) if t not in selection.hashtags]
            figures["did_you_mean"] = near
            if near:
                hint = " Did you mean " + " or ".join(f"<strong>#{e(t)}</strong>" for t in near) + "?"
        parts.append('<p style="background:#fdecea;border-left:4px solid #D55E00;padding:.6em"><strong>No tweets '
                     "match this selection.</strong> Check the hashtags (matched without '#', case-insensitive) "
                     f"and the date range; the sections below are left empty.{hint}</p>")
    return _Published("\n".join(parts), figures)


_DETECTED_LANG_COLUMNS = ("lang_detected", "detected_lang", "lang_id")


def data_quality(data_path: str | os.PathLike[str] | None, tweets: Any) -> Any:
    """The report's first section: where the data come from and what they lack.

    Formats, files, skipped records, duplicates and warnings come from ``NAME.import.json`` beside the
    table when present; truncated retweets, missing fields and languages are computed from the
    selected tweets. Ends with what cannot be computed and why (no dates, no authors, no languages).
    """
    import json

    import polars as pl

    path = resolve_data_path(data_path)
    rows: list[tuple[str, str]] = []
    report_path = path.with_name(path.name.removesuffix(".parquet") + ".import.json")
    doc: dict[str, Any] = {}
    if report_path.is_file():
        try:
            doc = json.loads(report_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            doc = {}
    n = int(tweets.height)
    formats = (tweets.group_by("source_format").len().sort("len", descending=True).iter_rows()
               if n and "source_format" in tweets.columns else [])
    rows.append(("Formats (selected tweets)", ", ".join(f"{f or '–'} {c:,}" for f, c in formats) or "–"))
    if doc:
        files = doc.get("files") or []
        rows.append(("Import report", report_path.name))
        rows.append(("Files imported", f"{len(files):,}"))
        rows.append(("Lines read", f"{int(doc.get('lines_read') or 0):,}"))
        rows.append(("Tweets written", f"{int(doc.get('tweets_written') or 0):,}"))
        rows.append(("Duplicates merged", f"{int(doc.get('duplicates_merged') or 0):,}"))
        skipped = doc.get("skipped") or {}
        rows.append(("Records skipped", f"{sum(skipped.values()):,}" + (
            " (" + ", ".join(f"{k}: {v:,}" for k, v in sorted(skipped.items(), key=lambda kv: -kv[1])[:5]) + ")"
            if skipped else "")))
        if doc.get("warnings"):
            rows.append(("Import warnings", f"{len(doc['warnings']):,} (see {report_path.name})"))
    else:
        rows.append(("Import report", f"none beside the table ({report_path.name}): skipped records unknown"))
    limits: list[str] = []
    if n:
        trunc = tweets.filter(pl.col("is_truncated").fill_null(False))
        rt = int(trunc["is_retweet"].fill_null(False).sum())
        rows.append(("Truncated texts", f"{trunc.height:,} ({rt:,} of them retweets whose original was not in "
                                        "the data)" if trunc.height else "0"))
        checks = {"created_at": "date", "author_id": "author id", "author_username": "author handle",
                  "text": "text", "lang": "platform language"}
        missing = {c: int(tweets[c].null_count()) for c in checks if c in tweets.columns}
        rows.append(("Missing fields", ", ".join(f"{checks[c]} {m:,} ({m / n:.0%})" for c, m in missing.items() if m)
                     or "none"))
        langs = (tweets.group_by(pl.col("lang").fill_null("unknown")).len().sort(["len", "lang"], descending=[True, False])
                 .head(6))
        rows.append(("Languages (platform's lang)", ", ".join(f"{lg} {c / n:.0%}" for lg, c in langs.iter_rows())))
        for column in _DETECTED_LANG_COLUMNS:
            if column in tweets.columns:
                det = (tweets.group_by(pl.col(column).fill_null("unknown")).len()
                       .sort(["len", column], descending=[True, False]).head(6))
                rows.append(("Languages (detected from the text)", ", ".join(f"{lg} {c / n:.0%}"
                                                                            for lg, c in det.iter_rows())))
                break
        if missing.get("created_at") == n:
            limits.append("No tweet has a date (created_at): the timelines, the peak, the half-life and every "
                          "section over time cannot be computed. Re-import from a source that keeps the dates.")
        if missing.get("author_id", n) == n and missing.get("author_username", n) == n:
            limits.append("No tweet names its author: accounts, concentration and the networks of accounts cannot "
                          "be computed. Re-import from a source that keeps the authors.")
        if missing.get("lang", n) == n and not any(c in tweets.columns for c in _DETECTED_LANG_COLUMNS):
            limits.append("No tweet has a language code: selections by language keep nothing.")
    body = Table(pl.DataFrame({"what": [r[0] for r in rows], "value": [r[1] for r in rows]},
                              schema={"what": pl.String, "value": pl.String}),
                 title="Where the data come from and what they lack")._repr_html_()
    if limits:
        items = "".join(f"<li>{html.escape(t)}</li>" for t in limits)
        body += (f'<div style="border-left:4px solid #D55E00;padding:.4em .8em;background:#fdecea">'
                 f"<strong>What this report cannot compute</strong><ul>{items}</ul></div>")
    from IPython.display import HTML

    return HTML(body)


def key_figures(tweets: Any, selection: Any = None, *, every: str = "", **privacy: Any) -> Any:
    """The selection's key figures (from :func:`kit.describe.summary`) as a titled two-column table.

    The peak is flagged when it falls in the first or last time bin (the window may cut the burst);
    the half-life is given only when the decay is observed (a later bin falls to half the peak).
    Figures that cannot be computed read "–" with the reason.
    """
    import polars as pl

    from kit import describe, timebins

    if _is_empty(tweets):
        return Note("No tweets in this selection: no figures to report.")
    step = every or time_bins(tweets)
    f = describe.summary(tweets, selection=selection, every=step, **privacy)
    conc = f.get("concentration") or {}
    dated = tweets["created_at"].null_count() < tweets.height
    has_authors = f["accounts"] > 0
    peak = half = "–"
    if dated:
        vol = describe.volume(tweets, step, by_kind=False, tz=getattr(selection, "tz", None) or "UTC")
        top = vol.sort(["tweets", "time"], descending=[True, False]).row(0, named=True)
        life = describe.life_cycle(tweets, None, every=step).row(0, named=True)
        peak = f"{_when(top['time'])} ({top['tweets']:,} tweets in the {timebins.describe_step(step)})"
        # the busiest height is reached in the first or last bin: the burst may go on outside the window
        on_edge = vol.height > 1 and top["tweets"] in (vol["tweets"][0], vol["tweets"][-1])
        if on_edge:
            peak += " — on the edge of the window: the window may cut the burst"
        hours = f.get("half_life_hours")
        if life.get("hours_to_half_peak") is not None and top["time"] != vol["time"].max() and hours is not None:
            half = _fmt(hours) if hours >= 1 else f"{hours:.2f} ({60 * hours:.0f} minutes)"
        else:
            half = "– (the decay is not observed: activity never fell to half the peak before the end)"
    else:
        peak = half = "– (no tweet has a date)"
    no_author = "– (no tweet names its author)"
    rows = [
        ("Tweets", f"{f['tweets']:,}"), ("Accounts", f"{f['accounts']:,}" if has_authors else no_author),
        ("First tweet", _when(f.get("start"))), ("Last tweet", _when(f.get("end"))),
        ("Peak", peak),
        ("Half-life after the peak (hours)", half),
        ("Share in the first 24 hours", _pct(f.get("share_first_24h"))),
        ("Share of retweets", _pct(f.get("share_retweets"))),
        ("Tweets from the most active 1 % of accounts", _pct(conc.get("top1_share")) if has_authors else no_author),
        ("Tweets from the most active 10 % of accounts", _pct(conc.get("top10_share")) if has_authors else no_author),
        ("Gini of tweets per account", _fmt(conc.get("gini"), 3) if has_authors else no_author),
    ]
    return Table(pl.DataFrame({"figure": [r[0] for r in rows], "value": [r[1] for r in rows]}),
                 title="Key figures")


def _when(value: Any) -> str:
    """A time as ``24 May 2014 10:00 UTC`` (ISO strings too); "–" when missing."""
    import datetime as dt

    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    zone = value.tzname() or "UTC"
    return value.strftime("%d %b %Y %H:%M") + f" {zone}"


@dataclasses.dataclass(frozen=True)
class Comparison:
    """Two hashtags compared within a report's dates: labels, the two sides' tweets, and why they were chosen."""

    label_a: str
    label_b: str
    side_a: Any
    side_b: Any
    reason: str

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.reason)}</p>"


def comparison(corpus: Any, selection: Any, tweets: Any, tag_a: str = "", tag_b: str = "") -> Any:
    """The hashtags the comparison section compares: ``tag_a`` and ``tag_b`` when both are set; else the
    selected hashtag (``tag_a`` if set) and its most frequent co-hashtag in the selected tweets. A
    :class:`Note` with the reason when there is nothing to compare. Never a hashtag the data lack.
    """
    from kit import describe
    from kit.selection import normalize_tag

    a, b = normalize_tag(tag_a or ""), normalize_tag(tag_b or "")
    why = "as set by the parameters compare_a and compare_b"
    if not a:
        if len(selection.hashtags) != 1:
            return Note("Comparison left out: it compares one selected hashtag with its most frequent co-hashtag, "
                        "and this report selects " + ("no hashtag" if not selection.hashtags else
                                                       f"{len(selection.hashtags)} hashtags") +
                        "; set compare_a and compare_b to compare two hashtags.")
        a = selection.hashtags[0]
    if not b:
        if _is_empty(tweets):
            return Note("Comparison left out: no tweets in this selection.")
        co = describe.co_hashtags(tweets, [a], 1)
        if co.height == 0:
            return Note(f"Comparison left out: no other hashtag occurs with #{a} in these tweets.")
        b = str(co["hashtag"][0])
        why = f"#{a} and its most frequent co-hashtag #{b} (together in {int(co['tweets'][0]):,} tweets)"
    sides = _sides(corpus, selection, a, b)
    if isinstance(sides, Note):
        return sides
    (label_a, side_a), (label_b, side_b) = sides
    if side_a.height == 0 and side_b.height == 0:
        return Note(f"Comparison left out: neither {label_a} nor {label_b} occurs in this date range.")
    return Comparison(label_a, label_b, side_a, side_b,
                      f"Comparing {label_a} ({side_a.height:,} tweets) with {label_b} ({side_b.height:,} tweets): {why}.")


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
    cols = ["tweet_id", "created_at", "text", "is_retweet", "hashtags"]
    side_a = lf.filter(pl.col("hashtags").list.contains(a)).select(cols).collect()
    side_b = lf.filter(pl.col("hashtags").list.contains(b)).select(cols).collect()
    return (f"#{a}", side_a), (f"#{b}", side_b)


def compare_volumes(pair: Any, *, every: str = "day", tz: str = "UTC") -> Any:
    """Volumes of the two hashtags of a :func:`comparison` side by side (:func:`kit.describe.compare_volume`)."""
    from kit import describe

    if not isinstance(pair, Comparison):
        return pair
    try:
        return describe.compare_volume(pair.side_a, pair.side_b, labels=(pair.label_a, pair.label_b), every=every,
                                       tz=tz)
    except ValueError as exc:
        return Note(f"Not computed: {exc}", kind="warning")


def compare_words(pair: Any, *, n: int = 15) -> Any:
    """Words that distinguish the two hashtags of a :func:`comparison` (:func:`kit.describe.distinguishing_words`)."""
    from kit import describe

    if not isinstance(pair, Comparison):
        return pair
    return attempt(describe.distinguishing_words, pair.side_a, pair.side_b, labels=(pair.label_a, pair.label_b),
                   exclude_tags=(pair.label_a[1:], pair.label_b[1:]), n=n)


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
