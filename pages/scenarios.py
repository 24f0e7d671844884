"""融资情景模拟 / Financing scenarios — placeholder page (to be built); keeps the shell, filters and URL state working."""

import streamlit as st

from governance import ui
from governance.i18n import t

filters = ui.page_setup("scenarios")
st.title(t("page.scenarios"))
ui.empty_state("app.placeholder")
