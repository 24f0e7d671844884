"""An open app sees every new warehouse version on its next rerun, without a restart.

DuckDB hands a second ``connect(path)`` in one process the instance already open for that path — the old file after
a swap. ``warehouse.connect`` (ATTACH on an in-memory connection) and ``ReadConnections`` (one connection per file
version, superseded ones closed) read the new file; ``data.query`` uses them, so a command-line import shows up on
the next rerun of a running session, with a "数据已更新" notice.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from exports_corpus import write_csv
from streamlit.testing.v1 import AppTest

from governance import settings
from governance.core.warehouse import ReadConnections, connect, import_file, warehouse_version

HEAD = "区县代码,年度,口径,一般公共预算收入,一般公共预算支出,存量PPP财政支出责任"
SQL = "SELECT gpb_expenditure FROM budgets WHERE county_code = '320102' AND year = 2026"


@pytest.fixture()
def db(warehouse_db, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVERNANCE_USER_DIR", str(tmp_path / "user"))
    live = tmp_path / "live.duckdb"
    shutil.copyfile(warehouse_db, live)
    monkeypatch.setenv("GOVERNANCE_DB", str(live))
    return live


def _budget(tmp_path, value: float, name: str = "b.csv"):
    return write_csv(tmp_path / name, [HEAD, f"320102,2026,预算,1000,{value},10"])


def test_a_new_connection_reads_the_swapped_file_while_an_old_one_is_open(db, tmp_path):
    old = connect(db)
    before = old.execute(SQL).fetchone()[0]
    import_file(_budget(tmp_path, 4242.5), "budgets", db)
    new = connect(db)
    assert new.execute(SQL).fetchone()[0] == 4242.5
    assert old.execute(SQL).fetchone()[0] == before  # an open connection keeps its snapshot until closed
    old.close()
    new.close()


def test_read_connections_follow_versions_and_close_superseded_ones(db, tmp_path):
    pool = ReadConnections()
    with pool.cursor(db) as (v1, cur):
        before = cur.execute(SQL).fetchone()[0]
        import_file(_budget(tmp_path, 99.25), "budgets", db)  # swapped while a cursor is lent out
        with pool.cursor(db) as (v2, cur2):
            assert v2 != v1 and v2 == warehouse_version(db)
            assert cur2.execute(SQL).fetchone()[0] == 99.25
        assert set(pool.open_versions()) == {v1, v2}  # v1 stays open: its cursor is still in use
        assert cur.execute(SQL).fetchone()[0] == before
    assert pool.open_versions() == [v2]  # returned: the superseded version is closed
    with pool.cursor(db) as (v3, cur):
        assert v3 == v2 and cur.execute(SQL).fetchone()[0] == 99.25
    pool.close()


SCRIPT = """
import streamlit as st
from governance.app import data
data.notice_if_updated()
frame = data.query("county_fiscal_context", county_code="320102", first_year=2026)
st.text(f"expenditure={frame.iloc[0]['gpb_expenditure']}")
"""


def test_the_app_sees_a_command_line_import_on_its_next_rerun(db, tmp_path):
    at = AppTest.from_string(SCRIPT, default_timeout=60).run()
    assert not at.exception
    shown = at.text[0].value
    assert not at.toast
    out = subprocess.run([sys.executable, "-m", "governance", "import", str(_budget(tmp_path, 7777.5)),
                          "--dataset", "budgets", "--db", str(db)], cwd=settings.ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    at.run()  # the next interaction of the open session
    assert not at.exception
    assert at.text[0].value == "expenditure=7777.5" != shown
    assert "数据已更新" in at.toast[0].value
    at.run()
    assert not at.toast  # said once
