"""Browser harness: a real `streamlit run app.py` on a free local port, driven by Playwright with Debian's
Chromium (Playwright can't download its own browser here: Debian's /usr/bin/chromium, or $CHROMIUM_PATH).

* ``streamlit_server`` (session): the app against the ``warehouse_db`` test warehouse (tests/conftest.py). While
  that fixture skips (builder not available) the server runs with no warehouse — except under CI, where it fails.
* ``app_page``: pytest-playwright's ``page`` watched for console errors, page errors, Streamlit exceptions
  (``stException``) and any request to a host other than 127.0.0.1/localhost; the test fails on any of them.
* ``new_app_page()``: the same for a page in a fresh browser context (a "shared link opened elsewhere").
* $GOVERNANCE_BROWSER_NO_WAREHOUSE=1 (ignored under CI): run the shell tests with no warehouse, without building.
* Chromium missing: skip locally, fail when $CI is set (browser tests must never silently skip in CI).

Helpers for the tests (import them: ``from conftest import open_app, url_params, …``): ``wait_idle``, ``open_app``,
``url_params``, ``main_h1``, ``sidebar_combo``, ``assert_no_overlap``, ``visible_text``, and for
maps ``deck_views``, ``map_screen_xy``, ``interior_point``. Elements the app draws itself carry ``data-testid``
attributes (``gov-kpi``, ``gov-kpi-card``, ``gov-briefing``, ``gov-map-legend`` …): select by those, not by CSS.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from governance import settings

# Auto-retrying assertions wait as long as locators do: a 2-core machine under load needs far more than 5 s.
TIMEOUT_MS = float(os.environ.get("BROWSER_TIMEOUT_MS", "90000"))
expect.set_options(timeout=TIMEOUT_MS)

ROOT = settings.ROOT
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"  # Debian's
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
VIEWPORT = {"width": 1600, "height": 1000}
SERVER_START_TIMEOUT = 90


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    msg = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium fonts-wqy-zenhei"
    if _in_ci():
        pytest.fail(msg + " (CI: browser tests must not skip)")
    pytest.skip(msg)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    _require_chromium()
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": VIEWPORT, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


# ------------------------------------------------------------------------------------------------ server
def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path
    has_warehouse: bool

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]


@pytest.fixture(scope="session")
def streamlit_server(request, tmp_path_factory):
    _require_chromium()
    env = dict(os.environ)
    try:
        if os.environ.get("GOVERNANCE_BROWSER_NO_WAREHOUSE") and not _in_ci():  # shell-only run, no build
            pytest.skip("GOVERNANCE_BROWSER_NO_WAREHOUSE set")
        db = request.getfixturevalue("warehouse_db")
        env["GOVERNANCE_DB"] = str(db)
        has_wh = True
    except pytest.skip.Exception as exc:
        if _in_ci():
            pytest.fail(f"test warehouse unavailable in CI: {exc}")
        env["GOVERNANCE_DB"] = str(tmp_path_factory.mktemp("nowarehouse") / "missing.duckdb")
        env["GOVERNANCE_AUTOBUILD"] = "0"
        has_wh = False
    port = _free_port()
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    log = log_path.open("w", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    server = Server(f"http://127.0.0.1:{port}", proc, log_path, has_wh)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}:\n{server.log()}")
            try:
                with urllib.request.urlopen(server.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start within {SERVER_START_TIMEOUT}s:\n{server.log()}")
            time.sleep(0.3)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.close()


# ------------------------------------------------------------------------------------------------ watched pages
# Known-benign console errors. Streamlit's frontend, opened on a page URL like /grid, first probes
# /grid/_stcore/health and /grid/_stcore/host-config (404) to discover its base path, then uses /_stcore/….
BENIGN_CONSOLE = [
    re.compile(r"status of 404 .*'url': 'http://(127\.0\.0\.1|localhost):\d+/[\w-]+/_stcore/(health|host-config)'"),
]


@dataclass
class Watch:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        def on_console(m):
            text = f"{m.text} @ {m.location}"
            if m.type == "error" and not any(p.search(text) for p in BENIGN_CONSOLE):
                self.console_errors.append(text)

        page.on("console", on_console)
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))

        def on_request(req):
            parts = urlsplit(req.url)
            if parts.scheme in ("http", "https", "ws", "wss") and (parts.hostname or "") not in LOCAL_HOSTS:
                self.external_requests.append(req.url)

        page.on("request", on_request)

    def check(self, page) -> None:
        exceptions = page.locator('[data-testid="stException"]')
        texts = [] if page.is_closed() else [exceptions.nth(i).inner_text()[:500] for i in range(exceptions.count())]
        problems = {
            "external requests": self.external_requests,
            "console errors": self.console_errors,
            "page errors": self.page_errors,
            "Streamlit exceptions": texts,
        }
        bad = {k: v for k, v in problems.items() if v}
        assert not bad, f"browser problems: {bad}"


_IDLE_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
        && app.getAttribute('data-test-connection-state') === 'CONNECTED'
        && !document.querySelector('[data-testid="stStatusWidget"]')
        && !!document.querySelector('[data-testid="stMain"] [data-testid="stElementContainer"]');
}"""


def wait_idle(page, timeout: float | None = None, settle_ms: int = 300) -> None:
    """The app is connected, has drawn its page, its script has finished and no 'running' status widget shows.
    Checked twice ``settle_ms`` apart, because a rerun triggered by a click starts a moment after the click."""
    timeout = timeout or TIMEOUT_MS
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(_IDLE_JS, timeout=timeout)
    page.wait_for_timeout(settle_ms)
    page.wait_for_function(_IDLE_JS, timeout=timeout)


def url_params(page) -> dict[str, str]:
    """The page URL's query parameters (last value of each)."""
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def open_app(page, path: str = "/", query: str = "") -> None:
    """Go to an app path (``/``, ``/grid``…) with an optional query string and wait until the page is drawn."""
    page.goto(page.app_url + path + (f"?{query}" if query else ""))
    page.wait_for_selector('[data-testid="stMain"] h1')
    wait_idle(page)


def main_h1(page):
    """The page title (first h1 of the main area)."""
    return page.locator('[data-testid="stMain"] h1').first


def sidebar_combo(page, key: str):
    """The combobox input of the sidebar selectbox with widget key ``key`` (Streamlit gives its container the
    class ``st-key-<key>`` — the documented way to address a keyed widget)."""
    return page.locator(f'[data-testid="stSidebar"] .st-key-{key} input[role="combobox"]')


def assert_no_overlap(page, selector: str) -> None:
    """Elements matched by ``selector`` don't overlap each other (cards side by side on the projector)."""
    boxes = page.locator(selector).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert min(a[2], b[2]) - max(a[0], b[0]) <= 1 or min(a[3], b[3]) - max(a[1], b[1]) <= 1, (a, b)


# ------------------------------------------------------------------------------------------------ maps
def deck_views(page) -> list[dict | None]:
    """Initial view state of every deck.gl map on the page, in page order, read back from the deck JSON the page
    drew (None where React's internals don't expose it)."""
    return page.evaluate("""() => {
        const out = [];
        for (const el of document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')) {
            const fiberKey = Object.keys(el).find(k => k.startsWith('__reactFiber'));
            let f = fiberKey ? el[fiberKey] : null, view = null;
            while (f) {
                const p = f.memoizedProps || {};
                if (p.element && p.element.json) { view = JSON.parse(p.element.json).initialViewState; break; }
                f = f.return;
            }
            out.push(view);
        }
        return out;
    }""")


def map_screen_xy(page, lon: float, lat: float, view: dict, index: int = 0) -> tuple[float, float]:
    """Viewport pixel of (lon, lat) on the ``index``-th map canvas (scrolled into view first if needed)."""
    from governance.core import geo

    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').nth(index)
    canvas.scroll_into_view_if_needed()
    page.wait_for_timeout(300)  # let a scroll finish before reading the box
    box = canvas.bounding_box()
    scale = 512 * 2 ** view["zoom"] / 360.0  # px per degree-equivalent (Web Mercator, 512-px world at zoom 0)
    x = box["x"] + box["width"] / 2 + (lon - view["longitude"]) * scale
    y = box["y"] + box["height"] / 2 - (geo.mercator_y(lat) - geo.mercator_y(view["latitude"])) * scale
    return x, y


def interior_point(code: str, candidates: int = 300, seed: int = 11) -> tuple[float, float]:
    """A point well inside a region: of ``candidates`` random interior points, the one farthest from the boundary
    (a click there hits the region, not its neighbour)."""
    from governance.core import geo

    lons, lats = geo.random_points_in_region(code, candidates, rng=seed)
    rings = [ring for poly in geo.region_polygons(code) for ring in poly]
    best, best_d = (float(lons[0]), float(lats[0])), -1.0
    for x, y in zip(lons, lats):
        d = min(_distance_to_ring(x, y, ring) for ring in rings)
        if d > best_d:
            best, best_d = (float(x), float(y)), d
    return best


def _distance_to_ring(x: float, y: float, ring) -> float:
    import numpy as np

    a, b = ring, np.roll(ring, -1, axis=0)
    d = b - a
    t = np.clip(((x - a[:, 0]) * d[:, 0] + (y - a[:, 1]) * d[:, 1]) / np.maximum((d ** 2).sum(axis=1), 1e-18), 0, 1)
    return float(np.sqrt((a[:, 0] + t * d[:, 0] - x) ** 2 + (a[:, 1] + t * d[:, 1] - y) ** 2).min())


def visible_text(locator) -> str:
    """inner text of an element without Material icon ligatures ('grid_on', 'elderly'…)."""
    return locator.evaluate(
        """el => { const c = el.cloneNode(true);
                   c.querySelectorAll('[data-testid="stIconMaterial"]').forEach(i => i.remove());
                   document.body.appendChild(c); const t = c.innerText; c.remove(); return t; }"""
    )


@pytest.fixture
def app_page(page, streamlit_server):
    watch = Watch()
    watch.attach(page)
    page.set_default_timeout(TIMEOUT_MS)
    page.app_url = streamlit_server.url  # type: ignore[attr-defined]
    yield page
    watch.check(page)


@pytest.fixture
def new_app_page(browser, browser_context_args, streamlit_server):
    """Factory: a watched page in a brand-new browser context (no shared session, cookies or storage)."""
    opened = []

    def factory():
        ctx = browser.new_context(**browser_context_args)
        p = ctx.new_page()
        p.set_default_timeout(TIMEOUT_MS)
        w = Watch()
        w.attach(p)
        opened.append((ctx, p, w))
        return p

    yield factory
    try:
        for _, p, w in opened:
            w.check(p)
    finally:
        for ctx, _, _ in opened:
            ctx.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


def pytest_collection_modifyitems(config, items):
    """One retry for browser tests only: they drive a real app and Chromium on a shared 2-core machine, where a
    click can land on a list that is still scrolling (seen once in CI). A real fault fails twice and stays red;
    retries are listed in the summary ("rerun")."""
    if not config.pluginmanager.hasplugin("rerunfailures"):  # -p no:rerunfailures: no retries, no unknown mark
        return
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=2))
