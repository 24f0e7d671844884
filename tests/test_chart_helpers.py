"""The pure chart helpers of governance/app/charts.py shared by the funds and projects views, and the pure parts of
those views (governance/app/views/funds.py, projects.py) on hand-made frames."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from governance.app import charts, maps
from governance.app.views import funds, projects
from governance.core.regions import counties


def test_one_colour_converter_for_decks_and_plotly():
    assert charts.hex_to_rgba("#c62828", 215) == [198, 40, 40, 215]
    assert charts.rgba_css("#c62828", 0.35) == "rgba(198,40,40,0.35)"
    assert maps.hex_to_rgba is charts.hex_to_rgba


def test_nice_step_gives_about_four_integer_ticks():
    assert [charts.nice_step(n) for n in (0, 1, 4, 8, 9, 20, 21, 57)] == [1, 1, 1, 2, 5, 5, 10, 15]


def test_hline_is_a_shape_plus_an_optional_label():
    fig = go.Figure()
    charts.hline(fig, 10.0, "#000000")
    charts.hline(fig, 5.0, "#111111", "5 %", side="outside")
    assert [s.y0 for s in fig.layout.shapes] == [10.0, 5.0]
    (ann,) = fig.layout.annotations
    assert (ann.text, ann.x, ann.xanchor) == ("5 %", 1.01, "left")


def test_strip_by_city_groups_counties_in_city_columns_sorted_by_value():
    # two counties of 苏州 (3205xx) and one of 南京 (3201xx): 南京 is column 0, 苏州 column 1
    codes, values = ["320508", "320102", "320506"], [3.0, 1.0, 2.0]
    fig = charts.strip_by_city(codes, values, ["#000"] * 3, ["a", "b", "c"], label_codes=["320508"],
                               names=["姑苏区", "玄武区", "吴中区"])
    x = list(fig.data[0].x)
    assert x[1] == 0.0  # alone in its city: centred
    assert x[2] < 1.0 < x[0]  # lower value left of the higher one, around column 1
    assert list(fig.data[0].text) == ["姑苏区", "", ""]
    assert list(fig.layout.xaxis.tickvals) == [0, 1]


def test_county_bars_switch_to_a_strip_above_the_threshold():
    few = pd.Series(["320508", "320506"])
    fig = charts.county_bars_or_strip(few, pd.Series([1.0, 2.0]), ["姑苏区", "吴中区"], ["#000"] * 2, ["a", "b"])
    assert fig.data[0].type == "bar" and list(fig.layout.xaxis.ticktext) == ["姑苏区", "吴中区"]
    many = pd.Series([c.code for c in counties()][:charts.STRIP_THRESHOLD + 1])
    fig = charts.county_bars_or_strip(many, pd.Series(range(len(many)), dtype=float), many, ["#000"] * len(many),
                                      ["h"] * len(many))
    assert fig.data[0].type == "scatter"


def test_rank_execution_judges_each_group_against_its_prorated_target():
    # target 90 % by December, 45 % at month 6; green from 45 (× 90/90), amber from 37.5 (75 × 6/12)
    frame = pd.DataFrame({"group_code": ["320102", "320104", "320105"], "group_name": ["玄武区", "秦淮区", "建邺区"],
                          "execution_pct": [50.0, 40.0, 20.0], "as_of_month": [6, 6, 6]})
    r = funds.rank_execution(frame, "county").set_index("group_code")
    assert r.loc["320102", "status"] == "green" and r.loc["320104", "status"] == "amber"
    assert r.loc["320105", "status"] == "red"
    assert r.loc["320102", "target_pct"] == pytest.approx(45.0)
    assert list(r["rank"]) == [3, 2, 1]  # worst first, rank 1 = best


def test_group_labels_translate_programmes_and_keep_county_names():
    assert funds.group_label("养老服务", None, "program") in ("养老服务", "Elderly care")
    assert funds.group_label("320102", "玄武区", "county") == "玄武区"


def test_red_line_table_flags_rows_near_or_over_the_line():
    cur = pd.DataFrame({"county_code": ["320102", "320104"], "red_line_status": ["over_10", "ok"],
                        "budget_kind": ["决算", "预测"]})
    rl = projects.red_line_table(cur)
    assert rl.iloc[0]["status_l"].startswith("⚠ ") and not rl.iloc[1]["status_l"].startswith("⚠")
