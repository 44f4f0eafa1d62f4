"""The figure of the paths to agreement on one issue: each party's accepted range, the
meeting point(s) and an arrow for each party's required move. Pure builder (frame
in, figure out), no streamlit import; colours and symbols from
:mod:`components.figure_style`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from components.figure_style import (
    MARKER_EDGE,
    NEUTRAL,
    base_layout,
    fast_figure,
    isna,
    scale_axis,
    scatter,
    stance_symbol,
    stance_text,
    title_top,
)
from components.range_figures import (
    INFERRED_SUFFIX,
    is_inferred,
    readings_of,
    rejects_of,
    ruled_out,
)
from components.whatif_style import hatched_range, is_hypothetical, row_label

MEETING_FILL = "rgba(107, 114, 128, 0.14)"
"""The band of tied meeting points: neutral grey, labelled in text."""
MEETING_LINE = NEUTRAL
RED_LINE_MARK = "#D55E00"
"""Okabe–Ito vermilion for a red-line crossing; always named in text as well."""


def _steps(n: int) -> str:
    return f"{n} step{'s' if n != 1 else ''}"


def paths_figure(
    parties: pd.DataFrame,
    scale_labels: Sequence[str],
    *,
    meeting_points: Sequence[int] = (),
    point: int | None = None,
    title: str | None = None,
    colours: Mapping[str, str] | None = None,
) -> go.Figure:
    """Each party's range on one issue's scale, the meeting points and the moves.

    ``parties`` is :func:`negotiation.paths.issue_paths`' ``parties`` frame (columns
    party, label, placed, split, lo, hi, stance, hypothetical, move_from, move_to,
    steps, weight, priority, defaulted, red_line, red_line_members). One trace per
    placed party (named by its label); a hypothetical range is hatched and labelled
    "(what-if)"; a split camp is drawn from its lowest to its highest member end with
    a dotted line. ``meeting_points`` (all ties) are a shaded band, ``point`` (the
    representative one) a vertical line labelled "meeting point". Each party that
    must move gets an arrow from its range's nearest end to the point, labelled with
    its steps; an arrow that crosses a red line is labelled "crosses a red line".
    How sure (optional columns, as in :func:`components.range_figures.range_figure`):
    an inferred range is dashed and labelled "(inferred)", a ruled-out part is
    cross-hatched and labelled "ruled out", a contested party says how many readings
    it has where it is not placed.
    """
    colours = dict(colours or {})
    traces: list[dict[str, Any]] = []
    shapes: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    labels = [
        row_label(r) + (INFERRED_SUFFIX if is_inferred(r) else "")
        for r in parties.itertuples(index=False)
    ]
    for row, label in zip(parties.itertuples(index=False), labels, strict=True):
        _add_party(traces, row, label, scale_labels, colours)
    if meeting_points:
        shapes, notes = _mark_meeting(meeting_points, point, scale_labels)
    for row, label in zip(parties.itertuples(index=False), labels, strict=True):
        notes += _move(row, label, colours)
    axes = {
        "xaxis": scale_axis(scale_labels),
        "yaxis": {
            "categoryorder": "array",
            "categoryarray": list(reversed(labels)),
            "automargin": True,
            "showgrid": False,
        },
    }
    fig = fast_figure(traces, shapes=shapes, annotations=notes, layout=axes)
    base_layout(fig, title=title, height=170 + 52 * max(len(labels), 1))
    fig.update_layout(
        showlegend=False, margin={"t": title_top(title) + 24, "b": 10}, barmode="overlay"
    )
    return fig


def _add_party(
    traces: list[dict[str, Any]],
    row,
    label: str,
    scale_labels: Sequence[str],
    colours: Mapping[str, str],
) -> None:  # type: ignore[no-untyped-def]
    colour = colours.get(str(row.party), NEUTRAL)
    stance = None if isna(getattr(row, "stance", None)) else str(row.stance)
    rejects = rejects_of(row)
    if rejects is not None:
        traces += ruled_out(y=label, lo=rejects[0], hi=rejects[1], colour=colour, name=label)
    if not bool(row.placed) or isna(row.lo) or isna(row.hi):
        if rejects is not None:
            return
        n = len(readings_of(row))
        traces.append(
            scatter(
                x=[(len(scale_labels) - 1) / 2],
                y=[label],
                mode="text",
                text=[f"not placed: contested ({n} readings)" if n else "not placed"],
                name=label,
                showlegend=False,
                hoverinfo="skip",
                meta={"party": str(row.party), "placed": False},
            )
        )
        return
    lo, hi = int(row.lo), int(row.hi)
    split = bool(row.split)
    left, right = min(lo, hi), max(lo, hi)
    hypothetical = is_hypothetical(row)
    rng = scale_labels[lo] if lo == hi else f"{scale_labels[left]} – {scale_labels[right]}"
    hover = f"<b>{label}</b><br>accepts: {rng}"
    if split:
        hover = f"<b>{label}</b><br>split: its members' ranges do not meet"
    if stance:
        hover += f"<br>stance: {stance_text(stance)}"
    hover += f"<br>weight {int(row.weight)} ({row.priority}"
    hover += ", defaulted)" if bool(row.defaulted) else ")"
    if hypothetical:
        hover += "<br>hypothetical range (what-if), not sourced"
        traces.append(hatched_range(y=label, lo=left, hi=right, colour=colour, name=label))
    dotted = hypothetical or split
    inferred = is_inferred(row)
    if inferred:
        hover += "<br>inferred (the curator's reading of indirect evidence)"
    traces.append(
        scatter(
            x=[left, right] if left != right else [left - 0.08, right + 0.08],
            y=[label, label],
            mode="lines+markers",
            line={"color": colour, "width": 3 if dotted else 10}
            | ({"dash": "dot"} if dotted else {"dash": "dash"} if inferred else {}),
            marker={
                "color": colour,
                "size": 14,
                "symbol": stance_symbol(stance),
                "line": {"color": MARKER_EDGE, "width": 1},
            },
            name=label,
            hovertemplate=hover + "<extra></extra>",
            meta={"party": str(row.party), "placed": True, "hypothetical": hypothetical},
        )
    )


def _mark_meeting(
    points: Sequence[int], point: int | None, scale_labels: Sequence[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The band of tied meeting points, the point's line and label: (shapes, annotations)."""
    lo, hi = min(points), max(points)
    shapes = [
        dict(
            type="rect",
            x0=lo - 0.3,
            x1=hi + 0.3,
            y0=0,
            y1=1,
            yref="paper",
            fillcolor=MEETING_FILL,
            line={"color": MEETING_LINE, "width": 1, "dash": "dot"},
            layer="below",
            name="meeting points",
        )
    ]
    if point is not None:
        shapes.append(
            dict(
                type="line",
                x0=point,
                x1=point,
                y0=0,
                y1=1,
                yref="paper",
                line={"color": MEETING_LINE, "width": 2},
                layer="below",
                name="meeting point",
            )
        )
    ties = "" if lo == hi else f" (ties: {scale_labels[lo]} – {scale_labels[hi]})"
    note = dict(
        x=point if point is not None else (lo + hi) / 2,
        y=1,
        yref="paper",
        yanchor="bottom",
        text=f"◆ meeting point{ties}",
        showarrow=False,
    )
    return shapes, [note]


def _move(row, label: str, colours: Mapping[str, str]) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """The arrow of a party's required move and its label (annotations; none if it
    need not move)."""
    if isna(row.move_from) or isna(row.move_to) or isna(row.steps) or int(row.steps) == 0:
        return []
    start, end = int(row.move_from), int(row.move_to)
    red = bool(row.red_line)
    colour = RED_LINE_MARK if red else colours.get(str(row.party), NEUTRAL)
    text = _steps(int(row.steps))
    if red:
        text += " ✕ crosses a red line"
    arrow = dict(
        x=end,
        y=label,
        ax=start,
        ay=label,
        xref="x",
        yref="y",
        axref="x",
        ayref="y",
        showarrow=True,
        arrowhead=3,
        arrowsize=1.3,
        arrowwidth=3 if red else 2,
        arrowcolor=colour,
        standoff=4,
        text="",
        name=f"move: {label}",
    )
    steps = dict(
        x=(start + end) / 2,
        y=label,
        yshift=16,
        text=text,
        showarrow=False,
        name=f"steps: {label}",
    )
    return [arrow, steps]
