"""The panels of 领导驾驶舱 (``pages/overview.py``): the alerts banner, the headline KPI cards with their targets table,
the briefing paragraph, and the choropleth of one KPI with its legend and best / weakest five. Values are judged
by ``governance.core.indicators.kpis``; the paragraph is ``governance.core.indicators.briefing``.
"""

from __future__ import annotations

import html
import logging

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from governance.app import alerts_panel, charts, maps, shell
from governance.app.safe_text import plain
from governance.core.indicators import alerts, kpis
from governance.i18n import current_lang, t

_log = logging.getLogger(__name__)


# ------------------------------------------------------------------------------------------------ alerts
def alerts_banner(filters: shell.Filters) -> None:
    """One line: how many alerts the region has in the period, how many high, and the three most frequent rules
    (the same evaluation as the funds / projects alerts panels). An optional panel: it never breaks the page."""
    lang = filters.lang
    try:
        found = alerts_panel.evaluate_cached(filters.region_code, filters.start_month, filters.end_month, lang, None)
        if not len(found):
            st.success(t("overview.alerts_none"), icon=":material/check_circle:")
            return
        high = int(found["severity"].astype(str).str.lower().isin(["high", "red", "高"]).sum())
        counts = alerts.summarise(found, lang=lang)
        counts = counts[counts["count"] > 0].sort_values("count", ascending=False, kind="stable").head(3)
        top = ("、" if lang == "zh" else "; ").join(
            t("overview.alerts_rule", title=plain(r["title"]), count=int(r["count"]), lang=lang)
            for r in counts.to_dict("records"))
    except Exception:  # noqa: BLE001 - an optional panel must never break the overview
        _log.exception("evaluate_alerts failed")
        return
    msg = t("overview.alerts", n=len(found), high=high) + (("：" if lang == "zh" else ": ") + top if top else "")
    st.warning(msg, icon=":material/notifications_active:")


# ------------------------------------------------------------------------------------------------ KPI cards
def _card_html(rec: dict, cur_row: dict, prev_row: dict) -> str:
    kpi = rec["kpi"]
    spec = kpis.KPI_SPECS[kpi]
    hover = [t("overview.source_hover", source=t(f"overview.source.{kpi}"))]
    if spec.stock:
        change = t("overview.change_yoy", change="—")
        hover.append(t("overview.stock_no_history"))
    else:
        change = t("overview.change_yoy", change=kpis.change_text(kpi, rec["value"], rec["previous"]))
        if pd.isna(rec["previous"]):
            if kpi == "fund_execution_pct" and prev_row and not pd.isna(prev_row.get(spec.column)):
                hover.append(t("overview.fund_not_comparable"))
            else:
                hover.append(t("overview.prior_missing"))
    target = kpis.target_text(kpi, None if pd.isna(rec["target"]) else rec["target"])
    if kpi == "fund_execution_pct" and not pd.isna(cur_row.get("fund_as_of_month")):
        hover.append(t("overview.fund_prorated", months=int(cur_row["fund_as_of_month"]),
                       annual=f"{kpis.kpi_target(kpi):g}"))
    card = charts.kpi_card_html(kpis.kpi_label(kpi), kpis.fmt_kpi(kpi, rec["value"]), change, rec["status"], target)
    return (f'<div data-testid="gov-kpi-card" data-kpi="{html.escape(kpi)}" title="{html.escape(chr(10).join(hover))}"'
            f' style="height:100%;">{card}</div>')


def kpi_cards(summary: pd.DataFrame, current: pd.DataFrame, previous: pd.DataFrame | None) -> None:
    """The headline KPIs of ``kpis.kpi_summary`` as cards (value, change on last year, target, status colour; the
    target's source and caveats on hover), then the targets table in an expander."""
    cur_row = kpis.first_row(current)
    prev_row = kpis.first_row(previous)
    records = summary.to_dict("records")
    # one CSS grid (shell's .gov-kpi-grid): five per row on a desktop, two on a 390-px phone
    cards = "".join(_card_html(rec, cur_row, prev_row) for rec in records)
    st.markdown(f'<div class="gov-kpi-grid" data-testid="gov-kpi-grid">{cards}</div>', unsafe_allow_html=True)

    with st.expander(t("overview.targets_expander")):
        table = pd.DataFrame([{
            t("overview.col_kpi"): kpis.kpi_label(r["kpi"]),
            t("overview.col_value"): kpis.fmt_kpi(r["kpi"], r["value"]),
            t("overview.col_previous"): kpis.fmt_kpi(r["kpi"], r["previous"]),
            t("overview.col_target"): kpis.target_text(r["kpi"], None if pd.isna(r["target"]) else r["target"]),
            t("overview.col_status"): kpis.status_label(r["status"]),
            t("overview.col_source"): t(f"overview.source.{r['kpi']}"),
        } for r in records])
        st.dataframe(table, hide_index=True, width="stretch")


# ------------------------------------------------------------------------------------------------ briefing
def briefing_panel(text: str) -> None:
    """The briefing paragraph, large, in a bordered box (plain text: escaped)."""
    with st.container(border=True):
        st.markdown(f'<div data-testid="gov-briefing" style="font-size:1.15rem;line-height:1.7;">'
                    f'{html.escape(text)}</div>', unsafe_allow_html=True)


# ------------------------------------------------------------------------------------------------ map
@charts.cached_figure
def rank_figure(df: pd.DataFrame, title: str, metric: str, target: float | None) -> go.Figure:
    """Horizontal bars of ``kpis.best_worst`` rows (value text inside, status colour) with the target as a dashed
    line."""
    vals = list(df["value"]) + ([target] if target is not None else [])
    lo, hi = min(vals), max(vals)
    pad = max((hi - lo) * 0.25, abs(hi) * 0.01, 0.5)
    # percentages near 100 differ by tenths: start the bars a little below the lowest value (labelled anyway)
    x0 = max(0.0, lo - 3 * pad) if kpis.KPI_SPECS[metric].kind == "pct" else 0.0
    fig = go.Figure(go.Bar(
        x=df["value"], y=df["name"], orientation="h", text=df["value_text"], textposition="inside",
        insidetextanchor="end", textfont=dict(color="#ffffff", size=15),
        marker_color=[charts.rag_color(s) for s in df["status"]],
        hovertemplate="%{y}: %{text}<extra></extra>",
    ))
    if target is not None:
        fig.add_vline(x=target, line_dash="dash", line_color=charts.TEXT_COLOR, line_width=1.5)
        fig.add_annotation(x=target, y=1.0, yref="paper", yanchor="bottom", xanchor="right", showarrow=False,
                           text=kpis.target_text(metric, target), font=dict(size=13, color=charts.MUTED_COLOR))
    fig.update_layout(title=dict(text=title, font=dict(size=17)), height=90 + 40 * len(df),
                      margin=dict(l=10, r=20, t=70, b=10), showlegend=False, bargap=0.25,
                      xaxis=dict(range=[x0, max(hi, target or hi) + pad * 0.6], showticklabels=False,
                                 showgrid=False),
                      yaxis=dict(autorange="reversed", tickfont=dict(size=15)))
    return fig


@st.cache_resource(show_spinner=False, max_entries=64)
def _choropleth(key: str, _values: pd.DataFrame, map_level: str, metric: str, metric_label: str, higher: bool,
                selected: str | None, width_px: int, lang: str) -> maps.PrebuiltDeck:
    """The map's deck, built and serialised once per (values, metric, selection, width, language) for every session:
    building it is the slow part of a rerun. ``key``: ``charts.content_key(values)`` (Streamlit's own hashing of the
    frame would cost more than the cache saves)."""
    return maps.PrebuiltDeck(maps.choropleth_deck(
        _values, map_level, list(_values["code"]) if len(_values) else None, metric_label,
        lambda v: kpis.fmt_kpi(metric, v), higher, selected=selected, width_px=width_px, height_px=540,
        no_data_text=t("overview.legend_no_data"),
    ))


def map_section(groups: pd.DataFrame, summary: pd.DataFrame, metric: str, *, map_level: str, region: str,
                selected: str | None) -> None:
    """``metric`` of every city / county of ``groups`` (kpis_by_region rows of ``map_level``) on a choropleth — a
    click drills down — beside its legend (with the region's target) and the best and weakest five."""
    metric_label = kpis.kpi_label(metric)
    values = kpis.map_values(groups, metric)
    higher = kpis.higher_is_better(metric)

    map_col, side_col = st.columns([3, 2], gap="medium")
    with map_col:
        deck = _choropleth(charts.content_key(values), values, map_level, metric, metric_label, higher, selected,
                           340 if shell.is_phone() else 620, current_lang())
        event = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", height=540,
                                key=f"ov_map_{region}_{metric}")
        st.caption(t("overview.map_hint_province" if map_level == "city" else "overview.map_hint_city"))
        picked = maps.selected_code(event)
        if picked and picked != region:
            shell.set_region(picked)

    with side_col:
        breaks, colors = maps.color_scale(values["value"], higher)
        region_target = summary.loc[summary["kpi"] == metric, "target"]
        tgt = None if region_target.empty or pd.isna(region_target.iloc[0]) else float(region_target.iloc[0])
        note = t("overview.legend_note", target=kpis.target_text(metric, tgt)) if tgt is not None else None
        st.markdown(maps.legend_html(breaks, colors, lambda v: kpis.fmt_kpi(metric, v), title=metric_label,
                                     no_data_label=t("overview.legend_no_data") if values["value"].isna().any()
                                     else None, note=note), unsafe_allow_html=True)
        best, worst = kpis.best_worst(groups, metric)
        for df, title, key in ((best, t("overview.best"), "ov_best"), (worst, t("overview.worst"), "ov_worst")):
            if not df.empty:
                charts.plotly_chart(rank_figure(df, title, metric, tgt), key=key, width="stretch")
