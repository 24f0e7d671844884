"""AppTest: the data & import page — what is loaded, the dictionary, templates; web import only when enabled;
upload → preview (interpretation, first rows as stored, new vs replaced) → 确认导入; refusals as a table; undo;
imports quarantined by a rebuild."""

from __future__ import annotations

import shutil

import pytest
from auth_helpers import sign_in
from exports_corpus import county_budget_sheet, expected_budget_rows, write_csv

from governance import settings
from governance.core.warehouse import build, connect, import_file, list_imports

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_data_page_shows_tables_and_dictionary(app):
    at = app("pages/data.py")
    assert any(s.value == "数据字典" for s in at.subheader)
    frames = [df.value for df in at.dataframe]
    tables = frames[0]
    assert "grid_events_monthly" in set(tables.iloc[:, 0])
    dictionary = frames[1]  # the first table in the selector is `budgets`
    assert list(dictionary.iloc[:, 0]) == ["county_code", "year", "budget_kind", "gpb_revenue", "gpb_expenditure",
                                           "ppp_obligations"]
    assert "一般公共预算支出" in set(dictionary.iloc[:, 3])


def test_data_page_in_english(app):
    at = app("pages/data.py", lang="en")
    assert any(s.value == "Data dictionary" for s in at.subheader)
    assert any(s.value == "Blank templates" for s in at.subheader)


def test_a_demo_visitor_gets_templates_but_no_import_form(app):
    at = app("pages/data.py")
    assert any("只有数据管理员可以导入数据" in i.value for i in at.info)
    assert not at.file_uploader and "undo_button" not in [b.key for b in at.button]
    assert [d.label for d in at.get("download_button") if "模板" in d.label] == ["下载空白模板（XLSX）"]


@pytest.fixture()
def live(warehouse_db, tmp_path, monkeypatch):
    """A copy of the test warehouse and a user folder (imports, accounts) of its own."""
    db = tmp_path / "live.duckdb"
    shutil.copyfile(warehouse_db, db)
    monkeypatch.setenv("GOVERNANCE_DB", str(db))
    monkeypatch.setenv("GOVERNANCE_USER_DIR", str(tmp_path / "user"))
    return db


def frame(at, *columns: str):
    """The first table on the page that has all these columns."""
    return next(d.value for d in at.dataframe if set(columns) <= set(d.value.columns))


def admin_page(app):
    """The data page as a signed-in data administrator (the only role that may import)."""
    at = sign_in(app("pages/data.py"), "data_admin")
    assert not at.exception, [e.message for e in at.exception]
    return at


def _budgets(db):
    con = connect(db)
    try:
        return sorted(con.execute("SELECT * FROM budgets WHERE year = 2026 AND county_code IN "
                                  "('320102', '320106', '320281')").fetchall())
    finally:
        con.close()


def test_upload_preview_confirm(app, live, tmp_path):
    sheet = county_budget_sheet(tmp_path / "2026年预算汇总.xlsx")
    at = admin_page(app)
    before = _budgets(live)
    at.file_uploader[0].set_value(("2026年预算汇总.xlsx", sheet.read_bytes(), XLSX))
    at.run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric if m.label in ("数据行", "新增记录", "替换已有记录")} == {
        "数据行": "3", "新增记录": "0", "替换已有记录": "3"}
    assert any("按表头识别为数据集：budgets · 一般公共预算" in c.value for c in at.caption)
    notes = "\n".join(frame(at, "行", "说明").iloc[:, 2])
    assert "金额单位为元（取自表头），已换算为万元（× 0.0001）：一般公共预算支出" in notes
    assert "“合计”行已跳过" in notes and "区县名称转换为 GB/T 2260 代码 3 行" in notes
    sample = frame(at, "gpb_expenditure")
    assert sorted(sample["county_code"]) == ["320102", "320106", "320281"]
    assert sorted(sample["gpb_expenditure"]) == ["156000", "70012.34567", "80100"]  # every stored digit shown
    assert _budgets(live) == before  # a preview changes nothing

    at.button(key="imp_confirm").click().run()
    assert not at.exception
    assert any("已导入 3 行" in s.value for s in at.success)
    assert _budgets(live) == expected_budget_rows()
    assert [e["original_name"] for e in list_imports(live)] == ["2026年预算汇总.xlsx"]
    assert "2026年预算汇总.xlsx" in set(frame(at, "导入编号").iloc[:, 2])
    assert at.toast and "数据已更新" in at.toast[0].value
    assert at.file_uploader[0].value is None  # a fresh uploader for the next file


def test_a_refused_file_shows_file_row_column_and_changes_nothing(app, live, tmp_path):
    bad = write_csv(tmp_path / "bad.csv", ["区县,年度,口径,一般公共预算收入,一般公共预算支出,存量PPP财政支出责任",
                                           "鼓楼区,2026,预算,1,2,3"])
    before = live.read_bytes()
    at = admin_page(app)
    at.file_uploader[0].set_value(("bad.csv", bad.read_bytes(), "text/csv"))
    at.run()
    assert not at.exception
    assert any("未通过校验" in e.value for e in at.error)
    issues = frame(at, "问题")
    row = issues.iloc[0]
    assert (row.iloc[1], row.iloc[2], row.iloc[3]) == (2, "county_code", "鼓楼区")
    assert "南京市鼓楼区（320106）" in row.iloc[4] and "徐州市鼓楼区（320302）" in row.iloc[4]
    assert "imp_confirm" not in [b.key for b in at.button]
    assert live.read_bytes() == before


def test_undo_button_rebuilds_without_the_import(app, live, tmp_path):
    f = write_csv(tmp_path / "one.csv", ["区县代码,年度,口径,一般公共预算收入,一般公共预算支出,存量PPP财政支出责任",
                                         "320102,2026,预算,1,4242.5,3"])
    demo = _budgets(live)
    build(scale=0.05, db_path=live)  # a warehouse whose build arguments the undo re-uses
    import_file(f, "budgets", live)
    assert any(r[4] == 4242.5 for r in _budgets(live))
    at = admin_page(app)
    at.button(key="undo_button").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert any(s.value.startswith("已撤销导入 one") for s in at.success)  # the file name is escaped for markdown
    assert _budgets(live) == demo and list_imports(live) == []


def test_quarantined_imports_are_reported_on_the_page(app, live, tmp_path):
    f = write_csv(tmp_path / "later-bad.csv", ["区县代码,年度,口径,一般公共预算收入,一般公共预算支出,存量PPP财政支出责任",
                                               "320102,2026,预算,1,2,3"])
    import_file(f, "budgets", live)
    [entry] = list_imports(live)
    (settings.imports_dir() / entry["stored_as"]).write_text("区县,年度\n鼓楼区,2026\n", encoding="utf-8")
    report = build(scale=0.05, db_path=live)
    assert [e["original_name"] for e in report.quarantined] == ["later-bad.csv"]
    at = app("pages/data.py")
    assert any("已被隔离" in w.value for w in at.warning)
    reasons = frame(at, "原因")
    assert list(reasons.iloc[:, 0]) == ["later-bad.csv"] and "缺少必需的列" in reasons.iloc[0, 3]
