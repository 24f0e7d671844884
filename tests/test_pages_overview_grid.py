"""AppTest of the leadership overview and the grid-coverage page on the small test warehouse: they render, the KPI
cards show numbers that follow the region filter, the URL restores the view, the language toggle switches the
labels, and the map JSON holds the expected boundaries (95 counties at 全省, only 苏州's after drill-down)."""

from __future__ import annotations

import json
import re

from page_html import kpi_cards
from streamlit.testing.v1 import AppTest

from governance.core.indicators import kpis
from governance.core.regions import counties
from governance.i18n.catalog import CATALOG

SUZHOU = "320500"
SUZHOU_COUNTIES = sorted(c.code for c in counties() if c.city_code == SUZHOU)


def _cards(at: AppTest) -> dict[str, str]:
    """The overview's headline cards (those wrapped with a data-kpi), by KPI."""
    return {card["kpi"]: card["value"] for card in kpi_cards(at) if "kpi" in card}


def _briefing(at: AppTest) -> str:
    texts = [md.value for md in at.markdown if 'data-testid="gov-briefing"' in md.value]
    assert len(texts) == 1
    return re.sub(r"<[^>]+>", "", texts[0])


def _deck(at: AppTest) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def _region_codes(spec: dict) -> list[str]:
    layer = next(layer for layer in spec["layers"] if layer["id"] == "regions")
    return sorted(f["properties"]["code"] for f in layer["data"]["features"])


def _param(at: AppTest, key: str) -> str:
    value = at.query_params[key]
    return value[0] if isinstance(value, list) else value


# ------------------------------------------------------------------------------------------------ overview
def test_overview_renders_kpi_cards_with_numbers(app):
    at = app("pages/overview.py")
    assert CATALOG["page.overview"]["zh"] in [t.value for t in at.title]
    cards = _cards(at)
    assert list(cards) == [k.kpi for k in kpis.OVERVIEW_KPIS]
    for kpi, value in cards.items():
        assert re.fullmatch(r"[\d,]+\.\d%?", value), (kpi, value)
    # stock KPIs have no year-on-year change, flow KPIs do
    html = {part.split('data-kpi="')[1].split('"')[0]: part  # each card's HTML, its hover title included
            for m in at.markdown for part in m.value.split('data-testid="gov-kpi-card"')[1:]}
    assert "同比 —" in html["grid_coverage_pct"] and "存量指标" in html["grid_coverage_pct"]
    assert re.search(r"同比 [+-]?\d+\.\d个百分点", html["closure_pct"])
    assert "目标 ≥97.0%" in html["closure_pct"] and "目标来源" in html["closure_pct"]
    text = _briefing(at)
    assert text.startswith("江苏省10项重点指标中") and "分市看" in text
    spec = _deck(at)
    assert len(_region_codes(spec)) == 13  # cities at 全省
    assert spec["mapStyle"] == "/app/static/blank_style.json"
    assert len(at.get("plotly_chart")) == 2  # best five, weakest five


def test_overview_region_change_changes_numbers_and_url(app):
    at = app("pages/overview.py")
    province = _cards(at)
    at.selectbox(key="flt_city").set_value(SUZHOU).run()
    assert not at.exception
    suzhou = _cards(at)
    assert _param(at, "region") == SUZHOU
    assert suzhou != province
    assert sum(suzhou[k] != province[k] for k in suzhou) >= 5
    assert _briefing(at).startswith("苏州市") and "分县（市、区）看" in _briefing(at)
    assert _region_codes(_deck(at)) == SUZHOU_COUNTIES
    # the same view from a URL
    other = app("pages/overview.py", region=SUZHOU)
    assert other.selectbox(key="flt_city").value == SUZHOU
    assert _cards(other) == suzhou


def test_overview_county_and_metric_choice(app):
    at = app("pages/overview.py", region="320505")
    spec = _deck(at)
    assert _region_codes(spec) == SUZHOU_COUNTIES  # the county's siblings, itself outlined
    outline = next(layer for layer in spec["layers"] if layer["id"] == "selected-outline")
    assert [f["properties"]["code"] for f in outline["data"]["features"]] == ["320505"]
    at.selectbox(key="ov_map_metric").set_value("obligation_pct").run()
    assert not at.exception
    props = next(layer for layer in _deck(at)["layers"] if layer["id"] == "regions")["data"]["features"][0]["properties"]
    assert props["metric"] == "PPP支出责任占比" and props["value_text"].endswith("%")


def test_overview_language_toggle(app):
    at = app("pages/overview.py")
    at.radio(key="flt_lang").set_value("en").run()
    assert not at.exception
    assert _param(at, "lang") == "en"
    assert CATALOG["page.overview"]["en"] in [t.value for t in at.title]
    html = " ".join(m.value for m in at.markdown if 'data-testid="gov-kpi-card"' in m.value)
    assert "Event closure rate" in html and "Target ≥97.0%" in html and "YoY" in html
    assert _briefing(at).startswith("Of 10 headline indicators for Jiangsu")
    props = next(layer for layer in _deck(at)["layers"] if layer["id"] == "regions")["data"]["features"]
    assert {p["properties"]["name"] for p in props} >= {"Suzhou", "Nanjing"}
    assert at.selectbox(key="ov_map_metric").value == "grid_coverage_pct"


# ------------------------------------------------------------------------------------------------ grid
def test_grid_map_95_counties_at_province(app):
    at = app("pages/grid.py")
    assert CATALOG["page.grid"]["zh"] in [t.value for t in at.title]
    spec = _deck(at)
    codes = _region_codes(spec)
    assert len(codes) == 95 and codes == sorted(c.code for c in counties())
    text = json.dumps(spec, ensure_ascii=False).lower()
    assert "mapbox" not in text and "carto" not in text
    assert spec["mapStyle"] == "/app/static/blank_style.json"
    feat = next(layer for layer in spec["layers"] if layer["id"] == "regions")["data"]["features"][0]
    assert feat["properties"]["metric"] == "网格覆盖率" and feat["properties"]["value_text"].endswith("%")
    assert "第" in feat["properties"]["detail"]  # Chinese tooltip detail: rank and status
    assert len(at.get("plotly_chart")) == 2  # trend, slowest counties
    assert len(at.get("download_button")) == 2  # CSV + Excel


def test_grid_only_the_city_counties_after_drilldown(app):
    at = app("pages/grid.py", region=SUZHOU)
    assert _region_codes(_deck(at)) == SUZHOU_COUNTIES
    # the county table follows the region
    frames = [df.value for df in at.dataframe]
    assert len(frames) == 1 and sorted(frames[0]["group_code"]) == SUZHOU_COUNTIES
    # drill further via the filter: the county's community points appear
    at.selectbox(key="flt_county").set_value("320505").run()
    assert not at.exception
    spec = _deck(at)
    assert _region_codes(spec) == SUZHOU_COUNTIES
    points = next(layer for layer in spec["layers"] if layer["id"] == "points")
    assert points["@@type"] == "ScatterplotLayer" and len(points["data"]) > 0
    assert all(120.2 < p["position"][0] < 120.8 and 31.1 < p["position"][1] < 31.6 for p in points["data"])
    # up one level
    at.button(key="grid_up").click().run()
    assert _param(at, "region") == SUZHOU


def test_grid_indicator_and_language(app):
    at = app("pages/grid.py", region="320100", lang="en")
    assert CATALOG["page.grid"]["en"] in [t.value for t in at.title]
    at.selectbox(key="grid_metric").set_value("workers_per_1000_households").run()
    assert not at.exception
    feat = next(layer for layer in _deck(at)["layers"] if layer["id"] == "regions")["data"]["features"][0]
    assert feat["properties"]["metric"] == "Grid workers per 1,000 households"
    assert re.fullmatch(r"\d+\.\d", feat["properties"]["value_text"])
    assert set(at.dataframe[0].value.columns) >= {"group_name", "grid_coverage_pct"}
