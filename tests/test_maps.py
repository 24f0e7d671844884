"""governance/app/maps.py: the colour scale, the legend and the deck JSON (features per level, local blank style, no
external map provider anywhere)."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from governance.app import maps
from governance.core.regions import CITIES, counties

SUZHOU = "320500"
SUZHOU_COUNTIES = sorted(c.code for c in counties() if c.city_code == SUZHOU)


def _fmt(v) -> str:
    return "—" if v is None else f"{v:.1f}%"


def _values(codes, start=90.0, step=0.5) -> pd.DataFrame:
    return pd.DataFrame({"code": list(codes), "value": [start + i * step for i in range(len(codes))]})


def _spec(deck) -> dict:
    return json.loads(deck.to_json())


def _layer(spec: dict, layer_id: str) -> dict:
    return next(layer for layer in spec["layers"] if layer["id"] == layer_id)


# ------------------------------------------------------------------------------------------------ colour scale
def test_class_breaks_are_quintiles():
    assert maps.class_breaks(range(1, 11)) == [2.8, 4.6, 6.4, 8.2]


def test_class_breaks_edge_cases():
    assert maps.class_breaks([]) == []
    assert maps.class_breaks([5, 5, 5]) == []  # one distinct value: one class
    assert maps.class_breaks([1, None, float("nan"), 3]) == [1.4, 1.8, 2.2, 2.6]  # missing values ignored
    assert maps.class_breaks([1, 2]) == [1.2, 1.4, 1.6, 1.8]
    # many equal values: duplicate limits collapse, no limit at the maximum
    assert maps.class_breaks([1, 1, 1, 1, 1, 1, 1, 1, 2, 3]) == [1.0, 1.2]  # q0.8 = 1 + 0.2 × (2 − 1)


def test_color_scale_direction():
    breaks, colors = maps.color_scale(range(1, 11), higher_is_better=True)
    assert breaks == [2.8, 4.6, 6.4, 8.2]
    assert colors == list(maps.PALETTE_WORSE_TO_BETTER)
    assert colors[0] == "#c62828" and colors[-1] == "#1f4e9c"  # low = red when higher is better
    _, rev = maps.color_scale(range(1, 11), higher_is_better=False)
    assert rev == colors[::-1]  # low = blue when lower is better


def test_class_colors_fewer_classes_keep_both_ends():
    assert maps.class_colors(2) == ["#c62828", "#1f4e9c"]
    assert maps.class_colors(3) == ["#c62828", "#f4cf7a", "#1f4e9c"]
    assert maps.class_colors(1) == ["#f4cf7a"]
    breaks, colors = maps.color_scale([1, 1, 1, 1, 1, 1, 1, 1, 2, 3])
    assert len(colors) == len(breaks) + 1 == 3


def test_class_index_and_value_color():
    breaks = [2.8, 4.6, 6.4, 8.2]
    assert [maps.class_index(v, breaks) for v in (1, 2.8, 2.81, 4.6, 6.5, 8.2, 8.21, 100)] == [0, 0, 1, 1, 3, 3, 4, 4]
    assert maps.class_index(None, breaks) is None
    assert maps.class_index(float("nan"), breaks) is None
    colors = list(maps.PALETTE_WORSE_TO_BETTER)
    assert maps.value_color(1, breaks, colors) == [198, 40, 40, 215]
    assert maps.value_color(9, breaks, colors, alpha=255) == [31, 78, 156, 255]
    assert maps.value_color(None, breaks, colors) == maps.hex_to_rgba(maps.NO_DATA_COLOR, 215)


def test_legend_labels_and_html():
    breaks = [2.8, 4.6, 6.4, 8.2]
    assert maps.legend_labels(breaks, _fmt) == ["≤ 2.8%", "2.8% – 4.6%", "4.6% – 6.4%", "6.4% – 8.2%", "> 8.2%"]
    assert maps.legend_labels([], _fmt) == ["—"]
    _, colors = maps.color_scale(range(1, 11))
    out = maps.legend_html(breaks, colors, _fmt, title="网格覆盖率 <b>", no_data_label="无数据", note="目标 ≥100.0%")
    for color in colors + [maps.NO_DATA_COLOR]:
        assert color in out
    for label in ("≤ 2.8%", "6.4% – 8.2%", "&gt; 8.2%", "无数据", "目标 ≥100.0%"):
        assert label in out
    assert "网格覆盖率 &lt;b&gt;" in out  # escaped


# ------------------------------------------------------------------------------------------------ deck JSON
def test_province_county_map_has_95_features():
    codes = [c.code for c in counties()]
    deck = maps.choropleth_deck(_values(codes, 50, 0.5), "county", codes, "网格覆盖率", _fmt, True)
    spec = _spec(deck)
    feats = _layer(spec, maps.REGION_LAYER)["data"]["features"]
    assert len(feats) == 95
    assert {f["properties"]["code"] for f in feats} == set(codes)
    assert not any(layer["@@type"] == "TextLayer" for layer in spec["layers"])  # no labels for 95 regions


def test_city_map_has_13_features_with_properties_and_colours():
    codes = [c.code for c in CITIES]
    values = _values(codes, 90.0, 0.5)
    values["label"] = [c.name for c in CITIES]
    values.loc[values["code"] == "320300", "value"] = math.nan  # 徐州: no data
    deck = maps.choropleth_deck(values, "city", codes, "事件办结率", _fmt, True)
    spec = _spec(deck)
    feats = _layer(spec, maps.REGION_LAYER)["data"]["features"]
    assert len(feats) == 13
    props = {f["properties"]["code"]: f["properties"] for f in feats}
    assert props["320100"]["name"] == "南京市" and props["320100"]["value_text"] == "90.0%"
    assert props["320100"]["metric"] == "事件办结率"
    assert props["320300"]["value_text"] == "—"
    assert props["320300"]["fill"] == maps.hex_to_rgba(maps.NO_DATA_COLOR, 215)
    breaks, colors = maps.color_scale(values["value"], True)
    for p in props.values():
        assert p["fill"] == maps.value_color(p["value"], breaks, colors)
    assert props["320100"]["fill"][:3] == [198, 40, 40]  # lowest value, higher is better: red
    assert props["321300"]["fill"][:3] == [31, 78, 156]  # highest: deep blue
    labels = _layer(spec, maps.LABEL_LAYER)
    assert {row["name"] for row in labels["data"]} == {c.name for c in CITIES}
    # literal props, not "@@=" JS expressions (pydeck turns bare strings into expressions: deck.gl then fails)
    assert labels["characterSet"] == "auto" and labels["sizeUnits"] == "pixels"
    assert labels["fontFamily"].startswith('"WenQuanYi Zen Hei"')
    assert labels["getText"] == "@@=name" and labels["getPosition"] == "@@=position"
    assert spec["mapStyle"] == maps.BLANK_STYLE == "/app/static/blank_style.json"


def test_city_drilldown_only_its_counties_and_selected_outline():
    values = _values(SUZHOU_COUNTIES)
    deck = maps.choropleth_deck(values, "county", SUZHOU_COUNTIES, "网格覆盖率", _fmt, True, selected="320505")
    spec = _spec(deck)
    feats = _layer(spec, maps.REGION_LAYER)["data"]["features"]
    assert sorted(f["properties"]["code"] for f in feats) == SUZHOU_COUNTIES and len(feats) == 9
    assert all(f["properties"]["parent"] == SUZHOU for f in feats)
    outline = _layer(spec, maps.SELECTED_LAYER)["data"]["features"]
    assert [f["properties"]["code"] for f in outline] == ["320505"]
    view = spec["initialViewState"]
    assert 120.0 < view["longitude"] < 121.5 and 30.7 < view["latitude"] < 32.1 and view["zoom"] > 7


def test_points_layer_and_county_view():
    pts = pd.DataFrame({"lon": [120.5, 120.55, math.nan], "lat": [31.3, 31.35, 31.3], "name": ["甲社区", "乙村", "坏点"],
                        "metric": "网格覆盖率", "value_text": ["100.0%", "96.0%", "—"], "detail": ["a", "b", "c"],
                        "status": ["green", "amber", "red"]})
    deck = maps.choropleth_deck(_values(SUZHOU_COUNTIES), "county", SUZHOU_COUNTIES, "网格覆盖率", _fmt, True,
                                selected="320505", points=pts)
    spec = _spec(deck)
    layer = _layer(spec, maps.POINT_LAYER)
    assert layer["@@type"] == "ScatterplotLayer" and layer["pickable"] is True
    assert [r["name"] for r in layer["data"]] == ["甲社区", "乙村"]  # the point without a position is dropped
    assert layer["data"][0]["position"] == [120.5, 31.3]
    assert layer["data"][1]["color"] == maps.hex_to_rgba(maps.POINT_COLORS["amber"], 235)
    region = {f["properties"]["code"]: f["properties"] for f in _layer(spec, maps.REGION_LAYER)["data"]["features"]}
    assert region["320505"]["fill"][3] == 90 and region["320506"]["fill"][3] == 215  # selected county faded
    assert spec["initialViewState"]["zoom"] >= 9  # the view fits the selected county


def test_no_external_map_provider_anywhere():
    codes = [c.code for c in counties()]
    for deck in (
        maps.choropleth_deck(_values(codes), "county", codes, "x", _fmt, True),
        maps.choropleth_deck(_values([c.code for c in CITIES]), "city", None, "x", _fmt, False),
        maps.choropleth_deck(_values(SUZHOU_COUNTIES), "county", SUZHOU_COUNTIES, "x", _fmt, True, selected="320505",
                             points=pd.DataFrame({"lon": [120.5], "lat": [31.3], "name": ["p"]})),
    ):
        text = deck.to_json()
        low = text.lower()
        assert "mapbox" not in low and "carto" not in low
        assert "mapprovider" not in low
        assert json.loads(text)["mapStyle"] == "/app/static/blank_style.json"
        assert "http://" not in low and "https://" not in low


def test_tooltip_reads_feature_properties():
    deck = maps.choropleth_deck(_values(SUZHOU_COUNTIES), "county", SUZHOU_COUNTIES, "x", _fmt, True)
    html = deck._tooltip["html"]
    for field in ("{name}", "{metric}", "{value_text}", "{detail}"):
        assert field in html


@pytest.mark.parametrize("event, expected", [
    (None, None),
    ({"selection": {"indices": {}, "objects": {}}}, None),
    ({"selection": {"objects": {"regions": [{"type": "Feature", "properties": {"code": "320505"}}]}}}, "320505"),
    ({"selection": {"objects": {"regions": [{"code": "320100"}]}}}, "320100"),
    ({"selection": {"objects": {"points": [{"name": "x"}]}}}, None),  # a community point is not a region
])
def test_selected_code(event, expected):
    assert maps.selected_code(event) == expected
