"""What a briefing says: the numbers of one region and period, read through the dashboard's named queries.

Every figure comes from the same query and the same core function the overview page uses
(``kpis_by_region`` → ``kpis.kpi_summary`` / ``briefing_text`` / ``kpis.ranked``; the alert rules engine;
``obligations_by_county_year``; ``event_trend``), so a briefing and the overview agree for the same filters.
``run`` is any ``(name, **params) -> DataFrame`` callable: ``governance.app.data.query`` in the app, a lambda
over ``governance.core.warehouse.run_query`` on the command line and in tests. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from governance.core import thresholds
from governance.core.indicators import alerts as alert_rules
from governance.core.indicators import briefing, kpis
from governance.core.months import shift_months
from governance.core.regions import CITY_BY_CODE, PROVINCE_CODE, city_of, county_by_code, region_level
from governance.i18n import region_name, t, use_lang
from governance.i18n.catalog import CATALOG
from governance.i18n.formats import fmt_month, month_key

RunQuery = Callable[..., pd.DataFrame]

# the elderly-care indicators of the gaps slide (all columns of kpis_by_region with a target in thresholds)
ELDERLY_KPIS = ("beds_per_1000_elderly", "nursing_bed_pct", "street_centre_pct", "meal_points_per_community",
                "elderly_satisfaction_pct")
QUERIES_USED = ("kpis_by_region", "event_trend", "obligations_by_county_year", "available_months", "dataset_info")
TOP_ALERTS = 10
TOP_RED_LINE = 10


class BriefError(ValueError):
    """A briefing that cannot be made (unknown region, empty period): the CLI exits 2, nothing is written."""


@dataclass
class Brief:
    region: str
    lang: str
    start: dt.date
    end: dt.date
    prev_start: dt.date
    prev_end: dt.date
    info: dict
    current: pd.DataFrame
    previous: pd.DataFrame | None
    groups: pd.DataFrame  # kpis_by_region rows of the map's cities / counties
    group_level: str  # 'city' | 'county'
    summary: pd.DataFrame  # kpis.kpi_summary
    narrative: str
    map_kpi: str
    map_values: pd.DataFrame  # kpis.map_values
    map_ranked: pd.DataFrame  # kpis.ranked on map_kpi
    events: pd.DataFrame  # event_trend
    alerts: pd.DataFrame  # the TOP_ALERTS most serious
    alerts_total: int
    alerts_high: int
    funds_ranked: pd.DataFrame  # kpis.ranked on fund_execution_pct
    elderly_rows: list[dict] = field(default_factory=list)
    elderly_ranked: pd.DataFrame | None = None  # kpis.ranked on beds_per_1000_elderly
    red_line: pd.DataFrame | None = None  # obligations_by_county_year + line_status, worst first
    red_line_counts: dict = field(default_factory=dict)
    rule_count: int = 0

    # ------------------------------------------------------------------ derived texts
    @property
    def region_name(self) -> str:
        return region_name(self.region, lang=self.lang)

    @property
    def period_key(self) -> str:
        """'2025-12_2026-11' (or '2026-11' for one month): the period part of outbox file names."""
        a, b = month_key(self.start), month_key(self.end)
        return a if a == b else f"{a}_{b}"

    def period_text(self) -> str:
        return t("brief.period", lang=self.lang, start=fmt_month(self.start, lang=self.lang),
                 end=fmt_month(self.end, lang=self.lang))

    def built_at_text(self) -> str:
        """Build time of the warehouse in Beijing time, 'YYYY-MM-DD HH:MM' ('—' when unknown)."""
        value = self.info.get("built_at")
        if value is None:
            return "—"
        ts = pd.Timestamp(value)
        if pd.isna(ts):
            return "—"
        if ts.tzinfo is None:  # dataset_info.built_at is UTC
            ts = ts.tz_localize("UTC")
        return ts.tz_convert(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")

    def notice_text(self) -> str:
        if bool(self.info.get("is_fictional")):
            note = self.info.get("note_en" if self.lang == "en" else "note_zh")
            note = str(note).strip() if isinstance(note, str) and note.strip() else t(
                "data.fictional_default_note", lang=self.lang)
            return t("brief.fictional", lang=self.lang, note=note)
        return t("brief.real_data", lang=self.lang, dataset=str(self.info.get("dataset_id") or "—"))

    def stamp(self, fmt: str = "") -> str:
        """What the file is made from, as an ASCII digest: the same stamp means the same content (the outbox
        skips it). Changes with the warehouse build, the region, period, language, format and BRIEF_FORMAT_VERSION."""
        made_from = "|".join([str(BRIEF_FORMAT_VERSION), fmt, self.region, month_key(self.start), month_key(self.end),
                              self.lang, str(self.info.get("dataset_id")), str(self.info.get("built_at"))])
        return "brief-" + hashlib.sha256(made_from.encode("utf-8")).hexdigest()[:32]


BRIEF_FORMAT_VERSION = 1


# ============================================================================================ validation
def known_region(code: object) -> bool:
    code = str(code or "").strip()
    return code == PROVINCE_CODE or code in CITY_BY_CODE or code in county_by_code()


def resolve_period(months: list[dt.date], start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    """The period of a briefing: given months, or the last 12 months of history (the app's default view).
    Raises BriefError when the warehouse has no months or the period holds none of them."""
    if not months:
        raise BriefError("the warehouse has no monthly data")
    end = end or months[-1]
    start = start or max(months[0], shift_months(end, -11))
    if start > end:
        raise BriefError(f"empty period: {month_key(start)} is after {month_key(end)}")
    if not any(start <= m <= end for m in months):
        raise BriefError(f"no data for {month_key(start)} … {month_key(end)} "
                         f"(the warehouse holds {month_key(months[0])} … {month_key(months[-1])})")
    return start, end


def _months(run: RunQuery) -> list[dt.date]:
    df = run("available_months")
    if df is None or df.empty:
        return []
    return [pd.Timestamp(m).date().replace(day=1) for m in df["month"]]


# ============================================================================================ gathering
def _severity_order(found: pd.DataFrame) -> pd.DataFrame:
    """High before medium, then how far past its threshold (relative), then the rules engine's order."""
    if found is None or found.empty:
        return found
    rules = {r.rule_id: r for r in alert_rules.load_rules()}
    excess = []
    for rec in found.to_dict("records"):
        rule = rules.get(rec["rule_id"])
        v, thr = float(rec["value"]), float(rec["threshold"])
        over = (v - thr) if rule is None or rule.operator.startswith(">") else (thr - v)
        excess.append(over / abs(thr) if thr else over)
    out = found.assign(_sev=found["severity"].map({"high": 0, "medium": 1}).fillna(2), _excess=excess,
                       _order=range(len(found)))
    out = out.sort_values(["_sev", "_excess", "_order"], ascending=[True, False, True], kind="mergesort")
    return out.drop(columns=["_sev", "_excess", "_order"]).reset_index(drop=True)


def _map_kpi(summary: pd.DataFrame, groups: pd.DataFrame) -> str:
    """The KPI the narrative dwells on: furthest behind its target (as ``briefing_text`` picks it), else the first."""
    behind = summary[summary["gap"] > 0].sort_values(["gap", "kpi"], ascending=[False, True], kind="mergesort")
    for kpi in list(behind["kpi"]) + [s.kpi for s in kpis.OVERVIEW_KPIS]:
        if len(kpis.ranked(groups, kpi)):
            return kpi
    return kpis.OVERVIEW_KPIS[0].kpi


def _elderly_rows(current: pd.DataFrame, groups: pd.DataFrame, lang: str) -> list[dict]:
    """Per elderly-care KPI: the region's value, its target and status, and how many cities / counties fall short."""
    row = current.iloc[0].to_dict() if len(current) else {}
    out = []
    for kpi in ELDERLY_KPIS:
        tg = thresholds.TARGETS.get(kpi)
        r = kpis.ranked(groups, kpi, lang=lang)
        if tg is None:
            continue
        below = r[r["value"] < tg.target] if tg.higher_is_better else r[r["value"] > tg.target]
        weakest = below.sort_values("value", ascending=tg.higher_is_better, kind="mergesort").head(3)
        value = row.get(kpi)
        out.append({
            "kpi": kpi, "value": value, "target": tg.target, "status": kpis.kpi_status(kpi, value),
            "below": len(below), "total": len(r), "weakest": list(weakest["name"]),
        })
    return out


def kpi_name(kpi: str, lang: str) -> str:
    """The KPI's name: the overview's catalog entry, else the briefing's own (elderly-care extras)."""
    key = f"overview.kpi.{kpi}"
    return t(key if key in CATALOG else f"brief.kpi.{kpi}", lang=lang)


def collect(run: RunQuery, region: str, start: dt.date | None = None, end: dt.date | None = None,
            lang: str = "zh", info: dict | None = None) -> Brief:
    """Gather a briefing. ``start``/``end``: first days of months (default: the last 12 months of history)."""
    region = str(region or "").strip()
    if not known_region(region):
        raise BriefError(f"unknown region code {region!r} (320000, a city such as 320500 or a county such as 320506)")
    months = _months(run)
    start, end = resolve_period(months, start, end)
    info = info if info is not None else _dataset_info(run)
    with use_lang(lang):
        return _collect(run, region, start, end, lang, months, info)


def _dataset_info(run: RunQuery) -> dict:
    df = run("dataset_info")
    return df.iloc[0].to_dict() if df is not None and len(df) else {}


def _collect(run: RunQuery, region: str, start: dt.date, end: dt.date, lang: str, months: list[dt.date],
             info: dict) -> Brief:
    # the overview's own choices (pages/overview.py): year-ago period only when fully inside the history;
    # the map shows cities at province level, else the counties of the region's city
    prev_start, prev_end = shift_months(start, -12), shift_months(end, -12)
    period = {"start_month": start, "end_month": end}
    current = run("kpis_by_region", region=region, group_level="self", **period)
    if current is None or current.empty:
        raise BriefError(f"no data for region {region} in {month_key(start)} … {month_key(end)}")
    previous = None
    if months and prev_start >= months[0]:
        previous = run("kpis_by_region", region=region, group_level="self", start_month=prev_start,
                       end_month=prev_end)
    if region_level(region) == "province":
        map_region, group_level = region, "city"
    else:
        map_region, group_level = city_of(region), "county"
    groups = run("kpis_by_region", region=map_region, group_level=group_level, **period)

    summary = kpis.kpi_summary(current, previous)
    narrative = briefing.briefing_text(current, previous, groups, region=region, group_level=group_level, lang=lang)
    map_kpi = _map_kpi(summary, groups)

    found = alert_rules.evaluate_alerts(run, region, start, end, lang=lang)
    ordered = _severity_order(found)

    obligations = run("obligations_by_county_year", region=region, first_year=end.year, last_year=end.year)
    obligations = obligations.assign(
        line_status=[thresholds.red_line_status(kpis.as_number(v) / 100 if kpis.as_number(v) is not None else None)
                     for v in obligations["obligation_pct"]])
    red = obligations.sort_values(["obligation_pct", "county_code"], ascending=[False, True], kind="mergesort")
    counts = {k: int((obligations["line_status"] == k).sum()) for k in ("over_10", "over_7", "over_5", "ok")}

    return Brief(
        region=region, lang=lang, start=start, end=end, prev_start=prev_start, prev_end=prev_end, info=info,
        current=current, previous=previous, groups=groups, group_level=group_level, summary=summary,
        narrative=narrative, map_kpi=map_kpi, map_values=kpis.map_values(groups, map_kpi, lang=lang),
        map_ranked=kpis.ranked(groups, map_kpi, lang=lang),
        events=run("event_trend", region=region, **period),
        alerts=ordered.head(TOP_ALERTS).reset_index(drop=True), alerts_total=len(found),
        alerts_high=int((found["severity"] == "high").sum()) if len(found) else 0,
        funds_ranked=kpis.ranked(groups, "fund_execution_pct", lang=lang),
        elderly_rows=_elderly_rows(current, groups, lang),
        elderly_ranked=kpis.ranked(groups, "beds_per_1000_elderly", lang=lang),
        red_line=red.head(TOP_RED_LINE).reset_index(drop=True), red_line_counts=counts,
        rule_count=len(alert_rules.load_rules()),
    )


__all__ = ["Brief", "BriefError", "collect", "known_region", "resolve_period", "kpi_name", "ELDERLY_KPIS",
           "QUERIES_USED", "BRIEF_FORMAT_VERSION"]
