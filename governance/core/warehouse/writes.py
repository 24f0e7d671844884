"""Keeping writers safe: one writer at a time, unique temp names, crash debris, and the imports log.

Every write (a build, an import, an undo) runs inside ``writer(db_path)``:

1. it takes an exclusive file lock next to the warehouse (``<db>.lock``); a second writer waits up to
   ``settings.write_wait_seconds()`` and then gets ``WarehouseBusy`` — never a silent loss;
2. it finishes what an interrupted write left half done (``recover``) and removes its debris: temp copies of the
   warehouse (``<db>.import-*``, ``<db>.building-*`` and their ``.wal``), temp log files, stored import files that
   no log entry names;
3. the caller builds a new warehouse in a temp file named by ``temp_path`` and swaps it in with ``os.replace``
   (atomic), then writes the imports log with ``save_log`` (temp file + rename).

The log and the warehouse are two files, so they cannot be replaced in one step. The warehouse therefore carries
the log it was written with (table ``import_state``: a generation number and the log as JSON). The log file is only
written after the swap; if a write is killed between the two, the warehouse's generation is newer than the file's
and ``recover`` (or ``current_log`` when just reading) takes the warehouse's copy. After a SIGKILL at any moment the
warehouse is the old or the new one and the log read back agrees with it.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

from governance import settings

IMPORTS_LOG = "imports.json"
QUARANTINE_DIR = "quarantine"
_TEMP_MARKERS = (".import-", ".building-")
_LOG_TMP_PREFIX = IMPORTS_LOG + ".tmp-"
_STORE_TMP_PREFIX = ".storing-"


class WarehouseBusy(RuntimeError):
    """Another import or build holds the warehouse for longer than this writer was willing to wait."""

    def __init__(self, db_path: Path, waited: float):
        self.db_path, self.waited = Path(db_path), waited
        super().__init__(
            f"another import or build is writing {self.db_path.name}; waited {waited:g} s. Nothing was changed: "
            f"try again when it has finished (or wait longer with --wait / $GOVERNANCE_WRITE_WAIT).")


@dataclass
class ImportLog:
    """The imports log: ``generation`` counts writes; ``imports`` lists every stored import (oldest first);
    ``log_id`` names the log's lineage (one user folder), so a warehouse written with another folder's log is
    never taken for this one's.

    An entry: id, dataset, original_name, stored_as (file name under imports/, or quarantine/<name>), rows,
    imported_at, status ("active" | "quarantined") and, when quarantined, reason, reason_zh and quarantined_at."""

    generation: int = 0
    imports: list[dict] = field(default_factory=list)
    log_id: str | None = None

    def to_json(self) -> str:
        return json.dumps({"log_id": self.log_id, "generation": self.generation, "imports": self.imports},
                          ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> ImportLog:
        data = json.loads(text)
        if isinstance(data, list):  # the first log format: a bare list, before generations existed
            return cls(0, [{"status": "active", "id": e.get("stored_as"), **e} for e in data])
        return cls(int(data.get("generation", 0)), list(data.get("imports", [])), data.get("log_id"))

    def successor(self, imports: list[dict]) -> ImportLog:
        """The log after one more write: next generation, same lineage (a new one for a log that had none)."""
        return ImportLog(self.generation + 1, imports, self.log_id or uuid.uuid4().hex)

    def active(self) -> list[dict]:
        return [e for e in self.imports if e.get("status", "active") == "active"]

    def find(self, import_id: str) -> dict | None:
        return next((e for e in self.imports if e.get("id") == import_id), None)


# ---------------------------------------------------------------------------------------------- lock and names

def lock_paths(db_path: Path) -> tuple[Path, Path]:
    """The warehouse's lock (next to it) and the user folder's lock (imports and their log live there)."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock"), settings.user_dir() / "write.lock"


@contextmanager
def writer(db_path: Path | str, wait: float | None = None) -> Iterator[ImportLog]:
    """Hold the write locks, recover from any interrupted write, and yield the current imports log.

    Two locks, always taken in the same order (warehouse, then user folder), so writers of different warehouses
    that share a user folder, or of one warehouse with different user folders, never interleave."""
    db_path = Path(db_path)
    wait = settings.write_wait_seconds() if wait is None else max(0.0, float(wait))
    deadline = time.monotonic() + wait
    held: list[FileLock] = []
    try:
        for path in lock_paths(db_path):
            path.parent.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(path), timeout=max(0.0, deadline - time.monotonic()))
            try:
                lock.acquire()
            except Timeout:
                raise WarehouseBusy(db_path, wait) from None
            held.append(lock)
        yield recover(db_path)
    finally:
        for lock in reversed(held):
            lock.release()


def temp_path(db_path: Path, kind: str) -> Path:
    """A temp file next to the warehouse, unique per process and call (two writes in one server never collide)."""
    return db_path.with_name(f"{db_path.name}.{kind}-{os.getpid()}-{uuid.uuid4().hex[:10]}")


def new_import_id(dataset: str, now) -> str:
    return f"{now:%Y%m%d-%H%M%S}-{dataset}-{uuid.uuid4().hex[:6]}"


def store_file(source: Path, stored_as: str) -> Path:
    """Copy an accepted export into imports/ under its unique name (temp file + rename: never half a file)."""
    folder = settings.imports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{_STORE_TMP_PREFIX}{uuid.uuid4().hex[:10]}"
    shutil.copyfile(source, tmp)
    final = folder / stored_as
    os.replace(tmp, final)
    return final


# ---------------------------------------------------------------------------------------------- the log

def _log_file() -> Path:
    return settings.imports_dir() / IMPORTS_LOG


def read_log_file() -> ImportLog | None:
    """The log file of the user folder, None when there is none yet."""
    path = _log_file()
    if not path.exists():
        return None
    return ImportLog.from_json(path.read_text(encoding="utf-8"))


def save_log(log: ImportLog) -> None:
    """Write the log atomically (temp file + rename). Call only after the warehouse swap."""
    folder = settings.imports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{_LOG_TMP_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
    tmp.write_text(log.to_json(), encoding="utf-8")
    os.replace(tmp, _log_file())


def warehouse_state(db_path: Path | str) -> tuple[ImportLog | None, dict]:
    """(the log the warehouse was written with, its build arguments); (None, {}) for a warehouse without one.

    Opened through an in-memory ATTACH so a file replaced since another connection opened it is read fresh."""
    db_path = Path(db_path)
    if not db_path.exists():
        return None, {}
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH '{_sql_path(db_path)}' AS w (READ_ONLY)")
        has = con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = 'w' "
                          "AND table_name = 'import_state'").fetchone()[0]
        row = con.execute("SELECT generation, log_json, build_json FROM w.import_state").fetchone() if has else None
    except duckdb.Error:
        return None, {}
    finally:
        con.close()
    if row is None:
        return None, {}
    log = ImportLog.from_json(row[1])
    log.generation = int(row[0])
    return log, json.loads(row[2]) if row[2] else {}


def record_state(con: duckdb.DuckDBPyConnection, log: ImportLog, build_args: dict) -> None:
    """Store the log this warehouse is being written with (inside the write's transaction / temp file)."""
    # a warehouse built before this table existed (schema.sql has it) gets it here
    con.execute("CREATE TABLE IF NOT EXISTS import_state (generation BIGINT NOT NULL, log_json VARCHAR NOT NULL, "
                "build_json VARCHAR)")
    con.execute("DELETE FROM import_state")
    con.execute("INSERT INTO import_state VALUES (?, ?, ?)",
                [log.generation, log.to_json(), json.dumps(build_args, ensure_ascii=False)])


def current_log(db_path: Path | str | None = None) -> ImportLog:
    """The imports log as it agrees with the warehouse (read only: repairs nothing on disk)."""
    file_log = read_log_file()
    wh_log, _ = warehouse_state(Path(db_path or settings.db_path()))
    if wh_log is None:
        return file_log or ImportLog()
    if file_log is None:  # cut short before the first log write (or a new user folder): the warehouse knows
        return wh_log
    if wh_log.log_id == file_log.log_id and wh_log.generation > file_log.generation:
        return wh_log  # swapped in, log write cut short
    return file_log


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


# ---------------------------------------------------------------------------------------------- recovery

def recover(db_path: Path) -> ImportLog:
    """Finish an interrupted write and remove the debris of crashed ones. Call only while holding the lock."""
    db_path = Path(db_path)
    for p in db_path.parent.glob(db_path.name + ".*"):
        rest = p.name[len(db_path.name):]
        if any(rest.startswith(m) for m in _TEMP_MARKERS):
            p.unlink(missing_ok=True)
    log = current_log(db_path)
    on_disk = read_log_file()
    if on_disk is None or log.log_id != on_disk.log_id or log.generation > on_disk.generation:
        save_log(log)  # the warehouse was swapped in but the log write was cut short
    folder = settings.imports_dir()
    if not folder.exists():
        return log
    for e in log.imports:  # quarantine moves that had not happened yet
        if e.get("status") == "quarantined":
            moved = folder / e["stored_as"]
            left = folder / Path(e["stored_as"]).name
            if not moved.exists() and left.exists():
                moved.parent.mkdir(parents=True, exist_ok=True)
                os.replace(left, moved)
    named = {e["stored_as"] for e in log.imports}
    for p in folder.iterdir():  # stored files no entry names: a write killed before its swap, or an undo
        if p.is_file() and p.name != IMPORTS_LOG and p.name not in named:
            p.unlink(missing_ok=True)
    qdir = folder / QUARANTINE_DIR
    if qdir.exists():
        for p in qdir.iterdir():
            if p.is_file() and f"{QUARANTINE_DIR}/{p.name}" not in named:
                p.unlink(missing_ok=True)
    return log


def debris(db_path: Path | str) -> list[Path]:
    """Left-overs of interrupted writes (what ``recover`` removes); empty after any completed write."""
    db_path = Path(db_path)
    out = [p for p in db_path.parent.glob(db_path.name + ".*")
           if any(p.name[len(db_path.name):].startswith(m) for m in _TEMP_MARKERS)]
    folder = settings.imports_dir()
    if folder.exists():
        named = {e["stored_as"] for e in current_log(db_path).imports}
        out += [p for p in folder.iterdir() if p.is_file() and p.name != IMPORTS_LOG and p.name not in named]
    return sorted(out)
