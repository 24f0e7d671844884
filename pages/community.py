"""社区服务 / Community services: waste sorting (participation, accuracy, tonnage by stream, smart equipment, county
map) and resident participation (councils' meetings, proposals and adoption against satisfaction).
Numbers from queries/waste_*.sql and queries/councils_*.sql; figures in governance/app/views/community.py."""

import streamlit as st

from governance.app import data, shell
from governance.app.views import community as view
from governance.i18n import region_name, t
from governance.i18n.formats import fmt_month

filters = shell.page_setup("community")
lang = filters.lang
st.title(t("page.community"))
st.caption(t("filter.current", region=filters.region_name, start=fmt_month(filters.start_month),
             end=fmt_month(filters.end_month)))

period = {"start_month": filters.start_month, "end_month": filters.end_month}
params = {"region": filters.region_code, **period}
# A county is compared with the other counties of its city; a city or the province shows its own counties.
scope = filters.city_code if filters.region_level == "county" and filters.city_code else filters.region_code

# ================================================================================================ waste sorting
st.header(t("community.waste_heading"))
waste = data.query("waste_monthly", **params)
if waste.empty:
    shell.empty_state()
else:
    view.waste_cards(waste)
    view.waste_trend_charts(waste, lang)

    st.subheader(t("community.smart_heading"))
    s1, s2 = st.columns([3, 2])
    with s1:
        view.smart_accuracy_chart(waste, lang)
    with s2:
        switchers = data.query("waste_smart_switchers", **params)
        if switchers.empty or not switchers["communities"].iloc[0]:
            shell.empty_state("community.no_switchers")
        else:
            view.before_after_chart(switchers.iloc[0])

    st.subheader(t("community.map_heading"))
    by_county = data.query("waste_by_county", region=scope, **period)
    if by_county.empty:
        shell.empty_state()
    else:
        metric = st.radio(t("community.map_metric"), list(view.MAP_METRICS), horizontal=True, key="cmt_map_metric",
                          format_func=lambda k: t(f"community.metric.{k}", lang=lang))
        picked = view.waste_map(by_county, metric, filters.county_code, filters.region_code, lang)
        if picked and picked != filters.region_code:
            shell.set_region(picked)

# ================================================================================================ councils
st.header(t("community.council_heading"))
councils = data.query("councils_monthly", **params)
if councils.empty:
    shell.empty_state()
else:
    view.council_cards(councils)
    view.council_charts(councils, lang)

    st.subheader(t("community.scatter_heading"))
    per_county = data.query("councils_by_county", region=scope, **period)
    if per_county.empty:
        shell.empty_state()
    else:
        ymetric = st.radio(t("community.scatter_y"), list(view.SCATTER_METRICS), horizontal=True, key="cmt_scatter_y",
                           format_func=lambda k: t(f"community.metric.{k}", lang=lang))
        if not view.adoption_scatter(per_county, ymetric, filters.county_code, region_name(scope, lang=lang)):
            shell.empty_state()
