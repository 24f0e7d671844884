"""领导驾驶舱 / Leadership overview: headline KPIs against their targets with the change on the same period last
year, a choropleth of one KPI by city (province) or county (inside a city) with its best and weakest five, and a
briefing paragraph written from the numbers (governance/core/indicators/briefing.py).
Panels: governance/app/views/overview.py."""

from __future__ import annotations

import streamlit as st

from governance.app import data, shell
from governance.app.briefs import buttons as brief_buttons
from governance.app.views import overview as view
from governance.core.indicators import briefing, kpis
from governance.core.months import shift_months
from governance.i18n import t
from governance.i18n.formats import fmt_month

filters = shell.page_setup("overview")
lang = filters.lang
st.title(t("page.overview"))

if not filters.data_ready:
    shell.empty_state()
    st.stop()

# ------------------------------------------------------------------------------------------------ data
months = data.available_months()
prev_start = shift_months(filters.start_month, -12)
prev_end = shift_months(filters.end_month, -12)
period = {"start_month": filters.start_month, "end_month": filters.end_month}
current = data.query("kpis_by_region", region=filters.region_code, group_level="self", **period)
previous = None
if months and prev_start >= months[0]:  # a year-ago period fully inside the warehouse's history
    previous = data.query("kpis_by_region", region=filters.region_code, group_level="self",
                          start_month=prev_start, end_month=prev_end)

# the map: cities at 全省, the city's counties inside a city (a county: its siblings, itself outlined)
if filters.region_level == "province":
    map_region, map_level, selected = filters.region_code, "city", None
else:
    map_region, map_level = filters.city_code, "county"
    selected = filters.county_code
groups = data.query("kpis_by_region", region=map_region, group_level=map_level, **period)

if current.empty:
    shell.empty_state()
    st.stop()

st.caption(t("overview.period_vs", start=fmt_month(filters.start_month), end=fmt_month(filters.end_month),
             prev_start=fmt_month(prev_start), prev_end=fmt_month(prev_end)) + " · " + filters.region_name)
view.alerts_banner(filters)

# ------------------------------------------------------------------------------------------------ KPI cards
summary = kpis.kpi_summary(current, previous)
st.subheader(t("overview.kpis_heading"))
view.kpi_cards(summary, current, previous)

# ------------------------------------------------------------------------------------------------ briefing
st.subheader(t("overview.briefing_heading"))
view.briefing_panel(briefing.briefing_text(current, previous, groups, region=filters.region_code,
                                           group_level=map_level, lang=lang))

# ------------------------------------------------------------------------------------------------ map
st.subheader(t("overview.map_heading"))
metric = st.selectbox(t("overview.map_metric"), [s.kpi for s in kpis.OVERVIEW_KPIS], key="ov_map_metric",
                      format_func=lambda k: kpis.kpi_label(k, lang))
view.map_section(groups, summary, metric, map_level=map_level, region=filters.region_code, selected=selected)

# ------------------------------------------------------------------------------------------------ briefing files
brief_buttons.download_buttons(filters)
