"""Shared fixtures: a small demo warehouse (scale 0.05, all 95 counties) built once per test session.

The environment points the app at it (GOVERNANCE_DB) and keeps user data (imports, scenarios) in a temp folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

TEST_SCALE = 0.05


@pytest.fixture(scope="session")
def warehouse_db(tmp_path_factory) -> Path:
    from governance.core.warehouse import build
    db = tmp_path_factory.mktemp("warehouse") / "governance-test.duckdb"
    build(scale=TEST_SCALE, db_path=db, include_imports=False)
    os.environ["GOVERNANCE_DB"] = str(db)
    return db


@pytest.fixture(scope="session", autouse=True)
def _isolated_user_dir(tmp_path_factory):
    user = tmp_path_factory.mktemp("user")
    os.environ["GOVERNANCE_USER_DIR"] = str(user)
    yield user


@pytest.fixture()
def con(warehouse_db):
    import duckdb
    c = duckdb.connect(str(warehouse_db), read_only=True)
    yield c
    c.close()


@pytest.fixture
def app(warehouse_db):
    """Open a page of the real app in AppTest with URL parameters: ``app("pages/grid.py", region="320500")``."""
    from streamlit.testing.v1 import AppTest

    def make(page: str, **params) -> AppTest:
        at = AppTest.from_file("../app.py", default_timeout=120)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        at.switch_page(page).run()
        assert not at.exception, at.exception
        return at
    return make
