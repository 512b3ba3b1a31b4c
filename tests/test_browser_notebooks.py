"""An executed notebook's interactive charts work offline in a real browser: notebook 02 runs on the synthetic
corpus (papermill, as tests/test_notebooks.py), is exported as ``jupyter nbconvert --to html`` does, and the
page, opened from disk in headless Chromium with networking off, draws every chart with the Vega that the
kit bundles; brushing the timeline re-counts the top-accounts bars; hovering shows a tooltip; the wheel zooms.

Chromium and the DevTools client are tests/test_browser.py's. Skipped, with the reason, where Chromium is absent.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_browser import CHROMIUM, DevTools, chromium, console_errors, open_page, stop
from test_notebooks import _execute, _parameters

from kit.charts import renderer
from kit.charts.export import _vl_version

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser_notebooks")]

#: The element of the linked timeline (the one chart of notebook 02 that is a vertical concatenation).
LINKED = (
    "Array.from(document.querySelectorAll('.kit-chart'))"
    ".find(e => e.kitEmbed && e.kitEmbed.spec && e.kitEmbed.spec.vconcat)"
)
#: JavaScript: the data of the items of the mark named ``name`` in ``view``'s scenegraph.
ITEMS = """
function kitItems(view, name) {
  const out = [];
  (function visit(mark) {
    if (mark.name === name) { mark.items.forEach(i => out.push(i.datum)); }
    (mark.items || []).forEach(i => (i.items || []).forEach(visit));
  })(view.scenegraph().root);
  return out;
}
"""


@pytest.fixture(scope="module")
def exported(synthetic: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Notebook 02, executed on the synthetic corpus and exported with nbconvert's HTML exporter (lab template)."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run installs it)")
    from nbconvert import HTMLExporter

    out = tmp_path_factory.mktemp("explore")
    executed = _execute("02-explore.ipynb", _parameters("02-explore.ipynb", synthetic, out), out / "02-explore.ipynb")
    exporter = HTMLExporter(template_name="lab")  # what `jupyter nbconvert --to html` uses
    body, _ = exporter.from_notebook_node(executed)
    page = out / "02-explore.html"
    page.write_text(body, encoding="utf-8")
    outputs = [o for c in executed.cells for o in c.get("outputs", []) if "text/html" in o.get("data", {})]
    return {
        "page": page,
        "notebook": out / "02-explore.ipynb",
        "charts": sum('class="kit-chart"' in o["data"]["text/html"] for o in outputs),
        "bundles": sum("kit-vega-bundle" in o["data"]["text/html"] for o in outputs),
        # nbconvert's own template asks a CDN for require.js and MathJax (and mermaid where used); not the kit's
        "template_urls": (exporter.require_js_url, exporter.mathjax_url, exporter.mermaid_js_url),
    }


def _wait_drawn(client: DevTools, n: int, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    drawn = 0
    while time.monotonic() < deadline:
        drawn = client.evaluate(
            "Array.from(document.querySelectorAll('.kit-chart')).filter(e => e.kitEmbed && e.kitEmbed.view).length"
        )
        if drawn >= n:
            break
        time.sleep(0.2)
    return drawn


@pytest.fixture(scope="module")
def browser(exported: dict[str, Any]) -> Iterator[tuple[DevTools, dict[str, Any]]]:
    with chromium() as client:
        client.send("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
        page = open_page(client, exported["page"])
        page["drawn"] = _wait_drawn(client, exported["charts"])
        client.send("Runtime.evaluate", expression="1")  # drain late events (console errors of the drawing)
        page["errors"] = console_errors(client.events)  # with those of the drawing, after the load
        client.evaluate(ITEMS + "window.kitItems = kitItems; 1")
        yield client, page


def _template_only(url: str, template_urls: tuple[str, ...]) -> bool:
    return any(url == u or url.startswith(u.split("?")[0]) for u in template_urls if u)


def test_exported_notebook_draws_every_chart_offline(
    exported: dict[str, Any], browser: tuple[DevTools, dict[str, Any]]
) -> None:
    client, page = browser
    assert exported["bundles"] == 1 and exported["charts"] >= 10, exported
    assert page["drawn"] == exported["charts"]
    external = [u for u in page["requests"] if not u.startswith(("file:", "data:", "about:"))]
    assert [u for u in external if not _template_only(u, exported["template_urls"])] == [], external
    errors = [
        e for e in page["errors"] if not _template_only(e.get("entry", {}).get("url", ""), exported["template_urls"])
    ]
    assert errors == [], f"console errors: {errors}"
    charts = client.evaluate(
        "Array.from(document.querySelectorAll('.kit-chart')).map(e => ({"
        " embed: e.classList.contains('vega-embed'),"
        " marks: e.querySelectorAll('svg .role-mark path, svg .role-mark line').length,"
        " text: e.innerText }))"
    )
    assert len(charts) == exported["charts"] == client.evaluate("document.querySelectorAll('.vega-embed').length")
    for chart in charts:
        assert chart["embed"] and chart["marks"] > 0, chart
        assert renderer.MISSING not in chart["text"]
    text = client.evaluate("document.body.innerText")
    assert "Most active accounts in the selected time range" in text and "Tweets over time" in text
    assert client.evaluate("[typeof window.vegaEmbed, window.__kitVegaBundle]") == ["function", _vl_version()]


def _assert_top(shown: dict[str, int], counts: dict[str, int], n: int) -> None:
    """``shown`` is ``n`` accounts of ``counts`` with their exact counts, none outranked by one left out."""
    assert len(counts) > n, "the pool should hold more accounts than the bars show"
    assert len(shown) == n and all(counts[a] == c for a, c in shown.items()), (shown, counts)
    assert min(shown.values()) >= max(c for a, c in counts.items() if a not in shown), (shown, counts)


def test_brushing_the_timeline_recounts_the_accounts(browser: tuple[DevTools, dict[str, Any]]) -> None:
    client, _ = browser
    client.evaluate(f"window.__linked = {LINKED}; window.__linked.scrollIntoView(); 1")
    time.sleep(0.3)
    bars = "kitItems(window.__linked.kitEmbed.view, 'concat_1_marks').map(d => [d.account, d.tweets])"
    spec = client.evaluate("JSON.stringify(window.__linked.kitEmbed.spec)")
    rows = [r for v in _datasets(json.loads(spec)) for r in v if "account" in r]
    whole = dict(client.evaluate(bars))
    _assert_top(whole, _sums(rows), 10)  # the top_n of the pool (5 * top_n accounts), all of the span

    area = client.evaluate(
        "(() => { const r = window.__linked.querySelector('.mark-area path').getBoundingClientRect();"
        " return [r.left, r.top, r.width, r.height]; })()"
    )
    x0, x1, y = area[0] + 0.2 * area[2], area[0] + 0.45 * area[2], area[1] + 0.5 * area[3]
    _drag(client, x0, x1, y)
    low, high = client.evaluate("window.__linked.kitEmbed.view.data('brush_store')[0].values[0].map(Number)")
    assert area[0] < x0 and low < high
    brushed = dict(client.evaluate(bars))
    expected = _sums([r for r in rows if low <= _ms(r["time"]) <= high])
    _assert_top(brushed, expected, 10)  # the bars rank and count only the brushed range's tweets
    assert brushed != whole and sum(brushed.values()) < sum(whole.values())

    # hovering a bar shows its tooltip (vega-tooltip, bundled)
    bar = client.evaluate(
        "(() => { const r = window.__linked.querySelector('path[aria-roledescription=\"bar\"]')"
        ".getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()"
    )
    client.send("Input.dispatchMouseEvent", type="mouseMoved", x=bar[0], y=bar[1])
    tip = _wait_for(
        client,
        "(() => { const t = document.getElementById('vg-tooltip-element');"
        " return t && t.classList.contains('visible') ? t.innerText : null; })()",
    )
    assert tip and "Account" in tip and "Tweets in the range" in tip, tip
    shown = [line.strip() for line in tip.splitlines() if line.strip()]
    account, count = shown[shown.index("Account") + 1], shown[shown.index("Tweets in the range") + 1]
    assert expected[account] == int(count.replace(",", "")), (tip, expected)


def test_wheel_zooms_a_timeline(browser: tuple[DevTools, dict[str, Any]]) -> None:
    client, _ = browser
    first = "document.querySelector('.kit-chart')"
    client.evaluate(f"{first}.scrollIntoView(); 1")
    time.sleep(0.3)
    domain = f"{first}.kitEmbed.view.scale('x').domain().map(Number)"
    before = client.evaluate(domain)
    box = client.evaluate(
        f"(() => {{ const r = {first}.querySelector('.mark-line path').getBoundingClientRect();"
        " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
    )
    client.send("Input.dispatchMouseEvent", type="mouseWheel", x=box[0], y=box[1], deltaX=0, deltaY=-400)
    time.sleep(0.5)
    after = client.evaluate(domain)
    assert before[0] < after[0] < after[1] < before[1], (before, after)


def test_jupyterlab_draws_the_trusted_notebook_offline(exported: dict[str, Any], tmp_path: Path) -> None:
    """JupyterLab itself (a local server; Chromium reaches nothing else): the executed notebook, trusted, draws
    every chart with no console error; an untrusted copy runs no script and each chart says what to do."""
    pytest.importorskip("jupyterlab", reason="JupyterLab is not installed (the kit's [lab] extra)")
    shutil.copy(exported["notebook"], tmp_path / "trusted.ipynb")
    shutil.copy(exported["notebook"], tmp_path / "untrusted.ipynb")
    env = {
        **os.environ,
        **{f"JUPYTER_{k}_DIR": str(tmp_path / f".{k.lower()}") for k in ("CONFIG", "DATA", "RUNTIME")},
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / ".workspaces"),
    }
    jupyter = [sys.executable, "-m", "jupyter"]
    subprocess.run([*jupyter, "trust", str(tmp_path / "trusted.ipynb")], env=env, check=True, capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [*jupyter, "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
         f"--ServerApp.root_dir={tmp_path}", "--IdentityProvider.token=", "--ServerApp.password=",
         "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.extension_manager=readonly"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = time.monotonic() + 120
        while True:
            try:
                opener.open(f"{base}/api/status", timeout=5)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the JupyterLab server did not start") from None
                time.sleep(0.3)
        with chromium(loopback=True) as client:
            for domain in ("Page", "Runtime", "Log", "Network"):
                client.send(f"{domain}.enable")
            client.send("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
            client.send("Page.navigate", url=f"{base}/lab/tree/trusted.ipynb")
            drawn = _wait_drawn(client, exported["charts"], timeout=180)
            marks = client.evaluate(
                "Array.from(document.querySelectorAll('.kit-chart.vega-embed'))"
                ".map(e => e.querySelectorAll('svg .role-mark path, svg .role-mark line').length)"
            )
            client.send("Page.navigate", url=f"{base}/lab/tree/untrusted.ipynb")
            notes = _wait_for(
                client,
                "(() => { const n = document.querySelectorAll('.kit-chart-missing');"
                " return n.length ? Array.from(n).map(e => e.textContent) : null; })()",
                timeout=120,
            )
            client.send("Runtime.evaluate", expression="1")
            events = client.events
    finally:
        stop(server, timeout=30)
    assert drawn == exported["charts"] and len(marks) == drawn and min(marks) > 0, (drawn, marks)
    requests = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
    assert [u for u in requests if not u.startswith((base, "data:", "blob:"))] == []
    assert console_errors(events) == [], f"console errors: {console_errors(events)}"
    assert notes and set(notes) == {renderer.MISSING}, notes


# --- helpers -----------------------------------------------------------------------------------------------
def _datasets(spec: dict[str, Any]) -> list[list[dict[str, Any]]]:
    found = list(spec.get("datasets", {}).values())
    for key in ("vconcat", "hconcat", "layer"):
        for child in spec.get(key, []):
            found += _datasets(child)
    values = (spec.get("data") or {}).get("values")
    return found + ([values] if isinstance(values, list) else [])


def _sums(rows: list[dict[str, Any]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in rows:
        out[row["account"]] = out.get(row["account"], 0) + row["tweets"]
    return out


def _ms(iso: str) -> float:
    return dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000


def _drag(client: DevTools, x0: float, x1: float, y: float) -> None:
    client.send("Input.dispatchMouseEvent", type="mouseMoved", x=x0, y=y)
    client.send("Input.dispatchMouseEvent", type="mousePressed", x=x0, y=y, button="left", buttons=1, clickCount=1)
    for i in range(1, 11):
        x = x0 + (x1 - x0) * i / 10
        client.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y, button="left", buttons=1)
    client.send("Input.dispatchMouseEvent", type="mouseReleased", x=x1, y=y, button="left", buttons=0, clickCount=1)
    time.sleep(0.5)


def _wait_for(client: DevTools, expression: str, timeout: float = 10) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = client.evaluate(expression)
        if value:
            return value
        time.sleep(0.1)
    return None
