"""The fixture-warehouse builder every query test uses: real schema and regions, typed-in rows, real marts."""

from __future__ import annotations

import pytest
from fixture_db import fixture_warehouse


def test_rows_as_tuples_and_dicts_and_marts_built():
    con = fixture_warehouse({
        "communities": [("320102001001", "320102001", "320102", "A", "社区", 100, 250, 50, 118.8, 32.05, True)],
        "grids": [dict(grid_id="g1", community_id="320102001001", county_code="320102", grid_type="综合网格",
                       households=90, fulltime_workers=1, parttime_workers=0, party_branch=True)],
    })
    try:
        assert con.execute("SELECT count(*) FROM regions WHERE level = 'county'").fetchone()[0] == 95
        row = con.execute("SELECT households, covered_households FROM mart_grid_county WHERE county_code = '320102'")
        assert row.fetchone() == (100, 90)
    finally:
        con.close()


def test_unknown_table_is_refused():
    with pytest.raises(KeyError, match="no table"):
        fixture_warehouse({"grid": [("x",)]})


def test_file_warehouse_reopens_read_only(tmp_path):
    import duckdb

    path = tmp_path / "w.duckdb"
    fixture_warehouse({"townships": [("320102001", "320102", "甲街道", "街道")]}, path=path).close()
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert con.execute("SELECT name FROM townships").fetchall() == [("甲街道",)]
    finally:
        con.close()
