"""Figures and panels of the 养老服务 page (pages/elderly.py).

Every number arrives computed — rates from queries/elderly_indicators.sql, operator-model costs from
queries/elderly_operator_models.sql, target gaps from governance/core/indicators/elderly_gaps.py; KPI status and
number formats are the shared ones of governance/core/indicators/kpis.py. This module formats and draws.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from governance.app import charts, downloads, maps
from governance.core import regions, thresholds
from governance.core.indicators import kpis
from governance.core.indicators.elderly_gaps import GAP_ACTIONS
from governance.core.vocabulary import FACILITY_TYPES, OPERATOR_MODELS
from governance.i18n import region_name, t, value_label, value_labels
from governance.i18n.formats import MISSING, fmt_count, fmt_pct, fmt_wan_yuan

KPIS: tuple[str, ...] = tuple(spec.kpi for spec in kpis.ELDERLY_KPIS)
_RAG_TINT = {"green": "#e3f1e4", "amber": "#fff1cc", "red": "#fbe0e0"}
_RAG_TEXT = {"green": "#1b5e20", "amber": "#7a5300", "red": "#b71c1c"}


# ------------------------------------------------------------------------------------------------ text
def value_text(kpi: str, value: object, lang: str | None = None, unit: bool = True) -> str:
    """A KPI value in the shared format, with its unit unless a percentage ('34.5 张/千名老人', '62.3%', '—')."""
    text = kpis.fmt_kpi(kpi, value, lang=lang)
    if not unit or text == MISSING or kpis.KPI_SPECS[kpi].kind == "pct":
        return text
    return f"{text} {t(f'elderly.unit.{kpi}', lang=lang)}"


def target_value_text(kpi: str, lang: str | None = None) -> str:
    """'≥ 35.0 张/千名老人' ('—' without a target)."""
    tgt = thresholds.TARGETS.get(kpi)
    if tgt is None:
        return MISSING
    return f"{'≥' if tgt.higher_is_better else '≤'} {value_text(kpi, tgt.target, lang=lang)}"


def target_text(kpi: str, lang: str | None = None) -> str:
    """'目标：≥ 35.0 张/千名老人' — or '暂无目标值' for volumes without a target."""
    if kpi not in thresholds.TARGETS:
        return t("elderly.no_target", lang=lang)
    return t("common.target", lang=lang, target=target_value_text(kpi, lang))


# ------------------------------------------------------------------------------------------------ KPI cards
def kpi_cards(row: pd.Series) -> None:
    """The region's indicators as two rows of cards, each against its target, and the counts behind them."""
    for card_row in (KPIS[:5], KPIS[5:]):
        for col, kpi in zip(st.columns(5), card_row):
            charts.kpi_card(t(f"elderly.col.{kpi}"), value_text(kpi, row[kpi], unit=False),
                            status=kpis.kpi_status(kpi, row[kpi]), target_text=target_text(kpi), container=col)
    st.caption(t("elderly.kpi_note", elderly=fmt_count(row["residents_60plus"]), beds=fmt_count(row["beds"]),
                 streets=fmt_count(row["streets"]), communities=fmt_count(row["communities"])))


# ------------------------------------------------------------------------------------------------ county table
def county_table(ind: pd.DataFrame, lang: str, highlight: str | None = None):
    """(Styler, plain frame with translated headers): one row per county, each KPI in its format, cells tinted
    red/amber/green against the target (volumes without a target untinted); the ``highlight`` county in bold."""
    en = lang == "en"
    df = pd.DataFrame({
        t("elderly.col.county", lang=lang): ind["county_name"].astype(str).to_numpy(),
        t("elderly.col.city", lang=lang): (ind["city_name_en"] if en else ind["city_name"]).astype(str).to_numpy(),
    })
    labels = {}
    for kpi in KPIS:
        label = t(f"elderly.col.{kpi}", lang=lang)
        labels[label] = kpi
        df[label] = pd.to_numeric(ind[kpi], errors="coerce").to_numpy()
    codes = ind["group_code"].astype(str).to_numpy()

    def tint(col: pd.Series) -> list[str]:
        out = []
        for v in col:
            status = kpis.kpi_status(labels[col.name], v)
            out.append(f"background-color: {_RAG_TINT[status]}; color: {_RAG_TEXT[status]}" if status in _RAG_TINT
                       else "")
        return out

    def bold(row: pd.Series) -> list[str]:
        return ["font-weight: 700" if codes[row.name] == highlight else ""] * len(row)

    sty = df.style.format({lab: (lambda v, k=kpi: value_text(k, v, lang=lang, unit=False))
                           for lab, kpi in labels.items()}, na_rep=MISSING)
    sty = sty.apply(tint, axis=0, subset=list(labels))
    if highlight is not None:
        sty = sty.apply(bold, axis=1)
    return sty.hide(axis="index"), df


def county_table_panel(ind: pd.DataFrame, lang: str, highlight: str | None) -> None:
    """The county table with its legend and download buttons."""
    styler, table = county_table(ind, lang, highlight)
    st.dataframe(styler, hide_index=True, width="stretch", placeholder=MISSING, height=min(38 + 35 * len(table), 420),
                 key="eld_table")
    st.caption(t("elderly.table_legend"))
    downloads.download_buttons(table, "elderly_by_county", key="dl_eld_table")


# ------------------------------------------------------------------------------------------------ gap finder
def gap_cards(summary: dict[str, float]) -> None:
    """What it takes to bring every county to target (``elderly_gaps.gap_summary``), five cards."""
    def below(kpi: str) -> str:
        return t("elderly.gap_counties_below", n=int(summary.get(f"below_{kpi}", 0)))

    g1, g2, g3, g4, g5 = st.columns(5)
    charts.kpi_card(t("elderly.gap_beds"), fmt_count(summary.get("beds_needed")),
                    target_text=below("beds_per_1000_elderly"), container=g1)
    charts.kpi_card(t("elderly.gap_nursing"), fmt_count(summary.get("nursing_beds_needed_after")),
                    target_text=t("elderly.gap_nursing_note", now=fmt_count(summary.get("nursing_beds_needed"))),
                    container=g2)
    charts.kpi_card(t("elderly.gap_meal_points"), fmt_count(summary.get("meal_points_needed")),
                    target_text=below("meal_points_per_community"), container=g3)
    charts.kpi_card(t("elderly.gap_streets"), fmt_count(summary.get("streets_without_centre")),
                    target_text=below("street_centre_pct"), container=g4)
    charts.kpi_card(t("elderly.gap_residents"), fmt_count(summary.get("residents_needed")),
                    target_text=below("occupancy_pct"), container=g5)


@charts.cached_figure
def gap_figure(worst: pd.DataFrame, kpi: str) -> go.Figure:
    """Horizontal bars of the shortfall, furthest on top, coloured by status, labelled with the value."""
    rev = worst.iloc[::-1]
    return go.Figure(  # built in one go: plotly's update methods re-validate the figure (5–10× slower)
        data=[dict(type="bar", x=rev["shortfall"], y=rev["county_name"], orientation="h",
                   marker=dict(color=[charts.rag_color(s) for s in rev["status"]]),
                   text=[value_text(kpi, v) for v in rev["value"]], textposition="auto",
                   hovertemplate="%{y}: %{text}<extra></extra>")],
        layout=dict(title=dict(text=t("elderly.gap_chart_title", kpi=t(f"elderly.kpi.{kpi}"))), height=380,
                    margin=dict(l=10, r=10, t=56, b=40), showlegend=False,
                    xaxis=dict(title=dict(text=t("elderly.gap_shortfall_axis")))))


def gap_table(worst: pd.DataFrame, kpi: str) -> pd.DataFrame:
    """The counties furthest from target with their value, the target and what closes the gap (display text)."""
    action = [fmt_pct(v).replace("%", "") if kpi == "elderly_satisfaction_pct" else fmt_count(v)
              for v in worst["action"]]
    view = {
        t("elderly.col.county"): worst["county_name"],
        t("elderly.col.city"): [region_name(regions.city_of(c)) for c in worst["county_code"]],
        t("elderly.gap_value"): [value_text(kpi, v) for v in worst["value"]],
        t("elderly.gap_target"): target_value_text(kpi),
        t(f"elderly.action.{GAP_ACTIONS[kpi]}"): action,
    }
    if kpi == "nursing_bed_pct":
        view[t("elderly.action.nursing_beds_needed_after")] = [fmt_count(v) for v in worst["action_after"]]
    return pd.DataFrame(view)


def gap_panel(worst: pd.DataFrame, kpi: str) -> None:
    """The chart and table of the counties furthest from ``kpi``'s target, or a success note when none is below."""
    if worst.empty:
        st.success(t("elderly.gap_none", kpi=t(f"elderly.kpi.{kpi}"), target=target_text(kpi)),
                   icon=":material/check_circle:")
        return
    c_chart, c_table = st.columns([2, 3])
    with c_chart:
        charts.plotly_chart(gap_figure(worst, kpi), key="eld_gap_chart")
    with c_table:
        table = gap_table(worst, kpi)
        st.dataframe(table, hide_index=True, width="stretch", key="eld_gap_table")
        st.caption(t(f"elderly.gap_rule.{kpi}"))
    downloads.download_buttons(table, f"elderly_gaps_{kpi}", key="dl_eld_gaps")


# ------------------------------------------------------------------------------------------------ facility map
def facility_types_present(facilities: pd.DataFrame) -> list[str]:
    """The facility types of the frame, in display order."""
    present = set(facilities["facility_type"])
    return [ft for ft in FACILITY_TYPES if ft in present]


@st.cache_resource(show_spinner=False, max_entries=32)
def _facility_deck(key: str, _shown: pd.DataFrame, county_codes: tuple[str, ...], county_code: str | None,
                   lang: str) -> maps.PrebuiltDeck:
    """Cached per content (``key``: ``charts.content_key(shown)``; Streamlit's own hashing of thousands of facilities
    would cost more than the cache saves): the same view on a rerun (or in another session) costs a hash, not a
    rebuild."""
    return maps.PrebuiltDeck(maps.facility_deck(_shown, county_codes, focus=[county_code] if county_code else None,
                                                highlight=county_code, lang=lang))


def facility_map(shown: pd.DataFrame, present: Sequence[str], county_codes: Sequence[str], county_code: str | None,
                 lang: str) -> None:
    """The facility map of ``shown`` over the outlines of ``county_codes`` (``county_code`` tinted and in view),
    with its legend and the number of facilities drawn."""
    c_map, c_leg = st.columns([5, 1])
    with c_map:
        st.pydeck_chart(_facility_deck(charts.content_key(shown), shown, tuple(str(c) for c in county_codes),
                                       county_code, lang), height=560,
                        key="eld_map")
    with c_leg:
        st.markdown(maps.facility_legend_html(present, lang=lang), unsafe_allow_html=True)
        st.caption(t("elderly.map_count", n=fmt_count(len(shown))))


# ------------------------------------------------------------------------------------------------ trends
def trend_charts(trend: pd.DataFrame, lang: str) -> None:
    """Meals, home visits and people served per month, three narrow line charts side by side."""
    series = (("meals_served", charts.CATEGORICAL[0]), ("home_visits", charts.CATEGORICAL[1]),
              ("people_served", charts.CATEGORICAL[2]))
    for col, (metric, color) in zip(st.columns(3), series):
        with col:
            charts.plotly_chart(trend_figure(trend[["month", metric]], metric, color, lang), key=f"eld_trend_{metric}")


@charts.cached_figure
def trend_figure(trend: pd.DataFrame, metric: str, color: str, lang: str) -> go.Figure:
    """One narrow monthly line chart of ``metric``."""
    hover = "%{x|" + charts.month_hover(lang) + "}: %{y:,.0f}<extra></extra>"
    return go.Figure(
        data=[dict(type="scatter", x=trend["month"], y=trend[metric], mode="lines+markers",
                   line=dict(color=color, width=3), hovertemplate=hover)],
        layout=dict(title=dict(text=t(f"elderly.trend.{metric}")), height=320, showlegend=False,
                    margin=dict(l=10, r=10, t=56, b=40), yaxis=dict(rangemode="tozero"),
                    xaxis=charts.month_xaxis(len(trend), lang, narrow=True)))


# ------------------------------------------------------------------------------------------------ operator models
def _ordered(df: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Rows in display order of facility type, then operator model."""
    orders = {"facility_type": FACILITY_TYPES, "operator_model": OPERATOR_MODELS}
    keys = {f"_{c}": df[c].map({v: i for i, v in enumerate(orders[c])}).fillna(99) for c in by}
    return df.assign(**keys).sort_values(list(keys), kind="mergesort").drop(columns=list(keys))


def operator_panel(ops: pd.DataFrame, lang: str) -> None:
    """Cost per person served by facility type and operator model, satisfaction per model, and the model table."""
    by_type = _ordered(ops[ops["grain"] == "type_model"], ("facility_type", "operator_model"))
    overall = _ordered(ops[ops["grain"] == "model"], ("operator_model",))
    c1, c2 = st.columns([3, 2])
    with c1:
        charts.plotly_chart(ops_cost_figure(by_type, lang), key="eld_ops_cost")
    with c2:
        charts.plotly_chart(ops_satisfaction_figure(overall, lang), key="eld_ops_sat")
    sat = overall["satisfaction_pct"]
    table = pd.DataFrame({
        t("elderly.ops_col.model"): list(value_labels(overall["operator_model"], lang)),
        t("elderly.ops_col.facilities"): [fmt_count(v) for v in overall["facilities_per_month"]],
        t("elderly.ops_col.people"): [fmt_count(v) for v in overall["people_per_month"]],
        t("elderly.ops_col.cost_total"): [fmt_wan_yuan(v) for v in overall["annual_operating_cost"]],
        t("elderly.ops_col.cost"): [fmt_count(v) for v in overall["cost_per_person_yuan"]],
        t("elderly.ops_col.sat"): [fmt_pct(v) for v in sat],
    })
    st.dataframe(table, hide_index=True, width="stretch", key="eld_ops_table")


@charts.cached_figure
def ops_cost_figure(by_type: pd.DataFrame, lang: str) -> go.Figure:
    """Cost per person served, grouped bars: facility type × operator model."""
    bars = []
    for op in OPERATOR_MODELS:
        sub = by_type[by_type["operator_model"] == op]
        bars.append(dict(type="bar", name=str(value_label(op, lang)),
                         x=list(value_labels(sub["facility_type"], lang)),
                         y=sub["cost_per_person_yuan"], marker=dict(color=maps.OPERATOR_COLORS[op]),
                         hovertemplate="%{x}: %{y:,.0f}<extra>" + str(value_label(op, lang)) + "</extra>"))
    return go.Figure(data=bars, layout=dict(
        barmode="group", title=dict(text=t("elderly.ops_cost_title")), height=380,
        yaxis=dict(title=dict(text=t("elderly.ops_cost_axis"))), margin=dict(l=10, r=10, t=80, b=40)))


@charts.cached_figure
def ops_satisfaction_figure(overall: pd.DataFrame, lang: str) -> go.Figure:
    """Satisfaction per operator model, the axis starting a little under the lowest bar."""
    sat = overall["satisfaction_pct"]
    lo = max(0.0, float(sat.min()) - 5) if sat.notna().any() else 0
    return go.Figure(
        data=[dict(type="bar", x=list(value_labels(overall["operator_model"], lang)), y=sat,
                   marker=dict(color=[maps.OPERATOR_COLORS.get(op, charts.ACCENT)
                                      for op in overall["operator_model"]]),
                   text=[fmt_pct(v) for v in sat], textposition="outside",
                   hovertemplate="%{x}: %{text}<extra></extra>")],
        layout=dict(title=dict(text=t("elderly.ops_sat_title")), height=380, showlegend=False,
                    yaxis=dict(range=[lo, 100], title=dict(text=t("elderly.ops_sat_axis"))),
                    margin=dict(l=10, r=10, t=56, b=40)))
    st.caption(t("elderly.ops_note"))
