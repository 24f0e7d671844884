"""Building the warehouse and changing it: the atomic build, user imports (preview, import, undo), recovery.

Every write holds the writer lock and swaps a finished temp file in (``writes``): readers see the old or the new
warehouse, never half of one, and a second writer waits or stops with a message. User imports are stored under
data/user/imports and re-applied by every build; one that no longer validates is quarantined (moved aside and
reported) instead of failing the build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import uuid
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
from filelock import Timeout

from governance import settings
from governance.core import geo
from governance.core.regions import CITIES, PROVINCE_CODE, PROVINCE_NAME, counties
from governance.core.warehouse import writes
from governance.core.warehouse.datasets import DATASET_BY_NAME, DATASETS, table_schema
from governance.core.warehouse.ingest import (
    Issue,
    Note,
    ValidationError,
    insert_sorted,
    validate_file,
)
from governance.core.warehouse.project_payments import refresh_project_payments
from governance.core.warehouse.queries import _quiet, connect
from governance.core.warehouse.reading import NO_LIMITS
from governance.core.warehouse.writes import IMPORTS_LOG, QUARANTINE_DIR, ImportLog, WarehouseBusy
from governance.settings import DEFAULT_SEED, EXPORTS_DIR, MARTS_DIR, SCHEMA_SQL

DISCLAIMER_ZH = "本驾驶舱所有数字均为虚构，仅行政区划（GB/T 2260 代码、名称、边界）为真实信息。"
DISCLAIMER_EN = "every figure in this dashboard is invented; only the geography (GB/T 2260 codes, names, boundaries) is real."

__all__ = ["DISCLAIMER_EN", "DISCLAIMER_ZH", "IMPORTS_LOG", "BuildReport", "ImportPreview", "WarehouseBusy", "build",
           "build_marts", "create_schema", "ensure_exports", "exports_dir_for", "import_file", "list_imports",
           "preview_import", "undo_import", "imports_state"]


# ---------------------------------------------------------------------- build

@dataclass
class BuildReport:
    db_path: Path
    scale: float
    rows: dict[str, int]
    seconds: float
    generate_seconds: float
    db_bytes: int
    imports_applied: list[str] = field(default_factory=list)  # ids of the user imports in this warehouse
    quarantined: list[dict] = field(default_factory=list)  # log entries set aside by this build


def _label(table: str) -> str:
    try:
        return table_schema(table).label_zh
    except KeyError:
        return table


def exports_dir_for(scale: float, seed: int) -> Path:
    return EXPORTS_DIR / f"scale-{scale:g}-seed-{seed}"


def ensure_exports(scale: float, seed: int, end_month: date | None = None, progress=None) -> tuple[Path, dict]:
    """Generate the demo exports unless an identical set (same scale, seed, latest month) is already on disk.

    Call with ``exports_lock`` held: the folder is shared by every build on the machine. A new set is written into
    a temp folder and swapped in, so no build ever reads half a set (nor a set killed half-way)."""
    from governance.core.demo.generator import (
        GENERATOR_VERSION,
        generate,
        latest_full_month,
    )
    out = exports_dir_for(scale, seed)
    end = end_month or latest_full_month()
    for debris in out.parent.glob(out.name + ".tmp-*") if out.parent.exists() else ():
        shutil.rmtree(debris, ignore_errors=True)
    for debris in out.parent.glob(out.name + ".old-*") if out.parent.exists() else ():
        shutil.rmtree(debris, ignore_errors=True)
    mf = out / "manifest.json"
    if mf.exists():
        manifest = json.loads(mf.read_text(encoding="utf-8"))
        if (manifest.get("latest_month") == end.isoformat() and manifest.get("generator") == GENERATOR_VERSION
                and all((out / f["file"]).exists() for f in manifest["files"].values())):
            return out, manifest
    fresh = out.with_name(f"{out.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    manifest = generate(fresh, scale=scale, seed=seed, end_month=end, progress=progress)
    if out.exists():
        old = out.with_name(f"{out.name}.old-{uuid.uuid4().hex[:8]}")
        os.replace(out, old)
        os.replace(fresh, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(fresh, out)
    return out, manifest


def exports_lock(scale: float, seed: int, wait: float | None = None):
    """The lock of the shared demo-exports folder of (scale, seed): held while a build generates or reads it."""
    from filelock import FileLock
    out = exports_dir_for(scale, seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(out.with_name(out.name + ".lock")),
                    timeout=settings.write_wait_seconds() if wait is None else wait)


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
    """(Re)create the pre-aggregated marts (governance/core/warehouse/marts/*.sql, in file-name order), after the
    derived ``project_payments`` table they read (``project_payments.py``: the 21号 streams of the library), and
    stamp the warehouse with the format it was built in (``format_fingerprint``)."""
    refresh_project_payments(con)
    for path in sorted(MARTS_DIR.glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
    # a macro, not a table: it is metadata of the build, not data for the dictionary
    con.execute(f"CREATE OR REPLACE MACRO warehouse_format() AS '{format_fingerprint()}'")


@cache
def format_fingerprint() -> str:
    """Changes whenever the schema, a mart or the derived-table code changes: a warehouse built by older code lacks
    tables, columns or macros the queries need, so the app rebuilds it (``is_current``)."""
    h = hashlib.sha256(SCHEMA_SQL.read_bytes())
    for path in sorted(MARTS_DIR.glob("*.sql")):
        h.update(path.name.encode() + path.read_bytes())
    h.update(Path(refresh_project_payments.__code__.co_filename).read_bytes())
    return h.hexdigest()[:16]


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the warehouse behind ``con`` was built by this code's schema and marts."""
    try:
        return con.execute("SELECT warehouse_format()").fetchone()[0] == format_fingerprint()
    except duckdb.Error:
        return False


def _apply_imports(con: duckdb.DuckDBPyConnection, log: ImportLog, progress,
                   only: set[str] | None = None) -> tuple[list[str], list[dict]]:
    """Re-apply every active user import (or those with an id in ``only``) on top of the demo data: user data
    survives a rebuild. One that no longer validates (or whose stored file is gone) is marked quarantined in
    ``log`` instead of failing the build."""
    applied, quarantined = [], []
    folder = settings.imports_dir()
    for entry in log.imports:
        if entry.get("status", "active") != "active" or (only is not None and entry.get("id") not in only):
            continue
        path = folder / entry["stored_as"]
        try:
            if not path.is_file():
                raise ValidationError([Issue(entry["original_name"], None, None, None, "the stored copy of this import "
                                             f"is missing ({entry['stored_as']})", f"该导入的存档文件丢失（{entry['stored_as']}）")])
            validate_file(con, entry["dataset"], path, "_typed_import")  # the checks it passed when imported
            insert_sorted(con, entry["dataset"], "_typed_import", replace_keys=True)
            applied.append(entry["id"])
        except ValidationError as exc:
            for t in ("_typed_import", "_typed_import_x", f"_stage_{entry['dataset']}"):
                con.execute(f"DROP TABLE IF EXISTS {t}")
            entry.update(status="quarantined", stored_as=f"{QUARANTINE_DIR}/{Path(entry['stored_as']).name}",
                         quarantined_at=datetime.now().isoformat(timespec="seconds"),
                         reason="; ".join(str(i) for i in exc.issues[:3]),
                         reason_zh="；".join(_issue_zh(i) for i in exc.issues[:3]))
            quarantined.append(entry)
            progress(None, f"导入 {entry['original_name']} 未通过校验，已隔离")
    return applied, quarantined


def _issue_zh(issue: Issue) -> str:
    where = issue.file + (f" 第 {issue.row} 行" if issue.row is not None else "") + (f" {issue.column} 列" if issue.column else "")
    val = f"（值：{issue.value}）" if issue.value is not None else ""
    return f"{where}：{issue.text('zh')}{val}"


def build(scale: float | None = None, db_path: Path | str | None = None, seed: int = DEFAULT_SEED,
          end_month: date | None = None, exports: Path | None = None, progress=None,
          include_imports: bool = True, wait: float | None = None) -> BuildReport:
    """Build the warehouse into a new file and swap it in, so a failed build leaves the previous one usable.

    Holds the writer lock (waits up to ``wait`` s, default $GOVERNANCE_WRITE_WAIT, then raises WarehouseBusy).
    Raises ValidationError (with file/row/column issues) when a demo export is invalid; a user import that is
    invalid is quarantined and listed in ``BuildReport.quarantined``."""
    db_path = Path(db_path or settings.db_path())
    with writes.writer(db_path, wait) as log:
        return _build_locked(db_path, log, scale=scale, seed=seed, end_month=end_month, exports=exports,
                             progress=progress, include_imports=include_imports)


def _build_locked(db_path: Path, log: ImportLog, *, scale: float | None, seed: int, end_month: date | None,
                  exports: Path | str | None, progress, include_imports: bool, drop_id: str | None = None,
                  only: set[str] | None = None) -> BuildReport:
    report_progress = progress or (lambda f, m: None)

    def progress(f, m):  # noqa: ANN001 - f None: a message without a position
        if f is not None:
            report_progress(f, m)
        else:
            report_progress(0.9, m)

    scale = settings.default_scale() if scale is None else scale
    lock = exports_lock(scale, seed) if exports is None else nullcontext()
    try:
        lock.__enter__()
    except Timeout:
        raise WarehouseBusy(exports_dir_for(scale, seed), lock.timeout) from None
    try:
        return _build_from_exports(db_path, log, scale, seed, end_month, exports, progress, include_imports, drop_id,
                                   only)
    finally:
        lock.__exit__(None, None, None)


def _build_from_exports(db_path: Path, log: ImportLog, scale: float, seed: int, end_month: date | None,
                        exports: Path | str | None, progress, include_imports: bool, drop_id: str | None,
                        only: set[str] | None) -> BuildReport:
    t0 = time.perf_counter()
    if exports is None:
        exports, manifest = ensure_exports(scale, seed, end_month,
                                           progress=lambda f, m: progress(0.5 * f, f"生成虚构演示数据：{_label(m)}"))
        exports_arg = None
    else:
        manifest = json.loads((Path(exports) / "manifest.json").read_text(encoding="utf-8"))
        exports_arg = str(Path(exports).resolve())
    t_gen = time.perf_counter() - t0
    db_path.parent.mkdir(parents=True, exist_ok=True)
    new_log = log.successor([dict(e) for e in log.imports if e.get("id") != drop_id])
    dropped = next((e for e in log.imports if e.get("id") == drop_id), None)
    tmp = writes.temp_path(db_path, "building")
    rows: dict[str, int] = {}
    applied: list[str] = []
    quarantined: list[dict] = []
    con = _quiet(duckdb.connect(str(tmp)))
    try:
        create_schema(con)
        for i, ds in enumerate(DATASETS):
            progress(0.5 + 0.4 * i / len(DATASETS), f"校验并载入 {table_schema(ds.name).label_zh}（{ds.file}）")
            validate_file(con, ds.name, Path(exports) / ds.file, f"_typed_{ds.name}", trusted=True, limits=NO_LIMITS)
            rows[ds.name] = insert_sorted(con, ds.name, f"_typed_{ds.name}")
        sources = [ds.file for ds in DATASETS]
        if include_imports or only is not None:
            applied, quarantined = _apply_imports(con, new_log, progress, only)
            sources += [f"import:{e['original_name']}" for e in new_log.imports if e.get("id") in applied]
        progress(0.92, "生成汇总表（marts）")
        build_marts(con)
        first = date.fromisoformat(manifest["first_month"])
        latest = date.fromisoformat(manifest["latest_month"])
        con.execute("INSERT INTO dataset_info VALUES (?, TRUE, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            f"demo-scale-{manifest['scale']:g}", manifest["scale"], manifest["seed"],
            datetime.now(UTC).replace(tzinfo=None, microsecond=0), first, latest, manifest["generator"],
            ", ".join(sources), DISCLAIMER_ZH, DISCLAIMER_EN])
        writes.record_state(con, new_log, {"scale": scale, "seed": seed, "end_month": latest.isoformat(),
                                           "exports": exports_arg, "include_imports": include_imports,
                                           "applied": applied})
        con.execute("CHECKPOINT")
        con.close()
    except BaseException:
        con.close()
        for p in (tmp, Path(str(tmp) + ".wal")):
            p.unlink(missing_ok=True)
        raise
    os.replace(tmp, db_path)  # atomic on one filesystem: readers see the old or the new file, never half
    writes.save_log(new_log)
    folder = settings.imports_dir()
    for entry in quarantined:  # set the failing files aside (recover() finishes this if we are cut short)
        target = folder / entry["stored_as"]
        target.parent.mkdir(parents=True, exist_ok=True)
        source = folder / target.name
        if source.exists():
            os.replace(source, target)
    if dropped is not None:
        (folder / dropped["stored_as"]).unlink(missing_ok=True)
    progress(1.0, "完成")
    return BuildReport(db_path, scale, rows, time.perf_counter() - t0, t_gen, db_path.stat().st_size, applied,
                       quarantined)


# ---------------------------------------------------------------------- user imports

@dataclass
class ImportPreview:
    """What an import would do, computed on a read-only view of the live warehouse."""

    dataset: str
    file: str
    rows: int
    new_keys: int  # rows whose key is not in the warehouse yet
    replaced_keys: int  # rows that replace a row with the same key
    notes: list[Note]
    sample: pd.DataFrame  # the first rows exactly as they would be stored


def _check_target(path: Path, dataset: str, db_path: Path) -> None:
    if dataset not in DATASET_BY_NAME:
        raise ValidationError([Issue(path.name, None, None, dataset,
                                     f"unknown dataset; choose one of {', '.join(DATASET_BY_NAME)}",
                                     f"未知的数据集；可选：{'、'.join(DATASET_BY_NAME)}")])
    if not db_path.exists():
        raise ValidationError([Issue(str(db_path), None, None, None,
                                     "warehouse not built yet: run `python -m governance build`",
                                     "数据仓库尚未构建：请先运行 python -m governance build")])


def _key_match(dataset: str, new: str, old: str) -> str:
    ds = DATASET_BY_NAME[dataset]
    return " AND ".join(f'{old}."{k}" = {new}."{k}"' for k in ds.grain) or "FALSE"


def preview_import(path: Path | str, dataset: str, db_path: Path | str | None = None,
                   sample_rows: int = 20) -> ImportPreview:
    """Validate an export against the live warehouse without changing anything. Raises ValidationError."""
    path, db_path = Path(path), Path(db_path or settings.db_path())
    _check_target(path, dataset, db_path)
    notes: list[Note] = []
    con = connect(db_path)  # read-only view of the current file
    try:
        n = validate_file(con, dataset, path, "_typed_preview", notes=notes)
        table = DATASET_BY_NAME[dataset].name
        replaced = con.execute(f"SELECT count(*) FROM _typed_preview n WHERE EXISTS "
                               f"(SELECT 1 FROM {table} o WHERE {_key_match(dataset, 'n', 'o')})").fetchone()[0]
        sample = con.execute(f"SELECT * FROM _typed_preview LIMIT {int(sample_rows)}").df()
    finally:
        con.close()
    return ImportPreview(dataset, path.name, n, n - replaced, replaced, notes, sample)


def import_file(path: Path | str, dataset: str, db_path: Path | str | None = None, wait: float | None = None,
                notes: list[Note] | None = None) -> int:
    """Validate one user export against the live warehouse and apply it (rows with the same key are replaced).

    All-or-nothing: the change is made on a temp copy that is swapped in only when everything passed, under the
    writer lock (a concurrent import waits, then is applied on top). The file is kept under data/user/imports
    with a unique name so that a rebuild re-applies it. Returns the number of rows imported."""
    path, db_path = Path(path), Path(db_path or settings.db_path())
    _check_target(path, dataset, db_path)
    with writes.writer(db_path, wait) as log:
        _, build_args = writes.warehouse_state(db_path)
        now = datetime.now()
        import_id = writes.new_import_id(dataset, now)
        entry = {"id": import_id, "dataset": dataset, "original_name": path.name,
                 "stored_as": f"{import_id}{path.suffix.lower()}", "rows": 0,
                 "imported_at": now.isoformat(timespec="seconds"), "status": "active"}
        new_log = log.successor([*log.imports, entry])
        tmp = writes.temp_path(db_path, "import")
        con = None
        try:
            shutil.copyfile(db_path, tmp)
            con = _quiet(duckdb.connect(str(tmp)))
            con.execute("BEGIN")
            validate_file(con, dataset, path, "_typed_import", notes=notes)
            entry["rows"] = n = insert_sorted(con, dataset, "_typed_import", replace_keys=True)
            build_marts(con)
            con.execute("UPDATE dataset_info SET source_files = source_files || ', import:' || ?", [path.name])
            if build_args:
                build_args = {**build_args, "applied": [*build_args.get("applied", []), import_id]}
            writes.record_state(con, new_log, build_args)
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
            con.close()
            writes.store_file(path, entry["stored_as"])  # before the swap: an orphan is removed by the next write
        except BaseException:
            if con is not None:
                con.close()
            for p in (tmp, Path(str(tmp) + ".wal")):
                p.unlink(missing_ok=True)
            raise
        os.replace(tmp, db_path)
        writes.save_log(new_log)
    return n


def undo_import(import_id: str, db_path: Path | str | None = None, wait: float | None = None,
                progress=None) -> BuildReport:
    """Rebuild the warehouse without one import and forget it: the same demo data, and the other imports this
    warehouse holds re-applied."""
    db_path = Path(db_path or settings.db_path())
    with writes.writer(db_path, wait) as log:
        if log.find(import_id) is None:
            raise KeyError(import_id)
        _, args = writes.warehouse_state(db_path)
        if not args:  # a warehouse written before build arguments were recorded
            con = connect(db_path)
            try:
                info = con.execute("SELECT scale, seed, latest_month FROM dataset_info").fetchone()
            finally:
                con.close()
            args = {"scale": info[0], "seed": info[1], "end_month": info[2].isoformat(), "exports": None,
                    "include_imports": True}
        return _build_locked(db_path, log, scale=args["scale"], seed=args["seed"],
                             end_month=date.fromisoformat(args["end_month"]) if args.get("end_month") else None,
                             exports=args.get("exports"), progress=progress,
                             include_imports=args.get("include_imports", True), drop_id=import_id,
                             only=set(args["applied"]) - {import_id} if "applied" in args else None)


def list_imports(db_path: Path | str | None = None) -> list[dict]:
    """The user's imports (newest last), as the log agrees with the warehouse: id, dataset, original_name,
    stored_as, rows, imported_at, status ("active" | "quarantined"), reason when quarantined."""
    return writes.current_log(db_path).imports


def imports_state(db_path: Path | str | None = None) -> tuple[list[dict], dict]:
    """(the imports log, the warehouse's build arguments incl. ``applied``: ids of imports it contains)."""
    db_path = Path(db_path or settings.db_path())
    _, args = writes.warehouse_state(db_path)
    return writes.current_log(db_path).imports, args
