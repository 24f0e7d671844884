"""The queries of the 养老服务 / 社区服务 / 创新案例库 pages on a tiny hand-built warehouse whose answers are known by
construction, and the pure functions that aggregate them (smart equipment before/after, waste and council trends,
case cards).

Counties: 320102 玄武区 and 320104 秦淮区 (南京市), 320505 虎丘区 (苏州市).
Communities: A (玄武, 街道 1), B (玄武, 街道 2), C (秦淮), D (虎丘, a 镇).
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from governance.app import elderly as eld
from governance.core.warehouse import build_marts, create_schema, run_query

JUL, AUG, SEP, OCT = (date(2026, m, 1) for m in (7, 8, 9, 10))


@pytest.fixture(scope="module")
def fx():
    con = duckdb.connect()
    create_schema(con)
    con.execute("""INSERT INTO townships VALUES ('320102001','320102','甲街道','街道'), ('320102002','320102','乙街道','街道'),
                   ('320104001','320104','丙街道','街道'), ('320505001','320505','丁镇','镇')""")
    con.execute("""INSERT INTO communities VALUES
        ('320102001001','320102001','320102','A','社区',100,2500,1000,118.8,32.05,true),
        ('320102002001','320102002','320102','B','社区',200,3000,1000,118.81,32.06,true),
        ('320104001001','320104001','320104','C','社区',100,1000,400,118.79,32.02,false),
        ('320505001001','320505001','320505','D','村',300,900,300,120.5,31.3,true)""")
    con.execute("""INSERT INTO elderly_facilities VALUES
        ('F1','320102','320102001001','甲颐养院','养老机构','公办公营',50,25,30,120,2015,118.8,32.05),
        ('F2','320102','320102001001','甲街道中心','街道综合养老服务中心','公建民营',10,5,6,60,2020,118.8,32.051),
        ('F3','320102','320102002001','乙助餐点','助餐点','民办',0,0,0,12,2021,118.81,32.06),
        ('F4','320104','320104001001','丙护理院','养老机构','民办',20,12,14,24,2018,118.79,32.02),
        ('F5','320505','320505001001','丁站','社区居家养老服务站','公办公营',4,1,2,6,2022,120.5,31.3)""")
    con.execute(f"""INSERT INTO elderly_services_monthly VALUES
        ('F1','320102','{SEP}',0,10,100,30,90), ('F1','320102','{OCT}',0,20,100,30,96),
        ('F3','320102','{SEP}',1824,0,50,40,95), ('F3','320102','{OCT}',3648,0,50,40,95),
        ('F4','320104','{OCT}',0,5,20,10,80)""")
    # waste: A gets smart equipment in Sep, B never, C always, D in Oct
    rows = []
    acc = {"320102001001": [60, 70, 80, 90], "320102002001": [50, 50, 50, 50], "320104001001": [70, 70, 70, 70],
           "320505001001": [40, 40, 46, 50]}
    part = {"320102001001": [50, 50, 70, 70], "320102002001": [40, 40, 40, 40], "320104001001": [60, 60, 60, 60],
            "320505001001": [30, 30, 30, 40]}
    smart = {"320102001001": [False, False, True, True], "320102002001": [False] * 4, "320104001001": [True] * 4,
             "320505001001": [False, False, False, True]}
    county = {"320102001001": "320102", "320102002001": "320102", "320104001001": "320104", "320505001001": "320505"}
    for cid in acc:
        for i, m in enumerate((JUL, AUG, SEP, OCT)):
            rows.append((cid, county[cid], m, part[cid][i], acc[cid][i], 1.0, 2.0, 0.5, 3.0, smart[cid][i]))
    con.executemany("INSERT INTO waste_sorting_monthly VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    con.execute(f"""INSERT INTO resident_councils VALUES
        ('320102001001','320102','社区协商议事会','{OCT}',2,40,10,7),
        ('320102002001','320102','社区协商议事会','{SEP}',1,15,5,2),
        ('320505001001','320505','居民自治委员会','{OCT}',1,20,4,1)""")
    con.execute(f"""INSERT INTO grid_events_monthly VALUES
        ('320102001001001','320102','{OCT}',0,10,0,0,0,0,10,9,20,2,90),
        ('320102001001001','320102','{SEP}',0,30,0,0,0,0,30,30,20,2,98)""")
    con.execute("""INSERT INTO innovation_cases VALUES
        ('C001','320102','玄武区家庭养老床位','养老服务',2022,'对失能老人家庭进行适老化改造。','护理型床位占比','%',40,60,true,4),
        ('C002','320505','虎丘区厨余垃圾就地处理','垃圾分类',2023,'在镇村建设小型厨余垃圾处理站。','厨余垃圾外运量','吨/日',38,17,false,3),
        ('C003','320104','秦淮区网格员积分激励','网格治理',2021,'网格员积分与薪酬挂钩。','网格员流失率','%',10,12,false,5)""")
    build_marts(con)
    yield con
    con.close()


# ------------------------------------------------------------------------------------------------ elderly queries
def test_elderly_by_county(fx):
    df = run_query(fx, "elderly_by_county", region="320100", start_month=SEP, end_month=OCT).set_index("county_code")
    assert len(df) == 11  # every county of 南京市, with or without facilities
    x = df.loc["320102"]
    assert (x.residents_60plus, x.communities, x.streets, x.streets_with_centre) == (2000, 2, 2, 1)
    assert (x.facilities, x.institutions, x.street_centres, x.meal_points, x.beds, x.nursing_beds, x.occupied_beds) == (
        3, 1, 1, 1, 60, 30, 36)
    assert (x.meals_served, x.meals_at_points, x.home_visits, x.people_served, x.service_months) == (5472, 5472, 30, 140, 2)
    assert x.satisfaction_x_people == pytest.approx(30 * 90 + 30 * 96 + 40 * 95 + 40 * 95)
    assert x.operating_cost == pytest.approx(120 / 12 * 2 + 12 / 12 * 2)  # F2 reported no services
    g = eld.gap_actions(eld.elderly_indicators(df.reset_index())).set_index("county_code")
    a = g.loc["320102"]
    assert a.beds_per_1000_elderly == pytest.approx(30.0) and a.street_centre_pct == pytest.approx(50.0)
    assert a.meals_per_point_day == pytest.approx(90.0)
    assert (a.beds_needed, a.nursing_beds_needed, a.nursing_beds_needed_after, a.residents_needed) == (10, 6, 12, 6)
    assert (a.streets_without_centre, a.meal_points_needed, a.meals_per_day_needed) == (1, 0, 0)
    b = g.loc["320104"]
    assert b.beds_per_1000_elderly == pytest.approx(50.0) and b.occupancy_pct == pytest.approx(70.0)
    assert (b.beds_needed, b.residents_needed, b.meal_points_needed, b.streets_without_centre) == (0, 0, 1, 1)
    assert b.service_months == 1 and b.elderly_satisfaction_pct == pytest.approx(80.0)
    one = run_query(fx, "elderly_by_county", region="320104", start_month=SEP, end_month=OCT)
    assert list(one.county_code) == ["320104"]


def test_elderly_facilities_map_by_level(fx):
    prov = run_query(fx, "elderly_facilities_map", region="320000")
    assert set(prov.facility_id) == {"F1", "F2", "F4"}  # only facilities with beds above county level
    county = run_query(fx, "elderly_facilities_map", region="320505")
    assert list(county.facility_id) == ["F5"]  # a county shows every facility type
    xw = run_query(fx, "elderly_facilities_map", region="320102")
    assert list(xw.facility_id) == ["F1", "F2", "F3"] and list(xw.county_name.unique()) == ["玄武区"]


def test_elderly_trend_and_operator_models(fx):
    tr = run_query(fx, "elderly_service_trend", region="320100", start_month=SEP, end_month=OCT)
    assert [d.date() for d in tr.month] == [SEP, OCT]
    assert tr.meals_served.tolist() == [1824, 3648] and tr.home_visits.tolist() == [10, 25]
    assert tr.people_served.tolist() == [70, 80]
    assert tr.satisfaction_pct.tolist() == pytest.approx([(30 * 90 + 40 * 95) / 70, (30 * 96 + 40 * 95 + 10 * 80) / 80])
    ops = run_query(fx, "elderly_operator_models", region="320100", start_month=SEP, end_month=OCT)
    cmp = eld.operator_comparison(ops, by=("facility_type", "operator_model"))
    got = {(r.facility_type, r.operator_model): round(r.cost_per_person_yuan, 6) for r in cmp.itertuples()}
    # F1: 120万/yr, 30 people a month -> 40,000 元; F3: 12万/yr, 40 people -> 3,000 元; F4: 24万/yr, 10 -> 24,000 元
    assert got == {("养老机构", "公办公营"): 40_000.0, ("养老机构", "民办"): 24_000.0, ("助餐点", "民办"): 3_000.0}


# ------------------------------------------------------------------------------------------------ waste sorting
def test_smart_switchers_query_and_before_after(fx):
    per = run_query(fx, "waste_smart_switchers", region="320000", start_month=JUL, end_month=OCT).set_index("community_id")
    # B never had equipment, C had it from the first month: neither has a before and an after
    assert list(per.index) == ["320102001001", "320505001001"]
    a, d = per.loc["320102001001"], per.loc["320505001001"]
    assert a.first_smart_month.date() == SEP and (a.months_before, a.months_after) == (2, 2)
    assert (a.accuracy_before, a.accuracy_after, a.participation_before, a.participation_after) == (65, 85, 50, 70)
    assert (d.months_before, d.months_after, d.accuracy_before, d.accuracy_after) == (3, 1, 42, 50)
    s = eld.smart_before_after(per.reset_index())
    assert s["communities"] == 2
    assert s["accuracy_before"] == pytest.approx(53.5) and s["accuracy_after"] == pytest.approx(67.5)
    assert s["accuracy_change_mean"] == pytest.approx(14.0) and s["accuracy_change_median"] == pytest.approx(14.0)
    assert s["share_improved_pct"] == pytest.approx(100.0)
    assert s["participation_change_mean"] == pytest.approx((20 + 10) / 2)
    # the period decides what "before" is: from Sep, A starts with equipment (no before) and only D switches
    late = run_query(fx, "waste_smart_switchers", region="320000", start_month=SEP, end_month=OCT)
    assert list(late.community_id) == ["320505001001"] and late.accuracy_before.tolist() == [46]
    # the region filter
    nj = run_query(fx, "waste_smart_switchers", region="320100", start_month=JUL, end_month=OCT)
    assert list(nj.community_id) == ["320102001001"]


def test_smart_before_after_hand_built():
    per = pd.DataFrame([
        dict(community_id="x", months_before=3, months_after=3, accuracy_before=60.0, accuracy_after=72.0,
             participation_before=50.0, participation_after=55.0),
        dict(community_id="y", months_before=1, months_after=5, accuracy_before=80.0, accuracy_after=78.0,
             participation_before=70.0, participation_after=70.0),
        dict(community_id="z", months_before=2, months_after=2, accuracy_before=50.0, accuracy_after=59.0,
             participation_before=40.0, participation_after=44.0),
        # no months before: ignored
        dict(community_id="w", months_before=0, months_after=4, accuracy_before=None, accuracy_after=90.0,
             participation_before=None, participation_after=80.0),
    ])
    s = eld.smart_before_after(per)
    assert s["communities"] == 3
    assert s["accuracy_before"] == pytest.approx(190 / 3) and s["accuracy_after"] == pytest.approx(209 / 3)
    assert s["accuracy_change_mean"] == pytest.approx((12 - 2 + 9) / 3)
    assert s["accuracy_change_median"] == pytest.approx(9.0)
    assert s["share_improved_pct"] == pytest.approx(200 / 3)
    assert eld.smart_before_after(per.iloc[3:])["communities"] == 0
    assert eld.smart_before_after(pd.DataFrame())["communities"] == 0


def test_waste_monthly_and_trend(fx):
    raw = run_query(fx, "waste_monthly", region="320100", start_month=JUL, end_month=OCT)
    tr = eld.waste_trend(raw).set_index("month")
    oct_ = tr.loc[pd.Timestamp(OCT)]
    # households A 100, B 200, C 100: accuracy (90·100 + 50·200 + 70·100) / 400
    assert oct_.accuracy_pct == pytest.approx(65.0)
    assert oct_.participation_pct == pytest.approx((70 * 100 + 40 * 200 + 60 * 100) / 400)
    assert oct_.communities == 3 and oct_.kitchen_t == 3 and oct_.tonnes == pytest.approx(3 * 6.5)
    sm = eld.waste_trend(raw, by_smart=True)
    jul_smart = sm[(sm.month == pd.Timestamp(JUL)) & sm.smart_equipment].iloc[0]
    assert jul_smart.communities == 1 and jul_smart.accuracy_pct == pytest.approx(70.0)  # only C
    oct_smart = sm[(sm.month == pd.Timestamp(OCT)) & sm.smart_equipment].iloc[0]
    assert oct_smart.accuracy_pct == pytest.approx((90 + 70) / 2)


def test_waste_by_county(fx):
    df = run_query(fx, "waste_by_county", region="320000", start_month=SEP, end_month=OCT).set_index("county_code")
    assert list(df.index) == ["320102", "320104", "320505"]
    x = df.loc["320102"]
    assert x.accuracy_pct == pytest.approx((80 * 100 + 50 * 200 + 90 * 100 + 50 * 200) / 600)
    assert x.smart_share_pct == pytest.approx(50.0) and x.communities == 2
    assert x.recyclable_share_pct == pytest.approx(100 * 2 / 6.5)
    assert df.loc["320505"].smart_share_pct == pytest.approx(50.0)


# ------------------------------------------------------------------------------------------------ councils
def test_councils_monthly_and_by_county(fx):
    raw = run_query(fx, "councils_monthly", region="320000", start_month=SEP, end_month=OCT)
    tot = eld.councils_trend(raw, by_type=False).set_index("month")
    assert tot.loc[pd.Timestamp(OCT)].adoption_pct == pytest.approx(100 * 8 / 14)
    assert tot.loc[pd.Timestamp(SEP)].proposals == 5
    by_type = eld.councils_trend(raw)
    assert set(by_type.council_type) == {"社区协商议事会", "居民自治委员会"}
    per = run_query(fx, "councils_by_county", region="320100", start_month=SEP, end_month=OCT).set_index("county_code")
    x = per.loc["320102"]
    assert (x.meetings, x.participants, x.proposals, x.adopted) == (3, 55, 15, 9)
    assert x.adoption_pct == pytest.approx(60.0)
    assert x.participants_per_1000 == pytest.approx(1000 * 55 / 5500)
    assert x.event_satisfaction_pct == pytest.approx((90 * 10 + 98 * 30) / 40)
    assert x.elderly_satisfaction_pct == pytest.approx((30 * 90 + 30 * 96 + 40 * 95 + 40 * 95) / 140)
    assert pd.isna(per.loc["320104"].adoption_pct) and per.loc["320104"].meetings == 0
    assert eld.scatter_scope("320102", "county", "320100") == "320100"
    assert eld.scatter_scope("320100", "city", "320100") == "320100"
    assert eld.scatter_scope("320000", "province", None) == "320000"


# ------------------------------------------------------------------------------------------------ innovation cases
def test_innovation_cases_query(fx):
    prov = run_query(fx, "innovation_cases", region="320000")
    assert list(prov.case_id) == ["C003", "C001", "C002"]  # most replicable first
    assert prov.set_index("case_id").loc["C002"].city_name == "苏州市"
    nj = run_query(fx, "innovation_cases", region="320100")
    assert set(nj.case_id) == {"C001", "C003"}


def test_case_change_direction():
    up = eld.case_change(40, 60, True)
    assert up["pct"] == pytest.approx(50.0) and up["arrow"] == "↑" and up["improved"] is True
    down_good = eld.case_change(38, 17, False)
    assert down_good["pct"] == pytest.approx(-21 / 38 * 100) and down_good["arrow"] == "↓" and down_good["improved"]
    up_bad = eld.case_change(10, 12, False)
    assert up_bad["improved"] is False and up_bad["arrow"] == "↑"
    assert eld.case_change(0, 3.5, True)["pct"] is None and eld.case_change(0, 3.5, True)["improved"] is True
    flat = eld.case_change(5, 5, True)
    assert flat["arrow"] == "→" and flat["improved"] is None and flat["pct"] == 0
    assert eld.case_change(None, 5, True)["improved"] is None
    assert eld.stars(4) == "★★★★☆" and eld.stars(9) == "★★★★★" and eld.stars(None) == "☆☆☆☆☆"


def test_case_text_filter_and_cards(fx):
    cases = run_query(fx, "innovation_cases", region="320000")
    row = cases.set_index("case_id").loc["C001"].to_dict() | {"case_id": "C001"}
    assert eld.case_template_key(row["title"], row["county_name"]) == "家庭养老床位"
    en = eld.case_text(row, "en")
    assert en["title"] == "玄武区: Care beds at home" and en["category"] == "Elderly care"
    assert en["indicator"] == "Nursing-bed share" and en["summary"].startswith("Homes of disabled")
    assert eld.case_text(row, "zh")["title"] == "玄武区家庭养老床位"
    assert list(eld.filter_cases(cases, ["垃圾分类"]).case_id) == ["C002"]
    assert list(eld.filter_cases(cases, city_codes=["320100"]).case_id) == ["C003", "C001"]
    assert list(eld.filter_cases(cases, search="厨余").case_id) == ["C002"]
    assert list(eld.filter_cases(cases, search="care BEDS").case_id) == ["C001"]  # English text, any case
    assert list(eld.filter_cases(cases, search="虎丘").case_id) == ["C002"]
    assert eld.filter_cases(cases, ["养老服务"], ["320500"]).empty
    card = eld.case_card_html(row, lang="zh")
    assert "玄武区家庭养老床位" in card and "★★★★☆" in card and "+50.0%" in card and 'data-improved="true"' in card
    bad = cases.set_index("case_id").loc["C003"].to_dict() | {"case_id": "C003"}
    assert 'data-improved="false"' in eld.case_card_html(bad, lang="en") and "#c62828" in eld.case_card_html(bad)
    assert "<script>" not in eld.case_card_html(row | {"summary": "<script>x</script>"})
    table = eld.cases_table(cases, lang="en")
    assert list(table.columns[:3]) == ["Case", "Title", "Category"] and len(table) == 3


# ------------------------------------------------------------------------------------------------ the real warehouse
def test_councils_by_county_matches_kpis_by_region(con):
    """The scatter's per-county figures are kpis_by_region's (same formulas, one lighter query)."""
    start, end = date(2025, 11, 1), date(2026, 10, 1)
    mine = run_query(con, "councils_by_county", region="320500", start_month=start, end_month=end).set_index("county_code")
    ref = run_query(con, "kpis_by_region", region="320500", group_level="county", start_month=start,
                    end_month=end).set_index("group_code")
    assert list(mine.index) == list(ref.index)
    for col_mine, col_ref in (("adoption_pct", "council_adoption_pct"), ("event_satisfaction_pct", "event_satisfaction_pct"),
                              ("elderly_satisfaction_pct", "elderly_satisfaction_pct"), ("meetings", "council_meetings")):
        assert mine[col_mine].tolist() == pytest.approx(ref[col_ref].tolist(), nan_ok=True), col_mine
    waste = run_query(con, "waste_by_county", region="320500", start_month=start, end_month=end).set_index("county_code")
    assert waste.accuracy_pct.tolist() == pytest.approx(ref.loc[waste.index, "waste_accuracy_pct"].tolist())
    assert waste.participation_pct.tolist() == pytest.approx(ref.loc[waste.index, "waste_participation_pct"].tolist())
