"""Exact strings of the number, money, percentage and month formats."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from governance.i18n import use_lang
from governance.i18n.formats import (
    fmt_change,
    fmt_count,
    fmt_month,
    fmt_pct,
    fmt_wan_yuan,
    month_key,
    parse_month,
)


@pytest.mark.parametrize("x, zh, en", [
    (12345, "1.23亿元", "¥123.5m"),
    (12340, "1.23亿元", "¥123.4m"),
    (10000, "1.00亿元", "¥100.0m"),
    (9999.6, "10,000万元", "¥100.0m"),
    (4567, "4,567万元", "¥45.7m"),
    (123456, "12.35亿元", "¥1.23bn"),
    (1234567, "123.46亿元", "¥12.35bn"),
    (0, "0万元", "¥0"),
    (45.6, "46万元", "¥456,000"),
    (-12345, "-1.23亿元", "-¥123.5m"),
    (np.float64(4567), "4,567万元", "¥45.7m"),
])
def test_fmt_wan_yuan(x, zh, en):
    assert fmt_wan_yuan(x, lang="zh") == zh
    assert fmt_wan_yuan(x, lang="en") == en


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, "abc"])
def test_missing_values(missing):
    assert fmt_wan_yuan(missing) == "—"
    assert fmt_count(missing) == "—"
    assert fmt_pct(missing) == "—"
    assert fmt_change(missing, 1.0) == "—"
    assert fmt_change(1.0, missing, "pct") == "—"


@pytest.mark.parametrize("x, zh, en", [
    (0, "0", "0"),
    (999, "999", "999"),
    (12345, "12,345", "12,345"),
    (99999, "99,999", "99,999"),
    (100000, "10.0万", "100,000"),
    (123456, "12.3万", "123,456"),
    (2890000, "289.0万", "2,890,000"),
    (1234.6, "1,235", "1,235"),
])
def test_fmt_count(x, zh, en):
    assert fmt_count(x, lang="zh") == zh
    assert fmt_count(x, lang="en") == en


@pytest.mark.parametrize("x, out", [(97.64, "97.6%"), (0, "0.0%"), (100, "100.0%"), (5.05, "5.0%"),
                                    (-0.04, "0.0%"), (-3.26, "-3.3%")])
def test_fmt_pct(x, out):
    assert fmt_pct(x) == out


@pytest.mark.parametrize("value", [dt.date(2026, 10, 1), dt.date(2026, 10, 31), dt.datetime(2026, 10, 5, 12),
                                   pd.Timestamp("2026-10-01"), np.datetime64("2026-10-01"), "2026-10",
                                   "2026-10-01", "2026-10-01 00:00:00"])
def test_fmt_month(value):
    assert fmt_month(value, lang="zh") == "2026年10月"
    assert fmt_month(value, lang="en") == "Oct 2026"


def test_fmt_month_other():
    assert fmt_month(dt.date(2025, 1, 1)) == "2025年1月"
    assert fmt_month(dt.date(2025, 1, 1), lang="en") == "Jan 2025"
    assert fmt_month(None) == "—"
    assert fmt_month(pd.NaT) == "—"
    assert fmt_month("not a month") == "—"


def test_fmt_change_pct():
    assert fmt_change(95.6, 94.4, "pct", lang="zh") == "+1.2个百分点"
    assert fmt_change(95.6, 94.4, "pct", lang="en") == "+1.2 pp"
    assert fmt_change(90.0, 92.5, "pct", lang="zh") == "-2.5个百分点"
    assert fmt_change(90.0, 92.5, "pct", lang="en") == "-2.5 pp"
    assert fmt_change(90.0, 90.0, "pct", lang="zh") == "0.0个百分点"
    assert fmt_change(90.0, 90.04, "pct", lang="en") == "0.0 pp"


def test_fmt_change_level():
    assert fmt_change(103.4, 100, "level") == "+3.4%"
    assert fmt_change(96.6, 100, "level") == "-3.4%"
    assert fmt_change(100, 100) == "0.0%"
    assert fmt_change(5, 0, "level") == "—"
    assert fmt_change(-50, -100, "level") == "+50.0%"
    assert fmt_change(103.4, None) == "—"
    with pytest.raises(ValueError):
        fmt_change(1, 2, "ratio")


def test_default_language_follows_i18n():
    assert fmt_wan_yuan(12345) == "1.23亿元"
    with use_lang("en"):
        assert fmt_wan_yuan(12345) == "¥123.5m"
        assert fmt_month("2026-10") == "Oct 2026"
        assert fmt_change(2, 1, "pct") == "+1.0 pp"


def test_month_helpers():
    assert month_key(dt.date(2026, 3, 15)) == "2026-03"
    assert month_key(None) == ""
    assert parse_month("2026-03") == dt.date(2026, 3, 1)
    assert parse_month("2026-3-9") == dt.date(2026, 3, 1)
    assert parse_month("garbage") is None
