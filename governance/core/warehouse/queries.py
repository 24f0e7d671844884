"""The query runner: connections and named queries (queries/<name>.sql with bound $parameters)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from governance import settings
from governance.settings import QUERIES_DIR


def connect(db_path: Path | str | None = None, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the warehouse. The app shares one read-only connection (st.cache_resource) and takes a cursor per run."""
    return duckdb.connect(str(db_path or settings.db_path()), read_only=read_only)


def _quiet(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """No terminal progress bar from long build statements (it floods logs and CI output)."""
    con.execute("SET enable_progress_bar = false")
    return con


@lru_cache(maxsize=None)
def query_sql(name: str) -> str:
    path = QUERIES_DIR / f"{name}.sql"
    if not path.exists():
        raise KeyError(f"no named query {name!r} in {QUERIES_DIR}")
    return path.read_text(encoding="utf-8")


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))


def run_query(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run queries/<name>.sql with its $parameters bound (values never become SQL text); returns a DataFrame.

    Parameters the query does not use are ignored, so pages can pass their whole filter set."""
    sql = query_sql(name)
    used = {k: v for k, v in params.items() if f"${k}" in sql}
    return con.execute(sql, used).df()


def database_ready(db_path: Path | str | None = None) -> bool:
    return Path(db_path or settings.db_path()).exists()


def dataset_info(con: duckdb.DuckDBPyConnection) -> dict:
    row = con.execute("SELECT * FROM dataset_info").df()
    return row.iloc[0].to_dict() if len(row) else {}
