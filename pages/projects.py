"""项目监管 / Project monitoring: the project library (model, investment, social capital, status, performance, risk),
a chosen project's milestones planned against actual (delayed key nodes highlighted) and its full record, each
county's PPP fiscal obligations against the 10 % / 5 % red lines (财金〔2015〕21号, domain.md §5a), and the alerts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from governance.app import alerts_panel, charts, data, downloads, money_charts, shell
from governance.i18n import t, value_label
from governance.i18n.formats import fmt_count, fmt_month, fmt_pct, fmt_wan_yuan

# Domain values of the projects table (schema.sql CHECK constraints), in display order.
PROGRAMS = money_charts.PROGRAMS
MODELS = ("政府直投", "专项债", "PPP-使用者付费", "存量PPP-可行性缺口补助", "BOT", "ABS", "贴息贷款")
STATUSES = ("前期", "在建", "运营", "完工", "暂停")
RISKS = ("高", "中", "低")
RISK_ICON = {"高": "⚠", "中": "", "低": ""}  # glyphs present in the CJK font (no colour-emoji font here)

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


def _zh(key: str) -> str:
    return t(key, lang="zh")


# ------------------------------------------------------------------------------------------------ page filters
c1, c2, c3, c4 = st.columns(4)
with c1:
    programs = st.multiselect(t("projects.filter_programs"), PROGRAMS, default=list(PROGRAMS), key="prj_programs",
                              format_func=value_label, placeholder=t("projects.filter_all"))
with c2:
    models = st.multiselect(t("projects.filter_models"), MODELS, default=list(MODELS), key="prj_models",
                            format_func=value_label, placeholder=t("projects.filter_all"))
with c3:
    statuses = st.multiselect(t("projects.filter_statuses"), STATUSES, default=list(STATUSES), key="prj_statuses",
                              format_func=value_label, placeholder=t("projects.filter_all"))
with c4:
    risks = st.multiselect(t("projects.filter_risks"), RISKS, default=list(RISKS), key="prj_risks",
                           format_func=value_label,
                           placeholder=t("projects.filter_all"))
pparams = dict(region=region, end_month=filters.end_month, programs=list(programs) or list(PROGRAMS),
               models=list(models) or list(MODELS), statuses=list(statuses) or list(STATUSES),
               risks=list(risks) or list(RISKS))

# ------------------------------------------------------------------------------------------------ KPI cards
summary = data.query("projects_summary", **pparams)
projects = data.query("projects_list", **pparams)
if summary.empty or projects.empty:
    shell.empty_state()
else:
    s = summary.iloc[0]
    k = st.columns(5)
    charts.kpi_card(t("projects.kpi_projects"), fmt_count(s["projects"]), container=k[0],
                    change_text=t("projects.kpi_investment", amount=fmt_wan_yuan(s["total_investment"])))
    charts.kpi_card(t("projects.kpi_social_capital"), fmt_pct(s["social_capital_pct"]), container=k[1],
                    change_text=fmt_wan_yuan(s["social_capital"]))
    charts.kpi_card(t("projects.kpi_high_risk"), fmt_count(s["high_risk"]), container=k[2],
                    status="red" if s["high_risk"] else "green",
                    change_text=t("projects.kpi_share", pct=fmt_pct(100.0 * s["high_risk"] / s["projects"])))
    charts.kpi_card(t("projects.kpi_delayed"), fmt_count(s["key_delayed_projects"]), container=k[3],
                    status="red" if s["key_delayed_projects"] else "green",
                    change_text=t("projects.kpi_delayed_note"))
    charts.kpi_card(t("projects.kpi_score"), f"{s['mean_performance_score']:.1f}"
                    if pd.notna(s["mean_performance_score"]) else "—", container=k[4],
                    status="amber" if s["low_score"] else "green",
                    change_text=t("projects.kpi_low_score", n=fmt_count(s["low_score"])))

    # -------------------------------------------------------------------------------------------- library
    st.subheader(t("projects.library_heading", n=len(projects)))
    st.caption(t("projects.library_caption", date=fmt_month(filters.end_month)))
    lib = projects.assign(
        county=projects["county_name"],
        program_l=money_charts.labels_of(projects["program"]),
        model_l=money_charts.labels_of(projects["model"]),
        status_l=money_charts.labels_of(projects["status"]),
        risk_l=projects["risk_level"].map({r: f"{RISK_ICON.get(r, '')} {value_label(r)}".strip() for r in RISKS}),
    )
    st.session_state["_prj_ids"] = list(projects["project_id"])

    def _on_table_select() -> None:
        rows = st.session_state.get("prj_table", {}).get("selection", {}).get("rows", [])
        ids = st.session_state.get("_prj_ids", [])
        if rows and rows[0] < len(ids):
            st.session_state["prj_selected"] = ids[rows[0]]

    st.dataframe(
        lib[["project_id", "name", "county", "program_l", "model_l", "total_investment", "social_capital",
             "social_capital_pct", "status_l", "performance_score", "risk_l", "key_delayed", "max_key_delay_days",
             "start_date"]],
        hide_index=True, height=min(400, 38 + 35 * len(lib)), on_select=_on_table_select, selection_mode="single-row",
        key="prj_table",
        column_config={
            "project_id": t("projects.col_project_id"),
            "name": st.column_config.TextColumn(t("projects.col_name"), width="medium"),
            "county": t("projects.col_county"),
            "program_l": t("projects.col_program"),
            "model_l": t("projects.col_model"),
            "total_investment": st.column_config.NumberColumn(t("projects.col_total_investment"), format="%.0f"),
            "social_capital": st.column_config.NumberColumn(t("projects.col_social_capital"), format="%.0f"),
            "social_capital_pct": st.column_config.NumberColumn(t("projects.col_social_capital_pct"), format="%.1f%%"),
            "status_l": t("projects.col_status"),
            "performance_score": st.column_config.NumberColumn(t("projects.col_performance_score"), format="%.1f"),
            "risk_l": t("projects.col_risk_level"),
            "key_delayed": st.column_config.NumberColumn(t("projects.col_key_delayed"), format="%d"),
            "max_key_delay_days": st.column_config.NumberColumn(t("projects.col_max_key_delay_days"), format="%d"),
            "start_date": st.column_config.DateColumn(t("projects.col_start_date"), format="YYYY-MM-DD"),
        },
    )
    lib_labels = {c: _zh(f"projects.col_{c}") for c in (
        "project_id", "name", "county_name", "city_name", "program", "model", "total_investment", "social_capital",
        "social_capital_pct", "start_date", "term_years", "status", "performance_score", "risk_level",
        "annual_gov_payment", "payment_start_year", "payment_end_year", "milestones_reached", "key_delayed",
        "max_key_delay_days")}
    downloads.download_buttons(projects, f"项目库_{region}", lib_labels, key="dl_prj_library")

    # -------------------------------------------------------------------------------------------- detail
    st.subheader(t("projects.detail_heading"))
    ids = list(projects["project_id"])
    if st.session_state.get("prj_selected") not in ids:
        st.session_state["prj_selected"] = ids[0]
    names = dict(zip(projects["project_id"], projects["name"] + " · " + projects["county_name"]))
    pid = st.selectbox(t("projects.detail_select"), ids, key="prj_selected", format_func=lambda i: names.get(i, i),
                       help=t("projects.detail_select_help"))
    p = projects[projects["project_id"] == pid].iloc[0]
    ms = data.query("project_milestones", project_id=pid, end_month=filters.end_month)

    info_col, chart_col = st.columns([5, 7])
    with info_col:
        detail = money_charts.project_fields(p, lang, RISK_ICON)
        st.dataframe(detail, hide_index=True, height=38 + 35 * len(detail), key="prj_detail_table",
                     column_config={"field": st.column_config.TextColumn(t("projects.col_field"), width="medium"),
                                    "value": st.column_config.TextColumn(t("projects.col_value"), width="large")})
    with chart_col:
        if ms.empty:
            shell.empty_state()
        else:
            fig = money_charts.milestone_timeline_figure(ms, p["name"])
            charts.plotly_chart(fig, key="prj_timeline")
            n_late = int(ms["late_90"].sum())
            st.caption(t("projects.tl_caption", n=n_late))
    downloads.download_buttons(projects[projects["project_id"] == pid], f"项目详情_{pid}", lib_labels, key="dl_prj_detail")
    if not ms.empty:
        tbl = money_charts.milestone_table(ms)
        st.dataframe(
            tbl[["seq", "milestone_l", "is_key", "planned_date", "actual_date", "state_l", "delay_days", "flag"]],
            hide_index=True, key="prj_ms_table",
            column_config={
                "seq": st.column_config.NumberColumn(t("projects.col_seq"), format="%d"),
                "milestone_l": t("projects.col_milestone"),
                "is_key": st.column_config.CheckboxColumn(t("projects.col_is_key")),
                "planned_date": st.column_config.DateColumn(t("projects.col_planned_date"), format="YYYY-MM-DD"),
                "actual_date": st.column_config.DateColumn(t("projects.col_actual_date"), format="YYYY-MM-DD"),
                "state_l": t("projects.col_state"),
                "delay_days": st.column_config.NumberColumn(t("projects.col_delay_days"), format="%d"),
                "flag": t("projects.col_flag"),
            },
        )
        downloads.download_buttons(
            ms.assign(state=[_zh(f"projects.state_{s}") for s in ms["state"]],
                      is_key=ms["is_key"].map({True: "是", False: "否"}),
                      late_90=ms["late_90"].map({True: "是", False: "否"})),
            f"项目节点_{pid}",
            {c: _zh(f"projects.col_{c}") for c in ("project_id", "seq", "milestone", "is_key", "planned_date",
                                                   "actual_date", "state", "delay_days", "late_90")},
            key="dl_prj_ms")

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
    kinds = dict(zip(obl["year"].astype(int), obl["budget_kind"]))
    year = default_year
    if level != "county":  # a county sees all its years at once
        year = st.selectbox(t("projects.redline_year"), years, key="prj_obl_year",
                            format_func=lambda y: f"{y}（{kinds.get(y, '')}）" if lang == "zh"
                            else f"{y} ({value_label(kinds.get(y, ''))})")
    left, right = st.columns([3, 2])
    if level == "county":
        cur = obl.sort_values("year")
        with left:
            fig = money_charts.obligation_years_figure(cur, filters.region_name)
            charts.plotly_chart(fig, key="prj_redline_main")
    else:
        cur = obl[obl["year"] == year].sort_values("obligation_pct", ascending=False)
        with left:
            fig = money_charts.obligation_counties_figure(cur, year)
            charts.plotly_chart(fig, key="prj_redline_main")
    with right:
        if level == "county":  # amounts: obligations + headroom stack up to 10 % of expenditure
            fig = money_charts.obligation_amounts_figure(cur)
            charts.plotly_chart(fig, key="prj_redline_trend")
        trend = data.query("obligations_trend", region=region, first_year=2000, last_year=2100) \
            if level != "county" else pd.DataFrame()
        if not trend.empty:
            fig = money_charts.obligations_trend_figure(trend, level, filters.region_name)
            charts.plotly_chart(fig, key="prj_redline_trend")

    flagged = cur[cur["red_line_status"].isin(["over_10", "near_10"])]
    if level == "county":
        msg = t("projects.redline_flag_county", n=len(flagged))
    else:
        msg = t("projects.redline_flag", year=year, n=len(flagged), total=len(cur),
                n5=int((cur["red_line_status"] == "over_5").sum()))
    (st.warning if len(flagged) else st.success)(msg, icon=":material/flag:")
    rl = money_charts.red_line_table(cur)
    st.dataframe(
        rl[["county_name", "city_l", "year", "kind_l", "gpb_expenditure", "ppp_obligations", "obligation_pct",
            "headroom_to_10pct", "paying_projects", "status_l"]],
        hide_index=True, height=min(400, 38 + 35 * len(rl)), key="prj_redline_table",
        column_config={
            "county_name": t("projects.col_county"), "city_l": t("projects.col_city"),
            "year": st.column_config.NumberColumn(t("projects.col_year"), format="%d"),
            "kind_l": t("projects.col_budget_kind"),
            "gpb_expenditure": st.column_config.NumberColumn(t("projects.col_gpb_expenditure"), format="%.0f"),
            "ppp_obligations": st.column_config.NumberColumn(t("projects.col_ppp_obligations"), format="%.0f"),
            "obligation_pct": st.column_config.NumberColumn(t("projects.col_obligation_pct"), format="%.2f%%"),
            "headroom_to_10pct": st.column_config.NumberColumn(t("projects.col_headroom_to_10pct"), format="%.0f"),
            "paying_projects": st.column_config.NumberColumn(t("projects.col_paying_projects"), format="%d"),
            "status_l": t("projects.col_red_line_status"),
        },
    )
    downloads.download_buttons(
        obl.assign(red_line_status=obl["red_line_status"].map(lambda s: _zh(f"projects.redline_{s}"))),
        f"财政承受能力_{region}",
        {c: _zh(f"projects.col_{c}") for c in (
            "county_code", "county_name", "city_name", "year", "budget_kind", "gpb_expenditure", "ppp_obligations",
            "library_project_payments", "paying_projects", "obligation_pct", "headroom_to_10pct", "red_line_status")},
        key="dl_prj_redline")
