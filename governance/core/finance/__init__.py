"""Financing scenario model for grassroots-governance projects (pure Python).

No Streamlit or DuckDB here: pages call these functions with plain numbers.
Money in 万元, rates as fractions, years 1..N.  Formulas: /work/shared/domain.md §5–§6.
"""

from .model import (
    BOND_COVERAGE_MIN,
    DEFAULT_SENSITIVITY_KEYS,
    FRANCHISE_TERM_MAX,
    GOV_PAY_LINE_SHARE,
    OUTLAY_COLUMNS,
    OUTLAY_LABELS,
    PAYMENT_MODES,
    PRIVATE_EQUITY_MIN,
    PROJECT_TYPES,
    RED_LINE_SHARE,
    SENSITIVITY_KEYS,
    SENSITIVITY_METRICS,
    ABSTerms,
    CountyContext,
    FinancingShares,
    FranchiseTerms,
    InputError,
    LegacyPPPInputs,
    Phase,
    ScenarioInputs,
    ScenarioResult,
    ScenarioSummary,
    SpecialBondTerms,
    SubsidizedLoanTerms,
    YearRow,
    legacy_ppp_schedule,
    legacy_ppp_subsidy,
    level_annuity,
    present_value,
    run_scenario,
    safe_irr,
    sensitivity,
    validate_county,
    validate_inputs,
    validate_legacy,
)
from .rules import RULE_IDS, RuleCheck, check_legacy_rules, check_rules
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

__all__ = [
    "BOND_COVERAGE_MIN", "DEFAULT_SENSITIVITY_KEYS", "FRANCHISE_TERM_MAX", "GOV_PAY_LINE_SHARE",
    "OUTLAY_COLUMNS", "OUTLAY_LABELS", "PAYMENT_MODES", "PRIVATE_EQUITY_MIN", "PROJECT_TYPES",
    "RED_LINE_SHARE", "SENSITIVITY_KEYS", "SENSITIVITY_METRICS",
    "ABSTerms", "CountyContext", "FinancingShares", "FranchiseTerms", "InputError", "LegacyPPPInputs",
    "Phase", "ScenarioInputs", "ScenarioResult", "ScenarioSummary", "SpecialBondTerms",
    "SubsidizedLoanTerms", "YearRow",
    "legacy_ppp_schedule", "legacy_ppp_subsidy", "level_annuity", "present_value", "run_scenario",
    "safe_irr", "sensitivity", "validate_county", "validate_inputs", "validate_legacy",
    "RULE_IDS", "RuleCheck", "check_legacy_rules", "check_rules",
    "SCENARIO_FORMAT_DOC", "SCENARIO_FORMAT_VERSION", "ScenarioFile", "main_scenario",
    "run_scenario_dict", "run_scenario_file", "scenario_from_dict", "scenario_to_dict",
]
