"""网格覆盖 / Grid coverage — placeholder page (to be built); keeps the shell, filters and URL state working."""

import streamlit as st

from governance import ui
from governance.i18n import t

filters = ui.page_setup("grid")
st.title(t("page.grid"))
ui.empty_state("app.placeholder")
