"""Alert rules kept as data (data/reference/alert_rules.csv) and evaluated by governance.core.indicators.alerts: the rule file is
valid, every rule fires on a hand-built fixture that trips it and stays silent on one that does not, messages come
in both languages, and the alert downloads are safe to open (formula injection)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd
import pytest
from test_funds_queries import END, GUSU, START, WUZHONG, XUANWU, make_warehouse

from governance.app import downloads
from governance.core.indicators import alerts
from governance.core.indicators.alerts import (
    ALERT_COLUMNS,
    evaluate_alerts,
    load_rules,
    parse_condition,
    parse_rules,
)
from governance.core.warehouse import run_query
from governance.settings import ALERT_RULES_CSV, QUERIES_DIR

REQUIRED = {"fund_execution_q3", "milestone_delay_90d", "obligation_near_red_line", "obligation_over_red_line",
            "project_high_risk", "project_low_score"}


@pytest.fixture(scope="module")
def fx():
    con = make_warehouse()
    yield con
    con.close()


def _runner(con):
    return lambda name, **params: run_query(con, name, **params)


def _alerts(con, region="320000", start=START, end=END, lang="zh", rule_id=None):
    out = evaluate_alerts(_runner(con), region, start, end, lang=lang)
    return out[out["rule_id"] == rule_id] if rule_id else out


# ------------------------------------------------------------------------------------------------ the rule file
def test_rule_file_is_valid_and_complete():
    rules = load_rules()
    assert REQUIRED <= {r.rule_id for r in rules}
    with open(ALERT_RULES_CSV, encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header == list(alerts.RULE_FIELDS)
    for r in rules:
        assert (QUERIES_DIR / f"{r.query}.sql").exists(), r.query
        assert r.severity in ("high", "medium") and r.operator in ("<", "<=", ">", ">=")
        assert r.title_zh and r.title_en and r.message_zh and r.message_en


def test_every_rule_metric_and_condition_column_is_in_its_query(fx):
    params = alerts.query_params("320000", START, END)
    for r in load_rules():
        cols = set(run_query(fx, r.query, **params).columns)
        assert {r.metric, "county_code", "county_name", "subject"} <= cols, r.rule_id
        assert {c.column for c in r.conditions} <= cols, r.rule_id


def test_parse_condition():
    assert parse_condition("") == ()
    assert parse_condition(None) == ()
    (c,) = parse_condition("as_of_month>=9")
    assert (c.column, c.op, c.value) == ("as_of_month", ">=", 9.0)
    a, b = parse_condition("as_of_month >= 9 and status != '完工'")
    assert (b.column, b.op, b.value) == ("status", "!=", "完工")
    assert len(parse_condition("x<1 & y=abc")) == 2
    assert parse_condition("status!=完工")[0].test("在建") and not parse_condition("status!=完工")[0].test("完工")
    assert not parse_condition("as_of_month>=9")[0].test(None)
    for bad in ("as_of_month", "9>=as_of_month", "x >= abc", "x>=1 and", "x ~ 1"):
        with pytest.raises(ValueError):
            parse_condition(bad)


def _row(**kw):
    base = {"rule_id": "r1", "title_zh": "标题", "title_en": "Title", "query": "alert_projects",
            "metric": "risk_rank", "operator": ">=", "threshold": "3", "condition": "", "severity": "high",
            "message_zh": "{subject}", "message_en": "{subject}"}
    base.update(kw)
    return base


@pytest.mark.parametrize("bad, match", [
    ({"operator": "=="}, "operator"),
    ({"severity": "critical"}, "severity"),
    ({"threshold": "sixty"}, "threshold"),
    ({"condition": "as_of_month"}, "condition"),
    ({"metric": ""}, "metric"),
])
def test_parse_rules_rejects_bad_rows(bad, match):
    with pytest.raises(ValueError, match=match):
        parse_rules([_row(**bad)])


def test_parse_rules_rejects_repeated_ids():
    with pytest.raises(ValueError, match="repeats"):
        parse_rules([_row(), _row()])


def test_a_metric_missing_from_the_query_is_an_error(fx):
    rule = parse_rules([_row(metric="no_such_column")])
    with pytest.raises(ValueError, match="no_such_column"):
        evaluate_alerts(_runner(fx), "320000", START, END, rules=rule)


# ------------------------------------------------------------------------------------------------ each rule
def test_fund_execution_trips_and_does_not(fx):
    got = _alerts(fx, rule_id="fund_execution_q3")
    # Xuanwu 2026 (55 % at month 9) and Gusu 2025 (25 %, closed year) fire; Huqiu 2026 (80 %) and Xuanwu 2025
    # (95 %) don't
    assert set(zip(got["county_code"], got["subject"])) == {(XUANWU, "2026"), (GUSU, "2025")}
    x = got[got["county_code"] == XUANWU].iloc[0]
    assert x["value"] == pytest.approx(55.0) and x["threshold"] == 60.0 and x["severity"] == "high"
    assert x["message"] == "玄武区2026年资金执行率55.0%（截至9月），低于60%"


def test_fund_execution_waits_for_q3():
    # the same 55 % at month 6 is not an alert (condition as_of_month>=9)
    funds = [(2026, XUANWU, "养老服务", "市县财政", 6, 200.0, 140.0, 110.0)]
    con = make_warehouse(funds=funds)
    try:
        assert _alerts(con, rule_id="fund_execution_q3").empty
    finally:
        con.close()
    con = make_warehouse(funds=[(2026, XUANWU, "养老服务", "市县财政", 9, 200.0, 140.0, 110.0)])
    try:
        assert len(_alerts(con, rule_id="fund_execution_q3")) == 1
    finally:
        con.close()


def test_milestone_delay_trips_and_does_not(fx):
    got = _alerts(fx, rule_id="milestone_delay_90d")
    # P1 开工 open 183 days; P2 开工 reached in the period 122 days late; P4 开工 reached only after the period: open
    # 152 days. Not: P1 主体完工 (60 days), P1 立项 (not key), P2 主体完工 (30 days), P3 开工 (reached in 2020).
    assert sorted(zip(got["subject"], got["value"])) == [
        ("姑苏区红色驿站项目", 122.0), ("玄武区邻里中心项目", 183.0), ("虎丘区智慧社区项目", 152.0)]
    msg = got[got["value"] == 183.0].iloc[0]["message"]
    assert msg == "玄武区邻里中心项目“开工”节点延误183天（计划2026-05-01）"
    # an earlier period end: P1 开工 is 30 days late on 2026-05-31 — no alert yet
    early = _alerts(fx, start=dt.date(2025, 6, 1), end=dt.date(2026, 5, 1), rule_id="milestone_delay_90d")
    assert "玄武区邻里中心项目" not in set(early["subject"])


def test_obligations_trip_and_do_not(fx):
    # one colour per share (issue 14): amber 7–10 % → the 7 % risk notice (medium), red > 10 % → the red line (high)
    near = _alerts(fx, rule_id="obligation_near_red_line")
    # 8.5 % and the worked example's 7.77 % are over 7 % (财金〔2019〕10号); 12 % is red, not amber; 4 % is green
    assert dict(zip(near["county_code"], near["value"].round(2))) == {GUSU: 7.77, WUZHONG: 8.5}
    assert set(near["severity"]) == {"medium"} and near["threshold"].eq(7.0).all()
    over = _alerts(fx, rule_id="obligation_over_red_line")
    assert dict(zip(over["county_code"], over["value"].round(2))) == {XUANWU: 12.0}
    assert over.iloc[0]["severity"] == "high" and "已超过10%红线" in over.iloc[0]["message"]
    assert "逼近" not in over.iloc[0]["message"]
    # the year of the period end decides: 2027 (Xuanwu 13 %) only when the period ends in 2027
    later = _alerts(fx, start=dt.date(2027, 1, 1), end=dt.date(2027, 3, 1), rule_id="obligation_over_red_line")
    assert list(later["subject"]) == ["2027"]


def test_thresholds_can_name_a_red_line():
    row = {"rule_id": "x", "title_zh": "x", "title_en": "x", "query": "alert_obligations", "metric": "m",
           "operator": ">", "threshold": "risk_notice", "condition": "", "severity": "high", "message_zh": "x",
           "message_en": "x"}
    assert parse_rules([row])[0].threshold == 7.0
    with pytest.raises(ValueError, match="red line"):
        parse_rules([{**row, "threshold": "eight"}])


def test_project_risk_and_score_trip_and_do_not(fx):
    high = _alerts(fx, rule_id="project_high_risk")
    assert list(high["subject"]) == ["玄武区邻里中心项目"]  # P3 is high risk but completed (status!=完工); P2 中
    low = _alerts(fx, rule_id="project_low_score")
    assert list(low["subject"]) == ["玄武区邻里中心项目"]  # 55 < 60; 75, 90 and no score don't
    assert low.iloc[0]["value"] == 55.0 and low.iloc[0]["severity"] == "medium"


# ------------------------------------------------------------------------------------------------ the result
def test_result_columns_order_region_and_language(fx):
    got = _alerts(fx)
    assert list(got.columns) == ALERT_COLUMNS
    assert list(got["severity"]) == sorted(got["severity"], key=lambda s: ("high", "medium").index(s))
    suzhou = _alerts(fx, region="320500")
    assert XUANWU not in set(suzhou["county_code"]) and len(suzhou) > 0
    en = _alerts(fx, lang="en", rule_id="milestone_delay_90d")
    assert "milestone Construction start 183 days late (planned 2026-05-01)" in " ".join(en["message"])
    summary = alerts.summarise(got, lang="en")
    assert list(summary["rule_id"])[:5] == [r.rule_id for r in load_rules()][:5]
    assert summary.set_index("rule_id").loc["project_low_score", "count"] == 1
    assert summary.set_index("rule_id").loc["fund_execution_q3", "title"] == "Low fund execution (from Q3)"


def test_no_data_means_no_alerts():
    got = evaluate_alerts(lambda name, **p: pd.DataFrame(), "320000", START, END)
    assert got.empty and list(got.columns) == ALERT_COLUMNS
    assert alerts.summarise(got)["count"].sum() == 0


def test_alert_download_is_formula_safe():
    evil = "=HYPERLINK(\"http://x\",\"点击\")"
    projects = [("P9", XUANWU, evil, "养老服务", "专项债", 100.0, 0.0, dt.date(2024, 1, 1), 5, "在建", 40.0, "高",
                 0.0, None, None)]
    con = make_warehouse(projects=projects, milestones=[])
    try:
        got = _alerts(con, rule_id="project_low_score")
    finally:
        con.close()
    assert got.iloc[0]["subject"] == evil and got.iloc[0]["message"].startswith("=")
    labels = {"subject": "对象", "message": "说明", "value": "指标值"}
    text = downloads.to_csv_bytes(got, labels).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["对象", "指标值", "说明"]
    assert rows[1][0] == "'" + evil and rows[1][2].startswith("'=")
    import openpyxl
    ws = openpyxl.load_workbook(io.BytesIO(downloads.to_xlsx_bytes(got, labels))).active
    assert ws["A2"].value == "'" + evil and ws["A2"].data_type == "s"
