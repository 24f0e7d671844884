"""Session state of 融资情景模拟 (pages/scenarios.py): every input widget is keyed (``core.finance.form.FIELDS``)
and persists for the session; loading a scenario (a library project, a saved scenario, a ``?sc=`` link, a file)
writes the widget state in a callback or before the widgets are drawn.

Private keys: ``_sc_base`` (the loaded ScenarioInputs: fields without a widget come from it), ``_sc_ctx`` (which
county context the loaded scenario brings: {"code", "first_year", "snapshot", "exclude"}), ``_sc_notice`` (a
message for the next run), ``_sc_token`` (the scenario in the URL), ``_sc_year_options``, ``_sc_start_note``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from governance.app import auth, data, shell
from governance.app.safe_text import plain
from governance.core.finance import InputError, ScenarioInputs, scenario_from_dict, scenario_to_dict, store
from governance.core.finance.county import default_first_year, first_year_options
from governance.core.finance.evaluation import Computed
from governance.core.finance.form import balanced_budget_share, error_text, state_from_inputs
from governance.core.finance.prefill import blank_inputs, exclusion_for, inputs_from_project
from governance.core.finance.share_link import SHARE_PARAM, decode_share, encode_share, parse_scenario_json
from governance.core.regions import county_by_code
from governance.i18n import region_name, t

BLANK = "__blank__"  # the starting-point option "blank template"
ss = st.session_state


# ==================================================================================================== county
def county_codes() -> list[str]:
    """The counties the signed-in account may model (all of them for the province and demo visitors)."""
    scope = auth.current_scope()
    return sorted(c for c in county_by_code() if scope is not None and scope.contains(c))


def county_label(code: str, lang: str) -> str:
    c = county_by_code().get(code)
    if c is None:
        return code
    return f"{region_name(c.city_code, lang=lang)} · {c.name}"


def county_name(code: str) -> str:
    return county_by_code()[code].name


def start_options(projects: pd.DataFrame) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """Options of the starting-point box (blank, then the county's projects) and the project rows by id; a
    choice no longer offered (another county) falls back to blank."""
    rows = {r["project_id"]: r for r in projects.to_dict("records")} if len(projects) else {}
    options = [BLANK, *rows]
    if ss.get("sc_start") not in options:
        ss["sc_start"] = BLANK
    return options, rows


def start_note() -> str | None:
    """The i18n key of how the chosen library project was turned into inputs (None for the blank template)."""
    return ss.get("_sc_start_note") if ss.get("sc_start") != BLANK else None


# ==================================================================================================== loading
def _set_notice(kind: str, text: str) -> None:
    ss["_sc_notice"] = (kind, text)


def _apply_inputs(inputs: ScenarioInputs, *, county_code: str | None = None, first_year: int | None = None,
                  snapshot: dict | None = None, exclude: Mapping[str, Any] | None = None,
                  note: str | None = None) -> None:
    """Show ``inputs`` in the widgets (call from a callback or before the widgets are drawn)."""
    for key, value in state_from_inputs(inputs).items():
        ss[key] = value
    ss["_sc_base"] = inputs
    if county_code in county_codes():
        ss["sc_county"] = county_code
    if first_year is not None and first_year in ss.get("_sc_year_options", []):
        ss["sc_first_year"] = first_year
    ss["_sc_ctx"] = {"code": ss.get("sc_county"), "first_year": ss.get("sc_first_year"),
                     "snapshot": snapshot, "exclude": exclude}
    ss["_sc_start_note"] = note


def _apply_scenario_dict(scenario: dict, first_year: int | None, source_key: str) -> None:
    """Apply a validated scenario dict (saved, link, file). Its county section is used as saved (a snapshot) when
    it names a Jiangsu county; else the selected county's warehouse data is used."""
    sf = scenario_from_dict(scenario)
    if sf.inputs is None:
        raise InputError("inputs", "缺少 inputs 部分", "no inputs section")
    snapshot, code = None, None
    if sf.county is not None and sf.county.code in county_codes():
        snapshot, code = asdict(sf.county), sf.county.code
    _apply_inputs(sf.inputs, county_code=code, first_year=first_year, snapshot=snapshot)
    ss["sc_start"] = BLANK
    _set_notice("success", t(source_key, name=plain(sf.inputs.project_name)))  # names come from links and files


def init(filters: shell.Filters, years_row: Mapping[str, Any] | None) -> None:
    """First-year options and choice, the county (the global filter's county when one is chosen), and the blank
    template on a first visit."""
    ss["_sc_year_options"] = first_year_options(years_row)
    if ss.get("sc_first_year") not in ss["_sc_year_options"]:
        ss["sc_first_year"] = default_first_year(years_row)
        if ss["sc_first_year"] not in ss["_sc_year_options"]:
            ss["sc_first_year"] = ss["_sc_year_options"][0]
    codes = county_codes()
    if filters.county_code and filters.county_code != ss.get("_sc_filter_county"):
        ss["sc_county"] = filters.county_code
    ss["_sc_filter_county"] = filters.county_code
    if ss.get("sc_county") not in codes:
        in_city = [c for c in codes if filters.city_code and county_by_code()[c].city_code == filters.city_code]
        ss["sc_county"] = (in_city or codes)[0]
    if "sc_project_name" not in ss:  # first visit: the blank template
        for key, value in state_from_inputs(blank_inputs()).items():
            ss.setdefault(key, value)
    ss.setdefault("_sc_base", blank_inputs())


def restore_from_url() -> None:
    """A ``?sc=`` link opened (once per token): its scenario in the widgets, or a message naming what is wrong."""
    token = st.query_params.get(SHARE_PARAM)
    if not token or token == ss.get("_sc_token"):
        return
    ss["_sc_token"] = token
    try:
        scenario, year = decode_share(token)
        _apply_scenario_dict(scenario, year, "scenarios.loaded_link")
    except InputError as exc:
        _set_notice("error", t("scenarios.link_failed", error=plain(error_text(exc))))


def base_inputs() -> ScenarioInputs:
    """The loaded scenario behind the widgets (fields without a widget come from it)."""
    return ss.get("_sc_base") or blank_inputs()


# ==================================================================================================== callbacks
def on_start_change() -> None:
    pid = ss.get("sc_start")
    fy = ss.get("sc_first_year")
    if pid == BLANK or pid is None:
        _apply_inputs(blank_inputs(), note=None)
        return
    projects = data.query("county_projects", county_code=ss.get("sc_county"))
    match = projects[projects["project_id"] == pid] if len(projects) else projects
    if not len(match):
        return
    row = match.iloc[0].to_dict()
    inputs, note = inputs_from_project(row, int(fy))
    _apply_inputs(inputs, exclude=exclusion_for(row), note=note)


def on_balance() -> None:
    ss["sc_share_budget"] = balanced_budget_share(ss)


def on_load_saved() -> None:
    sid = ss.get("sc_saved_pick")
    if sid is None:
        return
    try:
        saved = store.load(sid)
        _apply_scenario_dict(saved.scenario, saved.first_year, "scenarios.loaded_saved")
    except store.StoreError as exc:
        _set_notice("error", plain(exc.message(ss.get("_lang", "zh"))))
    except InputError as exc:
        _set_notice("error", plain(error_text(exc)))


def on_delete_saved() -> None:
    sid = ss.get("sc_saved_pick")
    if sid is None or not auth.can("save_scenario"):
        return
    try:
        store.delete(sid)
        ss["sc_compare"] = [x for x in ss.get("sc_compare", []) if x != sid]
        _set_notice("info", t("scenarios.deleted"))
    except store.StoreError as exc:
        _set_notice("error", plain(exc.message(ss.get("_lang", "zh"))))


def on_upload() -> None:
    f = ss.get("sc_upload")
    if f is None:
        return
    try:
        scenario = parse_scenario_json(f.getvalue())
        _apply_scenario_dict(scenario, None, "scenarios.loaded_file")
        ss["_sc_import_msg"] = None
    except InputError as exc:
        ss["_sc_import_msg"] = t("scenarios.import_failed", error=plain(error_text(exc)))


# ==================================================================================================== the URL
def publish(computed: Computed | None) -> None:
    """The URL carries the current scenario (copy it to share); restored on load."""
    if computed is None:
        return
    token = encode_share(scenario_to_dict(computed.inputs, computed.county), computed.first_year)
    if st.query_params.get(SHARE_PARAM) != token:
        st.query_params[SHARE_PARAM] = token
    ss["_sc_token"] = token


def share_url(token: str) -> str:
    params = {**shell.nav_params(), SHARE_PARAM: token}
    base = ""
    try:
        base = (st.context.url or "").split("?")[0]
    except Exception:  # noqa: BLE001 - st.context.url is unavailable outside a browser session
        base = ""
    return f"{base}?{urlencode(params)}"
