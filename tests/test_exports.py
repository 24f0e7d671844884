"""Exports neutralise spreadsheet formulas; CSV carries a BOM; XLSX has text, never formulas."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from governance.app.downloads import (
    export_filename,
    neutralise_cell,
    neutralise_formulas,
    prepare_export,
    to_csv_bytes,
    to_xlsx_bytes,
)


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"),
    ("+8613800000000", "'+8613800000000"),
    ("-5", "'-5"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"),
    ("\rcmd", "'\rcmd"),
    ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
    ("玄武区", "玄武区"),
    ("a=b", "a=b"),
    (" =1", " =1"),
    ("", ""),
    (-5, -5),
    (3.5, 3.5),
    (None, None),
])
def test_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


def test_neutralise_formulas_frame():
    df = pd.DataFrame({
        "name": ["=cmd|' /C calc'!A0", "苏州市", None],
        "amount": [-5.0, 12.0, 3.0],
        "code": pd.Series(["-1", "320500", "@x"], dtype="string"),
        "cat": pd.Categorical(["+a", "b", "+a"]),
        "=head": [1, 2, 3],
    })
    out = neutralise_formulas(df)
    assert out["name"].tolist()[:2] == ["'=cmd|' /C calc'!A0", "苏州市"]
    assert pd.isna(out["name"].iloc[2])
    assert out["amount"].tolist() == [-5.0, 12.0, 3.0]  # numbers untouched
    assert out["code"].tolist() == ["'-1", "320500", "'@x"]
    assert str(out["code"].dtype) == "string"
    assert out["cat"].tolist() == ["'+a", "b", "'+a"]
    assert list(out.columns) == ["name", "amount", "code", "cat", "'=head"]
    assert df["name"].iloc[0].startswith("=")  # input not modified


def test_prepare_export_labels():
    df = pd.DataFrame({"county": ["玄武区"], "amount": [1.5], "internal": [1]})
    out = prepare_export(df, {"county": "区县", "amount": "金额（万元）"})
    assert list(out.columns) == ["区县", "金额（万元）"]


def test_csv_bom_and_chinese():
    df = pd.DataFrame({"county": ["玄武区", "=1+1"], "amount": [1.5, -2]})
    data = to_csv_bytes(df, {"county": "区县", "amount": "金额"})
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines() == ["区县,金额", "玄武区,1.5", "'=1+1,-2.0"]


def test_xlsx_text_not_formula():
    df = pd.DataFrame({"county": ["玄武区", "=1+1", "@A1"], "amount": [1.5, -2.0, 3.0],
                       "when": pd.to_datetime(["2026-01-01"] * 3).tz_localize("UTC")})
    data = to_xlsx_bytes(df, {"county": "区县", "amount": "金额", "when": "日期"}, sheet_name="网格")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["网格"]
    assert [c.value for c in ws[1]] == ["区县", "金额", "日期"]
    assert ws["A2"].value == "玄武区"
    assert ws["A3"].value == "'=1+1" and ws["A3"].data_type == "s"
    assert ws["A4"].value == "'@A1" and ws["A4"].data_type == "s"
    assert ws["B3"].value == -2.0
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_export_filename():
    import datetime as dt
    assert export_filename("网格/覆盖:2026", "csv", dt.date(2026, 11, 26)) == "网格_覆盖_2026_20261126.csv"
    assert export_filename("", "xlsx", dt.date(2026, 1, 2)) == "export_20260102.xlsx"
