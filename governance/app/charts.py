"""Chart and KPI-card basics shared by all pages: one plotly template, palettes, RAG colours, KPI cards.

Use ``plotly_chart(fig)`` (or ``st.plotly_chart(fig, theme=None)``): Streamlit's default ``theme="streamlit"``
would replace this template. Figures built with plotly express pick the template up automatically because
importing this module registers it as ``pio.templates.default`` ("governance_white" = plotly_white + governance).
"""

from __future__ import annotations

import functools
import hashlib
import html
import math
import pickle
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
from plotly.basedatatypes import BaseFigure

from governance.core import regions
from governance.i18n import current_lang, normalise_lang, region_name
from governance.i18n.formats import fmt_short, unit_scale

# CJK fonts first that exist on the projector laptops / this server; sans-serif last.
FONT_FAMILY = '"WenQuanYi Zen Hei", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Source Sans", sans-serif'
TEXT_COLOR = "#1a1a1a"
MUTED_COLOR = "#5f6368"
GRID_COLOR = "#e3e6eb"
ACCENT = "#1f4e9c"

# Categorical: deep blue accent first, then well-separated hues that survive a washed-out projector.
CATEGORICAL = [
    "#1f4e9c",  # deep blue
    "#e07b00",  # orange
    "#2a9d8f",  # teal
    "#b23a48",  # crimson
    "#6a4c93",  # purple
    "#8a9a2b",  # olive
    "#4a90d9",  # sky
    "#8c6d46",  # brown
]
# Sequential (light -> deep blue), for choropleths and heat maps.
SEQUENTIAL = ["#eef3fb", "#cddcf0", "#9dbbe3", "#6b97d2", "#3f73bd", "#1f4e9c", "#12336b"]
# Diverging (red -> grey -> blue), for changes around zero.
DIVERGING = ["#b2182b", "#ef8a62", "#fddbc7", "#f0f0f0", "#d1e5f0", "#67a9cf", "#2166ac"]

RAG = {"green": "#2e7d32", "amber": "#e6a100", "red": "#c62828", "none": "#9aa0a6"}
_RAG_ALIASES = {
    "green": "green", "g": "green", "ok": "green", "good": "green", "达标": "green", "绿": "green", "低": "green",
    "amber": "amber", "a": "amber", "yellow": "amber", "warn": "amber", "warning": "amber", "预警": "amber",
    "黄": "amber", "中": "amber",
    "red": "red", "r": "red", "bad": "red", "alert": "red", "未达标": "red", "红": "red", "高": "red",
}

TEMPLATE_NAME = "governance"
TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT_FAMILY, size=16, color=TEXT_COLOR),
        title=dict(font=dict(size=20, color=TEXT_COLOR), x=0, xanchor="left"),
        colorway=CATEGORICAL,
        colorscale=dict(sequential=SEQUENTIAL, diverging=DIVERGING),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="#ffffff",
        margin=dict(l=60, r=24, t=56, b=48),
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=15)),
        legend=dict(font=dict(size=15), orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        xaxis=dict(gridcolor=GRID_COLOR, linecolor="#9aa0a6", tickfont=dict(size=14), title=dict(font=dict(size=15)),
                   zeroline=False, automargin=True),
        yaxis=dict(gridcolor=GRID_COLOR, linecolor="#9aa0a6", tickfont=dict(size=14), title=dict(font=dict(size=15)),
                   zeroline=False, automargin=True),
        separators=".,",
    )
)
pio.templates[TEMPLATE_NAME] = TEMPLATE
# Merged once under its own name: a "plotly_white+governance" default is re-merged by every go.Figure() (≈130 ms
# each on this machine), a single registered name costs <1 ms.
pio.templates[f"{TEMPLATE_NAME}_white"] = pio.templates[f"plotly_white+{TEMPLATE_NAME}"]
pio.templates.default = f"{TEMPLATE_NAME}_white"

PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def plotly_chart(fig: go.Figure, **kwargs: Any):
    """``st.plotly_chart`` with the app template kept (theme=None), a trimmed mode bar and Chinese number formats
    on the axes (``localise_axes``: 万 / 亿, 2026年10月; English K / M). A ``PrebuiltFigure`` (``cached_figure``)
    is already localised and goes out as it is."""
    import streamlit as st

    kwargs.setdefault("theme", None)
    kwargs.setdefault("config", PLOTLY_CONFIG)
    if not isinstance(fig, PrebuiltFigure):
        localise_axes(fig)
    return st.plotly_chart(fig, **kwargs)


# ------------------------------------------------------------------------------------------------ figures built once
class PrebuiltFigure(BaseFigure):
    """A figure localised and turned into its dict once. ``st.plotly_chart`` reads only ``to_dict()`` of a figure
    (then encodes it as JSON): building a figure costs 10–60 ms on this machine (plotly validates every property
    and copies its template) and ``to_dict`` deep-copies it again on every rerun; this hands over the finished dict.
    Made by ``cached_figure`` and shared by every session: read-only."""

    def __init__(self, fig: go.Figure, lang: str | None = None) -> None:  # noqa: D107 - no BaseFigure state needed
        self._spec = localise_axes(fig, lang).to_dict()

    def to_dict(self) -> dict:
        return self._spec


def content_key(*values: Any) -> str:
    """A cache key of ``values`` by content (DataFrames included): md5 of their pickle. Streamlit's own hashing of a
    95 × 55 KPI frame takes ≈60 ms on this machine, its pickle well under 1 ms. Equal content built another way may
    pickle differently (a cache miss, never a wrong hit)."""
    return hashlib.md5(pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


@functools.cache
def _figure_store() -> Callable:
    import streamlit as st

    @st.cache_resource(show_spinner=False, max_entries=512)
    def prebuilt(name: str, lang: str, key: str, _builder: Callable, _args: tuple, _kwargs: dict) -> PrebuiltFigure:
        return PrebuiltFigure(_builder(*_args, **_kwargs), lang)

    return prebuilt


def cached_figure(builder: Callable[..., go.Figure]) -> Callable[..., PrebuiltFigure]:
    """Decorator of a view's figure builder: the figure is built, localised and serialised once per (builder,
    arguments, language) and shared by every session (``st.cache_resource``; arguments keyed by ``content_key``), so
    a rerun or another viewer with the same data gets the finished spec. Only for pure builders whose figure goes
    straight to ``plotly_chart``: the figure may depend on the arguments and the language, nothing else (no widgets,
    no session state), and cannot be changed after."""
    name = f"{builder.__module__}.{builder.__qualname__}"

    @functools.wraps(builder)
    def build(*args: Any, **kwargs: Any) -> PrebuiltFigure:
        return _figure_store()(name, current_lang(), content_key(args, kwargs), builder, args, kwargs)

    return build


def rag_status(status: object) -> str:
    """Normalise a status to 'green' | 'amber' | 'red' | 'none' (accepts G/A/R, 达标/预警/未达标, 低/中/高 risk…)."""
    if status is None:
        return "none"
    return _RAG_ALIASES.get(str(status).strip().lower(), "none")


def rag_color(status: object) -> str:
    """Hex colour for a red/amber/green status (grey when unknown)."""
    return RAG[rag_status(status)]


def kpi_card_html(label: str, value_text: str, change_text: str | None = None, status: object = None,
                  target_text: str | None = None) -> str:
    """HTML of a KPI card (all text escaped). See ``kpi_card``.

    Tests and styles find the parts by data attributes, not by position or inline CSS: the card is
    ``[data-testid="gov-kpi"]`` with ``data-status``; its texts are
    ``[data-part="label"|"value"|"change"|"target"]``."""
    color = rag_color(status)
    parts = [
        f'<div class="gov-kpi" data-testid="gov-kpi" data-status="{rag_status(status)}" style="border-left:6px solid '
        f'{color};background:#ffffff;border-radius:6px;padding:0.7rem 0.9rem 0.6rem 0.9rem;'
        'box-shadow:0 1px 3px rgba(0,0,0,0.12);height:100%;">',
        f'<div data-part="label" style="font-size:1.0rem;color:{MUTED_COLOR};line-height:1.3;">'
        f'{html.escape(label)}</div>',
        f'<div data-part="value" style="font-size:2.1rem;font-weight:700;color:{TEXT_COLOR};line-height:1.25;'
        f'white-space:nowrap;">{html.escape(value_text)}</div>',
    ]
    if change_text:
        parts.append(f'<div data-part="change" style="font-size:1.0rem;color:{TEXT_COLOR};">'
                     f'{html.escape(change_text)}</div>')
    if target_text:
        parts.append(f'<div data-part="target" style="font-size:0.85rem;color:{MUTED_COLOR};">'
                     f'{html.escape(target_text)}</div>')
    parts.append("</div>")
    return "".join(parts)


def kpi_card(label: str, value_text: str, change_text: str | None = None, status: object = None,
             target_text: str | None = None, container: Any = None) -> None:
    """A KPI card: small label, large value, change line, RAG colour bar on the left, target in small text.

    ``status``: 'green' | 'amber' | 'red' (or any alias ``rag_status`` accepts) or None for a neutral bar.
    ``container``: where to draw (a column, ``st.sidebar``…); default the current Streamlit container.
    """
    import streamlit as st

    (container or st).markdown(kpi_card_html(label, value_text, change_text, status, target_text),
                               unsafe_allow_html=True)


# ------------------------------------------------------------------------------------------------ monthly axes
def month_hover(lang: str | None = None) -> str:
    """d3 date format of a month in hover labels: '2025年11月' / 'Nov 2025'."""
    lang = normalise_lang(lang) if lang else current_lang()
    return "%b %Y" if lang == "en" else "%Y年%-m月"


def month_xaxis(n_months: int, lang: str | None = None, narrow: bool = False) -> dict:
    """Layout of a monthly date x axis that stays horizontal: '2025年11月' / 'Nov 2025' ticks, every second month
    beyond 8 months, every third beyond 18; a ``narrow`` chart (a third of the page) gets 3–4 ticks.
    Pass it in the figure's constructor (``layout=dict(xaxis=month_xaxis(...))``): plotly's update methods
    re-validate the whole figure and cost 5–10× more."""
    lang = normalise_lang(lang) if lang else current_lang()
    if narrow:  # about 4 ticks; 3 for the longer Chinese labels ('2026年10月'), which would touch
        dtick = f"M{max(1, -(-n_months // (4 if lang == 'en' else 3)))}"
    else:
        dtick = "M1" if n_months <= 8 else "M2" if n_months <= 18 else "M3"
    return dict(type="date", tickformat="%b %Y" if lang == "en" else "%Y年%-m月", dtick=dtick, tickangle=0,
                hoverformat=month_hover(lang))


def target_line(y: float, text: str) -> tuple[dict, dict]:
    """(shape, annotation) of a dashed horizontal target line across the plot, labelled at the right end."""
    shape = dict(type="line", xref="x domain", x0=0, x1=1, yref="y", y0=y, y1=y,
                 line=dict(dash="dash", color=MUTED_COLOR, width=1.5))
    note = dict(text=text, xref="x domain", x=1, yref="y", y=y, showarrow=False, xanchor="right", yanchor="top",
                font=dict(size=14, color=MUTED_COLOR))
    return shape, note


# ------------------------------------------------------------------------------------------------ colours
def hex_to_rgba(color: str, alpha: int = 255) -> list[int]:
    """'#1f4e9c' -> [31, 78, 156, alpha]: the one colour converter (deck.gl takes the list; ``rgba_css`` the
    plotly form)."""
    c = color.lstrip("#")
    return [int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16), int(alpha)]


def rgba_css(color: str, opacity: float) -> str:
    """'#c62828', 0.35 -> 'rgba(198,40,40,0.35)': a hex colour made transparent for plotly (Sankey links, dimmed
    bars keep their node / RAG colour)."""
    r, g, b, _ = hex_to_rgba(color)
    return f"rgba({r},{g},{b},{opacity})"


# ------------------------------------------------------------------------------------------------ lines, county axes
# more counties than this: dots grouped by city instead of one bar each (the province's 95 counties)
STRIP_THRESHOLD = 30


def nice_step(top: int) -> int:
    """An integer axis step giving about four ticks up to ``top`` (1, 2, 5, 10, 15 …): counts of counties must
    not get fractional ticks."""
    raw = max(1, -(-top // 4))
    return raw if raw <= 2 else 5 * -(-raw // 5)


def hline(fig: go.Figure, y: float, color: str, text: str = "", dash: str = "dash", width: float = 2,
          side: str = "left") -> None:
    """A horizontal reference line across the plot with an optional label (``fig.add_hline`` costs ≈6 ms a line
    in plotly 7; a layout shape and annotation cost almost nothing). ``side``: 'left' / 'right' inside the plot,
    'outside' in the right margin (leave room with margin r), for charts whose dots fill the plot."""
    fig.add_shape(type="line", xref="paper", x0=0, x1=1, yref="y", y0=y, y1=y,
                  line=dict(color=color, dash=dash, width=width), layer="above")
    if text:
        if side == "outside":
            fig.add_annotation(xref="paper", x=1.01, xanchor="left", yref="y", y=y, yanchor="middle", text=text,
                               showarrow=False, font=dict(size=14, color=color))
        else:
            fig.add_annotation(xref="paper", x=0 if side == "left" else 1, xanchor=side, yref="y", y=y,
                               yanchor="bottom", text=text, showarrow=False, bgcolor="rgba(255,255,255,0.8)",
                               font=dict(size=14))


def strip_by_city(codes: Sequence, values: Sequence[float], colors: Sequence[str], hover: Sequence[str],
                  label_codes: Iterable[str] = (), names: Sequence[str] | None = None) -> go.Figure:
    """Counties as dots grouped by city (one column per city, spread by value): 95 counties stay readable where
    95 bars would not. ``label_codes`` get their name written next to the dot."""
    codes = [str(c) for c in codes]
    city = [regions.city_of(c) for c in codes]
    order = sorted(set(city))
    col = {c: i for i, c in enumerate(order)}
    members: dict[str, list[int]] = {}
    for i, c in enumerate(city):
        members.setdefault(c, []).append(i)
    x = [0.0] * len(codes)
    for c, idx in members.items():
        idx.sort(key=lambda i: values[i])
        step = min(0.12, 0.7 / max(len(idx), 1))
        for j, i in enumerate(idx):
            x[i] = col[c] + (j - (len(idx) - 1) / 2) * step
    labels = set(label_codes)
    text = [(names[i] if names is not None and codes[i] in labels else "") for i in range(len(codes))]
    # named dots: alternate the side of the label so neighbours don't overwrite each other
    side, k = [], 0
    for tx in text:
        side.append("middle left" if tx and k % 2 else "middle right")
        k += 1 if tx else 0
    fig = go.Figure(go.Scatter(
        x=x, y=list(values), mode="markers+text", text=text, textposition=side, textfont=dict(size=12),
        marker=dict(color=list(colors), size=12, line=dict(width=1, color="#ffffff")),
        customdata=list(hover), hovertemplate="%{customdata}<extra></extra>",
    ))
    fig.update_xaxes(tickmode="array", tickvals=list(range(len(order))), ticktext=[region_name(c) for c in order],
                     range=[-0.6, len(order) - 0.4], showgrid=False)
    return fig


def county_bars_or_strip(codes, values, tick_names: Iterable, colors, hover, label_codes: Iterable[str] = (),
                         names: Sequence[str] | None = None) -> go.Figure:
    """One bar per county, or ``strip_by_city`` above ``STRIP_THRESHOLD`` counties. Bars sit on codes (two
    counties are called 鼓楼区) with the names as tick labels."""
    if len(codes) > STRIP_THRESHOLD:
        return strip_by_city(codes, list(values), colors, hover, label_codes=label_codes, names=names)
    fig = go.Figure(go.Bar(x=codes, y=values, marker_color=colors, customdata=hover,
                           hovertemplate="%{customdata}<extra></extra>"))
    fig.update_xaxes(type="category", tickmode="array", tickvals=list(codes), ticktext=list(tick_names),
                     tickangle=-45 if len(codes) > 8 else 0)
    return fig


# ------------------------------------------------------------------------------------------------ number axes
def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About ``n`` round tick values (steps of 1, 2, 2.5 or 5 × 10^k) covering [lo, hi]."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return []
    if hi < lo:
        lo, hi = hi, lo
    if hi == lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / max(1, n)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw * (1 - 1e-9))
    first = math.floor(lo / step + 1e-9) * step
    ticks, k = [], 0
    while first + k * step <= hi + step * 1e-9:
        ticks.append(round(first + k * step, 10))
        k += 1
    if ticks and ticks[-1] < hi - step * 1e-9:
        ticks.append(round(first + k * step, 10))
    return ticks


def number_axis(values: Any, lang: str | None = None, include_zero: bool = True) -> dict:
    """Tick values and texts of a numeric axis in 万 / 亿 (Chinese) or K / M (English) — Plotly's own SI ticks
    ('30M', '1.5k') read wrong to a Chinese reader. ``values``: the numbers plotted on the axis (or its range)."""
    vals = [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)
            and math.isfinite(float(v))]
    if not vals:
        return {}
    lo, hi = min(vals), max(vals)
    if include_zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    ticks = nice_ticks(lo, hi)
    if len(ticks) < 2:
        return {}
    scale = unit_scale(max(abs(ticks[0]), abs(ticks[-1])), lang)
    step = (ticks[1] - ticks[0]) / scale[0]
    digits = next((d for d in range(4) if abs(round(step, d) - step) < 1e-9), 3)
    return dict(tickmode="array", tickvals=ticks, ticktext=[fmt_short(v, lang, digits=digits, scale=scale) for v in ticks])


def _axis_numbers(fig: go.Figure) -> dict[str, list[float]]:
    """Numbers each x/y axis of ``fig`` carries (stacked bars summed per category)."""
    stacked = getattr(fig.layout, "barmode", None) in ("stack", "relative")
    out: dict[str, list[float]] = {}
    stacks: dict[tuple[str, object], float] = {}
    for tr in fig.data:
        if tr.type not in ("bar", "scatter", "scattergl"):
            continue
        horizontal = getattr(tr, "orientation", None) == "h"
        axis = ("xaxis" + (tr.xaxis or "x")[1:]) if horizontal else ("yaxis" + (tr.yaxis or "y")[1:])
        values = tr.x if horizontal else tr.y
        cats = tr.y if horizontal else tr.x
        if values is None:
            continue
        nums = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if tr.type == "bar" and stacked and cats is not None:
            for c, v in zip(cats, values):
                if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
                    key = (axis, c, v >= 0)
                    stacks[key] = stacks.get(key, 0.0) + float(v)
        out.setdefault(axis, []).extend(nums)
    for (axis, _, _), total in stacks.items():
        out.setdefault(axis, []).append(total)
    return out


def localise_axes(fig: go.Figure, lang: str | None = None) -> go.Figure:
    """Chinese number formats on a figure's axes, in place: numeric axes that Plotly would label with SI
    suffixes get 万 / 亿 (English K / M) ticks; monthly date axes without a format read '2026年10月'.
    Axes with their own format (ticksuffix '%', tickformat, tickvals, dtick, log/category type) are left alone."""
    lang = normalise_lang(lang) if lang else current_lang()
    for axis, nums in _axis_numbers(fig).items():
        ax = fig.layout[axis] if axis in fig.layout else None
        if ax is None or ax.tickformat or ax.ticksuffix or ax.tickvals is not None or ax.ticktext is not None \
                or ax.dtick is not None or ax.type in ("log", "category", "date", "multicategory") \
                or ax.showticklabels is False or ax.tickmode == "array":
            continue
        finite = [v for v in nums if math.isfinite(v)]
        if ax.range is not None and all(isinstance(r, (int, float)) for r in ax.range):
            finite = list(ax.range)
        if not finite or max(abs(v) for v in finite) < 1000:
            continue  # plain numbers below 1,000 need no unit
        spec = number_axis(finite, lang, include_zero=ax.range is None and min(finite) >= 0)
        if spec:
            ax.update(spec)
    if lang != "en":  # months on date axes: '2026年10月', not plotly's 'Oct 2026' or '2026-10'
        for key in _date_axes(fig):
            ax = fig.layout[key]
            if ax.tickformat in (None, "", "%Y-%m", "%b %Y") and ax.tickvals is None:
                ax.update(tickformat="%Y年%-m月", hoverformat=ax.hoverformat or "%Y年%-m月")
    return fig


def _looks_like_dates(values: Any) -> bool:
    import datetime as dt

    import numpy as np

    if values is None or len(values) == 0:
        return False
    first = values[0]
    if isinstance(first, (dt.date, np.datetime64)) or getattr(values, "dtype", None) is not None and \
            np.issubdtype(values.dtype, np.datetime64):
        return True
    return isinstance(first, str) and len(first) >= 7 and first[4] == "-" and first[:4].isdigit()


def _date_axes(fig: go.Figure) -> list[str]:
    """Layout keys of the x axes that carry dates (declared type 'date', or date values in a trace)."""
    keys = {k for k, v in fig.layout.to_plotly_json().items() if k.startswith("xaxis") and v.get("type") == "date"}
    for tr in fig.data:
        if getattr(tr, "orientation", None) != "h" and _looks_like_dates(getattr(tr, "x", None)):
            key = "xaxis" + ((getattr(tr, "xaxis", None) or "x")[1:])
            if fig.layout[key].type in (None, "-", "date"):
                keys.add(key)
    return sorted(keys)
