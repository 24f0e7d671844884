"""创新案例库 / Innovation cases: browsable cards of the fictional micro-innovation cases (category, city, search),
indicator before → after, replicability, a link to the county on the grid map, and a presentation mode that shows
one case large at a time. Cards and filters in governance/app/views/cases.py; data from queries/innovation_cases.sql."""

import streamlit as st

from governance.app import data, downloads, shell
from governance.app.views import cases as view
from governance.core.regions import CITIES
from governance.core.vocabulary import CASE_CATEGORIES
from governance.i18n import region_name, t, value_label

filters = shell.page_setup("cases")
lang = filters.lang
st.title(t("page.cases"))
# The disclaimer stays visible whatever the filters or the mode.
st.warning(t("cases.disclaimer"), icon=":material/info:")

cases = data.query("innovation_cases", region=filters.region_code)
if cases.empty:
    if filters.data_ready and filters.region_level != "province":
        shell.empty_state("cases.none_region", region=filters.region_name)
    else:
        shell.empty_state()
    st.stop()

st.caption(t("cases.intro") + " " + t("cases.period_note"))

categories = [c for c in CASE_CATEGORIES if c in set(cases["category"])]
city_codes = [c.code for c in CITIES if c.code in set(cases["city_code"].astype(str))]
c1, c2, c3, c4 = st.columns([3, 2, 3, 2], vertical_alignment="bottom")
with c1:
    chosen_cats = st.multiselect(t("cases.filter_category"), categories, key="cases_cat",
                                 format_func=lambda v: str(value_label(v, lang)), placeholder=t("cases.all_categories"))
with c2:
    if filters.region_level == "province":
        city = st.selectbox(t("cases.filter_city"), [""] + city_codes, key="cases_city",
                            format_func=lambda c: (t("cases.filter_all_cities", lang=lang) if c == ""
                                                   else region_name(c, lang=lang)))
    else:  # the global region already fixes the city
        city = ""
        st.caption(f"{t('cases.filter_city')}：{region_name(filters.city_code, lang=lang)}")
with c3:
    search = st.text_input(t("cases.search"), key="cases_search", placeholder=t("cases.search_placeholder"))
with c4:
    showcase = st.toggle(t("cases.showcase"), key="cases_showcase", help=t("cases.showcase_help"))

shown = view.filter_cases(cases, chosen_cats, [city] if city else None, search)
st.markdown(f"**{t('cases.count', n=len(shown))}**")
if shown.empty:
    shell.empty_state("cases.none")
    st.stop()

nav = shell.nav_params()


def map_link(row) -> None:
    """Open the grid-coverage map on the case's county (the global filters stay in the URL)."""
    st.page_link(shell.PAGE_BY_KEY["grid"].path, label=t("cases.on_map", county=row["county_name"]),
                 icon=":material/map:", query_params={**nav, "region": str(row["county_code"])})


records = shown.to_dict("records")
if showcase:
    n = len(records)
    idx = int(st.session_state.get("cases_showcase_idx", 0)) % n

    def step(delta: int) -> None:
        st.session_state["cases_showcase_idx"] = (idx + delta) % n

    # full screen on a projector: the presentation mode's case screens (governance/app/present.py)
    if st.button(t("present.cases_full_screen"), icon=":material/slideshow:", key="cases_full_screen"):
        st.query_params.update({"present": "1", "slide": "case"})
        st.rerun()
    b1, b2, b3 = st.columns([1, 4, 1], vertical_alignment="center")
    with b1:
        st.button(t("cases.prev"), icon=":material/arrow_back:", on_click=step, args=(-1,), key="cases_prev",
                  width="stretch")
    with b2:
        st.markdown(f'<div style="text-align:center;font-size:1.3rem;color:#5f6368;">'
                    f'{t("cases.position", i=idx + 1, n=n)}</div>', unsafe_allow_html=True)
    with b3:
        st.button(t("cases.next"), icon=":material/arrow_forward:", on_click=step, args=(1,), key="cases_next",
                  width="stretch")
    row = records[idx]
    st.markdown(view.case_card_html(row, lang=lang, large=True), unsafe_allow_html=True)
    map_link(row)
else:
    for start in range(0, len(records), 2):
        cols = st.columns(2)
        for col, row in zip(cols, records[start:start + 2]):
            with col:
                st.markdown(view.case_card_html(row, lang=lang), unsafe_allow_html=True)
                map_link(row)
    st.divider()
    downloads.download_buttons(view.cases_table(shown, lang=lang), "innovation_cases", key="dl_cases")
