"""The input column of 融资情景模拟 (pages/scenarios.py): project and construction, financing mix (with its running
total and a one-click balance), instrument terms, operating revenue and cost, an existing PPP's 21号 stream.

Every widget is keyed by its ``core.finance.form.FIELDS`` entry and keeps its value for the session
(``persist_state``); ``core.finance.form.inputs_from_state`` turns the values into ``ScenarioInputs``.
"""

from __future__ import annotations

import streamlit as st

from governance.app.scenario_state import on_balance
from governance.app.views.scenarios import PERSIST, zh_en
from governance.core.finance import PROJECT_TYPES, ScenarioInputs
from governance.core.finance.form import CHOICES, FIELD_BY_KEY, SHARE_FIELDS, shares_ok, shares_total_pct
from governance.i18n import t

ss = st.session_state


def _num(key: str, step: float | int, fmt: str | None = None, help_key: str | None = None, **kw) -> None:
    f = FIELD_BY_KEY[key]
    st.number_input(t(f.label), key=key, step=step, format=fmt, help=t(help_key) if help_key else None,
                    persist_state=PERSIST, **kw)


def _pct_slider(key: str, help_key: str | None = None) -> None:
    f = FIELD_BY_KEY[key]
    st.slider(t(f.label), 0.0, 100.0, step=1.0, format="%.0f%%", key=key, help=t(help_key) if help_key else None,
              persist_state=PERSIST)


def _check(key: str, help_key: str | None = None) -> None:
    st.checkbox(t(FIELD_BY_KEY[key].label), key=key, help=t(help_key) if help_key else None, persist_state=PERSIST)


def _choice(key: str, fmt) -> None:
    st.selectbox(t(FIELD_BY_KEY[key].label), CHOICES[key], key=key, format_func=fmt, persist_state=PERSIST)


def inputs_panel(lang: str, base: ScenarioInputs) -> float:
    """All input widgets (left column). Returns the running total of the financing shares (%)."""
    with st.expander(t("scenarios.sec.investment"), expanded=True, icon=":material/construction:"):
        st.text_input(t("scenarios.f.project_name"), key="sc_project_name", persist_state=PERSIST, max_chars=80)
        c1, c2 = st.columns(2)
        with c1:
            _choice("sc_project_type", lambda k: zh_en(PROJECT_TYPES[k], lang))
            _num("sc_total_investment", 100.0, "%.1f")
        with c2:
            _num("sc_construction_years", 1, disabled=bool(base.phases))
            _num("sc_horizon_years", 1, help_key="scenarios.help.horizon")
        _check("sc_strongly_public", "scenarios.help.strongly_public")
        if base.phases:
            st.caption(t("scenarios.phases_note", n=len(base.phases)))

    total = shares_total_pct(ss)
    with st.expander(t("scenarios.sec.mix"), expanded=True, icon=":material/pie_chart:"):
        for f in SHARE_FIELDS:
            _pct_slider(f.key)
        total = shares_total_pct(ss)
        if shares_ok(total):
            st.markdown(f":green[**{t('scenarios.shares_total', total=f'{total:.0f}')}** ✓]")
        else:
            st.markdown(f":red[**{t('scenarios.shares_total', total=f'{total:.0f}')}** ✗]")
            st.error(t("scenarios.shares_bad", total=f"{total:.1f}"), icon=":material/error:")
            st.button(t("scenarios.balance"), on_click=on_balance, key="sc_balance_btn", icon=":material/balance:")

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
            # 115号 ownership (民营企业, not the capital ratio) and the 21号 obligations besides the subsidy
            c1, c2 = st.columns(2)
            with c1:
                _num("sc_fr_private_equity", 1.0, "%.0f", help_key="scenarios.help.fr_private_equity",
                     min_value=0.0, max_value=100.0, placeholder="—")
                _num("sc_fr_supporting", 100.0, "%.1f", help_key="scenarios.help.fr_supporting", min_value=0.0)
            with c2:
                _num("sc_fr_gov_equity", 1.0, "%.0f", help_key="scenarios.help.fr_gov_equity",
                     min_value=0.0, max_value=100.0)
                if ss.get("sc_fr_model") == "TOT":
                    _num("sc_fr_transfer_price", 100.0, "%.1f", help_key="scenarios.help.fr_transfer_price",
                         min_value=0.0)
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
                st.selectbox(t("scenarios.f.lg_mode"), CHOICES["sc_lg_mode"], key="sc_lg_mode",
                             format_func=lambda k: t(f"scenarios.payment_mode.{k}", lang=lang), persist_state=PERSIST)
    return total
