"""Alerts (预警): rules kept as data in ``data/reference/alert_rules.csv``, evaluated over named queries.

A rule row: ``rule_id, title_zh, title_en, query, metric, operator, threshold, condition, severity, message_zh,
message_en``.

* ``query`` names ``queries/<query>.sql``; it returns one row per candidate (a county-year, a milestone, a project…)
  with the ``metric`` column, ``county_code``, ``county_name`` and ``subject`` (what the alert is about). It may use
  ``$region``, ``$start_month``, ``$end_month`` (DATE) and ``$first_year`` / ``$last_year`` (INTEGER, the fiscal
  years the period touches).
* ``threshold`` is a number or the name of a red line of ``governance.core.thresholds.RED_LINES`` (``risk_notice``,
  ``no_new_ppp``, ``no_new_government_pay``: its percentage).
* A candidate fires when ``metric <operator> threshold`` (operators ``<``, ``<=``, ``>``, ``>=``) and it passes the
  optional ``condition``: simple comparisons joined by ``&`` or ``and``, e.g. ``as_of_month>=9`` or
  ``status!=完工`` (operators ``< <= > >= = == !=``; the value is a number or a text, quotes optional).
* ``severity`` is ``high`` or ``medium``. Messages are ``str.format`` templates over the candidate's columns plus
  ``value`` and ``threshold`` (in English, Chinese data values are translated with ``value_label``).

``evaluate_alerts(run_query, region, start_month, end_month)`` returns one row per fired alert; ``run_query`` is a
callable ``(name, **params) -> DataFrame`` — ``governance.app.data.query`` in pages, a lambda over a DuckDB connection
with ``governance.core.warehouse.run_query`` in tests.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from governance import settings
from governance.core import thresholds
from governance.i18n import current_lang, normalise_lang, value_label

_log = logging.getLogger(__name__)

RULE_FIELDS = ("rule_id", "title_zh", "title_en", "query", "metric", "operator", "threshold", "condition",
               "severity", "message_zh", "message_en")
ALERT_COLUMNS = ["rule_id", "severity", "county_code", "county_name", "subject", "value", "threshold", "message"]
SEVERITIES = ("high", "medium")
OPERATORS: dict[str, Callable[[object, object], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}
_CONDITION_OPERATORS: dict[str, Callable[[object, object], bool]] = {
    **OPERATORS, "=": operator.eq, "==": operator.eq, "!=": operator.ne,
}
_CONDITION_RE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|==|!=|=|<|>)\s*(.+?)\s*$")
_AND_RE = re.compile(r"\s*(?:&&?|\band\b)\s*", re.IGNORECASE)

RunQuery = Callable[..., pd.DataFrame]


@dataclass(frozen=True)
class Condition:
    column: str
    op: str
    value: float | str

    def test(self, row_value: object) -> bool:
        if _missing(row_value):
            return False
        fn = _CONDITION_OPERATORS[self.op]
        if isinstance(self.value, float):
            try:
                return bool(fn(float(row_value), self.value))
            except (TypeError, ValueError):
                return False
        return bool(fn(str(row_value).strip(), self.value))

    def mask(self, column: pd.Series) -> pd.Series:
        """``test`` over a whole column (missing values never pass)."""
        fn = _CONDITION_OPERATORS[self.op]
        if isinstance(self.value, float):
            values = pd.to_numeric(column, errors="coerce")
            return (fn(values, self.value) & values.notna()).fillna(False).astype(bool)
        present = column.notna()
        text = column.astype(object).where(present, "").map(lambda v: str(v).strip())
        return (fn(text, self.value) & present).astype(bool)


@dataclass(frozen=True)
class Rule:
    rule_id: str
    title_zh: str
    title_en: str
    query: str
    metric: str
    operator: str
    threshold: float
    conditions: tuple[Condition, ...]
    severity: str
    message_zh: str
    message_en: str
    condition_text: str = ""

    def title(self, lang: str | None = None) -> str:
        return self.title_en if _lang(lang) == "en" else self.title_zh

    def message_template(self, lang: str | None = None) -> str:
        return self.message_en if _lang(lang) == "en" else self.message_zh

    def fires_mask(self, column: pd.Series) -> pd.Series:
        values = pd.to_numeric(column, errors="coerce")
        return (OPERATORS[self.operator](values, self.threshold) & values.notna()).fillna(False).astype(bool)


def _lang(lang: str | None) -> str:
    return normalise_lang(lang) if lang else current_lang()


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return isinstance(value, float) and math.isnan(value) or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def parse_condition(text: str | None) -> tuple[Condition, ...]:
    """``"as_of_month>=9 & status!=完工"`` -> conditions; ``""`` -> (). Raises ValueError on anything else."""
    text = (text or "").strip()
    if not text:
        return ()
    out = []
    for part in _AND_RE.split(text):
        if not part.strip():
            raise ValueError(f"empty clause in condition {text!r}")
        m = _CONDITION_RE.match(part)
        if not m:
            raise ValueError(f"cannot read condition clause {part!r} (expected e.g. as_of_month>=9)")
        col, op, raw = m.groups()
        raw = raw.strip()
        if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
            value: float | str = raw[1:-1]
        else:
            try:
                value = float(raw)
            except ValueError:
                value = raw
        if isinstance(value, str) and op in OPERATORS:
            raise ValueError(f"condition {part!r}: {op} needs a number")
        out.append(Condition(col, op, value))
    return tuple(out)


def parse_rules(rows: list[dict[str, str]], source: str = "alert_rules") -> tuple[Rule, ...]:
    """Validated rules from CSV rows (dicts). Raises ValueError naming the row and the problem."""
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, row in enumerate(rows, start=2):  # row 1 is the header
        where = f"{source} row {i}"
        missing = [f for f in RULE_FIELDS if f not in row]
        if missing:
            raise ValueError(f"{where}: missing columns {missing}")
        r = {k: (row.get(k) or "").strip() for k in RULE_FIELDS}
        for f in ("rule_id", "title_zh", "title_en", "query", "metric", "message_zh", "message_en"):
            if not r[f]:
                raise ValueError(f"{where}: {f} is empty")
        if r["rule_id"] in seen:
            raise ValueError(f"{where}: rule_id {r['rule_id']!r} repeats")
        seen.add(r["rule_id"])
        if r["operator"] not in OPERATORS:
            raise ValueError(f"{where}: operator {r['operator']!r} is not one of {sorted(OPERATORS)}")
        if r["severity"] not in SEVERITIES:
            raise ValueError(f"{where}: severity {r['severity']!r} is not one of {SEVERITIES}")
        try:
            threshold = float(r["threshold"])
        except ValueError:
            try:  # a red line by name (risk_notice …): the number lives once, in thresholds.RED_LINES
                threshold = thresholds.named_threshold(r["threshold"])
            except ValueError:
                raise ValueError(f"{where}: threshold {r['threshold']!r} is neither a number nor a red line "
                                 f"({', '.join(thresholds.RED_LINES)})") from None
        try:
            conditions = parse_condition(r["condition"])
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
        rules.append(Rule(r["rule_id"], r["title_zh"], r["title_en"], r["query"], r["metric"], r["operator"],
                          threshold, conditions, r["severity"], r["message_zh"], r["message_en"], r["condition"]))
    return tuple(rules)


def read_rules(path: Path | str) -> tuple[Rule, ...]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return parse_rules(list(csv.DictReader(f)), source=Path(path).name)


@lru_cache(maxsize=4)
def _rules_cached(path: str, mtime_ns: int) -> tuple[Rule, ...]:
    return read_rules(path)


def load_rules(path: Path | str | None = None) -> tuple[Rule, ...]:
    """The rules of ``data/reference/alert_rules.csv`` (re-read when the file changes)."""
    p = Path(path or settings.ALERT_RULES_CSV)
    return _rules_cached(str(p), p.stat().st_mtime_ns)


# ---------------------------------------------------------------------------------------------------- evaluation
def _plain(value: object) -> object:
    """A candidate's value made friendly for str.format: python numbers, ISO dates, None for missing."""
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat(sep=" ")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value


class _Fields(dict):
    """str.format_map mapping: missing keys and None values show as '—' (never a crash)."""

    def __missing__(self, key):
        return "—"


def _format_message(template: str, fields: dict, lang: str, fallback: str) -> str:
    safe = _Fields({k: ("—" if v is None else value_label(v, lang) if isinstance(v, str) else v)
                    for k, v in fields.items()})
    try:
        return template.format_map(safe)
    except (ValueError, TypeError, IndexError, AttributeError) as exc:
        _log.warning("alert message %r could not be formatted: %s", template, exc)
        return fallback


def years_touched(start_month: dt.date, end_month: dt.date) -> tuple[int, int]:
    return int(start_month.year), int(end_month.year)


def query_params(region: str, start_month: dt.date, end_month: dt.date) -> dict:
    """The parameters every alert query may use."""
    first, last = years_touched(start_month, end_month)
    return {"region": region, "start_month": start_month, "end_month": end_month,
            "first_year": first, "last_year": last}


def evaluate_rule(rule: Rule, candidates: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """The alerts ``rule`` raises over its query's candidate rows (ALERT_COLUMNS)."""
    lang = _lang(lang)
    if candidates is None or candidates.empty:
        return pd.DataFrame(columns=ALERT_COLUMNS)
    needed = {rule.metric, *(c.column for c in rule.conditions)}
    absent = sorted(needed - set(candidates.columns))
    if absent:
        raise ValueError(f"alert rule {rule.rule_id}: query {rule.query} has no column(s) {absent}")
    mask = rule.fires_mask(candidates[rule.metric])
    for cond in rule.conditions:
        mask &= cond.mask(candidates[cond.column])
    out = []
    for rec in candidates[mask.to_numpy()].to_dict("records"):  # format only the rows that fire
        value = rec.get(rule.metric)
        fields = {k: _plain(v) for k, v in rec.items()}
        fields["value"] = float(value)
        fields["threshold"] = rule.threshold
        subject = fields.get("subject")
        message = _format_message(rule.message_template(lang), fields, lang,
                                  fallback=f"{rule.title(lang)}: {fields['value']:g}")
        out.append({
            "rule_id": rule.rule_id,
            "severity": rule.severity,
            "county_code": fields.get("county_code"),
            "county_name": fields.get("county_name"),
            "subject": "" if subject is None else str(subject),
            "value": float(value),
            "threshold": rule.threshold,
            "message": message,
        })
    return pd.DataFrame(out, columns=ALERT_COLUMNS)


def evaluate_alerts(run_query: RunQuery, region: str, start_month: dt.date, end_month: dt.date,
                    rules: tuple[Rule, ...] | None = None, lang: str | None = None) -> pd.DataFrame:
    """Every alert for ``region`` over the period: DataFrame[rule_id, severity, county_code, county_name, subject,
    value, threshold, message], high severity first, then in rule order. Empty (with those columns) when nothing
    fires or there is no data. A query that returns no frame (warehouse not ready) just yields no alerts."""
    rules = load_rules() if rules is None else rules
    params = query_params(region, start_month, end_month)
    frames, cache = [], {}
    for rule in rules:
        if rule.query not in cache:
            cache[rule.query] = run_query(rule.query, **params)
        fired = evaluate_rule(rule, cache[rule.query], lang)
        if not fired.empty:
            frames.append(fired)
    if not frames:
        return pd.DataFrame(columns=ALERT_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    order = {r.rule_id: i for i, r in enumerate(rules)}
    out["_sev"] = out["severity"].map({s: i for i, s in enumerate(SEVERITIES)})
    out["_rule"] = out["rule_id"].map(order)
    out = out.sort_values(["_sev", "_rule", "county_code", "subject"], kind="stable").drop(columns=["_sev", "_rule"])
    return out.reset_index(drop=True)


def summarise(alerts: pd.DataFrame, rules: tuple[Rule, ...] | None = None, lang: str | None = None) -> pd.DataFrame:
    """Counts by rule, every rule listed (zero included): DataFrame[rule_id, title, severity, threshold, count]."""
    rules = load_rules() if rules is None else rules
    counts = alerts["rule_id"].value_counts() if alerts is not None and len(alerts) else pd.Series(dtype=int)
    return pd.DataFrame([
        {"rule_id": r.rule_id, "title": r.title(lang), "severity": r.severity, "threshold": r.threshold,
         "count": int(counts.get(r.rule_id, 0))}
        for r in rules
    ], columns=["rule_id", "title", "severity", "threshold", "count"])


def rule_titles(rules: tuple[Rule, ...] | None = None, lang: str | None = None) -> dict[str, str]:
    rules = load_rules() if rules is None else rules
    return {r.rule_id: r.title(lang) for r in rules}


__all__ = ["Rule", "Condition", "ALERT_COLUMNS", "load_rules", "read_rules", "parse_rules", "parse_condition",
           "evaluate_alerts", "evaluate_rule", "summarise", "rule_titles", "query_params"]
