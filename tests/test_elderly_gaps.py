"""Elderly-care indicators, target gaps and operator-model costs (governance/app/elderly.py) on hand-built frames whose
answers are known by construction, plus the facility map; and the page's formulas against kpis_by_region."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from governance.app import elderly as eld
from governance.core.thresholds import TARGETS


def _county(code, name, **kw) -> dict:
    base = dict(county_code=code, county_name=name, city_code="320100", city_name="南京市", city_name_en="Nanjing",
                residents_60plus=0, communities=0, streets=0, streets_with_centre=0, facilities=0, institutions=0,
                street_centres=0, community_stations=0, meal_points=0, beds=0, nursing_beds=0, occupied_beds=0,
                annual_operating_cost=0.0, meals_served=0, meals_at_points=0, home_visits=0, people_served=0,
                satisfaction_x_people=0.0, operating_cost=0.0, service_months=12)
    base.update(kw)
    return base


@pytest.fixture
def counts() -> pd.DataFrame:
    return pd.DataFrame([
        # A: 30 beds per 1,000 (target 35), 50 % nursing (60), 60 % occupancy (70), 3 of 4 streets with a centre,
        #    0.3 meal points per community (0.5), 50 meals per point and day (60), satisfaction 92 (95)
        _county("320102", "甲县", residents_60plus=10_000, communities=20, streets=4, streets_with_centre=3,
                meal_points=6, beds=300, nursing_beds=150, occupied_beds=180,
                meals_served=6 * 50 * 30.4 * 12 + 1000, meals_at_points=6 * 50 * 30.4 * 12, home_visits=1200,
                people_served=1200, satisfaction_x_people=1200 * 92.0),
        # B: meets every target
        _county("320104", "乙县", residents_60plus=10_000, communities=10, streets=2, streets_with_centre=2,
                meal_points=6, beds=400, nursing_beds=260, occupied_beds=300,
                meals_served=6 * 80 * 30.4 * 12, meals_at_points=6 * 80 * 30.4 * 12, home_visits=600,
                people_served=500, satisfaction_x_people=500 * 96.0),
        # C: no beds, no 街道, no meal point; 3 communities (1.5 points needed -> 2)
        _county("320105", "丙县", residents_60plus=5_000, communities=3, streets=0, streets_with_centre=0,
                people_served=0, service_months=0),
        # D: exactly on target (35 per 1,000, 60 % nursing, 70 % occupancy)
        _county("320106", "丁县", residents_60plus=2_000, communities=2, streets=1, streets_with_centre=1,
                meal_points=1, beds=70, nursing_beds=42, occupied_beds=49, meals_at_points=60 * 30.4 * 12,
                meals_served=60 * 30.4 * 12, people_served=100, satisfaction_x_people=100 * 95.0),
    ])


def test_indicators(counts):
    ind = eld.elderly_indicators(counts).set_index("county_code")
    a = ind.loc["320102"]
    assert a.beds_per_1000_elderly == pytest.approx(30.0)
    assert a.nursing_bed_pct == pytest.approx(50.0)
    assert a.occupancy_pct == pytest.approx(60.0)
    assert a.street_centre_pct == pytest.approx(75.0)
    assert a.meal_points_per_community == pytest.approx(0.3)
    assert a.meals_per_point_day == pytest.approx(50.0)
    assert a.meals_per_month == pytest.approx((6 * 50 * 30.4 * 12 + 1000) / 12)
    assert a.home_visits_per_month == pytest.approx(100.0)
    assert a.elderly_satisfaction_pct == pytest.approx(92.0)
    c = ind.loc["320105"]
    assert c.beds_per_1000_elderly == 0
    # no denominator -> missing, never a division error or 0
    assert pd.isna(c.nursing_bed_pct) and pd.isna(c.street_centre_pct) and pd.isna(c.meals_per_month)
    assert pd.isna(c.elderly_satisfaction_pct) and pd.isna(c.meals_per_point_day)


def test_gap_actions_known_answers(counts):
    g = eld.gap_actions(eld.elderly_indicators(counts)).set_index("county_code")
    a, b, c, d = (g.loc[k] for k in ("320102", "320104", "320105", "320106"))
    # beds needed = target × elderly / 1000 − beds
    assert (a.beds_needed, b.beds_needed, c.beds_needed, d.beds_needed) == (50, 0, 175, 0)
    # nursing = 60 % × beds − nursing; after adding the missing beds: 60 % × (300 + 50) − 150
    assert (a.nursing_beds_needed, a.nursing_beds_needed_after) == (30, 60)
    assert (b.nursing_beds_needed, c.nursing_beds_needed, c.nursing_beds_needed_after) == (0, 0, 105)
    assert (d.nursing_beds_needed, d.nursing_beds_needed_after) == (0, 0)
    # occupancy 70 % × 300 − 180
    assert (a.residents_needed, b.residents_needed, d.residents_needed) == (30, 0, 0)
    assert (a.streets_without_centre, b.streets_without_centre, c.streets_without_centre) == (1, 0, 0)
    # meal points = ceil(communities × 0.5 − points)
    assert (a.meal_points_needed, b.meal_points_needed, c.meal_points_needed, d.meal_points_needed) == (4, 0, 2, 0)
    # meals: 60 per point and day × 6 points − 300 a day
    assert (a.meals_per_day_needed, b.meals_per_day_needed, c.meals_per_day_needed) == (60, 0, 0)
    assert a.satisfaction_gap_pp == pytest.approx(3.0) and b.satisfaction_gap_pp == 0
    assert (g[list(eld.GAP_ACTIONS.values())] >= 0).all().all()


def test_ceil_tolerates_float_noise():
    s = eld._ceil_pos(pd.Series([34.0000000001, 33.2, -5.0, float("nan")]))
    assert s.tolist() == [34, 34, 0, 0]


def test_furthest_from_target_order_and_actions(counts):
    ind = eld.gap_actions(eld.elderly_indicators(counts))
    beds = eld.furthest_from_target(ind, "beds_per_1000_elderly")
    # 丙县 (0 of 35) before 甲县 (30 of 35); 乙县 above and 丁县 exactly on target are not listed
    assert list(beds.county_code) == ["320105", "320102"]
    assert beds.shortfall.tolist() == pytest.approx([35.0, 5.0])
    assert beds.relative_shortfall.tolist() == pytest.approx([1.0, 5 / 35])
    assert beds.action.tolist() == [175, 50]
    assert beds.status.tolist() == ["red", "amber"]  # amber from 30
    nursing = eld.furthest_from_target(ind, "nursing_bed_pct")
    assert list(nursing.county_code) == ["320102"]  # 丙县 has no beds: no share, left out
    assert nursing.action.tolist() == [30] and nursing.action_after.tolist() == [60]
    meal = eld.furthest_from_target(ind, "meal_points_per_community", n=1)
    assert list(meal.county_code) == ["320105"] and meal.action.tolist() == [2]
    streets = eld.furthest_from_target(ind, "street_centre_pct")
    assert list(streets.county_code) == ["320102"] and streets.action.tolist() == [1]
    assert eld.furthest_from_target(ind.iloc[0:0], "beds_per_1000_elderly").empty


def test_gap_summary_totals(counts):
    s = eld.gap_summary(eld.elderly_indicators(counts))
    assert s["beds_needed"] == 225 and s["nursing_beds_needed_after"] == 60 + 105
    assert s["meal_points_needed"] == 6 and s["streets_without_centre"] == 1 and s["residents_needed"] == 30
    assert s["below_beds_per_1000_elderly"] == 2 and s["below_nursing_bed_pct"] == 1
    assert s["below_elderly_satisfaction_pct"] == 1 and s["counties"] == 4


def test_totals_are_ratios_of_sums(counts):
    tot = eld.elderly_totals(counts).iloc[0]
    assert tot.beds == 770 and tot.residents_60plus == 27_000
    assert tot.beds_per_1000_elderly == pytest.approx(1000 * 770 / 27_000)
    assert tot.nursing_bed_pct == pytest.approx(100 * 452 / 770)
    assert tot.street_centre_pct == pytest.approx(100 * 6 / 7)
    assert tot.elderly_satisfaction_pct == pytest.approx((1200 * 92 + 500 * 96 + 100 * 95) / 1800)
    assert tot.service_months == 12


def test_status_and_local_meal_target():
    assert eld.kpi_status("beds_per_1000_elderly", 36) == "green"
    assert eld.kpi_status("beds_per_1000_elderly", 31) == "amber"
    assert eld.kpi_status("beds_per_1000_elderly", 20) == "red"
    assert eld.kpi_status("meals_per_point_day", 59) == "amber"
    assert eld.kpi_status("meals_per_point_day", 30) == "red"
    assert eld.kpi_status("home_visits_per_month", 10) == "none"  # no target
    assert eld.kpi_status("beds_per_1000_elderly", None) == "none"
    assert eld.target_for("nursing_bed_pct") is TARGETS["nursing_bed_pct"]


def test_fmt_kpi_and_target_text():
    from governance.i18n import use_lang

    assert eld.fmt_kpi("beds_per_1000_elderly", 33.456, lang="zh") == "33.5 张/千名老人"
    assert eld.fmt_kpi("nursing_bed_pct", 58.99, lang="en") == "59.0%"
    assert eld.fmt_kpi("meal_points_per_community", 0.5104, lang="zh") == "0.51 个/村（社区）"
    assert eld.fmt_kpi("meals_per_month", None) == "—"
    with use_lang("en"):
        assert eld.target_text("beds_per_1000_elderly") == "Target: ≥ 35.0 per 1,000"
        assert eld.target_text("home_visits_per_month").startswith("No target")


def test_county_table_colours(counts):
    ind = eld.elderly_indicators(counts)
    sty, plain = eld.county_table(ind, lang="en", highlight="320102")
    assert list(plain.columns[:2]) == ["County / district", "City"]
    assert "Beds per 1,000 aged 60+" in plain.columns
    html = sty.to_html()
    assert "#fbe0e0" in html and "#e3f1e4" in html  # red and green cells
    assert "font-weight: 700" in html


# ------------------------------------------------------------------------------------------------ operator models
def test_operator_comparison_cost_per_person():
    raw = pd.DataFrame([
        # 公办公营 care home: 120万 a year (10万 a month × 12 months), 100 people a month -> 12,000 元 per person-year
        dict(facility_type="养老机构", operator_model="公办公营", facility_months=12, months=12, people_served=1200,
             satisfaction_x_people=1200 * 95.0, operating_cost=120.0, meals_served=0, home_visits=0),
        # 民办 care home: same cost, twice the people -> 6,000 元
        dict(facility_type="养老机构", operator_model="民办", facility_months=12, months=12, people_served=2400,
             satisfaction_x_people=2400 * 90.0, operating_cost=120.0, meals_served=0, home_visits=0),
        # 民办 meal point: 12万 a year for 200 people a month -> 600 元
        dict(facility_type="助餐点", operator_model="民办", facility_months=12, months=12, people_served=2400,
             satisfaction_x_people=2400 * 96.0, operating_cost=12.0, meals_served=100, home_visits=0),
    ])
    by_type = eld.operator_comparison(raw, by=("facility_type", "operator_model"))
    got = {(r.facility_type, r.operator_model): round(r.cost_per_person_yuan, 6) for r in by_type.itertuples()}
    assert got == {("养老机构", "公办公营"): 12_000.0, ("养老机构", "民办"): 6_000.0, ("助餐点", "民办"): 600.0}
    assert list(by_type.facility_type) == ["养老机构", "养老机构", "助餐点"]
    overall = eld.operator_comparison(raw).set_index("operator_model")
    assert list(overall.index) == ["公办公营", "民办"]  # fixed order: 公办公营, 公建民营, 民办
    assert overall.loc["民办", "cost_per_person_yuan"] == pytest.approx(12 * 132 / 4800 * 10_000)
    assert overall.loc["民办", "satisfaction_pct"] == pytest.approx(93.0)
    assert eld.operator_comparison(raw.iloc[0:0]).empty


# ------------------------------------------------------------------------------------------------ facility map
def test_facility_deck_offline_and_tooltips():
    df = pd.DataFrame([
        dict(facility_id="F1", name="甲颐养院", facility_type="养老机构", operator_model="公建民营", beds=100,
             nursing_beds=60, occupied_beds=75, annual_operating_cost=100.0, lon=118.8, lat=32.05,
             county_code="320102", county_name="玄武区"),
        dict(facility_id="F2", name="乙助餐点", facility_type="助餐点", operator_model="民办", beds=0, nursing_beds=0,
             occupied_beds=0, annual_operating_cost=10.0, lon=118.81, lat=32.06, county_code="320102",
             county_name="玄武区"),
    ])
    deck = eld.facility_deck(df, ["320102"], focus="320102", highlight="320102", lang="zh")
    spec = json.loads(deck.to_json())
    assert spec["mapStyle"] == "/app/static/blank_style.json"
    assert "http" not in deck.to_json()
    ids = [layer["id"] for layer in spec["layers"]]
    assert ids[0] == "county-outlines" and len(ids) == 3
    points = {layer["id"]: layer["data"] for layer in spec["layers"][1:]}
    home = points["facilities-0"][0]
    assert home["metric"] == "养老机构" and home["value_text"] == "床位 100 张（护理型 60）· 入住率 75.0%"
    assert home["detail"] == "公建民营 · 玄武区" and home["fill"][:3] == [224, 123, 0]
    assert home["radius"] == pytest.approx(4 + 0.9 * 10)
    meal = points["facilities-3"][0]
    assert meal["radius"] == pytest.approx(3.5) and meal["value_text"].startswith("无床位")
    assert spec["layers"][2]["filled"] is False or spec["layers"][1]["filled"] is False  # meal points are rings
    en = json.loads(eld.facility_deck(df, ["320102"], lang="en").to_json())
    assert en["layers"][-1]["data"][0]["metric"] == "Care home"
    # cached: the same content gives the same object
    assert eld.facility_deck(df.copy(), ["320102"], focus="320102", highlight="320102", lang="zh") is deck
    legend = eld.facility_legend_html(["养老机构", "助餐点"], lang="zh")
    assert "公办公营" in legend and "助餐点" in legend and "社区居家养老服务站" not in legend


# ------------------------------------------------------------------------------------------------ the real warehouse
def test_page_formulas_match_kpis_by_region(con):
    from governance.core.warehouse import run_query

    start, end = date(2025, 11, 1), date(2026, 10, 1)
    for region in ("320000", "320500", "320505"):
        counts = run_query(con, "elderly_by_county", region=region, start_month=start, end_month=end)
        tot = eld.elderly_totals(counts).iloc[0]
        kpi = run_query(con, "kpis_by_region", region=region, group_level="self", start_month=start,
                        end_month=end).iloc[0]
        for col in ("beds_per_1000_elderly", "nursing_bed_pct", "occupancy_pct", "street_centre_pct",
                    "meal_points_per_community", "meals_per_month", "home_visits_per_month",
                    "elderly_satisfaction_pct"):
            assert tot[col] == pytest.approx(kpi[col], rel=1e-9, nan_ok=True), (region, col)
        per_county = eld.elderly_indicators(counts).set_index("county_code")
        kc = run_query(con, "kpis_by_region", region=region, group_level="county", start_month=start,
                       end_month=end).set_index("group_code")
        assert per_county.beds_per_1000_elderly.to_dict() == pytest.approx(kc.beds_per_1000_elderly.to_dict(),
                                                                            nan_ok=True)
