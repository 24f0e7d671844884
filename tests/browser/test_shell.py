"""The app shell in a real browser: pages load, the sidebar menu shows catalog titles, filters live in the URL
(a copied link reopens the same view, page switches keep them), the language toggle works. Screenshots of every
page (1600×1000) go to screenshots/ for a human look."""

from __future__ import annotations

import re

import pytest
from conftest import main_h1, open_app, sidebar_combo, url_params, visible_text, wait_idle
from playwright.sync_api import expect

from governance.app.shell import PAGES
from governance.i18n.catalog import CATALOG

ZH_TITLES = [CATALOG[f"page.{p.key}"]["zh"] for p in PAGES]
EN_TITLES = [CATALOG[f"page.{p.key}"]["en"] for p in PAGES]
FILE_NAMES = [p.path.split("/")[-1].removesuffix(".py") for p in PAGES]


def _path(p) -> str:
    return "/" if p.default else f"/{p.key}"


def _sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def _menu_links(page):
    """Labels of the sidebar menu's page links (without the icon ligature text)."""
    return _sidebar(page).locator('[data-testid="stPageLink"] [data-testid="stMarkdownContainer"]')


def _expect_menu(page, titles: list[str]) -> None:
    """The menu starts with one link per page, in PAGES order (further links — presentation mode, account — may
    follow)."""
    links = _menu_links(page)
    for i, title in enumerate(titles):
        expect(links.nth(i)).to_have_text(title)


def _select(page, key: str, option: str) -> None:
    sidebar_combo(page, key).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def _selected(page, key: str) -> str:
    return sidebar_combo(page, key).input_value().strip()


def _wait_param(page, key: str, value: str) -> None:
    page.wait_for_url(re.compile(rf"[?&]{re.escape(key)}={re.escape(value)}(&|$)"))


@pytest.mark.parametrize("spec", PAGES, ids=[p.key for p in PAGES])
def test_page_loads(app_page, spec, screenshot_dir):
    open_app(app_page, _path(spec))
    title = CATALOG[f"page.{spec.key}"]["zh"]
    expect(main_h1(app_page)).to_have_text(title)
    assert title in app_page.title()  # browser tab title: the Chinese page title
    app_page.wait_for_timeout(800)  # let charts/fonts settle for the screenshot
    app_page.screenshot(path=str(screenshot_dir / f"{spec.key}.png"))


def test_sidebar_menu_chinese_titles(app_page, streamlit_server):
    open_app(app_page)
    _expect_menu(app_page, ZH_TITLES)
    sidebar_text = visible_text(_sidebar(app_page))
    for name in FILE_NAMES:  # no auto-discovered file names
        assert not re.search(rf"\b{name}\b", sidebar_text), name
    assert app_page.locator('[data-testid="stSidebarNav"]').count() == 0
    # the default view is in the URL
    params = url_params(app_page)
    assert params["region"] == "320000" and params["lang"] == "zh"
    if streamlit_server.has_warehouse:
        assert re.fullmatch(r"\d{4}-\d{2}", params["start"]) and re.fullmatch(r"\d{4}-\d{2}", params["end"])
    # every menu link carries the global params
    hrefs = [_sidebar(app_page).locator('[data-testid="stPageLink"] a').nth(i).get_attribute("href")
             for i in range(len(PAGES))]
    assert all("region=320000" in h and "lang=zh" in h for h in hrefs), hrefs


def test_filters_in_url_survive_page_switch_and_reopen(app_page, new_app_page, streamlit_server, screenshot_dir):
    open_app(app_page)
    _select(app_page, "flt_city", "苏州市")
    _wait_param(app_page, "region", "320500")
    _select(app_page, "flt_county", "姑苏区")
    _wait_param(app_page, "region", "320508")
    if streamlit_server.has_warehouse:
        end = url_params(app_page)["end"]
        sidebar_combo(app_page, "flt_start").click()
        # the option list is virtualised and may scroll under the pointer (seen in CI), so don't insist on which
        # month the click lands on: assert that the URL and the box then agree on a month before the end
        app_page.get_by_role("option").nth(0).click()
        wait_idle(app_page)
        start = url_params(app_page)["start"]
        assert start < end
        year, month = start.split("-")
        expect(sidebar_combo(app_page, "flt_start")).to_have_value(f"{int(year)}年{int(month)}月")

    # page switch through the sidebar menu keeps the filters
    _sidebar(app_page).locator('[data-testid="stPageLink"]').filter(has_text=CATALOG["page.grid"]["zh"]).click()
    app_page.wait_for_url(re.compile(r"/grid\?"))
    expect(main_h1(app_page)).to_have_text(CATALOG["page.grid"]["zh"])
    wait_idle(app_page)
    assert url_params(app_page)["region"] == "320508"
    expect(sidebar_combo(app_page, "flt_city")).to_have_value("苏州市")
    expect(sidebar_combo(app_page, "flt_county")).to_have_value("姑苏区")
    url, params = app_page.url, url_params(app_page)

    # the link opened in a fresh browser context shows the same view
    other = new_app_page()
    other.goto(url)
    wait_idle(other)
    expect(main_h1(other)).to_have_text(CATALOG["page.grid"]["zh"])
    assert url_params(other) == params
    expect(sidebar_combo(other, "flt_city")).to_have_value("苏州市")
    expect(sidebar_combo(other, "flt_county")).to_have_value("姑苏区")
    if streamlit_server.has_warehouse:
        assert _selected(other, "flt_start") == _selected(app_page, "flt_start")
        assert _selected(other, "flt_end") == _selected(app_page, "flt_end")
    other.screenshot(path=str(screenshot_dir / "grid_suzhou_gusu.png"))


def test_language_toggle(app_page, screenshot_dir):
    open_app(app_page, "/funds", "region=320100")
    _sidebar(app_page).locator('[data-testid="stRadio"] label').filter(has_text="English").click()
    _wait_param(app_page, "lang", "en")
    wait_idle(app_page)
    _expect_menu(app_page, EN_TITLES)
    expect(main_h1(app_page)).to_have_text(CATALOG["page.funds"]["en"])
    expect(sidebar_combo(app_page, "flt_city")).to_have_value("Nanjing")
    assert url_params(app_page)["region"] == "320100"
    app_page.screenshot(path=str(screenshot_dir / "funds_en.png"))
    # English survives a page switch
    _sidebar(app_page).locator('[data-testid="stPageLink"]').filter(has_text=CATALOG["page.elderly"]["en"]).click()
    app_page.wait_for_url(re.compile(r"/elderly\?"))
    expect(main_h1(app_page)).to_have_text(CATALOG["page.elderly"]["en"])
    wait_idle(app_page)
    assert url_params(app_page)["lang"] == "en"
    # and back to Chinese
    _sidebar(app_page).locator('[data-testid="stRadio"] label').filter(has_text="中文").click()
    _wait_param(app_page, "lang", "zh")
    wait_idle(app_page)
    _expect_menu(app_page, ZH_TITLES)


def test_concurrent_sessions(new_app_page, streamlit_server):
    """Five sessions load data-heavy pages at once (one shared DuckDB connection, a cursor per query)."""
    pages = [new_app_page() for _ in range(5)]
    targets = ["/", "/grid", "/funds", "/projects", "/elderly"]
    regions = ["320000", "320500", "320100", "320581", "321300"]
    for p, path, region in zip(pages, targets, regions):
        p.goto(f"{streamlit_server.url}{path}?region={region}", wait_until="commit")
    for p, region in zip(pages, regions):
        p.wait_for_selector('[data-testid="stMain"] h1')
        wait_idle(p)
        assert url_params(p)["region"] == region
    # exceptions / console errors / external requests are checked by the fixture at teardown
