"""The leadership overview and the grid-coverage map in a real browser (1600×1000, Chinese font installed):
both pages at 全省 and inside a city, in Chinese and English, a click on a county of the grid map drills down
(a real canvas click at the county's screen position, computed from the deck's view state), a hover shows the
Chinese tooltip, no request leaves localhost (the harness fails on any). Screenshots go to screenshots/."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import wait_idle
from governance import geo
from governance.i18n_catalog import CATALOG
from governance.reference import CITIES


def _params(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def _sidebar_selected(page, label: str) -> str:
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text=label)
    return box.locator('[data-baseweb="select"]').inner_text().strip()


def _open(page, path: str, query: str = "") -> None:
    page.goto(page.app_url + path + (f"?{query}" if query else ""))
    wait_idle(page)
    _wait_charts(page)


def _wait_charts(page) -> None:
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=45_000)
    if page.locator('[data-testid="stPlotlyChart"]').count():
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=45_000)
    page.wait_for_timeout(1500)  # deck.gl draws its layers (and builds the picking buffer) after the canvas exists


def _h1(page) -> str:
    return page.locator('[data-testid="stMain"] h1').first.inner_text().strip()


def _card_values(page) -> dict[str, str]:
    cards = page.locator('[data-testid="gov-kpi-card"]')
    out = {}
    for i in range(cards.count()):
        card = cards.nth(i)
        out[card.get_attribute("data-kpi")] = card.inner_text()
    return out


def _no_overlap(page, selector: str) -> None:
    """Elements matched by ``selector`` don't overlap each other (cards side by side on the projector)."""
    boxes = [b for b in page.locator(selector).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })")]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            overlap_x = min(a[2], b[2]) - max(a[0], b[0])
            overlap_y = min(a[3], b[3]) - max(a[1], b[1])
            assert overlap_x <= 1 or overlap_y <= 1, (a, b)


# ------------------------------------------------------------------------------------------------ map geometry
def _interior_point(code: str) -> tuple[float, float]:
    """A point well inside a county: of 400 random interior points, the one farthest from the boundary."""
    lons, lats = geo.random_points_in_region(code, 400, rng=7)
    rings = [ring for poly in geo.region_polygons(code) for ring in poly]
    best, best_d = (lons[0], lats[0]), -1.0
    for x, y in zip(lons, lats):
        d = min(_dist_to_ring(x, y, ring) for ring in rings)
        if d > best_d:
            best, best_d = (float(x), float(y)), d
    return best


def _dist_to_ring(x: float, y: float, ring) -> float:
    import numpy as np

    a, b = ring, np.roll(ring, -1, axis=0)
    d = b - a
    t = np.clip(((x - a[:, 0]) * d[:, 0] + (y - a[:, 1]) * d[:, 1]) / np.maximum((d ** 2).sum(axis=1), 1e-18), 0, 1)
    px, py = a[:, 0] + t * d[:, 0], a[:, 1] + t * d[:, 1]
    return float(np.sqrt((px - x) ** 2 + (py - y) ** 2).min())


def _deck_view(page) -> dict:
    """The deck's initial view state, read back from the page's own deck JSON (what deck.gl draws)."""
    return page.evaluate("""() => {
        for (const el of document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')) {
            const fiberKey = Object.keys(el).find(k => k.startsWith('__reactFiber'));
            let f = fiberKey ? el[fiberKey] : null;
            while (f) {
                const p = f.memoizedProps || {};
                if (p.element && p.element.json) return JSON.parse(p.element.json).initialViewState;
                f = f.return;
            }
        }
        return null;
    }""")


def _screen_xy(page, lon: float, lat: float, view: dict) -> tuple[float, float]:
    box = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first.bounding_box()
    scale = 512 * 2 ** view["zoom"] / 360.0  # px per degree-equivalent (Web Mercator, 512-px world at zoom 0)
    x = box["x"] + box["width"] / 2 + (lon - view["longitude"]) * scale
    y = box["y"] + box["height"] / 2 - (geo._merc_y(lat) - geo._merc_y(view["latitude"])) * scale
    return x, y


def _view_for_page(page, fallback_codes, width_px: int = 930, height_px: int = 580) -> dict:
    view = _deck_view(page)
    if not view:  # React internals moved: recompute the view the page asked for (same function, same inputs)
        view = geo.view_state_for(fallback_codes, width_px=width_px, height_px=height_px, padding=0.06)
    return view


# ------------------------------------------------------------------------------------------------ overview
def test_overview_province_chinese(app_page, screenshot_dir):
    _open(app_page, "/")
    assert _h1(app_page) == CATALOG["page.overview"]["zh"]
    cards = _card_values(app_page)
    assert len(cards) == 10
    for kpi, text in cards.items():
        assert re.search(r"\d+\.\d", text), (kpi, text)
        assert "目标" in text and "同比" in text, (kpi, text)
    _no_overlap(app_page, '[data-testid="gov-kpi-card"]')
    briefing = app_page.locator('[data-testid="gov-briefing"]').inner_text()
    assert briefing.startswith("江苏省10项重点指标中")
    legend = app_page.locator('[data-testid="gov-map-legend"]')
    assert legend.is_visible() and "网格覆盖率" in legend.inner_text()
    assert app_page.locator('[data-testid="stPlotlyChart"]').count() == 2
    app_page.screenshot(path=str(screenshot_dir / "overview_province_zh.png"))


def test_overview_city_english(app_page, screenshot_dir):
    _open(app_page, "/", "region=320500&lang=en")
    assert _h1(app_page) == CATALOG["page.overview"]["en"]
    cards = _card_values(app_page)
    assert len(cards) == 10 and "Event closure rate" in cards["closure_pct"] and "Target" in cards["closure_pct"]
    assert app_page.locator('[data-testid="gov-briefing"]').inner_text().startswith("Of 10 headline indicators for Suzhou")
    assert _sidebar_selected(app_page, CATALOG["filter.city"]["en"]) == "Suzhou"
    app_page.screenshot(path=str(screenshot_dir / "overview_suzhou_en.png"))


def test_overview_city_click_drills_down(app_page, screenshot_dir):
    _open(app_page, "/")
    view = _view_for_page(app_page, [c.code for c in CITIES], width_px=760, height_px=540)
    lon, lat = _interior_point("320900")  # 盐城市: the largest city, easy to hit
    x, y = _screen_xy(app_page, lon, lat, view)
    app_page.mouse.click(x, y)
    app_page.wait_for_url(re.compile(r"[?&]region=320900(&|$)"), timeout=30_000)
    wait_idle(app_page)
    _wait_charts(app_page)
    assert _sidebar_selected(app_page, CATALOG["filter.city"]["zh"]) == "盐城市"
    assert app_page.locator('[data-testid="gov-briefing"]').inner_text().startswith("盐城市")
    app_page.screenshot(path=str(screenshot_dir / "overview_yancheng_zh.png"))


# ------------------------------------------------------------------------------------------------ grid
def test_grid_province_chinese_hover_tooltip(app_page, screenshot_dir):
    _open(app_page, "/grid")
    assert _h1(app_page) == CATALOG["page.grid"]["zh"]
    assert "网格覆盖率" in app_page.locator('[data-testid="gov-map-legend"]').inner_text()
    view = _view_for_page(app_page, None)
    x, y = _screen_xy(app_page, *_interior_point("320981"), view)  # 东台市
    app_page.mouse.move(x, y)
    tip = app_page.locator(".deck-tooltip")
    tip.wait_for(state="visible", timeout=10_000)
    assert "东台市" in tip.inner_text() and "网格覆盖率：" in tip.inner_text()
    app_page.screenshot(path=str(screenshot_dir / "grid_province_zh.png"))


def test_grid_click_county_drills_down(app_page, screenshot_dir):
    _open(app_page, "/grid")
    view = _view_for_page(app_page, None)
    target = "320981"  # 东台市 (盐城): a large county, clickable at the province zoom
    x, y = _screen_xy(app_page, *_interior_point(target), view)
    app_page.mouse.click(x, y)
    app_page.wait_for_url(re.compile(rf"[?&]region={target}(&|$)"), timeout=30_000)
    wait_idle(app_page)
    _wait_charts(app_page)
    assert _params(app_page)["region"] == target
    assert _sidebar_selected(app_page, CATALOG["filter.city"]["zh"]) == "盐城市"
    assert _sidebar_selected(app_page, CATALOG["filter.county"]["zh"]) == "东台市"
    assert "东台市" in app_page.locator('[data-testid="stMain"]').inner_text()
    app_page.screenshot(path=str(screenshot_dir / "grid_dongtai_click_zh.png"))

    # a click on a neighbouring county of the drilled-down map switches to it
    view = _view_for_page(app_page, [target])
    x, y = _screen_xy(app_page, *_interior_point("320924"), view)  # 射阳县, north of 东台 — may be off-view
    box = app_page.locator('[data-testid="stDeckGlJsonChart"] canvas').first.bounding_box()
    if box["x"] < x < box["x"] + box["width"] and box["y"] < y < box["y"] + box["height"]:
        app_page.mouse.click(x, y)
        app_page.wait_for_url(re.compile(r"[?&]region=320924(&|$)"), timeout=30_000)
        wait_idle(app_page)

    # up one level
    app_page.get_by_role("button", name=CATALOG["grid.drill_up"]["zh"]).click()
    app_page.wait_for_url(re.compile(r"[?&]region=320900(&|$)"), timeout=30_000)
    wait_idle(app_page)
    _wait_charts(app_page)
    app_page.screenshot(path=str(screenshot_dir / "grid_yancheng_zh.png"))


def test_grid_city_english_and_county_points(app_page, screenshot_dir):
    _open(app_page, "/grid", "region=320500&lang=en")
    assert _h1(app_page) == CATALOG["page.grid"]["en"]
    assert _sidebar_selected(app_page, CATALOG["filter.city"]["en"]) == "Suzhou"
    main = app_page.locator('[data-testid="stMain"]').inner_text()
    assert "Slowest counties" in main or "Event handling" in main
    app_page.screenshot(path=str(screenshot_dir / "grid_suzhou_en.png"))
    _open(app_page, "/grid", "region=320505&lang=zh")
    assert _sidebar_selected(app_page, CATALOG["filter.county"]["zh"]) == "虎丘区"
    assert CATALOG["grid.points_legend_title"]["zh"] in app_page.locator('[data-testid="stMain"]').inner_text()
    app_page.screenshot(path=str(screenshot_dir / "grid_huqiu_points_zh.png"))
