"""Saved financing scenarios (governance/core/finance/store.py): save → load gives the identical dict, list, compare,
delete, invalid scenarios are never saved (nothing half-written), the user DB is not the warehouse and survives a
warehouse rebuild."""

from __future__ import annotations

import copy
import json
import threading
from pathlib import Path

import duckdb
import pytest

from governance import settings
from governance.core.finance import (
    CountyContext,
    FinancingShares,
    InputError,
    ScenarioInputs,
    scenario_to_dict,
    store,
)

COUNTY = CountyContext("320804", "淮阴区", [564832.8, 580000.0, 600000.0], 0.03, [50000.0, 52000.0, 55000.0])


def _franchise() -> dict:
    inp = ScenarioInputs(project_name="方案B 特许经营", total_investment=12712.0, user_fees=1144.0, opex=381.4)
    inp.shares = FinancingShares(budget=0.3, special_bond=0.0, franchise=0.7)
    inp.franchise.term = 16
    inp.franchise.debt_tenor = 15
    return scenario_to_dict(inp, COUNTY)


def _bond() -> dict:
    inp = ScenarioInputs(project_name="方案A 专项债", total_investment=12712.0)
    return scenario_to_dict(inp, COUNTY)


@pytest.fixture()
def db(tmp_path) -> Path:
    return tmp_path / "user" / "user.duckdb"


def test_save_then_load_identical_dict(db):
    scenario = _franchise()
    original = copy.deepcopy(scenario)
    saved = store.save("方案B", scenario, first_year=2026, db_path=db)
    assert saved.scenario_id > 0 and saved.county_code == "320804" and saved.county_name == "淮阴区"
    loaded = store.load(saved.scenario_id, db_path=db)
    assert loaded.scenario == original  # identical, key for key, float for float
    assert json.dumps(loaded.scenario, sort_keys=True) == json.dumps(original, sort_keys=True)
    assert (loaded.name, loaded.first_year) == ("方案B", 2026)
    assert store.load_by_name("方案B", db_path=db).scenario_id == saved.scenario_id
    assert scenario == original  # the caller's dict is not modified


def test_list_newest_first_and_duplicate_names(db):
    a = store.save("A", _bond(), db_path=db)
    b = store.save("B", _franchise(), db_path=db)
    names = [s.name for s in store.list_scenarios(db_path=db)]
    assert names == ["B", "A"]
    with pytest.raises(store.StoreError) as err:
        store.save("A", _franchise(), db_path=db)
    assert err.value.code == "duplicate" and "A" in err.value.message_zh
    assert store.load(a.scenario_id, db_path=db).scenario == _bond()  # untouched by the refused save
    replaced = store.save("A", _franchise(), replace=True, db_path=db)
    assert store.load(replaced.scenario_id, db_path=db).scenario == _franchise()
    assert len(store.list_scenarios(db_path=db)) == 2
    with pytest.raises(store.StoreError):
        store.load(a.scenario_id, db_path=db)  # the replaced row is gone
    assert b.scenario_id != replaced.scenario_id


@pytest.mark.parametrize("name", ["", "   ", "x" * (store.NAME_MAX + 1)])
def test_bad_names_refused(db, name):
    with pytest.raises(store.StoreError) as err:
        store.save(name, _bond(), db_path=db)
    assert err.value.code == "name"
    assert store.list_scenarios(db_path=db) == []


@pytest.mark.parametrize("mutate, field", [
    (lambda d: d["inputs"]["shares"].update(budget=0.1), "inputs.shares"),            # total 90 %
    (lambda d: d["inputs"]["special_bond"].update(rate=-0.01), "inputs.special_bond.rate"),
    (lambda d: d["inputs"]["franchise"].update(term=45), "inputs.franchise.term"),
    (lambda d: d["inputs"].update(total_investment=0), "inputs.total_investment"),
    (lambda d: d["county"].update(gpb_expenditure=[]), "county.gpb_expenditure"),      # no budget rows
    (lambda d: d["inputs"].update(typo_key=1), "inputs.typo_key"),
])
def test_invalid_scenario_never_saved(db, mutate, field):
    store.save("good", _bond(), db_path=db)
    bad = _bond()
    mutate(bad)
    with pytest.raises(InputError) as err:
        store.save("bad", bad, db_path=db)
    assert err.value.field == field
    assert [s.name for s in store.list_scenarios(db_path=db)] == ["good"]


def test_failure_inside_transaction_rolls_back(db, monkeypatch):
    """Overwriting deletes the old row then inserts the new one in one transaction: when the insert fails the
    delete is rolled back too — all or nothing."""
    keep = store.save("keep", _bond(), db_path=db)
    monkeypatch.setattr(store, "_now_utc", lambda: "not a timestamp")  # the INSERT fails after the DELETE
    with pytest.raises(duckdb.Error):
        store.save("keep", _franchise(), replace=True, db_path=db)
    monkeypatch.undo()
    rows = store.list_scenarios(db_path=db)
    assert [(s.scenario_id, s.name) for s in rows] == [(keep.scenario_id, "keep")]
    assert store.load(keep.scenario_id, db_path=db).scenario == _bond()


def test_delete(db):
    a = store.save("A", _bond(), db_path=db)
    b = store.save("B", _franchise(), db_path=db)
    assert store.delete(a.scenario_id, db_path=db) is True
    assert store.delete(a.scenario_id, db_path=db) is False
    assert [s.scenario_id for s in store.list_scenarios(db_path=db)] == [b.scenario_id]
    with pytest.raises(store.StoreError) as err:
        store.load(a.scenario_id, db_path=db)
    assert err.value.code == "not_found"


def test_compare_up_to_three(db):
    ids = [store.save(n, d, db_path=db).scenario_id for n, d in (("A", _bond()), ("B", _franchise()))]
    third = _franchise()
    third["inputs"]["franchise"]["operating_subsidy"] = 20000.0  # over the red line and the subsidy rule
    ids.append(store.save("C", third, db_path=db).scenario_id)
    out = store.compare(ids, db_path=db)
    assert [c.saved.name for c in out] == ["A", "B", "C"]
    assert all(c.result is not None and c.error is None for c in out)
    a, b, c = out
    # A (special bond) adds no PPP obligation; C's subsidy pushes the county over 10 %
    assert a.result.summary.total_ppp_obligations == 0
    assert b.result.summary.equity_irr is not None
    red = {x.rule_id: x for x in c.checks}["red_line_10pct"]
    assert not red.ok and c.result.summary.max_share_with > 0.10
    assert {x.rule_id: x for x in b.checks}["red_line_10pct"].ok
    with pytest.raises(store.StoreError) as err:
        store.compare(ids + [ids[0] + 1000], db_path=db)
    assert err.value.code == "too_many"


def test_user_db_is_not_the_warehouse(warehouse_db, monkeypatch):
    """The default location is the user folder (tests: a temp folder), never the warehouse file; pointing the
    store at the warehouse is refused."""
    assert store.user_db_path() == settings.user_db()
    assert store.user_db_path().resolve() != Path(warehouse_db).resolve()
    assert store.user_db_path().parent == settings.user_dir()
    with pytest.raises(store.StoreError) as err:
        store.save("x", _bond(), db_path=warehouse_db)
    assert err.value.code == "warehouse"
    con = duckdb.connect(str(warehouse_db), read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    finally:
        con.close()
    assert store.TABLE not in tables


def test_survives_warehouse_rebuild(tmp_path, monkeypatch):
    """Rebuilding the warehouse replaces its file; scenarios live in another file and are still there."""
    wh = tmp_path / "wh" / "governance.duckdb"
    wh.parent.mkdir()
    monkeypatch.setenv("GOVERNANCE_DB", str(wh))
    user = tmp_path / "user" / "user.duckdb"
    duckdb.connect(str(wh)).close()
    saved = store.save("keep me", _franchise(), db_path=user)
    wh.unlink()  # the build swaps in a new file
    con = duckdb.connect(str(wh))
    con.execute("CREATE TABLE budgets (county_code VARCHAR)")
    con.close()
    assert store.load(saved.scenario_id, db_path=user).scenario == _franchise()
    assert [s.name for s in store.list_scenarios(db_path=user)] == ["keep me"]


def test_default_path_follows_user_dir(tmp_path, monkeypatch):
    """With no db_path the store uses governance.settings.user_db() (tests set $GOVERNANCE_USER_DIR to a temp folder)."""
    monkeypatch.setenv("GOVERNANCE_USER_DIR", str(tmp_path / "u"))
    saved = store.save("default", _bond())
    assert (tmp_path / "u" / "user.duckdb").exists()
    assert store.load(saved.scenario_id).scenario == _bond()


def test_concurrent_saves(db):
    """Several sessions saving at once: every save lands (one connection at a time, no 'busy' errors)."""
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            store.save(f"s{i}", _franchise() if i % 2 else _bond(), db_path=db)
            store.list_scenarios(db_path=db)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert sorted(s.name for s in store.list_scenarios(db_path=db)) == sorted(f"s{i}" for i in range(8))
