"""网格覆盖 / Grid coverage: a county choropleth of a grid indicator (click a county to drill down; community
points inside a county), then event handling: the monthly trend by category with closure and on-time rates,
the slowest counties and a county table with CSV / Excel downloads. Figures and tables: governance/app/views/grid.py."""

from __future__ import annotations

import streamlit as st

from governance.app import charts, data, shell
from governance.app.views import grid as view
from governance.core import regions
from governance.core.indicators import kpis
from governance.i18n import t
from governance.i18n.formats import fmt_month

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
row = current.iloc[0].to_dict()

# ------------------------------------------------------------------------------------------------ map
top_left, top_right = st.columns([3, 1], vertical_alignment="bottom")
with top_left:
    metric = st.selectbox(t("grid.indicator"), [s.kpi for s in kpis.GRID_KPIS], key="grid_metric",
                          format_func=lambda k: kpis.kpi_label(k, lang))
with top_right:
    if level != "province":
        if st.button(t("grid.drill_up"), icon=":material/arrow_upward:", key="grid_up", width="stretch"):
            shell.set_region(regions.parent_region(filters.region_code))
communities = data.query("community_points", region=filters.region_code) if level == "county" else None
view.map_section(groups, row, communities, metric, level=level, region=filters.region_code,
                 region_label=filters.region_name, county_code=filters.county_code)

# ------------------------------------------------------------------------------------------------ events
st.subheader(t("grid.events_heading"))
trend = data.query("event_trend", region=filters.region_code, **period)
if trend.empty:
    shell.empty_state()
else:
    charts.plotly_chart(view.trend_figure(trend, lang), key="grid_trend", width="stretch")

# the slowest counties of the region (of the county's city inside a county, the county's bar outlined)
slow = data.query("slowest_counties", region=filters.city_code if level == "county" else filters.region_code,
                  limit=10, **period)
slow_col, sum_col = st.columns([3, 2], gap="medium")
with slow_col:
    if slow.empty:
        shell.empty_state()
    else:
        charts.plotly_chart(view.slowest_figure(slow, level=level, county_code=filters.county_code, lang=lang),
                            key="grid_slowest", width="stretch")
with sum_col:
    view.event_cards(row, filters.region_name)

# ------------------------------------------------------------------------------------------------ county table
st.subheader(t("grid.county_table"))
table = data.query("kpis_by_region", region=filters.region_code, group_level="county", **period)
if table.empty:
    shell.empty_state()
else:
    view.county_table_section(table, lang)
