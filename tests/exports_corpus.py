"""Builders of county exports for the import tests: spreadsheets the way real offices send them.

Every figure is typed in here, so a test knows the exact values the warehouse must end up with.
``county_budget_sheet`` is the issue's "done when" file: a title, a 单位 row, county names instead of codes, amounts
in 元 in one column, a 合计 row with formulas and 注 lines under the table, after an instructions sheet.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook


def write_xlsx(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None,
               formats: dict[str, dict[str, str]] | None = None) -> Path:
    """One workbook: ``sheets`` name -> rows (first sheet first); ``merges`` name -> ["A1:F1"]; ``formats``
    name -> {"E4": "0.0%"} (cell number formats)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
        for ref, fmt in (formats or {}).get(name, {}).items():
            ws[ref].number_format = fmt
    wb.save(path)
    return path


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8-sig", sep: str = ",") -> Path:
    path.write_bytes(("\r\n".join(sep.join(cells) if isinstance(cells, list) else cells for cells in lines)
                      + "\r\n").encode(encoding))
    return path


BUDGET_HEADER = ["序号", "区县", "年度", "口径", "一般公共预算收入", "一般公共预算支出（元）", "存量PPP财政支出责任", "备注"]

# (name as the county office writes it, code, revenue 万元, expenditure 元, PPP obligations 万元)
BUDGET_ROWS = [
    ("玄武区", "320102", 520000.5, 700123456.7, 41000.2),
    ("南京市鼓楼区", "320106", 610000, 801000000, 52000),
    ("江阴市", "320281", 1250000.25, 1560000000, 98000.75),
]


def county_budget_sheet(path: Path, rows=BUDGET_ROWS, year: int = 2026) -> Path:
    """The real-looking county budget sheet of issue 10 (expected values: ``BUDGET_ROWS`` with 元 ÷ 10 000)."""
    data = [["2026年县（市、区）一般公共预算及PPP支出责任汇总表"], ["单位：万元（另注明者除外）", None, None, None, None, None,
                                                  None, "填报日期：2026-11-05"],
            BUDGET_HEADER]
    for i, (name, _, rev, exp, ppp) in enumerate(rows, start=1):
        data.append([i, name, year, "预算", rev, f"{exp:,.1f}" if isinstance(exp, float) else exp, ppp, None])
    n = len(rows)
    data.append(["合计", None, None, None, f"=SUM(E4:E{3 + n})", f"=SUM(F4:F{3 + n})", f"=SUM(G4:G{3 + n})", None])
    data.append(["注：1. 一般公共预算支出按元填报，其余金额单位为万元。"])
    data.append(["数据来源：县财政局预算科"])
    return write_xlsx(path, {"填报说明": [["填报说明"], ["请在“预算表”工作表中填写各县数据。"]], "预算表": data},
                      merges={"预算表": ["A1:H1"]})


def expected_budget_rows(rows=BUDGET_ROWS, year: int = 2026) -> list[tuple]:
    """(county_code, year, kind, revenue, expenditure, ppp) as stored: expenditure from 元 to 万元."""
    from decimal import Decimal
    return sorted((code, year, "预算", float(rev), float(Decimal(str(exp)) / 10000), float(ppp))
                  for _, code, rev, exp, ppp in rows)
