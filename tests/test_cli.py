"""The command line: exit codes and messages (python -m governance …)."""

from __future__ import annotations

import shutil
import subprocess
import sys

from governance import settings
from governance.__main__ import main


def test_import_bad_file_exits_2_naming_file_row_column(warehouse_db, tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse_db, db)
    bad = tmp_path / "grids_fix.csv"
    bad.write_text("grid_id,community_id,county_code,grid_type,households,fulltime_workers,parttime_workers,party_branch\n"
                   "X1,nope,320102,综合网格,-3,1,1,是\n", encoding="utf-8")
    assert main(["import", str(bad), "--dataset", "grids", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "nothing was loaded" in err
    assert "grids_fix.csv, row 2, column households" in err
    assert "grids_fix.csv, row 2, column community_id: unknown communities.community_id (value: 'nope')" in err


def test_unknown_dataset_is_a_clear_error(warehouse_db, tmp_path, capsys):
    f = tmp_path / "x.csv"
    f.write_text("a\n1\n", encoding="utf-8")
    assert main(["import", str(f), "--dataset", "nonsense", "--db", str(warehouse_db)]) == 2
    assert "unknown dataset" in capsys.readouterr().err


def test_demo_writes_exports(tmp_path, capsys):
    assert main(["demo", "--scale", "0.02", "--out", str(tmp_path), "--end-month", "2026-10"]) == 0
    assert "wrote 13 exports" in capsys.readouterr().out
    assert (tmp_path / "grid_events_monthly.csv").exists() and (tmp_path / "budgets.xlsx").exists()


def test_scenario_command_runs_as_a_module():
    out = subprocess.run([sys.executable, "-m", "governance", "scenario", "examples/scenario_legacy_ppp.json"],
                         capture_output=True, text=True, cwd=settings.ROOT)
    assert out.returncode == 0, out.stderr
    assert '"operating_subsidy": 13271' in out.stdout.replace(".0,", ",")
