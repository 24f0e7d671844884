"""Starting points of a scenario: the blank template, or an existing project of the county's library
(``queries/county_projects.sql``) turned into prefilled ``ScenarioInputs`` — investment, programme → project type,
financing model → mix — or, for an existing PPP, its remaining payments as a 财金〔2015〕21号 stream.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from governance.core.finance import FRANCHISE_TERM_MAX, FinancingShares, LegacyPPPInputs, ScenarioInputs
from governance.core.finance.county import as_float, as_int, payment_of
from governance.core.finance.library import LIBRARY_21HAO_MODELS, legacy_stream

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


def blank_inputs() -> ScenarioInputs:
    """The blank template (an elderly-care centre, 1 亿元, 20 % budget + 80 % special bond)."""
    return ScenarioInputs()


def round_share(x: float, step: float = 0.05) -> float:
    return round(round(x / step) * step, 4)


def horizon_for(inputs: ScenarioInputs) -> int:
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
    """The 财金〔2015〕21号 stream of an existing PPP's payments still due from ``first_year`` on (n restarts at 1),
    reproducing exactly what the county's budget rows include (``library.legacy_stream``; docs/domain.md §5a), so
    that taking the project out of the obligations and adding this stream back counts it once.
    None when the project has no payment left in or after ``first_year``."""
    return legacy_stream({**project, "model": project.get("model") or LIBRARY_21HAO_MODELS[0]}, first_year)


def inputs_from_project(project: Mapping[str, Any], first_year: int) -> tuple[ScenarioInputs, str]:
    """Prefilled inputs from a ``county_projects`` row and the i18n key of a note on how they were derived.

    政府直投 → 100 % budget; 专项债 → 80 % special bond + 20 % budget (资本金), tenor = the project's term;
    贴息贷款 → 70 % loan + 30 % budget; ABS → 50 % ABS + 50 % budget; PPP-使用者付费 / BOT → franchise share =
    social capital ÷ investment (5 % steps), the rest budget (construction-period support), term = the project's
    term (≤ 40), any recorded yearly payment as the operating subsidy; 存量PPP-可行性缺口补助 → its remaining
    payments as the ``legacy_ppp`` (21号) stream beside a blank new project of the same type.
    User fees and opex are estimates (9 % and 3 % of the investment a year) — edit them.
    """
    inv = max(as_float(project.get("total_investment")), 1.0)
    model = str(project.get("model") or "")
    term = as_int(project.get("term_years")) or 20
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
        social = min(max(as_float(project.get("social_capital")) / inv, 0.05), 1.0)
        fr = round_share(social)
        fr = min(max(fr, 0.05), 1.0)
        inp.shares = FinancingShares(budget=round(1.0 - fr, 4), special_bond=0.0, franchise=fr)
        inp.franchise.model = "BOT"
        inp.franchise.term = min(max(term, inp.construction_years + 1), FRANCHISE_TERM_MAX)
        operating_years = inp.franchise.term - inp.construction_years + 1
        inp.franchise.debt_tenor = max(min(inp.franchise.debt_tenor, operating_years), 1)
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
    inp.horizon_years = horizon_for(inp)
    return inp, note


def exclusion_for(project: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The project to take out of the county's existing obligations when the scenario starts from it: one with a
    recorded yearly payment (already inside ``ppp_obligations``, now modelled explicitly), else None."""
    return project if payment_of(project)[0] > 0 else None
