"""Streamlit shell shared by every page: ``page_setup()`` first, then ``data.query(...)`` for data.

URL state
---------
The global view lives in the URL query string and nowhere else: ``?region=320500&start=2025-11&end=2026-10&lang=zh``.

* ``page_setup`` reads the URL at the start of every run, validates it (unknown region -> province, months
  clamped to the warehouse's months, start after end -> swapped), copies the values into the sidebar widgets'
  session state, draws the widgets and writes the canonical values back to the URL (only keys that differ).
* A widget change runs its ``on_change`` callback before the rerun, which writes the new value into
  ``st.query_params``; the rerun then reads it back like any other URL. ``set_region(code)`` (map drill-down)
  does the same and reruns.
* ``st.page_link`` / ``st.switch_page`` clear all query params unless given ``query_params=``: the sidebar menu
  passes ``nav_params()`` (the four global keys), so filters survive page switches; page-specific params drop.
  Use ``switch_page(...)`` here instead of ``st.switch_page`` for the same reason.

Why not ``bind="query-params"`` (Streamlit 1.67): it stores a selectbox's *formatted label* in the URL
(``?city=苏州市`` / ``Suzhou`` depending on the language) and can't express one ``region`` code for a two-widget
cascade; a bound key also can't be set through ``st.query_params`` (the drill-down needs that).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from governance.app import auth, data
from governance.app.safe_text import html_text
from governance.core.months import shift_months
from governance.core.regions import (
    CITIES,
    PROVINCE_CODE,
    city_of,
    counties,
    region_level,
    valid_region,
)
from governance.core.scope import PROVINCE_SCOPE, RegionScope
from governance.i18n import (
    LANGS,
    SESSION_KEY,
    current_lang,
    normalise_lang,
    region_name,
    set_lang_provider,
    t,
)
from governance.i18n.formats import fmt_month, month_key, parse_month

_log = logging.getLogger(__name__)


# ==================================================================================================== pages
@dataclass(frozen=True)
class PageSpec:
    key: str  # catalog key page.<key>, URL path
    path: str  # relative to app.py
    icon: str
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "pages/overview.py", ":material/dashboard:", default=True),
    PageSpec("grid", "pages/grid.py", ":material/grid_on:"),
    PageSpec("funds", "pages/funds.py", ":material/account_balance:"),
    PageSpec("projects", "pages/projects.py", ":material/construction:"),
    PageSpec("elderly", "pages/elderly.py", ":material/elderly:"),
    PageSpec("community", "pages/community.py", ":material/recycling:"),
    PageSpec("cases", "pages/cases.py", ":material/lightbulb:"),
    PageSpec("scenarios", "pages/scenarios.py", ":material/calculate:"),
    PageSpec("data", "pages/data.py", ":material/database:"),
)
PAGE_BY_KEY = {p.key: p for p in PAGES}
CURRENT_PAGE_KEY = "_current_page"


def navigation_pages() -> list:
    """``st.Page`` objects for ``st.navigation`` in app.py, titled in the current language."""
    lang = init_language()
    return [
        st.Page(p.path, title=t(f"page.{p.key}", lang=lang), icon=p.icon, url_path=None if p.default else p.key,
                default=p.default)
        for p in PAGES
    ]


def page_key_of(page) -> str | None:
    url_path = getattr(page, "url_path", "") or ""
    if url_path in PAGE_BY_KEY:
        return url_path
    for p in PAGES:  # the default page has url_path ""
        if p.default:
            return p.key
    return None


# ==================================================================================================== language
def _session_lang() -> str | None:
    """The language of the running Streamlit session (session state, else the URL), None outside a run."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    lang = st.session_state.get(SESSION_KEY)
    return lang if lang is not None else st.query_params.get("lang")


set_lang_provider(_session_lang)


def init_language() -> str:
    """Language of this run from the URL (``lang``), stored in session state for ``governance.i18n.t``."""
    lang = normalise_lang(st.query_params.get("lang", "zh"))
    st.session_state[SESSION_KEY] = lang
    return lang


def _on_lang_change() -> None:
    lang = normalise_lang(st.session_state.get("flt_lang"))
    st.session_state[SESSION_KEY] = lang
    st.query_params["lang"] = lang


# ==================================================================================================== filters
@dataclass(frozen=True)
class Filters:
    """The global view of a page run (all pages read it from ``page_setup()``)."""

    region_code: str  # 320000 / city / county code
    region_level: str  # 'province' | 'city' | 'county'
    city_code: str | None  # the city of a city or county view
    start_month: dt.date  # first day of the first month
    end_month: dt.date  # first day of the last month (inclusive)
    lang: str  # 'zh' | 'en'
    county_code: str | None = None
    data_ready: bool = False  # the warehouse exists and has months

    @property
    def region_name(self) -> str:
        return region_name(self.region_code, lang=self.lang)

    @property
    def n_months(self) -> int:
        return (self.end_month.year - self.start_month.year) * 12 + self.end_month.month - self.start_month.month + 1

    def params(self) -> dict:
        """Parameters for ``data.query(name, **filters.params())``: $region (= region_code, the queries' name),
        $region_code, $region_level, $city_code, $county_code, $start_month, $end_month (DATE, first of month).
        run_query binds only those a query uses; add page-specific ones: ``data.query(n, **f.params(), limit=10)``."""
        return {
            "region": self.region_code,
            "region_code": self.region_code,
            "region_level": self.region_level,
            "city_code": self.city_code,
            "county_code": self.county_code,
            "start_month": self.start_month,
            "end_month": self.end_month,
        }


URL_KEYS = ("region", "start", "end", "lang")


def url_params_for(region: str, start: dt.date | None, end: dt.date | None, lang: str) -> dict[str, str]:
    out = {"region": region}
    if start and end:
        out["start"], out["end"] = month_key(start), month_key(end)
    out["lang"] = lang
    return out


def default_period(months: list[dt.date], n: int = 12) -> tuple[dt.date, dt.date]:
    return months[max(0, len(months) - n)], months[-1]


def resolve_url_state(qp: dict, months: list[dt.date]) -> tuple[str, dt.date | None, dt.date | None, str]:
    """Validated (region, start, end, lang) from raw URL values (pure; unit-testable)."""
    region = valid_region(qp.get("region"))
    lang = normalise_lang(qp.get("lang") or "zh")
    if not months:
        return region, None, None, lang
    d_start, d_end = default_period(months)
    start, end = parse_month(qp.get("start")), parse_month(qp.get("end"))
    start = min(max(start, months[0]), months[-1]) if start else d_start
    end = min(max(end, months[0]), months[-1]) if end else d_end
    if start > end:
        start, end = end, start
    return region, start, end, lang


def _fallback_period() -> tuple[dt.date, dt.date]:
    today = dt.date.today().replace(day=1)
    end = (today - dt.timedelta(days=1)).replace(day=1)
    start = shift_months(end, -11)
    return start, end


def _on_city_change() -> None:
    st.query_params["region"] = valid_region(st.session_state.get("flt_city"))


def _on_county_change() -> None:
    county = st.session_state.get("flt_county") or ""
    st.query_params["region"] = valid_region(county or st.session_state.get("flt_city"))


def _on_period_change(which: str) -> None:
    start = parse_month(st.session_state.get("flt_start"))
    end = parse_month(st.session_state.get("flt_end"))
    if start and end and start > end:  # keep the period ordered: move the other end
        if which == "start":
            end = start
        else:
            start = end
    if start:
        st.query_params["start"] = month_key(start)
    if end:
        st.query_params["end"] = month_key(end)


def set_region(code: str, rerun: bool = True) -> None:
    """Drill down / up to a region (map click…): the URL follows and the page reruns with the new filters.
    Call ``set_region(code, rerun=False)`` inside a widget callback (callbacks rerun anyway)."""
    st.query_params["region"] = valid_region(code)
    if rerun:
        st.rerun()


def nav_params() -> dict[str, str]:
    """The global query params of the current view (what page links carry over)."""
    return {k: st.query_params[k] for k in URL_KEYS if k in st.query_params}


def switch_page(page_key_or_path: str) -> None:
    """``st.switch_page`` that keeps the global filters in the URL."""
    spec = PAGE_BY_KEY.get(page_key_or_path)
    st.switch_page(spec.path if spec else page_key_or_path, query_params=nav_params())


def _write_url(params: dict[str, str]) -> None:
    for k in URL_KEYS:
        if k in params:
            if st.query_params.get(k) != params[k]:
                st.query_params[k] = params[k]
        elif k in st.query_params:
            del st.query_params[k]


def _region_widgets(region: str, lang: str, scope: RegionScope = PROVINCE_SCOPE) -> None:
    """City and county selectboxes offering only regions inside the account's scope."""
    city = city_of(region) or PROVINCE_CODE
    county = region if region_level(region) == "county" else ""
    st.session_state["flt_city"] = city
    st.session_state["flt_county"] = county
    if scope.level == "county":  # one county: nothing to choose, its names shown for orientation
        st.selectbox(t("filter.city"), [city], key="flt_city", disabled=True,
                     format_func=lambda c: region_name(c, lang=lang))
        st.selectbox(t("filter.county"), [scope.region_code], key="flt_county", disabled=True,
                     format_func=lambda c: region_name(c, lang=lang))
        return
    city_options = [PROVINCE_CODE] + [c.code for c in CITIES] if scope.is_province else [scope.region_code]
    st.selectbox(
        t("filter.city"), city_options, key="flt_city", on_change=_on_city_change, disabled=not scope.is_province,
        format_func=lambda c: t("filter.all_province", lang=lang) if c == PROVINCE_CODE else region_name(c, lang=lang),
    )
    if city == PROVINCE_CODE:
        st.selectbox(t("filter.county"), [""], key="flt_county", disabled=True,
                     format_func=lambda _: t("filter.all_county_disabled", lang=lang))
    else:
        county_options = [""] + [c.code for c in counties() if c.city_code == city]
        st.selectbox(
            t("filter.county"), county_options, key="flt_county", on_change=_on_county_change,
            format_func=lambda c: t("filter.all_city", lang=lang) if c == "" else region_name(c, lang=lang),
        )


def _period_widgets(months: list[dt.date], start: dt.date, end: dt.date, lang: str) -> None:
    keys = [month_key(m) for m in months]
    st.session_state["flt_start"] = month_key(start)
    st.session_state["flt_end"] = month_key(end)
    # stacked, not in two columns: the sidebar is too narrow for "2025年11月" twice side by side
    st.selectbox(t("filter.start"), keys, key="flt_start", format_func=lambda m: fmt_month(m, lang=lang),
                 on_change=_on_period_change, args=("start",))
    st.selectbox(t("filter.end"), keys, key="flt_end", format_func=lambda m: fmt_month(m, lang=lang),
                 on_change=_on_period_change, args=("end",))


def is_phone() -> bool:
    """Whether the browser says it is a phone (User-Agent 'Mobile' / 'Android' / 'iPhone'): maps then fit their
    view to a phone's width, which the server cannot measure."""
    try:
        agent = st.context.headers.get("User-Agent", "") or ""
    except Exception:  # noqa: BLE001 - no request context (AppTest, bare runs)
        return False
    return any(token in agent for token in ("Mobile", "Android", "iPhone"))


def empty_state(key: str = "common.no_data", **fmt) -> None:
    """The standard 'no data' message."""
    st.info(t(key, **fmt), icon=":material/info:")


# ==================================================================================================== page setup
_CSS = """
<style>
/* compact sidebar menu; projector-friendly banner */
section[data-testid="stSidebar"] [data-testid="stPageLink"] a { padding-top: 0.15rem; padding-bottom: 0.15rem; }
.gov-banner { border-left: 6px solid #e6a100; background: #fff8e1; color: #1a1a1a; padding: 0.35rem 0.8rem;
              border-radius: 4px; font-size: 0.95rem; margin-bottom: 0.4rem; }
.gov-fresh { color: #5f6368; font-size: 0.85rem; }
/* KPI cards: five per row, two on a phone; a phone also gets smaller values and tighter margins */
.gov-kpi-grid { display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 0.75rem; margin-bottom: 0.6rem; }
@media (max-width: 640px) {
  .gov-kpi-grid { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0.5rem; }
  .gov-kpi [data-part="value"] { font-size: 1.6rem !important; }
  [data-testid="stMainBlockContainer"] { padding-left: 0.8rem !important; padding-right: 0.8rem !important; }
}
</style>
"""


def _fmt_built_at(value: object) -> str | None:
    if value is None:
        return None
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        return str(value)
    if pd.isna(ts):
        return None
    if ts.tzinfo is None:  # dataset_info.built_at is UTC; show Beijing time
        ts = ts.tz_localize("UTC")
    return ts.tz_convert(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")


def _fmt_sources(value: object) -> str:
    text = str(value).strip() if value is not None and not (isinstance(value, float) and pd.isna(value)) else ""
    if not text:
        return t("data.sources_generated")
    items = [s.strip() for s in text.replace(";", ",").split(",") if s.strip()]
    sep = ", " if current_lang() == "en" else "、"
    if len(items) > 2:
        return t("data.sources_more", first=sep.join(Path(s).name for s in items[:2]), n=len(items) - 2)
    return sep.join(Path(s).name for s in items) or text


def freshness_text(info: dict | None) -> str:
    """'数据构建于 2026-11-26 21:30 · 来源 …' (Beijing time)."""
    if not info:
        return t("data.freshness_unknown")
    built = _fmt_built_at(info.get("built_at"))
    if not built:
        return t("data.freshness_unknown")
    return t("data.freshness", built_at=built, sources=_fmt_sources(info.get("source_files")))


def _banner(info: dict | None, lang: str) -> None:
    if not info or not bool(info.get("is_fictional")):
        return
    note = info.get("note_en" if lang == "en" else "note_zh")
    note = str(note).strip() if isinstance(note, str) and note.strip() else t("data.fictional_default_note")
    st.markdown(
        f'<div class="gov-banner" data-testid="gov-fictional-banner">'
        f'{html_text(t("data.fictional_banner", note=note))}'
        f' <span class="gov-fresh">· {html_text(freshness_text(info))}</span></div>',
        unsafe_allow_html=True,
    )


def current_page_key() -> str | None:
    return st.session_state.get(CURRENT_PAGE_KEY)


def page_setup(page_key: str | None = None) -> Filters:
    """Call first on every page: language, sidebar (menu, language, filters, data freshness), warehouse check,
    fictional-data banner. Returns the global ``Filters`` of this run."""
    lang = init_language()
    page_key = page_key or current_page_key()
    app_title = t("app.title")
    # layout repeated here: a fresh server whose first run is not the default page otherwise renders centred
    st.set_page_config(page_title=f"{t(f'page.{page_key}')} · {app_title}" if page_key in PAGE_BY_KEY else app_title,
                       layout="wide")
    st.html(_CSS)
    auth.gate()  # login mode without an account: the sign-in form, and the run stops here

    ready = data.ensure_warehouse()
    data.notice_if_updated()  # "数据已更新": an import or rebuild landed since this session's last run
    info = data.dataset_info() if ready else None
    months = data.available_months(info) if info else []

    qp = {k: st.query_params.get(k) for k in URL_KEYS}
    region, start, end, lang = resolve_url_state(qp, months)
    scope = auth.current_scope() or PROVINCE_SCOPE
    region = scope.clamp(region)  # a county account opening ?region=320000 gets its own county
    _write_url(url_params_for(region, start, end, lang))
    if st.query_params.get("present") == "1" and months:  # presentation mode takes over any page (never returns)
        from governance.app import present
        level = region_level(region)
        present.run(Filters(region_code=region, region_level=level, city_code=city_of(region), start_month=start,
                            end_month=end, lang=lang, county_code=region if level == "county" else None,
                            data_ready=True), info)

    with st.sidebar:
        st.markdown(f"### {app_title}")
        st.session_state["flt_lang"] = lang
        st.radio(t("app.language"), list(LANGS), key="flt_lang", horizontal=True, on_change=_on_lang_change,
                 format_func=lambda code: t(f"app.lang_{code}", lang=lang), label_visibility="collapsed")
        st.caption(t("app.menu"))
        links = nav_params()
        for p in PAGES:
            st.page_link(p.path, label=t(f"page.{p.key}"), icon=p.icon, query_params=links, width="stretch")
        st.page_link(PAGE_BY_KEY.get(page_key, PAGES[0]).path, label=t("present.button"), icon=":material/slideshow:",
                     query_params={**links, "present": "1"}, help=t("present.button_help"), width="stretch")
        st.divider()
        st.caption(t("filter.heading"))
        _region_widgets(region, lang, scope)
        if months:
            _period_widgets(months, start, end, lang)
        else:
            st.caption(t("filter.no_months"))
        st.divider()
        st.markdown(f'<div class="gov-fresh">{html_text(freshness_text(info))}</div>', unsafe_allow_html=True)
        if months:
            months_text = t("data.months_range", first=fmt_month(months[0]), latest=fmt_month(months[-1]))
            st.markdown(f'<div class="gov-fresh">{html_text(months_text)}</div>', unsafe_allow_html=True)
        auth.account_sidebar()
        auth.emit_pending_cookie()

    _banner(info, lang)

    if start is None or end is None:
        start, end = _fallback_period()
    level = region_level(region)
    return Filters(
        region_code=region,
        region_level=level,
        city_code=city_of(region),
        start_month=start,
        end_month=end,
        lang=lang,
        county_code=region if level == "county" else None,
        data_ready=bool(months),
    )


__all__ = [
    "PAGES", "PageSpec", "Filters", "page_setup", "navigation_pages",
    "init_language", "set_region", "nav_params", "switch_page", "empty_state", "freshness_text", "resolve_url_state",
]
