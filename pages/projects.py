"""项目监管 / Project monitoring — placeholder page (to be built); keeps the shell, filters and URL state working."""

import streamlit as st

from governance import ui
from governance.i18n import t

filters = ui.page_setup("projects")
st.title(t("page.projects"))
ui.empty_state("app.placeholder")
