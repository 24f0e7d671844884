"""One test per kind of bad input: the message names file, row, column (and value); nothing is loaded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from fixture_db import fixture_warehouse

from governance.core.warehouse import build, connect, import_file
from governance.core.warehouse.ingest import (
    ValidationError,
    insert_sorted,
    validate_file,
)

GOOD_TOWNSHIPS = "township_code,county_code,name,kind\n320102001,320102,东华街道,街道\n320102002,320102,西华街道,街道\n"


@pytest.fixture()
def db():
    con = fixture_warehouse(marts=False)  # empty tables: each test loads its own file
    yield con
    con.close()


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8-sig") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding=encoding)
    return p


def _issues(con, dataset, path):
    with pytest.raises(ValidationError) as err:
        validate_file(con, dataset, path, "_typed")
    return err.value.issues


def test_good_file_loads_with_exact_rows(db, tmp_path):
    p = _write(tmp_path, "townships.csv", GOOD_TOWNSHIPS)
    assert validate_file(db, "townships", p, "_typed") == 2
    insert_sorted(db, "townships", "_typed")
    assert db.execute("SELECT township_code, kind FROM townships ORDER BY 1").fetchall() == [
        ("320102001", "街道"), ("320102002", "街道")]


def test_chinese_headers_and_gbk_are_accepted(db, tmp_path):
    text = "乡镇代码,区县代码,名称,类型\n320102001,320102,东华街道,街道\n"
    p = _write(tmp_path, "townships.csv", text, encoding="gbk")
    assert validate_file(db, "townships", p, "_typed") == 1


def test_missing_column_names_file_row_and_column(db, tmp_path):
    p = _write(tmp_path, "townships.csv", "township_code,county_code,name\n320102001,320102,东华街道\n")
    [issue] = _issues(db, "townships", p)
    assert (issue.file, issue.row, issue.column) == ("townships.csv", 1, "kind")
    assert "required column missing" in str(issue)


def test_bad_type_reports_row_and_value(db, tmp_path):
    text = ("community_id,township_code,county_code,name,kind,households,population,residents_60plus,lon,lat,"
            "smart_grid_connected\n"
            "320102001001,320102001,320102,甲社区,社区,1200,3000,600,118.8,32.05,true\n"
            "320102001002,320102001,320102,乙社区,社区,many,3000,600,118.8,32.05,true\n")
    db.execute("INSERT INTO townships VALUES ('320102001', '320102', '东华街道', '街道')")
    p = _write(tmp_path, "communities.csv", text)
    [issue] = _issues(db, "communities", p)
    assert (issue.row, issue.column, issue.value) == (3, "households", "many")
    assert "not a valid integer" in issue.problem


def test_required_value_missing(db, tmp_path):
    p = _write(tmp_path, "townships.csv", "township_code,county_code,name,kind\n320102001,320102,,街道\n")
    [issue] = _issues(db, "townships", p)
    assert (issue.row, issue.column, issue.problem) == (2, "name", "value required")


def test_range_rule_violation(db, tmp_path):
    p = _write(tmp_path, "townships.csv", "township_code,county_code,name,kind\n320102001,320102,东华,村委会\n")
    [issue] = _issues(db, "townships", p)
    assert (issue.row, issue.column, issue.value) == (2, "kind", "村委会")
    assert "violates rule" in issue.problem


def test_unknown_county_code(db, tmp_path):
    # 320576 苏州工业园区 is a functional zone, not a county: rejected like any unknown code
    text = "township_code,county_code,name,kind\n320576001,320576,园区街道,街道\n320102001,320102,东华,街道\n"
    p = _write(tmp_path, "townships.csv", text)
    [issue] = _issues(db, "townships", p)
    assert (issue.row, issue.column, issue.value) == (2, "county_code", "320576")
    assert "unknown county code" in issue.problem


def test_foreign_key_to_parent_table(db, tmp_path):
    text = ("grid_id,community_id,county_code,grid_type,households,fulltime_workers,parttime_workers,party_branch\n"
            "320102001001001,320102001999,320102,综合网格,300,1,1,是\n")
    p = _write(tmp_path, "grids.csv", text)
    [issue] = _issues(db, "grids", p)
    assert (issue.row, issue.column, issue.value) == (2, "community_id", "320102001999")
    assert "unknown communities.community_id" in issue.problem


def test_duplicate_key(db, tmp_path):
    p = _write(tmp_path, "townships.csv", GOOD_TOWNSHIPS + "320102001,320102,重复街道,街道\n")
    issues = _issues(db, "townships", p)
    assert [(i.row, i.column, i.problem) for i in issues] == [
        (2, "township_code", "duplicate key"), (4, "township_code", "duplicate key")]


def test_percent_given_as_fraction(db, tmp_path):
    db.execute("INSERT INTO townships VALUES ('320102001', '320102', '东华街道', '街道')")
    db.execute("INSERT INTO communities VALUES ('320102001001', '320102001', '320102', '甲', '社区', 100, 250, 50,"
               " 118.8, 32.05, true)")
    rows = "".join(f"320102001001,320102,2026-0{m}-01,0.9{m},0.8,1,1,0,1,false\n" for m in range(1, 5))
    text = ("community_id,county_code,month,participation_pct,accuracy_pct,kitchen_t,recyclable_t,hazardous_t,other_t,"
            "smart_equipment\n" + rows)
    p = _write(tmp_path, "waste.csv", text)
    issues = _issues(db, "waste_sorting_monthly", p)
    assert {(i.row, i.column) for i in issues} == {(2, "participation_pct"), (2, "accuracy_pct")}
    assert "percent" in issues[0].problem


def test_unreadable_and_unsupported_files(db, tmp_path):
    [missing] = _issues(db, "townships", tmp_path / "nope.csv")
    assert missing.problem == "file not found"
    p = _write(tmp_path, "townships.json", "{}")
    [unsupported] = _issues(db, "townships", p)
    assert "unsupported file type" in unsupported.problem
    empty = _write(tmp_path, "townships.csv", "township_code,county_code,name,kind\n")
    [no_rows] = _issues(db, "townships", empty)
    assert no_rows.problem == "file has no data rows"


def test_xlsx_row_numbers_follow_the_sheet(db, tmp_path):
    df = pd.DataFrame({"区县代码": ["320102", "320102"], "年度": [2025, 2026], "口径": ["决算", "预算"],
                       "一般公共预算收入": [100, 110], "一般公共预算支出": [200, -5], "存量PPP财政支出责任": [10, 11]})
    p = tmp_path / "budgets.xlsx"
    df.to_excel(p, index=False)
    [issue] = _issues(db, "budgets", p)
    assert (issue.file, issue.row, issue.column, issue.value) == ("budgets.xlsx", 3, "gpb_expenditure", "-5.0")


def test_failed_import_leaves_the_warehouse_untouched(warehouse_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(warehouse_db, db)
    before = connect(db).execute("SELECT count(*), sum(gpb_expenditure) FROM budgets").fetchone()
    bad = tmp_path / "budgets.csv"
    bad.write_text("county_code,year,budget_kind,gpb_revenue,gpb_expenditure,ppp_obligations\n"
                   "320102,2026,预算,1,100,1\n320102,2027,预测,1,abc,1\n", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        import_file(bad, "budgets", db)
    assert "budgets.csv, row 3, column gpb_expenditure" in str(err.value)
    after = connect(db).execute("SELECT count(*), sum(gpb_expenditure) FROM budgets").fetchone()
    assert after == before


def test_good_import_replaces_rows_by_key_and_survives_rebuild(warehouse_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(warehouse_db, db)
    f = tmp_path / "budgets_320102.csv"
    f.write_text("county_code,year,budget_kind,gpb_revenue,gpb_expenditure,ppp_obligations\n"
                 "320102,2026,预算,1000,123456,7890\n", encoding="utf-8")
    n_before = connect(db).execute("SELECT count(*) FROM budgets").fetchone()[0]
    assert import_file(f, "budgets", db) == 1
    c = connect(db)
    assert c.execute("SELECT count(*) FROM budgets").fetchone()[0] == n_before
    assert c.execute("SELECT gpb_expenditure, ppp_obligations FROM budgets WHERE county_code='320102' AND year=2026"
                     ).fetchone() == (123456.0, 7890.0)
    # the mart follows the import
    assert c.execute("SELECT round(obligation_share, 6) FROM mart_obligations_county_year "
                     "WHERE county_code='320102' AND year=2026").fetchone()[0] == round(7890 / 123456, 6)
    c.close()
    # a rebuild of the demo data re-applies the user's import
    rebuilt = tmp_path / "rebuilt.duckdb"
    build(scale=0.05, db_path=rebuilt)
    c = connect(rebuilt)
    assert c.execute("SELECT gpb_expenditure FROM budgets WHERE county_code='320102' AND year=2026").fetchone()[0] == 123456.0
    c.close()


def test_failed_build_keeps_previous_database(warehouse_db, tmp_path):
    from governance.core.warehouse import exports_dir_for
    exports = tmp_path / "exports"
    from governance.settings import DEFAULT_SEED
    shutil.copytree(exports_dir_for(0.05, DEFAULT_SEED), exports)
    (exports / "townships.csv").write_text("乡镇代码,区县代码,名称,类型\n320102001,999999,坏,街道\n", encoding="gbk")
    db = tmp_path / "live.duckdb"
    shutil.copyfile(warehouse_db, db)
    size = db.stat().st_size
    with pytest.raises(ValidationError) as err:
        build(scale=0.05, db_path=db, exports=exports)
    assert "townships.csv, row 2, column county_code" in str(err.value)
    assert db.stat().st_size == size and connect(db).execute("SELECT count(*) FROM townships").fetchone()[0] > 0
    assert not list(tmp_path.glob("live.duckdb.building-*"))
