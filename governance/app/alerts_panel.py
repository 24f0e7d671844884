"""The alerts panel shown on the funds and projects pages: counts by rule, the list, CSV/Excel downloads.
The rules and their evaluation live in ``governance.core.indicators.alerts``."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from governance import settings
from governance.app import data, downloads
from governance.app.safe_text import plain
from governance.core.indicators.alerts import (
    evaluate_alerts,
    load_rules,
    rule_titles,
    summarise,
)
from governance.i18n import t

SEVERITY_ICONS = {"high": "⚠", "medium": "·"}  # glyphs present in the CJK font (no colour-emoji font here)


def _evaluate(region: str, start_month: dt.date, end_month: dt.date, lang: str,
              rule_ids: tuple[str, ...] | None) -> pd.DataFrame:
    rules = load_rules()
    if rule_ids is not None:
        rules = tuple(r for r in rules if r.rule_id in rule_ids)
    return evaluate_alerts(data.query, region, start_month, end_month, rules=rules, lang=lang)


# cache_resource: the same (read-only) frame every rerun, no unpickling of a few thousand rows
@st.cache_resource(show_spinner=False, max_entries=256)
def _cached_alerts(version: tuple, region: str, start_month: dt.date, end_month: dt.date, lang: str,
                   rule_ids: tuple[str, ...] | None) -> pd.DataFrame:
    return _evaluate(region, start_month, end_month, lang, rule_ids)


def evaluate_cached(region: str, start_month: dt.date, end_month: dt.date, lang: str,
                     rule_ids: tuple[str, ...] | None) -> pd.DataFrame:
    """``evaluate_alerts`` over ``data.query``, cached per warehouse file version, rules file version and view (a
    page rerun after a page-widget change then costs nothing here). The frame is shared: never modify it."""
    try:
        db = data.db_path()
        version = (str(db), db.stat().st_mtime_ns, settings.ALERT_RULES_CSV.stat().st_mtime_ns)
    except OSError:
        return _evaluate(region, start_month, end_month, lang, rule_ids)
    return _cached_alerts(version, region, start_month, end_month, lang, rule_ids)


def alerts_panel(filters, key: str, expanded: bool = False, rule_ids: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The alerts of the page's region and period in an expander: counts by rule, the list, CSV/Excel downloads.
    ``filters`` is the page's ``shell.Filters``; returns the alerts shown."""
    lang = filters.lang
    rules = load_rules()
    if rule_ids is not None:
        rules = tuple(r for r in rules if r.rule_id in rule_ids)
    ids = None if rule_ids is None else tuple(rule_ids)
    found = evaluate_cached(filters.region_code, filters.start_month, filters.end_month, lang, ids)
    summary = summarise(found, rules=rules, lang=lang)
    n_high = int((found["severity"] == "high").sum()) if len(found) else 0
    label = t("alerts.panel_title", n=len(found), high=n_high, medium=len(found) - n_high)
    # state-tracking expander: the list (a few hundred rows at province level) is only built when it is open
    box = st.expander(label, expanded=expanded, icon=":material/notifications_active:", key=f"{key}_open",
                      on_change="rerun")
    with box:
        cols = st.columns(len(summary)) if len(summary) else []
        for col, row in zip(cols, summary.itertuples(index=False)):
            col.metric(f"{SEVERITY_ICONS.get(row.severity, '')} {plain(row.title)}", f"{row.count:,}")
        if found.empty:
            st.success(t("alerts.none"), icon=":material/check_circle:")
            return found
        if box.open is False:
            return found
        titles = dict(zip(summary["rule_id"], summary["title"]))
        show = found.assign(
            severity_text=[f"{SEVERITY_ICONS.get(s, '')} {t('alerts.severity_' + s)}" for s in found["severity"]],
            rule_title=found["rule_id"].map(titles),
        )
        st.dataframe(
            show[["severity_text", "rule_title", "county_name", "subject", "value", "threshold", "message"]],
            hide_index=True, height=min(360, 38 + 35 * len(show)),
            column_config={
                "severity_text": t("alerts.col_severity"),
                "rule_title": t("alerts.col_rule"),
                "county_name": t("alerts.col_county"),
                "subject": t("alerts.col_subject"),
                "value": st.column_config.NumberColumn(t("alerts.col_value"), format="%.1f"),
                "threshold": st.column_config.NumberColumn(t("alerts.col_threshold"), format="%g"),
                "message": st.column_config.TextColumn(t("alerts.col_message"), width="large"),
            },
            key=f"{key}_table",
        )
        zh_titles = rule_titles(rules, lang="zh")
        export = found.assign(
            severity=[t("alerts.severity_" + s, lang="zh") for s in found["severity"]],
            rule_title=found["rule_id"].map(zh_titles),
            message=(found["message"] if lang == "zh" else evaluate_cached(
                filters.region_code, filters.start_month, filters.end_month, "zh", ids)["message"]),
        )
        downloads.download_buttons(
            export, f"预警清单_{filters.region_code}",
            {"rule_id": t("alerts.col_rule_id", lang="zh"), "severity": t("alerts.col_severity", lang="zh"),
             "rule_title": t("alerts.col_rule", lang="zh"), "county_code": t("alerts.col_county_code", lang="zh"),
             "county_name": t("alerts.col_county", lang="zh"), "subject": t("alerts.col_subject", lang="zh"),
             "value": t("alerts.col_value", lang="zh"), "threshold": t("alerts.col_threshold", lang="zh"),
             "message": t("alerts.col_message", lang="zh")},
            key=f"{key}_dl",
        )
    return found
