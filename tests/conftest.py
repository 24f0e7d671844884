"""Shared fixtures.

* Every test runs against temp paths: ``$GOVERNANCE_DB`` points at the session's test warehouse file (built on first
  use, scale 0.05, all 95 counties) and ``$GOVERNANCE_USER_DIR`` at a temp folder, so nothing a test does can read
  or build ``data/governance.duckdb`` or touch saved scenarios. Settings are read at call time
  (``governance.settings``): a test points elsewhere with ``monkeypatch.setenv``, never by patching module globals.
* ``warehouse_db``: the built test warehouse (its path). ``con``: a read-only connection to it.
* ``app``: open a page of the real app in AppTest — the one way every AppTest test starts.
* Hand-built query fixtures: ``tests/fixture_db.py`` (``fixture_warehouse``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

TEST_SCALE = 0.05
APP_TIMEOUT = 120  # seconds per script run: a page's first run on a loaded 2-core machine


@pytest.fixture(scope="session")
def warehouse_path(tmp_path_factory) -> Path:
    """Where the session's test warehouse lives (built by ``warehouse_db`` on first use)."""
    return tmp_path_factory.mktemp("warehouse") / "governance-test.duckdb"


@pytest.fixture(scope="session", autouse=True)
def _isolated_environment(tmp_path_factory, warehouse_path):
    """Point the app's settings at temp paths for the whole session (restored afterwards)."""
    wanted = {
        "GOVERNANCE_DB": str(warehouse_path),
        "GOVERNANCE_USER_DIR": str(tmp_path_factory.mktemp("user")),
        "GOVERNANCE_SCALE": str(TEST_SCALE),  # should a test ever trigger the first-start build, keep it small
    }
    saved = {k: os.environ.get(k) for k in wanted}
    os.environ.update(wanted)
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def warehouse_db(warehouse_path) -> Path:
    """The demo warehouse at scale 0.05, built once per session at ``$GOVERNANCE_DB``'s session value."""
    from governance.core.warehouse import build
    build(scale=TEST_SCALE, db_path=warehouse_path, include_imports=False)
    return warehouse_path


@pytest.fixture()
def con(warehouse_db):
    import duckdb
    c = duckdb.connect(str(warehouse_db), read_only=True)
    yield c
    c.close()


@pytest.fixture
def app(request, warehouse_path):
    """Open the real app in AppTest: ``app("pages/grid.py", region="320500", lang="en")``.

    Keyword arguments become URL query parameters; ``app()`` opens the default page. The run must end without an
    exception (``check=False`` to inspect one). The app reads ``$GOVERNANCE_DB`` at call time: when it still points
    at the session's test warehouse, that warehouse is built first; a test that points it elsewhere
    (``monkeypatch.setenv``) gets exactly that file."""
    from streamlit.testing.v1 import AppTest

    from governance import settings

    def make(page: str | None = None, *, check: bool = True, timeout: float = APP_TIMEOUT, **params):
        if settings.db_path() == warehouse_path:
            request.getfixturevalue("warehouse_db")
        at = AppTest.from_file("../app.py", default_timeout=timeout)  # relative to this file
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page is not None:
            assert not at.exception, [e.message for e in at.exception]
            at.switch_page(page).run()
        if check:
            assert not at.exception, [e.message for e in at.exception]
        return at

    return make
