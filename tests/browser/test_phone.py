"""The overview on a phone (390×844, touch, mobile viewport): the sidebar starts collapsed, the KPI cards sit two per
row, the map fits the width and nothing scrolls sideways. The harness fails on outside requests, console errors and
Streamlit exceptions. Screenshots go to screenshots/."""

from __future__ import annotations

import pytest
from conftest import Watch, deck_views, map_screen_xy, wait_idle

from governance.core import geo

PHONE = {"width": 390, "height": 844}
PHONE_AGENT = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/156.0.0.0 Mobile Safari/537.36")


@pytest.fixture
def phone_page(browser, browser_context_args, streamlit_server):
    ctx = browser.new_context(**{**browser_context_args, "viewport": PHONE, "is_mobile": True, "has_touch": True,
                                 "device_scale_factor": 2, "user_agent": PHONE_AGENT})
    page = ctx.new_page()
    watch = Watch()
    watch.attach(page)
    page.app_url = streamlit_server.url
    yield page
    try:
        watch.check(page)
    finally:
        ctx.close()


def test_overview_reads_on_a_phone(phone_page, screenshot_dir):
    page = phone_page
    page.goto(page.app_url + "/?region=320500")
    page.wait_for_selector('[data-testid="stMain"] h1')
    wait_idle(page)
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=60_000)
    wait_idle(page)

    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.count() == 0 or sidebar.get_attribute("aria-expanded") == "false" or \
        sidebar.bounding_box() is None or sidebar.bounding_box()["x"] + sidebar.bounding_box()["width"] <= 1

    boxes = page.locator('[data-testid="gov-kpi-card"]').evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.width]; })")
    assert len(boxes) == 10
    rows: dict[int, list] = {}
    for left, top, width in boxes:
        rows.setdefault(round(top), []).append((left, width))
    assert [len(r) for r in rows.values()] == [2, 2, 2, 2, 2], rows
    for row in rows.values():
        for left, width in row:
            assert 120 <= width <= 195 and left >= 0 and left + width <= PHONE["width"], row

    deck = page.locator('[data-testid="stDeckGlJsonChart"]').first.bounding_box()
    assert deck["x"] >= 0 and deck["x"] + deck["width"] <= PHONE["width"] + 1 and deck["width"] >= 300, deck
    # the whole city is inside the map: its west and east ends land on the canvas
    view = deck_views(page)[0]
    min_lon, min_lat, max_lon, max_lat = geo.region_bbox("320500")
    mid = (min_lat + max_lat) / 2
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first.bounding_box()
    for lon in (min_lon, max_lon):
        x, _ = map_screen_xy(page, lon, mid, view)
        assert canvas["x"] - 1 <= x <= canvas["x"] + canvas["width"] + 1, (lon, x, canvas)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1] + 1, widths

    page.screenshot(path=str(screenshot_dir / "phone_overview_top.png"))
    page.locator('[data-testid="stDeckGlJsonChart"]').first.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    page.screenshot(path=str(screenshot_dir / "phone_overview_map.png"))
