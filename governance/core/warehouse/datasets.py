"""The exported datasets the warehouse loads: file, format, grain, foreign keys and sort order.

Types, NOT NULL and CHECK rules are not repeated here: they live in governance/core/warehouse/schema.sql and are read back
from DuckDB by `table_schema()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import duckdb

from governance.settings import SCHEMA_SQL


@dataclass(frozen=True)
class Dataset:
    name: str  # dataset name = warehouse table
    file: str  # export file name written by the generator
    fmt: str  # "csv" | "xlsx"
    encoding: str = "utf-8-sig"  # for csv: utf-8-sig or gbk (gb18030 is used to read, a superset of GBK)
    grain: tuple[str, ...] = ()  # columns that identify a row (duplicates are rejected)
    foreign_keys: dict[str, tuple[str, str]] = field(default_factory=dict)  # column -> (table, column)
    sort_by: tuple[str, ...] = ()  # physical order in the warehouse (county, month) so scans stay local


# Load order respects the foreign keys.
DATASETS: tuple[Dataset, ...] = (
    Dataset("townships", "townships.csv", "csv", "gbk", ("township_code",),
            {"county_code": ("regions", "code")}, ("county_code", "township_code")),
    Dataset("communities", "communities.csv", "csv", "gbk", ("community_id",),
            {"township_code": ("townships", "township_code"), "county_code": ("regions", "code")},
            ("county_code", "community_id")),
    Dataset("grids", "grids.csv", "csv", "utf-8-sig", ("grid_id",),
            {"community_id": ("communities", "community_id"), "county_code": ("regions", "code")},
            ("county_code", "grid_id")),
    Dataset("grid_events_monthly", "grid_events_monthly.csv", "csv", "utf-8-sig", ("grid_id", "month"),
            {"grid_id": ("grids", "grid_id"), "county_code": ("regions", "code")}, ("county_code", "month", "grid_id")),
    Dataset("budgets", "budgets.xlsx", "xlsx", grain=("county_code", "year"),
            foreign_keys={"county_code": ("regions", "code")}, sort_by=("county_code", "year")),
    Dataset("fund_allocations", "fund_allocations.csv", "csv", "utf-8-sig", ("year", "county_code", "program", "source"),
            {"county_code": ("regions", "code")}, ("county_code", "year", "program", "source")),
    Dataset("projects", "projects.xlsx", "xlsx", grain=("project_id",),
            foreign_keys={"county_code": ("regions", "code")}, sort_by=("county_code", "project_id")),
    Dataset("project_milestones", "project_milestones.xlsx", "xlsx", grain=("project_id", "seq"),
            foreign_keys={"project_id": ("projects", "project_id")}, sort_by=("project_id", "seq")),
    Dataset("elderly_facilities", "elderly_facilities.csv", "csv", "utf-8-sig", ("facility_id",),
            {"county_code": ("regions", "code"), "community_id": ("communities", "community_id")},
            ("county_code", "facility_id")),
    Dataset("elderly_services_monthly", "elderly_services_monthly.csv", "csv", "utf-8-sig", ("facility_id", "month"),
            {"facility_id": ("elderly_facilities", "facility_id"), "county_code": ("regions", "code")},
            ("county_code", "month", "facility_id")),
    Dataset("waste_sorting_monthly", "waste_sorting_monthly.csv", "csv", "utf-8-sig", ("community_id", "month"),
            {"community_id": ("communities", "community_id"), "county_code": ("regions", "code")},
            ("county_code", "month", "community_id")),
    Dataset("resident_councils", "resident_councils.csv", "csv", "utf-8-sig", ("community_id", "council_type", "month"),
            {"community_id": ("communities", "community_id"), "county_code": ("regions", "code")},
            ("county_code", "month", "community_id")),
    Dataset("innovation_cases", "innovation_cases.xlsx", "xlsx", grain=("case_id",),
            foreign_keys={"county_code": ("regions", "code")}, sort_by=("county_code", "case_id")),
)
DATASET_BY_NAME = {d.name: d for d in DATASETS}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    not_null: bool
    label_zh: str
    unit: str
    description: str


@dataclass(frozen=True)
class Check:
    expression: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class TableSchema:
    name: str
    label_zh: str
    description: str
    columns: tuple[Column, ...]
    checks: tuple[Check, ...]


def _split_comment(comment: str | None) -> tuple[str, str, str]:
    parts = (comment or "").split("|", 2)
    parts += [""] * (3 - len(parts))
    return parts[0], parts[1], parts[2]


@lru_cache(maxsize=1)
def _schema_catalog() -> dict[str, TableSchema]:
    con = duckdb.connect()
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    cols = con.execute(
        "SELECT table_name, column_name, data_type, is_nullable, comment FROM duckdb_columns() "
        "WHERE schema_name = 'main' ORDER BY table_name, column_index").fetchall()
    tables = dict(con.execute(
        "SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main'").fetchall())
    cons = con.execute(
        "SELECT table_name, expression, constraint_column_names FROM duckdb_constraints() "
        "WHERE schema_name = 'main' AND constraint_type = 'CHECK'").fetchall()
    con.close()
    out: dict[str, TableSchema] = {}
    for table, tcomment in tables.items():
        label, _, desc = _split_comment(tcomment)
        columns = tuple(Column(c, t, not n, *_split_comment(cm)) for tn, c, t, n, cm in cols if tn == table)
        checks = tuple(Check(expr, tuple(names)) for tn, expr, names in cons if tn == table)
        out[table] = TableSchema(table, label, desc, columns, checks)
    return out


def table_schema(table: str) -> TableSchema:
    return _schema_catalog()[table]


def all_schemas() -> dict[str, TableSchema]:
    return dict(_schema_catalog())


def column_labels(table: str) -> dict[str, str]:
    """column name -> Chinese label (the header real exports use)."""
    return {c.name: c.label_zh for c in table_schema(table).columns}


def dictionary_frame(lang: str = "zh"):
    """The data dictionary as a table: table, column, type, label, unit, description (for the data page)."""
    import pandas as pd
    rows = []
    for name, ts in sorted(all_schemas().items()):
        for c in ts.columns:
            rows.append({"table": name, "table_label": ts.label_zh, "column": c.name, "type": c.type,
                         "required": c.not_null, "label": c.label_zh, "unit": c.unit, "description": c.description})
    return pd.DataFrame(rows)


def allowed_values(table: str, column: str) -> tuple[str, ...] | None:
    """The values a CHECK (column IN (...)) rule of schema.sql allows, or None (drop-down lists in templates)."""
    import re
    for chk in table_schema(table).checks:
        if chk.columns == (column,):
            m = re.fullmatch(r'\(\s*"?' + re.escape(column) + r'"?\s+IN\s+\((.*)\)\s*\)', chk.expression)
            if m:
                return tuple(v.replace("''", "'") for v in re.findall(r"'((?:[^']|'')*)'", m.group(1)))
    return None
