"""Scenario files and the CLI entry point, called in-process (no subprocess)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from governance.core.finance import (
    SCENARIO_FORMAT_DOC,
    CountyContext,
    FinancingShares,
    LegacyPPPInputs,
    ScenarioInputs,
    main_scenario,
    run_scenario_file,
    scenario_from_dict,
    scenario_to_dict,
)

ROOT = Path(__file__).resolve().parents[1]
LEGACY = {
    "construction_cost": 100000, "reasonable_profit_rate": 0.06, "discount_rate": 0.035, "subsidy_years": 10,
    "annual_opex": 5000, "annual_user_fees": 3000, "payment_mode": "viability_gap",
}


def _write(tmp_path: Path, data, name: str = "s.json") -> str:
    p = tmp_path / name
    p.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(p)


def _run(argv, capsys):
    code = main_scenario(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_legacy_only_file_exact_numbers(tmp_path, capsys):
    code, out, err = _run([_write(tmp_path, {"version": 1, "legacy_ppp": LEGACY})], capsys)
    assert code == 0 and err == ""
    d = json.loads(out)
    assert d["kind"] == "legacy_ppp"
    years = d["years"]
    assert [y["year"] for y in years] == list(range(1, 11))
    assert years[0] == {"year": 1, "scenario_year": 1, "operating_subsidy": 13271.0}
    assert years[4]["operating_subsidy"] == 14889.47484
    assert years[9]["operating_subsidy"] == 17252.346863
    # four decimals of 亿元 (domain.md §5a): 1.3271 / 1.4889 / 1.7252, total 15.17
    assert [round(years[i]["operating_subsidy"] / 10000, 4) for i in (0, 4, 9)] == [1.3271, 1.4889, 1.7252]
    s = d["summary"]
    assert s["total_operating_subsidy"] == 151705.114365
    assert round(s["total_operating_subsidy"] / 10000, 2) == 15.17
    assert s["government_pay_first_year"] == 16271.0
    assert s["viability_gap_first_year"] == 13271.0
    assert s["peak_year"] == 10


def test_legacy_government_pay_mode(tmp_path, capsys):
    code, out, _ = _run([_write(tmp_path, {"legacy_ppp": {**LEGACY, "payment_mode": "government_pay"}})], capsys)
    assert code == 0
    assert json.loads(out)["years"][0]["operating_subsidy"] == 16271.0


def test_example_files(capsys):
    code, out, err = _run([str(ROOT / "examples" / "scenario_legacy_ppp.json")], capsys)
    assert code == 0, err
    d = json.loads(out)
    assert d["years"][0]["operating_subsidy"] == 13271.0
    assert d["summary"]["first_year_share_with"] == 0.077726  # (8 + 1.3271)/120, domain.md §5a
    code, out, err = _run([str(ROOT / "examples" / "scenario_franchise.json"), "--strict"], capsys)
    assert code == 0, err
    d = json.loads(out)
    assert d["kind"] == "scenario" and len(d["years"]) == 30
    assert all(r["ok"] for r in d["rules"])
    assert d["summary"]["outlay_by_type"]["direct_investment"] == 2400.0
    assert 0.05 < d["summary"]["equity_irr"] < 0.10


def test_full_scenario_with_legacy_and_county(tmp_path, capsys):
    inp = ScenarioInputs(legacy_ppp=LegacyPPPInputs())
    county = CountyContext(code="320923", name="阜宁县", gpb_expenditure=[1200000], existing_obligations=[80000])
    code, out, _ = _run([_write(tmp_path, scenario_to_dict(inp, county)), "--compact"], capsys)
    assert code == 0 and out.count("\n") == 1
    d = json.loads(out)
    assert d["kind"] == "scenario+legacy_ppp"
    assert d["years"][0]["legacy_ppp_payment"] == 13271.0
    assert d["legacy_ppp"]["years"][0] == {"year": 1, "scenario_year": 1, "operating_subsidy": 13271.0,
                                           "obligation_share_without": 0.066667, "obligation_share_with": 0.077726}
    assert d["county"] == {"code": "320923", "name": "阜宁县"}
    assert {r["rule_id"] for r in d["rules"]} >= {"red_line_10pct", "special_bond_balance"}


@pytest.mark.parametrize("data, field", [
    ({"inputs": {"shares": {"budget": 0.5, "special_bond": 0.4}}}, "inputs.shares"),
    ({"inputs": {"shares": {"budget": 0.5}}}, "inputs.shares"),
    ({"inputs": {"special_bond": {"rate": -0.01}}}, "inputs.special_bond.rate"),
    ({"inputs": {"franchise": {"term": 45}}}, "inputs.franchise.term"),
    ({"inputs": {"total_investment": 0}}, "inputs.total_investment"),
    ({"inputs": {}, "county": {"code": "320923", "gpb_expenditure": []}}, "county.gpb_expenditure"),
    ({"inputs": {"totl_investment": 5}}, "inputs.totl_investment"),
    ({"inputs": {"horizon_years": "30"}}, "inputs.horizon_years"),
    ({"legacy_ppp": {**LEGACY, "payment_mode": "availability"}}, "legacy_ppp.payment_mode"),
    ({"legacy_ppp": {**LEGACY, "subsidy_years": 0}}, "legacy_ppp.subsidy_years"),
    ({"version": 2, "legacy_ppp": LEGACY}, "version"),
    ({"version": 1}, "inputs"),
    ({"legacy": LEGACY}, "legacy"),
])
def test_bad_files_exit_2_naming_the_field(tmp_path, capsys, data, field):
    code, out, err = _run([_write(tmp_path, data)], capsys)
    assert code == 2 and out == ""
    assert f"[{field}]" in err, err
    assert "error" in err


def test_unreadable_files_exit_2(tmp_path, capsys):
    code, _, err = _run([_write(tmp_path, "{not json")], capsys)
    assert code == 2 and "[file]" in err and "JSON" in err
    code, _, err = _run([str(tmp_path / "missing.json")], capsys)
    assert code == 2 and "[file]" in err
    code, _, err = _run([], capsys)
    assert code == 2
    code, _, err = _run(["--bogus-flag", "x.json"], capsys)
    assert code == 2


def test_strict_exit_1_when_an_error_rule_fails(tmp_path, capsys):
    data = scenario_to_dict(ScenarioInputs(user_fees=400, opex=300))  # special bond does not balance
    code, out, _ = _run(["scenario", _write(tmp_path, data), "--strict"], capsys)
    assert code == 1
    assert not next(r for r in json.loads(out)["rules"] if r["rule_id"] == "special_bond_balance")["ok"]
    code, _, _ = _run([_write(tmp_path, data)], capsys)
    assert code == 0


def test_run_scenario_file_returns_dict(tmp_path):
    d = run_scenario_file(_write(tmp_path, {"legacy_ppp": LEGACY}))
    assert d["version"] == 1 and d["summary"]["first_year_operating_subsidy"] == 13271.0


def test_round_trip_keeps_sections():
    inp = ScenarioInputs(shares=FinancingShares(budget=1.0, special_bond=0), legacy_ppp=LegacyPPPInputs())
    county = CountyContext(code="320923", gpb_expenditure=[600000.0], existing_obligations=[1.0])
    d = scenario_to_dict(inp, county)
    assert list(d) == ["version", "legacy_ppp", "inputs", "county"] and "legacy_ppp" not in d["inputs"]
    back = scenario_from_dict(json.loads(json.dumps(d)))
    assert back.inputs == inp and back.county == county and back.inputs.legacy_ppp is back.legacy_ppp
    assert scenario_from_dict({"county": {"gpb_expenditure": 5e5}, "inputs": {}}).county.gpb_expenditure == [5e5]
    # instruments left out of a shares object are 0; no shares object = default mix
    sh = scenario_from_dict({"inputs": {"shares": {"budget": 0.4, "franchise": 0.6}}}).inputs.shares
    assert (sh.budget, sh.special_bond, sh.subsidized_loan, sh.franchise, sh.abs) == (0.4, 0, 0, 0.6, 0)
    assert scenario_from_dict({"inputs": {}}).inputs.shares == FinancingShares()


def test_format_doc_names_every_key_and_rule(capsys):
    """docs/scenario_format.md is the one description (``--doc`` prints it): every input key of every section and
    every rule_id is in it."""
    import dataclasses

    from governance.core.finance import (
        RULE_IDS,
        ABSTerms,
        FranchiseTerms,
        SpecialBondTerms,
        SubsidizedLoanTerms,
    )
    doc = (ROOT / "docs" / "scenario_format.md").read_text(encoding="utf-8")
    for cls in (ScenarioInputs, FinancingShares, SpecialBondTerms, SubsidizedLoanTerms, FranchiseTerms, ABSTerms,
                LegacyPPPInputs, CountyContext):
        for f in dataclasses.fields(cls):
            assert f"`{f.name}`" in doc, (cls.__name__, f.name)
    for rule_id in RULE_IDS:
        assert f"`{rule_id}`" in doc, rule_id
    code, out, _ = _run(["--doc"], capsys)
    assert code == 0 and out == doc == SCENARIO_FORMAT_DOC


def test_files_written_before_issue_14_still_load(tmp_path, capsys):
    """The format is extended, never renamed: a franchise file without the new keys loads; its 35 % rule fails
    because the 民营企业 share is not stated, and says so."""
    data = json.loads((ROOT / "examples" / "scenario_franchise.json").read_text(encoding="utf-8"))
    for key in ("private_enterprise_equity_share", "government_equity_share", "supporting_investment"):
        data["inputs"]["franchise"].pop(key)
    code, out, _ = _run([_write(tmp_path, data)], capsys)
    assert code == 0
    d = json.loads(out)
    rule = next(r for r in d["rules"] if r["rule_id"] == "private_equity_min_35")
    assert not rule["ok"] and "未填写" in rule["message_zh"]
    assert d["verdict"]["status"] == "fail" and d["verdict"]["errors"] == ["private_equity_min_35"]


def test_examples_pass_every_error_rule(capsys):
    for name in ("scenario_franchise.json", "scenario_legacy_ppp.json"):
        code, out, err = _run([str(ROOT / "examples" / name), "--strict"], capsys)
        assert code == 0, (name, err)
        d = json.loads(out)
        assert not [r["rule_id"] for r in d["rules"] if r["severity"] == "error" and not r["ok"]], name
        assert d["verdict"]["ok"]
