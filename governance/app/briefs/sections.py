"""The briefing's sections as plain rows and texts, shared by the PPTX and the PDF writer (one wording, two
layouts). Every value is formatted here with ``governance.i18n.formats`` / ``kpis.fmt_kpi``."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from governance.app.briefs.content import QUERIES_USED, Brief, kpi_name
from governance.app.briefs.style import rag_fill
from governance.core import thresholds
from governance.core.indicators import kpis
from governance.core.regions import city_of
from governance.i18n import region_name, t
from governance.i18n.formats import fmt_month, fmt_pct, fmt_wan_yuan, unit_scale


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative column widths
    fills: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> background of a status cell


@dataclass
class Series:
    name: str
    values: list[float | None]
    colors: list[str] | None = None  # one per point (bars)


@dataclass
class Chart:
    kind: str  # 'bar' (vertical), 'barh' (horizontal), 'line'
    title: str
    categories: list[str]
    series: list[Series]
    unit: str = "pct"  # 'pct' (percent units), 'count', 'ratio'
    lang: str = "zh"

    def scale(self) -> tuple[float, str]:
        """(divisor, suffix) of the value axis: 万 / 亿 in Chinese, K / M in English (counts only)."""
        if self.unit != "count":
            return 1.0, ""
        top = max((abs(v) for s in self.series for v in s.values if v is not None and not pd.isna(v)), default=0)
        return unit_scale(top, self.lang)


def status_text(status: str, lang: str) -> str:
    return kpis.status_label(status, lang)


# ============================================================================================ sections
def kpi_table(b: Brief) -> Table:
    lang = b.lang
    rows, fills = [], {}
    for i, rec in enumerate(b.summary.to_dict("records")):
        kpi = rec["kpi"]
        spec = kpis.KPI_SPECS[kpi]
        target = None if pd.isna(rec["target"]) else rec["target"]
        change = "—" if spec.stock else kpis.change_text(kpi, rec["value"], rec["previous"], lang=lang)
        rows.append([kpi_name(kpi, lang), kpis.fmt_kpi(kpi, rec["value"], lang=lang),
                     kpis.fmt_kpi(kpi, rec["previous"], lang=lang), change,
                     kpis.target_text(kpi, target, lang=lang), status_text(rec["status"], lang)])
        fills[(i, 5)] = rec["status"]
    header = [t("overview.col_kpi", lang=lang), t("overview.col_value", lang=lang),
              t("overview.col_previous", lang=lang), t("brief.col_change", lang=lang),
              t("overview.col_target", lang=lang), t("overview.col_status", lang=lang)]
    return Table(header, rows, [3.2, 1.5, 1.7, 1.7, 1.8, 1.2], fills)


def narrative_sentences(b: Brief) -> list[str]:
    text = b.narrative.strip()
    if b.lang == "zh":
        parts = [p + "。" for p in text.split("。") if p.strip()]
    else:
        parts = [p.strip() + ("" if p.strip().endswith(".") else ".") for p in text.split(". ") if p.strip()]
    return parts or [text]


def events_chart(b: Brief) -> Chart | None:
    ev = b.events
    if ev is None or ev.empty:
        return None
    cats = [fmt_month(m, lang=b.lang) for m in ev["month"]]
    return Chart("line", t("brief.events_chart", lang=b.lang), cats, [
        Series(t("brief.events_reported", lang=b.lang), [float(v) for v in ev["reported"]]),
        Series(t("brief.events_resolved", lang=b.lang), [float(v) for v in ev["resolved"]]),
    ], unit="count", lang=b.lang)


def map_title(b: Brief) -> str:
    return t("brief.map_title", lang=b.lang, kpi=kpi_name(b.map_kpi, b.lang))


def map_note(b: Brief) -> str:
    return t("brief.map_note_city" if b.group_level == "city" else "brief.map_note_county", lang=b.lang)


def ranking_chart(ranked: pd.DataFrame, kpi: str, title: str, lang: str, limit: int | None = None) -> Chart | None:
    if ranked is None or ranked.empty:
        return None
    r = ranked if limit is None else ranked.head(limit)
    tg = thresholds.TARGETS.get(kpi)
    unit = "pct" if tg is not None and tg.unit == "%" else "ratio"
    return Chart("barh", title, list(r["name"]), [
        Series(kpi_name(kpi, lang), [float(v) for v in r["value"]], [_rag(s) for s in r["status"]])], unit=unit,
        lang=lang)


def _rag(status: str) -> str:
    return rag_fill(status)


def alerts_intro(b: Brief) -> str:
    if not b.alerts_total:
        return t("brief.alerts_none", lang=b.lang)
    return t("brief.alerts_count", lang=b.lang, n=b.alerts_total, high=b.alerts_high)


def alerts_table(b: Brief) -> Table | None:
    if b.alerts is None or b.alerts.empty:
        return None
    lang = b.lang
    rows, fills = [], {}
    for i, rec in enumerate(b.alerts.to_dict("records")):
        sev = str(rec["severity"])
        rows.append([t(f"brief.severity_{sev}", lang=lang) if sev in ("high", "medium") else sev,
                     str(rec.get("county_name") or region_name(rec.get("county_code"), lang=lang)),
                     str(rec.get("message") or rec.get("subject") or "")])
        fills[(i, 0)] = "red" if sev == "high" else "amber"
    header = [t("brief.col_severity", lang=lang), t("brief.col_region", lang=lang), t("brief.col_message", lang=lang)]
    return Table(header, rows, [0.9, 1.5, 9.6], fills)


def funds_summary(b: Brief) -> str:
    lang = b.lang
    row = b.current.iloc[0].to_dict()
    fund = b.summary.set_index("kpi").loc["fund_execution_pct"]
    years = f"{b.start.year}" if b.start.year == b.end.year else f"{b.start.year}–{b.end.year}"
    as_of = row.get("fund_as_of_month")
    month = int(as_of) if as_of is not None and not pd.isna(as_of) else 12
    target = None if pd.isna(fund["target"]) else fund["target"]
    text = t("brief.funds_totals", lang=lang, years=years, budget=fmt_wan_yuan(row.get("fund_budget"), lang=lang),
             executed=fmt_wan_yuan(row.get("fund_executed"), lang=lang), year=b.end.year,
             rate=kpis.fmt_kpi("fund_execution_pct", fund["value"], lang=lang),
             target=kpis.fmt_kpi("fund_execution_pct", target, lang=lang), month=month)
    lag = b.funds_ranked[b.funds_ranked["status"] != "green"] if len(b.funds_ranked) else b.funds_ranked
    sep = "、" if lang == "zh" else ", "
    if len(lag):
        text += " " + t("brief.funds_laggards", lang=lang, names=sep.join(
            f"{n}（{v}）" if lang == "zh" else f"{n} ({v})" for n, v in zip(lag["name"], lag["value_text"])))
    elif len(b.funds_ranked):
        text += " " + t("brief.funds_no_laggard", lang=lang)
    return text


def funds_chart(b: Brief) -> Chart | None:
    r = b.funds_ranked
    if r is None or r.empty:
        return None
    return Chart("bar", t("brief.funds_chart", lang=b.lang, year=b.end.year), list(r["name"]), [
        Series(kpi_name("fund_execution_pct", b.lang), [float(v) for v in r["value"]],
               [_rag(s) for s in r["status"]])], unit="pct", lang=b.lang)


def elderly_table(b: Brief) -> Table:
    lang = b.lang
    sep = "、" if lang == "zh" else ", "
    rows, fills = [], {}
    for i, rec in enumerate(b.elderly_rows):
        kpi = rec["kpi"]
        op = "≥" if thresholds.TARGETS[kpi].higher_is_better else "≤"
        rows.append([kpi_name(kpi, lang), _fmt_any(kpi, rec["value"], lang), f"{op}{_fmt_any(kpi, rec['target'], lang)}",
                     t("brief.below_count", lang=lang, n=rec["below"], total=rec["total"]),
                     sep.join(rec["weakest"]) or "—"])
        fills[(i, 1)] = rec["status"]
    header = [t("overview.col_kpi", lang=lang), t("overview.col_value", lang=lang), t("overview.col_target", lang=lang),
              t("brief.col_below", lang=lang), t("brief.elderly_weakest", lang=lang, names="").rstrip("：: ")]
    return Table(header, rows, [3.4, 1.4, 1.3, 1.6, 3.4], fills)


def _fmt_any(kpi: str, value, lang: str) -> str:
    tg = thresholds.TARGETS.get(kpi)
    if kpi in kpis.KPI_SPECS or (tg is not None and tg.unit == "%"):
        return kpis.fmt_kpi(kpi, value, lang=lang) if kpi in kpis.KPI_SPECS else fmt_pct(value, lang=lang)
    try:
        v = float(value)
    except (TypeError, ValueError):
        return "—"
    return "—" if pd.isna(v) else f"{v:,.2f}" if abs(v) < 10 else f"{v:,.1f}"


def elderly_chart(b: Brief) -> Chart | None:
    r = b.elderly_ranked
    if r is None or r.empty:
        return None
    worst_first = r.iloc[::-1].head(12)
    return ranking_chart(worst_first, "beds_per_1000_elderly", t("brief.elderly_chart", lang=b.lang), b.lang)


# which red line (governance.core.thresholds.RED_LINES) a status of ``thresholds.red_line_status`` is over
_STATUS_LINE = {"over_10": "no_new_ppp", "over_7": "risk_notice", "over_5": "no_new_government_pay"}


def red_line_label(status: str, lang: str) -> str:
    line = thresholds.RED_LINES.get(_STATUS_LINE.get(status, ""))
    if line is None:
        return t("brief.redline_ok", lang=lang)
    return t("brief.redline_over", lang=lang, pct=f"{line.pct:g}",
             what=line.forbids_en if lang == "en" else line.forbids_zh)


def red_line_note(b: Brief) -> str:
    """The lines (from the one table in thresholds) and how many counties are over each, for the year of the end."""
    lang = b.lang
    c = b.red_line_counts
    lines = "；".join if lang == "zh" else "; ".join
    rules = lines(t("brief.redline_rule", lang=lang, pct=f"{r.pct:g}", what=r.forbids_en if lang == "en" else r.forbids_zh)
                  for r in sorted(thresholds.RED_LINES.values(), key=lambda r: -r.share))
    return t("brief.redline_note", lang=lang, rules=rules, year=b.end.year, over10=c.get("over_10", 0),
             over7=c.get("over_7", 0), over5=c.get("over_5", 0))


def red_line_table(b: Brief) -> Table | None:
    r = b.red_line
    if r is None or r.empty:
        return None
    lang = b.lang
    rows, fills = [], {}
    for i, rec in enumerate(r.to_dict("records")):
        status = str(rec["line_status"])
        rows.append([str(rec["county_name"]), region_name(city_of(str(rec["county_code"])), lang=lang),
                     f"{float(rec['obligation_pct']):.2f}%", fmt_wan_yuan(rec["headroom_to_10pct"], lang=lang),
                     red_line_label(status, lang)])
        fills[(i, 4)] = thresholds.RED_LINE_STATUS_BAND.get(status, "none")
    header = [t("brief.col_county", lang=lang), t("brief.col_city", lang=lang), t("brief.col_obligation", lang=lang),
              t("brief.col_headroom", lang=lang), t("overview.col_status", lang=lang)]
    return Table(header, rows, [2.0, 1.6, 2.0, 2.0, 3.6], fills)


def appendix_lines(b: Brief) -> list[str]:
    lang = b.lang
    info = b.info
    return [
        t("brief.appendix_dataset", lang=lang, dataset=str(info.get("dataset_id") or "—"),
          scale=info.get("scale", "—"), built_at=b.built_at_text()),
        t("brief.appendix_files", lang=lang, files=str(info.get("source_files") or "—")),
        t("brief.appendix_queries", lang=lang, names=", ".join(QUERIES_USED)),
        t("brief.appendix_rules", lang=lang, n=b.rule_count),
        b.notice_text(),
        t("brief.appendix_font", lang=lang),
    ]


def targets_table(b: Brief) -> Table:
    lang = b.lang
    rows = []
    for spec in kpis.OVERVIEW_KPIS:
        target = b.summary.set_index("kpi").loc[spec.kpi, "target"]
        rows.append([kpi_name(spec.kpi, lang),
                     kpis.target_text(spec.kpi, None if pd.isna(target) else target, lang=lang),
                     t(f"overview.source.{spec.kpi}", lang=lang)])
    header = [t("overview.col_kpi", lang=lang), t("overview.col_target", lang=lang),
              t("overview.col_source", lang=lang)]
    return Table(header, rows, [2.6, 1.8, 7.6])
