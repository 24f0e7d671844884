"""养老服务 / Elderly care — placeholder page (to be built); keeps the shell, filters and URL state working."""

import streamlit as st

from governance import ui
from governance.i18n import t

filters = ui.page_setup("elderly")
st.title(t("page.elderly"))
ui.empty_state("app.placeholder")
