"""Chart and KPI-card basics shared by all pages: one plotly template, palettes, RAG colours, KPI cards.

Use ``plotly_chart(fig)`` (or ``st.plotly_chart(fig, theme=None)``): Streamlit's default ``theme="streamlit"``
would replace this template. Figures built with plotly express pick the template up automatically because
importing this module registers it as ``pio.templates.default`` ("governance_white" = plotly_white + governance).
"""

from __future__ import annotations

import html
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

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


def apply_template(fig: go.Figure) -> go.Figure:
    """Apply the app template to a figure built elsewhere (returns the same figure)."""
    fig.update_layout(template=pio.templates.default)
    return fig


def plotly_chart(fig: go.Figure, **kwargs: Any):
    """``st.plotly_chart`` with the app template kept (theme=None) and a trimmed mode bar."""
    import streamlit as st

    kwargs.setdefault("theme", None)
    kwargs.setdefault("config", PLOTLY_CONFIG)
    return st.plotly_chart(fig, **kwargs)


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
    """HTML of a KPI card (all text escaped). See ``kpi_card``."""
    color = rag_color(status)
    parts = [
        f'<div class="gov-kpi" data-status="{rag_status(status)}" style="border-left:6px solid {color};'
        'background:#ffffff;border-radius:6px;padding:0.7rem 0.9rem 0.6rem 0.9rem;'
        'box-shadow:0 1px 3px rgba(0,0,0,0.12);height:100%;">',
        f'<div style="font-size:1.0rem;color:{MUTED_COLOR};line-height:1.3;">{html.escape(label)}</div>',
        f'<div style="font-size:2.1rem;font-weight:700;color:{TEXT_COLOR};line-height:1.25;'
        f'white-space:nowrap;">{html.escape(value_text)}</div>',
    ]
    if change_text:
        parts.append(f'<div style="font-size:1.0rem;color:{TEXT_COLOR};">{html.escape(change_text)}</div>')
    if target_text:
        parts.append(f'<div style="font-size:0.85rem;color:{MUTED_COLOR};">{html.escape(target_text)}</div>')
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
