"""What 融资情景模拟 (pages/scenarios.py) shows: the county-context caption, the verdict, KPI cards, the result
figures (outlay by type vs the red-line headroom, obligation share with/without, cash flows, tornado), the rule list,
the yearly table with its downloads, and the comparison of saved scenarios (table and figures).

The numbers come from ``governance.core.finance`` (``evaluation.compute``); this module formats and draws them.
Money is 万元, years on charts are calendar years (scenario year 1 = the chosen first year).
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from governance.app import charts, downloads
from governance.app.charts import CATEGORICAL, RAG
from governance.app.safe_text import plain, plotly_text
from governance.core.finance import (
    GOV_PAY_LINE_SHARE,
    OBLIGATION_COLUMNS,
    OBLIGATION_LABELS,
    OUTLAY_COLUMNS,
    OUTLAY_LABELS,
    RED_LINE_SHARE,
    RISK_NOTICE_SHARE,
    CountyContext,
    RuleCheck,
    ScenarioInputs,
    scenario_from_dict,
    store,
)
from governance.core.finance.evaluation import (
    Computed,
    bond_coverage_status,
    equity_irr_status,
    share_status,
    verdict,
    vfm_status,
)
from governance.core.finance.form import SHARE_KEYS, error_text
from governance.i18n import current_lang, normalise_lang, t, value_label
from governance.i18n.formats import MISSING, fmt_wan_yuan

MAX_COMPARE = 3
TORNADO_METRICS = ("total_government_outlay", "max_obligation_share")
PERSIST = "session"  # widget values survive page switches


def _lang(lang: str | None) -> str:
    return normalise_lang(lang) if lang else current_lang()


def zh_en(pair: tuple[str, str], lang: str | None) -> str:
    return pair[1] if _lang(lang) == "en" else pair[0]


# ==================================================================================================== panels
def notice(message: tuple[str, str] | None) -> None:
    """A one-off message left by a callback: (kind — success / info / error, text)."""
    if message:
        getattr(st, message[0])(message[1])


def start_label(pid: str, project_rows: Mapping[str, Mapping[str, Any]], blank: str, lang: str) -> str:
    """An option of the starting-point box: the blank template, or 'name · model · investment'."""
    if pid == blank:
        return t("scenarios.start_blank", lang=lang)
    r = project_rows.get(pid)
    if r is None:
        return str(pid)
    return f"{r['name']} · {value_label(r['model'], lang=lang)} · {fmt_wan_yuan(r['total_investment'], lang=lang)}"


def context_caption(county: CountyContext, fiscal: pd.DataFrame | None, first_year: int,
                    exclude: Mapping[str, Any] | None, start_note: str | None) -> None:
    """Where the county's fiscal data comes from: the loaded scenario's snapshot (``fiscal`` None) or the
    warehouse (its budget kinds and years), any existing project taken out, how the inputs were prefilled."""
    notes = []
    if fiscal is None:
        notes.append(t("scenarios.ctx_snapshot"))
    else:
        if county.gpb_expenditure:
            kinds = "/".join(dict.fromkeys(value_label(k) for k in fiscal["budget_kind"]))
            notes.append(t("scenarios.ctx_warehouse", first=first_year,
                           last=first_year + len(county.gpb_expenditure) - 1, kinds=kinds))
        if exclude:
            notes.append(t("scenarios.ctx_excluded", name=plain(exclude.get("name", "")),
                           amount=fmt_wan_yuan(exclude.get("annual_gov_payment"))))
    if start_note:
        notes.append(t(start_note))
    notes.append(t("scenarios.year_one", year=first_year))
    st.caption(" ".join(notes))


# KPI cards sit four to a row in the results column: a smaller value font than the full-width cards.
_KPI_CSS = """<style>
.st-key-sc_kpis .gov-kpi > div:nth-child(2) { font-size: 1.6rem !important; }
.st-key-sc_kpis .gov-kpi > div:nth-child(3) { font-size: 0.9rem !important; color: #5f6368 !important; }
.st-key-sc_kpis .gov-kpi { min-height: 8.6rem; }
</style>"""


def _draw_kpis(c: Computed, lang: str) -> None:
    cards = kpi_cards(c, lang)
    st.html(_KPI_CSS)
    with st.container(key="sc_kpis"):
        for row in (cards[:4], cards[4:]):
            cols = st.columns(4)
            for col, card in zip(cols, row):
                charts.kpi_card(card["label"], card["value"], card["note"], card["status"], container=col)


def _draw_verdict(c: Computed) -> None:
    v = verdict(c.checks, plain(c.county.name) if c.county else "")  # a share link's county snapshot names it
    if v["status"] == "blocked":  # over a line without the project: that is the verdict, with what it forbids
        text = v["message_en"] if current_lang() == "en" else v["message_zh"]
        st.error(text, icon=":material/block:")
    elif v["ok"]:
        text = t("scenarios.verdict_ok")
        if v["warnings"]:
            text += " " + t("scenarios.verdict_warnings",
                            rules="、".join(t(f"scenarios.rule.{r}") for r in v["warnings"]))
        st.success(text, icon=":material/check_circle:")
    else:
        st.error(t("scenarios.verdict_fail", n=len(v["errors"]),
                   rules="、".join(t(f"scenarios.rule.{r}") for r in v["errors"])), icon=":material/cancel:")


def _draw_rules(c: Computed, lang: str) -> None:
    rows = rule_rows(c.checks, lang)
    applicable = [r for r in rows if r["status"] != "na"]
    na = [r for r in rows if r["status"] == "na"]
    color = {"ok": "green", "fail": "red"}
    lines = []
    for r in applicable:
        sev = "" if r["status"] == "ok" else (" · " + t(f"scenarios.severity.{r['severity']}"))
        lines.append(f":{color[r['status']]}[**{r['icon']} {r['name']}**{sev}] — {plain(r['message'])}  \n"
                     f":gray[{t('scenarios.reference', ref=r['reference'])}]")
    with st.container(border=True, key="sc_rules"):
        st.markdown(f"**{t('scenarios.rules_heading')}**")
        st.markdown("\n\n".join(lines) if lines else t("scenarios.no_rules"))
        if na:
            with st.expander(t("scenarios.rules_na", n=len(na))):
                st.markdown("\n\n".join(f":gray[{r['icon']} **{r['name']}** — {plain(r['message'])}]" for r in na))


def results(c: Computed, lang: str) -> float:
    """Draw the results (verdict, KPIs, figure tabs, rules, timing, yearly table); returns the seconds spent
    building the figures."""
    _draw_verdict(c)
    _draw_kpis(c, lang)
    t0 = time.perf_counter()
    metric = st.session_state.get("sc_tornado_metric", TORNADO_METRICS[0])
    figs = _result_figures_once(charts.content_key(c.inputs, c.county, c.first_year), c, metric, lang)
    fig_seconds = time.perf_counter() - t0
    t_out, t_share, t_cf, t_sens = st.tabs([t("scenarios.tab.outlay"), t("scenarios.tab.obligation"),
                                            t("scenarios.tab.cashflow"), t("scenarios.tab.tornado")])
    with t_out:
        charts.plotly_chart(figs["outlay"], key="sc_fig_outlay")
        st.caption(t("scenarios.outlay_note"))
    with t_share:
        charts.plotly_chart(figs["obligation"], key="sc_fig_obligation")
        st.caption(t("scenarios.obligation_note"))
        st.caption(plain(obligations_text(c, lang)))
    with t_cf:
        charts.plotly_chart(figs["cashflow"], key="sc_fig_cashflow")
    with t_sens:
        st.radio(t("scenarios.tornado_metric"), TORNADO_METRICS, key="sc_tornado_metric", horizontal=True,
                 format_func=lambda m: t(f"scenarios.fig.metric.{m}", lang=lang), persist_state=PERSIST)
        charts.plotly_chart(figs["tornado"], key="sc_fig_tornado")
    _draw_rules(c, lang)
    st.caption(t("scenarios.timing", model=f"{c.seconds * 1000:.0f}", figures=f"{fig_seconds * 1000:.0f}"))
    df, labels = year_table(c, lang)
    with st.expander(t("scenarios.year_table")):
        st.dataframe(df.rename(columns=labels), hide_index=True, width="stretch", height=320)
        downloads.download_buttons(df, "financing_scenario", labels, key="sc_dl")
    return fig_seconds


@st.cache_resource(show_spinner=False, max_entries=128)
def _result_figures_once(key: str, _c: Computed, metric: str, lang: str) -> dict[str, charts.PrebuiltFigure]:
    """``result_figures`` built and serialised once per scenario for every session (``key``: the content of the
    inputs, county and first year, which decide every figure): a rerun that changes nothing in the scenario, or
    another viewer of the same scenario, costs a key."""
    return {name: charts.PrebuiltFigure(fig, lang) for name, fig in result_figures(_c, metric, lang).items()}


def compare_panel(items: list[CompareItem], lang: str) -> None:
    """The compared scenarios side by side: the KPI table, outlay lines and obligation-share lines."""
    table = compare_table(items, lang)
    st.dataframe(table, width="stretch", height=38 * (len(table) + 1) + 6)
    c1, c2 = st.columns(2)
    with c1:
        charts.plotly_chart(compare_figure(items, lang), key="sc_fig_compare")
    with c2:
        charts.plotly_chart(compare_share_figure(items, lang), key="sc_fig_compare_share")


def saved_label(s: store.SavedScenario | None) -> str:
    if s is None:
        return "?"
    where = s.county_name or s.county_code or ""
    return f"{s.name} · {where}" if where else s.name


def fmt_saved_at(value: Any) -> str:
    """A saved scenario's created_at (UTC, naive) in Beijing time: '2026-11-27 06:29'."""
    if not isinstance(value, dt.datetime):
        return "" if value is None else str(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")


def saved_table(saved: list[store.SavedScenario]) -> list[dict[str, Any]]:
    """Rows of the saved-scenarios list: name, county, first year, saved at."""
    return [{t("scenarios.col.name"): s.name, t("scenarios.cmp.county"): s.county_name or s.county_code,
             t("scenarios.cmp.first_year"): s.first_year, t("scenarios.col.created_at"): fmt_saved_at(s.created_at)}
            for s in saved]


# ==================================================================================================== KPIs and rules
def _pct_text(x: float | None, digits: int = 1) -> str:
    if x is None or not math.isfinite(x):
        return MISSING
    return f"{x * 100:.{digits}f}%"


def _year_text(first_year: int, year: int | None, lang: str) -> str:
    if year is None:
        return MISSING
    return f"{first_year + year - 1}" + ("" if lang == "en" else "年")


def kpi_cards(c: Computed, lang: str | None = None) -> list[dict[str, Any]]:
    """Cards: label, value, note, status (green/amber/red/none), key (for tests)."""
    lang = _lang(lang)
    s = c.result.summary
    sh = c.inputs.shares
    fy = c.first_year
    cards = [
        {"key": "total_outlay", "label": t("scenarios.kpi.total_outlay", lang=lang),
         "value": fmt_wan_yuan(s.total_government_outlay, lang=lang),
         "note": t("scenarios.kpi.pv", lang=lang, value=fmt_wan_yuan(s.pv_government_outlay, lang=lang)),
         "status": None},
        {"key": "peak_outlay", "label": t("scenarios.kpi.peak_outlay", lang=lang),
         "value": fmt_wan_yuan(s.peak_government_outlay, lang=lang),
         "note": t("scenarios.kpi.in_year", lang=lang, year=_year_text(fy, s.peak_year, lang)), "status": None},
        {"key": "headroom", "label": t("scenarios.kpi.headroom", lang=lang),
         "value": fmt_wan_yuan(s.min_headroom, lang=lang),
         "note": t("scenarios.kpi.headroom_note", lang=lang, share=_pct_text(s.max_share_with, 2),
                   year=_year_text(fy, s.max_share_with_year, lang)),
         "status": share_status(s.max_share_with)},
        {"key": "project_irr", "label": t("scenarios.kpi.project_irr", lang=lang),
         "value": _pct_text(s.project_irr, 2),
         "note": t("scenarios.kpi.npv", lang=lang, value=fmt_wan_yuan(s.project_npv, lang=lang)), "status": None},
    ]
    if sh.franchise > 0:
        cards.append({"key": "equity_irr", "label": t("scenarios.kpi.equity_irr", lang=lang),
                      "value": _pct_text(s.equity_irr, 2), "note": t("scenarios.kpi.equity_irr_note", lang=lang),
                      "status": equity_irr_status(s.equity_irr)})
    else:
        cards.append({"key": "equity_irr", "label": t("scenarios.kpi.equity_irr", lang=lang), "value": MISSING,
                      "note": t("scenarios.kpi.no_franchise", lang=lang), "status": None})
    if s.bond_coverage is not None:
        cards.append({"key": "bond_coverage", "label": t("scenarios.kpi.bond_coverage", lang=lang),
                      "value": f"{s.bond_coverage:.2f}", "note": t("scenarios.kpi.bond_coverage_note", lang=lang),
                      "status": bond_coverage_status(s.bond_coverage)})
    else:
        cards.append({"key": "bond_coverage", "label": t("scenarios.kpi.bond_coverage", lang=lang), "value": MISSING,
                      "note": t("scenarios.kpi.no_bond", lang=lang), "status": None})
    if sh.franchise > 0:  # VfM is assessed for social-capital projects only (rules.vfm_positive)
        cards.append({"key": "vfm", "label": t("scenarios.kpi.vfm", lang=lang),
                      "value": fmt_wan_yuan(s.vfm_value, lang=lang),
                      "note": t("scenarios.kpi.vfm_note", lang=lang, index=_pct_text(s.vfm_index, 1)),
                      "status": vfm_status(s.vfm_value)})
    else:
        cards.append({"key": "vfm", "label": t("scenarios.kpi.vfm", lang=lang), "value": MISSING,
                      "note": t("scenarios.kpi.no_franchise", lang=lang), "status": None})
    return cards


def display_reference(ref: str) -> str:
    """A rule's regulation reference without the internal 'domain.md §…' pointer."""
    parts = [p.strip() for p in ref.split(";") if p.strip() and not p.strip().startswith("domain.md")]
    return "; ".join(parts) or ref


def rule_rows(checks: Iterable[RuleCheck], lang: str | None = None) -> list[dict[str, Any]]:
    """One row per rule: rule_id, status ('ok' | 'fail' | 'na'), icon (✓ ✗ –), severity, name, message, reference."""
    lang = _lang(lang)
    rows = []
    for ch in checks:
        status = "na" if not ch.applicable else ("ok" if ch.ok else "fail")
        rows.append({
            "rule_id": ch.rule_id, "status": status, "icon": {"ok": "✓", "fail": "✗", "na": "–"}[status],
            "severity": ch.severity, "name": t(f"scenarios.rule.{ch.rule_id}", lang=lang),
            "message": ch.message_en if lang == "en" else ch.message_zh,
            "reference": display_reference(ch.reference),
        })
    return rows


def mix_text(inputs: ScenarioInputs, lang: str | None = None) -> str:
    """'专项债 80% · 政府直接投资 20%'."""
    lang = _lang(lang)
    parts = []
    for k in SHARE_KEYS:
        v = getattr(inputs.shares, k)
        if v > 1e-9:
            parts.append((v, f"{t(f'scenarios.short.{k}', lang=lang)} {v * 100:.0f}%"))
    return " · ".join(p for _, p in sorted(parts, key=lambda x: -x[0]))


def obligations_text(c: Computed, lang: str | None = None) -> str:
    """The red-line numerator over the horizon, obligation by obligation (财金〔2015〕21号): what the 10 % line
    counts for this scenario."""
    lang = _lang(lang)
    totals = c.result.summary.obligations_by_type or {}
    parts = [f"{zh_en(OBLIGATION_LABELS[k], lang)} {fmt_wan_yuan(totals.get(k, 0.0), lang=lang)}"
             for k in OBLIGATION_COLUMNS]
    return t("scenarios.obligations_total", lang=lang, parts=("、" if lang == "zh" else ", ").join(parts))


def year_table(c: Computed, lang: str | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """Yearly rows (for download): calendar year + outlays by type + flows + shares; and column labels."""
    lang = _lang(lang)
    df = pd.DataFrame(c.result.rows_as_dicts())
    df.insert(0, "calendar_year", c.first_year + df["year"] - 1)
    cols = ["calendar_year", "year", "capex", *OUTLAY_COLUMNS, "government_outlay", "retained_risk", "ppp_obligations",
            "government_project_income", "project_net_cash_flow", "private_cash_flow", "debt_service",
            "bond_coverage", "gpb_expenditure", "existing_obligations", "obligation_share_without",
            "obligation_share_with", "red_line_headroom"]
    df = df[cols]
    labels = {"calendar_year": t("scenarios.col.calendar_year", lang=lang),
              "year": t("scenarios.col.year", lang=lang),
              "capex": t("scenarios.col.capex", lang=lang)}
    for col in OUTLAY_COLUMNS:
        labels[col] = zh_en(OUTLAY_LABELS[col], lang) + t("scenarios.unit_wan", lang=lang)
    for col in cols:
        if col not in labels:
            labels[col] = t(f"scenarios.col.{col}", lang=lang)
    return df, labels


# ==================================================================================================== comparison
@dataclass
class CompareItem:
    label: str
    computed: Computed | None
    error: str | None = None


def compare_item_from_saved(cs: store.ComparedScenario, fallback_year: int, lang: str) -> CompareItem:
    """A saved scenario, recomputed by ``store.compare``, as a comparison column (or its error)."""
    label = cs.saved.name
    if cs.result is None:
        return CompareItem(label, None, error_text(cs.error, lang) if cs.error else None)
    sf = scenario_from_dict(cs.saved.scenario)
    comp = Computed(sf.inputs, cs.county, cs.saved.first_year or fallback_year, cs.result, cs.checks)
    return CompareItem(label, comp)


def compare_table(items: list[CompareItem], lang: str | None = None) -> pd.DataFrame:
    """KPIs side by side: one column per scenario, one row per measure (text, formatted)."""
    lang = _lang(lang)
    rows: list[tuple[str, list[str]]] = []

    def add(key: str, fn) -> None:
        vals = []
        for it in items:
            if it.computed is None:
                vals.append(it.error or MISSING)
            else:
                try:
                    vals.append(fn(it.computed))
                except (TypeError, ValueError):
                    vals.append(MISSING)
        rows.append((t(f"scenarios.cmp.{key}", lang=lang), vals))

    add("county", lambda c: c.county.name or c.county.code)
    add("first_year", lambda c: str(c.first_year))
    add("mix", lambda c: mix_text(c.inputs, lang))
    add("investment", lambda c: fmt_wan_yuan(c.inputs.total_investment, lang=lang))
    add("total_outlay", lambda c: fmt_wan_yuan(c.result.summary.total_government_outlay, lang=lang))
    add("pv_outlay", lambda c: fmt_wan_yuan(c.result.summary.pv_government_outlay, lang=lang))
    add("peak_outlay", lambda c: f"{fmt_wan_yuan(c.result.summary.peak_government_outlay, lang=lang)}"
                                 f" ({_year_text(c.first_year, c.result.summary.peak_year, lang)})")
    add("max_share", lambda c: f"{_pct_text(c.result.summary.max_share_with, 2)}"
                               f" ({_year_text(c.first_year, c.result.summary.max_share_with_year, lang)})")
    add("headroom", lambda c: fmt_wan_yuan(c.result.summary.min_headroom, lang=lang))
    add("project_irr", lambda c: _pct_text(c.result.summary.project_irr, 2))
    add("equity_irr", lambda c: _pct_text(c.result.summary.equity_irr, 2))
    add("bond_coverage", lambda c: MISSING if c.result.summary.bond_coverage is None
        else f"{c.result.summary.bond_coverage:.2f}")
    add("vfm", lambda c: fmt_wan_yuan(c.result.summary.vfm_value, lang=lang))

    def rules_text(c: Computed) -> str:
        v = verdict(c.checks)
        if v["ok"] and not v["warnings"]:
            return "✓ " + t("scenarios.cmp.all_ok", lang=lang)
        names = [t(f"scenarios.rule.{r}", lang=lang) for r in v["errors"]]
        warn = [t(f"scenarios.rule.{r}", lang=lang) for r in v["warnings"]]
        out = ("✗ " + "、".join(names)) if names else "✓ " + t("scenarios.cmp.no_errors", lang=lang)
        if warn:
            out += " · ⚠ " + "、".join(warn)
        return out

    add("rules", rules_text)
    labels = _unique_labels([it.label for it in items])
    return pd.DataFrame({lbl: [r[1][i] for r in rows] for i, lbl in enumerate(labels)},
                        index=[r[0] for r in rows])


def _unique_labels(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for lbl in labels:
        n = seen.get(lbl, 0)
        seen[lbl] = n + 1
        out.append(lbl if n == 0 else f"{lbl} ({n + 1})")
    return out


# ==================================================================================================== figures
# Figures are built as plain dicts and wrapped without plotly's per-property validation (go.Figure(...,
# _validate=False)): validating every property on each slider move costs ≈ 20 ms a figure, the whole budget of a
# redraw. tests/test_pages_scenarios.py validates every figure once with full validation instead.
_OUTLAY_COLORS = {
    "direct_investment": CATEGORICAL[0], "abs_bridge": "#9dbbe3", "bond_principal": CATEGORICAL[6],
    "bond_interest": CATEGORICAL[2], "loan_interest_subsidy": CATEGORICAL[5], "loan_principal_gov": CATEGORICAL[7],
    "loan_interest_gov": CATEGORICAL[4], "government_equity": "#12336b", "operating_subsidy": CATEGORICAL[1],
    "supporting_investment": "#f2b35c", "legacy_ppp_payment": CATEGORICAL[3]}
GOV_PAY_LINE_COLOR = "#6b7280"  # the 5 % line concerns government-pay projects; it is not a colour band
_LAYOUT: dict[str, Any] = {
    "height": 400, "margin": {"l": 60, "r": 20, "t": 80, "b": 40}, "hovermode": "x unified",
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0, "font": {"size": 13}},
    "title": {"font": {"size": 17}, "y": 0.97, "yanchor": "top"},
}


def _fig(data: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    merged = {**_LAYOUT, **layout}
    if "title" in layout and isinstance(layout["title"], str):
        merged["title"] = {**_LAYOUT["title"], "text": layout["title"]}
    return go.Figure({"data": data, "layout": merged}, _validate=False)


def _hline(y: float, color: str, dash: str = "solid", label: str | None = None,
           label_color: str | None = None) -> tuple[dict[str, Any], dict[str, Any] | None]:
    shape = {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": y, "y1": y,
             "line": {"color": color, "width": 2, "dash": dash}}
    ann = None
    if label:
        ann = {"xref": "paper", "x": 0.0, "yref": "y", "y": y, "text": label, "showarrow": False,
               "xanchor": "left", "yanchor": "bottom", "font": {"color": label_color or color, "size": 13}}
    return shape, ann


def _years(c: Computed) -> list[int]:
    return [c.first_year + r.year - 1 for r in c.result.rows]


def _xaxis(years: list[int]) -> dict[str, Any]:
    return {"dtick": 5 if len(years) > 16 else 1}


def _wan_axis(lang: str) -> str:
    return t("scenarios.axis.wan", lang=lang)


def outlay_figure(c: Computed, lang: str | None = None) -> go.Figure:
    """Yearly government outlay stacked by type (万元) with the county's 10 % and 5 % headroom
    (x % × GPB expenditure − existing obligations): the room the county has for new PPP obligations. Only the
    operating subsidy and the legacy 21号 payment count under the lines (marked *). When the headroom is far above
    (or below) the project's bars, the lines would flatten the bars: a note gives the tightest year instead."""
    lang = _lang(lang)
    years = _years(c)
    rows = c.result.rows
    data: list[dict[str, Any]] = []
    for col in OUTLAY_COLUMNS:
        vals = [getattr(r, col) for r in rows]
        if max((abs(v) for v in vals), default=0.0) < 1e-9:
            continue
        name = zh_en(OUTLAY_LABELS[col], lang) + (" *" if col in OBLIGATION_COLUMNS else "")
        data.append({"type": "bar", "x": years, "y": vals, "name": name, "marker": {"color": _OUTLAY_COLORS[col]},
                     "hovertemplate": "%{y:,.1f}"})
    top = max((r.government_outlay for r in rows), default=0.0)
    annotations = []
    shown_lo = 0.0
    for key, share, color, dash in (("10", RED_LINE_SHARE, RAG["red"], "solid"),
                                    ("5", GOV_PAY_LINE_SHARE, GOV_PAY_LINE_COLOR, "dash")):
        vals = [share * (r.gpb_expenditure or 0.0) - (r.existing_obligations or 0.0) for r in rows]
        lo = min(vals) if vals else 0.0
        i = vals.index(lo) if vals else 0
        if top > 0 and -3 * top <= lo <= 3 * top:
            shown_lo = min(shown_lo, lo)
            data.append({"type": "scatter", "mode": "lines", "x": years, "y": vals,
                         "name": t(f"scenarios.fig.headroom_{key}", lang=lang),
                         "line": {"color": color, "width": 2.5, "dash": dash}, "hovertemplate": "%{y:,.1f}"})
        elif vals:
            annotations.append(t("scenarios.fig.headroom_note", lang=lang, line=f"{key}%",
                                 value=fmt_wan_yuan(lo, lang=lang), year=str(years[i])))
    yaxis: dict[str, Any] = {"title": {"text": _wan_axis(lang)}, "rangemode": "tozero"}
    if top > 0 and len(data) > 0 and data[-1]["type"] == "scatter":
        # a headroom line is drawn: keep the bars readable, let the line leave the chart where it is far above
        yaxis = {"title": {"text": _wan_axis(lang)}, "range": [1.15 * shown_lo, 2.0 * top]}
    layout: dict[str, Any] = {"barmode": "relative", "title": t("scenarios.fig.outlay", lang=lang),
                              "yaxis": yaxis, "xaxis": _xaxis(years)}
    if annotations:
        layout["annotations"] = [{"text": "<br>".join(annotations), "xref": "paper", "yref": "paper", "x": 1.0,
                                  "y": 0.98, "xanchor": "right", "yanchor": "top", "showarrow": False,
                                  "align": "right", "font": {"size": 13, "color": "#5f6368"},
                                  "bgcolor": "rgba(255,255,255,0.85)"}]
    return _fig(data, layout)


def cashflow_figure(c: Computed, lang: str | None = None) -> go.Figure:
    """Project net cash flow (bars), the private partner's cash flow and total debt service (lines), 万元."""
    lang = _lang(lang)
    years = _years(c)
    rows = c.result.rows
    data: list[dict[str, Any]] = [
        {"type": "bar", "x": years, "y": [r.project_net_cash_flow for r in rows],
         "name": t("scenarios.fig.project_cf", lang=lang), "marker": {"color": CATEGORICAL[0]}, "opacity": 0.85,
         "hovertemplate": "%{y:,.1f}"}]
    if c.inputs.shares.franchise > 0:
        data.append({"type": "scatter", "mode": "lines+markers", "x": years,
                     "y": [r.private_cash_flow for r in rows], "name": t("scenarios.fig.private_cf", lang=lang),
                     "line": {"color": CATEGORICAL[1], "width": 2.5}, "marker": {"size": 5},
                     "hovertemplate": "%{y:,.1f}"})
    data.append({"type": "scatter", "mode": "lines", "x": years, "y": [r.debt_service for r in rows],
                 "name": t("scenarios.fig.debt_service", lang=lang),
                 "line": {"color": CATEGORICAL[3], "width": 2.5, "dash": "dot"}, "hovertemplate": "%{y:,.1f}"})
    return _fig(data, {"title": t("scenarios.fig.cashflow", lang=lang), "xaxis": _xaxis(years),
                       "yaxis": {"title": {"text": _wan_axis(lang)}, "zeroline": True, "zerolinecolor": "#9aa0a6"}})



def tornado_figure(rows: list[dict[str, Any]], metric: str = "total_government_outlay",
                   lang: str | None = None) -> go.Figure:
    """±20 % tornado for one metric: bars from the base value to the value at −20 % and +20 % of each input
    (largest swing on top). The share metric is shown in percent of budget expenditure."""
    lang = _lang(lang)
    share = metric == "max_obligation_share"
    scale = 100.0 if share else 1.0
    mine = [r for r in rows if r["metric"] == metric and r["low"] is not None and r["high"] is not None]
    mine.sort(key=lambda r: r["swing"] or 0.0)
    labels = [r["label_en"] if lang == "en" else r["label_zh"] for r in mine]
    base = mine[0]["base"] * scale if mine else 0.0
    fmt = "%{x:.3f}%" if share else "%{x:,.1f}"
    data = [
        {"type": "bar", "orientation": "h", "y": labels, "x": [(r["low"] - r["base"]) * scale for r in mine],
         "base": base, "name": t("scenarios.fig.minus20", lang=lang), "marker": {"color": CATEGORICAL[6]},
         "hovertemplate": fmt},
        {"type": "bar", "orientation": "h", "y": labels, "x": [(r["high"] - r["base"]) * scale for r in mine],
         "base": base, "name": t("scenarios.fig.plus20", lang=lang), "marker": {"color": CATEGORICAL[1]},
         "hovertemplate": fmt},
    ]
    metric_label = t(f"scenarios.fig.metric.{metric}", lang=lang)
    layout: dict[str, Any] = {
        "barmode": "overlay", "hovermode": "y unified", "margin": {"l": 20, "r": 20, "t": 80, "b": 40},
        "title": t("scenarios.fig.tornado", lang=lang, metric=metric_label),
        "xaxis": {"title": {"text": t("scenarios.axis.pct_gpb", lang=lang) if share else _wan_axis(lang)},
                  **({"ticksuffix": "%"} if share else {})},
        "yaxis": {"automargin": True},
        "shapes": [{"type": "line", "xref": "x", "x0": base, "x1": base, "yref": "paper", "y0": 0, "y1": 1,
                    "line": {"color": "#5f6368", "width": 1}}],
    }
    if not mine:
        layout["annotations"] = [{"text": t("scenarios.fig.no_tornado", lang=lang), "xref": "paper",
                                  "yref": "paper", "x": 0.5, "y": 0.5, "showarrow": False}]
    return _fig(data, layout)


def obligation_figure(c: Computed, lang: str | None = None) -> go.Figure:
    """The county's PPP obligations as % of general-budget expenditure, without and with the project, per year,
    with the 10 % red line and the 5 % government-pay line (财金〔2015〕21号)."""
    lang = _lang(lang)
    years = _years(c)
    rows = c.result.rows
    without = [100.0 * (r.obligation_share_without or 0.0) for r in rows]
    with_ = [100.0 * (r.obligation_share_with or 0.0) for r in rows]
    data = [
        {"type": "scatter", "mode": "lines", "x": years, "y": without,
         "name": t("scenarios.fig.share_without", lang=lang), "line": {"color": "#9aa0a6", "width": 2},
         "hovertemplate": "%{y:.2f}%"},
        {"type": "scatter", "mode": "lines", "x": years, "y": with_, "name": t("scenarios.fig.share_with", lang=lang),
         "fill": "tonexty", "fillcolor": "rgba(31,78,156,0.18)", "line": {"color": CATEGORICAL[0], "width": 3},
         "hovertemplate": "%{y:.2f}%"},
    ]
    s10, a10 = _hline(100 * RED_LINE_SHARE, RAG["red"], "solid", t("scenarios.fig.line10", lang=lang))
    s7, a7 = _hline(100 * RISK_NOTICE_SHARE, RAG["amber"], "dot", t("scenarios.fig.line7", lang=lang), "#8a6200")
    s5, a5 = _hline(100 * GOV_PAY_LINE_SHARE, GOV_PAY_LINE_COLOR, "dash", t("scenarios.fig.line5", lang=lang))
    top = max(max(with_, default=0.0), 10.0) * 1.15
    annotations = [a10, a7, a5]
    if with_:  # the tightest year, labelled: the project's increment is often a fraction of a point
        i = max(range(len(with_)), key=lambda k: with_[k])
        over = with_[i] > 100 * RED_LINE_SHARE + 1e-9
        annotations.append({
            "x": years[i], "y": with_[i], "xref": "x", "yref": "y", "showarrow": True, "arrowhead": 2, "ax": 40,
            "ay": -45 if with_[i] < top * 0.8 else 45, "bgcolor": "rgba(255,255,255,0.9)",
            "bordercolor": RAG["red"] if over else CATEGORICAL[0], "font": {"size": 13},
            "text": t("scenarios.fig.peak_share", lang=lang, year=str(years[i]), share=f"{with_[i]:.2f}",
                      without=f"{without[i]:.2f}"),
        })
    return _fig(data, {"title": t("scenarios.fig.obligation", lang=lang), "xaxis": _xaxis(years),
                       "yaxis": {"title": {"text": t("scenarios.axis.pct_gpb", lang=lang)}, "range": [0, top],
                                 "ticksuffix": "%"},
                       "shapes": [s10, s7, s5], "annotations": annotations})


def compare_figure(items: list[CompareItem], lang: str | None = None) -> go.Figure:
    """Government outlay per year of each compared scenario (overlaid lines, 万元)."""
    lang = _lang(lang)
    data = []
    labels = _unique_labels([it.label for it in items])
    for i, (it, lbl) in enumerate(zip(items, labels)):
        if it.computed is None:
            continue
        c = it.computed
        data.append({"type": "scatter", "mode": "lines+markers", "x": _years(c),
                     "y": [r.government_outlay for r in c.result.rows], "name": plotly_text(lbl),
                     "line": {"color": CATEGORICAL[i % len(CATEGORICAL)], "width": 3}, "marker": {"size": 5},
                     "hovertemplate": "%{y:,.1f}"})
    return _fig(data, {"title": t("scenarios.fig.compare", lang=lang),
                       "yaxis": {"title": {"text": _wan_axis(lang)}, "rangemode": "tozero"}})


def compare_share_figure(items: list[CompareItem], lang: str | None = None) -> go.Figure:
    """Obligation share with each compared scenario (%), with the 10 % and 5 % lines."""
    lang = _lang(lang)
    data = []
    labels = _unique_labels([it.label for it in items])
    top = 10.0
    for i, (it, lbl) in enumerate(zip(items, labels)):
        if it.computed is None:
            continue
        c = it.computed
        ys = [100.0 * (r.obligation_share_with or 0.0) for r in c.result.rows]
        top = max(top, max(ys, default=0.0))
        data.append({"type": "scatter", "mode": "lines", "x": _years(c), "y": ys, "name": plotly_text(lbl),
                     "line": {"color": CATEGORICAL[i % len(CATEGORICAL)], "width": 3}, "hovertemplate": "%{y:.2f}%"})
    s10, a10 = _hline(100 * RED_LINE_SHARE, RAG["red"], "solid", t("scenarios.fig.line10", lang=lang))
    s5, a5 = _hline(100 * GOV_PAY_LINE_SHARE, RAG["amber"], "dash", t("scenarios.fig.line5", lang=lang), "#8a6200")
    return _fig(data, {"title": t("scenarios.fig.compare_share", lang=lang),
                       "yaxis": {"title": {"text": t("scenarios.axis.pct_gpb", lang=lang)}, "range": [0, top * 1.15],
                                 "ticksuffix": "%"},
                       "shapes": [s10, s5], "annotations": [a10, a5]})


def result_figures(c: Computed, tornado_metric: str = "total_government_outlay",
                   lang: str | None = None) -> dict[str, go.Figure]:
    """Every figure of the results section (what a slider change redraws)."""
    return {
        "outlay": outlay_figure(c, lang),
        "obligation": obligation_figure(c, lang),
        "cashflow": cashflow_figure(c, lang),
        "tornado": tornado_figure(c.tornado, tornado_metric, lang),
    }
