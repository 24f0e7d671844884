"""AppTest of 养老服务, 社区服务 and 创新案例库 on the small test warehouse: each page renders at 全省 and at one
county, a filter change changes the numbers, the page widgets work, and English labels replace the Chinese ones."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs

from page_html import kpi_cards
from streamlit.testing.v1 import AppTest

from governance.core.regions import counties
from governance.i18n.catalog import CATALOG

COUNTY = "320505"  # 虎丘区, 苏州市
SUZHOU_COUNTIES = sorted(c.code for c in counties() if c.city_code == "320500")


def _cards(at: AppTest) -> dict[str, str]:
    return {card["label"]: card["value"] for card in kpi_cards(at)}


def _decks(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.json) for c in at.get("deck_gl_json_chart")]


def _plotly(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader]
    parts += [h.value for h in at.header] + [i.value for i in at.info] + [w.value for w in at.warning]
    return "\n".join(parts)


def _zh(key: str) -> str:
    return CATALOG[key]["zh"]


def _en(key: str) -> str:
    return CATALOG[key]["en"]


# ================================================================================================ 养老服务
def test_elderly_province(app):
    at = app("pages/elderly.py")
    assert _titles(at) == [_zh("page.elderly")]
    cards = _cards(at)
    for kpi in ("beds_per_1000_elderly", "nursing_bed_pct", "occupancy_pct", "street_centre_pct",
                "meal_points_per_community", "meals_per_month", "meals_per_point_day", "home_visits_per_month",
                "elderly_satisfaction_pct"):
        assert re.fullmatch(r"[\d,.]+(万)?%?", cards[_zh(f"elderly.col.{kpi}")]), (kpi, cards)
    assert cards[_zh("elderly.gap_beds")] and re.fullmatch(r"[\d,.万]+", cards[_zh("elderly.gap_beds")])
    # RAG status on the cards that have a target, none on home visits
    statuses = [card["status"] for card in kpi_cards(at)]
    assert set(statuses) <= {"green", "amber", "red", "none"} and {"green", "amber", "red"} & set(statuses)
    # the county table lists all 95 counties
    assert len(at.dataframe[0].value) == 95
    # facility map: blank local style, 95 county outlines, facility layers with Chinese tooltips
    deck = _decks(at)[0]
    assert deck["mapStyle"] == "/app/static/blank_style.json"
    outlines = next(layer for layer in deck["layers"] if layer["id"] == "county-outlines")
    assert len(outlines["data"]["features"]) == 95
    points = [layer for layer in deck["layers"] if layer["id"].startswith("facilities-")]
    assert points and all(p["data"] for p in points)
    tip = points[-1]["data"][0]
    assert tip["metric"] in ("养老机构", "街道综合养老服务中心") and "床位" in tip["value_text"]
    # only care homes and centres above county level
    assert {p["id"] for p in points} <= {"facilities-0", "facilities-1"}
    assert "gov-facility-legend" in _text(at)
    # trend (3) + gap chart + operator models (2)
    figs = _plotly(at)
    assert len(figs) == 6
    ops = next(f for f in figs if f["layout"]["title"]["text"] == _zh("elderly.ops_cost_title"))
    assert {tr["name"] for tr in ops["data"]} == {"公办公营", "公建民营", "民办"}


def test_elderly_county_and_filter_change(app):
    prov = _cards(app("pages/elderly.py"))
    at = app("pages/elderly.py", region=COUNTY)
    county = _cards(at)
    label = _zh("elderly.col.meals_per_month")
    assert county[label] != prov[label] and county != prov
    # a county is compared with its city's counties (the table) and mapped alone, with every facility type
    assert len(at.dataframe[0].value) == len(SUZHOU_COUNTIES)
    deck = _decks(at)[0]
    outlines = next(layer for layer in deck["layers"] if layer["id"] == "county-outlines")
    assert [f["properties"]["code"] for f in outlines["data"]["features"]] == [COUNTY]
    assert at.multiselect(key="eld_map_types").value  # all types present are chosen
    # a period change changes the flows
    meals = _zh("elderly.col.meals_per_month")
    before = county[meals]
    months = at.selectbox(key="flt_start").options
    at.selectbox(key="flt_start").set_value(at.selectbox(key="flt_end").value).run()
    assert not at.exception
    assert _cards(at)[meals] != before
    assert months  # the period widget exists
    # the region widget: back to the whole city of 苏州
    at.selectbox(key="flt_county").set_value("").run()
    assert not at.exception
    assert len(at.dataframe[0].value) == len(SUZHOU_COUNTIES)
    assert _cards(at)[label] != _cards(app("pages/elderly.py", region=COUNTY))[label]  # the city's figures


def test_elderly_gap_finder_indicator_switch(app):
    at = app("pages/elderly.py")
    radio = at.radio(key="eld_gap_kpi")
    assert radio.value == "beds_per_1000_elderly"
    tables = [df.value for df in at.dataframe]
    gap = tables[1]
    assert _zh("elderly.action.beds_needed") in gap.columns and 1 <= len(gap) <= 10
    radio.set_value("nursing_bed_pct").run()
    assert not at.exception
    gap2 = next(df.value for df in at.dataframe if _zh("elderly.action.nursing_beds_needed") in df.value.columns)
    assert _zh("elderly.action.nursing_beds_needed_after") in gap2.columns


def test_elderly_map_type_filter(app):
    at = app("pages/elderly.py", region=COUNTY)
    ms = at.multiselect(key="eld_map_types")
    all_types = list(ms.value)
    assert "助餐点" in all_types
    ms.set_value(["养老机构"]).run()
    assert not at.exception
    ids = [layer["id"] for layer in _decks(at)[0]["layers"] if layer["id"].startswith("facilities-")]
    assert ids == ["facilities-0"]


def test_elderly_english(app):
    at = app("pages/elderly.py", lang="en")
    assert _titles(at) == [_en("page.elderly")]
    cards = _cards(at)
    assert _en("elderly.col.beds_per_1000_elderly") in cards and _en("elderly.gap_beds") in cards
    assert not any(re.search(r"[\u4e00-\u9fff]", label) for label in cards)
    table = at.dataframe[0].value
    assert list(table.columns[:2]) == ["County / district", "City"]
    assert "Nanjing" in set(table["City"])
    assert at.radio(key="eld_gap_kpi").options[0] == _en("elderly.kpi.beds_per_1000_elderly")
    deck = _decks(at)[0]
    tip = [layer for layer in deck["layers"] if layer["id"].startswith("facilities-")][-1]["data"][0]
    assert tip["metric"] in ("Care home", "Sub-district elderly care centre") and "beds" in tip["value_text"]
    ops = next(f for f in _plotly(at) if f["layout"]["title"]["text"] == _en("elderly.ops_cost_title"))
    assert {tr["name"] for tr in ops["data"]} == {"Public, publicly run", "Public, privately run", "Private"}
    # the language switch in the sidebar goes back to Chinese without an error
    at.radio(key="flt_lang").set_value("zh").run()
    assert not at.exception and _titles(at) == [_zh("page.elderly")]


# ================================================================================================ 社区服务
def test_community_province(app):
    at = app("pages/community.py")
    assert _titles(at) == [_zh("page.community")]
    cards = _cards(at)
    for key in ("community.kpi.participation", "community.kpi.accuracy", "community.kpi.adoption"):
        assert re.fullmatch(r"\d+\.\d%", cards[_zh(key)]), (key, cards)
    text = _text(at)
    assert _zh("community.waste_heading") in text and _zh("community.council_heading") in text
    figs = _plotly(at)
    titles = [f["layout"]["title"]["text"] for f in figs]
    assert _zh("community.tonnes_title") in titles and _zh("community.smart_vs_title") in titles
    tonnes = figs[titles.index(_zh("community.tonnes_title"))]
    assert [tr["name"] for tr in tonnes["data"]] == ["厨余垃圾", "可回收物", "有害垃圾", "其他垃圾"]
    assert any(t.startswith(_zh("community.before_after_title").split("{")[0]) for t in titles)
    scatter = next(f for f in figs if f["data"][0].get("mode", "").startswith("markers"))
    assert len(scatter["data"][0]["customdata"]) > 50  # one point per county
    deck = _decks(at)[0]
    regions = next(layer for layer in deck["layers"] if layer["id"] == "regions")
    assert len(regions["data"]["features"]) == 95 and deck["mapStyle"] == "/app/static/blank_style.json"
    props = regions["data"]["features"][0]["properties"]
    assert props["metric"] == _zh("community.metric.waste_accuracy_pct") and props["value_text"].endswith("%")


def test_community_county_and_filter_change(app):
    prov = _cards(app("pages/community.py"))
    at = app("pages/community.py", region=COUNTY)
    cards = _cards(at)
    acc = _zh("community.kpi.accuracy")
    assert cards[acc] != prov[acc] or cards[_zh("community.kpi.participation")] != prov[_zh("community.kpi.participation")]
    # the map shows the city's counties with the current one outlined; the scatter compares them
    deck = _decks(at)[0]
    regions = next(layer for layer in deck["layers"] if layer["id"] == "regions")
    assert sorted(f["properties"]["code"] for f in regions["data"]["features"]) == SUZHOU_COUNTIES
    assert any(layer["id"] == "selected-outline" for layer in deck["layers"])
    scatter = next(f for f in _plotly(at) if f["data"][0].get("mode", "").startswith("markers"))
    colors = scatter["data"][0]["marker"]["color"]
    assert colors.count("#c62828") == 1  # the current county in red
    # map metric switch
    at.radio(key="cmt_map_metric").set_value("waste_participation_pct").run()
    assert not at.exception
    regions = next(layer for layer in _decks(at)[0]["layers"] if layer["id"] == "regions")
    assert regions["data"]["features"][0]["properties"]["metric"] == _zh("community.metric.waste_participation_pct")
    # period change changes the numbers
    before = _cards(at)
    at.selectbox(key="flt_start").set_value(at.selectbox(key="flt_end").value).run()
    assert not at.exception
    after = _cards(at)
    assert after[_zh("community.kpi.meetings")] != before[_zh("community.kpi.meetings")]
    # scatter y switch
    at.radio(key="cmt_scatter_y").set_value("elderly_satisfaction_pct").run()
    assert not at.exception


def test_community_english(app):
    at = app("pages/community.py", lang="en")
    assert _titles(at) == [_en("page.community")]
    cards = _cards(at)
    assert _en("community.kpi.accuracy") in cards and _en("community.kpi.adoption") in cards
    figs = _plotly(at)
    tonnes = next(f for f in figs if f["layout"]["title"]["text"] == _en("community.tonnes_title"))
    assert [tr["name"] for tr in tonnes["data"]] == ["Kitchen waste", "Recyclables", "Hazardous", "Other (residual)"]
    trend = next(f for f in figs if f["layout"]["title"]["text"] == _en("community.council_trend_title"))
    names = " ".join(tr["name"] for tr in trend["data"])
    assert "Community consultation council" in names and "居民" not in names
    assert trend["layout"]["xaxis"]["tickformat"] == "%b %Y"  # English months on the axis


# ================================================================================================ 创新案例库
def _case_cards(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if 'data-testid="gov-case-card"' in m.value]


def test_cases_province(app, con):
    at = app("pages/cases.py")
    assert _titles(at) == [_zh("page.cases")]
    assert _zh("cases.disclaimer") in [w.value for w in at.warning]
    n = con.execute("SELECT count(*) FROM innovation_cases").fetchone()[0]
    cards = _case_cards(at)
    assert len(cards) == n
    assert all("★" in c or "☆" in c for c in cards)
    assert any("data-improved=\"true\"" in c for c in cards)
    # every card links to its county on the grid map, keeping the other filters
    links = at.main.get("page_link")
    assert len(links) == n
    qs = parse_qs(links[0].proto.query_string)
    assert qs["region"][0] in {c.code for c in counties()} and qs["lang"] == ["zh"] and "start" in qs
    assert links[0].proto.page.endswith("grid") or "grid" in links[0].proto.page


def test_cases_filters_search_and_showcase(app, con):
    at = app("pages/cases.py")
    total = len(_case_cards(at))
    at.multiselect(key="cases_cat").set_value(["养老服务"]).run()
    assert not at.exception
    eld = _case_cards(at)
    assert 0 < len(eld) < total and all("养老服务" in c for c in eld)
    at.multiselect(key="cases_cat").set_value([]).run()
    at.text_input(key="cases_search").input("垃圾").run()
    found = _case_cards(at)
    assert 0 < len(found) < total
    at.text_input(key="cases_search").input("没有这个词xyz").run()
    assert not _case_cards(at) and _zh("cases.none") in _text(at)
    at.text_input(key="cases_search").input("").run()
    # city filter
    city = con.execute("SELECT left(county_code, 4) || '00' c FROM innovation_cases GROUP BY 1 ORDER BY count(*) DESC, 1"
                       ).fetchone()[0]
    at.selectbox(key="cases_city").set_value(city).run()
    assert not at.exception and 0 < len(_case_cards(at)) < total, city
    at.selectbox(key="cases_city").set_value("").run()
    # presentation mode: one large case, next / previous
    at.toggle(key="cases_showcase").set_value(True).run()
    assert not at.exception
    first = _case_cards(at)
    assert len(first) == 1 and "3.6rem" in first[0]
    assert _zh("cases.disclaimer") in [w.value for w in at.warning]  # the disclaimer stays
    at.button(key="cases_next").click().run()
    second = _case_cards(at)
    assert len(second) == 1 and second[0] != first[0]
    at.button(key="cases_prev").click().run()
    assert _case_cards(at) == first
    assert len(at.main.get("page_link")) == 1


def test_cases_county_and_english(app, con):
    county, n = con.execute("SELECT county_code, count(*) n FROM innovation_cases GROUP BY 1 ORDER BY n DESC, 1 LIMIT 1"
                            ).fetchone()
    at = app("pages/cases.py", region=county)
    assert len(_case_cards(at)) == n
    link = at.main.get("page_link")[0]
    assert parse_qs(link.proto.query_string)["region"] == [county]
    empty_county = next(c.code for c in counties()
                        if c.code not in {r[0] for r in con.execute("SELECT county_code FROM innovation_cases").fetchall()})
    at2 = app("pages/cases.py", region=empty_county)
    assert not _case_cards(at2) and _zh("cases.disclaimer") in [w.value for w in at2.warning]
    en = app("pages/cases.py", lang="en")
    assert _titles(en) == [_en("page.cases")] and _en("cases.disclaimer") in [w.value for w in en.warning]
    cards = _case_cards(en)
    assert cards and any("Replicability" in c for c in cards)
    assert any(re.search(r": [A-Z“]", c) for c in cards)  # English titles "县名: Title"
    assert all(re.search(r"(Before|After)", c) for c in cards)
    assert _en("cases.showcase") == en.toggle(key="cases_showcase").label
