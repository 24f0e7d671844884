"""Paths and modes in one place, read at call time.

Fixed locations (relative to the repository, so a fresh clone runs as is) are constants; everything an operator or a
test may point elsewhere is a function that reads the environment when called:

| variable              | function          | default                      |
|-----------------------|-------------------|------------------------------|
| ``GOVERNANCE_DB``       | ``db_path()``       | ``data/governance.duckdb``   |
| ``GOVERNANCE_USER_DIR`` | ``user_dir()``      | ``data/user`` (imports, saved scenarios — never touched by a rebuild) |
| ``GOVERNANCE_SCALE``    | ``default_scale()`` | ``1``                        |
| ``GOVERNANCE_AUTOBUILD`` | ``autobuild()``   | on (``0``: a missing warehouse is not built on first start) |
| ``GOVERNANCE_WRITE_WAIT`` | ``write_wait_seconds()`` | ``120`` (a second import/build waits, then stops) |
| ``GOVERNANCE_AUTH``     | ``auth_mode()``     | ``demo`` (``login``: every page needs an account) |
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
QUERIES_DIR = ROOT / "queries"
WAREHOUSE_SQL_DIR = Path(__file__).resolve().parent / "core" / "warehouse"
SCHEMA_SQL = WAREHOUSE_SQL_DIR / "schema.sql"
MARTS_DIR = WAREHOUSE_SQL_DIR / "marts"
REFERENCE_DIR = DATA_DIR / "reference"
REFERENCE_COUNTIES_CSV = REFERENCE_DIR / "jiangsu_counties.csv"
ALERT_RULES_CSV = REFERENCE_DIR / "alert_rules.csv"
GEO_DIR = DATA_DIR / "geo"
DOCS_DIR = ROOT / "docs"

# Generated demo exports (git-ignored), cached per scale and seed.
EXPORTS_DIR = DATA_DIR / "exports"
DEFAULT_SEED = 20231126


def db_path() -> Path:
    """The warehouse file ($GOVERNANCE_DB, else data/governance.duckdb)."""
    env = os.environ.get("GOVERNANCE_DB")
    return Path(env) if env else DATA_DIR / "governance.duckdb"


def user_dir() -> Path:
    """User data, apart from generated demo data: a rebuild never deletes anything here."""
    env = os.environ.get("GOVERNANCE_USER_DIR")
    return Path(env) if env else DATA_DIR / "user"


def user_db() -> Path:
    """Saved scenarios (and later accounts) live here, never in the warehouse."""
    return user_dir() / "user.duckdb"


def imports_dir() -> Path:
    """Stored copies of every imported file and the imports log; re-applied by every rebuild."""
    return user_dir() / "imports"


def default_scale() -> float:
    """Scale of the demo data built on first start ($GOVERNANCE_SCALE, else 1)."""
    return float(os.environ.get("GOVERNANCE_SCALE", "1"))


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in ("1", "true", "yes", "on")


def autobuild() -> bool:
    """Whether the app builds a missing warehouse on first start ($GOVERNANCE_AUTOBUILD=0 turns it off: tests of the
    empty state, servers that must only read a warehouse built elsewhere)."""
    return _flag("GOVERNANCE_AUTOBUILD", True)


def write_wait_seconds() -> float:
    """How long an import or build waits for another writer to finish before giving up ($GOVERNANCE_WRITE_WAIT,
    else 120 s)."""
    try:
        return max(0.0, float(os.environ.get("GOVERNANCE_WRITE_WAIT", "120")))
    except ValueError:
        return 120.0


AUTH_MODES = ("demo", "login")


def auth_mode() -> str:
    """``demo`` (default: anonymous visitors read the fictional demo, import nothing) or ``login`` (every page needs
    an account). An unknown value means ``login``: a typo must not open the dashboard to strangers."""
    value = os.environ.get("GOVERNANCE_AUTH", "demo").strip().lower() or "demo"
    return value if value in AUTH_MODES else "login"


def accounts_db() -> Path:
    """Accounts, login sessions and the audit log (SQLite: several server processes and the CLI write to it)."""
    return user_dir() / "accounts.sqlite"
