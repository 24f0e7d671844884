"""The scenario engine: ``run_scenario`` year by year, its result rows and summary (pure Python).

Financing model in one paragraph
--------------------------------
Capex of year t is ``total_investment × capex share_t``.  A part of it may be
funded internally from earlier phases' retained net revenue (分步实施/滚动开发,
``reinvest_share``); the rest ("external capex") is split by the financing mix:
``budget`` (政府直接投资, a grant — allowed as construction-period investment
support, domain.md §5c), ``special_bond`` (专项债, a government debt: the
government pays principal and interest, the project's net income is pledged to
it, domain.md §5d), ``subsidized_loan`` (贴息贷款 borrowed by the project; the
government pays 贴息 = 余额 × 贴息率, domain.md §5f), ``franchise`` (社会资本,
BOT/BOOT/TOT SPV: equity + private debt, domain.md §5c/§5g) and ``abs``
(ABS on the operating cash flow, domain.md §5e: it can only be issued once the
asset operates, so the budget bridges the ABS share of construction and gets it
back from the proceeds in the first operating year).  TOT: the asset exists and
operates from year 1, the capex is its renovation, and the franchisee pays the
government a transfer price in year 1 (financed like its capex).

Operating cash: net operating income (user fees − opex) first services the
project-level debt (subsidised loan unless the government repays it, ABS).
What remains, less any amount retained for later phases, is split between the
SPV and the public owner as ``franchise : special_bond`` (the SPV takes all of
it when there is no special bond; the public owner takes all when there is no
franchise or after the franchise term ends, i.e. on transfer).  The public
owner's part is what the special bond is repaid from.  The government's equity
in the project company (``government_equity_share``) earns its share of the
SPV's equity cash flow.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from .formulas import npv_or_none, present_value, safe_irr
from .inputs import (
    RED_LINE_SHARE,
    CountyContext,
    ScenarioInputs,
    capex_profile,
    first_operating_year,
    validate_inputs,
)

_EPS = 1e-9

# Government outlay columns of a YearRow (cash paid from the budget, in the order of the identity in run_scenario).
OUTLAY_COLUMNS: tuple[str, ...] = (
    "direct_investment",       # 政府直接投资 (budget share of external capex)
    "abs_bridge",              # the ABS share of construction, fronted by the budget until the ABS is issued
    "bond_principal",          # 专项债还本
    "bond_interest",           # 专项债付息
    "loan_interest_subsidy",   # 贴息 = 余额 × 贴息率 (domain.md §5f)
    "loan_principal_gov",      # loan principal, only if subsidized_loan.government_repays
    "loan_interest_gov",       # loan net interest (合同利率 − 贴息率), only if government_repays
    "government_equity",       # 股权投资 = 项目资本金 × 政府股权比例 (21号, domain.md §5a)
    "operating_subsidy",       # 运营补贴 to the franchisee (operations only, domain.md §5c)
    "supporting_investment",   # 配套投入 (21号, domain.md §5a)
    "legacy_ppp_payment",      # 存量PPP 财政支出 per 财金〔2015〕21号 (domain.md §5a)
)
OUTLAY_LABELS: dict[str, tuple[str, str]] = {
    "direct_investment": ("政府直接投资", "direct investment"),
    "abs_bridge": ("ABS发行前财政垫付", "budget bridge until the ABS is issued"),
    "bond_principal": ("专项债还本", "special-bond principal"),
    "bond_interest": ("专项债付息", "special-bond interest"),
    "loan_interest_subsidy": ("贷款贴息", "loan interest subsidy"),
    "loan_principal_gov": ("政府偿还贷款本金", "loan principal (government-repaid)"),
    "loan_interest_gov": ("政府偿还贷款利息", "loan interest (government-repaid)"),
    "government_equity": ("政府股权投资", "government equity"),
    "operating_subsidy": ("运营补贴", "operating subsidy"),
    "supporting_investment": ("配套投入", "supporting investment"),
    "legacy_ppp_payment": ("存量PPP支出", "legacy PPP payment"),
}
# The 21号 red-line numerator, per year (domain.md §5a): the four obligations of the PPP project + existing streams.
OBLIGATION_COLUMNS: tuple[str, ...] = (
    "government_equity", "operating_subsidy", "retained_risk", "supporting_investment", "legacy_ppp_payment")
OBLIGATION_LABELS: dict[str, tuple[str, str]] = {
    "government_equity": ("股权投资", "equity investment"),
    "operating_subsidy": ("运营补贴", "operating subsidies"),
    "retained_risk": ("风险承担", "retained risk"),
    "supporting_investment": ("配套投入", "supporting investment"),
    "legacy_ppp_payment": ("存量PPP支出", "existing PPP stream"),
}


# --------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------
@dataclass
class YearRow:
    year: int
    capex: float = 0.0
    internal_funding: float = 0.0         # funded from earlier phases' retained net revenue
    external_capex: float = 0.0           # capex split by the financing mix
    operating_fraction: float = 0.0       # share of the investment in operation
    operating_revenue: float = 0.0        # user fees
    operating_cost: float = 0.0
    net_operating_income: float = 0.0
    # government outlays by type (OUTLAY_COLUMNS)
    direct_investment: float = 0.0
    abs_bridge: float = 0.0
    bond_principal: float = 0.0
    bond_interest: float = 0.0
    loan_interest_subsidy: float = 0.0
    loan_principal_gov: float = 0.0
    loan_interest_gov: float = 0.0
    government_equity: float = 0.0
    operating_subsidy: float = 0.0
    supporting_investment: float = 0.0
    legacy_ppp_payment: float = 0.0
    government_outlay: float = 0.0        # Σ OUTLAY_COLUMNS, never negative
    # government income from the project
    public_operating_income: float = 0.0  # public owner's share of net operating cash (can be < 0); pledged to bonds
    abs_proceeds: float = 0.0             # ABS proceeds repaying the budget's bridge (first operating year)
    transfer_price_received: float = 0.0  # TOT transfer price paid to the government
    government_equity_return: float = 0.0  # the government's share of the SPV's equity cash flow
    government_project_income: float = 0.0  # Σ of the four above
    government_net_cost: float = 0.0      # outlay − project income
    government_debt_balance: float = 0.0  # special bonds (+ loan if government repays), end of year
    # 21号 red line (OBLIGATION_COLUMNS): retained risk is an expected cost, budgeted but not a cash outlay
    retained_risk: float = 0.0
    ppp_obligations: float = 0.0          # Σ OBLIGATION_COLUMNS
    # private partner (equity view)
    private_equity_injection: float = 0.0
    private_debt_service: float = 0.0
    private_cash_flow: float = 0.0
    # project
    project_net_cash_flow: float = 0.0    # −capex + NOI + operating subsidy (unlevered)
    project_debt_service: float = 0.0     # loan (project-held) + ABS, paid from NOI first
    abs_debt_service: float = 0.0
    debt_service: float = 0.0             # all debt: bond + loan (gross) + private + ABS
    bond_debt_service: float = 0.0
    bond_pledged_income: float = 0.0      # net income available to the special bond
    bond_coverage: float | None = None    # pledged ÷ bond debt service, this year
    # county (None without a CountyContext)
    gpb_expenditure: float | None = None
    existing_obligations: float | None = None
    obligation_share_without: float | None = None
    obligation_share_with: float | None = None
    red_line_headroom: float | None = None


@dataclass
class ScenarioSummary:
    total_capex: float
    total_internal_funding: float
    total_external_capex: float
    total_government_outlay: float
    outlay_by_type: dict[str, float]
    peak_government_outlay: float
    peak_year: int | None
    government_investment_share: float       # (budget + bond [+ loan if gov repays]) × external capex
    government_financing_cost: float         # bond interest + 贴息 [+ loan net interest if gov repays]
    total_operating_subsidy: float
    total_legacy_ppp_payment: float
    total_government_project_income: float
    total_government_net_cost: float
    pv_government_outlay: float
    bond_coverage: float | None              # domain.md §5d
    bond_first_year: int | None
    bond_last_year: int | None
    project_irr: float | None
    equity_irr: float | None
    project_npv: float | None
    psc: float                               # domain.md §5b, the project alone (existing streams excluded)
    ppp_value: float
    vfm_value: float
    vfm_index: float | None
    abs_raised: float
    abs_capacity: float
    total_ppp_obligations: float
    obligations_by_type: dict[str, float] | None = None  # Σ per OBLIGATION_COLUMNS
    abs_first_year: int | None = None
    abs_coverage: float | None = None        # Σ NOI ÷ Σ ABS debt service over the ABS life
    # 收费基础 (115号, domain.md §5c): PV over the franchise term at the franchise debt rate (the return floor)
    fee_basis_rate: float | None = None
    fee_basis_fees_pv: float | None = None        # user fees
    fee_basis_investment_pv: float | None = None  # investment the franchisee bears (its capex share + TOT price)
    fee_basis_opex_pv: float | None = None        # operating costs
    fee_basis_ratio: float | None = None          # fees ÷ (investment + opex)
    max_share_with: float | None = None
    max_share_with_year: int | None = None
    max_share_without: float | None = None
    max_share_without_year: int | None = None
    min_headroom: float | None = None
    min_headroom_year: int | None = None
    first_year_share_with: float | None = None


@dataclass
class ScenarioResult:
    rows: list[YearRow]
    summary: ScenarioSummary
    inputs: ScenarioInputs
    county: CountyContext | None = None

    def rows_as_dicts(self) -> list[dict[str, Any]]:
        return [asdict(r) for r in self.rows]

    def summary_dict(self) -> dict[str, Any]:
        return asdict(self.summary)

    def column(self, name: str) -> list[Any]:
        return [getattr(r, name) for r in self.rows]


# --------------------------------------------------------------------------
# Debt schedules
# --------------------------------------------------------------------------
def _add_tranche(
    amount: float, start: int, rate: float, tenor: int, grace: int, bullet: bool, horizon: int,
    principal: list[float], interest: list[float], balance: list[float],
    subsidy_rate: float = 0.0, subsidy_years: int = 0, subsidy: list[float] | None = None,
) -> None:
    """Add one debt tranche drawn at the start of year ``start``.  Interest for
    year y is on the opening balance (incl. the draw); principal is repaid at
    the end of the year: nothing during ``grace`` years, then equal instalments
    (or all at maturity for ``bullet``).  贴息 = opening balance × subsidy_rate in
    the first ``subsidy_years`` years (domain.md §5f)."""
    if amount <= 0.0:
        return
    remaining = amount
    instalment = amount / max(tenor - grace, 1)
    for k in range(tenor):
        year = start + k
        if year > horizon:  # validation keeps every maturity inside the horizon
            break
        interest[year] += remaining * rate
        if subsidy is not None and k < subsidy_years:
            subsidy[year] += remaining * subsidy_rate
        if k == tenor - 1:
            repaid = remaining
        elif bullet or k < grace:
            repaid = 0.0
        else:
            repaid = min(instalment, remaining)
        principal[year] += repaid
        remaining -= repaid
        balance[year] += remaining


def _per_year(schedule: list[float] | None, total: float, weights: list[float], t: int) -> float:
    """A schedule's year-t value (index 0 = year 1), else ``total`` spread by ``weights``."""
    if schedule is not None:
        return float(schedule[t - 1]) if t <= len(schedule) else 0.0
    return total * weights[t]


# --------------------------------------------------------------------------
# The scenario engine
# --------------------------------------------------------------------------
def run_scenario(inputs: ScenarioInputs, county: CountyContext | None = None, *,
                 validate: bool = True, compute_irr: bool = True) -> ScenarioResult:
    """Run one scenario year by year (1..horizon_years).

    Government-outlay identity (holds exactly, tested with hypothesis)::

        Σ_t government_outlay_t
          = (budget + special_bond + subsidized_loan·[government_repays]) × Σ_t external_capex_t
                                                        # government's share of investment
          + Σ_t abs_bridge_t                            # ABS share of capex before operations (proceeds repay it)
          + Σ_t bond_interest_t + Σ_t loan_interest_subsidy_t
          + Σ_t loan_interest_gov_t                     # financing costs (loan interest only if gov repays)
          + Σ_t government_equity_t                     # 股权投资 in the project company
          + Σ_t operating_subsidy_t                     # operations only (domain.md §5c)
          + Σ_t supporting_investment_t                 # 配套投入
          + Σ_t legacy_ppp_payment_t                    # 21号 stream, if any (domain.md §5a)

    because Σ direct_investment = budget × Σ external capex and every debt the
    government repays is fully amortised inside the horizon (validation).

    Red-line obligations (domain.md §5a, 财金〔2015〕21号) counted per year =
    the four obligations of the PPP project — 股权投资 (government_equity),
    运营补贴 (operating_subsidy), 风险承担 (retained_risk = PSC risk share ×
    (1 − risk transfer) × franchise share × (capex + opex) during the term, the
    PPP part of the risk the VfM test leaves with the government) and 配套投入
    (supporting_investment) — plus any existing 21号 stream.  Not counted: budget
    direct investment (construction-period investment support is ordinary budget
    spending, domain.md §5c), special-bond debt service (government debt under
    its own limits, domain.md §5d) and 贴息 (a budget programme, domain.md §5f).
    """
    if validate:
        validate_inputs(inputs, county)
    H = inputs.horizon_years
    sh = inputs.shares
    b_share, s_share, l_share, f_share, a_share = (
        sh.budget, sh.special_bond, sh.subsidized_loan, sh.franchise, sh.abs)
    capex_sh, op_frac = capex_profile(inputs)
    first_op = first_operating_year(op_frac, H)
    capex = [inputs.total_investment * s for s in capex_sh]
    future_capex = [0.0] * (H + 2)  # Σ capex of years > t
    for t in range(H - 1, -1, -1):
        future_capex[t] = future_capex[t + 1] + capex[t + 1]

    def zeros() -> list[float]:
        return [0.0] * (H + 2)

    bond_p, bond_i, bond_bal = zeros(), zeros(), zeros()
    loan_p, loan_i, loan_bal, loan_sub = zeros(), zeros(), zeros(), zeros()
    priv_p, priv_i, priv_bal = zeros(), zeros(), zeros()
    abs_p, abs_i, abs_bal = zeros(), zeros(), zeros()

    bond = inputs.special_bond
    loan = inputs.subsidized_loan
    fr = inputs.franchise
    ab = inputs.abs
    has_franchise = f_share > 0
    eq_share = fr.equity_share if has_franchise else 0.0
    gov_eq = fr.government_equity_share if has_franchise else 0.0
    tot_price = fr.transfer_price if inputs.is_tot() else 0.0
    retained_risk_rate = inputs.psc_risk_share * (1.0 - inputs.risk_transfer_share) * f_share
    weights = [c / inputs.total_investment for c in capex]  # spreads a total (配套投入) like the capex

    legacy = [0.0] * (H + 2)
    if inputs.legacy_ppp is not None:
        lg = inputs.legacy_ppp
        for item in lg.schedule():
            y = lg.start_year + item["year"] - 1
            if y <= H:
                legacy[y] = item["operating_subsidy"]

    rows: list[YearRow] = []
    pool = 0.0
    abs_raised = 0.0
    abs_first = None
    bridged = 0.0  # ABS share of construction fronted by the budget, not yet repaid by ABS proceeds
    for t in range(1, H + 1):
        row = YearRow(year=t)
        cap = capex[t]
        internal = min(cap, pool)
        pool -= internal
        ext = cap - internal
        row.capex, row.internal_funding, row.external_capex = cap, internal, ext
        row.direct_investment = b_share * ext
        spv_need = f_share * ext + (tot_price if t == 1 else 0.0)  # what the franchisee finances this year
        if ext > 0:
            _add_tranche(s_share * ext, t, bond.rate, bond.tenor, bond.grace_years,
                         bond.repayment == "bullet", H, bond_p, bond_i, bond_bal)
            _add_tranche(l_share * ext, t, loan.contract_rate, loan.tenor, loan.grace_years, False, H,
                         loan_p, loan_i, loan_bal, loan.subsidy_rate, loan.subsidy_years, loan_sub)
        _add_tranche(spv_need * (1.0 - eq_share), t, fr.debt_rate, fr.debt_tenor,
                     fr.debt_grace_years, False, H, priv_p, priv_i, priv_bal)
        # ABS (domain.md §5e): issued on operating cash flow only — before operations the budget bridges its share
        if a_share > 0:
            if t < first_op:
                row.abs_bridge = a_share * ext
                bridged += row.abs_bridge
            else:
                draw = a_share * ext + bridged
                if draw > 0:
                    _add_tranche(draw, t, ab.coupon, ab.tenor, ab.grace_years, False, H, abs_p, abs_i, abs_bal)
                    abs_raised += draw
                    abs_first = abs_first or t
                row.abs_proceeds, bridged = bridged, 0.0

        # operations: fees and opex scale with the share in operation; prices grow from the first operating year
        frac = op_frac[t]
        age = t - first_op
        rev = inputs.user_fees * (1.0 + inputs.fee_growth) ** age * frac if frac > 0 else 0.0
        opx = inputs.opex * (1.0 + inputs.opex_growth) ** age * frac if frac > 0 else 0.0
        noi = rev - opx
        row.operating_fraction, row.operating_revenue, row.operating_cost = frac, rev, opx
        row.net_operating_income = noi

        in_term = has_franchise and t <= fr.term
        if in_term:
            if fr.operating_subsidy_schedule is not None:
                op_sub = _per_year(fr.operating_subsidy_schedule, 0.0, weights, t)
            elif frac > 0:
                op_sub = fr.operating_subsidy * (1.0 + fr.operating_subsidy_growth) ** age * frac
            else:
                op_sub = 0.0
            row.supporting_investment = _per_year(fr.supporting_investment_schedule, fr.supporting_investment,
                                                  weights, t)
            row.retained_risk = retained_risk_rate * (cap + opx)
        else:
            op_sub = 0.0  # operating subsidies go to a franchisee only
        equity = spv_need * eq_share
        row.government_equity = equity * gov_eq

        # debt service
        loan_net_interest = loan_i[t] - loan_sub[t]  # 实际利率 = 合同利率 − 贴息率 (domain.md §5f)
        row.bond_principal, row.bond_interest = bond_p[t], bond_i[t]
        row.loan_interest_subsidy = loan_sub[t]
        row.abs_debt_service = abs_p[t] + abs_i[t]
        if loan.government_repays:
            row.loan_principal_gov, row.loan_interest_gov = loan_p[t], loan_net_interest
            project_ds = row.abs_debt_service
        else:
            project_ds = loan_p[t] + loan_net_interest + row.abs_debt_service
        row.operating_subsidy = op_sub
        row.legacy_ppp_payment = legacy[t]
        row.government_outlay = sum(getattr(row, c) for c in OUTLAY_COLUMNS)

        # cash waterfall: project-level debt first, then retention for later phases, then the split
        distributable = noi - project_ds
        if inputs.reinvest_share > 0 and future_capex[t] > pool:
            retained = min(inputs.reinvest_share * max(distributable, 0.0), future_capex[t] - pool)
            pool += retained
            distributable -= retained
        spv_frac = (f_share / (f_share + s_share)) if in_term else 0.0
        public = (1.0 - spv_frac) * distributable
        row.public_operating_income = public

        if has_franchise:
            priv_ds = priv_p[t] + priv_i[t]
            spv_in = spv_frac * distributable + op_sub - priv_ds
            row.private_equity_injection = equity * (1.0 - gov_eq)
            row.private_debt_service = priv_ds
            row.private_cash_flow = -row.private_equity_injection + (1.0 - gov_eq) * spv_in
            row.government_equity_return = gov_eq * spv_in
        row.transfer_price_received = tot_price if t == 1 else 0.0
        row.government_project_income = (public + row.abs_proceeds + row.transfer_price_received
                                         + row.government_equity_return)
        row.government_net_cost = row.government_outlay - row.government_project_income
        row.government_debt_balance = bond_bal[t] + (loan_bal[t] if loan.government_repays else 0.0)
        row.ppp_obligations = sum(getattr(row, c) for c in OBLIGATION_COLUMNS)

        row.project_net_cash_flow = -cap + noi + op_sub
        row.project_debt_service = project_ds
        row.bond_debt_service = bond_p[t] + bond_i[t]
        row.debt_service = row.bond_debt_service + loan_p[t] + loan_i[t] + priv_p[t] + priv_i[t] + row.abs_debt_service
        if row.bond_debt_service > _EPS:
            row.bond_pledged_income = public
            row.bond_coverage = public / row.bond_debt_service

        if county is not None:
            gpb = county.gpb(t)
            existing = county.existing(t)
            row.gpb_expenditure = gpb
            row.existing_obligations = existing
            row.obligation_share_without = existing / gpb
            row.obligation_share_with = (existing + row.ppp_obligations) / gpb
            row.red_line_headroom = RED_LINE_SHARE * gpb - existing - row.ppp_obligations  # domain.md §5a
        rows.append(row)

    summary = _summarise(inputs, county, rows, abs_raised, abs_first, compute_irr)
    return ScenarioResult(rows=rows, summary=summary, inputs=inputs, county=county)


def _summarise(inputs: ScenarioInputs, county: CountyContext | None, rows: list[YearRow],
               abs_raised: float, abs_first: int | None, compute_irr: bool) -> ScenarioSummary:
    r = inputs.discount_rate
    sh = inputs.shares
    fr = inputs.franchise
    outlays = [row.government_outlay for row in rows]
    by_type = {c: sum(getattr(row, c) for row in rows) for c in OUTLAY_COLUMNS}
    obligations = {c: sum(getattr(row, c) for row in rows) for c in OBLIGATION_COLUMNS}
    total_outlay = sum(outlays)
    peak = max(outlays) if outlays else 0.0
    peak_year = next((row.year for row in rows if row.government_outlay == peak), None) if peak > 0 else None
    ext_total = sum(row.external_capex for row in rows)
    gov_inv_share = (sh.budget + sh.special_bond + (sh.subsidized_loan if inputs.subsidized_loan.government_repays else 0.0))
    fin_cost = by_type["bond_interest"] + by_type["loan_interest_subsidy"] + by_type["loan_interest_gov"]

    # special-bond coverage over the bond life (domain.md §5d): the public owner's operating cash only
    bond_years = [row.year for row in rows if row.bond_debt_service > _EPS]
    coverage = first_b = last_b = None
    if bond_years:
        first_b, last_b = bond_years[0], bond_years[-1]
        life = [row for row in rows if first_b <= row.year <= last_b]
        ds = sum(row.bond_debt_service for row in life)
        coverage = sum(row.public_operating_income for row in life) / ds

    project_cf = [row.project_net_cash_flow for row in rows]
    project_irr = safe_irr(project_cf) if compute_irr else None
    equity_irr = safe_irr([row.private_cash_flow for row in rows]) if (compute_irr and sh.franchise > 0) else None
    project_npv = npv_or_none(r, project_cf)

    # VfM (domain.md §5b, 财金〔2015〕167号) on the project ALONE: PSC = PV of the cost if the government built and
    # operated it itself (capex + opex − the same user fees) + all risk costs + competitive-neutrality adjustment;
    # PPP value = PV of the government's whole-life net cost of this project + the risk it retains. Existing 21号
    # streams (legacy_ppp_payment) belong to other projects and are left out of both.
    psc_flows, ppp_flows = [], []
    retained_risk = 1.0 - sh.franchise * inputs.risk_transfer_share
    for row in rows:
        base = row.capex + row.operating_cost
        psc_flows.append(base * (1.0 + inputs.psc_risk_share + inputs.psc_competitive_neutrality)
                         - row.operating_revenue)
        ppp_flows.append(row.government_net_cost - row.legacy_ppp_payment
                         + base * inputs.psc_risk_share * retained_risk)
    psc = present_value(r, psc_flows)
    ppp_value = present_value(r, ppp_flows)
    vfm = psc - ppp_value
    vfm_index = vfm / psc if psc > _EPS else None

    # ABS (domain.md §5e): capacity = advance rate × PV (at the coupon) of the operating cash flow over the ABS
    # tenor from its issue; coverage = Σ NOI ÷ Σ ABS debt service over its life
    ab = inputs.abs
    first_op = next((row.year for row in rows if row.operating_fraction > 0), None)
    issue = abs_first or first_op
    abs_capacity, abs_coverage = 0.0, None
    if issue is not None:
        window = [row.net_operating_income for row in rows if issue <= row.year < issue + ab.tenor]
        abs_capacity = ab.advance_rate * max(present_value(ab.coupon, window), 0.0) if window else 0.0
    abs_life = [row for row in rows if row.abs_debt_service > _EPS]
    if abs_life:
        abs_coverage = sum(row.net_operating_income for row in abs_life) / sum(row.abs_debt_service for row in abs_life)

    # 收费基础 (115号, domain.md §5c): over the franchise term, the user fees must cover the investment the
    # franchisee bears and the operating costs with a return — discounted at the franchise's lending rate, the
    # floor of a reasonable return (21号: 合理利润率 = medium/long-term lending rate + risk). Subsidies don't count.
    fee = {}
    if sh.franchise > 0:
        term_rows = [row for row in rows if row.year <= fr.term]
        rate = fr.debt_rate
        fees_pv = present_value(rate, [row.operating_revenue for row in term_rows])
        opex_pv = present_value(rate, [row.operating_cost for row in term_rows])
        invest_pv = present_value(rate, [sh.franchise * row.external_capex + row.transfer_price_received
                                         for row in term_rows])
        cost = invest_pv + opex_pv
        fee = dict(fee_basis_rate=rate, fee_basis_fees_pv=fees_pv, fee_basis_investment_pv=invest_pv,
                   fee_basis_opex_pv=opex_pv, fee_basis_ratio=(fees_pv / cost) if cost > _EPS else None)

    summary = ScenarioSummary(
        total_capex=sum(row.capex for row in rows),
        total_internal_funding=sum(row.internal_funding for row in rows),
        total_external_capex=ext_total,
        total_government_outlay=total_outlay,
        outlay_by_type=by_type,
        peak_government_outlay=peak,
        peak_year=peak_year,
        government_investment_share=gov_inv_share * ext_total,
        government_financing_cost=fin_cost,
        total_operating_subsidy=by_type["operating_subsidy"],
        total_legacy_ppp_payment=by_type["legacy_ppp_payment"],
        total_government_project_income=sum(row.government_project_income for row in rows),
        total_government_net_cost=sum(row.government_net_cost for row in rows),
        pv_government_outlay=present_value(r, outlays),
        bond_coverage=coverage,
        bond_first_year=first_b,
        bond_last_year=last_b,
        project_irr=project_irr,
        equity_irr=equity_irr,
        project_npv=project_npv,
        psc=psc,
        ppp_value=ppp_value,
        vfm_value=vfm,
        vfm_index=vfm_index,
        abs_raised=abs_raised,
        abs_capacity=abs_capacity,
        total_ppp_obligations=sum(row.ppp_obligations for row in rows),
        obligations_by_type=obligations,
        abs_first_year=abs_first,
        abs_coverage=abs_coverage,
        **fee,
    )
    if county is not None and rows:
        w = max(rows, key=lambda x: x.obligation_share_with)
        wo = max(rows, key=lambda x: x.obligation_share_without)
        h = min(rows, key=lambda x: x.red_line_headroom)
        summary.max_share_with, summary.max_share_with_year = w.obligation_share_with, w.year
        summary.max_share_without, summary.max_share_without_year = wo.obligation_share_without, wo.year
        summary.min_headroom, summary.min_headroom_year = h.red_line_headroom, h.year
        summary.first_year_share_with = rows[0].obligation_share_with
    return summary
