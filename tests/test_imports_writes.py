"""Writers never lose data: one writer at a time, all-or-nothing under SIGKILL, a log that agrees with the
warehouse, no debris after the next write; quarantine, build --no-imports and undo.

Every test works on its own copy of the test warehouse and its own user folder ($GOVERNANCE_USER_DIR), and runs
the real command line in subprocesses where processes matter (concurrency, kills).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from exports_corpus import write_csv

from governance import settings
from governance.__main__ import main
from governance.core.warehouse import build, connect, import_file, imports_state, list_imports, writes

HEAD = "区县代码,年度,口径,一般公共预算收入,一般公共预算支出,存量PPP财政支出责任"


@pytest.fixture()
def db(warehouse_db, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVERNANCE_USER_DIR", str(tmp_path / "user"))
    live = tmp_path / "live.duckdb"
    shutil.copyfile(warehouse_db, live)
    return live


def budget(path: Path, code: str, expenditure: float, year: int = 2026) -> Path:
    return write_csv(path, [HEAD, f"{code},{year},预算,1000,{expenditure},10"])


def value(db: Path, code: str, year: int = 2026) -> float:
    con = connect(db)
    try:
        return con.execute("SELECT gpb_expenditure FROM budgets WHERE county_code = ? AND year = ?",
                           [code, year]).fetchone()[0]
    finally:
        con.close()


def cli(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "governance", *args], cwd=settings.ROOT, env=dict(os.environ),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def no_debris(db: Path) -> None:
    assert writes.debris(db) == []
    assert not [p for p in db.parent.iterdir() if ".import-" in p.name or ".building-" in p.name]
    folder = settings.imports_dir()
    assert not [p for p in folder.iterdir() if p.name.startswith((".storing-", "imports.json.tmp-"))]


# ---------------------------------------------------------------------------------------------- one writer at a time

def test_two_concurrent_imports_of_different_rows_both_land(db, tmp_path):
    procs = [cli("import", str(budget(tmp_path / "a.csv", "320102", 111.5)), "--dataset", "budgets", "--db", str(db)),
             cli("import", str(budget(tmp_path / "b.csv", "320104", 222.5)), "--dataset", "budgets", "--db", str(db))]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    assert (value(db, "320102"), value(db, "320104")) == (111.5, 222.5)
    entries = list_imports(db)
    assert sorted(e["original_name"] for e in entries) == ["a.csv", "b.csv"]
    assert all((settings.imports_dir() / e["stored_as"]).is_file() for e in entries)
    no_debris(db)


def test_the_same_file_imported_twice_at_once_loses_nothing(db, tmp_path):
    f = budget(tmp_path / "预算.csv", "320102", 333.25)
    procs = [cli("import", str(f), "--dataset", "budgets", "--db", str(db)) for _ in range(2)]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    entries = list_imports(db)
    assert [e["original_name"] for e in entries] == ["预算.csv", "预算.csv"]
    assert len({e["stored_as"] for e in entries}) == 2  # same dataset, same second: still two stored files
    assert value(db, "320102") == 333.25
    build(scale=0.05, db_path=db)  # and a rebuild re-applies them
    assert value(db, "320102") == 333.25
    no_debris(db)


def test_imports_from_threads_of_one_server_both_land(db, tmp_path):
    files = [budget(tmp_path / "t1.csv", "320102", 1.5), budget(tmp_path / "t2.csv", "320104", 2.5)]
    errors = []

    def run(f):
        try:
            import_file(f, "budgets", db)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(f,)) for f in files]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert (value(db, "320102"), value(db, "320104")) == (1.5, 2.5)
    assert len(list_imports(db)) == 2


def test_a_writer_that_cannot_wait_stops_with_a_message_and_changes_nothing(db, tmp_path):
    before = db.read_bytes()
    with writes.writer(db, wait=0):  # another writer holds the warehouse
        p = cli("import", str(budget(tmp_path / "late.csv", "320102", 9.0)), "--dataset", "budgets", "--db", str(db),
                "--wait", "0.5")
        out, err = p.communicate(timeout=300)
    assert p.returncode == 3
    assert "another import or build is writing live.duckdb; waited 0.5 s. Nothing was changed" in err
    assert db.read_bytes() == before and list_imports(db) == []


# ---------------------------------------------------------------------------------------------- crashes

def test_sigkill_at_random_moments_of_imports_leaves_all_or_nothing(db, tmp_path):
    start = time.monotonic()
    p = cli("import", str(budget(tmp_path / "first.csv", "320102", 1000.0)), "--dataset", "budgets", "--db", str(db))
    assert p.wait(timeout=300) == 0
    duration = time.monotonic() - start  # one whole import, interpreter start included
    rng = random.Random(20261201)
    landed = 0
    for i in range(12):
        new = 2000.0 + i
        before = value(db, "320102")
        p = cli("import", str(budget(tmp_path / f"kill-{i}.csv", "320102", new)), "--dataset", "budgets",
                "--db", str(db))
        time.sleep(rng.uniform(0.3, 1.1) * duration)
        p.send_signal(signal.SIGKILL)
        p.communicate(timeout=60)
        after = value(db, "320102")
        assert after in (before, new)  # the old warehouse or the new one, never half
        names = [e["original_name"] for e in list_imports(db)]
        assert (f"kill-{i}.csv" in names) == (after == new)  # the log agrees with the warehouse
        landed += after == new
    p = cli("import", str(budget(tmp_path / "last.csv", "320104", 5.0)), "--dataset", "budgets", "--db", str(db))
    assert p.wait(timeout=300) == 0
    no_debris(db)  # the next write removed whatever the kills left
    assert [e["original_name"] for e in list_imports(db)][-1] == "last.csv"
    print(f"{landed} of 12 killed imports had landed")


def test_sigkill_during_builds_keeps_the_old_or_the_new_warehouse(db, tmp_path):
    import_file(budget(tmp_path / "kept.csv", "320102", 4321.0), "budgets", db)
    start = time.monotonic()
    assert cli("build", "--scale", "0.05", "--db", str(db)).wait(timeout=600) == 0
    duration = time.monotonic() - start
    rng = random.Random(7)
    for _ in range(3):
        p = cli("build", "--scale", "0.05", "--db", str(db))
        time.sleep(rng.uniform(0.2, 1.0) * duration)
        p.send_signal(signal.SIGKILL)
        p.communicate(timeout=60)
        assert value(db, "320102") == 4321.0  # either warehouse has the import
        assert [e["original_name"] for e in list_imports(db)] == ["kept.csv"]
    import_file(budget(tmp_path / "next.csv", "320104", 1.0), "budgets", db)
    no_debris(db)


def test_a_write_cut_between_swap_and_log_is_finished_by_the_next(db, tmp_path, monkeypatch):
    save_log = writes.save_log

    def killed(log):
        if any(e["original_name"] == "cut.csv" for e in log.imports):
            raise KeyboardInterrupt("killed after the swap")
        save_log(log)

    monkeypatch.setattr(writes, "save_log", killed)
    with pytest.raises(KeyboardInterrupt):
        import_file(budget(tmp_path / "cut.csv", "320102", 77.0), "budgets", db)
    monkeypatch.undo()
    monkeypatch.setenv("GOVERNANCE_USER_DIR", str(tmp_path / "user"))
    assert value(db, "320102") == 77.0
    on_disk = json.loads((settings.imports_dir() / writes.IMPORTS_LOG).read_text(encoding="utf-8"))
    assert on_disk["imports"] == []  # the log file never got the entry …
    assert [e["original_name"] for e in list_imports(db)] == ["cut.csv"]  # … but the log read back agrees
    import_file(budget(tmp_path / "next.csv", "320104", 1.0), "budgets", db)
    on_disk = json.loads((settings.imports_dir() / writes.IMPORTS_LOG).read_text(encoding="utf-8"))
    assert [e["original_name"] for e in on_disk["imports"]] == ["cut.csv", "next.csv"]
    assert all((settings.imports_dir() / e["stored_as"]).is_file() for e in on_disk["imports"])


def test_debris_of_crashed_writes_is_removed_by_the_next_write(db, tmp_path):
    import_file(budget(tmp_path / "a.csv", "320102", 1.0), "budgets", db)
    folder = settings.imports_dir()
    left = [db.with_name(db.name + ".import-999-deadbeef00"), db.with_name(db.name + ".building-999-deadbeef00.wal"),
            folder / "20260101-000000-budgets-dead00.csv", folder / ".storing-0123456789",
            folder / "imports.json.tmp-999-deadbeef"]
    for p in left:
        p.write_bytes(b"left over")
    assert set(writes.debris(db)) >= {left[0], left[1], left[2], left[3]}
    import_file(budget(tmp_path / "b.csv", "320104", 2.0), "budgets", db)
    assert not any(p.exists() for p in left)
    no_debris(db)


# ---------------------------------------------------------------------------------------------- recovery

def test_an_import_that_no_longer_validates_is_quarantined_by_the_rebuild(db, tmp_path, capsys):
    import_file(budget(tmp_path / "good.csv", "320104", 55.0), "budgets", db)
    import_file(budget(tmp_path / "becomes-bad.csv", "320102", 66.0), "budgets", db)
    bad = next(e for e in list_imports(db) if e["original_name"] == "becomes-bad.csv")
    write_csv(settings.imports_dir() / bad["stored_as"], [HEAD, "鼓楼区,2026,预算,1,2,3"])  # no longer readable
    assert main(["build", "--scale", "0.05", "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert f"QUARANTINED import {bad['id']} (becomes-bad.csv)" in err and "ambiguous county name" in err
    entries = {e["original_name"]: e for e in list_imports(db)}
    assert entries["becomes-bad.csv"]["status"] == "quarantined"
    assert "row 2, column county_code" in entries["becomes-bad.csv"]["reason"]
    assert "区县名称有歧义" in entries["becomes-bad.csv"]["reason_zh"]
    assert (settings.imports_dir() / writes.QUARANTINE_DIR / bad["stored_as"]).is_file()
    assert not (settings.imports_dir() / bad["stored_as"]).exists()
    assert value(db, "320104") == 55.0 and value(db, "320102") != 66.0  # built without it
    no_debris(db)


def test_a_stored_import_that_went_missing_is_quarantined(db, tmp_path):
    import_file(budget(tmp_path / "gone.csv", "320102", 66.0), "budgets", db)
    [entry] = list_imports(db)
    (settings.imports_dir() / entry["stored_as"]).unlink()
    report = build(scale=0.05, db_path=db)
    assert [e["original_name"] for e in report.quarantined] == ["gone.csv"]
    assert "stored copy of this import is missing" in list_imports(db)[0]["reason"]


def test_build_without_imports_keeps_them_for_the_next_build(db, tmp_path, capsys):
    import_file(budget(tmp_path / "kept.csv", "320102", 88.0), "budgets", db)
    assert main(["build", "--scale", "0.05", "--db", str(db), "--no-imports"]) == 0
    assert "left out (--no-imports)" in capsys.readouterr().out
    assert value(db, "320102") != 88.0
    entries, state = imports_state(db)
    assert [e["status"] for e in entries] == ["active"] and state["applied"] == [] and not state["include_imports"]
    assert main(["build", "--scale", "0.05", "--db", str(db)]) == 0
    assert value(db, "320102") == 88.0


def test_undo_rebuilds_without_the_import_and_forgets_it(db, tmp_path, capsys):
    demo_value = value(db, "320102")
    import_file(budget(tmp_path / "a.csv", "320102", 111.0), "budgets", db)
    import_file(budget(tmp_path / "b.csv", "320104", 222.0), "budgets", db)
    a = next(e for e in list_imports(db) if e["original_name"] == "a.csv")
    assert main(["imports", "list", "--db", str(db)]) == 0
    listed = capsys.readouterr().out
    assert a["id"] in listed and "a.csv" in listed and "b.csv" in listed
    assert main(["imports", "undo", a["id"], "--db", str(db)]) == 0
    assert (value(db, "320102"), value(db, "320104")) == (demo_value, 222.0)
    assert [e["original_name"] for e in list_imports(db)] == ["b.csv"]
    assert not (settings.imports_dir() / a["stored_as"]).exists()
    assert main(["imports", "undo", "no-such-id", "--db", str(db)]) == 2
    assert "no import with id 'no-such-id'" in capsys.readouterr().err
    no_debris(db)


def test_the_first_log_format_is_still_read(db, tmp_path):
    folder = settings.imports_dir()
    folder.mkdir(parents=True)
    (folder / "old.csv").write_text(f"{HEAD}\n320102,2026,预算,1,99,1\n", encoding="utf-8")
    (folder / writes.IMPORTS_LOG).write_text(json.dumps([{"dataset": "budgets", "original_name": "old.csv",
                                                          "stored_as": "old.csv", "rows": 1, "id": "old-1",
                                                          "imported_at": "2026-11-01T10:00:00"}]), encoding="utf-8")
    build(scale=0.05, db_path=db)
    assert value(db, "320102") == 99.0
    assert [e["status"] for e in list_imports(db)] == ["active"]
