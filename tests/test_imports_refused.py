"""Broken exports are refused: each kind names the file, the row and the column (and the value), and the
warehouse, the imports log and the stored files stay byte-identical.

One kind per test: encodings, binary junk, damaged or oversized workbooks, merged headers, unknown units, bad and
ambiguous county names, duplicates, negatives, formulas, Excel error values, rule violations …
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from exports_corpus import write_csv, write_xlsx

from governance import settings
from governance.core.warehouse import ValidationError, import_file, reading, writes

BUDGET_HEAD = "区县代码,年度,口径,一般公共预算收入,一般公共预算支出,存量PPP财政支出责任"
BUDGET_HEAD_CELLS = BUDGET_HEAD.split(",")


@pytest.fixture(scope="module")
def live(warehouse_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("refused") / "live.duckdb"
    shutil.copyfile(warehouse_db, db)
    return db


def _fingerprint(db: Path) -> tuple:
    folder = settings.imports_dir()
    files = sorted((p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in folder.rglob("*") if p.is_file()) \
        if folder.exists() else []
    return hashlib.sha256(db.read_bytes()).hexdigest(), tuple(files)


def refused(path: Path, dataset: str, db: Path) -> list:
    """Import ``path``; it must fail, leave everything byte-identical and no debris. Returns the issues."""
    before = _fingerprint(db)
    with pytest.raises(ValidationError) as err:
        import_file(path, dataset, db)
    assert _fingerprint(db) == before
    assert writes.debris(db) == []
    assert all(i.file == path.name for i in err.value.issues)
    return err.value.issues


def one(path: Path, dataset: str, db: Path):
    issues = refused(path, dataset, db)
    assert len(issues) == 1, [str(i) for i in issues]
    return issues[0]


def budgets_csv(tmp_path: Path, *rows: str, name: str = "budgets.csv", encoding: str = "utf-8-sig") -> Path:
    return write_csv(tmp_path / name, [BUDGET_HEAD, *rows], encoding=encoding)


def budgets_xlsx(tmp_path: Path, *rows: list, name: str = "budgets.xlsx", **kw) -> Path:
    return write_xlsx(tmp_path / name, {"预算": [BUDGET_HEAD_CELLS, *rows]}, **kw)


# ---------------------------------------------------------------------------------------------- files and encodings

def test_binary_junk_named_csv(live, tmp_path):
    p = tmp_path / "junk.csv"
    p.write_bytes(b"county_code,year\n" + bytes(range(256)) * 4)
    i = one(p, "budgets", live)
    assert (i.row, i.column) == (2, None) and "binary data" in i.problem


def test_binary_junk_named_xlsx(live, tmp_path):
    p = tmp_path / "junk.xlsx"
    p.write_bytes(os.urandom(4096))
    i = one(p, "budgets", live)
    assert (i.row, i.column) == (None, None) and "not a valid XLSX" in i.problem


def test_truncated_workbook(live, tmp_path):
    good = budgets_xlsx(tmp_path, ["320102", 2026, "预算", 1, 2, 3], name="good.xlsx")
    p = tmp_path / "cut.xlsx"
    p.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    i = one(p, "budgets", live)
    assert i.row is None and "not a valid XLSX" in i.problem


def test_old_excel_format(live, tmp_path):
    p = tmp_path / "budgets.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert "old Excel format (.xls)" in one(p, "budgets", live).problem


def test_encrypted_or_xls_content_named_xlsx(live, tmp_path):
    p = tmp_path / "budgets.xlsx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert "password-protected" in one(p, "budgets", live).problem


def test_workbook_named_csv(live, tmp_path):
    good = budgets_xlsx(tmp_path, ["320102", 2026, "预算", 1, 2, 3], name="good.xlsx")
    p = tmp_path / "budgets.csv"
    p.write_bytes(good.read_bytes())
    assert "XLSX/ZIP file, not CSV" in one(p, "budgets", live).problem


def test_unknown_encoding(live, tmp_path):
    p = tmp_path / "budgets.csv"
    p.write_bytes((BUDGET_HEAD + "\n").encode("utf-8") + b"320102,2026,\x80\xff,1,2,3\n")
    i = one(p, "budgets", live)
    assert (i.row, i.column) == (2, None) and "encoding not recognised" in i.problem


def test_unsupported_file_type(live, tmp_path):
    p = tmp_path / "budgets.pdf"
    p.write_bytes(b"%PDF-1.4")
    assert "unsupported file type '.pdf'" in one(p, "budgets", live).problem


def test_empty_file(live, tmp_path):
    p = tmp_path / "budgets.csv"
    p.write_bytes(b"")
    assert one(p, "budgets", live).problem == "the file is empty"


def test_header_only(live, tmp_path):
    assert one(budgets_csv(tmp_path), "budgets", live).problem == "file has no data rows"


def test_no_header_anywhere(live, tmp_path):
    p = write_csv(tmp_path / "budgets.csv", ["会议纪要", "今天讨论了预算"])
    i = one(p, "budgets", live)
    assert (i.row, i.column) == (1, None) and "no header row found" in i.problem


# ---------------------------------------------------------------------------------------------- limits

def test_file_larger_than_the_cap(live, tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "IMPORT_LIMITS", reading.Limits(max_file_bytes=100, max_unpacked_bytes=None,
                                                                  max_rows=None))
    p = budgets_csv(tmp_path, *[f"320102,{y},预算,1,2,3" for y in range(2000, 2010)])
    assert "allowed per import" in one(p, "budgets", live).problem


def test_workbook_that_unpacks_beyond_the_cap(live, tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "IMPORT_LIMITS", reading.Limits(max_unpacked_bytes=2000))
    p = budgets_xlsx(tmp_path, ["320102", 2026, "预算", 1, 2, 3])
    i = one(p, "budgets", live)
    assert i.row is None and "unpacks to" in i.problem and "more than the 0 MB allowed" in i.problem


def test_more_rows_than_the_cap(live, tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "IMPORT_LIMITS", reading.Limits(max_rows=3))
    p = budgets_csv(tmp_path, *[f"320102,{y},预测,1,2,3" for y in range(2040, 2045)])
    i = one(p, "budgets", live)
    assert (i.row, i.column) == (5, None) and "more than 3 data rows" in i.problem


# ---------------------------------------------------------------------------------------------- headers and units

def test_missing_column(live, tmp_path):
    p = write_csv(tmp_path / "budgets.csv", ["区县代码,年度,口径,一般公共预算收入,一般公共预算支出", "320102,2026,预算,1,2"])
    i = one(p, "budgets", live)
    assert (i.row, i.column) == (1, "ppp_obligations") and "required column missing" in i.problem


def test_two_columns_with_one_meaning(live, tmp_path):
    p = write_csv(tmp_path / "budgets.csv", [BUDGET_HEAD + ",区县", "320102,2026,预算,1,2,3,玄武区"])
    i = one(p, "budgets", live)
    assert (i.row, i.column) == (1, "county_code") and "columns A and G" in i.problem


def test_merged_two_level_header(live, tmp_path):
    p = write_xlsx(tmp_path / "budgets.xlsx", {"预算": [
        ["区县代码", "年度", "口径", "一般公共预算", None, "存量PPP财政支出责任"],
        [None, None, None, "一般公共预算收入", "一般公共预算支出", None],
        ["320102", 2026, "预算", 1, 2, 3],
    ]}, merges={"预算": ["A1:A2", "D1:E1"]})
    issues = refused(p, "budgets", live)
    assert {(i.row, i.column) for i in issues} == {(1, "A"), (1, "D")}
    assert "merged header cells A1:A2" in issues[0].problem and "merged header cells D1:E1" in issues[1].problem


def test_merged_cells_in_the_data(live, tmp_path):
    p = budgets_xlsx(tmp_path, ["320102", 2026, "预算", 1, 2, 3], [None, 2027, "预测", 1, 2, 3],
                     merges={"预算": ["A2:A3"]})
    issues = refused(p, "budgets", live)
    assert (issues[0].row, issues[0].column) == (2, "A") and "merged cells A2:A3 in the data" in issues[0].problem


def test_unknown_money_unit_in_the_header(live, tmp_path):
    p = write_csv(tmp_path / "budgets.csv", [BUDGET_HEAD.replace("一般公共预算支出", "一般公共预算支出（美元）"),
                                             "320102,2026,预算,1,2,3"])
    i = one(p, "budgets", live)
    assert (i.row, i.column, i.value) == (1, "gpb_expenditure", "美元") and "unknown unit" in i.problem


def test_unknown_unit_in_the_unit_row(live, tmp_path):
    p = write_csv(tmp_path / "budgets.csv", ["2026年预算表", "单位：百元", BUDGET_HEAD, "320102,2026,预算,1,2,3"])
    issues = refused(p, "budgets", live)
    assert {(i.row, i.column, i.value) for i in issues} == {
        (2, "gpb_revenue", "百元"), (2, "gpb_expenditure", "百元"), (2, "ppp_obligations", "百元")}


def test_unit_that_cannot_be_converted(live, tmp_path, warehouse_db):
    from governance.core.warehouse import connect
    con = connect(warehouse_db)
    facility = con.execute("SELECT facility_id FROM elderly_facilities LIMIT 1").fetchone()[0]
    con.close()
    p = write_csv(tmp_path / "services.csv", [
        "设施编码,区县代码,月份,助餐份数,上门服务,服务时长（分钟）,服务人数,满意率",
        f"{facility},320281,2026-10-01,1,1,90,1,90"])
    i = one(p, "elderly_services_monthly", live)
    assert (i.row, i.column, i.value) == (1, "service_hours", "分钟") and "cannot be converted" in i.problem


# ---------------------------------------------------------------------------------------------- counties

def test_ambiguous_county_name_names_both_candidates(live, tmp_path):
    p = budgets_csv(tmp_path, "玄武区,2026,预算,1,2,3", "鼓楼区,2026,预算,1,2,3")
    i = one(p, "budgets", live)
    assert (i.row, i.column, i.value) == (3, "county_code", "鼓楼区")
    assert "南京市鼓楼区（320106）" in i.problem and "徐州市鼓楼区（320302）" in i.problem


def test_unknown_county_name(live, tmp_path):
    i = one(budgets_csv(tmp_path, "东京都,2026,预算,1,2,3"), "budgets", live)
    assert (i.row, i.column, i.value) == (2, "county_code", "东京都") and "unknown county name" in i.problem


def test_functional_zone_code_is_not_a_county(live, tmp_path):
    i = one(budgets_csv(tmp_path, "320571,2026,预算,1,2,3"), "budgets", live)
    assert (i.row, i.column, i.value) == (2, "county_code", "320571") and "unknown county code" in i.problem


# ---------------------------------------------------------------------------------------------- cells

def test_formula_in_a_data_cell(live, tmp_path):
    p = budgets_xlsx(tmp_path, ["320102", 2026, "预算", 1, "=D2*2", 3])
    i = one(p, "budgets", live)
    assert (i.row, i.column, i.value) == (2, "gpb_expenditure", "=D2*2") and "formula cell" in i.problem


def test_excel_error_value(live, tmp_path):
    p = budgets_xlsx(tmp_path, ["320102", 2026, "预算", "#DIV/0!", 2, 3])
    i = one(p, "budgets", live)
    assert (i.row, i.column, i.value) == (2, "gpb_revenue", "#DIV/0!") and "Excel error" in i.problem


def test_text_in_a_number_column(live, tmp_path):
    i = one(budgets_csv(tmp_path, "320102,2026,预算,约100,2,3"), "budgets", live)
    assert (i.row, i.column, i.value) == (2, "gpb_revenue", "约100") and "not a valid double" in i.problem


def test_decimal_comma_is_not_read_as_thousands(live, tmp_path):
    i = one(budgets_csv(tmp_path, '320102,2026,预算,"1,25",2,3'), "budgets", live)
    assert (i.row, i.column, i.value) == (2, "gpb_revenue", "1,25") and "commas are not thousands" in i.problem


def test_percentage_in_a_money_column(live, tmp_path):
    i = one(budgets_csv(tmp_path, "320102,2026,预算,50%,2,3"), "budgets", live)
    assert (i.row, i.column, i.value) == (2, "gpb_revenue", "50%") and "percentage in a column measured in 万元" in i.problem


def test_negative_amount(live, tmp_path):
    i = one(budgets_csv(tmp_path, "320102,2026,预算,1,-2,3"), "budgets", live)
    assert (i.row, i.column) == (2, "gpb_expenditure") and "violates rule (gpb_expenditure > 0)" in i.problem


def test_value_outside_the_enumeration(live, tmp_path):
    i = one(budgets_csv(tmp_path, "320102,2026,执行,1,2,3"), "budgets", live)
    assert (i.row, i.column, i.value) == (2, "budget_kind", "执行") and "violates rule" in i.problem


def test_year_out_of_range(live, tmp_path):
    i = one(budgets_csv(tmp_path, "320102,1900,预算,1,2,3"), "budgets", live)
    assert (i.row, i.column, i.value) == (2, "year", "1900")


def test_required_value_missing(live, tmp_path):
    i = one(budgets_csv(tmp_path, "320102,,预算,1,2,3"), "budgets", live)
    assert (i.row, i.column, i.problem) == (2, "year", "value required")


def test_duplicate_keys(live, tmp_path):
    issues = refused(budgets_csv(tmp_path, "320102,2026,预算,1,2,3", "玄武区,2026,预算,4,5,6"), "budgets", live)
    assert [(i.row, i.column, i.problem) for i in issues] == [(2, "county_code, year", "duplicate key"),
                                                              (3, "county_code, year", "duplicate key")]


def test_impossible_date(live, tmp_path):
    p = write_xlsx(tmp_path / "milestones.xlsx", {"节点": [
        ["项目编号", "序号", "节点名称", "关键节点", "计划日期", "实际日期"],
        ["NOPE-1", 1, "立项", "是", "2026-02-30", None]]})
    issues = refused(p, "project_milestones", live)
    assert (issues[0].row, issues[0].column, issues[0].value) == (2, "planned_date", "2026-02-30")
    assert "not a valid date" in issues[0].problem


def test_month_that_is_not_a_first_day(live, tmp_path, warehouse_db):
    from governance.core.warehouse import connect
    con = connect(warehouse_db)
    c = con.execute("SELECT community_id FROM communities WHERE county_code = '320281' LIMIT 1").fetchone()[0]
    con.close()
    p = write_csv(tmp_path / "waste.csv", [
        "村社区编码,区县代码,月份,参与率,准确率,厨余垃圾,可回收物,有害垃圾,其他垃圾,智能回收设备",
        f"{c},320281,2026-10-15,90,80,1,1,0,1,否"])
    i = one(p, "waste_sorting_monthly", live)
    assert (i.row, i.column) == (2, "month") and '"day"("month") = 1' in i.problem


def test_fractions_in_a_percent_column(live, tmp_path, warehouse_db):
    from governance.core.warehouse import connect
    con = connect(warehouse_db)
    c = con.execute("SELECT community_id FROM communities WHERE county_code = '320281' LIMIT 1").fetchone()[0]
    con.close()
    rows = [f"{c},320281,2026-0{m}-01,0.9{m},80,1,1,0,1,否" for m in range(1, 5)]
    p = write_csv(tmp_path / "waste.csv", [
        "村社区编码,区县代码,月份,参与率,准确率,厨余垃圾,可回收物,有害垃圾,其他垃圾,智能回收设备", *rows])
    i = one(p, "waste_sorting_monthly", live)
    assert (i.row, i.column) == (2, "participation_pct") and "look like fractions" in i.problem


def test_rule_across_two_columns(live, tmp_path):
    head = ["项目编号", "区县代码", "项目名称", "资金投向", "建设运营模式", "总投资", "社会资本投入", "开工日期", "合作期限",
            "项目状态", "第三方绩效评分", "风险等级", "年度政府支出责任", "支出责任起始年", "支出责任终止年"]
    p = write_xlsx(tmp_path / "projects.xlsx", {"项目库": [
        head, ["T-BAD-1", "320281", "甲", "养老服务", "BOT", 100, 150, "2026-01-01", 10, "在建", None, "低", 0, None, None]]})
    i = one(p, "projects", live)
    assert (i.row, i.column) == (2, "social_capital, total_investment") and "social_capital <= total_investment" in i.problem


def test_unknown_parent_row(live, tmp_path):
    p = write_csv(tmp_path / "grids.csv", [
        "网格编码,村社区编码,区县代码,网格类型,覆盖户数,专职网格员,兼职网格员,建立网格党支部",
        "320102999999001,320102999999,320102,综合网格,300,1,1,是"])
    i = one(p, "grids", live)
    assert (i.row, i.column, i.value) == (2, "community_id", "320102999999")
    assert "unknown communities.community_id" in i.problem


def test_unknown_dataset(live, tmp_path):
    i = one(budgets_csv(tmp_path, "320102,2026,预算,1,2,3"), "nonsense", live)
    assert "unknown dataset" in i.problem


def test_problems_carry_chinese_text_for_the_page(live, tmp_path):
    i = one(budgets_csv(tmp_path, "鼓楼区,2026,预算,1,2,3"), "budgets", live)
    assert "区县名称有歧义" in i.text("zh") and "南京市鼓楼区" in i.text("zh")
