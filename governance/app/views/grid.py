"""The figures, panels and tables of 网格覆盖 (``pages/grid.py``): the county choropleth of a grid indicator with its
side panel (and community points inside a county), the monthly event trend by category, the slowest counties, the
region's event cards and the county table with downloads. Values are judged by
``governance.core.indicators.kpis``.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from governance.app import charts, downloads, maps, shell
from governance.core import regions
from governance.core.indicators import kpis
from governance.core.thresholds import TARGETS
from governance.core.vocabulary import EVENT_CATEGORIES
from governance.i18n import current_lang, region_name, t
from governance.i18n.formats import fmt_count, fmt_month, fmt_pct

MAP_HINTS = {"province": "grid.map_hint_province", "city": "grid.map_hint_city", "county": "grid.map_hint_county"}
# the county table: columns in order, and how each is shown
TABLE_COLUMNS = ("group_code", "group_name", "city", "communities", "grids", "grid_workers", "grid_coverage_pct",
                 "workers_per_1000_households", "party_branch_pct", "smart_grid_pct", "events_reported",
                 "closure_pct", "on_time_pct", "response_minutes", "close_days", "event_satisfaction_pct")
PCT_COLUMNS = {"grid_coverage_pct", "party_branch_pct", "smart_grid_pct", "closure_pct", "on_time_pct",
               "event_satisfaction_pct"}
COUNT_COLUMNS = {"communities", "grids", "grid_workers", "events_reported"}
RATIO_COLUMNS = {"workers_per_1000_households", "response_minutes", "close_days"}


# ------------------------------------------------------------------------------------------------ map
def community_points(communities: pd.DataFrame) -> pd.DataFrame:
    """The map points of ``community_points`` rows: grid coverage as the value, its status as the colour, the
    county, households, grids and grid workers in the tooltip."""
    return pd.DataFrame({
        "lon": communities["lon"], "lat": communities["lat"], "name": communities["name"],
        "metric": kpis.kpi_label("grid_coverage_pct"),
        "value_text": [fmt_pct(v) for v in communities["coverage_pct"]],
        "status": [kpis.kpi_status("grid_coverage_pct", v) for v in communities["coverage_pct"]],
        "detail": [t("grid.point_detail", county=c, households=fmt_count(h), grids=fmt_count(g), workers=fmt_count(w))
                   for c, h, g, w in zip(communities["county_name"], communities["households"],
                                         communities["grids"], communities["grid_workers"], strict=True)],
    })


@st.cache_resource(show_spinner=False, max_entries=64)
def _choropleth(key: str, _values: pd.DataFrame, metric: str, metric_label: str, higher: bool, county_code: str | None,
                _points: pd.DataFrame | None, lang: str) -> maps.PrebuiltDeck:
    """The county map (with a county's community points), built and serialised once per inputs and language for
    every session: building it is the slow part of a rerun. ``key``: ``charts.content_key(values, points)``."""
    return maps.PrebuiltDeck(maps.choropleth_deck(
        _values, "county", list(_values["code"]), metric_label, lambda v: kpis.fmt_kpi(metric, v), higher,
        selected=county_code, points=_points, width_px=780, height_px=580,
        no_data_text=t("overview.legend_no_data"),
    ))


def map_section(groups: pd.DataFrame, row: dict, communities: pd.DataFrame | None, metric: str, *, level: str,
                region: str, region_label: str, county_code: str | None) -> None:
    """``metric`` of the counties of ``groups`` (kpis_by_region county rows) on a choropleth — a click drills down;
    inside a county its ``communities`` as points — beside the region's card (``row``: its kpis_by_region 'self'
    row), the legend and a hint."""
    metric_label = kpis.kpi_label(metric)
    higher = kpis.higher_is_better(metric)
    values = kpis.map_values(groups, metric)
    points = community_points(communities) if communities is not None and not communities.empty else None

    map_col, side_col = st.columns([3, 1], gap="medium")
    with map_col:
        deck = _choropleth(charts.content_key(values, points), values, metric, metric_label, higher, county_code,
                           points, current_lang())
        event = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", height=580,
                                key=f"grid_map_{region}_{metric}")
        picked = maps.selected_code(event)
        if picked and picked != region:
            shell.set_region(picked)

    with side_col:
        value = row.get(kpis.KPI_SPECS[metric].column)
        status = kpis.kpi_status(metric, value, row.get("fund_as_of_month"))
        target = kpis.kpi_target(metric, row.get("fund_as_of_month"))
        charts.kpi_card(f"{region_label} · {metric_label}", kpis.fmt_kpi(metric, value), kpis.status_label(status),
                        status, kpis.target_text(metric, target))
        st.write("")
        breaks, colors = maps.color_scale(values["value"], higher)
        st.markdown(maps.legend_html(breaks, colors, lambda v: kpis.fmt_kpi(metric, v), title=metric_label,
                                     no_data_label=t("overview.legend_no_data") if values["value"].isna().any()
                                     else None, note=t(f"overview.source.{metric}")), unsafe_allow_html=True)
        if points is not None:
            coverage = TARGETS["grid_coverage_pct"]  # the points are coloured by kpi_status on grid coverage
            limits = {"green": f"{coverage.green:g}", "amber": f"{coverage.amber:g}"}
            items = [(maps.POINT_COLORS[s], t(f"grid.points_{s}", **limits)) for s in ("green", "amber", "red")]
            st.markdown(maps.swatch_legend_html(items, title=t("grid.points_legend_title")), unsafe_allow_html=True)
        st.caption(t(MAP_HINTS[level]))


# ------------------------------------------------------------------------------------------------ events
@charts.cached_figure
def trend_figure(trend: pd.DataFrame, lang: str) -> go.Figure:
    """Events reported per month stacked by category (``event_trend``), closure and on-time rates on a second
    axis that starts at a multiple of 5 below the lowest rate."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    months = [fmt_month(m) for m in trend["month"]]
    for cat in EVENT_CATEGORIES:
        fig.add_trace(go.Bar(x=months, y=trend[cat], name=t(f"grid.cat.{cat}"),
                             hovertemplate="%{x} %{fullData.name}: %{y:,.0f}<extra></extra>"), secondary_y=False)
    for col, color, dash in (("closure_pct", charts.TEXT_COLOR, "solid"), ("on_time_pct", charts.RAG["red"], "dot")):
        fig.add_trace(go.Scatter(x=months, y=trend[col], name=kpis.kpi_label(col), mode="lines+markers",
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
    fig.update_yaxes(title_text=t("grid.axis_rate"), secondary_y=True, range=[floor5, 100.5],
                     dtick=5 if 100 - floor5 > 10 else 1, showgrid=False, ticksuffix="%")
    return fig


@charts.cached_figure
def slowest_figure(slow: pd.DataFrame, *, level: str, county_code: str | None, lang: str) -> go.Figure:
    """Mean days to close per county (``slowest_counties``), slowest on top, coloured against the target; at
    province level each county is named with its city; the selected county's bar outlined."""
    slow = slow.sort_values("close_days", ascending=False)
    if level == "province":  # counties of several cities: name the city too
        names = [f"{n}（{c}）" if lang == "zh" else f"{n} ({region_name(regions.city_of(str(k)), lang)})"
                 for n, c, k in zip(slow["county_name"], slow["city_name"], slow["county_code"], strict=True)]
    else:
        names = list(slow["county_name"])
    close_target = kpis.kpi_target("close_days")
    fig = go.Figure(go.Bar(
        x=slow["close_days"], y=names, orientation="h",
        marker_color=[charts.rag_color(kpis.kpi_status("close_days", d)) for d in slow["close_days"]],
        marker_line_color=charts.TEXT_COLOR,
        marker_line_width=[3 if str(k) == county_code else 0 for k in slow["county_code"]],
        text=[f"{d:.1f}" for d in slow["close_days"]], textposition="outside", cliponaxis=False,
        customdata=[[fmt_pct(a), fmt_pct(b)] for a, b in zip(slow["closure_pct"], slow["on_time_pct"], strict=True)],
        hovertemplate=("%{y}<br>" + t("grid.slowest_axis") + ": %{x:.2f}<br>" + kpis.kpi_label("closure_pct")
                       + ": %{customdata[0]}<br>" + kpis.kpi_label("on_time_pct")
                       + ": %{customdata[1]}<extra></extra>"),
    ))
    fig.add_vline(x=close_target, line_dash="dash", line_color=charts.TEXT_COLOR,
                  annotation_text=kpis.target_text("close_days", close_target), annotation_position="top")
    fig.update_layout(title=t("grid.slowest_title"), height=110 + 34 * len(slow), showlegend=False,
                      xaxis=dict(title=t("grid.slowest_axis"), rangemode="tozero"),
                      yaxis=dict(autorange="reversed"), margin=dict(l=10, r=50, t=70, b=50))
    return fig


def event_cards(row: dict, region_label: str) -> None:
    """The region's events of the period as cards, two a row: reported, closure, on time, response minutes, days
    to close and satisfaction (coloured against their targets)."""
    st.markdown(f"**{t('grid.events_summary', region=region_label)}**")
    cards = [
        (t("grid.events_reported"), fmt_count(row.get("events_reported")), None),
        (kpis.kpi_label("closure_pct"), fmt_pct(row.get("closure_pct")), "closure_pct"),
        (kpis.kpi_label("on_time_pct"), fmt_pct(row.get("on_time_pct")), "on_time_pct"),
        (t("grid.response_minutes"), kpis.fmt_kpi("response_minutes", row.get("response_minutes")),
         "response_minutes"),
        (t("grid.close_days"), kpis.fmt_kpi("close_days", row.get("close_days")), "close_days"),
        (t("grid.satisfaction"), fmt_pct(row.get("event_satisfaction_pct")), "event_satisfaction_pct"),
    ]
    for i in range(0, len(cards), 2):
        c1, c2 = st.columns(2)
        for col, (label, text, kpi) in zip((c1, c2), cards[i:i + 2], strict=False):
            target = kpis.kpi_target(kpi) if kpi else None
            col.markdown(charts.kpi_card_html(
                label, text, None, kpis.kpi_status(kpi, row.get(kpi)) if target is not None else None,
                kpis.target_text(kpi, target) if target is not None else None) + '<div style="height:0.5rem"></div>',
                unsafe_allow_html=True)


# ------------------------------------------------------------------------------------------------ county table
def county_table_section(table: pd.DataFrame, lang: str) -> None:
    """Every county of the region (kpis_by_region county rows) with its grid and event figures, and downloads."""
    cols = list(TABLE_COLUMNS)
    frame = table.assign(city=[region_name(regions.city_of(str(c)), lang) for c in table["group_code"]])[cols].copy()
    for c in cols[3:]:
        frame[c] = pd.to_numeric(frame[c], errors="coerce").round(2)  # shown and exported to 2 decimals
    labels = {
        "group_code": t("grid.col.code"), "group_name": t("grid.col.county"), "city": t("grid.col.city"),
        "communities": t("grid.col.communities"), "grids": t("grid.col.grids"),
        "grid_workers": t("grid.col.grid_workers"), "events_reported": t("grid.col.events_reported"),
        "response_minutes": t("grid.col.response_minutes"), "close_days": t("grid.col.close_days"),
        "event_satisfaction_pct": t("grid.col.event_satisfaction_pct"),
        **{k: kpis.kpi_label(k) for k in ("grid_coverage_pct", "workers_per_1000_households", "party_branch_pct",
                                          "smart_grid_pct", "closure_pct", "on_time_pct")},
    }
    config = {}
    for c in cols:
        if c in PCT_COLUMNS:
            config[c] = st.column_config.NumberColumn(labels[c], format="%.1f%%")
        elif c in COUNT_COLUMNS:
            config[c] = st.column_config.NumberColumn(labels[c], format="localized")
        elif c in RATIO_COLUMNS:
            config[c] = st.column_config.NumberColumn(labels[c], format="%.1f")
        else:
            config[c] = st.column_config.TextColumn(labels[c])
    st.dataframe(frame, hide_index=True, width="stretch", column_config=config,
                 height=min(420, 38 + 35 * len(frame)))
    downloads.download_buttons(frame, t("grid.download_name"), labels, key="grid_counties")
