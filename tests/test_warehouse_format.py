"""A warehouse built by older code (another schema or other marts) is recognised, and the app rebuilds it rather
than showing pages that fail on a missing column or macro."""

from __future__ import annotations

import os
import shutil

import duckdb
from fixture_db import fixture_warehouse

from governance.core import warehouse


def _swap_in_without_stamp(path) -> None:
    """What a file built before the stamp existed (or by other marts) looks like: no or another warehouse_format."""
    tmp = f"{path}.old"
    shutil.copy(path, tmp)
    con = duckdb.connect(tmp)
    con.execute("CREATE OR REPLACE MACRO warehouse_format() AS 'built-by-older-code'")
    con.close()
    os.replace(tmp, path)


def test_a_fresh_build_is_current_and_a_changed_one_is_not(tmp_path):
    path = tmp_path / "w.duckdb"
    fixture_warehouse({}, path=str(path)).close()
    con = duckdb.connect(str(path), read_only=True)
    assert warehouse.is_current(con)
    assert con.execute("SELECT warehouse_format()").fetchone()[0] == warehouse.format_fingerprint()
    con.close()
    _swap_in_without_stamp(path)
    con = duckdb.connect(str(path), read_only=True)
    assert not warehouse.is_current(con)
    con.close()


def test_no_stamp_at_all_is_not_current():
    con = duckdb.connect()
    con.execute("CREATE TABLE dataset_info (x INTEGER)")
    assert not warehouse.is_current(con)


def test_app_warns_about_an_outdated_warehouse_when_it_may_not_rebuild(tmp_path, monkeypatch, app):
    path = tmp_path / "w.duckdb"
    fixture_warehouse({}, path=str(path)).close()
    _swap_in_without_stamp(path)
    monkeypatch.setenv("GOVERNANCE_DB", str(path))
    monkeypatch.setenv("GOVERNANCE_AUTOBUILD", "0")
    at = app()
    assert any("python -m governance build" in w.value for w in at.warning), [w.value for w in at.warning]
