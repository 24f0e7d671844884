"""领导驾驶舱 / Leadership overview: headline KPIs against their targets with the change on the same period last
year, a choropleth of one KPI by city (province) or county (inside a city) with its best and weakest five, and a
briefing paragraph written from the numbers (governance/core/indicators/briefing.py)."""

from __future__ import annotations

import html
import inspect
import logging

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from governance.app import charts, data, maps, shell
from governance.core.indicators import briefing
from governance.core.months import shift_months
from governance.i18n import t
from governance.i18n.formats import fmt_month

_log = logging.getLogger(__name__)

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


# ------------------------------------------------------------------------------------------------ alerts
@st.cache_data(show_spinner=False, max_entries=256)
def _alerts_summary(version: str, region: str, start, end, lang: str) -> tuple[int, int, str] | None:
    """(alerts, high-severity alerts, top rules) from governance.core.indicators.alerts when that module exists, else None.
    Cached per warehouse version (``version``), region, period and language: the rules run in Python."""
    try:
        from governance.core.indicators import alerts
    except ImportError:
        return None
    fn = getattr(alerts, "evaluate_alerts", None)
    if not callable(fn):
        return None
    accepted = inspect.signature(fn).parameters
    extra = {k: v for k, v in {"start_month": start, "end_month": end, "lang": lang}.items() if k in accepted}
    result = fn(data.query, region, **extra)
    if result is None or not len(result):
        return 0, 0, ""
    frame = result if isinstance(result, pd.DataFrame) else pd.DataFrame(list(result))
    sev = frame["severity"].astype(str).str.lower() if "severity" in frame.columns else pd.Series(dtype=str)
    high = int(sev.isin(["high", "red", "高"]).sum())
    top = ""
    summarise = getattr(alerts, "summarise", None)
    if callable(summarise):
        counts = summarise(frame, lang=lang)
        counts = counts[counts["count"] > 0].sort_values("count", ascending=False, kind="stable").head(3)
        top = ("、" if lang == "zh" else "; ").join(
            t("overview.alerts_rule", title=r["title"], count=int(r["count"]), lang=lang)
            for r in counts.to_dict("records"))
    return len(frame), high, top


try:
    info = data.dataset_info() or {}
    alert_counts = _alerts_summary(f"{data.db_path()}|{info.get('built_at')}", filters.region_code,
                                   filters.start_month, filters.end_month, lang)
except Exception:  # noqa: BLE001 - an optional panel must never break the overview
    _log.exception("evaluate_alerts failed")
    alert_counts = None
if alert_counts is not None:
    n_alerts, n_high, top_rules = alert_counts
    if n_alerts:
        msg = t("overview.alerts", n=n_alerts, high=n_high) + (("：" if lang == "zh" else ": ") + top_rules
                                                                if top_rules else "")
        st.warning(msg, icon=":material/notifications_active:")
    else:
        st.success(t("overview.alerts_none"), icon=":material/check_circle:")

# ------------------------------------------------------------------------------------------------ KPI cards
summary = briefing.kpi_summary(current, previous)
cur_row = current.iloc[0].to_dict()
prev_row = previous.iloc[0].to_dict() if previous is not None and len(previous) else {}
st.subheader(t("overview.kpis_heading"))


def _card(rec: dict) -> str:
    kpi = rec["kpi"]
    spec = briefing.KPI_SPECS[kpi]
    hover = [t("overview.source_hover", source=t(f"overview.source.{kpi}"))]
    if spec.stock:
        change = t("overview.change_yoy", change="—")
        hover.append(t("overview.stock_no_history"))
    else:
        change = t("overview.change_yoy", change=briefing.change_text(kpi, rec["value"], rec["previous"]))
        if pd.isna(rec["previous"]):
            if kpi == "fund_execution_pct" and prev_row and not pd.isna(prev_row.get(spec.column)):
                hover.append(t("overview.fund_not_comparable"))
            else:
                hover.append(t("overview.prior_missing"))
    target = briefing.target_text(kpi, None if pd.isna(rec["target"]) else rec["target"])
    if kpi == "fund_execution_pct" and not pd.isna(cur_row.get("fund_as_of_month")):
        hover.append(t("overview.fund_prorated", months=int(cur_row["fund_as_of_month"])))
    card = charts.kpi_card_html(briefing.kpi_label(kpi), briefing.fmt_kpi(kpi, rec["value"]), change,
                                rec["status"], target)
    return (f'<div data-testid="gov-kpi-card" data-kpi="{html.escape(kpi)}" title="{html.escape(chr(10).join(hover))}"'
            f' style="height:100%;margin-bottom:0.6rem;">{card}</div>')


records = summary.to_dict("records")
per_row = 5
for start in range(0, len(records), per_row):
    cols = st.columns(per_row)
    for col, rec in zip(cols, records[start:start + per_row]):
        col.markdown(_card(rec), unsafe_allow_html=True)

with st.expander(t("overview.targets_expander")):
    table = pd.DataFrame([{
        t("overview.col_kpi"): briefing.kpi_label(r["kpi"]),
        t("overview.col_value"): briefing.fmt_kpi(r["kpi"], r["value"]),
        t("overview.col_previous"): briefing.fmt_kpi(r["kpi"], r["previous"]),
        t("overview.col_target"): briefing.target_text(r["kpi"], None if pd.isna(r["target"]) else r["target"]),
        t("overview.col_status"): briefing.status_label(r["status"]),
        t("overview.col_source"): t(f"overview.source.{r['kpi']}"),
    } for r in records])
    st.dataframe(table, hide_index=True, width="stretch")

# ------------------------------------------------------------------------------------------------ briefing
st.subheader(t("overview.briefing_heading"))
text = briefing.briefing_text(current, previous, groups, region=filters.region_code, group_level=map_level,
                              lang=lang)
with st.container(border=True):
    st.markdown(f'<div data-testid="gov-briefing" style="font-size:1.15rem;line-height:1.7;">'
                f'{html.escape(text)}</div>', unsafe_allow_html=True)

# ------------------------------------------------------------------------------------------------ map
st.subheader(t("overview.map_heading"))
kpi_options = [s.kpi for s in briefing.OVERVIEW_KPIS]
metric = st.selectbox(t("overview.map_metric"), kpi_options, key="ov_map_metric",
                      format_func=lambda k: briefing.kpi_label(k, lang))
metric_label = briefing.kpi_label(metric)
values = briefing.map_values(groups, metric)
higher = briefing.higher_is_better(metric)

map_col, side_col = st.columns([3, 2], gap="medium")
with map_col:
    deck = maps.choropleth_deck(
        values, map_level, list(values["code"]) if len(values) else None, metric_label,
        lambda v: briefing.fmt_kpi(metric, v), higher, selected=selected, width_px=620, height_px=540,
        no_data_text=t("overview.legend_no_data"),
    )
    event = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", height=540,
                            key=f"ov_map_{filters.region_code}_{metric}")
    st.caption(t("overview.map_hint_province" if map_level == "city" else "overview.map_hint_city"))
    picked = maps.selected_code(event)
    if picked and picked != filters.region_code:
        shell.set_region(picked)

with side_col:
    breaks, colors = maps.color_scale(values["value"], higher)
    region_target = summary.loc[summary["kpi"] == metric, "target"]
    tgt = None if region_target.empty or pd.isna(region_target.iloc[0]) else float(region_target.iloc[0])
    note = t("overview.legend_note", target=briefing.target_text(metric, tgt)) if tgt is not None else None
    st.markdown(maps.legend_html(breaks, colors, lambda v: briefing.fmt_kpi(metric, v), title=metric_label,
                                 no_data_label=t("overview.legend_no_data") if values["value"].isna().any() else None,
                                 note=note), unsafe_allow_html=True)

    best, worst = briefing.best_worst(groups, metric)

    def _rank_chart(df: pd.DataFrame, title: str, key: str) -> None:
        if df.empty:
            return
        vals = list(df["value"]) + ([tgt] if tgt is not None else [])
        lo, hi = min(vals), max(vals)
        pad = max((hi - lo) * 0.25, abs(hi) * 0.01, 0.5)
        # percentages near 100 differ by tenths: start the bars a little below the lowest value (labelled anyway)
        x0 = max(0.0, lo - 3 * pad) if briefing.KPI_SPECS[metric].kind == "pct" else 0.0
        fig = go.Figure(go.Bar(
            x=df["value"], y=df["name"], orientation="h", text=df["value_text"], textposition="inside",
            insidetextanchor="end", textfont=dict(color="#ffffff", size=15),
            marker_color=[charts.rag_color(s) for s in df["status"]],
            hovertemplate="%{y}: %{text}<extra></extra>",
        ))
        if tgt is not None:
            fig.add_vline(x=tgt, line_dash="dash", line_color=charts.TEXT_COLOR, line_width=1.5)
            fig.add_annotation(x=tgt, y=1.0, yref="paper", yanchor="bottom", xanchor="right", showarrow=False,
                               text=briefing.target_text(metric, tgt), font=dict(size=13, color=charts.MUTED_COLOR))
        fig.update_layout(title=dict(text=title, font=dict(size=17)), height=90 + 40 * len(df),
                          margin=dict(l=10, r=20, t=70, b=10), showlegend=False, bargap=0.25,
                          xaxis=dict(range=[x0, max(hi, tgt or hi) + pad * 0.6], showticklabels=False,
                                     showgrid=False),
                          yaxis=dict(autorange="reversed", tickfont=dict(size=15)))
        charts.plotly_chart(fig, key=key, width="stretch")

    _rank_chart(best, t("overview.best"), "ov_best")
    _rank_chart(worst, t("overview.worst"), "ov_worst")
