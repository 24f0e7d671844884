"""Cards, filters and the download table of the 创新案例库 page (pages/cases.py).

Cases come from queries/innovation_cases.sql with their change already computed (change, change_pct, improved);
this module picks the text in the language, filters and draws. Case cards are HTML drawn with
``unsafe_allow_html``: every value is HTML-escaped and its whitespace (newlines included) collapsed to single
spaces, so no data text can open a tag or end the HTML block with a blank line (after which Streamlit would read
the rest as markdown).
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping

import pandas as pd

from governance.core.vocabulary import CASE_CATEGORIES
from governance.i18n import current_lang, normalise_lang, t, value_label

CATEGORY_COLORS = dict(zip(CASE_CATEGORIES, ("#1f4e9c", "#e07b00", "#2a9d8f", "#6a4c93", "#8c6d46", "#b23a48"),
                           strict=True))
_GOOD, _BAD, _FLAT = "#2e7d32", "#c62828", "#5f6368"


def _missing(v: object) -> bool:
    if v is None or v is pd.NA:
        return True
    return isinstance(v, float) and math.isnan(v)


def _num(v: object) -> float | None:
    if _missing(v) or isinstance(v, bool):
        return None
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _flag(v: object) -> bool | None:
    return None if _missing(v) else bool(v)


def _text(v: object) -> str:
    """Display text of a value: '' when missing, whitespace (newlines included) collapsed."""
    return "" if _missing(v) else " ".join(str(v).split())


def esc(v: object) -> str:
    """A value for the card's HTML: escaped (quotes too, for attributes) and on one line."""
    return html.escape(_text(v), quote=True)


def stars(n: object, out_of: int = 5) -> str:
    """'★★★★☆' for 4 of 5 (clamped to 0 … out_of)."""
    v = _num(n)
    k = 0 if v is None else max(0, min(out_of, int(round(v))))
    return "★" * k + "☆" * (out_of - k)


def case_template_key(title: object, county_name: object) -> str:
    """The generic part of a case title ('“网格+警格”双网融合' of '崇川区“网格+警格”双网融合')."""
    title, name = _text(title), _text(county_name)
    return title[len(name):] if name and title.startswith(name) else title


def case_text(row: Mapping, lang: str | None = None) -> dict[str, str]:
    """Title, summary, indicator, unit and category of a case in the language (English from
    governance/i18n/areas/cases.py where the case follows a known template; else the stored Chinese)."""
    lang = normalise_lang(lang) if lang else current_lang()
    title, summary = _text(row.get("title")), _text(row.get("summary"))
    indicator, unit, category = _text(row.get("indicator")), _text(row.get("unit")), _text(row.get("category"))
    if lang != "en":
        return {"title": title, "summary": summary, "indicator": indicator, "unit": unit, "category": category}
    from governance.i18n.areas.cases import CASE_TEXT_EN

    en = CASE_TEXT_EN.get(case_template_key(title, row.get("county_name")))
    county = _text(row.get("county_name"))
    if en:
        title = f"{county}: {en['title']}" if county else en["title"]
        summary = en["summary"]
    return {"title": title, "summary": summary, "indicator": str(value_label(indicator, "en")),
            "unit": str(value_label(unit, "en")) if unit else "", "category": str(value_label(category, "en"))}


def filter_cases(df: pd.DataFrame, categories: Iterable[str] | None = None, city_codes: Iterable[str] | None = None,
                 search: str | None = None) -> pd.DataFrame:
    """Cases of the chosen categories and cities (empty / None: all) whose text contains ``search``
    (case-insensitive; searched in the stored Chinese text, the county and city names and the English text)."""
    if df is None or not len(df):
        return df if df is not None else pd.DataFrame()
    out = df
    cats = [c for c in (categories or []) if c]
    if cats:
        out = out[out["category"].isin(cats)]
    cities = [str(c) for c in (city_codes or []) if c]
    if cities:
        out = out[out["city_code"].astype(str).isin(cities)]
    q = (search or "").strip().lower()
    if q:
        def hit(row: dict) -> bool:
            hay = " ".join(_text(row.get(c)) for c in ("title", "summary", "indicator", "county_name", "city_name",
                                                       "city_name_en", "category", "case_id"))
            return q in (hay + " " + " ".join(case_text(row, "en").values())).lower()
        out = out[[hit(r) for r in out.to_dict("records")]]
    return out.reset_index(drop=True)


def _fmt_value(v: object) -> str:
    x = _num(v)
    if x is None:
        return "—"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.1f}"


def _arrow(change: object, improved: bool | None) -> str:
    c = _num(change)
    return "→" if improved is None or c is None else "↑" if c > 0 else "↓"


def case_card_html(row: Mapping, lang: str | None = None, large: bool = False) -> str:
    """One case as an HTML card on one line (every value escaped): category chip, title, county · city · year,
    practice, the indicator before → after with an arrow and % change coloured by whether it improved (green) or
    worsened (red), replicability stars. ``large``: presentation-mode sizes for projecting."""
    lang = normalise_lang(lang) if lang else current_lang()
    txt = case_text(row, lang)
    improved = _flag(row.get("improved"))
    color = _FLAT if improved is None else _GOOD if improved else _BAD
    verdict = t("cases.unchanged" if improved is None else "cases.improved" if improved else "cases.worsened",
                lang=lang)
    pct = _num(row.get("change_pct"))
    pct_text = "—" if pct is None else f"{pct:+.1f}%"
    direction = t("cases.higher_better" if _flag(row.get("higher_is_better")) else "cases.lower_better", lang=lang)
    city = row.get("city_name_en") if lang == "en" and not _missing(row.get("city_name_en")) else row.get("city_name")
    cat_color = CATEGORY_COLORS.get(_text(row.get("category")), "#5f6368")
    sz = {"title": "2.3rem" if large else "1.35rem", "body": "1.45rem" if large else "1.02rem",
          "value": "3.6rem" if large else "1.9rem", "meta": "1.2rem" if large else "0.92rem",
          "stars": "2.2rem" if large else "1.3rem", "pad": "1.6rem 1.8rem" if large else "0.9rem 1.1rem"}
    year = _num(row.get("year"))
    launched = t("cases.launched", lang=lang, year=int(year)) if year else ""
    meta = " · ".join(x for x in (_text(row.get("county_name")), _text(city), launched) if x)
    replicability = t("cases.replicability", lang=lang)
    before, after = t("cases.before", lang=lang), t("cases.after", lang=lang)
    return (
        f'<div class="gov-case" data-testid="gov-case-card" data-case="{esc(row.get("case_id"))}" '
        f'style="border:1px solid #d5dbe5;border-top:6px solid {cat_color};border-radius:8px;background:#ffffff;'
        f'padding:{sz["pad"]};box-shadow:0 1px 3px rgba(0,0,0,0.10);">'
        f'<div style="display:flex;justify-content:space-between;align-items:center;gap:8px;">'
        f'<span style="background:{cat_color};color:#ffffff;border-radius:12px;padding:2px 12px;'
        f'font-size:{sz["meta"]};">{esc(txt["category"])}</span>'
        f'<span title="{esc(replicability)}" style="color:#e6a100;font-size:{sz["stars"]};letter-spacing:2px;" '
        f'aria-label="{esc(replicability)} {int(_num(row.get("replicability")) or 0)}/5">'
        f'{esc(stars(row.get("replicability")))}</span></div>'
        f'<div class="gov-case-title" style="font-size:{sz["title"]};font-weight:700;color:#1a1a1a;'
        f'margin:0.35rem 0 0.1rem 0;line-height:1.3;">{esc(txt["title"])}</div>'
        f'<div style="font-size:{sz["meta"]};color:#5f6368;">{esc(meta)}</div>'
        f'<div style="font-size:{sz["body"]};color:#1a1a1a;margin:0.5rem 0;line-height:1.5;">{esc(txt["summary"])}</div>'
        f'<div style="font-size:{sz["meta"]};color:#5f6368;">{esc(txt["indicator"])}（{esc(direction)}）</div>'
        f'<div style="display:flex;align-items:baseline;gap:0.6rem;flex-wrap:wrap;">'
        f'<span style="font-size:{sz["value"]};font-weight:600;color:#5f6368;" title="{esc(before)}">'
        f'{esc(_fmt_value(row.get("value_before")))}</span>'
        f'<span style="font-size:{sz["value"]};font-weight:700;color:{color};">'
        f'{esc(_arrow(row.get("change"), improved))}</span>'
        f'<span style="font-size:{sz["value"]};font-weight:700;color:#1a1a1a;" title="{esc(after)}">'
        f'{esc(_fmt_value(row.get("value_after")))}</span>'
        f'<span style="font-size:{sz["body"]};color:#5f6368;">{esc(txt["unit"])}</span>'
        f'<span data-testid="gov-case-change" data-improved="{esc(str(improved).lower())}" '
        f'style="font-size:{sz["body"]};font-weight:700;color:#ffffff;background:{color};border-radius:6px;'
        f'padding:1px 10px;">{esc(pct_text)} {esc(verdict)}</span></div>'
        f'<div style="font-size:{sz["meta"]};color:#5f6368;">{esc(before)} → {esc(after)}</div>'
        f'</div>'
    )


def cases_table(df: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """The cases as a flat table with translated headers (for the download buttons)."""
    lang = normalise_lang(lang) if lang else current_lang()
    rows = []
    for r in df.to_dict("records"):
        txt = case_text(r, lang)
        pct = _num(r.get("change_pct"))
        rows.append({
            t("cases.col.case_id", lang=lang): r.get("case_id"),
            t("cases.col.title", lang=lang): txt["title"],
            t("cases.col.category", lang=lang): txt["category"],
            t("cases.col.county", lang=lang): r.get("county_name"),
            t("cases.col.city", lang=lang): r.get("city_name_en") if lang == "en" else r.get("city_name"),
            t("cases.col.year", lang=lang): r.get("year"),
            t("cases.col.indicator", lang=lang): txt["indicator"],
            t("cases.col.unit", lang=lang): txt["unit"],
            t("cases.col.before", lang=lang): r.get("value_before"),
            t("cases.col.after", lang=lang): r.get("value_after"),
            t("cases.col.change_pct", lang=lang): None if pct is None else round(pct, 1),
            t("cases.col.replicability", lang=lang): r.get("replicability"),
            t("cases.col.summary", lang=lang): txt["summary"],
        })
    return pd.DataFrame(rows)
