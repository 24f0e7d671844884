"""Number, money, percentage and month formats for Chinese (default) and English.

Conventions: money in the warehouse is in 万元 (1万元 = ¥10,000); percentages are already in percent units
(97.6 means 97.6 %). Missing values (None, NaN, NaT) format as "—". Every function takes an optional ``lang``;
without it the current language of ``governance.i18n`` is used.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Literal

from governance.i18n import current_lang, normalise_lang

MISSING = "—"
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _lang(lang: str | None) -> str:
    return normalise_lang(lang) if lang else current_lang()


def _num(x: object) -> float | None:
    """A finite float, or None for None / NaN / NA / non-numbers."""
    if x is None or isinstance(x, bool):
        return None
    try:
        v = float(x)  # numpy and pandas scalars too; pd.NA raises TypeError
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _signed(v: float, digits: int) -> str:
    """'+1.2', '-1.2', '0.0' (no '-0.0', no '+0.0')."""
    r = round(v, digits)
    if r == 0:
        return f"{0:.{digits}f}"
    return f"{r:+.{digits}f}"


def fmt_wan_yuan(x: object, lang: str | None = None) -> str:
    """An amount in 万元. zh: ≥1亿 → '1.23亿元', else '4,567万元'. en: '¥1.23bn', '¥123.4m', '¥45,600'."""
    v = _num(x)
    if v is None:
        return MISSING
    if _lang(lang) == "en":
        yuan = v * 1e4
        a = abs(yuan)
        if a >= 1e9:
            return f"{'-' if yuan < 0 else ''}¥{a / 1e9:,.2f}bn"
        if a >= 1e6:
            return f"{'-' if yuan < 0 else ''}¥{a / 1e6:,.1f}m"
        return f"{'-' if yuan < 0 else ''}¥{a:,.0f}"
    if abs(v) >= 1e4:
        return f"{v / 1e4:,.2f}亿元"
    return f"{v:,.0f}万元"


def fmt_count(x: object, lang: str | None = None) -> str:
    """A count. zh: '12,345', ≥10万 → '12.3万'; en: '123,456'."""
    v = _num(x)
    if v is None:
        return MISSING
    if _lang(lang) != "en" and abs(v) >= 1e5:
        return f"{v / 1e4:,.1f}万"
    return f"{v:,.0f}"


def fmt_pct(x: object, lang: str | None = None) -> str:
    """A percentage already in percent units, one decimal: 97.64 → '97.6%'."""
    v = _num(x)
    if v is None:
        return MISSING
    return f"{round(v, 1) + 0.0:.1f}%"


def _as_date(value: object) -> dt.date | None:
    if value is None:
        return None
    try:
        if value != value:  # NaN, NaT
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, str):
        s = re.split(r"[ T]", value.strip(), maxsplit=1)[0]
        for fmt in ("%Y-%m-%d", "%Y-%m", "%Y%m", "%Y/%m/%d", "%Y/%m"):
            try:
                return dt.datetime.strptime(s, fmt).date()
            except ValueError:
                continue
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    to_py = getattr(value, "to_pydatetime", None)  # pandas Timestamp (NaT: returns NaT)
    if to_py is not None:
        try:
            d = to_py()
            return d.date() if isinstance(d, dt.datetime) else None
        except (ValueError, TypeError):
            return None
    if hasattr(value, "astype") and hasattr(value, "dtype"):  # numpy datetime64
        try:
            import pandas as pd

            ts = pd.Timestamp(value)
            return None if pd.isna(ts) else ts.date()
        except (ValueError, TypeError):
            return None
    return None


def fmt_month(value: object, lang: str | None = None) -> str:
    """A month: '2026年10月' / 'Oct 2026'. Takes a date, datetime, pandas Timestamp or 'YYYY-MM[-DD]'."""
    d = _as_date(value)
    if d is None:
        return MISSING
    if _lang(lang) == "en":
        return f"{_MONTHS_EN[d.month - 1]} {d.year}"
    return f"{d.year}年{d.month}月"


def fmt_change(cur: object, prev: object, kind: Literal["pct", "level"] = "level", lang: str | None = None) -> str:
    """Change from ``prev`` to ``cur``.

    kind="pct": both are percentages; the difference in percentage points: '+1.2个百分点' / '+1.2 pp'.
    kind="level": relative change of a level: '+3.4%'. '—' when either value is missing (or prev is 0 for a level).
    """
    c, p = _num(cur), _num(prev)
    if c is None or p is None:
        return MISSING
    if kind == "pct":
        diff = _signed(c - p, 1)
        return f"{diff} pp" if _lang(lang) == "en" else f"{diff}个百分点"
    if kind != "level":
        raise ValueError(f"kind must be 'pct' or 'level', got {kind!r}")
    if p == 0:
        return MISSING
    return f"{_signed((c - p) / abs(p) * 100, 1)}%"


def month_key(value: object) -> str:
    """'YYYY-MM' of a date-like value (the URL format of months); '' when missing."""
    d = _as_date(value)
    return f"{d.year:04d}-{d.month:02d}" if d else ""


def parse_month(value: object) -> dt.date | None:
    """First day of the month of 'YYYY-MM', 'YYYY-MM-DD', a date…; None when it can't be read."""
    d = _as_date(value)
    return d.replace(day=1) if d else None


# ---------------------------------------------------------------------------------------- short numbers (axes)
_SCALES = {"zh": ((1e8, "亿"), (1e4, "万")), "en": ((1e9, "B"), (1e6, "M"), (1e3, "K"))}


def unit_scale(max_abs: object, lang: str | None = None) -> tuple[float, str]:
    """(divisor, suffix) that keeps numbers up to ``max_abs`` short: zh 万 / 亿 (a Chinese reader counts in
    ten-thousands, so Plotly's SI '30M' reads wrong), en K / M / B. Below 1万 (zh) or 1,000 (en): (1, '')."""
    v = _num(max_abs)
    if v is None:
        return 1.0, ""
    for divisor, suffix in _SCALES["en" if _lang(lang) == "en" else "zh"]:
        if abs(v) >= divisor:
            return divisor, suffix
    return 1.0, ""


def fmt_short(x: object, lang: str | None = None, digits: int = 1, scale: tuple[float, str] | None = None) -> str:
    """A short number for axis ticks and chart labels: 12,345 -> '1.2万', 1.5e8 -> '1.5亿', 8,000 -> '8,000';
    en '12.3K', '150M'. Trailing zeros dropped ('30万', not '30.0万'). ``scale`` (from ``unit_scale``) puts every
    tick of an axis in one unit."""
    v = _num(x)
    if v is None:
        return MISSING
    if v == 0:
        return "0"
    divisor, suffix = scale if scale is not None else unit_scale(v, lang)
    text = f"{v / divisor:,.{digits}f}" if divisor != 1 else f"{v:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return ("0" if text in ("-0", "") else text) + suffix
