"""江苏基层治理决策驾驶舱 — entry point: `streamlit run app.py`.

st.navigation is hidden (position="hidden"); the sidebar menu is drawn by governance.app.shell.page_setup with
st.page_link so page titles come from the i18n catalog and the global filters travel in the URL.
"""

import streamlit as st

from governance.app import shell
from governance.i18n import t

shell.init_language()
st.set_page_config(
    page_title=t("app.title"),
    page_icon="🏛️",  # an emoji favicon is drawn locally; a :material/…: icon would be fetched from fonts.gstatic.com
    layout="wide",
    initial_sidebar_state="auto",  # open on a desktop, collapsed on a phone (the menu would cover the page)
)

page = st.navigation(shell.navigation_pages(), position="hidden")
st.session_state[shell.CURRENT_PAGE_KEY] = shell.page_key_of(page)
page.run()
