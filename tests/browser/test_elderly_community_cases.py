"""养老服务, 社区服务 and 创新案例库 in a real browser (1600×1000, Chinese font): each page at 全省 and at one county,
maps drawn offline (the harness fails on any request leaving localhost, console errors or Streamlit exceptions),
a hover on a care home shows its Chinese tooltip, a click on a county of the waste map drills down, a case card
opens its county on the grid map with the filters kept, and presentation mode steps through the cases.
Screenshots go to screenshots/ (top of each page, plus the map and chart sections scrolled into view)."""

from __future__ import annotations

import re

from conftest import assert_no_overlap, deck_views, interior_point, map_screen_xy, url_params, wait_idle

from governance.i18n.catalog import CATALOG

COUNTY = "320505"  # 虎丘区 (苏州市)
CARD = '[data-testid="gov-case-card"]'


def _zh(key: str) -> str:
    return CATALOG[key]["zh"]


def _open(page, path: str, query: str = "", plots: int = 0, deck: bool = False, selector: str | None = None) -> None:
    """Open a page and wait until it is drawn: the script idle, the title, ``selector`` (if given), the deck.gl
    canvas (``deck``) and at least ``plots`` plotly charts — Streamlit loads the chart bundles lazily, so an idle
    script doesn't mean the charts are on screen yet."""
    page.goto(page.app_url + path + (f"?{query}" if query else ""))
    wait_idle(page)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=45_000)
    if selector:
        page.wait_for_selector(selector, timeout=45_000)
    if deck:
        page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=45_000)
    if plots:
        page.wait_for_function(
            f"() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length >= {plots}",
            timeout=45_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=30_000)
    page.wait_for_timeout(1200)  # deck.gl draws its layers after the canvas exists; fonts settle


def _h1(page) -> str:
    return page.locator('[data-testid="stMain"] h1').first.inner_text().strip()


def _shot(page, screenshot_dir, name: str, section: str | None = None) -> None:
    """A 1600×1000 screenshot; with ``section`` (text of a heading) that heading is scrolled to the top first.
    Waits for the app to be idle and for Streamlit's loading skeletons to be gone."""
    wait_idle(page)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=30_000)
    if section:
        heading = page.locator('[data-testid="stMain"]').get_by_text(section, exact=True).first
        heading.scroll_into_view_if_needed()
        heading.evaluate("el => el.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(900)
    page.screenshot(path=str(screenshot_dir / f"{name}.png"))


def _card_count(page) -> int:
    return page.locator('[data-testid="stMain"] [data-testid="gov-kpi"]').count()


# ================================================================================================ 养老服务
def test_elderly_province(app_page, screenshot_dir, con):
    _open(app_page, "/elderly", plots=6, deck=True, selector='[data-testid="gov-kpi"]')
    assert _h1(app_page) == _zh("page.elderly")
    assert _card_count(app_page) == 14  # 9 indicators + 5 gap totals
    assert_no_overlap(app_page, '[data-testid="stMain"] [data-testid="gov-kpi"]')
    main = app_page.locator('[data-testid="stMain"]')
    assert _zh("elderly.kpi.beds_per_1000_elderly") in main.inner_text()
    legend = app_page.locator('[data-testid="gov-facility-legend"]')
    assert legend.is_visible() and "公建民营" in legend.inner_text()
    _shot(app_page, screenshot_dir, "elderly_province")
    _shot(app_page, screenshot_dir, "elderly_province_gaps", _zh("elderly.gap_heading"))
    # hover the biggest care home: its Chinese tooltip
    _shot(app_page, screenshot_dir, "elderly_province_map", _zh("elderly.map_heading"))
    name, lon, lat = con.execute("SELECT name, lon, lat FROM elderly_facilities WHERE facility_type = '养老机构' "
                                 "ORDER BY beds DESC, facility_id LIMIT 1").fetchone()
    view = deck_views(app_page)[0]
    assert view is not None
    x, y = map_screen_xy(app_page, lon, lat, view)
    app_page.mouse.move(x, y)
    tip = app_page.locator(".deck-tooltip")
    tip.wait_for(state="visible", timeout=10_000)
    assert "床位" in tip.inner_text() and "张" in tip.inner_text()
    _shot(app_page, screenshot_dir, "elderly_province_map_tooltip")
    _shot(app_page, screenshot_dir, "elderly_province_operators", _zh("elderly.ops_heading"))


def test_elderly_county(app_page, screenshot_dir):
    _open(app_page, "/elderly", f"region={COUNTY}", plots=6, deck=True, selector='[data-testid="gov-kpi"]')
    assert _h1(app_page) == _zh("page.elderly")
    assert "虎丘区" in app_page.locator('[data-testid="stMain"]').inner_text()
    _shot(app_page, screenshot_dir, "elderly_county")
    _shot(app_page, screenshot_dir, "elderly_county_map", _zh("elderly.map_heading"))
    legend = app_page.locator('[data-testid="gov-facility-legend"]').inner_text()
    assert "助餐点" in legend  # a county shows meal points too


def test_elderly_english(app_page, screenshot_dir):
    _open(app_page, "/elderly", "lang=en", plots=6, deck=True, selector='[data-testid="gov-kpi"]')
    assert _h1(app_page) == CATALOG["page.elderly"]["en"]
    text = app_page.locator('[data-testid="stMain"]').inner_text()
    assert "Beds per 1,000 aged 60+" in text and "Gap finder" in text
    _shot(app_page, screenshot_dir, "elderly_province_en")


# ================================================================================================ 社区服务
def test_community_province(app_page, screenshot_dir):
    _open(app_page, "/community", plots=7, deck=True, selector='[data-testid="gov-kpi"]')
    assert _h1(app_page) == _zh("page.community")
    assert _card_count(app_page) == 8
    assert_no_overlap(app_page, '[data-testid="stMain"] [data-testid="gov-kpi"]')
    assert app_page.locator('[data-testid="stPlotlyChart"]').count() == 7
    _shot(app_page, screenshot_dir, "community_province")
    _shot(app_page, screenshot_dir, "community_province_smart", _zh("community.smart_heading"))
    _shot(app_page, screenshot_dir, "community_province_map", _zh("community.map_heading"))
    assert app_page.locator('[data-testid="gov-map-legend"]').is_visible()
    _shot(app_page, screenshot_dir, "community_province_councils", _zh("community.council_heading"))
    _shot(app_page, screenshot_dir, "community_province_scatter", _zh("community.scatter_heading"))


def test_community_map_click_drills_down(app_page, screenshot_dir):
    _open(app_page, "/community", "region=320900", plots=7, deck=True)  # 盐城市: large counties, easy to hit
    canvas = app_page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    canvas.evaluate("el => el.scrollIntoView({block: 'center'})")
    app_page.wait_for_timeout(1200)
    target = "320981"  # 东台市
    view = deck_views(app_page)[0]
    assert view is not None
    lon, lat = interior_point(target)
    x, y = map_screen_xy(app_page, lon, lat, view)
    app_page.mouse.click(x, y)
    app_page.wait_for_url(re.compile(rf"region={target}"), timeout=30_000)
    wait_idle(app_page)
    app_page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=45_000)
    assert url_params(app_page)["region"] == target
    assert "东台市" in app_page.locator('[data-testid="stMain"]').inner_text()


def test_community_county(app_page, screenshot_dir):
    _open(app_page, "/community", f"region={COUNTY}", plots=7, deck=True, selector='[data-testid="gov-kpi"]')
    assert _h1(app_page) == _zh("page.community")
    assert "虎丘区" in app_page.locator('[data-testid="stMain"]').inner_text()
    _shot(app_page, screenshot_dir, "community_county")
    _shot(app_page, screenshot_dir, "community_county_map", _zh("community.map_heading"))
    _shot(app_page, screenshot_dir, "community_county_scatter", _zh("community.scatter_heading"))


# ================================================================================================ 创新案例库
def _cards(page):
    return page.locator(CARD)


def test_cases_province_and_map_link(app_page, screenshot_dir, con):
    _open(app_page, "/cases", selector=CARD)
    assert _h1(app_page) == _zh("page.cases")
    main = app_page.locator('[data-testid="stMain"]')
    assert _zh("cases.disclaimer") in main.inner_text()
    n = con.execute("SELECT count(*) FROM innovation_cases").fetchone()[0]
    assert _cards(app_page).count() == n
    assert_no_overlap(app_page, '[data-testid="gov-case-card"]')
    # big readable cards: title at least 20 px
    size = _cards(app_page).first.locator(".gov-case-title").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 20
    _shot(app_page, screenshot_dir, "cases_province")
    # the first card's map link opens the grid page on its county, keeping period and language
    before = url_params(app_page)
    first_case = _cards(app_page).first.get_attribute("data-case")
    county = con.execute("SELECT county_code FROM innovation_cases WHERE case_id = ?", [first_case]).fetchone()[0]
    main.locator('[data-testid="stPageLink"] a').first.click()
    app_page.wait_for_url(re.compile(r"/grid\?"), timeout=30_000)
    wait_idle(app_page)
    app_page.wait_for_function(
        "t => { const h = document.querySelector('[data-testid=\"stMain\"] h1'); return h && h.innerText.trim() === t; }",
        arg=_zh("page.grid"), timeout=45_000)
    params = url_params(app_page)
    assert params["region"] == county and params["lang"] == "zh"
    assert (params.get("start"), params.get("end")) == (before.get("start"), before.get("end"))
    assert _h1(app_page) == _zh("page.grid")


def test_cases_presentation_mode(app_page, screenshot_dir):
    _open(app_page, "/cases", selector=CARD)
    app_page.locator('[data-testid="stMain"] [data-testid="stCheckbox"]').filter(
        has_text=_zh("cases.showcase")).locator("label").click()
    app_page.wait_for_function(f"() => document.querySelectorAll('{CARD}').length === 1", timeout=30_000)
    wait_idle(app_page)
    assert _cards(app_page).count() == 1
    first = _cards(app_page).first.get_attribute("data-case")
    assert _zh("cases.disclaimer") in app_page.locator('[data-testid="stMain"]').inner_text()
    _shot(app_page, screenshot_dir, "cases_presentation")
    app_page.get_by_role("button", name=_zh("cases.next")).click()
    app_page.wait_for_function(
        f"() => {{ const c = document.querySelector('{CARD}'); return c && c.getAttribute('data-case') !== '{first}'; }}",
        timeout=30_000)
    assert _cards(app_page).count() == 1


def test_cases_county_and_english(app_page, screenshot_dir, con):
    county = con.execute("SELECT county_code FROM innovation_cases GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
                         ).fetchone()[0]
    _open(app_page, "/cases", f"region={county}", selector=CARD)
    n = con.execute("SELECT count(*) FROM innovation_cases WHERE county_code = ?", [county]).fetchone()[0]
    assert _cards(app_page).count() == n
    _shot(app_page, screenshot_dir, "cases_county")
    _open(app_page, "/cases", "lang=en", selector=CARD)
    assert _h1(app_page) == CATALOG["page.cases"]["en"]
    assert CATALOG["cases.disclaimer"]["en"] in app_page.locator('[data-testid="stMain"]').inner_text()
    assert "Replicability" in _cards(app_page).first.inner_text() or "Before" in _cards(app_page).first.inner_text()
    _shot(app_page, screenshot_dir, "cases_province_en")
