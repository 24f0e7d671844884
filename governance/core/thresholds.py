"""KPI targets and red/amber/green thresholds, each with where it comes from (domain.md sections).

`status(kpi, value)` -> 'green' | 'amber' | 'red' | 'none'. For higher-is-better KPIs green means value ≥ green,
amber value ≥ amber; for lower-is-better the comparisons flip. [E] marks an estimate (fine for fictional data).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


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
    # domain.md §3: 全要素网格 aims at full coverage; [E] amber from 95 %
    Target("grid_coverage_pct", 100.0, 99.0, 95.0, True, "%", "domain.md §3 全覆盖 [E]"),
    # domain.md §3 benchmarks: closure 98.5 % (苏州微城管), 99.7 % (杨舍镇); fictional range 92–99 %
    Target("closure_pct", 97.0, 97.0, 94.0, True, "%", "domain.md §3 benchmarks 98.5–99.7 %"),
    Target("on_time_pct", 95.0, 95.0, 90.0, True, "%", "domain.md §3 fictional range 92–99 % [E]"),
    Target("event_satisfaction_pct", 95.0, 95.0, 92.0, True, "%", "domain.md §3 溧阳 94.58 %, 苏州 99.3 %"),
    Target("response_minutes", 30.0, 30.0, 60.0, False, "minutes", "domain.md §3 first response 10 min–2 h [E]"),
    Target("close_days", 2.0, 2.0, 3.5, False, "days", "domain.md §3 closure 1–5 days [E]"),
    Target("party_branch_pct", 90.0, 90.0, 75.0, True, "%", "[E] party branch on every grid"),
    Target("smart_grid_pct", 95.0, 95.0, 85.0, True, "%", "domain.md §3 一网、一台、一终端 [E]"),
    # funds: executed ÷ budget; in-year the target is pro-rated to the month reached (see fund_execution_target)
    Target("fund_execution_pct", 90.0, 90.0, 75.0, True, "%", "[E] budget-execution practice"),
    Target("social_capital_pct", 20.0, 20.0, 12.0, True, "%", "[E] diversification goal of the brief"),
    # domain.md §4: beds per 1,000 elderly 35–40 (earlier national target); nursing-bed share ≥55 % by 2025
    Target("beds_per_1000_elderly", 35.0, 35.0, 30.0, True, "‰", "domain.md §4 national target 35–40"),
    Target("nursing_bed_pct", 60.0, 60.0, 55.0, True, "%", "domain.md §4 ≥55 % national, Jiangsu 60–70 % [E]"),
    Target("occupancy_pct", 70.0, 70.0, 55.0, True, "%", "[E]"),
    Target("street_centre_pct", 100.0, 90.0, 70.0, True, "%", "domain.md §4 street comprehensive centres [E]"),
    Target("meal_points_per_community", 0.5, 0.5, 0.33, True, "count", "domain.md §4 one point per 1–3 communities [E]"),
    Target("elderly_satisfaction_pct", 95.0, 95.0, 90.0, True, "%", "domain.md §4 satisfaction 90–98 % [E]"),
    # domain.md §7: qualifying compounds participation ≥80 %, accuracy ≥80 %
    Target("waste_participation_pct", 80.0, 80.0, 70.0, True, "%", "domain.md §7 standard ≥80 %"),
    Target("waste_accuracy_pct", 80.0, 80.0, 65.0, True, "%", "domain.md §7 standard ≥80 %"),
    Target("council_adoption_pct", 70.0, 70.0, 55.0, True, "%", "[E]"),
    # domain.md §5a: PPP obligations ≤10 % of general public budget expenditure; >5 % no new government-pay PPP
    Target("obligation_pct", 5.0, 5.0, 8.0, False, "%", "domain.md §5a red line 10 %, 5 % for government-pay"),
)}


def fund_execution_target(as_of_month: int | None) -> float:
    """In-year execution target pro-rated to the month reached (90 % of the year's budget by December)."""
    m = 12 if not as_of_month or as_of_month >= 12 else int(as_of_month)
    return TARGETS["fund_execution_pct"].target * m / 12


def status(kpi: str, value: float | None, target_override: float | None = None) -> str:
    t = TARGETS.get(kpi)
    if t is None or value is None or (isinstance(value, float) and math.isnan(value)):
        return "none"
    green, amber = t.green, t.amber
    if target_override is not None:  # scale both thresholds with a pro-rated target
        factor = target_override / t.target
        green, amber = green * factor, amber * factor
    if t.higher_is_better:
        return "green" if value >= green else "amber" if value >= amber else "red"
    return "green" if value <= green else "amber" if value <= amber else "red"
