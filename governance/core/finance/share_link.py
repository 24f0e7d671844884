"""A scenario carried outside the page: the ``?sc=`` share token (compact JSON, zlib, base64url) and scenario JSON
files (docs/scenario_format.md) — encode, and decode with every error naming its field (``InputError``)."""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Mapping
from typing import Any

from governance.core.finance import CountyContext, InputError, ScenarioInputs, scenario_from_dict, scenario_to_dict

SHARE_PARAM = "sc"  # the URL parameter (a public interface: links already shared use it)
SHARE_FORMAT = 1
_MAX_TOKEN_CHARS = 24_000
_MAX_JSON_BYTES = 256_000
_MAX_FILE_BYTES = 2_000_000


def encode_share(scenario: Mapping[str, Any], first_year: int | None = None) -> str:
    """A URL-safe token for ``?sc=``: compact JSON ``{"f": 1, "y": first_year, "s": scenario}``, zlib, base64url
    without padding."""
    payload = {"f": SHARE_FORMAT, "y": first_year, "s": scenario}
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def _share_error(zh: str, en: str) -> InputError:
    return InputError(SHARE_PARAM, zh, en)


def decode_share(token: str) -> tuple[dict[str, Any], int | None]:
    """(scenario dict, first year) of a share token; raises ``InputError`` (field ``sc``) when it is damaged.
    The scenario dict is validated with ``scenario_from_dict`` (errors name the field)."""
    token = (token or "").strip()
    if not token:
        raise _share_error("分享链接参数为空", "the share-link parameter is empty")
    if len(token) > _MAX_TOKEN_CHARS:
        raise _share_error("分享链接参数过长", "the share-link parameter is too long")
    try:
        compressed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        d = zlib.decompressobj()
        raw = d.decompress(compressed, _MAX_JSON_BYTES)
        if d.unconsumed_tail:  # a zip bomb stops here
            raise _share_error("分享链接内容过大", "the share-link content is too large")
        payload = json.loads(raw.decode("utf-8"))
    except InputError:
        raise
    except (binascii.Error, ValueError, zlib.error, UnicodeDecodeError, RecursionError):
        # RecursionError: a few hundred bytes of nested brackets ("[[[[…") exhaust the JSON parser's stack
        raise _share_error("分享链接已损坏（无法解码），请重新复制完整链接",
                           "the share link is damaged (cannot be decoded); copy the whole link again") from None
    if not isinstance(payload, dict) or payload.get("f") != SHARE_FORMAT or not isinstance(payload.get("s"), dict):
        raise _share_error("分享链接格式不受支持", "unsupported share-link format")
    year = payload.get("y")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200):
        raise _share_error(f"分享链接中的起始年无效：{year!r}", f"invalid first year in the share link: {year!r}")
    scenario = payload["s"]
    try:
        scenario_from_dict(scenario)  # raises InputError naming the field
    except RecursionError:
        raise _share_error("分享链接格式不受支持", "unsupported share-link format") from None
    return scenario, year


def parse_scenario_json(data: bytes | str) -> dict[str, Any]:
    """A scenario JSON file's dict, validated (``InputError`` naming the field; ``file`` for unreadable JSON)."""
    if isinstance(data, bytes):
        if len(data) > _MAX_FILE_BYTES:
            raise InputError("file", "文件过大（上限 2 MB）", "file too large (2 MB limit)")
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError("file", "文件不是 UTF-8 编码的 JSON", "the file is not UTF-8 JSON") from None
    try:
        obj = json.loads(data)
    except json.JSONDecodeError as exc:
        raise InputError("file", f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列 {exc.msg}",
                         f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except (RecursionError, ValueError):  # nesting deeper than the parser's stack; numbers too long to convert
        raise InputError("file", "JSON 嵌套过深或数值过长，无法读取", "the JSON is nested too deeply or has an oversized "
                         "number; it cannot be read") from None
    try:
        sf = scenario_from_dict(obj)
    except RecursionError:
        raise InputError("file", "文件结构不是情景格式", "the file is not in the scenario format") from None
    if sf.inputs is None:
        raise InputError("inputs", "文件缺少 inputs 部分（本页面需要完整情景）",
                         "the file has no inputs section (this page needs a full scenario)")
    return obj


def scenario_json_bytes(inputs: ScenarioInputs, county: CountyContext | None) -> bytes:
    """The scenario file (docs/scenario_format.md) of the current inputs and county context."""
    return json.dumps(scenario_to_dict(inputs, county), ensure_ascii=False, indent=2).encode("utf-8")


def file_slug(name: str) -> str:
    """A file name stem from a project name: letters, digits, '-' and '_' kept (Chinese included), ≤ 60 chars."""
    keep = "".join(ch if (ch.isalnum() or ch in "-_") else "_" for ch in (name or "scenario").strip())
    return (keep.strip("_") or "scenario")[:60]
