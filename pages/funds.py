"""资金配置 / Fund allocation — placeholder page (to be built); keeps the shell, filters and URL state working."""

import streamlit as st

from governance import ui
from governance.i18n import t

filters = ui.page_setup("funds")
st.title(t("page.funds"))
ui.empty_state("app.placeholder")
