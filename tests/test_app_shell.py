"""AppTest smoke tests of the shell: every page runs without an exception — with no warehouse, with an empty
warehouse file and with the small built one — and the URL drives the global filters."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from governance.app.shell import PAGES
from governance.i18n.catalog import CATALOG


def _titles(at) -> list[str]:
    return [el.value for el in at.title]


def _run_all_pages(at, lang: str = "zh") -> None:
    for page in PAGES:
        at.switch_page(page.path).run()
        assert not at.exception, (page.path, at.exception)
        assert CATALOG[f"page.{page.key}"][lang] in _titles(at), (page.path, _titles(at))


@pytest.fixture
def no_warehouse(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVERNANCE_DB", str(tmp_path / "missing.duckdb"))
    monkeypatch.setenv("GOVERNANCE_AUTOBUILD", "0")
    return tmp_path / "missing.duckdb"


def test_pages_without_warehouse(app, no_warehouse):
    at = app()
    _run_all_pages(at)
    assert not no_warehouse.exists()
    # the empty state is explained, not an error
    assert any(CATALOG["warehouse.build_disabled"]["zh"][:8] in i.value for i in at.info)


def test_pages_with_empty_warehouse_file(app, tmp_path, monkeypatch):
    db = tmp_path / "empty.duckdb"
    duckdb.connect(str(db)).close()  # exists, no tables
    monkeypatch.setenv("GOVERNANCE_DB", str(db))
    monkeypatch.setenv("GOVERNANCE_AUTOBUILD", "0")
    _run_all_pages(app())


def test_url_sets_filters_and_widgets_update_url(app, no_warehouse):
    at = app(region="320505")
    assert at.selectbox(key="flt_city").value == "320500"
    assert at.selectbox(key="flt_county").value == "320505"
    assert at.query_params["region"] == ["320505"] or at.query_params["region"] == "320505"

    at.selectbox(key="flt_city").set_value("320100").run()
    assert not at.exception
    assert at.selectbox(key="flt_city").value == "320100"
    assert at.selectbox(key="flt_county").value == ""  # county reset to 全市

    at.selectbox(key="flt_county").set_value("320102").run()
    assert at.selectbox(key="flt_county").value == "320102"

    at.switch_page("pages/grid.py").run()  # filters survive a page switch
    assert not at.exception
    assert at.selectbox(key="flt_county").value == "320102"


def test_invalid_region_falls_back_to_province(app, no_warehouse):
    at = app(region="999999")
    assert at.selectbox(key="flt_city").value == "320000"


def test_english(app, no_warehouse):
    at = app(lang="en")
    _run_all_pages(at, lang="en")
    at.radio(key="flt_lang").set_value("zh").run()
    assert CATALOG["page.data"]["zh"] in _titles(at)


def test_with_built_warehouse(app):
    at = app()
    _run_all_pages(at)
    start = at.selectbox(key="flt_start").value
    end = at.selectbox(key="flt_end").value
    s, e = dt.date.fromisoformat(start + "-01"), dt.date.fromisoformat(end + "-01")
    assert (e.year - s.year) * 12 + e.month - s.month == 11  # default: the latest 12 months
    assert any("虚构演示数据" in m.value for m in at.markdown)

    at.selectbox(key="flt_start").set_value(end).run()  # start == end is allowed
    assert at.selectbox(key="flt_start").value == end
