"""The vocabularies of governance/core/vocabulary.py against the database's guard of the same lists: the CHECK
constraints of schema.sql (DDL takes no bound parameters, so the lists are written there too) — a value the
dashboard offers must be storable, and a value the database accepts must be offered."""

from __future__ import annotations

import re

import pytest

from governance.core import vocabulary
from governance.core.warehouse.datasets import table_schema


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
