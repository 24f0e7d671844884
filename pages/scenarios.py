"""融资情景模拟 / Financing scenarios: try financing mixes for a project in one county and see, live, the
government outlay, the county's 10 % / 5 % red lines (财金〔2015〕21号) and the 2023 PPP rules (国办函〔2023〕115号).

Thin page: the model is governance.core.finance, page helpers and figures governance.app.scenario_view, saved scenarios
governance.core.finance.store (user DB). State: every input widget is keyed (scenario_view.FIELDS) and persists for
the session; loading a scenario (project, saved, link ``?sc=``, file) writes the widget state in a callback or
before the widgets are drawn.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from urllib.parse import urlencode

import streamlit as st

from governance.app import charts, data, downloads, shell
from governance.app import scenario_view as sv
from governance.core.finance import (
    CountyContext,
    InputError,
    ScenarioInputs,
    scenario_from_dict,
    scenario_to_dict,
    store,
)
from governance.core.regions import county_by_code
from governance.i18n import region_name, t, value_label
from governance.i18n.formats import fmt_wan_yuan

PERSIST = "session"
ss = st.session_state
_RUN_T0, _RUN_C0 = time.perf_counter(), time.thread_time()  # this page run's server time (reported in _sc_timing)


# ==================================================================================================== state
def _county_codes() -> list[str]:
    return sorted(county_by_code())


def _county_label(code: str, lang: str) -> str:
    c = county_by_code().get(code)
    if c is None:
        return code
    return f"{region_name(c.city_code, lang=lang)} · {c.name}"


def _set_notice(kind: str, text: str) -> None:
    ss["_sc_notice"] = (kind, text)


def _apply_inputs(inputs: ScenarioInputs, *, county_code: str | None = None, first_year: int | None = None,
                  snapshot: dict | None = None, exclude: dict | None = None, note: str | None = None) -> None:
    """Show ``inputs`` in the widgets (call from a callback or before the widgets are drawn)."""
    for key, value in sv.state_from_inputs(inputs).items():
        ss[key] = value
    ss["_sc_base"] = inputs
    if county_code in county_by_code():
        ss["sc_county"] = county_code
    if first_year is not None and first_year in ss.get("_sc_year_options", []):
        ss["sc_first_year"] = first_year
    ss["_sc_ctx"] = {"code": ss.get("sc_county"), "first_year": ss.get("sc_first_year"),
                     "snapshot": snapshot, "exclude": exclude}
    ss["_sc_start_note"] = note


def _apply_scenario_dict(data: dict, first_year: int | None, source_key: str) -> None:
    """Apply a validated scenario dict (saved, link, file). Its county section is used as saved (a snapshot) when
    it names a Jiangsu county; else the selected county's warehouse data is used."""
    sf = scenario_from_dict(data)
    if sf.inputs is None:
        raise InputError("inputs", "缺少 inputs 部分", "no inputs section")
    snapshot, code = None, None
    if sf.county is not None and sf.county.code in county_by_code():
        snapshot, code = asdict(sf.county), sf.county.code
    _apply_inputs(sf.inputs, county_code=code, first_year=first_year, snapshot=snapshot)
    ss["sc_start"] = sv.BLANK
    _set_notice("success", t(source_key, name=sf.inputs.project_name))


def _on_start_change() -> None:
    pid = ss.get("sc_start")
    fy = ss.get("sc_first_year")
    if pid == sv.BLANK or pid is None:
        _apply_inputs(sv.blank_inputs(), note=None)
        return
    projects = data.query("county_projects", county_code=ss.get("sc_county"))
    match = projects[projects["project_id"] == pid] if len(projects) else projects
    if not len(match):
        return
    row = match.iloc[0].to_dict()
    inputs, note = sv.inputs_from_project(row, int(fy))
    exclude = row if sv.payment_of(row)[0] > 0 else None
    _apply_inputs(inputs, exclude=exclude, note=note)


def _on_balance() -> None:
    ss["sc_share_budget"] = sv.balanced_budget_share(ss)


def _on_load_saved() -> None:
    sid = ss.get("sc_saved_pick")
    if sid is None:
        return
    try:
        saved = store.load(sid)
        _apply_scenario_dict(saved.scenario, saved.first_year, "scenarios.loaded_saved")
    except store.StoreError as exc:
        _set_notice("error", exc.message(ss.get("_lang", "zh")))
    except InputError as exc:
        _set_notice("error", sv.error_text(exc))


def _on_delete_saved() -> None:
    sid = ss.get("sc_saved_pick")
    if sid is None:
        return
    try:
        store.delete(sid)
        ss["sc_compare"] = [x for x in ss.get("sc_compare", []) if x != sid]
        _set_notice("info", t("scenarios.deleted"))
    except store.StoreError as exc:
        _set_notice("error", exc.message(ss.get("_lang", "zh")))


def _on_upload() -> None:
    f = ss.get("sc_upload")
    if f is None:
        return
    try:
        data = sv.parse_scenario_json(f.getvalue())
        _apply_scenario_dict(data, None, "scenarios.loaded_file")
        ss["_sc_import_msg"] = None
    except InputError as exc:
        ss["_sc_import_msg"] = t("scenarios.import_failed", error=sv.error_text(exc))


def _init_state(filters: shell.Filters, years_row: dict | None) -> None:
    ss["_sc_year_options"] = sv.first_year_options(years_row)
    if ss.get("sc_first_year") not in ss["_sc_year_options"]:
        ss["sc_first_year"] = sv.default_first_year(years_row)
        if ss["sc_first_year"] not in ss["_sc_year_options"]:
            ss["sc_first_year"] = ss["_sc_year_options"][0]
    codes = _county_codes()
    # the global filter's county (when one is chosen) becomes the scenario county
    if filters.county_code and filters.county_code != ss.get("_sc_filter_county"):
        ss["sc_county"] = filters.county_code
    ss["_sc_filter_county"] = filters.county_code
    if ss.get("sc_county") not in codes:
        in_city = [c for c in codes if filters.city_code and county_by_code()[c].city_code == filters.city_code]
        ss["sc_county"] = (in_city or codes)[0]
    if "sc_project_name" not in ss:  # first visit: the blank template
        for key, value in sv.state_from_inputs(sv.blank_inputs()).items():
            ss.setdefault(key, value)
    ss.setdefault("_sc_base", sv.blank_inputs())


def _restore_from_url() -> None:
    token = st.query_params.get(sv.SHARE_PARAM)
    if not token or token == ss.get("_sc_token"):
        return
    ss["_sc_token"] = token
    try:
        data, year = sv.decode_share(token)
        _apply_scenario_dict(data, year, "scenarios.loaded_link")
    except InputError as exc:
        _set_notice("error", t("scenarios.link_failed", error=sv.error_text(exc)))


# ==================================================================================================== widgets
def _num(key: str, step: float | int, fmt: str | None = None, help_key: str | None = None, **kw) -> None:
    f = sv.FIELD_BY_KEY[key]
    st.number_input(t(f.label), key=key, step=step, format=fmt, help=t(help_key) if help_key else None,
                    persist_state=PERSIST, **kw)


def _pct_slider(key: str, help_key: str | None = None) -> None:
    f = sv.FIELD_BY_KEY[key]
    st.slider(t(f.label), 0.0, 100.0, step=1.0, format="%.0f%%", key=key, help=t(help_key) if help_key else None,
              persist_state=PERSIST)


def _check(key: str, help_key: str | None = None) -> None:
    st.checkbox(t(sv.FIELD_BY_KEY[key].label), key=key, help=t(help_key) if help_key else None, persist_state=PERSIST)


def _choice(key: str, fmt) -> None:
    st.selectbox(t(sv.FIELD_BY_KEY[key].label), sv.CHOICES[key], key=key, format_func=fmt, persist_state=PERSIST)


def _inputs_panel(lang: str, base: ScenarioInputs) -> float:
    """All input widgets (left column). Returns the running total of the financing shares (%)."""
    with st.expander(t("scenarios.sec.investment"), expanded=True, icon=":material/construction:"):
        st.text_input(t("scenarios.f.project_name"), key="sc_project_name", persist_state=PERSIST, max_chars=80)
        c1, c2 = st.columns(2)
        with c1:
            _choice("sc_project_type", lambda k: sv.zh_en(sv.PROJECT_TYPES[k], lang))
            _num("sc_total_investment", 100.0, "%.1f")
        with c2:
            _num("sc_construction_years", 1, disabled=bool(base.phases))
            _num("sc_horizon_years", 1, help_key="scenarios.help.horizon")
        _check("sc_strongly_public", "scenarios.help.strongly_public")
        if base.phases:
            st.caption(t("scenarios.phases_note", n=len(base.phases)))

    total = sv.shares_total_pct(ss)
    with st.expander(t("scenarios.sec.mix"), expanded=True, icon=":material/pie_chart:"):
        for f in sv.SHARE_FIELDS:
            _pct_slider(f.key)
        total = sv.shares_total_pct(ss)
        if sv.shares_ok(total):
            st.markdown(f":green[**{t('scenarios.shares_total', total=f'{total:.0f}')}** ✓]")
        else:
            st.markdown(f":red[**{t('scenarios.shares_total', total=f'{total:.0f}')}** ✗]")
            st.error(t("scenarios.shares_bad", total=f"{total:.1f}"), icon=":material/error:")
            st.button(t("scenarios.balance"), on_click=_on_balance, key="sc_balance_btn", icon=":material/balance:")

    with st.expander(t("scenarios.sec.terms"), expanded=False, icon=":material/percent:"):
        tb, tl, tf, ta = st.tabs([t("scenarios.short.special_bond"), t("scenarios.short.subsidized_loan"),
                                  t("scenarios.short.franchise"), t("scenarios.short.abs")])
        with tb:
            c1, c2 = st.columns(2)
            with c1:
                _num("sc_bond_rate", 0.05, "%.2f")
                _num("sc_bond_grace", 1)
            with c2:
                _num("sc_bond_tenor", 1)
                _choice("sc_bond_repayment", lambda k: t(f"scenarios.repayment.{k}", lang=lang))
        with tl:
            c1, c2 = st.columns(2)
            with c1:
                _num("sc_loan_rate", 0.05, "%.2f")
                _num("sc_loan_subsidy_years", 1)
                _num("sc_loan_grace", 1)
            with c2:
                _num("sc_loan_subsidy_rate", 0.05, "%.2f")
                _num("sc_loan_tenor", 1)
            _check("sc_loan_gov_repays")
        with tf:
            c1, c2 = st.columns(2)
            with c1:
                _choice("sc_fr_model", str)
                _num("sc_fr_debt_rate", 0.05, "%.2f")
                _num("sc_fr_debt_grace", 1)
                _num("sc_fr_subsidy_growth", 0.5, "%.1f")
            with c2:
                _num("sc_fr_term", 1, help_key="scenarios.help.fr_term")
                _num("sc_fr_debt_tenor", 1)
                _num("sc_fr_subsidy", 10.0, "%.1f", help_key="scenarios.help.fr_subsidy")
            _pct_slider("sc_fr_equity", "scenarios.help.fr_equity")
            st.caption(t("scenarios.fr_flags"))
            _check("sc_fr_gov_payment")
            _check("sc_fr_vgf")
            _check("sc_fr_guaranteed")
        with ta:
            c1, c2 = st.columns(2)
            with c1:
                _num("sc_abs_coupon", 0.05, "%.2f")
                _num("sc_abs_grace", 1)
            with c2:
                _num("sc_abs_tenor", 1)
                _num("sc_abs_advance", 5.0, "%.0f")

    with st.expander(t("scenarios.sec.revenue"), expanded=False, icon=":material/payments:"):
        c1, c2 = st.columns(2)
        with c1:
            _num("sc_user_fees", 10.0, "%.1f")
            _num("sc_opex", 10.0, "%.1f")
            _num("sc_discount_rate", 0.05, "%.2f")
        with c2:
            _num("sc_fee_growth", 0.5, "%.1f")
            _num("sc_opex_growth", 0.5, "%.1f")

    with st.expander(t("scenarios.sec.legacy"), expanded=bool(ss.get("sc_legacy_on")), icon=":material/history:"):
        _check("sc_legacy_on", "scenarios.help.legacy")
        if ss.get("sc_legacy_on"):  # hidden fields keep their values for the session (persist_state)
            c1, c2 = st.columns(2)
            with c1:
                _num("sc_lg_cost", 100.0, "%.1f")
                _num("sc_lg_discount", 0.05, "%.2f")
                _num("sc_lg_opex", 10.0, "%.1f")
                _num("sc_lg_start", 1)
            with c2:
                _num("sc_lg_profit", 0.05, "%.2f")
                _num("sc_lg_years", 1)
                _num("sc_lg_fees", 10.0, "%.1f")
                st.selectbox(t("scenarios.f.lg_mode"), sv.CHOICES["sc_lg_mode"], key="sc_lg_mode",
                             format_func=lambda k: t(f"scenarios.payment_mode.{k}", lang=lang), persist_state=PERSIST)
    return total


# ==================================================================================================== results
# KPI cards sit four to a row in the results column: a smaller value font than the full-width cards.
_KPI_CSS = """<style>
.st-key-sc_kpis .gov-kpi > div:nth-child(2) { font-size: 1.6rem !important; }
.st-key-sc_kpis .gov-kpi > div:nth-child(3) { font-size: 0.9rem !important; color: #5f6368 !important; }
.st-key-sc_kpis .gov-kpi { min-height: 8.6rem; }
</style>"""


def _kpis(c: sv.Computed, lang: str) -> None:
    cards = sv.kpi_cards(c, lang)
    st.html(_KPI_CSS)
    with st.container(key="sc_kpis"):
        for row in (cards[:4], cards[4:]):
            cols = st.columns(4)
            for col, card in zip(cols, row):
                charts.kpi_card(card["label"], card["value"], card["note"], card["status"], container=col)


def _verdict(c: sv.Computed, lang: str) -> None:
    v = sv.verdict(c.checks)
    if v["ok"]:
        text = t("scenarios.verdict_ok")
        if v["warnings"]:
            text += " " + t("scenarios.verdict_warnings",
                            rules="、".join(t(f"scenarios.rule.{r}") for r in v["warnings"]))
        st.success(text, icon=":material/check_circle:")
    else:
        st.error(t("scenarios.verdict_fail", n=len(v["errors"]),
                   rules="、".join(t(f"scenarios.rule.{r}") for r in v["errors"])), icon=":material/cancel:")


def _rules(c: sv.Computed, lang: str) -> None:
    rows = sv.rule_rows(c.checks, lang)
    applicable = [r for r in rows if r["status"] != "na"]
    na = [r for r in rows if r["status"] == "na"]
    color = {"ok": "green", "fail": "red"}
    lines = []
    for r in applicable:
        sev = "" if r["status"] == "ok" else (" · " + t(f"scenarios.severity.{r['severity']}"))
        lines.append(f":{color[r['status']]}[**{r['icon']} {r['name']}**{sev}] — {r['message']}  \n"
                     f":gray[{t('scenarios.reference', ref=r['reference'])}]")
    with st.container(border=True, key="sc_rules"):
        st.markdown(f"**{t('scenarios.rules_heading')}**")
        st.markdown("\n\n".join(lines) if lines else t("scenarios.no_rules"))
        if na:
            with st.expander(t("scenarios.rules_na", n=len(na))):
                st.markdown("\n\n".join(f":gray[{r['icon']} **{r['name']}** — {r['message']}]" for r in na))


def _results(c: sv.Computed, lang: str) -> float:
    """Draw the results; returns the seconds spent on figures."""
    _verdict(c, lang)
    _kpis(c, lang)
    t0 = time.perf_counter()
    metric = ss.get("sc_tornado_metric", sv.TORNADO_METRICS[0])
    figs = sv.result_figures(c, metric, lang)
    fig_seconds = time.perf_counter() - t0
    t_out, t_share, t_cf, t_sens = st.tabs([t("scenarios.tab.outlay"), t("scenarios.tab.obligation"),
                                            t("scenarios.tab.cashflow"), t("scenarios.tab.tornado")])
    with t_out:
        charts.plotly_chart(figs["outlay"], key="sc_fig_outlay")
        st.caption(t("scenarios.outlay_note"))
    with t_share:
        charts.plotly_chart(figs["obligation"], key="sc_fig_obligation")
        st.caption(t("scenarios.obligation_note"))
    with t_cf:
        charts.plotly_chart(figs["cashflow"], key="sc_fig_cashflow")
    with t_sens:
        st.radio(t("scenarios.tornado_metric"), sv.TORNADO_METRICS, key="sc_tornado_metric", horizontal=True,
                 format_func=lambda m: t(f"scenarios.fig.metric.{m}", lang=lang), persist_state=PERSIST)
        charts.plotly_chart(figs["tornado"], key="sc_fig_tornado")
    _rules(c, lang)
    return fig_seconds


# ==================================================================================================== management
def _share_url(token: str) -> str:
    params = {**shell.nav_params(), sv.SHARE_PARAM: token}
    base = ""
    try:
        base = (st.context.url or "").split("?")[0]
    except Exception:  # noqa: BLE001 - st.context.url is unavailable outside a browser session
        base = ""
    return f"{base}?{urlencode(params)}"


def _item_from_saved(cs: store.ComparedScenario, fallback_year: int, lang: str) -> sv.CompareItem:
    label = cs.saved.name
    if cs.result is None:
        return sv.CompareItem(label, None, sv.error_text(cs.error, lang) if cs.error else None)
    sf = scenario_from_dict(cs.saved.scenario)
    comp = sv.Computed(sf.inputs, cs.county, cs.saved.first_year or fallback_year, cs.result, cs.checks)
    return sv.CompareItem(label, comp)


def _management(current: sv.Computed | None, lang: str) -> None:
    st.subheader(t("scenarios.manage_heading"))
    tab_save, tab_cmp, tab_share = st.tabs([t("scenarios.tab.save"), t("scenarios.tab.compare"),
                                            t("scenarios.tab.share")])
    with tab_save:
        left, right = st.columns([2, 3])
        with left:
            if "sc_save_name" not in ss:
                ss["sc_save_name"] = ""
            st.text_input(t("scenarios.save_name"), key="sc_save_name", max_chars=store.NAME_MAX,
                          placeholder=t("scenarios.save_placeholder"))
            st.checkbox(t("scenarios.save_replace"), key="sc_save_replace")
            if st.button(t("scenarios.save"), type="primary", key="sc_save_btn", icon=":material/save:",
                         disabled=current is None):
                if current is None:
                    st.error(t("scenarios.save_invalid"))
                else:
                    try:
                        saved = store.save(ss.get("sc_save_name") or current.inputs.project_name,
                                           scenario_to_dict(current.inputs, current.county),
                                           county_code=current.county.code, county_name=current.county.name,
                                           first_year=current.first_year, replace=bool(ss.get("sc_save_replace")))
                        st.success(t("scenarios.saved", name=saved.name), icon=":material/check:")
                    except store.StoreError as exc:
                        st.error(exc.message(lang))
                    except InputError as exc:
                        st.error(t("scenarios.save_failed", error=sv.error_text(exc, lang)))
            if current is None:
                st.caption(t("scenarios.save_invalid"))
        with right:
            try:
                saved_list = _saved_list(str(store.user_db_path()), store.version())
            except store.StoreError as exc:
                st.error(exc.message(lang))
                saved_list = []
            ss["_sc_saved_names"] = {s.scenario_id: s for s in saved_list}
            if not saved_list:
                st.info(t("scenarios.none_saved"), icon=":material/info:")
            else:
                ids = [s.scenario_id for s in saved_list]
                if ss.get("sc_saved_pick") not in ids:
                    ss["sc_saved_pick"] = ids[0]
                names = dict(ss["_sc_saved_names"])
                st.selectbox(t("scenarios.saved_pick"), ids, key="sc_saved_pick",
                             format_func=lambda i: _saved_label(names.get(i)))
                b1, b2, _ = st.columns([1, 1, 2])
                with b1:
                    st.button(t("scenarios.load"), key="sc_load_btn", on_click=_on_load_saved,
                              icon=":material/upload:")
                with b2:
                    st.button(t("scenarios.delete"), key="sc_delete_btn", on_click=_on_delete_saved,
                              icon=":material/delete:")
                st.dataframe(
                    [{t("scenarios.col.name"): s.name, t("scenarios.cmp.county"): s.county_name or s.county_code,
                      t("scenarios.cmp.first_year"): s.first_year,
                      t("scenarios.col.created_at"): _fmt_created(s.created_at)} for s in saved_list],
                    hide_index=True, width="stretch", height=min(40 + 36 * len(saved_list), 300))

    with tab_cmp:
        saved_by_id = ss.get("_sc_saved_names", {})
        options = ["current", *saved_by_id.keys()]
        ss["sc_compare"] = [x for x in ss.get("sc_compare", []) if x in options]
        st.multiselect(t("scenarios.compare_pick"), options, key="sc_compare", max_selections=sv.MAX_COMPARE,
                       format_func=lambda i: t("scenarios.current", lang=lang) if i == "current"
                       else _saved_label(saved_by_id.get(i)), placeholder=t("scenarios.compare_placeholder"))
        picked = ss.get("sc_compare", [])
        if not picked:
            st.caption(t("scenarios.compare_hint"))
        else:
            items: list[sv.CompareItem] = []
            try:
                ids = tuple(p for p in picked if p != "current")
                compared = {cs.saved.scenario_id: cs for cs in _compared(str(store.user_db_path()), store.version(), ids)}
            except store.StoreError as exc:
                st.error(exc.message(lang))
                compared = {}
            for p in picked:
                if p == "current":
                    items.append(sv.CompareItem(t("scenarios.current"), current,
                                                None if current else t("scenarios.save_invalid")))
                elif p in compared:
                    items.append(_item_from_saved(compared[p], ss.get("sc_first_year"), lang))
            table = sv.compare_table(items, lang)
            st.dataframe(table, width="stretch", height=38 * (len(table) + 1) + 6)
            c1, c2 = st.columns(2)
            with c1:
                charts.plotly_chart(sv.compare_figure(items, lang), key="sc_fig_compare")
            with c2:
                charts.plotly_chart(sv.compare_share_figure(items, lang), key="sc_fig_compare_share")

    with tab_share:
        c1, c2 = st.columns(2)
        with c1:
            st.markdown(f"**{t('scenarios.share_heading')}**")
            if current is None:
                st.caption(t("scenarios.save_invalid"))
            else:
                st.caption(t("scenarios.share_note"))
                st.code(_share_url(ss.get("_sc_token") or ""), language=None, wrap_lines=False)
                st.download_button(
                    t("scenarios.export"), data=sv.scenario_json_bytes(current.inputs, current.county),
                    file_name=f"{sv.file_slug(current.inputs.project_name)}.scenario.json", mime="application/json",
                    key="sc_export_btn", on_click="ignore", icon=":material/download:")
        with c2:
            st.markdown(f"**{t('scenarios.import_heading')}**")
            st.file_uploader(t("scenarios.import"), type=["json"], key="sc_upload", on_change=_on_upload,
                             help=t("scenarios.import_help"), max_upload_size=2)
            msg = ss.get("_sc_import_msg")
            if msg:
                st.error(msg, icon=":material/error:")


@st.cache_data(show_spinner=False, max_entries=8)
def _saved_list(path: str, version: int) -> list[store.SavedScenario]:
    """The saved scenarios, re-read only after a save/delete (``store.version``) — not on every slider move."""
    return store.list_scenarios(path)


@st.cache_data(show_spinner=False, max_entries=16)
def _compared(path: str, version: int, ids: tuple[int, ...]) -> list[store.ComparedScenario]:
    return store.compare(list(ids), path)


def _saved_label(s: store.SavedScenario | None) -> str:
    if s is None:
        return "?"
    where = s.county_name or s.county_code or ""
    return f"{s.name} · {where}" if where else s.name


def _fmt_created(value) -> str:
    return sv.fmt_saved_at(value)


# ==================================================================================================== page
filters = shell.page_setup("scenarios")
lang = filters.lang
st.title(t("page.scenarios"))
st.caption(t("scenarios.intro"))

years_df = data.query("budget_years")
years_row = years_df.iloc[0].to_dict() if len(years_df) else None
_init_state(filters, years_row)
_restore_from_url()

notice = ss.pop("_sc_notice", None)
if notice:
    getattr(st, notice[0])(notice[1])

# ---------------------------------------------------------------- county, first year, starting point
codes = _county_codes()
c1, c2, c3 = st.columns([2, 1, 3])
with c1:
    st.selectbox(t("scenarios.county"), codes, key="sc_county", format_func=lambda c: _county_label(c, lang),
                 persist_state=PERSIST)
with c2:
    st.selectbox(t("scenarios.first_year"), ss["_sc_year_options"], key="sc_first_year", persist_state=PERSIST,
                 help=t("scenarios.help.first_year"))
county_code = ss["sc_county"]
first_year = int(ss["sc_first_year"])
projects = data.query("county_projects", county_code=county_code)
project_rows = {r["project_id"]: r for r in projects.to_dict("records")} if len(projects) else {}
start_options = [sv.BLANK, *project_rows]
if ss.get("sc_start") not in start_options:
    ss["sc_start"] = sv.BLANK


def _start_label(pid: str) -> str:
    if pid == sv.BLANK:
        return t("scenarios.start_blank", lang=lang)
    r = project_rows.get(pid)
    if r is None:
        return str(pid)
    return f"{r['name']} · {value_label(r['model'], lang=lang)} · {fmt_wan_yuan(r['total_investment'], lang=lang)}"


with c3:
    st.selectbox(t("scenarios.start_from"), start_options, key="sc_start", format_func=_start_label,
                 on_change=_on_start_change, help=t("scenarios.help.start_from"))

# ---------------------------------------------------------------- county context (warehouse, or a loaded snapshot)
spec = ss.get("_sc_ctx") or {}
same = spec.get("code") == county_code and spec.get("first_year") == first_year
county_name = county_by_code()[county_code].name
context_notes = []
if same and spec.get("snapshot"):
    county = CountyContext(**spec["snapshot"])
    context_notes.append(t("scenarios.ctx_snapshot"))
else:
    fiscal = data.query("county_fiscal_context", county_code=county_code, first_year=first_year)
    exclude = spec.get("exclude") if same else None
    county = sv.county_context(fiscal, county_code, county_name, exclude)
    if county.gpb_expenditure:
        kinds = "/".join(dict.fromkeys(value_label(k) for k in fiscal["budget_kind"]))
        context_notes.append(t("scenarios.ctx_warehouse", first=first_year,
                               last=first_year + len(county.gpb_expenditure) - 1, kinds=kinds))
    if exclude:
        context_notes.append(t("scenarios.ctx_excluded", name=exclude.get("name", ""),
                               amount=fmt_wan_yuan(exclude.get("annual_gov_payment"))))
note_key = ss.get("_sc_start_note")
if note_key and ss.get("sc_start") != sv.BLANK:
    context_notes.append(t(note_key))
context_notes.append(t("scenarios.year_one", year=first_year))
if context_notes:
    st.caption(" ".join(context_notes))

# ---------------------------------------------------------------- inputs | results
base: ScenarioInputs = ss.get("_sc_base") or sv.blank_inputs()
left, right = st.columns([5, 7], gap="large")
with left:
    total_pct = _inputs_panel(lang, base)

computed: sv.Computed | None = None
with right:
    t_start = time.perf_counter()
    if not sv.shares_ok(total_pct):
        st.warning(t("scenarios.fix_shares", total=f"{total_pct:.1f}"), icon=":material/warning:")
    else:
        inputs = sv.inputs_from_state(ss, base)
        try:
            computed = sv.compute(inputs, county, first_year)
        except InputError as exc:
            st.error(sv.error_text(exc, lang), icon=":material/error:")
            st.caption(t("scenarios.no_compute"))
    fig_s = 0.0
    if computed is not None:
        fig_s = _results(computed, lang)
        st.caption(t("scenarios.timing", model=f"{computed.seconds * 1000:.0f}", figures=f"{fig_s * 1000:.0f}"))
        df, labels = sv.year_table(computed, lang)
        with st.expander(t("scenarios.year_table")):
            st.dataframe(df.rename(columns=labels), hide_index=True, width="stretch", height=320)
            downloads.download_buttons(df, "financing_scenario", labels, key="sc_dl")

# the URL carries the current scenario (copy it to share); restored on load
if computed is not None:
    token = sv.encode_share(scenario_to_dict(computed.inputs, computed.county), computed.first_year)
    if st.query_params.get(sv.SHARE_PARAM) != token:
        st.query_params[sv.SHARE_PARAM] = token
    ss["_sc_token"] = token

st.divider()
_management(computed, lang)
ss["_sc_timing"] = {  # milliseconds of this run (tests and the speed report read it)
    "model": (computed.seconds if computed else 0.0) * 1000, "figures": fig_s * 1000,
    "page_wall": (time.perf_counter() - _RUN_T0) * 1000, "page_cpu": (time.thread_time() - _RUN_C0) * 1000,
}
