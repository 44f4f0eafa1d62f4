"""Pure Plotly builder of the support chart: the weight behind each scale point of one
issue against the bar the decision rule sets (no streamlit import; frame in, figure
out). Points that carry are shaded and marked ✓ in their text, never by colour alone."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from components.figure_style import (
    FRAMES_BAR,
    GAP_COLOUR,
    GRID,
    OVERLAP_FILL,
    OVERLAP_LINE,
    base_layout,
    fast_figure,
    wrap_label,
)
from negotiation.analysis.decision_words import share_text, weight_text

CARRIES = "✓ carries"


def support_figure(
    labels: Sequence[str],
    support: Sequence[float],
    total: float,
    bar: float,
    *,
    strict: bool,
    winning: Sequence[int],
    title: str | None = None,
) -> go.Figure:
    """Horizontal bars, one per scale point (first point at the top): the weight of the
    counted parties that accept it, out of ``total``; a dashed line at ``bar`` (the
    support a point needs: more than it when ``strict``, else at least it), labelled
    "needed: …" on the side of the line with room. Winning
    points' bars are shaded green with "✓ carries" in their text; the others blue.
    Trace names: 'support' (one bar trace); the bar line is a shape named in
    ``layout.meta.bar``."""
    n = len(labels)
    won = set(winning)
    xmax = max(float(total), float(bar), 1.0) * 1.05
    need = "more than" if strict else "at least"
    texts = []
    for i, value in enumerate(support):
        text = share_text(value, total)
        texts.append(f"{CARRIES} · {text}" if i in won else text)
    fig = fast_figure(
        [
            dict(
                type="bar",
                orientation="h",
                name="support",
                x=[float(v) for v in support],
                y=[wrap_label(str(lab), 28) for lab in labels],
                marker={
                    "color": [
                        OVERLAP_FILL.replace("0.16", "0.55") if i in won else FRAMES_BAR
                        for i in range(n)
                    ],
                    "line": {
                        "color": [OVERLAP_LINE if i in won else FRAMES_BAR for i in range(n)],
                        "width": 2,
                    },
                },
                text=texts,
                textposition="auto",
                hovertemplate="%{y}: %{text}<extra></extra>",
            )
        ],
        shapes=[
            dict(
                type="line",
                xref="x",
                yref="paper",
                x0=float(bar),
                x1=float(bar),
                y0=0,
                y1=1,
                line={"color": GAP_COLOUR, "width": 2, "dash": "dash"},
                layer="below",
            )
        ],
        annotations=[
            dict(
                x=float(bar),
                y=1,
                xref="x",
                yref="paper",
                yanchor="bottom",
                # anchored on the side with room, so the label is never cut off
                xanchor="right" if bar > 0.6 * xmax else "left",
                text=f"needed: {need} {weight_text(bar)}",
                showarrow=False,
            )
        ],
        layout={
            "meta": {"bar": float(bar), "strict": strict, "winning": sorted(won)},
            "xaxis": {
                "title": {
                    "text": f"weight of the parties that accept the point (of {weight_text(total)})"
                },
                "range": [0, xmax],
                "gridcolor": GRID,
            },
            "yaxis": {"autorange": "reversed", "automargin": True},
            "showlegend": False,
        },
    )
    base_layout(fig, title=title, height=110 + 34 * max(n, 1))
    fig.update_layout(margin={"t": 70 if title else 40})
    return fig


def support_alt_text(
    labels: Sequence[str], support: Sequence[float], total: float, bar: float, *, strict: bool
) -> str:
    """The support chart in words: 'No limits 10 of 52 (19 %), …; a point needs at least
    34.68.'"""
    points = "; ".join(
        f"{lab} {share_text(v, total)}" for lab, v in zip(labels, support, strict=True)
    )
    need = "more than" if strict else "at least"
    return f"Weight accepting each point: {points}. A point needs {need} {weight_text(bar)}."
