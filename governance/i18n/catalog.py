"""Every user-facing string of the app, in Chinese and English.

``CATALOG``: key -> {"zh": ..., "en": ...}. Keys are dotted: ``<area>.<name>``. Strings may carry ``str.format``
placeholders (``{month}``); both languages must use the same placeholders. ``tests/test_i18n.py`` checks that every
key has both languages and that every ``t("...")`` literal used in ``pages/`` and ``governance/`` exists here.

``VALUE_LABELS``: data values stored in Chinese in the warehouse (programme names, statuses…) -> English label,
used by ``governance.i18n.value_label`` when the language is English.

Add your keys to the section of your page; keep keys sorted within a section.
"""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ app shell
    "app.title": {"zh": "江苏基层治理决策驾驶舱", "en": "Jiangsu Grassroots Governance Dashboard"},
    "app.menu": {"zh": "功能导航", "en": "Pages"},
    "app.language": {"zh": "语言", "en": "Language"},
    "app.lang_zh": {"zh": "中文", "en": "中文"},
    "app.lang_en": {"zh": "English", "en": "English"},
    # ------------------------------------------------------------------ page titles (sidebar menu, tab titles)
    "page.overview": {"zh": "领导驾驶舱", "en": "Leadership overview"},
    "page.grid": {"zh": "网格覆盖", "en": "Grid coverage"},
    "page.funds": {"zh": "资金配置", "en": "Fund allocation"},
    "page.projects": {"zh": "项目监管", "en": "Project monitoring"},
    "page.elderly": {"zh": "养老服务", "en": "Elderly care"},
    "page.community": {"zh": "社区服务", "en": "Community services"},
    "page.cases": {"zh": "创新案例库", "en": "Innovation cases"},
    "page.scenarios": {"zh": "融资情景模拟", "en": "Financing scenarios"},
    "page.data": {"zh": "数据与导入", "en": "Data & import"},
    # ------------------------------------------------------------------ global filters
    "filter.current": {"zh": "当前范围：{region} · {start} – {end}", "en": "Showing: {region} · {start} – {end}"},
    "filter.heading": {"zh": "筛选条件", "en": "Filters"},
    "filter.city": {"zh": "地区（市）", "en": "Region (city)"},
    "filter.county": {"zh": "县（市、区）", "en": "County / district"},
    "filter.all_province": {"zh": "全省", "en": "Whole province"},
    "filter.all_city": {"zh": "全市", "en": "Whole city"},
    "filter.all_county_disabled": {"zh": "（先选择市）", "en": "(choose a city first)"},
    "filter.start": {"zh": "起始月份", "en": "From"},
    "filter.end": {"zh": "截止月份", "en": "To"},
    "filter.no_months": {"zh": "暂无月度数据", "en": "No monthly data yet"},
    # ------------------------------------------------------------------ dataset banner and freshness
    "data.fictional_banner": {"zh": "虚构演示数据：{note}", "en": "Fictional demo data: {note}"},
    "data.fictional_default_note": {
        "zh": "除行政区划外，所有数字均为随机生成，不代表任何真实情况。",
        "en": "Apart from the administrative geography, every figure is generated and describes nothing real.",
    },
    "data.freshness": {"zh": "数据构建于 {built_at} · 来源 {sources}", "en": "Data built {built_at} · source {sources}"},
    "data.freshness_unknown": {"zh": "数据构建时间未知", "en": "Build time unknown"},
    "data.sources_more": {"zh": "{first} 等{n}个文件", "en": "{first} and {n} more"},
    "data.sources_generated": {"zh": "演示数据生成器", "en": "demo data generator"},
    "data.months_range": {"zh": "月度数据：{first} – {latest}", "en": "Monthly data: {first} – {latest}"},
    # ------------------------------------------------------------------ warehouse build / availability
    "warehouse.building": {"zh": "正在构建数据仓库，请稍候…", "en": "Building the data warehouse, please wait…"},
    "warehouse.first_start": {
        "zh": "首次启动：正在用虚构演示数据生成并校验全省数据仓库（13个市、95个县（市、区），约1分钟）。之后启动将直接使用已构建的数据。",
        "en": "First start: generating and validating the province-wide warehouse from fictional demo data (13 cities, 95 counties; about a minute). Later starts reuse it.",
    },
    "warehouse.outdated": {
        "zh": "程序已更新，数据仓库需按新结构重建（约1分钟）；已导入的数据会自动重新载入。",
        "en": "The app was updated: rebuilding the warehouse in its new format (about a minute); imported data is re-applied.",
    },
    "warehouse.outdated_no_build": {
        "zh": "数据仓库由旧版本程序构建，部分页面可能无法显示；请运行 python -m governance build 重建。",
        "en": "The warehouse was built by an older version of the app and some pages may fail; run python -m governance build.",
    },
    "warehouse.build_step": {"zh": "构建进度：{message}", "en": "Build progress: {message}"},
    "warehouse.build_disabled": {
        "zh": "数据仓库尚未构建（已关闭自动构建）。请在“数据与导入”页面或命令行构建。",
        "en": "The data warehouse has not been built (automatic build is off). Build it on the Data & import "
        "page or from the command line.",
    },
    "warehouse.build_failed": {
        "zh": "数据仓库构建失败：{error}。请检查数据文件后在“数据与导入”页面重试。",
        "en": "Building the data warehouse failed: {error}. Check the data files and retry on the Data & import page.",
    },
    "warehouse.unavailable": {
        "zh": "数据暂不可用：数据仓库未就绪或缺少所需数据表。",
        "en": "No data available: the warehouse is not ready or lacks the required tables.",
    },
    # ------------------------------------------------------------------ generic states and widgets
    "common.no_data": {"zh": "当前筛选条件下暂无数据。", "en": "No data for the current filters."},
    "common.download_csv": {"zh": "下载 CSV", "en": "Download CSV"},
    "common.download_xlsx": {"zh": "下载 Excel", "en": "Download Excel"},
    "common.target": {"zh": "目标：{target}", "en": "Target: {target}"},
    "common.status_green": {"zh": "达标", "en": "On track"},
    "common.status_amber": {"zh": "预警", "en": "Watch"},
    "common.status_red": {"zh": "未达标", "en": "Off track"},
}


# Data values stored in Chinese in the warehouse -> English. Chinese mode shows the stored value unchanged.
VALUE_LABELS: dict[str, str] = {
    # programmes
    "养老服务": "Elderly care",
    "智慧网格": "Smart grid",
    "老旧小区改造": "Old-estate renovation",
    "垃圾分类": "Waste sorting",
    "社区公共设施": "Community facilities",
    "党建阵地": "Party-building sites",
    # fund sources
    "省级专项资金": "Provincial special funds",
    "市县财政": "City/county budget",
    "社会资本": "Private capital",
    "专项债": "Special bonds",
    "贴息贷款": "Interest-subsidised loans",
    "ABS": "ABS",
    # project models (专项债 / 贴息贷款 / ABS above serve both lists)
    "政府直投": "Direct government investment",
    "PPP-使用者付费": "PPP - user pays",
    "存量PPP-可行性缺口补助": "Legacy PPP - viability-gap funding",
    "BOT": "BOT",
    # project statuses
    "前期": "Preparation",
    "在建": "Under construction",
    "运营": "Operating",
    "完工": "Completed",
    "暂停": "Suspended",
    # risk levels
    "低": "Low",
    "中": "Medium",
    "高": "High",
    # elderly-care facility types
    "养老机构": "Care home",
    "街道综合养老服务中心": "Sub-district elderly care centre",
    "社区居家养老服务站": "Community home-care station",
    "助餐点": "Meal-assistance point",
    # operator models
    "公办公营": "Public, publicly run",
    "公建民营": "Public, privately run",
    "民办": "Private",
    # grid types
    "综合网格": "Comprehensive grid",
    "专属网格": "Dedicated grid",
    # council types
    "居民自治委员会": "Residents' self-governance committee",
    "社区协商议事会": "Community consultation council",
    # innovation-case categories
    "网格治理": "Grid governance",
    "居民自治": "Residents' self-governance",
    "资金创新": "Funding innovation",
    "数字治理": "Digital governance",
    # township and village kinds
    "街道": "Sub-district",
    "镇": "Town",
    "乡": "Township",
    "社区": "Urban community",
    "村": "Village",
    # county types
    "市辖区": "District",
    "县级市": "County-level city",
    "县": "County",
}


# Per-area catalogs (governance/i18n/areas/*.py) join the shared one here.
from governance.i18n.areas import merge_into as _merge_areas  # noqa: E402

_merge_areas(CATALOG, VALUE_LABELS)
