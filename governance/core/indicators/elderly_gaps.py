"""The elderly-care gap finder: which counties are furthest from each target and what closes each gap.

Input: rows of ``queries/elderly_indicators.sql`` (``group_level='county'``), which computes every rate; this module
only compares them with the targets of ``governance.core.thresholds`` and counts what is missing:

* ``beds_needed`` = ⌈target beds per 1,000 × residents 60+ ÷ 1,000 − beds⌉
* ``nursing_beds_needed`` = ⌈target share × institution beds − institution nursing beds⌉ (converting existing
  beds; 护理型床位占比 is measured over 养老机构 beds only, not community stations', docs/domain.md §4), and
  ``nursing_beds_needed_after`` = ⌈target share × (institution beds + beds_needed) − institution nursing beds⌉
  (once the missing beds are added as institution beds — the nursing beds among old and new beds together)
* ``residents_needed`` = ⌈target occupancy × beds − occupied beds⌉
* ``streets_without_centre`` = 街道 − 街道 with a comprehensive centre (target: every 街道; counted by the query)
* ``meal_points_needed`` = ⌈communities × target points per community − meal points⌉
* ``meals_per_day_needed`` = ⌈target meals per point and day × meal points − meals per day at the points⌉
* ``satisfaction_gap_pp`` = target satisfaction − satisfaction, in percentage points (not rounded)

Every count is ≥ 0 (a county on or above target needs nothing).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from governance.core import thresholds
from governance.core.indicators.kpis import kpi_status

_EPS = 1e-9

# For each targeted KPI of the 养老服务 page: the column with the count that closes its gap.
GAP_ACTIONS: dict[str, str] = {
    "beds_per_1000_elderly": "beds_needed",
    "nursing_bed_pct": "nursing_beds_needed",
    "occupancy_pct": "residents_needed",
    "street_centre_pct": "streets_without_centre",
    "meal_points_per_community": "meal_points_needed",
    "meals_per_point_day": "meals_per_day_needed",
    "elderly_satisfaction_pct": "satisfaction_gap_pp",
}
GAP_KPIS: tuple[str, ...] = tuple(GAP_ACTIONS)
SUMMED_ACTIONS: tuple[str, ...] = ("beds_needed", "nursing_beds_needed", "nursing_beds_needed_after",
                                   "residents_needed", "streets_without_centre", "meal_points_needed",
                                   "meals_per_day_needed")
_INPUTS = ("beds", "residents_60plus", "institution_beds", "institution_nursing_beds", "occupied_beds",
           "streets_without_centre", "communities", "meal_points", "meals_per_day_at_points",
           "elderly_satisfaction_pct")


def _floats(col: pd.Series) -> np.ndarray:
    return pd.to_numeric(col, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def ceil_positive(values) -> np.ndarray:
    """max(0, ⌈x⌉) element-wise as integers, tolerant of floating noise (34.0000000001 → 34); NaN → 0."""
    a = np.asarray(values, dtype="float64")
    return np.nan_to_num(np.clip(np.ceil(a - _EPS), 0, None), nan=0.0).astype("int64")


def _target(kpi: str) -> float:
    return thresholds.TARGETS[kpi].target


def gap_actions(ind: pd.DataFrame) -> pd.DataFrame:
    """``ind`` with the counts that close each gap added (see the module docstring)."""
    df = ind.copy()
    a = {c: _floats(df[c]) for c in _INPUTS}
    beds = np.nan_to_num(a["beds"], nan=0.0)
    inst_beds = np.nan_to_num(a["institution_beds"], nan=0.0)
    inst_nursing = np.nan_to_num(a["institution_nursing_beds"], nan=0.0)
    nursing_share = _target("nursing_bed_pct") / 100.0
    beds_needed = ceil_positive(_target("beds_per_1000_elderly") * a["residents_60plus"] / 1000.0 - beds)
    meals_gap = np.where(a["meal_points"] > 0,
                         _target("meals_per_point_day") * a["meal_points"] - a["meals_per_day_at_points"], np.nan)
    df["beds_needed"] = beds_needed
    df["nursing_beds_needed"] = ceil_positive(nursing_share * inst_beds - inst_nursing)
    df["nursing_beds_needed_after"] = ceil_positive(nursing_share * (inst_beds + beds_needed) - inst_nursing)
    df["residents_needed"] = ceil_positive(_target("occupancy_pct") / 100.0 * beds - a["occupied_beds"])
    df["streets_without_centre"] = ceil_positive(a["streets_without_centre"])
    df["meal_points_needed"] = ceil_positive(_target("meal_points_per_community") * a["communities"] - a["meal_points"])
    df["meals_per_day_needed"] = ceil_positive(meals_gap)
    df["satisfaction_gap_pp"] = np.nan_to_num(
        np.clip(_target("elderly_satisfaction_pct") - a["elderly_satisfaction_pct"], 0, None), nan=0.0)
    return df


def _shortfall(kpi: str, value: pd.Series) -> pd.Series:
    """How far ``value`` is behind the target, in the KPI's unit (> 0 behind; NaN without a value)."""
    tgt = thresholds.TARGETS[kpi]
    return (tgt.target - value) if tgt.higher_is_better else (value - tgt.target)


FURTHEST_COLUMNS = ["county_code", "county_name", "city_name", "value", "target", "shortfall", "relative_shortfall",
                    "status", "action", "action_after"]


def furthest_from_target(ind: pd.DataFrame, kpi: str, n: int | None = 10) -> pd.DataFrame:
    """The counties below the target of ``kpi``, furthest first (relative shortfall; ties by county code).

    Columns: county_code, county_name, city_name, value, target, shortfall (in the KPI's unit), relative_shortfall
    (shortfall ÷ target), status ('red' / 'amber'), action (the count that closes the gap), action_after (nursing
    beds only: the nursing beds needed once the missing beds are added; else NaN). Counties without a value (no
    beds, no 街道…) are left out."""
    if kpi not in GAP_ACTIONS:
        raise KeyError(f"no gap action for {kpi!r}")
    if ind is None or not len(ind) or kpi not in ind.columns:
        return pd.DataFrame(columns=FURTHEST_COLUMNS)
    df = ind if GAP_ACTIONS[kpi] in ind.columns and "beds_needed" in ind.columns else gap_actions(ind)
    tgt = thresholds.TARGETS[kpi]
    value = pd.to_numeric(df[kpi], errors="coerce").astype("float64")
    shortfall = _shortfall(kpi, value)
    out = pd.DataFrame({
        "county_code": df["group_code"].astype(str),
        "county_name": df["county_name"],
        "city_name": df["city_name"],
        "value": value,
        "target": tgt.target,
        "shortfall": shortfall,
        "relative_shortfall": shortfall / tgt.target if tgt.target else shortfall,
        "status": [kpi_status(kpi, v) for v in value],
        "action": df[GAP_ACTIONS[kpi]],
        "action_after": df["nursing_beds_needed_after"] if kpi == "nursing_bed_pct" else np.nan,
    })
    out = out[out["value"].notna() & (out["shortfall"] > _EPS)]
    out = out.sort_values(["relative_shortfall", "county_code"], ascending=[False, True], kind="mergesort")
    if n is not None:
        out = out.head(n)
    return out.reset_index(drop=True)[FURTHEST_COLUMNS]


def gap_summary(ind: pd.DataFrame) -> dict[str, float]:
    """Over the counties of ``ind``: the counts that bring every county to target (``SUMMED_ACTIONS``), the number of
    counties below each target (``below_<kpi>``) and ``counties``. Empty dict without counties."""
    if ind is None or not len(ind):
        return {}
    df = ind if all(c in ind.columns for c in SUMMED_ACTIONS) else gap_actions(ind)
    out: dict[str, float] = {col: float(df[col].sum()) for col in SUMMED_ACTIONS}
    for kpi in GAP_KPIS:
        short = _shortfall(kpi, pd.to_numeric(df[kpi], errors="coerce").astype("float64"))
        out[f"below_{kpi}"] = float((short > _EPS).sum())
    out["counties"] = float(len(df))
    return out


__all__ = ["GAP_ACTIONS", "GAP_KPIS", "SUMMED_ACTIONS", "FURTHEST_COLUMNS", "ceil_positive", "gap_actions",
           "furthest_from_target", "gap_summary"]
