"""Queries of the 资金配置 and 项目监管 pages on a small hand-built DuckDB warehouse: the schema and marts of the real
build, a few rows typed in here, answers known by construction (and the 财金〔2015〕21号 worked example of
docs/domain.md §5a: expenditure 120, existing obligations 8, new payment 1.3271 → 7.77 %, under 10 % but over 5 %).

``make_warehouse`` is reused by tests/test_alerts.py and tests/test_pages_funds_projects.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from fixture_db import fixture_warehouse

from governance.core import vocabulary
from governance.core.warehouse import run_query

PROGRAMS = list(vocabulary.PROGRAMS)
SOURCES = list(vocabulary.SOURCES)
MODELS = list(vocabulary.FINANCING_MODELS)
STATUSES = list(vocabulary.PROJECT_STATUSES)
RISKS = list(vocabulary.RISK_LEVELS)

XUANWU, HUQIU, GUSU, WUZHONG = "320102", "320505", "320508", "320506"  # 南京市玄武区, 苏州市虎丘/姑苏/吴中区
START, END = dt.date(2025, 11, 1), dt.date(2026, 10, 1)  # period end = 2026-10-31

# (year, county, program, source, as_of_month, budget, disbursed, executed)
FUNDS = [
    (2026, XUANWU, "养老服务", "市县财政", 9, 100.0, 80.0, 50.0),
    (2026, XUANWU, "智慧网格", "社会资本", 9, 100.0, 60.0, 60.0),   # Xuanwu 2026: 110/200 = 55 %, social 50 %
    (2026, HUQIU, "养老服务", "省级专项资金", 9, 300.0, 300.0, 240.0),  # Huqiu 2026: 80 %
    (2025, XUANWU, "养老服务", "市县财政", 12, 100.0, 100.0, 95.0),   # Xuanwu 2025: 95 %
    (2025, GUSU, "垃圾分类", "专项债", 12, 40.0, 40.0, 10.0),         # Gusu 2025: 25 % (closed year)
]
# (community_id, township, county, name, kind, households, population, residents_60plus, lon, lat, smart)
COMMUNITIES = [
    ("320102001001", "320102001", XUANWU, "甲社区", "社区", 400, 1000, 200, 118.8, 32.05, True),
    ("320505001001", "320505001", HUQIU, "乙社区", "社区", 800, 2000, 500, 120.5, 31.3, True),
]
# (county, year, kind, gpb_revenue, gpb_expenditure, ppp_obligations)
BUDGETS = [
    (XUANWU, 2026, "预算", 80.0, 100.0, 12.0),          # 12 %: over the red line
    (HUQIU, 2026, "预算", 80.0, 100.0, 4.0),            # 4 %: safe
    (GUSU, 2026, "预算", 90.0, 120.0, 8.0 + 1.3271),    # docs/domain.md §5a worked example: 7.77 %
    (WUZHONG, 2026, "预算", 90.0, 200.0, 17.0),         # 8.5 %: near the line
    (XUANWU, 2027, "预测", 80.0, 100.0, 13.0),
]
# (project_id, county, name, program, model, total_investment, social_capital, start_date, term_years, status,
#  performance_score, risk_level, annual_gov_payment, payment_start_year, payment_end_year)
PROJECTS = [
    ("P1", XUANWU, "玄武区邻里中心项目", "社区公共设施", "专项债", 1000.0, 0.0, dt.date(2024, 1, 1), 10, "在建",
     55.0, "高", 0.0, None, None),
    # pays from 2026: 2026 is its first payment year, so its 21号 stream (which compounds from year 2 on, see
    # tests/test_project_payments.py) is the recorded 1.3271 that year
    ("P2", GUSU, "姑苏区红色驿站项目", "党建阵地", "存量PPP-可行性缺口补助", 2000.0, 1600.0, dt.date(2019, 1, 1), 12,
     "运营", 75.0, "中", 1.3271, 2026, 2037),
    ("P3", HUQIU, "虎丘区助餐中心项目", "养老服务", "BOT", 500.0, 400.0, dt.date(2020, 1, 1), 20, "完工",
     None, "高", 0.0, None, None),
    ("P4", HUQIU, "虎丘区智慧社区项目", "智慧网格", "政府直投", 300.0, 0.0, dt.date(2025, 1, 1), 3, "前期",
     90.0, "低", 0.0, None, None),
]
# (project_id, seq, milestone, is_key, planned, actual)
MILESTONES = [
    ("P1", 1, "立项", False, dt.date(2025, 1, 1), dt.date(2025, 8, 1)),     # non-key, 212 days late: never alerts
    ("P1", 2, "开工", True, dt.date(2026, 5, 1), None),                     # open: 183 days late at 2026-10-31
    ("P1", 3, "主体完工", True, dt.date(2026, 9, 1), None),                  # open: 60 days
    ("P1", 4, "竣工验收", True, dt.date(2027, 3, 1), None),                  # not yet due
    ("P2", 1, "开工", True, dt.date(2025, 8, 1), dt.date(2025, 12, 1)),     # reached in the period, 122 days late
    ("P2", 2, "主体完工", True, dt.date(2026, 2, 1), dt.date(2026, 3, 3)),  # reached 30 days late
    ("P3", 1, "开工", True, dt.date(2020, 1, 1), dt.date(2020, 12, 1)),     # 335 days late, but long before the period
    ("P4", 1, "开工", True, dt.date(2026, 6, 1), dt.date(2026, 12, 1)),     # reached after the period end: open, 152 d
]


def make_warehouse(path: Path | str = ":memory:", funds=FUNDS, communities=COMMUNITIES, budgets=BUDGETS,
                   projects=PROJECTS, milestones=MILESTONES, dataset_info: bool = False) -> duckdb.DuckDBPyConnection:
    """The real schema, regions and marts over the given rows; a writable connection (close it to reuse the file)."""
    rows = {"fund_allocations": funds, "communities": communities, "budgets": budgets, "projects": projects,
            "project_milestones": milestones}
    if dataset_info:
        rows["dataset_info"] = [("fixture", True, 0, 0, dt.datetime(2026, 11, 1), dt.date(2023, 11, 1),
                                 dt.date(2026, 10, 1), "tests", "fixture", "测试数据", "test data")]
    return fixture_warehouse({table: r for table, r in rows.items() if r}, path=path)


@pytest.fixture(scope="module")
def fx():
    con = make_warehouse()
    yield con
    con.close()


def q(con, name, **params) -> pd.DataFrame:
    return run_query(con, name, **params)


def _fparams(**kw):
    out = dict(region="320000", first_year=2025, last_year=2026, programs=PROGRAMS, sources=SOURCES)
    out.update(kw)
    return out


def _row(df, **eq):
    m = pd.Series(True, index=df.index)
    for k, v in eq.items():
        m &= df[k] == v
    assert m.sum() == 1, (eq, df)
    return df[m].iloc[0]


# ------------------------------------------------------------------------------------------------ funds
def test_funds_by_group_county(fx):
    df = q(fx, "funds_by_group", group_level="county", **_fparams())
    x = _row(df, group_code=XUANWU, year=2026)
    assert x["group_name"] == "玄武区" and x["city_name"] == "南京市"
    assert (x["budget"], x["disbursed"], x["executed"]) == (200.0, 140.0, 110.0)
    assert x["execution_pct"] == pytest.approx(55.0)
    assert x["disbursement_pct"] == pytest.approx(70.0)
    assert x["social_capital_pct"] == pytest.approx(50.0)
    assert x["as_of_month"] == 9
    assert x["executed_yuan_per_resident"] == pytest.approx(110 * 10000 / 1000)  # 1,100 元
    assert x["executed_yuan_per_elderly"] == pytest.approx(110 * 10000 / 200)  # 5,500 元
    assert _row(df, group_code=HUQIU, year=2026)["execution_pct"] == pytest.approx(80.0)
    assert _row(df, group_code=GUSU, year=2025)["execution_pct"] == pytest.approx(25.0)
    assert len(df) == 4  # Xuanwu 2025/2026, Huqiu 2026, Gusu 2025
    # ordered by year, then execution rate (lowest first: the ranking)
    y26 = df[df["year"] == 2026]
    assert list(y26["group_code"]) == [XUANWU, HUQIU]


def test_funds_by_group_self_city_program(fx):
    me = q(fx, "funds_by_group", group_level="self", **_fparams())
    r = _row(me, year=2026)
    assert r["group_code"] == "320000" and r["group_name"] == "江苏省"
    assert r["budget"] == 500.0 and r["executed"] == 350.0 and r["execution_pct"] == pytest.approx(70.0)
    assert r["population"] == 3000 and r["executed_yuan_per_resident"] == pytest.approx(350 * 10000 / 3000)
    city = q(fx, "funds_by_group", group_level="city", **_fparams())
    assert set(city[city["year"] == 2026]["group_code"]) == {"320100", "320500"}
    assert _row(city, group_code="320500", year=2026)["budget"] == 300.0
    prog = q(fx, "funds_by_group", group_level="program", **_fparams(region="320500"))
    assert _row(prog, group_code="养老服务", year=2026)["budget"] == 300.0
    assert _row(prog, group_code="垃圾分类", year=2025)["executed"] == 10.0
    # a program row is spent per resident of the whole region (Suzhou here: Huqiu's 2,000)
    assert _row(prog, group_code="养老服务", year=2026)["executed_yuan_per_resident"] == pytest.approx(240 * 10000 / 2000)


def test_program_and_source_filters_change_the_numbers(fx):
    only_elderly = q(fx, "funds_by_group", group_level="self", **_fparams(programs=["养老服务"]))
    assert _row(only_elderly, year=2026)["budget"] == 400.0
    no_private = q(fx, "funds_by_group", group_level="self", **_fparams(sources=["市县财政", "省级专项资金"]))
    r = _row(no_private, year=2026)
    assert r["budget"] == 400.0 and r["social_capital_pct"] == 0.0
    none = q(fx, "funds_by_group", group_level="self", **_fparams(programs=["党建阵地"]))
    assert none.empty


def test_period_years(fx):
    only_2026 = q(fx, "funds_by_group", group_level="county", **_fparams(first_year=2026, last_year=2026))
    assert set(only_2026["year"]) == {2026}


def test_funds_flows_balance(fx):
    df = q(fx, "funds_flows", group_level="city", **_fparams())
    sp, pg = df[df["stage"] == "source_program"], df[df["stage"] == "program_group"]
    assert sp["budget"].sum() == pg["budget"].sum() == 640.0
    assert _row(sp, from_key="市县财政", to_key="养老服务")["budget"] == 200.0  # 100 (2025) + 100 (2026)
    assert set(pg["to_key"]) == {"320100", "320500"}
    assert _row(pg, from_key="养老服务", to_key="320500")["to_name"] == "苏州市"
    county = q(fx, "funds_flows", group_level="county", **_fparams(region="320500", sources=["专项债"]))
    assert set(county["to_key"]) == {"垃圾分类", GUSU}
    assert county["budget"].sum() == 80.0  # 40 on each stage


def test_social_capital_share(fx):
    me = q(fx, "funds_social_capital", region="320000", group_level="self", first_year=2000, last_year=2026,
           programs=PROGRAMS)
    assert _row(me, year=2026)["social_capital_pct"] == pytest.approx(100 / 500 * 100)
    assert _row(me, year=2025)["social_capital_pct"] == 0.0
    by = q(fx, "funds_social_capital", region="320000", group_level="county", first_year=2026, last_year=2026,
           programs=PROGRAMS)
    assert _row(by, group_code=XUANWU)["social_capital_pct"] == pytest.approx(50.0)
    assert _row(by, group_code=HUQIU)["social_capital_pct"] == 0.0
    # the program filter narrows the denominator; the source is never filtered (it is a share of all sources)
    grid_only = q(fx, "funds_social_capital", region=XUANWU, group_level="self", first_year=2026, last_year=2026,
                  programs=["智慧网格"])
    assert grid_only.iloc[0]["social_capital_pct"] == pytest.approx(100.0)


# ------------------------------------------------------------------------------------------------ red line
def test_red_line_two_counties_and_the_worked_example(fx):
    df = q(fx, "obligations_by_county_year", region="320000", first_year=2026, last_year=2026)
    over = _row(df, county_code=XUANWU)
    assert over["obligation_pct"] == pytest.approx(12.0) and over["red_line_status"] == "over_10"
    assert over["headroom_to_10pct"] == pytest.approx(-2.0)
    safe = _row(df, county_code=HUQIU)
    assert safe["obligation_pct"] == pytest.approx(4.0) and safe["red_line_status"] == "ok"
    # docs/domain.md §5a: (8 + 1.3271) / 120 = 7.77 % — under 10 % but over 5 % (no new government-pay PPP)
    ex = _row(df, county_code=GUSU)
    assert round(ex["obligation_pct"], 2) == 7.77
    assert ex["red_line_status"] == "over_7"  # over the 财金〔2019〕10号 7 % risk notice
    assert ex["library_project_payments"] == pytest.approx(1.3271) and ex["paying_projects"] == 1
    near = _row(df, county_code=WUZHONG)
    assert near["obligation_pct"] == pytest.approx(8.5) and near["red_line_status"] == "over_7"


def test_obligations_trend(fx):
    tr = q(fx, "obligations_trend", region="320000", first_year=2000, last_year=2100)
    r = _row(tr, year=2026)
    assert r["counties"] == 4
    assert r["obligation_pct"] == pytest.approx(100 * (12 + 4 + 9.3271 + 17) / (100 + 100 + 120 + 200))
    assert r["max_county_obligation_pct"] == pytest.approx(12.0)
    assert (r["counties_over_5pct"], r["counties_over_7pct"], r["counties_over_10pct"]) == (3, 3, 1)
    assert _row(tr, year=2027)["budget_kind"] == "预测"
    suzhou = q(fx, "obligations_trend", region="320500", first_year=2026, last_year=2026)
    assert suzhou.iloc[0]["counties"] == 3 and suzhou.iloc[0]["counties_over_10pct"] == 0


# ------------------------------------------------------------------------------------------------ projects
def _pparams(**kw):
    out = dict(region="320000", end_month=END, programs=PROGRAMS, models=MODELS, statuses=STATUSES, risks=RISKS)
    out.update(kw)
    return out


def test_projects_list_delays_and_order(fx):
    df = q(fx, "projects_list", **_pparams())
    assert list(df["project_id"])[:2] == ["P1", "P3"]  # high risk first, more delayed key milestones first
    p1 = _row(df, project_id="P1")
    assert p1["county_name"] == "玄武区" and p1["city_name"] == "南京市"
    assert p1["key_delayed"] == 1 and p1["max_key_delay_days"] == 183  # 2026-05-01 → 2026-10-31
    assert p1["milestones"] == 4 and p1["milestones_reached"] == 1
    p2 = _row(df, project_id="P2")
    assert p2["key_delayed"] == 1 and p2["max_key_delay_days"] == 122
    assert p2["social_capital_pct"] == pytest.approx(80.0) and p2["risk_rank"] == 2
    p4 = _row(df, project_id="P4")  # reached on 2026-12-01, after the period: open at its end
    assert p4["milestones_reached"] == 0 and p4["max_key_delay_days"] == 152 and p4["key_delayed"] == 1


def test_projects_list_filters(fx):
    assert set(q(fx, "projects_list", **_pparams(risks=["高"]))["project_id"]) == {"P1", "P3"}
    assert set(q(fx, "projects_list", **_pparams(models=["BOT", "政府直投"]))["project_id"]) == {"P3", "P4"}
    assert set(q(fx, "projects_list", **_pparams(region="320500", statuses=["运营", "前期"]))["project_id"]) == {"P2", "P4"}
    # an earlier period end: P1's open 开工 milestone (planned 2026-05-01) is 30 days late on 2026-05-31
    early = q(fx, "projects_list", **_pparams(end_month=dt.date(2026, 5, 1)))
    assert _row(early, project_id="P1")["max_key_delay_days"] == 30


def test_project_milestones(fx):
    ms = q(fx, "project_milestones", project_id="P1", end_month=END)
    assert list(ms["state"]) == ["done", "open", "open", "planned"]
    assert list(ms["delay_days"].astype("Float64").fillna(-1)) == [212, 183, 60, -1]
    assert list(ms["late_90"]) == [False, True, False, False]  # the non-key 立项 is late but not flagged
    p4 = q(fx, "project_milestones", project_id="P4", end_month=END)
    assert p4.iloc[0]["state"] == "open" and pd.isna(p4.iloc[0]["actual_date"])


def test_projects_summary(fx):
    s = q(fx, "projects_summary", **_pparams()).iloc[0]
    assert s["projects"] == 4 and s["total_investment"] == 3800.0 and s["social_capital"] == 2000.0
    assert s["social_capital_pct"] == pytest.approx(2000 / 3800 * 100)
    assert s["high_risk"] == 2 and s["low_score"] == 1 and s["high_risk_pct"] == pytest.approx(50.0)
    assert s["key_delayed_projects"] == 4  # P1 (183 d), P2 (122 d), P3 (335 d, long ago), P4 (152 d)
    assert s["mean_performance_score"] == pytest.approx((55 + 75 + 90) / 3)
    assert s["gov_payments_this_year"] == pytest.approx(1.3271)
    suzhou = q(fx, "projects_summary", **_pparams(region="320500", risks=["低"])).iloc[0]
    assert suzhou["projects"] == 1


def test_project_limits_are_bound_from_the_thresholds_table(fx):
    # the runner supplies $key_milestone_delay_days_target (90) and $performance_score_target (60) from
    # governance/core/thresholds.py; a caller's value wins, so a stricter table would change these answers
    stricter = dict(key_milestone_delay_days_target=150.0, performance_score_target=80.0)
    s = q(fx, "projects_summary", **_pparams(), **stricter).iloc[0]
    assert s["low_score"] == 2  # 55 and 75 below 80
    assert s["key_delayed_projects"] == 3  # P2's 122 days no longer counts
    assert _row(q(fx, "projects_list", **_pparams(), **stricter), project_id="P2")["key_delayed"] == 0
    ms = q(fx, "project_milestones", project_id="P1", end_month=END, **stricter)
    assert list(ms["late_90"]) == [False, True, False, False]  # 183 days: still late


def test_every_new_query_has_a_header_and_binds_its_parameters():
    from governance.settings import QUERIES_DIR
    names = ["funds_flows", "funds_by_group", "funds_social_capital", "projects_list", "project_milestones",
             "projects_summary", "obligations_trend", "alert_fund_execution", "alert_milestone_delays",
             "alert_obligations", "alert_projects"]
    for name in names:
        sql = (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
        assert sql.startswith(f"-- {name}:"), name
        assert "Parameters" in sql, name
        assert "{" not in sql, name  # nothing is formatted into the SQL
