"""领导驾驶舱 / Leadership overview — placeholder page (to be built); keeps the shell, filters and URL state working."""

import streamlit as st

from governance import ui
from governance.i18n import t

filters = ui.page_setup("overview")
st.title(t("page.overview"))
ui.empty_state("app.placeholder")
