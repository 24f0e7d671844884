"""One colour scheme for an obligations share everywhere (issue 14): green ≤ 7 %, amber 7–10 %, red > 10 % — the
overview KPI card, the projects page, the alerts and the scenario page, from the one RED_LINES table."""

from __future__ import annotations

import pandas as pd
import pytest

from governance.core import thresholds
from governance.core.finance.evaluation import share_status
from governance.core.indicators.alerts import evaluate_rule, load_rules
from governance.core.indicators.kpis import kpi_status
from governance.core.thresholds import RED_LINE_STATUS_BAND, RED_LINES, red_line_band, red_line_status

# share → band, at and around the lines (a county at 9 % is amber, never "未达标"/red)
CASES = [(0.04, "green"), (0.05, "green"), (0.06, "green"), (0.07, "green"), (0.0701, "amber"), (0.08, "amber"),
         (0.09, "amber"), (0.10, "amber"), (0.1001, "red"), (0.12, "red")]
ALERT_SEVERITY = {"green": None, "amber": "medium", "red": "high"}


def test_the_table_has_the_three_sourced_lines():
    assert {k: r.share for k, r in RED_LINES.items()} == {"no_new_ppp": 0.10, "risk_notice": 0.07,
                                                           "no_new_government_pay": 0.05}
    assert "21号" in RED_LINES["no_new_ppp"].source and "10号" in RED_LINES["risk_notice"].source
    assert "119号" in RED_LINES["no_new_government_pay"].source
    params = thresholds.sql_parameters()
    assert {k: params[k] for k in ("no_new_ppp_share", "risk_notice_share", "no_new_government_pay_share")} == {
        "no_new_ppp_share": 0.10, "risk_notice_share": 0.07, "no_new_government_pay_share": 0.05}


@pytest.mark.parametrize("share, band", CASES)
def test_same_colour_for_the_same_share(share, band):
    assert red_line_band(share) == band
    assert kpi_status("obligation_pct", 100 * share) == band         # overview KPI card and map
    assert share_status(share) == band                                # scenario page KPI card
    assert RED_LINE_STATUS_BAND[red_line_status(share)] == band       # projects page bars


@pytest.mark.parametrize("share, band", CASES)
def test_alerts_fire_by_band(share, band):
    rules = {r.rule_id: r for r in load_rules()}
    cand = pd.DataFrame([{"county_code": "320102", "county_name": "玄武区", "subject": "2026", "year": 2026,
                          "obligation_pct": 100 * share, "red_line_band": red_line_band(share)}])
    fired = pd.concat([evaluate_rule(rules[rid], cand, "zh") for rid in ("obligation_near_red_line",
                                                                          "obligation_over_red_line")])
    assert list(fired["severity"]) == ([ALERT_SEVERITY[band]] if ALERT_SEVERITY[band] else [])
    if band == "red":
        assert "已超过10%红线" in fired.iloc[0]["message"]
