"""Sensitivity (tornado) of a financing scenario: each key input at ×(1−delta) and ×(1+delta)."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from .engine import ScenarioSummary, run_scenario
from .errors import InputError
from .inputs import CountyContext, ScenarioInputs, validate_inputs


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

