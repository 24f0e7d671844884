"""Policy rule checks on a financing scenario (domain.md §5).

``check_rules(inputs, result=None, county=None)`` returns one ``RuleCheck`` per
rule, always in the same order, so a dashboard can show a stable checklist.
A rule that cannot be evaluated (no county context, no franchise, no special
bond …) is returned with ``applicable=False`` and ``ok=True``.

``severity`` is the rule's weight when it fails: 'error' (not allowed) or
'warning' (needs attention).  Messages carry the numbers, in Chinese and English.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import (
    BOND_COVERAGE_MIN,
    FRANCHISE_TERM_MAX,
    GOV_PAY_LINE_SHARE,
    LOAN_SUBSIDY_YEARS_MAX,
    PRIVATE_EQUITY_MIN,
    RED_LINE_SHARE,
    CountyContext,
    InputError,
    LegacyPPPInputs,
    ScenarioInputs,
    ScenarioResult,
    normalize_payment_mode,
    run_scenario,
    validate_county,
)

REF_115 = "国办函〔2023〕115号（规范实施政府和社会资本合作新机制）; domain.md §5c"
REF_FRANCHISE_2024 = "《基础设施和公用事业特许经营管理办法》(2024); domain.md §5c"
REF_21 = "财金〔2015〕21号; domain.md §5a"
REF_BOND = "专项债“收益与融资自求平衡”; domain.md §5d"
REF_LOAN = "财金〔2022〕99号; domain.md §5f"
REF_VFM = "财金〔2015〕167号; domain.md §5b"
REF_ABS = "domain.md §5e"

RULE_IDS: tuple[str, ...] = (
    "no_government_payment",
    "no_viability_gap_subsidy",
    "no_guaranteed_return",
    "subsidy_operations_only",
    "franchise_term_max_40",
    "private_equity_min_35",
    "special_bond_balance",
    "red_line_10pct",
    "red_line_5pct_government_pay",
    "loan_subsidy_years_max_2",
    "abs_advance_capacity",
    "vfm_positive",
)


@dataclass
class RuleCheck:
    rule_id: str
    ok: bool
    severity: str            # 'error' | 'warning'
    message_zh: str
    message_en: str
    reference: str
    applicable: bool = True


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

    # --- private equity ≥ 35 % where strongly public -------------------------------
    if not has_franchise or not inputs.strongly_public:
        checks.append(_na("private_equity_min_35", "error",
                          "无社会资本或非强公益性项目，不适用",
                          "no social capital or not strongly public: not applicable", REF_115))
    else:
        ok = fr.equity_share >= PRIVATE_EQUITY_MIN - 1e-12
        checks.append(RuleCheck(
            "private_equity_min_35", ok, "error",
            f"公益性较强项目社会资本方股权（资本金）比例为 {_pct(fr.equity_share)}，"
            f"{'达到' if ok else '低于'}最低 {_pct(PRIVATE_EQUITY_MIN)}",
            f"private equity share {_pct(fr.equity_share)} is {'at or above' if ok else 'below'} the "
            f"{_pct(PRIVATE_EQUITY_MIN)} minimum for strongly public projects", REF_115))

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

    # --- 10 % / 5 % red lines (domain.md §5a) ---------------------------------------
    gov_pay = has_franchise and fr.government_payment
    if inputs.legacy_ppp is not None:
        try:
            gov_pay = gov_pay or normalize_payment_mode(inputs.legacy_ppp.payment_mode) == "government_pay"
        except InputError:
            pass
    checks.extend(_red_line_checks(result, county, has_ppp=has_franchise or inputs.legacy_ppp is not None,
                                   government_pay=gov_pay, not_run=(not_run_zh, not_run_en)))

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

    # --- ABS capacity (domain.md §5e) ----------------------------------------------
    if sh.abs <= 0:
        checks.append(_na("abs_advance_capacity", "warning", "无ABS，不适用", "no ABS: not applicable", REF_ABS))
    elif result is None:
        checks.append(_na("abs_advance_capacity", "warning", not_run_zh, not_run_en, REF_ABS))
    else:
        s = result.summary
        ok = s.abs_raised <= s.abs_capacity + 1e-6
        checks.append(RuleCheck(
            "abs_advance_capacity", ok, "warning",
            f"ABS融资 {_wan(s.abs_raised)}，{'未超过' if ok else '超过'}可融资额 {_wan(s.abs_capacity)}"
            f"（未来经营现金流现值 × 融资比例 {_pct(inputs.abs.advance_rate)}）",
            f"ABS raised {s.abs_raised:,.2f} 万元 is {'within' if ok else 'above'} the capacity of "
            f"{s.abs_capacity:,.2f} 万元 (advance rate {_pct(inputs.abs.advance_rate)} × PV of operating cash flow)",
            REF_ABS))

    # --- VfM > 0 (domain.md §5b) ------------------------------------------------------
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
            f"物有所值量值 {_wan(s.vfm_value)}（PSC {_wan(s.psc)}，PPP值 {_wan(s.ppp_value)}，指数 {idx}），"
            f"{'通过' if ok else '未通过'}定量评价",
            f"VfM value {s.vfm_value:,.2f} 万元 (PSC {s.psc:,.2f}, PPP {s.ppp_value:,.2f}, index {idx}): "
            f"quantitative test {'passed' if ok else 'failed'}", REF_VFM))
    return checks


def _red_line_checks(result: ScenarioResult | None, county: CountyContext | None, *, has_ppp: bool,
                     government_pay: bool, not_run: tuple[str, str] = ("", "")) -> list[RuleCheck]:
    """Red-line checks from a result's per-year obligation shares (domain.md §5a)."""
    if county is None:
        return [
            _na("red_line_10pct", "error", "未提供地区财政数据，未测算10%红线",
                "no county budget context: 10 % red line not computed", REF_21),
            _na("red_line_5pct_government_pay", "error", "未提供地区财政数据，未测算5%政府付费限制",
                "no county budget context: 5 % government-pay line not computed", REF_21),
        ]
    if result is None:
        return [_na("red_line_10pct", "error", *not_run, REF_21),
                _na("red_line_5pct_government_pay", "error", *not_run, REF_21)]
    rows = [(r.year, r.obligation_share_with, r.obligation_share_without, r.red_line_headroom) for r in result.rows]
    return red_line_checks_from_shares(rows, county, has_ppp=has_ppp, government_pay=government_pay)


def red_line_checks_from_shares(rows: list[tuple[int, float, float, float]], county: CountyContext, *,
                                has_ppp: bool, government_pay: bool) -> list[RuleCheck]:
    """``rows`` = (year, share with project, share without, headroom)."""
    label = county.name or county.code or "本级政府"
    label_en = county.name or county.code or "this government"
    year_w, share_w, _, _ = max(rows, key=lambda x: x[1])
    year_wo, _, share_wo, _ = max(rows, key=lambda x: x[2])
    year_h, _, _, headroom = min(rows, key=lambda x: x[3])
    ok10 = share_w <= RED_LINE_SHARE + 1e-12
    sev10 = "error" if has_ppp else "warning"
    out = [RuleCheck(
        "red_line_10pct", ok10, sev10,
        f"{label} PPP支出责任占一般公共预算支出比例最高为第 {year_w} 年 {_pct(share_w)}（不含本项目最高 "
        f"{_pct(share_wo)}，第 {year_wo} 年），{'未超过' if ok10 else '超过'} 10% 红线；最紧年份第 {year_h} 年余量 "
        f"{_wan(headroom)}" + ("" if ok10 or not has_ppp else "，不得新上PPP项目"),
        f"{label_en}: PPP obligations peak at {_pct(share_w)} of general-budget expenditure in year {year_w} "
        f"(without the project {_pct(share_wo)}, year {year_wo}), {'within' if ok10 else 'over'} the 10 % red line; "
        f"tightest year {year_h} headroom {headroom:,.2f} 万元"
        + ("" if ok10 or not has_ppp else "; no new PPP projects allowed"),
        REF_21)]
    if not government_pay:
        out.append(RuleCheck(
            "red_line_5pct_government_pay", True, "error",
            f"非政府付费项目，不受5%限制（最高占比 {_pct(share_w)}）",
            f"not a government-pay project: the 5 % line does not apply (peak share {_pct(share_w)})",
            REF_21, applicable=False))
    else:
        ok5 = share_w <= GOV_PAY_LINE_SHARE + 1e-12
        out.append(RuleCheck(
            "red_line_5pct_government_pay", ok5, "error",
            f"{label} 支出责任占比最高 {_pct(share_w)}（第 {year_w} 年），"
            + ("未超过5%，可安排政府付费项目" if ok5 else "超过5%，不得新上政府付费项目"),
            f"{label_en}: obligations share peaks at {_pct(share_w)} (year {year_w}), "
            + ("within 5 %: government-pay projects allowed" if ok5
               else "over 5 %: no new government-pay projects"),
            REF_21))
    return out


def check_legacy_rules(legacy: LegacyPPPInputs, county: CountyContext | None) -> list[RuleCheck]:
    """Red-line checks for a stand-alone 21号 payment stream (domain.md §5a worked
    example: (8 + 1.3271)/120 = 7.77 % — under 10 % but over 5 %)."""
    if county is None:
        return _red_line_checks(None, None, has_ppp=True, government_pay=False)
    validate_county(county)
    rows = []
    schedule = legacy.schedule()
    for item in schedule:
        y = legacy.start_year + item["year"] - 1
        gpb, existing = county.gpb(y), county.existing(y)
        ob = item["operating_subsidy"]
        rows.append((y, (existing + ob) / gpb, existing / gpb, RED_LINE_SHARE * gpb - existing - ob))
    gov_pay = normalize_payment_mode(legacy.payment_mode) == "government_pay"
    return red_line_checks_from_shares(rows, county, has_ppp=True, government_pay=gov_pay)
