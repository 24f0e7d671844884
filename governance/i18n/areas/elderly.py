"""Strings of the 养老服务 / Elderly care page (pages/elderly.py, governance/app/views/elderly.py) and its facility map."""

from __future__ import annotations

_KPI = {
    "beds_per_1000_elderly": ("每千名老人床位", "Beds per 1,000 aged 60+"),
    "nursing_bed_pct": ("护理型床位占比", "Nursing-bed share"),
    "occupancy_pct": ("床位入住率", "Bed occupancy"),
    "street_centre_pct": ("街道综合养老服务中心覆盖率", "Sub-districts with a care centre"),
    "meal_points_per_community": ("每村（社区）助餐点", "Meal points per community"),
    "meals_per_month": ("月均助餐份数", "Meals per month"),
    "meals_per_point_day": ("助餐点日均供餐", "Meals per meal point per day"),
    "home_visits_per_month": ("月均上门服务", "Home visits per month"),
    "elderly_satisfaction_pct": ("养老服务满意率", "Satisfaction with elderly care"),
}
_COL = {
    "beds_per_1000_elderly": ("每千名老人床位（张）", "Beds per 1,000 aged 60+"),
    "nursing_bed_pct": ("护理型床位占比", "Nursing-bed share"),
    "occupancy_pct": ("入住率", "Occupancy"),
    "street_centre_pct": ("街道中心覆盖率", "Sub-district centre coverage"),
    "meal_points_per_community": ("每村（社区）助餐点（个）", "Meal points per community"),
    "meals_per_month": ("月均助餐（份）", "Meals / month"),
    "meals_per_point_day": ("助餐点日均供餐（份）", "Meals / point / day"),
    "home_visits_per_month": ("月均上门服务（次）", "Home visits / month"),
    "elderly_satisfaction_pct": ("满意率", "Satisfaction"),
}
_UNIT = {
    "beds_per_1000_elderly": ("张/千名老人", "per 1,000"),
    "nursing_bed_pct": ("", ""),
    "occupancy_pct": ("", ""),
    "street_centre_pct": ("", ""),
    "meal_points_per_community": ("个/村（社区）", "per community"),
    "meals_per_month": ("份/月", "meals / month"),
    "meals_per_point_day": ("份/日", "meals / day"),
    "home_visits_per_month": ("次/月", "visits / month"),
    "elderly_satisfaction_pct": ("", ""),
}
_ACTION = {
    "beds_needed": ("需新增床位（张）", "Beds to add"),
    "nursing_beds_needed": ("需增护理型床位（张，按现有床位）", "Nursing beds needed (current beds)"),
    "nursing_beds_needed_after": ("补足床位后需护理型床位（张）", "Nursing beds needed after adding beds"),
    "residents_needed": ("需新增入住（人）", "Residents to admit"),
    "streets_without_centre": ("缺中心的街道（个）", "Sub-districts without a centre"),
    "meal_points_needed": ("需新增助餐点（个）", "Meal points to open"),
    "meals_per_day_needed": ("需日均增加供餐（份）", "Extra meals per day needed"),
    "satisfaction_gap_pp": ("满意率差距（百分点）", "Satisfaction gap (points)"),
}
_RULE = {
    "beds_per_1000_elderly": (
        "需新增床位 = 目标（每千名老人床位）× 60岁以上人口 ÷ 1000 − 现有床位，向上取整。",
        "Beds to add = target beds per 1,000 × residents aged 60+ ÷ 1,000 − beds, rounded up."),
    "nursing_bed_pct": (
        "按现有床位：目标占比 × 床位 − 护理型床位；补足床位后：目标占比 × (床位 + 需新增床位) − 护理型床位，均向上取整。",
        "With current beds: target share × beds − nursing beds; after adding the missing beds: target share × "
        "(beds + beds to add) − nursing beds; rounded up."),
    "occupancy_pct": (
        "需新增入住 = 目标入住率 × 床位 − 在住人数，向上取整（或调整闲置床位）。",
        "Residents to admit = target occupancy × beds − occupied beds, rounded up (or repurpose idle beds)."),
    "street_centre_pct": (
        "目标：每个街道都有街道综合养老服务中心；缺中心的街道 = 街道数 − 已建中心的街道数。",
        "Target: a comprehensive centre in every sub-district; missing = sub-districts − sub-districts with one."),
    "meal_points_per_community": (
        "需新增助餐点 = 村（社区）数 × 目标（每村社区助餐点）− 现有助餐点，向上取整。",
        "Meal points to open = communities × target points per community − meal points, rounded up."),
    "meals_per_point_day": (
        "需日均增加供餐 = 目标（每点日均份数）× 助餐点数 − 助餐点日均供餐，向上取整（按每月30.4天）。",
        "Extra meals per day = target meals per point and day × meal points − meals per day at the points, "
        "rounded up (30.4 days a month)."),
    "elderly_satisfaction_pct": (
        "满意率差距 = 目标满意率 − 按服务人数加权的满意率（百分点）。",
        "Gap = target satisfaction − satisfaction weighted by people served (percentage points)."),
}

CATALOG: dict[str, dict[str, str]] = {
    **{f"elderly.kpi.{k}": {"zh": zh, "en": en} for k, (zh, en) in _KPI.items()},
    **{f"elderly.col.{k}": {"zh": zh, "en": en} for k, (zh, en) in _COL.items()},
    **{f"elderly.unit.{k}": {"zh": zh or "%", "en": en or "%"} for k, (zh, en) in _UNIT.items()},
    **{f"elderly.action.{k}": {"zh": zh, "en": en} for k, (zh, en) in _ACTION.items()},
    **{f"elderly.gap_rule.{k}": {"zh": zh, "en": en} for k, (zh, en) in _RULE.items()},
    "elderly.col.county": {"zh": "县（市、区）", "en": "County / district"},
    "elderly.col.city": {"zh": "所属市", "en": "City"},
    "elderly.kpis_heading": {"zh": "{region}养老服务指标", "en": "Elderly care in {region}"},
    "elderly.kpi_note": {
        "zh": "60岁以上人口 {elderly} 人 · 床位 {beds} 张 · 街道 {streets} 个 · 村（社区） {communities} 个。"
              "床位、设施为当前登记数；服务量为所选期间的月均值。",
        "en": "Residents aged 60+: {elderly} · beds: {beds} · sub-districts: {streets} · communities: {communities}. "
              "Beds and facilities are the current register; services are monthly means over the period.",
    },
    "elderly.no_target": {"zh": "暂无目标值（服务量）", "en": "No target (a volume)"},
    "elderly.table_heading": {"zh": "各县（市、区）对标情况", "en": "Counties against the targets"},
    "elderly.table_scope_city": {"zh": "与{city}其他县（市、区）对比，当前县加粗显示。",
                                 "en": "Compared with the other counties of {city}; the current county in bold."},
    "elderly.table_legend": {
        "zh": "单元格颜色：绿色达标，黄色预警，红色未达标（目标见 governance/core/thresholds.py，依据 domain.md §4）；无底色的为暂无目标的服务量。",
        "en": "Cell colours: green on track, amber watch, red off track (targets in governance/core/thresholds.py, from "
              "domain.md §4); uncoloured volumes have no target.",
    },
    "elderly.gap_heading": {"zh": "差距分析：离目标最远的县及补齐所需",
                            "en": "Gap finder: counties furthest from target and what closes the gap"},
    "elderly.gap_beds": {"zh": "需新增床位（张）", "en": "Beds to add"},
    "elderly.gap_nursing": {"zh": "需护理型床位（补足床位后）", "en": "Nursing beds needed (after adding beds)"},
    "elderly.gap_nursing_note": {"zh": "按现有床位需 {now} 张", "en": "{now} with current beds"},
    "elderly.gap_meal_points": {"zh": "需新增助餐点（个）", "en": "Meal points to open"},
    "elderly.gap_streets": {"zh": "缺综合中心的街道（个）", "en": "Sub-districts without a centre"},
    "elderly.gap_residents": {"zh": "入住率达标需新增入住（人）", "en": "Residents to admit for target occupancy"},
    "elderly.gap_counties_below": {"zh": "未达标县（市、区）{n} 个", "en": "{n} counties below target"},
    "elderly.gap_choose": {"zh": "选择指标", "en": "Indicator"},
    "elderly.gap_none": {"zh": "所有县（市、区）的“{kpi}”均已达到{target}。",
                         "en": "Every county meets “{kpi}” ({target})."},
    "elderly.gap_chart_title": {"zh": "离目标最远的县：{kpi}", "en": "Furthest from target: {kpi}"},
    "elderly.gap_shortfall_axis": {"zh": "与目标的差距", "en": "Shortfall from target"},
    "elderly.gap_value": {"zh": "当前值", "en": "Current"},
    "elderly.gap_target": {"zh": "目标", "en": "Target"},
    "elderly.map_heading": {"zh": "养老服务设施分布", "en": "Elderly-care facilities"},
    "elderly.map_types": {"zh": "设施类型", "en": "Facility types"},
    "elderly.map_note_large": {
        "zh": "全省、全市视图只显示养老机构和街道综合养老服务中心；选择县（市、区）可查看社区居家养老服务站和助餐点。",
        "en": "Province and city views show care homes and sub-district centres only; choose a county to see "
              "community stations and meal points.",
    },
    "elderly.map_count": {"zh": "图上设施 {n} 个", "en": "{n} facilities on the map"},
    "elderly.map_legend_operator": {"zh": "颜色：运营模式", "en": "Colour: operator model"},
    "elderly.map_legend_type": {"zh": "样式：设施类型", "en": "Symbol: facility type"},
    "elderly.map_legend_size": {"zh": "圆点大小：床位数", "en": "Point size: beds"},
    "elderly.map_tip_beds": {"zh": "床位 {beds} 张（护理型 {nursing}）· 入住率 {occupancy}",
                             "en": "{beds} beds ({nursing} nursing) · occupancy {occupancy}"},
    "elderly.map_tip_no_beds": {"zh": "无床位（居家、助餐服务）", "en": "No beds (home and meal services)"},
    "elderly.trend_heading": {"zh": "服务量月度趋势", "en": "Services per month"},
    "elderly.trend.meals_served": {"zh": "助餐份数（份）", "en": "Meals served"},
    "elderly.trend.home_visits": {"zh": "上门服务（次）", "en": "Home visits"},
    "elderly.trend.people_served": {"zh": "服务人数（人）", "en": "People served"},
    "elderly.ops_heading": {"zh": "运营模式比较：公办公营 / 公建民营 / 民办",
                            "en": "Operator models: public / publicly built, privately run / private"},
    "elderly.ops_cost_title": {"zh": "人均服务成本（元/人·年）", "en": "Cost per person served (¥ per person-year)"},
    "elderly.ops_cost_axis": {"zh": "元/人·年", "en": "¥ per person-year"},
    "elderly.ops_sat_title": {"zh": "满意率（按服务人数加权）", "en": "Satisfaction (weighted by people served)"},
    "elderly.ops_sat_axis": {"zh": "满意率 %", "en": "Satisfied %"},
    "elderly.ops_col.model": {"zh": "运营模式", "en": "Operator model"},
    "elderly.ops_col.facilities": {"zh": "设施数（月均报送）", "en": "Facilities reporting / month"},
    "elderly.ops_col.people": {"zh": "月均服务人数", "en": "People served / month"},
    "elderly.ops_col.cost_total": {"zh": "年运营成本", "en": "Annual operating cost"},
    "elderly.ops_col.cost": {"zh": "人均成本（元/人·年）", "en": "Cost per person (¥/year)"},
    "elderly.ops_col.sat": {"zh": "满意率", "en": "Satisfaction"},
    "elderly.ops_note": {
        "zh": "人均服务成本 = 年运营成本 ÷ 月服务人数（= 12 × 期间运营成本 ÷ 期间服务人次）。各类设施成本结构不同，请在同类设施之间比较。",
        "en": "Cost per person served = annual operating cost ÷ people served in a month (= 12 × operating cost ÷ "
              "person-months over the period). Facility types differ in cost structure: compare within a type.",
    },
}
