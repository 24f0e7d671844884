"""Presentation mode: ``?present=1`` on any page (or the sidebar's 展示模式 link) turns the app into a full-screen
playlist for a projector — headline KPIs → the map → alerts → the top innovation cases → a financing scenario.

* One screen at a time, no sidebar, header or toolbar; type sized for a room (headline numbers ≥ 40 px at
  1280×720 and 1920×1080, ``clamp()`` on the viewport width).
* Advances every ``interval`` seconds (URL ``interval=``, default 20) while not paused; a presenter's clicker
  (PageDown / PageUp) and → / ← move, Space pauses and resumes, Esc leaves (``st.button(shortcut=…)``).
  ``slide=<key>`` starts at a screen (the case library links to ``slide=case``).
* Fully offline: the map is a PNG drawn on the server (``briefs.mapimage``), no deck.gl, no tiles.
* The numbers are the overview's (``kpis_by_region`` → ``kpis.kpi_summary``), the alerts the rules engine's, the
  scenario the finance engine's result for ``examples/scenario_franchise.json``.

``shell.page_setup`` calls ``run(filters, info)`` when the URL asks for it; ``run`` never returns (``st.stop``).
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from governance import settings
from governance.app import alerts_panel, data
from governance.app.briefs import content as brief_content
from governance.app.safe_text import html_text
from governance.app.views import cases as case_view
from governance.core.indicators import kpis
from governance.core.months import shift_months
from governance.i18n import region_name, t
from governance.i18n.formats import fmt_month, fmt_pct, fmt_wan_yuan

_log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 20
STATE_KEY = "_present"
TOP_CASES = 3
TOP_ALERTS = 6
SCENARIO_FILE = settings.ROOT / "examples" / "scenario_franchise.json"

_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], .gov-banner { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container { padding: 1.0rem 2.4rem 0.4rem 2.4rem !important;
  max-width: 100% !important; }
.gov-present-title { font-size: clamp(28px, 2.6vw, 52px); font-weight: 700; color: #1f4e9c; margin: 0 0 0.6rem 0;
  line-height: 1.2; }
.gov-present-sub { font-size: clamp(16px, 1.2vw, 24px); color: #5f6368; margin-bottom: 0.8rem; }
.gov-present-grid { display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 1.1vw; }
.gov-present-card { border-left: 10px solid #9aa0a6; background: #ffffff; border-radius: 8px; padding: 1.0vw 1.1vw;
  box-shadow: 0 1px 4px rgba(0,0,0,0.15); }
.gov-present-label { font-size: clamp(16px, 1.3vw, 26px); color: #5f6368; line-height: 1.25; min-height: 2.5em; }
.gov-present-value { font-size: clamp(40px, 3.6vw, 76px); font-weight: 700; color: #1a1a1a; line-height: 1.15;
  white-space: nowrap; }
.gov-present-note { font-size: clamp(14px, 1.05vw, 21px); color: #1a1a1a; }
.gov-present-row { display: flex; gap: 2vw; align-items: flex-start; }
.gov-present-list { font-size: clamp(18px, 1.45vw, 30px); line-height: 1.45; }
.gov-present-big { font-size: clamp(40px, 4vw, 84px); font-weight: 700; line-height: 1.1; }
.gov-present-foot { font-size: clamp(12px, 0.85vw, 16px); color: #5f6368; margin-top: 0.4rem; }
.gov-present-map img { max-height: 70vh; max-width: 100%; }
div[data-testid="stButton"] button { font-size: clamp(13px, 0.9vw, 18px); }
</style>
"""


@dataclass(frozen=True)
class Screen:
    key: str
    draw: Callable[[], None]


# ============================================================================================ URL and state
def interval_seconds() -> int:
    """``interval=`` of the URL in seconds (5 … 600), default 20."""
    try:
        value = int(float(st.query_params.get("interval", DEFAULT_INTERVAL)))
    except (TypeError, ValueError):
        return DEFAULT_INTERVAL
    return min(600, max(5, value))


def _state(keys: list[str]) -> dict:
    state = st.session_state.get(STATE_KEY)
    if state is None or state.get("keys") != keys:
        start = st.query_params.get("slide")
        idx = keys.index(start) if start in keys else 0
        state = {"keys": keys, "idx": idx, "paused": False, "changed": time.monotonic()}
        st.session_state[STATE_KEY] = state
    return state


def _move(step: int) -> None:
    state = st.session_state[STATE_KEY]
    state["idx"] = (state["idx"] + step) % len(state["keys"])
    state["changed"] = time.monotonic()


def _toggle_pause() -> None:
    state = st.session_state[STATE_KEY]
    state["paused"] = not state["paused"]
    state["changed"] = time.monotonic()


# ============================================================================================ screens
def _esc(text: object) -> str:
    return html_text(text)  # tags and markdown neutralised, never a line break (governance/app/safe_text.py)


def _title(text: str, sub: str = "") -> None:
    st.markdown(f'<div class="gov-present-title" data-testid="gov-present-title">{_esc(text)}</div>'
                + (f'<div class="gov-present-sub">{_esc(sub)}</div>' if sub else ""), unsafe_allow_html=True)


def _period(filters) -> dict:
    return {"start_month": filters.start_month, "end_month": filters.end_month}


def _kpi_frames(filters):
    months = data.available_months()
    prev_start, prev_end = shift_months(filters.start_month, -12), shift_months(filters.end_month, -12)
    current = data.query("kpis_by_region", region=filters.region_code, group_level="self", **_period(filters))
    previous = None
    if months and prev_start >= months[0]:
        previous = data.query("kpis_by_region", region=filters.region_code, group_level="self",
                              start_month=prev_start, end_month=prev_end)
    return current, previous


def _groups(filters) -> tuple[pd.DataFrame, str]:
    if filters.region_level == "province":
        return data.query("kpis_by_region", region=filters.region_code, group_level="city", **_period(filters)), "city"
    return data.query("kpis_by_region", region=filters.city_code, group_level="county", **_period(filters)), "county"


def screen_kpis(filters) -> None:
    lang = filters.lang
    current, previous = _kpi_frames(filters)
    _title(t("present.slide.kpis", lang=lang), _subtitle(filters))
    if current.empty:
        st.info(t("common.no_data", lang=lang))
        return
    summary = kpis.kpi_summary(current, previous)
    cards = []
    for rec in summary.to_dict("records"):
        kpi = rec["kpi"]
        target = None if pd.isna(rec["target"]) else rec["target"]
        color = {"green": "#2e7d32", "amber": "#e6a100", "red": "#c62828"}.get(rec["status"], "#9aa0a6")
        cards.append(
            f'<div class="gov-present-card" data-testid="gov-present-kpi" data-kpi="{_esc(kpi)}" '
            f'data-status="{_esc(rec["status"])}" style="border-left-color:{color};">'
            f'<div class="gov-present-label">{_esc(kpis.kpi_label(kpi, lang))}</div>'
            f'<div class="gov-present-value" data-part="value">{_esc(kpis.fmt_kpi(kpi, rec["value"], lang))}</div>'
            f'<div class="gov-present-note">{_esc(kpis.target_text(kpi, target, lang))} · '
            f'{_esc(kpis.status_label(rec["status"], lang))}</div></div>')
    st.markdown(f'<div class="gov-present-grid">{"".join(cards)}</div>', unsafe_allow_html=True)


@st.cache_data(show_spinner=False, max_entries=64)
def _map_png(version: tuple | None, values: pd.DataFrame, level: str, kpi: str, lang: str, highlight: str | None) -> bytes:
    from governance.app.briefs.mapimage import choropleth_png
    return choropleth_png(values, level, lambda v: kpis.fmt_kpi(kpi, v, lang), kpis.higher_is_better(kpi),
                          no_data_label=t("overview.legend_no_data", lang=lang), highlight=highlight,
                          size=(1400, 1120))


def screen_map(filters) -> None:
    lang = filters.lang
    current, previous = _kpi_frames(filters)
    groups, level = _groups(filters)
    if current.empty or groups.empty:
        _title(t("present.slide.map", lang=lang, kpi=""))
        st.info(t("common.no_data", lang=lang))
        return
    summary = kpis.kpi_summary(current, previous)
    kpi = brief_content._map_kpi(summary, groups)
    values = kpis.map_values(groups, kpi, lang=lang)
    _title(t("present.slide.map", lang=lang, kpi=kpis.kpi_label(kpi, lang)), _subtitle(filters))
    png = _map_png(data.version(), values, level, kpi, lang, filters.county_code)
    ranked = kpis.ranked(groups, kpi, lang=lang)
    rows = "".join(
        f'<div><b>{int(r["rank"])}.</b> {_esc(r["name"])} <b>{_esc(r["value_text"])}</b> '
        f'<span style="color:{ {"green": "#2e7d32", "amber": "#a36f00", "red": "#c62828"}.get(r["status"], "#5f6368")}">'
        f'● {_esc(kpis.status_label(r["status"], lang))}</span></div>'
        for r in ranked.head(13).to_dict("records"))
    img = base64.b64encode(png).decode("ascii")
    st.markdown(f'<div class="gov-present-row"><div class="gov-present-map" style="flex:3;">'
                f'<img data-testid="gov-present-map" alt="" src="data:image/png;base64,{img}"/></div>'
                f'<div class="gov-present-list" style="flex:2;">{rows}</div></div>', unsafe_allow_html=True)


def screen_alerts(filters) -> None:
    lang = filters.lang
    _title(t("present.slide.alerts", lang=lang), _subtitle(filters))
    found = alerts_panel.evaluate_cached(filters.region_code, filters.start_month, filters.end_month, lang, None)
    if found is None or not len(found):
        st.markdown(f'<div class="gov-present-big" style="color:#2e7d32;">{_esc(t("present.no_alerts", lang=lang))}'
                    '</div>', unsafe_allow_html=True)
        return
    ordered = brief_content._severity_order(found)
    high = int((found["severity"] == "high").sum())
    head = (f'<div class="gov-present-row" style="margin-bottom:1rem;">'
            f'<div><div class="gov-present-big" data-testid="gov-present-alerts-total">{len(found)}</div>'
            f'<div class="gov-present-note">{_esc(t("overview.alerts", lang=lang, n=len(found), high=high))}</div></div>'
            f'<div><div class="gov-present-big" style="color:#c62828;">{high}</div>'
            f'<div class="gov-present-note">{_esc(t("brief.severity_high", lang=lang))}</div></div></div>')
    items = "".join(
        f'<div style="margin-bottom:0.3rem;"><span style="color:{"#c62828" if r["severity"] == "high" else "#a36f00"};'
        f'font-weight:700;">● {_esc(t("brief.severity_" + str(r["severity"]), lang=lang))}</span> '
        f'{_esc(r["county_name"])} · {_esc(r["message"])}</div>'
        for r in ordered.head(TOP_ALERTS).to_dict("records"))
    more = len(found) - min(len(found), TOP_ALERTS)
    tail = f'<div class="gov-present-note">{_esc(t("present.alerts_more", lang=lang, n=more))}</div>' if more else ""
    st.markdown(head + f'<div class="gov-present-list">{items}</div>' + tail, unsafe_allow_html=True)


def _top_cases(filters) -> list[dict]:
    cases = data.query("innovation_cases", region=filters.region_code)
    if cases is None or cases.empty:
        return []
    order = cases.sort_values(["replicability", "case_id"], ascending=[False, True], kind="mergesort")
    return order.head(TOP_CASES).to_dict("records")


def screen_case(filters, i: int) -> None:
    lang = filters.lang
    cases = _top_cases(filters)
    _title(t("present.slide.cases", lang=lang), f"{i + 1} / {max(len(cases), 1)} · {_subtitle(filters)}")
    if i >= len(cases):
        st.markdown(f'<div class="gov-present-list">{_esc(t("present.no_cases", lang=lang))}</div>',
                    unsafe_allow_html=True)
        return
    st.markdown(f'<div style="font-size:1.35rem;">{case_view.case_card_html(cases[i], lang=lang, large=True)}</div>',
                unsafe_allow_html=True)


@st.cache_data(show_spinner=False, max_entries=4)
def _scenario(path: str, mtime_ns: int) -> dict:
    from governance.core.finance.scenario_io import run_scenario_file
    return run_scenario_file(path)


def screen_scenario(filters) -> None:
    lang = filters.lang
    try:
        out = _scenario(str(SCENARIO_FILE), SCENARIO_FILE.stat().st_mtime_ns)
    except Exception:  # noqa: BLE001 - an optional screen never breaks the show
        _log.exception("presentation: scenario failed")
        out = None
    _title(t("present.slide.scenario", lang=lang))
    if not out or "summary" not in out:
        st.info(t("common.no_data", lang=lang))
        return
    s = out["summary"]
    county = (out.get("county") or {}).get("name", "")
    figures = [
        (t("present.sc_capex", lang=lang), fmt_wan_yuan(s.get("total_capex"), lang=lang)),
        (t("present.sc_pv_outlay", lang=lang), fmt_wan_yuan(s.get("pv_government_outlay"), lang=lang)),
        (t("present.sc_vfm", lang=lang), fmt_pct(100 * s["vfm_index"], lang=lang) if s.get("vfm_index") is not None
         else "—"),
        (t("present.sc_peak_share", lang=lang), fmt_pct(100 * s["max_share_with"], lang=lang)
         if s.get("max_share_with") is not None else "—"),
    ]
    cards = "".join(f'<div class="gov-present-card" style="border-left-color:#1f4e9c;">'
                    f'<div class="gov-present-label">{_esc(label)}</div>'
                    f'<div class="gov-present-value">{_esc(value)}</div></div>' for label, value in figures)
    verdict = out.get("verdict") or {}
    ok = bool(verdict.get("ok"))
    message = verdict.get("message_en" if lang == "en" else "message_zh") or ""
    st.markdown(
        f'<div class="gov-present-sub">{_esc(t("present.scenario_source", lang=lang, name=out.get("project_name", "")))}'
        f'{(" · " + _esc(county)) if county else ""}</div>'
        f'<div class="gov-present-grid" style="grid-template-columns:repeat(4,minmax(0,1fr));">{cards}</div>'
        f'<div class="gov-present-list" style="margin-top:1.2rem;color:{"#2e7d32" if ok else "#c62828"};">'
        f'{_esc(message)}</div>', unsafe_allow_html=True)


def _subtitle(filters) -> str:
    return (f"{region_name(filters.region_code, lang=filters.lang)} · {fmt_month(filters.start_month, filters.lang)}"
            f" – {fmt_month(filters.end_month, filters.lang)}")


def playlist(filters) -> list[Screen]:
    screens = [Screen("kpis", lambda: screen_kpis(filters)), Screen("map", lambda: screen_map(filters)),
               Screen("alerts", lambda: screen_alerts(filters))]
    n_cases = max(1, len(_top_cases(filters)))
    for i in range(n_cases):
        screens.append(Screen("case" if i == 0 else f"case{i + 1}", lambda i=i: screen_case(filters, i)))
    screens.append(Screen("scenario", lambda: screen_scenario(filters)))
    return screens


# ============================================================================================ the show
def run(filters, info: dict | None = None) -> None:
    """Draw the presentation instead of the page, then stop the script."""
    st.html(_CSS)
    screens = playlist(filters)
    interval = interval_seconds()
    state = _state([s.key for s in screens])
    notice = ""
    if info and bool(info.get("is_fictional")):
        notice = t("data.fictional_banner", lang=filters.lang, note=str(info.get(
            "note_en" if filters.lang == "en" else "note_zh") or t("data.fictional_default_note", lang=filters.lang)))

    @st.fragment(run_every=interval)
    def stage() -> None:
        now = time.monotonic()
        if not state["paused"] and now - state["changed"] >= interval - 0.5:  # the timer's run, not a key press
            state["idx"] = (state["idx"] + 1) % len(screens)
            state["changed"] = now
        screen = screens[state["idx"]]
        with st.container(key="gov_present_stage"):
            st.markdown(f'<div data-testid="gov-present" data-screen="{_esc(screen.key)}" '
                        f'data-index="{state["idx"]}" data-paused="{str(state["paused"]).lower()}"></div>',
                        unsafe_allow_html=True)
            try:
                screen.draw()
            except Exception:  # noqa: BLE001 - one broken screen must not stop a show on a projector
                _log.exception("presentation screen %s failed", screen.key)
                st.info(t("common.no_data", lang=filters.lang))
        lang = filters.lang
        cols = st.columns([1.3, 1.3, 0.8, 0.8, 1, 1, 3.6], vertical_alignment="center")
        cols[0].button(t("present.prev", lang=lang), key="present_prev", shortcut="PageUp", on_click=_move, args=(-1,),
                       icon=":material/chevron_left:", width="stretch")
        cols[1].button(t("present.next", lang=lang), key="present_next", shortcut="PageDown", on_click=_move,
                       args=(1,), icon=":material/chevron_right:", width="stretch")
        cols[2].button("←", key="present_left", shortcut="Left", on_click=_move, args=(-1,), width="stretch",
                       help=t("present.prev", lang=lang))
        cols[3].button("→", key="present_right", shortcut="Right", on_click=_move, args=(1,), width="stretch",
                       help=t("present.next", lang=lang))
        cols[4].button(t("present.play" if state["paused"] else "present.pause", lang=lang), key="present_pause",
                       shortcut="Space", on_click=_toggle_pause, width="stretch")
        leave = cols[5].button(t("present.exit", lang=lang), key="present_exit", shortcut="Escape", width="stretch")
        status = t("present.paused", lang=lang) if state["paused"] else t("present.every", lang=lang, s=interval)
        cols[6].markdown(f'<div class="gov-present-foot">{_esc(t("present.position", lang=lang, i=state["idx"] + 1, n=len(screens)))}'
                         f' · {_esc(status)}{(" · " + _esc(notice)) if notice else ""}</div>', unsafe_allow_html=True)
        if leave:
            for key in ("present", "interval", "slide"):
                if key in st.query_params:
                    del st.query_params[key]
            st.session_state.pop(STATE_KEY, None)
            st.rerun(scope="app")

    stage()
    st.stop()
