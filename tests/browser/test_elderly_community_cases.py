"""养老服务, 社区服务 and 创新案例库 in a real browser (1600×1000, Chinese font): each page at 全省 and at one county,
maps drawn offline (the harness fails on any request leaving localhost, console errors or Streamlit exceptions),
a hover on a care home shows its Chinese tooltip, a click on a county of the waste map drills down, a case card
opens its county on the grid map with the filters kept, and presentation mode steps through the cases.
Screenshots go to screenshots/ (top of each page, plus the map and chart sections scrolled into view)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import numpy as np
from conftest import wait_idle

from governance.core import geo
from governance.i18n.catalog import CATALOG

COUNTY = "320505"  # 虎丘区 (苏州市)
CARD = '[data-testid="gov-case-card"]'


def _zh(key: str) -> str:
    return CATALOG[key]["zh"]


def _params(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


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
    return page.locator('[data-testid="stMain"] .gov-kpi').count()


def _no_overlap(page, selector: str) -> None:
    boxes = page.locator(selector).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert min(a[2], b[2]) - max(a[0], b[0]) <= 1 or min(a[3], b[3]) - max(a[1], b[1]) <= 1, (a, b)


# ------------------------------------------------------------------------------------------------ map geometry
def _deck_views(page) -> list[dict]:
    """Initial view states of every deck on the page, in page order (read from the deck JSON the page drew)."""
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


def _screen_xy(page, lon: float, lat: float, view: dict, index: int = 0) -> tuple[float, float]:
    box = page.locator('[data-testid="stDeckGlJsonChart"] canvas').nth(index).bounding_box()
    scale = 512 * 2 ** view["zoom"] / 360.0
    x = box["x"] + box["width"] / 2 + (lon - view["longitude"]) * scale
    y = box["y"] + box["height"] / 2 - (geo._merc_y(lat) - geo._merc_y(view["latitude"])) * scale
    return x, y


def _interior_point(code: str) -> tuple[float, float]:
    """A point well inside a county: of 300 random interior points, the one farthest from the boundary."""
    lons, lats = geo.random_points_in_region(code, 300, rng=11)
    rings = [ring for poly in geo.region_polygons(code) for ring in poly]
    best, best_d = (float(lons[0]), float(lats[0])), -1.0
    for x, y in zip(lons, lats):
        d = min(_dist(x, y, ring) for ring in rings)
        if d > best_d:
            best, best_d = (float(x), float(y)), d
    return best


def _dist(x: float, y: float, ring) -> float:
    a, b = ring, np.roll(ring, -1, axis=0)
    d = b - a
    t = np.clip(((x - a[:, 0]) * d[:, 0] + (y - a[:, 1]) * d[:, 1]) / np.maximum((d ** 2).sum(axis=1), 1e-18), 0, 1)
    return float(np.sqrt((a[:, 0] + t * d[:, 0] - x) ** 2 + (a[:, 1] + t * d[:, 1] - y) ** 2).min())


# ================================================================================================ 养老服务
def test_elderly_province(app_page, screenshot_dir, con):
    _open(app_page, "/elderly", plots=6, deck=True, selector=".gov-kpi")
    assert _h1(app_page) == _zh("page.elderly")
    assert _card_count(app_page) == 14  # 9 indicators + 5 gap totals
    _no_overlap(app_page, '[data-testid="stMain"] .gov-kpi')
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
    view = _deck_views(app_page)[0]
    assert view is not None
    x, y = _screen_xy(app_page, lon, lat, view)
    app_page.mouse.move(x, y)
    tip = app_page.locator(".deck-tooltip")
    tip.wait_for(state="visible", timeout=10_000)
    assert "床位" in tip.inner_text() and "张" in tip.inner_text()
    _shot(app_page, screenshot_dir, "elderly_province_map_tooltip")
    _shot(app_page, screenshot_dir, "elderly_province_operators", _zh("elderly.ops_heading"))


def test_elderly_county(app_page, screenshot_dir):
    _open(app_page, "/elderly", f"region={COUNTY}", plots=6, deck=True, selector=".gov-kpi")
    assert _h1(app_page) == _zh("page.elderly")
    assert "虎丘区" in app_page.locator('[data-testid="stMain"]').inner_text()
    _shot(app_page, screenshot_dir, "elderly_county")
    _shot(app_page, screenshot_dir, "elderly_county_map", _zh("elderly.map_heading"))
    legend = app_page.locator('[data-testid="gov-facility-legend"]').inner_text()
    assert "助餐点" in legend  # a county shows meal points too


def test_elderly_english(app_page, screenshot_dir):
    _open(app_page, "/elderly", "lang=en", plots=6, deck=True, selector=".gov-kpi")
    assert _h1(app_page) == CATALOG["page.elderly"]["en"]
    text = app_page.locator('[data-testid="stMain"]').inner_text()
    assert "Beds per 1,000 aged 60+" in text and "Gap finder" in text
    _shot(app_page, screenshot_dir, "elderly_province_en")


# ================================================================================================ 社区服务
def test_community_province(app_page, screenshot_dir):
    _open(app_page, "/community", plots=7, deck=True, selector=".gov-kpi")
    assert _h1(app_page) == _zh("page.community")
    assert _card_count(app_page) == 8
    _no_overlap(app_page, '[data-testid="stMain"] .gov-kpi')
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
    view = _deck_views(app_page)[0]
    assert view is not None
    lon, lat = _interior_point(target)
    x, y = _screen_xy(app_page, lon, lat, view)
    app_page.mouse.click(x, y)
    app_page.wait_for_url(re.compile(rf"region={target}"), timeout=30_000)
    wait_idle(app_page)
    app_page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=45_000)
    assert _params(app_page)["region"] == target
    assert "东台市" in app_page.locator('[data-testid="stMain"]').inner_text()


def test_community_county(app_page, screenshot_dir):
    _open(app_page, "/community", f"region={COUNTY}", plots=7, deck=True, selector=".gov-kpi")
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
    _no_overlap(app_page, '[data-testid="gov-case-card"]')
    # big readable cards: title at least 20 px
    size = _cards(app_page).first.locator(".gov-case-title").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 20
    _shot(app_page, screenshot_dir, "cases_province")
    # the first card's map link opens the grid page on its county, keeping period and language
    before = _params(app_page)
    first_case = _cards(app_page).first.get_attribute("data-case")
    county = con.execute("SELECT county_code FROM innovation_cases WHERE case_id = ?", [first_case]).fetchone()[0]
    main.locator('[data-testid="stPageLink"] a').first.click()
    app_page.wait_for_url(re.compile(r"/grid\?"), timeout=30_000)
    wait_idle(app_page)
    app_page.wait_for_function(
        "t => { const h = document.querySelector('[data-testid=\"stMain\"] h1'); return h && h.innerText.trim() === t; }",
        arg=_zh("page.grid"), timeout=45_000)
    params = _params(app_page)
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
