"""The briefing paragraph of the leadership overview (and of the exported briefs), written from the numbers.

``briefing_text(current, previous, groups, ...)``: a few sentences in Chinese (or English) over the frames of
``queries/kpis_by_region.sql``: status count, the KPI furthest from its target, the best and weakest city/county on
it, the biggest change on the same period last year, and the counties over the PPP red lines (7 %, 10 %). Every
judgement of a value (target, status, format, ranking) comes from ``governance.core.indicators.kpis``.
"""

from __future__ import annotations

import pandas as pd

from governance.core.indicators.kpis import (
    KPI_SPECS,
    OVERVIEW_KPIS,
    KpiSpec,
    as_number,
    first_row,
    fmt_kpi,
    kpi_label,
    kpi_summary,
    ranked,
)
from governance.i18n import region_name, t
from governance.i18n.formats import fmt_pct


def _inline_label(kpi: str, lang: str) -> str:
    """The KPI name inside an English sentence: 'grid coverage' (acronyms such as 'PPP' kept)."""
    label = kpi_label(kpi, lang)
    if lang == "en" and len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


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
    obligations are over the 10 % red line or the 7 % risk notice (thresholds.RED_LINES, domain.md §5a).
    """
    summary = kpi_summary(current, previous, kpis)
    cur = first_row(current)
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

    # the red lines (thresholds.RED_LINES): a county over 10 % is over it ("已超过"), never "near" it
    over7 = as_number(cur.get("counties_over_7pct"))
    over10 = as_number(cur.get("counties_over_10pct")) or 0
    top = as_number(cur.get("max_county_obligation_pct"))
    if over10 > 0:
        parts.append(t("briefing.red_line_over", lang=lang, n=int(over10), max=fmt_pct(top, lang=lang)))
        if over7 is not None and over7 > over10:
            parts.append(t("briefing.red_line_notice_more", lang=lang, n=int(over7 - over10)))
    elif over7 is not None and over7 > 0:
        parts.append(t("briefing.red_line_notice", lang=lang, n=int(over7), max=fmt_pct(top, lang=lang)))
    elif over7 is not None:
        parts.append(t("briefing.red_line_none", lang=lang, max=fmt_pct(top, lang=lang)))

    return ("" if lang == "zh" else " ").join(parts)


__all__ = ["briefing_text"]
