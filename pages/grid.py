"""网格覆盖 / Grid coverage: a county choropleth of a grid indicator (click a county to drill down; community
points inside a county), then event handling: the monthly trend by category with closure and on-time rates,
the slowest counties and a county table with CSV / Excel downloads."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from governance.app import charts, data, downloads, maps, shell
from governance.core import regions, thresholds
from governance.core.indicators import briefing
from governance.i18n import region_name, t
from governance.i18n.formats import fmt_count, fmt_month, fmt_pct

filters = shell.page_setup("grid")
lang = filters.lang
st.title(t("page.grid"))
st.caption(t("filter.current", region=filters.region_name, start=fmt_month(filters.start_month),
             end=fmt_month(filters.end_month)))

if not filters.data_ready:
    shell.empty_state()
    st.stop()

period = {"start_month": filters.start_month, "end_month": filters.end_month}
level = filters.region_level
# counties of the whole province at 全省; the city's counties inside a city or a county (the county outlined)
map_region = filters.region_code if level == "province" else filters.city_code
groups = data.query("kpis_by_region", region=map_region, group_level="county", **period)
current = data.query("kpis_by_region", region=filters.region_code, group_level="self", **period)
if groups.empty or current.empty:
    shell.empty_state()
    st.stop()

# ------------------------------------------------------------------------------------------------ map
top_left, top_right = st.columns([3, 1], vertical_alignment="bottom")
with top_left:
    metric = st.selectbox(t("grid.indicator"), [s.kpi for s in briefing.GRID_KPIS], key="grid_metric",
                          format_func=lambda k: briefing.kpi_label(k, lang))
with top_right:
    if level != "province":
        if st.button(t("grid.drill_up"), icon=":material/arrow_upward:", key="grid_up", width="stretch"):
            shell.set_region(regions.parent_region(filters.region_code))

metric_label = briefing.kpi_label(metric)
higher = briefing.higher_is_better(metric)
values = briefing.map_values(groups, metric)
points = None
if level == "county":
    communities = data.query("community_points", region=filters.region_code)
    if not communities.empty:
        cov_label = briefing.kpi_label("grid_coverage_pct")
        points = pd.DataFrame({
            "lon": communities["lon"], "lat": communities["lat"], "name": communities["name"],
            "metric": cov_label,
            "value_text": [fmt_pct(v) for v in communities["coverage_pct"]],
            "status": [thresholds.status("grid_coverage_pct", v) for v in communities["coverage_pct"]],
            "detail": [t("grid.point_detail", county=c, households=fmt_count(h), grids=fmt_count(g),
                         workers=fmt_count(w))
                       for c, h, g, w in zip(communities["county_name"], communities["households"],
                                             communities["grids"], communities["grid_workers"])],
        })

map_col, side_col = st.columns([3, 1], gap="medium")
with map_col:
    deck = maps.choropleth_deck(
        values, "county", list(values["code"]), metric_label, lambda v: briefing.fmt_kpi(metric, v), higher,
        selected=filters.county_code, points=points, width_px=780, height_px=580,
        no_data_text=t("overview.legend_no_data"),
    )
    event = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", height=580,
                            key=f"grid_map_{filters.region_code}_{metric}")
    picked = maps.selected_code(event)
    if picked and picked != filters.region_code:
        shell.set_region(picked)

with side_col:
    row = current.iloc[0].to_dict()
    spec = briefing.KPI_SPECS[metric]
    value = row.get(spec.column)
    status = briefing.kpi_status(metric, value, row)
    tgt = briefing.kpi_target(metric, row)
    charts.kpi_card(f"{filters.region_name} · {metric_label}", briefing.fmt_kpi(metric, value),
                    briefing.status_label(status), status, briefing.target_text(metric, tgt))
    st.write("")
    breaks, colors = maps.color_scale(values["value"], higher)
    st.markdown(maps.legend_html(breaks, colors, lambda v: briefing.fmt_kpi(metric, v), title=metric_label,
                                 no_data_label=t("overview.legend_no_data") if values["value"].isna().any() else None,
                                 note=t(f"overview.source.{metric}")), unsafe_allow_html=True)
    if points is not None:
        st.markdown(maps.swatch_legend_html([(maps.POINT_COLORS[s], t(f"grid.points_{s}"))
                                             for s in ("green", "amber", "red")], title=t("grid.points_legend_title")),
                    unsafe_allow_html=True)
    hint = {"province": "grid.map_hint_province", "city": "grid.map_hint_city", "county": "grid.map_hint_county"}
    st.caption(t(hint[level]))

# ------------------------------------------------------------------------------------------------ events
st.subheader(t("grid.events_heading"))
trend = data.query("event_trend", region=filters.region_code, **period)
if trend.empty:
    shell.empty_state()
else:
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    months = [fmt_month(m) for m in trend["month"]]
    for cat in ("public_safety", "environment", "disputes", "urban_mgmt", "livelihood", "work_safety"):
        fig.add_trace(go.Bar(x=months, y=trend[cat], name=t(f"grid.cat.{cat}"),
                             hovertemplate="%{x} %{fullData.name}: %{y:,.0f}<extra></extra>"), secondary_y=False)
    for col, color, dash in (("closure_pct", charts.TEXT_COLOR, "solid"), ("on_time_pct", charts.RAG["red"], "dot")):
        fig.add_trace(go.Scatter(x=months, y=trend[col], name=briefing.kpi_label(col), mode="lines+markers",
                                 line=dict(color=color, width=3, dash=dash),
                                 hovertemplate="%{x} %{fullData.name}: %{y:.1f}%<extra></extra>"), secondary_y=True)
    rates = pd.concat([trend["closure_pct"], trend["on_time_pct"]]).dropna()
    low = float(rates.min()) if len(rates) else 80.0
    floor5 = max(0.0, 5 * ((low - 2) // 5))  # rate axis from a multiple of 5 below the lowest rate, to 100 %
    fig.update_layout(barmode="stack", height=470, title=dict(text=t("grid.trend_title"), y=0.98, yanchor="top"),
                      legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, xanchor="left"),
                      margin=dict(t=110, b=40))
    fig.update_xaxes(tickangle=0 if len(months) <= 8 or lang == "en" else -30)
    fig.update_yaxes(title_text=t("grid.axis_events"), secondary_y=False)
    fig.update_yaxes(title_text=t("grid.axis_rate"), secondary_y=True, range=[floor5, 100.5], dtick=5 if 100 - floor5 > 10
                     else 1, showgrid=False, ticksuffix="%")
    charts.plotly_chart(fig, key="grid_trend", width="stretch")

# the slowest counties of the region (of the county's city inside a county, the county's bar outlined)
slow = data.query("slowest_counties", region=filters.city_code if level == "county" else filters.region_code,
                limit=10, **period)
table = data.query("kpis_by_region", region=filters.region_code, group_level="county", **period)
slow_col, sum_col = st.columns([3, 2], gap="medium")
with slow_col:
    if slow.empty:
        shell.empty_state()
    else:
        slow = slow.sort_values("close_days", ascending=False)
        if level == "province":  # counties of several cities: name the city too
            names = [f"{n}（{c}）" if lang == "zh" else f"{n} ({region_name(regions.city_of(str(k)), lang)})"
                     for n, c, k in zip(slow["county_name"], slow["city_name"], slow["county_code"])]
        else:
            names = list(slow["county_name"])
        close_target = thresholds.TARGETS["close_days"].target
        fig = go.Figure(go.Bar(
            x=slow["close_days"], y=names, orientation="h",
            marker_color=[charts.rag_color(thresholds.status("close_days", d)) for d in slow["close_days"]],
            marker_line_color=charts.TEXT_COLOR,
            marker_line_width=[3 if str(k) == filters.county_code else 0 for k in slow["county_code"]],
            text=[f"{d:.1f}" for d in slow["close_days"]], textposition="outside", cliponaxis=False,
            customdata=[[fmt_pct(a), fmt_pct(b)] for a, b in zip(slow["closure_pct"], slow["on_time_pct"])],
            hovertemplate=("%{y}<br>" + t("grid.slowest_axis") + ": %{x:.2f}<br>" + briefing.kpi_label("closure_pct")
                           + ": %{customdata[0]}<br>" + briefing.kpi_label("on_time_pct")
                           + ": %{customdata[1]}<extra></extra>"),
        ))
        fig.add_vline(x=close_target, line_dash="dash", line_color=charts.TEXT_COLOR,
                      annotation_text=briefing.target_text("close_days", close_target), annotation_position="top")
        fig.update_layout(title=t("grid.slowest_title"), height=110 + 34 * len(slow), showlegend=False,
                          xaxis=dict(title=t("grid.slowest_axis"), rangemode="tozero"),
                          yaxis=dict(autorange="reversed"), margin=dict(l=10, r=50, t=70, b=50))
        charts.plotly_chart(fig, key="grid_slowest", width="stretch")

with sum_col:
    st.markdown(f"**{t('grid.events_summary', region=filters.region_name)}**")
    cards = [
        (t("grid.events_reported"), fmt_count(row.get("events_reported")), None),
        (briefing.kpi_label("closure_pct"), fmt_pct(row.get("closure_pct")), "closure_pct"),
        (briefing.kpi_label("on_time_pct"), fmt_pct(row.get("on_time_pct")), "on_time_pct"),
        (t("grid.response_minutes"), briefing.fmt_kpi("response_minutes", row.get("response_minutes")),
         "response_minutes"),
        (t("grid.close_days"), briefing.fmt_kpi("close_days", row.get("close_days")), "close_days"),
        (t("grid.satisfaction"), fmt_pct(row.get("event_satisfaction_pct")), "event_satisfaction_pct"),
    ]
    for i in range(0, len(cards), 2):
        c1, c2 = st.columns(2)
        for col, (label, text, kpi) in zip((c1, c2), cards[i:i + 2]):
            tg = thresholds.TARGETS.get(kpi) if kpi else None
            col.markdown(charts.kpi_card_html(
                label, text, None, thresholds.status(kpi, row.get(kpi)) if tg else None,
                briefing.target_text(kpi, tg.target) if tg else None) + '<div style="height:0.5rem"></div>',
                unsafe_allow_html=True)

# ------------------------------------------------------------------------------------------------ county table
st.subheader(t("grid.county_table"))
if table.empty:
    shell.empty_state()
else:
    cols = ["group_code", "group_name", "city", "communities", "grids", "grid_workers", "grid_coverage_pct",
            "workers_per_1000_households", "party_branch_pct", "smart_grid_pct", "events_reported", "closure_pct",
            "on_time_pct", "response_minutes", "close_days", "event_satisfaction_pct"]
    frame = table.assign(city=[region_name(regions.city_of(str(c)), lang) for c in table["group_code"]])[cols].copy()
    for c in cols[3:]:
        frame[c] = pd.to_numeric(frame[c], errors="coerce").round(2)
    labels = {
        "group_code": t("grid.col.code"), "group_name": t("grid.col.county"), "city": t("grid.col.city"),
        "communities": t("grid.col.communities"), "grids": t("grid.col.grids"),
        "grid_workers": t("grid.col.grid_workers"), "events_reported": t("grid.col.events_reported"),
        "response_minutes": t("grid.col.response_minutes"), "close_days": t("grid.col.close_days"),
        "event_satisfaction_pct": t("grid.col.event_satisfaction_pct"),
        **{k: briefing.kpi_label(k) for k in ("grid_coverage_pct", "workers_per_1000_households", "party_branch_pct",
                                              "smart_grid_pct", "closure_pct", "on_time_pct")},
    }
    pct = {"grid_coverage_pct", "party_branch_pct", "smart_grid_pct", "closure_pct", "on_time_pct",
           "event_satisfaction_pct"}
    config = {}
    for c in cols:
        if c in pct:
            config[c] = st.column_config.NumberColumn(labels[c], format="%.1f%%")
        elif c in ("communities", "grids", "grid_workers", "events_reported"):
            config[c] = st.column_config.NumberColumn(labels[c], format="localized")
        elif c in ("workers_per_1000_households", "response_minutes", "close_days"):
            config[c] = st.column_config.NumberColumn(labels[c], format="%.1f")
        else:
            config[c] = st.column_config.TextColumn(labels[c])
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config,
                 height=min(420, 38 + 35 * len(frame)))
    downloads.download_buttons(frame, t("grid.download_name"), labels, key="grid_counties")
