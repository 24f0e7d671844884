"""Every rule in governance/core/finance/rules.py on a hand-built case that trips it and one that passes, the
done-when cases of issue 14, and the one verdict."""

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
    verdict,
)


def franchise(county: CountyContext | None = None, **kw) -> ScenarioInputs:
    """The examples/scenario_franchise.json project: a 25 %-capital BOT, 40 % 民营企业 — compliant on every rule."""
    fr = dict(model="BOT", term=30, equity_share=0.25, private_enterprise_equity_share=0.4, debt_rate=0.042,
              debt_tenor=15, debt_grace_years=2, operating_subsidy=100, operating_subsidy_growth=0.02)
    fr.update(kw.pop("franchise", {}))
    base = dict(total_investment=12000, construction_years=2, capex_shares=[0.6, 0.4], horizon_years=30,
                user_fees=1350, fee_growth=0.02, opex=800, opex_growth=0.025, psc_risk_share=0.2,
                psc_competitive_neutrality=0.03, strongly_public=True,
                shares=FinancingShares(budget=0.2, special_bond=0.0, franchise=0.8),
                franchise=FranchiseTerms(**fr))
    base.update(kw)
    return ScenarioInputs(**base)


COUNTY = CountyContext(code="320923", name="阜宁县", gpb_expenditure=[600000], gpb_growth=0.03,
                       existing_obligations=[30000])


def at(share: float, name: str = "县") -> CountyContext:
    """A county whose existing obligations are ``share`` of a flat 600,000 万元 budget."""
    return CountyContext(code="x", name=name, gpb_expenditure=[600000], existing_obligations=[600000 * share])


def rule(checks, rule_id):
    matches = [c for c in checks if c.rule_id == rule_id]
    assert len(matches) == 1
    return matches[0]


def failing(checks, severity=None):
    return [c.rule_id for c in checks if c.applicable and not c.ok and (severity is None or c.severity == severity)]


def test_every_rule_reported_once_in_order():
    checks = check_rules(franchise(), county=COUNTY)
    assert [c.rule_id for c in checks] == list(RULE_IDS)
    for c in checks:
        assert c.severity in ("error", "warning")
        assert c.message_zh and c.message_en and c.reference


def test_compliant_franchise_passes_everything():
    checks = check_rules(franchise(), county=COUNTY)
    assert all(c.ok for c in checks), [c.message_en for c in checks if not c.ok]
    for rid in ("no_government_payment", "no_viability_gap_subsidy", "no_guaranteed_return", "user_fee_basis",
                "subsidy_operations_only", "franchise_term_max_40", "private_equity_min_35", "red_line_10pct",
                "risk_notice_7pct", "vfm_positive"):
        assert rule(checks, rid).applicable, rid
    assert verdict(checks).status == "pass"


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


# ---------------------------------------------------------------- 民营企业 ≥ 35 % (issue 14 item 1)
def test_25pct_capital_bot_with_40pct_private_enterprise_equity_passes():
    checks = check_rules(franchise(), county=COUNTY)
    c = rule(checks, "private_equity_min_35")
    assert c.ok and "40.00%" in c.message_zh and "民营企业" in c.message_zh and "25.00%" in c.message_zh
    assert not failing(checks, "error")


def test_same_company_held_by_state_firms_fails():
    checks = check_rules(franchise(franchise={"private_enterprise_equity_share": 0.0}), county=COUNTY)
    c = rule(checks, "private_equity_min_35")
    assert not c.ok and c.severity == "error" and "0.00%" in c.message_zh and "35.00%" in c.message_zh
    assert failing(checks, "error") == ["private_equity_min_35"]
    # a high capital ratio does not help: 社会资本 (state firms included) ≠ 民营企业
    assert not rule(check_rules(franchise(franchise={"private_enterprise_equity_share": 0.0, "equity_share": 0.4})),
                    "private_equity_min_35").ok


def test_private_equity_edges_and_weakly_public_needs_control():
    assert rule(check_rules(franchise(franchise={"private_enterprise_equity_share": 0.35})), "private_equity_min_35").ok
    assert not rule(check_rules(franchise(franchise={"private_enterprise_equity_share": 0.34})),
                    "private_equity_min_35").ok
    weak = dict(strongly_public=False)
    assert not rule(check_rules(franchise(franchise={"private_enterprise_equity_share": 0.4}, **weak)),
                    "private_equity_min_35").ok
    assert not rule(check_rules(franchise(franchise={"private_enterprise_equity_share": 0.5}, **weak)),
                    "private_equity_min_35").ok  # control means more than half
    ok = rule(check_rules(franchise(franchise={"private_enterprise_equity_share": 0.51}, **weak)),
              "private_equity_min_35")
    assert ok.ok and "控股" in ok.message_zh
    unstated = rule(check_rules(franchise(franchise={"private_enterprise_equity_share": None})),
                    "private_equity_min_35")
    assert not unstated.ok and "未填写" in unstated.message_zh
    assert not rule(check_rules(ScenarioInputs()), "private_equity_min_35").applicable


# ---------------------------------------------------------------- 收费基础 (issue 14 item 2)
def test_disguised_government_pay_fails():
    """Zero user fees with an operating subsidy equal to opex: government pay in disguise, whatever it declares."""
    disguised = franchise(user_fees=0.0, franchise={"operating_subsidy": 800, "operating_subsidy_growth": 0.025})
    checks = check_rules(disguised, county=COUNTY)
    c = rule(checks, "user_fee_basis")
    assert not c.ok and c.severity == "error" and "变相政府付费" in c.message_zh and "0.00×" in c.message_en
    assert rule(checks, "subsidy_operations_only").ok  # the subsidy alone looks legal
    assert "user_fee_basis" in failing(checks, "error") and not verdict(checks).ok
    # token fees fail too
    assert not rule(check_rules(franchise(user_fees=100.0)), "user_fee_basis").ok


def test_fee_basis_threshold_is_the_investment_plus_opex():
    # by hand (PV at 4.2 % over 30 years): fees 1350 → 1.014×, fees 1300 → 0.977×
    ok = rule(check_rules(franchise()), "user_fee_basis")
    assert ok.ok and "1.01" in ok.message_en
    bad = rule(check_rules(franchise(user_fees=1300)), "user_fee_basis")
    assert not bad.ok and "0.98" in bad.message_en
    # the subsidy does not count towards the basis
    assert rule(check_rules(franchise(user_fees=1300, franchise={"operating_subsidy": 700})), "user_fee_basis").ok \
        is False


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


# ---------------------------------------------------------------- hidden debt (issue 14 item 9)
def test_budget_repaying_a_project_loan_is_hidden_debt():
    mk = lambda gov: ScenarioInputs(  # noqa: E731
        shares=FinancingShares(budget=0.5, special_bond=0, subsidized_loan=0.5),
        subsidized_loan=SubsidizedLoanTerms(government_repays=gov))
    bad = rule(check_rules(mk(True)), "no_hidden_debt")
    assert not bad.ok and bad.severity == "error" and "第三十五条" in bad.message_zh and "43" in bad.reference
    assert rule(check_rules(mk(False)), "no_hidden_debt").ok
    assert not rule(check_rules(ScenarioInputs()), "no_hidden_debt").applicable


def test_special_bond_balance():
    low = ScenarioInputs(user_fees=400, opex=300)  # 80 % special bond, thin net income
    bad = rule(check_rules(low), "special_bond_balance")
    cov = run_scenario(low).summary.bond_coverage
    assert cov < 1.1 and not bad.ok and f"{cov:.2f}" in bad.message_en
    good = rule(check_rules(ScenarioInputs()), "special_bond_balance")
    assert good.ok and "1.24" in good.message_zh
    assert not rule(check_rules(franchise()), "special_bond_balance").applicable


# ---------------------------------------------------------------- red lines (issue 14 items 3, 5, 6, 7)
def test_red_line_10pct_pushed_over_by_the_project():
    tight = CountyContext(code="320923", name="阜宁县", gpb_expenditure=[600000], existing_obligations=[59900])
    bad = rule(check_rules(franchise(), county=tight), "red_line_10pct")
    assert not bad.ok and bad.severity == "error" and "不得新上PPP" in bad.message_zh
    assert "9.98%" in bad.message_en and not bad.details["already_over"]  # without the project
    ok = rule(check_rules(franchise(), county=COUNTY), "red_line_10pct")
    assert ok.ok and "5.00%" in ok.message_zh
    na = rule(check_rules(franchise()), "red_line_10pct")
    assert na.ok and not na.applicable


def test_red_line_numerator_has_the_four_obligations():
    """股权投资 + 运营补贴 + 风险承担 + 配套投入: a county at 9.5 % goes over 10 % on 配套投入 alone."""
    county = at(0.095)
    plain = rule(check_rules(franchise(), county=county), "red_line_10pct")
    assert plain.ok
    heavy = franchise(franchise={"supporting_investment": 6000.0, "government_equity_share": 0.2})
    res = run_scenario(heavy, county)
    y1 = res.rows[0]
    # year 1: capex 7200; 配套投入 60 % of 6000; equity 25 % × 80 % × 7200 × 20 %; risk 20 % × 30 % × 80 % × 7200
    assert y1.supporting_investment == pytest.approx(3600)
    assert y1.government_equity == pytest.approx(0.25 * 0.8 * 7200 * 0.2)
    assert y1.retained_risk == pytest.approx(0.2 * 0.3 * 0.8 * 7200)
    assert y1.ppp_obligations == pytest.approx(3600 + 288 + 345.6)
    bad = rule(check_rules(heavy, county=county), "red_line_10pct")
    assert not bad.ok and round(bad.details["share_with"], 4) == round((57000 + 3600 + 288 + 345.6) / 600000, 4)


def test_county_already_over_10pct_is_the_verdict():
    """Issue 14: 玄武区, already over 10 % without the project, must not get "✓ 符合" above a failing rule."""
    checks = check_rules(franchise(), county=at(0.105, "玄武区"))
    c = rule(checks, "red_line_10pct")
    assert not c.ok and c.details["already_over"] and "已超过10%红线" in c.message_zh
    v = verdict(checks, "玄武区")
    assert v.status == "blocked" and not v.ok
    assert "已超过10%红线" in v.message_zh and "不得新上PPP项目" in v.message_zh and "10.50%" in v.message_zh
    assert "逼近" not in v.message_zh


def test_red_line_over_10_without_ppp_is_a_warning():
    over = CountyContext(code="x", gpb_expenditure=[100000], existing_obligations=[11000])
    checks = check_rules(ScenarioInputs(), county=over)
    c = rule(checks, "red_line_10pct")
    assert not c.ok and c.severity == "warning"
    assert verdict(checks).status != "blocked"  # a bond-financed project is not a new PPP


def test_county_at_8pct_gets_a_7pct_warning_and_no_error():
    checks = check_rules(franchise(), county=at(0.08))
    seven = rule(checks, "risk_notice_7pct")
    assert not seven.ok and seven.severity == "warning" and "风险提示" in seven.message_zh
    assert failing(checks, "error") == []
    v = verdict(checks)
    assert v.ok and v.status == "warn" and v.warnings == ["risk_notice_7pct"]
    assert rule(check_rules(franchise(), county=at(0.06)), "risk_notice_7pct").ok


def test_user_pay_project_in_a_county_at_6pct_gets_no_5pct_error():
    """Issue 14: the 5 % line fired on an EXISTING government-pay stream; it concerns the new project only."""
    county = at(0.06)
    existing_gov_pay = LegacyPPPInputs(payment_mode="government_pay", start_year=1)
    checks = check_rules(franchise(legacy_ppp=existing_gov_pay), county=county)
    five = rule(checks, "red_line_5pct_government_pay")
    assert five.ok and not five.applicable and "不是政府付费" in five.message_zh
    assert "red_line_5pct_government_pay" not in failing(checks)


def test_5pct_line_when_the_project_itself_is_government_pay():
    gp = franchise(franchise={"government_payment": True})
    bad = rule(check_rules(gp, county=at(0.07)), "red_line_5pct_government_pay")
    assert not bad.ok and "不得新上政府付费" in bad.message_zh and bad.details["already_over"]
    assert rule(check_rules(gp, county=at(0.01)), "red_line_5pct_government_pay").ok
    v = verdict(check_rules(gp, county=at(0.07)))
    assert v.status == "blocked" and "已超过5%" in v.message_zh and "不得新上政府付费项目" in v.message_zh


def test_legacy_worked_example_red_lines():
    # domain.md §5a: (8 + 1.3271)/120 = 7.77 % — under 10 %, over 7 % and 5 %
    county = CountyContext(code="", name="算例", gpb_expenditure=[1200000], existing_obligations=[80000])
    checks = check_legacy_rules(LegacyPPPInputs(payment_mode="government_pay"), county)
    assert rule(checks, "red_line_10pct").ok
    assert not rule(checks, "risk_notice_7pct").ok
    five = rule(checks, "red_line_5pct_government_pay")
    assert not five.ok  # the stand-alone stream is the project under test, and it is government-pay
    vg = check_legacy_rules(LegacyPPPInputs(), county)
    ten = rule(vg, "red_line_10pct")
    assert ten.ok and "8.10%" in ten.message_en and "subsidy year 10" in ten.message_en  # one kind of year
    assert not rule(vg, "red_line_5pct_government_pay").applicable


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
    assert not bad.ok and "3,000.00" in bad.message_en and "year 3" in bad.message_en
    assert rule(check_rules(mk(0.8)), "abs_advance_capacity").ok


def test_vfm_positive():
    assert rule(check_rules(franchise()), "vfm_positive").ok
    bad = rule(check_rules(franchise(user_fees=1600)), "vfm_positive")  # too profitable for the SPV
    assert not bad.ok and "PSC" in bad.message_en


def test_vfm_ignores_legacy_streams():
    plain = rule(check_rules(franchise(), county=COUNTY), "vfm_positive")
    with_stream = rule(check_rules(franchise(legacy_ppp=LegacyPPPInputs()), county=COUNTY), "vfm_positive")
    assert plain.ok and with_stream.ok and "796.37" in plain.message_en and "796.37" in with_stream.message_en


def test_result_passed_in_is_used():
    inp = franchise()
    res = run_scenario(inp, COUNTY)
    assert [c.ok for c in check_rules(inp, res)] == [c.ok for c in check_rules(inp, county=COUNTY)]


def test_verdict_counts_and_agrees_with_the_list():
    checks = check_rules(franchise(franchise={"government_payment": True, "private_enterprise_equity_share": 0.1}),
                         county=COUNTY)
    v = verdict(checks)
    assert v.status == "fail" and not v.ok
    # the county is at exactly 5 % without the project: the government-pay project takes it over, so it fails too
    assert set(v.errors) == set(failing(checks, "error")) == {"no_government_payment", "private_equity_min_35",
                                                               "red_line_5pct_government_pay"}
    assert "3 项" in v.message_zh
