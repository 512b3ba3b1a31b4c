"""A rendered report opens offline in headless Chromium: charts drawn, no console error, no request
to any other host, and hostile tweet text never runs as script.

Chromium (Debian's ``chromium``, which ``.ci/run`` installs) is started by the test with networking
disabled (a dead proxy, no background networking) and driven over the DevTools protocol with a tiny
client (``websocket-client``, a Jupyter dependency). Skipped, with the reason, only where Chromium is absent.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_reports_support import shared_hostile_render

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("reports")]

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)


class DevTools:
    """A minimal Chrome DevTools Protocol client over one page's websocket."""

    def __init__(self, ws_url: str) -> None:
        import websocket

        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.events: list[dict[str, Any]] = []
        self._id = 0

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self._id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def wait_for(self, method: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        for event in self.events:
            if event.get("method") == method:
                return event
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            self.events.append(msg)
            if msg.get("method") == method:
                return msg
        raise TimeoutError(f"no {method} within {timeout} s")

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ws.close()


@contextlib.contextmanager
def chromium(*, loopback: bool = False) -> Iterator[DevTools]:
    """Start headless Chromium offline; yield a DevTools client attached to its blank page.

    ``loopback=True`` lets it reach servers on this machine (a local JupyterLab); every other host stays unreachable.
    """
    assert CHROMIUM is not None
    profile = tempfile.mkdtemp(prefix="kit-chromium-")
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        f"--user-data-dir={profile}",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-default-apps",
        "--disable-sync",
        "--disable-extensions",
        "--mute-audio",
        "--proxy-server=http://127.0.0.1:9",
        *([] if loopback else ["--proxy-bypass-list=<-loopback>"]),
        "--remote-debugging-port=0",
        "--remote-allow-origins=*",
        "about:blank",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = None
    try:
        port_file = Path(profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (port_file.is_file() and port_file.read_text().strip()):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        port = int(port_file.read_text().splitlines()[0])
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
        for _ in range(100):
            targets = json.loads(opener.open(f"http://127.0.0.1:{port}/json/list", timeout=10).read())
            pages = [t for t in targets if t.get("type") == "page"]
            if pages:
                break
            time.sleep(0.1)
        client = DevTools(pages[0]["webSocketDebuggerUrl"])
        yield client
    finally:
        if client is not None:
            client.close()
        stop(proc)
        shutil.rmtree(profile, ignore_errors=True)


def stop(proc: subprocess.Popen, timeout: float = 10) -> None:
    """End a process this test started: terminate, then kill if it has not ended within ``timeout`` s."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def console_errors(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The console errors, failed assertions, uncaught exceptions and error log entries among DevTools ``events``."""
    return [
        e["params"]
        for e in events
        if (e.get("method") == "Runtime.consoleAPICalled" and e["params"].get("type") in ("error", "assert"))
        or e.get("method") == "Runtime.exceptionThrown"
        or (e.get("method") == "Log.entryAdded" and e["params"]["entry"].get("level") == "error")
    ]


def open_page(client: DevTools, path: Path) -> dict[str, Any]:
    """Load ``path`` and return what the page did: requests, console errors, images, scripts."""
    for domain in ("Page", "Runtime", "Log", "Network"):
        client.send(f"{domain}.enable")
    client.events.clear()
    client.send("Page.navigate", url=path.resolve().as_uri())
    client.wait_for("Page.loadEventFired", timeout=60)
    time.sleep(0.5)  # late console messages (CSP reports are asynchronous)
    client.send("Runtime.evaluate", expression="1")  # drains pending events into client.events
    images = client.evaluate(
        "Array.from(document.images).map(i => ({src: i.src.slice(0, 26), complete: i.complete, "
        "width: i.naturalWidth, height: i.naturalHeight}))"
    )
    return {
        "requests": [
            e["params"]["request"]["url"] for e in client.events if e.get("method") == "Network.requestWillBeSent"
        ],
        "errors": console_errors(client.events),
        "images": images,
        "scripts": client.evaluate("document.querySelectorAll('script').length"),
        "xss": client.evaluate("[typeof window.__kit_xss, document.title]"),
        "text": client.evaluate("document.body.innerText"),
    }


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile corpus's report (rendered once per test process, shared with test_reports)."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run installs it)")
    return shared_hostile_render(tmp_path_factory.getbasetemp())


def test_report_opens_offline_with_every_chart_drawn(rendered: Path) -> None:
    with chromium() as client:
        page = open_page(client, rendered / "all" / "report.html")
    external = [u for u in page["requests"] if not u.startswith(("file:", "data:", "about:"))]
    assert external == [], f"the report asked for other hosts: {external}"
    assert page["errors"] == [], f"console errors: {page['errors']}"
    charts = [i for i in page["images"] if i["src"].startswith("data:image/svg+xml")]
    assert len(charts) >= 6, f"expected the report's charts as images, found {page['images']}"
    for image in charts:
        assert image["complete"] and image["width"] > 50 and image["height"] > 20, f"a chart was not drawn: {image}"
    assert page["scripts"] == 0
    assert "Tweets selected" in page["text"]


def test_hostile_tweet_text_never_runs(rendered: Path) -> None:
    html = (rendered / "all" / "report.html").read_text(encoding="utf-8")
    # the hostile tweet is in the data; whatever of it reaches the page is inert text
    assert "<script>window.__kit_xss" not in html and 'onerror="window.__kit_xss' not in html
    with chromium() as client:
        page = open_page(client, rendered / "all" / "report.html")
        index = open_page(client, rendered / "index.html")
    assert "window.__kit_xss" in page["text"], "the hostile markup should reach the page (as inert text)"
    assert page["xss"][0] == "undefined", "a script from tweet text ran in the report"
    assert index["errors"] == [] and index["xss"][0] == "undefined"
    assert "all" in index["text"] and "ok" in index["text"]
