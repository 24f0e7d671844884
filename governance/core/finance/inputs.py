"""Inputs of a financing scenario and their validation (pure Python).

Units: money in 万元, rates and shares as fractions (0.035 = 3.5 %), years numbered 1..N.
``validate_inputs`` raises ``InputError`` (field + zh/en message) before anything is computed; policy questions
(PPP rules, red lines, coverage) are not input errors — ``rules.check_rules`` reports them.
Sources: docs/domain.md §5 (PPP and financing); [E] marks an estimate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from governance.core.thresholds import RED_LINES

from .errors import InputError
from .formulas import legacy_ppp_schedule, normalize_payment_mode

# --------------------------------------------------------------------------
# Policy limits — domain.md §5; the red lines come from the one table in governance.core.thresholds
# --------------------------------------------------------------------------
RED_LINE_SHARE = RED_LINES["no_new_ppp"].share                # 21号: obligations ≤ 10 % of GPB expenditure
RISK_NOTICE_SHARE = RED_LINES["risk_notice"].share            # 10号: risk notice above 7 %
GOV_PAY_LINE_SHARE = RED_LINES["no_new_government_pay"].share  # 10号 / 119号: > 5 % ⇒ no new government-pay
BOND_COVERAGE_MIN = 1.1        # domain.md §5d: Σ net income ÷ Σ principal+interest ≥ 1.1–1.3
FRANCHISE_TERM_MAX = 40        # domain.md §5c: 2024 特许经营办法, term ≤ 40 years
PRIVATE_EQUITY_MIN = 0.35      # domain.md §5c, 115号: 民营企业 share of the project company ≥ 35 % (strongly public)
PRIVATE_CONTROL_MIN = 0.50     # domain.md §5c, 115号: weakly public projects controlled by 民营企业 (> 50 %)
SPECIAL_BOND_TENOR_MAX = 30    # brief: special-bond tenor ≤ 30 years (domain.md §5d: avg 18.7 y)
LOAN_SUBSIDY_YEARS_MAX = 2     # domain.md §5f: 贴息 for ≤ 2 years
DEBT_TENOR_MAX = 40            # any other debt tenor (loan, private debt, ABS) ≤ 40 years
HORIZON_MAX = 100
SHARE_TOLERANCE = 0.001        # financing shares must total 1 within 0.001
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
    abs: float = 0.0              # ABS on operating cash flow (domain.md §5e): bridged by the budget until issued

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
    # The loan is the project's debt (repaid from project income); the government's only outlay is the 贴息.
    # True = the budget services the loan: principal and net interest become government outlays, and the rules
    # flag it as hidden debt (预算法 §35, 国发〔2014〕43号; domain.md §5c).
    government_repays: bool = False


@dataclass
class FranchiseTerms:
    model: str = "BOT"            # BOT | BOOT | TOT (domain.md §5c); TOT: transfer price + renovation capex only
    term: int = 30                # years from scenario year 1, ≤ 40 (domain.md §5c)
    # 资本金比例: project capital ÷ the franchisee's financing (equity + debt); domain.md §5g 20–30 % typical [E].
    # It is NOT the 115号 ownership test (see private_enterprise_equity_share).
    equity_share: float = 0.35
    debt_rate: float = 0.045      # private (bank) debt rate [E]; also the floor of the return in user_fee_basis
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
    # 115号 ownership of the project company (domain.md §5c): 民营企业 share of its equity (fraction); None = not
    # declared (the private_equity_min_35 rule then fails: the verdict cannot be signed without it).
    private_enterprise_equity_share: float | None = None
    # 21号 obligations beside the operating subsidy (domain.md §5a): 股权投资 = 项目资本金 × 政府股权比例, and
    # 配套投入 (land, connections … the government provides), 万元 in total spread like the capex, or per scenario year.
    government_equity_share: float = 0.0
    supporting_investment: float = 0.0
    supporting_investment_schedule: list[float] | None = None
    # TOT (domain.md §5e): the franchisee pays the government a transfer price for the existing asset in year 1
    # (required for a TOT, ignored for BOT/BOOT).
    transfer_price: float = 0.0


@dataclass
class ABSTerms:
    coupon: float = 0.03          # domain.md §5e: infrastructure ABS coupons 2.3–4.0 % [E]
    tenor: int = 10               # [E]
    grace_years: int = 2          # interest-only years [E]
    advance_rate: float = 0.7     # share of PV(operating cash flow over the tenor) that can be raised [E]


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
    strongly_public: bool = True              # 115号: strong public attribute (≥ 35 % 民营) vs weak (民营 control)
    total_investment: float = 10000.0        # 万元 (TOT: renovation capex only)
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
    risk_transfer_share: float = 0.7         # share of the PPP part's risk cost transferred to the SPV [E]
    shares: FinancingShares = field(default_factory=FinancingShares)
    special_bond: SpecialBondTerms = field(default_factory=SpecialBondTerms)
    subsidized_loan: SubsidizedLoanTerms = field(default_factory=SubsidizedLoanTerms)
    franchise: FranchiseTerms = field(default_factory=FranchiseTerms)
    abs: ABSTerms = field(default_factory=ABSTerms)
    legacy_ppp: LegacyPPPInputs | None = None  # an EXISTING 21号 stream: counted in the red line, never in VfM

    def is_tot(self) -> bool:
        return self.shares.franchise > 0 and self.franchise.model == "TOT"


@dataclass
class CountyContext:
    """Fiscal context of one government level (PFRAM with/without view, domain.md §6).

    ``gpb_expenditure``: 一般公共预算支出 per scenario year (万元); a shorter list
    is extended from its last value growing at ``gpb_growth`` (a single value is
    "base + growth").  ``existing_obligations``: existing PPP obligations per
    year, WITHOUT the scenario's project (a library project the scenario models
    must be taken out first, see ``library.exclude_project``); a shorter list
    holds its last value (prudent for a red-line test).
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
# Capex timing (used by validation and the engine)
# --------------------------------------------------------------------------
def capex_profile(inputs: ScenarioInputs) -> tuple[list[float], list[float]]:
    """(capex share per year, operating fraction per year), index = year (0 unused).
    TOT: the asset exists and operates from year 1; the capex is its renovation."""
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
    if inputs.is_tot():
        op_frac = [0.0] + [1.0] * horizon + [0.0]
    op_frac = [min(f, 1.0) for f in op_frac]
    return capex, op_frac


def last_capex_year(inputs: ScenarioInputs) -> int:
    if inputs.phases:
        return max(p.start_year + p.construction_years - 1 for p in inputs.phases)
    shares = inputs.capex_shares or [1.0] * inputs.construction_years
    last = 0
    for i, s in enumerate(shares, start=1):
        if s > 0:
            last = i
    return max(last, 1)


def first_operating_year(op_frac: list[float], horizon: int) -> int:
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


def _schedule(values: list[float] | None, field_name: str, horizon: int, what_zh: str, what_en: str) -> None:
    if values is None:
        return
    if len(values) > horizon:
        raise InputError(field_name, f"{what_zh}计划超过测算期 {horizon} 年",
                         f"{what_en} schedule is longer than the {horizon}-year horizon")
    for i, v in enumerate(values):
        _nonneg(v, f"{field_name}[{i}]")


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
    phasing, every debt maturity inside the horizon, ownership shares of the
    project company, TOT transfer price, ABS issued only once the asset operates,
    a county with no budget rows.  Policy questions (PPP rules, red lines,
    coverage) are *not* errors here: they are reported by ``rules.check_rules``.
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

    last_capex = last_capex_year(inputs)

    def _maturity(field_name: str, tenor: int, what_zh: str, what_en: str, from_year: int = last_capex) -> None:
        end = from_year + tenor - 1
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
    _schedule(fr.operating_subsidy_schedule, "franchise.operating_subsidy_schedule", horizon, "运营补贴", "operating subsidy")
    if fr.private_enterprise_equity_share is not None:
        _share(fr.private_enterprise_equity_share, "franchise.private_enterprise_equity_share")
    _share(fr.government_equity_share, "franchise.government_equity_share")
    if (fr.private_enterprise_equity_share or 0.0) + fr.government_equity_share > 1.0 + SHARE_TOLERANCE:
        raise InputError("franchise.government_equity_share",
                         f"民营企业股权 {fr.private_enterprise_equity_share:.0%} 与政府方股权 "
                         f"{fr.government_equity_share:.0%} 合计超过 100%",
                         f"private-enterprise equity {fr.private_enterprise_equity_share:.0%} plus government equity "
                         f"{fr.government_equity_share:.0%} exceed 100% of the project company")
    _nonneg(fr.supporting_investment, "franchise.supporting_investment")
    _schedule(fr.supporting_investment_schedule, "franchise.supporting_investment_schedule", horizon,
              "配套投入", "supporting investment")
    _nonneg(fr.transfer_price, "franchise.transfer_price")
    if sh.franchise > 0:
        if fr.model == "TOT" and fr.transfer_price <= 0:
            raise InputError("franchise.transfer_price", "TOT 须填写社会资本方向政府支付的转让价款（万元）",
                             "a TOT needs the transfer price the franchisee pays the government (万元)")
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
        # domain.md §5e: ABS securitises an operating asset's cash flow — issued once operations start
        _, op_frac = capex_profile(inputs)
        first_op = first_operating_year(op_frac, horizon)
        if first_op > horizon:
            raise InputError("shares.abs", "ABS 须以运营现金流发行，测算期内项目没有运营年份",
                             "ABS is issued on operating cash flow, and the project never operates within the horizon")
        _maturity("abs.tenor", atenor, "ABS", "ABS", from_year=max(first_op, last_capex))

    if inputs.legacy_ppp is not None:
        validate_legacy(inputs.legacy_ppp, horizon=horizon)
    if county is not None:
        validate_county(county)
