"""One evaluation of a scenario as the page shows it: validate → run → rules → ±20 % tornado (``compute``), the
verdict of the rule checks, and the status (green / amber / red / none) of the headline measures.

Money is 万元; ``first_year`` is the calendar year of scenario year 1.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from governance.core.finance import (
    BOND_COVERAGE_MIN,
    SENSITIVITY_KEYS,
    CountyContext,
    RuleCheck,
    ScenarioInputs,
    ScenarioResult,
    check_rules,
    run_scenario,
    sensitivity,
    validate_inputs,
)
from governance.core.finance.form import value_at
from governance.core.finance.rules import verdict as rules_verdict
from governance.core.thresholds import red_line_band

# domain.md §5g: equity IRR 6–10 % [E]; the card has stayed green up to 12 % (a margin above the reference range)
EQUITY_IRR_RANGE = (0.06, 0.12)
TORNADO_DELTA = 0.2


def sensitivity_keys_for(inputs: ScenarioInputs) -> list[str]:
    """The tornado's inputs: investment, fees, opex and the rates of the instruments in use (non-zero only)."""
    sh = inputs.shares
    keys = ["total_investment", "user_fees", "opex"]
    if sh.special_bond > 0:
        keys.append("bond_rate")
    if sh.subsidized_loan > 0:
        keys.append("loan_rate")
    if sh.franchise > 0:
        keys += ["operating_subsidy", "private_debt_rate"]
    if sh.abs > 0:
        keys.append("abs_coupon")
    keys.append("discount_rate")
    out = []
    for k in keys:
        path = SENSITIVITY_KEYS[k][0]
        if abs(float(value_at(inputs, path))) > 1e-12:
            out.append(k)
    return out


@dataclass
class Computed:
    inputs: ScenarioInputs
    county: CountyContext
    first_year: int
    result: ScenarioResult
    checks: list[RuleCheck]
    tornado: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0


def compute(inputs: ScenarioInputs, county: CountyContext, first_year: int, with_tornado: bool = True) -> Computed:
    """Validate (InputError on bad input: nothing computed), run, check the rules, ±20 % tornado."""
    t0 = time.perf_counter()
    validate_inputs(inputs, county)
    result = run_scenario(inputs, county, validate=False)
    checks = check_rules(inputs, result, county)
    tornado = (sensitivity(inputs, county, keys=sensitivity_keys_for(inputs), delta=TORNADO_DELTA)
               if with_tornado else [])
    return Computed(inputs, county, first_year, result, checks, tornado, time.perf_counter() - t0)


def verdict(checks: Iterable[RuleCheck], county_name: str = "") -> dict[str, Any]:
    """Failed error rules (not allowed) and failed warnings (attention), from the one verdict of the rule list
    (``rules.verdict``): ``status`` 'pass' | 'warn' | 'fail' | 'blocked' (the county is over a line without the
    project: ``message_zh``/``message_en`` say so and what it forbids)."""
    checks = list(checks)
    v = rules_verdict(checks, county_name)
    return {"ok": v.ok, "errors": v.errors, "warnings": v.warnings, "status": v.status,
            "message_zh": v.message_zh, "message_en": v.message_en,
            "applicable": sum(1 for c in checks if c.applicable)}


def share_status(share: float | None) -> str:
    """RAG of an obligations share — the one scheme of every page (thresholds.red_line_band): green ≤ 7 %,
    amber 7–10 %, red > 10 %."""
    return red_line_band(share)


def equity_irr_status(equity_irr: float | None) -> str:
    """Below the range private capital is unlikely to come, far above it the subsidy or the fees are generous:
    amber either way (the rules decide what is allowed)."""
    lo, hi = EQUITY_IRR_RANGE
    return "green" if (equity_irr is not None and lo <= equity_irr <= hi) else "amber"


def bond_coverage_status(coverage: float) -> str:
    return "green" if coverage >= BOND_COVERAGE_MIN - 1e-12 else "red"


def vfm_status(vfm_value: float) -> str:
    return "green" if vfm_value > 0 else "amber"
