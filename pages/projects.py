"""项目监管 / Project monitoring: the project library (model, investment, social capital, status, performance, risk),
a chosen project's milestones planned against actual (delayed key nodes highlighted) and its full record, each
county's PPP fiscal obligations against the 10 % / 5 % red lines (财金〔2015〕21号, domain.md §5a), and the alerts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from governance import alerts, charts, ui
from governance.formats import fmt_count, fmt_month, fmt_pct, fmt_wan_yuan
from governance.i18n import region_name, t, value_label

# Domain values of the projects table (schema.sql CHECK constraints), in display order.
PROGRAMS = ("养老服务", "智慧网格", "老旧小区改造", "垃圾分类", "社区公共设施", "党建阵地")
MODELS = ("政府直投", "专项债", "PPP-使用者付费", "存量PPP-可行性缺口补助", "BOT", "ABS", "贴息贷款")
STATUSES = ("前期", "在建", "运营", "完工", "暂停")
RISKS = ("高", "中", "低")
RISK_ICON = {"高": "⚠", "中": "", "低": ""}  # glyphs present in the CJK font (no colour-emoji font here)
# 财金〔2015〕21号 (domain.md §5a): ≤10 % red line, >5 % no new government-pay PPP; 8 % = "near the line" warning
RED_LINE_PCT, WARN_PCT, GOV_PAY_PCT = 10.0, 8.0, 5.0
RED_LINE_COLORS = {"over_10": charts.RAG["red"], "near_10": "#e65100", "over_5": charts.RAG["amber"],
                   "ok": charts.RAG["green"]}

filters = ui.page_setup("projects")
lang = filters.lang
st.title(t("page.projects"))
st.caption(t("filter.current", region=filters.region_name, start=fmt_month(filters.start_month),
             end=fmt_month(filters.end_month)))
if not filters.data_ready:
    ui.empty_state("warehouse.unavailable")
    st.stop()

region, level = filters.region_code, filters.region_level
alerts.alerts_panel(filters, key="prj_alerts")


def _zh(key: str) -> str:
    return t(key, lang="zh")


def _labels(series: pd.Series) -> pd.Series:
    """``value_label`` of a column, looked up once per distinct value (a few thousand rows at scale 1)."""
    return series.map({v: value_label(v) for v in series.dropna().unique()})


def _hline(fig: go.Figure, y: float, color: str, text: str = "", dash: str = "dash", width: float = 2,
           side: str = "left") -> None:
    """A horizontal reference line across the plot with an optional label (``fig.add_hline`` costs ≈6 ms a line
    in plotly 7; a layout shape and annotation cost almost nothing). ``side``: 'left' / 'right' inside the plot,
    'outside' in the right margin (leave room with margin r), for charts whose dots fill the plot."""
    fig.add_shape(type="line", xref="paper", x0=0, x1=1, yref="y", y0=y, y1=y,
                  line=dict(color=color, dash=dash, width=width), layer="above")
    if text:
        if side == "outside":
            fig.add_annotation(xref="paper", x=1.01, xanchor="left", yref="y", y=y, yanchor="middle", text=text,
                               showarrow=False, font=dict(size=14, color=color))
        else:
            fig.add_annotation(xref="paper", x=0 if side == "left" else 1, xanchor=side, yref="y", y=y,
                               yanchor="bottom", text=text, showarrow=False, bgcolor="rgba(255,255,255,0.8)",
                               font=dict(size=14))


def _nice_step(top: int) -> int:
    """An integer axis step giving about four ticks up to ``top`` (1, 2, 5, 10, 15 …)."""
    raw = max(1, -(-top // 4))
    return raw if raw <= 2 else 5 * -(-raw // 5)


def _strip_by_city(codes, values, colors, hover, label_codes=(), names=None) -> go.Figure:
    """Counties as dots grouped by city (one column per city, spread by value): 95 counties stay readable where
    95 bars would not. ``label_codes`` get their name written next to the dot."""
    codes = [str(c) for c in codes]
    city = [ui.city_of(c) for c in codes]
    order = sorted(set(city))
    col = {c: i for i, c in enumerate(order)}
    members: dict[str, list[int]] = {}
    for i, c in enumerate(city):
        members.setdefault(c, []).append(i)
    x = [0.0] * len(codes)
    for c, idx in members.items():
        idx.sort(key=lambda i: values[i])
        step = min(0.12, 0.7 / max(len(idx), 1))
        for j, i in enumerate(idx):
            x[i] = col[c] + (j - (len(idx) - 1) / 2) * step
    labels = set(label_codes)
    text = [(names[i] if names is not None and codes[i] in labels else "") for i in range(len(codes))]
    # named dots: alternate the side of the label so neighbours don't overwrite each other
    side, k = [], 0
    for tx in text:
        side.append("middle left" if tx and k % 2 else "middle right")
        k += 1 if tx else 0
    fig = go.Figure(go.Scatter(
        x=x, y=list(values), mode="markers+text", text=text, textposition=side, textfont=dict(size=12),
        marker=dict(color=list(colors), size=12, line=dict(width=1, color="#ffffff")),
        customdata=list(hover), hovertemplate="%{customdata}<extra></extra>",
    ))
    fig.update_xaxes(tickmode="array", tickvals=list(range(len(order))), ticktext=[region_name(c) for c in order],
                     range=[-0.6, len(order) - 0.4], showgrid=False)
    return fig


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
summary = ui.query("projects_summary", **pparams)
projects = ui.query("projects_list", **pparams)
if summary.empty or projects.empty:
    ui.empty_state()
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
        program_l=_labels(projects["program"]),
        model_l=_labels(projects["model"]),
        status_l=_labels(projects["status"]),
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
    ui.download_buttons(projects, f"项目库_{region}", lib_labels, key="dl_prj_library")

    # -------------------------------------------------------------------------------------------- detail
    st.subheader(t("projects.detail_heading"))
    ids = list(projects["project_id"])
    if st.session_state.get("prj_selected") not in ids:
        st.session_state["prj_selected"] = ids[0]
    names = dict(zip(projects["project_id"], projects["name"] + " · " + projects["county_name"]))
    pid = st.selectbox(t("projects.detail_select"), ids, key="prj_selected", format_func=lambda i: names.get(i, i),
                       help=t("projects.detail_select_help"))
    p = projects[projects["project_id"] == pid].iloc[0]
    ms = ui.query("project_milestones", project_id=pid, end_month=filters.end_month)

    info_col, chart_col = st.columns([5, 7])
    with info_col:
        fields = [
            ("project_id", p["project_id"]), ("name", p["name"]),
            ("county_name", f"{region_name(p['county_code'])} · {region_name(p['county_code'][:4] + '00')}"),
            ("program", value_label(p["program"])), ("model", value_label(p["model"])),
            ("total_investment", fmt_wan_yuan(p["total_investment"])),
            ("social_capital", f"{fmt_wan_yuan(p['social_capital'])}（{fmt_pct(p['social_capital_pct'])}）"
             if lang == "zh" else f"{fmt_wan_yuan(p['social_capital'])} ({fmt_pct(p['social_capital_pct'])})"),
            ("start_date", pd.Timestamp(p["start_date"]).date().isoformat()),
            ("term_years", t("projects.years", n=int(p["term_years"]))),
            ("status", value_label(p["status"])),
            ("performance_score", "—" if pd.isna(p["performance_score"]) else f"{p['performance_score']:.1f}"),
            ("risk_level", f"{RISK_ICON.get(p['risk_level'], '')} {value_label(p['risk_level'])}".strip()),
            ("annual_gov_payment", fmt_wan_yuan(p["annual_gov_payment"])),
            ("payment_years", "—" if pd.isna(p["payment_start_year"])
             else f"{int(p['payment_start_year'])}–{int(p['payment_end_year'])}"),
            ("milestones_reached", f"{int(p['milestones_reached'])} / {int(p['milestones'])}"),
            ("key_delayed", fmt_count(p["key_delayed"])),
            ("max_key_delay_days", "—" if pd.isna(p["max_key_delay_days"])
             else t("projects.days", n=int(p["max_key_delay_days"]))),
        ]
        detail = pd.DataFrame({"field": [t(f"projects.col_{k}") for k, _ in fields],
                               "value": [str(v) for _, v in fields]})
        st.dataframe(detail, hide_index=True, height=38 + 35 * len(detail), key="prj_detail_table",
                     column_config={"field": st.column_config.TextColumn(t("projects.col_field"), width="medium"),
                                    "value": st.column_config.TextColumn(t("projects.col_value"), width="large")})
    with chart_col:
        if ms.empty:
            ui.empty_state()
        else:
            as_of = pd.Timestamp(ms["as_of_date"].iloc[0])
            fig = go.Figure()
            labels = [f"{'★ ' if k else ''}{value_label(m)}" for m, k in zip(ms["milestone"], ms["is_key"])]
            for lab, row in zip(labels, ms.itertuples(index=False)):
                delay = row.delay_days
                if row.late_90:
                    color = charts.RAG["red"]
                elif pd.notna(delay) and delay > 30:
                    color = charts.RAG["amber"]
                elif row.state == "planned":
                    color = charts.RAG["none"]
                else:
                    color = charts.RAG["green"]
                end = row.actual_date if row.state == "done" else (as_of if row.state == "open" else None)
                if end is not None and pd.notna(end):
                    fig.add_scatter(x=[row.planned_date, end], y=[lab, lab], mode="lines", showlegend=False,
                                    line=dict(color=color, width=8 if row.is_key else 4,
                                              dash="dot" if row.state == "open" else "solid"),
                                    hoverinfo="skip")
            fig.add_scatter(x=ms["planned_date"], y=labels, mode="markers", name=t("projects.tl_planned"),
                            marker=dict(symbol="circle-open", size=14, color=charts.TEXT_COLOR, line=dict(width=2)),
                            customdata=[t("projects.days", n=int(d)) if pd.notna(d) else "—" for d in ms["delay_days"]],
                            hovertemplate="%{y}<br>" + t("projects.tl_planned") + " %{x|%Y-%m-%d}<extra></extra>")
            done = ms["state"] == "done"
            fig.add_scatter(
                x=ms.loc[done, "actual_date"], y=[lab for lab, d in zip(labels, done) if d], mode="markers",
                name=t("projects.tl_actual"),
                marker=dict(symbol="circle", size=13,
                            color=[charts.RAG["red"] if late else charts.ACCENT for late in ms.loc[done, "late_90"]]),
                customdata=[t("projects.days", n=int(d)) for d in ms.loc[done, "delay_days"]],
                hovertemplate="%{y}<br>" + t("projects.tl_actual") + " %{x|%Y-%m-%d} (%{customdata})<extra></extra>")
            open_ = ms["state"] == "open"
            if open_.any():
                fig.add_scatter(
                    x=[as_of] * int(open_.sum()), y=[lab for lab, o in zip(labels, open_) if o], mode="markers",
                    name=t("projects.tl_open"),
                    marker=dict(symbol="x", size=13, color=[charts.RAG["red"] if late else charts.RAG["amber"]
                                                             for late in ms.loc[open_, "late_90"]]),
                    customdata=[t("projects.days", n=int(d)) for d in ms.loc[open_, "delay_days"]],
                    hovertemplate="%{y}<br>" + t("projects.tl_open") + " (%{customdata})<extra></extra>")
            fig.add_shape(type="line", xref="x", x0=as_of, x1=as_of, yref="paper", y0=0, y1=1,
                          line=dict(color=charts.MUTED_COLOR, dash="dash", width=2))
            fig.add_annotation(xref="x", x=as_of, xanchor="right", yref="paper", y=1, yanchor="bottom",
                               text=t("projects.tl_as_of", date=as_of.date().isoformat()), showarrow=False)
            fig.update_layout(title=t("projects.tl_title", name=p["name"]), height=420,
                              yaxis=dict(autorange="reversed", title=None), xaxis=dict(type="date", title=None),
                              legend=dict(y=-0.18, yanchor="top", x=0), margin=dict(t=56, b=70))
            charts.plotly_chart(fig, key="prj_timeline")
            n_late = int(ms["late_90"].sum())
            st.caption(t("projects.tl_caption", n=n_late))
    ui.download_buttons(projects[projects["project_id"] == pid], f"项目详情_{pid}", lib_labels, key="dl_prj_detail")
    if not ms.empty:
        tbl = ms.assign(
            milestone_l=[f"{'★ ' if k else ''}{value_label(m)}" for m, k in zip(ms["milestone"], ms["is_key"])],
            state_l=[t(f"projects.state_{s}") for s in ms["state"]],
            flag=[("⚠ " + t("projects.flag_late")) if late else "" for late in ms["late_90"]],
        )
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
        ui.download_buttons(
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
obl = ui.query("obligations_by_county_year", region=region, first_year=2000, last_year=2100)
if obl.empty:
    ui.empty_state()
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
    status_text = {k: t(f"projects.redline_{k}") for k in RED_LINE_COLORS}

    def _red_lines(fig: go.Figure, outside: bool = False) -> None:
        side = "outside" if outside else "left"
        _hline(fig, RED_LINE_PCT, charts.RAG["red"], t("projects.redline_10"), dash="solid", width=3, side=side)
        _hline(fig, WARN_PCT, "#e65100", t("projects.redline_8"), dash="dot", side=side)
        _hline(fig, GOV_PAY_PCT, charts.RAG["amber"], t("projects.redline_5" + ("_short" if outside else "")),
               side=side)

    left, right = st.columns([3, 2])
    if level == "county":
        cur = obl.sort_values("year")
        with left:
            fig = go.Figure(go.Bar(
                x=cur["year"], y=cur["obligation_pct"],
                marker_color=[RED_LINE_COLORS[s] for s in cur["red_line_status"]],
                marker_opacity=[0.55 if k == "预测" else 1.0 for k in cur["budget_kind"]],
                customdata=list(zip([value_label(k) for k in cur["budget_kind"]],
                                    [status_text[s] for s in cur["red_line_status"]])),
                hovertemplate="%{x} (%{customdata[0]})<br>%{y:.2f}% · %{customdata[1]}<extra></extra>",
            ))
            _red_lines(fig, outside=True)
            fig.update_layout(title=t("projects.redline_county_title", county=filters.region_name), height=420,
                              showlegend=False, xaxis=dict(dtick=1, tickformat="d"), margin=dict(r=100),
                              yaxis=dict(title=t("projects.axis_obligation_pct"), ticksuffix="%",
                                         range=[0, max(12.0, float(cur["obligation_pct"].max()) + 1)]))
            charts.plotly_chart(fig, key="prj_redline_main")
    else:
        cur = obl[obl["year"] == year].sort_values("obligation_pct", ascending=False)
        with left:
            colors = [RED_LINE_COLORS[s] for s in cur["red_line_status"]]
            hover = [f"{n} · {region_name(c)}<br>{v:.2f}% · {status_text[s]}<br>{t('projects.headroom')} "
                     f"{fmt_wan_yuan(h)}"
                     for n, c, v, s, h in zip(cur["county_name"], cur["county_code"].map(ui.city_of),
                                              cur["obligation_pct"], cur["red_line_status"], cur["headroom_to_10pct"])]
            flagged_codes = list(cur.loc[cur["red_line_status"].isin(["over_10", "near_10"]), "county_code"])
            if len(cur) > 30:  # province: counties grouped by city; those near or over the line named
                fig = _strip_by_city(cur["county_code"], list(cur["obligation_pct"]), colors, hover,
                                     label_codes=flagged_codes, names=list(cur["county_name"]))
            else:  # x = codes (two counties are called 鼓楼区), tick labels = names
                fig = go.Figure(go.Bar(x=cur["county_code"], y=cur["obligation_pct"], marker_color=colors,
                                       customdata=hover, hovertemplate="%{customdata}<extra></extra>"))
                fig.update_xaxes(type="category", tickmode="array", tickvals=list(cur["county_code"]),
                                 ticktext=list(cur["county_name"]), tickangle=-45 if len(cur) > 8 else 0)
            _red_lines(fig, outside=True)
            fig.update_layout(title=t("projects.redline_by_county_title", year=year), height=420, showlegend=False,
                              margin=dict(r=100),
                              yaxis=dict(title=t("projects.axis_obligation_pct"), ticksuffix="%",
                                         range=[0, max(12.0, float(cur["obligation_pct"].max()) + 1)]))
            charts.plotly_chart(fig, key="prj_redline_main")
    with right:
        if level == "county":  # amounts: obligations + headroom stack up to 10 % of expenditure
            fig = go.Figure()
            fig.add_bar(x=cur["year"], y=cur["ppp_obligations"], name=t("projects.col_ppp_obligations"),
                        marker_color=[RED_LINE_COLORS[s] for s in cur["red_line_status"]],
                        customdata=[fmt_wan_yuan(v) for v in cur["ppp_obligations"]],
                        hovertemplate="%{x}: %{customdata}<extra></extra>")
            fig.add_bar(x=cur["year"], y=cur["headroom_to_10pct"].clip(lower=0), name=t("projects.headroom"),
                        marker_color="#d5dbe5", customdata=[fmt_wan_yuan(v) for v in cur["headroom_to_10pct"]],
                        hovertemplate="%{x}: %{customdata}<extra></extra>")
            fig.update_layout(title=t("projects.redline_amounts_title"), barmode="stack", height=420,
                              xaxis=dict(dtick=2, tickformat="d"),
                              yaxis=dict(title=t("projects.axis_wan_yuan"), tickformat=",.0f"),
                              legend=dict(y=-0.15, yanchor="top", x=0), margin=dict(t=56, b=90))
            charts.plotly_chart(fig, key="prj_redline_trend")
        trend = ui.query("obligations_trend", region=region, first_year=2000, last_year=2100) \
            if level != "county" else pd.DataFrame()
        if not trend.empty:
            fig = go.Figure()
            if level != "county":
                fig.add_bar(x=trend["year"], y=trend["counties_over_8pct"], name=t("projects.trend_over_8"),
                            marker_color="#e65100", yaxis="y2", opacity=0.45,
                            hovertemplate="%{x}: %{y}<extra></extra>")
                fig.add_scatter(x=trend["year"], y=trend["max_county_obligation_pct"], mode="lines+markers",
                                name=t("projects.trend_max"), line=dict(color=charts.RAG["red"], width=2),
                                hovertemplate="%{x}: %{y:.2f}%<extra></extra>")
            fig.add_scatter(x=trend["year"], y=trend["obligation_pct"], mode="lines+markers",
                            name=t("projects.trend_region", region=filters.region_name),
                            line=dict(color=charts.ACCENT, width=3), hovertemplate="%{x}: %{y:.2f}%<extra></extra>")
            _red_lines(fig)
            last_actual = max([int(y) for y, k in zip(trend["year"], trend["budget_kind"]) if k != "预测"],
                              default=None)
            if last_actual is not None and last_actual < int(trend["year"].max()):
                fig.add_shape(type="rect", xref="x", x0=last_actual + 0.5, x1=int(trend["year"].max()) + 0.5,
                              yref="paper", y0=0, y1=1, fillcolor="#9aa0a6", opacity=0.12, line_width=0, layer="below")
                fig.add_annotation(xref="x", x=last_actual + 0.5, xanchor="left", yref="paper", y=0,
                                   yanchor="bottom", text=t("projects.trend_projection"), showarrow=False)
            fig.update_layout(
                title=t("projects.trend_title"), height=420, xaxis=dict(dtick=2, tickformat="d"),
                yaxis=dict(title=t("projects.axis_obligation_pct"), ticksuffix="%",
                           range=[0, max(12.0, float(trend["max_county_obligation_pct"].max()) + 1)]),
                yaxis2=dict(overlaying="y", side="right", showgrid=False, rangemode="tozero", tickformat="d",
                            dtick=_nice_step(int(trend["counties_over_8pct"].max())),
                            title=t("projects.trend_over_8"), visible=level != "county"),
                legend=dict(y=-0.15, yanchor="top", x=0, font=dict(size=13)), margin=dict(t=56, b=90))
            charts.plotly_chart(fig, key="prj_redline_trend")

    flagged = cur[cur["red_line_status"].isin(["over_10", "near_10"])]
    if level == "county":
        msg = t("projects.redline_flag_county", n=len(flagged))
    else:
        msg = t("projects.redline_flag", year=year, n=len(flagged), total=len(cur),
                n5=int((cur["red_line_status"] == "over_5").sum()))
    (st.warning if len(flagged) else st.success)(msg, icon=":material/flag:")
    rl = cur.assign(status_l=[f"{'⚠ ' if s in ('over_10', 'near_10') else ''}{status_text[s]}"
                              for s in cur["red_line_status"]],
                    city_l=[region_name(ui.city_of(c)) for c in cur["county_code"]],
                    kind_l=_labels(cur["budget_kind"]))
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
    ui.download_buttons(
        obl.assign(red_line_status=obl["red_line_status"].map(lambda s: _zh(f"projects.redline_{s}"))),
        f"财政承受能力_{region}",
        {c: _zh(f"projects.col_{c}") for c in (
            "county_code", "county_name", "city_name", "year", "budget_kind", "gpb_expenditure", "ppp_obligations",
            "library_project_payments", "paying_projects", "obligation_pct", "headroom_to_10pct", "red_line_status")},
        key="dl_prj_redline")
