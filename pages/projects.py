"""项目监管 / Project monitoring: the project library (model, investment, social capital, status, performance, risk),
a chosen project's milestones planned against actual (delayed key nodes highlighted) and its full record, each
county's PPP fiscal obligations against the 10 % / 5 % red lines (财金〔2015〕21号, docs/domain.md §5a), and the
alerts. Figures and tables: governance/app/views/projects.py."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from governance.app import alerts_panel, data, shell
from governance.app.views import projects as view
from governance.core.vocabulary import FINANCING_MODELS, PROGRAMS, PROJECT_STATUSES, RISK_LEVELS
from governance.i18n import t, value_label
from governance.i18n.formats import fmt_month

filters = shell.page_setup("projects")
lang = filters.lang
st.title(t("page.projects"))
st.caption(t("filter.current", region=filters.region_name, start=fmt_month(filters.start_month),
             end=fmt_month(filters.end_month)))
if not filters.data_ready:
    shell.empty_state("warehouse.unavailable")
    st.stop()

region, level = filters.region_code, filters.region_level
alerts_panel.alerts_panel(filters, key="prj_alerts")

# ------------------------------------------------------------------------------------------------ page filters
c1, c2, c3, c4 = st.columns(4)
with c1:
    programs = st.multiselect(t("projects.filter_programs"), PROGRAMS, default=list(PROGRAMS), key="prj_programs",
                              format_func=value_label, placeholder=t("projects.filter_all"))
with c2:
    models = st.multiselect(t("projects.filter_models"), FINANCING_MODELS, default=list(FINANCING_MODELS),
                            key="prj_models", format_func=value_label, placeholder=t("projects.filter_all"))
with c3:
    statuses = st.multiselect(t("projects.filter_statuses"), PROJECT_STATUSES, default=list(PROJECT_STATUSES),
                              key="prj_statuses", format_func=value_label, placeholder=t("projects.filter_all"))
with c4:
    risks = st.multiselect(t("projects.filter_risks"), RISK_LEVELS, default=list(RISK_LEVELS), key="prj_risks",
                           format_func=value_label, placeholder=t("projects.filter_all"))
# nothing chosen = everything (the placeholder says so)
pparams = dict(region=region, end_month=filters.end_month, programs=list(programs) or list(PROGRAMS),
               models=list(models) or list(FINANCING_MODELS), statuses=list(statuses) or list(PROJECT_STATUSES),
               risks=list(risks) or list(RISK_LEVELS))

# ------------------------------------------------------------------------------------------------ library, detail
summary = data.query("projects_summary", **pparams)
projects = data.query("projects_list", **pparams)
if summary.empty or projects.empty:
    shell.empty_state()
else:
    view.kpi_cards(summary.iloc[0])
    view.library_section(projects, region, filters.end_month)
    view.detail_section(projects, lambda pid: data.query("project_milestones", project_id=pid,
                                                         end_month=filters.end_month), lang)

# ------------------------------------------------------------------------------------------------ red line
st.subheader(t("projects.redline_heading"))
st.caption(t("projects.redline_caption"))
obl = data.query("obligations_by_county_year", region=region, first_year=2000, last_year=2100)
if obl.empty:
    shell.empty_state()
else:
    years = sorted(int(y) for y in obl["year"].unique())
    default_year = filters.end_month.year if filters.end_month.year in years else years[-1]
    if st.session_state.get("prj_obl_year") not in years:
        st.session_state["prj_obl_year"] = default_year
    kinds = dict(zip(obl["year"].astype(int), obl["budget_kind"], strict=True))
    year = default_year
    if level != "county":  # a county sees all its years at once
        year = st.selectbox(t("projects.redline_year"), years, key="prj_obl_year",
                            format_func=lambda y: f"{y}（{kinds.get(y, '')}）" if lang == "zh"
                            else f"{y} ({value_label(kinds.get(y, ''))})")
    trend = (data.query("obligations_trend", region=region, first_year=2000, last_year=2100)
             if level != "county" else pd.DataFrame())
    view.red_line_section(obl, trend, level=level, year=year, region=region, region_label=filters.region_name)
