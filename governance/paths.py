"""Where things live. Everything is relative to the repository root so a fresh clone runs as is."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
QUERIES_DIR = ROOT / "queries"
SQL_DIR = Path(__file__).resolve().parent / "sql"
SCHEMA_SQL = SQL_DIR / "schema.sql"
MARTS_DIR = SQL_DIR / "marts"
REFERENCE_COUNTIES_CSV = DATA_DIR / "reference" / "jiangsu_counties.csv"
ALERT_RULES_CSV = DATA_DIR / "reference" / "alert_rules.csv"

# Generated and built artefacts (git-ignored). GOVERNANCE_DB lets tests and the benchmark point elsewhere.
EXPORTS_DIR = DATA_DIR / "exports"
DEFAULT_DB = Path(os.environ.get("GOVERNANCE_DB", str(DATA_DIR / "governance.duckdb")))

# User data lives apart from generated demo data: a rebuild never touches this folder.
USER_DIR = Path(os.environ.get("GOVERNANCE_USER_DIR", str(DATA_DIR / "user")))
USER_DB = USER_DIR / "user.duckdb"
IMPORTS_DIR = USER_DIR / "imports"

DEFAULT_SCALE = float(os.environ.get("GOVERNANCE_SCALE", "1"))
DEFAULT_SEED = 20231126
