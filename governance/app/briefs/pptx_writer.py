"""The briefing as a 16:9 PowerPoint deck (python-pptx): native, editable charts (the data sits in the chart's
embedded workbook, so PowerPoint/WPS "编辑数据" works), the map as a picture, tables, and a Chinese font named on
every run of text (latin and east-Asian typefaces)."""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from governance.app.briefs import sections, style
from governance.app.briefs.content import Brief
from governance.app.briefs.mapimage import choropleth_png
from governance.core.indicators import kpis
from governance.i18n import t

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)


# ============================================================================================ text helpers
def set_font(font_or_rpr, size: float | None = None, bold: bool | None = None, color: str | None = None) -> None:
    """Latin and east-Asian typeface (+ size, weight, colour) on a run's font / a chart's text properties."""
    font = font_or_rpr
    font.name = style.PPTX_FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = RGBColor(*style.rgb(color))
    rpr = font._rPr if hasattr(font, "_rPr") else font._element
    _ea(rpr)


def _ea(rpr) -> None:
    """<a:ea typeface=…/> right after <a:latin> (schema order): what PowerPoint uses for Chinese characters."""
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = etree.SubElement(rpr, qn("a:ea"))
        latin = rpr.find(qn("a:latin"))
        if latin is not None:
            latin.addnext(ea)
    ea.set("typeface", style.PPTX_FONT)


def _paragraphs(tf, lines: list[str], size: float, color: str = style.TEXT, bold: bool = False,
                align=PP_ALIGN.LEFT, space_after: float = 6) -> None:
    tf.word_wrap = True
    for i, line in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        p.space_after = Pt(space_after)
        run = p.add_run()
        run.text = line
        set_font(run.font, size, bold, color)


def textbox(slide, x, y, w, h, lines: list[str] | str, size: float = 16, color: str = style.TEXT,
            bold: bool = False, align=PP_ALIGN.LEFT, fill: str | None = None, anchor=MSO_ANCHOR.TOP):
    box = slide.shapes.add_textbox(x, y, w, h)
    tf = box.text_frame
    tf.vertical_anchor = anchor
    tf.margin_left = tf.margin_right = Inches(0.12)
    _paragraphs(tf, [lines] if isinstance(lines, str) else lines, size, color, bold, align)
    if fill:
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor(*style.rgb(fill))
    return box


def _title(slide, text: str, b: Brief, page: int) -> None:
    bar = slide.shapes.add_shape(1, 0, 0, SLIDE_W, Inches(0.95))  # 1 = rectangle
    bar.fill.solid()
    bar.fill.fore_color.rgb = RGBColor(*style.rgb(style.HEADER_FILL))
    bar.line.fill.background()
    tf = bar.text_frame
    tf.margin_left = MARGIN
    tf.vertical_anchor = MSO_ANCHOR.MIDDLE
    _paragraphs(tf, [text], 28, "#ffffff", True)
    footer = f"{b.region_name} · {b.period_text()} · {b.notice_text()}"
    textbox(slide, MARGIN, SLIDE_H - Inches(0.45), SLIDE_W - 2 * MARGIN - Inches(1.2), Inches(0.35), footer, 10,
            style.MUTED)
    textbox(slide, SLIDE_W - MARGIN - Inches(1.2), SLIDE_H - Inches(0.45), Inches(1.2), Inches(0.35),
            t("brief.page", lang=b.lang, n=page), 10, style.MUTED, align=PP_ALIGN.RIGHT)


# ============================================================================================ tables
ROW_H = Inches(0.42)


def table(slide, tb: sections.Table, x, y, w, row_h=ROW_H, size: float = 14):
    n_rows, n_cols = len(tb.rows) + 1, len(tb.header)
    shape = slide.shapes.add_table(n_rows, n_cols, x, y, w, row_h * n_rows)
    tbl = shape.table
    total = sum(tb.widths)
    for j, wj in enumerate(tb.widths):
        tbl.columns[j].width = Emu(int(w * wj / total))
    for j, head in enumerate(tb.header):
        _cell(tbl.cell(0, j), head, size, "#ffffff", style.HEADER_FILL, bold=True)
    for i, row in enumerate(tb.rows, start=1):
        for j, value in enumerate(row):
            status = tb.fills.get((i - 1, j))
            if status:
                _cell(tbl.cell(i, j), value, size, "#ffffff" if status != "amber" else style.TEXT,
                      style.rag_fill(status), bold=True)
            else:
                _cell(tbl.cell(i, j), value, size, style.TEXT, style.ROW_FILL if i % 2 == 0 else "#ffffff")
    return shape


def _cell(cell, text: str, size: float, color: str, fill: str, bold: bool = False) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = RGBColor(*style.rgb(fill))
    cell.margin_left = cell.margin_right = Inches(0.08)
    cell.margin_top = cell.margin_bottom = Inches(0.03)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    tf = cell.text_frame
    tf.word_wrap = True
    p = tf.paragraphs[0]
    run = p.add_run()
    run.text = text
    set_font(run.font, size, bold, color)


# ============================================================================================ charts
def number_format(chart: sections.Chart) -> str:
    """Excel number format of values already divided by the chart's scale: '12.3%', '3.5万', '1.2K', '35.1'."""
    if chart.unit == "pct":
        return '0.0"%"'
    divisor, suffix = chart.scale()
    if chart.unit == "count":
        return f'#,##0.0"{suffix}"' if divisor != 1 else "#,##0"
    return "#,##0.0"


def add_chart(slide, chart: sections.Chart, x, y, w, h):
    """A native chart object: bars coloured per point (RAG), lines with markers; axis and labels in 万/亿 or K/M."""
    divisor, _ = chart.scale()
    data = CategoryChartData(number_format=number_format(chart))
    data.categories = chart.categories
    for s in chart.series:
        data.add_series(s.name, [None if v is None or pd.isna(v) else round(v / divisor, 4) for v in s.values])
    kind = {"bar": XL_CHART_TYPE.COLUMN_CLUSTERED, "barh": XL_CHART_TYPE.BAR_CLUSTERED,
            "line": XL_CHART_TYPE.LINE_MARKERS}[chart.kind]
    gframe = slide.shapes.add_chart(kind, x, y, w, h, data)
    ch = gframe.chart
    set_font(ch.font, 12, color=style.TEXT)
    ch.has_title = True
    ch.chart_title.text_frame.text = chart.title
    for p in ch.chart_title.text_frame.paragraphs:
        for r in p.runs:
            set_font(r.font, 16, True, style.TEXT)
    fmt = number_format(chart)
    va = ch.value_axis
    va.has_major_gridlines = True
    va.major_gridlines.format.line.color.rgb = RGBColor(*style.rgb("#e3e6eb"))
    va.tick_labels.number_format = fmt
    va.tick_labels.number_format_is_linked = False
    set_font(va.tick_labels.font, 11, color=style.MUTED)
    set_font(ch.category_axis.tick_labels.font, 11, color=style.TEXT)
    if chart.kind == "barh":
        ch.category_axis.reverse_order = True  # first category on top, as read
    plot = ch.plots[0]
    if chart.kind in ("bar", "barh"):
        plot.gap_width = 60
        plot.has_data_labels = True
        dl = plot.data_labels
        dl.number_format = fmt
        dl.number_format_is_linked = False
        dl.position = XL_LABEL_POSITION.OUTSIDE_END
        set_font(dl.font, 11, color=style.TEXT)
        for s, series in zip(chart.series, plot.series):
            if s.colors:
                for i, color in enumerate(s.colors):
                    pt = series.points[i]
                    pt.format.fill.solid()
                    pt.format.fill.fore_color.rgb = RGBColor(*style.rgb(color))
            else:
                series.format.fill.solid()
                series.format.fill.fore_color.rgb = RGBColor(*style.rgb(style.ACCENT))
        ch.has_legend = False
    else:
        palette = [style.ACCENT, "#e07b00", "#2a9d8f", "#b23a48"]
        for i, series in enumerate(plot.series):
            series.format.line.color.rgb = RGBColor(*style.rgb(palette[i % len(palette)]))
            series.format.line.width = Pt(2.5)
            series.smooth = False
        ch.has_legend = True
        ch.legend.position = XL_LEGEND_POSITION.BOTTOM
        ch.legend.include_in_layout = False
        set_font(ch.legend.font, 12, color=style.TEXT)
    return gframe


# ============================================================================================ slides
def _cover(prs, b: Brief) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[6])
    band = s.shapes.add_shape(1, 0, Inches(2.0), SLIDE_W, Inches(2.3))
    band.fill.solid()
    band.fill.fore_color.rgb = RGBColor(*style.rgb(style.HEADER_FILL))
    band.line.fill.background()
    tf = band.text_frame
    tf.margin_left = Inches(0.8)
    tf.vertical_anchor = MSO_ANCHOR.MIDDLE
    _paragraphs(tf, [t("brief.title", lang=b.lang, region=b.region_name)], 40, "#ffffff", True)
    _paragraphs_add(tf, b.period_text(), 22, "#ffffff")
    textbox(s, Inches(0.8), Inches(4.7), Inches(11.7), Inches(0.5),
            t("brief.built_at", lang=b.lang, built_at=b.built_at_text()), 18, style.TEXT)
    box = textbox(s, Inches(0.8), Inches(5.4), Inches(11.7), Inches(0.9), b.notice_text(), 16, style.TEXT,
                  fill=style.NOTICE_FILL, anchor=MSO_ANCHOR.MIDDLE)
    box.line.color.rgb = RGBColor(*style.rgb(style.NOTICE_EDGE))


def _paragraphs_add(tf, text: str, size: float, color: str) -> None:
    p = tf.add_paragraph()
    run = p.add_run()
    run.text = text
    set_font(run.font, size, False, color)


def _kpis(prs, b: Brief, page: int) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[6])
    _title(s, t("brief.kpi_title", lang=b.lang), b, page)
    table(s, sections.kpi_table(b), MARGIN, Inches(1.2), SLIDE_W - 2 * MARGIN, Inches(0.44), 15)
    textbox(s, MARGIN, Inches(6.35), SLIDE_W - 2 * MARGIN, Inches(0.5), t("brief.kpi_note", lang=b.lang), 11,
            style.MUTED)


def _narrative(prs, b: Brief, page: int) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[6])
    _title(s, t("brief.narrative_title", lang=b.lang), b, page)
    textbox(s, MARGIN, Inches(1.25), Inches(6.1), Inches(5.5), ["• " + x for x in sections.narrative_sentences(b)],
            18, style.TEXT)
    chart = sections.events_chart(b)
    if chart:
        add_chart(s, chart, Inches(6.8), Inches(1.2), Inches(6.0), Inches(5.4))


def _map(prs, b: Brief, page: int) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[6])
    _title(s, sections.map_title(b), b, page)
    kpi = b.map_kpi
    png = choropleth_png(b.map_values, b.group_level, lambda v: kpis.fmt_kpi(kpi, v, lang=b.lang),
                         kpis.higher_is_better(kpi), no_data_label=t("overview.legend_no_data", lang=b.lang),
                         highlight=b.region if b.group_level == "county" else None)
    s.shapes.add_picture(io.BytesIO(png), MARGIN, Inches(1.1), height=Inches(5.6))
    textbox(s, MARGIN, Inches(6.7), Inches(7.0), Inches(0.35), sections.map_note(b), 11, style.MUTED)
    chart = sections.ranking_chart(b.map_ranked, kpi, t("brief.map_ranking", lang=b.lang,
                                                        kpi=sections.kpi_name(kpi, b.lang)), b.lang)
    if chart:
        add_chart(s, chart, Inches(7.7), Inches(1.15), Inches(5.2), Inches(5.8))


def _alerts(prs, b: Brief, page: int) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[6])
    _title(s, t("brief.alerts_title", lang=b.lang), b, page)
    textbox(s, MARGIN, Inches(1.1), SLIDE_W - 2 * MARGIN, Inches(0.5), sections.alerts_intro(b), 16, style.TEXT)
    tb = sections.alerts_table(b)
    if tb:
        table(s, tb, MARGIN, Inches(1.7), SLIDE_W - 2 * MARGIN, Inches(0.42), 12)


def _funds(prs, b: Brief, page: int) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[6])
    _title(s, t("brief.funds_title", lang=b.lang), b, page)
    textbox(s, MARGIN, Inches(1.1), SLIDE_W - 2 * MARGIN, Inches(1.0), sections.funds_summary(b), 15, style.TEXT)
    chart = sections.funds_chart(b)
    if chart:
        add_chart(s, chart, MARGIN, Inches(2.2), SLIDE_W - 2 * MARGIN, Inches(4.7))


def _elderly(prs, b: Brief, page: int) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[6])
    _title(s, t("brief.elderly_title", lang=b.lang), b, page)
    table(s, sections.elderly_table(b), MARGIN, Inches(1.2), Inches(7.4), Inches(0.5), 13)
    chart = sections.elderly_chart(b)
    if chart:
        add_chart(s, chart, Inches(8.1), Inches(1.15), Inches(4.8), Inches(5.8))


def _red_line(prs, b: Brief, page: int) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[6])
    _title(s, t("brief.redline_title", lang=b.lang), b, page)
    textbox(s, MARGIN, Inches(1.1), SLIDE_W - 2 * MARGIN, Inches(0.9), sections.red_line_note(b), 15, style.TEXT)
    tb = sections.red_line_table(b)
    if tb:
        table(s, tb, MARGIN, Inches(2.1), SLIDE_W - 2 * MARGIN, Inches(0.4), 13)


def _appendix(prs, b: Brief, page: int) -> None:
    s = prs.slides.add_slide(prs.slide_layouts[6])
    _title(s, t("brief.appendix_title", lang=b.lang), b, page)
    textbox(s, MARGIN, Inches(1.1), SLIDE_W - 2 * MARGIN, Inches(2.3), sections.appendix_lines(b), 12, style.TEXT)
    textbox(s, MARGIN, Inches(3.35), SLIDE_W - 2 * MARGIN, Inches(0.35), t("brief.appendix_targets", lang=b.lang),
            12, style.TEXT, bold=True)
    table(s, sections.targets_table(b), MARGIN, Inches(3.7), SLIDE_W - 2 * MARGIN, Inches(0.28), 10)


SLIDES = (_kpis, _narrative, _map, _alerts, _funds, _elderly, _red_line, _appendix)


def write_pptx(b: Brief) -> bytes:
    """The deck as bytes. Its core properties carry the briefing's stamp (``Brief.stamp``), read by the outbox."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    _cover(prs, b)
    for page, make in enumerate(SLIDES, start=2):
        make(prs, b, page)
    props = prs.core_properties
    props.title = t("brief.title", lang=b.lang, region=b.region_name)
    props.subject = b.period_text()
    props.identifier = b.stamp("pptx")
    props.author = props.last_modified_by = "governance brief"
    props.language = "zh-CN" if b.lang == "zh" else "en"
    built = pd.Timestamp(b.info.get("built_at")) if b.info.get("built_at") is not None else None
    if built is not None and not pd.isna(built):
        props.created = props.modified = built.to_pydatetime().replace(tzinfo=None)
    else:
        props.created = props.modified = datetime(2000, 1, 1)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def stamp_of(data: bytes, stamp: str) -> bool:
    """Whether ``data`` is a deck made from ``stamp`` (kept in its core properties' identifier)."""
    try:
        return Presentation(io.BytesIO(data)).core_properties.identifier == stamp
    except Exception:  # noqa: BLE001 - a damaged or foreign file simply isn't up to date
        return False
