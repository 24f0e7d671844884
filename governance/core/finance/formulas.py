"""The closed-form formulas of the finance core (pure functions, no state).

* 财金〔2015〕21号 yearly operating-subsidy obligation (docs/domain.md §5a), literally, with n exposed;
* the level annuity contracts often use instead (§5a);
* present value, NPV and IRR (numpy-financial), NaN-safe.

Money in 万元 (or any unit: the formulas are unit-free), rates as fractions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy_financial as npf

from .errors import InputError

_EPS = 1e-9

PAYMENT_MODES: dict[str, tuple[str, str]] = {
    "government_pay": ("政府付费", "government pay"),
    "viability_gap": ("可行性缺口补助", "viability-gap subsidy"),
}
_PAYMENT_MODE_ALIASES = {
    "government_pay": "government_pay", "政府付费": "government_pay",
    "viability_gap": "viability_gap", "可行性缺口补助": "viability_gap",
}


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
    return float(npf.npv(rate, [0.0, *[float(v) for v in cash_flows]]))


def npv_or_none(rate: float, cash_flows: Sequence[float]) -> float | None:
    value = present_value(rate, cash_flows)
    return value if math.isfinite(value) else None
