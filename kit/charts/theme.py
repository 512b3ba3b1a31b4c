"""The kit's one house theme for Altair charts.

Readable titles and axis labels, a colour-blind-safe palette (Okabe & Ito 2008), no chart
borders. It is registered as ``"hashtag_kit"`` and enabled when :mod:`kit.charts` is imported.

Examples
--------
>>> import altair as alt
>>> from kit.charts import theme
>>> theme.enable()
>>> alt.theme.active
'hashtag_kit'
"""

from __future__ import annotations

import altair as alt

NAME = "hashtag_kit"

#: Okabe–Ito colour-blind-safe palette (black moved last).
PALETTE: list[str] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
#: A sequential scheme for heatmaps (Vega's perceptually uniform, colour-blind-safe ``viridis``).
SEQUENTIAL_SCHEME = "viridis"
#: A diverging scheme for signed values (e.g. log-odds z-scores).
DIVERGING_SCHEME = "blueorange"

FONT = "Helvetica Neue, Helvetica, Arial, sans-serif"
WIDTH = 640
HEIGHT = 320


def config() -> dict:
    """The theme as a Vega-Lite config dictionary."""
    return {
        "config": {
            "font": FONT,
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "title": {
                "fontSize": 16,
                "fontWeight": "bold",
                "anchor": "start",
                "subtitleFontSize": 12,
                "subtitleColor": "#555555",
                "offset": 10,
            },
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "titleFontWeight": "normal",
                "gridColor": "#e6e6e6",
                "domainColor": "#888888",
                "tickColor": "#888888",
                "labelLimit": 260,
            },
            "legend": {"labelFontSize": 12, "titleFontSize": 13, "orient": "right", "labelLimit": 260},
            "header": {"labelFontSize": 12, "titleFontSize": 13},
            "range": {
                "category": PALETTE,
                "ordinal": {"scheme": "blues"},
                "heatmap": {"scheme": SEQUENTIAL_SCHEME},
                "ramp": {"scheme": SEQUENTIAL_SCHEME},
                "diverging": {"scheme": DIVERGING_SCHEME},
            },
            "bar": {"color": PALETTE[0]},
            "line": {"color": PALETTE[0], "strokeWidth": 2},
            "area": {"color": PALETTE[0]},
            "point": {"color": PALETTE[0], "filled": True},
            "rule": {"color": "#555555"},
            "text": {"fontSize": 11},
        }
    }


@alt.theme.register(NAME, enable=False)
def _hashtag_kit_theme() -> alt.theme.ThemeConfig:
    return config()  # type: ignore[return-value]


def enable() -> None:
    """Make the house theme the active Altair theme."""
    alt.theme.enable(NAME)
