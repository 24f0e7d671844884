"""Leadership briefings (governance/app/briefs, `python -m governance brief`): the PPTX opened with python-pptx, the
PDF with pypdf, the numbers against the overview page, exit codes, the outbox, the font, the number formats."""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn
from pypdf import PdfReader

from governance.__main__ import main
from governance.app import briefs
from governance.app.briefs import content, style
from governance.core.indicators import kpis
from governance.i18n.formats import fmt_short, unit_scale

SUZHOU = "320500"


@pytest.fixture(scope="module")
def suzhou_files(warehouse_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("brief")
    pptx, pdf = out / "suzhou.pptx", out / "suzhou.pdf"
    for fmt, path in (("pptx", pptx), ("pdf", pdf)):
        assert main(["brief", "--region", SUZHOU, "--format", fmt, "--out", str(path), "--db", str(warehouse_db)]) == 0
    return pptx, pdf


def _texts(shape) -> list:
    """Every text run of a shape (text frames and table cells)."""
    runs = []
    if shape.has_text_frame:
        runs += [r for p in shape.text_frame.paragraphs for r in p.runs]
    if shape.has_table:
        for row in shape.table.rows:
            for cell in row.cells:
                runs += [r for p in cell.text_frame.paragraphs for r in p.runs]
    return runs


def _kpi_table(prs) -> dict[str, list[str]]:
    """The KPI slide's table: {KPI name: [value, year-ago, change, target, status]}."""
    for shape in prs.slides[1].shapes:
        if shape.has_table:
            rows = [[c.text for c in r.cells] for r in shape.table.rows]
            return {r[0]: r[1:] for r in rows[1:]}
    raise AssertionError("no table on the KPI slide")


# ============================================================================================ PPTX
def test_pptx_has_16_9_slides_native_charts_and_a_chinese_font_on_every_run(suzhou_files):
    prs = Presentation(str(suzhou_files[0]))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01
    assert len(prs.slides) >= 6
    charts = [s.chart for slide in prs.slides for s in slide.shapes if s.has_chart]
    kinds = {c.chart_type for c in charts}
    assert XL_CHART_TYPE.LINE_MARKERS in kinds and ({XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.COLUMN_CLUSTERED} & kinds)
    for chart in charts:  # editable: the numbers live in the chart's own workbook, not in a picture
        assert chart.part.chart_workbook.xlsx_part is not None
        assert len(chart.plots[0].categories) >= 2
    assert any(s.shape_type == 13 for slide in prs.slides for s in slide.shapes)  # the map, a picture
    runs = [r for slide in prs.slides for s in slide.shapes for r in _texts(s)]
    assert len(runs) > 100
    for r in runs:
        rpr = r._r.find(qn("a:rPr"))
        assert r.font.name == style.PPTX_FONT, r.text
        assert rpr.find(qn("a:ea")).get("typeface") == style.PPTX_FONT, r.text
    for chart in charts:  # chart text too
        assert chart.font.name == style.PPTX_FONT
        assert chart.font._rPr.find(qn("a:ea")).get("typeface") == style.PPTX_FONT


def test_pptx_kpis_equal_the_overview_page(suzhou_files, app):
    """The numbers equal the overview's for the same filters (same URL: region, default period)."""
    at = app("pages/overview.py", region=SUZHOU)
    from page_html import kpi_cards
    cards = {c["label"]: c["value"] for c in kpi_cards(at)}
    table = _kpi_table(Presentation(str(suzhou_files[0])))
    assert len(cards) == len(kpis.OVERVIEW_KPIS) == len(table)
    for label, value in cards.items():
        assert table[label][0] == value, label


def test_pptx_kpis_equal_kpis_by_region(suzhou_files, con):
    """And both equal kpis_by_region → kpi_summary for the last 12 months (what the overview runs)."""
    from governance.core.warehouse import run_query
    months = run_query(con, "available_months")["month"]
    end = pd.Timestamp(months.iloc[-1]).date()
    start = pd.Timestamp(months.iloc[-12]).date()
    cur = run_query(con, "kpis_by_region", region=SUZHOU, group_level="self", start_month=start, end_month=end)
    summary = kpis.kpi_summary(cur)
    table = _kpi_table(Presentation(str(suzhou_files[0])))
    for rec in summary.to_dict("records"):
        assert table[kpis.kpi_label(rec["kpi"], "zh")][0] == kpis.fmt_kpi(rec["kpi"], rec["value"], "zh")


def test_pptx_cover_names_region_period_build_time_and_the_fictional_notice(suzhou_files):
    prs = Presentation(str(suzhou_files[0]))
    cover = " ".join(r.text for s in prs.slides[0].shapes for r in _texts(s))
    assert "苏州市基层治理形势简报" in cover
    assert re.search(r"统计期：\d{4}年\d{1,2}月 – \d{4}年\d{1,2}月", cover)
    assert re.search(r"数据构建于 \d{4}-\d\d-\d\d \d\d:\d\d", cover)
    assert "虚构演示数据" in cover


# ============================================================================================ PDF
def test_pdf_embeds_a_subset_cjk_font_and_its_chinese_text_can_be_extracted(suzhou_files):
    reader = PdfReader(str(suzhou_files[1]))
    assert len(reader.pages) >= 4
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts
    for name, font in fonts.items():
        assert re.match(r"^/[A-Z]{6}\+", name), name  # a subset
        desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in desc  # embedded TrueType
        assert "/ToUnicode" in font  # copyable, searchable
    text = "".join(p.extract_text() for p in reader.pages)
    for needle in ("苏州市基层治理形势简报", "核心指标与目标", "形势简报", "最需关注的十条预警", "资金执行",
                   "养老服务缺口", "财政承受能力红线", "附录：数据来源与口径", "虚构演示数据"):
        assert needle in text, needle


def test_pdf_and_pptx_say_the_same_narrative(suzhou_files):
    prs = Presentation(str(suzhou_files[0]))
    bullets = [r.text[2:] for s in prs.slides[2].shapes for r in _texts(s) if r.text.startswith("• ")]
    pdf_text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(str(suzhou_files[1])).pages))
    assert len(bullets) >= 3 and bullets[0].startswith("苏州市")
    for sentence in bullets:
        assert re.sub(r"\s+", "", sentence) in pdf_text, sentence


# ============================================================================================ CLI rules
@pytest.mark.parametrize("args", [
    ["--region", "329999"],  # no such region
    ["--region", "abc"],
    ["--region", SUZHOU, "--start", "2040-01", "--end", "2040-06"],  # outside the warehouse
    ["--region", SUZHOU, "--start", "2026-06", "--end", "2026-01"],  # start after end
])
def test_unknown_region_or_empty_period_exits_2_and_writes_nothing(args, warehouse_db, tmp_path, capsys):
    out = tmp_path / "b.pdf"
    assert main(["brief", *args, "--format", "pdf", "--out", str(out), "--db", str(warehouse_db)]) == 2
    assert not out.exists() and not list(tmp_path.iterdir())
    assert capsys.readouterr().err.strip()


def test_missing_warehouse_exits_2(tmp_path):
    assert main(["brief", "--region", SUZHOU, "--format", "pdf", "--out", str(tmp_path / "b.pdf"),
                 "--db", str(tmp_path / "none.duckdb")]) == 2


def test_outbox_names_files_and_is_idempotent(warehouse_db, tmp_path, capsys):
    argv = ["brief", "--region", "320500,320506", "--start", "2026-01", "--end", "2026-06", "--lang", "en",
            "--format", "pptx,pdf", "--outbox", str(tmp_path), "--db", str(warehouse_db)]
    assert main(argv) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["320500_2026-01_2026-06_en.pdf", "320500_2026-01_2026-06_en.pptx",
                     "320506_2026-01_2026-06_en.pdf", "320506_2026-01_2026-06_en.pptx"]
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    capsys.readouterr()
    assert main(argv) == 0
    assert capsys.readouterr().out.count("up to date") == 4
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before
    # a different period is a different file; a foreign file under the same name is replaced
    (tmp_path / "320500_2026-01_2026-06_en.pdf").write_bytes(b"not a briefing")
    assert main(argv) == 0
    assert (tmp_path / "320500_2026-01_2026-06_en.pdf").read_bytes()[:5] == b"%PDF-"
    text = "".join(p.extract_text() for p in PdfReader(str(tmp_path / "320500_2026-01_2026-06_en.pdf")).pages)
    assert "Suzhou: grassroots governance briefing" in text and "Jan 2026 – Jun 2026" in text


def test_out_takes_one_region_and_one_format(warehouse_db, tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["brief", "--region", "cities", "--format", "pdf", "--out", str(tmp_path / "x.pdf"),
              "--db", str(warehouse_db)])
    assert exc.value.code == 2


# ============================================================================================ pure parts
def test_resolve_period_defaults_to_the_last_12_months_and_rejects_empty_ones():
    months = [dt.date(2025, m, 1) for m in range(1, 13)] + [dt.date(2026, m, 1) for m in range(1, 7)]
    assert content.resolve_period(months, None, None) == (dt.date(2025, 7, 1), dt.date(2026, 6, 1))
    assert content.resolve_period(months, None, dt.date(2025, 3, 1)) == (dt.date(2025, 1, 1), dt.date(2025, 3, 1))
    assert content.resolve_period(months, dt.date(2024, 6, 1), dt.date(2025, 1, 1)) == (dt.date(2024, 6, 1),
                                                                                      dt.date(2025, 1, 1))
    for start, end in ((dt.date(2027, 1, 1), dt.date(2027, 3, 1)), (dt.date(2026, 3, 1), dt.date(2026, 1, 1))):
        with pytest.raises(content.BriefError):
            content.resolve_period(months, start, end)
    with pytest.raises(content.BriefError):
        content.resolve_period([], None, None)


def test_known_region():
    assert content.known_region("320000") and content.known_region("320500") and content.known_region("320506")
    assert not content.known_region("320599") and not content.known_region("") and not content.known_region(None)


def test_the_most_serious_alerts_come_first():
    """High before medium; within a severity, the one furthest past its threshold (relative) first."""
    found = pd.DataFrame([
        # 120 days late against 90: 33 % past; 180 days: 100 % past
        {"rule_id": "milestone_delay_90d", "severity": "high", "county_code": "1", "county_name": "A",
         "subject": "a", "value": 120.0, "threshold": 90.0, "message": ""},
        {"rule_id": "project_high_risk", "severity": "medium", "county_code": "2", "county_name": "B",
         "subject": "b", "value": 3.0, "threshold": 3.0, "message": ""},
        {"rule_id": "milestone_delay_90d", "severity": "high", "county_code": "3", "county_name": "C",
         "subject": "c", "value": 180.0, "threshold": 90.0, "message": ""},
    ])
    assert list(content._severity_order(found)["county_name"]) == ["C", "A", "B"]


def test_map_image_colours_the_better_region_in_the_best_class():
    from PIL import Image

    from governance.app import maps
    from governance.app.briefs.mapimage import choropleth_png
    from governance.core import geo

    # two cities, higher is better: Suzhou (90) falls in the top class, Nanjing (10) in the bottom one
    values = pd.DataFrame({"code": ["320100", "320500"], "value": [10.0, 90.0], "label": ["南京市", "苏州市"]})
    png = choropleth_png(values, "city", lambda v: f"{v:.0f}", True, size=(800, 600))
    img = Image.open(io.BytesIO(png)).convert("RGB")
    assert img.size == (800, 600)
    colours = {img.getpixel((x, y)) for x in range(0, 800, 4) for y in range(0, 600, 4)}
    best, worst = maps.class_colors(2, True)[1], maps.class_colors(2, True)[0]
    assert style.rgb(best) in colours and style.rgb(worst) in colours
    assert geo.region_bbox("320500")  # boundaries shipped


def test_font_covers_every_chinese_string_of_the_app():
    """Every character of the zh catalog and every region name has a glyph in the shipped font (else the PDF would
    show blanks): regenerate with scripts/make_cjk_font.py when this fails."""
    from fontTools.ttLib import TTFont

    from governance.core.regions import CITIES, counties
    from governance.i18n.catalog import CATALOG

    cmap = TTFont(str(style.FONT_PATH)).getBestCmap()
    text = "".join(e.get("zh", "") for e in CATALOG.values()) + "".join(c.name for c in CITIES)
    text += "".join(c.name for c in counties())
    # Han characters, CJK and full-width punctuation, ASCII: what the font is for (symbols such as ✗ it lacks)
    wanted = re.compile(r"[\u0020-\u007e\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
    missing = sorted({ch for ch in text if wanted.match(ch) and ord(ch) not in cmap})
    assert not missing, missing
    assert style.FONT_LICENSE.exists() and "SIL OPEN FONT LICENSE" in style.FONT_LICENSE.read_text(encoding="utf-8")
    assert style.FONT_PATH.stat().st_size < 3_000_000


# ============================================================================================ number formats
@pytest.mark.parametrize("value,zh,en", [
    (0, "0", "0"), (950, "950", "950"), (8000, "8,000", "8K"), (12_345, "1.2万", "12.3K"),
    (30_000_000, "3,000万", "30M"), (150_000_000, "1.5亿", "150M"), (-25_000, "-2.5万", "-25K"),
])
def test_short_numbers_count_in_wan_and_yi(value, zh, en):
    assert fmt_short(value, lang="zh") == zh
    assert fmt_short(value, lang="en") == en


def test_unit_scale_and_axis_ticks():
    from governance.app.charts import localise_axes, nice_ticks, number_axis

    assert unit_scale(9_999, "zh") == (1.0, "") and unit_scale(10_000, "zh") == (1e4, "万")
    assert unit_scale(1e8, "zh") == (1e8, "亿") and unit_scale(1_000, "en") == (1e3, "K")
    assert nice_ticks(0, 30_000_000) == [0, 10_000_000, 20_000_000, 30_000_000]
    assert nice_ticks(0, 95) == [0, 20, 40, 60, 80, 100]
    axis = number_axis([0, 30_000_000], "zh")
    assert axis["ticktext"] == ["0", "1,000万", "2,000万", "3,000万"]
    assert number_axis([0, 2_500_000_000], "en")["ticktext"][-1] == "2.5B"

    import plotly.graph_objects as go

    fig = go.Figure(go.Scatter(x=["2026-01-01", "2026-02-01"], y=[12_000_000, 30_000_000]),
                    layout=dict(xaxis=dict(type="date", tickformat="%Y-%m")))
    fig.add_bar(x=["a", "b"], y=[50.0, 60.0], yaxis="y2")
    fig.update_layout(yaxis2=dict(overlaying="y", ticksuffix="%"))
    localise_axes(fig, "zh")
    assert list(fig.layout.yaxis.ticktext) == ["0", "1,000万", "2,000万", "3,000万"]
    assert fig.layout.yaxis2.tickvals is None  # a percentage axis keeps its own format
    assert fig.layout.xaxis.tickformat == "%Y年%-m月"


def test_pptx_chart_number_formats():
    from governance.app.briefs import sections
    from governance.app.briefs.pptx_writer import number_format

    count = sections.Chart("line", "", ["a", "b"], [sections.Series("s", [12_000.0, 30_000.0])], unit="count")
    assert count.scale() == (1e4, "万") and number_format(count) == '#,##0.0"万"'
    en = sections.Chart("line", "", ["a"], [sections.Series("s", [3_000_000.0])], unit="count", lang="en")
    assert number_format(en) == '#,##0.0"M"'
    pct = sections.Chart("bar", "", ["a"], [sections.Series("s", [84.7])], unit="pct")
    assert number_format(pct) == '0.0"%"'


def test_briefing_renders_in_memory_for_the_app(con):
    """What the overview's download buttons call: collect over a query callable, render both formats."""
    from governance.core.warehouse import run_query

    b = briefs.collect(lambda n, **p: run_query(con, n, **p), "320506", lang="en")
    assert b.group_level == "county" and b.region_name == "吴中区"
    assert briefs.outbox_name(b, "pdf") == f"320506_{b.period_key}_en.pdf"
    assert briefs.render(b, "pptx")[:2] == b"PK" and briefs.render(b, "pdf")[:5] == b"%PDF-"
