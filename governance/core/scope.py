"""Region scope: what an account may see — the province, one city with its counties, or one county — and the two
server-side guards every query result passes through (``governance.app.data.query``):

* ``scoped_params`` — before a query: region parameters outside the scope become the scope's own region (a county
  account whose page asks for ``$region = '320000'`` gets its county); a ``$county_code`` outside it matches nothing.
* ``restrict_frame`` — after it: rows of counties outside the scope are dropped, for queries that take no region.

A county account sees its county, not the city total (which includes its neighbours); a city account sees its city
and each of its counties.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from governance.core.regions import CITY_BY_CODE, PROVINCE_CODE, county_by_code, region_level

REGION_PARAMS = ("region", "region_code")  # query parameters that name the region a query covers
COUNTY_PARAMS = ("county_code",)  # query parameters that name one county


@dataclass(frozen=True)
class RegionScope:
    region_code: str

    def __post_init__(self) -> None:
        region_level(self.region_code)  # ValueError for an unknown code

    @property
    def level(self) -> str:
        return region_level(self.region_code)

    @property
    def is_province(self) -> bool:
        return self.region_code == PROVINCE_CODE

    def county_codes(self) -> frozenset[str]:
        return _county_codes_of(self.region_code)

    def city_codes(self) -> frozenset[str]:
        """Cities this scope may see as a whole: all (province), its own (city), none (county)."""
        if self.level == "province":
            return frozenset(CITY_BY_CODE)
        return frozenset({self.region_code}) if self.level == "city" else frozenset()

    def contains(self, code: object) -> bool:
        """True for a region code the scope may show: itself and the regions below it."""
        code = str(code).strip() if code is not None else ""
        if self.is_province:
            return code == PROVINCE_CODE or code in CITY_BY_CODE or code in county_by_code()
        return code == self.region_code or code in self.county_codes()

    def clamp(self, code: object) -> str:
        """``code`` when in scope, else the scope's own region."""
        code = str(code).strip() if code is not None else ""
        return code if self.contains(code) else self.region_code


PROVINCE_SCOPE = RegionScope(PROVINCE_CODE)


@lru_cache(maxsize=256)
def _county_codes_of(region: str) -> frozenset[str]:
    level = region_level(region)
    if level == "province":
        return frozenset(county_by_code())
    if level == "city":
        return frozenset(c.code for c in county_by_code().values() if c.city_code == region)
    return frozenset({region})


def scoped_params(params: dict, scope: RegionScope) -> dict:
    """Query parameters with every region inside ``scope`` (see the module docstring)."""
    if scope.is_province:
        return params
    out = dict(params)
    for key in REGION_PARAMS:
        if key in out and out[key] is not None:
            out[key] = scope.clamp(out[key])
    for key in COUNTY_PARAMS:
        if out.get(key) is not None and str(out[key]) not in scope.county_codes():
            out[key] = None  # `county_code = NULL` matches no row
    return out


def restrict_frame(df: pd.DataFrame, scope: RegionScope) -> pd.DataFrame:
    """Drop the rows of counties outside ``scope`` (rows without a county — aggregates of in-scope parameters,
    reference lists — stay)."""
    if scope.is_province or df is None or df.empty or "county_code" not in df.columns:
        return df
    codes = df["county_code"]
    keep = codes.isna() | codes.astype(str).isin(scope.county_codes())
    return df if bool(keep.all()) else df.loc[keep].reset_index(drop=True)


__all__ = ["RegionScope", "PROVINCE_SCOPE", "scoped_params", "restrict_frame", "REGION_PARAMS", "COUNTY_PARAMS"]
