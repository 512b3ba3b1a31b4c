"""The one vocabulary of time bins, accepted by every function that takes ``every``.

A bin is a name (``minute``, ``hour``, ``day``, ``week``; weeks start on Monday) or a polars
duration (``"15m"``, ``"6h"``, ``"2d"``, ``"1w"``). :func:`step` turns either into the polars
duration that ``dt.truncate`` takes and refuses anything else with one clear line; :func:`for_span`
picks a bin from the span of the data when none is fixed: the widest bin that still gives at least
50 bins (so at most a few hundred: hours for a burst of days, days for a few months, weeks for years); :func:`describe_step` names a bin in words.
:func:`check_tz` is the one check of a time-zone name (bins are cut in a local time zone).

Examples
--------
>>> step("hour"), step("15m"), step("Day")
('1h', '15m', '1d')
>>> import datetime as dt
>>> for_span(dt.datetime(2019, 6, 1), dt.datetime(2021, 9, 1))    # 27 months
'1w'
>>> for_span(dt.datetime(2018, 3, 20), dt.datetime(2018, 3, 26))   # six days
'1h'
>>> describe_step("1w"), describe_step("15m")
('week', '15 minutes')
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

#: Bin names and the polars durations they stand for.
NAMES: dict[str, str] = {"minute": "1m", "hour": "1h", "day": "1d", "week": "1w"}

#: The bins :func:`for_span` chooses from, shortest first.
LADDER: tuple[str, ...] = ("1m", "5m", "15m", "30m", "1h", "3h", "6h", "12h", "1d", "1w", "4w")

#: At least this many bins in a span-based default (when the span allows).
MIN_BINS = 50

_DURATION_RE = re.compile(r"^([1-9]\d{0,5})(m|h|d|w)$")
_UNIT_SECONDS = {"m": 60, "h": 3_600, "d": 86_400, "w": 604_800}
_UNIT_WORDS = {"m": "minute", "h": "hour", "d": "day", "w": "week"}


def step(every: str) -> str:
    """The polars duration of a bin name or duration; raises ValueError for anything else.

    >>> step("week"), step(" 2D ")
    ('1w', '2d')
    """
    key = str(every).strip().lower()
    if key in NAMES:
        return NAMES[key]
    if _DURATION_RE.match(key):
        return key
    raise ValueError(
        f"unknown time bin {every!r}: use minute, hour, day, week or a duration such as '15m', '6h', '2d', '1w'"
    )


def seconds(every: str) -> int:
    """Length of a bin in seconds.

    >>> seconds("day"), seconds("15m")
    (86400, 900)
    """
    match = _DURATION_RE.match(step(every))
    assert match is not None
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def for_span(start: dt.datetime | None, end: dt.datetime | None, *, min_bins: int = MIN_BINS) -> str:
    """The widest bin of :data:`LADDER` that splits ``start..end`` into at least ``min_bins`` bins.

    Consecutive bins of the ladder differ by at most 7×, so the result gives fewer than
    ``7 * min_bins`` bins (the shortest bin, a minute, for spans under ``min_bins`` minutes).
    ``"1h"`` when either end is missing.

    >>> for_span(dt.datetime(2014, 5, 24), dt.datetime(2014, 8, 1))    # ten weeks
    '1d'
    >>> for_span(dt.datetime(2021, 9, 22, 10), dt.datetime(2021, 9, 22, 11))   # one hour
    '1m'
    """
    if start is None or end is None:
        return "1h"
    span = max((end - start).total_seconds(), 0.0)
    for candidate in reversed(LADDER):
        if span / seconds(candidate) >= min_bins:
            return candidate
    return LADDER[0]


def choose(every: str | None, start: dt.datetime | None, end: dt.datetime | None) -> str:
    """``step(every)``, or :func:`for_span` when ``every`` is empty or ``"auto"``.

    >>> choose("", dt.datetime(2014, 5, 24), dt.datetime(2014, 5, 27)), choose("day", None, None)
    ('1h', '1d')
    """
    if every is None or not str(every).strip() or str(every).strip().lower() == "auto":
        return for_span(start, end)
    return step(every)


def describe_step(every: str) -> str:
    """A bin in words: ``hour``, ``week``, ``15 minutes``.

    >>> describe_step("hour"), describe_step("2d")
    ('hour', '2 days')
    """
    match = _DURATION_RE.match(step(every))
    assert match is not None
    n, unit = int(match.group(1)), _UNIT_WORDS[match.group(2)]
    return unit if n == 1 else f"{n} {unit}s"


def check_tz(tz: str) -> str:
    """``tz`` if it is an IANA time-zone name this machine knows; otherwise one clear ``ValueError``.

    >>> check_tz("Europe/Berlin")
    'Europe/Berlin'
    >>> check_tz("Mars/Olympus")
    Traceback (most recent call last):
    ValueError: unknown time zone 'Mars/Olympus': use an IANA name such as 'UTC' or 'America/Los_Angeles'
    """
    try:
        ZoneInfo(tz)
    except Exception as exc:  # ZoneInfoNotFoundError, ValueError (a path-like name), TypeError
        raise ValueError(f"unknown time zone {tz!r}: use an IANA name such as 'UTC' or 'America/Los_Angeles'") from exc
    return tz


__all__ = ["LADDER", "MIN_BINS", "NAMES", "check_tz", "choose", "describe_step", "for_span", "seconds", "step"]
