"""Sign-in in a real browser: a second server in ``login`` mode (GOVERNANCE_AUTH=login) with its own account store.

* The sign-in page (用户名 / 密码 / 登录, English by the toggle) is all a stranger sees; screenshot.
* Signed in, the session cookie carries the sign-in over a reload, a page switch and a link opened in a new tab of
  the same browser; a county account lands on its county whatever the link says; screenshot of its overview.
* Sign-out clears the cookie (a reload shows the form again); a forged cookie is ignored; a fresh browser must sign in.
* The server was started without address flags: .streamlit/config.toml's addresses hold (the start-up log shows
  the 127.0.0.1 URL, i.e. Streamlit did not look up the machine's outside IP).
Every page is watched: no console error, no Streamlit exception, no request leaving 127.0.0.1.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import (
    ROOT,
    SERVER_START_TIMEOUT,
    Server,
    Watch,
    _free_port,
    _require_chromium,
    url_params,
    visible_text,
    wait_idle,
)
from playwright.sync_api import expect

from governance.core import accounts

PW = "correct horse 42"
WUZHONG = "320506"


@pytest.fixture(scope="module")
def login_server(warehouse_db, tmp_path_factory):
    _require_chromium()
    user_dir = tmp_path_factory.mktemp("auth-users")
    env = {**os.environ, "GOVERNANCE_DB": str(warehouse_db), "GOVERNANCE_USER_DIR": str(user_dir),
           "GOVERNANCE_AUTH": "login"}
    saved = os.environ.get("GOVERNANCE_USER_DIR")
    os.environ["GOVERNANCE_USER_DIR"] = str(user_dir)
    try:
        accounts.add_user("wuzhong", "viewer", WUZHONG, PW)
        accounts.add_user("admin", "data_admin", "320000", PW)
    finally:
        if saved is None:
            os.environ.pop("GOVERNANCE_USER_DIR", None)
        else:
            os.environ["GOVERNANCE_USER_DIR"] = saved
    port = _free_port()
    log_path = tmp_path_factory.mktemp("auth-server") / "server.log"
    log = log_path.open("w", encoding="utf-8")
    # no --server.address / --browser.serverAddress: the config file's values must be enough
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
def watched(browser, browser_context_args, login_server):
    """Factory of watched pages: ``watched()`` opens a tab in a fresh browser context, ``watched(ctx)`` another tab
    of an existing one (same cookies)."""
    opened: list[tuple] = []
    contexts = []

    def factory(ctx=None):
        if ctx is None:
            ctx = browser.new_context(**browser_context_args)
            contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(90_000)
        w = Watch()
        w.attach(page)
        opened.append((page, w))
        return page

    yield factory
    try:
        for page, w in opened:
            w.check(page)
    finally:
        for ctx in contexts:
            ctx.close()


def _goto(page, url: str) -> None:
    page.goto(url)
    wait_idle(page)


def _login_form(page):
    return page.locator('[data-testid="stForm"]').filter(has=page.locator(".st-key-login_name"))


def _sign_in(page, name: str, password: str) -> None:
    page.locator(".st-key-login_name input").fill(name)
    page.locator(".st-key-login_password input").fill(password)
    page.get_by_role("button", name="登录").click()
    wait_idle(page)


def _session_cookie(ctx) -> dict | None:
    return next((c for c in ctx.cookies() if c["name"] == "gov_session"), None)


def test_server_started_on_the_configured_local_address(login_server):
    assert f"URL: {login_server.url}" in login_server.log()
    assert "External URL" not in login_server.log() and "Network URL" not in login_server.log()


def test_sign_in_page_screenshot_and_english(watched, login_server, screenshot_dir):
    page = watched()
    _goto(page, login_server.url + "/grid?region=320000")
    form = _login_form(page)
    expect(form).to_be_visible()
    labels = visible_text(form)
    assert "用户名" in labels and "密码" in labels
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    expect(page.locator('[data-testid="stSidebar"]')).to_have_count(0)
    expect(page.locator('[data-testid="stDeckGlJsonChart"], [data-testid="stPlotlyChart"]')).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "auth_login.png"))
    page.get_by_text("English", exact=True).click()
    wait_idle(page)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert "User name" in visible_text(_login_form(page)) and url_params(page).get("lang") == "en"


def test_sign_in_survives_reload_page_switch_and_new_tab(watched, login_server, screenshot_dir):
    page = watched()
    _goto(page, login_server.url + "/?region=320000")
    _sign_in(page, "wuzhong", PW)
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text("领导驾驶舱")
    assert url_params(page)["region"] == WUZHONG
    cookie = _session_cookie(page.context)
    assert cookie and cookie["sameSite"] == "Strict" and cookie["path"] == "/" and cookie["expires"] > time.time()

    page.reload()
    wait_idle(page)
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text("领导驾驶舱")
    expect(_login_form(page)).to_have_count(0)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert "已登录：wuzhong" in visible_text(sidebar)

    sidebar.get_by_role("link", name="网格覆盖").click()
    wait_idle(page)
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text("网格覆盖")

    other = watched(page.context)  # a link opened in a new tab of the same browser
    _goto(other, login_server.url + "/funds?region=320100")
    expect(other.locator('[data-testid="stMain"] h1').first).to_have_text("资金配置")
    assert url_params(other)["region"] == WUZHONG

    other.set_viewport_size({"width": 1600, "height": 2400})  # Streamlit scrolls an inner element: a tall window
    _goto(other, login_server.url + "/?region=320000")
    other.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas')
    wait_idle(other, settle_ms=2500)
    assert url_params(other)["region"] == WUZHONG
    other.screenshot(path=str(screenshot_dir / "auth_county_overview.png"))

    page.locator('[data-testid="stSidebar"] .st-key-auth_logout button').click()
    wait_idle(page)
    expect(_login_form(page)).to_be_visible()
    assert _session_cookie(page.context) is None
    page.reload()
    wait_idle(page)
    expect(_login_form(page)).to_be_visible()
    other.reload()  # the other tab's session ended on the server too
    wait_idle(other)
    expect(_login_form(other)).to_be_visible()


def test_forged_cookie_and_fresh_browser_see_only_the_form(watched, login_server):
    page = watched()
    page.context.add_cookies([{"name": "gov_session", "value": "abc.9999999999.forged", "url": login_server.url}])
    _goto(page, login_server.url + "/data")
    expect(_login_form(page)).to_be_visible()
    assert _session_cookie(page.context) is None  # cleared
    fresh = watched()
    _goto(fresh, login_server.url + "/scenarios")
    expect(_login_form(fresh)).to_be_visible()


def test_wrong_passwords_lock_without_naming_the_account(watched, login_server):
    page = watched()
    _goto(page, login_server.url + "/")
    for name in ("admin", "no-such-user"):
        _sign_in(page, name, "wrong password")
        expect(page.locator('[data-testid="stAlertContentError"] p')).to_have_text("用户名或密码不正确。")
    for _ in range(4):
        _sign_in(page, "admin", "wrong password")
    expect(page.locator('[data-testid="stAlertContentError"]')).to_contain_text("已暂时锁定")
