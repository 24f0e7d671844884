"""融资情景模拟 / Financing scenarios: try financing mixes for a project in one county and see, live, the
government outlay, the county's 10 % / 5 % red lines (财金〔2015〕21号) and the 2023 PPP rules (国办函〔2023〕115号).

Layout only. The model and everything that does not draw: governance.core.finance (``county`` the fiscal context,
``prefill`` starting points, ``form`` widget values ↔ inputs, ``evaluation`` compute, ``share_link`` ?sc= and files,
``store`` saved scenarios). Session state and callbacks: governance.app.scenario_state; the input column:
governance.app.scenario_inputs; save / compare / share: governance.app.scenario_library; figures, cards, rules and
tables: governance.app.views.scenarios.
"""

from __future__ import annotations

import time

import streamlit as st

from governance.app import data, shell
from governance.app import scenario_state as state
from governance.app.scenario_inputs import inputs_panel
from governance.app.scenario_library import management_panel
from governance.app.views import scenarios as view
from governance.core.finance import InputError
from governance.core.finance.county import county_context, loaded_context
from governance.core.finance.evaluation import Computed, compute
from governance.core.finance.form import error_text, inputs_from_state, shares_ok
from governance.i18n import t

PERSIST = view.PERSIST
ss = st.session_state
_RUN_T0, _RUN_C0 = time.perf_counter(), time.thread_time()  # this page run's server time (reported in _sc_timing)

filters = shell.page_setup("scenarios")
lang = filters.lang
st.title(t("page.scenarios"))
st.caption(t("scenarios.intro"))

years = data.query("budget_years")
state.init(filters, years.iloc[0].to_dict() if len(years) else None)
state.restore_from_url()
view.notice(ss.pop("_sc_notice", None))

# ---------------------------------------------------------------- county, first year, starting point
c1, c2, c3 = st.columns([2, 1, 3])
with c1:
    st.selectbox(t("scenarios.county"), state.county_codes(), key="sc_county",
                 format_func=lambda c: state.county_label(c, lang), persist_state=PERSIST)
with c2:
    st.selectbox(t("scenarios.first_year"), ss["_sc_year_options"], key="sc_first_year", persist_state=PERSIST,
                 help=t("scenarios.help.first_year"))
county_code, first_year = ss["sc_county"], int(ss["sc_first_year"])
start_options, project_rows = state.start_options(data.query("county_projects", county_code=county_code))
with c3:
    st.selectbox(t("scenarios.start_from"), start_options, key="sc_start", on_change=state.on_start_change,
                 format_func=lambda pid: view.start_label(pid, project_rows, state.BLANK, lang),
                 help=t("scenarios.help.start_from"))

# ---------------------------------------------------------------- county context (a loaded snapshot, or the warehouse)
county, exclude = loaded_context(ss.get("_sc_ctx"), county_code, first_year)
fiscal = None
if county is None:
    fiscal = data.query("county_fiscal_context", county_code=county_code, first_year=first_year)
    county = county_context(fiscal, county_code, state.county_name(county_code), exclude)
view.context_caption(county, fiscal, first_year, exclude, state.start_note())

# ---------------------------------------------------------------- inputs | results
base = state.base_inputs()
left, right = st.columns([5, 7], gap="large")
with left:
    total_pct = inputs_panel(lang, base)

computed: Computed | None = None
fig_s = 0.0
with right:
    if not shares_ok(total_pct):
        st.warning(t("scenarios.fix_shares", total=f"{total_pct:.1f}"), icon=":material/warning:")
    else:
        try:
            computed = compute(inputs_from_state(ss, base), county, first_year)
        except InputError as exc:
            st.error(error_text(exc, lang), icon=":material/error:")
            st.caption(t("scenarios.no_compute"))
    if computed is not None:
        fig_s = view.results(computed, lang)
state.publish(computed)

st.divider()
management_panel(computed, lang)
ss["_sc_timing"] = {  # milliseconds of this run (tests and the speed report read it)
    "model": (computed.seconds if computed else 0.0) * 1000, "figures": fig_s * 1000,
    "page_wall": (time.perf_counter() - _RUN_T0) * 1000, "page_cpu": (time.thread_time() - _RUN_C0) * 1000,
}
