"""资金配置 / Fund allocation: where the money comes from and where it goes (Sankey), budget against disbursed and
executed per county with the execution ranking and laggards (target pro-rated to the month reached), spending per
resident and per elderly resident, the social-capital share and its trend, and the alerts of the region."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from pydeck.bindings.json_tools import default_serialize

from governance import alerts, charts, maps, targets, ui
from governance.formats import fmt_count, fmt_month, fmt_pct, fmt_wan_yuan
from governance.i18n import region_name, t, value_label

# Domain values of fund_allocations (schema.sql CHECK constraints), in display order.
PROGRAMS = ("养老服务", "智慧网格", "老旧小区改造", "垃圾分类", "社区公共设施", "党建阵地")
SOURCES = ("省级专项资金", "市县财政", "社会资本", "专项债", "贴息贷款", "ABS")
MEASURES = ("budget", "disbursed", "executed")

filters = ui.page_setup("funds")
lang = filters.lang
st.title(t("page.funds"))
st.caption(t("filter.current", region=filters.region_name, start=fmt_month(filters.start_month),
             end=fmt_month(filters.end_month)))
if not filters.data_ready:
    ui.empty_state("warehouse.unavailable")
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

alerts.alerts_panel(filters, key="fund_alerts")

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
    measure = st.segmented_control(t("funds.filter_measure"), MEASURES, default="budget", key="fund_measure",
                                   format_func=lambda m: t(f"funds.measure_{m}"), required=True)
programs = list(programs) or list(PROGRAMS)  # nothing chosen = everything (the placeholder says so)
sources = list(sources) or list(SOURCES)
measure = measure or "budget"
year = year if year in years else last_year
fparams = dict(region=region, first_year=first_year, last_year=last_year, programs=programs, sources=sources)


def _labels_zh(*keys: str) -> dict[str, str]:
    """Export headers: always Chinese."""
    return {k: t(f"funds.col_{k}", lang="zh") for k in keys}


def _group_label(code: object, name: object, kind: str) -> str:
    if kind == "program":
        return str(value_label(code))
    return region_name(code) if kind == "city" else str(name)


def _rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    return f"rgba({int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha})"


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


class _PrebuiltDeck:
    """A pydeck Deck serialised once, compactly: ``st.pydeck_chart`` only reads ``to_json()``, the tooltip and the
    width. pydeck's own ``to_json`` indents (pure-Python JSON encoder): 95 county outlines take 35–130 ms and
    715 kB; the same JSON without indentation takes ≈6 ms and 150 kB."""

    layers = None
    mapbox_key = None
    deck_widget = None

    def __init__(self, deck) -> None:
        self._json = json.dumps(deck, sort_keys=True, default=default_serialize, separators=(",", ":"))
        self._tooltip = getattr(deck, "_tooltip", None)
        self.width = getattr(deck, "width", None)

    def to_json(self) -> str:
        return self._json


@st.cache_resource(show_spinner=False, max_entries=64)
def _per_head_deck(key: tuple, _values: pd.DataFrame, metric_label: str, selected: str | None,
                   lang: str) -> _PrebuiltDeck:
    """Cached per ``key`` (warehouse version and every input of ``_values``; the frame itself isn't hashed)."""
    values = _values
    deck = maps.choropleth_deck(values, "county", list(values["code"]), metric_label,
                                lambda v: t("funds.yuan", lang=lang, v=fmt_count(v, lang=lang)), True,
                                selected=selected, width_px=760, height_px=500)
    return _PrebuiltDeck(deck)


# ------------------------------------------------------------------------------------------------ KPI cards
self_rows = ui.query("funds_by_group", group_level="self", **fparams)
if self_rows.empty:
    ui.empty_state()
    st.stop()
cur = self_rows[self_rows["year"] == year]
cur = cur.iloc[0] if len(cur) else self_rows.iloc[-1]
as_of = int(cur["as_of_month"])
exec_target = targets.fund_execution_target(as_of)
sc_target = targets.TARGETS["social_capital_pct"].target

st.subheader(t("funds.kpi_heading", year=year, month=as_of))
k1, k2, k3, k4, k5 = st.columns(5)
charts.kpi_card(t("funds.kpi_budget"), fmt_wan_yuan(cur["budget"]), container=k1,
                target_text=t("funds.kpi_programs_sources", p=len(programs), s=len(sources)))
charts.kpi_card(t("funds.kpi_disbursed"), fmt_wan_yuan(cur["disbursed"]), container=k2,
                change_text=t("funds.kpi_disbursement_rate", pct=fmt_pct(cur["disbursement_pct"])))
charts.kpi_card(t("funds.kpi_execution"), fmt_pct(cur["execution_pct"]), container=k3,
                change_text=t("funds.kpi_executed_amount", amount=fmt_wan_yuan(cur["executed"])),
                status=targets.status("fund_execution_pct", cur["execution_pct"], target_override=exec_target),
                target_text=t("funds.kpi_execution_target", target=fmt_pct(exec_target), month=as_of))
charts.kpi_card(t("funds.kpi_social_capital"), fmt_pct(cur["social_capital_pct"]), container=k4,
                change_text=fmt_wan_yuan(cur["social_capital_budget"]),
                status=targets.status("social_capital_pct", cur["social_capital_pct"]),
                target_text=t("common.target", target=fmt_pct(sc_target)))
charts.kpi_card(t("funds.kpi_per_resident"), t("funds.yuan", v=fmt_count(cur["executed_yuan_per_resident"])),
                container=k5,
                change_text=t("funds.kpi_per_elderly", v=fmt_count(cur["executed_yuan_per_elderly"])))

# ------------------------------------------------------------------------------------------------ Sankey
st.subheader(t("funds.sankey_heading"))
period_txt = str(first_year) if first_year == last_year else f"{first_year}–{last_year}"
st.caption(t("funds.sankey_caption", years=period_txt, measure=t(f"funds.measure_{measure}")))
flows = ui.query("funds_flows", group_level=flow_level, **fparams)
if flows.empty or float(flows[measure].sum()) <= 0:
    ui.empty_state()
else:
    sp = flows[flows["stage"] == "source_program"]
    pg = flows[flows["stage"] == "program_group"]
    src_nodes = [s for s in SOURCES if s in set(sp["from_key"])]
    prog_nodes = [p for p in PROGRAMS if p in set(sp["to_key"]) | set(pg["from_key"])]
    grp_names = dict(zip(pg["to_key"].tolist(), pg["to_name"].tolist()))
    grp_nodes = list(grp_names)
    keys = [("s", k) for k in src_nodes] + [("p", k) for k in prog_nodes] + [("g", k) for k in grp_nodes]
    index = {k: i for i, k in enumerate(keys)}
    palette = charts.CATEGORICAL
    src_color = {s: palette[i % len(palette)] for i, s in enumerate(SOURCES)}
    prog_color = {p: palette[(i + 2) % len(palette)] for i, p in enumerate(PROGRAMS)}
    labels = ([str(value_label(s)) for s in src_nodes] + [str(value_label(p)) for p in prog_nodes]
              + [_group_label(g, grp_names[g], flow_level) for g in grp_nodes])
    colors = ([src_color[s] for s in src_nodes] + [prog_color[p] for p in prog_nodes]
              + ["#6b7a90"] * len(grp_nodes))
    link_src, link_dst, link_val, link_col, link_txt = [], [], [], [], []
    for row in sp.itertuples(index=False):
        link_src.append(index[("s", row.from_key)])
        link_dst.append(index[("p", row.to_key)])
        link_val.append(float(getattr(row, measure)))
        link_col.append(_rgba(src_color[row.from_key], 0.35))
        link_txt.append(fmt_wan_yuan(getattr(row, measure)))
    for row in pg.itertuples(index=False):
        link_src.append(index[("p", row.from_key)])
        link_dst.append(index[("g", row.to_key)])
        link_val.append(float(getattr(row, measure)))
        link_col.append(_rgba(prog_color[row.from_key], 0.30))
        link_txt.append(fmt_wan_yuan(getattr(row, measure)))
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node=dict(label=labels, color=colors, pad=14, thickness=18, line=dict(width=0),
                  hovertemplate="%{label}<extra></extra>"),
        link=dict(source=link_src, target=link_dst, value=link_val, color=link_col, customdata=link_txt,
                  hovertemplate="%{source.label} → %{target.label}<br>%{customdata}<extra></extra>"),
        textfont=dict(size=14),
    ))
    fig.update_layout(height=max(420, min(760, 30 * max(len(grp_nodes), len(prog_nodes), len(src_nodes)) + 120)),
                      margin=dict(l=10, r=10, t=20, b=10))
    charts.plotly_chart(fig, key="fund_sankey")
    ui.download_buttons(
        flows,
        f"资金流向_{region}_{period_txt}",
        {"from_key": t("funds.col_from", lang="zh"), "to_name": t("funds.col_to", lang="zh"),
         **_labels_zh("budget", "disbursed", "executed")},
        key="dl_fund_flows",
    )

# ------------------------------------------------------------------------------------------------ execution
st.subheader(t("funds.exec_heading", year=year, month=as_of))
ranked = ui.query("funds_by_group", group_level=rank_level, **fparams)
ranked = ranked[ranked["year"] == year].copy()
if ranked.empty:
    ui.empty_state()
else:
    ranked["status"] = [targets.status("fund_execution_pct", v, target_override=targets.fund_execution_target(m))
                        for v, m in zip(ranked["execution_pct"], ranked["as_of_month"])]
    ranked["target_pct"] = [targets.fund_execution_target(m) for m in ranked["as_of_month"]]
    ranked = ranked.sort_values("execution_pct", kind="stable").reset_index(drop=True)
    ranked["rank"] = range(len(ranked), 0, -1)  # 1 = best
    ranked["label"] = [_group_label(c, n, rank_level) for c, n in zip(ranked["group_code"], ranked["group_name"])]
    ranked["status_text"] = ranked["status"].map(
        {"green": t("common.status_green"), "amber": t("common.status_amber"), "red": t("funds.laggard"),
         "none": "—"})
    n_lag = int((ranked["status"] == "red").sum())
    st.caption(t("funds.exec_caption", target=fmt_pct(exec_target), month=as_of, n=n_lag, total=len(ranked)))

    left, right = st.columns([3, 2]) if child_level != rank_level else (st.container(), None)
    with left:
        hover = [f"{lab} · {region_name(ui.city_of(c)) if rank_level == 'county' else ''}<br>{fmt_pct(v)} · {st_}"
                 f"<br>{fmt_wan_yuan(e)} / {fmt_wan_yuan(b)}"
                 for lab, c, v, st_, e, b in zip(ranked["label"], ranked["group_code"], ranked["execution_pct"],
                                                  ranked["status_text"], ranked["executed"], ranked["budget"])]
        colors = [charts.rag_color(s_) for s_ in ranked["status"]]
        if len(ranked) > 30:  # province: counties grouped by city (the ranked list is the table below)
            fig = _strip_by_city(ranked["group_code"], list(ranked["execution_pct"]), colors, hover)
            title = t("funds.exec_strip_title")
        else:  # x = codes (two counties are called 鼓楼区), tick labels = names
            fig = go.Figure(go.Bar(x=ranked["group_code"], y=ranked["execution_pct"], marker_color=colors,
                                   customdata=hover, hovertemplate="%{customdata}<extra></extra>"))
            fig.update_xaxes(type="category", tickmode="array", tickvals=list(ranked["group_code"]),
                             ticktext=list(ranked["label"]), tickangle=-45 if len(ranked) > 8 else 0)
            title = t("funds.exec_rank_title")
        strip = len(ranked) > 30
        _hline(fig, exec_target, charts.TEXT_COLOR, t("funds.target_line", target=fmt_pct(exec_target)),
               side="outside" if strip else "right")
        fig.update_layout(title=title, height=420, showlegend=False, margin=dict(t=56, b=40, r=100 if strip else 24),
                          yaxis=dict(title=t("funds.axis_execution_pct"), ticksuffix="%",
                                     range=[0, max(100.0, float(ranked["execution_pct"].max()) + 5)]))
        charts.plotly_chart(fig, key="fund_exec_rank")
    if right is not None:
        with right:
            groups = ui.query("funds_by_group", group_level=child_level, **fparams)
            groups = groups[groups["year"] == year].sort_values("budget", ascending=False)
            names = [_group_label(c, n, child_level) for c, n in zip(groups["group_code"], groups["group_name"])]
            fig = go.Figure()
            for i, m in enumerate(MEASURES):
                fig.add_bar(x=list(groups["group_code"]), y=groups[m], name=t(f"funds.measure_{m}"),
                            marker_color=charts.CATEGORICAL[i],
                            customdata=list(zip(names, [fmt_wan_yuan(v) for v in groups[m]])),
                            hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra>" + t(f"funds.measure_{m}")
                            + "</extra>")
            fig.update_layout(title=t(f"funds.bva_title_{child_level}"), barmode="group", height=420,
                              yaxis=dict(title=t("funds.axis_wan_yuan"), tickformat=",.0f"),
                              xaxis=dict(tickangle=-45 if len(groups) > 8 else 0, type="category", tickmode="array",
                                         tickvals=list(groups["group_code"]), ticktext=names),
                              legend=dict(orientation="h", y=-0.22 if len(groups) > 8 else -0.12, yanchor="top",
                                          x=0.5, xanchor="center"),
                              margin=dict(t=56, b=40))
            charts.plotly_chart(fig, key="fund_bva")

    table = ranked.sort_values("execution_pct", kind="stable")
    cols = ["rank", "label", "city_name", "budget", "disbursed", "executed", "disbursement_pct", "execution_pct",
            "target_pct", "status_text"]
    if rank_level != "county":
        cols.remove("city_name")
    show = table[cols].copy()
    show["city_name"] = [region_name(ui.city_of(c)) for c in table["group_code"]] if "city_name" in cols else None
    if "city_name" not in cols:
        show = show.drop(columns=["city_name"])
    st.dataframe(
        show, hide_index=True, height=min(420, 38 + 35 * len(show)),
        column_config={
            "rank": st.column_config.NumberColumn(t("funds.col_rank"), format="%d"),
            "label": t(f"funds.col_group_{rank_level}"),
            "city_name": t("funds.col_city"),
            "budget": st.column_config.NumberColumn(t("funds.col_budget"), format="%.1f"),
            "disbursed": st.column_config.NumberColumn(t("funds.col_disbursed"), format="%.1f"),
            "executed": st.column_config.NumberColumn(t("funds.col_executed"), format="%.1f"),
            "disbursement_pct": st.column_config.NumberColumn(t("funds.col_disbursement_pct"), format="%.1f%%"),
            "execution_pct": st.column_config.NumberColumn(t("funds.col_execution_pct"), format="%.1f%%"),
            "target_pct": st.column_config.NumberColumn(t("funds.col_target_pct"), format="%.1f%%"),
            "status_text": t("funds.col_status"),
        },
        key="fund_exec_table",
    )
    export = table.assign(label=table["group_name"], status_text=table["status"].map(
        {"green": t("common.status_green", lang="zh"), "amber": t("common.status_amber", lang="zh"),
         "red": t("funds.laggard", lang="zh"), "none": "—"}), year=year)
    ui.download_buttons(
        export, f"资金执行率排名_{region}_{year}",
        {"rank": t("funds.col_rank", lang="zh"), "label": t(f"funds.col_group_{rank_level}", lang="zh"),
         **({"city_name": t("funds.col_city", lang="zh")} if rank_level == "county" else {}),
         "year": t("funds.col_year", lang="zh"), "as_of_month": t("funds.col_as_of_month", lang="zh"),
         **_labels_zh("budget", "disbursed", "executed", "disbursement_pct", "execution_pct", "target_pct"),
         "status_text": t("funds.col_status", lang="zh")},
        key="dl_fund_exec",
    )

# ------------------------------------------------------------------------------------------------ per head
st.subheader(t("funds.per_head_heading", year=year))
# same parameters (in the same order) as the ranking's query at province and city level: one cached result
per_head = ui.query("funds_by_group", group_level="county", **dict(fparams, region=compare_region))
per_head = per_head[per_head["year"] == year].copy()
if per_head.empty:
    ui.empty_state()
else:
    basis = st.segmented_control(t("funds.per_head_basis"), ("resident", "elderly"), default="resident",
                                 key="fund_per_head_basis", format_func=lambda b: t(f"funds.per_head_{b}"),
                                 required=True) or "resident"
    metric = "executed_yuan_per_resident" if basis == "resident" else "executed_yuan_per_elderly"
    per_head = per_head.sort_values(metric, ascending=False).reset_index(drop=True)
    if level == "county":
        st.caption(t("funds.per_head_caption_county", city=region_name(filters.city_code)))

    def _fmt_yuan(v: object) -> str:
        return t("funds.yuan", v=fmt_count(v))

    metric_label = t(f"funds.per_head_metric_{basis}")
    map_col, tbl_col = st.columns([3, 2], gap="medium")
    with map_col:
        values = pd.DataFrame({
            "code": per_head["group_code"], "value": per_head[metric], "label": per_head["group_name"],
            "detail": [t("funds.map_detail", city=region_name(ui.city_of(c)), executed=fmt_wan_yuan(e))
                       for c, e in zip(per_head["group_code"], per_head["executed"])],
        })
        db = ui.db_path()
        deck_key = (str(db), db.stat().st_mtime_ns, compare_region, year, basis, first_year, last_year,
                    tuple(programs), tuple(sources))
        deck = _per_head_deck(deck_key, values, metric_label, filters.county_code, lang)
        event = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", height=500,
                                key=f"fund_map_{region}_{basis}")
        picked = maps.selected_code(event)
        if picked and picked != region:
            ui.set_region(picked)
        breaks, colors = maps.color_scale(values["value"], True)
        st.markdown(maps.legend_html(breaks, colors, _fmt_yuan, title=metric_label,
                                     note=t(f"funds.map_hint_{level}")), unsafe_allow_html=True)
    with tbl_col:
        show = per_head.assign(rank=range(1, len(per_head) + 1),
                               city=[region_name(ui.city_of(c)) for c in per_head["group_code"]])
        st.dataframe(
            show[["rank", "group_name", "city", metric, "executed"]],
            hide_index=True, height=min(560, 38 + 35 * len(show)), key="fund_per_head_table",
            column_config={
                "rank": st.column_config.NumberColumn(t("funds.col_rank"), format="%d", width="small"),
                "group_name": t("funds.col_group_county"),
                "city": t("funds.col_city"),
                metric: st.column_config.NumberColumn(t(f"funds.col_{metric}"), format="%.0f"),
                "executed": st.column_config.NumberColumn(t("funds.col_executed"), format="%.1f"),
            },
        )
    ui.download_buttons(
        per_head.assign(year=year), f"人均资金支出_{compare_region}_{year}",
        {"group_name": t("funds.col_group_county", lang="zh"), "city_name": t("funds.col_city", lang="zh"),
         "year": t("funds.col_year", lang="zh"),
         **_labels_zh("executed", "population", "residents_60plus", "executed_yuan_per_resident",
                      "executed_yuan_per_elderly")},
        key="dl_fund_per_head",
    )

# ------------------------------------------------------------------------------------------------ social capital
st.subheader(t("funds.sc_heading"))
st.caption(t("funds.sc_caption", target=fmt_pct(sc_target)))
sc_left, sc_right = st.columns(2)
by_county = ui.query("funds_social_capital", region=compare_region, group_level="county", first_year=year,
                     last_year=year, programs=programs)
with sc_left:
    if by_county.empty:
        ui.empty_state()
    else:
        by_county = by_county.sort_values("social_capital_pct", ascending=False).reset_index(drop=True)
        colors = [charts.rag_color(targets.status("social_capital_pct", v)) for v in by_county["social_capital_pct"]]
        if filters.county_code:
            colors = [c if code == filters.county_code else _rgba(c, 0.35)
                      for c, code in zip(colors, by_county["group_code"])]
        hover = [f"{n} · {region_name(ui.city_of(c))}<br>{fmt_pct(v)}"
                 for n, c, v in zip(by_county["group_name"], by_county["group_code"], by_county["social_capital_pct"])]
        if len(by_county) > 30:  # province: counties grouped by city
            fig = _strip_by_city(by_county["group_code"], list(by_county["social_capital_pct"]), colors, hover)
        else:
            fig = go.Figure(go.Bar(x=by_county["group_code"], y=by_county["social_capital_pct"], marker_color=colors,
                                   customdata=hover, hovertemplate="%{customdata}<extra></extra>"))
            fig.update_xaxes(type="category", tickmode="array", tickvals=list(by_county["group_code"]),
                             ticktext=list(by_county["group_name"]), tickangle=-45 if len(by_county) > 8 else 0)
        _hline(fig, sc_target, charts.TEXT_COLOR, t("funds.target_line", target=fmt_pct(sc_target)),
               side="outside" if len(by_county) > 30 else "right")
        fig.update_layout(title=t("funds.sc_by_county_title", year=year), height=400, showlegend=False,
                          yaxis=dict(title=t("funds.axis_sc_pct"), ticksuffix="%", rangemode="tozero"),
                          margin=dict(t=56, b=40, r=100 if len(by_county) > 30 else 24))
        charts.plotly_chart(fig, key="fund_sc_county")
with sc_right:
    trend_level = "city" if level == "province" else "county"
    trend_self = ui.query("funds_social_capital", region=region, group_level="self", first_year=2000,
                          last_year=last_year, programs=programs)
    trend_groups = (ui.query("funds_social_capital", region=region, group_level=trend_level, first_year=2000,
                             last_year=last_year, programs=programs) if level != "county" else pd.DataFrame())
    if trend_self.empty:
        ui.empty_state()
    else:
        traces = []  # built as plain dicts: go.Figure validates them once (add_scatter per line is slow)
        if not trend_groups.empty:
            for i, (code, g) in enumerate(trend_groups.groupby("group_code", sort=True)):
                name = region_name(code) if trend_level == "city" else str(g["group_name"].iloc[0])
                traces.append(dict(type="scatter", x=g["year"].tolist(), y=g["social_capital_pct"].tolist(),
                                   mode="lines", name=name, opacity=0.55,
                                   line=dict(width=1.2, color=charts.CATEGORICAL[i % len(charts.CATEGORICAL)]),
                                   hovertemplate=name + " %{x}: %{y:.1f}%<extra></extra>"))
        traces.append(dict(type="scatter", x=trend_self["year"].tolist(), y=trend_self["social_capital_pct"].tolist(),
                           mode="lines+markers+text", name=filters.region_name,
                           line=dict(width=4, color=charts.TEXT_COLOR),
                           text=[fmt_pct(v) for v in trend_self["social_capital_pct"]], textposition="top center",
                           hovertemplate=filters.region_name + " %{x}: %{y:.1f}%<extra></extra>"))
        fig = go.Figure(data=traces)
        _hline(fig, sc_target, charts.RAG["green"])
        yr = [int(trend_self["year"].min()) - 0.4, int(trend_self["year"].max()) + 0.4]
        top = max([float(trend_self["social_capital_pct"].max()), sc_target]
                  + ([float(trend_groups["social_capital_pct"].max())] if not trend_groups.empty else []))
        fig.update_layout(title=t("funds.sc_trend_title"), height=400,
                          yaxis=dict(title=t("funds.axis_sc_pct"), ticksuffix="%", range=[0, top * 1.15]),
                          xaxis=dict(dtick=1, tickformat="d", range=yr),
                          showlegend=not trend_groups.empty,
                          legend=dict(orientation="v", x=1.02, xanchor="left", y=1, yanchor="top", font=dict(size=12)),
                          margin=dict(t=56, r=10))
        charts.plotly_chart(fig, key="fund_sc_trend")
# the trend per year (region and its cities/counties) and, where it adds rows, the compared counties of the year
sc_parts = [f for f in (trend_self, trend_groups, by_county if level != "city" else None)
            if f is not None and not f.empty]
sc_export = pd.concat(sc_parts, ignore_index=True) if sc_parts else pd.DataFrame()
if not sc_export.empty:
    ui.download_buttons(
        sc_export, f"社会资本占比_{region}",
        {"group_name": t("funds.col_region", lang="zh"), "year": t("funds.col_year", lang="zh"),
         **_labels_zh("budget", "social_capital_budget", "social_capital_pct")},
        key="dl_fund_sc",
    )
