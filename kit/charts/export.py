"""Save any Altair chart to PNG, SVG, or a self-contained HTML page that works offline.

Rendering uses vl-convert (no browser, no network): PNG and SVG are drawn by its embedded Vega,
and HTML pages carry the Vega, Vega-Lite and vega-embed JavaScript inline, so they open on a
laptop with no connection. Every write is atomic (temporary file + rename).

Examples
--------
>>> import altair as alt
>>> chart = alt.Chart(alt.Data(values=[{"x": 1, "y": 2}])).mark_point().encode(x="x:Q", y="y:Q")
>>> to_svg(chart).startswith("<svg")
True
>>> save(chart, "chart.png")  # doctest: +SKIP
PosixPath('chart.png')
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import altair as alt

from kit.cache import write_bytes_atomic, write_text_atomic

#: Suffixes :func:`save` understands.
FORMATS: tuple[str, ...] = (".png", ".svg", ".html", ".json")


def _spec(chart: alt.TopLevelMixin | dict[str, Any]) -> dict[str, Any]:
    if isinstance(chart, dict):
        return chart
    if not hasattr(chart, "to_dict"):
        raise TypeError(f"expected an Altair chart or a Vega-Lite dict, got {type(chart).__name__}")
    return chart.to_dict()


def _vl_version() -> str:
    """The Vega-Lite version Altair writes (e.g. ``'6.4'``), if vl-convert knows it; else its latest."""
    import vl_convert as vlc

    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return major_minor if major_minor in vlc.get_vegalite_versions() else vlc.get_vegalite_versions()[-1]


def to_png(chart: alt.TopLevelMixin | dict[str, Any], *, scale: float = 2.0) -> bytes:
    """The chart as PNG bytes; ``scale=2`` (the default) doubles the pixels for sharp images on screens."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(_spec(chart), vl_version=_vl_version(), scale=scale, allowed_base_urls=[])


def to_svg(chart: alt.TopLevelMixin | dict[str, Any]) -> str:
    """The chart as an SVG document."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(_spec(chart), vl_version=_vl_version(), allowed_base_urls=[])


def to_html(chart: alt.TopLevelMixin | dict[str, Any]) -> str:
    """A self-contained HTML page showing the chart (interactive, tooltips), with all JavaScript inline.

    >>> import altair as alt
    >>> page = to_html(alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q"))
    >>> "<script src=" in page
    False
    """
    import vl_convert as vlc

    return vlc.vegalite_to_html(_spec(chart), vl_version=_vl_version(), bundle=True)


def save(chart: alt.TopLevelMixin | dict[str, Any], path: str | Path, *, scale: float = 2.0) -> Path:
    """Save ``chart`` by the suffix of ``path``: ``.png``, ``.svg``, ``.html`` (offline) or ``.json`` (spec).

    Parent folders are created; the write is atomic. Returns the path.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".png":
        return write_bytes_atomic(target, to_png(chart, scale=scale))
    if suffix == ".svg":
        return write_text_atomic(target, to_svg(chart))
    if suffix == ".html":
        return write_text_atomic(target, to_html(chart))
    if suffix == ".json":
        return write_text_atomic(target, json.dumps(_spec(chart), indent=2) + "\n")
    raise ValueError(f"cannot save a chart as {target.name!r}: use one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "save", "to_html", "to_png", "to_svg"]
