"""Pure-Python financing scenario model (no Streamlit, no DuckDB).

Units: money in 万元, rates as fractions (0.035 = 3.5 %), years numbered 1..N
(cash flows at the end of each year; present values at the start of year 1).

Sources: ``/work/shared/domain.md`` §5 (PPP and financing) and §6 (PFRAM);
formulas and defaults cite the section they come from ("domain.md §5a" …).
Numbers tagged [E] are estimates (fine for a fictional dashboard, not facts).

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
(ABS on operating cash flow, domain.md §5e).

Operating cash: net operating income (user fees − opex) first services the
project-level debt (subsidised loan unless the government repays it, ABS).
What remains, less any amount retained for later phases, is split between the
SPV and the public owner as ``franchise : special_bond`` (the SPV takes all of
it when there is no special bond; the public owner takes all when there is no
franchise or after the franchise term ends, i.e. on transfer).  The public
owner's part is "government project income" and is what the special bond is
repaid from.  Budget money is a grant and claims no income.
"""

from __future__ import annotations

import copy
import math
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Sequence

import numpy_financial as npf

# --------------------------------------------------------------------------
# Constants (policy thresholds) — all from domain.md §5
# --------------------------------------------------------------------------
RED_LINE_SHARE = 0.10          # domain.md §5a: PPP obligations ≤ 10 % of GPB expenditure, every year
GOV_PAY_LINE_SHARE = 0.05      # domain.md §5a: > 5 % ⇒ no new government-pay PPPs
BOND_COVERAGE_MIN = 1.1        # domain.md §5d: Σ net income ÷ Σ principal+interest ≥ 1.1–1.3
FRANCHISE_TERM_MAX = 40        # domain.md §5c: 2024 特许经营办法, term ≤ 40 years
PRIVATE_EQUITY_MIN = 0.35      # domain.md §5c: private equity ≥ 35 % when strongly public
SPECIAL_BOND_TENOR_MAX = 30    # brief: special-bond tenor ≤ 30 years (domain.md §5d: avg 18.7 y)
LOAN_SUBSIDY_YEARS_MAX = 2     # domain.md §5f: 贴息 for ≤ 2 years
DEBT_TENOR_MAX = 40            # any other debt tenor (loan, private debt, ABS) ≤ 40 years
HORIZON_MAX = 100
SHARE_TOLERANCE = 0.001        # brief: financing shares must total 1 within 0.001
_EPS = 1e-9

PROJECT_TYPES: dict[str, tuple[str, str]] = {
    "elderly_care_centre": ("养老服务中心", "elderly-care centre"),
    "old_residential_renovation": ("老旧小区改造", "old residential renovation"),
    "smart_grid_platform": ("智慧网格治理平台", "smart-grid governance platform"),
    "community_service_centre": ("社区综合服务中心", "community service centre"),
    "waste_sorting_facility": ("垃圾分类处理设施", "waste-sorting facility"),
    "other": ("其他", "other"),
}

FRANCHISE_MODELS = ("BOT", "BOOT", "TOT")   # domain.md §5c: 2024 特许经营办法

PAYMENT_MODES: dict[str, tuple[str, str]] = {
    "government_pay": ("政府付费", "government pay"),
    "viability_gap": ("可行性缺口补助", "viability-gap subsidy"),
}
_PAYMENT_MODE_ALIASES = {
    "government_pay": "government_pay", "政府付费": "government_pay",
    "viability_gap": "viability_gap", "可行性缺口补助": "viability_gap",
}

# Government outlay columns of a YearRow (in the order of the identity below).
OUTLAY_COLUMNS: tuple[str, ...] = (
    "direct_investment",       # 政府直接投资 (budget share of external capex)
    "bond_principal",          # 专项债还本
    "bond_interest",           # 专项债付息
    "loan_interest_subsidy",   # 贴息 = 余额 × 贴息率 (domain.md §5f)
    "loan_principal_gov",      # loan principal, only if subsidized_loan.government_repays
    "loan_interest_gov",       # loan net interest (合同利率 − 贴息率), only if government_repays
    "operating_subsidy",       # 运营补贴 to the franchisee (operations only, domain.md §5c)
    "legacy_ppp_payment",      # 存量PPP 财政支出 per 财金〔2015〕21号 (domain.md §5a)
)
OUTLAY_LABELS: dict[str, tuple[str, str]] = {
    "direct_investment": ("政府直接投资", "direct investment"),
    "bond_principal": ("专项债还本", "special-bond principal"),
    "bond_interest": ("专项债付息", "special-bond interest"),
    "loan_interest_subsidy": ("贷款贴息", "loan interest subsidy"),
    "loan_principal_gov": ("政府偿还贷款本金", "loan principal (government-repaid)"),
    "loan_interest_gov": ("政府偿还贷款利息", "loan interest (government-repaid)"),
    "operating_subsidy": ("运营补贴", "operating subsidy"),
    "legacy_ppp_payment": ("存量PPP支出", "legacy PPP payment"),
}


class InputError(ValueError):
    """Invalid scenario input.  ``field`` is a dotted path (e.g. ``"shares"``,
    ``"special_bond.tenor"``, ``"county.gpb_expenditure"``)."""

    def __init__(self, field: str, message_zh: str, message_en: str):
        self.field = field
        self.message_zh = message_zh
        self.message_en = message_en
        super().__init__(f"[{field}] {message_zh} / {message_en}")


# --------------------------------------------------------------------------
# 财金〔2015〕21号 (domain.md §5a)
# --------------------------------------------------------------------------
def normalize_payment_mode(payment_mode: str) -> str:
    """Return ``"government_pay"`` or ``"viability_gap"`` (Chinese names accepted)."""
    mode = _PAYMENT_MODE_ALIASES.get(str(payment_mode).strip())
    if mode is None:
        raise InputError(
            "payment_mode",
            f"付费模式“{payment_mode}”无效，应为 government_pay（政府付费）或 viability_gap（可行性缺口补助）",
            f"invalid payment_mode '{payment_mode}': use government_pay or viability_gap",
        )
    return mode


def legacy_ppp_subsidy(
    construction_cost: float,
    reasonable_profit_rate: float,
    discount_rate: float,
    subsidy_years: int,
    annual_opex: float,
    annual_user_fees: float = 0.0,
    payment_mode: str = "viability_gap",
    n: int = 1,
    *,
    floor_at_zero: bool = True,
) -> float:
    """当年运营补贴支出数额 for year ``n`` under 财金〔2015〕21号, literally (domain.md §5a)::

        government_pay: cost × (1+profit) × (1+discount)^n ÷ subsidy_years + opex × (1+profit)
        viability_gap : the same − annual_user_fees

    ``(1+discount)^n`` *compounds* (domain.md §5a: "implement it literally and
    expose n"); n = 折现年数, normally the year of the subsidy period.
    ``government_pay`` ignores user fees.  A viability gap below zero means the
    fees cover everything, so the result is floored at 0 (``floor_at_zero``).

    Worked example (domain.md §5a, 亿元): cost 10, profit 0.06, discount 0.035,
    10 years, opex 0.5, fees 0.3 → n=1: 1.3271, n=5: 1.4889, n=10: 1.7252;
    government pay n=1: 1.6271.
    """
    mode = normalize_payment_mode(payment_mode)
    if subsidy_years <= 0:
        raise InputError("subsidy_years", "财政运营补贴周期须为正整数", "subsidy_years must be a positive integer")
    capital_part = construction_cost * (1.0 + reasonable_profit_rate) * (1.0 + discount_rate) ** n / subsidy_years
    operating_part = annual_opex * (1.0 + reasonable_profit_rate)
    value = capital_part + operating_part
    if mode == "viability_gap":
        value -= annual_user_fees
    return max(value, 0.0) if floor_at_zero else value


def legacy_ppp_schedule(
    construction_cost: float,
    reasonable_profit_rate: float,
    discount_rate: float,
    subsidy_years: int,
    annual_opex: float,
    annual_user_fees: float = 0.0,
    payment_mode: str = "viability_gap",
) -> list[dict[str, float]]:
    """``[{"year": n, "operating_subsidy": legacy_ppp_subsidy(..., n)}]`` for n = 1..subsidy_years
    (domain.md §5a; worked example 10-year total 15.17 亿元 under viability gap)."""
    return [
        {
            "year": n,
            "operating_subsidy": legacy_ppp_subsidy(
                construction_cost, reasonable_profit_rate, discount_rate, subsidy_years,
                annual_opex, annual_user_fees, payment_mode, n,
            ),
        }
        for n in range(1, int(subsidy_years) + 1)
    ]


def level_annuity(P: float, k: float, n: int, om: float = 0.0, other_income: float = 0.0) -> float:
    """Level-annuity payment ``A = P·k(1+k)^n/((1+k)^n − 1) + O&M − other income``
    (domain.md §5a; a real 医养 PPP uses k = 7.99 % over 18 years).  k = 0 → P/n."""
    if n <= 0:
        raise InputError("n", "年金期数须为正整数", "annuity term n must be a positive integer")
    if abs(k) < 1e-15:
        capital = P / n
    else:
        growth = (1.0 + k) ** n
        capital = P * k * growth / (growth - 1.0)
    return capital + om - other_income


# --------------------------------------------------------------------------
# Input dataclasses
# --------------------------------------------------------------------------
@dataclass
class FinancingShares:
    """Financing mix of external capex; the five shares must total 1.0 (±0.001)."""

    budget: float = 0.2           # 政府直接投资 (construction-period investment support, domain.md §5c)
    special_bond: float = 0.8     # 专项债 (domain.md §5d)
    subsidized_loan: float = 0.0  # 贴息贷款 (domain.md §5f)
    franchise: float = 0.0        # 社会资本/特许经营 (domain.md §5c, §5g)
    abs: float = 0.0              # ABS on operating cash flow (domain.md §5e)

    def total(self) -> float:
        return self.budget + self.special_bond + self.subsidized_loan + self.franchise + self.abs


@dataclass
class SpecialBondTerms:
    rate: float = 0.0316          # domain.md §5d: Jan-2023 average issue rate 3.16 %
    tenor: int = 20               # domain.md §5d: average tenor 18.7 y; ≤ 30
    grace_years: int = 3          # interest-only years after each issue [E]
    repayment: str = "amortizing"  # "amortizing" (equal principal after grace) | "bullet"


@dataclass
class SubsidizedLoanTerms:
    contract_rate: float = 0.032  # domain.md §5f: 3.2 % contract rate
    tenor: int = 10               # [E]
    grace_years: int = 2          # interest-only years [E]
    subsidy_rate: float = 0.015   # domain.md §5f: 2026 贴息 1.5 pp (2022: 2.5 pp)
    subsidy_years: int = 2        # domain.md §5f: ≤ 2 years
    # Decision: by default the loan is the project's debt (repaid from project
    # income) and the government's only outlay is the 贴息.  Set True when the
    # budget services the loan (e.g. a public institution borrower): principal
    # and net interest then become government outlays too.
    government_repays: bool = False


@dataclass
class FranchiseTerms:
    model: str = "BOT"            # BOT | BOOT | TOT (domain.md §5c); cash flows are modelled alike
    term: int = 30                # years from scenario year 1, ≤ 40 (domain.md §5c)
    equity_share: float = 0.35    # private equity / private financing (domain.md §5c ≥ 35 %; §5g 20–30 % typical)
    debt_rate: float = 0.045      # private (bank) debt rate [E]
    debt_tenor: int = 15          # [E]
    debt_grace_years: int = 2     # interest-only years [E]
    # Government operating subsidy to the franchisee — legal for operations only
    # (domain.md §5c).  Scalar: amount per year at full operation from the first
    # operating year, growing at operating_subsidy_growth.  A schedule (per
    # scenario year, index 0 = year 1) overrides it.
    operating_subsidy: float = 0.0
    operating_subsidy_growth: float = 0.0
    operating_subsidy_schedule: list[float] | None = None
    # Declarations the rules must reject for new PPPs (国办函〔2023〕115号, domain.md §5c).
    government_payment: bool = False
    viability_gap_subsidy: bool = False
    guaranteed_return: bool = False


@dataclass
class ABSTerms:
    coupon: float = 0.03          # domain.md §5e: infrastructure ABS coupons 2.3–4.0 % [E]
    tenor: int = 10               # [E]
    grace_years: int = 2          # interest-only years [E]
    advance_rate: float = 0.7     # share of PV(future operating cash flow) that can be raised [E]


@dataclass
class Phase:
    """One phase of a 分步实施/滚动开发 project: ``share`` of total investment,
    spread evenly over ``construction_years`` starting in ``start_year``; it
    operates from the year after its construction ends."""

    start_year: int = 1
    share: float = 1.0
    construction_years: int = 1
    name: str = ""


@dataclass
class LegacyPPPInputs:
    """A 21号 PPP payment stream (domain.md §5a).  Defaults = the worked example in 万元."""

    construction_cost: float = 100000.0     # 10 亿元
    reasonable_profit_rate: float = 0.06
    discount_rate: float = 0.035
    subsidy_years: int = 10
    annual_opex: float = 5000.0             # 0.5 亿元
    annual_user_fees: float = 3000.0        # 0.3 亿元
    payment_mode: str = "viability_gap"
    start_year: int = 1                     # scenario year in which subsidy year n = 1 falls

    def schedule(self) -> list[dict[str, float]]:
        return legacy_ppp_schedule(
            self.construction_cost, self.reasonable_profit_rate, self.discount_rate,
            self.subsidy_years, self.annual_opex, self.annual_user_fees, self.payment_mode,
        )


@dataclass
class ScenarioInputs:
    """All inputs of one financing scenario.  ``ScenarioInputs()`` is a valid
    blank template (an elderly-care centre, 1 亿元, 20 % budget + 80 % special bond)."""

    project_name: str = "新建项目"
    project_type: str = "elderly_care_centre"
    strongly_public: bool = True
    total_investment: float = 10000.0        # 万元
    construction_years: int = 2
    capex_shares: list[float] | None = None  # per construction year; None = even
    phases: list[Phase] = field(default_factory=list)  # 分步实施/滚动开发; overrides the two above
    reinvest_share: float = 0.0              # share of earlier phases' net revenue reinvested in later phases
    horizon_years: int = 30
    user_fees: float = 900.0                 # operating income per year at full operation, first operating year
    fee_growth: float = 0.02
    opex: float = 300.0                      # operating cost per year at full operation, first operating year
    opex_growth: float = 0.02
    discount_rate: float = 0.035             # domain.md §5a: ≈ local-government bond yield
    psc_risk_share: float = 0.10             # PSC risk cost as share of capex+opex [E] (domain.md §5b)
    psc_competitive_neutrality: float = 0.0  # 竞争性中立调整 as share of capex+opex (domain.md §5b)
    risk_transfer_share: float = 0.7         # share of risk cost transferred to the SPV [E]
    shares: FinancingShares = field(default_factory=FinancingShares)
    special_bond: SpecialBondTerms = field(default_factory=SpecialBondTerms)
    subsidized_loan: SubsidizedLoanTerms = field(default_factory=SubsidizedLoanTerms)
    franchise: FranchiseTerms = field(default_factory=FranchiseTerms)
    abs: ABSTerms = field(default_factory=ABSTerms)
    legacy_ppp: LegacyPPPInputs | None = None


@dataclass
class CountyContext:
    """Fiscal context of one government level (PFRAM with/without view, domain.md §6).

    ``gpb_expenditure``: 一般公共预算支出 per scenario year (万元); a shorter list
    is extended from its last value growing at ``gpb_growth`` (a single value is
    "base + growth").  ``existing_obligations``: existing PPP obligations per
    year; a shorter list holds its last value (prudent for a red-line test).
    """

    code: str = ""
    name: str = ""
    gpb_expenditure: list[float] = field(default_factory=list)
    gpb_growth: float = 0.0
    existing_obligations: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        if isinstance(self.gpb_expenditure, (int, float)):
            self.gpb_expenditure = [float(self.gpb_expenditure)]
        if isinstance(self.existing_obligations, (int, float)):
            self.existing_obligations = [float(self.existing_obligations)]

    def gpb(self, year: int) -> float:
        values = self.gpb_expenditure
        if year <= len(values):
            return float(values[year - 1])
        return float(values[-1]) * (1.0 + self.gpb_growth) ** (year - len(values))

    def existing(self, year: int) -> float:
        values = self.existing_obligations
        if not values:
            return 0.0
        return float(values[min(year, len(values)) - 1])


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
    operating_revenue: float = 0.0
    operating_cost: float = 0.0
    net_operating_income: float = 0.0
    # government outlays by type (OUTLAY_COLUMNS)
    direct_investment: float = 0.0
    bond_principal: float = 0.0
    bond_interest: float = 0.0
    loan_interest_subsidy: float = 0.0
    loan_principal_gov: float = 0.0
    loan_interest_gov: float = 0.0
    operating_subsidy: float = 0.0
    legacy_ppp_payment: float = 0.0
    government_outlay: float = 0.0        # Σ OUTLAY_COLUMNS, never negative
    government_project_income: float = 0.0  # public owner's share of net cash (can be < 0)
    government_net_cost: float = 0.0      # outlay − project income
    government_debt_balance: float = 0.0  # special bonds (+ loan if government repays), end of year
    ppp_obligations: float = 0.0          # counted under the 10 % red line (see run_scenario)
    # private partner (equity view)
    private_equity_injection: float = 0.0
    private_debt_service: float = 0.0
    private_cash_flow: float = 0.0
    # project
    project_net_cash_flow: float = 0.0    # −capex + NOI + operating subsidy (unlevered)
    project_debt_service: float = 0.0     # loan (project-held) + ABS, paid from NOI first
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
    psc: float                               # domain.md §5b
    ppp_value: float
    vfm_value: float
    vfm_index: float | None
    abs_raised: float
    abs_capacity: float
    total_ppp_obligations: float
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
# Helpers
# --------------------------------------------------------------------------
def safe_irr(cash_flows: Sequence[float]) -> float | None:
    """numpy_financial.irr, NaN-safe: None when undefined (no sign change, no real root)."""
    values = [float(v) for v in cash_flows]
    if not any(v > _EPS for v in values) or not any(v < -_EPS for v in values):
        return None
    try:
        rate = float(npf.irr(values))
    except (ValueError, FloatingPointError, ArithmeticError):  # pragma: no cover - defensive
        return None
    return rate if math.isfinite(rate) else None


def present_value(rate: float, cash_flows: Sequence[float]) -> float:
    """PV at the start of year 1 of end-of-year flows for years 1..N, via
    numpy_financial.npv (whose first value is t = 0, hence the leading 0)."""
    value = float(npf.npv(rate, [0.0, *[float(v) for v in cash_flows]]))
    return value


def _safe_npv(rate: float, cash_flows: Sequence[float]) -> float | None:
    value = present_value(rate, cash_flows)
    return value if math.isfinite(value) else None


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


def _capex_profile(inputs: ScenarioInputs) -> tuple[list[float], list[float]]:
    """(capex share per year, operating fraction per year), index = year (0 unused)."""
    horizon = inputs.horizon_years
    capex = [0.0] * (horizon + 2)
    op_frac = [0.0] * (horizon + 2)
    if inputs.phases:
        blocks = [(p.start_year, p.construction_years, p.share) for p in inputs.phases]
        for start, years, share in blocks:
            for y in range(start, start + years):
                if y <= horizon:
                    capex[y] += share / years
            for y in range(start + years, horizon + 1):
                op_frac[y] += share
    else:
        shares = inputs.capex_shares or [1.0 / inputs.construction_years] * inputs.construction_years
        for i, s in enumerate(shares, start=1):
            if i <= horizon:
                capex[i] += s
        for y in range(len(shares) + 1, horizon + 1):
            op_frac[y] = 1.0
    op_frac = [min(f, 1.0) for f in op_frac]
    return capex, op_frac


def _last_capex_year(inputs: ScenarioInputs) -> int:
    if inputs.phases:
        return max(p.start_year + p.construction_years - 1 for p in inputs.phases)
    shares = inputs.capex_shares or [1.0] * inputs.construction_years
    last = 0
    for i, s in enumerate(shares, start=1):
        if s > 0:
            last = i
    return max(last, 1)


def _first_operating_year(op_frac: list[float], horizon: int) -> int:
    for y in range(1, horizon + 1):
        if op_frac[y] > 0:
            return y
    return horizon + 1


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------
def _num(value: Any, field_name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(field_name, f"须为有限数值（当前为 {value!r}）", f"must be a finite number (got {value!r})")
    return float(value)


def _rate(value: Any, field_name: str, upper: float = 1.0) -> None:
    v = _num(value, field_name)
    if v < 0:
        raise InputError(field_name, f"利率/比例不能为负（当前为 {v:g}）", f"rate must not be negative (got {v:g})")
    if v > upper:
        raise InputError(field_name, f"利率/比例不能超过 {upper:g}（当前为 {v:g}），请用小数，如 0.035",
                         f"rate must not exceed {upper:g} (got {v:g}); use fractions such as 0.035")


def _share(value: Any, field_name: str) -> None:
    v = _num(value, field_name)
    if v < 0 or v > 1:
        raise InputError(field_name, f"比例须在 0–1 之间（当前为 {v:g}）", f"share must be between 0 and 1 (got {v:g})")


def _growth(value: Any, field_name: str) -> None:
    v = _num(value, field_name)
    if v <= -1 or v > 1:
        raise InputError(field_name, f"增长率须在 (−1, 1] 之间（当前为 {v:g}）", f"growth must be in (−1, 1] (got {v:g})")


def _int(value: Any, field_name: str, lo: int, hi: int, what_zh: str = "年限", what_en: str = "years") -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or float(value) != int(value):
        raise InputError(field_name, f"{what_zh}须为整数（当前为 {value!r}）", f"{what_en} must be an integer (got {value!r})")
    v = int(value)
    if v < lo or v > hi:
        raise InputError(field_name, f"{what_zh}须在 {lo}–{hi} 之间（当前为 {v}）",
                         f"{what_en} must be between {lo} and {hi} (got {v})")
    return v


def _nonneg(value: Any, field_name: str) -> None:
    v = _num(value, field_name)
    if v < 0:
        raise InputError(field_name, f"金额不能为负（当前为 {v:g} 万元）", f"amount must not be negative (got {v:g} 万元)")


def validate_legacy(legacy: LegacyPPPInputs, prefix: str = "legacy_ppp", horizon: int | None = None) -> None:
    """Validate a 21号 legacy-PPP section (raises InputError)."""
    _nonneg(legacy.construction_cost, f"{prefix}.construction_cost")
    _rate(legacy.reasonable_profit_rate, f"{prefix}.reasonable_profit_rate")
    _rate(legacy.discount_rate, f"{prefix}.discount_rate")
    _int(legacy.subsidy_years, f"{prefix}.subsidy_years", 1, DEBT_TENOR_MAX, "财政运营补贴周期", "subsidy_years")
    _nonneg(legacy.annual_opex, f"{prefix}.annual_opex")
    _nonneg(legacy.annual_user_fees, f"{prefix}.annual_user_fees")
    try:
        normalize_payment_mode(legacy.payment_mode)
    except InputError as exc:
        raise InputError(f"{prefix}.payment_mode", exc.message_zh, exc.message_en) from None
    start = _int(legacy.start_year, f"{prefix}.start_year", 1, HORIZON_MAX, "起始年", "start_year")
    if horizon is not None and start + int(legacy.subsidy_years) - 1 > horizon:
        end = start + int(legacy.subsidy_years) - 1
        raise InputError(f"{prefix}.subsidy_years", f"存量PPP支付至第 {end} 年，超出测算期 {horizon} 年",
                         f"legacy PPP payments run to year {end}, beyond the {horizon}-year horizon")


def validate_county(county: CountyContext, prefix: str = "county") -> None:
    """Raise InputError when the county context has no budget rows or bad values."""
    label = county.code or county.name or "?"
    if not county.gpb_expenditure:
        raise InputError(
            f"{prefix}.gpb_expenditure",
            f"地区 {label} 没有一般公共预算支出数据，无法测算 10% 红线",
            f"county {label} has no general-public-budget expenditure rows; the 10 % red line cannot be computed",
        )
    for i, v in enumerate(county.gpb_expenditure, start=1):
        if _num(v, f"{prefix}.gpb_expenditure[{i}]") <= 0:
            raise InputError(f"{prefix}.gpb_expenditure", f"地区 {label} 第 {i} 年一般公共预算支出须为正（当前为 {v:g}）",
                             f"county {label}: budget expenditure of year {i} must be positive (got {v:g})")
    _growth(county.gpb_growth, f"{prefix}.gpb_growth")
    for i, v in enumerate(county.existing_obligations, start=1):
        _nonneg(v, f"{prefix}.existing_obligations[{i}]")


def validate_inputs(inputs: ScenarioInputs, county: CountyContext | None = None) -> None:
    """Raise ``InputError`` (field + zh/en message) before anything is computed.

    Checked: shares totalling 1 ± 0.001, negative rates, tenors/terms (franchise
    term ≤ 40, special bond ≤ 30, other debt ≤ 40), investment > 0, capex
    phasing, every debt maturity inside the horizon, a county with no budget rows.
    Policy questions (PPP rules, red lines, coverage) are *not* errors here:
    they are reported by ``rules.check_rules``.
    """
    if inputs.project_type not in PROJECT_TYPES:
        raise InputError("project_type", f"项目类型“{inputs.project_type}”无效，可选：{', '.join(PROJECT_TYPES)}",
                         f"invalid project_type '{inputs.project_type}'; choose one of {', '.join(PROJECT_TYPES)}")
    inv = _num(inputs.total_investment, "total_investment")
    if inv <= 0:
        raise InputError("total_investment", f"总投资须大于 0（当前为 {inv:g} 万元）",
                         f"total investment must be greater than 0 (got {inv:g} 万元)")
    horizon = _int(inputs.horizon_years, "horizon_years", 1, HORIZON_MAX, "测算期", "horizon_years")

    # capex phasing
    if inputs.phases:
        total = 0.0
        for i, p in enumerate(inputs.phases):
            f = f"phases[{i}]"
            _int(p.start_year, f"{f}.start_year", 1, horizon, "起始年", "start_year")
            cy = _int(p.construction_years, f"{f}.construction_years", 1, horizon, "建设期", "construction_years")
            share = _num(p.share, f"{f}.share")
            if share <= 0:
                raise InputError(f"{f}.share", f"分期投资比例须大于 0（当前为 {share:g}）", f"phase share must be > 0 (got {share:g})")
            if p.start_year + cy - 1 > horizon:
                raise InputError(f"{f}.construction_years", f"第 {i + 1} 期建设超出测算期 {horizon} 年",
                                 f"phase {i + 1} construction runs beyond the {horizon}-year horizon")
            total += share
        if abs(total - 1.0) > SHARE_TOLERANCE:
            raise InputError("phases", f"各期投资比例合计为 {total:.1%}，须为 100%",
                             f"phase shares total {total:.1%}, must be 100%")
    else:
        cy = _int(inputs.construction_years, "construction_years", 1, horizon, "建设期", "construction_years")
        if inputs.capex_shares is not None:
            if len(inputs.capex_shares) != cy:
                raise InputError("capex_shares", f"分年投资比例有 {len(inputs.capex_shares)} 项，建设期为 {cy} 年",
                                 f"capex_shares has {len(inputs.capex_shares)} entries but construction_years is {cy}")
            for i, s in enumerate(inputs.capex_shares):
                _share(s, f"capex_shares[{i}]")
            total = sum(inputs.capex_shares)
            if abs(total - 1.0) > SHARE_TOLERANCE:
                raise InputError("capex_shares", f"分年投资比例合计为 {total:.1%}，须为 100%",
                                 f"capex shares total {total:.1%}, must be 100%")
    _share(inputs.reinvest_share, "reinvest_share")

    # operations
    _nonneg(inputs.user_fees, "user_fees")
    _nonneg(inputs.opex, "opex")
    _growth(inputs.fee_growth, "fee_growth")
    _growth(inputs.opex_growth, "opex_growth")
    _rate(inputs.discount_rate, "discount_rate")
    _rate(inputs.psc_risk_share, "psc_risk_share")
    _rate(inputs.psc_competitive_neutrality, "psc_competitive_neutrality")
    _share(inputs.risk_transfer_share, "risk_transfer_share")

    # financing mix — domain.md §5 instruments; must total 100 %
    sh = inputs.shares
    for name in ("budget", "special_bond", "subsidized_loan", "franchise", "abs"):
        _share(getattr(sh, name), f"shares.{name}")
    total = sh.total()
    if abs(total - 1.0) > SHARE_TOLERANCE:
        raise InputError("shares", f"融资结构合计为 {total:.1%}，须为 100%（允许误差 0.1%）",
                         f"financing shares total {total:.1%}; they must total 100% (tolerance 0.1%)")

    last_capex = _last_capex_year(inputs)

    def _maturity(field_name: str, tenor: int, what_zh: str, what_en: str) -> None:
        end = last_capex + tenor - 1
        if end > horizon:
            raise InputError("horizon_years", f"{what_zh}最后一笔于第 {end} 年到期，超出测算期 {horizon} 年（{field_name}）",
                             f"the last {what_en} matures in year {end}, beyond the {horizon}-year horizon ({field_name})")

    b = inputs.special_bond
    _rate(b.rate, "special_bond.rate")
    btenor = _int(b.tenor, "special_bond.tenor", 1, SPECIAL_BOND_TENOR_MAX, "专项债期限", "special-bond tenor")
    _int(b.grace_years, "special_bond.grace_years", 0, btenor - 1, "宽限期", "grace years")
    if b.repayment not in ("amortizing", "bullet"):
        raise InputError("special_bond.repayment", "还本方式须为 amortizing 或 bullet", "repayment must be amortizing or bullet")
    if sh.special_bond > 0:
        _maturity("special_bond.tenor", btenor, "专项债", "special bond")

    ln = inputs.subsidized_loan
    _rate(ln.contract_rate, "subsidized_loan.contract_rate")
    _rate(ln.subsidy_rate, "subsidized_loan.subsidy_rate")
    if ln.subsidy_rate > ln.contract_rate + _EPS:
        raise InputError("subsidized_loan.subsidy_rate",
                         f"贴息率 {ln.subsidy_rate:.2%} 高于合同利率 {ln.contract_rate:.2%}，实际利率为负",
                         f"interest subsidy {ln.subsidy_rate:.2%} exceeds the contract rate {ln.contract_rate:.2%}")
    ltenor = _int(ln.tenor, "subsidized_loan.tenor", 1, DEBT_TENOR_MAX, "贷款期限", "loan tenor")
    _int(ln.grace_years, "subsidized_loan.grace_years", 0, ltenor - 1, "宽限期", "grace years")
    _int(ln.subsidy_years, "subsidized_loan.subsidy_years", 0, ltenor, "贴息年限", "subsidy years")
    if sh.subsidized_loan > 0:
        _maturity("subsidized_loan.tenor", ltenor, "贴息贷款", "subsidised loan")

    fr = inputs.franchise
    if fr.model not in FRANCHISE_MODELS:
        raise InputError("franchise.model", f"特许经营模式须为 {'/'.join(FRANCHISE_MODELS)}（当前为 {fr.model}）",
                         f"franchise model must be one of {'/'.join(FRANCHISE_MODELS)} (got {fr.model})")
    term = _int(fr.term, "franchise.term", 1, FRANCHISE_TERM_MAX, "特许经营期限", "franchise term")
    _share(fr.equity_share, "franchise.equity_share")
    _rate(fr.debt_rate, "franchise.debt_rate")
    dtenor = _int(fr.debt_tenor, "franchise.debt_tenor", 1, DEBT_TENOR_MAX, "项目贷款期限", "private debt tenor")
    _int(fr.debt_grace_years, "franchise.debt_grace_years", 0, dtenor - 1, "宽限期", "grace years")
    _nonneg(fr.operating_subsidy, "franchise.operating_subsidy")
    _growth(fr.operating_subsidy_growth, "franchise.operating_subsidy_growth")
    if fr.operating_subsidy_schedule is not None:
        if len(fr.operating_subsidy_schedule) > horizon:
            raise InputError("franchise.operating_subsidy_schedule", f"运营补贴计划超过测算期 {horizon} 年",
                             f"operating subsidy schedule is longer than the {horizon}-year horizon")
        for i, v in enumerate(fr.operating_subsidy_schedule):
            _nonneg(v, f"franchise.operating_subsidy_schedule[{i}]")
    if sh.franchise > 0:
        if term > horizon:
            raise InputError("horizon_years", f"特许经营期 {term} 年超出测算期 {horizon} 年",
                             f"the {term}-year franchise term is longer than the {horizon}-year horizon")
        if last_capex > term:
            raise InputError("franchise.term", f"建设于第 {last_capex} 年结束，晚于特许经营期 {term} 年",
                             f"construction ends in year {last_capex}, after the {term}-year franchise term")
        if fr.equity_share < 1.0 and last_capex + dtenor - 1 > term:
            raise InputError("franchise.debt_tenor",
                             f"社会资本方贷款于第 {last_capex + dtenor - 1} 年到期，晚于特许经营期 {term} 年",
                             f"private debt matures in year {last_capex + dtenor - 1}, after the {term}-year franchise term")

    ab = inputs.abs
    _rate(ab.coupon, "abs.coupon")
    atenor = _int(ab.tenor, "abs.tenor", 1, DEBT_TENOR_MAX, "ABS期限", "ABS tenor")
    _int(ab.grace_years, "abs.grace_years", 0, atenor - 1, "宽限期", "grace years")
    _share(ab.advance_rate, "abs.advance_rate")
    if sh.abs > 0:
        _maturity("abs.tenor", atenor, "ABS", "ABS")

    if inputs.legacy_ppp is not None:
        validate_legacy(inputs.legacy_ppp, horizon=horizon)
    if county is not None:
        validate_county(county)


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
          + Σ_t bond_interest_t + Σ_t loan_interest_subsidy_t
          + Σ_t loan_interest_gov_t                     # financing costs (loan interest only if gov repays)
          + Σ_t operating_subsidy_t                     # operations only (domain.md §5c)
          + Σ_t legacy_ppp_payment_t                    # 21号 stream, if any (domain.md §5a)

    because Σ direct_investment = budget × Σ external capex and every debt the
    government repays is fully amortised inside the horizon (validation).

    Red-line obligations (domain.md §5a) counted per year = franchise operating
    subsidies + legacy 21号 PPP payments: these are the PPP fiscal obligations
    of 财金〔2015〕21号 (运营补贴; we model no government equity in the SPV, no
    配套投入 and no risk payments).  Not counted: budget direct investment
    (construction-period investment support is an ordinary budget outlay, not a
    PPP obligation, domain.md §5c), special-bond debt service (government debt,
    governed by debt limits and self-balancing, domain.md §5d) and 贴息 (a
    budget interest-subsidy programme, domain.md §5f).
    """
    if validate:
        validate_inputs(inputs, county)
    H = inputs.horizon_years
    sh = inputs.shares
    b_share, s_share, l_share, f_share, a_share = (
        sh.budget, sh.special_bond, sh.subsidized_loan, sh.franchise, sh.abs)
    capex_sh, op_frac = _capex_profile(inputs)
    first_op = _first_operating_year(op_frac, H)
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
    for t in range(1, H + 1):
        row = YearRow(year=t)
        cap = capex[t]
        internal = min(cap, pool)
        pool -= internal
        ext = cap - internal
        row.capex, row.internal_funding, row.external_capex = cap, internal, ext
        row.direct_investment = b_share * ext
        if ext > 0:
            _add_tranche(s_share * ext, t, bond.rate, bond.tenor, bond.grace_years,
                         bond.repayment == "bullet", H, bond_p, bond_i, bond_bal)
            _add_tranche(l_share * ext, t, loan.contract_rate, loan.tenor, loan.grace_years, False, H,
                         loan_p, loan_i, loan_bal, loan.subsidy_rate, loan.subsidy_years, loan_sub)
            _add_tranche(f_share * ext * (1.0 - eq_share), t, fr.debt_rate, fr.debt_tenor,
                         fr.debt_grace_years, False, H, priv_p, priv_i, priv_bal)
            _add_tranche(a_share * ext, t, ab.coupon, ab.tenor, ab.grace_years, False, H,
                         abs_p, abs_i, abs_bal)
            abs_raised += a_share * ext

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
                sched = fr.operating_subsidy_schedule
                op_sub = float(sched[t - 1]) if t <= len(sched) else 0.0
            elif frac > 0:
                op_sub = fr.operating_subsidy * (1.0 + fr.operating_subsidy_growth) ** age * frac
            else:
                op_sub = 0.0
        else:
            op_sub = 0.0  # operating subsidies go to a franchisee only

        # debt service
        loan_net_interest = loan_i[t] - loan_sub[t]  # 实际利率 = 合同利率 − 贴息率 (domain.md §5f)
        row.bond_principal, row.bond_interest = bond_p[t], bond_i[t]
        row.loan_interest_subsidy = loan_sub[t]
        if loan.government_repays:
            row.loan_principal_gov, row.loan_interest_gov = loan_p[t], loan_net_interest
            project_ds = abs_p[t] + abs_i[t]
        else:
            project_ds = loan_p[t] + loan_net_interest + abs_p[t] + abs_i[t]
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
        row.government_project_income = public
        row.government_net_cost = row.government_outlay - public
        row.government_debt_balance = bond_bal[t] + (loan_bal[t] if loan.government_repays else 0.0)
        row.ppp_obligations = op_sub + legacy[t]

        if has_franchise:
            equity = f_share * ext * eq_share
            priv_ds = priv_p[t] + priv_i[t]
            row.private_equity_injection = equity
            row.private_debt_service = priv_ds
            row.private_cash_flow = -equity + spv_frac * distributable + op_sub - priv_ds

        row.project_net_cash_flow = -cap + noi + op_sub
        row.project_debt_service = project_ds
        row.bond_debt_service = bond_p[t] + bond_i[t]
        row.debt_service = row.bond_debt_service + loan_p[t] + loan_i[t] + priv_p[t] + priv_i[t] + abs_p[t] + abs_i[t]
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

    summary = _summarise(inputs, county, rows, capex, op_frac, first_op, abs_raised, compute_irr)
    return ScenarioResult(rows=rows, summary=summary, inputs=inputs, county=county)


def _summarise(inputs: ScenarioInputs, county: CountyContext | None, rows: list[YearRow],
               capex: list[float], op_frac: list[float], first_op: int, abs_raised: float,
               compute_irr: bool) -> ScenarioSummary:
    r = inputs.discount_rate
    sh = inputs.shares
    outlays = [row.government_outlay for row in rows]
    by_type = {c: sum(getattr(row, c) for row in rows) for c in OUTLAY_COLUMNS}
    total_outlay = sum(outlays)
    peak = max(outlays) if outlays else 0.0
    peak_year = next((row.year for row in rows if row.government_outlay == peak), None) if peak > 0 else None
    ext_total = sum(row.external_capex for row in rows)
    gov_inv_share = (sh.budget + sh.special_bond + (sh.subsidized_loan if inputs.subsidized_loan.government_repays else 0.0))
    fin_cost = by_type["bond_interest"] + by_type["loan_interest_subsidy"] + by_type["loan_interest_gov"]

    # special-bond coverage over the bond life (domain.md §5d)
    bond_years = [row.year for row in rows if row.bond_debt_service > _EPS]
    coverage = first_b = last_b = None
    if bond_years:
        first_b, last_b = bond_years[0], bond_years[-1]
        life = [row for row in rows if first_b <= row.year <= last_b]
        ds = sum(row.bond_debt_service for row in life)
        coverage = sum(row.government_project_income for row in life) / ds

    project_cf = [row.project_net_cash_flow for row in rows]
    project_irr = safe_irr(project_cf) if compute_irr else None
    equity_irr = safe_irr([row.private_cash_flow for row in rows]) if (compute_irr and sh.franchise > 0) else None
    project_npv = _safe_npv(r, project_cf)

    # VfM (domain.md §5b, 财金〔2015〕167号): PSC = PV of the cost if the government
    # built and operated the project itself (capex + opex − the same user fees)
    # + all risk costs + competitive-neutrality adjustment; PPP value = PV of the
    # government's whole-life net cost in this scenario + the risk it retains.
    psc_flows, ppp_flows = [], []
    retained_risk = 1.0 - sh.franchise * inputs.risk_transfer_share
    for row in rows:
        base = row.capex + row.operating_cost
        psc_flows.append(base * (1.0 + inputs.psc_risk_share + inputs.psc_competitive_neutrality)
                         - row.operating_revenue)
        ppp_flows.append(row.government_net_cost + base * inputs.psc_risk_share * retained_risk)
    psc = present_value(r, psc_flows)
    ppp_value = present_value(r, ppp_flows)
    vfm = psc - ppp_value
    vfm_index = vfm / psc if psc > _EPS else None

    # ABS capacity: advance rate × PV (at the coupon) of operating cash flow over the
    # ABS tenor from the first operating year (domain.md §5e)
    ab = inputs.abs
    window = [row.net_operating_income for row in rows if first_op <= row.year < first_op + ab.tenor]
    abs_capacity = ab.advance_rate * max(present_value(ab.coupon, window), 0.0) if window else 0.0

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


# --------------------------------------------------------------------------
# Sensitivity (tornado)
# --------------------------------------------------------------------------
def _attr_path(path: str):
    parts = path.split(".")

    def get(obj: ScenarioInputs) -> float:
        for p in parts:
            obj = getattr(obj, p)
        return obj

    def set_(obj: ScenarioInputs, value: float) -> None:
        for p in parts[:-1]:
            obj = getattr(obj, p)
        setattr(obj, parts[-1], value)

    return get, set_


# key → (attribute path, label zh, label en)
SENSITIVITY_KEYS: dict[str, tuple[str, str, str]] = {
    "total_investment": ("total_investment", "总投资", "total investment"),
    "user_fees": ("user_fees", "使用者付费", "user fees"),
    "opex": ("opex", "运营成本", "operating cost"),
    "bond_rate": ("special_bond.rate", "专项债利率", "special-bond rate"),
    "loan_rate": ("subsidized_loan.contract_rate", "贷款合同利率", "loan contract rate"),
    "operating_subsidy": ("franchise.operating_subsidy", "运营补贴", "operating subsidy"),
    "private_debt_rate": ("franchise.debt_rate", "社会资本贷款利率", "private debt rate"),
    "loan_subsidy_rate": ("subsidized_loan.subsidy_rate", "贴息率", "interest subsidy rate"),
    "abs_coupon": ("abs.coupon", "ABS票面利率", "ABS coupon"),
    "discount_rate": ("discount_rate", "折现率", "discount rate"),
    "fee_growth": ("fee_growth", "付费增长率", "fee growth"),
    "opex_growth": ("opex_growth", "成本增长率", "opex growth"),
}
DEFAULT_SENSITIVITY_KEYS: tuple[str, ...] = (
    "total_investment", "user_fees", "opex", "bond_rate", "loan_rate", "operating_subsidy")

# metric → (summary attribute, label zh, label en)
SENSITIVITY_METRICS: dict[str, tuple[str, str, str]] = {
    "total_government_outlay": ("total_government_outlay", "政府支出合计", "total government outlay"),
    "max_obligation_share": ("max_share_with", "最高支出责任占比", "max obligations share"),
    "peak_government_outlay": ("peak_government_outlay", "政府支出峰值", "peak government outlay"),
    "pv_government_outlay": ("pv_government_outlay", "政府支出现值", "PV of government outlay"),
    "bond_coverage": ("bond_coverage", "专项债覆盖倍数", "special-bond coverage"),
    "vfm_value": ("vfm_value", "物有所值量值", "VfM value"),
    "project_npv": ("project_npv", "项目净现值", "project NPV"),
}


def _clone_inputs(inputs: ScenarioInputs) -> ScenarioInputs:
    return copy.deepcopy(inputs)


def sensitivity(
    inputs: ScenarioInputs,
    county: CountyContext | None = None,
    keys: Iterable[str] | None = None,
    delta: float = 0.2,
    metrics: Iterable[str] | None = None,
) -> list[dict[str, Any]]:
    """Tornado rows: each key input at ×(1−delta) and ×(1+delta), one row per (metric, key).

    Default metrics: total government outlay and, with a county, the red-line
    share (max obligations share with the project).  Rows are sorted by swing
    (|high − low|) within each metric; a perturbation that makes the inputs
    invalid (e.g. loan rate below the 贴息 rate) gives ``None`` and an ``error``.
    Row keys: key, label_zh, label_en, metric, metric_zh, metric_en,
    input_base, input_low, input_high, base, low, high, swing, error.
    """
    validate_inputs(inputs, county)
    keys = list(DEFAULT_SENSITIVITY_KEYS if keys is None else keys)
    if metrics is None:
        metrics = ["total_government_outlay"] + (["max_obligation_share"] if county is not None else [])
    metrics = list(metrics)
    for k in keys:
        if k not in SENSITIVITY_KEYS:
            raise InputError("sensitivity.keys", f"未知敏感性参数 {k}", f"unknown sensitivity key {k}")
    for m in metrics:
        if m not in SENSITIVITY_METRICS:
            raise InputError("sensitivity.metrics", f"未知指标 {m}", f"unknown sensitivity metric {m}")

    def metric_values(summary: ScenarioSummary | None) -> dict[str, float | None]:
        if summary is None:
            return {m: None for m in metrics}
        return {m: getattr(summary, SENSITIVITY_METRICS[m][0]) for m in metrics}

    base_summary = run_scenario(inputs, county, validate=False, compute_irr=False).summary
    base_vals = metric_values(base_summary)
    rows: list[dict[str, Any]] = []
    per_metric: dict[str, list[dict[str, Any]]] = {m: [] for m in metrics}
    for k in keys:
        path, zh, en = SENSITIVITY_KEYS[k]
        get, set_ = _attr_path(path)
        base_input = float(get(inputs))
        results: dict[str, dict[str, float | None]] = {}
        errors: list[str] = []
        inputs_at: dict[str, float] = {}
        for side, factor in (("low", 1.0 - delta), ("high", 1.0 + delta)):
            clone = _clone_inputs(inputs)
            value = base_input * factor
            set_(clone, value)
            inputs_at[side] = value
            try:
                results[side] = metric_values(run_scenario(clone, county, compute_irr=False).summary)
            except InputError as exc:
                results[side] = metric_values(None)
                errors.append(f"{side}: {exc}")
        for m in metrics:
            lo, hi = results["low"][m], results["high"][m]
            mpath, mzh, men = SENSITIVITY_METRICS[m]
            per_metric[m].append({
                "key": k, "label_zh": zh, "label_en": en,
                "metric": m, "metric_zh": mzh, "metric_en": men,
                "input_base": base_input, "input_low": inputs_at["low"], "input_high": inputs_at["high"],
                "base": base_vals[m], "low": lo, "high": hi,
                "swing": abs(hi - lo) if (lo is not None and hi is not None) else None,
                "error": "; ".join(errors) or None,
            })
    for m in metrics:
        rows.extend(sorted(per_metric[m], key=lambda x: -(x["swing"] or 0.0)))
    return rows

