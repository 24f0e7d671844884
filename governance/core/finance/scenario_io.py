"""Scenario files: JSON <-> dataclasses, and the ``scenario`` CLI entry point.

``python -m governance scenario FILE.json`` (wired by the package's
``__main__``) calls :func:`main_scenario`.  Format: ``docs/scenario_format.md``
(``SCENARIO_FORMAT_DOC``, printed by ``--doc``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
import types
import typing
from dataclasses import asdict, dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any

from governance import settings

from .engine import run_scenario
from .errors import InputError
from .formulas import legacy_ppp_subsidy, normalize_payment_mode
from .inputs import (
    CountyContext,
    FinancingShares,
    LegacyPPPInputs,
    ScenarioInputs,
    validate_county,
    validate_inputs,
    validate_legacy,
)
from .rules import check_legacy_rules, check_rules, verdict

SCENARIO_FORMAT_VERSION = 1

# The format's description lives in one place, docs/scenario_format.md; `--doc` prints it.
SCENARIO_FORMAT_DOC = (settings.DOCS_DIR / "scenario_format.md").read_text(encoding="utf-8")

@dataclass
class ScenarioFile:
    """A parsed scenario file.  When both sections are present,
    ``inputs.legacy_ppp is legacy_ppp``."""

    inputs: ScenarioInputs | None = None
    county: CountyContext | None = None
    legacy_ppp: LegacyPPPInputs | None = None
    version: int = SCENARIO_FORMAT_VERSION


# --------------------------------------------------------------------------
# dataclass -> dict
# --------------------------------------------------------------------------
def scenario_to_dict(inputs: ScenarioInputs | ScenarioFile | None = None, county: CountyContext | None = None,
                     legacy_ppp: LegacyPPPInputs | None = None) -> dict[str, Any]:
    """Serialise to the file format (``version`` first).  ``inputs.legacy_ppp``
    is written as the top-level ``legacy_ppp`` section."""
    if isinstance(inputs, ScenarioFile):
        county = county or inputs.county
        legacy_ppp = legacy_ppp or inputs.legacy_ppp
        inputs = inputs.inputs
    out: dict[str, Any] = {"version": SCENARIO_FORMAT_VERSION}
    if inputs is not None and legacy_ppp is None:
        legacy_ppp = inputs.legacy_ppp
    if legacy_ppp is not None:
        out["legacy_ppp"] = asdict(legacy_ppp)
    if inputs is not None:
        d = asdict(inputs)
        d.pop("legacy_ppp", None)
        out["inputs"] = d
    if county is not None:
        out["county"] = asdict(county)
    return out


# --------------------------------------------------------------------------
# dict -> dataclass (strict)
# --------------------------------------------------------------------------
def _type_error(path: str, expected_zh: str, expected_en: str, value: Any) -> InputError:
    return InputError(path, f"应为{expected_zh}（当前为 {json.dumps(value, ensure_ascii=False)}）",
                      f"expected {expected_en} (got {json.dumps(value, ensure_ascii=False)})")


def _coerce(tp: Any, value: Any, path: str) -> Any:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        non_none = [a for a in args if a is not type(None)]
        if value is None and type(None) in args:
            return None
        return _coerce(non_none[0], value, path)
    if origin is list:
        if not isinstance(value, list):
            raise _type_error(path, "列表", "a list", value)
        return [_coerce(args[0], v, f"{path}[{i}]") for i, v in enumerate(value)]
    if is_dataclass(tp):
        return _build(tp, value, path)
    if tp is bool:
        if not isinstance(value, bool):
            raise _type_error(path, " true/false", "true/false", value)
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise _type_error(path, "数值", "a number", value)
        return float(value)
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or float(value) != int(value):
            raise _type_error(path, "整数", "an integer", value)
        return int(value)
    if tp is str:
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise _type_error(path, "字符串", "a string", value)
        return str(value)
    return value  # pragma: no cover


def _build(cls: type, data: Any, path: str, skip: tuple[str, ...] = ()) -> Any:
    if not isinstance(data, dict):
        raise _type_error(path, "对象", "an object", data)
    hints = typing.get_type_hints(cls)
    names = [f.name for f in fields(cls) if f.name not in skip]
    for key in data:
        if key not in names:
            raise InputError(f"{path}.{key}", f"未知字段“{key}”，可用字段：{', '.join(names)}",
                             f"unknown key '{key}'; known keys: {', '.join(names)}")
    kwargs: dict[str, Any] = {}
    if cls is FinancingShares:
        # a shares object lists the instruments used; the ones left out are 0
        kwargs = {name: 0.0 for name in names}
    for key, value in data.items():
        tp = hints[key]
        if cls is CountyContext and key in ("gpb_expenditure", "existing_obligations") and \
                isinstance(value, (int, float)) and not isinstance(value, bool):
            value = [value]  # one number = base value
        kwargs[key] = _coerce(tp, value, f"{path}.{key}")
    return cls(**kwargs)


def scenario_from_dict(data: dict[str, Any]) -> ScenarioFile:
    """Parse a scenario dict (strict: unknown keys and wrong types raise
    ``InputError`` naming the field).  Sections are validated here too."""
    if not isinstance(data, dict):
        raise _type_error("(root)", "JSON对象", "a JSON object", data)
    allowed = ("version", "legacy_ppp", "inputs", "county")
    for key in data:
        if key not in allowed:
            raise InputError(key, f"未知顶层字段“{key}”，可用：{', '.join(allowed)}",
                             f"unknown top-level key '{key}'; allowed: {', '.join(allowed)}")
    version = data.get("version", SCENARIO_FORMAT_VERSION)
    if version != SCENARIO_FORMAT_VERSION:
        raise InputError("version", f"不支持的文件版本 {version}，当前为 {SCENARIO_FORMAT_VERSION}",
                         f"unsupported file version {version}; this reader handles {SCENARIO_FORMAT_VERSION}")
    if "legacy_ppp" not in data and "inputs" not in data:
        raise InputError("inputs", "文件须包含 legacy_ppp 或 inputs", "the file needs a legacy_ppp or an inputs section")
    legacy = None
    if data.get("legacy_ppp") is not None:
        legacy = _build(LegacyPPPInputs, data["legacy_ppp"], "legacy_ppp")
        legacy.payment_mode = normalize_payment_mode_field(legacy.payment_mode)
        validate_legacy(legacy)
    inputs = None
    if data.get("inputs") is not None:
        inputs = _build(ScenarioInputs, data["inputs"], "inputs", skip=("legacy_ppp",))
        inputs.legacy_ppp = legacy
    county = None
    if data.get("county") is not None:
        county = _build(CountyContext, data["county"], "county")
        validate_county(county)
    if inputs is not None:
        with _inputs_field_prefix():
            validate_inputs(inputs, county)
    return ScenarioFile(inputs=inputs, county=county, legacy_ppp=legacy, version=int(version))


@contextlib.contextmanager
def _inputs_field_prefix():
    """Re-raise InputErrors about ScenarioInputs fields with the file path
    (``shares`` → ``inputs.shares``); county/legacy fields are already top-level."""
    try:
        yield
    except InputError as exc:
        if exc.field.startswith(("county", "legacy_ppp", "inputs.")):
            raise
        raise InputError(f"inputs.{exc.field}", exc.message_zh, exc.message_en) from None


def normalize_payment_mode_field(mode: str) -> str:
    try:
        return normalize_payment_mode(mode)
    except InputError as exc:
        raise InputError("legacy_ppp.payment_mode", exc.message_zh, exc.message_en) from None


# --------------------------------------------------------------------------
# running a file
# --------------------------------------------------------------------------
def _round(obj: Any, digits: int = 6) -> Any:
    if isinstance(obj, float):
        return round(obj, digits) if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _round(v, digits) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_round(v, digits) for v in obj]
    return obj


def legacy_result(legacy: LegacyPPPInputs, county: CountyContext | None = None) -> dict[str, Any]:
    """``{years, summary, rules}`` for a stand-alone 21号 stream (unrounded)."""
    validate_legacy(legacy)
    schedule = legacy.schedule()
    years = []
    for item in schedule:
        y = legacy.start_year + item["year"] - 1
        # "year" is the subsidy year n (as in the rules' messages); scenario_year is where it falls
        row = {"year": item["year"], "scenario_year": y, "operating_subsidy": item["operating_subsidy"]}
        if county is not None:
            gpb, existing = county.gpb(y), county.existing(y)
            row["obligation_share_without"] = existing / gpb
            row["obligation_share_with"] = (existing + item["operating_subsidy"]) / gpb
        years.append(row)
    values = [r["operating_subsidy"] for r in years]
    peak = max(values)
    common = (legacy.construction_cost, legacy.reasonable_profit_rate, legacy.discount_rate,
              legacy.subsidy_years, legacy.annual_opex, legacy.annual_user_fees)
    summary: dict[str, Any] = {
        "payment_mode": normalize_payment_mode(legacy.payment_mode),
        "subsidy_years": legacy.subsidy_years,
        "start_year": legacy.start_year,
        "total_operating_subsidy": sum(values),
        "first_year_operating_subsidy": values[0],
        "last_year_operating_subsidy": values[-1],
        "peak_operating_subsidy": peak,
        "peak_year": years[values.index(peak)]["year"],
        "government_pay_first_year": legacy_ppp_subsidy(*common, "government_pay", 1),
        "viability_gap_first_year": legacy_ppp_subsidy(*common, "viability_gap", 1),
    }
    if county is not None:
        w = max(years, key=lambda r: r["obligation_share_with"])
        summary.update({
            "county_code": county.code, "county_name": county.name,
            "first_year_share_with": years[0]["obligation_share_with"],
            "first_year_share_without": years[0]["obligation_share_without"],
            "max_share_with": w["obligation_share_with"], "max_share_with_year": w["year"],
        })
    checks = check_legacy_rules(legacy, county)
    return {"years": years, "summary": summary, "rules": [asdict(r) for r in checks],
            "verdict": asdict(verdict(checks, county.name if county else ""))}


def run_scenario_dict(data: dict[str, Any]) -> dict[str, Any]:
    """Compute a parsed-JSON scenario; returns the (rounded) output object."""
    sf = scenario_from_dict(data)
    out: dict[str, Any] = {"version": SCENARIO_FORMAT_VERSION}
    legacy_out = legacy_result(sf.legacy_ppp, sf.county) if sf.legacy_ppp is not None else None
    if sf.inputs is None:
        out["kind"] = "legacy_ppp"
        out.update(legacy_out)
    else:
        with _inputs_field_prefix():
            result = run_scenario(sf.inputs, sf.county)
        out["kind"] = "scenario+legacy_ppp" if legacy_out else "scenario"
        out["project_name"] = sf.inputs.project_name
        out["years"] = result.rows_as_dicts()
        out["summary"] = result.summary_dict()
        checks = check_rules(sf.inputs, result, sf.county)
        out["rules"] = [asdict(r) for r in checks]
        out["verdict"] = asdict(verdict(checks, sf.county.name if sf.county else ""))
        if legacy_out:
            out["legacy_ppp"] = legacy_out
    if sf.county is not None:
        out["county"] = {"code": sf.county.code, "name": sf.county.name}
    return _round(out)


def run_scenario_file(path: str | Path) -> dict[str, Any]:
    """Load a scenario JSON file and compute it (see ``SCENARIO_FORMAT_DOC``).
    Raises ``InputError`` (field ``file`` for unreadable/invalid JSON)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError("file", f"无法读取文件 {p}：{exc.strerror or exc}", f"cannot read {p}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InputError("file", f"文件 {p} 不是 UTF-8 编码", f"{p} is not UTF-8") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError("file", f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列 {exc.msg}",
                         f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    return run_scenario_dict(data)


def main_scenario(argv: list[str] | None = None) -> int:
    """CLI: ``python -m governance scenario FILE.json [--compact] [--strict]``.

    Prints the output JSON on stdout.  Returns 0 when computed, 1 with
    ``--strict`` when an error-severity rule fails, 2 on bad input (message on
    stderr naming the field).  ``--doc`` prints the file-format description.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["scenario"]:
        argv = argv[1:]
    parser = argparse.ArgumentParser(
        prog="python -m governance scenario",
        description="Run a financing scenario file (万元, fractions) and print JSON results.")
    parser.add_argument("file", nargs="?", help="scenario JSON file")
    parser.add_argument("--compact", action="store_true", help="one-line JSON")
    parser.add_argument("--strict", action="store_true", help="exit 1 when an error-severity rule fails")
    parser.add_argument("--doc", action="store_true", help="print the scenario file format and exit")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its message
        return int(exc.code or 0)
    if args.doc:
        sys.stdout.write(SCENARIO_FORMAT_DOC)
        return 0
    if not args.file:
        print("错误 error [file]: 需要场景文件路径 / a scenario file path is required", file=sys.stderr)
        return 2
    try:
        out = run_scenario_file(args.file)
    except InputError as exc:
        print(f"错误 error [{exc.field}]: {exc.message_zh} / {exc.message_en}", file=sys.stderr)
        return 2
    text = json.dumps(out, ensure_ascii=False, indent=None if args.compact else 2)
    sys.stdout.write(text + "\n")
    if args.strict:
        rules = list(out.get("rules", [])) + list(out.get("legacy_ppp", {}).get("rules", []))
        if any(not r["ok"] and r["severity"] == "error" for r in rules):
            return 1
    return 0

