"""Blank templates: a 填报说明 sheet describing every column from the data dictionary, Chinese headers with units,
drop-down lists for enumerated columns — and a filled template imports cleanly with exact values."""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest

from governance.core.warehouse import connect, guess_dataset, import_file, list_imports, preview_import
from governance.core.warehouse.datasets import DATASETS, allowed_values, table_schema
from governance.core.warehouse.templates import CODES_SHEET, DATA_SHEET, GUIDE_SHEET, header_label, write_template


@pytest.mark.parametrize("dataset", [d.name for d in DATASETS])
def test_every_dataset_has_a_template_from_the_dictionary(dataset, tmp_path):
    wb = openpyxl.load_workbook(write_template(dataset, tmp_path / f"{dataset}.xlsx"))
    schema = table_schema(dataset)
    assert wb.sheetnames[:2] == [GUIDE_SHEET, DATA_SHEET]
    data = wb[DATA_SHEET]
    assert [c.value for c in data[1]] == [header_label(dataset, c.name) for c in schema.columns]
    guide_fields = [r[1] for r in wb[GUIDE_SHEET].iter_rows(values_only=True)]
    assert all(c.name in guide_fields for c in schema.columns)
    lists = {str(dv.sqref): dv.formula1 for dv in data.data_validations.dataValidation if dv.type == "list"}
    for i, c in enumerate(schema.columns, start=1):
        letter = openpyxl.utils.get_column_letter(i)
        formula = next((f for ref, f in lists.items() if ref.startswith(f"{letter}2:")), None)
        values = allowed_values(dataset, c.name)
        if values:
            assert formula == '"' + ",".join(values) + '"', c.name
        elif c.type == "BOOLEAN":
            assert formula == '"是,否"', c.name
        elif c.name == "county_code":
            assert formula.startswith(f"'{CODES_SHEET}'!") and wb[CODES_SHEET].sheet_state == "hidden"
        else:
            assert formula is None, c.name


def test_budget_template_headers_carry_units():
    assert header_label("budgets", "gpb_expenditure") == "一般公共预算支出（万元）"
    assert header_label("budgets", "year") == "年度"
    assert header_label("waste_sorting_monthly", "participation_pct") == "参与率（%）"
    assert header_label("communities", "lon") == "经度（°）"


def test_a_filled_budget_template_imports_cleanly(warehouse_db, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVERNANCE_USER_DIR", str(tmp_path / "user"))
    db = tmp_path / "live.duckdb"
    shutil.copyfile(warehouse_db, db)
    path = write_template("budgets", tmp_path / "模板.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[DATA_SHEET]
    ws.append(["南京市鼓楼区", 2026, "预算", 610000.5, 801234.5, 52000])  # a county picked from the drop-down
    ws.append(["320281", 2027, "预测", 1300000, 1600000.25, 99000])
    wb.save(path)
    assert guess_dataset(path) == "budgets"
    notes: list = []
    assert import_file(path, "budgets", db, notes=notes) == 2
    con = connect(db)
    rows = con.execute("SELECT * FROM budgets WHERE (county_code, year) IN (('320106', 2026), ('320281', 2027)) "
                       "ORDER BY county_code").fetchall()
    con.close()
    assert rows == [("320106", 2026, "预算", 610000.5, 801234.5, 52000.0),
                    ("320281", 2027, "预测", 1300000.0, 1600000.25, 99000.0)]
    assert [e["original_name"] for e in list_imports(db)] == ["模板.xlsx"]
    assert not any("ignored" in n.en for n in notes)  # nothing in a template needs guessing


def test_a_filled_project_template_previews_exact_rows(warehouse_db, tmp_path):
    path = write_template("projects", tmp_path / "项目.xlsx")
    wb = openpyxl.load_workbook(path)
    wb[DATA_SHEET].append(["T-TPL-1", "江阴市", "模板项目", "养老服务", "BOT", 5000, 3000, dt.date(2026, 4, 1), 20,
                           "在建", 91.5, "中", 250, 2027, 2046])
    wb.save(path)
    p = preview_import(path, "projects", warehouse_db)
    assert (p.rows, p.new_keys, p.replaced_keys) == (1, 1, 0)
    row = p.sample.iloc[0]
    assert (row.project_id, row.county_code, row.model, row.total_investment, row.start_date, row.payment_end_year) == (
        "T-TPL-1", "320281", "BOT", 5000.0, dt.datetime(2026, 4, 1), 2046)


def test_template_command_writes_the_workbook(tmp_path, capsys):
    from governance.__main__ import main
    assert main(["template", "budgets", "--out", str(tmp_path / "t.xlsx")]) == 0
    assert "wrote the blank template of budgets" in capsys.readouterr().out
    assert openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames[:2] == [GUIDE_SHEET, DATA_SHEET]
