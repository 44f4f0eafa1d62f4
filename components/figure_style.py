"""Shared style of the Plotly figures: the Okabe-Ito party palette, theme-safe graphic
colours, stance symbols and glyphs, and the layout helpers every builder uses.

No streamlit import (see :mod:`components.figures`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

OKABE_ITO: tuple[str, ...] = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
)
"""Colour-blind safe palette (Okabe & Ito 2008), assigned by party order."""

NEUTRAL = "#6B7280"
"""Neutral marks (old placements, events): ≥ 3:1 on white and on the dark theme."""
OVERLAP_FILL = "rgba(0, 158, 115, 0.16)"
OVERLAP_LINE = "#009E73"
GAP_COLOUR = NEUTRAL
"""The gap line: a neutral grey dash (≥ 3:1 on both themes), labelled in text; not a
palette colour, which would read as one of the parties."""
GRID = "rgba(128, 128, 128, 0.3)"
"""Grid lines that read on a light and on a dark background."""
EVENT_LINE = "#8B93A1"
MARKER_EDGE = NEUTRAL
FRAMES_BAR = "#0072B2"
"""Bar colour of the frames chart: white labels inside the bars reach 5:1."""
"""Marker outlines: visible on both themes, so a black or yellow marker still shows."""

STANCE_SYMBOLS: dict[str, str] = {
    "demand": "triangle-up",
    "offer": "circle",
    "rejection": "x",
    "red-line": "square",
    "condition": "diamond",
    "proposal": "star",
    "statement": "circle-open",
}
"""Marker symbol per stance, so a stance is legible without colour."""

STANCE_GLYPHS: dict[str, str] = {
    "demand": "▲",
    "offer": "●",
    "rejection": "✕",
    "red-line": "■",
    "condition": "◆",
    "proposal": "★",
    "statement": "○",
}

KIND_SYMBOLS: dict[str, str] = {
    "talks": "circle",
    "issue": "diamond",
    "side": "square",
    "event": "triangle-up",
}

FONT = {"family": "sans-serif", "size": 13}

CHART_TEXT: dict[str, str] = {"light": "#374151", "dark": "#E5E7EB"}
"""Text colour of the charts per theme type. Streamlit's chart theme draws axis
labels in its fixed grey #808495, 3.7:1 on white (below WCAG's 4.5:1), so
:func:`follow_theme` sets these instead (≥ 4.5:1 on both backgrounds of the theme)."""


def party_colours(parties: Sequence[str]) -> dict[str, str]:
    """One Okabe–Ito colour per party reference, in the given (dossier) order."""
    return {ref: OKABE_ITO[n % len(OKABE_ITO)] for n, ref in enumerate(parties)}


def stance_symbol(stance: str | None) -> str:
    return STANCE_SYMBOLS.get(stance or "", "circle")


def stance_text(stance: str | None) -> str:
    """Stance with its glyph, e.g. '▲ demand' (text, not colour)."""
    if not stance:
        return ""
    return f"{STANCE_GLYPHS.get(stance, '•')} {stance}"


def wrap_label(text: str, width: int = 22) -> str:
    """Break a long axis label into lines of about ``width`` characters (Plotly <br>)."""
    words = str(text).split()
    lines: list[str] = []
    line = ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "<br>".join(lines) or str(text)


def isna(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


TITLE_WIDTH = 40
"""Chart titles wrap at about this many characters, so a phone shows all of them."""


def title_top(title: str | None) -> int:
    """Top margin for a (wrapped) title: about 22 px a line."""
    if not title:
        return 20
    return 30 + 22 * wrap_label(title, TITLE_WIDTH).count("<br>") + 20


def base_layout(fig: go.Figure, *, title: str | None, height: int) -> go.Figure:
    fig.update_layout(
        title={"text": wrap_label(title, TITLE_WIDTH), "x": 0, "xanchor": "left"}
        if title
        else None,
        height=height,
        margin={"l": 10, "r": 20, "t": title_top(title), "b": 10},
        font=FONT,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hoverlabel={"align": "left"},
    )
    return fig


def follow_theme(fig: go.Figure, theme_type: str | None) -> go.Figure:
    """Draw every text of ``fig`` in the theme's chart text colour (in place).

    ``theme_type`` is ``"light"`` or ``"dark"`` (``st.context.theme.type``); with
    None (unknown) the figure is left to Streamlit's chart theme. Bar labels drawn
    inside the bars keep Plotly's contrasting colour.
    """
    colour = CHART_TEXT.get(theme_type or "")
    if colour is None:
        return fig
    font = {"color": colour}
    fig.update_layout(
        font=font,
        title_font=font,
        legend={"font": font, "title": {"font": font}},
    )
    fig.update_xaxes(tickfont=font, title_font=font)
    fig.update_yaxes(tickfont=font, title_font=font)
    fig.update_annotations(font=font)
    fig.update_traces(outsidetextfont=font, selector={"type": "bar"})
    return fig


def scale_axis(labels: Sequence[str], width: int = 16) -> dict[str, Any]:
    return {
        "tickmode": "array",
        "tickvals": list(range(len(labels))),
        "ticktext": [wrap_label(label, width) for label in labels],
        "range": [-0.6, len(labels) - 0.4],
        "showgrid": True,
        "gridcolor": GRID,
        "zeroline": False,
        "automargin": True,
    }


# =========================================================================== timeline


def event_lines(fig: go.Figure, days: Sequence[object]) -> None:
    """A dotted vertical line at each day, added in one layout update (add_vline per
    line re-validates every shape so far: quadratic in the number of events)."""
    lines = [
        {
            "type": "line",
            "xref": "x",
            "yref": "y domain",
            "x0": pd.Timestamp(day).timestamp() * 1000,
            "x1": pd.Timestamp(day).timestamp() * 1000,
            "y0": 0,
            "y1": 1,
            "line": {"color": EVENT_LINE, "width": 1, "dash": "dot"},
        }
        for day in days
    ]
    if lines:
        fig.update_layout(shapes=[*fig.layout.shapes, *lines])
