"""养老服务 / 社区服务 / 创新案例库: indicators, target gaps and comparisons (pure pandas), plus their map layers.

Pages (pages/elderly.py, pages/community.py, pages/cases.py) fetch counts with ``ui.query`` and hand the frames to
the functions here; nothing in this module touches Streamlit or the database, so every number is unit-tested on
hand-built frames (tests/test_elderly_gaps.py, tests/test_community_queries.py).

Sections
--------
1. Elderly-care indicators per county / region, each against its target (``governance.core.thresholds``; one extra
   target here: meals per meal-assistance point per day, domain.md §4 "60–120 meals/day").
2. Gap finder: the counties furthest from each target and what closes the gap (beds, nursing beds, meal points,
   street centres, residents, satisfaction points).
3. Operator models (公办公营 / 公建民营 / 民办): cost per person served and satisfaction.
4. Waste sorting: monthly trend, smart equipment vs none, before/after installation.
5. Resident councils: monthly trend and adoption rate.
6. Innovation cases: change before → after, direction, stars, English text, filtering.
7. Maps: the facility map (points by type, sized by beds, coloured by operator model, county outlines) and its
   legend. The choropleths use ``governance.app.maps``.
"""

from __future__ import annotations

import html
import json
import math
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import pydeck as pdk

from governance.app import maps
from governance.core import geo
from governance.core.thresholds import TARGETS, Target
from governance.i18n import current_lang, normalise_lang, t, value_label
from governance.i18n.formats import fmt_count, fmt_pct

DAYS_PER_MONTH = 30.4
_EPS = 1e-9

# ==================================================================================================== 1. indicators
# domain.md §4: a 助餐点 serves 60–120 meals a day [E]; amber from 40.
MEALS_PER_POINT_DAY = Target("meals_per_point_day", 60.0, 60.0, 40.0, True, "count",
                             "domain.md §4 助餐点 60–120 meals/day [E]")
LOCAL_TARGETS: dict[str, Target] = {MEALS_PER_POINT_DAY.kpi: MEALS_PER_POINT_DAY}

# The indicators of the 养老服务 page, in display order. meals_per_month and home_visits_per_month are volumes:
# domain.md has no target for them (meals are judged per meal point and day: meals_per_point_day).
ELDERLY_KPIS: tuple[str, ...] = (
    "beds_per_1000_elderly", "nursing_bed_pct", "occupancy_pct", "street_centre_pct", "meal_points_per_community",
    "meals_per_month", "meals_per_point_day", "home_visits_per_month", "elderly_satisfaction_pct",
)
# Count columns of queries/elderly_by_county.sql that add up over counties.
SUM_COLUMNS: tuple[str, ...] = (
    "residents_60plus", "communities", "streets", "streets_with_centre", "facilities", "institutions",
    "street_centres", "community_stations", "meal_points", "beds", "nursing_beds", "occupied_beds",
    "annual_operating_cost", "meals_served", "meals_at_points", "home_visits", "people_served",
    "satisfaction_x_people", "operating_cost",
)


def target_for(kpi: str) -> Target | None:
    """The target of a KPI: governance.core.thresholds first, then the local ones (meals per point and day)."""
    return TARGETS.get(kpi) or LOCAL_TARGETS.get(kpi)


def kpi_status(kpi: str, value: object) -> str:
    """'green' | 'amber' | 'red' | 'none' (no target or no value) — same rule as ``targets.status``."""
    tgt = target_for(kpi)
    v = _num(value)
    if tgt is None or v is None:
        return "none"
    if tgt.higher_is_better:
        return "green" if v >= tgt.green else "amber" if v >= tgt.amber else "red"
    return "green" if v <= tgt.green else "amber" if v <= tgt.amber else "red"


def _num(x: object) -> float | None:
    if x is None or isinstance(x, bool):
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _arr(x) -> np.ndarray:
    """Float numpy array of a Series / array / scalar (missing and non-numbers -> NaN)."""
    if isinstance(x, pd.Series):
        try:
            return x.to_numpy(dtype="float64", na_value=np.nan)
        except (TypeError, ValueError):
            return pd.to_numeric(x, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return np.asarray(x, dtype="float64")


def _ratio(num, den, scale: float = 1.0) -> pd.Series:
    """Element-wise ``scale * num / den`` as float; NaN where the denominator is 0 or missing."""
    n, d = _arr(num), _arr(den)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(d != 0, scale * n / np.where(d != 0, d, 1.0), np.nan)
    index = num.index if isinstance(num, pd.Series) else den.index if isinstance(den, pd.Series) else None
    return pd.Series(out, index=index, dtype="float64")


def elderly_indicators(counts: pd.DataFrame) -> pd.DataFrame:
    """Rates from the counts of queries/elderly_by_county.sql (one row per county, or a totals row).

    Same formulas as queries/kpis_by_region.sql: beds per 1,000 residents aged 60+, nursing-bed share, occupancy,
    share of 街道 with a comprehensive centre, meal points per community, meals / home visits / people served per
    month of service data, satisfaction weighted by people served; plus meals per meal point per day.
    """
    df = counts.copy()
    for col in SUM_COLUMNS + ("service_months",):
        if col not in df.columns:
            df[col] = 0
    a = {c: _arr(df[c]) for c in SUM_COLUMNS + ("service_months",)}
    months = a["service_months"]

    def ratio(n, d, scale=1.0):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(d != 0, scale * n / np.where(d != 0, d, 1.0), np.nan)

    new = {
        "beds_per_1000_elderly": ratio(a["beds"], a["residents_60plus"], 1000.0),
        "nursing_bed_pct": ratio(a["nursing_beds"], a["beds"], 100.0),
        "occupancy_pct": ratio(a["occupied_beds"], a["beds"], 100.0),
        "street_centre_pct": ratio(a["streets_with_centre"], a["streets"], 100.0),
        "meal_points_per_community": ratio(a["meal_points"], a["communities"]),
        "meals_per_month": ratio(a["meals_served"], months),
        "home_visits_per_month": ratio(a["home_visits"], months),
        "people_served_per_month": ratio(a["people_served"], months),
        "meals_per_point_day": ratio(ratio(a["meals_at_points"], months), a["meal_points"] * DAYS_PER_MONTH),
        "elderly_satisfaction_pct": ratio(a["satisfaction_x_people"], a["people_served"]),
    }
    for col, values in new.items():
        df[col] = values
    return df


def elderly_totals(counts: pd.DataFrame) -> pd.DataFrame:
    """One row: the counties of ``counts`` added up, with their rates (the region's KPI cards)."""
    row = {c: float(pd.to_numeric(counts[c], errors="coerce").fillna(0).sum()) if c in counts.columns and len(counts)
           else 0.0 for c in SUM_COLUMNS}
    months = pd.to_numeric(counts["service_months"], errors="coerce") if "service_months" in counts.columns else None
    row["service_months"] = float(months.max()) if months is not None and len(months) and months.notna().any() else 0.0
    row["counties"] = int(len(counts))
    return elderly_indicators(pd.DataFrame([row]))


# ---------------------------------------------------------------------------------------------- display
_RAG_TINT = {"green": "#e3f1e4", "amber": "#fff1cc", "red": "#fbe0e0", "none": ""}
_RAG_TEXT = {"green": "#1b5e20", "amber": "#7a5300", "red": "#b71c1c", "none": "#1a1a1a"}


def fmt_kpi(kpi: str, value: object, lang: str | None = None, unit: bool = True) -> str:
    """A KPI value with its unit in the language ('34.5 张/千名老人', '62.3%', '0.52 个/社区', '8.7万 份/月')."""
    v = _num(value)
    if v is None:
        return "—"
    if kpi.endswith("_pct"):
        return fmt_pct(v, lang=lang)
    if kpi == "beds_per_1000_elderly":
        text = f"{v:.1f}"
    elif kpi == "meal_points_per_community":
        text = f"{v:.2f}"
    else:
        text = fmt_count(v, lang=lang)
    return f"{text} {t(f'elderly.unit.{kpi}', lang=lang)}" if unit else text


def target_value_text(kpi: str, lang: str | None = None) -> str:
    """'≥ 35.0 张/千名老人' ('—' without a target)."""
    tgt = target_for(kpi)
    if tgt is None:
        return "—"
    return f"{'≥' if tgt.higher_is_better else '≤'} {fmt_kpi(kpi, tgt.target, lang=lang)}"


def target_text(kpi: str, lang: str | None = None) -> str:
    """'目标：≥ 35.0 张/千名老人' — or '暂无目标值' for volumes without a target."""
    if target_for(kpi) is None:
        return t("elderly.no_target", lang=lang)
    return t("common.target", lang=lang, target=target_value_text(kpi, lang))


TABLE_KPIS: tuple[str, ...] = ELDERLY_KPIS


def county_table(ind: pd.DataFrame, lang: str | None = None, highlight: str | None = None):
    """The per-county indicator table as a pandas Styler: names, each KPI formatted in its unit, cells tinted
    red/amber/green against the target (volumes without a target untinted); ``highlight`` county in bold.
    Returns (styler, plain frame with the translated headers for downloads)."""
    lang = normalise_lang(lang) if lang else current_lang()
    en = lang == "en"
    df = pd.DataFrame({
        t("elderly.col.county", lang=lang): ind["county_name"].astype(str).to_numpy(),
        t("elderly.col.city", lang=lang): (ind["city_name_en"] if en and "city_name_en" in ind.columns
                                           else ind["city_name"]).astype(str).to_numpy(),
    })
    labels = {}
    for kpi in TABLE_KPIS:
        label = t(f"elderly.col.{kpi}", lang=lang)
        labels[label] = kpi
        df[label] = pd.to_numeric(ind[kpi], errors="coerce").to_numpy()
    codes = ind["county_code"].astype(str).to_numpy()

    def tint(col: pd.Series) -> list[str]:
        kpi = labels[col.name]
        out = []
        for v in col:
            st_ = kpi_status(kpi, v)
            out.append(f"background-color: {_RAG_TINT[st_]}; color: {_RAG_TEXT[st_]}" if st_ != "none" else "")
        return out

    def bold(row: pd.Series) -> list[str]:
        on = highlight is not None and codes[row.name] == highlight
        return ["font-weight: 700" if on else ""] * len(row)

    sty = df.style.format({lab: (lambda v, k=kpi: fmt_kpi(k, v, lang=lang, unit=False)) for lab, kpi in labels.items()},
                          na_rep="—")
    sty = sty.apply(tint, axis=0, subset=list(labels))
    if highlight is not None:
        sty = sty.apply(bold, axis=1)
    sty = sty.hide(axis="index")
    return sty, df


def month_hover(lang: str | None = None) -> str:
    """d3 date format of a month in hover labels: '2025年11月' / 'Nov 2025'."""
    lang = normalise_lang(lang) if lang else current_lang()
    return "%b %Y" if lang == "en" else "%Y年%-m月"


def month_xaxis(n_months: int, lang: str | None = None, narrow: bool = False) -> dict:
    """Layout of a monthly date x axis that stays horizontal: '2025-11' / 'Nov 2025' ticks, every second month
    beyond 8 months, every third beyond 18; a ``narrow`` chart (a third of the page) gets about 4 ticks.
    Pass it in the figure's constructor (``layout=dict(xaxis=month_xaxis(...))``): plotly's update methods
    re-validate the whole figure and cost 5–10× more."""
    lang = normalise_lang(lang) if lang else current_lang()
    if narrow:
        dtick = f"M{max(1, -(-n_months // 4))}"
    else:
        dtick = "M1" if n_months <= 8 else "M2" if n_months <= 18 else "M3"
    return dict(type="date", tickformat="%b %Y" if lang == "en" else "%Y-%m", dtick=dtick, tickangle=0,
                hoverformat=month_hover(lang))


def target_line(y: float, text: str) -> tuple[dict, dict]:
    """(shape, annotation) of a dashed horizontal target line across the plot, labelled at the right end."""
    shape = dict(type="line", xref="x domain", x0=0, x1=1, yref="y", y0=y, y1=y,
                 line=dict(dash="dash", color="#5f6368", width=1.5))
    note = dict(text=text, xref="x domain", x=1, yref="y", y=y, showarrow=False, xanchor="right", yanchor="top",
                font=dict(size=14, color="#5f6368"))
    return shape, note


# ==================================================================================================== 2. gap finder
# For each targeted KPI: the column with the count that closes the gap.
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


def _ceil_pos(x) -> pd.Series:
    """max(0, ceil(x)) element-wise, tolerant of floating noise (34.0000000001 -> 34); NaN -> 0."""
    a = _arr(x)
    out = np.nan_to_num(np.clip(np.ceil(a - _EPS), 0, None), nan=0.0).astype("int64")
    return pd.Series(out, index=x.index if isinstance(x, pd.Series) else None)


def gap_actions(ind: pd.DataFrame) -> pd.DataFrame:
    """What closes each gap, per row of ``elderly_indicators`` (counts, never negative):

    * ``beds_needed`` = ⌈target beds per 1,000 × residents 60+ / 1,000 − beds⌉
    * ``nursing_beds_needed`` = ⌈target share × beds − nursing beds⌉ (converting existing beds), and
      ``nursing_beds_needed_after`` = ⌈target share × (beds + beds_needed) − nursing beds⌉ (once the missing beds
      are added — the nursing beds among old and new beds together)
    * ``residents_needed`` = ⌈target occupancy × beds − occupied beds⌉
    * ``streets_without_centre`` = 街道 − 街道 with a comprehensive centre (target: every 街道)
    * ``meal_points_needed`` = ⌈communities × target points per community − meal points⌉
    * ``meals_per_day_needed`` = ⌈target meals per point and day × meal points − meals per day at the points⌉
    * ``satisfaction_gap_pp`` = target satisfaction − satisfaction, in percentage points (not rounded)
    """
    df = ind.copy()
    a = {c: _arr(df[c]) for c in ("beds", "residents_60plus", "nursing_beds", "occupied_beds", "streets",
                                  "streets_with_centre", "communities", "meal_points", "meals_at_points",
                                  "service_months", "elderly_satisfaction_pct")}
    beds = np.nan_to_num(a["beds"], nan=0.0)
    t_beds = TARGETS["beds_per_1000_elderly"].target
    t_nursing = TARGETS["nursing_bed_pct"].target / 100.0
    t_occ = TARGETS["occupancy_pct"].target / 100.0
    t_meal = TARGETS["meal_points_per_community"].target
    beds_needed = _ceil_pos(t_beds * a["residents_60plus"] / 1000.0 - beds).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        meals_day = np.where(a["service_months"] > 0, a["meals_at_points"] / a["service_months"],
                             np.nan) / DAYS_PER_MONTH
    meal_gap = np.where((a["meal_points"] > 0) & np.isfinite(meals_day),
                        MEALS_PER_POINT_DAY.target * a["meal_points"] - meals_day, np.nan)
    new = {
        "beds_needed": beds_needed,
        "nursing_beds_needed": _ceil_pos(t_nursing * beds - a["nursing_beds"]).to_numpy(),
        "nursing_beds_needed_after": _ceil_pos(t_nursing * (beds + beds_needed) - a["nursing_beds"]).to_numpy(),
        "residents_needed": _ceil_pos(t_occ * beds - a["occupied_beds"]).to_numpy(),
        "streets_without_centre": _ceil_pos(a["streets"] - a["streets_with_centre"]).to_numpy(),
        "meal_points_needed": _ceil_pos(t_meal * a["communities"] - a["meal_points"]).to_numpy(),
        "meals_per_day_needed": _ceil_pos(meal_gap).to_numpy(),
        "satisfaction_gap_pp": np.nan_to_num(
            np.clip(TARGETS["elderly_satisfaction_pct"].target - a["elderly_satisfaction_pct"], 0, None), nan=0.0),
    }
    for col, values in new.items():
        df[col] = values
    return df


def furthest_from_target(ind: pd.DataFrame, kpi: str, n: int | None = 10) -> pd.DataFrame:
    """The counties below the target of ``kpi``, furthest first (relative shortfall; ties by county code).

    Columns: county_code, county_name, city_name, value, target, shortfall (target − value, in the KPI's unit),
    relative_shortfall (shortfall ÷ target), status, action (the count that closes the gap, see ``gap_actions``),
    action_after (nursing beds only: the nursing beds needed once the missing beds are added; else NaN).
    Counties without a value (no beds, no 街道…) are left out; lower-is-better KPIs are handled too.
    """
    tgt = target_for(kpi)
    if tgt is None:
        raise KeyError(f"no target for {kpi!r}")
    cols = ["county_code", "county_name", "city_name", "value", "target", "shortfall", "relative_shortfall",
            "status", "action", "action_after"]
    if ind is None or not len(ind) or kpi not in ind.columns:
        return pd.DataFrame(columns=cols)
    df = ind if GAP_ACTIONS.get(kpi, "") in ind.columns else gap_actions(ind)
    value = pd.to_numeric(df[kpi], errors="coerce")
    shortfall = (tgt.target - value) if tgt.higher_is_better else (value - tgt.target)
    out = pd.DataFrame({
        "county_code": df["county_code"].astype(str),
        "county_name": df["county_name"] if "county_name" in df.columns else "",
        "city_name": df["city_name"] if "city_name" in df.columns else "",
        "value": value,
        "target": tgt.target,
        "shortfall": shortfall,
        "relative_shortfall": shortfall / tgt.target if tgt.target else shortfall,
        "status": [kpi_status(kpi, v) for v in value],
        "action": df[GAP_ACTIONS[kpi]] if kpi in GAP_ACTIONS else np.nan,
        "action_after": df["nursing_beds_needed_after"] if kpi == "nursing_bed_pct" else np.nan,
    })
    out = out[out["value"].notna() & (out["shortfall"] > _EPS)]
    out = out.sort_values(["relative_shortfall", "county_code"], ascending=[False, True], kind="mergesort")
    if n is not None:
        out = out.head(n)
    return out.reset_index(drop=True)[cols]


def gap_summary(ind: pd.DataFrame) -> dict[str, float]:
    """Totals over the counties: counts needed to bring every county to target, and counties below each target."""
    if ind is None or not len(ind):
        return {}
    df = ind if all(c in ind.columns for c in GAP_ACTIONS.values()) else gap_actions(ind)
    out: dict[str, float] = {col: float(df[col].sum()) for col in (
        "beds_needed", "nursing_beds_needed", "nursing_beds_needed_after", "residents_needed",
        "streets_without_centre", "meal_points_needed", "meals_per_day_needed")}
    for kpi in GAP_KPIS:
        tgt = target_for(kpi)
        v = pd.to_numeric(df[kpi], errors="coerce")
        short = (tgt.target - v) if tgt.higher_is_better else (v - tgt.target)
        out[f"below_{kpi}"] = float((v.notna() & (short > _EPS)).sum())
    out["counties"] = float(len(df))
    return out


# ============================================================================================= 3. operator models
OPERATOR_MODELS: tuple[str, ...] = ("公办公营", "公建民营", "民办")
FACILITY_TYPES: tuple[str, ...] = ("养老机构", "街道综合养老服务中心", "社区居家养老服务站", "助餐点")


def operator_comparison(df: pd.DataFrame, by: Sequence[str] = ("operator_model",)) -> pd.DataFrame:
    """Cost per person served and satisfaction per operator model (optionally also per facility type).

    Input: queries/elderly_operator_models.sql (operating_cost = Σ annual cost ÷ 12 over facility-months, people
    served per facility-month, satisfaction × people). Cost per person served (元 per person and year) = annual
    operating cost ÷ people served in a month = 12 × Σ monthly cost ÷ Σ people served, × 10,000 (万元 → 元).
    """
    by = list(by)
    cols = by + ["facility_months", "people_served", "operating_cost", "satisfaction_x_people",
                 "cost_per_person_yuan", "satisfaction_pct", "people_per_facility_month"]
    if df is None or not len(df):
        return pd.DataFrame(columns=cols)
    g = df.groupby(by, as_index=False, sort=False)[["facility_months", "people_served", "operating_cost",
                                                    "satisfaction_x_people"]].sum()
    g["cost_per_person_yuan"] = _ratio(g["operating_cost"], g["people_served"], 12 * 10_000.0)
    g["satisfaction_pct"] = _ratio(g["satisfaction_x_people"], g["people_served"])
    g["people_per_facility_month"] = _ratio(g["people_served"], g["facility_months"])
    order = {m: i for i, m in enumerate(OPERATOR_MODELS)}
    type_order = {m: i for i, m in enumerate(FACILITY_TYPES)}
    keys = []
    if "facility_type" in by:
        keys.append(g["facility_type"].map(type_order).fillna(99))
    if "operator_model" in by:
        keys.append(g["operator_model"].map(order).fillna(99))
    if keys:
        g = (g.assign(_k1=keys[0], _k2=keys[-1]).sort_values(["_k1", "_k2"], kind="mergesort")
             .drop(columns=["_k1", "_k2"]))
    return g.reset_index(drop=True)[cols]


# =============================================================================================== 4. waste sorting
WASTE_STREAMS: tuple[str, ...] = ("kitchen_t", "recyclable_t", "hazardous_t", "other_t")


def waste_trend(df: pd.DataFrame, by_smart: bool = False) -> pd.DataFrame:
    """Per month (and per ``smart_equipment`` when ``by_smart``): household-weighted participation and accuracy,
    tonnes per stream and in total, communities. Input: queries/waste_monthly.sql."""
    keys = ["month", "smart_equipment"] if by_smart else ["month"]
    cols = keys + ["communities", "households", "participation_pct", "accuracy_pct", *WASTE_STREAMS, "tonnes"]
    if df is None or not len(df):
        return pd.DataFrame(columns=cols)
    g = df.groupby(keys, as_index=False, sort=True)[["communities", "households", "participation_x_households",
                                                     "accuracy_x_households", *WASTE_STREAMS]].sum()
    g["participation_pct"] = _ratio(g["participation_x_households"], g["households"])
    g["accuracy_pct"] = _ratio(g["accuracy_x_households"], g["households"])
    g["tonnes"] = g[list(WASTE_STREAMS)].sum(axis=1)
    return g[cols].reset_index(drop=True)


def smart_before_after(per_community: pd.DataFrame) -> dict[str, float]:
    """Aggregate the per-community before/after means of queries/waste_smart_switchers.sql.

    Each community counts once (unweighted): mean accuracy before and after the first month with smart equipment,
    the mean and median of the per-community change (after − before, percentage points), the share of communities
    whose accuracy rose, and the same means for participation. Communities missing either side are ignored.
    """
    if per_community is None or not len(per_community):
        return {"communities": 0}
    df = per_community
    ok = (pd.to_numeric(df["months_before"], errors="coerce").fillna(0) > 0) & \
         (pd.to_numeric(df["months_after"], errors="coerce").fillna(0) > 0) & \
         df["accuracy_before"].notna() & df["accuracy_after"].notna()
    df = df[ok]
    if not len(df):
        return {"communities": 0}
    change = df["accuracy_after"].astype(float) - df["accuracy_before"].astype(float)
    out = {
        "communities": int(len(df)),
        "accuracy_before": float(df["accuracy_before"].mean()),
        "accuracy_after": float(df["accuracy_after"].mean()),
        "accuracy_change_mean": float(change.mean()),
        "accuracy_change_median": float(change.median()),
        "share_improved_pct": float(100.0 * (change > 0).mean()),
        "months_before_mean": float(df["months_before"].mean()),
        "months_after_mean": float(df["months_after"].mean()),
    }
    if "participation_before" in df.columns and "participation_after" in df.columns:
        out["participation_before"] = float(df["participation_before"].mean())
        out["participation_after"] = float(df["participation_after"].mean())
        out["participation_change_mean"] = float((df["participation_after"] - df["participation_before"]).mean())
    return out


# ==================================================================================================== 5. councils
def councils_trend(df: pd.DataFrame, by_type: bool = True) -> pd.DataFrame:
    """Per month (and council type): meetings, attendances, proposals, adopted and adoption rate (%).
    Input: queries/councils_monthly.sql."""
    keys = ["month", "council_type"] if by_type else ["month"]
    cols = keys + ["councils", "meetings", "participants", "proposals", "adopted", "adoption_pct"]
    if df is None or not len(df):
        return pd.DataFrame(columns=cols)
    g = df.groupby(keys, as_index=False, sort=True)[["councils", "meetings", "participants", "proposals",
                                                     "adopted"]].sum()
    g["adoption_pct"] = _ratio(g["adopted"], g["proposals"], 100.0)
    return g[cols].reset_index(drop=True)


def scatter_scope(region_code: str, region_level: str, city_code: str | None) -> str:
    """The region whose counties the council/satisfaction scatter compares: a county is shown among its city's
    counties; a city or the province as itself."""
    return city_code if region_level == "county" and city_code else region_code


# ============================================================================================ 6. innovation cases
def case_change(before: object, after: object, higher_is_better: bool) -> dict:
    """Change of a case indicator: ``pct`` (relative %, None when ``before`` is 0 or missing), ``delta`` (after −
    before), ``arrow`` ('↑' / '↓' / '→') and ``improved`` (True / False / None when unchanged), following
    ``higher_is_better``."""
    b, a = _num(before), _num(after)
    if b is None or a is None:
        return {"delta": None, "pct": None, "arrow": "→", "improved": None}
    delta = a - b
    pct = (delta / abs(b) * 100.0) if b != 0 else None
    if abs(delta) < _EPS:
        return {"delta": 0.0, "pct": 0.0 if pct is not None else None, "arrow": "→", "improved": None}
    improved = (delta > 0) == bool(higher_is_better)
    return {"delta": delta, "pct": pct, "arrow": "↑" if delta > 0 else "↓", "improved": improved}


def stars(n: object, out_of: int = 5) -> str:
    """'★★★★☆' for 4 of 5 (clamped to 0 … out_of)."""
    v = _num(n)
    k = 0 if v is None else max(0, min(out_of, int(round(v))))
    return "★" * k + "☆" * (out_of - k)


def case_template_key(title: str, county_name: object) -> str:
    """The generic part of a case title ('“网格+警格”双网融合' of '崇川区“网格+警格”双网融合')."""
    title = str(title or "")
    name = str(county_name or "")
    return title[len(name):] if name and title.startswith(name) else title


def case_text(row: dict | pd.Series, lang: str | None = None) -> dict[str, str]:
    """Title, summary, indicator, unit and category of a case in the language (English from
    governance/i18n/areas/cases.py where the case follows a known template; else the stored Chinese)."""
    lang = normalise_lang(lang) if lang else current_lang()
    title, summary = str(row.get("title") or ""), str(row.get("summary") or "")
    indicator, unit = str(row.get("indicator") or ""), row.get("unit")
    unit = "" if unit is None or (isinstance(unit, float) and math.isnan(unit)) else str(unit)
    category = str(row.get("category") or "")
    if lang != "en":
        return {"title": title, "summary": summary, "indicator": indicator, "unit": unit, "category": category}
    from governance.i18n.areas.cases import CASE_TEXT_EN

    key = case_template_key(title, row.get("county_name"))
    en = CASE_TEXT_EN.get(key)
    county = str(row.get("county_name") or "")
    if en:
        title = f"{county}: {en['title']}" if county else en["title"]
        summary = en["summary"]
    return {"title": title, "summary": summary, "indicator": str(value_label(indicator, "en")),
            "unit": str(value_label(unit, "en")) if unit else "", "category": str(value_label(category, "en"))}


def filter_cases(df: pd.DataFrame, categories: Iterable[str] | None = None, city_codes: Iterable[str] | None = None,
                 search: str | None = None, lang: str | None = None) -> pd.DataFrame:
    """Cases of the chosen categories and cities (empty / None: all) whose text contains ``search``
    (case-insensitive; searched in the stored Chinese text, the county and city names and the English text)."""
    if df is None or not len(df):
        return df if df is not None else pd.DataFrame()
    out = df
    cats = [c for c in (categories or []) if c]
    if cats:
        out = out[out["category"].isin(cats)]
    cities = [str(c) for c in (city_codes or []) if c]
    if cities:
        out = out[out["city_code"].astype(str).isin(cities)]
    q = (search or "").strip().lower()
    if q:
        def hit(row) -> bool:
            en = case_text(row, "en")
            hay = " ".join(str(row.get(c) or "") for c in ("title", "summary", "indicator", "county_name",
                                                          "city_name", "city_name_en", "category", "case_id"))
            hay += " " + " ".join(en.values())
            return q in hay.lower()
        out = out[[hit(r) for r in out.to_dict("records")]]
    return out.reset_index(drop=True)


_CATEGORY_COLORS = {"网格治理": "#1f4e9c", "养老服务": "#e07b00", "垃圾分类": "#2a9d8f", "居民自治": "#6a4c93",
                    "资金创新": "#8c6d46", "数字治理": "#b23a48"}
_GOOD, _BAD, _FLAT = "#2e7d32", "#c62828", "#5f6368"


def _fmt_case_value(v: object) -> str:
    x = _num(v)
    if x is None:
        return "—"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:,.1f}"


def case_card_html(row: dict | pd.Series, lang: str | None = None, large: bool = False) -> str:
    """One case as an HTML card (all text escaped): category chip, title, county · city · year, practice, the
    indicator before → after with an arrow and % change coloured by ``higher_is_better`` (green improved, red
    worse), replicability stars. ``large``: presentation-mode sizes for projecting."""
    lang = normalise_lang(lang) if lang else current_lang()
    txt = case_text(row, lang)
    ch = case_change(row.get("value_before"), row.get("value_after"), bool(row.get("higher_is_better")))
    color = _FLAT if ch["improved"] is None else _GOOD if ch["improved"] else _BAD
    verdict_key = ("cases.unchanged" if ch["improved"] is None else "cases.improved" if ch["improved"]
                   else "cases.worsened")
    verdict = t(verdict_key, lang=lang)
    pct = "—" if ch["pct"] is None else f"{ch['pct']:+.1f}%"
    direction = t("cases.higher_better" if row.get("higher_is_better") else "cases.lower_better", lang=lang)
    city = row.get("city_name_en") if lang == "en" and row.get("city_name_en") else row.get("city_name")
    unit = txt["unit"]
    cat_color = _CATEGORY_COLORS.get(str(row.get("category")), "#5f6368")
    sz = {"title": "2.3rem" if large else "1.35rem", "body": "1.45rem" if large else "1.02rem",
          "value": "3.6rem" if large else "1.9rem", "meta": "1.2rem" if large else "0.92rem",
          "stars": "2.2rem" if large else "1.3rem", "pad": "1.6rem 1.8rem" if large else "0.9rem 1.1rem"}
    e = html.escape
    launched = t("cases.launched", lang=lang, year=int(row.get("year"))) if _num(row.get("year")) else ""
    meta = " · ".join(x for x in (str(row.get("county_name") or ""), str(city or ""), launched) if x)
    return (
        f'<div class="gov-case" data-testid="gov-case-card" data-case="{e(str(row.get("case_id") or ""))}" '
        f'style="border:1px solid #d5dbe5;border-top:6px solid {cat_color};border-radius:8px;background:#ffffff;'
        f'padding:{sz["pad"]};box-shadow:0 1px 3px rgba(0,0,0,0.10);">'
        f'<div style="display:flex;justify-content:space-between;align-items:center;gap:8px;">'
        f'<span style="background:{cat_color};color:#ffffff;border-radius:12px;padding:2px 12px;'
        f'font-size:{sz["meta"]};">'
        f'{e(txt["category"])}</span>'
        f'<span title="{e(t("cases.replicability", lang=lang))}" style="color:#e6a100;font-size:{sz["stars"]};'
        f'letter-spacing:2px;" aria-label="{e(t("cases.replicability", lang=lang))} '
        f'{int(_num(row.get("replicability")) or 0)}/5">'
        f'{e(stars(row.get("replicability")))}</span></div>'
        f'<div class="gov-case-title" style="font-size:{sz["title"]};font-weight:700;color:#1a1a1a;'
        f'margin:0.35rem 0 0.1rem 0;line-height:1.3;">'
        f'{e(txt["title"])}</div>'
        f'<div style="font-size:{sz["meta"]};color:#5f6368;">{e(meta)}</div>'
        f'<div style="font-size:{sz["body"]};color:#1a1a1a;margin:0.5rem 0;line-height:1.5;">{e(txt["summary"])}</div>'
        f'<div style="font-size:{sz["meta"]};color:#5f6368;">{e(txt["indicator"])}（{e(direction)}）</div>'
        f'<div style="display:flex;align-items:baseline;gap:0.6rem;flex-wrap:wrap;">'
        f'<span style="font-size:{sz["value"]};font-weight:600;color:#5f6368;" '
        f'title="{e(t("cases.before", lang=lang))}">'
        f'{e(_fmt_case_value(row.get("value_before")))}</span>'
        f'<span style="font-size:{sz["value"]};font-weight:700;color:{color};">{e(ch["arrow"])}</span>'
        f'<span style="font-size:{sz["value"]};font-weight:700;color:#1a1a1a;" '
        f'title="{e(t("cases.after", lang=lang))}">'
        f'{e(_fmt_case_value(row.get("value_after")))}</span>'
        f'<span style="font-size:{sz["body"]};color:#5f6368;">{e(unit)}</span>'
        f'<span data-testid="gov-case-change" data-improved="{e(str(ch["improved"]).lower())}" '
        f'style="font-size:{sz["body"]};font-weight:700;color:#ffffff;background:{color};border-radius:6px;'
        f'padding:1px 10px;">{e(pct)} {e(verdict)}</span></div>'
        f'<div style="font-size:{sz["meta"]};color:#5f6368;">{e(t("cases.before", lang=lang))} → '
        f'{e(t("cases.after", lang=lang))}</div>'
        f'</div>'
    )


def cases_table(df: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """The filtered cases as a flat table with translated headers (for the download buttons)."""
    lang = normalise_lang(lang) if lang else current_lang()
    rows = []
    for r in df.to_dict("records"):
        txt = case_text(r, lang)
        ch = case_change(r.get("value_before"), r.get("value_after"), bool(r.get("higher_is_better")))
        rows.append({
            t("cases.col.case_id", lang=lang): r.get("case_id"),
            t("cases.col.title", lang=lang): txt["title"],
            t("cases.col.category", lang=lang): txt["category"],
            t("cases.col.county", lang=lang): r.get("county_name"),
            t("cases.col.city", lang=lang): r.get("city_name_en") if lang == "en" else r.get("city_name"),
            t("cases.col.year", lang=lang): r.get("year"),
            t("cases.col.indicator", lang=lang): txt["indicator"],
            t("cases.col.unit", lang=lang): txt["unit"],
            t("cases.col.before", lang=lang): r.get("value_before"),
            t("cases.col.after", lang=lang): r.get("value_after"),
            t("cases.col.change_pct", lang=lang): None if ch["pct"] is None else round(ch["pct"], 1),
            t("cases.col.replicability", lang=lang): r.get("replicability"),
            t("cases.col.summary", lang=lang): txt["summary"],
        })
    return pd.DataFrame(rows)


# ==================================================================================================== 7. facility map
OPERATOR_COLORS: dict[str, str] = {"公办公营": "#1f4e9c", "公建民营": "#e07b00", "民办": "#2a9d8f"}
FACILITY_LAYER_PREFIX = "facilities-"
# How each facility type is drawn: institutions filled, street centres filled with a dark ring, community stations
# small and lighter, meal points hollow rings. Radius in pixels grows with √beds.
TYPE_STYLE: dict[str, dict] = {
    "养老机构": {"filled": True, "alpha": 215, "line": [255, 255, 255, 255], "line_px": 1, "base_px": 4.0},
    "街道综合养老服务中心": {"filled": True, "alpha": 235, "line": [26, 26, 26, 255], "line_px": 2.5, "base_px": 5.0},
    "社区居家养老服务站": {"filled": True, "alpha": 150, "line": [255, 255, 255, 200], "line_px": 0.5, "base_px": 3.0},
    "助餐点": {"filled": False, "alpha": 255, "line": None, "line_px": 2, "base_px": 3.5},
}


def radius_factor(zoom: float) -> float:
    """Pixels per √bed: 0.3 at the province's zoom (≈6), growing to 0.9 at a county's (≥9) — thousands of care
    homes must not cover the province, a county's twenty should read at a glance."""
    return round(min(0.9, max(0.3, 0.3 + (float(zoom) - 6.5) * 0.24)), 3)


def facility_radius_px(beds: object, base_px: float = 4.0, factor: float = 0.9) -> float:
    """Point radius (pixels) for a facility: base + factor·√beds, capped at 22 px."""
    b = _num(beds) or 0.0
    return round(min(22.0, base_px + factor * math.sqrt(max(b, 0.0))), 2)


def facility_records(df: pd.DataFrame, lang: str | None = None, factor: float = 0.9) -> dict[str, list[dict]]:
    """Map records per facility type (plain dicts for pydeck) with tooltip fields in the language:
    name, metric (type), value_text (beds, nursing beds, occupancy), detail (operator model · county).
    Vectorised: a province view has thousands of points and this runs on every rerun."""
    lang = normalise_lang(lang) if lang else current_lang()
    out: dict[str, list[dict]] = {}
    if df is None or not len(df):
        return out
    lon = pd.to_numeric(df["lon"], errors="coerce").to_numpy(dtype="float64")
    lat = pd.to_numeric(df["lat"], errors="coerce").to_numpy(dtype="float64")
    ok = np.isfinite(lon) & np.isfinite(lat)
    d = df[ok]
    lon, lat = np.round(lon[ok], 5).tolist(), np.round(lat[ok], 5).tolist()
    beds = pd.to_numeric(d["beds"], errors="coerce").fillna(0).to_numpy(dtype="float64")
    nursing = pd.to_numeric(d["nursing_beds"], errors="coerce").fillna(0).to_numpy(dtype="float64")
    occupied = pd.to_numeric(d["occupied_beds"], errors="coerce").fillna(0).to_numpy(dtype="float64")
    ftypes = d["facility_type"].astype(str).tolist()
    ops = d["operator_model"].astype(str).tolist()
    names = d["name"].astype(str).tolist()
    counties = d["county_name"].astype(str).tolist() if "county_name" in d.columns else [""] * len(d)
    beds_tpl, no_beds = t("elderly.map_tip_beds", lang=lang), t("elderly.map_tip_no_beds", lang=lang)
    type_label = {ft: str(value_label(ft, lang)) for ft in set(ftypes)}
    op_label = {op: str(value_label(op, lang)) for op in set(ops)}
    colors = {(op, ft): maps.hex_to_rgba(OPERATOR_COLORS.get(op, "#5f6368"),
                                         TYPE_STYLE.get(ft, TYPE_STYLE["养老机构"])["alpha"])
              for op in set(ops) for ft in set(ftypes)}
    base = np.array([TYPE_STYLE.get(ft, TYPE_STYLE["养老机构"])["base_px"] for ft in ftypes], dtype="float64")
    radius = np.round(np.minimum(22.0, base + factor * np.sqrt(np.clip(beds, 0, None))), 2).tolist()
    for i, ft in enumerate(ftypes):
        b = int(beds[i])
        if b > 0:
            value_text = beds_tpl.format(beds=fmt_count(b, lang=lang), nursing=fmt_count(int(nursing[i]), lang=lang),
                                         occupancy=fmt_pct(100.0 * occupied[i] / b, lang=lang))
        else:
            value_text = no_beds
        color = colors[(ops[i], ft)]
        line = TYPE_STYLE.get(ft, TYPE_STYLE["养老机构"])["line"]
        out.setdefault(ft, []).append({
            "position": [lon[i], lat[i]],
            "name": names[i],
            "metric": type_label[ft],
            "value_text": value_text,
            "detail": f"{op_label[ops[i]]} · {counties[i]}",
            "fill": color,
            "line": line or color,
            "radius": radius[i],
        })
    return out


class CompactDeck(pdk.Deck):
    """A ``pydeck.Deck`` whose ``to_json`` writes compact JSON with the C encoder (pydeck's own uses indent=2,
    which forces the pure-Python encoder: ≈10× slower for a map with thousands of points). Same content.
    The JSON is computed once per object (decks are cached by ``facility_deck``; treat them as read-only)."""

    def to_json(self) -> str:
        cached = self.__dict__.get("_kwargs", {}).get("_compact_json")
        if cached is not None:
            return cached
        from pydeck.bindings.json_tools import default_serialize

        text = json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"), ensure_ascii=False)
        self._kwargs = {**(getattr(self, "_kwargs", None) or {}), "_compact_json": text}  # _kwargs: not serialised
        return text


_DECK_CACHE: OrderedDict = OrderedDict()
_DECK_CACHE_SIZE = 32
_deck_lock = threading.Lock()


def _frame_key(df: pd.DataFrame | None) -> tuple:
    if df is None or not len(df):
        return (0,)
    return (len(df), tuple(df.columns), int(pd.util.hash_pandas_object(df, index=False).sum()))


def _outline_layer(codes: Sequence[str], highlight: str | None = None) -> pdk.Layer:
    feats = geo.features_for("county", codes)
    for f in feats:
        f["properties"]["fill"] = [31, 78, 156, 28] if f["properties"]["code"] == highlight else [255, 255, 255, 0]
    return pdk.Layer(
        "GeoJsonLayer", data={"type": "FeatureCollection", "features": feats}, id="county-outlines",
        pickable=False, stroked=True, filled=True, get_fill_color="properties.fill",
        get_line_color=[95, 99, 104, 200], line_width_min_pixels=1, get_line_width=1,
    )


def facility_deck(df: pd.DataFrame, county_codes: Sequence[str], focus: Sequence[str] | str | None = None,
                  highlight: str | None = None, lang: str | None = None, width_px: int = 800,
                  height_px: int = 560) -> pdk.Deck:
    """The facility map: county outlines of ``county_codes`` (governance.core.geo), one ScatterplotLayer per facility
    type (see ``TYPE_STYLE``), coloured by operator model and sized by beds; tooltips in the language; blank local
    base style (no external request). Decks are cached by content (the same view on a rerun costs a hash)."""
    lang = normalise_lang(lang) if lang else current_lang()
    codes = [str(c) for c in county_codes]
    focus_key = (focus,) if isinstance(focus, str) else tuple(focus) if focus else None
    key = ("facilities", _frame_key(df), tuple(codes), focus_key, highlight, lang, width_px, height_px)
    return _cached_deck(key, lambda: _build_facility_deck(df, codes, focus, highlight, lang, width_px, height_px))


def _cached_deck(key: tuple, build) -> pdk.Deck:
    """A deck from the small content-keyed cache, else ``build()`` turned into a ``CompactDeck`` and cached."""
    with _deck_lock:
        deck = _DECK_CACHE.get(key)
        if deck is not None:
            _DECK_CACHE.move_to_end(key)
            return deck
    built = build()
    deck = built if isinstance(built, CompactDeck) else CompactDeck.__new__(CompactDeck)
    if deck is not built:
        deck.__dict__.update(built.__dict__)
    deck.to_json()  # serialise once, outside the lock
    with _deck_lock:
        _DECK_CACHE[key] = deck
        while len(_DECK_CACHE) > _DECK_CACHE_SIZE:
            _DECK_CACHE.popitem(last=False)
    return deck


def pct_choropleth_deck(values: pd.DataFrame, codes: Sequence[str], metric_label: str, selected: str | None = None,
                        higher_is_better: bool = True, lang: str | None = None, height_px: int = 520) -> pdk.Deck:
    """``governance.app.maps.choropleth_deck`` of a percentage per county (values: code, value, label, detail),
    cached by content and serialised compactly (95 county polygons cost ≈0.1 s with pydeck's own encoder)."""
    lang = normalise_lang(lang) if lang else current_lang()
    codes = [str(c) for c in codes]
    key = ("choropleth", _frame_key(values), tuple(codes), metric_label, selected, higher_is_better, lang, height_px)
    return _cached_deck(key, lambda: maps.choropleth_deck(
        values, "county", codes, metric_label, lambda v: fmt_pct(v, lang=lang), higher_is_better, selected,
        height_px=height_px, no_data_text="—"))


def _build_facility_deck(df, codes, focus, highlight, lang, width_px, height_px) -> pdk.Deck:
    layers = [_outline_layer(codes, highlight)] if codes else []
    view = geo.view_state_for(focus if focus else (codes or None), width_px=width_px, height_px=height_px,
                              padding=0.06)
    records = facility_records(df, lang, factor=radius_factor(view["zoom"]))
    for ftype in ("社区居家养老服务站", "助餐点", "街道综合养老服务中心", "养老机构"):  # big points on top
        rows = records.get(ftype)
        if not rows:
            continue
        style = TYPE_STYLE[ftype]
        layers.append(pdk.Layer(
            "ScatterplotLayer", data=rows, id=FACILITY_LAYER_PREFIX + str(FACILITY_TYPES.index(ftype)),
            pickable=True, get_position="position", get_radius="radius", radius_units='"pixels"',
            filled=style["filled"], get_fill_color="fill", stroked=True, get_line_color="line",
            line_width_units='"pixels"', get_line_width=style["line_px"], auto_highlight=True,
        ))
    return CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(**view, pitch=0, bearing=0),
        map_style=maps.BLANK_STYLE,
        map_provider=None,
        tooltip={"html": maps.TOOLTIP_HTML, "style": maps.TOOLTIP_STYLE},
    )


def facility_legend_html(types: Iterable[str], lang: str | None = None) -> str:
    """Legend of the facility map: operator-model colours, facility-type symbols, the size rule (escaped HTML)."""
    lang = normalise_lang(lang) if lang else current_lang()
    head = '<div style="font-weight:600;margin:{m};">{text}</div>'
    rows = [head.format(m="0 0 2px 0", text=html.escape(t("elderly.map_legend_operator", lang=lang)))]
    for op in OPERATOR_MODELS:
        rows.append(_legend_dot(OPERATOR_COLORS[op], str(value_label(op, lang))))
    rows.append(head.format(m="6px 0 2px 0", text=html.escape(t("elderly.map_legend_type", lang=lang))))
    for ftype in FACILITY_TYPES:
        if ftype not in set(types):
            continue
        style = TYPE_STYLE[ftype]
        if style["filled"]:
            ring = "#1a1a1a" if style["line"] and style["line"][0] < 100 else "#9aa0a6"
            sym = (f'<span style="display:inline-block;width:14px;height:14px;border-radius:50%;background:#9aa0a6;'
                   f'border:{2 if ring == "#1a1a1a" else 1}px solid {ring};"></span>')
        else:
            sym = ('<span style="display:inline-block;width:12px;height:12px;border-radius:50%;'
                   'border:2px solid #5f6368;background:transparent;"></span>')
        rows.append(f'<div style="display:flex;align-items:center;gap:8px;">{sym}'
                    f'<span>{html.escape(str(value_label(ftype, lang)))}</span></div>')
    rows.append(f'<div style="color:#5f6368;font-size:0.85rem;margin-top:4px;">'
                f'{html.escape(t("elderly.map_legend_size", lang=lang))}</div>')
    return (f'<div class="gov-legend" data-testid="gov-facility-legend" style="font-size:0.95rem;line-height:1.5;">'
            f'{"".join(rows)}</div>')


def _legend_dot(color: str, label: str) -> str:
    return (f'<div style="display:flex;align-items:center;gap:8px;"><span style="display:inline-block;width:14px;'
            f'height:14px;border-radius:50%;background:{html.escape(color)};"></span>'
            f'<span>{html.escape(label)}</span></div>')


__all__ = [
    "ELDERLY_KPIS", "GAP_KPIS", "GAP_ACTIONS", "LOCAL_TARGETS", "MEALS_PER_POINT_DAY", "target_for", "kpi_status",
    "elderly_indicators", "elderly_totals", "gap_actions", "furthest_from_target", "gap_summary",
    "operator_comparison", "waste_trend", "smart_before_after", "councils_trend", "scatter_scope", "case_change",
    "stars", "case_template_key", "case_text", "filter_cases", "facility_deck", "facility_records",
    "facility_legend_html", "facility_radius_px", "OPERATOR_COLORS", "FACILITY_TYPES", "OPERATOR_MODELS",
]
