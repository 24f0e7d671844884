"""Hostile input in a real browser: share links, URL parameters, imported text and file names.

A server of its own (demo mode) runs on a copy of the test warehouse into which a case, a project and a community
with markdown and HTML in their text were imported (the same ``import_file`` the data page and the CLI use). Every
request leaving 127.0.0.1 is aborted (and recorded: the test fails on it), as are console errors and Streamlit
exceptions. On every page visited: no image or link pointing outside, no link made of data text, and the hostile
text is *shown* — as the characters it is made of.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zlib
from urllib.parse import quote, urlsplit

import duckdb
import pytest
from conftest import (
    LOCAL_HOSTS,
    ROOT,
    SERVER_START_TIMEOUT,
    Server,
    Watch,
    _free_port,
    _require_chromium,
    wait_idle,
)
from playwright.sync_api import expect

from governance.core import accounts
from governance.core.finance.share_link import encode_share

EVIL = "198.51.100.7"  # TEST-NET-2: never routable
MD = f"![t](http://{EVIL}/pix.png) [请重新登录](http://{EVIL}/login)"
TAG = f'<img src="http://{EVIL}/t.png"><a href="http://{EVIL}/">点此</a>'
PW = "correct horse 42"


def _nested_token(depth: int = 100_000) -> str:
    raw = ('{"f":1,"y":2026,"s":' + "[" * depth + "]" * depth + "}").encode()
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def _hostile_scenario() -> dict:
    scenario = json.loads((ROOT / "examples" / "scenario_franchise.json").read_text(encoding="utf-8"))
    scenario["inputs"]["project_name"] = "养老中心 " + MD
    scenario["county"]["name"] = TAG + "\n\n" + MD
    return scenario


def _import_hostile_rows(db: str) -> None:
    from governance.core import warehouse

    con = duckdb.connect(db, read_only=True)
    try:
        case = con.execute("SELECT * FROM innovation_cases ORDER BY case_id LIMIT 1").df()
        project = con.execute("SELECT * FROM projects WHERE county_code = '320506' ORDER BY project_id LIMIT 1").df()
        community = con.execute("SELECT * FROM communities WHERE county_code = '320506' ORDER BY community_id "
                                "LIMIT 1").df()
    finally:
        con.close()
    case["title"] = TAG + " 标题"
    case["summary"] = "正常摘要\n\n" + MD + "\n\n<script>fetch('//" + EVIL + "')</script>"
    project["name"] = "项目 " + MD
    community["name"] = "社区 " + TAG
    folder = os.path.dirname(db)
    for dataset, frame in (("innovation_cases", case), ("projects", project), ("communities", community)):
        path = os.path.join(folder, f"{dataset}.csv")
        frame.to_csv(path, index=False)
        warehouse.import_file(path, dataset, db)


@pytest.fixture(scope="module")
def hostile_server(warehouse_db, tmp_path_factory):
    _require_chromium()
    folder = tmp_path_factory.mktemp("hostile")
    db = str(folder / "warehouse.duckdb")
    shutil.copyfile(warehouse_db, db)
    user_dir = folder / "user"
    saved = os.environ.get("GOVERNANCE_USER_DIR")
    os.environ["GOVERNANCE_USER_DIR"] = str(user_dir)
    try:
        _import_hostile_rows(db)
        accounts.add_user("admin", "data_admin", "320000", PW)
    finally:
        if saved is None:
            os.environ.pop("GOVERNANCE_USER_DIR", None)
        else:
            os.environ["GOVERNANCE_USER_DIR"] = saved
    env = {**os.environ, "GOVERNANCE_DB": db, "GOVERNANCE_USER_DIR": str(user_dir), "GOVERNANCE_AUTH": "demo"}
    port = _free_port()
    log_path = folder / "server.log"
    log = log_path.open("w", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                             "--server.fileWatcherType", "none"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", proc, log_path, True)
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


@pytest.fixture
def hpage(browser, browser_context_args, hostile_server):
    """A watched page whose requests to anywhere but this machine are aborted (and recorded as failures)."""
    ctx = browser.new_context(**browser_context_args)

    def guard(route):
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            route.abort()

    ctx.route("**/*", guard)
    page = ctx.new_page()
    page.set_default_timeout(90_000)
    watch = Watch()
    watch.attach(page)
    page.app_url = hostile_server.url  # type: ignore[attr-defined]
    yield page
    try:
        # an aborted request shows up as a console error too; report the request itself
        watch.console_errors = [e for e in watch.console_errors if EVIL not in e]
        watch.check(page)
    finally:
        ctx.close()


_INJECTED_JS = """() => {
    const bad = [];
    for (const el of document.querySelectorAll('img, a, iframe, script[src], link[href], source, video, audio, object, embed')) {
        if (el.classList.contains('mapboxgl-ctrl-logo')) continue;  // the map library's own logo link, not data
        const url = el.getAttribute('src') || el.getAttribute('href') || el.getAttribute('xlink:href') || el.getAttribute('data');
        if (el.tagName.toLowerCase() === 'a' && /请重新登录|点此/.test(el.textContent)) bad.push(el.outerHTML.slice(0, 200));
        if (!url) continue;
        let u;
        try { u = new URL(url, location.href); } catch (e) { bad.push(el.outerHTML.slice(0, 200)); continue; }
        if (!['http:', 'https:', 'data:', 'blob:'].includes(u.protocol) && u.protocol !== location.protocol) {
            bad.push(el.outerHTML.slice(0, 200)); continue;
        }
        if (['http:', 'https:'].includes(u.protocol) && !['127.0.0.1', 'localhost'].includes(u.hostname)) bad.push(el.outerHTML.slice(0, 200));
    }
    return bad;
}"""


def _open(page, path: str) -> None:
    page.goto(page.app_url + path)
    wait_idle(page)


def _assert_harmless(page) -> None:
    assert page.evaluate(_INJECTED_JS) == []
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def _main_text(page) -> str:
    """The main area's text as the reader sees it (without the invisible word joiners that keep URLs unlinked)."""
    return page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")


def test_hostile_share_link_shows_its_text_as_text(hpage):
    token = encode_share(_hostile_scenario(), 2026)
    _open(hpage, f"/scenarios?sc={token}")
    expect(hpage.get_by_text("已从分享链接恢复情景", exact=False)).to_be_visible()
    text = _main_text(hpage)
    assert "[请重新登录](http://" in text  # the markdown is shown as the characters it is made of
    _assert_harmless(hpage)


def test_nested_json_share_link_is_a_message_not_a_crash(hpage):
    token = _nested_token()
    assert len(token) < 400
    _open(hpage, f"/scenarios?sc={token}")
    expect(hpage.get_by_text("分享链接无法恢复", exact=False)).to_be_visible()
    assert "Traceback" not in _main_text(hpage) and "RecursionError" not in _main_text(hpage)
    _assert_harmless(hpage)


@pytest.mark.parametrize("query", [
    "region=" + quote('<img src="http://198.51.100.7/r.png">') + "&start=2025-13&end=abc&lang=" + quote("<b>x</b>"),
    "region=320000%00&start=" + quote("../../etc/passwd") + "&end=9999-99",
    "sc=" + quote("%%%not base64%%%") + "&region=" + quote(MD),
    "present=1&slide=" + quote(TAG) + "&interval=-5",
])
def test_hostile_url_parameters_are_harmless(hpage, query):
    _open(hpage, f"/scenarios?{query}" if query.startswith("sc=") else f"/?{query}")
    _assert_harmless(hpage)


def test_imported_case_text_is_shown_as_text(hpage):
    _open(hpage, "/cases")
    cards = hpage.locator('[data-testid="gov-case-card"]')
    expect(cards.first).to_be_visible()
    hostile = cards.filter(has_text="请重新登录")
    expect(hostile.first).to_contain_text("![t](http://198.51.100.7/pix.png)")
    expect(hostile.first).to_contain_text('<img src="http://198.51.100.7/t.png">')
    _assert_harmless(hpage)


def test_imported_project_and_community_names_are_shown_as_text(hpage):
    _open(hpage, "/projects?region=320506")
    hpage.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg')
    wait_idle(hpage, settle_ms=1000)
    _assert_harmless(hpage)
    _open(hpage, "/grid?region=320506")
    hpage.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas')
    wait_idle(hpage, settle_ms=1000)
    _assert_harmless(hpage)


def test_hostile_scenario_files_and_file_names(hpage):
    _open(hpage, "/scenarios")
    hpage.get_by_role("tab", name="分享与导入导出").click()
    upload = hpage.locator(".st-key-sc_upload input[type=file]")
    nested = ('{"inputs":' + '{"a":' * 50_000 + "1" + "}" * 50_000 + "}").encode()
    upload.set_input_files(files=[{"name": f"![x](http:{EVIL}).json", "mimeType": "application/json",
                                   "buffer": nested}])
    wait_idle(hpage)
    expect(hpage.get_by_text("文件未载入", exact=False)).to_be_visible()
    _assert_harmless(hpage)
    body = json.dumps(_hostile_scenario(), ensure_ascii=False).encode("utf-8")
    upload.set_input_files(files=[{"name": "[请重新登录](http:login).json", "mimeType": "application/json",
                                   "buffer": body}])
    wait_idle(hpage)
    expect(hpage.get_by_text("已从文件载入情景", exact=False)).to_be_visible()
    assert "[请重新登录](http://" in _main_text(hpage)
    _assert_harmless(hpage)


def test_hostile_import_file_name_on_the_data_page(hpage):
    _open(hpage, "/data")
    expect(hpage.locator('[data-testid="stFileUploader"]')).to_have_count(0)  # a demo visitor imports nothing
    hpage.get_by_text("数据管理员登录").click()
    hpage.locator(".st-key-admin_login_name input").fill("admin")
    hpage.locator(".st-key-admin_login_password input").fill(PW)
    hpage.get_by_role("button", name="登录").click()
    wait_idle(hpage)
    upload = hpage.locator('[data-testid="stFileUploader"] input[type=file]')
    csv = (ROOT / "tests" / "browser" / "__missing__.csv")
    assert not csv.exists()
    row = "case_id,county_code,title,category,year,summary,indicator,unit,value_before,value_after," \
          "higher_is_better,replicability\n" \
          f'C900,320506,"{MD}",网格治理,2026,"摘要\n\n{MD}",事件按期办结率,%,80,90,True,3\n'
    hpage.locator(".st-key-imp_dataset").click()
    hpage.get_by_role("option", name="innovation_cases", exact=False).click()
    wait_idle(hpage)
    upload.set_input_files(files=[{"name": "[请重新登录](http:login).csv", "mimeType": "text/csv",
                                   "buffer": row.encode("utf-8")}])
    wait_idle(hpage)
    _assert_harmless(hpage)
    hpage.get_by_role("button", name="确认导入").click()
    wait_idle(hpage)
    expect(hpage.get_by_text("驾驶舱数据已更新", exact=False)).to_be_visible()
    _assert_harmless(hpage)
