"""创新案例库 / Innovation cases — placeholder page (to be built); keeps the shell, filters and URL state working."""

import streamlit as st

from governance import ui
from governance.i18n import t

filters = ui.page_setup("cases")
st.title(t("page.cases"))
ui.empty_state("app.placeholder")
