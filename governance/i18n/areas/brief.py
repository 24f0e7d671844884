"""Strings of the leadership briefing (PPTX / PDF, governance/app/briefs/), and its download buttons on the overview."""

CATALOG = {
    # ------------------------------------------------------------------ cover
    "brief.title": {"zh": "{region}基层治理形势简报", "en": "{region}: grassroots governance briefing"},
    "brief.period": {"zh": "统计期：{start} – {end}", "en": "Period: {start} – {end}"},
    "brief.built_at": {"zh": "数据构建于 {built_at}（北京时间）", "en": "Data built {built_at} (Beijing time)"},
    "brief.fictional": {"zh": "虚构演示数据：{note}", "en": "Fictional demo data: {note}"},
    "brief.real_data": {"zh": "数据集：{dataset}", "en": "Dataset: {dataset}"},
    "brief.page": {"zh": "第 {n} 页", "en": "Page {n}"},
    # ------------------------------------------------------------------ slide titles
    "brief.kpi_title": {"zh": "核心指标与目标", "en": "Headline indicators against targets"},
    "brief.kpi_note": {
        "zh": "颜色：绿=达标，黄=预警，红=未达标；资金执行率目标按已过月份折算；存量指标不作同比。",
        "en": "Colours: green on track, amber watch, red off track; fund-execution target pro-rated to the month "
              "reached; stock indicators have no year-on-year."},
    "brief.col_change": {"zh": "同比", "en": "Year on year"},
    "brief.narrative_title": {"zh": "形势简报", "en": "Briefing"},
    "brief.events_chart": {"zh": "网格事件（件/月）", "en": "Grid events per month"},
    "brief.events_reported": {"zh": "上报", "en": "Reported"},
    "brief.events_resolved": {"zh": "办结", "en": "Resolved"},
    "brief.map_title": {"zh": "分地区对比：{kpi}", "en": "By region: {kpi}"},
    "brief.map_ranking": {"zh": "{kpi}排名", "en": "{kpi}, ranked"},
    "brief.map_note_city": {"zh": "按市着色，五档分位数；灰色为无数据。", "en": "Coloured by city in quintiles; grey: no data."},
    "brief.map_note_county": {
        "zh": "按县（市、区）着色，五档分位数；灰色为无数据。", "en": "Coloured by county in quintiles; grey: no data."},
    "brief.alerts_title": {"zh": "最需关注的十条预警", "en": "The ten most serious alerts"},
    "brief.alerts_count": {
        "zh": "本期共触发预警 {n} 条，其中高等级 {high} 条；按等级和超出阈值的幅度排序。",
        "en": "{n} alerts this period, {high} of high severity; ordered by severity and how far past the threshold."},
    "brief.alerts_none": {"zh": "本期没有触发预警。", "en": "No alert fired this period."},
    "brief.col_severity": {"zh": "等级", "en": "Severity"},
    "brief.col_region": {"zh": "地区", "en": "Region"},
    "brief.col_subject": {"zh": "对象", "en": "Subject"},
    "brief.col_message": {"zh": "说明", "en": "Details"},
    "brief.severity_high": {"zh": "高", "en": "High"},
    "brief.severity_medium": {"zh": "中", "en": "Medium"},
    "brief.funds_title": {"zh": "资金执行", "en": "Fund execution"},
    "brief.funds_chart": {"zh": "{year}年资金执行率（%）", "en": "Fund execution {year} (%)"},
    "brief.funds_totals": {
        "zh": "统计期涉及年度（{years}）预算安排 {budget}，已支出 {executed}；{year}年执行率 {rate}，目标 {target}（截至{month}月折算）。",
        "en": "Fiscal years {years}: budget {budget}, spent {executed}; execution {year} {rate} against {target} "
              "(pro-rated to month {month})."},
    "brief.funds_laggards": {"zh": "执行率未达标的地区：{names}", "en": "Below target: {names}"},
    "brief.funds_no_laggard": {"zh": "各地区执行率均已达到折算目标。", "en": "Every region meets its pro-rated target."},
    "brief.elderly_title": {"zh": "养老服务缺口", "en": "Elderly-care gaps"},
    "brief.elderly_chart": {"zh": "每千名老人床位数（张）", "en": "Care beds per 1,000 elderly"},
    "brief.col_below": {"zh": "未达标地区", "en": "Regions below target"},
    "brief.below_count": {"zh": "{n} / {total}", "en": "{n} of {total}"},
    "brief.elderly_weakest": {"zh": "最弱：{names}", "en": "Weakest: {names}"},
    "brief.kpi.street_centre_pct": {"zh": "街道综合养老服务中心覆盖率", "en": "Streets with a care centre"},
    "brief.kpi.meal_points_per_community": {"zh": "每社区助餐点数", "en": "Meal points per community"},
    "brief.kpi.elderly_satisfaction_pct": {"zh": "养老服务满意度", "en": "Elderly-care satisfaction"},
    "brief.redline_title": {"zh": "财政承受能力红线", "en": "The fiscal red line"},
    "brief.redline_note": {
        "zh": "PPP项目财政支出责任占一般公共预算支出的比例：{rules}。{year}年，{over10}个县超过10%，{over7}个县在7–10%之间，{over5}个县在5–7%之间。",
        "en": "PPP fiscal obligations as a share of general public budget expenditure: {rules}. {year}: {over10} "
              "counties above 10 %, {over7} between 7 and 10 %, {over5} between 5 and 7 %."},
    "brief.redline_rule": {"zh": "超过{pct}%{what}", "en": "above {pct} % {what}"},
    "brief.redline_over": {"zh": "超过{pct}%：{what}", "en": "Above {pct} %: {what}"},
    "brief.redline_ok": {"zh": "正常", "en": "Normal"},
    "brief.col_county": {"zh": "县（市、区）", "en": "County"},
    "brief.col_city": {"zh": "设区市", "en": "City"},
    "brief.col_obligation": {"zh": "支出责任占比", "en": "Obligations / expenditure"},
    "brief.col_headroom": {"zh": "距10%空间", "en": "Headroom to 10 %"},
    "brief.appendix_title": {"zh": "附录：数据来源与口径", "en": "Appendix: data sources and definitions"},
    "brief.appendix_dataset": {"zh": "数据集：{dataset}（规模系数 {scale}），构建于 {built_at}（北京时间）。",
                               "en": "Dataset {dataset} (scale {scale}), built {built_at} (Beijing time)."},
    "brief.appendix_files": {"zh": "来源文件：{files}", "en": "Source files: {files}"},
    "brief.appendix_queries": {
        "zh": "数字来自驾驶舱的同名查询（queries/*.sql）：{names}；与“领导驾驶舱”页面同一口径。",
        "en": "Numbers come from the dashboard's named queries (queries/*.sql): {names} — the same as the "
              "overview page."},
    "brief.appendix_rules": {"zh": "预警规则：data/reference/alert_rules.csv（{n} 条）。",
                             "en": "Alert rules: data/reference/alert_rules.csv ({n} rules)."},
    "brief.appendix_targets": {"zh": "指标目标及其来源：", "en": "Targets and their sources:"},
    "brief.appendix_font": {
        "zh": "字体：Noto Sans CJK SC（SIL OFL 1.1），子集嵌入。",
        "en": "Font: Noto Sans CJK SC (SIL OFL 1.1), embedded as a subset."},
    # ------------------------------------------------------------------ in the app
    "brief.download_heading": {"zh": "下载简报", "en": "Download the briefing"},
    "brief.download_pptx": {"zh": "下载简报（PPTX）", "en": "Briefing (PPTX)"},
    "brief.download_pdf": {"zh": "下载简报（PDF）", "en": "Briefing (PDF)"},
    "brief.download_help": {
        "zh": "按当前地区和统计期生成领导简报：指标、形势、地图、预警、资金、养老、红线与数据来源。",
        "en": "A leadership briefing for the current region and period: indicators, narrative, map, alerts, "
              "funds, elderly care, red line and sources."},
    "brief.download_failed": {"zh": "简报生成失败，请稍后重试。", "en": "The briefing could not be made; please try again."},
}
