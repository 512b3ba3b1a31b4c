"""kit.charts.explore and kit.charts.export: the spec, the data that went in, offline PNG/SVG/HTML export."""

from __future__ import annotations

import re
from pathlib import Path

import altair as alt
import polars as pl
import pytest

import kit.charts  # noqa: F401  (enables the house theme)
from kit import describe as d
from kit.charts import explore, export, theme
from kit.schema import from_records


@pytest.fixture(scope="module")
def tweets() -> pl.DataFrame:
    rows = []
    for i in range(60):
        rows.append(
            {
                "tweet_id": str(i),
                "created_at": f"2014-05-{24 + i % 3}T{i % 24:02d}:00:00Z",
                "author_id": f"id{i % 5}",
                "author_username": f"u{i % 5}",
                "author_followers": 1000 * (i % 5),
                "text": f"women safety #yesallwomen #t{i % 4}" if i % 2 else "not all men #notallmen",
                "hashtags": ["yesallwomen", f"t{i % 4}"] if i % 2 else ["notallmen"],
                "is_retweet": i % 3 == 0,
                "retweeted_username": "u1" if i % 3 == 0 else None,
                "is_reply": i % 7 == 0,
                "mentions": [f"u{i % 4}"],
            }
        )
    return from_records(rows)


def _collect(node: object, out: list[list[dict]]) -> None:
    if isinstance(node, dict):
        data = node.get("data")
        if isinstance(data, dict) and isinstance(data.get("values"), list):
            out.append(data["values"])
        for key in ("layer", "hconcat", "vconcat", "concat"):
            for child in node.get(key, []):
                _collect(child, out)
        for rows in node.get("datasets", {}).values():
            out.append(rows)


def values(chart: alt.TopLevelMixin) -> list[dict]:
    """The inline data of a chart (the first data set found; the main layer of single charts)."""
    found: list[list[dict]] = []
    _collect(chart.to_dict(), found)
    return found[0]


def all_values(chart: alt.TopLevelMixin) -> list[dict]:
    """Every inline row of every layer."""
    found: list[list[dict]] = []
    _collect(chart.to_dict(), found)
    return [row for rows in found for row in rows]


def test_theme_is_active() -> None:
    assert alt.theme.active == theme.NAME


def test_timeline_spec_and_data(tweets: pl.DataFrame) -> None:
    vol = d.volume(tweets, "day")
    chart = explore.timeline(vol, title="Volume")
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "line"
    assert spec["encoding"]["x"]["field"] == "time" and spec["encoding"]["x"]["type"] == "temporal"
    assert spec["encoding"]["y"]["title"] == "Tweets"
    assert spec["title"]["text"] == "Volume"
    assert {t["field"] for t in spec["encoding"]["tooltip"]} == {"time", "tweets"}
    data = values(chart)
    assert [r["tweets"] for r in data] == [20, 20, 20]  # kinds summed per day
    assert data[0]["time"] == "2014-05-24T00:00:00Z"
    assert spec["encoding"]["x"]["scale"]["type"] == "utc"  # shown in the frame's zone, not the viewer's


def test_timeline_with_events_and_two_selections(tweets: pl.DataFrame) -> None:
    a = tweets.filter(pl.col("hashtags").list.contains("yesallwomen"))
    b = tweets.filter(pl.col("hashtags").list.contains("notallmen"))
    vol = d.compare_volume(a, b, labels=("#yesallwomen", "#notallmen"))
    chart = explore.timeline(vol, events=[{"time": "2014-05-24T04:30:00Z", "label": "Isla Vista shooting"}])
    spec = chart.to_dict()
    assert len(spec["layer"]) == 3
    assert spec["layer"][0]["encoding"]["color"]["field"] == "selection"
    rows = all_values(chart)
    assert {"label": "Isla Vista shooting", "time": "2014-05-24T04:30:00Z"} in rows
    assert sum(r["tweets"] for r in rows if r.get("selection") == "#notallmen") == b.height
    with pytest.raises(ValueError, match="'time' and 'label'"):
        explore.timeline(vol, events=[{"when": "x"}])


def test_timeline_in_local_time_zone_shows_wall_clock(tweets: pl.DataFrame, tmp_path: Path) -> None:
    vol = d.volume(tweets, "day", tz="America/Los_Angeles")
    chart = explore.timeline(vol, events=[{"time": "2014-05-24T04:30:00Z", "label": "shooting"}])
    rows = all_values(chart)
    assert {"label": "shooting", "time": "2014-05-23T21:30:00Z"} in rows  # 21:30 on the 23rd in California
    assert any(r.get("time") == "2014-05-24T00:00:00Z" and "tweets" in r for r in rows)
    assert chart.to_dict()["layer"][0]["encoding"]["x"]["title"] == "Time (America/Los_Angeles)"
    tip = chart.to_dict()["layer"][0]["encoding"]["tooltip"][0]
    assert tip["field"] == "time" and tip["timeUnit"] == "utcyearmonthdatehoursminutes"
    assert "America/Los_Angeles" in export.to_svg(chart)


def test_kinds_over_time(tweets: pl.DataFrame) -> None:
    chart = explore.kinds_over_time(d.volume(tweets, "day"))
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "area"
    assert spec["encoding"]["color"]["scale"]["domain"] == ["original", "retweet", "quote", "reply"]
    assert spec["encoding"]["color"]["scale"]["range"] == theme.PALETTE[:4]
    assert sum(r["tweets"] for r in values(chart)) == tweets.height
    assert (
        explore.kinds_over_time(d.volume(tweets, "day"), normalize=True).to_dict()["encoding"]["y"]["stack"]
        == "normalize"
    )


def test_top_bars_autodetects_columns_and_orders(tweets: pl.DataFrame) -> None:
    top = d.top_hashtags(tweets, 5)
    chart = explore.top_bars(top, title="Top hashtags")
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["y"]["field"] == "hashtag" and spec["encoding"]["y"]["sort"] == "-x"
    assert spec["encoding"]["x"]["field"] == "tweets"
    assert [r["hashtag"] for r in values(chart)] == top["hashtag"].to_list()
    accounts = d.top_accounts(tweets, "retweeted", salt="s")
    spec = explore.top_bars(accounts, n=1).to_dict()
    assert spec["encoding"]["x"]["field"] == "retweets" and len(values(explore.top_bars(accounts, n=1))) == 1
    assert "Followers" in {t["title"] for t in spec["encoding"]["tooltip"]}


def test_builders_refuse_raw_tweets(tweets: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match="aggregates only"):
        explore.top_bars(tweets.select("tweet_id", "author_username", "author_followers"))
    with pytest.raises(ValueError, match="needs column"):
        explore.timeline(d.top_hashtags(tweets))
    with pytest.raises(TypeError, match="eager"):
        explore.timeline(d.volume(tweets).lazy())  # type: ignore[arg-type]


def test_co_hashtag_heatmap(tweets: pl.DataFrame) -> None:
    pairs = d.hashtag_pairs(tweets, 4)
    chart = explore.co_hashtag_heatmap(pairs)
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "rect"
    assert spec["encoding"]["color"]["scale"]["scheme"] == theme.SEQUENTIAL_SCHEME
    assert spec["encoding"]["x"]["sort"][0] == "yesallwomen"
    assert len(values(chart)) == pairs.height


def test_life_cycle_comparison(tweets: pl.DataFrame) -> None:
    curves = d.life_cycle_curves(tweets, ["yesallwomen", "notallmen"], every="day")
    chart = explore.life_cycle_comparison(curves)
    spec = chart.to_dict()
    assert spec["encoding"]["x"]["field"] == "hours_since_peak"
    assert spec["encoding"]["y"]["field"] == "share_of_peak"
    assert {r["hashtag"] for r in values(chart)} == {"yesallwomen", "notallmen"}
    assert explore.life_cycle_comparison(curves, normalize=False).to_dict()["encoding"]["y"]["field"] == "tweets"
    near = values(explore.life_cycle_comparison(curves, window=(0, 24)))
    assert near and all(0 <= r["hours_since_peak"] <= 24 for r in near)


def test_distinguishing_words_chart(tweets: pl.DataFrame) -> None:
    a = tweets.filter(pl.col("hashtags").list.contains("yesallwomen"))
    b = tweets.filter(pl.col("hashtags").list.contains("notallmen"))
    words = d.distinguishing_words(
        a, b, labels=("#yesallwomen", "#notallmen"), exclude_tags=["yesallwomen", "notallmen"], retweets=True
    )
    chart = explore.distinguishing_words(words, n=1)
    spec = chart.to_dict()
    assert spec["encoding"]["x"]["field"] == "z"
    assert spec["encoding"]["color"]["scale"]["domain"] == ["#yesallwomen", "#notallmen"]
    data = values(chart)
    assert len(data) == 2 and {r["side"] for r in data} == {"#yesallwomen", "#notallmen"}


def test_lorenz_curve(tweets: pl.DataFrame) -> None:
    lz = d.lorenz(tweets)
    g = d.concentration(tweets)["gini"].item()
    chart = explore.lorenz_curve(lz, gini=g)
    spec = chart.to_dict()
    assert len(spec["layer"]) == 2
    assert f"{g:.2f}" in spec["title"]["subtitle"][0]
    assert any(r.get("share_of_tweets") == 1.0 for r in all_values(chart))


def test_no_chart_holds_raw_text(tweets: pl.DataFrame) -> None:
    chart = explore.top_bars(d.top_accounts(tweets, salt="s"))
    blob = str(chart.to_dict())
    assert "women safety" not in blob


# --- export ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def chart(tweets: pl.DataFrame) -> alt.TopLevelMixin:
    return explore.timeline(d.volume(tweets, "day"), events=[{"time": "2014-05-25T00:00:00Z", "label": "Sunday"}])


def test_png_and_svg_export_offline(chart: alt.TopLevelMixin, tmp_path: Path) -> None:
    png = export.save(chart, tmp_path / "out" / "timeline.png")
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5_000
    width = int.from_bytes(data[16:20], "big")
    assert width >= 2 * 600  # rendered at scale 2
    svg = export.save(chart, tmp_path / "timeline.svg").read_text()
    assert svg.startswith("<svg") and "Tweets over time" in svg and "Sunday" in svg
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["out", "timeline.png", "timeline.svg"]


def test_html_export_is_self_contained(chart: alt.TopLevelMixin, tmp_path: Path) -> None:
    html = export.to_html(chart)
    assert re.search(r"<script[^>]*\bsrc\s*=", html, re.I) is None
    assert re.search(r"<link[^>]*href\s*=\s*[\"']https?:", html, re.I) is None
    assert re.search(r"import\s*\(?\s*[\"']https?://", html) is None
    assert "vegaEmbed" in html and len(html) > 200_000  # the libraries are inline
    assert "Tweets over time" in html
    path = export.save(chart, tmp_path / "timeline.html")
    assert path.read_text() == html


def test_json_export_and_bad_suffix(chart: alt.TopLevelMixin, tmp_path: Path) -> None:
    import json

    spec = json.loads(export.save(chart, tmp_path / "c.json").read_text())
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    with pytest.raises(ValueError, match="cannot save"):
        export.save(chart, tmp_path / "c.pdf")
    with pytest.raises(TypeError, match="Altair chart"):
        export.to_svg("not a chart")  # type: ignore[arg-type]


def test_export_never_fetches_from_the_network() -> None:
    remote = alt.Chart(alt.Data(url="https://example.com/data.csv")).mark_point().encode(x="x:Q")
    with pytest.raises(Exception, match="(?i)url|access|allowed"):
        export.to_png(remote)


# --- interactivity: tooltips, zoom, the linked timeline, the offline renderer ------------------------------
def _units(spec: dict) -> list[dict]:
    """Every single-view spec (with a mark) of a chart, through layers, concatenations and facets."""
    found = [spec] if "mark" in spec else []
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for child in spec.get(key, []):
            found += _units(child)
    if "spec" in spec:
        found += _units(spec["spec"])
    return found


def _mark(unit: dict) -> str:
    return unit["mark"]["type"] if isinstance(unit["mark"], dict) else unit["mark"]


def _builders() -> dict[str, alt.TopLevelMixin]:
    """One chart of every builder in kit.charts, from small hand-made frames of the shape each one takes."""
    import datetime as dt

    from kit.charts import affect, networks, topics

    t0 = dt.datetime(2014, 5, 24, tzinfo=dt.UTC)
    days = [t0 + dt.timedelta(days=i) for i in range(3)]
    tweets = from_records(
        [
            {
                "tweet_id": str(i),
                "created_at": f"2014-05-{24 + i % 3}T{i % 24:02d}:00:00Z",
                "author_username": f"u{i % 4}",
                "hashtags": ["yesallwomen"] if i % 2 else ["notallmen"],
                "text": "x",
            }
            for i in range(40)
        ]
    )
    topic_rows = pl.DataFrame({"topic": [0, 1], "label": ["walk, night", "gun, nra"], "size": [40, 20]})
    return {
        "timeline": explore.timeline(d.volume(tweets, "day", by_kind=False), events=[{"time": days[1], "label": "e"}]),
        "kinds_over_time": explore.kinds_over_time(d.volume(tweets, "day")),
        "top_bars": explore.top_bars(d.top_accounts(tweets, salt="s")),
        "co_hashtag_heatmap": explore.co_hashtag_heatmap(d.hashtag_pairs(tweets, 5)),
        "life_cycle_comparison": explore.life_cycle_comparison(
            d.life_cycle_curves(tweets, ["yesallwomen", "notallmen"], every="day")
        ),
        "distinguishing_words": explore.distinguishing_words(
            pl.DataFrame(
                {"word": ["a", "b"], "side": ["x", "y"], "z": [2.0, -1.5], "count_a": [3, 1], "count_b": [0, 4]}
            )
        ),
        "lorenz_curve": explore.lorenz_curve(d.lorenz(tweets), gini=0.4),
        "timeline_with_accounts": explore.timeline_with_accounts(d.accounts_over_time(tweets, "day", 2, salt="s")),
        "emotions_over_time": affect.emotions_over_time(
            pl.DataFrame(
                {"time": days, "emotion": ["fear", "anger", "fear"], "share": [0.5, 0.3, 0.2], "tweets": [5, 3, 2]}
            )
        ),
        "affect_over_time": affect.affect_over_time(
            pl.DataFrame({"time": days, "sentiment": [0.1, -0.2, 0.3], "scored": [10, 12, 9]})
        ),
        "compare_chart": affect.compare_chart(
            pl.DataFrame(
                {
                    "measure": ["sentiment"],
                    "a": [0.1],
                    "b": [-0.1],
                    "effect": [0.3],
                    "effect_size": ["small"],
                    "effect_ci_low": [0.1],
                    "effect_ci_high": [0.5],
                    "ci_low": [0.05],
                    "ci_high": [0.3],
                    "label_a": ["yesallwomen"],
                    "label_b": ["notallmen"],
                }
            )
        ),
        "topic_bars": affect.topic_bars(topic_rows.with_columns(testimony=pl.lit(0.2), tweets=pl.col("size"))),
        "community_sizes_chart": networks.community_sizes_chart(
            pl.DataFrame({"period": days, "lineage": ["a C0", "a C0", "b C1"], "size": [4, 5, 3]})
        ),
        "top_accounts_chart": networks.top_accounts_chart(
            pl.DataFrame({"community": [0, 1], "label": ["ann", "bob"], "pagerank": [0.2, 0.1]})
        ),
        "network_chart": networks.network_chart(
            pl.DataFrame(
                {
                    "label": ["ann", "bob"],
                    "group": ["C0", "C1"],
                    "pagerank": [0.6, 0.4],
                    "x": [0.0, 1.0],
                    "y": [0.0, 1.0],
                    "show_label": [True, False],
                    "in_strength": [3, 1],
                }
            ),
            pl.DataFrame({"x": [0.0], "y": [0.0], "x2": [1.0], "y2": [1.0], "weight": [2]}),
        ),
        "topic_sizes": topics.topic_sizes(topic_rows),
        "topic_word_bars": topics.topic_word_bars(
            pl.DataFrame({"topic": [0, 0], "label": ["walk"] * 2, "word": ["walk", "night"], "weight": [0.3, 0.2]})
        ),
        "topics_over_time_chart": topics.topics_over_time_chart(
            pl.DataFrame({"period": days[:2], "topic": [0, 0], "label": ["walk"] * 2, "tweets": [3, 4]})
        ),
        "topics_per_class_chart": topics.topics_per_class_chart(
            pl.DataFrame(
                {"class": ["a", "b"], "topic": [0, 0], "label": ["walk"] * 2, "tweets": [3, 4], "share": [0.3, 0.4]}
            )
        ),
        "topic_similarity_heatmap": topics.topic_similarity_heatmap(
            pl.DataFrame({"topic_a": [0], "label_a": ["walk"], "topic_b": [1], "label_b": ["gun"], "similarity": [0.2]})
        ),
    }


def test_every_builder_has_formatted_tooltips_and_time_charts_zoom() -> None:
    import inspect

    from kit.charts import affect, networks, topics

    built = _builders()
    helpers = {"count_axis", "date_format", "time_zoom", "section_charts", "check_input"}
    public = {
        name
        for module in (explore, affect, networks, topics)
        for name, fn in vars(module).items()
        if inspect.isfunction(fn) and fn.__module__ == module.__name__ and not name.startswith("_")
    }
    assert public - helpers == set(built), "a chart builder is missing from this audit"
    for name, chart in built.items():
        spec = chart.to_dict()
        drawn = [u for u in _units(spec) if _mark(u) in ("bar", "line", "area", "rect", "point", "circle")]
        with_tips = [u for u in drawn if "tooltip" in u.get("encoding", {})]
        assert with_tips, f"{name}: no tooltip"
        for unit in with_tips:
            for tip in unit["encoding"]["tooltip"]:
                assert tip.get("title"), f"{name}: tooltip {tip} has no title"
                if tip["type"] in ("quantitative", "temporal"):
                    assert tip.get("format"), f"{name}: tooltip {tip} is not formatted"
        temporal_x = any(u.get("encoding", {}).get("x", {}).get("type") == "temporal" for u in drawn)
        zooms = [p for u in _units(spec) for p in u.get("params", []) if p.get("bind") == "scales"]
        zooms += [p for p in spec.get("params", []) if p.get("bind") == "scales"]
        if temporal_x and name != "timeline_with_accounts":  # that one's drag is its brush
            assert zooms and zooms[0]["select"]["encodings"] == ["x"], f"{name}: a time axis without zoom/pan"
        export.to_svg(chart)  # and each still renders as static SVG (what reports show)


def test_accounts_over_time_feeds_the_linked_timeline(tweets: pl.DataFrame) -> None:
    frame = d.accounts_over_time(tweets, "day", 3, salt="s")
    per_bin = frame.group_by("time").agg(pl.col("tweets").sum()).sort("time")
    assert per_bin.equals(d.volume(tweets, "day", by_kind=False).select("time", "tweets"))
    top = d.top_accounts(tweets, "tweets", 3, salt="s")
    named = frame.filter(pl.col("account").is_not_null())
    totals = named.group_by("account").agg(pl.col("tweets").sum())
    assert dict(totals.iter_rows()) == dict(zip(top["account"], top["tweets"]))
    assert named.columns == ["time", "account", "tweets"] and named["tweets"].min() > 0

    chart = explore.timeline_with_accounts(frame)
    assert isinstance(chart, alt.VConcatChart)
    spec = chart.to_dict()
    line, bars = spec["vconcat"]
    brush = next(p for p in spec.get("params", []) + line.get("params", []) if p["name"] == "brush")
    assert brush["select"]["encodings"] == ["x"] and "bind" not in brush
    assert bars["transform"][0] == {"filter": {"param": "brush"}}
    rows = [r for r in all_values(chart) if "account" in r]
    assert sum(r["tweets"] for r in rows) == int(top["tweets"].sum())
    assert "women safety" not in str(spec)  # aggregates only
    svg = export.to_svg(chart)  # static (report) rendering shows the whole span
    assert "Most active accounts in the selected time range" in svg and top["account"][0] in svg
    with pytest.raises(ValueError, match="accounts_over_time"):
        explore.timeline_with_accounts(frame.drop("account"))
    with pytest.raises(ValueError, match="at least 1"):
        d.accounts_over_time(tweets, "day", 0)


def test_interactive_renderer_embeds_the_spec_safely() -> None:
    import json

    from kit.charts import renderer

    hostile = "</script><script>window.__kit_xss = 1</script>"
    chart = alt.Chart(alt.Data(values=[{"tag": hostile, "n": 2}])).mark_bar().encode(x="n:Q", y="tag:N")
    bundle = renderer.render(chart.to_dict())
    page = bundle["text/html"]
    assert page.count("<script>") == 1 and page.count("</script>") == 1 and "<script src" not in page
    assert renderer.MISSING in page and 'class="kit-chart"' in page
    spec = json.loads(re.search(r"var spec = (.*);\n", page).group(1))
    assert spec["data"]["values"][0]["tag"] == hostile  # the text survives, as data
    options = json.loads(re.search(r"var options = (.*);\n", page).group(1))
    assert options["actions"] == {"export": True, "source": False, "compiled": False, "editor": False}

    script = renderer.bundle_html()
    assert script.count("<script>") == 1 and script.count("</script>") == 1
    assert "if (window.__kitVegaBundle) { return; }" in script and "window.vegaEmbed=" in script


def test_notebooks_default_to_interactive_and_reports_to_static_svg(kit_logger) -> None:
    import warnings

    from kit import notebook, reports

    chart = alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q")
    before = alt.renderers.active
    try:
        with pl.Config(), warnings.catch_warnings():
            notebook.setup_notebook()  # outside IPython: nothing is displayed
            assert alt.renderers.active == "hashtag_kit"
            shown = chart._repr_mimebundle_()
            assert "kit-chart" in shown["text/html"] and "image/svg+xml" not in shown
            reports.setup_notebook()
            assert alt.renderers.active == "svg"
            shown = chart._repr_mimebundle_()
            assert shown["image/svg+xml"].startswith("<svg") and "text/html" not in shown
            notebook.setup_notebook(static_charts=True)
            assert alt.renderers.active == "svg"
    finally:
        alt.renderers.enable(before)
