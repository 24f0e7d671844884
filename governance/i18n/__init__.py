"""Language handling: ``t(key)`` for interface strings, ``value_label`` for Chinese data values, ``region_name``.

The current language is, in order: a value forced with ``use_lang`` (tests, exports, the CLI), the provider the
app registers with ``set_lang_provider`` (``governance.app.shell``: the Streamlit session, set by ``page_setup`` from
the URL parameter ``lang``, else the URL parameter itself), else Chinese. Outside a Streamlit run (CLI, core, unit
tests) it is Chinese unless forced. This package never imports Streamlit.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

from governance.core.regions import (
    CITY_BY_CODE,
    PROVINCE_CODE,
    PROVINCE_NAME,
    county_by_code,
)
from governance.i18n.catalog import CATALOG, VALUE_LABELS

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
SESSION_KEY = "_lang"

_log = logging.getLogger(__name__)
_forced: ContextVar[str | None] = ContextVar("governance_lang", default=None)
_provider: Callable[[], str | None] | None = None


def normalise_lang(value: object) -> str:
    """'en', 'EN', 'en-GB', 'english' -> 'en'; anything else -> 'zh'."""
    return "en" if isinstance(value, str) and value.strip().lower().startswith("en") else DEFAULT_LANG


def set_lang_provider(provider: Callable[[], str | None] | None) -> None:
    """Where the language comes from when none is forced: the app registers a function that reads the Streamlit
    session and URL (``governance.app.shell``); without one (CLI, core, unit tests) it is Chinese. Keeps this
    package free of Streamlit."""
    global _provider
    _provider = provider


def _provided_lang() -> str | None:
    if _provider is None:
        return None
    lang = _provider()
    return normalise_lang(lang) if lang is not None else None


def current_lang() -> str:
    """'zh' or 'en'."""
    forced = _forced.get()
    if forced is not None:
        return forced
    return _provided_lang() or DEFAULT_LANG


@contextmanager
def use_lang(lang: str):
    """``with use_lang("en"): ...`` — temporarily force a language."""
    token = _forced.set(normalise_lang(lang))
    try:
        yield
    finally:
        _forced.reset(token)


def t(key: str, lang: str | None = None, **fmt: object) -> str:
    """The catalog string ``key`` in the current (or given) language, formatted with ``fmt``.

    A missing key returns the key itself (visible, never a crash) and logs a warning; tests/test_i18n.py makes
    sure no literal key used in the code is missing.
    """
    entry = CATALOG.get(key)
    if entry is None:
        _log.warning("i18n: missing catalog key %r", key)
        return key
    text = entry.get(normalise_lang(lang) if lang else current_lang()) or entry.get(DEFAULT_LANG) or key
    if fmt:
        try:
            return text.format(**fmt)
        except (KeyError, IndexError, ValueError):
            _log.warning("i18n: bad format arguments for %r: %r", key, sorted(fmt))
    return text


def value_label(text: object, lang: str | None = None) -> object:
    """A data value stored in Chinese (程序名称, 状态, 风险等级…) in the current language.

    Chinese: unchanged. English: the catalog's label, or the value unchanged when it has none (names of
    places, projects and people stay Chinese). Non-strings (numbers, None, NaN) are returned as they are.
    """
    if not isinstance(text, str):
        return text
    if (normalise_lang(lang) if lang else current_lang()) != "en":
        return text
    return VALUE_LABELS.get(text.strip(), text)


def value_labels(values, lang: str | None = None):
    """``value_label`` over a pandas Series / Index (returns the same type) or any iterable (returns a list)."""
    if hasattr(values, "map"):
        return values.map(lambda v: value_label(v, lang))
    return [value_label(v, lang) for v in values]


def region_name(code: object, lang: str | None = None) -> str:
    """Name of a region by GB/T 2260 code: Chinese; in English the province and cities get English names and
    counties keep their Chinese names. Unknown codes come back as given."""
    en = (normalise_lang(lang) if lang else current_lang()) == "en"
    if code is None or (isinstance(code, float) and math.isnan(code)):
        return ""
    code = str(code).strip()
    if code in ("", PROVINCE_CODE):
        return "Jiangsu" if en else PROVINCE_NAME
    city = CITY_BY_CODE.get(code)
    if city is not None:
        return city.name_en if en else city.name
    county = county_by_code().get(code)
    if county is not None:
        return county.name
    return code

