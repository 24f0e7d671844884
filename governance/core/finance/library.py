"""PPP payments of the project library (the ``projects`` table) as yearly streams — the one definition the demo
generator (county budgets' ``ppp_obligations``) and the scenario page (with/without a library project) share.

A library row records ``annual_gov_payment`` (the payment of its FIRST payment year, 万元) and
``payment_start_year``–``payment_end_year``. For ``存量PPP-可行性缺口补助`` the later years follow the 财金〔2015〕21号
formula (docs/domain.md §5a), whose construction part compounds at the discount rate::

    P_n = P_1 + C·((1+d)^(n−1) − 1),   C = total_investment·(1+p)·(1+d) / subsidy years

with the worked example's p = 6 % and d = 3.5 %. Other models (a franchise's operating subsidy) pay a flat amount.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .inputs import LegacyPPPInputs

LIBRARY_PROFIT_RATE = 0.06      # domain.md §5a worked example: 合理利润率
LIBRARY_DISCOUNT_RATE = 0.035   # domain.md §5a worked example: 年度折现率
LIBRARY_21HAO_MODELS = ("存量PPP-可行性缺口补助",)


def _float(v: Any) -> float:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return 0.0
    return x if math.isfinite(x) else 0.0


def _int(v: Any) -> int | None:
    try:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return None
        return int(v)
    except (TypeError, ValueError):
        return None


def payment_years(project: Mapping[str, Any]) -> tuple[int, int] | None:
    """(first, last) payment year, or None when the project carries no PPP payment."""
    start, end = _int(project.get("payment_start_year")), _int(project.get("payment_end_year"))
    if _float(project.get("annual_gov_payment")) <= 0 or start is None:
        return None
    return start, (end if end is not None and end >= start else start)


def _capital_part(project: Mapping[str, Any], years: int) -> float:
    """C of the module docstring: the 21号 construction part of the first payment year."""
    inv = _float(project.get("total_investment"))
    return inv * (1 + LIBRARY_PROFIT_RATE) * (1 + LIBRARY_DISCOUNT_RATE) / max(years, 1)


def library_payments(project: Mapping[str, Any]) -> dict[int, float]:
    """{calendar year: PPP fiscal obligation, 万元} of one library row (empty when it pays nothing)."""
    span = payment_years(project)
    if span is None:
        return {}
    start, end = span
    first = _float(project.get("annual_gov_payment"))
    if str(project.get("model") or "") not in LIBRARY_21HAO_MODELS:
        return {y: first for y in range(start, end + 1)}
    c = _capital_part(project, end - start + 1)
    return {y: first + c * ((1 + LIBRARY_DISCOUNT_RATE) ** (y - start) - 1) for y in range(start, end + 1)}


def exclude_project(years: list[int], existing: list[float], project: Mapping[str, Any] | None) -> list[float]:
    """``existing`` obligations (one per calendar year in ``years``) without ``project``'s own payments — what a
    scenario that models the project explicitly must start from, so the project is counted once."""
    if project is None:
        return list(existing)
    pay = library_payments(project)
    return [max(v - pay.get(y, 0.0), 0.0) for y, v in zip(years, existing)]


def legacy_stream(project: Mapping[str, Any], first_year: int) -> LegacyPPPInputs | None:
    """The 21号 stream reproducing a ``存量PPP`` row's payments from ``first_year`` on (scenario year 1 =
    ``first_year``), exactly: n restarts at 1, so the cost is the investment × (1+d)^elapsed × remaining ÷ total
    years, and the constant part (opex × (1+p) − fees) keeps the recorded first-year payment. None when nothing is
    left to pay in or after ``first_year``."""
    span = payment_years(project)
    if span is None or str(project.get("model") or "") not in LIBRARY_21HAO_MODELS:
        return None
    start, end = span
    if end < first_year:
        return None
    total = end - start + 1
    begin = max(start, first_year)
    remaining = end - begin + 1
    elapsed = begin - start
    p, d = LIBRARY_PROFIT_RATE, LIBRARY_DISCOUNT_RATE
    inv = _float(project.get("total_investment"))
    cost = inv * (1 + d) ** elapsed * remaining / total
    constant = _float(project.get("annual_gov_payment")) - _capital_part(project, total)  # = opex·(1+p) − fees
    if constant >= 0:
        fees = 0.04 * cost  # [E] a viability-gap project collects some fees
        opex = (constant + fees) / (1 + p)
    else:
        opex, fees = 0.0, -constant
    return LegacyPPPInputs(construction_cost=cost, reasonable_profit_rate=p, discount_rate=d,
                           subsidy_years=int(remaining), annual_opex=opex, annual_user_fees=fees,
                           payment_mode="viability_gap", start_year=int(begin - first_year + 1))
