"""Every rule in governance/core/finance/rules.py on a case that trips it and one that does not."""

from __future__ import annotations

import pytest

from governance.core.finance import (
    RULE_IDS,
    ABSTerms,
    CountyContext,
    FinancingShares,
    FranchiseTerms,
    LegacyPPPInputs,
    ScenarioInputs,
    SubsidizedLoanTerms,
    check_legacy_rules,
    check_rules,
    run_scenario,
)


def franchise(county: CountyContext | None = None, **kw) -> ScenarioInputs:
    """The examples/scenario_franchise.json project: compliant on every rule."""
    fr = dict(model="BOT", term=30, equity_share=0.35, debt_rate=0.042, debt_tenor=15, debt_grace_years=2,
              operating_subsidy=150, operating_subsidy_growth=0.02)
    fr.update(kw.pop("franchise", {}))
    base = dict(total_investment=12000, construction_years=2, capex_shares=[0.6, 0.4], horizon_years=30,
                user_fees=1300, fee_growth=0.02, opex=800, opex_growth=0.025, psc_risk_share=0.2,
                psc_competitive_neutrality=0.03, strongly_public=True,
                shares=FinancingShares(budget=0.2, special_bond=0.0, franchise=0.8),
                franchise=FranchiseTerms(**fr))
    base.update(kw)
    return ScenarioInputs(**base)


COUNTY = CountyContext(code="320923", name="阜宁县", gpb_expenditure=[600000], gpb_growth=0.03,
                       existing_obligations=[30000])


def rule(checks, rule_id):
    matches = [c for c in checks if c.rule_id == rule_id]
    assert len(matches) == 1
    return matches[0]


def test_every_rule_reported_once_in_order():
    checks = check_rules(franchise(), county=COUNTY)
    assert [c.rule_id for c in checks] == list(RULE_IDS)
    for c in checks:
        assert c.severity in ("error", "warning")
        assert c.message_zh and c.message_en and c.reference


def test_compliant_franchise_passes_everything():
    checks = check_rules(franchise(), county=COUNTY)
    assert all(c.ok for c in checks), [c.message_en for c in checks if not c.ok]
    for rid in ("no_government_payment", "no_viability_gap_subsidy", "no_guaranteed_return",
                "subsidy_operations_only", "franchise_term_max_40", "private_equity_min_35", "red_line_10pct",
                "vfm_positive"):
        assert rule(checks, rid).applicable, rid


@pytest.mark.parametrize("flag, rule_id, word_zh", [
    ("government_payment", "no_government_payment", "政府付费"),
    ("viability_gap_subsidy", "no_viability_gap_subsidy", "可行性缺口补助"),
    ("guaranteed_return", "no_guaranteed_return", "保底收益率"),
])
def test_115hao_user_pay_only(flag, rule_id, word_zh):
    bad = rule(check_rules(franchise(franchise={flag: True})), rule_id)
    assert not bad.ok and bad.severity == "error" and word_zh in bad.message_zh
    assert "115" in bad.reference and "80.00%" in bad.message_en
    assert rule(check_rules(franchise()), rule_id).ok


def test_subsidy_above_opex_trips():
    bad = rule(check_rules(franchise(franchise={"operating_subsidy": 900})), "subsidy_operations_only")
    assert not bad.ok
    assert "900.00" in bad.message_en and "800.00" in bad.message_en  # subsidy vs opex in year 3
    ok = rule(check_rules(franchise()), "subsidy_operations_only")
    assert ok.ok and ok.applicable


def test_subsidy_during_construction_is_a_capex_subsidy():
    schedule = [500.0, 0.0] + [100.0] * 28
    bad = rule(check_rules(franchise(franchise={"operating_subsidy_schedule": schedule})), "subsidy_operations_only")
    assert not bad.ok and "第 1 年" in bad.message_zh and "construction" in bad.message_en
    good = [0.0, 0.0] + [100.0] * 28
    assert rule(check_rules(franchise(franchise={"operating_subsidy_schedule": good})), "subsidy_operations_only").ok


def test_franchise_term_over_40():
    # validate_inputs rejects the term as well, so check_rules evaluates it from the inputs alone
    checks = check_rules(franchise(franchise={"term": 45}, horizon_years=50))
    bad = rule(checks, "franchise_term_max_40")
    assert not bad.ok and "45" in bad.message_zh and "40" in bad.message_en
    assert not rule(checks, "subsidy_operations_only").applicable  # result-based: not computed
    assert rule(check_rules(franchise(franchise={"term": 40}, horizon_years=40)), "franchise_term_max_40").ok


def test_private_equity_min_35_when_strongly_public():
    bad = rule(check_rules(franchise(franchise={"equity_share": 0.3})), "private_equity_min_35")
    assert not bad.ok and "30.00%" in bad.message_zh and "35.00%" in bad.message_en
    assert rule(check_rules(franchise(franchise={"equity_share": 0.35})), "private_equity_min_35").ok
    na = rule(check_rules(franchise(franchise={"equity_share": 0.3}, strongly_public=False)), "private_equity_min_35")
    assert na.ok and not na.applicable


def test_special_bond_balance():
    low = ScenarioInputs(user_fees=400, opex=300)  # 80 % special bond, thin net income
    bad = rule(check_rules(low), "special_bond_balance")
    cov = run_scenario(low).summary.bond_coverage
    assert cov < 1.1 and not bad.ok and f"{cov:.2f}" in bad.message_en
    good = rule(check_rules(ScenarioInputs()), "special_bond_balance")
    assert good.ok and "1.24" in good.message_zh
    assert not rule(check_rules(franchise()), "special_bond_balance").applicable


def test_red_line_10pct():
    tight = CountyContext(code="320923", name="阜宁县", gpb_expenditure=[600000], existing_obligations=[59900])
    bad = rule(check_rules(franchise(), county=tight), "red_line_10pct")
    assert not bad.ok and bad.severity == "error" and "不得新上PPP" in bad.message_zh
    assert "9.98%" in bad.message_en  # without the project
    ok = rule(check_rules(franchise(), county=COUNTY), "red_line_10pct")
    assert ok.ok and "5.00%" in ok.message_zh
    na = rule(check_rules(franchise()), "red_line_10pct")
    assert na.ok and not na.applicable


def test_red_line_over_10_without_ppp_is_a_warning():
    over = CountyContext(code="x", gpb_expenditure=[100000], existing_obligations=[11000])
    c = rule(check_rules(ScenarioInputs(), county=over), "red_line_10pct")
    assert not c.ok and c.severity == "warning"


def test_red_line_5pct_government_pay():
    # government-pay franchise in a county at 7 %: forbidden (and also by 115号)
    county = CountyContext(code="x", name="县", gpb_expenditure=[600000], existing_obligations=[42000])
    gp = franchise(franchise={"government_payment": True})
    bad = rule(check_rules(gp, county=county), "red_line_5pct_government_pay")
    assert not bad.ok and "不得新上政府付费" in bad.message_zh and "7." in bad.message_en
    low = CountyContext(code="x", gpb_expenditure=[600000], existing_obligations=[6000])
    assert rule(check_rules(gp, county=low), "red_line_5pct_government_pay").ok
    # not a government-pay project: not applicable
    assert not rule(check_rules(franchise(), county=county), "red_line_5pct_government_pay").applicable


def test_legacy_worked_example_red_lines():
    # domain.md §5a: (8 + 1.3271)/120 = 7.77 % — under 10 %, over 5 %: no new government-pay projects
    county = CountyContext(code="", name="算例", gpb_expenditure=[1200000], existing_obligations=[80000])
    checks = check_legacy_rules(LegacyPPPInputs(payment_mode="government_pay"), county)
    assert rule(checks, "red_line_10pct").ok
    five = rule(checks, "red_line_5pct_government_pay")
    assert not five.ok
    vg = check_legacy_rules(LegacyPPPInputs(), county)
    assert rule(vg, "red_line_10pct").ok and "8.10%" in rule(vg, "red_line_10pct").message_en
    # legacy stream inside a scenario counts towards the red line too
    inp = ScenarioInputs(legacy_ppp=LegacyPPPInputs(payment_mode="government_pay"))
    assert not rule(check_rules(inp, county=county), "red_line_5pct_government_pay").ok


def test_loan_subsidy_years():
    mk = lambda years: ScenarioInputs(  # noqa: E731
        shares=FinancingShares(budget=0.5, special_bond=0, subsidized_loan=0.5),
        subsidized_loan=SubsidizedLoanTerms(subsidy_years=years))
    bad = rule(check_rules(mk(3)), "loan_subsidy_years_max_2")
    assert not bad.ok and bad.severity == "warning" and "3" in bad.message_zh and "1.70%" in bad.message_en
    assert rule(check_rules(mk(2)), "loan_subsidy_years_max_2").ok


def test_abs_capacity():
    mk = lambda adv: ScenarioInputs(  # noqa: E731
        shares=FinancingShares(budget=0.7, special_bond=0, abs=0.3), abs=ABSTerms(advance_rate=adv))
    bad = rule(check_rules(mk(0.1)), "abs_advance_capacity")
    assert not bad.ok and "3,000.00" in bad.message_en
    assert rule(check_rules(mk(0.8)), "abs_advance_capacity").ok


def test_vfm_positive():
    assert rule(check_rules(franchise()), "vfm_positive").ok
    bad = rule(check_rules(franchise(user_fees=1600)), "vfm_positive")  # too profitable for the SPV
    assert not bad.ok and "PSC" in bad.message_en


def test_result_passed_in_is_used():
    inp = franchise()
    res = run_scenario(inp, COUNTY)
    assert [c.ok for c in check_rules(inp, res)] == [c.ok for c in check_rules(inp, county=COUNTY)]
