"""Strings of the presentation mode (``?present=1``, governance/app/present.py)."""

CATALOG = {
    "present.button": {"zh": "展示模式", "en": "Presentation mode"},
    "present.button_help": {
        "zh": "全屏轮播：核心指标 → 地图 → 预警 → 创新案例 → 融资方案；翻页器 PageDown/PageUp 或 →/← 翻页，空格暂停，Esc 退出。",
        "en": "Full-screen playlist: indicators → map → alerts → cases → financing; PageDown/PageUp or →/← "
              "move, Space pauses, Esc leaves."},
    "present.prev": {"zh": "上一屏", "en": "Previous"},
    "present.next": {"zh": "下一屏", "en": "Next"},
    "present.pause": {"zh": "暂停", "en": "Pause"},
    "present.play": {"zh": "继续", "en": "Play"},
    "present.exit": {"zh": "退出", "en": "Exit"},
    "present.position": {"zh": "{i} / {n}", "en": "{i} / {n}"},
    "present.paused": {"zh": "已暂停", "en": "Paused"},
    "present.every": {"zh": "每 {s} 秒翻页", "en": "Every {s} s"},
    "present.slide.kpis": {"zh": "核心指标", "en": "Headline indicators"},
    "present.slide.map": {"zh": "分地区对比：{kpi}", "en": "By region: {kpi}"},
    "present.slide.alerts": {"zh": "当前预警", "en": "Alerts"},
    "present.slide.cases": {"zh": "创新案例", "en": "Innovation cases"},
    "present.slide.scenario": {"zh": "融资方案测算", "en": "A financing scenario"},
    "present.alerts_more": {"zh": "另有 {n} 条预警", "en": "{n} more alerts"},
    "present.no_cases": {"zh": "本地区暂无创新案例。", "en": "No innovation cases in this region."},
    "present.no_alerts": {"zh": "当前没有预警。", "en": "No active alerts."},
    "present.scenario_source": {"zh": "方案：{name}", "en": "Scenario: {name}"},
    "present.sc_capex": {"zh": "总投资", "en": "Total investment"},
    "present.sc_pv_outlay": {"zh": "政府支出现值", "en": "Government outlay (present value)"},
    "present.sc_vfm": {"zh": "物有所值指数", "en": "Value-for-money index"},
    "present.sc_peak_share": {"zh": "支出责任占比峰值", "en": "Peak obligations / budget"},
    "present.cases_full_screen": {"zh": "全屏展示（展示模式）", "en": "Full screen (presentation mode)"},
}
