"""社区服务 / Community services: waste sorting (participation, accuracy, tonnage by stream, smart equipment, county
map) and resident participation (councils' meetings, proposals and adoption against satisfaction).
Logic in governance/app/elderly.py (sections 4–5); data from queries/waste_*.sql and queries/councils_*.sql."""

import plotly.graph_objects as go
import streamlit as st

from governance.app import charts, data, downloads, maps, shell
from governance.app import elderly as eld
from governance.core.thresholds import TARGETS
from governance.i18n import region_name, t, value_label
from governance.i18n.formats import fmt_change, fmt_count, fmt_month, fmt_pct

filters = shell.page_setup("community")
lang = filters.lang
st.title(t("page.community"))
st.caption(t("filter.current", region=filters.region_name, start=fmt_month(filters.start_month),
             end=fmt_month(filters.end_month)))

period = {"start_month": filters.start_month, "end_month": filters.end_month}
params = {"region": filters.region_code, **period}
scope = eld.scatter_scope(filters.region_code, filters.region_level, filters.city_code)
STREAM_COLORS = {"kitchen_t": "#2a9d8f", "recyclable_t": "#1f4e9c", "hazardous_t": "#b23a48", "other_t": "#8c8c8c"}


def target(kpi: str) -> tuple[dict, dict]:
    """Shape and label of the dashed target line of a KPI."""
    return eld.target_line(TARGETS[kpi].target, t("community.target_line", target=fmt_pct(TARGETS[kpi].target)))


def layout(title: str, height: int, top: int = 90, **kw) -> dict:
    """Figure layout passed to the constructor (plotly's update methods re-validate: 5–10× slower)."""
    return dict(title=dict(text=title), height=height, margin=dict(l=10, r=10, t=top, b=40), **kw)


# ================================================================================================ waste sorting
st.header(t("community.waste_heading"))
waste_raw = data.query("waste_monthly", **params)
if waste_raw.empty:
    shell.empty_state()
else:
    trend = eld.waste_trend(waste_raw)
    by_smart = eld.waste_trend(waste_raw, by_smart=True)
    latest = trend.iloc[-1]
    total_hh = float(trend["households"].sum()) or float("nan")
    part = float((trend["participation_pct"] * trend["households"]).sum() / total_hh)
    acc = float((trend["accuracy_pct"] * trend["households"]).sum() / total_hh)
    tonnes = float(trend["tonnes"].sum())
    recyc = 100.0 * float(trend["recyclable_t"].sum()) / tonnes if tonnes else float("nan")
    smart_latest = by_smart[(by_smart["month"] == latest["month"]) & (by_smart["smart_equipment"])]
    smart_share = (100.0 * float(smart_latest["communities"].sum()) / float(latest["communities"])
                   if len(smart_latest) else 0.0)
    prev = trend.iloc[0]

    k1, k2, k3, k4 = st.columns(4)
    charts.kpi_card(t("community.kpi.participation"), fmt_pct(part),
                    change_text=t("community.since_start",
                                  change=fmt_change(latest["participation_pct"], prev["participation_pct"], "pct")),
                    status=eld.kpi_status("waste_participation_pct", part),
                    target_text=t("common.target", target="≥ " + fmt_pct(TARGETS["waste_participation_pct"].target)),
                    container=k1)
    charts.kpi_card(t("community.kpi.accuracy"), fmt_pct(acc),
                    change_text=t("community.since_start",
                                  change=fmt_change(latest["accuracy_pct"], prev["accuracy_pct"], "pct")),
                    status=eld.kpi_status("waste_accuracy_pct", acc),
                    target_text=t("common.target", target="≥ " + fmt_pct(TARGETS["waste_accuracy_pct"].target)),
                    container=k2)
    charts.kpi_card(t("community.kpi.tonnes"), t("community.tonnes_value", v=fmt_count(tonnes)),
                    change_text=t("community.recyclable_share", share=fmt_pct(recyc)), container=k3)
    charts.kpi_card(t("community.kpi.smart"), fmt_pct(smart_share),
                    change_text=t("community.smart_latest", month=fmt_month(latest["month"])), container=k4)

    months = trend["month"]
    n_months = len(trend)
    hover_pct = "%{x|" + eld.month_hover(lang) + "}: %{y:.1f}%<extra></extra>"
    hover_num = "%{x|" + eld.month_hover(lang) + "}: %{y:,.0f}<extra></extra>"
    c1, c2 = st.columns(2)
    xaxis = eld.month_xaxis(n_months, lang)
    with c1:
        shape, note = target("waste_accuracy_pct")
        fig = go.Figure(
            data=[dict(type="scatter", x=months, y=trend[col], name=t(f"community.kpi.{name}"), mode="lines+markers",
                       line=dict(width=3, color=charts.CATEGORICAL[i]), hovertemplate=hover_pct)
                  for i, (col, name) in enumerate((("participation_pct", "participation"),
                                                   ("accuracy_pct", "accuracy")))],
            layout=layout(t("community.rates_title"), 380, xaxis=xaxis, yaxis=dict(title=dict(text="%")),
                          shapes=[shape], annotations=[note]))
        charts.plotly_chart(fig, key="cmt_rates")
    with c2:
        fig = go.Figure(
            data=[dict(type="bar", x=months, y=trend[stream], name=t(f"community.stream.{stream}"),
                       marker=dict(color=STREAM_COLORS[stream]), hovertemplate=hover_num)
                  for stream in eld.WASTE_STREAMS],
            layout=layout(t("community.tonnes_title"), 380, barmode="stack", xaxis=xaxis,
                          yaxis=dict(title=dict(text=t("community.tonnes_axis")))))
        charts.plotly_chart(fig, key="cmt_tonnes")

    # ---------------------------------------------------------------------------- smart equipment
    st.subheader(t("community.smart_heading"))
    s1, s2 = st.columns([3, 2])
    with s1:
        traces = []
        for flag, color in ((True, charts.CATEGORICAL[2]), (False, charts.MUTED_COLOR)):
            sub = by_smart[by_smart["smart_equipment"] == flag]
            if not sub.empty:
                traces.append(dict(type="scatter", x=sub["month"], y=sub["accuracy_pct"], mode="lines+markers",
                                   name=t("community.with_smart" if flag else "community.without_smart"),
                                   line=dict(width=3, color=color), hovertemplate=hover_pct))
        shape, note = target("waste_accuracy_pct")
        fig = go.Figure(data=traces, layout=layout(
            t("community.smart_vs_title"), 380, xaxis=xaxis,
            yaxis=dict(title=dict(text=t("community.kpi.accuracy") + " %")),
            shapes=[shape], annotations=[note]))
        charts.plotly_chart(fig, key="cmt_smart_vs")
    with s2:
        switchers = data.query("waste_smart_switchers", **params)
        ba = eld.smart_before_after(switchers)
        if not ba.get("communities"):
            shell.empty_state("community.no_switchers")
        else:
            labels = [t("community.before"), t("community.after")]
            bars = []
            for name, color in (("accuracy", charts.CATEGORICAL[1]), ("participation", charts.CATEGORICAL[0])):
                ys = [ba[f"{name}_before"], ba[f"{name}_after"]]
                bars.append(dict(type="bar", x=labels, y=ys, name=t(f"community.kpi.{name}"), marker=dict(color=color),
                                 text=[fmt_pct(v) for v in ys], textposition="outside"))
            lo = max(0.0, min(ba["accuracy_before"], ba["participation_before"]) - 15)
            fig = go.Figure(data=bars, layout=layout(
                t("community.before_after_title", n=fmt_count(ba["communities"])), 380, barmode="group",
                yaxis=dict(range=[lo, 100])))
            charts.plotly_chart(fig, key="cmt_before_after")
            st.caption(t("community.before_after_note",
                         change=fmt_change(ba["accuracy_after"], ba["accuracy_before"], "pct"),
                         median=fmt_change(ba["accuracy_change_median"], 0, "pct"),
                         improved=fmt_pct(ba["share_improved_pct"])))

    # ---------------------------------------------------------------------------- county map
    st.subheader(t("community.map_heading"))
    by_county = data.query("waste_by_county", region=scope, **period)
    if by_county.empty:
        shell.empty_state()
    else:
        metric = st.radio(t("community.map_metric"), ["waste_accuracy_pct", "waste_participation_pct"],
                          horizontal=True, key="cmt_map_metric",
                          format_func=lambda k: t(f"community.metric.{k}", lang=lang))
        col = "accuracy_pct" if metric == "waste_accuracy_pct" else "participation_pct"
        values = by_county.rename(columns={"county_code": "code"}).assign(
            value=by_county[col], label=by_county["county_name"],
            detail=[t("community.map_detail", smart=fmt_pct(s), tonnes=fmt_count(v), lang=lang)
                    for s, v in zip(by_county["smart_share_pct"], by_county["tonnes"])],
        )[["code", "value", "label", "detail"]]
        metric_label = t(f"community.metric.{metric}")
        deck = eld.pct_choropleth_deck(values, list(values["code"]), metric_label, selected=filters.county_code,
                                       lang=lang)
        m1, m2 = st.columns([5, 1])
        with m1:
            event = st.pydeck_chart(deck, height=520, on_select="rerun", selection_mode="single-object",
                                    key=f"cmt_map_{filters.region_code}")
        with m2:
            breaks, colors = maps.color_scale(values["value"], True)
            st.markdown(maps.legend_html(breaks, colors, lambda v: fmt_pct(v, lang=lang), title=metric_label,
                                         note=t("common.target", target="≥ " + fmt_pct(TARGETS[metric].target))),
                        unsafe_allow_html=True)
            st.caption(t("community.map_click"))
        picked = maps.selected_code(event)
        if picked and picked != filters.region_code:
            shell.set_region(picked)
        downloads.download_buttons(by_county, "waste_by_county", key="dl_cmt_waste",
                            labels={c: t(f"community.col.{c}") for c in (
                                "county_code", "county_name", "city_name", "participation_pct", "accuracy_pct",
                                "tonnes", "recyclable_share_pct", "smart_share_pct", "communities")})

# ================================================================================================ councils
st.header(t("community.council_heading"))
councils_raw = data.query("councils_monthly", **params)
if councils_raw.empty:
    shell.empty_state()
else:
    ct = eld.councils_trend(councils_raw)
    tot = eld.councils_trend(councils_raw, by_type=False)
    meetings, proposals, adopted = (float(tot[c].sum()) for c in ("meetings", "proposals", "adopted"))
    adoption = 100.0 * adopted / proposals if proposals else float("nan")
    k1, k2, k3, k4 = st.columns(4)
    charts.kpi_card(t("community.kpi.meetings"), fmt_count(meetings),
                    change_text=t("community.per_month", v=fmt_count(meetings / max(1, len(tot)))), container=k1)
    participants = float(tot["participants"].sum())
    charts.kpi_card(t("community.kpi.participants"), fmt_count(participants),
                    change_text=t("community.per_meeting", v=f"{participants / meetings:.1f}" if meetings else "—"),
                    container=k2)
    charts.kpi_card(t("community.kpi.proposals"), fmt_count(proposals),
                    change_text=t("community.adopted_n", n=fmt_count(adopted)), container=k3)
    charts.kpi_card(t("community.kpi.adoption"), fmt_pct(adoption),
                    status=eld.kpi_status("council_adoption_pct", adoption),
                    target_text=t("common.target", target="≥ " + fmt_pct(TARGETS["council_adoption_pct"].target)),
                    container=k4)

    c_hover = "%{x|" + eld.month_hover(lang) + "}: %{y:,.0f}<extra></extra>"
    c1, c2 = st.columns(2)
    cxaxis = eld.month_xaxis(len(tot), lang)
    types = [(i, ctype, ct[ct["council_type"] == ctype]) for i, ctype in enumerate(("居民自治委员会", "社区协商议事会"))]
    types = [(i, ctype, sub) for i, ctype, sub in types if not sub.empty]
    with c1:
        traces = []
        for i, ctype, sub in types:
            color = charts.CATEGORICAL[4 + i]
            traces.append(dict(type="bar", x=sub["month"], y=sub["meetings"], marker=dict(color=color),
                               name=f"{value_label(ctype, lang)} · {t('community.kpi.meetings')}",
                               hovertemplate=c_hover))
            traces.append(dict(type="scatter", x=sub["month"], y=sub["proposals"], mode="lines+markers",
                               name=f"{value_label(ctype, lang)} · {t('community.kpi.proposals')}",
                               line=dict(width=3, color=color, dash="dot"), hovertemplate=c_hover))
        fig = go.Figure(data=traces, layout=layout(t("community.council_trend_title"), 430, top=120, barmode="group",
                                                   xaxis=cxaxis))
        charts.plotly_chart(fig, key="cmt_council_trend")
    with c2:
        shape, note = target("council_adoption_pct")
        fig = go.Figure(
            data=[dict(type="scatter", x=sub["month"], y=sub["adoption_pct"], name=str(value_label(ctype, lang)),
                       mode="lines+markers", line=dict(width=3, color=charts.CATEGORICAL[4 + i]),
                       hovertemplate="%{x|" + eld.month_hover(lang) + "}: %{y:.1f}%<extra></extra>")
                  for i, ctype, sub in types],
            layout=layout(t("community.adoption_title"), 430, top=120, xaxis=cxaxis, yaxis=dict(title=dict(text="%")),
                          shapes=[shape], annotations=[note]))
        charts.plotly_chart(fig, key="cmt_adoption")

    # ---------------------------------------------------------------------------- adoption vs satisfaction
    st.subheader(t("community.scatter_heading"))
    per_county = data.query("councils_by_county", region=scope, **period)
    if per_county.empty:
        shell.empty_state()
    else:
        ymetric = st.radio(t("community.scatter_y"), ["event_satisfaction_pct", "elderly_satisfaction_pct"],
                           horizontal=True, key="cmt_scatter_y",
                           format_func=lambda k: t(f"community.metric.{k}", lang=lang))
        pc = per_county.dropna(subset=["adoption_pct", ymetric])
        if pc.empty:
            shell.empty_state()
        else:
            sel = pc["county_code"] == filters.county_code if filters.county_code else None
            size = (pc["participants_per_1000"].fillna(0) ** 0.5)
            size = 10 + 20 * size / size.max() if float(size.max() or 0) > 0 else 14
            fig = go.Figure(data=[dict(
                type="scatter", x=pc["adoption_pct"], y=pc[ymetric],
                mode="markers+text" if len(pc) <= 20 else "markers",
                text=pc["county_name"], textposition="top center",
                marker=dict(size=size, color=[charts.RAG["red"] if (sel is not None and s) else charts.ACCENT
                                              for s in (sel if sel is not None else [False] * len(pc))],
                            opacity=0.8, line=dict(width=1, color="#ffffff")),
                customdata=list(zip(pc["county_name"], pc["meetings"], pc["participants_per_1000"].round(1))),
                hovertemplate=(f"%{{customdata[0]}}<br>{t('community.kpi.adoption')}: %{{x:.1f}}%<br>"
                               f"{t(f'community.metric.{ymetric}')}: %{{y:.1f}}%<br>{t('community.kpi.meetings')}: "
                               f"%{{customdata[1]:,}}<br>{t('community.participants_per_1000')}: %{{customdata[2]}}"
                               "<extra></extra>"),
            )], layout=layout(t("community.scatter_title", scope=region_name(scope, lang=lang)), 460, top=60,
                              showlegend=False, xaxis=dict(title=dict(text=t("community.kpi.adoption") + " %")),
                              yaxis=dict(title=dict(text=t(f"community.metric.{ymetric}") + " %"))))
            charts.plotly_chart(fig, key="cmt_scatter")
            corr = pc["adoption_pct"].corr(pc[ymetric]) if len(pc) >= 3 else float("nan")
            st.caption(t("community.scatter_note", n=len(pc), r="—" if corr != corr else f"{corr:+.2f}"))
            downloads.download_buttons(per_county, "councils_by_county", key="dl_cmt_councils",
                                labels={c: t(f"community.col.{c}") for c in (
                                    "county_code", "county_name", "city_name", "population", "meetings", "participants",
                                    "proposals", "adopted", "adoption_pct", "participants_per_1000",
                                    "event_satisfaction_pct", "elderly_satisfaction_pct")})
