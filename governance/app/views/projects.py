"""The figures, tables and panels of 项目监管 (``pages/projects.py``): KPI cards of the project library, the library
table (a row click selects a project), a project's record and its milestones planned against actual, and each
county's PPP fiscal obligations against the red lines (财金〔2015〕21号, docs/domain.md §5a). Figures are built by
pure functions (tested without Streamlit); the ``*_section`` functions draw them with their tables and downloads.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from governance.app import charts, downloads, shell
from governance.app.safe_text import plotly_text
from governance.core import regions
from governance.core.thresholds import RED_LINE_STATUS_BAND, RED_LINES, TARGETS
from governance.core.vocabulary import RISK_LEVELS
from governance.i18n import region_name, t, value_label
from governance.i18n.formats import fmt_count, fmt_month, fmt_pct, fmt_wan_yuan

RISK_ICON = {"高": "⚠", "中": "", "低": ""}  # glyphs present in the CJK font (no colour-emoji font here)
# domain.md §5a, one table (thresholds.RED_LINES): 10 % red line (21号), 7 % risk notice (10号), 5 % no new
# government-pay (10号/119号); one colour scheme for a share: green ≤ 7 %, amber 7–10 %, red > 10 %
RED_LINE_PCT, WARN_PCT, GOV_PAY_PCT = (RED_LINES[k].pct for k in ("no_new_ppp", "risk_notice", "no_new_government_pay"))
RED_LINE_COLORS = {s: charts.RAG[RED_LINE_STATUS_BAND[s]] for s in ("over_10", "over_7", "over_5", "ok")}
GOV_PAY_LINE_COLOR = "#6b7280"  # a rule for government-pay projects, not a colour band
LIBRARY_EXPORT_COLUMNS = (
    "project_id", "name", "county_name", "city_name", "program", "model", "total_investment", "social_capital",
    "social_capital_pct", "start_date", "term_years", "status", "performance_score", "risk_level",
    "annual_gov_payment", "payment_start_year", "payment_end_year", "milestones_reached", "key_delayed",
    "max_key_delay_days")


# the project-monitoring limits of the thresholds table, as the texts quote them: a key milestone over 90 days
# late is flagged, over 30 days watched; a performance score below 60 is low
LIMITS = {"days": f"{TARGETS['key_milestone_delay_days'].target:g}",
          "watch": f"{TARGETS['key_milestone_delay_days'].green:g}",
          "score": f"{TARGETS['performance_score'].target:g}"}


def _t(key: str, **fmt: object) -> str:
    """``t`` with the limits filled in (texts such as '延误超{days}天')."""
    return t(key, **LIMITS, **fmt)


def _zh(key: str) -> str:
    return _t(key, lang="zh")


def labels_of(series: pd.Series) -> pd.Series:
    """``value_label`` of a column, looked up once per distinct value (a few thousand rows at scale 1)."""
    return series.map({v: value_label(v) for v in series.dropna().unique()})


def risk_text(risk: str) -> str:
    """'⚠ 高' / 'High' …: the risk level with its warning glyph."""
    return f"{RISK_ICON.get(risk, '')} {value_label(risk)}".strip()


# ------------------------------------------------------------------------------------------------ KPI cards
def kpi_cards(s: pd.Series) -> None:
    """Projects and investment, social capital, high-risk projects, projects with a key node over 90 days late,
    mean performance score of the ``projects_summary`` row."""
    k = st.columns(5)
    charts.kpi_card(t("projects.kpi_projects"), fmt_count(s["projects"]), container=k[0],
                    change_text=t("projects.kpi_investment", amount=fmt_wan_yuan(s["total_investment"])))
    charts.kpi_card(t("projects.kpi_social_capital"), fmt_pct(s["social_capital_pct"]), container=k[1],
                    change_text=fmt_wan_yuan(s["social_capital"]))
    charts.kpi_card(t("projects.kpi_high_risk"), fmt_count(s["high_risk"]), container=k[2],
                    status="red" if s["high_risk"] else "green",
                    change_text=t("projects.kpi_share", pct=fmt_pct(s["high_risk_pct"])))
    charts.kpi_card(t("projects.kpi_delayed"), fmt_count(s["key_delayed_projects"]), container=k[3],
                    status="red" if s["key_delayed_projects"] else "green",
                    change_text=_t("projects.kpi_delayed_note"))
    charts.kpi_card(t("projects.kpi_score"), f"{s['mean_performance_score']:.1f}"
                    if pd.notna(s["mean_performance_score"]) else "—", container=k[4],
                    status="amber" if s["low_score"] else "green",
                    change_text=_t("projects.kpi_low_score", n=fmt_count(s["low_score"])))


# ------------------------------------------------------------------------------------------------ library
def _on_table_select() -> None:
    rows = st.session_state.get("prj_table", {}).get("selection", {}).get("rows", [])
    ids = st.session_state.get("_prj_ids", [])
    if rows and rows[0] < len(ids):
        st.session_state["prj_selected"] = ids[rows[0]]


def library_section(projects: pd.DataFrame, region: str, end_month) -> None:
    """The project library (``projects_list``): a row click selects the project shown below; downloads."""
    st.subheader(t("projects.library_heading", n=len(projects)))
    st.caption(t("projects.library_caption", date=fmt_month(end_month)))
    lib = projects.assign(
        county=projects["county_name"],
        program_l=labels_of(projects["program"]),
        model_l=labels_of(projects["model"]),
        status_l=labels_of(projects["status"]),
        risk_l=projects["risk_level"].map({r: risk_text(r) for r in RISK_LEVELS}),
    )
    st.session_state["_prj_ids"] = list(projects["project_id"])
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
            "key_delayed": st.column_config.NumberColumn(_t("projects.col_key_delayed"), format="%d"),
            "max_key_delay_days": st.column_config.NumberColumn(t("projects.col_max_key_delay_days"), format="%d"),
            "start_date": st.column_config.DateColumn(t("projects.col_start_date"), format="YYYY-MM-DD"),
        },
    )
    downloads.download_buttons(projects, f"项目库_{region}", library_labels(), key="dl_prj_library")


def library_labels() -> dict[str, str]:
    """Chinese export headers of the library columns."""
    return {c: _zh(f"projects.col_{c}") for c in LIBRARY_EXPORT_COLUMNS}


# ------------------------------------------------------------------------------------------------ detail
def project_fields(p: pd.Series, lang: str) -> pd.DataFrame:
    """One project's record as (field, value) rows, values formatted for display."""
    fields = [
        ("project_id", p["project_id"]), ("name", p["name"]),
        ("county_name", f"{region_name(p['county_code'])} · {region_name(regions.city_of(p['county_code']))}"),
        ("program", value_label(p["program"])), ("model", value_label(p["model"])),
        ("total_investment", fmt_wan_yuan(p["total_investment"])),
        ("social_capital", f"{fmt_wan_yuan(p['social_capital'])}（{fmt_pct(p['social_capital_pct'])}）"
         if lang == "zh" else f"{fmt_wan_yuan(p['social_capital'])} ({fmt_pct(p['social_capital_pct'])})"),
        ("start_date", pd.Timestamp(p["start_date"]).date().isoformat()),
        ("term_years", t("projects.years", n=int(p["term_years"]))),
        ("status", value_label(p["status"])),
        ("performance_score", "—" if pd.isna(p["performance_score"]) else f"{p['performance_score']:.1f}"),
        ("risk_level", risk_text(p["risk_level"])),
        ("annual_gov_payment", fmt_wan_yuan(p["annual_gov_payment"])),
        ("payment_years", "—" if pd.isna(p["payment_start_year"])
         else f"{int(p['payment_start_year'])}–{int(p['payment_end_year'])}"),
        ("milestones_reached", f"{int(p['milestones_reached'])} / {int(p['milestones'])}"),
        ("key_delayed", fmt_count(p["key_delayed"])),
        ("max_key_delay_days", "—" if pd.isna(p["max_key_delay_days"])
         else t("projects.days", n=int(p["max_key_delay_days"]))),
    ]
    return pd.DataFrame({"field": [_t(f"projects.col_{k}") for k, _ in fields],
                         "value": [str(v) for _, v in fields]})


@charts.cached_figure
def milestone_timeline_figure(ms: pd.DataFrame, project_name: str) -> go.Figure:
    """Planned against actual milestone dates (``project_milestones``): a bar from planned to actual (or to the
    as-of date when still open), red when late by 90+ days, key nodes thicker and starred."""
    as_of = pd.Timestamp(ms["as_of_date"].iloc[0])
    fig = go.Figure()
    labels = milestone_labels(ms)
    for lab, row in zip(labels, ms.itertuples(index=False), strict=True):
        delay = row.delay_days
        if row.late_90:
            color = charts.RAG["red"]
        elif pd.notna(delay) and delay > TARGETS["key_milestone_delay_days"].green:
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
        x=ms.loc[done, "actual_date"], y=[lab for lab, d in zip(labels, done, strict=True) if d], mode="markers",
        name=t("projects.tl_actual"),
        marker=dict(symbol="circle", size=13,
                    color=[charts.RAG["red"] if late else charts.ACCENT for late in ms.loc[done, "late_90"]]),
        customdata=[t("projects.days", n=int(d)) for d in ms.loc[done, "delay_days"]],
        hovertemplate="%{y}<br>" + t("projects.tl_actual") + " %{x|%Y-%m-%d} (%{customdata})<extra></extra>")
    open_ = ms["state"] == "open"
    if open_.any():
        fig.add_scatter(
            x=[as_of] * int(open_.sum()), y=[lab for lab, o in zip(labels, open_, strict=True) if o],
            mode="markers", name=t("projects.tl_open"),
            marker=dict(symbol="x", size=13, color=[charts.RAG["red"] if late else charts.RAG["amber"]
                                                     for late in ms.loc[open_, "late_90"]]),
            customdata=[t("projects.days", n=int(d)) for d in ms.loc[open_, "delay_days"]],
            hovertemplate="%{y}<br>" + t("projects.tl_open") + " (%{customdata})<extra></extra>")
    fig.add_shape(type="line", xref="x", x0=as_of, x1=as_of, yref="paper", y0=0, y1=1,
                  line=dict(color=charts.MUTED_COLOR, dash="dash", width=2))
    fig.add_annotation(xref="x", x=as_of, xanchor="right", yref="paper", y=1, yanchor="bottom",
                       text=t("projects.tl_as_of", date=as_of.date().isoformat()), showarrow=False)
    fig.update_layout(title=t("projects.tl_title", name=plotly_text(project_name)), height=420,
                      yaxis=dict(autorange="reversed", title=None), xaxis=dict(type="date", title=None),
                      legend=dict(y=-0.18, yanchor="top", x=0), margin=dict(t=56, b=70))
    return fig


def milestone_labels(ms: pd.DataFrame) -> list[str]:
    """'★ 开工' for key nodes, '立项' otherwise (translated)."""
    return [f"{'★ ' if k else ''}{value_label(m)}" for m, k in zip(ms["milestone"], ms["is_key"], strict=True)]


def milestone_table(ms: pd.DataFrame) -> pd.DataFrame:
    """Milestones with display columns: starred key nodes, state text, a flag on the 90-days-late ones."""
    return ms.assign(
        milestone_l=milestone_labels(ms),
        state_l=[t(f"projects.state_{s}") for s in ms["state"]],
        flag=[("⚠ " + _t("projects.flag_late")) if late else "" for late in ms["late_90"]],
    )


def detail_section(projects: pd.DataFrame, milestones_of, lang: str) -> None:
    """The chosen project (a select box, or a click in the library): its record, its milestone timeline and table,
    and downloads. ``milestones_of(project_id)`` returns its ``project_milestones`` rows."""
    st.subheader(t("projects.detail_heading"))
    ids = list(projects["project_id"])
    if st.session_state.get("prj_selected") not in ids:
        st.session_state["prj_selected"] = ids[0]
    names = dict(zip(projects["project_id"], projects["name"] + " · " + projects["county_name"], strict=True))
    pid = st.selectbox(t("projects.detail_select"), ids, key="prj_selected", format_func=lambda i: names.get(i, i),
                       help=t("projects.detail_select_help"))
    p = projects[projects["project_id"] == pid].iloc[0]
    ms = milestones_of(pid)

    info_col, chart_col = st.columns([5, 7])
    with info_col:
        detail = project_fields(p, lang)
        st.dataframe(detail, hide_index=True, height=38 + 35 * len(detail), key="prj_detail_table",
                     column_config={"field": st.column_config.TextColumn(t("projects.col_field"), width="medium"),
                                    "value": st.column_config.TextColumn(t("projects.col_value"), width="large")})
    with chart_col:
        if ms.empty:
            shell.empty_state()
        else:
            charts.plotly_chart(milestone_timeline_figure(ms, p["name"]), key="prj_timeline")
            st.caption(_t("projects.tl_caption", n=int(ms["late_90"].sum())))
    downloads.download_buttons(projects[projects["project_id"] == pid], f"项目详情_{pid}", library_labels(),
                               key="dl_prj_detail")
    if ms.empty:
        return
    tbl = milestone_table(ms)
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
def red_lines(fig: go.Figure, outside: bool = False) -> None:
    """The 10 % red line (21号), the 7 % risk notice (10号) and the 5 % government-pay line (10号/119号)."""
    side = "outside" if outside else "left"
    charts.hline(fig, RED_LINE_PCT, charts.RAG["red"], t("projects.redline_10"), dash="solid", width=3, side=side)
    charts.hline(fig, WARN_PCT, charts.RAG["amber"], t("projects.redline_7"), dash="dot", side=side)
    charts.hline(fig, GOV_PAY_PCT, GOV_PAY_LINE_COLOR, t("projects.redline_5" + ("_short" if outside else "")),
                 side=side)


def red_line_status_text() -> dict[str, str]:
    """Display text of each ``red_line_status`` value."""
    return {k: t(f"projects.redline_{k}") for k in RED_LINE_COLORS}


@charts.cached_figure
def obligation_years_figure(cur: pd.DataFrame, county_label: str) -> go.Figure:
    """A county's PPP obligations as a share of expenditure per year (forecast years paler) against the lines."""
    status_text = red_line_status_text()
    fig = go.Figure(go.Bar(
        x=cur["year"], y=cur["obligation_pct"],
        marker_color=[RED_LINE_COLORS[s] for s in cur["red_line_status"]],
        marker_opacity=[0.55 if k == "预测" else 1.0 for k in cur["budget_kind"]],
        customdata=list(zip([value_label(k) for k in cur["budget_kind"]],
                            [status_text[s] for s in cur["red_line_status"]], strict=True)),
        hovertemplate="%{x} (%{customdata[0]})<br>%{y:.2f}% · %{customdata[1]}<extra></extra>",
    ))
    red_lines(fig, outside=True)
    fig.update_layout(title=t("projects.redline_county_title", county=county_label), height=420,
                      showlegend=False, xaxis=dict(dtick=1, tickformat="d"), margin=dict(r=100),
                      yaxis=dict(title=t("projects.axis_obligation_pct"), ticksuffix="%",
                                 range=[0, max(12.0, float(cur["obligation_pct"].max()) + 1)]))
    return fig


@charts.cached_figure
def obligation_counties_figure(cur: pd.DataFrame, year: int) -> go.Figure:
    """One year's obligation share per county (sorted as given) against the lines; at province level the counties
    near or over the line are named on the strip."""
    status_text = red_line_status_text()
    colors = [RED_LINE_COLORS[s] for s in cur["red_line_status"]]
    hover = [f"{n} · {region_name(c)}<br>{v:.2f}% · {status_text[s]}<br>{t('projects.headroom')} "
             f"{fmt_wan_yuan(h)}"
             for n, c, v, s, h in zip(cur["county_name"], cur["county_code"].map(regions.city_of),
                                      cur["obligation_pct"], cur["red_line_status"], cur["headroom_to_10pct"],
                                      strict=True)]
    flagged_codes = list(cur.loc[cur["red_line_status"].isin(["over_10", "over_7"]), "county_code"])
    fig = charts.county_bars_or_strip(cur["county_code"], cur["obligation_pct"], cur["county_name"], colors, hover,
                                      label_codes=flagged_codes, names=list(cur["county_name"]))
    red_lines(fig, outside=True)
    fig.update_layout(title=t("projects.redline_by_county_title", year=year), height=420, showlegend=False,
                      margin=dict(r=100),
                      yaxis=dict(title=t("projects.axis_obligation_pct"), ticksuffix="%",
                                 range=[0, max(12.0, float(cur["obligation_pct"].max()) + 1)]))
    return fig


@charts.cached_figure
def obligation_amounts_figure(cur: pd.DataFrame) -> go.Figure:
    """A county's obligations and headroom per year in 万元: they stack up to 10 % of expenditure."""
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
    return fig


@charts.cached_figure
def obligations_trend_figure(trend: pd.DataFrame, level: str, region_label: str) -> go.Figure:
    """The region's obligation share per year, its worst county and the count of counties over the 7 % risk notice,
    projection years shaded."""
    fig = go.Figure()
    if level != "county":
        fig.add_bar(x=trend["year"], y=trend["counties_over_7pct"], name=t("projects.trend_over_7"),
                    marker_color=charts.RAG["amber"], yaxis="y2", opacity=0.45,
                    hovertemplate="%{x}: %{y}<extra></extra>")
        fig.add_scatter(x=trend["year"], y=trend["max_county_obligation_pct"], mode="lines+markers",
                        name=t("projects.trend_max"), line=dict(color=charts.RAG["red"], width=2),
                        hovertemplate="%{x}: %{y:.2f}%<extra></extra>")
    fig.add_scatter(x=trend["year"], y=trend["obligation_pct"], mode="lines+markers",
                    name=t("projects.trend_region", region=region_label),
                    line=dict(color=charts.ACCENT, width=3), hovertemplate="%{x}: %{y:.2f}%<extra></extra>")
    red_lines(fig)
    last_actual = max([int(y) for y, k in zip(trend["year"], trend["budget_kind"], strict=True) if k != "预测"],
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
                    dtick=charts.nice_step(int(trend["counties_over_7pct"].max())),
                    title=t("projects.trend_over_7"), visible=level != "county"),
        legend=dict(y=-0.15, yanchor="top", x=0, font=dict(size=13)), margin=dict(t=56, b=90))
    return fig


def red_line_table(cur: pd.DataFrame) -> pd.DataFrame:
    """Obligation rows with display columns: status text (flagged near/over the line), city, budget kind."""
    status_text = red_line_status_text()
    return cur.assign(status_l=[f"{'⚠ ' if s in ('over_10', 'over_7') else ''}{status_text[s]}"
                                for s in cur["red_line_status"]],
                      city_l=[region_name(regions.city_of(c)) for c in cur["county_code"]],
                      kind_l=labels_of(cur["budget_kind"]))


def red_line_section(obl: pd.DataFrame, trend: pd.DataFrame, *, level: str, year: int, region: str,
                     region_label: str) -> None:
    """PPP obligations against the red lines: a county's years (share and amounts), or one year's counties of a
    city / the province with the region's trend (``obligations_trend``); the flag message, table and downloads."""
    left, right = st.columns([3, 2])
    if level == "county":
        cur = obl.sort_values("year")
        with left:
            charts.plotly_chart(obligation_years_figure(cur, region_label), key="prj_redline_main")
    else:
        cur = obl[obl["year"] == year].sort_values("obligation_pct", ascending=False)
        with left:
            charts.plotly_chart(obligation_counties_figure(cur, year), key="prj_redline_main")
    with right:
        if level == "county":  # amounts: obligations + headroom stack up to 10 % of expenditure
            charts.plotly_chart(obligation_amounts_figure(cur), key="prj_redline_trend")
        if not trend.empty:
            charts.plotly_chart(obligations_trend_figure(trend, level, region_label), key="prj_redline_trend")

    flagged = cur[cur["red_line_status"].isin(["over_10", "over_7"])]
    if level == "county":
        msg = t("projects.redline_flag_county", n=len(flagged))
    else:
        msg = t("projects.redline_flag", year=year, n=len(flagged), total=len(cur),
                n5=int((cur["red_line_status"] == "over_5").sum()))
    (st.warning if len(flagged) else st.success)(msg, icon=":material/flag:")
    rl = red_line_table(cur)
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
