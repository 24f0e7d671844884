"""Messy but readable exports are accepted with exact values, and every interpretation is reported.

Each test writes one kind of real-world export (title and unit rows, 合计 and 注 lines, amounts in 元, county names,
an instructions sheet first, full-width digits, 95.2%, Excel serial dates, 2026年10月 …) and checks the rows the
import would store — through ``preview_import``, the same validation an import runs, on the live test warehouse
without changing it — plus the note that says how the file was read.
"""

from __future__ import annotations

import datetime as dt

import pytest
from exports_corpus import county_budget_sheet, expected_budget_rows, write_csv, write_xlsx

from governance.core.warehouse import connect, preview_import

BUDGET_COLS = ["county_code", "year", "budget_kind", "gpb_revenue", "gpb_expenditure", "ppp_obligations"]


@pytest.fixture(scope="module")
def ids(warehouse_db):
    """Existing keys the imports may reference (communities, facilities, grids of 江阴市)."""
    con = connect(warehouse_db)
    try:
        community = con.execute("SELECT community_id FROM communities WHERE county_code = '320281' "
                                "ORDER BY community_id LIMIT 1").fetchone()[0]
        facility = con.execute("SELECT facility_id FROM elderly_facilities WHERE county_code = '320281' "
                               "ORDER BY facility_id LIMIT 1").fetchone()[0]
        grid = con.execute("SELECT grid_id FROM grids WHERE county_code = '320281' ORDER BY grid_id LIMIT 1").fetchone()[0]
    finally:
        con.close()
    return {"community": community, "facility": facility, "grid": grid}


def _rows(preview, cols):
    return sorted(tuple(r) for r in preview.sample[cols].itertuples(index=False, name=None))


def _notes(preview) -> str:
    return "\n".join(n.en for n in preview.notes)


def _budget_values(preview):
    return sorted((r[0], int(r[1]), r[2], float(r[3]), float(r[4]), float(r[5]))
                  for r in preview.sample[BUDGET_COLS].itertuples(index=False, name=None))


def test_county_budget_sheet_title_unit_row_total_notes_names_and_yuan(warehouse_db, tmp_path):
    p = preview_import(county_budget_sheet(tmp_path / "2026预算汇总.xlsx"), "budgets", warehouse_db)
    assert (p.rows, p.new_keys, p.replaced_keys) == (3, 0, 3)  # 2026 budgets exist: all three replace
    assert _budget_values(p) == expected_budget_rows()
    notes = _notes(p)
    assert "data read from sheet '预算表'" in notes and "'填报说明'" in notes
    assert "header found on row 3" in notes
    assert "amounts in 元 (from the header), converted to 万元 (× 0.0001): 一般公共预算支出" in notes
    assert "amounts in 万元 (from the 单位 row (row 2)): 一般公共预算收入, 存量PPP财政支出责任" in notes
    assert "合计 row skipped" in notes and "note line skipped: 注：1." in notes and "数据来源" in notes
    assert "county names mapped to GB/T 2260 codes in 3 rows (e.g. row 4: 玄武区 → 320102)" in notes
    assert "ignored: 序号, 备注" in notes


def test_unit_row_in_thousands_and_header_in_hundred_millions(warehouse_db, tmp_path):
    f = write_xlsx(tmp_path / "b.xlsx", {"表": [
        ["单位：千元"],
        ["区县代码", "年度", "口径", "一般公共预算收入", "一般公共预算支出", "存量PPP财政支出责任（亿元）"],
        ["320102", 2026, "预算", 123456, "7,654,321", 0.5],
    ]})
    p = preview_import(f, "budgets", warehouse_db)
    assert _budget_values(p) == [("320102", 2026, "预算", 12345.6, 765432.1, 5000.0)]
    assert "amounts in 千元 (from the 单位 row (row 1)), converted to 万元 (× 0.1)" in _notes(p)
    assert "amounts in 亿元 (from the header), converted to 万元 (× 10000)" in _notes(p)


def test_row_of_units_under_the_header(warehouse_db, tmp_path):
    f = write_xlsx(tmp_path / "b.xlsx", {"Sheet1": [
        ["区县代码", "年度", "口径", "一般公共预算收入", "一般公共预算支出", "存量PPP财政支出责任"],
        [None, None, None, "元", "万元", "万元"],
        ["320102", 2026, "预算", 1000000, 2000, 30],
    ]})
    p = preview_import(f, "budgets", warehouse_db)
    assert _budget_values(p) == [("320102", 2026, "预算", 100.0, 2000.0, 30.0)]
    assert "row of units under the header read and skipped" in _notes(p)


def test_county_names_full_bare_and_with_province_under_a_diqu_header(warehouse_db, tmp_path):
    f = write_csv(tmp_path / "b.csv", [
        "地区,年度,口径,一般公共预算收入,一般公共预算支出,存量PPP财政支出责任",
        "江苏省苏州市昆山市,2026,预算,1,2,0",
        "南京市鼓楼区,2026,预算,3,4,0",
        "江阴市,2026,预算,5,6,0",
        "徐州市鼓楼区,2026,预算,7,8,0",
    ])
    p = preview_import(f, "budgets", warehouse_db)
    assert [r[0] for r in _budget_values(p)] == ["320106", "320281", "320302", "320583"]
    assert "地区 → county_code" in _notes(p)


def test_gbk_csv_with_thousands_separators_full_width_digits_and_blank_rows(warehouse_db, tmp_path):
    f = write_csv(tmp_path / "b.csv", [
        "区县代码,年度,口径,一般公共预算收入,一般公共预算支出,存量PPP财政支出责任",
        ",,,,,",
        '３２０１０２,２０２６,预算,"1,234.5","２，３４５",０',
        "",
    ], encoding="gbk")
    p = preview_import(f, "budgets", warehouse_db)
    assert _budget_values(p) == [("320102", 2026, "预算", 1234.5, 2345.0, 0.0)]
    notes = _notes(p)
    assert "encoding: GBK/GB18030" in notes and "thousands separators removed" in notes
    assert "full-width characters converted" in notes and "blank rows skipped" in notes


def test_percent_strings_and_chinese_months(warehouse_db, tmp_path, ids):
    c = ids["community"]
    f = write_csv(tmp_path / "waste.csv", [
        "村社区编码,区县代码,月份,参与率,准确率,厨余垃圾,可回收物,有害垃圾,其他垃圾,智能回收设备",
        f"{c},320281,2026年10月,95.2%,88%,12.5,3,0.1,20,有",
        f"{c},320281,2026年9月份,91.05 %,80.5,10,2,0,18,无",
    ])
    p = preview_import(f, "waste_sorting_monthly", warehouse_db)
    assert _rows(p, ["month", "participation_pct", "accuracy_pct", "smart_equipment"]) == [
        (dt.datetime(2026, 9, 1), 91.05, 80.5, False), (dt.datetime(2026, 10, 1), 95.2, 88.0, True)]
    notes = _notes(p)
    assert "percent signs removed in 2 cells" in notes and "months written as 年月" in notes
    assert "yes/no words read" in notes


def test_excel_percent_formatted_cells(warehouse_db, tmp_path, ids):
    f = write_xlsx(tmp_path / "elderly.xlsx", {"月报": [
        ["设施编码", "区县代码", "月份", "助餐份数", "上门服务", "服务时长", "服务人数", "满意率"],
        [ids["facility"], "320281", dt.date(2026, 10, 1), 300, 12, 40.5, 55, 0.952],
    ]}, formats={"月报": {"H2": "0.0%"}})
    p = preview_import(f, "elderly_services_monthly", warehouse_db)
    assert _rows(p, ["meals_served", "service_hours", "satisfaction_pct"]) == [(300, 40.5, 95.2)]
    assert "formatted as percentages in Excel converted to percent" in _notes(p)


def test_excel_serial_dates_and_year_month_day_text(warehouse_db, tmp_path):
    head = ["项目编号", "区县代码", "项目名称", "资金投向", "建设运营模式", "总投资", "社会资本投入", "开工日期", "合作期限",
            "项目状态", "第三方绩效评分", "风险等级", "年度政府支出责任", "支出责任起始年", "支出责任终止年"]
    f = write_xlsx(tmp_path / "projects.xlsx", {"项目库": [
        head,
        ["T-IMP-1", "320281", "甲项目", "养老服务", "政府直投", 1000, 0, 46023, 10, "在建", None, "低", 0, None, None],
        ["T-IMP-2", "320281", "乙项目", "智慧网格", "专项债", 2000, 0, "2026年3月15日", 15, "前期", 88, "中", 100, 2027, 2041],
        ["T-IMP-3", "320281", "丙项目", "垃圾分类", "BOT", 3000, 2500, "20250701", 20, "运营", 90, "低", 0, None, None],
    ]})
    p = preview_import(f, "projects", warehouse_db)
    assert (p.rows, p.new_keys, p.replaced_keys) == (3, 3, 0)
    assert _rows(p, ["project_id", "start_date"]) == [
        ("T-IMP-1", dt.datetime(2026, 1, 1)), ("T-IMP-2", dt.datetime(2026, 3, 15)), ("T-IMP-3", dt.datetime(2025, 7, 1))]
    notes = _notes(p)
    assert "Excel serial dates converted in 1 cells (e.g. row 2: 46023 → 2026-01-01)" in notes
    assert "dates written as 年月日" in notes and "dates written as YYYYMMDD" in notes


def test_months_as_dotted_compact_and_serial(warehouse_db, tmp_path, ids):
    g = ids["grid"]
    head = ("网格编码,区县代码,月份,上报-治安隐患,上报-环境卫生,上报-矛盾纠纷,上报-城市管理,上报-民生服务,上报-安全生产,办结,按期办结,"
            "平均响应时长,平均办结天数,群众满意率")
    f = write_csv(tmp_path / "events.csv", [
        head,
        f"{g},320281,2026.10,1,2,3,4,5,6,20,18,30,2.5,96%",
        f"{g},320281,202609,0,0,0,0,0,1,1,1,,,",
        f"{g},320281,46174,1,0,0,0,0,0,1,0,15,1,100",
    ])
    p = preview_import(f, "grid_events_monthly", warehouse_db)
    assert _rows(p, ["month", "resolved", "satisfaction_pct"])[0] == (dt.datetime(2026, 6, 1), 1, 100.0)
    assert sorted(r[0] for r in _rows(p, ["month"])) == [dt.datetime(2026, 6, 1), dt.datetime(2026, 9, 1),
                                                          dt.datetime(2026, 10, 1)]
    assert "months written as YYYYMM" in _notes(p)


def test_utf16_tab_separated_unicode_text_export(warehouse_db, tmp_path):
    f = write_csv(tmp_path / "b.csv", [
        ["区县代码", "年度", "口径", "一般公共预算收入", "一般公共预算支出", "存量PPP财政支出责任"],
        ["320102", "2026", "预算", "10", "20", "1"],
    ], encoding="utf-16", sep="\t")
    p = preview_import(f, "budgets", warehouse_db)
    assert _budget_values(p) == [("320102", 2026, "预算", 10.0, 20.0, 1.0)]
    assert "UTF-16" in _notes(p) and "tabs" in _notes(p)


def test_header_with_line_breaks_required_marks_english_names_and_year_suffix(warehouse_db, tmp_path):
    f = write_xlsx(tmp_path / "b.xlsx", {"Sheet1": [
        ["*区县\n代码", "* 年 度", "budget_kind", "gpb_revenue (万元)", "一般公共\n预算支出", "存量 PPP 财政支出责任"],
        ["320102", "2026年", "预算", 1, 2, 3],
    ]})
    p = preview_import(f, "budgets", warehouse_db)
    assert _budget_values(p) == [("320102", 2026, "预算", 1.0, 2.0, 3.0)]
    assert "'年' after the year removed" in _notes(p)


def test_city_subtotals_and_grand_total_between_rows(warehouse_db, tmp_path):
    f = write_xlsx(tmp_path / "b.xlsx", {"汇总": [
        ["区县名称", "年度", "口径", "一般公共预算收入", "一般公共预算支出", "存量PPP财政支出责任"],
        ["玄武区", 2026, "预算", 1, 2, 0],
        ["秦淮区", 2026, "预算", 3, 4, 0],
        ["南京市小计", None, None, 4, 6, 0],
        ["江阴市", 2026, "预算", 5, 6, 0],
        ["无锡市 小计", None, None, 5, 6, 0],
        ["总  计", None, None, 9, 12, 0],
    ]})
    p = preview_import(f, "budgets", warehouse_db)
    assert [r[0] for r in _budget_values(p)] == ["320102", "320104", "320281"]
    notes = _notes(p)
    assert "南京市小计 row skipped" in notes and "无锡市小计 row skipped" in notes and "总计 row skipped" in notes


def test_boolean_words_and_ticks(warehouse_db, tmp_path, ids):
    c = ids["community"]
    f = write_xlsx(tmp_path / "grids.xlsx", {"网格": [
        ["网格编码", "村社区编码", "区县代码", "网格类型", "覆盖户数", "专职网格员", "兼职网格员", "建立网格党支部"],
        [c + "901", c, "320281", "综合网格", 300, 1, 2, "√"],
        [c + "902", c, "320281", "专属网格", 0, 1, 0, "否"],
        [c + "903", c, "320281", "综合网格", 250, 1, 1, True],
    ]})
    p = preview_import(f, "grids", warehouse_db)
    assert _rows(p, ["grid_id", "party_branch"]) == [(c + "901", True), (c + "902", False), (c + "903", True)]


def test_numbers_stored_as_text_and_codes_as_numbers_in_xlsx(warehouse_db, tmp_path):
    f = write_xlsx(tmp_path / "b.xlsx", {"Sheet1": [
        ["区县代码", "年度", "口径", "一般公共预算收入", "一般公共预算支出", "存量PPP财政支出责任"],
        [320102, "2026", "预算", " 12.50 ", "1e3", "0"],
    ]})
    p = preview_import(f, "budgets", warehouse_db)
    assert _budget_values(p) == [("320102", 2026, "预算", 12.5, 1000.0, 0.0)]
