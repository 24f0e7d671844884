"""The elderly-care gap finder (governance/core/indicators/elderly_gaps.py) on hand-built rows whose answers are known
by construction, the 养老服务 page's text and table formats (governance/app/views/elderly.py), and the facility map
(governance/app/maps.py). The rates themselves are SQL's: tests/test_community_queries.py checks them."""

from __future__ import annotations

import json
import re

import pandas as pd
import pydeck as pdk
import pytest

from governance.app import maps
from governance.app.views import elderly as view
from governance.core.indicators import elderly_gaps as gaps
from governance.core.indicators import kpis
from governance.i18n import use_lang


def _county(code, name, **kw) -> dict:
    """A row of queries/elderly_indicators.sql (group_level 'county'): the counts the gap finder reads and the rates
    the query computed."""
    base = dict(group_code=code, county_name=name, city_code="320100", city_name="南京市", city_name_en="Nanjing",
                residents_60plus=0, communities=0, streets=0, streets_without_centre=0, meal_points=0, beds=0,
                nursing_beds=0, occupied_beds=0, institution_beds=0, institution_nursing_beds=0,
                meals_per_day_at_points=None,
                **{k: None for k in view.KPIS})
    base.update(kw)
    return base


@pytest.fixture
def ind() -> pd.DataFrame:
    return pd.DataFrame([
        # A: 30 beds per 1,000 (target 35); 300 beds, 250 of them in 养老机构 with 140 nursing beds (the other 50
        #    are community stations' with 10 nursing beds, outside the share): 140 / 250 = 56 % nursing (60);
        #    60 % occupancy (70), 1 of 4 streets without a centre, 0.3 meal points per community (0.5), 50 meals
        #    per point and day (60), satisfaction 92 (95)
        _county("320102", "甲县", residents_60plus=10_000, communities=20, streets=4, streets_without_centre=1,
                meal_points=6, beds=300, nursing_beds=150, occupied_beds=180, institution_beds=250,
                institution_nursing_beds=140, meals_per_day_at_points=300.0,
                beds_per_1000_elderly=30.0, nursing_bed_pct=56.0, occupancy_pct=60.0, street_centre_pct=75.0,
                meal_points_per_community=0.3, meals_per_point_day=50.0, elderly_satisfaction_pct=92.0),
        # B: meets every target (institutions: 234 nursing of 360 beds = 65 %)
        _county("320104", "乙县", residents_60plus=10_000, communities=10, streets=2, meal_points=6, beds=400,
                nursing_beds=260, occupied_beds=300, institution_beds=360, institution_nursing_beds=234,
                meals_per_day_at_points=480.0, beds_per_1000_elderly=40.0,
                nursing_bed_pct=65.0, occupancy_pct=75.0, street_centre_pct=100.0, meal_points_per_community=0.6,
                meals_per_point_day=80.0, elderly_satisfaction_pct=96.0),
        # C: no beds, no 街道, no meal point, no services; 3 communities (1.5 points needed -> 2)
        _county("320105", "丙县", residents_60plus=5_000, communities=3, beds_per_1000_elderly=0.0,
                meal_points_per_community=0.0),
        # D: exactly on target (35 per 1,000, 60 % nursing, 70 % occupancy, 60 meals per point and day)
        _county("320106", "丁县", residents_60plus=2_000, communities=2, streets=1, meal_points=1, beds=70,
                nursing_beds=42, occupied_beds=49, institution_beds=70, institution_nursing_beds=42,
                meals_per_day_at_points=60.0, beds_per_1000_elderly=35.0,
                nursing_bed_pct=60.0, occupancy_pct=70.0, street_centre_pct=100.0, meal_points_per_community=0.5,
                meals_per_point_day=60.0, elderly_satisfaction_pct=95.0),
    ])


# ------------------------------------------------------------------------------------------------ gap finder
def test_gap_actions_known_answers(ind):
    g = gaps.gap_actions(ind).set_index("group_code")
    a, b, c, d = (g.loc[k] for k in ("320102", "320104", "320105", "320106"))
    # beds needed = 35 × elderly / 1000 − beds
    assert (a.beds_needed, b.beds_needed, c.beds_needed, d.beds_needed) == (50, 0, 175, 0)
    # nursing, over institution beds only: 60 % × 250 − 140 = 10; after adding the 50 missing beds as institution
    # beds: 60 % × (250 + 50) − 140 = 40 (over all beds it would have been 60 % × 300 − 150 = 30 and 60)
    assert (a.nursing_beds_needed, a.nursing_beds_needed_after) == (10, 40)
    assert (b.nursing_beds_needed, c.nursing_beds_needed, c.nursing_beds_needed_after) == (0, 0, 105)
    assert (d.nursing_beds_needed, d.nursing_beds_needed_after) == (0, 0)
    # occupancy 70 % × 300 − 180
    assert (a.residents_needed, b.residents_needed, d.residents_needed) == (30, 0, 0)
    assert (a.streets_without_centre, b.streets_without_centre, c.streets_without_centre) == (1, 0, 0)
    # meal points = ⌈communities × 0.5 − points⌉
    assert (a.meal_points_needed, b.meal_points_needed, c.meal_points_needed, d.meal_points_needed) == (4, 0, 2, 0)
    # meals: 60 per point and day × 6 points − 300 a day
    assert (a.meals_per_day_needed, b.meals_per_day_needed, c.meals_per_day_needed) == (60, 0, 0)
    assert a.satisfaction_gap_pp == pytest.approx(3.0) and b.satisfaction_gap_pp == 0 and c.satisfaction_gap_pp == 0
    assert (g[list(gaps.GAP_ACTIONS.values())] >= 0).all().all()


def test_ceil_tolerates_float_noise():
    assert gaps.ceil_positive([34.0000000001, 33.2, -5.0, float("nan")]).tolist() == [34, 34, 0, 0]


def test_furthest_from_target_order_and_actions(ind):
    g = gaps.gap_actions(ind)
    beds = gaps.furthest_from_target(g, "beds_per_1000_elderly")
    # 丙县 (0 of 35) before 甲县 (30 of 35); 乙县 above and 丁县 exactly on target are not listed
    assert list(beds.county_code) == ["320105", "320102"]
    assert beds.shortfall.tolist() == pytest.approx([35.0, 5.0])
    assert beds.relative_shortfall.tolist() == pytest.approx([1.0, 5 / 35])
    assert beds.action.tolist() == [175, 50]
    assert beds.status.tolist() == ["red", "amber"]  # amber from 30
    nursing = gaps.furthest_from_target(g, "nursing_bed_pct")
    assert list(nursing.county_code) == ["320102"]  # 丙县 has no beds: no share, left out
    assert nursing.action.tolist() == [10] and nursing.action_after.tolist() == [40]
    meal = gaps.furthest_from_target(g, "meal_points_per_community", n=1)
    assert list(meal.county_code) == ["320105"] and meal.action.tolist() == [2]
    streets = gaps.furthest_from_target(g, "street_centre_pct")
    assert list(streets.county_code) == ["320102"] and streets.action.tolist() == [1]
    meals = gaps.furthest_from_target(ind, "meals_per_point_day")  # computes the actions itself when missing
    assert list(meals.county_code) == ["320102"] and meals.action.tolist() == [60] and meals.status.tolist() == ["amber"]
    assert gaps.furthest_from_target(g.iloc[0:0], "beds_per_1000_elderly").empty
    with pytest.raises(KeyError):
        gaps.furthest_from_target(g, "meals_per_month")  # a volume: no target, no gap


def test_gap_summary_totals(ind):
    s = gaps.gap_summary(ind)
    assert s["beds_needed"] == 225 and s["nursing_beds_needed_after"] == 40 + 105
    assert s["meal_points_needed"] == 6 and s["streets_without_centre"] == 1 and s["residents_needed"] == 30
    assert s["meals_per_day_needed"] == 60
    assert s["below_beds_per_1000_elderly"] == 2 and s["below_nursing_bed_pct"] == 1
    assert s["below_elderly_satisfaction_pct"] == 1 and s["below_meals_per_point_day"] == 1 and s["counties"] == 4
    assert gaps.gap_summary(ind.iloc[0:0]) == {}


# ------------------------------------------------------------------------------------------------ status and text
def test_status_against_the_targets():
    assert kpis.kpi_status("beds_per_1000_elderly", 36) == "green"
    assert kpis.kpi_status("beds_per_1000_elderly", 31) == "amber"
    assert kpis.kpi_status("beds_per_1000_elderly", 20) == "red"
    # domain.md §4: a meal point serves 60–120 meals a day; amber from 40
    assert kpis.kpi_status("meals_per_point_day", 60) == "green"
    assert kpis.kpi_status("meals_per_point_day", 59) == "amber"
    assert kpis.kpi_status("meals_per_point_day", 30) == "red"
    assert kpis.kpi_status("home_visits_per_month", 10) == "none"  # a volume: no target
    assert kpis.kpi_status("beds_per_1000_elderly", None) == "none"
    assert kpis.kpi_status("beds_per_1000_elderly", float("nan")) == "none"


def test_value_and_target_text():
    assert view.value_text("beds_per_1000_elderly", 33.456, lang="zh") == "33.5 张/千名老人"
    assert view.value_text("beds_per_1000_elderly", 33.456, lang="zh", unit=False) == "33.5"
    assert view.value_text("nursing_bed_pct", 58.99, lang="en") == "59.0%"  # percentages carry no unit word
    assert view.value_text("meal_points_per_community", 0.5104, lang="zh") == "0.51 个/村（社区）"
    assert view.value_text("meals_per_month", 87_000, lang="zh") == "87,000 份/月"
    assert view.value_text("meals_per_month", 123_456, lang="zh", unit=False) == "12.3万"
    assert view.value_text("meals_per_month", None) == "—"
    assert view.target_value_text("meals_per_month") == "—"
    with use_lang("en"):
        assert view.target_text("beds_per_1000_elderly") == "Target: ≥ 35.0 per 1,000"
        assert view.target_text("meals_per_point_day") == "Target: ≥ 60 meals / day"
        assert view.target_text("home_visits_per_month").startswith("No target")


def test_county_table_colours(ind):
    sty, plain = view.county_table(ind, lang="en", highlight="320102")
    assert list(plain.columns[:2]) == ["County / district", "City"]
    assert plain["City"].tolist() == ["Nanjing"] * 4
    assert "Beds per 1,000 aged 60+" in plain.columns
    html = sty.to_html()
    assert "#fbe0e0" in html and "#e3f1e4" in html and "#fff1cc" in html  # red, green and amber cells
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", html)  # CSS rules of the table: selectors and declarations
    bold_rows = {int(r) for sel, body in rules if "font-weight: 700" in body for r in re.findall(r"_row(\d+)_", sel)}
    assert bold_rows == {0}  # the highlighted county only
    assert ">30.0<" in html and ">0.30<" in html and ">—<" in html  # values in their format, missing as —


# ------------------------------------------------------------------------------------------------ facility map
@pytest.fixture
def facilities() -> pd.DataFrame:
    """Rows of queries/elderly_facilities_map.sql."""
    return pd.DataFrame([
        dict(facility_id="F1", name="甲颐养院", facility_type="养老机构", operator_model="公建民营", beds=100,
             nursing_beds=60, occupied_beds=75, occupancy_pct=75.0, annual_operating_cost=100.0, lon=118.8,
             lat=32.05, county_code="320102", county_name="玄武区"),
        dict(facility_id="F2", name="乙助餐点", facility_type="助餐点", operator_model="民办", beds=0, nursing_beds=0,
             occupied_beds=0, occupancy_pct=None, annual_operating_cost=10.0, lon=118.81, lat=32.06,
             county_code="320102", county_name="玄武区"),
    ])


def test_facility_deck_offline_and_tooltips(facilities):
    deck = maps.PrebuiltDeck(maps.facility_deck(facilities, ["320102"], focus="320102", highlight="320102", lang="zh"))
    spec = json.loads(deck.to_json())
    assert spec["mapStyle"] == "/app/static/blank_style.json"
    assert "http" not in deck.to_json()
    ids = [layer["id"] for layer in spec["layers"]]
    assert ids == ["county-outlines", "facilities-3", "facilities-0"]  # meal points below, care homes on top
    points = {layer["id"]: layer for layer in spec["layers"][1:]}
    home = points["facilities-0"]["data"][0]
    assert home["metric"] == "养老机构" and home["value_text"] == "床位 100 张（护理型 60）· 入住率 75.0%"
    assert home["detail"] == "公建民营 · 玄武区" and home["fill"][:3] == [224, 123, 0]
    factor = maps.radius_factor(spec["initialViewState"]["zoom"])
    assert home["radius"] == pytest.approx(4 + factor * 10, abs=0.01)  # base 4 px + factor·√100
    meal = points["facilities-3"]
    assert meal["data"][0]["radius"] == pytest.approx(3.5) and meal["data"][0]["value_text"].startswith("无床位")
    assert meal["filled"] is False  # meal points are rings
    en = json.loads(maps.PrebuiltDeck(maps.facility_deck(facilities, ["320102"], lang="en")).to_json())
    assert en["layers"][-1]["data"][0]["metric"] == "Care home"
    legend = maps.facility_legend_html(["养老机构", "助餐点"], lang="zh")
    assert "公办公营" in legend and "助餐点" in legend and "社区居家养老服务站" not in legend


def test_radius_grows_with_zoom_within_bounds():
    assert maps.radius_factor(6.0) == 0.3 and maps.radius_factor(9.5) == 0.9
    assert 0.3 < maps.radius_factor(7.5) < 0.9


def test_prebuilt_deck_is_pydecks_json_compact():
    """The one deck serialiser: the same content as pydeck's own JSON, without indentation, Chinese kept as is."""
    deck = pdk.Deck(layers=[pdk.Layer("ScatterplotLayer", data=[{"position": [118.8, 32.0], "name": "颐养院"}],
                                      id="p", get_position="position")],
                    initial_view_state=pdk.ViewState(longitude=118.8, latitude=32.0, zoom=9),
                    map_style=maps.BLANK_STYLE, map_provider=None, tooltip={"html": "{name}"})
    pre = maps.PrebuiltDeck(deck)
    assert json.loads(pre.to_json()) == json.loads(deck.to_json())
    assert "\n" not in pre.to_json() and "颐养院" in pre.to_json()
    assert pre._tooltip == {"html": "{name}"} and pre.layers is None
