"""Offline pydeck maps: choropleths of a KPI by city or county, community points, and an HTML legend.

Pure functions (no Streamlit calls): pages build a ``pydeck.Deck`` here and draw it with
``st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key=...)``.

* Boundaries come from ``governance.core.geo.features_for`` (offline GeoJSON, GCJ-02, keyed on the GB/T 2260 code).
* The base map is the blank local MapLibre style served from ``static/`` (``BLANK_STYLE``) and
  ``map_provider=None``: the page makes no request to Carto, Mapbox or any other host.
* Colours: ``color_scale`` splits the values into up to five quantile classes; the palette runs from a warm
  red (worse) to a deep blue (better), reversed for lower-is-better KPIs, so "red" always means "look here".
* Tooltips (Chinese or English, whatever the caller formatted) read the feature properties ``name``,
  ``metric``, ``value_text`` and ``detail``; community points carry the same fields.
* A click on a region returns the feature (``properties.code``) in the chart's selection under the layer id
  ``REGION_LAYER``; ``selected_code(event)`` extracts it.
* ``facility_deck``: the elderly-care facility map (points by type, coloured by operator model, sized by beds).
* ``PrebuiltDeck``: the one deck serialiser of the face — wrap a deck in it inside a view's ``st.cache_resource``
  (compact JSON, serialised once).
"""

from __future__ import annotations

import html
import json
import math
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from governance.app.charts import hex_to_rgba
from governance.core import geo
from governance.core.regions import county_by_code
from governance.core.vocabulary import (
    COMMUNITY_STATION,
    FACILITY_TYPES,
    INSTITUTION,
    MEAL_POINT,
    OPERATOR_MODELS,
    STREET_CENTRE,
)
from governance.i18n import current_lang, normalise_lang, t, value_label
from governance.i18n.formats import fmt_count, fmt_pct

BLANK_STYLE = "/app/static/blank_style.json"
REGION_LAYER = "regions"
SELECTED_LAYER = "selected-outline"
LABEL_LAYER = "labels"
POINT_LAYER = "points"

# worse -> better (5 classes); readable on a washed-out projector, distinguishable with red-green weakness
PALETTE_WORSE_TO_BETTER = ("#c62828", "#ef8a62", "#f4cf7a", "#8fbde0", "#1f4e9c")
NO_DATA_COLOR = "#d5d9df"
OUTLINE_COLOR = [255, 255, 255, 230]
SELECTED_COLOR = [26, 26, 26, 255]
POINT_COLORS = {"green": "#2e7d32", "amber": "#e6a100", "red": "#c62828", "none": "#5f6368"}

TOOLTIP_HTML = ("<div style='font-size:15px;line-height:1.45'><b>{name}</b><br/>{metric}：{value_text}"
                "<br/><span style='color:#d5dbe5'>{detail}</span></div>")
TOOLTIP_STYLE = {"backgroundColor": "#1a1a1a", "color": "#ffffff", "fontFamily": '"WenQuanYi Zen Hei", sans-serif',
                 "padding": "8px 10px", "borderRadius": "4px"}


# ============================================================================================ colours
# hex_to_rgba (imported above) is the face's one colour converter, in governance/app/charts.py.


def _finite(values: Iterable) -> list[float]:
    out = []
    for v in values:
        try:
            f = float(v)
        except (TypeError, ValueError):
            continue
        if math.isfinite(f):
            out.append(f)
    return out


def class_breaks(values: Iterable, n_classes: int = 5) -> list[float]:
    """Interior class limits (ascending, distinct) splitting ``values`` into up to ``n_classes`` quantile classes.

    k limits make k + 1 classes: value ≤ b[0], b[0] < value ≤ b[1], …, value > b[-1]. Quantiles use linear
    interpolation (pandas' default) and are rounded to 4 significant decimals; missing values are ignored.
    One distinct value (or none) gives no limits: a single class.
    """
    vals = sorted(_finite(values))
    if len(set(vals)) < 2 or n_classes < 2:
        return []
    s = pd.Series(vals)
    qs = [round(float(s.quantile(i / n_classes)), 4) for i in range(1, n_classes)]
    out: list[float] = []
    for q in qs:
        if q < vals[-1] and (not out or q > out[-1]):  # a limit at the maximum would leave the top class empty
            out.append(q)
    return out


def class_colors(n_classes: int, higher_is_better: bool = True) -> list[str]:
    """``n_classes`` colours for classes in ascending value order (worse -> better, reversed when lower is better)."""
    n = max(1, min(int(n_classes), len(PALETTE_WORSE_TO_BETTER)))
    if n == 1:
        picks = [PALETTE_WORSE_TO_BETTER[len(PALETTE_WORSE_TO_BETTER) // 2]]
    else:  # spread over the palette, keeping both ends
        last = len(PALETTE_WORSE_TO_BETTER) - 1
        picks = [PALETTE_WORSE_TO_BETTER[round(i * last / (n - 1))] for i in range(n)]
    return picks if higher_is_better else picks[::-1]


def color_scale(values: Iterable, higher_is_better: bool = True, n_classes: int = 5) -> tuple[list[float], list[str]]:
    """(breaks, colours) for a choropleth: ``len(colours) == len(breaks) + 1``, colours in ascending value order."""
    breaks = class_breaks(values, n_classes)
    return breaks, class_colors(len(breaks) + 1, higher_is_better)


def class_index(value: object, breaks: Sequence[float]) -> int | None:
    """Class of ``value`` (0 … len(breaks)); None when missing. A value equal to a limit falls in the lower class."""
    v = _finite([value])
    if not v:
        return None
    return bisect_left(list(breaks), v[0])


def value_color(value: object, breaks: Sequence[float], colors: Sequence[str], alpha: int = 215) -> list[int]:
    """RGBA fill of ``value`` (the no-data grey when missing)."""
    i = class_index(value, breaks)
    return hex_to_rgba(NO_DATA_COLOR if i is None else colors[i], alpha)


# ============================================================================================ legend
def legend_labels(breaks: Sequence[float], fmt: Callable[[float], str]) -> list[str]:
    """Class labels in ascending order: '≤ a', 'a – b', …, '> z' (one class: 'all values')."""
    if not breaks:
        return ["—"]
    labels = [f"≤ {fmt(breaks[0])}"]
    labels += [f"{fmt(lo)} – {fmt(hi)}" for lo, hi in zip(breaks[:-1], breaks[1:])]
    labels.append(f"> {fmt(breaks[-1])}")
    return labels


def legend_html(breaks: Sequence[float], colors: Sequence[str], fmt: Callable[[float], str], title: str = "",
                no_data_label: str | None = None, note: str | None = None) -> str:
    """A compact legend (escaped HTML): title, one swatch per class with its range, optional no-data swatch and
    a small note (e.g. the target). ``colors`` as returned by ``color_scale``."""
    labels = legend_labels(breaks, fmt)
    rows = []
    for color, label in zip(colors, labels):
        rows.append(_legend_row(color, label))
    if no_data_label:
        rows.append(_legend_row(NO_DATA_COLOR, no_data_label))
    head = f'<div style="font-weight:600;margin-bottom:4px;">{html.escape(title)}</div>' if title else ""
    tail = (f'<div style="color:#5f6368;font-size:0.85rem;margin-top:4px;">{html.escape(note)}</div>'
            if note else "")
    return (f'<div class="gov-legend" data-testid="gov-map-legend" style="font-size:0.95rem;line-height:1.5;">'
            f'{head}{"".join(rows)}{tail}</div>')


def swatch_legend_html(items: Sequence[tuple[str, str]], title: str = "") -> str:
    """A legend of categorical swatches: ``items`` are (hex colour, label) pairs (e.g. point statuses)."""
    head = f'<div style="font-weight:600;margin-bottom:4px;">{html.escape(title)}</div>' if title else ""
    rows = "".join(_legend_row(color, label) for color, label in items)
    return f'<div class="gov-legend" style="font-size:0.95rem;line-height:1.5;margin-top:0.6rem;">{head}{rows}</div>'


def _legend_row(color: str, label: str) -> str:
    return (f'<div style="display:flex;align-items:center;gap:8px;">'
            f'<span style="display:inline-block;width:22px;height:14px;background:{html.escape(color)};'
            f'border:1px solid #9aa0a6;border-radius:2px;"></span><span>{html.escape(label)}</span></div>')


# ============================================================================================ layers
def region_features(values: pd.DataFrame, level: str, codes: Iterable | None, metric_label: str,
                    fmt: Callable[[object], str], breaks: Sequence[float], colors: Sequence[str],
                    selected: str | None = None, faded: Iterable[str] = (), no_data_text: str = "—") -> list[dict]:
    """Boundary features of ``level`` restricted to ``codes`` with their properties filled for the map:
    ``code``, ``name``, ``metric``, ``value``, ``value_text``, ``detail``, ``fill`` (RGBA) and ``selected``."""
    by_code: dict[str, dict] = {}
    if values is not None and len(values):
        for rec in values.to_dict("records"):
            by_code[str(rec.get("code"))] = rec
    faded = {str(c) for c in faded}
    feats = geo.features_for(level, codes)
    for f in feats:
        p = f["properties"]
        rec = by_code.get(p["code"], {})
        v = _finite([rec.get("value")])
        value = v[0] if v else None
        label = rec.get("label")
        p["name"] = str(label) if isinstance(label, str) and label else p.get("name", p["code"])
        p["metric"] = metric_label
        p["value"] = value
        p["value_text"] = fmt(value) if value is not None else no_data_text
        detail = rec.get("detail")
        p["detail"] = str(detail) if isinstance(detail, str) else ""
        p["selected"] = p["code"] == (str(selected) if selected else None)
        p["fill"] = value_color(value, breaks, colors, alpha=90 if p["code"] in faded else 215)
    return feats


def _region_layer(features: list[dict], pickable: bool = True) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        data={"type": "FeatureCollection", "features": features},
        id=REGION_LAYER,
        pickable=pickable,
        auto_highlight=True,
        highlight_color=[255, 255, 255, 90],
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color=OUTLINE_COLOR,
        line_width_min_pixels=1,
        get_line_width=1,
    )


def _selected_layer(features: list[dict]) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        data={"type": "FeatureCollection", "features": features},
        id=SELECTED_LAYER,
        pickable=False,
        stroked=True,
        filled=False,
        get_line_color=SELECTED_COLOR,
        line_width_min_pixels=3,
        get_line_width=3,
    )


def _label_layer(features: list[dict]) -> pdk.Layer:
    rows = []
    for f in features:
        lon, lat = geo.region_centroid(f["properties"]["code"])
        rows.append({"name": f["properties"]["name"], "position": [round(lon, 5), round(lat, 5)]})
    return pdk.Layer(
        "TextLayer",
        data=rows,
        id=LABEL_LAYER,
        pickable=False,
        get_position="position",
        get_text="name",
        get_size=15,
        size_units='"pixels"',  # pydeck: a quoted string is a literal, a bare one a JS expression
        get_color=[26, 26, 26, 255],
        background=True,  # a light plate behind each name: crisper than an SDF outline for Chinese glyphs
        get_background_color=[255, 255, 255, 200],
        background_padding=[3, 1, 3, 1],
        font_weight=600,
        font_family="'\"WenQuanYi Zen Hei\", \"Noto Sans CJK SC\", \"Microsoft YaHei\", sans-serif'",
        character_set='"auto"',  # the glyphs of the data (Chinese names), not just ASCII
        get_text_anchor='"middle"',
        get_alignment_baseline='"center"',
    )


def points_layer(df: pd.DataFrame, radius_m: float = 220.0) -> pdk.Layer:
    """Community points (ScatterplotLayer). ``df`` columns: lon, lat, name and optionally value_text, metric,
    detail and status ('green'/'amber'/'red', the point colour); plain records are sent (no DataFrame)."""
    rows = []
    if df is not None and len(df):
        for rec in df.to_dict("records"):
            lon, lat = _finite([rec.get("lon")]), _finite([rec.get("lat")])
            if not lon or not lat:
                continue
            status = str(rec.get("status") or "none")
            rows.append({
                "position": [round(lon[0], 5), round(lat[0], 5)],
                "name": str(rec.get("name", "")),
                "metric": str(rec.get("metric", "")),
                "value_text": str(rec.get("value_text", "")),
                "detail": str(rec.get("detail", "")),
                "color": hex_to_rgba(POINT_COLORS.get(status, POINT_COLORS["none"]), 235),
            })
    return pdk.Layer(
        "ScatterplotLayer",
        data=rows,
        id=POINT_LAYER,
        pickable=True,
        get_position="position",
        get_fill_color="color",
        get_line_color=[255, 255, 255, 255],
        stroked=True,
        line_width_min_pixels=1,
        get_radius=radius_m,
        radius_min_pixels=6,
        radius_max_pixels=14,
    )


# ============================================================================================ deck
def choropleth_deck(
    values: pd.DataFrame,
    level: str,
    codes: Iterable | None,
    metric_label: str,
    fmt: Callable[[object], str],
    higher_is_better: bool = True,
    selected: str | None = None,
    *,
    focus: Iterable | str | None = None,
    points: pd.DataFrame | None = None,
    labels: bool | None = None,
    n_classes: int = 5,
    width_px: int = 760,
    height_px: int = 540,
    no_data_text: str = "—",
) -> pdk.Deck:
    """A choropleth of one KPI. At county level the other counties of the drawn counties' cities are drawn too, grey
    and without values (the view still fits ``codes``).

    ``values``: DataFrame with ``code`` (GB/T code, str), ``value`` (number or NaN) and optionally ``label``
    (display name; else the boundary file's Chinese name) and ``detail`` (second tooltip line).
    ``level``: 'city' or 'county' (the boundary level); ``codes``: which features to draw (None: all of the level).
    ``fmt``: formats a value for the tooltip. ``selected``: code outlined in black (and faded when ``points`` are
    drawn, so they show through). ``focus``: codes the view fits (default: all drawn codes, or ``selected`` when
    points are drawn). ``labels``: region names on the map (default: when at most 20 regions are drawn).
    ``width_px``/``height_px``: the map's expected size on screen (the zoom fits ``focus`` into it; err on the
    small side, a wider screen only adds margin). The breaks/colours of the legend are ``color_scale(values["value"], higher_is_better, n_classes)``.
    """
    breaks, colors = color_scale(values["value"] if values is not None and len(values) else [], higher_is_better,
                                 n_classes)
    faded = [selected] if selected and points is not None and len(points) else []
    shown = None if codes is None else [str(c) for c in codes]
    if level == "county" and shown:
        # the other counties of the same cities, grey and without values: the place of a county account's own
        # county (outside its region scope the data layer returns no rows), or a county with no data yet
        county_city = {c.code: c.city_code for c in county_by_code().values()}
        cities = {county_city.get(c) for c in shown}
        shown = list(dict.fromkeys([*shown, *(c for c, city in county_city.items() if city in cities)]))
        if focus is None and not (selected and points is not None and len(points)):
            focus = [str(c) for c in codes]
    feats = region_features(values, level, shown, metric_label, fmt, breaks, colors, selected=selected, faded=faded,
                            no_data_text=no_data_text)
    layers = [_region_layer(feats)]
    sel = [f for f in feats if f["properties"]["selected"]]
    if sel:
        layers.append(_selected_layer(sel))
    if points is not None and len(points):
        layers.append(points_layer(points))
    if labels if labels is not None else len(feats) <= 20:
        layers.append(_label_layer(feats))

    if focus is None:
        focus = [selected] if (selected and points is not None and len(points)) else [
            f["properties"]["code"] for f in feats]
    view = geo.view_state_for(focus, width_px=width_px, height_px=height_px, padding=0.1)
    return pdk.Deck(
        layers=layers,
        initial_view_state=pdk.ViewState(**view, pitch=0, bearing=0),
        map_style=BLANK_STYLE,
        map_provider=None,
        tooltip={"html": TOOLTIP_HTML, "style": TOOLTIP_STYLE},
    )


def selected_code(event: Any, layer_id: str = REGION_LAYER) -> str | None:
    """The GB/T code of the region picked in a ``st.pydeck_chart(on_select="rerun")`` event, else None."""
    if not event:
        return None
    try:
        selection = event["selection"] if "selection" in event else getattr(event, "selection", None)
    except (TypeError, KeyError):
        selection = getattr(event, "selection", None)
    if not selection:
        return None
    objects = selection.get("objects", {}) if hasattr(selection, "get") else {}
    picked = objects.get(layer_id) or []
    if not picked:
        return None
    obj = picked[0] or {}
    props = obj.get("properties") if isinstance(obj, dict) else None
    code = (props or {}).get("code") if isinstance(props, dict) else None
    code = code or (obj.get("code") if isinstance(obj, dict) else None)
    return str(code) if code else None


# ============================================================================================ deck serialiser
class PrebuiltDeck:
    """A pydeck ``Deck`` serialised once, compactly: the face's one deck wrapper. ``st.pydeck_chart`` only reads
    ``to_json()``, the tooltip and the width. pydeck's own ``to_json`` indents, which forces the pure-Python JSON
    encoder: 95 county outlines take 35–130 ms and 715 kB, a province of care homes ≈10× more; the same JSON without
    indentation takes a few ms. Build it inside the view's ``st.cache_resource`` and treat it as read-only."""

    layers = None  # the JSON is final: nothing for Streamlit's per-layer data fix-up to touch
    mapbox_key = None
    deck_widget = None

    def __init__(self, deck: pdk.Deck) -> None:
        self._json = json.dumps(deck, sort_keys=True, default=default_serialize, separators=(",", ":"),
                                ensure_ascii=False)
        self._tooltip = getattr(deck, "_tooltip", None)
        self.width = getattr(deck, "width", None)

    def to_json(self) -> str:
        return self._json


# ============================================================================================ facilities
# The elderly-care facility map: points by facility type (the layer id is the type's index in FACILITY_TYPES),
# coloured by operator model, sized by beds, over county outlines.
OPERATOR_COLORS: dict[str, str] = dict(zip(OPERATOR_MODELS, ("#1f4e9c", "#e07b00", "#2a9d8f"), strict=True))
FACILITY_LAYER_PREFIX = "facilities-"
OUTLINE_LAYER = "county-outlines"
# Institutions filled, street centres filled with a dark ring, community stations small and lighter, meal points
# hollow rings. Radius in pixels grows with √beds.
TYPE_STYLE: dict[str, dict] = {
    INSTITUTION: {"filled": True, "alpha": 215, "line": [255, 255, 255, 255], "line_px": 1, "base_px": 4.0},
    STREET_CENTRE: {"filled": True, "alpha": 235, "line": [26, 26, 26, 255], "line_px": 2.5, "base_px": 5.0},
    COMMUNITY_STATION: {"filled": True, "alpha": 150, "line": [255, 255, 255, 200], "line_px": 0.5, "base_px": 3.0},
    MEAL_POINT: {"filled": False, "alpha": 255, "line": None, "line_px": 2, "base_px": 3.5},
}
MAX_RADIUS_PX = 22.0


def radius_factor(zoom: float) -> float:
    """Pixels per √bed: 0.3 at the province's zoom (≈6), growing to 0.9 at a county's (≥9) — thousands of care
    homes must not cover the province, a county's twenty should read at a glance."""
    return round(min(0.9, max(0.3, 0.3 + (float(zoom) - 6.5) * 0.24)), 3)


def facility_records(df: pd.DataFrame, lang: str | None = None, factor: float = 0.9) -> dict[str, list[dict]]:
    """Map records per facility type (plain dicts for pydeck) from ``queries/elderly_facilities_map.sql``, with
    tooltip fields in the language: name, metric (type), value_text (beds, nursing beds, occupancy), detail
    (operator model · county); radius = base + factor·√beds pixels, capped at ``MAX_RADIUS_PX``.
    Vectorised: a province view has thousands of points."""
    lang = normalise_lang(lang) if lang else current_lang()
    out: dict[str, list[dict]] = {}
    if df is None or not len(df):
        return out
    lon = pd.to_numeric(df["lon"], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    lat = pd.to_numeric(df["lat"], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    ok = np.isfinite(lon) & np.isfinite(lat)
    d = df[ok]
    lon, lat = np.round(lon[ok], 5).tolist(), np.round(lat[ok], 5).tolist()

    def floats(col: str) -> np.ndarray:
        return pd.to_numeric(d[col], errors="coerce").fillna(0).to_numpy(dtype="float64")

    beds, nursing, occupancy = floats("beds"), floats("nursing_beds"), floats("occupancy_pct")
    ftypes = d["facility_type"].astype(str).tolist()
    ops = d["operator_model"].astype(str).tolist()
    names = d["name"].astype(str).tolist()
    counties = d["county_name"].astype(str).tolist() if "county_name" in d.columns else [""] * len(d)
    beds_tpl, no_beds = t("elderly.map_tip_beds", lang=lang), t("elderly.map_tip_no_beds", lang=lang)
    type_label = {ft: str(value_label(ft, lang)) for ft in set(ftypes)}
    op_label = {op: str(value_label(op, lang)) for op in set(ops)}
    styles = {ft: TYPE_STYLE.get(ft, TYPE_STYLE[INSTITUTION]) for ft in set(ftypes)}
    colors = {(op, ft): hex_to_rgba(OPERATOR_COLORS.get(op, "#5f6368"), styles[ft]["alpha"])
              for op in set(ops) for ft in set(ftypes)}
    base = np.array([styles[ft]["base_px"] for ft in ftypes], dtype="float64")
    radius = np.round(np.minimum(MAX_RADIUS_PX, base + factor * np.sqrt(np.clip(beds, 0, None))), 2).tolist()
    for i, ft in enumerate(ftypes):
        b = int(beds[i])
        if b > 0:
            value_text = beds_tpl.format(beds=fmt_count(b, lang=lang), nursing=fmt_count(int(nursing[i]), lang=lang),
                                         occupancy=fmt_pct(occupancy[i], lang=lang))
        else:
            value_text = no_beds
        color = colors[(ops[i], ft)]
        out.setdefault(ft, []).append({
            "position": [lon[i], lat[i]],
            "name": names[i],
            "metric": type_label[ft],
            "value_text": value_text,
            "detail": f"{op_label[ops[i]]} · {counties[i]}",
            "fill": color,
            "line": styles[ft]["line"] or color,
            "radius": radius[i],
        })
    return out


def _outline_layer(codes: Sequence[str], highlight: str | None = None) -> pdk.Layer:
    feats = geo.features_for("county", codes)
    for f in feats:
        f["properties"]["fill"] = [31, 78, 156, 28] if f["properties"]["code"] == highlight else [255, 255, 255, 0]
    return pdk.Layer(
        "GeoJsonLayer", data={"type": "FeatureCollection", "features": feats}, id=OUTLINE_LAYER,
        pickable=False, stroked=True, filled=True, get_fill_color="properties.fill",
        get_line_color=[95, 99, 104, 200], line_width_min_pixels=1, get_line_width=1,
    )


def facility_deck(df: pd.DataFrame, county_codes: Sequence[str], focus: Sequence[str] | str | None = None,
                  highlight: str | None = None, lang: str | None = None, width_px: int = 800,
                  height_px: int = 560) -> pdk.Deck:
    """The facility map: outlines of ``county_codes`` (``highlight`` tinted), one ScatterplotLayer per facility type
    (``TYPE_STYLE``; big points drawn on top), the view fitted to ``focus`` (default: the counties); tooltips in the
    language; the blank local base style (no external request)."""
    lang = normalise_lang(lang) if lang else current_lang()
    codes = [str(c) for c in county_codes]
    layers = [_outline_layer(codes, highlight)] if codes else []
    view = geo.view_state_for(focus if focus else (codes or None), width_px=width_px, height_px=height_px,
                              padding=0.06)
    records = facility_records(df, lang, factor=radius_factor(view["zoom"]))
    for ftype in (COMMUNITY_STATION, MEAL_POINT, STREET_CENTRE, INSTITUTION):  # big points on top
        rows = records.get(ftype)
        if not rows:
            continue
        style = TYPE_STYLE[ftype]
        layers.append(pdk.Layer(
            "ScatterplotLayer", data=rows, id=FACILITY_LAYER_PREFIX + str(FACILITY_TYPES.index(ftype)),
            pickable=True, get_position="position", get_radius="radius", radius_units='"pixels"',
            filled=style["filled"], get_fill_color="fill", stroked=True, get_line_color="line",
            line_width_units='"pixels"', get_line_width=style["line_px"], auto_highlight=True,
        ))
    return pdk.Deck(
        layers=layers,
        initial_view_state=pdk.ViewState(**view, pitch=0, bearing=0),
        map_style=BLANK_STYLE,
        map_provider=None,
        tooltip={"html": TOOLTIP_HTML, "style": TOOLTIP_STYLE},
    )


def facility_legend_html(types: Iterable[str], lang: str | None = None) -> str:
    """Legend of the facility map (escaped HTML): operator-model colours, the symbols of the facility ``types``
    shown, the size rule."""
    lang = normalise_lang(lang) if lang else current_lang()
    shown = set(types)
    head = '<div style="font-weight:600;margin:{m};">{text}</div>'
    rows = [head.format(m="0 0 2px 0", text=html.escape(t("elderly.map_legend_operator", lang=lang)))]
    for op in OPERATOR_MODELS:
        rows.append(_legend_dot(OPERATOR_COLORS[op], str(value_label(op, lang))))
    rows.append(head.format(m="6px 0 2px 0", text=html.escape(t("elderly.map_legend_type", lang=lang))))
    for ftype in FACILITY_TYPES:
        if ftype not in shown:
            continue
        style = TYPE_STYLE[ftype]
        if style["filled"]:
            ring = "#1a1a1a" if style["line"] and style["line"][0] < 100 else "#9aa0a6"
            sym = (f'<span style="display:inline-block;width:14px;height:14px;border-radius:50%;background:#9aa0a6;'
                   f'border:{2 if ring == "#1a1a1a" else 1}px solid {ring};"></span>')
        else:
            sym = ('<span style="display:inline-block;width:12px;height:12px;border-radius:50%;'
                   'border:2px solid #5f6368;background:transparent;"></span>')
        rows.append(f'<div style="display:flex;align-items:center;gap:8px;">{sym}'
                    f'<span>{html.escape(str(value_label(ftype, lang)))}</span></div>')
    rows.append(f'<div style="color:#5f6368;font-size:0.85rem;margin-top:4px;">'
                f'{html.escape(t("elderly.map_legend_size", lang=lang))}</div>')
    return (f'<div class="gov-legend" data-testid="gov-facility-legend" style="font-size:0.95rem;line-height:1.5;">'
            f'{"".join(rows)}</div>')


def _legend_dot(color: str, label: str) -> str:
    return (f'<div style="display:flex;align-items:center;gap:8px;"><span style="display:inline-block;width:14px;'
            f'height:14px;border-radius:50%;background:{html.escape(color)};"></span>'
            f'<span>{html.escape(label)}</span></div>')


__all__ = [
    "BLANK_STYLE", "REGION_LAYER", "POINT_LAYER", "color_scale", "class_breaks", "class_colors", "class_index",
    "value_color", "legend_html", "swatch_legend_html", "legend_labels", "region_features", "points_layer", "choropleth_deck",
    "selected_code", "hex_to_rgba", "PrebuiltDeck", "OPERATOR_COLORS", "TYPE_STYLE", "radius_factor",
    "facility_records", "facility_deck", "facility_legend_html",
]
