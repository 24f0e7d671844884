"""Named queries on a tiny hand-built warehouse whose answers are known by construction.

Counties: 320102 玄武区 and 320104 秦淮区 (南京市), 320505 虎丘区 (苏州市).
"""

from __future__ import annotations

from datetime import date

import pytest
from fixture_db import fixture_warehouse

from governance.core.warehouse import run_query

OCT25, OCT26 = date(2025, 10, 1), date(2026, 10, 1)


@pytest.fixture(scope="module")
def fx():
    con = fixture_warehouse({
        "townships": [("320102001", "320102", "甲街道", "街道"), ("320104001", "320104", "乙街道", "街道"),
                      ("320505001", "320505", "丙镇", "镇")],
        "communities": [
            ("320102001001", "320102001", "320102", "A", "社区", 100, 250, 50, 118.8, 32.05, True),
            ("320104001001", "320104001", "320104", "B", "社区", 200, 500, 100, 118.8, 32.02, False),
            ("320505001001", "320505001", "320505", "C", "村", 300, 900, 300, 120.5, 31.3, True)],
        "grids": [
            ("320102001001001", "320102001001", "320102", "综合网格", 90, 1, 1, True),
            ("320104001001001", "320104001001", "320104", "综合网格", 100, 1, 0, True),
            ("320104001001002", "320104001001", "320104", "综合网格", 100, 1, 2, False),
            ("320104001001003", "320104001001", "320104", "专属网格", 0, 0, 1, False),
            ("320505001001001", "320505001001", "320505", "综合网格", 150, 1, 0, False)],
        "grid_events_monthly": [
            ("320102001001001", "320102", OCT26, 0, 10, 0, 0, 0, 0, 9, 9, 20, 2, 90),
            ("320104001001001", "320104", OCT26, 0, 0, 20, 0, 0, 0, 20, 18, 50, 3, 100),
            ("320505001001001", "320505", OCT26, 5, 0, 0, 0, 0, 0, 1, 1, 100, 5, 80),
            ("320102001001001", "320102", OCT25, 0, 10, 0, 0, 0, 0, 5, 5, 60, 4, 90)],
        "budgets": [("320102", 2026, "预算", 50, 1000, 120), ("320104", 2026, "预算", 50, 2000, 40),
                    ("320505", 2026, "预算", 50, 1000, 50)],
        "fund_allocations": [
            (2026, "320102", "养老服务", "市县财政", 10, 80, 70, 60),
            (2026, "320102", "养老服务", "社会资本", 10, 20, 10, 10),
            (2026, "320104", "智慧网格", "专项债", 10, 100, 100, 50)],
    })
    yield con
    con.close()


def test_kpis_per_city(fx):
    df = run_query(fx, "kpis_by_region", region="320000", group_level="city", start_month=OCT26, end_month=OCT26)
    nj, sz = df.set_index("group_code").loc["320100"], df.set_index("group_code").loc["320500"]
    # every city is listed (maps need all 13); those without data have zero households
    assert len(df) == 13 and nj.group_name == "南京市"
    assert set(df.loc[df.households > 0, "group_code"]) == {"320100", "320500"}
    assert nj.households == 300 and nj.grids == 4
    assert nj.grid_coverage_pct == pytest.approx(100 * 290 / 300)
    assert nj.workers_per_1000_households == pytest.approx(1000 * 7 / 300)
    assert nj.party_branch_pct == pytest.approx(50.0)
    assert nj.smart_grid_pct == pytest.approx(50.0)
    assert nj.events_reported == 30 and nj.closure_pct == pytest.approx(100 * 29 / 30)
    assert nj.on_time_pct == pytest.approx(100 * 27 / 29)
    assert nj.response_minutes == pytest.approx((20 * 10 + 50 * 20) / 30)
    assert nj.close_days == pytest.approx((2 * 9 + 3 * 20) / 29)
    assert nj.fund_budget == 200 and nj.fund_executed == 120
    assert nj.fund_execution_pct == pytest.approx(60.0) and nj.social_capital_pct == pytest.approx(10.0)
    assert nj.obligation_pct == pytest.approx(100 * 160 / 3000)
    assert nj.max_county_obligation_pct == pytest.approx(12.0)
    assert (nj.counties_over_7pct, nj.counties_over_10pct) == (1, 1)  # the 12 % county is over both lines
    assert sz.grid_coverage_pct == pytest.approx(50.0) and sz.closure_pct == pytest.approx(20.0)
    assert sz.beds_per_1000_elderly == 0


def test_kpis_for_the_province_and_a_county(fx):
    prov = run_query(fx, "kpis_by_region", region="320000", group_level="self", start_month=OCT26, end_month=OCT26)
    assert len(prov) == 1 and prov.group_code[0] == "320000"
    assert prov.grid_coverage_pct[0] == pytest.approx(100 * 440 / 600)
    assert prov.events_reported[0] == 35
    county = run_query(fx, "kpis_by_region", region="320102", group_level="self", start_month=OCT25, end_month=OCT25)
    assert county.closure_pct[0] == pytest.approx(50.0) and county.response_minutes[0] == pytest.approx(60.0)
    # a period with no fund year of its own (2025) has no fund figures
    assert county.fund_budget.isna()[0]


def test_kpis_per_county_inside_a_city(fx):
    df = run_query(fx, "kpis_by_region", region="320100", group_level="county", start_month=OCT26, end_month=OCT26)
    assert list(df.group_code) == ["320102", "320104", "320105", "320106", "320111", "320113", "320114", "320115",
                                   "320116", "320117", "320118"]
    assert list(df.grid_coverage_pct.round(3)[:2]) == [90.0, 100.0] and df.grid_coverage_pct[2:].isna().all()


def test_event_trend_by_month(fx):
    df = run_query(fx, "event_trend", region="320100", start_month=OCT25, end_month=OCT26)
    assert [d.date() for d in df.month] == [OCT25, OCT26]
    assert list(df.reported) == [10, 30] and list(df.environment) == [10, 10] and list(df.disputes) == [0, 20]
    assert df.closure_pct.round(3).tolist() == [50.0, round(100 * 29 / 30, 3)]


def test_slowest_counties_ranked(fx):
    df = run_query(fx, "slowest_counties", region="320000", start_month=OCT26, end_month=OCT26, limit=2)
    assert list(df.county_code) == ["320505", "320104"]
    assert list(df.close_days) == [5.0, 3.0]


def test_community_points_coverage(fx):
    df = run_query(fx, "community_points", region="320104")
    assert df.to_dict("records")[0] | {} == df.to_dict("records")[0]
    row = df.iloc[0]
    assert (row.community_id, row.grids, row.covered_households, row.coverage_pct, row.grid_workers) == (
        "320104001001", 3, 200, 100.0, 5)


def test_obligations_red_line_status(fx):
    df = run_query(fx, "obligations_by_county_year", region="320000", first_year=2026, last_year=2026)
    got = dict(zip(df.county_code, zip(df.obligation_pct.round(2), df.red_line_status, df.headroom_to_10pct)))
    assert got == {"320102": (12.0, "over_10", -20.0), "320104": (2.0, "ok", 160.0), "320505": (5.0, "ok", 50.0)}


def test_region_filter_is_bound_not_formatted(fx):
    # a hostile filter value is just a code that matches nothing
    df = run_query(fx, "event_trend", region="320000' OR '1'='1", start_month=OCT25, end_month=OCT26)
    assert df.empty
