"""The county fiscal context of a scenario, built from warehouse rows (``queries/county_fiscal_context.sql``) or
taken from a loaded scenario's snapshot, and the budget years a scenario may start in (``queries/budget_years.sql``).

A county with no budget rows gives an empty context, which the model rejects with its clear message
(``validate_county``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from typing import Any

import pandas as pd

from governance.core.finance import CountyContext, exclude_project

DEFAULT_GPB_GROWTH = 0.03  # [E] growth for gpb_growth="cagr" when a county has a single budget year
GPB_GROWTH_BOUNDS = (-0.03, 0.08)


def as_int(v: Any) -> int | None:
    """An int from a warehouse cell (None, NaN, NA and non-numbers → None)."""
    try:
        if v is None or pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def as_float(v: Any, default: float = 0.0) -> float:
    """A finite float from a warehouse cell, else ``default``."""
    try:
        x = float(v)
    except (TypeError, ValueError):
        return default
    return x if math.isfinite(x) else default


def payment_of(project: Mapping[str, Any]) -> tuple[float, int, int]:
    """(yearly government payment, first year, last year) of a ``county_projects`` row; (0, 0, -1) when none."""
    pay = as_float(project.get("annual_gov_payment"))
    start, end = as_int(project.get("payment_start_year")), as_int(project.get("payment_end_year"))
    if pay <= 0 or start is None:
        return 0.0, 0, -1
    return pay, start, end if end is not None else start


def county_context(frame: pd.DataFrame | None, code: str, name: str = "",
                   exclude: Mapping[str, Any] | None = None, gpb_growth: float | str = 0.0) -> CountyContext:
    """``CountyContext`` from ``county_fiscal_context`` rows (year ascending, from the first scenario year).

    Beyond the last budget year (the warehouse projects to 2035) both series are held at their last value by
    default (``gpb_growth=0``): prudent for a red-line test — extending expenditure at its past growth while the
    obligations stay flat would make the share fall by construction. ``gpb_growth="cagr"`` uses the series'
    compound growth (bounded to ``GPB_GROWTH_BOUNDS``) instead.
    ``exclude``: an existing project (a ``county_projects`` row) whose payments are already inside the county's
    ``ppp_obligations`` and is modelled explicitly in the scenario: its stream (``library.library_payments``, the
    21号 stream for an existing PPP — the same the budgets were built with) is taken out so it is counted once.
    No rows → an empty context, which ``validate_county`` rejects with the model's message.
    """
    if frame is None or len(frame) == 0:
        return CountyContext(code=code, name=name, gpb_expenditure=[], gpb_growth=0.0, existing_obligations=[])
    df = frame.sort_values("year")
    years = [int(y) for y in df["year"]]
    gpb = [float(v) for v in df["gpb_expenditure"]]
    existing = [float(v) for v in df["ppp_obligations"]]
    if not name and "county_name" in df.columns:
        name = str(df["county_name"].iloc[0])
    if exclude is not None:
        existing = exclude_project(years, existing, exclude)
    if gpb_growth == "cagr":
        growth = DEFAULT_GPB_GROWTH
        if len(gpb) >= 2 and gpb[0] > 0 and gpb[-1] > 0:
            growth = (gpb[-1] / gpb[0]) ** (1.0 / (len(gpb) - 1)) - 1.0
            growth = min(max(growth, GPB_GROWTH_BOUNDS[0]), GPB_GROWTH_BOUNDS[1])
    else:
        growth = float(gpb_growth)
    return CountyContext(code=code, name=name, gpb_expenditure=gpb, gpb_growth=round(growth, 6),
                         existing_obligations=existing)


def loaded_context(spec: Mapping[str, Any] | None, code: str,
                   first_year: int) -> tuple[CountyContext | None, Mapping[str, Any] | None]:
    """What a loaded starting point says about the county context, while the county and first year it was loaded
    for are still the ones chosen: (the saved snapshot, or None → use the warehouse; the existing project to take
    out of the warehouse obligations, or None). ``spec``: {"code", "first_year", "snapshot", "exclude"}."""
    spec = spec or {}
    if spec.get("code") != code or spec.get("first_year") != first_year:
        return None, None
    if spec.get("snapshot"):
        return CountyContext(**spec["snapshot"]), None
    return None, spec.get("exclude")


def default_first_year(years_row: Mapping[str, Any] | None, today_year: int | None = None) -> int:
    """The current budget year from ``budget_years`` (else this calendar year)."""
    today_year = today_year or time.localtime().tm_year
    if not years_row:
        return today_year
    y = as_int(years_row.get("budget_year"))
    return y if y is not None else today_year


def first_year_options(years_row: Mapping[str, Any] | None, today_year: int | None = None) -> list[int]:
    """Choices for the first scenario year: the warehouse's budget years (else this year − 3 … + 5)."""
    today_year = today_year or time.localtime().tm_year
    lo = as_int((years_row or {}).get("first_year"))
    hi = as_int((years_row or {}).get("last_year"))
    if lo is None or hi is None or hi < lo:
        return list(range(today_year - 3, today_year + 6))
    return list(range(lo, hi + 1))
