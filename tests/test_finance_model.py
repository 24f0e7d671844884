"""Financing model: 21号 formulas, annuity, IRR/NPV, debt schedules, red line,
VfM, sensitivity, validation errors and speed (governance/core/finance: formulas, inputs, engine, sensitivity)."""

from __future__ import annotations

import math

import numpy_financial as npf
import pytest

from governance.core.finance import (
    OUTLAY_COLUMNS,
    ABSTerms,
    CountyContext,
    FinancingShares,
    FranchiseTerms,
    InputError,
    LegacyPPPInputs,
    Phase,
    ScenarioInputs,
    SpecialBondTerms,
    SubsidizedLoanTerms,
    legacy_ppp_schedule,
    legacy_ppp_subsidy,
    level_annuity,
    present_value,
    run_scenario,
    safe_irr,
    sensitivity,
    validate_inputs,
)

# domain.md §5a worked example, 亿元
WE = dict(construction_cost=10, reasonable_profit_rate=0.06, discount_rate=0.035, subsidy_years=10,
          annual_opex=0.5, annual_user_fees=0.3)


# ---------------------------------------------------------------- 财金〔2015〕21号
@pytest.mark.parametrize("n, expected", [(1, 1.3271), (5, 1.4889), (10, 1.7252)])
def test_21hao_viability_gap_worked_example(n, expected):
    assert round(legacy_ppp_subsidy(**WE, payment_mode="viability_gap", n=n), 4) == expected


@pytest.mark.parametrize("n, expected", [(1, 1.6271), (5, 1.7889), (10, 2.0252)])
def test_21hao_government_pay_worked_example(n, expected):
    # government pay = viability gap + the 0.3 of user fees (no fee deduction)
    assert round(legacy_ppp_subsidy(**WE, payment_mode="government_pay", n=n), 4) == expected


def test_21hao_ten_year_total():
    sched = legacy_ppp_schedule(**WE, payment_mode="viability_gap")
    assert [r["year"] for r in sched] == list(range(1, 11))
    assert set(sched[0]) == {"year", "operating_subsidy"}
    total = sum(r["operating_subsidy"] for r in sched)
    assert round(total, 2) == 15.17
    assert round(total, 4) == 15.1705
    gp_total = sum(r["operating_subsidy"] for r in legacy_ppp_schedule(**WE, payment_mode="government_pay"))
    assert round(gp_total, 4) == 18.1705


def test_21hao_components_and_compounding():
    # cost part 10×1.06×1.035^n/10, opex part 0.5×1.06 (domain.md §5a table)
    assert round(10 * 1.06 * 1.035 ** 5 / 10, 4) == 1.2589
    gap_n0 = legacy_ppp_subsidy(**WE, payment_mode="viability_gap", n=0)
    assert gap_n0 == pytest.approx(1.06 + 0.53 - 0.3)
    # (1+i)^n compounds: later years cost more
    assert legacy_ppp_subsidy(**WE, n=10) > legacy_ppp_subsidy(**WE, n=1)


def test_21hao_in_wan_yuan_and_aliases():
    v = legacy_ppp_subsidy(100000, 0.06, 0.035, 10, 5000, 3000, "可行性缺口补助", 1)
    assert round(v, 4) == 13271.0
    assert round(legacy_ppp_subsidy(100000, 0.06, 0.035, 10, 5000, 3000, "政府付费", 1), 4) == 16271.0


def test_21hao_floor_and_bad_mode():
    assert legacy_ppp_subsidy(1, 0.06, 0.035, 10, 0.1, 5.0, "viability_gap", 1) == 0.0
    assert legacy_ppp_subsidy(1, 0.06, 0.035, 10, 0.1, 5.0, "viability_gap", 1, floor_at_zero=False) < 0
    with pytest.raises(InputError) as e:
        legacy_ppp_subsidy(**WE, payment_mode="availability", n=1)
    assert e.value.field == "payment_mode"


# ---------------------------------------------------------------- annuity
def test_level_annuity_hand_numbers():
    # 100×0.1×1.21/0.21 = 57.6190476…
    assert level_annuity(100, 0.1, 2) == pytest.approx(57.61904761904762)
    assert level_annuity(100, 0.1, 2, om=5, other_income=2) == pytest.approx(60.61904761904762)
    assert level_annuity(120, 0.0, 12) == pytest.approx(10.0)


def test_level_annuity_matches_pmt_for_the_yiyang_case():
    # domain.md §5a: a real 医养 PPP uses k = 7.99 % over 18 years
    a = level_annuity(10000, 0.0799, 18, om=300, other_income=120)
    assert a == pytest.approx(-npf.pmt(0.0799, 18, 10000) + 300 - 120)
    # the annuity repays P exactly at rate k
    assert present_value(0.0799, [a - 300 + 120] * 18) == pytest.approx(10000)


# ---------------------------------------------------------------- IRR / NPV
def test_irr_and_npv_against_hand_cash_flows():
    cf = [-100.0, 60.0, 60.0]
    # 60x + 60x² = 100 with x = 1/(1+r)
    x = (-60 + math.sqrt(60 ** 2 + 4 * 60 * 100)) / (2 * 60)
    assert safe_irr(cf) == pytest.approx(1 / x - 1)
    assert safe_irr(cf) == pytest.approx(float(npf.irr(cf)))
    # present_value discounts year 1 by one period
    assert present_value(0.1, [110.0]) == pytest.approx(100.0)
    assert present_value(0.05, [-100, 30, 40, 50]) == pytest.approx(
        -100 / 1.05 + 30 / 1.05 ** 2 + 40 / 1.05 ** 3 + 50 / 1.05 ** 4)
    assert present_value(0.05, [-100, 30, 40, 50]) == pytest.approx(float(npf.npv(0.05, [0, -100, 30, 40, 50])))


def test_irr_nan_safe():
    assert safe_irr([0, 0, 0]) is None
    assert safe_irr([1, 2, 3]) is None
    assert safe_irr([-1, -2]) is None
    assert safe_irr([-100, 110]) == pytest.approx(0.1)


def test_scenario_irr_npv_use_the_project_column():
    res = run_scenario(ScenarioInputs())
    cf = res.column("project_net_cash_flow")
    assert res.summary.project_irr == pytest.approx(float(npf.irr(cf)))
    assert res.summary.project_npv == pytest.approx(sum(v / 1.035 ** t for t, v in enumerate(cf, start=1)))
    assert res.summary.equity_irr is None  # no social capital


# ---------------------------------------------------------------- debt schedules
def _one_year(**kw) -> ScenarioInputs:
    base = dict(total_investment=1000.0, construction_years=1, horizon_years=10, user_fees=0.0, opex=0.0)
    base.update(kw)
    return ScenarioInputs(**base)


def test_special_bond_schedule_by_hand():
    inp = _one_year(shares=FinancingShares(budget=0, special_bond=1.0),
                    special_bond=SpecialBondTerms(rate=0.04, tenor=4, grace_years=1))
    res = run_scenario(inp)
    assert res.column("bond_interest")[:5] == pytest.approx([40, 40, 40 * 2 / 3, 40 / 3, 0])
    assert res.column("bond_principal")[:5] == pytest.approx([0, 1000 / 3, 1000 / 3, 1000 / 3, 0])
    assert res.summary.total_government_outlay == pytest.approx(1120.0)
    assert res.summary.bond_first_year == 1 and res.summary.bond_last_year == 4
    assert res.column("government_debt_balance")[:4] == pytest.approx([1000, 2000 / 3, 1000 / 3, 0])


def test_special_bond_bullet():
    inp = _one_year(shares=FinancingShares(budget=0, special_bond=1.0),
                    special_bond=SpecialBondTerms(rate=0.03, tenor=3, grace_years=0, repayment="bullet"))
    res = run_scenario(inp)
    assert res.column("bond_principal")[:3] == pytest.approx([0, 0, 1000])
    assert res.column("bond_interest")[:3] == pytest.approx([30, 30, 30])


def test_loan_interest_subsidy_formula():
    # domain.md §5f: 贴息 = 余额 × 贴息率; 2022 case 3.2 % − 2.5 pp = 0.7 % effective
    inp = _one_year(shares=FinancingShares(budget=0, special_bond=0, subsidized_loan=1.0),
                    subsidized_loan=SubsidizedLoanTerms(contract_rate=0.032, tenor=4, grace_years=2,
                                                        subsidy_rate=0.025, subsidy_years=2))
    res = run_scenario(inp)
    assert res.column("loan_interest_subsidy")[:4] == pytest.approx([25, 25, 0, 0])
    # the project pays the effective 0.7 % while subsidised, then 3.2 % on the balance
    assert res.column("project_debt_service")[:4] == pytest.approx([7, 7, 500 + 32, 500 + 16])
    assert res.summary.total_government_outlay == pytest.approx(50.0)  # only 贴息
    assert res.summary.government_investment_share == 0.0


def test_loan_government_repays():
    inp = _one_year(shares=FinancingShares(budget=0, special_bond=0, subsidized_loan=1.0),
                    subsidized_loan=SubsidizedLoanTerms(contract_rate=0.032, tenor=4, grace_years=2,
                                                        subsidy_rate=0.015, subsidy_years=2,
                                                        government_repays=True))
    res = run_scenario(inp)
    assert res.column("loan_principal_gov")[:4] == pytest.approx([0, 0, 500, 500])
    assert res.column("loan_interest_gov")[:4] == pytest.approx([17, 17, 32, 16])
    assert res.column("project_debt_service")[:4] == pytest.approx([0, 0, 0, 0])
    assert res.summary.total_government_outlay == pytest.approx(1000 + 17 + 17 + 32 + 16 + 15 + 15)


# ---------------------------------------------------------------- franchise / phases
def _franchise(**kw) -> ScenarioInputs:
    fr = dict(term=20, equity_share=0.4, debt_rate=0.05, debt_tenor=10, debt_grace_years=1, operating_subsidy=50)
    fr.update(kw.pop("franchise", {}))
    base = dict(total_investment=5000.0, construction_years=2, horizon_years=25, user_fees=800, opex=300,
                fee_growth=0.0, opex_growth=0.0,
                shares=FinancingShares(budget=0.2, special_bond=0, franchise=0.8),
                franchise=FranchiseTerms(**fr))
    base.update(kw)
    return ScenarioInputs(**base)


def test_franchise_cash_flows():
    res = run_scenario(_franchise())
    rows = res.rows
    assert rows[0].private_equity_injection == pytest.approx(2500 * 0.8 * 0.4)
    assert rows[0].operating_subsidy == 0 and rows[2].operating_subsidy == pytest.approx(50)
    # year 3: SPV gets NOI 500 + subsidy 50 − private debt service
    assert rows[2].private_cash_flow == pytest.approx(500 + 50 - rows[2].private_debt_service)
    assert rows[2].government_project_income == 0.0
    # after the term the asset is transferred: nothing private, income back to the government
    assert all(r.private_cash_flow == 0 for r in rows[20:])
    assert rows[20].government_project_income == pytest.approx(500)
    assert res.summary.equity_irr is not None and res.summary.equity_irr > 0
    # red line (21号): operating subsidies 50 × 18 + retained risk = 10 % risk × (1 − 70 % transferred) × 80 % PPP
    # share × (capex 5000 + opex 300 × 18 years in the term)
    ob = res.summary.obligations_by_type
    assert ob["operating_subsidy"] == pytest.approx(50 * 18)
    assert ob["retained_risk"] == pytest.approx(0.1 * 0.3 * 0.8 * (5000 + 300 * 18))
    assert ob["government_equity"] == ob["supporting_investment"] == ob["legacy_ppp_payment"] == 0
    assert res.summary.total_ppp_obligations == pytest.approx(50 * 18 + 0.024 * 10400)


def test_phases_and_reinvestment():
    phased = dict(phases=[Phase(start_year=1, share=0.5, construction_years=1),
                          Phase(start_year=4, share=0.5, construction_years=2)],
                  total_investment=2000, user_fees=600, opex=100, fee_growth=0, opex_growth=0,
                  shares=FinancingShares(budget=1.0, special_bond=0), horizon_years=10)
    no_reinvest = run_scenario(ScenarioInputs(**phased))
    reinvest = run_scenario(ScenarioInputs(**phased, reinvest_share=0.5))
    assert no_reinvest.column("capex")[:6] == pytest.approx([1000, 0, 0, 500, 500, 0])
    assert no_reinvest.column("operating_fraction")[:7] == pytest.approx([0, 0.5, 0.5, 0.5, 0.5, 1, 1])
    # phase 1 NOI = 0.5 × 500 = 250/y; half is retained in years 2–4 (125 each);
    # years 2–3 fund 250 of year 4's capex, year 4's 125 funds part of year 5's
    assert reinvest.column("internal_funding")[:6] == pytest.approx([0, 0, 0, 250, 125, 0])
    assert reinvest.column("government_project_income")[1:4] == pytest.approx([125, 125, 125])
    assert reinvest.summary.total_capex == pytest.approx(2000)
    assert reinvest.summary.total_government_outlay == pytest.approx(2000 - 375)
    assert no_reinvest.summary.total_government_outlay == pytest.approx(2000)


# ---------------------------------------------------------------- county / red line
def test_red_line_worked_example_through_scenario():
    # domain.md §5a: GPB 120 亿, existing 8 亿 → (8 + 1.3271)/120 = 7.77 %
    inp = ScenarioInputs(legacy_ppp=LegacyPPPInputs(), horizon_years=30)
    county = CountyContext(code="320000", name="算例", gpb_expenditure=[1200000], existing_obligations=[80000])
    res = run_scenario(inp, county)
    assert res.rows[0].legacy_ppp_payment == pytest.approx(13271.0)
    assert round(res.rows[0].obligation_share_with, 4) == 0.0777
    assert res.rows[0].obligation_share_without == pytest.approx(80000 / 1200000)
    assert res.rows[0].red_line_headroom == pytest.approx(120000 - 80000 - 13271)
    assert res.summary.first_year_share_with == pytest.approx(93271 / 1200000)
    assert res.summary.max_share_with_year == 10
    assert res.summary.min_headroom == pytest.approx(120000 - 80000 - res.rows[9].legacy_ppp_payment)


def test_county_list_extension():
    c = CountyContext(gpb_expenditure=[100.0, 110.0], gpb_growth=0.1, existing_obligations=[5.0, 4.0])
    assert c.gpb(2) == 110.0 and c.gpb(3) == pytest.approx(121.0)
    assert c.existing(1) == 5.0 and c.existing(9) == 4.0
    assert CountyContext(gpb_expenditure=500.0).gpb(3) == 500.0


def test_obligations_count_only_ppp_type_outlays():
    # budget, bond and 贴息 are not PPP obligations: with no franchise/legacy the share is unchanged
    county = CountyContext(code="320923", gpb_expenditure=[600000], existing_obligations=[30000])
    res = run_scenario(ScenarioInputs(), county)
    assert res.summary.total_ppp_obligations == 0
    assert res.summary.max_share_with == res.summary.max_share_without == pytest.approx(0.05)


# ---------------------------------------------------------------- VfM (domain.md §5b)
def test_vfm_definitions():
    res = run_scenario(_franchise(psc_risk_share=0.2, user_fees=350))
    s = res.summary
    assert s.psc > 0
    assert s.vfm_value == pytest.approx(s.psc - s.ppp_value)
    assert s.vfm_index == pytest.approx(s.vfm_value / s.psc)
    # PSC by hand: PV of (capex + opex)×(1 + risk) − fees
    flows = [r.capex * 1.2 + r.operating_cost * 1.2 - r.operating_revenue for r in res.rows]
    assert s.psc == pytest.approx(sum(v / 1.035 ** t for t, v in enumerate(flows, start=1)))
    # PPP value: PV of government net cost + retained risk (1 − 0.8 × 0.7 of the risk cost)
    ppp = [r.government_net_cost + (r.capex + r.operating_cost) * 0.2 * (1 - 0.8 * 0.7) for r in res.rows]
    assert s.ppp_value == pytest.approx(sum(v / 1.035 ** t for t, v in enumerate(ppp, start=1)))
    # a profitable project (PSC < 0) has no meaningful index
    assert run_scenario(_franchise(user_fees=2000)).summary.vfm_index is None


def test_vfm_zero_for_government_doing_it_itself():
    # all budget, no financing cost: the scenario *is* the PSC
    res = run_scenario(ScenarioInputs(shares=FinancingShares(budget=1.0, special_bond=0), psc_risk_share=0.1))
    assert res.summary.vfm_value == pytest.approx(0.0, abs=1e-6)


# ---------------------------------------------------------------- sensitivity
def test_sensitivity_rows():
    inp = ScenarioInputs(shares=FinancingShares(budget=1.0, special_bond=0))
    county = CountyContext(code="320923", gpb_expenditure=[600000], existing_obligations=[30000])
    rows = sensitivity(inp, county)
    assert len(rows) == 6 * 2
    assert {r["metric"] for r in rows} == {"total_government_outlay", "max_obligation_share"}
    inv = next(r for r in rows if r["key"] == "total_investment" and r["metric"] == "total_government_outlay")
    assert (inv["low"], inv["base"], inv["high"]) == pytest.approx((8000, 10000, 12000))
    assert inv["input_low"] == pytest.approx(8000) and inv["swing"] == pytest.approx(4000)
    outlay_rows = [r for r in rows if r["metric"] == "total_government_outlay"]
    swings = [r["swing"] for r in outlay_rows]
    assert swings == sorted(swings, reverse=True)
    assert rows[0]["label_zh"] and rows[0]["label_en"]


def test_sensitivity_invalid_perturbation_gives_none():
    inp = ScenarioInputs(shares=FinancingShares(budget=0.5, special_bond=0, subsidized_loan=0.5),
                         subsidized_loan=SubsidizedLoanTerms(contract_rate=0.016, subsidy_rate=0.015))
    rows = sensitivity(inp, keys=["loan_rate"])
    assert rows[0]["low"] is None and rows[0]["high"] is not None and "subsidy_rate" in rows[0]["error"]
    with pytest.raises(InputError):
        sensitivity(inp, keys=["nope"])


def test_run_plus_sensitivity_30_years():
    """Five instruments over 30 years, with a ±20 % tornado of six inputs (its speed is the benchmark's
    "scenario redraw" line, not a test)."""
    inp = ScenarioInputs(horizon_years=30,
                         shares=FinancingShares(budget=0.1, special_bond=0.3, subsidized_loan=0.2,
                                                franchise=0.3, abs=0.1),
                         franchise=FranchiseTerms(term=30, operating_subsidy=100))
    county = CountyContext(code="320923", gpb_expenditure=[600000], gpb_growth=0.03, existing_obligations=[30000])
    result = run_scenario(inp, county)
    assert len(result.rows) == 30
    keys = ["total_investment", "user_fees", "opex", "bond_rate", "loan_rate", "operating_subsidy"]
    rows = sensitivity(inp, county, keys=keys)
    assert {r["key"] for r in rows} == set(keys) and len(rows) == 6 * 2
    assert all(r["low"] is not None and r["high"] is not None for r in rows)
    # total investment ±20 % (10,000 万元 by default) moves the outlay both ways
    inv = next(r for r in rows if r["key"] == "total_investment" and r["metric"] == "total_government_outlay")
    assert inv["input_low"] == pytest.approx(8000) and inv["low"] < inv["base"] < inv["high"]


# ---------------------------------------------------------------- InputError cases
def _err(inputs=None, county=None) -> InputError:
    with pytest.raises(InputError) as e:
        validate_inputs(inputs or ScenarioInputs(), county)
    err = e.value
    assert err.message_zh and err.message_en and err.message_zh != err.message_en
    return err


def test_error_shares_not_100():
    err = _err(ScenarioInputs(shares=FinancingShares(budget=0.2, special_bond=0.7)))
    assert err.field == "shares" and "90.0%" in err.message_en
    # within the 0.001 tolerance is fine
    validate_inputs(ScenarioInputs(shares=FinancingShares(budget=0.2, special_bond=0.8005)))


def test_error_negative_rates():
    assert _err(ScenarioInputs(special_bond=SpecialBondTerms(rate=-0.01))).field == "special_bond.rate"
    assert _err(ScenarioInputs(discount_rate=-0.02)).field == "discount_rate"
    assert _err(ScenarioInputs(subsidized_loan=SubsidizedLoanTerms(contract_rate=-0.001))).field == \
        "subsidized_loan.contract_rate"
    assert _err(ScenarioInputs(franchise=FranchiseTerms(debt_rate=-0.05))).field == "franchise.debt_rate"


def test_error_terms_over_limits():
    assert _err(ScenarioInputs(franchise=FranchiseTerms(term=41))).field == "franchise.term"
    assert _err(ScenarioInputs(special_bond=SpecialBondTerms(tenor=31))).field == "special_bond.tenor"
    assert _err(ScenarioInputs(subsidized_loan=SubsidizedLoanTerms(tenor=45))).field == "subsidized_loan.tenor"


def test_error_investment_not_positive():
    assert _err(ScenarioInputs(total_investment=0)).field == "total_investment"
    assert _err(ScenarioInputs(total_investment=-5)).field == "total_investment"


def test_error_county_without_budget_rows():
    err = _err(county=CountyContext(code="320923", name="阜宁县", gpb_expenditure=[]))
    assert err.field == "county.gpb_expenditure" and "320923" in err.message_en
    assert _err(county=CountyContext(code="1", gpb_expenditure=[0.0])).field == "county.gpb_expenditure"


def test_error_other_structural_cases():
    assert _err(ScenarioInputs(horizon_years=15)).field == "horizon_years"  # bond matures in year 21
    assert _err(ScenarioInputs(capex_shares=[0.5, 0.3])).field == "capex_shares"
    assert _err(ScenarioInputs(capex_shares=[1.0])).field == "capex_shares"
    assert _err(ScenarioInputs(phases=[Phase(1, 0.5, 1), Phase(3, 0.3, 1)])).field == "phases"
    assert _err(ScenarioInputs(project_type="casino")).field == "project_type"
    assert _err(ScenarioInputs(subsidized_loan=SubsidizedLoanTerms(contract_rate=0.01, subsidy_rate=0.015))).field \
        == "subsidized_loan.subsidy_rate"
    fr = ScenarioInputs(shares=FinancingShares(budget=0.2, special_bond=0, franchise=0.8),
                        franchise=FranchiseTerms(term=10, debt_tenor=15))
    assert _err(fr).field == "franchise.debt_tenor"
    assert _err(ScenarioInputs(legacy_ppp=LegacyPPPInputs(payment_mode="x"))).field == "legacy_ppp.payment_mode"
    assert _err(ScenarioInputs(special_bond=SpecialBondTerms(tenor=5, grace_years=5))).field == \
        "special_bond.grace_years"


def test_validation_runs_before_computing():
    with pytest.raises(InputError):
        run_scenario(ScenarioInputs(total_investment=0))


def test_blank_template_runs_and_outlays_are_columns():
    res = run_scenario(ScenarioInputs())
    assert len(res.rows) == 30
    for row in res.rows_as_dicts():
        assert row["government_outlay"] == pytest.approx(sum(row[c] for c in OUTLAY_COLUMNS))


# ---------------------------------------------------------------- issue 14: the four obligations, ABS, TOT, VfM
def test_four_obligations_by_hand():
    """21号 numerator = 股权投资 + 运营补贴 + 风险承担 + 配套投入 (domain.md §5a), each an input, each a column."""
    inp = _franchise(franchise={"government_equity_share": 0.1, "private_enterprise_equity_share": 0.6,
                                "supporting_investment": 400.0},
                     psc_risk_share=0.1, risk_transfer_share=0.7)
    rows = run_scenario(inp).rows
    # year 1: capex 2500, SPV finances 80 % = 2000, capital ratio 40 % = 800 of equity, government holds 10 %
    assert rows[0].government_equity == pytest.approx(80.0)
    assert rows[0].private_equity_injection == pytest.approx(720.0)
    assert rows[0].supporting_investment == pytest.approx(200.0)  # 400 spread like the capex (50 % a year)
    assert rows[0].retained_risk == pytest.approx(0.1 * 0.3 * 0.8 * 2500)
    assert rows[0].ppp_obligations == pytest.approx(80 + 200 + 60)
    # year 3: operations — subsidy 50 and risk on opex 300
    assert rows[2].ppp_obligations == pytest.approx(50 + 0.1 * 0.3 * 0.8 * 300)
    # the government's 10 % of the SPV's equity cash flow comes back as project income
    spv_in = 500 + 50 - rows[2].private_debt_service
    assert rows[2].government_equity_return == pytest.approx(0.1 * spv_in)
    assert rows[2].private_cash_flow == pytest.approx(0.9 * spv_in)
    # after the term (year 21 on) no PPP obligation is left
    assert all(r.ppp_obligations == 0 for r in rows[20:])


def test_abs_is_issued_on_operating_cash_flow():
    """domain.md §5e: ABS needs an operating asset — the budget bridges its share of construction and the ABS,
    issued in the first operating year, pays the bridge back."""
    inp = ScenarioInputs(total_investment=2000, construction_years=2, horizon_years=15, user_fees=600, opex=100,
                         fee_growth=0, opex_growth=0, shares=FinancingShares(budget=0.6, special_bond=0, abs=0.4),
                         abs=ABSTerms(coupon=0.03, tenor=5, grace_years=0, advance_rate=0.8))
    res = run_scenario(inp)
    r = res.rows
    assert [x.abs_bridge for x in r[:3]] == pytest.approx([400, 400, 0])
    assert r[2].abs_proceeds == pytest.approx(800) and res.summary.abs_first_year == 3
    assert r[0].abs_debt_service == r[1].abs_debt_service == 0
    # 800 at 3 %, 5 equal instalments of 160: year 3 pays 160 + 24 interest
    assert r[2].abs_debt_service == pytest.approx(184.0)
    assert res.summary.abs_raised == pytest.approx(800)
    # capacity = 80 % × PV at 3 % of 5 years of NOI 500; coverage = 2500 ÷ (800 + interest 72)
    cap = 0.8 * sum(500 / 1.03 ** k for k in range(1, 6))
    assert res.summary.abs_capacity == pytest.approx(cap)
    assert res.summary.abs_coverage == pytest.approx(2500 / (800 + 24 + 19.2 + 14.4 + 9.6 + 4.8))
    assert r[2].government_project_income == pytest.approx(800 + 500 - 184)


def test_tot_pays_a_transfer_price_and_renovates():
    """TOT (domain.md §5e): the asset operates from year 1, the capex is renovation, the franchisee pays the
    government a transfer price in year 1 and finances it like its capex."""
    inp = _franchise(franchise={"model": "TOT", "transfer_price": 3000.0, "operating_subsidy": 0},
                     construction_years=1, total_investment=1000.0)
    r = run_scenario(inp).rows
    assert r[0].operating_fraction == 1.0 and r[0].operating_revenue == pytest.approx(800)
    assert r[0].transfer_price_received == pytest.approx(3000) and r[1].transfer_price_received == 0
    # SPV finances 80 % of the renovation + the price: (800 + 3000) × 40 % equity
    assert r[0].private_equity_injection == pytest.approx(3800 * 0.4)
    assert r[0].government_project_income == pytest.approx(3000)  # the SPV keeps all operating cash in its term
    with pytest.raises(InputError) as e:
        validate_inputs(_franchise(franchise={"model": "TOT"}))
    assert e.value.field == "franchise.transfer_price"
    # a BOT ignores a transfer price (left over from switching the model on the page)
    assert run_scenario(_franchise(franchise={"transfer_price": 100.0})).rows[0].transfer_price_received == 0


def test_vfm_is_the_project_alone():
    """Issue 14: an existing 21号 stream moved the example's VfM from +796 万元 to −76,027 万元; it must not."""
    import json
    from pathlib import Path

    from governance.core.finance import scenario_from_dict
    sf = scenario_from_dict(json.loads((Path(__file__).parents[1] / "examples" / "scenario_franchise.json")
                                       .read_text(encoding="utf-8")))
    alone = run_scenario(sf.inputs, sf.county).summary
    sf.inputs.legacy_ppp = LegacyPPPInputs()
    with_stream = run_scenario(sf.inputs, sf.county).summary
    assert with_stream.total_legacy_ppp_payment == pytest.approx(151705.0, abs=1)  # 15.17 亿 (domain.md §5a)
    assert with_stream.vfm_value == pytest.approx(alone.vfm_value)
    assert with_stream.psc == pytest.approx(alone.psc) and with_stream.ppp_value == pytest.approx(alone.ppp_value)


def test_fee_basis_by_hand():
    """收费基础 (115号): PV at the franchise lending rate over the term of fees ÷ (franchisee investment + opex)."""
    inp = _franchise(horizon_years=20, franchise={"operating_subsidy": 0})
    s = run_scenario(inp).summary
    r = 0.05
    pv = lambda flows: sum(v / (1 + r) ** t for t, v in enumerate(flows, start=1))  # noqa: E731
    fees = pv([0, 0] + [800] * 18)
    invest = pv([2000, 2000] + [0] * 18)
    opex = pv([0, 0] + [300] * 18)
    assert s.fee_basis_rate == 0.05
    assert (s.fee_basis_fees_pv, s.fee_basis_investment_pv, s.fee_basis_opex_pv) == pytest.approx((fees, invest, opex))
    assert s.fee_basis_ratio == pytest.approx(fees / (invest + opex))


# ---------------------------------------------------------------- the project library's 21号 streams
def test_library_payments_follow_21hao():
    """A library 存量PPP row records its first-year payment; later years follow 21号 (domain.md §5a worked example:
    cost 10, 10 years, first payment 1.3271 → year 5 1.4889, year 10 1.7252, total 15.17)."""
    from governance.core.finance import exclude_project, legacy_stream, library_payments
    row = {"model": "存量PPP-可行性缺口补助", "total_investment": 10.0, "annual_gov_payment": 1.3271,
           "payment_start_year": 2021, "payment_end_year": 2030}
    pay = library_payments(row)
    assert sorted(pay) == list(range(2021, 2031))
    assert (round(pay[2021], 4), round(pay[2025], 4), round(pay[2030], 4)) == (1.3271, 1.4889, 1.7252)
    assert round(sum(pay.values()), 2) == 15.17
    # a franchise's operating subsidy is flat
    assert library_payments({"model": "BOT", "annual_gov_payment": 5.0, "payment_start_year": 2027,
                             "payment_end_year": 2028}) == {2027: 5.0, 2028: 5.0}
    assert library_payments({"model": "专项债", "annual_gov_payment": 0.0}) == {}
    # starting a scenario in 2026: the stream is reproduced exactly, and the county's obligations lose exactly it
    lg = legacy_stream(row, 2026)
    assert lg.subsidy_years == 5 and lg.start_year == 1
    assert [round(x["operating_subsidy"], 9) for x in lg.schedule()] == [round(pay[y], 9) for y in range(2026, 2031)]
    years = [2025, 2026, 2027]
    assert exclude_project(years, [10.0, 10.0, 10.0], row) == pytest.approx([10 - pay[2025], 10 - pay[2026],
                                                                            10 - pay[2027]])
    assert legacy_stream(row, 2031) is None


def test_with_and_without_count_a_library_project_once():
    """Starting from a library project: existing obligations lose its stream and the scenario adds it back, so
    'with' equals the county's recorded obligations and 'without' is the county minus the project."""
    from governance.core.finance import exclude_project, legacy_stream, library_payments
    row = {"model": "存量PPP-可行性缺口补助", "total_investment": 20000.0, "annual_gov_payment": 1500.0,
           "payment_start_year": 2020, "payment_end_year": 2034}
    years = list(range(2026, 2036))
    pay = library_payments(row)
    recorded = [30000.0 + pay.get(y, 0.0) for y in years]  # the county's budget rows include the project
    county = CountyContext(code="x", gpb_expenditure=[500000.0] * len(years),
                           existing_obligations=exclude_project(years, recorded, row))
    inp = ScenarioInputs(legacy_ppp=legacy_stream(row, 2026), horizon_years=30)
    res = run_scenario(inp, county)
    for r, y in zip(res.rows, years):
        assert r.existing_obligations + r.ppp_obligations == pytest.approx(30000.0 + pay.get(y, 0.0))
        assert r.obligation_share_without == pytest.approx(30000.0 / 500000.0)
