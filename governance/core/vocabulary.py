"""The closed vocabularies of the data: programmes, funding sources, financing models, project statuses and risk
levels, elderly-care facility types, innovation-case categories and grid-event categories — one home, in display
order.

Values are the Chinese strings stored in the warehouse (``governance.i18n.value_label`` translates them). Python
reads them from here (generator, pages, views, bench); SQL that needs a list gets it as a bound list parameter
(``list_contains($programs, program)``) and the values it names from ``sql_parameters()`` (supplied by the query
runner). The CHECK constraints of ``governance/core/warehouse/schema.sql`` guard the same lists inside the database
(DDL takes no parameters); ``tests/test_vocabulary.py`` keeps the two equal.
"""

from __future__ import annotations

# Programmes funded (fund_allocations.program, projects.program).
PROGRAMS: tuple[str, ...] = ("养老服务", "智慧网格", "老旧小区改造", "垃圾分类", "社区公共设施", "党建阵地")

# Funding sources (fund_allocations.source); SOCIAL_CAPITAL is the one the social-capital share counts.
SOURCES: tuple[str, ...] = ("省级专项资金", "市县财政", "社会资本", "专项债", "贴息贷款", "ABS")
SOCIAL_CAPITAL = "社会资本"

# Construction and operation models of the project library (projects.model).
FINANCING_MODELS: tuple[str, ...] = ("政府直投", "专项债", "PPP-使用者付费", "存量PPP-可行性缺口补助", "BOT", "ABS",
                                     "贴息贷款")

# Project statuses (projects.status) and risk levels (projects.risk_level), most serious first.
PROJECT_STATUSES: tuple[str, ...] = ("前期", "在建", "运营", "完工", "暂停")
RISK_LEVELS: tuple[str, ...] = ("高", "中", "低")

# Elderly-care facilities (elderly_facilities.facility_type) and who runs them (elderly_facilities.operator_model).
FACILITY_TYPES: tuple[str, ...] = ("养老机构", "街道综合养老服务中心", "社区居家养老服务站", "助餐点")
INSTITUTION, STREET_CENTRE, COMMUNITY_STATION, MEAL_POINT = FACILITY_TYPES
BED_FACILITY_TYPES: tuple[str, ...] = (INSTITUTION, STREET_CENTRE)  # the facilities with beds (map points)
OPERATOR_MODELS: tuple[str, ...] = ("公办公营", "公建民营", "民办")

# Grid types (grids.grid_type): a 综合网格 covers households (网格覆盖率), a 专属网格 a site such as a school or park.
GRID_TYPES: tuple[str, ...] = ("综合网格", "专属网格")

# Resident councils (resident_councils.council_type).
COUNCIL_TYPES: tuple[str, ...] = ("居民自治委员会", "社区协商议事会")

# Innovation-case categories (innovation_cases.category).
CASE_CATEGORIES: tuple[str, ...] = ("网格治理", "养老服务", "垃圾分类", "居民自治", "资金创新", "数字治理")

# Grid-event categories: grid_events_monthly.reported_<category>, columns of queries/event_trend.sql.
EVENT_CATEGORIES: tuple[str, ...] = ("public_safety", "environment", "disputes", "urban_mgmt", "livelihood",
                                     "work_safety")


def sql_parameters() -> dict[str, object]:
    """The vocabulary values SQL refers to, as bound parameters: $social_capital_source (the source the
    social-capital share counts), $risk_levels (most serious first: ``risk_levels[1]`` is high risk),
    $meal_point_type and $bed_facility_types. The query runner supplies them to every query that names them.
    (The marts are built without parameters: the values they name are checked by tests/test_vocabulary.py.)"""
    return {"social_capital_source": SOCIAL_CAPITAL, "risk_levels": list(RISK_LEVELS),
            "meal_point_type": MEAL_POINT, "bed_facility_types": list(BED_FACILITY_TYPES)}


__all__ = ["BED_FACILITY_TYPES", "CASE_CATEGORIES", "COMMUNITY_STATION", "COUNCIL_TYPES", "EVENT_CATEGORIES",
           "FACILITY_TYPES", "FINANCING_MODELS", "GRID_TYPES", "INSTITUTION", "MEAL_POINT", "OPERATOR_MODELS",
           "PROGRAMS", "PROJECT_STATUSES", "RISK_LEVELS", "SOCIAL_CAPITAL", "SOURCES", "STREET_CENTRE",
           "sql_parameters"]
