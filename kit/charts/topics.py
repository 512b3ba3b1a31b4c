"""Charts of topic models (:mod:`kit.topics.tables`): a tidy aggregated frame in, an ``alt.Chart`` out.

Builders never save or show, and refuse frames holding tweets (``text``, ``tweet_id`` or the topic
table's ``representative`` column), so a chart never embeds tweets. The house theme is enabled by
importing :mod:`kit.charts`.

Examples
--------
>>> import polars as pl
>>> topics = pl.DataFrame({"topic": [-1, 0, 1], "label": ["outliers", "walk, night", "gun, nra"],
...                        "size": [5, 40, 20]})
>>> topic_sizes(topics).to_dict()["mark"]["type"]
'bar'
"""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import polars as pl

from kit.charts import theme
from kit.charts._input import TWEET_COLUMNS, check_input


def _values(frame: pl.DataFrame) -> alt.Data:
    out = frame.with_columns(
        pl.col(c).dt.strftime("%Y-%m-%dT%H:%M:%S%z") for c, t in frame.schema.items() if isinstance(t, pl.Datetime)
    )
    out = out.with_columns(
        pl.col(c).list.join(", ") for c, t in out.schema.items() if isinstance(t, pl.List) and t.inner == pl.String
    )
    return alt.Data(values=out.to_dicts())


def _topic_name(frame: pl.DataFrame) -> pl.DataFrame:
    """Add ``name`` = "topic: label" (unique, sortable) for axes and legends."""
    return frame.with_columns(pl.format("{}: {}", pl.col("topic"), pl.col("label")).alias("name"))


def _top_topics(frame: pl.DataFrame, weight: str, top: int | None) -> list[int]:
    ranked = (
        frame.filter(pl.col("topic") != -1)
        .group_by("topic")
        .agg(pl.col(weight).sum())
        .sort([weight, "topic"], descending=[True, False])
    )
    return ranked["topic"].head(top).to_list() if top else ranked["topic"].to_list()


def topic_sizes(
    topics: pl.DataFrame, *, top: int | None = 30, include_outliers: bool = False, title: str = "Tweets per topic"
) -> alt.Chart:
    """Horizontal bars of tweets per topic (``topic``, ``label``, ``size``), largest first."""
    frame = check_input(topics, ["topic", "label", "size"], "topic_sizes", "kit.topics.topic_table", drop=TWEET_COLUMNS)
    if not include_outliers:
        frame = frame.filter(pl.col("topic") != -1)
    frame = _topic_name(frame.sort(["size", "topic"], descending=[True, False]).head(top or frame.height))
    order = frame["name"].to_list()
    return (
        alt.Chart(_values(frame.select("topic", "name", "size")), title=title)
        .mark_bar()
        .encode(
            y=alt.Y("name:N", sort=order, title=None),
            x=alt.X("size:Q", title="Tweets"),
            tooltip=[alt.Tooltip("name:N", title="Topic"), alt.Tooltip("size:Q", title="Tweets", format=",")],
        )
        .properties(height=alt.Step(18))
    )


def topic_word_bars(
    words: pl.DataFrame,
    *,
    topics: Iterable[int] | None = None,
    top_words: int = 8,
    columns: int = 3,
    title: str = "Top words per topic",
) -> alt.Chart:
    """Small multiples of each topic's top words by c-TF-IDF weight (``topic``, ``label``, ``word``, ``weight``)."""
    frame = check_input(
        words, ["topic", "label", "word", "weight"], "topic_word_bars", "kit.topics.topic_words", drop=TWEET_COLUMNS
    )
    if topics is not None:
        frame = frame.filter(pl.col("topic").is_in(list(topics)))
    else:
        frame = frame.filter(pl.col("topic").is_in(sorted(set(frame["topic"].to_list()) - {-1})[:12]))
    frame = (
        frame.sort(["topic", "weight"], descending=[False, True]).group_by("topic", maintain_order=True).head(top_words)
    )
    frame = _topic_name(frame)
    order = frame.sort("topic").unique("name", maintain_order=True)["name"].to_list()
    return (
        alt.Chart(_values(frame.select("name", "word", "weight")), title=title)
        .mark_bar()
        .encode(
            y=alt.Y("word:N", sort="-x", title=None),
            x=alt.X("weight:Q", title="c-TF-IDF weight"),
            tooltip=[
                alt.Tooltip("name:N", title="Topic"),
                alt.Tooltip("word:N", title="Word"),
                alt.Tooltip("weight:Q", title="c-TF-IDF weight", format=".3f"),
            ],
        )
        .properties(width=180, height=alt.Step(14))
        .facet(
            facet=alt.Facet(
                "name:N", title=None, sort=order, header=alt.Header(labelFontWeight="bold", labelLimit=220)
            ),
            columns=columns,
        )
        .resolve_scale(y="independent")
    )


def topics_over_time_chart(
    frame: pl.DataFrame, *, top: int | None = 8, share: bool = False, title: str = "Topics over time"
) -> alt.Chart:
    """Lines of tweets (or share of the period) per topic over time (``period``, ``topic``, ``label``, ``tweets``)."""
    data = check_input(
        frame,
        ["period", "topic", "label", "tweets"],
        "topics_over_time_chart",
        "kit.topics.topics_over_time",
        drop=TWEET_COLUMNS,
    )
    keep = _top_topics(data, "tweets", top)
    data = _topic_name(data.filter(pl.col("topic").is_in(keep)))
    value = "share" if share and "share" in data.columns else "tweets"
    from kit.charts.explore import _data, _time_format, _time_x, count_axis, time_zoom

    periods = data["period"].n_unique()
    return (
        alt.Chart(_data(data.select("period", "name", value)), title=title)
        .mark_line(point=periods <= 60)
        .encode(
            x=_time_x("", data, field="period"),
            y=alt.Y(
                f"{value}:Q",
                title="Share of the period's tweets" if value == "share" else "Tweets",
                axis=alt.Axis(format=".0%") if value == "share" else count_axis(),
            ),
            color=alt.Color(
                "name:N", title="Topic", sort=[n for n in data.unique("name", maintain_order=True)["name"]]
            ),
            tooltip=[
                alt.Tooltip("name:N", title="Topic"),
                alt.Tooltip(
                    "utcyearmonthdatehoursminutes(period):T", title="Period", format=_time_format(data, "period")
                ),
                alt.Tooltip(
                    f"{value}:Q",
                    title="Share of the period" if value == "share" else "Tweets",
                    format=".1%" if value == "share" else ",.0f",
                ),
            ],
        )
        .add_params(time_zoom())
    )


def topics_per_class_chart(
    frame: pl.DataFrame, *, top: int | None = 10, title: str = "Topics per class", class_title: str = "Class"
) -> alt.Chart:
    """Heatmap of each topic's share of each class (``class``, ``topic``, ``label``, ``tweets``, ``share``)."""
    data = check_input(
        frame,
        ["class", "topic", "label", "tweets", "share"],
        "topics_per_class_chart",
        "kit.topics.topics_per_class",
        drop=TWEET_COLUMNS,
    )
    keep = _top_topics(data, "tweets", top)
    data = _topic_name(data.filter(pl.col("topic").is_in(keep)))
    order = [f"{t}: {data.filter(pl.col('topic') == t)['label'][0]}" for t in keep]
    return (
        alt.Chart(_values(data.select("class", "name", "tweets", "share")), title=title)
        .mark_rect()
        .encode(
            x=alt.X("class:N", title=class_title),
            y=alt.Y("name:N", sort=order, title=None),
            color=alt.Color(
                "share:Q",
                title="Share of class",
                scale=alt.Scale(scheme=theme.SEQUENTIAL_SCHEME),
                legend=alt.Legend(format=".0%"),
            ),
            tooltip=[
                alt.Tooltip("class:N", title=class_title),
                alt.Tooltip("name:N", title="Topic"),
                alt.Tooltip("tweets:Q", title="Tweets", format=",.0f"),
                alt.Tooltip("share:Q", title="Share of class", format=".1%"),
            ],
        )
    )


def topic_similarity_heatmap(frame: pl.DataFrame, *, title: str = "Topic similarity") -> alt.Chart:
    """Heatmap of cosine similarity between topics (``topic_a``, ``label_a``, ``topic_b``, ``label_b``, ``similarity``)."""
    data = check_input(
        frame,
        ["topic_a", "label_a", "topic_b", "label_b", "similarity"],
        "topic_similarity_heatmap",
        "kit.topics.topic_similarity",
        drop=TWEET_COLUMNS,
    )
    data = data.with_columns(
        pl.format("{}: {}", "topic_a", "label_a").alias("a"), pl.format("{}: {}", "topic_b", "label_b").alias("b")
    )
    order = data.sort("topic_a").unique("a", maintain_order=True)["a"].to_list()
    return (
        alt.Chart(_values(data.select("a", "b", "similarity")), title=title)
        .mark_rect()
        .encode(
            x=alt.X("a:N", sort=order, title=None, axis=alt.Axis(labelAngle=-45, labelLimit=160)),
            y=alt.Y("b:N", sort=order, title=None),
            color=alt.Color("similarity:Q", title="Cosine", scale=alt.Scale(scheme=theme.SEQUENTIAL_SCHEME)),
            tooltip=[
                alt.Tooltip("a:N", title="Topic"),
                alt.Tooltip("b:N", title="Compared with"),
                alt.Tooltip("similarity:Q", title="Cosine similarity", format=".2f"),
            ],
        )
    )
