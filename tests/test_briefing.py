"""governance/core/indicators/kpis.py (the KPI façade: targets, status, formats, rankings) and briefing.py (the
narrative) on hand-made KPI frames whose answers are known by construction."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from governance.core import months, thresholds
from governance.core.indicators import briefing, kpis

# The region's KPIs for the period (a kpis_by_region 'self' row). Status against governance/core/thresholds.py:
#   green: grid 99.5 (≥99), fund 60.0 (target 90 × 6/12 = 45), beds 36.0 (≥35), waste 82.0 (≥80), council 72.0 (≥70),
#          obligation 4.0 (≤7)                                                                  -> 6
#   amber: closure 96.0 (≥94), on-time 93.0 (≥90), nursing 58.0 (≥55)                          -> 3
#   red:   social capital 10.0 (< 12)                                                          -> 1
# Relative gaps behind target: social (20−10)/20 = 0.50 > nursing 2/60 > on-time 2/95 > closure 1/97 > grid 0.005.
CURRENT = pd.DataFrame([{
    "group_code": "320000", "grid_coverage_pct": 99.5, "closure_pct": 96.0, "on_time_pct": 93.0,
    "fund_execution_latest_year_pct": 60.0, "fund_as_of_month": 6, "social_capital_pct": 10.0,
    "beds_per_1000_elderly": 36.0, "nursing_bed_pct": 58.0, "waste_accuracy_pct": 82.0, "council_adoption_pct": 72.0,
    "obligation_pct": 4.0, "counties_over_7pct": 2, "counties_over_10pct": 0, "max_county_obligation_pct": 9.31,
}])
# A year earlier. Changes: closure +2.0, on-time −1.5, social −3.0 (the biggest), waste +2.0, council +0.5,
# obligation +0.5. Ignored: grid coverage (a stock; +19.5 would be the biggest) and fund execution (a full year,
# as_of_month 12, against half a year: +40 would be the biggest).
PREVIOUS = pd.DataFrame([{
    "group_code": "320000", "grid_coverage_pct": 80.0, "closure_pct": 94.0, "on_time_pct": 94.5,
    "fund_execution_latest_year_pct": 20.0, "fund_as_of_month": 12, "social_capital_pct": 13.0,
    "beds_per_1000_elderly": 30.0, "nursing_bed_pct": 50.0, "waste_accuracy_pct": 80.0, "council_adoption_pct": 71.5,
    "obligation_pct": 3.5, "counties_over_7pct": 1, "counties_over_10pct": 0, "max_county_obligation_pct": 8.5,
}])
# Three cities on social capital: 南京 25.0 (green), 无锡 15.0 (amber ≥12), 徐州 8.0 (red).
GROUPS = pd.DataFrame([
    {"group_code": "320100", "social_capital_pct": 25.0, "closure_pct": 99.0, "fund_execution_latest_year_pct": 50.0,
     "fund_as_of_month": 6},
    {"group_code": "320200", "social_capital_pct": 15.0, "closure_pct": 95.0, "fund_execution_latest_year_pct": 40.0,
     "fund_as_of_month": 6},
    {"group_code": "320300", "social_capital_pct": 8.0, "closure_pct": 97.5, "fund_execution_latest_year_pct": 20.0,
     "fund_as_of_month": 6},
])

ZH = ("江苏省10项重点指标中，6项达标、3项预警、1项未达标。"
      "距目标最远的是社会资本占比：10.0%，目标为20.0%。"
      "分市看，社会资本占比最好的是南京市（25.0%），最弱的是徐州市（8.0%）。"
      "3个市中有1个市该项未达标。"
      "与上年同期相比，变化最大的是社会资本占比，下降3.0个百分点（13.0%→10.0%）。"
      "2个县（市、区）PPP支出责任占一般公共预算支出比重超过7%风险提示线，尚未超过10%红线（最高9.3%）。")
EN = ("Of 10 headline indicators for Jiangsu, 6 are on track, 3 on watch and 1 off track. "
      "Furthest from target: private-capital share at 10.0% against 20.0%. "
      "By city, private-capital share is best in Nanjing (25.0%) and weakest in Xuzhou (8.0%). "
      "1 of 3 cities are off track on it. "
      "Biggest change on the same period last year: private-capital share, down 3.0 pp (13.0% → 10.0%). "
      "2 counties have PPP obligations over the 7 % risk notice of general budget expenditure, none over the 10 % "
      "red line (highest 9.3%).")


def test_briefing_chinese_exact():
    assert briefing.briefing_text(CURRENT, PREVIOUS, GROUPS, region="320000", group_level="city", lang="zh") == ZH


def test_briefing_english_exact():
    assert briefing.briefing_text(CURRENT, PREVIOUS, GROUPS, region="320000", group_level="city", lang="en") == EN


def test_kpi_summary_numbers():
    s = kpis.kpi_summary(CURRENT, PREVIOUS).set_index("kpi")
    assert list(s.index) == [k.kpi for k in kpis.OVERVIEW_KPIS]
    assert s.loc["fund_execution_pct", "target"] == pytest.approx(45.0)  # 90 % pro-rated to 6 months
    assert s.loc["fund_execution_pct", "status"] == "green"
    assert math.isnan(s.loc["fund_execution_pct", "delta"])  # half a year against a full year: no change
    assert math.isnan(s.loc["grid_coverage_pct", "previous"]) and math.isnan(s.loc["grid_coverage_pct", "delta"])
    assert math.isnan(s.loc["beds_per_1000_elderly", "delta"])  # stock
    assert s.loc["closure_pct", "delta"] == pytest.approx(2.0)
    assert s.loc["on_time_pct", "delta"] == pytest.approx(-1.5)
    assert s.loc["social_capital_pct", "gap"] == pytest.approx(0.5)
    assert s.loc["obligation_pct", "gap"] == pytest.approx(-0.6)  # lower is better: (4 − 10)/10, the 10 % red line
    assert s["status"].value_counts().to_dict() == {"green": 6, "amber": 3, "red": 1}


def test_briefing_without_last_year_and_all_on_target():
    good = CURRENT.assign(social_capital_pct=21.0, closure_pct=97.0, on_time_pct=95.0, nursing_bed_pct=60.0,
                          grid_coverage_pct=100.0, counties_over_7pct=0, counties_over_10pct=0,
                          max_county_obligation_pct=6.04)
    text = briefing.briefing_text(good, None, GROUPS, region="320500", group_level="county", lang="zh")
    assert text == ("苏州市10项重点指标中，10项达标、0项预警、0项未达标。"
                    "各项指标均已达到目标。"  # no best/worst sentence: GROUPS has no grid coverage column
                    "上年同期数据不足，暂无同比。"
                    "没有县（市、区）PPP支出责任占比超过7%风险提示线（最高6.0%）。")


def test_briefing_focus_kpi_and_county_groups():
    groups = pd.DataFrame([{"group_code": "320505", "closure_pct": 98.0}, {"group_code": "320506", "closure_pct": 93.0},
                           {"group_code": "320507", "closure_pct": 95.0}])
    text = briefing.briefing_text(CURRENT, PREVIOUS, groups, region="320500", group_level="county", lang="zh",
                                  focus_kpi="closure_pct")
    assert "分县（市、区）看，事件办结率最好的是虎丘区（98.0%），最弱的是吴中区（93.0%）。" in text
    assert "3个县（市、区）中有1个县（市、区）该项未达标。" in text


def test_ranked_best_worst_and_map_values():
    r = kpis.ranked(GROUPS, "social_capital_pct")
    assert list(r["code"]) == ["320100", "320200", "320300"]
    assert list(r["status"]) == ["green", "amber", "red"] and list(r["rank"]) == [1, 2, 3]
    # lower is better: obligation ranks ascending
    ob = kpis.ranked(pd.DataFrame({"group_code": ["a", "b"], "obligation_pct": [7.0, 3.0]}), "obligation_pct")
    assert list(ob["code"]) == ["b", "a"]
    # fund execution: each row against its own pro-rated target (45 at month 6): 50 green, 40 amber (≥37.5), 20 red
    fund = kpis.ranked(GROUPS, "fund_execution_pct")
    assert list(fund["status"]) == ["green", "amber", "red"]
    best, worst = kpis.best_worst(GROUPS, "social_capital_pct")
    assert list(best["code"]) == ["320100"] and list(worst["code"]) == ["320300"]  # 3 regions: one each side
    six = pd.DataFrame({"group_code": [str(320100 + 100 * i) for i in range(6)], "closure_pct": [90, 91, 92, 93, 94, 95]})
    best, worst = kpis.best_worst(six, "closure_pct")
    assert list(best["value"]) == [95, 94, 93] and list(worst["value"]) == [90, 91, 92]
    twelve = pd.DataFrame({"group_code": [f"c{i:02d}" for i in range(12)], "closure_pct": list(range(80, 92))})
    best, worst = kpis.best_worst(twelve, "closure_pct")
    assert len(best) == len(worst) == 5 and worst.iloc[0]["value"] == 80
    mv = kpis.map_values(GROUPS.assign(social_capital_pct=[25.0, None, 8.0]), "social_capital_pct", lang="zh")
    assert list(mv["code"]) == ["320100", "320300", "320200"]
    assert mv.iloc[0]["detail"] == "第1名（共2个）· 达标" and mv.iloc[0]["label"] == "南京市"
    assert math.isnan(mv.iloc[2]["value"]) and mv.iloc[2]["detail"] == ""


def test_formatting_helpers():
    assert kpis.fmt_kpi("closure_pct", 97.64) == "97.6%"
    assert kpis.fmt_kpi("beds_per_1000_elderly", 33.26) == "33.3"
    assert kpis.fmt_kpi("close_days", 2.0) == "2.0"  # a target unit other than %
    assert kpis.fmt_kpi("closure_pct", None) == "—"
    assert kpis.target_text("closure_pct", 97.0, lang="zh") == "目标 ≥97.0%"
    assert kpis.target_text("obligation_pct", 5.0, lang="en") == "Target ≤5.0%"
    assert kpis.change_text("closure_pct", 96.0, 94.0, lang="zh") == "+2.0个百分点"
    assert kpis.change_text("beds_per_1000_elderly", 33.0, 30.0, lang="en") == "+10.0%"
    assert kpis.change_text("closure_pct", 96.0, None) == "—"
    assert months.shift_months(dt.date(2026, 10, 1), -12) == dt.date(2025, 10, 1)
    assert months.shift_months(dt.date(2026, 1, 1), -1) == dt.date(2025, 12, 1)


def test_kpi_status_against_the_thresholds_table():
    # closure: green ≥97, amber ≥94; close days (lower is better): green ≤2, amber ≤3.5
    assert [kpis.kpi_status("closure_pct", v) for v in (97.0, 96.9, 94.0, 93.9)] == ["green", "amber", "amber", "red"]
    assert [kpis.kpi_status("close_days", v) for v in (2.0, 3.5, 3.6)] == ["green", "amber", "red"]
    # fund execution at month 6: target 45, green from 45, amber from 37.5 (both thresholds × 6/12)
    assert kpis.kpi_target("fund_execution_pct", 6) == pytest.approx(45.0)
    assert [kpis.kpi_status("fund_execution_pct", v, 6) for v in (45.0, 37.5, 37.4)] == ["green", "amber", "red"]
    assert kpis.kpi_status("fund_execution_pct", 80.0) == "amber"  # a closed year: green from 90, amber from 75
    assert kpis.kpi_status("meals_per_month", 100.0) == "none"  # a volume without target
    assert kpis.kpi_status("closure_pct", None) == "none" and kpis.kpi_status("closure_pct", float("nan")) == "none"


def test_thresholds_reach_sql_and_data_files_by_name():
    params = thresholds.sql_parameters()
    assert params["key_milestone_delay_days_target"] == 90.0 and params["performance_score_target"] == 60.0
    assert params["closure_pct_target"] == 97.0
    assert thresholds.named_threshold("key_milestone_delay_days") == 90.0
    with pytest.raises(ValueError):
        thresholds.named_threshold("no_such_threshold")
    # every target cites where it comes from
    assert all(tg.source for tg in thresholds.TARGETS.values())


def test_briefing_says_over_not_near_for_counties_over_10pct():
    """Issue 14: a county over 10 % is "已超过10%红线" — the briefing must not say 逼近 for it."""
    over = CURRENT.assign(counties_over_7pct=3, counties_over_10pct=1, max_county_obligation_pct=10.6)
    zh = briefing.briefing_text(over, PREVIOUS, GROUPS, region="320000", group_level="city", lang="zh")
    assert zh.endswith("1个县（市、区）PPP支出责任占一般公共预算支出比重已超过10%红线，不得新上PPP项目（最高10.6%）。"
                       "另有2个超过7%风险提示线。")
    assert "逼近" not in zh
    en = briefing.briefing_text(over, PREVIOUS, GROUPS, region="320000", group_level="city", lang="en")
    assert "1 counties are over the 10 % red line" in en and "2 more are over the 7 % risk notice." in en
