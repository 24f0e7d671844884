"""A choropleth drawn offline as a PNG (Pillow polygons over the shipped boundaries, ``governance.core.geo``):
the same quintile classes and colours as the app's map (``governance.app.maps.color_scale``), names and values
in the briefing font, a legend. No browser, no tiles, no network."""

from __future__ import annotations

import io
import math
from collections.abc import Callable

import pandas as pd
from PIL import Image, ImageDraw

from governance.app import maps
from governance.app.briefs import style
from governance.core import geo

NO_DATA = maps.NO_DATA_COLOR


def _project(lon: float, lat: float, lat0: float) -> tuple[float, float]:
    """Equirectangular at the map's mid-latitude: straight enough for one province."""
    return lon * math.cos(math.radians(lat0)), -lat


def choropleth_png(values: pd.DataFrame, level: str, fmt: Callable[[float], str], higher_is_better: bool = True,
                   title: str = "", no_data_label: str = "", highlight: str | None = None,
                   size: tuple[int, int] = (1500, 1200)) -> bytes:
    """PNG bytes of a choropleth. ``values``: code, value, label (as ``briefing.map_values``); ``level`` 'city' or
    'county'; ``fmt`` formats a value for labels and legend; ``highlight``: a code outlined in black."""
    width, height = size
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    codes = [str(c) for c in values["code"]]
    feats = geo.features_for(level, codes)
    if not feats:
        return _png(img)
    polys = {f["properties"]["code"]: geo.region_polygons(f["properties"]["code"]) for f in feats}
    lats = [pt[1] for ps in polys.values() for p in ps for pt in p[0]]
    lons = [pt[0] for ps in polys.values() for p in ps for pt in p[0]]
    lat0 = (min(lats) + max(lats)) / 2
    xs, ys = zip(*(_project(lo, la, lat0) for lo, la in zip(lons, lats)))
    legend_h = 150
    top = 70 if title else 20
    box = (30, top, width - 30, height - legend_h - 20)
    scale = min((box[2] - box[0]) / (max(xs) - min(xs)), (box[3] - box[1]) / (max(ys) - min(ys)))
    ox = box[0] + ((box[2] - box[0]) - (max(xs) - min(xs)) * scale) / 2 - min(xs) * scale
    oy = box[1] + ((box[3] - box[1]) - (max(ys) - min(ys)) * scale) / 2 - min(ys) * scale

    def to_px(lon: float, lat: float) -> tuple[float, float]:
        x, y = _project(lon, lat, lat0)
        return ox + x * scale, oy + y * scale

    by_code = {str(r["code"]): r for r in values.to_dict("records")}
    breaks, colors = maps.color_scale(values["value"], higher_is_better)
    for code, ps in polys.items():
        i = maps.class_index(by_code.get(code, {}).get("value"), breaks)
        fill = NO_DATA if i is None else colors[i]
        for poly in ps:
            draw.polygon([to_px(lo, la) for lo, la in poly[0]], fill=fill, outline="white", width=3)
            for hole in poly[1:]:
                draw.polygon([to_px(lo, la) for lo, la in hole], fill="white")
    if highlight in polys:
        for poly in polys[highlight]:
            draw.line([to_px(lo, la) for lo, la in poly[0]] + [to_px(*poly[0][0])], fill="#1a1a1a", width=6)

    name_font, value_font = style.pil_font(30 if level == "city" else 26), style.pil_font(24 if level == "city" else 21)
    for code in polys:
        rec = by_code.get(code, {})
        x, y = to_px(*geo.region_centroid(code))
        name = str(rec.get("label") or code)
        value = rec.get("value")
        text_value = fmt(value) if value is not None and not pd.isna(value) else ""
        draw.text((x, y - 2), name, font=name_font, fill="#1a1a1a", anchor="md", stroke_width=3, stroke_fill="white")
        if text_value:
            draw.text((x, y + 2), text_value, font=value_font, fill="#1a1a1a", anchor="ma", stroke_width=3,
                      stroke_fill="white")
    if title:
        draw.text((30, 18), title, font=style.pil_font(36), fill="#1a1a1a")
    _legend(draw, breaks, colors, fmt, no_data_label if values["value"].isna().any() else "",
            (30, height - legend_h), width - 60)
    return _png(img)


def _legend(draw: ImageDraw.ImageDraw, breaks, colors, fmt, no_data_label: str, origin: tuple[int, int],
            width: int) -> None:
    items = list(zip(colors, maps.legend_labels(breaks, fmt)))
    if no_data_label:
        items.append((NO_DATA, no_data_label))
    font = style.pil_font(24)
    x, y = origin
    col_w = max(200, width // max(1, min(len(items), 3)))
    for i, (color, label) in enumerate(items):
        cx, cy = x + (i % 3) * col_w, y + (i // 3) * 44
        draw.rectangle([cx, cy + 4, cx + 44, cy + 32], fill=color, outline="#9aa0a6")
        draw.text((cx + 56, cy + 18), label, font=font, fill="#1a1a1a", anchor="lm")


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()
