"""养老服务 / Elderly care: indicators against targets (KPI cards + county table), gap finder, facility map,
service trends and operator models. Numbers from queries/elderly_*.sql and governance/core/indicators/elderly_gaps.py;
figures and panels in governance/app/views/elderly.py."""

import streamlit as st

from governance.app import data, shell
from governance.app.views import elderly as view
from governance.core.indicators import elderly_gaps
from governance.i18n import region_name, t, value_label
from governance.i18n.formats import fmt_month

filters = shell.page_setup("elderly")
lang = filters.lang
st.title(t("page.elderly"))
st.caption(t("filter.current", region=filters.region_name, start=fmt_month(filters.start_month),
             end=fmt_month(filters.end_month)))

period = {"start_month": filters.start_month, "end_month": filters.end_month}
# A county is compared with the other counties of its city; a city or the province shows its own counties.
scope = filters.city_code if filters.region_level == "county" and filters.city_code else filters.region_code
by_county = data.query("elderly_indicators", region=scope, group_level="county", **period)
if by_county.empty:
    shell.empty_state()
    st.stop()
region = data.query("elderly_indicators", region=filters.region_code, group_level="self", **period)
ind = elderly_gaps.gap_actions(by_county)
mine = ind[ind["group_code"] == filters.county_code] if filters.county_code else ind

# ------------------------------------------------------------------------------------------------ KPI cards
st.subheader(t("elderly.kpis_heading", region=filters.region_name))
view.kpi_cards(region.iloc[0])

# ------------------------------------------------------------------------------------------------ county table
st.subheader(t("elderly.table_heading"))
if filters.region_level == "county":
    st.caption(t("elderly.table_scope_city", city=region_name(scope)))
view.county_table_panel(ind, lang, highlight=filters.county_code)

# ------------------------------------------------------------------------------------------------ gap finder
st.subheader(t("elderly.gap_heading"))
view.gap_cards(elderly_gaps.gap_summary(mine))
gap_kpi = st.radio(t("elderly.gap_choose"), list(elderly_gaps.GAP_KPIS), horizontal=True, key="eld_gap_kpi",
                   format_func=lambda k: t(f"elderly.kpi.{k}", lang=lang))
view.gap_panel(elderly_gaps.furthest_from_target(mine, gap_kpi, n=10), gap_kpi)

# ------------------------------------------------------------------------------------------------ facility map
st.subheader(t("elderly.map_heading"))
facilities = data.query("elderly_facilities_map", region=filters.region_code)
if facilities.empty:
    shell.empty_state()
else:
    present = view.facility_types_present(facilities)
    chosen = st.multiselect(t("elderly.map_types"), present, default=present, key="eld_map_types",
                            format_func=lambda v: str(value_label(v, lang)))
    if filters.region_level != "county":
        st.caption(t("elderly.map_note_large"))
    county_codes = list(ind["group_code"]) if filters.region_level != "county" else [filters.county_code]
    view.facility_map(facilities[facilities["facility_type"].isin(chosen)], present, county_codes,
                      filters.county_code, lang)

# ------------------------------------------------------------------------------------------------ trends
st.subheader(t("elderly.trend_heading"))
trend = data.query("elderly_service_trend", region=filters.region_code, **period)
if trend.empty:
    shell.empty_state()
else:
    view.trend_charts(trend, lang)

# ------------------------------------------------------------------------------------------------ operator models
st.subheader(t("elderly.ops_heading"))
ops = data.query("elderly_operator_models", region=filters.region_code, **period)
if ops.empty:
    shell.empty_state()
else:
    view.operator_panel(ops, lang)
