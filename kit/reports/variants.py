"""Report variants: safe names, date periods, ``reports.toml`` files, and the notebook's parameters
(reading, coercing ``-p NAME=VALUE`` options, checking each variant against them)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")
#: Hashtags of the default variants of the bundled synthetic sample.
DEFAULT_HASHTAGS: tuple[str, ...] = ("yesallwomen", "notallmen")


@dataclasses.dataclass(frozen=True)
class Variant:
    """One report to render: a safe folder name and the notebook parameters it sets.

    >>> Variant("all", {"seed": 1}).name
    'all'
    """

    name: str
    parameters: Mapping[str, Any] = dataclasses.field(default_factory=dict)


def _name_char(char: str) -> bool:
    """Letters (with their combining marks) and digits of any script, ``-`` and ``_``."""
    return char in "-_" or unicodedata.category(char)[0] in "LMN"


def check_variant_name(name: str) -> str:
    """Return ``name`` if it is a safe folder name under the reports folder, else raise ValueError.

    Letters and digits of any script are allowed (``féminisme``, ``מטו``, ``яжемать``), NFC-normalised.

    >>> check_variant_name("yesallwomen-2014-W21"), check_variant_name("féminisme")
    ('yesallwomen-2014-W21', 'féminisme')
    """
    ok = (isinstance(name, str) and 0 < len(name) <= 80 and unicodedata.category(name[0])[0] in "LN"
          and all(_name_char(c) for c in name) and unicodedata.normalize("NFC", name) == name)
    if not ok:
        raise ValueError(f"invalid variant name {name!r}: use letters, digits, '-' and '_' "
                         "(at most 80 characters, starting with a letter or digit)")
    return name


def slug(text: str) -> str:
    """A safe variant-name fragment from free text (hashtags, dates): it names a folder, never selects.

    Letters and digits of every script are kept (NFC); anything else becomes ``-``. Text with no
    letter or digit at all (an emoji-only hashtag) gets ``tag-`` and a short hash of the text.

    >>> slug("#YesAllWomen"), slug("#Féminisme"), slug("#ЯЖеМать"), slug("#מטו")
    ('yesallwomen', 'féminisme', 'яжемать', 'מטו')
    >>> slug("2014-05-24T10:00")
    '2014-05-24T10-00'
    >>> slug("#🔥")
    'tag-90a7d26b'
    """
    import hashlib

    stripped = unicodedata.normalize("NFC", text.strip().lstrip("#＃"))
    out = re.sub(r"-{2,}", "-", "".join(c if _name_char(c) else "-" for c in stripped))
    while out and unicodedata.category(out[0])[0] not in "LN":
        out = out[1:]
    out = out.rstrip("-_")
    if text.strip().startswith(("#", "＃")) or not _DATE_RE.match(out):
        out = unicodedata.normalize("NFC", out.casefold())
    if not out:
        return "tag-" + hashlib.blake2b(stripped.encode("utf-8"), digest_size=4).hexdigest()
    return out[:80].rstrip("-_")


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
    from kit.selection import normalize_tag

    tags: list[str | None] = [normalize_tag(t) for t in hashtags if t and t.strip("#＃ ")] or [None]
    variants: list[Variant] = []
    for tag in tags:
        for window_name, w_start, w_end in windows:  # the slug names the folder; the tag itself selects
            name = "-".join(p for p in (slug(f"#{tag}") if tag else None, window_name) if p) or "all"
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

    Only the bundled sample compares #yesallwomen with #notallmen; real data compare each selected
    hashtag with its most frequent co-hashtag (the notebook's default).

    >>> [v.name for v in default_variants("s.parquet", is_sample=True)]
    ['all', 'yesallwomen', 'notallmen']
    >>> default_variants("mine.parquet", is_sample=False)[0].parameters
    {'data_path': 'mine.parquet'}
    """
    everything = Variant("all", {"data_path": str(data_path)})
    if not is_sample:
        return [everything]
    pair = {"compare_a": DEFAULT_HASHTAGS[0], "compare_b": DEFAULT_HASHTAGS[1]}
    return [Variant(v.name, {**v.parameters, **pair})
            for v in [everything, *variants_from_options(hashtags=DEFAULT_HASHTAGS, data_path=data_path)]]


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
    _check_values(variant)


def _check_values(variant: Variant) -> None:
    """Refuse values the notebook would only discover while running: a time bin or a time zone it cannot use."""
    from kit import timebins

    every, tz = variant.parameters.get("every"), variant.parameters.get("tz")
    if isinstance(every, str) and every.strip() and every.strip().lower() != "auto":
        try:
            timebins.step(every)
        except ValueError as exc:
            raise ValueError(f"variant {variant.name!r}: parameter 'every': {exc}") from None
    if isinstance(tz, str) and tz:
        try:
            timebins.check_tz(tz)
        except ValueError as exc:
            raise ValueError(f"variant {variant.name!r}: parameter 'tz': {exc}") from None
