"""Unit tests of the pure helpers in governance/app/money_charts.py (shared by the funds and projects pages)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from governance.app import money_charts as mc


def test_rgba_keeps_the_colour_and_sets_alpha():
    assert mc.rgba("#c62828", 0.35) == "rgba(198,40,40,0.35)"


def test_nice_step_gives_about_four_integer_ticks():
    assert [mc.nice_step(n) for n in (0, 1, 4, 8, 9, 20, 21, 57)] == [1, 1, 1, 2, 5, 5, 10, 15]


def test_hline_is_a_shape_plus_an_optional_label():
    fig = go.Figure()
    mc.hline(fig, 10.0, "#000000")
    mc.hline(fig, 5.0, "#111111", "5 %", side="outside")
    assert [s.y0 for s in fig.layout.shapes] == [10.0, 5.0]
    (ann,) = fig.layout.annotations
    assert (ann.text, ann.x, ann.xanchor) == ("5 %", 1.01, "left")


def test_strip_by_city_groups_counties_in_city_columns_sorted_by_value():
    # two counties of 苏州 (3205xx) and one of 南京 (3201xx): 南京 is column 0, 苏州 column 1
    codes, values = ["320508", "320102", "320506"], [3.0, 1.0, 2.0]
    fig = mc.strip_by_city(codes, values, ["#000"] * 3, ["a", "b", "c"], label_codes=["320508"],
                           names=["姑苏区", "玄武区", "吴中区"])
    x = list(fig.data[0].x)
    assert x[1] == 0.0  # alone in its city: centred
    assert x[2] < 1.0 < x[0]  # lower value left of the higher one, around column 1
    assert list(fig.data[0].text) == ["姑苏区", "", ""]
    assert list(fig.layout.xaxis.tickvals) == [0, 1]


def test_county_bars_switch_to_a_strip_above_the_threshold():
    few = pd.Series(["320508", "320506"])
    fig = mc.county_bars_or_strip(few, pd.Series([1.0, 2.0]), ["姑苏区", "吴中区"], ["#000"] * 2, ["a", "b"])
    assert fig.data[0].type == "bar" and list(fig.layout.xaxis.ticktext) == ["姑苏区", "吴中区"]
