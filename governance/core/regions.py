"""Real geography and the city facts of domain.md §2 (the only non-fictional inputs of the demo data)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from governance.settings import REFERENCE_COUNTIES_CSV

PROVINCE_CODE = "320000"
PROVINCE_NAME = "江苏省"


@dataclass(frozen=True)
class City:
    code: str
    name: str
    name_en: str
    lon: float  # city seat, domain.md §2 [S3]
    lat: float
    population_wan: float  # 2023 resident population, 万人 [S4]
    share_60plus: float  # % of residents aged 60+ (Suzhou sourced [S6], the rest estimates [E])
    share_65plus: float
    gpb_expenditure_yi: float  # general public budget expenditure 2023, 亿元 [E]


# domain.md §2 — population sums to 8,526.05万 (official 8,526万 end-2023 [S5]).
CITIES: tuple[City, ...] = (
    City("320100", "南京市", "Nanjing", 118.78, 32.04, 954.7, 20.0, 15.0, 1980),
    City("320200", "无锡市", "Wuxi", 120.29, 31.59, 749.5, 23.5, 17.5, 1320),
    City("320300", "徐州市", "Xuzhou", 117.20, 34.26, 902.0, 22.0, 16.8, 1010),
    City("320400", "常州市", "Changzhou", 119.95, 31.79, 537.5, 24.0, 18.0, 720),
    City("320500", "苏州市", "Suzhou", 120.62, 31.32, 1295.8, 19.41, 14.31, 2540),
    City("320600", "南通市", "Nantong", 121.05, 32.08, 774.9, 33.0, 25.3, 1060),
    City("320700", "连云港市", "Lianyungang", 119.16, 34.59, 459.4, 23.0, 17.2, 560),
    City("320800", "淮安市", "Huai'an", 119.15, 33.50, 453.8, 25.0, 19.0, 620),
    City("320900", "盐城市", "Yancheng", 120.13, 33.38, 668.9, 30.5, 23.0, 990),
    City("321000", "扬州市", "Yangzhou", 119.42, 32.39, 458.5, 29.0, 22.0, 640),
    City("321100", "镇江市", "Zhenjiang", 119.44, 32.20, 322.6, 27.0, 20.2, 430),
    City("321200", "泰州市", "Taizhou", 119.90, 32.49, 450.7, 30.5, 23.3, 620),
    City("321300", "宿迁市", "Suqian", 118.30, 33.96, 497.75, 21.0, 16.0, 580),
)
CITY_BY_CODE = {c.code: c for c in CITIES}


@dataclass(frozen=True)
class County:
    code: str
    name: str
    county_type: str  # 市辖区 / 县级市 / 县
    city_code: str
    streets: int  # 街道, NBS 2022 [S1]
    towns: int  # 镇
    xiang: int  # 乡


@lru_cache(maxsize=1)
def counties() -> tuple[County, ...]:
    """The 95 county-level units. The 9 functional zones (xx71/xx76) are statistical, not administrative: dropped."""
    out = []
    with open(REFERENCE_COUNTIES_CSV, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["type"] not in ("市辖区", "县级市", "县"):
                continue
            out.append(County(row["code"], row["name"], row["type"], row["city_code"],
                              int(row["streets_jiedao"]), int(row["towns_zhen"]), int(row["townships_xiang"])))
    return tuple(out)


def county_by_code() -> dict[str, County]:
    return {c.code: c for c in counties()}


def region_level(code: str) -> str:
    if code == PROVINCE_CODE:
        return "province"
    if code in CITY_BY_CODE:
        return "city"
    if code in county_by_code():
        return "county"
    raise ValueError(f"unknown region code {code!r}")


def valid_region(code: object) -> str:
    """``code`` if it is the province, a city or a county of Jiangsu, else the province."""
    code = str(code).strip() if code is not None else ""
    try:
        region_level(code)
        return code
    except ValueError:
        return PROVINCE_CODE


def city_of(code: str) -> str | None:
    level = region_level(code)
    if level == "city":
        return code
    if level == "county":
        return county_by_code()[code].city_code
    return None


def parent_region(code: str) -> str:
    """County -> its city, city -> province, province -> province."""
    return city_of(code) if region_level(code) == "county" else PROVINCE_CODE
