"""Targets and red lines: one table of every number a value is judged against, each with its source.

* ``TARGETS``: KPI targets and their red/amber/green thresholds (for higher-is-better KPIs green means value ≥ green,
  amber value ≥ amber; for lower-is-better the comparisons flip), plus the limits of project monitoring.
  ``governance.core.indicators.kpis`` (``kpi_target``, ``kpi_status``, ``fmt_kpi``) judges values against them.
* ``RED_LINES``: the PPP fiscal-affordability lines (docs/domain.md §5a).
* SQL reads the same numbers as bound parameters: ``sql_parameters()`` (``$<kpi>_target``, ``$<red line>_share``),
  supplied by the query runner to every query that names them — never a literal in SQL.

Sources cite docs/domain.md sections; [E] marks an estimate (fine for fictional data).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class RedLine:
    """A fiscal-affordability line on PPP obligations ÷ general public budget expenditure (domain.md §5a)."""

    key: str
    share: float  # fraction (0.10 = 10 %)
    forbids_zh: str  # what crossing it means, for messages
    forbids_en: str
    source: str

    @property
    def pct(self) -> float:
        return round(100.0 * self.share, 6)


# domain.md §5a — the one table of the PPP red lines; Python, SQL parameters (``sql_parameters``), alert rules and
# every colour of an obligations share read it. There is no 8 % level in these documents.
RED_LINES: dict[str, RedLine] = {r.key: r for r in (
    RedLine("no_new_ppp", 0.10, "不得新上PPP项目", "no new PPP projects",
            "财金〔2015〕21号 (≤10% every year); 财金〔2019〕10号 (no new project enters the library above 10%)"),
    RedLine("risk_notice", 0.07, "财政承受能力风险提示", "fiscal-affordability risk notice",
            "财金〔2019〕10号 (risk notice above 7%)"),
    RedLine("no_new_government_pay", 0.05, "不得新上政府付费项目", "no new government-pay projects",
            "财金〔2019〕10号; 财金〔2022〕119号 (above 5%: no new government-pay project)"),
)}
RED_LINE_BANDS = ("green", "amber", "red")  # ≤ 7 %, 7–10 %, > 10 %: one colour scheme for every obligations share


def red_line_band(share: float | None) -> str:
    """'green' (≤ risk notice), 'amber' (risk notice < share ≤ red line), 'red' (over the red line), 'none'."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "none"
    if share > RED_LINES["no_new_ppp"].share + 1e-12:
        return "red"
    if share > RED_LINES["risk_notice"].share + 1e-12:
        return "amber"
    return "green"


def red_line_status(share: float | None) -> str:
    """'over_10' | 'over_7' | 'over_5' | 'ok' (| 'none'): which line a share is over (same cuts as
    ``queries/obligations_by_county_year.sql``'s ``red_line_status``)."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "none"
    for key, status in (("no_new_ppp", "over_10"), ("risk_notice", "over_7"), ("no_new_government_pay", "over_5")):
        if share > RED_LINES[key].share + 1e-12:
            return status
    return "ok"


RED_LINE_STATUS_BAND = {"over_10": "red", "over_7": "amber", "over_5": "green", "ok": "green", "none": "none"}


def sql_parameters() -> dict[str, float]:
    """The red lines and targets as bound SQL parameters ($no_new_ppp_share, $risk_notice_share,
    $no_new_government_pay_share; $<kpi>_target of every TARGETS entry, e.g. $key_milestone_delay_days_target);
    the query runner supplies them to every query that uses them."""
    return {**{f"{key}_share": r.share for key, r in RED_LINES.items()},
            **{f"{kpi}_target": tg.target for kpi, tg in TARGETS.items()}}


def named_threshold(name: str) -> float:
    """A red line by name, in percent (``risk_notice`` → 7.0), or a target by its KPI key
    (``key_milestone_delay_days`` → 90.0): lets data files (alert rules) refer to the table."""
    key = name.strip()
    if key in RED_LINES:
        return RED_LINES[key].pct
    if key in TARGETS:
        return TARGETS[key].target
    raise ValueError(f"{name!r} is neither a number, a red line ({', '.join(RED_LINES)}) nor a target") from None


@dataclass(frozen=True)
class Target:
    kpi: str  # column of queries/kpis_by_region.sql
    target: float  # the value shown as "目标"
    green: float
    amber: float
    higher_is_better: bool
    unit: str  # '%', '‰', 'count', 'minutes', 'days' …
    source: str  # where the number comes from


TARGETS: dict[str, Target] = {t.kpi: t for t in (
    # docs/domain.md §3: 全要素网格 aims at full coverage; [E] amber from 95 %
    Target("grid_coverage_pct", 100.0, 99.0, 95.0, True, "%", "docs/domain.md §3 全覆盖 [E]"),
    # docs/domain.md §3 benchmarks: closure 98.5 % (苏州微城管), 99.7 % (杨舍镇); fictional range 92–99 %
    Target("closure_pct", 97.0, 97.0, 94.0, True, "%", "docs/domain.md §3 benchmarks 98.5–99.7 %"),
    Target("on_time_pct", 95.0, 95.0, 90.0, True, "%", "docs/domain.md §3 fictional range 92–99 % [E]"),
    Target("event_satisfaction_pct", 95.0, 95.0, 92.0, True, "%", "docs/domain.md §3 溧阳 94.58 %, 苏州 99.3 %"),
    Target("response_minutes", 30.0, 30.0, 60.0, False, "minutes",
           "docs/domain.md §3 first response 10 min–2 h [E]"),
    Target("close_days", 2.0, 2.0, 3.5, False, "days", "docs/domain.md §3 closure 1–5 days [E]"),
    Target("party_branch_pct", 90.0, 90.0, 75.0, True, "%", "[E] party branch on every grid"),
    Target("smart_grid_pct", 95.0, 95.0, 85.0, True, "%", "docs/domain.md §3 一网、一台、一终端 [E]"),
    # funds: executed ÷ budget; in-year the target is pro-rated to the month reached (see fund_execution_target)
    Target("fund_execution_pct", 90.0, 90.0, 75.0, True, "%", "[E] budget-execution practice"),
    Target("social_capital_pct", 20.0, 20.0, 12.0, True, "%", "[E] diversification goal of the brief"),
    # project monitoring: a key milestone more than a quarter late is flagged (red), a month late is watched (amber);
    # a third-party performance score below the pass mark counts as low (the 60-point pass mark of the VfM
    # qualitative test, docs/domain.md §5b)
    Target("key_milestone_delay_days", 90.0, 30.0, 90.0, False, "days", "[E] a quarter late; watched from a month"),
    Target("performance_score", 60.0, 60.0, 60.0, True, "points", "docs/domain.md §5b ≥60 points passes [E]"),
    # docs/domain.md §4: beds per 1,000 elderly 35–40 (earlier national target); nursing-bed share ≥55 % by 2025
    Target("beds_per_1000_elderly", 35.0, 35.0, 30.0, True, "‰", "docs/domain.md §4 national target 35–40"),
    Target("nursing_bed_pct", 60.0, 60.0, 55.0, True, "%", "docs/domain.md §4 ≥55 % national, Jiangsu 60–70 % [E]"),
    Target("occupancy_pct", 70.0, 70.0, 55.0, True, "%", "[E]"),
    Target("street_centre_pct", 100.0, 90.0, 70.0, True, "%", "docs/domain.md §4 street comprehensive centres [E]"),
    Target("meal_points_per_community", 0.5, 0.5, 0.33, True, "count",
           "docs/domain.md §4 one point per 1–3 communities [E]"),
    Target("elderly_satisfaction_pct", 95.0, 95.0, 90.0, True, "%", "docs/domain.md §4 satisfaction 90–98 % [E]"),
    # docs/domain.md §4: a 助餐点 serves 60–120 meals a day [E]; amber from 40
    Target("meals_per_point_day", 60.0, 60.0, 40.0, True, "count", "docs/domain.md §4 助餐点 60–120 meals/day [E]"),
    # docs/domain.md §7: qualifying compounds participation ≥80 %, accuracy ≥80 %
    Target("waste_participation_pct", 80.0, 80.0, 70.0, True, "%", "docs/domain.md §7 standard ≥80 %"),
    Target("waste_accuracy_pct", 80.0, 80.0, 65.0, True, "%", "docs/domain.md §7 standard ≥80 %"),
    Target("council_adoption_pct", 70.0, 70.0, 55.0, True, "%", "[E]"),
    # domain.md §5a, the RED_LINES table: green ≤ 7 % (risk notice), amber to 10 %, red over the 10 % red line
    Target("obligation_pct", RED_LINES["no_new_ppp"].pct, RED_LINES["risk_notice"].pct, RED_LINES["no_new_ppp"].pct,
           False, "%", "domain.md §5a: 财金〔2015〕21号 10 % red line; 财金〔2019〕10号 7 % risk notice"),
)}


def fund_execution_target(as_of_month: int | None) -> float:
    """In-year execution target pro-rated to the month reached (90 % of the year's budget by December)."""
    m = 12 if not as_of_month or as_of_month >= 12 else int(as_of_month)
    return TARGETS["fund_execution_pct"].target * m / 12
