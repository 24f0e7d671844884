"""The briefing as a PDF (fpdf2, A4 landscape): the same sections as the deck, the repo's CJK font embedded as a
subset (with a ToUnicode map, so Chinese text can be searched and copied on any machine), charts drawn as vector
shapes with their numbers as text, the map as an image."""

from __future__ import annotations

import io
import math

import pandas as pd
from fpdf import FPDF
from fpdf.enums import Align, TableCellFillMode, WrapMode
from fpdf.fonts import FontFace

from governance.app import charts as app_charts
from governance.app.briefs import sections, style
from governance.app.briefs.content import Brief
from governance.app.briefs.mapimage import choropleth_png
from governance.core.indicators import kpis
from governance.i18n import t
from governance.i18n.formats import fmt_short

FONT = "NotoSansSC"
PAGE_W, PAGE_H = 297.0, 210.0
M = 12.0  # margin, mm


class _Doc(FPDF):
    def __init__(self, b: Brief) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.brief = b
        self.add_font(FONT, "", str(style.FONT_PATH))
        self.set_auto_page_break(auto=True, margin=16)
        self.set_margins(M, M, M)

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        b = self.brief
        self.set_y(-11)
        self.set_font(FONT, size=7.5)
        self.set_text_color(*style.rgb(style.MUTED))
        self.cell(PAGE_W - 2 * M - 20, 5, f"{b.region_name} · {b.period_text()} · {b.notice_text()}")
        self.cell(20, 5, t("brief.page", lang=b.lang, n=self.page_no()), align="R")


def _title(pdf: _Doc, text: str) -> None:
    pdf.add_page()
    pdf.set_fill_color(*style.rgb(style.HEADER_FILL))
    pdf.rect(0, 0, PAGE_W, 18, style="F")
    pdf.set_xy(M, 4)
    pdf.set_font(FONT, size=17)
    pdf.set_text_color(255, 255, 255)
    pdf.cell(PAGE_W - 2 * M, 10, text)
    pdf.set_xy(M, 24)
    pdf.set_text_color(*style.rgb(style.TEXT))


def _para(pdf: _Doc, text: str, size: float = 11, w: float | None = None, color: str = style.TEXT,
          h: float | None = None) -> None:
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*style.rgb(color))
    # CHAR wrapping: Chinese has no spaces to break at
    pdf.multi_cell(w or PAGE_W - 2 * M, h or size * 0.55, text, new_x="LEFT", new_y="NEXT", align=Align.L,
                   wrapmode=WrapMode.CHAR)
    pdf.ln(1.5)


def _table(pdf: _Doc, tb: sections.Table, size: float = 9.5, width: float | None = None, x: float | None = None) -> None:
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*style.rgb(style.TEXT))
    pdf.set_draw_color(*style.rgb("#d5dbe5"))
    head = FontFace(emphasis="", color=(255, 255, 255), fill_color=style.rgb(style.HEADER_FILL))
    if x is not None:
        pdf.set_x(x)
    with pdf.table(width=width or PAGE_W - 2 * M, col_widths=tuple(tb.widths), headings_style=head,
                   line_height=size * 0.55, padding=1.2, borders_layout="HORIZONTAL_LINES",
                   align="LEFT", first_row_as_headings=True, wrapmode=WrapMode.CHAR, text_align="LEFT",
                   cell_fill_mode=TableCellFillMode.NONE) as table:
        row = table.row()
        for h in tb.header:
            row.cell(h)
        for i, values in enumerate(tb.rows):
            row = table.row()
            for j, v in enumerate(values):
                status = tb.fills.get((i, j))
                if status:
                    fg = (255, 255, 255) if status != "amber" else style.rgb(style.TEXT)
                    row.cell(v, style=FontFace(emphasis="", color=fg, fill_color=style.rgb(style.rag_fill(status))))
                else:
                    row.cell(v, style=FontFace(emphasis="", color=style.rgb(style.TEXT),
                                               fill_color=style.rgb(style.ROW_FILL if i % 2 else "#ffffff")))
    pdf.ln(2)


# ============================================================================================ charts
def _fmt_value(chart: sections.Chart, v: float, scale: tuple[float, str]) -> str:
    if chart.unit == "pct":
        return f"{v:.1f}%"
    if chart.unit == "count":
        return fmt_short(v, chart.lang, scale=scale)
    return f"{v:,.1f}"


def _ticks(chart: sections.Chart, values: list[float]) -> list[float]:
    lo = min(0.0, min(values))
    hi = max(values)
    if chart.unit == "pct" and hi <= 100:
        hi = min(100.0, hi * 1.08) if hi > 0 else 1.0
    return app_charts.nice_ticks(lo, hi, 5)


def draw_chart(pdf: _Doc, chart: sections.Chart, x: float, y: float, w: float, h: float) -> None:
    """A bar, horizontal-bar or line chart as vector shapes, values and ticks as (searchable) text."""
    values = [v for s in chart.series for v in s.values if v is not None and not pd.isna(v)]
    pdf.set_font(FONT, size=10.5)
    pdf.set_text_color(*style.rgb(style.TEXT))
    pdf.set_xy(x, y)
    pdf.cell(w, 6, chart.title)
    if not values:
        return
    ticks = _ticks(chart, values)
    scale = chart.scale()
    if chart.unit == "count":
        scale = app_charts.unit_scale(max(abs(ticks[0]), abs(ticks[-1])), chart.lang)
    lo, hi = ticks[0], ticks[-1]
    pdf.set_font(FONT, size=7.5)
    pdf.set_draw_color(*style.rgb("#d5dbe5"))
    pdf.set_line_width(0.2)
    if chart.kind == "barh":
        label_w = 24.0
        px0, px1, py0, py1 = x + label_w, x + w - 12, y + 12, y + h - 2
        sx = (px1 - px0) / (hi - lo)
        for tv in ticks:
            tx = px0 + (tv - lo) * sx
            pdf.line(tx, py0 - 1, tx, py1)
            pdf.set_text_color(*style.rgb(style.MUTED))
            pdf.set_xy(tx - 10, py0 - 5)
            pdf.cell(20, 4, _fmt_value(chart, tv, scale), align="C")
        n = len(chart.categories)
        band = (py1 - py0) / max(n, 1)
        s = chart.series[0]
        for i, (cat, v) in enumerate(zip(chart.categories, s.values)):
            cy = py0 + i * band
            pdf.set_text_color(*style.rgb(style.TEXT))
            pdf.set_xy(x, cy)
            pdf.cell(label_w - 1.5, band, str(cat), align="R")
            if v is None or pd.isna(v):
                continue
            color = s.colors[i] if s.colors else style.ACCENT
            pdf.set_fill_color(*style.rgb(color))
            bw = max(0.3, (v - lo) * sx)
            pdf.rect(px0, cy + band * 0.18, bw, band * 0.64, style="F")
            pdf.set_xy(px0 + bw + 0.8, cy)
            pdf.cell(14, band, _fmt_value(chart, v, scale))
        return
    px0, px1, py0, py1 = x + 16, x + w - 2, y + 9, y + h - 16
    sy = (py1 - py0) / (hi - lo)
    for tv in ticks:
        ty = py1 - (tv - lo) * sy
        pdf.line(px0, ty, px1, ty)
        pdf.set_text_color(*style.rgb(style.MUTED))
        pdf.set_xy(x, ty - 2)
        pdf.cell(15, 4, _fmt_value(chart, tv, scale), align="R")
    n = len(chart.categories)
    band = (px1 - px0) / max(n, 1)
    widest = max((pdf.get_string_width(str(c)) for c in chart.categories), default=0) + 2
    every = max(1, math.ceil(widest / band))  # label every k-th category so labels never overlap
    pdf.set_text_color(*style.rgb(style.TEXT))
    for i, cat in enumerate(chart.categories):
        if i % every == 0:
            pdf.set_xy(px0 + (i + 0.5) * band - widest / 2, py1 + 1)
            pdf.cell(widest, 4, str(cat), align="C")
    if chart.kind == "bar":
        s = chart.series[0]
        for i, v in enumerate(s.values):
            if v is None or pd.isna(v):
                continue
            color = s.colors[i] if s.colors else style.ACCENT
            pdf.set_fill_color(*style.rgb(color))
            top = py1 - (v - lo) * sy
            pdf.rect(px0 + i * band + band * 0.18, top, band * 0.64, py1 - top, style="F")
            pdf.set_xy(px0 + i * band, top - 4.5)
            pdf.cell(band, 4, _fmt_value(chart, v, scale), align="C")
        return
    palette = [style.ACCENT, "#e07b00", "#2a9d8f", "#b23a48"]
    for k, s in enumerate(chart.series):
        color = style.rgb(palette[k % len(palette)])
        pdf.set_draw_color(*color)
        pdf.set_fill_color(*color)
        pdf.set_line_width(0.6)
        pts = [(px0 + (i + 0.5) * band, py1 - (v - lo) * sy) for i, v in enumerate(s.values)
               if v is not None and not pd.isna(v)]
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            pdf.line(ax, ay, bx, by)
        for px, py in pts:
            pdf.ellipse(px - 0.8, py - 0.8, 1.6, 1.6, style="F")
        lx = px0 + k * 35
        pdf.rect(lx, py1 + 8, 5, 2.2, style="F")
        pdf.set_text_color(*style.rgb(style.TEXT))
        pdf.set_xy(lx + 6, py1 + 7)
        pdf.cell(28, 4.5, s.name)
    pdf.set_line_width(0.2)


# ============================================================================================ pages
def _cover(pdf: _Doc, b: Brief) -> None:
    pdf.add_page()
    pdf.set_fill_color(*style.rgb(style.HEADER_FILL))
    pdf.rect(0, 55, PAGE_W, 50, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(FONT, size=28)
    pdf.set_xy(20, 64)
    pdf.cell(PAGE_W - 40, 16, t("brief.title", lang=b.lang, region=b.region_name))
    pdf.set_font(FONT, size=15)
    pdf.set_xy(20, 84)
    pdf.cell(PAGE_W - 40, 10, b.period_text())
    pdf.set_text_color(*style.rgb(style.TEXT))
    pdf.set_font(FONT, size=12)
    pdf.set_xy(20, 118)
    pdf.cell(PAGE_W - 40, 8, t("brief.built_at", lang=b.lang, built_at=b.built_at_text()))
    pdf.set_fill_color(*style.rgb(style.NOTICE_FILL))
    pdf.set_draw_color(*style.rgb(style.NOTICE_EDGE))
    pdf.set_xy(20, 132)
    pdf.multi_cell(PAGE_W - 40, 8, b.notice_text(), border=1, fill=True, padding=2, align=Align.L,
                   wrapmode=WrapMode.CHAR)


def _kpis(pdf: _Doc, b: Brief) -> None:
    _title(pdf, t("brief.kpi_title", lang=b.lang))
    _table(pdf, sections.kpi_table(b), size=10.5)
    _para(pdf, t("brief.kpi_note", lang=b.lang), 8.5, color=style.MUTED)


def _narrative(pdf: _Doc, b: Brief) -> None:
    _title(pdf, t("brief.narrative_title", lang=b.lang))
    for sentence in sections.narrative_sentences(b):
        _para(pdf, "• " + sentence, 12, w=128, h=7)
    chart = sections.events_chart(b)
    if chart:
        draw_chart(pdf, chart, 148, 24, PAGE_W - 148 - M, 150)


def _map(pdf: _Doc, b: Brief) -> None:
    _title(pdf, sections.map_title(b))
    kpi = b.map_kpi
    png = choropleth_png(b.map_values, b.group_level, lambda v: kpis.fmt_kpi(kpi, v, lang=b.lang),
                         kpis.higher_is_better(kpi), no_data_label=t("overview.legend_no_data", lang=b.lang),
                         highlight=b.region if b.group_level == "county" else None)
    pdf.image(io.BytesIO(png), x=M, y=22, h=150)
    pdf.set_xy(M, 174)
    _para(pdf, sections.map_note(b), 8.5, w=180, color=style.MUTED)
    chart = sections.ranking_chart(b.map_ranked, kpi, t("brief.map_ranking", lang=b.lang,
                                                        kpi=sections.kpi_name(kpi, b.lang)), b.lang)
    if chart:
        draw_chart(pdf, chart, 204, 24, PAGE_W - 204 - M, 150)


def _alerts(pdf: _Doc, b: Brief) -> None:
    _title(pdf, t("brief.alerts_title", lang=b.lang))
    _para(pdf, sections.alerts_intro(b), 11)
    tb = sections.alerts_table(b)
    if tb:
        _table(pdf, tb, size=9)


def _funds(pdf: _Doc, b: Brief) -> None:
    _title(pdf, t("brief.funds_title", lang=b.lang))
    _para(pdf, sections.funds_summary(b), 11)
    chart = sections.funds_chart(b)
    if chart:
        draw_chart(pdf, chart, M, pdf.get_y() + 2, PAGE_W - 2 * M, 130)


def _elderly(pdf: _Doc, b: Brief) -> None:
    _title(pdf, t("brief.elderly_title", lang=b.lang))
    _table(pdf, sections.elderly_table(b), size=9.5, width=160)
    chart = sections.elderly_chart(b)
    if chart:
        draw_chart(pdf, chart, 180, 24, PAGE_W - 180 - M, 150)


def _red_line(pdf: _Doc, b: Brief) -> None:
    _title(pdf, t("brief.redline_title", lang=b.lang))
    _para(pdf, sections.red_line_note(b), 10.5)
    tb = sections.red_line_table(b)
    if tb:
        _table(pdf, tb, size=9.5)


def _appendix(pdf: _Doc, b: Brief) -> None:
    _title(pdf, t("brief.appendix_title", lang=b.lang))
    for line in sections.appendix_lines(b):
        _para(pdf, line, 9)
    _para(pdf, t("brief.appendix_targets", lang=b.lang), 9.5)
    _table(pdf, sections.targets_table(b), size=8)


PAGES = (_kpis, _narrative, _map, _alerts, _funds, _elderly, _red_line, _appendix)


def write_pdf(b: Brief) -> bytes:
    """The PDF as bytes; its metadata carry the briefing's stamp (keywords), read by the outbox."""
    pdf = _Doc(b)
    pdf.set_title(t("brief.title", lang=b.lang, region=b.region_name))
    pdf.set_subject(b.period_text())
    pdf.set_keywords(b.stamp("pdf"))
    pdf.set_author("governance brief")
    pdf.set_creator("governance brief")
    pdf.set_lang("zh-CN" if b.lang == "zh" else "en")
    built = pd.Timestamp(b.info.get("built_at")) if b.info.get("built_at") is not None else None
    if built is not None and not pd.isna(built):
        pdf.set_creation_date((built.tz_localize("UTC") if built.tzinfo is None else built).to_pydatetime())
    _cover(pdf, b)
    for make in PAGES:
        make(pdf, b)
    return bytes(pdf.output())


def stamp_of(data: bytes, stamp: str) -> bool:
    """Whether ``data`` is a PDF made from ``stamp`` (an ASCII digest kept in the uncompressed Info keywords)."""
    return data[:5] == b"%PDF-" and stamp.encode("ascii") in data
