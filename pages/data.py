"""数据与导入 / Data & import: what is loaded, the data dictionary, and importing a user export."""

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from governance.app import data, downloads, shell
from governance.core import warehouse
from governance.core.warehouse.datasets import (
    DATASET_BY_NAME,
    all_schemas,
    dictionary_frame,
)
from governance.core.warehouse.ingest import ValidationError
from governance.i18n import current_lang, t
from governance.i18n.formats import fmt_count, fmt_month

filters = shell.page_setup("data")
st.title(t("page.data"))

info = data.dataset_info()
if info:
    st.subheader(t("data.info_header"))
    c1, c2, c3 = st.columns([3, 2, 4])  # build time and period must not be cut off
    c1.metric(t("data.built_at"), str(info.get("built_at"))[:16])
    c2.metric(t("data.scale"), f"{info.get('scale'):g}" if info.get("scale") is not None else "—")
    c3.metric(t("data.period"), f"{fmt_month(info.get('first_month'))} – {fmt_month(info.get('latest_month'))}")
    st.caption(info.get("note_zh") if current_lang() == "zh" else info.get("note_en"))
    with st.expander(t("data.sources")):
        st.write(info.get("source_files"))

    st.subheader(t("data.tables_header"))
    counts = data.query("table_counts")
    if not counts.empty:
        counts = counts.assign(comment=counts["comment"].str.split("|").str[0],
                               row_count=counts["row_count"].map(fmt_count))
        st.dataframe(counts.rename(columns={"table_name": t("data.col_table"), "row_count": t("data.col_rows"),
                                            "comment": t("data.col_comment")}), hide_index=True, width="stretch")
else:
    shell.empty_state()

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

st.subheader(t("data.import_header"))
st.caption(t("data.import_help"))
with st.form("import_form", clear_on_submit=False):
    dataset = st.selectbox(t("data.import_dataset"), list(DATASET_BY_NAME),
                           format_func=lambda n: f"{n} · {schemas[n].label_zh}")
    upload = st.file_uploader(t("data.import_file"), type=["csv", "xlsx"])
    submitted = st.form_submit_button(t("data.import_button"), type="primary")
if submitted and upload is not None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        try:
            rows = warehouse.import_file(path, dataset, data.db_path())
            st.success(t("data.import_ok", rows=fmt_count(rows), dataset=dataset))
        except ValidationError as exc:
            st.error(t("data.import_failed"))
            issues = pd.DataFrame([{t("data.col_file"): i.file, t("data.col_row"): i.row,
                                    t("data.col_column"): i.column, t("data.col_value"): i.value,
                                    t("data.col_problem"): i.problem} for i in exc.issues])
            st.dataframe(issues, hide_index=True, width="stretch")

st.subheader(t("data.imports_header"))
imports = warehouse.list_imports()
if imports:
    st.dataframe(pd.DataFrame(imports), hide_index=True, width="stretch")
else:
    st.caption(t("data.no_imports"))
