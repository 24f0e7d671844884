"""数据与导入 / Data & import — placeholder page (to be built); keeps the shell, filters and URL state working."""

import streamlit as st

from governance import ui
from governance.i18n import t

filters = ui.page_setup("data")
st.title(t("page.data"))
ui.empty_state("app.placeholder")
