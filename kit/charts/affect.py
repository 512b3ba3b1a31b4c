"""Charts of affect analyses (:mod:`kit.affect.tables`): a tidy aggregated frame in, an ``alt.Chart`` out.

Examples
--------
>>> import datetime as dt, polars as pl
>>> when = dt.datetime(2014, 5, 24, tzinfo=dt.timezone.utc)
>>> frame = pl.DataFrame({"time": [when] * 2, "emotion": ["fear", "anger"], "share": [0.6, 0.4],
...                       "tweets": [6, 4], "scored": [10, 10]})
>>> emotions_over_time(frame).to_dict()["mark"]["type"]
'area'
"""

from __future__ import annotations

import altair as alt
import polars as pl

from kit.affect.lexicon import AFFECTS
from kit.charts import theme
from kit.charts._input import TWEET_COLUMNS, check_input
from kit.charts.explore import _data, _time_format, _time_tip, _time_x, _tz, time_zoom
from kit.charts.topics import _values

#: One fixed colour per affect, so every chart reads the same (Okabe–Ito plus two greys).
AFFECT_COLOURS: dict[str, str] = dict(
    zip(
        AFFECTS,
        [
            theme.PALETTE[5],
            theme.PALETTE[1],
            theme.PALETTE[3],
            theme.PALETTE[7],
            theme.PALETTE[6],
            theme.PALETTE[0],
            "#999999",
            theme.PALETTE[4],
            theme.PALETTE[2],
        ],
    )
)
_MEASURES = {
    "sentiment": "Mean sentiment (VADER)",
    "testimony": "Share testimony",
    "call_to_action": "Share calls to action",
    "empowerment": "Mean empowerment words",
}


def emotions_over_time(frame: pl.DataFrame, *, title: str = "Which emotion dominated, over time") -> alt.Chart:
    """Stacked areas of the share of scored tweets dominated by each emotion (:func:`emotion_over_time`)."""
    data = check_input(
        frame,
        ["time", "emotion", "share"],
        "emotions_over_time",
        "kit.affect.tables.emotion_over_time",
        drop=TWEET_COLUMNS,
    )
    present = [a for a in AFFECTS if a in set(data["emotion"].to_list())]
    return (
        alt.Chart(_data(data), title=_pooled_title(data, title))
        .mark_area()
        .encode(
            x=_time_x(f"Time ({_tz(data)})", data),
            y=alt.Y("share:Q", title="Share of scored tweets", axis=alt.Axis(format="%"), stack="zero"),
            color=alt.Color(
                "emotion:N",
                title="Dominant emotion",
                scale=alt.Scale(domain=present, range=[AFFECT_COLOURS[a] for a in present]),
            ),
            order=alt.Order("emotion:N"),
            tooltip=[
                _time_tip(_time_format(data)),
                alt.Tooltip("emotion:N", title="Emotion"),
                alt.Tooltip("share:Q", title="Share", format=".1%"),
                *([alt.Tooltip("tweets:Q", title="Tweets", format=",.0f")] if "tweets" in data.columns else []),
            ],
        )
        .add_params(time_zoom())
    )


def _pooled_title(data: pl.DataFrame, title: str) -> str | alt.TitleParams:
    """The title, with a subtitle saying how sparse time bins were pooled (``bins`` > 1 in the frame).

    >>> _pooled_title(pl.DataFrame({"time": [1, 2], "bins": [1, 3], "min_scored": [20, 20]}), "T").subtitle
    ['Quiet stretches are pooled (1 point spans 3 time bins) so that each point has at least 20 scored tweets.']
    """
    if "bins" not in data.columns or data.is_empty() or int(data["bins"].max()) <= 1:
        return title
    floor = int(data["min_scored"].max()) if "min_scored" in data.columns else None
    pooled = data.filter(pl.col("bins") > 1).select(pl.exclude("emotion", "tweets", "share")).unique()
    spans = pooled["bins"].sum()
    points = f"{pooled.height:,} point{'s' if pooled.height != 1 else ''} span{'' if pooled.height != 1 else 's'}"
    need = f" so that each point has at least {floor:,} scored tweets" if floor else ""
    return alt.TitleParams(text=title, subtitle=[f"Quiet stretches are pooled ({points} {spans:,} time bins){need}."])


def affect_over_time(
    frame: pl.DataFrame, measure: str = "sentiment", *, group: str | None = None, title: str | None = None
) -> alt.Chart:
    """A line per group of one measure of :func:`kit.affect.tables.affect_over_time` (sentiment, testimony, ...)."""
    if measure not in _MEASURES:
        raise ValueError(f"measure must be one of {sorted(_MEASURES)}, not {measure!r}")
    need = ["time", measure, *([group] if group else [])]
    data = check_input(frame, need, "affect_over_time", "kit.affect.tables.affect_over_time", drop=TWEET_COLUMNS)
    fmt = "%" if measure in ("testimony", "call_to_action") else ".2f"
    enc = {
        "x": _time_x(f"Time ({_tz(data)})", data),
        "y": alt.Y(f"{measure}:Q", title=_MEASURES[measure], axis=alt.Axis(format=fmt)),
        "tooltip": [
            _time_tip(_time_format(data)),
            *([alt.Tooltip(f"{group}:N", title=group.capitalize())] if group else []),
            alt.Tooltip(f"{measure}:Q", title=_MEASURES[measure], format=".3f"),
            *([alt.Tooltip("scored:Q", title="Scored tweets", format=",.0f")] if "scored" in data.columns else []),
            *([alt.Tooltip("unscored:Q", title="Not scored", format=",.0f")] if "unscored" in data.columns else []),
        ],
    }
    if group:
        enc["color"] = alt.Color(f"{group}:N", title=group.capitalize())
    chart = alt.Chart(_data(data), title=title or f"{_MEASURES[measure]} over time")
    return chart.mark_line(point=True).encode(**enc).add_params(time_zoom())


def compare_chart(frame: pl.DataFrame, *, kind: str = "effect", title: str | None = None) -> alt.Chart:
    """Effect sizes (Cohen's d / h) with 95 % intervals of :func:`kit.affect.tables.compare_affect`, a row a measure."""
    data = check_input(
        frame,
        ["measure", "effect", "effect_ci_low", "effect_ci_high", "label_a", "label_b"],
        "compare_chart",
        "kit.affect.tables.compare_affect",
        drop=TWEET_COLUMNS,
    )
    a, b = data["label_a"][0], data["label_b"][0]
    base = alt.Chart(_values(data), title=title or f"#{a} vs #{b}: effect sizes (positive = more in #{a})")
    y = alt.Y("measure:N", title=None, sort=None)
    tip = [
        alt.Tooltip("measure:N", title="Measure"),
        alt.Tooltip("a:Q", title=f"#{a}", format=".3f"),
        alt.Tooltip("b:Q", title=f"#{b}", format=".3f"),
        alt.Tooltip("effect:Q", title="Effect", format=".2f"),
        alt.Tooltip("effect_size:N", title="Effect size"),
        alt.Tooltip("ci_low:Q", title="Difference, 95% CI low", format=".3f"),
        alt.Tooltip("ci_high:Q", title="Difference, 95% CI high", format=".3f"),
    ]
    rule = base.mark_rule().encode(
        x=alt.X("effect_ci_low:Q", title="Effect size (Cohen's d or h), 95% CI"),
        x2="effect_ci_high:Q",
        y=y,
        tooltip=tip,
    )
    point = base.mark_point(size=60).encode(x="effect:Q", y=y, tooltip=tip)
    zero = alt.Chart(alt.Data(values=[{"x": 0}])).mark_rule(strokeDash=[4, 4]).encode(x="x:Q")
    return alt.layer(rule, point, zero)


def topic_bars(
    frame: pl.DataFrame, measure: str = "testimony", *, top: int = 10, title: str | None = None
) -> alt.Chart:
    """Horizontal bars of the topics highest in ``measure`` (:func:`kit.affect.tables.topic_affect`)."""
    data = check_input(
        frame, ["topic", measure, "tweets"], "topic_bars", "kit.affect.tables.topic_affect", drop=TWEET_COLUMNS
    )
    name = (
        pl.format("{}: {}", pl.col("topic"), pl.col("label"))
        if "label" in data.columns
        else pl.col("topic").cast(pl.String)
    )
    data = data.with_columns(name.alias("name")).sort(measure, descending=True, nulls_last=True).head(top)
    fmt = "%" if measure in ("testimony", "call_to_action") else ".2f"
    return (
        alt.Chart(_values(data), title=title or f"Topics by {_MEASURES.get(measure, measure).lower()}")
        .mark_bar()
        .encode(
            y=alt.Y("name:N", title=None, sort="-x"),
            x=alt.X(f"{measure}:Q", title=_MEASURES.get(measure, measure), axis=alt.Axis(format=fmt)),
            tooltip=[
                alt.Tooltip("name:N", title="Topic"),
                alt.Tooltip(f"{measure}:Q", title=_MEASURES.get(measure, measure), format=".3f"),
                alt.Tooltip("tweets:Q", title="Tweets", format=",.0f"),
            ],
        )
    )


def section_charts(section: dict[str, pl.DataFrame]) -> dict[str, alt.Chart]:
    """The charts of :func:`kit.affect.tables.affect_section`, by the same names."""
    out = {
        "emotions": emotions_over_time(section["emotions"]),
        "sentiment": affect_over_time(
            section["over_time"], "sentiment", group="hashtag" if "hashtag" in section["over_time"].columns else None
        ),
        "testimony": affect_over_time(
            section["over_time"], "testimony", group="hashtag" if "hashtag" in section["over_time"].columns else None
        ),
    }
    if "compare" in section:
        out["compare"] = compare_chart(section["compare"])
    if "topics" in section:
        out["topics"] = topic_bars(section["topics"])
    return out
