"""The scenario page's input form as data: every input field (its session-state key, its dotted path in
``ScenarioInputs``, its kind, its i18n label key), the conversion between widget values and ``ScenarioInputs`` both
ways, the financing-mix total, and error messages that name the field as the page labels it.

Percent fields hold percent in the form (3.16) and fractions in the model (0.0316).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from governance.core.finance import PROJECT_TYPES, InputError, LegacyPPPInputs, ScenarioInputs
from governance.core.finance.prefill import blank_inputs
from governance.i18n import current_lang, normalise_lang, t

SHARE_KEYS = ("budget", "special_bond", "subsidized_loan", "franchise", "abs")


def _lang(lang: str | None) -> str:
    return normalise_lang(lang) if lang else current_lang()


@dataclass(frozen=True)
class Field:
    key: str  # session-state key of the widget
    path: str  # dotted path in ScenarioInputs ("legacy." = LegacyPPPInputs)
    kind: str  # text | choice | bool | money | int | pct
    label: str  # i18n key


FIELDS: tuple[Field, ...] = (
    Field("sc_project_name", "project_name", "text", "scenarios.f.project_name"),
    Field("sc_project_type", "project_type", "choice", "scenarios.f.project_type"),
    Field("sc_strongly_public", "strongly_public", "bool", "scenarios.f.strongly_public"),
    Field("sc_total_investment", "total_investment", "money", "scenarios.f.total_investment"),
    Field("sc_construction_years", "construction_years", "int", "scenarios.f.construction_years"),
    Field("sc_horizon_years", "horizon_years", "int", "scenarios.f.horizon_years"),
    Field("sc_share_budget", "shares.budget", "pct", "scenarios.f.share_budget"),
    Field("sc_share_special_bond", "shares.special_bond", "pct", "scenarios.f.share_special_bond"),
    Field("sc_share_subsidized_loan", "shares.subsidized_loan", "pct", "scenarios.f.share_subsidized_loan"),
    Field("sc_share_franchise", "shares.franchise", "pct", "scenarios.f.share_franchise"),
    Field("sc_share_abs", "shares.abs", "pct", "scenarios.f.share_abs"),
    Field("sc_bond_rate", "special_bond.rate", "pct", "scenarios.f.bond_rate"),
    Field("sc_bond_tenor", "special_bond.tenor", "int", "scenarios.f.bond_tenor"),
    Field("sc_bond_grace", "special_bond.grace_years", "int", "scenarios.f.grace_years"),
    Field("sc_bond_repayment", "special_bond.repayment", "choice", "scenarios.f.bond_repayment"),
    Field("sc_loan_rate", "subsidized_loan.contract_rate", "pct", "scenarios.f.loan_rate"),
    Field("sc_loan_subsidy_rate", "subsidized_loan.subsidy_rate", "pct", "scenarios.f.loan_subsidy_rate"),
    Field("sc_loan_subsidy_years", "subsidized_loan.subsidy_years", "int", "scenarios.f.loan_subsidy_years"),
    Field("sc_loan_tenor", "subsidized_loan.tenor", "int", "scenarios.f.loan_tenor"),
    Field("sc_loan_grace", "subsidized_loan.grace_years", "int", "scenarios.f.grace_years"),
    Field("sc_loan_gov_repays", "subsidized_loan.government_repays", "bool", "scenarios.f.loan_gov_repays"),
    Field("sc_fr_model", "franchise.model", "choice", "scenarios.f.fr_model"),
    Field("sc_fr_term", "franchise.term", "int", "scenarios.f.fr_term"),
    Field("sc_fr_equity", "franchise.equity_share", "pct", "scenarios.f.fr_equity"),
    Field("sc_fr_private_equity", "franchise.private_enterprise_equity_share", "pct_opt", "scenarios.f.fr_private_equity"),
    Field("sc_fr_gov_equity", "franchise.government_equity_share", "pct", "scenarios.f.fr_gov_equity"),
    Field("sc_fr_supporting", "franchise.supporting_investment", "money", "scenarios.f.fr_supporting"),
    Field("sc_fr_transfer_price", "franchise.transfer_price", "money", "scenarios.f.fr_transfer_price"),
    Field("sc_fr_debt_rate", "franchise.debt_rate", "pct", "scenarios.f.fr_debt_rate"),
    Field("sc_fr_debt_tenor", "franchise.debt_tenor", "int", "scenarios.f.fr_debt_tenor"),
    Field("sc_fr_debt_grace", "franchise.debt_grace_years", "int", "scenarios.f.grace_years"),
    Field("sc_fr_subsidy", "franchise.operating_subsidy", "money", "scenarios.f.fr_subsidy"),
    Field("sc_fr_subsidy_growth", "franchise.operating_subsidy_growth", "pct", "scenarios.f.fr_subsidy_growth"),
    Field("sc_fr_gov_payment", "franchise.government_payment", "bool", "scenarios.f.fr_gov_payment"),
    Field("sc_fr_vgf", "franchise.viability_gap_subsidy", "bool", "scenarios.f.fr_vgf"),
    Field("sc_fr_guaranteed", "franchise.guaranteed_return", "bool", "scenarios.f.fr_guaranteed"),
    Field("sc_abs_coupon", "abs.coupon", "pct", "scenarios.f.abs_coupon"),
    Field("sc_abs_tenor", "abs.tenor", "int", "scenarios.f.abs_tenor"),
    Field("sc_abs_grace", "abs.grace_years", "int", "scenarios.f.grace_years"),
    Field("sc_abs_advance", "abs.advance_rate", "pct", "scenarios.f.abs_advance"),
    Field("sc_user_fees", "user_fees", "money", "scenarios.f.user_fees"),
    Field("sc_fee_growth", "fee_growth", "pct", "scenarios.f.fee_growth"),
    Field("sc_opex", "opex", "money", "scenarios.f.opex"),
    Field("sc_opex_growth", "opex_growth", "pct", "scenarios.f.opex_growth"),
    Field("sc_discount_rate", "discount_rate", "pct", "scenarios.f.discount_rate"),
    Field("sc_legacy_on", "legacy", "bool", "scenarios.f.legacy_on"),
    Field("sc_lg_cost", "legacy.construction_cost", "money", "scenarios.f.lg_cost"),
    Field("sc_lg_profit", "legacy.reasonable_profit_rate", "pct", "scenarios.f.lg_profit"),
    Field("sc_lg_discount", "legacy.discount_rate", "pct", "scenarios.f.lg_discount"),
    Field("sc_lg_years", "legacy.subsidy_years", "int", "scenarios.f.lg_years"),
    Field("sc_lg_opex", "legacy.annual_opex", "money", "scenarios.f.lg_opex"),
    Field("sc_lg_fees", "legacy.annual_user_fees", "money", "scenarios.f.lg_fees"),
    Field("sc_lg_mode", "legacy.payment_mode", "choice", "scenarios.f.lg_mode"),
    Field("sc_lg_start", "legacy.start_year", "int", "scenarios.f.lg_start"),
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}
FIELD_BY_PATH = {f.path: f for f in FIELDS}
SHARE_FIELDS = tuple(FIELD_BY_PATH[f"shares.{k}"] for k in SHARE_KEYS)
CHOICES: dict[str, tuple[str, ...]] = {
    "sc_project_type": tuple(PROJECT_TYPES),
    "sc_bond_repayment": ("amortizing", "bullet"),
    "sc_fr_model": ("BOT", "BOOT", "TOT"),
    "sc_lg_mode": ("viability_gap", "government_pay"),
}
# Extra labels for error fields that are not one widget
_EXTRA_FIELD_LABELS = {
    "shares": "scenarios.f.shares",
    "county": "scenarios.f.county",
    "capex_shares": "scenarios.f.construction_years",
    "phases": "scenarios.f.phases",
    "legacy_ppp": "scenarios.f.legacy_on",
    "sc": "scenarios.f.share_link",
    "file": "scenarios.f.file",
}


def value_at(obj: Any, path: str) -> Any:
    """``obj``'s attribute at a dotted path ("franchise.term")."""
    for p in path.split("."):
        obj = getattr(obj, p)
    return obj


def _set(obj: Any, path: str, value: Any) -> None:
    parts = path.split(".")
    for p in parts[:-1]:
        obj = getattr(obj, p)
    setattr(obj, parts[-1], value)


def _to_widget(f: Field, value: Any) -> Any:
    if f.kind == "pct_opt":  # a percentage that may be left unstated (None: an empty box)
        return None if value is None else round(float(value) * 100.0, 6)
    if f.kind == "pct":
        return round(float(value) * 100.0, 6)
    if f.kind == "money":
        return float(value)
    if f.kind == "int":
        return int(value)
    if f.kind == "bool":
        return bool(value)
    return value


def _from_widget(f: Field, value: Any) -> Any:
    if f.kind == "pct_opt":
        return None if value is None else round(float(value) / 100.0, 10)
    if f.kind == "pct":
        return round(float(value) / 100.0, 10) if value is not None else 0.0
    if f.kind == "money":
        return float(value) if value is not None else 0.0
    if f.kind == "int":
        return int(value) if value is not None else 0
    if f.kind == "bool":
        return bool(value)
    return value


def state_from_inputs(inputs: ScenarioInputs) -> dict[str, Any]:
    """Widget values (session-state key → value) showing ``inputs``."""
    legacy = inputs.legacy_ppp
    out: dict[str, Any] = {}
    for f in FIELDS:
        if f.path == "legacy":
            out[f.key] = legacy is not None
        elif f.path.startswith("legacy."):
            out[f.key] = _to_widget(f, value_at(legacy or LegacyPPPInputs(), f.path.removeprefix("legacy.")))
        else:
            out[f.key] = _to_widget(f, value_at(inputs, f.path))
    if out["sc_project_type"] not in CHOICES["sc_project_type"]:
        out["sc_project_type"] = "other"
    return out


def inputs_from_state(state: Mapping[str, Any], base: ScenarioInputs | None = None) -> ScenarioInputs:
    """``ScenarioInputs`` from widget values (not validated). Fields without a widget (phases, capex shares,
    operating-subsidy schedule, VfM parameters…) come from ``base`` (a loaded scenario); capex shares of another
    length than the construction years shown are dropped."""
    inputs = copy.deepcopy(base) if base is not None else blank_inputs()
    defaults = state_from_inputs(inputs)
    legacy_on = bool(state.get("sc_legacy_on", defaults["sc_legacy_on"]))
    legacy = copy.deepcopy(inputs.legacy_ppp) if inputs.legacy_ppp is not None else LegacyPPPInputs()
    for f in FIELDS:
        value = state.get(f.key, defaults[f.key])
        if f.path == "legacy":
            continue
        if f.path.startswith("legacy."):
            _set(legacy, f.path.removeprefix("legacy."), _from_widget(f, value))
        else:
            _set(inputs, f.path, _from_widget(f, value))
    inputs.legacy_ppp = legacy if legacy_on else None
    if inputs.capex_shares is not None and len(inputs.capex_shares) != inputs.construction_years:
        inputs.capex_shares = None
    return inputs


def shares_total_pct(state: Mapping[str, Any]) -> float:
    """Running total of the five financing-share sliders, in percent."""
    return round(sum(float(state.get(f.key) or 0.0) for f in SHARE_FIELDS), 6)


def shares_ok(total_pct: float) -> bool:
    return abs(total_pct - 100.0) <= 0.1 + 1e-9


def balanced_budget_share(state: Mapping[str, Any]) -> float:
    """The budget share that makes the mix total 100 % (0 … 100)."""
    others = sum(float(state.get(f.key) or 0.0) for f in SHARE_FIELDS if f.key != "sc_share_budget")
    return round(min(max(100.0 - others, 0.0), 100.0), 6)


def field_label(field_path: str, lang: str | None = None) -> str:
    """The page label of an ``InputError.field`` ("inputs.franchise.term" → "特许经营期限（年）")."""
    path = field_path.removeprefix("inputs.")
    plain = "".join(ch for ch in path if ch not in "0123456789[]").replace("..", ".")
    candidates = [path, plain, plain.replace("legacy_ppp.", "legacy."), plain.split(".")[0]]
    for c in candidates:
        if c in FIELD_BY_PATH:
            return t(FIELD_BY_PATH[c].label, lang=_lang(lang))
        if c in _EXTRA_FIELD_LABELS:
            return t(_EXTRA_FIELD_LABELS[c], lang=_lang(lang))
    return field_path


def error_text(exc: InputError, lang: str | None = None) -> str:
    """'特许经营期限（年）：特许经营期限须在 1–40 之间（当前为 45）' in the current language."""
    lang = _lang(lang)
    msg = exc.message_en if lang == "en" else exc.message_zh
    return t("scenarios.input_error", lang=lang, field=field_label(exc.field, lang), message=msg)

