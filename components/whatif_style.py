"""How the figures mark a hypothetical (what-if) range: hatched and outlined, and named
in text, so it differs from a sourced range by pattern, not only by colour. Pure
plotly, no streamlit import."""

from __future__ import annotations

from typing import Any

from components.figure_style import isna

WHATIF_SUFFIX = " (what-if)"
"""Appended to a hypothetical party's row label."""
HATCH = "/"


def is_hypothetical(row: Any) -> bool:
    """A frame row's ``hypothetical`` cell (absent or NA: False)."""
    value = getattr(row, "hypothetical", False)
    return not isna(value) and bool(value)


def row_label(row: Any) -> str:
    """The row's label, with " (what-if)" when its range is hypothetical."""
    label = str(row.label)
    return label + WHATIF_SUFFIX if is_hypothetical(row) else label


def hatched_range(*, y: str, lo: int, hi: int, colour: str, name: str) -> dict[str, Any]:
    """A hatched, outlined band from ``lo`` to ``hi`` on row ``y`` (a hypothetical
    range): a bar trace dict for :func:`components.figure_style.fast_figure`."""
    left, right = lo - 0.2, hi + 0.2
    return dict(
        type="bar",
        y=[y],
        x=[right - left],
        base=[left],
        orientation="h",
        width=0.55,
        marker={
            "color": "rgba(0,0,0,0)",
            "line": {"color": colour, "width": 2},
            "pattern": {"shape": HATCH, "fgcolor": colour, "solidity": 0.35, "size": 8},
        },
        name=f"{name}: hypothetical range",
        showlegend=False,
        hoverinfo="skip",
        meta={"hypothetical": True},
    )
