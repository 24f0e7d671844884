"""资金配置 / Fund allocation: where the money comes from and where it goes (Sankey), budget against disbursed and
executed per county with the execution ranking and laggards (target pro-rated to the month reached), spending per
resident and per elderly resident, the social-capital share and its trend, and the alerts of the region.
Figures and tables: governance/app/views/funds.py."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from governance.app import alerts_panel, data, shell
from governance.app.views import funds as view
from governance.core.vocabulary import PROGRAMS, SOURCES
from governance.i18n import region_name, t, value_label
from governance.i18n.formats import fmt_month, fmt_pct

filters = shell.page_setup("funds")
lang = filters.lang
st.title(t("page.funds"))
st.caption(t("filter.current", region=filters.region_name, start=fmt_month(filters.start_month),
             end=fmt_month(filters.end_month)))
if not filters.data_ready:
    shell.empty_state("warehouse.unavailable")
    st.stop()

first_year, last_year = filters.start_month.year, filters.end_month.year
years = list(range(first_year, last_year + 1))
region, level = filters.region_code, filters.region_level
# the receiving level of the Sankey and of the budget bars; the level the execution ranking compares
child_level = {"province": "city", "city": "county", "county": "program"}[level]
flow_level = "city" if level == "province" else "county"
rank_level = "program" if level == "county" else "county"
# per-head and social-capital comparisons: a county is shown among the counties of its city
compare_region = filters.city_code if level == "county" else region

alerts_panel.alerts_panel(filters, key="fund_alerts")

# ------------------------------------------------------------------------------------------------ page filters
c1, c2, c3, c4 = st.columns([3, 3, 1.2, 2])
with c1:
    programs = st.multiselect(t("funds.filter_programs"), PROGRAMS, default=list(PROGRAMS), key="fund_programs",
                              format_func=value_label, placeholder=t("funds.filter_all"))
with c2:
    sources = st.multiselect(t("funds.filter_sources"), SOURCES, default=list(SOURCES), key="fund_sources",
                             format_func=value_label, placeholder=t("funds.filter_all"))
with c3:
    year = st.selectbox(t("funds.filter_year"), years[::-1], key="fund_year", help=t("funds.filter_year_help"))
with c4:
    measure = st.segmented_control(t("funds.filter_measure"), view.FUND_MEASURES, default="budget",
                                   key="fund_measure", format_func=lambda m: t(f"funds.measure_{m}"), required=True)
programs = list(programs) or list(PROGRAMS)  # nothing chosen = everything (the placeholder says so)
sources = list(sources) or list(SOURCES)
measure = measure or "budget"
year = year if year in years else last_year
fparams = dict(region=region, first_year=first_year, last_year=last_year, programs=programs, sources=sources)

# ------------------------------------------------------------------------------------------------ KPI cards
self_rows = data.query("funds_by_group", group_level="self", **fparams)
if self_rows.empty:
    shell.empty_state()
    st.stop()
cur = view.year_row(self_rows, year)
as_of = int(cur["as_of_month"])
st.subheader(t("funds.kpi_heading", year=year, month=as_of))
view.kpi_cards(cur, len(programs), len(sources))

# ------------------------------------------------------------------------------------------------ Sankey
st.subheader(t("funds.sankey_heading"))
period_txt = str(first_year) if first_year == last_year else f"{first_year}–{last_year}"
st.caption(t("funds.sankey_caption", years=period_txt, measure=t(f"funds.measure_{measure}")))
flows = data.query("funds_flows", group_level=flow_level, **fparams)
view.sankey_section(flows, measure, flow_level, SOURCES, PROGRAMS, f"资金流向_{region}_{period_txt}")

# ------------------------------------------------------------------------------------------------ execution
st.subheader(t("funds.exec_heading", year=year, month=as_of))
ranked = data.query("funds_by_group", group_level=rank_level, **fparams)
groups = data.query("funds_by_group", group_level=child_level, **fparams) if child_level != rank_level else None
view.execution_section(ranked, groups, year, as_of, rank_level, child_level, region)

# ------------------------------------------------------------------------------------------------ per head
st.subheader(t("funds.per_head_heading", year=year))
# same parameters (in the same order) as the ranking's query at province and city level: one cached result
per_head = data.query("funds_by_group", group_level="county", **dict(fparams, region=compare_region))
per_head = per_head[per_head["year"] == year]
if per_head.empty:
    shell.empty_state()
else:
    basis = st.segmented_control(t("funds.per_head_basis"), ("resident", "elderly"), default="resident",
                                 key="fund_per_head_basis", format_func=lambda b: t(f"funds.per_head_{b}"),
                                 required=True) or "resident"
    if level == "county":
        st.caption(t("funds.per_head_caption_county", city=region_name(filters.city_code)))
    view.per_head_section(per_head, basis, year=year, level=level, region=region, compare_region=compare_region,
                          county_code=filters.county_code, lang=lang,
                          deck_inputs=(first_year, last_year, tuple(programs), tuple(sources)))

# ------------------------------------------------------------------------------------------------ social capital
st.subheader(t("funds.sc_heading"))
st.caption(t("funds.sc_caption", target=fmt_pct(view.SOCIAL_CAPITAL_TARGET)))
trend_level = "city" if level == "province" else "county"
sc_years = dict(first_year=2000, last_year=last_year, programs=programs)
view.social_capital_section(
    data.query("funds_social_capital", region=compare_region, group_level="county", first_year=year,
               last_year=year, programs=programs),
    data.query("funds_social_capital", region=region, group_level="self", **sc_years),
    data.query("funds_social_capital", region=region, group_level=trend_level, **sc_years)
    if level != "county" else pd.DataFrame(),
    year=year, level=level, trend_level=trend_level, region=region, region_label=filters.region_name,
    county_code=filters.county_code)
