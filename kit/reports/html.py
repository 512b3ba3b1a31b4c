"""The HTML side of reports: one self-contained, script-free page per notebook, and the index page."""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kit.cache import write_text_atomic
from kit.notebook.corpus import selection_from_parameters

#: The report page's Content-Security-Policy: no script at all, no request to any host.
CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
       "base-uri 'none'; form-action 'none'")


_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}
<meta http-equiv="Content-Security-Policy" content="{{ resources.kit_csp }}">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="hashtag-kit">
{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block data_javascript scoped %}<div class="jp-OutputArea-output">(script output removed from this report)</div>{% endblock data_javascript %}
{% block data_widget_view scoped %}{% endblock data_widget_view %}
{% block data_svg scoped -%}
{%- set kit_alt = (output.metadata.get('kit_chart') or {}).get('alt') or 'Chart (no description)' -%}
<figure class="jp-RenderedSVG jp-OutputArea-output kit-figure" data-mime-type="image/svg+xml">
<img src="data:image/svg+xml;base64,{{ output.data['image/svg+xml'] | text_base64 | escape_html }}" alt="{{ kit_alt | escape_html }}">
<figcaption>{{ kit_alt | escape_html }}</figcaption>
</figure>
{%- endblock data_svg %}
{% block extra_css %}<style>
.kit-figure { margin: 0 0 1em 0; } .kit-figure figcaption { color: #555; font-size: 90%; max-width: 60em; }
table.kit-table caption { caption-side: top; text-align: left; font-weight: bold; padding: .3em 0; }
nav.kit-toc { background: #f6f8fa; padding: .4em 1.2em; margin: 1em 0; border-left: 4px solid #0072B2; }
</style>{% endblock extra_css %}
"""

_H2 = re.compile(r'<h2 id="([^"]+)">(.*?)(?:<a class="anchor-link"[^>]*>[^<]*</a>)?</h2>', re.S)


def _with_contents(page: str) -> str:
    """Insert a table of contents (the page's ``<h2>`` sections) before the first section."""
    found = list(_H2.finditer(page))
    if len(found) < 2:
        return page
    items = "".join(f'<li><a href="#{m.group(1)}">{re.sub(r"<[^>]+>", "", m.group(2)).strip()}</a></li>'
                    for m in found)
    nav = f'<nav class="kit-toc" aria-label="Contents"><strong>Contents</strong><ol>{items}</ol></nav>\n'
    first = found[0].start()
    return page[:first] + nav + page[first:]


def export_html(notebook: Any, *, show_code: bool = False, title: str | None = None) -> str:
    """Export an executed notebook (path or ``NotebookNode``) to one self-contained, script-free page.

    Code cells are hidden unless ``show_code``; charts must be images (SVG or PNG), which the
    report notebook produces with :func:`setup_notebook`.
    """
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(str(notebook), as_version=4) if isinstance(notebook, (str, os.PathLike)) else notebook
    if title:
        nb.metadata["title"] = title
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({"kit_report.html.j2": _TEMPLATE})],
        template_file="kit_report.html.j2",
        exclude_input=not show_code,
        exclude_input_prompt=not show_code,
        exclude_output_prompt=True,
        embed_images=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"kit_csp": CSP})
    return _with_contents(body)


def selection_text(parameters: Mapping[str, Any]) -> str:
    """What a variant selected, in the words of its report's header (:meth:`kit.selection.Selection.describe`).

    >>> selection_text({"hashtags": ["notallmen"], "start": "2014-05-24", "end": "2014-05-25"})
    '#notallmen; from 2014-05-24 to 2014-05-25 (UTC)'
    >>> selection_text({"data_path": "t.parquet"})
    'all tweets'
    """
    keys = ("hashtags", "start", "end", "tz", "langs", "include_retweets")
    try:
        return selection_from_parameters(**{k: parameters[k] for k in keys if parameters.get(k) is not None}).describe()
    except (TypeError, ValueError):  # a failed variant's parameters need not make a selection: show them as given
        shown = {k: parameters[k] for k in keys[:3] if parameters.get(k) not in (None, "", [])}
        return "; ".join(f"{k}: {v}" for k, v in shown.items()) or "all tweets"


def _index_timelines(manifests: list[Mapping[str, Any]]) -> str:
    """One small-multiple timeline of every variant that published one, as an ``<img>`` (SVG), or ""."""
    import base64

    import altair as alt
    import polars as pl

    from kit.charts import explore
    from kit.charts.export import to_svg

    frames = []
    for m in manifests:
        line = (m.get("figures") or {}).get("timeline") or {}
        if line.get("time"):
            frames.append(pl.DataFrame({"variant": str(m.get("variant")), "time": line["time"],
                                        "tweets": line["tweets"]}))
    if not frames:
        return ""
    data = pl.concat(frames).with_columns(pl.col("time").str.to_datetime(time_unit="us"))
    fmt = explore.date_format(data["time"].min(), data["time"].max())
    chart = alt.Chart(alt.Data(values=data.with_columns(pl.col("time").dt.strftime("%Y-%m-%dT%H:%M:%SZ")).to_dicts())
                      ).mark_area(interpolate="monotone", opacity=0.8).encode(
        x=alt.X("time:T", title=None, scale=alt.Scale(type="utc"), axis=alt.Axis(format=fmt, labelOverlap=True)),
        y=alt.Y("tweets:Q", title="Tweets per bin", axis=explore.count_axis(tickCount=3)),
    ).properties(width=560, height=60).facet(
        row=alt.Row("variant:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left"),
                    sort=[str(m.get("variant")) for m in manifests])
    ).resolve_scale(x="independent", y="independent")
    svg = to_svg(chart)
    alt_text = (f"Small multiples: tweets per time bin of each of {len(frames)} variant(s), one row each "
                "(each row has its own time and count scale).")
    return (f'<figure><img src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}" '
            f'alt="{html.escape(alt_text)}"><figcaption>{html.escape(alt_text)}</figcaption></figure>')


def _figure_cells(m: Mapping[str, Any]) -> str:
    e = html.escape
    f = m.get("figures") or {}
    if not f:
        return "<td>–</td>" * 4
    peak = "–"
    if f.get("peak_time"):
        peak = f"{str(f['peak_time'])[:16].replace('T', ' ')} ({int(f.get('peak_tweets') or 0):,} per {f.get('every_words', f.get('every', 'bin'))})"
    share = f.get("share_retweets")
    return (f"<td class=\"num\">{int(f.get('tweets') or 0):,}</td><td class=\"num\">{int(f.get('accounts') or 0):,}</td>"
            f"<td>{e(peak)}</td><td class=\"num\">{e(f'{100 * share:.1f} %' if share is not None else '–')}</td>")


def error_text(error: Mapping[str, Any]) -> str:
    """A failed variant's error in one line: where (the cell, or the HTML stage), the error's name and the first
    line of its message (the whole message stays in ``manifest.json``).

    >>> error_text({"cell_index": 7, "ename": "KeyError", "evalue": "'x'"})
    "cell 7: KeyError: 'x'"
    >>> error_text({"ename": "ValueError", "evalue": "No template sub-directory with name 'lab' found in:\\n\\t/a"})
    "ValueError: No template sub-directory with name 'lab' found in: (more in manifest.json)"
    """
    where = ("writing the HTML: " if error.get("stage") == "html"
             else f"cell {error['cell_index']}: " if error.get("cell_index") is not None else "")
    lines = str(error.get("evalue", "")).strip().splitlines() or [""]
    more = " (more in manifest.json)" if len(lines) > 1 else ""
    return f"{where}{error.get('ename', '')}: {lines[0]}{more}"


def _data_text(m: Mapping[str, Any]) -> str:
    """The table a variant read, by its file name, marked when it is the kit's synthetic data.

    >>> _data_text({"data_path": "/p/data/processed/mine.parquet", "synthetic_data": False})
    'mine.parquet'
    >>> _data_text({"data_path": "/p/data/processed/sample.parquet", "synthetic_data": True})
    'sample.parquet (SYNTHETIC)'
    """
    data = m.get("data_path") or (m.get("parameters") or {}).get("data_path") or ""
    name = Path(str(data)).name if data else "–"
    return f"{name} (SYNTHETIC)" if m.get("synthetic_data") else name


def write_index(out_dir: str | os.PathLike[str]) -> Path:
    """Write ``<out_dir>/index.html``: every variant folder that holds a ``manifest.json``, side by side —
    status (``ok``, ``empty``: no tweet matched, ``failed``), selection, data (the table's file name, marked
    SYNTHETIC for the kit's sample), tweets, accounts, peak, share of retweets — and one small-multiple
    timeline of all variants. The SYNTHETIC banner says how many of the reports it covers when the folder
    also holds reports of real data."""
    out = Path(out_dir)
    rows: list[str] = []
    manifests = []
    for manifest_path in sorted(out.glob("*/manifest.json")):
        with contextlib.suppress(OSError, ValueError):
            manifests.append(json.loads(manifest_path.read_text(encoding="utf-8")))
    e = html.escape
    n_synthetic = sum(bool(m.get("synthetic_data")) for m in manifests)
    for m in manifests:
        name = str(m.get("variant", ""))
        href = urllib.parse.quote(name) + "/report.html"
        status = str(m.get("status", "unknown"))
        params = m.get("parameters", {}) or {}
        what = selection_text(params)
        error = m.get("error") or {}
        err_text = ""
        if error:
            err_text = error_text(error)
        elif status == "empty":
            near = (m.get("figures") or {}).get("did_you_mean") or []
            err_text = "no tweet matches" + (f"; did you mean {' or '.join('#' + t for t in near)}?" if near else "")
        seconds = (m.get("timings") or {}).get("total_seconds")
        rows.append(
            f"<tr class=\"{e(status)}\"><td><a href=\"{e(href)}\">{e(name)}</a></td><td>{e(status)}</td>"
            f"<td>{e(what)}</td><td>{e(_data_text(m))}</td>{_figure_cells(m)}<td>{e(str(m.get('finished_at', '')))}</td>"
            f"<td>{e(f'{seconds:.1f} s' if isinstance(seconds, (int, float)) else '')}</td>"
            f"<td>{e(err_text)}</td></tr>"
        )
    banner = ""
    if n_synthetic == len(manifests) and manifests:
        banner = ("<p class=\"synthetic\"><strong>These reports are based on SYNTHETIC data</strong> generated by "
                  "hashtag-kit; they describe no real people or tweets.</p>")
    elif n_synthetic:  # reports of real data and of the sample in one folder: say which are which
        banner = (f"<p class=\"synthetic\"><strong>{n_synthetic} of these {len(manifests)} reports are based on "
                  "SYNTHETIC data</strong> generated by hashtag-kit (marked in the data column); they describe no "
                  "real people or tweets. The others are of your data.</p>")
    try:
        timelines = _index_timelines(manifests)
    except Exception:  # the table is the index; a chart that cannot be drawn must not cost it
        timelines = ""
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">
<meta name="referrer" content="no-referrer">
<title>hashtag-kit reports</title>
<style>
body {{ font-family: Helvetica, Arial, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; }} th, td {{ padding: .3em .8em; border-bottom: 1px solid #ddd; text-align: left; }}
td.num {{ text-align: right; }} caption {{ text-align: left; font-weight: bold; padding: .3em 0; }}
tr.failed td {{ background: #fdecea; }} tr.empty td {{ background: #fff4ce; }}
.synthetic {{ background: #fff4ce; padding: .6em; border-left: 4px solid #E69F00; }}
figcaption {{ color: #555; font-size: 90%; }}
</style></head>
<body><h1>Reports</h1>
{banner}
<table><caption>The variants side by side</caption>
<thead><tr><th>variant</th><th>status</th><th>selection</th><th>data</th><th>tweets</th><th>accounts</th><th>peak</th>
<th>retweets</th><th>rendered</th><th>time</th><th>note</th></tr></thead>
<tbody>
{chr(10).join(rows) if rows else '<tr><td colspan="11">no reports yet</td></tr>'}
</tbody></table>
{timelines}
</body></html>
"""
    return write_text_atomic(out / "index.html", page)
