"""Presentation mode (?present=1) in a real browser: no sidebar, header or toolbar; one screen at a time at
1920×1080 and 1280×720 with headline numbers of 40 px or more; PageDown / PageUp / → / ← move, Space pauses, Esc
leaves; the playlist advances by itself every ``interval`` seconds; nothing leaves 127.0.0.1 (the harness fails
on any outside request, console error or Streamlit exception). Screenshots go to screenshots/."""

from __future__ import annotations

import pytest
from conftest import Watch, wait_idle
from playwright.sync_api import expect

STAGE = '[data-testid="gov-present"]'


def _screen(page) -> str:
    return page.locator(STAGE).first.get_attribute("data-screen")


def _wait_screen(page, key: str, timeout: float = 60_000) -> None:
    page.wait_for_selector(f'{STAGE}[data-screen="{key}"]', timeout=timeout, state="attached")  # an empty marker
    wait_idle(page)


def _unfocus(page) -> None:
    """Keys go to the document, as a clicker's do (not to a focused button, where Space would click it)."""
    page.evaluate("() => document.activeElement && document.activeElement.blur && document.activeElement.blur()")


def _press(page, key: str, expect_screen: str) -> None:
    _unfocus(page)
    page.keyboard.press(key)
    _wait_screen(page, expect_screen)


def _fits_one_screen(page) -> None:
    """The main area does not scroll: the whole screen is visible at once."""
    overflow = page.evaluate("""() => { const m = document.querySelector('[data-testid="stMain"]');
        return [m.scrollHeight, m.clientHeight, document.documentElement.scrollWidth, window.innerWidth]; }""")
    assert overflow[0] <= overflow[1] + 2, overflow
    assert overflow[2] <= overflow[3] + 1, overflow


def _chrome_hidden(page) -> None:
    for sel in ('[data-testid="stSidebar"]', 'header[data-testid="stHeader"]', '[data-testid="stToolbar"]'):
        loc = page.locator(sel)
        assert loc.count() == 0 or not loc.first.is_visible(), sel


@pytest.fixture
def present_page(browser, browser_context_args, streamlit_server):
    opened = []

    def factory(width: int, height: int):
        ctx = browser.new_context(**{**browser_context_args, "viewport": {"width": width, "height": height}})
        page = ctx.new_page()
        watch = Watch()
        watch.attach(page)
        page.app_url = streamlit_server.url
        opened.append((ctx, page, watch))
        return page

    yield factory
    try:
        for _, page, watch in opened:
            watch.check(page)
    finally:
        for ctx, _, _ in opened:
            ctx.close()


def test_presentation_at_1920_follows_the_keyboard(present_page, screenshot_dir):
    page = present_page(1920, 1080)
    page.goto(page.app_url + "/?region=320500&present=1&interval=600")
    _wait_screen(page, "kpis")
    _chrome_hidden(page)
    values = page.locator('[data-testid="gov-present-kpi"] [data-part="value"]')
    expect(values).to_have_count(10)
    sizes = values.evaluate_all("els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert min(sizes) >= 40, sizes
    _fits_one_screen(page)
    page.screenshot(path=str(screenshot_dir / "present_1920_kpis.png"))

    _press(page, "PageDown", "map")  # a presenter's clicker
    page.wait_for_selector('img[data-testid="gov-present-map"]')
    _fits_one_screen(page)
    page.screenshot(path=str(screenshot_dir / "present_1920_map.png"))
    _press(page, "ArrowRight", "alerts")
    _press(page, "PageUp", "map")
    _press(page, "ArrowLeft", "kpis")
    _press(page, "ArrowLeft", "scenario")  # wraps around to the last screen
    page.screenshot(path=str(screenshot_dir / "present_1920_scenario.png"))
    _press(page, "PageDown", "kpis")

    _unfocus(page)
    page.keyboard.press("Space")
    page.wait_for_selector(f'{STAGE}[data-paused="true"]', state="attached")
    _unfocus(page)
    page.keyboard.press("Space")
    page.wait_for_selector(f'{STAGE}[data-paused="false"]', state="attached")

    _unfocus(page)
    page.keyboard.press("Escape")
    page.wait_for_selector('[data-testid="stMain"] h1')
    wait_idle(page)
    assert "present=" not in page.url
    assert page.locator(STAGE).count() == 0
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()


def test_every_screen_fits_1280x720_with_projector_type(present_page, screenshot_dir):
    page = present_page(1280, 720)
    page.goto(page.app_url + "/grid?region=320000&present=1&interval=600")
    _wait_screen(page, "kpis")
    sizes = page.locator('[data-testid="gov-present-kpi"] [data-part="value"]').evaluate_all(
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 40, sizes
    seen = []
    for _ in range(12):
        key, index = _screen(page), page.locator(STAGE).first.get_attribute("data-index")
        if key in seen:
            break
        seen.append(key)
        _fits_one_screen(page)
        _chrome_hidden(page)
        page.screenshot(path=str(screenshot_dir / f"present_1280_{key}.png"))
        _unfocus(page)
        page.keyboard.press("PageDown")
        page.wait_for_function(f"""() => {{ const s = document.querySelector('{STAGE}');
            return !!s && s.getAttribute('data-index') !== '{index}'; }}""")
        wait_idle(page)
    assert seen[:3] == ["kpis", "map", "alerts"] and "case" in seen and seen[-1] == "scenario", seen


def test_the_playlist_advances_by_itself(present_page):
    page = present_page(1280, 720)
    page.goto(page.app_url + "/?region=320500&present=1&interval=5")
    _wait_screen(page, "kpis")
    _wait_screen(page, "map", timeout=60_000)  # nobody pressed a key


def test_sidebar_offers_presentation_mode(present_page):
    page = present_page(1600, 1000)
    page.goto(page.app_url + "/?region=320500")
    page.wait_for_selector('[data-testid="stMain"] h1')
    wait_idle(page)
    link = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"] a', has_text="展示模式").first
    expect(link).to_be_visible()
    assert "present=1" in link.get_attribute("href") and "region=320500" in link.get_attribute("href")
    link.click()
    _wait_screen(page, "kpis")


def test_overview_downloads_the_briefing(present_page, tmp_path):
    """下载简报: the PDF and the PPTX of the page's filters, made when clicked (Streamlit's deferred download)."""
    import io

    from pptx import Presentation
    from pypdf import PdfReader

    page = present_page(1600, 1000)
    page.goto(page.app_url + "/?region=320500")
    page.wait_for_selector('[data-testid="stMain"] h1')
    wait_idle(page)
    for fmt, label in (("pdf", "下载简报（PDF）"), ("pptx", "下载简报（PPTX）")):
        button = page.get_by_role("button", name=label).first  # Streamlit also draws a hidden copy to measure
        expect(button).to_be_visible()
        button.scroll_into_view_if_needed()
        with page.expect_download(timeout=120_000) as info:
            button.click()
        download = info.value
        assert download.suggested_filename.startswith("320500_") and download.suggested_filename.endswith(
            f"_zh.{fmt}")
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        data = path.read_bytes()
        if fmt == "pdf":
            assert "苏州市基层治理形势简报" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        else:
            assert len(Presentation(io.BytesIO(data)).slides) >= 6
