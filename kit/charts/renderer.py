"""Interactive Altair charts in notebooks, offline: the kit's own renderer and the Vega bundle it needs.

Altair's ``default`` renderer loads Vega from a CDN (nothing draws offline), JupyterLab's built-in
Vega renderer does not take the Vega-Lite 6 that Altair 6 writes, and Altair's ``jupyter`` renderer
needs a live widget manager (its charts vanish from an HTML export opened offline). So the kit draws
charts its own way, with plain HTML that every front end shows the same:

- :func:`bundle_html` is vega + vega-lite + vega-embed, made by vl-convert (no network, ~900 KB), as one
  ``<script>``. :func:`kit.notebook.setup_notebook` shows it once per notebook (an output with nothing
  visible); it defines ``window.vegaEmbed`` once per page, however often it runs.
- :func:`render` (registered with Altair as ``"hashtag_kit"``) turns each chart into a ``<div>`` and a
  small script that waits for ``window.vegaEmbed`` and draws the spec there (SVG, tooltips on, the only
  action "save as SVG/PNG"; nothing that opens a web page). Until then the div says, in one line, what to do.

This works in JupyterLab 4 and Notebook 7 (outputs of a trusted notebook run their scripts), in VS Code,
and in ``jupyter nbconvert --to html`` pages opened from disk with no connection. Reports stay static:
:func:`enable` with ``static=True`` (what :func:`kit.reports.setup_notebook` does) selects Altair's
``svg`` renderer, drawn in the kernel by vl-convert, and emits no script.

Each drawn chart keeps vega-embed's result on its element (``element.kitEmbed``, with ``.view``), so a
test or a curious user can reach the Vega view from the browser console.

Examples
--------
>>> import altair as alt
>>> chart = alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q")
>>> bundle = render(chart.to_dict())
>>> sorted(bundle)
['text/html', 'text/plain']
>>> "window.vegaEmbed" in bundle["text/html"] and "<script src" not in bundle["text/html"]
True
"""

from __future__ import annotations

import functools
import json
import uuid
from typing import Any

#: The name the interactive renderer is registered under with Altair.
NAME = "hashtag_kit"
#: What a chart says while (or if) it cannot draw: shown until the Vega bundle has drawn it.
MISSING = (
    "Interactive chart: run notebook.setup_notebook() in this notebook (and trust the notebook in "
    "JupyterLab) to draw it."
)
#: vega-embed options: SVG output, tooltips, and only the offline actions (save as SVG or PNG).
EMBED_OPTIONS: dict[str, Any] = {
    "mode": "vega-lite",
    "renderer": "svg",
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}
#: The event the bundle sends on ``window`` once ``window.vegaEmbed`` is defined.
READY_EVENT = "kit-vega-ready"


def _script_json(value: Any) -> str:
    """``value`` as JSON that is safe inside an HTML ``<script>`` (no ``</script>`` or ``<!--``; every
    non-ASCII character, line separators included, is already escaped by ``json.dumps``)."""
    text = json.dumps(value, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return text


@functools.lru_cache(maxsize=1)
def bundle_script() -> str:
    """The JavaScript of :func:`bundle_html`: the vl-convert bundle in a function (its top-level
    ``const`` declarations would clash if run twice), run once per page, then :data:`READY_EVENT`."""
    import vl_convert as vlc

    from kit.charts.export import _vl_version

    version = _vl_version()
    code = vlc.javascript_bundle(vl_version=version)
    if "</script" in code.lower():  # never expected; would end the <script> element early
        raise RuntimeError("the Vega bundle of vl-convert contains '</script': cannot inline it")
    return (
        "(function () {\n"
        "  if (window.__kitVegaBundle) { return; }\n"
        f"  (function () {{ 'use strict';\n{code}\n  }})();\n"
        f"  window.__kitVegaBundle = {json.dumps(version)};\n"
        f"  window.dispatchEvent(new Event({json.dumps(READY_EVENT)}));\n"
        "})();"
    )


def bundle_html() -> str:
    """The ``<script>`` that defines ``window.vegaEmbed``, ``window.vega`` and ``window.vegaLite`` (once per page).

    >>> bundle_html().startswith("<script>") and len(bundle_html()) > 500_000
    True
    """
    return f"<script>{bundle_script()}</script>"


class VegaBundle:
    """A notebook output that loads the Vega bundle (:func:`bundle_html`) and shows nothing.

    >>> sorted(VegaBundle()._repr_mimebundle_())
    ['text/html', 'text/plain']
    """

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": f'<div class="kit-vega-bundle" hidden></div>{bundle_html()}', "text/plain": ""}


def render(spec: dict[str, Any], **embed_options: Any) -> dict[str, str]:
    """The mimebundle of one interactive chart: a ``<div>`` and a script that draws ``spec`` with vega-embed.

    ``embed_options`` override :data:`EMBED_OPTIONS` (Altair passes those of
    ``alt.renderers.enable("hashtag_kit", embed_options={...})``).
    """
    options = {**EMBED_OPTIONS, **(embed_options.pop("embed_options", None) or {}), **embed_options}
    element = f"kit-chart-{uuid.uuid4().hex}"
    script = (
        "(function () {\n"
        f"  var el = document.getElementById({json.dumps(element)});\n"
        f"  var spec = {_script_json(spec)};\n"
        f"  var options = {_script_json(options)};\n"
        "  function draw() {\n"
        "    if (!el || el.kitEmbed) { return; }\n"
        "    el.kitEmbed = 'drawing';\n"
        "    el.textContent = '';\n"
        "    window.vegaEmbed(el, spec, options)\n"
        "      .then(function (result) { el.kitEmbed = result; })\n"
        "      .catch(function (error) {\n"
        "        el.kitEmbed = null;\n"
        "        el.textContent = 'The chart could not be drawn: ' + error.message;\n"
        "        console.error(error);\n"
        "      });\n"
        "  }\n"
        "  if (window.vegaEmbed && window.__kitVegaBundle) { draw(); }\n"
        f"  else {{ window.addEventListener({json.dumps(READY_EVENT)}, draw, {{once: true}}); }}\n"
        "})();"
    )
    html = (
        f'<div id="{element}" class="kit-chart"><p class="kit-chart-missing">{MISSING}</p></div>\n'
        f"<script>{script}</script>"
    )
    return {"text/html": html, "text/plain": "<interactive chart: shown in a notebook front end>"}


def register() -> None:
    """Register :func:`render` with Altair as :data:`NAME` (idempotent)."""
    import altair as alt

    if NAME not in alt.renderers.names():
        alt.renderers.register(NAME, render)


def setup(*, static: bool = False) -> None:
    """:func:`enable`, and in a notebook kernel display the Vega bundle it returns (what
    :func:`kit.notebook.setup_notebook` calls)."""
    bundle = enable(static=static)
    if bundle is None:
        return
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # no IPython: nothing to display to
        return
    if get_ipython() is not None:
        display(bundle)


def enable(*, static: bool = False) -> VegaBundle | None:
    """Choose how charts show: interactive (:func:`render`; returns the :class:`VegaBundle` to display
    once, before the first chart) or, with ``static=True``, Altair's script-free ``svg`` renderer
    (drawn in the kernel by vl-convert; returns None)."""
    import altair as alt

    if static:
        alt.renderers.enable("svg")
        return None
    register()
    alt.renderers.enable(NAME)
    return VegaBundle()


__all__ = ["EMBED_OPTIONS", "MISSING", "NAME", "VegaBundle", "bundle_html", "enable", "register", "render", "setup"]
