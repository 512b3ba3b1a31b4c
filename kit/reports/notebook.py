"""Helpers the report notebook calls in one line each: the report header, data quality, key figures, hashtag
comparisons. The helpers every notebook uses (set-up, opening the corpus, tables, notes) live in :mod:`kit.notebook`."""

from __future__ import annotations

import dataclasses
import html
import os
from typing import Any

from kit.notebook.corpus import most_frequent_co_hashtag, nearest_hashtags, resolve_data_path, time_bins
from kit.notebook.display import Note, Table, attempt, is_empty, synthetic_banner
from kit.reports.provenance import is_synthetic
from kit.schema import platforms_named


def setup_notebook(*, static_charts: bool = True, **kwargs: Any) -> None:
    """:func:`kit.notebook.setup_notebook` for report notebooks: charts are static SVG by default, so a
    rendered report page holds no script (its Content-Security-Policy allows none)."""
    from kit.notebook.corpus import setup_notebook as setup

    setup(static_charts=static_charts, **kwargs)


def _accounts(tweets: Any) -> int:
    import polars as pl

    key = pl.coalesce(pl.col("author_id"), pl.col("author_username").str.to_lowercase())
    return int(tweets.select(key.drop_nulls().n_unique()).item()) if tweets.height else 0


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
        parts.append(synthetic_banner())
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

    if is_empty(tweets):
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


@dataclasses.dataclass(frozen=True, repr=False)
class Comparison:
    """Two hashtags compared within a report's dates: labels, the two sides' tweets, and why they were chosen.

    Shown (HTML or text) as the one sentence saying which hashtags are compared and why.
    """

    label_a: str
    label_b: str
    side_a: Any
    side_b: Any
    reason: str

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.reason)}</p>"

    def __repr__(self) -> str:
        return self.reason


def comparison(corpus: Any, selection: Any, tweets: Any, tag_a: str = "", tag_b: str = "") -> Any:
    """The hashtags the comparison section compares: ``tag_a`` and ``tag_b`` when both are set; else the
    selected hashtag (``tag_a`` if set) and its most frequent co-hashtag in the selected tweets. A
    :class:`Note` with the reason when there is nothing to compare. Never a hashtag the data lack.
    """
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
        if is_empty(tweets):
            return Note("Comparison left out: no tweets in this selection.")
        co = most_frequent_co_hashtag(tweets, a)
        if co is None:
            return Note(f"Comparison left out: no other hashtag occurs with #{a} in these tweets.")
        b = co[0]
        why = f"#{a} and its most frequent co-hashtag #{b} (together in {co[1]:,} tweets)"
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


def _fmt(value: Any, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _pct(value: Any) -> str:
    return "–" if value is None else f"{100 * value:.1f} %"
