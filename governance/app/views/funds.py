"""The figures, tables and panels of 资金配置 (``pages/funds.py``): KPI cards, the source → programme → region Sankey,
the execution ranking against the pro-rated target, budget against spending, spending per head on a county map and
the social-capital share. Figures are built by pure functions (tested without Streamlit); the ``*_section``
functions draw them with their tables and downloads. Strings come from ``t()`` in the current language, money in
万元; exports keep Chinese headers and values whatever the page language.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from governance.app import charts, data, downloads, maps, shell
from governance.core import regions
from governance.core.indicators.kpis import kpi_status, kpi_target
from governance.core.thresholds import TARGETS
from governance.i18n import region_name, t, value_label
from governance.i18n.formats import fmt_count, fmt_pct, fmt_wan_yuan

FUND_MEASURES = ("budget", "disbursed", "executed")
SOCIAL_CAPITAL_TARGET = TARGETS["social_capital_pct"].target


def _labels_zh(*keys: str) -> dict[str, str]:
    """Export headers: always Chinese."""
    return {k: t(f"funds.col_{k}", lang="zh") for k in keys}


def group_label(code: object, name: object, kind: str) -> str:
    """Display name of a fund group: programs are data values (translated), cities have English names, counties
    keep the name the query returned."""
    if kind == "program":
        return str(value_label(code))
    return region_name(code) if kind == "city" else str(name)


def year_row(self_rows: pd.DataFrame, year: int) -> pd.Series:
    """The region's ``funds_by_group`` 'self' row of ``year`` (the latest row when that year has no funds)."""
    cur = self_rows[self_rows["year"] == year]
    return cur.iloc[0] if len(cur) else self_rows.iloc[-1]


# ------------------------------------------------------------------------------------------------ KPI cards
def kpi_cards(cur: pd.Series, n_programs: int, n_sources: int) -> None:
    """Budget, disbursed, execution (against the target pro-rated to the month reached), social-capital share and
    spending per resident / per resident aged 60+ of the region's year row."""
    as_of = int(cur["as_of_month"])
    exec_target = kpi_target("fund_execution_pct", as_of)
    k1, k2, k3, k4, k5 = st.columns(5)
    charts.kpi_card(t("funds.kpi_budget"), fmt_wan_yuan(cur["budget"]), container=k1,
                    target_text=t("funds.kpi_programs_sources", p=n_programs, s=n_sources))
    charts.kpi_card(t("funds.kpi_disbursed"), fmt_wan_yuan(cur["disbursed"]), container=k2,
                    change_text=t("funds.kpi_disbursement_rate", pct=fmt_pct(cur["disbursement_pct"])))
    charts.kpi_card(t("funds.kpi_execution"), fmt_pct(cur["execution_pct"]), container=k3,
                    change_text=t("funds.kpi_executed_amount", amount=fmt_wan_yuan(cur["executed"])),
                    status=kpi_status("fund_execution_pct", cur["execution_pct"], as_of),
                    target_text=t("funds.kpi_execution_target", target=fmt_pct(exec_target), month=as_of,
                                  annual=f"{kpi_target('fund_execution_pct'):g}"))
    charts.kpi_card(t("funds.kpi_social_capital"), fmt_pct(cur["social_capital_pct"]), container=k4,
                    change_text=fmt_wan_yuan(cur["social_capital_budget"]),
                    status=kpi_status("social_capital_pct", cur["social_capital_pct"]),
                    target_text=t("common.target", target=fmt_pct(SOCIAL_CAPITAL_TARGET)))
    charts.kpi_card(t("funds.kpi_per_resident"), t("funds.yuan", v=fmt_count(cur["executed_yuan_per_resident"])),
                    container=k5,
                    change_text=t("funds.kpi_per_elderly", v=fmt_count(cur["executed_yuan_per_elderly"])))


# ------------------------------------------------------------------------------------------------ Sankey
@charts.cached_figure
def sankey_figure(flows: pd.DataFrame, measure: str, flow_level: str, sources: Sequence[str],
                  programs: Sequence[str]) -> go.Figure:
    """Source → program → receiving city/county of ``funds_flows``; nodes in domain order, a node's colour fixed
    by its place in ``sources`` / ``programs`` (stable whatever the filter)."""
    sp = flows[flows["stage"] == "source_program"]
    pg = flows[flows["stage"] == "program_group"]
    src_nodes = [s for s in sources if s in set(sp["from_key"])]
    prog_nodes = [p for p in programs if p in set(sp["to_key"]) | set(pg["from_key"])]
    grp_names = dict(zip(pg["to_key"].tolist(), pg["to_name"].tolist(), strict=True))
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
            link_col.append(charts.rgba_css(color[row.from_key], alpha))
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


def sankey_section(flows: pd.DataFrame, measure: str, flow_level: str, sources: Sequence[str],
                   programs: Sequence[str], export_name: str) -> None:
    """The Sankey of ``funds_flows`` and its downloads (the empty state when nothing flows)."""
    if flows.empty or float(flows[measure].sum()) <= 0:
        shell.empty_state()
        return
    charts.plotly_chart(sankey_figure(flows, measure, flow_level, sources, programs), key="fund_sankey")
    downloads.download_buttons(
        flows, export_name,
        {"from_key": t("funds.col_from", lang="zh"), "to_name": t("funds.col_to", lang="zh"),
         **_labels_zh("budget", "disbursed", "executed")},
        key="dl_fund_flows",
    )


# ------------------------------------------------------------------------------------------------ execution
def rank_execution(ranked: pd.DataFrame, rank_level: str) -> pd.DataFrame:
    """Execution ranking of one year's groups: RAG status against the target pro-rated to each group's month,
    worst first, ``rank`` 1 = best, display label and status text."""
    ranked = ranked.copy()
    ranked["status"] = [kpi_status("fund_execution_pct", v, m)
                        for v, m in zip(ranked["execution_pct"], ranked["as_of_month"], strict=True)]
    ranked["target_pct"] = [kpi_target("fund_execution_pct", m) for m in ranked["as_of_month"]]
    ranked = ranked.sort_values("execution_pct", kind="stable").reset_index(drop=True)
    ranked["rank"] = range(len(ranked), 0, -1)  # 1 = best
    ranked["label"] = [group_label(c, n, rank_level)
                       for c, n in zip(ranked["group_code"], ranked["group_name"], strict=True)]
    ranked["status_text"] = ranked["status"].map(
        {"green": t("common.status_green"), "amber": t("common.status_amber"), "red": t("funds.laggard"),
         "none": "—"})
    return ranked


@charts.cached_figure
def execution_figure(ranked: pd.DataFrame, rank_level: str, exec_target: float) -> go.Figure:
    """Execution rate per group (output of ``rank_execution``), RAG coloured, with the pro-rated target line."""
    hover = [f"{lab} · {region_name(regions.city_of(c)) if rank_level == 'county' else ''}<br>{fmt_pct(v)} · {st_}"
             f"<br>{fmt_wan_yuan(e)} / {fmt_wan_yuan(b)}"
             for lab, c, v, st_, e, b in zip(ranked["label"], ranked["group_code"], ranked["execution_pct"],
                                              ranked["status_text"], ranked["executed"], ranked["budget"],
                                              strict=True)]
    colors = [charts.rag_color(s_) for s_ in ranked["status"]]
    strip = len(ranked) > charts.STRIP_THRESHOLD  # province: counties grouped by city (the ranked list is the table)
    fig = charts.county_bars_or_strip(ranked["group_code"], ranked["execution_pct"], ranked["label"], colors, hover)
    title = t("funds.exec_strip_title") if strip else t("funds.exec_rank_title")
    charts.hline(fig, exec_target, charts.TEXT_COLOR, t("funds.target_line", target=fmt_pct(exec_target)),
                 side="outside" if strip else "right")
    fig.update_layout(title=title, height=420, showlegend=False, margin=dict(t=56, b=40, r=100 if strip else 24),
                      yaxis=dict(title=t("funds.axis_execution_pct"), ticksuffix="%",
                                 range=[0, max(100.0, float(ranked["execution_pct"].max()) + 5)]))
    return fig


@charts.cached_figure
def budget_vs_actual_figure(groups: pd.DataFrame, child_level: str) -> go.Figure:
    """Budget, disbursed and executed side by side per receiving group (``groups`` sorted as it should show)."""
    names = [group_label(c, n, child_level) for c, n in zip(groups["group_code"], groups["group_name"], strict=True)]
    fig = go.Figure()
    for i, m in enumerate(FUND_MEASURES):
        fig.add_bar(x=list(groups["group_code"]), y=groups[m], name=t(f"funds.measure_{m}"),
                    marker_color=charts.CATEGORICAL[i],
                    customdata=list(zip(names, [fmt_wan_yuan(v) for v in groups[m]], strict=True)),
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
    if "city_name" in cols:
        show["city_name"] = [region_name(regions.city_of(c)) for c in table["group_code"]]
    return table, show


def execution_export(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """The ranking as exported: group names and status texts in Chinese whatever the page language."""
    return table.assign(label=table["group_name"], status_text=table["status"].map(
        {"green": t("common.status_green", lang="zh"), "amber": t("common.status_amber", lang="zh"),
         "red": t("funds.laggard", lang="zh"), "none": "—"}), year=year)


def execution_section(ranked: pd.DataFrame, groups: pd.DataFrame | None, year: int, as_of: int, rank_level: str,
                      child_level: str, region: str) -> None:
    """One year's execution ranking (``funds_by_group`` rows of ``rank_level``) with the laggards, the budget
    against spending of the receiving groups (``groups``, None when they are the ranked ones), the ranking table
    and its downloads."""
    ranked = ranked[ranked["year"] == year]
    if ranked.empty:
        shell.empty_state()
        return
    exec_target = kpi_target("fund_execution_pct", as_of)
    ranked = rank_execution(ranked, rank_level)
    n_lag = int((ranked["status"] == "red").sum())
    st.caption(t("funds.exec_caption", target=fmt_pct(exec_target), month=as_of, n=n_lag, total=len(ranked)))

    left, right = st.columns([3, 2]) if groups is not None else (st.container(), None)
    with left:
        charts.plotly_chart(execution_figure(ranked, rank_level, exec_target), key="fund_exec_rank")
    if right is not None:
        with right:
            groups = groups[groups["year"] == year].sort_values("budget", ascending=False)
            charts.plotly_chart(budget_vs_actual_figure(groups, child_level), key="fund_bva")

    table, show = execution_table(ranked, rank_level)
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
    downloads.download_buttons(
        execution_export(table, year), f"资金执行率排名_{region}_{year}",
        {"rank": t("funds.col_rank", lang="zh"), "label": t(f"funds.col_group_{rank_level}", lang="zh"),
         **({"city_name": t("funds.col_city", lang="zh")} if rank_level == "county" else {}),
         "year": t("funds.col_year", lang="zh"), "as_of_month": t("funds.col_as_of_month", lang="zh"),
         **_labels_zh("budget", "disbursed", "executed", "disbursement_pct", "execution_pct", "target_pct"),
         "status_text": t("funds.col_status", lang="zh")},
        key="dl_fund_exec",
    )


# ------------------------------------------------------------------------------------------------ per head
def per_head_values(per_head: pd.DataFrame, metric: str) -> pd.DataFrame:
    """The map's input (code, value, label, tooltip detail) from one year's ``funds_by_group`` county rows."""
    return pd.DataFrame({
        "code": per_head["group_code"], "value": per_head[metric], "label": per_head["group_name"],
        "detail": [t("funds.map_detail", city=region_name(regions.city_of(c)), executed=fmt_wan_yuan(e))
                   for c, e in zip(per_head["group_code"], per_head["executed"], strict=True)],
    })


def per_head_deck(values: pd.DataFrame, metric_label: str, selected: str | None, lang: str) -> maps.PrebuiltDeck:
    """The per-head spending choropleth of the counties (cached by ``_per_head_deck``: building it is the slow
    part)."""
    deck = maps.choropleth_deck(values, "county", list(values["code"]), metric_label,
                                lambda v: t("funds.yuan", lang=lang, v=fmt_count(v, lang=lang)), True,
                                selected=selected, width_px=760, height_px=500)
    return maps.PrebuiltDeck(deck)


@st.cache_resource(show_spinner=False, max_entries=64)
def _per_head_deck(key: tuple, _values: pd.DataFrame, metric_label: str, selected: str | None,
                   lang: str) -> maps.PrebuiltDeck:
    """Cached per ``key`` (warehouse version and every input of ``_values``; the frame itself isn't hashed)."""
    return per_head_deck(_values, metric_label, selected, lang)


def _fmt_yuan(v: object) -> str:
    return t("funds.yuan", v=fmt_count(v))


def per_head_section(per_head: pd.DataFrame, basis: str, *, year: int, level: str, region: str,
                     compare_region: str, county_code: str | None, lang: str, deck_inputs: tuple) -> None:
    """Spending per resident (``basis`` 'resident') or per resident aged 60+ ('elderly') of one year's county rows of
    ``funds_by_group`` (the counties of ``compare_region``): a county map (a click drills down) with its legend, the
    ranked table and the downloads. ``deck_inputs``: the page filters behind the frame (they key the cached map)."""
    metric = "executed_yuan_per_resident" if basis == "resident" else "executed_yuan_per_elderly"
    per_head = per_head.sort_values(metric, ascending=False).reset_index(drop=True)
    metric_label = t(f"funds.per_head_metric_{basis}")
    map_col, tbl_col = st.columns([3, 2], gap="medium")
    with map_col:
        values = per_head_values(per_head, metric)
        db = data.db_path()
        deck_key = (str(db), db.stat().st_mtime_ns, compare_region, year, basis, *deck_inputs)
        deck = _per_head_deck(deck_key, values, metric_label, county_code, lang)
        event = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", height=500,
                                key=f"fund_map_{region}_{basis}")
        picked = maps.selected_code(event)
        if picked and picked != region:
            shell.set_region(picked)
        breaks, colors = maps.color_scale(values["value"], True)
        st.markdown(maps.legend_html(breaks, colors, _fmt_yuan, title=metric_label,
                                     note=t(f"funds.map_hint_{level}")), unsafe_allow_html=True)
    with tbl_col:
        show = per_head.assign(rank=range(1, len(per_head) + 1),
                               city=[region_name(regions.city_of(c)) for c in per_head["group_code"]])
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
    downloads.download_buttons(
        per_head.assign(year=year), f"人均资金支出_{compare_region}_{year}",
        {"group_name": t("funds.col_group_county", lang="zh"), "city_name": t("funds.col_city", lang="zh"),
         "year": t("funds.col_year", lang="zh"),
         **_labels_zh("executed", "population", "residents_60plus", "executed_yuan_per_resident",
                      "executed_yuan_per_elderly")},
        key="dl_fund_per_head",
    )


# ------------------------------------------------------------------------------------------------ social capital
@charts.cached_figure
def social_capital_by_county_figure(by_county: pd.DataFrame, sc_target: float, year: int,
                                    selected_county: str | None) -> go.Figure:
    """Social-capital share per county (sorted as given) against the target; a selected county stays in full
    colour, the others are dimmed."""
    colors = [charts.rag_color(kpi_status("social_capital_pct", v)) for v in by_county["social_capital_pct"]]
    if selected_county:
        colors = [c if code == selected_county else charts.rgba_css(c, 0.35)
                  for c, code in zip(colors, by_county["group_code"], strict=True)]
    hover = [f"{n} · {region_name(regions.city_of(c))}<br>{fmt_pct(v)}"
             for n, c, v in zip(by_county["group_name"], by_county["group_code"], by_county["social_capital_pct"],
                                strict=True)]
    strip = len(by_county) > charts.STRIP_THRESHOLD  # province: counties grouped by city
    fig = charts.county_bars_or_strip(by_county["group_code"], by_county["social_capital_pct"],
                                      by_county["group_name"], colors, hover)
    charts.hline(fig, sc_target, charts.TEXT_COLOR, t("funds.target_line", target=fmt_pct(sc_target)),
                 side="outside" if strip else "right")
    fig.update_layout(title=t("funds.sc_by_county_title", year=year), height=400, showlegend=False,
                      yaxis=dict(title=t("funds.axis_sc_pct"), ticksuffix="%", rangemode="tozero"),
                      margin=dict(t=56, b=40, r=100 if strip else 24))
    return fig


@charts.cached_figure
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
    charts.hline(fig, sc_target, charts.RAG["green"])
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


def social_capital_section(by_county: pd.DataFrame, trend_self: pd.DataFrame, trend_groups: pd.DataFrame, *,
                           year: int, level: str, trend_level: str, region: str, region_label: str,
                           county_code: str | None) -> None:
    """The compared counties' social-capital share of ``year`` beside the region's trend over its cities/counties,
    and one download of both."""
    sc_left, sc_right = st.columns(2)
    with sc_left:
        if by_county.empty:
            shell.empty_state()
        else:
            by_county = by_county.sort_values("social_capital_pct", ascending=False).reset_index(drop=True)
            fig = social_capital_by_county_figure(by_county, SOCIAL_CAPITAL_TARGET, year, county_code)
            charts.plotly_chart(fig, key="fund_sc_county")
    with sc_right:
        if trend_self.empty:
            shell.empty_state()
        else:
            fig = social_capital_trend_figure(trend_self, trend_groups, trend_level, region_label,
                                              SOCIAL_CAPITAL_TARGET)
            charts.plotly_chart(fig, key="fund_sc_trend")
    # the trend per year (region and its cities/counties) and, where it adds rows, the compared counties of the year
    parts = [f for f in (trend_self, trend_groups, by_county if level != "city" else None)
             if f is not None and not f.empty]
    if parts:
        downloads.download_buttons(
            pd.concat(parts, ignore_index=True), f"社会资本占比_{region}",
            {"group_name": t("funds.col_region", lang="zh"), "year": t("funds.col_year", lang="zh"),
             **_labels_zh("budget", "social_capital_budget", "social_capital_pct")},
            key="dl_fund_sc",
        )
