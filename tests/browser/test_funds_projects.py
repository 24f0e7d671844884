"""资金配置 and 项目监管 in a real browser: both pages render their charts at 全省 and at one county without console
errors, exceptions or external requests; a program filter changes the figures; the project library's row click
opens that project's detail. Screenshots (1600×1000) go to screenshots/ for a human look: the top of each page,
plus the lower sections scrolled into view."""

from __future__ import annotations

import re

import pytest
from conftest import wait_idle

from governance.i18n.catalog import CATALOG

PROVINCE, COUNTY = "320000", "320508"  # 全省, 苏州市姑苏区


def _zh(key: str) -> str:
    return CATALOG[key]["zh"]


def _open(page, path: str, region: str) -> None:
    page.goto(f"{page.app_url}{path}?region={region}&lang=zh")
    wait_idle(page)


def _wait_charts(page, n: int) -> None:
    page.wait_for_function(
        """(n) => document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg').length >= n""", arg=n,
        timeout=60_000)
    page.wait_for_timeout(800)  # fonts and plotly transitions settle before a screenshot


def _h1(page) -> str:
    return page.locator('[data-testid="stMain"] h1').first.inner_text().strip()


def _shot_section(page, heading: str, path) -> None:
    page.locator('[data-testid="stMain"] h3').filter(has_text=heading).first.scroll_into_view_if_needed()
    page.evaluate("""(h) => {
        const el = [...document.querySelectorAll('[data-testid="stMain"] h3')].find(e => e.innerText.includes(h));
        if (el) el.scrollIntoView({block: 'start'});
    }""", heading)
    page.wait_for_timeout(500)
    page.screenshot(path=str(path))


def _kpi_values(page) -> list[str]:
    cards = page.locator('[data-testid="stMain"] [data-testid="gov-kpi"]')
    return [cards.nth(i).inner_text() for i in range(cards.count())]


def _require_data(streamlit_server) -> None:
    if not streamlit_server.has_warehouse:
        pytest.skip("no test warehouse: the pages only show their empty state")


@pytest.mark.parametrize("region, tag", [(PROVINCE, "province"), (COUNTY, "county")])
def test_funds_page(app_page, streamlit_server, screenshot_dir, region, tag):
    _require_data(streamlit_server)
    _open(app_page, "/funds", region)
    assert _h1(app_page) == _zh("page.funds")
    _wait_charts(app_page, 4)
    main = app_page.locator('[data-testid="stMain"]')
    assert main.locator(".sankey").count() == 1  # the Sankey is drawn
    app_page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=60_000)  # the county map
    assert main.get_by_text(_zh("funds.sankey_heading")).count() == 1
    assert "预警" in main.locator('[data-testid="stExpander"]').first.inner_text()
    app_page.screenshot(path=str(screenshot_dir / f"funds_{tag}.png"))
    _shot_section(app_page, "人均资金支出", screenshot_dir / f"funds_{tag}_per_head.png")
    _shot_section(app_page, _zh("funds.sc_heading")[:4], screenshot_dir / f"funds_{tag}_social_capital.png")
    app_page.locator('[data-testid="stMain"] h3').first.scroll_into_view_if_needed()
    _shot_section(app_page, "预算执行", screenshot_dir / f"funds_{tag}_execution.png")


def test_funds_program_filter_changes_numbers(app_page, streamlit_server):
    _require_data(streamlit_server)
    _open(app_page, "/funds", PROVINCE)
    _wait_charts(app_page, 4)
    before = _kpi_values(app_page)
    box = app_page.locator('[data-testid="stMultiSelect"]').filter(has_text=_zh("funds.filter_programs"))
    # remove the chip of 养老服务 (the largest program)
    box.get_by_role("button", name="Remove 养老服务").click()
    wait_idle(app_page)
    app_page.wait_for_function(
        """(before) => { const c = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="gov-kpi"]')];
                         return c.length && c[0].innerText !== before; }""", arg=before[0], timeout=30_000)
    after = _kpi_values(app_page)
    assert after[0] != before[0]
    assert "5类投向" in after[0]


@pytest.mark.parametrize("region, tag", [(PROVINCE, "province"), (COUNTY, "county")])
def test_projects_page(app_page, streamlit_server, screenshot_dir, region, tag):
    _require_data(streamlit_server)
    _open(app_page, "/projects", region)
    assert _h1(app_page) == _zh("page.projects")
    _wait_charts(app_page, 3)
    main = app_page.locator('[data-testid="stMain"]')
    assert main.locator('[data-testid="stDataFrame"]').count() >= 3  # library, detail, milestones, red line
    assert main.get_by_text(_zh("projects.redline_heading")).count() == 1
    app_page.screenshot(path=str(screenshot_dir / f"projects_{tag}.png"))
    _shot_section(app_page, _zh("projects.detail_heading"), screenshot_dir / f"projects_{tag}_detail.png")
    _shot_section(app_page, _zh("projects.redline_heading")[:5], screenshot_dir / f"projects_{tag}_redline.png")


def test_alerts_panel_opens(app_page, streamlit_server, screenshot_dir):
    _require_data(streamlit_server)
    _open(app_page, "/projects", PROVINCE)
    _wait_charts(app_page, 3)
    panel = app_page.locator('.st-key-prj_alerts_open')
    assert panel.locator('[data-testid="stDataFrame"]').count() == 0  # the list is built on opening
    panel.locator("summary").first.click()
    wait_idle(app_page)
    panel.locator('[data-testid="stDataFrame"]').wait_for(timeout=30_000)
    assert panel.locator('[data-testid="stMetric"]').count() >= 5  # counts by rule
    assert panel.get_by_role("button", name=_zh("common.download_csv")).count() == 1
    app_page.wait_for_timeout(500)
    app_page.screenshot(path=str(screenshot_dir / "projects_province_alerts.png"))


def test_projects_row_click_opens_detail(app_page, streamlit_server):
    _require_data(streamlit_server)
    _open(app_page, "/projects", COUNTY)
    _wait_charts(app_page, 3)
    select = app_page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').filter(
        has_text=_zh("projects.detail_select")).locator('input[role="combobox"]')
    first = select.input_value()
    assert "·" in first
    grid = app_page.locator('.st-key-prj_table [data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # the row-selection column sits left of the first data column; rows are 35 px below a 35 px header
    app_page.mouse.click(box["x"] + 16, box["y"] + 35 + 35 + 17)  # second row
    wait_idle(app_page)
    app_page.wait_for_function(
        """([label, first]) => {
             const s = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stSelectbox"]')]
                 .find(e => e.innerText.includes(label));
             const i = s && s.querySelector('input[role="combobox"]');
             return i && i.value && i.value !== first;
         }""",
        arg=[_zh("projects.detail_select"), first], timeout=20_000)
    assert select.input_value() != first
    assert re.search(r"·", select.input_value())


@pytest.mark.parametrize("path, key", [("/funds", "page.funds"), ("/projects", "page.projects")])
def test_english(app_page, streamlit_server, screenshot_dir, path, key):
    _require_data(streamlit_server)
    app_page.goto(f"{app_page.app_url}{path}?region=320500&lang=en")
    wait_idle(app_page)
    assert _h1(app_page) == CATALOG[key]["en"]
    _wait_charts(app_page, 3)
    main_text = app_page.locator('[data-testid="stMain"]').inner_text()
    assert "Alerts:" in main_text
    name = path.strip("/")
    app_page.screenshot(path=str(screenshot_dir / f"{name}_suzhou_en.png"))
    heading = "Budget execution" if name == "funds" else "Fiscal affordability"
    _shot_section(app_page, heading, screenshot_dir / f"{name}_suzhou_en_2.png")
