"""社区服务 / Community services — placeholder page (to be built); keeps the shell, filters and URL state working."""

import streamlit as st

from governance import ui
from governance.i18n import t

filters = ui.page_setup("community")
st.title(t("page.community"))
ui.empty_state("app.placeholder")
