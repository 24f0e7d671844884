"""Figures built once (``charts.cached_figure`` / ``PrebuiltFigure``): the spec sent is exactly the one the figure
would have given, built once per (builder, arguments, language) and shared, and handed to ``st.plotly_chart``
without another copy."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import plotly.tools
import pytest

from governance import i18n
from governance.app import charts

calls: list[str] = []


def amounts_figure(frame: pd.DataFrame, title: str) -> go.Figure:
    calls.append(title)
    fig = go.Figure(go.Bar(x=frame["county"], y=frame["amount"]))
    fig.update_layout(title=title)
    return fig


cached_amounts = charts.cached_figure(amounts_figure)
FRAME = pd.DataFrame({"county": ["320102", "320104"], "amount": [12_500.0, 48_000.0]})


@pytest.fixture()
def use_lang():
    """Set the language the figures are built in (as a session would); the app's provider comes back after."""
    before = i18n._provider
    yield lambda lang: i18n.set_lang_provider(lambda: lang)
    i18n.set_lang_provider(before)


def test_the_prebuilt_spec_is_the_figure_as_it_would_have_been_sent(use_lang):
    use_lang("zh")
    prebuilt = cached_amounts(FRAME, "预算")
    direct = charts.localise_axes(amounts_figure(FRAME, "预算"), "zh")
    assert json.loads(pio.to_json(prebuilt.to_dict())) == json.loads(pio.to_json(direct.to_dict()))
    # the 万 ticks of localise_axes are in: 12,500 and 48,000 元 read as 万 on the axis
    assert prebuilt.to_dict()["layout"]["yaxis"]["ticktext"][-1].endswith("万")


def test_built_once_per_arguments_and_language(use_lang):
    use_lang("zh")
    calls.clear()
    first = cached_amounts(FRAME, "执行")
    again = cached_amounts(FRAME.copy(), "执行")  # equal content, another object: the same figure
    assert again is first and calls == ["执行"]
    other = cached_amounts(FRAME.assign(amount=[1.0, 2.0]), "执行")
    assert other is not first and calls == ["执行", "执行"]
    use_lang("en")
    english = cached_amounts(FRAME, "执行")
    assert english is not first and calls == ["执行", "执行", "执行"]
    assert english.to_dict()["layout"]["yaxis"]["ticktext"][-1].endswith("K")


def test_streamlit_takes_the_dict_as_it_is(use_lang):
    use_lang("zh")
    prebuilt = cached_amounts(FRAME, "照原样")
    assert plotly.tools.return_figure_from_figure_or_data(prebuilt, validate_figure=True) is prebuilt.to_dict()
