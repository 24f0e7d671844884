"""Blank XLSX templates per dataset, written from the data dictionary (schema.sql).

A template has a 填报说明 sheet first (how to fill it in, then one line per column: header, field, type, unit,
required, allowed values or rule, description) and a 数据 sheet with the Chinese headers (units in brackets), Excel
drop-down lists for every enumerated column (CHECK … IN rules, 是/否, the 95 counties) and date formats. What a
clerk types into it is read back by ``reading.read_export`` like any other export.
"""

from __future__ import annotations

import io
from pathlib import Path

from governance.core.regions import CITY_BY_CODE, counties
from governance.core.warehouse.datasets import DATASET_BY_NAME, allowed_values, table_schema
from governance.core.warehouse.reading import MONEY_UNITS, UNIT_WORDS

DATA_SHEET = "数据"
GUIDE_SHEET = "填报说明"
CODES_SHEET = "区县代码表"
VALIDATION_ROWS = 5000  # drop-down lists cover this many data rows

_TYPE_ZH = {"VARCHAR": "文本", "INTEGER": "整数", "BIGINT": "整数", "DOUBLE": "数值", "DATE": "日期", "BOOLEAN": "是/否"}


def header_label(table: str, column: str) -> str:
    """The template's header of a column: the Chinese label, with its unit in brackets when it has a real one."""
    col = next(c for c in table_schema(table).columns if c.name == column)
    unit = col.unit.split()[0] if col.unit else ""
    return f"{col.label_zh}（{unit}）" if unit in UNIT_WORDS or unit in MONEY_UNITS else col.label_zh


def _rule_text(table: str, column: str) -> str:
    values = allowed_values(table, column)
    if values:
        return "可选：" + " / ".join(values)
    rules = [c.expression.strip("()") for c in table_schema(table).checks if column in c.columns]
    return "；".join(rules)


def _is_county(table: str, column: str) -> bool:
    return DATASET_BY_NAME[table].foreign_keys.get(column) == ("regions", "code")


def _is_month(table: str, column: str) -> bool:
    return any(column in c.columns and "day(" in c.expression for c in table_schema(table).checks)


def build_workbook(dataset: str):
    """The template as an openpyxl Workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    if dataset not in DATASET_BY_NAME:
        raise KeyError(f"unknown dataset {dataset!r}; choose one of {', '.join(DATASET_BY_NAME)}")
    schema = table_schema(dataset)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DCE6F4")

    wb = Workbook()
    guide = wb.active
    guide.title = GUIDE_SHEET
    guide.append([f"《{schema.label_zh}》填报模板（{dataset}）"])
    guide["A1"].font = Font(bold=True, size=14)
    for line in (
        f"1. 在“{DATA_SHEET}”工作表第 1 行表头下逐行填写，每行一条记录（{schema.description}）。",
        "2. 金额单位为万元（表头括号内注明单位；若按元填写，请把表头改为“（元）”，导入时自动换算）。",
        "3. 区县可填 6 位区划代码，或全称（如 南京市鼓楼区）；同名区县（鼓楼区）必须写全称。",
        "4. 日期填 2026-10-15；月份填当月 1 日（2026-10-01）或“2026年10月”。是/否 列填“是”或“否”。",
        "5. 带下拉箭头的列请从列表中选择。不要合并单元格，不要填写公式（请粘贴数值），可保留本说明页。",
        "6. 同一主键的记录导入后将替换原有记录；文件须整体通过校验才会载入。",
    ):
        guide.append([line])
    guide.append([])
    head = ["表头（中文）", "字段", "类型", "单位", "必填", "可选值 / 规则", "说明"]
    guide.append(head)
    hr = guide.max_row
    for i in range(1, len(head) + 1):
        guide.cell(hr, i).font = bold
        guide.cell(hr, i).fill = fill
    for c in schema.columns:
        kind = _TYPE_ZH.get(c.type.upper(), c.type)
        if _is_county(dataset, c.name):
            kind = "代码或区县全称"
        elif _is_month(dataset, c.name):
            kind = "月份（当月 1 日）"
        guide.append([header_label(dataset, c.name), c.name, kind, c.unit, "是" if c.not_null else "否",
                      _rule_text(dataset, c.name), c.description])
    for letter, width in zip("ABCDEFG", (24, 22, 16, 10, 6, 40, 60)):
        guide.column_dimensions[letter].width = width

    data = wb.create_sheet(DATA_SHEET)
    data.append([header_label(dataset, c.name) for c in schema.columns])
    data.freeze_panes = "A2"
    codes = None
    for i, c in enumerate(schema.columns, start=1):
        letter = get_column_letter(i)
        cell = data.cell(1, i)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        data.column_dimensions[letter].width = max(12, min(30, len(cell.value) * 2 + 2))
        rng = f"{letter}2:{letter}{VALIDATION_ROWS + 1}"
        values = allowed_values(dataset, c.name)
        formula = None
        if values:
            formula = '"' + ",".join(values) + '"'
        elif c.type.upper() == "BOOLEAN":
            formula = '"是,否"'
        elif _is_county(dataset, c.name):
            if codes is None:
                codes = wb.create_sheet(CODES_SHEET)
                codes.append(["区县全称", "区划代码"])
                for county in counties():
                    codes.append([CITY_BY_CODE[county.city_code].name + county.name, county.code])
                codes.sheet_state = "hidden"
            formula = f"'{CODES_SHEET}'!$A$2:$A${len(counties()) + 1}"
        if formula:
            dv = DataValidation(type="list", formula1=formula, allow_blank=not c.not_null, showDropDown=False)
            dv.error, dv.errorTitle = "请从下拉列表中选择", "不在可选范围内"
            dv.prompt, dv.promptTitle = _rule_text(dataset, c.name)[:250] or "请选择", c.label_zh
            dv.add(rng)
            data.add_data_validation(dv)
        if c.type.upper() == "DATE":
            data.column_dimensions[letter].number_format = "yyyy-mm-dd"
    wb.active = wb.index(data)
    return wb


def template_bytes(dataset: str) -> bytes:
    buf = io.BytesIO()
    build_workbook(dataset).save(buf)
    return buf.getvalue()


def write_template(dataset: str, path: Path | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(template_bytes(dataset))
    return path
