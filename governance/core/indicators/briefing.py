"""Headline KPIs of the leadership overview and the briefing paragraph written from their numbers.

Pure functions over the frames of ``queries/kpis_by_region.sql`` (no Streamlit, no SQL):

* ``OVERVIEW_KPIS`` / ``GRID_KPIS``: which KPIs, which column holds each, whether it is a stock (current
  register, so no year-ago value) and how it is formatted.
* ``kpi_summary(current, previous)``: one row per KPI: value, year-ago value, change, target (pro-rated for fund
  execution), red/amber/green status and the relative gap to target.
* ``briefing_text(current, previous, groups, ...)``: a few sentences in Chinese (or English): status count,
  the KPI furthest from its target, the best and weakest city/county on it, the biggest change on the same
  period last year, and the counties near the PPP red line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from governance.core import thresholds
from governance.i18n import region_name, t
from governance.i18n.formats import MISSING, fmt_change, fmt_pct


@dataclass(frozen=True)
class KpiSpec:
    kpi: str  # key in governance.core.thresholds.TARGETS and in the i18n catalog (overview.kpi.<kpi>)
    column: str  # column of kpis_by_region holding the value
    kind: str = "pct"  # 'pct' (percent units) | 'ratio' (a plain number, unit in the label)
    stock: bool = False  # current register: no history, so no change on last year


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
KPI_SPECS: dict[str, KpiSpec] = {s.kpi: s for s in OVERVIEW_KPIS + GRID_KPIS}
RED_LINE_WATCH_PCT = 8.0  # counties_over_8pct of kpis_by_region (domain.md §5a: red line 10 %)


# ============================================================================================ values
def _num(x: object) -> float | None:
    if x is None or isinstance(x, bool):
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def kpi_label(kpi: str, lang: str | None = None) -> str:
    return t(f"overview.kpi.{kpi}", lang=lang)


def _inline_label(kpi: str, lang: str) -> str:
    """The KPI name inside an English sentence: 'grid coverage' (acronyms such as 'PPP' kept)."""
    label = kpi_label(kpi, lang)
    if lang == "en" and len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


def higher_is_better(kpi: str) -> bool:
    tg = thresholds.TARGETS.get(kpi)
    return True if tg is None else tg.higher_is_better


def fmt_kpi(kpi: str, value: object, lang: str | None = None) -> str:
    """'97.6%' for percentages, '33.3' for ratios and other units (the unit is in the label), '—' when missing."""
    spec = KPI_SPECS.get(kpi)
    tg = thresholds.TARGETS.get(kpi)
    if (spec is not None and spec.kind == "pct") or (spec is None and (tg is None or tg.unit == "%")):
        return fmt_pct(value, lang=lang)
    v = _num(value)
    return MISSING if v is None else f"{v:,.1f}"


def kpi_target(kpi: str, row: dict | pd.Series | None = None) -> float | None:
    """The target of a KPI; fund execution is pro-rated to the month the year's figures reach."""
    tg = thresholds.TARGETS.get(kpi)
    if tg is None:
        return None
    if kpi == "fund_execution_pct":
        as_of = _num(row.get("fund_as_of_month")) if row is not None else None
        return thresholds.fund_execution_target(int(as_of) if as_of else None)
    return tg.target


def kpi_status(kpi: str, value: object, row: dict | pd.Series | None = None) -> str:
    """'green' | 'amber' | 'red' | 'none' against the (pro-rated) target."""
    v = _num(value)
    if v is None:
        return "none"
    if kpi == "fund_execution_pct":
        return thresholds.status(kpi, v, target_override=kpi_target(kpi, row))
    return thresholds.status(kpi, v)


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


def _first_row(df: pd.DataFrame | None) -> dict:
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
    cur, prev = _first_row(current), _first_row(previous)
    rows = []
    for spec in kpis:
        value = _num(cur.get(spec.column))
        before = None if spec.stock else _num(prev.get(spec.column))
        if spec.kpi == "fund_execution_pct" and before is not None:
            if _num(prev.get("fund_as_of_month")) != _num(cur.get("fund_as_of_month")):
                before = None  # a full year against a part year: not comparable
        target = kpi_target(spec.kpi, cur)
        gap = None
        if value is not None and target:
            gap = (target - value) / abs(target) if higher_is_better(spec.kpi) else (value - target) / abs(target)
        rows.append({
            "kpi": spec.kpi,
            "value": value,
            "previous": before,
            "delta": value - before if value is not None and before is not None else None,
            "target": target,
            "status": kpi_status(spec.kpi, value, cur),
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
        v = _num(rec.get(spec.column))
        if v is None:
            continue
        code = str(rec.get("group_code"))
        rows.append({"code": code, "name": region_name(code, lang=lang), "value": v,
                     "value_text": fmt_kpi(kpi, v, lang=lang), "status": kpi_status(kpi, v, rec)})
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


# ============================================================================================ briefing
def briefing_text(current: pd.DataFrame, previous: pd.DataFrame | None, groups: pd.DataFrame | None, *,
                  region: str, group_level: str = "city", lang: str = "zh", focus_kpi: str | None = None,
                  kpis: tuple[KpiSpec, ...] = OVERVIEW_KPIS) -> str:
    """The overview's briefing paragraph from the numbers.

    ``current`` / ``previous``: kpis_by_region 'self' rows for the period and the same period a year earlier;
    ``groups``: its 'city' or 'county' rows (``group_level``) for the period; ``region``: the region's code.
    Sentences: (1) how many KPIs are green/amber/red; (2) the KPI furthest behind its target (or that all meet
    theirs); (3) on that KPI (or ``focus_kpi``), the best and weakest city/county and how many are off track;
    (4) the biggest change on the same period last year (percentage KPIs, in points); (5) counties whose PPP
    obligations exceed 8 % of their general budget expenditure (the 10 % red line, domain.md §5a).
    """
    summary = kpi_summary(current, previous, kpis)
    cur = _first_row(current)
    parts: list[str] = []
    rname = region_name(region, lang=lang)

    known = summary[summary["status"] != "none"]
    if len(known):
        parts.append(t("briefing.status_count", lang=lang, region=rname, n=len(known),
                       green=int((known["status"] == "green").sum()), amber=int((known["status"] == "amber").sum()),
                       red=int((known["status"] == "red").sum())))

    behind = summary[summary["gap"] > 0].sort_values(["gap", "kpi"], ascending=[False, True], kind="mergesort")
    furthest = None
    if len(behind):
        row = behind.iloc[0]
        furthest = str(row["kpi"])
        parts.append(t("briefing.furthest", lang=lang, label=_inline_label(furthest, lang),
                       value=fmt_kpi(furthest, row["value"], lang), target=fmt_kpi(furthest, row["target"], lang)))
    elif len(known):
        parts.append(t("briefing.all_on_target", lang=lang))

    focus = focus_kpi or furthest or kpis[0].kpi
    r = ranked(groups, focus, lang=lang) if groups is not None else None
    if r is not None and len(r) >= 2:
        best, worst = r.iloc[0], r.iloc[-1]
        unit = t(f"briefing.unit_{'county' if group_level == 'county' else 'city'}", lang=lang)
        parts.append(t("briefing.best_worst", lang=lang, by=t(f"briefing.by_{group_level}", lang=lang),
                       label=_inline_label(focus, lang), best=best["name"], best_value=best["value_text"],
                       worst=worst["name"], worst_value=worst["value_text"]))
        n_red = int((r["status"] == "red").sum())
        if n_red:
            parts.append(t("briefing.red_regions", lang=lang, n=n_red, total=len(r), unit=unit))

    moved = summary.dropna(subset=["delta"])
    moved = moved[[KPI_SPECS[k].kind == "pct" for k in moved["kpi"]]] if len(moved) else moved
    if len(moved):
        order = moved.assign(abs_delta=moved["delta"].abs()).sort_values(["abs_delta", "kpi"],
                                                                          ascending=[False, True], kind="mergesort")
        row = order.iloc[0]
        k = str(row["kpi"])
        parts.append(t("briefing.biggest_change", lang=lang, label=_inline_label(k, lang),
                       direction=t("briefing.up" if row["delta"] > 0 else "briefing.down", lang=lang),
                       points=f"{abs(row['delta']):.1f}", previous=fmt_kpi(k, row["previous"], lang),
                       value=fmt_kpi(k, row["value"], lang)))
    else:
        parts.append(t("briefing.no_change", lang=lang))

    over = _num(cur.get("counties_over_8pct"))
    top = _num(cur.get("max_county_obligation_pct"))
    if over is not None and over > 0:
        parts.append(t("briefing.red_line_counties", lang=lang, n=int(over), max=fmt_pct(top, lang=lang)))
    elif over is not None:
        parts.append(t("briefing.red_line_none", lang=lang, max=fmt_pct(top, lang=lang)))

    return ("" if lang == "zh" else " ").join(parts)


__all__ = [
    "KpiSpec", "OVERVIEW_KPIS", "GRID_KPIS", "KPI_SPECS", "kpi_label", "fmt_kpi", "kpi_target", "kpi_status",
    "target_text", "change_text", "kpi_summary", "ranked", "best_worst", "briefing_text",
    "higher_is_better", "status_label", "map_values",
]
