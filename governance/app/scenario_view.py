"""Page-facing helpers of 融资情景模拟 (pages/scenarios.py): no Streamlit calls, so they are unit-testable and fast.

* **County context** from warehouse rows (``queries/county_fiscal_context.sql``) → ``CountyContext``; a county with
  no budget rows gives an empty context, which the model rejects with its clear message (``validate_county``).
* **Starting points**: an existing project of the county (``queries/county_projects.sql``) → prefilled
  ``ScenarioInputs`` (investment, programme → project type, financing model → mix), or the blank template.
* **Widget state ↔ inputs**: ``FIELDS`` lists every input widget of the page (session-state key, dotted path in
  ``ScenarioInputs``, kind). Percent widgets hold percent (3.16), the model takes fractions (0.0316).
* **Share links**: ``encode_share`` / ``decode_share`` — compact JSON, zlib, base64url, in the ``sc`` query param.
* **Results**: ``compute`` (validate → run → rules → tornado), KPI cards, rule rows, the comparison table and the
  plotly figures (outlay by type vs the red-line headroom, cash flows, tornado, obligation share with/without,
  comparison lines).

Money is 万元, years on charts are calendar years (scenario year 1 = the chosen first year).
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import math
import time
import zlib
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import pandas as pd
import plotly.graph_objects as go

from governance.app.charts import CATEGORICAL, RAG
from governance.core.finance import (
    BOND_COVERAGE_MIN,
    FRANCHISE_TERM_MAX,
    GOV_PAY_LINE_SHARE,
    OUTLAY_COLUMNS,
    OUTLAY_LABELS,
    PROJECT_TYPES,
    RED_LINE_SHARE,
    SENSITIVITY_KEYS,
    CountyContext,
    FinancingShares,
    InputError,
    LegacyPPPInputs,
    RuleCheck,
    ScenarioInputs,
    ScenarioResult,
    check_rules,
    run_scenario,
    scenario_from_dict,
    scenario_to_dict,
    sensitivity,
    validate_inputs,
)
from governance.i18n import current_lang, normalise_lang, t
from governance.i18n.formats import MISSING, fmt_wan_yuan

DEFAULT_GPB_GROWTH = 0.03  # [E] growth for gpb_growth="cagr" when a county has a single budget year
GPB_GROWTH_BOUNDS = (-0.03, 0.08)
MAX_COMPARE = 3
SHARE_PARAM = "sc"
SHARE_FORMAT = 1
_MAX_TOKEN_CHARS = 24_000
_MAX_JSON_BYTES = 256_000
SHARE_KEYS = ("budget", "special_bond", "subsidized_loan", "franchise", "abs")


def _lang(lang: str | None) -> str:
    return normalise_lang(lang) if lang else current_lang()


def zh_en(pair: tuple[str, str], lang: str | None) -> str:
    return pair[1] if _lang(lang) == "en" else pair[0]


# ==================================================================================================== county context
def county_context(frame: pd.DataFrame | None, code: str, name: str = "",
                   exclude: Mapping[str, Any] | None = None, gpb_growth: float | str = 0.0) -> CountyContext:
    """``CountyContext`` from ``county_fiscal_context`` rows (year ascending, from the first scenario year).

    Beyond the last budget year (the warehouse projects to 2035) both series are held at their last value by
    default (``gpb_growth=0``): prudent for a red-line test — extending expenditure at its past growth while the
    obligations stay flat would make the share fall by construction. ``gpb_growth="cagr"`` uses the series'
    compound growth (bounded to ``GPB_GROWTH_BOUNDS``) instead.
    ``exclude``: an existing project (a ``county_projects`` row) whose yearly payment (``annual_gov_payment`` over
    ``payment_start_year``–``payment_end_year``) is already inside the county's ``ppp_obligations`` and is modelled
    explicitly in the scenario: it is taken out so it isn't counted twice.
    No rows → an empty context, which ``validate_county`` rejects with the model's message.
    """
    if frame is None or len(frame) == 0:
        return CountyContext(code=code, name=name, gpb_expenditure=[], gpb_growth=0.0, existing_obligations=[])
    df = frame.sort_values("year")
    years = [int(y) for y in df["year"]]
    gpb = [float(v) for v in df["gpb_expenditure"]]
    existing = [float(v) for v in df["ppp_obligations"]]
    if not name and "county_name" in df.columns:
        name = str(df["county_name"].iloc[0])
    if exclude is not None:
        pay, start, end = payment_of(exclude)
        if pay > 0:
            existing = [max(v - pay, 0.0) if start <= y <= end else v for y, v in zip(years, existing)]
    if gpb_growth == "cagr":
        growth = DEFAULT_GPB_GROWTH
        if len(gpb) >= 2 and gpb[0] > 0 and gpb[-1] > 0:
            growth = (gpb[-1] / gpb[0]) ** (1.0 / (len(gpb) - 1)) - 1.0
            growth = min(max(growth, GPB_GROWTH_BOUNDS[0]), GPB_GROWTH_BOUNDS[1])
    else:
        growth = float(gpb_growth)
    return CountyContext(code=code, name=name, gpb_expenditure=gpb, gpb_growth=round(growth, 6),
                         existing_obligations=existing)


def _int_or_none(v: Any) -> int | None:
    try:
        if v is None or pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def _float(v: Any, default: float = 0.0) -> float:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return default
    return x if math.isfinite(x) else default


def payment_of(project: Mapping[str, Any]) -> tuple[float, int, int]:
    pay = _float(project.get("annual_gov_payment"))
    start, end = _int_or_none(project.get("payment_start_year")), _int_or_none(project.get("payment_end_year"))
    if pay <= 0 or start is None:
        return 0.0, 0, -1
    return pay, start, end if end is not None else start


def default_first_year(years_row: Mapping[str, Any] | None, today_year: int | None = None) -> int:
    """The current budget year from ``budget_years`` (else this calendar year)."""
    today_year = today_year or time.localtime().tm_year
    if not years_row:
        return today_year
    y = _int_or_none(years_row.get("budget_year"))
    return y if y is not None else today_year


def first_year_options(years_row: Mapping[str, Any] | None, today_year: int | None = None) -> list[int]:
    """Choices for the first scenario year: the warehouse's budget years (else this year ± 5)."""
    today_year = today_year or time.localtime().tm_year
    lo = _int_or_none((years_row or {}).get("first_year"))
    hi = _int_or_none((years_row or {}).get("last_year"))
    if lo is None or hi is None or hi < lo:
        return list(range(today_year - 3, today_year + 6))
    return list(range(lo, hi + 1))


# ==================================================================================================== starting points
PROGRAM_TYPES: dict[str, str] = {
    "养老服务": "elderly_care_centre",
    "智慧网格": "smart_grid_platform",
    "老旧小区改造": "old_residential_renovation",
    "垃圾分类": "waste_sorting_facility",
    "社区公共设施": "community_service_centre",
    "党建阵地": "other",
}
# Operating income and cost at full operation as shares of the investment [E]: the template's 9 % / 3 %.
FEE_SHARE, OPEX_SHARE = 0.09, 0.03
BLANK = "__blank__"


def blank_inputs() -> ScenarioInputs:
    """The blank template (an elderly-care centre, 1 亿元, 20 % budget + 80 % special bond)."""
    return ScenarioInputs()


def round_share(x: float, step: float = 0.05) -> float:
    return round(round(x / step) * step, 4)


def _horizon_for(inputs: ScenarioInputs) -> int:
    """A horizon covering the franchise term and every debt maturity (≥ 30 years)."""
    cy = inputs.construction_years
    needs = [30, cy + inputs.special_bond.tenor - 1 if inputs.shares.special_bond > 0 else 0,
             cy + inputs.subsidized_loan.tenor - 1 if inputs.shares.subsidized_loan > 0 else 0,
             cy + inputs.abs.tenor - 1 if inputs.shares.abs > 0 else 0,
             inputs.franchise.term if inputs.shares.franchise > 0 else 0]
    if inputs.legacy_ppp is not None:
        needs.append(inputs.legacy_ppp.start_year + inputs.legacy_ppp.subsidy_years - 1)
    return int(max(needs))


def legacy_from_project(project: Mapping[str, Any], first_year: int) -> LegacyPPPInputs | None:
    """A 财金〔2015〕21号 viability-gap stream reproducing an existing PPP's yearly payment.

    The library keeps the investment, the payment years and the yearly payment, not the 21号 inputs, so: the
    payments still due from ``first_year`` on become the stream (n restarts at 1), the unrecovered part of the
    construction cost (investment × remaining ÷ total years) the cost, profit 6 % and discount 3.5 % (domain.md
    §5a worked example), and the year-1 subsidy is calibrated to the recorded payment through opex and user fees.
    None when the project has no payment left in or after ``first_year``.
    """
    pay, start, end = payment_of(project)
    if pay <= 0 or end < first_year:
        return None
    total_years = max(end - start + 1, 1)
    begin = max(start, first_year)
    remaining = end - begin + 1
    remaining = min(remaining, 40)
    cost = _float(project.get("total_investment")) * remaining / total_years
    profit, disc = 0.06, 0.035
    capital = cost * (1 + profit) * (1 + disc) / remaining
    diff = pay - capital  # = opex × (1 + profit) − fees
    if diff >= 0:
        fees = round(0.04 * cost, 1)
        opex = (diff + fees) / (1 + profit)
    else:
        opex = round(0.02 * cost, 1)
        fees = opex * (1 + profit) - diff
    return LegacyPPPInputs(construction_cost=round(cost, 1), reasonable_profit_rate=profit, discount_rate=disc,
                           subsidy_years=int(remaining), annual_opex=round(opex, 1), annual_user_fees=round(fees, 1),
                           payment_mode="viability_gap", start_year=int(begin - first_year + 1))


def inputs_from_project(project: Mapping[str, Any], first_year: int) -> tuple[ScenarioInputs, str]:
    """Prefilled inputs from a ``county_projects`` row and the i18n key of a note on how they were derived.

    政府直投 → 100 % budget; 专项债 → 80 % special bond + 20 % budget (资本金), tenor = the project's term;
    贴息贷款 → 70 % loan + 30 % budget; ABS → 50 % ABS + 50 % budget; PPP-使用者付费 / BOT → franchise share =
    social capital ÷ investment (5 % steps), the rest budget (construction-period support), term = the project's
    term (≤ 40), any recorded yearly payment as the operating subsidy; 存量PPP-可行性缺口补助 → its remaining
    payments as the ``legacy_ppp`` (21号) stream beside a blank new project of the same type.
    User fees and opex are estimates (9 % and 3 % of the investment a year) — edit them.
    """
    inv = max(_float(project.get("total_investment")), 1.0)
    model = str(project.get("model") or "")
    term = _int_or_none(project.get("term_years")) or 20
    ptype = PROGRAM_TYPES.get(str(project.get("program") or ""), "other")
    name = str(project.get("name") or "") or blank_inputs().project_name
    inp = ScenarioInputs(project_name=name, project_type=ptype, total_investment=round(inv, 1),
                         user_fees=round(FEE_SHARE * inv, 1), opex=round(OPEX_SHARE * inv, 1))
    note = "scenarios.start_note_estimates"
    if model == "政府直投":
        inp.shares = FinancingShares(budget=1.0, special_bond=0.0)
        inp.construction_years = min(max(term, 1), 5)
    elif model == "专项债":
        inp.shares = FinancingShares(budget=0.2, special_bond=0.8)
        inp.special_bond.tenor = min(max(term, inp.special_bond.grace_years + 1), 30)
    elif model == "贴息贷款":
        inp.shares = FinancingShares(budget=0.3, special_bond=0.0, subsidized_loan=0.7)
        inp.subsidized_loan.tenor = min(max(term, inp.subsidized_loan.grace_years + 1), 40)
    elif model == "ABS":
        inp.shares = FinancingShares(budget=0.5, special_bond=0.0, abs=0.5)
        inp.abs.tenor = min(max(term, inp.abs.grace_years + 1), 40)
    elif model in ("PPP-使用者付费", "BOT"):
        social = min(max(_float(project.get("social_capital")) / inv, 0.05), 1.0)
        fr = round_share(social)
        fr = min(max(fr, 0.05), 1.0)
        inp.shares = FinancingShares(budget=round(1.0 - fr, 4), special_bond=0.0, franchise=fr)
        inp.franchise.model = "BOT"
        inp.franchise.term = min(max(term, inp.construction_years + 1), FRANCHISE_TERM_MAX)
        inp.franchise.debt_tenor = max(min(inp.franchise.debt_tenor, inp.franchise.term - inp.construction_years + 1), 1)
        inp.franchise.debt_grace_years = min(inp.franchise.debt_grace_years, inp.franchise.debt_tenor - 1)
        pay, _, _ = payment_of(project)
        if pay > 0:
            inp.franchise.operating_subsidy = round(pay, 1)
            note = "scenarios.start_note_subsidy"
    elif model == "存量PPP-可行性缺口补助":
        inp = blank_inputs()
        inp.project_type = ptype
        inp.legacy_ppp = legacy_from_project(project, first_year)
        note = "scenarios.start_note_legacy" if inp.legacy_ppp is not None else "scenarios.start_note_legacy_done"
    inp.horizon_years = _horizon_for(inp)
    return inp, note


# ==================================================================================================== widget state
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


def _get(obj: Any, path: str) -> Any:
    for p in path.split("."):
        obj = getattr(obj, p)
    return obj


def _set(obj: Any, path: str, value: Any) -> None:
    parts = path.split(".")
    for p in parts[:-1]:
        obj = getattr(obj, p)
    setattr(obj, parts[-1], value)


def _to_widget(f: Field, value: Any) -> Any:
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
            out[f.key] = _to_widget(f, _get(legacy or LegacyPPPInputs(), f.path.removeprefix("legacy.")))
        else:
            out[f.key] = _to_widget(f, _get(inputs, f.path))
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


# ==================================================================================================== share links
def encode_share(scenario: Mapping[str, Any], first_year: int | None = None) -> str:
    """A URL-safe token for ``?sc=``: compact JSON ``{"f": 1, "y": first_year, "s": scenario}``, zlib, base64url
    without padding."""
    payload = {"f": SHARE_FORMAT, "y": first_year, "s": scenario}
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def _share_error(zh: str, en: str) -> InputError:
    return InputError(SHARE_PARAM, zh, en)


def decode_share(token: str) -> tuple[dict[str, Any], int | None]:
    """(scenario dict, first year) of a share token; raises ``InputError`` (field ``sc``) when it is damaged.
    The scenario dict is validated with ``scenario_from_dict`` (errors name the field)."""
    token = (token or "").strip()
    if not token:
        raise _share_error("分享链接参数为空", "the share-link parameter is empty")
    if len(token) > _MAX_TOKEN_CHARS:
        raise _share_error("分享链接参数过长", "the share-link parameter is too long")
    try:
        compressed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        d = zlib.decompressobj()
        raw = d.decompress(compressed, _MAX_JSON_BYTES)
        if d.unconsumed_tail:
            raise _share_error("分享链接内容过大", "the share-link content is too large")
        payload = json.loads(raw.decode("utf-8"))
    except InputError:
        raise
    except (binascii.Error, ValueError, zlib.error, UnicodeDecodeError):
        raise _share_error("分享链接已损坏（无法解码），请重新复制完整链接",
                           "the share link is damaged (cannot be decoded); copy the whole link again") from None
    if not isinstance(payload, dict) or payload.get("f") != SHARE_FORMAT or not isinstance(payload.get("s"), dict):
        raise _share_error("分享链接格式不受支持", "unsupported share-link format")
    year = payload.get("y")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200):
        raise _share_error(f"分享链接中的起始年无效：{year!r}", f"invalid first year in the share link: {year!r}")
    scenario = payload["s"]
    scenario_from_dict(scenario)  # raises InputError naming the field
    return scenario, year


def parse_scenario_json(data: bytes | str) -> dict[str, Any]:
    """A scenario JSON file's dict, validated (``InputError`` naming the field; ``file`` for unreadable JSON)."""
    if isinstance(data, bytes):
        if len(data) > 2_000_000:
            raise InputError("file", "文件过大（上限 2 MB）", "file too large (2 MB limit)")
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError("file", "文件不是 UTF-8 编码的 JSON", "the file is not UTF-8 JSON") from None
    try:
        obj = json.loads(data)
    except json.JSONDecodeError as exc:
        raise InputError("file", f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列 {exc.msg}",
                         f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    sf = scenario_from_dict(obj)
    if sf.inputs is None:
        raise InputError("inputs", "文件缺少 inputs 部分（本页面需要完整情景）",
                         "the file has no inputs section (this page needs a full scenario)")
    return obj


def scenario_json_bytes(inputs: ScenarioInputs, county: CountyContext | None) -> bytes:
    """The scenario file (docs/scenario_format.md) of the current inputs and county context."""
    return json.dumps(scenario_to_dict(inputs, county), ensure_ascii=False, indent=2).encode("utf-8")


def fmt_saved_at(value: Any) -> str:
    """A saved scenario's created_at (UTC, naive) in Beijing time: '2026-11-27 06:29'."""
    import datetime as dt

    if not isinstance(value, dt.datetime):
        return "" if value is None else str(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")


def file_slug(name: str) -> str:
    keep = "".join(ch if (ch.isalnum() or ch in "-_") else "_" for ch in (name or "scenario").strip())
    return (keep.strip("_") or "scenario")[:60]


# ==================================================================================================== computation
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
        if abs(float(_get(inputs, path))) > 1e-12:
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
    tornado = sensitivity(inputs, county, keys=sensitivity_keys_for(inputs), delta=0.2) if with_tornado else []
    return Computed(inputs, county, first_year, result, checks, tornado, time.perf_counter() - t0)


# ==================================================================================================== KPIs and rules
def _pct_text(x: float | None, digits: int = 1) -> str:
    if x is None or not math.isfinite(x):
        return MISSING
    return f"{x * 100:.{digits}f}%"


def _year_text(first_year: int, year: int | None, lang: str) -> str:
    if year is None:
        return MISSING
    return f"{first_year + year - 1}" + ("" if lang == "en" else "年")


def share_status(share: float | None) -> str:
    """RAG of an obligations share: > 10 % red, > 8 % amber (near the line), else green."""
    if share is None:
        return "none"
    if share > RED_LINE_SHARE + 1e-12:
        return "red"
    if share > 0.08:
        return "amber"
    return "green"


def kpi_cards(c: Computed, lang: str | None = None) -> list[dict[str, Any]]:
    """Cards: label, value, note, status (green/amber/red/none), key (for tests)."""
    lang = _lang(lang)
    s = c.result.summary
    sh = c.inputs.shares
    fy = c.first_year
    cards = [
        {"key": "total_outlay", "label": t("scenarios.kpi.total_outlay", lang=lang),
         "value": fmt_wan_yuan(s.total_government_outlay, lang=lang),
         "note": t("scenarios.kpi.pv", lang=lang, value=fmt_wan_yuan(s.pv_government_outlay, lang=lang)),
         "status": None},
        {"key": "peak_outlay", "label": t("scenarios.kpi.peak_outlay", lang=lang),
         "value": fmt_wan_yuan(s.peak_government_outlay, lang=lang),
         "note": t("scenarios.kpi.in_year", lang=lang, year=_year_text(fy, s.peak_year, lang)), "status": None},
        {"key": "headroom", "label": t("scenarios.kpi.headroom", lang=lang),
         "value": fmt_wan_yuan(s.min_headroom, lang=lang),
         "note": t("scenarios.kpi.headroom_note", lang=lang, share=_pct_text(s.max_share_with, 2),
                   year=_year_text(fy, s.max_share_with_year, lang)),
         "status": share_status(s.max_share_with)},
        {"key": "project_irr", "label": t("scenarios.kpi.project_irr", lang=lang),
         "value": _pct_text(s.project_irr, 2),
         "note": t("scenarios.kpi.npv", lang=lang, value=fmt_wan_yuan(s.project_npv, lang=lang)), "status": None},
    ]
    if sh.franchise > 0:
        eq = s.equity_irr
        # domain.md §5g: equity IRR 6–10 % [E]; below 6 % private capital is unlikely to come, far above it the
        # subsidy or the fees are generous (amber either way; the rules decide what is allowed)
        cards.append({"key": "equity_irr", "label": t("scenarios.kpi.equity_irr", lang=lang),
                      "value": _pct_text(eq, 2), "note": t("scenarios.kpi.equity_irr_note", lang=lang),
                      "status": "green" if (eq is not None and 0.06 <= eq <= 0.12) else "amber"})
    else:
        cards.append({"key": "equity_irr", "label": t("scenarios.kpi.equity_irr", lang=lang), "value": MISSING,
                      "note": t("scenarios.kpi.no_franchise", lang=lang), "status": None})
    if s.bond_coverage is not None:
        ok = s.bond_coverage >= BOND_COVERAGE_MIN - 1e-12
        cards.append({"key": "bond_coverage", "label": t("scenarios.kpi.bond_coverage", lang=lang),
                      "value": f"{s.bond_coverage:.2f}", "note": t("scenarios.kpi.bond_coverage_note", lang=lang),
                      "status": "green" if ok else "red"})
    else:
        cards.append({"key": "bond_coverage", "label": t("scenarios.kpi.bond_coverage", lang=lang), "value": MISSING,
                      "note": t("scenarios.kpi.no_bond", lang=lang), "status": None})
    if sh.franchise > 0:  # VfM is assessed for social-capital projects only (rules.vfm_positive)
        cards.append({"key": "vfm", "label": t("scenarios.kpi.vfm", lang=lang),
                      "value": fmt_wan_yuan(s.vfm_value, lang=lang),
                      "note": t("scenarios.kpi.vfm_note", lang=lang, index=_pct_text(s.vfm_index, 1)),
                      "status": "green" if s.vfm_value > 0 else "amber"})
    else:
        cards.append({"key": "vfm", "label": t("scenarios.kpi.vfm", lang=lang), "value": MISSING,
                      "note": t("scenarios.kpi.no_franchise", lang=lang), "status": None})
    return cards


def display_reference(ref: str) -> str:
    """A rule's regulation reference without the internal 'domain.md §…' pointer."""
    parts = [p.strip() for p in ref.split(";") if p.strip() and not p.strip().startswith("domain.md")]
    return "; ".join(parts) or ref


def rule_rows(checks: Iterable[RuleCheck], lang: str | None = None) -> list[dict[str, Any]]:
    """One row per rule: rule_id, status ('ok' | 'fail' | 'na'), icon (✓ ✗ –), severity, name, message, reference."""
    lang = _lang(lang)
    rows = []
    for ch in checks:
        status = "na" if not ch.applicable else ("ok" if ch.ok else "fail")
        rows.append({
            "rule_id": ch.rule_id, "status": status, "icon": {"ok": "✓", "fail": "✗", "na": "–"}[status],
            "severity": ch.severity, "name": t(f"scenarios.rule.{ch.rule_id}", lang=lang),
            "message": ch.message_en if lang == "en" else ch.message_zh,
            "reference": display_reference(ch.reference),
        })
    return rows


def verdict(checks: Iterable[RuleCheck]) -> dict[str, Any]:
    """Failed error rules (not allowed) and failed warnings (attention)."""
    checks = list(checks)
    errors = [c.rule_id for c in checks if c.applicable and not c.ok and c.severity == "error"]
    warnings = [c.rule_id for c in checks if c.applicable and not c.ok and c.severity != "error"]
    return {"ok": not errors, "errors": errors, "warnings": warnings,
            "applicable": sum(1 for c in checks if c.applicable)}


def mix_text(inputs: ScenarioInputs, lang: str | None = None) -> str:
    """'专项债 80% · 政府直接投资 20%'."""
    lang = _lang(lang)
    parts = []
    for k in SHARE_KEYS:
        v = getattr(inputs.shares, k)
        if v > 1e-9:
            parts.append((v, f"{t(f'scenarios.short.{k}', lang=lang)} {v * 100:.0f}%"))
    return " · ".join(p for _, p in sorted(parts, key=lambda x: -x[0]))


def year_table(c: Computed, lang: str | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """Yearly rows (for download): calendar year + outlays by type + flows + shares; and column labels."""
    lang = _lang(lang)
    df = pd.DataFrame(c.result.rows_as_dicts())
    df.insert(0, "calendar_year", c.first_year + df["year"] - 1)
    cols = ["calendar_year", "year", "capex", *OUTLAY_COLUMNS, "government_outlay", "ppp_obligations",
            "government_project_income", "project_net_cash_flow", "private_cash_flow", "debt_service",
            "bond_coverage", "gpb_expenditure", "existing_obligations", "obligation_share_without",
            "obligation_share_with", "red_line_headroom"]
    df = df[cols]
    labels = {"calendar_year": t("scenarios.col.calendar_year", lang=lang),
              "year": t("scenarios.col.year", lang=lang),
              "capex": t("scenarios.col.capex", lang=lang)}
    for col in OUTLAY_COLUMNS:
        labels[col] = zh_en(OUTLAY_LABELS[col], lang) + t("scenarios.unit_wan", lang=lang)
    for col in cols:
        if col not in labels:
            labels[col] = t(f"scenarios.col.{col}", lang=lang)
    return df, labels


# ==================================================================================================== comparison
@dataclass
class CompareItem:
    label: str
    computed: Computed | None
    error: str | None = None


def compare_table(items: list[CompareItem], lang: str | None = None) -> pd.DataFrame:
    """KPIs side by side: one column per scenario, one row per measure (text, formatted)."""
    lang = _lang(lang)
    rows: list[tuple[str, list[str]]] = []

    def add(key: str, fn) -> None:
        vals = []
        for it in items:
            if it.computed is None:
                vals.append(it.error or MISSING)
            else:
                try:
                    vals.append(fn(it.computed))
                except (TypeError, ValueError):
                    vals.append(MISSING)
        rows.append((t(f"scenarios.cmp.{key}", lang=lang), vals))

    add("county", lambda c: c.county.name or c.county.code)
    add("first_year", lambda c: str(c.first_year))
    add("mix", lambda c: mix_text(c.inputs, lang))
    add("investment", lambda c: fmt_wan_yuan(c.inputs.total_investment, lang=lang))
    add("total_outlay", lambda c: fmt_wan_yuan(c.result.summary.total_government_outlay, lang=lang))
    add("pv_outlay", lambda c: fmt_wan_yuan(c.result.summary.pv_government_outlay, lang=lang))
    add("peak_outlay", lambda c: f"{fmt_wan_yuan(c.result.summary.peak_government_outlay, lang=lang)}"
                                 f" ({_year_text(c.first_year, c.result.summary.peak_year, lang)})")
    add("max_share", lambda c: f"{_pct_text(c.result.summary.max_share_with, 2)}"
                               f" ({_year_text(c.first_year, c.result.summary.max_share_with_year, lang)})")
    add("headroom", lambda c: fmt_wan_yuan(c.result.summary.min_headroom, lang=lang))
    add("project_irr", lambda c: _pct_text(c.result.summary.project_irr, 2))
    add("equity_irr", lambda c: _pct_text(c.result.summary.equity_irr, 2))
    add("bond_coverage", lambda c: MISSING if c.result.summary.bond_coverage is None
        else f"{c.result.summary.bond_coverage:.2f}")
    add("vfm", lambda c: fmt_wan_yuan(c.result.summary.vfm_value, lang=lang))

    def rules_text(c: Computed) -> str:
        v = verdict(c.checks)
        if v["ok"] and not v["warnings"]:
            return "✓ " + t("scenarios.cmp.all_ok", lang=lang)
        names = [t(f"scenarios.rule.{r}", lang=lang) for r in v["errors"]]
        warn = [t(f"scenarios.rule.{r}", lang=lang) for r in v["warnings"]]
        out = ("✗ " + "、".join(names)) if names else "✓ " + t("scenarios.cmp.no_errors", lang=lang)
        if warn:
            out += " · ⚠ " + "、".join(warn)
        return out

    add("rules", rules_text)
    labels = _unique_labels([it.label for it in items])
    return pd.DataFrame({lbl: [r[1][i] for r in rows] for i, lbl in enumerate(labels)},
                        index=[r[0] for r in rows])


def _unique_labels(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for lbl in labels:
        n = seen.get(lbl, 0)
        seen[lbl] = n + 1
        out.append(lbl if n == 0 else f"{lbl} ({n + 1})")
    return out


# ==================================================================================================== figures
# Figures are built as plain dicts and wrapped without plotly's per-property validation (go.Figure(...,
# _validate=False)): validating every property on each slider move costs ≈ 20 ms a figure, the whole budget of a
# redraw. tests/test_pages_scenarios.py validates every figure once with full validation instead.
_OUTLAY_COLORS = dict(zip(OUTLAY_COLUMNS, [CATEGORICAL[0], CATEGORICAL[6], CATEGORICAL[2], CATEGORICAL[5],
                                           CATEGORICAL[7], CATEGORICAL[4], CATEGORICAL[1], CATEGORICAL[3]]))
_LAYOUT: dict[str, Any] = {
    "height": 400, "margin": {"l": 60, "r": 20, "t": 80, "b": 40}, "hovermode": "x unified",
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0, "font": {"size": 13}},
    "title": {"font": {"size": 17}, "y": 0.97, "yanchor": "top"},
}


def _fig(data: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    merged = {**_LAYOUT, **layout}
    if "title" in layout and isinstance(layout["title"], str):
        merged["title"] = {**_LAYOUT["title"], "text": layout["title"]}
    return go.Figure({"data": data, "layout": merged}, _validate=False)


def _hline(y: float, color: str, dash: str = "solid", label: str | None = None,
           label_color: str | None = None) -> tuple[dict[str, Any], dict[str, Any] | None]:
    shape = {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": y, "y1": y,
             "line": {"color": color, "width": 2, "dash": dash}}
    ann = None
    if label:
        ann = {"xref": "paper", "x": 0.0, "yref": "y", "y": y, "text": label, "showarrow": False,
               "xanchor": "left", "yanchor": "bottom", "font": {"color": label_color or color, "size": 13}}
    return shape, ann


def _years(c: Computed) -> list[int]:
    return [c.first_year + r.year - 1 for r in c.result.rows]


def _xaxis(years: list[int]) -> dict[str, Any]:
    return {"dtick": 5 if len(years) > 16 else 1}


def _wan_axis(lang: str) -> str:
    return t("scenarios.axis.wan", lang=lang)


def outlay_figure(c: Computed, lang: str | None = None) -> go.Figure:
    """Yearly government outlay stacked by type (万元) with the county's 10 % and 5 % headroom
    (x % × GPB expenditure − existing obligations): the room the county has for new PPP obligations. Only the
    operating subsidy and the legacy 21号 payment count under the lines (marked *). When the headroom is far above
    (or below) the project's bars, the lines would flatten the bars: a note gives the tightest year instead."""
    lang = _lang(lang)
    years = _years(c)
    rows = c.result.rows
    data: list[dict[str, Any]] = []
    for col in OUTLAY_COLUMNS:
        vals = [getattr(r, col) for r in rows]
        if max((abs(v) for v in vals), default=0.0) < 1e-9:
            continue
        name = zh_en(OUTLAY_LABELS[col], lang) + (" *" if col in ("operating_subsidy", "legacy_ppp_payment") else "")
        data.append({"type": "bar", "x": years, "y": vals, "name": name, "marker": {"color": _OUTLAY_COLORS[col]},
                     "hovertemplate": "%{y:,.1f}"})
    top = max((r.government_outlay for r in rows), default=0.0)
    annotations = []
    shown_lo = 0.0
    for key, share, color, dash in (("10", RED_LINE_SHARE, RAG["red"], "solid"),
                                    ("5", GOV_PAY_LINE_SHARE, RAG["amber"], "dash")):
        vals = [share * (r.gpb_expenditure or 0.0) - (r.existing_obligations or 0.0) for r in rows]
        lo = min(vals) if vals else 0.0
        i = vals.index(lo) if vals else 0
        if top > 0 and -3 * top <= lo <= 3 * top:
            shown_lo = min(shown_lo, lo)
            data.append({"type": "scatter", "mode": "lines", "x": years, "y": vals,
                         "name": t(f"scenarios.fig.headroom_{key}", lang=lang),
                         "line": {"color": color, "width": 2.5, "dash": dash}, "hovertemplate": "%{y:,.1f}"})
        elif vals:
            annotations.append(t("scenarios.fig.headroom_note", lang=lang, line=f"{key}%",
                                 value=fmt_wan_yuan(lo, lang=lang), year=str(years[i])))
    yaxis: dict[str, Any] = {"title": {"text": _wan_axis(lang)}, "rangemode": "tozero"}
    if top > 0 and len(data) > 0 and data[-1]["type"] == "scatter":
        # a headroom line is drawn: keep the bars readable, let the line leave the chart where it is far above
        yaxis = {"title": {"text": _wan_axis(lang)}, "range": [1.15 * shown_lo, 2.0 * top]}
    layout: dict[str, Any] = {"barmode": "relative", "title": t("scenarios.fig.outlay", lang=lang),
                              "yaxis": yaxis, "xaxis": _xaxis(years)}
    if annotations:
        layout["annotations"] = [{"text": "<br>".join(annotations), "xref": "paper", "yref": "paper", "x": 1.0,
                                  "y": 0.98, "xanchor": "right", "yanchor": "top", "showarrow": False,
                                  "align": "right", "font": {"size": 13, "color": "#5f6368"},
                                  "bgcolor": "rgba(255,255,255,0.85)"}]
    return _fig(data, layout)


def cashflow_figure(c: Computed, lang: str | None = None) -> go.Figure:
    """Project net cash flow (bars), the private partner's cash flow and total debt service (lines), 万元."""
    lang = _lang(lang)
    years = _years(c)
    rows = c.result.rows
    data: list[dict[str, Any]] = [
        {"type": "bar", "x": years, "y": [r.project_net_cash_flow for r in rows],
         "name": t("scenarios.fig.project_cf", lang=lang), "marker": {"color": CATEGORICAL[0]}, "opacity": 0.85,
         "hovertemplate": "%{y:,.1f}"}]
    if c.inputs.shares.franchise > 0:
        data.append({"type": "scatter", "mode": "lines+markers", "x": years,
                     "y": [r.private_cash_flow for r in rows], "name": t("scenarios.fig.private_cf", lang=lang),
                     "line": {"color": CATEGORICAL[1], "width": 2.5}, "marker": {"size": 5},
                     "hovertemplate": "%{y:,.1f}"})
    data.append({"type": "scatter", "mode": "lines", "x": years, "y": [r.debt_service for r in rows],
                 "name": t("scenarios.fig.debt_service", lang=lang),
                 "line": {"color": CATEGORICAL[3], "width": 2.5, "dash": "dot"}, "hovertemplate": "%{y:,.1f}"})
    return _fig(data, {"title": t("scenarios.fig.cashflow", lang=lang), "xaxis": _xaxis(years),
                       "yaxis": {"title": {"text": _wan_axis(lang)}, "zeroline": True, "zerolinecolor": "#9aa0a6"}})


TORNADO_METRICS = ("total_government_outlay", "max_obligation_share")


def tornado_figure(rows: list[dict[str, Any]], metric: str = "total_government_outlay",
                   lang: str | None = None) -> go.Figure:
    """±20 % tornado for one metric: bars from the base value to the value at −20 % and +20 % of each input
    (largest swing on top). The share metric is shown in percent of budget expenditure."""
    lang = _lang(lang)
    share = metric == "max_obligation_share"
    scale = 100.0 if share else 1.0
    mine = [r for r in rows if r["metric"] == metric and r["low"] is not None and r["high"] is not None]
    mine.sort(key=lambda r: r["swing"] or 0.0)
    labels = [r["label_en"] if lang == "en" else r["label_zh"] for r in mine]
    base = mine[0]["base"] * scale if mine else 0.0
    fmt = "%{x:.3f}%" if share else "%{x:,.1f}"
    data = [
        {"type": "bar", "orientation": "h", "y": labels, "x": [(r["low"] - r["base"]) * scale for r in mine],
         "base": base, "name": t("scenarios.fig.minus20", lang=lang), "marker": {"color": CATEGORICAL[6]},
         "hovertemplate": fmt},
        {"type": "bar", "orientation": "h", "y": labels, "x": [(r["high"] - r["base"]) * scale for r in mine],
         "base": base, "name": t("scenarios.fig.plus20", lang=lang), "marker": {"color": CATEGORICAL[1]},
         "hovertemplate": fmt},
    ]
    metric_label = t(f"scenarios.fig.metric.{metric}", lang=lang)
    layout: dict[str, Any] = {
        "barmode": "overlay", "hovermode": "y unified", "margin": {"l": 20, "r": 20, "t": 80, "b": 40},
        "title": t("scenarios.fig.tornado", lang=lang, metric=metric_label),
        "xaxis": {"title": {"text": t("scenarios.axis.pct_gpb", lang=lang) if share else _wan_axis(lang)},
                  **({"ticksuffix": "%"} if share else {})},
        "yaxis": {"automargin": True},
        "shapes": [{"type": "line", "xref": "x", "x0": base, "x1": base, "yref": "paper", "y0": 0, "y1": 1,
                    "line": {"color": "#5f6368", "width": 1}}],
    }
    if not mine:
        layout["annotations"] = [{"text": t("scenarios.fig.no_tornado", lang=lang), "xref": "paper",
                                  "yref": "paper", "x": 0.5, "y": 0.5, "showarrow": False}]
    return _fig(data, layout)


def obligation_figure(c: Computed, lang: str | None = None) -> go.Figure:
    """The county's PPP obligations as % of general-budget expenditure, without and with the project, per year,
    with the 10 % red line and the 5 % government-pay line (财金〔2015〕21号)."""
    lang = _lang(lang)
    years = _years(c)
    rows = c.result.rows
    without = [100.0 * (r.obligation_share_without or 0.0) for r in rows]
    with_ = [100.0 * (r.obligation_share_with or 0.0) for r in rows]
    data = [
        {"type": "scatter", "mode": "lines", "x": years, "y": without,
         "name": t("scenarios.fig.share_without", lang=lang), "line": {"color": "#9aa0a6", "width": 2},
         "hovertemplate": "%{y:.2f}%"},
        {"type": "scatter", "mode": "lines", "x": years, "y": with_, "name": t("scenarios.fig.share_with", lang=lang),
         "fill": "tonexty", "fillcolor": "rgba(31,78,156,0.18)", "line": {"color": CATEGORICAL[0], "width": 3},
         "hovertemplate": "%{y:.2f}%"},
    ]
    s10, a10 = _hline(100 * RED_LINE_SHARE, RAG["red"], "solid", t("scenarios.fig.line10", lang=lang))
    s5, a5 = _hline(100 * GOV_PAY_LINE_SHARE, RAG["amber"], "dash", t("scenarios.fig.line5", lang=lang), "#8a6200")
    top = max(max(with_, default=0.0), 10.0) * 1.15
    annotations = [a10, a5]
    if with_:  # the tightest year, labelled: the project's increment is often a fraction of a point
        i = max(range(len(with_)), key=lambda k: with_[k])
        over = with_[i] > 100 * RED_LINE_SHARE + 1e-9
        annotations.append({
            "x": years[i], "y": with_[i], "xref": "x", "yref": "y", "showarrow": True, "arrowhead": 2, "ax": 40,
            "ay": -45 if with_[i] < top * 0.8 else 45, "bgcolor": "rgba(255,255,255,0.9)",
            "bordercolor": RAG["red"] if over else CATEGORICAL[0], "font": {"size": 13},
            "text": t("scenarios.fig.peak_share", lang=lang, year=str(years[i]), share=f"{with_[i]:.2f}",
                      without=f"{without[i]:.2f}"),
        })
    return _fig(data, {"title": t("scenarios.fig.obligation", lang=lang), "xaxis": _xaxis(years),
                       "yaxis": {"title": {"text": t("scenarios.axis.pct_gpb", lang=lang)}, "range": [0, top],
                                 "ticksuffix": "%"},
                       "shapes": [s10, s5], "annotations": annotations})


def compare_figure(items: list[CompareItem], lang: str | None = None) -> go.Figure:
    """Government outlay per year of each compared scenario (overlaid lines, 万元)."""
    lang = _lang(lang)
    data = []
    labels = _unique_labels([it.label for it in items])
    for i, (it, lbl) in enumerate(zip(items, labels)):
        if it.computed is None:
            continue
        c = it.computed
        data.append({"type": "scatter", "mode": "lines+markers", "x": _years(c),
                     "y": [r.government_outlay for r in c.result.rows], "name": lbl,
                     "line": {"color": CATEGORICAL[i % len(CATEGORICAL)], "width": 3}, "marker": {"size": 5},
                     "hovertemplate": "%{y:,.1f}"})
    return _fig(data, {"title": t("scenarios.fig.compare", lang=lang),
                       "yaxis": {"title": {"text": _wan_axis(lang)}, "rangemode": "tozero"}})


def compare_share_figure(items: list[CompareItem], lang: str | None = None) -> go.Figure:
    """Obligation share with each compared scenario (%), with the 10 % and 5 % lines."""
    lang = _lang(lang)
    data = []
    labels = _unique_labels([it.label for it in items])
    top = 10.0
    for i, (it, lbl) in enumerate(zip(items, labels)):
        if it.computed is None:
            continue
        c = it.computed
        ys = [100.0 * (r.obligation_share_with or 0.0) for r in c.result.rows]
        top = max(top, max(ys, default=0.0))
        data.append({"type": "scatter", "mode": "lines", "x": _years(c), "y": ys, "name": lbl,
                     "line": {"color": CATEGORICAL[i % len(CATEGORICAL)], "width": 3}, "hovertemplate": "%{y:.2f}%"})
    s10, a10 = _hline(100 * RED_LINE_SHARE, RAG["red"], "solid", t("scenarios.fig.line10", lang=lang))
    s5, a5 = _hline(100 * GOV_PAY_LINE_SHARE, RAG["amber"], "dash", t("scenarios.fig.line5", lang=lang), "#8a6200")
    return _fig(data, {"title": t("scenarios.fig.compare_share", lang=lang),
                       "yaxis": {"title": {"text": t("scenarios.axis.pct_gpb", lang=lang)}, "range": [0, top * 1.15],
                                 "ticksuffix": "%"},
                       "shapes": [s10, s5], "annotations": [a10, a5]})


def result_figures(c: Computed, tornado_metric: str = "total_government_outlay",
                   lang: str | None = None) -> dict[str, go.Figure]:
    """Every figure of the results section (what a slider change redraws)."""
    return {
        "outlay": outlay_figure(c, lang),
        "obligation": obligation_figure(c, lang),
        "cashflow": cashflow_figure(c, lang),
        "tornado": tornado_figure(c.tornado, tornado_metric, lang),
    }
