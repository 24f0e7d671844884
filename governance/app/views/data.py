"""Panels of the 数据与导入 page (pages/data.py): what is loaded, the dictionary, blank templates, the import flow
(upload → preview → 确认导入), the stored imports with undo, and the quarantine notice.

Everything that came from a file (names, notes, problems, values) is shown in tables or ``st.text``, never as
markdown. Who may import is decided in one place, ``can_import()``.
"""

from __future__ import annotations

import logging
import tempfile
from decimal import Decimal
from pathlib import Path

import pandas as pd
import streamlit as st

from governance.app import auth, data, downloads
from governance.app.safe_text import plain
from governance.core import warehouse
from governance.core.warehouse.datasets import DATASET_BY_NAME, all_schemas, dictionary_frame
from governance.core.warehouse.reading import IMPORT_LIMITS
from governance.core.warehouse.templates import template_bytes
from governance.i18n import current_lang, t
from governance.i18n.formats import fmt_count, fmt_month

_log = logging.getLogger(__name__)
SAMPLE_ROWS = 20
WEB_WRITE_WAIT = 30.0  # seconds a page waits for another writer before telling the user to retry
_PREVIEW = "_import_preview"
_RESULT = "_import_result"
_NONCE = "_import_nonce"
AUTO = ""  # the dataset selector's "recognise from the header" option


def can_import() -> bool:
    """May this session import or undo? Only a signed-in data administrator (governance/app/auth.py)."""
    return auth.can("import")


def _label_of(name: str) -> str:
    return f"{name} · {all_schemas()[name].label_zh}"


# ---------------------------------------------------------------------------------------------- what is loaded

def dataset_panel(info: dict, counts: pd.DataFrame) -> None:
    st.subheader(t("data.info_header"))
    c1, c2, c3 = st.columns([3, 2, 4])  # build time and period must not be cut off
    c1.metric(t("data.built_at"), str(info.get("built_at"))[:16])
    c2.metric(t("data.scale"), f"{info.get('scale'):g}" if info.get("scale") is not None else "—")
    c3.metric(t("data.period"), f"{fmt_month(info.get('first_month'))} – {fmt_month(info.get('latest_month'))}")
    st.text(info.get("note_zh") if current_lang() == "zh" else info.get("note_en"))
    with st.expander(t("data.sources")):
        st.text(str(info.get("source_files") or ""))
    st.subheader(t("data.tables_header"))
    if not counts.empty:
        counts = counts.assign(comment=counts["comment"].str.split("|").str[0],
                               row_count=counts["row_count"].map(fmt_count))
        st.dataframe(counts.rename(columns={"table_name": t("data.col_table"), "row_count": t("data.col_rows"),
                                            "comment": t("data.col_comment")}), hide_index=True, width="stretch")


def dictionary_panel() -> None:
    st.subheader(t("data.dictionary_header"))
    schemas = all_schemas()
    table = st.selectbox(t("data.dictionary_table"), sorted(schemas), key="dict_table",
                         format_func=lambda n: f"{n} · {schemas[n].label_zh}")
    dic = dictionary_frame()
    dic = dic[dic.table == table].drop(columns=["table", "table_label"])
    labels = {"column": t("data.col_column"), "type": t("data.col_type"), "required": t("data.col_required"),
              "label": t("data.col_label"), "unit": t("data.col_unit"), "description": t("data.col_description")}
    st.caption(schemas[table].description)
    st.dataframe(dic.rename(columns=labels), hide_index=True, width="stretch")
    downloads.download_buttons(dictionary_frame(), "data_dictionary", key="dl_dictionary")


@st.cache_data(show_spinner=False, max_entries=16)
def _template(dataset: str) -> bytes:
    return template_bytes(dataset)


def templates_panel() -> None:
    st.subheader(t("data.templates_header"))
    st.caption(t("data.templates_help"))
    c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
    dataset = c1.selectbox(t("data.template_dataset"), list(DATASET_BY_NAME), key="tpl_dataset", format_func=_label_of)
    c2.download_button(t("data.template_button"), data=lambda: _template(dataset),
                       file_name=f"模板_{all_schemas()[dataset].label_zh}_{dataset}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="tpl_download", on_click="ignore", icon=":material/download:")


# ---------------------------------------------------------------------------------------------- import

def _issues_table(exc: warehouse.ValidationError) -> None:
    lang = current_lang()
    st.error(t("data.import_failed"), icon=":material/error:")
    st.dataframe(pd.DataFrame([{t("data.col_file"): i.file, t("data.col_row"): i.row, t("data.col_column"): i.column,
                                t("data.col_value"): i.value, t("data.col_problem"): i.text(lang)}
                               for i in exc.issues]), hide_index=True, width="stretch", key="import_issues")
    if exc.truncated:
        st.caption(t("data.import_more_issues", n=exc.truncated))


def _notes_table(notes: list) -> pd.DataFrame:
    lang = current_lang()
    return pd.DataFrame([{t("data.col_row"): "" if n.row is None else str(n.row), t("data.col_column"): n.column or "",
                          t("data.col_note"): n.text(lang)} for n in notes])


def _as_stored(sample: pd.DataFrame) -> pd.DataFrame:
    """The sample as text showing every stored digit (a table widget would round 70012.34567 to 70012.3457)."""
    def text(v) -> str:
        if v is None or v is pd.NA or (isinstance(v, float) and v != v) or v is pd.NaT:
            return ""
        if isinstance(v, float):
            return format(Decimal(repr(v)).normalize(), "f")
        if isinstance(v, pd.Timestamp):
            return v.date().isoformat() if v == v.normalize() else v.isoformat(sep=" ")
        return str(v)
    return sample.astype(object).map(text)


def _with_upload(upload, fn):
    """Run ``fn(path)`` on the uploaded bytes saved under the upload's own file name (messages name it)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / (Path(upload.name).name or "upload")
        path.write_bytes(upload.getvalue())
        return fn(path)


def _preview_of(path: Path, choice: str) -> tuple[str, warehouse.ImportPreview]:
    """(dataset, preview): the chosen dataset, or the one the file's header names (AUTO)."""
    dataset = choice if choice != AUTO else warehouse.guess_dataset(path)
    if dataset is None:
        raise warehouse.ValidationError([warehouse.Issue(
            path.name, None, None, None, "no dataset's columns were recognised in the header: choose the dataset",
            "表头与任何数据集都不匹配：请手动选择数据集")])
    return dataset, warehouse.preview_import(path, dataset, data.db_path(), SAMPLE_ROWS)


def import_panel() -> None:
    """Upload → preview (how the file was read, first rows as stored, new and replaced rows) → 确认导入."""
    st.subheader(t("data.import_header"))
    st.caption(t("data.import_help"))
    st.caption(t("data.import_limits", upload_mb=st.get_option("server.maxUploadSize"),
                 rows=fmt_count(IMPORT_LIMITS.max_rows), unpacked_mb=IMPORT_LIMITS.max_unpacked_bytes // 2**20))
    result = st.session_state.pop(_RESULT, None)
    if result:
        st.success(t("data.import_ok", rows=fmt_count(result["rows"]), dataset=plain(result["dataset"]),
                     file=plain(result["file"])), icon=":material/check_circle:")
    nonce = st.session_state.setdefault(_NONCE, 0)
    c1, c2 = st.columns([2, 3])
    choice = c1.selectbox(t("data.import_dataset"), [AUTO, *DATASET_BY_NAME], key="imp_dataset",
                          format_func=lambda n: t("data.import_auto") if n == AUTO else _label_of(n))
    upload = c2.file_uploader(t("data.import_file"), type=["csv", "xlsx"], key=f"imp_file_{nonce}")
    if upload is None:
        st.session_state.pop(_PREVIEW, None)
        return
    key = (upload.file_id, choice, data.version())
    cached = st.session_state.get(_PREVIEW)
    if not cached or cached["key"] != key:
        cached = {"key": key, "dataset": None, "preview": None, "error": None}
        try:
            cached["dataset"], cached["preview"] = _with_upload(upload, lambda p: _preview_of(p, choice))
        except warehouse.ValidationError as exc:
            cached["error"] = exc
        st.session_state[_PREVIEW] = cached
    if cached["error"] is not None:
        _issues_table(cached["error"])
        return
    dataset = cached["dataset"]
    if choice == AUTO:
        st.caption(t("data.import_detected", dataset=_label_of(dataset)))
    _preview(cached["preview"])
    if st.button(t("data.confirm_button"), type="primary", key="imp_confirm", icon=":material/upload:"):
        try:
            rows = _with_upload(upload, lambda p: warehouse.import_file(p, dataset, data.db_path(),
                                                                        wait=WEB_WRITE_WAIT))
        except warehouse.ValidationError as exc:  # the warehouse changed since the preview
            _issues_table(exc)
            return
        except warehouse.WarehouseBusy:
            st.warning(t("data.import_busy", seconds=f"{WEB_WRITE_WAIT:g}"), icon=":material/hourglass_top:")
            return
        except Exception:  # noqa: BLE001 - logged with its traceback; the user gets a message
            _log.exception("web import failed")
            st.error(t("data.write_failed"), icon=":material/error:")
            return
        auth.audit("import", dataset, f"{upload.name}: {rows} rows")
        st.session_state[_RESULT] = {"rows": rows, "dataset": dataset, "file": upload.name}
        st.session_state[_NONCE] = nonce + 1  # a fresh uploader: the confirmed file is done
        st.session_state.pop(_PREVIEW, None)
        st.rerun()


def _preview(p: warehouse.ImportPreview) -> None:
    with st.container(border=True, key="import_preview"):
        st.markdown(f"**{t('data.preview_header')}**")
        st.text(p.file)  # a file name is data: plain text
        c1, c2, c3 = st.columns(3)
        c1.metric(t("data.preview_rows"), fmt_count(p.rows))
        c2.metric(t("data.preview_new"), fmt_count(p.new_keys))
        c3.metric(t("data.preview_replaced"), fmt_count(p.replaced_keys))
        st.caption(t("data.preview_notes"))
        st.dataframe(_notes_table(p.notes), hide_index=True, width="stretch", key="import_notes",
                     column_config={t("data.col_row"): st.column_config.TextColumn(width="small"),
                                    t("data.col_column"): st.column_config.TextColumn(width="small"),
                                    t("data.col_note"): st.column_config.TextColumn(width="large")})
        st.caption(t("data.preview_sample", n=min(SAMPLE_ROWS, p.rows)))
        st.dataframe(_as_stored(p.sample), hide_index=True, width="stretch", key="import_sample")


def import_disabled_notice() -> None:
    st.subheader(t("data.import_header"))
    st.info(t("data.import_disabled"), icon=":material/lock:")


# ---------------------------------------------------------------------------------------------- stored imports

def _status(entry: dict, applied: set[str], state: dict) -> str:
    if entry.get("status") == "quarantined":
        return t("data.status_quarantined")
    if state and entry.get("id") not in applied:
        return t("data.status_stored")
    return t("data.status_active")


def quarantine_notice(entries: list[dict]) -> None:
    bad = [e for e in entries if e.get("status") == "quarantined"]
    if not bad:
        return
    st.warning(t("data.quarantine_notice", n=len(bad)), icon=":material/report:")
    zh = current_lang() == "zh"
    st.dataframe(pd.DataFrame([{t("data.col_file"): e["original_name"], t("data.col_dataset"): e["dataset"],
                                t("data.col_imported_at"): str(e["imported_at"]).replace("T", " "),
                                t("data.col_reason"): (e.get("reason_zh") if zh else None) or e.get("reason", "")}
                               for e in bad]), hide_index=True, width="stretch", key="quarantine_table")


def imports_panel(entries: list[dict], state: dict, allow_undo: bool) -> None:
    st.subheader(t("data.imports_header"))
    if not entries:
        st.caption(t("data.no_imports"))
        return
    applied = set(state.get("applied", []))
    stored = [e for e in entries if e.get("status", "active") == "active" and state and e.get("id") not in applied]
    if stored and state.get("include_imports") is False:
        st.info(t("data.not_applied_notice", n=len(stored)), icon=":material/info:")
    st.dataframe(pd.DataFrame([{t("data.col_import_id"): e.get("id", "—"), t("data.col_dataset"): e["dataset"],
                                t("data.col_file"): e["original_name"], t("data.col_rows"): e.get("rows"),
                                t("data.col_imported_at"): str(e["imported_at"]).replace("T", " "),
                                t("data.col_status"): _status(e, applied, state)} for e in entries]),
                 hide_index=True, width="stretch", key="imports_table")
    if not allow_undo:
        return
    ids = [e["id"] for e in entries if e.get("id")]
    names = {e["id"]: f"{e['id']} · {e['original_name']}" for e in entries if e.get("id")}
    c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
    chosen = c1.selectbox(t("data.undo_select"), ids, key="undo_id", format_func=names.get, help=t("data.undo_help"))
    if c2.button(t("data.undo_button"), key="undo_button", icon=":material/undo:"):
        try:
            with st.spinner(t("data.undo_running")):
                warehouse.undo_import(chosen, data.db_path(), wait=WEB_WRITE_WAIT)
        except warehouse.WarehouseBusy:
            st.warning(t("data.import_busy", seconds=f"{WEB_WRITE_WAIT:g}"), icon=":material/hourglass_top:")
            return
        except KeyError:
            st.rerun()  # someone else undid it meanwhile
        except warehouse.ValidationError as exc:  # the demo exports themselves no longer load
            _issues_table(exc)
            return
        except Exception:  # noqa: BLE001 - logged with its traceback; the user gets a message
            _log.exception("undo failed")
            st.error(t("data.write_failed"), icon=":material/error:")
            return
        auth.audit("undo", str(chosen), names[chosen])
        st.session_state["_undo_result"] = names[chosen]
        st.rerun()


def undo_result() -> None:
    done = st.session_state.pop("_undo_result", None)
    if done:
        st.success(t("data.undo_ok", file=plain(done.split(" · ", 1)[-1])), icon=":material/check_circle:")
