"""Figures, decks and small computations of the money pages (资金配置 ``pages/funds.py``, 项目监管 ``pages/projects.py``).

Pure functions (no Streamlit calls): the pages read their widgets, query, call these and draw the result, so one
copy of each chart helper serves both pages. Strings come from ``t()`` in the current language, money in 万元.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go
from pydeck.bindings.json_tools import default_serialize

from governance.app import charts, maps
from governance.core import regions, thresholds
from governance.i18n import region_name, t, value_label
from governance.i18n.formats import fmt_count, fmt_pct, fmt_wan_yuan

# Programs of fund_allocations and projects (schema.sql CHECK constraints), in display order: one list for both pages
PROGRAMS = ("养老服务", "智慧网格", "老旧小区改造", "垃圾分类", "社区公共设施", "党建阵地")
# 财金〔2015〕21号 (domain.md §5a): ≤10 % red line, >5 % no new government-pay PPP; 8 % = "near the line" warning
RED_LINE_PCT, WARN_PCT, GOV_PAY_PCT = 10.0, 8.0, 5.0
RED_LINE_COLORS = {"over_10": charts.RAG["red"], "near_10": "#e65100", "over_5": charts.RAG["amber"],
                   "ok": charts.RAG["green"]}
FUND_MEASURES = ("budget", "disbursed", "executed")
# more counties than this: dots grouped by city instead of one bar each (the province's 95 counties)
STRIP_THRESHOLD = 30


# ------------------------------------------------------------------------------------------------ small helpers
def rgba(hex_color: str, alpha: float) -> str:
    """``#rrggbb`` with transparency: Sankey links and dimmed (not selected) bars reuse the node/RAG colour."""
    h = hex_color.lstrip("#")
    return f"rgba({int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha})"


def nice_step(top: int) -> int:
    """An integer axis step giving about four ticks up to ``top`` (1, 2, 5, 10, 15 …): counts of counties must
    not get fractional ticks."""
    raw = max(1, -(-top // 4))
    return raw if raw <= 2 else 5 * -(-raw // 5)


def group_label(code: object, name: object, kind: str) -> str:
    """Display name of a fund group: programs are data values (translated), cities have English names, counties
    keep the name the query returned."""
    if kind == "program":
        return str(value_label(code))
    return region_name(code) if kind == "city" else str(name)


def labels_of(series: pd.Series) -> pd.Series:
    """``value_label`` of a column, looked up once per distinct value (a few thousand rows at scale 1)."""
    return series.map({v: value_label(v) for v in series.dropna().unique()})


def hline(fig: go.Figure, y: float, color: str, text: str = "", dash: str = "dash", width: float = 2,
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


def strip_by_city(codes, values, colors, hover, label_codes=(), names=None) -> go.Figure:
    """Counties as dots grouped by city (one column per city, spread by value): 95 counties stay readable where
    95 bars would not. ``label_codes`` get their name written next to the dot."""
    codes = [str(c) for c in codes]
    city = [regions.city_of(c) for c in codes]
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


def county_bars_or_strip(codes: pd.Series, values: pd.Series, tick_names: Iterable, colors, hover,
                         label_codes=(), names=None) -> go.Figure:
    """One bar per county, or ``strip_by_city`` above ``STRIP_THRESHOLD`` counties. Bars sit on codes (two
    counties are called 鼓楼区) with the names as tick labels."""
    if len(codes) > STRIP_THRESHOLD:
        return strip_by_city(codes, list(values), colors, hover, label_codes=label_codes, names=names)
    fig = go.Figure(go.Bar(x=codes, y=values, marker_color=colors, customdata=hover,
                           hovertemplate="%{customdata}<extra></extra>"))
    fig.update_xaxes(type="category", tickmode="array", tickvals=list(codes), ticktext=list(tick_names),
                     tickangle=-45 if len(codes) > 8 else 0)
    return fig


class PrebuiltDeck:
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


# ------------------------------------------------------------------------------------------------ funds
def per_head_deck(values: pd.DataFrame, metric_label: str, selected: str | None, lang: str) -> PrebuiltDeck:
    """The per-head spending choropleth of the counties (the page caches it: building it is the slow part)."""
    deck = maps.choropleth_deck(values, "county", list(values["code"]), metric_label,
                                lambda v: t("funds.yuan", lang=lang, v=fmt_count(v, lang=lang)), True,
                                selected=selected, width_px=760, height_px=500)
    return PrebuiltDeck(deck)


def sankey_figure(flows: pd.DataFrame, measure: str, flow_level: str, sources: Sequence[str],
                  programs: Sequence[str]) -> go.Figure:
    """Source → program → receiving city/county of ``funds_flows``; nodes in domain order, a node's colour fixed
    by its place in ``sources`` / ``programs`` (stable whatever the filter)."""
    sp = flows[flows["stage"] == "source_program"]
    pg = flows[flows["stage"] == "program_group"]
    src_nodes = [s for s in sources if s in set(sp["from_key"])]
    prog_nodes = [p for p in programs if p in set(sp["to_key"]) | set(pg["from_key"])]
    grp_names = dict(zip(pg["to_key"].tolist(), pg["to_name"].tolist()))
    grp_nodes = list(grp_names)
    keys = [("s", k) for k in src_nodes] + [("p", k) for k in prog_nodes] + [("g", k) for k in grp_nodes]
    index = {k: i for i, k in enumerate(keys)}
    palette = charts.CATEGORICAL
    src_color = {s: palette[i % len(palette)] for i, s in enumerate(sources)}
    prog_color = {p: palette[(i + 2) % len(palette)] for i, p in enumerate(programs)}
    labels = ([str(value_label(s)) for s in src_nodes] + [str(value_label(p)) for p in prog_nodes]
              + [group_label(g, grp_names[g], flow_level) for g in grp_nodes])
    colors = ([src_color[s] for s in src_nodes] + [prog_color[p] for p in prog_nodes]
              + ["#6b7a90"] * len(grp_nodes))
    link_src, link_dst, link_val, link_col, link_txt = [], [], [], [], []
    for stage, (a, b), color, alpha in ((sp, ("s", "p"), src_color, 0.35), (pg, ("p", "g"), prog_color, 0.30)):
        for row in stage.itertuples(index=False):
            link_src.append(index[(a, row.from_key)])
            link_dst.append(index[(b, row.to_key)])
            link_val.append(float(getattr(row, measure)))
            link_col.append(rgba(color[row.from_key], alpha))
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
    return fig


def rank_execution(ranked: pd.DataFrame, rank_level: str) -> pd.DataFrame:
    """Execution ranking of one year's groups: RAG status against the target pro-rated to each group's month
    (``thresholds.fund_execution_target``), worst first, ``rank`` 1 = best, display label and status text."""
    ranked = ranked.copy()
    ranked["status"] = [thresholds.status("fund_execution_pct", v, target_override=thresholds.fund_execution_target(m))
                        for v, m in zip(ranked["execution_pct"], ranked["as_of_month"])]
    ranked["target_pct"] = [thresholds.fund_execution_target(m) for m in ranked["as_of_month"]]
    ranked = ranked.sort_values("execution_pct", kind="stable").reset_index(drop=True)
    ranked["rank"] = range(len(ranked), 0, -1)  # 1 = best
    ranked["label"] = [group_label(c, n, rank_level) for c, n in zip(ranked["group_code"], ranked["group_name"])]
    ranked["status_text"] = ranked["status"].map(
        {"green": t("common.status_green"), "amber": t("common.status_amber"), "red": t("funds.laggard"),
         "none": "—"})
    return ranked


def execution_figure(ranked: pd.DataFrame, rank_level: str, exec_target: float) -> go.Figure:
    """Execution rate per group (output of ``rank_execution``), RAG coloured, with the pro-rated target line."""
    hover = [f"{lab} · {region_name(regions.city_of(c)) if rank_level == 'county' else ''}<br>{fmt_pct(v)} · {st_}"
             f"<br>{fmt_wan_yuan(e)} / {fmt_wan_yuan(b)}"
             for lab, c, v, st_, e, b in zip(ranked["label"], ranked["group_code"], ranked["execution_pct"],
                                              ranked["status_text"], ranked["executed"], ranked["budget"])]
    colors = [charts.rag_color(s_) for s_ in ranked["status"]]
    strip = len(ranked) > STRIP_THRESHOLD  # province: counties grouped by city (the ranked list is the table)
    fig = county_bars_or_strip(ranked["group_code"], ranked["execution_pct"], ranked["label"], colors, hover)
    title = t("funds.exec_strip_title") if strip else t("funds.exec_rank_title")
    hline(fig, exec_target, charts.TEXT_COLOR, t("funds.target_line", target=fmt_pct(exec_target)),
          side="outside" if strip else "right")
    fig.update_layout(title=title, height=420, showlegend=False, margin=dict(t=56, b=40, r=100 if strip else 24),
                      yaxis=dict(title=t("funds.axis_execution_pct"), ticksuffix="%",
                                 range=[0, max(100.0, float(ranked["execution_pct"].max()) + 5)]))
    return fig


def budget_vs_actual_figure(groups: pd.DataFrame, child_level: str) -> go.Figure:
    """Budget, disbursed and executed side by side per receiving group (``groups`` sorted as it should show)."""
    names = [group_label(c, n, child_level) for c, n in zip(groups["group_code"], groups["group_name"])]
    fig = go.Figure()
    for i, m in enumerate(FUND_MEASURES):
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
    return fig


def execution_table(ranked: pd.DataFrame, rank_level: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the ranking sorted worst first, the columns the page shows); the city column only when counties are
    ranked."""
    table = ranked.sort_values("execution_pct", kind="stable")
    cols = ["rank", "label", "city_name", "budget", "disbursed", "executed", "disbursement_pct", "execution_pct",
            "target_pct", "status_text"]
    if rank_level != "county":
        cols.remove("city_name")
    show = table[cols].copy()
    show["city_name"] = [region_name(regions.city_of(c)) for c in table["group_code"]] if "city_name" in cols else None
    if "city_name" not in cols:
        show = show.drop(columns=["city_name"])
    return table, show


def execution_export(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """The ranking as exported: group names and status texts in Chinese whatever the page language."""
    return table.assign(label=table["group_name"], status_text=table["status"].map(
        {"green": t("common.status_green", lang="zh"), "amber": t("common.status_amber", lang="zh"),
         "red": t("funds.laggard", lang="zh"), "none": "—"}), year=year)


def per_head_values(per_head: pd.DataFrame, metric: str) -> pd.DataFrame:
    """The map's input (code, value, label, tooltip detail) from one year's ``funds_by_group`` county rows."""
    return pd.DataFrame({
        "code": per_head["group_code"], "value": per_head[metric], "label": per_head["group_name"],
        "detail": [t("funds.map_detail", city=region_name(regions.city_of(c)), executed=fmt_wan_yuan(e))
                   for c, e in zip(per_head["group_code"], per_head["executed"])],
    })


def social_capital_by_county_figure(by_county: pd.DataFrame, sc_target: float, year: int,
                                    selected_county: str | None) -> go.Figure:
    """Social-capital share per county (sorted as given) against the target; a selected county stays in full
    colour, the others are dimmed."""
    colors = [charts.rag_color(thresholds.status("social_capital_pct", v)) for v in by_county["social_capital_pct"]]
    if selected_county:
        colors = [c if code == selected_county else rgba(c, 0.35)
                  for c, code in zip(colors, by_county["group_code"])]
    hover = [f"{n} · {region_name(regions.city_of(c))}<br>{fmt_pct(v)}"
             for n, c, v in zip(by_county["group_name"], by_county["group_code"], by_county["social_capital_pct"])]
    strip = len(by_county) > STRIP_THRESHOLD  # province: counties grouped by city
    fig = county_bars_or_strip(by_county["group_code"], by_county["social_capital_pct"], by_county["group_name"],
                               colors, hover)
    hline(fig, sc_target, charts.TEXT_COLOR, t("funds.target_line", target=fmt_pct(sc_target)),
          side="outside" if strip else "right")
    fig.update_layout(title=t("funds.sc_by_county_title", year=year), height=400, showlegend=False,
                      yaxis=dict(title=t("funds.axis_sc_pct"), ticksuffix="%", rangemode="tozero"),
                      margin=dict(t=56, b=40, r=100 if strip else 24))
    return fig


def social_capital_trend_figure(trend_self: pd.DataFrame, trend_groups: pd.DataFrame, trend_level: str,
                                region_label: str, sc_target: float) -> go.Figure:
    """The region's social-capital share per year (bold, labelled) over thin lines of its cities/counties."""
    traces = []  # built as plain dicts: go.Figure validates them once (add_scatter per line is slow)
    if not trend_groups.empty:
        for i, (code, g) in enumerate(trend_groups.groupby("group_code", sort=True)):
            name = region_name(code) if trend_level == "city" else str(g["group_name"].iloc[0])
            traces.append(dict(type="scatter", x=g["year"].tolist(), y=g["social_capital_pct"].tolist(),
                               mode="lines", name=name, opacity=0.55,
                               line=dict(width=1.2, color=charts.CATEGORICAL[i % len(charts.CATEGORICAL)]),
                               hovertemplate=name + " %{x}: %{y:.1f}%<extra></extra>"))
    traces.append(dict(type="scatter", x=trend_self["year"].tolist(), y=trend_self["social_capital_pct"].tolist(),
                       mode="lines+markers+text", name=region_label,
                       line=dict(width=4, color=charts.TEXT_COLOR),
                       text=[fmt_pct(v) for v in trend_self["social_capital_pct"]], textposition="top center",
                       hovertemplate=region_label + " %{x}: %{y:.1f}%<extra></extra>"))
    fig = go.Figure(data=traces)
    hline(fig, sc_target, charts.RAG["green"])
    yr = [int(trend_self["year"].min()) - 0.4, int(trend_self["year"].max()) + 0.4]
    top = max([float(trend_self["social_capital_pct"].max()), sc_target]
              + ([float(trend_groups["social_capital_pct"].max())] if not trend_groups.empty else []))
    fig.update_layout(title=t("funds.sc_trend_title"), height=400,
                      yaxis=dict(title=t("funds.axis_sc_pct"), ticksuffix="%", range=[0, top * 1.15]),
                      xaxis=dict(dtick=1, tickformat="d", range=yr),
                      showlegend=not trend_groups.empty,
                      legend=dict(orientation="v", x=1.02, xanchor="left", y=1, yanchor="top", font=dict(size=12)),
                      margin=dict(t=56, r=10))
    return fig


# ------------------------------------------------------------------------------------------------ projects
def project_fields(p: pd.Series, lang: str, risk_icon: dict[str, str]) -> pd.DataFrame:
    """One project's record as (field, value) rows, values formatted for display."""
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
        ("risk_level", f"{risk_icon.get(p['risk_level'], '')} {value_label(p['risk_level'])}".strip()),
        ("annual_gov_payment", fmt_wan_yuan(p["annual_gov_payment"])),
        ("payment_years", "—" if pd.isna(p["payment_start_year"])
         else f"{int(p['payment_start_year'])}–{int(p['payment_end_year'])}"),
        ("milestones_reached", f"{int(p['milestones_reached'])} / {int(p['milestones'])}"),
        ("key_delayed", fmt_count(p["key_delayed"])),
        ("max_key_delay_days", "—" if pd.isna(p["max_key_delay_days"])
         else t("projects.days", n=int(p["max_key_delay_days"]))),
    ]
    return pd.DataFrame({"field": [t(f"projects.col_{k}") for k, _ in fields],
                         "value": [str(v) for _, v in fields]})


def milestone_timeline_figure(ms: pd.DataFrame, project_name: str) -> go.Figure:
    """Planned against actual milestone dates (``project_milestones``): a bar from planned to actual (or to the
    as-of date when still open), red when late by 90+ days, key nodes thicker and starred."""
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
    fig.update_layout(title=t("projects.tl_title", name=project_name), height=420,
                      yaxis=dict(autorange="reversed", title=None), xaxis=dict(type="date", title=None),
                      legend=dict(y=-0.18, yanchor="top", x=0), margin=dict(t=56, b=70))
    return fig


def milestone_table(ms: pd.DataFrame) -> pd.DataFrame:
    """Milestones with display columns: starred key nodes, state text, a flag on the 90-days-late ones."""
    return ms.assign(
        milestone_l=[f"{'★ ' if k else ''}{value_label(m)}" for m, k in zip(ms["milestone"], ms["is_key"])],
        state_l=[t(f"projects.state_{s}") for s in ms["state"]],
        flag=[("⚠ " + t("projects.flag_late")) if late else "" for late in ms["late_90"]],
    )


def red_lines(fig: go.Figure, outside: bool = False) -> None:
    """The 10 % red line, the 8 % warning and the 5 % government-pay line of 财金〔2015〕21号."""
    side = "outside" if outside else "left"
    hline(fig, RED_LINE_PCT, charts.RAG["red"], t("projects.redline_10"), dash="solid", width=3, side=side)
    hline(fig, WARN_PCT, "#e65100", t("projects.redline_8"), dash="dot", side=side)
    hline(fig, GOV_PAY_PCT, charts.RAG["amber"], t("projects.redline_5" + ("_short" if outside else "")),
          side=side)


def red_line_status_text() -> dict[str, str]:
    """Display text of each ``red_line_status`` value."""
    return {k: t(f"projects.redline_{k}") for k in RED_LINE_COLORS}


def obligation_years_figure(cur: pd.DataFrame, county_label: str) -> go.Figure:
    """A county's PPP obligations as a share of expenditure per year (forecast years paler) against the lines."""
    status_text = red_line_status_text()
    fig = go.Figure(go.Bar(
        x=cur["year"], y=cur["obligation_pct"],
        marker_color=[RED_LINE_COLORS[s] for s in cur["red_line_status"]],
        marker_opacity=[0.55 if k == "预测" else 1.0 for k in cur["budget_kind"]],
        customdata=list(zip([value_label(k) for k in cur["budget_kind"]],
                            [status_text[s] for s in cur["red_line_status"]])),
        hovertemplate="%{x} (%{customdata[0]})<br>%{y:.2f}% · %{customdata[1]}<extra></extra>",
    ))
    red_lines(fig, outside=True)
    fig.update_layout(title=t("projects.redline_county_title", county=county_label), height=420,
                      showlegend=False, xaxis=dict(dtick=1, tickformat="d"), margin=dict(r=100),
                      yaxis=dict(title=t("projects.axis_obligation_pct"), ticksuffix="%",
                                 range=[0, max(12.0, float(cur["obligation_pct"].max()) + 1)]))
    return fig


def obligation_counties_figure(cur: pd.DataFrame, year: int) -> go.Figure:
    """One year's obligation share per county (sorted as given) against the lines; at province level the counties
    near or over the line are named on the strip."""
    status_text = red_line_status_text()
    colors = [RED_LINE_COLORS[s] for s in cur["red_line_status"]]
    hover = [f"{n} · {region_name(c)}<br>{v:.2f}% · {status_text[s]}<br>{t('projects.headroom')} "
             f"{fmt_wan_yuan(h)}"
             for n, c, v, s, h in zip(cur["county_name"], cur["county_code"].map(regions.city_of),
                                      cur["obligation_pct"], cur["red_line_status"], cur["headroom_to_10pct"])]
    flagged_codes = list(cur.loc[cur["red_line_status"].isin(["over_10", "near_10"]), "county_code"])
    fig = county_bars_or_strip(cur["county_code"], cur["obligation_pct"], cur["county_name"], colors, hover,
                               label_codes=flagged_codes, names=list(cur["county_name"]))
    red_lines(fig, outside=True)
    fig.update_layout(title=t("projects.redline_by_county_title", year=year), height=420, showlegend=False,
                      margin=dict(r=100),
                      yaxis=dict(title=t("projects.axis_obligation_pct"), ticksuffix="%",
                                 range=[0, max(12.0, float(cur["obligation_pct"].max()) + 1)]))
    return fig


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


def obligations_trend_figure(trend: pd.DataFrame, level: str, region_label: str) -> go.Figure:
    """The region's obligation share per year, its worst county and the count of counties over 8 %, projection
    years shaded."""
    fig = go.Figure()
    if level != "county":
        fig.add_bar(x=trend["year"], y=trend["counties_over_8pct"], name=t("projects.trend_over_8"),
                    marker_color="#e65100", yaxis="y2", opacity=0.45,
                    hovertemplate="%{x}: %{y}<extra></extra>")
        fig.add_scatter(x=trend["year"], y=trend["max_county_obligation_pct"], mode="lines+markers",
                        name=t("projects.trend_max"), line=dict(color=charts.RAG["red"], width=2),
                        hovertemplate="%{x}: %{y:.2f}%<extra></extra>")
    fig.add_scatter(x=trend["year"], y=trend["obligation_pct"], mode="lines+markers",
                    name=t("projects.trend_region", region=region_label),
                    line=dict(color=charts.ACCENT, width=3), hovertemplate="%{x}: %{y:.2f}%<extra></extra>")
    red_lines(fig)
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
                    dtick=nice_step(int(trend["counties_over_8pct"].max())),
                    title=t("projects.trend_over_8"), visible=level != "county"),
        legend=dict(y=-0.15, yanchor="top", x=0, font=dict(size=13)), margin=dict(t=56, b=90))
    return fig


def red_line_table(cur: pd.DataFrame) -> pd.DataFrame:
    """Obligation rows with display columns: status text (flagged near/over the line), city, budget kind."""
    status_text = red_line_status_text()
    return cur.assign(status_l=[f"{'⚠ ' if s in ('over_10', 'near_10') else ''}{status_text[s]}"
                                for s in cur["red_line_status"]],
                      city_l=[region_name(regions.city_of(c)) for c in cur["county_code"]],
                      kind_l=labels_of(cur["budget_kind"]))
