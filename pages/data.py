"""数据与导入 / Data & import: what is loaded, the data dictionary, blank templates, importing a county's export
(upload → preview → 确认导入), the stored imports with undo, and imports quarantined by a rebuild.
Panels in governance/app/views/data.py; imports in governance/core/warehouse (builder, reading, writes)."""

import streamlit as st

from governance.app import auth, data, shell
from governance.app.views import data as view
from governance.i18n import t

filters = shell.page_setup("data")
st.title(t("page.data"))

entries, state = data.imports_state()
view.quarantine_notice(entries)

info = data.dataset_info()
if info:
    view.dataset_panel(info, data.query("table_counts"))
else:
    shell.empty_state()

view.dictionary_panel()
view.templates_panel()

if view.can_import():
    view.import_panel()
else:
    view.import_disabled_notice()
    auth.login_panel()  # demo mode: a data administrator signs in here

view.undo_result()
view.imports_panel(entries, state, allow_undo=view.can_import())
auth.audit_panel()  # data administrators only
