"""Policy rule checks on a financing scenario (docs/domain.md §5), and the one verdict they add up to.

``check_rules(inputs, result=None, county=None)`` returns one ``RuleCheck`` per
rule, always in ``RULE_IDS`` order, so a dashboard can show a stable checklist.
A rule that cannot be evaluated (no county context, no franchise, no special
bond …) is returned with ``applicable=False`` and ``ok=True``.

``severity`` is the rule's weight when it fails: 'error' (not allowed) or
'warning' (needs attention).  Messages carry the numbers, in Chinese and English.
``verdict(checks)`` is the single sentence a page shows above the list; it never
disagrees with the list (it is computed from it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from governance.core.thresholds import RED_LINES

from .engine import ScenarioResult, run_scenario
from .errors import InputError
from .formulas import normalize_payment_mode
from .inputs import (
    BOND_COVERAGE_MIN,
    FRANCHISE_TERM_MAX,
    GOV_PAY_LINE_SHARE,
    LOAN_SUBSIDY_YEARS_MAX,
    PRIVATE_CONTROL_MIN,
    PRIVATE_EQUITY_MIN,
    RED_LINE_SHARE,
    RISK_NOTICE_SHARE,
    CountyContext,
    LegacyPPPInputs,
    ScenarioInputs,
    validate_county,
)

REF_115 = "国办函〔2023〕115号（规范实施政府和社会资本合作新机制）; domain.md §5c"
REF_FRANCHISE_2024 = "《基础设施和公用事业特许经营管理办法》(2024); domain.md §5c"
REF_21 = "财金〔2015〕21号; domain.md §5a"
REF_10 = "财金〔2019〕10号; domain.md §5a"
REF_5 = "财金〔2019〕10号、财金〔2022〕119号; domain.md §5a"
REF_HIDDEN_DEBT = "《预算法》第三十五条; 国发〔2014〕43号; domain.md §5c"
REF_BOND = "专项债“收益与融资自求平衡”; domain.md §5d"
REF_LOAN = "财金〔2022〕99号; domain.md §5f"
REF_VFM = "财金〔2015〕167号; domain.md §5b"
REF_ABS = "domain.md §5e"

RULE_IDS: tuple[str, ...] = (
    "no_government_payment",
    "no_viability_gap_subsidy",
    "no_guaranteed_return",
    "user_fee_basis",
    "subsidy_operations_only",
    "franchise_term_max_40",
    "private_equity_min_35",
    "no_hidden_debt",
    "special_bond_balance",
    "red_line_10pct",
    "risk_notice_7pct",
    "red_line_5pct_government_pay",
    "loan_subsidy_years_max_2",
    "abs_advance_capacity",
    "vfm_positive",
)
RED_LINE_RULES = ("red_line_10pct", "risk_notice_7pct", "red_line_5pct_government_pay")


@dataclass
class RuleCheck:
    rule_id: str
    ok: bool
    severity: str            # 'error' | 'warning'
    message_zh: str
    message_en: str
    reference: str
    applicable: bool = True
    # numbers behind the message (red lines: share_with, share_without, year_with, year_without, already_over)
    details: dict[str, Any] = field(default_factory=dict)


def _na(rule_id: str, severity: str, zh: str, en: str, ref: str) -> RuleCheck:
    return RuleCheck(rule_id, True, severity, zh, en, ref, applicable=False)


def _pct(x: float) -> str:
    return f"{x * 100:.2f}%"


def _wan(x: float) -> str:
    return f"{x:,.2f} 万元"


def check_rules(inputs: ScenarioInputs, result: ScenarioResult | None = None,
                county: CountyContext | None = None) -> list[RuleCheck]:
    """Evaluate every rule in ``RULE_IDS`` order.

    ``result`` defaults to ``run_scenario(inputs, county)``; if the inputs are
    invalid (``InputError``) the input-only rules are still evaluated and the
    result-based ones come back ``applicable=False``.
    """
    if county is None and result is not None:
        county = result.county
    input_error: InputError | None = None
    if result is None:
        try:
            result = run_scenario(inputs, county)
        except InputError as exc:
            input_error = exc
    sh = inputs.shares
    fr = inputs.franchise
    has_franchise = sh.franchise > 0
    checks: list[RuleCheck] = []
    not_run_zh = f"输入无效，未测算：{input_error}" if input_error else ""
    not_run_en = f"inputs invalid, not computed: {input_error}" if input_error else ""

    # --- 国办函〔2023〕115号: user-pay franchise only (domain.md §5c) -------------
    flags = (
        ("no_government_payment", fr.government_payment, "政府付费", "government payment (availability payment)"),
        ("no_viability_gap_subsidy", fr.viability_gap_subsidy, "可行性缺口补助", "viability-gap subsidy"),
        ("no_guaranteed_return", fr.guaranteed_return, "保底收益率", "guaranteed minimum return"),
    )
    for rule_id, flag, zh, en in flags:
        if not has_franchise:
            checks.append(_na(rule_id, "error", "无社会资本参与，不适用", "no social capital: not applicable", REF_115))
        elif flag:
            checks.append(RuleCheck(
                rule_id, False, "error",
                f"新建PPP项目只能采用使用者付费的特许经营模式，不得安排{zh}（社会资本占比 {_pct(sh.franchise)}）",
                f"New PPPs must be user-pay franchises: {en} is not allowed (social-capital share {_pct(sh.franchise)})",
                REF_115))
        else:
            checks.append(RuleCheck(
                rule_id, True, "error",
                f"未安排{zh}，符合使用者付费特许经营要求",
                f"no {en}: consistent with the user-pay franchise model", REF_115))

    # --- 收费基础: user fees must carry the franchise (domain.md §5c) -------------------
    checks.append(_user_fee_basis(inputs, result, (not_run_zh, not_run_en)))

    # --- operating subsidies never cover construction cost (domain.md §5c) -----------
    if result is None:
        checks.append(_na("subsidy_operations_only", "error", not_run_zh, not_run_en, REF_115))
    elif result.summary.total_operating_subsidy <= 0:
        checks.append(RuleCheck("subsidy_operations_only", True, "error",
                                "无运营补贴", "no operating subsidy", REF_115, applicable=has_franchise))
    else:
        construction = [r for r in result.rows if r.operating_subsidy > 1e-9 and r.operating_fraction <= 0]
        excess = [r for r in result.rows if r.operating_subsidy > r.operating_cost + 1e-9]
        if construction:
            r = construction[0]
            checks.append(RuleCheck(
                "subsidy_operations_only", False, "error",
                f"第 {r.year} 年尚未运营却安排运营补贴 {_wan(r.operating_subsidy)}，属建设成本补贴，不允许"
                f"（共 {len(construction)} 年）",
                f"Year {r.year}: operating subsidy of {r.operating_subsidy:,.2f} 万元 before operations start is a "
                f"construction subsidy, not allowed ({len(construction)} year(s))", REF_115))
        elif excess:
            r = max(excess, key=lambda x: x.operating_subsidy - x.operating_cost)
            checks.append(RuleCheck(
                "subsidy_operations_only", False, "error",
                f"第 {r.year} 年运营补贴 {_wan(r.operating_subsidy)} 超过当年运营成本 {_wan(r.operating_cost)}，"
                f"超出部分实为补贴建设成本（共 {len(excess)} 年超标）",
                f"Year {r.year}: operating subsidy {r.operating_subsidy:,.2f} 万元 exceeds that year's operating cost "
                f"{r.operating_cost:,.2f} 万元, so it subsidises construction ({len(excess)} year(s) over)", REF_115))
        else:
            peak = max(result.rows, key=lambda x: x.operating_subsidy)
            checks.append(RuleCheck(
                "subsidy_operations_only", True, "error",
                f"各年运营补贴均不超过当年运营成本（峰值第 {peak.year} 年 {_wan(peak.operating_subsidy)} ≤ "
                f"{_wan(peak.operating_cost)}），且建设期无补贴",
                f"operating subsidy never exceeds that year's operating cost (peak year {peak.year}: "
                f"{peak.operating_subsidy:,.2f} ≤ {peak.operating_cost:,.2f} 万元) and none before operations",
                REF_115))

    # --- franchise term ≤ 40 years (2024 特许经营办法) -------------------------------
    if not has_franchise:
        checks.append(_na("franchise_term_max_40", "error", "无特许经营，不适用", "no franchise: not applicable",
                          REF_FRANCHISE_2024))
    else:
        ok = fr.term <= FRANCHISE_TERM_MAX
        checks.append(RuleCheck(
            "franchise_term_max_40", ok, "error",
            f"特许经营期限 {fr.term} 年{'未超过' if ok else '超过'}上限 {FRANCHISE_TERM_MAX} 年",
            f"franchise term {fr.term} years is {'within' if ok else 'over'} the {FRANCHISE_TERM_MAX}-year limit",
            REF_FRANCHISE_2024))

    checks.append(_private_equity(inputs))
    checks.append(_hidden_debt(inputs))

    # --- special bonds must balance (coverage ≥ 1.1) --------------------------------
    if sh.special_bond <= 0:
        checks.append(_na("special_bond_balance", "error", "无专项债，不适用", "no special bond: not applicable", REF_BOND))
    elif result is None:
        checks.append(_na("special_bond_balance", "error", not_run_zh, not_run_en, REF_BOND))
    else:
        s = result.summary
        cov = s.bond_coverage if s.bond_coverage is not None else 0.0
        ok = cov >= BOND_COVERAGE_MIN - 1e-12
        checks.append(RuleCheck(
            "special_bond_balance", ok, "error",
            f"专项债存续期（第 {s.bond_first_year}–{s.bond_last_year} 年）项目净收益对本息覆盖倍数 {cov:.2f}，"
            f"{'达到' if ok else '低于'} {BOND_COVERAGE_MIN:.1f} 倍",
            f"special-bond coverage over its life (years {s.bond_first_year}–{s.bond_last_year}): "
            f"net income ÷ principal+interest = {cov:.2f}, {'meets' if ok else 'below'} {BOND_COVERAGE_MIN:.1f}",
            REF_BOND))

    # --- 10 % / 7 % / 5 % lines (domain.md §5a): the new project is a PPP only with a franchise; the 5 % line
    # only concerns a project that is itself government-pay (existing streams never trigger it)
    checks.extend(_red_line_checks(result, county, has_ppp=has_franchise,
                                   government_pay=has_franchise and fr.government_payment,
                                   not_run=(not_run_zh, not_run_en)))

    # --- 贴息 ≤ 2 years (domain.md §5f) ---------------------------------------------
    ln = inputs.subsidized_loan
    if sh.subsidized_loan <= 0:
        checks.append(_na("loan_subsidy_years_max_2", "warning", "无贴息贷款，不适用",
                          "no subsidised loan: not applicable", REF_LOAN))
    else:
        ok = ln.subsidy_years <= LOAN_SUBSIDY_YEARS_MAX
        checks.append(RuleCheck(
            "loan_subsidy_years_max_2", ok, "warning",
            f"贴息期限 {ln.subsidy_years} 年（贴息率 {_pct(ln.subsidy_rate)}，实际利率 "
            f"{_pct(ln.contract_rate - ln.subsidy_rate)}），{'未超过' if ok else '超过'}通常的 {LOAN_SUBSIDY_YEARS_MAX} 年",
            f"interest subsidy for {ln.subsidy_years} years (subsidy {_pct(ln.subsidy_rate)}, effective rate "
            f"{_pct(ln.contract_rate - ln.subsidy_rate)}) is {'within' if ok else 'over'} the usual "
            f"{LOAN_SUBSIDY_YEARS_MAX} years", REF_LOAN))

    # --- ABS on operating cash flow, sized by it (domain.md §5e) ------------------------
    if sh.abs <= 0:
        checks.append(_na("abs_advance_capacity", "warning", "无ABS，不适用", "no ABS: not applicable", REF_ABS))
    elif result is None:
        checks.append(_na("abs_advance_capacity", "warning", not_run_zh, not_run_en, REF_ABS))
    else:
        s = result.summary
        ok = s.abs_raised <= s.abs_capacity + 1e-6
        cov = f"{s.abs_coverage:.2f}" if s.abs_coverage is not None else "—"
        checks.append(RuleCheck(
            "abs_advance_capacity", ok, "warning",
            f"第 {s.abs_first_year} 年项目运营后发行ABS {_wan(s.abs_raised)}，{'未超过' if ok else '超过'}可融资额 "
            f"{_wan(s.abs_capacity)}（存续期经营现金流现值 × 融资比例 {_pct(inputs.abs.advance_rate)}），"
            f"经营净现金流对ABS本息覆盖 {cov} 倍",
            f"ABS of {s.abs_raised:,.2f} 万元 issued in year {s.abs_first_year}, once the asset operates, is "
            f"{'within' if ok else 'above'} the capacity of {s.abs_capacity:,.2f} 万元 (advance rate "
            f"{_pct(inputs.abs.advance_rate)} × PV of operating cash flow over its life); operating cash flow covers "
            f"its debt service {cov}×", REF_ABS,
            details={"abs_raised": s.abs_raised, "abs_capacity": s.abs_capacity, "abs_coverage": s.abs_coverage}))

    # --- VfM > 0 on the project alone (domain.md §5b) -----------------------------------
    if not has_franchise:
        checks.append(_na("vfm_positive", "warning", "无社会资本参与，不做物有所值评价",
                          "no social capital: VfM not assessed", REF_VFM))
    elif result is None:
        checks.append(_na("vfm_positive", "warning", not_run_zh, not_run_en, REF_VFM))
    else:
        s = result.summary
        ok = s.vfm_value > 0
        idx = f"{s.vfm_index:.2%}" if s.vfm_index is not None else "—"
        checks.append(RuleCheck(
            "vfm_positive", ok, "warning",
            f"本项目物有所值量值 {_wan(s.vfm_value)}（PSC {_wan(s.psc)}，PPP值 {_wan(s.ppp_value)}，指数 {idx}；"
            f"不含存量PPP支出），{'通过' if ok else '未通过'}定量评价",
            f"VfM of the project alone {s.vfm_value:,.2f} 万元 (PSC {s.psc:,.2f}, PPP {s.ppp_value:,.2f}, index "
            f"{idx}; existing PPP streams excluded): quantitative test {'passed' if ok else 'failed'}", REF_VFM))
    return checks


def _user_fee_basis(inputs: ScenarioInputs, result: ScenarioResult | None, not_run: tuple[str, str]) -> RuleCheck:
    """115号 收费基础 (domain.md §5c): over the franchise term the user fees cover the investment the franchisee
    bears and the operating costs with a return (PV at the franchise lending rate). A subsidy standing in for
    zero or token fees is government pay in disguise, whatever the declarations say."""
    rid = "user_fee_basis"
    if inputs.shares.franchise <= 0:
        return _na(rid, "error", "无特许经营，不适用", "no franchise: not applicable", REF_115)
    if result is None:
        return _na(rid, "error", *not_run, REF_115)
    s = result.summary
    fees, inv, opex = s.fee_basis_fees_pv or 0.0, s.fee_basis_investment_pv or 0.0, s.fee_basis_opex_pv or 0.0
    ratio = s.fee_basis_ratio if s.fee_basis_ratio is not None else 0.0
    ok = ratio >= 1.0 - 1e-12
    rate = _pct(s.fee_basis_rate or 0.0)
    term = inputs.franchise.term
    zh = (f"特许经营期 {term} 年内使用者付费现值 {_wan(fees)}，{'足以' if ok else '不足以'}覆盖社会资本方承担的投资 "
          f"{_wan(inv)} 与运营成本 {_wan(opex)}（按贷款利率 {rate} 折现，覆盖 {ratio:.2f} 倍）")
    en = (f"over the {term}-year franchise term, user fees worth {fees:,.2f} 万元 (PV at the {rate} lending rate) "
          f"{'cover' if ok else 'do not cover'} the franchisee's investment {inv:,.2f} 万元 and operating costs "
          f"{opex:,.2f} 万元 ({ratio:.2f}×)")
    if not ok:
        zh += "：缺乏真实的使用者付费基础，以补贴替代收费实为变相政府付费"
        en += ": no real user-pay basis; a subsidy standing in for fees is government pay in disguise"
    return RuleCheck(rid, ok, "error", zh, en, REF_115, details={"fee_basis_ratio": ratio})


def _private_equity(inputs: ScenarioInputs) -> RuleCheck:
    """115号 (domain.md §5c): 民营企业 share of the project company's equity — ≥ 35 % for strongly public
    projects, control (> 50 %) for weakly public ones. Not the capital ratio; 社会资本 (incl. SOEs) ≠ 民营企业."""
    rid = "private_equity_min_35"
    fr = inputs.franchise
    if inputs.shares.franchise <= 0:
        return _na(rid, "error", "无特许经营项目公司，不适用", "no franchise project company: not applicable", REF_115)
    share = fr.private_enterprise_equity_share
    if inputs.strongly_public:
        need_zh, need_en = f"不低于 {_pct(PRIVATE_EQUITY_MIN)}", f"at least {_pct(PRIVATE_EQUITY_MIN)}"
        what_zh, what_en = "公益性较强项目", "strongly public project"
    else:
        need_zh, need_en = f"超过 {_pct(PRIVATE_CONTROL_MIN)}（民营企业控股）", f"over {_pct(PRIVATE_CONTROL_MIN)} (private control)"
        what_zh, what_en = "公益性较弱、市场化程度较高项目", "weakly public, market-oriented project"
    if share is None:
        return RuleCheck(rid, False, "error",
                         f"未填写项目公司民营企业股权占比，无法判断{what_zh}是否符合{need_zh}的要求",
                         f"the private-enterprise (民营企业) share of the project company is not stated: the "
                         f"{what_en} requirement ({need_en}) cannot be checked", REF_115)
    ok = share >= PRIVATE_EQUITY_MIN - 1e-12 if inputs.strongly_public else share > PRIVATE_CONTROL_MIN + 1e-12
    return RuleCheck(
        rid, ok, "error",
        f"{what_zh}项目公司民营企业股权占比 {_pct(share)}，{'符合' if ok else '不符合'}{need_zh}的要求"
        f"（资本金比例 {_pct(fr.equity_share)} 另计）",
        f"{what_en}: private enterprises (民营企业) hold {_pct(share)} of the project company — "
        f"{'meets' if ok else 'fails'} the {need_en} requirement (capital ratio {_pct(fr.equity_share)} is separate)",
        REF_115, details={"private_enterprise_equity_share": share})


def _hidden_debt(inputs: ScenarioInputs) -> RuleCheck:
    """预算法 §35, 国发〔2014〕43号 (domain.md §5c): the budget may not repay a project's loan."""
    rid = "no_hidden_debt"
    ln = inputs.subsidized_loan
    if inputs.shares.subsidized_loan <= 0:
        return _na(rid, "error", "无项目贷款由预算偿还", "no project loan repaid by the budget", REF_HIDDEN_DEBT)
    if ln.government_repays:
        return RuleCheck(rid, False, "error",
                         f"由一般公共预算偿还项目贷款（占融资 {_pct(inputs.shares.subsidized_loan)}）形成隐性债务，"
                         f"违反《预算法》第三十五条及国发〔2014〕43号；财政只能安排贴息",
                         f"the budget repays the project's loan ({_pct(inputs.shares.subsidized_loan)} of the "
                         f"financing): hidden debt, against Budget Law art. 35 and Guofa [2014] 43; the budget may "
                         f"only pay the interest subsidy", REF_HIDDEN_DEBT)
    return RuleCheck(rid, True, "error", "贷款由项目收益偿还，财政仅安排贴息",
                     "the project repays its loan; the budget pays only the interest subsidy", REF_HIDDEN_DEBT)


def _red_line_checks(result: ScenarioResult | None, county: CountyContext | None, *, has_ppp: bool,
                     government_pay: bool, not_run: tuple[str, str] = ("", "")) -> list[RuleCheck]:
    """Red-line checks from a result's per-year obligation shares (domain.md §5a)."""
    refs = {"red_line_10pct": REF_21, "risk_notice_7pct": REF_10, "red_line_5pct_government_pay": REF_5}
    if county is None:
        return [_na(rid, "error" if rid != "risk_notice_7pct" else "warning",
                    "未提供地区财政数据，未测算财政承受能力", "no county budget context: fiscal affordability not computed",
                    refs[rid]) for rid in RED_LINE_RULES]
    if result is None:
        return [_na(rid, "error" if rid != "risk_notice_7pct" else "warning", *not_run, refs[rid])
                for rid in RED_LINE_RULES]
    rows = [(r.year, r.obligation_share_with, r.obligation_share_without, r.red_line_headroom) for r in result.rows]
    return red_line_checks_from_shares(rows, county, has_ppp=has_ppp, government_pay=government_pay)


def red_line_checks_from_shares(rows: list[tuple[int, float, float, float]], county: CountyContext, *,
                                has_ppp: bool, government_pay: bool,
                                year_label: tuple[str, str] = ("第 {y} 年", "year {y}")) -> list[RuleCheck]:
    """``rows`` = (year, share with project, share without, headroom) → the 10 %, 7 % and 5 % checks.

    ``has_ppp``: the project under test is a PPP (the 10 % line forbids it; otherwise the line is only a warning).
    ``government_pay``: the project is itself government-pay (the only case the 5 % line concerns).
    A county already over a line without the project is said so (``details["already_over"]``)."""
    label = county.name or county.code or "本级政府"
    label_en = county.name or county.code or "this government"
    yz, ye = year_label
    year_w, share_w, _, _ = max(rows, key=lambda x: x[1])
    year_wo, _, share_wo, _ = max(rows, key=lambda x: x[2])
    year_h, _, _, headroom = min(rows, key=lambda x: x[3])
    common = {"share_with": share_w, "year_with": year_w, "share_without": share_wo, "year_without": year_wo}
    out = []

    line = RED_LINES["no_new_ppp"]
    ok10 = share_w <= RED_LINE_SHARE + 1e-12
    before = share_wo > RED_LINE_SHARE + 1e-12
    sev10 = "error" if has_ppp else "warning"
    if before:
        zh = (f"{label} 不含本项目已超过10%红线（{yz.format(y=year_wo)} {_pct(share_wo)}），{line.forbids_zh}"
              f"；含本项目最高 {_pct(share_w)}（{yz.format(y=year_w)}）")
        en = (f"{label_en} is already over the 10 % red line without the project ({ye.format(y=year_wo)}: "
              f"{_pct(share_wo)}): {line.forbids_en}; with the project the peak is {_pct(share_w)} "
              f"({ye.format(y=year_w)})")
    else:
        zh = (f"{label} PPP支出责任占一般公共预算支出比例最高为{yz.format(y=year_w)} {_pct(share_w)}（不含本项目最高 "
              f"{_pct(share_wo)}，{yz.format(y=year_wo)}），{'未超过' if ok10 else '超过'} 10% 红线；最紧年份"
              f"{yz.format(y=year_h)}余量 {_wan(headroom)}" + ("" if ok10 or not has_ppp else f"，{line.forbids_zh}"))
        en = (f"{label_en}: PPP obligations peak at {_pct(share_w)} of general-budget expenditure in "
              f"{ye.format(y=year_w)} (without the project {_pct(share_wo)}, {ye.format(y=year_wo)}), "
              f"{'within' if ok10 else 'over'} the 10 % red line; tightest {ye.format(y=year_h)} headroom "
              f"{headroom:,.2f} 万元" + ("" if ok10 or not has_ppp else f"; {line.forbids_en}"))
    out.append(RuleCheck("red_line_10pct", ok10, sev10, zh, en, REF_21,
                         details={**common, "already_over": before, "headroom": headroom, "year_headroom": year_h}))

    notice = RED_LINES["risk_notice"]
    ok7 = share_w <= RISK_NOTICE_SHARE + 1e-12
    before7 = share_wo > RISK_NOTICE_SHARE + 1e-12
    out.append(RuleCheck(
        "risk_notice_7pct", ok7, "warning",
        f"{label} 支出责任占比最高 {_pct(share_w)}（{yz.format(y=year_w)}），"
        + ("未超过7%风险提示线" if ok7 else
           f"超过7%，{notice.forbids_zh}" + ("（不含本项目已超过）" if before7 else "")),
        f"{label_en}: obligations share peaks at {_pct(share_w)} ({ye.format(y=year_w)}), "
        + ("within the 7 % risk-notice level" if ok7 else
           f"over 7 %: {notice.forbids_en}" + (" (already without the project)" if before7 else "")),
        REF_10, details={**common, "already_over": before7}))

    gov = RED_LINES["no_new_government_pay"]
    before5 = share_wo > GOV_PAY_LINE_SHARE + 1e-12
    if not government_pay:
        out.append(RuleCheck(
            "red_line_5pct_government_pay", True, "error",
            f"本项目不是政府付费项目，不受5%限制（最高占比 {_pct(share_w)}）",
            f"the project is not government-pay: the 5 % line does not apply (peak share {_pct(share_w)})",
            REF_5, applicable=False, details={**common, "already_over": before5}))
    else:
        ok5 = share_w <= GOV_PAY_LINE_SHARE + 1e-12
        out.append(RuleCheck(
            "red_line_5pct_government_pay", ok5, "error",
            f"{label} 支出责任占比最高 {_pct(share_w)}（{yz.format(y=year_w)}），"
            + ("未超过5%，可安排政府付费项目" if ok5 else
               f"超过5%，{gov.forbids_zh}" + (f"（不含本项目已达 {_pct(share_wo)}）" if before5 else "")),
            f"{label_en}: obligations share peaks at {_pct(share_w)} ({ye.format(y=year_w)}), "
            + ("within 5 %: government-pay projects allowed" if ok5 else
               f"over 5 %: {gov.forbids_en}" + (f" (already {_pct(share_wo)} without the project)" if before5 else "")),
            REF_5, details={**common, "already_over": before5}))
    return out


def check_legacy_rules(legacy: LegacyPPPInputs, county: CountyContext | None) -> list[RuleCheck]:
    """Red-line checks for a stand-alone 21号 payment stream — the stream is the project under test (domain.md
    §5a worked example: (8 + 1.3271)/120 = 7.77 % — under 10 %, over 7 % and 5 %). Years are the stream's own
    subsidy years n (the county's budget year of n is start_year + n − 1)."""
    if county is None:
        return _red_line_checks(None, None, has_ppp=True, government_pay=False)
    validate_county(county)
    rows = []
    for item in legacy.schedule():
        n = int(item["year"])
        y = legacy.start_year + n - 1
        gpb, existing = county.gpb(y), county.existing(y)
        ob = item["operating_subsidy"]
        rows.append((n, (existing + ob) / gpb, existing / gpb, RED_LINE_SHARE * gpb - existing - ob))
    gov_pay = normalize_payment_mode(legacy.payment_mode) == "government_pay"
    return red_line_checks_from_shares(rows, county, has_ppp=True, government_pay=gov_pay,
                                       year_label=("补贴第 {y} 年", "subsidy year {y}"))


# --------------------------------------------------------------------------
# The verdict
# --------------------------------------------------------------------------
@dataclass
class Verdict:
    status: str              # 'pass' | 'warn' | 'fail' | 'blocked' (the county is over a line without the project)
    ok: bool                 # no error-severity rule fails
    message_zh: str
    message_en: str
    errors: list[str] = field(default_factory=list)    # rule_ids of failing error rules
    warnings: list[str] = field(default_factory=list)  # rule_ids of failing warning rules

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


def verdict(checks: Iterable[RuleCheck], county_name: str = "") -> Verdict:
    """The one verdict of a rule list. When the county is over a line without the project and that line forbids
    this project, the verdict says so and what the line forbids; otherwise it counts failing errors/warnings."""
    checks = list(checks)
    errors = [c for c in checks if c.applicable and not c.ok and c.severity == "error"]
    warnings = [c for c in checks if c.applicable and not c.ok and c.severity == "warning"]
    err_ids, warn_ids = [c.rule_id for c in errors], [c.rule_id for c in warnings]
    name = county_name or "本地区"
    name_en = county_name or "the county"
    for c, key, over_zh, over_en in (
            (next((c for c in errors if c.rule_id == "red_line_10pct"), None), "no_new_ppp",
             "已超过10%红线", "over the 10% red line"),
            (next((c for c in errors if c.rule_id == "red_line_5pct_government_pay"), None), "no_new_government_pay",
             "已超过5%", "over 5%")):
        if c is not None and c.details.get("already_over"):
            line = RED_LINES[key]
            share = _pct(c.details["share_without"])
            more_zh = f"；另有 {len(errors) - 1} 项不符合" if len(errors) > 1 else ""
            more_en = f"; {len(errors) - 1} more rule(s) fail" if len(errors) > 1 else ""
            return Verdict("blocked", False,
                           f"✗ {name}不含本项目的PPP支出责任占比已达 {share}，{over_zh}，{line.forbids_zh}{more_zh}",
                           f"✗ {name_en} is at {share} without the project, {over_en}: {line.forbids_en}{more_en}",
                           err_ids, warn_ids)
    if errors:
        return Verdict("fail", False, f"✗ 不符合：{len(errors)} 项规则未通过", f"✗ Not compliant: {len(errors)} rule(s) fail",
                       err_ids, warn_ids)
    if warnings:
        return Verdict("warn", True, f"✓ 符合强制性规则，另有 {len(warnings)} 项提示需关注",
                       f"✓ Compliant with the binding rules; {len(warnings)} warning(s) to review", err_ids, warn_ids)
    return Verdict("pass", True, "✓ 符合 2023 年新机制与财政承受能力红线要求",
                   "✓ Compliant with the 2023 mechanism and the fiscal red lines", err_ids, warn_ids)
