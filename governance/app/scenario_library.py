"""The scenario library of 融资情景模拟 (pages/scenarios.py): save, load and delete scenarios (the user database,
``core.finance.store``), compare up to three side by side, share a link, export and import a scenario file.

The saved list and the recomputed comparisons are cached by the store's version: re-read after a save or delete,
not on every slider move.
"""

from __future__ import annotations

import streamlit as st

from governance.app import auth
from governance.app.safe_text import plain
from governance.app.scenario_state import on_delete_saved, on_load_saved, on_upload, share_url
from governance.app.views.scenarios import (
    MAX_COMPARE,
    CompareItem,
    compare_item_from_saved,
    compare_panel,
    saved_label,
    saved_table,
)
from governance.core.finance import InputError, scenario_to_dict, store
from governance.core.finance.evaluation import Computed
from governance.core.finance.form import error_text
from governance.core.finance.share_link import file_slug, scenario_json_bytes
from governance.i18n import t

ss = st.session_state


@st.cache_data(show_spinner=False, max_entries=8)
def _saved_list(path: str, version: int) -> list[store.SavedScenario]:
    """The saved scenarios, re-read only after a save/delete (``store.version``) — not on every slider move."""
    return store.list_scenarios(path)


@st.cache_data(show_spinner=False, max_entries=16)
def _compared(path: str, version: int, ids: tuple[int, ...]) -> list[store.ComparedScenario]:
    return store.compare(list(ids), path)


def management_panel(current: Computed | None, lang: str) -> None:
    """Tabs: save and load, compare, share / export / import. ``current``: the scenario on screen (None when its
    inputs are invalid: nothing to save, share or export)."""
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
            may_save = auth.can("save_scenario")  # planners and data administrators: the store is shared
            if st.button(t("scenarios.save"), type="primary", key="sc_save_btn", icon=":material/save:",
                         disabled=current is None or not may_save) and may_save:
                if current is None:
                    st.error(t("scenarios.save_invalid"))
                else:
                    try:
                        saved = store.save(ss.get("sc_save_name") or current.inputs.project_name,
                                           scenario_to_dict(current.inputs, current.county),
                                           county_code=current.county.code, county_name=current.county.name,
                                           first_year=current.first_year, replace=bool(ss.get("sc_save_replace")))
                        st.success(t("scenarios.saved", name=plain(saved.name)), icon=":material/check:")
                    except store.StoreError as exc:
                        st.error(plain(exc.message(lang)))
                    except InputError as exc:
                        st.error(t("scenarios.save_failed", error=plain(error_text(exc, lang))))
            if not may_save:
                st.caption(t("auth.save_needs_planner"))
            elif current is None:
                st.caption(t("scenarios.save_invalid"))
        with right:
            try:
                saved_list = _saved_list(str(store.user_db_path()), store.version())
            except store.StoreError as exc:
                st.error(exc.message(lang))
                saved_list = []
            scope = auth.current_scope()  # other counties' saved scenarios stay out of a city or county account's view
            saved_list = [s for s in saved_list if scope is not None and (scope.is_province or (
                s.county_code is not None and scope.contains(s.county_code)))]
            ss["_sc_saved_names"] = {s.scenario_id: s for s in saved_list}
            if not saved_list:
                st.info(t("scenarios.none_saved"), icon=":material/info:")
            else:
                ids = [s.scenario_id for s in saved_list]
                if ss.get("sc_saved_pick") not in ids:
                    ss["sc_saved_pick"] = ids[0]
                names = dict(ss["_sc_saved_names"])
                st.selectbox(t("scenarios.saved_pick"), ids, key="sc_saved_pick",
                             format_func=lambda i: saved_label(names.get(i)))
                b1, b2, _ = st.columns([1, 1, 2])
                with b1:
                    st.button(t("scenarios.load"), key="sc_load_btn", on_click=on_load_saved,
                              icon=":material/upload:")
                with b2:
                    st.button(t("scenarios.delete"), key="sc_delete_btn", on_click=on_delete_saved,
                              icon=":material/delete:", disabled=not may_save)
                st.dataframe(saved_table(saved_list), hide_index=True, width="stretch",
                             height=min(40 + 36 * len(saved_list), 300))

    with tab_cmp:
        saved_by_id = ss.get("_sc_saved_names", {})
        options = ["current", *saved_by_id.keys()]
        ss["sc_compare"] = [x for x in ss.get("sc_compare", []) if x in options]
        st.multiselect(t("scenarios.compare_pick"), options, key="sc_compare", max_selections=MAX_COMPARE,
                       format_func=lambda i: t("scenarios.current", lang=lang) if i == "current"
                       else saved_label(saved_by_id.get(i)), placeholder=t("scenarios.compare_placeholder"))
        picked = ss.get("sc_compare", [])
        if not picked:
            st.caption(t("scenarios.compare_hint"))
        else:
            items: list[CompareItem] = []
            try:
                ids = tuple(p for p in picked if p != "current")
                compared = {cs.saved.scenario_id: cs
                            for cs in _compared(str(store.user_db_path()), store.version(), ids)}
            except store.StoreError as exc:
                st.error(exc.message(lang))
                compared = {}
            for p in picked:
                if p == "current":
                    items.append(CompareItem(t("scenarios.current"), current,
                                             None if current else t("scenarios.save_invalid")))
                elif p in compared:
                    items.append(compare_item_from_saved(compared[p], ss.get("sc_first_year"), lang))
            compare_panel(items, lang)

    with tab_share:
        c1, c2 = st.columns(2)
        with c1:
            st.markdown(f"**{t('scenarios.share_heading')}**")
            if current is None:
                st.caption(t("scenarios.save_invalid"))
            else:
                st.caption(t("scenarios.share_note"))
                st.code(share_url(ss.get("_sc_token") or ""), language=None, wrap_lines=False)
                st.download_button(
                    t("scenarios.export"), data=scenario_json_bytes(current.inputs, current.county),
                    file_name=f"{file_slug(current.inputs.project_name)}.scenario.json", mime="application/json",
                    key="sc_export_btn", on_click="ignore", icon=":material/download:")
        with c2:
            st.markdown(f"**{t('scenarios.import_heading')}**")
            st.file_uploader(t("scenarios.import"), type=["json"], key="sc_upload", on_change=on_upload,
                             help=t("scenarios.import_help"), max_upload_size=2)
            msg = ss.get("_sc_import_msg")
            if msg:
                st.error(msg, icon=":material/error:")

