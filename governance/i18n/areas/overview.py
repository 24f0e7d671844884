"""Strings of the leadership overview (pages/overview.py), the KPI names shared with the grid page, and the
briefing paragraph (governance/core/indicators/briefing.py)."""

CATALOG = {
    # ------------------------------------------------------------------ KPI names (cards, maps, tables)
    "overview.kpi.grid_coverage_pct": {"zh": "网格覆盖率", "en": "Grid coverage"},
    "overview.kpi.closure_pct": {"zh": "事件办结率", "en": "Event closure rate"},
    "overview.kpi.on_time_pct": {"zh": "按期办结率", "en": "On-time closure rate"},
    "overview.kpi.fund_execution_pct": {"zh": "资金执行率", "en": "Fund execution rate"},
    "overview.kpi.social_capital_pct": {"zh": "社会资本占比", "en": "Private-capital share"},
    "overview.kpi.beds_per_1000_elderly": {"zh": "每千名老人床位数", "en": "Care beds per 1,000 elderly"},
    "overview.kpi.nursing_bed_pct": {"zh": "护理型床位占比", "en": "Nursing-bed share"},
    "overview.kpi.waste_accuracy_pct": {"zh": "垃圾分类准确率", "en": "Waste-sorting accuracy"},
    "overview.kpi.council_adoption_pct": {"zh": "议事提案采纳率", "en": "Council proposals adopted"},
    "overview.kpi.obligation_pct": {"zh": "PPP支出责任占比", "en": "PPP obligations / budget"},
    "overview.kpi.workers_per_1000_households": {"zh": "每千户网格员数", "en": "Grid workers per 1,000 households"},
    "overview.kpi.party_branch_pct": {"zh": "网格党支部覆盖率", "en": "Grids with a party branch"},
    "overview.kpi.smart_grid_pct": {"zh": "智慧网格接入率", "en": "Smart-grid connection rate"},
    # ------------------------------------------------------------------ where each target comes from
    "overview.source.grid_coverage_pct": {
        "zh": "全要素网格“全覆盖”要求（domain.md §3，估计值）",
        "en": "All-element grid: full coverage (domain.md §3, estimate)"},
    "overview.source.closure_pct": {
        "zh": "苏州微城管结案率98.5%、杨舍镇99.7%（domain.md §3）",
        "en": "Benchmarks: Suzhou 98.5 %, Yangshe 99.7 % (domain.md §3)"},
    "overview.source.on_time_pct": {
        "zh": "按期办结率参考区间92–99%（domain.md §3，估计值）",
        "en": "On-time closure range 92–99 % (domain.md §3, estimate)"},
    "overview.source.fund_execution_pct": {
        "zh": "预算执行惯例：全年90%，年内按已过月份折算（估计值）",
        "en": "Budget practice: 90 % by December, pro-rated within the year (estimate)"},
    "overview.source.social_capital_pct": {
        "zh": "资金来源多元化目标（估计值）", "en": "Funding-diversification goal (estimate)"},
    "overview.source.beds_per_1000_elderly": {
        "zh": "国家此前目标每千名老人35–40张（domain.md §4）",
        "en": "Earlier national target 35–40 beds per 1,000 elderly (domain.md §4)"},
    "overview.source.nursing_bed_pct": {
        "zh": "国家“十四五”目标≥55%，江苏按60%估计（domain.md §4）",
        "en": "National 14th FYP ≥55 %; Jiangsu assumed 60 % (domain.md §4)"},
    "overview.source.waste_accuracy_pct": {
        "zh": "达标小区分类准确率≥80%（domain.md §7）",
        "en": "Qualifying-compound standard: accuracy ≥80 % (domain.md §7)"},
    "overview.source.council_adoption_pct": {"zh": "工作目标（估计值）", "en": "Working goal (estimate)"},
    "overview.source.obligation_pct": {
        "zh": "财金〔2015〕21号：不超过10%红线，超过5%不得新上政府付费项目（domain.md §5a）",
        "en": "Cai Jin [2015] No. 21: 10 % red line; above 5 % no new government-pay PPP (domain.md §5a)"},
    "overview.source.party_branch_pct": {"zh": "网格党组织全覆盖目标（估计值）", "en": "Party branch on every grid (estimate)"},
    "overview.source.smart_grid_pct": {
        "zh": "“一网、一台、一终端、一中心”（domain.md §3，估计值）",
        "en": "One grid, one platform, one terminal, one centre (domain.md §3, estimate)"},
    "overview.source.workers_per_1000_households": {"zh": "暂无目标", "en": "No target set"},
    # ------------------------------------------------------------------ page
    "overview.target": {"zh": "目标 {op}{target}", "en": "Target {op}{target}"},
    "overview.change_yoy": {"zh": "同比 {change}", "en": "YoY {change}"},
    "overview.source_hover": {"zh": "目标来源：{source}", "en": "Target source: {source}"},
    "overview.stock_no_history": {"zh": "存量指标，无历史数据，不作同比", "en": "Stock indicator: no history, no year-on-year"},
    "overview.prior_missing": {"zh": "上年同期无可比数据", "en": "No comparable data a year earlier"},
    "overview.fund_prorated": {"zh": "全年目标{annual}%按{months}个月折算",
                               "en": "{annual} % annual target pro-rated to {months} months"},
    "overview.fund_not_comparable": {
        "zh": "上年同期资金数据截至月份不同，不作同比",
        "en": "Year-ago fund figures reach another month: no year-on-year"},
    "overview.kpis_heading": {"zh": "核心指标", "en": "Headline indicators"},
    "overview.period_vs": {
        "zh": "{start} – {end}，同比对照 {prev_start} – {prev_end}",
        "en": "{start} – {end}, compared with {prev_start} – {prev_end}"},
    "overview.briefing_heading": {"zh": "形势简报", "en": "Briefing"},
    "overview.map_heading": {"zh": "分地区对比", "en": "By region"},
    "overview.map_metric": {"zh": "地图指标", "en": "Indicator on the map"},
    "overview.map_hint_province": {"zh": "按市着色；点击地图上的市可下钻。", "en": "Coloured by city; click a city to drill down."},
    "overview.map_hint_city": {
        "zh": "按县（市、区）着色；点击可下钻到县。", "en": "Coloured by county; click one to drill down."},
    "overview.legend_no_data": {"zh": "无数据", "en": "No data"},
    "overview.legend_note": {"zh": "分级：按分位数分为五档；{target}", "en": "Classes: quintiles; {target}"},
    "overview.best": {"zh": "表现最好", "en": "Best"},
    "overview.worst": {"zh": "表现最弱", "en": "Weakest"},
    "overview.rank_axis": {"zh": "{metric}", "en": "{metric}"},
    "overview.alerts": {"zh": "当前预警 {n} 条，其中高等级 {high} 条", "en": "Alerts: {n} ({high} high severity)"},
    "overview.alerts_rule": {"zh": "{title} {count} 条", "en": "{title}: {count}"},
    "overview.alerts_none": {"zh": "当前没有预警。", "en": "No active alerts."},
    "overview.targets_expander": {"zh": "指标目标与来源", "en": "Targets and their sources"},
    "overview.col_kpi": {"zh": "指标", "en": "Indicator"},
    "overview.col_value": {"zh": "本期", "en": "This period"},
    "overview.col_previous": {"zh": "上年同期", "en": "Same period last year"},
    "overview.col_target": {"zh": "目标", "en": "Target"},
    "overview.col_status": {"zh": "状态", "en": "Status"},
    "overview.col_source": {"zh": "来源", "en": "Source"},
    "overview.rank_detail": {"zh": "第{rank}名（共{n}个）· {status}", "en": "Rank {rank} of {n} · {status}"},
    "overview.status_none": {"zh": "无目标", "en": "No target"},
    "overview.map_alt": {"zh": "{metric}分地区着色地图", "en": "Map of {metric} by region"},
    # ------------------------------------------------------------------ briefing (governance/core/indicators/briefing.py)
    "briefing.status_count": {
        "zh": "{region}{n}项重点指标中，{green}项达标、{amber}项预警、{red}项未达标。",
        "en": "Of {n} headline indicators for {region}, {green} are on track, {amber} on watch and {red} off track."},
    "briefing.furthest": {
        "zh": "距目标最远的是{label}：{value}，目标为{target}。",
        "en": "Furthest from target: {label} at {value} against {target}."},
    "briefing.all_on_target": {"zh": "各项指标均已达到目标。", "en": "Every indicator meets its target."},
    "briefing.by_city": {"zh": "分市看", "en": "By city"},
    "briefing.by_county": {"zh": "分县（市、区）看", "en": "By county"},
    "briefing.unit_city": {"zh": "个市", "en": "cities"},
    "briefing.unit_county": {"zh": "个县（市、区）", "en": "counties"},
    "briefing.best_worst": {
        "zh": "{by}，{label}最好的是{best}（{best_value}），最弱的是{worst}（{worst_value}）。",
        "en": "{by}, {label} is best in {best} ({best_value}) and weakest in {worst} ({worst_value})."},
    "briefing.red_regions": {
        "zh": "{total}{unit}中有{n}{unit}该项未达标。",
        "en": "{n} of {total} {unit} are off track on it."},
    "briefing.biggest_change": {
        "zh": "与上年同期相比，变化最大的是{label}，{direction}{points}个百分点（{previous}→{value}）。",
        "en": "Biggest change on the same period last year: {label}, {direction} {points} pp ({previous} → {value})."},
    "briefing.up": {"zh": "上升", "en": "up"},
    "briefing.down": {"zh": "下降", "en": "down"},
    "briefing.no_change": {"zh": "上年同期数据不足，暂无同比。", "en": "No comparable data for the same period last year."},
    "briefing.red_line_over": {
        "zh": "{n}个县（市、区）PPP支出责任占一般公共预算支出比重已超过10%红线，不得新上PPP项目（最高{max}）。",
        "en": "{n} counties are over the 10 % red line of PPP obligations to general budget expenditure: no new PPP "
              "projects there (highest {max})."},
    "briefing.red_line_notice_more": {
        "zh": "另有{n}个超过7%风险提示线。",
        "en": "{n} more are over the 7 % risk notice."},
    "briefing.red_line_notice": {
        "zh": "{n}个县（市、区）PPP支出责任占一般公共预算支出比重超过7%风险提示线，尚未超过10%红线（最高{max}）。",
        "en": "{n} counties have PPP obligations over the 7 % risk notice of general budget expenditure, none over "
              "the 10 % red line (highest {max})."},
    "briefing.red_line_none": {
        "zh": "没有县（市、区）PPP支出责任占比超过7%风险提示线（最高{max}）。",
        "en": "No county has PPP obligations over the 7 % risk notice of general budget expenditure (highest {max})."},
}
