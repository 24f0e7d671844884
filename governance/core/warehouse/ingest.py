"""Validated, all-or-nothing loading of exports (demo build and user imports share this code path).

For every file: read it (a user export the way a clerk would: ``reading.read_export`` finds the header, skips
title, 合计 and 注 rows, converts units, names and date formats, and notes each interpretation; a clean demo export
straight into DuckDB) into a staging table with its spreadsheet row number, cast to the schema types, then check
NOT NULL, CHECK rules, codes against `regions`, foreign keys and duplicate keys. Every problem is reported with
file, row, column and value. Nothing reaches the target table unless the whole file is clean.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from governance.core.warehouse.datasets import DATASET_BY_NAME, Dataset, table_schema
from governance.core.warehouse.issues import Issue, Note, ValidationError
from governance.core.warehouse.reading import IMPORT_LIMITS, Limits, header_maps_exactly, read_export  # noqa: F401

__all__ = ["Issue", "Note", "ValidationError", "Limits", "IMPORT_LIMITS", "read_raw", "validate_file", "insert_sorted"]

MAX_ISSUES_PER_CHECK = 20
_TYPE_ZH = {"INTEGER": "整数", "BIGINT": "整数", "DOUBLE": "数值", "DATE": "日期", "BOOLEAN": "是/否",
            "TIMESTAMP": "时间", "VARCHAR": "文本"}
TRUE_WORDS = ("true", "t", "1", "yes", "y", "是", "√")
FALSE_WORDS = ("false", "f", "0", "no", "n", "否", "")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _norm_header(h: str) -> str:
    return re.sub(r"\s+", "", str(h)).lower()


def read_raw(con: duckdb.DuckDBPyConnection, ds: Dataset, path: Path, staging: str, *, trusted: bool = False,
             limits: Limits | None = None, notes: list[Note] | None = None) -> list[str]:
    """Load the file as text into `staging` with a `_row` column (spreadsheet row number). Returns its headers.

    ``trusted`` (the demo build's own exports): a UTF-8 CSV whose first line names every column plainly goes
    straight into DuckDB (fast for millions of rows). Everything else is read by ``reading.read_export``."""
    path = Path(path)
    if not path.exists():
        raise ValidationError([Issue(path.name, None, None, None, "file not found", "找不到文件")])
    if trusted and path.suffix.lower() == ".csv" and _looks_utf8(path) and header_maps_exactly(ds.name, _first_line(path)):
        try:
            # DuckDB reads UTF-8 (BOM or not) fastest; preserve_insertion_order keeps row numbers = file order
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE {staging} AS SELECT (row_number() OVER ()) + 1 AS _row, * "
                "FROM read_csv(?, all_varchar = true, header = true, auto_detect = true, "
                "null_padding = false, strict_mode = true)", [str(path)])
        except duckdb.Error as exc:
            msg = str(exc).splitlines()[0][:300]
            line = re.search(r"[Ll]ine:? (\d+)", str(exc))
            raise ValidationError([Issue(path.name, int(line.group(1)) if line else None, None, None,
                                         f"file cannot be read: {msg}", f"文件无法读取：{msg}")]) from None
        cols = [r[0] for r in con.execute(f"DESCRIBE {staging}").fetchall()]
        return [c for c in cols if c != "_row"]
    result = read_export(ds.name, path, limits)
    if notes is not None:
        notes.extend(result.notes)
    con.register("_raw_df", result.frame)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {staging} AS SELECT * FROM _raw_df")
    finally:
        con.unregister("_raw_df")
    return [c for c in result.frame.columns if c != "_row"]


def _first_line(path: Path) -> list[str]:
    import csv
    with open(path, encoding="utf-8-sig", newline="") as f:
        return next(csv.reader(f), [])


def _looks_utf8(path: Path) -> bool:
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    if head.startswith(b"\xef\xbb\xbf"):
        return True
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as e:
        return e.start > len(head) - 4  # a character cut at the end of the sample


def _cast_expr(raw: str, col_type: str) -> str:
    """SQL that turns the raw text into the column type; NULL where it cannot (checked afterwards)."""
    v = f"NULLIF(trim({raw}), '')"
    t = col_type.upper()
    if t in ("INTEGER", "BIGINT", "DOUBLE", "FLOAT", "DECIMAL") or t.startswith("DECIMAL"):
        # accept thousands separators and a trailing % as exports often carry them
        cleaned = f"replace(replace({v}, ',', ''), '，', '')"
        if t in ("INTEGER", "BIGINT"):
            # "12.0" from spreadsheets is a whole number; "12.5" is not
            return (f"CASE WHEN TRY_CAST({cleaned} AS DOUBLE) = round(TRY_CAST({cleaned} AS DOUBLE)) "
                    f"THEN TRY_CAST(TRY_CAST({cleaned} AS DOUBLE) AS {t}) END")
        return f"TRY_CAST({cleaned} AS {t})"
    if t == "BOOLEAN":
        low = f"lower({v})"
        return (f"CASE WHEN {low} IN {TRUE_WORDS} THEN TRUE "
                f"WHEN {low} IN {tuple(w for w in FALSE_WORDS if w)} THEN FALSE END")
    if t == "DATE":
        # 2026-10-01, 2026/10/01, 2026-10 (a month), or a spreadsheet timestamp "2026-10-01 00:00:00"
        norm = f"replace({v}, '/', '-')"
        return (f"COALESCE(TRY_CAST({norm} AS DATE), "
                f"TRY_CAST(CASE WHEN regexp_full_match({norm}, '\\d{{4}}-\\d{{1,2}}') THEN {norm} || '-01' END AS DATE), "
                f"TRY_CAST(TRY_CAST({norm} AS TIMESTAMP) AS DATE))")
    if t == "TIMESTAMP":
        return f"TRY_CAST({v} AS TIMESTAMP)"
    return v


def validate_file(con: duckdb.DuckDBPyConnection, dataset: str, path: Path, typed: str,
                  reference_schema: str = "main", *, trusted: bool = False, limits: Limits | None = None,
                  notes: list[Note] | None = None) -> int:
    """Read, map, cast and check one export into temp table `typed`. Raises ValidationError; returns row count.

    Foreign keys are checked against tables in `reference_schema` of `con` (the database being built, or the
    live warehouse for an import), plus rows of the same file for self-references. ``notes`` (a list) receives
    every interpretation the reader made; ``trusted`` and ``limits``: see ``read_raw``.
    """
    ds = DATASET_BY_NAME[dataset]
    schema = table_schema(ds.name)
    fname = Path(path).name
    staging = f"_stage_{dataset}"
    headers = read_raw(con, ds, path, staging, trusted=trusted, limits=limits, notes=notes)
    issues: list[Issue] = []
    truncated = 0

    # headers: English column name or Chinese label, case and spaces ignored
    by_norm = {_norm_header(h): h for h in headers}
    mapping: dict[str, str] = {}
    for col in schema.columns:
        h = by_norm.get(_norm_header(col.name)) or by_norm.get(_norm_header(col.label_zh))
        if h is None:
            issues.append(Issue(fname, 1, col.name, None,
                                f"required column missing (expected header {col.name!r} or {col.label_zh!r})",
                                f"缺少必需的列（表头应为 {col.name} 或 {col.label_zh}）"))
        else:
            mapping[col.name] = h
    if issues:
        raise ValidationError(issues)

    n_rows = con.execute(f"SELECT count(*) FROM {staging}").fetchone()[0]
    if n_rows == 0:
        raise ValidationError([Issue(fname, None, None, None, "file has no data rows", "文件中没有数据行")])

    select = ", ".join(f"{_cast_expr(_q(mapping[c.name]), c.type)}::{c.type} AS {_q(c.name)}" for c in schema.columns)
    raw_cols = ", ".join(f"{_q(mapping[c.name])} AS {_q('_raw_' + c.name)}" for c in schema.columns)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {typed}_x AS SELECT _row, {select}, {raw_cols} FROM {staging}")
    con.execute(f"DROP TABLE {staging}")

    def collect(sql: str, column: str | None, problem: str, value_col: str | None = None, problem_zh: str = "") -> None:
        nonlocal truncated
        total = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
        if not total:
            return
        vc = value_col or "NULL"
        for row, value in con.execute(f"SELECT _row, {vc}::VARCHAR FROM ({sql}) ORDER BY _row LIMIT {MAX_ISSUES_PER_CHECK}").fetchall():
            issues.append(Issue(fname, row, column, value, problem, problem_zh))
        truncated += max(0, total - MAX_ISSUES_PER_CHECK)

    x = f"{typed}_x"
    for c in schema.columns:
        raw = _q("_raw_" + c.name)
        col = _q(c.name)
        collect(f"SELECT _row, {raw} FROM {x} WHERE {col} IS NULL AND NULLIF(trim({raw}), '') IS NOT NULL",
                c.name, f"not a valid {c.type.lower()}" + (f" ({c.unit})" if c.unit else ""), raw,
                f"不是有效的{_TYPE_ZH.get(c.type.upper(), c.type.lower())}" + (f"（{c.unit}）" if c.unit else ""))
        if c.not_null:
            collect(f"SELECT _row, {raw} FROM {x} WHERE NULLIF(trim({raw}), '') IS NULL", c.name, "value required",
                    problem_zh="必填项为空")
    # units: a percentage column whose values all sit in [0, 1] was exported as fractions (0.95 for 95 %)
    for c in schema.columns:
        if c.unit == "%":
            col = _q(c.name)
            n_pos, top = con.execute(f"SELECT count(*) FILTER ({col} > 0), max({col}) FROM {x}").fetchone()
            if n_pos >= 3 and top is not None and top <= 1.0:
                first = con.execute(f"SELECT _row, {col} FROM {x} WHERE {col} > 0 ORDER BY _row LIMIT 1").fetchone()
                issues.append(Issue(fname, first[0], c.name, str(first[1]),
                                    "values look like fractions (all ≤ 1); this column is in percent (0–100)",
                                    "数值像是小数（全部 ≤ 1）；该列应以百分数填写（0–100）"))
    for chk in schema.checks:
        cols = [c for c in chk.columns]
        label = ", ".join(cols) if cols else None
        value = " || ' / ' || ".join(f"coalesce({_q(c)}::VARCHAR, '')" for c in cols) if cols else None
        collect(f"SELECT * FROM {x} WHERE NOT ({chk.expression})", label, f"violates rule {chk.expression}", value,
                f"不符合规则 {chk.expression}")

    # codes and foreign keys
    for col, (ref_table, ref_col) in ds.foreign_keys.items():
        if ref_table == ds.name:
            continue
        ref = f"{reference_schema}.{ref_table}" if reference_schema else ref_table
        extra = " AND r.level = 'county'" if ref_table == "regions" else ""
        collect(f"SELECT t._row, t.{_q(col)} FROM {x} t WHERE t.{_q(col)} IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {ref} r WHERE r.{_q(ref_col)} = t.{_q(col)}{extra})",
                col, f"unknown {'county code (not one of the 95 county-level units)' if ref_table == 'regions' else ref_table + '.' + ref_col}",
                _q(col), "未知的区县代码（不属于 95 个县级行政区）" if ref_table == "regions"
                else f"在 {ref_table}.{ref_col} 中不存在")
    # duplicate keys
    if ds.grain:
        keys = ", ".join(_q(k) for k in ds.grain)
        collect(f"SELECT _row, concat_ws(' / ', {keys}) AS k FROM (SELECT _row, {keys}, "
                f"count(*) OVER (PARTITION BY {keys}) AS n FROM {x}) WHERE n > 1",
                ", ".join(ds.grain), "duplicate key", "k", "主键重复")

    if issues:
        con.execute(f"DROP TABLE IF EXISTS {x}")
        raise ValidationError(issues, truncated)
    cols = ", ".join(_q(c.name) for c in schema.columns)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {typed} AS SELECT {cols} FROM {x}")
    con.execute(f"DROP TABLE {x}")
    return n_rows


def insert_sorted(con: duckdb.DuckDBPyConnection, dataset: str, typed: str, target_schema: str = "main",
                  replace_keys: bool = False) -> int:
    """Insert the validated rows into the target table in its sort order. With replace_keys, rows whose key is
    already there are replaced (a user import updating the demo data); the caller owns the transaction."""
    ds = DATASET_BY_NAME[dataset]
    target = f"{target_schema}.{ds.name}"
    cols = ", ".join(_q(c.name) for c in table_schema(ds.name).columns)
    if replace_keys and ds.grain:
        cond = " AND ".join(f"t.{_q(k)} = n.{_q(k)}" for k in ds.grain)
        con.execute(f"DELETE FROM {target} t WHERE EXISTS (SELECT 1 FROM {typed} n WHERE {cond})")
    order = ", ".join(_q(c) for c in ds.sort_by) or "1"
    con.execute(f"INSERT INTO {target} ({cols}) SELECT {cols} FROM {typed} ORDER BY {order}")
    n = con.execute(f"SELECT count(*) FROM {typed}").fetchone()[0]
    con.execute(f"DROP TABLE {typed}")
    return n
