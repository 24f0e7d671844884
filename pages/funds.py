"""资金配置 / Fund allocation: where the money comes from and where it goes (Sankey), budget against disbursed and
executed per county with the execution ranking and laggards (target pro-rated to the month reached), spending per
resident and per elderly resident, the social-capital share and its trend, and the alerts of the region."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from governance.app import (
    alerts_panel,
    charts,
    data,
    downloads,
    maps,
    money_charts,
    shell,
)
from governance.core import regions, thresholds
from governance.i18n import region_name, t, value_label
from governance.i18n.formats import fmt_count, fmt_month, fmt_pct, fmt_wan_yuan

# Domain values of fund_allocations (schema.sql CHECK constraints), in display order.
PROGRAMS = money_charts.PROGRAMS
SOURCES = ("省级专项资金", "市县财政", "社会资本", "专项债", "贴息贷款", "ABS")
MEASURES = money_charts.FUND_MEASURES

filters = shell.page_setup("funds")
lang = filters.lang
st.title(t("page.funds"))
st.caption(t("filter.current", region=filters.region_name, start=fmt_month(filters.start_month),
             end=fmt_month(filters.end_month)))
if not filters.data_ready:
    shell.empty_state("warehouse.unavailable")
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

alerts_panel.alerts_panel(filters, key="fund_alerts")

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


@st.cache_resource(show_spinner=False, max_entries=64)
def _per_head_deck(key: tuple, _values: pd.DataFrame, metric_label: str, selected: str | None,
                   lang: str) -> money_charts.PrebuiltDeck:
    """Cached per ``key`` (warehouse version and every input of ``_values``; the frame itself isn't hashed)."""
    return money_charts.per_head_deck(_values, metric_label, selected, lang)


# ------------------------------------------------------------------------------------------------ KPI cards
self_rows = data.query("funds_by_group", group_level="self", **fparams)
if self_rows.empty:
    shell.empty_state()
    st.stop()
cur = self_rows[self_rows["year"] == year]
cur = cur.iloc[0] if len(cur) else self_rows.iloc[-1]
as_of = int(cur["as_of_month"])
exec_target = thresholds.fund_execution_target(as_of)
sc_target = thresholds.TARGETS["social_capital_pct"].target

st.subheader(t("funds.kpi_heading", year=year, month=as_of))
k1, k2, k3, k4, k5 = st.columns(5)
charts.kpi_card(t("funds.kpi_budget"), fmt_wan_yuan(cur["budget"]), container=k1,
                target_text=t("funds.kpi_programs_sources", p=len(programs), s=len(sources)))
charts.kpi_card(t("funds.kpi_disbursed"), fmt_wan_yuan(cur["disbursed"]), container=k2,
                change_text=t("funds.kpi_disbursement_rate", pct=fmt_pct(cur["disbursement_pct"])))
charts.kpi_card(t("funds.kpi_execution"), fmt_pct(cur["execution_pct"]), container=k3,
                change_text=t("funds.kpi_executed_amount", amount=fmt_wan_yuan(cur["executed"])),
                status=thresholds.status("fund_execution_pct", cur["execution_pct"], target_override=exec_target),
                target_text=t("funds.kpi_execution_target", target=fmt_pct(exec_target), month=as_of))
charts.kpi_card(t("funds.kpi_social_capital"), fmt_pct(cur["social_capital_pct"]), container=k4,
                change_text=fmt_wan_yuan(cur["social_capital_budget"]),
                status=thresholds.status("social_capital_pct", cur["social_capital_pct"]),
                target_text=t("common.target", target=fmt_pct(sc_target)))
charts.kpi_card(t("funds.kpi_per_resident"), t("funds.yuan", v=fmt_count(cur["executed_yuan_per_resident"])),
                container=k5,
                change_text=t("funds.kpi_per_elderly", v=fmt_count(cur["executed_yuan_per_elderly"])))

# ------------------------------------------------------------------------------------------------ Sankey
st.subheader(t("funds.sankey_heading"))
period_txt = str(first_year) if first_year == last_year else f"{first_year}–{last_year}"
st.caption(t("funds.sankey_caption", years=period_txt, measure=t(f"funds.measure_{measure}")))
flows = data.query("funds_flows", group_level=flow_level, **fparams)
if flows.empty or float(flows[measure].sum()) <= 0:
    shell.empty_state()
else:
    fig = money_charts.sankey_figure(flows, measure, flow_level, SOURCES, PROGRAMS)
    charts.plotly_chart(fig, key="fund_sankey")
    downloads.download_buttons(
        flows,
        f"资金流向_{region}_{period_txt}",
        {"from_key": t("funds.col_from", lang="zh"), "to_name": t("funds.col_to", lang="zh"),
         **_labels_zh("budget", "disbursed", "executed")},
        key="dl_fund_flows",
    )

# ------------------------------------------------------------------------------------------------ execution
st.subheader(t("funds.exec_heading", year=year, month=as_of))
ranked = data.query("funds_by_group", group_level=rank_level, **fparams)
ranked = ranked[ranked["year"] == year].copy()
if ranked.empty:
    shell.empty_state()
else:
    ranked = money_charts.rank_execution(ranked, rank_level)
    n_lag = int((ranked["status"] == "red").sum())
    st.caption(t("funds.exec_caption", target=fmt_pct(exec_target), month=as_of, n=n_lag, total=len(ranked)))

    left, right = st.columns([3, 2]) if child_level != rank_level else (st.container(), None)
    with left:
        fig = money_charts.execution_figure(ranked, rank_level, exec_target)
        charts.plotly_chart(fig, key="fund_exec_rank")
    if right is not None:
        with right:
            groups = data.query("funds_by_group", group_level=child_level, **fparams)
            groups = groups[groups["year"] == year].sort_values("budget", ascending=False)
            fig = money_charts.budget_vs_actual_figure(groups, child_level)
            charts.plotly_chart(fig, key="fund_bva")

    table, show = money_charts.execution_table(ranked, rank_level)
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
    export = money_charts.execution_export(table, year)
    downloads.download_buttons(
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
per_head = data.query("funds_by_group", group_level="county", **dict(fparams, region=compare_region))
per_head = per_head[per_head["year"] == year].copy()
if per_head.empty:
    shell.empty_state()
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
        values = money_charts.per_head_values(per_head, metric)
        db = data.db_path()
        deck_key = (str(db), db.stat().st_mtime_ns, compare_region, year, basis, first_year, last_year,
                    tuple(programs), tuple(sources))
        deck = _per_head_deck(deck_key, values, metric_label, filters.county_code, lang)
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
st.subheader(t("funds.sc_heading"))
st.caption(t("funds.sc_caption", target=fmt_pct(sc_target)))
sc_left, sc_right = st.columns(2)
by_county = data.query("funds_social_capital", region=compare_region, group_level="county", first_year=year,
                     last_year=year, programs=programs)
with sc_left:
    if by_county.empty:
        shell.empty_state()
    else:
        by_county = by_county.sort_values("social_capital_pct", ascending=False).reset_index(drop=True)
        fig = money_charts.social_capital_by_county_figure(by_county, sc_target, year, filters.county_code)
        charts.plotly_chart(fig, key="fund_sc_county")
with sc_right:
    trend_level = "city" if level == "province" else "county"
    trend_self = data.query("funds_social_capital", region=region, group_level="self", first_year=2000,
                          last_year=last_year, programs=programs)
    trend_groups = (data.query("funds_social_capital", region=region, group_level=trend_level, first_year=2000,
                             last_year=last_year, programs=programs) if level != "county" else pd.DataFrame())
    if trend_self.empty:
        shell.empty_state()
    else:
        fig = money_charts.social_capital_trend_figure(trend_self, trend_groups, trend_level, filters.region_name,
                                                       sc_target)
        charts.plotly_chart(fig, key="fund_sc_trend")
# the trend per year (region and its cities/counties) and, where it adds rows, the compared counties of the year
sc_parts = [f for f in (trend_self, trend_groups, by_county if level != "city" else None)
            if f is not None and not f.empty]
sc_export = pd.concat(sc_parts, ignore_index=True) if sc_parts else pd.DataFrame()
if not sc_export.empty:
    downloads.download_buttons(
        sc_export, f"社会资本占比_{region}",
        {"group_name": t("funds.col_region", lang="zh"), "year": t("funds.col_year", lang="zh"),
         **_labels_zh("budget", "social_capital_budget", "social_capital_pct")},
        key="dl_fund_sc",
    )
