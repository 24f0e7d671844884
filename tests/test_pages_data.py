"""AppTest: the data & import page shows what is loaded, the dictionary, and rejects a bad import cleanly."""

from __future__ import annotations


def test_data_page_shows_tables_and_dictionary(app):
    at = app("pages/data.py")
    assert not at.exception
    assert any(s.value == "数据字典" for s in at.subheader)
    frames = [df.value for df in at.dataframe]
    tables = frames[0]
    assert "grid_events_monthly" in set(tables.iloc[:, 0])
    dictionary = frames[1]  # the first table in the selector is `budgets`
    assert list(dictionary.iloc[:, 0]) == ["county_code", "year", "budget_kind", "gpb_revenue", "gpb_expenditure",
                                           "ppp_obligations"]
    assert "一般公共预算支出" in set(dictionary.iloc[:, 3])


def test_data_page_in_english(app):
    at = app("pages/data.py", lang="en")
    assert not at.exception
    assert any(s.value == "Data dictionary" for s in at.subheader)
