"""Financing scenario model for grassroots-governance projects (pure Python: no Streamlit, no DuckDB).

Split by concern — ``formulas`` (21号, annuity, PV/IRR), ``inputs`` (dataclasses, policy limits, validation),
``engine`` (``run_scenario``), ``sensitivity`` (tornado), ``rules`` (policy checks and the verdict),
``library`` (the project library's PPP payment streams), ``scenario_io`` (scenario files and the CLI),
``store`` (saved scenarios). Import from here: this package re-exports the public API.
Money in 万元, rates as fractions, years 1..N. Formulas: docs/domain.md §5–§6.
"""

from .engine import (
    OBLIGATION_COLUMNS,
    OBLIGATION_LABELS,
    OUTLAY_COLUMNS,
    OUTLAY_LABELS,
    ScenarioResult,
    ScenarioSummary,
    YearRow,
    run_scenario,
)
from .errors import InputError
from .formulas import (
    PAYMENT_MODES,
    legacy_ppp_schedule,
    legacy_ppp_subsidy,
    level_annuity,
    normalize_payment_mode,
    present_value,
    safe_irr,
)
from .inputs import (
    BOND_COVERAGE_MIN,
    FRANCHISE_MODELS,
    FRANCHISE_TERM_MAX,
    GOV_PAY_LINE_SHARE,
    PRIVATE_CONTROL_MIN,
    PRIVATE_EQUITY_MIN,
    PROJECT_TYPES,
    RED_LINE_SHARE,
    RISK_NOTICE_SHARE,
    ABSTerms,
    CountyContext,
    FinancingShares,
    FranchiseTerms,
    LegacyPPPInputs,
    Phase,
    ScenarioInputs,
    SpecialBondTerms,
    SubsidizedLoanTerms,
    validate_county,
    validate_inputs,
    validate_legacy,
)
from .library import exclude_project, legacy_stream, library_payments
from .rules import RULE_IDS, RuleCheck, Verdict, check_legacy_rules, check_rules, verdict
from .scenario_io import (
    SCENARIO_FORMAT_DOC,
    SCENARIO_FORMAT_VERSION,
    ScenarioFile,
    main_scenario,
    run_scenario_dict,
    run_scenario_file,
    scenario_from_dict,
    scenario_to_dict,
)
from .sensitivity import DEFAULT_SENSITIVITY_KEYS, SENSITIVITY_KEYS, SENSITIVITY_METRICS, sensitivity

__all__ = [
    "BOND_COVERAGE_MIN", "DEFAULT_SENSITIVITY_KEYS", "FRANCHISE_MODELS", "FRANCHISE_TERM_MAX", "GOV_PAY_LINE_SHARE",
    "OBLIGATION_COLUMNS", "OBLIGATION_LABELS", "OUTLAY_COLUMNS", "OUTLAY_LABELS", "PAYMENT_MODES",
    "PRIVATE_CONTROL_MIN", "PRIVATE_EQUITY_MIN", "PROJECT_TYPES", "RED_LINE_SHARE", "RISK_NOTICE_SHARE",
    "SENSITIVITY_KEYS", "SENSITIVITY_METRICS",
    "ABSTerms", "CountyContext", "FinancingShares", "FranchiseTerms", "InputError", "LegacyPPPInputs",
    "Phase", "ScenarioInputs", "ScenarioResult", "ScenarioSummary", "SpecialBondTerms",
    "SubsidizedLoanTerms", "YearRow",
    "legacy_ppp_schedule", "legacy_ppp_subsidy", "level_annuity", "normalize_payment_mode", "present_value",
    "run_scenario", "safe_irr", "sensitivity", "validate_county", "validate_inputs", "validate_legacy",
    "exclude_project", "legacy_stream", "library_payments",
    "RULE_IDS", "RuleCheck", "Verdict", "check_legacy_rules", "check_rules", "verdict",
    "SCENARIO_FORMAT_DOC", "SCENARIO_FORMAT_VERSION", "ScenarioFile", "main_scenario",
    "run_scenario_dict", "run_scenario_file", "scenario_from_dict", "scenario_to_dict",
]
