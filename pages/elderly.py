"""养老服务 / Elderly care: indicators against targets (KPI cards + county table), gap finder, facility map,
service trends and operator models. Logic in governance/app/elderly.py; data from queries/elderly_*.sql."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from governance.app import charts, data, downloads, shell
from governance.app import elderly as eld
from governance.core import regions
from governance.i18n import region_name, t, value_label, value_labels
from governance.i18n.formats import fmt_count, fmt_month, fmt_pct, fmt_wan_yuan

filters = shell.page_setup("elderly")
lang = filters.lang
st.title(t("page.elderly"))
st.caption(t("filter.current", region=filters.region_name, start=fmt_month(filters.start_month),
             end=fmt_month(filters.end_month)))

period = {"start_month": filters.start_month, "end_month": filters.end_month}
params = {"region": filters.region_code, **period}
# A county is compared with the other counties of its city; a city or the province shows its own counties.
scope = eld.scatter_scope(filters.region_code, filters.region_level, filters.city_code)
counts = data.query("elderly_by_county", region=scope, **period)
if counts.empty:
    shell.empty_state()
    st.stop()

ind = eld.gap_actions(eld.elderly_indicators(counts))
mine = ind[ind["county_code"] == filters.county_code] if filters.county_code else ind
totals = eld.elderly_totals(mine).iloc[0]

# ------------------------------------------------------------------------------------------------ KPI cards
st.subheader(t("elderly.kpis_heading", region=filters.region_name))
cards = list(eld.ELDERLY_KPIS)
for row in (cards[:5], cards[5:]):
    cols = st.columns(5)
    for col, kpi in zip(cols, row):
        charts.kpi_card(t(f"elderly.col.{kpi}"), eld.fmt_kpi(kpi, totals[kpi], unit=False),
                        status=eld.kpi_status(kpi, totals[kpi]), target_text=eld.target_text(kpi), container=col)
st.caption(t("elderly.kpi_note", elderly=fmt_count(totals["residents_60plus"]), beds=fmt_count(totals["beds"]),
             streets=fmt_count(totals["streets"]), communities=fmt_count(totals["communities"])))

# ------------------------------------------------------------------------------------------------ county table
st.subheader(t("elderly.table_heading"))
if filters.region_level == "county":
    st.caption(t("elderly.table_scope_city", city=region_name(scope)))
styler, table = eld.county_table(ind, lang=lang, highlight=filters.county_code)
st.dataframe(styler, hide_index=True, width="stretch", placeholder="—", height=min(38 + 35 * len(table), 420),
             key="eld_table")
st.caption(t("elderly.table_legend"))
downloads.download_buttons(table, "elderly_by_county", key="dl_eld_table")

# ------------------------------------------------------------------------------------------------ gap finder
st.subheader(t("elderly.gap_heading"))
gsum = eld.gap_summary(mine)
g1, g2, g3, g4, g5 = st.columns(5)
charts.kpi_card(t("elderly.gap_beds"), fmt_count(gsum.get("beds_needed")),
                target_text=t("elderly.gap_counties_below", n=int(gsum.get("below_beds_per_1000_elderly", 0))),
                container=g1)
charts.kpi_card(t("elderly.gap_nursing"), fmt_count(gsum.get("nursing_beds_needed_after")),
                target_text=t("elderly.gap_nursing_note", now=fmt_count(gsum.get("nursing_beds_needed"))), container=g2)
charts.kpi_card(t("elderly.gap_meal_points"), fmt_count(gsum.get("meal_points_needed")),
                target_text=t("elderly.gap_counties_below", n=int(gsum.get("below_meal_points_per_community", 0))),
                container=g3)
charts.kpi_card(t("elderly.gap_streets"), fmt_count(gsum.get("streets_without_centre")),
                target_text=t("elderly.gap_counties_below", n=int(gsum.get("below_street_centre_pct", 0))),
                container=g4)
charts.kpi_card(t("elderly.gap_residents"), fmt_count(gsum.get("residents_needed")),
                target_text=t("elderly.gap_counties_below", n=int(gsum.get("below_occupancy_pct", 0))), container=g5)

gap_kpi = st.radio(t("elderly.gap_choose"), list(eld.GAP_KPIS), horizontal=True, key="eld_gap_kpi",
                   format_func=lambda k: t(f"elderly.kpi.{k}", lang=lang))
worst = eld.furthest_from_target(mine, gap_kpi, n=10)
if worst.empty:
    st.success(t("elderly.gap_none", kpi=t(f"elderly.kpi.{gap_kpi}"), target=eld.target_text(gap_kpi)),
               icon=":material/check_circle:")
else:
    c_chart, c_table = st.columns([2, 3])
    with c_chart:
        rev = worst.iloc[::-1]
        fig = go.Figure(  # built in one go: plotly's update methods re-validate the figure (5–10× slower)
            data=[dict(type="bar", x=rev["shortfall"], y=rev["county_name"], orientation="h",
                       marker=dict(color=[charts.rag_color(s) for s in rev["status"]]),
                       text=[eld.fmt_kpi(gap_kpi, v) for v in rev["value"]], textposition="auto",
                       hovertemplate="%{y}: %{text}<extra></extra>")],
            layout=dict(title=dict(text=t("elderly.gap_chart_title", kpi=t(f"elderly.kpi.{gap_kpi}"))), height=380,
                        margin=dict(l=10, r=10, t=56, b=40), showlegend=False,
                        xaxis=dict(title=dict(text=t("elderly.gap_shortfall_axis")))))
        charts.plotly_chart(fig, key="eld_gap_chart")
    with c_table:
        action_label = t(f"elderly.action.{eld.GAP_ACTIONS[gap_kpi]}")
        view = {
            t("elderly.col.county"): worst["county_name"],
            t("elderly.col.city"): [region_name(regions.city_of(c)) for c in worst["county_code"]],
            t("elderly.gap_value"): [eld.fmt_kpi(gap_kpi, v) for v in worst["value"]],
            t("elderly.gap_target"): eld.target_value_text(gap_kpi),
            action_label: [fmt_pct(v).replace("%", "") if gap_kpi == "elderly_satisfaction_pct" else fmt_count(v)
                           for v in worst["action"]],
        }
        if gap_kpi == "nursing_bed_pct":
            view[t("elderly.action.nursing_beds_needed_after")] = [fmt_count(v) for v in worst["action_after"]]
        gap_view = pd.DataFrame(view)
        st.dataframe(gap_view, hide_index=True, width="stretch", key="eld_gap_table")
        st.caption(t(f"elderly.gap_rule.{gap_kpi}"))
    downloads.download_buttons(gap_view, f"elderly_gaps_{gap_kpi}", key="dl_eld_gaps")

# ------------------------------------------------------------------------------------------------ facility map
st.subheader(t("elderly.map_heading"))
facilities = data.query("elderly_facilities_map", region=filters.region_code)
if facilities.empty:
    shell.empty_state()
else:
    present = [ft for ft in eld.FACILITY_TYPES if ft in set(facilities["facility_type"])]
    chosen = st.multiselect(t("elderly.map_types"), present, default=present, key="eld_map_types",
                            format_func=lambda v: str(value_label(v, lang)))
    shown = facilities[facilities["facility_type"].isin(chosen)]
    if filters.region_level != "county":
        st.caption(t("elderly.map_note_large"))
    county_codes = list(ind["county_code"]) if filters.region_level != "county" else [filters.county_code]
    c_map, c_leg = st.columns([5, 1])
    with c_map:
        deck = eld.facility_deck(shown, county_codes, focus=[filters.county_code] if filters.county_code else None,
                                 highlight=filters.county_code, lang=lang)
        st.pydeck_chart(deck, height=560, key="eld_map")
    with c_leg:
        st.markdown(eld.facility_legend_html(present, lang=lang), unsafe_allow_html=True)
        st.caption(t("elderly.map_count", n=fmt_count(len(shown))))

# ------------------------------------------------------------------------------------------------ trends
st.subheader(t("elderly.trend_heading"))
trend = data.query("elderly_service_trend", **params)
if trend.empty:
    shell.empty_state()
else:
    cols = st.columns(3)
    hover = "%{x|" + eld.month_hover(lang) + "}: %{y:,.0f}<extra></extra>"
    series = (("meals_served", charts.CATEGORICAL[0]), ("home_visits", charts.CATEGORICAL[1]),
              ("people_served", charts.CATEGORICAL[2]))
    for col, (metric, color) in zip(cols, series):
        with col:
            fig = go.Figure(
                data=[dict(type="scatter", x=trend["month"], y=trend[metric], mode="lines+markers",
                           line=dict(color=color, width=3), hovertemplate=hover)],
                layout=dict(title=dict(text=t(f"elderly.trend.{metric}")), height=320, showlegend=False,
                            margin=dict(l=10, r=10, t=56, b=40), yaxis=dict(rangemode="tozero"),
                            xaxis=eld.month_xaxis(len(trend), lang, narrow=True)))
            charts.plotly_chart(fig, key=f"eld_trend_{metric}")

# ------------------------------------------------------------------------------------------------ operator models
st.subheader(t("elderly.ops_heading"))
ops_raw = data.query("elderly_operator_models", **params)
if ops_raw.empty:
    shell.empty_state()
else:
    by_type = eld.operator_comparison(ops_raw, by=("facility_type", "operator_model"))
    overall = eld.operator_comparison(ops_raw, by=("operator_model",))
    c1, c2 = st.columns([3, 2])
    with c1:
        bars = []
        for op in eld.OPERATOR_MODELS:
            sub = by_type[by_type["operator_model"] == op]
            bars.append(dict(type="bar", name=str(value_label(op, lang)),
                             x=list(value_labels(sub["facility_type"], lang)),
                             y=sub["cost_per_person_yuan"], marker=dict(color=eld.OPERATOR_COLORS[op]),
                             hovertemplate="%{x}: %{y:,.0f}<extra>" + str(value_label(op, lang)) + "</extra>"))
        fig = go.Figure(data=bars, layout=dict(
            barmode="group", title=dict(text=t("elderly.ops_cost_title")), height=380,
            yaxis=dict(title=dict(text=t("elderly.ops_cost_axis"))), margin=dict(l=10, r=10, t=80, b=40)))
        charts.plotly_chart(fig, key="eld_ops_cost")
    with c2:
        lo = max(0.0, float(overall["satisfaction_pct"].min()) - 5) if overall["satisfaction_pct"].notna().any() else 0
        fig = go.Figure(
            data=[dict(type="bar", x=list(value_labels(overall["operator_model"], lang)), y=overall["satisfaction_pct"],
                       marker=dict(color=[eld.OPERATOR_COLORS.get(op, charts.ACCENT)
                                          for op in overall["operator_model"]]),
                       text=[fmt_pct(v) for v in overall["satisfaction_pct"]], textposition="outside",
                       hovertemplate="%{x}: %{text}<extra></extra>")],
            layout=dict(title=dict(text=t("elderly.ops_sat_title")), height=380, showlegend=False,
                        yaxis=dict(range=[lo, 100], title=dict(text=t("elderly.ops_sat_axis"))),
                        margin=dict(l=10, r=10, t=56, b=40)))
        charts.plotly_chart(fig, key="eld_ops_sat")
    n_months = max(1, int(ops_raw["months"].max()))
    ops_view = pd.DataFrame({
        t("elderly.ops_col.model"): list(value_labels(overall["operator_model"], lang)),
        t("elderly.ops_col.facilities"): [fmt_count(v / n_months) for v in overall["facility_months"]],
        t("elderly.ops_col.people"): [fmt_count(v / n_months) for v in overall["people_served"]],
        t("elderly.ops_col.cost_total"): [fmt_wan_yuan(v * 12 / n_months) for v in overall["operating_cost"]],
        t("elderly.ops_col.cost"): [fmt_count(v) for v in overall["cost_per_person_yuan"]],
        t("elderly.ops_col.sat"): [fmt_pct(v) for v in overall["satisfaction_pct"]],
    })
    st.dataframe(ops_view, hide_index=True, width="stretch", key="eld_ops_table")
    st.caption(t("elderly.ops_note"))
