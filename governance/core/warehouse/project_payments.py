"""The ``project_payments`` table: each library project's PPP payment per calendar year, derived from ``projects``.

The yearly stream is ``governance.core.finance.library.library_payments`` — the one definition the demo generator
builds the county budgets' ``ppp_obligations`` with and the scenario page takes out of them — so the projects and
budgets tables agree year by year, and the 21号 constants never appear in SQL. Rewritten before the marts by every
build, import and undo (``build_marts``), so imported projects get their streams too.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from governance.core.finance.library import library_payments

COLUMNS = ("project_id", "county_code", "year", "payment")


def project_payment_rows(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per project and payment year (``COLUMNS``) of ``projects`` rows (the ``projects`` table's columns)."""
    rows = [(p["project_id"], p["county_code"], year, payment)
            for p in projects.to_dict("records") for year, payment in library_payments(p).items()]
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype({"year": "int32", "payment": "float64"})


def refresh_project_payments(con: duckdb.DuckDBPyConnection) -> int:
    """Rewrite ``project_payments`` from ``projects`` in ``con``; returns the number of rows written."""
    projects = con.execute(
        "SELECT project_id, county_code, model, total_investment, annual_gov_payment, payment_start_year, "
        "payment_end_year FROM projects WHERE annual_gov_payment > 0 AND payment_start_year IS NOT NULL").df()
    frame = project_payment_rows(projects)
    con.execute("DELETE FROM project_payments")
    if len(frame):
        con.register("_project_payments_frame", frame)
        try:
            con.execute("INSERT INTO project_payments SELECT project_id, county_code, year, payment "
                        "FROM _project_payments_frame ORDER BY county_code, project_id, year")
        finally:
            con.unregister("_project_payments_frame")
    return len(frame)


__all__ = ["COLUMNS", "project_payment_rows", "refresh_project_payments"]
