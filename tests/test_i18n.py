"""The catalog is complete in both languages, and every literal key the code uses exists."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from governance import settings
from governance.core.regions import CITIES, counties
from governance.i18n import region_name, t, use_lang, value_label
from governance.i18n.catalog import CATALOG, VALUE_LABELS

ROOT = settings.ROOT


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_key_has_both_languages(key):
    entry = CATALOG[key]
    assert set(entry) >= {"zh", "en"}, key
    for lang in ("zh", "en"):
        assert isinstance(entry[lang], str) and entry[lang].strip(), (key, lang)
    assert _placeholders(entry["zh"]) == _placeholders(entry["en"]), key


def test_value_labels_non_empty():
    for zh, en in VALUE_LABELS.items():
        assert zh.strip() and isinstance(en, str) and en.strip(), zh


def _literal_t_keys(path: Path) -> list[str]:
    """Keys of every ``t("key", …)`` / ``i18n.t("key", …)`` call with a literal first argument (read from the syntax
    tree, so docstrings and comments don't count); f-strings and concatenations (``t("alerts.severity_" + s)``) are
    not checked here."""
    keys = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        first = node.args[0]
        if name == "t" and isinstance(first, ast.Constant) and isinstance(first.value, str):
            keys.append(first.value)
    return keys


def _used_keys() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    files = list((ROOT / "governance").rglob("*.py")) + list((ROOT / "pages").rglob("*.py")) + [ROOT / "app.py"]
    for path in files:
        for key in _literal_t_keys(path):
            used.setdefault(key, []).append(str(path.relative_to(ROOT)))
    return used


def test_scanner_finds_keys():
    used = _used_keys()
    assert "page.grid" in used and "warehouse.building" in used


def test_every_used_key_exists():
    missing = {k: v for k, v in _used_keys().items() if k not in CATALOG}
    assert not missing, f"keys used but missing from governance/i18n/catalog.py: {missing}"


def test_page_titles():
    expected = {
        "overview": ("领导驾驶舱", "Leadership overview"),
        "grid": ("网格覆盖", "Grid coverage"),
        "funds": ("资金配置", "Fund allocation"),
        "projects": ("项目监管", "Project monitoring"),
        "elderly": ("养老服务", "Elderly care"),
        "community": ("社区服务", "Community services"),
        "cases": ("创新案例库", "Innovation cases"),
        "scenarios": ("融资情景模拟", "Financing scenarios"),
        "data": ("数据与导入", "Data & import"),
    }
    for key, (zh, en) in expected.items():
        assert t(f"page.{key}", lang="zh") == zh
        assert t(f"page.{key}", lang="en") == en


def test_t_default_language_and_format():
    assert t("page.overview") == "领导驾驶舱"  # outside Streamlit: Chinese
    with use_lang("en"):
        assert t("page.overview") == "Leadership overview"
        assert t("data.fictional_banner", note="x") == "Fictional demo data: x"
    assert t("data.fictional_banner", note="x") == "虚构演示数据：x"
    assert t("no.such.key") == "no.such.key"
    assert t("data.fictional_banner") == CATALOG["data.fictional_banner"]["zh"]  # missing fmt: unformatted


@pytest.mark.parametrize("zh", [
    "养老服务", "智慧网格", "老旧小区改造", "垃圾分类", "社区公共设施", "党建阵地",
    "省级专项资金", "市县财政", "社会资本", "专项债", "贴息贷款", "ABS",
    "政府直投", "PPP-使用者付费", "存量PPP-可行性缺口补助", "BOT",
    "前期", "在建", "运营", "完工", "暂停", "低", "中", "高",
    "养老机构", "街道综合养老服务中心", "社区居家养老服务站", "助餐点",
    "公办公营", "公建民营", "民办", "综合网格", "专属网格", "居民自治委员会", "社区协商议事会",
    "网格治理", "居民自治", "资金创新", "数字治理", "街道", "镇", "乡", "社区", "村",
])
def test_value_label(zh):
    assert zh in VALUE_LABELS
    assert value_label(zh, lang="zh") == zh
    en = value_label(zh, lang="en")
    assert en == VALUE_LABELS[zh] and en.isascii()


def test_value_label_passthrough():
    assert value_label("某某街道幸福社区", lang="en") == "某某街道幸福社区"
    assert value_label(12.5, lang="en") == 12.5
    assert value_label(None, lang="en") is None


def test_region_name():
    assert region_name("320000") == "江苏省"
    assert region_name("320000", lang="en") == "Jiangsu"
    assert region_name("320500") == "苏州市"
    assert region_name("320500", lang="en") == "Suzhou"
    assert region_name("320102", lang="en") == "玄武区"  # counties keep Chinese names
    assert region_name("999999") == "999999"
    assert len({region_name(c.code, lang="en") for c in CITIES}) == 13
    assert all(region_name(c.code) == c.name for c in counties())
