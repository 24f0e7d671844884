"""The vocabularies of governance/core/vocabulary.py against the database's guard of the same lists: the CHECK
constraints of schema.sql (DDL takes no bound parameters, so the lists are written there too) — a value the
dashboard offers must be storable, and a value the database accepts must be offered."""

from __future__ import annotations

import re

import pytest

from governance.core import vocabulary
from governance.core.warehouse.datasets import table_schema
from governance.settings import MARTS_DIR, QUERIES_DIR


def _allowed(table: str, column: str) -> set[str]:
    (check,) = [c for c in table_schema(table).checks if c.columns == (column,) and " IN (" in c.expression]
    return set(re.findall(r"'([^']*)'", check.expression))


@pytest.mark.parametrize("values, table, column", [
    (vocabulary.PROGRAMS, "fund_allocations", "program"),
    (vocabulary.PROGRAMS, "projects", "program"),
    (vocabulary.SOURCES, "fund_allocations", "source"),
    (vocabulary.FINANCING_MODELS, "projects", "model"),
    (vocabulary.PROJECT_STATUSES, "projects", "status"),
    (vocabulary.RISK_LEVELS, "projects", "risk_level"),
    (vocabulary.FACILITY_TYPES, "elderly_facilities", "facility_type"),
    (vocabulary.OPERATOR_MODELS, "elderly_facilities", "operator_model"),
    (vocabulary.COUNCIL_TYPES, "resident_councils", "council_type"),
    (vocabulary.OPERATOR_MODELS, "elderly_facilities", "operator_model"),
    (vocabulary.COUNCIL_TYPES, "resident_councils", "council_type"),
    (vocabulary.CASE_CATEGORIES, "innovation_cases", "category"),
    (vocabulary.GRID_TYPES, "grids", "grid_type"),
])
def test_vocabulary_is_what_the_schema_accepts(values, table, column):
    assert len(set(values)) == len(values)  # no value twice
    assert set(values) == _allowed(table, column)


def test_values_sql_names_are_vocabulary_values():
    params = vocabulary.sql_parameters()
    assert params["social_capital_source"] in vocabulary.SOURCES
    assert params["risk_levels"] == ["高", "中", "低"]  # most serious first: risk_rank 3, 2, 1


def test_event_categories_are_the_reported_columns():
    reported = [c.name.removeprefix("reported_") for c in table_schema("grid_events_monthly").columns
                if c.name.startswith("reported_")]
    assert tuple(reported) == vocabulary.EVENT_CATEGORIES


def _vocabulary_values() -> set[str]:
    lists = [getattr(vocabulary, name) for name in vocabulary.__all__ if name.isupper()]
    return {v for values in lists for v in (values if isinstance(values, tuple) else (values,))}


def _sql_without_comments(path) -> str:
    return "\n".join(line.split("--")[0] for line in path.read_text(encoding="utf-8").splitlines())


def test_queries_name_no_vocabulary_value():
    """Named queries get vocabulary values as bound parameters (vocabulary.sql_parameters), never as literals."""
    values = _vocabulary_values()
    found = {p.name: sorted(set(re.findall(r"'([^']*)'", _sql_without_comments(p))) & values)
             for p in sorted(QUERIES_DIR.glob("*.sql"))}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_mart_filters_name_vocabulary_values():
    """The marts are built without parameters, so the facility and grid types they filter on are written there;
    each must be a vocabulary value (a renamed value would silently count nothing)."""
    allowed = {"facility_type": vocabulary.FACILITY_TYPES, "grid_type": vocabulary.GRID_TYPES}
    checked = 0
    for path in sorted(MARTS_DIR.glob("*.sql")):
        for column, value in re.findall(r"(facility_type|grid_type)\s*=\s*'([^']*)'", _sql_without_comments(path)):
            assert value in allowed[column], f"{path.name}: {column} = '{value}' is not a vocabulary value"
            checked += 1
    assert checked >= 8  # the grid marts' and the elderly mart's filters were seen
