"""Strings of the 创新案例库 / Innovation cases page (pages/cases.py), and English texts of the fictional cases.

``CASE_TEXT_EN`` is keyed on the generic part of a case title (the title without its county name, see
``governance.app.views.cases.case_template_key``), one entry per template of governance/core/demo/case_templates.py;
cases loaded from real exports that match no template keep their Chinese text in English mode.
"""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    "cases.disclaimer": {
        "zh": "以下案例均为虚构的演示案例：县名真实，案例名称、做法和数字均为生成，不代表任何地方的真实工作。",
        "en": "These cases are fictional demo cases: the county names are real; titles, practices and figures are "
              "generated and describe no real work anywhere.",
    },
    "cases.intro": {"zh": "基层治理微创新案例：做法、成效指标与可复制性，可按类别、地市和关键词筛选。",
                    "en": "Grassroots micro-innovations: what was done, the indicator it moved and how easily it "
                          "can be copied. Filter by category, city and keyword."},
    "cases.filter_category": {"zh": "类别", "en": "Category"},
    "cases.filter_city": {"zh": "地市", "en": "City"},
    "cases.all_categories": {"zh": "全部类别", "en": "All categories"},
    "cases.filter_all_cities": {"zh": "全部地市", "en": "All cities"},
    "cases.search": {"zh": "搜索（名称、做法、指标、县名）", "en": "Search (title, practice, indicator, county)"},
    "cases.search_placeholder": {"zh": "例如：养老、积分、议事", "en": "e.g. meals, points, council"},
    "cases.showcase": {"zh": "展示模式", "en": "Presentation mode"},
    "cases.showcase_help": {"zh": "逐个放大展示案例，适合会议投屏", "en": "One large case at a time, for projecting at events"},
    "cases.count": {"zh": "共 {n} 个案例", "en": "{n} cases"},
    "cases.none": {"zh": "没有符合条件的案例。请调整类别、地市或关键词。",
                   "en": "No case matches. Change the category, city or keyword."},
    "cases.none_region": {"zh": "{region}暂无案例，可切换到全市或全省查看。",
                          "en": "No case in {region} yet; widen the region to see more."},
    "cases.before": {"zh": "实施前", "en": "Before"},
    "cases.after": {"zh": "实施后", "en": "After"},
    "cases.change": {"zh": "变化", "en": "Change"},
    "cases.improved": {"zh": "改善", "en": "improved"},
    "cases.worsened": {"zh": "变差", "en": "worse"},
    "cases.unchanged": {"zh": "持平", "en": "unchanged"},
    "cases.higher_better": {"zh": "越高越好", "en": "higher is better"},
    "cases.lower_better": {"zh": "越低越好", "en": "lower is better"},
    "cases.replicability": {"zh": "可复制性", "en": "Replicability"},
    "cases.launched": {"zh": "{year}年启动", "en": "launched {year}"},
    "cases.on_map": {"zh": "在地图上查看{county}", "en": "Show {county} on the map"},
    "cases.prev": {"zh": "上一个", "en": "Previous"},
    "cases.next": {"zh": "下一个", "en": "Next"},
    "cases.position": {"zh": "第 {i} / {n} 个", "en": "{i} of {n}"},
    "cases.period_note": {"zh": "案例不按统计期间筛选；地区筛选按案例所在县。",
                          "en": "Cases are not filtered by period; the region filter uses the case's county."},
    "cases.col.case_id": {"zh": "案例编号", "en": "Case"},
    "cases.col.title": {"zh": "案例名称", "en": "Title"},
    "cases.col.category": {"zh": "类别", "en": "Category"},
    "cases.col.county": {"zh": "县（市、区）", "en": "County"},
    "cases.col.city": {"zh": "地市", "en": "City"},
    "cases.col.year": {"zh": "年份", "en": "Year"},
    "cases.col.indicator": {"zh": "成效指标", "en": "Indicator"},
    "cases.col.unit": {"zh": "单位", "en": "Unit"},
    "cases.col.before": {"zh": "实施前", "en": "Before"},
    "cases.col.after": {"zh": "实施后", "en": "After"},
    "cases.col.change_pct": {"zh": "变化（%）", "en": "Change (%)"},
    "cases.col.replicability": {"zh": "可复制性（1–5）", "en": "Replicability (1–5)"},
    "cases.col.summary": {"zh": "做法摘要", "en": "Practice"},
}

# Indicators and units of the case library (data values stored in Chinese).
VALUE_LABELS: dict[str, str] = {
    "事件按期办结率": "Events closed on time",
    "平均响应时长": "Mean response time",
    "企业安全隐患整改率": "Enterprise hazards fixed",
    "网格党支部覆盖率": "Grids with a party branch",
    "矛盾纠纷化解率": "Disputes resolved",
    "网格员流失率": "Grid-worker turnover",
    "床位入住率": "Bed occupancy",
    "助餐服务人次": "Meals-service visits",
    "护理型床位占比": "Nursing-bed share",
    "志愿服务时长": "Volunteer hours",
    "老年人满意率": "Satisfaction of older residents",
    "紧急呼叫平均到达时间": "Mean arrival time after an emergency call",
    "分类准确率": "Sorting accuracy",
    "居民参与率": "Resident participation",
    "厨余垃圾外运量": "Kitchen waste hauled away",
    "资源化利用率": "Resource recovery rate",
    "议题采纳率": "Proposals adopted",
    "村级事务参与人次": "Attendance at village affairs",
    "居民提案数": "Resident proposals",
    "物业投诉量": "Property-management complaints",
    "社会资本占比": "Private-capital share",
    "资金执行率": "Fund execution",
    "盘活存量资产": "Existing assets put to use",
    "项目绩效评分": "Project performance score",
    "事件平均办结天数": "Mean days to close an event",
    "基层报表数量": "Reporting forms for communities",
    "占道经营发现量": "Street-vending cases detected",
    "群众满意率": "Public satisfaction",
    # units
    "分钟": "min",
    "万人次/年": "10k visits / year",
    "万小时/年": "10k hours / year",
    "吨/日": "t / day",
    "人次/月": "attendances / month",
    "件/年": "per year",
    "件/月": "per month",
    "亿元": "¥100m",
    "分": "points",
    "天": "days",
    "张": "forms",
}

CASE_TEXT_EN: dict[str, dict[str, str]] = {
    "“网格+警格”双网融合": {
        "title": "Grid and police-beat integration",
        "summary": "Police beats were aligned with the comprehensive grids; grid workers and community police take "
                   "on and handle cases together, and public-safety hazards are passed on the same day."},
    "“吹哨报到”快速响应机制": {
        "title": "“Blow the whistle, report in” rapid response",
        "summary": "A grid that spots a problem “blows the whistle” with one tap; the responsible department must "
                   "report within 30 minutes, and closure counts in its performance review."},
    "专属网格进园区": {
        "title": "Dedicated grids in industrial parks",
        "summary": "Dedicated grids with full-time grid workers in industrial parks, schools and hospitals; "
                   "work-safety hazards are tracked until fixed."},
    "网格党支部“红色管家”": {
        "title": "Grid party branches as “red stewards”",
        "summary": "A party branch or group on every grid; party members adopt a building each and lead in "
                   "dispute mediation and volunteering."},
    "矛盾纠纷“一站式”调处": {
        "title": "One-stop dispute resolution",
        "summary": "Judicial offices, petitions and people's mediators work from the social-governance centre, so "
                   "a dispute needs one trip at most."},
    "网格员积分激励": {
        "title": "Points-based incentives for grid workers",
        "summary": "Grid workers earn points tied to pay and promotion; the best join the pool of future "
                   "community cadres."},
    "公建民营综合养老服务中心": {
        "title": "Publicly built, privately run care centre",
        "summary": "The government builds the sub-district care centre and contracts a professional social "
                   "organisation to run it; operating subsidies follow the performance review."},
    "“长者食堂+中央厨房”": {
        "title": "Seniors' canteens with a central kitchen",
        "summary": "A central kitchen delivers to community meal points; older and low-income residents get "
                   "graded meal subsidies."},
    "家庭养老床位": {
        "title": "Care beds at home",
        "summary": "Homes of disabled older residents are adapted and linked to a call platform; professional "
                   "providers deliver nursing care at home."},
    "“时间银行”互助养老": {
        "title": "“Time bank” mutual aid",
        "summary": "Younger retirees help the oldest residents and bank the hours, to draw on later; a platform "
                   "records every exchange."},
    "医养结合签约服务": {
        "title": "Medical and elderly care under contract",
        "summary": "Community health centres sign contracts with care homes; family doctors visit weekly and a "
                   "fast track to hospital care is open."},
    "智慧养老“一键呼”": {
        "title": "Smart elderly care “one-tap call”",
        "summary": "Older people living alone get smart wristbands and smoke detectors; alerts go straight to the "
                   "grid worker and the service station."},
    "“定时定点+督导员”分类投放": {
        "title": "Fixed times, fixed points and sorting guides",
        "summary": "Fewer, staffed bin points with fixed drop-off times; volunteer guides help on site and "
                   "accuracy is posted per building."},
    "智能回收箱积分兑换": {
        "title": "Smart recycling bins with reward points",
        "summary": "Residents scan in at smart bins that weigh what they drop; points buy everyday goods at the "
                   "community shop."},
    "厨余垃圾就地处理": {
        "title": "Kitchen waste treated on site",
        "summary": "Small kitchen-waste plants in towns and villages turn the waste into organic fertiliser for "
                   "the fields."},
    "再生资源“两网融合”": {
        "title": "Merging the sanitation and recycling networks",
        "summary": "Waste collection and the recycling network were merged; a social enterprise runs the sorting "
                   "centre under a concession."},
    "社区协商议事会“小板凳”": {
        "title": "“Little stool” community councils",
        "summary": "Residents raise issues, the community assigns them and the council reviews the results; "
                   "parking and lift installation are settled in the stairwell."},
    "村民说事": {
        "title": "Villagers' say days",
        "summary": "On fixed “say days” village cadres and grid workers meet villagers face to face, with "
                   "deadlines for reporting back."},
    "“微心愿”社区基金": {
        "title": "“Small wishes” community fund",
        "summary": "A community foundation funds micro-projects proposed by residents; the council votes and "
                   "results are published."},
    "物业矛盾“红色物业”调处": {
        "title": "“Red property management” for estate disputes",
        "summary": "The community party organisation convenes owners' committees and property firms; residents "
                   "rate the property service."},
    "养老服务设施特许经营(BOT)": {
        "title": "Concession (BOT) for elderly-care facilities",
        "summary": "A user-pays concession under 国办函〔2023〕115号: the government only supports construction "
                   "investment and guarantees no return."},
    "老旧小区改造专项债+贴息贷款组合": {
        "title": "Special bonds plus subsidised loans for old estates",
        "summary": "Parking and charging income services the special bonds; residents' own share is financed with "
                   "interest-subsidised loans, in rolling phases."},
    "社区商业资产证券化(ABS)": {
        "title": "Securitising community commercial assets (ABS)",
        "summary": "Rent from neighbourhood centres backs an ABS issue; the proceeds fund new community service "
                   "facilities."},
    "预算绩效“以奖代补”": {
        "title": "Performance-based budget rewards",
        "summary": "Provincial special funds are awarded in tiers by third-party performance reviews; money of "
                   "slow projects is reallocated."},
    "“一网统管”城市运行平台": {
        "title": "“One network” city operations platform",
        "summary": "The grid platform, the 12345 hotline and digital city management share data: one platform "
                   "dispatches, one centre supervises."},
    "社区数据“一表通”": {
        "title": "“One form” community data",
        "summary": "Department reporting forms for communities are merged; data are collected once and reused, "
                   "lightening the load on communities."},
    "AI视频巡查": {
        "title": "AI video patrols",
        "summary": "Video analytics spot street vending, overflowing bins and similar problems and send work "
                   "orders to grid workers to check."},
    "“苏服办”社区帮办": {
        "title": "“Su Fu Ban” community service desks",
        "summary": "Community service centres have a help desk; grid workers handle frequent errands for "
                   "residents, with progress visible on the phone."},
}
