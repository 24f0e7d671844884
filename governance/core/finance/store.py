"""Saved financing scenarios: a small table in the *user* database (``governance.settings.user_db()``,
data/user/user.duckdb), never in the generated warehouse — a warehouse rebuild replaces that file and must not
lose a planner's work.

Table ``saved_scenarios``: scenario_id, name (unique), county_code, county_name, first_year, created_at (UTC),
scenario (JSON text of ``governance.core.finance.scenario_to_dict``; docs/scenario_format.md).

* ``save`` validates the scenario with ``scenario_from_dict`` first (``InputError`` naming the field: nothing is
  written), then writes in one transaction (all or nothing).
* ``load`` returns the saved dict unchanged (``load(save(...).scenario_id).scenario == the dict saved``).
* ``compare`` loads and runs up to three scenarios side by side.

Pure Python + duckdb (no Streamlit). One short-lived read-write connection per call, serialised by a process
lock: DuckDB connections are not thread-safe and the user file is small.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from governance import settings
from governance.core.finance import (
    CountyContext,
    InputError,
    RuleCheck,
    ScenarioResult,
    check_rules,
    run_scenario,
    scenario_from_dict,
)

TABLE = "saved_scenarios"
NAME_MAX = 80
MAX_COMPARE = 3

_DDL = f"""
CREATE SEQUENCE IF NOT EXISTS {TABLE}_seq START 1;
CREATE TABLE IF NOT EXISTS {TABLE} (
    scenario_id  BIGINT PRIMARY KEY DEFAULT nextval('{TABLE}_seq'),
    name         VARCHAR NOT NULL UNIQUE,
    county_code  VARCHAR,
    county_name  VARCHAR,
    first_year   INTEGER,
    created_at   TIMESTAMP NOT NULL,
    scenario     VARCHAR NOT NULL
);
"""
_lock = threading.RLock()
_version = 0  # bumped by every save/delete in this process: a cache key for pages


def version() -> int:
    """Changes whenever this process saved or deleted a scenario (pages cache the list on it)."""
    return _version


def _bump() -> None:
    global _version
    with _lock:
        _version += 1


class StoreError(Exception):
    """A store problem the page shows as a message (duplicate or empty name, unknown scenario, user DB busy)."""

    def __init__(self, code: str, message_zh: str, message_en: str):
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        super().__init__(f"[{code}] {message_zh} / {message_en}")

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


@dataclass
class SavedScenario:
    scenario_id: int
    name: str
    county_code: str | None
    county_name: str | None
    first_year: int | None
    created_at: dt.datetime  # UTC, naive
    scenario: dict[str, Any] | None = None  # filled by load()


@dataclass
class ComparedScenario:
    saved: SavedScenario
    result: ScenarioResult | None
    checks: list[RuleCheck] = field(default_factory=list)
    county: CountyContext | None = None
    error: InputError | None = None


# ---------------------------------------------------------------------------------------------------- connection
def user_db_path() -> Path:
    """The user database (read at call time: tests point $GOVERNANCE_USER_DIR elsewhere)."""
    return settings.user_db()


def _warehouse_paths() -> set[Path]:
    return {settings.db_path().resolve()}


def _resolve(db_path: Path | str | None) -> Path:
    path = Path(db_path) if db_path is not None else user_db_path()
    if path.resolve() in _warehouse_paths():
        raise StoreError("warehouse", "情景不能保存在数据仓库文件中（重建时会丢失）",
                         "scenarios must not be stored in the warehouse file (a rebuild would lose them)")
    return path


@contextmanager
def _connect(db_path: Path | str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    path = _resolve(db_path)
    with _lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(str(path))
        except duckdb.IOException as exc:
            raise StoreError("busy", f"用户数据库暂不可用：{exc}", f"the user database is not available: {exc}") from None
        try:
            con.execute(_DDL)
            yield con
        finally:
            con.close()


# ---------------------------------------------------------------------------------------------------- helpers
def _now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _clean_name(name: str) -> str:
    text = " ".join(str(name or "").split())
    if not text:
        raise StoreError("name", "请填写情景名称", "enter a scenario name")
    if len(text) > NAME_MAX:
        raise StoreError("name", f"情景名称过长（上限 {NAME_MAX} 字）", f"scenario name too long ({NAME_MAX} characters max)")
    return text


def _row(r: tuple) -> SavedScenario:
    sid, name, code, cname, fy, created, *rest = r
    scenario = json.loads(rest[0]) if rest else None
    return SavedScenario(int(sid), name, code, cname, None if fy is None else int(fy), created, scenario)


# ---------------------------------------------------------------------------------------------------- API
def save(name: str, scenario: dict[str, Any], *, county_code: str | None = None, county_name: str | None = None,
         first_year: int | None = None, replace: bool = False, db_path: Path | str | None = None) -> SavedScenario:
    """Save a named scenario (a ``scenario_to_dict`` dict). Invalid scenarios raise ``InputError`` (field named)
    and nothing is written; a name in use raises ``StoreError('duplicate')`` unless ``replace``. County code and
    name default to the scenario's ``county`` section. One transaction: all or nothing."""
    name = _clean_name(name)
    sf = scenario_from_dict(scenario)  # validates every section; raises InputError
    if sf.inputs is None:
        raise InputError("inputs", "情景缺少 inputs 部分", "the scenario has no inputs section")
    if sf.county is not None:
        county_code = county_code or sf.county.code or None
        county_name = county_name or sf.county.name or None
    try:
        text = json.dumps(scenario, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise InputError("scenario", f"情景无法保存为 JSON：{exc}", f"the scenario cannot be written as JSON: {exc}") from None
    created = _now_utc()
    with _connect(db_path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            existing = con.execute(f"SELECT scenario_id FROM {TABLE} WHERE name = ?", [name]).fetchone()
            if existing is not None:
                if not replace:
                    raise StoreError("duplicate", f"已有名为“{name}”的情景，请换一个名称或勾选覆盖",
                                     f"a scenario named '{name}' exists: choose another name or tick overwrite")
                con.execute(f"DELETE FROM {TABLE} WHERE scenario_id = ?", [existing[0]])
            sid = con.execute(
                f"INSERT INTO {TABLE} (name, county_code, county_name, first_year, created_at, scenario) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING scenario_id",
                [name, county_code, county_name, first_year, created, text],
            ).fetchone()[0]
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    _bump()
    return SavedScenario(int(sid), name, county_code, county_name, first_year, created, json.loads(text))


def list_scenarios(db_path: Path | str | None = None) -> list[SavedScenario]:
    """Every saved scenario (without its JSON), newest first."""
    with _connect(db_path) as con:
        rows = con.execute(f"SELECT scenario_id, name, county_code, county_name, first_year, created_at FROM {TABLE} "
                           "ORDER BY created_at DESC, scenario_id DESC").fetchall()
    return [_row(r) for r in rows]


def load(scenario_id: int, db_path: Path | str | None = None) -> SavedScenario:
    """One saved scenario with its dict (``StoreError('not_found')`` when it doesn't exist)."""
    with _connect(db_path) as con:
        r = con.execute(f"SELECT scenario_id, name, county_code, county_name, first_year, created_at, scenario "
                        f"FROM {TABLE} WHERE scenario_id = ?", [int(scenario_id)]).fetchone()
    if r is None:
        raise StoreError("not_found", f"情景 {scenario_id} 不存在（可能已被删除）",
                         f"scenario {scenario_id} does not exist (it may have been deleted)")
    return _row(r)


def load_by_name(name: str, db_path: Path | str | None = None) -> SavedScenario:
    with _connect(db_path) as con:
        r = con.execute(f"SELECT scenario_id FROM {TABLE} WHERE name = ?", [_clean_name(name)]).fetchone()
    if r is None:
        raise StoreError("not_found", f"没有名为“{name}”的情景", f"no scenario named '{name}'")
    return load(r[0], db_path)


def delete(scenario_id: int, db_path: Path | str | None = None) -> bool:
    """Delete one scenario; False when it didn't exist."""
    with _connect(db_path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            n = con.execute(f"DELETE FROM {TABLE} WHERE scenario_id = ? RETURNING scenario_id",
                            [int(scenario_id)]).fetchall()
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    _bump()
    return bool(n)


def run_saved(saved: SavedScenario) -> ComparedScenario:
    """Run a loaded scenario with its own county context (as saved)."""
    try:
        sf = scenario_from_dict(saved.scenario or {})
        result = run_scenario(sf.inputs, sf.county)
        checks = check_rules(sf.inputs, result, sf.county)
        return ComparedScenario(saved, result, checks, sf.county)
    except InputError as exc:
        return ComparedScenario(saved, None, [], None, exc)


def compare(scenario_ids: list[int], db_path: Path | str | None = None) -> list[ComparedScenario]:
    """Load and run up to ``MAX_COMPARE`` saved scenarios (in the order given)."""
    ids = list(dict.fromkeys(int(i) for i in scenario_ids))
    if len(ids) > MAX_COMPARE:
        raise StoreError("too_many", f"最多同时比较 {MAX_COMPARE} 个情景", f"compare at most {MAX_COMPARE} scenarios")
    return [run_saved(load(i, db_path)) for i in ids]
