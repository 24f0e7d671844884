"""The KPI façade: which indicators each page shows, their targets, red/amber/green status, formatting and rankings.

One home for every judgement of a KPI value, used by every page, the briefing narrative and the exported briefs.
Pure functions over the frames of ``queries/kpis_by_region.sql`` (and any frame with the same KPI columns); the
numbers behind the judgement — targets and thresholds with their sources — are ``governance/core/thresholds.py``.

* ``OVERVIEW_KPIS`` / ``GRID_KPIS`` / ``ELDERLY_KPIS``: which KPIs, which column holds each, whether it is a stock
  (current register, so no year-ago value) and how it is formatted (``KPI_SPECS`` by key).
* ``kpi_target`` / ``kpi_status`` / ``fmt_kpi`` / ``target_text`` / ``change_text`` / ``status_label``: one value.
* ``kpi_summary(current, previous)``: one row per KPI: value, year-ago value, change, target (pro-rated for fund
  execution), status and the relative gap to target.
* ``ranked`` / ``best_worst`` / ``map_values``: cities or counties ranked on one KPI.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from governance.core import thresholds
from governance.i18n import region_name, t
from governance.i18n.formats import MISSING, fmt_change, fmt_count, fmt_pct


@dataclass(frozen=True)
class KpiSpec:
    kpi: str  # key in governance.core.thresholds.TARGETS and in the i18n catalog (overview.kpi.<kpi>)
    column: str  # column of kpis_by_region holding the value
    kind: str = "pct"  # 'pct' (percent units) | 'ratio' (a plain number, unit in the label) | 'count' (a volume)
    stock: bool = False  # current register: no history, so no change on last year
    decimals: int = 1  # of a 'ratio'


OVERVIEW_KPIS: tuple[KpiSpec, ...] = (
    KpiSpec("grid_coverage_pct", "grid_coverage_pct", stock=True),
    KpiSpec("closure_pct", "closure_pct"),
    KpiSpec("on_time_pct", "on_time_pct"),
    KpiSpec("fund_execution_pct", "fund_execution_latest_year_pct"),
    KpiSpec("social_capital_pct", "social_capital_pct"),
    KpiSpec("beds_per_1000_elderly", "beds_per_1000_elderly", kind="ratio", stock=True),
    KpiSpec("nursing_bed_pct", "nursing_bed_pct", stock=True),
    KpiSpec("waste_accuracy_pct", "waste_accuracy_pct"),
    KpiSpec("council_adoption_pct", "council_adoption_pct"),
    KpiSpec("obligation_pct", "obligation_pct"),
)
GRID_KPIS: tuple[KpiSpec, ...] = (
    KpiSpec("grid_coverage_pct", "grid_coverage_pct", stock=True),
    KpiSpec("workers_per_1000_households", "workers_per_1000_households", kind="ratio", stock=True),
    KpiSpec("party_branch_pct", "party_branch_pct", stock=True),
    KpiSpec("closure_pct", "closure_pct"),
    KpiSpec("smart_grid_pct", "smart_grid_pct", stock=True),
)
# The indicators of the 养老服务 page (queries/elderly_indicators.sql), in display order. meals_per_month and
# home_visits_per_month are volumes without a target (meals are judged per meal point and day).
ELDERLY_KPIS: tuple[KpiSpec, ...] = (
    KpiSpec("beds_per_1000_elderly", "beds_per_1000_elderly", kind="ratio", stock=True),
    KpiSpec("nursing_bed_pct", "nursing_bed_pct", stock=True),
    KpiSpec("occupancy_pct", "occupancy_pct", stock=True),
    KpiSpec("street_centre_pct", "street_centre_pct", stock=True),
    KpiSpec("meal_points_per_community", "meal_points_per_community", kind="ratio", stock=True, decimals=2),
    KpiSpec("meals_per_month", "meals_per_month", kind="count"),
    KpiSpec("meals_per_point_day", "meals_per_point_day", kind="count"),
    KpiSpec("home_visits_per_month", "home_visits_per_month", kind="count"),
    KpiSpec("elderly_satisfaction_pct", "elderly_satisfaction_pct"),
)
KPI_SPECS: dict[str, KpiSpec] = {s.kpi: s for s in OVERVIEW_KPIS + GRID_KPIS + ELDERLY_KPIS}


# ============================================================================================ values
def as_number(x: object) -> float | None:
    """A finite float, or None for missing, non-numeric, boolean and infinite values."""
    if x is None or isinstance(x, bool):
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def kpi_label(kpi: str, lang: str | None = None) -> str:
    return t(f"overview.kpi.{kpi}", lang=lang)


def higher_is_better(kpi: str) -> bool:
    tg = thresholds.TARGETS.get(kpi)
    return True if tg is None else tg.higher_is_better


def fmt_kpi(kpi: str, value: object, lang: str | None = None) -> str:
    """'97.6%' for percentages, '33.3' for ratios and other units (the unit is in the label; ``KpiSpec.decimals``),
    '8.7万' for volumes ('count'), '—' when missing."""
    spec = KPI_SPECS.get(kpi)
    tg = thresholds.TARGETS.get(kpi)
    if (spec is not None and spec.kind == "pct") or (spec is None and (tg is None or tg.unit == "%")):
        return fmt_pct(value, lang=lang)
    if spec is not None and spec.kind == "count":
        return fmt_count(value, lang=lang)
    v = as_number(value)
    return MISSING if v is None else f"{v:,.{spec.decimals if spec is not None else 1}f}"


def kpi_target(kpi: str, as_of_month: object = None) -> float | None:
    """The target of a KPI (None without one); fund execution is pro-rated to ``as_of_month``, the month the
    year's figures reach (``fund_as_of_month`` of kpis_by_region, ``as_of_month`` of funds_by_group)."""
    tg = thresholds.TARGETS.get(kpi)
    if tg is None:
        return None
    if kpi == "fund_execution_pct":
        m = as_number(as_of_month)
        return thresholds.fund_execution_target(int(m) if m else None)
    return tg.target


def kpi_status(kpi: str, value: object, as_of_month: object = None) -> str:
    """'green' | 'amber' | 'red' against the KPI's thresholds; 'none' without a target or a value.

    Higher-is-better: green from ``Target.green``, amber from ``Target.amber``; lower-is-better: the comparisons
    flip. Fund execution: both thresholds scale with the target pro-rated to ``as_of_month``."""
    tg = thresholds.TARGETS.get(kpi)
    v = as_number(value)
    if tg is None or v is None:
        return "none"
    if kpi == "obligation_pct":  # a red-line share: the one colour scheme of every page (thresholds.red_line_band)
        return thresholds.red_line_band(v / 100.0)
    green, amber = tg.green, tg.amber
    if kpi == "fund_execution_pct":
        factor = kpi_target(kpi, as_of_month) / tg.target
        green, amber = green * factor, amber * factor
    if tg.higher_is_better:
        return "green" if v >= green else "amber" if v >= amber else "red"
    return "green" if v <= green else "amber" if v <= amber else "red"


def target_text(kpi: str, target: float | None, lang: str | None = None) -> str:
    """'目标 ≥97.0%' / 'Target ≥97.0%' ('≤' for lower-is-better KPIs); '' without a target."""
    if target is None:
        return ""
    op = "≥" if higher_is_better(kpi) else "≤"
    return t("overview.target", op=op, target=fmt_kpi(kpi, target, lang=lang), lang=lang)


def change_text(kpi: str, current: object, previous: object, lang: str | None = None) -> str:
    """Change on the same period last year: '+1.2个百分点' for percentages, '+3.4%' for ratios, '—' otherwise."""
    spec = KPI_SPECS.get(kpi)
    kind = "pct" if spec is None or spec.kind == "pct" else "level"
    return fmt_change(current, previous, kind=kind, lang=lang)


def first_row(df: pd.DataFrame | None) -> dict:
    """The first row of a frame as a dict ({} for None or an empty frame)."""
    if df is None or not len(df):
        return {}
    return df.iloc[0].to_dict()


def kpi_summary(current: pd.DataFrame, previous: pd.DataFrame | None = None,
                kpis: tuple[KpiSpec, ...] = OVERVIEW_KPIS) -> pd.DataFrame:
    """One row per KPI of ``kpis`` from the 'self' rows of kpis_by_region for the period (``current``) and
    the same period a year earlier (``previous``; None/empty when not available).

    Columns: kpi, value, previous, delta (value − previous; NaN for stocks, missing values and fund execution
    whose year-ago figures reach another month), target, status, gap (relative shortfall against the target,
    > 0 behind, ≤ 0 on or above target; NaN without target or value)."""
    cur, prev = first_row(current), first_row(previous)
    rows = []
    for spec in kpis:
        value = as_number(cur.get(spec.column))
        before = None if spec.stock else as_number(prev.get(spec.column))
        if spec.kpi == "fund_execution_pct" and before is not None:
            if as_number(prev.get("fund_as_of_month")) != as_number(cur.get("fund_as_of_month")):
                before = None  # a full year against a part year: not comparable
        target = kpi_target(spec.kpi, cur.get("fund_as_of_month"))
        gap = None
        if value is not None and target:
            gap = (target - value) / abs(target) if higher_is_better(spec.kpi) else (value - target) / abs(target)
        rows.append({
            "kpi": spec.kpi,
            "value": value,
            "previous": before,
            "delta": value - before if value is not None and before is not None else None,
            "target": target,
            "status": kpi_status(spec.kpi, value, cur.get("fund_as_of_month")),
            "gap": gap,
        })
    out = pd.DataFrame(rows)
    for c in ("value", "previous", "delta", "target", "gap"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    return out


# ============================================================================================ ranking
def ranked(groups: pd.DataFrame, kpi: str, lang: str | None = None) -> pd.DataFrame:
    """Cities/counties of a kpis_by_region 'city'/'county' frame ranked best first on ``kpi``:
    columns code, name, value, value_text, status, rank (1 = best); rows without a value dropped."""
    spec = KPI_SPECS.get(kpi) or KpiSpec(kpi, kpi)
    if groups is None or not len(groups) or spec.column not in groups.columns:
        return pd.DataFrame(columns=["code", "name", "value", "value_text", "status", "rank"])
    rows = []
    keep = ["group_code", spec.column] + [c for c in ("fund_as_of_month",) if c in groups.columns]
    for rec in groups[list(dict.fromkeys(keep))].to_dict("records"):
        v = as_number(rec.get(spec.column))
        if v is None:
            continue
        code = str(rec.get("group_code"))
        rows.append({"code": code, "name": region_name(code, lang=lang), "value": v,
                     "value_text": fmt_kpi(kpi, v, lang=lang),
                     "status": kpi_status(kpi, v, rec.get("fund_as_of_month"))})
    df = pd.DataFrame(rows, columns=["code", "name", "value", "value_text", "status"])
    df = df.sort_values(["value", "code"], ascending=[not higher_is_better(kpi), True], kind="mergesort")
    df = df.reset_index(drop=True)
    df["rank"] = range(1, len(df) + 1)
    return df


def status_label(status: str, lang: str | None = None) -> str:
    """'达标' / '预警' / '未达标' / '无目标'."""
    return t(f"common.status_{status}", lang=lang) if status in ("green", "amber", "red") else t(
        "overview.status_none", lang=lang)


def map_values(groups: pd.DataFrame, kpi: str, lang: str | None = None) -> pd.DataFrame:
    """The ``values`` frame of ``maps.choropleth_deck`` for ``kpi``: code, value, label (region name) and detail
    ('第3名（共13个）· 达标'); regions without a value keep a NaN value (drawn grey)."""
    r = ranked(groups, kpi, lang=lang)
    n = len(r)
    rows = [{"code": rec["code"], "value": rec["value"], "label": rec["name"],
             "detail": t("overview.rank_detail", lang=lang, rank=rec["rank"], n=n,
                         status=status_label(rec["status"], lang))} for rec in r.to_dict("records")]
    have = {row["code"] for row in rows}
    if groups is not None and len(groups) and "group_code" in groups.columns:
        for code in groups["group_code"].astype(str):
            if code not in have:
                rows.append({"code": code, "value": float("nan"), "label": region_name(code, lang=lang), "detail": ""})
    return pd.DataFrame(rows, columns=["code", "value", "label", "detail"])


def best_worst(groups: pd.DataFrame, kpi: str, n: int = 5, lang: str | None = None) -> tuple[pd.DataFrame,
                                                                                            pd.DataFrame]:
    """(best n, worst n) on ``kpi``; with fewer than 2n regions each side gets half (never overlapping).
    The worst frame is ordered worst first."""
    r = ranked(groups, kpi, lang=lang)
    k = min(n, len(r) // 2) if len(r) < 2 * n else n
    if k <= 0:
        return r.iloc[0:0], r.iloc[0:0]
    return r.head(k).reset_index(drop=True), r.tail(k).iloc[::-1].reset_index(drop=True)


__all__ = [
    "KpiSpec", "OVERVIEW_KPIS", "GRID_KPIS", "ELDERLY_KPIS", "KPI_SPECS", "kpi_label", "fmt_kpi", "kpi_target",
    "kpi_status", "target_text", "change_text", "kpi_summary", "ranked", "best_worst", "higher_is_better",
    "status_label", "map_values", "as_number", "first_row",
]
