"""The queries of the 养老服务 / 社区服务 / 创新案例库 pages on a tiny hand-built warehouse whose answers are known by
construction — every rate is computed in SQL and asserted here — and the case cards built from them.

Counties: 320102 玄武区 and 320104 秦淮区 (南京市), 320505 虎丘区 (苏州市).
Communities: A (玄武, 街道 1), B (玄武, 街道 2), C (秦淮), D (虎丘, a 镇).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from fixture_db import fixture_warehouse

from governance.app.views import cases as cards
from governance.core.warehouse import run_query

JUL, AUG, SEP, OCT = (date(2026, m, 1) for m in (7, 8, 9, 10))


@pytest.fixture(scope="module")
def fx():
    # waste: A gets smart equipment in Sep, B never, C always, D in Oct
    waste = []
    acc = {"320102001001": [60, 70, 80, 90], "320102002001": [50, 50, 50, 50], "320104001001": [70, 70, 70, 70],
           "320505001001": [40, 40, 46, 50]}
    part = {"320102001001": [50, 50, 70, 70], "320102002001": [40, 40, 40, 40], "320104001001": [60, 60, 60, 60],
            "320505001001": [30, 30, 30, 40]}
    smart = {"320102001001": [False, False, True, True], "320102002001": [False] * 4, "320104001001": [True] * 4,
             "320505001001": [False, False, False, True]}
    county = {"320102001001": "320102", "320102002001": "320102", "320104001001": "320104", "320505001001": "320505"}
    for cid in acc:
        for i, m in enumerate((JUL, AUG, SEP, OCT)):
            waste.append((cid, county[cid], m, part[cid][i], acc[cid][i], 1.0, 2.0, 0.5, 3.0, smart[cid][i]))
    con = fixture_warehouse({
        "townships": [("320102001", "320102", "甲街道", "街道"), ("320102002", "320102", "乙街道", "街道"),
                      ("320104001", "320104", "丙街道", "街道"), ("320505001", "320505", "丁镇", "镇")],
        "communities": [
            ("320102001001", "320102001", "320102", "A", "社区", 100, 2500, 1000, 118.8, 32.05, True),
            ("320102002001", "320102002", "320102", "B", "社区", 200, 3000, 1000, 118.81, 32.06, True),
            ("320104001001", "320104001", "320104", "C", "社区", 100, 1000, 400, 118.79, 32.02, False),
            ("320505001001", "320505001", "320505", "D", "村", 300, 900, 300, 120.5, 31.3, True)],
        "elderly_facilities": [
            ("F1", "320102", "320102001001", "甲颐养院", "养老机构", "公办公营", 50, 25, 30, 120, 2015, 118.8, 32.05),
            # a street centre is not a 养老机构: its 2 nursing beds of 10 stay out of 护理型床位占比
            ("F2", "320102", "320102001001", "甲街道中心", "街道综合养老服务中心", "公建民营", 10, 2, 6, 60, 2020, 118.8,
             32.051),
            ("F3", "320102", "320102002001", "乙助餐点", "助餐点", "民办", 0, 0, 0, 12, 2021, 118.81, 32.06),
            ("F4", "320104", "320104001001", "丙护理院", "养老机构", "民办", 20, 12, 14, 24, 2018, 118.79, 32.02),
            ("F5", "320505", "320505001001", "丁站", "社区居家养老服务站", "公办公营", 4, 1, 2, 6, 2022, 120.5, 31.3)],
        "elderly_services_monthly": [
            ("F1", "320102", SEP, 0, 10, 100, 30, 90), ("F1", "320102", OCT, 0, 20, 100, 30, 96),
            ("F3", "320102", SEP, 1824, 0, 50, 40, 95), ("F3", "320102", OCT, 3648, 0, 50, 40, 95),
            ("F4", "320104", OCT, 0, 5, 20, 10, 80)],
        "waste_sorting_monthly": waste,
        "resident_councils": [
            ("320102001001", "320102", "社区协商议事会", OCT, 2, 40, 10, 7),
            ("320102002001", "320102", "社区协商议事会", SEP, 1, 15, 5, 2),
            ("320505001001", "320505", "居民自治委员会", OCT, 1, 20, 4, 1)],
        "grid_events_monthly": [
            ("320102001001001", "320102", OCT, 0, 10, 0, 0, 0, 0, 10, 9, 20, 2, 90),
            ("320102001001001", "320102", SEP, 0, 30, 0, 0, 0, 0, 30, 30, 20, 2, 98)],
        "innovation_cases": [
            ("C001", "320102", "玄武区家庭养老床位", "养老服务", 2022, "对失能老人家庭进行适老化改造。", "护理型床位占比", "%",
             40, 60, True, 4),
            ("C002", "320505", "虎丘区厨余垃圾就地处理", "垃圾分类", 2023, "在镇村建设小型厨余垃圾处理站。", "厨余垃圾外运量",
             "吨/日", 38, 17, False, 3),
            ("C003", "320104", "秦淮区网格员积分激励", "网格治理", 2021, "网格员积分与薪酬挂钩。", "网格员流失率", "%", 10, 12,
             False, 5),
            # from zero (no % change) and unchanged (neither better nor worse)
            ("C004", "320102", "玄武区数据共享平台", "数字治理", 2024, "部门数据按月共享。", "共享数据集", "个", 0, 3.5, True, 1),
            ("C005", "320104", "秦淮区议事清单", "居民自治", 2024, "议事事项清单化。", "议事事项办结率", "%", 80, 80, True, 2)],
    })
    yield con
    con.close()


# ------------------------------------------------------------------------------------------------ elderly queries
def test_elderly_indicators_per_county(fx):
    df = run_query(fx, "elderly_indicators", region="320100", group_level="county", start_month=SEP,
                   end_month=OCT).set_index("group_code")
    assert len(df) == 11  # every county of 南京市, with or without facilities
    x = df.loc["320102"]
    assert (x.county_name, x.city_name, x.city_name_en) == ("玄武区", "南京市", "Nanjing")
    assert (x.residents_60plus, x.communities, x.streets, x.streets_with_centre, x.streets_without_centre) == (
        2000, 2, 2, 1, 1)
    assert (x.facilities, x.institutions, x.street_centres, x.meal_points, x.beds, x.nursing_beds, x.occupied_beds) == (
        3, 1, 1, 1, 60, 27, 36)
    assert (x.institution_beds, x.institution_nursing_beds) == (50, 25)  # F1 only
    assert (x.meals_served, x.meals_at_points, x.home_visits, x.people_served, x.service_months) == (5472, 5472, 30, 140, 2)
    assert x.operating_cost == pytest.approx(120 / 12 * 2 + 12 / 12 * 2)  # F2 reported no services
    # the rates: 60 beds for 2,000 aged 60+, 36 occupied; nursing share over the institution F1 only: 25 of 50
    # (over every bed it would be 27 / 60 = 45 %, domain.md §4 says no); 1 of 2 街道 with a centre; 1 meal
    # point for 2 communities; 5,472 meals in 2 months at 1 point; satisfaction weighted by people served
    assert x.beds_per_1000_elderly == pytest.approx(30.0)
    assert x.nursing_bed_pct == pytest.approx(50.0) and x.occupancy_pct == pytest.approx(60.0)
    assert x.street_centre_pct == pytest.approx(50.0) and x.meal_points_per_community == pytest.approx(0.5)
    assert x.meals_per_month == pytest.approx(2736.0) and x.home_visits_per_month == pytest.approx(15.0)
    assert x.meals_per_day_at_points == pytest.approx(90.0) and x.meals_per_point_day == pytest.approx(90.0)
    assert x.elderly_satisfaction_pct == pytest.approx((30 * 90 + 30 * 96 + 40 * 95 + 40 * 95) / 140)
    y = df.loc["320104"]  # services in October only; no meal point, no centre
    assert y.beds_per_1000_elderly == pytest.approx(50.0) and y.occupancy_pct == pytest.approx(70.0)
    assert y.street_centre_pct == 0 and y.meal_points_per_community == 0
    assert y.service_months == 1 and y.home_visits_per_month == 5 and y.elderly_satisfaction_pct == pytest.approx(80.0)
    assert pd.isna(y.meals_per_point_day)  # no meal point: no value, never a division error
    z = df.loc["320105"]  # nothing at all
    assert z.beds == 0 and z.service_months == 0
    assert pd.isna(z.beds_per_1000_elderly) and pd.isna(z.nursing_bed_pct) and pd.isna(z.meals_per_month)
    assert pd.isna(z.elderly_satisfaction_pct)
    one = run_query(fx, "elderly_indicators", region="320104", group_level="county", start_month=SEP, end_month=OCT)
    assert list(one.group_code) == ["320104"]
    # 虎丘区 has only a community station (4 beds, 1 nursing): beds, but no 养老机构 and so no nursing-bed share
    hq = run_query(fx, "elderly_indicators", region="320505", group_level="self", start_month=SEP,
                   end_month=OCT).iloc[0]
    assert (hq.beds, hq.nursing_beds, hq.institution_beds) == (4, 1, 0) and pd.isna(hq.nursing_bed_pct)


def test_elderly_indicators_for_the_region(fx):
    """The KPI cards: the same formulas over the region's sums (ratios of sums, not means of county ratios)."""
    r = run_query(fx, "elderly_indicators", region="320100", group_level="self", start_month=SEP,
                  end_month=OCT).iloc[0]
    assert (r.group_code, r.group_name, r.counties) == ("320100", "南京市", 11)
    assert (r.residents_60plus, r.beds, r.nursing_beds, r.occupied_beds, r.streets, r.communities) == (
        2400, 80, 39, 50, 3, 3)
    assert r.beds_per_1000_elderly == pytest.approx(1000 * 80 / 2400)
    # institutions F1 (50 beds, 25 nursing) and F4 (20, 12): 37 / 70; the street centre F2 is left out
    assert r.nursing_bed_pct == pytest.approx(100 * 37 / 70) and r.occupancy_pct == pytest.approx(62.5)
    assert r.street_centre_pct == pytest.approx(100 / 3) and r.meal_points_per_community == pytest.approx(1 / 3)
    assert r.meals_per_month == pytest.approx(2736.0) and r.home_visits_per_month == pytest.approx(17.5)
    assert r.meals_per_point_day == pytest.approx(90.0)
    assert r.elderly_satisfaction_pct == pytest.approx((13180 + 800) / 150)
    # the overview's kpis_by_region gives the region the same numbers
    k = run_query(fx, "kpis_by_region", region="320100", group_level="self", start_month=SEP, end_month=OCT).iloc[0]
    assert k.beds_per_1000_elderly == pytest.approx(1000 * 80 / 2400)
    assert k.nursing_bed_pct == pytest.approx(100 * 37 / 70) and k.occupancy_pct == pytest.approx(62.5)
    assert k.street_centre_pct == pytest.approx(100 / 3) and k.meal_points_per_community == pytest.approx(1 / 3)
    assert k.meals_per_month == pytest.approx(2736.0) and k.home_visits_per_month == pytest.approx(17.5)
    assert k.elderly_satisfaction_pct == pytest.approx((13180 + 800) / 150)
    county = run_query(fx, "elderly_indicators", region="320102", group_level="self", start_month=SEP,
                       end_month=OCT).iloc[0]
    assert (county.group_name, county.county_name, county.beds_per_1000_elderly) == ("玄武区", "玄武区", 30.0)


def test_gap_finder_on_the_query(fx):
    from governance.core.indicators import elderly_gaps

    ind = run_query(fx, "elderly_indicators", region="320100", group_level="county", start_month=SEP, end_month=OCT)
    g = elderly_gaps.gap_actions(ind).set_index("group_code")
    # 35 × 2 − 60 = 10 beds; nursing over the institution's 50 beds: 60 % × 50 − 25 = 5, and with the 10 missing
    # beds built as institution beds 60 % × 60 − 25 = 11; 70 % × 60 − 36 = 6 residents
    a = g.loc["320102"]
    assert (a.beds_needed, a.nursing_beds_needed, a.nursing_beds_needed_after, a.residents_needed) == (10, 5, 11, 6)
    assert (a.streets_without_centre, a.meal_points_needed, a.meals_per_day_needed) == (1, 0, 0)
    b = g.loc["320104"]
    assert (b.beds_needed, b.residents_needed, b.meal_points_needed, b.streets_without_centre) == (0, 0, 1, 1)


def test_elderly_facilities_map_by_level(fx):
    prov = run_query(fx, "elderly_facilities_map", region="320000")
    assert set(prov.facility_id) == {"F1", "F2", "F4"}  # only facilities with beds above county level
    county = run_query(fx, "elderly_facilities_map", region="320505")
    assert list(county.facility_id) == ["F5"]  # a county shows every facility type
    xw = run_query(fx, "elderly_facilities_map", region="320102").set_index("facility_id")
    assert list(xw.index) == ["F1", "F2", "F3"] and list(xw.county_name.unique()) == ["玄武区"]
    assert xw.loc["F1"].occupancy_pct == pytest.approx(60.0) and pd.isna(xw.loc["F3"].occupancy_pct)


def test_elderly_trend(fx):
    tr = run_query(fx, "elderly_service_trend", region="320100", start_month=SEP, end_month=OCT)
    assert [d.date() for d in tr.month] == [SEP, OCT]
    assert tr.meals_served.tolist() == [1824, 3648] and tr.home_visits.tolist() == [10, 25]
    assert tr.people_served.tolist() == [70, 80]
    assert tr.satisfaction_pct.tolist() == pytest.approx([(30 * 90 + 40 * 95) / 70, (30 * 96 + 40 * 95 + 10 * 80) / 80])


def test_elderly_operator_models(fx):
    ops = run_query(fx, "elderly_operator_models", region="320100", start_month=SEP, end_month=OCT)
    by_type = ops[ops.grain == "type_model"]
    got = {(r.facility_type, r.operator_model): round(r.cost_per_person_yuan, 6) for r in by_type.itertuples()}
    # F1: 120万/yr, 30 people a month -> 40,000 元; F3: 12万/yr, 40 people -> 3,000 元; F4: 24万/yr, 10 -> 24,000 元
    assert got == {("养老机构", "公办公营"): 40_000.0, ("养老机构", "民办"): 24_000.0, ("助餐点", "民办"): 3_000.0}
    model = ops[ops.grain == "model"].set_index("operator_model")
    assert list(model.index) == ["公办公营", "民办"]
    private = model.loc["民办"]  # F3 (2 months) and F4 (1 month): 4万 of cost for 90 person-months
    assert private.cost_per_person_yuan == pytest.approx(12 * 4 / 90 * 10_000)
    assert private.satisfaction_pct == pytest.approx((40 * 95 * 2 + 10 * 80) / 90)
    assert (private.months, private.facilities_per_month, private.people_per_month) == (2, 1.5, 45)
    assert private.annual_operating_cost == pytest.approx(24.0)
    public = model.loc["公办公营"]
    assert public.cost_per_person_yuan == pytest.approx(40_000.0) and public.satisfaction_pct == pytest.approx(93.0)
    assert public.annual_operating_cost == pytest.approx(120.0)
    assert run_query(fx, "elderly_operator_models", region="320505", start_month=SEP, end_month=OCT).empty


# ------------------------------------------------------------------------------------------------ waste sorting
def test_waste_monthly_period_months_and_equipment(fx):
    df = run_query(fx, "waste_monthly", region="320100", start_month=JUL, end_month=OCT)
    assert df.grain.value_counts().to_dict() == {"month_equipment": 8, "month": 4, "period": 1}
    # households A 100, B 200, C 100
    p = df[df.grain == "period"].iloc[0]
    assert pd.isna(p.month) and p.equipment == "all" and p.communities == 12
    assert p.participation_pct == pytest.approx((100 * (50 + 50 + 70 + 70) + 200 * 40 * 4 + 100 * 60 * 4) / 1600)
    assert p.accuracy_pct == pytest.approx((100 * (60 + 70 + 80 + 90) + 200 * 50 * 4 + 100 * 70 * 4) / 1600)
    assert p.tonnes == pytest.approx(12 * 6.5) and p.recyclable_share_pct == pytest.approx(100 * 2 / 6.5)
    assert p.smart_share_pct == pytest.approx(100 * 6 / 12)  # community-months: A in Sep and Oct, C always
    months = df[df.grain == "month"].set_index("month")
    oct_ = months.loc[pd.Timestamp(OCT)]
    assert oct_.accuracy_pct == pytest.approx((90 * 100 + 50 * 200 + 70 * 100) / 400)
    assert oct_.participation_pct == pytest.approx((70 * 100 + 40 * 200 + 60 * 100) / 400)
    assert oct_.communities == 3 and oct_.kitchen_t == 3 and oct_.tonnes == pytest.approx(3 * 6.5)
    assert oct_.smart_share_pct == pytest.approx(200 / 3) and months.loc[pd.Timestamp(JUL)].smart_share_pct == (
        pytest.approx(100 / 3))
    split = df[df.grain == "month_equipment"].set_index(["month", "equipment"])
    assert split.loc[(pd.Timestamp(JUL), "smart")].communities == 1  # only C
    assert split.loc[(pd.Timestamp(JUL), "smart")].accuracy_pct == pytest.approx(70.0)
    assert split.loc[(pd.Timestamp(JUL), "none")].accuracy_pct == pytest.approx((60 * 100 + 50 * 200) / 300)
    assert split.loc[(pd.Timestamp(OCT), "smart")].accuracy_pct == pytest.approx((90 + 70) / 2)
    assert run_query(fx, "waste_monthly", region="320106", start_month=JUL, end_month=OCT).empty  # no data: no rows


def test_waste_by_county(fx):
    df = run_query(fx, "waste_by_county", region="320000", start_month=SEP, end_month=OCT).set_index("county_code")
    assert list(df.index) == ["320102", "320104", "320505"]
    x = df.loc["320102"]
    assert x.accuracy_pct == pytest.approx((80 * 100 + 50 * 200 + 90 * 100 + 50 * 200) / 600)
    assert x.smart_share_pct == pytest.approx(50.0) and x.communities == 2
    assert x.recyclable_share_pct == pytest.approx(100 * 2 / 6.5)
    assert df.loc["320505"].smart_share_pct == pytest.approx(50.0)
    # the overview's kpis_by_region gives each county the same rates
    k = run_query(fx, "kpis_by_region", region="320000", group_level="county", start_month=SEP,
                  end_month=OCT).set_index("group_code")
    assert k.loc["320102"].waste_accuracy_pct == pytest.approx((80 * 100 + 50 * 200 + 90 * 100 + 50 * 200) / 600)
    assert k.loc["320102"].waste_participation_pct == pytest.approx(x.participation_pct)


def test_smart_switchers_before_after(fx):
    s = run_query(fx, "waste_smart_switchers", region="320000", start_month=JUL, end_month=OCT).iloc[0]
    # B never had equipment, C had it from the first month: only A (Sep) and D (Oct) switch.
    # A: accuracy 65 before (60, 70), 85 after (80, 90); D: 42 before (40, 40, 46), 50 after
    assert s.communities == 2
    assert (s.accuracy_before, s.accuracy_after) == (pytest.approx(53.5), pytest.approx(67.5))
    assert s.accuracy_change_mean == pytest.approx(14.0) and s.accuracy_change_median == pytest.approx(14.0)
    assert s.share_improved_pct == pytest.approx(100.0)
    assert (s.participation_before, s.participation_after) == (pytest.approx(40.0), pytest.approx(55.0))
    assert s.participation_change_mean == pytest.approx((20 + 10) / 2)
    # the period decides what "before" is: from Sep, A starts with equipment (no before) and only D switches
    late = run_query(fx, "waste_smart_switchers", region="320000", start_month=SEP, end_month=OCT).iloc[0]
    assert late.communities == 1 and late.accuracy_before == 46 and late.accuracy_after == 50
    nj = run_query(fx, "waste_smart_switchers", region="320100", start_month=JUL, end_month=OCT).iloc[0]
    assert nj.communities == 1 and nj.accuracy_change_mean == pytest.approx(20.0)
    none = run_query(fx, "waste_smart_switchers", region="320104", start_month=JUL, end_month=OCT).iloc[0]
    assert none.communities == 0 and pd.isna(none.accuracy_before)


def test_smart_switchers_median_and_share_improved():
    """Mean and median differ, one community got worse: x 60 → 72, y 80 → 78, z 50 → 59; w is left out (equipment
    from its first month)."""
    def months(cid, accuracy, smart):
        return [(cid, "320102", date(2026, 1 + i, 1), 50.0, a, 1.0, 1.0, 0.0, 1.0, s)
                for i, (a, s) in enumerate(zip(accuracy, smart))]

    rows = (months("x", [60] * 3 + [72] * 3, [False] * 3 + [True] * 3)
            + months("y", [80] + [78] * 5, [False] + [True] * 5)
            + months("z", [50] * 2 + [59] * 2, [False] * 2 + [True] * 2)
            + months("w", [90] * 4, [True] * 4))
    con = fixture_warehouse({"waste_sorting_monthly": rows})
    try:
        s = run_query(con, "waste_smart_switchers", region="320102", start_month=date(2026, 1, 1),
                      end_month=date(2026, 6, 1)).iloc[0]
    finally:
        con.close()
    assert s.communities == 3
    assert s.accuracy_before == pytest.approx(190 / 3) and s.accuracy_after == pytest.approx(209 / 3)
    assert s.accuracy_change_mean == pytest.approx((12 - 2 + 9) / 3) and s.accuracy_change_median == pytest.approx(9.0)
    assert s.share_improved_pct == pytest.approx(200 / 3)


# ------------------------------------------------------------------------------------------------ councils
def test_councils_monthly(fx):
    df = run_query(fx, "councils_monthly", region="320000", start_month=SEP, end_month=OCT)
    p = df[df.grain == "period"].iloc[0]
    assert (p.months, p.meetings, p.participants, p.proposals, p.adopted) == (2, 4, 75, 19, 10)
    assert p.adoption_pct == pytest.approx(100 * 10 / 19)
    assert p.meetings_per_month == pytest.approx(2.0) and p.participants_per_meeting == pytest.approx(75 / 4)
    months = df[df.grain == "month"].set_index("month")
    assert months.loc[pd.Timestamp(OCT)].adoption_pct == pytest.approx(100 * 8 / 14)
    assert months.loc[pd.Timestamp(SEP)].proposals == 5
    by_type = df[df.grain == "month_type"].set_index(["month", "council_type"])
    assert set(by_type.index.get_level_values(1)) == {"社区协商议事会", "居民自治委员会"}
    assert by_type.loc[(pd.Timestamp(OCT), "社区协商议事会")].adoption_pct == pytest.approx(70.0)
    assert by_type.loc[(pd.Timestamp(OCT), "居民自治委员会")].adoption_pct == pytest.approx(25.0)
    assert run_query(fx, "councils_monthly", region="320104", start_month=SEP, end_month=OCT).empty


def test_councils_by_county(fx):
    per = run_query(fx, "councils_by_county", region="320100", start_month=SEP, end_month=OCT).set_index("county_code")
    x = per.loc["320102"]
    assert (x.meetings, x.participants, x.proposals, x.adopted) == (3, 55, 15, 9)
    assert x.adoption_pct == pytest.approx(60.0)
    assert x.participants_per_1000 == pytest.approx(1000 * 55 / 5500)
    assert x.event_satisfaction_pct == pytest.approx((90 * 10 + 98 * 30) / 40)
    assert x.elderly_satisfaction_pct == pytest.approx((30 * 90 + 30 * 96 + 40 * 95 + 40 * 95) / 140)
    assert pd.isna(per.loc["320104"].adoption_pct) and per.loc["320104"].meetings == 0
    assert (per.n_event_satisfaction == 1).all()  # one county with both values: no correlation
    assert per.r_event_satisfaction.isna().all()
    # the overview's kpis_by_region gives each county the same rates
    k = run_query(fx, "kpis_by_region", region="320100", group_level="county", start_month=SEP,
                  end_month=OCT).set_index("group_code")
    assert k.loc["320102"].council_adoption_pct == pytest.approx(60.0)
    assert k.loc["320102"].event_satisfaction_pct == pytest.approx((90 * 10 + 98 * 30) / 40)


def test_councils_by_county_correlation():
    """Adoption 50 / 60 / 70 % against event satisfaction 90 / 92 / 97 %: r = 70 / √(200 × 26) by hand."""
    counties = ("320102", "320104", "320105")
    con = fixture_warehouse({
        "resident_councils": [(f"{c}001001", c, "社区协商议事会", OCT, 1, 10, 10, 5 + i) for i, c in enumerate(counties)],
        "grid_events_monthly": [(f"{c}001001001", c, OCT, 10, 0, 0, 0, 0, 0, 10, 10, 20, 2, sat)
                                for c, sat in zip(counties, (90, 92, 97))],
    })
    try:
        per = run_query(con, "councils_by_county", region="320100", start_month=OCT, end_month=OCT)
    finally:
        con.close()
    assert per.set_index("county_code").loc[list(counties), "adoption_pct"].tolist() == pytest.approx([50, 60, 70])
    assert per.r_event_satisfaction.tolist() == pytest.approx([70 / (200 * 26) ** 0.5] * len(per))
    assert (per.n_event_satisfaction == 3).all() and (per.n_elderly_satisfaction == 0).all()


# ------------------------------------------------------------------------------------------------ innovation cases
def test_innovation_cases_query_and_change(fx):
    prov = run_query(fx, "innovation_cases", region="320000")
    assert list(prov.case_id) == ["C003", "C001", "C002", "C005", "C004"]  # most replicable first
    c = prov.set_index("case_id")
    assert c.loc["C002"].city_name == "苏州市"
    # 40 → 60, higher is better: +50 %, improved
    assert (c.loc["C001"].change, c.loc["C001"].change_pct, c.loc["C001"].improved) == (20, pytest.approx(50.0), True)
    # 38 → 17, lower is better: −55.3 %, improved
    assert c.loc["C002"].change_pct == pytest.approx(-21 / 38 * 100) and c.loc["C002"].improved
    # 10 → 12, lower is better: +20 %, worse
    assert c.loc["C003"].change_pct == pytest.approx(20.0) and not c.loc["C003"].improved
    # from 0: no % change, still better; unchanged: 0 %, neither
    assert pd.isna(c.loc["C004"].change_pct) and c.loc["C004"].improved
    assert c.loc["C005"].change_pct == 0 and pd.isna(c.loc["C005"].improved)
    nj = run_query(fx, "innovation_cases", region="320100")
    assert set(nj.case_id) == {"C001", "C003", "C004", "C005"}


def _case(fx, case_id: str) -> dict:
    cases = run_query(fx, "innovation_cases", region="320000")
    return next(r for r in cases.to_dict("records") if r["case_id"] == case_id)


def test_case_text_and_filter(fx):
    cases = run_query(fx, "innovation_cases", region="320000")
    row = _case(fx, "C001")
    assert cards.case_template_key(row["title"], row["county_name"]) == "家庭养老床位"
    en = cards.case_text(row, "en")
    assert en["title"] == "玄武区: Care beds at home" and en["category"] == "Elderly care"
    assert en["indicator"] == "Nursing-bed share" and en["summary"].startswith("Homes of disabled")
    assert cards.case_text(row, "zh")["title"] == "玄武区家庭养老床位"
    assert list(cards.filter_cases(cases, ["垃圾分类"]).case_id) == ["C002"]
    assert list(cards.filter_cases(cases, city_codes=["320100"]).case_id) == ["C003", "C001", "C005", "C004"]
    assert list(cards.filter_cases(cases, search="厨余").case_id) == ["C002"]
    assert list(cards.filter_cases(cases, search="care BEDS").case_id) == ["C001"]  # English text, any case
    assert list(cards.filter_cases(cases, search="虎丘").case_id) == ["C002"]
    assert cards.filter_cases(cases, ["养老服务"], ["320500"]).empty
    assert cards.stars(4) == "★★★★☆" and cards.stars(9) == "★★★★★" and cards.stars(None) == "☆☆☆☆☆"


def test_case_cards(fx):
    card = cards.case_card_html(_case(fx, "C001"), lang="zh")
    assert "玄武区家庭养老床位" in card and "★★★★☆" in card and "+50.0%" in card and 'data-improved="true"' in card
    assert "↑" in card and "#2e7d32" in card
    worse = cards.case_card_html(_case(fx, "C003"), lang="en")
    assert 'data-improved="false"' in worse and "#c62828" in worse and "+20.0%" in worse and "Replicability" in worse
    from_zero = cards.case_card_html(_case(fx, "C004"))
    assert 'data-improved="true"' in from_zero and "— " in from_zero  # no % change from 0
    flat = cards.case_card_html(_case(fx, "C005"))
    assert 'data-improved="none"' in flat and "→" in flat and "+0.0%" in flat
    assert "3.6rem" in cards.case_card_html(_case(fx, "C001"), large=True)
    table = cards.cases_table(run_query(fx, "innovation_cases", region="320000"), lang="en")
    assert list(table.columns[:3]) == ["Case", "Title", "Category"] and len(table) == 5
    assert table.set_index("Case").loc["C002", "Change (%)"] == pytest.approx(-55.3)


def test_case_cards_show_data_as_text(fx):
    """Data text can't open a tag, set an attribute or leave the HTML block (a blank line would end it and
    Streamlit would read the rest as markdown: an image request, a link)."""
    hostile = _case(fx, "C001") | {
        "case_id": '"><img src=x onerror=alert(1)>',
        "title": "a\r\n\r\n# heading",
        "summary": "<script>x</script>\n\n![x](http://example.invalid/p.png) **bold**",
        "unit": "<b>%</b>",
        "county_name": "玄武区\n\n[link](http://example.invalid)",
    }
    for lang in ("zh", "en"):
        card = cards.case_card_html(hostile, lang=lang)
        assert "\n" not in card and "\r" not in card  # one line: the HTML block can't be left
        assert "<script>" not in card and "<img" not in card and "<b>%" not in card
        assert "&lt;script&gt;" in card and 'data-case="&quot;&gt;&lt;img' in card
        assert "a # heading" in card and "![x](http://example.invalid/p.png) **bold**" in card  # shown as text
