"""The query runner: connections and named queries (queries/<name>.sql with bound $parameters).

Reading a warehouse that writers replace underneath
---------------------------------------------------
Builds and imports write a new file and swap it in with ``os.replace``. While a connection to a path is open in a
process, ``duckdb.connect(path, read_only=True)`` hands back the database instance already open for that path — the
*old* file (stack-notes: DuckDB's instance cache). So read-only connections here are in-memory connections with the
file ``ATTACH``ed ``(READ_ONLY)`` as ``w`` and made the default catalog: each one opens the file as it is now.
``warehouse_version`` names a file version (a swap gives a new inode); ``ReadConnections`` keeps one connection per
version, lends cursors from it and closes a superseded version's connection once its last cursor is returned.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from governance import settings
from governance.core import thresholds, vocabulary
from governance.settings import QUERIES_DIR

WAREHOUSE_ALIAS = "w"


def connect(db_path: Path | str | None = None, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the warehouse. Read-only: the file as it is now (ATTACH on an in-memory connection, see above); take
    cursors with ``cursor(con)``, not ``con.cursor()``. Writable: the file itself (writers use temp files)."""
    path = str(db_path or settings.db_path())
    if not read_only:
        return duckdb.connect(path)
    if not Path(path).exists():
        raise duckdb.IOException(f"warehouse file not found: {path}")
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH '{_sql_literal(path)}' AS {WAREHOUSE_ALIAS} (READ_ONLY)")
        con.execute(f"USE {WAREHOUSE_ALIAS}")
    except BaseException:
        con.close()
        raise
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of ``con`` reading the same warehouse (a DuckDB cursor starts in the in-memory default catalog)."""
    cur = con.cursor()
    try:
        cur.execute(f"USE {WAREHOUSE_ALIAS}")
    except duckdb.CatalogException:
        pass  # a plain file connection: its cursors already read the file
    return cur


def _sql_literal(text: str) -> str:
    return text.replace("'", "''")


def warehouse_version(db_path: Path | str | None = None) -> tuple[str, int, int, int] | None:
    """(path, inode, mtime_ns, size) of the warehouse file, or None when there is none. Every swap changes it."""
    path = Path(db_path or settings.db_path())
    try:
        st = path.stat()
    except OSError:
        return None
    return str(path), st.st_ino, st.st_mtime_ns, st.st_size


class ReadConnections:
    """One read-only connection per warehouse version, shared by all threads; each use borrows a cursor.

    A DuckDB connection is not thread-safe, its cursors are; closing a connection closes its cursors, so a
    superseded version stays open until the last cursor borrowed from it is returned."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[tuple, list] = {}  # version -> [connection, cursors lent]
        self._latest: dict[str, tuple] = {}  # path -> newest version opened

    @contextmanager
    def cursor(self, db_path: Path | str | None = None) -> Iterator[tuple[tuple, duckdb.DuckDBPyConnection]]:
        """``with pool.cursor(path) as (version, cur):`` — a cursor on the file's current version.
        Raises FileNotFoundError when the warehouse does not exist."""
        path = str(db_path or settings.db_path())
        with self._lock:
            version, entry = self._entry(path)
            entry[1] += 1
            try:
                cur = cursor(entry[0])
            except BaseException:
                entry[1] -= 1
                raise
        try:
            yield version, cur
        finally:
            cur.close()
            with self._lock:
                entry[1] -= 1
                self._close_superseded(path)

    def _entry(self, path: str) -> tuple[tuple, list]:
        for _ in range(5):  # a swap between stat and ATTACH: stat again and reopen
            version = warehouse_version(path)
            if version is None:
                raise FileNotFoundError(path)
            entry = self._open.get(version)
            if entry is not None:
                return version, entry
            con = connect(path)
            if warehouse_version(path) != version:
                con.close()
                continue
            entry = self._open[version] = [con, 0]
            self._latest[path] = version
            self._close_superseded(path)
            return version, entry
        raise duckdb.IOException(f"warehouse {path} keeps changing while being opened")

    def _close_superseded(self, path: str) -> None:
        latest = self._latest.get(path)
        for version, (con, users) in list(self._open.items()):
            if version[0] == path and version != latest and users == 0:
                con.close()
                del self._open[version]

    def open_versions(self) -> list[tuple]:
        with self._lock:
            return list(self._open)

    def close(self) -> None:
        with self._lock:
            for con, _ in self._open.values():
                con.close()
            self._open.clear()
            self._latest.clear()


def _quiet(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """No terminal progress bar from long build statements (it floods logs and CI output)."""
    con.execute("SET enable_progress_bar = false")
    return con


@cache
def query_sql(name: str) -> str:
    path = QUERIES_DIR / f"{name}.sql"
    if not path.exists():
        raise KeyError(f"no named query {name!r} in {QUERIES_DIR}")
    return path.read_text(encoding="utf-8")


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))


def run_query(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run queries/<name>.sql with its $parameters bound (values never become SQL text); returns a DataFrame.

    Parameters the query does not use are ignored, so pages can pass their whole filter set. The red lines and
    targets of ``governance.core.thresholds`` ($risk_notice_share, $<kpi>_target …) and the vocabulary values of
    ``governance.core.vocabulary`` ($social_capital_source, $risk_levels) are supplied to every query that uses them."""
    sql = query_sql(name)
    params = {**thresholds.sql_parameters(), **vocabulary.sql_parameters(), **params}
    used = {k: v for k, v in params.items() if f"${k}" in sql}
    return con.execute(sql, used).df()


def database_ready(db_path: Path | str | None = None) -> bool:
    return Path(db_path or settings.db_path()).exists()


def dataset_info(con: duckdb.DuckDBPyConnection) -> dict:
    row = con.execute("SELECT * FROM dataset_info").df()
    return row.iloc[0].to_dict() if len(row) else {}
