"""Selecting a slice of the canonical table: one :class:`Selection` type used by every analysis.

A selection is a frozen, hashable value (so it can key caches and name report variants); applying
it to a frame or lazy frame filters rows and never aggregates.

Examples
--------
>>> from kit.schema import from_records
>>> df = from_records([
...     {"tweet_id": "1", "text": "a", "hashtags": ["yesallwomen"], "created_at": "2014-05-24T10:00:00Z"},
...     {"tweet_id": "2", "text": "b", "hashtags": ["notallmen"], "created_at": "2014-05-26T10:00:00Z"},
... ])
>>> select(df, hashtags=["#YesAllWomen"])["tweet_id"].to_list()
['1']
>>> select(df, end="2014-05-25")["tweet_id"].to_list()
['1']
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Literal, TypeVar
from zoneinfo import ZoneInfo

import polars as pl

from kit.schema import KINDS, PLATFORMS, kind_expr
from kit.text import normalize_account, normalize_tag
from kit.timebins import check_tz

Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)
DateLike = str | dt.date | dt.datetime | None


#: What :attr:`Selection.langs` can match: the platform's ``lang``, the detected language, or either.
LANG_SOURCES: tuple[str, ...] = ("platform", "detected", "either")


def _as_tuple(values: str | Iterable[str] | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        return (values,) if values else ()
    return tuple(v for v in values if v)


def _to_utc(value: DateLike, tz: str, *, end: bool) -> dt.datetime | None:
    """Interpret a date bound in ``tz`` and convert it to UTC.

    A bare date (``"2014-05-25"`` or a ``date``) as an end bound means the whole day is included.
    """
    if value is None or value == "":
        return None
    zone = ZoneInfo(tz)
    whole_day = False
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                value = dt.date.fromisoformat(text)
            else:
                value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as exc:
            raise ValueError(
                f"cannot read the date {value!r} ({exc}): use an ISO date such as '2014-05-24' or "
                "a datetime such as '2014-05-24T18:30' (optionally with an offset, '+00:00' or 'Z')"
            ) from exc
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        whole_day = end
        value = dt.datetime.combine(value, dt.time.min)
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    if whole_day:
        value = value + dt.timedelta(days=1) - dt.timedelta(microseconds=1)
    return value.astimezone(dt.UTC)


@dataclasses.dataclass(frozen=True)
class Selection:
    """Which tweets an analysis looks at.

    Parameters
    ----------
    hashtags
        Tags to match, case-insensitive, with or without ``#``. Empty means all tweets.
    match
        ``"any"``: a tweet carries at least one of the tags; ``"all"``: it carries every one.
    start, end
        Inclusive bounds, as ISO strings, dates or datetimes. A bare date as ``end`` includes that
        whole day. Naive values are read in ``tz``.
    tz
        The time zone of naive bounds (IANA name), UTC by default.
    langs
        Language codes to keep (e.g. ``("en",)``); empty keeps all.
    lang_source
        Which language ``langs`` matches: ``"platform"`` (the ``lang`` column, as Twitter assigned it;
        missing in CSVs), ``"detected"`` (``lang_detected``, from :func:`kit.text.detect_languages`,
        computed on the fly when the table lacks the column) or ``"either"``.
    kinds
        Kinds to keep among ``original``, ``retweet``, ``quote``, ``reply``; empty keeps all.
    accounts
        Handles (with or without ``@``) or author ids to keep; empty keeps all.
    exclude_accounts
        Handles or ids to drop.
    platforms
        Platforms to keep among ``twitter``, ``bluesky``, ``mastodon``; empty keeps all.

    Examples
    --------
    >>> Selection(hashtags=("#NotAllMen",)).hashtags
    ('notallmen',)
    >>> Selection(kinds=("tweet",))
    Traceback (most recent call last):
    ...
    ValueError: unknown kind(s) ['tweet']: choose from original, retweet, quote, reply
    """

    hashtags: tuple[str, ...] = ()
    match: Literal["any", "all"] = "any"
    start: DateLike = None
    end: DateLike = None
    tz: str = "UTC"
    langs: tuple[str, ...] = ()
    lang_source: Literal["platform", "detected", "either"] = "platform"
    kinds: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    exclude_accounts: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "hashtags", tuple(normalize_tag(t) for t in _as_tuple(self.hashtags)))
        set_(self, "langs", tuple(lang.strip().lower() for lang in _as_tuple(self.langs)))
        set_(self, "kinds", tuple(k.strip().lower() for k in _as_tuple(self.kinds)))
        set_(self, "accounts", tuple(normalize_account(a) for a in _as_tuple(self.accounts)))
        set_(self, "exclude_accounts", tuple(normalize_account(a) for a in _as_tuple(self.exclude_accounts)))
        set_(self, "platforms", tuple(p.strip().lower() for p in _as_tuple(self.platforms)))
        unknown = [p for p in self.platforms if p not in PLATFORMS]
        if unknown:
            raise ValueError(f"unknown platform(s) {unknown}: choose from {', '.join(PLATFORMS)}")
        if self.lang_source not in LANG_SOURCES:
            raise ValueError(f"lang_source must be one of {', '.join(LANG_SOURCES)}, not {self.lang_source!r}")
        if self.match not in ("any", "all"):
            raise ValueError(f"match must be 'any' or 'all', not {self.match!r}")
        bad = [k for k in self.kinds if k not in KINDS]
        if bad:
            raise ValueError(f"unknown kind(s) {bad}: choose from {', '.join(KINDS)}")
        check_tz(self.tz)
        start, end = self.start_utc, self.end_utc
        if start is not None and end is not None and start > end:
            raise ValueError(f"start {self.start} is after end {self.end}")

    @property
    def start_utc(self) -> dt.datetime | None:
        """The inclusive lower bound in UTC (or None)."""
        return _to_utc(self.start, self.tz, end=False)

    @property
    def end_utc(self) -> dt.datetime | None:
        """The inclusive upper bound in UTC (or None)."""
        return _to_utc(self.end, self.tz, end=True)

    def predicate(self) -> pl.Expr:
        """The selection as one boolean polars expression over canonical columns."""
        conds: list[pl.Expr] = []
        if self.hashtags:
            tags = pl.lit(list(self.hashtags), dtype=pl.List(pl.String))
            if self.match == "any":
                conds.append(pl.col("hashtags").list.set_intersection(tags).list.len() > 0)
            else:
                conds.append(pl.col("hashtags").list.set_intersection(tags).list.len() == len(set(self.hashtags)))
        if self.start_utc is not None:
            conds.append(pl.col("created_at") >= self.start_utc)
        if self.end_utc is not None:
            conds.append(pl.col("created_at") <= self.end_utc)
        if self.langs:
            platform = pl.col("lang").str.to_lowercase().is_in(list(self.langs)).fill_null(False)
            detected = pl.col("lang_detected").is_in(list(self.langs)).fill_null(False)
            conds.append({"platform": platform, "detected": detected, "either": platform | detected}[self.lang_source])
        if self.kinds:
            conds.append(kind_expr().is_in(list(self.kinds)))
        if self.accounts:
            accounts = list(self.accounts)
            conds.append(
                pl.col("author_username").str.to_lowercase().is_in(accounts) | pl.col("author_id").is_in(accounts)
            )
        if self.exclude_accounts:
            excl = list(self.exclude_accounts)
            conds.append(
                ~(
                    pl.col("author_username").str.to_lowercase().is_in(excl).fill_null(False)
                    | pl.col("author_id").is_in(excl).fill_null(False)
                )
            )
        if self.platforms:
            conds.append(pl.col("platform").is_in(list(self.platforms)))
        if not conds:
            return pl.lit(True)
        return pl.all_horizontal(conds).fill_null(False)

    def apply(self, frame: Frame) -> Frame:
        """Filter ``frame`` (eager or lazy) to this selection.

        A selection by detected language on a table without ``lang_detected`` detects each distinct
        text's language on the fly (the column is not added to the result).
        """
        if self.langs and self.lang_source != "platform":
            names = frame.collect_schema().names() if isinstance(frame, pl.LazyFrame) else frame.columns
            if "lang_detected" not in names:
                from kit.text import with_detected_language

                return with_detected_language(frame).filter(self.predicate()).drop("lang_detected")
        return frame.filter(self.predicate())

    def describe(self) -> str:
        """A short human-readable account of the selection, for report headers."""
        parts = []
        if self.hashtags:
            joiner = " or " if self.match == "any" else " and "
            parts.append(joiner.join(f"#{t}" for t in self.hashtags))
        if self.start is not None or self.end is not None:
            parts.append(f"from {self.start or 'the start'} to {self.end or 'the end'} ({self.tz})")
        if self.langs:
            parts.append(
                "language "
                + ", ".join(self.langs)
                + ("" if self.lang_source == "platform" else f" ({self.lang_source})")
            )
        if self.kinds:
            parts.append("kinds " + ", ".join(self.kinds))
        if self.accounts:
            parts.append(f"{len(self.accounts)} account(s)")
        if self.exclude_accounts:
            parts.append(f"excluding {len(self.exclude_accounts)} account(s)")
        if self.platforms:
            parts.append("platform " + ", ".join(self.platforms))
        return "; ".join(parts) if parts else "all tweets"

    def to_dict(self) -> dict[str, object]:
        """Plain-dict form (for manifests and cache keys)."""
        out = dataclasses.asdict(self)
        for key in ("start", "end"):
            if out[key] is not None:
                out[key] = str(out[key])
        return out


def select(frame: Frame, selection: Selection | None = None, **criteria: object) -> Frame:
    """Filter a canonical frame by a :class:`Selection` or by the same fields as keywords.

    >>> from kit.schema import from_records
    >>> df = from_records([{"tweet_id": "1", "text": "x", "is_retweet": True}])
    >>> select(df, kinds=["original"]).height
    0
    """
    if selection is not None and criteria:
        selection = dataclasses.replace(selection, **criteria)  # type: ignore[arg-type]
    elif selection is None:
        selection = Selection(**criteria)  # type: ignore[arg-type]
    return selection.apply(frame)
