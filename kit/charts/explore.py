"""Charts of the descriptive analyses (:mod:`kit.describe`): a tidy aggregated frame in, an ``alt.Chart`` out.

Builders never save or show; they refuse frames that look like raw tweets (a ``text`` or
``tweet_id`` column), so a chart never embeds tweets. The house theme is enabled by importing
:mod:`kit.charts`.

Examples
--------
>>> import polars as pl
>>> frame = pl.DataFrame({"hashtag": ["a", "b"], "tweets": [3, 1], "share": [0.75, 0.25]})
>>> chart = top_bars(frame, title="Top hashtags")
>>> chart.to_dict()["mark"]["type"]
'bar'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import polars as pl

from kit.charts import theme
from kit.charts._input import RAW_COLUMNS, check_input
from kit.schema import KINDS

#: Kind colours (fixed, so every chart of kinds agrees).
KIND_COLORS: dict[str, str] = dict(zip(KINDS, theme.PALETTE))
#: What makes an input frame of these builders (named in :func:`check_input`'s errors).
_SOURCE = "the matching kit.describe function"

_LABELS: dict[str, str] = {
    "tweets": "Tweets",
    "retweets": "Times retweeted",
    "mentions": "Mentions",
    "quotes": "Times quoted",
    "replies": "Replies received",
    "share": "Share",
    "hashtag": "Hashtag",
    "account": "Account",
    "domain": "Domain",
    "lang": "Language",
    "kind": "Kind",
    "word": "Word",
    "selection": "Selection",
}


def _data(frame: pl.DataFrame) -> alt.Data:
    """Inline values. Datetimes are written as their wall-clock time in the column's time zone, marked
    ``Z``, and every temporal scale and tooltip reads them as UTC: the chart then shows the frame's
    own time zone whatever the viewer's computer is set to."""
    out = frame.with_columns(
        pl.col(c).dt.replace_time_zone(None).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        for c, t in frame.schema.items()
        if isinstance(t, pl.Datetime)
    )
    return alt.Data(values=out.to_dicts())


def date_format(lo: Any, hi: Any, *, with_time: bool | None = None) -> str:
    """The one date format of a chart's time axis and tooltips: day and month, the year whenever the span
    crosses a year (or is longer than 300 days), the time of day when the span is three days or less.

    >>> import datetime as dt
    >>> date_format(dt.datetime(2019, 6, 1), dt.datetime(2021, 9, 1))
    '%d %b %Y'
    >>> date_format(dt.datetime(2014, 5, 24), dt.datetime(2014, 5, 25))
    '%d %b %H:%M'
    """
    days = (hi - lo).total_seconds() / 86_400 if lo is not None and hi is not None else 0.0
    fmt = "%d %b"
    if lo is not None and hi is not None and (lo.year != hi.year or days > 300):
        fmt += " %Y"
    if days <= 3 if with_time is None else with_time:
        fmt += " %H:%M"
    return fmt


def _time_x(title: str, frame: pl.DataFrame | None = None, field: str = "time") -> alt.X:
    """A temporal x axis read as UTC (see :func:`_data`) in :func:`date_format`, with ticks of whole days
    (spans over two days) or months (spans over two months)."""
    axis = alt.Axis(labelOverlap=True)
    if frame is not None and frame.height > 1:
        lo, hi = frame[field].min(), frame[field].max()
        days = (hi - lo).total_seconds() / 86_400  # type: ignore[operator]
        fmt = date_format(lo, hi)
        if days > 62:
            ticks = alt.TimeIntervalStep(interval="month", step=max(1, round(days / 30.4 / 10)))
            axis = alt.Axis(format=fmt, labelOverlap=True, tickCount=ticks, labelAngle=-30)
        elif days > 2:
            axis = alt.Axis(
                format=fmt,
                labelOverlap=True,
                tickCount=alt.TimeIntervalStep(interval="day", step=max(1, round(days / 12))),
            )
        else:
            axis = alt.Axis(format=fmt, labelOverlap=True)
    return alt.X(f"{field}:T", title=title, scale=alt.Scale(type="utc"), axis=axis)


def count_axis(**kwargs: Any) -> alt.Axis:
    """An axis of counts: whole numbers only, with thousands separators."""
    return alt.Axis(format=",.0f", tickMinStep=1, **kwargs)


def time_zoom() -> alt.Parameter:
    """Zoom (mouse wheel, pinch) and pan (drag) along the time axis: an x interval bound to the scales;
    double-click resets. Add it to a chart with ``.add_params(time_zoom())``; static SVG ignores it.

    >>> time_zoom().param.bind
    'scales'
    """
    return alt.selection_interval(bind="scales", encodings=["x"])


def _time_tip(fmt: str, title: str = "Bin start", field: str = "time") -> alt.Tooltip:
    return alt.Tooltip(f"utcyearmonthdatehoursminutes({field}):T", title=title, format=fmt)


def _label(column: str) -> str:
    return _LABELS.get(column, column.replace("_", " ").capitalize())


def _time_format(frame: pl.DataFrame, column: str = "time") -> str:
    """Tooltip format: :func:`date_format` with the year always and the time of day for bins under a day."""
    if frame.height < 2:
        return "%d %b %Y %H:%M"
    times = frame[column].unique().sort()
    step = (times[1] - times[0]) if times.len() > 1 else None
    daily = step is not None and step.total_seconds() >= 86_400
    return "%d %b %Y" if daily else "%d %b %Y %H:%M"


def _events(events: pl.DataFrame | Sequence[Mapping[str, Any]] | None, tz: str) -> list[alt.Chart]:
    if events is None:
        return []
    ev = events if isinstance(events, pl.DataFrame) else pl.DataFrame(list(events))
    if ev.height == 0:
        return []
    if not {"time", "label"} <= set(ev.columns):
        raise ValueError("events need 'time' and 'label' columns (or dicts with those keys)")
    if ev.schema["time"] == pl.String:  # ISO strings; naive ones are read as UTC
        ev = ev.with_columns(pl.col("time").str.to_datetime(time_unit="us", time_zone="UTC"))
    elif getattr(ev.schema["time"], "time_zone", None) is None:
        ev = ev.with_columns(pl.col("time").dt.replace_time_zone("UTC"))
    ev = ev.select(pl.col("time").dt.convert_time_zone(tz), "label")
    base = alt.Chart(_data(ev))
    rule = base.mark_rule(strokeDash=[4, 3]).encode(
        x=_time_x(""), tooltip=[alt.Tooltip("label:N", title="Event"), _time_tip("%d %b %Y %H:%M", "When")]
    )
    text = base.mark_text(align="left", dx=4, dy=-4, baseline="top", angle=0).encode(
        x=_time_x(""), y=alt.value(4), text="label:N"
    )
    return [rule, text]


def timeline(
    volume: pl.DataFrame,
    *,
    events: pl.DataFrame | Sequence[Mapping[str, Any]] | None = None,
    title: str = "Tweets over time",
    subtitle: str | None = None,
) -> alt.Chart | alt.LayerChart:
    """Tweets per bin as a line (kinds summed); one line per ``selection`` if that column is present.

    ``volume`` comes from :func:`kit.describe.volume` or :func:`kit.describe.compare_volume`. ``events``
    (a frame or dicts with ``time`` and ``label``) are drawn as dashed rules with labels.
    """
    check_input(volume, ("time", "tweets"), "timeline", _SOURCE, refuse=RAW_COLUMNS)
    keys = ["time", "selection"] if "selection" in volume.columns else ["time"]
    data = volume.group_by(keys).agg(pl.col("tweets").sum()).sort(keys)
    fmt = _time_format(data)
    encoding: dict[str, Any] = {
        "x": _time_x(f"Time ({_tz(volume)})", data),
        "y": alt.Y("tweets:Q", title="Tweets", axis=count_axis()),
        "tooltip": [_time_tip(fmt), alt.Tooltip("tweets:Q", title="Tweets", format=",.0f")],
    }
    if "selection" in keys:
        encoding["color"] = alt.Color("selection:N", title="Selection")
        encoding["tooltip"].insert(0, alt.Tooltip("selection:N", title="Selection"))
    line = alt.Chart(_data(data)).mark_line(interpolate="monotone").encode(**encoding).add_params(time_zoom())
    layers = _events(events, _tz(volume))
    chart: alt.Chart | alt.LayerChart = alt.layer(line, *layers) if layers else line
    return chart.properties(title=alt.TitleParams(title, subtitle=subtitle or []))


def _tz(frame: pl.DataFrame, column: str = "time") -> str:
    dtype = frame.schema.get(column)
    return getattr(dtype, "time_zone", None) or "UTC"


def kinds_over_time(
    volume: pl.DataFrame, *, title: str = "Kinds of tweets over time", normalize: bool = False
) -> alt.Chart:
    """Stacked areas of tweets per kind per bin (``normalize=True`` for shares); from ``volume(by_kind=True)``."""
    check_input(volume, ("time", "kind", "tweets"), "kinds_over_time", _SOURCE, refuse=RAW_COLUMNS)
    order = [k for k in KINDS if k in set(volume["kind"].to_list())]
    fmt = _time_format(volume)
    return (
        alt.Chart(_data(volume.sort("time")))
        .mark_area(interpolate="monotone")
        .encode(
            x=_time_x(f"Time ({_tz(volume)})", volume),
            y=alt.Y(
                "tweets:Q",
                title="Share of tweets" if normalize else "Tweets",
                stack="normalize" if normalize else "zero",
                axis=alt.Axis(format="%") if normalize else count_axis(),
            ),
            color=alt.Color(
                "kind:N", title="Kind", sort=order, scale=alt.Scale(domain=order, range=[KIND_COLORS[k] for k in order])
            ),
            order=alt.Order("kind_order:Q"),
            tooltip=[
                _time_tip(fmt),
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("tweets:Q", title="Tweets", format=",.0f"),
            ],
        )
        .transform_calculate(kind_order=f"indexof({order!r}, datum.kind)")
        .add_params(time_zoom())
        .properties(title=title)
    )


def timeline_with_accounts(
    accounts: pl.DataFrame,
    *,
    n: int = 10,
    title: str = "Tweets over time: drag across it to see who tweeted then",
    accounts_title: str = "Most active accounts in the selected time range",
) -> alt.VConcatChart:
    """A timeline linked to a top-accounts bar chart: brush a time range on the timeline (drag; double-click
    clears) and the bars show the ``n`` most active accounts of that range, counting only its tweets.

    ``accounts`` comes from :func:`kit.describe.accounts_over_time`: the timeline shows every bin's total
    (all accounts), the bars rank the accounts that have rows of their own (ask it for a pool larger than
    ``n``, e.g. ``5 * n``, so that an account busy only in a short range can show). Static SVG shows the
    whole span.

    Examples
    --------
    >>> import datetime as dt, polars as pl
    >>> t = dt.datetime(2014, 5, 24, tzinfo=dt.timezone.utc)
    >>> frame = pl.DataFrame({"time": [t, t], "account": ["ann", None], "tweets": [2, 5]})
    >>> spec = timeline_with_accounts(frame).to_dict()
    >>> [panel["mark"]["type"] for panel in spec["vconcat"]], spec["vconcat"][1]["transform"][0]
    (['area', 'bar'], {'filter': {'param': 'brush'}})
    """
    check_input(
        accounts,
        ("time", "account", "tweets"),
        "timeline_with_accounts",
        "kit.describe.accounts_over_time",
        refuse=RAW_COLUMNS,
    )
    totals = accounts.group_by("time").agg(pl.col("tweets").sum()).sort("time")
    brush = alt.selection_interval(name="brush", encodings=["x"])
    timeline_panel = (
        alt.Chart(_data(totals))
        .mark_area(interpolate="monotone", opacity=0.85, line=True)
        .encode(
            x=_time_x(f"Time ({_tz(accounts)})", totals),
            y=alt.Y("tweets:Q", title="Tweets (all accounts)", axis=count_axis(tickCount=4)),
            tooltip=[_time_tip(_time_format(totals)), alt.Tooltip("tweets:Q", title="Tweets", format=",.0f")],
        )
        .add_params(brush)
        .properties(height=140, title=alt.TitleParams(title, subtitle=["Double-click to clear the selection."]))
    )
    rows = accounts.filter(pl.col("account").is_not_null())
    values = _data(rows.select("time", "account", "tweets")).to_dict()["values"]
    bars = (
        alt.Chart(alt.Data(values=values, format=alt.DataFormat(parse={"time": "date"})))
        .transform_filter(brush)
        .transform_aggregate(tweets="sum(tweets)", groupby=["account"])
        .transform_window(rank="row_number()", sort=[alt.SortField("tweets", order="descending")])
        .transform_filter(alt.datum.rank <= n)
        .mark_bar(color=theme.PALETTE[0])
        .encode(
            y=alt.Y("account:N", sort="-x", title=None),
            x=alt.X("tweets:Q", title="Tweets in the selected range", axis=count_axis()),
            tooltip=[
                alt.Tooltip("account:N", title="Account"),
                alt.Tooltip("tweets:Q", title="Tweets in the range", format=",.0f"),
            ],
        )
        .properties(title=accounts_title, height=alt.Step(20))
    )
    return alt.vconcat(timeline_panel, bars, spacing=24)


def top_bars(
    frame: pl.DataFrame,
    *,
    label: str | None = None,
    value: str | None = None,
    n: int | None = None,
    title: str | None = None,
    color: str | None = None,
) -> alt.Chart:
    """Horizontal bars of a top-N table (hashtags, accounts, domains, languages), largest on top.

    ``label`` defaults to the first text column and ``value`` to the first integer column.
    """
    check_input(frame, (), "top_bars", _SOURCE, refuse=RAW_COLUMNS)
    label = label or next((c for c, t in frame.schema.items() if t == pl.String), None)
    value = value or next((c for c, t in frame.schema.items() if t.is_integer() and c != "followers"), None)
    if label is None or value is None:
        raise ValueError(f"top_bars needs a text label column and a count column; got {frame.schema}")
    check_input(frame, (label, value), "top_bars", _SOURCE, refuse=RAW_COLUMNS)
    data = frame.sort(value, descending=True)
    if n is not None:
        data = data.head(n)
    tooltip = [
        alt.Tooltip(f"{label}:N", title=_label(label)),
        alt.Tooltip(f"{value}:Q", title=_label(value), format=",.0f"),
    ]
    if "share" in data.columns:
        tooltip.append(alt.Tooltip("share:Q", title="Share", format=".1%"))
    if "followers" in data.columns:
        tooltip.append(alt.Tooltip("followers:Q", title="Followers", format=",.0f"))
    keep = [c for c in (label, value, "share", "followers") if c in data.columns]
    chart = (
        alt.Chart(_data(data.select(keep)))
        .mark_bar(color=color or theme.PALETTE[0])
        .encode(
            y=alt.Y(f"{label}:N", sort="-x", title=None),
            x=alt.X(
                f"{value}:Q",
                title=_label(value),
                axis=count_axis() if data[value].dtype.is_integer() else alt.Axis(format=","),
            ),
            tooltip=tooltip,
        )
    )
    return chart.properties(
        title=title or f"Top {_label(label).lower()}s by {_label(value).lower()}", height=alt.Step(22)
    )


def co_hashtag_heatmap(
    pairs: pl.DataFrame, *, title: str = "Hashtags used together", value: str = "tweets"
) -> alt.Chart:
    """A heatmap of co-occurrence among top hashtags, from :func:`kit.describe.hashtag_pairs`."""
    check_input(pairs, ("tag_a", "tag_b", value), "co_hashtag_heatmap", _SOURCE, refuse=RAW_COLUMNS)
    totals = (
        pairs.group_by("tag_a")
        .agg(pl.col("tweets").sum())
        .sort(["tweets", "tag_a"], descending=[True, False])["tag_a"]
        .to_list()
    )
    tip = [
        alt.Tooltip("tag_a:N", title="Hashtag"),
        alt.Tooltip("tag_b:N", title="With"),
        alt.Tooltip("tweets:Q", title="Tweets with both", format=",.0f"),
    ]
    if "share" in pairs.columns:
        tip.append(alt.Tooltip("share:Q", title="Share of the first tag's tweets", format=".1%"))
    return (
        alt.Chart(_data(pairs))
        .mark_rect()
        .encode(
            x=alt.X("tag_b:N", sort=totals, title=None, axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("tag_a:N", sort=totals, title=None),
            color=alt.Color(
                f"{value}:Q",
                title=_label(value) if value != "share" else "Share of row tag",
                scale=alt.Scale(scheme=theme.SEQUENTIAL_SCHEME),
            ),
            tooltip=tip,
        )
        .properties(title=title, width=alt.Step(26), height=alt.Step(26))
    )


def life_cycle_comparison(
    curves: pl.DataFrame,
    *,
    normalize: bool = True,
    window: tuple[float, float] | None = None,
    title: str = "Life cycles, aligned on each peak",
) -> alt.Chart:
    """Lines of each hashtag's volume against hours since its peak, from :func:`kit.describe.life_cycle_curves`.

    ``normalize`` plots the share of the peak height (so tags of different sizes compare); ``window``
    keeps hours since the peak within (from, to), e.g. ``(-24, 168)`` for a day before to a week after.
    """
    check_input(
        curves,
        ("hashtag", "hours_since_peak", "tweets", "share_of_peak"),
        "life_cycle_comparison",
        _SOURCE,
        refuse=RAW_COLUMNS,
    )
    if window is not None:
        curves = curves.filter(pl.col("hours_since_peak").is_between(window[0], window[1]))
    y = "share_of_peak" if normalize else "tweets"
    return (
        alt.Chart(_data(curves.select("hashtag", "hours_since_peak", "tweets", "share_of_peak")))
        .mark_line(interpolate="monotone")
        .encode(
            x=alt.X("hours_since_peak:Q", title="Hours since the peak"),
            y=alt.Y(
                f"{y}:Q",
                title="Share of the peak height" if normalize else "Tweets",
                axis=alt.Axis(format="%" if normalize else ","),
            ),
            color=alt.Color("hashtag:N", title="Hashtag"),
            tooltip=[
                alt.Tooltip("hashtag:N", title="Hashtag"),
                alt.Tooltip("hours_since_peak:Q", title="Hours since peak", format=".1f"),
                alt.Tooltip("tweets:Q", title="Tweets", format=",.0f"),
                alt.Tooltip("share_of_peak:Q", title="Share of peak", format=".0%"),
            ],
        )
        .add_params(time_zoom())
        .properties(title=title)
    )


def distinguishing_words(
    words: pl.DataFrame, *, n: int | None = None, title: str = "Words that distinguish the two selections"
) -> alt.Chart:
    """Diverging bars of z-scores per word, coloured by the side it leans to (from
    :func:`kit.describe.distinguishing_words`); ``n`` keeps the n strongest per side."""
    check_input(words, ("word", "side", "z"), "distinguishing_words", _SOURCE, refuse=RAW_COLUMNS)
    data = words
    if n is not None:
        data = pl.concat(
            [
                data.filter(pl.col("z") > 0).sort("z", descending=True).head(n),
                data.filter(pl.col("z") <= 0).sort("z").head(n),
            ]
        )
    sides = data.sort("z", descending=True)["side"].unique(maintain_order=True).to_list()
    keep = [c for c in ("word", "side", "z", "count_a", "count_b", "log_odds") if c in data.columns]
    tip = [
        alt.Tooltip("word:N", title="Word"),
        alt.Tooltip("side:N", title="Leans to"),
        alt.Tooltip("z:Q", title="z-score", format="+.2f"),
    ]
    tip += [
        alt.Tooltip(f"{c}:Q", title=f"Count ({c[-1]})", format=",.0f")
        for c in ("count_a", "count_b")
        if c in data.columns
    ]
    return (
        alt.Chart(_data(data.select(keep)))
        .mark_bar()
        .encode(
            y=alt.Y("word:N", sort="-x", title=None),
            x=alt.X("z:Q", title="z-score of the weighted log-odds"),
            color=alt.Color(
                "side:N",
                title="More typical of",
                sort=sides,
                scale=alt.Scale(domain=sides, range=theme.PALETTE[: len(sides)]),
            ),
            tooltip=tip,
        )
        .properties(title=title, height=alt.Step(18))
    )


def lorenz_curve(
    lorenz: pl.DataFrame, *, gini: float | None = None, title: str = "Concentration of participation"
) -> alt.LayerChart:
    """The Lorenz curve of tweets per account with the line of equality (from :func:`kit.describe.lorenz`)."""
    check_input(lorenz, ("share_of_accounts", "share_of_tweets"), "lorenz_curve", _SOURCE, refuse=RAW_COLUMNS)
    curve = (
        alt.Chart(_data(lorenz))
        .mark_line()
        .encode(
            x=alt.X(
                "share_of_accounts:Q",
                title="Share of accounts (least active first)",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            y=alt.Y(
                "share_of_tweets:Q", title="Share of tweets", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])
            ),
            tooltip=[
                alt.Tooltip("share_of_accounts:Q", title="Accounts", format=".1%"),
                alt.Tooltip("share_of_tweets:Q", title="Tweets", format=".1%"),
            ],
        )
    )
    equality = (
        alt.Chart(alt.Data(values=[{"x": 0, "y": 0}, {"x": 1, "y": 1}]))
        .mark_line(strokeDash=[4, 4], color="#888888")
        .encode(x="x:Q", y="y:Q")
    )
    subtitle = (
        [f"Gini coefficient {gini:.2f} (dashed: perfect equality)"]
        if gini is not None
        else ["Dashed: perfect equality"]
    )
    return alt.layer(equality, curve).properties(title=alt.TitleParams(title, subtitle=subtitle), width=360, height=360)


__all__ = [
    "KIND_COLORS",
    "co_hashtag_heatmap",
    "count_axis",
    "date_format",
    "distinguishing_words",
    "kinds_over_time",
    "life_cycle_comparison",
    "lorenz_curve",
    "time_zoom",
    "timeline",
    "timeline_with_accounts",
    "top_bars",
]
