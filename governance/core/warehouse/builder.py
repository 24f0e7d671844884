"""Building the warehouse: generate or read exports, validate, load, build marts, swap in atomically; user imports."""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb

from governance import settings
from governance.core import geo
from governance.core.regions import CITIES, PROVINCE_CODE, PROVINCE_NAME, counties
from governance.core.warehouse.datasets import DATASET_BY_NAME, DATASETS, table_schema
from governance.core.warehouse.ingest import (
    Issue,
    ValidationError,
    insert_sorted,
    validate_file,
)
from governance.core.warehouse.queries import _quiet
from governance.settings import DEFAULT_SEED, EXPORTS_DIR, MARTS_DIR, SCHEMA_SQL

DISCLAIMER_ZH = "本驾驶舱所有数字均为虚构，仅行政区划（GB/T 2260 代码、名称、边界）为真实信息。"
DISCLAIMER_EN = "every figure in this dashboard is invented; only the geography (GB/T 2260 codes, names, boundaries) is real."

IMPORTS_LOG = "imports.json"


# ---------------------------------------------------------------------- build

@dataclass
class BuildReport:
    db_path: Path
    scale: float
    rows: dict[str, int]
    seconds: float
    generate_seconds: float
    db_bytes: int


def _label(table: str) -> str:
    try:
        return table_schema(table).label_zh
    except KeyError:
        return table


def exports_dir_for(scale: float, seed: int) -> Path:
    return EXPORTS_DIR / f"scale-{scale:g}-seed-{seed}"


def ensure_exports(scale: float, seed: int, end_month: date | None = None, progress=None) -> tuple[Path, dict]:
    """Generate the demo exports unless an identical set (same scale, seed, latest month) is already on disk."""
    from governance.core.demo.generator import (
        GENERATOR_VERSION,
        generate,
        latest_full_month,
    )
    out = exports_dir_for(scale, seed)
    end = end_month or latest_full_month()
    mf = out / "manifest.json"
    if mf.exists():
        manifest = json.loads(mf.read_text(encoding="utf-8"))
        if (manifest.get("latest_month") == end.isoformat() and manifest.get("generator") == GENERATOR_VERSION
                and all((out / f["file"]).exists() for f in manifest["files"].values())):
            return out, manifest
    return out, generate(out, scale=scale, seed=seed, end_month=end, progress=progress)


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """An empty warehouse in ``con``: every table of schema.sql and the real regions (province, cities, counties).
    The build starts here, and so does every hand-built test fixture."""
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    _load_regions(con)


def _load_regions(con: duckdb.DuckDBPyConnection) -> None:
    rows = [(PROVINCE_CODE, PROVINCE_NAME, "Jiangsu", "province", None, None, 119.78, 32.97)]
    rows += [(c.code, c.name, c.name_en, "city", PROVINCE_CODE, None, c.lon, c.lat) for c in CITIES]
    for c in counties():
        lon, lat = geo.region_centroid(c.code)
        rows.append((c.code, c.name, None, "county", c.city_code, c.county_type, round(lon, 5), round(lat, 5)))
    con.executemany("INSERT INTO regions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def build_marts(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the pre-aggregated marts (governance/core/warehouse/marts/*.sql, in file-name order)."""
    for path in sorted(MARTS_DIR.glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))


def _load_imports(con: duckdb.DuckDBPyConnection, progress) -> list[str]:
    """Re-apply every user import on top of the demo data (user data survives a rebuild)."""
    log = settings.imports_dir() / IMPORTS_LOG
    if not log.exists():
        return []
    applied = []
    for entry in json.loads(log.read_text(encoding="utf-8")):
        path = settings.imports_dir() / entry["stored_as"]
        validate_file(con, entry["dataset"], path, "_typed_import")
        insert_sorted(con, entry["dataset"], "_typed_import", replace_keys=True)
        applied.append(f"import:{entry['original_name']}")
    return applied


def build(scale: float | None = None, db_path: Path | str | None = None, seed: int = DEFAULT_SEED,
          end_month: date | None = None, exports: Path | None = None, progress=None,
          include_imports: bool = True) -> BuildReport:
    """Build the warehouse into a new file and swap it in, so a failed build leaves the previous one usable.

    Raises ValidationError (with file/row/column issues) when an export is invalid."""
    progress = progress or (lambda f, m: None)
    scale = settings.default_scale() if scale is None else scale
    db_path = Path(db_path or settings.db_path())
    t0 = time.perf_counter()
    if exports is None:
        exports, manifest = ensure_exports(scale, seed, end_month,
                                           progress=lambda f, m: progress(0.5 * f, f"生成虚构演示数据：{_label(m)}"))
    else:
        manifest = json.loads((Path(exports) / "manifest.json").read_text(encoding="utf-8"))
    t_gen = time.perf_counter() - t0
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(db_path.name + f".building-{os.getpid()}")
    for p in (tmp, Path(str(tmp) + ".wal")):
        p.unlink(missing_ok=True)
    rows: dict[str, int] = {}
    con = _quiet(duckdb.connect(str(tmp)))
    try:
        create_schema(con)
        for i, ds in enumerate(DATASETS):
            progress(0.5 + 0.4 * i / len(DATASETS), f"校验并载入 {table_schema(ds.name).label_zh}（{ds.file}）")
            validate_file(con, ds.name, Path(exports) / ds.file, f"_typed_{ds.name}")
            rows[ds.name] = insert_sorted(con, ds.name, f"_typed_{ds.name}")
        sources = [ds.file for ds in DATASETS]
        if include_imports:
            sources += _load_imports(con, progress)
        progress(0.92, "生成汇总表（marts）")
        build_marts(con)
        first = date.fromisoformat(manifest["first_month"])
        latest = date.fromisoformat(manifest["latest_month"])
        con.execute("INSERT INTO dataset_info VALUES (?, TRUE, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            f"demo-scale-{manifest['scale']:g}", manifest["scale"], manifest["seed"],
            datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0), first, latest, manifest["generator"],
            ", ".join(sources), DISCLAIMER_ZH, DISCLAIMER_EN])
        con.execute("CHECKPOINT")
        con.close()
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, db_path)  # atomic on one filesystem: readers see the old or the new file, never half
    progress(1.0, "完成")
    return BuildReport(db_path, scale, rows, time.perf_counter() - t0, t_gen, db_path.stat().st_size)


# ---------------------------------------------------------------------- user imports

def import_file(path: Path | str, dataset: str, db_path: Path | str | None = None) -> int:
    """Validate one user export against the live warehouse and apply it (rows with the same key are replaced).

    All-or-nothing: the change is made on a copy that is swapped in only when everything passed. The file is kept
    under data/user/imports so that a rebuild of the demo data re-applies it."""
    path, db_path = Path(path), Path(db_path or settings.db_path())
    if dataset not in DATASET_BY_NAME:
        raise ValidationError([Issue(path.name, None, None, dataset,
                                     f"unknown dataset; choose one of {', '.join(DATASET_BY_NAME)}")])
    if not db_path.exists():
        raise ValidationError([Issue(str(db_path), None, None, None, "warehouse not built yet: run `python -m governance build`")])
    tmp = db_path.with_name(db_path.name + f".import-{os.getpid()}")
    shutil.copyfile(db_path, tmp)
    con = _quiet(duckdb.connect(str(tmp)))
    try:
        con.execute("BEGIN")
        validate_file(con, dataset, path, "_typed_import")
        n = insert_sorted(con, dataset, "_typed_import", replace_keys=True)
        build_marts(con)
        con.execute("UPDATE dataset_info SET source_files = source_files || ', import:' || ?", [path.name])
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
        con.close()
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    settings.imports_dir().mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    stored = f"{stamp}-{dataset}{path.suffix.lower()}"
    shutil.copyfile(path, settings.imports_dir() / stored)
    log = settings.imports_dir() / IMPORTS_LOG
    entries = json.loads(log.read_text(encoding="utf-8")) if log.exists() else []
    entries.append({"dataset": dataset, "original_name": path.name, "stored_as": stored, "rows": n,
                    "imported_at": datetime.now().isoformat(timespec="seconds")})
    log.write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, db_path)
    return n


def list_imports() -> list[dict]:
    """The user's imports kept under data/user/imports (newest last)."""
    log = settings.imports_dir() / IMPORTS_LOG
    return json.loads(log.read_text(encoding="utf-8")) if log.exists() else []
