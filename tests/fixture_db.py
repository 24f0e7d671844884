"""One builder for every hand-built test warehouse: the real schema and regions, the rows a test types in, the real
marts — so a query test's answer is known by construction and runs the same SQL as the app.

    from fixture_db import fixture_warehouse
    con = fixture_warehouse({
        "townships": [("320102001", "320102", "甲街道", "街道")],
        "grids": [dict(grid_id="320102001001001", community_id="320102001001", county_code="320102", ...)],
    })

Rows are tuples in the table's column order (schema.sql) or dicts naming their columns (the rest stay NULL).
Tables are filled in the order given, so list parents before children. Public API only
(``governance.core.warehouse``): tests never reach into private helpers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb

from governance.core import warehouse

Row = Sequence | Mapping[str, object]


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Row]) -> None:
    """Insert tuples (all columns, in order) or dicts (named columns) into an existing table; values are bound."""
    known = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if table not in known:
        raise KeyError(f"no table {table!r} in the fixture warehouse")
    batches: dict[tuple, list[list]] = {}  # one executemany per shape of row
    for row in rows:
        names = tuple(row) if isinstance(row, Mapping) else len(row)
        batches.setdefault(names, []).append(list(row.values()) if isinstance(row, Mapping) else list(row))
    for names, values in batches.items():
        cols = f" ({', '.join(_quote(c) for c in names)})" if isinstance(names, tuple) else ""
        marks = ", ".join("?" for _ in values[0])
        con.executemany(f"INSERT INTO {_quote(table)}{cols} VALUES ({marks})", values)


def fixture_warehouse(rows: Mapping[str, Sequence[Row]] | None = None, path: Path | str = ":memory:",
                      marts: bool = True) -> duckdb.DuckDBPyConnection:
    """A writable warehouse: ``warehouse.create_schema`` + the given rows + ``warehouse.build_marts``.

    ``path``: ":memory:" (default) or a file, e.g. for the app to open read-only — close the connection first.
    ``marts=False`` leaves the marts out (ingest tests that load tables themselves)."""
    con = duckdb.connect(str(path))
    warehouse.create_schema(con)
    for table, table_rows in (rows or {}).items():
        insert_rows(con, table, table_rows)
    if marts:
        warehouse.build_marts(con)
    return con
