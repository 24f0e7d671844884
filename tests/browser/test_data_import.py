"""Importing a county's budget sheet in a real browser, while another browser keeps the dashboard open.

A server of its own (demo mode) on a copy of the test warehouse, with a data administrator in its own user folder:

* the administrator signs in on the data page, uploads the real-looking budget sheet (title, 单位 row, 合计, 注,
  names instead of codes, one column in 元), sees the preview — screenshot — and confirms;
* a second browser that had the data page open sees the new version on its next interaction ("数据已更新", one more
  source file in the sidebar), without a reload or restart;
* a stored import that no longer validates is quarantined by a command-line rebuild and the data page says so —
  screenshot.
Every page is watched: no console error, no Streamlit exception, no request leaving 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import ROOT, SERVER_START_TIMEOUT, Server, Watch, _free_port, _require_chromium, wait_idle
from playwright.sync_api import expect

from governance.core import accounts

PW = "correct horse 42"


@pytest.fixture(scope="module")
def import_server(warehouse_db, tmp_path_factory):
    _require_chromium()
    folder = tmp_path_factory.mktemp("import-server")
    db, user_dir = folder / "live.duckdb", folder / "user"
    shutil.copyfile(warehouse_db, db)
    env = {**os.environ, "GOVERNANCE_DB": str(db), "GOVERNANCE_USER_DIR": str(user_dir), "GOVERNANCE_AUTH": "demo"}
    saved = os.environ.get("GOVERNANCE_USER_DIR")
    os.environ["GOVERNANCE_USER_DIR"] = str(user_dir)
    try:
        accounts.add_user("admin", "data_admin", "320000", PW)
    finally:
        if saved is None:
            os.environ.pop("GOVERNANCE_USER_DIR", None)
        else:
            os.environ["GOVERNANCE_USER_DIR"] = saved
    port = _free_port()
    log_path = folder / "server.log"
    log = log_path.open("w", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                             "--server.headless", "true", "--server.fileWatcherType", "none"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", proc, log_path, True)
    server.env, server.db, server.user_dir = env, db, user_dir  # type: ignore[attr-defined]
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
def browsers(browser, browser_context_args):
    """Factory of watched pages, each in its own browser context (another person's browser)."""
    opened = []

    def factory():
        ctx = browser.new_context(**browser_context_args)
        p = ctx.new_page()
        p.set_default_timeout(float(os.environ.get("BROWSER_TIMEOUT_MS", "90000")))
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


def _open_data_page(page, server) -> None:
    page.goto(server.url + "/data")
    page.wait_for_selector('[data-testid="stMain"] h1')
    wait_idle(page)


def _sources_text(page) -> str:
    return page.locator('section[data-testid="stSidebar"] .gov-fresh').first.inner_text()


def test_upload_preview_confirm_and_an_open_dashboard_follows(import_server, browsers, screenshot_dir, tmp_path):
    from exports_corpus import county_budget_sheet

    leader = browsers()  # someone else keeps the dashboard open
    _open_data_page(leader, import_server)
    sources_before = _sources_text(leader)

    admin = browsers()
    _open_data_page(admin, import_server)
    admin.get_by_text("数据管理员登录").click()
    admin.locator(".st-key-admin_login_name input").fill("admin")
    admin.locator(".st-key-admin_login_password input").fill(PW)
    admin.get_by_role("button", name="登录").click()
    wait_idle(admin)
    sheet = county_budget_sheet(tmp_path / "2026年县区预算汇总.xlsx")
    admin.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(sheet))
    preview = admin.locator(".st-key-import_preview")
    expect(preview).to_be_visible()
    wait_idle(admin)
    expect(admin.get_by_text("按表头识别为数据集：budgets · 一般公共预算")).to_be_visible()
    expect(preview.get_by_text("替换已有记录")).to_be_visible()
    admin.get_by_text("按表头识别为数据集").evaluate("el => el.scrollIntoView({block: 'start'})")
    admin.wait_for_timeout(800)
    admin.screenshot(path=str(screenshot_dir / "data-import-preview.png"))

    admin.get_by_role("button", name="确认导入").click()
    wait_idle(admin)
    expect(admin.get_by_text("已导入 3 行")).to_be_visible()

    # the other browser: its next interaction shows the new version
    # any widget change is an interaction; the keyboard picks the next option whatever the virtualised list renders
    combo = leader.locator(".st-key-tpl_dataset input[role='combobox']")
    combo.click()
    combo.press("ArrowDown")
    combo.press("Enter")
    wait_idle(leader)
    expect(leader.get_by_text("数据已更新")).to_be_visible()
    assert _sources_text(leader) != sources_before
    assert "等12个文件" in _sources_text(leader) and "等11个文件" in sources_before  # 13 demo files + the import


def test_a_quarantined_import_is_reported_on_the_data_page(import_server, browsers, screenshot_dir):
    env = import_server.env
    folder = import_server.user_dir / "imports"
    log = (folder / "imports.json").read_text(encoding="utf-8")
    import json
    entries = json.loads(log)["imports"]
    assert entries, "the previous test imported the budget sheet"
    stored = folder / entries[0]["stored_as"]
    stored.write_bytes(stored.read_bytes()[:200])  # the stored copy got damaged: it no longer validates
    out = subprocess.run([sys.executable, "-m", "governance", "build", "--scale", "0.05", "--db",
                          str(import_server.db)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "QUARANTINED import" in out.stderr

    page = browsers()
    _open_data_page(page, import_server)
    warning = page.get_by_text("未通过校验，已被隔离")
    expect(warning).to_be_visible()
    page.wait_for_timeout(500)
    page.screenshot(path=str(screenshot_dir / "data-import-quarantine.png"))
