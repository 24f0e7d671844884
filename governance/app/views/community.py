"""Figures and panels of the 社区服务 page (pages/community.py): waste sorting (cards, monthly rates and tonnage,
smart equipment, county map) and resident councils (cards, monthly activity and adoption, adoption against
satisfaction per county).

Every number arrives computed from queries/waste_*.sql and queries/councils_*.sql (rates, period totals, the
before/after of smart equipment, correlations); this module selects rows, formats and draws.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from governance.app import charts, downloads, maps
from governance.core import thresholds
from governance.core.indicators import kpis
from governance.core.vocabulary import COUNCIL_TYPES
from governance.i18n import t, value_label
from governance.i18n.formats import fmt_change, fmt_count, fmt_month, fmt_pct

WASTE_STREAMS: tuple[str, ...] = ("kitchen_t", "recyclable_t", "hazardous_t", "other_t")
STREAM_COLORS = {"kitchen_t": "#2a9d8f", "recyclable_t": "#1f4e9c", "hazardous_t": "#b23a48", "other_t": "#8c8c8c"}
MAP_METRICS: dict[str, str] = {"waste_accuracy_pct": "accuracy_pct", "waste_participation_pct": "participation_pct"}
SCATTER_METRICS: tuple[str, ...] = ("event_satisfaction_pct", "elderly_satisfaction_pct")


def _layout(title: str, height: int, top: int = 90, **kw) -> dict:
    """Figure layout passed to the constructor (plotly's update methods re-validate: 5–10× slower)."""
    return dict(title=dict(text=title), height=height, margin=dict(l=10, r=10, t=top, b=40), **kw)


def _target_line(kpi: str) -> tuple[dict, dict]:
    """Shape and label of the dashed target line of a KPI."""
    target = thresholds.TARGETS[kpi].target
    return charts.target_line(target, t("community.target_line", target=fmt_pct(target)))


def _target_text(kpi: str) -> str:
    return t("common.target", target="≥ " + fmt_pct(thresholds.TARGETS[kpi].target))


# ================================================================================================ waste sorting
def waste_cards(waste: pd.DataFrame) -> None:
    """Participation and accuracy over the period (change since its first month), tonnage with the recyclable
    share, and the share of communities with smart equipment in the latest month."""
    period = waste[waste["grain"] == "period"].iloc[0]
    months = waste[waste["grain"] == "month"].sort_values("month")
    first, latest = months.iloc[0], months.iloc[-1]
    k1, k2, k3, k4 = st.columns(4)
    for col, name, kpi in ((k1, "participation", "waste_participation_pct"), (k2, "accuracy", "waste_accuracy_pct")):
        value = period[f"{name}_pct"]
        charts.kpi_card(t(f"community.kpi.{name}"), fmt_pct(value),
                        change_text=t("community.since_start",
                                      change=fmt_change(latest[f"{name}_pct"], first[f"{name}_pct"], "pct")),
                        status=kpis.kpi_status(kpi, value), target_text=_target_text(kpi), container=col)
    charts.kpi_card(t("community.kpi.tonnes"), t("community.tonnes_value", v=fmt_count(period["tonnes"])),
                    change_text=t("community.recyclable_share", share=fmt_pct(period["recyclable_share_pct"])),
                    container=k3)
    charts.kpi_card(t("community.kpi.smart"), fmt_pct(latest["smart_share_pct"]),
                    change_text=t("community.smart_latest", month=fmt_month(latest["month"])), container=k4)


def waste_trend_charts(waste: pd.DataFrame, lang: str) -> None:
    """Monthly participation and accuracy against the target; monthly tonnage stacked by stream."""
    trend = waste[waste["grain"] == "month"].sort_values("month")
    c1, c2 = st.columns(2)
    with c1:
        charts.plotly_chart(rates_figure(trend, lang), key="cmt_rates")
    with c2:
        charts.plotly_chart(tonnes_figure(trend, lang), key="cmt_tonnes")


@charts.cached_figure
def rates_figure(trend: pd.DataFrame, lang: str) -> go.Figure:
    """Monthly participation and accuracy (``trend``: the month rows, in order) against the accuracy target."""
    hover_pct = "%{x|" + charts.month_hover(lang) + "}: %{y:.1f}%<extra></extra>"
    shape, note = _target_line("waste_accuracy_pct")
    return go.Figure(
        data=[dict(type="scatter", x=trend["month"], y=trend[col], name=t(f"community.kpi.{name}"),
                   mode="lines+markers", line=dict(width=3, color=charts.CATEGORICAL[i]), hovertemplate=hover_pct)
              for i, (col, name) in enumerate((("participation_pct", "participation"),
                                               ("accuracy_pct", "accuracy")))],
        layout=_layout(t("community.rates_title"), 380, xaxis=charts.month_xaxis(len(trend), lang),
                       yaxis=dict(title=dict(text="%")), shapes=[shape], annotations=[note]))


@charts.cached_figure
def tonnes_figure(trend: pd.DataFrame, lang: str) -> go.Figure:
    """Monthly tonnage stacked by stream."""
    hover_num = "%{x|" + charts.month_hover(lang) + "}: %{y:,.0f}<extra></extra>"
    return go.Figure(
        data=[dict(type="bar", x=trend["month"], y=trend[stream], name=t(f"community.stream.{stream}"),
                   marker=dict(color=STREAM_COLORS[stream]), hovertemplate=hover_num)
              for stream in WASTE_STREAMS],
        layout=_layout(t("community.tonnes_title"), 380, barmode="stack", xaxis=charts.month_xaxis(len(trend), lang),
                       yaxis=dict(title=dict(text=t("community.tonnes_axis")))))


def smart_accuracy_chart(waste: pd.DataFrame, lang: str) -> None:
    """Monthly accuracy of the communities with and without smart equipment, against the target."""
    charts.plotly_chart(smart_vs_figure(waste, lang), key="cmt_smart_vs")


@charts.cached_figure
def smart_vs_figure(waste: pd.DataFrame, lang: str) -> go.Figure:
    split = waste[waste["grain"] == "month_equipment"].sort_values("month")
    n_months = int((waste["grain"] == "month").sum())
    hover_pct = "%{x|" + charts.month_hover(lang) + "}: %{y:.1f}%<extra></extra>"
    traces = []
    for equipment, color in (("smart", charts.CATEGORICAL[2]), ("none", charts.MUTED_COLOR)):
        sub = split[split["equipment"] == equipment]
        if not sub.empty:
            traces.append(dict(type="scatter", x=sub["month"], y=sub["accuracy_pct"], mode="lines+markers",
                               name=t("community.with_smart" if equipment == "smart" else "community.without_smart"),
                               line=dict(width=3, color=color), hovertemplate=hover_pct))
    shape, note = _target_line("waste_accuracy_pct")
    return go.Figure(data=traces, layout=_layout(
        t("community.smart_vs_title"), 380, xaxis=charts.month_xaxis(n_months, lang),
        yaxis=dict(title=dict(text=t("community.kpi.accuracy") + " %")), shapes=[shape], annotations=[note]))


def before_after_chart(switchers: pd.Series) -> None:
    """Mean accuracy and participation before and after smart equipment (queries/waste_smart_switchers.sql)."""
    charts.plotly_chart(before_after_figure(switchers), key="cmt_before_after")
    st.caption(t("community.before_after_note",
                 change=fmt_change(switchers["accuracy_change_mean"], 0, "pct"),
                 median=fmt_change(switchers["accuracy_change_median"], 0, "pct"),
                 improved=fmt_pct(switchers["share_improved_pct"])))


@charts.cached_figure
def before_after_figure(switchers: pd.Series) -> go.Figure:
    labels = [t("community.before"), t("community.after")]
    bars = []
    for name, color in (("accuracy", charts.CATEGORICAL[1]), ("participation", charts.CATEGORICAL[0])):
        ys = [switchers[f"{name}_before"], switchers[f"{name}_after"]]
        bars.append(dict(type="bar", x=labels, y=ys, name=t(f"community.kpi.{name}"), marker=dict(color=color),
                         text=[fmt_pct(v) for v in ys], textposition="outside"))
    lo = max(0.0, min(switchers["accuracy_before"], switchers["participation_before"]) - 15)  # axis floor
    return go.Figure(data=bars, layout=_layout(
        t("community.before_after_title", n=fmt_count(switchers["communities"])), 380, barmode="group",
        yaxis=dict(range=[lo, 100])))


@st.cache_resource(show_spinner=False, max_entries=32)
def _choropleth(key: str, _values: pd.DataFrame, metric_label: str, selected: str | None,
                lang: str) -> maps.PrebuiltDeck:
    """Cached per content (``key``: ``charts.content_key(values)``): the same map on a rerun (or in another session)
    costs a hash, not a rebuild."""
    return maps.PrebuiltDeck(maps.choropleth_deck(
        _values, "county", list(_values["code"]), metric_label, lambda v: fmt_pct(v, lang=lang), True, selected,
        height_px=520, no_data_text="—"))


def waste_map(by_county: pd.DataFrame, metric: str, selected: str | None, region: str, lang: str) -> str | None:
    """The counties coloured by ``metric`` with a legend; returns the code of a county clicked on the map."""
    values = by_county.rename(columns={"county_code": "code"}).assign(
        value=by_county[MAP_METRICS[metric]], label=by_county["county_name"],
        detail=[t("community.map_detail", smart=fmt_pct(s), tonnes=fmt_count(v), lang=lang)
                for s, v in zip(by_county["smart_share_pct"], by_county["tonnes"])],
    )[["code", "value", "label", "detail"]]
    metric_label = t(f"community.metric.{metric}")
    m1, m2 = st.columns([5, 1])
    with m1:
        event = st.pydeck_chart(_choropleth(charts.content_key(values), values, metric_label, selected, lang), height=520,
                                on_select="rerun",
                                selection_mode="single-object", key=f"cmt_map_{region}")
    with m2:
        breaks, colors = maps.color_scale(values["value"], True)
        st.markdown(maps.legend_html(breaks, colors, lambda v: fmt_pct(v, lang=lang), title=metric_label,
                                     note=_target_text(metric)), unsafe_allow_html=True)
        st.caption(t("community.map_click"))
    downloads.download_buttons(by_county, "waste_by_county", key="dl_cmt_waste",
                               labels={c: t(f"community.col.{c}") for c in (
                                   "county_code", "county_name", "city_name", "participation_pct", "accuracy_pct",
                                   "tonnes", "recyclable_share_pct", "smart_share_pct", "communities")})
    return maps.selected_code(event)


# ================================================================================================ councils
def council_cards(councils: pd.DataFrame) -> None:
    """Meetings (per month), attendances (per meeting), proposals (adopted) and the adoption rate over the period."""
    p = councils[councils["grain"] == "period"].iloc[0]
    per_meeting = p["participants_per_meeting"]
    k1, k2, k3, k4 = st.columns(4)
    charts.kpi_card(t("community.kpi.meetings"), fmt_count(p["meetings"]),
                    change_text=t("community.per_month", v=fmt_count(p["meetings_per_month"])), container=k1)
    charts.kpi_card(t("community.kpi.participants"), fmt_count(p["participants"]),
                    change_text=t("community.per_meeting", v="—" if pd.isna(per_meeting) else f"{per_meeting:.1f}"),
                    container=k2)
    charts.kpi_card(t("community.kpi.proposals"), fmt_count(p["proposals"]),
                    change_text=t("community.adopted_n", n=fmt_count(p["adopted"])), container=k3)
    charts.kpi_card(t("community.kpi.adoption"), fmt_pct(p["adoption_pct"]),
                    status=kpis.kpi_status("council_adoption_pct", p["adoption_pct"]),
                    target_text=_target_text("council_adoption_pct"), container=k4)


def council_charts(councils: pd.DataFrame, lang: str) -> None:
    """Meetings and proposals per month and council type; the monthly adoption rate per type against the target."""
    c1, c2 = st.columns(2)
    with c1:
        charts.plotly_chart(council_trend_figure(councils, lang), key="cmt_council_trend")
    with c2:
        charts.plotly_chart(adoption_figure(councils, lang), key="cmt_adoption")


def _council_types(councils: pd.DataFrame) -> list[tuple[int, str, pd.DataFrame]]:
    """(colour index, council type, its month rows) of the types that have rows."""
    by_type = councils[councils["grain"] == "month_type"].sort_values("month")
    types = [(i, ctype, by_type[by_type["council_type"] == ctype]) for i, ctype in enumerate(COUNCIL_TYPES)]
    return [(i, ctype, sub) for i, ctype, sub in types if not sub.empty]


@charts.cached_figure
def council_trend_figure(councils: pd.DataFrame, lang: str) -> go.Figure:
    hover = "%{x|" + charts.month_hover(lang) + "}: %{y:,.0f}<extra></extra>"
    xaxis = charts.month_xaxis(int((councils["grain"] == "month").sum()), lang)
    traces = []
    for i, ctype, sub in _council_types(councils):
        color = charts.CATEGORICAL[4 + i]
        traces.append(dict(type="bar", x=sub["month"], y=sub["meetings"], marker=dict(color=color),
                           name=f"{value_label(ctype, lang)} · {t('community.kpi.meetings')}",
                           hovertemplate=hover))
        traces.append(dict(type="scatter", x=sub["month"], y=sub["proposals"], mode="lines+markers",
                           name=f"{value_label(ctype, lang)} · {t('community.kpi.proposals')}",
                           line=dict(width=3, color=color, dash="dot"), hovertemplate=hover))
    return go.Figure(data=traces, layout=_layout(t("community.council_trend_title"), 430, top=120,
                                                 barmode="group", xaxis=xaxis))


@charts.cached_figure
def adoption_figure(councils: pd.DataFrame, lang: str) -> go.Figure:
    xaxis = charts.month_xaxis(int((councils["grain"] == "month").sum()), lang)
    shape, note = _target_line("council_adoption_pct")
    return go.Figure(
        data=[dict(type="scatter", x=sub["month"], y=sub["adoption_pct"], name=str(value_label(ctype, lang)),
                   mode="lines+markers", line=dict(width=3, color=charts.CATEGORICAL[4 + i]),
                   hovertemplate="%{x|" + charts.month_hover(lang) + "}: %{y:.1f}%<extra></extra>")
              for i, ctype, sub in _council_types(councils)],
        layout=_layout(t("community.adoption_title"), 430, top=120, xaxis=xaxis,
                       yaxis=dict(title=dict(text="%")), shapes=[shape], annotations=[note]))


def adoption_scatter(per_county: pd.DataFrame, ymetric: str, county_code: str | None, scope_name: str) -> bool:
    """Adoption (x) against ``ymetric`` (y) per county, the current county in red, Pearson's r in the caption, and
    the download buttons. False (nothing drawn) when no county has both values."""
    pc = per_county.dropna(subset=["adoption_pct", ymetric])
    if pc.empty:
        return False
    charts.plotly_chart(scatter_figure(pc, ymetric, county_code, scope_name), key="cmt_scatter")
    stem = ymetric.removesuffix("_pct")
    r, n = pc[f"r_{stem}"].iloc[0], int(pc[f"n_{stem}"].iloc[0])
    st.caption(t("community.scatter_note", n=len(pc), r="—" if n < 3 or pd.isna(r) else f"{r:+.2f}"))
    downloads.download_buttons(per_county, "councils_by_county", key="dl_cmt_councils",
                               labels={c: t(f"community.col.{c}") for c in (
                                   "county_code", "county_name", "city_name", "population", "meetings",
                                   "participants", "proposals", "adopted", "adoption_pct", "participants_per_1000",
                                   "event_satisfaction_pct", "elderly_satisfaction_pct")})
    return True


@charts.cached_figure
def scatter_figure(pc: pd.DataFrame, ymetric: str, county_code: str | None, scope_name: str) -> go.Figure:
    """Adoption against ``ymetric``, one marker per county (area by attendance), the current county in red."""
    sel = (pc["county_code"] == county_code).tolist() if county_code else [False] * len(pc)
    size = pc["participants_per_1000"].fillna(0) ** 0.5  # marker area grows with attendance
    size = 10 + 20 * size / size.max() if float(size.max() or 0) > 0 else 14
    fig = go.Figure(data=[dict(
        type="scatter", x=pc["adoption_pct"], y=pc[ymetric],
        mode="markers+text" if len(pc) <= 20 else "markers",
        text=pc["county_name"], textposition="top center",
        marker=dict(size=size, color=[charts.RAG["red"] if s else charts.ACCENT for s in sel],
                    opacity=0.8, line=dict(width=1, color="#ffffff")),
        customdata=list(zip(pc["county_name"], pc["meetings"], pc["participants_per_1000"].round(1))),
        hovertemplate=(f"%{{customdata[0]}}<br>{t('community.kpi.adoption')}: %{{x:.1f}}%<br>"
                       f"{t(f'community.metric.{ymetric}')}: %{{y:.1f}}%<br>{t('community.kpi.meetings')}: "
                       f"%{{customdata[1]:,}}<br>{t('community.participants_per_1000')}: %{{customdata[2]}}"
                       "<extra></extra>"),
    )], layout=_layout(t("community.scatter_title", scope=scope_name), 460, top=60, showlegend=False,
                       xaxis=dict(title=dict(text=t("community.kpi.adoption") + " %")),
                       yaxis=dict(title=dict(text=t(f"community.metric.{ymetric}") + " %"))))
    return fig
