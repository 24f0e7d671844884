"""Hypothesis properties of the financing model (invariants from the brief)."""

from __future__ import annotations

import json
import math
import os

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

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
    run_scenario,
    scenario_from_dict,
    scenario_to_dict,
    validate_inputs,
)

# FINANCE_HYPOTHESIS_EXAMPLES=2000 for a deeper run
SETTINGS = settings(max_examples=int(os.environ.get("FINANCE_HYPOTHESIS_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])

rates = st.floats(min_value=0.0, max_value=0.12, allow_nan=False)
growths = st.floats(min_value=-0.05, max_value=0.08, allow_nan=False)
money = st.floats(min_value=0.0, max_value=5000.0, allow_nan=False)


@st.composite
def shares(draw, franchise_zero: bool = False) -> FinancingShares:
    w = [draw(st.sampled_from([0.0, 0.0, 0.1, 0.3, 1.0, 2.5])) for _ in range(5)]
    if franchise_zero:
        w[3] = 0.0
    if sum(w) == 0:
        w[0] = 1.0
    total = sum(w)
    s = [x / total for x in w]
    return FinancingShares(budget=s[0], special_bond=s[1], subsidized_loan=s[2], franchise=s[3], abs=s[4])


@st.composite
def scenarios(draw, franchise_zero: bool = False) -> ScenarioInputs:
    sh = draw(shares(franchise_zero))
    if draw(st.booleans()):
        cy = draw(st.integers(1, 4))
        raw = draw(st.lists(st.integers(0, 5), min_size=cy, max_size=cy))
        if sum(raw) == 0:
            raw[0] = 1
        capex_shares = [x / sum(raw) for x in raw]
        phases = []
        last_capex = max(i + 1 for i, x in enumerate(raw) if x > 0)
        end_construction = cy
    else:
        cy, capex_shares = 1, None
        p2_start = draw(st.integers(2, 8))
        p2_years = draw(st.integers(1, 3))
        first = draw(st.sampled_from([0.3, 0.5, 0.7]))
        phases = [Phase(1, first, draw(st.integers(1, 2))), Phase(p2_start, 1 - first, p2_years)]
        last_capex = max(p.start_year + p.construction_years - 1 for p in phases)
        end_construction = last_capex
    bond_tenor = draw(st.integers(1, 30))
    loan_tenor = draw(st.integers(1, 25))
    abs_tenor = draw(st.integers(1, 20))
    debt_tenor = draw(st.integers(1, 40 - last_capex + 1))
    term = draw(st.integers(max(last_capex + debt_tenor - 1, last_capex), 40))
    contract = draw(rates)
    legacy = None
    if draw(st.booleans()):
        legacy = LegacyPPPInputs(
            construction_cost=draw(money), reasonable_profit_rate=draw(rates), discount_rate=draw(rates),
            subsidy_years=draw(st.integers(1, 20)), annual_opex=draw(money), annual_user_fees=draw(money),
            payment_mode=draw(st.sampled_from(["government_pay", "viability_gap"])),
            start_year=draw(st.integers(1, 5)))
    # ABS is issued once the asset operates (at the latest the year after construction)
    needed = max(last_capex + max(bond_tenor, loan_tenor) - 1, end_construction + abs_tenor, term, end_construction + 1,
                 (legacy.start_year + legacy.subsidy_years - 1) if legacy else 1)
    horizon = needed + draw(st.integers(0, 5))
    schedule = None
    if draw(st.booleans()):
        schedule = draw(st.lists(money, min_size=0, max_size=horizon))
    model = draw(st.sampled_from(["BOT", "BOOT", "TOT"]))
    private = draw(st.sampled_from([None, 0.0, 0.35, 0.6, 1.0]))
    return ScenarioInputs(
        project_type=draw(st.sampled_from(["elderly_care_centre", "old_residential_renovation",
                                           "smart_grid_platform"])),
        strongly_public=draw(st.booleans()),
        total_investment=draw(st.floats(min_value=1.0, max_value=1e6, allow_nan=False)),
        construction_years=cy, capex_shares=capex_shares, phases=phases,
        reinvest_share=draw(st.sampled_from([0.0, 0.0, 0.3, 1.0])),
        horizon_years=horizon,
        user_fees=draw(money), fee_growth=draw(growths), opex=draw(money), opex_growth=draw(growths),
        discount_rate=draw(rates),
        shares=sh,
        special_bond=SpecialBondTerms(rate=draw(rates), tenor=bond_tenor,
                                      grace_years=draw(st.integers(0, bond_tenor - 1)),
                                      repayment=draw(st.sampled_from(["amortizing", "bullet"]))),
        subsidized_loan=SubsidizedLoanTerms(
            contract_rate=contract, tenor=loan_tenor, grace_years=draw(st.integers(0, loan_tenor - 1)),
            subsidy_rate=draw(st.floats(min_value=0.0, max_value=contract)) if contract > 0 else 0.0,
            subsidy_years=draw(st.integers(0, min(3, loan_tenor))),
            government_repays=draw(st.booleans())),
        franchise=FranchiseTerms(
            model=model, term=term,
            transfer_price=draw(st.floats(min_value=1.0, max_value=5000.0)) if model == "TOT" else 0.0,
            private_enterprise_equity_share=private,
            government_equity_share=draw(st.sampled_from([0.0, 0.1, 0.3])) if (private or 0) <= 0.6 else 0.0,
            supporting_investment=draw(money),
            equity_share=draw(st.sampled_from([0.2, 0.35, 0.5, 1.0])), debt_rate=draw(rates),
            debt_tenor=debt_tenor, debt_grace_years=draw(st.integers(0, debt_tenor - 1)),
            operating_subsidy=draw(money), operating_subsidy_growth=draw(growths),
            operating_subsidy_schedule=schedule),
        abs=ABSTerms(coupon=draw(rates), tenor=abs_tenor, grace_years=draw(st.integers(0, abs_tenor - 1)),
                     advance_rate=draw(st.floats(min_value=0, max_value=1))),
        legacy_ppp=legacy,
    )


counties = st.builds(
    CountyContext,
    code=st.just("320923"),
    gpb_expenditure=st.lists(st.floats(min_value=1e4, max_value=1e7), min_size=1, max_size=5),
    gpb_growth=growths,
    existing_obligations=st.lists(st.floats(min_value=0, max_value=1e5), min_size=0, max_size=5),
)


@SETTINGS
@given(scenarios(), st.one_of(st.none(), counties))
def test_outlays_never_negative(inputs, county):
    res = run_scenario(inputs, county)
    for row in res.rows:
        for c in OUTLAY_COLUMNS:
            assert getattr(row, c) >= -1e-9, (row.year, c, getattr(row, c))
        assert row.government_outlay >= -1e-9
        assert row.ppp_obligations >= -1e-9
        if county is not None:
            assert row.obligation_share_with >= row.obligation_share_without - 1e-15


@SETTINGS
@given(scenarios(franchise_zero=True))
def test_no_social_capital_means_no_private_cash_flow(inputs):
    res = run_scenario(inputs)
    assert all(r.private_cash_flow == 0.0 for r in res.rows)
    assert all(r.private_equity_injection == 0.0 and r.private_debt_service == 0.0 for r in res.rows)
    assert all(r.operating_subsidy == 0.0 for r in res.rows)
    assert res.summary.equity_irr is None


@SETTINGS
@given(scenarios(), st.floats(min_value=0.5, max_value=1.5))
def test_shares_must_total_one(inputs, factor):
    assume(abs(factor - 1.0) > 0.002)
    sh = inputs.shares
    inputs.shares = FinancingShares(*(min(x * factor, 1.0) for x in
                                      (sh.budget, sh.special_bond, sh.subsidized_loan, sh.franchise, sh.abs)))
    assume(abs(inputs.shares.total() - 1.0) > 0.001)
    with pytest.raises(InputError) as e:
        validate_inputs(inputs)
    assert e.value.field == "shares"
    with pytest.raises(InputError):
        run_scenario(inputs)


@SETTINGS
@given(scenarios(), st.one_of(st.none(), counties))
def test_government_outlay_identity(inputs, county):
    """Σ outlay = (budget + bond + loan·[gov repays]) × Σ external capex + ABS bridge + bond interest + 贴息
                  + loan net interest·[gov repays] + government equity + operating subsidies + 配套投入 + legacy PPP."""
    res = run_scenario(inputs, county)
    sh = inputs.shares
    ext = sum(r.external_capex for r in res.rows)
    gov_share = sh.budget + sh.special_bond + (sh.subsidized_loan if inputs.subsidized_loan.government_repays else 0)
    col = lambda name: sum(getattr(r, name) for r in res.rows)  # noqa: E731
    rhs = (gov_share * ext + col("abs_bridge") + col("bond_interest") + col("loan_interest_subsidy")
           + col("loan_interest_gov") + col("government_equity") + col("operating_subsidy")
           + col("supporting_investment") + col("legacy_ppp_payment"))
    lhs = col("government_outlay")
    assert math.isclose(lhs, rhs, rel_tol=1e-9, abs_tol=1e-6)
    s = res.summary
    assert math.isclose(s.total_government_outlay, lhs, rel_tol=1e-12, abs_tol=1e-9)
    assert math.isclose(s.government_investment_share + s.government_financing_cost + s.total_operating_subsidy
                        + s.total_legacy_ppp_payment + col("abs_bridge") + col("government_equity")
                        + col("supporting_investment"), lhs, rel_tol=1e-9, abs_tol=1e-6)
    # the ABS bridge is paid back by the ABS proceeds, in full
    assert math.isclose(col("abs_proceeds"), col("abs_bridge"), rel_tol=1e-9, abs_tol=1e-6)
    # the red-line numerator is the sum of the four obligations and the existing stream
    assert math.isclose(col("ppp_obligations"), sum(s.obligations_by_type.values()), rel_tol=1e-9, abs_tol=1e-6)
    # every debt the government repays is repaid in full within the horizon
    assert math.isclose(col("bond_principal"), sh.special_bond * ext, rel_tol=1e-9, abs_tol=1e-6)
    # capex is fully funded: internal + external = total investment
    assert math.isclose(s.total_internal_funding + ext, inputs.total_investment, rel_tol=1e-9)


@SETTINGS
@given(scenarios(), st.one_of(st.none(), counties))
def test_json_round_trip(inputs, county):
    d = json.loads(json.dumps(scenario_to_dict(inputs, county), ensure_ascii=False))
    assert d["version"] == 1
    back = scenario_from_dict(d)
    assert back.inputs == inputs
    assert back.county == county
    assert back.legacy_ppp == inputs.legacy_ppp


@SETTINGS
@given(scenarios(), st.one_of(st.none(), counties))
def test_vfm_and_fee_basis_ignore_existing_streams(inputs, county):
    """VfM and the 收费基础 test are about the project alone: adding or removing an existing 21号 stream (issue 14)
    changes the red-line numerator by exactly that stream and nothing of the project's own evaluation."""
    import copy
    without = copy.deepcopy(inputs)
    without.legacy_ppp = None
    a, b = run_scenario(inputs, county).summary, run_scenario(without, county).summary
    assert math.isclose(a.vfm_value, b.vfm_value, rel_tol=1e-9, abs_tol=1e-6)
    assert (a.fee_basis_ratio is None) == (b.fee_basis_ratio is None)
    if a.fee_basis_ratio is not None:
        assert math.isclose(a.fee_basis_ratio, b.fee_basis_ratio, rel_tol=1e-9, abs_tol=1e-9)
    assert math.isclose(a.total_ppp_obligations - b.total_ppp_obligations, a.total_legacy_ppp_payment,
                        rel_tol=1e-9, abs_tol=1e-6)
